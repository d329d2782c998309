/*
 * evtx-craft.h - writes small, valid EVTX logs for the tests (test code,
 * not shipped). Layout per libyal/libevtx "Windows XML Event Log (EVTX)
 * format": 4096-byte file header, 64 KiB chunks with the 512-byte chunk
 * header, records "**\0\0" with binary XML: fragment header, a template
 * instance (definition inline on first use in a chunk, referenced after),
 * substitution array. CRC32s are set so libevtx accepts the result.
 *
 * The template is Event/System(Provider@Name@Guid, EventID, Version,
 * Level, Task, Opcode, Keywords, TimeCreated@SystemTime, EventRecordID,
 * Execution@ProcessID@ThreadID, Channel, Computer, Security@UserID) and
 * EventData with n Data elements whose Name attribute and text are both
 * substitutions (an empty name gives a positional <Data>).
 */
#ifndef CT_EVTX_CRAFT_H
#define CT_EVTX_CRAFT_H

#include "compat.h"

#include <zlib.h>

#include "bytes.h"
#include "xalloc.h"

#define CRAFT_MAX_CHUNKS 64
#define CRAFT_MAX_FIELDS 40

struct craft {
	uint8_t *buf;		/* the whole file */
	size_t nchunks;
	size_t pos;		/* write position in the current chunk */
	uint64_t next_id;
	uint32_t tmpl_off[CRAFT_MAX_FIELDS + 1];	/* per field count */
	uint64_t chunk_first_id;
	size_t max_chunks;	/* CRAFT_MAX_CHUNKS unless raised */
};

struct craft_rec {
	const char *provider, *channel, *computer;
	unsigned event_id;
	uint64_t time;
	uint64_t written;	/* record header time; 0: time + 100 ns */
	unsigned pid, tid;
	int nfields;
	const char *names[CRAFT_MAX_FIELDS];
	const char *values[CRAFT_MAX_FIELDS];
};

/* The CRC-32 of EVTX headers and record data is zlib's (RFC 1952). */
static uint32_t
craft_crc32(const uint8_t *p, size_t n)
{
	return (uint32_t)crc32(0L, p, (uInt)n);
}

static uint8_t *
craft_chunk(struct craft *cr)
{
	return cr->buf + 4096 + (cr->nchunks - 1) * 65536;
}

static void
craft_new_chunk(struct craft *cr)
{
	cr->nchunks++;
	cr->buf = ct_xrealloc(cr->buf, 4096 + cr->nchunks * 65536);
	memset(craft_chunk(cr), 0, 65536);
	memcpy(craft_chunk(cr), "ElfChnk", 8);
	cr->pos = 512;
	memset(cr->tmpl_off, 0, sizeof(cr->tmpl_off));
	cr->chunk_first_id = cr->next_id;
}

static void
craft_init(struct craft *cr)
{
	memset(cr, 0, sizeof(*cr));
	cr->buf = ct_xcalloc(1, 4096);
	cr->next_id = 1;
	cr->max_chunks = CRAFT_MAX_CHUNKS;
	craft_new_chunk(cr);
}

/* Append to a scratch area. */
struct craft_out {
	uint8_t b[60000];
	size_t n;
	int over;
	size_t open[32];	/* positions of open elements' size fields */
	int sp;
};

static void
co_put(struct craft_out *o, const void *p, size_t n)
{
	if (o->n + n > sizeof(o->b)) {
		o->over = 1;
		return;
	}
	memcpy(o->b + o->n, p, n);
	o->n += n;
}

static void
co_u8(struct craft_out *o, uint8_t v)
{
	co_put(o, &v, 1);
}

static void
co_u16(struct craft_out *o, uint16_t v)
{
	uint8_t b[2];

	ct_put_le16(b, v);
	co_put(o, b, 2);
}

static void
co_u32(struct craft_out *o, uint32_t v)
{
	uint8_t b[4];

	ct_put_le32(b, v);
	co_put(o, b, 4);
}

static void
co_u64(struct craft_out *o, uint64_t v)
{
	uint8_t b[8];

	ct_put_le64(b, v);
	co_put(o, b, 8);
}

