/*
 * export.c - the timeline exports: CSV (RFC 4180, with a header), JSONL
 * (one JSON object per event), TSK bodyfile (the TSK 3.x "body" format
 * that mactime(1) reads) and Timesketch JSONL (the "message", "datetime",
 * "timestamp", "timestamp_desc" fields of Timesketch's import guide, plus
 * casetrail's fields).
 *
 * Rows are streamed from one query in time order; nothing is held in
 * memory but the current row. Every filter value is bound, never spliced.
 *
 * An event of a record that Sigma findings cite carries those rules: ids
 * (sigma:<id>), authors and licences ("; " between rules), because the
 * rules' licence (DRL 1.1) asks for the author wherever a match is shown.
 * The bodyfile has no column for them.
 */
#include "compat.h"

#include <errno.h>

#include "buf.h"
#include "report.h"
#include "report-int.h"
#include "timefmt.h"

static const struct {
	const char *name;
	enum ct_export_format format;
} formats[] = {
	{ "csv", CT_EXPORT_CSV },
	{ "jsonl", CT_EXPORT_JSONL },
	{ "bodyfile", CT_EXPORT_BODYFILE },
	{ "body", CT_EXPORT_BODYFILE },
	{ "timesketch", CT_EXPORT_TIMESKETCH },
};

static const struct {
	const char *name;
	unsigned bit;
} types[] = {
	{ "file", CT_EXPORT_TYPE_FILE },
	{ "evtx", CT_EXPORT_TYPE_EVTX },
	{ "usn", CT_EXPORT_TYPE_USN },
	{ "prefetch", CT_EXPORT_TYPE_PREFETCH },
	{ "evt", CT_EXPORT_TYPE_EVT },
	{ "regkey", CT_EXPORT_TYPE_REGKEY },
	{ "artefact", CT_EXPORT_TYPE_ARTEFACT },
};

int
ct_export_format_parse(const char *name, enum ct_export_format *f)
{
	size_t i;

	for (i = 0; i < CT_ARRAY_SIZE(formats); i++)
		if (strcmp(name, formats[i].name) == 0) {
			*f = formats[i].format;
			return 0;
		}
	return -1;
}

int
ct_export_types_parse(const char *list, unsigned *mask)
{
	const char *p = list;
	size_t i, n;

	*mask = 0;
	while (*p) {
		n = strcspn(p, ",");
		for (i = 0; i < CT_ARRAY_SIZE(types); i++)
			if (strlen(types[i].name) == n &&
			    strncmp(p, types[i].name, n) == 0)
				break;
		if (i == CT_ARRAY_SIZE(types))
			return -1;
		*mask |= types[i].bit;
		p += n;
		if (*p == ',')
			p++;
	}
	return *mask ? 0 : -1;
}

/* Columns of the event query, in this order. */
enum {
	C_EVENT, C_TS, C_DESC, C_TYPE, C_SUMMARY, C_RECORD, C_LOCATOR,
	C_OFFSET, C_FLAGS, C_SOURCE, C_SPATH, C_SSHA, C_EVID, C_CHANNEL,
	C_COMPUTER, C_FPATH, C_INODE, C_SIZE, C_FSHA, C_SIGMA, C_SIGMA_AUTHOR,
	C_SIGMA_LICENCE, C_NCOLS
};

static const char *const col_names[C_NCOLS] = {
	"event_id", "ticks", "ts_desc", "type", "summary", "record_id",
	"locator", "offset", "flags", "source_id", "source_path",
	"source_sha256", "evtx_event_id", "channel", "computer", "path",
	"inode", "size", "sha256", "sigma_rules", "sigma_authors",
	"sigma_licenses",
};

