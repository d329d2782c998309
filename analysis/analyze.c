/*
 * analyze.c - the analysis driver: one transaction that deletes and
 * recomputes the analysis tables (see analyze.h, doc/schema.md
 * "Analysis"), the finding writer, the SQL helper functions the rules use,
 * and the updater knowledge file.
 *
 * Determinism: every step reads with ORDER BY (time, id) and findings are
 * written in that order, so two runs on the same case give the same rows
 * and the same ids.
 */
#include "compat.h"

#include <errno.h>
#include <fnmatch.h>
#include <strings.h>
#include <time.h>

#include "internal.h"
#include "timefmt.h"
#include "xalloc.h"

#include "an-updaters-txt.h"

const char *const ct_severity_names[5] = { "info", "low", "medium", "high",
    "critical" };

int
ct_severity_rank(const char *s)
{
	int i;

	for (i = 0; s && i < 5; i++)
		if (strcmp(s, ct_severity_names[i]) == 0)
			return i;
	return -1;
}

/* ---- small helpers ---- */

const char *
an_strcasestr(const char *hay, const char *needle)
{
	size_t n = strlen(needle);

	if (hay == NULL)
		return NULL;
	for (; *hay; hay++)
		if (strncasecmp(hay, needle, n) == 0)
			return hay;
	return n == 0 ? hay : NULL;
}

void
an_normpath(struct ct_buf *out, const char *path)
{
	const char *p = path;
	size_t start = out->len;

	if (p == NULL)
		return;
	/* \\?\ and \??\ prefixes (NT object names in 4688/5156). */
	if ((p[0] == '\\' || p[0] == '/') && (p[1] == '\\' || p[1] == '?') &&
	    p[2] == '?' && (p[3] == '\\' || p[3] == '/'))
		p += 4;
	/* Prefetch names volumes "\VOLUME{serial-and-time}\...". */
	if (strncasecmp(p, "\\volume{", 8) == 0 && strchr(p, '}'))
		p = strchr(p, '}') + 1;
	if (strncasecmp(p, "\\device\\harddiskvolume", 22) == 0) {
		p += 22;
		while (*p >= '0' && *p <= '9')
			p++;
	}
	if (((p[0] >= 'a' && p[0] <= 'z') || (p[0] >= 'A' && p[0] <= 'Z')) &&
	    p[1] == ':')
		p += 2;
	if (*p != '\\' && *p != '/')
		ct_buf_addch(out, '/');
	for (; *p; p++) {
		char ch = *p == '\\' ? '/' : *p;

		if (ch >= 'A' && ch <= 'Z')
			ch = (char)(ch - 'A' + 'a');
		if (ch == '/' && out->len > start && out->buf[out->len - 1] == '/')
			continue;
		ct_buf_addch(out, ch);
	}
	/* Quoted image paths in command lines: drop a closing quote. */
	while (out->len > start + 1 && out->buf[out->len - 1] == '"')
		ct_buf_setlen(out, out->len - 1);
}

void
an_basename(struct ct_buf *out, const char *path)
{
	const char *p, *b;

	if (path == NULL)
		return;
	for (b = p = path; *p; p++)
		if (*p == '\\' || *p == '/')
			b = p + 1;
	for (; *b; b++) {
		char ch = *b;

		if (ch == '"')
			continue;
		if (ch >= 'A' && ch <= 'Z')
			ch = (char)(ch - 'A' + 'a');
		ct_buf_addch(out, ch);
	}
}

int
an_user_writable(const char *np)
{
	static const char *const prefixes[] = { "/users/", "/programdata/",
	    "/windows/temp/", "/perflogs/", "/$recycle.bin/", "/temp/",
	    "/tmp/", "/documents and settings/", NULL };
	size_t i;

	if (np == NULL)
		return 0;
	for (i = 0; prefixes[i]; i++)
		if (strncmp(np, prefixes[i], strlen(prefixes[i])) == 0)
			return 1;
	return strstr(np, "/appdata/") != NULL || strstr(np, "/temp/") != NULL;
}

