/*
 * coverage.c - what the evidence of the case can and cannot show.
 *
 * Most hosts an analyst receives have no Sysmon and no process-creation
 * auditing; a finding built without them rests on inference, and a
 * reader must know that before believing or doubting it. This step
 * writes one coverage row per kind of evidence the analysis uses: which
 * the case holds (how many records, over which time span), which the
 * host did not record although its log is here (Security without 4688:
 * the audit policy was the default), which were not collected at all,
 * and each event log's own gaps (a log that starts after record 1 lost
 * its older records; a 1102 or 104 says it was cleared). Each row says,
 * in words, what the absence means for the findings.
 *
 * The event logs are read once, grouped by channel, event ID and level;
 * every log capability below is a row of data answered from those
 * groups, so adding one is a line in the table, not a query.
 */
#include "compat.h"

#include "buf.h"
#include "steps.h"
#include "sql.h"
#include "timefmt.h"
#include "xalloc.h"

#define SYSMON	"Microsoft-Windows-Sysmon/Operational"
#define PSOPS	"Microsoft-Windows-PowerShell/Operational"

/* A capability of an event log: which events show it. */
static const struct log_capability {
	const char *area;
	const char *evidence;	/* in words, for the report */
	const char *channel;
	int ids[8];		/* event IDs (0 ends the list) */
	int need_cmdline;	/* only events with a command line count */
	int need_parent;	/* shown only when the row before has events */
	int partial_level;	/* all events at this level: partial (0 none) */
	const char *if_absent;	/* the log is here, without these events */
	const char *if_partial;
	const char *if_not_collected;
} log_caps[] = {
	{ "processes", "Sysmon process creation (event 1)", SYSMON, { 1 },
	  0, 0, 0,
	  "Sysmon ran but logged no process creation: its configuration "
	  "excluded it",
	  NULL,
	  "no Sysmon log in the case (the host had no Sysmon, or the log was "
	  "not collected): no process GUIDs, image hashes or parent links "
	  "from Sysmon" },
	{ "processes", "Security process creation (4688; 592 on XP)", "Security",
	  { 4688, 592 }, 0, 0, 0,
	  "process-creation auditing was off (the Windows default): no log "
	  "says which process started which; parents are inferred from "
	  "timing and artefacts, and each inference says so",
	  NULL,
	  "no Security log in the case: logons, process creation and log "
	  "clearing cannot be checked" },
	{ "processes", "command lines in 4688", "Security", { 4688 }, 1, 1, 0,
	  "command-line auditing was off (the Windows default): 4688 names "
	  "the program but not its arguments", NULL, NULL },
	{ "network", "Sysmon network connections (event 3)", SYSMON, { 3 },
	  0, 0, 0,
	  "Sysmon logged no network connection (its configuration excluded "
	  "them): connections are known only from other logs", NULL, NULL },
	{ "network", "Sysmon DNS queries (event 22)", SYSMON, { 22 }, 0, 0, 0,
	  "Sysmon logged no DNS query", NULL, NULL },
	{ "files", "Sysmon file creation (event 11)", SYSMON, { 11, 23, 26 },
	  0, 0, 0,
	  "Sysmon logged no file creation or deletion: which process wrote a "
	  "file is inferred from the file system's times and the USN journal",
	  NULL, NULL },
	{ "powershell", "PowerShell script blocks (4104)", PSOPS, { 4104 },
	  0, 0, 3,
	  "PowerShell logged no script block",
	  "script block logging was not enabled: PowerShell logged only the "
	  "blocks it judged suspicious (automatic logging, level Warning); "
	  "other scripts ran unrecorded",
	  "no PowerShell Operational log in the case: script text cannot be "
	  "shown" },
	{ "powershell", "Windows PowerShell engine and pipeline (400, 600, "
	  "800)", "Windows PowerShell", { 400, 403, 600, 800 }, 0, 0, 0,
	  "the Windows PowerShell log has no engine start: PowerShell 2-5 "
	  "host command lines are not known from it", NULL,
	  "no Windows PowerShell log in the case: PowerShell host command "
	  "lines (event 400) cannot be shown" },
	{ "logons", "logons (4624, 4625, 4634)", "Security",
	  { 4624, 4625, 4634 }, 0, 0, 0,
	  "logon auditing was off: who was logged on is not known from the "
	  "Security log", NULL, NULL },
	{ "persistence", "service installations (7045)", "System", { 7045 },
	  0, 0, 0, "no service was installed while the System log ran",
	  NULL, "no System log in the case: service installations and log "
	  "clearing of other logs cannot be checked" },
	{ "persistence", "scheduled tasks (TaskScheduler 106, 140, 141, 200, "
	  "201)", "Microsoft-Windows-TaskScheduler/Operational",
	  { 106, 140, 141, 200, 201 }, 0, 0, 0,
	  "the Task Scheduler log has no task registration or run",
	  NULL, "no Task Scheduler log in the case: task registrations and "
	  "runs are known only from the task files and the registry" },
	{ "network", "BITS transfers (3, 59, 60)",
	  "Microsoft-Windows-Bits-Client/Operational", { 3, 59, 60 }, 0, 0, 0,
	  "no BITS job ran while the BITS log ran", NULL,
	  "no BITS Client log in the case: BITS downloads cannot be shown" },
};

