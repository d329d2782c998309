/*
 * sigma-step.c - the Sigma step: the rules given with --sigma (a compiled
 * set of analysis/sigma/, in the options) over every event-log record of
 * the case, written as findings that the chain and the narrative take
 * like casetrail's own (doc/sigma.md, "Findings").
 *
 * The scan (ct_sigma_scan) gives (record, rule) hits in record order.
 * They become findings by rule and host (evtx.computer):
 *  - informational, low and medium rules: one finding per rule and host
 *    citing its first AN_MAX_EVIDENCE records (the description gives the
 *    total). It names its processes (for the chain) only when its records
 *    belong to at most SG_LINK_SUBJECTS processes or process-less
 *    records: a rule that fires across a host says nothing about one
 *    process of an attack, and as an entity of hundreds of processes it
 *    would join unrelated findings into one chain;
 *  - high and critical rules: one finding per process instance (the
 *    process model's, so a Sysmon 1 and its Security 4688 are one
 *    finding) or per record that belongs to no process, so that a hit on
 *    a process of the attack is a step of its chain. Bounded: beyond
 *    SG_MAX_SPLIT such findings per rule and host the further matches go
 *    into one finding of their own (it names nothing for the chain),
 *    except on processes an earlier finding of medium severity or above
 *    names, which always get theirs.
 * Informational and low findings name nothing: the chain and the
 * narrative leave them out; the report counts and lists them.
 * Every finding's details hold the rule's metadata (its author above all:
 * the rules' licence, DRL 1.1, asks that it be shown wherever a match is),
 * the host, the number of matches and the fields that matched in its
 * first record (ct_sigma_explain). The run (rule paths, rules loaded and
 * skipped, hits) is recorded as meta key analysis.sigma.
 *
 * Without a rule set the step does nothing, so the analysis is the same
 * as before Sigma existed.
 */
#include "compat.h"

#include <strings.h>

#include "finding.h"
#include "paths.h"
#include "sigma-scan.h"
#include "sigma.h"
#include "sql.h"
#include "steps.h"
#include "words.h"
#include "xalloc.h"

/* Own findings of one high or critical rule on one host (see above). */
#define SG_MAX_SPLIT		32
/* Processes (or process-less records) an aggregated finding may name. */
#define SG_LINK_SUBJECTS	4
/* Matched fields kept in a finding's details, and bytes of each value. */
#define SG_MAX_FIELDS		32
#define SG_MAX_VALUE		1024

/* The channels whose System Execution ProcessID is the logging process. */
#define SG_PS_CHANNELS "('Microsoft-Windows-PowerShell/Operational'," \
	" 'PowerShellCore/Operational', 'Windows PowerShell')"
/* 5 s in FILETIME ticks, as process.c matches PIDs to processes. */
#define SG_T5S "50000000"

struct hit {
	int64_t record;
	uint32_t rule;
};

/* One process (key > 0) or process-less record (key = -record id). */
struct sub {
	int64_t key;
	int64_t first_ts, last_ts;
	uint64_t matches;
	int64_t ev[AN_MAX_EVIDENCE];
	size_t nev;
};

/* The hits of one rule on one host. */
struct group {
	uint32_t rule;
	char *host;
	struct group *next;		/* the rule's next host */
	uint64_t matches;		/* every hit */
	/* the aggregated finding: every hit (medium and below) or the rest */
	uint64_t agg_matches;
	int64_t agg_first, agg_last;
	int64_t ev[AN_MAX_EVIDENCE];
	size_t nev;
	int64_t subj[SG_LINK_SUBJECTS];
	size_t nsubj;
	int many;			/* more subjects than SG_LINK_SUBJECTS */
	/* high and critical: findings of their own */
	struct sub *sub;
	size_t nsub, asub, nunlinked;
};

/* A finding to write: a group's aggregate (sub NULL) or one of its subs. */
struct item {
	struct group *g;
	struct sub *sub;
	int64_t first_ts;
};

struct run {
	struct an_ctx *x;
	const struct ct_sigma_set *set;
	struct hit *hit;
	size_t nhit, ahit;
	struct group **by_rule;		/* per rule index: its groups */
	struct ct_sigma_explainer *ex;
	sqlite3_stmt *linked;		/* is a process named by a finding? */
	char **licence;			/* per rule index: see licence_of() */
	char **licence_from;
};

static void
on_hit(void *arg, const struct ct_sigma_hit *h)
{
	struct run *r = arg;

	if (r->nhit == r->ahit) {
		r->ahit = r->ahit ? r->ahit * 2 : 1024;
		r->hit = ct_xreallocarray(r->hit, r->ahit, sizeof(*r->hit));
	}
	r->hit[r->nhit].record = h->record_id;
	r->hit[r->nhit].rule = h->rule->index;
	r->nhit++;
}

