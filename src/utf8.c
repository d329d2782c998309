/*
 * utf8.c - UTF-8 validation and UTF-16LE to UTF-8 conversion (RFC 3629,
 * Unicode 15 chapter 3 "Well-formed UTF-8 byte sequences").
 */
#include "compat.h"

#include "buf.h"
#include "bytes.h"
#include "utf8.h"

size_t
ct_utf8_valid_prefix(const uint8_t *p, size_t n)
{
	uint8_t c;

	if (n == 0)
		return 0;
	c = p[0];
	if (c < 0x80)
		return 1;
	if (c >= 0xc2 && c <= 0xdf)
		return n >= 2 && (p[1] & 0xc0) == 0x80 ? 2 : 0;
	if (c >= 0xe0 && c <= 0xef) {
		uint8_t lo = c == 0xe0 ? 0xa0 : 0x80;
		uint8_t hi = c == 0xed ? 0x9f : 0xbf;	/* no surrogates */

		if (n < 3 || p[1] < lo || p[1] > hi || (p[2] & 0xc0) != 0x80)
			return 0;
		return 3;
	}
	if (c >= 0xf0 && c <= 0xf4) {
		uint8_t lo = c == 0xf0 ? 0x90 : 0x80;
		uint8_t hi = c == 0xf4 ? 0x8f : 0xbf;

		if (n < 4 || p[1] < lo || p[1] > hi ||
		    (p[2] & 0xc0) != 0x80 || (p[3] & 0xc0) != 0x80)
			return 0;
		return 4;
	}
	return 0;
}

int
ct_utf8_valid(const char *s, size_t n)
{
	const uint8_t *p = (const uint8_t *)s;
	size_t i = 0;

	while (i < n) {
		size_t len = ct_utf8_valid_prefix(p + i, n - i);

		if (len == 0)
			return 0;
		i += len;
	}
	return 1;
}

void
ct_utf8_put(struct ct_buf *out, uint32_t cp)
{
	char u[4];

	if (cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		cp = 0xfffd;
	if (cp < 0x80) {
		u[0] = (char)cp;
		ct_buf_add(out, u, 1);
	} else if (cp < 0x800) {
		u[0] = (char)(0xc0 | cp >> 6);
		u[1] = (char)(0x80 | (cp & 0x3f));
		ct_buf_add(out, u, 2);
	} else if (cp < 0x10000) {
		u[0] = (char)(0xe0 | cp >> 12);
		u[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		u[2] = (char)(0x80 | (cp & 0x3f));
		ct_buf_add(out, u, 3);
	} else {
		u[0] = (char)(0xf0 | cp >> 18);
		u[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
		u[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
		u[3] = (char)(0x80 | (cp & 0x3f));
		ct_buf_add(out, u, 4);
	}
}

void
ct_utf8_from_utf16le(struct ct_buf *out, const uint8_t *p, size_t nchars,
    int stop_at_nul)
{
	size_t i;

	for (i = 0; i < nchars; i++) {
		uint32_t u = ct_le16(p + 2 * i);

		if (u == 0 && stop_at_nul)
			break;
		if (u < 0x80) {
			/* ASCII fast path: most Windows strings are ASCII. */
			char c = (char)u;

			ct_buf_add(out, &c, 1);
			continue;
		}
		if (u >= 0xd800 && u <= 0xdbff && i + 1 < nchars) {
			uint32_t lo = ct_le16(p + 2 * (i + 1));

			if (lo >= 0xdc00 && lo <= 0xdfff) {
				ct_utf8_put(out, 0x10000 +
				    ((u - 0xd800) << 10) + (lo - 0xdc00));
				i++;
				continue;
			}
		}
		ct_utf8_put(out, u);	/* lone surrogates become U+FFFD */
	}
}
