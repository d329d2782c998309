/*
 * sink.c - the writer thread between parsers and the case file (see sink.h).
 *
 * A batch is a flat list of row operations: each op names a table and a run
 * of values (NULL, integer or text in the batch's string arena). Flushing
 * moves the filled arrays into the queue and gives the batch fresh ones.
 * The writer binds each op to that table's prepared INSERT; ops of detail
 * tables get the id of the record inserted just before them.
 */
#include "compat.h"

#include <pthread.h>
#include <stdarg.h>

#include "buf.h"
#include "sink.h"
#include "threadname.h"
#include "timefmt.h"
#include "version.h"
#include "xalloc.h"

enum table {
	T_RECORD, T_EVENT, T_FILE, T_EVTX, T_USN, T_PREFETCH, T_WARNING,
	T_COUNT
};

/* Column lists; detail tables take record_id as their first parameter. */
static const struct {
	const char *sql;
	int linked;		/* first parameter is the current record id */
} table_sql[T_COUNT] = {
	[T_RECORD] = { "INSERT INTO record(source_id, type, locator, offset, "
	    "flags, summary) VALUES (?,?,?,?,?,?)", 0 },
	[T_EVENT] = { "INSERT INTO event(record_id, ts, ts_desc) "
	    "VALUES (?,?,?)", 1 },
	[T_FILE] = { "INSERT INTO file(record_id, fs_type, path, name, inode, "
	    "seq, parent_inode, parent_seq, type, size, allocated, si_crtime, "
	    "si_mtime, si_atime, si_ctime, fn_crtime, fn_mtime, fn_atime, "
	    "fn_ctime, md5, sha1, sha256, content, streams, zone_id, "
	    "zone_referrer, zone_host_url) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,"
	    "?,?,?,?,?,?,?,?,?,?,?,?,?,?)", 1 },
	[T_EVTX] = { "INSERT INTO evtx(record_id, record_number, written, "
	    "created, event_id, qualifiers, version, level, task, opcode, "
	    "keywords, provider, provider_guid, channel, computer, user_sid, "
	    "pid, tid, data, image, command_line, process_id, process_guid, "
	    "parent_image, parent_command_line, parent_process_id, "
	    "parent_process_guid, user_name, target_file, src_ip, src_port, "
	    "dst_ip, dst_port, dst_host, dns_query, url, hashes, script_text, "
	    "script_block_id, host_application) VALUES (?,?,?,?,?,?,?,?,?,?,"
	    "?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", 1 },
	[T_USN] = { "INSERT INTO usn(record_id, usn, major, minor, ts, "
	    "file_inode, file_seq, parent_inode, parent_seq, reason, reasons, "
	    "attributes, source_info, security_id, name, path) VALUES (?,?,?,"
	    "?,?,?,?,?,?,?,?,?,?,?,?,?)", 1 },
	[T_PREFETCH] = { "INSERT INTO prefetch(record_id, executable, "
	    "prefetch_hash, format_version, run_count, last_run, run_times, "
	    "volumes, files) VALUES (?,?,?,?,?,?,?,?,?)", 1 },
	[T_WARNING] = { "INSERT INTO warning(source_id, offset, parser, "
	    "message) VALUES (?,?,?,?)", 0 },
};

enum vkind { V_NULL, V_INT, V_TEXT };

