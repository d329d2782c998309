/*
 * test-usn.c - the USN journal decoder and scanner (parsers/image/usn.c)
 * on records built here byte by byte after USN_RECORD_V2/V3/V4, and the
 * crafted inputs tests/fuzz/fuzz-usn.c starts from, replayed through the
 * same entry point (ct_usn_scan_buffer).
 */
#include "compat.h"

#include "buf.h"
#include "bytes.h"
#include "unit.h"
#include "usn.h"
#include "utf8.h"

/* Write a V2 record for name (ASCII) at p; returns its length. */
static size_t
put_v2(uint8_t *p, uint64_t usn, uint64_t file_ref, uint64_t parent_ref,
    uint64_t ts, uint32_t reason, const char *name)
{
	size_t n = strlen(name), len = (60 + 2 * n + 7) & ~(size_t)7, i;

	memset(p, 0, len);
	ct_put_le32(p, (uint32_t)len);
	ct_put_le16(p + 4, 2);
	ct_put_le64(p + 8, file_ref);
	ct_put_le64(p + 16, parent_ref);
	ct_put_le64(p + 24, usn);
	ct_put_le64(p + 32, ts);
	ct_put_le32(p + 40, reason);
	ct_put_le32(p + 52, 0x20);
	ct_put_le16(p + 56, (uint16_t)(2 * n));
	ct_put_le16(p + 58, 60);
	for (i = 0; i < n; i++)
		ct_put_le16(p + 60 + 2 * i, (uint8_t)name[i]);
	return len;
}

static size_t
put_v3(uint8_t *p, uint64_t usn, uint64_t file_ref, uint64_t parent_ref,
    uint64_t ts, uint32_t reason, const char *name)
{
	size_t n = strlen(name), len = (76 + 2 * n + 7) & ~(size_t)7, i;

	memset(p, 0, len);
	ct_put_le32(p, (uint32_t)len);
	ct_put_le16(p + 4, 3);
	ct_put_le64(p + 8, file_ref);
	ct_put_le64(p + 24, parent_ref);
	ct_put_le64(p + 40, usn);
	ct_put_le64(p + 48, ts);
	ct_put_le32(p + 56, reason);
	ct_put_le16(p + 72, (uint16_t)(2 * n));
	ct_put_le16(p + 74, 76);
	for (i = 0; i < n; i++)
		ct_put_le16(p + 76 + 2 * i, (uint8_t)name[i]);
	return len;
}

static size_t
put_v4(uint8_t *p, uint64_t usn, uint64_t file_ref, uint32_t reason)
{
	memset(p, 0, 80);
	ct_put_le32(p, 80);
	ct_put_le16(p + 4, 4);
	ct_put_le64(p + 8, file_ref);
	ct_put_le64(p + 40, usn);
	ct_put_le32(p + 48, reason);
	return 80;
}

static uint8_t buf[3 * 4096];

/* A V2 record of qeupdate_helper.exe at p; returns its length. */
static size_t
put_helper(uint8_t *p)
{
	return put_v2(p, 4711, 0x0002000000000040ULL, 0x0005000000000005ULL,
	    132000000000000001ULL, 0x80000100, "qeupdate_helper.exe");
}

/* V2: every field where Microsoft's layout puts it. */
UNIT_CASE(v2)
{
	struct ct_usn_rec r;
	struct ct_buf s = CT_BUF_INIT;
	size_t len = put_helper(buf);

	CHECK_INT(ct_usn_decode(buf, len, &r), len);
	CHECK_INT(r.major, 2);
	CHECK_INT(r.usn, 4711);
	CHECK_INT(r.file_inode, 64);
	CHECK_INT(r.file_seq, 2);
	CHECK_INT(r.parent_inode, 5);
	CHECK_INT(r.parent_seq, 5);
	CHECK_INT(r.ts, 132000000000000001LL);
	CHECK_INT(r.attributes, 0x20);
	CHECK_INT(r.name_units, 19);
	ct_utf8_from_utf16le(&s, r.name, r.name_units, 0);
	CHECK_STR(s.buf, "qeupdate_helper.exe");
	CHECK_STR(ct_usn_reasons(r.reason, &s), "FILE_CREATE|CLOSE");
	ct_buf_release(&s);
}

