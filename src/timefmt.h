/*
 * timefmt.h - the only place casetrail converts and formats times.
 *
 * A time is one int64: 100 ns ticks since 1601-01-01T00:00:00Z, the Windows
 * FILETIME used by NTFS and EVTX, so nothing is lost. Text is always UTC,
 * ISO 8601 with 7 fractional digits: 2024-03-13T14:02:11.4000000Z.
 */
#ifndef CT_TIMEFMT_H
#define CT_TIMEFMT_H

#include "compat.h"

#define CT_TICKS_PER_SEC	10000000LL		/* 100 ns ticks */
#define CT_UNIX_EPOCH_TICKS	116444736000000000LL	/* 1970 in FILETIME */
#define CT_TIME_ISO_LEN		29	/* "YYYY-MM-DDTHH:MM:SS.fffffffZ" + NUL */

/* Convert Unix seconds plus nanoseconds to ticks (nanoseconds truncated to 100 ns). */
int64_t ct_time_from_unix(int64_t sec, int64_t nsec);

/* Unix seconds of ticks, rounded towards minus infinity. */
int64_t ct_time_to_unix(int64_t ticks);

/*
 * Format ticks as ISO 8601 UTC with 7 fractional digits into out, which
 * must hold CT_TIME_ISO_LEN bytes. Negative ticks (before 1601) and years
 * past 9999 are formatted as "invalid:<ticks>". Returns out.
 */
char *ct_time_iso(int64_t ticks, char *out);

/*
 * Parse "YYYY-MM-DD[THH:MM[:SS[.fraction]]][Z]" (or a space instead of T)
 * as UTC. Fractions beyond 7 digits are truncated. Returns 0 and sets
 * *ticks, or -1 if the text is not such a time.
 */
int ct_time_parse(const char *s, int64_t *ticks);

/* Current wall-clock time in ticks (for "added at" bookkeeping only). */
int64_t ct_time_now(void);

#endif
