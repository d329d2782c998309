/*
 * evtx-event.c - the event builder shared by both EVTX decoders: from a
 * stream of element / attribute / text callbacks to the System fields and
 * every EventData/UserData field by name (see evtx-int.h).
 *
 * Element layout followed: the Windows event schema
 * (http://schemas.microsoft.com/win/2004/08/events/event): Event/System
 * with Provider, EventID, Version, Level, Task, Opcode, Keywords,
 * TimeCreated, EventRecordID, Correlation, Execution, Channel, Computer,
 * Security; then EventData (Data elements, named or positional, and
 * Binary) or UserData (one wrapper element whose children are the fields).
 */
#include "compat.h"

#include "evtx-int.h"
#include "timefmt.h"
#include "xalloc.h"

#define NOSTR ((size_t)-1)

enum sys_elem {
	S_NONE, S_PROVIDER, S_EVENTID, S_VERSION, S_LEVEL, S_TASK, S_OPCODE,
	S_KEYWORDS, S_TIMECREATED, S_RECORDID, S_EXECUTION, S_CHANNEL,
	S_COMPUTER, S_SECURITY, S_OTHER
};

static const struct {
	const char *name;
	enum sys_elem e;
} sys_names[] = {
	{ "Provider", S_PROVIDER }, { "EventID", S_EVENTID },
	{ "Version", S_VERSION }, { "Level", S_LEVEL }, { "Task", S_TASK },
	{ "Opcode", S_OPCODE }, { "Keywords", S_KEYWORDS },
	{ "TimeCreated", S_TIMECREATED }, { "EventRecordID", S_RECORDID },
	{ "Execution", S_EXECUTION }, { "Channel", S_CHANNEL },
	{ "Computer", S_COMPUTER }, { "Security", S_SECURITY },
};

void
ct_evtx_event_init(struct evtx_event *ev)
{
	memset(ev, 0, sizeof(*ev));
	ct_buf_init(&ev->arena, EVTX_MAX_FIELD_BYTES);
	ct_buf_init(&ev->text, EVTX_MAX_FIELD_BYTES);
	ct_buf_init(&ev->fname, 4096);
	ct_evtx_event_reset(ev);
}

void
ct_evtx_event_release(struct evtx_event *ev)
{
	ct_buf_release(&ev->arena);
	ct_buf_release(&ev->text);
	ct_buf_release(&ev->fname);
	free(ev->fields);
	memset(ev, 0, sizeof(*ev));
}

void
ct_evtx_event_reset(struct evtx_event *ev)
{
	ev->record_number = CT_NULL_INT;
	ev->written = ev->created = CT_NULL_INT;
	ev->event_id = ev->qualifiers = ev->version = ev->level = CT_NULL_INT;
	ev->task = ev->opcode = ev->pid = ev->tid = CT_NULL_INT;
	ev->event_record_id = CT_NULL_INT;
	ev->provider = ev->provider_guid = ev->channel = NOSTR;
	ev->computer = ev->user_sid = ev->keywords = ev->event_source = NOSTR;
	ct_buf_reset(&ev->arena);
	ev->arena.truncated = 0;
	ct_buf_reset(&ev->text);
	ev->text.truncated = 0;
	ct_buf_reset(&ev->fname);
	ev->fname.truncated = 0;
	ev->nfields = 0;
	ev->names_seen = 0;
	ev->truncated = 0;
	ev->depth = 0;
	ev->section = SEC_NONE;
	ev->sys_elem = S_NONE;
	ev->field_depth = 0;
	ev->field_children = 0;
	ev->unnamed = 0;
}

/* Store a string in the arena; returns its offset. */
static size_t
store(struct evtx_event *ev, const char *s, size_t n)
{
	size_t off = ev->arena.len;

	ct_buf_add(&ev->arena, s, n);
	ct_buf_addch(&ev->arena, '\0');
	if (ev->arena.truncated) {
		ev->truncated = 1;
		return NOSTR;
	}
	return off;
}

const char *
ct_evtx_ev_str(const struct evtx_event *ev, size_t off)
{
	if (off == NOSTR || off >= ev->arena.len)
		return NULL;
	return ev->arena.buf + off;
}

/*
 * One bit of a 64-bit filter for a field name. Most lookups are for names
 * a record does not have (the normalised columns of other events): the
 * filter answers those without comparing strings.
 */
static uint64_t
name_bit(const char *name, size_t len)
{
	unsigned h = (unsigned)len * 131u;

	if (len)
		h += (unsigned char)name[0] * 31u +
		    (unsigned char)name[len - 1];
	return (uint64_t)1 << (h & 63);
}

