/*
 * chunk.c - fill one EVTX chunk with records: binary XML template
 * instances, inline template definitions and names on first use in the
 * chunk, back-references afterwards; then the chunk header (see chunk.h).
 *
 * Every write goes through a cursor bounded by the chunk size; a record
 * that would cross the end sets the cursor's overflow flag, and
 * ew_chunk_add() then rolls the chunk back to its state before the record.
 */
#include <stdlib.h>
#include <string.h>

#include "chunk.h"
#include "crc32.h"

#define MAX_DEPTH	32	/* element nesting in one template */

struct cur {
	struct ew_chunk *c;
	uint32_t pos;
	int ovf;		/* a write would have passed the chunk end */
	int err;		/* allocation or internal error */
};

/*
 * Records stop EW_CHUNK_SLACK bytes short of the chunk end: libevtx
 * (20181227) drops a record that ends exactly at the end of its chunk.
 */
#define EW_CHUNK_SLACK	8u
#define EW_CHUNK_LIMIT	(EW_CHUNK_SIZE - EW_CHUNK_SLACK)

static void
c_bytes(struct cur *k, const void *p, size_t n)
{
	if (n == 0)
		return;		/* p may be NULL for an empty value */
	if (k->ovf || n > EW_CHUNK_LIMIT - k->pos) {
		k->ovf = 1;
		return;
	}
	memcpy(k->c->data + k->pos, p, n);
	k->pos += (uint32_t)n;
}

static void
c_u8(struct cur *k, uint8_t v)
{
	c_bytes(k, &v, 1);
}

static void
c_le16(struct cur *k, uint16_t v)
{
	uint8_t t[2];

	ew_le16(t, v);
	c_bytes(k, t, 2);
}

static void
c_le32(struct cur *k, uint32_t v)
{
	uint8_t t[4];

	ew_le32(t, v);
	c_bytes(k, t, 4);
}

static void
c_le64(struct cur *k, uint64_t v)
{
	uint8_t t[8];

	ew_le64(t, v);
	c_bytes(k, t, 8);
}

/* Patch 4 (or 2) bytes written earlier; harmless after an overflow. */
static void
c_patch32(struct cur *k, uint32_t at, uint32_t v)
{
	if (!k->ovf && at + 4 <= k->pos)
		ew_le32(k->c->data + at, v);
}

static void
c_patch16(struct cur *k, uint32_t at, uint16_t v)
{
	if (!k->ovf && at + 2 <= k->pos)
		ew_le16(k->c->data + at, v);
}

static int
grow_u32(uint32_t **arr, size_t *n, size_t want)
{
	uint32_t *p;

	if (want <= *n)
		return 0;
	p = realloc(*arr, want * sizeof(*p));
	if (p == NULL)
		return -1;
	memset(p + *n, 0, (want - *n) * sizeof(*p));
	*arr = p;
	*n = want;
	return 0;
}

int
ew_chunk_init(struct ew_chunk *c, const struct bx_names *names)
{
	memset(c, 0, sizeof(*c));
	c->names = names;
	ew_buf_init(&c->scratch);
	ew_chunk_reset(c);
	return 0;
}

void
ew_chunk_release(struct ew_chunk *c)
{
	free(c->name_off);
	free(c->tpl_off);
	ew_buf_release(&c->scratch);
}

void
ew_chunk_reset(struct ew_chunk *c)
{
	memset(c->data, 0, sizeof(c->data));
	c->pos = EW_CHUNK_HDR;
	c->last_rec = 0;
	c->first_id = c->last_id = 0;
	c->nrec = 0;
	if (c->name_off)
		memset(c->name_off, 0, c->nname_off * sizeof(*c->name_off));
	if (c->tpl_off)
		memset(c->tpl_off, 0, c->ntpl_off * sizeof(*c->tpl_off));
}

/* Header tables inside data[]: 64 string buckets, 32 template buckets. */
static uint32_t
strtab_get(struct ew_chunk *c, unsigned b)
{
	const uint8_t *p = c->data + 128 + 4 * b;

	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	    (uint32_t)p[3] << 24;
}

static void
strtab_set(struct ew_chunk *c, unsigned b, uint32_t v)
{
	ew_le32(c->data + 128 + 4 * b, v);
}

static uint32_t
tpltab_get(struct ew_chunk *c, unsigned b)
{
	return strtab_get(c, 64 + b);
}

static void
tpltab_set(struct ew_chunk *c, unsigned b, uint32_t v)
{
	strtab_set(c, 64 + b, v);
}

