/*
 * cmd-analyze.c - `casetrail analyze`: not built yet; its issue replaces this file.
 */
#include "compat.h"

#include "commands.h"
#include "error.h"

int
cmd_analyze(int argc, char **argv)
{
	if (argc > 1 && (strcmp(argv[1], "--help") == 0 ||
	    strcmp(argv[1], "-h") == 0)) {
		printf("usage: casetrail analyze ...\n\n"
		    "casetrail: not implemented yet in this version.\n");
		return CT_EXIT_USAGE;
	}
	return ct_cmd_not_implemented("analyze");
}
