/*
 * evtx.c - the EVTX parser: Windows XML event logs (.evtx) into the case.
 *
 * Format documentation followed: libyal/libevtx "Windows XML Event Log
 * (EVTX) format": a 4096-byte file header ("ElfFile\0"), then 64 KiB
 * chunks ("ElfChnk\0"), each self-contained (its records, element names
 * and templates), which is what lets chunks be decoded in parallel.
 *
 * Flow of one file:
 *  1. the file header is checked (a damaged header is a warning: the
 *     chunks are still scanned);
 *  2. opts->jobs worker threads take chunks in turn, decode them with the
 *     native decoder (evtx-binxml.c) and write rows through their own
 *     batch; the sink's writer thread is the only one touching SQLite;
 *  3. what the native decoder rejects (a chunk with a bad signature, a
 *     damaged record) and the records in chunk slack (deleted records,
 *     "recovered") go through libevtx (evtx-lib.c), the fallback; records
 *     libevtx cannot read either are warnings naming the offset;
 *  4. PowerShell 4104 script blocks are reassembled by SQL over the rows
 *     just written (script_block table).
 * libevtx is opened only when step 3 has work: on a clean log the native
 * decoder alone reads every record.
 */
#include "compat.h"

#include <pthread.h>
#include <stdatomic.h>
#include <strings.h>

#include <sqlite3.h>

#include "bytes.h"
#include "cancel.h"
#include "evtx-int.h"
#include "parser.h"
#include "progress.h"
#include "threadname.h"
#include "xalloc.h"

/* Warnings about records libevtx cannot read, per file, before a summary. */
#define LIB_WARN_MAX	50
/* Chunks (64 KiB each) a worker reads between progress updates. */
#define PROGRESS_CHUNKS	16
/*
 * libevtx's own recovery of deleted records scans every chunk and reads
 * records at about 16,000/s; over the whole corpus it found no record the
 * native slack scan had not already read. It is asked only for logs up to
 * this many chunks (64 MiB); beyond, the native scan's leftovers are
 * reported instead.
 */
#define LIB_RECOVER_MAX_CHUNKS	1024

/* What the native pass left for libevtx, per chunk. */
struct chunk_state {
	uint32_t scan_end;	/* native scan covered [512, scan_end); 0 = none */
	uint8_t slack;		/* record signatures seen after scan_end */
	uint8_t damaged;	/* rejected chunk or stopped early */
};

/* A record the native pass wrote: how libevtx's records are matched. */
struct seen {
	int64_t id, written;
};

struct job {
	struct ct_input *in;
	struct seen *seen;	/* sorted after the native pass */
	size_t nseen, aseen;
	int64_t nchunks;
	atomic_long next;
	struct chunk_state *cs;
	pthread_mutex_t lock;
	int64_t *failed;	/* record offsets the native decoder rejected */
	size_t nfailed, afailed;
	uint64_t records;
	/* progress, under lock */
	struct ct_progress progress;
	int64_t chunks_done;
	uint64_t records_done;
};

static int
probe(const uint8_t *head, size_t n, const char *name, int64_t size)
{
	size_t len;

	(void)size;
	if (n >= 8 && memcmp(head, "ElfFile", 8) == 0)
		return 100;
	/* A log with a damaged header is still worth a chunk scan. */
	len = name ? strlen(name) : 0;
	if (len > 5 && strcasecmp(name + len - 5, ".evtx") == 0 && n > 0)
		return 10;
	return 0;
}

static void
add_failed(struct job *j, int64_t off)
{
	pthread_mutex_lock(&j->lock);
	if (j->nfailed == j->afailed) {
		j->afailed = j->afailed ? j->afailed * 2 : 64;
		j->failed = ct_xreallocarray(j->failed, j->afailed,
		    sizeof(*j->failed));
	}
	j->failed[j->nfailed++] = off;
	pthread_mutex_unlock(&j->lock);
}

static int
cmp_seen(const void *a, const void *b)
{
	const struct seen *x = a, *y = b;

	if (x->id != y->id)
		return (x->id > y->id) - (x->id < y->id);
	return (x->written > y->written) - (x->written < y->written);
}