static void
widen(int64_t *first, int64_t *last, int64_t ts)
{
	if (ts == CT_NULL_INT)
		return;
	if (*first == CT_NULL_INT || ts < *first)
		*first = ts;
	if (*last == CT_NULL_INT || ts > *last)
		*last = ts;
}

static void
add_ev(int64_t *ev, size_t *nev, int64_t rec)
{
	if (*nev < AN_MAX_EVIDENCE && (*nev == 0 || ev[*nev - 1] != rec))
		ev[(*nev)++] = rec;
}

static struct group *
group_of(struct run *r, uint32_t rule, const char *host)
{
	struct group *g;

	for (g = r->by_rule[rule]; g; g = g->next)
		if (strcmp(g->host, host) == 0)
			return g;
	g = ct_xcalloc(1, sizeof(*g));
	g->rule = rule;
	g->host = ct_xstrdup(host);
	g->agg_first = g->agg_last = CT_NULL_INT;
	g->next = r->by_rule[rule];
	r->by_rule[rule] = g;
	return g;
}

/* Is process pid named by a finding of medium severity or above? */
static int
process_linked(struct run *r, int64_t pid)
{
	char v[32];
	int yes;

	snprintf(v, sizeof(v), "%" PRId64, pid);
	sqlite3_reset(r->linked);
	sqlite3_bind_text(r->linked, 1, v, -1, SQLITE_TRANSIENT);
	yes = sqlite3_step(r->linked) == SQLITE_ROW;
	sqlite3_reset(r->linked);
	return yes;
}

/* One hit of record rec (time ts, process pid or 0) into its group. */
static void
place(struct run *r, struct group *g, int64_t rec, int64_t ts, int64_t pid)
{
	const struct ct_sigma_rule *rule = ct_sigma_rule_at(r->set, g->rule);
	int64_t key = pid > 0 ? pid : -rec;
	struct sub *s = NULL;
	size_t i;

	g->matches++;
	if (rule->level >= CT_SIGMA_HIGH) {
		for (i = 0; i < g->nsub; i++)
			if (g->sub[i].key == key) {
				s = &g->sub[i];
				break;
			}
		if (s == NULL) {
			int linked = pid > 0 && process_linked(r, pid);

			if (!linked && g->nunlinked == SG_MAX_SPLIT)
				goto rest;
			if (!linked)
				g->nunlinked++;
			if (g->nsub == g->asub) {
				g->asub = g->asub ? g->asub * 2 : 8;
				g->sub = ct_xreallocarray(g->sub, g->asub,
				    sizeof(*g->sub));
			}
			s = &g->sub[g->nsub++];
			memset(s, 0, sizeof(*s));
			s->key = key;
			s->first_ts = s->last_ts = CT_NULL_INT;
		}
		s->matches++;
		widen(&s->first_ts, &s->last_ts, ts);
		add_ev(s->ev, &s->nev, rec);
		return;
	}
rest:
	g->agg_matches++;
	widen(&g->agg_first, &g->agg_last, ts);
	add_ev(g->ev, &g->nev, rec);
	if (!g->many) {
		for (i = 0; i < g->nsubj && g->subj[i] != key; i++)
			;
		if (i == g->nsubj) {
			if (g->nsubj == SG_LINK_SUBJECTS)
				g->many = 1;
			else
				g->subj[g->nsubj++] = key;
		}
	}
}

static int
cmp_hit(const void *a, const void *b)
{
	const struct hit *x = a, *y = b;

	if (x->record != y->record)
		return x->record < y->record ? -1 : 1;
	return x->rule < y->rule ? -1 : x->rule > y->rule;
}

/*
 * The process each hit record belongs to, in the process model: its start
 * or end (process_record), its activity (process_activity), its Sysmon
 * ProcessGuid, or for PowerShell's own logs the process of its System
 * Execution ProcessID running then (as the PowerShell step reads them).
 */
static const char *const resolve_sql[] = {
	"CREATE TEMP TABLE t_sg_rec (record_id INTEGER PRIMARY KEY)",
	"CREATE TEMP TABLE t_sg_proc (record_id INTEGER PRIMARY KEY,"
	" process_id INTEGER NOT NULL)",
	"INSERT OR IGNORE INTO t_sg_proc SELECT pr.record_id, min(pr.process_id)"
	" FROM process_record pr WHERE pr.record_id IN (SELECT record_id FROM"
	" t_sg_rec) GROUP BY pr.record_id",
	"INSERT OR IGNORE INTO t_sg_proc SELECT a.record_id, min(a.process_id)"
	" FROM process_activity a WHERE a.record_id IN (SELECT record_id FROM"
	" t_sg_rec) GROUP BY a.record_id",
	"INSERT OR IGNORE INTO t_sg_proc SELECT record_id, pid FROM (SELECT"
	" x.record_id AS record_id, (SELECT min(p.id) FROM process p"
	"  WHERE p.process_guid = x.process_guid) AS pid"
	" FROM t_sg_rec t JOIN evtx x ON x.record_id = t.record_id"
	" WHERE x.process_guid IS NOT NULL) WHERE pid IS NOT NULL",
	"INSERT OR IGNORE INTO t_sg_proc SELECT record_id, pid FROM (SELECT"
	" x.record_id AS record_id, (SELECT p.id FROM process p"
	"  WHERE p.pid = x.pid"
	"  AND p.start_ts <= coalesce(x.created, x.written) + " SG_T5S
	"  AND (p.end_ts IS NULL OR p.end_ts >= coalesce(x.created, x.written)"
	"   - " SG_T5S ")"
	"  ORDER BY p.start_ts DESC, p.id DESC LIMIT 1) AS pid"
	" FROM t_sg_rec t JOIN evtx x ON x.record_id = t.record_id"
	" WHERE x.channel IN " SG_PS_CHANNELS " AND x.pid > 0)"
	" WHERE pid IS NOT NULL",
};

