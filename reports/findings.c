/*
 * findings.c - the findings, written for scanning: the ones that matter
 * as cards (most severe first), indicator hits on one file folded into
 * one card whatever the hash type, a "in the threat report" badge on
 * behaviour whose evidence an indicator matched; then what was ruled out
 * (informational and low findings of the same kinds as the attack
 * chain's steps: the benign look-alikes, and why each is benign), and the
 * other routine findings. Repeated routine findings of one kind are one
 * collapsed line ("72 routine findings: Google updater run").
 *
 * Every finding keeps its anchor (finding-<id>), folded or not, so the
 * chain, the chart and the Sigma table link to something.
 */
#include "compat.h"

#include "html-int.h"
#include "report.h"

#define GROUP_MIN	3	/* routine findings of one kind that fold */
#define REASON_MAX	260	/* bytes of a description shown as the reason */

/*
 * rp_sql_findings' columns (0-11) and: 12 the kind (rule, severity and
 * title up to its first parenthesis), 13 the first hash finding on the
 * same file when this is a hash indicator hit (else NULL), 14 whether a
 * chain step has the same rule (for info and low: a ruled-out look-alike),
 * 15 whether its evidence holds an indicator hit, 16 routine (info/low),
 * 17 for an indicator hit, the behaviour finding it is told in (HOST_OF).
 */
/*
 * The behaviour an indicator-hit finding (f) belongs to: the finding
 * above low, not itself a hit, that shares most of its evidence records.
 * The hit is then a line in that finding's card, not a card of its own.
 */
#define HOST_OF \
    "(SELECT g.id FROM finding_evidence ge JOIN finding g ON g.id = " \
    "ge.finding_id WHERE g.rule <> 'ioc-hit' AND g.severity NOT IN ('info', " \
    "'low') AND ge.record_id IN (SELECT record_id FROM finding_evidence " \
    "WHERE finding_id = f.id) GROUP BY g.id ORDER BY count(*) DESC, g.id " \
    "LIMIT 1)"

static const char sql_findings[] =
    "WITH hashfile AS (SELECT f.id AS fid, (SELECT min(fe.record_id) FROM "
    "finding_evidence fe JOIN file fl ON fl.record_id = fe.record_id WHERE "
    "fe.finding_id = f.id) AS rid FROM finding f WHERE f.rule = 'ioc-hit' "
    "AND (f.title LIKE 'Indicator md5 %' OR f.title LIKE 'Indicator sha1 %' "
    "OR f.title LIKE 'Indicator sha256 %' OR f.title LIKE 'Indicator "
    "sha512 %')) "
    "SELECT f.id, f.rule, f.severity, f.confidence, f.first_ts, f.last_ts, "
    "f.title, f.description, f.attack, "
    "CASE WHEN json_valid(f.details) THEN json(f.details) END, "
    "CASE WHEN f.rule LIKE 'sigma:%' AND json_valid(f.details) THEN "
    " json_extract(f.details, '$.author') END, "
    "CASE WHEN f.rule LIKE 'sigma:%' AND json_valid(f.details) THEN "
    " json_extract(f.details, '$.license') END, "
    "f.rule || '|' || f.severity || '|' || CASE WHEN instr(f.title, ' (') "
    " THEN substr(f.title, 1, instr(f.title, ' (') - 1) ELSE f.title END, "
    "(SELECT min(h2.fid) FROM hashfile h1 JOIN hashfile h2 ON h2.rid = "
    " h1.rid WHERE h1.fid = f.id AND h1.rid IS NOT NULL), "
    "f.rule IN (SELECT g.rule FROM chain_step cs JOIN finding g ON g.id = "
    " cs.finding_id), "
    "f.rule <> 'ioc-hit' AND EXISTS (SELECT 1 FROM finding_evidence fe JOIN "
    " indicator_hit ih ON ih.record_id = fe.record_id WHERE fe.finding_id = "
    " f.id), "
    "f.severity IN ('info', 'low'), "
    "CASE WHEN f.rule = 'ioc-hit' THEN " HOST_OF " END "
    "FROM finding f ORDER BY CASE f.severity "
    "WHEN 'critical' THEN 0 WHEN 'high' THEN 1 WHEN 'medium' THEN 2 "
    "WHEN 'low' THEN 3 ELSE 4 END, f.first_ts, f.id";

