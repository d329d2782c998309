/*
 * test-hive.c - the hive parser's pure parts: Marvin32 and the HvLE
 * transaction-log applier on crafted hives and logs (good, hash-damaged,
 * truncated, out of bounds, gapped, old format), value bytes to reg_value
 * columns, and hive types and owners from names, base blocks and roots.
 * The corpus hives and logs are read end to end by tests/t/t14xx-hive-*.
 */
#include "compat.h"

#include "bytes.h"
#include "hive-bins.h"
#include "hive-kind.h"
#include "hive-log.h"
#include "hive-value.h"
#include "reg-view.h"
#include "unit.h"

#define SEED	0x82EF4D887A4E55C5ull
#define PAGE	4096

UNIT_CASE(marvin32)
{
	/*
	 * 0 and 4 bytes: the lengths of log entries, whose hashes this
	 * function reproduces on the corpus logs (tests/t/t1401); 1-3 byte
	 * tails against the same algorithm written in Python.
	 */
	CHECK(ct_marvin32((const uint8_t *)"", 0, SEED) == 0xb39efca403966e08ull);
	CHECK(ct_marvin32((const uint8_t *)"a", 1, SEED) == 0x21a013c726f292f4ull);
	CHECK(ct_marvin32((const uint8_t *)"ab", 2, SEED) == 0x7911da00317285f8ull);
	CHECK(ct_marvin32((const uint8_t *)"abc", 3, SEED) == 0xb9cf3dfca41914f7ull);
	CHECK(ct_marvin32((const uint8_t *)"abcd", 4, SEED) == 0x20094fb11a6cd086ull);
	CHECK(ct_marvin32((const uint8_t *)"abcdefg", 7, SEED) == 0x0c00597ac6bf45f2ull);
}

/* A hive of one base block and npages hive-bin pages, clean at seq. */
static uint8_t *
make_hive(size_t npages, uint32_t seq1, uint32_t seq2, size_t *size)
{
	uint8_t *h = calloc(1, PAGE * (1 + npages));
	size_t i;

	memcpy(h, "regf", 4);
	ct_put_le32(h + 4, seq1);
	ct_put_le32(h + 8, seq2);
	ct_put_le32(h + 40, (uint32_t)(PAGE * npages));
	for (i = 0; i < npages; i++) {
		memcpy(h + PAGE * (1 + i), "hbin", 4);
		h[PAGE * (1 + i) + 100] = 'o';	/* "old" content */
	}
	ct_put_le32(h + 508, ct_hive_base_checksum(h));
	*size = PAGE * (1 + npages);
	return h;
}

/* Append to log an entry with seq writing page off (fill byte c). */
static size_t
add_entry(uint8_t *log, size_t at, uint32_t seq, uint32_t hbins,
    uint32_t page_off, uint8_t c)
{
	uint8_t *e = log + at;
	size_t size = 40 + 8 + PAGE;

	size = (size + 511) / 512 * 512;
	memset(e, 0, size);
	memcpy(e, "HvLE", 4);
	ct_put_le32(e + 4, (uint32_t)size);
	ct_put_le32(e + 12, seq);
	ct_put_le32(e + 16, hbins);
	ct_put_le32(e + 20, 1);
	ct_put_le32(e + 40, page_off);
	ct_put_le32(e + 44, PAGE);
	memcpy(e + 48, "hbin", 4);
	memset(e + 52, c, PAGE - 4);
	ct_put_le64(e + 24, ct_marvin32(e + 40, size - 40, SEED));
	ct_put_le64(e + 32, ct_marvin32(e, 32, SEED));
	return at + size;
}

static uint8_t *
make_log(uint32_t seq, size_t *size)
{
	uint8_t *l = calloc(1, 64 * PAGE);

	memcpy(l, "regf", 4);
	ct_put_le32(l + 4, seq);
	ct_put_le32(l + 8, seq);
	ct_put_le32(l + 28, 6);
	ct_put_le32(l + 508, ct_hive_base_checksum(l));
	*size = 512;
	return l;
}

