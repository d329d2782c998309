/*
 * sink.c - the writer thread between parsers and the case file (see sink.h).
 *
 * A batch is a flat list of row operations: each op names a table and a run
 * of values (NULL, integer or text in the batch's string arena). Flushing
 * moves the filled arrays into the queue and gives the batch fresh ones.
 * The writer binds each op to that table's prepared INSERT; ops of detail
 * tables get the id of the record inserted just before them. The INSERTs,
 * the row structs and the code that puts a row into a batch all come from
 * the column lists of rows.h.
 */
#include "compat.h"

#include <pthread.h>
#include <stdarg.h>

#include "error.h"
#include "buf.h"
#include "sink.h"
#include "sql.h"
#include "threadname.h"
#include "timefmt.h"
#include "version.h"
#include "xalloc.h"

/* The tables batches write, from rows.h. */
enum table {
#define TABLE_ENUM(T, name, first, COLS) T_##T,
	CT_BASE_TABLES(TABLE_ENUM)
#undef TABLE_ENUM
#define DETAIL_ENUM(T, name, COLS) T_##T,
	CT_DETAIL_TABLES(DETAIL_ENUM)
#undef DETAIL_ENUM
	T_COUNT
};

/* What the writer binds before a row's own values (rows.h, "FIRST"). */
enum first { FIRST_SOURCE, FIRST_SOURCE_PARSER, FIRST_RECORD };

/* Column names of each list, for the INSERTs and ct_row_tables[]. */
#define COL_NAME(kind, name, dflt) #name,
static const char *const source_cols[] = { CT_SOURCE_COLUMNS(COL_NAME) NULL };
#define TABLE_COLS(T, name, first, COLS) \
	static const char *const name##_cols[] = { COLS(COL_NAME) NULL };
#define DETAIL_COLS(T, name, COLS) TABLE_COLS(T, name, RECORD, COLS)
CT_BASE_TABLES(TABLE_COLS)
CT_DETAIL_TABLES(DETAIL_COLS)
#undef DETAIL_COLS
#undef TABLE_COLS

/* The columns bound before a list's, by enum first. */
static const char *const first_SOURCE[] = { "source_id", NULL };
static const char *const first_SOURCE_PARSER[] = { "source_id", "parser",
    NULL };
static const char *const first_RECORD[] = { "record_id", NULL };
/* The source inventory: after its list, what the sink fills in. */
static const char *const source_extra[] = { "tool_version", "added_at",
    NULL };

