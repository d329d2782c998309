/*
 * internal.h - what the analysis modules share (not a public interface).
 *
 * All steps run on the writer's connection inside the one transaction that
 * ct_analyze_with() opens; they read evidence tables with SQL and write
 * findings through struct an_finding, which keeps every finding's
 * evidence and entities together until an_finding_commit().
 */
#ifndef CT_ANALYSIS_INTERNAL_H
#define CT_ANALYSIS_INTERNAL_H

#include "compat.h"

#include <sqlite3.h>

#include "analyze.h"
#include "buf.h"
#include "casedb.h"
#include "error.h"

/* Caps on what one finding holds: evidence lists stay bounded. */
#define AN_MAX_EVIDENCE		256
#define AN_MAX_ENTITIES		64
/* Longest text stored in a finding's details (decoded scripts). */
#define AN_MAX_DETAIL_TEXT	(64 * 1024)

/* Statements an_cached() keeps. */
#define AN_CACHE_SLOTS		32

/* Severity ranks. */
enum { SEV_INFO, SEV_LOW, SEV_MEDIUM, SEV_HIGH, SEV_CRITICAL };

struct an_updater_pattern {
	int is_path;		/* 1: glob on the normalised path; 0: base name */
	int literal;		/* no glob characters: compare with strcmp */
	char *pattern;		/* lower case */
	char *label;		/* "QuillEdit updater" */
};

struct an_ctx {
	struct ct_case *c;
	sqlite3 *db;
	struct ct_error *err;
	struct ct_analyze_stats *st;
	struct an_updater_pattern *upd;
	size_t nupd;
	sqlite3_stmt *ins_finding, *ins_evidence, *ins_entity;
	int timing;		/* CASETRAIL_ANALYZE_TIMING is set */
	const char *cache_sql[AN_CACHE_SLOTS];
	sqlite3_stmt *cache_st[AN_CACHE_SLOTS];
	double last;		/* monotonic seconds of the last an_timing() */
	double last_cpu;	/* process CPU seconds then */
};

struct an_finding {
	const char *rule;
	int severity;
	const char *confidence;		/* low medium high */
	int64_t first_ts, last_ts;	/* CT_NULL_INT (casedb.h) if unknown */
	struct ct_buf title, description, attack, details, statement;
	int64_t ev[AN_MAX_EVIDENCE];
	const char *ev_role[AN_MAX_EVIDENCE];
	size_t nev;
	char *ent_kind[AN_MAX_ENTITIES];
	char *ent_value[AN_MAX_ENTITIES];
	size_t nent;
};

/* Start a finding (all buffers empty, no evidence). */
void an_finding_init(struct an_finding *f, const char *rule, int severity);
/* Cite a record (duplicates and record ids <= 0 are ignored). */
void an_finding_ev(struct an_finding *f, int64_t record_id, const char *role);
/* Name what the finding is about, for the chain (copied). */
void an_finding_ent(struct an_finding *f, const char *kind, const char *value);
void an_finding_ent_int(struct an_finding *f, const char *kind, int64_t v);
/* Widen [first_ts, last_ts] to include ts (CT_NULL_INT is ignored). */
void an_finding_time(struct an_finding *f, int64_t ts);
/*
 * Write the finding and its evidence and entities; frees its buffers.
 * A finding without evidence is dropped (returns CT_OK). Returns the new
 * finding id in *id when id is not NULL.
 */
enum ct_status an_finding_commit(struct an_ctx *x, struct an_finding *f,
    int64_t *id);
/* Free without writing. */
void an_finding_free(struct an_finding *f);

/* Run SQL with no results; on failure fill x->err naming what. */
enum ct_status an_exec(struct an_ctx *x, const char *sql, const char *what);
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
/* Finish a sqlite3_step loop: SQLITE_DONE is CT_OK, anything else an error. */
enum ct_status an_step_done(struct an_ctx *x, int rc, const char *what);

/* Column text or "" (never NULL). */
const char *an_col(sqlite3_stmt *st, int i);
/* Column integer or CT_NULL_INT when NULL. */
int64_t an_col_int(sqlite3_stmt *st, int i);

/*
 * Windows path to the comparable form used for matching: lower case,
 * '/' separators, no drive letter, no \\?\ or \Device\HarddiskVolumeN
 * prefix ("C:\Users\X\a.exe" and "/Users/X/a.exe" both become
 * "/users/x/a.exe"). ASCII case folding only. Appends to out.
 */
void an_normpath(struct ct_buf *out, const char *path);
/* Lower-case base name of a Windows or '/' path, appended to out. */
void an_basename(struct ct_buf *out, const char *path);
/* True if a normalised path lies in a folder any user can write to. */
int an_user_writable(const char *normpath);
/* ASCII case-insensitive substring search; returns the match or NULL. */
const char *an_strcasestr(const char *hay, const char *needle);

/* Register ct_normpath(), ct_basename(), ct_user_writable() on db. */
int an_register_sql_functions(sqlite3 *db);

/* The steps, in the order ct_analyze_with() runs them. */
enum ct_status an_build_processes(struct an_ctx *x);
enum ct_status an_detect_powershell(struct an_ctx *x);
enum ct_status an_detect_updaters(struct an_ctx *x);
enum ct_status an_detect_selfdelete(struct an_ctx *x);
enum ct_status an_run_sql_rules(struct an_ctx *x);
enum ct_status an_build_chains(struct an_ctx *x);

/*
 * Load the updater knowledge file (path NULL: the built-in copy). Lines:
 * "name <file name>  <label>" or "path <glob>  <label>", '#' comments.
 * Malformed lines are an error naming file and line.
 */
enum ct_status an_load_knowledge(struct an_ctx *x, const char *path);
void an_free_knowledge(struct an_ctx *x);
/* The label of a known updater image, or NULL. */
const char *an_known_updater(const struct an_ctx *x, const char *image);

/*
 * With CASETRAIL_ANALYZE_TIMING set in the environment, print the seconds
 * since the previous call and what was done, on stderr (for profiling).
 */
void an_timing(struct an_ctx *x, const char *what);

/* Human time for sentences: "2024-03-13 14:02:15 UTC" (timefmt.h). */
void an_time_words(struct ct_buf *out, int64_t ts);

#endif
