/* fakeclock.h - the builder's clock: the wall-clock time libntfs-3g sees while building. */
#ifndef MKNTFSIMG_FAKECLOCK_H
#define MKNTFSIMG_FAKECLOCK_H

#include <stdint.h>

/* Set the time (NTFS FILETIME) returned to libntfs-3g from now on. */
void fakeclock_set(int64_t ft);
int64_t fakeclock_get(void);

#endif
