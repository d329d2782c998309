/* build.h - replay a manifest onto a freshly formatted NTFS image, in time order. */
#ifndef MKNTFSIMG_BUILD_H
#define MKNTFSIMG_BUILD_H

#include "manifest.h"

/* Mount image (already formatted by mkntfs), stamp the system files with the format time,
 * create $Extend\$UsnJrnl if asked, replay creations/deletions, write the journal, unmount.
 * Fills e->mref / e->parent_mref. If j_out is not NULL the raw $J bytes (from first_usn)
 * are also written there. Returns 0 on success. */
int build_image(struct manifest *m, const char *image, const char *j_out, int verbose);

#endif
