/*
 * hive-log.c - transaction logs applied to a hive, new format (HvLE)
 * and old (DIRT) (see hive-log.h for the formats).
 */
#include "compat.h"

#include <stdarg.h>

#include "bytes.h"
#include "hive-log.h"
#include "xalloc.h"

/* The seed Windows uses for the hashes of log entries. */
#define HVLE_SEED	0x82EF4D887A4E55C5ull
#define HVLE_HEADER	40	/* bytes before the dirty page references */
#define HIVE_PAGE	4096	/* dirty pages are whole hive pages */

/* Base block fields (offsets). */
#define BB_SEQ1		4
#define BB_SEQ2		8
#define BB_TYPE		28
#define BB_HBINS_SIZE	40
#define BB_CHECKSUM	508

/* One entry of one log that passed every check. */
struct entry {
	size_t log;		/* index in logs[] */
	size_t off;		/* in that log */
	uint32_t seq;
	uint32_t hbins_size;
	uint32_t npages;
};

static uint32_t
rotl32(uint32_t x, unsigned n)
{
	return (x << n) | (x >> (32 - n));
}

static void
marvin_block(uint32_t *lo, uint32_t *hi)
{
	*hi ^= *lo;
	*lo = rotl32(*lo, 20);
	*lo += *hi;
	*hi = rotl32(*hi, 9);
	*hi ^= *lo;
	*lo = rotl32(*lo, 27);
	*lo += *hi;
	*hi = rotl32(*hi, 19);
}

uint64_t
ct_marvin32(const uint8_t *p, size_t n, uint64_t seed)
{
	uint32_t lo = (uint32_t)seed, hi = (uint32_t)(seed >> 32), last;
	size_t i = 0;

	for (; n - i >= 4; i += 4) {
		lo += ct_le32(p + i);
		marvin_block(&lo, &hi);
	}
	/* The tail, padded with a 0x80 byte. */
	switch (n - i) {
	case 1: last = 0x8000u | p[i]; break;
	case 2: last = 0x800000u | p[i] | (uint32_t)p[i + 1] << 8; break;
	case 3: last = 0x80000000u | p[i] | (uint32_t)p[i + 1] << 8 |
	    (uint32_t)p[i + 2] << 16; break;
	default: last = 0x80u; break;
	}
	lo += last;
	marvin_block(&lo, &hi);
	marvin_block(&lo, &hi);
	return (uint64_t)hi << 32 | lo;
}

uint32_t
ct_hive_base_checksum(const uint8_t *base)
{
	uint32_t x = 0;
	size_t i;

	for (i = 0; i < BB_CHECKSUM; i += 4)
		x ^= ct_le32(base + i);
	/* Windows never stores these two: they mean "not computed". */
	if (x == 0)
		x = 1;
	else if (x == UINT32_MAX)
		x = UINT32_MAX - 1;
	return x;
}

static void CT_PRINTF(4, 5)
warnf(ct_hive_log_warn_fn warn, void *arg, int64_t off, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	if (warn == NULL)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	warn(arg, off, msg);
}

/*
 * The entry at off of log l, checked: 0 and *e filled, or -1 (what is
 * wrong already reported) when it is not a whole, valid entry. A clean
 * end of the log (zeros, or no room for a header) is -1 without a warning.
 */
static int
check_entry(const struct ct_hive_log *l, size_t li, size_t off,
    struct entry *e, ct_hive_log_warn_fn warn, void *arg)
{
	const uint8_t *p = l->data + off;
	size_t avail = l->size - off, refs_end, data_len = 0, i;
	uint32_t size, npages;

