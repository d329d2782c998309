/*
 * sigma-value.c - one detection item of a Sigma rule ("Field|mod|mod:
 * value or list") compiled into patterns (struct sg_pat), and the PCRE2
 * side of the "re" modifier.
 *
 * What the modifiers mean follows the Sigma modifiers appendix
 * (specification/sigma-appendix-modifiers.md) and, where it leaves a
 * choice, pySigma (sigma/modifiers.py, sigma/types.py):
 *
 *  - a value is a Sigma string: '*' any run, '?' one character, '\'
 *    escapes '*', '?' and itself and is a plain backslash before anything
 *    else (and at the end);
 *  - modifiers apply in the order written; contains/startswith/endswith
 *    add '*'; windash turns every '-' or '/' that starts a word after a
 *    non-word character (pySigma's \B[-/]\b) into each of - / en dash,
 *    em dash, horizontal bar; base64 encodes; base64offset gives the three
 *    encodings of the value shifted by 0, 1 and 2 bytes, cut where they
 *    stop depending on the neighbours (start 0, 2, 3; end by length mod
 *    3); wide/utf16le, utf16be and utf16 (with BOM) re-encode the text;
 *    re, cidr, lt/lte/gt/gte, exists and fieldref change the type; all
 *    links the values with AND; cased compares case-sensitively; neq
 *    negates; expand replaces %placeholders% with configured values;
 *  - matching is case-insensitive unless cased (regular expressions:
 *    case-sensitive unless |i).
 *
 * Values are hostile: expansions (windash, placeholders) are capped, the
 * number of values per rule is capped (CT_SIGMA_MAX_VALUES) and regular
 * expressions are compiled with a length and nesting limit and matched
 * with a match and heap limit.
 */
#include "compat.h"

#include <arpa/inet.h>
#include <errno.h>
#include <pthread.h>

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include "config.h"	/* CT_SONAME_PCRE2 */

#include "dynlib.h"
#include "sigma-int.h"
#include "xalloc.h"

/* Caps on expansions of one value. */
#define VAL_MAX_ALTS	4096	/* alternatives one value becomes */
#define VAL_MAX_BYTES	65536	/* bytes of one value after modifiers */
#define FIELD_MAX	256	/* bytes of a field name */
/* PCRE2 limits: backtracking steps and heap (KiB) of one match. */
#define RE_MATCH_LIMIT	200000
#define RE_HEAP_LIMIT	4096
#define RE_NEST_LIMIT	64

/* ---- PCRE2, opened on first use ---- */

/* The pcre2_* names are macros (pcre2_compile -> pcre2_compile_8). */
#define SG_STR(x) #x
#define SG_XSTR(x) SG_STR(x)

#define PCRE_FUNCS(X) \
	X(pcre2_compile) \
	X(pcre2_code_free) \
	X(pcre2_compile_context_create) \
	X(pcre2_set_max_pattern_length) \
	X(pcre2_set_parens_nest_limit) \
	X(pcre2_get_error_message) \
	X(pcre2_jit_compile) \
	X(pcre2_match_data_create) \
	X(pcre2_match_data_free) \
	X(pcre2_match) \
	X(pcre2_match_context_create) \
	X(pcre2_set_match_limit) \
	X(pcre2_set_heap_limit)

static struct {
#define X(f) __typeof__(f) *f;
	PCRE_FUNCS(X)
#undef X
} P;

static const struct ct_dynsym pcre_syms[] = {
#define X(f) { SG_XSTR(f), (void **)&P.f },
	PCRE_FUNCS(X)
#undef X
	{ NULL, NULL }
};

static struct ct_dynlib pcre_lib = {
	CT_SONAME_PCRE2, "libpcre2-8-0", 0, NULL, pcre_syms, 0, ""
};

/* Contexts shared read-only by every thread once made. */
static pthread_mutex_t re_lock = PTHREAD_MUTEX_INITIALIZER;
static pcre2_compile_context *re_cctx;
static pcre2_match_context *re_mctx;

static int
re_init(char *why, size_t whysz)
{
	int rc = 0;

	pthread_mutex_lock(&re_lock);
	if (!re_mctx) {
		if (ct_dynlib_load(&pcre_lib) != 0) {
			snprintf(why, whysz, "%s", pcre_lib.error);
			rc = -1;
		} else {
			re_cctx = P.pcre2_compile_context_create(NULL);
			re_mctx = P.pcre2_match_context_create(NULL);
			if (!re_cctx || !re_mctx)
				abort();	/* out of memory */
			P.pcre2_set_max_pattern_length(re_cctx,
			    CT_SIGMA_MAX_REGEX);
			P.pcre2_set_parens_nest_limit(re_cctx, RE_NEST_LIMIT);
			P.pcre2_set_match_limit(re_mctx, RE_MATCH_LIMIT);
			P.pcre2_set_heap_limit(re_mctx, RE_HEAP_LIMIT);
		}
	}
	pthread_mutex_unlock(&re_lock);
	return rc;
}

void
sg_re_free(void *code)
{
	if (code)
		P.pcre2_code_free(code);
}

void *
sg_re_match_data_new(void)
{
	char why[256];

	if (re_init(why, sizeof(why)) != 0)
		return NULL;
	return P.pcre2_match_data_create(1, NULL);
}

void
sg_re_match_data_free(void *md)
{
	if (md)
		P.pcre2_match_data_free(md);
}