static unsigned nwarn;
static char last_warn[512];

static void
count_warn(void *arg, int64_t off, const char *msg)
{
	(void)arg;
	(void)off;
	nwarn++;
	snprintf(last_warn, sizeof(last_warn), "%s", msg);
}

UNIT_CASE(log_apply_in_order)
{
	size_t hs, l1s, l2s;
	uint8_t *h = make_hive(2, 11, 10, &hs);
	uint8_t *l1 = make_log(11, &l1s), *l2 = make_log(13, &l2s);
	struct ct_hive_log logs[2];
	struct ct_hive_log_result r;

	l1s = add_entry(l1, l1s, 11, 2 * PAGE, 0, 'a');
	l1s = add_entry(l1, l1s, 12, 3 * PAGE, 2 * PAGE, 'b');
	l2s = add_entry(l2, l2s, 13, 3 * PAGE, 0, 'c');
	/* LOG2 given first: the order comes from the sequence numbers. */
	logs[0] = (struct ct_hive_log){ "H.LOG2", l2, l2s, 0, 0, 0, 0, 0 };
	logs[1] = (struct ct_hive_log){ "H.LOG1", l1, l1s, 0, 0, 0, 0, 0 };
	nwarn = 0;
	CHECK_INT(ct_hive_log_apply(&h, &hs, 1 << 20, logs, 2, &r, count_warn,
	    NULL), 3);
	CHECK_INT(nwarn, 0);
	CHECK_INT(r.pages, 3);
	CHECK_INT(r.gaps, 0);
	CHECK_INT(r.first_seq, 11);
	CHECK_INT(r.last_seq, 13);
	CHECK_INT(logs[1].entries, 2);
	CHECK_INT(logs[0].entries, 1);
	/* grown by the third page, and entry 13 wrote page 0 after 11 did */
	CHECK_INT(hs, 4 * PAGE);
	CHECK_INT(h[PAGE + 100], 'c');
	CHECK_INT(h[2 * PAGE + 100], 'o');
	CHECK_INT(h[3 * PAGE + 100], 'b');
	/* the base block now says clean at 13, with its checksum */
	CHECK_INT(ct_le32(h + 4), 13);
	CHECK_INT(ct_le32(h + 8), 13);
	CHECK_INT(ct_le32(h + 40), 3 * PAGE);
	CHECK_INT(ct_le32(h + 508), ct_hive_base_checksum(h));
	free(h);
	free(l1);
	free(l2);
}

UNIT_CASE(log_damage_stops_the_log)
{
	size_t hs, ls, second;
	uint8_t *h = make_hive(2, 11, 10, &hs);
	uint8_t *l = make_log(11, &ls);
	struct ct_hive_log log;
	struct ct_hive_log_result r;

	second = add_entry(l, ls, 11, 2 * PAGE, 0, 'a');
	ls = add_entry(l, second, 12, 2 * PAGE, PAGE, 'b');
	l[second + 48 + 200] ^= 1;	/* a page byte: hash-1 fails */
	log = (struct ct_hive_log){ "H.LOG1", l, ls, 0, 0, 0, 0, 0 };
	nwarn = 0;
	CHECK_INT(ct_hive_log_apply(&h, &hs, 1 << 20, &log, 1, &r, count_warn,
	    NULL), 1);
	CHECK_INT(nwarn, 1);
	CHECK(strstr(last_warn, "hash check") != NULL);
	CHECK_INT(h[2 * PAGE + 100], 'o');

	/* a truncated log: the entry claims more than is there */
	free(h);
	h = make_hive(2, 11, 10, &hs);
	log.size = second + 1024;
	nwarn = 0;
	CHECK_INT(ct_hive_log_apply(&h, &hs, 1 << 20, &log, 1, &r, count_warn,
	    NULL), 1);
	CHECK(strstr(last_warn, "bytes left in the log") != NULL);

	/* a page outside the hive bins the entry declares */
	free(h);
	h = make_hive(2, 11, 10, &hs);
	ls = add_entry(l, 512, 11, PAGE, PAGE, 'z');
	log.size = ls;
	nwarn = 0;
	CHECK_INT(ct_hive_log_apply(&h, &hs, 1 << 20, &log, 1, &r, count_warn,
	    NULL), 0);
	CHECK(strstr(last_warn, "not a whole page") != NULL);
	CHECK_INT(ct_le32(h + 4), 11);	/* nothing applied: still dirty */

	/* an entry growing the hive past the cap is refused */
	free(h);
	h = make_hive(2, 11, 10, &hs);
	ls = add_entry(l, 512, 11, 64 * PAGE, 60 * PAGE, 'y');
	log.size = ls;
	CHECK_INT(ct_hive_log_apply(&h, &hs, 16 * PAGE, &log, 1, &r,
	    count_warn, NULL), 0);
	CHECK(strstr(last_warn, "allowed") != NULL);
	CHECK_INT(hs, 3 * PAGE);
	free(h);
	free(l);
}

