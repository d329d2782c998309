/*
 * html-escape.c - the one function that puts evidence text into HTML
 * (ct_buf_add_html). The report embeds no evidence as data for scripts:
 * the page's filter reads the rendered text, so there is only one escaping
 * rule to get right.
 *
 * Follows the HTML Living Standard, "13.1.2.6 Restrictions on the contents
 * of raw text and escapable raw text elements" and the OWASP XSS
 * Prevention Cheat Sheet, rules 1 and 2 (entity-encode & < > " ' in text
 * and quoted attributes), and Unicode TR #9 for the bidirectional controls
 * (the "Trojan Source" attack, CVE-2021-42574) that are made visible.
 */
#include "compat.h"

#include "buf.h"
#include "report.h"
#include "utf8.h"

/* Decode the valid UTF-8 sequence of len bytes at p. */
static uint32_t
decode(const uint8_t *p, size_t len)
{
	switch (len) {
	case 1:
		return p[0];
	case 2:
		return (uint32_t)(p[0] & 0x1f) << 6 | (p[1] & 0x3f);
	case 3:
		return (uint32_t)(p[0] & 0x0f) << 12 |
		    (uint32_t)(p[1] & 0x3f) << 6 | (p[2] & 0x3f);
	default:
		return (uint32_t)(p[0] & 0x07) << 18 |
		    (uint32_t)(p[1] & 0x3f) << 12 |
		    (uint32_t)(p[2] & 0x3f) << 6 | (p[3] & 0x3f);
	}
}

/*
 * Code points that change how surrounding text is displayed without being
 * visible themselves: C1 controls, the bidi marks, embeddings, overrides
 * and isolates, and the line/paragraph separators.
 */
static int
is_hidden(uint32_t cp)
{
	return (cp >= 0x80 && cp < 0xa0) || cp == 0x061c ||
	    cp == 0x200e || cp == 0x200f ||
	    (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069) ||
	    cp == 0x2028 || cp == 0x2029;
}

static void
marker(struct ct_buf *b, const char *text, int flags)
{
	if (flags & CT_HTML_MARKUP)
		ct_buf_adds(b, "<span class=\"ctl\">");
	ct_buf_adds(b, text);
	if (flags & CT_HTML_MARKUP)
		ct_buf_adds(b, "</span>");
}

void
ct_buf_add_html(struct ct_buf *b, const char *s, size_t n, int flags)
{
	const uint8_t *p = (const uint8_t *)s;
	size_t i = 0, start = 0;
	char tmp[16];

	while (i < n) {
		uint8_t c = p[i];
		size_t len;
		uint32_t cp;
		const char *ent = NULL;

		/* Fast path: printable ASCII that needs no entity. */
		if (c >= 0x20 && c < 0x7f && c != '&' && c != '<' &&
		    c != '>' && c != '"' && c != '\'') {
			i++;
			continue;
		}
		len = ct_utf8_valid_prefix(p + i, n - i);
		cp = len ? decode(p + i, len) : 0;
		if (len > 1 && !is_hidden(cp)) {
			i += len;
			continue;
		}
		ct_buf_add(b, s + start, i - start);
		switch (c) {
		case '&': ent = "&amp;"; break;
		case '<': ent = "&lt;"; break;
		case '>': ent = "&gt;"; break;
		case '"': ent = "&quot;"; break;
		case '\'': ent = "&#39;"; break;
		default: break;
		}
		if (ent) {
			ct_buf_adds(b, ent);
		} else if ((c == '\n' || c == '\t') &&
		    (flags & CT_HTML_MULTILINE)) {
			ct_buf_addch(b, (char)c);
		} else if (c == '\r' && i + 1 < n && s[i + 1] == '\n' &&
		    (flags & CT_HTML_MULTILINE)) {
			/*
			 * A Windows line end is a line end: marking every CR
			 * of a CRLF script hides the text under markers. A
			 * CR alone (which can overwrite a line) stays marked.
			 */
			len = 1;
		} else if (len == 0) {
			/* Not UTF-8: show the byte, never pass it on. */
			snprintf(tmp, sizeof(tmp), "\\x%02x", c);
			marker(b, tmp, flags);
			len = 1;
		} else if (len == 1) {
			/* C0 controls and DEL; tab and newline too, so a
			 * command line cannot fake a second line. */
			snprintf(tmp, sizeof(tmp), "\\x%02x", c);
			marker(b, tmp, flags);
		} else {
			snprintf(tmp, sizeof(tmp), "\\u{%04" PRIX32 "}", cp);
			marker(b, tmp, flags);
		}
		i += len ? len : 1;
		start = i;
	}
	ct_buf_add(b, s + start, n - start);
}