const char *
ct_evtx_ev_field(const struct evtx_event *ev, const char *name, size_t *len)
{
	size_t i, n = strlen(name);

	if (!(ev->names_seen & name_bit(name, n)))
		return NULL;
	for (i = 0; i < ev->nfields; i++) {
		const struct evtx_field *f = &ev->fields[i];

		if (f->name_len == n &&
		    memcmp(ev->arena.buf + f->name, name, n) == 0) {
			if (len)
				*len = f->val_len;
			return ev->arena.buf + f->val;
		}
	}
	return NULL;
}

static int
name_is(const char *name, size_t len, const char *lit)
{
	return strlen(lit) == len && memcmp(name, lit, len) == 0;
}

/*
 * Parse a decimal or 0x-hex integer from evidence text. Returns 0 and sets
 * *v, or -1 when the text is not a whole number.
 */
static int
parse_int(const char *s, size_t n, int64_t *v)
{
	uint64_t x = 0;
	size_t i = 0;
	int neg = 0, base = 10, digits = 0;

	while (i < n && (s[i] == ' ' || s[i] == '\t'))
		i++;
	if (i < n && s[i] == '-') {
		neg = 1;
		i++;
	}
	if (i + 1 < n && s[i] == '0' && (s[i + 1] == 'x' || s[i + 1] == 'X')) {
		base = 16;
		i += 2;
	}
	for (; i < n; i++) {
		int d;
		char ch = s[i];

		if (ch >= '0' && ch <= '9')
			d = ch - '0';
		else if (base == 16 && ch >= 'a' && ch <= 'f')
			d = ch - 'a' + 10;
		else if (base == 16 && ch >= 'A' && ch <= 'F')
			d = ch - 'A' + 10;
		else
			break;
		if (x > (UINT64_MAX - (uint64_t)d) / (uint64_t)base)
			return -1;
		x = x * (uint64_t)base + (uint64_t)d;
		digits++;
	}
	while (i < n && (s[i] == ' ' || s[i] == '\t'))
		i++;
	if (!digits || i != n)
		return -1;
	if (base == 10 && !neg && x > INT64_MAX)
		return -1;
	/* Hex values are bit patterns (keywords, PIDs): keep the bits. */
	*v = neg ? -(int64_t)x : (int64_t)x;
	return 0;
}

int
ct_evtx_parse_int(const char *s, size_t n, int64_t *v)
{
	return parse_int(s, n, v);
}

static void
add_field(struct evtx_event *ev, const char *name, size_t nlen,
    const char *val, size_t vlen)
{
	struct evtx_field *f;
	size_t i, dup = 0;
	char tmp[64];

	if (ev->nfields >= EVTX_MAX_FIELDS) {
		ev->truncated = 1;
		return;
	}
	/*
	 * A repeated name gets "[n]", n counting the earlier fields of that
	 * name, so every value stays addressable: X, X[1], X[2]...
	 */
	if (ev->names_seen & name_bit(name, nlen))
		for (i = 0; i < ev->nfields; i++)
			if (ev->fields[i].base_len == nlen &&
			    memcmp(ev->arena.buf + ev->fields[i].name, name,
			    nlen) == 0)
				dup++;
	if (ev->nfields == ev->afields) {
		ev->afields = ev->afields ? ev->afields * 2 : 32;
		ev->fields = ct_xreallocarray(ev->fields, ev->afields,
		    sizeof(*ev->fields));
	}
	f = &ev->fields[ev->nfields];
	f->name = ev->arena.len;
	ct_buf_add(&ev->arena, name, nlen);
	if (dup) {
		int k = snprintf(tmp, sizeof(tmp), "[%zu]", dup);

		ct_buf_add(&ev->arena, tmp, (size_t)k);
	}
	f->name_len = ev->arena.len - f->name;
	f->base_len = nlen;
	ct_buf_addch(&ev->arena, '\0');
	f->val = ev->arena.len;
	ct_buf_add(&ev->arena, val, vlen);
	f->val_len = vlen;
	ct_buf_addch(&ev->arena, '\0');
	if (ev->arena.truncated) {
		ev->truncated = 1;
		return;
	}
	ev->names_seen |= name_bit(name, nlen) |
	    name_bit(ev->arena.buf + f->name, f->name_len);
	ev->nfields++;
}