/* Remember what this worker wrote (local array, merged at the end). */
static void
note_seen(struct seen **v, size_t *n, size_t *a, const struct evtx_event *ev)
{
	if (*n == *a) {
		*a = *a ? *a * 2 : 1024;
		*v = ct_xreallocarray(*v, *a, sizeof(**v));
	}
	(*v)[*n].id = ev->record_number;
	(*v)[*n].written = ev->written;
	(*n)++;
}

/*
 * Deleted records in the chunk slack (after the last allocated record):
 * every 8-byte aligned record signature whose size and trailing size copy
 * agree is decoded; the ones the native decoder cannot read are left to
 * libevtx's recovery. Returns the number of those.
 */
static int
scan_slack(struct evtx_chunk *c, const uint8_t *d, struct evtx_event *ev,
    struct evtx_emit *em, struct ct_batch *b, int64_t base, size_t from,
    size_t len,
    struct seen **sv, size_t *sn, size_t *sa, uint64_t *records)
{
	size_t o;
	int left = 0;

	for (o = (from + 7) & ~(size_t)7; o + 28 <= len;) {
		uint32_t sz;
		const char *why;
		int rc;

		if (memcmp(d + o, "\x2a\x2a\x00\x00", 4) != 0) {
			o += 8;
			continue;
		}
		sz = ct_le32(d + o + 4);
		if (sz < 28 || !CT_FITS(len, o, sz) ||
		    ct_le32(d + o + sz - 4) != sz) {
			o += 8;
			continue;
		}
		rc = ct_evtx_chunk_slack_record(c, o, ev, &why);
		if (rc > 0) {
			ct_evtx_emit(em, b, ev, base + (int64_t)o,
			    CT_REC_RECOVERED);
			note_seen(sv, sn, sa, ev);
			(*records)++;
			ct_batch_maybe_flush(b);
			o += (sz + 7) & ~(uint32_t)7;
		} else {
			left++;
			o += 8;
		}
	}
	return left;
}

/*
 * The progress line of a log named on the command line (a log inside an
 * image is part of the image's line). A worker adds the chunks and records
 * it handled since its last call; the totals are under the job's lock.
 */
static void
progress(struct job *j, int64_t chunks, uint64_t records, int final)
{
	double el, mb, total_mb;
	char eta[32] = "";

	if (j->in->host_path == NULL || j->in->opts == NULL ||
	    !j->in->opts->progress)
		return;
	pthread_mutex_lock(&j->lock);
	j->chunks_done += chunks;
	j->records_done += records;
	if (ct_progress_due(&j->progress, final, &el)) {
		mb = (double)j->chunks_done * EVTX_CHUNK_SIZE / 1e6;
		total_mb = (double)j->nchunks * EVTX_CHUNK_SIZE / 1e6;
		if (!final && j->chunks_done > 0 && j->chunks_done < j->nchunks)
			snprintf(eta, sizeof(eta), ", ETA %.0f s",
			    (total_mb - mb) / (mb / el));
		fprintf(stderr, "\rcasetrail: evtx: %" PRIu64 " records "
		    "(%.0f/s), %.0f of %.0f MB%s   %s", j->records_done,
		    (double)j->records_done / el, mb, total_mb, eta,
		    final ? "\n" : "");
	}
	pthread_mutex_unlock(&j->lock);
}

