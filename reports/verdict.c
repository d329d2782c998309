/*
 * verdict.c - the top of the report, for the reader who reads nothing
 * else: the case header (case, evidence, examiner, threat report TLP,
 * generation time) and the verdict box (host and user, the time window
 * of the attack, what happened in two sentences taken from the chain,
 * severity and confidence, which indicators were found and which were
 * not, what was recovered, and the next steps, each tied to the finding
 * that calls for it).
 *
 * Everything here is read from the case file: the verdict restates the
 * chain, the findings and the indicator hits, it adds no judgement of its
 * own, and each claim links to the finding or record it rests on.
 */
#include "compat.h"

#include "html-int.h"
#include "report.h"
#include "timefmt.h"
#include "version.h"

#define VERDICT_MAX_LIST	8	/* hosts, users, indicators named inline */
#define CLAUSE_MAX		240	/* bytes of a step's statement quoted */

/* The chain's steps that are behaviour, not indicator restatements. */
#define BEHAVIOUR_STEPS \
	"SELECT f.id, f.rule, f.severity, f.confidence, f.first_ts, " \
	"coalesce(f.statement, f.title), f.title FROM chain_step cs JOIN " \
	"finding f ON " \
	"f.id = cs.finding_id WHERE cs.chain_id = ?1 AND f.rule <> 'ioc-hit' " \
	"ORDER BY cs.seq"

/* Hosts the evidence names: event-log computers and the registry's name. */
static const char sql_hosts[] =
    "SELECT name, sum(n) FROM (SELECT computer AS name, count(*) AS n "
    "FROM evtx WHERE computer IS NOT NULL AND computer <> '' GROUP BY 1 "
    "UNION ALL SELECT name, count(*) FROM artefact WHERE kind = "
    "'computer_name' AND name IS NOT NULL GROUP BY 1) GROUP BY "
    "upper(CASE WHEN instr(name, '.') THEN substr(name, 1, instr(name, "
    "'.') - 1) ELSE name END) ORDER BY 2 DESC, 1 LIMIT 16";

/* The accounts the chain's processes ran as, most processes first. */
static const char sql_chain_users[] =
    "SELECT p.user_name, count(*) FROM process p WHERE p.user_name IS NOT "
    "NULL AND p.user_name <> '' AND (p.start_record_id IN (SELECT "
    "record_id FROM finding_evidence WHERE finding_id IN (SELECT "
    "finding_id FROM chain_step)) OR p.end_record_id IN (SELECT "
    "record_id FROM finding_evidence WHERE finding_id IN (SELECT "
    "finding_id FROM chain_step))) GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 8";

/* Deleted files whose content was read back and that the story cites. */
static const char sql_recovered[] =
    "SELECT f.path, f.sha256, f.md5, f.size, f.record_id, f.inode, f.seq "
    "FROM file f WHERE f.allocated = 0 AND f.sha256 IS NOT NULL AND "
    "f.record_id IN (SELECT record_id FROM finding_evidence WHERE "
    "finding_id IN (SELECT finding_id FROM chain_step) UNION SELECT "
    "record_id FROM indicator_hit) ORDER BY f.record_id LIMIT 4";

/*
 * Valid indicators with their hits. Hashes of the same file are one
 * line: the file record they matched (the first one) names the group.
 */
static const char sql_iocs[] =
    "SELECT i.type, coalesce(i.normalized, i.value), (SELECT count(*) "
    "FROM indicator_hit h WHERE h.indicator_id = i.id) AS hits, (SELECT "
    "min(f.name) FROM indicator_hit h JOIN file f ON f.record_id = "
    "h.record_id WHERE h.indicator_id = i.id) AS file, (SELECT "
    "min(h.record_id) FROM indicator_hit h WHERE h.indicator_id = i.id) "
    "FROM indicator i WHERE i.valid = 1 GROUP BY 1, 2 ORDER BY hits = 0, "
    "i.type IN ('md5', 'sha1', 'sha256', 'sha512'), file, i.type, 2 "
    "LIMIT 200";

