/*
 * main.c - casetrail's entry point: find the subcommand in the table and
 * run it (git's commands[] pattern).
 */
#include "compat.h"

#include <strings.h>

#include "buf.h"
#include "casedb.h"
#include "caselock.h"
#include "commands.h"
#include "error.h"
#include "parser.h"
#include "version.h"

struct cmd {
	const char *name;
	int (*fn)(int argc, char **argv);
	const char *summary;
};

static const struct cmd commands[] = {
	{ "ingest", cmd_ingest, "read disk images and event logs into the case file" },
	{ "ioc", cmd_ioc, "load indicators of compromise and match them" },
	{ "analyze", cmd_analyze, "find updater abuse, PowerShell, self-deletion, IOC hits" },
	{ "report", cmd_report, "write the HTML (or JSON) case report" },
	{ "export", cmd_export, "export the timeline as CSV, JSONL, bodyfile or Timesketch" },
	{ "run", cmd_run, "ingest, indicators, analysis and report in one go" },
	{ "info", cmd_info, "show what a case file holds" },
};

static void
usage(FILE *fp)
{
	size_t i;

	fprintf(fp, "usage: casetrail [--version] [--help] COMMAND [ARGS]\n\n"
	    "Forensic timeline reconstruction: disk images and Windows event\n"
	    "logs into one SQLite timeline, indicators, findings and a report.\n\n"
	    "Commands:\n");
	for (i = 0; i < CT_ARRAY_SIZE(commands); i++)
		fprintf(fp, "  %-9s %s\n", commands[i].name, commands[i].summary);
	fprintf(fp, "\n'casetrail COMMAND --help' describes a command; "
	    "casetrail(1) has the details.\n");
}

int
ct_cmd_not_implemented(const char *name)
{
	ct_eprintf("casetrail: %s is not implemented yet\n", name);
	return CT_EXIT_USAGE;
}

int
main(int argc, char **argv)
{
	size_t i;

	/* Upgrading an older case recomputes the parsers' columns. */
	ct_case_set_backfill(ct_parsers_backfill);
	if (argc < 2) {
		usage(stderr);
		return CT_EXIT_USAGE;
	}
	if (strcmp(argv[1], "--version") == 0 || strcmp(argv[1], "-V") == 0) {
		printf("casetrail %s\n", CT_VERSION);
		return CT_EXIT_OK;
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
	    strcmp(argv[1], "help") == 0) {
		if (argc > 2 && strcmp(argv[1], "help") == 0) {
			/* "casetrail help ingest" = "casetrail ingest --help" */
			char *sub[] = { argv[2], (char *)"--help", NULL };

			for (i = 0; i < CT_ARRAY_SIZE(commands); i++)
				if (strcmp(argv[2], commands[i].name) == 0)
					return commands[i].fn(2, sub);
		}
		usage(stdout);
		return CT_EXIT_OK;
	}
	/* Another casetrail waiting for this one's case says what it is. */
	ct_case_lock_set_command(argc, argv);
	for (i = 0; i < CT_ARRAY_SIZE(commands); i++)
		if (strcmp(argv[1], commands[i].name) == 0)
			return commands[i].fn(argc - 1, argv + 1);
	{
		struct ct_buf shown = CT_BUF_INIT;

		ct_buf_add_printable(&shown, argv[1]);
		ct_eprintf("casetrail: '%s' is not a casetrail command\n\n",
		    shown.buf);
		ct_buf_release(&shown);
	}
	usage(stderr);
	return CT_EXIT_USAGE;
}
