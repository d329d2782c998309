/*
 * sigma-scan.c - ct_sigma_scan(): a compiled Sigma set over the evtx
 * table of a case file (sigma-scan.h).
 *
 * Work is cut into ranges of record ids (SCAN_CHUNK rows); one thread per
 * core takes ranges in order through its own read-only connection, as
 * analysis/ioc-match.c does. Each range keeps its hits; once every thread
 * is done, the ranges' hits are handed out in range order, so the output
 * does not depend on the scheduling.
 *
 * Each row becomes a struct ct_sigma_event: its channel, provider and
 * event ID, the fields of its data JSON and the System values the rules
 * name (the table's "system" rows, read from their evtx columns). One
 * normalisation: casetrail stores HexInt32/64 values zero-padded
 * (0x00000000000003e7, doc/schema.md); Windows, and so the rules, write
 * them without the padding (0x3e7). A value that is exactly "0x" and 8 or
 * 16 lower-case hex digits with a leading zero is handed to the rules
 * without its leading zeros.
 */
#include "compat.h"

#include <pthread.h>
#include <sys/time.h>
#include <unistd.h>

#include "cancel.h"
#include "sigma-int.h"
#include "sigma-scan.h"
#include "threadname.h"
#include "xalloc.h"

#define SCAN_CHUNK	16384	/* record ids per range */
#define SCAN_MAX_THREADS 8
#define SCAN_MAX_SYS	32	/* System values read per row */

struct shit {			/* a hit inside a range */
	int64_t record;
	uint32_t rule;
};

struct range {
	int64_t lo, hi;		/* [lo, hi) */
	struct shit *hit;
	size_t n, a;
};

struct scan {
	const struct ct_sigma_set *set;
	const char *path;
	char *sql;
	int nsys;
	const char *sysname[SCAN_MAX_SYS];
	pthread_mutex_t lock;
	struct range *r;
	size_t nr, next;
	int failed;
};

/* A row of the scan's query as an event, with the buffers it needs. */
struct rowev {
	struct sg_json json;
	struct ct_sigma_field *f;
	size_t af;
	char *norm;		/* un-padded hex values */
	size_t anorm;
	uint64_t bad;		/* rows whose data was not a JSON object */
};

struct worker {
	struct scan *sc;
	sqlite3 *db;
	struct ct_sigma_scratch *scratch;
	struct rowev re;
	struct range *cur;
	int64_t record;
	uint64_t rows;
	int failed;
	char errmsg[256];
};

static double
now(void)
{
	struct timeval tv;

	gettimeofday(&tv, NULL);
	return (double)tv.tv_sec + tv.tv_usec / 1e6;
}

static void
on_match(void *arg, const struct ct_sigma_rule *rule)
{
	struct worker *w = arg;
	struct range *r = w->cur;

	if (r->n == r->a) {
		r->a = r->a ? r->a * 2 : 256;
		r->hit = ct_xreallocarray(r->hit, r->a, sizeof(*r->hit));
	}
	r->hit[r->n].record = w->record;
	r->hit[r->n].rule = rule->index;
	r->n++;
}

/* "0x" + 8 or 16 lower-case hex digits starting with 0: as Windows writes it. */
static int
padded_hex(const char *v, size_t n)
{
	size_t i;

	if ((n != 10 && n != 18) || v[0] != '0' || v[1] != 'x' || v[2] != '0')
		return 0;
	for (i = 2; i < n; i++)
		if (!((v[i] >= '0' && v[i] <= '9') || (v[i] >= 'a' &&
		    v[i] <= 'f')))
			return 0;
	return 1;
}

/*
 * The current row of st (the columns of build_sql(): record id, channel,
 * provider, event ID, data, then the nsys System columns named sysname)
 * as ev. ev's strings point into the row and into re: valid until the
 * next row or the next call.
 */
