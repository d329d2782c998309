/*
 * cmd-ingest.c - `casetrail ingest [options] CASE EVIDENCE...`
 */
#include "compat.h"

#include <getopt.h>
#include <unistd.h>

#include "error.h"
#include "casedb.h"
#include "cancel.h"
#include "commands.h"
#include "ingest.h"
#include "ioc/ioc.h"
#include "ioc-match.h"
#include "options.h"

static void
usage(FILE *fp)
{
	size_t i;

	fprintf(fp,
	    "usage: casetrail ingest [-q] [-v] [-j N] [-p PARSER] [--no-hash]\n"
	    "                        [--hash-max-size BYTES] [--verify]\n"
	    "                        CASE EVIDENCE...\n\n"
	    "Read disk images (raw, split raw, E01, VMDK, VHD) and Windows event\n"
	    "logs (.evtx files, or directories holding them) into the case file\n"
	    "CASE, creating it if needed. Evidence is opened read-only and hashed.\n\n"
	    "  -q, --quiet            no progress and no summary\n"
	    "  -v, --verbose          print every warning about evidence\n"
	    "  -j, --jobs N           worker threads (default: number of cores)\n"
	    "  -p, --parser NAME      use this parser instead of detecting one\n"
	    "      --no-hash          do not hash the files inside disk images;\n"
	    "                         evidence files get their SHA-256 only\n"
	    "      --hash-max-size N  hash only files inside images up to N bytes\n"
	    "                         (suffixes K, M, G)\n"
	    "      --verify           read all the media of E01 sets and check it\n"
	    "                         against the hashes stored at acquisition\n"
	    "  -h, --help             this text\n\n"
	    "Parsers:\n");
	for (i = 0; ct_parsers[i]; i++)
		fprintf(fp, "  %-10s %s\n", ct_parsers[i]->name,
		    ct_parsers[i]->summary);
	if (i == 0)
		fprintf(fp, "  (none built in)\n");
	fprintf(fp, "\nExit status: 0 all read, 1 some evidence could not be "
	    "read or had damage\n(warnings), 2 usage, 3 case file failure.\n");
}

int
cmd_ingest(int argc, char **argv)
{
	static const struct option longopts[] = {
		CT_INGEST_LONGOPTS,
		{ "parser", required_argument, NULL, 'p' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct ct_ingest_opts opts;
	const char *parser = NULL;
	int c, r;

	memset(&opts, 0, sizeof(opts));
	optind = 0;	/* reset getopt between subcommands (GNU) */
	while ((c = getopt_long(argc, argv, CT_INGEST_SHORTOPTS "p:h", longopts,
	    NULL)) != -1) {
		if ((r = ct_opt_ingest(c, optarg, &opts)) != 0) {
			if (r < 0)
				return CT_EXIT_USAGE;
			continue;
		}
		switch (c) {
		case 'p': parser = optarg; break;
		case 'h': usage(stdout); return CT_EXIT_OK;
		default: usage(stderr); return CT_EXIT_USAGE;
		}
	}
	if (argc - optind < 2) {
		ct_eprintf("casetrail ingest: need a case file and at "
		    "least one piece of evidence\n\n");
		usage(stderr);
		return CT_EXIT_USAGE;
	}
	opts.parse.progress = !opts.quiet && isatty(STDERR_FILENO);
	return cmd_ingest_paths(argv[optind], (const char *const *)argv + optind + 1,
	    argc - optind - 1, parser, &opts);
}

int
cmd_ingest_paths(const char *case_path, const char *const *paths, int npaths,
    const char *parser, const struct ct_ingest_opts *opts)
{
	struct ct_error err = CT_ERROR_INIT;
	struct ct_ingest_stats st;
	struct ct_case *c;
	struct ct_ingest *in;
	int64_t first_new;
	int i, input_errors = 0;
	enum ct_status rc;

	if (parser && ct_parser_find(parser) == NULL) {
		ct_eprintf("casetrail: unknown parser '%s' (see "
		    "'casetrail ingest --help')\n", parser);
		return CT_EXIT_USAGE;
	}
	rc = ct_case_open(case_path, CT_CASE_WRITE, &c, &err);
	if (rc != CT_OK) {
		ct_error_print(&err);
		return ct_status_exit_code(rc);
	}
	first_new = ct_case_query_int(c, "SELECT coalesce(max(id), 0) FROM "
	    "source", 0, NULL);
	ct_cancel_install();
	in = ct_ingest_begin(c, opts);
	for (i = 0; i < npaths && !ct_cancelled(); i++) {
		ct_error_clear(&err);
		rc = ct_ingest_path(in, paths[i], parser, &err);
		if (rc == CT_OK)
			continue;
		ct_error_print(&err);
		if (rc == CT_ERR_DB)
			break;
		input_errors++;
	}
	ct_error_clear(&err);
	rc = ct_ingest_end(in, &st, &err);
	/* What follows (matching, and run's analysis) has no stopping points. */
	ct_cancel_uninstall();
	if (rc != CT_OK) {
		ct_error_print(&err);
		ct_case_close(c);
		return CT_EXIT_CASE;
	}
	/* new evidence: indicators loaded earlier are matched again */
	if (!ct_cancelled() && !opts->defer_matching &&
	    ct_ioc_case_has_indicators(c)) {
		struct ct_ioc_match_stats ms;

		ct_error_clear(&err);
		if (ct_ioc_match(c, opts->parse.jobs, &ms, &err) != CT_OK) {
			ct_error_print(&err);
			ct_case_close(c);
			return CT_EXIT_CASE;
		}
		if (!opts->quiet)
			ct_eprintf("casetrail: indicators matched again: "
			    "%" PRIu64 " hit(s) on %u of %u indicator(s)\n",
			    ms.hits, ms.indicators_hit, ms.indicators);
	}
	if (!opts->quiet) {
		ct_ingest_print_warnings(c, first_new);
		ct_eprintf("casetrail: %u source(s) read, %u failed, %u "
		    "already in the case, %u file(s) skipped; %" PRIu64
		    " record(s), %" PRIu64 " warning(s)\n", st.sources,
		    st.failed, st.duplicates, st.skipped, st.records,
		    st.warnings);
		if (st.replaced)
			ct_eprintf("casetrail: %u incomplete earlier read(s) "
			    "replaced\n", st.replaced);
	}
	ct_case_close(c);
	if (ct_cancelled()) {
		ct_eprintf("casetrail: interrupted: the case holds what was "
		    "read so far (sources marked interrupted); ingest the same "
		    "evidence again to read it whole (its rows are replaced, "
		    "not added twice)\n");
		return CT_EXIT_INTERRUPTED;
	}
	if (input_errors || st.failed || st.warnings)
		return CT_EXIT_INPUT;
	return CT_EXIT_OK;
}
