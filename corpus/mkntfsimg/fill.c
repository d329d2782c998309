/* fill.c - deterministic filler content: block i of 8 bytes is splitmix64(seed ^ i). */
#define _GNU_SOURCE
#include "fill.h"

uint64_t fill_mix(uint64_t x)
{
	x += UINT64_C(0x9e3779b97f4a7c15);
	x = (x ^ (x >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
	x = (x ^ (x >> 27)) * UINT64_C(0x94d049bb133111eb);
	return x ^ (x >> 31);
}

uint64_t fill_hash(const char *s)
{
	uint64_t h = UINT64_C(0xcbf29ce484222325);
	for (; *s; s++) {
		h ^= (unsigned char)*s;
		h *= UINT64_C(0x100000001b3);
	}
	return h;
}

void fill_bytes(uint64_t seed, uint64_t off, unsigned char *buf, size_t len)
{
	uint64_t blk = off / 8;
	size_t i = 0;
	while (i < len) {
		uint64_t v = fill_mix(seed ^ (blk * UINT64_C(0xd1342543de82ef95)));
		for (int b = 0; b < 8 && i < len; b++, i++)
			buf[i] = (unsigned char)(v >> (8 * b));
		blk++;
	}
}
