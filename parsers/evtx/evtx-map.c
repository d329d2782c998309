/*
 * evtx-map.c - the EVTX field mapping (evtx-map.h): compiles the mapping
 * text (evtx-map.txt, format in doc/evtx-map.md) and applies it to
 * records: the normalised columns and the one-line message.
 *
 * Compiling reads the text line by line into rows. Then, for every source
 * and for records of no source, a default set is made, and for every
 * (source, event ID) some row names, a set of its own: each holds, per
 * column, the most specific map row that applies (SOURCE ID over
 * SOURCE * over * *), the split rule and the message template. Sets are
 * found through an open-addressing table of (source, event ID), sources
 * through two tables of provider and channel names (FNV-1a). Templates
 * become flat arrays of ops in which a group knows where it ends, so a
 * message is rendered by one loop.
 *
 * All of this happens once, on text compiled into the binary; a record
 * only reads the tables. Evidence gives values, never templates or rows.
 */
#include "compat.h"

#include <pthread.h>
#include <stdarg.h>
#include <stddef.h>

#include "evtx-map.h"
#include "evtx-map-txt.h"
#include "xalloc.h"

/* Bounds on the mapping text (it is ours, but the compiler is tested on hostile text too). */
#define MAP_MAX_FIELDS	4	/* fields one map row tries, in order */
#define MAP_MAX_SOURCES	64
#define MAP_MAX_LINE	4096	/* bytes of one line */
#define MAP_MAX_WORDS	16	/* words of one line */
#define MAP_MAX_ROWS	2048
/*
 * Event IDs all rows name together: each is a set, and making a set reads
 * every row, so this bounds compiling to a fraction of a second.
 */
#define MAP_MAX_IDS	16384
#define TMPL_MAX_OPS	64	/* pieces of one template */
#define TMPL_MAX_ALTS	4	/* alternatives of one {a|b} */
#define TMPL_MAX_DEPTH	4	/* nesting of [ ] */

/* ------------------------------------------------------------------ */
/* The columns                                                         */

