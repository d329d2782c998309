/*
 * purge.c - remove a source and what it contributed (see purge.h).
 */
#include "compat.h"

#include "purge.h"
#include "rows.h"

/*
 * The sources to remove, the one named and every source found inside it
 * (parent_id links, at most a few levels: image, volume, file).
 */
static const char create_doomed[] =
    "CREATE TEMP TABLE ct_doomed_source AS WITH RECURSIVE s(id) AS ("
    " SELECT ?1 UNION SELECT source.id FROM source JOIN s"
    "  ON source.parent_id = s.id) SELECT id FROM s";
static const char create_doomed_records[] =
    "CREATE TEMP TABLE ct_doomed_record AS SELECT id FROM record"
    " WHERE source_id IN (SELECT id FROM ct_doomed_source)";

#define DETAIL_DELETE(T, name, COLS) \
	"DELETE FROM " #name " WHERE record_id IN " \
	"(SELECT id FROM ct_doomed_record);"

static const char delete_rows[] =
    "DELETE FROM event WHERE record_id IN (SELECT id FROM ct_doomed_record);"
    "DELETE FROM reg_value WHERE record_id IN"
    " (SELECT id FROM ct_doomed_record);"
    CT_DETAIL_TABLES(DETAIL_DELETE)
    "DELETE FROM indicator_hit WHERE record_id IN"
    " (SELECT id FROM ct_doomed_record);"
    "DELETE FROM record WHERE id IN (SELECT id FROM ct_doomed_record);"
    "DELETE FROM warning WHERE source_id IN (SELECT id FROM ct_doomed_source);"
    "DELETE FROM script_block WHERE source_id IN"
    " (SELECT id FROM ct_doomed_source);"
    "DELETE FROM source WHERE id IN (SELECT id FROM ct_doomed_source);"
    "DROP TABLE ct_doomed_record; DROP TABLE ct_doomed_source;";

#define ANALYSIS_DELETE(name) "DELETE FROM " #name ";"
/* With them the record of the last Sigma run (analysis/sigma-step.c). */
static const char delete_analysis[] = CT_ANALYSIS_TABLES(ANALYSIS_DELETE)
    "DELETE FROM meta WHERE key = 'analysis.sigma';";

int
ct_purge_analysis(sqlite3 *db)
{
	return sqlite3_exec(db, delete_analysis, NULL, NULL, NULL) ==
	    SQLITE_OK ? 0 : -1;
}

int64_t
ct_purge_source(sqlite3 *db, int64_t id)
{
	sqlite3_stmt *st = NULL;
	int64_t n = -1;

	if (sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK)
		return -1;
	if (sqlite3_prepare_v2(db, create_doomed, -1, &st, NULL) != SQLITE_OK)
		goto fail;
	sqlite3_bind_int64(st, 1, id);
	if (sqlite3_step(st) != SQLITE_DONE)
		goto fail;
	sqlite3_finalize(st);
	st = NULL;
	if (sqlite3_exec(db, create_doomed_records, NULL, NULL, NULL) !=
	    SQLITE_OK)
		goto fail;
	if (sqlite3_prepare_v2(db, "SELECT count(*) FROM ct_doomed_record", -1,
	    &st, NULL) != SQLITE_OK || sqlite3_step(st) != SQLITE_ROW)
		goto fail;
	n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	st = NULL;
	if (sqlite3_exec(db, delete_rows, NULL, NULL, NULL) != SQLITE_OK ||
	    ct_purge_analysis(db) != 0 ||
	    sqlite3_exec(db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
		goto fail;
	return n;
fail:
	sqlite3_finalize(st);
	sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
	sqlite3_exec(db, "DROP TABLE IF EXISTS temp.ct_doomed_record;"
	    "DROP TABLE IF EXISTS temp.ct_doomed_source", NULL, NULL, NULL);
	return -1;
}