/* Evidence outside the event logs: a table of the case, and its meaning. */
static const struct table_capability {
	const char *area;
	const char *evidence;
	const char *count_sql;	/* count, first and last time */
	int from_disk;		/* only a disk image (or volume) shows its absence */
	const char *if_absent;
	const char *if_not_collected;
} table_caps[] = {
	{ "files", "file system entries ($MFT or inodes)",
	  "SELECT count(*), min(nullif(si_crtime, 0)), max(si_mtime) FROM file",
	  1, "the image's file systems held no entries that could be read",
	  "no disk image in the case: deleted files, file times and hashes "
	  "cannot be checked" },
	{ "files", "USN journal ($UsnJrnl:$J)",
	  "SELECT count(*), min(ts), max(ts) FROM usn", 1,
	  "no USN journal records: the journal was disabled, emptied or "
	  "wrapped; file creation and deletion are known only from $MFT times",
	  "no USN journal in the case: the history of file creation, renaming "
	  "and deletion cannot be shown" },
	{ "execution", "Prefetch",
	  "SELECT count(*), min(nullif(last_run, 0)), max(last_run) FROM "
	  "prefetch", 1,
	  "no Prefetch files: Prefetch was disabled (the default on Windows "
	  "Server) or its folder emptied; program runs are not known from it",
	  "no Prefetch files in the case: program run counts and times "
	  "cannot be shown" },
	{ "registry", "registry hives",
	  "SELECT count(*), min(nullif(last_written, 0)), max(last_written) "
	  "FROM reg_key", 1,
	  "no registry hive was read from the image",
	  "no registry hive in the case: Amcache, ShimCache, BAM, services, "
	  "Run keys and accounts cannot be checked" },
	{ "execution", "Amcache",
	  "SELECT count(*), min(time), max(time) FROM artefact WHERE kind "
	  "LIKE 'amcache%'", 1,
	  "no Amcache entries: the hive was absent or empty", NULL },
	{ "execution", "ShimCache (AppCompatCache)",
	  "SELECT count(*), min(time), max(time) FROM artefact WHERE kind = "
	  "'shimcache'", 1, "no ShimCache entries were decoded", NULL },
	{ "execution", "BAM / DAM",
	  "SELECT count(*), min(time), max(time) FROM artefact WHERE kind IN "
	  "('bam', 'dam')", 1,
	  "no BAM entries (Windows before 10 1709 has none)", NULL },
};

/*
 * One group of the event logs: a log file (source), a channel, an event ID
 * and a level, with what the analysis needs of its records. Record
 * numbers count only records read in place, not those recovered from
 * slack, which keep numbers of their own.
 */
struct group {
	int64_t source_id;
	char *channel;
	int64_t event_id, level, n, with_cmdline, first, last;
	int64_t live, rn_min, rn_max;	/* records in place, their numbers */
	uint32_t hash;
};

/* The groups, in an open-addressing table (a case has few of them). */
struct groups {
	struct group *g;
	size_t n, cap;		/* cap: a power of two, or 0 */
};

static void
groups_release(struct groups *gs)
{
	size_t i;

	for (i = 0; i < gs->cap; i++)
		free(gs->g[i].channel);
	free(gs->g);
}

static uint32_t
group_hash(int64_t source_id, const char *channel, int64_t event_id,
    int64_t level)
{
	uint32_t h = 2166136261u;
	const unsigned char *p;
	int64_t v[3] = { source_id, event_id, level };
	size_t i, k;

	for (p = (const unsigned char *)channel; *p; p++)
		h = (h ^ *p) * 16777619u;
	for (k = 0; k < 3; k++)
		for (i = 0; i < 8; i++)
			h = (h ^ (uint8_t)((uint64_t)v[k] >> (i * 8))) *
			    16777619u;
	return h;
}

