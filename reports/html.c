/*
 * html.c - the HTML case report: one self-contained page (inline CSS, JS
 * and SVG, no network access) that prints as a report of its own.
 *
 * Top to bottom (rp_html's table): the case header and the verdict
 * (verdict.c), the attack chain with its drawing (drawing.c), the
 * narrative (indicator sentences as badges on their behaviour), hosts and
 * accounts, what the evidence can show, the findings (findings.c), Sigma
 * rules, indicator hits (folded per address or file), the activity chart
 * (SVG), the timeline of the story (story.c), the process tree (drawn and
 * as a list), the evidence appendix (one entry per cited record, id
 * "rec-<record id>") and the methodology. Every evidence string goes
 * through ct_buf_add_html(); the only script is report.js, allowed by the
 * SHA-256 hash in the Content-Security-Policy (CSP Level 3, "script-src
 * 'sha256-…'"), so an injected script could not run even if escaping
 * failed.
 */
#include "compat.h"

#include "hash.h"
#include "report.h"
#include "html-int.h"
#include "report-css.h"
#include "report-js.h"
#include "timefmt.h"
#include "version.h"
#include "xalloc.h"

/* base64 (RFC 4648) of n bytes, for the CSP hash source. */
static void
base64(struct ct_buf *b, const uint8_t *p, size_t n)
{
	static const char tab[] =
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	size_t i;

	for (i = 0; i + 2 < n; i += 3) {
		uint32_t v = (uint32_t)p[i] << 16 | (uint32_t)p[i + 1] << 8 | p[i + 2];

		ct_buf_addch(b, tab[v >> 18 & 63]);
		ct_buf_addch(b, tab[v >> 12 & 63]);
		ct_buf_addch(b, tab[v >> 6 & 63]);
		ct_buf_addch(b, tab[v & 63]);
	}
	if (n - i == 1) {
		uint32_t v = (uint32_t)p[i] << 16;

		ct_buf_addch(b, tab[v >> 18 & 63]);
		ct_buf_addch(b, tab[v >> 12 & 63]);
		ct_buf_adds(b, "==");
	} else if (n - i == 2) {
		uint32_t v = (uint32_t)p[i] << 16 | (uint32_t)p[i + 1] << 8;

		ct_buf_addch(b, tab[v >> 18 & 63]);
		ct_buf_addch(b, tab[v >> 12 & 63]);
		ct_buf_addch(b, tab[v >> 6 & 63]);
		ct_buf_addch(b, '=');
	}
}

static int
hexval(char c)
{
	return c >= 'a' ? c - 'a' + 10 : c - '0';
}

/* 'sha256-<base64>' of text, as a CSP hash source expression. */
static void
csp_hash(struct ct_buf *b, const char *text)
{
	struct ct_hasher *hs = ct_hasher_new();
	struct ct_hashes out;
	uint8_t raw_sum[32];
	size_t i;

	ct_hasher_update(hs, text, strlen(text));
	ct_hasher_final(hs, &out);
	ct_hasher_free(hs);
	for (i = 0; i < 32; i++)
		raw_sum[i] = (uint8_t)(hexval(out.sha256[2 * i]) << 4 |
		    hexval(out.sha256[2 * i + 1]));
	ct_buf_adds(b, "'sha256-");
	base64(b, raw_sum, sizeof(raw_sum));
	ct_buf_addch(b, '\'');
}

static void
head(struct html *h)
{
	struct ct_buf csp = CT_BUF_INIT, pages = CT_BUF_INIT;

	/*
	 * Nothing may load or run but this page's own style and script:
	 * no network, no plugins, no forms, no base URL tricks. The second
	 * style is the printed pages' headers (host, case, page numbers).
	 */
	rp_html_print_style(h, &pages);
	ct_buf_adds(&csp, "default-src 'none'; script-src ");
	csp_hash(&csp, ct_report_js);
	ct_buf_adds(&csp, "; style-src ");
	csp_hash(&csp, ct_report_css);
	ct_buf_addch(&csp, ' ');
	csp_hash(&csp, pages.buf);
	ct_buf_adds(&csp, "; img-src data:; base-uri 'none'; form-action "
	    "'none'; object-src 'none'");
	rp_raw(h, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n"
	    "<meta charset=\"utf-8\">\n"
	    "<meta http-equiv=\"Content-Security-Policy\" content=\"");
	rp_raw(h, csp.buf);
	rp_raw(h, "\">\n<meta name=\"referrer\" content=\"no-referrer\">\n"
	    "<meta name=\"viewport\" content=\"width=device-width, "
	    "initial-scale=1\">\n<meta name=\"generator\" content=\"casetrail "
	    CT_VERSION "\">\n");
	rp_html_title(h);
	rp_raw(h, "<style>");
	rp_raw(h, ct_report_css);
	rp_raw(h, "</style>\n<style media=\"print\">");
	rp_raw(h, pages.buf);
	rp_raw(h, "</style>\n</head>\n<body>\n");
	ct_buf_release(&pages);
	rp_html_case_header(h);
	rp_raw(h, "<nav><a href=\"#verdict\">Verdict</a><a href=\"#chain\">"
	    "Attack chain</a><a href=\"#narrative\">Narrative</a><a href="
	    "\"#summary\">Hosts</a><a href=\"#coverage\">Coverage</a><a href="
	    "\"#findings\">Findings</a><a href=\"#ioc\">Indicators</a><a href="
	    "\"#activity\">Activity</a><a href=\"#timeline\">Timeline</a><a "
	    "href=\"#processes\">Processes</a><a href=\"#evidence\">Evidence"
	    "</a><a href=\"#methodology\">Methodology</a></nav>\n");
	rp_html_verdict(h);
	ct_buf_release(&csp);
}

static const struct {
	const char *label;
	const char *sql;
} summary_counts[] = {
	{ "timeline events", "SELECT count(*) FROM event" },
	{ "records", "SELECT count(*) FROM record" },
	{ "files and directories", "SELECT count(*) FROM file" },
	{ "deleted files and directories",
	    "SELECT count(*) FROM file WHERE allocated = 0" },
	{ "event-log records", "SELECT count(*) FROM evtx" },
	{ "USN journal records", "SELECT count(*) FROM usn" },
	{ "Prefetch files", "SELECT count(*) FROM prefetch" },
	{ "indicators loaded (valid)", "SELECT count(*) FROM indicator WHERE valid = 1" },
	{ "indicators rejected", "SELECT count(*) FROM indicator WHERE valid = 0" },
	{ "indicator hits", "SELECT count(*) FROM indicator_hit" },
	{ "findings", "SELECT count(*) FROM finding" },
	{ "warnings about damaged evidence", "SELECT count(*) FROM warning" },
};

/* Hosts the event logs name, and the accounts the evidence knows. */
static void
hosts_accounts(struct html *h)
{
	sqlite3_stmt *st;

	rp_raw(h, "<table class=\"hosts\"><thead><tr><th>host (as the event "
	    "logs name it)</th><th>event-log records</th><th>first</th><th>"
	    "last</th><th>in the attack chain</th></tr></thead><tbody>\n");
	if ((st = rp_prep(h, "SELECT x.computer, count(*), min(x.created), "
	    "max(x.created), sum(x.record_id IN (SELECT record_id FROM "
	    "finding_evidence WHERE finding_id IN (SELECT finding_id FROM "
	    "chain_step))) FROM evtx x WHERE x.computer IS NOT NULL AND "
	    "x.created BETWEEN ?1 AND ?2 GROUP BY 1 ORDER BY 2 DESC LIMIT 50"))) {
		sqlite3_bind_int64(st, 1, rp_plausible_min());
		sqlite3_bind_int64(st, 2, rp_plausible_max());
		while (sqlite3_step(st) == SQLITE_ROW) {
			rp_raw(h, "<tr><td><strong>");
			rp_esc_col(h, st, 0, CT_HTML_MARKUP);
			rp_rawf(h, "</strong></td><td>%lld</td><td class=\"t\">",
			    (long long)sqlite3_column_int64(st, 1));
			rp_time_col(h, st, 2);
			rp_raw(h, "</td><td class=\"t\">");
			rp_time_col(h, st, 3);
			rp_rawf(h, "</td><td>%s</td></tr>\n",
			    sqlite3_column_int64(st, 4) ? "yes" : "no");
		}
		sqlite3_finalize(st);
	}
	rp_raw(h, "</tbody></table>\n<table class=\"accounts\"><thead><tr>"
	    "<th>account</th><th>SID</th><th>known from</th><th>processes"
	    "</th><th>ran the attack chain</th></tr></thead><tbody>\n");
	/* One row per account name, with or without its domain. */
	if ((st = rp_prep(h, "WITH chainrec(rid) AS (SELECT record_id FROM "
	    "finding_evidence WHERE finding_id IN (SELECT finding_id FROM "
	    "chain_step)), u(name, sid, src, procs, inchain) AS ("
	    "SELECT user_name, user_sid, 'user profile', 0, 0 FROM artefact "
	    "WHERE kind = 'profile' AND user_name IS NOT NULL UNION ALL "
	    "SELECT name, user_sid, 'SAM', 0, 0 FROM artefact WHERE kind = "
	    "'sam_user' AND name IS NOT NULL UNION ALL SELECT user_name, NULL, "
	    "'processes', count(*), sum(start_record_id IN (SELECT rid FROM "
	    "chainrec)) FROM process WHERE user_name IS NOT NULL AND "
	    "user_name <> '' GROUP BY user_name) SELECT max(name), max(sid), "
	    "group_concat(DISTINCT src), sum(procs), sum(inchain) FROM u "
	    "GROUP BY upper(CASE WHEN instr(name, '\\') THEN substr(name, "
	    "instr(name, '\\') + 1) ELSE name END) ORDER BY 5 DESC, 4 DESC, 1 "
	    "LIMIT 100"))) {
		while (sqlite3_step(st) == SQLITE_ROW) {
			rp_raw(h, sqlite3_column_int64(st, 4) ? "<tr class=\"hit\">"
			    : "<tr>");
			rp_raw(h, "<td>");
			rp_esc_col(h, st, 0, CT_HTML_MARKUP);
			rp_raw(h, "</td><td class=\"hash\">");
			rp_esc_col(h, st, 1, CT_HTML_MARKUP);
			rp_raw(h, "</td><td>");
			rp_esc_col(h, st, 2, CT_HTML_MARKUP);
			rp_rawf(h, "</td><td>%lld</td><td>%s</td></tr>\n",
			    (long long)sqlite3_column_int64(st, 3),
			    sqlite3_column_int64(st, 4) ? "<strong>yes</strong>" :
			    "no");
		}
		sqlite3_finalize(st);
	}
	rp_raw(h, "</tbody></table>\n");
}

