/*
 * story.c - one timeline of the story, and the times that cannot be true.
 *
 * The story timeline covers the attack chain's span with a margin on
 * each side (the findings' span when there is no chain): every event of
 * that window once (the several times one record gives at the same
 * instant are one row), in time order, rows the findings cite marked
 * (those of findings above low strongly; they are the printed timeline),
 * and routine noise that no finding cites (browser caches, Windows
 * Update, processes ending, service state changes...) folded into one
 * counted "N similar rows" line per class and minute that opens on
 * click. The whole timeline stays in the exports.
 *
 * The outlier list (for Methodology) counts the event times left out of
 * the case's plausible range: zero and 1601, the Unix epoch, before
 * 1990, after the report was written, and the earliest 1 %.
 */
#include "compat.h"

#include "html-int.h"
#include "report.h"
#include "timefmt.h"
#include "xalloc.h"

#define STORY_MARGIN	CT_REPORT_STORY_MARGIN
#define STORY_MAX_ROWS	CT_REPORT_STORY_ROWS
#define FOLD_MIN	3	/* rows of a class in a minute that fold */
#define MINUTE		(60LL * 10000000)	/* ticks */

/*
 * Classes of routine rows, by a substring of the row's summary (any
 * case). Data, not code: a row a finding cites is never folded, so a
 * pattern here can hide noise but never evidence.
 */
static const struct noise {
	const char *label;
	const char *const pat[6];
} noise[] = {
	{ "browser cache", { "/cache/", "\\cache\\", "cache_data", "inetcache",
	    "code cache", NULL } },
	{ "Windows Update", { "softwaredistribution", "windowsupdate",
	    "wuauserv", "\\catroot", NULL } },
	{ "processes ending", { "process terminated:", "process exited:",
	    NULL } },
	{ "service state changes", { "service control manager 7036", NULL } },
	{ "system logons", { "logon type 5:", "special privileges assigned",
	    NULL } },
	{ "temporary files", { ".tmp", "~$", NULL } },
	{ "logs and databases", { ".etl", ".evtx:", "\\logs\\", ".edb",
	    ".log", NULL } },
};

/* Case-insensitive substring test for ASCII patterns. */
static int
has(const char *s, const char *pat)
{
	size_t n = strlen(pat);

	for (; *s; s++) {
		size_t i;

		for (i = 0; i < n && s[i]; i++) {
			char c = s[i];

			if (c >= 'A' && c <= 'Z')
				c = (char)(c + 32);
			if (c != pat[i])
				break;
		}
		if (i == n)
			return 1;
	}
	return 0;
}

static int
classify(const char *summary)
{
	size_t i, j;

	for (i = 0; i < CT_ARRAY_SIZE(noise); i++)
		for (j = 0; noise[i].pat[j]; j++)
			if (has(summary, noise[i].pat[j]))
				return (int)i;
	return -1;
}

struct row {
	int64_t ts, rid, flags;
	char *desc, *type, *summary;
	int cited;		/* 2: a finding above low cites it, 1: a routine one */
	int cls, group;		/* group: index of the fold it is in, or -1 */
};

struct fold {
	int cls, n, first;
	int64_t minute;
};

static void
row_html(struct html *h, const struct row *r)
{
	/* Thousands of rows: classes by column position (report.css), not per cell. */
	rp_rawf(h, "<tr data-type=\"%s\"%s><td>", rp_type_key(r->type),
	    r->cited == 2 ? " class=\"hit\"" : r->cited ? " class=\"cite\"" :
	    "");
	rp_time_text(h, r->ts);
	rp_raw(h, "</td><td>");
	rp_esc(h, r->desc);
	rp_raw(h, "</td><td>");
	rp_esc_n(h, r->summary, strlen(r->summary), CT_HTML_MARKUP);
	rp_flag_badges(h, r->flags);
	rp_raw(h, "</td><td>");
	rp_rec_link(h, r->rid);
	rp_raw(h, "</td></tr>\n");
}

static const char table_head[] =
    "<table class=\"tl story\"><colgroup><col class=\"c-t\"><col "
    "class=\"c-k\"><col class=\"c-s\"><col class=\"c-r\"></colgroup><thead>"
    "<tr><th>time (UTC)</th><th>what</th><th>summary</th><th>evidence</th>"
    "</tr></thead><tbody>\n";

/* The window: the chain's span, else the non-routine findings' span. */
static int
story_window(struct html *h, int64_t *lo, int64_t *hi)
{
	*lo = rp_count(h, "SELECT coalesce(min(first_ts), 0) FROM chain");
	*hi = rp_count(h, "SELECT coalesce(max(coalesce(last_ts, first_ts)), 0) "
	    "FROM chain");
	if (*lo <= 0) {
		*lo = rp_count(h, "SELECT coalesce(min(first_ts), 0) FROM "
		    "finding WHERE severity IN ('medium', 'high', 'critical')");
		*hi = rp_count(h, "SELECT coalesce(max(coalesce(last_ts, "
		    "first_ts)), 0) FROM finding WHERE severity IN ('medium', "
		    "'high', 'critical')");
	}
	if (*lo <= 0 || *hi < *lo)
		return 0;
	*lo -= STORY_MARGIN;
	*hi += STORY_MARGIN;
	return 1;
}

