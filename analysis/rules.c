/*
 * rules.c - runs the declarative rules of analysis/rules/NAME.sql.
 *
 * Each rule file starts with a header of "-- key: value" lines (rule,
 * severity, attack, why) and holds one SELECT returning, by column name:
 * ts_first, ts_last, title, description, evidence (JSON array of record
 * ids, first is the main one), keys (JSON array of "kind:value" entities
 * for the chain), severity (NULL: the header's), statement (the
 * narrative clause) and, optionally, attack (the row's ATT&CK IDs; NULL:
 * the header's). Every returned row becomes one finding; the records
 * it cites also bring in the processes they belong to, so the chain can
 * link a rule's finding to the C detections. The files are embedded at
 * build time (scripts/embed.sh), so the binary carries the reviewed text.
 */
#include "compat.h"

#include "finding.h"
#include "steps.h"
#include "sql.h"
#include "xalloc.h"

#include "an-rule-ioc-hit-sql.h"
#include "an-rule-log-cleared-sql.h"
#include "an-rule-lolbin-download-sql.h"
#include "an-rule-log-clear-command-sql.h"
#include "an-rule-powershell-downgrade-sql.h"
#include "an-rule-remote-exec-admin-share-sql.h"
#include "an-rule-service-runs-code-sql.h"
#include "an-rule-antivirus-detection-sql.h"
#include "an-rule-lsass-access-sql.h"
#include "an-rule-password-guessing-sql.h"
#include "an-rule-masquerading-sql.h"
#include "an-rule-remote-thread-sql.h"
#include "an-rule-registry-persistence-sql.h"
#include "an-rule-piecewise-write-sql.h"
#include "an-rule-lolbin-proxy-exec-sql.h"
#include "an-rule-scheduled-task-command-sql.h"
#include "an-rule-credential-dump-command-sql.h"
#include "an-rule-inhibit-recovery-sql.h"
#include "an-rule-defences-disabled-sql.h"
#include "an-rule-wmi-persistence-sql.h"

static const char *const rule_texts[] = {
	ct_rule_ioc_hit_sql,
	ct_rule_log_cleared_sql,
	ct_rule_lolbin_download_sql,
	ct_rule_log_clear_command_sql,
	ct_rule_powershell_downgrade_sql,
	ct_rule_remote_exec_admin_share_sql,
	ct_rule_service_runs_code_sql,
	ct_rule_antivirus_detection_sql,
	ct_rule_lsass_access_sql,
	ct_rule_password_guessing_sql,
	ct_rule_masquerading_sql,
	ct_rule_remote_thread_sql,
	ct_rule_registry_persistence_sql,
	ct_rule_piecewise_write_sql,
	ct_rule_lolbin_proxy_exec_sql,
	ct_rule_scheduled_task_command_sql,
	ct_rule_credential_dump_command_sql,
	ct_rule_inhibit_recovery_sql,
	ct_rule_defences_disabled_sql,
	ct_rule_wmi_persistence_sql,
};

/* Copy the value of header line "-- key: value" into out (or ""). */
static void
header(const char *sql, const char *key, char *out, size_t outsz)
{
	size_t kl = strlen(key);
	const char *p = sql;

	out[0] = '\0';
	while (p && strncmp(p, "--", 2) == 0) {
		const char *l = p + 2, *e;

		while (*l == ' ')
			l++;
		e = strchr(p, '\n');
		if (strncmp(l, key, kl) == 0 && l[kl] == ':') {
			size_t n;

			l += kl + 1;
			while (*l == ' ')
				l++;
			n = e ? (size_t)(e - l) : strlen(l);
			if (n >= outsz)
				n = outsz - 1;
			memcpy(out, l, n);
			out[n] = '\0';
			return;
		}
		p = e ? e + 1 : NULL;
	}
}

/* Worth handing to json_each (a JSON array). */
static int
json_ok(const char *s)
{
	return s != NULL && s[0] == '[';
}

static int
col_index(sqlite3_stmt *st, const char *name)
{
	int i, n = sqlite3_column_count(st);

	for (i = 0; i < n; i++)
		if (strcmp(sqlite3_column_name(st, i), name) == 0)
			return i;
	return -1;
}

/* Processes the cited records belong to become entities (for the chain). */
static void
record_processes(struct an_ctx *x, struct an_finding *f)
{
	sqlite3_stmt *st;
	size_t i;

	if (an_prepare(x, "SELECT process_id FROM process_record WHERE record_id = ?1"
	    " UNION SELECT process_id FROM process_activity WHERE record_id = ?1"
	    " ORDER BY 1 LIMIT 8", &st))
		return;
	for (i = 0; i < f->nev; i++) {
		sqlite3_reset(st);
		sqlite3_bind_int64(st, 1, f->ev[i]);
		while (sqlite3_step(st) == SQLITE_ROW)
			an_finding_ent_int(f, "process", sqlite3_column_int64(st, 0));
	}
	sqlite3_finalize(st);
}

