/*
 * ioc-value.c - indicator values: refanging, type inference, validation
 * and the canonical form that matching compares, plus the in-memory
 * document the readers fill (ioc-int.h).
 *
 * Type names are MISP's (MISP/misp-rfc misp-core-format, "Attribute
 * types"). Addresses are checked with inet_pton(3) and printed back with
 * inet_ntop(3); URLs follow the generic syntax of RFC 3986 section 3
 * (scheme "://" authority path ["?" query] ["#" fragment]); host names the
 * preferred syntax of RFC 1035 section 2.3.1 (with "_", which real DNS
 * names carry) and the limits of RFC 1035 section 2.3.4.
 */
#include "compat.h"

#include <arpa/inet.h>
#include <stdarg.h>

#include <strings.h>

#include "ioc-int.h"
#include "xalloc.h"

void
ioc_lower(char *s)
{
	for (; *s; s++)
		if (*s >= 'A' && *s <= 'Z')
			*s = (char)(*s - 'A' + 'a');
}

static int
is_hex(int c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') ||
	    (c >= 'A' && c <= 'F');
}

static int
is_alnum(int c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
	    (c >= 'A' && c <= 'Z');
}

/* Case-insensitive prefix test on a counted string. */
static int
has_prefix(const char *s, size_t n, const char *p)
{
	size_t m = strlen(p);

	return n >= m && strncasecmp(s, p, m) == 0;
}

/*
 * Defanging conventions seen in threat reports: hxxp(s), fxp, "[.]",
 * "(.)", "{.}", "[dot]", "(dot)", "[:]", "[://]", "[@]", "[at]", "[/]".
 * Only the bracketed forms are undone inside a value: a bare "dot" may be
 * part of a name.
 */
void
ioc_refang(struct ct_buf *out, const char *v, size_t n)
{
	static const struct { const char *from, *to; } subst[] = {
		{ "[.]", "." }, { "(.)", "." }, { "{.}", "." },
		{ "[dot]", "." }, { "(dot)", "." }, { "{dot}", "." },
		{ "[://]", "://" }, { "[:]", ":" }, { "[/]", "/" },
		{ "[@]", "@" }, { "[at]", "@" }, { "(at)", "@" },
	};
	size_t i, k;

	i = 0;
	if (has_prefix(v, n, "hxxp")) {	/* hxxp and hxxps */
		ct_buf_adds(out, "http");
		i = 4;
	} else if (has_prefix(v, n, "fxp://")) {
		ct_buf_adds(out, "ftp");
		i = 3;
	}
	while (i < n) {
		for (k = 0; k < CT_ARRAY_SIZE(subst); k++) {
			size_t m = strlen(subst[k].from);

			if (n - i >= m && strncasecmp(v + i, subst[k].from,
			    m) == 0) {
				ct_buf_adds(out, subst[k].to);
				i += m;
				break;
			}
		}
		if (k == CT_ARRAY_SIZE(subst))
			ct_buf_addch(out, v[i++]);
	}
}

/* A short, printable excerpt of a value for a reason text. */
static void
excerpt(struct ct_buf *b, const char *v)
{
	size_t n = strlen(v);
	char *cut = ct_xstrndup(v, n > 80 ? 80 : n);

	ct_buf_addch(b, '\'');
	ct_buf_add_printable(b, cut);
	free(cut);
	if (n > 80)
		ct_buf_adds(b, "...");
	ct_buf_addch(b, '\'');
}

static int
is_placeholder(const char *v)
{
	size_t n = strlen(v);

	return n >= 2 && ((v[0] == '<' && v[n - 1] == '>') ||
	    (v[0] == '{' && v[n - 1] == '}') ||
	    (v[0] == '[' && v[n - 1] == ']'));
}

static enum ct_ioc_class
check_hash(const char *name, size_t digits, enum ct_ioc_class cls,
    const char *v, struct ct_buf *norm, struct ct_buf *reason)
{
	size_t i, n = strlen(v);

	if (is_placeholder(v)) {
		ct_buf_addf(reason, "placeholder, not %s: ", name);
		excerpt(reason, v);
		return CT_IOC_NONE;
	}
	for (i = 0; i < n; i++)
		if (!is_hex((unsigned char)v[i])) {
			ct_buf_addf(reason, "not %s: character %zu of ", name,
			    i + 1);
			excerpt(reason, v);
			ct_buf_adds(reason, " is not a hexadecimal digit");
			return CT_IOC_NONE;
		}
	if (n != digits) {
		ct_buf_addf(reason, "not %s: %zu hexadecimal digits instead "
		    "of %zu", name, n, digits);
		return CT_IOC_NONE;
	}
	ct_buf_adds(norm, v);
	ioc_lower(norm->buf + norm->len - n);
	return cls;
}