int
sg_re_match(const void *code, void *md, const char *s, size_t n)
{
	int rc;

	if (!md)
		return -1;
	rc = P.pcre2_match(code, (PCRE2_SPTR)s, n, 0, 0, md, re_mctx);
	if (rc >= 0)
		return 1;
	return rc == PCRE2_ERROR_NOMATCH ? 0 : -1;
}

/* ---- a growing array of units (bytes and SG_ANY / SG_STAR) ---- */

struct uvec {
	uint16_t *u;
	size_t n, a;
};

static void
uv_push(struct uvec *v, uint16_t x)
{
	if (v->n == v->a) {
		v->a = v->a ? v->a * 2 : 32;
		v->u = ct_xreallocarray(v->u, v->a, sizeof(*v->u));
	}
	v->u[v->n++] = x;
}

static void
uv_bytes(struct uvec *v, const void *p, size_t n)
{
	const uint8_t *b = p;
	size_t i;

	for (i = 0; i < n; i++)
		uv_push(v, b[i]);
}

static int
uv_special(const struct uvec *v)
{
	size_t i;

	for (i = 0; i < v->n; i++)
		if (v->u[i] > 255)
			return 1;
	return 0;
}

/* A list of alternatives, each a uvec. */
struct alts {
	struct uvec *v;
	size_t n, a;
};

static struct uvec *
alts_add(struct alts *l)
{
	if (l->n == l->a) {
		l->a = l->a ? l->a * 2 : 4;
		l->v = ct_xreallocarray(l->v, l->a, sizeof(*l->v));
	}
	memset(&l->v[l->n], 0, sizeof(l->v[0]));
	return &l->v[l->n++];
}

static void
alts_release(struct alts *l)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		free(l->v[i].u);
	free(l->v);
	memset(l, 0, sizeof(*l));
}

/* Sigma string syntax (escapes as pySigma's SigmaString reads them). */
static void
parse_sigma_string(struct uvec *v, const char *s, size_t n)
{
	size_t i;
	int esc = 0;

	for (i = 0; i < n; i++) {
		char c = s[i];

		if (esc) {
			if (c != '*' && c != '?' && c != '\\')
				uv_push(v, '\\');
			uv_push(v, (uint8_t)c);
			esc = 0;
		} else if (c == '\\') {
			esc = 1;
		} else if (c == '*') {
			uv_push(v, SG_STAR);
		} else if (c == '?') {
			uv_push(v, SG_ANY);
		} else {
			uv_push(v, (uint8_t)c);
		}
	}
	if (esc)
		uv_push(v, '\\');
}

/* ---- modifiers ---- */

enum mod {
	M_CONTAINS, M_STARTSWITH, M_ENDSWITH, M_ALL, M_WINDASH, M_BASE64,
	M_BASE64OFFSET, M_UTF16LE, M_UTF16BE, M_UTF16, M_RE, M_RE_I,
	M_RE_M, M_RE_S, M_CIDR, M_CASED, M_EXISTS, M_FIELDREF, M_EXPAND,
	M_LT, M_LTE, M_GT, M_GTE, M_NEQ,
};

static const struct {
	const char *name;
	int mod;		/* enum mod, or -1: known, not supported */
} mods[] = {
	{ "contains", M_CONTAINS }, { "startswith", M_STARTSWITH },
	{ "endswith", M_ENDSWITH }, { "all", M_ALL },
	{ "windash", M_WINDASH }, { "base64", M_BASE64 },
	{ "base64offset", M_BASE64OFFSET }, { "wide", M_UTF16LE },
	{ "utf16le", M_UTF16LE }, { "utf16be", M_UTF16BE },
	{ "utf16", M_UTF16 }, { "re", M_RE }, { "i", M_RE_I },
	{ "ignorecase", M_RE_I }, { "m", M_RE_M }, { "multiline", M_RE_M },
	{ "s", M_RE_S }, { "dotall", M_RE_S }, { "cidr", M_CIDR },
	{ "cased", M_CASED }, { "exists", M_EXISTS },
	{ "fieldref", M_FIELDREF }, { "expand", M_EXPAND }, { "lt", M_LT },
	{ "lte", M_LTE }, { "gt", M_GT }, { "gte", M_GTE }, { "neq", M_NEQ },
	{ "minute", -1 }, { "hour", -1 }, { "day", -1 }, { "week", -1 },
	{ "month", -1 }, { "year", -1 },
};

#define MAX_MODS 16

struct modset {
	int m[MAX_MODS];	/* in the order written */
	int n;
	unsigned has;		/* 1 << mod */
};

#define HAS(ms, x) (((ms)->has >> (x)) & 1u)