/*
 * A finding without a time of its own (or with one that cannot be true)
 * takes the earliest plausible time of the records it cites, and says so.
 */
static void
evidence_time(struct html *h, int64_t fid)
{
	sqlite3_stmt *st = rp_prep(h, "SELECT min(e.ts) FROM finding_evidence "
	    "fe JOIN event e ON e.record_id = fe.record_id WHERE fe.finding_id "
	    "= ?1 AND e.ts BETWEEN ?2 AND ?3");

	if (st == NULL)
		return;
	sqlite3_bind_int64(st, 1, fid);
	sqlite3_bind_int64(st, 2, rp_plausible_min());
	sqlite3_bind_int64(st, 3, rp_plausible_max());
	if (sqlite3_step(st) == SQLITE_ROW &&
	    sqlite3_column_type(st, 0) != SQLITE_NULL) {
		rp_time_col(h, st, 0);
		rp_raw(h, " (the time of the record it cites)");
	} else {
		rp_raw(h, "no plausible time in its evidence");
	}
	sqlite3_finalize(st);
}

static void
card(struct html *h, sqlite3_stmt *st, sqlite3_stmt *ev)
{
	int64_t fid = sqlite3_column_int64(st, 0);
	struct ct_buf h_role = CT_BUF_INIT;	/* the role being listed */

	rp_rawf(h, "<div class=\"finding sev-%s\" id=\"finding-%lld\"><h3>",
	    rp_sev_class(ct_sql_text(st, 2)), (long long)fid);
	rp_sev_badge(h, ct_sql_text(st, 2));
	rp_rawf(h, " <span class=\"fid\">F%lld</span> ", (long long)fid);
	rp_esc_col(h, st, 6, CT_HTML_MARKUP);
	if (sqlite3_column_int(st, 15))
		rp_raw(h, " <span class=\"badge tr\">in the threat report"
		    "</span>");
	rp_raw(h, "</h3>\n<p class=\"note\">");
	if (sqlite3_column_type(st, 4) == SQLITE_NULL ||
	    sqlite3_column_int64(st, 4) < rp_plausible_min()) {
		evidence_time(h, fid);
	} else {
		rp_time_col(h, st, 4);
		if (sqlite3_column_type(st, 5) != SQLITE_NULL &&
		    sqlite3_column_int64(st, 5) != sqlite3_column_int64(st, 4)) {
			rp_raw(h, " to ");
			rp_time_col(h, st, 5);
		}
	}
	rp_raw(h, " · rule <code>");
	rp_esc_col(h, st, 1, CT_HTML_MARKUP);
	rp_raw(h, "</code>");
	if (sqlite3_column_type(st, 3) != SQLITE_NULL) {
		rp_raw(h, " · confidence ");
		rp_esc_col(h, st, 3, CT_HTML_MARKUP);
	}
	/* DRL 1.1: the author wherever a match is shown */
	if (sqlite3_column_type(st, 10) != SQLITE_NULL) {
		rp_raw(h, " · Sigma rule by <span class=\"author\">");
		rp_esc_col(h, st, 10, CT_HTML_MARKUP);
		rp_raw(h, "</span>, licence ");
		if (sqlite3_column_type(st, 11) != SQLITE_NULL)
			rp_esc_col(h, st, 11, CT_HTML_MARKUP);
		else
			rp_raw(h, "unknown");
	}
	rp_raw(h, "</p>\n");
	if (sqlite3_column_type(st, 8) != SQLITE_NULL) {
		rp_raw(h, "<p>MITRE ATT&amp;CK: ");
		rp_attack_ids(h, ct_sql_text(st, 8));
		rp_raw(h, "</p>\n");
	}
	rp_raw(h, "<pre class=\"desc\">");
	rp_esc_col(h, st, 7, CT_HTML_MARKUP | CT_HTML_MULTILINE);
	rp_raw(h, "</pre>\n<p class=\"evidence\">Evidence:");
	/* Grouped by role, each role named once: "updater process: a, b". */
	sqlite3_reset(ev);
	sqlite3_bind_int64(ev, 1, fid);
	ct_buf_reset(&h_role);
	{
		int have = 0, first = 1;

		while (sqlite3_step(ev) == SQLITE_ROW) {
			const char *role = ct_sql_text(ev, 1);

			if (first || (have != (sqlite3_column_type(ev, 1) !=
			    SQLITE_NULL)) || strcmp(role, h_role.buf) != 0) {
				rp_raw(h, first ? " " : "; ");
				if (sqlite3_column_type(ev, 1) != SQLITE_NULL) {
					rp_raw(h, "<span class=\"role\">");
					rp_esc_col(h, ev, 1, CT_HTML_MARKUP);
					rp_raw(h, ":</span>");
				}
				have = sqlite3_column_type(ev, 1) != SQLITE_NULL;
				ct_buf_reset(&h_role);
				ct_buf_adds(&h_role, role);
			}
			first = 0;
			rp_rec_link(h, sqlite3_column_int64(ev, 0));
		}
	}
	rp_raw(h, "</p>\n");
	ct_buf_release(&h_role);
}