/*
 * Strict dotted-quad IPv4 (inet_pton's form) without leading zeros, which
 * some resolvers read as octal: 010.1.1.1 is ambiguous, so rejected.
 */
static int
ipv4_ok(const char *v, struct in_addr *a)
{
	const char *p = v;

	for (;;) {
		if (p[0] == '0' && p[1] >= '0' && p[1] <= '9')
			return 0;
		while (*p >= '0' && *p <= '9')
			p++;
		if (*p == '\0')
			break;
		if (*p != '.')
			return 0;
		p++;
	}
	return inet_pton(AF_INET, v, a) == 1;
}

/* An address (v4 or v6) in canonical text, or -1. */
static int
ip_canon(const char *v, struct ct_buf *norm)
{
	struct in_addr a4;
	struct in6_addr a6;
	char out[INET6_ADDRSTRLEN];

	if (ipv4_ok(v, &a4)) {
		inet_ntop(AF_INET, &a4, out, sizeof(out));
		ct_buf_adds(norm, out);
		return 4;
	}
	if (strchr(v, ':') && inet_pton(AF_INET6, v, &a6) == 1) {
		inet_ntop(AF_INET6, &a6, out, sizeof(out));
		ct_buf_adds(norm, out);
		return 6;
	}
	return -1;
}

static enum ct_ioc_class
check_ip(const char *v, struct ct_buf *norm, struct ct_buf *reason)
{
	const char *slash = strchr(v, '/');
	char *addr;
	int fam, bits;

	if (is_placeholder(v)) {
		ct_buf_adds(reason, "placeholder, not an IP address: ");
		excerpt(reason, v);
		return CT_IOC_NONE;
	}
	addr = ct_xstrndup(v, slash ? (size_t)(slash - v) : strlen(v));
	fam = ip_canon(addr, norm);
	free(addr);
	if (fam < 0) {
		ct_buf_adds(reason, "not an IPv4 or IPv6 address: ");
		excerpt(reason, v);
		return CT_IOC_NONE;
	}
	if (slash) {
		const char *p = slash + 1;

		bits = 0;
		if (*p == '\0' || strlen(p) > 3)
			goto badmask;
		for (; *p; p++) {
			if (*p < '0' || *p > '9')
				goto badmask;
			bits = bits * 10 + (*p - '0');
		}
		if (bits > (fam == 4 ? 32 : 128))
			goto badmask;
		/* A /32 (or /128) is a single address. */
		if (bits != (fam == 4 ? 32 : 128))
			ct_buf_addf(norm, "/%d", bits);
	}
	return CT_IOC_IP;
badmask:
	ct_buf_reset(norm);
	ct_buf_adds(reason, "bad CIDR prefix length in ");
	excerpt(reason, v);
	return CT_IOC_NONE;
}

/*
 * Host names: labels of letters, digits, '-' and '_', 1-63 bytes, not
 * starting or ending with '-', 253 bytes in all, a trailing dot dropped.
 * need_dot: at least two labels and an alphabetic top-level label (a
 * domain indicator), not needed for URL hosts ("intranet").
 */
