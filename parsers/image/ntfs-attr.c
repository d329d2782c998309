/*
 * ntfs-attr.c - NTFS attribute content decoded from bytes (see
 * ntfs-attr.h): $STANDARD_INFORMATION and $FILE_NAME, the alternate data
 * stream list, Zone.Identifier. No libtsk here: image-walk.c finds the
 * attributes and hands their bytes over.
 */
#include "compat.h"

#include <strings.h>

#include "bytes.h"
#include "ntfs-attr.h"
#include "utf8.h"
#include "xalloc.h"

/* The four FILETIMEs at p, in the order both attributes store them. */
static void
times_decode(const uint8_t *p, struct ct_ntfs_times *t)
{
	t->created = (int64_t)ct_le64(p);
	t->modified = (int64_t)ct_le64(p + 8);
	t->entry_changed = (int64_t)ct_le64(p + 16);
	t->accessed = (int64_t)ct_le64(p + 24);
}

int
ct_ntfs_si_decode(const uint8_t *p, size_t n, struct ct_ntfs_times *t)
{
	if (n < CT_NTFS_SI_MIN)
		return -1;
	times_decode(p, t);
	return 0;
}

int
ct_ntfs_fn_decode(const uint8_t *p, size_t n, struct ct_ntfs_fn *fn)
{
	size_t units;
	uint64_t ref;

	if (n < CT_NTFS_FN_MIN)
		return -1;
	units = p[64];
	if (!CT_FITS(n, CT_NTFS_FN_MIN, units * 2))
		return -1;
	/* A file reference: 48 bits of MFT entry, 16 of sequence number. */
	ref = ct_le64(p);
	fn->parent = (int64_t)(ref & 0xffffffffffffULL);
	fn->parent_seq = (int64_t)(ref >> 48);
	times_decode(p + 8, &fn->t);
	fn->ns = p[65];
	fn->name = p + CT_NTFS_FN_MIN;
	fn->name_units = units;
	return 0;
}

int
ct_ntfs_fn_prefer(const struct ct_ntfs_fn *best, const struct ct_ntfs_fn *cand)
{
	if (best == NULL)
		return 1;
	/* The DOS name is an alias: the long one is what Explorer shows. */
	return best->ns == CT_NTFS_NS_DOS && cand->ns != CT_NTFS_NS_DOS;
}

/* ---- alternate data streams ---- */

void
ct_ntfs_streams_init(struct ct_ntfs_streams *s)
{
	ct_buf_init(&s->json, 0);
	s->named = 0;
}

int
ct_ntfs_streams_add(struct ct_ntfs_streams *s, const char *name,
    int64_t size)
{
	if (name == NULL || name[0] == '\0' || strcmp(name, "$Data") == 0)
		return 0;
	if (s->named++ >= CT_NTFS_STREAMS_MAX)
		return 0;
	ct_buf_adds(&s->json, s->json.len ? ",{\"name\":\"" : "[{\"name\":\"");
	ct_buf_add_json_str(&s->json, name, strlen(name));
	ct_buf_addf(&s->json, "\",\"size\":%" PRId64 "}", size);
	return 1;
}

char *
ct_ntfs_streams_finish(struct ct_ntfs_streams *s)
{
	char *json = NULL;

	if (s->named > CT_NTFS_STREAMS_MAX)
		ct_buf_addf(&s->json, ",{\"name\":null,\"more\":%d}",
		    s->named - CT_NTFS_STREAMS_MAX);
	if (s->json.len) {
		ct_buf_addch(&s->json, ']');
		json = ct_buf_detach(&s->json, NULL);
	}
	ct_ntfs_streams_release(s);
	return json;
}

void
ct_ntfs_streams_release(struct ct_ntfs_streams *s)
{
	ct_buf_release(&s->json);
	s->named = 0;
}

/* ---- Zone.Identifier ---- */

void
ct_ntfs_zone_init(struct ct_ntfs_zone *z)
{
	z->zone_id = -1;
	z->referrer = NULL;
	z->host_url = NULL;
}

void
ct_ntfs_zone_release(struct ct_ntfs_zone *z)
{
	free(z->referrer);
	free(z->host_url);
	ct_ntfs_zone_init(z);
}

/* Copy a "Key=value" line's value (CR/LF stripped, capped). */
static char *
zone_value(const char *line, size_t n)
{
	while (n && (line[n - 1] == '\r' || line[n - 1] == '\n'))
		n--;
	if (n > CT_NTFS_ZONE_FIELD_MAX)
		n = CT_NTFS_ZONE_FIELD_MAX;
	return ct_xstrndup(line, n);
}

void
ct_ntfs_zone_parse(struct ct_ntfs_zone *z, const uint8_t *p, size_t n)
{
	struct ct_buf text = CT_BUF_INIT;
	const char *s, *end;

	if (n >= 2 && p[0] == 0xff && p[1] == 0xfe)
		ct_utf8_from_utf16le(&text, p + 2, (n - 2) / 2, 1);
	else
		ct_buf_add(&text, p, strnlen((const char *)p, n));
	s = text.buf;
	end = text.buf + text.len;
	while (s < end) {
		const char *nl = memchr(s, '\n', (size_t)(end - s));
		size_t len = nl ? (size_t)(nl - s) : (size_t)(end - s);

		if (len > 7 && strncasecmp(s, "ZoneId=", 7) == 0) {
			char *v = zone_value(s + 7, len - 7), *ep;
			long id = strtol(v, &ep, 10);

			if (ep != v && id >= 0 && id < 1000)
				z->zone_id = (int)id;
			free(v);
		} else if (len > 12 && strncasecmp(s, "ReferrerUrl=", 12) == 0 &&
		    z->referrer == NULL) {
			z->referrer = zone_value(s + 12, len - 12);
		} else if (len > 8 && strncasecmp(s, "HostUrl=", 8) == 0 &&
		    z->host_url == NULL) {
			z->host_url = zone_value(s + 8, len - 8);
		}
		s += len + 1;
	}
	ct_buf_release(&text);
}
