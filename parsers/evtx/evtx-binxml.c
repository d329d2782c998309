/*
 * evtx-binxml.c - the native decoder of EVTX chunks and their binary XML.
 *
 * Format documentation followed: libyal/libevtx documentation "Windows XML
 * Event Log (EVTX) format" (chunk header, event record, binary XML tokens,
 * template definitions and instances, substitution arrays, value types)
 * and [MS-EVEN6] 3.1.4.7 BinXml. No XML text is rendered: the decoder
 * feeds the event builder (evtx-event.c) directly.
 *
 * Speed comes from the chunk being self-contained: element names and
 * template definitions live at offsets inside the 64 KiB chunk, so each is
 * decoded once per chunk and cached by offset. A template definition is
 * compiled into a flat list of operations (open, attribute, text,
 * substitution, close) that every record using it replays with its own
 * substitution values.
 *
 * Every offset, count and size comes from evidence: each is checked with
 * CT_FITS against the chunk before use, nesting is capped (EVTX_MAX_DEPTH,
 * EVTX_MAX_NEST), and a damaged record is reported to the caller, who
 * falls back to libevtx for it.
 */
#include "compat.h"

#include "bytes.h"
#include "evtx-int.h"
#include "timefmt.h"
#include "utf8.h"
#include "xalloc.h"

#define NAME_SLOTS	4096	/* open-addressing table of cached names */
#define TMPL_SLOTS	(EVTX_MAX_TEMPLATES * 2)
#define MAX_OPS		(1u << 20)	/* compiled operations per chunk */
/*
 * Operations replayed per record. A small record can instantiate a large
 * template many times through nested BinXml values; this bounds the work
 * (real records replay a few hundred).
 */
#define REPLAY_BUDGET	(1u << 22)

/* OP_CONTENT marks the end of an element's attributes (no output). */
enum op_kind { OP_OPEN, OP_CLOSE, OP_ATTR, OP_TEXT, OP_SUBST, OP_CONTENT };

struct op {
	uint8_t kind;
	uint8_t optional;	/* OP_SUBST: optional substitution */
	uint16_t id;		/* OP_SUBST: substitution index */
	uint32_t s, n;		/* OP_OPEN/ATTR/TEXT: string in c->strs */
};

struct name_slot {
	uint32_t key;		/* chunk offset + 1; 0 = empty */
	uint32_t s, n;
};

struct tmpl_slot {
	uint32_t key;		/* definition offset + 1; 0 = empty */
	int ok;
	size_t first, nops;
};

struct subst {
	uint32_t off;		/* chunk offset of the value */
	uint16_t size;
	uint8_t type;
};

struct evtx_chunk {
	const uint8_t *d;
	size_t len;
	struct name_slot names[NAME_SLOTS];
	struct tmpl_slot tmpls[TMPL_SLOTS];
	size_t ntmpls;
	struct ct_buf strs;	/* decoded names and literal text */
	struct op *ops;
	size_t nops, aops;
	struct subst *subs[EVTX_MAX_NEST + 1];
	size_t asubs[EVTX_MAX_NEST + 1];
	struct ct_buf val;	/* scratch: one formatted value */
	struct ct_buf attr;	/* scratch: one attribute value */
	int depth;		/* element depth while replaying */
	size_t budget;		/* operations left for the current record */
	const char *why;	/* first damage found in the current record */
};

struct evtx_chunk *
ct_evtx_chunk_new(void)
{
	struct evtx_chunk *c = ct_xcalloc(1, sizeof(*c));

	ct_buf_init(&c->strs, 16u << 20);
	ct_buf_init(&c->val, EVTX_MAX_FIELD_BYTES);
	ct_buf_init(&c->attr, EVTX_MAX_FIELD_BYTES);
	return c;
}

void
ct_evtx_chunk_free(struct evtx_chunk *c)
{
	int i;

	if (!c)
		return;
	ct_buf_release(&c->strs);
	ct_buf_release(&c->val);
	ct_buf_release(&c->attr);
	free(c->ops);
	for (i = 0; i <= EVTX_MAX_NEST; i++)
		free(c->subs[i]);
	free(c);
}

int
ct_evtx_chunk_check(const uint8_t *data, size_t len, const char **why)
{
	size_t i;

	if (len < EVTX_CHUNK_HEADER_SIZE) {
		*why = "chunk shorter than its header";
		return -1;
	}
	if (memcmp(data, "ElfChnk", 8) == 0)
		return 1;
	for (i = 0; i < len; i++)
		if (data[i])
			break;
	if (i == len)
		return 0;
	*why = "bad chunk signature";
	return -1;
}