static int
host_ok(const char *v, size_t n, int need_dot, const char **why)
{
	size_t i, label = 0, labels = 1, last = 0;

	if (n > 0 && v[n - 1] == '.')
		n--;
	if (n == 0 || n > 253)
		return (*why = n ? "longer than 253 bytes" : "empty"), 0;
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)v[i];

		if (c == '.') {
			if (label == 0 || v[i - 1] == '-')
				return (*why = "empty label or label ending "
				    "with '-'"), 0;
			label = 0;
			labels++;
			last = i + 1;
			continue;
		}
		if (c >= 0x80)
			return (*why = "non-ASCII characters (give the "
			    "punycode xn-- form)"), 0;
		if (!is_alnum(c) && c != '-' && c != '_')
			return (*why = "character not allowed in a host "
			    "name"), 0;
		if (label == 0 && c == '-')
			return (*why = "label starting with '-'"), 0;
		if (++label > 63)
			return (*why = "label longer than 63 bytes"), 0;
	}
	if (label == 0 || v[n - 1] == '-')
		return (*why = "empty label or label ending with '-'"), 0;
	if (need_dot) {
		int alpha = 0;

		if (labels < 2)
			return (*why = "no dot: a domain needs at least two "
			    "labels"), 0;
		for (i = last; i < n; i++)
			if (!(v[i] >= '0' && v[i] <= '9'))
				alpha = 1;
		if (!alpha || n - last < 2)
			return (*why = "top-level label is not a name"), 0;
	}
	return 1;
}

static enum ct_ioc_class
check_domain(const char *v, struct ct_buf *norm, struct ct_buf *reason)
{
	const char *why = "";
	struct in_addr a;
	size_t n = strlen(v);

	if (is_placeholder(v)) {
		ct_buf_adds(reason, "placeholder, not a domain: ");
		excerpt(reason, v);
		return CT_IOC_NONE;
	}
	if (ipv4_ok(v, &a)) {
		ct_buf_adds(reason, "an IP address, not a domain: ");
		excerpt(reason, v);
		return CT_IOC_NONE;
	}
	if (!host_ok(v, n, 1, &why)) {
		ct_buf_adds(reason, "not a domain name: ");
		excerpt(reason, v);
		ct_buf_addf(reason, " (%s)", why);
		return CT_IOC_NONE;
	}
	if (v[n - 1] == '.')
		n--;
	ct_buf_add(norm, v, n);
	ioc_lower(norm->buf + norm->len - n);
	return CT_IOC_DOMAIN;
}

static int
default_port(const char *scheme, size_t n)
{
	if (n == 4 && strncmp(scheme, "http", 4) == 0)
		return 80;
	if (n == 5 && strncmp(scheme, "https", 5) == 0)
		return 443;
	if (n == 3 && strncmp(scheme, "ftp", 3) == 0)
		return 21;
	return -1;
}

/*
 * URL: [scheme "://"] [userinfo "@"] host [":" port] [path] ["?" query]
 * ["#" fragment]. Canonical form: lower-case scheme (http when absent)
 * and host, no userinfo, no default port, no fragment, path without its
 * trailing '/' (so "http://h/" and "http://h" are one URL).
 */
