/*
 * chain.c - links findings into attack chains and writes the narrative.
 *
 * Findings of medium severity and above that share an entity (a process
 * instance, a normalised path, an address, a hash; finding_entity) belong
 * to the same chain: a union-find over the entity list sorted by value.
 * A group becomes a chain when it holds a high or critical finding or at
 * least two findings. Steps are ordered by first time, then finding id.
 * An IOC finding whose every record is already cited by another step of
 * its chain is not repeated as a step (the step's sentence names the
 * indicator); it still links the chain.
 *
 * The narrative is one sentence per step, "At <UTC time> <statement>.",
 * citing the step's records; findings of medium severity and above that
 * are in no chain get a sentence of their own (chain_id NULL).
 */
#include "compat.h"

#include "finding.h"
#include "steps.h"
#include "sql.h"
#include "words.h"
#include "xalloc.h"

struct node {
	int64_t id, first_ts;
	int sev;
	size_t parent;
	char *rule;
};

static size_t
find(struct node *v, size_t i)
{
	while (v[i].parent != i) {
		v[i].parent = v[v[i].parent].parent;
		i = v[i].parent;
	}
	return i;
}

static void
unite(struct node *v, size_t a, size_t b)
{
	a = find(v, a);
	b = find(v, b);
	/* The smaller index is the root, so roots are deterministic. */
	if (a < b)
		v[b].parent = a;
	else if (b < a)
		v[a].parent = b;
}

static size_t
index_of(const struct node *v, size_t n, int64_t id)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (v[mid].id < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < n && v[lo].id == id ? lo : n;
}

/* Write one narrative sentence: "At <ts> <clause>." citing fid's records. */
static enum ct_status
sentence(struct an_ctx *x, int64_t chain_id, int seq, int64_t fid,
    int64_t ts, const char *clause, size_t n)
{
	sqlite3_stmt *st;
	struct ct_buf text = CT_BUF_INIT;
	enum ct_status rc;
	int64_t nid;

	if (ts != CT_NULL_INT) {
		ct_buf_adds(&text, "At ");
		an_time_words(&text, ts);
		ct_buf_addch(&text, ' ');
	} else {
		/* No time: the sentence still starts with a capital. */
		ct_buf_adds(&text, "At a time the evidence does not give, ");
	}
	ct_buf_add(&text, clause, n);
	if (text.len && strchr(".!?", text.buf[text.len - 1]) == NULL)
		ct_buf_addch(&text, '.');
	if ((rc = an_prepare(x, "INSERT INTO narrative (chain_id, seq, ts,"
	    " finding_id, text) VALUES (?, ?, ?, ?, ?)", &st))) {
		ct_buf_release(&text);
		return rc;
	}
	if (chain_id > 0)
		sqlite3_bind_int64(st, 1, chain_id);
	else
		sqlite3_bind_null(st, 1);
	sqlite3_bind_int(st, 2, seq);
	ct_sql_bind_int(st, 3, ts);
	sqlite3_bind_int64(st, 4, fid);
	sqlite3_bind_text(st, 5, text.buf, (int)text.len, SQLITE_STATIC);
	rc = an_step_done(x, sqlite3_step(st), "insert narrative");
	sqlite3_finalize(st);
	ct_buf_release(&text);
	if (rc)
		return rc;
	nid = sqlite3_last_insert_rowid(x->db);
	if ((rc = an_prepare(x, "INSERT OR IGNORE INTO narrative_evidence"
	    " (narrative_id, record_id) SELECT ?, record_id FROM finding_evidence"
	    " WHERE finding_id = ? ORDER BY record_id", &st)))
		return rc;
	sqlite3_bind_int64(st, 1, nid);
	sqlite3_bind_int64(st, 2, fid);
	rc = an_step_done(x, sqlite3_step(st), "insert narrative evidence");
	sqlite3_finalize(st);
	x->st->narrative++;
	return rc;
}

/*
 * The narrative sentences of finding fid: its statement told at first_ts,
 * and a second line of the statement, when there is one, at last_ts.
 * Returns the number of sentences written in *n.
 */
