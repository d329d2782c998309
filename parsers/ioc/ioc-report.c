/*
 * ioc-report.c - the Markdown threat report (a MISP event rendered as
 * text, as in ../shared/threat-reports/, described in
 * /work/shared/design/reference.md section 6):
 *
 *	# Threat Report: <title>
 *	## Key Intelligence
 *	* Date: 2017-05-08
 *	* Threat Level: 3 (Low)
 *	* Tags: tlp:white, veris:actor:motive="Financial"
 *	## Indicators of Compromise (IOCs)
 *	### <MISP category>
 *	* <misp-type>: <value> — <comment>
 *	* text: <paragraph, continued on the following lines>
 *
 * The comment separator is an em dash between spaces; the same dash read
 * through the wrong code page ("â€”"), an en dash and " -- " are accepted
 * too, because reports pass through many hands.
 */
#include "compat.h"

#include <strings.h>

#include "ioc-int.h"
#include "xalloc.h"

struct line {
	const char *s;
	size_t n;
	int64_t no;
	size_t off;
};

/* Next line of buf (without its CR/LF); 0 at the end. */
static int
next_line(const char *buf, size_t n, size_t *pos, struct line *l)
{
	const char *nl;

	if (*pos >= n)
		return 0;
	l->s = buf + *pos;
	l->off = *pos;
	nl = memchr(l->s, '\n', n - *pos);
	l->n = nl ? (size_t)(nl - l->s) : n - *pos;
	*pos += l->n + (nl ? 1 : 0);
	if (l->n && l->s[l->n - 1] == '\r')
		l->n--;
	l->no++;
	return 1;
}

static int
starts(const struct line *l, const char *p)
{
	size_t m = strlen(p);

	return l->n >= m && memcmp(l->s, p, m) == 0;
}

static int
blank(const struct line *l)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		if (!strchr(" \t", l->s[i]))
			return 0;
	return 1;
}

/* Where the comment separator starts in [s, s+n), and its length. */
static const char *
find_sep(const char *s, size_t n, size_t *seplen)
{
	static const char *const seps[] = {
		" \xe2\x80\x94 ",		/* em dash */
		" \xc3\xa2\xe2\x82\xac\xe2\x80\x9d ",	/* em dash as cp1252 mojibake */
		" \xe2\x80\x93 ",		/* en dash */
		" -- ",
	};
	const char *best = NULL;
	size_t i;

	for (i = 0; i < CT_ARRAY_SIZE(seps); i++) {
		size_t m = strlen(seps[i]), j;

		for (j = 0; j + m <= n; j++)
			if (memcmp(s + j, seps[i], m) == 0) {
				if (!best || s + j < best) {
					best = s + j;
					*seplen = m;
				}
				break;
			}
	}
	/* a dash at the very end ("value —") leaves an empty comment */
	if (!best && n >= 4 && memcmp(s + n - 4, " \xe2\x80\x94", 4) == 0) {
		*seplen = 4;
		return s + n - 4;
	}
	return best;
}

/* "* key: rest" -> key and rest; 0 if the line has no such shape. */
static int
split_item(const struct line *l, const char **key, size_t *klen,
    const char **rest, size_t *rlen)
{
	const char *p = l->s + 2, *end = l->s + l->n, *colon;

	while (p < end && *p == ' ')
		p++;
	colon = memchr(p, ':', (size_t)(end - p));
	if (!colon || colon == p || colon - p > 64)
		return 0;
	*key = p;
	*klen = (size_t)(colon - p);
	p = colon + 1;
	while (p < end && *p == ' ')
		p++;
	*rest = p;
	*rlen = (size_t)(end - p);
	return 1;
}

/* A MISP type name: lower-case letters, digits, '-', '|'. */
static int
misp_type(const char *k, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!((k[i] >= 'a' && k[i] <= 'z') || (k[i] >= '0' &&
		    k[i] <= '9') || k[i] == '-' || k[i] == '|'))
			return 0;
	return n > 0;
}

/* Tags are comma separated; a comma inside double quotes is text. */
static void
add_tags(struct ioc_doc *d, int64_t line, const char *s, size_t n)
{
	size_t i, start = 0;
	int quoted = 0;

	for (i = 0; i <= n; i++) {
		if (i < n && s[i] == '"')
			quoted = !quoted;
		if (i == n || (s[i] == ',' && !quoted)) {
			ioc_doc_context(d, line, "tag", s + start, i - start);
			start = i + 1;
		}
	}
}

enum section { SEC_NONE, SEC_INTEL, SEC_IOC, SEC_OTHER };

enum ct_status
ioc_read_report(const char *buf, size_t n, struct ioc_doc *d,
    struct ct_error *err)
{
	struct line l = { NULL, 0, 0, 0 };
	struct ct_buf text = CT_BUF_INIT, category = CT_BUF_INIT;
	enum section sec = SEC_NONE;
	int64_t text_line = 0;
	size_t pos = 0;
	int in_text = 0, seen = 0;

