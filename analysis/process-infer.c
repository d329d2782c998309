/*
 * process-infer.c - parents where no log records them. On a host without
 * Sysmon and without process-creation auditing (the Windows default) the
 * processes of the model come from Prefetch, BAM, PowerShell 400 and the
 * other artefacts, and none names its parent. Some links still hold on
 * evidence that needs no parent field; each is written with its reasons
 * (process.parent_basis) and its confidence, never as if a log said it:
 *
 *  1. Written and started by an updater: the process's file was created
 *     (USN FILE_CREATE, or the $MFT creation time) at most 10 minutes
 *     before it ran, and a software updater (the knowledge file, or the
 *     Program Files heuristic) started at most 10 minutes before that
 *     creation and was not known to have ended. Medium. Not for a file
 *     that carries a Zone.Identifier: a browser or mail client wrote it,
 *     and its start was the user's.
 *  2. A shell or script host (cmd, PowerShell, wscript, mshta, ...)
 *     started at most 60 s after a freshly written executable in a
 *     user-writable folder (its file created at most 10 minutes before
 *     its own run), while that executable could still run: not ended,
 *     its file not yet deleted. Medium when that file was deleted within
 *     10 minutes after the shell started - a running image cannot be
 *     deleted, so its run is bounded and the shell falls inside it - low
 *     on timing alone.
 *  3. A delay program (ping, timeout, choice, waitfor) started at most
 *     5 s after cmd.exe: the "cmd /c ping -n 3 127.0.0.1 & del" idiom.
 *     Low: timing alone.
 * Only orphans are linked (no parent ID, PID or image from any log); the
 * nearest candidate wins. The rules run in this order, so a payload
 * linked to its updater by (1) is the parent candidate of (2).
 */
#include "compat.h"

#include "knowledge.h"
#include "paths.h"
#include "sql.h"
#include "sql-names.h"
#include "steps.h"
#include "words.h"
#include "xalloc.h"

#define TICKS_PER_S	10000000LL
#define WRITTEN_BEFORE_RUN	(600 * TICKS_PER_S)	/* 10 min */
#define UPDATER_BEFORE_WRITE	(600 * TICKS_PER_S)	/* 10 min */
#define SHELL_AFTER_PARENT	(60 * TICKS_PER_S)
#define DELETED_AFTER_SHELL	(600 * TICKS_PER_S)
#define DELAY_AFTER_CMD		(5 * TICKS_PER_S)

/* Shells and script hosts a dropped program starts (rule 2). */
static const char *const shells[] = { "cmd.exe", "powershell.exe",
	"pwsh.exe", "wscript.exe", "cscript.exe", "mshta.exe", "rundll32.exe",
	"regsvr32.exe", NULL };
/* Programs that only wait, run by cmd.exe before a delete (rule 3). */
static const char *const delays[] = { "ping.exe", "timeout.exe",
	"choice.exe", "waitfor.exe", NULL };

static int
base_in(const char *image, const char *const *names)
{
	size_t i;

	for (i = 0; names[i]; i++)
		if (an_base_is(image, names[i]))
			return 1;
	return 0;
}

/* "2.4 s", "2 min 13 s", "3 h 5 min". */
static void
span_words(struct ct_buf *b, int64_t ticks)
{
	int64_t s;

	if (ticks < 0)
		ticks = -ticks;
	s = (ticks + TICKS_PER_S / 2) / TICKS_PER_S;
	if (s < 60)
		ct_buf_addf(b, "%.1f s", (double)ticks / (double)TICKS_PER_S);
	else if (s < 3600)
		ct_buf_addf(b, "%lld min %lld s", (long long)(s / 60),
		    (long long)(s % 60));
	else
		ct_buf_addf(b, "%lld h %lld min", (long long)(s / 3600),
		    (long long)(s % 3600 / 60));
}

struct orphan {
	int64_t id, start;
	char *image;
};

struct orphans {
	struct orphan *v;
	size_t n;
};

static void
orphans_release(struct orphans *o)
{
	size_t i;

	for (i = 0; i < o->n; i++)
		free(o->v[i].image);
	free(o->v);
	o->v = NULL;
	o->n = 0;
}