void
ct_evtx_chunk_load(struct evtx_chunk *c, const uint8_t *data, size_t len)
{
	c->d = data;
	c->len = len;
	memset(c->names, 0, sizeof(c->names));
	memset(c->tmpls, 0, sizeof(c->tmpls));
	c->ntmpls = 0;
	ct_buf_reset(&c->strs);
	c->strs.truncated = 0;
	c->nops = 0;
}

size_t
ct_evtx_chunk_records_end(const struct evtx_chunk *c)
{
	uint32_t free_off;

	if (c->len < EVTX_CHUNK_HEADER_SIZE)
		return 0;
	free_off = ct_le32(c->d + 48);
	/*
	 * A dirty log may not have updated the free-space offset: then the
	 * record scan goes on to the chunk end and stops at the first slot
	 * without a record signature.
	 */
	if (free_off < EVTX_CHUNK_HEADER_SIZE || free_off > c->len)
		return c->len;
	return free_off;
}

static size_t fixed_size(uint8_t type);
static int fmt_scalar(struct evtx_chunk *c, struct ct_buf *b, uint8_t type,
    const uint8_t *p, size_t n);

static int
fail(struct evtx_chunk *c, const char *why)
{
	if (!c->why)
		c->why = why;
	return -1;
}

/*
 * The name (or entity / PI target) structure at chunk offset off: next
 * offset (4), hash (2), character count (2), UTF-16LE characters, NUL.
 * Sets *s, *n to its UTF-8 form in c->strs. Returns the structure's size in
 * the chunk, or 0 if it does not fit.
 */
static size_t
get_name(struct evtx_chunk *c, uint32_t off, uint32_t *s, uint32_t *n)
{
	uint32_t h = (off * 2654435761u) % NAME_SLOTS, i;
	uint16_t count;

	if (!CT_FITS(c->len, off, 8))
		return 0;
	count = ct_le16(c->d + off + 6);
	if (!CT_FITS(c->len, off + 8, (size_t)count * 2 + 2))
		return 0;
	for (i = 0; i < NAME_SLOTS; i++) {
		struct name_slot *sl = &c->names[(h + i) % NAME_SLOTS];

		if (sl->key == off + 1) {
			*s = sl->s;
			*n = sl->n;
			return 8 + (size_t)count * 2 + 2;
		}
		if (sl->key == 0) {
			size_t start = c->strs.len;

			ct_utf8_from_utf16le(&c->strs, c->d + off + 8, count, 1);
			if (c->strs.truncated)
				return 0;
			sl->key = off + 1;
			sl->s = (uint32_t)start;
			sl->n = (uint32_t)(c->strs.len - start);
			*s = sl->s;
			*n = sl->n;
			return 8 + (size_t)count * 2 + 2;
		}
	}
	/* Table full: decode without caching. */
	{
		size_t start = c->strs.len;

		ct_utf8_from_utf16le(&c->strs, c->d + off + 8, count, 1);
		if (c->strs.truncated)
			return 0;
		*s = (uint32_t)start;
		*n = (uint32_t)(c->strs.len - start);
	}
	return 8 + (size_t)count * 2 + 2;
}

static void
add_op(struct evtx_chunk *c, int kind, uint32_t s, uint32_t n, uint16_t id,
    int optional)
{
	struct op *o;

	if (c->nops == c->aops) {
		c->aops = c->aops ? c->aops * 2 : 1024;
		c->ops = ct_xreallocarray(c->ops, c->aops, sizeof(*c->ops));
	}
	o = &c->ops[c->nops++];
	o->kind = (uint8_t)kind;
	o->optional = (uint8_t)optional;
	o->id = id;
	o->s = s;
	o->n = n;
}

static int
add_text_op(struct evtx_chunk *c, const char *t, size_t n)
{
	size_t start = c->strs.len;

	ct_buf_add(&c->strs, t, n);
	if (c->strs.truncated)
		return -1;
	add_op(c, OP_TEXT, (uint32_t)start, (uint32_t)n, 0, 0);
	return 0;
}

/*
 * Read a name reference at pos (4-byte offset) and skip the name itself
 * when it is stored inline right after the reference. Returns the position
 * after both, or 0 on damage.
 */
static size_t
name_ref(struct evtx_chunk *c, size_t pos, size_t end, uint32_t *s,
    uint32_t *n)
{
	uint32_t off;
	size_t sz;

	if (!CT_FITS(end, pos, 4))
		return 0;
	off = ct_le32(c->d + pos);
	pos += 4;
	sz = get_name(c, off, s, n);
	if (!sz)
		return 0;
	if (off == pos) {
		if (!CT_FITS(end, pos, sz))
			return 0;
		pos += sz;
	} else if (off > pos) {
		/* A forward reference would point at data not yet written. */
		return 0;
	}
	return pos;
}