/* Group the hits (sorted) by rule and host, with their processes. */
static enum ct_status
group_hits(struct run *r)
{
	struct an_ctx *x = r->x;
	sqlite3_stmt *ins, *st;
	enum ct_status rc;
	size_t i, h = 0;
	int step;

	qsort(r->hit, r->nhit, sizeof(*r->hit), cmp_hit);
	for (i = 0; i < CT_ARRAY_SIZE(resolve_sql); i++) {
		if ((rc = an_exec(x, resolve_sql[i], "Sigma hit processes")))
			return rc;
		if (i != 1)
			continue;
		/* after the two tables: the hit records */
		if ((rc = an_prepare(x, "INSERT OR IGNORE INTO t_sg_rec VALUES (?)",
		    &ins)))
			return rc;
		for (h = 0; h < r->nhit; h++) {
			sqlite3_reset(ins);
			sqlite3_bind_int64(ins, 1, r->hit[h].record);
			if (sqlite3_step(ins) != SQLITE_DONE) {
				sqlite3_finalize(ins);
				return ct_case_db_error(x->err, x->db, x->c->path,
				    "Sigma hit records");
			}
		}
		sqlite3_finalize(ins);
	}
	if ((rc = an_prepare(x, "SELECT t.record_id, coalesce(x.computer, ''),"
	    " coalesce(x.created, x.written), coalesce(p.process_id, 0)"
	    " FROM t_sg_rec t JOIN evtx x ON x.record_id = t.record_id"
	    " LEFT JOIN t_sg_proc p ON p.record_id = t.record_id"
	    " ORDER BY t.record_id", &st)))
		return rc;
	h = 0;
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t rec = sqlite3_column_int64(st, 0);
		const char *host = ct_sql_text(st, 1);
		int64_t ts = ct_sql_int(st, 2);
		int64_t pid = sqlite3_column_int64(st, 3);

		while (h < r->nhit && r->hit[h].record < rec)
			h++;
		for (; h < r->nhit && r->hit[h].record == rec; h++)
			place(r, group_of(r, r->hit[h].rule, host), rec, ts,
			    pid);
	}
	sqlite3_finalize(st);
	if ((rc = an_step_done(x, step, "Sigma hit records")))
		return rc;
	return an_exec(x, "DROP TABLE t_sg_rec; DROP TABLE t_sg_proc",
	    "Sigma hit processes");
}

/* ---- the rules' licence ---- */

/* Bytes of a LICENSE file read to recognise it. */
#define SG_LICENCE_READ 65536

/*
 * Which licence a LICENSE file (path) names: "DRL-1.1" for the Detection
 * Rule License 1.1 (SigmaHQ's), "" for a file that names another one or
 * cannot be read as text, NULL when there is no such file.
 */
static char *
licence_file(const char *path)
{
	FILE *fp = fopen(path, "rb");
	char *buf;
	size_t n;
	char *res;

	if (fp == NULL)
		return NULL;
	buf = ct_xmalloc(SG_LICENCE_READ + 1);
	n = fread(buf, 1, SG_LICENCE_READ, fp);
	fclose(fp);
	buf[n] = '\0';
	res = ct_xstrdup(strstr(buf, "Detection Rule License") &&
	    (strstr(buf, "DRL) 1.1") || strstr(buf, "DRL 1.1") ||
	    strstr(buf, "License 1.1")) ? "DRL-1.1" : "");
	free(buf);
	return res;
}

/*
 * The licence of a rule: its own `license:` field, or else that of the
 * rule set it comes from, named by the first LICENSE (LICENSE.md,
 * LICENSE.txt) file in its folder or a folder above (SigmaHQ's rules carry
 * no field; the repository's LICENSE names DRL 1.1). Unknown: "". *from
 * gets "rule" or the LICENSE file's path. Kept per rule in r.
 */
