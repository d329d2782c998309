/*
 * binxml.c - name interning, template descriptions and UTF-8 to UTF-16LE
 * conversion for the binary XML encoder (see binxml.h).
 */
#include <stdlib.h>
#include <string.h>

#include "binxml.h"
#include "buf.h"

uint16_t
bx_name_hash(const char *s)
{
	uint32_t h = 0;

	/* Element names are ASCII, so one byte is one UTF-16 code unit. */
	for (; *s; s++)
		h = h * 65599u + (uint8_t)*s;
	return (uint16_t)h;
}

static uint64_t
fnv1a64(uint64_t h, const char *s)
{
	for (; *s; s++) {
		h ^= (uint8_t)*s;
		h *= 0x100000001b3ull;
	}
	return h;
}

void
bx_names_init(struct bx_names *nm)
{
	memset(nm, 0, sizeof(*nm));
}

void
bx_names_release(struct bx_names *nm)
{
	size_t i;

	for (i = 0; i < nm->n; i++)
		free(nm->names[i]);
	free(nm->names);
	free(nm->hash);
	free(nm->slots);
	memset(nm, 0, sizeof(*nm));
}

static int
names_rehash(struct bx_names *nm, size_t nslots)
{
	int *slots = malloc(nslots * sizeof(*slots));
	size_t i, j;

	if (slots == NULL)
		return -1;
	for (i = 0; i < nslots; i++)
		slots[i] = -1;
	for (i = 0; i < nm->n; i++) {
		j = fnv1a64(0xcbf29ce484222325ull, nm->names[i]) & (nslots - 1);
		while (slots[j] >= 0)
			j = (j + 1) & (nslots - 1);
		slots[j] = (int)i;
	}
	free(nm->slots);
	nm->slots = slots;
	nm->nslots = nslots;
	return 0;
}

int
bx_names_intern(struct bx_names *nm, const char *name)
{
	size_t j;
	char *copy;

	if (nm->nslots == 0 && names_rehash(nm, 256) != 0)
		return -1;
	j = fnv1a64(0xcbf29ce484222325ull, name) & (nm->nslots - 1);
	while (nm->slots[j] >= 0) {
		if (strcmp(nm->names[nm->slots[j]], name) == 0)
			return nm->slots[j];
		j = (j + 1) & (nm->nslots - 1);
	}
	if (nm->n >= 0x7fffffff)
		return -1;
	if (nm->n == nm->cap) {
		size_t ncap = nm->cap ? nm->cap * 2 : 64;
		char **nn = realloc(nm->names, ncap * sizeof(*nn));
		uint16_t *nh;

		if (nn == NULL)
			return -1;
		nm->names = nn;
		nh = realloc(nm->hash, ncap * sizeof(*nh));
		if (nh == NULL)
			return -1;
		nm->hash = nh;
		nm->cap = ncap;
	}
	copy = strdup(name);
	if (copy == NULL)
		return -1;
	nm->names[nm->n] = copy;
	nm->hash[nm->n] = bx_name_hash(name);
	nm->slots[j] = (int)nm->n;
	nm->n++;
	if (nm->n * 2 > nm->nslots && names_rehash(nm, nm->nslots * 2) != 0)
		return -1;
	return (int)(nm->n - 1);
}

void
bx_template_init(struct bx_template *t, const char *sig)
{
	uint64_t a, b;

	memset(t, 0, sizeof(*t));
	t->sig = strdup(sig);
	if (t->sig == NULL)
		t->oom = 1;
	/* A stable GUID from the signature: the same event shape gets the
	 * same template identifier in every chunk and every run. */
	a = fnv1a64(0xcbf29ce484222325ull, sig);
	b = fnv1a64(0x84222325cbf29ce4ull ^ a, sig);
	ew_le64(t->guid, a);
	ew_le64(t->guid + 8, b);
	t->guid[7] = (uint8_t)((t->guid[7] & 0x0f) | 0x40);	/* version 4 style */
	t->guid[8] = (uint8_t)((t->guid[8] & 0x3f) | 0x80);
}