/*
 * Compile the binary XML in [pos, end) into operations (appended to
 * c->ops). Returns 0, or -1 on damage. Template instances are not allowed
 * here (they occur only at the top of a record or of a BinXml value).
 * Elements of a template definition carry a 2-byte dependency identifier
 * after the token; elements written in place (records exported without
 * templates, e.g. by EvtExportLog or event forwarding) do not.
 */
static int
compile(struct evtx_chunk *c, size_t pos, size_t end, int in_template)
{
	int depth = 0;

	while (pos < end) {
		uint8_t tok = c->d[pos];
		uint32_t s, n;

		if (c->nops >= MAX_OPS)
			return fail(c, "too many binary XML tokens in chunk");
		switch (tok & 0xbf) {
		case 0x00:	/* end of stream */
			return 0;
		case 0x0f:	/* fragment header */
			pos += 4;
			break;
		case 0x01: {	/* open start element */
			size_t dep = in_template ? 2 : 0;
			size_t hdr = 9 + dep + ((tok & 0x40) ? 4 : 0);

			if (!CT_FITS(end, pos, hdr))
				return fail(c, "truncated element");
			if (++depth > EVTX_MAX_DEPTH)
				return fail(c, "elements nested too deeply");
			pos = name_ref(c, pos + 5 + dep, end, &s, &n);
			if (!pos)
				return fail(c, "bad element name");
			if (tok & 0x40)
				pos += 4;
			add_op(c, OP_OPEN, s, n, 0, 0);
			break;
		}
		case 0x02:	/* close start element */
			add_op(c, OP_CONTENT, 0, 0, 0, 0);
			pos++;
			break;
		case 0x03:	/* close empty element */
		case 0x04:	/* end element */
			if (depth-- <= 0)
				return fail(c, "unbalanced end element");
			add_op(c, OP_CLOSE, 0, 0, 0, 0);
			pos++;
			break;
		case 0x05: {	/* value text */
			uint16_t cnt;
			size_t start, fs;

			if (!CT_FITS(end, pos, 2))
				return fail(c, "truncated value");
			if (c->d[pos + 1] != 0x01) {
				/* A fixed-size value written in place. */
				fs = fixed_size(c->d[pos + 1]);
				if (!fs || !CT_FITS(end, pos + 2, fs))
					return fail(c, "value token of an "
					    "unsupported type");
				start = c->strs.len;
				if (fmt_scalar(c, &c->strs, c->d[pos + 1],
				    c->d + pos + 2, fs) != 0 ||
				    c->strs.truncated)
					return fail(c, "bad value token");
				add_op(c, OP_TEXT, (uint32_t)start,
				    (uint32_t)(c->strs.len - start), 0, 0);
				pos += 2 + fs;
				break;
			}
			if (!CT_FITS(end, pos, 4))
				return fail(c, "truncated value");
			cnt = ct_le16(c->d + pos + 2);
			if (!CT_FITS(end, pos + 4, (size_t)cnt * 2))
				return fail(c, "truncated value text");
			start = c->strs.len;
			ct_utf8_from_utf16le(&c->strs, c->d + pos + 4, cnt, 0);
			if (c->strs.truncated)
				return fail(c, "chunk text too large");
			add_op(c, OP_TEXT, (uint32_t)start,
			    (uint32_t)(c->strs.len - start), 0, 0);
			pos += 4 + (size_t)cnt * 2;
			break;
		}
		case 0x06:	/* attribute */
			pos = name_ref(c, pos + 1, end, &s, &n);
			if (!pos)
				return fail(c, "bad attribute name");
			add_op(c, OP_ATTR, s, n, 0, 0);
			break;
		case 0x07: {	/* CDATA section */
			uint16_t cnt;
			size_t start;

			if (!CT_FITS(end, pos, 3))
				return fail(c, "truncated CDATA");
			cnt = ct_le16(c->d + pos + 1);
			if (!CT_FITS(end, pos + 3, (size_t)cnt * 2))
				return fail(c, "truncated CDATA");
			start = c->strs.len;
			ct_utf8_from_utf16le(&c->strs, c->d + pos + 3, cnt, 0);
			if (c->strs.truncated)
				return fail(c, "chunk text too large");
			add_op(c, OP_TEXT, (uint32_t)start,
			    (uint32_t)(c->strs.len - start), 0, 0);
			pos += 3 + (size_t)cnt * 2;
			break;
		}
		case 0x08: {	/* character reference */
			struct ct_buf tmp = CT_BUF_INIT;

			if (!CT_FITS(end, pos, 3))
				return fail(c, "truncated character reference");
			ct_utf8_put(&tmp, ct_le16(c->d + pos + 1));
			if (add_text_op(c, tmp.buf, tmp.len) != 0) {
				ct_buf_release(&tmp);
				return fail(c, "chunk text too large");
			}
			ct_buf_release(&tmp);
			pos += 3;
			break;
		}
		case 0x09: {	/* entity reference */
			static const char *const ent[][2] = {
				{ "amp", "&" }, { "lt", "<" }, { "gt", ">" },
				{ "quot", "\"" }, { "apos", "'" },
			};
			size_t k;
			const char *name;
			int done = 0;

			pos = name_ref(c, pos + 1, end, &s, &n);
			if (!pos)
				return fail(c, "bad entity reference");
			name = c->strs.buf + s;
			for (k = 0; k < CT_ARRAY_SIZE(ent); k++)
				if (strlen(ent[k][0]) == n &&
				    memcmp(name, ent[k][0], n) == 0) {
					if (add_text_op(c, ent[k][1], 1) != 0)
						return fail(c, "chunk text "
						    "too large");
					done = 1;
				}
			if (!done) {
				/* Unknown entity: keep it as written. */
				char *t = ct_xasprintf("&%.*s;", (int)n, name);

				if (add_text_op(c, t, strlen(t)) != 0) {
					free(t);
					return fail(c, "chunk text too large");
				}
				free(t);
			}
			break;
		}
		case 0x0a:	/* processing instruction target */
			pos = name_ref(c, pos + 1, end, &s, &n);
			if (!pos)
				return fail(c, "bad processing instruction");
			break;
		case 0x0b: {	/* processing instruction data */
			uint16_t cnt;

			if (!CT_FITS(end, pos, 3))
				return fail(c, "truncated processing "
				    "instruction");
			cnt = ct_le16(c->d + pos + 1);
			if (!CT_FITS(end, pos + 3, (size_t)cnt * 2))
				return fail(c, "truncated processing "
				    "instruction");
			pos += 3 + (size_t)cnt * 2;
			break;
		}
		case 0x0d:	/* normal substitution */
		case 0x0e:	/* optional substitution */
			if (!CT_FITS(end, pos, 4))
				return fail(c, "truncated substitution");
			add_op(c, OP_SUBST, 0, 0, ct_le16(c->d + pos + 1),
			    (tok & 0xbf) == 0x0e);
			pos += 4;
			break;
		default:
			return fail(c, "unknown binary XML token");
		}
	}
	/* A stream may end at its data size without an end token. */
	return 0;
}

