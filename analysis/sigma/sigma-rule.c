/*
 * sigma-rule.c - one YAML document to a compiled Sigma rule: metadata,
 * logsource (resolved against the table), search identifiers (maps, lists
 * of maps, keyword lists) and the condition.
 *
 * The condition grammar is the specification's (sigma-rules-specification
 * .md, "Condition"), lowest to highest precedence:
 *
 *	expr := and ("or" and)*
 *	and  := not ("and" not)*
 *	not  := "not" not | prim
 *	prim := "(" expr ")" | ("1" | "all") "of" (PATTERN | "them") | NAME
 *
 * PATTERN may hold '*' anywhere; "them" means every search identifier not
 * starting with '_'. A list of conditions is their "or". Aggregations
 * ("| count() by ...", "near") belong to the old Sigma 1 syntax replaced
 * by correlation rules: such rules are skipped with that reason.
 */
#include "compat.h"

#include <stdarg.h>
#include <strings.h>

#include "sigma-int.h"
#include "xalloc.h"

#define COND_MAX_LEN	65536	/* bytes of one condition */
#define COND_MAX_NODES	20000	/* nodes one condition expands to */
#define META_MAX	65536	/* bytes of one metadata string */
#define ID_MAX		128

int
sg_fail(struct sg_ctx *c, enum ct_sigma_skip kind, unsigned line,
    const char *fmt, ...)
{
	va_list ap;

	if (c->rej->msg[0] == '\0') {
		c->rej->kind = kind;
		c->rej->line = line;
		va_start(ap, fmt);
		vsnprintf(c->rej->msg, sizeof(c->rej->msg), fmt, ap);
		va_end(ap);
	}
	return -1;
}

void
sg_rule_free(struct sg_rule *r)
{
	size_t i;

	if (!r)
		return;
	for (i = 0; i < r->nre; i++)
		sg_re_free(r->re[i]);
	free(r->re);
	sg_arena_release(&r->arena);
	free(r);
}

/* ---- metadata ---- */

static const char *
meta_str(struct sg_ctx *c, const struct sg_ynode *doc, const char *key,
    int *bad)
{
	const struct sg_ynode *v = sg_ymap_get(doc, key);

	if (!v || sg_yscalar_is_null(v))
		return "";
	if (v->type != Y_SCALAR) {
		*bad = sg_fail(c, CT_SIGMA_SKIP_NOT_RULE, v->line, "%s is not "
		    "a string", key);
		return "";
	}
	return sg_strndup(&c->rule->arena, v->s, v->len > META_MAX ?
	    META_MAX : v->len);
}

static const char *const *
meta_list(struct sg_ctx *c, const struct sg_ynode *doc, const char *key,
    size_t *n, int *bad)
{
	const struct sg_ynode *v = sg_ymap_get(doc, key);
	const char **out;
	size_t i;

	*n = 0;
	if (!v || sg_yscalar_is_null(v))
		return NULL;
	if (v->type == Y_SCALAR) {
		out = sg_alloc(&c->rule->arena, sizeof(*out));
		out[0] = sg_strndup(&c->rule->arena, v->s, v->len > META_MAX ?
		    META_MAX : v->len);
		*n = 1;
		return out;
	}
	if (v->type != Y_SEQ) {
		*bad = sg_fail(c, CT_SIGMA_SKIP_NOT_RULE, v->line, "%s is not "
		    "a list", key);
		return NULL;
	}
	out = sg_alloc(&c->rule->arena, (v->n + 1) * sizeof(*out));
	for (i = 0; i < v->n; i++) {
		const struct sg_ynode *e = v->kid[i];

		if (e->type != Y_SCALAR) {
			*bad = sg_fail(c, CT_SIGMA_SKIP_NOT_RULE, e->line,
			    "an entry of %s is not a string", key);
			return NULL;
		}
		out[*n] = sg_strndup(&c->rule->arena, e->s, e->len > META_MAX ?
		    META_MAX : e->len);
		(*n)++;
	}
	return out;
}

