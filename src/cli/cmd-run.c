/*
 * cmd-run.c - `casetrail run`: ingest, indicators, analysis and reports in
 * one go, into an output folder.
 *
 * Each step is the same code as its own subcommand (ingest, ioc, analyze,
 * report), run in order on OUTDIR/case.db. A step that meets damaged
 * evidence does not stop the next ones: the analyst still gets a report,
 * and the exit status says that something could not be read.
 */
#include "compat.h"

#include <errno.h>
#include <getopt.h>
#include <sys/stat.h>
#include <unistd.h>

#include "error.h"
#include "analyze.h"
#include "buf.h"
#include "casedb.h"
#include "commands.h"
#include "ingest.h"
#include "ioc/ioc.h"
#include "ioc-match.h"
#include "options.h"
#include "report.h"
#include "sigma-opts.h"
#include "xalloc.h"

#define RUN_MAX_IOC 64	/* --ioc files per run */

static void
usage(FILE *fp)
{
	fprintf(fp,
	    "usage: casetrail run [-q] [-v] [-j N] [--no-hash] [--hash-max-size N]\n"
	    "                     [--verify] [--ioc FILE]... [--sigma PATH]...\n"
	    "                     -o OUTDIR EVIDENCE...\n\n"
	    "Ingest the evidence (disk images, event logs, folders of them) into\n"
	    "OUTDIR/case.db, load and match the indicators of each --ioc file,\n"
	    "analyse (with the Sigma rules of each --sigma path), and write\n"
	    "OUTDIR/report.html and OUTDIR/report.json.\n"
	    "Running it again on the same OUTDIR adds new evidence to the case\n"
	    "(content already there is not read twice) and rewrites the reports.\n\n"
	    "  -o, --output OUTDIR    output folder (created if needed)\n"
	    "      --ioc FILE         indicators: threat report, MISP JSON/CSV,\n"
	    "                         STIX 2.1, OpenIOC, CSV or plain list (repeatable)\n"
	    "%s"
	    "  -q, --quiet            no progress and no summaries\n"
	    "  -v, --verbose          print every warning about evidence\n"
	    "  -j, --jobs N           worker threads (default: number of cores)\n"
	    "      --no-hash          do not hash the files inside disk images;\n"
	    "                         evidence files get their SHA-256 only\n"
	    "      --hash-max-size N  hash only files inside images up to N bytes\n"
	    "      --verify           read all the media of E01 sets and check it\n"
	    "                         against the hashes stored at acquisition\n"
	    "  -h, --help             this text\n\n"
	    "Exit status: 0 all read, 1 some evidence or indicator file could not\n"
	    "be read or had damage (the reports are still written), 2 usage,\n"
	    "3 case file failure.\n", ct_sigma_opts_usage);
}

static void
step(const struct ct_ingest_opts *o, int n, const char *what)
{
	if (!o->quiet)
		ct_eprintf("casetrail: [%d/4] %s\n", n, what);
}

static int
worst(int a, int b)
{
	return a > b ? a : b;
}

/* Steps 2-4 on an open case. Returns the exit code. */
static int
run_on_case(struct ct_case *c, const char *outdir, char **iocs, int nioc,
    const struct ct_ingest_opts *o, const struct ct_sigma_opts *so)
{
	struct ct_analyze_opts ao;
	struct ct_error err = CT_ERROR_INIT;
	struct ct_analyze_stats as;
	char *html, *json;
	int i, rc = CT_EXIT_OK;

	step(o, 2, nioc ? "loading and matching indicators" :
	    "matching indicators (none given)");
	for (i = 0; i < nioc; i++) {
		struct ct_ioc_load_stats ls;

		memset(&ls, 0, sizeof(ls));
		ct_error_clear(&err);
		if (ct_ioc_load(c, iocs[i], &ls, &err) != CT_OK) {
			ct_error_print(&err);
			if (err.code == CT_ERR_DB)
				return CT_EXIT_CASE;
			rc = worst(rc, CT_EXIT_INPUT);
			continue;
		}
		if (!o->quiet && ls.duplicate_of > 0) {
			ct_eprintf("casetrail: '%s' is already loaded "
			    "(source %" PRId64 ", same SHA-256)\n", iocs[i],
			    ls.duplicate_of);
		} else if (!o->quiet) {
			ct_eprintf("casetrail: '%s' (%s): %u valid, %u "
			    "rejected, %u already known\n", iocs[i],
			    ls.format ? ls.format : "?", ls.valid, ls.rejected,
			    ls.known);
			if (ls.source_id > 0)
				cmd_ioc_print_rejected(c, iocs[i], ls.source_id,
				    ls.format ? ls.format : "", stderr);
		}
	}
	if (ct_ioc_case_has_indicators(c)) {
		struct ct_ioc_match_stats ms;

		ct_error_clear(&err);
		if (ct_ioc_match(c, o->parse.jobs, &ms, &err) != CT_OK) {
			ct_error_print(&err);
			return CT_EXIT_CASE;
		}
		if (!o->quiet)
			ct_eprintf("casetrail: %" PRIu64 " indicator hit(s) "
			    "on %u of %u indicator(s)\n", ms.hits,
			    ms.indicators_hit, ms.indicators);
	}

	step(o, 3, "analysing");
	ct_error_clear(&err);
	memset(&ao, 0, sizeof(ao));
	ct_sigma_opts_apply(so, &ao);
	ao.sigma_threads = o->parse.jobs;
	if (ct_analyze_with(c, &ao, &as, &err) != CT_OK) {
		ct_error_print(&err);
		return err.code == CT_ERR_DB ? CT_EXIT_CASE : CT_EXIT_INTERNAL;
	}
	if (!o->quiet)
		ct_eprintf("casetrail: %" PRId64 " finding(s) (%" PRId64
		    " high, %" PRId64 " critical), %" PRId64 " chain(s), %"
		    PRId64 " narrative sentence(s)\n", as.findings,
		    as.by_severity[3], as.by_severity[4], as.chains,
		    as.narrative);
	if (!o->quiet && ao.sigma)
		ct_sigma_opts_print_result(&as, stderr, "casetrail: ");

	step(o, 4, "writing the reports");
	html = ct_xasprintf("%s/report.html", outdir);
	json = ct_xasprintf("%s/report.json", outdir);
	ct_error_clear(&err);
	if (ct_report_write(c, "html", html, &err) != CT_OK ||
	    ct_report_write(c, "json", json, &err) != CT_OK) {
		ct_error_print(&err);
		rc = worst(rc, ct_status_exit_code(err.code));
	} else {
		/* The one line a script or an analyst looks for. */
		struct ct_buf shown = CT_BUF_INIT;

		ct_buf_add_printable(&shown, html);
		printf("report: %s\n", shown.buf);
		ct_buf_release(&shown);
		if (!o->quiet)
			ct_eprintf("casetrail: case file %s/case.db, "
			    "JSON report %s\n", outdir, json);
	}
	free(html);
	free(json);
	return rc;
}

