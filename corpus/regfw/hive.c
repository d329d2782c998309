/*
 * hive.c - keys, values, subkeys lists, security descriptors and the base
 * block of a REGF hive (see regfw.h for the contract, bins.c for cells).
 *
 * Field layouts are those of libyal's REGF documentation (nk, vk, sk, lf,
 * lh, li, ri, db) and of Suhanov's specification for the Windows 10 base
 * block fields; every structure is stored with the le.h helpers, never by
 * casting a struct onto the buffer.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bins.h"
#include "le.h"
#include "regfw.h"
#include "utf16.h"

#define NK_FIXED	76u	/* key node before its name */
#define VK_FIXED	20u	/* value key before its name */
#define SK_FIXED	20u	/* security key before its descriptor */
#define BIG_SEGMENT	16344u	/* CM_KEY_VALUE_BIG: larger data goes to db segments */
#define NONE		UINT32_MAX	/* an offset that points nowhere */

#define KEY_HIVE_ENTRY	0x0004
#define KEY_NO_DELETE	0x0008
#define KEY_COMP_NAME	0x0020
#define VALUE_COMP_NAME	0x0001

struct kid {			/* a closed subkey, as its parent's list needs it */
	uint32_t off;
	uint32_t hash;		/* lh */
	uint8_t hint[4];	/* lf: the first four characters */
	uint16_t *up;		/* upper-cased name, for sorting */
	size_t ulen;
};

struct key {			/* an open key */
	uint32_t off;		/* its nk cell */
	uint32_t parent;
	uint8_t *name;		/* as stored: Latin-1 bytes or UTF-16LE */
	uint16_t name_len;	/* bytes */
	int comp;
	int64_t time;
	uint32_t class_off;
	uint16_t class_len;
	int sd;
	uint32_t *vals;
	size_t nval, capval;
	struct kid *kids;
	size_t nkid, capkid;
	uint32_t max_name, max_class, max_vname, max_vdata;
};

struct sd {
	uint32_t off;
	uint32_t refs;
};

struct rf_hive {
	int fd;
	struct rf_bins b;
	struct rf_opts o;
	char *file_name;
	struct key *stack;
	size_t depth, cap;
	struct sd *sds;
	size_t nsd;
	uint32_t root_off;
	int root_done;
	char err[256];
};

static int
fail(struct rf_hive *h, const char *fmt, ...)
{
	va_list ap;

	if (h->err[0] == '\0') {
		va_start(ap, fmt);
		vsnprintf(h->err, sizeof(h->err), fmt, ap);
		va_end(ap);
	}
	return -1;
}

static int
bins_failed(struct rf_hive *h)
{
	if (h->b.err != 0)
		return fail(h, "cannot write the hive: %s", strerror(h->b.err));
	return fail(h, "hive too large for 32-bit cell offsets");
}

const char *
rf_error(const struct rf_hive *h)
{
	return h->err[0] ? h->err : "no error";
}

size_t
rf_depth(const struct rf_hive *h)
{
	return h->depth;
}

uint64_t
rf_size(const struct rf_hive *h)
{
	return rf_bins_size(&h->b);
}

