/*
 * event.c - the in-memory event of the EVTX writer and the text-to-value
 * conversions for its fields (see evtxw.h).
 *
 * Value encodings follow the libyal libevtx documentation, "Value types":
 * little-endian integers, GUID in Windows (mixed-endian) order, binary SID
 * (revision, count, 48-bit big-endian authority, 32-bit little-endian
 * sub-authorities), FILETIME, UTF-16LE strings without terminator.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "binxml.h"
#include "evtxw.h"

void
ew_event_init(struct ew_event *ev)
{
	memset(ev, 0, sizeof(*ev));
	ew_buf_init(&ev->vals);
}

void
ew_event_clear(struct ew_event *ev)
{
	size_t i;

	for (i = 0; i < ev->nfields; i++)
		free(ev->fields[i].name);
	ev->nfields = 0;
	ev->vals.len = 0;
	ev->vals.oom = 0;
	ev->event_id = 0;
	ev->has_qualifiers = 0;
	ev->qualifiers = 0;
	ev->version = ev->level = ev->opcode = 0;
	ev->task = 0;
	ev->keywords = 0;
	ev->time = 0;
	ev->pid = ev->tid = 0;
	ev->has_user = 0;
	ev->user_sid_len = 0;
	ev->has_activity = 0;
	ev->err[0] = '\0';
}

void
ew_event_release(struct ew_event *ev)
{
	ew_event_clear(ev);
	free(ev->fields);
	free(ev->channel);
	free(ev->provider);
	free(ev->provider_guid);
	free(ev->computer);
	ew_buf_release(&ev->vals);
	memset(ev, 0, sizeof(*ev));
}

int
ew_event_set_str(char **dst, const char *s)
{
	char *c = NULL;

	if (s != NULL && *dst != NULL && strcmp(*dst, s) == 0)
		return 0;
	if (s != NULL && (c = strdup(s)) == NULL)
		return -1;
	free(*dst);
	*dst = c;
	return 0;
}

static const struct {
	const char *name;
	uint8_t type;
} type_names[] = {
	{ "string", VT_STRING }, { "int8", VT_INT8 }, { "uint8", VT_UINT8 },
	{ "int16", VT_INT16 }, { "uint16", VT_UINT16 }, { "int32", VT_INT32 },
	{ "uint32", VT_UINT32 }, { "int64", VT_INT64 }, { "uint64", VT_UINT64 },
	{ "bool", VT_BOOL }, { "guid", VT_GUID }, { "filetime", VT_FILETIME },
	{ "sid", VT_SID }, { "hex32", VT_HEX32 }, { "hex64", VT_HEX64 },
};

int
ew_type_from_name(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(type_names) / sizeof(type_names[0]); i++)
		if (strcmp(type_names[i].name, name) == 0)
			return type_names[i].type;
	return -1;
}

static int
hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

int
ew_parse_guid(const char *s, uint8_t out[16])
{
	/* Byte i of the text form, in text order, goes to out[pos[i]]. */
	static const uint8_t pos[16] = { 3, 2, 1, 0, 5, 4, 7, 6,
	    8, 9, 10, 11, 12, 13, 14, 15 };
	int n = 0;

	if (*s == '{')
		s++;
	while (n < 16) {
		int hi, lo;

		if (*s == '-')
			s++;
		hi = hexval((unsigned char)s[0]);
		lo = hi < 0 ? -1 : hexval((unsigned char)s[1]);
		if (lo < 0)
			return -1;
		out[pos[n++]] = (uint8_t)(hi << 4 | lo);
		s += 2;
	}
	if (*s == '}')
		s++;
	return *s == '\0' ? 0 : -1;
}

static int
parse_u64(const char *s, uint64_t *v)
{
	char *end;
	unsigned long long x;

	if (*s == '\0' || *s == '-' || *s == ' ')
		return -1;
	errno = 0;
	x = strtoull(s, &end, 0);
	if (errno != 0 || *end != '\0')
		return -1;
	*v = x;
	return 0;
}

static int
parse_i64(const char *s, int64_t *v)
{
	char *end;
	long long x;

	if (*s == '\0')
		return -1;
	errno = 0;
	x = strtoll(s, &end, 0);
	if (errno != 0 || *end != '\0')
		return -1;
	*v = x;
	return 0;
}

int
ew_parse_sid(const char *s, uint8_t *out, size_t cap, size_t *len)
{
	uint64_t auth, sub;
	size_t n = 0;
	char tmp[24];

	if (strncmp(s, "S-1-", 4) != 0 || cap < 8)
		return -1;
	s += 4;
	for (;;) {
		size_t k = strcspn(s, "-");

		if (k == 0 || k >= sizeof(tmp))
			return -1;
		memcpy(tmp, s, k);
		tmp[k] = '\0';
		if (n == 0) {
			if (parse_u64(tmp, &auth) != 0 || auth > 0xffffffffffffull)
				return -1;
			out[0] = 1;
			for (int i = 0; i < 6; i++)
				out[2 + i] = (uint8_t)(auth >> (8 * (5 - i)));
		} else {
			if (parse_u64(tmp, &sub) != 0 || sub > 0xffffffffu ||
			    n > 15 || 8 + 4 * n > cap)
				return -1;
			ew_le32(out + 8 + 4 * (n - 1), (uint32_t)sub);
		}
		n++;
		s += k;
		if (*s == '\0')
			break;
		s++;
	}
	out[1] = (uint8_t)(n - 1);
	*len = 8 + 4 * (n - 1);
	return 0;
}

