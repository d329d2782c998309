/*
 * ingest.c - the ingest driver (see ingest.h).
 */
#include "compat.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sys/stat.h>
#include <unistd.h>

#include "error.h"
#include "buf.h"
#include "bulkload.h"
#include "cancel.h"
#include "hash.h"
#include "purge.h"
#include "sql.h"
#include "ingest.h"
#include "threadname.h"
#include "timefmt.h"
#include "utf8.h"
#include "xalloc.h"

/*
 * A source read to its end whose parser still has work across the whole
 * ingest (a finish hook: PowerShell script blocks): it stays 'pending'
 * until that work is done, then gets the status it earned.
 */
struct held_source {
	int64_t id;
	char status[12];	/* ok partial */
};

struct ct_ingest {
	struct ct_case *c;
	struct ct_sink *sink;
	int64_t first_source_id;	/* the first source row this ingest adds */
	int bulk;			/* in bulk mode (bulkload.h) */
	struct ct_ingest_opts opts;
	pthread_mutex_t lock;
	struct ct_ingest_stats st;
	struct held_source *held;	/* under lock */
	size_t nheld, aheld;
};

static void count(struct ct_ingest *in, unsigned *field);
static enum ct_status ingest_nested(struct ct_input *parent,
    const char *path, const char *locator, int64_t size,
    int64_t (*read_at)(void *, void *, size_t, int64_t), void *ctx,
    const struct ct_hashes *known, struct ct_error *err);

struct host_file {
	int fd;
};