UNIT_CASE(log_gaps_and_formats)
{
	size_t hs, ls;
	uint8_t *h = make_hive(2, 11, 10, &hs);
	uint8_t *l = make_log(30, &ls);
	struct ct_hive_log log;
	struct ct_hive_log_result r;

	/* entries 30 and 32, the hive at 10: two gaps, both applied */
	ls = add_entry(l, ls, 30, 2 * PAGE, 0, 'a');
	ls = add_entry(l, ls, 32, 2 * PAGE, PAGE, 'b');
	log = (struct ct_hive_log){ "H.LOG1", l, ls, 0, 0, 0, 0, 0 };
	nwarn = 0;
	CHECK_INT(ct_hive_log_apply(&h, &hs, 1 << 20, &log, 1, &r, count_warn,
	    NULL), 2);
	CHECK_INT(r.gaps, 2);
	CHECK_INT(nwarn, 2);
	CHECK(strstr(last_warn, "sequence gap: log entry 32 follows entry 30 "
	    "(1 missing)") != NULL);
	free(h);

	/* entries older than the hive are already in it */
	h = make_hive(2, 40, 40, &hs);
	CHECK_INT(ct_hive_log_apply(&h, &hs, 1 << 20, &log, 1, &r, count_warn,
	    NULL), 0);
	CHECK_INT(ct_le32(h + 4), 40);
	free(h);

	/* an old-format log of another write of the hive is not applied */
	h = make_hive(2, 11, 10, &hs);
	memcpy(l + 512, "DIRT", 4);
	ct_put_le32(l + 12, 0x1234);	/* its last-written time */
	ct_put_le32(l + 508, ct_hive_base_checksum(l));
	nwarn = 0;
	CHECK_INT(ct_hive_log_apply(&h, &hs, 1 << 20, &log, 1, &r, count_warn,
	    NULL), 0);
	CHECK_INT(log.old_format, 1);
	CHECK(strstr(last_warn, "old-format (DIRT) transaction log of another "
	    "write") != NULL);
	/* an empty log (Windows keeps one) says nothing */
	log.size = 0;
	nwarn = 0;
	CHECK_INT(ct_hive_log_apply(&h, &hs, 1 << 20, &log, 1, &r, count_warn,
	    NULL), 0);
	CHECK_INT(nwarn, 0);
	/* not a log at all */
	log.data = (const uint8_t *)"garbage";
	log.size = 7;
	CHECK_INT(ct_hive_log_apply(&h, &hs, 1 << 20, &log, 1, &r, count_warn,
	    NULL), 0);
	CHECK_INT(nwarn, 1);
	free(h);
	free(l);
}

