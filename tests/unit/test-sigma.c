/*
 * test-sigma.c - unit tests of the Sigma engine (analysis/sigma): each
 * modifier and condition form on events built in memory, the rules that
 * must be refused (with their reason), the logsource table (Sysmon and
 * Security 4688 for process_creation, field translation), multi-document
 * files, case folding and the evtx.data JSON reader.
 */
#include "compat.h"

#include <stdarg.h>

#include "unit.h"

#include "sigma-int.h"
#include "sigma.h"
#include "xalloc.h"

#define SYSMON "Microsoft-Windows-Sysmon/Operational"
#define PROV_SYSMON "Microsoft-Windows-Sysmon"

/* The reason the last rule was skipped. */
static char last_reason[600];
static enum ct_sigma_skip last_kind;

static void
on_skip(void *arg, const char *file, unsigned line, enum ct_sigma_skip kind,
    const char *reason)
{
	(void)arg;
	(void)file;
	(void)line;
	snprintf(last_reason, sizeof(last_reason), "%s", reason);
	last_kind = kind;
}

/* A compiled set of one YAML text, or NULL when nothing loaded. */
static struct ct_sigma_set *
set_of(const char *yaml, struct ct_sigma_report *rep)
{
	struct ct_sigma_set *set = ct_sigma_set_new();
	struct ct_error err = CT_ERROR_INIT;

	memset(rep, 0, sizeof(*rep));
	rep->skip = on_skip;
	last_reason[0] = '\0';
	if (!set)
		return NULL;
	if (ct_sigma_load_text(set, "test.yml", yaml, strlen(yaml), rep,
	    &err) != CT_OK || ct_sigma_compile(set, &err) != CT_OK) {
		ct_sigma_free(set);
		return NULL;
	}
	return set;
}

/*
 * Does the set match an event? fields: name, value, ..., NULL. Returns the
 * number of rules that matched, -1 on setup failure.
 */
static int
vmatch(struct ct_sigma_set *set, const char *chan, const char *prov,
    int64_t eid, va_list ap)
{
	struct ct_sigma_field f[64];
	struct ct_sigma_event ev;
	struct ct_sigma_scratch *s;
	const char *name;
	size_t n = 0;
	int r;

	if (!set)
		return -1;
	while ((name = va_arg(ap, const char *)) != NULL && n < 64) {
		const char *v = va_arg(ap, const char *);

		f[n].name = name;
		f[n].name_len = strlen(name);
		f[n].value = v;
		f[n].value_len = strlen(v);
		f[n].system = 0;
		n++;
	}
	ev.channel = chan;
	ev.provider = prov;
	ev.event_id = eid;
	ev.fields = f;
	ev.nfields = n;
	s = ct_sigma_scratch_new(set);
	r = (int)ct_sigma_match(set, s, &ev, NULL, NULL);
	ct_sigma_scratch_free(s);
	return r;
}

static int
ev_match(struct ct_sigma_set *set, const char *chan, const char *prov,
    int64_t eid, ...)
{
	va_list ap;
	int r;

	va_start(ap, eid);
	r = vmatch(set, chan, prov, eid, ap);
	va_end(ap);
	return r;
}

/* A Sysmon process creation (event 1) with the given fields. */
static int
proc(struct ct_sigma_set *set, ...)
{
	va_list ap;
	int r;

	va_start(ap, set);
	r = vmatch(set, SYSMON, PROV_SYSMON, 1, ap);
	va_end(ap);
	return r;
}

#define HEAD(ls) \
	"title: test rule\n" \
	"id: 0b5d1e8a-7a2f-4f10-9a53-1b0c2e6f0001\n" \
	"author: tester\n" \
	"level: high\n" \
	"logsource:\n" ls \
	"detection:\n"
#define PC "  category: process_creation\n  product: windows\n"
#define RULE(det) HEAD(PC) det

/* One rule, one event: 1 match, 0 no match, -1 rule not loaded. */
static int
one(const char *yaml, ...)
{
	struct ct_sigma_report rep;
	struct ct_sigma_set *set = set_of(yaml, &rep);
	va_list ap;
	int r;

	if (!set || rep.loaded != 1) {
		ct_sigma_free(set);
		return -1;
	}
	va_start(ap, yaml);
	r = vmatch(set, SYSMON, PROV_SYSMON, 1, ap);
	va_end(ap);
	ct_sigma_free(set);
	return r;
}

/* The rule is refused, with kind and a reason containing what. */
static int
refused(const char *yaml, enum ct_sigma_skip kind, const char *what)
{
	struct ct_sigma_report rep;
	struct ct_sigma_set *set = set_of(yaml, &rep);
	int ok = set && rep.loaded == 0 && rep.skipped == 1 &&
	    rep.by_kind[kind] == 1 && strstr(last_reason, what) != NULL;

	if (!ok)
		printf("# kind %d (%s), reason: %s\n", last_kind,
		    ct_sigma_skip_name(last_kind), last_reason);
	ct_sigma_free(set);
	return ok;
}

static void
test_strings(void)
{
	const char *r;

	r = RULE("  sel:\n    Image|endswith: '\\whoami.exe'\n"
	    "  condition: sel\n");
	CHECK_INT(one(r, "Image", "C:\\Windows\\System32\\whoami.exe", NULL), 1);
	CHECK_INT(one(r, "Image", "C:\\WINDOWS\\SYSTEM32\\WHOAMI.EXE", NULL), 1);
	CHECK_INT(one(r, "Image", "C:\\whoami.exe.bak", NULL), 0);
	CHECK_INT(one(r, "CommandLine", "whoami.exe", NULL), 0);
	CHECK_INT(one(r, NULL), 0);

	r = RULE("  sel:\n    CommandLine|startswith: 'net '\n"
	    "  condition: sel\n");
	CHECK_INT(one(r, "CommandLine", "NET user", NULL), 1);
	CHECK_INT(one(r, "CommandLine", "xnet user", NULL), 0);

	r = RULE("  sel:\n    CommandLine|contains: ' -enc '\n"
	    "  condition: sel\n");
	CHECK_INT(one(r, "CommandLine", "powershell -ENC abc", NULL), 1);
	CHECK_INT(one(r, "CommandLine", "powershell -encx", NULL), 0);

	/* plain value: the whole value, without case */
	r = RULE("  sel:\n    OriginalFileName: 'Cmd.Exe'\n"
	    "  condition: sel\n");
	CHECK_INT(one(r, "OriginalFileName", "CMD.EXE", NULL), 1);
	CHECK_INT(one(r, "OriginalFileName", "cmd.exe.mui", NULL), 0);

	/* cased */
	r = RULE("  sel:\n    CommandLine|contains|cased: ' -O '\n"
	    "  condition: sel\n");
	CHECK_INT(one(r, "CommandLine", "wget -O x", NULL), 1);
	CHECK_INT(one(r, "CommandLine", "wget -o x", NULL), 0);

	/* a list is an "or", |all an "and" */
	r = RULE("  sel:\n    CommandLine|contains:\n      - 'alpha'\n"
	    "      - 'beta'\n  condition: sel\n");
	CHECK_INT(one(r, "CommandLine", "x beta", NULL), 1);
	CHECK_INT(one(r, "CommandLine", "gamma", NULL), 0);
	r = RULE("  sel:\n    CommandLine|contains|all:\n      - 'alpha'\n"
	    "      - 'beta'\n  condition: sel\n");
	CHECK_INT(one(r, "CommandLine", "beta then ALPHA", NULL), 1);
	CHECK_INT(one(r, "CommandLine", "alpha only", NULL), 0);

	/* non-ASCII case folding, as in localised account names */
	r = RULE("  sel:\n    User|contains: 'ÉCOLE\\АДМИН'\n"
	    "  condition: sel\n");
	CHECK_INT(one(r, "User", "école\\админ", NULL), 1);
	/* numbers and booleans are matched as the text Windows writes */
	r = RULE("  sel:\n    TerminalSessionId: 1\n    Signed: true\n"
	    "  condition: sel\n");
	CHECK_INT(one(r, "TerminalSessionId", "1", "Signed", "true", NULL), 1);
	CHECK_INT(one(r, "TerminalSessionId", "1", "Signed", "false", NULL), 0);
}