/*
 * The other hash indicators that matched the same file as finding
 * first: one line each inside its card, each with its own anchor.
 */
static void
folded_hashes(struct html *h, int64_t first)
{
	sqlite3_stmt *st = rp_prep(h, "SELECT q.id, q.title FROM (SELECT f.id, "
	    "f.title, (SELECT min(fe.record_id) FROM finding_evidence fe JOIN "
	    "file fl ON fl.record_id = fe.record_id WHERE fe.finding_id = f.id) "
	    "AS rid FROM finding f WHERE f.rule = 'ioc-hit') q WHERE q.rid = "
	    "(SELECT min(fe.record_id) FROM finding_evidence fe JOIN file fl ON "
	    "fl.record_id = fe.record_id WHERE fe.finding_id = ?1) AND q.id <> "
	    "?1 AND (q.title LIKE 'Indicator md5 %' OR q.title LIKE 'Indicator "
	    "sha1 %' OR q.title LIKE 'Indicator sha256 %' OR q.title LIKE "
	    "'Indicator sha512 %') ORDER BY q.id");
	int any = 0;

	if (st == NULL)
		return;
	sqlite3_bind_int64(st, 1, first);
	while (sqlite3_step(st) == SQLITE_ROW) {
		if (!any)
			rp_raw(h, "<p class=\"folded\">The same file, by its other "
			    "hashes:</p><ul class=\"folded\">");
		any = 1;
		rp_rawf(h, "<li id=\"finding-%lld\"><span class=\"fid\">F%lld"
		    "</span> ", (long long)sqlite3_column_int64(st, 0),
		    (long long)sqlite3_column_int64(st, 0));
		rp_esc_col(h, st, 1, CT_HTML_MARKUP);
		rp_raw(h, "</li>");
	}
	if (any)
		rp_raw(h, "</ul>\n");
	sqlite3_finalize(st);
}

/*
 * The indicator-hit findings told in the card of finding host: one line
 * each (with its anchor), a file's other hashes under the first.
 */
static void
hosted_hits(struct html *h, int64_t host)
{
	sqlite3_stmt *st = rp_prep(h, "WITH hashfile AS (SELECT f.id AS fid, "
	    "(SELECT min(fe.record_id) FROM finding_evidence fe JOIN file fl ON "
	    "fl.record_id = fe.record_id WHERE fe.finding_id = f.id) AS rid "
	    "FROM finding f WHERE f.rule = 'ioc-hit' AND (f.title LIKE "
	    "'Indicator md5 %' OR f.title LIKE 'Indicator sha1 %' OR f.title "
	    "LIKE 'Indicator sha256 %' OR f.title LIKE 'Indicator sha512 %')) "
	    "SELECT f.id, f.title, f.id IN (SELECT fid FROM hashfile) FROM "
	    "finding f WHERE f.rule = 'ioc-hit' AND " HOST_OF " = ?1 AND NOT "
	    "EXISTS (SELECT 1 FROM hashfile h1 JOIN hashfile h2 ON h2.rid = "
	    "h1.rid AND h2.fid < h1.fid WHERE h1.fid = f.id AND h1.rid IS NOT "
	    "NULL) ORDER BY f.id");
	int any = 0;

	if (st == NULL)
		return;
	sqlite3_bind_int64(st, 1, host);
	while (sqlite3_step(st) == SQLITE_ROW) {
		int64_t fid = sqlite3_column_int64(st, 0);

		if (!any)
			rp_raw(h, "<p class=\"folded\"><span class=\"badge tr\">in "
			    "the threat report</span> the evidence above matches "
			    "its indicators:</p><ul class=\"folded\">");
		any = 1;
		rp_rawf(h, "<li id=\"finding-%lld\"><span class=\"fid\">F%lld"
		    "</span> ", (long long)fid, (long long)fid);
		rp_esc_col(h, st, 1, CT_HTML_MARKUP);
		if (sqlite3_column_int(st, 2))
			folded_hashes(h, fid);
		rp_raw(h, "</li>\n");
	}
	if (any)
		rp_raw(h, "</ul>\n");
	sqlite3_finalize(st);
}