/* "AND ..." filters shared by the queries; parameters ?1.. follow o. */
static void
add_filters(struct ct_buf *sql, const struct ct_export_opts *o,
    const char *ts_col, int with_evid)
{
	size_t i;
	int n;

	if (o->has_from)
		ct_buf_addf(sql, " AND %s >= ?1", ts_col);
	if (o->has_to)
		ct_buf_addf(sql, " AND %s <= ?2", ts_col);
	if (o->types) {
		ct_buf_adds(sql, " AND r.type IN (");
		for (i = 0, n = 0; i < CT_ARRAY_SIZE(types); i++)
			if (o->types & types[i].bit)
				ct_buf_addf(sql, "%s'%s'", n++ ? ", " : "",
				    types[i].name);
		ct_buf_adds(sql, ")");
	}
	if (with_evid && o->n_event_ids) {
		ct_buf_adds(sql, " AND x.event_id IN (");
		for (n = 0; n < o->n_event_ids; n++)
			ct_buf_addf(sql, "%s?%d", n ? ", " : "", 3 + n);
		ct_buf_adds(sql, ")");
	}
}

static void
bind_filters(sqlite3_stmt *st, const struct ct_export_opts *o)
{
	int n;

	if (o->has_from)
		sqlite3_bind_int64(st, 1, o->from);
	if (o->has_to)
		sqlite3_bind_int64(st, 2, o->to);
	for (n = 0; n < o->n_event_ids; n++)
		sqlite3_bind_int(st, 3 + n, o->event_ids[n]);
}

static void
csv_field(struct ct_buf *b, const char *s, size_t n)
{
	size_t i;

	ct_buf_addch(b, '"');
	/*
	 * A cell starting with = + - @ is a formula to Excel and LibreOffice
	 * ("CSV injection", OWASP): a leading ' keeps it text.
	 */
	if (n && strchr("=+-@\t\r", s[0]))
		ct_buf_addch(b, '\'');
	for (i = 0; i < n; i++) {
		if (s[i] == '"')
			ct_buf_addch(b, '"');
		ct_buf_addch(b, s[i]);
	}
	ct_buf_addch(b, '"');
}

static void
csv_row(struct ct_buf *b, sqlite3_stmt *st)
{
	char iso[CT_TIME_ISO_LEN];
	struct ct_buf clean = CT_BUF_INIT;
	int i;

	ct_buf_adds(b, ct_time_iso(sqlite3_column_int64(st, C_TS), iso));
	for (i = 0; i < C_NCOLS; i++) {
		size_t n;
		const char *s = ct_sql_textn(st, i, &n);

		ct_buf_addch(b, ',');
		if (sqlite3_column_type(st, i) == SQLITE_NULL)
			continue;
		if (sqlite3_column_type(st, i) == SQLITE_INTEGER) {
			ct_buf_add(b, s, n);
			continue;
		}
		ct_buf_reset(&clean);
		ct_buf_add_utf8_clean(&clean, s, n);
		csv_field(b, clean.buf, clean.len);
	}
	ct_buf_adds(b, "\r\n");
	ct_buf_release(&clean);
}

static void
json_member(struct ct_buf *b, sqlite3_stmt *st, int i, const char *name)
{
	size_t n;
	const char *s;

	if (sqlite3_column_type(st, i) == SQLITE_NULL)
		return;
	ct_buf_addf(b, ", \"%s\": ", name);
	if (sqlite3_column_type(st, i) == SQLITE_INTEGER) {
		ct_buf_addf(b, "%lld", (long long)sqlite3_column_int64(st, i));
		return;
	}
	s = ct_sql_textn(st, i, &n);
	ct_buf_addch(b, '"');
	ct_buf_add_json_str(b, s, n);
	ct_buf_addch(b, '"');
}

static void
jsonl_row(struct ct_buf *b, sqlite3_stmt *st)
{
	char iso[CT_TIME_ISO_LEN];
	int i;

	ct_buf_addf(b, "{\"time\": \"%s\"",
	    ct_time_iso(sqlite3_column_int64(st, C_TS), iso));
	for (i = 0; i < C_NCOLS; i++)
		json_member(b, st, i, col_names[i]);
	ct_buf_addf(b, ", \"deleted\": %s}\n",
	    sqlite3_column_int64(st, C_FLAGS) & 1 ? "true" : "false");
}

/*
 * Timesketch wants microseconds since 1970 in "timestamp" and an ISO 8601
 * "datetime"; both are truncated to the microsecond, and the exact time
 * stays in "casetrail_ticks".
 */