static int
parse_mods(struct sg_ctx *c, unsigned line, const char *key, size_t keylen,
    size_t bar, struct modset *ms)
{
	size_t p = bar;

	memset(ms, 0, sizeof(*ms));
	while (p < keylen) {
		size_t q = p + 1, len, k;

		while (q < keylen && key[q] != '|')
			q++;
		len = q - p - 1;
		for (k = 0; k < CT_ARRAY_SIZE(mods); k++)
			if (strlen(mods[k].name) == len &&
			    memcmp(mods[k].name, key + p + 1, len) == 0)
				break;
		if (k == CT_ARRAY_SIZE(mods))
			return sg_fail(c, CT_SIGMA_SKIP_MODIFIER, line,
			    "unknown modifier '%.*s'", (int)(len > 64 ? 64 :
			    len), key + p + 1);
		if (mods[k].mod < 0)
			return sg_fail(c, CT_SIGMA_SKIP_MODIFIER, line,
			    "unsupported modifier '%s' (time parts)",
			    mods[k].name);
		if (ms->n == MAX_MODS)
			return sg_fail(c, CT_SIGMA_SKIP_MODIFIER, line,
			    "more than %d modifiers", MAX_MODS);
		ms->m[ms->n++] = mods[k].mod;
		ms->has |= 1u << mods[k].mod;
		p = q;
	}
	/* type modifiers exclude each other and most transformations */
	{
		int types = HAS(ms, M_RE) + HAS(ms, M_CIDR) +
		    HAS(ms, M_EXISTS) + HAS(ms, M_FIELDREF) + HAS(ms, M_LT) +
		    HAS(ms, M_LTE) + HAS(ms, M_GT) + HAS(ms, M_GTE);
		unsigned strmods = (1u << M_WINDASH) | (1u << M_BASE64) |
		    (1u << M_BASE64OFFSET) | (1u << M_UTF16LE) |
		    (1u << M_UTF16BE) | (1u << M_UTF16) | (1u << M_EXPAND);
		unsigned wild = (1u << M_CONTAINS) | (1u << M_STARTSWITH) |
		    (1u << M_ENDSWITH);

		if (HAS(ms, M_RE)) {
			int k;

			for (k = 0; ms->m[k] != M_RE; k++)
				if (ms->m[k] != M_ALL && ms->m[k] != M_NEQ)
					return sg_fail(c, CT_SIGMA_SKIP_MODIFIER,
					    line, "re applies only to unmodified "
					    "values in '%.*s'", (int)(keylen > 100 ?
					    100 : keylen), key);
		}
		if (types > 1)
			return sg_fail(c, CT_SIGMA_SKIP_MODIFIER, line,
			    "modifiers of two types together in '%.*s'",
			    (int)(keylen > 100 ? 100 : keylen), key);
		if ((HAS(ms, M_RE_I) || HAS(ms, M_RE_M) || HAS(ms, M_RE_S)) &&
		    !HAS(ms, M_RE))
			return sg_fail(c, CT_SIGMA_SKIP_MODIFIER, line,
			    "regular expression flag without re in '%.*s'",
			    (int)(keylen > 100 ? 100 : keylen), key);
		if (types && (ms->has & strmods))
			return sg_fail(c, CT_SIGMA_SKIP_MODIFIER, line,
			    "a string modifier on a non-string value in "
			    "'%.*s'", (int)(keylen > 100 ? 100 : keylen), key);
		if (types && !HAS(ms, M_FIELDREF) && (ms->has & wild))
			return sg_fail(c, CT_SIGMA_SKIP_MODIFIER, line,
			    "contains/startswith/endswith on a non-string "
			    "value in '%.*s'", (int)(keylen > 100 ? 100 :
			    keylen), key);
	}
	return 0;
}

/* ---- transformations ---- */

static int
is_word(uint16_t u)
{
	return u <= 255 && ((u >= '0' && u <= '9') || (u >= 'a' && u <= 'z') ||
	    (u >= 'A' && u <= 'Z') || u == '_' || u >= 0x80);
}

static void
wrap(struct uvec *v, int front, int back)
{
	if (front && (v->n == 0 || v->u[0] != SG_STAR)) {
		uv_push(v, 0);
		memmove(v->u + 1, v->u, (v->n - 1) * sizeof(*v->u));
		v->u[0] = SG_STAR;
	}
	if (back && (v->n == 0 || v->u[v->n - 1] != SG_STAR))
		uv_push(v, SG_STAR);
}

static const char *const dashes[] = {
	"-", "/", "\xe2\x80\x93", "\xe2\x80\x94", "\xe2\x80\x95",
};

/* windash: each alternative becomes up to 5^k (k dashes) alternatives. */
static int
windash(struct sg_ctx *c, unsigned line, struct alts *l)
{
	struct alts out = { 0 };
	size_t a;

	for (a = 0; a < l->n; a++) {
		const struct uvec *v = &l->v[a];
		size_t pos[8], k = 0, i, combos = 1, x;

		for (i = 0; i < v->n; i++) {
			if (v->u[i] != '-' && v->u[i] != '/')
				continue;
			if (i > 0 && is_word(v->u[i - 1]))
				continue;
			if (i + 1 >= v->n || !is_word(v->u[i + 1]))
				continue;
			if (k == CT_ARRAY_SIZE(pos)) {
				alts_release(&out);
				return sg_fail(c, CT_SIGMA_SKIP_LIMIT, line,
				    "windash on a value with more than %zu "
				    "dashes", CT_ARRAY_SIZE(pos));
			}
			pos[k++] = i;
		}
		for (i = 0; i < k; i++)
			combos *= CT_ARRAY_SIZE(dashes);
		if (out.n + combos > VAL_MAX_ALTS) {
			alts_release(&out);
			return sg_fail(c, CT_SIGMA_SKIP_LIMIT, line,
			    "windash expands to more than %d values",
			    VAL_MAX_ALTS);
		}
		for (x = 0; x < combos; x++) {
			struct uvec *o = alts_add(&out);
			size_t sel = x, p = 0;

			for (i = 0; i < v->n; i++) {
				if (p < k && pos[p] == i) {
					const char *d = dashes[sel %
					    CT_ARRAY_SIZE(dashes)];

					sel /= CT_ARRAY_SIZE(dashes);
					uv_bytes(o, d, strlen(d));
					p++;
				} else {
					uv_push(o, v->u[i]);
				}
			}
		}
	}
	alts_release(l);
	*l = out;
	return 0;
}