/* The processes no log gives a parent, in start order. */
static enum ct_status
load_orphans(struct an_ctx *x, struct orphans *o)
{
	sqlite3_stmt *st;
	enum ct_status rc;
	int r;

	if ((rc = an_prepare(x, "SELECT id, start_ts, image FROM process"
	    " WHERE parent_id IS NULL AND parent_pid IS NULL"
	    " AND coalesce(parent_image, '') = '' AND parent_basis IS NULL"
	    " AND image IS NOT NULL AND start_ts IS NOT NULL"
	    " ORDER BY start_ts, id", &st)))
		return rc;
	while ((r = sqlite3_step(st)) == SQLITE_ROW) {
		struct orphan *e;

		o->v = ct_xreallocarray(o->v, o->n + 1, sizeof(*o->v));
		e = &o->v[o->n++];
		e->id = sqlite3_column_int64(st, 0);
		e->start = sqlite3_column_int64(st, 1);
		e->image = ct_xstrdup(ct_sql_text(st, 2));
	}
	sqlite3_finalize(st);
	return an_step_done(x, r, "processes without a parent");
}

/* When and how the file at image was last created at or before ts, within window. */
struct created {
	int64_t rec, ts;
	const char *how;
	int zone;		/* it carries a Zone.Identifier */
};

static int
file_created(struct an_ctx *x, const char *image, int64_t ts, int64_t window,
    struct created *c)
{
	sqlite3_stmt *st;
	int found = 0;

	memset(c, 0, sizeof(*c));
	if (an_cached(x, "SELECT record_id, ts, how, zone FROM t_created"
	    " WHERE np = ct_normpath(?1) AND ts BETWEEN ?2 - ?3 AND ?2"
	    " ORDER BY ts DESC, how DESC, record_id LIMIT 1", &st))
		return 0;
	sqlite3_bind_text(st, 1, image, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, ts);
	sqlite3_bind_int64(st, 3, window);
	if (sqlite3_step(st) == SQLITE_ROW) {
		c->rec = sqlite3_column_int64(st, 0);
		c->ts = sqlite3_column_int64(st, 1);
		c->how = strcmp(ct_sql_text(st, 2), "usn") == 0 ?
		    "USN journal FILE_CREATE" : "$MFT creation time";
		c->zone = sqlite3_column_int(st, 3);
		found = 1;
	}
	an_release(st);
	return found;
}

/* The first deletion of image's file after ts (CT_NULL_INT: none). */
static int64_t
file_deleted_after(struct an_ctx *x, const char *image, int64_t ts)
{
	sqlite3_stmt *st;
	int64_t when = CT_NULL_INT;

	if (an_cached(x, "SELECT min(ts) FROM t_deleted WHERE np = ct_normpath(?1)"
	    " AND ts >= ?2", &st))
		return CT_NULL_INT;
	sqlite3_bind_text(st, 1, image, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, ts);
	if (sqlite3_step(st) == SQLITE_ROW)
		when = ct_sql_int(st, 0);
	an_release(st);
	return when;
}

static enum ct_status
set_parent(struct an_ctx *x, int64_t child, int64_t parent,
    const char *basis, const char *confidence)
{
	sqlite3_stmt *st;
	enum ct_status rc;

	if ((rc = an_cached(x, "UPDATE process SET parent_id = ?2,"
	    " parent_image = (SELECT image FROM process WHERE id = ?2),"
	    " parent_basis = ?3, parent_confidence = ?4 WHERE id = ?1", &st)))
		return rc;
	sqlite3_bind_int64(st, 1, child);
	sqlite3_bind_int64(st, 2, parent);
	sqlite3_bind_text(st, 3, basis, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, confidence, -1, SQLITE_STATIC);
	rc = an_step_done(x, sqlite3_step(st), "inferred parent");
	an_release(st);
	x->st->inferred_parents++;
	return rc;
}

/* Processes that started in [from, to] (newest first), other than self. */
static enum ct_status
started_between(struct an_ctx *x, int64_t from, int64_t to, int64_t self,
    sqlite3_stmt **st)
{
	enum ct_status rc;

	if ((rc = an_cached(x, "SELECT id, image, start_ts, end_ts FROM t_pstart"
	    " WHERE start_ts BETWEEN ?1 AND ?2 AND id != ?3"
	    " ORDER BY start_ts DESC, id DESC", st)))
		return rc;
	sqlite3_bind_int64(*st, 1, from);
	sqlite3_bind_int64(*st, 2, to);
	sqlite3_bind_int64(*st, 3, self);
	return CT_OK;
}