/* ASCII/Latin-1 text as UTF-16LE code units; returns the unit count. */
static size_t
co_utf16(struct craft_out *o, const char *s)
{
	size_t i;

	for (i = 0; s[i]; i++)
		co_u16(o, (uint8_t)s[i]);
	return i;
}

/* An inline name; base = chunk offset of o->b[0]. */
static void
co_name(struct craft_out *o, size_t base, const char *name)
{
	co_u32(o, (uint32_t)(base + o->n + 4));	/* points right after */
	co_u32(o, 0);				/* next string offset */
	co_u16(o, 0);				/* hash (not checked) */
	co_u16(o, (uint16_t)strlen(name));
	co_utf16(o, name);
	co_u16(o, 0);
}

static void
co_open(struct craft_out *o, size_t base, const char *name, int attrs)
{
	co_u8(o, attrs ? 0x41 : 0x01);
	co_u16(o, 0xffff);	/* dependency identifier */
	if (o->sp < 32)
		o->open[o->sp++] = o->n;
	co_u32(o, 0);		/* data size: set when the element ends */
	/* name offset and inline name, then the attribute list size */
	co_name(o, base, name);
	if (attrs)
		co_u32(o, 0);
}

/* End the innermost element with tok (0x03 or 0x04); set its size. */
static void
co_end(struct craft_out *o, uint8_t tok)
{
	co_u8(o, tok);
	if (o->sp > 0 && !o->over) {
		size_t at = o->open[--o->sp];

		ct_put_le32(o->b + at, (uint32_t)(o->n - at - 4));
	}
}

static void
co_attr_subst(struct craft_out *o, size_t base, const char *name, int id,
    uint8_t type)
{
	co_u8(o, 0x06);
	co_name(o, base, name);
	co_u8(o, 0x0e);
	co_u16(o, (uint16_t)id);
	co_u8(o, type);
}

static void
co_elem_subst(struct craft_out *o, size_t base, const char *name, int id,
    uint8_t type)
{
	co_open(o, base, name, 0);
	co_u8(o, 0x02);
	co_u8(o, 0x0e);
	co_u16(o, (uint16_t)id);
	co_u8(o, type);
	co_end(o, 0x04);
}

/* Substitution ids of the template. */
enum {
	SB_PROVIDER, SB_GUID, SB_EVENTID, SB_VERSION, SB_LEVEL, SB_TASK,
	SB_OPCODE, SB_KEYWORDS, SB_TIME, SB_RECID, SB_PID, SB_TID,
	SB_CHANNEL, SB_COMPUTER, SB_SID, SB_FIELDS
};

/* Template body for n fields; base = chunk offset of o->b[0]. */
static void
craft_template_body(struct craft_out *o, size_t base, int n)
{
	int i;

	co_u8(o, 0x0f); co_u8(o, 1); co_u8(o, 1); co_u8(o, 0);
	co_open(o, base, "Event", 0);
	co_u8(o, 0x02);
	co_open(o, base, "System", 0);
	co_u8(o, 0x02);
	co_open(o, base, "Provider", 1);
	co_attr_subst(o, base, "Name", SB_PROVIDER, 0x01);
	co_attr_subst(o, base, "Guid", SB_GUID, 0x0f);
	co_end(o, 0x03);
	co_elem_subst(o, base, "EventID", SB_EVENTID, 0x06);
	co_elem_subst(o, base, "Version", SB_VERSION, 0x04);
	co_elem_subst(o, base, "Level", SB_LEVEL, 0x04);
	co_elem_subst(o, base, "Task", SB_TASK, 0x06);
	co_elem_subst(o, base, "Opcode", SB_OPCODE, 0x04);
	co_elem_subst(o, base, "Keywords", SB_KEYWORDS, 0x15);
	co_open(o, base, "TimeCreated", 1);
	co_attr_subst(o, base, "SystemTime", SB_TIME, 0x11);
	co_end(o, 0x03);
	co_elem_subst(o, base, "EventRecordID", SB_RECID, 0x0a);
	co_open(o, base, "Execution", 1);
	co_attr_subst(o, base, "ProcessID", SB_PID, 0x08);
	co_attr_subst(o, base, "ThreadID", SB_TID, 0x08);
	co_end(o, 0x03);
	co_elem_subst(o, base, "Channel", SB_CHANNEL, 0x01);
	co_elem_subst(o, base, "Computer", SB_COMPUTER, 0x01);
	co_open(o, base, "Security", 1);
	co_attr_subst(o, base, "UserID", SB_SID, 0x13);
	co_end(o, 0x03);
	co_end(o, 0x04);	/* </System> */
	co_open(o, base, "EventData", 0);
	co_u8(o, 0x02);
	for (i = 0; i < n; i++) {
		co_open(o, base, "Data", 1);
		co_attr_subst(o, base, "Name", SB_FIELDS + 2 * i, 0x01);
		co_u8(o, 0x02);
		co_u8(o, 0x0e);
		co_u16(o, (uint16_t)(SB_FIELDS + 2 * i + 1));
		co_u8(o, 0x01);
		co_end(o, 0x04);
	}
	co_end(o, 0x04);	/* </EventData> */
	co_end(o, 0x04);	/* </Event> */
	co_u8(o, 0x00);
}

