/*
 * recycle.c - the Recycle Bin: Vista and later $I files, XP's INFO2.
 *
 * Formats (libyal's "Windows Recycle.Bin file formats", read, not copied):
 *
 *  $Recycle.Bin/<SID>/$I<id><ext>, beside the deleted file renamed $R<id><ext>:
 *	0  u64 version: 1 (Vista to 8.1) or 2 (Windows 10 and later)
 *	8  u64 size of the deleted file
 *	16 FILETIME deletion time
 *	24 version 1: the original path, UTF-16LE, 260 units with NUL padding
 *	   version 2: u32 length in UTF-16 units (NUL included), then the path
 *
 *  RECYCLER/<SID>/INFO2 (Windows XP; Dc<index><ext> beside it): a 20-byte
 *  header (u32 version 5 (4 for Windows 9x), two counters, u32 record
 *  size 800 (280 without the Unicode path), u32 total size) and records:
 *	0   ANSI path, 260 bytes	260 u32 index (the Dc number)
 *	264 u32 drive number (0 = A:)	268 FILETIME deletion time
 *	276 u32 size of the file	280 Unicode path, 260 UTF-16LE units
 *
 * Every length and count is checked against the bytes there are: a $I
 * whose length runs past its end is read as far as it goes, with a
 * warning; INFO2 records past the last whole one are a warning too.
 */
#include "compat.h"

#include <strings.h>

#include "artefact.h"
#include "buf.h"
#include "bytes.h"
#include "casedb.h"
#include "files.h"
#include "utf8.h"
#include "xalloc.h"

#define I_HEADER	24	/* bytes before the path */
#define I_V1_PATH_UNITS	260
#define I_V2_MAX_UNITS	32768	/* the longest Windows path */
#define INFO2_HEADER	20
#define INFO2_REC_V5	800
#define INFO2_REC_V4	280
#define INFO2_PATH	260
#define RECYCLE_MAX_BYTES (64u << 20)	/* an INFO2 of 80,000 deletions */

static int64_t
filetime_or_null(uint64_t ft)
{
	return ft == 0 || ft > INT64_MAX ? CT_NULL_INT : (int64_t)ft;
}

/* Emit one deleted file; recycled_as may be NULL. */
static void
emit_deleted(struct ct_batch *b, const char *file, const char *locator,
    int64_t offset, int flags, const char *orig, int64_t size, int64_t deleted,
    const char *sid, const char *format, int version, const char *recycled_as,
    const char *extra_json)
{
	struct ct_artefact_row a;
	struct ct_buf data = CT_BUF_INIT, sum = CT_BUF_INIT;

	ct_artefact_row_init(&a, "recycle");
	a.path = orig;
	a.name = ct_files_basename(orig);
	a.size = size;
	a.time = deleted;
	a.user_sid = sid[0] ? sid : NULL;
	a.key_path = file;
	ct_buf_addf(&data, "{\"format\":\"%s\",\"version\":%d,\"recycled_as\":",
	    format, version);
	ct_files_json_str(&data, recycled_as);
	if (extra_json)
		ct_buf_adds(&data, extra_json);
	ct_buf_addch(&data, '}');
	a.data = data.buf;
	ct_buf_addf(&sum, "Deleted to the Recycle Bin: %s", orig[0] ? orig : "?");
	if (size != CT_NULL_INT)
		ct_buf_addf(&sum, " (%" PRId64 " bytes)", size);
	if (b)	/* NULL: the fuzz targets, which decode only */
		ct_artefact_emit(b, locator, offset, flags, &a, sum.buf,
		    "deleted (Recycle Bin)");
	ct_buf_release(&data);
	ct_buf_release(&sum);
}

int
ct_recycle_i_buffer(const uint8_t *p, size_t n, const char *path,
    struct ct_batch *b)
{
	struct ct_buf orig = CT_BUF_INIT;
	const char *base = ct_files_basename(path);
	char sid[192], *rname = NULL;
	uint64_t version, size;
	size_t units, avail;
	int flags = 0;

