/*
 * sink.h - how parsers hand timeline rows to the case file.
 *
 * Parsers never see SQL. They fill a struct ct_batch with rows (records,
 * their timeline events and their typed details, warnings) and the sink
 * writes them on its own writer thread, the only thread that touches the
 * case database while the sink is open. Batches wait in a bounded queue, so
 * memory stays bounded whatever the input size: a producer that runs ahead
 * blocks in ct_batch_flush() until the writer catches up.
 *
 * Rows of one record must be emitted together, in this order:
 *
 *	ct_batch_record(b, &rec);	 (starts a record)
 *	ct_batch_event(b, ts, "SI created");	 (zero or more timeline points)
 *	ct_batch_file(b, &file);	 (at most one detail row)
 *	ct_batch_maybe_flush(b);	 (between records only)
 *
 * Strings passed in are copied; callers may pass stack buffers. Text from
 * evidence may be any bytes: invalid UTF-8 is replaced by U+FFFD on the
 * way in. The writer commits every CT_SINK_COMMIT_ROWS rows, so a crash
 * leaves a consistent case with the source still marked 'pending'.
 *
 * Threading: the sink, each batch and ct_sink_call are safe to use from
 * any thread, but one batch belongs to one thread at a time.
 */
#ifndef CT_SINK_H
#define CT_SINK_H

#include "compat.h"

#include <sqlite3.h>

#include "casedb.h"
#include "error.h"
#include "rows.h"

/* Rows between commits: large transactions are what make SQLite fast. */
#define CT_SINK_COMMIT_ROWS	200000
/*
 * Batches allowed to wait for the writer (bounds memory). More do not make
 * the ingest faster (measured: 4 and 32 alike on a 1M-record log and a
 * 100k-file image) but made memory grow with the input up to 32 MiB.
 */
#define CT_SINK_QUEUE_MAX	4
/* A batch is flushed by ct_batch_maybe_flush once it holds this many bytes. */
#define CT_BATCH_FLUSH_BYTES	(1u << 20)

struct ct_sink;
struct ct_batch;

/*
 * The rows: one member per column of its list in rows.h. Pointers may be
 * NULL and integers CT_NULL_INT where the column allows it (rows.h says
 * what each kind means).
 */
struct ct_source_row { CT_SOURCE_COLUMNS(CT_ROW_FIELD) };
struct ct_record_row { CT_RECORD_COLUMNS(CT_ROW_FIELD) };
struct ct_reg_value_row { CT_REG_VALUE_COLUMNS(CT_ROW_FIELD) };
/* struct ct_file_row, ct_evtx_row, ct_usn_row, ct_prefetch_row ... */
#define CT_DETAIL_ROW(T, name, COLS) \
	struct ct_##name##_row { COLS(CT_ROW_FIELD) };
CT_DETAIL_TABLES(CT_DETAIL_ROW)
#undef CT_DETAIL_ROW

/*
 * Open a sink on c. The sink owns c->db until ct_sink_close(); the caller
 * must not use c meanwhile except through ct_sink_call().
 */
struct ct_sink *ct_sink_open(struct ct_case *c);

/*
 * Drain the queue, commit, stop the writer and free the sink. Returns the
 * first database error the writer met (CT_OK if none) in err.
 */
enum ct_status ct_sink_close(struct ct_sink *s, struct ct_error *err);

/* Warnings written so far (all sources). */
uint64_t ct_sink_warnings(struct ct_sink *s);
/* Records written so far. */
uint64_t ct_sink_records(struct ct_sink *s);

/*
 * Run fn(db, arg) on the writer thread after everything queued so far is
 * written, and wait for it: the way to read back or update rows while the
 * sink is open. Returns fn's result.
 */
int ct_sink_call(struct ct_sink *s, int (*fn)(sqlite3 *db, void *arg),
    void *arg);

/*
 * Add a source to the inventory and return its id (synchronous), or -1 on
 * a database error. added_at and tool_version are filled in.
 */
int64_t ct_sink_add_source(struct ct_sink *s, const struct ct_source_row *src);

/*
 * Update a source once it has been read, after every row queued before
 * is committed. NULL / CT_NULL_INT keep the old value. Returns 0, or -1
 * when the writer has failed (the source is left as it was: its rows are
 * not all in the case) or the update fails.
 */
int ct_sink_finish_source(struct ct_sink *s, int64_t source_id,
    const char *status, const char *note, int64_t size, const char *md5,
    const char *sha1, const char *sha256);

/* A batch of rows from one source. */
struct ct_batch *ct_batch_new(struct ct_sink *s, int64_t source_id,
    const char *parser);
/* Queue what the batch holds; the batch stays usable. May block. */
void ct_batch_flush(struct ct_batch *b);
/* Flush if the batch is large. Call only between records. */
void ct_batch_maybe_flush(struct ct_batch *b);
/* Flush and free. NULL is allowed. */
void ct_batch_free(struct ct_batch *b);
/* Warnings emitted through this batch. */
uint64_t ct_batch_warnings(const struct ct_batch *b);

void ct_batch_record(struct ct_batch *b, const struct ct_record_row *r);
void ct_batch_event(struct ct_batch *b, int64_t ts, const char *desc);
/* A value of the registry key whose record was just emitted (any number). */
void ct_batch_reg_value(struct ct_batch *b, const struct ct_reg_value_row *row);
/*
 * The detail row of the record just emitted, one function per detail
 * table of rows.h: ct_batch_file(b, &file_row), ct_batch_evtx(),
 * ct_batch_usn(), ct_batch_prefetch() ...
 */
#define CT_DETAIL_FN(T, name, COLS) \
	void ct_batch_##name(struct ct_batch *b, const struct ct_##name##_row *row);
CT_DETAIL_TABLES(CT_DETAIL_FN)
#undef CT_DETAIL_FN

/*
 * Record damage in evidence: a warning row naming the batch's source and
 * the byte offset (CT_NULL_INT if unknown). Also printed on stderr when
 * the sink is verbose.
 */
void ct_batch_warn(struct ct_batch *b, int64_t offset, const char *fmt, ...)
    CT_PRINTF(3, 4);

/* Print each warning on stderr as it is queued. */
void ct_sink_set_verbose(struct ct_sink *s, int verbose);

#endif