static int
is_hash(const char *type)
{
	return strcmp(type, "md5") == 0 || strcmp(type, "sha1") == 0 ||
	    strcmp(type, "sha256") == 0 || strcmp(type, "sha512") == 0;
}

/* Text up to the first "; " (a statement's main clause), capped. */
static void
esc_clause(struct html *h, const char *s)
{
	const char *semi = strstr(s, "; ");
	size_t n = semi ? (size_t)(semi - s) : strlen(s);
	const char *nl = memchr(s, '\n', n);

	if (nl)		/* a second sentence on its own line */
		n = (size_t)(nl - s);

	if (n > CLAUSE_MAX) {
		n = CLAUSE_MAX;
		while (n > 0 && ((unsigned char)s[n] & 0xc0) == 0x80)
			n--;
		ct_buf_add_html(h->b, s, n, CT_HTML_MARKUP);
		rp_raw(h, "…");
		return;
	}
	ct_buf_add_html(h->b, s, n, CT_HTML_MARKUP);
}

/* The names of sql's first column, comma separated; returns how many. */
static int
name_list(struct html *h, const char *sql, int max)
{
	sqlite3_stmt *st = rp_prep(h, sql);
	int n = 0;

	while (st && sqlite3_step(st) == SQLITE_ROW) {
		if (n < max) {
			if (n)
				rp_raw(h, ", ");
			rp_raw(h, "<strong>");
			rp_esc_col(h, st, 0, CT_HTML_MARKUP);
			rp_raw(h, "</strong>");
		}
		n++;
	}
	if (n > max)
		rp_rawf(h, " and %d more", n - max);
	sqlite3_finalize(st);
	return n;
}

/*
 * A value the image parser recorded from the EWF header into the
 * source's note ("..., case CT-2024-0042, evidence ..., examiner ...";
 * parsers/image/ewfmeta.c), up to the next ", " or ";", into out.
 * Returns 0 when the note has no such field.
 */
static int
ewf_field(const char *note, const char *label, struct ct_buf *out)
{
	size_t n = strlen(label);
	const char *p;

	for (p = note; p && *p; p++) {
		if ((p[0] == ',' || p[0] == ';') && p[1] == ' ' &&
		    strncmp(p + 2, label, n) == 0 && p[2 + n] == ' ') {
			const char *v = p + 3 + n, *e = v;

			while (*e && !(e[0] == ',' && e[1] == ' ') && *e != ';')
				e++;
			ct_buf_add(out, v, (size_t)(e - v));
			return out->len > 0;
		}
	}
	return 0;
}

/* The case ID: the case file's own (meta case_id), else the image's. */
static void
case_ref(struct html *h, struct ct_buf *out)
{
	char *id = ct_case_meta_get(h->c, "case_id");
	sqlite3_stmt *st;

	if (id) {
		ct_buf_adds(out, id);
		free(id);
		return;
	}
	if ((st = rp_prep(h, "SELECT coalesce(note, '') FROM source WHERE "
	    "parent_id IS NULL AND kind = 'image' ORDER BY id LIMIT 1")) &&
	    sqlite3_step(st) == SQLITE_ROW)
		ewf_field(ct_sql_text(st, 0), "case", out);
	sqlite3_finalize(st);
}

/* The first host name, as plain text (for the title), into b. */
static void
first_host(struct html *h, struct ct_buf *b)
{
	sqlite3_stmt *st = rp_prep(h, sql_hosts);

	if (st && sqlite3_step(st) == SQLITE_ROW)
		ct_buf_adds(b, ct_sql_text(st, 0));
	sqlite3_finalize(st);
}

void
rp_html_title(struct html *h)
{
	struct ct_buf host = CT_BUF_INIT, id = CT_BUF_INIT;

	first_host(h, &host);
	case_ref(h, &id);
	/* The <title> is what a browser tab, a PDF and a print header show. */
	rp_raw(h, "<title>");
	if (host.len) {
		ct_buf_add_html(h->b, host.buf, host.len, 0);
		rp_raw(h, " — ");
	}
	rp_raw(h, "incident report");
	if (id.len) {
		rp_raw(h, " — case ");
		ct_buf_add_html(h->b, id.buf, id.len, 0);
	}
	rp_raw(h, " (casetrail)</title>\n");
	ct_buf_release(&host);
	ct_buf_release(&id);
}

