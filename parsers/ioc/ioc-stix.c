/*
 * ioc-stix.c - STIX 2.1 patterns, the equality subset (OASIS STIX 2.1
 * CS03 section 9, "STIX Patterning"):
 *
 *	pattern     = obs (("AND" | "OR") obs)*
 *	obs         = "[" comparison "]" | "(" pattern ")"
 *	comparison  = term (("AND" | "OR") term)*
 *	term        = object-path "=" 'string' | "(" comparison ")"
 *
 * AND binds tighter than OR at both levels, as in the specification.
 * Object paths matched: ipv4-addr:value, ipv6-addr:value,
 * domain-name:value, url:value, file:name, file:hashes.<MD5|SHA-1|
 * SHA-256|SHA-512> (quoted or not), network-traffic:dst_ref.value and
 * src_ref.value. A comparison on another path or with another operator
 * (!=, LIKE, MATCHES, IN, >...) becomes a rejected item saying so and a
 * leaf that never holds, so AND/OR still mean what they say. Observation
 * operators (FOLLOWEDBY) and qualifiers (WITHIN, REPEATS, START/STOP)
 * change what a match means: such a pattern is rejected as a whole.
 */
#include "compat.h"

#include <stdarg.h>
#include <strings.h>

#include "ioc-int.h"
#include "xalloc.h"

struct pp {
	struct ioc_doc *d;
	const char *s, *p;
	int64_t line;
	const char *comment;
	int depth;
	const char *bad;	/* why the whole pattern is unsupported */
	char badbuf[160];
};

static void
skip_ws(struct pp *x)
{
	while (*x->p == ' ' || *x->p == '\t' || *x->p == '\n' ||
	    *x->p == '\r')
		x->p++;
}

/* Is the next token the keyword kw (followed by a non-word character)? */
static int
keyword(struct pp *x, const char *kw)
{
	size_t n = strlen(kw);
	char c;

	skip_ws(x);
	if (strncasecmp(x->p, kw, n) != 0)
		return 0;
	c = x->p[n];
	if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
	    (c >= '0' && c <= '9') || c == '_' || c == '-')
		return 0;
	x->p += n;
	return 1;
}

static void CT_PRINTF(2, 3)
fail(struct pp *x, const char *fmt, ...)
{
	va_list ap;

	if (x->bad)
		return;
	va_start(ap, fmt);
	vsnprintf(x->badbuf, sizeof(x->badbuf), fmt, ap);
	va_end(ap);
	x->bad = x->badbuf;
}

/* Map an object path to a MISP type, or NULL. */
static const char *
path_type(const char *path)
{
	static const struct { const char *path, *type; } map[] = {
		{ "ipv4-addr:value", "ip-dst" },
		{ "ipv6-addr:value", "ip-dst" },
		{ "domain-name:value", "domain" },
		{ "url:value", "url" },
		{ "file:name", "filename" },
		{ "file:hashes.md5", "md5" },
		{ "file:hashes.'md5'", "md5" },
		{ "file:hashes.sha-1", "sha1" },
		{ "file:hashes.'sha-1'", "sha1" },
		{ "file:hashes.sha1", "sha1" },
		{ "file:hashes.'sha1'", "sha1" },
		{ "file:hashes.sha-256", "sha256" },
		{ "file:hashes.'sha-256'", "sha256" },
		{ "file:hashes.sha256", "sha256" },
		{ "file:hashes.'sha256'", "sha256" },
		{ "file:hashes.sha-512", "sha512" },
		{ "file:hashes.'sha-512'", "sha512" },
		{ "file:hashes.sha512", "sha512" },
		{ "file:hashes.'sha512'", "sha512" },
		/* the address may be an IP or a domain: infer */
		{ "network-traffic:dst_ref.value", "" },
		{ "network-traffic:src_ref.value", "" },
	};
	size_t i;

	for (i = 0; i < CT_ARRAY_SIZE(map); i++)
		if (strcasecmp(path, map[i].path) == 0)
			return map[i].type;
	return NULL;
}

