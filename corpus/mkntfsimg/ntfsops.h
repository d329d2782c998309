/* ntfsops.h - the libntfs-3g operations the builder needs: create, write, set times, delete-but-keep. */
#ifndef MKNTFSIMG_NTFSOPS_H
#define MKNTFSIMG_NTFSOPS_H

#include "manifest.h"
#include "ntfs3g.h"

#include <stdint.h>

/* MFT reference of an open inode: entry number | sequence << 48. */
uint64_t nops_mref(ntfs_inode *ni);

/* Create name (UTF-8) in dir as a file or directory. Returns the open inode or NULL. */
ntfs_inode *nops_create(ntfs_inode *dir, const char *name, int is_dir);

/* Write content into the unnamed data stream (stream == NULL) or a named one (created). */
int nops_write(ntfs_inode *ni, const char *stream, const struct content *c, const char *what);

/* Set $STANDARD_INFORMATION times (si) and every $FILE_NAME's times (fn), 100 ns exact,
 * switch the names to the Win32 namespace and OR attrs into the file attributes.
 * dir is the parent (its index entry for ni is updated too); may be NULL for system files. */
int nops_set_times(ntfs_inode *ni, ntfs_inode *dir, const int64_t si[4], const int64_t fn[4],
		   uint32_t attrs);

/* Delete like Windows: remove the name from the parent index, free the clusters in $Bitmap,
 * mark the MFT record unused (sequence + 1) but keep its attributes and runlists intact.
 * With free_record 0 the record's bit in $MFT:$BITMAP stays set, so that no later file of
 * the build reuses the record; the caller clears it with nops_release_record() at the end.
 * Closes ni. */
int nops_delete_keep(ntfs_volume *vol, ntfs_inode *ni, ntfs_inode *dir, int free_record);
int nops_release_record(ntfs_volume *vol, uint64_t mft_no);

/* Bytes of the content (for sizes in reports). */
int nops_content_size(const struct content *c, uint64_t *size);

#endif
