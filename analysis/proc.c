/*
 * proc.c - a process of the process model as the detections see it, and
 * what they say about one: who started it, its parents in words, the
 * records it rests on, the indicators on a record, its connections as
 * findings (see proc.h).
 */
#include "compat.h"

#include <strings.h>

#include "finding.h"
#include "paths.h"
#include "proc.h"
#include "sql.h"
#include "words.h"
#include "xalloc.h"

void
an_proc_release(struct an_proc *p)
{
	free(p->image);
	free(p->cmd);
	free(p->user);
	free(p->parent_image);
	free(p->parent_cmd);
	free(p->parent_basis);
	free(p->parent_conf);
	free(p->origin);
	memset(p, 0, sizeof(*p));
}

int
an_proc_load(struct an_ctx *x, int64_t id, struct an_proc *p)
{
	sqlite3_stmt *st;
	int found = 0;

	memset(p, 0, sizeof(*p));
	if (id == CT_NULL_INT || id <= 0)
		return 0;
	if (an_cached(x, "SELECT p.id, p.pid, p.start_ts, p.end_ts,"
	    " p.start_record_id, p.parent_id, p.image, p.command_line,"
	    " p.user_name, p.parent_image, x.parent_command_line,"
	    " p.parent_basis, p.parent_confidence, p.origin FROM process p"
	    " LEFT JOIN evtx x ON x.record_id = p.start_record_id"
	    " WHERE p.id = ?", &st))
		return -1;
	sqlite3_bind_int64(st, 1, id);
	if (sqlite3_step(st) == SQLITE_ROW) {
		p->id = sqlite3_column_int64(st, 0);
		p->pid = ct_sql_int(st, 1);
		p->start_ts = ct_sql_int(st, 2);
		p->end_ts = ct_sql_int(st, 3);
		p->start_rec = ct_sql_int(st, 4);
		p->parent_id = ct_sql_int(st, 5);
		p->image = ct_xstrdup(ct_sql_text(st, 6));
		p->cmd = ct_xstrdup(ct_sql_text(st, 7));
		p->user = ct_xstrdup(ct_sql_text(st, 8));
		p->parent_image = ct_xstrdup(ct_sql_text(st, 9));
		p->parent_cmd = ct_xstrdup(ct_sql_text(st, 10));
		p->parent_basis = ct_xstrdup(ct_sql_text(st, 11));
		p->parent_conf = ct_xstrdup(ct_sql_text(st, 12));
		p->origin = ct_xstrdup(ct_sql_text(st, 13));
		found = 1;
	}
	an_release(st);
	return found;
}

/*
 * The service that started p by its own record (the TaskCache, the
 * TaskScheduler and System logs: process-artefacts.c, process.c), whose
 * name opens p's parent_basis; NULL for another basis or none.
 */
static const char *
recorded_starter(const struct an_proc *p)
{
	static const char *const starters[] = { "the Task Scheduler",
	    "the Service Control Manager" };
	size_t i;

	for (i = 0; p && p->parent_basis && i < CT_ARRAY_SIZE(starters); i++)
		if (strncmp(p->parent_basis, starters[i],
		    strlen(starters[i])) == 0)
			return starters[i];
	return NULL;
}

/*
 * Who started a process, in words: "the Task Scheduler", "explorer.exe".
 * When the parent's own start was not logged, the child's start event
 * still names its image and command line.
 */
void
an_starter_words(struct ct_buf *b, const struct an_proc *parent,
    const struct an_proc *child)
{
	const char *img = parent->image, *cmd = parent->cmd;

	if (parent->id == 0) {
		img = child ? child->parent_image : NULL;
		cmd = child ? child->parent_cmd : NULL;
		if (recorded_starter(child)) {
			ct_buf_adds(b, recorded_starter(child));
			return;
		}
		if (img == NULL || *img == '\0') {
			ct_buf_adds(b, "an unrecorded process");
			return;
		}
	}
	if ((an_base_is(img, "svchost.exe") && an_strcasestr(cmd, "schedule")) ||
	    an_base_is(img, "taskeng.exe") || an_base_is(img, "taskhostw.exe"))
		ct_buf_adds(b, "the Task Scheduler");
	else if (an_base_is(img, "services.exe"))
		ct_buf_adds(b, "the Service Control Manager");
	else
		ct_buf_add_utf8_clean(b, an_base_of(img), strlen(an_base_of(img)));
}

int
an_started_by_scheduler_or_service(const struct an_proc *parent,
    const struct an_proc *child)
{
	const char *img = parent->id ? parent->image : child->parent_image;

	if (parent->id == 0 && recorded_starter(child))
		return 1;
	return an_base_is(img, "svchost.exe") || an_base_is(img, "taskeng.exe") ||
	    an_base_is(img, "taskhostw.exe") || an_base_is(img, "services.exe");
}

int
an_parent_inferred(const struct an_proc *p)
{
	return p->parent_basis != NULL && p->parent_basis[0] != '\0';
}

