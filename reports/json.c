/*
 * json.c - the case report as one JSON document (RFC 8259), for other
 * tools and for tests. It holds the same content as the HTML report, from
 * the same queries (report.c); doc/report-json.md documents every field.
 * Strings are UTF-8; bytes that are not are written as U+FFFD
 * (ct_buf_add_json_str). Times are ISO 8601 UTC text plus "*_ticks"
 * (FILETIME integers), so nothing is lost.
 */
#include "compat.h"

#include "report.h"
#include "report-int.h"
#include "timefmt.h"
#include "version.h"

#define JSON_REPORT_FORMAT 1

/* How a column is written. */
enum jkind { J_TEXT, J_INT, J_TIME, J_BOOL };

struct jcol {
	const char *key;
	enum jkind kind;
};

struct json {
	struct ct_case *c;
	struct rp_out *o;
	struct ct_buf *b;
	struct rp_recset rs;
	int failed;
};

static void
raw(struct json *j, const char *s)
{
	ct_buf_adds(j->b, s);
}

static void
str(struct json *j, const char *s, size_t n)
{
	ct_buf_addch(j->b, '"');
	ct_buf_add_json_str(j->b, s, n);
	ct_buf_addch(j->b, '"');
}

static void
key(struct json *j, const char *k)
{
	ct_buf_addf(j->b, "\"%s\": ", k);
}

static void
time_val(struct json *j, int64_t ticks)
{
	char iso[CT_TIME_ISO_LEN];

	ct_buf_addf(j->b, "\"%s\"", ct_time_iso(ticks, iso));
}

/* Column i of st as a JSON value of the given kind (null for NULL). */
static void
col(struct json *j, sqlite3_stmt *st, int i, enum jkind kind)
{
	size_t n;
	const char *s;

	if (sqlite3_column_type(st, i) == SQLITE_NULL) {
		raw(j, "null");
		return;
	}
	switch (kind) {
	case J_INT:
		ct_buf_addf(j->b, "%lld", (long long)sqlite3_column_int64(st, i));
		break;
	case J_BOOL:
		raw(j, sqlite3_column_int64(st, i) ? "true" : "false");
		break;
	case J_TIME:
		time_val(j, sqlite3_column_int64(st, i));
		break;
	default:
		s = ct_sql_textn(st, i, &n);
		str(j, s, n);
	}
}

/*
 * Write the columns of the current row as members "key": value; a time
 * also gets "key_ticks". Columns with a NULL key are skipped.
 */
static void
members(struct json *j, sqlite3_stmt *st, const struct jcol *cols, size_t n)
{
	size_t i;
	int first = 1;

	for (i = 0; i < n; i++) {
		if (cols[i].key == NULL)
			continue;
		if (!first)
			raw(j, ", ");
		first = 0;
		key(j, cols[i].key);
		col(j, st, (int)i, cols[i].kind);
		if (cols[i].kind == J_TIME) {
			ct_buf_addf(j->b, ", \"%s_ticks\": ", cols[i].key);
			col(j, st, (int)i, J_INT);
		}
	}
}

/*
 * Column i of st, JSON text from SQLite's json() (valid by construction),
 * as a value; null for NULL. Bytes that are not UTF-8 become U+FFFD.
 */
static void
json_col(struct json *j, sqlite3_stmt *st, int i)
{
	size_t n;
	const char *s;

	if (sqlite3_column_type(st, i) == SQLITE_NULL) {
		raw(j, "null");
		return;
	}
	s = ct_sql_textn(st, i, &n);
	ct_buf_add_utf8_clean(j->b, s, n);	/* U+FFFD stays valid JSON */
}

static sqlite3_stmt *
prep(struct json *j, const char *sql)
{
	return ct_sql_prepare_sticky(j->c, sql, &j->failed);
}

/* One integer from a query without parameters, 0 if it has no row. */
static int64_t
count(struct json *j, const char *sql)
{
	return ct_case_query_int(j->c, sql, 0, &j->failed);
}

/* An array of objects, one per row of sql. */
static void
rows(struct json *j, const char *name, const char *sql,
    const struct jcol *cols, size_t n)
{
	sqlite3_stmt *st = prep(j, sql);
	int first = 1;

	ct_buf_addf(j->b, ",\n  \"%s\": [", name);
	while (st && sqlite3_step(st) == SQLITE_ROW) {
		raw(j, first ? "\n    {" : ",\n    {");
		first = 0;
		members(j, st, cols, n);
		raw(j, "}");
		rp_out_flush(j->o, 0);
	}
	sqlite3_finalize(st);
	raw(j, first ? "]" : "\n  ]");
}

