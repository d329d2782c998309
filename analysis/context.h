/*
 * context.h - the context every analysis step gets (not a public
 * interface; analyze.h is).
 *
 * All steps run on the case connection inside the one transaction that
 * ct_analyze_with() opens. They read the evidence tables with SQL through
 * the helpers below, which name the step in every error, and write
 * findings through finding.h.
 */
#ifndef CT_AN_CONTEXT_H
#define CT_AN_CONTEXT_H

#include "compat.h"

#include <sqlite3.h>

#include "analyze.h"
#include "casedb.h"
#include "error.h"
#include "knowledge.h"

/* Statements an_cached() keeps. */
#define AN_CACHE_SLOTS		32

struct an_ctx {
	struct ct_case *c;
	sqlite3 *db;
	struct ct_error *err;
	struct ct_analyze_stats *st;
	const struct ct_analyze_opts *opts;	/* never NULL */
	struct an_knowledge know;	/* the updater knowledge file */
	sqlite3_stmt *ins_finding, *ins_evidence, *ins_entity;	/* finding.c */
	int timing;		/* CASETRAIL_ANALYZE_TIMING is set */
	const char *cache_sql[AN_CACHE_SLOTS];
	sqlite3_stmt *cache_st[AN_CACHE_SLOTS];
	double last;		/* monotonic seconds of the last an_timing() */
	double last_cpu;	/* process CPU seconds then */
};

/* Run SQL with no results; on failure fill x->err naming what. */
enum ct_status an_exec(struct an_ctx *x, const char *sql, const char *what);
/*
 * Run n steps { name, SQL } in order with an_exec(), timing each
 * (CASETRAIL_ANALYZE_TIMING); stops at the first failure.
 */
enum ct_status an_exec_steps(struct an_ctx *x, const char *const (*steps)[2],
    size_t n);
/* Prepare sql on the case; the caller finalizes. */
enum ct_status an_prepare(struct an_ctx *x, const char *sql,
    sqlite3_stmt **st);
/*
 * Like an_prepare, but the statement is kept for the whole run, keyed by
 * the address of sql (a string literal at one call site), because the hot
 * per-process queries would otherwise be parsed thousands of times. Give it
 * back with an_release(), never sqlite3_finalize().
 */
enum ct_status an_cached(struct an_ctx *x, const char *sql,
    sqlite3_stmt **st);
void an_release(sqlite3_stmt *st);
/* Finalize the statements an_cached() kept (end of the run). */
void an_cache_release(struct an_ctx *x);
/* Finish a sqlite3_step loop: SQLITE_DONE is CT_OK, anything else an error. */
enum ct_status an_step_done(struct an_ctx *x, int rc, const char *what);

/*
 * With CASETRAIL_ANALYZE_TIMING set in the environment, print the seconds
 * since the previous call and what was done, on stderr (for profiling).
 * an_timing_start() reads the environment and starts the clock.
 */
void an_timing_start(struct an_ctx *x);
void an_timing(struct an_ctx *x, const char *what);

#endif