static void
test_wildcards(void)
{
	const char *r;

	/* a backslash before a wildcard is written \\* ('\*' is a plain '*') */
	r = RULE("  sel:\n    Image: 'C:\\Users\\\\*\\AppData\\\\*.exe'\n"
	    "  condition: sel\n");
	CHECK_INT(one(r, "Image", "C:\\Users\\bob\\AppData\\Local\\x.exe",
	    NULL), 1);
	CHECK_INT(one(r, "Image", "C:\\Users\\bob\\Desktop\\x.exe", NULL), 0);
	CHECK_INT(one(r, "Image", "C:\\Users\\bob\\AppData\\x.exe.txt", NULL),
	    0);

	r = RULE("  sel:\n    Image|endswith: '\\prog?.exe'\n"
	    "  condition: sel\n");
	CHECK_INT(one(r, "Image", "C:\\progA.exe", NULL), 1);
	CHECK_INT(one(r, "Image", "C:\\progé.exe", NULL), 1);	/* one character */
	CHECK_INT(one(r, "Image", "C:\\prog.exe", NULL), 0);
	CHECK_INT(one(r, "Image", "C:\\progAB.exe", NULL), 0);

	/* escapes: \* and \? are plain, \\ before a wildcard is a backslash */
	r = RULE("  sel:\n    CommandLine: 'a\\*b'\n  condition: sel\n");
	CHECK_INT(one(r, "CommandLine", "a*b", NULL), 1);
	CHECK_INT(one(r, "CommandLine", "axxb", NULL), 0);
	r = RULE("  sel:\n    CommandLine: 'what\\?'\n  condition: sel\n");
	CHECK_INT(one(r, "CommandLine", "what?", NULL), 1);
	CHECK_INT(one(r, "CommandLine", "whatx", NULL), 0);
	r = RULE("  sel:\n    CommandLine: 'dir\\\\*'\n  condition: sel\n");
	CHECK_INT(one(r, "CommandLine", "dir\\anything", NULL), 1);
	CHECK_INT(one(r, "CommandLine", "dir*", NULL), 0);
	r = RULE("  sel:\n    CommandLine: 'dir\\\\\\*'\n  condition: sel\n");
	CHECK_INT(one(r, "CommandLine", "dir\\*", NULL), 1);
	CHECK_INT(one(r, "CommandLine", "dir\\x", NULL), 0);
	/* a backslash before another character is itself */
	r = RULE("  sel:\n    Image: 'C:\\Windows\\x.exe'\n  condition: sel\n");
	CHECK_INT(one(r, "Image", "c:\\windows\\x.exe", NULL), 1);
	r = RULE("  sel:\n    Image: 'C:\\\\Windows'\n  condition: sel\n");
	CHECK_INT(one(r, "Image", "C:\\Windows", NULL), 1);
	/* a trailing backslash */
	r = RULE("  sel:\n    CurrentDirectory: 'C:\\Temp\\'\n"
	    "  condition: sel\n");
	CHECK_INT(one(r, "CurrentDirectory", "C:\\Temp\\", NULL), 1);
	/* '*' alone: any value of a present field */
	r = RULE("  sel:\n    CertThumbprint|contains: '*'\n"
	    "  condition: sel\n");
	CHECK_INT(one(r, "CertThumbprint", "ab12", NULL), 1);
	CHECK_INT(one(r, "Other", "x", NULL), 0);
}

static void
test_windash(void)
{
	const char *r = RULE("  sel:\n    CommandLine|contains|windash: "
	    "' -exec '\n  condition: sel\n");

	CHECK_INT(one(r, "CommandLine", "x -exec y", NULL), 1);
	CHECK_INT(one(r, "CommandLine", "x /exec y", NULL), 1);
	CHECK_INT(one(r, "CommandLine", "x \xe2\x80\x93" "exec y", NULL), 1);
	CHECK_INT(one(r, "CommandLine", "x \xe2\x80\x94" "exec y", NULL), 1);
	CHECK_INT(one(r, "CommandLine", "x \xe2\x80\x95" "exec y", NULL), 1);
	CHECK_INT(one(r, "CommandLine", "x +exec y", NULL), 0);
	/* only a dash that starts a word after a non-word character */
	r = RULE("  sel:\n    CommandLine|contains|windash: 'a-b'\n"
	    "  condition: sel\n");
	CHECK_INT(one(r, "CommandLine", "a-b", NULL), 1);
	CHECK_INT(one(r, "CommandLine", "a/b", NULL), 0);
	/* two dashes: every combination */
	r = RULE("  sel:\n    CommandLine|windash|contains: '-a -b'\n"
	    "  condition: sel\n");
	CHECK_INT(one(r, "CommandLine", "run /a \xe2\x80\x94" "b", NULL), 1);
	CHECK_INT(one(r, "CommandLine", "run -a /b", NULL), 1);
	CHECK_INT(one(r, "CommandLine", "run -a +b", NULL), 0);
}

/* base64 of s (for building events). */
static void
b64(char *out, size_t cap, const char *s, size_t n)
{
	struct ct_buf b = CT_BUF_INIT;

	sg_base64(&b, (const uint8_t *)s, n);
	snprintf(out, cap, "%s", b.buf);
	ct_buf_release(&b);
}

static void
test_base64(void)
{
	const char *r;
	char enc[512], buf[1024];
	int i;

	CHECK_INT(sizeof("x") > 0, 1);
	{
		struct ct_buf b = CT_BUF_INIT;

		sg_base64(&b, (const uint8_t *)"hello", 5);
		CHECK_STR(b.buf, "aGVsbG8=");
		ct_buf_release(&b);
	}
	r = RULE("  sel:\n    CommandLine|base64|contains: 'secret'\n"
	    "  condition: sel\n");
	b64(enc, sizeof(enc), "secret", 6);
	snprintf(buf, sizeof(buf), "x %s y", enc);
	CHECK_INT(one(r, "CommandLine", buf, NULL), 1);
	CHECK_INT(one(r, "CommandLine", "secret", NULL), 0);

	/* base64offset: the value at each of the three alignments */
	r = RULE("  sel:\n    CommandLine|base64offset|contains: "
	    "'DownloadString'\n  condition: sel\n");
	for (i = 0; i < 6; i++) {
		char plain[128];
		int n = snprintf(plain, sizeof(plain), "%.*sIEX DownloadString"
		    "('http://x/')", i, "ABCDEF");

		b64(enc, sizeof(enc), plain, (size_t)n);
		CHECK_INT(one(r, "CommandLine", enc, NULL), 1);
	}
	b64(enc, sizeof(enc), "IEX DownloadFile('x')", 21);
	CHECK_INT(one(r, "CommandLine", enc, NULL), 0);

	/* wide (UTF-16LE) then base64offset, as PowerShell -EncodedCommand */
	r = RULE("  sel:\n    CommandLine|wide|base64offset|contains: "
	    "'Invoke-Mimikatz'\n  condition: sel\n");
	for (i = 0; i < 3; i++) {
		char plain[128], wide[256];
		int n = snprintf(plain, sizeof(plain), "%.*sInvoke-Mimikatz -x",
		    i, "ab"), k;

		for (k = 0; k < n; k++) {
			wide[2 * k] = plain[k];
			wide[2 * k + 1] = 0;
		}
		b64(enc, sizeof(enc), wide, 2 * (size_t)n);
		snprintf(buf, sizeof(buf), "powershell -enc %s", enc);
		CHECK_INT(one(r, "CommandLine", buf, NULL), 1);
	}
	/* utf16be and utf16 (BOM) change the encoded bytes */
	r = RULE("  sel:\n    CommandLine|utf16be|base64|contains: 'ab'\n"
	    "  condition: sel\n");
	b64(enc, sizeof(enc), "\0a\0b", 4);
	CHECK_INT(one(r, "CommandLine", enc, NULL), 1);
	r = RULE("  sel:\n    CommandLine|utf16|base64|contains: 'ab'\n"
	    "  condition: sel\n");
	b64(enc, sizeof(enc), "\xff\xfe" "a\0b\0", 6);
	CHECK_INT(one(r, "CommandLine", enc, NULL), 1);
	{
		struct ct_buf b = CT_BUF_INIT;

		CHECK_INT(sg_utf16(&b, (const uint8_t *)"\xf0\x9f\x98\x80", 4,
		    0), 0);	/* U+1F600: a surrogate pair */
		CHECK(b.len == 4 && memcmp(b.buf, "\x3d\xd8\x00\xde", 4) == 0);
		ct_buf_reset(&b);
		CHECK_INT(sg_utf16(&b, (const uint8_t *)"\xc3", 1, 0), -1);
		ct_buf_release(&b);
	}
}

