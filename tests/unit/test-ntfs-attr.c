/*
 * test-ntfs-attr.c - the NTFS attribute decoder (parsers/image/ntfs-attr.c)
 * on attribute contents built here byte by byte after libyal's NTFS notes:
 * $STANDARD_INFORMATION, $FILE_NAME and which one is kept, the alternate
 * stream list, Zone.Identifier text. Truncated and hostile lengths are
 * given in heap copies of exactly that length, so the sanitizer build
 * (scripts/test --sanitize) sees any read past them.
 */
#include "compat.h"

#include "buf.h"
#include "bytes.h"
#include "ntfs-attr.h"
#include "unit.h"
#include "utf8.h"
#include "xalloc.h"

#define T1	132317650950094550LL	/* 2020-04-19, with 100 ns ticks */
#define T_1601	1LL			/* the first tick: before 1970 */
#define T_HIGH	0x8000000000000001ULL	/* past 2^63: negative as int64 */

/* A copy of p[0..n) in a buffer of exactly n bytes (caller frees). */
static uint8_t *
exact(const uint8_t *p, size_t n)
{
	uint8_t *q = ct_xmalloc(n ? n : 1);

	memcpy(q, p, n);
	return q;
}

/* $STANDARD_INFORMATION content (the 72-byte NTFS 3.x form). */
static size_t
put_si(uint8_t *p, uint64_t cr, uint64_t m, uint64_t ch, uint64_t a)
{
	memset(p, 0, 72);
	ct_put_le64(p, cr);
	ct_put_le64(p + 8, m);
	ct_put_le64(p + 16, ch);
	ct_put_le64(p + 24, a);
	ct_put_le32(p + 32, 0x20);	/* file attributes: archive */
	return 72;
}

/* $FILE_NAME content for name (ASCII) in namespace ns; returns its length. */
static size_t
put_fn(uint8_t *p, uint64_t parent_ref, uint64_t t, unsigned ns,
    const char *name)
{
	size_t n = strlen(name), i;

	memset(p, 0, 66 + 2 * n);
	ct_put_le64(p, parent_ref);
	ct_put_le64(p + 8, t);
	ct_put_le64(p + 16, t + 1);
	ct_put_le64(p + 24, t + 2);
	ct_put_le64(p + 32, t + 3);
	ct_put_le64(p + 40, 4096);	/* allocated size */
	ct_put_le64(p + 48, 100);	/* data size */
	p[64] = (uint8_t)n;
	p[65] = (uint8_t)ns;
	for (i = 0; i < n; i++)
		ct_put_le16(p + 66 + 2 * i, (uint8_t)name[i]);
	return 66 + 2 * n;
}

static int
ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n >= m && strcmp(s + n - m, suffix) == 0;
}

/* fn's name as UTF-8, in a static buffer. */
static const char *
fn_name(const struct ct_ntfs_fn *fn)
{
	static char out[512];
	struct ct_buf b = CT_BUF_INIT;

	ct_utf8_from_utf16le(&b, fn->name, fn->name_units, 0);
	snprintf(out, sizeof(out), "%s", b.buf);
	ct_buf_release(&b);
	return out;
}

static void
test_si(void)
{
	uint8_t p[72];
	struct ct_ntfs_times t;
	size_t n = put_si(p, T1, T1 + 10, T_1601, T_HIGH), i;
	int bad = 0;

	CHECK_INT(ct_ntfs_si_decode(p, n, &t), 0);
	CHECK_INT(t.created, T1);
	CHECK_INT(t.modified, T1 + 10);
	CHECK_INT(t.entry_changed, T_1601);
	CHECK(t.accessed < 0);		/* kept as stored, not clamped */
	CHECK_INT((uint64_t)t.accessed, T_HIGH);

	/* The NTFS 1.2 form has only the times: 48 bytes, 32 needed. */
	CHECK_INT(ct_ntfs_si_decode(p, 32, &t), 0);

	/* Every shorter length is refused and leaves t as it was. */
	for (i = 0; i < 32; i++) {
		uint8_t *q = exact(p, i);

		t.created = 42;
		if (ct_ntfs_si_decode(q, i, &t) != -1 || t.created != 42)
			bad++;
		free(q);
	}
	CHECK_INT(bad, 0);
}

