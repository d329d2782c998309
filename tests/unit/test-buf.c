/*
 * test-buf.c - ct_buf invariants, the cap, and escaping of evidence text.
 */
#include "compat.h"

#include "buf.h"
#include "unit.h"
#include "utf8.h"

/* CT_BUF_INIT is an empty string; it grows, and reset empties it. */
UNIT_CASE(grow)
{
	struct ct_buf b = CT_BUF_INIT;

	CHECK(b.buf != NULL && b.buf[0] == '\0' && b.len == 0);
	ct_buf_addf(&b, "%s-%d", "abc", 42);
	CHECK_STR(b.buf, "abc-42");
	ct_buf_addf(&b, "%0300d", 7);
	CHECK_INT(b.len, 306);
	CHECK_INT(b.buf[b.len], '\0');
	ct_buf_reset(&b);
	CHECK_INT(b.len, 0);
	ct_buf_release(&b);
}

/* Under a cap text is cut and marked truncated; detach hands it over. */
UNIT_CASE(cap)
{
	struct ct_buf b;
	char *s;
	size_t len;

	ct_buf_init(&b, 8);
	ct_buf_adds(&b, "12345");
	CHECK(!b.truncated);
	ct_buf_adds(&b, "6789");
	CHECK(b.truncated);
	CHECK_STR(b.buf, "12345678");
	ct_buf_addf(&b, "%d", 1234);
	CHECK_INT(b.len, 8);
	s = ct_buf_detach(&b, &len);
	CHECK_STR(s, "12345678");
	CHECK_INT(len, 8);
	free(s);
	CHECK(b.buf[0] == '\0' && b.len == 0);
}

/* Quotes, backslash, controls, invalid UTF-8 (U+FFFD), valid UTF-8 kept. */
UNIT_CASE(json_str)
{
	struct ct_buf b;

	ct_buf_init(&b, 0);
	ct_buf_add_json_str(&b, "a\"b\\c\n\x01\xff\xc3\xa9", 10);
	CHECK_STR(b.buf, "a\\\"b\\\\c\\n\\u0001\\ufffd\xc3\xa9");
	ct_buf_release(&b);
}

/* An overlong NUL and a surrogate become one U+FFFD per byte. */
UNIT_CASE(utf8_clean)
{
	struct ct_buf b;

	ct_buf_init(&b, 0);
	ct_buf_add_utf8_clean(&b, "ok\xc0\x80x\xed\xa0\x80y", 10);
	CHECK_STR(b.buf, "ok\xef\xbf\xbd\xef\xbf\xbdx\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbdy");
	ct_buf_release(&b);
}

/* Terminal escapes and bidi overrides are shown, not passed on. */
UNIT_CASE(printable)
{
	struct ct_buf b;

	ct_buf_init(&b, 0);
	ct_buf_add_printable(&b, "a\x1b[2Jb\xe2\x80\xae" "c\x7f");
	CHECK_STR(b.buf, "a\\x1b[2Jb\\u{202E}c\\x7f");
	ct_buf_release(&b);
}

/* A, e-acute, U+1F600 as a surrogate pair, a lone high surrogate, z */
UNIT_CASE(utf16le)
{
	static const uint8_t utf16[] = { 'A', 0, 0xe9, 0, 0x3d, 0xd8, 0x00,
	    0xde, 0x00, 0xd8, 'z', 0 };
	struct ct_buf b;

	ct_buf_init(&b, 0);
	ct_utf8_from_utf16le(&b, utf16, 6, 0);
	CHECK_STR(b.buf, "A\xc3\xa9\xf0\x9f\x98\x80\xef\xbf\xbdz");
	ct_buf_release(&b);
}

/* U+10FFFF is the last code point; a truncated sequence is invalid. */
UNIT_CASE(utf8_valid)
{
	CHECK(ct_utf8_valid("\xf4\x8f\xbf\xbf", 4));
	CHECK(!ct_utf8_valid("\xf4\x90\x80\x80", 4));
	CHECK(!ct_utf8_valid("\xe2\x82", 2));
}

/* Decimal integers without printf, at both ends of the ranges. */
UNIT_CASE(decimal)
{
	struct ct_buf b;

	ct_buf_init(&b, 0);
	ct_buf_add_i64(&b, 0);
	ct_buf_addch(&b, ' ');
	ct_buf_add_i64(&b, -7);
	ct_buf_addch(&b, ' ');
	ct_buf_add_i64(&b, INT64_MIN);
	ct_buf_addch(&b, ' ');
	ct_buf_add_i64(&b, INT64_MAX);
	ct_buf_addch(&b, ' ');
	ct_buf_add_u64(&b, UINT64_MAX);
	ct_buf_addch(&b, ' ');
	ct_buf_add_u64(&b, 4104);
	CHECK_STR(b.buf, "0 -7 -9223372036854775808 9223372036854775807 "
	    "18446744073709551615 4104");
	ct_buf_release(&b);
}

