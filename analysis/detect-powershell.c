/*
 * detect-powershell.c - the PowerShell step: every PowerShell execution
 * the evidence shows (processes, script blocks, the classic and
 * Operational logs), decoded and scored (pwsh.c), as findings, with the
 * connections of the suspicious ones.
 */
#include "compat.h"

#include <strings.h>

#include "finding.h"
#include "paths.h"
#include "proc.h"
#include "pwsh.h"
#include "steps.h"
#include "sql.h"
#include "words.h"

/* Titles list the strongest signs first. */
static void
signs_words(struct ct_buf *b, unsigned tags, int max)
{
	static const int order[] = { 9, 11, 15, 12, 16, 0, 5, 18, 10, 6, 17,
	    8, 14, 1, 7, 4, 2, 3, 13 };
	size_t i;
	int n = 0;

	_Static_assert(sizeof(order) / sizeof(order[0]) == CT_PS_NTAGS,
	    "every PowerShell sign has its place in titles");

	for (i = 0; i < CT_ARRAY_SIZE(order) && n < max; i++) {
		if (!(tags & (1u << order[i])))
			continue;
		ct_buf_adds(b, n ? ", " : "");
		ct_buf_adds(b, ct_pwsh_tag_name(order[i]));
		n++;
	}
}

static void
pwsh_attack(struct ct_buf *b, unsigned tags)
{
	ct_buf_adds(b, "T1059.001");
	if (tags & (CT_PS_ENCODED | CT_PS_OBFUSCATED | CT_PS_COMPRESS))
		ct_buf_adds(b, ",T1027");
	if (tags & (CT_PS_B64 | CT_PS_COMPRESS))
		ct_buf_adds(b, ",T1140");
	if (tags & CT_PS_CRADLE)
		ct_buf_adds(b, ",T1105");
	if (tags & CT_PS_HIDDEN)
		ct_buf_adds(b, ",T1564.003");
	if (tags & (CT_PS_AMSI | CT_PS_DEFENDER))
		ct_buf_adds(b, ",T1562.001");
	if (tags & CT_PS_CREDTHEFT)
		ct_buf_adds(b, ",T1003.001");
	if (tags & CT_PS_REFLECTION)
		ct_buf_adds(b, ",T1620");
	if (tags & CT_PS_KERBEROAST)
		ct_buf_adds(b, ",T1558.003");
	if (tags & CT_PS_PIPE)
		ct_buf_adds(b, ",T1559");
}

/* IPv4 addresses and http(s) URLs named in text become chain entities. */
static void
text_entities(struct an_finding *f, const char *s)
{
	const char *p;
	int n = 0;

	for (p = s; *p && n < 16; p++) {
		if ((strncasecmp(p, "http://", 7) == 0 ||
		    strncasecmp(p, "https://", 8) == 0)) {
			const char *h = strstr(p, "//") + 2, *e = h;
			char host[256];
			size_t hl;

			while (*e && *e != '/' && *e != ':' && *e != '\'' &&
			    *e != '"' && *e != ')' && *e != ' ')
				e++;
			hl = (size_t)(e - h);
			if (hl > 0 && hl < sizeof(host)) {
				memcpy(host, h, hl);
				host[hl] = '\0';
				an_finding_ent(f, "ip", host);
				n++;
			}
			p = e - 1;
		}
	}
}

/* What one PowerShell execution shows, decoded, for its finding's text. */
struct ps_seen {
	const struct an_proc *p;	/* its process, or NULL (log lines only) */
	struct an_proc parent;		/* zeroed when not recorded */
	const char *cmd, *script;	/* may be NULL */
	struct ct_pwsh_score sc;
	struct ct_buf dec;		/* the decoded -EncodedCommand */
	int decoded;			/* ct_pwsh_decode_command_line() */
	struct ct_buf payload;		/* decoded FromBase64String payloads */
	struct ct_buf chain;		/* its parents in words */
};