static void
test_re_cidr_num(void)
{
	const char *r;

	r = RULE("  sel:\n    CommandLine|re: '\\s-O\\s'\n  condition: sel\n");
	CHECK_INT(one(r, "CommandLine", "wget -O x", NULL), 1);
	CHECK_INT(one(r, "CommandLine", "wget -o x", NULL), 0);	/* cased */
	r = RULE("  sel:\n    CommandLine|re|i: '^NET\\s+USER'\n"
	    "  condition: sel\n");
	CHECK_INT(one(r, "CommandLine", "net  user bob", NULL), 1);
	r = RULE("  sel:\n    ScriptBlockText|re|m: '^Invoke$'\n"
	    "  condition: sel\n");
	CHECK_INT(one(r, "ScriptBlockText", "a\nInvoke\nb", NULL), 1);
	r = RULE("  sel:\n    ScriptBlockText|re: '^Invoke$'\n"
	    "  condition: sel\n");
	CHECK_INT(one(r, "ScriptBlockText", "a\nInvoke\nb", NULL), 0);
	r = RULE("  sel:\n    ScriptBlockText|re|s: 'a.b'\n  condition: sel\n");
	CHECK_INT(one(r, "ScriptBlockText", "a\nb", NULL), 1);
	r = RULE("  sel:\n    ScriptBlockText|re: 'a.b'\n  condition: sel\n");
	CHECK_INT(one(r, "ScriptBlockText", "a\nb", NULL), 0);

	/*
	 * The literal filter takes a literal from each regular expression:
	 * optional and repeated characters, groups, classes and escapes must
	 * not make it demand text a match does not contain.
	 */
	{
		static const struct {
			const char *re, *yes, *no;
		} t[] = {
			{ "ab?cd", "acd", "abd" },
			{ "abc*def", "abdef", "abcxdef" },
			{ "abcd{0,2}efg", "abcefg", "abcdefx" },
			{ "abcd+efg", "abcddefg", "abcefg" },
			{ "xyz(a|b)uvw", "xyzbuvw", "xyzcuvw" },
			{ "foo[0-9]+bar", "foo12bar", "foobar" },
			{ "(?i)ECHO.*clip", "echo x CLIP", "echo" },
			{ "\\\\.exe\\\\s+-x", "a.exe  -x", "aexe -x" },
			{ "cmd.{0,5}(?:/c|/r).+powershell", "cmd.exe /c powershell",
			    "cmd /x powershell" },
			{ "\\\\$PSHome\\\\[\\\\s*\\\\d", "$PSHome[ 4", "$PSHome 4" },
			{ "^(a|bc)d$", "bcd", "bd" },	/* top-level | : no literal */
			{ "a|bcd", "a", "bc" },
		};
		size_t i;

		for (i = 0; i < CT_ARRAY_SIZE(t); i++) {
			char y[512];

			snprintf(y, sizeof(y), RULE("  sel:\n    CommandLine|re: "
			    "\"%s\"\n  condition: sel\n"), t[i].re);
			CHECK_INT(one(y, "CommandLine", t[i].yes, NULL), 1);
			CHECK_INT(one(y, "CommandLine", t[i].no, NULL), 0);
		}
	}
	/* short literals (2 and 3 bytes) are filtered too, and still match */
	r = RULE("  sel:\n    CommandLine|contains:\n      - '^^'\n"
	    "      - ',;,'\n      - 'powershell'\n  condition: sel\n");
	CHECK_INT(one(r, "CommandLine", "c^^m^^d", NULL), 1);
	CHECK_INT(one(r, "CommandLine", "a ,;, b", NULL), 1);
	CHECK_INT(one(r, "CommandLine", "^ , ;", NULL), 0);
	{
		struct ct_sigma_report rep;
		struct ct_sigma_set *set = set_of(RULE("  sel:\n    CommandLine|re:"
		    " '\\$PSHome\\['\n  condition: sel\n"), &rep);
		struct ct_sigma_field f = { "CommandLine", 11, "no home", 7, 0 };
		struct ct_sigma_event ev = { SYSMON, PROV_SYSMON, 1, &f, 1 };
		struct ct_sigma_scratch *s = ct_sigma_scratch_new(set);
		struct ct_sigma_match_stats st;
		struct ct_sigma_index_stats is;

		ct_sigma_index_stats(set, &is);
		CHECK_INT(is.unfiltered, 0);
		CHECK_INT(ct_sigma_match(set, s, &ev, NULL, NULL), 0);
		ct_sigma_scratch_stats(s, &st);
		CHECK_INT(st.evaluated, 0);	/* "$pshome[" is not in it */
		ct_sigma_scratch_free(s);
		ct_sigma_free(set);
	}

	r = RULE("  sel:\n    DestinationIp|cidr:\n      - '10.0.0.0/8'\n"
	    "      - '192.168.1.0/24'\n      - 'fe80::/10'\n"
	    "  condition: sel\n");
	CHECK_INT(one(r, "DestinationIp", "10.255.0.1", NULL), 1);
	CHECK_INT(one(r, "DestinationIp", "192.168.1.77", NULL), 1);
	CHECK_INT(one(r, "DestinationIp", "192.168.2.1", NULL), 0);
	CHECK_INT(one(r, "DestinationIp", "11.0.0.1", NULL), 0);
	CHECK_INT(one(r, "DestinationIp", "fe80::1%12", NULL), 1);
	CHECK_INT(one(r, "DestinationIp", "fec0::1", NULL), 0);
	CHECK_INT(one(r, "DestinationIp", "not an address", NULL), 0);
	/* host bits in the network are ignored */
	r = RULE("  sel:\n    DestinationIp|cidr: '172.16.5.4/12'\n"
	    "  condition: sel\n");
	CHECK_INT(one(r, "DestinationIp", "172.31.0.1", NULL), 1);
	CHECK_INT(one(r, "DestinationIp", "172.32.0.1", NULL), 0);
	r = RULE("  sel:\n    DestinationIp|cidr: '2001:db8::/32'\n"
	    "  condition: sel\n");
	CHECK_INT(one(r, "DestinationIp", "2001:db8:ffff::1", NULL), 1);
	CHECK_INT(one(r, "DestinationIp", "2001:db9::1", NULL), 0);
	CHECK_INT(one(r, "DestinationIp", "10.0.0.1", NULL), 0);

	r = RULE("  sel:\n    Size|gt: 100\n  condition: sel\n");
	CHECK_INT(one(r, "Size", "101", NULL), 1);
	CHECK_INT(one(r, "Size", "100", NULL), 0);
	CHECK_INT(one(r, "Size", "0x65", NULL), 1);
	CHECK_INT(one(r, "Size", "big", NULL), 0);
	CHECK_INT(one(r, NULL), 0);
	r = RULE("  sel:\n    Size|gte: 100\n  condition: sel\n");
	CHECK_INT(one(r, "Size", "100", NULL), 1);
	r = RULE("  sel:\n    Size|lt: -5\n  condition: sel\n");
	CHECK_INT(one(r, "Size", "-6", NULL), 1);
	CHECK_INT(one(r, "Size", "-5", NULL), 0);
	r = RULE("  sel:\n    Size|lte: 7\n  condition: sel\n");
	CHECK_INT(one(r, "Size", "7", NULL), 1);
	CHECK_INT(one(r, "Size", "8", NULL), 0);
}