static enum ct_ioc_class
check_url(const char *v, struct ct_buf *norm, struct ct_buf *reason)
{
	const char *p, *host, *hend, *why = "", *s, *scheme = "http";
	size_t slen = 4, i, n = strlen(v), plen;
	int port = -1, dport;

	if (is_placeholder(v)) {
		ct_buf_adds(reason, "placeholder, not a URL: ");
		excerpt(reason, v);
		return CT_IOC_NONE;
	}
	for (i = 0; i < n; i++)
		if ((unsigned char)v[i] <= 0x20 || v[i] == 0x7f) {
			ct_buf_adds(reason, "not a URL (space or control "
			    "character): ");
			excerpt(reason, v);
			return CT_IOC_NONE;
		}
	p = strstr(v, "://");
	if (p) {
		for (s = v; s < p; s++)
			if (!is_alnum((unsigned char)*s) && *s != '+' &&
			    *s != '-' && *s != '.')
				break;
		if (s != p || p == v || !((v[0] | 0x20) >= 'a' &&
		    (v[0] | 0x20) <= 'z')) {
			ct_buf_adds(reason, "not a URL (bad scheme): ");
			excerpt(reason, v);
			return CT_IOC_NONE;
		}
		scheme = v;
		slen = (size_t)(p - v);
		p += 3;
	} else
		p = v;
	/* userinfo is not part of what is compared */
	hend = p + strcspn(p, "/?#");
	s = memchr(p, '@', (size_t)(hend - p));
	if (s)
		p = s + 1;
	host = p;
	if (*host == '[') {
		const char *close = memchr(host, ']', (size_t)(hend - host));
		char *a6;
		struct in6_addr addr;

		if (!close)
			goto badhost;
		a6 = ct_xstrndup(host + 1, (size_t)(close - host - 1));
		i = inet_pton(AF_INET6, a6, &addr) == 1;
		free(a6);
		if (!i)
			goto badhost;
		p = close + 1;
	} else {
		p = host + strcspn(host, ":/?#");
		if (!host_ok(host, (size_t)(p - host), 0, &why))
			goto badhost;
	}
	if (*p == ':') {
		port = 0;
		for (p++; *p >= '0' && *p <= '9'; p++) {
			port = port * 10 + (*p - '0');
			if (port > 65535)
				break;
		}
		if (port > 65535 || (*p && *p != '/' && *p != '?' &&
		    *p != '#')) {
			ct_buf_adds(reason, "not a URL (bad port): ");
			excerpt(reason, v);
			return CT_IOC_NONE;
		}
	}
	hend = p;
	if (*p && *p != '/' && *p != '?' && *p != '#')
		goto badhost;
	/* canonical form */
	ct_buf_add(norm, scheme, slen);
	ioc_lower(norm->buf + norm->len - slen);
	ct_buf_adds(norm, "://");
	{
		const char *hostend = host + strcspn(host, ":/?#");
		size_t before = norm->len;

		if (*host == '[')
			hostend = strchr(host, ']') + 1;
		ct_buf_add(norm, host, (size_t)(hostend - host));
		ioc_lower(norm->buf + before);
		if (norm->buf[norm->len - 1] == '.' && *host != '[')
			ct_buf_setlen(norm, norm->len - 1);
	}
	dport = default_port(norm->buf, slen);
	if (port >= 0 && port != dport)
		ct_buf_addf(norm, ":%d", port);
	plen = strcspn(hend, "#");
	{
		size_t q = strcspn(hend, "?#");
		size_t path = q;

		while (path > 0 && hend[path - 1] == '/')
			path--;
		ct_buf_add(norm, hend, path);
		if (q < plen)
			ct_buf_add(norm, hend + q, plen - q);
	}
	return CT_IOC_URL;
badhost:
	ct_buf_reset(norm);
	ct_buf_adds(reason, "not a URL (bad host");
	if (*why)
		ct_buf_addf(reason, ": %s", why);
	ct_buf_adds(reason, "): ");
	excerpt(reason, v);
	return CT_IOC_NONE;
}

/* A URL path ("uri" in MISP): starts with '/', no spaces. */
static enum ct_ioc_class
check_uri(const char *v, struct ct_buf *norm, struct ct_buf *reason)
{
	size_t i, n = strlen(v);

	if (v[0] != '/' || n < 2) {
		ct_buf_adds(reason, "not a URL path (must start with '/'): ");
		excerpt(reason, v);
		return CT_IOC_NONE;
	}
	for (i = 0; i < n; i++)
		if ((unsigned char)v[i] <= 0x20 || v[i] == 0x7f) {
			ct_buf_adds(reason, "not a URL path (space or control "
			    "character): ");
			excerpt(reason, v);
			return CT_IOC_NONE;
		}
	n = strcspn(v, "#");
	while (n > 1 && v[n - 1] == '/')
		n--;
	if (n < 2) {
		/* "/" or "//": would match every URL (and is not canonical). */
		ct_buf_adds(reason, "not a URL path (nothing but '/'): ");
		excerpt(reason, v);
		return CT_IOC_NONE;
	}
	ct_buf_add(norm, v, n);
	return CT_IOC_URI;
}

/*
 * File names compare case-insensitively (Windows) on the last path
 * component: "C:\Temp\a.exe" and "a.exe" both match a file named A.EXE.
 */
static enum ct_ioc_class
check_filename(const char *v, struct ct_buf *norm, struct ct_buf *reason)
{
	const char *base = v, *p;
	size_t n = strlen(v);

	for (p = v; *p; p++) {
		if ((unsigned char)*p < 0x20 || *p == 0x7f) {
			ct_buf_adds(reason, "control character in a file "
			    "name: ");
			excerpt(reason, v);
			return CT_IOC_NONE;
		}
		if (*p == '/' || *p == '\\')
			base = p + 1;
	}
	if (*base == '\0' || n > 1024) {
		ct_buf_adds(reason, "not a file name: ");
		excerpt(reason, v);
		return CT_IOC_NONE;
	}
	/* on the last component, which is what is stored and compared */
	if (is_placeholder(base)) {
		ct_buf_adds(reason, "placeholder, not a file name: ");
		excerpt(reason, v);
		return CT_IOC_NONE;
	}
	ct_buf_adds(norm, base);
	ioc_lower(norm->buf + norm->len - strlen(base));
	return CT_IOC_FILENAME;
}

