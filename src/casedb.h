/*
 * casedb.h - opening, creating and upgrading the case file (SQLite).
 *
 * The case file is the only meeting point of the parsers, the analysis and
 * the reports. Its schema lives in schema.sql and is documented in
 * doc/schema.md; PRAGMA user_version holds the schema version and PRAGMA
 * application_id marks the file as casetrail's.
 *
 * Before SQLite touches a file, its header is read with plain read(2): a
 * file that is not a casetrail case (or comes from a newer casetrail) is
 * refused without being opened for writing, so it stays byte-for-byte
 * unchanged.
 *
 * A case of an older schema is upgraded when it is opened, in one
 * transaction: the table of steps in casedb.c adds what each version
 * added (ALTER TABLE ... ADD COLUMN), and the layers that compute those
 * values from the stored rows fill them in (a backfill, see
 * ct_case_set_backfill). Opened for reading, an older case is upgraded
 * first if it can be written, and refused with CT_ERR_OLDER if not.
 */
#ifndef CT_CASEDB_H
#define CT_CASEDB_H

#include "compat.h"

#include <sqlite3.h>

#include "error.h"

#define CT_SCHEMA_VERSION	6	/* doc/schema.md, "Upgrades" */
#define CT_APPLICATION_ID	0x63747231	/* "ctr1" */
/* SQLite's page cache for queries, as PRAGMA cache_size text (KiB if < 0). */
#define CT_CASE_CACHE_SIZE	"-16384"

/* record.flags (doc/schema.md) */
#define CT_REC_DELETED		1	/* from an unallocated MFT entry or inode */
#define CT_REC_RECOVERED	2	/* carved / recovered (e.g. EVTX slack) */
#define CT_REC_DAMAGED		4	/* parsed in part only */
#define CT_REC_CONTENT_RECOVERED 8	/* deleted file whose content was read */

/*
 * An integer column that is NULL when unknown, wherever case-file values
 * travel as int64_t (rows handed to the sink, columns read back).
 */
#define CT_NULL_INT INT64_MIN

enum ct_case_mode {
	CT_CASE_READ,		/* must exist; opened read-only */
	CT_CASE_WRITE,		/* created if missing; upgraded if older */
	CT_CASE_UPDATE,		/* must exist; opened for writing, upgraded if older */
};

struct ct_case_lock;

struct ct_case {
	sqlite3 *db;		/* owned; one thread at a time (see sink.h) */
	char *path;		/* owned copy of the file name */
	int readonly;
	struct ct_case_lock *lock;	/* writers: held until closed (caselock.h) */
};

/*
 * Open (and in CT_CASE_WRITE mode create) the case file at path, upgrading
 * a case of an older schema first. A read-only case file (no write
 * permission bit, or not writable by this process, or in a folder it cannot
 * write) is not upgraded: CT_ERR_OLDER, whose message says what to do. On
 * success *out is the caller's to ct_case_close(). Errors: CT_ERR_NOTCASE,
 * CT_ERR_NEWER, CT_ERR_OLDER, CT_ERR_IO (missing in read mode),
 * CT_ERR_INTERNAL (an upgrade needs a backfill nobody registered) or
 * CT_ERR_DB, with the path in err.
 */
enum ct_status ct_case_open(const char *path, enum ct_case_mode mode,
    struct ct_case **out, struct ct_error *err);

/* Close and free; NULL is allowed. */
void ct_case_close(struct ct_case *c);

/*
 * The backfill of upgrades: fn(c, version, err) fills the values that the
 * upgrade step to schema version added to the rows an older case already
 * holds, computing them from what those rows store (the EVTX parser
 * recomputes the evtx columns from evtx.data: parsers/registry.c,
 * ct_parsers_backfill). It runs inside the upgrade's transaction, after
 * that step's SQL; an error rolls the whole upgrade back. The program
 * sets it once at start, before it opens a case (src/cli/main.c); the core
 * cannot call up into the parsers itself. Without it, an upgrade whose
 * steps need a backfill fails with CT_ERR_INTERNAL and changes nothing.
 */
void ct_case_set_backfill(enum ct_status (*fn)(struct ct_case *c, int version,
    struct ct_error *err));

/*
 * Wait until the case file's content is on disk (fsync), for a writer
 * that ran with synchronous = OFF. CT_ERR_IO if the system cannot.
 */
enum ct_status ct_case_sync(struct ct_case *c, struct ct_error *err);

/*
 * Ask the system to start writing the case file to disk, without waiting
 * (Linux; nothing elsewhere): a later ct_case_sync() then has less to wait
 * for.
 */
void ct_case_start_writeback(struct ct_case *c);

/* Run SQL text with no results (several statements allowed). */
enum ct_status ct_case_exec(struct ct_case *c, const char *sql,
    struct ct_error *err);

/* Set err from the last SQLite failure on db, naming what was attempted. */
enum ct_status ct_case_db_error(struct ct_error *err, sqlite3 *db,
    const char *path, const char *what);

/*
 * Prepare a statement or report the failure in err. *stmt is NULL on
 * failure. The caller finalizes.
 */
enum ct_status ct_case_prepare(struct ct_case *c, const char *sql,
    sqlite3_stmt **stmt, struct ct_error *err);

/*
 * The first column of the first row of a query without parameters, or
 * dflt if it fails or returns no row. A failure also sets *failed when
 * failed is not NULL (the reports' sticky flag).
 */
int64_t ct_case_query_int(struct ct_case *c, const char *sql, int64_t dflt,
    int *failed);

/* Read a meta value into a new string (caller frees), or NULL if absent. */
char *ct_case_meta_get(struct ct_case *c, const char *key);
enum ct_status ct_case_meta_set(struct ct_case *c, const char *key,
    const char *value, struct ct_error *err);

/* Begin / commit a write transaction. */
enum ct_status ct_case_begin(struct ct_case *c, struct ct_error *err);
enum ct_status ct_case_commit(struct ct_case *c, struct ct_error *err);
void ct_case_rollback(struct ct_case *c);

#endif
