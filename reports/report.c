/*
 * report.c - ct_report_write(): pick the writer, write to a temporary file
 * and rename it into place; plus what both writers share: the SQL of each
 * section, the set of cited records and the chart's time range.
 *
 * Everything here only reads the case file (doc/schema.md). Queries are
 * ordered on unique keys so the same case gives the same report.
 */
#include "compat.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "outfile.h"
#include "report.h"
#include "report-int.h"
#include "timefmt.h"
#include "xalloc.h"

/* Inventory: one row per source, with its number of warnings. */
const char rp_sql_sources[] =
    "SELECT s.id, s.parent_id, s.kind, s.path, s.locator, s.size, s.md5, "
    "s.sha1, s.sha256, s.status, s.parser, s.note, "
    "(SELECT count(*) FROM warning w WHERE w.source_id = s.id) "
    "FROM source s ORDER BY s.id LIMIT 5000";

const char rp_sql_narrative[] =
    "SELECT n.id, n.chain_id, n.seq, n.ts, n.finding_id, n.text, f.severity "
    "FROM narrative n LEFT JOIN finding f ON f.id = n.finding_id "
    "ORDER BY n.chain_id IS NULL, n.chain_id, n.seq, n.id";

const char rp_sql_narrative_ev[] =
    "SELECT record_id FROM narrative_evidence WHERE narrative_id = ? "
    "ORDER BY record_id";

const char rp_sql_chains[] =
    "SELECT id, title, severity, first_ts, last_ts, summary FROM chain "
    "ORDER BY first_ts, id";

const char rp_sql_chain_steps[] =
    "SELECT cs.seq, f.id, f.title, f.severity, f.first_ts, f.attack "
    "FROM chain_step cs JOIN finding f ON f.id = cs.finding_id "
    "WHERE cs.chain_id = ? ORDER BY cs.seq";

/* Most severe first, then in time order. */
const char rp_sql_findings[] =
    "SELECT id, rule, severity, confidence, first_ts, last_ts, title, "
    "description, attack, "
    "CASE WHEN json_valid(details) THEN json(details) END, "
    "CASE WHEN rule LIKE 'sigma:%' AND json_valid(details) THEN "
    " json_extract(details, '$.author') END, "
    "CASE WHEN rule LIKE 'sigma:%' AND json_valid(details) THEN "
    " json_extract(details, '$.license') END "
    "FROM finding ORDER BY CASE severity "
    "WHEN 'critical' THEN 0 WHEN 'high' THEN 1 WHEN 'medium' THEN 2 "
    "WHEN 'low' THEN 3 ELSE 4 END, first_ts, id";

/*
 * The Sigma rules that fired (analysis/sigma-step.c writes their metadata
 * into each finding's details): most severe first, then by title. The
 * lists (references, false positives) are JSON arrays, or NULL.
 */
const char rp_sql_sigma_rules[] =
    "SELECT rule, json_extract(details, '$.id'),"
    " json_extract(details, '$.title'), json_extract(details, '$.level'),"
    " json_extract(details, '$.author'), json_extract(details, '$.license'),"
    " json_extract(details, '$.status'),"
    " CASE WHEN json_type(details, '$.references') = 'array' AND"
    "  json_array_length(details, '$.references') > 0 THEN"
    "  json_extract(details, '$.references') END,"
    " CASE WHEN json_type(details, '$.falsepositives') = 'array' AND"
    "  json_array_length(details, '$.falsepositives') > 0 THEN"
    "  json_extract(details, '$.falsepositives') END,"
    " sum(json_extract(details, '$.matches')), count(*), min(first_ts),"
    " max(last_ts), json_extract(details, '$.description') "
    "FROM finding WHERE rule LIKE 'sigma:%' AND json_valid(details) "
    "GROUP BY rule ORDER BY min(CASE severity WHEN 'critical' THEN 0"
    " WHEN 'high' THEN 1 WHEN 'medium' THEN 2 WHEN 'low' THEN 3 ELSE 4 END),"
    " 3, 1";

