/*
 * detect.c - the detections written in C: updater runs, PowerShell
 * executions and executable self-deletion (the declarative rules are in
 * rules/NAME.sql, run by rules.c).
 *
 * Follows the evidence described in doc/reference section 5: Sysmon 1/3/11/
 * 23/26, Security 4688/5156, PowerShell 400/800/4103/4104, USN
 * FILE_DELETE, deleted MFT entries. Each detection reads the process model
 * built by process.c and writes findings citing the records it rests on.
 */
#include "compat.h"

#include <strings.h>

#include "internal.h"
#include "pwsh.h"
#include "xalloc.h"

/* A child started within this long after its file was written counts as "just written". */
#define FRESH_TICKS	(600LL * 10000000LL)	/* 10 minutes */
/* How far up the parent chain descriptions and self-deletion look. */
#define MAX_ANCESTORS	4

struct proc {
	int64_t id, pid, start_ts, end_ts, start_rec, parent_id;
	char *image, *cmd, *user;
	char *parent_image, *parent_cmd;	/* as logged at the start */
};

static void
proc_free(struct proc *p)
{
	free(p->image);
	free(p->cmd);
	free(p->user);
	free(p->parent_image);
	free(p->parent_cmd);
	memset(p, 0, sizeof(*p));
}

static int
load_proc(struct an_ctx *x, int64_t id, struct proc *p)
{
	sqlite3_stmt *st;
	int found = 0;

	memset(p, 0, sizeof(*p));
	if (id == CT_NULL_INT || id <= 0)
		return 0;
	if (an_cached(x, "SELECT p.id, p.pid, p.start_ts, p.end_ts,"
	    " p.start_record_id, p.parent_id, p.image, p.command_line,"
	    " p.user_name, p.parent_image, x.parent_command_line FROM process p"
	    " LEFT JOIN evtx x ON x.record_id = p.start_record_id"
	    " WHERE p.id = ?", &st))
		return -1;
	sqlite3_bind_int64(st, 1, id);
	if (sqlite3_step(st) == SQLITE_ROW) {
		p->id = sqlite3_column_int64(st, 0);
		p->pid = an_col_int(st, 1);
		p->start_ts = an_col_int(st, 2);
		p->end_ts = an_col_int(st, 3);
		p->start_rec = an_col_int(st, 4);
		p->parent_id = an_col_int(st, 5);
		p->image = ct_xstrdup(an_col(st, 6));
		p->cmd = ct_xstrdup(an_col(st, 7));
		p->user = ct_xstrdup(an_col(st, 8));
		p->parent_image = ct_xstrdup(an_col(st, 9));
		p->parent_cmd = ct_xstrdup(an_col(st, 10));
		found = 1;
	}
	an_release(st);
	return found;
}

/* "QEUpdate.exe" from a path, original case. */
static const char *
base_of(const char *path)
{
	const char *b = path, *p;

	if (path == NULL)
		return "";
	for (p = path; *p; p++)
		if (*p == '\\' || *p == '/')
			b = p + 1;
	return b;
}

static int
base_is(const char *path, const char *name)
{
	const char *b = base_of(path);
	size_t n = strlen(b);

	while (n && b[n - 1] == '"')
		n--;
	return n == strlen(name) && strncasecmp(b, name, n) == 0;
}

static int
same_path(const char *a, const char *b)
{
	struct ct_buf na = CT_BUF_INIT, nb = CT_BUF_INIT;
	int eq;

	if (a == NULL || b == NULL || !*a || !*b)
		return 0;
	an_normpath(&na, a);
	an_normpath(&nb, b);
	eq = strcmp(na.buf, nb.buf) == 0;
	ct_buf_release(&na);
	ct_buf_release(&nb);
	return eq;
}

/*
 * Who started a process, in words: "the Task Scheduler", "explorer.exe".
 * When the parent's own start was not logged, the child's start event
 * still names its image and command line.
 */
static void
starter_words(struct ct_buf *b, const struct proc *parent,
    const struct proc *child)
{
	const char *img = parent->image, *cmd = parent->cmd;

	if (parent->id == 0) {
		img = child ? child->parent_image : NULL;
		cmd = child ? child->parent_cmd : NULL;
		if (img == NULL || *img == '\0') {
			ct_buf_adds(b, "an unrecorded process");
			return;
		}
	}
	if ((base_is(img, "svchost.exe") && an_strcasestr(cmd, "schedule")) ||
	    base_is(img, "taskeng.exe") || base_is(img, "taskhostw.exe"))
		ct_buf_adds(b, "the Task Scheduler");
	else if (base_is(img, "services.exe"))
		ct_buf_adds(b, "the Service Control Manager");
	else
		ct_buf_add_utf8_clean(b, base_of(img), strlen(base_of(img)));
}

static int
started_by_scheduler_or_service(const struct proc *parent,
    const struct proc *child)
{
	const char *img = parent->id ? parent->image : child->parent_image;

	return base_is(img, "svchost.exe") || base_is(img, "taskeng.exe") ||
	    base_is(img, "taskhostw.exe") || base_is(img, "services.exe");
}

/* Append s (evidence text) shortened to max bytes, with an ellipsis. */
static void
add_short(struct ct_buf *b, const char *s, size_t max)
{
	size_t n = strlen(s);

	if (n <= max) {
		ct_buf_add_utf8_clean(b, s, n);
		return;
	}
	/* Do not cut inside a UTF-8 sequence. */
	while (max > 0 && ((unsigned char)s[max] & 0xc0) == 0x80)
		max--;
	ct_buf_add_utf8_clean(b, s, max);
	ct_buf_adds(b, "…");
}

static void
json_kv(struct ct_buf *b, const char *key, const char *val, size_t max)
{
	size_t n = val ? strlen(val) : 0;

	if (b->len > 1)
		ct_buf_addch(b, ',');
	ct_buf_addf(b, "\"%s\":", key);
	if (val == NULL) {
		ct_buf_adds(b, "null");
		return;
	}
	ct_buf_addch(b, '"');
	ct_buf_add_json_str(b, val, n > max ? max : n);
	ct_buf_addch(b, '"');
}