static int
all_hex(const char *v)
{
	if (*v == '\0')
		return 0;
	for (; *v; v++)
		if (!is_hex((unsigned char)*v))
			return 0;
	return 1;
}

/*
 * Extensions that make "name.ext" a file rather than a domain in an
 * untyped list. A few (zip, mov) are also top-level domains; in a list of
 * indicators a file name is the likelier reading.
 */
static int
file_extension(const char *v)
{
	static const char *const ext[] = {
		"exe", "dll", "sys", "scr", "com", "bat", "cmd", "ps1", "psm1",
		"vbs", "vbe", "js", "jse", "wsf", "hta", "lnk", "msi", "jar",
		"doc", "docx", "docm", "xls", "xlsx", "xlsm", "ppt", "pptx",
		"pdf", "rtf", "zip", "rar", "7z", "iso", "img", "tmp", "dat",
		"bin", "png", "jpg", "gif", "txt", "log", "cab", "cpl", "ocx",
	};
	const char *dot = strrchr(v, '.');
	size_t i;

	if (!dot)
		return 0;
	if (strcmp(dot + 1, "com") == 0)	/* a domain far more often */
		return 0;
	for (i = 0; i < CT_ARRAY_SIZE(ext); i++)
		if (strcasecmp(dot + 1, ext[i]) == 0)
			return 1;
	return 0;
}

/* Guess the MISP type of an untyped value; NULL if nothing fits. */
static const char *
infer_type(const char *v)
{
	size_t n = strlen(v);
	struct in_addr a;
	struct in6_addr a6;
	const char *slash = strchr(v, '/');

	if (all_hex(v)) {
		if (n == 32)
			return "md5";
		if (n == 40)
			return "sha1";
		if (n == 64)
			return "sha256";
		if (n == 128)
			return "sha512";
	}
	if (strstr(v, "://"))
		return "url";
	if (strspn(v, "0123456789.") == n && n >= 7) {
		const char *q = v;
		int dots = 0;

		while ((q = strchr(q, '.')) != NULL)
			dots++, q++;
		if (dots == 3)	/* an address, maybe a bad one: say why */
			return "ip-dst";
	}
	{
		char *addr = ct_xstrndup(v, slash ? (size_t)(slash - v) : n);
		int ip = ipv4_ok(addr, &a) ||
		    (strchr(addr, ':') && inet_pton(AF_INET6, addr, &a6) == 1);

		free(addr);
		if (ip && (!slash || all_hex(slash + 1)))
			return "ip-dst";
		if (ip)
			return "url";
	}
	if (strchr(v, '\\'))
		return "filename";
	if (slash && slash > v) {
		const char *why;

		if (host_ok(v, (size_t)(slash - v), 1, &why))
			return "url";
		return NULL;
	}
	if (file_extension(v) && !strchr(v, ' '))
		return "filename";
	{
		const char *why;

		if (host_ok(v, n, 1, &why))
			return "domain";
	}
	return NULL;
}

enum ct_ioc_class
ioc_check(const char *type, const char *value, struct ct_buf *norm,
    struct ct_buf *reason, const char **type_out)
{
	enum ct_ioc_class cls;