/* Description: everything the analyst needs to judge it. */
static void
ps_description(struct ct_buf *b, const struct ps_seen *e,
    const char *source_words)
{
	ct_buf_addf(b, "%s.", source_words);
	if (e->cmd && *e->cmd) {
		ct_buf_adds(b, " Command line: ");
		an_add_short(b, e->cmd, 4000);
		ct_buf_addch(b, '.');
	}
	if (e->chain.len) {
		ct_buf_adds(b, " Started by: ");
		ct_buf_add(b, e->chain.buf, e->chain.len);
		ct_buf_addch(b, '.');
	}
	if (e->decoded) {
		ct_buf_adds(b, e->decoded > 0 ?
		    " Decoded -EncodedCommand: " :
		    " -EncodedCommand (not valid base64 of UTF-16LE; partly decoded): ");
		an_add_short(b, e->dec.buf, 8000);
	}
	if (e->script && *e->script) {
		ct_buf_adds(b, " Script block text: ");
		an_add_short(b, e->script, 8000);
	}
	if (e->payload.len) {
		ct_buf_adds(b, " Decoded FromBase64String payload: ");
		an_add_short(b, e->payload.buf, 8000);
	}
	ct_buf_addf(b, " Score %d", e->sc.score);
	if (e->sc.tags) {
		ct_buf_adds(b, ": ");
		signs_words(b, e->sc.tags, CT_PS_NTAGS);
	}
	ct_buf_addch(b, '.');
}

static void
ps_details(struct ct_buf *b, const struct ps_seen *e)
{
	int k, first = 1;

	ct_buf_addch(b, '{');
	ct_buf_addf(b, "\"score\":%d,\"signs\":[", e->sc.score);
	for (k = 0; k < CT_PS_NTAGS; k++)
		if (e->sc.tags & (1u << k)) {
			ct_buf_addf(b, "%s\"%s\"", first ? "" : ",",
			    ct_pwsh_tag_name(k));
			first = 0;
		}
	ct_buf_addch(b, ']');
	an_json_kv(b, "command_line", e->cmd && *e->cmd ? e->cmd : NULL,
	    AN_MAX_DETAIL_TEXT);
	an_json_kv(b, "decoded", e->decoded ? e->dec.buf : NULL,
	    AN_MAX_DETAIL_TEXT);
	an_json_kv(b, "script", e->script && *e->script ? e->script : NULL,
	    AN_MAX_DETAIL_TEXT);
	an_json_kv(b, "parent_chain", e->chain.len ? e->chain.buf : NULL, 4096);
	an_json_kv(b, "payload", e->payload.len ? e->payload.buf : NULL,
	    AN_MAX_DETAIL_TEXT);
	ct_buf_addch(b, '}');
}

/* Statement for the narrative. */
static void
ps_statement(struct an_ctx *x, struct ct_buf *b, const struct ps_seen *e)
{
	const struct an_proc *p = e->p;
	unsigned tags = e->sc.tags;

	if (e->parent.id || (p && p->parent_image && *p->parent_image)) {
		an_starter_words(b, &e->parent, p);
		ct_buf_adds(b, " started PowerShell");
	} else {
		ct_buf_adds(b, "PowerShell ran");
	}
	if (p)
		an_pid_and_sources_words(x, p, b);
	if (tags & (CT_PS_HIDDEN | CT_PS_ENCODED)) {
		ct_buf_adds(b, " with ");
		if (tags & CT_PS_HIDDEN)
			ct_buf_adds(b, "a hidden window");
		if ((tags & CT_PS_HIDDEN) && (tags & CT_PS_ENCODED))
			ct_buf_adds(b, " and ");
		if (tags & CT_PS_ENCODED)
			ct_buf_adds(b, "an encoded command");
	}
	if (e->decoded && e->dec.len) {
		ct_buf_adds(b, "; decoded, the command reads \"");
		an_add_short(b, e->dec.buf, 300);
		ct_buf_addch(b, '"');
	} else if (e->script && *e->script) {
		ct_buf_adds(b, "; its script block reads \"");
		an_add_short(b, e->script, 300);
		ct_buf_addch(b, '"');
	} else if (e->cmd && *e->cmd) {
		ct_buf_adds(b, ": \"");
		an_add_short(b, e->cmd, 300);
		ct_buf_addch(b, '"');
	}
	if (tags & ~(unsigned)(CT_PS_HIDDEN | CT_PS_ENCODED)) {
		ct_buf_adds(b, " (signs: ");
		signs_words(b, tags & ~(unsigned)(CT_PS_HIDDEN | CT_PS_ENCODED),
		    4);
		ct_buf_addch(b, ')');
	}
	if (p)
		an_inferred_parent_words(b, p);
}