/* Text for a CSS string: only characters that need no escape, capped. */
static void
css_text(struct ct_buf *b, const char *s, size_t max)
{
	size_t n;

	for (n = 0; *s && n < max; s++, n++) {
		char c = *s;
		int ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || c == ' ' || c == '.' ||
		    c == '-' || c == '_' || c == ':';

		ct_buf_addch(b, ok ? c : '_');
	}
}

void
rp_html_print_style(struct html *h, struct ct_buf *css)
{
	struct ct_buf host = CT_BUF_INIT, id = CT_BUF_INIT;
	char iso[CT_TIME_ISO_LEN];

	/*
	 * Page headers and footers of the printed report (CSS paged media
	 * margin boxes). Host and case come from evidence: in a CSS string
	 * they keep letters, digits and . - _ : only.
	 */
	first_host(h, &host);
	case_ref(h, &id);
	ct_time_iso(rp_report_time(), iso);
	iso[10] = '\0';
	ct_buf_adds(css, "@page { @top-left { content: \"");
	css_text(css, host.len ? host.buf : "casetrail", 64);
	ct_buf_adds(css, " - incident report\"; font: 9px sans-serif; color: "
	    "#5a6270; } @top-right { content: \"");
	if (id.len) {
		ct_buf_adds(css, "case ");
		css_text(css, id.buf, 40);
	} else {
		ct_buf_adds(css, "casetrail " CT_VERSION);
	}
	ct_buf_adds(css, "\"; font: 9px sans-serif; color: #5a6270; } "
	    "@bottom-left { content: \"generated ");
	ct_buf_adds(css, iso);
	ct_buf_adds(css, "\"; font: 9px sans-serif; color: #5a6270; } "
	    "@bottom-right { content: \"page \" counter(page) \" of \" "
	    "counter(pages); font: 9px sans-serif; color: #5a6270; } }");
	ct_buf_release(&host);
	ct_buf_release(&id);
}

