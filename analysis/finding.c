/*
 * finding.c - the finding writer: a finding collects its text, evidence
 * and entities in memory and is written with them in one go (see
 * finding.h).
 */
#include "compat.h"

#include "finding.h"
#include "sql.h"
#include "xalloc.h"

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
an_finding_release(struct an_finding *f)
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

enum ct_status
an_finding_commit(struct an_ctx *x, struct an_finding *f, int64_t *id)
{
	sqlite3_stmt *st = x->ins_finding;
	int64_t fid;
	size_t i;
	int sev = f->severity < 0 ? 0 : f->severity > 4 ? 4 : f->severity;

	if (f->nev == 0) {
		an_finding_release(f);
		return CT_OK;
	}
	sqlite3_reset(st);
	sqlite3_bind_text(st, 1, f->rule, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, ct_severity_names[sev], -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, f->confidence, -1, SQLITE_STATIC);
	ct_sql_bind_int(st, 4, f->first_ts);
	ct_sql_bind_int(st, 5, f->last_ts);
	sqlite3_bind_text(st, 6, f->title.len ? f->title.buf : f->rule, -1,
	    SQLITE_STATIC);
	sqlite3_bind_text(st, 7, f->description.buf, (int)f->description.len,
	    SQLITE_STATIC);
	bind_text_or_null(st, 8, &f->attack);
	bind_text_or_null(st, 9, &f->details);
	bind_text_or_null(st, 10, &f->statement);
	if (sqlite3_step(st) != SQLITE_DONE) {
		an_finding_release(f);
		return ct_case_db_error(x->err, x->db, x->c->path, "insert finding");
	}
	fid = sqlite3_last_insert_rowid(x->db);
	for (i = 0; i < f->nev; i++) {
		sqlite3_reset(x->ins_evidence);
		sqlite3_bind_int64(x->ins_evidence, 1, fid);
		sqlite3_bind_int64(x->ins_evidence, 2, f->ev[i]);
		sqlite3_bind_text(x->ins_evidence, 3, f->ev_role[i], -1,
		    SQLITE_STATIC);
		if (sqlite3_step(x->ins_evidence) != SQLITE_DONE) {
			an_finding_release(f);
			return ct_case_db_error(x->err, x->db, x->c->path,
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
			an_finding_release(f);
			return ct_case_db_error(x->err, x->db, x->c->path,
			    "insert finding entity");
		}
	}
	x->st->findings++;
	x->st->by_severity[sev]++;
	if (id)
		*id = fid;
	an_finding_release(f);
	return CT_OK;
}

enum ct_status
an_finding_writer_open(struct an_ctx *x)
{
	enum ct_status rc;

	if ((rc = an_prepare(x, "INSERT INTO finding (rule, severity, "
	    "confidence, first_ts, last_ts, title, description, attack, "
	    "details, statement) VALUES (?,?,?,?,?,?,?,?,?,?)",
	    &x->ins_finding)) ||
	    (rc = an_prepare(x, "INSERT OR IGNORE INTO finding_evidence "
	    "(finding_id, record_id, role) VALUES (?,?,?)", &x->ins_evidence)) ||
	    (rc = an_prepare(x, "INSERT OR IGNORE INTO finding_entity "
	    "(finding_id, kind, value) VALUES (?,?,?)", &x->ins_entity)))
		an_finding_writer_close(x);
	return rc;
}

void
an_finding_writer_close(struct an_ctx *x)
{
	sqlite3_finalize(x->ins_finding);
	sqlite3_finalize(x->ins_evidence);
	sqlite3_finalize(x->ins_entity);
	x->ins_finding = x->ins_evidence = x->ins_entity = NULL;
}
