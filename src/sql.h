/*
 * sql.h - the small helpers every layer uses on prepared statements of
 * the case file: reading a column with NULL as a value, binding a value
 * with NULL as a value, and finishing a step.
 *
 * NULL conventions are those of the rows the sink writes (rows.h): a text
 * column reads as "" (never a NULL pointer) unless asked otherwise, an
 * integer column as CT_NULL_INT; binding NULL text or CT_NULL_INT binds
 * SQL NULL.
 */
#ifndef CT_SQL_H
#define CT_SQL_H

#include "compat.h"

#include <sqlite3.h>

#include "casedb.h"
#include "error.h"

/* Column text, "" for NULL. Valid until the next step or reset. */
const char *ct_sql_text(sqlite3_stmt *st, int i);
/* The same, with its length in bytes in *len. */
const char *ct_sql_textn(sqlite3_stmt *st, int i, size_t *len);
/* Column text, or NULL for NULL. */
const char *ct_sql_text_or_null(sqlite3_stmt *st, int i);
/* Column integer, CT_NULL_INT for NULL. */
int64_t ct_sql_int(sqlite3_stmt *st, int i);

/* Bind text (copied by SQLite), NULL as SQL NULL. */
void ct_sql_bind_text(sqlite3_stmt *st, int i, const char *s);
/* Bind an integer, CT_NULL_INT as SQL NULL. */
void ct_sql_bind_int(sqlite3_stmt *st, int i, int64_t v);

/*
 * Finish a sqlite3_step() loop on c: rc SQLITE_DONE is CT_OK, anything
 * else CT_ERR_DB with err naming what was being read.
 */
enum ct_status ct_sql_step_done(struct ct_case *c, int rc, const char *what,
    struct ct_error *err);

/*
 * Run a statement that returns no rows (an INSERT or UPDATE with its
 * values bound), then reset it and clear its bindings for the next use.
 * CT_ERR_DB with err naming what on failure.
 */
enum ct_status ct_sql_step_once(struct ct_case *c, sqlite3_stmt *st,
    const char *what, struct ct_error *err);

/*
 * For writers with a sticky failure flag (the reports): prepare sql, or
 * set *failed and return NULL.
 */
sqlite3_stmt *ct_sql_prepare_sticky(struct ct_case *c, const char *sql,
    int *failed);

#endif
