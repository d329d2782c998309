/*
 * detect-updater.c - the updater step: each run of a software updater
 * (the knowledge file, or a scheduled/service Program Files binary named
 * like one), judged against its earlier runs: what it contacted, whether
 * it started a file it had just written to a user-writable folder, what
 * its descendants did. A benign run is context; a run that behaves unlike
 * an updater opens the attack chain, with its download and start as steps.
 */
#include "compat.h"

#include <strings.h>

#include "finding.h"
#include "knowledge.h"
#include "paths.h"
#include "proc.h"
#include "pwsh.h"
#include "steps.h"
#include "sql.h"
#include "sql-names.h"
#include "words.h"

/* A child started within this long after its file was written counts as "just written". */
#define FRESH_TICKS	(600LL * 10000000LL)	/* 10 minutes */

struct written {
	int64_t rec, ts;
	const char *how;
};

/* Take the first row (record id, time) of st as the write, if any. */
static int
first_write(sqlite3_stmt *st, struct written *w, const char *how)
{
	if (sqlite3_step(st) != SQLITE_ROW)
		return 0;
	w->rec = sqlite3_column_int64(st, 0);
	w->ts = sqlite3_column_int64(st, 1);
	w->how = how;
	return 1;
}

/* Did updater u write the image of child c before c started? */
static int
find_write(struct an_ctx *x, const struct an_proc *u, const struct an_proc *c,
    struct written *w)
{
	sqlite3_stmt *st;
	struct ct_buf np = CT_BUF_INIT;
	int found = 0;
	int64_t until = c->start_ts == CT_NULL_INT ? INT64_MAX : c->start_ts;

	an_normpath(&np, c->image);
	/* Logged by Sysmon 11/15 for the updater itself. */
	if (an_cached(x, "SELECT record_id, ts FROM process_activity"
	    " WHERE process_id = ? AND ((kind = 'file-write'"
	    " AND ct_normpath(target) = ?2) OR (kind = 'bits'"
	    " AND ct_normpath(detail) = ?2)) AND ts <= ?3 ORDER BY ts, record_id"
	    " LIMIT 1", &st) == CT_OK) {
		sqlite3_bind_int64(st, 1, u->id);
		sqlite3_bind_text(st, 2, np.buf, (int)np.len, SQLITE_STATIC);
		sqlite3_bind_int64(st, 3, until);
		found = first_write(st, w, "Sysmon file creation");
		an_release(st);
	}
	/*
	 * Else the change journal: FILE_CREATE of that path while the updater
	 * ran - before the $MFT's creation time, which a tool can set.
	 */
	if (!found && an_cached(x, "SELECT record_id, ts FROM t_ucreate"
	    " WHERE nm = lower(?) AND np = ? AND ts BETWEEN ? AND ?"
	    " ORDER BY ts, record_id LIMIT 1", &st) == CT_OK) {
		sqlite3_bind_text(st, 1, an_base_of(c->image), -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, np.buf, (int)np.len, SQLITE_STATIC);
		sqlite3_bind_int64(st, 3, u->start_ts);
		sqlite3_bind_int64(st, 4, until);
		found = first_write(st, w, "USN journal FILE_CREATE");
		an_release(st);
	}
	/* Else the $MFT: created while the updater ran. */
	/* name = ? exactly, so the file_name index serves it. */
	if (!found && an_cached(x, "SELECT record_id, si_crtime FROM file"
	    " WHERE name = ? AND ct_normpath(path) = ?"
	    " AND si_crtime BETWEEN ? AND ? ORDER BY si_crtime, record_id"
	    " LIMIT 1", &st) == CT_OK) {
		sqlite3_bind_text(st, 1, an_base_of(c->image), -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, np.buf, (int)np.len, SQLITE_STATIC);
		sqlite3_bind_int64(st, 3, u->start_ts);
		sqlite3_bind_int64(st, 4, until);
		found = first_write(st, w, "file-system creation time");
		an_release(st);
	}
	ct_buf_release(&np);
	return found;
}

