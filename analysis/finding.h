/*
 * finding.h - the finding writer of the analysis steps.
 *
 * A finding is built in memory (title, description, statement for the
 * narrative, ATT&CK IDs, details JSON, the records it cites and the
 * entities it is about) and written with all of them by
 * an_finding_commit(). A finding that cites no record is not written:
 * every finding of a case rests on evidence.
 */
#ifndef CT_AN_FINDING_H
#define CT_AN_FINDING_H

#include "compat.h"

#include "buf.h"
#include "context.h"

/* Caps on what one finding holds: evidence lists stay bounded. */
#define AN_MAX_EVIDENCE		256
#define AN_MAX_ENTITIES		64
/* Longest text stored in a finding's details (decoded scripts). */
#define AN_MAX_DETAIL_TEXT	(64 * 1024)

/* Severity ranks (names: ct_severity_names in analyze.h). */
enum { SEV_INFO, SEV_LOW, SEV_MEDIUM, SEV_HIGH, SEV_CRITICAL };

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

/* Prepare and finalize the writer's statements (once per analysis). */
enum ct_status an_finding_writer_open(struct an_ctx *x);
void an_finding_writer_close(struct an_ctx *x);

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
void an_finding_release(struct an_finding *f);

#endif
