/*
 * sigma-yaml.c - YAML text to a small tree of nodes (sigma-int.h), with
 * libyaml's event parser (YAML 1.1, as PyYAML and so pySigma read rules).
 *
 * libyaml is opened on first use (src/dynlib.h); only its header is
 * needed to build. The tree keeps what a Sigma rule needs: scalars (with
 * whether they were quoted, which decides whether `null` or `true` is a
 * keyword or text), sequences and mappings with scalar keys, and the line
 * of each node for messages. Everything lives in one arena.
 *
 * Hostile input: the text, nodes, nesting and each scalar are capped
 * (CT_SIGMA_MAX_*); aliases are refused, because a few anchors and
 * aliases can describe an exponentially large tree ("billion laughs").
 * libyaml itself parses without recursion.
 */
#include "compat.h"

#include <yaml.h>

#include "config.h"	/* CT_SONAME_YAML */

#include "dynlib.h"
#include "sigma-int.h"
#include "xalloc.h"

#define YAML_FUNCS(X) \
	X(yaml_parser_initialize) \
	X(yaml_parser_delete) \
	X(yaml_parser_set_input_string) \
	X(yaml_parser_parse) \
	X(yaml_event_delete)

static struct {
#define X(f) __typeof__(f) *f;
	YAML_FUNCS(X)
#undef X
} Y;

static const struct ct_dynsym yaml_syms[] = {
#define X(f) { #f, (void **)&Y.f },
	YAML_FUNCS(X)
#undef X
	{ NULL, NULL }
};

static struct ct_dynlib yaml_lib = {
	CT_SONAME_YAML, "libyaml-0-2", 0, NULL, yaml_syms, 0, ""
};

/* A node being built: its children so far. */
struct level {
	struct sg_ynode *node;
	struct sg_ynode **kid;
	size_t n, a;
};

struct builder {
	struct sg_yfile *f;
	struct level stack[CT_SIGMA_MAX_DEPTH + 1];
	int depth;
	size_t nodes;
	struct sg_ynode *root;
	int have_root;
	struct sg_ydoc *doc;
	size_t adoc;
};

static int
fail(struct builder *b, unsigned line, const char *what)
{
	if (b->f->err[0] == '\0') {
		snprintf(b->f->err, sizeof(b->f->err), "%s", what);
		b->f->errline = line;
	}
	return -1;
}

static int
add_child(struct builder *b, struct sg_ynode *n)
{
	struct level *l;

	if (b->depth == 0) {
		if (b->have_root)
			return fail(b, n->line, "more than one root node");
		b->root = n;
		b->have_root = 1;
		return 0;
	}
	l = &b->stack[b->depth - 1];
	if (l->node->type == Y_MAP && l->n % 2 == 0 && n->type != Y_SCALAR)
		return fail(b, n->line, "a mapping key that is not a scalar");
	if (l->n == l->a) {
		l->a = l->a ? l->a * 2 : 8;
		l->kid = ct_xreallocarray(l->kid, l->a, sizeof(*l->kid));
	}
	l->kid[l->n++] = n;
	return 0;
}

static struct sg_ynode *
new_node(struct builder *b, int type, const yaml_mark_t *m)
{
	struct sg_ynode *n;

	if (++b->nodes > CT_SIGMA_MAX_NODES) {
		fail(b, (unsigned)m->line + 1, "too many YAML nodes");
		return NULL;
	}
	n = sg_alloc(&b->f->arena, sizeof(*n));
	n->type = (uint8_t)type;
	n->line = (unsigned)m->line + 1;
	return n;
}

static int
open_level(struct builder *b, int type, const yaml_mark_t *m)
{
	struct sg_ynode *n;

	if (b->depth >= CT_SIGMA_MAX_DEPTH)
		return fail(b, (unsigned)m->line + 1, "YAML nested too deep");
	if ((n = new_node(b, type, m)) == NULL)
		return -1;
	b->stack[b->depth].node = n;
	b->stack[b->depth].kid = NULL;
	b->stack[b->depth].n = b->stack[b->depth].a = 0;
	b->depth++;
	return 0;
}

