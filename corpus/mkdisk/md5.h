/* md5.h - a small MD5 (RFC 1321) for the image digests stored in EWF files. */
#ifndef MKDISK_MD5_H
#define MKDISK_MD5_H

#include <stddef.h>
#include <stdint.h>

struct md5_ctx {
	uint32_t h[4];
	uint64_t len;
	unsigned char buf[64];
	size_t n;
};

void md5_init(struct md5_ctx *c);
void md5_update(struct md5_ctx *c, const void *data, size_t len);
void md5_final(struct md5_ctx *c, uint8_t out[16]);

#endif