/* Under a cap, a number is cut like any other text. */
UNIT_CASE(decimal_cap)
{
	struct ct_buf b;

	ct_buf_init(&b, 4);
	ct_buf_add_u64(&b, 123456);
	CHECK_STR(b.buf, "1234");
	CHECK(b.truncated);
	ct_buf_release(&b);
}

/* Bytes as hex, lower and upper case. */
UNIT_CASE(hex)
{
	struct ct_buf b;

	ct_buf_init(&b, 0);
	ct_buf_add_hex(&b, "\x00\xab\xff", 3, 0);
	ct_buf_addch(&b, ' ');
	ct_buf_add_hex(&b, "\x0f\xa0", 2, 1);
	CHECK_STR(b.buf, "00abff 0FA0");
	ct_buf_release(&b);
}

/*
 * The cleaners skip plain ASCII eight bytes at a time: a byte to
 * escape or replace is found at every position of a 20-byte string.
 */
UNIT_CASE(clean_every_position)
{
	static const struct {
		const char *in, *json, *clean;
	} special[] = {
		{ "\"", "\\\"", "\"" },
		{ "\\", "\\\\", "\\" },
		{ "\x01", "\\u0001", "\x01" },
		{ "\x1f", "\\u001f", "\x1f" },
		{ "\n", "\\n", "\n" },
		{ " ", " ", " " },
		{ "\x7f", "\x7f", "\x7f" },
		{ "\xff", "\\ufffd", "\xef\xbf\xbd" },
		{ "\xc3\xa9", "\xc3\xa9", "\xc3\xa9" },
	};
	struct ct_buf b;
	size_t i, pos;

	for (i = 0; i < CT_ARRAY_SIZE(special); i++)
		for (pos = 0; pos < 20; pos++) {
			static const char as[] = "aaaaaaaaaaaaaaaaaaaa";
			char in[40], want[60];
			size_t k = strlen(special[i].in);

			memset(in, 'a', sizeof(in));
			memcpy(in + pos, special[i].in, k);
			in[20 + k - 1] = '\0';
			snprintf(want, sizeof(want), "%.*s%s%.*s", (int)pos,
			    as, special[i].json, (int)(20 - pos - 1), as);
			ct_buf_init(&b, 0);
			ct_buf_add_json_str(&b, in, strlen(in));
			CHECK_STR(b.buf, want);
			ct_buf_reset(&b);
			snprintf(want, sizeof(want), "%.*s%s%.*s", (int)pos,
			    as, special[i].clean, (int)(20 - pos - 1), as);
			ct_buf_add_utf8_clean(&b, in, strlen(in));
			CHECK_STR(b.buf, want);
			ct_buf_release(&b);
		}
}

/* Fixed-width hex numbers, as printf writes them (GUIDs, keywords). */
UNIT_CASE(hexnum)
{
	static const uint64_t vals[] = { 0, 1, 0xab, 0x8020000000000000ull,
	    0x54849625ull, UINT64_MAX, 0x123456789abcdefull };
	struct ct_buf b;
	size_t i;
	int d;

	for (i = 0; i < CT_ARRAY_SIZE(vals); i++)
		for (d = 1; d <= 16; d++) {
			uint64_t v = d == 16 ? vals[i] :
			    vals[i] & ((1ull << (4 * d)) - 1);
			char want[40];

			ct_buf_init(&b, 0);
			ct_buf_add_hexnum(&b, vals[i], d, d % 2);
			snprintf(want, sizeof(want), d % 2 ? "%0*" PRIX64 :
			    "%0*" PRIx64, d, v);
			CHECK_STR(b.buf, want);
			ct_buf_release(&b);
		}
}

static const struct unit_case cases[] = {
	{ "grow", grow },
	{ "cap", cap },
	{ "json_str", json_str },
	{ "utf8_clean", utf8_clean },
	{ "printable", printable },
	{ "utf16le", utf16le },
	{ "utf8_valid", utf8_valid },
	{ "decimal", decimal },
	{ "decimal_cap", decimal_cap },
	{ "hex", hex },
	{ "clean_every_position", clean_every_position },
	{ "hexnum", hexnum },
	{ NULL, NULL }
};

int
main(int argc, char **argv)
{
	return unit_run(cases, argc, argv);
}