void
bx_template_release(struct bx_template *t)
{
	size_t i;

	for (i = 0; i < t->nops; i++)
		free(t->ops[i].text);
	free(t->ops);
	free(t->sig);
	memset(t, 0, sizeof(*t));
}

static struct bx_op *
op_new(struct bx_template *t, enum bx_opkind kind)
{
	struct bx_op *op;

	if (t->oom)
		return NULL;
	if (t->nops == t->capops) {
		size_t ncap = t->capops ? t->capops * 2 : 32;
		struct bx_op *n = realloc(t->ops, ncap * sizeof(*n));

		if (n == NULL) {
			t->oom = 1;
			return NULL;
		}
		t->ops = n;
		t->capops = ncap;
	}
	op = &t->ops[t->nops++];
	memset(op, 0, sizeof(*op));
	op->kind = kind;
	op->name_id = -1;
	return op;
}

void
bx_op_open(struct bx_template *t, int name_id, int has_attrs)
{
	struct bx_op *op = op_new(t, OP_OPEN);

	if (op == NULL)
		return;
	if (name_id < 0)
		t->oom = 1;
	op->name_id = name_id;
	op->flag = (uint8_t)(has_attrs != 0);
}

void
bx_op_attr(struct bx_template *t, int name_id)
{
	struct bx_op *op = op_new(t, OP_ATTR);

	if (op == NULL)
		return;
	if (name_id < 0)
		t->oom = 1;
	op->name_id = name_id;
}

void
bx_op_close_start(struct bx_template *t)
{
	op_new(t, OP_CLOSE_START);
}

void
bx_op_close_empty(struct bx_template *t)
{
	op_new(t, OP_CLOSE_EMPTY);
}

void
bx_op_end(struct bx_template *t)
{
	op_new(t, OP_END);
}

void
bx_op_text(struct bx_template *t, const char *utf8)
{
	struct bx_op *op = op_new(t, OP_TEXT);

	if (op == NULL)
		return;
	op->text = strdup(utf8);
	if (op->text == NULL)
		t->oom = 1;
}

void
bx_op_subst(struct bx_template *t, uint16_t idx, uint8_t type, int optional)
{
	struct bx_op *op = op_new(t, OP_SUBST);

	if (op == NULL)
		return;
	op->idx = idx;
	op->type = type;
	op->flag = (uint8_t)(optional != 0);
}

long
bx_utf8_to_utf16(struct ew_buf *out, const char *s, size_t len)
{
	const uint8_t *p = (const uint8_t *)s;
	size_t i = 0;
	long units = 0;

	while (i < len) {
		uint32_t c = p[i];
		size_t need;

		if (c < 0x80) {
			need = 0;
		} else if ((c & 0xe0) == 0xc0) {
			c &= 0x1f;
			need = 1;
		} else if ((c & 0xf0) == 0xe0) {
			c &= 0x0f;
			need = 2;
		} else if ((c & 0xf8) == 0xf0) {
			c &= 0x07;
			need = 3;
		} else {
			return -1;
		}
		if (len - i - 1 < need)
			return -1;
		for (size_t k = 1; k <= need; k++) {
			if ((p[i + k] & 0xc0) != 0x80)
				return -1;
			c = (c << 6) | (p[i + k] & 0x3f);
		}
		i += need + 1;
		if (c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
			return -1;
		if (c >= 0x10000) {
			c -= 0x10000;
			ew_buf_add_le16(out, (uint16_t)(0xd800 + (c >> 10)));
			ew_buf_add_le16(out, (uint16_t)(0xdc00 + (c & 0x3ff)));
			units += 2;
		} else {
			ew_buf_add_le16(out, (uint16_t)c);
			units++;
		}
	}
	return units;
}