/* The case header, at the top of the body. */
void
rp_html_case_header(struct html *h)
{
	char iso[CT_TIME_ISO_LEN];
	sqlite3_stmt *st;
	char *id = ct_case_meta_get(h->c, "case_id");
	char *examiner = ct_case_meta_get(h->c, "examiner");
	struct ct_buf ewf_case = CT_BUF_INIT, ewf_evidence = CT_BUF_INIT;
	struct ct_buf ewf_examiner = CT_BUF_INIT, ewf_date = CT_BUF_INIT;
	int n = 0;

	rp_raw(h, "<header class=\"case\"><h1>Incident report");
	if ((st = rp_prep(h, sql_hosts)) && sqlite3_step(st) == SQLITE_ROW) {
		rp_raw(h, ": <span class=\"host\">");
		rp_esc_col(h, st, 0, CT_HTML_MARKUP);
		rp_raw(h, "</span>");
	}
	sqlite3_finalize(st);
	rp_raw(h, "</h1>\n<dl class=\"hdr\"><dt>case</dt><dd>");
	/* The examiner's own words first, then what the image header says. */
	if ((st = rp_prep(h, "SELECT coalesce(note, '') FROM source WHERE "
	    "parent_id IS NULL AND kind = 'image' ORDER BY id LIMIT 1")) &&
	    sqlite3_step(st) == SQLITE_ROW) {
		const char *note = ct_sql_text(st, 0);

		ewf_field(note, "case", &ewf_case);
		ewf_field(note, "evidence", &ewf_evidence);
		ewf_field(note, "examiner", &ewf_examiner);
		ewf_field(note, "acquisition date (as the tool wrote it, time "
		    "zone unknown)", &ewf_date);
	}
	sqlite3_finalize(st);
	if (id)
		rp_esc(h, id);
	else if (ewf_case.len)
		ct_buf_add_html(h->b, ewf_case.buf, ewf_case.len,
		    CT_HTML_MARKUP);
	else
		rp_raw(h, "<span class=\"muted\">no case ID recorded</span>");
	rp_raw(h, " · case file <code>");
	rp_esc(h, h->c->path);
	rp_raw(h, "</code></dd><dt>evidence</dt><dd>");
	/* The top-level evidence the examiner handed in, with its hash. */
	if ((st = rp_prep(h, "SELECT id, path, sha256, added_at FROM source "
	    "WHERE parent_id IS NULL AND kind <> 'ioc' ORDER BY id LIMIT 4"))) {
		while (sqlite3_step(st) == SQLITE_ROW) {
			rp_rawf(h, "%s<a href=\"#src-%lld\">E%lld</a> <code>",
			    n++ ? "<br>" : "",
			    (long long)sqlite3_column_int64(st, 0),
			    (long long)sqlite3_column_int64(st, 0));
			rp_esc_base(h, ct_sql_text(st, 1));
			rp_raw(h, "</code> SHA-256 <span class=\"hash\">");
			rp_esc_col(h, st, 2, CT_HTML_MARKUP);
			rp_raw(h, "</span>, read ");
			rp_time_col(h, st, 3);
		}
		sqlite3_finalize(st);
	}
	if (ewf_evidence.len) {
		rp_raw(h, " · evidence number ");
		ct_buf_add_html(h->b, ewf_evidence.buf, ewf_evidence.len,
		    CT_HTML_MARKUP);
	}
	if (ewf_date.len) {
		rp_raw(h, " · acquired ");
		ct_buf_add_html(h->b, ewf_date.buf, ewf_date.len, CT_HTML_MARKUP);
		rp_raw(h, " <span class=\"note\">(the acquisition tool's clock, "
		    "time zone unknown)</span>");
	}
	rp_raw(h, "</dd><dt>examiner</dt><dd>");
	if (examiner)
		rp_esc(h, examiner);
	else if (ewf_examiner.len)
		ct_buf_add_html(h->b, ewf_examiner.buf, ewf_examiner.len,
		    CT_HTML_MARKUP);
	else
		rp_raw(h, "<span class=\"muted\">not recorded in the case "
		    "file</span>");
	rp_raw(h, "</dd><dt>threat report</dt><dd>");
	n = 0;
	if ((st = rp_prep(h, "SELECT (SELECT value FROM case_context c2 WHERE "
	    "c2.source_id = c.source_id AND c2.key = 'title' LIMIT 1), "
	    "group_concat(upper(c.value), ', ') FROM case_context c WHERE "
	    "c.key = 'tag' AND lower(c.value) LIKE 'tlp:%' GROUP BY "
	    "c.source_id ORDER BY c.source_id LIMIT 4"))) {
		while (sqlite3_step(st) == SQLITE_ROW) {
			if (n++)
				rp_raw(h, "<br>");
			rp_raw(h, "<span class=\"tlp\">");
			rp_esc_col(h, st, 1, CT_HTML_MARKUP);
			rp_raw(h, "</span> ");
			rp_esc_col(h, st, 0, CT_HTML_MARKUP);
		}
		sqlite3_finalize(st);
	}
	if (!n)
		rp_raw(h, "<span class=\"muted\">no TLP marking</span>");
	rp_rawf(h, "</dd><dt>generated</dt><dd>%s by casetrail " CT_VERSION
	    "; all times UTC</dd></dl></header>\n",
	    ct_time_iso(rp_report_time(), iso));
	free(examiner);
	free(id);
	ct_buf_release(&ewf_case);
	ct_buf_release(&ewf_evidence);
	ct_buf_release(&ewf_examiner);
	ct_buf_release(&ewf_date);
}

