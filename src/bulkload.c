/*
 * bulkload.c - drop and rebuild the evidence tables' indexes around the
 * first ingest into a case (see bulkload.h).
 */
#include "compat.h"

#include "bulkload.h"
#include "schema-sql.h"
#include "timefmt.h"
#include "xalloc.h"

#define DEFERRED_PREFIX "deferred_index."
/* From this size of case on, indexes are sorted on two threads. */
#define BULK_SORT_THREADS_FROM	(64 << 20)

/*
 * The tables the sink fills row by row. Indexes of the other tables
 * (source, warning, indicator...) stay: the ingest itself looks them up.
 */
static const char bulk_indexes_sql[] =
    "SELECT name, sql FROM sqlite_schema WHERE type = 'index' "
    "AND sql IS NOT NULL AND tbl_name IN "
    "('record', 'event', 'file', 'evtx', 'usn', 'prefetch', 'reg_key', "
    "'reg_value', 'artefact') ORDER BY name";

/*
 * The statement that creates index name, IF NOT EXISTS, taken from the
 * schema compiled into casetrail (src/schema.sql), never from the case
 * file: a case file received from elsewhere cannot make casetrail run SQL
 * of its choosing. NULL if the schema has no such index. Caller frees.
 */
static char *
schema_index_sql(const char *name)
{
	char *head = ct_xasprintf("\nCREATE INDEX %s ON ", name);
	const char *p = strstr(ct_schema_sql, head), *end;
	char *sql = NULL;

	if (p != NULL && (end = strchr(p, ';')) != NULL) {
		p += strlen("\nCREATE INDEX ");
		sql = ct_xasprintf("CREATE INDEX IF NOT EXISTS %.*s",
		    (int)(end - p), p);
	}
	free(head);
	return sql;
}

/* A new case: no evidence, nothing a crash could lose. */
int
ct_bulk_case_is_new(struct ct_case *c)
{
	return ct_case_query_int(c, "SELECT NOT EXISTS (SELECT 1 FROM source) "
	    "AND NOT EXISTS (SELECT 1 FROM record)", 0, NULL) != 0;
}