/* Rule 1: a file created during an updater's run and started soon after. */
static enum ct_status
by_updater(struct an_ctx *x, const struct orphan *o)
{
	struct created c;
	sqlite3_stmt *st;
	enum ct_status rc;
	struct ct_buf basis = CT_BUF_INIT;
	int64_t uid = 0;

	if (!file_created(x, o->image, o->start, WRITTEN_BEFORE_RUN, &c) ||
	    c.zone)
		return CT_OK;
	if ((rc = started_between(x, c.ts - UPDATER_BEFORE_WRITE, c.ts, o->id,
	    &st)))
		return rc;
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *img = ct_sql_text(st, 1);
		int64_t end = ct_sql_int(st, 3);

		if (end != CT_NULL_INT && end < c.ts)
			continue;
		if (an_knowledge_updater(&x->know, img) == NULL &&
		    !an_looks_like_updater(img))
			continue;
		uid = sqlite3_column_int64(st, 0);
		ct_buf_adds(&basis, "its file was created (");
		ct_buf_adds(&basis, c.how);
		ct_buf_adds(&basis, ") ");
		span_words(&basis, c.ts - sqlite3_column_int64(st, 2));
		ct_buf_adds(&basis, " after the updater ");
		ct_buf_add_utf8_clean(&basis, an_base_of(img), strlen(an_base_of(img)));
		ct_buf_adds(&basis, " started, and it ran ");
		span_words(&basis, o->start - c.ts);
		ct_buf_adds(&basis, " later");
		break;
	}
	an_release(st);
	if (uid)
		rc = set_parent(x, o->id, uid, basis.buf, "medium");
	ct_buf_release(&basis);
	return rc;
}

/* Rule 2: a shell started by the freshly written program that ran just before. */
static enum ct_status
by_dropped_program(struct an_ctx *x, const struct orphan *o)
{
	sqlite3_stmt *st;
	enum ct_status rc;
	struct ct_buf basis = CT_BUF_INIT;
	int64_t pid = 0;
	const char *conf = "low";

	if (!base_in(o->image, shells))
		return CT_OK;
	if ((rc = started_between(x, o->start - SHELL_AFTER_PARENT, o->start,
	    o->id, &st)))
		return rc;
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *img = ct_sql_text(st, 1);
		int64_t pstart = sqlite3_column_int64(st, 2);
		int64_t end = ct_sql_int(st, 3), del;
		struct ct_buf np = CT_BUF_INIT;
		struct created c;
		int writable;

		if (base_in(img, shells) || base_in(img, delays) ||
		    (end != CT_NULL_INT && end < o->start))
			continue;
		an_normpath(&np, img);
		writable = an_user_writable(np.buf);
		ct_buf_release(&np);
		if (!writable || !file_created(x, img, pstart, WRITTEN_BEFORE_RUN,
		    &c))
			continue;
		del = file_deleted_after(x, img, pstart);
		if (del != CT_NULL_INT && del < o->start)
			continue;	/* it could no longer run */
		pid = sqlite3_column_int64(st, 0);
		ct_buf_add_utf8_clean(&basis, an_base_of(img), strlen(an_base_of(img)));
		ct_buf_adds(&basis, " had started ");
		span_words(&basis, o->start - pstart);
		ct_buf_adds(&basis, " earlier from a user-writable folder (its file "
		    "written ");
		span_words(&basis, pstart - c.ts);
		ct_buf_adds(&basis, " before that)");
		if (del != CT_NULL_INT && del - o->start <= DELETED_AFTER_SHELL) {
			ct_buf_adds(&basis, " and was still running: its file was "
			    "deleted only ");
			span_words(&basis, del - o->start);
			ct_buf_adds(&basis, " later, and a running program's file "
			    "cannot be deleted");
			conf = "medium";
		} else {
			ct_buf_adds(&basis, "; timing alone");
		}
		break;
	}
	an_release(st);
	if (pid)
		rc = set_parent(x, o->id, pid, basis.buf, conf);
	ct_buf_release(&basis);
	return rc;
}