	if (avail < HVLE_HEADER || memcmp(p, "HvLE", 4) != 0) {
		/* Entries end where the signature stops: usually old bytes. */
		return -1;
	}
	size = ct_le32(p + 4);
	npages = ct_le32(p + 20);
	if (size < HVLE_HEADER || size % 512 != 0 || size > avail) {
		warnf(warn, arg, (int64_t)off, "%s: log entry at offset %zu has "
		    "size %" PRIu32 " (%zu bytes left in the log): not applied, "
		    "nor what follows", l->name, off, size, avail);
		return -1;
	}
	if (npages > (size - HVLE_HEADER) / 8) {
		warnf(warn, arg, (int64_t)off, "%s: log entry at offset %zu "
		    "lists %" PRIu32 " dirty pages, more than its %" PRIu32
		    " bytes hold: not applied, nor what follows", l->name, off,
		    npages, size);
		return -1;
	}
	refs_end = HVLE_HEADER + (size_t)npages * 8;
	for (i = 0; i < npages; i++) {
		uint32_t poff = ct_le32(p + HVLE_HEADER + 8 * i);
		uint32_t psize = ct_le32(p + HVLE_HEADER + 8 * i + 4);

		if (poff % HIVE_PAGE || psize == 0 || psize % HIVE_PAGE ||
		    (uint64_t)poff + psize > ct_le32(p + 16) ||
		    psize > size - refs_end - data_len) {
			warnf(warn, arg, (int64_t)(off + HVLE_HEADER + 8 * i),
			    "%s: log entry at offset %zu: dirty page %zu "
			    "(offset %" PRIu32 ", %" PRIu32 " bytes) is not a "
			    "whole page inside the entry and the hive: entry "
			    "not applied, nor what follows", l->name, off, i,
			    poff, psize);
			return -1;
		}
		data_len += psize;
	}
	if (ct_marvin32(p, 32, HVLE_SEED) != ct_le64(p + 32) ||
	    ct_marvin32(p + HVLE_HEADER, size - HVLE_HEADER, HVLE_SEED) !=
	    ct_le64(p + 24)) {
		warnf(warn, arg, (int64_t)off, "%s: log entry at offset %zu "
		    "(sequence %" PRIu32 ") fails its hash check: not applied, "
		    "nor what follows (it was not written whole)", l->name, off,
		    ct_le32(p + 12));
		return -1;
	}
	e->log = li;
	e->off = off;
	e->seq = ct_le32(p + 12);
	e->hbins_size = ct_le32(p + 16);
	e->npages = npages;
	return 0;
}

/* Every valid entry of log l, appended to *v. */
static void
collect(struct ct_hive_log *l, size_t li, struct entry **v, size_t *n,
    size_t *a, ct_hive_log_warn_fn warn, void *arg)
{
	size_t off = CT_HIVE_LOG_BASE_BLOCK;
	struct entry e;

	/* Windows keeps an empty (or zeroed) log until it needs one. */
	if (l->size == 0 || (l->size >= 4 && ct_le32(l->data) == 0 &&
	    l->size <= CT_HIVE_LOG_BASE_BLOCK))
		return;
	if (l->size < CT_HIVE_LOG_BASE_BLOCK || memcmp(l->data, "regf", 4)) {
		warnf(warn, arg, 0, "%s: not a registry transaction log (no "
		    "'regf' base block): not applied", l->name);
		return;
	}
	if (l->size >= CT_HIVE_LOG_BASE_BLOCK + 4 &&
	    memcmp(l->data + CT_HIVE_LOG_BASE_BLOCK, "DIRT", 4) == 0) {
		l->old_format = 1;	/* applied on its own: apply_dirt() */
		return;
	}
	if (ct_le32(l->data + BB_CHECKSUM) != ct_hive_base_checksum(l->data))
		warnf(warn, arg, BB_CHECKSUM, "%s: the log's base block "
		    "checksum does not match; its entries are checked one by "
		    "one", l->name);
	while (off < l->size && check_entry(l, li, off, &e, warn, arg) == 0) {
		if (*n == *a) {
			*a = *a ? 2 * *a : 16;
			*v = ct_xreallocarray(*v, *a, sizeof(**v));
		}
		(*v)[(*n)++] = e;
		off += ct_le32(l->data + off + 4);
	}
}

static int
by_seq(const void *a, const void *b)
{
	const struct entry *x = a, *y = b;

	if (x->seq != y->seq)
		return x->seq < y->seq ? -1 : 1;
	return x->log < y->log ? -1 : x->log > y->log;
}

/* Copy one entry's pages into the hive, growing it. 0, or -1 refused. */
static int
apply_entry(uint8_t **hive, size_t *size, size_t max,
    const struct ct_hive_log *l, const struct entry *e,
    ct_hive_log_warn_fn warn, void *arg)
{
	const uint8_t *p = l->data + e->off;
	size_t need = CT_HIVE_BASE_BLOCK + (size_t)e->hbins_size, i;
	size_t data = HVLE_HEADER + (size_t)e->npages * 8;

	if (need > max) {
		warnf(warn, arg, (int64_t)e->off, "%s: log entry %" PRIu32
		    " makes the hive %zu bytes, more than the %zu allowed: "
		    "not applied", l->name, e->seq, need, max);
		return -1;
	}
	if (need > *size) {
		*hive = ct_xrealloc(*hive, need);
		memset(*hive + *size, 0, need - *size);
		*size = need;
	}
	for (i = 0; i < e->npages; i++) {
		uint32_t poff = ct_le32(p + HVLE_HEADER + 8 * i);
		uint32_t psize = ct_le32(p + HVLE_HEADER + 8 * i + 4);

		/* check_entry() proved both ranges are inside. */
		memcpy(*hive + CT_HIVE_BASE_BLOCK + poff, p + data, psize);
		data += psize;
	}
	return 0;
}