	*type_out = type;
	if (type == NULL || *type == '\0') {
		type = infer_type(value);
		if (type == NULL) {
			*type_out = "unknown";
			if (is_placeholder(value))
				ct_buf_adds(reason, "placeholder, not an "
				    "indicator: ");
			else
				ct_buf_adds(reason, "cannot tell what kind of "
				    "indicator this is: ");
			excerpt(reason, value);
			return CT_IOC_NONE;
		}
		*type_out = type;
	}
	if (*value == '\0') {
		ct_buf_addf(reason, "empty %s value", type);
		return CT_IOC_NONE;
	}
	cls = ct_ioc_class_of(type);
	if (cls == CT_IOC_NONE) {
		ct_buf_adds(reason, "unsupported indicator type '");
		ct_buf_add_printable(reason, type);
		ct_buf_adds(reason, "': casetrail does not match it");
		return CT_IOC_NONE;
	}
	switch (cls) {
	case CT_IOC_MD5:
		return check_hash("an MD5", 32, CT_IOC_MD5, value, norm, reason);
	case CT_IOC_SHA1:
		return check_hash("a SHA-1", 40, CT_IOC_SHA1, value, norm,
		    reason);
	case CT_IOC_SHA256:
		return check_hash("a SHA-256", 64, CT_IOC_SHA256, value, norm,
		    reason);
	case CT_IOC_SHA512:
		return check_hash("a SHA-512", 128, CT_IOC_SHA512, value, norm,
		    reason);
	case CT_IOC_IMPHASH:
		return check_hash("an import hash", 32, CT_IOC_IMPHASH, value,
		    norm, reason);
	case CT_IOC_IP:
		return check_ip(value, norm, reason);
	case CT_IOC_IP_PORT: {
		const char *bar = strrchr(value, '|');
		char *addr;
		long port = -1;
		enum ct_ioc_class c;

		if (!bar) {
			ct_buf_adds(reason, "expected address|port: ");
			excerpt(reason, value);
			return CT_IOC_NONE;
		}
		if (bar[1] && strlen(bar + 1) <= 5 && strspn(bar + 1,
		    "0123456789") == strlen(bar + 1))
			port = strtol(bar + 1, NULL, 10);
		if (port < 0 || port > 65535) {
			ct_buf_adds(reason, "bad port in ");
			excerpt(reason, value);
			return CT_IOC_NONE;
		}
		addr = ct_xstrndup(value, (size_t)(bar - value));
		c = strchr(addr, '/') ? CT_IOC_NONE : check_ip(addr, norm,
		    reason);
		free(addr);
		if (c == CT_IOC_NONE) {
			if (reason->len == 0) {
				ct_buf_adds(reason, "not an address: ");
				excerpt(reason, value);
			}
			return CT_IOC_NONE;
		}
		ct_buf_addf(norm, "|%ld", port);
		return CT_IOC_IP_PORT;
	}
	case CT_IOC_DOMAIN:
		return check_domain(value, norm, reason);
	case CT_IOC_URL:
		return check_url(value, norm, reason);
	case CT_IOC_URI:
		return check_uri(value, norm, reason);
	case CT_IOC_FILENAME:
		return check_filename(value, norm, reason);
	default:
		break;
	}
	return CT_IOC_NONE;
}

/* ---- the document ---- */

void
ioc_doc_init(struct ioc_doc *d, const char *path)
{
	memset(d, 0, sizeof(*d));
	d->path = path;
	d->format = "unknown";
}

void
ioc_doc_release(struct ioc_doc *d)
{
	size_t i;

	for (i = 0; i < d->nitems; i++) {
		free(d->items[i].category);
		free(d->items[i].type);
		free(d->items[i].value);
		free(d->items[i].normalized);
		free(d->items[i].reason);
		free(d->items[i].comment);
	}
	for (i = 0; i < d->nctx; i++) {
		free(d->ctx[i].key);
		free(d->ctx[i].value);
	}
	for (i = 0; i < d->ngroups; i++) {
		free(d->groups[i].ref);
		free(d->groups[i].name);
	}
	for (i = 0; i < d->nwarns; i++)
		free(d->warns[i].message);
	free(d->items);
	free(d->ctx);
	free(d->nodes);
	free(d->groups);
	free(d->warns);
	memset(d, 0, sizeof(*d));
}

/* Grow an array by one element; 0 if the document is full. */
static int
grow(void **arr, size_t *n, size_t *alloc, size_t size, struct ioc_doc *d)
{
	if (*n >= IOC_MAX_ITEMS) {
		if (!d->full)
			ioc_doc_warn(d, 0, -1, "more than %d entries: the rest "
			    "of the file is ignored", IOC_MAX_ITEMS);
		d->full = 1;
		return 0;
	}
	if (*n == *alloc) {
		*alloc = *alloc ? *alloc * 2 : 16;
		*arr = ct_xreallocarray(*arr, *alloc, size);
	}
	return 1;
}

/*
 * A copy of evidence text as valid UTF-8, cut at IOC_MAX_VALUE; a NUL
 * byte becomes U+FFFD too, so the stored text shows where it was.
 */