static void
summary(struct html *h)
{
	sqlite3_stmt *st;
	int64_t n, lo, hi, junk, outside;

	rp_raw(h, "<section id=\"summary\"><h2>Hosts, accounts and the "
	    "evidence</h2>\n");
	/* Said first: every number below may be short of the evidence. */
	n = rp_count(h, "SELECT count(*) FROM source WHERE status IN ('pending', "
	    "'interrupted', 'failed')");
	if (n > 0)
		rp_rawf(h, "<p class=\"incomplete\"><strong>Incomplete case:</strong> "
		    "%lld source(s) were not read to their end (pending, "
		    "interrupted or failed, see the evidence inventory); what "
		    "follows leaves out what they did not deliver.</p>\n",
		    (long long)n);
	if (rp_plausible_range(h->c, &lo, &hi, &junk, &outside, &h->failed)) {
		/* The plausible range: a 1970 or 1601 time is not evidence of when. */
		rp_raw(h, "<p>Evidence covers ");
		rp_time_text(h, lo);
		rp_raw(h, " to ");
		rp_time_text(h, hi);
		rp_raw(h, " <span class=\"note\">(");
		rp_num(h, junk);
		rp_raw(h, " event time(s) that cannot be true, such as zero or "
		    "1970 dates");
		if (outside) {
			rp_raw(h, ", and the earliest 1 % of the rest (");
			rp_num(h, outside);
			rp_raw(h, ", install and build dates)");
		}
		rp_raw(h, " are left out of this range; <a href=\"#outliers\">"
		    "Methodology</a> lists them)</span>.</p>\n");
	} else {
		rp_raw(h, "<p>The case holds no timeline events with a plausible "
		    "time.</p>\n");
	}
	rp_raw(h, "<p>Findings: ");
	if ((st = rp_prep(h, "SELECT severity, count(*) FROM finding GROUP BY 1 "
	    "ORDER BY CASE severity WHEN 'critical' THEN 0 WHEN 'high' THEN 1 "
	    "WHEN 'medium' THEN 2 WHEN 'low' THEN 3 ELSE 4 END"))) {
		int any = 0;

		while (sqlite3_step(st) == SQLITE_ROW) {
			rp_sev_badge(h, ct_sql_text(st, 0));
			rp_rawf(h, " %lld &nbsp; ", (long long)sqlite3_column_int64(st, 1));
			any = 1;
		}
		if (!any)
			rp_raw(h, "none.");
		sqlite3_finalize(st);
	}
	rp_raw(h, "</p>\n");
	/* Threat report context: what the analyst started from. */
	if ((st = rp_prep(h, rp_sql_context))) {
		int any = 0;

		while (sqlite3_step(st) == SQLITE_ROW) {
			if (!any)
				rp_raw(h, "<details class=\"context\"><summary>The "
				    "threat report, as written (its own ratings, "
				    "tags and text)</summary>\n<dl class=\"kv\">\n");
			any = 1;
			rp_raw(h, "<dt>");
			rp_esc_col(h, st, 0, CT_HTML_MARKUP);
			rp_raw(h, " <span class=\"note\">(");
			rp_esc_col(h, st, 2, CT_HTML_MARKUP);
			rp_raw(h, ")</span></dt><dd>");
			rp_esc_col(h, st, 1, CT_HTML_MARKUP | CT_HTML_MULTILINE);
			rp_raw(h, "</dd>\n");
		}
		if (any)
			rp_raw(h, "</dl></details>\n");
		sqlite3_finalize(st);
	}
	hosts_accounts(h);
	rp_raw(h, "</section>\n");
}

/*
 * What the evidence can and cannot show, gaps first: a reader weighs every
 * finding below against it.
 */
static void
coverage(struct html *h)
{
	sqlite3_stmt *st;
	int64_t gaps = rp_count(h, "SELECT count(*) FROM coverage WHERE state <> "
	    "'present'");

	rp_raw(h, "<section id=\"coverage\"><h2>What the evidence can show</h2>\n");
	if (rp_count(h, "SELECT count(*) FROM coverage") == 0) {
		rp_raw(h, "<p>Not assessed: the case has not been analysed "
		    "(<code>casetrail analyze</code>).</p></section>\n");
		return;
	}
	if (gaps)
		rp_rawf(h, "<p>%lld kind(s) of evidence are missing, incomplete or "
		    "were cleared on this host. Findings that would need them "
		    "rest on other artefacts and say so; an absence below is not "
		    "proof that nothing happened.</p>\n", (long long)gaps);
	else
		rp_raw(h, "<p>Every kind of evidence the analysis uses is in the "
		    "case.</p>\n");
	rp_raw(h, "<table class=\"coverage\"><thead><tr><th>state</th><th>area"
	    "</th><th>evidence</th><th>what the case holds</th><th>what it "
	    "means</th></tr></thead><tbody>\n");
	if ((st = rp_prep(h, rp_sql_coverage))) {
		while (sqlite3_step(st) == SQLITE_ROW) {
			const char *state = ct_sql_text(st, 2);

			rp_raw(h, "<tr><td><span class=\"cov cov-");
			rp_esc(h, state);
			rp_raw(h, "\">");
			rp_esc(h, state);
			rp_raw(h, "</span></td><td>");
			rp_esc_col(h, st, 0, CT_HTML_MARKUP);
			rp_raw(h, "</td><td>");
			rp_esc_col(h, st, 1, CT_HTML_MARKUP);
			rp_raw(h, "</td><td>");
			rp_esc_col(h, st, 8, CT_HTML_MARKUP);
			if (sqlite3_column_type(st, 6) != SQLITE_NULL)
				rp_rawf(h, " <a class=\"ev\" href=\"#src-%lld\">source "
				    "%lld</a>", (long long)sqlite3_column_int64(st, 6),
				    (long long)sqlite3_column_int64(st, 6));
			if (sqlite3_column_type(st, 7) != SQLITE_NULL)
				rp_rec_link(h, sqlite3_column_int64(st, 7));
			rp_raw(h, "</td><td>");
			rp_esc_col(h, st, 9, CT_HTML_MARKUP);
			rp_raw(h, "</td></tr>\n");
		}
		sqlite3_finalize(st);
	}
	rp_raw(h, "</tbody></table>\n</section>\n");
}

/* The evidence links of one narrative sentence. */
static void
sentence_links(struct html *h, sqlite3_stmt *ev, int64_t nid)
{
	sqlite3_reset(ev);
	sqlite3_bind_int64(ev, 1, nid);
	while (sqlite3_step(ev) == SQLITE_ROW)
		rp_rec_link(h, sqlite3_column_int64(ev, 0));
}

/*
 * A narrative sentence. When the sentence opens with its own time to the
 * second ("At 2024-03-13 14:02:11 UTC the ...") and the line already
 * shows the exact time, the opening is left out: one time per sentence.
 */
static void
sentence_text(struct html *h, const char *s, int has_time)
{
	static const char shape[] = "At 0000-00-00 00:00:00 UTC ";
	size_t i, n = sizeof(shape) - 1;

	for (i = 0; has_time && i < n && s[i]; i++)
		if (shape[i] == '0' ? s[i] < '0' || s[i] > '9' : s[i] != shape[i])
			break;
	if (has_time && i == n && s[n]) {
		size_t w = 0;

		s += n;
		/*
		 * A capital for an ordinary first word ("the Task Scheduler"),
		 * never for a name from the evidence ("qeupdate_helper.exe"),
		 * which stays as written.
		 */
		while (s[w] >= 'a' && s[w] <= 'z')
			w++;
		if (w > 0 && (s[w] == ' ' || s[w] == '\0'))
			ct_buf_addch(h->b, (char)(*s++ - 32));
	}
	rp_esc(h, s);
}

/*
 * Sentences that only restate an indicator hit, and the behaviour
 * sentence of the same chain that shares most of their evidence: the hit
 * is told there, as a badge ("in the threat report: ip-dst 5.39.218.205").
 * Columns: the indicator sentence, the behaviour sentence (NULL: none
 * shares evidence, the sentence stays), its finding, the indicator.
 */