/* The bytes of a uvec without specials. */
static uint8_t *
uv_to_bytes(const struct uvec *v)
{
	uint8_t *b = ct_xmalloc(v->n + 1);
	size_t i;

	for (i = 0; i < v->n; i++)
		b[i] = (uint8_t)v->u[i];
	return b;
}

static int
base64(struct sg_ctx *c, unsigned line, struct alts *l, int offsets)
{
	struct alts out = { 0 };
	size_t a;

	for (a = 0; a < l->n; a++) {
		uint8_t *data;
		size_t n = l->v[a].n;
		int i, k;

		if (uv_special(&l->v[a])) {
			alts_release(&out);
			return sg_fail(c, CT_SIGMA_SKIP_VALUE, line,
			    "base64 of a value with wildcards");
		}
		data = uv_to_bytes(&l->v[a]);
		if (!offsets) {
			struct ct_buf b = CT_BUF_INIT;

			sg_base64(&b, data, n);
			uv_bytes(alts_add(&out), b.buf, b.len);
			ct_buf_release(&b);
			free(data);
			continue;
		}
		for (i = 0; i < 3; i++) {
			static const int start[3] = { 0, 2, 3 };
			static const int end[3] = { 0, -3, -2 };
			struct ct_buf b = CT_BUF_INIT;
			uint8_t *shifted = ct_xmalloc(n + 3);
			size_t s, e;

			memset(shifted, ' ', (size_t)i);
			memcpy(shifted + i, data, n);
			sg_base64(&b, shifted, n + (size_t)i);
			free(shifted);
			/* pySigma: encoded[start[i] : end[(len + i) % 3]] */
			s = (size_t)start[i];
			k = end[(n + (size_t)i) % 3];
			e = k == 0 ? b.len : (size_t)-k > b.len ? 0 :
			    b.len - (size_t)-k;
			if (e <= s) {
				ct_buf_release(&b);
				free(data);
				alts_release(&out);
				return sg_fail(c, CT_SIGMA_SKIP_VALUE, line,
				    "base64offset of a value too short to "
				    "encode");
			}
			uv_bytes(alts_add(&out), b.buf + s, e - s);
			ct_buf_release(&b);
		}
		free(data);
	}
	alts_release(l);
	*l = out;
	return 0;
}

/* wide / utf16le / utf16be / utf16: re-encode each run of bytes. */
static int
utf16(struct sg_ctx *c, unsigned line, struct alts *l, int mod)
{
	size_t a;

	for (a = 0; a < l->n; a++) {
		struct uvec *v = &l->v[a], o = { 0 };
		size_t i = 0;

		if (mod == M_UTF16) {
			uv_push(&o, 0xff);
			uv_push(&o, 0xfe);
		}
		while (i < v->n) {
			size_t j = i;

			if (v->u[i] > 255) {
				uv_push(&o, v->u[i++]);
				continue;
			}
			while (j < v->n && v->u[j] <= 255)
				j++;
			{
				uint8_t *run = ct_xmalloc(j - i + 1);
				struct ct_buf b = CT_BUF_INIT;
				size_t k;

				for (k = i; k < j; k++)
					run[k - i] = (uint8_t)v->u[k];
				if (sg_utf16(&b, run, j - i, mod == M_UTF16BE)) {
					free(run);
					ct_buf_release(&b);
					free(o.u);
					return sg_fail(c, CT_SIGMA_SKIP_VALUE,
					    line, "UTF-16 of a value that is "
					    "not valid UTF-8");
				}
				uv_bytes(&o, b.buf, b.len);
				free(run);
				ct_buf_release(&b);
			}
			i = j;
		}
		free(v->u);
		*v = o;
	}
	return 0;
}

/* ---- patterns ---- */

static int
compile_glob(struct sg_ctx *c, struct sg_pat *p, const struct uvec *v,
    int cased)
{
	struct sg_arena *ar = &c->rule->arena;
	size_t i, n = 0, first, last;
	uint16_t *u = sg_alloc(ar, (v->n + 1) * sizeof(*u));
	char *lit;

	/* collapse runs of '*' */
	for (i = 0; i < v->n; i++)
		if (!(v->u[i] == SG_STAR && n && u[n - 1] == SG_STAR))
			u[n++] = v->u[i];
	if (n == 0) {
		p->kind = PK_EMPTY;
		return 0;
	}
	/* lower-case each run of bytes */
	if (!cased) {
		char *tmp = ct_xmalloc(n);

		for (i = 0; i < n; i++) {
			size_t j = i, k;

			if (u[i] > 255)
				continue;
			while (j < n && u[j] <= 255) {
				tmp[j - i] = (char)u[j];
				j++;
			}
			sg_lower(tmp, tmp, j - i);
			for (k = i; k < j; k++)
				u[k] = (uint8_t)tmp[k - i];
			i = j - 1;
		}
		free(tmp);
	}
	p->cased = (uint8_t)cased;
	first = u[0] == SG_STAR;
	last = n > first && u[n - 1] == SG_STAR;
	for (i = first; i < n - last; i++)
		if (u[i] > 255)
			break;
	if (i == n - last) {
		/* a literal, perhaps between '*'s */
		size_t len = n - first - last;

		if (len == 0) {
			p->kind = PK_PRESENT;
			return 0;
		}
		lit = sg_alloc(ar, len + 1);
		for (i = 0; i < len; i++)
			lit[i] = (char)u[first + i];
		p->lit = lit;
		p->len = (uint32_t)len;
		p->kind = first ? (last ? PK_CONTAINS : PK_SUFFIX) :
		    (last ? PK_PREFIX : PK_EXACT);
		return 0;
	}
	p->kind = PK_GLOB;
	p->u = u;
	p->nu = (uint32_t)n;
	/* the longest run of bytes serves the literal filter */
	{
		size_t best = 0, bestat = 0;

		for (i = 0; i < n; i++) {
			size_t j = i;

			while (j < n && u[j] <= 255)
				j++;
			if (j - i > best) {
				best = j - i;
				bestat = i;
			}
			if (j > i)
				i = j - 1;
		}
		if (best) {
			lit = sg_alloc(ar, best + 1);
			for (i = 0; i < best; i++)
				lit[i] = (char)u[bestat + i];
			p->lit = lit;
			p->len = (uint32_t)best;
		}
	}
	return 0;
}

