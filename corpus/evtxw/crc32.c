/*
 * crc32.c - table-driven CRC-32 (RFC 1952), see crc32.h.
 */
#include "crc32.h"

static uint32_t crc_table[256];
static int crc_ready;

static void
crc_init(void)
{
	uint32_t c;
	int n, k;

	for (n = 0; n < 256; n++) {
		c = (uint32_t)n;
		for (k = 0; k < 8; k++)
			c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
		crc_table[n] = c;
	}
	crc_ready = 1;
}

uint32_t
ew_crc32(uint32_t crc, const uint8_t *p, size_t n)
{
	size_t i;

	if (!crc_ready)
		crc_init();
	crc ^= 0xFFFFFFFFu;
	for (i = 0; i < n; i++)
		crc = crc_table[(crc ^ p[i]) & 0xFF] ^ (crc >> 8);
	return crc ^ 0xFFFFFFFFu;
}
