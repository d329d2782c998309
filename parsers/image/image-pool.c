/*
 * image-pool.c - the image parser's workers (see image-int.h): the files
 * the walk queued are opened again by MFT entry or inode on a worker
 * thread, their content read once to hash it (MD5, SHA-1, SHA-256), and
 * event logs and Prefetch files handed to the ingest driver through
 * ct_input.nested, reading in place through libtsk.
 *
 * The queue is a ring of QUEUE_MAX entries in struct img, under im->lock
 * (which also guards the progress counters): the walker blocks while it
 * is full, so memory is bounded whatever the image holds. Each worker
 * keeps one read buffer, one hasher and one batch for the volume it is on.
 * ct_image_open_path opens a file by its path for the driver (a hive's
 * transaction logs, next to the hive a worker is handing over).
 */
#include "compat.h"

#include "cancel.h"
#include "hash.h"
#include "image-int.h"
#include "threadname.h"
#include "xalloc.h"

#define READ_CHUNK	(1u << 20)	/* bytes per read when hashing */

struct tsk_reader {
	TSK_FS_FILE *ff;
	int64_t size;
	pthread_mutex_t lock;
};

/* read_at over a file inside the image (struct ct_input contract). */
static int64_t
tsk_read_at(void *ctx, void *buf, size_t n, int64_t off)
{
	struct tsk_reader *r = ctx;
	ssize_t got;

	if (off < 0)
		return -1;
	if (off >= r->size || n == 0)
		return 0;
	if ((int64_t)n > r->size - off)
		n = (size_t)(r->size - off);
	pthread_mutex_lock(&r->lock);
	got = ct_tsk.fs_file_read(r->ff, off, buf, n,
	    TSK_FS_FILE_READ_FLAG_NONE);
	if (got < 0)
		ct_tsk.error_reset();
	pthread_mutex_unlock(&r->lock);
	return got < 0 ? -1 : (int64_t)got;
}

static void
hash_entry(struct img *im, struct fent *e, TSK_FS_FILE *ff, uint8_t *buf,
    struct ct_hasher *h, struct ct_batch *b)
{
	struct ct_hashes hx;
	int64_t off = 0, size = e->f.size;
	const char *err = NULL;

	while (off < size && !ct_cancelled()) {
		size_t want = size - off < READ_CHUNK ? (size_t)(size - off) :
		    READ_CHUNK;
		ssize_t got = ct_tsk.fs_file_read(ff, off, (char *)buf, want,
		    TSK_FS_FILE_READ_FLAG_NONE);

		if (got <= 0) {
			err = got < 0 ? ct_tsk_msg() : "no data";
			break;
		}
		ct_hasher_update(h, buf, (size_t)got);
		off += got;
		pthread_mutex_lock(&im->lock);
		im->bytes += (uint64_t)got;
		pthread_mutex_unlock(&im->lock);
	}
	ct_hasher_final(h, &hx);
	if (off < size && ct_cancelled()) {
		e->f.content = "not-hashed";	/* interrupted, not damaged */
		return;
	}
	if (off < size) {
		if (!e->deleted)
			ct_batch_warn(b, CT_NULL_INT, "%s, %s: cannot read '%s' "
			    "at byte %" PRId64 " of %" PRId64 ": %s",
			    e->v->label, e->locator, e->path, off, size, err);
		ct_tsk.error_reset();
		e->f.content = off > 0 ? "partial" : "unreadable";
		return;
	}
	ct_tsk.error_reset();
	{
		/* One allocation holds the three digests; process() frees it. */
		char *all = ct_xasprintf("%s %s %s", hx.md5, hx.sha1, hx.sha256);

		all[32] = '\0';
		all[32 + 1 + 40] = '\0';
		e->f.md5 = all;
		e->f.sha1 = all + 33;
		e->f.sha256 = all + 33 + 41;
	}
	e->f.content = e->deleted ? "recovered" : "allocated";
	if (e->deleted)
		e->rec.flags |= CT_REC_CONTENT_RECOVERED;
}

static void
tsk_reader_close(void *ctx)
{
	struct tsk_reader *r = ctx;

	ct_tsk.fs_file_close(r->ff);
	pthread_mutex_destroy(&r->lock);
	free(r);
}

int
ct_image_open_path(struct ct_input *self, const char *path,
    struct ct_file_reader *out)
{
	/* self is the input member of its struct vol */
	struct vol *v = (struct vol *)(void *)((char *)self -
	    offsetof(struct vol, input));
	TSK_FS_FILE *ff = ct_tsk.fs_file_open(v->fs, NULL, path);
	struct tsk_reader *r;

	if (ff == NULL || ff->meta == NULL ||
	    ff->meta->type != TSK_FS_META_TYPE_REG || ff->meta->size < 0) {
		if (ff)
			ct_tsk.fs_file_close(ff);
		ct_tsk.error_reset();
		return -1;
	}
	r = ct_xcalloc(1, sizeof(*r));
	r->ff = ff;
	r->size = (int64_t)ff->meta->size;
	pthread_mutex_init(&r->lock, NULL);
	out->size = r->size;
	out->read_at = tsk_read_at;
	out->ctx = r;
	out->close = tsk_reader_close;
	return 0;
}

static void
nested_entry(struct fent *e, TSK_FS_FILE *ff, struct ct_batch *b,
    struct img *im)
{
	struct tsk_reader r;
	struct ct_error err = CT_ERROR_INIT;
	struct ct_hashes known;
	char *loc = ct_xasprintf("%s, %s", e->v->label, e->locator);
	int have = 0;
	enum ct_status rc;