/* Skip a [...] class starting at s[i] == '['; returns the index after it. */
static size_t
skip_class(const char *s, size_t n, size_t i)
{
	i++;
	if (i < n && s[i] == '^')
		i++;
	if (i < n && s[i] == ']')
		i++;	/* a leading ']' is literal */
	while (i < n && s[i] != ']') {
		if (s[i] == '\\')
			i++;
		i++;
	}
	return i < n ? i + 1 : n;
}

/* Skip a (...) group starting at s[i] == '('; returns the index after it. */
static size_t
skip_group(const char *s, size_t n, size_t i)
{
	int depth = 0;

	while (i < n) {
		if (s[i] == '\\') {
			i += 2;
			continue;
		}
		if (s[i] == '[') {
			i = skip_class(s, n, i);
			continue;
		}
		if (s[i] == '(')
			depth++;
		else if (s[i] == ')' && --depth == 0)
			return i + 1;
		i++;
	}
	return n;
}

/*
 * A literal every match of the regular expression contains, for the
 * literal filter (sigma-set.c), or none: the longest run of plain
 * characters outside groups and classes, in an expression without a
 * top-level "|". A character made optional by ?, * or {0,...} is not part
 * of a run, and a repeated one ends it. The filter compares without case,
 * so (?i) and |i do not matter. Stored lower-case in p->lit.
 */
static void
re_literal(struct sg_ctx *c, struct sg_pat *p, const char *s, size_t n)
{
	char run[CT_SIGMA_MAX_REGEX], best[CT_SIGMA_MAX_REGEX];
	size_t i = 0, rn = 0, bn = 0;

	for (i = 0; i + 1 < n; i++)
		if (s[i] == '(' && s[i + 1] == '?' && memchr(s + i, 'x',
		    n - i > 8 ? 8 : n - i) && memchr(s + i, ')', n - i))
			return;	/* (?x): spaces are not literal */
	for (i = 0; i < n; ) {		/* a top-level alternation: give up */
		if (s[i] == '\\')
			i += 2;
		else if (s[i] == '[')
			i = skip_class(s, n, i);
		else if (s[i] == '(')
			i = skip_group(s, n, i);
		else if (s[i] == '|')
			return;
		else
			i++;
	}
#define COMMIT() do { if (rn > bn) { memcpy(best, run, rn); bn = rn; } \
	rn = 0; } while (0)
	i = 0;
	while (i < n) {
		char ch = s[i];
		int lit = 0;

		if (ch == '\\') {
			unsigned char d = i + 1 < n ? (unsigned char)s[i + 1] : 0;

			if (d == 'Q' || d == 0)
				return;
			if ((d >= '0' && d <= '9') || (d >= 'a' && d <= 'z') ||
			    (d >= 'A' && d <= 'Z') || d >= 0x80) {
				COMMIT();	/* \d \s \x41 \b...: not one plain byte */
				i += 2;
				continue;
			}
			ch = (char)d;
			lit = 1;
			i += 2;
		} else if (ch == '[') {
			COMMIT();
			i = skip_class(s, n, i);
			continue;
		} else if (ch == '(') {
			COMMIT();
			i = skip_group(s, n, i);
			continue;
		} else if (ch == '.' || ch == '^' || ch == '$' || ch == ')') {
			COMMIT();
			i++;
			continue;
		} else if (ch == '*' || ch == '+' || ch == '?' ||
		    (ch == '{' && i + 1 < n && s[i + 1] >= '0' &&
		    s[i + 1] <= '9')) {
			/* a quantifier after a group or class */
			COMMIT();
			if (ch == '{')
				while (i < n && s[i] != '}')
					i++;
			i++;
			continue;
		} else {
			lit = 1;
			i++;
		}
		if (!lit)
			continue;
		/* the quantifier of this character, if any */
		if (i < n && (s[i] == '*' || s[i] == '?' || (s[i] == '{' &&
		    i + 1 < n && s[i + 1] == '0'))) {
			/* optional: not part of any run */
			COMMIT();
			if (s[i] == '{')
				while (i < n && s[i] != '}')
					i++;
			i++;
			continue;
		}
		run[rn++] = ch;
		if (i < n && (s[i] == '+' || (s[i] == '{' && i + 1 < n &&
		    s[i + 1] >= '1' && s[i + 1] <= '9'))) {
			/* repeated: the next byte may be this one again */
			COMMIT();
			if (s[i] == '{')
				while (i < n && s[i] != '}')
					i++;
			i++;
		}
	}
	COMMIT();
#undef COMMIT
	if (bn >= 2) {
		char *l = sg_alloc(&c->rule->arena, bn + 1);

		sg_lower(l, best, bn);
		p->lit = l;
		p->len = (uint32_t)bn;
	}
}