/* Rule 3: ping / timeout / choice run by the cmd.exe started just before. */
static enum ct_status
by_delay_idiom(struct an_ctx *x, const struct orphan *o)
{
	sqlite3_stmt *st;
	enum ct_status rc;
	struct ct_buf basis = CT_BUF_INIT;
	int64_t pid = 0;

	if (!base_in(o->image, delays))
		return CT_OK;
	if ((rc = started_between(x, o->start - DELAY_AFTER_CMD, o->start, o->id,
	    &st)))
		return rc;
	while (sqlite3_step(st) == SQLITE_ROW) {
		int64_t end = ct_sql_int(st, 3);

		if (!an_base_is(ct_sql_text(st, 1), "cmd.exe") ||
		    (end != CT_NULL_INT && end < o->start))
			continue;
		pid = sqlite3_column_int64(st, 0);
		ct_buf_adds(&basis, "cmd.exe started ");
		span_words(&basis, o->start - sqlite3_column_int64(st, 2));
		ct_buf_adds(&basis, " before it, as in \"cmd /c ping ... & del ...\" "
		    "(timing alone)");
		break;
	}
	an_release(st);
	if (pid)
		rc = set_parent(x, o->id, pid, basis.buf, "low");
	ct_buf_release(&basis);
	return rc;
}

static const char fs_tables[] =
	/*
	 * The journal repeats FILE_CREATE in every record of a file until it
	 * is closed: the creation is the first record of each file reference
	 * (SQLite takes the bare columns from the min() row).
	 */
	"CREATE TEMP TABLE t_created AS"
	" SELECT u.record_id AS record_id, min(u.ts) AS ts,"
	" ct_normpath(u.path) AS np, 'usn' AS how, 0 AS zone FROM usn u"
	" WHERE u.reasons LIKE '%FILE_CREATE%'"
	" AND u.path IS NOT NULL AND u.ts > 0 AND " AN_SQL_IS_PROGRAM("u.name")
	" GROUP BY ct_normpath(u.path), u.file_inode, u.file_seq"
	" UNION ALL SELECT f.record_id, f.si_crtime, ct_normpath(f.path), 'mft',"
	" f.zone_id IS NOT NULL FROM file f WHERE f.si_crtime > 0"
	" AND " AN_SQL_IS_PROGRAM("f.name") ";"
	/* A USN create of a file the MFT shows with a Zone.Identifier: same zone. */
	"UPDATE t_created SET zone = 1 WHERE how = 'usn' AND np IN"
	" (SELECT np FROM t_created WHERE how = 'mft' AND zone = 1);"
	"CREATE INDEX t_created_i ON t_created(np, ts);"
	"CREATE TEMP TABLE t_deleted AS SELECT ts, ct_normpath(path) AS np"
	" FROM usn WHERE reasons LIKE '%FILE_DELETE%' AND path IS NOT NULL"
	" AND " AN_SQL_IS_PROGRAM("name") ";"
	"CREATE INDEX t_deleted_i ON t_deleted(np, ts);"
	/* The candidates by start time (the process table has no such index). */
	"CREATE TEMP TABLE t_pstart AS SELECT id, image, start_ts, end_ts"
	" FROM process WHERE start_ts IS NOT NULL AND image IS NOT NULL;"
	"CREATE INDEX t_pstart_i ON t_pstart(start_ts)";

enum ct_status
an_infer_parents(struct an_ctx *x)
{
	static enum ct_status (*const rules[])(struct an_ctx *,
	    const struct orphan *) = { by_updater, by_dropped_program,
	    by_delay_idiom };
	struct orphans o = { NULL, 0 };
	enum ct_status rc;
	size_t r, i;

	if ((rc = an_exec(x, fs_tables, "created executables")))
		return rc;
	an_timing(x, "created executables");
	/* Each rule over the orphans still without a parent, in start order. */
	for (r = 0; r < CT_ARRAY_SIZE(rules) && rc == CT_OK; r++) {
		if ((rc = load_orphans(x, &o)))
			break;
		for (i = 0; i < o.n && rc == CT_OK; i++)
			rc = rules[r](x, &o.v[i]);
		orphans_release(&o);
	}
	orphans_release(&o);
	if (rc)
		return rc;
	an_timing(x, "inferred parents");
	return an_exec(x, "DROP TABLE t_created; DROP TABLE t_deleted;"
	    " DROP TABLE t_pstart",
	    "created executables");
}
