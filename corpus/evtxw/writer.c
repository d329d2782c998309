/*
 * writer.c - write an EVTX file: 4 KiB file header, then 64 KiB chunks
 * filled by chunk.c, streamed to disk one chunk at a time (memory stays
 * constant however many records are written).  Holds the template
 * registry: the System template of each (provider, channel, computer)
 * and the EventData template of each (provider, event id, version, field
 * names and types), as Windows keeps them (see evtxw.h).
 *
 * Format: libyal libevtx documentation, "File header"; the System
 * template's substitution numbering follows records of real Windows logs.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "binxml.h"
#include "chunk.h"
#include "crc32.h"
#include "evtxw.h"

#define EW_FILE_HDR	4096u
#define NSYS		20	/* values of the System template */
#define SUB_EVENTDATA	19

struct ew_writer {
	FILE *f;
	struct bx_names names;		/* element and attribute names */
	struct bx_names sigs;		/* template signatures -> id */
	struct bx_template **tpl;	/* by signature id */
	size_t ntpl, captpl;
	struct ew_chunk *chunk;
	uint64_t next_id;		/* next record identifier */
	uint64_t nchunks;		/* chunks written to the file */
	struct ew_buf sig;		/* scratch for signatures */
	struct ew_ival *dvals;		/* scratch for EventData values */
	size_t capdvals;
	char err[200];
};

static int
werr(struct ew_writer *w, const char *msg)
{
	snprintf(w->err, sizeof(w->err), "%s", msg);
	return -1;
}

const char *
ew_writer_error(const struct ew_writer *w)
{
	return w->err;
}

uint64_t
ew_writer_records(const struct ew_writer *w)
{
	return w->next_id - 1;
}

uint64_t
ew_writer_chunks(const struct ew_writer *w)
{
	return w->nchunks;
}

static void
put_header(struct ew_writer *w, uint8_t h[EW_FILE_HDR], int dirty)
{
	memset(h, 0, EW_FILE_HDR);
	memcpy(h, "ElfFile", 8);
	ew_le64(h + 8, 0);
	ew_le64(h + 16, w->nchunks ? w->nchunks - 1 : 0);
	ew_le64(h + 24, w->next_id);
	ew_le32(h + 32, 128);
	ew_le16(h + 36, 1);		/* format 3.1 */
	ew_le16(h + 38, 3);
	ew_le16(h + 40, EW_FILE_HDR);
	ew_le16(h + 42, (uint16_t)w->nchunks);
	ew_le32(h + 120, dirty ? 1 : 0);
	ew_le32(h + 124, ew_crc32(0, h, 120));
}