/*
 * Is any descendant (down to maxdepth generations) of process id a shell,
 * or a command deleting image?
 */
static int
descendant_signs(struct an_ctx *x, int64_t id, const char *image,
    int maxdepth, struct ct_buf *why)
{
	sqlite3_stmt *st;
	int signs = 0;

	if (an_cached(x, "WITH RECURSIVE d(id, depth) AS (SELECT ?1, 0"
	    " UNION ALL SELECT p.id, d.depth + 1 FROM process p JOIN d"
	    " ON p.parent_id = d.id WHERE d.depth < ?2)"
	    " SELECT p.image, p.command_line FROM d JOIN process p ON p.id = d.id"
	    " WHERE d.depth > 0 ORDER BY p.start_ts, p.id", &st))
		return 0;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int(st, 2, maxdepth);
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *img = ct_sql_text(st, 0), *cmd = ct_sql_text(st, 1);

		if (ct_pwsh_is_host(img) || an_base_is(img, "wscript.exe") ||
		    an_base_is(img, "cscript.exe") || an_base_is(img, "mshta.exe")) {
			if (!(signs & 1) && !an_strcasestr(why->buf,
			    "a process it started ran")) {
				ct_buf_adds(why, why->len ? "; " : "");
				ct_buf_addf(why, "a process it started ran %s",
				    an_base_of(img));
			}
			signs |= 1;
		}
		if (an_base_is(img, "cmd.exe") && (an_strcasestr(cmd, "del ") ||
		    an_strcasestr(cmd, "erase ")) &&
		    an_strcasestr(cmd, an_base_of(image))) {
			if (!(signs & 2) && !an_strcasestr(why->buf,
			    "deleted its file")) {
				ct_buf_adds(why, why->len ? "; " : "");
				ct_buf_adds(why, "a process it started deleted its file");
			}
			signs |= 2;
		}
	}
	an_release(st);
	return signs;
}

/* Most children of one run looked at. */
#define RUN_MAX_CHILDREN	64

/* What one updater run did, gathered before its findings are written. */
struct run {
	const struct an_proc *u;
	const char *label;		/* "QuillEdit updater" */
	struct an_proc parent;		/* zeroed when not recorded */
	struct ct_buf who;		/* "the QuillEdit updater QEUpdate.exe" */
	struct ct_buf why;		/* the flags, "; "-separated */
	struct ct_buf contacted;	/* addresses, ", "-separated */
	int severity;
	int had_baseline;		/* earlier runs made connections */
	int new_addr;			/* it contacted one they never used */
	int ioc;			/* it contacted an indicator */
	int nchild;
	int64_t children[RUN_MAX_CHILDREN];
	struct written wr[RUN_MAX_CHILDREN];
	int wrote[RUN_MAX_CHILDREN];	/* it wrote child k just before starting it */
};

static void
run_flag(struct run *r, const char *words)
{
	ct_buf_adds(&r->why, r->why.len ? "; " : "");
	ct_buf_adds(&r->why, words);
}

