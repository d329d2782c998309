/*
 * marvin32.c - Marvin32 (see marvin32.h): two 32-bit lanes seeded from a
 * 64-bit seed, each 4-byte little-endian word added to lane 0 and mixed
 * by four add-rotate-xor rounds, the tail padded with 0x80, two final
 * mixes.  Written from the algorithm's description; checked against the
 * hashes of real Windows 10 log entries by corpus/tests/regf-dirty.py.
 */
#include "le.h"
#include "marvin32.h"

static uint32_t
rotl(uint32_t x, unsigned r)
{
	return x << r | x >> (32 - r);
}

static void
mix(uint32_t *p0, uint32_t *p1)
{
	*p1 ^= *p0;
	*p0 = rotl(*p0, 20);
	*p0 += *p1;
	*p1 = rotl(*p1, 9);
	*p1 ^= *p0;
	*p0 = rotl(*p0, 27);
	*p0 += *p1;
	*p1 = rotl(*p1, 19);
}

uint64_t
rf_marvin32(const uint8_t *d, size_t n, uint64_t seed)
{
	uint32_t p0 = (uint32_t)seed, p1 = (uint32_t)(seed >> 32), last;

	for (; n >= 4; d += 4, n -= 4) {
		p0 += rf_get32(d);
		mix(&p0, &p1);
	}
	switch (n) {
	case 3:
		last = 0x80000000u | (uint32_t)d[2] << 16 | rf_get16(d);
		break;
	case 2:
		last = 0x800000u | rf_get16(d);
		break;
	case 1:
		last = 0x8000u | d[0];
		break;
	default:
		last = 0x80u;
		break;
	}
	p0 += last;
	mix(&p0, &p1);
	mix(&p0, &p1);
	return (uint64_t)p1 << 32 | p0;
}