/* The findings of one Sigma rule (?1: its finding rule, sigma:<id>). */
const char rp_sql_sigma_findings[] =
    "SELECT id, severity, first_ts, json_extract(details, '$.host'),"
    " json_extract(details, '$.matches'), title FROM finding"
    " WHERE rule = ?1 AND json_valid(details) ORDER BY first_ts, id";

/* The members of a JSON array or object (?1), in document order. */
const char rp_sql_json_items[] =
    "SELECT key, value, type FROM json_each(?1)";

/* The last Sigma run (meta analysis.sigma; doc/schema.md). */
const char rp_sql_sigma_run[] =
    "SELECT json(value), json_extract(value, '$.rules_loaded'),"
    " json_extract(value, '$.rules_skipped'),"
    " json_extract(value, '$.records_scanned'),"
    " json_extract(value, '$.hits'), json_extract(value, '$.rules_fired'),"
    " json_extract(value, '$.findings'),"
    " CASE json_type(value, '$.paths') WHEN 'array' THEN"
    "  json_extract(value, '$.paths') END,"
    " CASE json_type(value, '$.skipped_by_reason') WHEN 'object' THEN"
    "  json_extract(value, '$.skipped_by_reason') END "
    "FROM meta WHERE key = 'analysis.sigma' AND json_valid(value)";

const char rp_sql_finding_ev[] =
    "SELECT record_id, role FROM finding_evidence WHERE finding_id = ? "
    "ORDER BY record_id";

const char rp_sql_hits[] =
    "SELECT h.id, i.type, i.value, i.normalized, h.field, h.matched, "
    "h.record_id, r.type, r.locator, "
    "(SELECT min(e.ts) FROM event e WHERE e.record_id = h.record_id), "
    "s.path, i.line, i.comment "
    "FROM indicator_hit h JOIN indicator i ON i.id = h.indicator_id "
    "JOIN record r ON r.id = h.record_id JOIN source s ON s.id = i.source_id "
    "ORDER BY i.type, i.normalized, h.record_id, h.id LIMIT 1000";

const char rp_sql_rejected[] =
    "SELECT i.line, i.type, i.value, i.reason, s.path FROM indicator i "
    "JOIN source s ON s.id = i.source_id WHERE i.valid = 0 "
    "ORDER BY s.id, i.line, i.id LIMIT 500";

const char rp_sql_context[] =
    "SELECT c.key, c.value, s.path FROM case_context c "
    "JOIN source s ON s.id = c.source_id ORDER BY c.source_id, c.id";

/*
 * The processes of the story: those whose start or end record a finding of
 * an attack chain cites (any finding when there is no chain), their
 * ancestors and their descendants. UNION (not UNION ALL) ends the
 * recursion even if parent links form a loop.
 */
const char rp_sql_processes[] =
    "WITH RECURSIVE cited(rid) AS (SELECT record_id FROM finding_evidence "
    "WHERE finding_id IN (SELECT finding_id FROM chain_step) OR NOT EXISTS "
    "(SELECT 1 FROM chain_step)), "
    "seed(id) AS (SELECT p.id FROM process p WHERE p.start_record_id IN "
    "(SELECT rid FROM cited) OR p.end_record_id IN (SELECT rid FROM cited)), "
    "anc(id) AS (SELECT id FROM seed UNION SELECT p.parent_id FROM process p "
    "JOIN anc ON p.id = anc.id WHERE p.parent_id IS NOT NULL), "
    "des(id) AS (SELECT id FROM seed UNION SELECT p.id FROM process p "
    "JOIN des ON p.parent_id = des.id) "
    "SELECT p.id, p.parent_id, p.image, p.pid, p.command_line, p.user_name, "
    "p.start_ts, p.end_ts, p.start_record_id, p.origin, "
    "p.id IN (SELECT id FROM seed), p.process_guid, p.parent_basis, "
    "p.parent_confidence FROM process p "
    "WHERE p.id IN (SELECT id FROM anc UNION SELECT id FROM des) "
    "ORDER BY p.start_ts, p.id LIMIT 1000";