/* Its baseline (earlier runs) and what it contacted. */
static enum ct_status
run_contacts(struct an_ctx *x, struct run *r)
{
	const struct an_proc *u = r->u;
	sqlite3_stmt *st;
	enum ct_status rc;

	/* Earlier runs of the same updater that made connections: the baseline. */
	if ((rc = an_cached(x, "SELECT count(*) FROM t_uconn"
	    " WHERE np = ct_normpath(?) AND st < ?", &st)))
		return rc;
	sqlite3_bind_text(st, 1, u->image, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, u->start_ts);
	if (sqlite3_step(st) == SQLITE_ROW)
		r->had_baseline = sqlite3_column_int(st, 0) > 0;
	an_release(st);
	if ((rc = an_cached(x, "SELECT a.target, a.record_id,"
	    " (SELECT count(*) FROM t_uconn b WHERE b.np = ct_normpath(?3)"
	    "  AND b.target = a.target AND b.st < ?2)"
	    " FROM process_activity a WHERE a.process_id = ?1"
	    " AND a.kind IN ('connect', 'bits') ORDER BY a.ts, a.record_id", &st)))
		return rc;
	sqlite3_bind_int64(st, 1, u->id);
	sqlite3_bind_int64(st, 2, u->start_ts);
	sqlite3_bind_text(st, 3, u->image, -1, SQLITE_STATIC);
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *t = ct_sql_text(st, 0);

		if (an_ioc_on_record(x, sqlite3_column_int64(st, 1), NULL))
			r->ioc = 1;
		if (r->had_baseline && sqlite3_column_int(st, 2) == 0)
			r->new_addr = 1;
		if (!an_strcasestr(r->contacted.buf, t) && r->contacted.len < 2000) {
			ct_buf_adds(&r->contacted, r->contacted.len ? ", " : "");
			ct_buf_add_utf8_clean(&r->contacted, t, strlen(t));
		}
	}
	an_release(st);
	if (r->ioc) {
		run_flag(r, "it contacted an address listed in the threat report");
		r->severity = SEV_HIGH;
	}
	if (r->new_addr) {
		run_flag(r, "it contacted an address its earlier runs never used");
		if (r->severity < SEV_MEDIUM)
			r->severity = SEV_MEDIUM;
	}
	return CT_OK;
}

/* What it started, and whether it had just written it. */
static enum ct_status
run_children(struct an_ctx *x, struct run *r)
{
	sqlite3_stmt *st;
	enum ct_status rc;
	struct an_proc c;
	int k;

	if ((rc = an_cached(x, "SELECT id FROM process WHERE parent_id = ?"
	    " ORDER BY start_ts, id LIMIT 64", &st)))
		return rc;
	sqlite3_bind_int64(st, 1, r->u->id);
	while (sqlite3_step(st) == SQLITE_ROW && r->nchild < RUN_MAX_CHILDREN)
		r->children[r->nchild++] = sqlite3_column_int64(st, 0);
	an_release(st);
	for (k = 0; k < r->nchild; k++) {
		struct ct_buf np = CT_BUF_INIT;

		r->wrote[k] = 0;
		if (an_proc_load(x, r->children[k], &c) <= 0)
			continue;
		an_normpath(&np, c.image);
		if (find_write(x, r->u, &c, &r->wr[k]) &&
		    c.start_ts - r->wr[k].ts <= FRESH_TICKS &&
		    an_user_writable(np.buf)) {
			r->wrote[k] = 1;
			if (r->severity < SEV_LOW)
				r->severity = SEV_LOW;
			if (!an_strcasestr(r->why.buf, "just written"))
				run_flag(r, an_parent_inferred(&c) ?
				    "it started an executable just written to a "
				    "user-writable folder (inferred from the file "
				    "system and run times: no process-creation log)" :
				    "it started an executable it had just written "
				    "to a user-writable folder");
		}
		ct_buf_release(&np);
		an_proc_release(&c);
	}
	return CT_OK;
}