static int
key_cmp(const void *a, const void *b)
{
	const struct sg_ynode *x = *(const struct sg_ynode *const *)a;
	const struct sg_ynode *y = *(const struct sg_ynode *const *)b;

	if (x->len != y->len)
		return x->len < y->len ? -1 : 1;
	return memcmp(x->s, y->s, x->len);
}

/* The pair index of a key seen twice among kid[0, 2, 4 ...], or SIZE_MAX. */
static size_t
duplicate_key(struct sg_ynode **kid, size_t npairs)
{
	struct sg_ynode **k;
	size_t i, j, found = SIZE_MAX;

	if (npairs < 2)
		return SIZE_MAX;
	if (npairs <= 16) {
		for (i = 0; i < npairs; i++)
			for (j = i + 1; j < npairs; j++)
				if (key_cmp(&kid[2 * i], &kid[2 * j]) == 0)
					return j;
		return SIZE_MAX;
	}
	/* big mappings: sort a copy of the keys (no quadratic time) */
	k = ct_xreallocarray(NULL, npairs, sizeof(*k));
	for (i = 0; i < npairs; i++)
		k[i] = kid[2 * i];
	qsort(k, npairs, sizeof(*k), key_cmp);
	for (i = 1; i < npairs && found == SIZE_MAX; i++)
		if (key_cmp(&k[i - 1], &k[i]) == 0)
			for (j = 0; j < npairs; j++)
				if (kid[2 * j] == k[i])
					found = j;
	free(k);
	return found;
}

static int
close_level(struct builder *b)
{
	struct level *l = &b->stack[b->depth - 1];
	struct sg_ynode *n = l->node;
	size_t i, j;

	b->depth--;
	if (n->type == Y_MAP) {
		if (l->n % 2) {
			free(l->kid);
			return fail(b, n->line, "a mapping key without value");
		}
		/* duplicate keys: YAML forbids them, PyYAML keeps the last */
		if ((i = duplicate_key(l->kid, l->n / 2)) != SIZE_MAX) {
			char msg[200];

			snprintf(msg, sizeof(msg), "duplicate key '%.100s'",
			    l->kid[2 * i]->s);
			j = l->kid[2 * i]->line;
			free(l->kid);
			l->kid = NULL;
			return fail(b, (unsigned)j, msg);
		}
		n->n = l->n / 2;
	} else {
		n->n = l->n;
	}
	if (l->n) {
		n->kid = sg_alloc(&b->f->arena, l->n * sizeof(*n->kid));
		memcpy(n->kid, l->kid, l->n * sizeof(*n->kid));
	}
	free(l->kid);
	l->kid = NULL;
	return add_child(b, n);
}

static int
on_event(struct builder *b, const yaml_event_t *ev)
{
	struct sg_ynode *n;

	switch (ev->type) {
	case YAML_DOCUMENT_START_EVENT:
		b->root = NULL;
		b->have_root = 0;
		return 0;
	case YAML_DOCUMENT_END_EVENT:
		if (b->f->ndoc >= CT_SIGMA_MAX_DOCS)
			return fail(b, (unsigned)ev->start_mark.line + 1,
			    "too many YAML documents");
		if (b->f->ndoc == b->adoc) {
			b->adoc = b->adoc ? b->adoc * 2 : 4;
			b->doc = ct_xreallocarray(b->doc, b->adoc,
			    sizeof(*b->doc));
		}
		b->doc[b->f->ndoc].root = b->root;
		b->doc[b->f->ndoc].line = b->root ? b->root->line :
		    (unsigned)ev->start_mark.line + 1;
		b->f->ndoc++;
		return 0;
	case YAML_MAPPING_START_EVENT:
		return open_level(b, Y_MAP, &ev->start_mark);
	case YAML_SEQUENCE_START_EVENT:
		return open_level(b, Y_SEQ, &ev->start_mark);
	case YAML_MAPPING_END_EVENT:
	case YAML_SEQUENCE_END_EVENT:
		if (b->depth == 0)
			return fail(b, (unsigned)ev->start_mark.line + 1,
			    "unbalanced YAML events");
		return close_level(b);
	case YAML_SCALAR_EVENT:
		if (ev->data.scalar.length > CT_SIGMA_MAX_SCALAR)
			return fail(b, (unsigned)ev->start_mark.line + 1,
			    "YAML scalar too long");
		if ((n = new_node(b, Y_SCALAR, &ev->start_mark)) == NULL)
			return -1;
		n->s = sg_strndup(&b->f->arena,
		    (const char *)ev->data.scalar.value,
		    ev->data.scalar.length);
		n->len = ev->data.scalar.length;
		n->quoted = ev->data.scalar.style != YAML_PLAIN_SCALAR_STYLE;
		return add_child(b, n);
	case YAML_ALIAS_EVENT:
		return fail(b, (unsigned)ev->start_mark.line + 1,
		    "YAML aliases (*name) are not supported");
	default:
		return 0;
	}
}

