/*
 * test-buf.c - ct_buf invariants, the cap, and escaping of evidence text.
 */
#include "compat.h"

#include "buf.h"
#include "unit.h"
#include "utf8.h"

int
main(void)
{
	struct ct_buf b = CT_BUF_INIT;
	char *s;
	size_t len;
	static const uint8_t utf16[] = { 'A', 0, 0xe9, 0, 0x3d, 0xd8, 0x00,
	    0xde, 0x00, 0xd8, 'z', 0 };

	CHECK(b.buf != NULL && b.buf[0] == '\0' && b.len == 0);
	ct_buf_addf(&b, "%s-%d", "abc", 42);
	CHECK_STR(b.buf, "abc-42");
	ct_buf_addf(&b, "%0300d", 7);
	CHECK_INT(b.len, 306);
	CHECK_INT(b.buf[b.len], '\0');
	ct_buf_reset(&b);
	CHECK_INT(b.len, 0);
	ct_buf_release(&b);

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

	ct_buf_init(&b, 0);
	ct_buf_add_json_str(&b, "a\"b\\c\n\x01\xff\xc3\xa9", 10);
	CHECK_STR(b.buf, "a\\\"b\\\\c\\n\\u0001\\ufffd\xc3\xa9");
	ct_buf_reset(&b);
	ct_buf_add_utf8_clean(&b, "ok\xc0\x80x\xed\xa0\x80y", 10);
	CHECK_STR(b.buf, "ok\xef\xbf\xbd\xef\xbf\xbdx\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbdy");
	ct_buf_reset(&b);
	ct_buf_add_printable(&b, "a\x1b[2Jb\xe2\x80\xae" "c\x7f");
	CHECK_STR(b.buf, "a\\x1b[2Jb\\u{202E}c\\x7f");
	ct_buf_reset(&b);
	/* A, e-acute, U+1F600 as a surrogate pair, a lone high surrogate, z */
	ct_utf16le_to_utf8(&b, utf16, 6, 0);
	CHECK_STR(b.buf, "A\xc3\xa9\xf0\x9f\x98\x80\xef\xbf\xbdz");
	ct_buf_release(&b);
	CHECK(ct_utf8_valid("\xf4\x8f\xbf\xbf", 4));
	CHECK(!ct_utf8_valid("\xf4\x90\x80\x80", 4));
	CHECK(!ct_utf8_valid("\xe2\x82", 2));
	/* decimal integers without printf, at both ends of the ranges */
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
	/* under a cap, a number is cut like any other text */
	ct_buf_init(&b, 4);
	ct_buf_add_u64(&b, 123456);
	CHECK_STR(b.buf, "1234");
	CHECK(b.truncated);
	ct_buf_release(&b);

	ct_buf_init(&b, 0);
	ct_buf_add_hex(&b, "\x00\xab\xff", 3, 0);
	ct_buf_addch(&b, ' ');
	ct_buf_add_hex(&b, "\x0f\xa0", 2, 1);
	CHECK_STR(b.buf, "00abff 0FA0");
	ct_buf_release(&b);

	/*
	 * The cleaners skip plain ASCII eight bytes at a time: a byte to
	 * escape or replace is found at every position of a 20-byte string.
	 */
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

	/* fixed-width hex numbers, as printf writes them (GUIDs, keywords) */
	{
		static const uint64_t vals[] = { 0, 1, 0xab, 0x8020000000000000ull,
		    0x54849625ull, UINT64_MAX, 0x123456789abcdefull };
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

	return unit_done();
}
