/*
 * bins.c - hive bins and cells, written in order (see bins.h).
 *
 * A hive bin header is "hbin", its offset, its size, 8 reserved bytes, a
 * FILETIME (only the first bin carries one: a copy of the base block's
 * last-written time) and a spare field.  Cells are 8-byte aligned, their
 * size negative when allocated; the free rest of a bin is one positive
 * cell, so a reader walking the bin's cells lands exactly on its end.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bins.h"
#include "le.h"

/* The largest cell we allocate: big data keeps segments to 16 KiB, but a
 * values list or subkeys list of a very wide key can be larger. */
#define RF_MAX_CELL	(64u << 20)

void
rf_bins_init(struct rf_bins *b, int fd, int64_t first_time)
{
	memset(b, 0, sizeof(*b));
	b->fd = fd;
	b->first_time = first_time;
}

static int
write_all(int fd, const uint8_t *p, size_t n, off_t at)
{
	while (n > 0) {
		ssize_t w = pwrite(fd, p, n, at);

		if (w < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		p += w;
		n -= (size_t)w;
		at += w;
	}
	return 0;
}

/* Close the current bin: its free rest becomes one unallocated cell. */
static int
flush_bin(struct rf_bins *b)
{
	if (b->cur_size == 0)
		return 0;
	if (b->used < b->cur_size)
		rf_le32(b->cur + b->used, b->cur_size - b->used);
	if (write_all(b->fd, b->cur, b->cur_size,
	    (off_t)RF_BLOCK + b->cur_off) != 0) {
		b->err = errno;
		return -1;
	}
	return 0;
}

static int
new_bin(struct rf_bins *b, uint32_t need)
{
	uint32_t size = (need + RF_HBIN_HDR + RF_BLOCK - 1) / RF_BLOCK * RF_BLOCK;
	uint32_t off = b->cur_off + b->cur_size;
	uint8_t *p;

	if (flush_bin(b) != 0)
		return -1;
	if (size != b->cur_size) {
		p = realloc(b->cur, size);
		if (p == NULL) {
			b->err = ENOMEM;
			return -1;
		}
		b->cur = p;
	}
	memset(b->cur, 0, size);
	memcpy(b->cur, "hbin", 4);
	rf_le32(b->cur + 4, off);
	rf_le32(b->cur + 8, size);
	if (off == 0)
		rf_le64(b->cur + 20, (uint64_t)b->first_time);
	b->cur_off = off;
	b->cur_size = size;
	b->used = RF_HBIN_HDR;
	return 0;
}

uint32_t
rf_bins_alloc(struct rf_bins *b, size_t len, uint8_t **p)
{
	uint32_t need, off;

	if (b->err != 0 || len > RF_MAX_CELL)
		return UINT32_MAX;
	need = ((uint32_t)len + 4 + 7) & ~7u;
	if (b->cur_size == 0 || b->cur_size - b->used < need) {
		if ((uint64_t)b->cur_off + b->cur_size + need >= UINT32_MAX - 2 * RF_BLOCK)
			return UINT32_MAX;	/* offsets are 32-bit */
		if (new_bin(b, need) != 0)
			return UINT32_MAX;
	}
	off = b->cur_off + b->used;
	rf_le32(b->cur + b->used, (uint32_t)-(int32_t)need);
	*p = b->cur + b->used + 4;
	b->used += need;
	return off;
}

int
rf_bins_patch(struct rf_bins *b, uint32_t off, const void *data, size_t n)
{
	if (b->err != 0)
		return -1;
	if (off >= b->cur_off && (uint64_t)off + n <= (uint64_t)b->cur_off + b->used) {
		memcpy(b->cur + (off - b->cur_off), data, n);
		return 0;
	}
	if ((uint64_t)off + n > b->cur_off) {
		b->err = EINVAL;	/* a patch across into the current bin: a bug */
		return -1;
	}
	if (write_all(b->fd, data, n, (off_t)RF_BLOCK + off) != 0) {
		b->err = errno;
		return -1;
	}
	return 0;
}

int
rf_bins_read(struct rf_bins *b, uint32_t off, void *data, size_t n)
{
	size_t done = 0;

	if (off >= b->cur_off && (uint64_t)off + n <= (uint64_t)b->cur_off + b->used) {
		memcpy(data, b->cur + (off - b->cur_off), n);
		return 0;
	}
	if ((uint64_t)off + n > b->cur_off)
		return -1;
	while (done < n) {
		ssize_t r = pread(b->fd, (uint8_t *)data + done, n - done,
		    (off_t)RF_BLOCK + off + (off_t)done);

		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return -1;
		done += (size_t)r;
	}
	return 0;
}

uint32_t
rf_bins_finish(struct rf_bins *b)
{
	uint8_t *p;

	if (b->cur_size == 0 && rf_bins_alloc(b, 0, &p) == UINT32_MAX)
		return UINT32_MAX;
	if (b->err != 0 || flush_bin(b) != 0)
		return UINT32_MAX;
	free(b->cur);
	b->cur = NULL;
	return b->cur_off + b->cur_size;
}