static void
timesketch_row(struct ct_buf *b, sqlite3_stmt *st)
{
	int64_t ticks = sqlite3_column_int64(st, C_TS);
	int64_t secs = ct_time_to_unix(ticks);
	int64_t rem = ticks - CT_UNIX_EPOCH_TICKS - secs * CT_TICKS_PER_SEC;
	char iso[CT_TIME_ISO_LEN];
	size_t n;
	const char *s;
	int i;

	ct_time_iso(ticks, iso);
	ct_buf_adds(b, "{\"message\": \"");
	s = ct_sql_textn(st, C_SUMMARY, &n);
	ct_buf_add_json_str(b, s, n);
	if (strncmp(iso, "invalid", 7) == 0)
		ct_buf_addf(b, "\", \"datetime\": \"%s\"", iso);
	else
		ct_buf_addf(b, "\", \"datetime\": \"%.26s+00:00\"", iso);
	ct_buf_addf(b, ", \"timestamp\": %lld, \"timestamp_desc\": \"",
	    (long long)(secs * 1000000 + rem / 10));
	s = ct_sql_textn(st, C_DESC, &n);
	ct_buf_add_json_str(b, s, n);
	ct_buf_adds(b, "\", \"data_type\": \"casetrail:");
	s = ct_sql_textn(st, C_TYPE, &n);
	ct_buf_add_json_str(b, s, n);
	ct_buf_addf(b, "\", \"casetrail_ticks\": %lld", (long long)ticks);
	for (i = C_RECORD; i < C_NCOLS; i++)
		json_member(b, st, i, col_names[i]);
	ct_buf_adds(b, "}\n");
}

/*
 * A bodyfile name. mactime splits lines on | and decodes %XX, so | and %
 * are written %7C and %25 (and come back as they were); control
 * characters, bidi controls and invalid UTF-8 are shown as \xNN or
 * \u{NNNN} (ct_buf_add_printable), because mactime drops names with a
 * line break and would print the others raw to the analyst's terminal.
 */
static void
body_name(struct ct_buf *b, const char *s, size_t n)
{
	struct ct_buf tmp = CT_BUF_INIT, vis = CT_BUF_INIT;
	size_t i;

	ct_buf_add(&tmp, s, n);		/* NUL-terminated copy */
	ct_buf_add_printable(&vis, tmp.buf);
	for (i = 0; i < vis.len; i++) {
		char c = vis.buf[i];

		if (c == '|' || c == '%')
			ct_buf_addf(b, "%%%02X", (unsigned char)c);
		else
			ct_buf_addch(b, c);
	}
	ct_buf_release(&tmp);
	ct_buf_release(&vis);
}

/* Seconds since 1970 with 7 fractional digits, or 0 for no time. */
static void
body_time(struct ct_buf *b, sqlite3_stmt *st, int i)
{
	int64_t ticks, secs, rem;

	ct_buf_addch(b, '|');
	if (sqlite3_column_type(st, i) == SQLITE_NULL ||
	    (ticks = sqlite3_column_int64(st, i)) <= 0) {
		ct_buf_addch(b, '0');
		return;
	}
	secs = ct_time_to_unix(ticks);
	rem = ticks - CT_UNIX_EPOCH_TICKS - secs * CT_TICKS_PER_SEC;
	ct_buf_addf(b, "%lld.%07lld", (long long)secs, (long long)rem);
}

/* One event of a record that is not a file: its time in all four columns. */
static void
body_event_row(struct ct_buf *b, sqlite3_stmt *st)
{
	size_t n;
	const char *s;
	int k;

	ct_buf_adds(b, "0|[");
	s = ct_sql_textn(st, C_TYPE, &n);
	body_name(b, s, n);
	ct_buf_adds(b, "] ");
	s = ct_sql_textn(st, C_SUMMARY, &n);
	body_name(b, s, n);
	ct_buf_adds(b, " [");
	s = ct_sql_textn(st, C_DESC, &n);
	body_name(b, s, n);
	ct_buf_addf(b, "] (record %lld, ", (long long)sqlite3_column_int64(st,
	    C_RECORD));
	s = ct_sql_textn(st, C_LOCATOR, &n);
	body_name(b, s, n);
	ct_buf_adds(b, ")|0|-/----------|0|0|0");
	for (k = 0; k < 4; k++)
		body_time(b, st, C_TS);
	ct_buf_addch(b, '\n');
}