static const char *
licence_of(struct run *r, uint32_t idx, const char **from)
{
	static const char *const names[] = { "LICENSE", "LICENSE.md",
	    "LICENSE.txt" };
	const struct ct_sigma_rule *rule = ct_sigma_rule_at(r->set, idx);
	char *dir, *slash, *found = NULL, *path = NULL;
	size_t i;

	if (r->licence[idx] == NULL) {
		if (*rule->license) {
			r->licence[idx] = ct_xstrdup(rule->license);
			r->licence_from[idx] = ct_xstrdup("rule");
		} else {
			/* absolute, so that the folders above the one
			 * given with --sigma are searched too */
			if ((dir = realpath(rule->file, NULL)) == NULL)
				dir = ct_xstrdup(rule->file);
			while (found == NULL && (slash = strrchr(dir, '/'))) {
				*slash = '\0';
				for (i = 0; found == NULL &&
				    i < CT_ARRAY_SIZE(names); i++) {
					free(path);
					path = ct_xasprintf("%s/%s", *dir ? dir :
					    "", names[i]);
					found = licence_file(path);
				}
			}
			free(dir);
			r->licence[idx] = found ? found : ct_xstrdup("");
			r->licence_from[idx] = found ? path : ct_xstrdup("");
			if (!found)
				free(path);
		}
	}
	*from = r->licence_from[idx];
	return r->licence[idx];
}

/* ---- writing ---- */

/* A JSON string of n bytes (cut at max, on a character boundary). */
static void
json_str(struct ct_buf *b, const char *s, size_t n, size_t max)
{
	if (n > max) {
		n = max;
		while (n > 0 && ((unsigned char)s[n] & 0xc0) == 0x80)
			n--;
	}
	ct_buf_addch(b, '"');
	ct_buf_add_json_str(b, s, n);
	ct_buf_addch(b, '"');
}

static void
json_list(struct ct_buf *b, const char *key, const char *const *v, size_t n)
{
	size_t i;

	ct_buf_addf(b, ",\"%s\":[", key);
	for (i = 0; i < n; i++) {
		if (i)
			ct_buf_addch(b, ',');
		json_str(b, v[i], strlen(v[i]), 4096);
	}
	ct_buf_addch(b, ']');
}

/* The matched fields of one record, without repeating a name. */
struct fields {
	char *name[SG_MAX_FIELDS];
	char *value[SG_MAX_FIELDS];
	size_t n;
};

static void
on_field(void *arg, const char *name, size_t nl, const char *v, size_t vl)
{
	struct fields *f = arg;
	struct ct_buf tmp = CT_BUF_INIT;
	size_t i;

	for (i = 0; i < f->n; i++)
		if (strlen(f->name[i]) == nl &&
		    strncasecmp(f->name[i], name, nl) == 0)
			return;
	if (f->n == SG_MAX_FIELDS)
		return;
	ct_buf_add_utf8_clean(&tmp, name, nl);
	f->name[f->n] = ct_buf_detach(&tmp, NULL);
	if (vl > SG_MAX_VALUE) {
		vl = SG_MAX_VALUE;
		while (vl > 0 && ((unsigned char)v[vl] & 0xc0) == 0x80)
			vl--;
	}
	ct_buf_add_utf8_clean(&tmp, v, vl);
	f->value[f->n++] = ct_buf_detach(&tmp, NULL);
}

static void
fields_release(struct fields *f)
{
	size_t i;

	for (i = 0; i < f->n; i++) {
		free(f->name[i]);
		free(f->value[i]);
	}
	f->n = 0;
}

/* ATT&CK technique IDs from tags: attack.t1059.001 -> T1059.001. */
static void
attack_of(struct ct_buf *b, const struct ct_sigma_rule *rule)
{
	size_t i, k;

	for (i = 0; i < rule->ntags; i++) {
		const char *t = rule->tags[i];
		size_t n = strlen(t);
		char id[16];

		if (strncasecmp(t, "attack.t", 8) != 0 || (n != 13 && n != 17))
			continue;
		for (k = 8; k < n; k++)
			if (!((t[k] >= '0' && t[k] <= '9') ||
			    (k == 12 && t[k] == '.')))
				break;
		if (k < n || (n == 17 && t[12] != '.'))
			continue;
		snprintf(id, sizeof(id), "T%s", t + 8);
		if (strstr(b->buf, id))
			continue;
		ct_buf_adds(b, b->len ? "," : "");
		ct_buf_adds(b, id);
	}
}

static const char *
confidence_of(const struct ct_sigma_rule *rule)
{
	if (strcmp(rule->status, "stable") == 0)
		return "high";
	if (strcmp(rule->status, "test") == 0)
		return "medium";
	return "low";
}

/* The rule's author for sentences ("" when it names none). */
static const char *
author_words(const struct ct_sigma_rule *rule)
{
	return *rule->author ? rule->author : "an author the rule does not name";
}

