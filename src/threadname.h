/*
 * threadname.h - name the calling thread ("ct-writer", "ct-hash"...), so
 * that top -H, perf and gdb tell casetrail's threads apart.
 */
#ifndef CT_THREADNAME_H
#define CT_THREADNAME_H

#include <sys/prctl.h>

/* Linux keeps 15 bytes of the name; longer names are cut. */
static inline void
ct_thread_name(const char *name)
{
	prctl(PR_SET_NAME, (unsigned long)name, 0, 0, 0);
}

#endif
