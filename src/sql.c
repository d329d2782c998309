/*
 * sql.c - column readers, binders and step helpers for the case file's
 * prepared statements (see sql.h).
 */
#include "compat.h"

#include "sql.h"

const char *
ct_sql_text(sqlite3_stmt *st, int i)
{
	const char *s = (const char *)sqlite3_column_text(st, i);

	return s ? s : "";
}

const char *
ct_sql_textn(sqlite3_stmt *st, int i, size_t *len)
{
	const char *s = (const char *)sqlite3_column_text(st, i);

	*len = s ? (size_t)sqlite3_column_bytes(st, i) : 0;
	return s ? s : "";
}

const char *
ct_sql_text_or_null(sqlite3_stmt *st, int i)
{
	return (const char *)sqlite3_column_text(st, i);
}

int64_t
ct_sql_int(sqlite3_stmt *st, int i)
{
	if (sqlite3_column_type(st, i) == SQLITE_NULL)
		return CT_NULL_INT;
	return sqlite3_column_int64(st, i);
}

void
ct_sql_bind_text(sqlite3_stmt *st, int i, const char *s)
{
	if (s)
		sqlite3_bind_text(st, i, s, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(st, i);
}

void
ct_sql_bind_int(sqlite3_stmt *st, int i, int64_t v)
{
	if (v == CT_NULL_INT)
		sqlite3_bind_null(st, i);
	else
		sqlite3_bind_int64(st, i, v);
}

enum ct_status
ct_sql_step_done(struct ct_case *c, int rc, const char *what,
    struct ct_error *err)
{
	if (rc == SQLITE_DONE)
		return CT_OK;
	return ct_case_db_error(err, c->db, c->path, what);
}

enum ct_status
ct_sql_step_once(struct ct_case *c, sqlite3_stmt *st, const char *what,
    struct ct_error *err)
{
	int rc = sqlite3_step(st);
	enum ct_status status = CT_OK;

	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		status = ct_case_db_error(err, c->db, c->path, what);
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	return status;
}

sqlite3_stmt *
ct_sql_prepare_sticky(struct ct_case *c, const char *sql, int *failed)
{
	sqlite3_stmt *st;

	if (sqlite3_prepare_v2(c->db, sql, -1, &st, NULL) != SQLITE_OK) {
		*failed = 1;
		return NULL;
	}
	return st;
}
