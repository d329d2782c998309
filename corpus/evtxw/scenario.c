/*
 * scenario.c - turn a scenario file (JSON Lines, see corpus/README.md)
 * into EVTX files, one per channel, named as Windows names them
 * ("Microsoft-Windows-Sysmon/Operational" -> "Microsoft-Windows-Sysmon%4Operational.evtx").
 *
 * Lines are read and written one at a time, so the scenario can be larger
 * than memory.  Events of one channel must come in the order they are to
 * be numbered; the tool does not sort.
 */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "binxml.h"
#include "evtxw.h"
#include "scenario.h"

#define MAX_CHANNELS	32

struct chan {
	char *name;
	struct ew_writer *w;
};

struct run {
	struct chan ch[MAX_CHANNELS];
	int nch;
	const char *outdir;
	const char *inname;
	unsigned long line;
};

static int
fail(const struct run *r, const char *msg, const char *detail)
{
	fprintf(stderr, "%s:%lu: %s%s%s\n", r->inname, r->line, msg,
	    detail ? ": " : "", detail ? detail : "");
	return -1;
}

static struct ew_writer *
writer_for(struct run *r, const char *channel)
{
	struct ew_buf path = EW_BUF_INIT;
	char err[160];
	const char *p;
	int i;

	for (i = 0; i < r->nch; i++)
		if (strcmp(r->ch[i].name, channel) == 0)
			return r->ch[i].w;
	if (r->nch == MAX_CHANNELS) {
		fail(r, "too many channels", channel);
		return NULL;
	}
	if (*channel == '\0' || strstr(channel, "..") != NULL ||
	    strchr(channel, '\\') != NULL) {
		fail(r, "bad channel name", channel);
		return NULL;
	}
	ew_buf_add(&path, r->outdir, strlen(r->outdir));
	ew_buf_add_u8(&path, '/');
	for (p = channel; *p; p++) {
		if (*p == '/')
			ew_buf_add(&path, "%4", 2);
		else
			ew_buf_add_u8(&path, (uint8_t)*p);
	}
	ew_buf_add(&path, ".evtx", 6);
	if (!ew_buf_ok(&path)) {
		fail(r, "out of memory", NULL);
		return NULL;
	}
	r->ch[r->nch].w = ew_writer_open((const char *)path.data, err,
	    sizeof(err));
	ew_buf_release(&path);
	if (r->ch[r->nch].w == NULL) {
		fail(r, err, NULL);
		return NULL;
	}
	r->ch[r->nch].name = strdup(channel);
	if (r->ch[r->nch].name == NULL) {
		ew_writer_abort(r->ch[r->nch].w);
		fail(r, "out of memory", NULL);
		return NULL;
	}
	return r->ch[r->nch++].w;
}

/* An unsigned member, given as a JSON integer or a "0x.." string. */
static int
get_uint(json_t *o, const char *key, uint64_t max, uint64_t dflt,
    uint64_t *out)
{
	json_t *v = json_object_get(o, key);
	char *end;

	if (v == NULL || json_is_null(v)) {
		*out = dflt;
		return 0;
	}
	if (json_is_integer(v) && json_integer_value(v) >= 0) {
		*out = (uint64_t)json_integer_value(v);
	} else if (json_is_string(v) && json_string_value(v)[0] != '-') {
		*out = strtoull(json_string_value(v), &end, 0);
		if (*end != '\0' || end == json_string_value(v))
			return -1;
	} else {
		return -1;
	}
	return *out > max ? -1 : 0;
}

static const char *
get_str(json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);

	return json_is_string(v) ? json_string_value(v) : NULL;
}

