/*
 * cmd-ioc.c - `casetrail ioc`: not built yet; its issue replaces this file.
 */
#include "compat.h"

#include "commands.h"
#include "error.h"

int
cmd_ioc(int argc, char **argv)
{
	if (argc > 1 && (strcmp(argv[1], "--help") == 0 ||
	    strcmp(argv[1], "-h") == 0)) {
		printf("usage: casetrail ioc ...\n\n"
		    "casetrail: not implemented yet in this version.\n");
		return CT_EXIT_USAGE;
	}
	return ct_cmd_not_implemented("ioc");
}