static int
compile_re(struct sg_ctx *c, struct sg_pat *p, unsigned line, const char *s,
    size_t n, const struct modset *ms)
{
	uint32_t opt = 0;
	int errcode;
	PCRE2_SIZE erroff;
	pcre2_code *code;
	char why[256];

	if (n > CT_SIGMA_MAX_REGEX)
		return sg_fail(c, CT_SIGMA_SKIP_LIMIT, line, "regular "
		    "expression longer than %d bytes", CT_SIGMA_MAX_REGEX);
	if (re_init(why, sizeof(why)) != 0)
		return sg_fail(c, CT_SIGMA_SKIP_VALUE, line, "%s", why);
	if (HAS(ms, M_RE_I))
		opt |= PCRE2_CASELESS;
	if (HAS(ms, M_RE_M))
		opt |= PCRE2_MULTILINE;
	if (HAS(ms, M_RE_S))
		opt |= PCRE2_DOTALL;
	code = P.pcre2_compile((PCRE2_SPTR)s, n, opt, &errcode, &erroff,
	    re_cctx);
	if (!code) {
		PCRE2_UCHAR msg[160];

		if (P.pcre2_get_error_message(errcode, msg, sizeof(msg)) < 0)
			snprintf((char *)msg, sizeof(msg), "error %d", errcode);
		return sg_fail(c, CT_SIGMA_SKIP_VALUE, line, "bad regular "
		    "expression '%.80s': %s at offset %zu", s, (char *)msg,
		    (size_t)erroff);
	}
	/* JIT when the system allows it; the interpreter otherwise */
	(void)P.pcre2_jit_compile(code, PCRE2_JIT_COMPLETE);
	if (c->rule->nre == c->rule->are) {
		c->rule->are = c->rule->are ? c->rule->are * 2 : 4;
		c->rule->re = ct_xreallocarray(c->rule->re, c->rule->are,
		    sizeof(*c->rule->re));
	}
	c->rule->re[c->rule->nre++] = code;
	p->kind = PK_RE;
	p->re = code;
	re_literal(c, p, s, n);
	return 0;
}

static int
compile_cidr(struct sg_ctx *c, struct sg_pat *p, unsigned line, const char *s)
{
	char addr[64];
	const char *slash = strchr(s, '/');
	size_t alen = slash ? (size_t)(slash - s) : strlen(s);
	long bits;
	int i;

	if (alen == 0 || alen >= sizeof(addr))
		goto bad;
	memcpy(addr, s, alen);
	addr[alen] = '\0';
	if (strchr(addr, ':')) {
		if (inet_pton(AF_INET6, addr, p->net) != 1)
			goto bad;
		p->fam = 6;
	} else {
		if (inet_pton(AF_INET, addr, p->net) != 1)
			goto bad;
		p->fam = 4;
	}
	bits = p->fam == 4 ? 32 : 128;
	if (slash) {
		char *end;

		errno = 0;
		bits = strtol(slash + 1, &end, 10);
		if (end == slash + 1 || *end || errno || bits < 0 ||
		    bits > (p->fam == 4 ? 32 : 128))
			goto bad;
	}
	p->bits = (uint8_t)bits;
	/* clear host bits, as a network address has none */
	for (i = 0; i < 16; i++) {
		int keep = (int)bits - 8 * i;

		if (keep <= 0)
			p->net[i] = 0;
		else if (keep < 8)
			p->net[i] &= (uint8_t)(0xff00 >> keep);
	}
	p->kind = PK_CIDR;
	return 0;
bad:
	return sg_fail(c, CT_SIGMA_SKIP_VALUE, line, "not a CIDR network "
	    "'%.80s'", s);
}

/* YAML 1.1 booleans (PyYAML): the text Windows writes for them. */
static const char *
yaml_bool(const struct sg_ynode *v)
{
	static const char *const t[] = { "true", "True", "TRUE", "yes",
	    "Yes", "YES", "on", "On", "ON" };
	static const char *const f[] = { "false", "False", "FALSE", "no",
	    "No", "NO", "off", "Off", "OFF" };
	size_t i;

	if (v->quoted)
		return NULL;
	for (i = 0; i < CT_ARRAY_SIZE(t); i++) {
		if (strcmp(v->s, t[i]) == 0)
			return "true";
		if (strcmp(v->s, f[i]) == 0)
			return "false";
	}
	return NULL;
}

static int
parse_int(const char *s, int64_t *out)
{
	char *end;
	long long v;

	errno = 0;
	v = strtoll(s, &end, 10);
	if (end == s || *end || errno)
		return -1;
	*out = v;
	return 0;
}

/* |expand: %name% placeholders replaced by each configured value. */
static int
expand(struct sg_ctx *c, unsigned line, const char *s, size_t n,
    struct ct_buf **outv, size_t *nout)
{
	struct ct_buf *cur = ct_xcalloc(1, sizeof(*cur)), *next;
	size_t ncur = 1, i = 0, k;