static const struct jcol source_cols[] = {
	{ "id", J_INT }, { "parent_id", J_INT }, { "kind", J_TEXT },
	{ "path", J_TEXT }, { "locator", J_TEXT }, { "size", J_INT },
	{ "md5", J_TEXT }, { "sha1", J_TEXT }, { "sha256", J_TEXT },
	{ "status", J_TEXT }, { "parser", J_TEXT }, { "note", J_TEXT },
	{ "warnings", J_INT },
};
static const struct jcol coverage_cols[] = {
	{ "area", J_TEXT }, { "evidence", J_TEXT }, { "state", J_TEXT },
	{ "records", J_INT }, { "first", J_TIME }, { "last", J_TIME },
	{ "source_id", J_INT }, { "record_id", J_INT }, { "detail", J_TEXT },
	{ "meaning", J_TEXT },
};
static const struct jcol context_cols[] = {
	{ "key", J_TEXT }, { "value", J_TEXT }, { "source", J_TEXT },
};
static const struct jcol hit_cols[] = {
	{ "id", J_INT }, { "indicator_type", J_TEXT }, { "indicator", J_TEXT },
	{ "normalized", J_TEXT }, { "field", J_TEXT }, { "matched", J_TEXT },
	{ "record_id", J_INT }, { "record_type", J_TEXT }, { "locator", J_TEXT },
	{ "first_time", J_TIME }, { "indicator_source", J_TEXT },
	{ "line", J_INT }, { "comment", J_TEXT },
};
static const struct jcol rejected_cols[] = {
	{ "line", J_INT }, { "type", J_TEXT }, { "value", J_TEXT },
	{ "reason", J_TEXT }, { "source", J_TEXT },
};
static const struct jcol process_cols[] = {
	{ "id", J_INT }, { "parent_id", J_INT }, { "image", J_TEXT },
	{ "pid", J_INT }, { "command_line", J_TEXT }, { "user_name", J_TEXT },
	{ "start", J_TIME }, { "end", J_TIME }, { "start_record_id", J_INT },
	{ "origin", J_TEXT }, { "cited", J_BOOL }, { "process_guid", J_TEXT },
	{ "parent_basis", J_TEXT }, { "parent_confidence", J_TEXT },
};
static const struct jcol warning_cols[] = {
	{ "source_id", J_INT }, { "source", J_TEXT }, { "offset", J_INT },
	{ "parser", J_TEXT }, { "message", J_TEXT },
};
static const struct jcol parser_cols[] = {
	{ "parser", J_TEXT }, { "sources", J_INT }, { "ok", J_INT },
	{ "partial", J_INT }, { "failed", J_INT }, { "other", J_INT },
};

static const struct {
	const char *key;
	const char *sql;
} counts[] = {
	{ "timeline_events", "SELECT count(*) FROM event" },
	{ "records", "SELECT count(*) FROM record" },
	{ "files", "SELECT count(*) FROM file" },
	{ "deleted_files", "SELECT count(*) FROM file WHERE allocated = 0" },
	{ "evtx_records", "SELECT count(*) FROM evtx" },
	{ "usn_records", "SELECT count(*) FROM usn" },
	{ "prefetch_files", "SELECT count(*) FROM prefetch" },
	{ "indicators_valid", "SELECT count(*) FROM indicator WHERE valid = 1" },
	{ "indicators_rejected", "SELECT count(*) FROM indicator WHERE valid = 0" },
	{ "indicators_without_hits", "SELECT count(*) FROM indicator i WHERE "
	    "valid = 1 AND NOT EXISTS (SELECT 1 FROM indicator_hit h WHERE "
	    "h.indicator_id = i.id)" },
	{ "indicator_hits", "SELECT count(*) FROM indicator_hit" },
	{ "findings", "SELECT count(*) FROM finding" },
	{ "warnings", "SELECT count(*) FROM warning" },
	{ "sources", "SELECT count(*) FROM source" },
	{ "incomplete_sources", "SELECT count(*) FROM source WHERE status IN "
	    "('pending', 'interrupted', 'failed')" },
};