/* Days from 1970-01-01 to a civil date (proleptic Gregorian). */
static int64_t
days_from_civil(int64_t y, unsigned m, unsigned d)
{
	int64_t era;
	unsigned yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = (unsigned)(y - era * 400);
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (int64_t)doe - 719468;
}

int
ew_parse_time(const char *s, uint64_t *ft)
{
	unsigned y, mo, d, h, mi, se, frac = 0, digits = 0;
	int n = 0;
	int64_t secs;

	if (sscanf(s, "%4u-%2u-%2uT%2u:%2u:%2u%n", &y, &mo, &d, &h, &mi, &se,
	    &n) != 6 || n != 19)
		return -1;
	s += n;
	if (*s == '.') {
		s++;
		while (*s >= '0' && *s <= '9') {
			if (digits == 7)
				return -1;	/* finer than 100 ns */
			frac = frac * 10 + (unsigned)(*s - '0');
			digits++;
			s++;
		}
		if (digits == 0)
			return -1;
		for (; digits < 7; digits++)
			frac *= 10;
	}
	if (strcmp(s, "Z") != 0 || y < 1601 || mo < 1 || mo > 12 || d < 1 ||
	    d > 31 || h > 23 || mi > 59 || se > 59)
		return -1;
	secs = days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + se;
	/* 11644473600 s between 1601-01-01 and 1970-01-01. */
	*ft = (uint64_t)(secs + 11644473600LL) * 10000000u + frac;
	return 0;
}

static int
field_fail(struct ew_event *ev, const char *name, const char *text)
{
	snprintf(ev->err, sizeof(ev->err), "bad value for field '%s': '%.60s'",
	    name ? name : "(unnamed)", text);
	return -1;
}

int
ew_event_add_field(struct ew_event *ev, const char *name, uint8_t type,
    const char *text)
{
	struct ew_field *f;
	struct ew_buf *b = &ev->vals;
	size_t start = b->len;
	uint64_t u = 0;
	int64_t i = 0;
	uint8_t tmp[68];
	size_t n;
	long units;

	if (ev->nfields == ev->capfields) {
		size_t ncap = ev->capfields ? ev->capfields * 2 : 32;
		struct ew_field *nf = realloc(ev->fields, ncap * sizeof(*nf));

		if (nf == NULL)
			return -1;
		ev->fields = nf;
		ev->capfields = ncap;
	}
	f = &ev->fields[ev->nfields];
	f->type = type;
	f->decl_type = type;
	switch (type) {
	case VT_STRING:
		units = bx_utf8_to_utf16(b, text, strlen(text));
		if (units < 0) {
			b->len = start;
			return field_fail(ev, name, text);
		}
		break;
	case VT_UINT8: case VT_UINT16: case VT_UINT32: case VT_UINT64:
	case VT_HEX32: case VT_HEX64: case VT_FILETIME:
		if (type == VT_FILETIME && ew_parse_time(text, &u) == 0)
			;
		else if (parse_u64(text, &u) != 0)
			return field_fail(ev, name, text);
		if ((type == VT_UINT8 && u > 0xff) ||
		    (type == VT_UINT16 && u > 0xffff) ||
		    ((type == VT_UINT32 || type == VT_HEX32) && u > 0xffffffffu))
			return field_fail(ev, name, text);
		n = (type == VT_UINT8) ? 1 : (type == VT_UINT16) ? 2 :
		    (type == VT_UINT32 || type == VT_HEX32) ? 4 : 8;
		ew_le64(tmp, u);
		ew_buf_add(b, tmp, n);
		break;
	case VT_INT8: case VT_INT16: case VT_INT32: case VT_INT64:
		if (parse_i64(text, &i) != 0)
			return field_fail(ev, name, text);
		n = (type == VT_INT8) ? 1 : (type == VT_INT16) ? 2 :
		    (type == VT_INT32) ? 4 : 8;
		if (n < 8 && (i < -(INT64_C(1) << (8 * n - 1)) ||
		    i >= (INT64_C(1) << (8 * n - 1))))
			return field_fail(ev, name, text);
		ew_le64(tmp, (uint64_t)i);
		ew_buf_add(b, tmp, n);
		break;
	case VT_BOOL:
		if (strcmp(text, "true") == 0 || strcmp(text, "1") == 0)
			u = 1;
		else if (strcmp(text, "false") == 0 || strcmp(text, "0") == 0)
			u = 0;
		else
			return field_fail(ev, name, text);
		ew_buf_add_le32(b, (uint32_t)u);
		break;
	case VT_GUID:
		if (ew_parse_guid(text, tmp) != 0)
			return field_fail(ev, name, text);
		ew_buf_add(b, tmp, 16);
		break;
	case VT_SID:
		if (ew_parse_sid(text, tmp, sizeof(tmp), &n) != 0)
			return field_fail(ev, name, text);
		ew_buf_add(b, tmp, n);
		break;
	default:
		snprintf(ev->err, sizeof(ev->err), "unsupported value type 0x%02x",
		    (unsigned)type);
		return -1;
	}
	if (!ew_buf_ok(b))
		return -1;
	if (b->len - start > 0xffff) {
		b->len = start;
		snprintf(ev->err, sizeof(ev->err),
		    "field '%s' longer than 65535 bytes", name ? name : "(unnamed)");
		return -1;
	}
	f->off = start;
	f->len = b->len - start;
	f->name = NULL;
	if (name != NULL && (f->name = strdup(name)) == NULL)
		return -1;
	ev->nfields++;
	return 0;
}
