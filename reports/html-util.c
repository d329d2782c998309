/*
 * html-util.c - the helpers every part of the HTML report writes with
 * (html-int.h): markup, escaped evidence text, times, severity badges,
 * evidence links named as the evidence names them, ATT&CK labels.
 */
#include "compat.h"

#include "html-int.h"
#include "report.h"
#include "timefmt.h"

void
rp_raw(struct html *h, const char *s)
{
	ct_buf_adds(h->b, s);
}

void
rp_rawf(struct html *h, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	ct_buf_vaddf(h->b, fmt, ap);
	va_end(ap);
}

void
rp_esc(struct html *h, const char *s)
{
	ct_buf_add_html(h->b, s ? s : "", s ? strlen(s) : 0, CT_HTML_MARKUP);
}

void
rp_esc_col(struct html *h, sqlite3_stmt *st, int i, int flags)
{
	size_t n;
	const char *s = ct_sql_textn(st, i, &n);

	rp_esc_n(h, s, n, flags);
}

void
rp_esc_n(struct html *h, const char *s, size_t n, int flags)
{
	if (n > CT_REPORT_MAX_TEXT) {
		size_t cut = CT_REPORT_MAX_TEXT;

		/* Do not split a UTF-8 sequence: back off to its start. */
		while (cut > CT_REPORT_MAX_TEXT - 4 &&
		    ((unsigned char)s[cut] & 0xc0) == 0x80)
			cut--;
		ct_buf_add_html(h->b, s, cut, flags);
		rp_rawf(h, "<span class=\"note\"> [… %zu more bytes; see the "
		    "case file]</span>", n - cut);
		return;
	}
	ct_buf_add_html(h->b, s, n, flags);
}

void
rp_esc_base(struct html *h, const char *path)
{
	const char *p, *base = path;

	for (p = path; *p; p++)
		if ((*p == '/' || *p == '\\') && p[1])
			base = p + 1;
	ct_buf_add_html(h->b, base, strlen(base), CT_HTML_MARKUP);
}

void
rp_num(struct html *h, int64_t v)
{
	char d[24];
	int n, i;

	if (v < 0) {
		ct_buf_addch(h->b, '-');
		v = v == INT64_MIN ? INT64_MAX : -v;
	}
	n = snprintf(d, sizeof(d), "%lld", (long long)v);
	for (i = 0; i < n; i++) {
		if (i && (n - i) % 3 == 0)
			ct_buf_addch(h->b, ',');
		ct_buf_addch(h->b, d[i]);
	}
}

void
rp_flush(struct html *h)
{
	rp_out_flush(h->o, 0);
}

void
rp_time_text(struct html *h, int64_t ticks)
{
	char iso[CT_TIME_ISO_LEN];

	rp_rawf(h, "<time>%s</time>", ct_time_iso(ticks, iso));
}

void
rp_time_col(struct html *h, sqlite3_stmt *st, int i)
{
	if (sqlite3_column_type(st, i) == SQLITE_NULL)
		rp_raw(h, "<span class=\"muted\">-</span>");
	else
		rp_time_text(h, sqlite3_column_int64(st, i));
}

int
rp_rec_label(struct html *h, int64_t rid, struct ct_buf *out)
{
	if (h->ref == NULL && (h->ref = rp_prep(h, "SELECT r.type, r.locator, "
	    "s.path FROM record r JOIN source s ON s.id = r.source_id WHERE "
	    "r.id = ?")) == NULL)
		return 0;
	sqlite3_reset(h->ref);
	sqlite3_bind_int64(h->ref, 1, rid);
	if (sqlite3_step(h->ref) != SQLITE_ROW)
		return 0;
	rp_ref_label(out, ct_sql_text(h->ref, 0), ct_sql_text(h->ref, 1),
	    ct_sql_text(h->ref, 2));
	return 1;
}

void
rp_rec_link(struct html *h, int64_t rid)
{
	struct ct_buf label = CT_BUF_INIT;
	int have = rp_rec_label(h, rid, &label);

	if (rp_recset_has(&h->rs, rid))
		rp_rawf(h, "<a class=\"ev\" href=\"#rec-%lld\" title=\"case "
		    "record %lld\">", (long long)rid, (long long)rid);
	else
		rp_raw(h, "<span class=\"ev\">");
	if (have)
		ct_buf_add_html(h->b, label.buf, label.len, CT_HTML_MARKUP);
	else
		rp_rawf(h, "record %lld", (long long)rid);
	rp_raw(h, rp_recset_has(&h->rs, rid) ? "</a>" : "</span>");
	ct_buf_release(&label);
}

const char *
rp_sev_class(const char *s)
{
	static const char *const known[] = { "critical", "high", "medium",
	    "low", "info" };
	size_t i;

	for (i = 0; s && i < CT_ARRAY_SIZE(known); i++)
		if (strcmp(s, known[i]) == 0)
			return known[i];
	return "info";
}

void
rp_sev_badge(struct html *h, const char *s)
{
	rp_rawf(h, "<span class=\"sev sev-%s\">", rp_sev_class(s));
	rp_esc(h, s && *s ? s : "info");
	rp_raw(h, "</span>");
}

const char *
rp_type_key(const char *t)
{
	static const char *const known[] = { "file", "evtx", "usn", "prefetch",
	    "evt", "regkey", "artefact" };
	size_t i;

	for (i = 0; t && i < CT_ARRAY_SIZE(known); i++)
		if (strcmp(t, known[i]) == 0)
			return known[i];
	return "other";
}

void
rp_flag_badges(struct html *h, int64_t flags)
{
	if (flags & 1)
		rp_raw(h, "<span class=\"badge\">deleted</span>");
	if (flags & 2)
		rp_raw(h, "<span class=\"badge\">recovered</span>");
	if (flags & 4)
		rp_raw(h, "<span class=\"badge\">damaged</span>");
	if (flags & 8)
		rp_raw(h, "<span class=\"badge\">content recovered</span>");
}

sqlite3_stmt *
rp_prep(struct html *h, const char *sql)
{
	return ct_sql_prepare_sticky(h->c, sql, &h->failed);
}

int64_t
rp_count(struct html *h, const char *sql)
{
	return ct_case_query_int(h->c, sql, 0, &h->failed);
}

void
rp_attack_ids(struct html *h, const char *s)
{
	while (s && *s) {
		size_t n = strcspn(s, ", ");

		if (n) {
			const struct rp_attack *a = rp_attack_find(s, n);

			rp_raw(h, "<span class=\"attack\">");
			ct_buf_add_html(h->b, s, n, CT_HTML_MARKUP);
			if (a)
				rp_rawf(h, " %s <span class=\"tactic\">(%s)"
				    "</span>", a->name, a->tactic);
			rp_raw(h, "</span>");
		}
		s += n;
		s += strspn(s, ", ");
	}
}