/* The run itself: context when benign, the first chain step when not. */
static enum ct_status
run_finding(struct an_ctx *x, struct run *r)
{
	const struct an_proc *u = r->u;
	struct an_finding run;
	struct an_proc c;
	enum ct_status rc;
	int k;

	an_finding_init(&run, "updater-run", r->severity);
	/* The run itself is on record (a log or an execution artefact). */
	run.confidence = "high";
	an_finding_time(&run, u->start_ts);
	if ((rc = an_cite_process(x, &run, u->id, "updater process"))) {
		an_finding_release(&run);
		return rc;
	}
	ct_buf_addf(&run.title, "%s run", r->label);
	ct_buf_addf(&run.title, " (%s", an_base_of(u->image));
	if (u->pid != CT_NULL_INT)
		ct_buf_addf(&run.title, ", PID %lld", (long long)u->pid);
	ct_buf_addch(&run.title, ')');
	if (r->severity >= SEV_MEDIUM)
		ct_buf_adds(&run.title, " with behaviour updaters do not show");
	ct_buf_adds(&run.description, "Updater ");
	ct_buf_add_utf8_clean(&run.description, u->image, strlen(u->image));
	ct_buf_adds(&run.description, " started by ");
	an_starter_words(&run.description, &r->parent, u);
	ct_buf_adds(&run.description, ". Contacted: ");
	ct_buf_adds(&run.description, r->contacted.len ? r->contacted.buf :
	    "nothing recorded");
	ct_buf_adds(&run.description, ". Started: ");
	for (k = 0; k < r->nchild; k++) {
		if (an_proc_load(x, r->children[k], &c) <= 0)
			continue;
		ct_buf_adds(&run.description, k ? ", " : "");
		ct_buf_add_utf8_clean(&run.description, c.image, strlen(c.image));
		if (r->wrote[k])
			ct_buf_adds(&run.description, " (written by the updater)");
		an_proc_release(&c);
	}
	if (r->nchild == 0)
		ct_buf_adds(&run.description, "nothing recorded");
	ct_buf_addch(&run.description, '.');
	if (r->why.len) {
		ct_buf_adds(&run.description, " Flags: ");
		ct_buf_add(&run.description, r->why.buf, r->why.len);
		ct_buf_addch(&run.description, '.');
	}
	/* Why a run that started what it fetched is still judged routine. */
	if (r->severity == SEV_LOW)
		ct_buf_adds(&run.description, " Judged routine: what it started "
		    "ran no shell, script host or deleting command, and it "
		    "contacted no address listed in the threat report or new "
		    "to its earlier runs - what an update does.");
	if (r->severity >= SEV_MEDIUM)
		ct_buf_adds(&run.attack, "T1195.002");
	an_starter_words(&run.statement, &r->parent, u);
	ct_buf_adds(&run.statement, " started ");
	ct_buf_add(&run.statement, r->who.buf, r->who.len);
	an_pid_and_sources_words(x, u, &run.statement);
	if (r->severity >= SEV_MEDIUM) {
		ct_buf_adds(&run.statement, "; this run went on to behave unlike "
		    "an updater: ");
		ct_buf_add(&run.statement, r->why.buf, r->why.len);
	}
	ct_buf_addch(&run.details, '{');
	an_json_kv(&run.details, "updater", r->label, 256);
	an_json_kv(&run.details, "image", u->image, 1024);
	an_json_kv(&run.details, "contacted", r->contacted.buf, 4096);
	an_json_kv(&run.details, "flags", r->why.len ? r->why.buf : NULL, 4096);
	ct_buf_addch(&run.details, '}');
	return an_finding_commit(x, &run, NULL);
}

static int
written_by_log(const struct written *wr)
{
	return wr->how && strncmp(wr->how, "Sysmon", 6) == 0;
}

/*
 * The download when only the file system dates it: the file appeared in
 * the updater's run, and no log names the process that wrote it.
 */
static void
inferred_download_words(struct an_finding *f, const struct run *r,
    const struct an_proc *c, const struct written *wr)
{
	const char *b = an_base_of(c->image);
	double secs = (double)(wr->ts - r->u->start_ts) / 1e7;

	ct_buf_adds(&f->title, "File appeared during the updater's run: ");
	ct_buf_add_utf8_clean(&f->title, b, strlen(b));
	ct_buf_add_utf8_clean(&f->description, c->image, strlen(c->image));
	ct_buf_addf(&f->description, " was created %.1f seconds after ", secs);
	ct_buf_add(&f->description, r->who.buf, r->who.len);
	ct_buf_addf(&f->description, " started (%s); it ran soon after. No "
	    "log records which process wrote it: that the updater did is "
	    "inferred from the timing.", wr->how ? wr->how : "?");
	ct_buf_adds(&f->attack, "T1105");
	ct_buf_add_utf8_clean(&f->statement, b, strlen(b));
	ct_buf_adds(&f->statement, " appeared in ");
	ct_buf_add_utf8_clean(&f->statement, c->image, (size_t)(b - c->image));
	ct_buf_adds(&f->statement, ", a user-writable folder, during the run of ");
	ct_buf_add(&f->statement, r->who.buf, r->who.len);
	ct_buf_adds(&f->statement, " (");
	ct_buf_adds(&f->statement, wr->how ? wr->how : "?");
	ct_buf_adds(&f->statement, "; no log records the writer)");
}

