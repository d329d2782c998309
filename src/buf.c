/*
 * buf.c - growable string buffer with a cap and a sticky truncation flag
 * (see buf.h for the invariants).
 */
#include "compat.h"

#include "buf.h"
#include "utf8.h"
#include "xalloc.h"

char ct_buf_empty[1];

void
ct_buf_init(struct ct_buf *b, size_t max)
{
	b->buf = ct_buf_empty;
	b->len = 0;
	b->alloc = 0;
	b->max = max;
	b->truncated = 0;
}

void
ct_buf_release(struct ct_buf *b)
{
	if (b->alloc)
		free(b->buf);
	ct_buf_init(b, b->max);
}

void
ct_buf_reset(struct ct_buf *b)
{
	b->len = 0;
	b->buf[0] = '\0';
	b->truncated = 0;
}

char *
ct_buf_detach(struct ct_buf *b, size_t *len)
{
	char *s;

	if (len)
		*len = b->len;
	s = b->alloc ? b->buf : ct_xstrdup("");
	ct_buf_init(b, b->max);
	return s;
}

int
ct_buf_grow(struct ct_buf *b, size_t n)
{
	size_t need;

	if (n > SIZE_MAX - b->len - 1)
		goto capped;
	need = b->len + n + 1;
	if (b->max && need > b->max + 1)
		goto capped;
	if (need <= b->alloc)
		return 0;
	if (b->alloc == 0) {
		size_t sz = need < 64 ? 64 : need;

		if (b->max && sz > b->max + 1)
			sz = b->max + 1;

		b->buf = ct_xmalloc(sz);
		b->buf[0] = '\0';
		b->alloc = sz;
		return 0;
	}
	{
		size_t sz = b->alloc;

		while (sz < need)
			sz = sz > SIZE_MAX / 2 ? need : sz * 2;
		if (b->max && sz > b->max + 1)
			sz = b->max + 1;
		b->buf = ct_xrealloc(b->buf, sz);
		b->alloc = sz;
	}
	return 0;
capped:
	b->truncated = 1;
	return -1;
}

void
ct_buf_add_slow(struct ct_buf *b, const void *data, size_t n)
{
	if (n == 0)
		return;
	if (ct_buf_grow(b, n) < 0) {
		/* Keep what fits, so a capped text ends where the cap is. */
		size_t room = b->max > b->len ? b->max - b->len : 0;

		if (room == 0 || ct_buf_grow(b, room) < 0)
			return;
		b->truncated = 1;
		n = room;
	}
	memcpy(b->buf + b->len, data, n);
	b->len += n;
	b->buf[b->len] = '\0';
}

void
ct_buf_adds(struct ct_buf *b, const char *s)
{
	ct_buf_add(b, s, strlen(s));
}