static void
test_special(void)
{
	const char *r;

	/* null: absent or empty; exists */
	r = RULE("  sel:\n    Image|endswith: '\\x.exe'\n  filter:\n"
	    "    CommandLine: null\n  condition: sel and not filter\n");
	CHECK_INT(one(r, "Image", "C:\\x.exe", "CommandLine", "x", NULL), 1);
	CHECK_INT(one(r, "Image", "C:\\x.exe", NULL), 0);
	CHECK_INT(one(r, "Image", "C:\\x.exe", "CommandLine", "", NULL), 0);
	r = RULE("  sel:\n    Image|endswith: '\\x.exe'\n    CommandLine: ''\n"
	    "  condition: sel\n");
	CHECK_INT(one(r, "Image", "C:\\x.exe", "CommandLine", "", NULL), 1);
	CHECK_INT(one(r, "Image", "C:\\x.exe", NULL), 1);
	CHECK_INT(one(r, "Image", "C:\\x.exe", "CommandLine", "a", NULL), 0);
	r = RULE("  sel:\n    ParentUser|exists: true\n  condition: sel\n");
	CHECK_INT(one(r, "ParentUser", "", NULL), 1);
	CHECK_INT(one(r, "User", "x", NULL), 0);
	r = RULE("  sel:\n    ParentUser|exists: false\n  condition: sel\n");
	CHECK_INT(one(r, "User", "x", NULL), 1);
	CHECK_INT(one(r, "ParentUser", "x", NULL), 0);

	/* fieldref */
	r = RULE("  sel:\n    Image|fieldref: ParentImage\n  condition: sel\n");
	CHECK_INT(one(r, "Image", "C:\\A.exe", "ParentImage", "c:\\a.exe",
	    NULL), 1);
	CHECK_INT(one(r, "Image", "C:\\A.exe", "ParentImage", "C:\\B.exe",
	    NULL), 0);
	CHECK_INT(one(r, "Image", "C:\\A.exe", NULL), 0);
	r = RULE("  sel:\n    CommandLine|fieldref|endswith: Image\n"
	    "  condition: sel\n");
	CHECK_INT(one(r, "CommandLine", "run C:\\a.exe", "Image", "C:\\a.exe",
	    NULL), 1);

	/* neq */
	r = RULE("  sel:\n    Image|endswith: '.exe'\n    User|neq: 'SYSTEM'\n"
	    "  condition: sel\n");
	CHECK_INT(one(r, "Image", "a.exe", "User", "bob", NULL), 1);
	CHECK_INT(one(r, "Image", "a.exe", "User", "system", NULL), 0);

	/* expand without a value is refused; with one it expands */
	r = RULE("  sel:\n    User|expand: '%Admins%'\n  condition: sel\n");
	CHECK(refused(r, CT_SIGMA_SKIP_PLACEHOLDER, "%Admins%"));
	{
		struct ct_sigma_set *set = ct_sigma_set_new();
		struct ct_sigma_report rep = CT_SIGMA_REPORT_INIT;
		struct ct_error err = CT_ERROR_INIT;
		const char *vals[] = { "CORP\\adm-*", "CORP\\root" };

		CHECK_INT(ct_sigma_set_placeholder(set, "Admins", vals, 2, &err),
		    CT_OK);
		ct_sigma_load_text(set, "t.yml", r, strlen(r), &rep, &err);
		ct_sigma_compile(set, &err);
		CHECK_INT(rep.loaded, 1);
		CHECK_INT(proc(set, "User", "corp\\adm-bob", NULL), 1);
		CHECK_INT(proc(set, "User", "CORP\\root", NULL), 1);
		CHECK_INT(proc(set, "User", "CORP\\bob", NULL), 0);
		ct_sigma_free(set);
	}
	r = RULE("  sel:\n    User|expand: '\\%Admins%'\n  condition: sel\n");
	CHECK_INT(one(r, "User", "%Admins%", NULL), 1);	/* escaped: plain */

	/* keywords: any data field contains one; '|all': every one */
	r = HEAD("  product: windows\n") "  keywords:\n    - 'mimikatz'\n"
	    "    - 'kiwi'\n  condition: keywords\n";
	CHECK_INT(one(r, "Data[0]", "ran MIMIKATZ here", NULL), 1);
	CHECK_INT(one(r, "A", "x", "B", "x kiwi", NULL), 1);
	CHECK_INT(one(r, "A", "clean", NULL), 0);
	r = HEAD("  product: windows\n") "  keywords:\n    '|all':\n"
	    "      - 'Set-OabVirtualDirectory'\n      - ' -ExternalUrl '\n"
	    "  condition: keywords\n";
	CHECK_INT(one(r, "A", "Set-OabVirtualDirectory", "B",
	    "x -ExternalUrl y", NULL), 1);
	CHECK_INT(one(r, "A", "Set-OabVirtualDirectory", NULL), 0);
}

static void
test_conditions(void)
{
	const char *r;

	r = RULE("  sel_a:\n    Image|endswith: '\\a.exe'\n  sel_b:\n"
	    "    Image|endswith: '\\b.exe'\n  filter_main:\n"
	    "    CommandLine|contains: 'safe'\n  filter_optional:\n"
	    "    User: 'admin'\n"
	    "  condition: 1 of sel_* and not 1 of filter_*\n");
	CHECK_INT(one(r, "Image", "C:\\b.exe", NULL), 1);
	CHECK_INT(one(r, "Image", "C:\\b.exe", "CommandLine", "safe", NULL), 0);
	CHECK_INT(one(r, "Image", "C:\\b.exe", "User", "ADMIN", NULL), 0);
	CHECK_INT(one(r, "Image", "C:\\c.exe", NULL), 0);

	r = RULE("  sel_img:\n    Image|endswith: '\\a.exe'\n  sel_cli:\n"
	    "    CommandLine|contains: 'go'\n  condition: all of sel_*\n");
	CHECK_INT(one(r, "Image", "C:\\a.exe", "CommandLine", "go", NULL), 1);
	CHECK_INT(one(r, "Image", "C:\\a.exe", NULL), 0);

	/* them: every identifier but those starting with _ */
	r = RULE("  a:\n    Image|endswith: '\\a.exe'\n  b:\n"
	    "    CommandLine|contains: 'go'\n  _c:\n    User: 'x'\n"
	    "  condition: all of them\n");
	CHECK_INT(one(r, "Image", "C:\\a.exe", "CommandLine", "go", NULL), 1);
	r = RULE("  a:\n    Image|endswith: '\\a.exe'\n  _c:\n    User: 'x'\n"
	    "  condition: 1 of them\n");
	CHECK_INT(one(r, "User", "x", NULL), 0);
	CHECK_INT(one(r, "Image", "C:\\a.exe", NULL), 1);

	/* precedence: not > and > or, parentheses */
	r = RULE("  a:\n    A: '1'\n  b:\n    B: '1'\n  c:\n    C: '1'\n"
	    "  condition: a or b and c\n");
	CHECK_INT(one(r, "A", "1", NULL), 1);
	CHECK_INT(one(r, "B", "1", NULL), 0);
	CHECK_INT(one(r, "B", "1", "C", "1", NULL), 1);
	r = RULE("  a:\n    A: '1'\n  b:\n    B: '1'\n  c:\n    C: '1'\n"
	    "  condition: (a or b) and c\n");
	CHECK_INT(one(r, "A", "1", NULL), 0);
	CHECK_INT(one(r, "A", "1", "C", "1", NULL), 1);
	r = RULE("  a:\n    A: '1'\n  b:\n    B: '1'\n"
	    "  condition: not a and not b\n");
	CHECK_INT(one(r, "C", "1", NULL), 1);
	CHECK_INT(one(r, "B", "1", NULL), 0);
	r = RULE("  a:\n    A: '1'\n  b:\n    B: '1'\n"
	    "  condition: not (a or b)\n");
	CHECK_INT(one(r, "A", "1", NULL), 0);
	CHECK_INT(one(r, "C", "1", NULL), 1);
	/* nested 1 of inside not, and not of all of */
	r = RULE("  sel:\n    Image|endswith: '.exe'\n  f_a:\n    A: '1'\n"
	    "  f_b:\n    B: '1'\n"
	    "  condition: sel and not (1 of f_* and not all of f_*)\n");
	CHECK_INT(one(r, "Image", "x.exe", NULL), 1);
	CHECK_INT(one(r, "Image", "x.exe", "A", "1", NULL), 0);
	CHECK_INT(one(r, "Image", "x.exe", "A", "1", "B", "1", NULL), 1);
	/* a list of maps is an "or" of "and"s */
	r = RULE("  sel:\n    - Image|endswith: '\\a.exe'\n      User: 'x'\n"
	    "    - OriginalFileName: 'a.exe'\n  condition: sel\n");
	CHECK_INT(one(r, "Image", "C:\\a.exe", NULL), 0);
	CHECK_INT(one(r, "Image", "C:\\a.exe", "User", "x", NULL), 1);
	CHECK_INT(one(r, "OriginalFileName", "A.EXE", NULL), 1);
	/* a list of conditions is an "or" */
	r = RULE("  a:\n    A: '1'\n  b:\n    B: '1'\n"
	    "  condition:\n    - a\n    - b\n");
	CHECK_INT(one(r, "B", "1", NULL), 1);
	/* keywords are case-insensitive */
	r = RULE("  a:\n    A: '1'\n  b:\n    B: '1'\n"
	    "  condition: a AND NOT b\n");
	CHECK_INT(one(r, "A", "1", NULL), 1);
	/* identifier patterns with '*' in the middle */
	r = RULE("  sel_x_1:\n    A: '1'\n  sel_y_1:\n    B: '1'\n"
	    "  condition: 1 of sel_*_1\n");
	CHECK_INT(one(r, "B", "1", NULL), 1);
}

