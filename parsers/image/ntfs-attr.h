/*
 * ntfs-attr.h - the content of NTFS attributes, decoded from bytes: the
 * times of $STANDARD_INFORMATION, the parent, times and name of
 * $FILE_NAME, the list of a file's alternate data streams, and the text
 * of a Zone.Identifier stream.
 *
 * Pure functions: they see bytes and lengths only, never libtsk, so the
 * unit test (tests/unit/test-ntfs-attr.c) and the fuzz target
 * (tests/fuzz/fuzz-ntfs-attr.c) call them as the image walk does. Every
 * length is the evidence's: each function checks it before reading.
 *
 * Layouts after libyal's "New Technologies File System (NTFS)" notes:
 * $STANDARD_INFORMATION (type 0x10) holds the created, modified, entry
 * modified and accessed FILETIMEs at offsets 0, 8, 16, 24; $FILE_NAME
 * (0x30) holds the parent reference at 0, the same four times at 8, 16,
 * 24, 32, the name length (UTF-16 units) at 64, the namespace at 65 and
 * the name at 66. They are read raw because libtsk converts times to Unix
 * seconds and loses those before 1970.
 */
#ifndef CT_NTFS_ATTR_H
#define CT_NTFS_ATTR_H

#include "compat.h"

#include "buf.h"

#define CT_NTFS_SI_MIN		32	/* bytes of $SI holding the times */
#define CT_NTFS_FN_MIN		66	/* $FILE_NAME bytes before the name */
#define CT_NTFS_STREAMS_MAX	64	/* streams listed per file */
/* Bytes kept of each Zone.Identifier value. */
#define CT_NTFS_ZONE_FIELD_MAX	4096

/* $FILE_NAME namespaces; every long name also has a DOS one. */
enum ct_ntfs_ns {
	CT_NTFS_NS_POSIX = 0,
	CT_NTFS_NS_WIN32 = 1,
	CT_NTFS_NS_DOS = 2,		/* the 8.3 name */
	CT_NTFS_NS_WIN32_DOS = 3	/* a long name that is also 8.3 */
};

/*
 * The four times of either attribute, FILETIME ticks as stored (0 when
 * unset; values past 2^63 come out negative, as they are on disk).
 */
struct ct_ntfs_times {
	int64_t created, modified, entry_changed, accessed;
};

/*
 * Decode the resident content p[0..n) of a $STANDARD_INFORMATION
 * attribute. Returns 0 and fills *t, or -1 (t untouched) when n is too
 * short to hold the four times.
 */
int ct_ntfs_si_decode(const uint8_t *p, size_t n, struct ct_ntfs_times *t);

/* One decoded $FILE_NAME. */
struct ct_ntfs_fn {
	struct ct_ntfs_times t;
	int64_t parent, parent_seq;	/* the parent directory's MFT entry */
	unsigned ns;			/* enum ct_ntfs_ns (any byte) */
	const uint8_t *name;		/* UTF-16LE inside p, no NUL */
	size_t name_units;
};

/*
 * Decode the resident content p[0..n) of a $FILE_NAME attribute. Returns
 * 0 and fills *fn (fn->name points into p), or -1 (fn untouched) when n
 * is shorter than the fixed part or the name its length field gives runs
 * past n.
 */
int ct_ntfs_fn_decode(const uint8_t *p, size_t n, struct ct_ntfs_fn *fn);

/*
 * Of a file's $FILE_NAME attributes, taken in MFT order, the one to use
 * is the first Win32 or POSIX name, else the first DOS 8.3 one. Returns 1
 * if cand should replace best (best is NULL when none is kept yet).
 * Once best is a long name nothing replaces it: the caller may stop.
 */
int ct_ntfs_fn_prefer(const struct ct_ntfs_fn *best,
    const struct ct_ntfs_fn *cand);

/*
 * The alternate data streams of one file, as the JSON array of the file
 * row's streams column: [{"name":"...","size":N},...], at most
 * CT_NTFS_STREAMS_MAX entries, then {"name":null,"more":N} for the rest.
 * Initialise with ct_ntfs_streams_init, add each $DATA attribute, then
 * ct_ntfs_streams_finish (or ct_ntfs_streams_release to drop it).
 */
struct ct_ntfs_streams {
	struct ct_buf json;
	int named;			/* alternate streams seen */
};

void ct_ntfs_streams_init(struct ct_ntfs_streams *s);

/*
 * Add a $DATA attribute named name (NUL-terminated UTF-8, as libtsk gives
 * it) of size bytes. The default stream (no name, or libtsk's "$Data") is
 * not an alternate stream. Returns 1 if the stream was listed, 0 if it is
 * the default stream or past the cap (counted in "more").
 */
int ct_ntfs_streams_add(struct ct_ntfs_streams *s, const char *name,
    int64_t size);

/*
 * The JSON array (the caller frees it), or NULL when the file has no
 * alternate stream. Releases s.
 */
char *ct_ntfs_streams_finish(struct ct_ntfs_streams *s);
void ct_ntfs_streams_release(struct ct_ntfs_streams *s);

/*
 * What a Zone.Identifier stream says of a download ("[ZoneTransfer]\r\n
 * ZoneId=3\r\nReferrerUrl=...\r\nHostUrl=..."): the zone (0-999, -1 if
 * none) and the URLs (NULL if absent; CR/LF stripped, capped at
 * CT_NTFS_ZONE_FIELD_MAX bytes, evidence text not yet cleaned).
 */
struct ct_ntfs_zone {
	int zone_id;
	char *referrer, *host_url;
};

void ct_ntfs_zone_init(struct ct_ntfs_zone *z);

/*
 * Parse the stream content p[0..n) into z: UTF-16LE text with a BOM is
 * converted first, other text ends at the first NUL. A valid ZoneId line
 * sets zone_id (the last one wins); each URL is taken from its first line
 * and kept if z already has it. Keys match case-insensitively.
 */
void ct_ntfs_zone_parse(struct ct_ntfs_zone *z, const uint8_t *p, size_t n);

void ct_ntfs_zone_release(struct ct_ntfs_zone *z);

#endif