/* A quoted string literal; *out gets the unescaped text. 0 if none. */
static int
string_lit(struct pp *x, struct ct_buf *out)
{
	skip_ws(x);
	if (*x->p != '\'')
		return 0;
	for (x->p++; *x->p && *x->p != '\''; x->p++) {
		if (*x->p == '\\' && (x->p[1] == '\'' || x->p[1] == '\\'))
			x->p++;
		ct_buf_addch(out, *x->p);
	}
	if (*x->p != '\'') {
		fail(x, "string literal not closed");
		return 0;
	}
	x->p++;
	return 1;
}

static int comparison(struct pp *x);
static int pattern(struct pp *x);

static int
term(struct pp *x)
{
	struct ct_buf path = CT_BUF_INIT, lit = CT_BUF_INIT;
	const char *type, *opstart;
	char op[16];
	int neg = 0, item, node;

	skip_ws(x);
	if (*x->p == '(') {
		x->p++;
		node = comparison(x);
		skip_ws(x);
		if (*x->p != ')')
			fail(x, "missing ')'");
		else
			x->p++;
		return node;
	}
	/* object-path: type ':' property, quoted parts and [*] allowed */
	while (*x->p && !strchr(" \t\r\n=!<>]()", *x->p)) {
		if (*x->p == '\'') {
			const char *q = strchr(x->p + 1, '\'');

			if (!q) {
				fail(x, "unclosed quote in object path");
				break;
			}
			ct_buf_add(&path, x->p, (size_t)(q + 1 - x->p));
			x->p = q + 1;
			continue;
		}
		if (*x->p == '[' && x->p[1] && strchr("*0123456789",
		    x->p[1])) {
			const char *q = strchr(x->p, ']');

			if (!q)
				break;
			ct_buf_add(&path, x->p, (size_t)(q + 1 - x->p));
			x->p = q + 1;
			continue;
		}
		ct_buf_addch(&path, *x->p++);
	}
	if (path.len == 0 || !strchr(path.buf, ':')) {
		fail(x, "expected an object path such as ipv4-addr:value");
		ct_buf_release(&path);
		return -1;
	}
	if (keyword(x, "NOT"))
		neg = 1;
	skip_ws(x);
	opstart = x->p;
	if (strchr("=!<>", *x->p)) {
		while (*x->p && strchr("=!<>", *x->p))
			x->p++;
	} else
		while ((*x->p >= 'A' && *x->p <= 'Z') || (*x->p >= 'a' &&
		    *x->p <= 'z'))
			x->p++;
	snprintf(op, sizeof(op), "%.*s", (int)(x->p - opstart), opstart);
	if (op[0] == '\0') {
		fail(x, "expected a comparison operator");
		ct_buf_release(&path);
		return -1;
	}
	if (!string_lit(x, &lit)) {
		/* numbers, booleans, t'', h'', b'', (list) for IN */
		skip_ws(x);
		if (*x->p == '(') {
			const char *q = strchr(x->p, ')');

			x->p = q ? q + 1 : x->p + strlen(x->p);
		} else {
			if (*x->p && strchr("thb", *x->p) && x->p[1] == '\'') {
				x->p++;
				string_lit(x, &lit);
			} else
				while (*x->p && !strchr(" \t\r\n])", *x->p))
					x->p++;
		}
		if (x->bad) {
			ct_buf_release(&path);
			ct_buf_release(&lit);
			return -1;
		}
		item = ioc_doc_reject(x->d, x->line, "stix2-pattern",
		    path.buf, path.len, "unsupported STIX comparison "
		    "'%s %s' with a non-string value", path.buf, op);
		goto leaf;
	}
	type = path_type(path.buf);
	if (type == NULL)
		item = ioc_doc_reject(x->d, x->line, "stix2-pattern", lit.buf,
		    lit.len, "unsupported STIX object path '%s'", path.buf);
	else if (neg || strcmp(op, "=") != 0)
		item = ioc_doc_reject(x->d, x->line, "stix2-pattern", lit.buf,
		    lit.len, "unsupported STIX comparison '%s%s %s' (only '=' "
		    "is matched)", path.buf, neg ? " NOT" : "", op);
	else
		item = ioc_doc_add(x->d, x->line, NULL, *type ? type : NULL,
		    lit.buf, lit.len, x->comment, 1);
leaf:
	ct_buf_release(&path);
	ct_buf_release(&lit);
	if (item < 0)
		return -1;
	return ioc_doc_node(x->d, IOC_LEAF, item);
}

