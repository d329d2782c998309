/*
 * buf.h - growable byte buffer with a sticky error flag, used by the EVTX
 * writer to build records and by the scenario reader to convert strings.
 *
 * Contract: a struct ew_buf is initialised with EW_BUF_INIT or ew_buf_init().
 * Every append either succeeds or sets ->oom and leaves the contents as they
 * were; callers check ew_buf_ok() once after a series of appends (the habit
 * of SQLite's sqlite3_str and its accError).  ew_buf_release() frees memory.
 */
#ifndef EW_BUF_H
#define EW_BUF_H

#include <stddef.h>
#include <stdint.h>

struct ew_buf {
	uint8_t *data;	/* NULL until the first append */
	size_t len;	/* bytes in use */
	size_t cap;	/* bytes allocated */
	int oom;	/* sticky: an append failed */
};

#define EW_BUF_INIT { NULL, 0, 0, 0 }

void ew_buf_init(struct ew_buf *b);
void ew_buf_release(struct ew_buf *b);
/* Make room for n more bytes; returns 0 or -1 (and sets ->oom). */
int ew_buf_grow(struct ew_buf *b, size_t n);
void ew_buf_add(struct ew_buf *b, const void *p, size_t n);
void ew_buf_add_u8(struct ew_buf *b, uint8_t v);
void ew_buf_add_le16(struct ew_buf *b, uint16_t v);
void ew_buf_add_le32(struct ew_buf *b, uint32_t v);
void ew_buf_add_le64(struct ew_buf *b, uint64_t v);
void ew_buf_add_zeros(struct ew_buf *b, size_t n);
/* Overwrite 2 or 4 bytes at an offset already written; ignored if out of range. */
void ew_buf_put_le16(struct ew_buf *b, size_t off, uint16_t v);
void ew_buf_put_le32(struct ew_buf *b, size_t off, uint32_t v);
static inline int ew_buf_ok(const struct ew_buf *b) { return !b->oom; }

/* Little-endian stores into a caller-checked array. */
static inline void ew_le16(uint8_t *p, uint16_t v) { p[0] = (uint8_t)v; p[1] = (uint8_t)(v >> 8); }
static inline void ew_le32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)v; p[1] = (uint8_t)(v >> 8);
	p[2] = (uint8_t)(v >> 16); p[3] = (uint8_t)(v >> 24);
}
static inline void ew_le64(uint8_t *p, uint64_t v)
{
	ew_le32(p, (uint32_t)v);
	ew_le32(p + 4, (uint32_t)(v >> 32));
}

#endif