/* The download of child c (written as wr), a step of a suspicious run. */
static enum ct_status
download_finding(struct an_ctx *x, const struct run *r,
    const struct an_proc *c, const struct written *wr, const char *np)
{
	struct an_finding f;

	an_finding_init(&f, "updater-download", r->severity);
	/* Sysmon names the writer; a file-system time only says when. */
	f.confidence = written_by_log(wr) ? "high" : "medium";
	an_confidence_of_link(&f, c);
	an_finding_time(&f, wr->ts);
	an_finding_ev(&f, wr->rec, "file written");
	an_finding_ent_int(&f, "process", r->u->id);
	an_finding_ent(&f, "path", np);
	if (!written_by_log(wr)) {
		inferred_download_words(&f, r, c, wr);
		return an_finding_commit(x, &f, NULL);
	}
	ct_buf_adds(&f.title, "Updater wrote ");
	ct_buf_adds(&f.title, an_base_of(c->image));
	ct_buf_add(&f.description, r->who.buf, r->who.len);
	ct_buf_adds(&f.description, " wrote ");
	ct_buf_add_utf8_clean(&f.description, c->image, strlen(c->image));
	ct_buf_addf(&f.description, " (%s), which it started soon after.",
	    wr->how ? wr->how : "?");
	ct_buf_adds(&f.attack, "T1105");
	ct_buf_add(&f.statement, r->who.buf, r->who.len);
	ct_buf_adds(&f.statement, " wrote ");
	ct_buf_add_utf8_clean(&f.statement, an_base_of(c->image),
	    strlen(an_base_of(c->image)));
	ct_buf_adds(&f.statement, " to ");
	ct_buf_add_utf8_clean(&f.statement, c->image,
	    (size_t)(an_base_of(c->image) - c->image));
	ct_buf_adds(&f.statement, ", a user-writable folder");
	if (r->contacted.len) {
		ct_buf_adds(&f.statement, ", after contacting ");
		ct_buf_add(&f.statement, r->contacted.buf, r->contacted.len);
	}
	return an_finding_commit(x, &f, NULL);
}