static void
test_refused(void)
{
	char deep[4096];
	size_t n, i;

	CHECK(refused(RULE("  sel:\n    Image|startswit: 'x'\n"
	    "  condition: sel\n"), CT_SIGMA_SKIP_MODIFIER, "'startswit'"));
	CHECK(refused(RULE("  sel:\n    UtcTime|hour: 3\n  condition: sel\n"),
	    CT_SIGMA_SKIP_MODIFIER, "hour"));
	CHECK(refused(RULE("  sel:\n    Image|re|contains: 'x'\n"
	    "  condition: sel\n"), CT_SIGMA_SKIP_MODIFIER, "non-string"));
	CHECK(refused(RULE("  sel:\n    Image|contains|re: 'x'\n"
	    "  condition: sel\n"), CT_SIGMA_SKIP_MODIFIER, "unmodified"));
	CHECK(refused(RULE("  sel:\n    Image|i: 'x'\n  condition: sel\n"),
	    CT_SIGMA_SKIP_MODIFIER, "without re"));
	CHECK(refused(RULE("  sel:\n    Image|re: '(unclosed'\n"
	    "  condition: sel\n"), CT_SIGMA_SKIP_VALUE, "bad regular"));
	CHECK(refused(RULE("  sel:\n    Image|cidr: '10.0.0.0/33'\n"
	    "  condition: sel\n"), CT_SIGMA_SKIP_VALUE, "CIDR"));
	CHECK(refused(RULE("  sel:\n    Image|base64: 'a*b'\n"
	    "  condition: sel\n"), CT_SIGMA_SKIP_VALUE, "wildcards"));
	CHECK(refused(RULE("  sel:\n    Image|exists: 'maybe'\n"
	    "  condition: sel\n"), CT_SIGMA_SKIP_VALUE, "true or false"));
	CHECK(refused(RULE("  sel:\n    Size|gt: 'ten'\n  condition: sel\n"),
	    CT_SIGMA_SKIP_VALUE, "integer"));
	CHECK(refused(RULE("  sel:\n    Image|contains: []\n"
	    "  condition: sel\n"), CT_SIGMA_SKIP_VALUE, "empty list"));
	CHECK(refused(RULE("  sel:\n    Image: 'x'\n  condition: sel and\n"),
	    CT_SIGMA_SKIP_CONDITION, "ends early"));
	CHECK(refused(RULE("  sel:\n    Image: 'x'\n  condition: nope\n"),
	    CT_SIGMA_SKIP_CONDITION, "'nope'"));
	CHECK(refused(RULE("  sel:\n    Image: 'x'\n  condition: 1 of f*\n"),
	    CT_SIGMA_SKIP_CONDITION, "'f*'"));
	CHECK(refused(RULE("  sel:\n    Image: 'x'\n  condition: 2 of sel*\n"),
	    CT_SIGMA_SKIP_CONDITION, "'2 of'"));
	CHECK(refused(RULE("  sel:\n    Image: 'x'\n"
	    "  condition: sel | count() by Computer > 5\n"),
	    CT_SIGMA_SKIP_CONDITION, "aggregation"));
	CHECK(refused(RULE("  sel:\n    Image: 'x'\n  condition: (sel\n"),
	    CT_SIGMA_SKIP_CONDITION, "')'"));
	CHECK(refused(RULE("  sel:\n    Image: 'x'\n"), CT_SIGMA_SKIP_NOT_RULE,
	    "no condition"));
	CHECK(refused(HEAD("  product: linux\n  category: process_creation\n")
	    "  sel:\n    Image: 'x'\n  condition: sel\n",
	    CT_SIGMA_SKIP_LOGSOURCE, "product:linux category:process_creation"));
	CHECK(refused(HEAD("  product: windows\n  service: security\n")
	    "  sel:\n    EventID: 4624\n  sel:\n    EventID: 1\n"
	    "  condition: sel\n", CT_SIGMA_SKIP_YAML, "duplicate key 'sel'"));
	/* process_creation with EventID 4688: the Security variant only */
	CHECK_INT(one(RULE("  sel:\n    EventID: 4688\n    Image: 'x'\n"
	    "  condition: sel\n"), "Image", "x", NULL), 0);
	CHECK(refused(HEAD("  product: windows\n  category: process_creation\n")
	    "  sel:\n    EventID: 4624\n  condition: sel\n",
	    CT_SIGMA_SKIP_LOGSOURCE, "never occurs"));
	CHECK(refused("title: x\nid: [1\n", CT_SIGMA_SKIP_YAML, "bad YAML"));
	CHECK(refused("a: &x [1]\nb: *x\n", CT_SIGMA_SKIP_YAML, "aliases"));
	CHECK(refused("- just\n- a list\n", CT_SIGMA_SKIP_NOT_RULE,
	    "not a mapping"));
	CHECK(refused("title: no id\nlogsource:\n  product: windows\n"
	    "detection:\n  a:\n    A: 1\n  condition: a\n",
	    CT_SIGMA_SKIP_NOT_RULE, "no id"));
	CHECK(refused("title: t\nid: x\nstatus: deprecated\nlogsource:\n"
	    "  product: windows\ndetection:\n  a:\n    A: 1\n  condition: a\n",
	    CT_SIGMA_SKIP_STATUS, "deprecated"));
	CHECK(refused("title: t\nid: x\nlevel: severe\nlogsource:\n"
	    "  product: windows\ndetection:\n  a:\n    A: 1\n  condition: a\n",
	    CT_SIGMA_SKIP_NOT_RULE, "unknown level"));
	CHECK(refused("title: Many failed logons\nid: c1\ncorrelation:\n"
	    "  type: event_count\n  rules:\n    - base\n  group-by:\n"
	    "    - TargetUserName\n  timespan: 5m\n  condition:\n    gte: 10\n",
	    CT_SIGMA_SKIP_CORRELATION, "event_count"));

	/* deep condition nesting */
	n = 0;
	n += (size_t)snprintf(deep, sizeof(deep), "%s", RULE("  sel:\n"
	    "    Image: 'x'\n  condition: "));
	for (i = 0; i < 100; i++)
		deep[n++] = '(';
	n += (size_t)snprintf(deep + n, sizeof(deep) - n, "sel");
	for (i = 0; i < 100; i++)
		deep[n++] = ')';
	deep[n++] = '\n';
	deep[n] = '\0';
	CHECK(refused(deep, CT_SIGMA_SKIP_LIMIT, "deeper"));
	n = (size_t)snprintf(deep, sizeof(deep), "%s", RULE("  sel:\n"
	    "    Image: 'x'\n  condition: "));
	for (i = 0; i < 200; i++)
		n += (size_t)snprintf(deep + n, sizeof(deep) - n, "not ");
	n += (size_t)snprintf(deep + n, sizeof(deep) - n, "sel\n");
	CHECK(refused(deep, CT_SIGMA_SKIP_LIMIT, "deeper"));
	/* deep YAML */
	n = (size_t)snprintf(deep, sizeof(deep), "a: ");
	for (i = 0; i < 200; i++)
		deep[n++] = '[';
	deep[n] = '\0';
	CHECK(refused(deep, CT_SIGMA_SKIP_YAML, "deep"));
	/* a regular expression over the length cap */
	{
		size_t len = CT_SIGMA_MAX_REGEX + 100;
		char *big = ct_xmalloc(len + 256), *p;

		p = big + snprintf(big, 256, "%s", RULE("  sel:\n"
		    "    CommandLine|re: '"));
		memset(p, 'a', CT_SIGMA_MAX_REGEX + 10);
		p += CT_SIGMA_MAX_REGEX + 10;
		snprintf(p, 64, "'\n  condition: sel\n");
		CHECK(refused(big, CT_SIGMA_SKIP_LIMIT, "longer than"));
		free(big);
	}
	/* nested quantifiers compile, and the match limit stops them */
	{
		struct ct_sigma_report rep;
		struct ct_sigma_set *set = set_of(RULE("  sel:\n"
		    "    CommandLine|re: '^(a+)+$'\n  condition: sel\n"), &rep);
		char evil[64];
		struct ct_sigma_field f = { "CommandLine", 11, evil, 0, 0 };
		struct ct_sigma_event ev = { SYSMON, PROV_SYSMON, 1, &f, 1 };
		struct ct_sigma_scratch *s = ct_sigma_scratch_new(set);
		struct ct_sigma_match_stats st;

		memset(evil, 'a', 40);
		evil[40] = 'b';
		f.value_len = 41;
		CHECK_INT(rep.loaded, 1);
		CHECK_INT(ct_sigma_match(set, s, &ev, NULL, NULL), 0);
		ct_sigma_scratch_stats(s, &st);
		CHECK_INT(st.regex_errors, 1);
		ct_sigma_scratch_free(s);
		ct_sigma_free(set);
	}
}