static int64_t
host_read_at(void *ctx, void *buf, size_t n, int64_t off)
{
	struct host_file *h = ctx;
	size_t done = 0;

	while (done < n) {
		ssize_t r = pread(h->fd, (char *)buf + done, n - done,
		    (off_t)(off + (int64_t)done));

		if (r < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		if (r == 0)
			break;
		done += (size_t)r;
	}
	return (int64_t)done;
}

struct ct_ingest *
ct_ingest_begin(struct ct_case *c, const struct ct_ingest_opts *opts)
{
	struct ct_ingest *in = ct_xcalloc(1, sizeof(*in));
	struct ct_error e = CT_ERROR_INIT;

	in->c = c;
	in->opts = *opts;
	if (in->opts.parse.jobs <= 0) {
		long n = sysconf(_SC_NPROCESSORS_ONLN);

		in->opts.parse.jobs = n > 0 ? (int)n : 1;
	}
	pthread_mutex_init(&in->lock, NULL);
	in->first_source_id = ct_case_query_int(c, "SELECT coalesce(max(id), "
	    "0) + 1 FROM source", 1, NULL);
	if (ct_bulk_begin(c, &in->bulk, &e) != CT_OK)
		ct_error_print(&e);	/* slower, still correct */
	in->sink = ct_sink_open(c);
	ct_sink_set_verbose(in->sink, opts->verbose);
	return in;
}

/* ---- duplicate detection ---- */

/*
 * A finished top-level source with this SHA-256, or (sha256 NULL) of this
 * size: found is its id, 0 if none. A size match only says the file may
 * be a copy, so that it is hashed before being parsed.
 */
struct source_query {
	const char *sha256;
	int64_t size;
	int64_t first;		/* sources from here on: this ingest's */
	int64_t found;
};

static int
source_query_fn(sqlite3 *db, void *arg)
{
	struct source_query *q = arg;
	sqlite3_stmt *st;

	q->found = 0;
	/* This ingest's own finished sources may still be held 'pending'. */
	if (sqlite3_prepare_v2(db, q->sha256 ? "SELECT id FROM source WHERE "
	    "parent_id IS NULL AND sha256 = ?1 AND (status IN ('ok', "
	    "'partial') OR (status = 'pending' AND id >= ?2)) "
	    "ORDER BY id LIMIT 1" : "SELECT id FROM source WHERE parent_id IS "
	    "NULL AND size = ?1 AND (status IN ('ok', 'partial') OR "
	    "(status = 'pending' AND id >= ?2)) ORDER BY id LIMIT 1", -1, &st,
	    NULL) != SQLITE_OK) {
		q->found = -1;	/* cannot tell: taken as a match, to be safe */
		return -1;
	}
	if (q->sha256)
		sqlite3_bind_text(st, 1, q->sha256, -1, SQLITE_STATIC);
	else
		sqlite3_bind_int64(st, 1, q->size);
	sqlite3_bind_int64(st, 2, q->first);
	if (sqlite3_step(st) == SQLITE_ROW)
		q->found = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return 0;
}

/*
 * A top-level source of the same evidence that was not read to its end:
 * pending (the ingest died), interrupted or failed. The same evidence is
 * the same path, size and modification time (what identifies it before
 * it is hashed, and when no hash was recorded), or the same SHA-256.
 */
struct incomplete_query {
	const char *path, *sha256;
	int64_t size, mtime;
	int64_t first;		/* only sources older than this ingest's */
	int64_t found;
	char status[16];
};

static int
incomplete_query_fn(sqlite3 *db, void *arg)
{
	struct incomplete_query *q = arg;
	sqlite3_stmt *st;

	q->found = 0;
	if (sqlite3_prepare_v2(db, "SELECT id, status FROM source WHERE "
	    "parent_id IS NULL AND status IN ('pending', 'interrupted', "
	    "'failed') AND id < ?5 AND ((path = ?1 AND size = ?2 AND mtime IS "
	    "?3) OR (?4 IS NOT NULL AND sha256 = ?4)) ORDER BY id LIMIT 1", -1,
	    &st, NULL) != SQLITE_OK)
		return -1;
	sqlite3_bind_text(st, 1, q->path, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, q->size);
	ct_sql_bind_int(st, 3, q->mtime);
	if (q->sha256)
		sqlite3_bind_text(st, 4, q->sha256, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(st, 4);
	sqlite3_bind_int64(st, 5, q->first);
	if (sqlite3_step(st) == SQLITE_ROW) {
		q->found = sqlite3_column_int64(st, 0);
		snprintf(q->status, sizeof(q->status), "%s",
		    ct_sql_text(st, 1));
	}
	sqlite3_finalize(st);
	return 0;
}

struct purge {
	int64_t id, records;
};

static int
purge_fn(sqlite3 *db, void *arg)
{
	struct purge *p = arg;

	p->records = ct_purge_source(db, p->id);
	return p->records < 0 ? -1 : 0;
}

/*
 * Replace what an incomplete earlier read of this evidence left (resume
 * by reading it again: rows are never added twice). Returns CT_OK when
 * there was nothing or it is gone, CT_ERR_DB otherwise.
 */
static enum ct_status
replace_incomplete(struct ct_ingest *in, struct incomplete_query *q,
    struct ct_error *err)
{
	struct purge p;

	ct_sink_call(in->sink, incomplete_query_fn, q);
	if (q->found <= 0)
		return CT_OK;
	p.id = q->found;
	p.records = -1;
	if (ct_sink_call(in->sink, purge_fn, &p) != 0)
		return ct_error_set(err, CT_ERR_DB, in->c->path, CT_NO_OFFSET,
		    "cannot remove the incomplete source %" PRId64 " of '%s'",
		    q->found, q->path);
	if (!in->opts.quiet)
		ct_eprintf("casetrail: '%s' was not read to its end before "
		    "(source %" PRId64 ", %s): its %" PRId64 " record(s) are "
		    "replaced by this read; analysis results are cleared "
		    "(run casetrail analyze)\n", q->path, q->found, q->status,
		    p.records);
	count(in, &in->st.replaced);
	return CT_OK;
}

static void
count(struct ct_ingest *in, unsigned *field)
{
	pthread_mutex_lock(&in->lock);
	(*field)++;
	pthread_mutex_unlock(&in->lock);
}

/*
 * Hashing a top-level file on its own thread while its parser runs: the
 * two read the same file (the second read comes from the page cache), and
 * a log or an image is parsed in about the time it takes to hash it.
 */
struct bg_hash {
	pthread_t thread;
	const char *path;
	enum ct_hash_set set;
	struct ct_hashes h;
	int64_t size;
	enum ct_status rc;
	struct ct_error err;
	int joinable;
};

static void *
bg_hash_main(void *arg)
{
	struct bg_hash *b = arg;

	ct_thread_name("ct-hash");
	b->rc = ct_hash_file(b->path, b->set, &b->h, &b->size, &b->err);
	return NULL;
}

static void
bg_hash_start(struct bg_hash *b, const char *path, enum ct_hash_set set)
{
	memset(b, 0, sizeof(*b));
	b->path = path;
	b->set = set;
	ct_error_clear(&b->err);
	if (pthread_create(&b->thread, NULL, bg_hash_main, b) == 0)
		b->joinable = 1;
	else
		bg_hash_main(b);	/* no thread: hash here and now */
}

/* Wait for the hash; safe to call more than once. */
static void
bg_hash_join(struct bg_hash *b)
{
	if (b->joinable)
		pthread_join(b->thread, NULL);
	b->joinable = 0;
}

static void
hold(struct ct_ingest *in, int64_t id, const char *status)
{
	pthread_mutex_lock(&in->lock);
	if (in->nheld == in->aheld) {
		in->aheld = in->aheld ? 2 * in->aheld : 16;
		in->held = ct_xreallocarray(in->held, in->aheld,
		    sizeof(*in->held));
	}
	in->held[in->nheld].id = id;
	snprintf(in->held[in->nheld].status, sizeof(in->held[0].status),
	    "%s", status);
	in->nheld++;
	pthread_mutex_unlock(&in->lock);
}

/* The held sources get their status, once the finish hooks are done. */
static enum ct_status
release_held(struct ct_ingest *in, struct ct_error *err)
{
	sqlite3_stmt *st;
	enum ct_status rc;
	size_t i;

	if (in->nheld == 0)
		return CT_OK;
	if ((rc = ct_case_begin(in->c, err)))
		return rc;
	if ((rc = ct_case_prepare(in->c, "UPDATE source SET status = ? "
	    "WHERE id = ? AND status = 'pending'", &st, err))) {
		ct_case_rollback(in->c);
		return rc;
	}
	for (i = 0; i < in->nheld && rc == CT_OK; i++) {
		sqlite3_bind_text(st, 1, in->held[i].status, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 2, in->held[i].id);
		rc = ct_sql_step_once(in->c, st, "cannot finish a source", err);
	}
	sqlite3_finalize(st);
	if (rc == CT_OK)
		return ct_case_commit(in->c, err);
	ct_case_rollback(in->c);
	return rc;
}

/*
 * Run a parser on an input whose source row exists; finish the source.
 * bg, when set, is the input's hash still being computed: the source gets
 * its hashes (or a note that it could not be hashed) when both are done.
 */
static enum ct_status
run_parser(struct ct_ingest *in, const struct ct_parser *p,
    struct ct_input *input, struct bg_hash *bg, struct ct_error *err)
{
	uint64_t before = ct_sink_warnings(in->sink);
	enum ct_status rc;
	const char *status, *md5 = NULL, *sha1 = NULL, *sha256 = NULL;
	char note[2200];
	int64_t size = CT_NULL_INT;

	rc = p->parse(input, err);
	note[0] = '\0';
	if (bg) {
		bg_hash_join(bg);
		if (bg->rc == CT_OK) {
			md5 = bg->h.md5[0] ? bg->h.md5 : NULL;
			sha1 = bg->h.sha1[0] ? bg->h.sha1 : NULL;
			sha256 = bg->h.sha256;
			size = bg->size;
		} else {
			ct_error_print(&bg->err);
			snprintf(note, sizeof(note), "could not be hashed: ");
			ct_error_format(&bg->err, note + strlen(note),
			    sizeof(note) - strlen(note));
		}
	}
	if (rc != CT_OK) {
		/* Interrupted: what was read is in the case, and usable. */
		size_t kept = strlen(note);

		if (kept && kept + 2 < sizeof(note)) {
			memcpy(note + kept, "; ", 3);	/* after the hash note */
			kept += 2;
		}
		ct_error_format(err, note + kept, sizeof(note) - kept);
		ct_sink_finish_source(in->sink, input->source_id,
		    rc == CT_ERR_CANCELLED ? "interrupted" : "failed", note,
		    size, md5, sha1, sha256);
		return rc;
	}
	/*
	 * Warnings from other threads may land in the same window; the
	 * status is a hint and the warning table has the exact rows.
	 */
	status = ct_sink_warnings(in->sink) > before || note[0] ? "partial" :
	    "ok";
	if (p->finish) {
		hold(in, input->source_id, status);
		status = NULL;	/* still 'pending': see struct held_source */
	}
	ct_sink_finish_source(in->sink, input->source_id, status,
	    note[0] ? note : NULL, size, md5, sha1, sha256);
	return CT_OK;
}

static enum ct_status
ingest_file(struct ct_ingest *in, const char *path, const char *forced,
    int in_directory, struct ct_error *err)
{
	struct host_file hf = { -1 };
	struct ct_hashes h;
	struct ct_input input;
	struct ct_source_row src;
	struct source_query sq;
	struct incomplete_query iq;
	struct ct_buf path_bytes = CT_BUF_INIT;
	struct stat fst;
	struct bg_hash bgh, *bg = NULL;
	/*
	 * --no-hash skips the content hashes of the files inside images, and
	 * leaves the evidence file itself only its SHA-256: what identifies
	 * it, and finds a copy already in the case.
	 */
	enum ct_hash_set set = in->opts.parse.no_hash ? CT_HASH_SHA256 : CT_HASH_ALL;
	const struct ct_parser *p;
	const struct ct_parser *tie[2] = { NULL, NULL };
	uint8_t head[CT_PROBE_BYTES];
	int64_t size, n;
	enum ct_status rc;

	memset(&iq, 0, sizeof(iq));
	iq.mtime = CT_NULL_INT;
	hf.fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	if (hf.fd < 0) {
		count(in, &in->st.failed);
		return ct_error_set(err, CT_ERR_IO, path, CT_NO_OFFSET,
		    "cannot open: %s", strerror(errno));
	}
	n = host_read_at(&hf, head, sizeof(head), 0);
	if (n < 0) {
		rc = ct_error_set(err, CT_ERR_IO, path, 0, "cannot read: %s",
		    strerror(errno));
		count(in, &in->st.failed);
		goto out;
	}
	if (forced) {
		p = ct_parser_find(forced);
		if (p == NULL) {
			rc = ct_error_set(err, CT_ERR_USAGE, NULL, CT_NO_OFFSET,
			    "unknown parser '%s'", forced);
			goto out;
		}
	} else {
		p = ct_parser_detect(head, (size_t)n, path, -1, 0, tie);
	}
	if (p == NULL && tie[0]) {
		count(in, &in->st.failed);
		rc = ct_error_set(err, CT_ERR_FORMAT, path, CT_NO_OFFSET,
		    "both the %s and the %s parser claim this file: name one "
		    "with --parser", tie[0]->name, tie[1]->name);
		goto out;
	}
	if (p == NULL) {
		if (in_directory) {
			/* A triage folder holds many files nobody parses. */
			count(in, &in->st.skipped);
			if (in->opts.verbose)
				ct_eprintf("casetrail: skipping '%s': no "
				    "parser recognises it\n", path);
			rc = CT_OK;
		} else {
			count(in, &in->st.failed);
			rc = ct_error_set(err, CT_ERR_FORMAT, path, CT_NO_OFFSET,
			    n == 0 ? "file is empty" :
			    "no parser recognises this file (not an event log "
			    "or a disk image casetrail can read)");
		}
		goto out;
	}

	/*
	 * Evidence is hashed as it is read. A file can only be a copy of one
	 * already in the case if their sizes agree: then it is hashed first,
	 * and not parsed again if it is one. Otherwise its hash is computed
	 * on another thread while it is parsed (both read it read-only).
	 */
	size = lseek(hf.fd, 0, SEEK_END);	/* also sizes block devices */
	if (fstat(hf.fd, &fst) == 0)
		iq.mtime = ct_time_from_unix((int64_t)fst.st_mtim.tv_sec,
		    (int64_t)fst.st_mtim.tv_nsec);
	iq.path = path;
	iq.size = size;
	iq.first = in->first_source_id;
	if ((rc = replace_incomplete(in, &iq, err)))
		goto out;
	sq.sha256 = NULL;
	sq.size = size;
	sq.first = in->first_source_id;
	sq.found = 0;
	if (size >= 0)
		ct_sink_call(in->sink, source_query_fn, &sq);
	memset(&src, 0, sizeof(src));
	src.kind = p->kind;
	src.path = path;
	src.size = size >= 0 ? size : CT_NULL_INT;
	src.parser = p->name;
	src.mtime = iq.mtime;
	/* A name that is not UTF-8 is stored as U+FFFD: keep its bytes too. */
	if (!ct_utf8_valid(path, strlen(path))) {
		ct_buf_add_percent(&path_bytes, path);
		src.path_bytes = path_bytes.buf;
	}
	if (size < 0 || sq.found) {
		rc = ct_hash_file(path, set, &h, &size, err);
		if (rc != CT_OK) {
			count(in, &in->st.failed);
			goto out;
		}
		sq.sha256 = h.sha256;
		ct_sink_call(in->sink, source_query_fn, &sq);
		/* A copy under another name of a source not read to its end. */
		iq.sha256 = h.sha256;
		if (sq.found == 0 && (rc = replace_incomplete(in, &iq, err)))
			goto out;
		src.size = size;
		src.md5 = h.md5[0] ? h.md5 : NULL;
		src.sha1 = h.sha1[0] ? h.sha1 : NULL;
		src.sha256 = h.sha256;
		if (sq.found > 0) {
			char note[64];

			snprintf(note, sizeof(note), "same content as source %"
			    PRId64, sq.found);
			src.status = "duplicate";
			src.note = note;
			ct_sink_add_source(in->sink, &src);
			count(in, &in->st.duplicates);
			if (!in->opts.quiet)
				ct_eprintf("casetrail: '%s' is already in "
				    "the case (source %" PRId64 ", same SHA-256); "
				    "not ingested again\n", path, sq.found);
			rc = CT_OK;
			goto out;
		}
	} else {
		bg = &bgh;
		bg_hash_start(bg, path, set);
	}
	src.status = "pending";
	memset(&input, 0, sizeof(input));
	input.source_id = ct_sink_add_source(in->sink, &src);
	if (input.source_id < 0) {
		rc = ct_error_set(err, CT_ERR_DB, in->c->path, CT_NO_OFFSET,
		    "cannot record source '%s'", path);
		goto out;
	}
	input.path = path;
	input.host_path = path;
	input.size = size;
	input.sink = in->sink;
	input.opts = &in->opts.parse;
	input.nested = ingest_nested;
	input.driver = in;
	input.read_at = host_read_at;
	input.ctx = &hf;
	count(in, &in->st.sources);
	rc = run_parser(in, p, &input, bg, err);
	if (rc != CT_OK && rc != CT_ERR_CANCELLED)
		count(in, &in->st.failed);
out:
	if (bg)
		bg_hash_join(bg);
	close(hf.fd);
	ct_buf_release(&path_bytes);
	return rc;
}

static int
name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/*
 * An entry of a folder that is not a regular file or a folder: links are
 * not followed (the same evidence could come in twice, or from outside
 * the folder), FIFOs and devices are not read (a FIFO would block the
 * ingest). Counted as skipped, and named with -v.
 */
static void
skip_special(struct ct_ingest *in, const char *path, const struct stat *st)
{
	const char *what = S_ISFIFO(st->st_mode) ? "a FIFO" :
	    S_ISSOCK(st->st_mode) ? "a socket" :
	    S_ISCHR(st->st_mode) || S_ISBLK(st->st_mode) ? "a device" :
	    "not a regular file";
	struct stat target;

	if (S_ISLNK(st->st_mode)) {
		if (stat(path, &target) == 0)
			what = "a symbolic link (not followed)";
		else if (errno == ELOOP)
			what = "a symbolic link loop";
		else
			what = "a dangling symbolic link";
	}
	count(in, &in->st.skipped);
	if (in->opts.verbose)
		ct_eprintf("casetrail: skipping '%s': %s\n", path, what);
}

static enum ct_status
ingest_dir(struct ct_ingest *in, const char *path, const char *forced,
    int depth, struct ct_error *err)
{
	DIR *d;
	struct dirent *de;
	char **names = NULL;
	size_t n = 0, a = 0, i, dir_len;
	enum ct_status worst = CT_OK;

	if (depth > 64)
		return ct_error_set(err, CT_ERR_IO, path, CT_NO_OFFSET,
		    "directories nested too deep");
	dir_len = strlen(path);
	while (dir_len > 1 && path[dir_len - 1] == '/')
		dir_len--;
	d = opendir(path);
	if (d == NULL) {
		count(in, &in->st.failed);
		return ct_error_set(err, CT_ERR_IO, path, CT_NO_OFFSET,
		    "cannot open directory: %s", strerror(errno));
	}
	while ((de = readdir(d)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
			continue;
		if (n == a) {
			a = a ? 2 * a : 64;
			names = ct_xreallocarray(names, a, sizeof(*names));
		}
		/* "logs/" and "logs" name their files the same way. */
		names[n++] = ct_xasprintf("%.*s/%s", (int)dir_len, path,
		    de->d_name);
	}
	closedir(d);
	/* Name order makes a case built twice from one folder identical. */
	if (n)	/* an empty folder: names is NULL, which qsort() refuses */
		qsort(names, n, sizeof(*names), name_cmp);
	for (i = 0; i < n && !ct_cancelled(); i++) {
		struct stat st;
		struct ct_error e = CT_ERROR_INIT;
		enum ct_status rc = CT_OK;

		if (lstat(names[i], &st) != 0)
			rc = ct_error_set(&e, CT_ERR_IO, names[i], CT_NO_OFFSET,
			    "cannot access: %s", strerror(errno));
		else if (S_ISDIR(st.st_mode))
			rc = ingest_dir(in, names[i], forced, depth + 1, &e);
		else if (S_ISREG(st.st_mode))
			rc = ingest_file(in, names[i], forced, 1, &e);
		else
			skip_special(in, names[i], &st);
		if (rc != CT_OK) {
			ct_error_print(&e);
			if (rc == CT_ERR_DB) {
				*err = e;
				worst = rc;
				i++;
				break;
			}
			if (worst == CT_OK) {
				*err = e;
				worst = rc;
			}
		}
		free(names[i]);
	}
	for (; i < n; i++)
		free(names[i]);
	free(names);
	return worst;
}

enum ct_status
ct_ingest_path(struct ct_ingest *in, const char *path, const char *parser,
    struct ct_error *err)
{
	struct stat st;

	if (stat(path, &st) != 0) {
		count(in, &in->st.failed);
		return ct_error_set(err, CT_ERR_IO, path, CT_NO_OFFSET,
		    "cannot access: %s", strerror(errno));
	}
	if (S_ISDIR(st.st_mode))
		return ingest_dir(in, path, parser, 0, err);
	if (!S_ISREG(st.st_mode) && !S_ISBLK(st.st_mode)) {
		count(in, &in->st.failed);
		return ct_error_set(err, CT_ERR_FORMAT, path, CT_NO_OFFSET,
		    "not a regular file, block device or directory");
	}
	return ingest_file(in, path, parser, 0, err);
}

/* ---- nested inputs ---- */

/* struct ct_input.nested (parser.h): a file found inside parent. */
static enum ct_status
ingest_nested(struct ct_input *parent, const char *path,
    const char *locator, int64_t size,
    int64_t (*read_at)(void *, void *, size_t, int64_t), void *ctx,
    const struct ct_hashes *known, struct ct_error *err)
{
	struct ct_ingest *in = parent->driver;
	const struct ct_parser *p, *tie[2];
	uint8_t head[CT_PROBE_BYTES];
	struct ct_hasher *hasher;
	struct ct_hashes h;
	struct ct_source_row src;
	struct ct_input input;
	unsigned char *buf;
	int64_t n, off = 0;
	enum ct_status rc;

	n = read_at(ctx, head, sizeof(head), 0);
	if (n < 0)
		n = 0;
	p = ct_parser_detect(head, (size_t)n, path, size, 1, tie);
	if (p == NULL && tie[0]) {
		/* Not guessed: a warning about the parent, which goes on. */
		struct ct_batch *b = ct_batch_new(in->sink, parent->source_id,
		    NULL);

		ct_batch_warn(b, CT_NULL_INT, "%s (%s): both the %s and the %s "
		    "parser claim this file; not read", path,
		    locator ? locator : "", tie[0]->name, tie[1]->name);
		ct_batch_free(b);
		return CT_OK;
	}
	if (p == NULL)
		return CT_OK;

	if (known) {
		/* the image parser just read and hashed the same bytes */
		h = *known;
		off = size;
	} else {
		hasher = ct_hasher_new();
		buf = ct_xmalloc(1 << 20);
		while (off < size) {
			int64_t r = read_at(ctx, buf, 1 << 20, off);

			if (r <= 0)
				break;
			ct_hasher_update(hasher, buf, (size_t)r);
			off += r;
		}
		free(buf);
		ct_hasher_final(hasher, &h);
		ct_hasher_free(hasher);
	}

	memset(&src, 0, sizeof(src));
	src.parent_id = parent->source_id;
	src.kind = p->kind;
	src.path = path;
	src.locator = locator;
	src.size = size;
	src.md5 = h.md5;
	src.sha1 = h.sha1;
	src.sha256 = h.sha256;
	src.parser = p->name;
	src.status = "pending";
	if (off < size)
		src.note = "content could not be read in full";
	memset(&input, 0, sizeof(input));
	input.source_id = ct_sink_add_source(in->sink, &src);
	if (input.source_id < 0)
		return ct_error_set(err, CT_ERR_DB, in->c->path, CT_NO_OFFSET,
		    "cannot record source '%s'", path);
	input.path = path;
	input.size = size;
	input.sink = in->sink;
	input.opts = &in->opts.parse;
	input.nested = ingest_nested;
	input.driver = in;
	input.read_at = read_at;
	input.ctx = ctx;
	rc = run_parser(in, p, &input, NULL, err);
	if (rc != CT_OK && rc != CT_ERR_DB) {
		/* A broken nested file is a warning about its parent image. */
		char msg[2200];
		struct ct_batch *b = ct_batch_new(in->sink, parent->source_id,
		    p->name);

		ct_error_format(err, msg, sizeof(msg));
		ct_batch_warn(b, CT_NULL_INT, "%s (%s)", msg,
		    locator ? locator : path);
		ct_batch_free(b);
		return CT_OK;
	}
	return rc;
}

enum ct_status
ct_ingest_end(struct ct_ingest *in, struct ct_ingest_stats *st,
    struct ct_error *err)
{
	enum ct_status rc;
	size_t i;

	in->st.warnings = ct_sink_warnings(in->sink);
	in->st.records = ct_sink_records(in->sink);
	rc = ct_sink_close(in->sink, err);
	/*
	 * The writer thread is gone: this thread owns the case again. Only a
	 * bulk load has indexes to build (a case opened with some left over
	 * had them built by ct_case_open()).
	 */
	if (rc == CT_OK && in->bulk)
		rc = ct_bulk_end(in->c, in->opts.parse.progress, err);
	for (i = 0; rc == CT_OK && ct_parsers[i]; i++)
		if (ct_parsers[i]->finish)
			rc = ct_parsers[i]->finish(in->c, in->first_source_id,
			    err);
	/* Only now is every row of those sources in the case. */
	if (rc == CT_OK)
		rc = release_held(in, err);
	free(in->held);
	if (st)
		*st = in->st;
	pthread_mutex_destroy(&in->lock);
	free(in);
	return rc;
}

void
ct_ingest_print_warnings(struct ct_case *c, int64_t since_source_id)
{
	enum { SHOWN_PER_SOURCE = 3 };
	sqlite3_stmt *st;
	int64_t last = -1;
	int shown = 0;

	if (sqlite3_prepare_v2(c->db, "SELECT s.id, s.path, w.offset, "
	    "w.message, (SELECT count(*) FROM warning x WHERE x.source_id = "
	    "s.id) FROM warning w JOIN source s ON s.id = w.source_id "
	    "WHERE s.id > ? ORDER BY s.id, w.id", -1, &st, NULL) != SQLITE_OK)
		return;
	sqlite3_bind_int64(st, 1, since_source_id);
	while (sqlite3_step(st) == SQLITE_ROW) {
		int64_t id = sqlite3_column_int64(st, 0);
		struct ct_buf line = CT_BUF_INIT;

		if (id != last) {
			last = id;
			shown = 0;
			ct_eprintf("casetrail: %lld warning(s) about '",
			    (long long)sqlite3_column_int64(st, 4));
			ct_buf_add_printable(&line,
			    (const char *)sqlite3_column_text(st, 1));
			fprintf(stderr, "%s':\n", line.buf);
			ct_buf_reset(&line);
		}
		if (shown++ < SHOWN_PER_SOURCE) {
			ct_buf_add_printable(&line,
			    (const char *)sqlite3_column_text(st, 3));
			if (sqlite3_column_type(st, 2) != SQLITE_NULL)
				fprintf(stderr, "  at offset %lld: %s\n",
				    (long long)sqlite3_column_int64(st, 2),
				    line.buf);
			else
				fprintf(stderr, "  %s\n", line.buf);
		} else if (shown == SHOWN_PER_SOURCE + 1) {
			fprintf(stderr, "  ... (all of them: casetrail info, "
			    "or the warning table)\n");
		}
		ct_buf_release(&line);
	}
	sqlite3_finalize(st);
}
