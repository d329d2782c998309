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

	return unit_done();
}