	(void)err;
	d->format = "threat-report";
	ct_buf_init(&text, 1u << 20);
	if (n >= 3 && memcmp(buf, "\xef\xbb\xbf", 3) == 0)
		pos = 3;
	while (next_line(buf, n, &pos, &l)) {
		const char *key, *rest;
		size_t klen, rlen;
		int heading = starts(&l, "#");
		int item = starts(&l, "* ") || starts(&l, "- ");

		/* a text paragraph runs until the next item or heading */
		if (in_text && (heading || item || starts(&l, "---"))) {
			ioc_doc_context(d, text_line, "text", text.buf,
			    text.len);
			ct_buf_reset(&text);
			in_text = 0;
		}
		if (in_text) {
			ct_buf_addch(&text, '\n');
			ct_buf_add(&text, l.s, l.n);
			continue;
		}
		if (heading) {
			size_t h = 0;
			const char *t;
			size_t tn;

			while (h < l.n && l.s[h] == '#')
				h++;
			t = l.s + h;
			tn = l.n - h;
			while (tn && *t == ' ')
				t++, tn--;
			if (h == 1) {
				if (tn > 15 && memcmp(t, "Threat Report: ",
				    15) == 0)
					t += 15, tn -= 15;
				ioc_doc_context(d, l.no, "title", t, tn);
				seen = 1;
			} else if (h == 2) {
				if (tn >= 16 && strncasecmp(t,
				    "Key Intelligence", 16) == 0)
					sec = SEC_INTEL;
				else if (tn >= 10 && strncasecmp(t,
				    "Indicators", 10) == 0)
					sec = SEC_IOC;
				else
					sec = SEC_OTHER;
				ct_buf_reset(&category);
			} else if (sec == SEC_IOC) {
				ct_buf_reset(&category);
				ct_buf_add(&category, t, tn);
			}
			continue;
		}
		if (blank(&l) || starts(&l, "---"))
			continue;
		if (!item) {
			if (sec == SEC_IOC)
				ioc_doc_warn(d, l.no, (int64_t)l.off, "line "
				    "%" PRId64 ": not an indicator line, "
				    "ignored", l.no);
			continue;
		}
		if (!split_item(&l, &key, &klen, &rest, &rlen)) {
			if (sec == SEC_IOC)
				ioc_doc_warn(d, l.no, (int64_t)l.off, "line "
				    "%" PRId64 ": list item without 'type:', "
				    "ignored", l.no);
			continue;
		}
		seen = 1;
		if (sec == SEC_INTEL || sec == SEC_NONE) {
			if (klen == 4 && strncasecmp(key, "Date", 4) == 0)
				ioc_doc_context(d, l.no, "date", rest, rlen);
			else if (klen == 12 && strncasecmp(key,
			    "Threat Level", 12) == 0)
				ioc_doc_context(d, l.no, "threat_level", rest,
				    rlen);
			else if (klen == 4 && strncasecmp(key, "Tags", 4) == 0)
				add_tags(d, l.no, rest, rlen);
			else if (sec == SEC_INTEL) {
				char *k = ct_xstrndup(key, klen);

				ioc_lower(k);
				ioc_doc_context(d, l.no, k, rest, rlen);
				free(k);
			}
			continue;
		}
		if (sec != SEC_IOC)
			continue;
		if (klen == 4 && memcmp(key, "text", 4) == 0) {
			in_text = 1;
			text_line = l.no;
			ct_buf_add(&text, rest, rlen);
			continue;
		}
		if (!misp_type(key, klen)) {
			ioc_doc_warn(d, l.no, (int64_t)l.off, "line %" PRId64
			    ": '%.*s' is not a MISP type name, ignored",
			    l.no, (int)(klen > 40 ? 40 : klen), key);
			continue;
		}
		{
			size_t seplen = 0;
			const char *sep = find_sep(rest, rlen, &seplen);
			size_t vlen = sep ? (size_t)(sep - rest) : rlen;
			char *type = ct_xstrndup(key, klen);
			char *comment = NULL;

			if (sep)
				comment = ct_xstrndup(sep + seplen,
				    rlen - vlen - seplen);
			if (strcmp(type, "link") == 0) {
				struct ct_buf v = CT_BUF_INIT;

				/* references for the reader, not indicators */
				ct_buf_add(&v, rest, vlen);
				if (comment && *comment)
					ct_buf_addf(&v, " \xe2\x80\x94 %s",
					    comment);
				ioc_doc_context(d, l.no, "link", v.buf, v.len);
				ct_buf_release(&v);
			} else if (strcmp(type, "comment") == 0 ||
			    strcmp(type, "other") == 0) {
				ioc_doc_context(d, l.no, "text", rest, rlen);
			} else {
				ioc_doc_add(d, l.no, category.len ?
				    category.buf : NULL, type, rest, vlen,
				    comment, 1);
			}
			free(type);
			free(comment);
		}
	}
	if (in_text)
		ioc_doc_context(d, text_line, "text", text.buf, text.len);
	if (text.truncated)
		ioc_doc_warn(d, text_line, -1, "line %" PRId64 ": text "
		    "paragraph longer than 1 MiB, cut", text_line);
	ct_buf_release(&text);
	ct_buf_release(&category);
	if (!seen)
		ioc_doc_warn(d, 0, -1, "no title and no list items: nothing "
		    "read from this threat report");
	return CT_OK;
}