const char rp_sql_record[] =
    "SELECT r.id, r.source_id, r.type, r.locator, r.offset, r.flags, "
    "r.summary, s.path, s.sha256, s.kind, s.parent_id FROM record r "
    "JOIN source s ON s.id = r.source_id WHERE r.id = ?";

const char rp_sql_record_events[] =
    "SELECT ts, ts_desc FROM event WHERE record_id = ? ORDER BY ts, id "
    "LIMIT 32";

const char rp_sql_warnings[] =
    "SELECT w.source_id, s.path, w.offset, w.parser, w.message FROM warning w "
    "LEFT JOIN source s ON s.id = w.source_id ORDER BY w.id LIMIT 500";

/* Gaps first: what the case cannot show matters more than what it can. */
const char rp_sql_coverage[] =
    "SELECT area, evidence, state, records, first_ts, last_ts, source_id, "
    "record_id, detail, meaning FROM coverage ORDER BY CASE state WHEN "
    "'cleared' THEN 0 WHEN 'absent' THEN 1 WHEN 'partial' THEN 2 WHEN "
    "'not-collected' THEN 3 ELSE 4 END, id";

const char rp_sql_parsers[] =
    "SELECT coalesce(parser, '(none)'), count(*), "
    "sum(status = 'ok'), sum(status = 'partial'), sum(status = 'failed'), "
    "sum(status NOT IN ('ok', 'partial', 'failed')) "
    "FROM source WHERE kind <> 'ioc' GROUP BY 1 ORDER BY 1";

/* Bin number in REAL arithmetic: (ts - lo) * bins overflows int64. */
const char rp_sql_chart[] =
    "SELECT CAST((ts - ?1) * 1.0 * ?3 / (?2 - ?1 + 1) AS INTEGER), count(*) "
    "FROM event WHERE ts BETWEEN ?1 AND ?2 GROUP BY 1 ORDER BY 1";

void
rp_out_flush(struct rp_out *o, int force)
{
	if (!force && o->b.len < 65536)
		return;
	if (o->b.len && fwrite(o->b.buf, 1, o->b.len, o->fp) != o->b.len)
		o->failed = 1;
	ct_buf_reset(&o->b);
}