struct rf_hive *
rf_open(const char *path, const struct rf_opts *opts, char *err, size_t errlen)
{
	struct rf_hive *h;
	int fd;

	if (opts->minor < 3 || opts->minor > 6 || opts->max_leaf < 2 ||
	    opts->max_leaf > 4096) {
		snprintf(err, errlen, "bad hive options");
		return NULL;
	}
	fd = open(path, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0) {
		snprintf(err, errlen, "cannot create '%s': %s", path, strerror(errno));
		return NULL;
	}
	h = calloc(1, sizeof(*h));
	if (h == NULL || (h->file_name = strdup(opts->file_name ? opts->file_name : "")) == NULL) {
		free(h);
		close(fd);
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	h->fd = fd;
	h->o = *opts;
	h->root_off = NONE;
	rf_bins_init(&h->b, fd, opts->written);
	/* The base block is written last, when the root and the size are
	 * known; reserve it so the bins land at 4096. */
	if (ftruncate(fd, RF_BLOCK) != 0) {
		snprintf(err, errlen, "cannot write '%s': %s", path, strerror(errno));
		rf_abort(h);
		return NULL;
	}
	return h;
}

static void
put_sid(uint8_t *p, uint8_t auth, const uint32_t *sub, uint8_t n)
{
	uint8_t i;

	p[0] = 1;
	p[1] = n;
	memset(p + 2, 0, 5);
	p[7] = auth;
	for (i = 0; i < n; i++)
		rf_le32(p + 8 + 4 * i, sub[i]);
}

size_t
rf_default_sd(uint8_t *buf, size_t cap)
{
	static const struct {
		uint8_t flags;
		uint32_t mask;
		uint8_t nsub;
		uint32_t sub[2];
	} ace[] = {
		{ 0x02, 0x000f003f, 1, { 18, 0 } },	/* SYSTEM: KEY_ALL_ACCESS, CI */
		{ 0x02, 0x000f003f, 2, { 32, 544 } },	/* Administrators */
		{ 0x02, 0x00020019, 2, { 32, 545 } },	/* Users: KEY_READ */
		{ 0x0a, 0x10000000, 1, { 0, 0 } },	/* CREATOR OWNER: GENERIC_ALL, CI|IO */
	};
	uint8_t sd[256];
	size_t n = 20, dacl, i;
	static const uint32_t ba[2] = { 32, 544 }, sy[1] = { 18 };

	memset(sd, 0, sizeof(sd));
	sd[0] = 1;				/* revision */
	rf_le16(sd + 2, 0x9404);		/* self-relative, DACL protected, auto-inherited, present */
	rf_le32(sd + 4, (uint32_t)n);		/* owner */
	put_sid(sd + n, 5, ba, 2);
	n += 16;
	rf_le32(sd + 8, (uint32_t)n);		/* group */
	put_sid(sd + n, 5, sy, 1);
	n += 12;
	dacl = n;
	rf_le32(sd + 16, (uint32_t)dacl);
	n += 8;
	for (i = 0; i < sizeof(ace) / sizeof(ace[0]); i++) {
		size_t len = 8 + 8 + 4 * (size_t)ace[i].nsub;

		sd[n] = 0;			/* ACCESS_ALLOWED_ACE_TYPE */
		sd[n + 1] = ace[i].flags;
		rf_le16(sd + n + 2, (uint16_t)len);
		rf_le32(sd + n + 4, ace[i].mask);
		put_sid(sd + n + 8, i == 3 ? 3 : 5, ace[i].sub, ace[i].nsub);
		n += len;
	}
	sd[dacl] = 2;				/* ACL_REVISION */
	rf_le16(sd + dacl + 2, (uint16_t)(n - dacl));
	rf_le16(sd + dacl + 4, (uint16_t)(sizeof(ace) / sizeof(ace[0])));
	if (n <= cap)
		memcpy(buf, sd, n);
	return n;
}

int
rf_add_sd(struct rf_hive *h, const uint8_t *sd, size_t len)
{
	struct sd *p;
	uint8_t *c;
	uint32_t off;

	if (len < 20 || len > 65536 || sd[0] != 1)
		return fail(h, "bad security descriptor (%zu bytes)", len);
	p = realloc(h->sds, (h->nsd + 1) * sizeof(*p));
	if (p == NULL)
		return fail(h, "out of memory");
	h->sds = p;
	off = rf_bins_alloc(&h->b, SK_FIXED + len, &c);
	if (off == NONE)
		return bins_failed(h);
	memcpy(c, "sk", 2);
	rf_le32(c + 16, (uint32_t)len);
	memcpy(c + SK_FIXED, sd, len);
	/* flink, blink and the reference count are set by rf_close() */
	h->sds[h->nsd].off = off;
	h->sds[h->nsd].refs = 0;
	return (int)h->nsd++;
}

/* Name as the format stores it: Latin-1 when every character is ASCII
 * (the "compressed" flag), UTF-16LE otherwise.  Returns its units. */
static uint8_t *
encode_name(const char *s, size_t *bytes, int *comp, size_t *nunits, uint16_t **units)
{
	size_t n, i;
	uint16_t *u = rf_utf16(s, strlen(s), &n);
	uint8_t *out;

	if (u == NULL)
		return NULL;
	*comp = 1;
	for (i = 0; i < n; i++)
		if (u[i] >= 0x80 || u[i] == 0)
			*comp = 0;
	out = malloc(n * 2 + 1);
	if (out == NULL) {
		free(u);
		return NULL;
	}
	for (i = 0; i < n; i++) {
		if (*comp)
			out[i] = (uint8_t)u[i];
		else
			rf_le16(out + 2 * i, u[i]);
	}
	*bytes = *comp ? n : 2 * n;
	*nunits = n;
	if (units)
		*units = u;
	else
		free(u);
	return out;
}

static void
free_key(struct key *k)
{
	size_t i;

	for (i = 0; i < k->nkid; i++)
		free(k->kids[i].up);
	free(k->kids);
	free(k->vals);
	free(k->name);
	memset(k, 0, sizeof(*k));
}

int
rf_key_begin(struct rf_hive *h, const char *name, int64_t time,
    const char *class_name, int sd)
{
	struct key *k, *parent = h->depth ? &h->stack[h->depth - 1] : NULL;
	size_t bytes, units, i;
	uint16_t *u = NULL;
	uint8_t *c;
	int comp;

	if (h->err[0])
		return -1;
	if (h->root_done)
		return fail(h, "key '%s' after the root was closed", name);
	if (parent == NULL && h->nsd == 0) {
		uint8_t def[256];
		size_t n = rf_default_sd(def, sizeof(def));

		if (rf_add_sd(h, def, n) < 0)
			return -1;
	}
	if (sd < 0)
		sd = parent ? parent->sd : 0;
	if ((size_t)sd >= h->nsd)
		return fail(h, "key '%s': no security descriptor %d", name, sd);
	if (h->depth == h->cap) {
		size_t cap = h->cap ? 2 * h->cap : 16;
		struct key *s = realloc(h->stack, cap * sizeof(*s));

		if (s == NULL)
			return fail(h, "out of memory");
		h->stack = s;
		h->cap = cap;
		parent = h->depth ? &h->stack[h->depth - 1] : NULL;
	}
	if (h->depth >= 512)
		return fail(h, "key '%s': more than 512 levels", name);
	c = encode_name(name, &bytes, &comp, &units, &u);
	if (c == NULL)
		return fail(h, "key name '%s': invalid UTF-8", name);
	if (units == 0 || units > 255 || strchr(name, '\\') != NULL) {
		free(c);
		free(u);
		return fail(h, "bad key name '%s' (1 to 255 characters, no backslash)", name);
	}
	k = &h->stack[h->depth];
	memset(k, 0, sizeof(*k));
	k->name = c;
	k->name_len = (uint16_t)bytes;
	k->comp = comp;
	k->time = time;
	k->sd = sd;
	k->parent = parent ? parent->off : 0;
	k->class_off = NONE;
	k->off = rf_bins_alloc(&h->b, NK_FIXED + bytes, &c);
	if (k->off == NONE) {
		free(u);
		free(k->name);
		return bins_failed(h);
	}
	if (class_name != NULL && class_name[0] != '\0') {
		size_t cu;
		uint16_t *cl = rf_utf16(class_name, strlen(class_name), &cu);

		if (cl == NULL || cu > 32767) {
			free(cl);
			free(u);
			free(k->name);
			return fail(h, "key '%s': bad class name", name);
		}
		k->class_len = (uint16_t)(2 * cu);
		k->class_off = rf_bins_alloc(&h->b, 2 * cu, &c);
		if (k->class_off == NONE) {
			free(cl);
			free(u);
			free(k->name);
			return bins_failed(h);
		}
		for (i = 0; i < cu; i++)
			rf_le16(c + 2 * i, cl[i]);
		free(cl);
	}
	h->sds[sd].refs++;
	if (parent != NULL) {
		struct kid *kd;

		if (parent->nkid == parent->capkid) {
			size_t cap = parent->capkid ? 2 * parent->capkid : 8;

			kd = realloc(parent->kids, cap * sizeof(*kd));
			if (kd == NULL) {
				free(u);
				free(k->name);
				return fail(h, "out of memory");
			}
			parent->kids = kd;
			parent->capkid = cap;
		}
		kd = &parent->kids[parent->nkid++];
		kd->off = k->off;
		kd->hash = rf_name_hash(u, units);
		for (i = 0; i < 4; i++)	/* lf hint: first four characters, 0-padded */
			kd->hint[i] = i < units ? (uint8_t)u[i] : 0;
		for (i = 0; i < units; i++)
			u[i] = rf_upcase(u[i]);
		kd->up = u;
		kd->ulen = units;
		u = NULL;
		if (2 * units > parent->max_name)
			parent->max_name = (uint32_t)(2 * units);
		if (k->class_len > parent->max_class)
			parent->max_class = k->class_len;
	} else {
		h->root_off = k->off;
	}
	free(u);
	h->depth++;
	return 0;
}

int
rf_value(struct rf_hive *h, const char *name, uint32_t type,
    const uint8_t *data, size_t len)
{
	struct key *k;
	size_t bytes, units;
	uint32_t size, where = 0, off;
	uint8_t *name_enc, *c;
	int comp;

	if (h->err[0])
		return -1;
	if (h->depth == 0)
		return fail(h, "value '%s' outside a key", name);
	k = &h->stack[h->depth - 1];
	if (len > 0x7fffffffu - 1)
		return fail(h, "value '%s': data too large", name);
	name_enc = encode_name(name, &bytes, &comp, &units, NULL);
	if (name_enc == NULL)
		return fail(h, "value name '%s': invalid UTF-8", name);
	if (units > 16383) {
		free(name_enc);
		return fail(h, "value name too long (%zu characters)", units);
	}
	size = (uint32_t)len;
	if (len <= 4) {
		/* Data of 4 bytes or less lives in the offset field. */
		uint8_t in[4] = { 0, 0, 0, 0 };

		if (len > 0)
			memcpy(in, data, len);
		where = rf_get32(in);
		size |= 0x80000000u;
	} else if (len > BIG_SEGMENT && h->o.minor >= 4) {
		size_t nseg = (len + BIG_SEGMENT - 1) / BIG_SEGMENT, i;
		uint32_t *seg = malloc(nseg * sizeof(*seg)), list;

		if (seg == NULL || nseg > 65535) {
			free(seg);
			free(name_enc);
			return fail(h, "value '%s': data too large", name);
		}
		for (i = 0; i < nseg; i++) {
			size_t n = len - i * BIG_SEGMENT < BIG_SEGMENT ?
			    len - i * BIG_SEGMENT : BIG_SEGMENT;

			/* Every segment gets a full 16,344-byte cell, the last
			 * one too (zero-padded), as Windows allocates them;
			 * libregf reads cell size - 8 bytes of each. */
			seg[i] = rf_bins_alloc(&h->b, BIG_SEGMENT, &c);
			if (seg[i] == NONE)
				break;
			memcpy(c, data + i * BIG_SEGMENT, n);
		}
		list = i == nseg ? rf_bins_alloc(&h->b, 4 * nseg, &c) : NONE;
		if (list != NONE) {
			for (i = 0; i < nseg; i++)
				rf_le32(c + 4 * i, seg[i]);
			where = rf_bins_alloc(&h->b, 12, &c);
			if (where != NONE) {
				memcpy(c, "db", 2);
				rf_le16(c + 2, (uint16_t)nseg);
				rf_le32(c + 4, list);
			}
		}
		free(seg);
		if (list == NONE || where == NONE) {
			free(name_enc);
			return bins_failed(h);
		}
	} else {
		where = rf_bins_alloc(&h->b, len, &c);
		if (where == NONE) {
			free(name_enc);
			return bins_failed(h);
		}
		memcpy(c, data, len);
	}
	off = rf_bins_alloc(&h->b, VK_FIXED + bytes, &c);
	if (off == NONE) {
		free(name_enc);
		return bins_failed(h);
	}
	memcpy(c, "vk", 2);
	rf_le16(c + 2, (uint16_t)bytes);
	rf_le32(c + 4, size);
	rf_le32(c + 8, where);
	rf_le32(c + 12, type);
	rf_le16(c + 16, comp && bytes > 0 ? VALUE_COMP_NAME : 0);
	memcpy(c + VK_FIXED, name_enc, bytes);
	free(name_enc);
	if (k->nval == k->capval) {
		size_t cap = k->capval ? 2 * k->capval : 8;
		uint32_t *v = realloc(k->vals, cap * sizeof(*v));

		if (v == NULL)
			return fail(h, "out of memory");
		k->vals = v;
		k->capval = cap;
	}
	k->vals[k->nval++] = off;
	if (2 * units > k->max_vname)
		k->max_vname = (uint32_t)(2 * units);
	if (len > k->max_vdata)
		k->max_vdata = (uint32_t)len;
	return 0;
}

static int
kid_cmp(const void *a, const void *b)
{
	const struct kid *x = a, *y = b;
	size_t i, n = x->ulen < y->ulen ? x->ulen : y->ulen;

	for (i = 0; i < n; i++)
		if (x->up[i] != y->up[i])
			return x->up[i] < y->up[i] ? -1 : 1;
	return x->ulen < y->ulen ? -1 : x->ulen > y->ulen;
}

/* One leaf of n subkeys; returns its offset. */
static uint32_t
write_leaf(struct rf_hive *h, const struct kid *kd, size_t n)
{
	enum rf_leaf kind = h->o.leaf;
	size_t each = kind == RF_LEAF_LI ? 4 : 8, i;
	uint8_t *c;
	uint32_t off = rf_bins_alloc(&h->b, 4 + each * n, &c);

	if (off == NONE)
		return NONE;
	memcpy(c, kind == RF_LEAF_LH ? "lh" : kind == RF_LEAF_LF ? "lf" : "li", 2);
	rf_le16(c + 2, (uint16_t)n);
	for (i = 0; i < n; i++) {
		rf_le32(c + 4 + each * i, kd[i].off);
		if (kind == RF_LEAF_LH)
			rf_le32(c + 8 + each * i, kd[i].hash);
		else if (kind == RF_LEAF_LF)
			memcpy(c + 8 + each * i, kd[i].hint, 4);
	}
	return off;
}

static int
write_subkeys(struct rf_hive *h, struct key *k, uint32_t *list)
{
	size_t nleaf, i, max = h->o.max_leaf;
	uint32_t *leaf;
	uint8_t *c;

	*list = NONE;
	if (k->nkid == 0)
		return 0;
	qsort(k->kids, k->nkid, sizeof(*k->kids), kid_cmp);
	for (i = 1; i < k->nkid; i++)
		if (kid_cmp(&k->kids[i - 1], &k->kids[i]) == 0)
			return fail(h, "two subkeys with the same name (ignoring case) in one key");
	if (k->nkid <= max) {
		*list = write_leaf(h, k->kids, k->nkid);
		return *list == NONE ? bins_failed(h) : 0;
	}
	nleaf = (k->nkid + max - 1) / max;
	if (nleaf > 65535)
		return fail(h, "too many subkeys (%zu)", k->nkid);
	leaf = malloc(nleaf * sizeof(*leaf));
	if (leaf == NULL)
		return fail(h, "out of memory");
	for (i = 0; i < nleaf; i++) {
		size_t n = k->nkid - i * max < max ? k->nkid - i * max : max;

		leaf[i] = write_leaf(h, k->kids + i * max, n);
		if (leaf[i] == NONE) {
			free(leaf);
			return bins_failed(h);
		}
	}
	*list = rf_bins_alloc(&h->b, 4 + 4 * nleaf, &c);
	if (*list == NONE) {
		free(leaf);
		return bins_failed(h);
	}
	memcpy(c, "ri", 2);
	rf_le16(c + 2, (uint16_t)nleaf);
	for (i = 0; i < nleaf; i++)
		rf_le32(c + 4 + 4 * i, leaf[i]);
	free(leaf);
	return 0;
}

int
rf_key_end(struct rf_hive *h)
{
	struct key *k;
	uint32_t sub, vals = NONE;
	uint8_t *c, *nk;
	size_t i, n;

	if (h->err[0])
		return -1;
	if (h->depth == 0)
		return fail(h, "no key to close");
	k = &h->stack[h->depth - 1];
	if (write_subkeys(h, k, &sub) != 0)
		return -1;
	if (k->nval > 0) {
		vals = rf_bins_alloc(&h->b, 4 * k->nval, &c);
		if (vals == NONE)
			return bins_failed(h);
		for (i = 0; i < k->nval; i++)
			rf_le32(c + 4 * i, k->vals[i]);
	}
	n = NK_FIXED + k->name_len;
	nk = calloc(1, n);
	if (nk == NULL)
		return fail(h, "out of memory");
	memcpy(nk, "nk", 2);
	rf_le16(nk + 2, (uint16_t)((k->comp ? KEY_COMP_NAME : 0) |
	    (h->depth == 1 ? KEY_HIVE_ENTRY | KEY_NO_DELETE : 0)));
	rf_le64(nk + 4, (uint64_t)k->time);
	rf_le32(nk + 16, k->parent);
	rf_le32(nk + 20, (uint32_t)k->nkid);
	rf_le32(nk + 28, sub);
	rf_le32(nk + 32, NONE);			/* volatile subkeys live in memory only */
	rf_le32(nk + 36, (uint32_t)k->nval);
	rf_le32(nk + 40, vals);
	rf_le32(nk + 44, h->sds[k->sd].off);
	rf_le32(nk + 48, k->class_off);
	rf_le32(nk + 52, k->max_name);
	rf_le32(nk + 56, k->max_class);
	rf_le32(nk + 60, k->max_vname);
	rf_le32(nk + 64, k->max_vdata);
	rf_le16(nk + 72, k->name_len);
	rf_le16(nk + 74, k->class_len);
	memcpy(nk + NK_FIXED, k->name, k->name_len);
	i = (size_t)rf_bins_patch(&h->b, k->off + 4, nk, n);
	free(nk);
	if (i != 0)
		return bins_failed(h);
	free_key(k);
	h->depth--;
	if (h->depth == 0)
		h->root_done = 1;
	return 0;
}

uint32_t
rf_header_checksum(const uint8_t *bb)
{
	uint32_t x = 0;
	size_t i;

	for (i = 0; i < 508; i += 4)
		x ^= rf_get32(bb + i);
	/* Windows never stores 0 or -1 (HvpHeaderCheckSum). */
	if (x == 0xffffffffu)
		x = 0xfffffffeu;
	else if (x == 0)
		x = 1;
	return x;
}

/* A GUID for the Windows 10 RmId/LogId/TmId fields: derived from the file
 * name and the time, so the same description gives the same bytes. */
static void
put_guid(uint8_t *p, const char *name, int64_t t, unsigned k)
{
	uint64_t x = UINT64_C(0xcbf29ce484222325) ^ (uint64_t)t;
	unsigned i;

	for (; *name; name++)
		x = (x ^ (uint8_t)*name) * UINT64_C(0x100000001b3);
	for (i = 0; i < 16; i += 8) {
		x = (x ^ (x >> 29)) * UINT64_C(0xbf58476d1ce4e5b9);
		rf_le64(p + i, x ^ (x >> 32));
	}
	p[7] = (uint8_t)((p[7] & 0x0f) | 0x10);	/* a time-based GUID, as Windows' */
	p[8] = (uint8_t)((p[8] & 0x3f) | 0x80);
	rf_le32(p, rf_get32(p) + k);
}

static int
write_base_block(struct rf_hive *h, uint32_t size)
{
	uint8_t bb[RF_BLOCK];
	size_t units, i, skip;
	uint16_t *u;
	ssize_t w;

	memset(bb, 0, sizeof(bb));
	memcpy(bb, "regf", 4);
	rf_le32(bb + 4, h->o.sequence);
	rf_le32(bb + 8, h->o.sequence);
	rf_le64(bb + 12, (uint64_t)h->o.written);
	rf_le32(bb + 20, 1);
	rf_le32(bb + 24, h->o.minor);
	rf_le32(bb + 28, 0);			/* primary file */
	rf_le32(bb + 32, 1);			/* direct memory load */
	rf_le32(bb + 36, h->root_off);
	rf_le32(bb + 40, size);
	rf_le32(bb + 44, 1);			/* clustering factor: 512-byte sectors */
	/* The name field keeps the last 31 characters and a NUL. */
	u = rf_utf16(h->file_name, strlen(h->file_name), &units);
	if (u == NULL)
		return fail(h, "bad file name '%s'", h->file_name);
	skip = units > 31 ? units - 31 : 0;
	for (i = skip; i < units; i++)
		rf_le16(bb + 48 + 2 * (i - skip), u[i]);
	free(u);
	put_guid(bb + 112, h->file_name, h->o.written, 0);	/* RmId */
	memcpy(bb + 128, bb + 112, 16);				/* LogId */
	put_guid(bb + 148, h->file_name, h->o.written, 1);	/* TmId */
	memcpy(bb + 164, "rmtm", 4);
	rf_le64(bb + 168, (uint64_t)h->o.reorganized);
	rf_le32(bb + 508, rf_header_checksum(bb));
	w = pwrite(h->fd, bb, sizeof(bb), 0);
	if (w != (ssize_t)sizeof(bb))
		return fail(h, "cannot write the base block: %s",
		    w < 0 ? strerror(errno) : "short write");
	return 0;
}

/* Security keys form a circular doubly linked list; each counts the keys
 * that use it. */
static int
link_sds(struct rf_hive *h)
{
	size_t i;
	uint8_t f[12];

	for (i = 0; i < h->nsd; i++) {
		rf_le32(f, h->sds[(i + 1) % h->nsd].off);
		rf_le32(f + 4, h->sds[(i + h->nsd - 1) % h->nsd].off);
		rf_le32(f + 8, h->sds[i].refs);
		if (rf_bins_patch(&h->b, h->sds[i].off + 8, f, sizeof(f)) != 0)
			return bins_failed(h);
	}
	return 0;
}

static void
release(struct rf_hive *h)
{
	while (h->depth > 0)
		free_key(&h->stack[--h->depth]);
	free(h->stack);
	free(h->sds);
	free(h->file_name);
	free(h->b.cur);
	if (h->fd >= 0)
		close(h->fd);
	free(h);
}

int
rf_close(struct rf_hive *h)
{
	uint32_t size;
	int rc = -1;

	while (h->err[0] == '\0' && h->depth > 0)
		rf_key_end(h);
	if (h->err[0] == '\0' && h->root_off == NONE)
		fail(h, "a hive needs a root key");
	if (h->err[0] == '\0' && link_sds(h) == 0) {
		size = rf_bins_finish(&h->b);
		if (size == NONE)
			bins_failed(h);
		else if (write_base_block(h, size) == 0)
			rc = 0;
	}
	if (rc == 0 && close(h->fd) != 0)
		rc = fail(h, "cannot close the hive: %s", strerror(errno));
	h->fd = -1;
	if (rc != 0)
		fprintf(stderr, "mkregf: %s\n", rf_error(h));
	release(h);
	return rc;
}

void
rf_abort(struct rf_hive *h)
{
	release(h);
}