struct val {
	int kind;
	int64_t i;		/* V_INT value, or V_TEXT arena offset */
	size_t len;		/* V_TEXT length */
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

/* ---- writer ---- */

static void
writer_fail(struct ct_sink *s, const char *what)
{
	if (s->err.code == CT_OK)
		ct_db_error(&s->err, s->c->db, s->c->path, what);
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
	size_t i, j;

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

		if (table_sql[op->table].linked)
			sqlite3_bind_int64(st, p++, record_id);
		for (j = 0; j < op->n; j++, p++) {
			const struct val *v = &r->vals[op->first + j];

			if (v->kind == V_INT)
				sqlite3_bind_int64(st, p, v->i);
			else if (v->kind == V_TEXT)
				sqlite3_bind_text(st, p, r->text.buf + v->i,
				    (int)v->len, SQLITE_STATIC);
			else
				sqlite3_bind_null(st, p);
		}
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
		if (sqlite3_prepare_v3(c->db, table_sql[i].sql, -1,
		    SQLITE_PREPARE_PERSISTENT, &s->stmt[i], NULL) != SQLITE_OK)
			writer_fail(s, "cannot prepare an insert");
	}
	if (pthread_create(&s->thread, NULL, writer_main, s) != 0) {
		fprintf(stderr, "casetrail: cannot start the writer thread\n");
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

static void
bind_opt_text(sqlite3_stmt *st, int i, const char *s)
{
	if (s)
		sqlite3_bind_text(st, i, s, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(st, i);
}

static void
bind_opt_int(sqlite3_stmt *st, int i, int64_t v)
{
	if (v == CT_NULL_INT)
		sqlite3_bind_null(st, i);
	else
		sqlite3_bind_int64(st, i, v);
}

static int
add_source_fn(sqlite3 *db, void *arg)
{
	struct add_source *a = arg;
	const struct ct_source_row *src = a->src;
	sqlite3_stmt *st;
	struct ct_buf clean = CT_BUF_INIT;

	if (sqlite3_prepare_v2(db, "INSERT INTO source(parent_id, kind, path, "
	    "locator, size, md5, sha1, sha256, status, parser, tool_version, "
	    "added_at, note) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)", -1, &st,
	    NULL) != SQLITE_OK) {
		writer_fail(a->sink, "cannot prepare source insert");
		return -1;
	}
	if (src->parent_id > 0)
		sqlite3_bind_int64(st, 1, src->parent_id);
	bind_opt_text(st, 2, src->kind);
	/* Paths inside images are evidence text too. */
	ct_buf_add_utf8_clean(&clean, src->path, strlen(src->path));
	bind_opt_text(st, 3, clean.buf);
	bind_opt_text(st, 4, src->locator);
	bind_opt_int(st, 5, src->size);
	bind_opt_text(st, 6, src->md5);
	bind_opt_text(st, 7, src->sha1);
	bind_opt_text(st, 8, src->sha256);
	bind_opt_text(st, 9, src->status ? src->status : "pending");
	bind_opt_text(st, 10, src->parser);
	bind_opt_text(st, 11, CT_VERSION);
	sqlite3_bind_int64(st, 12, ct_time_now());
	bind_opt_text(st, 13, src->note);
	if (sqlite3_step(st) == SQLITE_DONE)
		a->id = sqlite3_last_insert_rowid(db);
	else
		writer_fail(a->sink, "cannot insert a source");
	sqlite3_finalize(st);
	ct_buf_release(&clean);
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

	if (sqlite3_prepare_v2(db, "UPDATE source SET "
	    "status = coalesce(?, status), note = coalesce(?, note), "
	    "size = coalesce(?, size), md5 = coalesce(?, md5), "
	    "sha1 = coalesce(?, sha1), sha256 = coalesce(?, sha256) "
	    "WHERE id = ?", -1, &st, NULL) != SQLITE_OK) {
		writer_fail(f->sink, "cannot prepare source update");
		return -1;
	}
	bind_opt_text(st, 1, f->status);
	bind_opt_text(st, 2, f->note);
	bind_opt_int(st, 3, f->size);
	bind_opt_text(st, 4, f->md5);
	bind_opt_text(st, 5, f->sha1);
	bind_opt_text(st, 6, f->sha256);
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

void
ct_batch_record(struct ct_batch *b, const struct ct_record_row *r)
{
	struct rows *w = b->rows;
	struct op *op = rows_op(w, T_RECORD);

	put_int(w, op, b->source_id);
	put_text(w, op, r->type);
	put_text(w, op, r->locator ? r->locator : "");
	put_int(w, op, r->offset);
	put_int(w, op, (int64_t)r->flags);
	put_text(w, op, r->summary ? r->summary : "");
	b->have_record = 1;
}

/* Detail rows without a record before them are a parser bug. */
static void
need_record(struct ct_batch *b, const char *what)
{
	if (!b->have_record) {
		fprintf(stderr, "casetrail: internal error: %s row without a "
		    "record (parser %s)\n", what, b->parser);
		abort();
	}
}

void
ct_batch_event(struct ct_batch *b, int64_t ts, const char *desc)
{
	struct rows *w = b->rows;
	struct op *op;

	need_record(b, "event");
	op = rows_op(w, T_EVENT);
	put_int(w, op, ts);
	put_text(w, op, desc);
}

void
ct_batch_file(struct ct_batch *b, const struct ct_file_row *f)
{
	struct rows *w = b->rows;
	struct op *op;

	need_record(b, "file");
	op = rows_op(w, T_FILE);
	put_text(w, op, f->fs_type);
	put_text(w, op, f->path ? f->path : "");
	put_text(w, op, f->name ? f->name : "");
	put_int(w, op, f->inode);
	put_int(w, op, f->seq);
	put_int(w, op, f->parent_inode);
	put_int(w, op, f->parent_seq);
	put_text(w, op, f->type);
	put_int(w, op, f->size);
	put_int(w, op, f->allocated ? 1 : 0);
	put_int(w, op, f->si_crtime);
	put_int(w, op, f->si_mtime);
	put_int(w, op, f->si_atime);
	put_int(w, op, f->si_ctime);
	put_int(w, op, f->fn_crtime);
	put_int(w, op, f->fn_mtime);
	put_int(w, op, f->fn_atime);
	put_int(w, op, f->fn_ctime);
	put_text(w, op, f->md5);
	put_text(w, op, f->sha1);
	put_text(w, op, f->sha256);
	put_text(w, op, f->content);
	put_text(w, op, f->streams);
	put_int(w, op, f->zone_id);
	put_text(w, op, f->zone_referrer);
	put_text(w, op, f->zone_host_url);
}

void
ct_batch_evtx(struct ct_batch *b, const struct ct_evtx_row *e)
{
	struct rows *w = b->rows;
	struct op *op;

	need_record(b, "evtx");
	op = rows_op(w, T_EVTX);
	put_int(w, op, e->record_number);
	put_int(w, op, e->written);
	put_int(w, op, e->created);
	put_int(w, op, e->event_id);
	put_int(w, op, e->qualifiers);
	put_int(w, op, e->version);
	put_int(w, op, e->level);
	put_int(w, op, e->task);
	put_int(w, op, e->opcode);
	put_text(w, op, e->keywords);
	put_text(w, op, e->provider);
	put_text(w, op, e->provider_guid);
	put_text(w, op, e->channel);
	put_text(w, op, e->computer);
	put_text(w, op, e->user_sid);
	put_int(w, op, e->pid);
	put_int(w, op, e->tid);
	put_text(w, op, e->data ? e->data : "{}");
	put_text(w, op, e->image);
	put_text(w, op, e->command_line);
	put_int(w, op, e->process_id);
	put_text(w, op, e->process_guid);
	put_text(w, op, e->parent_image);
	put_text(w, op, e->parent_command_line);
	put_int(w, op, e->parent_process_id);
	put_text(w, op, e->parent_process_guid);
	put_text(w, op, e->user_name);
	put_text(w, op, e->target_file);
	put_text(w, op, e->src_ip);
	put_int(w, op, e->src_port);
	put_text(w, op, e->dst_ip);
	put_int(w, op, e->dst_port);
	put_text(w, op, e->dst_host);
	put_text(w, op, e->dns_query);
	put_text(w, op, e->url);
	put_text(w, op, e->hashes);
	put_text(w, op, e->script_text);
	put_text(w, op, e->script_block_id);
	put_text(w, op, e->host_application);
}

void
ct_batch_usn(struct ct_batch *b, const struct ct_usn_row *u)
{
	struct rows *w = b->rows;
	struct op *op;

	need_record(b, "usn");
	op = rows_op(w, T_USN);
	put_int(w, op, u->usn);
	put_int(w, op, u->major);
	put_int(w, op, u->minor);
	put_int(w, op, u->ts);
	put_int(w, op, u->file_inode);
	put_int(w, op, u->file_seq);
	put_int(w, op, u->parent_inode);
	put_int(w, op, u->parent_seq);
	put_int(w, op, u->reason);
	put_text(w, op, u->reasons ? u->reasons : "");
	put_int(w, op, u->attributes);
	put_int(w, op, u->source_info);
	put_int(w, op, u->security_id);
	put_text(w, op, u->name ? u->name : "");
	put_text(w, op, u->path);
}

void
ct_batch_prefetch(struct ct_batch *b, const struct ct_prefetch_row *p)
{
	struct rows *w = b->rows;
	struct op *op;

	need_record(b, "prefetch");
	op = rows_op(w, T_PREFETCH);
	put_text(w, op, p->executable ? p->executable : "");
	put_text(w, op, p->prefetch_hash);
	put_int(w, op, p->format_version);
	put_int(w, op, p->run_count);
	put_int(w, op, p->last_run);
	put_text(w, op, p->run_times);
	put_text(w, op, p->volumes);
	put_text(w, op, p->files);
}

void
ct_batch_warn(struct ct_batch *b, int64_t offset, const char *fmt, ...)
{
	struct rows *w = b->rows;
	struct op *op = rows_op(w, T_WARNING);
	struct ct_buf msg = CT_BUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	ct_buf_vaddf(&msg, fmt, ap);
	va_end(ap);
	put_int(w, op, b->source_id);
	put_int(w, op, offset);
	put_text(w, op, b->parser);
	put_text(w, op, msg.buf);
	b->warnings++;
	pthread_mutex_lock(&b->sink->lock);
	b->sink->warnings++;
	pthread_mutex_unlock(&b->sink->lock);
	if (b->sink->verbose) {
		/* Evidence text on a terminal: make control characters visible. */
		struct ct_buf shown = CT_BUF_INIT;

		ct_buf_add_printable(&shown, msg.buf);
		if (offset != CT_NULL_INT)
			fprintf(stderr, "casetrail: warning: source %" PRId64
			    " at offset %" PRId64 ": %s\n", b->source_id,
			    offset, shown.buf);
		else
			fprintf(stderr, "casetrail: warning: source %" PRId64
			    ": %s\n", b->source_id, shown.buf);
		ct_buf_release(&shown);
	}
	ct_buf_release(&msg);
}
