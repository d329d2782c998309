/*
 * mkregf.c - command line of the registry hive writer (corpus/regfw).
 *
 *   mkregf DESCRIPTION.jsonl OUT          a hive from its description
 *   mkregf --generate MB --seed S OUT     benchmark SOFTWARE-like hive
 *   mkregf --dirty OLD NEW PRIMARY LOG1 [LOG2]
 *                                         dirty hive + HvLE log (NEW's changes)
 *   mkregf --dirty-old OLD NEW PRIMARY LOG
 *                                         the same with an old-format (DIRT) log
 *
 * DESCRIPTION may be "-" for standard input.  Exit status 0 on success,
 * 1 on bad input or write errors, 2 on usage errors.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "desc.h"
#include "gen.h"
#include "hvle.h"

static int
usage(void)
{
	fprintf(stderr,
	    "usage: mkregf DESCRIPTION.jsonl OUT\n"
	    "       mkregf --generate MB --seed S OUT\n"
	    "       mkregf --dirty OLD NEW PRIMARY LOG1 [LOG2]\n"
	    "       mkregf --dirty-old OLD NEW PRIMARY LOG\n");
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
		uint64_t mb, seed;

		if (parse_count(argv[2], &mb) != 0 || parse_count(argv[4], &seed) != 0 ||
		    mb == 0 || mb > 3500)
			return usage();
		return rf_generate(argv[5], mb, seed) == 0 ? 0 : 1;
	}
	if ((argc == 6 || argc == 7) && strcmp(argv[1], "--dirty") == 0)
		return rf_make_dirty(argv[2], argv[3], argv[4], argv[5],
		    argc == 7 ? argv[6] : NULL) == 0 ? 0 : 1;
	if (argc == 6 && strcmp(argv[1], "--dirty-old") == 0)
		return rf_make_dirty_old(argv[2], argv[3], argv[4], argv[5]) == 0 ?
		    0 : 1;
	if (argc != 3 || (argv[1][0] == '-' && argv[1][1] != '\0'))
		return usage();
	if (strcmp(argv[1], "-") == 0) {
		in = stdin;
	} else if ((in = fopen(argv[1], "r")) == NULL) {
		fprintf(stderr, "mkregf: cannot open '%s'\n", argv[1]);
		return 1;
	}
	rc = rf_desc_run(in, argv[1], argv[2]);
	if (in != stdin)
		fclose(in);
	return rc == 0 ? 0 : 1;
}