static void
header(struct json *j)
{
	char iso[CT_TIME_ISO_LEN];
	char *v;
	size_t i;

	ct_buf_addf(j->b, "{\n  \"format\": %d,\n  \"generator\": \"casetrail "
	    CT_VERSION "\",\n  \"generated_at\": \"%s\",\n  \"case\": ",
	    JSON_REPORT_FORMAT, ct_time_iso(rp_report_time(), iso));
	str(j, j->c->path, strlen(j->c->path));
	ct_buf_addf(j->b, ",\n  \"schema_version\": %lld,\n  \"case_created_by\": ",
	    (long long)count(j, "PRAGMA user_version"));
	v = ct_case_meta_get(j->c, "created_by");
	if (v)
		str(j, v, strlen(v));
	else
		raw(j, "null");
	free(v);
	raw(j, ",\n  \"time_range\": ");
	if (count(j, "SELECT count(*) FROM event")) {
		int64_t lo = count(j, "SELECT min(ts) FROM event");
		int64_t hi = count(j, "SELECT max(ts) FROM event");

		raw(j, "{\"first\": ");
		time_val(j, lo);
		raw(j, ", \"last\": ");
		time_val(j, hi);
		ct_buf_addf(j->b, ", \"first_ticks\": %lld, \"last_ticks\": %lld}",
		    (long long)lo, (long long)hi);
	} else {
		raw(j, "null");
	}
	raw(j, ",\n  \"counts\": {");
	for (i = 0; i < CT_ARRAY_SIZE(counts); i++)
		ct_buf_addf(j->b, "%s\n    \"%s\": %lld", i ? "," : "",
		    counts[i].key, (long long)count(j, counts[i].sql));
	ct_buf_addf(j->b, "\n  },\n  \"limits\": {\"window_ticks\": %lld, "
	    "\"window_rows\": %d, \"timeline_rows\": %d, \"hits\": %d, "
	    "\"warnings\": %d, "
	    "\"records\": %d, \"records_over_limit\": %lld}",
	    (long long)CT_REPORT_WINDOW_TICKS, CT_REPORT_WINDOW_ROWS,
	    CT_REPORT_TIMELINE_ROWS, CT_REPORT_MAX_HITS, CT_REPORT_MAX_WARNINGS, CT_REPORT_MAX_RECORDS,
	    (long long)j->rs.dropped);
}

/* The record ids of the current row's evidence, from ev bound to id. */
static void
id_list(struct json *j, sqlite3_stmt *ev, int64_t id, int with_role)
{
	int first = 1;

	sqlite3_reset(ev);
	sqlite3_bind_int64(ev, 1, id);
	raw(j, "[");
	while (sqlite3_step(ev) == SQLITE_ROW) {
		if (!first)
			raw(j, ", ");
		first = 0;
		if (with_role) {
			raw(j, "{\"record_id\": ");
			col(j, ev, 0, J_INT);
			raw(j, ", \"role\": ");
			col(j, ev, 1, J_TEXT);
			raw(j, "}");
		} else {
			col(j, ev, 0, J_INT);
		}
	}
	raw(j, "]");
}

static void
narrative(struct json *j)
{
	static const struct jcol cols[] = {
		{ "id", J_INT }, { "chain_id", J_INT }, { "seq", J_INT },
		{ "time", J_TIME }, { "finding_id", J_INT }, { "text", J_TEXT },
		{ "severity", J_TEXT },
	};
	sqlite3_stmt *st = prep(j, rp_sql_narrative);
	sqlite3_stmt *ev = prep(j, rp_sql_narrative_ev);
	int first = 1;

	raw(j, ",\n  \"narrative\": [");
	while (st && ev && sqlite3_step(st) == SQLITE_ROW) {
		raw(j, first ? "\n    {" : ",\n    {");
		first = 0;
		members(j, st, cols, CT_ARRAY_SIZE(cols));
		raw(j, ", \"evidence\": ");
		id_list(j, ev, sqlite3_column_int64(st, 0), 0);
		raw(j, "}");
	}
	sqlite3_finalize(st);
	sqlite3_finalize(ev);
	raw(j, first ? "]" : "\n  ]");
}

