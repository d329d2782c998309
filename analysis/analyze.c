/*
 * analyze.c - the analysis driver: one transaction that deletes and
 * recomputes the analysis tables (see analyze.h, doc/schema.md
 * "Analysis") by running the steps of the table below in order.
 *
 * Determinism: every step reads with ORDER BY (time, id) and findings are
 * written in that order, so two runs on the same case give the same rows
 * and the same ids.
 */
#include "compat.h"

#include <time.h>

#include "finding.h"
#include "knowledge.h"
#include "paths.h"
#include "purge.h"
#include "steps.h"

/*
 * The steps, in order: each may read what the ones before it wrote (the
 * detections read the process model; the chain links the findings).
 * Adding one: its file in analysis/, its function in steps.h, a row here,
 * the file in analysis/analysis.am, and tests (doc/architecture.md).
 */
static const struct an_step {
	const char *name;	/* for errors and CASETRAIL_ANALYZE_TIMING */
	enum ct_status (*run)(struct an_ctx *x);
} steps[] = {
	{ "process model", an_build_processes },
	{ "execution artefacts", an_merge_artefact_runs },
	{ "inferred parents", an_infer_parents },
	{ "file lifecycle", an_build_file_lifecycle },
	{ "updaters", an_detect_updaters },
	{ "PowerShell", an_detect_powershell },
	{ "self-deletion", an_detect_selfdelete },
	{ "SQL rules", an_run_sql_rules },
	{ "Sigma rules", an_run_sigma },
	{ "coverage", an_assess_coverage },
	{ "chains and narrative", an_build_chains },
};

enum ct_status
ct_analyze(struct ct_case *c, struct ct_analyze_stats *st,
    struct ct_error *err)
{
	return ct_analyze_with(c, NULL, st, err);
}

/* Run every step inside the open transaction. */
static enum ct_status
run_steps(struct an_ctx *x)
{
	enum ct_status rc;
	size_t i;

	/* What a new analysis replaces: every table the steps write. */
	if (ct_purge_analysis(x->db) != 0)
		return ct_case_db_error(x->err, x->db, x->c->path,
		    "clear previous analysis");
	if ((rc = an_finding_writer_open(x)))
		return rc;
	an_timing_start(x);
	for (i = 0; i < CT_ARRAY_SIZE(steps) && rc == CT_OK; i++) {
		rc = steps[i].run(x);
		an_timing(x, steps[i].name);
	}
	an_finding_writer_close(x);
	an_cache_release(x);
	return rc;
}

enum ct_status
ct_analyze_with(struct ct_case *c, const struct ct_analyze_opts *opts,
    struct ct_analyze_stats *st, struct ct_error *err)
{
	static const struct ct_analyze_opts no_opts;
	struct ct_analyze_stats local;
	struct an_ctx x;
	enum ct_status rc;
	struct timespec t0, t1;

	if (st == NULL)
		st = &local;
	memset(st, 0, sizeof(*st));
	memset(&x, 0, sizeof(x));
	x.c = c;
	x.db = c->db;
	x.err = err;
	x.st = st;
	x.opts = opts ? opts : &no_opts;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	if (c->readonly)
		return ct_error_set(err, CT_ERR_USAGE, c->path, CT_NO_OFFSET,
		    "case file is open read-only");
	if (an_register_sql_functions(c->db) != 0)
		return ct_case_db_error(err, c->db, c->path, "register functions");
	if ((rc = an_knowledge_load(&x.know, opts ? opts->knowledge_path : NULL,
	    err)))
		goto out;
	st->knowledge_entries = (int64_t)x.know.nupd;
	if ((rc = ct_case_begin(c, err)))
		goto out;
	if ((rc = run_steps(&x)) || (rc = ct_case_commit(c, err)))
		ct_case_rollback(c);
out:
	an_knowledge_release(&x.know);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	st->seconds = (double)(t1.tv_sec - t0.tv_sec) +
	    (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
	return rc;
}