static char *
clean(const char *s, size_t n)
{
	struct ct_buf b = CT_BUF_INIT;
	const char *nul;

	if (n > IOC_MAX_VALUE)
		n = IOC_MAX_VALUE;
	while ((nul = memchr(s, '\0', n)) != NULL) {
		ct_buf_add_utf8_clean(&b, s, (size_t)(nul - s));
		ct_buf_adds(&b, "\xef\xbf\xbd");
		n -= (size_t)(nul - s) + 1;
		s = nul + 1;
	}
	ct_buf_add_utf8_clean(&b, s, n);
	return ct_buf_detach(&b, NULL);
}

/* A trimmed copy of a comment, or NULL when there is nothing left. */
static char *
clean_comment(const char *s)
{
	size_t n;

	if (!s)
		return NULL;
	while (*s == ' ' || *s == '\t')
		s++;
	n = strlen(s);
	while (n && strchr(" \t\r\n", s[n - 1]))
		n--;
	return n ? clean(s, n) : NULL;
}

/* Trim spaces, tabs and CR/LF on both ends of [*s, *s + *n). */
static void
trim(const char **s, size_t *n)
{
	while (*n && strchr(" \t\r\n", (*s)[0]))
		(*s)++, (*n)--;
	while (*n && strchr(" \t\r\n", (*s)[*n - 1]))
		(*n)--;
}

static int
add_one(struct ioc_doc *d, int64_t line, const char *category,
    const char *type, const char *value, size_t vlen, const char *comment,
    int to_ids)
{
	struct ct_buf fanged = CT_BUF_INIT, norm = CT_BUF_INIT;
	struct ct_buf reason = CT_BUF_INIT;
	struct ioc_item *it;
	const char *tname;
	int idx;

	if (!grow((void **)&d->items, &d->nitems, &d->aitems,
	    sizeof(*d->items), d))
		return -1;
	trim(&value, &vlen);
	idx = (int)d->nitems++;
	it = &d->items[idx];
	memset(it, 0, sizeof(*it));
	it->line = line;
	it->category = category ? clean(category, strlen(category)) : NULL;
	it->comment = clean_comment(comment);
	it->to_ids = to_ids;
	it->value = clean(value, vlen);
	if (vlen > IOC_MAX_VALUE) {
		it->type = clean(type && *type ? type : "unknown",
		    strlen(type && *type ? type : "unknown"));
		it->reason = ct_xasprintf("value longer than %d bytes",
		    IOC_MAX_VALUE);
		return idx;
	}
	if (memchr(value, '\0', vlen) != NULL) {
		it->type = clean(type && *type ? type : "unknown",
		    strlen(type && *type ? type : "unknown"));
		it->reason = ct_xstrdup("NUL byte inside the value");
		return idx;
	}
	ioc_refang(&fanged, it->value, strlen(it->value));
	it->cls = ioc_check(type, fanged.buf, &norm, &reason, &tname);
	it->type = clean(tname, strlen(tname));
	if (it->cls == CT_IOC_NONE)
		it->reason = ct_buf_detach(&reason, NULL);
	else
		it->normalized = ct_buf_detach(&norm, NULL);
	ct_buf_release(&fanged);
	ct_buf_release(&norm);
	ct_buf_release(&reason);
	return idx;
}

int
ioc_doc_add(struct ioc_doc *d, int64_t line, const char *category,
    const char *type, const char *value, size_t vlen, const char *comment,
    int to_ids)
{
	static const struct { const char *type, *first, *second; } comp[] = {
		{ "filename|md5", "filename", "md5" },
		{ "filename|sha1", "filename", "sha1" },
		{ "filename|sha256", "filename", "sha256" },
		{ "filename|sha512", "filename", "sha512" },
		{ "filename|imphash", "filename", "imphash" },
		{ "domain|ip", "domain", "ip-dst" },
		{ "hostname|port", "hostname", NULL },
	};
	const char *bar;
	size_t i;
	int first;

	for (i = 0; type && i < CT_ARRAY_SIZE(comp); i++)
		if (strcmp(type, comp[i].type) == 0)
			break;
	if (!type || i == CT_ARRAY_SIZE(comp))
		return add_one(d, line, category, type, value, vlen, comment,
		    to_ids);
	bar = memchr(value, '|', vlen);
	if (!bar)
		return ioc_doc_reject(d, line, type, value, vlen,
		    "composite type %s needs two values joined by '|'", type);
	first = add_one(d, line, category, comp[i].first, value,
	    (size_t)(bar - value), comment, to_ids);
	if (first >= 0 && comp[i].second)
		add_one(d, line, category, comp[i].second, bar + 1,
		    vlen - (size_t)(bar + 1 - value), comment, to_ids);
	return first;
}

