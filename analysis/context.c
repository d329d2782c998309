/*
 * context.c - what every analysis step works with: the statements it runs
 * on the case (plain, or kept for the whole run), errors naming the step,
 * and timing for profiling (see context.h).
 */
#include "compat.h"

#include <time.h>

#include "error.h"
#include "context.h"
#include "sql.h"

static double
now_seconds(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static double
cpu_seconds(void)
{
	struct timespec t;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

void
an_timing(struct an_ctx *x, const char *what)
{
	double t, c;

	if (!x->timing)
		return;
	t = now_seconds();
	c = cpu_seconds();
	ct_eprintf("casetrail: analyze: %7.3f s wall %7.3f s CPU  %s\n",
	    t - x->last, c - x->last_cpu, what);
	x->last = t;
	x->last_cpu = c;
}

enum ct_status
an_exec(struct an_ctx *x, const char *sql, const char *what)
{
	char *msg = NULL;

	if (sqlite3_exec(x->db, sql, NULL, NULL, &msg) != SQLITE_OK) {
		ct_error_set(x->err, CT_ERR_DB, x->c->path, CT_NO_OFFSET,
		    "analysis step '%s' failed: %s", what, msg ? msg : "?");
		sqlite3_free(msg);
		return CT_ERR_DB;
	}
	return CT_OK;
}

enum ct_status
an_exec_steps(struct an_ctx *x, const char *const (*steps)[2], size_t n)
{
	enum ct_status rc;
	size_t i;

	for (i = 0; i < n; i++) {
		if ((rc = an_exec(x, steps[i][1], steps[i][0])))
			return rc;
		an_timing(x, steps[i][0]);
	}
	return CT_OK;
}

enum ct_status
an_prepare(struct an_ctx *x, const char *sql, sqlite3_stmt **st)
{
	return ct_case_prepare(x->c, sql, st, x->err);
}

enum ct_status
an_cached(struct an_ctx *x, const char *sql, sqlite3_stmt **st)
{
	size_t i;
	enum ct_status rc;

	for (i = 0; i < AN_CACHE_SLOTS && x->cache_sql[i]; i++)
		if (x->cache_sql[i] == sql) {
			*st = x->cache_st[i];
			sqlite3_reset(*st);
			sqlite3_clear_bindings(*st);
			return CT_OK;
		}
	if ((rc = an_prepare(x, sql, st)))
		return rc;
	if (i < AN_CACHE_SLOTS) {
		x->cache_sql[i] = sql;
		x->cache_st[i] = *st;
	}
	/* A full cache cannot happen with the call sites we have; if it did, the statement would leak until exit, so say so. */
	else
		return ct_error_set(x->err, CT_ERR_INTERNAL, NULL, CT_NO_OFFSET,
		    "statement cache full");
	return CT_OK;
}

void
an_release(sqlite3_stmt *st)
{
	if (st)
		sqlite3_reset(st);
}

void
an_cache_release(struct an_ctx *x)
{
	size_t i;

	for (i = 0; i < AN_CACHE_SLOTS; i++) {
		sqlite3_finalize(x->cache_st[i]);
		x->cache_st[i] = NULL;
		x->cache_sql[i] = NULL;
	}
}

enum ct_status
an_step_done(struct an_ctx *x, int rc, const char *what)
{
	return ct_sql_step_done(x->c, rc, what, x->err);
}

void
an_timing_start(struct an_ctx *x)
{
	x->timing = getenv("CASETRAIL_ANALYZE_TIMING") != NULL;
	x->last = now_seconds();
	x->last_cpu = cpu_seconds();
}