static int64_t
quantile(struct ct_case *c, int64_t offset, int *failed)
{
	sqlite3_stmt *st;
	int64_t v = 0;

	if (sqlite3_prepare_v2(c->db, "SELECT ts FROM event ORDER BY ts "
	    "LIMIT 1 OFFSET ?", -1, &st, NULL) != SQLITE_OK) {
		*failed = 1;
		return 0;
	}
	sqlite3_bind_int64(st, 1, offset);
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

int
rp_chart_range(struct ct_case *c, int64_t *lo, int64_t *hi, int64_t *outside,
    int *failed)
{
	int64_t n = ct_case_query_int(c, "SELECT count(*) FROM event", 0, failed);
	int64_t inside;
	sqlite3_stmt *st;

	*outside = 0;
	if (n == 0)
		return 0;
	*lo = quantile(c, n / 100, failed);
	*hi = quantile(c, n - 1 - n / 100, failed);
	if (*hi <= *lo)
		*hi = *lo + CT_TICKS_PER_SEC;
	if (sqlite3_prepare_v2(c->db, "SELECT count(*) FROM event WHERE ts "
	    "BETWEEN ? AND ?", -1, &st, NULL) != SQLITE_OK) {
		*failed = 1;
		return 1;
	}
	sqlite3_bind_int64(st, 1, *lo);
	sqlite3_bind_int64(st, 2, *hi);
	inside = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : n;
	sqlite3_finalize(st);
	*outside = n - inside;
	return 1;
}

int64_t
rp_plausible_min(void)
{
	/*
	 * 1990-01-01: zero (1601), the Unix epoch and DOS-era defaults are
	 * what broken or wiped times read as, not when anything happened.
	 */
	return ct_time_from_unix(631152000LL, 0);
}

int64_t
rp_plausible_max(void)
{
	return rp_report_time() + 86400LL * CT_TICKS_PER_SEC;
}

void
rp_bind_plausible(sqlite3_stmt *st)
{
	int i;

	if ((i = sqlite3_bind_parameter_index(st, ":plo")) > 0)
		sqlite3_bind_int64(st, i, rp_plausible_min());
	if ((i = sqlite3_bind_parameter_index(st, ":phi")) > 0)
		sqlite3_bind_int64(st, i, rp_plausible_max());
}

/* The offset-th plausible time in time order. */
static int64_t
plausible_at(struct ct_case *c, int64_t offset, int *failed)
{
	sqlite3_stmt *st;
	int64_t v = 0;

	if (sqlite3_prepare_v2(c->db, "SELECT ts FROM event WHERE ts BETWEEN "
	    "?1 AND ?2 ORDER BY ts LIMIT 1 OFFSET ?3", -1, &st, NULL) !=
	    SQLITE_OK) {
		*failed = 1;
		return 0;
	}
	sqlite3_bind_int64(st, 1, rp_plausible_min());
	sqlite3_bind_int64(st, 2, rp_plausible_max());
	sqlite3_bind_int64(st, 3, offset);
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

int
rp_plausible_range(struct ct_case *c, int64_t *lo, int64_t *hi,
    int64_t *junk, int64_t *outside, int *failed)
{
	int64_t all = ct_case_query_int(c, "SELECT count(*) FROM event", 0,
	    failed), n = 0;
	sqlite3_stmt *st;

	*junk = *outside = 0;
	if (sqlite3_prepare_v2(c->db, "SELECT count(*) FROM event WHERE ts "
	    "BETWEEN ? AND ?", -1, &st, NULL) != SQLITE_OK) {
		*failed = 1;
		return 0;
	}
	sqlite3_bind_int64(st, 1, rp_plausible_min());
	sqlite3_bind_int64(st, 2, rp_plausible_max());
	if (sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	*junk = all - n;
	if (n == 0)
		return 0;
	/*
	 * Only the early end is trimmed: install and build dates of system
	 * files lie years before the case, while the latest plausible time
	 * is the last thing the host recorded before it was acquired.
	 */
	*lo = plausible_at(c, n / 100, failed);
	*hi = plausible_at(c, n - 1, failed);
	*outside = n / 100;
	return 1;
}

int64_t
rp_report_time(void)
{
	const char *s = getenv("SOURCE_DATE_EPOCH");
	char *end;
	long long v;

	if (s && *s) {
		errno = 0;
		v = strtoll(s, &end, 10);
		if (errno == 0 && *end == '\0' && v >= 0 && v < 253402300800LL)
			return ct_time_from_unix(v, 0);
	}
	return ct_time_now();
}

static int
cmp_id(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return (x > y) - (x < y);
}

static void
recset_sort(struct rp_recset *rs)
{
	size_t i, j = 0;

	if (rs->n == 0)
		return;
	qsort(rs->ids, rs->n, sizeof(*rs->ids), cmp_id);
	for (i = 1; i < rs->n; i++)
		if (rs->ids[i] != rs->ids[j])
			rs->ids[++j] = rs->ids[i];
	rs->n = j + 1;
}

/* Add the first column of each row of sql, in priority order, up to the cap. */
static enum ct_status
recset_add(struct ct_case *c, struct rp_recset *rs, const char *sql,
    struct ct_error *err)
{
	sqlite3_stmt *st;
	enum ct_status rc;
	int step;

	if ((rc = ct_case_prepare(c, sql, &st, err)))
		return rc;
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t id;

		if (sqlite3_column_type(st, 0) == SQLITE_NULL)
			continue;
		id = sqlite3_column_int64(st, 0);
		if (rs->n >= CT_REPORT_MAX_RECORDS) {
			recset_sort(rs);
			if (rp_recset_has(rs, id))
				continue;
			if (rs->n >= CT_REPORT_MAX_RECORDS) {
				rs->dropped++;
				continue;
			}
		}
		if (rs->n == rs->alloc) {
			rs->alloc = rs->alloc ? rs->alloc * 2 : 256;
			rs->ids = ct_xreallocarray(rs->ids, rs->alloc,
			    sizeof(*rs->ids));
		}
		rs->ids[rs->n++] = id;
	}
	sqlite3_finalize(st);
	if (step != SQLITE_DONE)
		return ct_case_db_error(err, c->db, c->path, "cannot read the case");
	recset_sort(rs);
	return CT_OK;
}

enum ct_status
rp_recset_collect(struct ct_case *c, struct rp_recset *rs, struct ct_error *err)
{
	struct ct_buf procs = CT_BUF_INIT, hits = CT_BUF_INIT;
	const char *sqls[5];
	enum ct_status rc = CT_OK;
	size_t i;

	/* In priority order: the story first, the long lists last. */
	sqls[0] = "SELECT record_id FROM narrative_evidence ORDER BY "
	    "narrative_id, record_id";
	sqls[1] = "SELECT record_id FROM finding_evidence ORDER BY "
	    "finding_id, record_id";
	sqls[2] = "SELECT record_id FROM coverage WHERE record_id IS NOT NULL "
	    "ORDER BY id";
	ct_buf_addf(&procs, "SELECT start_record_id FROM (%s)", rp_sql_processes);
	sqls[3] = procs.buf;
	ct_buf_addf(&hits, "SELECT record_id FROM (%s)", rp_sql_hits);
	sqls[4] = hits.buf;
	memset(rs, 0, sizeof(*rs));
	for (i = 0; i < CT_ARRAY_SIZE(sqls) && rc == CT_OK; i++)
		rc = recset_add(c, rs, sqls[i], err);
	ct_buf_release(&procs);
	ct_buf_release(&hits);
	return rc;
}

int
rp_recset_has(const struct rp_recset *rs, int64_t id)
{
	size_t lo = 0, hi = rs->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (rs->ids[mid] == id)
			return 1;
		if (rs->ids[mid] < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return 0;
}

void
rp_recset_release(struct rp_recset *rs)
{
	free(rs->ids);
	memset(rs, 0, sizeof(*rs));
}

enum ct_status
ct_report_write(struct ct_case *c, const char *format, const char *out_path,
    struct ct_error *err)
{
	static const struct {
		const char *format;
		enum ct_status (*write)(struct ct_case *, struct rp_out *,
		    struct ct_error *);
	} writers[] = {
		{ "html", rp_html },
		{ "json", rp_json },
	};
	enum ct_status (*writer)(struct ct_case *, struct rp_out *,
	    struct ct_error *) = NULL;
	struct rp_out o = { NULL, CT_BUF_INIT, 0 };
	struct ct_outfile out;
	size_t i;
	enum ct_status rc;

	for (i = 0; i < CT_ARRAY_SIZE(writers) && writer == NULL; i++)
		if (strcmp(format, writers[i].format) == 0)
			writer = writers[i].write;
	if (writer == NULL)
		return ct_error_set(err, CT_ERR_USAGE, NULL, CT_NO_OFFSET,
		    "unknown report format '%s' (use html or json)", format);

	if ((rc = ct_outfile_open(&out, out_path, err)))
		return rc;
	o.fp = out.fp;
	rc = writer(c, &o, err);
	rp_out_flush(&o, 1);
	ct_buf_release(&o.b);
	if (rc == CT_OK && o.failed)
		rc = ct_error_set(err, CT_ERR_IO, out_path, CT_NO_OFFSET,
		    "cannot write: %s", strerror(errno));
	if (rc != CT_OK) {
		ct_outfile_close(&out, 0, err);
		return rc;
	}
	return ct_outfile_close(&out, 1, err);
}

/* Detail columns of each record type, in display order. */
struct dcol {
	const char *label;
	int kind;
};

static const char file_sql[] =
    "SELECT path, fs_type, type, inode, seq, parent_inode, parent_seq, size, "
    "CASE allocated WHEN 0 THEN 'no (deleted)' ELSE 'yes' END, content, "
    "md5, sha1, sha256, si_crtime, si_mtime, si_atime, si_ctime, fn_crtime, "
    "fn_mtime, fn_atime, fn_ctime, streams, zone_id, zone_host_url, "
    "zone_referrer FROM file WHERE record_id = ?";
static const struct dcol file_cols[] = {
	{ "path", RP_D_TEXT }, { "file system", RP_D_TEXT },
	{ "entry type", RP_D_TEXT }, { "inode / MFT entry", RP_D_INT },
	{ "sequence", RP_D_INT }, { "parent entry", RP_D_INT },
	{ "parent sequence", RP_D_INT }, { "size (bytes)", RP_D_INT },
	{ "allocated", RP_D_TEXT }, { "content", RP_D_TEXT },
	{ "MD5", RP_D_TEXT }, { "SHA-1", RP_D_TEXT }, { "SHA-256", RP_D_TEXT },
	{ "$SI created", RP_D_TIME }, { "$SI modified", RP_D_TIME },
	{ "$SI accessed", RP_D_TIME }, { "$SI entry changed", RP_D_TIME },
	{ "$FN created", RP_D_TIME }, { "$FN modified", RP_D_TIME },
	{ "$FN accessed", RP_D_TIME }, { "$FN entry changed", RP_D_TIME },
	{ "alternate data streams", RP_D_TEXT }, { "Zone.Identifier zone", RP_D_INT },
	{ "downloaded from (HostUrl)", RP_D_TEXT },
	{ "referrer (ReferrerUrl)", RP_D_TEXT },
};

static const char evtx_sql[] =
    "SELECT x.channel, x.provider, x.event_id, x.record_number, x.computer, "
    "x.user_sid, x.created, x.written, x.pid, x.tid, x.level, "
    "x.script_block_id FROM evtx x WHERE x.record_id = ?";
static const struct dcol evtx_cols[] = {
	{ "channel", RP_D_TEXT }, { "provider", RP_D_TEXT },
	{ "event ID", RP_D_INT }, { "EVTX record number", RP_D_INT },
	{ "computer", RP_D_TEXT }, { "user SID", RP_D_TEXT },
	{ "TimeCreated", RP_D_TIME }, { "record written", RP_D_TIME },
	{ "process ID (System)", RP_D_INT }, { "thread ID (System)", RP_D_INT },
	{ "level", RP_D_INT }, { "ScriptBlockId", RP_D_TEXT },
};

static const char usn_sql[] =
    "SELECT usn, ts, reasons, name, path, file_inode, file_seq, "
    "parent_inode, parent_seq, attributes FROM usn WHERE record_id = ?";
static const struct dcol usn_cols[] = {
	{ "USN", RP_D_INT }, { "time", RP_D_TIME }, { "reasons", RP_D_TEXT },
	{ "name", RP_D_TEXT }, { "path", RP_D_TEXT },
	{ "file entry", RP_D_INT }, { "file sequence", RP_D_INT },
	{ "parent entry", RP_D_INT }, { "parent sequence", RP_D_INT },
	{ "attributes", RP_D_INT },
};

static const char prefetch_sql[] =
    "SELECT executable, prefetch_hash, format_version, run_count, last_run, "
    "run_times, volumes, files FROM prefetch WHERE record_id = ?";
static const struct dcol prefetch_cols[] = {
	{ "executable", RP_D_TEXT }, { "prefetch hash", RP_D_TEXT },
	{ "format version", RP_D_INT }, { "run count", RP_D_INT },
	{ "last run", RP_D_TIME }, { "run times (FILETIME)", RP_D_TEXT },
	{ "volumes", RP_D_TEXT }, { "referenced files", RP_D_TEXT },
};

/* Run sql for rid and hand every non-NULL column to fn. */
static enum ct_status
details_of(struct ct_case *c, int64_t rid, const char *sql,
    const struct dcol *cols, size_t ncols, rp_detail_fn fn, void *ctx,
    struct ct_error *err)
{
	sqlite3_stmt *st;
	enum ct_status rc;
	size_t i;

	if ((rc = ct_case_prepare(c, sql, &st, err)))
		return rc;
	sqlite3_bind_int64(st, 1, rid);
	if (sqlite3_step(st) == SQLITE_ROW)
		for (i = 0; i < ncols; i++)
			if (sqlite3_column_type(st, (int)i) != SQLITE_NULL)
				fn(ctx, cols[i].label, strlen(cols[i].label),
				    cols[i].kind, st, (int)i);
	sqlite3_finalize(st);
	return CT_OK;
}

/* Every EventData/UserData field, by name, from the data JSON object. */
static enum ct_status
evtx_data(struct ct_case *c, int64_t rid, rp_detail_fn fn, void *ctx,
    struct ct_error *err)
{
	sqlite3_stmt *st;
	enum ct_status rc;

	if ((rc = ct_case_prepare(c, "SELECT 'EventData.' || j.key, "
	    "CASE WHEN j.type IN ('object', 'array') THEN json(j.value) "
	    "ELSE j.value END FROM evtx x, json_each(x.data) j "
	    "WHERE x.record_id = ? AND json_valid(x.data) ORDER BY j.id",
	    &st, err)))
		return rc;
	sqlite3_bind_int64(st, 1, rid);
	while (sqlite3_step(st) == SQLITE_ROW) {
		size_t n;
		const char *k = ct_sql_textn(st, 0, &n);

		if (sqlite3_column_type(st, 1) != SQLITE_NULL)
			fn(ctx, k, n, RP_D_PRE, st, 1);
	}
	sqlite3_finalize(st);
	/* Data that is not JSON (a parser bug or damage) is shown raw. */
	if ((rc = ct_case_prepare(c, "SELECT data FROM evtx WHERE "
	    "record_id = ? AND NOT json_valid(data)", &st, err)))
		return rc;
	sqlite3_bind_int64(st, 1, rid);
	if (sqlite3_step(st) == SQLITE_ROW)
		fn(ctx, "EventData (not valid JSON)", 26, RP_D_PRE, st, 0);
	sqlite3_finalize(st);
	/* The whole PowerShell script block this record belongs to. */
	if ((rc = ct_case_prepare(c, "SELECT b.text, b.parts_seen || ' of ' || "
	    "coalesce(b.parts_total, '?') FROM evtx x JOIN record r ON "
	    "r.id = x.record_id JOIN script_block b ON b.source_id = r.source_id "
	    "AND b.script_block_id = x.script_block_id WHERE x.record_id = ?",
	    &st, err)))
		return rc;
	sqlite3_bind_int64(st, 1, rid);
	if (sqlite3_step(st) == SQLITE_ROW) {
		fn(ctx, "script block parts seen", 23, RP_D_TEXT, st, 1);
		fn(ctx, "script block (reassembled)", 26, RP_D_PRE, st, 0);
	}
	sqlite3_finalize(st);
	return CT_OK;
}

enum ct_status
rp_record_details(struct ct_case *c, int64_t rid, const char *type,
    rp_detail_fn fn, void *ctx, struct ct_error *err)
{
	enum ct_status rc;

	if (strcmp(type, "file") == 0)
		return details_of(c, rid, file_sql, file_cols,
		    CT_ARRAY_SIZE(file_cols), fn, ctx, err);
	if (strcmp(type, "usn") == 0)
		return details_of(c, rid, usn_sql, usn_cols,
		    CT_ARRAY_SIZE(usn_cols), fn, ctx, err);
	if (strcmp(type, "prefetch") == 0)
		return details_of(c, rid, prefetch_sql, prefetch_cols,
		    CT_ARRAY_SIZE(prefetch_cols), fn, ctx, err);
	/* legacy .evt records have evtx rows too (parsers/files/evt.c) */
	if (strcmp(type, "evtx") == 0 || strcmp(type, "evt") == 0) {
		if ((rc = details_of(c, rid, evtx_sql, evtx_cols,
		    CT_ARRAY_SIZE(evtx_cols), fn, ctx, err)))
			return rc;
		return evtx_data(c, rid, fn, ctx, err);
	}
	return CT_OK;	/* a type this version does not know: no details */
}
