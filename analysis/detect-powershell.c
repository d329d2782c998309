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
#include "stmt.h"
#include "words.h"

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
	struct an_proc p;
	struct ct_buf scripts;		/* script block texts, joined */
	int64_t sb_rec[32];
	size_t nsb;
};

static enum ct_status
pwsh_finding(struct an_ctx *x, const struct an_proc *p, const char *cmd,
    const char *script, const int64_t *sb_rec, size_t nsb,
    int64_t extra_rec, const char *source_words)
{
	struct ct_pwsh_score sc;
	struct an_finding f;
	struct ct_buf dec = CT_BUF_INIT, chain = CT_BUF_INIT, payload = CT_BUF_INIT;
	struct an_proc parent;
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
		if ((rc = an_cite_process(x, &f, p->id, "PowerShell process")))
			goto out;
		if (an_proc_load(x, p->parent_id, &parent) > 0)
			an_finding_ent_int(&f, "process", parent.id);
		an_parent_chain_words(x, p->parent_id, &chain);
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
				an_finding_time(&f, ct_col_int(st, 0));
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
		an_add_short(&f.description, cmd, 4000);
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
		an_add_short(&f.description, dec.buf, 8000);
	}
	if (script && *script) {
		ct_buf_adds(&f.description, " Script block text: ");
		an_add_short(&f.description, script, 8000);
	}
	if (payload.len) {
		ct_buf_adds(&f.description, " Decoded FromBase64String payload: ");
		an_add_short(&f.description, payload.buf, 8000);
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
	an_json_kv(&f.details, "command_line", cmd && *cmd ? cmd : NULL,
	    AN_MAX_DETAIL_TEXT);
	an_json_kv(&f.details, "decoded", decoded ? dec.buf : NULL,
	    AN_MAX_DETAIL_TEXT);
	an_json_kv(&f.details, "script", script && *script ? script : NULL,
	    AN_MAX_DETAIL_TEXT);
	an_json_kv(&f.details, "parent_chain", chain.len ? chain.buf : NULL, 4096);
	an_json_kv(&f.details, "payload", payload.len ? payload.buf : NULL,
	    AN_MAX_DETAIL_TEXT);
	ct_buf_addch(&f.details, '}');
	pwsh_attack(&f.attack, sc.tags);
	/* Statement for the narrative. */
	if (parent.id || (p && p->parent_image && *p->parent_image)) {
		an_starter_words(&f.statement, &parent, p);
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
		an_add_short(&f.statement, dec.buf, 300);
		ct_buf_addch(&f.statement, '"');
	} else if (script && *script) {
		ct_buf_adds(&f.statement, "; its script block reads \"");
		an_add_short(&f.statement, script, 300);
		ct_buf_addch(&f.statement, '"');
	} else if (cmd && *cmd) {
		ct_buf_adds(&f.statement, ": \"");
		an_add_short(&f.statement, cmd, 300);
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
		rc = an_connection_findings(x, p, who, sc.severity,
		    "from a PowerShell process with signs of malice",
		    (sc.tags & CT_PS_CRADLE) ? "T1071.001,T1105" : "T1071.001");
	}
out:
	an_finding_free(&f);
	an_proc_release(&parent);
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
		struct an_proc p;
		struct ct_buf scripts = CT_BUF_INIT;
		int64_t recs[32];
		size_t n = 0;

		if (an_proc_load(x, sqlite3_column_int64(st, 0), &p) <= 0)
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
				ct_buf_adds(&scripts, ct_col_text(sb, 2));
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
		an_proc_release(&p);
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

		if ((rc = pwsh_finding(x, NULL, NULL, ct_col_text(st, 1), &rec, 1, 0,
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
		if ((rc = pwsh_finding(x, NULL, ct_col_text(st, 1), ct_col_text(st, 2),
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