static int
valid_id(const char *s)
{
	size_t n = strlen(s), i;

	if (n == 0 || n > ID_MAX)
		return 0;
	for (i = 0; i < n; i++)
		if ((unsigned char)s[i] <= ' ' || (unsigned char)s[i] >= 0x7f)
			return 0;
	return 1;
}

/* ---- search identifiers ---- */

static struct sg_node *
new_node(struct sg_ctx *c, int kind, size_t n)
{
	struct sg_node *x = sg_alloc(&c->rule->arena, sizeof(*x));

	x->kind = (uint8_t)kind;
	x->n = (uint32_t)n;
	if (n)
		x->kid = sg_alloc(&c->rule->arena, n * sizeof(*x->kid));
	return x;
}

static struct sg_node *
item_node(struct sg_ctx *c, const char *key, size_t keylen,
    const struct sg_ynode *val)
{
	struct sg_node *x = new_node(c, NK_ITEM, 0);

	x->item = sg_alloc(&c->rule->arena, sizeof(*x->item));
	if (sg_item_compile(c, x->item, key, keylen, val) != 0)
		return NULL;
	return x;
}

static struct sg_node *
map_node(struct sg_ctx *c, const struct sg_ynode *m)
{
	struct sg_node *x;
	size_t i;

	if (m->n == 0) {
		sg_fail(c, CT_SIGMA_SKIP_NOT_RULE, m->line, "an empty map in "
		    "the detection");
		return NULL;
	}
	if (m->n == 1)
		return item_node(c, m->kid[0]->s, m->kid[0]->len, m->kid[1]);
	x = new_node(c, NK_AND, m->n);
	for (i = 0; i < m->n; i++)
		if (!(x->kid[i] = item_node(c, m->kid[2 * i]->s,
		    m->kid[2 * i]->len, m->kid[2 * i + 1])))
			return NULL;
	return x;
}

static struct sg_node *
search_node(struct sg_ctx *c, const char *name, const struct sg_ynode *v)
{
	size_t i, nscalar = 0;
	struct sg_node *x;

	if (v->type == Y_MAP)
		return map_node(c, v);
	if (v->type == Y_SCALAR) {
		if (sg_yscalar_is_null(v)) {
			sg_fail(c, CT_SIGMA_SKIP_NOT_RULE, v->line, "search "
			    "identifier '%.100s' is empty", name);
			return NULL;
		}
		return item_node(c, "", 0, v);
	}
	if (v->n == 0) {
		sg_fail(c, CT_SIGMA_SKIP_NOT_RULE, v->line, "search identifier "
		    "'%.100s' is an empty list", name);
		return NULL;
	}
	for (i = 0; i < v->n; i++)
		nscalar += v->kid[i]->type == Y_SCALAR;
	if (nscalar == v->n)		/* keywords */
		return item_node(c, "", 0, v);
	x = new_node(c, NK_OR, v->n);
	for (i = 0; i < v->n; i++) {
		const struct sg_ynode *e = v->kid[i];

		if (e->type == Y_MAP)
			x->kid[i] = map_node(c, e);
		else if (e->type == Y_SCALAR)
			x->kid[i] = item_node(c, "", 0, e);
		else
			sg_fail(c, CT_SIGMA_SKIP_NOT_RULE, e->line, "a list "
			    "inside the list of '%.100s'", name);
		if (!x->kid[i])
			return NULL;
	}
	return x;
}

/* ---- condition ---- */

struct search {
	const char *name;
	struct sg_node *node;
};

struct cparse {
	struct sg_ctx *c;
	const char *s;
	size_t pos, n;
	unsigned line;
	int depth;
	size_t nodes;
	struct search *sr;
	size_t nsr;
	/* the token just read */
	const char *tok;
	size_t toklen;
};

/* '*' matches any run in identifier patterns. */
static int
name_match(const char *pat, size_t pn, const char *s)
{
	size_t p = 0, i = 0, sn = strlen(s), star = SIZE_MAX, mark = 0;

	while (i < sn) {
		if (p < pn && pat[p] == '*') {
			star = p++;
			mark = i;
		} else if (p < pn && pat[p] == s[i]) {
			p++;
			i++;
		} else if (star != SIZE_MAX) {
			p = star + 1;
			i = ++mark;
		} else {
			return 0;
		}
	}
	while (p < pn && pat[p] == '*')
		p++;
	return p == pn;
}