static void groups_grow(struct groups *gs);

static struct group *
group_of(struct groups *gs, int64_t source_id, const char *channel,
    int64_t event_id, int64_t level)
{
	uint32_t h = group_hash(source_id, channel, event_id, level);
	size_t i;

	if ((gs->n + 1) * 2 > gs->cap)
		groups_grow(gs);
	for (i = h & (gs->cap - 1);; i = (i + 1) & (gs->cap - 1)) {
		struct group *g = &gs->g[i];

		if (g->channel == NULL) {
			g->source_id = source_id;
			g->channel = ct_xstrdup(channel);
			g->event_id = event_id;
			g->level = level;
			g->first = g->last = CT_NULL_INT;
			g->rn_min = g->rn_max = CT_NULL_INT;
			g->hash = h;
			gs->n++;
			return g;
		}
		if (g->hash == h && g->source_id == source_id &&
		    g->event_id == event_id && g->level == level &&
		    strcmp(g->channel, channel) == 0)
			return g;
	}
}

static void
groups_grow(struct groups *gs)
{
	struct groups bigger = { NULL, 0, gs->cap ? gs->cap * 2 : 64 };
	size_t i;

	bigger.g = ct_xcalloc(bigger.cap, sizeof(*bigger.g));
	for (i = 0; i < gs->cap; i++) {
		struct group *g = &gs->g[i];
		size_t j;

		if (g->channel == NULL)
			continue;
		for (j = g->hash & (bigger.cap - 1); bigger.g[j].channel;
		    j = (j + 1) & (bigger.cap - 1))
			;
		bigger.g[j] = *g;
		bigger.n++;
	}
	free(gs->g);
	*gs = bigger;
}

static void
min_max(int64_t v, int64_t *lo, int64_t *hi)
{
	if (v == CT_NULL_INT)
		return;
	if (*lo == CT_NULL_INT || v < *lo)
		*lo = v;
	if (*hi == CT_NULL_INT || v > *hi)
		*hi = v;
}

/*
 * One pass over the event logs, aggregated here rather than by a GROUP BY:
 * SQLite would sort every row to group them, which costs three times the
 * scan on a case of a million records.
 */
static enum ct_status
groups_load(struct an_ctx *x, struct groups *gs)
{
	sqlite3_stmt *st;
	enum ct_status rc;
	int r;

	if ((rc = an_prepare(x, "SELECT r.source_id, coalesce(x.channel, ''), "
	    "x.event_id, coalesce(x.level, -1), coalesce(x.command_line, '') "
	    "<> '', coalesce(x.created, x.written), x.record_number, r.flags & 2 "
	    "FROM evtx x JOIN record r ON r.id = x.record_id", &st)))
		return rc;
	while ((r = sqlite3_step(st)) == SQLITE_ROW) {
		struct group *g = group_of(gs, sqlite3_column_int64(st, 0),
		    ct_sql_text(st, 1), sqlite3_column_int64(st, 2),
		    sqlite3_column_int64(st, 3));

		g->n++;
		g->with_cmdline += sqlite3_column_int(st, 4);
		min_max(ct_sql_int(st, 5), &g->first, &g->last);
		if (sqlite3_column_int(st, 7) == 0) {
			g->live++;
			min_max(ct_sql_int(st, 6), &g->rn_min, &g->rn_max);
		}
	}
	rc = an_step_done(x, r, "read the event logs' contents");
	sqlite3_finalize(st);
	return rc;
}

/* What a set of groups adds up to. */
struct tally {
	int64_t n, at_level, first, last;
};

static void
tally_add(struct tally *t, const struct group *g, int64_t n, int level)
{
	if (n <= 0)
		return;
	t->n += n;
	if (level && g->level == level)
		t->at_level += n;
	if (g->first != CT_NULL_INT && (t->first == CT_NULL_INT ||
	    g->first < t->first))
		t->first = g->first;
	if (g->last != CT_NULL_INT && (t->last == CT_NULL_INT ||
	    g->last > t->last))
		t->last = g->last;
}

static int
has_id(const int *ids, int64_t id)
{
	size_t i;

	for (i = 0; i < 8 && ids[i]; i++)
		if (ids[i] == id)
			return 1;
	return 0;
}