static enum ct_status
narrate(struct an_ctx *x, int64_t chain_id, int seq, int64_t fid, int *n)
{
	sqlite3_stmt *st;
	enum ct_status rc = CT_OK;
	int64_t first, last;
	char *s;
	const char *nl;

	*n = 0;
	if ((rc = an_prepare(x, "SELECT first_ts, last_ts,"
	    " coalesce(nullif(statement, ''), title) FROM finding WHERE id = ?",
	    &st)))
		return rc;
	sqlite3_bind_int64(st, 1, fid);
	if (sqlite3_step(st) != SQLITE_ROW) {
		sqlite3_finalize(st);
		return CT_OK;
	}
	first = ct_sql_int(st, 0);
	last = ct_sql_int(st, 1);
	s = ct_xstrdup(ct_sql_text(st, 2));
	sqlite3_finalize(st);
	nl = strchr(s, '\n');
	if (nl == NULL || last == CT_NULL_INT) {
		rc = sentence(x, chain_id, seq, fid, first, s,
		    nl ? (size_t)(nl - s) : strlen(s));
		*n = 1;
	} else {
		rc = sentence(x, chain_id, seq, fid, first, s, (size_t)(nl - s));
		if (rc == CT_OK)
			rc = sentence(x, chain_id, seq + 1, fid, last, nl + 1,
			    strlen(nl + 1));
		*n = 2;
	}
	free(s);
	return rc;
}

/* Is every record of IOC finding fid cited by another member step? */
static int
ioc_covered(struct an_ctx *x, int64_t fid)
{
	sqlite3_stmt *st;
	int covered = 0;

	if (an_prepare(x, "SELECT count(*) = 0 FROM finding_evidence e"
	    " WHERE e.finding_id = ?1 AND NOT EXISTS (SELECT 1"
	    " FROM finding_evidence e2 JOIN t_member m ON m.finding_id = e2.finding_id"
	    " WHERE e2.record_id = e.record_id AND e2.finding_id != ?1"
	    " AND m.rule != 'ioc-hit')", &st))
		return 0;
	sqlite3_bind_int64(st, 1, fid);
	if (sqlite3_step(st) == SQLITE_ROW)
		covered = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return covered;
}

