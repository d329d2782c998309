/*
 * progress.h - when to redraw a progress line on stderr.
 *
 * Parsers show progress only when stderr is a terminal and --quiet was not
 * given (ct_ingest_opts.progress). A line is redrawn at most twice a
 * second; the caller holds whatever lock guards its counters.
 */
#ifndef CT_PROGRESS_H
#define CT_PROGRESS_H

#include "compat.h"

struct ct_progress {
	double started;		/* monotonic seconds */
	double last_shown;	/* 0 = nothing shown yet */
};

/* Seconds on a monotonic clock. */
double ct_progress_now(void);

void ct_progress_start(struct ct_progress *p);

/*
 * Whether to draw now: the first line after half a second, the next ones
 * half a second apart, the final one only if an earlier one was drawn (a
 * short job prints nothing). *elapsed gets the seconds since start (> 0).
 */
int ct_progress_due(struct ct_progress *p, int final, double *elapsed);

#endif