/* Entities of one cited record (the chain links findings through them). */
static enum ct_status
record_entities(struct an_ctx *x, struct an_finding *f, int64_t rec)
{
	sqlite3_stmt *st;
	enum ct_status rc;
	struct ct_buf np = CT_BUF_INIT;
	int r;

	if ((rc = an_cached(x, "SELECT image, target_file, dst_ip,"
	    " CASE WHEN channel = 'Security' THEN src_ip END, hashes"
	    " FROM evtx WHERE record_id = ?", &st)))
		return rc;
	sqlite3_bind_int64(st, 1, rec);
	if ((r = sqlite3_step(st)) == SQLITE_ROW) {
		const char *image = (const char *)sqlite3_column_text(st, 0);
		const char *target = (const char *)sqlite3_column_text(st, 1);
		const char *hashes = (const char *)sqlite3_column_text(st, 4);
		int k;

		/* Programs in folders users can write to: dropped files. */
		if (image && *image) {
			an_normpath(&np, image);
			if (an_user_writable(np.buf))
				an_finding_ent(f, "path", np.buf);
		}
		if (target && *target) {
			ct_buf_reset(&np);
			an_normpath(&np, target);
			an_finding_ent(f, "path", np.buf);
		}
		for (k = 2; k <= 3; k++) {
			const char *ip = (const char *)sqlite3_column_text(st, k);

			if (ip && *ip && strcmp(ip, "-") != 0 &&
			    strncmp(ip, "127.", 4) != 0 && strcmp(ip, "::1") != 0 &&
			    strcmp(ip, "0.0.0.0") != 0 && strcmp(ip, "::") != 0)
				an_finding_ent(f, "ip", ip);
		}
		/* Sysmon's Hashes: "SHA1=..,MD5=..,SHA256=..,IMPHASH=.." */
		while (hashes && *hashes) {
			const char *eq = strchr(hashes, '='), *end;
			char h[160];
			size_t n, i;

			if (!eq)
				break;
			end = strchr(eq, ',');
			n = end ? (size_t)(end - eq - 1) : strlen(eq + 1);
			if (strncasecmp(hashes, "IMPHASH=", 8) != 0 && n > 0 &&
			    n < sizeof(h)) {
				for (i = 0; i < n; i++)
					h[i] = (char)((eq[1 + i] >= 'A' &&
					    eq[1 + i] <= 'Z') ? eq[1 + i] + 32 :
					    eq[1 + i]);
				h[n] = '\0';
				an_finding_ent(f, "hash", h);
			}
			hashes = end ? end + 1 : NULL;
		}
		r = sqlite3_step(st);
	}
	an_release(st);
	ct_buf_release(&np);
	return an_step_done(x, r, "Sigma record entities");
}

/* Process id's image, PID and command line (owned), or 0. */
static int
process_words(struct an_ctx *x, int64_t id, char **image, int64_t *pid,
    char **cmd)
{
	sqlite3_stmt *st;
	int ok = 0;

	*image = *cmd = NULL;
	*pid = CT_NULL_INT;
	if (an_cached(x, "SELECT coalesce(image, ''), pid, command_line"
	    " FROM process WHERE id = ?", &st))
		return 0;
	sqlite3_bind_int64(st, 1, id);
	if (sqlite3_step(st) == SQLITE_ROW) {
		*image = ct_xstrdup(ct_sql_text(st, 0));
		*pid = ct_sql_int(st, 1);
		if (sqlite3_column_type(st, 2) != SQLITE_NULL)
			*cmd = ct_xstrdup(ct_sql_text(st, 2));
		ok = 1;
	}
	an_release(st);
	return ok;
}

/* The summary line of a record (owned), or NULL. */
static char *
record_summary(struct an_ctx *x, int64_t rec)
{
	sqlite3_stmt *st;
	char *s = NULL;

	if (an_cached(x, "SELECT summary FROM record WHERE id = ?", &st))
		return NULL;
	sqlite3_bind_int64(st, 1, rec);
	if (sqlite3_step(st) == SQLITE_ROW)
		s = ct_xstrdup(ct_sql_text(st, 0));
	an_release(st);
	return s;
}