/* When no process gives the time: the first timeline point of rec. */
static void
time_of_record(struct an_ctx *x, struct an_finding *f, int64_t rec)
{
	sqlite3_stmt *st;

	if (an_prepare(x, "SELECT min(ts) FROM event WHERE record_id = ?", &st))
		return;
	sqlite3_bind_int64(st, 1, rec);
	if (sqlite3_step(st) == SQLITE_ROW)
		an_finding_time(f, ct_sql_int(st, 0));
	sqlite3_finalize(st);
}

/*
 * The finding of one PowerShell execution: process p (or NULL) with its
 * command line, the script blocks it ran (sb_rec) and a log record
 * (extra_rec, or 0); source_words says where it was seen. A suspicious
 * one's connections become findings too.
 */
static enum ct_status
pwsh_finding(struct an_ctx *x, const struct an_proc *p, const char *cmd,
    const char *script, const int64_t *sb_rec, size_t nsb,
    int64_t extra_rec, const char *source_words)
{
	struct ps_seen e;
	struct an_finding f;
	enum ct_status rc = CT_OK;
	size_t i;

	memset(&e, 0, sizeof(e));
	e.p = p;
	e.cmd = cmd;
	e.script = script;
	ct_pwsh_assess(cmd, script, &e.sc);
	/* Unattributed script blocks and log lines: only when they look bad. */
	if (p == NULL && e.sc.severity < SEV_LOW)
		return CT_OK;
	ct_buf_init(&e.dec, 0);
	ct_buf_init(&e.chain, 0);
	e.decoded = ct_pwsh_decode_command_line(cmd, &e.dec);
	ct_buf_init(&e.payload, AN_MAX_DETAIL_TEXT);
	if (cmd)
		(void)ct_pwsh_decode_payloads(cmd, &e.payload);
	if (e.dec.len)
		(void)ct_pwsh_decode_payloads(e.dec.buf, &e.payload);
	if (script)
		(void)ct_pwsh_decode_payloads(script, &e.payload);
	an_finding_init(&f, "powershell", e.sc.severity);
	f.confidence = e.sc.severity >= SEV_HIGH ? "high" : "medium";
	if (p) {
		an_finding_time(&f, p->start_ts);
		if ((rc = an_cite_process(x, &f, p->id, "PowerShell process")))
			goto out;
		if (an_proc_load(x, p->parent_id, &e.parent) > 0)
			an_finding_ent_int(&f, "process", e.parent.id);
		an_parent_chain_words(x, p->parent_id, &e.chain);
	}
	for (i = 0; i < nsb; i++)
		an_finding_ev(&f, sb_rec[i], "script block");
	an_finding_ev(&f, extra_rec, "PowerShell log");
	/* Without a process, the time of the record it cites. */
	if (f.first_ts == CT_NULL_INT && extra_rec > 0)
		time_of_record(x, &f, extra_rec);
	if (f.first_ts == CT_NULL_INT && nsb > 0)
		time_of_record(x, &f, sb_rec[0]);
	if (p)
		an_confidence_of_link(&f, p);
	if (e.sc.tags) {
		ct_buf_adds(&f.title, "PowerShell with ");
		signs_words(&f.title, e.sc.tags, 3);
	} else {
		ct_buf_adds(&f.title, "PowerShell execution");
	}
	if (p && p->pid != CT_NULL_INT)
		ct_buf_addf(&f.title, " (PID %lld)", (long long)p->pid);
	ps_description(&f.description, &e, source_words);
	ps_details(&f.details, &e);
	pwsh_attack(&f.attack, e.sc.tags);
	ps_statement(x, &f.statement, &e);
	if (e.payload.len)
		text_entities(&f, e.payload.buf);
	if (cmd)
		text_entities(&f, cmd);
	if (e.dec.len)
		text_entities(&f, e.dec.buf);
	if (script)
		text_entities(&f, script);
	rc = an_finding_commit(x, &f, NULL);
	if (rc == CT_OK && p && e.sc.severity >= SEV_MEDIUM) {
		char who[64];

		snprintf(who, sizeof(who), "powershell.exe (PID %lld)",
		    (long long)(p->pid == CT_NULL_INT ? 0 : p->pid));
		rc = an_connection_findings(x, p, who, e.sc.severity,
		    "from a PowerShell process with signs of malice",
		    (e.sc.tags & CT_PS_CRADLE) ? "T1071.001,T1105" : "T1071.001");
	}
out:
	an_finding_release(&f);
	an_proc_release(&e.parent);
	ct_buf_release(&e.dec);
	ct_buf_release(&e.chain);
	ct_buf_release(&e.payload);
	return rc;
}

