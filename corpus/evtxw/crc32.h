/*
 * crc32.h - CRC-32 as in RFC 1952 (polynomial 0xEDB88320, reflected), the
 * checksum of EVTX file and chunk headers and of chunk record data
 * (libyal libevtx documentation, "File header" and "Chunk header").
 */
#ifndef EW_CRC32_H
#define EW_CRC32_H

#include <stddef.h>
#include <stdint.h>

/* Continue a CRC: start with crc = 0. */
uint32_t ew_crc32(uint32_t crc, const uint8_t *p, size_t n);

#endif
