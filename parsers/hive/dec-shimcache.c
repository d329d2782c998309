/*
 * dec-shimcache.c - ShimCache (AppCompatCache): the programs the
 * application compatibility layer looked at, from the SYSTEM hive's
 * ControlSet*\Control\Session Manager\AppCompatCache\AppCompatCache value
 * (XP: ...\AppCompatibility\AppCompatCache).
 *
 * One artefact per cache entry, in the cache's order (position 0 is the
 * most recent). The time is the file's last-modified time as the cache
 * saw it, not an execution time. Layouts (libyal's "Windows Application
 * Compatibility Cache" notes, the AppCompatCacheParser test files):
 *
 *	XP 32-bit	0xDEADBEEF, 400-byte header, 96 slots of 552 bytes
 *	2003/Vista	0xBADC0FFE, 8-byte header, 24 or 32-byte entries
 *	7 / 2008 R2	0xBADC0FEE, 128-byte header, 32 or 48-byte entries
 *	8.0 / 8.1	128-byte header, entries signed "00ts" / "10ts"
 *	10 / 11		header size 0x30 or 0x34 in the first dword, "10ts"
 *
 * The 32/64-bit entries differ by a pointer: on 64-bit the dword after
 * the UNICODE_STRING lengths is alignment padding (0), on 32-bit it is the
 * path offset, which is never 0.
 */
#include "compat.h"

#include "artefact.h"
#include "bytes.h"
#include "casedb.h"
#include "dec-util.h"
#include "decoders.h"
#include "utf8.h"

#define XP_MAGIC	0xDEADBEEFu
#define VISTA_MAGIC	0xBADC0FFEu
#define WIN7_MAGIC	0xBADC0FEEu
#define XP_HEADER	400	/* magic, max, count, ?, 96-slot LRU list */
#define XP_SLOTS	96
#define XP_ENTRY	552	/* WCHAR[264] path, 3 x 8 bytes */
#define WIN7_HEADER	128
#define WIN8_HEADER	128

/* Insert flag 0x2: the entry was executed (Vista to 8.1). */
#define INSERT_EXECUTED	0x2

struct shim {
	struct ct_batch *b;
	const struct ct_reg_key_view *k;
	const struct ct_reg_value_view *v;
	const char *format;
	int64_t position;
};

/* One entry: path as UTF-16LE bytes, the rest as known (CT_NULL_INT not). */
static void
shim_emit(struct shim *s, const uint8_t *path, size_t path_bytes,
    int64_t mtime, int64_t size, int64_t executed, int64_t insert_flags,
    int64_t last_update)
{
	struct ct_artefact_row a;
	struct ct_buf p = CT_BUF_INIT, sum = CT_BUF_INIT;
	struct ct_dec_json j = CT_DEC_JSON_INIT;

	ct_utf8_from_utf16le(&p, path, path_bytes / 2, 1);
	ct_artefact_row_init(&a, "shimcache");
	a.path = p.buf;
	a.position = s->position++;
	a.size = size;
	a.executed = executed;
	if (mtime > 0)
		a.time = mtime;
	ct_dec_json_str(&j, "format", s->format);
	ct_dec_json_int(&j, "insert_flags", insert_flags);
	ct_dec_json_int(&j, "last_update", last_update);
	a.data = ct_dec_json_done(&j);
	ct_buf_addf(&sum, "ShimCache entry %" PRId64 ": %s", a.position, p.buf);
	if (executed == 1)
		ct_buf_adds(&sum, " (executed)");
	ct_reg_emit_artefact(s->b, s->k, &a, sum.buf,
	    "file last modified (ShimCache)");
	ct_dec_json_release(&j);
	ct_buf_release(&p);
	ct_buf_release(&sum);
}