#define PS_HOST_SQL "ct_basename(p.image) IN ('powershell.exe', 'pwsh.exe'," \
	" 'powershell_ise.exe', 'powershell')"

/*
 * The script blocks PowerShell process p logged while it ran (same PID,
 * within its lifetime) and no earlier process claimed: their texts joined
 * into scripts, their records into recs (at most nrecs), each marked used.
 */
static enum ct_status
claim_blocks(struct an_ctx *x, sqlite3_stmt *sb, const struct an_proc *p,
    struct ct_buf *scripts, int64_t *recs, size_t nrecs, size_t *n)
{
	enum ct_status rc = CT_OK;

	sqlite3_reset(sb);
	sqlite3_bind_int64(sb, 1, p->pid);
	sqlite3_bind_int64(sb, 2, p->start_ts == CT_NULL_INT ? 0 : p->start_ts);
	if (p->end_ts == CT_NULL_INT)
		sqlite3_bind_null(sb, 3);
	else
		sqlite3_bind_int64(sb, 3, p->end_ts);
	while (rc == CT_OK && sqlite3_step(sb) == SQLITE_ROW) {
		char mark[96];

		if (*n < nrecs)
			recs[(*n)++] = sqlite3_column_int64(sb, 1);
		if (scripts->len)
			ct_buf_adds(scripts, "\n");
		ct_buf_adds(scripts, ct_sql_text(sb, 2));
		snprintf(mark, sizeof(mark), "INSERT OR IGNORE INTO t_sb_used "
		    "VALUES (%lld)", (long long)sqlite3_column_int64(sb, 0));
		rc = an_exec(x, mark, "script block use");
	}
	return rc;
}

/*
 * The pipeline lines (Windows PowerShell 800: same host application) and
 * module lines (4103: same PID) PowerShell process p logged while it ran,
 * before the next process with the same command line started: their
 * distinct texts appended to scripts, their records to recs. On hosts
 * without script-block logging they are what shows the commands typed.
 */
static enum ct_status
claim_log_lines(struct an_ctx *x, const struct an_proc *p,
    struct ct_buf *scripts, int64_t *recs, size_t nrecs, size_t *n)
{
	sqlite3_stmt *st;
	enum ct_status rc;
	int r;

	if ((rc = an_cached(x, "SELECT l.rid, l.text FROM t_pslog l"
	    " WHERE ((l.eid = 800 AND l.host = ?1) OR (l.eid = 4103 AND ?2 > 0"
	    "  AND l.pid = ?2))"
	    " AND l.ts >= ?3 AND (?4 IS NULL OR l.ts <= ?4)"
	    " AND (l.eid = 4103 OR l.ts < coalesce((SELECT n.next FROM t_psnext n"
	    "  WHERE n.id = ?5), 9223372036854775807))"
	    " ORDER BY l.ts, l.rid", &st)))
		return rc;
	sqlite3_bind_text(st, 1, p->cmd, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, p->pid == CT_NULL_INT ? 0 : p->pid);
	sqlite3_bind_int64(st, 3, p->start_ts == CT_NULL_INT ? 0 : p->start_ts);
	if (p->end_ts == CT_NULL_INT)
		sqlite3_bind_null(st, 4);
	else
		sqlite3_bind_int64(st, 4, p->end_ts);
	sqlite3_bind_int64(st, 5, p->id);
	while ((r = sqlite3_step(st)) == SQLITE_ROW) {
		const char *text = ct_sql_text(st, 1);

		if (*text == '\0' || (scripts->len && strstr(scripts->buf, text)))
			continue;
		if (*n < nrecs)
			recs[(*n)++] = sqlite3_column_int64(st, 0);
		if (scripts->len)
			ct_buf_adds(scripts, "\n");
		ct_buf_adds(scripts, text);
	}
	an_release(st);
	return an_step_done(x, r, "PowerShell pipeline lines");
}

