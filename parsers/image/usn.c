/*
 * usn.c - the NTFS change journal $UsnJrnl:$J (see usn.h).
 *
 * Layouts follow Microsoft's USN_RECORD_V2/V3/V4 (winioctl.h) and libyal's
 * NTFS documentation ("Update sequence number (USN) journal"):
 *
 *	V2: 0 RecordLength u32, 4 Major u16, 6 Minor u16, 8 FileRef u64,
 *	    16 ParentRef u64, 24 Usn i64, 32 TimeStamp FILETIME, 40 Reason,
 *	    44 SourceInfo, 48 SecurityId, 52 FileAttributes, 56 NameLength
 *	    u16 (bytes), 58 NameOffset u16, 60 name (UTF-16LE)
 *	V3: the same with 128-bit file references: 8 FileRef, 24 ParentRef,
 *	    40 Usn, 48 TimeStamp, 56 Reason, 60 SourceInfo, 64 SecurityId,
 *	    68 FileAttributes, 72 NameLength, 74 NameOffset, 76 name
 *	V4: range-tracking records (no time, no name): 8 FileRef, 24
 *	    ParentRef, 40 Usn, 48 Reason, 52 SourceInfo, ...
 *
 * An NTFS file reference is 48 bits of MFT entry and 16 bits of sequence;
 * V3's 128-bit IDs hold it zero-extended on NTFS. Everything is bounds
 * checked: the record's own length field is never trusted beyond the bytes
 * actually read.
 */
#include "compat.h"

#include <strings.h>

#include "buf.h"
#include "bytes.h"
#include "parser.h"
#include "usn.h"
#include "utf8.h"
#include "xalloc.h"

static void
split_ref(const uint8_t *p, int64_t *entry, int64_t *seq)
{
	uint64_t v = ct_le64(p);

	*entry = (int64_t)(v & 0xffffffffffffULL);
	*seq = (int64_t)(v >> 48);
}

int64_t
ct_usn_decode(const uint8_t *p, size_t n, struct ct_usn_rec *r)
{
	uint32_t len;
	size_t name_len, name_off, min;

	if (n < 8)
		return 0;
	len = ct_le32(p);
	memset(r, 0, sizeof(*r));
	r->major = ct_le16(p + 4);
	r->minor = ct_le16(p + 6);
	switch (r->major) {
	case 2: min = CT_USN_V2_MIN; break;
	case 3: min = CT_USN_V3_MIN; break;
	case 4: min = CT_USN_V4_MIN; break;
	default: return -1;
	}
	if (len < min || len > CT_USN_MAX_RECORD || len % 8 != 0)
		return -1;
	if (len > n)
		return 0;
	r->length = len;
	if (r->major == 2) {
		split_ref(p + 8, &r->file_inode, &r->file_seq);
		split_ref(p + 16, &r->parent_inode, &r->parent_seq);
		r->usn = (int64_t)ct_le64(p + 24);
		r->ts = (int64_t)ct_le64(p + 32);
		r->reason = ct_le32(p + 40);
		r->source_info = ct_le32(p + 44);
		r->security_id = ct_le32(p + 48);
		r->attributes = ct_le32(p + 52);
		name_len = ct_le16(p + 56);
		name_off = ct_le16(p + 58);
	} else if (r->major == 3) {
		/* The upper 64 bits are zero on NTFS (ReFS uses them). */
		split_ref(p + 8, &r->file_inode, &r->file_seq);
		split_ref(p + 24, &r->parent_inode, &r->parent_seq);
		r->usn = (int64_t)ct_le64(p + 40);
		r->ts = (int64_t)ct_le64(p + 48);
		r->reason = ct_le32(p + 56);
		r->source_info = ct_le32(p + 60);
		r->security_id = ct_le32(p + 64);
		r->attributes = ct_le32(p + 68);
		name_len = ct_le16(p + 72);
		name_off = ct_le16(p + 74);
	} else {
		split_ref(p + 8, &r->file_inode, &r->file_seq);
		split_ref(p + 24, &r->parent_inode, &r->parent_seq);
		r->usn = (int64_t)ct_le64(p + 40);
		r->reason = ct_le32(p + 48);
		r->source_info = ct_le32(p + 52);
		return len;
	}
	if (r->usn < 0 || name_len % 2 != 0 || name_off < min ||
	    !CT_FITS(len, name_off, name_len))
		return -1;
	r->name = p + name_off;
	r->name_units = name_len / 2;
	return len;
}