/* A name reference; the name itself follows inline on first use. */
static void
put_name(struct cur *k, int id)
{
	struct ew_chunk *c = k->c;
	const char *s;
	uint16_t h;
	uint32_t off;
	size_t i, n;

	if (id < 0 || (size_t)id >= c->names->n ||
	    grow_u32(&c->name_off, &c->nname_off, c->names->n) != 0) {
		k->err = 1;
		return;
	}
	if (c->name_off[id] != 0) {
		c_le32(k, c->name_off[id]);
		return;
	}
	s = c->names->names[id];
	h = c->names->hash[id];
	n = strlen(s);
	off = k->pos + 4;
	c_le32(k, off);
	c_le32(k, strtab_get(c, h % 64));	/* next name in the bucket */
	c_le16(k, h);
	c_le16(k, (uint16_t)n);
	for (i = 0; i < n; i++)
		c_le16(k, (uint8_t)s[i]);
	c_le16(k, 0);
	if (k->ovf)
		return;
	strtab_set(c, h % 64, off);
	c->name_off[id] = off;
}

static void
put_text(struct cur *k, const char *utf8)
{
	struct ew_buf *b = &k->c->scratch;
	long units;

	b->len = 0;
	units = bx_utf8_to_utf16(b, utf8, strlen(utf8));
	if (units < 0 || units > 0xffff || !ew_buf_ok(b)) {
		k->err = 1;
		return;
	}
	c_u8(k, BX_VALUE);
	c_u8(k, VT_STRING);
	c_le16(k, (uint16_t)units);
	c_bytes(k, b->data, b->len);
}

/* The template body: fragment header, elements, end-of-file token. */
static void
put_body(struct cur *k, const struct bx_template *t)
{
	uint32_t size_at[MAX_DEPTH], attr_at[MAX_DEPTH];
	int depth = 0;
	size_t i;

	c_u8(k, BX_FRAGMENT);
	c_u8(k, 1);
	c_u8(k, 1);
	c_u8(k, 0);
	for (i = 0; i < t->nops && !k->ovf && !k->err; i++) {
		const struct bx_op *op = &t->ops[i];

		switch (op->kind) {
		case OP_OPEN:
			if (depth == MAX_DEPTH) {
				k->err = 1;
				return;
			}
			c_u8(k, (uint8_t)(BX_OPEN | (op->flag ? BX_MORE : 0)));
			c_le16(k, 0xffff);	/* dependency identifier: none */
			size_at[depth] = k->pos;
			c_le32(k, 0);
			put_name(k, op->name_id);
			attr_at[depth] = 0;
			if (op->flag) {
				attr_at[depth] = k->pos;
				c_le32(k, 0);
			}
			depth++;
			break;
		case OP_ATTR: {
			int more = i + 2 < t->nops && t->ops[i + 2].kind == OP_ATTR;

			c_u8(k, (uint8_t)(BX_ATTR | (more ? BX_MORE : 0)));
			put_name(k, op->name_id);
			break;
		}
		case OP_CLOSE_START:
		case OP_CLOSE_EMPTY:
			if (depth == 0) {
				k->err = 1;
				return;
			}
			if (attr_at[depth - 1] != 0)
				c_patch32(k, attr_at[depth - 1],
				    k->pos - attr_at[depth - 1] - 4);
			if (op->kind == OP_CLOSE_START) {
				c_u8(k, BX_CLOSE_START);
				break;
			}
			c_u8(k, BX_CLOSE_EMPTY);
			depth--;
			c_patch32(k, size_at[depth], k->pos - size_at[depth] - 4);
			break;
		case OP_END:
			if (depth == 0) {
				k->err = 1;
				return;
			}
			c_u8(k, BX_END);
			depth--;
			c_patch32(k, size_at[depth], k->pos - size_at[depth] - 4);
			break;
		case OP_TEXT:
			put_text(k, op->text);
			break;
		case OP_SUBST:
			c_u8(k, op->flag ? BX_OPTSUBST : BX_SUBST);
			c_le16(k, op->idx);
			c_u8(k, op->type);
			break;
		}
	}
	if (depth != 0 && !k->ovf)
		k->err = 1;	/* unbalanced template description */
	c_u8(k, BX_EOF);
}

static void put_instance(struct cur *k, const struct bx_template *t, int tid,
    const struct ew_ival *v, size_t n, int depth);

