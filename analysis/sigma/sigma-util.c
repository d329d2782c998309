/*
 * sigma-util.c - small pieces the Sigma engine shares (sigma-int.h): an
 * arena allocator, length-preserving case folding, the table of field
 * names, base64 and UTF-16 encoding for the encoding modifiers.
 */
#include "compat.h"

#include "sigma-int.h"
#include "xalloc.h"

/* ---- arena ---- */

struct sg_block {
	struct sg_block *next;
	size_t used, size;
	max_align_t align[];	/* the data */
};

#define SG_BLOCK	(16u << 10)	/* bytes of a normal block */

void *
sg_alloc(struct sg_arena *a, size_t n)
{
	struct sg_block *b = a->head;
	size_t need = (n + 15) & ~(size_t)15;
	char *p;

	if (need < n)
		abort();	/* size overflow: a caller bug */
	if (!b || b->size - b->used < need) {
		size_t size = need > SG_BLOCK / 2 ? need : SG_BLOCK;

		b = ct_xmalloc(sizeof(*b) + size);
		b->size = size;
		b->used = 0;
		if (need > SG_BLOCK / 2 && a->head) {
			/* a big one: keep filling the current block after it */
			b->next = a->head->next;
			a->head->next = b;
		} else {
			b->next = a->head;
			a->head = b;
		}
	}
	p = (char *)b->align + b->used;
	b->used += need;
	a->total += need;
	memset(p, 0, n);
	return p;
}

char *
sg_strndup(struct sg_arena *a, const char *s, size_t n)
{
	char *p = sg_alloc(a, n + 1);

	if (n)
		memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

void
sg_arena_release(struct sg_arena *a)
{
	struct sg_block *b = a->head, *next;

	for (; b; b = next) {
		next = b->next;
		free(b);
	}
	a->head = NULL;
	a->total = 0;
}

/* ---- case folding ---- */

void
sg_lower(char *dst, const char *src, size_t n)
{
	const unsigned char *s = (const unsigned char *)src;
	unsigned char *d = (unsigned char *)dst;
	size_t i = 0;

	while (i < n) {
		/* eight ASCII bytes at a time: no byte >= 0x80 */
		while (i + 8 <= n) {
			uint64_t w, hi, up;

			memcpy(&w, s + i, 8);
			if (w & 0x8080808080808080ull)
				break;
			/* bytes in 'A'..'Z' get bit 5 set */
			hi = w + 0x3f3f3f3f3f3f3f3full;	/* >= 'A' sets bit 7 */
			up = w + 0x2525252525252525ull;	/* > 'Z' sets bit 7 */
			w |= ((hi & ~up) & 0x8080808080808080ull) >> 2;
			memcpy(d + i, &w, 8);
			i += 8;
		}
		if (i >= n)
			break;
		if (s[i] < 0x80) {
			d[i] = (s[i] >= 'A' && s[i] <= 'Z') ? s[i] + 32 : s[i];
			i++;
			continue;
		}
		if (i + 1 < n && (s[i + 1] & 0xc0) == 0x80) {
			unsigned c = ((s[i] & 0x1fu) << 6) | (s[i + 1] & 0x3fu);

			if ((s[i] & 0xe0) == 0xc0 && c >= 0x80) {
				unsigned l = c;

				if ((c >= 0xc0 && c <= 0xde && c != 0xd7) ||
				    (c >= 0x391 && c <= 0x3ab && c != 0x3a2) ||
				    (c >= 0x410 && c <= 0x42f))
					l = c + 32;
				else if (c >= 0x400 && c <= 0x40f)
					l = c + 80;
				d[i] = (unsigned char)(0xc0 | (l >> 6));
				d[i + 1] = (unsigned char)(0x80 | (l & 0x3f));
				i += 2;
				continue;
			}
		}
		d[i] = s[i];
		i++;
	}
}

uint32_t
sg_hash_lower(const char *s, size_t n)
{
	uint32_t h = 2166136261u;
	size_t i;

	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c >= 'A' && c <= 'Z')
			c += 32;
		h ^= c;
		h *= 16777619u;
	}
	return h;
}

/* ---- field names ---- */

static int
sym_equal(const struct sg_symtab *t, uint32_t id, const char *s, size_t n)
{
	const char *p = t->name[id];
	size_t i;

	if (t->len[id] != n)
		return 0;
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c >= 'A' && c <= 'Z')
			c += 32;
		if ((unsigned char)p[i] != c)
			return 0;
	}
	return 1;
}

uint32_t
sg_sym_find(const struct sg_symtab *t, const char *s, size_t n)
{
	uint32_t h, i, id;

	if (t->nslot == 0)
		return SG_NOSYM;
	h = sg_hash_lower(s, n);
	for (i = h & (t->nslot - 1); (id = t->slot[i]) != 0;
	    i = (i + 1) & (t->nslot - 1))
		if (sym_equal(t, id - 1, s, n))
			return id - 1;
	return SG_NOSYM;
}