static enum ct_status
write_chain(struct an_ctx *x, struct node *v, size_t *members, size_t nm)
{
	sqlite3_stmt *st;
	enum ct_status rc;
	struct ct_buf title = CT_BUF_INIT, summary = CT_BUF_INIT, attacks = CT_BUF_INIT;
	int64_t chain_id, first = CT_NULL_INT, last = CT_NULL_INT;
	int sev = 0, seq = 0;
	size_t i, nsteps = 0;
	int64_t *steps = ct_xcalloc(nm, sizeof(*steps));

	if ((rc = an_exec(x, "DELETE FROM t_member", "chain members")))
		goto out;
	if ((rc = an_prepare(x, "INSERT INTO t_member VALUES (?, ?)", &st)))
		goto out;
	for (i = 0; i < nm; i++) {
		sqlite3_reset(st);
		sqlite3_bind_int64(st, 1, v[members[i]].id);
		sqlite3_bind_text(st, 2, v[members[i]].rule, -1, SQLITE_STATIC);
		sqlite3_step(st);
	}
	sqlite3_finalize(st);
	for (i = 0; i < nm; i++) {
		const struct node *n = &v[members[i]];

		if (strcmp(n->rule, "ioc-hit") == 0 && nm > 1 &&
		    ioc_covered(x, n->id))
			continue;
		steps[nsteps++] = n->id;
		if (n->sev > sev)
			sev = n->sev;
	}
	if ((rc = an_prepare(x, "SELECT min(first_ts), max(coalesce(last_ts,"
	    " first_ts)), (SELECT title FROM t_member m2 JOIN finding f2"
	    " ON f2.id = m2.finding_id ORDER BY f2.first_ts, f2.id LIMIT 1),"
	    " (SELECT title FROM t_member m3 JOIN finding f3"
	    " ON f3.id = m3.finding_id ORDER BY f3.first_ts DESC, f3.id DESC LIMIT 1)"
	    " FROM finding f JOIN t_member m ON m.finding_id = f.id", &st)))
		goto out;
	if (sqlite3_step(st) == SQLITE_ROW) {
		first = ct_sql_int(st, 0);
		last = ct_sql_int(st, 1);
		ct_buf_adds(&title, "Attack chain: ");
		ct_buf_adds(&title, ct_sql_text(st, 2));
		if (nsteps > 1) {
			ct_buf_adds(&title, " … ");
			ct_buf_adds(&title, ct_sql_text(st, 3));
		}
	}
	sqlite3_finalize(st);
	if ((rc = an_prepare(x, "SELECT attack FROM finding f JOIN t_member m"
	    " ON m.finding_id = f.id WHERE attack IS NOT NULL AND attack != ''"
	    " ORDER BY f.first_ts, f.id", &st)))
		goto out;
	while (sqlite3_step(st) == SQLITE_ROW) {
		char *a = ct_xstrdup(ct_sql_text(st, 0)), *p = a, *comma;

		while (p && *p) {
			comma = strchr(p, ',');
			if (comma)
				*comma = '\0';
			if (*p && !strstr(attacks.buf, p)) {
				ct_buf_adds(&attacks, attacks.len ? ", " : "");
				ct_buf_adds(&attacks, p);
			}
			p = comma ? comma + 1 : NULL;
		}
		free(a);
	}
	sqlite3_finalize(st);
	ct_buf_addf(&summary, "%zu step(s) from ", nsteps);
	an_time_words(&summary, first);
	ct_buf_adds(&summary, " to ");
	an_time_words(&summary, last);
	ct_buf_addch(&summary, '.');
	if (attacks.len) {
		ct_buf_adds(&summary, " MITRE ATT&CK: ");
		ct_buf_add(&summary, attacks.buf, attacks.len);
		ct_buf_addch(&summary, '.');
	}
	if ((rc = an_prepare(x, "INSERT INTO chain (title, severity, first_ts,"
	    " last_ts, summary) VALUES (?, ?, ?, ?, ?)", &st)))
		goto out;
	sqlite3_bind_text(st, 1, title.buf, (int)title.len, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, ct_severity_names[sev], -1, SQLITE_STATIC);
	if (first != CT_NULL_INT)
		sqlite3_bind_int64(st, 3, first);
	if (last != CT_NULL_INT)
		sqlite3_bind_int64(st, 4, last);
	sqlite3_bind_text(st, 5, summary.buf, (int)summary.len, SQLITE_STATIC);
	rc = an_step_done(x, sqlite3_step(st), "insert chain");
	sqlite3_finalize(st);
	if (rc)
		goto out;
	chain_id = sqlite3_last_insert_rowid(x->db);
	x->st->chains++;
	if ((rc = an_prepare(x, "INSERT INTO chain_step (chain_id, seq,"
	    " finding_id) VALUES (?, ?, ?)", &st)))
		goto out;
	for (i = 0; i < nsteps; i++) {
		sqlite3_reset(st);
		sqlite3_bind_int64(st, 1, chain_id);
		sqlite3_bind_int(st, 2, ++seq);
		sqlite3_bind_int64(st, 3, steps[i]);
		if (sqlite3_step(st) != SQLITE_DONE) {
			rc = ct_case_db_error(x->err, x->db, x->c->path,
			    "insert chain step");
			break;
		}
		x->st->chain_steps++;
	}
	sqlite3_finalize(st);
	for (i = 0, seq = 1; rc == CT_OK && i < nsteps; i++) {
		int k;

		rc = narrate(x, chain_id, seq, steps[i], &k);
		seq += k;
	}
out:
	free(steps);
	ct_buf_release(&title);
	ct_buf_release(&summary);
	ct_buf_release(&attacks);
	return rc;
}

static int
cmp_member(const void *a, const void *b, void *ctx)
{
	const struct node *v = ctx;
	const struct node *x = &v[*(const size_t *)a], *y = &v[*(const size_t *)b];
	int64_t tx = x->first_ts == CT_NULL_INT ? INT64_MAX : x->first_ts;
	int64_t ty = y->first_ts == CT_NULL_INT ? INT64_MAX : y->first_ts;

	if (tx != ty)
		return tx < ty ? -1 : 1;
	return x->id < y->id ? -1 : x->id > y->id;
}