/* Move every bulk index's SQL into meta and drop it, in the open transaction. */
static enum ct_status
defer_indexes(struct ct_case *c, struct ct_error *err)
{
	sqlite3_stmt *list = NULL, *keep = NULL;
	enum ct_status rc;
	char **names = NULL;
	size_t n = 0, i;
	int step;

	if ((rc = ct_case_prepare(c, bulk_indexes_sql, &list, err)) ||
	    (rc = ct_case_prepare(c, "INSERT OR REPLACE INTO meta(key, value) "
	    "VALUES ('" DEFERRED_PREFIX "' || ?1, ?2)", &keep, err)))
		goto out;
	while ((step = sqlite3_step(list)) == SQLITE_ROW) {
		const char *name = (const char *)sqlite3_column_text(list, 0);
		char *ours = schema_index_sql(name);

		/*
		 * Only the schema's own indexes: one somebody added to the
		 * case could not be built again (and its name is not ours to
		 * trust).
		 */
		if (ours == NULL)
			continue;
		free(ours);
		sqlite3_bind_text(keep, 1, name, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(keep, 2, (const char *)sqlite3_column_text(
		    list, 1), -1, SQLITE_TRANSIENT);
		if (sqlite3_step(keep) != SQLITE_DONE) {
			rc = ct_case_db_error(err, c->db, c->path,
			    "cannot record a deferred index");
			goto out;
		}
		sqlite3_reset(keep);
		names = ct_xreallocarray(names, n + 1, sizeof(*names));
		names[n++] = ct_xstrdup(name);
	}
	if (step != SQLITE_DONE) {
		rc = ct_case_db_error(err, c->db, c->path, "cannot list indexes");
		goto out;
	}
	sqlite3_finalize(list);
	list = NULL;
	for (i = 0; i < n && rc == CT_OK; i++) {
		/* a name of our schema; %w quotes it all the same */
		char *sql = sqlite3_mprintf("DROP INDEX \"%w\"", names[i]);

		rc = sql ? ct_case_exec(c, sql, err) : ct_error_set(err,
		    CT_ERR_DB, c->path, CT_NO_OFFSET, "out of memory");
		sqlite3_free(sql);
	}
out:
	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
	sqlite3_finalize(list);
	sqlite3_finalize(keep);
	return rc;
}

/*
 * Leave WAL for a rollback journal (staying in WAL is correct, only
 * slower), and stop waiting for the disk at each commit: the case held
 * nothing before this ingest, so the worst a power cut can do is leave a
 * case to delete and build again from the same evidence. A crash of
 * casetrail itself still rolls back to the last commit.
 */
static void
use_rollback_journal(struct ct_case *c)
{
	/* synchronous first: the switch itself then waits for no disk */
	sqlite3_exec(c->db, "PRAGMA synchronous = OFF; "
	    "PRAGMA journal_mode = TRUNCATE; PRAGMA cache_size = -16384", NULL,
	    NULL, NULL);
}

enum ct_status
ct_bulk_prepare_new(struct ct_case *c, struct ct_error *err)
{
	enum ct_status rc;

	if ((rc = ct_case_begin(c, err)))
		return rc;
	if ((rc = defer_indexes(c, err))) {
		ct_case_rollback(c);
		return rc;
	}
	return ct_case_commit(c, err);
}

enum ct_status
ct_bulk_begin(struct ct_case *c, int *entered, struct ct_error *err)
{
	enum ct_status rc;

	*entered = 0;
	if (!ct_bulk_case_is_new(c))
		return CT_OK;
	/* A case made by this casetrail comes with them deferred already. */
	if (ct_bulk_deferred(c) == 0 && (rc = ct_bulk_prepare_new(c, err)))
		return rc;
	use_rollback_journal(c);
	*entered = 1;
	return CT_OK;
}

int
ct_bulk_deferred(struct ct_case *c)
{
	return (int)ct_case_query_int(c, "SELECT count(*) FROM meta WHERE key "
	    "GLOB '" DEFERRED_PREFIX "*'", 0, NULL);
}

enum ct_status
ct_bulk_end(struct ct_case *c, int progress, struct ct_error *err)
{
	sqlite3_stmt *st = NULL;
	enum ct_status rc;
	int step, n = 0;
	int64_t t0 = ct_time_now(), bytes;

	/* The disk writes the tables while the indexes are sorted. */
	ct_case_start_writeback(c);
	if (ct_bulk_deferred(c) == 0)
		goto wal;
	/*
	 * The sorter of CREATE INDEX may use a second core, and builds
	 * faster with a small page cache. (Measured on the indexes of a
	 * million EVTX records: 2.0 s, against 3.1 s with a 64 MiB cache or
	 * with temp_store = MEMORY, which casedb.c does not use.) Below
	 * BULK_SORT_THREADS_FROM bytes of case, starting the sorter's
	 * threads costs more than they give (a 4 MB case: 5.2 ms of index
	 * building with them, 5.0 ms without, medians of 40 runs).
	 */
	bytes = ct_case_query_int(c, "SELECT page_count * page_size FROM "
	    "pragma_page_count, pragma_page_size", 0, NULL);
	sqlite3_exec(c->db, bytes >= BULK_SORT_THREADS_FROM ?
	    "PRAGMA threads = 2; PRAGMA cache_size = -8192" :
	    "PRAGMA cache_size = -8192", NULL, NULL, NULL);
	if ((rc = ct_case_begin(c, err)))
		return rc;
	if ((rc = ct_case_prepare(c, "SELECT substr(key, length('"
	    DEFERRED_PREFIX "') + 1) FROM meta WHERE key GLOB '"
	    DEFERRED_PREFIX "*' ORDER BY key", &st, err)))
		goto fail;
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		const char *name = (const char *)sqlite3_column_text(st, 0);

		char *sql = schema_index_sql(name);

		if (sql == NULL)
			continue;	/* not ours: dropped from meta below */
		if (progress)
			fprintf(stderr, "\rcasetrail: building index %s\033[K",
			    name);
		rc = ct_case_exec(c, sql, err);
		free(sql);
		if (rc)
			goto fail;
		n++;
	}
	if (step != SQLITE_DONE) {
		rc = ct_case_db_error(err, c->db, c->path, "cannot read meta");
		goto fail;
	}
	sqlite3_finalize(st);
	st = NULL;
	if ((rc = ct_case_exec(c, "DELETE FROM meta WHERE key GLOB '"
	    DEFERRED_PREFIX "*'", err)) || (rc = ct_case_commit(c, err)))
		goto fail;
	sqlite3_exec(c->db, "PRAGMA threads = 0", NULL, NULL, NULL);
	if (progress)
		fprintf(stderr, "\rcasetrail: built %d indexes in %.1f s\033[K\n",
		    n, (double)(ct_time_now() - t0) / 1e7);
wal:
	/*
	 * Back to the durable settings of casedb.c. The switch to WAL is made
	 * while synchronous is still OFF, and the case file is then written
	 * to disk once: one wait for the disk instead of three (journal,
	 * directory, case). Another process reading the case keeps it in its
	 * current mode.
	 */
	sqlite3_exec(c->db, "PRAGMA journal_mode = WAL; "
	    "PRAGMA synchronous = NORMAL; "
	    "PRAGMA cache_size = " CT_CASE_CACHE_SIZE, NULL, NULL, NULL);
	return ct_case_sync(c, err);
fail:
	sqlite3_finalize(st);
	ct_case_rollback(c);
	return rc;
}