void
rp_html_story(struct html *h)
{
	struct row *r = NULL;
	struct fold *f = NULL;
	size_t n = 0, alloc = 0, nf = 0, falloc = 0, i, j;
	int64_t lo, hi, total;
	sqlite3_stmt *st;
	char a[CT_TIME_ISO_LEN], b[CT_TIME_ISO_LEN];
	int shown = 0, folded = 0;

	rp_raw(h, "<section id=\"timeline\"><h2>Timeline of the story</h2>\n");
	if (!story_window(h, &lo, &hi)) {
		rp_raw(h, "<p>No finding of medium severity or more has a time: "
		    "no story to draw a timeline of. The whole timeline is in "
		    "the exports (<code>casetrail export</code>).</p></section>\n");
		return;
	}
	if ((st = rp_prep(h, "SELECT e.ts, group_concat(e.ts_desc, ', '), "
	    "r.id, r.type, r.summary, r.flags, coalesce((SELECT max(CASE WHEN "
	    "f.severity IN ('info', 'low') THEN 1 ELSE 2 END) FROM "
	    "finding_evidence fe JOIN finding f ON f.id = fe.finding_id WHERE "
	    "fe.record_id = r.id), 0) FROM event e JOIN record r ON r.id = e.record_id "
	    "WHERE e.ts BETWEEN ?1 AND ?2 GROUP BY e.record_id, e.ts ORDER BY "
	    "e.ts, r.id LIMIT ?3")) == NULL) {
		rp_raw(h, "</section>\n");
		return;
	}
	sqlite3_bind_int64(st, 1, lo);
	sqlite3_bind_int64(st, 2, hi);
	sqlite3_bind_int(st, 3, STORY_MAX_ROWS);
	while (sqlite3_step(st) == SQLITE_ROW) {
		struct row *p;

		if (n == alloc) {
			alloc = alloc ? alloc * 2 : 256;
			r = ct_xreallocarray(r, alloc, sizeof(*r));
		}
		p = &r[n++];
		p->ts = sqlite3_column_int64(st, 0);
		p->desc = ct_xstrdup(ct_sql_text(st, 1));
		p->rid = sqlite3_column_int64(st, 2);
		p->type = ct_xstrdup(ct_sql_text(st, 3));
		p->summary = ct_xstrdup(ct_sql_text(st, 4));
		p->flags = sqlite3_column_int64(st, 5);
		p->cited = sqlite3_column_int(st, 6);
		p->cls = p->cited ? -1 : classify(p->summary);
		p->group = -1;
	}
	sqlite3_finalize(st);
	/* Fold groups: one per class and minute, rows in order of first row. */
	for (i = 0; i < n; i++) {
		int64_t m = r[i].ts / MINUTE;

		if (r[i].cls < 0)
			continue;
		for (j = nf; j > 0; j--)
			if (f[j - 1].cls == r[i].cls && f[j - 1].minute == m)
				break;
		if (j == 0) {
			if (nf == falloc) {
				falloc = falloc ? falloc * 2 : 64;
				f = ct_xreallocarray(f, falloc, sizeof(*f));
			}
			f[nf].cls = r[i].cls;
			f[nf].minute = m;
			f[nf].n = 0;
			f[nf].first = (int)i;
			j = ++nf;
		}
		f[j - 1].n++;
		r[i].group = (int)j - 1;
	}
	for (i = 0; i < n; i++)
		if (r[i].group >= 0 && f[r[i].group].n < FOLD_MIN)
			r[i].group = -1;
	total = rp_count(h, "SELECT count(*) FROM event");
	ct_time_iso(lo, a);
	ct_time_iso(hi, b);
	rp_rawf(h, "<p class=\"note\">From %s to %s: the attack chain with "
	    "%lld minutes before and after. Each record's times at one "
	    "instant are one row; rows a finding cites are marked; routine "
	    "rows no finding cites are folded into counted lines (click to "
	    "open). The case holds ", a, b, (long long)(STORY_MARGIN / MINUTE));
	rp_num(h, total);
	rp_rawf(h, " events in all; the exports have them (<code>casetrail "
	    "export CASE --format csv --from %s --to %s</code>).</p>\n", a, b);
	rp_raw(h, "<div class=\"filter\"><input id=\"q\" type=\"search\" "
	    "placeholder=\"filter rows by text\" aria-label=\"filter\"> "
	    "<select id=\"qtype\" aria-label=\"record type\"><option value=\"\">"
	    "all types</option><option value=\"file\">file</option><option "
	    "value=\"evtx\">evtx</option><option value=\"usn\">usn</option>"
	    "<option value=\"prefetch\">prefetch</option><option value=\"evt\">"
	    "evt</option><option value=\"regkey\">regkey</option><option "
	    "value=\"artefact\">artefact</option></select> "
	    "<span id=\"qcount\" class=\"note\"></span> <span class=\"toolbar\">"
	    "<button id=\"expand\" type=\"button\">expand all</button><button "
	    "id=\"collapse\" type=\"button\">collapse all</button></span></div>\n");
	rp_raw(h, "<p class=\"print-note\">Printed, the timeline shows the "
	    "rows the findings cite; the HTML report has every row of the "
	    "window.</p>\n");
	rp_raw(h, table_head);
	for (i = 0; i < n; i++) {
		struct fold *g;
		size_t k;
		char x[CT_TIME_ISO_LEN], y[CT_TIME_ISO_LEN];
		int64_t last = r[i].ts;

		if (r[i].group < 0) {
			row_html(h, &r[i]);
			shown++;
			rp_flush(h);
			continue;
		}
		g = &f[r[i].group];
		if (g->first != (int)i)
			continue;
		for (k = i; k < n; k++)
			if (r[k].group == r[i].group)
				last = r[k].ts;
		ct_time_iso(r[i].ts, x);
		ct_time_iso(last, y);
		x[19] = y[19] = '\0';
		rp_rawf(h, "<tr class=\"fold\"><td colspan=\"4\"><details><summary>"
		    "%d similar rows: %s, %s to %s</summary>\n<table class=\"tl "
		    "story\"><colgroup><col class=\"c-t\"><col class=\"c-k\"><col "
		    "class=\"c-s\"><col class=\"c-r\"></colgroup><tbody>\n", g->n,
		    noise[g->cls].label, x + 11, y + 11);
		for (k = i; k < n; k++)
			if (r[k].group == r[i].group)
				row_html(h, &r[k]);
		rp_raw(h, "</tbody></table></details></td></tr>\n");
		folded += g->n;
		rp_flush(h);
	}
	rp_raw(h, "</tbody></table>\n");
	rp_raw(h, "<p class=\"note\">");
	rp_num(h, shown);
	rp_raw(h, " rows shown, ");
	rp_num(h, folded);
	rp_rawf(h, " folded into similar-row lines%s.</p>\n", n >= STORY_MAX_ROWS ?
	    "; the window holds more rows than the page shows" : "");
	rp_raw(h, "</section>\n");
	for (i = 0; i < n; i++) {
		free(r[i].desc);
		free(r[i].type);
		free(r[i].summary);
	}
	free(r);
	free(f);
}

