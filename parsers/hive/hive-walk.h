/*
 * hive-walk.h - every key and value of a REGF hive, read through libregf,
 * as rows (a "regkey" record, its reg_key row, an event at its
 * last-written time, its reg_value rows) and as a ct_reg_key_view handed
 * to the artefact decoders (reg-view.h).
 *
 * Keys are visited depth first with an explicit stack, one key's values
 * in memory at a time, so memory does not grow with the hive: a stack of
 * at most CT_HIVE_MAX_DEPTH open keys, and 8 bytes per key for the set of
 * key offsets already seen (a subkey list pointing back at an ancestor or
 * at a key seen elsewhere would make the walk loop or repeat).
 */
#ifndef CT_HIVE_WALK_H
#define CT_HIVE_WALK_H

#include "error.h"
#include "sink.h"

/* Windows refuses keys nested deeper than 512 levels. */
#define CT_HIVE_MAX_DEPTH	512
/* Bytes of one key's values kept for its view; the rest are rows only. */
#define CT_HIVE_VIEW_MAX_BYTES	(64u << 20)

struct ct_hive_info {
	/* in: what the parser knows before opening the file */
	const char *path;	/* for messages */
	const char *type;	/* SYSTEM ... from the name or base block, NULL unknown */
	char user[128];		/* profile user name from the path, "" unknown */
	/* out: what the walk found */
	char hive[16];		/* the type used: SYSTEM ... OTHER */
	char label[160];	/* "NTUSER (alice)" */
	char sid[96];		/* owner SID (UsrClass root name), "" unknown */
	char root_name[256];
	int64_t keys, values;
	int corrupted;		/* libregf flagged the file damaged */
};

/* libregf's version, or NULL when it cannot be loaded. */
const char *ct_hive_libregf_version(void);

/*
 * Open the hive file at regf_path (a host path, or /proc/self/fd/N of a
 * memory file holding it) with libregf and emit every key and value into
 * b. CT_OK when the hive could be opened, even with damage (warnings);
 * an error when it could not be opened at all or the run was cancelled.
 */
enum ct_status ct_hive_walk(const char *regf_path, struct ct_hive_info *hi,
    struct ct_batch *b, struct ct_error *err);

#endif