/*
 * An old-format log for make_hive(npages): base block of type 1 at
 * sequence seq, the DIRT bitmap of hbins bytes of bins with 512-byte page
 * dirty_page marked, and that page (fill c) at the next 512 boundary.
 */
static uint8_t *
make_dirt_log(uint32_t seq, uint32_t hbins, size_t dirty_page, uint8_t c,
    size_t *size)
{
	size_t bytes = (hbins / 512 + 7) / 8;
	size_t at = (512 + 4 + bytes + 511) / 512 * 512;
	uint8_t *l = calloc(1, at + 512);

	memcpy(l, "regf", 4);
	ct_put_le32(l + 4, seq);
	ct_put_le32(l + 8, seq);
	ct_put_le32(l + 28, 1);
	ct_put_le32(l + 40, hbins);
	ct_put_le32(l + 508, ct_hive_base_checksum(l));
	memcpy(l + 512, "DIRT", 4);
	l[516 + dirty_page / 8] |= (uint8_t)(1u << (dirty_page % 8));
	memset(l + at, c, 512);
	*size = at + 512;
	return l;
}

UNIT_CASE(log_old_format_applied)
{
	size_t hs, ls;
	uint8_t *h = make_hive(2, 11, 10, &hs);
	/* page 9 of the bins: the second hive bin's second 512 bytes */
	uint8_t *l = make_dirt_log(11, 2 * PAGE, 9, 'n', &ls);
	struct ct_hive_log log = { "H.LOG", l, ls, 0, 0, 0, 0, 0 };
	struct ct_hive_log_result r;

	nwarn = 0;
	CHECK_INT(ct_hive_log_apply(&h, &hs, 1 << 20, &log, 1, &r, count_warn,
	    NULL), 1);
	CHECK_INT(nwarn, 0);
	CHECK_INT(log.old_format, 1);
	CHECK_INT(log.pages, 1);
	CHECK_INT(r.pages, 1);
	CHECK_INT(r.last_seq, 11);
	CHECK_INT(h[PAGE + 9 * 512], 'n');
	CHECK_INT(h[PAGE + 9 * 512 + 511], 'n');
	CHECK_INT(h[PAGE + 8 * 512 + 511], 0);	/* page 8 untouched */
	CHECK_INT(h[2 * PAGE + 100], 'o');
	/* the hive's base block is the log's, as a primary file's (type 0) */
	CHECK_INT(ct_le32(h + 4), 11);
	CHECK_INT(ct_le32(h + 8), 11);
	CHECK_INT(ct_le32(h + 28), 0);
	CHECK_INT(ct_le32(h + 508), ct_hive_base_checksum(h));
	free(h);
	free(l);
}

UNIT_CASE(log_old_format_refused)
{
	size_t hs, ls;
	uint8_t *h = make_hive(2, 11, 10, &hs);
	uint8_t *l = make_dirt_log(11, 2 * PAGE, 8, 'n', &ls);
	struct ct_hive_log log = { "H.LOG", l, ls, 0, 0, 0, 0, 0 };
	struct ct_hive_log_result r;

	/* a dirty page that starts a bin at another offset: nothing applied */
	memcpy(l + ls - 512, "hbin", 4);
	ct_put_le32(l + ls - 512 + 4, 0);	/* page 8 is offset 4096 */
	nwarn = 0;
	CHECK_INT(ct_hive_log_apply(&h, &hs, 1 << 20, &log, 1, &r, count_warn,
	    NULL), 0);
	CHECK(strstr(last_warn, "says it is at 0") != NULL);
	CHECK_INT(h[PAGE + 8 * 512 + 100], 'o');	/* as it was */
	CHECK_INT(ct_le32(h + 4), 11);
	CHECK_INT(ct_le32(h + 8), 10);	/* still dirty */
	/* written half: its sequence numbers disagree */
	ct_put_le32(l + 8, 10);
	ct_put_le32(l + 508, ct_hive_base_checksum(l));
	CHECK_INT(ct_hive_log_apply(&h, &hs, 1 << 20, &log, 1, &r, count_warn,
	    NULL), 0);
	CHECK(strstr(last_warn, "not written whole") != NULL);
	/* cut short: the marked page is not there */
	ct_put_le32(l + 8, 11);
	ct_put_le32(l + 508, ct_hive_base_checksum(l));
	log.size = ls - 512;
	CHECK_INT(ct_hive_log_apply(&h, &hs, 1 << 20, &log, 1, &r, count_warn,
	    NULL), 0);
	CHECK(strstr(last_warn, "fewer stored") != NULL);
	/* and a bitmap that does not fit the log at all */
	log.size = 514;
	CHECK_INT(ct_hive_log_apply(&h, &hs, 1 << 20, &log, 1, &r, count_warn,
	    NULL), 0);
	CHECK(strstr(last_warn, "cut short") != NULL);
	free(h);
	free(l);
}