/*
 * 1. Processes: PowerShell hosts (with the script blocks they logged), and
 * shells whose command line runs PowerShell without a recorded child.
 */
static enum ct_status
ps_processes(struct an_ctx *x)
{
	sqlite3_stmt *st, *sb;
	enum ct_status rc;
	int r;

	if ((rc = an_prepare(x, "SELECT p.id FROM process p"
	    " WHERE " PS_HOST_SQL " OR (p.command_line IS NOT NULL"
	    "  AND (p.command_line LIKE '%powershell%' OR p.command_line LIKE '%pwsh%')"
	    "  AND NOT EXISTS (SELECT 1 FROM process c WHERE c.parent_id = p.id"
	    "   AND ct_basename(c.image) IN ('powershell.exe', 'pwsh.exe')))"
	    " ORDER BY p.start_ts, p.id", &st)))
		return rc;
	if ((rc = an_prepare(x, "SELECT s.id, s.first_record_id, s.text"
	    " FROM script_block s JOIN evtx x ON x.record_id = s.first_record_id"
	    " WHERE x.pid = ?1 AND coalesce(x.created, x.written) >= ?2"
	    " AND (?3 IS NULL OR coalesce(x.created, x.written) <= ?3)"
	    " AND s.id NOT IN (SELECT id FROM t_sb_used)"
	    " ORDER BY coalesce(x.created, x.written), s.id", &sb))) {
		sqlite3_finalize(st);
		return rc;
	}
	while (rc == CT_OK && (r = sqlite3_step(st)) == SQLITE_ROW) {
		struct an_proc p;
		struct ct_buf scripts;
		int64_t recs[32];
		size_t n = 0;

		if (an_proc_load(x, sqlite3_column_int64(st, 0), &p) <= 0)
			continue;
		ct_buf_init(&scripts, AN_MAX_DETAIL_TEXT);
		if (p.pid != CT_NULL_INT && ct_pwsh_is_host(p.image))
			rc = claim_blocks(x, sb, &p, &scripts, recs,
			    CT_ARRAY_SIZE(recs), &n);
		if (rc == CT_OK && ct_pwsh_is_host(p.image) && p.cmd[0])
			rc = claim_log_lines(x, &p, &scripts, recs,
			    CT_ARRAY_SIZE(recs), &n);
		if (rc == CT_OK)
			rc = pwsh_finding(x, &p, p.cmd, scripts.buf, recs, n, 0,
			    ct_pwsh_is_host(p.image) ? "PowerShell process" :
			    "A command line that runs PowerShell");
		ct_buf_release(&scripts);
		an_proc_release(&p);
	}
	sqlite3_finalize(st);
	sqlite3_finalize(sb);
	return rc ? rc : an_step_done(x, r, "PowerShell processes");
}

