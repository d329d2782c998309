/* fill.h - deterministic filler bytes (xorshift64*), reproducible from (seed, offset). */
#ifndef MKNTFSIMG_FILL_H
#define MKNTFSIMG_FILL_H

#include <stddef.h>
#include <stdint.h>

/* Fill buf with the bytes at [off, off+len) of the stream defined by seed.
 * off must be a multiple of 8. */
void fill_bytes(uint64_t seed, uint64_t off, unsigned char *buf, size_t len);

/* A 64-bit mix (splitmix64), used to derive per-file seeds and sizes. */
uint64_t fill_mix(uint64_t x);

/* FNV-1a of a string, to derive seeds from names. */
uint64_t fill_hash(const char *s);

#endif
