/*
 * unit.h - a minimal unit-test harness speaking TAP.
 *
 * A test file is a list of named cases, each a function of CHECKs about
 * one thing, and a table naming them (as git's commands[]):
 *
 *	UNIT_CASE(base64)
 *	{
 *		CHECK_INT(ct_pwsh_base64_decode("aGVsbG8=", 8, 100, &b), 0);
 *	}
 *
 *	static const struct unit_case cases[] = {
 *		{ "base64", base64 },
 *		{ NULL, NULL }
 *	};
 *
 *	int
 *	main(int argc, char **argv)
 *	{
 *		return unit_run(cases, argc, argv);
 *	}
 *
 * unit_run() runs every case in table order, or only the cases named on
 * the command line, in that order ("test-ioc stix_pattern misp_json":
 * handy in a debugger); "--list" prints the names. Before each case it
 * prints the TAP comment "# case NAME". Each CHECK is one TAP test point,
 * "ok N - NAME: expr" or "not ok N - NAME: expr (file:line)"; a case that
 * fails says so in a comment after it, and a case that checks nothing is
 * a failure of its own. Last come the plan "1..N" and "# N passed, N
 * failed" (unit_done()). unit_run() returns the exit status: 0, 1 if a
 * check failed, 99 (automake's hard error) for an unknown case name.
 *
 * A case must not depend on another having run: build shared fixtures in
 * a function each case calls, or in main() around unit_run(). CHECKs
 * outside any case (a main() ending with unit_done(), as in
 * tests/fuzz/replay-ioc.c) print no case name. Include this in exactly
 * one .c file per test.
 */
#ifndef CT_UNIT_H
#define CT_UNIT_H

#include "compat.h"

#include <stdarg.h>

struct unit_case {
	const char *name;	/* as typed on the command line */
	void (*fn)(void);
};

/* A case: UNIT_CASE(name) { CHECKs }, listed as { "name", name }. */
#define UNIT_CASE(name) static void name(void)

static int unit_n, unit_failed;
static const char *unit_case_name;	/* the case running, or NULL */

/* One test point; file is NULL for a failure of the harness itself. */
static void CT_PRINTF(4, 5)
unit_report(int ok, const char *file, int line, const char *fmt, ...)
{
	va_list ap;

	unit_n++;
	if (!ok)
		unit_failed++;
	printf("%sok %d - ", ok ? "" : "not ", unit_n);
	if (unit_case_name)
		printf("%s: ", unit_case_name);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	if (!ok && file)
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

static CT_UNUSED const struct unit_case *
unit_find(const struct unit_case *cases, const char *name)
{
	for (; cases->name; cases++)
		if (strcmp(cases->name, name) == 0)
			return cases;
	return NULL;
}

static CT_UNUSED void
unit_run_case(const struct unit_case *c)
{
	int n = unit_n, failed = unit_failed;

	printf("# case %s\n", c->name);
	fflush(stdout);
	unit_case_name = c->name;
	c->fn();
	if (unit_n == n)
		unit_report(0, NULL, 0, "the case checks nothing");
	else if (unit_failed > failed)
		printf("# case %s: %d of %d checks failed\n", c->name,
		    unit_failed - failed, unit_n - n);
	unit_case_name = NULL;
}

static CT_UNUSED int
unit_run(const struct unit_case *cases, int argc, char **argv)
{
	const struct unit_case *c;
	int i;

	if (argc == 2 && strcmp(argv[1], "--list") == 0) {
		for (c = cases; c->name; c++)
			printf("%s\n", c->name);
		return 0;
	}
	for (i = 1; i < argc; i++)
		if (unit_find(cases, argv[i]) == NULL) {
			fprintf(stderr, "%s: no case '%s' (--list names "
			    "them)\n", argv[0], argv[i]);
			return 99;
		}
	if (argc > 1)
		for (i = 1; i < argc; i++)
			unit_run_case(unit_find(cases, argv[i]));
	else
		for (c = cases; c->name; c++)
			unit_run_case(c);
	return unit_done();
}

#endif