/* Parsers format millions of numbers: printf's machinery is a hot spot. */
void
ct_buf_add_u64(struct ct_buf *b, uint64_t v)
{
	char d[20];
	size_t i = sizeof(d);

	do {
		d[--i] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	ct_buf_add(b, d + i, sizeof(d) - i);
}

void
ct_buf_add_hex(struct ct_buf *b, const void *data, size_t n, int upper)
{
	const char *hex = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	const uint8_t *p = data;
	size_t i;

	for (i = 0; i < n; i++) {
		ct_buf_addch(b, hex[p[i] >> 4]);
		ct_buf_addch(b, hex[p[i] & 15]);
	}
}

void
ct_buf_add_hexnum(struct ct_buf *b, uint64_t v, int digits, int upper)
{
	const char *hex = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	char d[16];
	int i;

	if (digits < 1)
		digits = 1;
	if (digits > 16)
		digits = 16;
	for (i = digits - 1; i >= 0; i--) {
		d[i] = hex[v & 15];
		v >>= 4;
	}
	ct_buf_add(b, d, (size_t)digits);
}

void
ct_buf_add_i64(struct ct_buf *b, int64_t v)
{
	if (v < 0) {
		ct_buf_addch(b, '-');
		/* INT64_MIN has no positive int64_t: negate in unsigned */
		ct_buf_add_u64(b, (uint64_t)0 - (uint64_t)v);
	} else {
		ct_buf_add_u64(b, (uint64_t)v);
	}
}

void
ct_buf_vaddf(struct ct_buf *b, const char *fmt, va_list ap)
{
	va_list cp;
	int n;
	size_t limit = b->max && b->alloc > b->max + 1 ? b->max + 1 : b->alloc;
	size_t room = limit > b->len ? limit - b->len : 0;

	va_copy(cp, ap);
	n = vsnprintf(room ? b->buf + b->len : NULL, room, fmt, cp);
	va_end(cp);
	if (n < 0)
		return;
	if ((size_t)n < room) {
		b->len += (size_t)n;
		return;
	}
	if (room)
		b->buf[b->len] = '\0';
	if (ct_buf_grow(b, (size_t)n) < 0) {
		char *tmp = ct_xmalloc((size_t)n + 1);

		vsnprintf(tmp, (size_t)n + 1, fmt, ap);
		ct_buf_add(b, tmp, (size_t)n);
		free(tmp);
		return;
	}
	vsnprintf(b->buf + b->len, (size_t)n + 1, fmt, ap);
	b->len += (size_t)n;
}

void
ct_buf_addf(struct ct_buf *b, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	ct_buf_vaddf(b, fmt, ap);
	va_end(ap);
}

void
ct_buf_setlen(struct ct_buf *b, size_t len)
{
	if (len > b->len)
		return;
	b->len = len;
	if (b->alloc)
		b->buf[len] = '\0';
}

/*
 * Eight bytes at a time (SWAR): most evidence text is plain ASCII, which
 * the cleaners below then copy in one piece.
 */
#define ONES	0x0101010101010101ull
#define HIGHS	0x8080808080808080ull
/* A byte of w is zero. */
#define HAS_ZERO(w)	(((w) - ONES) & ~(w) & HIGHS)

static inline uint64_t
load8(const uint8_t *p)
{
	uint64_t w;

	memcpy(&w, p, sizeof(w));
	return w;
}

/* The 8 bytes at p are all ASCII. */
static inline int
ascii8(const uint8_t *p)
{
	return (load8(p) & HIGHS) == 0;
}

/* The 8 bytes at p are printable ASCII other than '"' and '\'. */
static inline int
json_plain8(const uint8_t *p)
{
	uint64_t w = load8(p);

	return (w & HIGHS) == 0 &&
	    HAS_ZERO(w & (ONES * 0x60)) == 0 &&	/* no byte < 0x20 */
	    HAS_ZERO(w ^ (ONES * '"')) == 0 &&
	    HAS_ZERO(w ^ (ONES * '\\')) == 0;
}

void
ct_buf_add_utf8_clean(struct ct_buf *b, const char *s, size_t n)
{
	const uint8_t *p = (const uint8_t *)s;
	size_t i = 0, run = 0;

	while (i < n) {
		size_t len;

		if (n - i >= 8 && ascii8(p + i)) {
			i += 8;
			run += 8;
			continue;
		}
		if (p[i] < 0x80) {	/* ASCII, most of any evidence text */
			i++;
			run++;
			continue;
		}
		len = ct_utf8_valid_prefix(p + i, n - i);
		if (len > 0) {
			i += len;
			run += len;
			continue;
		}
		ct_buf_add(b, s + i - run, run);
		run = 0;
		ct_buf_add(b, "\xef\xbf\xbd", 3);	/* U+FFFD */
		i++;
	}
	ct_buf_add(b, s + n - run, run);
}

void
ct_buf_add_json_str(struct ct_buf *b, const char *s, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	const uint8_t *p = (const uint8_t *)s;
	size_t i = 0, start = 0;

	while (i < n) {
		uint8_t c;
		size_t len;

		if (n - i >= 8 && json_plain8(p + i)) {
			i += 8;
			continue;
		}
		c = p[i];
		if (c >= 0x20 && c < 0x80 && c != '"' && c != '\\') {
			i++;
			continue;
		}
		if (c >= 0x80) {
			len = ct_utf8_valid_prefix(p + i, n - i);
			if (len > 0) {
				i += len;
				continue;
			}
		}
		ct_buf_add(b, s + start, i - start);
		switch (c) {
		case '"':  ct_buf_add(b, "\\\"", 2); break;
		case '\\': ct_buf_add(b, "\\\\", 2); break;
		case '\n': ct_buf_add(b, "\\n", 2); break;
		case '\r': ct_buf_add(b, "\\r", 2); break;
		case '\t': ct_buf_add(b, "\\t", 2); break;
		default:
			if (c < 0x20) {
				char u[6] = { '\\', 'u', '0', '0',
				    hex[c >> 4], hex[c & 15] };

				ct_buf_add(b, u, 6);
			} else {
				ct_buf_add(b, "\\ufffd", 6);	/* invalid UTF-8 */
			}
		}
		i++;
		start = i;
	}
	ct_buf_add(b, s + start, n - start);
}

void
ct_buf_add_printable(struct ct_buf *b, const char *s)
{
	const uint8_t *p = (const uint8_t *)(s ? s : "");
	size_t n = strlen((const char *)p), i = 0;

	while (i < n) {
		size_t len = ct_utf8_valid_prefix(p + i, n - i);
		uint32_t cp;

		if (len == 0) {
			ct_buf_addf(b, "\\x%02x", p[i]);
			i++;
			continue;
		}
		if (len == 1) {
			if (p[i] < 0x20 || p[i] == 0x7f)
				ct_buf_addf(b, "\\x%02x", p[i]);
			else
				ct_buf_addch(b, (char)p[i]);
			i++;
			continue;
		}
		cp = len == 2 ? (uint32_t)(p[i] & 0x1f) << 6 | (p[i + 1] & 0x3f) :
		    len == 3 ? (uint32_t)(p[i] & 0x0f) << 12 |
		    (uint32_t)(p[i + 1] & 0x3f) << 6 | (p[i + 2] & 0x3f) :
		    (uint32_t)(p[i] & 0x07) << 18 | (uint32_t)(p[i + 1] & 0x3f) << 12 |
		    (uint32_t)(p[i + 2] & 0x3f) << 6 | (p[i + 3] & 0x3f);
		if ((cp >= 0x80 && cp < 0xa0) || (cp >= 0x202a && cp <= 0x202e) ||
		    (cp >= 0x2066 && cp <= 0x2069) || cp == 0x200e || cp == 0x200f)
			ct_buf_addf(b, "\\u{%04" PRIX32 "}", cp);
		else
			ct_buf_add(b, p + i, len);
		i += len;
	}
}

void
ct_buf_add_percent(struct ct_buf *b, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";

	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c < 0x20 || c >= 0x7f || c == '%') {
			ct_buf_addch(b, '%');
			ct_buf_addch(b, hex[c >> 4]);
			ct_buf_addch(b, hex[c & 15]);
		} else {
			ct_buf_addch(b, (char)c);
		}
	}
}