static void
details_of(struct ct_buf *d, const struct ct_sigma_rule *rule,
    const char *licence, const char *licence_from,
    const struct group *g, const char *scope, uint64_t matches,
    size_t listed, int64_t process_id, const struct fields *fl,
    int64_t fields_record)
{
	size_t i;

	ct_buf_adds(d, "{");
	an_json_kv(d, "id", rule->id, 4096);
	an_json_kv(d, "title", rule->title, 4096);
	an_json_kv(d, "author", rule->author, 4096);
	an_json_kv(d, "level", rule->level_name, 64);
	an_json_kv(d, "status", rule->status, 256);
	an_json_kv(d, "license", *licence ? licence : NULL, 256);
	an_json_kv(d, "license_from", *licence_from ? licence_from : NULL,
	    4096);
	an_json_kv(d, "description", rule->description, 8192);
	json_list(d, "references", rule->references, rule->nreferences);
	json_list(d, "falsepositives", rule->falsepositives,
	    rule->nfalsepositives);
	json_list(d, "tags", rule->tags, rule->ntags);
	an_json_kv(d, "date", rule->date, 64);
	an_json_kv(d, "modified", rule->modified, 64);
	an_json_kv(d, "file", rule->file, 4096);
	ct_buf_addf(d, ",\"line\":%u", rule->line);
	an_json_kv(d, "host", g->host, 1024);
	an_json_kv(d, "scope", scope, 16);
	ct_buf_addf(d, ",\"matches\":%" PRIu64 ",\"listed\":%zu", matches,
	    listed);
	ct_buf_addf(d, ",\"rule_matches_on_host\":%" PRIu64, g->matches);
	if (process_id > 0)
		ct_buf_addf(d, ",\"process_id\":%" PRId64, process_id);
	ct_buf_adds(d, ",\"fields\":{");
	for (i = 0; i < fl->n; i++) {
		if (i)
			ct_buf_addch(d, ',');
		json_str(d, fl->name[i], strlen(fl->name[i]), 256);
		ct_buf_addch(d, ':');
		json_str(d, fl->value[i], strlen(fl->value[i]), SG_MAX_VALUE);
	}
	ct_buf_addch(d, '}');
	if (fields_record > 0)
		ct_buf_addf(d, ",\"fields_record_id\":%" PRId64, fields_record);
	ct_buf_addch(d, '}');
}

/* Write one finding: a group's aggregate (s NULL) or one of its subs. */
static enum ct_status
write_item(struct run *r, const struct item *it)
{
	struct an_ctx *x = r->x;
	const struct group *g = it->g;
	const struct sub *s = it->sub;
	const struct ct_sigma_rule *rule = ct_sigma_rule_at(r->set, g->rule);
	const int64_t *ev = s ? s->ev : g->ev;
	size_t nev = s ? s->nev : g->nev, i;
	uint64_t matches = s ? s->matches : g->agg_matches;
	int64_t pid = s && s->key > 0 ? s->key : 0;
	const char *host = *g->host ? g->host : "an unnamed host";
	struct an_finding f;
	struct fields fl;
	enum ct_status rc = CT_OK;
	char *image = NULL, *cmd = NULL, *summary = NULL;
	int64_t ospid = CT_NULL_INT;
	int matched = 0;
	/* see the top of the file: who may join a chain */
	int link = rule->level >= CT_SIGMA_MEDIUM && (s != NULL ||
	    (!g->many && rule->level < CT_SIGMA_HIGH));
	const char *scope, *licence_from;
	const char *licence = licence_of(r, g->rule, &licence_from);

	memset(&fl, 0, sizeof(fl));
	if (nev == 0)
		return CT_OK;
	an_finding_init(&f, NULL, (int)rule->level);
	f.confidence = confidence_of(rule);
	for (i = 0; i < nev; i++)
		an_finding_ev(&f, ev[i], "Sigma match");
	if (s) {
		an_finding_time(&f, s->first_ts);
		an_finding_time(&f, s->last_ts);
	} else {
		an_finding_time(&f, g->agg_first);
		an_finding_time(&f, g->agg_last);
	}
	if (ct_sigma_explain(r->ex, ev[0], rule, on_field, &fl, &matched,
	    x->err) != CT_OK) {
		an_finding_release(&f);
		fields_release(&fl);
		return CT_ERR_DB;
	}
	if (pid > 0)
		process_words(x, pid, &image, &ospid, &cmd);
	else if (s)
		summary = record_summary(x, ev[0]);
	scope = s ? (pid > 0 ? "process" : "record") : "host";

	ct_buf_adds(&f.title, rule->title);
	attack_of(&f.attack, rule);
	/* description */
	ct_buf_addf(&f.description, "Sigma rule \"%s\" (%s; id %s; by %s; "
	    "licence %s) matched %" PRIu64 " record(s) ", rule->title,
	    rule->level_name, rule->id, author_words(rule),
	    *licence ? licence : "unknown", matches);
	if (pid > 0 && image) {
		ct_buf_adds(&f.description, "of ");
		ct_buf_adds(&f.description, an_base_of(image));
		if (ospid != CT_NULL_INT)
			ct_buf_addf(&f.description, " (PID %" PRId64 ")", ospid);
		ct_buf_adds(&f.description, " ");
	}
	ct_buf_addf(&f.description, "on %s", host);
	if (!s && g->nsub)
		ct_buf_addf(&f.description, ", beyond the %zu process(es) and "
		    "record(s) with findings of their own (%" PRIu64 " match(es) "
		    "on this host in all)", g->nsub, g->matches);
	ct_buf_adds(&f.description, ".");
	if (nev < matches)
		ct_buf_addf(&f.description, " The first %zu are cited.", nev);
	if (pid > 0 && cmd) {
		ct_buf_adds(&f.description, " Command line: ");
		an_add_short(&f.description, cmd, 2000);
		ct_buf_adds(&f.description, ".");
	}
	if (fl.n) {
		ct_buf_adds(&f.description, "\nMatched in the first record:");
		for (i = 0; i < fl.n; i++) {
			ct_buf_addf(&f.description, "%s %s = ", i ? ";" : "",
			    fl.name[i]);
			an_add_short(&f.description, fl.value[i], 500);
		}
		ct_buf_adds(&f.description, ".");
	}
	if (*rule->description) {
		ct_buf_adds(&f.description, "\nThe rule: ");
		an_add_short(&f.description, rule->description, 2000);
	}
	if (rule->nfalsepositives) {
		ct_buf_adds(&f.description, "\nFalse positives, as the rule "
		    "says: ");
		for (i = 0; i < rule->nfalsepositives; i++) {
			ct_buf_adds(&f.description, i ? "; " : "");
			an_add_short(&f.description, rule->falsepositives[i], 500);
		}
		ct_buf_adds(&f.description, ".");
	}
	/* the narrative's clause */
	ct_buf_addf(&f.statement, "Sigma rule \"%s\" (%s, by %s) matched ",
	    rule->title, rule->level_name, author_words(rule));
	if (pid > 0 && image) {
		ct_buf_adds(&f.statement, an_base_of(image));
		if (ospid != CT_NULL_INT)
			ct_buf_addf(&f.statement, " (PID %" PRId64 ")", ospid);
		if (cmd) {
			ct_buf_adds(&f.statement, ": \"");
			an_add_short(&f.statement, cmd, 300);
			ct_buf_adds(&f.statement, "\"");
		}
	} else if (summary) {
		ct_buf_adds(&f.statement, "\"");
		an_add_short(&f.statement, summary, 300);
		ct_buf_adds(&f.statement, "\"");
	} else {
		ct_buf_addf(&f.statement, "%" PRIu64 " record(s) on %s",
		    matches, host);
	}
	details_of(&f.details, rule, licence, licence_from, g, scope, matches,
	    nev, pid, &fl,
	    matched ? ev[0] : 0);
	/* entities: what the chain links through (see the top of the file) */
	if (link) {
		if (pid > 0)
			an_finding_ent_int(&f, "process", pid);
		if (!s && g->nsubj) {
			for (i = 0; i < g->nsubj; i++)
				if (g->subj[i] > 0)
					an_finding_ent_int(&f, "process",
					    g->subj[i]);
		}
		for (i = 0; rc == CT_OK && i < nev; i++)
			rc = record_entities(x, &f, ev[i]);
	}
	if (rc == CT_OK) {
		char *name = ct_xasprintf("sigma:%s", rule->id);

		f.rule = name;
		rc = an_finding_commit(x, &f, NULL);
		if (rc == CT_OK) {
			x->st->sigma_findings++;
			x->st->sigma_by_severity[rule->level]++;
		}
		free(name);
	} else {
		an_finding_release(&f);
	}
	fields_release(&fl);
	free(image);
	free(cmd);
	free(summary);
	return rc;
}