static void
test_duplicates_and_docs(void)
{
	struct ct_sigma_report rep;
	struct ct_sigma_set *set;
	const char *two = RULE("  a:\n    A: '1'\n  condition: a\n") "---\n"
	    RULE("  a:\n    A: '2'\n  condition: a\n");
	const char *coll =
	    "action: global\ntitle: Collection\nid: 0b5d1e8a-0000-0000-0000-"
	    "000000000001\nlevel: low\ndetection:\n  sel:\n    A: '1'\n"
	    "  condition: sel\n---\nlogsource:\n  product: windows\n"
	    "  category: process_creation\n---\nid: 0b5d1e8a-0000-0000-0000-"
	    "000000000002\nlogsource:\n  product: windows\n"
	    "  service: security\n";

	set = set_of(two, &rep);
	CHECK_INT(rep.loaded, 1);
	CHECK_INT(rep.by_kind[CT_SIGMA_SKIP_DUPLICATE], 1);
	CHECK(strstr(last_reason, "first in test.yml") != NULL);
	ct_sigma_free(set);

	set = set_of(coll, &rep);
	CHECK_INT(rep.loaded, 2);	/* both take the global part */
	CHECK_INT(proc(set, "A", "1", NULL), 1);
	CHECK_INT(ev_match(set, "Security", "x", 4624, "A", "1", NULL), 1);
	if (set && ct_sigma_count(set) == 2) {
		CHECK_STR(ct_sigma_rule_at(set, 1)->title, "Collection");
		CHECK_STR(ct_sigma_rule_at(set, 1)->level_name, "low");
		CHECK_STR(ct_sigma_rule_at(set, 1)->service, "security");
	}
	ct_sigma_free(set);

	/* a correlation and the rule it feeds: both reported */
	set = set_of("title: base\nid: b1\nname: base\nlogsource:\n"
	    "  product: windows\n  service: security\ndetection:\n  s:\n"
	    "    EventID: 4625\n  condition: s\n---\ntitle: brute\nid: c1\n"
	    "correlation:\n  type: event_count\n  rules: base\n"
	    "  timespan: 5m\n  condition:\n    gte: 10\n", &rep);
	CHECK_INT(rep.loaded, 0);
	CHECK_INT(rep.by_kind[CT_SIGMA_SKIP_CORRELATION], 2);
	ct_sigma_free(set);

	/* metadata */
	set = set_of("title: Meta\nid: m-1\nauthor: A. Author, B. Author\n"
	    "level: critical\nstatus: test\ntags:\n  - attack.execution\n"
	    "  - attack.t1059.001\nreferences:\n  - https://example.org/\n"
	    "falsepositives:\n  - Admins\nlogsource:\n  product: windows\n"
	    "  category: ps_script\ndetection:\n  s:\n"
	    "    ScriptBlockText|contains: 'Invoke-Thing'\n  condition: s\n",
	    &rep);
	CHECK_INT(rep.loaded, 1);
	if (set && ct_sigma_count(set) == 1) {
		const struct ct_sigma_rule *r = ct_sigma_rule_at(set, 0);

		CHECK_STR(r->author, "A. Author, B. Author");
		CHECK_INT(r->level, CT_SIGMA_CRITICAL);
		CHECK_INT(r->ntags, 2);
		CHECK_STR(r->tags[1], "attack.t1059.001");
		CHECK_STR(r->references[0], "https://example.org/");
		CHECK_STR(r->falsepositives[0], "Admins");
		CHECK_STR(r->category, "ps_script");
	}
	CHECK_INT(ev_match(set, "Microsoft-Windows-PowerShell/Operational",
	    "Microsoft-Windows-PowerShell", 4104, "ScriptBlockText",
	    "x Invoke-Thing y", NULL), 1);
	CHECK_INT(ev_match(set, "PowerShellCore/Operational",
	    "PowerShellCore", 4104, "ScriptBlockText", "Invoke-Thing", NULL), 1);
	CHECK_INT(ev_match(set, "Microsoft-Windows-PowerShell/Operational",
	    "Microsoft-Windows-PowerShell", 4103, "ScriptBlockText",
	    "Invoke-Thing", NULL), 0);
	ct_sigma_free(set);
}