static void
next_tok(struct cparse *p)
{
	while (p->pos < p->n && (p->s[p->pos] == ' ' || p->s[p->pos] == '\t' ||
	    p->s[p->pos] == '\n' || p->s[p->pos] == '\r'))
		p->pos++;
	p->tok = p->s + p->pos;
	if (p->pos >= p->n) {
		p->toklen = 0;
		return;
	}
	if (p->s[p->pos] == '(' || p->s[p->pos] == ')') {
		p->toklen = 1;
		p->pos++;
		return;
	}
	p->toklen = 0;
	while (p->pos < p->n && !strchr(" \t\r\n()", p->s[p->pos])) {
		p->pos++;
		p->toklen++;
	}
}

static int
tok_is(const struct cparse *p, const char *w)
{
	return p->toklen == strlen(w) && strncasecmp(p->tok, w, p->toklen) == 0;
}

static struct sg_node *c_or(struct cparse *p);

static struct sg_node *
c_node(struct cparse *p, int kind, size_t n)
{
	if (++p->nodes > COND_MAX_NODES) {
		sg_fail(p->c, CT_SIGMA_SKIP_LIMIT, p->line, "condition expands "
		    "to more than %d nodes", COND_MAX_NODES);
		return NULL;
	}
	return new_node(p->c, kind, n);
}

static struct sg_node *
c_quant(struct cparse *p, int all)
{
	struct sg_node *x;
	size_t i, k = 0;
	int them;

	next_tok(p);
	if (!tok_is(p, "of")) {
		sg_fail(p->c, CT_SIGMA_SKIP_CONDITION, p->line, "'of' expected "
		    "after '%s'", all ? "all" : "1");
		return NULL;
	}
	next_tok(p);
	if (p->toklen == 0 || p->tok[0] == '(' || p->tok[0] == ')') {
		sg_fail(p->c, CT_SIGMA_SKIP_CONDITION, p->line, "a pattern or "
		    "'them' expected after 'of'");
		return NULL;
	}
	them = tok_is(p, "them");
	for (i = 0; i < p->nsr; i++)
		if (them ? p->sr[i].name[0] != '_' :
		    name_match(p->tok, p->toklen, p->sr[i].name))
			k++;
	if (k == 0) {
		sg_fail(p->c, CT_SIGMA_SKIP_CONDITION, p->line, "no search "
		    "identifier matches '%.*s'", (int)(p->toklen > 80 ? 80 :
		    p->toklen), p->tok);
		return NULL;
	}
	if (!(x = c_node(p, all ? NK_AND : NK_OR, k)))
		return NULL;
	for (i = 0, k = 0; i < p->nsr; i++)
		if (them ? p->sr[i].name[0] != '_' :
		    name_match(p->tok, p->toklen, p->sr[i].name))
			x->kid[k++] = p->sr[i].node;
	next_tok(p);
	return x;
}

static struct sg_node *
c_prim(struct cparse *p)
{
	size_t i;

	if (p->toklen == 0) {
		sg_fail(p->c, CT_SIGMA_SKIP_CONDITION, p->line, "condition "
		    "ends early");
		return NULL;
	}
	if (p->tok[0] == '(') {
		struct sg_node *x;

		if (++p->depth > CT_SIGMA_MAX_DEPTH) {
			sg_fail(p->c, CT_SIGMA_SKIP_LIMIT, p->line, "condition "
			    "nested deeper than %d", CT_SIGMA_MAX_DEPTH);
			return NULL;
		}
		next_tok(p);
		if (!(x = c_or(p)))
			return NULL;
		if (p->toklen != 1 || p->tok[0] != ')') {
			sg_fail(p->c, CT_SIGMA_SKIP_CONDITION, p->line, "')' "
			    "expected");
			return NULL;
		}
		p->depth--;
		next_tok(p);
		return x;
	}
	if (tok_is(p, "1"))
		return c_quant(p, 0);
	if (tok_is(p, "all"))
		return c_quant(p, 1);
	if (tok_is(p, "any") || (p->tok[0] >= '0' && p->tok[0] <= '9')) {
		/* "2 of x", "any of x": peek at the next word */
		size_t save = p->pos, len = p->toklen;
		const char *tok = p->tok;

		next_tok(p);
		if (tok_is(p, "of")) {
			sg_fail(p->c, CT_SIGMA_SKIP_CONDITION, p->line, "only "
			    "'1 of' and 'all of' are defined, not '%.*s of'",
			    (int)(len > 20 ? 20 : len), tok);
			return NULL;
		}
		p->pos = save;
		p->tok = tok;
		p->toklen = len;
	}
	for (i = 0; i < p->nsr; i++)
		if (strlen(p->sr[i].name) == p->toklen &&
		    memcmp(p->sr[i].name, p->tok, p->toklen) == 0) {
			next_tok(p);
			return p->sr[i].node;
		}
	sg_fail(p->c, CT_SIGMA_SKIP_CONDITION, p->line, "condition names "
	    "unknown search identifier '%.*s'", (int)(p->toklen > 80 ? 80 :
	    p->toklen), p->tok);
	return NULL;
}