int
cmd_run(int argc, char **argv)
{
	static const struct option longopts[] = {
		CT_INGEST_LONGOPTS,
		{ "output", required_argument, NULL, 'o' },
		{ "ioc", required_argument, NULL, 'I' },
		{ "help", no_argument, NULL, 'h' },
		CT_SIGMA_LONGOPTS,
		{ NULL, 0, NULL, 0 },
	};
	struct ct_ingest_opts opts;
	struct ct_sigma_opts so;
	struct ct_error err = CT_ERROR_INIT;
	struct ct_case *c;
	char *iocs[RUN_MAX_IOC];
	const char *outdir = NULL;
	char *case_path;
	int nioc = 0, ch, r, rc, rc2;

	memset(&opts, 0, sizeof(opts));
	memset(&so, 0, sizeof(so));
	optind = 0;
	while ((ch = getopt_long(argc, argv, CT_INGEST_SHORTOPTS "o:h", longopts,
	    NULL)) != -1) {
		if ((r = ct_opt_ingest(ch, optarg, &opts)) != 0 ||
		    (r = ct_sigma_opts_parse(&so, ch, optarg)) != 0) {
			if (r < 0) {
				ct_sigma_opts_release(&so);
				return CT_EXIT_USAGE;
			}
			continue;
		}
		switch (ch) {
		case 'o': outdir = optarg; break;
		case 'I':
			if (nioc == RUN_MAX_IOC) {
				ct_eprintf("casetrail: at most %d --ioc "
				    "files\n", RUN_MAX_IOC);
				ct_sigma_opts_release(&so);
				return CT_EXIT_USAGE;
			}
			iocs[nioc++] = optarg;
			break;
		case 'h':
			ct_sigma_opts_release(&so);
			usage(stdout);
			return CT_EXIT_OK;
		default:
			ct_sigma_opts_release(&so);
			usage(stderr);
			return CT_EXIT_USAGE;
		}
	}
	if (outdir == NULL || optind >= argc) {
		ct_eprintf("casetrail run: need -o OUTDIR and at least one "
		    "piece of evidence\n\n");
		ct_sigma_opts_release(&so);
		usage(stderr);
		return CT_EXIT_USAGE;
	}
	/* The rules before the evidence: a bad rule path is a quick no. */
	if ((r = ct_sigma_opts_load(&so, opts.quiet)) != 0) {
		ct_sigma_opts_release(&so);
		return r;
	}
	if (mkdir(outdir, 0777) != 0 && errno != EEXIST) {
		ct_eprintf("casetrail: cannot create '%s': %s\n", outdir,
		    strerror(errno));
		ct_sigma_opts_release(&so);
		return CT_EXIT_INPUT;
	}
	opts.parse.progress = !opts.quiet && isatty(STDERR_FILENO);
	opts.defer_matching = 1;	/* once, in run_on_case() */
	case_path = ct_xasprintf("%s/case.db", outdir);

	step(&opts, 1, "ingesting evidence");
	rc = cmd_ingest_paths(case_path, (const char *const *)argv + optind,
	    argc - optind, NULL, &opts);
	/* Interrupted: no analysis of half the evidence. */
	if (rc == CT_EXIT_USAGE || rc == CT_EXIT_CASE ||
	    rc == CT_EXIT_INTERRUPTED) {
		free(case_path);
		ct_sigma_opts_release(&so);
		return rc;
	}
	if (ct_case_open(case_path, CT_CASE_WRITE, &c, &err) != CT_OK) {
		ct_error_print(&err);
		free(case_path);
		ct_sigma_opts_release(&so);
		return ct_status_exit_code(err.code);
	}
	rc2 = run_on_case(c, outdir, iocs, nioc, &opts, &so);
	ct_case_close(c);
	free(case_path);
	ct_sigma_opts_release(&so);
	return worst(rc, rc2);
}
