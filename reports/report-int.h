/*
 * report-int.h - what the report writers (html.c, json.c) share with
 * report.c: a buffered output that writes as it goes, the set of records
 * the report cites, and small query helpers. Not a public interface.
 */
#ifndef CT_REPORT_INT_H
#define CT_REPORT_INT_H

#include "compat.h"

#include "buf.h"
#include "casedb.h"
#include "error.h"
#include "sql.h"

/* Buffered output: appends go to b, which is written out past 64 KiB. */
struct rp_out {
	FILE *fp;
	struct ct_buf b;
	int failed;		/* sticky: a write failed */
};

/* Write b out if it holds more than 64 KiB (force: whatever it holds). */
void rp_out_flush(struct rp_out *o, int force);

/*
 * The records a report cites, so that every evidence link points at an
 * entry of the appendix: sorted, without duplicates, at most
 * CT_REPORT_MAX_RECORDS.
 */
struct rp_recset {
	int64_t *ids;
	size_t n, alloc;
	int64_t dropped;	/* cited but over the cap: shown without link */
};

/* Collect the cited records of c (narrative, findings, hits, processes). */
enum ct_status rp_recset_collect(struct ct_case *c, struct rp_recset *rs,
    struct ct_error *err);
int rp_recset_has(const struct rp_recset *rs, int64_t id);
void rp_recset_release(struct rp_recset *rs);

/*
 * The time range the whole-case activity chart covers: the 1 % and 99 %
 * quantiles of the event times (so a file dated 1601 does not squash the
 * chart to one column). Returns 0 when
 * the case has no events. *outside gets the number of events left out.
 */
int rp_chart_range(struct ct_case *c, int64_t *lo, int64_t *hi,
    int64_t *outside, int *failed);

/* A MITRE ATT&CK technique (attack.c). */
struct rp_attack {
	const char *id;		/* "T1059.001" */
	const char *name;	/* "PowerShell" */
	const char *tactic;	/* the first tactic it is listed under */
};

/* The technique with ID id (n bytes, any case), or NULL when unknown. */
const struct rp_attack *rp_attack_find(const char *id, size_t n);

/*
 * A record's name the way its evidence names it, as plain text appended
 * to b (evref.c): "Security.evtx record 17264", "MFT 5312-1", "$J USN
 * 1162608", "CMD.EXE-89305D47.pf". type, locator and source_path come
 * from the record and its source; the caller escapes the result.
 */
void rp_ref_label(struct ct_buf *b, const char *type, const char *locator,
    const char *source_path);

/*
 * The plausible time range of the evidence: times of the zero/1601 epoch,
 * the 1970 Unix epoch, before 1990 or after the report time are junk, and
 * of the rest the earliest 1 % (install and build dates that would
 * stretch the range to years) are left out. Returns 0 when the case
 * has no plausible time; *junk and *outside count the events left out.
 */
int rp_plausible_range(struct ct_case *c, int64_t *lo, int64_t *hi,
    int64_t *junk, int64_t *outside, int *failed);
/*
 * A finding's time in SQL (finding aliased f): its first_ts when that is
 * plausible, else the earliest plausible time of the records it cites, so
 * a finding never leads with 1601 or 1970. Needs rp_bind_plausible().
 */
#define RP_SQL_FINDING_TS \
	"(CASE WHEN f.first_ts BETWEEN :plo AND :phi THEN f.first_ts ELSE " \
	"(SELECT min(e.ts) FROM finding_evidence fe JOIN event e ON " \
	"e.record_id = fe.record_id WHERE fe.finding_id = f.id AND e.ts " \
	"BETWEEN :plo AND :phi) END)"

/* Bind :plo and :phi (the plausible bounds) where st names them. */
void rp_bind_plausible(sqlite3_stmt *st);

/* FILETIME bounds of a plausible time (1990-01-01, report time + 1 day). */
int64_t rp_plausible_min(void);
int64_t rp_plausible_max(void);

/*
 * A recommended next step (next-steps.c). why_sql returns one row:
 * column 0 the finding that motivates it (a negative number: a coverage
 * row, -id), columns 1-3 the facts fmt names as %1-%3; no row, or NULL in
 * column 0 or 1, and the step is not recommended.
 */
struct rp_next_step {
	const char *why_sql;
	const char *fmt;
};
extern const struct rp_next_step rp_next_steps[];
extern const size_t rp_n_next_steps;

/* Wall-clock time of the report, or SOURCE_DATE_EPOCH when set (reproducible builds). */
int64_t rp_report_time(void);

/* Kinds of record details (how a writer shows the value). */
#define RP_D_TEXT	0	/* one line of text */
#define RP_D_INT	1	/* integer */
#define RP_D_TIME	2	/* FILETIME: shown as ISO 8601 UTC */
#define RP_D_PRE	3	/* text that may span lines (scripts, data) */

/* Receives one detail: its label (len bytes) and column col of st. */
typedef void (*rp_detail_fn)(void *ctx, const char *label, size_t len,
    int kind, sqlite3_stmt *st, int col);

/*
 * Hand every known detail of record rid (of record type type: file, evtx,
 * usn, prefetch) to fn, in display order; NULL columns are left out.
 * Unknown types have no details. Returns CT_OK or CT_ERR_DB.
 */
enum ct_status rp_record_details(struct ct_case *c, int64_t rid,
    const char *type, rp_detail_fn fn, void *ctx, struct ct_error *err);

/* Writers, called by ct_report_write with an open output. */
enum ct_status rp_html(struct ct_case *c, struct rp_out *o,
    struct ct_error *err);
enum ct_status rp_json(struct ct_case *c, struct rp_out *o,
    struct ct_error *err);

/* SQL shared by both writers, so the HTML and the JSON tell the same story. */
extern const char rp_sql_sources[];
extern const char rp_sql_narrative[];
extern const char rp_sql_narrative_ev[];
extern const char rp_sql_chains[];
extern const char rp_sql_chain_steps[];
extern const char rp_sql_findings[];
extern const char rp_sql_finding_ev[];
extern const char rp_sql_sigma_rules[];
extern const char rp_sql_sigma_findings[];
extern const char rp_sql_json_items[];
extern const char rp_sql_sigma_run[];
extern const char rp_sql_hits[];
extern const char rp_sql_rejected[];
extern const char rp_sql_context[];
extern const char rp_sql_processes[];
extern const char rp_sql_record[];
extern const char rp_sql_record_events[];
extern const char rp_sql_warnings[];
extern const char rp_sql_coverage[];
extern const char rp_sql_parsers[];
extern const char rp_sql_chart[];

#endif