/* Severity and confidence of a chain, and the reasons for the confidence. */
static void
verdict_rating(struct html *h, int64_t chain, const char *severity)
{
	sqlite3_stmt *st = rp_prep(h, "SELECT count(*), sum(f.confidence = "
	    "'high'), sum(EXISTS (SELECT 1 FROM finding_evidence fe JOIN "
	    "indicator_hit ih ON ih.record_id = fe.record_id WHERE "
	    "fe.finding_id = f.id)) FROM chain_step cs JOIN finding f ON f.id = "
	    "cs.finding_id WHERE cs.chain_id = ? AND f.rule <> 'ioc-hit'");
	int64_t steps = 0, high = 0, iocs = 0;
	const char *conf;

	if (st) {
		sqlite3_bind_int64(st, 1, chain);
		if (sqlite3_step(st) == SQLITE_ROW) {
			steps = sqlite3_column_int64(st, 0);
			high = sqlite3_column_int64(st, 1);
			iocs = sqlite3_column_int64(st, 2);
		}
		sqlite3_finalize(st);
	}
	/* High when most steps are high and the threat report agrees. */
	conf = high * 2 > steps && iocs ? "high" : high ? "medium" : "low";
	rp_raw(h, "<p class=\"rating\">Severity ");
	rp_sev_badge(h, severity);
	rp_rawf(h, " · confidence <strong>%s</strong> <span class=\"note\">"
	    "(%lld of %lld behaviour steps rated high confidence by the "
	    "analysis; the threat report's indicators match the evidence of "
	    "%lld of them)</span></p>\n", conf, (long long)high,
	    (long long)steps, (long long)iocs);
}

/* "2024-03-13 14:00:00 to 14:02:27 UTC (2 min 27 s)" */
static void
window_text(struct html *h, int64_t a, int64_t b)
{
	char x[CT_TIME_ISO_LEN], y[CT_TIME_ISO_LEN];
	int64_t secs = (b - a) / CT_TICKS_PER_SEC;

	ct_time_iso(a, x);
	ct_time_iso(b, y);
	x[10] = ' ';
	x[19] = '\0';
	y[19] = '\0';
	rp_rawf(h, "<strong class=\"window\">%s to %s UTC</strong> (", x,
	    memcmp(x, y, 10) == 0 ? y + 11 : y);
	if (secs < 120)
		rp_rawf(h, "%lld s)", (long long)secs);
	else if (secs < 7200)
		rp_rawf(h, "%lld min %lld s)", (long long)secs / 60,
		    (long long)secs % 60);
	else
		rp_rawf(h, "%.1f hours)", (double)secs / 3600);
}

/*
 * The verdict's first sentence, for the reader who reads one: how many
 * behaviours, of what severity, how many the threat report confirms.
 * It restates the chain; it judges nothing the chain does not.
 */
static void
lead(struct html *h, int64_t chain)
{
	sqlite3_stmt *st = rp_prep(h, "SELECT count(*), sum(EXISTS (SELECT 1 "
	    "FROM finding_evidence fe JOIN indicator_hit ih ON ih.record_id = "
	    "fe.record_id WHERE fe.finding_id = f.id)), (SELECT severity FROM "
	    "chain WHERE id = ?1), (SELECT group_concat(DISTINCT x.computer) "
	    "FROM chain_step c2 JOIN finding_evidence fe ON fe.finding_id = "
	    "c2.finding_id JOIN evtx x ON x.record_id = fe.record_id WHERE "
	    "c2.chain_id = ?1 AND x.computer <> '') FROM chain_step cs JOIN "
	    "finding f ON f.id = cs.finding_id WHERE cs.chain_id = ?1 AND "
	    "f.rule <> 'ioc-hit'");

	if (st == NULL)
		return;
	sqlite3_bind_int64(st, 1, chain);
	if (sqlite3_step(st) == SQLITE_ROW) {
		int64_t n = sqlite3_column_int64(st, 0);
		int64_t m = sqlite3_column_int64(st, 1);

		rp_rawf(h, "<strong class=\"lead\">An attack chain of %lld "
		    "behaviour step(s), rated %s, ran on ", (long long)n,
		    rp_sev_class(ct_sql_text(st, 2)));
		if (sqlite3_column_type(st, 3) != SQLITE_NULL)
			rp_esc_col(h, st, 3, CT_HTML_MARKUP);
		else
			rp_raw(h, "the host");
		if (m)
			rp_rawf(h, "; the threat report's indicators match %lld "
			    "of them", (long long)m);
		rp_raw(h, ".</strong> ");
	}
	sqlite3_finalize(st);
}