static struct sg_node *
c_not(struct cparse *p)
{
	struct sg_node *x, *k;

	if (!tok_is(p, "not"))
		return c_prim(p);
	if (++p->depth > CT_SIGMA_MAX_DEPTH) {
		sg_fail(p->c, CT_SIGMA_SKIP_LIMIT, p->line, "condition nested "
		    "deeper than %d", CT_SIGMA_MAX_DEPTH);
		return NULL;
	}
	next_tok(p);
	if (!(k = c_not(p)) || !(x = c_node(p, NK_NOT, 1)))
		return NULL;
	p->depth--;
	x->kid[0] = k;
	return x;
}

/* Binary levels: collect operands, then one n-ary node. */
static struct sg_node *
c_level(struct cparse *p, const char *op, int kind,
    struct sg_node *(*sub)(struct cparse *))
{
	struct sg_node *first, *x, **v = NULL;
	size_t n = 0, a = 0;

	if (!(first = sub(p)))
		return NULL;
	if (!tok_is(p, op))
		return first;
	a = 4;
	v = ct_xreallocarray(NULL, a, sizeof(*v));
	v[n++] = first;
	while (tok_is(p, op)) {
		struct sg_node *k;

		next_tok(p);
		if (!(k = sub(p))) {
			free(v);
			return NULL;
		}
		if (n == a) {
			a *= 2;
			v = ct_xreallocarray(v, a, sizeof(*v));
		}
		v[n++] = k;
	}
	if ((x = c_node(p, kind, n)))
		memcpy(x->kid, v, n * sizeof(*v));
	free(v);
	return x;
}

static struct sg_node *
c_and(struct cparse *p)
{
	return c_level(p, "and", NK_AND, c_not);
}

static struct sg_node *
c_or(struct cparse *p)
{
	return c_level(p, "or", NK_OR, c_and);
}

static struct sg_node *
parse_condition(struct sg_ctx *c, const struct sg_ynode *cond, struct search *sr,
    size_t nsr)
{
	struct cparse p;
	struct sg_node *x;

	if (cond->type != Y_SCALAR || cond->len == 0) {
		sg_fail(c, CT_SIGMA_SKIP_CONDITION, cond->line, "the condition "
		    "is not a string");
		return NULL;
	}
	if (cond->len > COND_MAX_LEN) {
		sg_fail(c, CT_SIGMA_SKIP_LIMIT, cond->line, "condition longer "
		    "than %d bytes", COND_MAX_LEN);
		return NULL;
	}
	if (memchr(cond->s, '|', cond->len)) {
		sg_fail(c, CT_SIGMA_SKIP_CONDITION, cond->line, "aggregation "
		    "in the condition ('| count() ...'): Sigma 1 syntax, "
		    "replaced by correlation rules, not supported");
		return NULL;
	}
	memset(&p, 0, sizeof(p));
	p.c = c;
	p.s = cond->s;
	p.n = cond->len;
	p.line = cond->line;
	p.sr = sr;
	p.nsr = nsr;
	next_tok(&p);
	if (!(x = c_or(&p)))
		return NULL;
	if (p.toklen != 0) {
		if (tok_is(&p, "near"))
			sg_fail(c, CT_SIGMA_SKIP_CONDITION, p.line, "'near' "
			    "(Sigma 1 aggregation) is not supported");
		else
			sg_fail(c, CT_SIGMA_SKIP_CONDITION, p.line, "unexpected "
			    "'%.*s' in the condition", (int)(p.toklen > 80 ? 80 :
			    p.toklen), p.tok);
		return NULL;
	}
	return x;
}

