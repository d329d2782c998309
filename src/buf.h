/*
 * buf.h - a growable string buffer (git's strbuf with curl's size cap).
 *
 * Invariants: after ct_buf_init() or CT_BUF_INIT, buf is never NULL and is
 * always NUL-terminated; len is the number of bytes before that NUL. A
 * buffer with max != 0 never grows past max bytes: appends that would pass
 * it are dropped and set the sticky "truncated" flag, which the caller
 * checks once at the end (SQLite's sqlite3_str does the same with accError).
 * Allocation failure aborts (xalloc.h).
 */
#ifndef CT_BUF_H
#define CT_BUF_H

#include "compat.h"

#include <stdarg.h>

struct ct_buf {
	char *buf;
	size_t len;
	size_t alloc;		/* 0 while buf points at the static empty string */
	size_t max;		/* 0 = no cap */
	int truncated;		/* sticky: an append was dropped at the cap */
};

extern char ct_buf_empty[];
#define CT_BUF_INIT { ct_buf_empty, 0, 0, 0, 0 }

void ct_buf_init(struct ct_buf *b, size_t max);
/* Free the memory and return to the initial state (cap kept). */
void ct_buf_release(struct ct_buf *b);
/* Empty the string but keep the memory. */
void ct_buf_reset(struct ct_buf *b);
/* Hand the string to the caller (who frees it) and reset b. */
char *ct_buf_detach(struct ct_buf *b, size_t *len);

/* The growing (and capping) half of ct_buf_add. */
void ct_buf_add_slow(struct ct_buf *b, const void *data, size_t n);

/*
 * Appends are the parsers' innermost loop: the common case (room left)
 * is inline. alloc never exceeds max + 1, so room below alloc is also
 * room below the cap; alloc == 0 (the static empty string) has none.
 */
static inline void
ct_buf_add(struct ct_buf *b, const void *data, size_t n)
{
	if (n < b->alloc - b->len) {
		memcpy(b->buf + b->len, data, n);
		b->len += n;
		b->buf[b->len] = '\0';
	} else {
		ct_buf_add_slow(b, data, n);
	}
}

static inline void
ct_buf_addch(struct ct_buf *b, char c)
{
	if (b->alloc - b->len > 1) {
		b->buf[b->len++] = c;
		b->buf[b->len] = '\0';
	} else {
		ct_buf_add_slow(b, &c, 1);
	}
}

void ct_buf_adds(struct ct_buf *b, const char *s);
/* Decimal integers, as printf's %" PRId64 "/%" PRIu64 " write them (no locale). */
void ct_buf_add_i64(struct ct_buf *b, int64_t v);
void ct_buf_add_u64(struct ct_buf *b, uint64_t v);
/* Bytes as hex digits, two per byte, upper or lower case. */
void ct_buf_add_hex(struct ct_buf *b, const void *data, size_t n, int upper);
/*
 * The low 4 * digits bits of v as exactly digits hex digits (1 to 16),
 * as printf's "%0*" PRIx64 / PRIX64 writes them.
 */
void ct_buf_add_hexnum(struct ct_buf *b, uint64_t v, int digits, int upper);
void ct_buf_addf(struct ct_buf *b, const char *fmt, ...) CT_PRINTF(2, 3);
void ct_buf_vaddf(struct ct_buf *b, const char *fmt, va_list ap);
/* Make room for n more bytes without changing len (subject to the cap). */
int ct_buf_grow(struct ct_buf *b, size_t n);
/* Shorten to len bytes (len <= b->len). */
void ct_buf_setlen(struct ct_buf *b, size_t len);

/*
 * Append text from evidence as valid UTF-8: invalid sequences become
 * U+FFFD, so nothing downstream (JSON, HTML, SQLite) sees broken UTF-8.
 */
void ct_buf_add_utf8_clean(struct ct_buf *b, const char *s, size_t n);

/* Append s as the inside of a JSON string (no quotes). s may be any bytes. */
void ct_buf_add_json_str(struct ct_buf *b, const char *s, size_t n);

/*
 * Append evidence text for a terminal: control characters (C0, DEL, C1)
 * and the bidirectional overrides are shown as \xNN or \u{NNNN}, so a file
 * name cannot move the cursor or reorder what the analyst reads.
 */
void ct_buf_add_printable(struct ct_buf *b, const char *s);

/*
 * Append s with every byte outside printable ASCII, and '%' itself, as
 * %XX: a lossless form of a name whose bytes are not valid UTF-8 (the
 * original bytes come back by decoding %XX).
 */
void ct_buf_add_percent(struct ct_buf *b, const char *s);

#endif