int
ioc_doc_reject(struct ioc_doc *d, int64_t line, const char *type,
    const char *value, size_t vlen, const char *fmt, ...)
{
	struct ct_buf r = CT_BUF_INIT;
	struct ioc_item *it;
	va_list ap;
	int idx;

	if (!grow((void **)&d->items, &d->nitems, &d->aitems,
	    sizeof(*d->items), d))
		return -1;
	idx = (int)d->nitems++;
	it = &d->items[idx];
	memset(it, 0, sizeof(*it));
	it->line = line;
	it->type = clean(type && *type ? type : "unknown",
	    strlen(type && *type ? type : "unknown"));
	it->value = clean(value ? value : "", value ? vlen : 0);
	it->to_ids = 1;
	va_start(ap, fmt);
	ct_buf_vaddf(&r, fmt, ap);
	va_end(ap);
	it->reason = clean(r.buf, r.len);
	ct_buf_release(&r);
	return idx;
}

void
ioc_doc_context(struct ioc_doc *d, int64_t line, const char *key,
    const char *value, size_t vlen)
{
	struct ioc_context *c;

	trim(&value, &vlen);
	if (vlen == 0)
		return;
	if (!grow((void **)&d->ctx, &d->nctx, &d->actx, sizeof(*d->ctx), d))
		return;
	c = &d->ctx[d->nctx++];
	c->line = line;
	c->key = ct_xstrdup(key);
	/* context is prose: keep more of it than of an indicator */
	{
		struct ct_buf b = CT_BUF_INIT;

		ct_buf_add_utf8_clean(&b, value, vlen > (1u << 20) ?
		    (1u << 20) : vlen);
		c->value = ct_buf_detach(&b, NULL);
	}
}

void
ioc_doc_warn(struct ioc_doc *d, int64_t line, int64_t offset,
    const char *fmt, ...)
{
	struct ct_buf b = CT_BUF_INIT;
	struct ioc_warning *w;
	va_list ap;

	/* warnings are not subject to the item cap, but bounded too */
	if (d->nwarns >= 10000)
		return;
	if (d->nwarns == d->awarns) {
		d->awarns = d->awarns ? d->awarns * 2 : 8;
		d->warns = ct_xreallocarray(d->warns, d->awarns,
		    sizeof(*d->warns));
	}
	w = &d->warns[d->nwarns++];
	w->line = line;
	w->offset = offset;
	va_start(ap, fmt);
	ct_buf_vaddf(&b, fmt, ap);
	va_end(ap);
	w->message = clean(b.buf, b.len);
	ct_buf_release(&b);
}

int
ioc_doc_node(struct ioc_doc *d, enum ioc_op op, int item)
{
	struct ioc_node *nd;

	if (!grow((void **)&d->nodes, &d->nnodes, &d->anodes,
	    sizeof(*d->nodes), d))
		return -1;
	nd = &d->nodes[d->nnodes];
	nd->op = op;
	nd->item = item;
	nd->first = nd->next = -1;
	return (int)d->nnodes++;
}

void
ioc_doc_child(struct ioc_doc *d, int parent, int child)
{
	int *link;

	if (parent < 0 || child < 0)
		return;
	link = &d->nodes[parent].first;
	while (*link >= 0)
		link = &d->nodes[*link].next;
	*link = child;
}

void
ioc_doc_group(struct ioc_doc *d, int64_t line, const char *ref,
    const char *name, int root)
{
	struct ioc_group *g;

	if (root < 0)
		return;
	if (!grow((void **)&d->groups, &d->ngroups, &d->agroups,
	    sizeof(*d->groups), d))
		return;
	g = &d->groups[d->ngroups++];
	g->line = line;
	g->ref = ref ? clean(ref, strlen(ref)) : NULL;
	g->name = name ? clean(name, strlen(name)) : NULL;
	g->root = root;
}