static enum ct_status
run_rule(struct an_ctx *x, const char *sql)
{
	char name[64], sev[16], attack[128];
	sqlite3_stmt *st, *ev, *keys;
	enum ct_status rc;
	int r, c_first, c_last, c_title, c_desc, c_ev, c_keys, c_sev, c_stmt;
	int c_attack;
	int sevrank;

	header(sql, "rule", name, sizeof(name));
	header(sql, "severity", sev, sizeof(sev));
	header(sql, "attack", attack, sizeof(attack));
	sevrank = ct_severity_rank(sev);
	if (name[0] == '\0' || sevrank < 0)
		return ct_error_set(x->err, CT_ERR_INTERNAL, NULL, CT_NO_OFFSET,
		    "rule '%s' has a bad header", name);
	if ((rc = an_prepare(x, sql, &st)))
		return rc;
	c_first = col_index(st, "ts_first");
	c_last = col_index(st, "ts_last");
	c_title = col_index(st, "title");
	c_desc = col_index(st, "description");
	c_ev = col_index(st, "evidence");
	c_keys = col_index(st, "keys");
	c_sev = col_index(st, "severity");
	c_stmt = col_index(st, "statement");
	c_attack = col_index(st, "attack");
	if (c_title < 0 || c_ev < 0 || c_desc < 0) {
		sqlite3_finalize(st);
		return ct_error_set(x->err, CT_ERR_INTERNAL, NULL, CT_NO_OFFSET,
		    "rule '%s' lacks title, description or evidence", name);
	}
	if ((rc = an_prepare(x, "SELECT CAST(value AS INTEGER) FROM json_each(?)",
	    &ev)) || (rc = an_prepare(x, "SELECT value FROM json_each(?)",
	    &keys))) {
		sqlite3_finalize(st);
		return rc;
	}
	while ((r = sqlite3_step(st)) == SQLITE_ROW) {
		struct an_finding f;
		int s = sevrank;
		const char *evj = ct_sql_text(st, c_ev);

		if (c_sev >= 0 && sqlite3_column_type(st, c_sev) != SQLITE_NULL)
			s = ct_severity_rank(ct_sql_text(st, c_sev));
		an_finding_init(&f, name, s < 0 ? sevrank : s);
		if (c_first >= 0)
			an_finding_time(&f, ct_sql_int(st, c_first));
		if (c_last >= 0)
			an_finding_time(&f, ct_sql_int(st, c_last));
		ct_buf_adds(&f.title, ct_sql_text(st, c_title));
		ct_buf_adds(&f.description, ct_sql_text(st, c_desc));
		/* A row's own techniques (NULL: the header's). */
		if (c_attack >= 0 && sqlite3_column_type(st, c_attack) != SQLITE_NULL)
			ct_buf_adds(&f.attack, ct_sql_text(st, c_attack));
		else
			ct_buf_adds(&f.attack, attack);
		if (c_stmt >= 0)
			ct_buf_adds(&f.statement, ct_sql_text(st, c_stmt));
		f.confidence = "high";
		sqlite3_reset(ev);
		sqlite3_bind_text(ev, 1, json_ok(evj) ? evj : "[]", -1,
		    SQLITE_TRANSIENT);
		while (sqlite3_step(ev) == SQLITE_ROW)
			an_finding_ev(&f, sqlite3_column_int64(ev, 0), name);
		if (c_keys >= 0) {
			const char *kj = ct_sql_text(st, c_keys);

			sqlite3_reset(keys);
			sqlite3_bind_text(keys, 1, json_ok(kj) ? kj : "[]", -1,
			    SQLITE_TRANSIENT);
			while (sqlite3_step(keys) == SQLITE_ROW) {
				const char *k = ct_sql_text(keys, 0), *colon = strchr(k, ':');
				char kind[32];
				size_t kl;

				if (colon == NULL || colon == k)
					continue;
				kl = (size_t)(colon - k) < sizeof(kind) - 1 ?
				    (size_t)(colon - k) : sizeof(kind) - 1;
				memcpy(kind, k, kl);
				kind[kl] = '\0';
				if (strcmp(kind, "process") == 0 &&
				    strcmp(colon + 1, "0") == 0)
					continue;
				an_finding_ent(&f, kind, colon + 1);
			}
		}
		record_processes(x, &f);
		if ((rc = an_finding_commit(x, &f, NULL)))
			break;
	}
	sqlite3_finalize(ev);
	sqlite3_finalize(keys);
	sqlite3_finalize(st);
	if (rc)
		return rc;
	return an_step_done(x, r, name);
}

enum ct_status
an_run_sql_rules(struct an_ctx *x)
{
	enum ct_status rc;
	size_t i;

	for (i = 0; i < CT_ARRAY_SIZE(rule_texts); i++) {
		char name[64];

		if ((rc = run_rule(x, rule_texts[i])))
			return rc;
		header(rule_texts[i], "rule", name, sizeof(name));
		an_timing(x, name);
	}
	return CT_OK;
}
