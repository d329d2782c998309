/*
 * ntfs-record.c - MFT record size and soundness, from bytes (see
 * ntfs-record.h).
 */
#include "compat.h"

#include "bytes.h"
#include "ntfs-record.h"

/* Fewest bytes an attribute header takes (type, length, ..., name, flags). */
#define ATTR_HEADER_MIN	16
#define ATTR_END	0xffffffffu

uint32_t
ct_ntfs_boot_record_size(const uint8_t *boot, size_t n)
{
	uint32_t sector, cluster, size;
	int8_t per;

	if (n < 65 || memcmp(boot + 3, "NTFS    ", 8) != 0)
		return 0;
	sector = ct_le16(boot + 11);
	if (sector < 256 || sector > 4096 || (sector & (sector - 1)))
		return 0;
	cluster = sector * boot[13];
	if (boot[13] == 0 || (boot[13] & (boot[13] - 1)))
		return 0;
	per = (int8_t)boot[64];
	if (per < 0) {
		if (-per > 16)
			return 0;
		size = 1u << -per;
	} else if (per == 0 || (uint64_t)per * cluster > CT_NTFS_RECORD_MAX) {
		return 0;
	} else {
		size = (uint32_t)per * cluster;
	}
	if (size < CT_NTFS_RECORD_MIN || size > CT_NTFS_RECORD_MAX)
		return 0;
	return size;
}

static int
all_zero(const uint8_t *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (p[i])
			return 0;
	return 1;
}

enum ct_ntfs_record_state
ct_ntfs_record_check(const uint8_t *rec, size_t n, const char **why)
{
	uint8_t copy[CT_NTFS_RECORD_MAX];
	size_t usa, count, strides, i, off, used;

	*why = NULL;
	if (n < CT_NTFS_RECORD_MIN || n > CT_NTFS_RECORD_MAX) {
		*why = "record size out of range";
		return CT_NTFS_RECORD_DAMAGED;
	}
	if (all_zero(rec, n))
		return CT_NTFS_RECORD_UNUSED;
	if (memcmp(rec, "BAAD", 4) == 0) {
		*why = "marked bad by Windows (BAAD signature)";
		return CT_NTFS_RECORD_DAMAGED;
	}
	if (memcmp(rec, "FILE", 4) != 0) {
		*why = "no FILE signature";
		return CT_NTFS_RECORD_DAMAGED;
	}
	usa = ct_le16(rec + 4);
	count = ct_le16(rec + 6);
	strides = n / CT_NTFS_FIXUP_STRIDE;
	if (count != strides + 1 || (usa & 1) || !CT_FITS(n, usa, 2 * count)) {
		*why = "update sequence array out of place";
		return CT_NTFS_RECORD_DAMAGED;
	}
	/* Each stride ends with the update sequence number: put back the bytes. */
	memcpy(copy, rec, n);
	for (i = 1; i < count; i++) {
		uint8_t *end = copy + i * CT_NTFS_FIXUP_STRIDE - 2;

		if (end[0] != rec[usa] || end[1] != rec[usa + 1]) {
			*why = "update sequence mismatch (a torn or overwritten "
			    "sector)";
			return CT_NTFS_RECORD_DAMAGED;
		}
		end[0] = rec[usa + 2 * i];
		end[1] = rec[usa + 2 * i + 1];
	}
	off = ct_le16(copy + 20);
	used = ct_le32(copy + 24);
	if (used > n || used < 24 || off < usa + 2 * count || off >= used) {
		*why = "attributes out of place (first attribute or used size)";
		return CT_NTFS_RECORD_DAMAGED;
	}
	/* The attributes run from off to the end marker, inside the used size. */
	for (;;) {
		uint32_t type, len;

		if (!CT_FITS(used, off, 4)) {
			*why = "attribute list without an end marker";
			return CT_NTFS_RECORD_DAMAGED;
		}
		type = ct_le32(copy + off);
		if (type == ATTR_END)
			return CT_NTFS_RECORD_SOUND;
		if (!CT_FITS(used, off, 8)) {
			*why = "attribute header cut by the used size";
			return CT_NTFS_RECORD_DAMAGED;
		}
		len = ct_le32(copy + off + 4);
		if (len < ATTR_HEADER_MIN || (len & 7) ||
		    !CT_FITS(used, off, len)) {
			*why = "attribute length out of the record";
			return CT_NTFS_RECORD_DAMAGED;
		}
		off += len;
	}
}