/* The compiled template whose definition is at chunk offset def, or NULL. */
static struct tmpl_slot *
get_template(struct evtx_chunk *c, uint32_t def)
{
	uint32_t h = (def * 2654435761u) % TMPL_SLOTS, i;
	struct tmpl_slot *sl = NULL;
	uint32_t size;
	size_t first;

	for (i = 0; i < TMPL_SLOTS; i++) {
		sl = &c->tmpls[(h + i) % TMPL_SLOTS];
		if (sl->key == def + 1)
			return sl->ok ? sl : NULL;
		if (sl->key == 0)
			break;
	}
	if (i == TMPL_SLOTS || c->ntmpls >= EVTX_MAX_TEMPLATES) {
		fail(c, "too many templates in chunk");
		return NULL;
	}
	c->ntmpls++;
	sl->key = def + 1;
	sl->ok = 0;
	/* next template offset (4), GUID (16), data size (4), data */
	if (!CT_FITS(c->len, def, 24)) {
		fail(c, "template definition outside the chunk");
		return NULL;
	}
	size = ct_le32(c->d + def + 20);
	if (!CT_FITS(c->len, (size_t)def + 24, size)) {
		fail(c, "template definition larger than the chunk");
		return NULL;
	}
	first = c->nops;
	if (compile(c, (size_t)def + 24, (size_t)def + 24 + size, 1) != 0) {
		c->nops = first;
		return NULL;
	}
	sl->ok = 1;
	sl->first = first;
	sl->nops = c->nops - first;
	return sl;
}

/* Binary values and GUID bytes: upper case, as libevtx renders them. */
static void
hex_bytes(struct ct_buf *b, const uint8_t *p, size_t n)
{
	ct_buf_add_hex(b, p, n, 1);
}

/*
 * FILETIME as libevtx and Windows render it in XML: ISO 8601 with nine
 * fractional digits. timefmt gives the seven that FILETIME holds; the last
 * two are always zero.
 */
static void
fmt_filetime(struct ct_buf *b, uint64_t t)
{
	char iso[CT_TIME_ISO_LEN];

	if (t > (uint64_t)INT64_MAX) {
		ct_buf_addf(b, "0x%016" PRIx64, t);
		return;
	}
	ct_time_iso((int64_t)t, iso);
	if (strncmp(iso, "invalid", 7) == 0) {
		ct_buf_adds(b, iso);
		return;
	}
	ct_buf_add(b, iso, strlen(iso) - 1);
	ct_buf_adds(b, "00Z");
}

