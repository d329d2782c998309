/*
 * lnk.c - encode a Shell Link (see lnk.h).  Sizes and flags follow
 * [MS-SHLLINK] 2.1 (ShellLinkHeader, 76 bytes), 2.3 (LinkInfo with a
 * VolumeID and a LocalBasePath, header size 0x1C: no Unicode paths), 2.4
 * (StringData: a 16-bit character count, UTF-16LE, no terminator) and
 * 2.5.10 (TrackerDataBlock, 0x60 bytes).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "le.h"
#include "lnk.h"
#include "utf16.h"

#define HAS_LINK_INFO		0x00000002u
#define HAS_NAME		0x00000004u
#define HAS_RELATIVE_PATH	0x00000008u
#define HAS_WORKING_DIR		0x00000010u
#define HAS_ARGUMENTS		0x00000020u
#define HAS_ICON_LOCATION	0x00000040u
#define IS_UNICODE		0x00000080u

struct out {
	uint8_t *p;
	size_t len, cap;
	int oom;
};

static uint8_t *
room(struct out *o, size_t n)
{
	if (o->oom)
		return NULL;
	if (o->len + n > o->cap) {
		size_t cap = o->cap ? o->cap : 512;
		uint8_t *p;

		while (cap < o->len + n)
			cap *= 2;
		p = realloc(o->p, cap);
		if (p == NULL) {
			o->oom = 1;
			return NULL;
		}
		o->p = p;
		o->cap = cap;
	}
	memset(o->p + o->len, 0, n);
	o->len += n;
	return o->p + o->len - n;
}

static void
add32(struct out *o, uint32_t v)
{
	uint8_t *p = room(o, 4);

	if (p)
		rf_le32(p, v);
}

static int
ascii(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s >= 0x80)
			return 0;
	return 1;
}

/* StringData: count of UTF-16 units, then the units. */
static int
add_string(struct out *o, const char *s)
{
	size_t n, i;
	uint16_t *u = rf_utf16(s, strlen(s), &n);
	uint8_t *p;

	if (u == NULL || n > 0xffff) {
		free(u);
		return -1;
	}
	p = room(o, 2 + 2 * n);
	if (p) {
		rf_le16(p, (uint16_t)n);
		for (i = 0; i < n; i++)
			rf_le16(p + 2 + 2 * i, u[i]);
	}
	free(u);
	return 0;
}

int
lnk_encode(const struct lnk *l, uint8_t **outp, size_t *lenp, char *err, size_t errlen)
{
	static const uint8_t clsid[16] = { 0x01, 0x14, 0x02, 0x00, 0x00, 0x00,
	    0x00, 0x00, 0xc0, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x46 };
	const char *strs[5] = { l->description, l->relative_path, l->working_dir,
	    l->arguments, l->icon_location };
	static const uint32_t sflag[5] = { HAS_NAME, HAS_RELATIVE_PATH,
	    HAS_WORKING_DIR, HAS_ARGUMENTS, HAS_ICON_LOCATION };
	struct out o = { NULL, 0, 0, 0 };
	uint32_t flags = HAS_LINK_INFO | IS_UNICODE;
	size_t label_len, path_len, vol_len, info_len, i;
	uint8_t *p;

	/* LinkInfo's paths are in the system code page; keep them ASCII so the
	 * file does not depend on one. */
	if (!ascii(l->target) || !ascii(l->label)) {
		snprintf(err, errlen, "target path and volume label must be ASCII");
		return -1;
	}
	for (i = 0; i < 5; i++)
		if (strs[i] != NULL)
			flags |= sflag[i];
	p = room(&o, 76);
	if (p == NULL)
		goto oom;
	rf_le32(p, 0x4c);
	memcpy(p + 4, clsid, 16);
	rf_le32(p + 20, flags);
	rf_le32(p + 24, l->attributes);
	rf_le64(p + 28, (uint64_t)l->created);
	rf_le64(p + 36, (uint64_t)l->accessed);
	rf_le64(p + 44, (uint64_t)l->modified);
	rf_le32(p + 52, l->size);
	rf_le32(p + 56, (uint32_t)l->icon_index);
	rf_le32(p + 60, l->show ? l->show : 1);
	/* hot key 0 and three reserved fields */

	label_len = strlen(l->label) + 1;
	path_len = strlen(l->target) + 1;
	vol_len = 16 + label_len;
	info_len = 0x1c + vol_len + path_len + 1;
	if (info_len > 0xffff) {
		snprintf(err, errlen, "target path too long");
		free(o.p);
		return -1;
	}
	p = room(&o, info_len);
	if (p == NULL)
		goto oom;
	rf_le32(p, (uint32_t)info_len);
	rf_le32(p + 4, 0x1c);			/* header without Unicode offsets */
	rf_le32(p + 8, 1);			/* VolumeIDAndLocalBasePath */
	rf_le32(p + 12, 0x1c);			/* VolumeID */
	rf_le32(p + 16, (uint32_t)(0x1c + vol_len));	/* LocalBasePath */
	rf_le32(p + 20, 0);			/* no CommonNetworkRelativeLink */
	rf_le32(p + 24, (uint32_t)(0x1c + vol_len + path_len));	/* CommonPathSuffix "" */
	rf_le32(p + 0x1c, (uint32_t)vol_len);
	rf_le32(p + 0x1c + 4, l->drive_type);
	rf_le32(p + 0x1c + 8, l->serial);
	rf_le32(p + 0x1c + 12, 0x10);		/* label right after the VolumeID header */
	memcpy(p + 0x1c + 16, l->label, label_len);
	memcpy(p + 0x1c + vol_len, l->target, path_len);

	for (i = 0; i < 5; i++)
		if (strs[i] != NULL && add_string(&o, strs[i]) != 0) {
			snprintf(err, errlen, "bad string data '%s'", strs[i]);
			free(o.p);
			return -1;
		}
	if (l->machine != NULL) {
		size_t n = strlen(l->machine);

		if (n > 15 || !ascii(l->machine)) {
			snprintf(err, errlen, "machine ID '%s': at most 15 ASCII characters", l->machine);
			free(o.p);
			return -1;
		}
		p = room(&o, 0x60);
		if (p == NULL)
			goto oom;
		rf_le32(p, 0x60);
		rf_le32(p + 4, 0xa0000003);	/* TrackerDataBlock */
		rf_le32(p + 8, 0x58);
		rf_le32(p + 12, 0);		/* version */
		memcpy(p + 16, l->machine, n);
		memcpy(p + 32, l->droid_volume, 16);
		memcpy(p + 48, l->droid_file, 16);
		memcpy(p + 64, l->droid_volume, 16);	/* birth droid: the same, */
		memcpy(p + 80, l->droid_file, 16);	/* the file never moved */
	}
	add32(&o, 0);				/* TerminalBlock */
	if (o.oom)
		goto oom;
	*outp = o.p;
	*lenp = o.len;
	return 0;
oom:
	free(o.p);
	snprintf(err, errlen, "out of memory");
	return -1;
}