/* Reason flags by name; a bit without one in hex; none is empty. */
UNIT_CASE(reasons)
{
	struct ct_buf s = CT_BUF_INIT;

	CHECK_STR(ct_usn_reasons(0x00003200, &s),
	    "FILE_DELETE|RENAME_OLD_NAME|RENAME_NEW_NAME");
	CHECK_STR(ct_usn_reasons(0x08000002, &s), "DATA_EXTEND|0x08000000");
	CHECK_STR(ct_usn_reasons(0, &s), "");
	ct_buf_release(&s);
}

/* A record longer than the bytes at hand: "read more". */
UNIT_CASE(read_more)
{
	struct ct_usn_rec r;
	size_t len = put_helper(buf);

	CHECK_INT(ct_usn_decode(buf, len - 8, &r), 0);
}

/* Damage: bad length, bad version, name outside the record. */
UNIT_CASE(damaged)
{
	struct ct_usn_rec r;
	size_t len = put_helper(buf);

	ct_put_le32(buf, 12);
	CHECK_INT(ct_usn_decode(buf, len, &r), -1);
	ct_put_le32(buf, (uint32_t)len);
	ct_put_le16(buf + 4, 7);
	CHECK_INT(ct_usn_decode(buf, len, &r), -1);
	ct_put_le16(buf + 4, 2);
	ct_put_le16(buf + 56, 0xfffe);
	CHECK_INT(ct_usn_decode(buf, len, &r), -1);
	ct_put_le16(buf + 56, 38);
	ct_put_le16(buf + 58, 8);	/* name offset inside the header */
	CHECK_INT(ct_usn_decode(buf, len, &r), -1);
}

/* V3: 128-bit references. */
UNIT_CASE(v3)
{
	struct ct_usn_rec r;
	size_t len;

	len = put_v3(buf, 96, 0x0001000000000028ULL, 0x0005000000000005ULL,
	    131928129700000000ULL, 0x00000100, "New folder");
	CHECK_INT(ct_usn_decode(buf, len, &r), len);
	CHECK_INT(r.major, 3);
	CHECK_INT(r.file_inode, 40);
	CHECK_INT(r.file_seq, 1);
	CHECK_INT(r.usn, 96);
	CHECK_INT(r.name_units, 10);
}

/* V4: no time, no name. */
UNIT_CASE(v4)
{
	struct ct_usn_rec r;
	size_t len;

	len = put_v4(buf, 29616, 0x0001000000000068ULL, 0x80008103);
	CHECK_INT(ct_usn_decode(buf, len, &r), 80);
	CHECK_INT(r.major, 4);
	CHECK_INT(r.file_inode, 104);
	CHECK_INT(r.name_units, 0);
}

/* A journal: zeros (sparse head), records, garbage, more records. */
UNIT_CASE(scan_journal)
{
	size_t off;

	memset(buf, 0, sizeof(buf));
	off = 1024;
	off += put_v2(buf + off, 1024, 64, 5, 1, 0x100, "a.txt");
	off += put_v3(buf + off, 2000, 65, 5, 2, 0x200, "b.txt");
	off += put_v4(buf + off, 3000, 65, 0x1);
	memset(buf + off, 0xab, 64);	/* 64 bytes of damage */
	off += 64;
	off += put_v2(buf + off, 4000, 66, 5, 3, 0x80000000, "c.txt");
	CHECK_INT(ct_usn_scan_buffer(buf, off, NULL), 4);
	/* Cut in the middle of the last record: the first three remain. */
	CHECK_INT(ct_usn_scan_buffer(buf, off - 16, NULL), 3);
}

/* Only zeros, nothing at all, or garbage: no record. */
UNIT_CASE(scan_nothing)
{
	memset(buf, 0, sizeof(buf));
	CHECK_INT(ct_usn_scan_buffer(buf, 1024, NULL), 0);
	CHECK_INT(ct_usn_scan_buffer(buf, 0, NULL), 0);
	/* Unaligned garbage that looks like a huge record. */
	memset(buf, 0xff, 4096);
	CHECK_INT(ct_usn_scan_buffer(buf, 4096, NULL), 0);
}

static const struct unit_case cases[] = {
	{ "v2", v2 },
	{ "reasons", reasons },
	{ "read_more", read_more },
	{ "damaged", damaged },
	{ "v3", v3 },
	{ "v4", v4 },
	{ "scan_journal", scan_journal },
	{ "scan_nothing", scan_nothing },
	{ NULL, NULL }
};

int
main(int argc, char **argv)
{
	return unit_run(cases, argc, argv);
}