/*
 * An old-format log (Windows XP to 8): its base block, then at 512 "DIRT"
 * and a bitmap with one bit per 512-byte page of the hive bins data (the
 * first bit the low bit of the first byte), then from the next 512-byte
 * boundary the dirty pages, one per set bit, in bit order. It applies when
 * it was written whole (its two sequence numbers equal, its checksum
 * right) and to this hive (the same last-written time). A page that
 * starts a hive bin must say so ("hbin" and its own offset): if one does
 * not, nothing is applied, as Windows aborts such a recovery.
 */
#define BB_TIMESTAMP	12
#define OLD_PAGE	512

static int
dirt_bit(const uint8_t *bitmap, size_t i)
{
	return (bitmap[i / 8] >> (i % 8)) & 1;
}

static int
apply_dirt(uint8_t **hive, size_t *size, size_t max, struct ct_hive_log *l,
    struct ct_hive_log_result *res, ct_hive_log_warn_fn warn, void *arg)
{
	const uint8_t *bb = l->data, *bitmap;
	uint32_t hbins = ct_le32(bb + BB_HBINS_SIZE), seq = ct_le32(bb + BB_SEQ1);
	size_t bits, bytes, pages_at, need, i, k, ndirty = 0;
	uint8_t *h;

	if (ct_le32(bb + BB_SEQ1) != ct_le32(bb + BB_SEQ2) ||
	    ct_le32(bb + BB_CHECKSUM) != ct_hive_base_checksum(bb)) {
		warnf(warn, arg, 0, "%s: old-format (DIRT) transaction log not "
		    "written whole (its sequence numbers %" PRIu32 " and %" PRIu32
		    " or its checksum disagree): not applied", l->name,
		    ct_le32(bb + BB_SEQ1), ct_le32(bb + BB_SEQ2));
		return 0;
	}
	if (memcmp(bb + BB_TIMESTAMP, *hive + BB_TIMESTAMP, 8) != 0) {
		warnf(warn, arg, BB_TIMESTAMP, "%s: old-format (DIRT) transaction "
		    "log of another write of the hive (its last-written time is "
		    "not the hive's): not applied", l->name);
		return 0;
	}
	if (hbins == 0 || hbins % OLD_PAGE != 0) {
		warnf(warn, arg, BB_HBINS_SIZE, "%s: old-format (DIRT) "
		    "transaction log with hive bins size %" PRIu32 ", not a "
		    "multiple of 512: not applied", l->name, hbins);
		return 0;
	}
	bits = hbins / OLD_PAGE;
	bytes = (bits + 7) / 8;
	if (l->size < CT_HIVE_LOG_BASE_BLOCK + 4 + bytes) {
		warnf(warn, arg, CT_HIVE_LOG_BASE_BLOCK, "%s: old-format (DIRT) "
		    "transaction log cut short: its dirty vector needs %zu "
		    "bytes: not applied", l->name, bytes);
		return 0;
	}
	bitmap = l->data + CT_HIVE_LOG_BASE_BLOCK + 4;
	pages_at = (CT_HIVE_LOG_BASE_BLOCK + 4 + bytes + OLD_PAGE - 1) /
	    OLD_PAGE * OLD_PAGE;
	for (i = 0; i < bits; i++)
		ndirty += (size_t)dirt_bit(bitmap, i);
	if (ndirty > (l->size - (pages_at < l->size ? pages_at : l->size)) /
	    OLD_PAGE) {
		warnf(warn, arg, (int64_t)pages_at, "%s: old-format (DIRT) "
		    "transaction log cut short: %zu dirty pages marked, fewer "
		    "stored: not applied", l->name, ndirty);
		return 0;
	}
	/* Check every page that starts a hive bin before writing any. */
	for (i = 0, k = 0; i < bits; i++) {
		const uint8_t *pg;

		if (!dirt_bit(bitmap, i))
			continue;
		pg = l->data + pages_at + OLD_PAGE * k++;
		if (memcmp(pg, "hbin", 4) == 0 &&
		    ct_le32(pg + 4) != (uint32_t)(OLD_PAGE * i)) {
			warnf(warn, arg, (int64_t)(pg - l->data), "%s: old-format "
			    "(DIRT) transaction log: the hive bin in its dirty "
			    "page for offset %zu says it is at %" PRIu32 ": not "
			    "applied", l->name, OLD_PAGE * i, ct_le32(pg + 4));
			return 0;
		}
	}
	need = CT_HIVE_BASE_BLOCK + (size_t)hbins;
	if (need > max) {
		warnf(warn, arg, BB_HBINS_SIZE, "%s: old-format (DIRT) transaction "
		    "log makes the hive %zu bytes, more than the %zu allowed: not "
		    "applied", l->name, need, max);
		return 0;
	}
	if (need > *size) {
		*hive = ct_xrealloc(*hive, need);
		memset(*hive + *size, 0, need - *size);
		*size = need;
	}
	h = *hive;
	for (i = 0, k = 0; i < bits; i++)
		if (dirt_bit(bitmap, i))
			memcpy(h + CT_HIVE_BASE_BLOCK + OLD_PAGE * i,
			    l->data + pages_at + OLD_PAGE * k++, OLD_PAGE);
	/* The hive's base block is the log's, as a primary file's. */
	memcpy(h, bb, CT_HIVE_LOG_BASE_BLOCK);
	ct_put_le32(h + BB_TYPE, 0);
	ct_put_le32(h + BB_CHECKSUM, ct_hive_base_checksum(h));
	l->entries = 1;
	l->pages = (unsigned)ndirty;
	l->first_seq = l->last_seq = seq;
	res->entries = 1;
	res->pages = (unsigned)ndirty;
	res->first_seq = res->last_seq = seq;
	return 1;
}