/* make_hive()'s bins carry their offset and size, as real ones do */
static void
fix_bins(uint8_t *h, size_t npages)
{
	size_t i;

	for (i = 0; i < npages; i++) {
		ct_put_le32(h + PAGE * (1 + i) + 4, (uint32_t)(PAGE * i));
		ct_put_le32(h + PAGE * (1 + i) + 8, PAGE);
	}
}

struct buf_ctx {
	const uint8_t *p;
	size_t n;
};

static int64_t
buf_read_at(void *ctx, void *buf, size_t n, int64_t off)
{
	const struct buf_ctx *c = ctx;

	if ((uint64_t)off >= c->n)
		return 0;
	if (n > c->n - (size_t)off)
		n = c->n - (size_t)off;
	memcpy(buf, c->p + off, n);
	return (int64_t)n;
}

UNIT_CASE(bins_mend)
{
	size_t hs;
	uint8_t *h = make_hive(4, 5, 5, &hs);
	struct buf_ctx ctx;

	fix_bins(h, 4);
	ctx.p = h;
	ctx.n = hs;
	CHECK_INT(ct_hive_bins_ok(buf_read_at, &ctx, (int64_t)hs), 1);
	CHECK_INT(ct_hive_bins_mend(h, &hs, count_warn, NULL), 0);
	/* a bad header between good ones: rebuilt, nothing lost */
	memcpy(h + 2 * PAGE, "XXXX", 4);
	CHECK_INT(ct_hive_bins_ok(buf_read_at, &ctx, (int64_t)hs), 0);
	nwarn = 0;
	CHECK_INT(ct_hive_bins_mend(h, &hs, count_warn, NULL), 1);
	CHECK_INT(nwarn, 1);
	CHECK(memcmp(h + 2 * PAGE, "hbin", 4) == 0);
	CHECK_INT(hs, 5 * PAGE);
	CHECK_INT(ct_hive_bins_ok(buf_read_at, &ctx, (int64_t)hs), 1);
	/* cut inside the last page: the whole pages before it are kept */
	hs = 4 * PAGE + 100;
	ctx.n = hs;
	CHECK_INT(ct_hive_bins_ok(buf_read_at, &ctx, (int64_t)hs), 0);
	CHECK(ct_hive_bins_mend(h, &hs, count_warn, NULL) >= 1);
	CHECK_INT(hs, 4 * PAGE);
	CHECK_INT(ct_le32(h + 40), 3 * PAGE);
	CHECK_INT(ct_le32(h + 508), ct_hive_base_checksum(h));
	/* nothing valid after the base block: the chain ends there */
	memset(h + PAGE, 0, 3 * PAGE);
	ct_put_le32(h + 40, 3 * PAGE);
	CHECK_INT(ct_hive_bins_mend(h, &hs, count_warn, NULL), 1);
	CHECK_INT(hs, PAGE);
	CHECK(strstr(last_warn, "the hive bins end at offset 4096") != NULL);
	free(h);
}