static const char sql_ioc_fold[] =
    "SELECT n.id, (SELECT m.id FROM narrative m JOIN narrative_evidence me "
    "ON me.narrative_id = m.id LEFT JOIN finding mf ON mf.id = m.finding_id "
    "WHERE m.chain_id IS n.chain_id AND coalesce(mf.rule, '') <> 'ioc-hit' "
    "AND me.record_id IN (SELECT record_id FROM narrative_evidence WHERE "
    "narrative_id = n.id) GROUP BY m.id ORDER BY count(*) DESC, m.seq "
    "LIMIT 1), f.id, CASE WHEN f.title LIKE 'Indicator % found in%' THEN "
    "substr(f.title, 11, instr(f.title, ' found in') - 11) ELSE f.title END "
    "FROM narrative n JOIN finding f ON f.id = n.finding_id WHERE f.rule = "
    "'ioc-hit' ORDER BY n.id LIMIT 1000";

static void
narrative(struct html *h)
{
	sqlite3_stmt *st, *ev, *fold;
	int any = 0;

	rp_raw(h, "<section id=\"narrative\"><h2>What happened</h2>\n");
	st = rp_prep(h, rp_sql_narrative);
	ev = rp_prep(h, rp_sql_narrative_ev);
	fold = rp_prep(h, sql_ioc_fold);
	if (st && ev && fold) {
		while (sqlite3_step(st) == SQLITE_ROW) {
			int64_t nid = sqlite3_column_int64(st, 0);
			int folded = 0;

			/* An indicator sentence told as a badge on its behaviour. */
			sqlite3_reset(fold);
			while (sqlite3_step(fold) == SQLITE_ROW)
				if (sqlite3_column_int64(fold, 0) == nid &&
				    sqlite3_column_type(fold, 1) != SQLITE_NULL)
					folded = 1;
			if (folded)
				continue;
			if (!any)
				rp_raw(h, "<ol class=\"narrative\" id=\"story\">\n");
			any = 1;
			rp_rawf(h, "<li class=\"sentence\" id=\"n-%lld\">",
			    (long long)sqlite3_column_int64(st, 0));
			/* a junk time does not lead a sentence either */
			if (sqlite3_column_type(st, 3) != SQLITE_NULL &&
			    sqlite3_column_int64(st, 3) >= rp_plausible_min()) {
				rp_raw(h, "<span class=\"when\">");
				rp_time_col(h, st, 3);
				rp_raw(h, "</span>");
			}
			rp_raw(h, "<span class=\"text\">");
			sentence_text(h, ct_sql_text(st, 5),
			    sqlite3_column_type(st, 3) != SQLITE_NULL);
			rp_raw(h, "</span>");
			sqlite3_reset(fold);
			while (sqlite3_step(fold) == SQLITE_ROW) {
				if (sqlite3_column_int64(fold, 1) != nid)
					continue;
				rp_rawf(h, " <a class=\"badge tr\" id=\"n-%lld\" "
				    "href=\"#finding-%lld\">in the threat report: ",
				    (long long)sqlite3_column_int64(fold, 0),
				    (long long)sqlite3_column_int64(fold, 2));
				rp_esc_col(h, fold, 3, CT_HTML_MARKUP);
				rp_raw(h, "</a>");
			}
			if (sqlite3_column_type(st, 4) != SQLITE_NULL)
				rp_rawf(h, " <a class=\"fref\" href=\"#finding-%lld\">"
				    "finding %lld</a>",
				    (long long)sqlite3_column_int64(st, 4),
				    (long long)sqlite3_column_int64(st, 4));
			rp_raw(h, " <span class=\"evidence\">evidence:");
			sentence_links(h, ev, sqlite3_column_int64(st, 0));
			rp_raw(h, "</span></li>\n");
			rp_flush(h);
		}
	}
	sqlite3_finalize(st);
	sqlite3_finalize(ev);
	sqlite3_finalize(fold);
	if (any)
		rp_raw(h, "</ol>\n");
	else
		rp_raw(h, "<p>The analysis wrote no narrative for this case "
		    "(run <code>casetrail analyze</code>; a case without "
		    "findings has no story to tell).</p>\n");
	rp_raw(h, "</section>\n");
}

/* A chain's span from its steps' plausible times (RP_SQL_FINDING_TS). */
static void
chain_window(struct html *h, int64_t chain)
{
	sqlite3_stmt *st = rp_prep(h, "SELECT min(" RP_SQL_FINDING_TS "), "
	    "max(" RP_SQL_FINDING_TS ") FROM chain_step cs JOIN finding f ON "
	    "f.id = cs.finding_id WHERE cs.chain_id = :chain");

	if (st == NULL)
		return;
	rp_bind_plausible(st);
	sqlite3_bind_int64(st, sqlite3_bind_parameter_index(st, ":chain"),
	    chain);
	if (sqlite3_step(st) == SQLITE_ROW &&
	    sqlite3_column_type(st, 0) != SQLITE_NULL) {
		rp_time_col(h, st, 0);
		rp_raw(h, " to ");
		rp_time_col(h, st, 1);
	} else {
		rp_raw(h, "time not recorded: no step's evidence has a "
		    "plausible time");
	}
	sqlite3_finalize(st);
}

static void
chains(struct html *h)
{
	sqlite3_stmt *st, *steps;
	int any = 0;

	rp_raw(h, "<section id=\"chain\"><h2>Attack chain</h2>\n");
	st = rp_prep(h, rp_sql_chains);
	steps = rp_prep(h, rp_sql_chain_steps);
	if (st && steps) {
		while (sqlite3_step(st) == SQLITE_ROW) {
			any = 1;
			rp_rawf(h, "<div class=\"chainbox\" id=\"chain-%lld\"><h3>",
			    (long long)sqlite3_column_int64(st, 0));
			rp_sev_badge(h, ct_sql_text(st, 2));
			rp_raw(h, " ");
			rp_esc_col(h, st, 1, CT_HTML_MARKUP);
			rp_raw(h, "</h3>\n<p class=\"note\">");
			chain_window(h, sqlite3_column_int64(st, 0));
			rp_raw(h, "</p>\n");
			if (sqlite3_column_type(st, 5) != SQLITE_NULL) {
				rp_raw(h, "<p>");
				rp_esc_col(h, st, 5, CT_HTML_MARKUP);
				rp_raw(h, "</p>\n");
			}
			rp_html_chain_svg(h, sqlite3_column_int64(st, 0));
			rp_raw(h, "<details class=\"chain-list\"><summary>The "
			    "steps as a list, indicator hits included</summary>"
			    "<ol class=\"chain\">\n");
			sqlite3_reset(steps);
			sqlite3_bind_int64(steps, 1, sqlite3_column_int64(st, 0));
			while (sqlite3_step(steps) == SQLITE_ROW) {
				rp_raw(h, "<li><span class=\"when\">");
				if (sqlite3_column_type(steps, 4) == SQLITE_NULL ||
				    sqlite3_column_int64(steps, 4) <
				    rp_plausible_min())
					rp_raw(h, "<span class=\"muted\">no "
					    "plausible time</span>");
				else
					rp_time_col(h, steps, 4);
				rp_raw(h, "</span>");
				rp_sev_badge(h, ct_sql_text(steps, 3));
				rp_rawf(h, " <a href=\"#finding-%lld\">",
				    (long long)sqlite3_column_int64(steps, 1));
				rp_esc_col(h, steps, 2, CT_HTML_MARKUP);
				rp_raw(h, "</a>");
				rp_raw(h, " ");
				rp_attack_ids(h, ct_sql_text(steps, 5));
				rp_raw(h, "</li>\n");
			}
			rp_raw(h, "</ol></details></div>\n");
		}
	}
	sqlite3_finalize(st);
	sqlite3_finalize(steps);
	if (!any)
		rp_raw(h, "<p>No attack chain was found.</p>\n");
	rp_raw(h, "</section>\n");
}

/* The items of the JSON array in column i of st, escaped, as <li>s. */
static void
json_list_items(struct html *h, sqlite3_stmt *items, sqlite3_stmt *st, int i)
{
	sqlite3_reset(items);
	sqlite3_bind_value(items, 1, sqlite3_column_value(st, i));
	while (sqlite3_step(items) == SQLITE_ROW) {
		rp_raw(h, "<li>");
		rp_esc_col(h, items, 1, CT_HTML_MARKUP);
		rp_raw(h, "</li>");
	}
}

/* The last Sigma run: rule paths, rules loaded, skipped (by reason), hits. */
static void
sigma_run(struct html *h, sqlite3_stmt *items)
{
	sqlite3_stmt *run = rp_prep(h, rp_sql_sigma_run);

	if (run && sqlite3_step(run) == SQLITE_ROW) {
		rp_raw(h, "<p>Rules from");
		sqlite3_reset(items);
		sqlite3_bind_value(items, 1, sqlite3_column_value(run, 7));
		while (sqlite3_step(items) == SQLITE_ROW) {
			rp_raw(h, " <code>");
			rp_esc_col(h, items, 1, CT_HTML_MARKUP);
			rp_raw(h, "</code>");
		}
		rp_rawf(h, ": %lld loaded, %lld skipped",
		    (long long)sqlite3_column_int64(run, 1),
		    (long long)sqlite3_column_int64(run, 2));
		sqlite3_reset(items);
		sqlite3_bind_value(items, 1, sqlite3_column_value(run, 8));
		while (sqlite3_step(items) == SQLITE_ROW) {
			rp_raw(h, " · ");
			rp_esc_col(h, items, 1, CT_HTML_MARKUP);
			rp_raw(h, " ");
			rp_esc_col(h, items, 0, CT_HTML_MARKUP);
		}
		rp_rawf(h, ". %lld event-log record(s) scanned: %lld match(es) of "
		    "%lld rule(s), written as %lld finding(s).</p>\n",
		    (long long)sqlite3_column_int64(run, 3),
		    (long long)sqlite3_column_int64(run, 4),
		    (long long)sqlite3_column_int64(run, 5),
		    (long long)sqlite3_column_int64(run, 6));
	}
	sqlite3_finalize(run);
}