static void
shim_xp(struct shim *s, const uint8_t *d, size_t n)
{
	uint32_t count = ct_le32(d + 8), i;
	size_t off;

	if (count > XP_SLOTS)
		ct_batch_warn(s->b, s->k->offset, "ShimCache (XP) in '%s': "
		    "%" PRIu32 " entries claimed, %d possible", s->k->path,
		    count, XP_SLOTS);
	/*
	 * Every slot, not the count: an entry may sit in any slot (the LRU
	 * list ranks them), and an empty slot has an empty path.
	 */
	for (i = 0; i < XP_SLOTS; i++) {
		off = XP_HEADER + (size_t)i * XP_ENTRY;
		if (!CT_FITS(n, off, XP_ENTRY)) {
			if (i < count)
				ct_batch_warn(s->b, s->k->offset, "ShimCache "
				    "(XP) in '%s': slot %" PRIu32 " at byte "
				    "%zu past the value's %zu bytes",
				    s->k->path, i, off, n);
			return;
		}
		if (ct_le16(d + off) == 0)
			continue;	/* an empty slot */
		shim_emit(s, d + off, 528, (int64_t)ct_le64(d + off + 528),
		    (int64_t)ct_le64(d + off + 536), CT_NULL_INT, CT_NULL_INT,
		    (int64_t)ct_le64(d + off + 544));
	}
}

/*
 * 2003/Vista and 7: a count, then fixed entries pointing at their paths
 * (offsets from the start of the value). win7 says which layout.
 */
static void
shim_fixed(struct shim *s, const uint8_t *d, size_t n, int win7)
{
	uint32_t count = ct_le32(d + 4), i;
	size_t header = win7 ? WIN7_HEADER : 8, esz, off;
	int wide;

	if (!CT_FITS(n, header, 8))
		return;
	wide = ct_le32(d + header + 4) == 0;
	esz = win7 ? (wide ? 48 : 32) : (wide ? 32 : 24);
	s->format = win7 ? (wide ? "win7-64" : "win7-32") :
	    (wide ? "vista-64" : "vista-32");
	for (i = 0; i < count; i++) {
		const uint8_t *e;
		uint16_t plen;
		uint64_t poff, tail;
		int64_t size = CT_NULL_INT, flags = CT_NULL_INT;
		int64_t ex = CT_NULL_INT;

		off = header + (size_t)i * esz;
		if (!CT_FITS(n, off, esz)) {
			ct_batch_warn(s->b, s->k->offset, "ShimCache (%s) in "
			    "'%s': %" PRIu32 " entries claimed, the value's "
			    "%zu bytes hold %" PRIu32, s->format, s->k->path,
			    count, n, i);
			return;
		}
		e = d + off;
		plen = ct_le16(e);
		poff = wide ? ct_le64(e + 8) : ct_le32(e + 4);
		e += wide ? 16 : 8;		/* the last-modified time */
		tail = ct_le64(e + 8);
		/*
		 * Vista: insert and shim flags; 2003: the file size. Flags
		 * are small numbers, sizes rarely are: the heuristic
		 * AppCompatCacheParser and regipy use too.
		 */
		if (win7 || ((tail >> 32) == 0 && (tail & 0xffffu) < 0x100)) {
			flags = (int64_t)(tail & 0xffffffffu);
			ex = (flags & INSERT_EXECUTED) != 0;
		} else {
			size = (int64_t)tail;
		}
		if (!CT_FITS(n, poff, plen)) {
			ct_batch_warn(s->b, s->k->offset, "ShimCache (%s) in "
			    "'%s': entry %" PRIu32 " path at %" PRIu64 " (%u "
			    "bytes) past the value's %zu bytes", s->format,
			    s->k->path, i, poff, plen, n);
			s->position++;
			continue;
		}
		shim_emit(s, d + poff, plen, (int64_t)ct_le64(e), size, ex,
		    flags, CT_NULL_INT);
	}
}

static int
all_zero(const uint8_t *p, size_t n)
{
	while (n > 0 && *p == 0) {
		p++;
		n--;
	}
	return n == 0;
}

/*
 * 8.0, 8.1, 10, 11: self-sized entries from header onwards, "00ts" or
 * "10ts", each: signature, 4 unknown bytes, the size of what follows,
 * then path length and path, (8.x only) package length and package,
 * insert and shim flags, then last-modified time and data.
 */
