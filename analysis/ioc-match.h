/*
 * ioc-match.h - matching the indicators of a case against all its
 * evidence (analysis/ioc-match.c); loading them is parsers/ioc/ioc.h.
 */
#ifndef CT_IOC_MATCH_H
#define CT_IOC_MATCH_H

#include "compat.h"

#include "casedb.h"
#include "error.h"

struct ct_ioc_match_stats {
	unsigned indicators;	/* valid indicators with to_ids matched */
	unsigned indicators_hit;	/* of those, with at least one hit */
	uint64_t hits;		/* indicator_hit rows written */
	uint64_t rows;		/* evidence rows scanned */
	unsigned groups;	/* indicator groups evaluated */
	unsigned groups_matched;	/* groups whose logic holds */
};

/*
 * Recompute indicator_hit: match every valid indicator with to_ids set
 * against all evidence of c (files, event records, script blocks, USN,
 * Prefetch) on jobs threads (0 or less: one per core, at most
 * CT_IOC_MATCH_MAX_THREADS), and evaluate the indicator groups.
 * Idempotent: earlier hits are replaced. Returns CT_OK or CT_ERR_DB. st
 * may be NULL.
 */
enum ct_status ct_ioc_match(struct ct_case *c, int jobs,
    struct ct_ioc_match_stats *st, struct ct_error *err);

/* Most threads matching uses, whatever --jobs says. */
#define CT_IOC_MATCH_MAX_THREADS	8

#endif