	if (n < I_HEADER) {
		ct_files_warn(b, 0, "$I file of %zu bytes: shorter than its "
		    "%d-byte header", n, I_HEADER);
		return 0;
	}
	version = ct_le64(p);
	if (version != 1 && version != 2) {
		ct_files_warn(b, 0, "$I file version %" PRIu64 " (known: 1, 2)",
		    version);
		return 0;
	}
	size = ct_le64(p + 8);
	if (version == 1) {
		units = I_V1_PATH_UNITS;
		avail = (n - I_HEADER) / 2;
		if (avail < units) {
			ct_files_warn(b, (int64_t)n, "$I version 1 path cut "
			    "short: %zu of %d UTF-16 units", avail, I_V1_PATH_UNITS);
			units = avail;
			flags |= CT_REC_DAMAGED;
		}
		ct_utf8_from_utf16le(&orig, p + I_HEADER, units, 1);
	} else {
		if (!CT_FITS(n, I_HEADER, 4)) {
			ct_files_warn(b, I_HEADER, "$I version 2 without its "
			    "path length");
			units = 0;
			flags |= CT_REC_DAMAGED;
		} else {
			uint32_t len = ct_le32(p + I_HEADER);

			avail = (n - I_HEADER - 4) / 2;
			units = len;
			if (len > I_V2_MAX_UNITS || len > avail) {
				ct_files_warn(b, I_HEADER, "$I version 2 path "
				    "length %" PRIu32 " UTF-16 units, but %zu "
				    "are there", len, avail);
				units = avail < I_V2_MAX_UNITS ? avail :
				    I_V2_MAX_UNITS;
				flags |= CT_REC_DAMAGED;
			}
			ct_utf8_from_utf16le(&orig, p + I_HEADER + 4, units, 1);
		}
	}
	ct_files_folder_sid(path, sid, sizeof(sid));
	/* $IABC123.txt holds the name of its file $RABC123.txt */
	if ((base[0] == '$' || base[0] == '_') && (base[1] == 'I' ||
	    base[1] == 'i') && base[2]) {
		rname = ct_xasprintf("$R%s", base + 2);
	}
	emit_deleted(b, path, "$I file", 0, flags, orig.buf,
	    size > INT64_MAX ? CT_NULL_INT : (int64_t)size,
	    filetime_or_null(ct_le64(p + 16)), sid, "$I", (int)version, rname,
	    NULL);
	free(rname);
	ct_buf_release(&orig);
	return 1;
}

size_t
ct_recycle_info2_buffer(const uint8_t *p, size_t n, const char *path,
    struct ct_batch *b)
{
	uint32_t version, recsize;
	size_t off, count = 0;
	char sid[192];