static void
test_logsources(void)
{
	struct ct_sigma_report rep;
	struct ct_sigma_set *set;

	/* process_creation: Sysmon 1 and Security 4688 with its names */
	set = set_of(RULE("  sel:\n    Image|endswith: '\\whoami.exe'\n"
	    "    ParentImage|endswith: '\\cmd.exe'\n    ProcessId: 6700\n"
	    "    ParentProcessId: 1234\n    User|contains: 'AUTHORI'\n"
	    "    IntegrityLevel: 'System'\n    LogonId: '0x3e7'\n"
	    "  condition: sel\n"), &rep);
	CHECK_INT(rep.loaded, 1);
	CHECK_INT(ev_match(set, "Security", "Microsoft-Windows-Security-"
	    "Auditing", 4688, "NewProcessName", "C:\\Windows\\System32\\"
	    "whoami.exe", "ParentProcessName", "C:\\Windows\\System32\\cmd.exe",
	    "NewProcessId", "0x1a2c", "ProcessId", "0x4d2", "SubjectUserSid",
	    "S-1-5-18", "SubjectUserName", "HOST$", "SubjectDomainName",
	    "WORKGROUP", "MandatoryLabel", "S-1-16-16384", "SubjectLogonId",
	    "0x3e7", NULL), 1);
	/* the raw 4688 ProcessId (the parent's) is not Sysmon's ProcessId */
	CHECK_INT(ev_match(set, "Security", "Microsoft-Windows-Security-"
	    "Auditing", 4688, "NewProcessName", "C:\\whoami.exe",
	    "ParentProcessName", "C:\\cmd.exe", "NewProcessId", "0x4d2",
	    "ProcessId", "0x1a2c", "SubjectUserSid", "S-1-5-18",
	    "MandatoryLabel", "S-1-16-16384", "SubjectLogonId", "0x3e7", NULL),
	    0);
	CHECK_INT(proc(set, "Image", "C:\\whoami.exe", "ParentImage",
	    "C:\\cmd.exe", "ProcessId", "6700", "ParentProcessId", "1234",
	    "User", "NT AUTHORITY\\SYSTEM", "IntegrityLevel", "System",
	    "LogonId", "0x3e7", NULL), 1);
	/* the same event in another channel or ID: nothing */
	CHECK_INT(ev_match(set, "Security", "x", 4689, "NewProcessName",
	    "C:\\whoami.exe", NULL), 0);
	ct_sigma_free(set);

	/* account(): DOMAIN\NAME for other SIDs */
	set = set_of(RULE("  sel:\n    User: 'CORP\\bob'\n  condition: sel\n"),
	    &rep);
	CHECK_INT(ev_match(set, "Security", "x", 4688, "SubjectUserSid",
	    "S-1-5-21-1-2-3-1104", "SubjectUserName", "bob",
	    "SubjectDomainName", "CORP", NULL), 1);
	ct_sigma_free(set);

	/* Sysmon-only fields are absent in 4688 */
	set = set_of(RULE("  sel:\n    Image|endswith: '\\a.exe'\n  filter:\n"
	    "    ParentCommandLine|contains: 'x'\n"
	    "  condition: sel and not filter\n"), &rep);
	CHECK_INT(ev_match(set, "Security", "x", 4688, "NewProcessName",
	    "C:\\a.exe", "ParentCommandLine", "x", NULL), 1);
	ct_sigma_free(set);

	/* registry categories by event ID */
	set = set_of(HEAD("  product: windows\n  category: registry_set\n")
	    "  sel:\n    TargetObject|contains: '\\Run\\'\n  condition: sel\n",
	    &rep);
	CHECK_INT(ev_match(set, SYSMON, PROV_SYSMON, 13, "TargetObject",
	    "HKLM\\Software\\Microsoft\\Windows\\CurrentVersion\\Run\\x",
	    NULL), 1);
	CHECK_INT(ev_match(set, SYSMON, PROV_SYSMON, 12, "TargetObject",
	    "HKLM\\Software\\Microsoft\\Windows\\CurrentVersion\\Run\\x",
	    NULL), 0);
	ct_sigma_free(set);
	set = set_of(HEAD("  product: windows\n  category: registry_event\n")
	    "  sel:\n    TargetObject|contains: '\\Run\\'\n  condition: sel\n",
	    &rep);
	CHECK_INT(ev_match(set, SYSMON, PROV_SYSMON, 12, "TargetObject",
	    "x\\Run\\y", NULL), 1);
	CHECK_INT(ev_match(set, SYSMON, PROV_SYSMON, 14, "TargetObject",
	    "x\\Run\\y", NULL), 1);
	CHECK_INT(ev_match(set, SYSMON, PROV_SYSMON, 11, "TargetObject",
	    "x\\Run\\y", NULL), 0);
	ct_sigma_free(set);

	/* a service: its channel (case-insensitive), narrowed by EventID */
	set = set_of(HEAD("  product: windows\n  service: security\n")
	    "  sel:\n    EventID:\n      - 1102\n      - 517\n"
	    "  condition: sel\n", &rep);
	CHECK_INT(ev_match(set, "Security", "x", 1102, NULL), 1);
	CHECK_INT(ev_match(set, "SECURITY", "x", 517, NULL), 1);
	CHECK_INT(ev_match(set, "Security", "x", 4624, NULL), 0);
	CHECK_INT(ev_match(set, "System", "x", 1102, NULL), 0);
	ct_sigma_free(set);

	/* System values: Channel, Provider_Name, EventID; data cannot fake them */
	set = set_of(HEAD("  product: windows\n") "  sel:\n"
	    "    Provider_Name: 'Service Control Manager'\n    EventID: 7045\n"
	    "    Channel: 'System'\n  condition: sel\n", &rep);
	CHECK_INT(ev_match(set, "System", "Service Control Manager", 7045,
	    NULL), 1);
	CHECK_INT(ev_match(set, "System", "Other", 7045, "Provider_Name",
	    "Service Control Manager", NULL), 0);
	ct_sigma_free(set);
	/* ... but an EventData Channel (the log a 104 cleared) is the rules' */
	set = set_of(HEAD("  product: windows\n  service: system\n")
	    "  sel:\n    EventID: 104\n  filter:\n    Channel:\n"
	    "      - 'Security'\n      - 'System'\n"
	    "  condition: sel and not filter\n", &rep);
	CHECK_INT(ev_match(set, "System", "Microsoft-Windows-Eventlog", 104,
	    "Channel", "Microsoft-Windows-TaskScheduler/Operational", NULL), 1);
	CHECK_INT(ev_match(set, "System", "Microsoft-Windows-Eventlog", 104,
	    "Channel", "Security", NULL), 0);
	CHECK_INT(ev_match(set, "System", "Microsoft-Windows-Eventlog", 104,
	    NULL), 0);	/* none in the data: the event's own, System */
	ct_sigma_free(set);

	/* powershell-classic 400 and the ps_classic categories */
	set = set_of(HEAD("  product: windows\n  category: ps_classic_start\n")
	    "  sel:\n    Data|contains: 'HostName=ConsoleHost'\n"
	    "  condition: sel\n", &rep);
	CHECK_INT(ev_match(set, "Windows PowerShell", "PowerShell", 400, "Data",
	    "x HostName=ConsoleHost y", NULL), 1);
	CHECK_INT(ev_match(set, "Windows PowerShell", "PowerShell", 600, "Data",
	    "x HostName=ConsoleHost y", NULL), 0);
	ct_sigma_free(set);

	/* the table itself: bad rows are errors with their line */
	{
		struct ct_sigma_set *s2 = ct_sigma_set_new();
		struct ct_error err = CT_ERROR_INIT;

		CHECK_INT(ct_sigma_set_logsources(s2, "t.txt", "logsource | a |"
		    " b\n", &err), CT_ERR_FORMAT);
		CHECK(strstr(err.msg, "line 1") != NULL);
		CHECK_INT(ct_sigma_set_logsources(s2, "t.txt", "system | X | "
		    "data; DROP TABLE evtx\n", &err), CT_ERR_FORMAT);
		CHECK(strstr(err.msg, "not an evtx column") != NULL);
		CHECK_INT(ct_sigma_set_logsources(s2, "t.txt", "logsource | "
		    "windows | x | | C | * | 1 | nomap\n", &err), CT_ERR_FORMAT);
		CHECK(strstr(err.msg, "unknown field map") != NULL);
		CHECK_INT(ct_sigma_set_logsources(s2, "t.txt", "logsource | "
		    "windows | x | | C | * | 1,2 |\n", &err), CT_OK);
		ct_sigma_free(s2);
	}
}

static void
test_filter(void)
{
	struct ct_sigma_report rep;
	struct ct_sigma_set *set;
	struct ct_sigma_scratch *s;
	struct ct_sigma_match_stats st;
	char yaml[65536];
	size_t n = 0;
	int i;
	struct ct_sigma_field f = { "Image", 5, "C:\\tool17.exe", 13, 0 };
	struct ct_sigma_event ev = { SYSMON, PROV_SYSMON, 1, &f, 1 };

	/* 200 rules: only the one whose literal occurs is evaluated */
	for (i = 0; i < 200; i++)
		n += (size_t)snprintf(yaml + n, sizeof(yaml) - n,
		    "%stitle: r%d\nid: r-%d\nlogsource:\n"
		    "  category: process_creation\n  product: windows\n"
		    "detection:\n  sel:\n    Image|endswith: '\\tool%d.exe'\n"
		    "  condition: sel\n", i ? "---\n" : "", i, i, i);
	set = set_of(yaml, &rep);
	CHECK_INT(rep.loaded, 200);
	s = ct_sigma_scratch_new(set);
	CHECK_INT(ct_sigma_match(set, s, &ev, NULL, NULL), 1);
	ct_sigma_scratch_stats(s, &st);
	CHECK_INT(st.considered, 200);
	CHECK_INT(st.evaluated, 1);
	/* the same literal elsewhere than at the end is not a candidate */
	f.value = "C:\\tool17.exe\\x";
	f.value_len = strlen(f.value);
	CHECK_INT(ct_sigma_match(set, s, &ev, NULL, NULL), 0);
	ct_sigma_scratch_stats(s, &st);
	CHECK_INT(st.evaluated, 1);
	ct_sigma_scratch_free(s);
	ct_sigma_free(set);
}