unsigned
ct_hive_log_apply(uint8_t **hive, size_t *size, size_t max,
    struct ct_hive_log *logs, size_t nlogs, struct ct_hive_log_result *res,
    ct_hive_log_warn_fn warn, void *arg)
{
	struct entry *v = NULL;
	size_t n = 0, a = 0, i;
	uint32_t expect, prev = 0, hbins_size = 0;
	int have_prev = 0;

	memset(res, 0, sizeof(*res));
	if (*size < CT_HIVE_BASE_BLOCK)
		return 0;
	for (i = 0; i < nlogs; i++) {
		logs[i].entries = logs[i].pages = 0;
		logs[i].first_seq = logs[i].last_seq = 0;
		logs[i].old_format = 0;
		collect(&logs[i], i, &v, &n, &a, warn, arg);
	}
	/*
	 * Old-format logs each hold the whole recovery: the first that
	 * applies to this hive is used (Windows XP to 8 switch logs only
	 * after a failed write). New-format entries are not mixed with them.
	 */
	for (i = 0; i < nlogs; i++)
		if (logs[i].old_format && apply_dirt(hive, size, max, &logs[i],
		    res, warn, arg)) {
			free(v);
			return res->entries;
		}
	if (n)
		qsort(v, n, sizeof(*v), by_seq);
	/*
	 * The hive holds everything up to its secondary sequence number; the
	 * next write Windows logged is that number (the primary's first one,
	 * which it bumped before writing).
	 */
	expect = ct_le32(*hive + BB_SEQ2);
	for (i = 0; i < n; i++) {
		struct ct_hive_log *l = &logs[v[i].log];

		if (have_prev && v[i].seq == prev)
			continue;	/* the same entry in both logs */
		if (v[i].seq < expect && !have_prev) {
			/* Older than the hive: already in it. */
			continue;
		}
		if (have_prev ? v[i].seq != prev + 1 : v[i].seq != expect &&
		    v[i].seq != expect + 1) {
			res->gaps++;
			warnf(warn, arg, (int64_t)v[i].off, "%s: sequence gap: "
			    "log entry %" PRIu32 " follows %s %" PRIu32 " (%"
			    PRIu32 " missing); applied anyway", l->name,
			    v[i].seq, have_prev ? "entry" : "the hive's "
			    "sequence number", have_prev ? prev : expect,
			    v[i].seq - (have_prev ? prev : expect) - 1);
		}
		if (apply_entry(hive, size, max, l, &v[i], warn, arg) != 0)
			break;
		prev = v[i].seq;
		hbins_size = v[i].hbins_size;
		have_prev = 1;
		res->entries++;
		res->pages += v[i].npages;
		if (res->first_seq == 0)
			res->first_seq = v[i].seq;
		res->last_seq = v[i].seq;
		l->entries++;
		l->pages += v[i].npages;
		if (l->first_seq == 0)
			l->first_seq = v[i].seq;
		l->last_seq = v[i].seq;
	}
	if (res->entries) {
		/* The hive now says what it holds: clean at the last entry. */
		uint8_t *bb = *hive;

		ct_put_le32(bb + BB_SEQ1, res->last_seq);
		ct_put_le32(bb + BB_SEQ2, res->last_seq);
		ct_put_le32(bb + BB_HBINS_SIZE, hbins_size);
		ct_put_le32(bb + BB_CHECKSUM, ct_hive_base_checksum(bb));
	}
	free(v);
	return res->entries;
}
