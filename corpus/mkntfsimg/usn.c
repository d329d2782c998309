/* usn.c - USN_RECORD_V2/V3 encoder for the $UsnJrnl:$J stream (layout per the Windows SDK winioctl.h). */
#define _GNU_SOURCE
#include "usn.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PAGE 4096u

int usn_add(struct usn_log *log, int64_t time, uint64_t ref, uint64_t parent, uint32_t reason,
	    uint32_t attrs, const char *name, size_t owner)
{
	if (log->n == log->cap) {
		size_t cap = log->cap ? log->cap * 2 : 256;
		struct usn_event *n = realloc(log->ev, cap * sizeof(*n));
		if (!n)
			return -1;
		log->ev = n;
		log->cap = cap;
	}
	struct usn_event *e = &log->ev[log->n];
	e->time = time;
	e->ref = ref;
	e->parent = parent;
	e->reason = reason;
	e->attrs = attrs;
	e->name = strdup(name);
	e->order = log->n;
	e->owner = owner;
	e->usn = 0;
	if (!e->name)
		return -1;
	log->n++;
	return 0;
}

static int cmp_ev(const void *a, const void *b)
{
	const struct usn_event *x = a, *y = b;
	if (x->time != y->time)
		return x->time < y->time ? -1 : 1;
	return x->order < y->order ? -1 : x->order > y->order;
}

static void put16(unsigned char *p, uint16_t v)
{
	p[0] = (unsigned char)v;
	p[1] = (unsigned char)(v >> 8);
}

static void put32(unsigned char *p, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		p[i] = (unsigned char)(v >> (8 * i));
}

static void put64(unsigned char *p, uint64_t v)
{
	for (int i = 0; i < 8; i++)
		p[i] = (unsigned char)(v >> (8 * i));
}

/* UTF-8 -> UTF-16LE; returns the number of bytes written or -1. */
static int utf16le(const char *s, unsigned char *out, size_t cap)
{
	size_t n = 0;
	const unsigned char *p = (const unsigned char *)s;
	while (*p) {
		uint32_t cp;
		int extra;
		if (*p < 0x80)
			cp = *p, extra = 0;
		else if ((*p & 0xe0) == 0xc0)
			cp = *p & 0x1f, extra = 1;
		else if ((*p & 0xf0) == 0xe0)
			cp = *p & 0x0f, extra = 2;
		else if ((*p & 0xf8) == 0xf0)
			cp = *p & 0x07, extra = 3;
		else
			return -1;
		p++;
		for (int i = 0; i < extra; i++, p++) {
			if ((*p & 0xc0) != 0x80)
				return -1;
			cp = cp << 6 | (*p & 0x3f);
		}
		if (cp >= 0x10000) {
			if (n + 4 > cap)
				return -1;
			cp -= 0x10000;
			put16(out + n, (uint16_t)(0xd800 + (cp >> 10)));
			put16(out + n + 2, (uint16_t)(0xdc00 + (cp & 0x3ff)));
			n += 4;
		} else {
			if (n + 2 > cap)
				return -1;
			put16(out + n, (uint16_t)cp);
			n += 2;
		}
	}
	return (int)n;
}

int usn_encode(struct usn_log *log, uint64_t first_usn, int v3_every, unsigned char **buf, size_t *len)
{
	size_t cap = PAGE, off = 0;
	unsigned char *b = calloc(cap, 1);
	if (!b)
		return -1;
	qsort(log->ev, log->n, sizeof(*log->ev), cmp_ev);
	for (size_t i = 0; i < log->n; i++) {
		struct usn_event *e = &log->ev[i];
		unsigned char name[512];
		int nl = utf16le(e->name, name, sizeof(name));
		if (nl < 0) {
			fprintf(stderr, "mkntfsimg: USN: bad name \"%s\"\n", e->name);
			free(b);
			return -1;
		}
		int v3 = v3_every > 0 && (i % (size_t)v3_every) == (size_t)v3_every - 1;
		size_t hdr = v3 ? 76 : 60;
		size_t rl = (hdr + (size_t)nl + 7) & ~(size_t)7;
		if (off / PAGE != (off + rl - 1) / PAGE)
			off = (off + PAGE - 1) / PAGE * PAGE; /* records never straddle a page */
		while (off + rl > cap) {
			unsigned char *nb = realloc(b, cap * 2);
			if (!nb) {
				free(b);
				return -1;
			}
			memset(nb + cap, 0, cap);
			b = nb;
			cap *= 2;
		}
		unsigned char *r = b + off;
		put32(r, (uint32_t)rl);
		put16(r + 4, v3 ? 3 : 2);
		put16(r + 6, 0);
		size_t p = 8;
		if (v3) { /* FILE_ID_128: the 64-bit reference in the low half */
			put64(r + 8, e->ref);
			put64(r + 16, 0);
			put64(r + 24, e->parent);
			put64(r + 32, 0);
			p = 40;
		} else {
			put64(r + 8, e->ref);
			put64(r + 16, e->parent);
			p = 24;
		}
		e->usn = first_usn + off;
		put64(r + p, e->usn);              /* Usn */
		put64(r + p + 8, (uint64_t)e->time); /* TimeStamp */
		put32(r + p + 16, e->reason);
		put32(r + p + 20, 0);               /* SourceInfo */
		put32(r + p + 24, 0);               /* SecurityId */
		put32(r + p + 28, e->attrs);
		put16(r + p + 32, (uint16_t)nl);
		put16(r + p + 34, (uint16_t)hdr);   /* FileNameOffset */
		memcpy(r + hdr, name, (size_t)nl);
		off += rl;
	}
	*buf = b;
	*len = off;
	return 0;
}

void usn_max(unsigned char out[32], uint64_t max_size, uint64_t alloc_delta, uint64_t journal_id,
	     uint64_t lowest_valid_usn)
{
	put64(out, max_size);
	put64(out + 8, alloc_delta);
	put64(out + 16, journal_id);
	put64(out + 24, lowest_valid_usn);
}

void usn_free(struct usn_log *log)
{
	for (size_t i = 0; i < log->n; i++)
		free(log->ev[i].name);
	free(log->ev);
	memset(log, 0, sizeof(*log));
}