static struct tally
tally_log(const struct groups *gs, const struct log_capability *cap)
{
	struct tally t = { 0, 0, CT_NULL_INT, CT_NULL_INT };
	size_t i;

	for (i = 0; i < gs->cap; i++) {
		const struct group *g = &gs->g[i];

		if (g->channel == NULL || strcmp(g->channel, cap->channel) != 0)
			continue;
		if (has_id(cap->ids, g->event_id))
			tally_add(&t, g, cap->need_cmdline ? g->with_cmdline :
			    g->n, cap->partial_level);
	}
	return t;
}

static struct tally
tally_channel(const struct groups *gs, const char *channel)
{
	struct tally t = { 0, 0, CT_NULL_INT, CT_NULL_INT };
	size_t i;

	for (i = 0; i < gs->cap; i++)
		if (gs->g[i].channel && strcmp(gs->g[i].channel, channel) == 0)
			tally_add(&t, &gs->g[i], gs->g[i].n, 0);
	return t;
}

/* "12 events, 2024-03-05T10:00:00.0000000Z to ..." */
static char *
span_text(int64_t n, const char *what, int64_t first, int64_t last)
{
	char a[CT_TIME_ISO_LEN], b[CT_TIME_ISO_LEN];

	if (first == CT_NULL_INT || last == CT_NULL_INT)
		return ct_xasprintf("%" PRId64 " %s", n, what);
	return ct_xasprintf("%" PRId64 " %s, %s to %s", n, what,
	    ct_time_iso(first, a), ct_time_iso(last, b));
}

struct writer {
	struct an_ctx *x;
	sqlite3_stmt *ins;
	enum ct_status rc;
};

static void
put(struct writer *w, const char *area, const char *evidence,
    const char *state, int64_t n, int64_t first, int64_t last,
    int64_t source_id, int64_t record_id, const char *detail,
    const char *meaning)
{
	sqlite3_stmt *st = w->ins;

	if (w->rc)
		return;
	ct_sql_bind_text(st, 1, area);
	ct_sql_bind_text(st, 2, evidence);
	ct_sql_bind_text(st, 3, state);
	sqlite3_bind_int64(st, 4, n);
	ct_sql_bind_int(st, 5, first);
	ct_sql_bind_int(st, 6, last);
	if (source_id > 0)
		sqlite3_bind_int64(st, 7, source_id);
	else
		sqlite3_bind_null(st, 7);
	if (record_id > 0)
		sqlite3_bind_int64(st, 8, record_id);
	else
		sqlite3_bind_null(st, 8);
	ct_sql_bind_text(st, 9, detail);
	ct_sql_bind_text(st, 10, meaning);
	w->rc = an_step_done(w->x, sqlite3_step(st), "write coverage");
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
}

static void
log_capabilities(struct writer *w, const struct groups *gs)
{
	size_t i;
	int parent_had = 0;

	for (i = 0; i < CT_ARRAY_SIZE(log_caps); i++) {
		const struct log_capability *cap = &log_caps[i];
		struct tally all = tally_channel(gs, cap->channel);
		struct tally t = tally_log(gs, cap);
		char *detail;

		if (cap->need_parent && !parent_had)
			continue;
		parent_had = t.n > 0;
		if (all.n == 0) {
			if (cap->if_not_collected == NULL)
				continue;	/* the row of the log says it */
			detail = ct_xasprintf("no %s log in the case",
			    cap->channel);
			put(w, cap->area, cap->evidence, "not-collected", 0,
			    CT_NULL_INT, CT_NULL_INT, 0, 0, detail,
			    cap->if_not_collected);
		} else if (t.n == 0) {
			char *span = span_text(all.n, "records", all.first,
			    all.last);

			detail = ct_xasprintf("none in the %s log (%s)",
			    cap->channel, span);
			free(span);
			put(w, cap->area, cap->evidence, "absent", 0,
			    CT_NULL_INT, CT_NULL_INT, 0, 0, detail,
			    cap->if_absent);
		} else if (cap->partial_level && t.at_level == t.n) {
			detail = span_text(t.n, "events, all at the level of "
			    "automatic logging", t.first, t.last);
			put(w, cap->area, cap->evidence, "partial", t.n, t.first,
			    t.last, 0, 0, detail, cap->if_partial);
		} else {
			detail = span_text(t.n, "events", t.first, t.last);
			put(w, cap->area, cap->evidence, "present", t.n, t.first,
			    t.last, 0, 0, detail, NULL);
		}
		free(detail);
	}
}

