/*
 * ntfs-record.h - NTFS MFT records as bytes: the record size a volume's
 * boot sector gives, and whether a raw record is sound (signature, update
 * sequence array, attribute headers).
 *
 * Pure functions over bytes, for the image walk (which checks the whole
 * $MFT of a volume before walking it, so that a damaged entry is a
 * warning naming it rather than a file row with no type, size or time:
 * libtsk drops what it cannot parse without a word), the unit test and
 * the fuzz target. Layouts after libyal's "New Technologies File System
 * (NTFS)" notes: the boot sector holds the bytes per sector at offset 11,
 * sectors per cluster at 13 and clusters per MFT record at 64 (a negative
 * value n meaning 2^-n bytes); a record starts with "FILE", the update
 * sequence array's offset at 4 and count at 6, the first attribute's
 * offset at 20, the flags at 22 and the used size at 24. Each 512-byte
 * stride of a record ends with the update sequence number, which the
 * array holds the original bytes of (a torn write leaves a stride with
 * another number).
 */
#ifndef CT_NTFS_RECORD_H
#define CT_NTFS_RECORD_H

#include "compat.h"

/* Sizes a sound volume uses; anything else is not trusted. */
#define CT_NTFS_RECORD_MIN	256
#define CT_NTFS_RECORD_MAX	65536
#define CT_NTFS_FIXUP_STRIDE	512	/* the update sequence stride */

/*
 * The MFT record size of the NTFS boot sector boot[0..n), or 0 when the
 * boot sector gives none a sound volume could have.
 */
uint32_t ct_ntfs_boot_record_size(const uint8_t *boot, size_t n);

enum ct_ntfs_record_state {
	CT_NTFS_RECORD_UNUSED,	/* all zero: a record never written */
	CT_NTFS_RECORD_SOUND,
	CT_NTFS_RECORD_DAMAGED,	/* *why says how */
};

/*
 * Check the raw record rec[0..n) (n: the volume's record size). Fixups
 * are checked on a copy, the record is not changed. *why (a static
 * string) says what is wrong when DAMAGED.
 */
enum ct_ntfs_record_state ct_ntfs_record_check(const uint8_t *rec, size_t n,
    const char **why);

#endif