/* What happened, from the chain: its first and its last behaviour. */
static void
verdict_story(struct html *h, int64_t chain, int nsteps)
{
	sqlite3_stmt *st = rp_prep(h, BEHAVIOUR_STEPS);
	int64_t first = 0, last = 0;
	int n = 0;

	if (st == NULL)
		return;
	sqlite3_bind_int64(st, 1, chain);
	rp_raw(h, "<p class=\"verdict-text\">");
	lead(h, chain);
	while (sqlite3_step(st) == SQLITE_ROW) {
		if (n == 0) {
			first = sqlite3_column_int64(st, 0);
			rp_raw(h, "It began when ");
			esc_clause(h, ct_sql_text(st, 5));
			rp_rawf(h, " <a class=\"fref\" href=\"#finding-%lld\">"
			    "F%lld</a>", (long long)first, (long long)first);
		}
		last = sqlite3_column_int64(st, 0);
		n++;
	}
	if (n > 1) {
		sqlite3_reset(st);
		while (sqlite3_step(st) == SQLITE_ROW)
			if (sqlite3_column_int64(st, 0) == last)
				break;
		rp_rawf(h, "; %d behaviour(s) later it ended when ", n - 1);
		esc_clause(h, ct_sql_text(st, 5));
		rp_rawf(h, " <a class=\"fref\" href=\"#finding-%lld\">F%lld</a>",
		    (long long)last, (long long)last);
	}
	rp_rawf(h, ". The <a href=\"#chain\">attack chain</a> below draws its "
	    "%d behaviour step(s)", n);
	if (nsteps > n)
		rp_rawf(h, ", with the %d indicator hit(s) of the threat report "
		    "marked on them", nsteps - n);
	rp_raw(h, ".</p>\n");
	sqlite3_finalize(st);
}

/* Indicators found on the host and not found; hashes folded per file. */
static void
verdict_iocs(struct html *h)
{
	sqlite3_stmt *st = rp_prep(h, sql_iocs);
	struct ct_buf group = CT_BUF_INIT;
	int found = 0, missing = 0, in_missing = 0;
	int64_t rejected = rp_count(h, "SELECT count(*) FROM indicator WHERE "
	    "valid = 0");

	rp_raw(h, "<div class=\"iocs\"><p><strong>Indicators of the threat "
	    "report found on this host:</strong> ");
	while (st && sqlite3_step(st) == SQLITE_ROW) {
		const char *type = ct_sql_text(st, 0);
		int64_t hits = sqlite3_column_int64(st, 2);
		const char *file = ct_sql_text(st, 3);

		if (hits == 0 && !in_missing) {
			in_missing = 1;
			if (group.len)
				rp_raw(h, ")");
			ct_buf_reset(&group);
			rp_raw(h, found ? ".</p>\n" : "none.</p>\n");
			rp_raw(h, "<p><strong>Not found:</strong> ");
		}
		if (hits && is_hash(type) && *file) {
			/* md5, sha1, sha256 of one file: one entry */
			if (group.len && strcmp(group.buf, file) == 0) {
				rp_raw(h, ", ");
				rp_esc(h, type);
				continue;
			}
			if (group.len)
				rp_raw(h, ")");
			ct_buf_reset(&group);
			ct_buf_adds(&group, file);
			rp_raw(h, found++ ? "; " : "");
			rp_rawf(h, "<a href=\"#rec-%lld\">", (long long)
			    sqlite3_column_int64(st, 4));
			rp_esc(h, file);
			rp_raw(h, "</a> (by ");
			rp_esc(h, type);
			continue;
		}
		if (group.len)
			rp_raw(h, ")");
		ct_buf_reset(&group);
		if (hits) {
			rp_raw(h, found++ ? "; " : "");
			rp_raw(h, "<code>");
			rp_esc_col(h, st, 1, CT_HTML_MARKUP);
			rp_raw(h, "</code>");
		} else if (missing++ < 3 * VERDICT_MAX_LIST) {
			rp_raw(h, missing > 1 ? "; " : "");
			rp_esc(h, type);
			rp_raw(h, " <code>");
			rp_esc_col(h, st, 1, CT_HTML_MARKUP);
			rp_raw(h, "</code>");
		}
	}
	sqlite3_finalize(st);
	if (group.len)
		rp_raw(h, ")");
	ct_buf_release(&group);
	if (!in_missing)
		rp_raw(h, found ? ".</p>\n<p><strong>Not found:</strong> none "
		    "of the valid indicators" : "none.</p>\n<p><strong>Not "
		    "found:</strong> no valid indicators were loaded");
	else if (missing > 3 * VERDICT_MAX_LIST)
		rp_rawf(h, " and %d more", missing - 3 * VERDICT_MAX_LIST);
	if (rejected)
		rp_rawf(h, "; %lld line(s) of the threat report could not be "
		    "used (<a href=\"#ioc\">why</a>)", (long long)rejected);
	rp_raw(h, ".</p></div>\n");
}