static void
test_fn(void)
{
	uint8_t p[600];
	struct ct_ntfs_fn fn;
	size_t n = put_fn(p, 0x0003000000000005ULL, T1, CT_NTFS_NS_WIN32,
	    "report.docx");

	CHECK_INT(n, 88);
	CHECK_INT(ct_ntfs_fn_decode(p, n, &fn), 0);
	CHECK_INT(fn.parent, 5);
	CHECK_INT(fn.parent_seq, 3);
	CHECK_INT(fn.t.created, T1);
	CHECK_INT(fn.t.modified, T1 + 1);
	CHECK_INT(fn.t.entry_changed, T1 + 2);
	CHECK_INT(fn.t.accessed, T1 + 3);
	CHECK_INT(fn.ns, CT_NTFS_NS_WIN32);
	CHECK_INT(fn.name_units, 11);
	CHECK(fn.name == p + 66);	/* points into the attribute */
	CHECK_STR(fn_name(&fn), "report.docx");

	/* Slack after the name (the attribute is 8-byte aligned) is fine. */
	CHECK_INT(ct_ntfs_fn_decode(p, n + 6, &fn), 0);
	CHECK_INT(fn.name_units, 11);

	/* A reference is 48 bits of entry and 16 of sequence number. */
	put_fn(p, 0xfffeffffffffffffULL, 0, CT_NTFS_NS_POSIX, "a");
	CHECK_INT(ct_ntfs_fn_decode(p, 68, &fn), 0);
	CHECK_INT(fn.parent, 0xffffffffffffLL);
	CHECK_INT(fn.parent_seq, 0xfffe);
	CHECK_INT(fn.ns, CT_NTFS_NS_POSIX);

	/* An empty name: only the fixed part. */
	put_fn(p, 5, T1, CT_NTFS_NS_WIN32, "");
	CHECK_INT(ct_ntfs_fn_decode(p, 66, &fn), 0);
	CHECK_INT(fn.name_units, 0);

	/* A namespace byte no Windows writes is passed on, not refused. */
	put_fn(p, 5, T1, 7, "x");
	CHECK_INT(ct_ntfs_fn_decode(p, 68, &fn), 0);
	CHECK_INT(fn.ns, 7);
}

static void
test_fn_hostile(void)
{
	uint8_t p[600];
	struct ct_ntfs_fn fn;
	size_t n = put_fn(p, 0x0001000000000040ULL, T1, CT_NTFS_NS_WIN32,
	    "report.docx"), i;
	int bad = 0;

	/* Cut anywhere before the name's end: refused, fn untouched. */
	for (i = 0; i < n; i++) {
		uint8_t *q = exact(p, i);

		fn.parent = 42;
		if (ct_ntfs_fn_decode(q, i, &fn) != -1 || fn.parent != 42)
			bad++;
		free(q);
	}
	CHECK_INT(bad, 0);

	/* The length byte says 255 units; 11 are there. */
	p[64] = 255;
	{
		uint8_t *q = exact(p, n);

		CHECK_INT(ct_ntfs_fn_decode(q, n, &fn), -1);
		free(q);
	}
	/* 255 units that are all there: the most a name can be. */
	memset(p + 66, 'A', 510);
	{
		uint8_t *q = exact(p, 66 + 510);

		CHECK_INT(ct_ntfs_fn_decode(q, 66 + 510, &fn), 0);
		CHECK_INT(fn.name_units, 255);
		free(q);
	}
	/* No bytes at all. */
	CHECK_INT(ct_ntfs_fn_decode(p, 0, &fn), -1);
}

/* Feed the $FILE_NAMEs in order as image-walk.c does; the ns kept. */
static int
pick(const unsigned *ns, int n)
{
	struct ct_ntfs_fn best, cand;
	int i, have = 0;

	memset(&cand, 0, sizeof(cand));
	for (i = 0; i < n; i++) {
		cand.ns = ns[i];
		cand.parent = i;
		if (!ct_ntfs_fn_prefer(have ? &best : NULL, &cand))
			continue;
		best = cand;
		have = 1;
	}
	return have ? (int)best.parent : -1;
}