static void
shim_signed(struct shim *s, const uint8_t *d, size_t n, size_t header,
    int win8)
{
	size_t off = header;

	while (CT_FITS(n, off, 12)) {
		const uint8_t *e = d + off;
		uint32_t esz = ct_le32(e + 8);
		size_t q = 12, end;
		uint16_t plen;
		int64_t flags = CT_NULL_INT, ex = CT_NULL_INT, mtime = 0;

		if (all_zero(e, n - off))
			return;		/* the value's unused tail */
		if (memcmp(e, "10ts", 4) != 0 && memcmp(e, "00ts", 4) != 0) {
			ct_batch_warn(s->b, s->k->offset, "ShimCache (%s) "
			    "in '%s': no entry signature at byte %zu",
			    s->format, s->k->path, off);
			return;
		}
		if (!CT_FITS(n - off, 12, esz)) {
			ct_batch_warn(s->b, s->k->offset, "ShimCache (%s) in "
			    "'%s': entry at byte %zu claims %" PRIu32 " bytes, "
			    "past the value's %zu", s->format, s->k->path, off,
			    esz, n);
			return;
		}
		end = 12 + (size_t)esz;
		if (!CT_FITS(end, q, 2) || !CT_FITS(end, q + 2, ct_le16(e + q)))
			goto damaged;
		plen = ct_le16(e + q);
		q += 2 + plen;
		if (win8) {
			if (!CT_FITS(end, q, 2) ||
			    !CT_FITS(end, q + 2, ct_le16(e + q)))
				goto damaged;
			q += 2 + ct_le16(e + q);
			if (!CT_FITS(end, q, 8))
				goto damaged;
			flags = ct_le32(e + q);
			ex = (flags & INSERT_EXECUTED) != 0;
			q += 8;
		}
		if (!CT_FITS(end, q, 8))
			goto damaged;
		mtime = (int64_t)ct_le64(e + q);
		shim_emit(s, e + 14, plen, mtime, CT_NULL_INT, ex, flags,
		    CT_NULL_INT);
		off += end;
		continue;
damaged:
		ct_batch_warn(s->b, s->k->offset, "ShimCache (%s) in '%s': "
		    "entry at byte %zu: fields past its %" PRIu32 " bytes",
		    s->format, s->k->path, off, esz);
		s->position++;
		off += end;
	}
}

void
ct_dec_shimcache(const struct ct_reg_key_view *k, struct ct_batch *b)
{
	struct shim s;
	const uint8_t *d;
	size_t n;
	uint32_t magic;

	s.b = b;
	s.k = k;
	s.v = ct_reg_value(k, "AppCompatCache");
	s.position = 0;
	if (s.v == NULL || s.v->data == NULL)
		return;
	d = s.v->data;
	n = s.v->size;
	if (n < 16) {
		ct_batch_warn(b, k->offset, "ShimCache in '%s': %zu bytes, "
		    "too short for any layout", k->path, n);
		return;
	}
	magic = ct_le32(d);
	if (magic == XP_MAGIC) {
		s.format = "xp-32";
		shim_xp(&s, d, n);
	} else if (magic == VISTA_MAGIC) {
		shim_fixed(&s, d, n, 0);
	} else if (magic == WIN7_MAGIC) {
		shim_fixed(&s, d, n, 1);
	} else if ((magic == 0x30 || magic == 0x34) && CT_FITS(n, magic, 4) &&
	    memcmp(d + magic, "10ts", 4) == 0) {
		s.format = magic == 0x30 ? "win10" : "win10-creators";
		shim_signed(&s, d, n, magic, 0);
	} else if (CT_FITS(n, WIN8_HEADER, 4) &&
	    (memcmp(d + WIN8_HEADER, "00ts", 4) == 0 ||
	    memcmp(d + WIN8_HEADER, "10ts", 4) == 0)) {
		s.format = d[WIN8_HEADER] == '0' ? "win8.0" : "win8.1";
		shim_signed(&s, d, n, WIN8_HEADER, 1);
	} else {
		ct_batch_warn(b, k->offset, "ShimCache in '%s': unknown "
		    "layout (first dword 0x%08" PRIx32 ")", k->path, magic);
	}
}
