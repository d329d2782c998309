/* usn.h - collect USN change-journal events and encode them as USN_RECORD_V2/V3 ($J bytes). */
#ifndef MKNTFSIMG_USN_H
#define MKNTFSIMG_USN_H

#include <stddef.h>
#include <stdint.h>

/* USN_REASON_* */
#define USN_DATA_OVERWRITE 0x00000001u
#define USN_DATA_EXTEND 0x00000002u
#define USN_DATA_TRUNCATION 0x00000004u
#define USN_NAMED_DATA_EXTEND 0x00000020u
#define USN_FILE_CREATE 0x00000100u
#define USN_FILE_DELETE 0x00000200u
#define USN_RENAME_OLD_NAME 0x00001000u
#define USN_RENAME_NEW_NAME 0x00002000u
#define USN_BASIC_INFO_CHANGE 0x00008000u
#define USN_STREAM_CHANGE 0x00200000u
#define USN_CLOSE 0x80000000u

struct usn_event {
	int64_t time;        /* FILETIME */
	uint64_t ref;        /* file reference: entry | sequence << 48 */
	uint64_t parent;     /* parent directory's reference */
	uint32_t reason;
	uint32_t attrs;
	char *name;          /* UTF-8 */
	size_t order;        /* insertion order, to keep the sort stable */
	size_t owner;        /* caller's tag (the manifest entry), carried along */
	uint64_t usn;        /* set by usn_encode */
};

struct usn_log {
	struct usn_event *ev;
	size_t n, cap;
};

int usn_add(struct usn_log *log, int64_t time, uint64_t ref, uint64_t parent, uint32_t reason,
	    uint32_t attrs, const char *name, size_t owner);

/* Sort the events by time and encode them. The result holds the bytes of $J from offset
 * first_usn on: records 8-byte aligned, never crossing a 4096-byte page (zero padding, as
 * Windows does). Every v3_every-th record is written as USN_RECORD_V3 (0 = none).
 * Leaves log->ev sorted, each with its usn. Returns 0 on success; *buf is malloc'd. */
int usn_encode(struct usn_log *log, uint64_t first_usn, int v3_every, unsigned char **buf, size_t *len);

/* Fill the 32-byte $Max value. */
void usn_max(unsigned char out[32], uint64_t max_size, uint64_t alloc_delta, uint64_t journal_id,
	     uint64_t lowest_valid_usn);

void usn_free(struct usn_log *log);

#endif