static void *
worker(void *arg)
{
	struct job *j = arg;
	struct ct_input *in = j->in;
	struct ct_batch *b = ct_batch_new(in->sink, in->source_id, "evtx");
	struct evtx_chunk *c = ct_evtx_chunk_new();
	struct evtx_event ev;
	struct evtx_emit em;
	uint8_t *buf = ct_xmalloc(EVTX_CHUNK_SIZE);
	uint64_t records = 0, shown_records = 0;
	int64_t shown_chunks = 0;
	struct seen *sv = NULL;
	size_t sn = 0, sa = 0;

	ct_evtx_event_init(&ev);
	ct_evtx_emit_init(&em);
	for (;;) {
		long k = atomic_fetch_add(&j->next, 1);
		int64_t base;
		int64_t got;
		const char *why = NULL;
		size_t off, end;
		int st;

		if (k >= j->nchunks || ct_cancelled())
			break;
		if (++shown_chunks == PROGRESS_CHUNKS) {
			progress(j, shown_chunks, records - shown_records, 0);
			shown_records = records;
			shown_chunks = 0;
		}
		base = EVTX_FILE_HEADER_SIZE + (int64_t)k * EVTX_CHUNK_SIZE;
		got = in->read_at(in->ctx, buf, EVTX_CHUNK_SIZE, base);
		if (got < 0) {
			ct_batch_warn(b, base, "cannot read chunk %ld", k);
			j->cs[k].damaged = 1;
			continue;
		}
		st = ct_evtx_chunk_check(buf, (size_t)got, &why);
		if (st == 0)
			continue;	/* never used */
		if (st < 0) {
			ct_batch_warn(b, base, "chunk %ld: %s; its records "
			    "are read by libevtx", k, why);
			j->cs[k].damaged = 1;
			continue;
		}
		ct_evtx_chunk_load(c, buf, (size_t)got);
		end = ct_evtx_chunk_records_end(c);
		off = EVTX_CHUNK_HEADER_SIZE;
		while (off < end) {
			uint32_t size = 0;
			int rc = ct_evtx_chunk_record(c, off, &ev, &size, &why);

			if (rc == 0) {
				if (why) {
					ct_batch_warn(b, base + (int64_t)off,
					    "chunk %ld: %s; the rest of the "
					    "chunk is read by libevtx", k, why);
					j->cs[k].damaged = 1;
				}
				break;
			}
			if (rc < 0) {
				ct_batch_warn(b, base + (int64_t)off,
				    "record %" PRId64 ": %s; read by libevtx",
				    ev.record_number, why);
				add_failed(j, base + (int64_t)off);
			} else {
				ct_evtx_emit(&em, b, &ev, base + (int64_t)off, 0);
				note_seen(&sv, &sn, &sa, &ev);
				records++;
				ct_batch_maybe_flush(b);
			}
			off += size;
		}
		j->cs[k].scan_end = (uint32_t)off;
		if (scan_slack(c, buf, &ev, &em, b, base, off, (size_t)got, &sv,
		    &sn, &sa, &records))
			j->cs[k].slack = 1;
	}
	progress(j, shown_chunks, records - shown_records, 0);
	pthread_mutex_lock(&j->lock);
	j->records += records;
	if (sn) {
		if (j->nseen + sn > j->aseen) {
			j->aseen = j->nseen + sn + 1024;
			j->seen = ct_xreallocarray(j->seen, j->aseen,
			    sizeof(*j->seen));
		}
		memcpy(j->seen + j->nseen, sv, sn * sizeof(*sv));
		j->nseen += sn;
	}
	pthread_mutex_unlock(&j->lock);
	free(sv);
	free(buf);
	ct_evtx_emit_release(&em);
	ct_evtx_event_release(&ev);
	ct_evtx_chunk_free(c);
	ct_batch_free(b);
	return NULL;
}

/* A worker on a thread of its own (the parsing thread runs one too). */
static void *
worker_thread(void *arg)
{
	ct_thread_name("ct-evtx");
	return worker(arg);
}

/* Did the native pass write this record (same identifier and time)? */
static int
native_wrote(const struct job *j, const struct evtx_event *ev)
{
	struct seen key;

	if (j->nseen == 0)
		return 0;
	key.id = ev->record_number;
	key.written = ev->written;
	return bsearch(&key, j->seen, j->nseen, sizeof(*j->seen),
	    cmp_seen) != NULL;
}

