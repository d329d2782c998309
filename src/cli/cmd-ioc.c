/*
 * cmd-ioc.c - `casetrail ioc [--no-match] [-q] CASE FILE...`: load
 * indicator files into the case and match them against its evidence
 * (parsers/ioc/ioc.h).
 *
 * Rejected indicators are normal in real threat reports (placeholders,
 * typos): they are listed as "file:line: reason" and do not change the
 * exit status. Only a file that cannot be read or is in no known format
 * does (1); usage is 2, a case-file failure 3.
 */
#include "compat.h"

#include <getopt.h>

#include "error.h"
#include "buf.h"
#include "casedb.h"
#include "commands.h"
#include "ioc/ioc.h"
#include "ioc-match.h"
#include "options.h"

static void
usage(FILE *fp)
{
	fprintf(fp,
	    "usage: casetrail ioc [-q] [-j N] [--no-match] CASE FILE...\n\n"
	    "Load indicators of compromise into the case file CASE (created if\n"
	    "needed) and match them against all evidence in it. Formats are\n"
	    "detected: the Markdown threat report (\"* ip-dst: 1.2.3.4 - comment\"\n"
	    "under \"## Indicators\"), MISP JSON and MISP CSV exports, STIX 2.1\n"
	    "bundles, OpenIOC 1.0/1.1, CSV with a type,value,comment header, and\n"
	    "plain lists (one indicator per line, type inferred). Defanged values\n"
	    "(hxxp, [.], (.), [:]) are refanged; invalid ones are listed with the\n"
	    "reason and skipped. Loading a file again adds nothing.\n\n"
	    "  -q, --quiet     print only rejected indicators and errors\n"
	    "  -j, --jobs N    match on N threads (default: one per core, at most 8)\n"
	    "      --no-match  load only; match later (casetrail ioc CASE, or ingest)\n"
	    "  -h, --help      this text\n\n"
	    "With no FILE, only matches again.\n\n"
	    "Exit status: 0 all files read (even with rejected indicators), 1 a file\n"
	    "could not be read or is in no known format, 2 usage, 3 case file failure.\n");
}

/* JSON formats number their items, the others have lines. */
static int
numbered_by_item(const char *format)
{
	return strcmp(format, "misp-json") == 0 || strcmp(format, "stix2") == 0;
}

void
cmd_ioc_print_rejected(struct ct_case *c, const char *path, int64_t source_id,
    const char *format, FILE *fp)
{
	sqlite3_stmt *st;
	struct ct_buf line = CT_BUF_INIT;

	if (sqlite3_prepare_v2(c->db, "SELECT line, reason FROM indicator "
	    "WHERE source_id = ? AND valid = 0 ORDER BY line, id", -1, &st,
	    NULL) != SQLITE_OK)
		return;
	sqlite3_bind_int64(st, 1, source_id);
	while (sqlite3_step(st) == SQLITE_ROW) {
		ct_buf_reset(&line);
		ct_buf_add_printable(&line, path);
		if (numbered_by_item(format))
			ct_buf_addf(&line, ": item %lld: ",
			    (long long)sqlite3_column_int64(st, 0));
		else
			ct_buf_addf(&line, ":%lld: ",
			    (long long)sqlite3_column_int64(st, 0));
		ct_buf_add_printable(&line,
		    (const char *)sqlite3_column_text(st, 1));
		fprintf(fp, "%s\n", line.buf);
	}
	sqlite3_finalize(st);
	if (sqlite3_prepare_v2(c->db, "SELECT message FROM warning WHERE "
	    "source_id = ? ORDER BY id", -1, &st, NULL) != SQLITE_OK) {
		ct_buf_release(&line);
		return;
	}
	sqlite3_bind_int64(st, 1, source_id);
	while (sqlite3_step(st) == SQLITE_ROW) {
		ct_buf_reset(&line);
		ct_buf_add_printable(&line, path);
		ct_buf_adds(&line, ": warning: ");
		ct_buf_add_printable(&line,
		    (const char *)sqlite3_column_text(st, 0));
		fprintf(fp, "%s\n", line.buf);
	}
	sqlite3_finalize(st);
	ct_buf_release(&line);
}

int
cmd_ioc(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "quiet", no_argument, NULL, 'q' },
		{ "no-match", no_argument, NULL, 'N' },
		{ "jobs", required_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct ct_error err = CT_ERROR_INIT;
	struct ct_ioc_match_stats ms;
	struct ct_case *c;
	int ch, quiet = 0, no_match = 0, jobs = 0, i, bad = 0;
	enum ct_status rc;

	optind = 0;
	while ((ch = getopt_long(argc, argv, "qj:h", longopts, NULL)) != -1) {
		switch (ch) {
		case 'q': quiet = 1; break;
		case 'j':
			if (ct_opt_int(optarg, 1, 256, "--jobs", &jobs))
				return CT_EXIT_USAGE;
			break;
		case 'N': no_match = 1; break;
		case 'h': usage(stdout); return CT_EXIT_OK;
		default: usage(stderr); return CT_EXIT_USAGE;
		}
	}
	if (argc - optind < 1) {
		ct_eprintf("casetrail ioc: need a case file\n\n");
		usage(stderr);
		return CT_EXIT_USAGE;
	}
	rc = ct_case_open(argv[optind], CT_CASE_WRITE, &c, &err);
	if (rc != CT_OK) {
		ct_error_print(&err);
		return ct_status_exit_code(rc);
	}
	for (i = optind + 1; i < argc; i++) {
		struct ct_ioc_load_stats ls;
		struct ct_buf name = CT_BUF_INIT;

		ct_error_clear(&err);
		rc = ct_ioc_load(c, argv[i], &ls, &err);
		ct_buf_add_printable(&name, argv[i]);
		if (rc == CT_ERR_DB) {
			ct_error_print(&err);
			ct_buf_release(&name);
			ct_case_close(c);
			return CT_EXIT_CASE;
		}
		if (rc != CT_OK) {
			ct_error_print(&err);
			ct_buf_release(&name);
			bad++;
			continue;
		}
		if (ls.duplicate_of) {
			if (!quiet)
				printf("%s: already loaded (source %lld), "
				    "nothing added\n", name.buf,
				    (long long)ls.duplicate_of);
			ct_buf_release(&name);
			continue;
		}
		if (!quiet) {
			printf("%s: %s: %u valid, %u rejected", name.buf,
			    ls.format, ls.valid, ls.rejected);
			if (ls.known)
				printf(", %u already in the case", ls.known);
			if (ls.context)
				printf(", %u context", ls.context);
			if (ls.groups)
				printf(", %u logic group(s)", ls.groups);
			printf("\n");
		}
		cmd_ioc_print_rejected(c, name.buf, ls.source_id, ls.format, stdout);
		ct_buf_release(&name);
	}
	if (!no_match) {
		ct_error_clear(&err);
		rc = ct_ioc_match(c, jobs, &ms, &err);
		if (rc != CT_OK) {
			ct_error_print(&err);
			ct_case_close(c);
			return CT_EXIT_CASE;
		}
		if (!quiet) {
			printf("matched %u indicator(s) against %llu evidence "
			    "row(s): %llu hit(s), %u indicator(s) hit",
			    ms.indicators, (unsigned long long)ms.rows,
			    (unsigned long long)ms.hits, ms.indicators_hit);
			if (ms.groups)
				printf(", %u of %u logic group(s) hold",
				    ms.groups_matched, ms.groups);
			printf("\n");
		}
	}
	ct_case_close(c);
	return bad ? CT_EXIT_INPUT : CT_EXIT_OK;
}
