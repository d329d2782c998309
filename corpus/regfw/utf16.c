/* utf16.c - UTF-8 to UTF-16LE, upper case and name hash (see utf16.h). */
#include <stdlib.h>

#include "utf16.h"

uint16_t *
rf_utf16(const char *s, size_t n, size_t *units)
{
	const unsigned char *p = (const unsigned char *)s;
	uint16_t *u = malloc((n + 1) * sizeof(*u));	/* never more units than bytes */
	size_t i = 0, k = 0;

	if (u == NULL)
		return NULL;
	while (i < n) {
		uint32_t c = p[i], min;
		size_t len, j;

		if (c < 0x80) {
			len = 1, min = 0;
		} else if ((c & 0xe0) == 0xc0) {
			len = 2, min = 0x80, c &= 0x1f;
		} else if ((c & 0xf0) == 0xe0) {
			len = 3, min = 0x800, c &= 0x0f;
		} else if ((c & 0xf8) == 0xf0) {
			len = 4, min = 0x10000, c &= 0x07;
		} else {
			goto bad;
		}
		if (len > n - i)
			goto bad;
		for (j = 1; j < len; j++) {
			if ((p[i + j] & 0xc0) != 0x80)
				goto bad;
			c = c << 6 | (p[i + j] & 0x3f);
		}
		if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
			goto bad;
		if (c >= 0x10000) {
			c -= 0x10000;
			u[k++] = (uint16_t)(0xd800 | c >> 10);
			u[k++] = (uint16_t)(0xdc00 | (c & 0x3ff));
		} else {
			u[k++] = (uint16_t)c;
		}
		i += len;
	}
	*units = k;
	return u;
bad:
	free(u);
	return NULL;
}

uint16_t
rf_upcase(uint16_t c)
{
	if (c >= 'a' && c <= 'z')
		return (uint16_t)(c - 32);
	if (c >= 0xe0 && c <= 0xfe && c != 0xf7)
		return (uint16_t)(c - 32);
	if (c == 0xff)
		return 0x178;
	return c;
}

uint32_t
rf_name_hash(const uint16_t *u, size_t n)
{
	uint32_t h = 0;
	size_t i;

	for (i = 0; i < n; i++)
		h = h * 37 + rf_upcase(u[i]);
	return h;
}