struct ew_writer *
ew_writer_open(const char *path, char *err, size_t errlen)
{
	struct ew_writer *w = calloc(1, sizeof(*w));
	uint8_t h[EW_FILE_HDR];

	if (w == NULL || (w->chunk = malloc(sizeof(*w->chunk))) == NULL) {
		free(w);
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	bx_names_init(&w->names);
	bx_names_init(&w->sigs);
	ew_buf_init(&w->sig);
	ew_chunk_init(w->chunk, &w->names);
	w->next_id = 1;
	w->f = fopen(path, "wb");
	if (w->f == NULL) {
		snprintf(err, errlen, "cannot create '%s'", path);
		ew_writer_abort(w);
		return NULL;
	}
	put_header(w, h, 1);
	if (fwrite(h, 1, sizeof(h), w->f) != sizeof(h)) {
		snprintf(err, errlen, "cannot write '%s'", path);
		ew_writer_abort(w);
		return NULL;
	}
	return w;
}

void
ew_writer_abort(struct ew_writer *w)
{
	size_t i;

	if (w == NULL)
		return;
	if (w->f)
		fclose(w->f);
	for (i = 0; i < w->ntpl; i++) {
		bx_template_release(w->tpl[i]);
		free(w->tpl[i]);
	}
	free(w->tpl);
	bx_names_release(&w->names);
	bx_names_release(&w->sigs);
	ew_buf_release(&w->sig);
	if (w->chunk)
		ew_chunk_release(w->chunk);
	free(w->chunk);
	free(w->dvals);
	free(w);
}

static int
flush_chunk(struct ew_writer *w)
{
	if (w->chunk->nrec == 0)
		return 0;
	if (w->nchunks >= 0xffff)
		return werr(w, "too many chunks for one file (65535)");
	ew_chunk_finish(w->chunk);
	if (fwrite(w->chunk->data, 1, EW_CHUNK_SIZE, w->f) != EW_CHUNK_SIZE)
		return werr(w, "write error");
	w->nchunks++;
	ew_chunk_reset(w->chunk);
	return 0;
}

int
ew_writer_close(struct ew_writer *w)
{
	uint8_t h[EW_FILE_HDR];
	int rc = flush_chunk(w);

	if (rc == 0) {
		put_header(w, h, 0);
		if (fseek(w->f, 0, SEEK_SET) != 0 ||
		    fwrite(h, 1, sizeof(h), w->f) != sizeof(h))
			rc = werr(w, "cannot rewrite file header");
	}
	if (fclose(w->f) != 0 && rc == 0)
		rc = -1;
	w->f = NULL;
	ew_writer_abort(w);
	return rc;
}

/* Signature helpers: fields separated by 0x1f. */
static void
sig_add(struct ew_buf *b, const char *s)
{
	if (s)
		ew_buf_add(b, s, strlen(s));
	ew_buf_add_u8(b, 0x1f);
}

static int
name_id(struct ew_writer *w, const char *s)
{
	return bx_names_intern(&w->names, s);
}

/* Find or create the template with signature w->sig; build() fills it. */
static int
template_for(struct ew_writer *w, const struct ew_event *ev,
    void (*build)(struct ew_writer *, struct bx_template *,
    const struct ew_event *))
{
	int id;
	struct bx_template *t;

	ew_buf_add_u8(&w->sig, 0);
	if (!ew_buf_ok(&w->sig))
		return -1;
	id = bx_names_intern(&w->sigs, (const char *)w->sig.data);
	if (id < 0)
		return -1;
	if ((size_t)id < w->ntpl)
		return id;
	if (w->ntpl == w->captpl) {
		size_t ncap = w->captpl ? w->captpl * 2 : 16;
		struct bx_template **n = realloc(w->tpl, ncap * sizeof(*n));

		if (n == NULL)
			return -1;
		w->tpl = n;
		w->captpl = ncap;
	}
	t = malloc(sizeof(*t));
	if (t == NULL)
		return -1;
	bx_template_init(t, (const char *)w->sig.data);
	build(w, t, ev);
	if (t->oom) {
		bx_template_release(t);
		free(t);
		return -1;
	}
	w->tpl[w->ntpl++] = t;
	return id;
}

static void
elem_subst(struct ew_writer *w, struct bx_template *t, const char *name,
    uint16_t idx, uint8_t type, int optional)
{
	bx_op_open(t, name_id(w, name), 0);
	bx_op_close_start(t);
	bx_op_subst(t, idx, type, optional);
	bx_op_end(t);
}

static void
attr_subst(struct ew_writer *w, struct bx_template *t, const char *name,
    uint16_t idx, uint8_t type)
{
	bx_op_attr(t, name_id(w, name));
	bx_op_subst(t, idx, type, 1);
}

static void
elem_text(struct ew_writer *w, struct bx_template *t, const char *name,
    const char *text)
{
	bx_op_open(t, name_id(w, name), 0);
	bx_op_close_start(t);
	bx_op_text(t, text);
	bx_op_end(t);
}

static void
build_system(struct ew_writer *w, struct bx_template *t,
    const struct ew_event *ev)
{
	bx_op_open(t, name_id(w, "Event"), 1);
	bx_op_attr(t, name_id(w, "xmlns"));
	bx_op_text(t, "http://schemas.microsoft.com/win/2004/08/events/event");
	bx_op_close_start(t);
	bx_op_open(t, name_id(w, "System"), 0);
	bx_op_close_start(t);

	bx_op_open(t, name_id(w, "Provider"), 1);
	bx_op_attr(t, name_id(w, "Name"));
	bx_op_text(t, ev->provider);
	if (ev->provider_guid) {
		bx_op_attr(t, name_id(w, "Guid"));
		bx_op_text(t, ev->provider_guid);
	}
	bx_op_close_empty(t);

	bx_op_open(t, name_id(w, "EventID"), 1);
	attr_subst(w, t, "Qualifiers", 4, VT_UINT16);
	bx_op_close_start(t);
	bx_op_subst(t, 3, VT_UINT16, 1);
	bx_op_end(t);
	elem_subst(w, t, "Version", 11, VT_UINT8, 1);
	elem_subst(w, t, "Level", 0, VT_UINT8, 1);
	elem_subst(w, t, "Task", 2, VT_UINT16, 1);
	elem_subst(w, t, "Opcode", 1, VT_UINT8, 1);
	elem_subst(w, t, "Keywords", 5, VT_HEX64, 1);

	bx_op_open(t, name_id(w, "TimeCreated"), 1);
	attr_subst(w, t, "SystemTime", 6, VT_FILETIME);
	bx_op_close_empty(t);
	elem_subst(w, t, "EventRecordID", 10, VT_UINT64, 1);

	bx_op_open(t, name_id(w, "Correlation"), 1);
	attr_subst(w, t, "ActivityID", 7, VT_GUID);
	attr_subst(w, t, "RelatedActivityID", 18, VT_GUID);
	bx_op_close_empty(t);

	bx_op_open(t, name_id(w, "Execution"), 1);
	attr_subst(w, t, "ProcessID", 8, VT_UINT32);
	attr_subst(w, t, "ThreadID", 9, VT_UINT32);
	bx_op_close_empty(t);

	elem_text(w, t, "Channel", ev->channel);
	elem_text(w, t, "Computer", ev->computer);

	bx_op_open(t, name_id(w, "Security"), 1);
	attr_subst(w, t, "UserID", 12, VT_SID);
	bx_op_close_empty(t);

	bx_op_end(t);			/* System */
	bx_op_subst(t, SUB_EVENTDATA, VT_BINXML, 1);
	bx_op_end(t);			/* Event */
}

static void
build_eventdata(struct ew_writer *w, struct bx_template *t,
    const struct ew_event *ev)
{
	size_t i;

	bx_op_open(t, name_id(w, "EventData"), 0);
	if (ev->nfields == 0) {
		bx_op_close_empty(t);
		return;
	}
	bx_op_close_start(t);
	for (i = 0; i < ev->nfields; i++) {
		const struct ew_field *f = &ev->fields[i];

		if (f->name) {
			bx_op_open(t, name_id(w, "Data"), 1);
			bx_op_attr(t, name_id(w, "Name"));
			bx_op_text(t, f->name);
		} else {
			bx_op_open(t, name_id(w, "Data"), 0);
		}
		bx_op_close_start(t);
		bx_op_subst(t, (uint16_t)i, f->decl_type, 0);
		bx_op_end(t);
	}
	bx_op_end(t);
}

static char *
fmt_u(char *p, unsigned long long v)
{
	snprintf(p, 24, "%llu", v);	/* p has room for 24 bytes */
	return p;
}

int
ew_writer_add(struct ew_writer *w, const struct ew_event *ev)
{
	struct ew_ival sv[NSYS];
	uint8_t level, opcode, version, task[2], eid[2], qual[2], kw[8],
	    ft[8], pid[4], tid[4], rid[8];
	char num[24];
	int sys_id, ed_id, rc;
	size_t i;

	if (!ev->channel || !ev->provider || !ev->computer)
		return werr(w, "event lacks channel, provider or computer");
	if (ev->nfields > 0xffff)
		return werr(w, "too many fields");

	/* Template for the System part. */
	w->sig.len = 0;
	sig_add(&w->sig, "S");
	sig_add(&w->sig, ev->provider);
	sig_add(&w->sig, ev->provider_guid ? ev->provider_guid : "-");
	sig_add(&w->sig, ev->channel);
	sig_add(&w->sig, ev->computer);
	sys_id = template_for(w, ev, build_system);
	if (sys_id < 0)
		return werr(w, "out of memory (system template)");

	/* Template for the EventData part. */
	w->sig.len = 0;
	sig_add(&w->sig, "D");
	sig_add(&w->sig, ev->provider);
	sig_add(&w->sig, fmt_u(num, ev->event_id));
	sig_add(&w->sig, fmt_u(num, ev->version));
	for (i = 0; i < ev->nfields; i++) {
		sig_add(&w->sig, ev->fields[i].name ? ev->fields[i].name : "\x1e");
		sig_add(&w->sig, fmt_u(num, ev->fields[i].decl_type));
	}
	ed_id = template_for(w, ev, build_eventdata);
	if (ed_id < 0)
		return werr(w, "out of memory (eventdata template)");

	if (ev->nfields > w->capdvals) {
		struct ew_ival *n = realloc(w->dvals, ev->nfields * sizeof(*n));

		if (n == NULL)
			return werr(w, "out of memory");
		w->dvals = n;
		w->capdvals = ev->nfields;
	}
	for (i = 0; i < ev->nfields; i++) {
		memset(&w->dvals[i], 0, sizeof(w->dvals[i]));
		w->dvals[i].type = ev->fields[i].type;
		w->dvals[i].p = ev->vals.data + ev->fields[i].off;
		w->dvals[i].len = ev->fields[i].len;
	}

	memset(sv, 0, sizeof(sv));
	level = ev->level;
	opcode = ev->opcode;
	version = ev->version;
	ew_le16(task, ev->task);
	ew_le16(eid, ev->event_id);
	ew_le16(qual, ev->qualifiers);
	ew_le64(kw, ev->keywords);
	ew_le64(ft, ev->time);
	ew_le32(pid, ev->pid);
	ew_le32(tid, ev->tid);
	ew_le64(rid, w->next_id);
#define SV(i, t, ptr, n) (sv[i].type = (t), sv[i].p = (ptr), sv[i].len = (n))
	SV(0, VT_UINT8, &level, 1);
	SV(1, VT_UINT8, &opcode, 1);
	SV(2, VT_UINT16, task, 2);
	SV(3, VT_UINT16, eid, 2);
	if (ev->has_qualifiers)
		SV(4, VT_UINT16, qual, 2);
	SV(5, VT_HEX64, kw, 8);
	SV(6, VT_FILETIME, ft, 8);
	if (ev->has_activity)
		SV(7, VT_GUID, ev->activity, 16);
	SV(8, VT_UINT32, pid, 4);
	SV(9, VT_UINT32, tid, 4);
	SV(10, VT_UINT64, rid, 8);
	SV(11, VT_UINT8, &version, 1);
	if (ev->has_user)
		SV(12, VT_SID, ev->user_sid, ev->user_sid_len);
#undef SV
	sv[SUB_EVENTDATA].type = VT_BINXML;
	sv[SUB_EVENTDATA].nested = w->tpl[ed_id];
	sv[SUB_EVENTDATA].nested_id = ed_id;
	sv[SUB_EVENTDATA].nested_vals = w->dvals;
	sv[SUB_EVENTDATA].nested_n = ev->nfields;

	rc = ew_chunk_add(w->chunk, w->next_id, ev->time, w->tpl[sys_id],
	    sys_id, sv, NSYS);
	if (rc == 1) {
		if (flush_chunk(w) != 0)
			return -1;
		rc = ew_chunk_add(w->chunk, w->next_id, ev->time,
		    w->tpl[sys_id], sys_id, sv, NSYS);
		if (rc == 1)
			return werr(w, "event too large for one chunk");
	}
	if (rc != 0)
		return werr(w, "cannot encode event");
	w->next_id++;
	return 0;
}