int
ct_evtx_ev_put_field(struct evtx_event *ev, const char *name, size_t nlen,
    const char *val, size_t vlen, size_t max)
{
	struct evtx_field *f;
	size_t start = ev->arena.len;

	if (ev->nfields >= max)
		return -1;
	if (ev->nfields == ev->afields) {
		ev->afields = ev->afields ? ev->afields * 2 : 32;
		ev->fields = ct_xreallocarray(ev->fields, ev->afields,
		    sizeof(*ev->fields));
	}
	f = &ev->fields[ev->nfields];
	f->name = start;
	f->name_len = f->base_len = nlen;
	ct_buf_add(&ev->arena, name, nlen);
	ct_buf_addch(&ev->arena, '\0');
	f->val = ev->arena.len;
	f->val_len = vlen;
	ct_buf_add(&ev->arena, val, vlen);
	ct_buf_addch(&ev->arena, '\0');
	if (ev->arena.truncated) {
		ct_buf_setlen(&ev->arena, start);
		ev->arena.truncated = 0;
		return -1;
	}
	ev->names_seen |= name_bit(name, nlen);
	ev->nfields++;
	return 0;
}

const char *
ct_evtx_ev_provider(const struct evtx_event *ev)
{
	const char *p = ct_evtx_ev_str(ev, ev->provider);

	return p ? p : ct_evtx_ev_str(ev, ev->event_source);
}

void
ct_evtx_ev_open(struct evtx_event *ev, const char *name, size_t len)
{
	int d = ++ev->depth;
	size_t i, cut;

#ifdef EVTX_TRACE
	fprintf(stderr, "open %d %.*s\n", d, (int)len, name);
#endif
	if (d < EVTX_MAX_DEPTH) {
		cut = len < sizeof(ev->names[0]) - 1 ? len :
		    sizeof(ev->names[0]) - 1;
		memcpy(ev->names[d], name, cut);
		ev->names[d][cut] = '\0';
	}
	/*
	 * Elements nested inside a field (CAPI2's UserData, for one): their
	 * texts are kept one per line.
	 */
	if (ev->field_depth && d > ev->field_depth + (ev->section ==
	    SEC_USERDATA && ev->field_depth == 3 ? 1 : 0) && ev->text.len &&
	    ev->text.buf[ev->text.len - 1] != '\n')
		ct_buf_addch(&ev->text, '\n');
	if (d == 2) {
		if (name_is(name, len, "System"))
			ev->section = SEC_SYSTEM;
		else if (name_is(name, len, "EventData"))
			ev->section = SEC_EVENTDATA;
		else if (name_is(name, len, "UserData"))
			ev->section = SEC_USERDATA;
		else
			ev->section = SEC_OTHER;
		return;
	}
	if (d == 3 && ev->section == SEC_SYSTEM) {
		ev->sys_elem = S_OTHER;
		for (i = 0; i < CT_ARRAY_SIZE(sys_names); i++)
			if (name_is(name, len, sys_names[i].name))
				ev->sys_elem = sys_names[i].e;
		ct_buf_reset(&ev->text);
		return;
	}
	if (ev->section == SEC_EVENTDATA && d == 3) {
		ev->field_depth = 3;
		ct_buf_reset(&ev->text);
		ct_buf_reset(&ev->fname);
		return;
	}
	if (ev->section == SEC_USERDATA && (d == 3 || d == 4)) {
		if (d == 4)
			ev->field_children++;
		else
			ev->field_children = 0;
		ev->field_depth = d;
		ct_buf_reset(&ev->text);
		ct_buf_reset(&ev->fname);
		ct_buf_add(&ev->fname, name, len);
	}
}