static int
fill_event(struct run *r, struct ew_event *ev, json_t *o)
{
	static const struct {
		const char *key;
		uint64_t max;
	} nums[] = {
		{ "eid", 0xffff }, { "version", 0xff }, { "level", 0xff },
		{ "task", 0xffff }, { "opcode", 0xff },
		{ "keywords", UINT64_MAX }, { "pid", 0xffffffffu },
		{ "tid", 0xffffffffu },
	};
	uint64_t v[8], q;
	const char *s;
	json_t *data, *item;
	size_t i;
	char num[32];

	for (i = 0; i < 8; i++)
		if (get_uint(o, nums[i].key, nums[i].max, 0, &v[i]) != 0)
			return fail(r, "bad number in member", nums[i].key);
	ev->event_id = (uint16_t)v[0];
	ev->version = (uint8_t)v[1];
	ev->level = (uint8_t)v[2];
	ev->task = (uint16_t)v[3];
	ev->opcode = (uint8_t)v[4];
	ev->keywords = v[5];
	ev->pid = (uint32_t)v[6];
	ev->tid = (uint32_t)v[7];
	if (json_object_get(o, "qualifiers") != NULL) {
		if (get_uint(o, "qualifiers", 0xffff, 0, &q) != 0)
			return fail(r, "bad number in member", "qualifiers");
		ev->has_qualifiers = 1;
		ev->qualifiers = (uint16_t)q;
	}
	if ((s = get_str(o, "time")) == NULL || ew_parse_time(s, &ev->time) != 0)
		return fail(r, "missing or bad 'time'", s);
	if ((s = get_str(o, "user")) != NULL) {
		if (ew_parse_sid(s, ev->user_sid, sizeof(ev->user_sid),
		    &ev->user_sid_len) != 0)
			return fail(r, "bad 'user' SID", s);
		ev->has_user = 1;
	}
	if ((s = get_str(o, "activity")) != NULL) {
		if (ew_parse_guid(s, ev->activity) != 0)
			return fail(r, "bad 'activity' GUID", s);
		ev->has_activity = 1;
	}
	if (ew_event_set_str(&ev->channel, get_str(o, "channel")) != 0 ||
	    ew_event_set_str(&ev->provider, get_str(o, "provider")) != 0 ||
	    ew_event_set_str(&ev->provider_guid, get_str(o, "guid")) != 0 ||
	    ew_event_set_str(&ev->computer, get_str(o, "computer")) != 0)
		return fail(r, "out of memory", NULL);
	if (!ev->channel || !ev->provider || !ev->computer)
		return fail(r, "missing 'channel', 'provider' or 'computer'", NULL);

	data = json_object_get(o, "data");
	if (data != NULL && !json_is_array(data))
		return fail(r, "'data' is not an array", NULL);
	json_array_foreach(data, i, item) {
		json_t *jn = json_array_get(item, 0), *jv = json_array_get(item, 1);
		json_t *jt = json_array_get(item, 2);
		const char *name = NULL, *text;
		int type = VT_STRING;

		if (!json_is_array(item) || json_array_size(item) < 2 ||
		    json_array_size(item) > 3)
			return fail(r, "data item is not [name, value(, type)]", NULL);
		if (json_is_string(jn))
			name = json_string_value(jn);
		else if (!json_is_null(jn))
			return fail(r, "data name is neither string nor null", NULL);
		if (jt != NULL) {
			if (!json_is_string(jt) ||
			    (type = ew_type_from_name(json_string_value(jt))) < 0)
				return fail(r, "unknown data type", json_string_value(jt));
		}
		if (json_is_string(jv)) {
			text = json_string_value(jv);
		} else if (json_is_integer(jv)) {
			snprintf(num, sizeof(num), "%lld",
			    (long long)json_integer_value(jv));
			text = num;
			if (jt == NULL)
				type = VT_UINT32;
		} else if (json_is_boolean(jv)) {
			text = json_is_true(jv) ? "true" : "false";
			if (jt == NULL)
				type = VT_BOOL;
		} else {
			return fail(r, "data value is not string/integer/boolean",
			    name);
		}
		if (ew_event_add_field(ev, name, (uint8_t)type, text) != 0)
			return fail(r, ev->err[0] ? ev->err : "out of memory", NULL);
	}
	return 0;
}

int
ew_scenario_run(FILE *in, const char *inname, const char *outdir)
{
	struct run r;
	struct ew_event ev;
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;
	int rc = 0, i;

	memset(&r, 0, sizeof(r));
	r.outdir = outdir;
	r.inname = inname;
	ew_event_init(&ev);
	while (rc == 0 && (n = getline(&line, &cap, in)) >= 0) {
		json_error_t jerr;
		json_t *o;
		struct ew_writer *w;

		r.line++;
		while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
			line[--n] = '\0';
		if (n == 0 || line[0] == '#')
			continue;
		o = json_loadb(line, (size_t)n, JSON_REJECT_DUPLICATES, &jerr);
		if (!json_is_object(o)) {
			rc = fail(&r, "not a JSON object", jerr.text);
			json_decref(o);
			break;
		}
		if (json_object_get(o, "format") != NULL) {
			const char *f = get_str(o, "format");

			if (f == NULL || strcmp(f, "casetrail-evtx-scenario/1") != 0)
				rc = fail(&r, "unknown scenario format", f);
			json_decref(o);
			continue;
		}
		ew_event_clear(&ev);
		if (fill_event(&r, &ev, o) != 0 ||
		    (w = writer_for(&r, ev.channel)) == NULL) {
			rc = -1;
		} else if (ew_writer_add(w, &ev) != 0) {
			rc = fail(&r, ew_writer_error(w), NULL);
		}
		json_decref(o);
	}
	free(line);
	ew_event_release(&ev);
	for (i = 0; i < r.nch; i++) {
		if (rc == 0 && ew_writer_close(r.ch[i].w) != 0)
			rc = fail(&r, "cannot finish file for channel", r.ch[i].name);
		else if (rc != 0)
			ew_writer_abort(r.ch[i].w);
		free(r.ch[i].name);
	}
	if (rc == 0 && ferror(in))
		rc = fail(&r, "read error", NULL);
	return rc;
}