/* The libevtx pass: fallback records and recovered records. */
static void
libevtx_pass(struct job *j, struct ct_batch *b, int need_items,
    int need_recovered)
{
	struct ct_input *in = j->in;
	struct evtx_lib *l;
	struct evtx_event ev;
	struct evtx_emit em;
	char why[600];
	int pass, n, i;

	l = ct_evtx_lib_open(in->read_at, in->ctx, in->size, why, sizeof(why));
	if (!l) {
		ct_batch_warn(b, CT_NULL_INT, "%s; damaged chunks and deleted "
		    "records are not read", why);
		return;
	}
	ct_evtx_event_init(&ev);
	ct_evtx_emit_init(&em);
	for (pass = need_items ? 0 : 1; pass < (need_recovered ? 2 : 1);
	    pass++) {
		int bad = 0;

		n = ct_evtx_lib_count(l, pass);
		for (i = 0; i < n; i++) {
			int64_t off;

			if (ct_evtx_lib_record(l, pass, i, &ev, &off, why,
			    sizeof(why)) != 0) {
				/*
				 * libevtx cannot say which record failed, so
				 * allocated failures are reported one by one
				 * (they may be losses) and recovered ones as
				 * a count (slack is partly overwritten).
				 */
				if (!pass && ++bad <= LIB_WARN_MAX)
					ct_batch_warn(b, CT_NULL_INT, "libevtx "
					    "cannot read allocated record %d "
					    "either: %s", i, why);
				else if (pass)
					bad++;
				continue;
			}
			if (native_wrote(j, &ev))
				continue;
			ct_evtx_emit(&em, b, &ev, off, pass ? CT_REC_RECOVERED :
			    0);
			j->records++;
			ct_batch_maybe_flush(b);
		}
		if (!pass && bad > LIB_WARN_MAX)
			ct_batch_warn(b, CT_NULL_INT, "libevtx cannot read %d "
			    "more allocated records", bad - LIB_WARN_MAX);
		if (pass && bad)
			ct_batch_warn(b, CT_NULL_INT, "%d of the %d deleted "
			    "records libevtx finds in chunk slack cannot be "
			    "read (partly overwritten)", bad, n);
	}
	ct_evtx_emit_release(&em);
	ct_evtx_event_release(&ev);
	ct_evtx_lib_close(l);
}

/*
 * Reassemble the 4104 script blocks of every log this ingest added, in
 * SQL, once their rows are all written and indexed (a block's parts may
 * sit in different chunks, parsed by different threads). The part number,
 * part count and script path are the mapping's columns (evtx-map.txt).
 */
static enum ct_status
finish(struct ct_case *c, int64_t first_source_id, struct ct_error *err)
{
	static const char sql[] =
	    "INSERT OR IGNORE INTO script_block(source_id, script_block_id, "
	    "parts_total, parts_seen, first_record_id, path, text) "
	    "SELECT sid, sbid, max(total), count(*), min(rid), max(path), "
	    "group_concat(txt, '') FROM ("
	    " SELECT sid, sbid, num, total, rid, path, txt FROM ("
	    "  SELECT r.source_id AS sid, e.script_block_id AS sbid,"
	    "   e.script_part AS num, e.script_parts AS total,"
	    "   min(e.record_id) AS rid, e.script_path AS path,"
	    "   coalesce(e.script_text, '') AS txt"
	    "  FROM evtx e JOIN record r ON r.id = e.record_id"
	    "  WHERE e.event_id = 4104 AND r.source_id >= ?1"
	    "   AND e.script_block_id IS NOT NULL"
	    "  GROUP BY sid, sbid, num)"
	    " ORDER BY sid, sbid, num) "
	    "GROUP BY sid, sbid";
	sqlite3_stmt *st;
	enum ct_status rc;

	if ((rc = ct_case_prepare(c, sql, &st, err)))
		return rc;
	sqlite3_bind_int64(st, 1, first_source_id);
	if (sqlite3_step(st) != SQLITE_DONE)
		rc = ct_case_db_error(err, c->db, c->path,
		    "cannot reassemble PowerShell script blocks");
	sqlite3_finalize(st);
	return rc;
}