/* Classes of impossible times: the label and its range in FILETIME. */
void
rp_html_outliers(struct html *h)
{
	int64_t lo, hi, junk, outside;
	const int64_t day = 86400LL * CT_TICKS_PER_SEC;
	const int64_t unix0 = ct_time_from_unix(0, 0);
	struct {
		const char *label;
		int64_t from, to;
	} cls[] = {
		{ "zero or 1601 (no time recorded)", INT64_MIN, day },
		{ "1970-01-01 (a zero Unix time)", unix0, unix0 + day - 1 },
		{ "other times before 1990", day + 1, rp_plausible_min() - 1 },
		{ "after the report was written", rp_plausible_max() + 1,
		    INT64_MAX },
	};
	sqlite3_stmt *st;
	size_t i;

	rp_raw(h, "<h3 id=\"outliers\">Times left out of the evidence's range"
	    "</h3>\n");
	if (!rp_plausible_range(h->c, &lo, &hi, &junk, &outside, &h->failed)) {
		rp_raw(h, "<p>The case has no plausible event time.</p>\n");
		return;
	}
	rp_raw(h, "<p>The summary's range is ");
	rp_time_text(h, lo);
	rp_raw(h, " to ");
	rp_time_text(h, hi);
	rp_rawf(h, ". Left out of it (the events stay in the timeline and "
	    "the exports):</p>\n<table class=\"outliers\"><thead><tr><th>kind"
	    "</th><th>events</th><th>for example</th></tr></thead><tbody>\n");
	st = rp_prep(h, "SELECT count(*), min(record_id) FROM event WHERE ts "
	    "BETWEEN ?1 AND ?2");
	for (i = 0; st && i < CT_ARRAY_SIZE(cls); i++) {
		/* 1970 lies inside "before 1990": count it once, there first. */
		sqlite3_reset(st);
		sqlite3_bind_int64(st, 1, cls[i].from);
		sqlite3_bind_int64(st, 2, cls[i].to);
		if (sqlite3_step(st) != SQLITE_ROW)
			continue;
		rp_rawf(h, "<tr><td>%s</td><td>%lld</td><td>", cls[i].label,
		    (long long)sqlite3_column_int64(st, 0));
		if (sqlite3_column_type(st, 1) != SQLITE_NULL)
			rp_rec_link(h, sqlite3_column_int64(st, 1));
		rp_raw(h, "</td></tr>\n");
	}
	sqlite3_finalize(st);
	rp_rawf(h, "<tr><td>earliest 1 %% of the plausible times "
	    "(install and build dates of system files, long-lived "
	    "artefacts)</td><td>%lld</td><td></td></tr>\n</tbody></table>\n",
	    (long long)outside);
	rp_raw(h, "<p class=\"note\">\"Other times before 1990\" includes the "
	    "1970 row above.</p>\n");
}