/*
 * The Sigma rules that fired, most severe first: title, level, id,
 * author and licence (the rules' DRL 1.1 asks for the author wherever a
 * match is shown), references and false positives as the rule states
 * them, and its findings. Informational and low rules are listed here
 * only (the chain and the narrative leave them out).
 */
static void
sigma_rules(struct html *h)
{
	sqlite3_stmt *st = rp_prep(h, rp_sql_sigma_rules);
	sqlite3_stmt *fs = rp_prep(h, rp_sql_sigma_findings);
	sqlite3_stmt *items = rp_prep(h, rp_sql_json_items);
	int any = 0;

	rp_raw(h, "<section id=\"sigma\"><h2>Sigma rules</h2>\n");
	if (items)
		sigma_run(h, items);
	while (st && fs && items && sqlite3_step(st) == SQLITE_ROW) {
		if (!any)
			rp_raw(h, "<table class=\"sigma\"><thead><tr><th>Level</th>"
			    "<th>Rule</th><th>Author and licence</th>"
			    "<th>Matches</th><th>Findings</th></tr></thead>"
			    "<tbody>\n");
		any = 1;
		rp_raw(h, "<tr><td>");
		rp_sev_badge(h, ct_sql_text(st, 3));
		rp_raw(h, "</td><td><strong>");
		rp_esc_col(h, st, 2, CT_HTML_MARKUP);
		rp_raw(h, "</strong><br><code>");
		rp_esc_col(h, st, 0, CT_HTML_MARKUP);
		rp_raw(h, "</code>");
		if (sqlite3_column_type(st, 6) != SQLITE_NULL) {
			rp_raw(h, " · ");
			rp_esc_col(h, st, 6, CT_HTML_MARKUP);
		}
		if (sqlite3_column_type(st, 13) != SQLITE_NULL) {
			rp_raw(h, "<br>");
			rp_esc_col(h, st, 13, CT_HTML_MARKUP);
		}
		if (sqlite3_column_type(st, 7) != SQLITE_NULL) {
			rp_raw(h, "<details><summary>References</summary><ul>");
			json_list_items(h, items, st, 7);
			rp_raw(h, "</ul></details>");
		}
		if (sqlite3_column_type(st, 8) != SQLITE_NULL) {
			rp_raw(h, "<details><summary>False positives (the rule's "
			    "own note)</summary><ul>");
			json_list_items(h, items, st, 8);
			rp_raw(h, "</ul></details>");
		}
		rp_raw(h, "</td><td><span class=\"author\">");
		if (sqlite3_column_type(st, 4) != SQLITE_NULL)
			rp_esc_col(h, st, 4, CT_HTML_MARKUP);
		else
			rp_raw(h, "<span class=\"muted\">(no author named)</span>");
		rp_raw(h, "</span><br>licence ");
		if (sqlite3_column_type(st, 5) != SQLITE_NULL)
			rp_esc_col(h, st, 5, CT_HTML_MARKUP);
		else
			rp_raw(h, "unknown");
		rp_rawf(h, "</td><td>%lld</td><td>",
		    (long long)sqlite3_column_int64(st, 9));
		sqlite3_reset(fs);
		sqlite3_bind_value(fs, 1, sqlite3_column_value(st, 0));
		while (sqlite3_step(fs) == SQLITE_ROW) {
			int64_t fid = sqlite3_column_int64(fs, 0);

			rp_rawf(h, "<a href=\"#finding-%lld\">F%lld</a> ",
			    (long long)fid, (long long)fid);
		}
		rp_raw(h, "</td></tr>\n");
		rp_flush(h);
	}
	if (any)
		rp_raw(h, "</tbody></table>\n");
	else
		rp_raw(h, "<p>No Sigma rule matched (or none was run: "
		    "<code>casetrail analyze --sigma PATH</code>).</p>\n");
	sqlite3_finalize(st);
	sqlite3_finalize(fs);
	sqlite3_finalize(items);
	rp_raw(h, "</section>\n");
}

/*
 * The hits folded for scanning: one row per address, URL or name, and one
 * per file for the hashes that matched it (MD5, SHA-1 and SHA-256 of one
 * file are one row), with the number of records and links to them.
 */
static const char sql_hit_groups[] =
    "WITH ind AS (SELECT i.id, i.type, coalesce(i.normalized, i.value) AS v, "
    "i.value AS written, i.line, s.path AS src, (SELECT min(f.name) FROM "
    "indicator_hit h JOIN file f ON f.record_id = h.record_id WHERE "
    "h.indicator_id = i.id) AS fname, i.type IN ('md5', 'sha1', 'sha256', "
    "'sha512') AS hash FROM indicator i JOIN source s ON s.id = i.source_id "
    "WHERE i.valid = 1 AND EXISTS (SELECT 1 FROM indicator_hit h WHERE "
    "h.indicator_id = i.id)), "
    "g AS (SELECT CASE WHEN hash AND fname IS NOT NULL THEN fname END AS "
    "file, json_group_array(json_array(type, v, written)) AS items, "
    "json_group_array(id) AS ids, min(src) AS src, group_concat(line, ', ') "
    "AS lines, min(id) AS first FROM ind GROUP BY CASE WHEN hash AND fname "
    "IS NOT NULL THEN 'f:' || fname ELSE 'i:' || id END) "
    "SELECT file, items, ids, src, lines, (SELECT count(DISTINCT "
    "h.record_id) FROM indicator_hit h WHERE h.indicator_id IN (SELECT "
    "value FROM json_each(g.ids))), (SELECT group_concat(DISTINCT h.field) "
    "FROM indicator_hit h WHERE h.indicator_id IN (SELECT value FROM "
    "json_each(g.ids))), (SELECT min(e.ts) FROM indicator_hit h JOIN event "
    "e ON e.record_id = h.record_id WHERE h.indicator_id IN (SELECT value "
    "FROM json_each(g.ids)) AND e.ts BETWEEN ?1 AND ?2) FROM g ORDER BY "
    "first LIMIT 200";

static void
folded_hits(struct html *h)
{
	sqlite3_stmt *st = rp_prep(h, sql_hit_groups);
	sqlite3_stmt *items = rp_prep(h, rp_sql_json_items);
	sqlite3_stmt *recs = rp_prep(h, "SELECT DISTINCT h.record_id FROM "
	    "indicator_hit h WHERE h.indicator_id IN (SELECT value FROM "
	    "json_each(?1)) ORDER BY h.record_id LIMIT 8");

	if (st == NULL || items == NULL || recs == NULL)
		goto done;
	sqlite3_bind_int64(st, 1, rp_plausible_min());
	sqlite3_bind_int64(st, 2, rp_plausible_max());
	rp_raw(h, "<table class=\"hitgroups\"><thead><tr><th>found in the "
	    "evidence</th><th>records</th><th>matched in</th><th>first "
	    "plausible time</th><th>evidence</th><th>threat report line"
	    "</th></tr></thead><tbody>\n");
	while (sqlite3_step(st) == SQLITE_ROW) {
		int n = 0;

		rp_raw(h, "<tr><td>");
		if (sqlite3_column_type(st, 0) != SQLITE_NULL) {
			rp_raw(h, "file <strong>");
			rp_esc_col(h, st, 0, CT_HTML_MARKUP);
			rp_raw(h, "</strong>");
		}
		sqlite3_reset(items);
		sqlite3_bind_value(items, 1, sqlite3_column_value(st, 1));
		while (sqlite3_step(items) == SQLITE_ROW) {
			sqlite3_stmt *one = rp_prep(h, "SELECT json_extract(?1, "
			    "'$[0]'), json_extract(?1, '$[1]'), json_extract(?1, "
			    "'$[2]')");

			if (one == NULL)
				break;
			sqlite3_bind_value(one, 1, sqlite3_column_value(items, 1));
			if (sqlite3_step(one) == SQLITE_ROW) {
				rp_raw(h, n++ || sqlite3_column_type(st, 0) !=
				    SQLITE_NULL ? "<br>" : "");
				rp_esc_col(h, one, 0, CT_HTML_MARKUP);
				rp_raw(h, " <code>");
				rp_esc_col(h, one, 1, CT_HTML_MARKUP);
				rp_raw(h, "</code>");
				if (strcmp(ct_sql_text(one, 1), ct_sql_text(one, 2))) {
					rp_raw(h, " <span class=\"note\">written ");
					rp_esc_col(h, one, 2, CT_HTML_MARKUP);
					rp_raw(h, "</span>");
				}
			}
			sqlite3_finalize(one);
		}
		rp_rawf(h, " <span class=\"badge tr\">in the threat report</span>"
		    "</td><td>%lld</td><td>", (long long)sqlite3_column_int64(st, 5));
		rp_esc_col(h, st, 6, CT_HTML_MARKUP);
		rp_raw(h, "</td><td class=\"t\">");
		rp_time_col(h, st, 7);
		rp_raw(h, "</td><td>");
		sqlite3_reset(recs);
		sqlite3_bind_value(recs, 1, sqlite3_column_value(st, 2));
		while (sqlite3_step(recs) == SQLITE_ROW)
			rp_rec_link(h, sqlite3_column_int64(recs, 0));
		rp_raw(h, "</td><td>");
		rp_esc_base(h, ct_sql_text(st, 3));
		rp_raw(h, " line ");
		rp_esc_col(h, st, 4, CT_HTML_MARKUP);
		rp_raw(h, "</td></tr>\n");
		rp_flush(h);
	}
	rp_raw(h, "</tbody></table>\n");
done:
	sqlite3_finalize(st);
	sqlite3_finalize(items);
	sqlite3_finalize(recs);
}