/* A description's first sentence or so: why a look-alike is benign. */
static void
reason(struct html *h, sqlite3_stmt *st, int col)
{
	size_t n;
	const char *s = ct_sql_textn(st, col, &n);

	if (n > REASON_MAX) {
		n = REASON_MAX;
		while (n > 0 && ((unsigned char)s[n] & 0xc0) == 0x80)
			n--;
		ct_buf_add_html(h->b, s, n, CT_HTML_MARKUP);
		rp_raw(h, "…");
		return;
	}
	ct_buf_add_html(h->b, s, n, CT_HTML_MARKUP);
}

/* One routine finding as a table row (anchor, time, title, reason). */
static void
brief_row(struct html *h, sqlite3_stmt *st)
{
	int64_t fid = sqlite3_column_int64(st, 0);

	rp_rawf(h, "<tr id=\"finding-%lld\"><td><span class=\"fid\">F%lld</span> ",
	    (long long)fid, (long long)fid);
	rp_sev_badge(h, ct_sql_text(st, 2));
	rp_raw(h, "</td><td class=\"t\">");
	rp_time_col(h, st, 4);
	rp_raw(h, "</td><td>");
	rp_esc_col(h, st, 6, CT_HTML_MARKUP);
	rp_raw(h, "</td><td>");
	reason(h, st, 7);
	rp_raw(h, "</td></tr>\n");
}

static const char brief_head[] =
    "<table class=\"brief\"><colgroup><col class=\"c-f\"><col class=\"c-t\">"
    "<col class=\"c-w\"><col></colgroup><thead><tr><th>finding</th><th>time"
    "</th><th>what</th><th>why it is routine (the analysis' words)</th></tr>"
    "</thead><tbody>\n";