static void
put_values(struct cur *k, const struct ew_ival *v, size_t n, int depth)
{
	uint32_t desc = k->pos + 4;
	size_t i;

	c_le32(k, (uint32_t)n);
	for (i = 0; i < n; i++) {
		c_le16(k, (uint16_t)v[i].len);	/* patched for nested below */
		c_u8(k, v[i].type);
		c_u8(k, 0);
	}
	for (i = 0; i < n && !k->ovf && !k->err; i++) {
		if (v[i].type == VT_BINXML && v[i].nested != NULL) {
			uint32_t start = k->pos, len;

			c_u8(k, BX_FRAGMENT);
			c_u8(k, 1);
			c_u8(k, 1);
			c_u8(k, 0);
			put_instance(k, v[i].nested, v[i].nested_id,
			    v[i].nested_vals, v[i].nested_n, depth + 1);
			len = k->pos - start;
			if (len > 0xffff)
				k->err = 1;
			c_patch16(k, desc + 4 * (uint32_t)i, (uint16_t)len);
		} else {
			if (v[i].len > 0xffff) {
				k->err = 1;
				return;
			}
			c_bytes(k, v[i].p, v[i].len);
		}
	}
}

static void
put_instance(struct cur *k, const struct bx_template *t, int tid,
    const struct ew_ival *v, size_t n, int depth)
{
	struct ew_chunk *c = k->c;
	uint32_t ident = (uint32_t)t->guid[0] | (uint32_t)t->guid[1] << 8 |
	    (uint32_t)t->guid[2] << 16 | (uint32_t)t->guid[3] << 24;

	if (depth > 2 || tid < 0 ||
	    grow_u32(&c->tpl_off, &c->ntpl_off, (size_t)tid + 1) != 0) {
		k->err = 1;
		return;
	}
	c_u8(k, BX_TEMPLATE);
	c_u8(k, 1);
	c_le32(k, ident);
	if (c->tpl_off[tid] != 0) {
		c_le32(k, c->tpl_off[tid]);
	} else {
		uint32_t def = k->pos + 4, size_at, start;

		c_le32(k, def);
		c_le32(k, tpltab_get(c, ident % 32));	/* next definition */
		c_bytes(k, t->guid, 16);
		size_at = k->pos;
		c_le32(k, 0);
		start = k->pos;
		put_body(k, t);
		c_patch32(k, size_at, k->pos - start);
		if (k->ovf || k->err)
			return;
		tpltab_set(c, ident % 32, def);
		c->tpl_off[tid] = def;
	}
	put_values(k, v, n, depth);
}

int
ew_chunk_add(struct ew_chunk *c, uint64_t id, uint64_t ft,
    const struct bx_template *t, int tid, const struct ew_ival *v, size_t n)
{
	uint8_t tables[384];
	struct cur k = { c, c->pos, 0, 0 };
	uint32_t start = c->pos;
	size_t i;

	memcpy(tables, c->data + 128, sizeof(tables));
	c_le32(&k, 0x00002a2a);
	c_le32(&k, 0);
	c_le64(&k, id);
	c_le64(&k, ft);
	c_u8(&k, BX_FRAGMENT);
	c_u8(&k, 1);
	c_u8(&k, 1);
	c_u8(&k, 0);
	put_instance(&k, t, tid, v, n, 0);
	c_u8(&k, BX_EOF);
	/* Windows pads records to 8 bytes (seen in real logs). */
	while (!k.ovf && (k.pos - start + 4) % 8 != 0)
		c_u8(&k, 0);
	c_le32(&k, k.pos + 4 - start);
	c_patch32(&k, start + 4, k.pos - start);
	if (!k.ovf && !k.err) {
		if (c->nrec == 0)
			c->first_id = id;
		c->last_id = id;
		c->last_rec = start;
		c->nrec++;
		c->pos = k.pos;
		return 0;
	}
	/* Roll back: tables, and every name or template first written here. */
	memcpy(c->data + 128, tables, sizeof(tables));
	for (i = 0; i < c->nname_off; i++)
		if (c->name_off[i] >= start)
			c->name_off[i] = 0;
	for (i = 0; i < c->ntpl_off; i++)
		if (c->tpl_off[i] >= start)
			c->tpl_off[i] = 0;
	memset(c->data + start, 0, EW_CHUNK_SIZE - start);
	return k.err ? -1 : 1;
}

void
ew_chunk_finish(struct ew_chunk *c)
{
	uint8_t *h = c->data;
	uint32_t crc;

	memcpy(h, "ElfChnk", 8);
	/* Record numbers equal identifiers: the log was never cleared. */
	ew_le64(h + 8, c->first_id);
	ew_le64(h + 16, c->last_id);
	ew_le64(h + 24, c->first_id);
	ew_le64(h + 32, c->last_id);
	ew_le32(h + 40, 128);
	ew_le32(h + 44, c->last_rec);
	ew_le32(h + 48, c->pos);
	ew_le32(h + 52, ew_crc32(0, h + EW_CHUNK_HDR, c->pos - EW_CHUNK_HDR));
	ew_le32(h + 120, 0);
	crc = ew_crc32(0, h, 120);
	crc = ew_crc32(crc, h + 128, EW_CHUNK_HDR - 128);
	ew_le32(h + 124, crc);
}