	ct_buf_init(&cur[0], VAL_MAX_BYTES);
	while (i < n) {
		size_t j;
		const struct sg_placeholder *ph = NULL;

		if (s[i] == '\\' && i + 1 < n && s[i + 1] == '%') {
			for (k = 0; k < ncur; k++)
				ct_buf_addch(&cur[k], '%');
			i += 2;
			continue;
		}
		if (s[i] != '%') {
			for (k = 0; k < ncur; k++)
				ct_buf_addch(&cur[k], s[i]);
			i++;
			continue;
		}
		for (j = i + 1; j < n && (is_word((uint8_t)s[j]) &&
		    (uint8_t)s[j] < 0x80); j++)
			;
		if (j == i + 1 || j >= n || s[j] != '%') {
			for (k = 0; k < ncur; k++)
				ct_buf_addch(&cur[k], '%');
			i++;
			continue;
		}
		for (k = 0; k < c->nph; k++)
			if (strlen(c->ph[k].name) == j - i - 1 &&
			    memcmp(c->ph[k].name, s + i + 1, j - i - 1) == 0)
				ph = &c->ph[k];
		if (!ph || ph->n == 0) {
			for (k = 0; k < ncur; k++)
				ct_buf_release(&cur[k]);
			free(cur);
			return sg_fail(c, CT_SIGMA_SKIP_PLACEHOLDER, line,
			    "placeholder %%%.*s%% has no value (|expand)",
			    (int)(j - i - 1 > 64 ? 64 : j - i - 1), s + i + 1);
		}
		if (ncur * ph->n > VAL_MAX_ALTS) {
			for (k = 0; k < ncur; k++)
				ct_buf_release(&cur[k]);
			free(cur);
			return sg_fail(c, CT_SIGMA_SKIP_LIMIT, line,
			    "placeholders expand to more than %d values",
			    VAL_MAX_ALTS);
		}
		next = ct_xcalloc(ncur * ph->n, sizeof(*next));
		for (k = 0; k < ncur; k++) {
			size_t x;

			for (x = 0; x < ph->n; x++) {
				struct ct_buf *b = &next[k * ph->n + x];

				ct_buf_init(b, VAL_MAX_BYTES);
				ct_buf_add(b, cur[k].buf, cur[k].len);
				ct_buf_adds(b, ph->value[x]);
			}
			ct_buf_release(&cur[k]);
		}
		free(cur);
		cur = next;
		ncur *= ph->n;
		i = j + 1;
	}
	*outv = cur;
	*nout = ncur;
	return 0;
}

static struct sg_pat *
new_pat(struct sg_ctx *c, struct sg_item *it, size_t *apat, unsigned line)
{
	if (++c->rule->nvalues > CT_SIGMA_MAX_VALUES) {
		sg_fail(c, CT_SIGMA_SKIP_LIMIT, line, "more than %d values in "
		    "one rule", CT_SIGMA_MAX_VALUES);
		return NULL;
	}
	if (it->npat == *apat) {
		struct sg_pat *np;

		*apat = *apat ? *apat * 2 : 4;
		np = sg_alloc(&c->rule->arena, *apat * sizeof(*np));
		if (it->npat)
			memcpy(np, it->pat, it->npat * sizeof(*np));
		it->pat = np;	/* the old array stays in the arena */
	}
	memset(&it->pat[it->npat], 0, sizeof(it->pat[0]));
	return &it->pat[it->npat++];
}

/* A string value through its transformations into patterns. */
static int
string_value(struct sg_ctx *c, struct sg_item *it, size_t *apat,
    unsigned line, const char *s, size_t n, const struct modset *ms)
{
	struct alts l = { 0 };
	struct ct_buf *raw = NULL;
	size_t nraw = 1, i;
	int k, rc = 0, cased = HAS(ms, M_CASED);

	if (HAS(ms, M_EXPAND)) {
		if (expand(c, line, s, n, &raw, &nraw) != 0)
			return -1;
		for (i = 0; i < nraw; i++)
			parse_sigma_string(alts_add(&l), raw[i].buf, raw[i].len);
		for (i = 0; i < nraw; i++)
			ct_buf_release(&raw[i]);
		free(raw);
	} else {
		parse_sigma_string(alts_add(&l), s, n);
	}
	for (k = 0; k < ms->n && rc == 0; k++) {
		switch (ms->m[k]) {
		case M_CONTAINS:
			for (i = 0; i < l.n; i++)
				wrap(&l.v[i], 1, 1);
			break;
		case M_STARTSWITH:
			for (i = 0; i < l.n; i++)
				wrap(&l.v[i], 0, 1);
			break;
		case M_ENDSWITH:
			for (i = 0; i < l.n; i++)
				wrap(&l.v[i], 1, 0);
			break;
		case M_WINDASH:
			rc = windash(c, line, &l);
			break;
		case M_BASE64:
		case M_BASE64OFFSET:
			rc = base64(c, line, &l, ms->m[k] == M_BASE64OFFSET);
			break;
		case M_UTF16LE:
		case M_UTF16BE:
		case M_UTF16:
			rc = utf16(c, line, &l, ms->m[k]);
			break;
		default:
			break;
		}
	}
	if (it->sym == SG_NOSYM)	/* keywords: found anywhere in a value */
		for (i = 0; rc == 0 && i < l.n; i++)
			wrap(&l.v[i], 1, 1);
	for (i = 0; rc == 0 && i < l.n; i++) {
		struct sg_pat *p;

		if (l.v[i].n > VAL_MAX_BYTES) {
			rc = sg_fail(c, CT_SIGMA_SKIP_LIMIT, line, "a value "
			    "longer than %d bytes", VAL_MAX_BYTES);
			break;
		}
		if ((p = new_pat(c, it, apat, line)) == NULL) {
			rc = -1;
			break;
		}
		rc = compile_glob(c, p, &l.v[i], cased);
	}
	alts_release(&l);
	return rc;
}