/* The start of the file child c it had just written (wr). */
static enum ct_status
start_finding(struct an_ctx *x, const struct run *r, const struct an_proc *c,
    const struct written *wr, const char *np)
{
	struct an_finding f;
	enum ct_status rc;
	double secs;

	an_finding_init(&f, "updater-started-download", r->severity);
	/* As sure as the parent link and the write it rests on. */
	f.confidence = written_by_log(wr) ? "high" : "medium";
	an_confidence_of_link(&f, c);
	an_finding_time(&f, c->start_ts);
	if ((rc = an_cite_process(x, &f, c->id, "started process"))) {
		an_finding_release(&f);
		return rc;
	}
	an_finding_ev(&f, wr->rec, "file written");
	an_finding_ent_int(&f, "process", r->u->id);
	an_finding_ent(&f, "path", np);
	ct_buf_adds(&f.title, written_by_log(wr) ? "Updater started the file it "
	    "had just written: " : "Updater started the file that had just "
	    "appeared: ");
	ct_buf_adds(&f.title, an_base_of(c->image));
	secs = (double)(c->start_ts - wr->ts) / 1e7;
	ct_buf_addf(&f.description, "%s started %s", r->who.buf, c->image);
	if (c->pid != CT_NULL_INT)
		ct_buf_addf(&f.description, " (PID %lld)", (long long)c->pid);
	ct_buf_addf(&f.description, written_by_log(wr) ? " %.1f seconds after "
	    "writing it." : " %.1f seconds after the file appeared.", secs);
	if (c->cmd[0]) {
		ct_buf_adds(&f.description, " Command line: ");
		an_add_short(&f.description, c->cmd, 2000);
	} else {
		ct_buf_adds(&f.description, " Its command line is not recorded.");
	}
	ct_buf_adds(&f.attack, "T1195.002,T1204.002");
	ct_buf_add(&f.statement, r->who.buf, r->who.len);
	ct_buf_adds(&f.statement, " started ");
	ct_buf_add_utf8_clean(&f.statement, an_base_of(c->image),
	    strlen(an_base_of(c->image)));
	an_pid_and_sources_words(x, c, &f.statement);
	ct_buf_addf(&f.statement, written_by_log(wr) ? ", a file it had "
	    "written %.0f second%s earlier" : ", a file that had appeared %.0f "
	    "second%s earlier", secs, secs >= 0.5 && secs < 1.5 ? "" : "s");
	if (r->contacted.len) {
		ct_buf_adds(&f.statement, ", after contacting ");
		ct_buf_add(&f.statement, r->contacted.buf, r->contacted.len);
		if (r->ioc)
			ct_buf_adds(&f.statement, " (listed in the threat report)");
	}
	an_inferred_parent_words(&f.statement, c);
	if (an_parent_inferred(c)) {
		ct_buf_adds(&f.description, " No process-creation log records "
		    "its parent: ");
		ct_buf_add_utf8_clean(&f.description, c->parent_basis,
		    strlen(c->parent_basis));
		ct_buf_addf(&f.description, " (confidence %s).", c->parent_conf);
	}
	return an_finding_commit(x, &f, NULL);
}

/*
 * A suspicious run: its connections, and for every child it had just
 * written the download, the start and the child's own connections, each a
 * step of its own.
 */
static enum ct_status
run_steps(struct an_ctx *x, const struct run *r)
{
	enum ct_status rc;
	struct an_proc c;
	char whop[512];
	int k;

	snprintf(whop, sizeof(whop), "%s", r->who.buf);
	if ((rc = an_connection_findings(x, r->u, whop, r->new_addr ?
	    SEV_MEDIUM : SEV_LOW, "during an updater run with behaviour "
	    "updaters do not show", "T1071.001")))
		return rc;
	for (k = 0; k < r->nchild && rc == CT_OK; k++) {
		struct ct_buf np = CT_BUF_INIT;
		char whoc[512];

		if (!r->wrote[k] || an_proc_load(x, r->children[k], &c) <= 0)
			continue;
		an_normpath(&np, c.image);
		if ((rc = download_finding(x, r, &c, &r->wr[k], np.buf)) == CT_OK &&
		    (rc = start_finding(x, r, &c, &r->wr[k], np.buf)) == CT_OK) {
			snprintf(whoc, sizeof(whoc), "%s (started by the updater)",
			    an_base_of(c.image));
			rc = an_connection_findings(x, &c, whoc, SEV_MEDIUM,
			    "from an executable an updater had just downloaded",
			    "T1071.001");
		}
		ct_buf_release(&np);
		an_proc_release(&c);
	}
	return rc;
}