void
ct_evtx_ev_attr(struct evtx_event *ev, const char *name, size_t nlen,
    const char *val, size_t vlen)
{
	int64_t v;

#ifdef EVTX_TRACE
	fprintf(stderr, "attr %.*s=%.*s\n", (int)nlen, name, (int)vlen, val);
#endif
	if (ev->depth == 3 && ev->section == SEC_SYSTEM) {
		switch (ev->sys_elem) {
		case S_PROVIDER:
			if (name_is(name, nlen, "Name"))
				ev->provider = store(ev, val, vlen);
			else if (name_is(name, nlen, "Guid"))
				ev->provider_guid = store(ev, val, vlen);
			else if (name_is(name, nlen, "EventSourceName"))
				ev->event_source = store(ev, val, vlen);
			break;
		case S_EVENTID:
			if (name_is(name, nlen, "Qualifiers") &&
			    parse_int(val, vlen, &v) == 0)
				ev->qualifiers = v;
			break;
		case S_TIMECREATED:
			if (name_is(name, nlen, "SystemTime")) {
				char tmp[64];
				size_t n = vlen < sizeof(tmp) - 1 ? vlen :
				    sizeof(tmp) - 1;

				memcpy(tmp, val, n);
				tmp[n] = '\0';
				if (ct_time_parse(tmp, &v) == 0)
					ev->created = v;
			}
			break;
		case S_EXECUTION:
			if (name_is(name, nlen, "ProcessID") &&
			    parse_int(val, vlen, &v) == 0)
				ev->pid = v;
			else if (name_is(name, nlen, "ThreadID") &&
			    parse_int(val, vlen, &v) == 0)
				ev->tid = v;
			break;
		case S_SECURITY:
			if (name_is(name, nlen, "UserID"))
				ev->user_sid = store(ev, val, vlen);
			break;
		default:
			break;
		}
		return;
	}
	if (ev->section == SEC_EVENTDATA && ev->depth == 3 &&
	    ev->field_depth == 3 && name_is(name, nlen, "Name")) {
		ct_buf_reset(&ev->fname);
		ct_buf_add(&ev->fname, val, vlen);
	}
}

void
ct_evtx_ev_text(struct evtx_event *ev, const char *s, size_t len)
{
#ifdef EVTX_TRACE
	fprintf(stderr, "text %.*s\n", (int)len, s);
#endif
	if ((ev->section == SEC_SYSTEM && ev->depth == 3) ||
	    (ev->field_depth && ev->depth >= ev->field_depth)) {
		ct_buf_add(&ev->text, s, len);
		if (ev->text.truncated)
			ev->truncated = 1;
	}
}

static void
commit_system(struct evtx_event *ev)
{
	const char *t = ev->text.buf;
	size_t n = ev->text.len;
	int64_t v;

	switch (ev->sys_elem) {
	case S_EVENTID:
		if (parse_int(t, n, &v) == 0)
			ev->event_id = v;
		break;
	case S_VERSION:
		if (parse_int(t, n, &v) == 0)
			ev->version = v;
		break;
	case S_LEVEL:
		if (parse_int(t, n, &v) == 0)
			ev->level = v;
		break;
	case S_TASK:
		if (parse_int(t, n, &v) == 0)
			ev->task = v;
		break;
	case S_OPCODE:
		if (parse_int(t, n, &v) == 0)
			ev->opcode = v;
		break;
	case S_KEYWORDS:
		if (n)
			ev->keywords = store(ev, t, n);
		break;
	case S_RECORDID:
		if (parse_int(t, n, &v) == 0)
			ev->event_record_id = v;
		break;
	case S_CHANNEL:
		if (n)
			ev->channel = store(ev, t, n);
		break;
	case S_COMPUTER:
		if (n)
			ev->computer = store(ev, t, n);
		break;
	default:
		break;
	}
}

static void
commit_field(struct evtx_event *ev)
{
	char tmp[32];

	if (ev->fname.len == 0) {
		const char *el = ev->names[ev->field_depth <
		    EVTX_MAX_DEPTH ? ev->field_depth : 0];

		if (strcmp(el, "Data") == 0) {
			int k = snprintf(tmp, sizeof(tmp), "Data[%d]",
			    ev->unnamed++);

			ct_buf_add(&ev->fname, tmp, (size_t)k);
		} else {
			ct_buf_adds(&ev->fname, el);
		}
	}
	add_field(ev, ev->fname.buf, ev->fname.len, ev->text.buf,
	    ev->text.len);
}

void
ct_evtx_ev_close(struct evtx_event *ev)
{
	int d = ev->depth;

	if (d <= 0)
		return;
	if (ev->section == SEC_SYSTEM && d == 3) {
		commit_system(ev);
		ev->sys_elem = S_NONE;
	} else if (ev->field_depth && d == ev->field_depth) {
		/*
		 * A UserData wrapper with child elements is not a field
		 * itself; one without children is.
		 */
		if (!(ev->section == SEC_USERDATA && d == 3 &&
		    ev->field_children))
			commit_field(ev);
		ev->field_depth = (ev->section == SEC_USERDATA && d == 4) ?
		    3 : 0;
		if (ev->field_depth == 3)
			ct_buf_reset(&ev->text);
	}
	if (d == 2)
		ev->section = SEC_NONE;
	ev->depth--;
}

void
ct_evtx_ev_finish(struct evtx_event *ev)
{
	while (ev->depth > 0)
		ct_evtx_ev_close(ev);
}
