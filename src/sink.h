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

struct ct_source_row {
	int64_t parent_id;	/* 0 for a top-level source */
	const char *kind;	/* image volume evtx prefetch usnjrnl ioc ... */
	const char *path;
	const char *locator;	/* may be NULL */
	int64_t size;		/* CT_NULL_INT if unknown */
	const char *md5, *sha1, *sha256;	/* may be NULL */
	const char *status;	/* pending ok partial failed skipped duplicate */
	const char *parser;	/* may be NULL */
	const char *note;	/* may be NULL */
};

struct ct_record_row {
	const char *type;	/* file evtx usn prefetch */
	const char *locator;	/* "record 4711", "MFT 1234-5" */
	int64_t offset;		/* CT_NULL_INT if none */
	unsigned flags;		/* CT_REC_* */
	const char *summary;	/* one-line timeline message */
};

/* Detail rows. Pointers may be NULL; integers may be CT_NULL_INT. */
struct ct_file_row {
	const char *fs_type, *path, *name;
	int64_t inode, seq, parent_inode, parent_seq;
	const char *type;	/* file dir link other */
	int64_t size;
	int allocated;
	int64_t si_crtime, si_mtime, si_atime, si_ctime;
	int64_t fn_crtime, fn_mtime, fn_atime, fn_ctime;
	const char *md5, *sha1, *sha256;
	const char *content;	/* allocated recovered partial unreadable not-hashed */
	const char *streams;	/* JSON array or NULL */
	int64_t zone_id;
	const char *zone_referrer, *zone_host_url;
};

struct ct_evtx_row {
	int64_t record_number, written, created, event_id, qualifiers;
	int64_t version, level, task, opcode;
	const char *keywords, *provider, *provider_guid, *channel, *computer;
	const char *user_sid;
	int64_t pid, tid;
	const char *data;	/* JSON object, must be valid JSON */
	const char *image, *command_line;
	int64_t process_id;
	const char *process_guid, *parent_image, *parent_command_line;
	int64_t parent_process_id;
	const char *parent_process_guid, *user_name, *target_file;
	const char *src_ip;
	int64_t src_port;
	const char *dst_ip;
	int64_t dst_port;
	const char *dst_host, *dns_query, *url, *hashes, *script_text;
	const char *script_block_id, *host_application;
};

struct ct_usn_row {
	int64_t usn, major, minor, ts, file_inode, file_seq;
	int64_t parent_inode, parent_seq, reason;
	const char *reasons;
	int64_t attributes, source_info, security_id;
	const char *name, *path;
};

struct ct_prefetch_row {
	const char *executable, *prefetch_hash;
	int64_t format_version, run_count, last_run;
	const char *run_times, *volumes, *files;	/* JSON arrays */
};

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

/* Update a source once it has been read. NULL / CT_NULL_INT keep the old value. */
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
void ct_batch_file(struct ct_batch *b, const struct ct_file_row *f);
void ct_batch_evtx(struct ct_batch *b, const struct ct_evtx_row *e);
void ct_batch_usn(struct ct_batch *b, const struct ct_usn_row *u);
void ct_batch_prefetch(struct ct_batch *b, const struct ct_prefetch_row *p);

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