static enum ct_status
parse(struct ct_input *in, struct ct_error *err)
{
	uint8_t hdr[EVTX_FILE_HEADER_SIZE];
	int64_t got, body;
	struct job j;
	struct ct_batch *b;
	pthread_t *th;
	int nth, t, need_items = 0, need_recovered = 0, any_chunk = 0;
	int64_t slack_chunks = 0;
	int64_t k;

	if (in->size == 0)
		return ct_error_set(err, CT_ERR_FORMAT, in->path, CT_NO_OFFSET,
		    "empty file, not an EVTX event log");
	got = in->read_at(in->ctx, hdr, sizeof(hdr), 0);
	if (got < 0)
		return ct_error_set(err, CT_ERR_IO, in->path, 0,
		    "cannot read the file header");
	b = ct_batch_new(in->sink, in->source_id, "evtx");
	if (got < 8 || memcmp(hdr, "ElfFile", 8) != 0) {
		/* Go on only if at least one chunk signature is there. */
		uint8_t sig[8];

		if (in->size < EVTX_FILE_HEADER_SIZE + 8 ||
		    in->read_at(in->ctx, sig, 8, EVTX_FILE_HEADER_SIZE) != 8 ||
		    memcmp(sig, "ElfChnk", 8) != 0) {
			ct_batch_free(b);
			return ct_error_set(err, CT_ERR_FORMAT, in->path, 0,
			    "not an EVTX event log (no \"ElfFile\" "
			    "signature)");
		}
		ct_batch_warn(b, 0, "damaged file header (no \"ElfFile\" "
		    "signature); reading the chunks anyway");
	} else if (got >= 128 && (ct_le32(hdr + 120) & 2)) {
		ct_batch_warn(b, 120, "the log was full when written (flag "
		    "0x2): older records were overwritten");
	}

	memset(&j, 0, sizeof(j));
	j.in = in;
	body = in->size - EVTX_FILE_HEADER_SIZE;
	j.nchunks = body > 0 ? (body + EVTX_CHUNK_SIZE - 1) / EVTX_CHUNK_SIZE :
	    0;
	if (body > 0 && body % EVTX_CHUNK_SIZE)
		ct_batch_warn(b, EVTX_FILE_HEADER_SIZE + (j.nchunks - 1) *
		    EVTX_CHUNK_SIZE, "the file ends inside a chunk (%" PRId64
		    " of %d bytes): truncated log", body % EVTX_CHUNK_SIZE,
		    EVTX_CHUNK_SIZE);
	j.cs = ct_xcalloc(j.nchunks ? (size_t)j.nchunks : 1,
	    sizeof(*j.cs));
	atomic_init(&j.next, 0);
	pthread_mutex_init(&j.lock, NULL);
	ct_progress_start(&j.progress);

	nth = in->opts && in->opts->jobs > 0 ? in->opts->jobs : 1;
	if (nth > j.nchunks)
		nth = j.nchunks > 0 ? (int)j.nchunks : 1;
	th = ct_xcalloc((size_t)nth, sizeof(*th));
	for (t = 1; t < nth; t++)
		if (pthread_create(&th[t], NULL, worker_thread, &j) != 0)
			break;
	worker(&j);
	nth = t;
	for (t = 1; t < nth; t++)
		pthread_join(th[t], NULL);
	free(th);
	progress(&j, 0, 0, 1);

	if (j.nseen)	/* qsort() and bsearch() take no NULL array */
		qsort(j.seen, j.nseen, sizeof(*j.seen), cmp_seen);
	for (k = 0; k < j.nchunks; k++) {
		if (j.cs[k].scan_end)
			any_chunk = 1;
		if (j.cs[k].damaged)
			need_items = 1;
		if (j.cs[k].slack)
			slack_chunks++;
	}
	if (j.nfailed)
		need_items = 1;
	if (slack_chunks && j.nchunks <= LIB_RECOVER_MAX_CHUNKS)
		need_recovered = 1;
	else if (slack_chunks)
		ct_batch_warn(b, CT_NULL_INT, "%" PRId64 " chunks hold remains "
		    "of deleted records the native decoder cannot read; "
		    "libevtx's recovery is not run on a log of %" PRId64
		    " chunks", slack_chunks, j.nchunks);
	if ((need_items || need_recovered) && !ct_cancelled())
		libevtx_pass(&j, b, need_items, need_recovered);
	if (!any_chunk && !j.records)
		ct_batch_warn(b, EVTX_FILE_HEADER_SIZE, "no readable chunk: "
		    "the log holds no records");
	ct_batch_free(b);
	free(j.cs);
	free(j.failed);
	free(j.seen);
	pthread_mutex_destroy(&j.lock);
	if (ct_cancelled())
		return ct_error_set(err, CT_ERR_CANCELLED, in->path,
		    CT_NO_OFFSET, "interrupted: the %" PRIu64 " records read "
		    "so far are in the case", j.records);
	return CT_OK;
}

/* Every event log in an image, wherever it is (exported ones too). */
static const char *const evtx_image_paths[] = { "*.evtx", NULL };

const struct ct_parser ct_parser_evtx = {
	.abi = CT_PARSER_ABI,
	.name = "evtx",
	.kind = "evtx",
	.summary = "Windows XML event logs (.evtx): every record and field",
	.nested = 1,
	.image_paths = evtx_image_paths,
	.probe = probe,
	.parse = parse,
	.finish = finish,
	.backfill = ct_evtx_backfill,
};