static void
row_event(struct rowev *re, sqlite3_stmt *st, int nsys,
    const char *const *sysname, struct ct_sigma_event *ev)
{
	const char *data = (const char *)sqlite3_column_text(st, 4);
	size_t dlen = (size_t)sqlite3_column_bytes(st, 4), i, n = 0, pad = 0;
	int k, nf;

	ev->channel = (const char *)sqlite3_column_text(st, 1);
	ev->provider = (const char *)sqlite3_column_text(st, 2);
	ev->event_id = sqlite3_column_type(st, 3) == SQLITE_NULL ? -1 :
	    sqlite3_column_int64(st, 3);
	re->json.n = 0;
	nf = data ? sg_json_fields(&re->json, data, dlen) : 0;
	if (nf < 0)
		re->bad++;	/* the fields before the damage still count */
	if (re->json.n + (size_t)nsys > re->af) {
		re->af = re->json.n + (size_t)nsys + 64;
		re->f = ct_xreallocarray(re->f, re->af, sizeof(*re->f));
	}
	for (i = 0; i < re->json.n; i++)
		pad += padded_hex(re->json.f[i].value, re->json.f[i].value_len);
	if (pad * 18 > re->anorm) {
		re->anorm = pad * 18 + 256;
		free(re->norm);
		re->norm = ct_xmalloc(re->anorm);
	}
	pad = 0;
	for (i = 0; i < re->json.n; i++) {
		struct ct_sigma_field f = re->json.f[i];

		if (padded_hex(f.value, f.value_len)) {
			size_t z = 2, m;

			while (z < f.value_len - 1 && f.value[z] == '0')
				z++;
			m = f.value_len - z;
			memcpy(re->norm + pad, "0x", 2);
			memcpy(re->norm + pad + 2, f.value + z, m);
			f.value = re->norm + pad;
			f.value_len = m + 2;
			pad += m + 2;
		}
		re->f[n++] = f;
	}
	for (k = 0; k < nsys; k++) {
		const char *v = (const char *)sqlite3_column_text(st, 5 + k);

		if (!v)
			continue;
		re->f[n].name = sysname[k];
		re->f[n].name_len = strlen(sysname[k]);
		re->f[n].value = v;
		re->f[n].value_len = (size_t)sqlite3_column_bytes(st, 5 + k);
		re->f[n].system = 1;
		n++;
	}
	ev->fields = re->f;
	ev->nfields = n;
}

static void
rowev_release(struct rowev *re)
{
	sg_json_release(&re->json);
	free(re->f);
	free(re->norm);
	memset(re, 0, sizeof(*re));
}

static void
scan_row(struct worker *w, sqlite3_stmt *st)
{
	struct ct_sigma_event ev;

	w->record = sqlite3_column_int64(st, 0);
	w->rows++;
	row_event(&w->re, st, w->sc->nsys, w->sc->sysname, &ev);
	ct_sigma_match(w->sc->set, w->scratch, &ev, on_match, w);
}

static void
run_range(struct worker *w, struct range *r)
{
	sqlite3_stmt *st;
	int rc;

	if (sqlite3_prepare_v2(w->db, w->sc->sql, -1, &st, NULL) != SQLITE_OK) {
		snprintf(w->errmsg, sizeof(w->errmsg), "%s",
		    sqlite3_errmsg(w->db));
		w->failed = 1;
		return;
	}
	w->cur = r;
	sqlite3_bind_int64(st, 1, r->lo);
	sqlite3_bind_int64(st, 2, r->hi);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		scan_row(w, st);
	if (rc != SQLITE_DONE) {
		snprintf(w->errmsg, sizeof(w->errmsg), "%s",
		    sqlite3_errmsg(w->db));
		w->failed = 1;
	}
	sqlite3_finalize(st);
}

static void *
worker_main(void *arg)
{
	struct worker *w = arg;
	struct scan *sc = w->sc;

	for (;;) {
		struct range *r;

		pthread_mutex_lock(&sc->lock);
		if (sc->next >= sc->nr || sc->failed || ct_cancelled()) {
			pthread_mutex_unlock(&sc->lock);
			break;
		}
		r = &sc->r[sc->next++];
		pthread_mutex_unlock(&sc->lock);
		run_range(w, r);
		if (w->failed) {
			pthread_mutex_lock(&sc->lock);
			sc->failed = 1;
			pthread_mutex_unlock(&sc->lock);
			break;
		}
	}
	return NULL;
}

static void *
worker_thread(void *arg)
{
	ct_thread_name("ct-sigma");
	return worker_main(arg);
}

static int
ncores(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);

	if (n < 1)
		return 1;
	return n > SCAN_MAX_THREADS ? SCAN_MAX_THREADS : (int)n;
}