static void
indicators(struct html *h)
{
	sqlite3_stmt *st;
	int64_t n;

	rp_raw(h, "<section id=\"ioc\"><h2>Indicator hits</h2>\n");
	n = rp_count(h, "SELECT count(*) FROM indicator_hit");
	rp_rawf(h, "<p>%lld hit(s) of %lld valid indicator(s); %lld indicator(s) "
	    "had no hit.</p>\n", (long long)n,
	    (long long)rp_count(h, "SELECT count(*) FROM indicator WHERE valid = 1"),
	    (long long)rp_count(h, "SELECT count(*) FROM indicator i WHERE "
	    "valid = 1 AND NOT EXISTS (SELECT 1 FROM indicator_hit h WHERE "
	    "h.indicator_id = i.id)"));
	if (n) {
		folded_hits(h);
		rp_rawf(h, "<details class=\"all-hits\"><summary>Every hit (%lld), "
		    "with the text that matched</summary>\n", (long long)n);
		rp_raw(h, "<table class=\"hits\"><thead><tr><th>type</th>"
		    "<th>indicator</th><th>matched in</th><th>matched text</th>"
		    "<th>first time</th><th>record</th><th>from</th></tr></thead>"
		    "<tbody>\n");
		if ((st = rp_prep(h, rp_sql_hits))) {
			while (sqlite3_step(st) == SQLITE_ROW) {
				rp_raw(h, "<tr><td>");
				rp_esc_col(h, st, 1, CT_HTML_MARKUP);
				rp_raw(h, "</td><td><code>");
				rp_esc_col(h, st, 2, CT_HTML_MARKUP);
				rp_raw(h, "</code></td><td>");
				rp_esc_col(h, st, 7, CT_HTML_MARKUP);
				rp_raw(h, " ");
				rp_esc_col(h, st, 4, CT_HTML_MARKUP);
				rp_raw(h, "</td><td><code>");
				rp_esc_col(h, st, 5, CT_HTML_MARKUP);
				rp_raw(h, "</code></td><td class=\"t\">");
				rp_time_col(h, st, 9);
				rp_raw(h, "</td><td>");
				rp_rec_link(h, sqlite3_column_int64(st, 6));
				rp_raw(h, "</td><td>");
				rp_esc_col(h, st, 10, CT_HTML_MARKUP);
				if (sqlite3_column_type(st, 11) != SQLITE_NULL)
					rp_rawf(h, " line %lld",
					    (long long)sqlite3_column_int64(st, 11));
				rp_raw(h, "</td></tr>\n");
				rp_flush(h);
			}
			sqlite3_finalize(st);
		}
		rp_raw(h, "</tbody></table>\n");
		if (n > CT_REPORT_MAX_HITS)
			rp_rawf(h, "<p class=\"note\">%d of %lld hits shown; the case "
			    "file holds all (table indicator_hit).</p>\n",
			    CT_REPORT_MAX_HITS, (long long)n);
		rp_raw(h, "</details>\n");
	}
	n = rp_count(h, "SELECT count(*) FROM indicator WHERE valid = 0");
	if (n) {
		rp_rawf(h, "<h3>Rejected indicators (%lld)</h3>\n<p class=\"note\">"
		    "Lines of the threat reports that could not be used, and "
		    "why.</p>\n<table class=\"rejected\"><thead><tr><th>from</th>"
		    "<th>line</th><th>type</th><th>value as written</th>"
		    "<th>reason</th></tr></thead><tbody>\n", (long long)n);
		if ((st = rp_prep(h, rp_sql_rejected))) {
			while (sqlite3_step(st) == SQLITE_ROW) {
				rp_raw(h, "<tr><td>");
				rp_esc_col(h, st, 4, CT_HTML_MARKUP);
				rp_rawf(h, "</td><td>%lld</td><td>",
				    (long long)sqlite3_column_int64(st, 0));
				rp_esc_col(h, st, 1, CT_HTML_MARKUP);
				rp_raw(h, "</td><td><code>");
				rp_esc_col(h, st, 2, CT_HTML_MARKUP);
				rp_raw(h, "</code></td><td>");
				rp_esc_col(h, st, 3, CT_HTML_MARKUP);
				rp_raw(h, "</td></tr>\n");
			}
			sqlite3_finalize(st);
		}
		rp_raw(h, "</tbody></table>\n");
	}
	rp_raw(h, "</section>\n");
}

/* Square root of x in [0, 1] by Newton's method (no libm needed). */
static double
root(double x)
{
	double r = 1;
	int i;

	if (x <= 0)
		return 0;
	for (i = 0; i < 40; i++)
		r = (r + x / r) / 2;
	return r;
}

/* A duration in seconds, in the unit that reads best. */
static void
duration(struct html *h, double secs)
{
	if (secs < 120)
		rp_rawf(h, "%.1f seconds", secs);
	else if (secs < 7200)
		rp_rawf(h, "%.1f minutes", secs / 60);
	else if (secs < 172800)
		rp_rawf(h, "%.1f hours", secs / 3600);
	else
		rp_rawf(h, "%.1f days", secs / 86400);
}

#define CHART_W		1000	/* SVG user units */
#define CHART_H		236
#define CHART_TOP	40	/* room for three rows of finding labels */
#define CHART_BOTTOM	30	/* room for the time axis */

/*
 * One chart of the events between lo and hi, with the findings that start
 * inside marked. Labels of close findings are staggered on three rows.
 */
static void
chart(struct html *h, int64_t lo, int64_t hi, const char *label)
{
	int64_t bins[CT_REPORT_CHART_BINS] = { 0 }, max = 0;
	const int plot_h = CHART_H - CHART_TOP - CHART_BOTTOM;
	const double bw = (double)CHART_W / CT_REPORT_CHART_BINS;
	char iso[CT_TIME_ISO_LEN];
	double last_x[3] = { -1000, -1000, -1000 };
	sqlite3_stmt *st;
	int i, row;

	if ((st = rp_prep(h, rp_sql_chart))) {
		sqlite3_bind_int64(st, 1, lo);
		sqlite3_bind_int64(st, 2, hi);
		sqlite3_bind_int(st, 3, CT_REPORT_CHART_BINS);
		while (sqlite3_step(st) == SQLITE_ROW) {
			int64_t bin = sqlite3_column_int64(st, 0);

			if (bin >= 0 && bin < CT_REPORT_CHART_BINS)
				bins[bin] += sqlite3_column_int64(st, 1);
		}
		sqlite3_finalize(st);
	}
	for (i = 0; i < CT_REPORT_CHART_BINS; i++)
		if (bins[i] > max)
			max = bins[i];
	rp_rawf(h, "<h3>%s</h3>\n<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" "
	    "viewBox=\"0 0 %d %d\" role=\"img\" aria-label=\"events per "
	    "interval\">\n", label, CHART_W, CHART_H);
	for (i = 0; i < CT_REPORT_CHART_BINS; i++) {
		double bh;

		if (bins[i] == 0)
			continue;
		/* Square-root scale: quiet periods stay visible next to bursts. */
		bh = plot_h * root((double)bins[i] / (double)max);
		if (bh < 1)
			bh = 1;
		rp_rawf(h, "<rect class=\"bar\" x=\"%.2f\" y=\"%.2f\" width=\"%.2f\" "
		    "height=\"%.2f\"><title>%lld events from ", i * bw,
		    CHART_TOP + plot_h - bh, bw * 0.9, bh, (long long)bins[i]);
		rp_rawf(h, "%s</title></rect>\n", ct_time_iso(lo + (int64_t)((double)
		    (hi - lo) * i / CT_REPORT_CHART_BINS), iso));
	}
	rp_rawf(h, "<line class=\"axis\" x1=\"0\" y1=\"%d\" x2=\"%d\" y2=\"%d\"/>\n",
	    CHART_TOP + plot_h, CHART_W, CHART_TOP + plot_h);
	for (i = 0; i <= 4; i++) {
		int64_t t = lo + (int64_t)((double)(hi - lo) * i / 4);
		const char *anchor = i == 0 ? "start" : i == 4 ? "end" : "middle";

		ct_time_iso(t, iso);
		iso[19] = '\0';		/* seconds are enough on an axis */
		rp_rawf(h, "<text x=\"%d\" y=\"%d\" text-anchor=\"%s\">%sZ</text>\n",
		    CHART_W * i / 4, CHART_H - 8, anchor, iso);
	}
	/* Informational and low findings get a thin line and no label. */
	if ((st = rp_prep(h, "SELECT id, severity, first_ts, severity IN ('info', "
	    "'low') AND id NOT IN (SELECT finding_id FROM chain_step) FROM "
	    "finding WHERE first_ts IS NOT NULL ORDER BY first_ts, id"))) {
		while (sqlite3_step(st) == SQLITE_ROW) {
			int64_t t = sqlite3_column_int64(st, 2);
			long long fid = (long long)sqlite3_column_int64(st, 0);
			double x;

			if (t < lo || t > hi)
				continue;
			x = (double)CHART_W * (double)(t - lo) / (double)(hi - lo);
			if (sqlite3_column_int(st, 3)) {
				rp_rawf(h, "<a href=\"#finding-%lld\"><line class=\"mark "
				    "minor\" x1=\"%.2f\" y1=\"%d\" x2=\"%.2f\" "
				    "y2=\"%d\"><title>finding %lld</title></line></a>\n",
				    fid, x, CHART_TOP, x, CHART_TOP + plot_h, fid);
				continue;
			}
			/* A label on the first of three rows with room for it. */
			for (row = 0; row < 3 && x - last_x[row] < 34; row++)
				;
			if (row == 3) {
				rp_rawf(h, "<a href=\"#finding-%lld\"><line class=\"mark "
				    "sev-%s\" x1=\"%.2f\" y1=\"%d\" x2=\"%.2f\" "
				    "y2=\"%d\"><title>finding %lld</title></line></a>\n",
				    fid, rp_sev_class(ct_sql_text(st, 1)), x,
				    CHART_TOP, x, CHART_TOP + plot_h, fid);
				continue;
			}
			last_x[row] = x;
			rp_rawf(h, "<a href=\"#finding-%lld\"><line class=\"mark sev-%s\" "
			    "x1=\"%.2f\" y1=\"%d\" x2=\"%.2f\" y2=\"%d\"><title>"
			    "finding %lld</title></line><text class=\"mlabel\" "
			    "x=\"%.2f\" y=\"%d\" text-anchor=\"%s\">F%lld</text>"
			    "</a>\n", fid, rp_sev_class(ct_sql_text(st, 1)), x,
			    CHART_TOP, x, CHART_TOP + plot_h, fid, x,
			    11 + 12 * row, x > CHART_W - 40 ? "end" :
			    x < 40 ? "start" : "middle", fid);
		}
		sqlite3_finalize(st);
	}
	rp_raw(h, "</svg>\n<p class=\"note\">Events per interval of ");
	duration(h, (double)(hi - lo) / CT_REPORT_CHART_BINS / CT_TICKS_PER_SEC);
	rp_rawf(h, " (bar height: square root of the count; the busiest interval "
	    "has %lld events). Lines mark where findings start.</p>\n",
	    (long long)max);
}