static void
test_lower(void)
{
	char b[64];
	const char *in = "ABC xyz \xc3\x89\xc3\x97 \xd0\x90\xd0\xaf\xd0\x81 "
	    "\xce\xa3 0123456789ABCDEFGHIJ";

	sg_lower(b, in, strlen(in));
	b[strlen(in)] = '\0';
	CHECK_STR(b, "abc xyz \xc3\xa9\xc3\x97 \xd0\xb0\xd1\x8f\xd1\x91 "
	    "\xcf\x83 0123456789abcdefghij");
}

static void
test_json(void)
{
	struct sg_json j;
	const char *t;

	memset(&j, 0, sizeof(j));
	t = "{\"Image\":\"C:\\\\x.exe\",\"N\":\"1\",\"E\":\"a\\u00e9\\ud83d"
	    "\\ude00\\n\",\"Num\":42,\"B\":true,\"Z\":null,\"O\":{\"a\":[1,"
	    "{\"b\":\"c\"}]},\"\\u0001bad\":\"x\"}";
	CHECK_INT(sg_json_fields(&j, t, strlen(t)), 5);
	if (j.n == 5) {
		CHECK(j.f[0].value_len == 8 && memcmp(j.f[0].value, "C:\\x.exe",
		    8) == 0);
		CHECK(j.f[1].value == t + 26);	/* no escape: no copy */
		CHECK(j.f[2].value_len == 8 && memcmp(j.f[2].value,
		    "a\xc3\xa9\xf0\x9f\x98\x80\n", 8) == 0);
		CHECK(j.f[3].value_len == 2 && memcmp(j.f[3].value, "42",
		    2) == 0);
		CHECK(j.f[4].value_len == 4);
	}
	CHECK_INT(sg_json_fields(&j, "{}", 2), 0);
	t = " { \"a\" : \"b\" } ";
	CHECK_INT(sg_json_fields(&j, t, strlen(t)), 1);
	CHECK_INT(sg_json_fields(&j, "{\"a\":\"b\"", 8), -1);
	CHECK_INT(sg_json_fields(&j, "{\"a\":\"b\\", 9), -1);
	CHECK_INT(sg_json_fields(&j, "{\"a\":\"\\u12\"}", 12), -1);
	CHECK_INT(sg_json_fields(&j, "{\"a\" \"b\"}", 9), -1);
	CHECK_INT(sg_json_fields(&j, "[1]", 3), -1);
	CHECK_INT(sg_json_fields(&j, "{\"a\":\"b\"} x", 11), -1);
	CHECK_INT(sg_json_fields(&j, "{\"a\":\"\\ud800x\"}", 15), 1);
	if (j.n == 1)
		CHECK(j.f[0].value_len == 4 && memcmp(j.f[0].value,
		    "\xef\xbf\xbdx", 4) == 0);
	{
		/* nesting beyond the cap is refused, not recursed into */
		char deep[400];
		size_t k, n = (size_t)snprintf(deep, sizeof(deep), "{\"a\":");

		for (k = 0; k < 100; k++)
			deep[n++] = '[';
		for (k = 0; k < 100; k++)
			deep[n++] = ']';
		deep[n++] = '}';
		CHECK_INT(sg_json_fields(&j, deep, n), -1);
	}
	sg_json_release(&j);
}

/* What explain reports, as "Name=value;" in order. */
static void
on_field(void *arg, const char *name, size_t nl, const char *v, size_t vl)
{
	struct ct_buf *b = arg;

	ct_buf_add(b, name, nl);
	ct_buf_addch(b, '=');
	ct_buf_add(b, v, vl);
	ct_buf_addch(b, ';');
}

/* explain rule 0 of set on an event (fields name, value, ..., NULL). */
static int
explained(struct ct_sigma_set *set, const char *chan, int64_t eid,
    struct ct_buf *out, ...)
{
	struct ct_sigma_field f[16];
	struct ct_sigma_event ev;
	struct ct_sigma_scratch *s;
	const char *name;
	size_t n = 0;
	va_list ap;
	int r;

	ct_buf_reset(out);
	if (!set || ct_sigma_count(set) == 0)
		return -1;
	va_start(ap, out);
	while ((name = va_arg(ap, const char *)) != NULL && n < 16) {
		const char *v = va_arg(ap, const char *);

		f[n].name = name;
		f[n].name_len = strlen(name);
		f[n].value = v;
		f[n].value_len = strlen(v);
		f[n].system = 0;
		n++;
	}
	va_end(ap);
	ev.channel = chan;
	ev.provider = NULL;
	ev.event_id = eid;
	ev.fields = f;
	ev.nfields = n;
	s = ct_sigma_scratch_new(set);
	r = ct_sigma_match_explain(set, s, &ev, ct_sigma_rule_at(set, 0),
	    on_field, out);
	ct_sigma_scratch_free(s);
	return r;
}

static void
test_explain(void)
{
	struct ct_sigma_report rep;
	struct ct_sigma_set *set;
	struct ct_buf b = CT_BUF_INIT;

	/* and: every part; or: the true parts; not: nothing */
	set = set_of(RULE("  sel:\n    Image|endswith: '\\powershell.exe'\n"
	    "  enc:\n    CommandLine|contains: ' -enc'\n"
	    "  hid:\n    CommandLine|contains: ' -w hidden'\n"
	    "  noparent:\n    ParentImage|endswith: '\\explorer.exe'\n"
	    "  condition: sel and 1 of enc or hid and not noparent\n"), &rep);
	CHECK_INT(explained(set, SYSMON, 1, &b, "Image",
	    "C:\\Windows\\powershell.exe", "CommandLine", "powershell -enc AAA",
	    "ParentImage", "C:\\x\\payload.exe", "User", "x", NULL), 1);
	CHECK_STR(b.buf, "Image=C:\\Windows\\powershell.exe;"
	    "CommandLine=powershell -enc AAA;");
	CHECK_INT(explained(set, SYSMON, 1, &b, "Image", "C:\\a.exe",
	    "CommandLine", "x -w hidden", "ParentImage", "C:\\x\\y.exe", NULL),
	    1);
	CHECK_STR(b.buf, "CommandLine=x -w hidden;");
	/* no match: no field */
	CHECK_INT(explained(set, SYSMON, 1, &b, "Image", "C:\\a.exe",
	    "CommandLine", "x -w hidden", "ParentImage", "C:\\explorer.exe",
	    NULL), 0);
	CHECK_STR(b.buf, "");
	ct_sigma_free(set);

	/* Security 4688: the Sigma name, the value through the field map */
	set = set_of(RULE("  sel:\n    Image|endswith: '\\whoami.exe'\n"
	    "    ParentCommandLine: null\n  condition: sel\n"), &rep);
	CHECK_INT(explained(set, "Security", 4688, &b, "NewProcessName",
	    "C:\\Windows\\whoami.exe", NULL), 1);
	CHECK_STR(b.buf, "Image=C:\\Windows\\whoami.exe;");
	ct_sigma_free(set);

	/* keywords: the data field they were found in */
	set = set_of(HEAD("  product: windows\n  service: system\n")
	    "  kw:\n    - 'mimikatz'\n  condition: kw\n", &rep);
	CHECK_INT(explained(set, "System", 7045, &b, "ServiceName", "x",
	    "ImagePath", "C:\\t\\MIMIKATZ.exe", NULL), 1);
	CHECK_STR(b.buf, "ImagePath=C:\\t\\MIMIKATZ.exe;");
	ct_sigma_free(set);

	/* the license field is read */
	set = set_of("title: t\nid: 0b5d1e8a-7a2f-4f10-9a53-1b0c2e6f0002\n"
	    "license: DRL-1.1\nlogsource:\n" PC "detection:\n  sel:\n"
	    "    Image: x\n  condition: sel\n", &rep);
	CHECK(set && ct_sigma_count(set) == 1 &&
	    strcmp(ct_sigma_rule_at(set, 0)->license, "DRL-1.1") == 0);
	ct_sigma_free(set);
	ct_buf_release(&b);
}

int
main(void)
{
	test_strings();
	test_wildcards();
	test_windash();
	test_base64();
	test_re_cidr_num();
	test_special();
	test_conditions();
	test_refused();
	test_duplicates_and_docs();
	test_logsources();
	test_filter();
	test_lower();
	test_json();
	test_explain();
	return unit_done();
}
