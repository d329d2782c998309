/*
 * html-int.h - what the parts of the HTML report (html.c, verdict.c,
 * drawing.c, story.c) share: the page being written and the helpers that
 * put text on it. Every evidence string reaches the page through
 * rp_esc(), rp_esc_col() or ct_buf_add_html(); raw text is for markup the
 * code itself writes. Not a public interface.
 */
#ifndef CT_HTML_INT_H
#define CT_HTML_INT_H

#include "compat.h"

#include "report-int.h"

/* The page being written. */
struct html {
	struct ct_case *c;
	struct rp_out *o;
	struct ct_buf *b;	/* where text goes (the output, or a label) */
	struct rp_recset rs;	/* records of the evidence appendix */
	sqlite3_stmt *ref;	/* type, locator, source path of a record */
	int failed;		/* a query failed */
};

void rp_raw(struct html *h, const char *s);	/* markup, as is */
void rp_rawf(struct html *h, const char *fmt, ...) CT_PRINTF(2, 3);
/* Evidence text, with visible markers for what cannot be shown as is. */
void rp_esc(struct html *h, const char *s);
/* Column i of st as escaped text, at most CT_REPORT_MAX_TEXT bytes. */
void rp_esc_col(struct html *h, sqlite3_stmt *st, int i, int flags);
/* n bytes of s the same way, cut at CT_REPORT_MAX_TEXT (and saying so). */
void rp_esc_n(struct html *h, const char *s, size_t n, int flags);
/* The last component of a path (either separator). */
void rp_esc_base(struct html *h, const char *path);
void rp_flush(struct html *h);
/* A count in prose, with thousands separators ("45,006"); tables keep digits. */
void rp_num(struct html *h, int64_t v);
void rp_time_text(struct html *h, int64_t ticks);
void rp_time_col(struct html *h, sqlite3_stmt *st, int i);

/*
 * A link to the evidence appendix named the way the evidence names the
 * record ("Security.evtx record 17264", "MFT 5312-1"); the database id is
 * only the link target (and the label when the record is not in the
 * appendix).
 */
void rp_rec_link(struct html *h, int64_t rid);
/* The readable name of record rid (plain text, for ct_buf_add_html). */
int rp_rec_label(struct html *h, int64_t rid, struct ct_buf *out);

const char *rp_sev_class(const char *s);	/* "high", ...; else "info" */
void rp_sev_badge(struct html *h, const char *s);
const char *rp_type_key(const char *t);		/* record type filter key */
void rp_flag_badges(struct html *h, int64_t flags);
sqlite3_stmt *rp_prep(struct html *h, const char *sql);	/* NULL: failed set */
int64_t rp_count(struct html *h, const char *sql);

/* ATT&CK IDs as labels with their names ("T1059.001 PowerShell"). */
void rp_attack_ids(struct html *h, const char *s);

/* Sections written outside html.c. */
void rp_html_title(struct html *h);	/* <title>: host and case (verdict.c) */
/* The printed pages' headers and footers, as CSS (verdict.c). */
void rp_html_print_style(struct html *h, struct ct_buf *css);
void rp_html_case_header(struct html *h);	/* case, evidence, TLP (verdict.c) */
void rp_html_verdict(struct html *h);	/* the first screen (verdict.c) */
void rp_html_chain_svg(struct html *h, int64_t chain_id);  /* drawing.c */
void rp_html_proc_svg(struct html *h);	/* process tree drawing (drawing.c) */
void rp_html_findings(struct html *h);	/* findings.c */
void rp_html_story(struct html *h);	/* one timeline of the story (story.c) */
void rp_html_outliers(struct html *h);	/* junk times, for Methodology (story.c) */

#endif