static const char event_sql[] =
    "SELECT e.id, e.ts, e.ts_desc, r.type, r.summary, r.id, r.locator, "
    "r.offset, r.flags, s.id, s.path, s.sha256, x.event_id, x.channel, "
    "x.computer, f.path, f.inode, f.size, f.sha256, "
    "sg.rules, sg.authors, sg.licences "
    "FROM event e JOIN record r ON r.id = e.record_id "
    "JOIN source s ON s.id = r.source_id "
    "LEFT JOIN evtx x ON x.record_id = r.id "
    "LEFT JOIN file f ON f.record_id = r.id "
    /* the Sigma rules whose findings cite the record, in rule order */
    "LEFT JOIN (SELECT record_id, group_concat(rule, '; ') AS rules, "
    " group_concat(coalesce(author, ''), '; ') AS authors, "
    " group_concat(coalesce(licence, 'unknown'), '; ') AS licences FROM "
    " (SELECT DISTINCT fe.record_id, f.rule, "
    "  json_extract(f.details, '$.author') AS author, "
    "  json_extract(f.details, '$.license') AS licence "
    "  FROM finding_evidence fe JOIN finding f ON f.id = fe.finding_id "
    "  WHERE f.rule LIKE 'sigma:%' AND json_valid(f.details) "
    "  ORDER BY fe.record_id, f.rule) GROUP BY record_id) sg "
    "ON sg.record_id = r.id WHERE 1";

/*
 * Files for the bodyfile: one line of $STANDARD_INFORMATION times and,
 * when known, one of $FILE_NAME times (as fls -m does), for every file
 * with an event inside the time range.
 */
static const char body_file_sql[] =
    "SELECT f.md5, f.path, f.inode, f.seq, f.type, f.size, "
    "f.si_atime, f.si_mtime, f.si_ctime, f.si_crtime, "
    "f.fn_atime, f.fn_mtime, f.fn_ctime, f.fn_crtime, f.allocated "
    "FROM file f JOIN record r ON r.id = f.record_id WHERE 1";

static void
body_file_row(struct ct_buf *b, sqlite3_stmt *st, int fn)
{
	const char *type = ct_sql_text(st, 4);
	const char *mode = strcmp(type, "dir") == 0 ? "d/drwxrwxrwx" :
	    strcmp(type, "link") == 0 ? "l/lrwxrwxrwx" : "r/rrwxrwxrwx";
	size_t n;
	const char *s;
	int k, base = fn ? 10 : 6;

	s = ct_sql_textn(st, 0, &n);
	if (n)
		body_name(b, s, n);
	else
		ct_buf_addch(b, '0');
	ct_buf_addch(b, '|');
	s = ct_sql_textn(st, 1, &n);
	body_name(b, s, n);
	if (fn)
		ct_buf_adds(b, " ($FILE_NAME)");
	if (sqlite3_column_int64(st, 14) == 0)
		ct_buf_adds(b, " (deleted)");
	ct_buf_addf(b, "|%lld", (long long)sqlite3_column_int64(st, 2));
	if (sqlite3_column_type(st, 3) != SQLITE_NULL)
		ct_buf_addf(b, "-128-%lld", (long long)sqlite3_column_int64(st, 3));
	ct_buf_addf(b, "|%s|0|0|%lld", mode,
	    (long long)sqlite3_column_int64(st, 5));
	for (k = 0; k < 4; k++)
		body_time(b, st, base + k);
	ct_buf_addch(b, '\n');
}

static enum ct_status
emit(struct ct_buf *b, FILE *out, const char *what, struct ct_error *err)
{
	if (b->len && fwrite(b->buf, 1, b->len, out) != b->len)
		return ct_error_set(err, CT_ERR_IO, what, CT_NO_OFFSET,
		    "cannot write the export: %s", strerror(errno));
	ct_buf_reset(b);
	return CT_OK;
}