static enum ct_status
plan(struct ct_case *c, struct scan *sc, struct ct_error *err)
{
	sqlite3_stmt *st;
	int64_t lo, hi, x;
	enum ct_status rc;
	size_t a = 0;

	if ((rc = ct_case_prepare(c, "SELECT min(record_id), max(record_id) "
	    "FROM evtx", &st, err)))
		return rc;
	if (sqlite3_step(st) != SQLITE_ROW ||
	    sqlite3_column_type(st, 0) == SQLITE_NULL) {
		sqlite3_finalize(st);
		return CT_OK;
	}
	lo = sqlite3_column_int64(st, 0);
	hi = sqlite3_column_int64(st, 1);
	sqlite3_finalize(st);
	for (x = lo; x <= hi; x += SCAN_CHUNK) {
		if (sc->nr == a) {
			a = a ? a * 2 : 64;
			sc->r = ct_xreallocarray(sc->r, a, sizeof(*sc->r));
		}
		memset(&sc->r[sc->nr], 0, sizeof(sc->r[0]));
		sc->r[sc->nr].lo = x;
		sc->r[sc->nr].hi = hi - x < SCAN_CHUNK ? hi + 1 : x + SCAN_CHUNK;
		sc->nr++;
		if (hi - x < SCAN_CHUNK)
			break;
	}
	return CT_OK;
}

/*
 * The query: fixed columns, then the System columns the rules name (at
 * most SCAN_MAX_SYS, their Sigma names in sysname), then where.
 */
static char *
build_sql(const struct ct_sigma_set *set, int *nsys, const char **sysname,
    const char *where)
{
	struct ct_buf b = CT_BUF_INIT;
	const char *name, *col;
	size_t i;

	*nsys = 0;
	ct_buf_adds(&b, "SELECT record_id, channel, provider, event_id, data");
	for (i = 0; *nsys < SCAN_MAX_SYS &&
	    ct_sigma_system_field(set, i, &name, &col); i++) {
		/* col is one of the table's fixed evtx column names */
		ct_buf_adds(&b, ", ");
		ct_buf_adds(&b, col);
		sysname[(*nsys)++] = name;
	}
	ct_buf_adds(&b, " FROM evtx WHERE ");
	ct_buf_adds(&b, where);
	return ct_buf_detach(&b, NULL);
}

enum ct_status
ct_sigma_scan(struct ct_case *c, const struct ct_sigma_set *set,
    const struct ct_sigma_scan_opts *opts, ct_sigma_hit_fn *fn, void *arg,
    struct ct_sigma_scan_stats *stp, struct ct_error *err)
{
	struct ct_sigma_scan_stats local;
	struct ct_sigma_scan_stats *st = stp ? stp : &local;
	struct worker w[SCAN_MAX_THREADS];
	pthread_t tid[SCAN_MAX_THREADS];
	struct scan sc;
	int nthreads = 0, i, started = 0;
	enum ct_status rc = CT_OK;
	uint32_t *fired = NULL;
	double t0 = now();
	size_t r, k;

