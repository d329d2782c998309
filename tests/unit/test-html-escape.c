/*
 * test-html-escape.c - ct_buf_add_html(), the one function that puts
 * evidence into the HTML report, and the export option parsers.
 */
#include "compat.h"

#include "buf.h"
#include "report.h"
#include "unit.h"

static char out[4096];

static const char *
html(const char *s, size_t n, int flags)
{
	struct ct_buf b = CT_BUF_INIT;

	ct_buf_add_html(&b, s, n, flags);
	snprintf(out, sizeof(out), "%s", b.buf);
	ct_buf_release(&b);
	return out;
}

#define H(s) html(s, sizeof(s) - 1, 0)
#define HM(s) html(s, sizeof(s) - 1, CT_HTML_MARKUP)

/* The five characters of HTML become entities; plain text is kept. */
UNIT_CASE(entities)
{
	CHECK_STR(H(""), "");
	CHECK_STR(H("plain text 123"), "plain text 123");
	CHECK_STR(H("<script>alert(1)</script>"),
	    "&lt;script&gt;alert(1)&lt;/script&gt;");
	CHECK_STR(H("\"><img src=x onerror='x'>"),
	    "&quot;&gt;&lt;img src=x onerror=&#39;x&#39;&gt;");
	CHECK_STR(H("a & b"), "a &amp; b");
	CHECK_STR(H("&amp;"), "&amp;amp;");
}

/* UTF-8 passes unchanged. */
UNIT_CASE(utf8)
{
	CHECK_STR(H("caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80"),
	    "caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80");
}

/* Controls become visible; newline and tab too unless multi-line. */
UNIT_CASE(controls)
{
	CHECK_STR(H("a\x1b[31mb\x07"), "a\\x1b[31mb\\x07");
	CHECK_STR(H("line1\nline2\tx"), "line1\\x0aline2\\x09x");
	CHECK_STR(html("line1\nline2\tx\r", 14, CT_HTML_MULTILINE),
	    "line1\nline2\tx\\x0d");
	/* CRLF is a line end in text that keeps lines; a lone CR is shown. */
	CHECK_STR(html("a\r\nb\rc\r\r\n", 9, CT_HTML_MULTILINE),
	    "a\nb\\x0dc\\x0d\n");
	CHECK_STR(H("a\r\nb"), "a\\x0d\\x0ab");
	CHECK_STR(H("\x7f"), "\\x7f");
	/* An embedded NUL is shown, and does not end the text. */
	CHECK_STR(html("a\0<b", 4, 0), "a\\x00&lt;b");
}

/* Invalid UTF-8: lone continuation, overlong, surrogate, truncated. */
UNIT_CASE(invalid_utf8)
{
	CHECK_STR(H("\x80"), "\\x80");
	CHECK_STR(H("\xc0\xbc"), "\\xc0\\xbc");
	CHECK_STR(H("\xed\xa0\x80"), "\\xed\\xa0\\x80");
	CHECK_STR(H("ab\xe2\x82"), "ab\\xe2\\x82");
}

/* C1 controls and bidi overrides (Trojan Source). */
UNIT_CASE(bidi)
{
	CHECK_STR(H("\xc2\x85"), "\\u{0085}");
	CHECK_STR(H("invoice\xe2\x80\xaegpj.exe"), "invoice\\u{202E}gpj.exe");
	CHECK_STR(H("\xe2\x81\xa6x\xe2\x81\xa9"), "\\u{2066}x\\u{2069}");
	CHECK_STR(H("\xe2\x80\x8f\xd8\x9c"), "\\u{200F}\\u{061C}");
	CHECK_STR(H("\xe2\x80\xa8"), "\\u{2028}");
	/* Not hidden: ordinary punctuation next to the bidi range. */
	CHECK_STR(H("\xe2\x80\x94"), "\xe2\x80\x94");
}

/* Markup mode wraps markers in a span, and still escapes the rest. */
UNIT_CASE(markup)
{
	CHECK_STR(HM("x\x01<"), "x<span class=\"ctl\">\\x01</span>&lt;");
	CHECK_STR(HM("\xe2\x80\xae"), "<span class=\"ctl\">\\u{202E}</span>");
}

/* A capped buffer truncates instead of overflowing. */
UNIT_CASE(cap)
{
	struct ct_buf b;

	ct_buf_init(&b, 8);
	ct_buf_add_html(&b, "<<<<<<<<", 8, 0);
	CHECK(b.truncated);
	CHECK(b.len <= 8);
	ct_buf_release(&b);
}

/* casetrail export --format: the names, an alias, and a refusal. */
UNIT_CASE(export_format)
{
	enum ct_export_format f;

	CHECK_INT(ct_export_format_parse("csv", &f), 0);
	CHECK_INT(f, CT_EXPORT_CSV);
	CHECK_INT(ct_export_format_parse("body", &f), 0);
	CHECK_INT(f, CT_EXPORT_BODYFILE);
	CHECK_INT(ct_export_format_parse("timesketch", &f), 0);
	CHECK_INT(f, CT_EXPORT_TIMESKETCH);
	CHECK_INT(ct_export_format_parse("xml", &f), -1);
}

/* casetrail export --type: a list of types; unknown or empty items fail. */
UNIT_CASE(export_types)
{
	unsigned mask;

	CHECK_INT(ct_export_types_parse("file,evtx", &mask), 0);
	CHECK_INT(mask, CT_EXPORT_TYPE_FILE | CT_EXPORT_TYPE_EVTX);
	CHECK_INT(ct_export_types_parse("prefetch", &mask), 0);
	CHECK_INT(mask, CT_EXPORT_TYPE_PREFETCH);
	CHECK_INT(ct_export_types_parse("files", &mask), -1);
	CHECK_INT(ct_export_types_parse("", &mask), -1);
	CHECK_INT(ct_export_types_parse("file,,", &mask), -1);
}

static const struct unit_case cases[] = {
	{ "entities", entities },
	{ "utf8", utf8 },
	{ "controls", controls },
	{ "invalid_utf8", invalid_utf8 },
	{ "bidi", bidi },
	{ "markup", markup },
	{ "cap", cap },
	{ "export_format", export_format },
	{ "export_types", export_types },
	{ NULL, NULL }
};

int
main(int argc, char **argv)
{
	return unit_run(cases, argc, argv);
}