/* Format one scalar value of the given type (no array bit). */
static int
fmt_scalar(struct evtx_chunk *c, struct ct_buf *b, uint8_t type,
    const uint8_t *p, size_t n)
{
	switch (type) {
	case 0x00:
		return 0;
	case 0x01:
		ct_utf8_from_utf16le(b, p, n / 2, 1);
		return 0;
	case 0x02: {
		size_t k = 0;

		while (k < n && p[k])
			k++;
		ct_buf_add_utf8_clean(b, (const char *)p, k);
		return 0;
	}
	case 0x03:
		if (n < 1)
			break;
		ct_buf_add_i64(b, (int8_t)p[0]);
		return 0;
	case 0x04:
		if (n < 1)
			break;
		ct_buf_add_u64(b, p[0]);
		return 0;
	case 0x05:
		if (n < 2)
			break;
		ct_buf_add_i64(b, (int16_t)ct_le16(p));
		return 0;
	case 0x06:
		if (n < 2)
			break;
		ct_buf_add_u64(b, ct_le16(p));
		return 0;
	case 0x07:
		if (n < 4)
			break;
		ct_buf_add_i64(b, (int32_t)ct_le32(p));
		return 0;
	case 0x08:
		if (n < 4)
			break;
		ct_buf_add_u64(b, ct_le32(p));
		return 0;
	case 0x09:
		if (n < 8)
			break;
		ct_buf_add_i64(b, (int64_t)ct_le64(p));
		return 0;
	case 0x0a:
		if (n < 8)
			break;
		ct_buf_add_u64(b, ct_le64(p));
		return 0;
	case 0x0b: {
		uint32_t u;
		float f;

		if (n < 4)
			break;
		u = ct_le32(p);
		memcpy(&f, &u, sizeof(f));
		ct_buf_addf(b, "%.9g", (double)f);
		return 0;
	}
	case 0x0c: {
		uint64_t u;
		double f;

		if (n < 8)
			break;
		u = ct_le64(p);
		memcpy(&f, &u, sizeof(f));
		ct_buf_addf(b, "%.17g", f);
		return 0;
	}
	case 0x0d:
		if (n < 4)
			break;
		ct_buf_adds(b, ct_le32(p) ? "true" : "false");
		return 0;
	case 0x0e:
		hex_bytes(b, p, n);
		return 0;
	case 0x0f:
		if (n < 16)
			break;
		/* {%08X-%04X-%04X-, without printf: one in every record */
		ct_buf_addch(b, '{');
		ct_buf_add_hexnum(b, ct_le32(p), 8, 1);
		ct_buf_addch(b, '-');
		ct_buf_add_hexnum(b, ct_le16(p + 4), 4, 1);
		ct_buf_addch(b, '-');
		ct_buf_add_hexnum(b, ct_le16(p + 6), 4, 1);
		ct_buf_addch(b, '-');
		hex_bytes(b, p + 8, 2);
		ct_buf_addch(b, '-');
		hex_bytes(b, p + 10, 6);
		ct_buf_addch(b, '}');
		return 0;
	case 0x10:
		if (n != 4 && n != 8)
			break;
		ct_buf_adds(b, "0x");
		ct_buf_add_hexnum(b, n == 4 ? ct_le32(p) : ct_le64(p),
		    (int)n * 2, 0);
		return 0;
	case 0x11:
		if (n < 8)
			break;
		fmt_filetime(b, ct_le64(p));
		return 0;
	case 0x12:
		if (n < 16)
			break;
		ct_buf_addf(b, "%04u-%02u-%02uT%02u:%02u:%02u.%03u000000Z",
		    (unsigned)ct_le16(p), (unsigned)ct_le16(p + 2),
		    (unsigned)ct_le16(p + 6), (unsigned)ct_le16(p + 8),
		    (unsigned)ct_le16(p + 10), (unsigned)ct_le16(p + 12),
		    (unsigned)ct_le16(p + 14));
		return 0;
	case 0x13: {
		unsigned k, cnt;
		uint64_t auth = 0;

		if (n < 8)
			break;
		cnt = p[1];
		if ((size_t)8 + (size_t)cnt * 4 > n)
			break;
		for (k = 2; k < 8; k++)
			auth = auth << 8 | p[k];
		ct_buf_adds(b, "S-");
		ct_buf_add_u64(b, p[0]);
		ct_buf_addch(b, '-');
		ct_buf_add_u64(b, auth);
		for (k = 0; k < cnt; k++) {
			ct_buf_addch(b, '-');
			ct_buf_add_u64(b, ct_le32(p + 8 + 4 * k));
		}
		return 0;
	}
	case 0x14:
		if (n < 4)
			break;
		ct_buf_adds(b, "0x");
		ct_buf_add_hexnum(b, ct_le32(p), 8, 0);
		return 0;
	case 0x15:
		if (n < 8)
			break;
		ct_buf_adds(b, "0x");
		ct_buf_add_hexnum(b, ct_le64(p), 16, 0);
		return 0;
	default:
		/* Unknown type: keep the bytes. */
		hex_bytes(b, p, n);
		return 0;
	}
	(void)c;
	return -1;
}

