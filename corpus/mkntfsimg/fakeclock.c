/*
 * fakeclock.c - make every timestamp libntfs-3g writes come from the manifest.
 *
 * libntfs-3g stamps new inodes, directory changes, $Volume etc. with
 * ntfs_current_time(), an inline that calls clock_gettime(CLOCK_REALTIME)
 * (and, in a few places, time()). This program defines those functions
 * itself; the dynamic linker binds the library's calls to these definitions
 * (ELF symbol interposition), so the wall clock never reaches the image and
 * two builds of one manifest are byte-identical. Other clocks (MONOTONIC etc.)
 * are passed through to the kernel.
 */
#define _GNU_SOURCE
#include "fakeclock.h"
#include "ntfstime.h"

#include <sys/syscall.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

static int64_t fake_ft = FT_UNIX_EPOCH + INT64_C(1704067200) * FT_SECOND; /* 2024-01-01 */

void fakeclock_set(int64_t ft)
{
	fake_ft = ft;
}

int64_t fakeclock_get(void)
{
	return fake_ft;
}

static void fake_timespec(struct timespec *ts)
{
	int64_t t = fake_ft - FT_UNIX_EPOCH;
	ts->tv_sec = (time_t)(t / FT_SECOND);
	ts->tv_nsec = (long)(t % FT_SECOND) * 100;
}

int clock_gettime(clockid_t id, struct timespec *ts)
{
	if (id == CLOCK_REALTIME || id == CLOCK_REALTIME_COARSE) {
		fake_timespec(ts);
		return 0;
	}
	return (int)syscall(SYS_clock_gettime, id, ts);
}

time_t time(time_t *tloc)
{
	struct timespec ts;
	fake_timespec(&ts);
	if (tloc)
		*tloc = ts.tv_sec;
	return ts.tv_sec;
}

int gettimeofday(struct timeval *restrict tv, void *restrict tz)
{
	struct timespec ts;
	(void)tz;
	fake_timespec(&ts);
	tv->tv_sec = ts.tv_sec;
	tv->tv_usec = ts.tv_nsec / 1000;
	return 0;
}