static void
chains(struct json *j)
{
	static const struct jcol cols[] = {
		{ "id", J_INT }, { "title", J_TEXT }, { "severity", J_TEXT },
		{ "first", J_TIME }, { "last", J_TIME }, { "summary", J_TEXT },
	};
	static const struct jcol step_cols[] = {
		{ "seq", J_INT }, { "finding_id", J_INT }, { "title", J_TEXT },
		{ "severity", J_TEXT }, { "time", J_TIME }, { "attack", J_TEXT },
	};
	sqlite3_stmt *st = prep(j, rp_sql_chains);
	sqlite3_stmt *steps = prep(j, rp_sql_chain_steps);
	int first = 1, sfirst;

	raw(j, ",\n  \"chains\": [");
	while (st && steps && sqlite3_step(st) == SQLITE_ROW) {
		raw(j, first ? "\n    {" : ",\n    {");
		first = 0;
		members(j, st, cols, CT_ARRAY_SIZE(cols));
		raw(j, ", \"steps\": [");
		sqlite3_reset(steps);
		sqlite3_bind_int64(steps, 1, sqlite3_column_int64(st, 0));
		sfirst = 1;
		while (sqlite3_step(steps) == SQLITE_ROW) {
			raw(j, sfirst ? "{" : ", {");
			sfirst = 0;
			members(j, steps, step_cols, CT_ARRAY_SIZE(step_cols));
			raw(j, "}");
		}
		raw(j, "]}");
	}
	sqlite3_finalize(st);
	sqlite3_finalize(steps);
	raw(j, first ? "]" : "\n  ]");
}

static void
findings(struct json *j)
{
	static const struct jcol cols[] = {
		{ "id", J_INT }, { "rule", J_TEXT }, { "severity", J_TEXT },
		{ "confidence", J_TEXT }, { "first", J_TIME }, { "last", J_TIME },
		{ "title", J_TEXT }, { "description", J_TEXT }, { NULL, J_TEXT },
		{ NULL, J_TEXT }, { "author", J_TEXT }, { "license", J_TEXT },
	};
	sqlite3_stmt *st = prep(j, rp_sql_findings);
	sqlite3_stmt *ev = prep(j, rp_sql_finding_ev);
	int first = 1;

	raw(j, ",\n  \"findings\": [");
	while (st && ev && sqlite3_step(st) == SQLITE_ROW) {
		const char *a = ct_sql_text(st, 8);
		int afirst = 1;

		raw(j, first ? "\n    {" : ",\n    {");
		first = 0;
		members(j, st, cols, CT_ARRAY_SIZE(cols));
		/* "T1059.001, T1105" becomes ["T1059.001", "T1105"]. */
		raw(j, ", \"attack\": [");
		while (*a) {
			size_t n = strcspn(a, ", ");

			if (n) {
				if (!afirst)
					raw(j, ", ");
				afirst = 0;
				str(j, a, n);
			}
			a += n;
			a += strspn(a, ", ");
		}
		raw(j, "], \"details\": ");
		json_col(j, st, 9);
		raw(j, ", \"evidence\": ");
		id_list(j, ev, sqlite3_column_int64(st, 0), 1);
		raw(j, "}");
		rp_out_flush(j->o, 0);
	}
	sqlite3_finalize(st);
	sqlite3_finalize(ev);
	raw(j, first ? "]" : "\n  ]");
}

/*
 * The Sigma rules that fired, each with its author and licence (DRL 1.1
 * asks for the author wherever a match is shown), and the run.
 */