static const struct {
	uint32_t bit;
	const char *name;
} reason_names[] = {
	{ 0x00000001, "DATA_OVERWRITE" },
	{ 0x00000002, "DATA_EXTEND" },
	{ 0x00000004, "DATA_TRUNCATION" },
	{ 0x00000010, "NAMED_DATA_OVERWRITE" },
	{ 0x00000020, "NAMED_DATA_EXTEND" },
	{ 0x00000040, "NAMED_DATA_TRUNCATION" },
	{ 0x00000100, "FILE_CREATE" },
	{ 0x00000200, "FILE_DELETE" },
	{ 0x00000400, "EA_CHANGE" },
	{ 0x00000800, "SECURITY_CHANGE" },
	{ 0x00001000, "RENAME_OLD_NAME" },
	{ 0x00002000, "RENAME_NEW_NAME" },
	{ 0x00004000, "INDEXABLE_CHANGE" },
	{ 0x00008000, "BASIC_INFO_CHANGE" },
	{ 0x00010000, "HARD_LINK_CHANGE" },
	{ 0x00020000, "COMPRESSION_CHANGE" },
	{ 0x00040000, "ENCRYPTION_CHANGE" },
	{ 0x00080000, "OBJECT_ID_CHANGE" },
	{ 0x00100000, "REPARSE_POINT_CHANGE" },
	{ 0x00200000, "STREAM_CHANGE" },
	{ 0x00400000, "TRANSACTED_CHANGE" },
	{ 0x00800000, "INTEGRITY_CHANGE" },
	{ 0x01000000, "DESIRED_STORAGE_CLASS_CHANGE" },
	{ 0x80000000, "CLOSE" },
};

const char *
ct_usn_reasons(uint32_t reason, struct ct_buf *out)
{
	uint32_t left = reason;
	size_t i;

	ct_buf_reset(out);
	for (i = 0; i < CT_ARRAY_SIZE(reason_names); i++) {
		if (!(reason & reason_names[i].bit))
			continue;
		if (out->len)
			ct_buf_addch(out, '|');
		ct_buf_adds(out, reason_names[i].name);
		left &= ~reason_names[i].bit;
	}
	if (left) {
		if (out->len)
			ct_buf_addch(out, '|');
		ct_buf_addf(out, "0x%08" PRIx32, left);
	}
	return out->buf;
}

void
ct_usn_emit_row(struct ct_batch *b, const struct ct_usn_rec *r, int64_t off,
    const char *path)
{
	struct ct_buf name = CT_BUF_INIT, reasons = CT_BUF_INIT;
	struct ct_buf summary = CT_BUF_INIT;
	char locator[48];
	struct ct_record_row rec;
	struct ct_usn_row u;

	ct_utf8_from_utf16le(&name, r->name, r->name_units, 0);
	ct_usn_reasons(r->reason, &reasons);
	snprintf(locator, sizeof(locator), "USN %" PRId64, r->usn);
	ct_buf_addf(&summary, "%s: %s", path ? path : name.buf, reasons.buf);

	memset(&rec, 0, sizeof(rec));
	rec.type = "usn";
	rec.locator = locator;
	rec.offset = off;
	rec.summary = summary.buf;
	ct_batch_record(b, &rec);
	if (r->major != 4)
		ct_batch_event(b, r->ts, "USN change");

	memset(&u, 0, sizeof(u));
	u.usn = r->usn;
	u.major = r->major;
	u.minor = r->minor;
	u.ts = r->major == 4 ? CT_NULL_INT : r->ts;
	u.file_inode = r->file_inode;
	u.file_seq = r->file_seq;
	u.parent_inode = r->parent_inode;
	u.parent_seq = r->parent_seq;
	u.reason = r->reason;
	u.reasons = reasons.buf;
	u.attributes = r->major == 4 ? CT_NULL_INT : (int64_t)r->attributes;
	u.source_info = r->source_info;
	u.security_id = r->major == 4 ? CT_NULL_INT : (int64_t)r->security_id;
	u.name = name.buf;
	u.path = path;
	ct_batch_usn(b, &u);
	ct_batch_maybe_flush(b);
	ct_buf_release(&name);
	ct_buf_release(&reasons);
	ct_buf_release(&summary);
}

/* True if the 8 bytes at p are zero: padding between records. */
static int
zero8(const uint8_t *p)
{
	return ct_le64(p) == 0;
}