static void
test_fn_prefer(void)
{
	static const unsigned dos_win32[] = { CT_NTFS_NS_DOS, CT_NTFS_NS_WIN32 };
	static const unsigned win32_dos[] = { CT_NTFS_NS_WIN32, CT_NTFS_NS_DOS };
	static const unsigned dos_dos[] = { CT_NTFS_NS_DOS, CT_NTFS_NS_DOS };
	static const unsigned posix_win32[] = { CT_NTFS_NS_POSIX,
	    CT_NTFS_NS_WIN32 };
	static const unsigned dos_both_win32[] = { CT_NTFS_NS_DOS,
	    CT_NTFS_NS_WIN32_DOS, CT_NTFS_NS_WIN32 };
	static const unsigned dos_odd[] = { CT_NTFS_NS_DOS, 9 };

	CHECK_INT(pick(dos_win32, 2), 1);	/* the long name */
	CHECK_INT(pick(win32_dos, 2), 0);
	CHECK_INT(pick(dos_dos, 2), 0);		/* only DOS: the first */
	CHECK_INT(pick(posix_win32, 2), 0);	/* the first long name */
	CHECK_INT(pick(dos_both_win32, 3), 1);	/* Win32+DOS is long */
	CHECK_INT(pick(dos_odd, 2), 1);		/* not DOS: long */
	CHECK_INT(pick(dos_odd, 0), -1);
}

static void
test_streams(void)
{
	struct ct_ntfs_streams s;
	char *json, name[16];
	int i, listed = 0;

	/* The default stream, however libtsk names it, is not listed. */
	ct_ntfs_streams_init(&s);
	CHECK_INT(ct_ntfs_streams_add(&s, NULL, 10), 0);
	CHECK_INT(ct_ntfs_streams_add(&s, "", 10), 0);
	CHECK_INT(ct_ntfs_streams_add(&s, "$Data", 10), 0);
	CHECK(ct_ntfs_streams_finish(&s) == NULL);

	ct_ntfs_streams_init(&s);
	CHECK_INT(ct_ntfs_streams_add(&s, "Zone.Identifier", 26), 1);
	CHECK_INT(ct_ntfs_streams_add(&s, "a\"b\\c\001", 0), 1);
	json = ct_ntfs_streams_finish(&s);
	CHECK_STR(json, "[{\"name\":\"Zone.Identifier\",\"size\":26},"
	    "{\"name\":\"a\\\"b\\\\c\\u0001\",\"size\":0}]");
	free(json);

	/* Past the cap: counted, not listed. */
	ct_ntfs_streams_init(&s);
	for (i = 0; i < CT_NTFS_STREAMS_MAX + 2; i++) {
		snprintf(name, sizeof(name), "s%d", i);
		listed += ct_ntfs_streams_add(&s, name, i);
	}
	CHECK_INT(listed, CT_NTFS_STREAMS_MAX);
	json = ct_ntfs_streams_finish(&s);
	CHECK(json && strstr(json, "{\"name\":\"s63\",\"size\":63}") != NULL);
	CHECK(json && strstr(json, "s64") == NULL);
	CHECK(json && ends_with(json, ",{\"name\":null,\"more\":2}]"));
	free(json);

	/* Dropped without finishing (a walk stopped): nothing leaks. */
	ct_ntfs_streams_init(&s);
	ct_ntfs_streams_add(&s, "x", 1);
	ct_ntfs_streams_release(&s);
	CHECK(ct_ntfs_streams_finish(&s) == NULL);
}

/* Parse text (n bytes, may hold NULs) into a fresh z. */
static void
zone(struct ct_ntfs_zone *z, const char *text, size_t n)
{
	uint8_t *q = exact((const uint8_t *)text, n);

	ct_ntfs_zone_init(z);
	ct_ntfs_zone_parse(z, q, n);
	free(q);
}