static void
sigma(struct json *j)
{
	static const struct jcol cols[] = {
		{ "rule", J_TEXT }, { "id", J_TEXT }, { "title", J_TEXT },
		{ "level", J_TEXT }, { "author", J_TEXT }, { "license", J_TEXT },
		{ "status", J_TEXT }, { NULL, J_TEXT }, { NULL, J_TEXT },
		{ "matches", J_INT }, { NULL, J_INT }, { "first", J_TIME },
		{ "last", J_TIME }, { "description", J_TEXT },
	};
	sqlite3_stmt *run = prep(j, rp_sql_sigma_run);
	sqlite3_stmt *st = prep(j, rp_sql_sigma_rules);
	sqlite3_stmt *fs = prep(j, rp_sql_sigma_findings);
	int first = 1;

	raw(j, ",\n  \"sigma\": {\"run\": ");
	if (run && sqlite3_step(run) == SQLITE_ROW)
		json_col(j, run, 0);
	else
		raw(j, "null");
	raw(j, ", \"rules\": [");
	while (st && fs && sqlite3_step(st) == SQLITE_ROW) {
		int ffirst = 1;

		raw(j, first ? "\n    {" : ",\n    {");
		first = 0;
		members(j, st, cols, CT_ARRAY_SIZE(cols));
		raw(j, ", \"references\": ");
		json_col(j, st, 7);
		raw(j, ", \"falsepositives\": ");
		json_col(j, st, 8);
		raw(j, ", \"findings\": [");
		sqlite3_reset(fs);
		sqlite3_bind_value(fs, 1, sqlite3_column_value(st, 0));
		while (sqlite3_step(fs) == SQLITE_ROW) {
			ct_buf_addf(j->b, "%s%lld", ffirst ? "" : ", ",
			    (long long)sqlite3_column_int64(fs, 0));
			ffirst = 0;
		}
		raw(j, "]}");
		rp_out_flush(j->o, 0);
	}
	sqlite3_finalize(run);
	sqlite3_finalize(st);
	sqlite3_finalize(fs);
	raw(j, first ? "]}" : "\n  ]}");
}

struct detail_ctx {
	struct json *j;
	int first;
};

static void
detail(void *ctx, const char *label, size_t len, int kind, sqlite3_stmt *st,
    int c)
{
	struct detail_ctx *d = ctx;

	raw(d->j, d->first ? "{\"name\": " : ", {\"name\": ");
	d->first = 0;
	str(d->j, label, len);
	raw(d->j, ", \"value\": ");
	col(d->j, st, c, kind == RP_D_INT ? J_INT : kind == RP_D_TIME ?
	    J_TIME : J_TEXT);
	if (kind == RP_D_TIME) {
		raw(d->j, ", \"ticks\": ");
		col(d->j, st, c, J_INT);
	}
	raw(d->j, "}");
}

static void
records(struct json *j)
{
	static const struct jcol cols[] = {
		{ "id", J_INT }, { "source_id", J_INT }, { "type", J_TEXT },
		{ "locator", J_TEXT }, { "offset", J_INT }, { "flags", J_INT },
		{ "summary", J_TEXT }, { "source_path", J_TEXT },
		{ "source_sha256", J_TEXT }, { "source_kind", J_TEXT },
		{ "source_parent_id", J_INT },
	};
	sqlite3_stmt *rec = prep(j, rp_sql_record);
	sqlite3_stmt *evs = prep(j, rp_sql_record_events);
	struct ct_error err = CT_ERROR_INIT;
	struct detail_ctx d;
	size_t i;
	int first = 1, efirst;

	raw(j, ",\n  \"records\": [");
	for (i = 0; rec && evs && i < j->rs.n; i++) {
		char type[16];

		sqlite3_reset(rec);
		sqlite3_bind_int64(rec, 1, j->rs.ids[i]);
		if (sqlite3_step(rec) != SQLITE_ROW)
			continue;
		raw(j, first ? "\n    {" : ",\n    {");
		first = 0;
		members(j, rec, cols, CT_ARRAY_SIZE(cols));
		raw(j, ", \"deleted\": ");
		raw(j, sqlite3_column_int64(rec, 5) & 1 ? "true" : "false");
		raw(j, ", \"events\": [");
		sqlite3_reset(evs);
		sqlite3_bind_int64(evs, 1, j->rs.ids[i]);
		efirst = 1;
		while (sqlite3_step(evs) == SQLITE_ROW) {
			raw(j, efirst ? "{\"time\": " : ", {\"time\": ");
			efirst = 0;
			col(j, evs, 0, J_TIME);
			raw(j, ", \"ticks\": ");
			col(j, evs, 0, J_INT);
			raw(j, ", \"desc\": ");
			col(j, evs, 1, J_TEXT);
			raw(j, "}");
		}
		raw(j, "], \"details\": [");
		snprintf(type, sizeof(type), "%s", ct_sql_text(rec, 2));
		d.j = j;
		d.first = 1;
		if (rp_record_details(j->c, j->rs.ids[i], type, detail, &d,
		    &err) != CT_OK)
			j->failed = 1;
		raw(j, "]}");
		rp_out_flush(j->o, 0);
	}
	sqlite3_finalize(rec);
	sqlite3_finalize(evs);
	raw(j, first ? "]" : "\n  ]");
}

