/*
 * regfw.h - a streaming writer of Windows NT registry hive files (REGF),
 * after libyal's "Windows NT Registry File (REGF) format" and Maxim
 * Suhanov's "Windows registry file format specification".
 *
 * Keys are given depth first: rf_key_begin() opens a key below the key
 * opened last (the first call opens the root), rf_value() adds a value to
 * the key opened last, rf_key_end() closes it.  A key's cells are written
 * as they come and the file is written hive bin by hive bin, so memory
 * holds only the open keys (their values' and subkeys' offsets and the
 * subkeys' names, for sorting), never the hive: a 100 MB hive is written
 * in a few MB.  The output must therefore be a regular file (finished
 * cells are patched in place with pwrite).
 *
 * What is written: a base block with its XOR-32 checksum and equal
 * primary and secondary sequence numbers (a clean hive), 4 KiB hive bins
 * (larger for a larger cell), key nodes (nk) with FILETIME last-written
 * times, class names, values (vk) with data inline (4 bytes or less), in a
 * cell, or as big data (db, segments of 16,344 bytes, hives 1.4 and
 * later), values lists in insertion order, subkeys lists sorted by
 * upper-cased name as Windows sorts them (lh, lf or li leaves; an index
 * root ri above them when a key has more subkeys than fit one leaf), and
 * security descriptors (sk) in their doubly linked list with reference
 * counts.
 *
 * Errors: every function returns 0 (or an index) on success and -1 on
 * error, with the message in rf_error(); after an error only rf_abort()
 * is useful.
 */
#ifndef REGFW_H
#define REGFW_H

#include <stddef.h>
#include <stdint.h>

enum rf_leaf { RF_LEAF_LH, RF_LEAF_LF, RF_LEAF_LI };

struct rf_opts {
	unsigned minor;		/* hive format 1.minor: 3 (NTUSER, SAM) or 5 */
	enum rf_leaf leaf;	/* kind of subkeys list leaves */
	unsigned max_leaf;	/* subkeys per leaf before an ri is used */
	int64_t written;	/* base block and first hive bin time (FILETIME) */
	int64_t reorganized;	/* Windows 10 "last reorganized" time, or 0 */
	uint32_t sequence;	/* primary = secondary sequence number */
	const char *file_name;	/* base block name field, e.g. "\\SystemRoot\\System32\\Config\\SYSTEM" */
};

#define RF_OPTS_INIT { 5, RF_LEAF_LH, 1012, 0, 0, 1, "" }

/* Value types (winnt.h). Any other 32-bit type can be written too. */
#define RF_REG_NONE		0
#define RF_REG_SZ		1
#define RF_REG_EXPAND_SZ	2
#define RF_REG_BINARY		3
#define RF_REG_DWORD		4
#define RF_REG_DWORD_BIG_ENDIAN	5
#define RF_REG_LINK		6
#define RF_REG_MULTI_SZ		7
#define RF_REG_QWORD		11

struct rf_hive;

/* Create PATH (truncated) and start a hive; NULL with a message in err. */
struct rf_hive *rf_open(const char *path, const struct rf_opts *opts,
    char *err, size_t errlen);

/*
 * Add a self-relative security descriptor (copied); returns its index for
 * rf_key_begin().  Without any, the first key gets rf_default_sd().
 */
int rf_add_sd(struct rf_hive *h, const uint8_t *sd, size_t len);

/*
 * Open a key (UTF-8 name, 1-255 characters, no backslash) below the key
 * opened last, or the root if none is open.  time is its last-written
 * FILETIME; class (may be NULL) its class name; sd an index of
 * rf_add_sd(), or -1 for its parent's descriptor.
 */
int rf_key_begin(struct rf_hive *h, const char *name, int64_t time,
    const char *class_name, int sd);

/* Add a value (UTF-8 name, "" for the default value) to the open key. */
int rf_value(struct rf_hive *h, const char *name, uint32_t type,
    const uint8_t *data, size_t len);

/* Close the key opened last: its subkeys list, values list and node. */
int rf_key_end(struct rf_hive *h);

/* Number of keys open (0 before the root and after it is closed). */
size_t rf_depth(const struct rf_hive *h);

/* Hive bins data written so far, in bytes. */
uint64_t rf_size(const struct rf_hive *h);

/* Close every open key, write the base block, close the file. Frees h. */
int rf_close(struct rf_hive *h);

/* Give up: close and free, leaving whatever was written. */
void rf_abort(struct rf_hive *h);

const char *rf_error(const struct rf_hive *h);

/*
 * The descriptor Windows gives most keys of a machine hive: owner
 * Administrators, group SYSTEM, a DACL granting SYSTEM and Administrators
 * full control, Users read, CREATOR OWNER full control on subkeys.
 * Writes at most cap bytes to buf and returns the length (size needed).
 */
size_t rf_default_sd(uint8_t *buf, size_t cap);

/* XOR-32 checksum of a base block's first 508 bytes, as Windows fixes it up. */
uint32_t rf_header_checksum(const uint8_t *base_block);

#endif
