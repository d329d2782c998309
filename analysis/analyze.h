/*
 * analyze.h - turning the timeline into findings, an attack chain and a
 * narrative (`casetrail analyze`).
 *
 * The analysis reads the evidence tables of the case file (evtx, file,
 * usn, prefetch, script_block, indicator_hit; see doc/schema.md) and
 * writes only its own tables: process, process_record, process_activity,
 * finding, finding_evidence, finding_entity, chain, chain_step, narrative,
 * narrative_evidence (and, with Sigma rules, meta key analysis.sigma). It deletes and recomputes them in one transaction,
 * so running it twice gives the same rows, and running it after more
 * evidence was ingested updates them. Every finding and every narrative
 * sentence cites at least one record.
 *
 * Module layout (analysis/):
 *	analyze.c	driver, SQL helper functions, finding writer
 *	process.c	process model (Sysmon 1/5, Security 4688/4689, Prefetch)
 *	pwsh.c		PowerShell decoding and scoring (pure functions)
 *	detect.c	PowerShell, updater, self-deletion and SQL rule findings
 *	sigma-step.c	Sigma rules (--sigma) as findings
 *	chain.c		attack chain and narrative
 *	rules/NAME.sql	declarative rules, embedded at build time
 *	data/updaters.txt	the updater knowledge file
 */
#ifndef CT_ANALYZE_H
#define CT_ANALYZE_H

#include "compat.h"

#include "casedb.h"
#include "error.h"

struct ct_sigma_set;
struct ct_sigma_report;

struct ct_analyze_stats {
	int64_t processes;
	int64_t inferred_parents;	/* parent links no log records */
	int64_t findings;
	int64_t by_severity[5];		/* info low medium high critical */
	int64_t chains;
	int64_t chain_steps;
	int64_t narrative;
	int64_t knowledge_entries;	/* updater patterns loaded */
	/* The Sigma step (all zero without a rule set). */
	int64_t sigma_records;		/* event-log records scanned */
	int64_t sigma_hits;		/* (record, rule) matches */
	int64_t sigma_rules_fired;
	int64_t sigma_findings;		/* findings written from them */
	int64_t sigma_by_severity[5];	/* of those findings */
	double sigma_seconds;		/* the scan's wall time */
	double seconds;
};

struct ct_analyze_opts {
	/*
	 * The updater knowledge file; NULL means the built-in copy of
	 * analysis/data/updaters.txt (installed as
	 * $(pkgdatadir)/updaters.txt for analysts to copy and edit).
	 */
	const char *knowledge_path;
	/*
	 * Sigma rules to run over the case's event-log records
	 * (analysis/sigma/sigma.h: a compiled set, only read; the caller
	 * loads it, reports what it skipped and frees it after the call).
	 * NULL: no Sigma step, and the analysis is what it is without one.
	 * sigma_report (may be NULL) and sigma_paths (the files and folders
	 * the set was loaded from) are recorded in the case with the run.
	 */
	const struct ct_sigma_set *sigma;
	const struct ct_sigma_report *sigma_report;
	const char *const *sigma_paths;
	size_t nsigma_paths;
	int sigma_threads;		/* scan threads; 0: one per core */
};

/*
 * Analyse the case with default options. Returns CT_OK, or CT_ERR_DB /
 * CT_ERR_IO with err filled; on error nothing of the analysis is changed
 * (the transaction is rolled back). st may be NULL.
 */
enum ct_status ct_analyze(struct ct_case *c, struct ct_analyze_stats *st,
    struct ct_error *err);

/* The same with options (opts may be NULL). */
enum ct_status ct_analyze_with(struct ct_case *c,
    const struct ct_analyze_opts *opts, struct ct_analyze_stats *st,
    struct ct_error *err);

/* Severity names in order, index = rank (0 info .. 4 critical). */
extern const char *const ct_severity_names[5];

/* Rank of a severity name, or -1. */
int ct_severity_rank(const char *s);

#endif