/* Size of one element of a fixed-size array type, 0 for variable. */
static size_t
fixed_size(uint8_t type)
{
	switch (type) {
	case 0x03: case 0x04: return 1;
	case 0x05: case 0x06: return 2;
	case 0x07: case 0x08: case 0x0b: case 0x0d: case 0x14: return 4;
	case 0x09: case 0x0a: case 0x0c: case 0x11: case 0x15: return 8;
	case 0x0f: case 0x12: return 16;
	default: return 0;
	}
}

/*
 * Item k of an array value: sets *p, *n. Returns 0, or -1 past the last.
 * String arrays are NUL-separated UTF-16LE; others have fixed-size items.
 */
static int
array_item(uint8_t type, const uint8_t *v, size_t len, size_t k,
    const uint8_t **p, size_t *n)
{
	uint8_t base = type & 0x7f;
	size_t i, start = 0, idx = 0, item;

	if (base == 0x01) {
		for (i = 0; i + 1 < len; i += 2) {
			if (v[i] == 0 && v[i + 1] == 0) {
				if (idx == k) {
					*p = v + start;
					*n = i - start;
					return 0;
				}
				idx++;
				start = i + 2;
			}
		}
		if (start + 1 < len && idx == k) {
			*p = v + start;
			*n = len - start;
			return 0;
		}
		return -1;
	}
	item = fixed_size(base);
	if (!item) {
		if (k)
			return -1;
		*p = v;
		*n = len;
		return 0;
	}
	if (k >= len / item)
		return -1;
	*p = v + k * item;
	*n = item;
	return 0;
}

/* Format a scalar substitution value (or a whole array, joined) into b. */
static int
fmt_value(struct evtx_chunk *c, struct ct_buf *b, uint8_t type,
    const uint8_t *p, size_t n)
{
	size_t k;
	const uint8_t *ip;
	size_t in;

	if (!(type & 0x80))
		return fmt_scalar(c, b, type, p, n);
	for (k = 0; array_item(type, p, n, k, &ip, &in) == 0; k++) {
		if (k)
			ct_buf_adds(b, ", ");
		if (fmt_scalar(c, b, (type & 0x7f) == 0x01 || fixed_size(type &
		    0x7f) ? type & 0x7f : 0x0e, ip, in) != 0)
			return -1;
	}
	return 0;
}

static int decode_stream(struct evtx_chunk *c, struct evtx_event *ev,
    size_t pos, size_t end, int nest);