/* UTF-16LE of an ASCII string with its NUL (n bytes written). */
static size_t
u16(uint8_t *out, const char *s)
{
	size_t i, n = strlen(s);

	for (i = 0; i <= n; i++) {
		out[2 * i] = (uint8_t)s[i];
		out[2 * i + 1] = 0;
	}
	return 2 * (n + 1);
}

UNIT_CASE(value_columns)
{
	struct ct_buf t = CT_BUF_INIT;
	struct ct_reg_value_row r;
	uint8_t b[256];
	size_t n;

	n = u16(b, "%ProgramFiles%\\x.exe");
	ct_hive_value_row(&r, "Sidebar", CT_REG_EXPAND_SZ, b, n, &t);
	CHECK_STR(r.text, "%ProgramFiles%\\x.exe");
	CHECK(r.data.p == NULL);
	CHECK(r.number == CT_NULL_INT);
	CHECK_INT(r.size, (int64_t)n);
	/* garbage after the NUL: text up to it, and the bytes kept */
	memcpy(b + n, "\x41\x00\x42\x00", 4);
	ct_hive_value_row(&r, "TimeZoneKeyName", CT_REG_SZ, b, n + 4, &t);
	CHECK_STR(r.text, "%ProgramFiles%\\x.exe");
	CHECK(r.data.p == b && r.data.n == n + 4);
	/* MULTI_SZ: one string a line, up to the empty one */
	n = u16(b, "one");
	n += u16(b + n, "two");
	n += u16(b + n, "");
	ct_hive_value_row(&r, "m", CT_REG_MULTI_SZ, b, n, &t);
	CHECK_STR(r.text, "one\ntwo");
	CHECK(r.data.p == NULL);
	/* a lone surrogate: not text, the bytes */
	ct_put_le16(b, 0xD800);
	ct_put_le16(b + 2, 0x0041);
	ct_hive_value_row(&r, "s", CT_REG_SZ, b, 4, &t);
	CHECK(r.text == NULL);
	CHECK(r.data.n == 4);
	/* a surrogate pair is fine: U+1F600 */
	ct_put_le16(b, 0xD83D);
	ct_put_le16(b + 2, 0xDE00);
	ct_hive_value_row(&r, "s", CT_REG_SZ, b, 4, &t);
	CHECK_STR(r.text, "\xF0\x9F\x98\x80");
	/* an empty string */
	ct_hive_value_row(&r, "", CT_REG_SZ, NULL, 0, &t);
	CHECK_STR(r.text, "");
	/* numbers */
	ct_put_le32(b, 0xFFFFFFC4u);	/* DaylightBias -60, stored unsigned */
	ct_hive_value_row(&r, "DaylightBias", CT_REG_DWORD, b, 4, &t);
	CHECK(r.number == 4294967236);
	CHECK(r.data.p == NULL);
	ct_hive_value_row(&r, "be", CT_REG_DWORD_BIG_ENDIAN,
	    (const uint8_t *)"\x00\x00\x01\x02", 4, &t);
	CHECK(r.number == 258);
	ct_put_le64(b, 0x01CD0146EA1EADB0ull);
	ct_hive_value_row(&r, "q", CT_REG_QWORD, b, 8, &t);
	CHECK(r.number == 0x01CD0146EA1EADB0ll);
	/* a DWORD of the wrong size: the number it starts with, and bytes */
	ct_hive_value_row(&r, "d", CT_REG_DWORD, b, 6, &t);
	CHECK(r.data.n == 6);
	ct_hive_value_row(&r, "d", CT_REG_DWORD, b, 2, &t);
	CHECK(r.number == CT_NULL_INT);
	/* other types, and types outside 0-11, are bytes as stored */
	ct_hive_value_row(&r, "x", 0xFFFF0012u, b, 8, &t);
	CHECK(r.type == 0xFFFF0012ll);
	CHECK(r.data.n == 8 && r.text == NULL && r.number == CT_NULL_INT);
	ct_buf_release(&t);
}