/* ---- the event IDs a detection requires (for the index) ---- */

struct idset {
	int64_t *v;
	size_t n;
};

static int
eid_cmp(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return x < y ? -1 : x > y;
}

/*
 * 1 with *out filled (caller frees out->v) when the node can only be true
 * for events whose ID is in out; 0 when it tells nothing about the ID.
 */
static int
need_eids(const struct sg_node *x, uint32_t sym, struct idset *out, int depth)
{
	size_t i, j;

	out->v = NULL;
	out->n = 0;
	if (depth > 2 * CT_SIGMA_MAX_DEPTH + 8)
		return 0;
	switch (x->kind) {
	case NK_ITEM: {
		const struct sg_item *it = x->item;

		if (it->sym != sym || it->neg || (it->all && it->npat > 1))
			return 0;
		out->v = ct_xreallocarray(NULL, it->npat + 1, sizeof(*out->v));
		for (i = 0; i < it->npat; i++) {
			const struct sg_pat *p = &it->pat[i];
			int64_t v = 0;

			if (p->kind != PK_EXACT || p->len == 0 || p->len > 9)
				goto unknown;
			for (j = 0; j < p->len; j++) {
				if (p->lit[j] < '0' || p->lit[j] > '9')
					goto unknown;
				v = v * 10 + (p->lit[j] - '0');
			}
			out->v[out->n++] = v;
		}
		qsort(out->v, out->n, sizeof(*out->v), eid_cmp);
		return 1;
	unknown:
		free(out->v);
		out->v = NULL;
		out->n = 0;
		return 0;
	}
	case NK_FALSE:
		return 1;
	case NK_AND: {
		int known = 0;

		for (i = 0; i < x->n; i++) {
			struct idset k;

			if (!need_eids(x->kid[i], sym, &k, depth + 1))
				continue;
			if (!known) {
				*out = k;
				known = 1;
				continue;
			}
			/* intersect */
			{
				size_t a = 0, b = 0, n = 0;

				while (a < out->n && b < k.n) {
					if (out->v[a] < k.v[b])
						a++;
					else if (out->v[a] > k.v[b])
						b++;
					else {
						out->v[n++] = out->v[a];
						a++;
						b++;
					}
				}
				out->n = n;
			}
			free(k.v);
		}
		return known;
	}
	case NK_OR:
		for (i = 0; i < x->n; i++) {
			struct idset k;

			if (!need_eids(x->kid[i], sym, &k, depth + 1)) {
				free(out->v);
				out->v = NULL;
				out->n = 0;
				return 0;
			}
			out->v = ct_xreallocarray(out->v, out->n + k.n + 1,
			    sizeof(*out->v));
			memcpy(out->v + out->n, k.v, k.n * sizeof(*k.v));
			out->n += k.n;
			free(k.v);
		}
		if (out->n)
			qsort(out->v, out->n, sizeof(*out->v), eid_cmp);
		for (i = j = 0; i < out->n; i++)
			if (j == 0 || out->v[j - 1] != out->v[i])
				out->v[j++] = out->v[i];
		out->n = j;
		return 1;
	default:
		return 0;
	}
}

/* ---- the rule ---- */

static const char *const level_names[] = {
	"informational", "low", "medium", "high", "critical",
};