static void
verdict_recovered(struct html *h)
{
	sqlite3_stmt *st = rp_prep(h, sql_recovered);

	while (st && sqlite3_step(st) == SQLITE_ROW) {
		rp_raw(h, "<p class=\"recovered\"><strong>Recovered:</strong> "
		    "the deleted file <code>");
		rp_esc_col(h, st, 0, CT_HTML_MARKUP);
		rp_raw(h, "</code>");
		if (sqlite3_column_type(st, 3) != SQLITE_NULL)
			rp_rawf(h, " (%lld bytes)", (long long)
			    sqlite3_column_int64(st, 3));
		rp_raw(h, " was read back from the disk image, SHA-256 "
		    "<span class=\"hash\">");
		rp_esc_col(h, st, 1, CT_HTML_MARKUP);
		rp_raw(h, "</span>");
		if (sqlite3_column_type(st, 2) != SQLITE_NULL) {
			rp_raw(h, ", MD5 <span class=\"hash\">");
			rp_esc_col(h, st, 2, CT_HTML_MARKUP);
			rp_raw(h, "</span>");
		}
		rp_raw(h, " ");
		rp_rec_link(h, sqlite3_column_int64(st, 4));
		rp_raw(h, "</p>\n");
	}
	sqlite3_finalize(st);
}

/* s with %1, %2, %3 replaced by the escaped columns 1..3 of st. */
static void
fill(struct html *h, const char *s, sqlite3_stmt *st)
{
	for (; *s; s++) {
		if (s[0] == '%' && s[1] >= '1' && s[1] <= '3') {
			rp_raw(h, "<strong>");
			rp_esc_col(h, st, s[1] - '0', CT_HTML_MARKUP);
			rp_raw(h, "</strong>");
			s++;
			continue;
		}
		ct_buf_addch(h->b, *s);
	}
}

static void
verdict_next_steps(struct html *h)
{
	size_t i;
	int n = 0;

	rp_raw(h, "<div class=\"next\"><h3>Recommended next steps</h3>\n<ol "
	    "class=\"next-steps\">\n");
	for (i = 0; i < rp_n_next_steps; i++) {
		sqlite3_stmt *st = rp_prep(h, rp_next_steps[i].why_sql);
		int64_t why;

		if (st == NULL || sqlite3_step(st) != SQLITE_ROW ||
		    sqlite3_column_type(st, 0) == SQLITE_NULL ||
		    sqlite3_column_type(st, 1) == SQLITE_NULL) {
			sqlite3_finalize(st);
			continue;
		}
		why = sqlite3_column_int64(st, 0);
		rp_raw(h, "<li class=\"action\">");
		fill(h, rp_next_steps[i].fmt, st);
		/* Negative ids are coverage rows, not findings. */
		if (why > 0)
			rp_rawf(h, " <a class=\"why\" href=\"#finding-%lld\">why: "
			    "F%lld</a>", (long long)why, (long long)why);
		else
			rp_raw(h, " <a class=\"why\" href=\"#coverage\">why: "
			    "coverage</a>");
		rp_raw(h, "</li>\n");
		n++;
		sqlite3_finalize(st);
	}
	if (!n)
		rp_raw(h, "<li>None: the analysis found nothing that calls for "
		    "a response. Review the findings below.</li>\n");
	rp_raw(h, "</ol></div>\n");
}