static int
one_value(struct sg_ctx *c, struct sg_item *it, size_t *apat,
    const struct sg_ynode *v, const struct modset *ms)
{
	struct sg_pat *p;
	const char *b;

	if (v->type != Y_SCALAR)
		return sg_fail(c, CT_SIGMA_SKIP_NOT_RULE, v->line, "a value of "
		    "'%.100s' that is not a scalar", it->field);
	if (sg_yscalar_is_null(v)) {
		if (ms->n && !(ms->n == 1 && HAS(ms, M_NEQ)))
			return sg_fail(c, CT_SIGMA_SKIP_VALUE, v->line,
			    "null with modifiers for '%.100s'", it->field);
		if (!(p = new_pat(c, it, apat, v->line)))
			return -1;
		p->kind = PK_EMPTY;
		return 0;
	}
	if (HAS(ms, M_EXISTS)) {
		if (!(b = yaml_bool(v)))
			return sg_fail(c, CT_SIGMA_SKIP_VALUE, v->line,
			    "exists needs true or false, not '%.80s'", v->s);
		if (it->sym == SG_NOSYM)
			return sg_fail(c, CT_SIGMA_SKIP_VALUE, v->line,
			    "exists without a field name");
		if (!(p = new_pat(c, it, apat, v->line)))
			return -1;
		p->kind = PK_EXISTS;
		p->op = b[0] == 't';
		return 0;
	}
	if (HAS(ms, M_LT) || HAS(ms, M_LTE) || HAS(ms, M_GT) ||
	    HAS(ms, M_GTE)) {
		int64_t num;

		if (v->quoted || parse_int(v->s, &num) != 0)
			return sg_fail(c, CT_SIGMA_SKIP_VALUE, v->line,
			    "a comparison needs an integer, not '%.80s'", v->s);
		if (!(p = new_pat(c, it, apat, v->line)))
			return -1;
		p->kind = PK_CMP;
		p->num = num;
		p->op = HAS(ms, M_LT) ? CMP_LT : HAS(ms, M_LTE) ? CMP_LTE :
		    HAS(ms, M_GT) ? CMP_GT : CMP_GTE;
		return 0;
	}
	if (HAS(ms, M_FIELDREF)) {
		size_t i;

		if (v->len == 0 || v->len > FIELD_MAX)
			return sg_fail(c, CT_SIGMA_SKIP_VALUE, v->line,
			    "fieldref needs a field name");
		for (i = 0; i < v->len; i++)
			if (v->s[i] == '*' || v->s[i] == '?')
				return sg_fail(c, CT_SIGMA_SKIP_VALUE, v->line,
				    "fieldref to a name with wildcards "
				    "'%.80s'", v->s);
		if (!(p = new_pat(c, it, apat, v->line)))
			return -1;
		p->kind = PK_FIELDREF;
		p->ref = sg_sym_intern(c->syms, v->s, v->len);
		p->cased = (uint8_t)HAS(ms, M_CASED);
		p->op = HAS(ms, M_CONTAINS) ? REF_CONTAINS :
		    HAS(ms, M_STARTSWITH) && HAS(ms, M_ENDSWITH) ?
		    REF_CONTAINS : HAS(ms, M_STARTSWITH) ? REF_PREFIX :
		    HAS(ms, M_ENDSWITH) ? REF_SUFFIX : REF_EQ;
		return 0;
	}
	if (HAS(ms, M_RE)) {
		if (!(p = new_pat(c, it, apat, v->line)))
			return -1;
		return compile_re(c, p, v->line, v->s, v->len, ms);
	}
	if (HAS(ms, M_CIDR)) {
		if (!(p = new_pat(c, it, apat, v->line)))
			return -1;
		return compile_cidr(c, p, v->line, v->s);
	}
	if ((b = yaml_bool(v)))
		return string_value(c, it, apat, v->line, b, strlen(b), ms);
	return string_value(c, it, apat, v->line, v->s, v->len, ms);
}

int
sg_item_compile(struct sg_ctx *c, struct sg_item *it, const char *key,
    size_t keylen, const struct sg_ynode *val)
{
	struct modset ms;
	size_t bar, apat = 0, i;
	unsigned line = val->line;

	for (bar = 0; bar < keylen && key[bar] != '|'; bar++)
		;
	if (bar > FIELD_MAX)
		return sg_fail(c, CT_SIGMA_SKIP_LIMIT, line, "field name longer "
		    "than %d bytes", FIELD_MAX);
	if (memchr(key, '\0', keylen))
		return sg_fail(c, CT_SIGMA_SKIP_NOT_RULE, line, "field name "
		    "with a NUL byte");
	it->field = sg_strndup(&c->rule->arena, key, bar);
	it->sym = bar ? sg_sym_intern(c->syms, key, bar) : SG_NOSYM;
	if (parse_mods(c, line, key, keylen, bar, &ms) != 0)
		return -1;
	it->all = (uint8_t)HAS(&ms, M_ALL);
	it->neg = (uint8_t)HAS(&ms, M_NEQ);
	if (it->sym == SG_NOSYM && (HAS(&ms, M_FIELDREF) || HAS(&ms, M_EXISTS)))
		return sg_fail(c, CT_SIGMA_SKIP_VALUE, line, "%s without a "
		    "field name", HAS(&ms, M_EXISTS) ? "exists" : "fieldref");
	if (val->type == Y_SEQ) {
		if (val->n == 0)
			return sg_fail(c, CT_SIGMA_SKIP_VALUE, line, "empty "
			    "list of values for '%.100s'", it->field);
		for (i = 0; i < val->n; i++)
			if (one_value(c, it, &apat, val->kid[i], &ms) != 0)
				return -1;
		return 0;
	}
	if (val->type == Y_MAP)
		return sg_fail(c, CT_SIGMA_SKIP_NOT_RULE, line, "a mapping as "
		    "the value of '%.100s'", it->field);
	return one_value(c, it, &apat, val, &ms);
}