/*
 * Two charts: the whole case (without the outliers at either end), and,
 * when there are findings, the span of the findings with some margin.
 */
static void
charts(struct html *h)
{
	int64_t lo, hi, outside, flo, fhi, pad;
	const char *what;

	rp_raw(h, "<section id=\"activity\"><h2>Activity over time</h2>\n");
	if (!rp_chart_range(h->c, &lo, &hi, &outside, &h->failed)) {
		rp_raw(h, "<p>No timeline events.</p></section>\n");
		return;
	}
	/*
	 * Zoom on the attack chain if there is one, else on the findings
	 * above low severity, else on all findings.
	 */
	what = "Around the attack chain";
	flo = rp_count(h, "SELECT coalesce(min(first_ts), 0) FROM chain");
	fhi = rp_count(h, "SELECT coalesce(max(coalesce(last_ts, first_ts)), 0) "
	    "FROM chain");
	if (flo <= 0) {
		what = "Around the findings";
		flo = rp_count(h, "SELECT coalesce(min(first_ts), 0) FROM finding "
		    "WHERE severity NOT IN ('info', 'low')");
		fhi = rp_count(h, "SELECT coalesce(max(coalesce(last_ts, first_ts)), "
		    "0) FROM finding WHERE severity NOT IN ('info', 'low')");
	}
	if (flo <= 0) {
		flo = rp_count(h, "SELECT coalesce(min(first_ts), 0) FROM finding");
		fhi = rp_count(h, "SELECT coalesce(max(coalesce(last_ts, first_ts)), "
		    "0) FROM finding");
	}
	if (flo > 0 && fhi >= flo) {
		/* Half the span on each side, and at least 30 minutes. */
		pad = (fhi - flo) / 2;
		if (pad < 30 * 60 * CT_TICKS_PER_SEC)
			pad = 30 * 60 * CT_TICKS_PER_SEC;
		chart(h, flo - pad, fhi + pad, what);
	}
	chart(h, lo, hi, "The whole case");
	if (outside)
		rp_rawf(h, "<p class=\"note\">%lld events with times outside the "
		    "range shown (the earliest and latest 1 %%, such as files "
		    "dated years before the incident) are left out of the chart, "
		    "not of the exports.</p>\n", (long long)outside);
	rp_raw(h, "</section>\n");
}

struct proc {
	int64_t id, parent;
	int has_parent, seed, done;
	char *html;		/* the rendered label */
};

static void
proc_tree(struct html *h, struct proc *p, size_t n, size_t i, int depth)
{
	size_t j;
	int kids = 0;

	p[i].done = 1;
	rp_rawf(h, "<li%s>%s", p[i].seed ? " class=\"seed\"" : "", p[i].html);
	/* Depth is capped: parent links come from evidence. */
	for (j = 0; j < n && depth < 64; j++) {
		if (p[j].done || !p[j].has_parent || p[j].parent != p[i].id)
			continue;
		if (!kids)
			rp_raw(h, "<ul>");
		kids = 1;
		proc_tree(h, p, n, j, depth + 1);
	}
	if (kids)
		rp_raw(h, "</ul>");
	rp_raw(h, "</li>\n");
}

static void
processes(struct html *h)
{
	struct ct_buf *saved = h->b, label = CT_BUF_INIT;
	struct proc *p = NULL;
	size_t n = 0, alloc = 0, i, j;
	sqlite3_stmt *st;

	rp_raw(h, "<section id=\"processes\"><h2>Process tree of the chain</h2>\n"
	    "<p class=\"note\">Processes a finding of the attack chain cites "
	    "(highlighted), their ancestors and their descendants, rebuilt from Sysmon, Security "
	    "and Prefetch records.</p>\n");
	if ((st = rp_prep(h, rp_sql_processes))) {
		while (sqlite3_step(st) == SQLITE_ROW) {
			if (n == alloc) {
				alloc = alloc ? alloc * 2 : 32;
				p = ct_xreallocarray(p, alloc, sizeof(*p));
			}
			memset(&p[n], 0, sizeof(p[n]));
			p[n].id = sqlite3_column_int64(st, 0);
			p[n].has_parent = sqlite3_column_type(st, 1) != SQLITE_NULL;
			p[n].parent = sqlite3_column_int64(st, 1);
			p[n].seed = sqlite3_column_int(st, 10);
			h->b = &label;
			rp_raw(h, "<span class=\"proc\"><span class=\"img\">");
			rp_esc_col(h, st, 2, CT_HTML_MARKUP);
			rp_raw(h, "</span>");
			if (sqlite3_column_type(st, 3) != SQLITE_NULL)
				rp_rawf(h, " pid %lld", (long long)sqlite3_column_int64(st, 3));
			if (sqlite3_column_type(st, 5) != SQLITE_NULL) {
				rp_raw(h, " · ");
				rp_esc_col(h, st, 5, CT_HTML_MARKUP);
			}
			rp_raw(h, " · started ");
			rp_time_col(h, st, 6);
			if (sqlite3_column_type(st, 7) != SQLITE_NULL) {
				rp_raw(h, ", ended ");
				rp_time_col(h, st, 7);
			}
			if (sqlite3_column_type(st, 8) != SQLITE_NULL)
				rp_rec_link(h, sqlite3_column_int64(st, 8));
			if (sqlite3_column_type(st, 4) != SQLITE_NULL) {
				rp_raw(h, "<span class=\"cmd\">");
				rp_esc_col(h, st, 4, CT_HTML_MARKUP);
				rp_raw(h, "</span>");
			}
			rp_raw(h, "</span>");
			h->b = saved;
			p[n].html = ct_buf_detach(&label, NULL);
			n++;
		}
		sqlite3_finalize(st);
	}
	if (n == 0) {
		rp_raw(h, "<p>No processes are linked to a finding.</p>\n");
	} else {
		rp_html_proc_svg(h);
		rp_raw(h, "<details class=\"tree-list\"><summary>As a list, "
		    "with every process and full command lines</summary>"
		    "<ul class=\"tree\">\n");
		/* Roots: processes whose parent is not in the set. */
		for (i = 0; i < n; i++) {
			int root = 1;

			for (j = 0; j < n && p[i].has_parent; j++)
				if (p[j].id == p[i].parent) {
					root = 0;
					break;
				}
			if (root && !p[i].done)
				proc_tree(h, p, n, i, 0);
		}
		/* Whatever a loop in the parent links kept from the roots. */
		for (i = 0; i < n; i++)
			if (!p[i].done)
				proc_tree(h, p, n, i, 0);
		rp_raw(h, "</ul></details>\n");
	}
	for (i = 0; i < n; i++)
		free(p[i].html);
	free(p);
	ct_buf_release(&label);
	rp_raw(h, "</section>\n");
}

static void
detail(void *ctx, const char *label, size_t len, int kind, sqlite3_stmt *st,
    int col)
{
	struct html *h = ctx;

	rp_raw(h, "<dt>");
	ct_buf_add_html(h->b, label, len, CT_HTML_MARKUP);
	rp_raw(h, "</dt><dd>");
	switch (kind) {
	case RP_D_INT:
		rp_rawf(h, "%lld", (long long)sqlite3_column_int64(st, col));
		break;
	case RP_D_TIME:
		rp_time_col(h, st, col);
		break;
	case RP_D_PRE: {
		size_t n;

		ct_sql_textn(st, col, &n);
		if (n > 120 || memchr(ct_sql_text(st, col), '\n', n)) {
			rp_raw(h, "<pre>");
			rp_esc_col(h, st, col, CT_HTML_MARKUP | CT_HTML_MULTILINE);
			rp_raw(h, "</pre>");
		} else {
			rp_raw(h, "<code>");
			rp_esc_col(h, st, col, CT_HTML_MARKUP);
			rp_raw(h, "</code>");
		}
		break;
	}
	default:
		rp_esc_col(h, st, col, CT_HTML_MARKUP);
	}
	rp_raw(h, "</dd>\n");
}

static int
ends_with(const char *s, const char *tail)
{
	size_t n = strlen(s), m = strlen(tail);

	return m <= n && strcmp(s + n - m, tail) == 0;
}