/*
 * What the HTML verdict says that the other arrays do not: the evidence's
 * plausible time range (and how many times were left out of it), and the
 * recommended next steps (next-steps.c) as plain text with the finding
 * that calls for each.
 */
static void
verdict(struct json *j)
{
	int64_t lo, hi, junk, outside;
	struct ct_buf text = CT_BUF_INIT;
	size_t i;
	int first = 1;

	raw(j, ",\n  \"verdict\": {\"plausible_range\": ");
	if (rp_plausible_range(j->c, &lo, &hi, &junk, &outside, &j->failed)) {
		raw(j, "{\"first\": ");
		time_val(j, lo);
		ct_buf_addf(j->b, ", \"first_ticks\": %lld, \"last\": ",
		    (long long)lo);
		time_val(j, hi);
		ct_buf_addf(j->b, ", \"last_ticks\": %lld, \"impossible_times\": "
		    "%lld, \"early_outliers\": %lld}", (long long)hi,
		    (long long)junk, (long long)outside);
	} else {
		raw(j, "null");
	}
	raw(j, ", \"next_steps\": [");
	for (i = 0; i < rp_n_next_steps; i++) {
		sqlite3_stmt *st = ct_sql_prepare_sticky(j->c,
		    rp_next_steps[i].why_sql, &j->failed);
		const char *f;
		int64_t why;

		if (st == NULL || sqlite3_step(st) != SQLITE_ROW ||
		    sqlite3_column_type(st, 0) == SQLITE_NULL ||
		    sqlite3_column_type(st, 1) == SQLITE_NULL) {
			sqlite3_finalize(st);
			continue;
		}
		why = sqlite3_column_int64(st, 0);
		ct_buf_reset(&text);
		for (f = rp_next_steps[i].fmt; *f; f++) {
			if (f[0] == '%' && f[1] >= '1' && f[1] <= '3') {
				size_t n;
				const char *v = ct_sql_textn(st, f[1] - '0', &n);

				ct_buf_add(&text, v, n);
				f++;
				continue;
			}
			ct_buf_addch(&text, *f);
		}
		raw(j, first ? "\n    {\"text\": " : ",\n    {\"text\": ");
		first = 0;
		str(j, text.buf, text.len);
		if (why > 0)
			ct_buf_addf(j->b, ", \"finding_id\": %lld, \"coverage\": "
			    "false}", (long long)why);
		else
			raw(j, ", \"finding_id\": null, \"coverage\": true}");
		sqlite3_finalize(st);
	}
	raw(j, first ? "]}" : "\n  ]}");
	ct_buf_release(&text);
}

enum ct_status
rp_json(struct ct_case *c, struct rp_out *o, struct ct_error *err)
{
	struct json j;
	enum ct_status rc;

	memset(&j, 0, sizeof(j));
	j.c = c;
	j.o = o;
	j.b = &o->b;
	if ((rc = rp_recset_collect(c, &j.rs, err)))
		return rc;
	header(&j);
	verdict(&j);
	rows(&j, "inventory", rp_sql_sources, source_cols,
	    CT_ARRAY_SIZE(source_cols));
	rows(&j, "context", rp_sql_context, context_cols,
	    CT_ARRAY_SIZE(context_cols));
	rows(&j, "coverage", rp_sql_coverage, coverage_cols,
	    CT_ARRAY_SIZE(coverage_cols));
	narrative(&j);
	chains(&j);
	findings(&j);
	sigma(&j);
	rows(&j, "indicator_hits", rp_sql_hits, hit_cols,
	    CT_ARRAY_SIZE(hit_cols));
	rows(&j, "rejected_indicators", rp_sql_rejected, rejected_cols,
	    CT_ARRAY_SIZE(rejected_cols));
	rows(&j, "processes", rp_sql_processes, process_cols,
	    CT_ARRAY_SIZE(process_cols));
	records(&j);
	rows(&j, "parsers", rp_sql_parsers, parser_cols,
	    CT_ARRAY_SIZE(parser_cols));
	rows(&j, "warnings", rp_sql_warnings, warning_cols,
	    CT_ARRAY_SIZE(warning_cols));
	raw(&j, "\n}\n");
	rp_recset_release(&j.rs);
	if (j.failed)
		return ct_case_db_error(err, c->db, c->path, "cannot read the case");
	return CT_OK;
}
