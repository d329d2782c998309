/*
 * bytes.h - bounds checks and little-endian decoding for on-disk structures.
 *
 * Every length and offset read from evidence is attacker-controlled. Parsers
 * never cast structures onto buffers; they check with CT_FITS and decode
 * with ct_le16/32/64 (after libyal's byte_stream and YARA's fits_in_pe).
 */
#ifndef CT_BYTES_H
#define CT_BYTES_H

#include "compat.h"

/* True if [off, off + n) lies inside len bytes. Cannot overflow. */
#define CT_FITS(len, off, n) ((size_t)(n) <= (size_t)(len) && \
	(size_t)(off) <= (size_t)(len) - (size_t)(n))

static inline uint16_t
ct_le16(const uint8_t *p)
{
	return (uint16_t)(p[0] | (uint16_t)p[1] << 8);
}

static inline uint32_t
ct_le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	    (uint32_t)p[3] << 24;
}

static inline uint64_t
ct_le64(const uint8_t *p)
{
	return (uint64_t)ct_le32(p) | (uint64_t)ct_le32(p + 4) << 32;
}

static inline void
ct_put_le16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
}

static inline void
ct_put_le32(uint8_t *p, uint32_t v)
{
	ct_put_le16(p, (uint16_t)v);
	ct_put_le16(p + 2, (uint16_t)(v >> 16));
}

static inline void
ct_put_le64(uint8_t *p, uint64_t v)
{
	ct_put_le32(p, (uint32_t)v);
	ct_put_le32(p + 4, (uint32_t)(v >> 32));
}

#endif