static int
logsource(struct sg_ctx *c, const struct sg_ynode *doc, unsigned line)
{
	struct sg_rule *r = c->rule;
	const struct sg_ynode *ls = sg_ymap_get(doc, "logsource");
	const struct sg_ynode *v;
	const char *want[3];
	static const char *const keys[3] = { "product", "category", "service" };
	size_t i, k, *rows;

	if (!ls || ls->type != Y_MAP)
		return sg_fail(c, CT_SIGMA_SKIP_NOT_RULE, ls ? ls->line : line,
		    "no logsource");
	for (k = 0; k < 3; k++) {
		v = sg_ymap_get(ls, keys[k]);
		if (v && v->type != Y_SCALAR)
			return sg_fail(c, CT_SIGMA_SKIP_NOT_RULE, v->line,
			    "logsource %s is not a string", keys[k]);
		want[k] = v && !sg_yscalar_is_null(v) ? sg_strndup(&r->arena, v->s,
		    v->len > 256 ? 256 : v->len) : "";
	}
	r->pub.product = want[0];
	r->pub.category = want[1];
	r->pub.service = want[2];
	rows = sg_alloc(&r->arena, (c->tab->nrow + 1) * sizeof(*rows));
	for (i = 0; i < c->tab->nrow; i++) {
		const struct sg_lsrow *row = &c->tab->row[i];

		if (strcasecmp(row->product, want[0]) == 0 &&
		    strcasecmp(row->category, want[1]) == 0 &&
		    strcasecmp(row->service, want[2]) == 0)
			rows[r->nrows++] = i;
	}
	if (r->nrows == 0)
		return sg_fail(c, CT_SIGMA_SKIP_LOGSOURCE, ls->line, "no event "
		    "log for logsource%s%.60s%s%.60s%s%.60s",
		    *want[0] ? " product:" : "", want[0],
		    *want[1] ? " category:" : "", want[1],
		    *want[2] ? " service:" : "", want[2]);
	r->rows = rows;
	return 0;
}

/* Keep the table rows whose event IDs meet the detection's. */
static int
narrow_rows(struct sg_ctx *c, unsigned line)
{
	struct sg_rule *r = c->rule;
	size_t i, j, k, n = 0;

	if (!r->eid)
		return 0;
	for (i = 0; i < r->nrows; i++) {
		const struct sg_lsrow *row = &c->tab->row[r->rows[i]];
		int any = row->neid == 0;

		for (j = 0; !any && j < row->neid; j++)
			for (k = 0; k < r->neid; k++)
				if (row->eid[j] == r->eid[k])
					any = 1;
		if (any)
			r->rows[n++] = r->rows[i];
	}
	if (n == 0)
		return sg_fail(c, CT_SIGMA_SKIP_LOGSOURCE, line, "the EventID "
		    "its detection requires never occurs in its logsource");
	r->nrows = n;
	return 0;
}

