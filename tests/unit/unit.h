/*
 * unit.h - a minimal unit-test harness speaking TAP.
 *
 * Each CHECK prints "ok N - expr" or "not ok N - expr (file:line ...)".
 * unit_done() prints the plan and the line "N passed, N failed" and
 * returns the exit status. Include this in exactly one .c file per test.
 */
#ifndef CT_UNIT_H
#define CT_UNIT_H

#include "compat.h"

#include <stdarg.h>

static int unit_n, unit_failed;

static void CT_PRINTF(4, 5)
unit_report(int ok, const char *file, int line, const char *fmt, ...)
{
	va_list ap;

	unit_n++;
	if (!ok)
		unit_failed++;
	printf("%sok %d - ", ok ? "" : "not ", unit_n);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	if (!ok)
		printf(" (%s:%d)", file, line);
	printf("\n");
	fflush(stdout);
}

#define CHECK(e) unit_report(!!(e), __FILE__, __LINE__, "%s", #e)

#define CHECK_INT(a, b) do { \
	long long a_ = (long long)(a), b_ = (long long)(b); \
	unit_report(a_ == b_, __FILE__, __LINE__, "%s == %s (%lld vs %lld)", \
	    #a, #b, a_, b_); \
} while (0)

#define CHECK_STR(a, b) do { \
	const char *a_ = (a), *b_ = (b); \
	unit_report(a_ && b_ && strcmp(a_, b_) == 0, __FILE__, __LINE__, \
	    "%s == \"%s\" (got \"%s\")", #a, b_ ? b_ : "(null)", \
	    a_ ? a_ : "(null)"); \
} while (0)

static int
unit_done(void)
{
	printf("1..%d\n", unit_n);
	printf("# %d passed, %d failed\n", unit_n - unit_failed, unit_failed);
	return unit_failed ? 1 : 0;
}

#endif