static int
has_select(void *ctx, const char *name)
{
	(void)ctx;
	return strcmp(name, "Select") == 0 || strcmp(name, "ControlSet001") == 0;
}

static int
has_policy(void *ctx, const char *name)
{
	(void)ctx;
	return strcmp(name, "Policy") == 0 || strcmp(name, "RXACT") == 0 ||
	    strcmp(name, "SAM") == 0;
}

static int
has_nothing(void *ctx, const char *name)
{
	(void)ctx;
	(void)name;
	return 0;
}

UNIT_CASE(hive_kinds)
{
	uint8_t bb[4096];
	char name[128], user[64];

	CHECK_STR(ct_hive_type_from_name("/x/Users/a/ntuser.dat"), "NTUSER");
	CHECK_STR(ct_hive_type_from_name("C:\\w\\config\\SYSTEM"), "SYSTEM");
	CHECK_STR(ct_hive_type_from_name("AMCACHE.HVE"), "AMCACHE");
	CHECK(ct_hive_type_from_name("SYSTEM_B") == NULL);
	CHECK(ct_hive_type_from_name("NTUSER.DAT.LOG1") == NULL);
	memset(bb, 0, sizeof(bb));
	u16(bb + 48, "\\??\\C:\\Users\\bob\\ntuser.dat");
	CHECK_STR(ct_hive_type_from_base_block(bb, sizeof(bb), name,
	    sizeof(name)), "NTUSER");
	CHECK(ct_hive_profile_user(name, user, sizeof(user)) == 1);
	CHECK_STR(user, "bob");
	CHECK(ct_hive_type_from_base_block(bb, 60, NULL, 0) == NULL);
	CHECK_STR(ct_hive_type_from_root("ROOT", has_select, NULL), "SYSTEM");
	CHECK_STR(ct_hive_type_from_root("x", has_policy, NULL), "SECURITY");
	CHECK(ct_hive_type_from_root("x", has_nothing, NULL) == NULL);
	CHECK_STR(ct_hive_type_from_root("S-1-5-21-1-2-3-1001_Classes",
	    has_nothing, NULL), "USRCLASS");
	CHECK(ct_hive_classes_sid("S-1-5-21-1-2-3-1001_Classes", name,
	    sizeof(name)) == 1);
	CHECK_STR(name, "S-1-5-21-1-2-3-1001");
	CHECK(ct_hive_classes_sid("_Classes", name, sizeof(name)) == 0);
	CHECK(ct_hive_profile_user("/img/Users/alice/AppData/Local/Microsoft/"
	    "Windows/UsrClass.dat", user, sizeof(user)) == 1);
	CHECK_STR(user, "alice");
	CHECK(ct_hive_profile_user("/Documents and Settings/Mr. Evil/"
	    "NTUSER.DAT", user, sizeof(user)) == 1);
	CHECK_STR(user, "Mr. Evil");
	CHECK(ct_hive_profile_user("/data/Users/NTUSER.DAT", user,
	    sizeof(user)) == 0);
	CHECK(ct_hive_profile_user("/data/hives/NTUSER.DAT", user,
	    sizeof(user)) == 0);
}

static const struct unit_case cases[] = {
	{ "marvin32", marvin32 },
	{ "log_apply_in_order", log_apply_in_order },
	{ "log_damage_stops_the_log", log_damage_stops_the_log },
	{ "log_gaps_and_formats", log_gaps_and_formats },
	{ "log_old_format_applied", log_old_format_applied },
	{ "log_old_format_refused", log_old_format_refused },
	{ "bins_mend", bins_mend },
	{ "value_columns", value_columns },
	{ "hive_kinds", hive_kinds },
	{ NULL, NULL }
};

int
main(int argc, char **argv)
{
	return unit_run(cases, argc, argv);
}
