/*
 * hive-bins.h - the chain of hive bins checked, and mended so that
 * libregf can open a damaged hive.
 *
 * libregf (20201007) reads every hive-bin header when it opens a hive and
 * refuses the whole file when one is wrong: a hive cut short (a partial
 * copy, a carved file) or with one damaged bin header would give nothing.
 * Bins are 4 KiB multiples, each starting with "hbin", its offset from
 * the first bin and its size, so the chain can be followed and mended:
 * a bad header before a good one is rebuilt to reach it (the cells in
 * that bin are kept as they are: libregf then reads or refuses each), a
 * bin running past the end is shortened to the whole pages there are,
 * and the chain ends where nothing valid follows. The base block's
 * hive-bins size and checksum are set to match.
 */
#ifndef CT_HIVE_BINS_H
#define CT_HIVE_BINS_H

#include <stddef.h>
#include <stdint.h>

#include "hive-log.h"	/* ct_hive_log_warn_fn, CT_HIVE_BASE_BLOCK */

/*
 * 1 if the hive (size bytes read through read_at) has a hive-bin chain
 * libregf will open as it is, 0 if it needs mending (or cannot be read).
 */
int ct_hive_bins_ok(int64_t (*read_at)(void *ctx, void *buf, size_t n,
    int64_t off), void *ctx, int64_t size);

/*
 * Mend the chain of the hive in hive[0..*size) (at least a base block):
 * each change a warning with the offset it was made at. *size may shrink
 * (the bins end at a page boundary). Returns the number of changes.
 */
unsigned ct_hive_bins_mend(uint8_t *hive, size_t *size,
    ct_hive_log_warn_fn warn, void *arg);

#endif