/* Where a source sits: its path, then each enclosing source's path. */
static void
source_chain(struct html *h, sqlite3_stmt *up, int64_t parent, int has_parent)
{
	int depth = 0;

	while (has_parent && depth++ < 8) {
		sqlite3_reset(up);
		sqlite3_bind_int64(up, 1, parent);
		if (sqlite3_step(up) != SQLITE_ROW)
			break;
		rp_raw(h, "<br><span class=\"note\">inside ");
		rp_esc_col(h, up, 0, CT_HTML_MARKUP);
		/* A volume's path already ends with its locator: say it once. */
		if (sqlite3_column_type(up, 1) != SQLITE_NULL &&
		    !ends_with(ct_sql_text(up, 0), ct_sql_text(up, 1))) {
			rp_raw(h, " (");
			rp_esc_col(h, up, 1, CT_HTML_MARKUP);
			rp_raw(h, ")");
		}
		if (sqlite3_column_type(up, 2) != SQLITE_NULL) {
			rp_raw(h, ", SHA-256 <span class=\"hash\">");
			rp_esc_col(h, up, 2, CT_HTML_MARKUP);
			rp_raw(h, "</span>");
		}
		rp_raw(h, "</span>");
		has_parent = sqlite3_column_type(up, 3) != SQLITE_NULL;
		parent = sqlite3_column_int64(up, 3);
	}
}

static void
appendix(struct html *h)
{
	sqlite3_stmt *rec, *evs, *up, *hits, *story;
	struct ct_buf label = CT_BUF_INIT;
	struct ct_error err = CT_ERROR_INIT;
	size_t i;

	rp_rawf(h, "<section id=\"evidence\"><h2>Evidence</h2>\n<p class=\"print-note\">"
	    "Printed, this appendix is a summary: the %zu records the report "
	    "cites, each with its source file, SHA-256, place and every field, "
	    "are in the HTML report; each reference above names its record as "
	    "the evidence does.</p>\n", h->rs.n);
	rp_raw(h, "<p class=\"note\">"
	    "Every record cited above: where it comes from (source file and its "
	    "SHA-256, place inside it) and what it holds.</p>\n");
	if (h->rs.dropped)
		rp_rawf(h, "<p class=\"note\">%lld further cited records are over "
		    "the limit of %d and are shown by id only; the case file "
		    "holds them (table record).</p>\n", (long long)h->rs.dropped,
		    CT_REPORT_MAX_RECORDS);
	rec = rp_prep(h, rp_sql_record);
	evs = rp_prep(h, rp_sql_record_events);
	up = rp_prep(h, "SELECT path, locator, sha256, parent_id FROM source "
	    "WHERE id = ?");
	story = rp_prep(h, "SELECT EXISTS (SELECT 1 FROM finding_evidence fe "
	    "JOIN finding f ON f.id = fe.finding_id WHERE fe.record_id = ?1 AND "
	    "f.severity NOT IN ('info', 'low')) OR EXISTS (SELECT 1 FROM "
	    "narrative_evidence WHERE record_id = ?1) OR EXISTS (SELECT 1 FROM "
	    "indicator_hit WHERE record_id = ?1) OR EXISTS (SELECT 1 FROM "
	    "coverage WHERE record_id = ?1) OR NOT EXISTS (SELECT 1 FROM "
	    "finding_evidence WHERE record_id = ?1)");
	hits = rp_prep(h, "SELECT i.type, i.value, h.field, h.matched FROM "
	    "indicator_hit h JOIN indicator i ON i.id = h.indicator_id WHERE "
	    "h.record_id = ? ORDER BY h.id LIMIT 50");
	for (i = 0; rec && evs && up && hits && story && i < h->rs.n; i++) {
		int64_t rid = h->rs.ids[i];
		char type[16];

		sqlite3_reset(rec);
		sqlite3_bind_int64(rec, 1, rid);
		if (sqlite3_step(rec) != SQLITE_ROW) {
			rp_rawf(h, "<section class=\"rec\" id=\"rec-%lld\"><h4>Record "
			    "%lld</h4><p>This record is cited but missing from "
			    "the case file.</p></section>\n", (long long)rid,
			    (long long)rid);
			continue;
		}
		snprintf(type, sizeof(type), "%s", ct_sql_text(rec, 2));
		ct_buf_reset(&label);
		rp_ref_label(&label, ct_sql_text(rec, 2), ct_sql_text(rec, 3),
		    ct_sql_text(rec, 7));
		rp_rawf(h, "<section class=\"rec\" id=\"rec-%lld\"><h4>",
		    (long long)rid);
		ct_buf_add_html(h->b, label.buf, label.len, CT_HTML_MARKUP);
		rp_flag_badges(h, sqlite3_column_int64(rec, 5));
		rp_raw(h, " <span class=\"note\">");
		rp_esc_col(h, rec, 2, CT_HTML_MARKUP);
		rp_rawf(h, " · case record %lld</span>", (long long)rid);
		rp_raw(h, "</h4>\n<dl class=\"kv\"><dt>summary</dt><dd>");
		rp_esc_col(h, rec, 6, CT_HTML_MARKUP);
		rp_rawf(h, "</dd>\n<dt>source</dt><dd><a href=\"#src-%lld\">source "
		    "%lld</a> <code>", (long long)sqlite3_column_int64(rec, 1),
		    (long long)sqlite3_column_int64(rec, 1));
		rp_esc_col(h, rec, 7, CT_HTML_MARKUP);
		rp_raw(h, "</code> (");
		rp_esc_col(h, rec, 9, CT_HTML_MARKUP);
		rp_raw(h, "), SHA-256 <span class=\"hash\">");
		rp_esc_col(h, rec, 8, CT_HTML_MARKUP);
		rp_raw(h, "</span>");
		source_chain(h, up, sqlite3_column_int64(rec, 10),
		    sqlite3_column_type(rec, 10) != SQLITE_NULL);
		rp_raw(h, "</dd>\n<dt>place in source</dt><dd>");
		rp_esc_col(h, rec, 3, CT_HTML_MARKUP);
		if (sqlite3_column_type(rec, 4) != SQLITE_NULL)
			rp_rawf(h, ", byte offset %lld (0x%llx)",
			    (long long)sqlite3_column_int64(rec, 4),
			    (unsigned long long)sqlite3_column_int64(rec, 4));
		rp_raw(h, "</dd>\n<dt>times</dt><dd>");
		sqlite3_reset(evs);
		sqlite3_bind_int64(evs, 1, rid);
		while (sqlite3_step(evs) == SQLITE_ROW) {
			rp_time_col(h, evs, 0);
			rp_raw(h, " ");
			rp_esc_col(h, evs, 1, CT_HTML_MARKUP);
			rp_raw(h, "<br>");
		}
		rp_raw(h, "</dd>\n");
		/*
		 * Records only routine findings cite get their place, not
		 * their fields: the story's records are what a reader opens.
		 */
		sqlite3_reset(story);
		sqlite3_bind_int64(story, 1, rid);
		if (sqlite3_step(story) == SQLITE_ROW &&
		    sqlite3_column_int(story, 0)) {
			if (rp_record_details(h->c, rid, type, detail, h,
			    &err) != CT_OK)
				h->failed = 1;
		} else {
			rp_raw(h, "<dt>fields</dt><dd class=\"note\">cited by "
			    "routine findings only; the case file and the "
			    "exports hold its fields</dd>\n");
		}
		sqlite3_reset(hits);
		sqlite3_bind_int64(hits, 1, rid);
		while (sqlite3_step(hits) == SQLITE_ROW) {
			rp_raw(h, "<dt>indicator hit</dt><dd>");
			rp_esc_col(h, hits, 0, CT_HTML_MARKUP);
			rp_raw(h, " <code>");
			rp_esc_col(h, hits, 1, CT_HTML_MARKUP);
			rp_raw(h, "</code> in ");
			rp_esc_col(h, hits, 2, CT_HTML_MARKUP);
			rp_raw(h, ": <code>");
			rp_esc_col(h, hits, 3, CT_HTML_MARKUP);
			rp_raw(h, "</code></dd>\n");
		}
		rp_raw(h, "</dl></section>\n");
		rp_flush(h);
	}
	sqlite3_finalize(rec);
	sqlite3_finalize(evs);
	sqlite3_finalize(up);
	sqlite3_finalize(hits);
	sqlite3_finalize(story);
	ct_buf_release(&label);
	if (h->rs.n == 0)
		rp_raw(h, "<p>No records are cited.</p>\n");
	rp_raw(h, "</section>\n");
}

