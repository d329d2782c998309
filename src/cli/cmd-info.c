/*
 * cmd-info.c - `casetrail info [--json] CASE`: what a case file holds.
 *
 * The --json form is a stable interface (doc/info-json.md): fields are only
 * ever added, never renamed or removed, and "format" is bumped if that
 * promise ever has to be broken.
 */
#include "compat.h"

#include <getopt.h>

#include "error.h"
#include "buf.h"
#include "casedb.h"
#include "commands.h"
#include "timefmt.h"

#define INFO_JSON_FORMAT 1

/* Counts reported by info, in output order: JSON key and SQL. */
static const struct {
	const char *key;
	const char *label;
	const char *sql;
} counts[] = {
	{ "sources", "sources", "SELECT count(*) FROM source" },
	{ "incomplete_sources", "  of them not read to their end",
	    "SELECT count(*) FROM source WHERE status IN ('pending', "
	    "'interrupted', 'failed')" },
	{ "files", "files and directories", "SELECT count(*) FROM file" },
	{ "deleted_files", "  of them deleted",
	    "SELECT count(*) FROM file WHERE allocated = 0" },
	{ "filesystem_events", "file-system time events",
	    "SELECT count(*) FROM event e JOIN record r ON r.id = e.record_id "
	    "WHERE r.type = 'file'" },
	{ "evtx_records", "event-log records", "SELECT count(*) FROM evtx" },
	{ "recovered_evtx_records", "  of them recovered",
	    "SELECT count(*) FROM evtx x JOIN record r ON r.id = x.record_id "
	    "WHERE r.flags & 2" },
	{ "usn_records", "USN journal records", "SELECT count(*) FROM usn" },
	{ "prefetch_files", "Prefetch files", "SELECT count(*) FROM prefetch" },
	{ "prefetch_runs", "Prefetch runs",
	    "SELECT count(*) FROM event e JOIN record r ON r.id = e.record_id "
	    "WHERE r.type = 'prefetch'" },
	{ "indicators_valid", "indicators (valid)",
	    "SELECT count(*) FROM indicator WHERE valid = 1" },
	{ "indicators_rejected", "indicators (rejected)",
	    "SELECT count(*) FROM indicator WHERE valid = 0" },
	{ "indicator_hits", "indicator hits", "SELECT count(*) FROM indicator_hit" },
	{ "findings", "findings", "SELECT count(*) FROM finding" },
	{ "warnings", "warnings about evidence", "SELECT count(*) FROM warning" },
	{ "timeline_events", "timeline events", "SELECT count(*) FROM event" },
};

static void
usage(FILE *fp)
{
	fprintf(fp, "usage: casetrail info [--json] CASE\n\n"
	    "Show the schema version, the evidence inventory, counts per kind\n"
	    "of row, warnings and the time range of a case file. The file is\n"
	    "opened read-only.\n\n"
	    "  --json      machine-readable output (see doc/info-json.md)\n"
	    "  -h, --help  this text\n");
}

static void
json_text(struct ct_buf *b, const char *s)
{
	if (s == NULL) {
		ct_buf_adds(b, "null");
		return;
	}
	ct_buf_addch(b, '"');
	ct_buf_add_json_str(b, s, strlen(s));
	ct_buf_addch(b, '"');
}

static void
json_col(struct ct_buf *b, sqlite3_stmt *st, int i)
{
	switch (sqlite3_column_type(st, i)) {
	case SQLITE_NULL:
		ct_buf_adds(b, "null");
		break;
	case SQLITE_INTEGER:
		ct_buf_addf(b, "%lld", (long long)sqlite3_column_int64(st, i));
		break;
	default:
		json_text(b, (const char *)sqlite3_column_text(st, i));
	}
}

static const char source_sql[] =
    "SELECT s.id, s.parent_id, s.kind, s.path, s.locator, s.size, s.md5, "
    "s.sha1, s.sha256, s.status, s.parser, s.tool_version, s.note, "
    "(SELECT count(*) FROM warning w WHERE w.source_id = s.id), s.added_at, "
    "s.mtime, s.path_bytes FROM source s ORDER BY s.id";