void
rp_html_verdict(struct html *h)
{
	/*
	 * The chain to sum up: the most severe, then the one whose behaviour
	 * the threat report's indicators match most (the analyst started
	 * from that report), then the one with the most kinds of behaviour
	 * (the fullest story), then the earliest. Its window
	 * is its steps' plausible times, never a 1601 or 1970 that a step
	 * without a time would give.
	 */
	sqlite3_stmt *st = rp_prep(h, "SELECT c.id, c.severity, (SELECT "
	    "min(" RP_SQL_FINDING_TS ") FROM chain_step cs JOIN finding f ON "
	    "f.id = cs.finding_id WHERE cs.chain_id = c.id), (SELECT max(max("
	    "coalesce(CASE WHEN f.last_ts BETWEEN :plo AND :phi THEN f.last_ts "
	    "END, 0), coalesce(" RP_SQL_FINDING_TS ", 0))) FROM chain_step cs "
	    "JOIN finding f ON f.id = cs.finding_id WHERE cs.chain_id = c.id), "
	    "(SELECT count(*) FROM chain_step cs WHERE cs.chain_id = c.id) "
	    "FROM chain c ORDER BY CASE c.severity WHEN 'critical' THEN 0 WHEN "
	    "'high' THEN 1 WHEN 'medium' THEN 2 ELSE 3 END, (SELECT count(*) "
	    "FROM chain_step cs JOIN finding f ON f.id = cs.finding_id WHERE "
	    "cs.chain_id = c.id AND f.rule <> 'ioc-hit' AND EXISTS (SELECT 1 "
	    "FROM finding_evidence fe JOIN indicator_hit ih ON ih.record_id = "
	    "fe.record_id WHERE fe.finding_id = f.id)) DESC, (SELECT "
	    "count(DISTINCT f.rule) FROM chain_step cs JOIN finding f ON f.id = "
	    "cs.finding_id WHERE cs.chain_id = c.id) DESC, c.first_ts IS NULL, "
	    "c.first_ts, c.id LIMIT 1");
	int have;
	int64_t nchains = rp_count(h, "SELECT count(*) FROM chain");

	if (st)
		rp_bind_plausible(st);
	have = st && sqlite3_step(st) == SQLITE_ROW;

	rp_raw(h, "<section id=\"verdict\" class=\"verdict\">\n<div class="
	    "\"verdict-main\"><h2>Verdict</h2>\n<p class=\"who\">Host ");
	if (!name_list(h, sql_hosts, VERDICT_MAX_LIST))
		rp_raw(h, "<span class=\"muted\">not named by the evidence"
		    "</span>");
	if (have) {
		rp_raw(h, " · account ");
		if (!name_list(h, sql_chain_users, VERDICT_MAX_LIST))
			rp_raw(h, "<span class=\"muted\">not recorded</span>");
		rp_raw(h, " · ");
		if (sqlite3_column_type(st, 2) == SQLITE_NULL)
			rp_raw(h, "<strong class=\"window\">time not recorded"
			    "</strong> (no step's evidence has a plausible "
			    "time)");
		else
			window_text(h, sqlite3_column_int64(st, 2),
			    sqlite3_column_int64(st, 3));
		rp_raw(h, "</p>\n");
		if (nchains > 1)
			rp_rawf(h, "<p class=\"note\">%lld attack chains; the "
			    "most severe is summed up here.</p>\n",
			    (long long)nchains);
		verdict_story(h, sqlite3_column_int64(st, 0),
		    sqlite3_column_int(st, 4));
		verdict_rating(h, sqlite3_column_int64(st, 0), ct_sql_text(st, 1));
	} else {
		rp_raw(h, "</p>\n<p class=\"verdict-text\">The analysis found no "
		    "attack chain in this case. ");
		rp_rawf(h, "%lld finding(s) are rated high or critical; see "
		    "<a href=\"#findings\">Findings</a>.</p>\n", (long long)
		    rp_count(h, "SELECT count(*) FROM finding WHERE severity "
		    "IN ('high', 'critical')"));
	}
	sqlite3_finalize(st);
	verdict_iocs(h);
	verdict_recovered(h);
	rp_raw(h, "</div>\n");
	verdict_next_steps(h);
	rp_raw(h, "</section>\n");
}
