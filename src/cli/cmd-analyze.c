/*
 * cmd-analyze.c - `casetrail analyze [--knowledge FILE] [--sigma PATH]...
 * CASE`: findings, attack chain and narrative (analysis/analyze.h), then a
 * short summary: findings per severity, the Sigma run, and the steps of
 * each chain.
 */
#include "compat.h"

#include <getopt.h>

#include "analyze.h"
#include "buf.h"
#include "casedb.h"
#include "commands.h"
#include "sigma-opts.h"
#include "timefmt.h"

static void
usage(FILE *fp)
{
	fprintf(fp, "usage: casetrail analyze [--knowledge FILE] [--sigma PATH]... "
	    "[-q] CASE\n\n"
	    "Rebuild processes, findings, attack chains and the narrative of a\n"
	    "case file from its evidence and indicator hits. Re-runnable: the\n"
	    "previous analysis is replaced in one transaction.\n\n"
	    "      --knowledge FILE   updater knowledge file instead of the\n"
	    "                         built-in one (format: see updaters.txt in\n"
	    "                         the package data directory)\n"
	    "%s"
	    "  -q, --quiet            print nothing on success\n"
	    "  -h, --help             this text\n", ct_sigma_opts_usage);
}

static void
print_chains(struct ct_case *c)
{
	sqlite3_stmt *ch, *stp;
	char iso[CT_TIME_ISO_LEN];

	if (sqlite3_prepare_v2(c->db, "SELECT id, severity, title, summary"
	    " FROM chain ORDER BY first_ts, id", -1, &ch, NULL) != SQLITE_OK)
		return;
	if (sqlite3_prepare_v2(c->db, "SELECT f.first_ts, f.severity, f.title"
	    " FROM chain_step s JOIN finding f ON f.id = s.finding_id"
	    " WHERE s.chain_id = ? ORDER BY s.seq", -1, &stp, NULL) != SQLITE_OK) {
		sqlite3_finalize(ch);
		return;
	}
	while (sqlite3_step(ch) == SQLITE_ROW) {
		struct ct_buf b = CT_BUF_INIT;

		ct_buf_add_printable(&b, (const char *)sqlite3_column_text(ch, 2));
		printf("\nchain %lld (%s): %s\n", (long long)sqlite3_column_int64(ch, 0),
		    (const char *)sqlite3_column_text(ch, 1), b.buf);
		ct_buf_reset(&b);
		ct_buf_add_printable(&b, (const char *)sqlite3_column_text(ch, 3));
		printf("  %s\n", b.buf);
		sqlite3_reset(stp);
		sqlite3_bind_int64(stp, 1, sqlite3_column_int64(ch, 0));
		while (sqlite3_step(stp) == SQLITE_ROW) {
			ct_buf_reset(&b);
			ct_buf_add_printable(&b,
			    (const char *)sqlite3_column_text(stp, 2));
			if (sqlite3_column_type(stp, 0) == SQLITE_NULL)
				snprintf(iso, sizeof(iso), "(time unknown)");
			else
				ct_time_iso(sqlite3_column_int64(stp, 0), iso);
			printf("  %s  %-8s %s\n", iso,
			    (const char *)sqlite3_column_text(stp, 1), b.buf);
		}
		ct_buf_release(&b);
	}
	sqlite3_finalize(stp);
	sqlite3_finalize(ch);
}

int
cmd_analyze(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "knowledge", required_argument, NULL, 'k' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		CT_SIGMA_LONGOPTS,
		{ NULL, 0, NULL, 0 },
	};
	struct ct_error err = CT_ERROR_INIT;
	struct ct_analyze_opts opts = { NULL };
	struct ct_sigma_opts so;
	struct ct_analyze_stats st;
	struct ct_case *c;
	int ch, quiet = 0, i;
	enum ct_status rc;

	memset(&so, 0, sizeof(so));
	optind = 0;
	while ((ch = getopt_long(argc, argv, "hq", longopts, NULL)) != -1) {
		int r = ct_sigma_opts_parse(&so, ch, optarg);

		if (r < 0) {
			ct_sigma_opts_release(&so);
			return CT_EXIT_USAGE;
		}
		if (r > 0)
			continue;
		switch (ch) {
		case 'k': opts.knowledge_path = optarg; break;
		case 'q': quiet = 1; break;
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
	if (argc - optind != 1) {
		ct_sigma_opts_release(&so);
		usage(stderr);
		return CT_EXIT_USAGE;
	}
	/* The rules first: a rule folder that cannot be read is a quick no. */
	if ((i = ct_sigma_opts_load(&so, quiet)) != 0) {
		ct_sigma_opts_release(&so);
		return i;
	}
	ct_sigma_opts_apply(&so, &opts);
	/* Analysing a case that does not exist yet would only create an empty one. */
	if (ct_case_open(argv[optind], CT_CASE_UPDATE, &c, &err) != CT_OK) {
		ct_error_print(&err);
		ct_sigma_opts_release(&so);
		return ct_status_exit_code(err.code);
	}
	rc = ct_analyze_with(c, &opts, &st, &err);
	if (rc != CT_OK) {
		ct_error_print(&err);
		ct_case_close(c);
		ct_sigma_opts_release(&so);
		return ct_status_exit_code(rc);
	}
	if (!quiet) {
		printf("analysed %s in %.2f s: %lld processes, %lld findings (",
		    c->path, st.seconds, (long long)st.processes,
		    (long long)st.findings);
		for (i = 4; i >= 0; i--)
			printf("%s%lld %s", i == 4 ? "" : ", ",
			    (long long)st.by_severity[i], ct_severity_names[i]);
		printf("), %lld chain(s) with %lld step(s), %lld narrative "
		    "sentence(s)\n", (long long)st.chains,
		    (long long)st.chain_steps, (long long)st.narrative);
		if (opts.sigma)
			ct_sigma_opts_print_result(&st, stdout, "");
		print_chains(c);
	}
	ct_case_close(c);
	ct_sigma_opts_release(&so);
	return CT_EXIT_OK;
}
