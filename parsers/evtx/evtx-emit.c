/*
 * evtx-emit.c - from a decoded event to case-file rows: the JSON object of
 * all fields with the Key=Value splits of PowerShell's text blocks, the
 * System columns, and the record with its timeline events. Which fields
 * fill the normalised columns of doc/schema.md, which blocks are split and
 * how the one-line message reads is the mapping's (evtx-map.h,
 * evtx-map.txt).
 */
#include "compat.h"

#include <ctype.h>

#include "evtx-int.h"
#include "evtx-map.h"
#include "timefmt.h"
#include "xalloc.h"

void
ct_evtx_emit_init(struct evtx_emit *em)
{
	memset(em, 0, sizeof(*em));
	em->map = ct_evtx_map_builtin();
	ct_buf_init(&em->json, 0);
	ct_buf_init(&em->summary, 0);
	ct_buf_init(&em->tmp, 0);
	ct_buf_init(&em->kv, EVTX_MAX_FIELD_BYTES);
	ct_buf_init(&em->last_provider, 0);
	ct_buf_init(&em->last_channel, 0);
}

void
ct_evtx_emit_release(struct evtx_emit *em)
{
	ct_buf_release(&em->json);
	ct_buf_release(&em->summary);
	ct_buf_release(&em->tmp);
	ct_buf_release(&em->kv);
	ct_buf_release(&em->last_provider);
	ct_buf_release(&em->last_channel);
	free(em->kvf);
	memset(em, 0, sizeof(*em));
}

static void
kv_add(struct evtx_emit *em, const struct evtx_event *ev, const char *k,
    size_t kn, const char *v, size_t vn)
{
	struct evtx_field *f;
	size_t i;
	char key[80];
	size_t n = 0;

	/* "Host Application" (4103) and "HostApplication" (400) alike. */
	for (i = 0; i < kn && n < sizeof(key) - 1; i++)
		if (k[i] != ' ')
			key[n++] = k[i];
	key[n] = '\0';
	if (n == 0 || ct_evtx_ev_field(ev, key, NULL))
		return;
	for (i = 0; i < em->nkv; i++)
		if (strcmp(em->kv.buf + em->kvf[i].name, key) == 0)
			return;
	if (em->nkv >= EVTX_MAX_FIELDS)
		return;
	if (em->nkv == em->akv) {
		em->akv = em->akv ? em->akv * 2 : 32;
		em->kvf = ct_xreallocarray(em->kvf, em->akv, sizeof(*em->kvf));
	}
	f = &em->kvf[em->nkv];
	f->name = em->kv.len;
	f->name_len = n;
	f->base_len = n;
	ct_buf_add(&em->kv, key, n);
	ct_buf_addch(&em->kv, '\0');
	f->val = em->kv.len;
	f->val_len = vn;
	ct_buf_add(&em->kv, v, vn);
	ct_buf_addch(&em->kv, '\0');
	if (!em->kv.truncated)
		em->nkv++;
}

/*
 * Split a text blob of "Key=Value" lines (PowerShell's host details) into
 * fields. A key is a short run of letters, digits, spaces, '_' and '-';
 * lines that do not look like that are left alone (they stay in the
 * original field, which is always kept).
 */
static void
split_kv(struct evtx_emit *em, const struct evtx_event *ev, const char *s,
    size_t n)
{
	size_t i = 0;

	while (i < n) {
		size_t eol = i, ks, ke, vs, ve, eq, j;
		int ok = 1;

		while (eol < n && s[eol] != '\n')
			eol++;
		ks = i;
		while (ks < eol && (s[ks] == ' ' || s[ks] == '\t'))
			ks++;
		eq = ks;
		while (eq < eol && s[eq] != '=')
			eq++;
		ke = eq;
		while (ke > ks && (s[ke - 1] == ' ' || s[ke - 1] == '\t'))
			ke--;
		if (eq == eol || ke == ks || ke - ks > 64)
			ok = 0;
		for (j = ks; ok && j < ke; j++) {
			unsigned char c = (unsigned char)s[j];

			if (!isalnum(c) && c != ' ' && c != '_' && c != '-')
				ok = 0;
		}
		if (ok) {
			vs = eq + 1;
			while (vs < eol && (s[vs] == ' ' || s[vs] == '\t'))
				vs++;
			ve = eol;
			while (ve > vs && (s[ve - 1] == '\r' || s[ve - 1] ==
			    ' ' || s[ve - 1] == '\t'))
				ve--;
			kv_add(em, ev, s + ks, ke - ks, s + vs, ve - vs);
		}
		i = eol + 1;
	}
}

static void
find_kv(struct evtx_emit *em, const struct evtx_event *ev,
    const struct evtx_map_set *set)
{
	const char *field, *v;
	size_t i, n;

	ct_buf_reset(&em->kv);
	em->kv.truncated = 0;
	em->nkv = 0;
	switch (ct_evtx_map_split(set, &field)) {
	case EVTX_SPLIT_NONE:
		break;
	case EVTX_SPLIT_ALL:
		for (i = 0; i < ev->nfields; i++) {
			const struct evtx_field *f = &ev->fields[i];

			v = ev->arena.buf + f->val;
			if (memchr(v, '\n', f->val_len) &&
			    memchr(v, '=', f->val_len))
				split_kv(em, ev, v, f->val_len);
		}
		break;
	case EVTX_SPLIT_FIELD:
		if ((v = ct_evtx_ev_field(ev, field, &n)))
			split_kv(em, ev, v, n);
		break;
	}
}

static int
same_text(int had, const struct ct_buf *last, const char *s)
{
	return s ? had && strcmp(last->buf, s) == 0 : !had;
}

