/*
 * progress.c - the progress line's clock (see progress.h).
 */
#include "compat.h"

#include <time.h>

#include "progress.h"

double
ct_progress_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void
ct_progress_start(struct ct_progress *p)
{
	p->started = ct_progress_now();
	p->last_shown = 0;
}

int
ct_progress_due(struct ct_progress *p, int final, double *elapsed)
{
	double t = ct_progress_now();

	*elapsed = t - p->started > 1e-3 ? t - p->started : 1e-3;
	if (final) {
		if (p->last_shown == 0)
			return 0;	/* nothing drawn: nothing to finish */
	} else if (p->last_shown == 0) {
		if (t - p->started < 0.5)
			return 0;	/* short jobs draw nothing */
	} else if (t - p->last_shown < 0.5) {
		return 0;
	}
	p->last_shown = t;
	return 1;
}