static enum ct_status
updater_run(struct an_ctx *x, const struct an_proc *u, const char *label)
{
	struct run r;
	enum ct_status rc;

	memset(&r, 0, sizeof(r));
	ct_buf_init(&r.who, 0);
	ct_buf_init(&r.why, 0);
	ct_buf_init(&r.contacted, 0);
	r.u = u;
	r.label = label;
	r.severity = SEV_INFO;
	an_proc_load(x, u->parent_id, &r.parent);
	ct_buf_addf(&r.who, "the %s ", label);
	ct_buf_add_utf8_clean(&r.who, an_base_of(u->image),
	    strlen(an_base_of(u->image)));
	if ((rc = run_contacts(x, &r)) || (rc = run_children(x, &r)))
		goto out;
	/*
	 * What its descendants did: three generations deep (updater ->
	 * payload -> PowerShell -> ...) once the run is already flagged, only
	 * its direct children otherwise - the deep walk is what costs time on
	 * hosts where an updater runs thousands of times.
	 */
	if (descendant_signs(x, u->id, u->image, r.severity > SEV_INFO ? 3 : 1,
	    &r.why))
		r.severity = SEV_HIGH;
	if ((rc = run_finding(x, &r)) == CT_OK && r.severity >= SEV_MEDIUM)
		rc = run_steps(x, &r);
out:
	an_proc_release(&r.parent);
	ct_buf_release(&r.why);
	ct_buf_release(&r.who);
	ct_buf_release(&r.contacted);
	return rc;
}

enum ct_status
an_detect_updaters(struct an_ctx *x)
{
	sqlite3_stmt *st;
	enum ct_status rc;
	int r;

	/* Connections per updater image, for the "never used before" baseline. */
	if ((rc = an_exec(x, "CREATE TEMP TABLE t_uconn AS SELECT"
	    " ct_normpath(q.image) AS np, q.start_ts AS st, a.target AS target"
	    " FROM process_activity a JOIN process q ON q.id = a.process_id"
	    " WHERE a.kind IN ('connect', 'bits') AND q.image IS NOT NULL;"
	    "CREATE INDEX t_uconn_i ON t_uconn(np, target, st);"
	    /* Executables the change journal saw created (no Sysmon needed). */
	    "CREATE TEMP TABLE t_ucreate AS SELECT record_id, ts,"
	    " lower(name) AS nm, ct_normpath(path) AS np FROM usn"
	    " WHERE reasons LIKE '%FILE_CREATE%' AND path IS NOT NULL"
	    " AND " AN_SQL_IS_CODE("name") ";"
	    "CREATE INDEX t_ucreate_i ON t_ucreate(nm, ts)", "updater baseline")))
		return rc;
	an_timing(x, "updater baseline tables");
	if ((rc = an_prepare(x, "SELECT id, image FROM process WHERE image IS NOT NULL"
	    " AND image != '' ORDER BY start_ts, id", &st)))
		return rc;
	while ((r = sqlite3_step(st)) == SQLITE_ROW) {
		struct an_proc u, parent;
		const char *label, *image = ct_sql_text(st, 1);
		int heur = 0;

		/* Cheap test on the image first: most processes are not updaters. */
		label = an_knowledge_updater(&x->know, image);
		if (label == NULL && !an_looks_like_updater(image))
			continue;
		if (an_proc_load(x, sqlite3_column_int64(st, 0), &u) <= 0)
			continue;
		if (label == NULL && an_looks_like_updater(u.image)) {
			an_proc_load(x, u.parent_id, &parent);
			heur = an_started_by_scheduler_or_service(&parent, &u);
			an_proc_release(&parent);
			if (!heur) {
				sqlite3_stmt *q;

				if (an_cached(x, "SELECT 1 FROM process_activity"
				    " WHERE process_id = ? AND kind IN ('connect', 'bits')"
				    " LIMIT 1", &q) == CT_OK) {
					sqlite3_bind_int64(q, 1, u.id);
					heur = sqlite3_step(q) == SQLITE_ROW;
					an_release(q);
				}
			}
			if (heur)
				label = "software updater";
		}
		rc = label ? updater_run(x, &u, label) : CT_OK;
		an_proc_release(&u);
		if (rc) {
			sqlite3_finalize(st);
			return rc;
		}
	}
	sqlite3_finalize(st);
	if ((rc = an_step_done(x, r, "updaters")))
		return rc;
	return an_exec(x, "DROP TABLE t_uconn; DROP TABLE t_ucreate",
	    "updater baseline");
}