/* Records a process rests on (start, end, Prefetch, 4688 twin) as evidence. */
static enum ct_status
cite_process(struct an_ctx *x, struct an_finding *f, int64_t pid,
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
static int
ioc_on_record(struct an_ctx *x, int64_t rec, struct ct_buf *out)
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
			ct_buf_add_utf8_clean(out, an_col(st, 0),
			    strlen(an_col(st, 0)));
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
static enum ct_status
connection_findings(struct an_ctx *x, const struct proc *p, const char *who,
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
		const char *target = an_col(st, 0), *list = an_col(st, 4);
		int64_t rec = sqlite3_column_int64(st, 2);
		int sev = severity;

		addr_of(&addr, target);
		an_finding_init(&f, "suspicious-connection", sev);
		an_finding_time(&f, an_col_int(st, 1));
		while (*list) {
			int64_t rid = strtoll(list, NULL, 10);

			an_finding_ev(&f, rid, "connection");
			ioc_on_record(x, rid, &iocs);
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
		json_kv(&f.details, "target", target, 256);
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

/* ------------------------------------------------------------------ */
/* PowerShell                                                          */

/* Parent chain in words: "qeupdate_helper.exe (PID 6644) <- QEUpdate.exe (PID 5120)". */
static void
parent_chain_words(struct an_ctx *x, int64_t parent_id, struct ct_buf *b)
{
	int depth;
	struct proc p;

	for (depth = 0; depth < MAX_ANCESTORS && parent_id != CT_NULL_INT &&
	    parent_id > 0; depth++) {
		if (load_proc(x, parent_id, &p) <= 0)
			break;
		if (depth)
			ct_buf_adds(b, " ← ");
		ct_buf_add_utf8_clean(b, p.image, strlen(p.image));
		if (p.pid != CT_NULL_INT)
			ct_buf_addf(b, " (PID %lld)", (long long)p.pid);
		parent_id = p.parent_id;
		proc_free(&p);
	}
}

/* Titles list the strongest signs first. */
static void
signs_words(struct ct_buf *b, unsigned tags, int max)
{
	static const int order[] = { 9, 11, 12, 0, 5, 10, 6, 8, 14, 1, 7,
	    4, 2, 3, 13 };
	size_t i;
	int n = 0;

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

struct ps_exec {
	struct proc p;
	struct ct_buf scripts;		/* script block texts, joined */
	int64_t sb_rec[32];
	size_t nsb;
};

static enum ct_status
pwsh_finding(struct an_ctx *x, const struct proc *p, const char *cmd,
    const char *script, const int64_t *sb_rec, size_t nsb,
    int64_t extra_rec, const char *source_words)
{
	struct ct_pwsh_score sc;
	struct an_finding f;
	struct ct_buf dec = CT_BUF_INIT, chain = CT_BUF_INIT, payload = CT_BUF_INIT;
	struct proc parent;
	enum ct_status rc;
	int decoded;
	size_t i;

	ct_pwsh_assess(cmd, script, &sc);
	/* Unattributed script blocks and log lines: only when they look bad. */
	if (p == NULL && sc.severity < SEV_LOW)
		return CT_OK;
	decoded = ct_pwsh_decode_command_line(cmd, &dec);
	ct_buf_init(&payload, AN_MAX_DETAIL_TEXT);
	if (cmd)
		(void)ct_pwsh_decode_payloads(cmd, &payload);
	if (dec.len)
		(void)ct_pwsh_decode_payloads(dec.buf, &payload);
	if (script)
		(void)ct_pwsh_decode_payloads(script, &payload);
	an_finding_init(&f, "powershell", sc.severity);
	f.confidence = sc.severity >= SEV_HIGH ? "high" : "medium";
	memset(&parent, 0, sizeof(parent));
	if (p) {
		an_finding_time(&f, p->start_ts);
		if ((rc = cite_process(x, &f, p->id, "PowerShell process")))
			goto out;
		if (load_proc(x, p->parent_id, &parent) > 0)
			an_finding_ent_int(&f, "process", parent.id);
		parent_chain_words(x, p->parent_id, &chain);
	}
	for (i = 0; i < nsb; i++)
		an_finding_ev(&f, sb_rec[i], "script block");
	an_finding_ev(&f, extra_rec, "PowerShell log");
	if (f.first_ts == CT_NULL_INT && extra_rec > 0) {
		sqlite3_stmt *st;

		if (!an_prepare(x, "SELECT min(ts) FROM event WHERE record_id = ?",
		    &st)) {
			sqlite3_bind_int64(st, 1, extra_rec);
			if (sqlite3_step(st) == SQLITE_ROW)
				an_finding_time(&f, an_col_int(st, 0));
			sqlite3_finalize(st);
		}
	}
	if (sc.tags) {
		ct_buf_adds(&f.title, "PowerShell with ");
		signs_words(&f.title, sc.tags, 3);
	} else {
		ct_buf_adds(&f.title, "PowerShell execution");
	}
	if (p && p->pid != CT_NULL_INT)
		ct_buf_addf(&f.title, " (PID %lld)", (long long)p->pid);
	/* Description: everything the analyst needs to judge it. */
	ct_buf_addf(&f.description, "%s.", source_words);
	if (cmd && *cmd) {
		ct_buf_adds(&f.description, " Command line: ");
		add_short(&f.description, cmd, 4000);
		ct_buf_addch(&f.description, '.');
	}
	if (chain.len) {
		ct_buf_adds(&f.description, " Started by: ");
		ct_buf_add(&f.description, chain.buf, chain.len);
		ct_buf_addch(&f.description, '.');
	}
	if (decoded) {
		ct_buf_adds(&f.description, decoded > 0 ?
		    " Decoded -EncodedCommand: " :
		    " -EncodedCommand (not valid base64 of UTF-16LE; partly decoded): ");
		add_short(&f.description, dec.buf, 8000);
	}
	if (script && *script) {
		ct_buf_adds(&f.description, " Script block text: ");
		add_short(&f.description, script, 8000);
	}
	if (payload.len) {
		ct_buf_adds(&f.description, " Decoded FromBase64String payload: ");
		add_short(&f.description, payload.buf, 8000);
	}
	ct_buf_addf(&f.description, " Score %d", sc.score);
	if (sc.tags) {
		ct_buf_adds(&f.description, ": ");
		signs_words(&f.description, sc.tags, CT_PS_NTAGS);
	}
	ct_buf_addch(&f.description, '.');
	/* Details JSON. */
	ct_buf_addch(&f.details, '{');
	ct_buf_addf(&f.details, "\"score\":%d,\"signs\":[", sc.score);
	{
		int k, first = 1;

		for (k = 0; k < CT_PS_NTAGS; k++)
			if (sc.tags & (1u << k)) {
				ct_buf_addf(&f.details, "%s\"%s\"",
				    first ? "" : ",", ct_pwsh_tag_name(k));
				first = 0;
			}
	}
	ct_buf_addch(&f.details, ']');
	json_kv(&f.details, "command_line", cmd && *cmd ? cmd : NULL,
	    AN_MAX_DETAIL_TEXT);
	json_kv(&f.details, "decoded", decoded ? dec.buf : NULL,
	    AN_MAX_DETAIL_TEXT);
	json_kv(&f.details, "script", script && *script ? script : NULL,
	    AN_MAX_DETAIL_TEXT);
	json_kv(&f.details, "parent_chain", chain.len ? chain.buf : NULL, 4096);
	json_kv(&f.details, "payload", payload.len ? payload.buf : NULL,
	    AN_MAX_DETAIL_TEXT);
	ct_buf_addch(&f.details, '}');
	pwsh_attack(&f.attack, sc.tags);
	/* Statement for the narrative. */
	if (parent.id || (p && p->parent_image && *p->parent_image)) {
		starter_words(&f.statement, &parent, p);
		ct_buf_adds(&f.statement, " started PowerShell");
	} else {
		ct_buf_adds(&f.statement, "PowerShell ran");
	}
	if (p && p->pid != CT_NULL_INT)
		ct_buf_addf(&f.statement, " (PID %lld)", (long long)p->pid);
	if (sc.tags & (CT_PS_HIDDEN | CT_PS_ENCODED)) {
		ct_buf_adds(&f.statement, " with ");
		if (sc.tags & CT_PS_HIDDEN)
			ct_buf_adds(&f.statement, "a hidden window");
		if ((sc.tags & CT_PS_HIDDEN) && (sc.tags & CT_PS_ENCODED))
			ct_buf_adds(&f.statement, " and ");
		if (sc.tags & CT_PS_ENCODED)
			ct_buf_adds(&f.statement, "an encoded command");
	}
	if (decoded && dec.len) {
		ct_buf_adds(&f.statement, "; decoded, the command reads \"");
		add_short(&f.statement, dec.buf, 300);
		ct_buf_addch(&f.statement, '"');
	} else if (script && *script) {
		ct_buf_adds(&f.statement, "; its script block reads \"");
		add_short(&f.statement, script, 300);
		ct_buf_addch(&f.statement, '"');
	} else if (cmd && *cmd) {
		ct_buf_adds(&f.statement, ": \"");
		add_short(&f.statement, cmd, 300);
		ct_buf_addch(&f.statement, '"');
	}
	if (sc.tags & ~(unsigned)(CT_PS_HIDDEN | CT_PS_ENCODED)) {
		ct_buf_adds(&f.statement, " (signs: ");
		signs_words(&f.statement, sc.tags &
		    ~(unsigned)(CT_PS_HIDDEN | CT_PS_ENCODED), 4);
		ct_buf_addch(&f.statement, ')');
	}
	if (payload.len)
		text_entities(&f, payload.buf);
	if (cmd)
		text_entities(&f, cmd);
	if (dec.len)
		text_entities(&f, dec.buf);
	if (script)
		text_entities(&f, script);
	rc = an_finding_commit(x, &f, NULL);
	if (rc == CT_OK && p && sc.severity >= SEV_MEDIUM) {
		char who[64];

		snprintf(who, sizeof(who), "powershell.exe (PID %lld)",
		    (long long)(p->pid == CT_NULL_INT ? 0 : p->pid));
		rc = connection_findings(x, p, who, sc.severity,
		    "from a PowerShell process with signs of malice",
		    (sc.tags & CT_PS_CRADLE) ? "T1071.001,T1105" : "T1071.001");
	}
out:
	an_finding_free(&f);
	proc_free(&parent);
	ct_buf_release(&dec);
	ct_buf_release(&chain);
	ct_buf_release(&payload);
	return rc;
}

#define PS_HOST_SQL "ct_basename(p.image) IN ('powershell.exe', 'pwsh.exe'," \
	" 'powershell_ise.exe', 'powershell')"

enum ct_status
an_detect_powershell(struct an_ctx *x)
{
	sqlite3_stmt *st, *sb;
	enum ct_status rc;
	int r;

	if ((rc = an_exec(x, "CREATE TEMP TABLE t_sb_used (id INTEGER PRIMARY KEY)",
	    "script block bookkeeping")))
		return rc;
	/* 1. Processes: PowerShell hosts, and shells whose command line runs PowerShell without a recorded child. */
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
	while ((r = sqlite3_step(st)) == SQLITE_ROW) {
		struct proc p;
		struct ct_buf scripts = CT_BUF_INIT;
		int64_t recs[32];
		size_t n = 0;

		if (load_proc(x, sqlite3_column_int64(st, 0), &p) <= 0)
			continue;
		ct_buf_init(&scripts, AN_MAX_DETAIL_TEXT);
		if (p.pid != CT_NULL_INT && ct_pwsh_is_host(p.image)) {
			sqlite3_reset(sb);
			sqlite3_bind_int64(sb, 1, p.pid);
			sqlite3_bind_int64(sb, 2, p.start_ts == CT_NULL_INT ? 0 :
			    p.start_ts);
			if (p.end_ts == CT_NULL_INT)
				sqlite3_bind_null(sb, 3);
			else
				sqlite3_bind_int64(sb, 3, p.end_ts);
			while (sqlite3_step(sb) == SQLITE_ROW) {
				char mark[96];

				if (n < CT_ARRAY_SIZE(recs))
					recs[n++] = sqlite3_column_int64(sb, 1);
				if (scripts.len)
					ct_buf_adds(&scripts, "\n");
				ct_buf_adds(&scripts, an_col(sb, 2));
				snprintf(mark, sizeof(mark), "INSERT OR IGNORE INTO"
				    " t_sb_used VALUES (%lld)",
				    (long long)sqlite3_column_int64(sb, 0));
				if ((rc = an_exec(x, mark, "script block use")))
					break;
			}
		}
		if (rc == CT_OK)
			rc = pwsh_finding(x, &p, p.cmd, scripts.buf, recs, n, 0,
			    ct_pwsh_is_host(p.image) ? "PowerShell process" :
			    "A command line that runs PowerShell");
		ct_buf_release(&scripts);
		proc_free(&p);
		if (rc) {
			sqlite3_finalize(st);
			sqlite3_finalize(sb);
			return rc;
		}
	}
	sqlite3_finalize(st);
	sqlite3_finalize(sb);
	if ((rc = an_step_done(x, r, "PowerShell processes")))
		return rc;

	/* 2. Script blocks no process claimed. */
	if ((rc = an_prepare(x, "SELECT s.first_record_id, s.text FROM script_block s"
	    " LEFT JOIN evtx x ON x.record_id = s.first_record_id"
	    " WHERE s.id NOT IN (SELECT id FROM t_sb_used)"
	    " ORDER BY coalesce(x.created, x.written), s.id", &st)))
		return rc;
	while ((r = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t rec = sqlite3_column_int64(st, 0);

		if ((rc = pwsh_finding(x, NULL, NULL, an_col(st, 1), &rec, 1, 0,
		    "PowerShell script block (event 4104)"))) {
			sqlite3_finalize(st);
			return rc;
		}
	}
	sqlite3_finalize(st);
	if ((rc = an_step_done(x, r, "PowerShell script blocks")))
		return rc;

	/* 3. Host applications in 400/800/4103 lines no process accounts for; one finding per distinct text. */
	if ((rc = an_prepare(x, "SELECT min(x.record_id), h,"
	    " substr(group_concat(DISTINCT x.script_text), 1, 262144)"
	    " FROM (SELECT x.*, coalesce(x.host_application,"
	    "  json_extract(x.data, '$.HostApplication')) AS h FROM evtx x"
	    "  WHERE (x.channel = 'Windows PowerShell' AND x.event_id IN (400, 403, 600, 800))"
	    "  OR (x.channel = 'Microsoft-Windows-PowerShell/Operational' AND x.event_id = 4103)) x"
	    " WHERE h IS NOT NULL AND h != ''"
	    " AND NOT EXISTS (SELECT 1 FROM process_record pr WHERE pr.record_id = x.record_id)"
	    " AND NOT EXISTS (SELECT 1 FROM process p WHERE p.command_line = h)"
	    " GROUP BY h ORDER BY min(coalesce(x.created, x.written)), min(x.record_id)",
	    &st)))
		return rc;
	while ((r = sqlite3_step(st)) == SQLITE_ROW) {
		if ((rc = pwsh_finding(x, NULL, an_col(st, 1), an_col(st, 2),
		    NULL, 0, sqlite3_column_int64(st, 0),
		    "PowerShell host application in the PowerShell logs"))) {
			sqlite3_finalize(st);
			return rc;
		}
	}
	sqlite3_finalize(st);
	if ((rc = an_step_done(x, r, "PowerShell logs")))
		return rc;
	return an_exec(x, "DROP TABLE t_sb_used", "script block bookkeeping");
}

/* ------------------------------------------------------------------ */
/* Updaters                                                            */

/* Heuristic: under Program Files, named like an updater. */
static int
looks_like_updater(const char *image)
{
	struct ct_buf np = CT_BUF_INIT, bn = CT_BUF_INIT;
	int r;

	an_normpath(&np, image);
	an_basename(&bn, image);
	r = strncmp(np.buf, "/program files", 14) == 0 &&
	    (strstr(bn.buf, "update") || strstr(bn.buf, "upd"));
	ct_buf_release(&np);
	ct_buf_release(&bn);
	return r;
}

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
find_write(struct an_ctx *x, const struct proc *u, const struct proc *c,
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
	/* Else the file system: created while the updater ran. */
	/* name = ? exactly, so the file_name index serves it. */
	if (!found && an_cached(x, "SELECT record_id, si_crtime FROM file"
	    " WHERE name = ? AND ct_normpath(path) = ?"
	    " AND si_crtime BETWEEN ? AND ? ORDER BY si_crtime, record_id"
	    " LIMIT 1", &st) == CT_OK) {
		sqlite3_bind_text(st, 1, base_of(c->image), -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, np.buf, (int)np.len, SQLITE_STATIC);
		sqlite3_bind_int64(st, 3, u->start_ts);
		sqlite3_bind_int64(st, 4, until);
		found = first_write(st, w, "file-system creation time");
		an_release(st);
	}
	/* Else the change journal: FILE_CREATE of that path while the updater ran. */
	if (!found && an_cached(x, "SELECT record_id, ts FROM t_ucreate"
	    " WHERE nm = lower(?) AND np = ? AND ts BETWEEN ? AND ?"
	    " ORDER BY ts, record_id LIMIT 1", &st) == CT_OK) {
		sqlite3_bind_text(st, 1, base_of(c->image), -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, np.buf, (int)np.len, SQLITE_STATIC);
		sqlite3_bind_int64(st, 3, u->start_ts);
		sqlite3_bind_int64(st, 4, until);
		found = first_write(st, w, "USN journal FILE_CREATE");
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
		const char *img = an_col(st, 0), *cmd = an_col(st, 1);

		if (ct_pwsh_is_host(img) || base_is(img, "wscript.exe") ||
		    base_is(img, "cscript.exe") || base_is(img, "mshta.exe")) {
			if (!(signs & 1) && !an_strcasestr(why->buf,
			    "a process it started ran")) {
				ct_buf_adds(why, why->len ? "; " : "");
				ct_buf_addf(why, "a process it started ran %s",
				    base_of(img));
			}
			signs |= 1;
		}
		if (base_is(img, "cmd.exe") && (an_strcasestr(cmd, "del ") ||
		    an_strcasestr(cmd, "erase ")) &&
		    an_strcasestr(cmd, base_of(image))) {
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

static enum ct_status
updater_run(struct an_ctx *x, const struct proc *u, const char *label)
{
	sqlite3_stmt *st;
	struct proc parent, c;
	struct an_finding run;
	struct ct_buf why = CT_BUF_INIT, who = CT_BUF_INIT, contacted = CT_BUF_INIT;
	enum ct_status rc = CT_OK;
	int severity = SEV_INFO, had_baseline = 0, new_addr = 0, ioc = 0;
	int nchild = 0;
	int64_t children[64];
	struct written wr[64];
	int wrote[64];
	int k;

	memset(&parent, 0, sizeof(parent));
	load_proc(x, u->parent_id, &parent);
	ct_buf_addf(&who, "the %s ", label);
	ct_buf_add_utf8_clean(&who, base_of(u->image), strlen(base_of(u->image)));
	/* Earlier runs of the same updater that made connections: the baseline. */
	if ((rc = an_cached(x, "SELECT count(*) FROM t_uconn"
	    " WHERE np = ct_normpath(?) AND st < ?", &st)))
		goto out;
	sqlite3_bind_text(st, 1, u->image, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, u->start_ts);
	if (sqlite3_step(st) == SQLITE_ROW)
		had_baseline = sqlite3_column_int(st, 0) > 0;
	an_release(st);
	/* What it contacted. */
	if ((rc = an_cached(x, "SELECT a.target, a.record_id,"
	    " (SELECT count(*) FROM t_uconn b WHERE b.np = ct_normpath(?3)"
	    "  AND b.target = a.target AND b.st < ?2)"
	    " FROM process_activity a WHERE a.process_id = ?1"
	    " AND a.kind IN ('connect', 'bits') ORDER BY a.ts, a.record_id", &st)))
		goto out;
	sqlite3_bind_int64(st, 1, u->id);
	sqlite3_bind_int64(st, 2, u->start_ts);
	sqlite3_bind_text(st, 3, u->image, -1, SQLITE_STATIC);
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *t = an_col(st, 0);

		if (ioc_on_record(x, sqlite3_column_int64(st, 1), NULL))
			ioc = 1;
		if (had_baseline && sqlite3_column_int(st, 2) == 0)
			new_addr = 1;
		if (!an_strcasestr(contacted.buf, t) && contacted.len < 2000) {
			ct_buf_adds(&contacted, contacted.len ? ", " : "");
			ct_buf_add_utf8_clean(&contacted, t, strlen(t));
		}
	}
	an_release(st);
	if (ioc) {
		ct_buf_adds(&why, "it contacted an address listed in the threat report");
		severity = SEV_HIGH;
	}
	if (new_addr) {
		ct_buf_adds(&why, why.len ? "; " : "");
		ct_buf_adds(&why, "it contacted an address its earlier runs never used");
		if (severity < SEV_MEDIUM)
			severity = SEV_MEDIUM;
	}
	/* What it started, and whether it had just written it. */
	if ((rc = an_cached(x, "SELECT id FROM process WHERE parent_id = ?"
	    " ORDER BY start_ts, id LIMIT 64", &st)))
		goto out;
	sqlite3_bind_int64(st, 1, u->id);
	while (sqlite3_step(st) == SQLITE_ROW && nchild < 64)
		children[nchild++] = sqlite3_column_int64(st, 0);
	an_release(st);
	for (k = 0; k < nchild; k++) {
		struct ct_buf np = CT_BUF_INIT;

		wrote[k] = 0;
		if (load_proc(x, children[k], &c) <= 0)
			continue;
		an_normpath(&np, c.image);
		if (find_write(x, u, &c, &wr[k]) &&
		    c.start_ts - wr[k].ts <= FRESH_TICKS &&
		    an_user_writable(np.buf)) {
			wrote[k] = 1;
			if (severity < SEV_LOW)
				severity = SEV_LOW;
			if (!an_strcasestr(why.buf, "just written")) {
				ct_buf_adds(&why, why.len ? "; " : "");
				ct_buf_adds(&why, "it started an executable it had "
				    "just written to a user-writable folder");
			}
		}
		ct_buf_release(&np);
		proc_free(&c);
	}
	/*
	 * What its descendants did: three generations deep (updater ->
	 * payload -> PowerShell -> ...) once the run is already flagged, only
	 * its direct children otherwise - the deep walk is what costs time on
	 * hosts where an updater runs thousands of times.
	 */
	if (descendant_signs(x, u->id, u->image, severity > SEV_INFO ? 3 : 1,
	    &why))
		severity = SEV_HIGH;

	/* The run itself: context when benign, the first chain step when not. */
	an_finding_init(&run, "updater-run", severity);
	an_finding_time(&run, u->start_ts);
	if ((rc = cite_process(x, &run, u->id, "updater process")))
		goto out_run;
	ct_buf_addf(&run.title, "%s run", label);
	ct_buf_addf(&run.title, " (%s", base_of(u->image));
	if (u->pid != CT_NULL_INT)
		ct_buf_addf(&run.title, ", PID %lld", (long long)u->pid);
	ct_buf_addch(&run.title, ')');
	if (severity >= SEV_MEDIUM)
		ct_buf_adds(&run.title, " with behaviour updaters do not show");
	ct_buf_adds(&run.description, "Updater ");
	ct_buf_add_utf8_clean(&run.description, u->image, strlen(u->image));
	ct_buf_adds(&run.description, " started by ");
	starter_words(&run.description, &parent, u);
	ct_buf_adds(&run.description, ". Contacted: ");
	ct_buf_adds(&run.description, contacted.len ? contacted.buf : "nothing recorded");
	ct_buf_adds(&run.description, ". Started: ");
	for (k = 0; k < nchild; k++) {
		if (load_proc(x, children[k], &c) <= 0)
			continue;
		ct_buf_adds(&run.description, k ? ", " : "");
		ct_buf_add_utf8_clean(&run.description, c.image, strlen(c.image));
		if (wrote[k])
			ct_buf_adds(&run.description, " (written by the updater)");
		proc_free(&c);
	}
	if (nchild == 0)
		ct_buf_adds(&run.description, "nothing recorded");
	ct_buf_addch(&run.description, '.');
	if (why.len) {
		ct_buf_adds(&run.description, " Flags: ");
		ct_buf_add(&run.description, why.buf, why.len);
		ct_buf_addch(&run.description, '.');
	}
	if (severity >= SEV_MEDIUM)
		ct_buf_adds(&run.attack, "T1195.002");
	starter_words(&run.statement, &parent, u);
	ct_buf_adds(&run.statement, " started ");
	ct_buf_add(&run.statement, who.buf, who.len);
	if (u->pid != CT_NULL_INT)
		ct_buf_addf(&run.statement, " (PID %lld)", (long long)u->pid);
	if (severity >= SEV_MEDIUM) {
		ct_buf_adds(&run.statement, "; this run went on to behave unlike an updater: ");
		ct_buf_add(&run.statement, why.buf, why.len);
	}
	ct_buf_addch(&run.details, '{');
	json_kv(&run.details, "updater", label, 256);
	json_kv(&run.details, "image", u->image, 1024);
	json_kv(&run.details, "contacted", contacted.buf, 4096);
	json_kv(&run.details, "flags", why.len ? why.buf : NULL, 4096);
	ct_buf_addch(&run.details, '}');
	if ((rc = an_finding_commit(x, &run, NULL)))
		goto out_run;
	if (severity < SEV_MEDIUM)
		goto out_run;

	/* A suspicious run: its connections, downloads and starts become steps of their own. */
	{
		char whop[512];

		snprintf(whop, sizeof(whop), "%s", who.buf);
		if ((rc = connection_findings(x, u, whop, new_addr ? SEV_MEDIUM :
		    SEV_LOW, "during an updater run with behaviour updaters do not show",
		    "T1071.001")))
			goto out_run;
	}
	for (k = 0; k < nchild; k++) {
		struct an_finding f;
		struct ct_buf sha = CT_BUF_INIT, np = CT_BUF_INIT;
		double secs;

		if (!wrote[k] || load_proc(x, children[k], &c) <= 0)
			continue;
		an_normpath(&np, c.image);
		/* The download. */
		an_finding_init(&f, "updater-download", severity);
		an_finding_time(&f, wr[k].ts);
		an_finding_ev(&f, wr[k].rec, "file written");
		an_finding_ent_int(&f, "process", u->id);
		an_finding_ent(&f, "path", np.buf);
		ct_buf_adds(&f.title, "Updater wrote ");
		ct_buf_adds(&f.title, base_of(c.image));
		ct_buf_add(&f.description, who.buf, who.len);
		ct_buf_adds(&f.description, " wrote ");
		ct_buf_add_utf8_clean(&f.description, c.image, strlen(c.image));
		ct_buf_addf(&f.description, " (%s), which it started soon after.",
		    wr[k].how ? wr[k].how : "?");
		ct_buf_adds(&f.attack, "T1105");
		ct_buf_add(&f.statement, who.buf, who.len);
		ct_buf_adds(&f.statement, " wrote ");
		ct_buf_add_utf8_clean(&f.statement, base_of(c.image),
		    strlen(base_of(c.image)));
		ct_buf_adds(&f.statement, " to ");
		ct_buf_add_utf8_clean(&f.statement, c.image,
		    (size_t)(base_of(c.image) - c.image));
		ct_buf_adds(&f.statement, ", a user-writable folder");
		if (contacted.len) {
			ct_buf_adds(&f.statement, ", after contacting ");
			ct_buf_add(&f.statement, contacted.buf, contacted.len);
		}
		if ((rc = an_finding_commit(x, &f, NULL))) {
			proc_free(&c);
			goto out_run;
		}
		/* The start. */
		an_finding_init(&f, "updater-started-download", severity);
		an_finding_time(&f, c.start_ts);
		if ((rc = cite_process(x, &f, c.id, "started process"))) {
			an_finding_free(&f);
			proc_free(&c);
			goto out_run;
		}
		an_finding_ev(&f, wr[k].rec, "file written");
		an_finding_ent_int(&f, "process", u->id);
		an_finding_ent(&f, "path", np.buf);
		ct_buf_adds(&f.title, "Updater started the file it had just written: ");
		ct_buf_adds(&f.title, base_of(c.image));
		secs = (double)(c.start_ts - wr[k].ts) / 1e7;
		ct_buf_addf(&f.description, "%s started %s", who.buf, c.image);
		if (c.pid != CT_NULL_INT)
			ct_buf_addf(&f.description, " (PID %lld)", (long long)c.pid);
		ct_buf_addf(&f.description, " %.1f seconds after writing it. "
		    "Command line: ", secs);
		add_short(&f.description, c.cmd, 2000);
		ct_buf_adds(&f.attack, "T1195.002,T1204.002");
		ct_buf_add(&f.statement, who.buf, who.len);
		ct_buf_adds(&f.statement, " started ");
		ct_buf_add_utf8_clean(&f.statement, base_of(c.image),
		    strlen(base_of(c.image)));
		if (c.pid != CT_NULL_INT)
			ct_buf_addf(&f.statement, " (PID %lld)", (long long)c.pid);
		ct_buf_addf(&f.statement, ", a file it had written %.0f second%s "
		    "earlier", secs, secs >= 0.5 && secs < 1.5 ? "" : "s");
		if (contacted.len) {
			ct_buf_adds(&f.statement, ", after contacting ");
			ct_buf_add(&f.statement, contacted.buf, contacted.len);
			if (ioc)
				ct_buf_adds(&f.statement, " (listed in the threat report)");
		}
		ct_buf_release(&sha);
		ct_buf_release(&np);
		rc = an_finding_commit(x, &f, NULL);
		/* The payload's own connections. */
		if (rc == CT_OK) {
			char whoc[512];

			snprintf(whoc, sizeof(whoc), "%s (started by the updater)",
			    base_of(c.image));
			rc = connection_findings(x, &c, whoc, SEV_MEDIUM,
			    "from an executable an updater had just downloaded",
			    "T1071.001");
		}
		proc_free(&c);
		if (rc)
			goto out_run;
	}
out_run:
	an_finding_free(&run);
out:
	proc_free(&parent);
	ct_buf_release(&why);
	ct_buf_release(&who);
	ct_buf_release(&contacted);
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
	    " AND (name LIKE '%.exe' OR name LIKE '%.dll' OR name LIKE '%.scr'"
	    "  OR name LIKE '%.com' OR name LIKE '%.msi' OR name LIKE '%.ps1'"
	    "  OR name LIKE '%.bat' OR name LIKE '%.cmd' OR name LIKE '%.vbs');"
	    "CREATE INDEX t_ucreate_i ON t_ucreate(nm, ts)", "updater baseline")))
		return rc;
	an_timing(x, "updater baseline tables");
	if ((rc = an_prepare(x, "SELECT id, image FROM process WHERE image IS NOT NULL"
	    " AND image != '' ORDER BY start_ts, id", &st)))
		return rc;
	while ((r = sqlite3_step(st)) == SQLITE_ROW) {
		struct proc u, parent;
		const char *label, *image = an_col(st, 1);
		int heur = 0;

		/* Cheap test on the image first: most processes are not updaters. */
		label = an_known_updater(x, image);
		if (label == NULL && !looks_like_updater(image))
			continue;
		if (load_proc(x, sqlite3_column_int64(st, 0), &u) <= 0)
			continue;
		if (label == NULL && looks_like_updater(u.image)) {
			load_proc(x, u.parent_id, &parent);
			heur = started_by_scheduler_or_service(&parent, &u);
			proc_free(&parent);
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
		proc_free(&u);
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

/* ------------------------------------------------------------------ */
/* Self-deletion                                                       */

/*
 * The file a cmd.exe / PowerShell command line deletes: the argument of
 * del / erase / Remove-Item after its switches. Appends to out; returns 1
 * if one was found.
 */
static int
deleted_by_command(const char *cmd, struct ct_buf *out)
{
	static const char *const verbs[] = { "del ", "erase ", "remove-item ",
	    "rm ", "ri ", NULL };
	const char *p = NULL, *q;
	size_t i;

	for (i = 0; verbs[i] && p == NULL; i++) {
		const char *h = cmd;

		while ((h = an_strcasestr(h, verbs[i])) != NULL) {
			if (h == cmd || h[-1] == ' ' || h[-1] == '&' ||
			    h[-1] == '"' || h[-1] == ';' || h[-1] == '|' ||
			    h[-1] == '(') {
				p = h + strlen(verbs[i]);
				break;
			}
			h++;
		}
	}
	if (p == NULL)
		return 0;
	for (;;) {
		while (*p == ' ')
			p++;
		if ((*p == '/' && p[1] && p[2] == ' ') || (*p == '/' &&
		    p[1] && p[2] == '\0') || (*p == '-' && p[1] != '\0' &&
		    strchr(" ", p[1]) == NULL && p[1] != '"')) {
			while (*p && *p != ' ')
				p++;
			continue;
		}
		break;
	}
	if (*p == '"' || *p == '\'') {
		char quote = *p++;

		q = strchr(p, quote);
		if (q == NULL)
			q = p + strlen(p);
	} else {
		q = p;
		while (*q && *q != ' ' && *q != '&' && *q != '|' && *q != ';' &&
		    *q != '"' && *q != ')')
			q++;
	}
	if (q == p)
		return 0;
	ct_buf_add(out, p, (size_t)(q - p));
	return 1;
}

static int
has_delay(const char *cmd)
{
	return (an_strcasestr(cmd, "ping") && (an_strcasestr(cmd, " -n ") ||
	    an_strcasestr(cmd, " /n "))) || an_strcasestr(cmd, "timeout ") ||
	    (an_strcasestr(cmd, "choice ") && an_strcasestr(cmd, "/t")) ||
	    an_strcasestr(cmd, "start-sleep") || an_strcasestr(cmd, "sleep ");
}

/* Does the deleted path name this image (full path, or same base name if relative)? */
static int
names_image(const char *deleted, const char *image)
{
	if (strchr(deleted, '\\') || strchr(deleted, '/'))
		return same_path(deleted, image);
	return base_is(image, deleted);
}

struct selfdel {
	int64_t subject, deleter, cmd_rec, del_rec, del_ts;
	int delay;
	int unattributed;	/* only the file system saw the deletion */
	char *cmd;
};

static enum ct_status
selfdel_finding(struct an_ctx *x, const struct selfdel *d)
{
	struct proc s, del;
	struct an_finding f;
	struct ct_buf np = CT_BUF_INIT;
	sqlite3_stmt *st;
	enum ct_status rc;
	int64_t usn_rec = 0, usn_ts = CT_NULL_INT, mft_rec = 0, mft_entry = CT_NULL_INT;
	char sha256[65] = "", md5[33] = "", content[32] = "";

	if (load_proc(x, d->subject, &s) <= 0)
		return CT_OK;
	memset(&del, 0, sizeof(del));
	load_proc(x, d->deleter, &del);
	an_normpath(&np, s.image);
	/*
	 * When only the file system saw the deletion, nothing says who deleted
	 * the file: a lead for the analyst, not a self-deletion finding.
	 */
	if (d->unattributed)
		an_finding_init(&f, "deleted-after-run", SEV_LOW);
	else
		an_finding_init(&f, "self-deletion", SEV_HIGH);
	if (del.id && del.id != s.id)
		an_finding_time(&f, del.start_ts);
	else
		an_finding_time(&f, d->del_ts);
	an_finding_time(&f, d->del_ts);
	if ((rc = cite_process(x, &f, s.id, "process that ran from the file")))
		goto out;
	if (del.id && del.id != s.id && (rc = cite_process(x, &f, del.id,
	    "deleting process")))
		goto out;
	an_finding_ev(&f, d->del_rec, "file deletion");
	an_finding_ent(&f, "path", np.buf);
	/* Corroboration from the file system: USN journal and the deleted MFT entry. */
	if (an_prepare(x, "SELECT record_id, ts FROM usn WHERE name = ?"
	    " COLLATE NOCASE AND reasons LIKE '%FILE_DELETE%'"
	    " AND (path IS NULL OR ct_normpath(path) = ?) AND ts >= ?"
	    " ORDER BY ts, record_id LIMIT 1", &st) == CT_OK) {
		sqlite3_bind_text(st, 1, base_of(s.image), -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, np.buf, (int)np.len, SQLITE_STATIC);
		sqlite3_bind_int64(st, 3, s.start_ts == CT_NULL_INT ? 0 : s.start_ts);
		if (sqlite3_step(st) == SQLITE_ROW) {
			usn_rec = sqlite3_column_int64(st, 0);
			usn_ts = an_col_int(st, 1);
		}
		sqlite3_finalize(st);
	}
	if (an_prepare(x, "SELECT record_id, inode, sha256, md5, content FROM file"
	    " WHERE name = ? AND allocated = 0"
	    " AND ct_normpath(path) = ? ORDER BY record_id LIMIT 1", &st) == CT_OK) {
		sqlite3_bind_text(st, 1, base_of(s.image), -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, np.buf, (int)np.len, SQLITE_STATIC);
		if (sqlite3_step(st) == SQLITE_ROW) {
			mft_rec = sqlite3_column_int64(st, 0);
			mft_entry = an_col_int(st, 1);
			snprintf(sha256, sizeof(sha256), "%s", an_col(st, 2));
			snprintf(md5, sizeof(md5), "%s", an_col(st, 3));
			snprintf(content, sizeof(content), "%s", an_col(st, 4));
		}
		sqlite3_finalize(st);
	}
	an_finding_ev(&f, usn_rec, "USN FILE_DELETE");
	an_finding_ev(&f, mft_rec, "deleted MFT entry");
	if (d->del_ts == CT_NULL_INT)
		an_finding_time(&f, usn_ts);
	if (sha256[0]) {
		char ent[80];

		snprintf(ent, sizeof(ent), "%s", sha256);
		an_finding_ent(&f, "hash", ent);
	}
	f.confidence = (d->del_rec || usn_rec || mft_rec) ? "high" : "medium";
	if (d->unattributed) {
		double secs = s.start_ts == CT_NULL_INT || usn_ts == CT_NULL_INT ?
		    0 : (double)(usn_ts - s.start_ts) / 1e7;

		f.confidence = "low";
		ct_buf_adds(&f.title, base_of(s.image));
		ct_buf_addf(&f.title, " was deleted %.0f s after it ran "
		    "(who deleted it is not recorded)", secs);
		ct_buf_adds(&f.description, "The executable ");
		ct_buf_add_utf8_clean(&f.description, s.image, strlen(s.image));
		ct_buf_addf(&f.description, " ran and its file was deleted %.0f "
		    "seconds later, according to the USN journal. No event log "
		    "records which process deleted it, so this may be "
		    "self-deletion or a clean-up by another program.", secs);
		if (mft_rec && sha256[0])
			ct_buf_addf(&f.description, " The unallocated MFT entry %lld "
			    "still holds its content: MD5 %s, SHA-256 %s.",
			    (long long)mft_entry, md5, sha256);
		ct_buf_adds(&f.attack, "T1070.004");
		ct_buf_add_utf8_clean(&f.statement, base_of(s.image),
		    strlen(base_of(s.image)));
		ct_buf_addf(&f.statement, " was deleted %.0f seconds after it ran, "
		    "by a process the logs do not name", secs);
		goto commit;
	}
	ct_buf_adds(&f.title, base_of(s.image));
	ct_buf_adds(&f.title, " deleted itself");
	if (del.id && del.id != s.id) {
		ct_buf_adds(&f.title, " through ");
		ct_buf_adds(&f.title, base_of(del.image));
		if (d->delay)
			ct_buf_adds(&f.title, " with a delay");
	}
	ct_buf_adds(&f.description, "The executable ");
	ct_buf_add_utf8_clean(&f.description, s.image, strlen(s.image));
	ct_buf_adds(&f.description, " ran");
	if (s.pid != CT_NULL_INT)
		ct_buf_addf(&f.description, " (PID %lld)", (long long)s.pid);
	ct_buf_adds(&f.description, " and its own file was then deleted ");
	if (del.id && del.id != s.id) {
		ct_buf_adds(&f.description, "by a process it started: ");
		add_short(&f.description, del.cmd, 2000);
	} else {
		ct_buf_adds(&f.description, "by itself");
	}
	ct_buf_addch(&f.description, '.');
	if (d->del_rec)
		ct_buf_adds(&f.description, " Sysmon logged the deletion.");
	if (usn_rec)
		ct_buf_adds(&f.description, " The USN journal records FILE_DELETE.");
	if (mft_rec) {
		ct_buf_addf(&f.description, " The MFT entry %lld is unallocated "
		    "but still names the file", (long long)mft_entry);
		if (sha256[0])
			ct_buf_addf(&f.description, "; its recovered content (%s) "
			    "has MD5 %s and SHA-256 %s", content, md5, sha256);
		ct_buf_addch(&f.description, '.');
	}
	ct_buf_adds(&f.attack, "T1070.004");
	/*
	 * Two sentences when the command and the deletion are two moments:
	 * the second line of the statement is told at last_ts (the deletion).
	 */
	ct_buf_add_utf8_clean(&f.statement, base_of(s.image),
	    strlen(base_of(s.image)));
	if (del.id && del.id != s.id) {
		int64_t when = d->del_ts != CT_NULL_INT ? d->del_ts : usn_ts;

		ct_buf_adds(&f.statement, " started \"");
		add_short(&f.statement, del.cmd, 300);
		ct_buf_adds(&f.statement, d->delay ? "\" to delete its own file "
		    "after a delay" : "\" to delete its own file");
		if (when != CT_NULL_INT) {
			an_finding_time(&f, when);
			ct_buf_addch(&f.statement, '\n');
			ct_buf_add_utf8_clean(&f.statement, base_of(del.image),
			    strlen(base_of(del.image)));
			ct_buf_adds(&f.statement, " deleted ");
			ct_buf_add_utf8_clean(&f.statement, s.image,
			    strlen(s.image));
		}
	} else {
		ct_buf_adds(&f.statement, " deleted its own file");
	}
	if (mft_rec) {
		ct_buf_addf(&f.statement, "; the file is gone from its folder but "
		    "MFT entry %lld still holds it", (long long)mft_entry);
		if (sha256[0])
			ct_buf_addf(&f.statement, ", and its recovered content has "
			    "SHA-256 %s", sha256);
	}
commit:
	ct_buf_addch(&f.details, '{');
	json_kv(&f.details, "image", s.image, 1024);
	json_kv(&f.details, "deleting_command", del.id ? del.cmd : NULL, 4096);
	json_kv(&f.details, "recovered_sha256", sha256[0] ? sha256 : NULL, 64);
	json_kv(&f.details, "recovered_md5", md5[0] ? md5 : NULL, 32);
	ct_buf_addch(&f.details, '}');
	rc = an_finding_commit(x, &f, NULL);
out:
	an_finding_free(&f);
	proc_free(&s);
	proc_free(&del);
	ct_buf_release(&np);
	return rc;
}

enum ct_status
an_detect_selfdelete(struct an_ctx *x)
{
	sqlite3_stmt *st;
	enum ct_status rc = CT_OK;
	struct selfdel *v = NULL;
	size_t n = 0, i, j;
	int r;

	/* (a) Delete events whose target is the deleter's own image or an ancestor's. */
	if ((rc = an_prepare(x, "SELECT a.process_id, a.record_id, a.ts, a.target"
	    " FROM process_activity a WHERE a.kind = 'file-delete'"
	    " ORDER BY a.ts, a.record_id", &st)))
		return rc;
	while ((r = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t id = sqlite3_column_int64(st, 0), deleter = id;
		const char *target = an_col(st, 3);
		int depth;

		for (depth = 0; depth < MAX_ANCESTORS && id > 0; depth++) {
			struct proc p;
			int hit;

			if (load_proc(x, id, &p) <= 0)
				break;
			hit = same_path(target, p.image);
			if (hit) {
				struct proc dp;

				v = ct_xreallocarray(v, n + 1, sizeof(*v));
				memset(&v[n], 0, sizeof(v[n]));
				v[n].subject = p.id;
				v[n].deleter = deleter;
				v[n].del_rec = sqlite3_column_int64(st, 1);
				v[n].del_ts = an_col_int(st, 2);
				if (load_proc(x, deleter, &dp) > 0) {
					v[n].delay = has_delay(dp.cmd);
					proc_free(&dp);
				}
				n++;
			}
			id = p.parent_id == CT_NULL_INT ? 0 : p.parent_id;
			proc_free(&p);
			if (hit)
				break;
		}
	}
	sqlite3_finalize(st);
	if ((rc = an_step_done(x, r, "file deletions")))
		goto out;
	/* (b) Command lines deleting their parent's image (cmd /c ping ... & del ...). */
	if ((rc = an_prepare(x, "SELECT c.id, c.command_line, p.id, p.image"
	    " FROM process c JOIN process p ON p.id = c.parent_id"
	    " WHERE c.command_line IS NOT NULL AND p.image IS NOT NULL"
	    " AND (c.command_line LIKE '%del %' OR c.command_line LIKE '%erase %'"
	    "  OR c.command_line LIKE '%remove-item %' OR c.command_line LIKE '%rm %'"
	    "  OR c.command_line LIKE '%ri %')"
	    " ORDER BY c.start_ts, c.id", &st)))
		goto out;
	while ((r = sqlite3_step(st)) == SQLITE_ROW) {
		struct ct_buf target = CT_BUF_INIT;
		const char *cmd = an_col(st, 1), *pimg = an_col(st, 3);

		if (deleted_by_command(cmd, &target) &&
		    names_image(target.buf, pimg)) {
			int64_t subj = sqlite3_column_int64(st, 2);
			int64_t deleter = sqlite3_column_int64(st, 0);

			for (j = 0; j < n; j++)
				if (v[j].subject == subj)
					break;
			if (j == n) {
				v = ct_xreallocarray(v, n + 1, sizeof(*v));
				memset(&v[n], 0, sizeof(v[n]));
				v[n].subject = subj;
				v[n].del_ts = CT_NULL_INT;
				n++;
			}
			v[j].deleter = deleter;
			v[j].delay = has_delay(cmd);
		}
		ct_buf_release(&target);
	}
	sqlite3_finalize(st);
	if ((rc = an_step_done(x, r, "delete commands")))
		goto out;
	/*
	 * (c) Executables (from process events or Prefetch) in user-writable
	 * folders whose file the USN journal saw deleted within 10 minutes of
	 * the start, when no delete event names the deleting process.
	 */
	if ((rc = an_exec(x, "CREATE TEMP TABLE t_udel AS SELECT record_id, ts,"
	    " lower(name) AS nm, ct_normpath(path) AS np FROM usn"
	    " WHERE reasons LIKE '%FILE_DELETE%' AND path IS NOT NULL"
	    " AND (name LIKE '%.exe' OR name LIKE '%.scr' OR name LIKE '%.com');"
	    "CREATE INDEX t_udel_i ON t_udel(nm, ts)", "deleted executables")))
		goto out;
	if ((rc = an_prepare(x, "SELECT p.id, d.record_id, d.ts FROM process p"
	    " JOIN t_udel d ON d.nm = ct_basename(p.image)"
	    " AND d.ts BETWEEN p.start_ts AND p.start_ts + 6000000000"
	    " AND d.np = ct_normpath(p.image)"
	    " WHERE p.image IS NOT NULL AND ct_user_writable(p.image)"
	    " AND NOT EXISTS (SELECT 1 FROM process_activity a"
	    "  WHERE a.kind = 'file-delete' AND ct_normpath(a.target) = d.np)"
	    " ORDER BY d.ts, p.id", &st)))
		goto out;
	while ((r = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t subj = sqlite3_column_int64(st, 0);

		for (j = 0; j < n; j++)
			if (v[j].subject == subj)
				break;
		if (j < n)
			continue;
		v = ct_xreallocarray(v, n + 1, sizeof(*v));
		memset(&v[n], 0, sizeof(v[n]));
		v[n].subject = subj;
		v[n].del_ts = CT_NULL_INT;
		v[n].unattributed = 1;
		n++;
	}
	sqlite3_finalize(st);
	if ((rc = an_step_done(x, r, "deleted executables")) ||
	    (rc = an_exec(x, "DROP TABLE t_udel", "deleted executables")))
		goto out;
	/* One finding per process whose file was deleted (several delete events merge). */
	for (i = 0; i < n; i++) {
		for (j = 0; j < i; j++)
			if (v[j].subject == v[i].subject)
				break;
		if (j < i)
			continue;
		if ((rc = selfdel_finding(x, &v[i])))
			goto out;
	}
out:
	free(v);
	return rc;
}
