/* le.h - little-endian stores and loads into caller-checked arrays. */
#ifndef REGFW_LE_H
#define REGFW_LE_H

#include <stdint.h>

static inline void rf_le16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
}
static inline void rf_le32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
	p[2] = (uint8_t)(v >> 16);
	p[3] = (uint8_t)(v >> 24);
}
static inline void rf_le64(uint8_t *p, uint64_t v)
{
	rf_le32(p, (uint32_t)v);
	rf_le32(p + 4, (uint32_t)(v >> 32));
}
static inline uint16_t rf_get16(const uint8_t *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}
static inline uint32_t rf_get32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	    (uint32_t)p[3] << 24;
}
static inline uint64_t rf_get64(const uint8_t *p)
{
	return (uint64_t)rf_get32(p) | (uint64_t)rf_get32(p + 4) << 32;
}

#endif