static const char *const source_keys[] = { "id", "parent_id", "kind", "path",
    "locator", "size", "md5", "sha1", "sha256", "status", "parser",
    "tool_version", "note", "warnings" };

static int
print_json(struct ct_case *c)
{
	struct ct_buf b = CT_BUF_INIT;
	sqlite3_stmt *st;
	int failed = 0, first = 1;
	size_t i;
	char *v;
	int64_t lo, hi, n;
	char iso[CT_TIME_ISO_LEN];

	ct_buf_addf(&b, "{\n  \"format\": %d,\n  \"case\": ", INFO_JSON_FORMAT);
	json_text(&b, c->path);
	ct_buf_addf(&b, ",\n  \"schema_version\": %lld,\n",
	    (long long)ct_case_query_int(c, "PRAGMA user_version", 0, &failed));
	v = ct_case_meta_get(c, "created_by");
	ct_buf_adds(&b, "  \"created_by\": ");
	json_text(&b, v);
	free(v);
	v = ct_case_meta_get(c, "created_at");
	ct_buf_adds(&b, ",\n  \"created_at\": ");
	json_text(&b, v);
	free(v);
	ct_buf_adds(&b, ",\n  \"sources\": [");
	if (sqlite3_prepare_v2(c->db, source_sql, -1, &st, NULL) != SQLITE_OK)
		failed = 1;
	else {
		while (sqlite3_step(st) == SQLITE_ROW) {
			ct_buf_adds(&b, first ? "\n    {" : ",\n    {");
			first = 0;
			for (i = 0; i < CT_ARRAY_SIZE(source_keys); i++) {
				ct_buf_addf(&b, "%s\"%s\": ", i ? ", " : "",
				    source_keys[i]);
				json_col(&b, st, (int)i);
			}
			ct_buf_adds(&b, ", \"added_at\": ");
			json_text(&b, ct_time_iso(sqlite3_column_int64(st, 14),
			    iso));
			ct_buf_adds(&b, ", \"mtime\": ");
			if (sqlite3_column_type(st, 15) == SQLITE_NULL)
				ct_buf_adds(&b, "null");
			else
				json_text(&b, ct_time_iso(sqlite3_column_int64(st,
				    15), iso));
			ct_buf_adds(&b, ", \"path_bytes\": ");
			json_col(&b, st, 16);
			ct_buf_addch(&b, '}');
		}
		sqlite3_finalize(st);
	}
	ct_buf_adds(&b, first ? "],\n  \"counts\": {" : "\n  ],\n  \"counts\": {");
	for (i = 0; i < CT_ARRAY_SIZE(counts); i++)
		ct_buf_addf(&b, "%s\n    \"%s\": %lld", i ? "," : "",
		    counts[i].key, (long long)ct_case_query_int(c, counts[i].sql, 0,
		    &failed));
	n = ct_case_query_int(c, "SELECT count(*) FROM event", 0, &failed);
	lo = ct_case_query_int(c, "SELECT min(ts) FROM event", 0, &failed);
	hi = ct_case_query_int(c, "SELECT max(ts) FROM event", 0, &failed);
	ct_buf_adds(&b, "\n  },\n  \"time_range\": ");
	if (n == 0) {
		ct_buf_adds(&b, "null");
	} else {
		ct_buf_addf(&b, "{\"first\": \"%s\", ", ct_time_iso(lo, iso));
		ct_buf_addf(&b, "\"last\": \"%s\", ", ct_time_iso(hi, iso));
		ct_buf_addf(&b, "\"first_ticks\": %lld, \"last_ticks\": %lld}",
		    (long long)lo, (long long)hi);
	}
	ct_buf_adds(&b, "\n}\n");
	if (failed) {
		ct_eprintf("casetrail: '%s': cannot read the case file: "
		    "%s\n", c->path, sqlite3_errmsg(c->db));
		ct_buf_release(&b);
		return CT_EXIT_CASE;
	}
	fwrite(b.buf, 1, b.len, stdout);
	ct_buf_release(&b);
	return CT_EXIT_OK;
}

/* Text that may have come from evidence (a path), made printable. */
static void
print_text_col_str(const char *s)
{
	struct ct_buf b = CT_BUF_INIT;

	ct_buf_add_printable(&b, s);
	fputs(b.buf, stdout);
	ct_buf_release(&b);
}