struct sg_rule *
sg_rule_compile(struct sg_ctx *c, const struct sg_ynode *doc, const char *file,
    unsigned line)
{
	struct sg_rule *r = ct_xcalloc(1, sizeof(*r));
	const struct sg_ynode *det, *cond, *v;
	struct search *sr = NULL;
	size_t nsr = 0, i;
	int bad = 0;
	const char *level;

	c->rule = r;
	r->pub.file = sg_strndup(&r->arena, file, strlen(file));
	r->pub.line = line;
	if (!doc || doc->type != Y_MAP) {
		sg_fail(c, CT_SIGMA_SKIP_NOT_RULE, line, "the document is not a "
		    "mapping");
		goto fail;
	}
	v = sg_ymap_get(doc, "title");
	if (!v || v->type != Y_SCALAR || v->len == 0) {
		sg_fail(c, CT_SIGMA_SKIP_NOT_RULE, line, "no title");
		goto fail;
	}
	r->pub.title = meta_str(c, doc, "title", &bad);
	v = sg_ymap_get(doc, "id");
	if (!v) {
		sg_fail(c, CT_SIGMA_SKIP_NOT_RULE, line, "no id (casetrail "
		    "names findings after the rule id)");
		goto fail;
	}
	r->pub.id = meta_str(c, doc, "id", &bad);
	if (!bad && !valid_id(r->pub.id)) {
		sg_fail(c, CT_SIGMA_SKIP_NOT_RULE, v->line, "id is empty, too "
		    "long or has spaces or control characters");
		goto fail;
	}
	r->pub.status = meta_str(c, doc, "status", &bad);
	if (strcmp(r->pub.status, "deprecated") == 0 ||
	    strcmp(r->pub.status, "unsupported") == 0) {
		sg_fail(c, CT_SIGMA_SKIP_STATUS, line, "status %s",
		    r->pub.status);
		goto fail;
	}
	r->pub.author = meta_str(c, doc, "author", &bad);
	r->pub.license = meta_str(c, doc, "license", &bad);
	r->pub.description = meta_str(c, doc, "description", &bad);
	r->pub.date = meta_str(c, doc, "date", &bad);
	r->pub.modified = meta_str(c, doc, "modified", &bad);
	level = meta_str(c, doc, "level", &bad);
	r->pub.level = CT_SIGMA_MEDIUM;
	if (*level) {
		for (i = 0; i < CT_ARRAY_SIZE(level_names); i++)
			if (strcmp(level, level_names[i]) == 0)
				break;
		if (i == CT_ARRAY_SIZE(level_names)) {
			sg_fail(c, CT_SIGMA_SKIP_NOT_RULE, line, "unknown level "
			    "'%.40s'", level);
			goto fail;
		}
		r->pub.level = (enum ct_sigma_level)i;
	}
	r->pub.level_name = level_names[r->pub.level];
	r->pub.tags = meta_list(c, doc, "tags", &r->pub.ntags, &bad);
	r->pub.references = meta_list(c, doc, "references",
	    &r->pub.nreferences, &bad);
	r->pub.falsepositives = meta_list(c, doc, "falsepositives",
	    &r->pub.nfalsepositives, &bad);
	if (bad || logsource(c, doc, line) != 0)
		goto fail;

	det = sg_ymap_get(doc, "detection");
	if (!det || det->type != Y_MAP) {
		sg_fail(c, CT_SIGMA_SKIP_NOT_RULE, det ? det->line : line,
		    "no detection");
		goto fail;
	}
	cond = sg_ymap_get(det, "condition");
	if (!cond) {
		sg_fail(c, CT_SIGMA_SKIP_NOT_RULE, det->line, "no condition");
		goto fail;
	}
	sr = ct_xcalloc(det->n + 1, sizeof(*sr));
	for (i = 0; i < det->n; i++) {
		const struct sg_ynode *k = det->kid[2 * i];

		if (strcmp(k->s, "condition") == 0 ||
		    strcmp(k->s, "timeframe") == 0)
			continue;
		if (k->len == 0 || memchr(k->s, '\0', k->len)) {
			sg_fail(c, CT_SIGMA_SKIP_NOT_RULE, k->line, "a search "
			    "identifier without a name");
			goto fail;
		}
		sr[nsr].name = k->s;
		if (!(sr[nsr].node = search_node(c, k->s, det->kid[2 * i + 1])))
			goto fail;
		nsr++;
	}
	if (cond->type == Y_SEQ) {
		if (cond->n == 0) {
			sg_fail(c, CT_SIGMA_SKIP_CONDITION, cond->line, "an "
			    "empty list of conditions");
			goto fail;
		}
		r->cond = new_node(c, NK_OR, cond->n);
		for (i = 0; i < cond->n; i++)
			if (!(r->cond->kid[i] = parse_condition(c,
			    cond->kid[i], sr, nsr)))
				goto fail;
	} else if (!(r->cond = parse_condition(c, cond, sr, nsr))) {
		goto fail;
	}
	free(sr);
	sr = NULL;
	{
		struct idset ids;

		if (need_eids(r->cond, sg_sym_intern(c->syms, "EventID", 7),
		    &ids, 0)) {
			r->eid = sg_alloc(&r->arena, (ids.n + 1) *
			    sizeof(*r->eid));
			if (ids.n)
				memcpy(r->eid, ids.v, ids.n * sizeof(*ids.v));
			r->neid = ids.n;
			free(ids.v);
			if (narrow_rows(c, cond->line) != 0)
				goto fail;
		}
	}
	c->rule = NULL;
	return r;
fail:
	free(sr);
	c->rule = NULL;
	sg_rule_free(r);
	return NULL;
}
