/*
 * words.c - evidence text in sentences and details: times in words,
 * shortened text, JSON members (see words.h).
 */
#include "compat.h"

#include "casedb.h"
#include "timefmt.h"
#include "words.h"

void
an_time_words(struct ct_buf *out, int64_t ts)
{
	char iso[CT_TIME_ISO_LEN];

	if (ts == CT_NULL_INT) {
		ct_buf_adds(out, "at an unknown time");
		return;
	}
	ct_time_iso(ts, iso);
	if (iso[4] != '-') {	/* "invalid:..." */
		ct_buf_addf(out, "%s", iso);
		return;
	}
	/* "2024-03-13T14:02:15.6000000Z" -> "2024-03-13 14:02:15 UTC" */
	ct_buf_add(out, iso, 10);
	ct_buf_addch(out, ' ');
	ct_buf_add(out, iso + 11, 8);
	ct_buf_adds(out, " UTC");
}

/* Append s (evidence text) shortened to max bytes, with an ellipsis. */
void
an_add_short(struct ct_buf *b, const char *s, size_t max)
{
	size_t n = strlen(s);

	if (n <= max) {
		ct_buf_add_utf8_clean(b, s, n);
		return;
	}
	/* Do not cut inside a UTF-8 sequence. */
	while (max > 0 && ((unsigned char)s[max] & 0xc0) == 0x80)
		max--;
	ct_buf_add_utf8_clean(b, s, max);
	ct_buf_adds(b, "…");
}

void
an_json_kv(struct ct_buf *b, const char *key, const char *val, size_t max)
{
	size_t n = val ? strlen(val) : 0;

	if (b->len > 1)
		ct_buf_addch(b, ',');
	ct_buf_addf(b, "\"%s\":", key);
	if (val == NULL) {
		ct_buf_adds(b, "null");
		return;
	}
	ct_buf_addch(b, '"');
	ct_buf_add_json_str(b, val, n > max ? max : n);
	ct_buf_addch(b, '"');
}