static void
remember(int *has, struct ct_buf *last, const char *s)
{
	*has = s != NULL;
	ct_buf_reset(last);
	if (s)
		ct_buf_adds(last, s);
}

/*
 * The set of ev: its source is that of the record before when the
 * provider and channel are the same (two string compares instead of two
 * hashes).
 */
static const struct evtx_map_set *
map_set(struct evtx_emit *em, const struct evtx_event *ev)
{
	const char *p = ct_evtx_ev_provider(ev);
	const char *ch = ct_evtx_ev_str(ev, ev->channel);

	if (em->last_map != em->map ||
	    !same_text(em->last_has_provider, &em->last_provider, p) ||
	    !same_text(em->last_has_channel, &em->last_channel, ch)) {
		em->last_src = ct_evtx_map_source(em->map, p, ch);
		em->last_map = em->map;
		remember(&em->last_has_provider, &em->last_provider, p);
		remember(&em->last_has_channel, &em->last_channel, ch);
	}
	return ct_evtx_map_set(em->map, em->last_src, ev->event_id);
}

static void
build_json(struct evtx_emit *em, const struct evtx_event *ev,
    const struct evtx_map_set *set)
{
	size_t i;
	int first = 1;

	find_kv(em, ev, set);
	ct_buf_reset(&em->json);
	ct_buf_addch(&em->json, '{');
	for (i = 0; i < ev->nfields; i++) {
		const struct evtx_field *f = &ev->fields[i];

		if (!first)
			ct_buf_addch(&em->json, ',');
		first = 0;
		ct_buf_addch(&em->json, '"');
		ct_buf_add_json_str(&em->json, ev->arena.buf + f->name,
		    f->name_len);
		ct_buf_adds(&em->json, "\":\"");
		ct_buf_add_json_str(&em->json, ev->arena.buf + f->val,
		    f->val_len);
		ct_buf_addch(&em->json, '"');
	}
	for (i = 0; i < em->nkv; i++) {
		const struct evtx_field *f = &em->kvf[i];

		if (!first)
			ct_buf_addch(&em->json, ',');
		first = 0;
		ct_buf_addch(&em->json, '"');
		ct_buf_add_json_str(&em->json, em->kv.buf + f->name,
		    f->name_len);
		ct_buf_adds(&em->json, "\":\"");
		ct_buf_add_json_str(&em->json, em->kv.buf + f->val,
		    f->val_len);
		ct_buf_addch(&em->json, '"');
	}
	ct_buf_addch(&em->json, '}');
}

void
ct_evtx_build_json(struct evtx_emit *em, const struct evtx_event *ev)
{
	build_json(em, ev, map_set(em, ev));
}

/* The row and message of ev; the set is looked up once for both. */
static void
emit_row(struct evtx_emit *em, const struct evtx_event *ev,
    struct ct_evtx_row *r)
{
	const struct evtx_map_set *set = map_set(em, ev);

	memset(r, 0, sizeof(*r));
	ct_buf_reset(&em->tmp);
	build_json(em, ev, set);

	r->record_number = ev->record_number;
	r->written = ev->written;
	r->created = ev->created;
	r->event_id = ev->event_id == CT_NULL_INT ? 0 : ev->event_id;
	r->qualifiers = ev->qualifiers;
	r->version = ev->version;
	r->level = ev->level;
	r->task = ev->task;
	r->opcode = ev->opcode;
	r->keywords = ct_evtx_ev_str(ev, ev->keywords);
	r->provider = ct_evtx_ev_provider(ev);
	r->provider_guid = ct_evtx_ev_str(ev, ev->provider_guid);
	r->channel = ct_evtx_ev_str(ev, ev->channel);
	r->computer = ct_evtx_ev_str(ev, ev->computer);
	r->user_sid = ct_evtx_ev_str(ev, ev->user_sid);
	r->pid = ev->pid;
	r->tid = ev->tid;
	r->data = em->json.buf;
	ct_evtx_map_fill(set, em, ev, r);
	ct_evtx_map_summary(set, em, ev, r);
}

void
ct_evtx_emit_row(struct evtx_emit *em, const struct evtx_event *ev,
    struct ct_evtx_row *r)
{
	emit_row(em, ev, r);
}

void
ct_evtx_emit(struct evtx_emit *em, struct ct_batch *b,
    const struct evtx_event *ev, int64_t offset, unsigned flags)
{
	struct ct_evtx_row r;
	struct ct_record_row rec;
	char loc[40];

	emit_row(em, ev, &r);
	memset(&rec, 0, sizeof(rec));
	rec.type = "evtx";
	snprintf(loc, sizeof(loc), "record %" PRId64, ev->record_number);
	rec.locator = loc;
	rec.offset = offset;
	rec.flags = flags | (ev->truncated ? CT_REC_DAMAGED : 0);
	rec.summary = em->summary.buf;
	ct_batch_record(b, &rec);
	if (ev->created != CT_NULL_INT) {
		ct_batch_event(b, ev->created, "event created");
		/*
		 * The log service writes a record a few microseconds after the
		 * event: only a gap of a second or more (a forwarded or
		 * re-written record, a clock change) is a point of its own.
		 */
		if (ev->written != CT_NULL_INT && (ev->written - ev->created >=
		    CT_TICKS_PER_SEC || ev->created - ev->written >=
		    CT_TICKS_PER_SEC))
			ct_batch_event(b, ev->written, "record written");
	} else if (ev->written != CT_NULL_INT) {
		ct_batch_event(b, ev->written, "record written");
	}
	ct_batch_evtx(b, &r);
}
