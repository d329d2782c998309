/*
 * mkevtx.c - command line of the EVTX writer.
 *
 *   mkevtx SCENARIO.jsonl OUTDIR     one .evtx per channel of the scenario
 *   mkevtx --generate N --seed S OUT.evtx   benchmark log of N records
 *
 * SCENARIO may be "-" for standard input.  Exit status 0 on success, 1 on
 * bad input or write errors, 2 on usage errors.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gen.h"
#include "scenario.h"

static int
usage(void)
{
	fprintf(stderr,
	    "usage: mkevtx SCENARIO.jsonl OUTDIR\n"
	    "       mkevtx --generate N --seed S OUT.evtx\n");
	return 2;
}

static int
parse_count(const char *s, uint64_t *v)
{
	char *end;
	unsigned long long x;

	if (*s < '0' || *s > '9')
		return -1;
	errno = 0;
	x = strtoull(s, &end, 10);
	if (errno != 0 || *end != '\0')
		return -1;
	*v = x;
	return 0;
}

int
main(int argc, char **argv)
{
	FILE *in;
	int rc;

	if (argc == 6 && strcmp(argv[1], "--generate") == 0 &&
	    strcmp(argv[3], "--seed") == 0) {
		uint64_t n, seed;

		if (parse_count(argv[2], &n) != 0 || parse_count(argv[4], &seed) != 0)
			return usage();
		return ew_generate(argv[5], n, seed) == 0 ? 0 : 1;
	}
	if (argc != 3 || (argv[1][0] == '-' && argv[1][1] != '\0'))
		return usage();
	if (strcmp(argv[1], "-") == 0) {
		in = stdin;
	} else if ((in = fopen(argv[1], "r")) == NULL) {
		fprintf(stderr, "mkevtx: cannot open '%s'\n", argv[1]);
		return 1;
	}
	rc = ew_scenario_run(in, argv[1], argv[2]);
	if (in != stdin)
		fclose(in);
	return rc == 0 ? 0 : 1;
}
