/*
 * mft-check.c - every record of an NTFS volume's $MFT checked before the
 * walk (ntfs-record.h): a damaged one is a warning naming the entry and
 * its byte offset in the volume, and the walk marks the file rows that
 * point at it damaged instead of showing a file of size 0 with no times.
 *
 * libtsk reads a record it cannot parse as an empty one without an
 * error, so this is the only place damage shows. The $MFT is read in
 * order through libtsk, a megabyte at a time: one sequential pass.
 */
#include "compat.h"

#include "cancel.h"
#include "image-int.h"
#include "ntfs-record.h"
#include "xalloc.h"

/* Damaged entries named one warning each; past this, counted in one. */
#define MFT_WARN_MAX	1000
/* Bytes of $MFT read at a time (a whole number of records). */
#define MFT_CHUNK	(1u << 20)
#define NTFS_ATTR_DATA	128

/* The byte offset in the volume of offset off of $MFT's data, or -1. */
static int64_t
volume_offset(const TSK_FS_ATTR *a, unsigned block_size, int64_t off)
{
	const TSK_FS_ATTR_RUN *r;
	int64_t blk = off / block_size, in = off % block_size;

	if (a == NULL || !(a->flags & TSK_FS_ATTR_NONRES))
		return -1;
	for (r = a->nrd.run; r; r = r->next)
		if (blk >= (int64_t)r->offset &&
		    blk < (int64_t)(r->offset + r->len) &&
		    !(r->flags & TSK_FS_ATTR_RUN_FLAG_SPARSE))
			return (int64_t)(r->addr + (TSK_DADDR_T)(blk -
			    (int64_t)r->offset)) * block_size + in;
	return -1;
}

static const TSK_FS_ATTR *
data_attr(TSK_FS_FILE *ff)
{
	int i, n = ct_tsk.fs_file_attr_getsize(ff);

	for (i = 0; i < n; i++) {
		const TSK_FS_ATTR *a = ct_tsk.fs_file_attr_get_idx(ff, i);

		if (a && a->type == NTFS_ATTR_DATA && a->name == NULL)
			return a;
	}
	return NULL;
}

/* The record size of the volume, from its boot sector ($Boot, entry 7). */
static uint32_t
record_size(TSK_FS_INFO *fs)
{
	TSK_FS_FILE *boot = ct_tsk.fs_file_open_meta(fs, NULL, 7);
	uint8_t b[512];
	uint32_t size = 0;

	if (boot && ct_tsk.fs_file_read(boot, 0, (char *)b, sizeof(b),
	    TSK_FS_FILE_READ_FLAG_NONE) == (ssize_t)sizeof(b))
		size = ct_ntfs_boot_record_size(b, sizeof(b));
	if (boot)
		ct_tsk.fs_file_close(boot);
	return size;
}

static void
mark(struct vol *v, int64_t entry)
{
	if (v->ndamaged == v->adamaged) {
		v->adamaged = v->adamaged ? v->adamaged * 2 : 64;
		v->damaged = ct_xreallocarray(v->damaged, v->adamaged,
		    sizeof(*v->damaged));
	}
	v->damaged[v->ndamaged++] = entry;
}

void
ct_image_mft_check(struct vol *v)
{
	TSK_FS_FILE *mft;
	const TSK_FS_ATTR *data;
	uint32_t rs;
	uint8_t *buf;
	int64_t size, off = 0, warned = 0;

	if (!v->ntfs)
		return;
	if ((rs = record_size(v->fs)) == 0) {
		ct_batch_warn(v->b, v->offset, "%s: the boot sector gives no "
		    "usable MFT record size; MFT entries not checked",
		    v->label);
		return;
	}
	if ((mft = ct_tsk.fs_file_open_meta(v->fs, NULL, 0)) == NULL ||
	    mft->meta == NULL) {
		ct_batch_warn(v->b, v->offset, "%s: the $MFT cannot be opened: "
		    "%s", v->label, ct_tsk_msg());
		if (mft)
			ct_tsk.fs_file_close(mft);
		ct_tsk.error_reset();
		return;
	}
	data = data_attr(mft);
	size = (int64_t)mft->meta->size;
	buf = ct_xmalloc(MFT_CHUNK);
	while (off < size && !ct_cancelled()) {
		size_t want = (size_t)(size - off < MFT_CHUNK ? size - off :
		    MFT_CHUNK), i;
		ssize_t got = ct_tsk.fs_file_read(mft, off, (char *)buf, want,
		    TSK_FS_FILE_READ_FLAG_NONE);

		if (got <= 0) {
			ct_batch_warn(v->b, volume_offset(data,
			    v->fs->block_size, off) < 0 ? CT_NULL_INT :
			    volume_offset(data, v->fs->block_size, off),
			    "%s: $MFT unreadable from byte %" PRId64 ": %s",
			    v->label, off, ct_tsk_msg());
			break;
		}
		for (i = 0; i + rs <= (size_t)got; i += rs) {
			const char *why;
			int64_t entry = (off + (int64_t)i) / rs, at;

			if (ct_ntfs_record_check(buf + i, rs, &why) !=
			    CT_NTFS_RECORD_DAMAGED)
				continue;
			mark(v, entry);
			if (warned++ >= MFT_WARN_MAX)
				continue;
			at = volume_offset(data, v->fs->block_size,
			    off + (int64_t)i);
			ct_batch_warn(v->b, at < 0 ? CT_NULL_INT : at, "%s, MFT "
			    "entry %" PRId64 ": damaged record: %s", v->label,
			    entry, why);
		}
		off += got - got % rs;
		if (got % rs || got < (ssize_t)rs)
			break;
	}
	if (warned > MFT_WARN_MAX)
		ct_batch_warn(v->b, CT_NULL_INT, "%s: %" PRId64 " damaged MFT "
		    "records in all (the first %d are listed)", v->label,
		    warned, MFT_WARN_MAX);
	free(buf);
	ct_tsk.fs_file_close(mft);
	ct_tsk.error_reset();
}

int
ct_image_entry_damaged(const struct vol *v, int64_t entry)
{
	size_t lo = 0, hi = v->ndamaged;

	/* Marked in $MFT order: sorted. */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (v->damaged[mid] == entry)
			return 1;
		if (v->damaged[mid] < entry)
			lo = mid + 1;
		else
			hi = mid;
	}
	return 0;
}