	/*
	 * hash_entry() read the whole content and hashed it: the source of
	 * the artefact has the same hashes, no need to read it once more.
	 */
	if (e->f.md5 && e->f.sha1 && e->f.sha256) {
		snprintf(known.md5, sizeof(known.md5), "%s", e->f.md5);
		snprintf(known.sha1, sizeof(known.sha1), "%s", e->f.sha1);
		snprintf(known.sha256, sizeof(known.sha256), "%s",
		    e->f.sha256);
		have = 1;
	}
	r.ff = ff;
	r.size = e->f.size;
	pthread_mutex_init(&r.lock, NULL);
	rc = e->v->input.nested(&e->v->input, e->path, loc, e->f.size,
	    tsk_read_at, &r, have ? &known : NULL, &err);
	if (rc == CT_ERR_DB) {
		pthread_mutex_lock(&im->lock);
		if (im->db_error == CT_OK)
			im->db_error = rc;
		pthread_mutex_unlock(&im->lock);
	} else if (rc != CT_OK) {
		char msg[2200];

		ct_error_format(&err, msg, sizeof(msg));
		ct_batch_warn(b, CT_NULL_INT, "%s: %s", loc, msg);
	}
	pthread_mutex_destroy(&r.lock);
	free(loc);
}

static void
process(struct img *im, struct fent *e, uint8_t *buf, struct ct_hasher *h,
    struct ct_batch *b)
{
	TSK_FS_FILE *ff = ct_tsk.fs_file_open_meta(e->v->fs, NULL,
	    e->meta_addr);

	if (ff == NULL || ff->meta == NULL) {
		ct_batch_warn(b, CT_NULL_INT, "%s, %s: cannot open '%s': %s",
		    e->v->label, e->locator, e->path, ct_tsk_msg());
		ct_tsk.error_reset();
		if (e->hash)
			e->f.content = "unreadable";
		ct_image_fent_emit(b, e);
	} else {
		if (e->hash)
			hash_entry(im, e, ff, buf, h, b);
		ct_image_fent_emit(b, e);
		if (e->nested)
			nested_entry(e, ff, b, im);
	}
	if (ff)
		ct_tsk.fs_file_close(ff);
	free((char *)e->f.md5);
}

static void *
worker(void *arg)
{
	struct img *im = arg;
	uint8_t *buf = ct_xmalloc(READ_CHUNK);
	struct ct_hasher *h = ct_hasher_new();
	struct ct_batch *b = NULL;
	int64_t b_source = -1;

	ct_thread_name("ct-image");
	pthread_mutex_lock(&im->lock);
	for (;;) {
		struct fent *e;

		while (im->qlen == 0 && !im->done)
			pthread_cond_wait(&im->not_empty, &im->lock);
		if (im->qlen == 0 && im->done)
			break;
		e = im->q[im->qhead];
		im->qhead = (im->qhead + 1) % QUEUE_MAX;
		im->qlen--;
		pthread_cond_signal(&im->not_full);
		pthread_mutex_unlock(&im->lock);

		if (b == NULL || b_source != e->v->input.source_id) {
			ct_batch_free(b);
			b = ct_batch_new(im->in->sink, e->v->input.source_id,
			    "image");
			b_source = e->v->input.source_id;
		}
		process(im, e, buf, h, b);
		ct_image_fent_free(e);

		pthread_mutex_lock(&im->lock);
		if (im->qlen == 0) {
			/* Idle soon: let the writer have what we hold. */
			pthread_mutex_unlock(&im->lock);
			ct_batch_flush(b);
			pthread_mutex_lock(&im->lock);
		}
		im->inflight--;
		if (im->inflight == 0)
			pthread_cond_broadcast(&im->idle);
	}
	pthread_mutex_unlock(&im->lock);
	ct_batch_free(b);
	ct_hasher_free(h);
	free(buf);
	return NULL;
}

void
ct_image_pool_add(struct img *im, struct fent *e)
{
	pthread_mutex_lock(&im->lock);
	while (im->qlen == QUEUE_MAX)
		pthread_cond_wait(&im->not_full, &im->lock);
	im->q[(im->qhead + im->qlen) % QUEUE_MAX] = e;
	im->qlen++;
	im->inflight++;
	pthread_cond_signal(&im->not_empty);
	pthread_mutex_unlock(&im->lock);
}

void
ct_image_pool_drain(struct img *im)
{
	pthread_mutex_lock(&im->lock);
	while (im->inflight > 0)
		pthread_cond_wait(&im->idle, &im->lock);
	pthread_mutex_unlock(&im->lock);
}

void
ct_image_pool_init(struct img *im)
{
	int i;

	pthread_mutex_init(&im->lock, NULL);
	pthread_cond_init(&im->not_empty, NULL);
	pthread_cond_init(&im->not_full, NULL);
	pthread_cond_init(&im->idle, NULL);
	im->nworkers = im->opts->jobs > 0 ? im->opts->jobs : 1;
	im->workers = ct_xcalloc((size_t)im->nworkers, sizeof(pthread_t));
	for (i = 0; i < im->nworkers; i++)
		if (pthread_create(&im->workers[i], NULL, worker, im) != 0) {
			if (i == 0) {
				fprintf(stderr, "casetrail: cannot start a "
				    "thread\n");
				abort();
			}
			im->nworkers = i;
			break;
		}
}

void
ct_image_pool_release(struct img *im)
{
	int i;

	pthread_mutex_lock(&im->lock);
	im->done = 1;
	pthread_cond_broadcast(&im->not_empty);
	pthread_mutex_unlock(&im->lock);
	for (i = 0; i < im->nworkers; i++)
		pthread_join(im->workers[i], NULL);
	free(im->workers);
	pthread_cond_destroy(&im->not_empty);
	pthread_cond_destroy(&im->not_full);
	pthread_cond_destroy(&im->idle);
	pthread_mutex_destroy(&im->lock);
}