static int
confidence_rank(const char *c)
{
	if (c == NULL)
		return 0;
	return strcmp(c, "high") == 0 ? 3 : strcmp(c, "medium") == 0 ? 2 :
	    strcmp(c, "low") == 0 ? 1 : 0;
}

void
an_confidence_of_link(struct an_finding *f, const struct an_proc *p)
{
	static const char *const names[] = { NULL, "low", "medium", "high" };
	int link = confidence_rank(p->parent_conf);

	if (an_parent_inferred(p) && link > 0 &&
	    link < confidence_rank(f->confidence))
		f->confidence = names[link];
}

void
an_inferred_parent_words(struct ct_buf *b, const struct an_proc *p)
{
	/* a starter's own record is no inference: the starter words say it */
	if (!an_parent_inferred(p) || recorded_starter(p))
		return;
	ct_buf_adds(b, "; no log records who started ");
	ct_buf_add_utf8_clean(b, an_base_of(p->image), strlen(an_base_of(p->image)));
	ct_buf_adds(b, ": ");
	ct_buf_add_utf8_clean(b, p->parent_basis, strlen(p->parent_basis));
	ct_buf_addf(b, " (confidence %s)", p->parent_conf);
}

/* The artefact each process_record role stands for, in words. */
static const struct role_word {
	const char *role, *words;
} role_words[] = {
	{ "Prefetch run", "Prefetch" },
	{ "BAM entry (last run)", "BAM" },
	{ "DAM entry (last run)", "DAM" },
	{ "UserAssist entry (last run)", "UserAssist" },
	{ "TaskCache last run", "the TaskCache" },
	{ "Task Scheduler 129 (task process)", "TaskScheduler 129" },
	{ "Amcache entry", "Amcache" },
	{ "ShimCache entry", "ShimCache" },
	{ "PowerShell engine start", "Windows PowerShell 400" },
	{ "BITS job", "the BITS log" },
	{ "service start (System 7036)", "System 7036" },
};

void
an_pid_and_sources_words(struct an_ctx *x, const struct an_proc *p,
    struct ct_buf *b)
{
	int seen[CT_ARRAY_SIZE(role_words)] = { 0 };
	sqlite3_stmt *st;
	size_t n = 0, i, k;

	if (p->id != 0 && strcmp(p->origin, "sysmon") != 0 &&
	    strcmp(p->origin, "security") != 0 && an_cached(x,
	    /* A PowerShell 400 process's start record is that 400. */
	    "SELECT DISTINCT CASE WHEN role = 'start' AND ?2 = 'powershell-log'"
	    " THEN 'PowerShell engine start' ELSE role END FROM process_record"
	    " WHERE process_id = ?1", &st) == CT_OK) {
		sqlite3_bind_int64(st, 1, p->id);
		sqlite3_bind_text(st, 2, p->origin, -1, SQLITE_STATIC);
		while (sqlite3_step(st) == SQLITE_ROW) {
			const char *role = ct_sql_text(st, 0);

			for (i = 0; i < CT_ARRAY_SIZE(role_words); i++)
				if (strcmp(role, role_words[i].role) == 0 &&
				    !seen[i]) {
					seen[i] = 1;
					n++;
				}
		}
		an_release(st);
	}
	if (p->pid != CT_NULL_INT && p->pid > 0)
		ct_buf_addf(b, " (PID %lld%s", (long long)p->pid, n ? "; " : ")");
	else if (n)
		ct_buf_adds(b, " (");
	if (n == 0)
		return;
	/* In the table's order, so the words do not depend on the query's. */
	ct_buf_adds(b, "seen in ");
	for (i = 0, k = 0; i < CT_ARRAY_SIZE(role_words); i++) {
		if (!seen[i])
			continue;
		if (k)
			ct_buf_adds(b, k + 1 == n ? " and " : ", ");
		ct_buf_adds(b, role_words[i].words);
		k++;
	}
	ct_buf_adds(b, ", no process-creation log)");
}

/* Records a process rests on (start, end, Prefetch, 4688 twin) as evidence. */
enum ct_status
an_cite_process(struct an_ctx *x, struct an_finding *f, int64_t pid,
    const char *role)
{
	sqlite3_stmt *st;
	enum ct_status rc;
	int r;

	if ((rc = an_cached(x, "SELECT record_id FROM process_record"
	    " WHERE process_id = ? ORDER BY record_id", &st)))
		return rc;
	sqlite3_bind_int64(st, 1, pid);
	while ((r = sqlite3_step(st)) == SQLITE_ROW)
		an_finding_ev(f, sqlite3_column_int64(st, 0), role);
	an_release(st);
	an_finding_ent_int(f, "process", pid);
	return an_step_done(x, r, "process records");
}

/* Indicator values that hit a record, appended as "a, b" to out; returns the count. */
int
an_ioc_on_record(struct an_ctx *x, int64_t rec, struct ct_buf *out)
{
	sqlite3_stmt *st;
	int n = 0;

	if (an_cached(x, "SELECT DISTINCT coalesce(i.normalized, i.value)"
	    " FROM indicator_hit h JOIN indicator i ON i.id = h.indicator_id"
	    " WHERE h.record_id = ? AND i.valid = 1 ORDER BY 1", &st))
		return 0;
	sqlite3_bind_int64(st, 1, rec);
	while (sqlite3_step(st) == SQLITE_ROW) {
		if (out) {
			if (n)
				ct_buf_adds(out, ", ");
			ct_buf_add_utf8_clean(out, ct_sql_text(st, 0),
			    strlen(ct_sql_text(st, 0)));
		}
		n++;
	}
	an_release(st);
	return n;
}