uint64_t
ct_usn_scan(int64_t (*read_at)(void *, void *, size_t, int64_t), void *ctx,
    int64_t start, int64_t end, struct ct_batch *b, ct_usn_emit_fn emit,
    void *arg)
{
	uint8_t *buf = ct_xmalloc(CT_USN_WINDOW);
	int64_t pos = start, bad_from = -1;
	uint64_t count = 0;
	int stop = 0;

	/* Records are 8-byte aligned inside $J. */
	if (pos % 8)
		pos += 8 - pos % 8;
	while (pos < end && !stop) {
		size_t want = (size_t)(end - pos < CT_USN_WINDOW ?
		    end - pos : CT_USN_WINDOW);
		int64_t got = read_at(ctx, buf, want, pos);
		size_t n, i = 0;

		if (got <= 0) {
			if (b)
				ct_batch_warn(b, pos, "USN journal: cannot read "
				    "%zu bytes here; %" PRId64 " bytes of the "
				    "journal not scanned", want, end - pos);
			break;
		}
		n = (size_t)got;
		while (i + 8 <= n) {
			struct ct_usn_rec r;
			int64_t len;

			if (zero8(buf + i)) {
				i += 8;
				continue;
			}
			len = ct_usn_decode(buf + i, n - i, &r);
			if (len == 0 && pos + (int64_t)n < end && i > 0)
				break;	/* record continues: read from here */
			if (len > 0) {
				if (bad_from >= 0 && b)
					ct_batch_warn(b, bad_from, "USN journal: "
					    "%" PRId64 " bytes of damaged or "
					    "unknown data skipped",
					    pos + (int64_t)i - bad_from);
				bad_from = -1;
				count++;
				if (emit && emit(arg, &r, pos + (int64_t)i)) {
					stop = 1;
					break;
				}
				i += (size_t)len;
				continue;
			}
			if (len == 0) {
				/* Cut by the end of the stream (or the window). */
				if (b)
					ct_batch_warn(b, pos + (int64_t)i,
					    "USN journal: record of %" PRIu32
					    " bytes cut off by the end of the "
					    "data", ct_le32(buf + i));
				i = n;
				break;
			}
			if (bad_from < 0)
				bad_from = pos + (int64_t)i;
			i += 8;
		}
		if (i == 0)
			i = n;	/* cannot happen with a full window; be safe */
		pos += (int64_t)(i & ~(size_t)7);
		if ((i & 7) != 0)
			pos += 8;
	}
	if (bad_from >= 0 && b)
		ct_batch_warn(b, bad_from, "USN journal: %" PRId64 " bytes of "
		    "damaged or unknown data skipped", pos - bad_from);
	free(buf);
	return count;
}

/* ---- a $J file on its own (extracted from an image by another tool) ---- */

static int
emit_loose(void *arg, const struct ct_usn_rec *r, int64_t off)
{
	ct_usn_emit_row(arg, r, off, NULL);
	return 0;
}

struct mem_src {
	const uint8_t *p;
	size_t n;
};

static int64_t
mem_read_at(void *ctx, void *buf, size_t n, int64_t off)
{
	struct mem_src *m = ctx;

	if (off < 0 || (uint64_t)off >= m->n)
		return 0;
	if (n > m->n - (size_t)off)
		n = m->n - (size_t)off;
	memcpy(buf, m->p + off, n);
	return (int64_t)n;
}

static int
emit_count(void *arg, const struct ct_usn_rec *r, int64_t off)
{
	struct ct_buf tmp = CT_BUF_INIT;

	(void)off;
	if (arg) {
		ct_usn_emit_row(arg, r, off, NULL);
	} else {
		/* Still exercise the decoding paths the rows use. */
		ct_usn_reasons(r->reason, &tmp);
		ct_utf8_from_utf16le(&tmp, r->name, r->name_units, 0);
		ct_buf_release(&tmp);
	}
	return 0;
}

uint64_t
ct_usn_scan_buffer(const uint8_t *p, size_t n, struct ct_batch *b)
{
	struct mem_src m = { p, n };

	return ct_usn_scan(mem_read_at, &m, 0, (int64_t)n, b, emit_count, b);
}

/* Case-insensitive "usnjrnl" anywhere in the name. */
static int
has_usnjrnl(const char *s)
{
	for (; *s; s++)
		if (strncasecmp(s, "usnjrnl", 7) == 0)
			return 1;
	return 0;
}

static int
usnjrnl_probe(const uint8_t *head, size_t n, const char *name, int64_t size)
{
	const char *base = name ? strrchr(name, '/') : NULL;
	struct ct_usn_rec r;
	size_t i;

	(void)size;
	base = base ? base + 1 : name;
	if (base && (strcasecmp(base, "$J") == 0 ||
	    strcasecmp(base, "$UsnJrnl_$J") == 0 ||
	    strcasecmp(base, "$UsnJrnl:$J") == 0 ||
	    has_usnjrnl(base)))
		return 70;
	/* Content: the first non-zero 8 bytes start a valid record. */
	for (i = 0; i + 8 <= n && zero8(head + i); i += 8)
		;
	if (i + 8 <= n && ct_usn_decode(head + i, n - i, &r) > 0 &&
	    (r.major == 2 || r.major == 3) && r.name_units > 0)
		return 20;
	return 0;
}

static enum ct_status
usnjrnl_parse(struct ct_input *in, struct ct_error *err)
{
	struct ct_batch *b = ct_batch_new(in->sink, in->source_id, "usnjrnl");

	(void)err;
	ct_usn_scan(in->read_at, in->ctx, 0, in->size, b, emit_loose, b);
	ct_batch_free(b);
	return CT_OK;
}

const struct ct_parser ct_parser_usnjrnl = {
	.abi = CT_PARSER_ABI,
	.name = "usnjrnl",
	.kind = "usnjrnl",
	.summary = "NTFS change journal ($UsnJrnl:$J) extracted to a file",
	.probe = usnjrnl_probe,
	.parse = usnjrnl_parse,
};