/* Count the routine findings of each kind in one pass over st. */
static int64_t
kind_count(struct html *h, const char *kind)
{
	sqlite3_stmt *st = rp_prep(h, "SELECT count(*) FROM finding f WHERE "
	    "f.rule || '|' || f.severity || '|' || CASE WHEN instr(f.title, "
	    "' (') THEN substr(f.title, 1, instr(f.title, ' (') - 1) ELSE "
	    "f.title END = ?1");
	int64_t n = 0;

	if (st == NULL)
		return 0;
	sqlite3_bind_text(st, 1, kind, -1, SQLITE_TRANSIENT);
	if (sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return n;
}

/*
 * The routine findings of one set (ruled-out look-alikes: want_chain 1;
 * the rest: 0), kinds of GROUP_MIN or more collapsed. Kinds come in the
 * query's order, so one kind's findings are written in one go when its
 * first one comes up.
 */
static int
routine(struct html *h, sqlite3_stmt *st, int want_chain)
{
	sqlite3_stmt *same = rp_prep(h, "SELECT f.id FROM finding f WHERE "
	    "f.rule || '|' || f.severity || '|' || CASE WHEN instr(f.title, "
	    "' (') THEN substr(f.title, 1, instr(f.title, ' (') - 1) ELSE "
	    "f.title END = ?1 ORDER BY f.first_ts, f.id");
	struct ct_buf done = CT_BUF_INIT;	/* "\nkind\n" of kinds written */
	struct ct_buf key = CT_BUF_INIT;
	int singles = 0, any = 0;

	if (same == NULL)
		return 0;
	/* Groups first (collapsed), then the single look-alikes in a table. */
	sqlite3_reset(st);
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *kind = ct_sql_text(st, 12);
		int64_t n;

		if (!sqlite3_column_int(st, 16) || sqlite3_column_int(st, 14) !=
		    want_chain)
			continue;
		any = 1;
		ct_buf_reset(&key);
		ct_buf_addf(&key, "\n%s\n", kind);
		if (strstr(done.buf, key.buf) != NULL)
			continue;
		n = kind_count(h, kind);
		if (n < GROUP_MIN) {
			singles++;
			continue;
		}
		if (done.len == 0)
			ct_buf_addch(&done, '\n');
		ct_buf_adds(&done, key.buf + 1);
		rp_rawf(h, "<details class=\"group\"><summary>%lld routine "
		    "findings: ", (long long)n);
		{
			const char *t = strrchr(kind, '|');

			rp_esc(h, t ? t + 1 : kind);
		}
		rp_raw(h, " — ");
		rp_esc_col(h, st, 2, CT_HTML_MARKUP);
		rp_raw(h, ", baseline</summary>\n");
		rp_raw(h, brief_head);
		/* st is mid-step: rows of this kind are read by their own query */
		sqlite3_reset(same);
		sqlite3_bind_text(same, 1, kind, -1, SQLITE_TRANSIENT);
		while (sqlite3_step(same) == SQLITE_ROW) {
			sqlite3_stmt *one = rp_prep(h, "SELECT id, rule, severity, "
			    "confidence, first_ts, last_ts, title, description "
			    "FROM finding WHERE id = ?");

			if (one == NULL)
				break;
			sqlite3_bind_int64(one, 1, sqlite3_column_int64(same, 0));
			if (sqlite3_step(one) == SQLITE_ROW)
				brief_row(h, one);
			sqlite3_finalize(one);
		}
		rp_raw(h, "</tbody></table></details>\n");
		rp_flush(h);
	}
	if (singles) {
		rp_raw(h, brief_head);
		sqlite3_reset(st);
		while (sqlite3_step(st) == SQLITE_ROW) {
			if (!sqlite3_column_int(st, 16) ||
			    sqlite3_column_int(st, 14) != want_chain ||
			    kind_count(h, ct_sql_text(st, 12)) >= GROUP_MIN)
				continue;
			brief_row(h, st);
		}
		rp_raw(h, "</tbody></table>\n");
	}
	sqlite3_finalize(same);
	ct_buf_release(&done);
	ct_buf_release(&key);
	return any;
}

void
rp_html_findings(struct html *h)
{
	sqlite3_stmt *st = rp_prep(h, sql_findings);
	sqlite3_stmt *ev = rp_prep(h, "SELECT record_id, role FROM "
	    "finding_evidence WHERE finding_id = ? ORDER BY role IS NULL, role, "
	    "record_id");
	int any = 0;

	rp_raw(h, "<section id=\"findings\"><h2>Findings</h2>\n");
	while (st && ev && sqlite3_step(st) == SQLITE_ROW) {
		int64_t fid = sqlite3_column_int64(st, 0);

		if (sqlite3_column_int(st, 16))
			continue;	/* routine: below */
		if (sqlite3_column_type(st, 17) != SQLITE_NULL)
			continue;	/* an indicator hit: in its behaviour's card */
		/* a hash of a file already shown: folded into that card */
		if (sqlite3_column_type(st, 13) != SQLITE_NULL &&
		    sqlite3_column_int64(st, 13) != fid)
			continue;
		any = 1;
		card(h, st, ev);
		if (sqlite3_column_type(st, 13) != SQLITE_NULL)
			folded_hashes(h, fid);
		hosted_hits(h, fid);
		rp_raw(h, "</div>\n");
		rp_flush(h);
	}
	if (!any)
		rp_raw(h, rp_count(h, "SELECT count(*) FROM finding") ?
		    "<p>No findings above low severity.</p>\n" :
		    "<p>No findings.</p>\n");
	rp_raw(h, "<h3 id=\"ruled-out\">Ruled out: look-alikes of the attack's "
	    "steps</h3>\n<p class=\"note\">Informational and low findings of "
	    "the same kinds as the attack chain's steps: activity that looks "
	    "like it at first sight, and what the analysis saw that makes it "
	    "routine.</p>\n");
	if (!(st && ev && routine(h, st, 1)))
		rp_raw(h, "<p>None.</p>\n");
	rp_raw(h, "<h3 id=\"routine\">Other routine findings</h3>\n");
	if (!(st && ev && routine(h, st, 0)))
		rp_raw(h, "<p>None.</p>\n");
	sqlite3_finalize(st);
	sqlite3_finalize(ev);
	rp_raw(h, "</section>\n");
}
