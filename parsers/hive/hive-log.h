/*
 * hive-log.h - applying a registry hive's transaction logs (.LOG1/.LOG2)
 * to an in-memory copy of the hive, by hand.
 *
 * Format (libyal's "Windows NT Registry File (REGF) format" and Maxim
 * Suhanov's registry format specification): Windows 8.1 and later write
 * "new format" logs. A log starts with a 512-byte copy of the hive's base
 * block (file type 6), followed by log entries from offset 512:
 *
 *	0  "HvLE"            20 dirty page count N
 *	4  entry size        24 hash-1: Marvin32 of bytes 40..size
 *	8  flags             32 hash-2: Marvin32 of bytes 0..32
 *	12 sequence number   40 N x { offset in hive bins data, size }
 *	16 hive bins size       then the N pages' bytes, in that order
 *
 * Entries of both logs are applied in sequence-number order, each one
 * copying its pages over the hive bins data (file offset 4096 + offset)
 * and growing the hive to its hive-bins size. An entry whose signature,
 * bounds or hashes do not check ends what is read of its log: what
 * follows it was never written whole.
 *
 * Old-format logs (Windows XP to 8) hold one recovery each: the base block
 * (file type 1), at 512 "DIRT" and a bitmap of the hive bins data's
 * 512-byte pages (bit i, the low bit first, is page i), then from the next
 * 512-byte boundary one 512-byte page per set bit. The first log written
 * whole (both sequence numbers equal, checksum right) whose last-written
 * time is the hive's is applied: its pages over the hive bins data, its
 * base block as the hive's. A dirty page that starts a hive bin at
 * another offset than its own aborts it, nothing written.
 *
 * Everything here is pure (bytes in, bytes out, warnings through a
 * callback), so it is unit-tested and fuzzed without libregf or SQL.
 */
#ifndef CT_HIVE_LOG_H
#define CT_HIVE_LOG_H

#include <stddef.h>
#include <stdint.h>

#define CT_HIVE_BASE_BLOCK	4096	/* the primary's base block */
#define CT_HIVE_LOG_BASE_BLOCK	512	/* the copy at the start of a log */

/* One transaction log's bytes, as read (never trusted). */
struct ct_hive_log {
	const char *name;	/* for warnings: "UsrClass.dat.LOG1" */
	const uint8_t *data;
	size_t size;
	/* filled by ct_hive_log_apply() */
	unsigned entries;	/* entries applied from this log */
	unsigned pages;		/* dirty pages written from this log */
	uint32_t first_seq, last_seq;	/* of those applied; 0 none */
	int old_format;		/* a DIRT log (applied whole, or not at all) */
};

/* What applying did, for the source note. */
struct ct_hive_log_result {
	unsigned entries;	/* applied, all logs */
	unsigned pages;
	unsigned gaps;		/* breaks in the sequence numbers */
	uint32_t first_seq, last_seq;
};

/* Damage: off is the byte offset in the file named in msg. */
typedef void (*ct_hive_log_warn_fn)(void *arg, int64_t off, const char *msg);

/* Marvin32 (the hash of log entries) with the given 64-bit seed. */
uint64_t ct_marvin32(const uint8_t *p, size_t n, uint64_t seed);

/* The base block's checksum: XOR of its first 127 dwords (0 -> 1, ~0 -> ~1). */
uint32_t ct_hive_base_checksum(const uint8_t *base);

/*
 * Apply the first old-format log that applies, else the new-format
 * entries of logs[0..nlogs), to the hive in *hive
 * (*size bytes, a malloc'd buffer holding at least the base block), in
 * sequence order from the hive's secondary sequence number on. The buffer
 * is reallocated when an entry grows the hive, never past max bytes (an
 * entry asking for more is refused with a warning). Afterwards the base
 * block says the hive is clean at the last applied sequence number, with
 * its checksum recomputed. Gaps between sequence numbers are applied
 * anyway and counted, each with a warning naming it. Returns the number
 * of entries applied.
 */
unsigned ct_hive_log_apply(uint8_t **hive, size_t *size, size_t max,
    struct ct_hive_log *logs, size_t nlogs, struct ct_hive_log_result *res,
    ct_hive_log_warn_fn warn, void *arg);

#endif