/*
 * Binary AND/OR with AND binding tighter. sub parses one operand.
 * Returns the node (a leaf when there is one operand).
 */
static int
binary(struct pp *x, int (*sub)(struct pp *), int or_level)
{
	int first, node = -1;

	if (++x->depth > IOC_MAX_DEPTH) {
		fail(x, "nested deeper than the limit");
		x->depth--;
		return -1;
	}
	first = or_level ? binary(x, sub, 0) : sub(x);
	while (!x->bad && keyword(x, or_level ? "OR" : "AND")) {
		int next = or_level ? binary(x, sub, 0) : sub(x);

		if (x->bad)
			break;
		if (node < 0) {
			node = ioc_doc_node(x->d, or_level ? IOC_OR : IOC_AND,
			    -1);
			ioc_doc_child(x->d, node, first);
		}
		ioc_doc_child(x->d, node, next);
	}
	x->depth--;
	return node >= 0 ? node : first;
}

static int
comparison(struct pp *x)
{
	return binary(x, term, 1);
}

static int
observation(struct pp *x)
{
	int node;

	skip_ws(x);
	if (*x->p == '(') {
		x->p++;
		node = pattern(x);
		skip_ws(x);
		if (*x->p != ')')
			fail(x, "missing ')'");
		else
			x->p++;
	} else if (*x->p == '[') {
		x->p++;
		node = comparison(x);
		skip_ws(x);
		if (*x->p != ']')
			fail(x, "missing ']'");
		else
			x->p++;
	} else {
		fail(x, "expected '[' or '('");
		return -1;
	}
	if (keyword(x, "WITHIN") || keyword(x, "REPEATS") ||
	    keyword(x, "START"))
		fail(x, "qualifiers (WITHIN, REPEATS, START/STOP) are not "
		    "supported");
	return node;
}

static int
pattern(struct pp *x)
{
	int node = binary(x, observation, 1);

	if (keyword(x, "FOLLOWEDBY"))
		fail(x, "FOLLOWEDBY is not supported");
	return node;
}

/* Forget items and nodes added after a failed parse began. */
static void
rollback(struct ioc_doc *d, size_t nitems, size_t nnodes)
{
	while (d->nitems > nitems) {
		struct ioc_item *it = &d->items[--d->nitems];

		free(it->category);
		free(it->type);
		free(it->value);
		free(it->normalized);
		free(it->reason);
		free(it->comment);
	}
	d->nnodes = nnodes;
}

int
ioc_stix_pattern(struct ioc_doc *d, int64_t line, const char *pat,
    const char *comment)
{
	struct pp x;
	size_t nitems = d->nitems, nnodes = d->nnodes;
	int root;

	memset(&x, 0, sizeof(x));
	x.d = d;
	x.s = x.p = pat;
	x.line = line;
	x.comment = comment;
	root = pattern(&x);
	skip_ws(&x);
	if (!x.bad && *x.p)
		fail(&x, "unexpected text after the pattern");
	if (!x.bad && root < 0)
		fail(&x, "empty pattern");
	if (x.bad) {
		rollback(d, nitems, nnodes);
		ioc_doc_reject(d, line, "stix2-pattern", pat, strlen(pat),
		    "unsupported STIX pattern (%s, at character %zu)", x.bad,
		    (size_t)(x.p - x.s) + 1);
		return -1;
	}
	return root;
}