void
an_time_words(struct ct_buf *out, int64_t ts)
{
	char iso[CT_TIME_ISO_LEN];

	if (ts == CT_NULL_INT) {
		ct_buf_adds(out, "at an unknown time");
		return;
	}
	ct_time_iso(ts, iso);
	if (iso[4] != '-') {	/* "invalid:..." */
		ct_buf_addf(out, "%s", iso);
		return;
	}
	/* "2024-03-13T14:02:15.6000000Z" -> "2024-03-13 14:02:15 UTC" */
	ct_buf_add(out, iso, 10);
	ct_buf_addch(out, ' ');
	ct_buf_add(out, iso + 11, 8);
	ct_buf_adds(out, " UTC");
}

static double
now_seconds(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static double
cpu_seconds(void)
{
	struct timespec t;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

void
an_timing(struct an_ctx *x, const char *what)
{
	double t, c;

	if (!x->timing)
		return;
	t = now_seconds();
	c = cpu_seconds();
	fprintf(stderr, "casetrail: analyze: %7.3f s wall %7.3f s CPU  %s\n",
	    t - x->last, c - x->last_cpu, what);
	x->last = t;
	x->last_cpu = c;
}

/* ---- SQL functions ---- */

/* A text-to-text SQL function: NULL or "" in, NULL out; else fn's result. */
static void
sql_text_fn(sqlite3_context *ctx, sqlite3_value **argv,
    void (*fn)(struct ct_buf *, const char *))
{
	struct ct_buf b = CT_BUF_INIT;
	const char *s = (const char *)sqlite3_value_text(argv[0]);

	if (s == NULL || *s == '\0') {
		sqlite3_result_null(ctx);
		return;
	}
	fn(&b, s);
	sqlite3_result_text(ctx, b.buf, (int)b.len, SQLITE_TRANSIENT);
	ct_buf_release(&b);
}

static void
sql_normpath(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	(void)argc;
	sql_text_fn(ctx, argv, an_normpath);
}

static void
sql_basename(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	(void)argc;
	sql_text_fn(ctx, argv, an_basename);
}

static void
sql_user_writable(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	struct ct_buf b = CT_BUF_INIT;
	const char *s = (const char *)sqlite3_value_text(argv[0]);

	(void)argc;
	an_normpath(&b, s);
	sqlite3_result_int(ctx, s != NULL && an_user_writable(b.buf));
	ct_buf_release(&b);
}

static void
sql_time_words(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	struct ct_buf b = CT_BUF_INIT;

	(void)argc;
	an_time_words(&b, sqlite3_value_type(argv[0]) == SQLITE_NULL ?
	    CT_NULL_INT : sqlite3_value_int64(argv[0]));
	sqlite3_result_text(ctx, b.buf, (int)b.len, SQLITE_TRANSIENT);
	ct_buf_release(&b);
}

int
an_register_sql_functions(sqlite3 *db)
{
	int flags = SQLITE_UTF8 | SQLITE_DETERMINISTIC;

	if (sqlite3_create_function(db, "ct_normpath", 1, flags, NULL,
	    sql_normpath, NULL, NULL) != SQLITE_OK ||
	    sqlite3_create_function(db, "ct_basename", 1, flags, NULL,
	    sql_basename, NULL, NULL) != SQLITE_OK ||
	    sqlite3_create_function(db, "ct_user_writable", 1, flags, NULL,
	    sql_user_writable, NULL, NULL) != SQLITE_OK ||
	    sqlite3_create_function(db, "ct_time_words", 1, flags, NULL,
	    sql_time_words, NULL, NULL) != SQLITE_OK)
		return -1;
	return 0;
}

/* ---- statements ---- */

enum ct_status
an_exec(struct an_ctx *x, const char *sql, const char *what)
{
	char *msg = NULL;

	if (sqlite3_exec(x->db, sql, NULL, NULL, &msg) != SQLITE_OK) {
		ct_error_set(x->err, CT_ERR_DB, x->c->path, CT_NO_OFFSET,
		    "analysis step '%s' failed: %s", what, msg ? msg : "?");
		sqlite3_free(msg);
		return CT_ERR_DB;
	}
	return CT_OK;
}

enum ct_status
an_prepare(struct an_ctx *x, const char *sql, sqlite3_stmt **st)
{
	return ct_case_prepare(x->c, sql, st, x->err);
}

enum ct_status
an_cached(struct an_ctx *x, const char *sql, sqlite3_stmt **st)
{
	size_t i;
	enum ct_status rc;

	for (i = 0; i < AN_CACHE_SLOTS && x->cache_sql[i]; i++)
		if (x->cache_sql[i] == sql) {
			*st = x->cache_st[i];
			sqlite3_reset(*st);
			sqlite3_clear_bindings(*st);
			return CT_OK;
		}
	if ((rc = an_prepare(x, sql, st)))
		return rc;
	if (i < AN_CACHE_SLOTS) {
		x->cache_sql[i] = sql;
		x->cache_st[i] = *st;
	}
	/* A full cache cannot happen with the call sites we have; if it did, the statement would leak until exit, so say so. */
	else
		return ct_error_set(x->err, CT_ERR_INTERNAL, NULL, CT_NO_OFFSET,
		    "statement cache full");
	return CT_OK;
}

void
an_release(sqlite3_stmt *st)
{
	if (st)
		sqlite3_reset(st);
}

static void
cache_free(struct an_ctx *x)
{
	size_t i;

	for (i = 0; i < AN_CACHE_SLOTS; i++) {
		sqlite3_finalize(x->cache_st[i]);
		x->cache_st[i] = NULL;
		x->cache_sql[i] = NULL;
	}
}

enum ct_status
an_step_done(struct an_ctx *x, int rc, const char *what)
{
	if (rc == SQLITE_DONE)
		return CT_OK;
	return ct_db_error(x->err, x->db, x->c->path, what);
}

const char *
an_col(sqlite3_stmt *st, int i)
{
	const char *s = (const char *)sqlite3_column_text(st, i);

	return s ? s : "";
}

int64_t
an_col_int(sqlite3_stmt *st, int i)
{
	if (sqlite3_column_type(st, i) == SQLITE_NULL)
		return CT_NULL_INT;
	return sqlite3_column_int64(st, i);
}

/* ---- findings ---- */

void
an_finding_init(struct an_finding *f, const char *rule, int severity)
{
	memset(f, 0, sizeof(*f));
	f->rule = rule;
	f->severity = severity;
	f->confidence = "medium";
	f->first_ts = f->last_ts = CT_NULL_INT;
	ct_buf_init(&f->title, 4096);
	ct_buf_init(&f->description, 64 * 1024);
	ct_buf_init(&f->attack, 256);
	ct_buf_init(&f->details, AN_MAX_DETAIL_TEXT * 2);
	ct_buf_init(&f->statement, 8192);
}

void
an_finding_ev(struct an_finding *f, int64_t record_id, const char *role)
{
	size_t i;

	if (record_id <= 0 || record_id == CT_NULL_INT)
		return;
	for (i = 0; i < f->nev; i++)
		if (f->ev[i] == record_id)
			return;
	if (f->nev == AN_MAX_EVIDENCE)
		return;
	f->ev[f->nev] = record_id;
	f->ev_role[f->nev++] = role;
}

void
an_finding_ent(struct an_finding *f, const char *kind, const char *value)
{
	size_t i;

	if (value == NULL || *value == '\0')
		return;
	for (i = 0; i < f->nent; i++)
		if (strcmp(f->ent_kind[i], kind) == 0 &&
		    strcmp(f->ent_value[i], value) == 0)
			return;
	if (f->nent == AN_MAX_ENTITIES)
		return;
	f->ent_kind[f->nent] = ct_xstrdup(kind);
	f->ent_value[f->nent++] = ct_xstrdup(value);
}

void
an_finding_ent_int(struct an_finding *f, const char *kind, int64_t v)
{
	char tmp[32];

	if (v == CT_NULL_INT || v <= 0)
		return;
	snprintf(tmp, sizeof(tmp), "%" PRId64, v);
	an_finding_ent(f, kind, tmp);
}

void
an_finding_time(struct an_finding *f, int64_t ts)
{
	if (ts == CT_NULL_INT)
		return;
	if (f->first_ts == CT_NULL_INT || ts < f->first_ts)
		f->first_ts = ts;
	if (f->last_ts == CT_NULL_INT || ts > f->last_ts)
		f->last_ts = ts;
}

void
an_finding_free(struct an_finding *f)
{
	size_t i;

	ct_buf_release(&f->title);
	ct_buf_release(&f->description);
	ct_buf_release(&f->attack);
	ct_buf_release(&f->details);
	ct_buf_release(&f->statement);
	for (i = 0; i < f->nent; i++) {
		free(f->ent_kind[i]);
		free(f->ent_value[i]);
	}
	f->nent = 0;
}

static void
bind_text_or_null(sqlite3_stmt *st, int i, const struct ct_buf *b)
{
	if (b->len)
		sqlite3_bind_text(st, i, b->buf, (int)b->len, SQLITE_STATIC);
	else
		sqlite3_bind_null(st, i);
}

static void
bind_int_or_null(sqlite3_stmt *st, int i, int64_t v)
{
	if (v == CT_NULL_INT)
		sqlite3_bind_null(st, i);
	else
		sqlite3_bind_int64(st, i, v);
}

enum ct_status
an_finding_commit(struct an_ctx *x, struct an_finding *f, int64_t *id)
{
	sqlite3_stmt *st = x->ins_finding;
	int64_t fid;
	size_t i;
	int sev = f->severity < 0 ? 0 : f->severity > 4 ? 4 : f->severity;

	if (f->nev == 0) {
		an_finding_free(f);
		return CT_OK;
	}
	sqlite3_reset(st);
	sqlite3_bind_text(st, 1, f->rule, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, ct_severity_names[sev], -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, f->confidence, -1, SQLITE_STATIC);
	bind_int_or_null(st, 4, f->first_ts);
	bind_int_or_null(st, 5, f->last_ts);
	sqlite3_bind_text(st, 6, f->title.len ? f->title.buf : f->rule, -1,
	    SQLITE_STATIC);
	sqlite3_bind_text(st, 7, f->description.buf, (int)f->description.len,
	    SQLITE_STATIC);
	bind_text_or_null(st, 8, &f->attack);
	bind_text_or_null(st, 9, &f->details);
	bind_text_or_null(st, 10, &f->statement);
	if (sqlite3_step(st) != SQLITE_DONE) {
		an_finding_free(f);
		return ct_db_error(x->err, x->db, x->c->path, "insert finding");
	}
	fid = sqlite3_last_insert_rowid(x->db);
	for (i = 0; i < f->nev; i++) {
		sqlite3_reset(x->ins_evidence);
		sqlite3_bind_int64(x->ins_evidence, 1, fid);
		sqlite3_bind_int64(x->ins_evidence, 2, f->ev[i]);
		sqlite3_bind_text(x->ins_evidence, 3, f->ev_role[i], -1,
		    SQLITE_STATIC);
		if (sqlite3_step(x->ins_evidence) != SQLITE_DONE) {
			an_finding_free(f);
			return ct_db_error(x->err, x->db, x->c->path,
			    "insert finding evidence");
		}
	}
	for (i = 0; i < f->nent; i++) {
		sqlite3_reset(x->ins_entity);
		sqlite3_bind_int64(x->ins_entity, 1, fid);
		sqlite3_bind_text(x->ins_entity, 2, f->ent_kind[i], -1,
		    SQLITE_STATIC);
		sqlite3_bind_text(x->ins_entity, 3, f->ent_value[i], -1,
		    SQLITE_STATIC);
		if (sqlite3_step(x->ins_entity) != SQLITE_DONE) {
			an_finding_free(f);
			return ct_db_error(x->err, x->db, x->c->path,
			    "insert finding entity");
		}
	}
	x->st->findings++;
	x->st->by_severity[sev]++;
	if (id)
		*id = fid;
	an_finding_free(f);
	return CT_OK;
}

/* ---- the updater knowledge file ---- */

static enum ct_status
parse_knowledge(struct an_ctx *x, const char *text, const char *name)
{
	const char *p = text;
	int line = 0;

	while (*p) {
		const char *e = strchr(p, '\n'), *q, *kw, *pat, *lab;
		size_t n = e ? (size_t)(e - p) : strlen(p), kwn, patn, labn;
		char *l = ct_xstrndup(p, n);

		line++;
		p += n + (e != NULL);
		for (q = l; *q == ' ' || *q == '\t'; q++)
			;
		if (*q == '#' || *q == '\0' || *q == '\r') {
			free(l);
			continue;
		}
		kw = q;
		while (*q && *q != ' ' && *q != '\t')
			q++;
		kwn = (size_t)(q - kw);
		while (*q == ' ' || *q == '\t')
			q++;
		pat = q;
		while (*q && *q != ' ' && *q != '\t' && *q != '\r')
			q++;
		patn = (size_t)(q - pat);
		while (*q == ' ' || *q == '\t')
			q++;
		lab = q;
		labn = strcspn(lab, "\r");
		if (patn == 0 || !((kwn == 4 && strncmp(kw, "name", 4) == 0) ||
		    (kwn == 4 && strncmp(kw, "path", 4) == 0))) {
			free(l);
			return ct_error_set(x->err, CT_ERR_FORMAT, name,
			    CT_NO_OFFSET, "line %d: expected 'name FILE LABEL' "
			    "or 'path GLOB LABEL'", line);
		}
		x->upd = ct_xreallocarray(x->upd, x->nupd + 1, sizeof(*x->upd));
		{
			struct an_updater_pattern *u = &x->upd[x->nupd++];
			struct ct_buf b = CT_BUF_INIT;
			char *raw = ct_xstrndup(pat, patn);

			u->is_path = kw[0] == 'p';
			if (u->is_path)
				an_normpath(&b, raw);
			else
				an_basename(&b, raw);
			free(raw);
			u->pattern = ct_buf_detach(&b, NULL);
			u->literal = strpbrk(u->pattern, "*?[\\") == NULL;
			u->label = labn ? ct_xstrndup(lab, labn) :
			    ct_xstrdup("software updater");
		}
		free(l);
	}
	x->st->knowledge_entries = (int64_t)x->nupd;
	return CT_OK;
}

enum ct_status
an_load_knowledge(struct an_ctx *x, const char *path)
{
	FILE *fp;
	struct ct_buf b = CT_BUF_INIT;
	char chunk[4096];
	size_t n;
	enum ct_status rc;

	if (path == NULL)
		return parse_knowledge(x, ct_updaters_txt, "built-in updaters.txt");
	if ((fp = fopen(path, "r")) == NULL)
		return ct_error_set(x->err, CT_ERR_IO, path, CT_NO_OFFSET,
		    "cannot open the updater knowledge file: %s", strerror(errno));
	ct_buf_init(&b, 4 * 1024 * 1024);
	while ((n = fread(chunk, 1, sizeof(chunk), fp)) > 0)
		ct_buf_add(&b, chunk, n);
	fclose(fp);
	if (b.truncated) {
		ct_buf_release(&b);
		return ct_error_set(x->err, CT_ERR_FORMAT, path, CT_NO_OFFSET,
		    "updater knowledge file larger than 4 MiB");
	}
	rc = parse_knowledge(x, b.buf, path);
	ct_buf_release(&b);
	return rc;
}

void
an_free_knowledge(struct an_ctx *x)
{
	size_t i;

	for (i = 0; i < x->nupd; i++) {
		free(x->upd[i].pattern);
		free(x->upd[i].label);
	}
	free(x->upd);
	x->upd = NULL;
	x->nupd = 0;
}

const char *
an_known_updater(const struct an_ctx *x, const char *image)
{
	struct ct_buf np = CT_BUF_INIT, bn = CT_BUF_INIT;
	const char *label = NULL;
	size_t i;

	if (image == NULL || *image == '\0')
		return NULL;
	an_normpath(&np, image);
	an_basename(&bn, image);
	for (i = 0; i < x->nupd && !label; i++) {
		const struct an_updater_pattern *u = &x->upd[i];

		const char *subject = u->is_path ? np.buf : bn.buf;

		/* Most entries are plain names: strcmp is far cheaper than fnmatch. */
		if (u->literal ? strcmp(u->pattern, subject) == 0 :
		    fnmatch(u->pattern, subject, u->is_path ? FNM_PATHNAME : 0) == 0)
			label = u->label;
	}
	ct_buf_release(&np);
	ct_buf_release(&bn);
	return label;
}

/* ---- the driver ---- */

static const char clear_sql[] =
    "DELETE FROM narrative_evidence; DELETE FROM narrative;"
    "DELETE FROM chain_step; DELETE FROM chain;"
    "DELETE FROM finding_entity; DELETE FROM finding_evidence;"
    "DELETE FROM finding;"
    "DELETE FROM process_activity; DELETE FROM process_record;"
    "DELETE FROM process;";

enum ct_status
ct_analyze(struct ct_case *c, struct ct_analyze_stats *st,
    struct ct_error *err)
{
	return ct_analyze_with(c, NULL, st, err);
}

enum ct_status
ct_analyze_with(struct ct_case *c, const struct ct_analyze_opts *opts,
    struct ct_analyze_stats *st, struct ct_error *err)
{
	struct ct_analyze_stats local;
	struct an_ctx x;
	enum ct_status rc;
	struct timespec t0, t1;

	if (st == NULL)
		st = &local;
	memset(st, 0, sizeof(*st));
	memset(&x, 0, sizeof(x));
	x.c = c;
	x.db = c->db;
	x.err = err;
	x.st = st;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	if (c->readonly)
		return ct_error_set(err, CT_ERR_USAGE, c->path, CT_NO_OFFSET,
		    "case file is open read-only");
	if (an_register_sql_functions(c->db) != 0)
		return ct_db_error(err, c->db, c->path, "register functions");
	if ((rc = an_load_knowledge(&x, opts ? opts->knowledge_path : NULL)))
		goto out;
	if ((rc = ct_case_begin(c, err)))
		goto out;
	if ((rc = an_exec(&x, clear_sql, "clear previous analysis")))
		goto fail;
	if ((rc = an_prepare(&x, "INSERT INTO finding (rule, severity, "
	    "confidence, first_ts, last_ts, title, description, attack, "
	    "details, statement) VALUES (?,?,?,?,?,?,?,?,?,?)",
	    &x.ins_finding)) ||
	    (rc = an_prepare(&x, "INSERT OR IGNORE INTO finding_evidence "
	    "(finding_id, record_id, role) VALUES (?,?,?)", &x.ins_evidence)) ||
	    (rc = an_prepare(&x, "INSERT OR IGNORE INTO finding_entity "
	    "(finding_id, kind, value) VALUES (?,?,?)", &x.ins_entity)))
		goto fail;
	x.timing = getenv("CASETRAIL_ANALYZE_TIMING") != NULL;
	x.last = now_seconds();
	x.last_cpu = cpu_seconds();
	if ((rc = an_build_processes(&x)))
		goto fail;
	an_timing(&x, "process model");
	if ((rc = an_detect_updaters(&x)))
		goto fail;
	an_timing(&x, "updaters");
	if ((rc = an_detect_powershell(&x)))
		goto fail;
	an_timing(&x, "PowerShell");
	if ((rc = an_detect_selfdelete(&x)))
		goto fail;
	an_timing(&x, "self-deletion");
	if ((rc = an_run_sql_rules(&x)))
		goto fail;
	an_timing(&x, "SQL rules");
	if ((rc = an_build_chains(&x)))
		goto fail;
	an_timing(&x, "chains and narrative");
	sqlite3_finalize(x.ins_finding);
	sqlite3_finalize(x.ins_evidence);
	sqlite3_finalize(x.ins_entity);
	x.ins_finding = x.ins_evidence = x.ins_entity = NULL;
	cache_free(&x);
	if ((rc = ct_case_commit(c, err)))
		goto fail;
	goto out;
fail:
	sqlite3_finalize(x.ins_finding);
	sqlite3_finalize(x.ins_evidence);
	sqlite3_finalize(x.ins_entity);
	cache_free(&x);
	ct_case_rollback(c);
out:
	an_free_knowledge(&x);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	st->seconds = (double)(t1.tv_sec - t0.tv_sec) +
	    (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
	return rc;
}