static void
test_zone(void)
{
	static const char dl[] = "[ZoneTransfer]\r\nZoneId=3\r\n"
	    "ReferrerUrl=https://mail.example/inbox\r\n"
	    "HostUrl=https://cdn.example/invoice.exe\r\n";
	struct ct_ntfs_zone z;
	struct ct_buf u16 = CT_BUF_INIT;
	size_t i;

	zone(&z, dl, sizeof(dl) - 1);
	CHECK_INT(z.zone_id, 3);
	CHECK_STR(z.referrer, "https://mail.example/inbox");
	CHECK_STR(z.host_url, "https://cdn.example/invoice.exe");
	ct_ntfs_zone_release(&z);
	CHECK(z.referrer == NULL && z.host_url == NULL && z.zone_id == -1);

	/* The same as UTF-16LE with a BOM. */
	ct_buf_add(&u16, "\xff\xfe", 2);
	for (i = 0; dl[i]; i++) {
		ct_buf_addch(&u16, dl[i]);
		ct_buf_add(&u16, "", 1);
	}
	zone(&z, u16.buf, u16.len);
	CHECK_INT(z.zone_id, 3);
	CHECK_STR(z.host_url, "https://cdn.example/invoice.exe");
	ct_ntfs_zone_release(&z);
	/* An odd byte count: the last half unit is dropped. */
	zone(&z, u16.buf, 2 + 2 * 24 + 1);
	CHECK_INT(z.zone_id, 3);
	CHECK(z.referrer == NULL);
	ct_ntfs_zone_release(&z);
	ct_buf_release(&u16);

	/* Keys in any case; LF alone; no final newline. */
	zone(&z, "zoneid=2\nhosturl=h", 18);
	CHECK_INT(z.zone_id, 2);
	CHECK_STR(z.host_url, "h");
	ct_ntfs_zone_release(&z);
}

static void
test_zone_hostile(void)
{
	struct ct_ntfs_zone z;
	struct ct_buf big = CT_BUF_INIT;
	size_t i;

	/* Zones outside 0-999, or not a number: none. */
	zone(&z, "ZoneId=1000\r\n", 13);
	CHECK_INT(z.zone_id, -1);
	zone(&z, "ZoneId=-1\r\n", 11);
	CHECK_INT(z.zone_id, -1);
	zone(&z, "ZoneId=abc\r\n", 12);
	CHECK_INT(z.zone_id, -1);
	zone(&z, "ZoneId=\r\n", 9);
	CHECK_INT(z.zone_id, -1);
	/* A number with junk after it counts (strtol). */
	zone(&z, "ZoneId=4x", 9);
	CHECK_INT(z.zone_id, 4);
	/* The last valid ZoneId wins; an invalid one changes nothing. */
	zone(&z, "ZoneId=1\nZoneId=2\nZoneId=x\n", 27);
	CHECK_INT(z.zone_id, 2);

	/* The first URL of each kind wins, also across two streams. */
	zone(&z, "ReferrerUrl=a\r\nReferrerUrl=b\r\n", 30);
	CHECK_STR(z.referrer, "a");
	ct_ntfs_zone_parse(&z, (const uint8_t *)"ReferrerUrl=c\nZoneId=5", 22);
	CHECK_STR(z.referrer, "a");
	CHECK_INT(z.zone_id, 5);
	ct_ntfs_zone_release(&z);

	/* A key without a value is not a value; a lone CR is an empty one. */
	zone(&z, "HostUrl=", 8);
	CHECK(z.host_url == NULL);
	zone(&z, "HostUrl=\r", 9);
	CHECK_STR(z.host_url, "");
	ct_ntfs_zone_release(&z);

	/* 8-bit text ends at a NUL. */
	zone(&z, "ZoneId=3\0HostUrl=x", 18);
	CHECK_INT(z.zone_id, 3);
	CHECK(z.host_url == NULL);

	/* A value is capped. */
	ct_buf_adds(&big, "ReferrerUrl=");
	for (i = 0; i < 3 * CT_NTFS_ZONE_FIELD_MAX; i++)
		ct_buf_addch(&big, 'a');
	zone(&z, big.buf, big.len);
	CHECK_INT(z.referrer ? strlen(z.referrer) : 0, CT_NTFS_ZONE_FIELD_MAX);
	ct_ntfs_zone_release(&z);
	ct_buf_release(&big);

	/* Nothing, a lone BOM byte, a BOM, NULs only. */
	zone(&z, "", 0);
	CHECK_INT(z.zone_id, -1);
	zone(&z, "\xff", 1);
	CHECK_INT(z.zone_id, -1);
	zone(&z, "\xff\xfe", 2);
	CHECK_INT(z.zone_id, -1);
	zone(&z, "\0\0\0\0", 4);
	CHECK(z.zone_id == -1 && z.referrer == NULL && z.host_url == NULL);
}

int
main(void)
{
	test_si();
	test_fn();
	test_fn_hostile();
	test_fn_prefer();
	test_streams();
	test_zone();
	test_zone_hostile();
	return unit_done();
}