	memset(st, 0, sizeof(*st));
	if (!set->compiled)
		return ct_error_set(err, CT_ERR_USAGE, NULL, CT_NO_OFFSET,
		    "the Sigma rule set is not compiled");
	memset(&sc, 0, sizeof(sc));
	memset(w, 0, sizeof(w));
	sc.set = set;
	sc.path = c->path;
	pthread_mutex_init(&sc.lock, NULL);
	if ((rc = plan(c, &sc, err)))
		goto out;
	sc.sql = build_sql(set, &sc.nsys, sc.sysname, "record_id >= ?1 AND "
	    "record_id < ?2 ORDER BY record_id");
	nthreads = opts && opts->threads > 0 ? opts->threads : ncores();
	if (nthreads > SCAN_MAX_THREADS)
		nthreads = SCAN_MAX_THREADS;
	if ((size_t)nthreads > sc.nr)
		nthreads = sc.nr ? (int)sc.nr : 1;
	st->threads = (unsigned)nthreads;
	for (i = 0; i < nthreads; i++) {
		w[i].sc = &sc;
		w[i].scratch = ct_sigma_scratch_new(set);
		if (sqlite3_open_v2(c->path, &w[i].db, SQLITE_OPEN_READONLY |
		    SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK) {
			rc = ct_case_db_error(err, w[i].db, c->path, "cannot open "
			    "the case for reading");
			break;
		}
		sqlite3_busy_timeout(w[i].db, 10000);
	}
	if (rc == CT_OK && sc.nr) {
		for (i = 1; i < nthreads; i++) {
			if (pthread_create(&tid[i], NULL, worker_thread,
			    &w[i]) != 0)
				break;
			started = i;
		}
		worker_main(&w[0]);
		for (i = 1; i <= started; i++)
			pthread_join(tid[i], NULL);
	}
	for (i = 0; i < nthreads; i++) {
		struct ct_sigma_match_stats ms;

		st->records += w[i].rows;
		st->bad_data += w[i].re.bad;
		if (w[i].scratch) {
			ct_sigma_scratch_stats(w[i].scratch, &ms);
			st->match.events += ms.events;
			st->match.considered += ms.considered;
			st->match.evaluated += ms.evaluated;
			st->match.matched += ms.matched;
			st->match.regex_errors += ms.regex_errors;
		}
		if (w[i].failed && rc == CT_OK)
			rc = ct_error_set(err, CT_ERR_DB, c->path, CT_NO_OFFSET,
			    "cannot read the evtx table: %s", w[i].errmsg);
	}
	if (rc == CT_OK && ct_cancelled())
		rc = ct_error_set(err, CT_ERR_CANCELLED, c->path, CT_NO_OFFSET,
		    "interrupted");
	if (rc == CT_OK) {
		fired = ct_xcalloc(ct_sigma_count(set) + 1, sizeof(*fired));
		for (r = 0; r < sc.nr; r++)
			for (k = 0; k < sc.r[r].n; k++) {
				struct ct_sigma_hit h;

				h.record_id = sc.r[r].hit[k].record;
				h.rule = ct_sigma_rule_at(set, sc.r[r].hit[k].rule);
				if (!fired[h.rule->index]++)
					st->rules_fired++;
				st->hits++;
				if (fn)
					fn(arg, &h);
			}
		free(fired);
	}
out:
	for (i = 0; i < nthreads && i < SCAN_MAX_THREADS; i++) {
		ct_sigma_scratch_free(w[i].scratch);
		rowev_release(&w[i].re);
		if (w[i].db)
			sqlite3_close(w[i].db);
	}
	for (r = 0; r < sc.nr; r++)
		free(sc.r[r].hit);
	free(sc.r);
	free(sc.sql);
	pthread_mutex_destroy(&sc.lock);
	st->seconds = now() - t0;
	return rc;
}

/* ---- one record again: what made a rule match it ---- */

struct ct_sigma_explainer {
	struct ct_case *c;
	const struct ct_sigma_set *set;
	struct ct_sigma_scratch *scratch;
	sqlite3_stmt *st;
	struct rowev re;
	int nsys;
	const char *sysname[SCAN_MAX_SYS];
};

struct ct_sigma_explainer *
ct_sigma_explainer_new(struct ct_case *c, const struct ct_sigma_set *set,
    struct ct_error *err)
{
	struct ct_sigma_explainer *e;
	char *sql;

	if (!set->compiled) {
		ct_error_set(err, CT_ERR_USAGE, NULL, CT_NO_OFFSET,
		    "the Sigma rule set is not compiled");
		return NULL;
	}
	e = ct_xcalloc(1, sizeof(*e));
	e->c = c;
	e->set = set;
	sql = build_sql(set, &e->nsys, e->sysname, "record_id = ?1");
	if (ct_case_prepare(c, sql, &e->st, err) != CT_OK) {
		free(sql);
		free(e);
		return NULL;
	}
	free(sql);
	e->scratch = ct_sigma_scratch_new(set);
	return e;
}

void
ct_sigma_explainer_free(struct ct_sigma_explainer *e)
{
	if (!e)
		return;
	sqlite3_finalize(e->st);
	ct_sigma_scratch_free(e->scratch);
	rowev_release(&e->re);
	free(e);
}

enum ct_status
ct_sigma_explain(struct ct_sigma_explainer *e, int64_t record_id,
    const struct ct_sigma_rule *rule, ct_sigma_field_fn *fn, void *arg,
    int *matched, struct ct_error *err)
{
	struct ct_sigma_event ev;
	int rc;

	*matched = 0;
	sqlite3_reset(e->st);
	sqlite3_bind_int64(e->st, 1, record_id);
	rc = sqlite3_step(e->st);
	if (rc == SQLITE_ROW) {
		row_event(&e->re, e->st, e->nsys, e->sysname, &ev);
		*matched = ct_sigma_match_explain(e->set, e->scratch, &ev, rule,
		    fn, arg);
		rc = sqlite3_step(e->st);	/* record_id is the key: done */
	}
	sqlite3_reset(e->st);
	if (rc != SQLITE_DONE)
		return ct_case_db_error(err, e->c->db, e->c->path,
		    "cannot read the evtx table");
	return CT_OK;
}