static int
cmp_item(const void *a, const void *b)
{
	const struct item *x = a, *y = b;
	int64_t tx = x->first_ts == CT_NULL_INT ? INT64_MAX : x->first_ts;
	int64_t ty = y->first_ts == CT_NULL_INT ? INT64_MAX : y->first_ts;
	int c;

	if (tx != ty)
		return tx < ty ? -1 : 1;
	if (x->g->rule != y->g->rule)
		return x->g->rule < y->g->rule ? -1 : 1;
	if ((c = strcmp(x->g->host, y->g->host)) != 0)
		return c;
	if (!x->sub || !y->sub)
		return x->sub ? -1 : y->sub ? 1 : 0;
	return x->sub->key < y->sub->key ? -1 : x->sub->key > y->sub->key;
}

/* Every finding, in time order (then rule, host, process). */
static enum ct_status
write_findings(struct run *r)
{
	struct item *items = NULL;
	size_t n = 0, a = 0, i, k, nrule = ct_sigma_count(r->set);
	enum ct_status rc = CT_OK;

	for (i = 0; i < nrule; i++) {
		struct group *g;

		for (g = r->by_rule[i]; g; g = g->next) {
			for (k = 0; k <= g->nsub; k++) {
				if (k == g->nsub && g->nev == 0)
					break;
				if (n == a) {
					a = a ? a * 2 : 64;
					items = ct_xreallocarray(items, a,
					    sizeof(*items));
				}
				items[n].g = g;
				items[n].sub = k < g->nsub ? &g->sub[k] : NULL;
				items[n].first_ts = k < g->nsub ?
				    g->sub[k].first_ts : g->agg_first;
				n++;
			}
		}
	}
	if (n)
		qsort(items, n, sizeof(*items), cmp_item);
	for (i = 0; i < n && rc == CT_OK; i++)
		rc = write_item(r, &items[i]);
	free(items);
	return rc;
}