/* Record counts and the evidence inventory: Methodology, not the summary. */
static void
inventory(struct html *h)
{
	sqlite3_stmt *st;
	size_t i;
	int64_t n;

	rp_raw(h, "<h3>What the case holds</h3>\n");
	rp_raw(h, "<table class=\"counts\"><tbody>\n");
	for (i = 0; i < CT_ARRAY_SIZE(summary_counts); i++)
		rp_rawf(h, "<tr><th>%s</th><td>%lld</td></tr>\n",
		    summary_counts[i].label,
		    (long long)rp_count(h, summary_counts[i].sql));
	rp_raw(h, "</tbody></table>\n");

	rp_raw(h, "<h3>Evidence inventory</h3>\n<p class=\"print-note\">Printed "
	    "with each source's SHA-256; the HTML report also gives MD5 and "
	    "SHA-1.</p>\n<p class=\"note\">Hashes were "
	    "computed before parsing. Nested sources were found inside the "
	    "source named as their parent.</p>\n<table class=\"inventory\">"
	    "<thead><tr><th>id</th><th>kind</th><th>path</th><th>size (bytes)"
	    "</th><th>SHA-256 / MD5 / SHA-1</th><th>status</th><th>parser</th>"
	    "<th>warnings</th></tr></thead><tbody>\n");
	if ((st = rp_prep(h, rp_sql_sources))) {
		while (sqlite3_step(st) == SQLITE_ROW) {
			rp_rawf(h, "<tr id=\"src-%lld\"><td>%lld</td><td>",
			    (long long)sqlite3_column_int64(st, 0),
			    (long long)sqlite3_column_int64(st, 0));
			rp_esc_col(h, st, 2, CT_HTML_MARKUP);
			rp_raw(h, "</td><td><code>");
			rp_esc_col(h, st, 3, CT_HTML_MARKUP);
			rp_raw(h, "</code>");
			if (sqlite3_column_type(st, 1) != SQLITE_NULL) {
				rp_rawf(h, "<br><span class=\"note\">in source "
				    "<a href=\"#src-%lld\">%lld</a>",
				    (long long)sqlite3_column_int64(st, 1),
				    (long long)sqlite3_column_int64(st, 1));
				if (sqlite3_column_type(st, 4) != SQLITE_NULL) {
					rp_raw(h, ", ");
					rp_esc_col(h, st, 4, CT_HTML_MARKUP);
				}
				rp_raw(h, "</span>");
			}
			/* The note under the path: the widest column. */
			if (sqlite3_column_type(st, 11) != SQLITE_NULL) {
				rp_raw(h, "<br><span class=\"note\">");
				rp_esc_col(h, st, 11, CT_HTML_MARKUP);
				rp_raw(h, "</span>");
			}
			rp_raw(h, "</td><td>");
			if (sqlite3_column_type(st, 5) != SQLITE_NULL)
				rp_rawf(h, "%lld", (long long)sqlite3_column_int64(st, 5));
			rp_raw(h, "</td><td class=\"hash\">");
			rp_esc_col(h, st, 8, CT_HTML_MARKUP);
			/* printed: SHA-256 only (report.css); the page has all three */
			rp_raw(h, "<span class=\"more-hashes\"><br>");
			rp_esc_col(h, st, 6, CT_HTML_MARKUP);
			rp_raw(h, "<br>");
			rp_esc_col(h, st, 7, CT_HTML_MARKUP);
			rp_raw(h, "</span>");
			rp_raw(h, "</td><td>");
			rp_esc_col(h, st, 9, CT_HTML_MARKUP);
			rp_raw(h, "</td><td>");
			rp_esc_col(h, st, 10, CT_HTML_MARKUP);
			rp_rawf(h, "</td><td>%lld</td></tr>\n",
			    (long long)sqlite3_column_int64(st, 12));
			rp_flush(h);
		}
		sqlite3_finalize(st);
	}
	rp_raw(h, "</tbody></table>\n");
	n = rp_count(h, "SELECT count(*) FROM source");
	if (n > 5000)
		rp_rawf(h, "<p class=\"note\">The first 5000 of %lld sources are "
		    "listed; <code>casetrail info</code> lists all.</p>\n",
		    (long long)n);
}

static void
methodology(struct html *h)
{
	sqlite3_stmt *st;
	char *created = ct_case_meta_get(h->c, "created_by");
	int64_t n;

	rp_raw(h, "<section id=\"methodology\"><h2>Methodology</h2>\n<dl class=\"kv\">"
	    "<dt>report written by</dt><dd>casetrail " CT_VERSION "</dd>\n"
	    "<dt>case file created by</dt><dd>casetrail ");
	rp_esc(h, created ? created : "(unknown)");
	free(created);
	rp_rawf(h, "</dd>\n<dt>case schema version</dt><dd>%lld</dd>\n"
	    "<dt>times</dt><dd>UTC, as stored in the evidence (FILETIME, "
	    "100 ns); no time zone conversion</dd>\n"
	    "<dt>limits of this page</dt><dd>timeline: the attack chain ± %lld "
	    "minutes, at most %d rows; %d indicator hits, %d warnings, "
	    "%d evidence records; the exports and the case file hold "
	    "everything</dd></dl>\n",
	    (long long)rp_count(h, "PRAGMA user_version"),
	    (long long)(CT_REPORT_STORY_MARGIN / CT_TICKS_PER_SEC / 60),
	    CT_REPORT_STORY_ROWS, CT_REPORT_MAX_HITS, CT_REPORT_MAX_WARNINGS,
	    CT_REPORT_MAX_RECORDS);
	inventory(h);
	rp_html_outliers(h);
	rp_raw(h, "<h3>Parsers run</h3>\n<table><thead><tr><th>parser</th>"
	    "<th>sources</th><th>ok</th><th>with warnings</th><th>failed</th>"
	    "<th>skipped or duplicate</th></tr></thead><tbody>\n");
	if ((st = rp_prep(h, rp_sql_parsers))) {
		while (sqlite3_step(st) == SQLITE_ROW) {
			rp_raw(h, "<tr><td>");
			rp_esc_col(h, st, 0, CT_HTML_MARKUP);
			rp_rawf(h, "</td><td>%lld</td><td>%lld</td><td>%lld</td>"
			    "<td>%lld</td><td>%lld</td></tr>\n",
			    (long long)sqlite3_column_int64(st, 1),
			    (long long)sqlite3_column_int64(st, 2),
			    (long long)sqlite3_column_int64(st, 3),
			    (long long)sqlite3_column_int64(st, 4),
			    (long long)sqlite3_column_int64(st, 5));
		}
		sqlite3_finalize(st);
	}
	rp_raw(h, "</tbody></table>\n<h3>What could not be parsed</h3>\n");
	if ((st = rp_prep(h, "SELECT id, path, status, note FROM source WHERE "
	    "status NOT IN ('ok', 'duplicate') ORDER BY id LIMIT 500"))) {
		int any = 0;

		while (sqlite3_step(st) == SQLITE_ROW) {
			if (!any)
				rp_raw(h, "<ul class=\"unparsed\">\n");
			any = 1;
			rp_rawf(h, "<li><a href=\"#src-%lld\">source %lld</a> <code>",
			    (long long)sqlite3_column_int64(st, 0),
			    (long long)sqlite3_column_int64(st, 0));
			rp_esc_col(h, st, 1, CT_HTML_MARKUP);
			rp_raw(h, "</code>: ");
			rp_esc_col(h, st, 2, CT_HTML_MARKUP);
			if (sqlite3_column_type(st, 3) != SQLITE_NULL) {
				rp_raw(h, " — ");
				rp_esc_col(h, st, 3, CT_HTML_MARKUP);
			}
			rp_raw(h, "</li>\n");
		}
		rp_raw(h, any ? "</ul>\n" : "<p>Every source was read completely.</p>\n");
		sqlite3_finalize(st);
	}
	n = rp_count(h, "SELECT count(*) FROM warning");
	rp_rawf(h, "<h3>Warnings (%lld)</h3>\n", (long long)n);
	if (n) {
		rp_raw(h, "<table class=\"warnings\"><thead><tr><th>source</th>"
		    "<th>offset</th><th>parser</th><th>message</th></tr></thead>"
		    "<tbody>\n");
		if ((st = rp_prep(h, rp_sql_warnings))) {
			while (sqlite3_step(st) == SQLITE_ROW) {
				rp_raw(h, "<tr><td>");
				rp_esc_col(h, st, 1, CT_HTML_MARKUP);
				rp_raw(h, "</td><td>");
				if (sqlite3_column_type(st, 2) != SQLITE_NULL)
					rp_rawf(h, "%lld", (long long)
					    sqlite3_column_int64(st, 2));
				rp_raw(h, "</td><td>");
				rp_esc_col(h, st, 3, CT_HTML_MARKUP);
				rp_raw(h, "</td><td>");
				rp_esc_col(h, st, 4, CT_HTML_MARKUP);
				rp_raw(h, "</td></tr>\n");
				rp_flush(h);
			}
			sqlite3_finalize(st);
		}
		rp_raw(h, "</tbody></table>\n");
		if (n > CT_REPORT_MAX_WARNINGS)
			rp_rawf(h, "<p class=\"note\">%d of %lld warnings shown; all "
			    "are in the case file (table warning).</p>\n",
			    CT_REPORT_MAX_WARNINGS, (long long)n);
	}
	rp_raw(h, "</section>\n");
}

enum ct_status
rp_html(struct ct_case *c, struct rp_out *o, struct ct_error *err)
{
	/*
	 * The page, top to bottom. A new section: a function writing it from
	 * the case (its SQL in report.c when the JSON report shows it too), a
	 * row here, and its place in the table of contents of head().
	 */
	static void (*const sections[])(struct html *) = {
		head, chains, narrative, summary, coverage, rp_html_findings,
		sigma_rules, indicators, charts,
		rp_html_story, processes, appendix, methodology,
	};
	struct html h;
	enum ct_status rc;
	size_t i;

	memset(&h, 0, sizeof(h));
	h.c = c;
	h.o = o;
	h.b = &o->b;
	if ((rc = rp_recset_collect(c, &h.rs, err)))
		return rc;
	for (i = 0; i < CT_ARRAY_SIZE(sections); i++)
		sections[i](&h);
	rp_raw(&h, "<script>");
	rp_raw(&h, ct_report_js);
	rp_raw(&h, "</script>\n</body>\n</html>\n");
	rp_recset_release(&h.rs);
	sqlite3_finalize(h.ref);
	if (h.failed)
		return ct_case_db_error(err, c->db, c->path, "cannot read the case");
	return CT_OK;
}