static const struct {
	const char *name;
	enum first first;
	const char *const *first_cols;
	const char *const *cols;
} tables[T_COUNT] = {
#define TABLE_ROW(T, name, first, COLS) \
	[T_##T] = { #name, FIRST_##first, first_##first, name##_cols },
#define DETAIL_ROW(T, name, COLS) TABLE_ROW(T, name, RECORD, COLS)
	CT_BASE_TABLES(TABLE_ROW)
	CT_DETAIL_TABLES(DETAIL_ROW)
#undef DETAIL_ROW
#undef TABLE_ROW
};

const struct ct_row_table ct_row_tables[] = {
	{ "source", source_extra, source_cols },
#define TABLE_DESC(T, name, first, COLS) \
	{ #name, first_##first, name##_cols },
#define DETAIL_DESC(T, name, COLS) TABLE_DESC(T, name, RECORD, COLS)
	CT_BASE_TABLES(TABLE_DESC)
	CT_DETAIL_TABLES(DETAIL_DESC)
#undef DETAIL_DESC
#undef TABLE_DESC
	{ NULL, NULL, NULL }
};

enum vkind { V_NULL, V_INT, V_TEXT, V_BLOB };

struct val {
	int kind;
	int64_t i;		/* V_INT value, or V_TEXT/V_BLOB arena offset */
	size_t len;		/* V_TEXT/V_BLOB length */
};

struct op {
	enum table table;
	size_t first, n;	/* values [first, first + n) */
};

/* The rows of one flush; owned by the queue once flushed. */
struct rows {
	struct op *ops;
	size_t nops, aops;
	struct val *vals;
	size_t nvals, avals;
	struct ct_buf text;
};

struct item {
	struct item *next;
	struct rows *rows;		/* either rows ... */
	int (*fn)(sqlite3 *, void *);	/* ... or a call */
	void *arg;
	int result, done;
};

/*
 * Written batches are kept for reuse, at most this many: the parsers then
 * fill memory that is already mapped instead of growing new arrays page
 * fault by page fault (about a tenth of a small log's ingest time).
 */
#define SPARE_ROWS_MAX	(CT_SINK_QUEUE_MAX + 4)
/* A batch that grew past this (one huge record) is freed, not kept. */
#define SPARE_ROWS_BYTES (4 * CT_BATCH_FLUSH_BYTES)

struct ct_sink {
	struct ct_case *c;
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t changed;
	struct item *head, *tail;
	size_t queued;
	struct rows *spare[SPARE_ROWS_MAX];	/* under lock */
	size_t nspare;
	int stopping;
	int verbose;
	sqlite3_stmt *stmt[T_COUNT];
	int in_txn;
	uint64_t rows_since_commit;
	uint64_t warnings, records;
	struct ct_error err;	/* first writer error */
};

struct ct_batch {
	struct ct_sink *sink;
	int64_t source_id;
	char *parser;
	struct rows *rows;
	int have_record;
	uint64_t warnings;
};

/* ---- rows ---- */

static struct rows *
rows_new(void)
{
	struct rows *r = ct_xcalloc(1, sizeof(*r));

	ct_buf_init(&r->text, 0);
	return r;
}

static void
rows_free(struct rows *r)
{
	if (r == NULL)
		return;
	free(r->ops);
	free(r->vals);
	ct_buf_release(&r->text);
	free(r);
}

/* Empty rows for a batch: a written one kept for reuse, or new. */
static struct rows *
rows_take(struct ct_sink *s)
{
	struct rows *r = NULL;

	pthread_mutex_lock(&s->lock);
	if (s->nspare > 0)
		r = s->spare[--s->nspare];
	pthread_mutex_unlock(&s->lock);
	return r ? r : rows_new();
}

/* The writer is done with r: keep it for rows_take(), or free it. */
static void
rows_give_back(struct ct_sink *s, struct rows *r)
{
	size_t bytes = r->text.alloc + r->avals * sizeof(*r->vals) +
	    r->aops * sizeof(*r->ops);

	if (bytes <= SPARE_ROWS_BYTES) {
		r->nops = 0;
		r->nvals = 0;
		ct_buf_reset(&r->text);
		pthread_mutex_lock(&s->lock);
		if (s->nspare < SPARE_ROWS_MAX) {
			s->spare[s->nspare++] = r;
			r = NULL;
		}
		pthread_mutex_unlock(&s->lock);
	}
	rows_free(r);
}

static struct op *
rows_op(struct rows *r, enum table t)
{
	struct op *op;

	if (r->nops == r->aops) {
		r->aops = r->aops ? r->aops * 2 : 256;
		r->ops = ct_xreallocarray(r->ops, r->aops, sizeof(*r->ops));
	}
	op = &r->ops[r->nops++];
	op->table = t;
	op->first = r->nvals;
	op->n = 0;
	return op;
}

static struct val *
rows_val(struct rows *r, struct op *op)
{
	if (r->nvals == r->avals) {
		r->avals = r->avals ? r->avals * 2 : 2048;
		r->vals = ct_xreallocarray(r->vals, r->avals, sizeof(*r->vals));
	}
	op->n++;
	return &r->vals[r->nvals++];
}

static void
put_int(struct rows *r, struct op *op, int64_t v)
{
	struct val *x = rows_val(r, op);

	x->kind = v == CT_NULL_INT ? V_NULL : V_INT;
	x->i = v;
}

static void
put_text(struct rows *r, struct op *op, const char *s)
{
	struct val *x = rows_val(r, op);
	size_t start;

	if (s == NULL) {
		x->kind = V_NULL;
		return;
	}
	start = r->text.len;
	ct_buf_add_utf8_clean(&r->text, s, strlen(s));
	ct_buf_addch(&r->text, '\0');	/* so the writer can bind in place */
	x->kind = V_TEXT;
	x->i = (int64_t)start;
	x->len = r->text.len - start - 1;
}

/*
 * The binders of the column kinds of rows.h, put_KIND(rows, op, value,
 * default), and PUT_COL, which puts one column of a list from the row
 * struct `row` into op of the batch's rows `w`.
 */
static void
put_TEXT(struct rows *r, struct op *op, const char *s, const char *dflt)
{
	put_text(r, op, s ? s : dflt);
}

static void
put_INT(struct rows *r, struct op *op, int64_t v, int64_t dflt)
{
	(void)dflt;
	put_int(r, op, v);
}

static void
put_ID(struct rows *r, struct op *op, int64_t v, int64_t dflt)
{
	(void)dflt;
	put_int(r, op, v > 0 ? v : CT_NULL_INT);
}

static void
put_BOOL(struct rows *r, struct op *op, int v, int dflt)
{
	(void)dflt;
	put_int(r, op, v ? 1 : 0);
}

static void
put_FLAGS(struct rows *r, struct op *op, unsigned v, unsigned dflt)
{
	(void)dflt;
	put_int(r, op, (int64_t)v);
}

/* Bytes as they are (not text: no UTF-8 cleaning). */
static void
put_BLOB(struct rows *r, struct op *op, struct ct_row_blob b, const void *dflt)
{
	struct val *x = rows_val(r, op);

	(void)dflt;
	if (b.p == NULL) {
		x->kind = V_NULL;
		return;
	}
	x->kind = V_BLOB;
	x->i = (int64_t)r->text.len;
	x->len = b.n;
	ct_buf_add(&r->text, b.p, b.n);
	/* (a byte after it, so that an empty BLOB is X'', not NULL) */
	ct_buf_addch(&r->text, '\0');
}

#define PUT_COL(kind, name, dflt) put_##kind(w, op, row->name, dflt);

/* The INSERT of a table: its first columns, then its list. */
static char *
insert_sql(const char *table, const char *const *first,
    const char *const *cols, const char *const *extra)
{
	const char *const *lists[3] = { first, cols, extra };
	struct ct_buf sql = CT_BUF_INIT;
	size_t i, n = 0;
	const char *const *c;

	ct_buf_addf(&sql, "INSERT INTO %s(", table);
	for (i = 0; i < 3; i++)
		for (c = lists[i]; c && *c; c++)
			ct_buf_addf(&sql, "%s%s", n++ ? ", " : "", *c);
	ct_buf_adds(&sql, ") VALUES (");
	for (i = 0; i < n; i++)
		ct_buf_adds(&sql, i ? ",?" : "?");
	ct_buf_addch(&sql, ')');
	return ct_buf_detach(&sql, NULL);
}

/* Bind the values of op (after parameter first - 1) to st. */
static void
bind_op(sqlite3_stmt *st, const struct rows *r, const struct op *op, int first)
{
	size_t j;
	int p = first;

	for (j = 0; j < op->n; j++, p++) {
		const struct val *v = &r->vals[op->first + j];

		if (v->kind == V_INT)
			sqlite3_bind_int64(st, p, v->i);
		else if (v->kind == V_TEXT)
			sqlite3_bind_text(st, p, r->text.buf + v->i,
			    (int)v->len, SQLITE_STATIC);
		else if (v->kind == V_BLOB)
			sqlite3_bind_blob64(st, p, r->text.buf + v->i,
			    (sqlite3_uint64)v->len, SQLITE_STATIC);
		else
			sqlite3_bind_null(st, p);
	}
}

/* ---- writer ---- */

static void
writer_fail(struct ct_sink *s, const char *what)
{
	if (s->err.code == CT_OK)
		ct_case_db_error(&s->err, s->c->db, s->c->path, what);
}

static void
writer_commit(struct ct_sink *s)
{
	if (!s->in_txn)
		return;
	if (sqlite3_exec(s->c->db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
		writer_fail(s, "cannot commit");
	s->in_txn = 0;
	s->rows_since_commit = 0;
}

static void
writer_rows(struct ct_sink *s, struct rows *r)
{
	sqlite3_int64 record_id = 0;
	size_t i;

	if (s->err.code != CT_OK)
		return;		/* the case file is broken: drop, reported at close */
	if (!s->in_txn) {
		if (sqlite3_exec(s->c->db, "BEGIN IMMEDIATE", NULL, NULL,
		    NULL) != SQLITE_OK) {
			writer_fail(s, "cannot begin a transaction");
			return;
		}
		s->in_txn = 1;
	}
	for (i = 0; i < r->nops; i++) {
		const struct op *op = &r->ops[i];
		sqlite3_stmt *st = s->stmt[op->table];
		int p = 1;

		if (tables[op->table].first == FIRST_RECORD)
			sqlite3_bind_int64(st, p++, record_id);
		bind_op(st, r, op, p);
		if (sqlite3_step(st) != SQLITE_DONE) {
			writer_fail(s, "cannot insert a row");
			sqlite3_reset(st);
			return;
		}
		sqlite3_reset(st);
		if (op->table == T_RECORD) {
			record_id = sqlite3_last_insert_rowid(s->c->db);
			s->records++;
		}
	}
	s->rows_since_commit += r->nops;
	if (s->rows_since_commit >= CT_SINK_COMMIT_ROWS)
		writer_commit(s);
}

static void *
writer_main(void *arg)
{
	struct ct_sink *s = arg;

	ct_thread_name("ct-writer");
	pthread_mutex_lock(&s->lock);
	for (;;) {
		struct item *it;

		while (s->head == NULL && !s->stopping)
			pthread_cond_wait(&s->changed, &s->lock);
		if (s->head == NULL)
			break;
		it = s->head;
		s->head = it->next;
		if (s->head == NULL)
			s->tail = NULL;
		s->queued--;
		pthread_cond_broadcast(&s->changed);	/* room in the queue */
		pthread_mutex_unlock(&s->lock);

		if (it->rows) {
			writer_rows(s, it->rows);
			rows_give_back(s, it->rows);
			free(it);
			pthread_mutex_lock(&s->lock);
		} else {
			int result;

			writer_commit(s);
			result = it->fn(s->c->db, it->arg);
			pthread_mutex_lock(&s->lock);
			it->result = result;
			it->done = 1;	/* the caller frees it */
			pthread_cond_broadcast(&s->changed);
		}
	}
	pthread_mutex_unlock(&s->lock);
	writer_commit(s);
	return NULL;
}

static void
enqueue(struct ct_sink *s, struct item *it, int bounded)
{
	pthread_mutex_lock(&s->lock);
	while (bounded && s->queued >= CT_SINK_QUEUE_MAX)
		pthread_cond_wait(&s->changed, &s->lock);
	it->next = NULL;
	if (s->tail)
		s->tail->next = it;
	else
		s->head = it;
	s->tail = it;
	s->queued++;
	pthread_cond_broadcast(&s->changed);
	pthread_mutex_unlock(&s->lock);
}

struct ct_sink *
ct_sink_open(struct ct_case *c)
{
	struct ct_sink *s = ct_xcalloc(1, sizeof(*s));
	int i;

	s->c = c;
	ct_error_clear(&s->err);
	pthread_mutex_init(&s->lock, NULL);
	pthread_cond_init(&s->changed, NULL);
	for (i = 0; i < T_COUNT; i++) {
		char *sql = insert_sql(tables[i].name, tables[i].first_cols,
		    tables[i].cols, NULL);

		if (sqlite3_prepare_v3(c->db, sql, -1,
		    SQLITE_PREPARE_PERSISTENT, &s->stmt[i], NULL) != SQLITE_OK)
			writer_fail(s, "cannot prepare an insert");
		free(sql);
	}
	if (pthread_create(&s->thread, NULL, writer_main, s) != 0) {
		ct_eprintf("casetrail: cannot start the writer thread\n");
		abort();
	}
	return s;
}

enum ct_status
ct_sink_close(struct ct_sink *s, struct ct_error *err)
{
	enum ct_status rc;
	int i;

	pthread_mutex_lock(&s->lock);
	s->stopping = 1;
	pthread_cond_broadcast(&s->changed);
	pthread_mutex_unlock(&s->lock);
	pthread_join(s->thread, NULL);
	for (i = 0; i < T_COUNT; i++)
		sqlite3_finalize(s->stmt[i]);
	while (s->nspare > 0)
		rows_free(s->spare[--s->nspare]);
	rc = s->err.code;
	if (rc != CT_OK && err)
		*err = s->err;
	pthread_cond_destroy(&s->changed);
	pthread_mutex_destroy(&s->lock);
	free(s);
	return rc;
}

uint64_t
ct_sink_warnings(struct ct_sink *s)
{
	uint64_t n;

	pthread_mutex_lock(&s->lock);
	n = s->warnings;
	pthread_mutex_unlock(&s->lock);
	return n;
}

uint64_t
ct_sink_records(struct ct_sink *s)
{
	uint64_t n;

	/* A call is a barrier: everything queued before it is written. */
	ct_sink_call(s, NULL, NULL);
	pthread_mutex_lock(&s->lock);
	n = s->records;
	pthread_mutex_unlock(&s->lock);
	return n;
}

void
ct_sink_set_verbose(struct ct_sink *s, int verbose)
{
	s->verbose = verbose;
}

static int
noop(sqlite3 *db, void *arg)
{
	(void)db;
	(void)arg;
	return 0;
}

int
ct_sink_call(struct ct_sink *s, int (*fn)(sqlite3 *, void *), void *arg)
{
	struct item *it = ct_xcalloc(1, sizeof(*it));
	int result;

	it->fn = fn ? fn : noop;
	it->arg = arg;
	enqueue(s, it, 0);
	pthread_mutex_lock(&s->lock);
	while (!it->done)
		pthread_cond_wait(&s->changed, &s->lock);
	result = it->result;
	pthread_mutex_unlock(&s->lock);
	free(it);
	return result;
}

/* ---- sources ---- */

struct add_source {
	const struct ct_source_row *src;
	int64_t id;
	struct ct_sink *sink;
};

static int
add_source_fn(sqlite3 *db, void *arg)
{
	struct add_source *a = arg;
	const struct ct_source_row *row = a->src;
	struct rows *w = rows_new();
	struct op *op = rows_op(w, T_COUNT);	/* not a batch table */
	char *sql = insert_sql("source", NULL, source_cols, source_extra);
	sqlite3_stmt *st;

	/* The path inside an image is evidence text too: put_TEXT cleans it. */
	CT_SOURCE_COLUMNS(PUT_COL)
	put_text(w, op, CT_VERSION);
	put_int(w, op, ct_time_now());
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK) {
		writer_fail(a->sink, "cannot prepare source insert");
	} else {
		bind_op(st, w, op, 1);
		if (sqlite3_step(st) == SQLITE_DONE)
			a->id = sqlite3_last_insert_rowid(db);
		else
			writer_fail(a->sink, "cannot insert a source");
		sqlite3_finalize(st);
	}
	free(sql);
	rows_free(w);
	return 0;
}

int64_t
ct_sink_add_source(struct ct_sink *s, const struct ct_source_row *src)
{
	struct add_source a = { src, -1, s };

	ct_sink_call(s, add_source_fn, &a);
	return a.id;
}

struct finish_source {
	int64_t id;
	const char *status, *note, *md5, *sha1, *sha256;
	int64_t size;
	struct ct_sink *sink;
};

static int
finish_source_fn(sqlite3 *db, void *arg)
{
	struct finish_source *f = arg;
	sqlite3_stmt *st;
	int rc = 0;

	/*
	 * After a writer failure the source's last rows were dropped: saying
	 * how it ended would claim rows the case does not hold. It stays
	 * 'pending', which the next ingest of the same evidence replaces.
	 */
	if (f->sink->err.code != CT_OK)
		return -1;

	if (sqlite3_prepare_v2(db, "UPDATE source SET "
	    "status = coalesce(?, status), note = coalesce(?, note), "
	    "size = coalesce(?, size), md5 = coalesce(?, md5), "
	    "sha1 = coalesce(?, sha1), sha256 = coalesce(?, sha256) "
	    "WHERE id = ?", -1, &st, NULL) != SQLITE_OK) {
		writer_fail(f->sink, "cannot prepare source update");
		return -1;
	}
	ct_sql_bind_text(st, 1, f->status);
	ct_sql_bind_text(st, 2, f->note);
	ct_sql_bind_int(st, 3, f->size);
	ct_sql_bind_text(st, 4, f->md5);
	ct_sql_bind_text(st, 5, f->sha1);
	ct_sql_bind_text(st, 6, f->sha256);
	sqlite3_bind_int64(st, 7, f->id);
	if (sqlite3_step(st) != SQLITE_DONE) {
		writer_fail(f->sink, "cannot update a source");
		rc = -1;
	}
	sqlite3_finalize(st);
	return rc;
}

int
ct_sink_finish_source(struct ct_sink *s, int64_t source_id, const char *status,
    const char *note, int64_t size, const char *md5, const char *sha1,
    const char *sha256)
{
	struct finish_source f = { source_id, status, note, md5, sha1, sha256,
	    size, s };

	return ct_sink_call(s, finish_source_fn, &f);
}

/* ---- batches ---- */

struct ct_batch *
ct_batch_new(struct ct_sink *s, int64_t source_id, const char *parser)
{
	struct ct_batch *b = ct_xcalloc(1, sizeof(*b));

	b->sink = s;
	b->source_id = source_id;
	b->parser = ct_xstrdup(parser ? parser : "");
	b->rows = rows_take(s);
	return b;
}

void
ct_batch_flush(struct ct_batch *b)
{
	struct item *it;

	if (b->rows->nops == 0)
		return;
	it = ct_xcalloc(1, sizeof(*it));
	it->rows = b->rows;
	b->rows = rows_take(b->sink);
	b->have_record = 0;
	enqueue(b->sink, it, 1);
}

void
ct_batch_maybe_flush(struct ct_batch *b)
{
	size_t bytes = b->rows->text.len +
	    b->rows->nvals * sizeof(struct val);

	if (bytes >= CT_BATCH_FLUSH_BYTES)
		ct_batch_flush(b);
}

void
ct_batch_free(struct ct_batch *b)
{
	if (b == NULL)
		return;
	ct_batch_flush(b);
	rows_give_back(b->sink, b->rows);	/* empty now */
	free(b->parser);
	free(b);
}

uint64_t
ct_batch_warnings(const struct ct_batch *b)
{
	return b->warnings;
}

/* The rows sink.h does not show (events and warnings have functions). */
struct event_row { CT_EVENT_COLUMNS(CT_ROW_FIELD) };
struct warning_row { CT_WARNING_COLUMNS(CT_ROW_FIELD) };

void
ct_batch_record(struct ct_batch *b, const struct ct_record_row *row)
{
	struct rows *w = b->rows;
	struct op *op = rows_op(w, T_RECORD);

	put_int(w, op, b->source_id);
	CT_RECORD_COLUMNS(PUT_COL)
	b->have_record = 1;
}

/*
 * The op of a detail row of the record just emitted. One without a record
 * before it is a parser bug.
 */
static struct op *
detail_op(struct ct_batch *b, enum table t)
{
	if (!b->have_record) {
		ct_eprintf("casetrail: internal error: %s row without a "
		    "record (parser %s)\n", tables[t].name, b->parser);
		abort();
	}
	return rows_op(b->rows, t);
}

void
ct_batch_event(struct ct_batch *b, int64_t ts, const char *desc)
{
	struct event_row ev = { ts, desc }, *row = &ev;
	struct op *op = detail_op(b, T_EVENT);
	struct rows *w = b->rows;

	CT_EVENT_COLUMNS(PUT_COL)
}

void
ct_batch_reg_value(struct ct_batch *b, const struct ct_reg_value_row *row)
{
	struct op *op = detail_op(b, T_REG_VALUE);
	struct rows *w = b->rows;

	CT_REG_VALUE_COLUMNS(PUT_COL)
}

/* ct_batch_file(), ct_batch_evtx() ...: one per detail table of rows.h. */
#define DETAIL_FN(T, name, COLS) \
void \
ct_batch_##name(struct ct_batch *b, const struct ct_##name##_row *row) \
{ \
	struct op *op = detail_op(b, T_##T); \
	struct rows *w = b->rows; \
 \
	COLS(PUT_COL) \
}
CT_DETAIL_TABLES(DETAIL_FN)
#undef DETAIL_FN

void
ct_batch_warn(struct ct_batch *b, int64_t offset, const char *fmt, ...)
{
	struct rows *w = b->rows;
	struct op *op = rows_op(w, T_WARNING);
	struct ct_buf msg = CT_BUF_INIT;
	struct warning_row wr, *row = &wr;
	va_list ap;

	va_start(ap, fmt);
	ct_buf_vaddf(&msg, fmt, ap);
	va_end(ap);
	wr.offset = offset;
	wr.message = msg.buf;
	put_int(w, op, b->source_id);
	put_text(w, op, b->parser);
	CT_WARNING_COLUMNS(PUT_COL)
	b->warnings++;
	pthread_mutex_lock(&b->sink->lock);
	b->sink->warnings++;
	pthread_mutex_unlock(&b->sink->lock);
	if (b->sink->verbose) {
		/* Evidence text on a terminal: make control characters visible. */
		struct ct_buf shown = CT_BUF_INIT;

		ct_buf_add_printable(&shown, msg.buf);
		if (offset != CT_NULL_INT)
			ct_eprintf("casetrail: warning: source %" PRId64
			    " at offset %" PRId64 ": %s\n", b->source_id,
			    offset, shown.buf);
		else
			ct_eprintf("casetrail: warning: source %" PRId64
			    ": %s\n", b->source_id, shown.buf);
		ct_buf_release(&shown);
	}
	ct_buf_release(&msg);
}
