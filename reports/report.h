/*
 * report.h - the case report (HTML, JSON) and the timeline exports (CSV,
 * JSONL, TSK bodyfile, Timesketch JSONL).
 *
 * Reports and exports only read the case file (doc/schema.md); they never
 * change it. Every string they print that came from evidence passes through
 * one escaping function per output syntax: ct_buf_add_html() for HTML,
 * ct_buf_add_json_str() for JSON, and the CSV/bodyfile quoting in export.c.
 * The JSON report is documented in doc/report-json.md.
 */
#ifndef CT_REPORT_H
#define CT_REPORT_H

#include "compat.h"

#include "casedb.h"
#include "error.h"

struct ct_buf;

/* Limits that keep a report of a huge case quick to open. */
/* The JSON report's timeline around each finding (doc/report-json.md). */
#define CT_REPORT_WINDOW_TICKS	(10LL * 60 * 10000000)	/* ± 10 min around a finding */
#define CT_REPORT_WINDOW_ROWS	100	/* timeline rows shown per finding */
#define CT_REPORT_TIMELINE_ROWS	4000	/* timeline rows shown in all */
#define CT_REPORT_MAX_HITS	1000	/* indicator hits listed */
#define CT_REPORT_MAX_WARNINGS	500	/* warnings listed (all are counted) */
#define CT_REPORT_MAX_RECORDS	2500	/* records in the evidence appendix */
#define CT_REPORT_MAX_PROCS	1000	/* processes in the process tree */
#define CT_REPORT_MAX_TEXT	65536	/* bytes of one script or data blob shown */
#define CT_REPORT_CHART_BINS	120	/* columns of the activity chart */
#define CT_REPORT_STORY_MARGIN	(15LL * 60 * 10000000)	/* ticks (15 min) around the chain */
#define CT_REPORT_STORY_ROWS	3000	/* rows of the story timeline */

/*
 * Write the case report of c to out_path, format "html" (one self-contained
 * page) or "json" (doc/report-json.md). The file is written to a temporary
 * name next to out_path and renamed when complete, so a failed run never
 * leaves half a report. Returns CT_OK, CT_ERR_USAGE (unknown format),
 * CT_ERR_IO (cannot write, err names the path) or CT_ERR_DB.
 */
enum ct_status ct_report_write(struct ct_case *c, const char *format,
    const char *out_path, struct ct_error *err);

/* Export formats. */
enum ct_export_format {
	CT_EXPORT_CSV,
	CT_EXPORT_JSONL,
	CT_EXPORT_BODYFILE,
	CT_EXPORT_TIMESKETCH,
};

/* Record types for --type (bit mask); 0 means all. */
#define CT_EXPORT_TYPE_FILE	1
#define CT_EXPORT_TYPE_EVTX	2
#define CT_EXPORT_TYPE_USN	4
#define CT_EXPORT_TYPE_PREFETCH	8
#define CT_EXPORT_TYPE_EVT	16	/* legacy .evt records */
#define CT_EXPORT_TYPE_REGKEY	32	/* registry keys */
#define CT_EXPORT_TYPE_ARTEFACT	64	/* decoded artefacts */
#define CT_EXPORT_TYPE_ALL	127

#define CT_EXPORT_MAX_EVENT_IDS	64

struct ct_export_opts {
	enum ct_export_format format;
	int has_from, has_to;
	int64_t from, to;	/* FILETIME, inclusive; only when has_* */
	unsigned types;		/* CT_EXPORT_TYPE_* mask, 0 = all */
	int n_event_ids;	/* EVTX event-id filter (implies evtx rows only) */
	int event_ids[CT_EXPORT_MAX_EVENT_IDS];
};

/*
 * Parse an export format name ("csv", "jsonl", "bodyfile" or "body",
 * "timesketch"). Returns 0 and sets *f, or -1 if the name is unknown.
 */
int ct_export_format_parse(const char *name, enum ct_export_format *f);

/*
 * Parse a comma-separated --type list ("file,evtx") into a mask. Returns 0,
 * or -1 naming nothing (the caller prints the usage error).
 */
int ct_export_types_parse(const char *list, unsigned *mask);

/*
 * Stream the timeline of c, filtered by o, to out in time order (ts, then
 * event id), one row at a time, so memory stays bounded for any case size.
 * Returns CT_OK, CT_ERR_DB, or CT_ERR_IO when writing out fails.
 */
enum ct_status ct_export_write(struct ct_case *c,
    const struct ct_export_opts *o, FILE *out, struct ct_error *err);

/* Flags of ct_buf_add_html(). */
#define CT_HTML_MARKUP		1	/* markers as <span class="ctl">, not plain text */
#define CT_HTML_MULTILINE	2	/* keep \n, \t and CRLF as \n (text shown in <pre>) */

/*
 * Append evidence text s (n bytes, any bytes at all) as HTML text that is
 * also safe inside a double- or single-quoted attribute value: & < > " '
 * become entities; C0 controls (including newline and tab unless
 * CT_HTML_MULTILINE), DEL and C1 controls show as a visible \xNN marker,
 * invalid UTF-8 bytes as \xNN, and the bidirectional controls (U+061C,
 * U+200E, U+200F, U+202A-202E, U+2066-2069) and U+2028/2029 as \u{NNNN},
 * so a file name can neither run code nor hide or reorder what the reader
 * sees. With CT_HTML_MARKUP the markers are wrapped in <span class="ctl">
 * (text content only, never in an attribute).
 */
void ct_buf_add_html(struct ct_buf *b, const char *s, size_t n, int flags);

#endif
