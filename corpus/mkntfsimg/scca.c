/*
 * scca.c - writer for Windows Prefetch files (SCCA), uncompressed, format version 30 with
 * the 220-byte file information block (metrics array at 0x130), which is the version 26
 * layout: header (84 bytes), file information (220), file metrics (32 bytes each), trace
 * chains (8 bytes each in version 30), file name strings (UTF-16LE, NUL-terminated), volume
 * information (96 bytes in version 30) followed by the volume path, the file references and
 * the directory strings. Windows 10 stores these files MAM-compressed; readers such as
 * libscca also read them uncompressed.
 */
#define _GNU_SOURCE
#include "scca.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct out {
	unsigned char *b;
	size_t len, cap;
	int failed;
};

static void grow(struct out *o, size_t need)
{
	if (o->failed || o->len + need <= o->cap)
		return;
	size_t cap = o->cap ? o->cap : 4096;
	while (cap < o->len + need)
		cap *= 2;
	unsigned char *n = realloc(o->b, cap);
	if (!n) {
		o->failed = 1;
		return;
	}
	memset(n + o->cap, 0, cap - o->cap);
	o->b = n;
	o->cap = cap;
}

static void put(struct out *o, size_t at, uint64_t v, int n)
{
	grow(o, at + (size_t)n > o->len ? at + (size_t)n - o->len : 0);
	if (o->failed)
		return;
	for (int i = 0; i < n; i++)
		o->b[at + (size_t)i] = (unsigned char)(v >> (8 * i));
	if (at + (size_t)n > o->len)
		o->len = at + (size_t)n;
}

static void pad(struct out *o, size_t align)
{
	size_t n = (align - o->len % align) % align;
	grow(o, n);
	if (!o->failed)
		o->len += n;
}

/* Append s as UTF-16LE plus a NUL; returns its length in chars. ASCII only (checked by
 * scca_build): Windows paths in prefetch files are upper-case and these are ours. */
static size_t put_utf16(struct out *o, const char *s)
{
	size_t n = strlen(s);
	for (size_t i = 0; i < n; i++)
		put(o, o->len, (unsigned char)s[i], 2);
	put(o, o->len, 0, 2);
	return n;
}

uint32_t scca_hash(const char *device_path)
{
	uint32_t h = 314159;
	for (const unsigned char *p = (const unsigned char *)device_path; *p; p++) {
		h = h * 37 + *p; /* low byte of the UTF-16LE code unit */
		h = h * 37 + 0;  /* high byte (ASCII paths) */
	}
	return h;
}

int scca_build(const struct scca_spec *s, unsigned char **out, size_t *len)
{
	struct out o = {0};
	if (strlen(s->executable) > 29 || s->n_run_times > 8) {
		fprintf(stderr, "mkntfsimg: prefetch: executable name over 29 characters or more than 8 run times\n");
		return -1;
	}
	const char *all[3] = {s->executable, s->device_path, s->volume_path};
	for (size_t i = 0; i < 3 + s->n_files + s->n_dirs; i++) {
		const char *p = i < 3 ? all[i] : i < 3 + s->n_files ? s->files[i - 3] : s->dirs[i - 3 - s->n_files];
		for (; *p; p++)
			if ((unsigned char)*p >= 0x80) {
				fprintf(stderr, "mkntfsimg: prefetch: only ASCII paths are supported\n");
				return -1;
			}
	}
	/* header */
	put(&o, 0, 30, 4);
	memcpy(o.b + 4, "SCCA", 4);
	put(&o, 8, 0x11, 4);
	for (size_t i = 0; s->executable[i]; i++)
		put(&o, 16 + 2 * i, (unsigned char)s->executable[i], 2);
	put(&o, 76, scca_hash(s->device_path), 4);
	put(&o, 80, 0, 4);
	/* file information: 84..304 */
	const size_t fi = 84;
	put(&o, fi + 219, 0, 1);
	for (size_t i = 0; i < s->n_run_times; i++)
		put(&o, fi + 44 + 8 * i, (uint64_t)s->run_times[i], 8);
	put(&o, fi + 124, s->run_count, 4);
	/* metrics (one trace chain entry per file) */
	size_t metrics = o.len;
	size_t chains = metrics + 32 * s->n_files;
	size_t strings = chains + 8 * s->n_files;
	o.len = strings;
	grow(&o, 0);
	size_t str_off = 0;
	for (size_t i = 0; i < s->n_files; i++) {
		size_t m = metrics + 32 * i;
		put(&o, m + 0, i, 4);          /* start: index of its first trace chain entry */
		put(&o, m + 4, 1, 4);          /* number of trace chain entries */
		put(&o, m + 8, 0, 4);
		put(&o, m + 12, str_off, 4);   /* byte offset in the file name strings */
		size_t at = o.len;
		size_t n = put_utf16(&o, s->files[i]);
		put(&o, m + 16, n, 4);
		put(&o, m + 20, 0x200, 4);     /* flags: resource (data) file */
		put(&o, m + 24, s->file_refs ? s->file_refs[i] : 0, 8);
		str_off += o.len - at;
		size_t c = chains + 8 * i;
		put(&o, c + 0, 1 + i % 7, 4);  /* blocks loaded */
		put(&o, c + 4, 0x00ff0000u | 0x02, 4);
	}
	size_t strings_size = o.len - strings;
	pad(&o, 8);
	/* volume information: one volume */
	size_t vol = o.len;
	o.len = vol + 96;
	grow(&o, 0);
	size_t path_off = o.len - vol;
	size_t path_chars = put_utf16(&o, s->volume_path);
	pad(&o, 8);
	size_t refs_off = o.len - vol;
	put(&o, o.len, 3, 4);                  /* file references: version 3 */
	put(&o, o.len, s->n_files + 1, 4);     /* number of entries, as Windows counts them */
	put(&o, o.len, 0, 8);
	for (size_t i = 0; i < s->n_files; i++)
		put(&o, o.len, s->file_refs ? s->file_refs[i] : 0, 8);
	size_t refs_size = o.len - vol - refs_off;
	size_t dirs_off = o.len - vol;
	for (size_t i = 0; i < s->n_dirs; i++) {
		put(&o, o.len, strlen(s->dirs[i]), 2);
		put_utf16(&o, s->dirs[i]);
	}
	pad(&o, 8);
	size_t vol_size = o.len - vol;
	put(&o, vol + 0, path_off, 4);
	put(&o, vol + 4, path_chars, 4);
	put(&o, vol + 8, (uint64_t)s->volume_created, 8);
	put(&o, vol + 16, s->volume_serial, 4);
	put(&o, vol + 20, refs_off, 4);
	put(&o, vol + 24, refs_size, 4);
	put(&o, vol + 28, dirs_off, 4);
	put(&o, vol + 32, s->n_dirs, 4);
	/* file information offsets and sizes */
	put(&o, fi + 0, metrics, 4);
	put(&o, fi + 4, s->n_files, 4);
	put(&o, fi + 8, chains, 4);
	put(&o, fi + 12, s->n_files, 4);
	put(&o, fi + 16, strings, 4);
	put(&o, fi + 20, strings_size, 4);
	put(&o, fi + 24, vol, 4);
	put(&o, fi + 28, 1, 4);
	put(&o, fi + 32, vol_size, 4);
	put(&o, 12, o.len, 4);
	if (o.failed) {
		free(o.b);
		return -1;
	}
	*out = o.b;
	*len = o.len;
	return 0;
}