static enum ct_status
body_files(struct ct_case *c, const struct ct_export_opts *o, FILE *out,
    struct ct_buf *b, struct ct_error *err)
{
	struct ct_buf sql = CT_BUF_INIT;
	sqlite3_stmt *st;
	enum ct_status rc;
	int step;

	ct_buf_adds(&sql, body_file_sql);
	if (o->has_from || o->has_to) {
		ct_buf_adds(&sql, " AND EXISTS (SELECT 1 FROM event e WHERE "
		    "e.record_id = r.id");
		add_filters(&sql, o, "e.ts", 0);
		ct_buf_adds(&sql, ")");
	}
	ct_buf_adds(&sql, " ORDER BY r.id");
	rc = ct_case_prepare(c, sql.buf, &st, err);
	ct_buf_release(&sql);
	if (rc)
		return rc;
	bind_filters(st, o);
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		body_file_row(b, st, 0);
		if (sqlite3_column_type(st, 10) != SQLITE_NULL ||
		    sqlite3_column_type(st, 13) != SQLITE_NULL)
			body_file_row(b, st, 1);
		if (b->len > 65536 && (rc = emit(b, out, "output", err)))
			break;
	}
	sqlite3_finalize(st);
	if (rc == CT_OK && step != SQLITE_DONE)
		rc = ct_case_db_error(err, c->db, c->path, "cannot read the timeline");
	return rc;
}

enum ct_status
ct_export_write(struct ct_case *c, const struct ct_export_opts *o, FILE *out,
    struct ct_error *err)
{
	struct ct_buf sql = CT_BUF_INIT, b = CT_BUF_INIT;
	struct ct_export_opts eo = *o;
	sqlite3_stmt *st;
	enum ct_status rc = CT_OK;
	int step, i;

	if (o->n_event_ids)
		/* event ids are those of event logs, new and legacy */
		eo.types = CT_EXPORT_TYPE_EVTX | CT_EXPORT_TYPE_EVT;
	if (o->format == CT_EXPORT_BODYFILE) {
		/* Files as files (four times a line), the rest as events. */
		if (eo.types == 0 || (eo.types & CT_EXPORT_TYPE_FILE))
			if ((rc = body_files(c, &eo, out, &b, err)))
				goto out;
		eo.types = (eo.types ? eo.types : CT_EXPORT_TYPE_ALL) &
		    ~(unsigned)CT_EXPORT_TYPE_FILE;
		if (eo.types == 0)
			goto out;
	}
	ct_buf_adds(&sql, event_sql);
	add_filters(&sql, &eo, "e.ts", 1);
	ct_buf_adds(&sql, " ORDER BY e.ts, e.id");
	if ((rc = ct_case_prepare(c, sql.buf, &st, err)))
		goto out;
	bind_filters(st, &eo);
	if (o->format == CT_EXPORT_CSV) {
		ct_buf_adds(&b, "time");
		for (i = 0; i < C_NCOLS; i++)
			ct_buf_addf(&b, ",%s", col_names[i]);
		ct_buf_adds(&b, "\r\n");
	}
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		switch (o->format) {
		case CT_EXPORT_CSV: csv_row(&b, st); break;
		case CT_EXPORT_JSONL: jsonl_row(&b, st); break;
		case CT_EXPORT_TIMESKETCH: timesketch_row(&b, st); break;
		case CT_EXPORT_BODYFILE: body_event_row(&b, st); break;
		}
		if (b.len > 65536 && (rc = emit(&b, out, "output", err)))
			break;
	}
	sqlite3_finalize(st);
	if (rc == CT_OK && step != SQLITE_DONE)
		rc = ct_case_db_error(err, c->db, c->path, "cannot read the timeline");
out:
	if (rc == CT_OK)
		rc = emit(&b, out, "output", err);
	if (rc == CT_OK && fflush(out) != 0)
		rc = ct_error_set(err, CT_ERR_IO, "output", CT_NO_OFFSET,
		    "cannot write the export: %s", strerror(errno));
	ct_buf_release(&sql);
	ct_buf_release(&b);
	return rc;
}
