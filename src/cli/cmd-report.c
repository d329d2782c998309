/*
 * cmd-report.c - `casetrail report CASE -o FILE [--format html|json|pdf]`:
 * write the case report (reports/report.h; pdf: report-pdf.c). The case
 * is opened read-only.
 */
#include "compat.h"

#include <getopt.h>

#include "error.h"
#include "casedb.h"
#include "commands.h"
#include "report.h"
#include "report-pdf.h"

static void
usage(FILE *fp)
{
	fprintf(fp, "usage: casetrail report [--format html|json|pdf] -o FILE CASE\n\n"
	    "Write the case report: one self-contained HTML page (the verdict\n"
	    "and next steps first, the attack chain drawn, narrative with\n"
	    "evidence links, hosts, findings, indicator hits, activity chart,\n"
	    "timeline of the story, process tree, evidence appendix,\n"
	    "methodology) that prints as a report of its own, or the data as\n"
	    "JSON (doc/report-json.md), or printed to PDF by headless\n"
	    "Chromium. The case file is only read. FILE '-' is standard\n"
	    "output (not for pdf).\n\n"
	    "  -o, --output FILE   where to write the report (required)\n"
	    "  -f, --format FMT    html (default), json or pdf\n"
	    "  -h, --help          this text\n");
}

int
cmd_report(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "format", required_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct ct_error err = CT_ERROR_INIT;
	struct ct_case *c;
	const char *out = NULL, *format = "html";
	int ch;
	enum ct_status rc;

	optind = 0;
	while ((ch = getopt_long(argc, argv, "o:f:h", longopts, NULL)) != -1) {
		switch (ch) {
		case 'o': out = optarg; break;
		case 'f': format = optarg; break;
		case 'h': usage(stdout); return CT_EXIT_OK;
		default: usage(stderr); return CT_EXIT_USAGE;
		}
	}
	if (argc - optind != 1 || out == NULL) {
		ct_eprintf("casetrail: report needs a case file and -o FILE\n");
		usage(stderr);
		return CT_EXIT_USAGE;
	}
	if (strcmp(format, "html") != 0 && strcmp(format, "json") != 0 &&
	    strcmp(format, "pdf") != 0) {
		ct_eprintf("casetrail: unknown report format '%s' (use "
		    "html, json or pdf)\n", format);
		return CT_EXIT_USAGE;
	}
	if (ct_case_open(argv[optind], CT_CASE_READ, &c, &err) != CT_OK) {
		ct_error_print(&err);
		return ct_status_exit_code(err.code);
	}
	rc = strcmp(format, "pdf") == 0 ? ct_report_pdf(c, out, &err) :
	    ct_report_write(c, format, out, &err);
	ct_case_close(c);
	if (rc != CT_OK) {
		ct_error_print(&err);
		return ct_status_exit_code(rc);
	}
	if (strcmp(out, "-") != 0)
		ct_eprintf("casetrail: report written to %s\n", out);
	return CT_EXIT_OK;
}