/* 2. Script blocks no process claimed. */
static enum ct_status
ps_unclaimed_blocks(struct an_ctx *x)
{
	sqlite3_stmt *st;
	enum ct_status rc;
	int r;

	if ((rc = an_prepare(x, "SELECT s.first_record_id, s.text FROM script_block s"
	    " LEFT JOIN evtx x ON x.record_id = s.first_record_id"
	    " WHERE s.id NOT IN (SELECT id FROM t_sb_used)"
	    " ORDER BY coalesce(x.created, x.written), s.id", &st)))
		return rc;
	while (rc == CT_OK && (r = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t rec = sqlite3_column_int64(st, 0);

		rc = pwsh_finding(x, NULL, NULL, ct_sql_text(st, 1), &rec, 1, 0,
		    "PowerShell script block (event 4104)");
	}
	sqlite3_finalize(st);
	return rc ? rc : an_step_done(x, r, "PowerShell script blocks");
}

/*
 * 3. Host applications in 400/800/4103 lines no process accounts for; one
 * finding per distinct text.
 */
static enum ct_status
ps_log_hosts(struct an_ctx *x)
{
	sqlite3_stmt *st;
	enum ct_status rc;
	int r;

	if ((rc = an_prepare(x, "SELECT min(x.record_id), h,"
	    " substr(group_concat(DISTINCT x.script_text), 1, 262144)"
	    " FROM (SELECT x.*, x.host_application AS h FROM evtx x"
	    "  WHERE (x.channel = 'Windows PowerShell' AND x.event_id IN (400, 403, 600, 800))"
	    "  OR (x.channel = 'Microsoft-Windows-PowerShell/Operational' AND x.event_id = 4103)) x"
	    " WHERE h IS NOT NULL AND h != ''"
	    " AND NOT EXISTS (SELECT 1 FROM process_record pr WHERE pr.record_id = x.record_id)"
	    " AND NOT EXISTS (SELECT 1 FROM process p WHERE p.command_line = h)"
	    " GROUP BY h ORDER BY min(coalesce(x.created, x.written)), min(x.record_id)",
	    &st)))
		return rc;
	while (rc == CT_OK && (r = sqlite3_step(st)) == SQLITE_ROW)
		rc = pwsh_finding(x, NULL, ct_sql_text(st, 1), ct_sql_text(st, 2),
		    NULL, 0, sqlite3_column_int64(st, 0),
		    "PowerShell host application in the PowerShell logs");
	sqlite3_finalize(st);
	return rc ? rc : an_step_done(x, r, "PowerShell logs");
}

enum ct_status
an_detect_powershell(struct an_ctx *x)
{
	enum ct_status rc;

	/* Script blocks a process claimed, so no other finding repeats them. */
	if ((rc = an_exec(x, "CREATE TEMP TABLE t_sb_used (id INTEGER PRIMARY KEY);"
	    /* The pipeline and module lines, for claim_log_lines(). */
	    "CREATE TEMP TABLE t_pslog AS SELECT x.record_id AS rid,"
	    " x.event_id AS eid, coalesce(x.created, x.written) AS ts,"
	    " x.host_application AS host, x.pid AS pid, x.script_text AS text"
	    " FROM evtx x WHERE ((x.channel = 'Windows PowerShell'"
	    "  AND x.event_id = 800) OR (x.channel ="
	    "  'Microsoft-Windows-PowerShell/Operational' AND x.event_id = 4103))"
	    " AND x.script_text IS NOT NULL AND x.script_text != '';"
	    "CREATE INDEX t_pslog_host ON t_pslog(host, ts);"
	    "CREATE INDEX t_pslog_pid ON t_pslog(pid, ts);"
	    /*
	     * The next start of a process with the same command line: where
	     * one process's pipeline lines end (800 carries no PID). One pass,
	     * for the command lines the lines name.
	     */
	    "CREATE TEMP TABLE t_psnext AS SELECT id, lead(start_ts) OVER"
	    " (PARTITION BY command_line ORDER BY start_ts, id) AS next"
	    " FROM process WHERE command_line IN (SELECT host FROM t_pslog"
	    "  WHERE eid = 800);"
	    "CREATE UNIQUE INDEX t_psnext_id ON t_psnext(id)",
	    "script block bookkeeping")) ||
	    (rc = ps_processes(x)) || (rc = ps_unclaimed_blocks(x)) ||
	    (rc = ps_log_hosts(x)))
		return rc;
	return an_exec(x, "DROP TABLE t_sb_used; DROP TABLE t_pslog;"
	    " DROP TABLE t_psnext",
	    "script block bookkeeping");
}
