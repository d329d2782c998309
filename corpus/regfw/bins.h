/*
 * bins.h - hive bins and cells of a REGF file, written in order.
 *
 * The current hive bin is kept in memory; a cell that does not fit starts
 * a new bin (a bin larger than 4 KiB when the cell needs it, as Windows
 * does) and the rest of the old one becomes a free cell.  Bins already
 * written are patched with pwrite.  Offsets are relative to the start of
 * the hive bins data (file offset - 4096), as the format stores them.
 */
#ifndef REGFW_BINS_H
#define REGFW_BINS_H

#include <stddef.h>
#include <stdint.h>

#define RF_BLOCK	4096u	/* base block and hive bin granularity */
#define RF_HBIN_HDR	32u	/* hive bin header */

struct rf_bins {
	int fd;
	uint8_t *cur;		/* the current bin */
	uint32_t cur_off;	/* its offset */
	uint32_t cur_size;	/* its size, a multiple of 4096; 0 before the first */
	uint32_t used;		/* bytes of it in use, header included */
	int64_t first_time;	/* time stamp of the first bin */
	int err;		/* errno of the first failed write */
};

void rf_bins_init(struct rf_bins *b, int fd, int64_t first_time);

/*
 * Allocate a cell for len bytes of data (the 4-byte size field and the
 * alignment to 8 bytes are added).  Returns the cell's offset and sets *p
 * to its data, zeroed, valid until the next call; UINT32_MAX on error
 * (cell too large, write error).
 */
uint32_t rf_bins_alloc(struct rf_bins *b, size_t len, uint8_t **p);

/* Overwrite n bytes of cell data at offset off (cell offset + 4 + k). */
int rf_bins_patch(struct rf_bins *b, uint32_t off, const void *data, size_t n);

/* Read n bytes back (only bytes of the current bin or already written). */
int rf_bins_read(struct rf_bins *b, uint32_t off, void *data, size_t n);

/* Write the last bin; returns the hive bins data size, or UINT32_MAX. */
uint32_t rf_bins_finish(struct rf_bins *b);

/* Total size of the bins so far. */
static inline uint64_t rf_bins_size(const struct rf_bins *b)
{
	return (uint64_t)b->cur_off + b->cur_size;
}

#endif
