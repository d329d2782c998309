/*
 * hive-bins.c - the hive-bin chain checked and mended (hive-bins.h).
 */
#include "compat.h"

#include <stdarg.h>

#include "bytes.h"
#include "hive-bins.h"

#define BIN_PAGE	4096
#define BIN_HEADER	32
#define BB_HBINS_SIZE	40
#define BB_CHECKSUM	508

/* Where the chain must end: the base block's size, or the file's. */
static size_t
chain_end(uint32_t hbins_size, size_t size)
{
	size_t end = size;

	if (hbins_size && (size_t)hbins_size <= size - CT_HIVE_BASE_BLOCK)
		end = CT_HIVE_BASE_BLOCK + (size_t)hbins_size;
	return end;
}

/* A bin header at pos whose fields hold, bin inside [.., end). */
static int
bin_valid(const uint8_t *h, size_t pos, size_t end)
{
	uint32_t size;

	if (pos + BIN_HEADER > end || memcmp(h, "hbin", 4) != 0 ||
	    ct_le32(h + 4) != pos - CT_HIVE_BASE_BLOCK)
		return 0;
	size = ct_le32(h + 8);
	return size >= BIN_PAGE && size % BIN_PAGE == 0 && size <= end - pos;
}

int
ct_hive_bins_ok(int64_t (*read_at)(void *, void *, size_t, int64_t),
    void *ctx, int64_t size)
{
	uint8_t h[BIN_HEADER], bb[BB_HBINS_SIZE + 4];
	size_t pos = CT_HIVE_BASE_BLOCK, end;

	if (size < CT_HIVE_BASE_BLOCK + BIN_HEADER ||
	    read_at(ctx, bb, sizeof(bb), 0) != (int64_t)sizeof(bb))
		return 0;
	end = chain_end(ct_le32(bb + BB_HBINS_SIZE), (size_t)size);
	if (end == (size_t)size && end % BIN_PAGE)
		return 0;	/* a file cut inside a page */
	while (pos < end) {
		if (read_at(ctx, h, sizeof(h), (int64_t)pos) != BIN_HEADER ||
		    !bin_valid(h, pos, end))
			return 0;
		pos += ct_le32(h + 8);
	}
	return 1;
}

static void CT_PRINTF(4, 5)
warnf(ct_hive_log_warn_fn warn, void *arg, int64_t off, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	if (warn == NULL)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	warn(arg, off, msg);
}

unsigned
ct_hive_bins_mend(uint8_t *hive, size_t *size, ct_hive_log_warn_fn warn,
    void *arg)
{
	size_t pos = CT_HIVE_BASE_BLOCK, end, next;
	unsigned changes = 0;

	if (*size < CT_HIVE_BASE_BLOCK)
		return 0;
	end = chain_end(ct_le32(hive + BB_HBINS_SIZE), *size);
	if (end % BIN_PAGE) {
		warnf(warn, arg, (int64_t)end, "the hive ends inside a page "
		    "at offset %zu: the last %zu bytes are not read", end,
		    end % BIN_PAGE);
		end -= end % BIN_PAGE;
		changes++;
	}
	while (pos < end) {
		uint8_t *h = hive + pos;

		if (bin_valid(h, pos, end)) {
			pos += ct_le32(h + 8);
			continue;
		}
		/* A good header further on: this bin reaches up to it. */
		for (next = pos + BIN_PAGE; next < end; next += BIN_PAGE)
			if (bin_valid(hive + next, next, end))
				break;
		if (next < end || (memcmp(h, "hbin", 4) == 0 &&
		    ct_le32(h + 4) == pos - CT_HIVE_BASE_BLOCK)) {
			/* Rebuilt, or (the last bin) cut to the pages left. */
			warnf(warn, arg, (int64_t)pos, "hive bin at offset %zu: "
			    "bad header (signature, offset or size %" PRIu32
			    "); read as a bin of %zu bytes", pos, ct_le32(h + 8),
			    next - pos);
			memcpy(h, "hbin", 4);
			ct_put_le32(h + 4, (uint32_t)(pos - CT_HIVE_BASE_BLOCK));
			ct_put_le32(h + 8, (uint32_t)(next - pos));
			changes++;
			pos = next;
			continue;
		}
		warnf(warn, arg, (int64_t)pos, "the hive bins end at offset "
		    "%zu (no valid bin from there on: truncated or damaged); "
		    "%zu bytes not read", pos, *size - pos);
		end = pos;
		changes++;
	}
	if (changes) {
		*size = end;
		ct_put_le32(hive + BB_HBINS_SIZE,
		    (uint32_t)(end - CT_HIVE_BASE_BLOCK));
		ct_put_le32(hive + BB_CHECKSUM, ct_hive_base_checksum(hive));
	}
	return changes;
}
