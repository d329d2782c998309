/*
 * sigma-scan.h - a compiled Sigma rule set (sigma.h) run over every
 * record of a case file's evtx table.
 *
 * The case is only read: the records are split into ranges of record ids
 * and each thread reads its ranges through a read-only connection of its
 * own, parses the record's data JSON (sigma-json.c), and matches it.
 * Hits are handed to the caller after all threads are done, in record id
 * order and, within a record, in rule load order, so the same case and
 * rules always give the same sequence.
 *
 * A hit names a record (record.id, which findings cite) and a rule; the
 * rule's id, title, author, level, tags, references and false-positive
 * notes are in struct ct_sigma_rule (owned by the set). The Sigma rules'
 * licence (DRL 1.1) asks that the author be shown wherever a match is.
 */
#ifndef CT_SIGMA_SCAN_H
#define CT_SIGMA_SCAN_H

#include "compat.h"

#include "casedb.h"
#include "error.h"
#include "sigma.h"

struct ct_sigma_hit {
	int64_t record_id;
	const struct ct_sigma_rule *rule;
};

struct ct_sigma_scan_opts {
	int threads;		/* 0: one per core (at most 8) */
};

struct ct_sigma_scan_stats {
	uint64_t records;	/* evtx rows read */
	uint64_t bad_data;	/* rows whose data was not a JSON object */
	uint64_t hits;
	unsigned rules_fired;	/* rules with at least one hit */
	unsigned threads;
	double seconds;		/* wall time of the scan */
	struct ct_sigma_match_stats match;	/* summed over threads */
};

/* Called once per hit, on the calling thread; hit is valid during the call. */
typedef void ct_sigma_hit_fn(void *arg, const struct ct_sigma_hit *hit);

/*
 * Match every evtx record of c against a compiled set. c is read through
 * new read-only connections to c->path (c itself is not used for reading
 * and may be the caller's write connection, if its writes are committed).
 * opts and st may be NULL. Returns CT_OK, CT_ERR_USAGE (set not
 * compiled) or CT_ERR_DB with err filled; on error fn has not been called.
 */
enum ct_status ct_sigma_scan(struct ct_case *c, const struct ct_sigma_set *set,
    const struct ct_sigma_scan_opts *opts, ct_sigma_hit_fn *fn, void *arg,
    struct ct_sigma_scan_stats *st, struct ct_error *err);

/*
 * The fields that made a rule match one record (ct_sigma_match_explain()
 * on the record read again), for findings and reports that show a match:
 * a prepared query on c's own connection (the caller's thread, inside its
 * transaction if it has one) and a scratch, made once for many records.
 */
struct ct_sigma_explainer;

/* NULL with err filled (CT_ERR_USAGE: set not compiled; CT_ERR_DB). */
struct ct_sigma_explainer *ct_sigma_explainer_new(struct ct_case *c,
    const struct ct_sigma_set *set, struct ct_error *err);
void ct_sigma_explainer_free(struct ct_sigma_explainer *e);

/*
 * Read evtx record record_id and match rule against it, calling fn per
 * field as ct_sigma_match_explain() does. *matched is 1 if the rule
 * matches (0 also when there is no such record). CT_OK or CT_ERR_DB.
 */
enum ct_status ct_sigma_explain(struct ct_sigma_explainer *e,
    int64_t record_id, const struct ct_sigma_rule *rule,
    ct_sigma_field_fn *fn, void *arg, int *matched, struct ct_error *err);

#endif
