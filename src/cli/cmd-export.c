/*
 * cmd-export.c - `casetrail export CASE --format csv|jsonl|bodyfile|
 * timesketch [--from T] [--to T] [--type T] [--event-id N] [-o FILE]`:
 * stream the timeline in another tool's format (reports/report.h).
 */
#include "compat.h"

#include <errno.h>
#include <getopt.h>

#include "casedb.h"
#include "error.h"
#include "commands.h"
#include "options.h"
#include "outfile.h"
#include "report.h"
#include "timefmt.h"

static void
usage(FILE *fp)
{
	fprintf(fp, "usage: casetrail export --format FMT [--from TIME] "
	    "[--to TIME] [--type TYPES]\n"
	    "                        [--event-id N]... [-o FILE] CASE\n\n"
	    "Write the timeline in time order, one row per event:\n"
	    "  csv         RFC 4180 with a header line\n"
	    "  jsonl       one JSON object per line\n"
	    "  bodyfile    TSK 3.x body format for mactime(1); files give one\n"
	    "              line of $SI and one of $FN times, other records one\n"
	    "              line per event with the time in all four columns\n"
	    "  timesketch  JSONL with message, datetime, timestamp,\n"
	    "              timestamp_desc, for Timesketch's importer\n\n"
	    "  -f, --format FMT     output format (required)\n"
	    "      --from TIME      only events at or after TIME (UTC,\n"
	    "                       YYYY-MM-DD[THH:MM[:SS[.fffffff]]][Z])\n"
	    "      --to TIME        only events at or before TIME\n"
	    "  -t, --type TYPES     record types, comma separated: file, evtx,\n"
	    "                       usn, prefetch, evt, regkey, artefact\n"
	    "  -e, --event-id N     only event-log records (evtx, evt) with\n"
	    "                       this event ID\n"
	    "                       (repeatable)\n"
	    "  -o, --output FILE    write to FILE instead of standard output\n"
	    "  -h, --help           this text\n");
}

static int
parse_time(const char *s, const char *what, int64_t *out)
{
	if (ct_time_parse(s, out) == 0)
		return 0;
	ct_eprintf("casetrail: %s must be a UTC time like "
	    "2024-03-13T14:02:11Z, not '%s'\n", what, s);
	return -1;
}

int
cmd_export(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "format", required_argument, NULL, 'f' },
		{ "from", required_argument, NULL, 'F' },
		{ "to", required_argument, NULL, 'T' },
		{ "type", required_argument, NULL, 't' },
		{ "event-id", required_argument, NULL, 'e' },
		{ "output", required_argument, NULL, 'o' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct ct_export_opts o;
	struct ct_error err = CT_ERROR_INIT;
	struct ct_case *c;
	const char *out_path = NULL;
	struct ct_outfile out;
	int ch, have_format = 0, id;
	enum ct_status rc;

	memset(&o, 0, sizeof(o));
	optind = 0;
	while ((ch = getopt_long(argc, argv, "f:t:e:o:h", longopts, NULL)) != -1) {
		switch (ch) {
		case 'f':
			if (ct_export_format_parse(optarg, &o.format) != 0) {
				ct_eprintf("casetrail: unknown export format "
				    "'%s' (use csv, jsonl, bodyfile or "
				    "timesketch)\n", optarg);
				return CT_EXIT_USAGE;
			}
			have_format = 1;
			break;
		case 'F':
			if (parse_time(optarg, "--from", &o.from) != 0)
				return CT_EXIT_USAGE;
			o.has_from = 1;
			break;
		case 'T':
			if (parse_time(optarg, "--to", &o.to) != 0)
				return CT_EXIT_USAGE;
			o.has_to = 1;
			break;
		case 't':
			if (ct_export_types_parse(optarg, &o.types) != 0) {
				ct_eprintf("casetrail: --type takes file, "
				    "evtx, usn, prefetch, evt, regkey, artefact "
				    "(comma separated), not '%s'\n", optarg);
				return CT_EXIT_USAGE;
			}
			break;
		case 'e':
			if (ct_opt_int(optarg, 0, 65535, "--event-id", &id) != 0)
				return CT_EXIT_USAGE;
			if (o.n_event_ids == CT_EXPORT_MAX_EVENT_IDS) {
				ct_eprintf("casetrail: at most %d "
				    "--event-id options\n",
				    CT_EXPORT_MAX_EVENT_IDS);
				return CT_EXIT_USAGE;
			}
			o.event_ids[o.n_event_ids++] = id;
			break;
		case 'o': out_path = optarg; break;
		case 'h': usage(stdout); return CT_EXIT_OK;
		default: usage(stderr); return CT_EXIT_USAGE;
		}
	}
	if (argc - optind != 1 || !have_format) {
		ct_eprintf("casetrail: export needs a case file and "
		    "--format\n");
		usage(stderr);
		return CT_EXIT_USAGE;
	}
	if (o.has_from && o.has_to && o.from > o.to) {
		ct_eprintf("casetrail: --from is after --to\n");
		return CT_EXIT_USAGE;
	}
	if (ct_case_open(argv[optind], CT_CASE_READ, &c, &err) != CT_OK) {
		ct_error_print(&err);
		return ct_status_exit_code(err.code);
	}
	/* A full disk or an error leaves no truncated export (outfile.h). */
	if ((rc = ct_outfile_open(&out, out_path ? out_path : "-", &err))) {
		ct_error_print(&err);
		ct_case_close(c);
		return ct_status_exit_code(rc);
	}
	rc = ct_export_write(c, &o, out.fp, &err);
	if (rc == CT_OK)
		rc = ct_outfile_close(&out, 1, &err);
	else
		ct_outfile_close(&out, 0, &err);
	ct_case_close(c);
	if (rc != CT_OK) {
		if (rc == CT_ERR_IO && out_path)
			snprintf(err.path, sizeof(err.path), "%s", out_path);
		ct_error_print(&err);
		return ct_status_exit_code(rc);
	}
	return CT_EXIT_OK;
}