static int
by_log(const void *a, const void *b)
{
	const struct group *x = *(const struct group *const *)a;
	const struct group *y = *(const struct group *const *)b;

	if (x->source_id != y->source_id)
		return x->source_id < y->source_id ? -1 : 1;
	return strcmp(x->channel, y->channel);
}

/* One event log: a channel of one log file, its groups added up. */
struct log_span {
	int64_t source_id, n, first, last, live, rn_min, rn_max;
	const char *channel;
};

static void
log_row(struct writer *w, sqlite3_stmt *path_st, const struct log_span *l)
{
	char *evidence = ct_xasprintf("%s log", l->channel[0] ? l->channel :
	    "event");
	char *span = span_text(l->n, "records", l->first, l->last);
	struct ct_buf m = CT_BUF_INIT;
	const char *path = "";
	char *detail, *meaning = NULL;
	int64_t missing = 0;

	sqlite3_reset(path_st);
	sqlite3_bind_int64(path_st, 1, l->source_id);
	if (sqlite3_step(path_st) == SQLITE_ROW)
		path = ct_sql_text(path_st, 0);
	if (l->rn_min != CT_NULL_INT) {
		detail = ct_xasprintf("%s (records %" PRId64 " to %" PRId64
		    "), in %s", span, l->rn_min, l->rn_max, path);
		missing = l->rn_max - l->rn_min + 1 - l->live;
	} else {
		detail = ct_xasprintf("%s (all recovered from slack), in %s",
		    span, path);
	}
	if (l->rn_min != CT_NULL_INT && l->rn_min > 1)
		ct_buf_addf(&m, "the log starts at record %" PRId64 ": the %"
		    PRId64 " records before it were overwritten as the log "
		    "rolled over, or cleared; nothing before its first time can "
		    "be known from this log", l->rn_min, l->rn_min - 1);
	if (missing > 0)
		ct_buf_addf(&m, "%s%" PRId64 " record number(s) between its "
		    "first and last record are missing (damaged chunks, or "
		    "records that could not be read)", m.len ? "; " : "",
		    missing);
	if (m.len)
		meaning = ct_buf_detach(&m, NULL);
	ct_buf_release(&m);
	put(w, "logs", evidence, meaning ? "partial" : "present", l->n,
	    l->first, l->last, l->source_id, 0, detail, meaning);
	free(evidence);
	free(span);
	free(detail);
	free(meaning);
}

/*
 * Each event log file's span, and its gaps: a log whose first record is
 * not record 1 lost the records before it (rolled over or cleared).
 */
static enum ct_status
log_files(struct writer *w, const struct groups *gs)
{
	const struct group **v = ct_xcalloc(gs->n ? gs->n : 1, sizeof(*v));
	sqlite3_stmt *path_st;
	size_t i, k = 0;

	if ((w->rc = an_prepare(w->x, "SELECT path FROM source WHERE id = ?",
	    &path_st))) {
		free(v);
		return w->rc;
	}
	for (i = 0; i < gs->cap; i++)
		if (gs->g[i].channel)
			v[k++] = &gs->g[i];
	qsort(v, k, sizeof(*v), by_log);
	for (i = 0; i < k && w->rc == CT_OK; ) {
		struct log_span l = { v[i]->source_id, 0, CT_NULL_INT,
		    CT_NULL_INT, 0, CT_NULL_INT, CT_NULL_INT, v[i]->channel };

		for (; i < k && v[i]->source_id == l.source_id &&
		    strcmp(v[i]->channel, l.channel) == 0; i++) {
			l.n += v[i]->n;
			l.live += v[i]->live;
			min_max(v[i]->first, &l.first, &l.last);
			min_max(v[i]->last, &l.first, &l.last);
			min_max(v[i]->rn_min, &l.rn_min, &l.rn_max);
			min_max(v[i]->rn_max, &l.rn_min, &l.rn_max);
		}
		log_row(w, path_st, &l);
	}
	sqlite3_finalize(path_st);
	free(v);
	return w->rc;
}