/* The run, for the report: meta key analysis.sigma (doc/schema.md). */
static enum ct_status
record_run(struct run *r, const struct ct_sigma_scan_stats *ss)
{
	const struct ct_analyze_opts *o = r->x->opts;
	const struct ct_sigma_report *rep = o->sigma_report;
	struct ct_buf b = CT_BUF_INIT;
	uint64_t by_level[5] = { 0 };
	size_t i, nrule = ct_sigma_count(r->set);
	enum ct_status rc;
	static const char *const level[5] = { "informational", "low",
	    "medium", "high", "critical" };

	ct_buf_adds(&b, "{\"paths\":[");
	for (i = 0; i < o->nsigma_paths; i++) {
		if (i)
			ct_buf_addch(&b, ',');
		json_str(&b, o->sigma_paths[i], strlen(o->sigma_paths[i]),
		    4096);
	}
	ct_buf_addch(&b, ']');
	for (i = 0; i < nrule; i++)
		by_level[ct_sigma_rule_at(r->set, i)->level]++;
	ct_buf_addf(&b, ",\"rules_loaded\":%zu,\"rules_by_level\":{", nrule);
	for (i = 0; i < 5; i++)
		ct_buf_addf(&b, "%s\"%s\":%" PRIu64, i ? "," : "", level[i],
		    by_level[i]);
	ct_buf_addch(&b, '}');
	if (rep) {
		int first = 1;

		ct_buf_addf(&b, ",\"files\":%u,\"rules_skipped\":%u,"
		    "\"skipped_by_reason\":{", rep->files, rep->skipped);
		for (i = 0; i < CT_SIGMA_SKIP_NKINDS; i++) {
			if (!rep->by_kind[i])
				continue;
			ct_buf_addf(&b, "%s\"%s\":%u", first ? "" : ",",
			    ct_sigma_skip_name((enum ct_sigma_skip)i),
			    rep->by_kind[i]);
			first = 0;
		}
		ct_buf_addch(&b, '}');
	}
	ct_buf_addf(&b, ",\"records_scanned\":%" PRIu64 ",\"hits\":%" PRIu64
	    ",\"rules_fired\":%u,\"findings\":%" PRId64 "}", ss->records,
	    ss->hits, ss->rules_fired, r->x->st->sigma_findings);
	rc = ct_case_meta_set(r->x->c, "analysis.sigma", b.buf, r->x->err);
	ct_buf_release(&b);
	return rc;
}

enum ct_status
an_run_sigma(struct an_ctx *x)
{
	struct ct_sigma_scan_opts so;
	struct ct_sigma_scan_stats ss;
	struct run r;
	enum ct_status rc;
	size_t i, nrule;

	if (x->opts->sigma == NULL)
		return CT_OK;
	memset(&r, 0, sizeof(r));
	r.x = x;
	r.set = x->opts->sigma;
	nrule = ct_sigma_count(r.set);
	r.by_rule = ct_xcalloc(nrule + 1, sizeof(*r.by_rule));
	r.licence = ct_xcalloc(nrule + 1, sizeof(*r.licence));
	r.licence_from = ct_xcalloc(nrule + 1, sizeof(*r.licence_from));
	memset(&so, 0, sizeof(so));
	so.threads = x->opts->sigma_threads;
	rc = ct_sigma_scan(x->c, r.set, &so, on_hit, &r, &ss, x->err);
	an_timing(x, "Sigma scan");
	if (rc == CT_OK) {
		x->st->sigma_records = (int64_t)ss.records;
		x->st->sigma_hits = (int64_t)ss.hits;
		x->st->sigma_rules_fired = ss.rules_fired;
		x->st->sigma_seconds = ss.seconds;
		rc = an_prepare(x, "SELECT 1 FROM finding_entity e JOIN finding f"
		    " ON f.id = e.finding_id WHERE e.kind = 'process'"
		    " AND e.value = ? AND f.severity IN ('medium', 'high',"
		    " 'critical') LIMIT 1", &r.linked);
	}
	if (rc == CT_OK)
		rc = group_hits(&r);
	if (rc == CT_OK && (r.ex = ct_sigma_explainer_new(x->c, r.set,
	    x->err)) == NULL)
		rc = x->err->code ? x->err->code : CT_ERR_DB;
	if (rc == CT_OK)
		rc = write_findings(&r);
	if (rc == CT_OK)
		rc = record_run(&r, &ss);
	an_timing(x, "Sigma findings");
	ct_sigma_explainer_free(r.ex);
	sqlite3_finalize(r.linked);
	for (i = 0; i < nrule; i++) {
		struct group *g = r.by_rule[i], *next;

		for (; g; g = next) {
			next = g->next;
			free(g->host);
			free(g->sub);
			free(g);
		}
	}
	for (i = 0; i < nrule; i++) {
		free(r.licence[i]);
		free(r.licence_from[i]);
	}
	free(r.licence);
	free(r.licence_from);
	free(r.by_rule);
	free(r.hit);
	return rc;
}
