/*
 * buf.c - growable byte buffer with a sticky error flag (see buf.h).
 */
#include <stdlib.h>
#include <string.h>

#include "buf.h"

void
ew_buf_init(struct ew_buf *b)
{
	b->data = NULL;
	b->len = b->cap = 0;
	b->oom = 0;
}

void
ew_buf_release(struct ew_buf *b)
{
	free(b->data);
	ew_buf_init(b);
}

int
ew_buf_grow(struct ew_buf *b, size_t n)
{
	size_t want, ncap;
	uint8_t *p;

	if (b->oom)
		return -1;
	if (n > SIZE_MAX - b->len) {
		b->oom = 1;
		return -1;
	}
	want = b->len + n;
	if (want <= b->cap)
		return 0;
	ncap = b->cap ? b->cap : 256;
	while (ncap < want) {
		if (ncap > SIZE_MAX / 2) {
			ncap = want;
			break;
		}
		ncap *= 2;
	}
	p = realloc(b->data, ncap);
	if (p == NULL) {
		b->oom = 1;
		return -1;
	}
	b->data = p;
	b->cap = ncap;
	return 0;
}

void
ew_buf_add(struct ew_buf *b, const void *p, size_t n)
{
	if (n == 0 || ew_buf_grow(b, n) != 0)
		return;
	memcpy(b->data + b->len, p, n);
	b->len += n;
}

void
ew_buf_add_u8(struct ew_buf *b, uint8_t v)
{
	ew_buf_add(b, &v, 1);
}

void
ew_buf_add_le16(struct ew_buf *b, uint16_t v)
{
	uint8_t t[2];

	ew_le16(t, v);
	ew_buf_add(b, t, 2);
}

void
ew_buf_add_le32(struct ew_buf *b, uint32_t v)
{
	uint8_t t[4];

	ew_le32(t, v);
	ew_buf_add(b, t, 4);
}

void
ew_buf_add_le64(struct ew_buf *b, uint64_t v)
{
	uint8_t t[8];

	ew_le64(t, v);
	ew_buf_add(b, t, 8);
}

void
ew_buf_add_zeros(struct ew_buf *b, size_t n)
{
	if (n == 0 || ew_buf_grow(b, n) != 0)
		return;
	memset(b->data + b->len, 0, n);
	b->len += n;
}

void
ew_buf_put_le16(struct ew_buf *b, size_t off, uint16_t v)
{
	if (b->oom || off > b->len || b->len - off < 2)
		return;
	ew_le16(b->data + off, v);
}

void
ew_buf_put_le32(struct ew_buf *b, size_t off, uint32_t v)
{
	if (b->oom || off > b->len || b->len - off < 4)
		return;
	ew_le32(b->data + off, v);
}
