/*
 * usn.h - the NTFS change journal ($Extend\$UsnJrnl:$J): record decoding,
 * reason flags, and the scanner shared by the image walk and the loose-file
 * parser ct_parser_usnjrnl.
 *
 * Format: Microsoft's USN_RECORD_V2 / USN_RECORD_V3 / USN_RECORD_V4
 * structures (winioctl.h, "Change Journal Records" in the Win32 docs) and
 * libyal's "Windows NT File System (NTFS)" notes on $UsnJrnl. $J is a
 * sparse stream: records are 8-byte aligned, runs of zeros separate them.
 */
#ifndef CT_USN_H
#define CT_USN_H

#include "compat.h"

#include "sink.h"

/* Records longer than this are treated as damage (a name is at most 255 UTF-16 units). */
#define CT_USN_MAX_RECORD	4096
#define CT_USN_V2_MIN		60
#define CT_USN_V3_MIN		76
#define CT_USN_V4_MIN		64

/* One decoded record; name points into the caller's buffer. */
struct ct_usn_rec {
	unsigned major, minor;
	int64_t usn, ts;		/* ts: FILETIME ticks; 0 for V4 */
	int64_t file_inode, file_seq, parent_inode, parent_seq;
	uint32_t reason, source_info, security_id, attributes;
	const uint8_t *name;		/* UTF-16LE, not NUL-terminated */
	size_t name_units;
	size_t length;			/* RecordLength */
};

/*
 * Decode the record at p[0..n). Returns its length (> 0) and fills *r, 0 if
 * the record's length field says it continues past n (read more and try
 * again), or -1 if the bytes are not a valid record (bad length, version,
 * name outside the record).
 */
int64_t ct_usn_decode(const uint8_t *p, size_t n, struct ct_usn_rec *r);

/*
 * Append the reason flags as "FILE_CREATE|CLOSE" (unknown bits as hex) to
 * out, which is reset first. Returns out's string.
 */
struct ct_buf;
const char *ct_usn_reasons(uint32_t reason, struct ct_buf *out);

/*
 * Called for each valid record found by ct_usn_scan; off is the record's
 * byte offset inside $J. Return 0 to go on, non-zero to stop.
 */
typedef int (*ct_usn_emit_fn)(void *arg, const struct ct_usn_rec *r,
    int64_t off);

/*
 * Scan the bytes [start, end) of a $J stream read through read_at, calling
 * emit for every record. Zero padding is skipped; damage (invalid records,
 * a record cut by the end, a read error) becomes one warning per damaged
 * region on b (offsets inside $J) and scanning resynchronises on the next
 * 8-byte boundary. Memory: one window of CT_USN_WINDOW bytes.
 * Returns the number of records emitted.
 */
#define CT_USN_WINDOW	(1u << 20)
uint64_t ct_usn_scan(int64_t (*read_at)(void *, void *, size_t, int64_t),
    void *ctx, int64_t start, int64_t end, struct ct_batch *b,
    ct_usn_emit_fn emit, void *arg);

/*
 * Emit one usn record with its "USN change" event and usn detail row into
 * b. path is the resolved full path or NULL. Returns nothing; text from
 * the record is cleaned by the sink.
 */
void ct_usn_emit_row(struct ct_batch *b, const struct ct_usn_rec *r,
    int64_t off, const char *path);

/*
 * Decode every record in a memory buffer (the fuzz target and the replay
 * test use this): emit rows into b (which may be NULL: then only count).
 * Returns the number of records.
 */
uint64_t ct_usn_scan_buffer(const uint8_t *p, size_t n, struct ct_batch *b);

#endif