static void
craft_finish_chunk(struct craft *cr)
{
	uint8_t *c = craft_chunk(cr);

	ct_put_le64(c + 8, cr->chunk_first_id);
	ct_put_le64(c + 16, cr->next_id - 1);
	ct_put_le64(c + 24, cr->chunk_first_id);
	ct_put_le64(c + 32, cr->next_id - 1);
	ct_put_le32(c + 40, 128);
	ct_put_le32(c + 48, (uint32_t)cr->pos);
	ct_put_le32(c + 52, craft_crc32(c + 512, cr->pos - 512));
	{
		uint8_t tmp[504];

		memcpy(tmp, c, 120);
		memcpy(tmp + 120, c + 128, 384);
		ct_put_le32(c + 124, craft_crc32(tmp, 504));
	}
}

/* Add one record; returns 0, or -1 if it cannot fit in any chunk. */
static int
craft_add(struct craft *cr, const struct craft_rec *r)
{
	struct craft_out *o = ct_xcalloc(1, sizeof(*o));
	struct craft_out *v = ct_xcalloc(1, sizeof(*v));
	int n = r->nfields, i, nsub = SB_FIELDS + 2 * n, tries;
	uint16_t sizes[SB_FIELDS + 2 * CRAFT_MAX_FIELDS];
	uint8_t types[SB_FIELDS + 2 * CRAFT_MAX_FIELDS];
	size_t mark;
	static const uint8_t sid[] = { 1, 1, 0, 0, 0, 0, 0, 5, 18, 0, 0, 0 };
	static const uint8_t guid[16] = { 0x25, 0x96, 0x84, 0x54, 0x78, 0x54,
	    0x94, 0x49, 0xa5, 0xba, 0x3e, 0x3b, 0x03, 0x28, 0xc3, 0x0d };

	if (n > CRAFT_MAX_FIELDS)
		n = CRAFT_MAX_FIELDS;
	for (tries = 0; tries < 2; tries++) {
		size_t base = cr->pos + 24;	/* chunk offset of o->b[0] */

		o->n = 0;
		o->over = 0;
		v->n = 0;
		co_u8(o, 0x0f); co_u8(o, 1); co_u8(o, 1); co_u8(o, 0);
		co_u8(o, 0x0c);
		co_u8(o, 0x01);
		co_u32(o, (uint32_t)n);
		if (cr->tmpl_off[n]) {
			co_u32(o, cr->tmpl_off[n]);
		} else {
			size_t defat = base + o->n + 4, szat;

			co_u32(o, (uint32_t)defat);
			co_u32(o, 0);		/* next template */
			co_put(o, guid, 16);
			szat = o->n;
			co_u32(o, 0);
			mark = o->n;
			craft_template_body(o, base, n);
			ct_put_le32(o->b + szat, (uint32_t)(o->n - mark));
			if (!o->over)
				cr->tmpl_off[n] = (uint32_t)defat;
		}
		/* values */
#define VAL(id, type, code) do { size_t s0 = v->n; code; \
	sizes[id] = (uint16_t)(v->n - s0); types[id] = (type); } while (0)
		VAL(SB_PROVIDER, 0x01, co_utf16(v, r->provider));
		VAL(SB_GUID, 0x0f, co_put(v, guid, 16));
		VAL(SB_EVENTID, 0x06, co_u16(v, (uint16_t)r->event_id));
		VAL(SB_VERSION, 0x04, co_u8(v, 2));
		VAL(SB_LEVEL, 0x04, co_u8(v, 4));
		VAL(SB_TASK, 0x06, co_u16(v, 1));
		VAL(SB_OPCODE, 0x04, co_u8(v, 0));
		VAL(SB_KEYWORDS, 0x15, co_u64(v, 0x8000000000000000ull));
		VAL(SB_TIME, 0x11, co_u64(v, r->time));
		VAL(SB_RECID, 0x0a, co_u64(v, cr->next_id));
		VAL(SB_PID, 0x08, co_u32(v, r->pid));
		VAL(SB_TID, 0x08, co_u32(v, r->tid));
		VAL(SB_CHANNEL, 0x01, co_utf16(v, r->channel));
		VAL(SB_COMPUTER, 0x01, co_utf16(v, r->computer));
		VAL(SB_SID, 0x13, co_put(v, sid, sizeof(sid)));
		for (i = 0; i < n; i++) {
			if (r->names[i] && r->names[i][0])
				VAL(SB_FIELDS + 2 * i, 0x01,
				    co_utf16(v, r->names[i]));
			else
				VAL(SB_FIELDS + 2 * i, 0x00, (void)0);
			VAL(SB_FIELDS + 2 * i + 1, 0x01,
			    co_utf16(v, r->values[i]));
		}
#undef VAL
		co_u32(o, (uint32_t)nsub);
		for (i = 0; i < nsub; i++) {
			co_u16(o, sizes[i]);
			co_u8(o, types[i]);
			co_u8(o, 0);
		}
		co_put(o, v->b, v->n);
		co_u8(o, 0x00);
		if (!o->over && cr->pos + 24 + o->n + 4 <= 65536)
			break;
		if (tries == 1 || cr->nchunks >= cr->max_chunks) {
			free(o);
			free(v);
			return -1;
		}
		craft_finish_chunk(cr);
		craft_new_chunk(cr);
	}
	{
		uint8_t *c = craft_chunk(cr) + cr->pos;
		uint32_t size = (uint32_t)(24 + o->n + 4);

		memcpy(c, "\x2a\x2a\x00\x00", 4);
		ct_put_le32(c + 4, size);
		ct_put_le64(c + 8, cr->next_id);
		ct_put_le64(c + 16, r->written ? r->written : r->time + 1);
		memcpy(c + 24, o->b, o->n);
		ct_put_le32(c + 24 + o->n, size);
		ct_put_le32(craft_chunk(cr) + 44, (uint32_t)cr->pos);
		cr->pos += size;
	}
	cr->next_id++;
	free(o);
	free(v);
	return 0;
}

/* Finish: file header and checksums. The caller frees cr->buf. */
static size_t
craft_finish(struct craft *cr)
{
	uint8_t *h = cr->buf;

	craft_finish_chunk(cr);
	memcpy(h, "ElfFile", 8);
	ct_put_le64(h + 8, 0);
	ct_put_le64(h + 16, cr->nchunks - 1);
	ct_put_le64(h + 24, cr->next_id);
	ct_put_le32(h + 32, 128);
	ct_put_le16(h + 36, 1);
	ct_put_le16(h + 38, 3);
	ct_put_le16(h + 40, 4096);
	ct_put_le16(h + 42, (uint16_t)cr->nchunks);
	ct_put_le32(h + 120, 0);
	ct_put_le32(h + 124, craft_crc32(h, 120));
	return 4096 + cr->nchunks * 65536;
}

#endif