/* The address part of "1.2.3.4:80" or "[::1]:80". */
static void
addr_of(struct ct_buf *b, const char *target)
{
	const char *c = strrchr(target, ':');

	if (c && strchr(target, ':') == c)
		ct_buf_add(b, target, (size_t)(c - target));
	else
		ct_buf_adds(b, target);
}

/*
 * One finding per distinct address a suspicious process connected to.
 * who: words for the process ("powershell.exe (PID 7012)").
 */
enum ct_status
an_connection_findings(struct an_ctx *x, const struct an_proc *p, const char *who,
    int severity, const char *context, const char *attack)
{
	sqlite3_stmt *st;
	enum ct_status rc;
	int r;

	if ((rc = an_prepare(x, "SELECT target, min(ts), min(record_id),"
	    " count(*), group_concat(record_id) FROM process_activity"
	    " WHERE process_id = ? AND kind = 'connect' AND target IS NOT NULL"
	    " GROUP BY target ORDER BY min(ts), min(record_id)", &st)))
		return rc;
	sqlite3_bind_int64(st, 1, p->id);
	while ((r = sqlite3_step(st)) == SQLITE_ROW) {
		struct an_finding f;
		struct ct_buf addr = CT_BUF_INIT, iocs = CT_BUF_INIT;
		const char *target = ct_sql_text(st, 0), *list = ct_sql_text(st, 4);
		int64_t rec = sqlite3_column_int64(st, 2);
		int sev = severity;

		addr_of(&addr, target);
		an_finding_init(&f, "suspicious-connection", sev);
		an_finding_time(&f, ct_sql_int(st, 1));
		while (*list) {
			int64_t rid = strtoll(list, NULL, 10);

			an_finding_ev(&f, rid, "connection");
			an_ioc_on_record(x, rid, &iocs);
			list = strchr(list, ',') ? strchr(list, ',') + 1 : "";
		}
		if (iocs.len && sev < SEV_HIGH)
			sev = f.severity = SEV_HIGH;
		(void)rec;
		ct_buf_addf(&f.title, "%s connected to ", who);
		if (strncmp(f.title.buf, "the ", 4) == 0)
			f.title.buf[0] = 'T';
		ct_buf_add_utf8_clean(&f.title, target, strlen(target));
		ct_buf_addf(&f.description, "%s connected to ", who);
		ct_buf_add_utf8_clean(&f.description, target, strlen(target));
		ct_buf_addf(&f.description, " (%lld connection(s)) %s.",
		    (long long)sqlite3_column_int64(st, 3), context);
		ct_buf_addf(&f.statement, "%s connected to ", who);
		ct_buf_add_utf8_clean(&f.statement, addr.buf, addr.len);
		{
			const char *port = strrchr(target, ':');

			if (port && port[1])
				ct_buf_addf(&f.statement, " on port %s", port + 1);
		}
		if (iocs.len) {
			ct_buf_adds(&f.statement, ", an address listed in the "
			    "threat report");
			ct_buf_adds(&f.description, " Indicator(s) matched: ");
			ct_buf_add(&f.description, iocs.buf, iocs.len);
			ct_buf_addch(&f.description, '.');
			f.confidence = "high";
		}
		ct_buf_adds(&f.attack, attack);
		an_finding_ent(&f, "ip", addr.buf);
		an_finding_ent_int(&f, "process", p->id);
		ct_buf_addch(&f.details, '{');
		an_json_kv(&f.details, "target", target, 256);
		ct_buf_addch(&f.details, '}');
		ct_buf_release(&addr);
		ct_buf_release(&iocs);
		if ((rc = an_finding_commit(x, &f, NULL))) {
			sqlite3_finalize(st);
			return rc;
		}
	}
	sqlite3_finalize(st);
	return an_step_done(x, r, "connections");
}

/* Parent chain in words: "qeupdate_helper.exe (PID 6644) <- QEUpdate.exe (PID 5120)". */
void
an_parent_chain_words(struct an_ctx *x, int64_t parent_id, struct ct_buf *b)
{
	int depth;
	struct an_proc p;

	for (depth = 0; depth < AN_MAX_ANCESTORS && parent_id != CT_NULL_INT &&
	    parent_id > 0; depth++) {
		if (an_proc_load(x, parent_id, &p) <= 0)
			break;
		if (depth)
			ct_buf_adds(b, " ← ");
		ct_buf_add_utf8_clean(b, p.image, strlen(p.image));
		if (p.pid != CT_NULL_INT)
			ct_buf_addf(b, " (PID %lld)", (long long)p.pid);
		parent_id = p.parent_id;
		an_proc_release(&p);
	}
}