/* Replay operations [first, first + nops) with substitutions subs. */
static int
replay(struct evtx_chunk *c, struct evtx_event *ev, size_t first,
    size_t nops, const struct subst *subs, size_t nsubs, int nest)
{
	size_t i, stack[EVTX_MAX_DEPTH + 1];
	int sp = 0;

	for (i = first; i < first + nops; i++) {
		struct op o = c->ops[i];

		if (c->budget-- == 0)
			return fail(c, "record too complex (replay budget)");
		switch (o.kind) {
		case OP_OPEN: {
			size_t j = i + 1;

			if (++c->depth > EVTX_MAX_DEPTH)
				return fail(c, "elements nested too deeply");
			/*
			 * An element whose only content is an optional
			 * substitution without a value is left out, as
			 * Windows and libevtx render it.
			 */
			while (j < first + nops && c->ops[j].kind == OP_ATTR) {
				j++;
				while (j < first + nops && (c->ops[j].kind ==
				    OP_TEXT || c->ops[j].kind == OP_SUBST))
					j++;
			}
			if (j + 2 < first + nops &&
			    c->ops[j].kind == OP_CONTENT &&
			    c->ops[j + 1].kind == OP_SUBST &&
			    c->ops[j + 1].optional &&
			    c->ops[j + 2].kind == OP_CLOSE &&
			    (c->ops[j + 1].id >= nsubs ||
			    subs[c->ops[j + 1].id].type == 0 ||
			    subs[c->ops[j + 1].id].size == 0)) {
				c->depth--;
				i = j + 2;
				break;
			}
			if (sp < EVTX_MAX_DEPTH)
				stack[sp++] = i;
			ct_evtx_ev_open(ev, c->strs.buf + o.s, o.n);
			break;
		}
		case OP_CLOSE:
			if (c->depth > 0) {
				c->depth--;
				if (sp > 0)
					sp--;
				ct_evtx_ev_close(ev);
			}
			break;
		case OP_TEXT:
			ct_evtx_ev_text(ev, c->strs.buf + o.s, o.n);
			break;
		case OP_CONTENT:
			break;
		case OP_ATTR: {
			size_t j = i + 1;
			int any = 0;

			ct_buf_reset(&c->attr);
			for (; j < first + nops; j++) {
				struct op v = c->ops[j];

				if (v.kind == OP_TEXT) {
					ct_buf_add(&c->attr, c->strs.buf + v.s,
					    v.n);
					any = 1;
				} else if (v.kind == OP_SUBST) {
					const struct subst *sb;

					if (v.id >= nsubs)
						continue;
					sb = &subs[v.id];
					if (sb->type == 0 || sb->size == 0 ||
					    sb->type == 0x21)
						continue;
					if (fmt_value(c, &c->attr, sb->type,
					    c->d + sb->off, sb->size) != 0)
						return fail(c, "bad attribute "
						    "value");
					any = 1;
				} else {
					break;
				}
			}
			/* An attribute with no value is left out. */
			if (any)
				ct_evtx_ev_attr(ev, c->strs.buf + o.s, o.n,
				    c->attr.buf, c->attr.len);
			i = j - 1;
			break;
		}
		case OP_SUBST: {
			const struct subst *sb;

			if (o.id >= nsubs)
				break;
			sb = &subs[o.id];
			if (sb->type == 0 || sb->size == 0)
				break;
			if (sb->type == 0x21) {
				if (nest >= EVTX_MAX_NEST)
					return fail(c, "BinXml values nested "
					    "too deeply");
				if (decode_stream(c, ev, sb->off, (size_t)sb->off +
				    sb->size, nest + 1) != 0)
					return -1;
				break;
			}
			if ((sb->type & 0x80) && sp > 0) {
				/*
				 * An array fills one element per item: the
				 * element is closed and opened again with
				 * its attributes (libevtx renders it so).
				 */
				const uint8_t *ip;
				size_t in, k, a;

				for (k = 0; array_item(sb->type, c->d +
				    sb->off, sb->size, k, &ip, &in) == 0; k++) {
					if (k) {
						size_t oi = stack[sp - 1];

						ct_evtx_ev_close(ev);
						ct_evtx_ev_open(ev, c->strs.buf +
						    c->ops[oi].s,
						    c->ops[oi].n);
						for (a = oi + 1; a < i &&
						    c->ops[a].kind != OP_CONTENT;
						    a++)
							if (c->ops[a].kind ==
							    OP_ATTR &&
							    c->ops[a + 1].kind ==
							    OP_TEXT)
								ct_evtx_ev_attr(ev,
								    c->strs.buf +
								    c->ops[a].s,
								    c->ops[a].n,
								    c->strs.buf +
								    c->ops[a + 1].s,
								    c->ops[a + 1].n);
					}
					ct_buf_reset(&c->val);
					if (fmt_scalar(c, &c->val, (sb->type &
					    0x7f) == 0x01 || fixed_size(sb->type &
					    0x7f) ? sb->type & 0x7f : 0x0e, ip,
					    in) != 0)
						return fail(c, "bad array value");
					ct_evtx_ev_text(ev, c->val.buf, c->val.len);
				}
				break;
			}
			ct_buf_reset(&c->val);
			if (fmt_value(c, &c->val, sb->type, c->d + sb->off,
			    sb->size) != 0)
				return fail(c, "bad substitution value");
			ct_evtx_ev_text(ev, c->val.buf, c->val.len);
			break;
		}
		}
	}
	return 0;
}