	if (n < INFO2_HEADER) {
		ct_files_warn(b, 0, "INFO2 of %zu bytes: shorter than its "
		    "%d-byte header", n, INFO2_HEADER);
		return 0;
	}
	version = ct_le32(p);
	recsize = ct_le32(p + 12);
	if (recsize != INFO2_REC_V5 && recsize != INFO2_REC_V4) {
		ct_files_warn(b, 12, "INFO2 record size %" PRIu32 " (known: "
		    "%d, %d)", recsize, INFO2_REC_V5, INFO2_REC_V4);
		return 0;
	}
	ct_files_folder_sid(path, sid, sizeof(sid));
	for (off = INFO2_HEADER; CT_FITS(n, off, recsize); off += recsize) {
		const uint8_t *r = p + off;
		struct ct_buf orig = CT_BUF_INIT, ansi = CT_BUF_INIT;
		struct ct_buf extra = CT_BUF_INIT;
		uint32_t index = ct_le32(r + 260), drive = ct_le32(r + 264);
		char rname[64], loc[64];
		const char *dot;
		size_t alen;

		/* the ANSI path: bytes up to its NUL, kept as UTF-8 if valid */
		for (alen = 0; alen < INFO2_PATH && r[alen]; alen++)
			;
		ct_buf_add_utf8_clean(&ansi, (const char *)r, alen);
		if (recsize == INFO2_REC_V5)
			ct_utf8_from_utf16le(&orig, r + 280, INFO2_PATH, 1);
		if (orig.len == 0)
			ct_buf_adds(&orig, ansi.buf);
		/* a restored or emptied entry has its ANSI path's first byte zeroed */
		dot = strrchr(ct_files_basename(orig.buf), '.');
		snprintf(rname, sizeof(rname), "D%c%" PRIu32 "%.16s",
		    drive < 26 ? (char)('a' + drive) : '?', index, dot ? dot : "");
		snprintf(loc, sizeof(loc), "INFO2 record %zu", count + 1);
		ct_buf_addf(&extra, ",\"index\":%" PRIu32 ",\"drive\":%" PRIu32
		    ",\"ansi_path\":", index, drive);
		ct_files_json_str(&extra, ansi.buf);
		ct_buf_addf(&extra, ",\"removed_from_bin\":%s",
		    r[0] == 0 ? "true" : "false");
		emit_deleted(b, path, loc, (int64_t)off, 0, orig.buf,
		    (int64_t)ct_le32(r + 276), filetime_or_null(ct_le64(r + 268)),
		    sid, "INFO2", (int)version, rname, extra.buf);
		ct_buf_release(&orig);
		ct_buf_release(&ansi);
		ct_buf_release(&extra);
		count++;
		if (b)
			ct_batch_maybe_flush(b);
	}
	if (off < n)
		ct_files_warn(b, (int64_t)off, "INFO2: %zu bytes after the "
		    "last whole record", n - off);
	return count;
}

static int
is_info2_name(const char *name)
{
	return name && strcasecmp(ct_files_basename(name), "INFO2") == 0;
}

static int
is_i_name(const char *name)
{
	const char *base = name ? ct_files_basename(name) : "";

	return base[0] == '$' && (base[1] == 'I' || base[1] == 'i');
}

static int
recycle_probe(const uint8_t *head, size_t n, const char *name, int64_t size)
{
	if (n >= 16 && is_info2_name(name)) {
		uint32_t rec = ct_le32(head + 12);

		if ((rec == INFO2_REC_V5 || rec == INFO2_REC_V4) &&
		    ct_le32(head) <= 5)
			return 80;
		return 0;
	}
	if (n >= I_HEADER && is_i_name(name)) {
		uint64_t v = ct_le64(head);

		/* size is -1 for host files: n is all of a file this small */
		if (v == 1 && (size == I_HEADER + 2 * I_V1_PATH_UNITS ||
		    (size < 0 && n == I_HEADER + 2 * I_V1_PATH_UNITS)))
			return 80;
		if (v == 2 && n >= I_HEADER + 4)
			return 80;
	}
	return 0;
}

static enum ct_status
recycle_parse(struct ct_input *in, struct ct_error *err)
{
	struct ct_batch *b;
	uint8_t *data;
	size_t n;
	enum ct_status rc;

	rc = ct_files_slurp(in, 0, RECYCLE_MAX_BYTES, "Recycle Bin file",
	    &data, &n, err);
	if (rc)
		return rc;
	b = ct_batch_new(in->sink, in->source_id, "recycle-bin");
	if (is_info2_name(in->path))
		ct_recycle_info2_buffer(data, n, in->path, b);
	else
		ct_recycle_i_buffer(data, n, in->path, b);
	ct_batch_free(b);
	free(data);
	return CT_OK;
}

static const char *const recycle_image_paths[] = {
	"*/$Recycle.Bin/*/$I*",
	"*/RECYCLER/*/INFO2",
	"*/RECYCLED/INFO2",
	NULL
};

const struct ct_parser ct_parser_recycle_bin = {
	.abi = CT_PARSER_ABI,
	.name = "recycle-bin",
	.kind = "recycle-bin",
	.summary = "Recycle Bin $I files (Vista and later) and INFO2 (XP)",
	.nested = 1,
	.image_paths = recycle_image_paths,
	.probe = recycle_probe,
	.parse = recycle_parse,
};