int
sg_yaml_parse(const char *text, size_t len, struct sg_yfile *f)
{
	struct builder b;
	yaml_parser_t p;
	int rc = 0, done = 0, i;

	memset(f, 0, sizeof(*f));
	if (len > CT_SIGMA_MAX_FILE) {
		snprintf(f->err, sizeof(f->err), "file larger than %u bytes",
		    CT_SIGMA_MAX_FILE);
		return -1;
	}
	if (ct_dynlib_load(&yaml_lib) != 0) {
		snprintf(f->err, sizeof(f->err), "%s", yaml_lib.error);
		return -1;
	}
	memset(&b, 0, sizeof(b));
	b.f = f;
	if (!Y.yaml_parser_initialize(&p)) {
		snprintf(f->err, sizeof(f->err), "cannot start libyaml");
		return -1;
	}
	Y.yaml_parser_set_input_string(&p, (const unsigned char *)text, len);
	while (!done && rc == 0) {
		yaml_event_t ev;

		if (!Y.yaml_parser_parse(&p, &ev)) {
			char msg[240];

			snprintf(msg, sizeof(msg), "bad YAML: %.100s%s%.100s",
			    p.problem ? p.problem : "syntax error",
			    p.context ? " " : "", p.context ? p.context : "");
			rc = fail(&b, (unsigned)p.problem_mark.line + 1, msg);
			break;
		}
		done = ev.type == YAML_STREAM_END_EVENT;
		rc = on_event(&b, &ev);
		Y.yaml_event_delete(&ev);
	}
	Y.yaml_parser_delete(&p);
	for (i = 0; i < b.depth; i++)
		free(b.stack[i].kid);
	if (f->ndoc) {
		f->doc = sg_alloc(&f->arena, f->ndoc * sizeof(*f->doc));
		memcpy(f->doc, b.doc, f->ndoc * sizeof(*f->doc));
	}
	free(b.doc);
	return rc;
}

void
sg_yfile_release(struct sg_yfile *f)
{
	sg_arena_release(&f->arena);
	f->doc = NULL;
	f->ndoc = 0;
}

const struct sg_ynode *
sg_ymap_get(const struct sg_ynode *map, const char *key)
{
	size_t i, n = strlen(key);

	if (!map || map->type != Y_MAP)
		return NULL;
	for (i = 0; i < map->n; i++) {
		const struct sg_ynode *k = map->kid[2 * i];

		if (k->len == n && memcmp(k->s, key, n) == 0)
			return map->kid[2 * i + 1];
	}
	return NULL;
}

int
sg_yscalar_is_null(const struct sg_ynode *n)
{
	if (!n || n->type != Y_SCALAR || n->quoted)
		return 0;
	return n->len == 0 || strcmp(n->s, "~") == 0 ||
	    strcmp(n->s, "null") == 0 || strcmp(n->s, "Null") == 0 ||
	    strcmp(n->s, "NULL") == 0;
}