/* A template instance at pos; *next gets the position after its values. */
static int
template_instance(struct evtx_chunk *c, struct evtx_event *ev, size_t pos,
    size_t end, int nest, size_t *next)
{
	uint32_t def, count, k;
	size_t p, voff;
	struct tmpl_slot *t;
	struct subst *subs;
	size_t first, nops;

	if (!CT_FITS(end, pos, 10))
		return fail(c, "truncated template instance");
	def = ct_le32(c->d + pos + 6);
	p = pos + 10;
	if (def == p) {
		uint32_t size;

		/* The definition is stored inline: skip it. */
		if (!CT_FITS(end, p, 24))
			return fail(c, "truncated template definition");
		size = ct_le32(c->d + p + 20);
		if (!CT_FITS(end, p + 24, size))
			return fail(c, "truncated template definition");
		p += 24 + size;
	} else if (def > p) {
		return fail(c, "template reference points forward");
	}
	t = get_template(c, def);
	if (!t)
		return fail(c, "bad template definition");
	first = t->first;
	nops = t->nops;
	if (!CT_FITS(end, p, 4))
		return fail(c, "truncated substitution array");
	count = ct_le32(c->d + p);
	p += 4;
	if ((end - p) / 4 < count)
		return fail(c, "substitution count larger than the record");
	if (c->asubs[nest] < count) {
		c->asubs[nest] = count + 16;
		c->subs[nest] = ct_xreallocarray(c->subs[nest], c->asubs[nest],
		    sizeof(struct subst));
	}
	subs = c->subs[nest];
	voff = p + (size_t)count * 4;
	for (k = 0; k < count; k++) {
		uint16_t sz = ct_le16(c->d + p + 4 * k);

		if (!CT_FITS(end, voff, sz))
			return fail(c, "substitution value beyond the record");
		subs[k].off = (uint32_t)voff;
		subs[k].size = sz;
		subs[k].type = c->d[p + 4 * k + 2];
		voff += sz;
	}
	*next = voff;
	return replay(c, ev, first, nops, subs, count, nest);
}

/*
 * Decode a binary XML stream (a record's, or a BinXml value's): fragment
 * headers, template instances, or plain elements.
 */
static int
decode_stream(struct evtx_chunk *c, struct evtx_event *ev, size_t pos,
    size_t end, int nest)
{
	while (pos < end) {
		uint8_t tok = c->d[pos];

		if (tok == 0x0f) {
			pos += 4;
		} else if (tok == 0x0c) {
			size_t next;

			if (template_instance(c, ev, pos, end, nest, &next)
			    != 0)
				return -1;
			pos = next;
		} else if (tok == 0x00) {
			return 0;
		} else {
			/* Elements without a template: compile and replay. */
			size_t first = c->nops;
			int rc;

			if (compile(c, pos, end, 0) != 0)
				return -1;
			rc = replay(c, ev, first, c->nops - first, NULL, 0,
			    nest);
			c->nops = first;
			return rc;
		}
	}
	return 0;
}

/* Decode the record whose valid header of size sz is at chunk offset off. */
static int
decode_record(struct evtx_chunk *c, size_t off, uint32_t sz,
    struct evtx_event *ev, const char **why)
{
	ct_evtx_event_reset(ev);
	ev->record_number = (int64_t)ct_le64(c->d + off + 8);
	ev->written = (int64_t)ct_le64(c->d + off + 16);
	c->why = NULL;
	c->depth = 0;
	c->budget = REPLAY_BUDGET;
	if (decode_stream(c, ev, off + EVTX_RECORD_HEADER_SIZE, off + sz - 4,
	    0) != 0 || c->depth != 0) {
		*why = c->why ? c->why : "unbalanced elements";
		ct_evtx_ev_finish(ev);
		return -1;
	}
	ct_evtx_ev_finish(ev);
	/* A record without System/EventID is not a record we can use. */
	if (ev->event_id == CT_NULL_INT) {
		*why = "no System/EventID";
		return -1;
	}
	return 1;
}

int
ct_evtx_chunk_record(struct evtx_chunk *c, size_t off, struct evtx_event *ev,
    uint32_t *size, const char **why)
{
	size_t end = ct_evtx_chunk_records_end(c);
	uint32_t sz;

	*why = NULL;
	if (!CT_FITS(end, off, EVTX_RECORD_HEADER_SIZE) ||
	    memcmp(c->d + off, "\x2a\x2a\x00\x00", 4) != 0)
		return 0;
	sz = ct_le32(c->d + off + 4);
	if (sz < EVTX_RECORD_HEADER_SIZE + 4 || !CT_FITS(c->len, off, sz) ||
	    ct_le32(c->d + off + sz - 4) != sz) {
		*why = "bad record size";
		return 0;
	}
	*size = sz;
	return decode_record(c, off, sz, ev, why);
}

int
ct_evtx_chunk_slack_record(struct evtx_chunk *c, size_t off,
    struct evtx_event *ev, const char **why)
{
	uint32_t sz;

	*why = NULL;
	if (!CT_FITS(c->len, off, EVTX_RECORD_HEADER_SIZE) ||
	    memcmp(c->d + off, "\x2a\x2a\x00\x00", 4) != 0)
		return 0;
	sz = ct_le32(c->d + off + 4);
	if (sz < EVTX_RECORD_HEADER_SIZE + 4 || !CT_FITS(c->len, off, sz) ||
	    ct_le32(c->d + off + sz - 4) != sz)
		return 0;
	return decode_record(c, off, sz, ev, why);
}