uint32_t
sg_sym_intern(struct sg_symtab *t, const char *s, size_t n)
{
	uint32_t id = sg_sym_find(t, s, n), i;

	if (id != SG_NOSYM)
		return id;
	if ((t->n + 1) * 2 > t->nslot) {
		uint32_t ns = t->nslot ? t->nslot * 2 : 256, k;

		free(t->slot);
		t->slot = ct_xcalloc(ns, sizeof(*t->slot));
		t->nslot = ns;
		for (k = 0; k < t->n; k++) {
			uint32_t h = sg_hash_lower(t->name[k], t->len[k]);

			for (i = h & (ns - 1); t->slot[i]; i = (i + 1) & (ns - 1))
				;
			t->slot[i] = k + 1;
		}
	}
	if (t->n == t->cap) {
		t->cap = t->cap ? t->cap * 2 : 256;
		t->name = ct_xreallocarray(t->name, t->cap, sizeof(*t->name));
		t->len = ct_xreallocarray(t->len, t->cap, sizeof(*t->len));
	}
	id = t->n++;
	t->name[id] = ct_xmalloc(n + 1);
	for (i = 0; i < n; i++)		/* like the hash: ASCII folded only */
		if ((unsigned char)s[i] >= 'A' && (unsigned char)s[i] <= 'Z')
			t->name[id][i] = (char)(s[i] + 32);
		else
			t->name[id][i] = s[i];
	t->name[id][n] = '\0';
	t->len[id] = (uint32_t)n;
	for (i = sg_hash_lower(s, n) & (t->nslot - 1); t->slot[i];
	    i = (i + 1) & (t->nslot - 1))
		;
	t->slot[i] = id + 1;
	return id;
}

void
sg_symtab_release(struct sg_symtab *t)
{
	uint32_t i;

	for (i = 0; i < t->n; i++)
		free(t->name[i]);
	free(t->name);
	free(t->len);
	free(t->slot);
	memset(t, 0, sizeof(*t));
}

/* ---- encodings ---- */

void
sg_base64(struct ct_buf *out, const uint8_t *p, size_t n)
{
	static const char tab[] =
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	size_t i;

	for (i = 0; i + 2 < n; i += 3) {
		uint32_t v = (uint32_t)p[i] << 16 | (uint32_t)p[i + 1] << 8 |
		    p[i + 2];
		char q[4] = { tab[v >> 18], tab[(v >> 12) & 63],
		    tab[(v >> 6) & 63], tab[v & 63] };

		ct_buf_add(out, q, 4);
	}
	if (n - i == 1) {
		uint32_t v = (uint32_t)p[i] << 16;
		char q[4] = { tab[v >> 18], tab[(v >> 12) & 63], '=', '=' };

		ct_buf_add(out, q, 4);
	} else if (n - i == 2) {
		uint32_t v = (uint32_t)p[i] << 16 | (uint32_t)p[i + 1] << 8;
		char q[4] = { tab[v >> 18], tab[(v >> 12) & 63],
		    tab[(v >> 6) & 63], '=' };

		ct_buf_add(out, q, 4);
	}
}

static void
put16(struct ct_buf *out, unsigned u, int big)
{
	char b[2];

	b[big ? 1 : 0] = (char)(u & 0xff);
	b[big ? 0 : 1] = (char)(u >> 8);
	ct_buf_add(out, b, 2);
}

int
sg_utf16(struct ct_buf *out, const uint8_t *p, size_t n, int big)
{
	size_t i = 0;

	while (i < n) {
		unsigned c = p[i], need, k;

		if (c < 0x80) {
			need = 0;
		} else if ((c & 0xe0) == 0xc0) {
			need = 1;
			c &= 0x1f;
		} else if ((c & 0xf0) == 0xe0) {
			need = 2;
			c &= 0x0f;
		} else if ((c & 0xf8) == 0xf0) {
			need = 3;
			c &= 0x07;
		} else {
			return -1;
		}
		if (n - i - 1 < need)
			return -1;
		for (k = 1; k <= need; k++) {
			if ((p[i + k] & 0xc0) != 0x80)
				return -1;
			c = (c << 6) | (p[i + k] & 0x3fu);
		}
		if ((need == 1 && c < 0x80) || (need == 2 && c < 0x800) ||
		    (need == 3 && (c < 0x10000 || c > 0x10ffff)) ||
		    (c >= 0xd800 && c <= 0xdfff))
			return -1;	/* overlong, out of range, surrogate */
		if (c >= 0x10000) {
			c -= 0x10000;
			put16(out, 0xd800 | (c >> 10), big);
			put16(out, 0xdc00 | (c & 0x3ff), big);
		} else {
			put16(out, c, big);
		}
		i += need + 1;
	}
	return 0;
}