static void
print_text_col(sqlite3_stmt *st, int i, const char *fallback)
{
	struct ct_buf b = CT_BUF_INIT;
	const char *s = (const char *)sqlite3_column_text(st, i);

	ct_buf_add_printable(&b, s ? s : fallback);
	fputs(b.buf, stdout);
	ct_buf_release(&b);
}

static int
print_text(struct ct_case *c)
{
	sqlite3_stmt *st;
	int failed = 0;
	size_t i;
	int64_t n, lo, hi;
	char iso[CT_TIME_ISO_LEN];

	printf("case file:      ");
	print_text_col_str(c->path);
	printf("\n");
	printf("schema version: %lld\n",
	    (long long)ct_case_query_int(c, "PRAGMA user_version", 0, &failed));
	n = ct_case_query_int(c, "SELECT count(*) FROM source WHERE status IN "
	    "('pending', 'interrupted', 'failed')", 0, &failed);
	if (n > 0)
		printf("\nINCOMPLETE: %lld source(s) were not read to their end "
		    "(pending, interrupted or failed): the case does not hold "
		    "all of that evidence. Ingest it again to replace them.\n",
		    (long long)n);
	printf("\nsources:\n");
	if (sqlite3_prepare_v2(c->db, source_sql, -1, &st, NULL) == SQLITE_OK) {
		int any = 0;

		while (sqlite3_step(st) == SQLITE_ROW) {
			any = 1;
			printf("  %3lld  %-8s ", (long long)sqlite3_column_int64(st, 0),
			    (const char *)sqlite3_column_text(st, 2));
			print_text_col(st, 3, "");
			if (sqlite3_column_type(st, 1) != SQLITE_NULL)
				printf("  (in source %lld)",
				    (long long)sqlite3_column_int64(st, 1));
			printf("\n        %s, %lld bytes, %lld warning(s), sha256 ",
			    (const char *)sqlite3_column_text(st, 9),
			    (long long)sqlite3_column_int64(st, 5),
			    (long long)sqlite3_column_int64(st, 13));
			print_text_col(st, 8, "-");
			printf("\n");
		}
		if (!any)
			printf("  (none)\n");
		sqlite3_finalize(st);
	} else {
		failed = 1;
	}
	printf("\ncounts:\n");
	for (i = 0; i < CT_ARRAY_SIZE(counts); i++)
		printf("  %-26s %lld\n", counts[i].label,
		    (long long)ct_case_query_int(c, counts[i].sql, 0, &failed));
	n = ct_case_query_int(c, "SELECT count(*) FROM event", 0, &failed);
	lo = ct_case_query_int(c, "SELECT min(ts) FROM event", 0, &failed);
	hi = ct_case_query_int(c, "SELECT max(ts) FROM event", 0, &failed);
	if (n) {
		printf("\ntime range:     %s", ct_time_iso(lo, iso));
		printf(" .. %s\n", ct_time_iso(hi, iso));
	} else {
		printf("\ntime range:     (no timeline events)\n");
	}
	if (failed) {
		ct_eprintf("casetrail: '%s': cannot read the case file: "
		    "%s\n", c->path, sqlite3_errmsg(c->db));
		return CT_EXIT_CASE;
	}
	return CT_EXIT_OK;
}

int
cmd_info(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "json", no_argument, NULL, 'J' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct ct_error err = CT_ERROR_INIT;
	struct ct_case *c;
	int json = 0, ch, rc;

	optind = 0;
	while ((ch = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		switch (ch) {
		case 'J': json = 1; break;
		case 'h': usage(stdout); return CT_EXIT_OK;
		default: usage(stderr); return CT_EXIT_USAGE;
		}
	}
	if (argc - optind != 1) {
		usage(stderr);
		return CT_EXIT_USAGE;
	}
	if (ct_case_open(argv[optind], CT_CASE_READ, &c, &err) != CT_OK) {
		ct_error_print(&err);
		return ct_status_exit_code(err.code);
	}
	rc = json ? print_json(c) : print_text(c);
	ct_case_close(c);
	return rc;
}