/* Insertion sort by (first_ts, id): groups are small. */
static void
sort_members(size_t *m, size_t n, struct node *v)
{
	size_t i, j;

	for (i = 1; i < n; i++) {
		size_t k = m[i];

		for (j = i; j > 0 && cmp_member(&m[j - 1], &k, v) > 0; j--)
			m[j] = m[j - 1];
		m[j] = k;
	}
}

enum ct_status
an_build_chains(struct an_ctx *x)
{
	sqlite3_stmt *st;
	enum ct_status rc = CT_OK;
	struct node *v = NULL;
	size_t n = 0, i, *order = NULL, *members = NULL;
	char *pk = NULL, *pv = NULL;
	size_t pidx = 0;
	int r, seq = 0;

	if ((rc = an_prepare(x, "SELECT id, first_ts, severity, rule FROM finding"
	    " WHERE severity IN ('medium', 'high', 'critical') ORDER BY id", &st)))
		return rc;
	while ((r = sqlite3_step(st)) == SQLITE_ROW) {
		v = ct_xreallocarray(v, n + 1, sizeof(*v));
		v[n].id = sqlite3_column_int64(st, 0);
		v[n].first_ts = ct_sql_int(st, 1);
		v[n].sev = ct_severity_rank(ct_sql_text(st, 2));
		v[n].rule = ct_xstrdup(ct_sql_text(st, 3));
		v[n].parent = n;
		n++;
	}
	sqlite3_finalize(st);
	if ((rc = an_step_done(x, r, "chain findings")))
		goto out;
	if ((rc = an_prepare(x, "SELECT e.kind, e.value, e.finding_id"
	    " FROM finding_entity e JOIN finding f ON f.id = e.finding_id"
	    " WHERE f.severity IN ('medium', 'high', 'critical')"
	    " ORDER BY e.kind, e.value, e.finding_id", &st)))
		goto out;
	while ((r = sqlite3_step(st)) == SQLITE_ROW) {
		const char *k = ct_sql_text(st, 0), *val = ct_sql_text(st, 1);
		size_t idx = index_of(v, n, sqlite3_column_int64(st, 2));

		if (idx == n)
			continue;
		if (pk && strcmp(pk, k) == 0 && strcmp(pv, val) == 0) {
			unite(v, pidx, idx);
		} else {
			free(pk);
			free(pv);
			pk = ct_xstrdup(k);
			pv = ct_xstrdup(val);
			pidx = idx;
		}
	}
	sqlite3_finalize(st);
	if ((rc = an_step_done(x, r, "chain entities")))
		goto out;
	if ((rc = an_exec(x, "CREATE TEMP TABLE t_member (finding_id INTEGER"
	    " PRIMARY KEY, rule TEXT)", "chain members")))
		goto out;
	/* Groups in order of their earliest finding. */
	order = ct_xcalloc(n ? n : 1, sizeof(*order));
	members = ct_xcalloc(n ? n : 1, sizeof(*members));
	for (i = 0; i < n; i++)
		order[i] = i;
	sort_members(order, n, v);
	{
		unsigned char *done = ct_xcalloc(n ? n : 1, 1);
		size_t k;

		for (i = 0; i < n && rc == CT_OK; i++) {
			size_t root = find(v, order[i]), nm = 0;
			int maxsev = 0;

			if (done[root])
				continue;
			done[root] = 1;
			for (k = 0; k < n; k++)
				if (find(v, order[k]) == root) {
					members[nm++] = order[k];
					if (v[order[k]].sev > maxsev)
						maxsev = v[order[k]].sev;
				}
			if (maxsev >= SEV_HIGH || nm >= 2) {
				rc = write_chain(x, v, members, nm);
			} else {
				int w;

				rc = narrate(x, 0, seq + 1, v[members[0]].id, &w);
				seq += w;
			}
		}
		free(done);
	}
	if (rc == CT_OK)
		rc = an_exec(x, "DROP TABLE t_member", "chain members");
out:
	for (i = 0; i < n; i++)
		free(v[i].rule);
	free(v);
	free(order);
	free(members);
	free(pk);
	free(pv);
	return rc;
}