#define EVTX_COL_KIND_TEXT	EVTX_COL_TEXT
#define EVTX_COL_KIND_INT	EVTX_COL_INT
#define COLUMN(kind, name, dflt) \
	{ #name, offsetof(struct ct_evtx_row, name), EVTX_COL_KIND_##kind },

const struct evtx_column ct_evtx_columns[] = { CT_EVTX_COLUMNS(COLUMN) };
#define NCOLS	CT_ARRAY_SIZE(ct_evtx_columns)
const size_t ct_evtx_ncolumns = NCOLS;

/* ------------------------------------------------------------------ */
/* Compiled forms                                                      */

enum conv {
	CONV_TEXT, CONV_RAW, CONV_INT, CONV_JOIN, CONV_ZONEURL, CONV_DIRECTION
};

static const struct {
	const char *name;
	enum conv conv;
	enum evtx_col_kind kind;	/* of the column it fills */
	unsigned min, max;		/* fields it takes */
} convs[] = {
	{ "text", CONV_TEXT, EVTX_COL_TEXT, 1, MAP_MAX_FIELDS },
	{ "raw", CONV_RAW, EVTX_COL_TEXT, 1, 1 },
	{ "int", CONV_INT, EVTX_COL_INT, 1, MAP_MAX_FIELDS },
	{ "join", CONV_JOIN, EVTX_COL_TEXT, 2, 2 },
	{ "zoneurl", CONV_ZONEURL, EVTX_COL_TEXT, 1, 1 },
	{ "direction", CONV_DIRECTION, EVTX_COL_TEXT, 1, MAP_MAX_FIELDS },
};

/* How the direction conversion reads what Windows logs. */
static const struct {
	const char *logged, *value;
} directions[] = {
	{ "%%14593", "outbound" }, { "Outbound", "outbound" },
	{ "true", "outbound" },		/* Sysmon 3 Initiated */
	{ "%%14592", "inbound" }, { "Inbound", "inbound" },
	{ "false", "inbound" },
};

/* One column of a set: where its value comes from. */
struct fill {
	unsigned col;		/* index into ct_evtx_columns */
	enum conv conv;
	unsigned nfields;
	const char *fields[MAP_MAX_FIELDS];
};

enum op_kind { OP_LIT, OP_VAL, OP_TEST, OP_GROUP };
enum func { FN_NONE, FN_BASENAME, FN_FIRSTLINE };

/* One alternative of {a|b}. */
struct alt {
	enum func func;
	int col;		/* index into ct_evtx_columns, or -1: a field */
	const char *field;
	const char *except;	/* the text of "!=", or NULL */
};

struct op {
	enum op_kind kind;
	unsigned nalt;		/* OP_VAL, OP_TEST */
	size_t end;		/* OP_GROUP: index of the first op after it */
	const char *lit;	/* OP_LIT */
	size_t litlen;
	struct alt alt[TMPL_MAX_ALTS];
};

struct tmpl {
	size_t nops;
	struct op *ops;
};

struct evtx_map_set {
	const struct evtx_map *map;
	struct fill *fills;	/* in column order */
	size_t nfills;
	const struct tmpl *summary;	/* NULL: the generic message */
	enum evtx_split split;
	const char *split_field;
};

/* A line of the text, as read. */
enum row_kind { ROW_MAP, ROW_SPLIT, ROW_SUMMARY };
struct row {
	enum row_kind kind;
	int src;		/* index of its source, or -1: every record */
	int64_t *ids;		/* NULL: every event ID */
	size_t nids;
	int line;
	struct fill fill;	/* ROW_MAP */
	enum evtx_split split;	/* ROW_SPLIT */
	const char *split_field;
	struct tmpl *tmpl;	/* ROW_SUMMARY */
};

struct name_slot {
	const char *name;	/* NULL: free */
	int src;
};

struct set_slot {
	int used;
	int src;
	int64_t id;
	size_t set;		/* index into evtx_map.sets */
};

struct evtx_map {
	char **strs;		/* every string the map points into */
	size_t nstrs, astrs;
	const char *src_names[MAP_MAX_SOURCES];
	int nsrc;
	struct name_slot *providers, *channels;
	size_t nproviders, nchannels;	/* slots, powers of 2 (0: none) */
	struct row *rows;
	size_t nrows, arows;
	/* sets[0..nsrc-1]: each source's default; sets[nsrc]: no source */
	struct evtx_map_set *sets;
	size_t nsets, asets;
	struct set_slot *slots;	/* (source, event ID) -> set, a power of 2 */
	size_t nslots;
	uint8_t mapped[NCOLS];	/* columns some row fills */
	size_t norm_off;	/* offset of the first normalised column */
	unsigned int_cols[NCOLS];	/* normalised INT columns */
	size_t nint_cols;
};

/* ------------------------------------------------------------------ */
/* Compiling                                                           */

struct compile {
	struct evtx_map *m;
	const char *name;
	int line;
	struct ct_error *err;
	int failed;
	size_t nids;		/* event IDs named so far, all rows */
};

static int CT_PRINTF(2, 3)
bad(struct compile *k, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	if (k->failed)
		return -1;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	ct_error_set(k->err, CT_ERR_FORMAT, NULL, CT_NO_OFFSET, "%s:%d: %s",
	    k->name, k->line, msg);
	k->failed = 1;
	return -1;
}

/* A copy of s owned by the map. */
static const char *
keep(struct evtx_map *m, const char *s, size_t n)
{
	if (m->nstrs == m->astrs) {
		m->astrs = m->astrs ? m->astrs * 2 : 64;
		m->strs = ct_xreallocarray(m->strs, m->astrs, sizeof(*m->strs));
	}
	return m->strs[m->nstrs++] = ct_xstrndup(s, n);
}

static uint32_t
name_hash(const char *s)
{
	uint32_t h = 2166136261u;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h;
}

static int
name_find(const struct name_slot *t, size_t n, const char *s)
{
	size_t i;

	if (n == 0)
		return -1;
	for (i = name_hash(s) & (n - 1); t[i].name; i = (i + 1) & (n - 1))
		if (strcmp(t[i].name, s) == 0)
			return t[i].src;
	return -1;
}

static int
col_find(const char *name, size_t n)
{
	size_t i;

	for (i = 0; i < NCOLS; i++)
		if (strlen(ct_evtx_columns[i].name) == n &&
		    memcmp(ct_evtx_columns[i].name, name, n) == 0)
			return (int)i;
	return -1;
}

static int
src_find(const struct evtx_map *m, const char *name)
{
	int i;

	for (i = 0; i < m->nsrc; i++)
		if (strcmp(m->src_names[i], name) == 0)
			return i;
	return -1;
}

/*
 * Split line (changed in place) into words: blanks separate them, '#'
 * starts a comment, "..." holds blanks and \" (other backslashes are left
 * for the template's own escapes). Returns the number of words or -1.
 */
static int
words(struct compile *k, char *line, char **w, int max)
{
	char *p = line, *o;
	int n = 0;

	for (;;) {
		while (*p == ' ' || *p == '\t' || *p == '\r')
			p++;
		if (!*p || *p == '#')
			return n;
		if (n == max)
			return bad(k, "more than %d words", max);
		if (*p != '"') {
			w[n++] = p;
			while (*p && *p != ' ' && *p != '\t' && *p != '\r')
				p++;
			if (*p)
				*p++ = '\0';
			continue;
		}
		w[n++] = o = ++p;
		for (;;) {
			if (!*p)
				return bad(k, "\"...\" without its closing quote");
			if (*p == '"')
				break;
			if (p[0] == '\\' && p[1] == '"') {
				*o++ = '"';
				p += 2;
			} else if (p[0] == '\\' && p[1] == '\\') {
				*o++ = *p++;
				*o++ = *p++;
			} else {
				*o++ = *p++;
			}
		}
		p++;
		if (*p && *p != ' ' && *p != '\t' && *p != '\r')
			return bad(k, "text right after \"...\"");
		*o = '\0';
	}
}

/* "*", or event IDs and ranges: 4624,4625,5156-5158. */
static int
parse_events(struct compile *k, const char *s, struct row *r)
{
	size_t a = 0;

	r->ids = NULL;
	r->nids = 0;
	if (strcmp(s, "*") == 0)
		return 0;
	while (*s) {
		int64_t lo = 0, hi, v;
		int digits = 0;

		for (; *s >= '0' && *s <= '9' && lo <= INT32_MAX; s++, digits++)
			lo = lo * 10 + (*s - '0');
		hi = lo;
		if (digits && *s == '-') {
			hi = 0;
			digits = 0;
			for (s++; *s >= '0' && *s <= '9' && hi <= INT32_MAX;
			    s++, digits++)
				hi = hi * 10 + (*s - '0');
		}
		if (!digits || lo > INT32_MAX || hi > INT32_MAX || hi < lo ||
		    (*s && *s != ','))
			return bad(k, "event IDs: \"*\", or numbers and "
			    "ranges separated by commas (4624,5156-5158)");
		if (*s == ',' && !*++s)
			return bad(k, "event IDs end with a comma");
		if (k->nids + (size_t)(hi - lo) + 1 > MAP_MAX_IDS)
			return bad(k, "more than %d event IDs in all", MAP_MAX_IDS);
		k->nids += (size_t)(hi - lo) + 1;
		for (v = lo; v <= hi; v++) {
			if (r->nids == a) {
				a = a ? a * 2 : 8;
				r->ids = ct_xreallocarray(r->ids, a,
				    sizeof(*r->ids));
			}
			r->ids[r->nids++] = v;
		}
	}
	return 0;
}

static int
row_has_id(const struct row *r, int64_t id)
{
	size_t i;

	for (i = 0; i < r->nids; i++)
		if (r->ids[i] == id)
			return 1;
	return 0;
}

/* ---- templates ---- */

static struct op *
push_op(struct compile *k, struct tmpl *t, enum op_kind kind)
{
	struct op *op;

	if (t->nops == TMPL_MAX_OPS) {
		bad(k, "template of more than %d pieces", TMPL_MAX_OPS);
		return NULL;
	}
	op = &t->ops[t->nops++];
	memset(op, 0, sizeof(*op));
	op->kind = kind;
	return op;
}

static int
flush_lit(struct compile *k, struct tmpl *t, struct ct_buf *lit)
{
	struct op *op;

	if (lit->len == 0)
		return 0;
	if (!(op = push_op(k, t, OP_LIT)))
		return -1;
	op->lit = keep(k->m, lit->buf, lit->len);
	op->litlen = lit->len;
	ct_buf_reset(lit);
	return 0;
}

/* One alternative in [s, e): [func ]ref[!=text]. Returns its end or NULL. */
static const char *
parse_alt(struct compile *k, const char *s, const char *e, struct alt *a)
{
	static const struct {
		const char *word;
		enum func func;
	} funcs[] = {
		{ "basename ", FN_BASENAME }, { "firstline ", FN_FIRSTLINE },
	};
	const char *q;
	size_t i;

	memset(a, 0, sizeof(*a));
	a->col = -1;
	for (i = 0; i < CT_ARRAY_SIZE(funcs); i++) {
		size_t n = strlen(funcs[i].word);

		if ((size_t)(e - s) > n && memcmp(s, funcs[i].word, n) == 0) {
			a->func = funcs[i].func;
			s += n;
			break;
		}
	}
	if (s < e && *s == '\'') {
		for (q = ++s; q < e && *q != '\''; q++)
			if ((unsigned char)*q < 0x20)
				break;
		if (q == e || *q != '\'' || q == s) {
			bad(k, "template: a field is written 'Name'");
			return NULL;
		}
		a->field = keep(k->m, s, (size_t)(q - s));
		s = q + 1;
	} else {
		for (q = s; q < e && ((*q >= 'a' && *q <= 'z') ||
		    (*q >= '0' && *q <= '9') || *q == '_'); q++)
			;
		if (q == s) {
			bad(k, "template: a column name or a 'Field' expected "
			    "at \"%.*s\"", (int)(e - s), s);
			return NULL;
		}
		a->col = col_find(s, (size_t)(q - s));
		if (a->col < 0 ||
		    ct_evtx_columns[a->col].kind != EVTX_COL_TEXT) {
			bad(k, "template: \"%.*s\" is not a text column of "
			    "the evtx table", (int)(q - s), s);
			return NULL;
		}
		s = q;
	}
	if (s + 1 < e && s[0] == '!' && s[1] == '=') {
		for (q = s += 2; q < e && *q != '|'; q++)
			if ((unsigned char)*q < 0x20)
				break;
		if (q == s || (q < e && *q != '|')) {
			bad(k, "template: \"!=\" needs a text");
			return NULL;
		}
		a->except = keep(k->m, s, (size_t)(q - s));
		s = q;
	}
	return s;
}

/* {expr} in [s, e) (between the braces). */
static int
parse_expr(struct compile *k, struct tmpl *t, const char *s, const char *e)
{
	struct op *op;

	if (!(op = push_op(k, t, OP_VAL)))
		return -1;
	if (s < e && *s == '?') {
		op->kind = OP_TEST;
		s++;
	}
	for (;;) {
		if (op->nalt == TMPL_MAX_ALTS)
			return bad(k, "template: more than %d alternatives",
			    TMPL_MAX_ALTS);
		if (!(s = parse_alt(k, s, e, &op->alt[op->nalt++])))
			return -1;
		if (s == e)
			return 0;
		if (*s != '|')
			return bad(k, "template: unexpected \"%.*s\" in {}",
			    (int)(e - s), s);
		s++;
	}
}

/* Compile a template; NULL (error set) if it is malformed. */
static struct tmpl *
compile_tmpl(struct compile *k, const char *text)
{
	struct op ops[TMPL_MAX_OPS];
	struct tmpl tt = { 0, ops }, *t = &tt;
	struct ct_buf lit;
	size_t open[TMPL_MAX_DEPTH];
	size_t depth = 0;
	const char *p = text, *close;
	struct op *op;

	ct_buf_init(&lit, 0);
	while (*p && !k->failed) {
		unsigned char c = (unsigned char)*p;

		if (c == '\\') {
			if (!p[1] || (unsigned char)p[1] < 0x20) {
				bad(k, "template: \\ before nothing");
				break;
			}
			ct_buf_addch(&lit, p[1]);
			p += 2;
			continue;
		}
		if (c != '{' && c != '}' && c != '[' && c != ']') {
			if (c < 0x20 || c == 0x7f) {
				bad(k, "template: a control character");
				break;
			}
			ct_buf_addch(&lit, (char)c);
			p++;
			continue;
		}
		if (flush_lit(k, t, &lit) != 0)
			break;
		if (c == '}') {
			bad(k, "template: '}' without '{'");
		} else if (c == '[') {
			if (depth == TMPL_MAX_DEPTH)
				bad(k, "template: [ ] nested more than %d deep",
				    TMPL_MAX_DEPTH);
			else if ((op = push_op(k, t, OP_GROUP)))
				open[depth++] = t->nops - 1;
		} else if (c == ']') {
			if (depth == 0)
				bad(k, "template: ']' without '['");
			else
				t->ops[open[--depth]].end = t->nops;
		} else if (!(close = strchr(p, '}'))) {
			bad(k, "template: '{' without '}'");
		} else {
			parse_expr(k, t, p + 1, close);
			p = close;
		}
		p++;
	}
	if (!k->failed)
		flush_lit(k, t, &lit);
	if (!k->failed && depth)
		bad(k, "template: '[' without ']'");
	ct_buf_release(&lit);
	if (k->failed)
		return NULL;
	t = ct_xcalloc(1, sizeof(*t));
	t->nops = tt.nops;
	t->ops = ct_xcalloc(tt.nops ? tt.nops : 1, sizeof(*t->ops));
	memcpy(t->ops, ops, tt.nops * sizeof(*ops));
	return t;
}

/* ---- lines ---- */

static struct row *
new_row(struct compile *k, enum row_kind kind)
{
	struct evtx_map *m = k->m;
	struct row *r;

	if (m->nrows == MAP_MAX_ROWS) {
		bad(k, "more than %d rows", MAP_MAX_ROWS);
		return NULL;
	}
	if (m->nrows == m->arows) {
		m->arows = m->arows ? m->arows * 2 : 64;
		m->rows = ct_xreallocarray(m->rows, m->arows, sizeof(*m->rows));
	}
	r = &m->rows[m->nrows++];
	memset(r, 0, sizeof(*r));
	r->kind = kind;
	r->line = k->line;
	return r;
}

static int
add_name(struct compile *k, struct name_slot **tab, size_t *n, const char *s,
    int src)
{
	struct name_slot *t = *tab;
	size_t i, used = 0;

	for (i = 0; i < *n; i++)
		used += t[i].name != NULL;
	if (name_find(t, *n, s) >= 0)
		return bad(k, "\"%s\" belongs to two sources", s);
	if (2 * (used + 1) > *n) {	/* keep at most half full */
		size_t nn = *n ? *n * 2 : 16;
		struct name_slot *nt = ct_xcalloc(nn, sizeof(*nt));

		for (i = 0; i < *n; i++) {
			size_t j;

			if (!t[i].name)
				continue;
			for (j = name_hash(t[i].name) & (nn - 1); nt[j].name;
			    j = (j + 1) & (nn - 1))
				;
			nt[j] = t[i];
		}
		free(t);
		*tab = t = nt;
		*n = nn;
	}
	for (i = name_hash(s) & (*n - 1); t[i].name; i = (i + 1) & (*n - 1))
		;
	t[i].name = keep(k->m, s, strlen(s));
	t[i].src = src;
	return 0;
}

/* source NAME (provider P | channel C)... */
static int
line_source(struct compile *k, char **w, int n)
{
	struct evtx_map *m = k->m;
	int i, src = m->nsrc;

	if (n < 4 || n % 2)
		return bad(k, "source NAME (provider P | channel C)...");
	if (strcmp(w[1], "*") == 0 || src_find(m, w[1]) >= 0)
		return bad(k, "source \"%s\" again", w[1]);
	if (m->nsrc == MAP_MAX_SOURCES)
		return bad(k, "more than %d sources", MAP_MAX_SOURCES);
	m->src_names[m->nsrc++] = keep(m, w[1], strlen(w[1]));
	for (i = 2; i < n; i += 2) {
		if (strcmp(w[i], "provider") == 0) {
			if (add_name(k, &m->providers, &m->nproviders,
			    w[i + 1], src))
				return -1;
		} else if (strcmp(w[i], "channel") == 0) {
			if (add_name(k, &m->channels, &m->nchannels,
			    w[i + 1], src))
				return -1;
		} else {
			return bad(k, "source: \"provider\" or \"channel\" "
			    "expected, not \"%s\"", w[i]);
		}
	}
	return 0;
}

/* The SOURCE EVENTS of map, split and summary lines. */
static int
row_target(struct compile *k, struct row *r, const char *src,
    const char *events, int any_source)
{
	if (strcmp(src, "*") == 0) {
		if (!any_source)
			return bad(k, "a source is needed here, not \"*\"");
		r->src = -1;
	} else if ((r->src = src_find(k->m, src)) < 0) {
		return bad(k, "unknown source \"%s\" (declare it first)", src);
	}
	if (parse_events(k, events, r))
		return -1;
	if (r->src < 0 && r->ids)
		return bad(k, "\"*\" (every source) takes every event: \"* *\"");
	return 0;
}

/* map SOURCE EVENTS COLUMN CONVERSION FIELD... */
static int
line_map(struct compile *k, char **w, int n)
{
	struct row *r;
	size_t i;
	int col, f;

	if (n < 6)
		return bad(k, "map SOURCE EVENTS COLUMN CONVERSION FIELD...");
	if (!(r = new_row(k, ROW_MAP)) || row_target(k, r, w[1], w[2], 1))
		return -1;
	col = col_find(w[3], strlen(w[3]));
	if (col < 0 || ct_evtx_columns[col].off <= offsetof(struct ct_evtx_row,
	    data))
		return bad(k, "\"%s\" is not a normalised column of the evtx "
		    "table (those after data)", w[3]);
	for (i = 0; i < CT_ARRAY_SIZE(convs); i++)
		if (strcmp(convs[i].name, w[4]) == 0)
			break;
	if (i == CT_ARRAY_SIZE(convs))
		return bad(k, "unknown conversion \"%s\"", w[4]);
	if (convs[i].kind != ct_evtx_columns[col].kind)
		return bad(k, "%s does not fill the %s column %s", w[4],
		    ct_evtx_columns[col].kind == EVTX_COL_INT ? "integer" :
		    "text", w[3]);
	if ((unsigned)(n - 5) < convs[i].min ||
	    (unsigned)(n - 5) > convs[i].max)
		return bad(k, "%s takes %u to %u fields", w[4], convs[i].min,
		    convs[i].max);
	r->fill.col = (unsigned)col;
	r->fill.conv = convs[i].conv;
	r->fill.nfields = (unsigned)(n - 5);
	for (f = 5; f < n; f++)
		r->fill.fields[f - 5] = keep(k->m, w[f], strlen(w[f]));
	k->m->mapped[col] = 1;
	return 0;
}

/* split SOURCE EVENTS (FIELD | *) */
static int
line_split(struct compile *k, char **w, int n)
{
	struct row *r;

	if (n != 4)
		return bad(k, "split SOURCE EVENTS (FIELD | *)");
	if (!(r = new_row(k, ROW_SPLIT)) || row_target(k, r, w[1], w[2], 0))
		return -1;
	if (strcmp(w[3], "*") == 0) {
		r->split = EVTX_SPLIT_ALL;
	} else {
		r->split = EVTX_SPLIT_FIELD;
		r->split_field = keep(k->m, w[3], strlen(w[3]));
	}
	return 0;
}

/* summary SOURCE EVENTS "TEMPLATE" */
static int
line_summary(struct compile *k, char **w, int n)
{
	struct row *r;

	if (n != 4)
		return bad(k, "summary SOURCE EVENTS \"TEMPLATE\"");
	if (!(r = new_row(k, ROW_SUMMARY)) || row_target(k, r, w[1], w[2], 0))
		return -1;
	return (r->tmpl = compile_tmpl(k, w[3])) ? 0 : -1;
}

/* ---- sets ---- */

/*
 * Does row r apply to (src, id) at level lvl? 0: "* *", 1: "SOURCE *",
 * 2: "SOURCE ID". has_id is 0 for a source's default set.
 */
static int
row_applies(const struct row *r, int lvl, int src, int64_t id, int has_id)
{
	switch (lvl) {
	case 0:
		return r->src < 0;
	case 1:
		return r->src >= 0 && r->src == src && !r->ids;
	default:
		return has_id && r->src >= 0 && r->src == src && r->ids &&
		    row_has_id(r, id);
	}
}

/* Make the set of (src, id) (src -1: no source) and return its index. */
static size_t
build_set(struct compile *k, int src, int64_t id, int has_id)
{
	struct evtx_map *m = k->m;
	const struct fill *slot[NCOLS];
	const struct row *sp = NULL, *sm = NULL;
	struct evtx_map_set *s;
	size_t i, n = 0;
	int lvl;

	memset(slot, 0, sizeof(slot));
	for (lvl = 0; lvl < 3; lvl++) {
		int line_col[NCOLS], line_split = 0, line_sum = 0;

		memset(line_col, 0, sizeof(line_col));
		for (i = 0; i < m->nrows; i++) {
			const struct row *r = &m->rows[i];

			if (!row_applies(r, lvl, src, id, has_id))
				continue;
			k->line = r->line;
			if (r->kind == ROW_MAP) {
				if (line_col[r->fill.col])
					bad(k, "%s is mapped on line %d "
					    "already", ct_evtx_columns[
					    r->fill.col].name,
					    line_col[r->fill.col]);
				line_col[r->fill.col] = r->line;
				slot[r->fill.col] = &r->fill;
			} else if (r->kind == ROW_SPLIT) {
				if (line_split)
					bad(k, "split on line %d already",
					    line_split);
				line_split = r->line;
				sp = r;
			} else {
				if (line_sum)
					bad(k, "summary on line %d already",
					    line_sum);
				line_sum = r->line;
				sm = r;
			}
		}
	}
	if (m->nsets == m->asets) {
		m->asets = m->asets ? m->asets * 2 : 32;
		m->sets = ct_xreallocarray(m->sets, m->asets, sizeof(*m->sets));
	}
	s = &m->sets[m->nsets];
	memset(s, 0, sizeof(*s));
	s->map = m;
	for (i = 0; i < NCOLS; i++)
		n += slot[i] != NULL;
	s->fills = ct_xcalloc(n ? n : 1, sizeof(*s->fills));
	for (i = 0; i < NCOLS; i++)
		if (slot[i])
			s->fills[s->nfills++] = *slot[i];
	if (sp) {
		s->split = sp->split;
		s->split_field = sp->split_field;
	}
	if (sm)
		s->summary = sm->tmpl;
	return m->nsets++;
}

static uint64_t
set_hash(int src, int64_t id)
{
	uint64_t h = (uint64_t)id * 0x9e3779b97f4a7c15ull ^
	    (uint64_t)(src + 1) * 0xc2b2ae3d27d4eb4full;

	return h ^ (h >> 29);
}

static struct set_slot *
slot_of(const struct evtx_map *m, int src, int64_t id)
{
	size_t i;

	for (i = set_hash(src, id) & (m->nslots - 1); m->slots[i].used;
	    i = (i + 1) & (m->nslots - 1))
		if (m->slots[i].src == src && m->slots[i].id == id)
			break;
	return &m->slots[i];
}

static int
build_sets(struct compile *k)
{
	struct evtx_map *m = k->m;
	size_t i, j, nspecific = 0;
	int s;

	for (s = 0; s <= m->nsrc && !k->failed; s++)
		build_set(k, s < m->nsrc ? s : -1, 0, 0);
	for (i = 0; i < m->nrows; i++)
		nspecific += m->rows[i].nids;
	for (m->nslots = 16; m->nslots < 2 * nspecific; m->nslots *= 2)
		;
	m->slots = ct_xcalloc(m->nslots, sizeof(*m->slots));
	for (i = 0; i < m->nrows && !k->failed; i++) {
		const struct row *r = &m->rows[i];

		for (j = 0; j < r->nids && !k->failed; j++) {
			struct set_slot *sl = slot_of(m, r->src, r->ids[j]);
			int64_t id = r->ids[j];
			int src = r->src;

			if (sl->used)
				continue;
			sl->used = 1;
			sl->src = src;
			sl->id = id;
			sl->set = build_set(k, src, id, 1);
		}
	}
	return k->failed ? -1 : 0;
}

void
ct_evtx_map_free(struct evtx_map *m)
{
	size_t i;

	if (!m)
		return;
	for (i = 0; i < m->nrows; i++) {
		free(m->rows[i].ids);
		if (m->rows[i].tmpl)
			free(m->rows[i].tmpl->ops);
		free(m->rows[i].tmpl);
	}
	for (i = 0; i < m->nsets; i++)
		free(m->sets[i].fills);
	for (i = 0; i < m->nstrs; i++)
		free(m->strs[i]);
	free(m->rows);
	free(m->sets);
	free(m->slots);
	free(m->strs);
	free(m->providers);
	free(m->channels);
	free(m);
}

struct evtx_map *
ct_evtx_map_new(const char *text, const char *name, struct ct_error *err)
{
	struct compile k;
	struct evtx_map *m = ct_xcalloc(1, sizeof(*m));
	char line[MAP_MAX_LINE], *w[MAP_MAX_WORDS];
	const char *p = text;
	size_t i;

	memset(&k, 0, sizeof(k));
	k.m = m;
	k.name = name;
	k.err = err;
	while (*p && !k.failed) {
		const char *eol = strchr(p, '\n');
		size_t len = eol ? (size_t)(eol - p) : strlen(p);
		int n;

		k.line++;
		if (len >= sizeof(line)) {
			bad(&k, "line longer than %d bytes", MAP_MAX_LINE - 1);
			break;
		}
		memcpy(line, p, len);
		line[len] = '\0';
		p += len + (eol != NULL);
		if ((n = words(&k, line, w, MAP_MAX_WORDS)) <= 0)
			continue;
		if (strcmp(w[0], "source") == 0)
			line_source(&k, w, n);
		else if (strcmp(w[0], "map") == 0)
			line_map(&k, w, n);
		else if (strcmp(w[0], "split") == 0)
			line_split(&k, w, n);
		else if (strcmp(w[0], "summary") == 0)
			line_summary(&k, w, n);
		else
			bad(&k, "unknown line \"%s\" (source, map, split, "
			    "summary)", w[0]);
	}
	if (!k.failed)
		build_sets(&k);
	if (k.failed) {
		ct_evtx_map_free(m);
		return NULL;
	}
	m->norm_off = SIZE_MAX;
	for (i = 0; i < NCOLS; i++) {
		const struct evtx_column *c = &ct_evtx_columns[i];

		if (c->off <= offsetof(struct ct_evtx_row, data))
			continue;
		if (c->off < m->norm_off)
			m->norm_off = c->off;
		if (c->kind == EVTX_COL_INT)
			m->int_cols[m->nint_cols++] = (unsigned)i;
	}
	return m;
}

static struct evtx_map *builtin;
static pthread_once_t builtin_once = PTHREAD_ONCE_INIT;

static void
builtin_init(void)
{
	struct ct_error err = CT_ERROR_INIT;

	builtin = ct_evtx_map_new(ct_evtx_map_txt, "evtx-map.txt", &err);
	if (!builtin) {
		fprintf(stderr, "casetrail: internal error: the built-in EVTX "
		    "mapping does not compile: %s\n", err.msg);
		abort();
	}
}

const struct evtx_map *
ct_evtx_map_builtin(void)
{
	pthread_once(&builtin_once, builtin_init);
	return builtin;
}

int
ct_evtx_map_fills(const struct evtx_map *m, size_t i)
{
	return i < NCOLS && m->mapped[i];
}

/* ------------------------------------------------------------------ */
/* Looking up                                                          */

int
ct_evtx_map_source(const struct evtx_map *m, const char *provider,
    const char *channel)
{
	int src = -1, c;

	if (provider)
		src = name_find(m->providers, m->nproviders, provider);
	/* The source declared first wins (provider or channel alike). */
	if (channel && m->nchannels &&
	    (c = name_find(m->channels, m->nchannels, channel)) >= 0 &&
	    (src < 0 || c < src))
		src = c;
	return src;
}

const struct evtx_map_set *
ct_evtx_map_set(const struct evtx_map *m, int src, int64_t event_id)
{
	const struct set_slot *sl;

	if (src < 0 || src >= m->nsrc)
		return &m->sets[m->nsrc];
	sl = slot_of(m, src, event_id);
	return sl->used ? &m->sets[sl->set] : &m->sets[src];
}

const struct evtx_map_set *
ct_evtx_map_find(const struct evtx_map *m, const char *provider,
    const char *channel, int64_t event_id)
{
	return ct_evtx_map_set(m, ct_evtx_map_source(m, provider, channel),
	    event_id);
}

enum evtx_split
ct_evtx_map_split(const struct evtx_map_set *s, const char **field)
{
	*field = s->split_field;
	return s->split;
}

/* ------------------------------------------------------------------ */
/* Filling the columns                                                 */

/* A field of the record or of its Key=Value splits; NULL if absent. */
static const char *
fld(const struct evtx_emit *em, const struct evtx_event *ev,
    const char *name)
{
	const char *v = ct_evtx_ev_field(ev, name, NULL);
	size_t i;

	if (v)
		return v;
	for (i = 0; i < em->nkv; i++)
		if (strcmp(em->kv.buf + em->kvf[i].name, name) == 0)
			return em->kv.buf + em->kvf[i].val;
	return NULL;
}

/* Non-empty field or NULL ("-" is Windows' way of saying none). */
static const char *
fldne(const struct evtx_emit *em, const struct evtx_event *ev,
    const char *name)
{
	const char *v = fld(em, ev, name);

	if (!v || !*v || strcmp(v, "-") == 0)
		return NULL;
	return v;
}

/* The first of a row's fields that has a value. */
static const char *
first(const struct evtx_emit *em, const struct evtx_event *ev,
    const struct fill *f)
{
	const char *v = NULL;
	unsigned i;

	for (i = 0; i < f->nfields && !v; i++)
		v = fldne(em, ev, f->fields[i]);
	return v;
}

static int64_t
int_of(const char *s)
{
	int64_t v;

	if (!s || ct_evtx_parse_int(s, strlen(s), &v) != 0)
		return CT_NULL_INT;
	return v;
}

/* "DOMAIN\user" into em->tmp; returns its offset or -1. */
static long
domain_user(struct evtx_emit *em, const char *dom, const char *user)
{
	size_t off = em->tmp.len;

	if (!user)
		return -1;
	if (dom) {
		ct_buf_adds(&em->tmp, dom);
		ct_buf_addch(&em->tmp, '\\');
	}
	ct_buf_adds(&em->tmp, user);
	ct_buf_addch(&em->tmp, '\0');
	return (long)off;
}

/* The first HostUrl= (else ReferrerUrl=) value of a Zone.Identifier, into em->tmp. */
static long
zone_url(struct evtx_emit *em, const char *contents)
{
	static const char *const keys[] = { "HostUrl=", "ReferrerUrl=" };
	size_t k;

	if (!contents)
		return -1;
	for (k = 0; k < CT_ARRAY_SIZE(keys); k++) {
		const char *p = strstr(contents, keys[k]);
		size_t off = em->tmp.len, n = 0;

		if (!p)
			continue;
		p += strlen(keys[k]);
		while (p[n] && p[n] != '\r' && p[n] != '\n' && p[n] != ' ')
			n++;
		if (!n)
			continue;
		ct_buf_add(&em->tmp, p, n);
		ct_buf_addch(&em->tmp, '\0');
		return (long)off;
	}
	return -1;
}

static const char *
direction(const char *v)
{
	size_t i;

	if (!v)
		return NULL;
	for (i = 0; i < CT_ARRAY_SIZE(directions); i++)
		if (strcmp(v, directions[i].logged) == 0)
			return directions[i].value;
	return v;
}

void
ct_evtx_map_fill(const struct evtx_map_set *s, struct evtx_emit *em,
    const struct evtx_event *ev, struct ct_evtx_row *r)
{
	const struct evtx_map *m = s->map;
	char *base = (char *)r;
	size_t pend_off[NCOLS];
	long pend_tmp[NCOLS];
	size_t i, npend = 0;

	memset(base + m->norm_off, 0, sizeof(*r) - m->norm_off);
	for (i = 0; i < m->nint_cols; i++)
		*(int64_t *)(base + ct_evtx_columns[m->int_cols[i]].off) =
		    CT_NULL_INT;
	/*
	 * Derived text goes to em->tmp, which may move as it grows: its
	 * offsets are kept and turned into pointers at the end.
	 */
	for (i = 0; i < s->nfills; i++) {
		const struct fill *f = &s->fills[i];
		size_t off = ct_evtx_columns[f->col].off;
		const char *v = NULL;
		long t = -1;

		switch (f->conv) {
		case CONV_TEXT:
			v = first(em, ev, f);
			break;
		case CONV_RAW:
			v = fld(em, ev, f->fields[0]);
			break;
		case CONV_INT:
			*(int64_t *)(base + off) = int_of(first(em, ev, f));
			continue;
		case CONV_JOIN:
			t = domain_user(em, fldne(em, ev, f->fields[0]),
			    fldne(em, ev, f->fields[1]));
			break;
		case CONV_ZONEURL:
			t = zone_url(em, fld(em, ev, f->fields[0]));
			break;
		case CONV_DIRECTION:
			v = direction(first(em, ev, f));
			break;
		}
		if (t >= 0) {
			pend_off[npend] = off;
			pend_tmp[npend++] = t;
		} else {
			*(const char **)(base + off) = v;
		}
	}
	for (i = 0; i < npend; i++)
		*(const char **)(base + pend_off[i]) = em->tmp.buf + pend_tmp[i];
}

/* ------------------------------------------------------------------ */
/* The one-line message                                                */

/*
 * Append n bytes of evidence text (fewer at a NUL) to the message: one
 * line (a run of control characters becomes one space), capped at
 * EVTX_SUMMARY_MAX bytes, cut at a character boundary and marked.
 */
static void
sum_add(struct ct_buf *b, const char *s, size_t n)
{
	size_t i = 0, j;
	int space = 0;

	while (i < n && s[i] && b->len < EVTX_SUMMARY_MAX) {
		unsigned char c = (unsigned char)s[i];
		size_t room = EVTX_SUMMARY_MAX - b->len;

		if (c < 0x20 || c == 0x7f) {
			if (!space && b->len && b->buf[b->len - 1] != ' ')
				ct_buf_addch(b, ' ');
			space = 1;
			i++;
			continue;
		}
		/* A run of text, copied at once, as much as fits. */
		for (j = i + 1; j < n && j - i < room; j++) {
			c = (unsigned char)s[j];
			if (c < 0x20 || c == 0x7f)
				break;
		}
		ct_buf_add(b, s + i, j - i);
		i = j;
		space = 0;
	}
	if (i < n && s[i] && b->len >= EVTX_SUMMARY_MAX) {
		/* Cut at a character boundary, then mark the cut. */
		while (b->len && ((unsigned char)b->buf[b->len - 1] & 0xc0) ==
		    0x80)
			ct_buf_setlen(b, b->len - 1);
		if (b->len && (unsigned char)b->buf[b->len - 1] >= 0xc0)
			ct_buf_setlen(b, b->len - 1);
		ct_buf_adds(b, "\xe2\x80\xa6");
	}
}

/* "Provider 7: Name=value, ..." for records no template describes. */
static void
sum_generic(struct ct_buf *b, const struct evtx_event *ev)
{
	const char *p = ct_evtx_ev_str(ev, ev->provider);
	size_t i;

	p = p ? p : "event";
	sum_add(b, p, strlen(p));
	ct_buf_addch(b, ' ');
	ct_buf_add_i64(b, ev->event_id == CT_NULL_INT ? 0 : ev->event_id);
	for (i = 0; i < ev->nfields && b->len < EVTX_SUMMARY_MAX; i++) {
		const struct evtx_field *f = &ev->fields[i];

		if (f->val_len == 0)
			continue;
		ct_buf_adds(b, i ? ", " : ": ");
		sum_add(b, ev->arena.buf + f->name, f->name_len);
		ct_buf_addch(b, '=');
		sum_add(b, ev->arena.buf + f->val, f->val_len);
	}
}

/* A template being rendered: the values of its {} are looked up once. */
struct render {
	struct ct_buf *b;
	const char *val[TMPL_MAX_OPS];	/* per op: its value, NULL if none */
	size_t len[TMPL_MAX_OPS];	/* its length, SIZE_MAX: up to its NUL */
};

static const char *
base_name(const char *p)
{
	const char *s = strrchr(p, '\\');

	if (!s)
		s = strrchr(p, '/');
	return s ? s + 1 : p;
}

/*
 * The value of {a|b}: the first alternative that has one; NULL if none.
 * *len is its length, or SIZE_MAX when it ends at its NUL (no need to
 * measure what sum_add reads to the end anyway).
 */
static const char *
op_value(const struct op *op, const struct evtx_emit *em,
    const struct evtx_event *ev, const struct ct_evtx_row *r, size_t *len)
{
	unsigned i;

	for (i = 0; i < op->nalt; i++) {
		const struct alt *a = &op->alt[i];
		const char *v;
		size_t n = SIZE_MAX;

		if (a->col >= 0)
			v = *(const char *const *)((const char *)r +
			    ct_evtx_columns[a->col].off);
		else
			v = fldne(em, ev, a->field);
		if (!v || (a->except && strcmp(v, a->except) == 0))
			continue;
		if (a->func == FN_BASENAME)
			v = base_name(v);
		if (a->func == FN_FIRSTLINE) {
			while (*v == ' ' || *v == '\t' || *v == '\r' ||
			    *v == '\n')
				v++;
			for (n = 0; v[n] && v[n] != '\r' && v[n] != '\n'; n++)
				;
		}
		if (n && *v) {
			*len = n;
			return v;
		}
	}
	return NULL;
}

/* Does every {} directly inside ops [from, to) have a value? */
static int
group_ok(const struct render *x, const struct tmpl *t, size_t from, size_t to)
{
	size_t i;

	for (i = from; i < to; i++) {
		const struct op *op = &t->ops[i];

		if (op->kind == OP_GROUP)
			i = op->end - 1;
		else if ((op->kind == OP_VAL || op->kind == OP_TEST) &&
		    !x->val[i])
			return 0;
	}
	return 1;
}

static void
render(const struct render *x, const struct tmpl *t, size_t from, size_t to)
{
	size_t i;

	for (i = from; i < to; i++) {
		const struct op *op = &t->ops[i];

		switch (op->kind) {
		case OP_LIT:
			ct_buf_add(x->b, op->lit, op->litlen);
			break;
		case OP_VAL:
			if (x->val[i])
				sum_add(x->b, x->val[i], x->len[i]);
			break;
		case OP_TEST:
			break;
		case OP_GROUP:
			if (group_ok(x, t, i + 1, op->end))
				render(x, t, i + 1, op->end);
			i = op->end - 1;
			break;
		}
	}
}

void
ct_evtx_map_summary(const struct evtx_map_set *s, struct evtx_emit *em,
    const struct evtx_event *ev, const struct ct_evtx_row *r)
{
	const struct tmpl *t = s->summary;
	struct render x;
	size_t i;

	ct_buf_reset(&em->summary);
	if (!t) {
		sum_generic(&em->summary, ev);
		return;
	}
	x.b = &em->summary;
	for (i = 0; i < t->nops; i++)
		x.val[i] = t->ops[i].kind == OP_VAL || t->ops[i].kind ==
		    OP_TEST ? op_value(&t->ops[i], em, ev, r, &x.len[i]) : NULL;
	render(&x, t, 0, t->nops);
}