/* Every record that says a log was cleared, cited. */
static enum ct_status
log_clearing(struct writer *w)
{
	sqlite3_stmt *st;
	enum ct_status rc;
	int r;

	if ((rc = an_prepare(w->x, "SELECT x.record_id, r.source_id, "
	    "coalesce(x.created, x.written), CASE WHEN x.event_id = 1102 THEN "
	    "'Security' ELSE coalesce(x.log_name, 'an event') END, "
	    "x.user_name, r.locator FROM evtx x JOIN record r ON r.id = "
	    "x.record_id WHERE (x.event_id = 1102 AND x.channel = 'Security') "
	    "OR (x.event_id = 104 AND x.channel = 'System' AND x.provider = "
	    "'Microsoft-Windows-Eventlog') ORDER BY 3, 1", &st)))
		return rc;
	while (w->rc == CT_OK && (r = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t t = ct_sql_int(st, 2);
		const char *user = ct_sql_text_or_null(st, 4);
		char when[CT_TIME_ISO_LEN];
		char *evidence = ct_xasprintf("%s log", ct_sql_text(st, 3));
		char *detail = ct_xasprintf("cleared at %s%s%s (%s)",
		    t != CT_NULL_INT ? ct_time_iso(t, when) : "an unknown time",
		    user ? " by " : "", user ? user : "", ct_sql_text(st, 5));

		put(w, "logs", evidence, "cleared", 1, t, t,
		    sqlite3_column_int64(st, 1), sqlite3_column_int64(st, 0),
		    detail, "the events this log held before it was cleared "
		    "are gone; findings cannot rest on them and their absence "
		    "proves nothing");
		free(evidence);
		free(detail);
	}
	if (w->rc == CT_OK)
		w->rc = an_step_done(w->x, r, "read log clearing events");
	sqlite3_finalize(st);
	return w->rc;
}

/* A query's count, first and last time (NULLs: 0 and CT_NULL_INT). */
static enum ct_status
count_span(struct an_ctx *x, const char *sql, int64_t out[3])
{
	sqlite3_stmt *st;
	enum ct_status rc;
	int i, r;

	out[0] = 0;
	out[1] = out[2] = CT_NULL_INT;
	if ((rc = an_prepare(x, sql, &st)))
		return rc;
	if ((r = sqlite3_step(st)) == SQLITE_ROW) {
		for (i = 0; i < 3; i++)
			out[i] = ct_sql_int(st, i);
		r = sqlite3_step(st);
	}
	rc = an_step_done(x, r, "count the evidence");
	sqlite3_finalize(st);
	if (out[0] == CT_NULL_INT)
		out[0] = 0;
	return rc;
}

static void
table_capabilities(struct writer *w)
{
	int64_t disk[3], v[3];
	size_t i;

	if ((w->rc = count_span(w->x, "SELECT count(*), NULL, NULL FROM "
	    "source WHERE kind IN ('image', 'volume')", disk)))
		return;
	for (i = 0; i < CT_ARRAY_SIZE(table_caps) && w->rc == CT_OK; i++) {
		const struct table_capability *cap = &table_caps[i];
		char *detail;

		if ((w->rc = count_span(w->x, cap->count_sql, v)))
			return;
		if (v[0] > 0) {
			detail = span_text(v[0], "records", v[1], v[2]);
			put(w, cap->area, cap->evidence, "present", v[0], v[1],
			    v[2], 0, 0, detail, NULL);
			free(detail);
		} else if (disk[0] > 0 || !cap->from_disk) {
			put(w, cap->area, cap->evidence, "absent", 0,
			    CT_NULL_INT, CT_NULL_INT, 0, 0,
			    "none in the disk image(s) of the case",
			    cap->if_absent);
		} else if (cap->if_not_collected) {
			put(w, cap->area, cap->evidence, "not-collected", 0,
			    CT_NULL_INT, CT_NULL_INT, 0, 0,
			    "no disk image or such files in the case",
			    cap->if_not_collected);
		}
	}
}

enum ct_status
an_assess_coverage(struct an_ctx *x)
{
	struct groups gs = { NULL, 0, 0 };
	struct writer w = { x, NULL, CT_OK };

	if ((w.rc = an_prepare(x, "INSERT INTO coverage (area, evidence, "
	    "state, records, first_ts, last_ts, source_id, record_id, detail, "
	    "meaning) VALUES (?,?,?,?,?,?,?,?,?,?)", &w.ins)))
		return w.rc;
	if ((w.rc = groups_load(x, &gs)) == CT_OK) {
		log_capabilities(&w, &gs);
		if (w.rc == CT_OK)
			log_files(&w, &gs);
		if (w.rc == CT_OK)
			log_clearing(&w);
		if (w.rc == CT_OK)
			table_capabilities(&w);
	}
	groups_release(&gs);
	sqlite3_finalize(w.ins);
	return w.rc;
}
