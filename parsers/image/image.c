/*
 * image.c - disk images through libtsk: volumes, every file and directory
 * (allocated and deleted) with all its times, content hashes, alternate
 * data streams and Zone.Identifier, the USN journal, and the artefacts
 * inside (event logs, Prefetch) handed to their parsers.
 *
 * Follows The Sleuth Kit's C API (tsk_img_open / tsk_vs_open /
 * tsk_fs_open_vol / tsk_fs_dir_walk, as fls(1) uses them). The NTFS
 * attributes read raw ($STANDARD_INFORMATION, $FILE_NAME,
 * Zone.Identifier) are decoded by ntfs-attr.c from the bytes found here.
 *
 * Threads: the walker (the caller's thread) walks the file system and
 * queues files that need their content read (hashing, nested artefacts)
 * to a pool of workers through a bounded queue; everything else is
 * emitted by the walker directly. The sink's writer thread is the only
 * one touching the case file. Memory: the queue holds at most QUEUE_MAX
 * entries, each worker one read buffer, the USN path cache PATH_CACHE
 * slots; nothing grows with the image.
 */
#include "compat.h"

#include <pthread.h>
#include <strings.h>
#include <tsk/libtsk.h>

#include "config.h"	/* CT_SONAME_TSK */

#include "buf.h"
#include "bytes.h"
#include "cancel.h"
#include "dynlib.h"
#include "ewfmeta.h"
#include "hash.h"
#include "ntfs-attr.h"
#include "parser.h"
#include "progress.h"
#include "threadname.h"
#include "timefmt.h"
#include "usn.h"
#include "utf8.h"
#include "xalloc.h"

#define QUEUE_MAX	256		/* files waiting for a worker */
#define READ_CHUNK	(1u << 20)	/* bytes per read when hashing */
#define ZONE_MAX	8192		/* bytes of a Zone.Identifier read */
#define PATH_CACHE	4096		/* directory paths cached for USN records */
#define PATH_DEPTH_MAX	256		/* deeper parent chains are loops */
#define NTFS_ROOT	5		/* MFT entry of the root directory */

/*
 * ---- libtsk, loaded when the first image is read (src/dynlib.h) ----
 * Every libtsk function this file calls goes through T. libewf is loaded
 * first, into the global scope (ewfmeta.c): libtsk and the libyal
 * libraries it uses (libvmdk, libvhdi, libbfio) then bind to libewf's
 * copies of the libyal helpers, and libewf to its own, as when fls(1)
 * links libewf first (doc/image.md, "Libraries").
 */
#define TSK_FUNCS(X) \
	X(tsk_error_reset) \
	X(tsk_error_get) \
	X(tsk_fs_file_close) \
	X(tsk_fs_file_attr_getsize) \
	X(tsk_fs_file_attr_get_idx) \
	X(tsk_fs_close) \
	X(tsk_fs_file_read) \
	X(tsk_fs_file_open_meta) \
	X(tsk_fs_attr_read) \
	X(tsk_vs_part_get) \
	X(tsk_vs_open) \
	X(tsk_vs_close) \
	X(tsk_img_type_toname) \
	X(tsk_img_open_utf8_sing) \
	X(tsk_img_close) \
	X(tsk_fs_type_toname) \
	X(tsk_fs_open_vol) \
	X(tsk_fs_open_img) \
	X(tsk_fs_file_open) \
	X(tsk_fs_dir_walk)

static struct {
#define X(f) __typeof__(f) *f;
	TSK_FUNCS(X)
#undef X
} T;

static const struct ct_dynsym tsk_syms[] = {
#define X(f) { #f, (void **)&T.f },
	TSK_FUNCS(X)
#undef X
	{ NULL, NULL }
};

static struct ct_dynlib tsk_lib = {
	CT_SONAME_TSK, "libtsk19", 0, &ct_ewf_lib, tsk_syms, 0, ""
};

struct img;

/* One volume (partition or whole image) being read. */
struct vol {
	struct img *im;
	TSK_FS_INFO *fs;
	int ntfs;
	const char *fs_type;
	char label[96];			/* "partition 2 (sector 2048)" */
	int64_t offset;			/* byte offset in the image */
	struct ct_input input;		/* parent of nested artefacts */
	struct ct_batch *b;		/* the walker's rows */
	/* USN path resolution: direct-mapped cache of directory paths */
	struct path_slot {
		int64_t inode, seq;
		char *path;
	} *cache;
};

/* A file-system entry ready to be emitted, owning its strings. */
struct fent {
	struct vol *v;
	char *path, *name, *summary, *streams, *zone_ref, *zone_host;
	char locator[48];
	struct ct_record_row rec;
	struct ct_file_row f;
	int64_t ts[9];
	const char *ts_desc[9];
	int nts;
	TSK_INUM_T meta_addr;
	int hash;			/* read and hash the content */
	int nested;			/* hand to the driver (ct_input.nested) */
	int deleted;
};

struct img {
	struct ct_input *in;
	TSK_IMG_INFO *img;
	struct ct_batch *b;		/* rows about the image itself */
	const struct ct_parse_opts *opts;
	/* work queue */
	pthread_mutex_t lock;
	pthread_cond_t not_empty, not_full, idle;
	struct fent *q[QUEUE_MAX];
	size_t qhead, qlen;
	unsigned inflight;		/* queued or being processed */
	int done;
	pthread_t *workers;
	int nworkers;
	enum ct_status db_error;	/* first case-file failure of a worker */
	/* progress (under lock) */
	uint64_t files, bytes;
	uint64_t expect_files;
	struct ct_progress progress;
};

/* ---- small helpers ---- */

static const char *
tsk_msg(void)
{
	const char *m = T.tsk_error_get();

	return m && *m ? m : "unknown libtsk error";
}

static int
ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n >= m && strcasecmp(s + n - m, suffix) == 0;
}

static int
contains_ci(const char *s, const char *needle)
{
	size_t m = strlen(needle);

	for (; *s; s++)
		if (strncasecmp(s, needle, m) == 0)
			return 1;
	return 0;
}

/* FILETIME from libtsk's Unix seconds + nanoseconds; 0 means unset. */
static int64_t
tsk_time(time_t sec, uint32_t nsec)
{
	if (sec == 0 && nsec == 0)
		return 0;
	return ct_time_from_unix((int64_t)sec, (int64_t)nsec);
}

static void
add_time(struct fent *e, int64_t ts, const char *desc)
{
	if (ts > 0 && e->nts < (int)CT_ARRAY_SIZE(e->ts)) {
		e->ts[e->nts] = ts;
		e->ts_desc[e->nts] = desc;
		e->nts++;
	}
}

static void
fent_free(struct fent *e)
{
	if (e == NULL)
		return;
	free(e->path);
	free(e->name);
	free(e->summary);
	free(e->streams);
	free(e->zone_ref);
	free(e->zone_host);
	free(e);
}

static void
fent_emit(struct ct_batch *b, struct fent *e)
{
	int i;

	e->rec.locator = e->locator;
	e->rec.summary = e->summary;
	e->f.path = e->path;
	e->f.name = e->name;
	e->f.streams = e->streams;
	e->f.zone_referrer = e->zone_ref;
	e->f.zone_host_url = e->zone_host;
	ct_batch_record(b, &e->rec);
	/*
	 * One event per distinct time, naming every meaning it has ("SI
	 * created, SI modified, FN created"), as mactime's MACB column
	 * does: a freshly written file's eight NTFS times are usually one
	 * or two instants, and eight identical timeline lines are noise.
	 */
	for (i = 0; i < e->nts; i++) {
		char desc[256];
		size_t len = 0;
		int j, seen = 0;

		for (j = 0; j < i && !seen; j++)
			seen = e->ts[j] == e->ts[i];
		if (seen)
			continue;
		desc[0] = '\0';
		for (j = i; j < e->nts; j++) {
			if (e->ts[j] != e->ts[i])
				continue;
			len += (size_t)snprintf(desc + len, sizeof(desc) - len,
			    "%s%s", len ? ", " : "", e->ts_desc[j]);
			if (len >= sizeof(desc))
				break;	/* cannot happen: 9 short names */
		}
		ct_batch_event(b, e->ts[i], desc);
	}
	ct_batch_file(b, &e->f);
	ct_batch_maybe_flush(b);
}

/* ---- progress ---- */

static void
progress(struct img *im, int final)
{
	double el;
	char eta[32] = "";

	if (!im->opts->progress || !ct_progress_due(&im->progress, final, &el))
		return;
	if (!final && im->expect_files > im->files && im->files > 0)
		snprintf(eta, sizeof(eta), ", ETA %.0f s",
		    (double)(im->expect_files - im->files) /
		    ((double)im->files / el));
	fprintf(stderr, "\rcasetrail: image: %" PRIu64 " files (%.0f/s), "
	    "%.1f MB hashed (%.1f MB/s)%s   %s", im->files,
	    (double)im->files / el, (double)im->bytes / 1e6,
	    (double)im->bytes / 1e6 / el, eta, final ? "\n" : "");
}

/* ---- NTFS attributes: found in libtsk's list, decoded by ntfs-attr.c ---- */

/*
 * The resident content of a, or NULL: the bytes libtsk holds, no more
 * than the attribute's size says.
 */
static const uint8_t *
resident(const TSK_FS_ATTR *a, size_t *len)
{
	if (!(a->flags & TSK_FS_ATTR_RES) || a->rd.buf == NULL || a->size < 0)
		return NULL;
	*len = (uint64_t)a->size < a->rd.buf_size ? (size_t)a->size :
	    a->rd.buf_size;
	return a->rd.buf;
}

/* The $FILE_NAME to use (ct_ntfs_fn_prefer): 1 with *fn set, or 0. */
static int
ntfs_fn(TSK_FS_FILE *ff, struct ct_ntfs_fn *fn)
{
	int i, n = T.tsk_fs_file_attr_getsize(ff), found = 0;

	for (i = 0; i < n; i++) {
		const TSK_FS_ATTR *a = T.tsk_fs_file_attr_get_idx(ff, i);
		struct ct_ntfs_fn cand;
		const uint8_t *p;
		size_t len;

		if (a == NULL || a->type != TSK_FS_ATTR_TYPE_NTFS_FNAME ||
		    (p = resident(a, &len)) == NULL ||
		    ct_ntfs_fn_decode(p, len, &cand) != 0 ||
		    !ct_ntfs_fn_prefer(found ? fn : NULL, &cand))
			continue;
		*fn = cand;
		found = 1;
		if (cand.ns != CT_NTFS_NS_DOS)
			break;		/* a long name: nothing replaces it */
	}
	return found;
}

/* The first readable $STANDARD_INFORMATION: 1 with *t set, or 0. */
static int
ntfs_si(TSK_FS_FILE *ff, struct ct_ntfs_times *t)
{
	int i, n = T.tsk_fs_file_attr_getsize(ff);

	for (i = 0; i < n; i++) {
		const TSK_FS_ATTR *a = T.tsk_fs_file_attr_get_idx(ff, i);
		const uint8_t *p;
		size_t len;

		if (a && a->type == TSK_FS_ATTR_TYPE_NTFS_SI &&
		    (p = resident(a, &len)) != NULL &&
		    ct_ntfs_si_decode(p, len, t) == 0)
			return 1;
	}
	return 0;
}

/*
 * Alternate data streams (named $DATA attributes) into e->streams, and
 * what a Zone.Identifier stream among them says into e's zone fields.
 */
static void
ntfs_streams(struct vol *v, TSK_FS_FILE *ff, struct fent *e)
{
	struct ct_ntfs_streams st;
	struct ct_ntfs_zone z;
	int i, n = T.tsk_fs_file_attr_getsize(ff);

	ct_ntfs_streams_init(&st);
	ct_ntfs_zone_init(&z);
	for (i = 0; i < n; i++) {
		const TSK_FS_ATTR *a = T.tsk_fs_file_attr_get_idx(ff, i);
		size_t want;
		uint8_t *buf;
		ssize_t got;

		if (a == NULL || a->type != TSK_FS_ATTR_TYPE_NTFS_DATA ||
		    !ct_ntfs_streams_add(&st, a->name, (int64_t)a->size))
			continue;
		if (strcasecmp(a->name, "Zone.Identifier") != 0 || a->size <= 0)
			continue;
		want = a->size < ZONE_MAX ? (size_t)a->size : ZONE_MAX;
		buf = ct_xmalloc(want);
		got = T.tsk_fs_attr_read(a, 0, (char *)buf, want,
		    TSK_FS_FILE_READ_FLAG_NONE);
		if (got > 0)
			ct_ntfs_zone_parse(&z, buf, (size_t)got);
		else
			ct_batch_warn(v->b, CT_NULL_INT, "%s, %s: cannot read "
			    "the Zone.Identifier stream of '%s': %s", v->label,
			    e->locator, e->path, tsk_msg());
		T.tsk_error_reset();
		free(buf);
	}
	e->streams = ct_ntfs_streams_finish(&st);
	if (z.zone_id >= 0)
		e->f.zone_id = z.zone_id;
	/* e owns the strings from here: z is not released. */
	e->zone_ref = z.referrer;
	e->zone_host = z.host_url;
}

/* ---- reading file content (workers) ---- */

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
	got = T.tsk_fs_file_read(r->ff, off, buf, n,
	    TSK_FS_FILE_READ_FLAG_NONE);
	if (got < 0)
		T.tsk_error_reset();
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
		ssize_t got = T.tsk_fs_file_read(ff, off, (char *)buf, want,
		    TSK_FS_FILE_READ_FLAG_NONE);

		if (got <= 0) {
			err = got < 0 ? tsk_msg() : "no data";
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
		T.tsk_error_reset();
		e->f.content = off > 0 ? "partial" : "unreadable";
		return;
	}
	T.tsk_error_reset();
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
	TSK_FS_FILE *ff = T.tsk_fs_file_open_meta(e->v->fs, NULL, e->meta_addr);

	if (ff == NULL || ff->meta == NULL) {
		ct_batch_warn(b, CT_NULL_INT, "%s, %s: cannot open '%s': %s",
		    e->v->label, e->locator, e->path, tsk_msg());
		T.tsk_error_reset();
		if (e->hash)
			e->f.content = "unreadable";
		fent_emit(b, e);
	} else {
		if (e->hash)
			hash_entry(im, e, ff, buf, h, b);
		fent_emit(b, e);
		if (e->nested)
			nested_entry(e, ff, b, im);
	}
	if (ff)
		T.tsk_fs_file_close(ff);
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
		fent_free(e);

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

static void
enqueue(struct img *im, struct fent *e)
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

/* Wait until the workers have finished everything queued. */
static void
drain(struct img *im)
{
	pthread_mutex_lock(&im->lock);
	while (im->inflight > 0)
		pthread_cond_wait(&im->idle, &im->lock);
	pthread_mutex_unlock(&im->lock);
}

/* ---- the file-system walk ---- */

static const char *
type_name(TSK_FS_FILE *ff, int use_meta)
{
	if (use_meta && ff->meta) {
		switch (ff->meta->type) {
		case TSK_FS_META_TYPE_REG: return "file";
		case TSK_FS_META_TYPE_DIR: return "dir";
		case TSK_FS_META_TYPE_LNK: return "link";
		default: return "other";
		}
	}
	switch (ff->name->type) {
	case TSK_FS_NAME_TYPE_REG: return "file";
	case TSK_FS_NAME_TYPE_DIR: return "dir";
	case TSK_FS_NAME_TYPE_LNK: return "link";
	default: return "other";
	}
}

static int
is_artefact(const char *path, const char *name)
{
	if (ends_with(name, ".evtx"))
		return 1;
	if (ends_with(name, ".pf") && contains_ci(path, "/Windows/Prefetch/"))
		return 1;
	return 0;
}

static TSK_WALK_RET_ENUM
walk_cb(TSK_FS_FILE *ff, const char *dirpath, void *arg)
{
	struct vol *v = arg;
	struct img *im = v->im;
	const struct ct_parse_opts *o = im->opts;
	TSK_FS_NAME *nm = ff->name;
	TSK_FS_META *m = ff->meta;
	struct fent *e;
	int realloc_ = 0, own_meta;

	if (ct_cancelled())
		return TSK_WALK_STOP;
	if (nm == NULL || nm->name == NULL)
		return TSK_WALK_CONT;
	if (strcmp(nm->name, ".") == 0 || strcmp(nm->name, "..") == 0)
		return TSK_WALK_CONT;

	e = ct_xcalloc(1, sizeof(*e));
	e->v = v;
	e->deleted = (nm->flags & TSK_FS_NAME_FLAG_UNALLOC) != 0;
	/*
	 * A deleted name whose metadata entry now belongs to another file
	 * (fls: "(realloc)"): its times and content are not this file's.
	 * NTFS bumps the sequence number when it frees an entry, so a
	 * deleted name may be one behind the entry it points to.
	 */
	if (e->deleted && m && ((m->flags & TSK_FS_META_FLAG_ALLOC) ||
	    (v->ntfs && m->seq != nm->meta_seq && m->seq != nm->meta_seq + 1)))
		realloc_ = 1;
	own_meta = m != NULL && !realloc_;

	e->path = ct_xasprintf("/%s%s", dirpath ? dirpath : "", nm->name);
	e->name = ct_xstrdup(nm->name);
	e->meta_addr = nm->meta_addr;
	if (v->ntfs)
		snprintf(e->locator, sizeof(e->locator), "MFT %" PRIuINUM
		    "-%" PRIu32, nm->meta_addr, nm->meta_seq);
	else
		snprintf(e->locator, sizeof(e->locator), "inode %" PRIuINUM,
		    nm->meta_addr);
	e->summary = ct_xasprintf("%s%s", e->path, !e->deleted ? "" :
	    realloc_ ? " (deleted, entry reused by another file)" :
	    " (deleted)");

	e->rec.type = "file";
	e->rec.offset = CT_NULL_INT;
	e->rec.flags = e->deleted ? CT_REC_DELETED : 0;
	e->f.fs_type = v->fs_type;
	e->f.inode = (int64_t)nm->meta_addr;
	e->f.seq = v->ntfs ? (int64_t)nm->meta_seq : CT_NULL_INT;
	e->f.parent_inode = (int64_t)nm->par_addr;
	e->f.parent_seq = v->ntfs ? (int64_t)nm->par_seq : CT_NULL_INT;
	e->f.type = type_name(ff, own_meta);
	e->f.size = own_meta ? (int64_t)m->size : CT_NULL_INT;
	e->f.allocated = !e->deleted;
	e->f.si_crtime = e->f.si_mtime = e->f.si_atime = e->f.si_ctime =
	    CT_NULL_INT;
	e->f.fn_crtime = e->f.fn_mtime = e->f.fn_atime = e->f.fn_ctime =
	    CT_NULL_INT;
	e->f.zone_id = CT_NULL_INT;

	/*
	 * libtsk's error state is not checked here: its directory walk
	 * leaves lookup misses ("attribute not found") in it on sound
	 * volumes, so it says nothing about this entry.
	 */
	T.tsk_error_reset();
	if (own_meta && v->ntfs) {
		struct ct_ntfs_times si;
		struct ct_ntfs_fn fn;
		int have_si, have_fn;

		have_si = ntfs_si(ff, &si);
		have_fn = ntfs_fn(ff, &fn);
		/*
		 * Every file record in use has $STANDARD_INFORMATION and
		 * $FILE_NAME; libtsk drops attributes it cannot parse
		 * without an error, so their absence is the sign of damage.
		 */
		if ((!have_si || !have_fn) &&
		    (m->flags & TSK_FS_META_FLAG_ALLOC) &&
		    nm->meta_addr >= 16 && m->type != TSK_FS_META_TYPE_VIRT &&
		    m->type != TSK_FS_META_TYPE_VIRT_DIR) {
			ct_batch_warn(v->b, CT_NULL_INT, "%s, %s ('%s'): MFT "
			    "entry without a readable %s attribute (damaged "
			    "entry)", v->label, e->locator, e->path,
			    !have_si ? "$STANDARD_INFORMATION" : "$FILE_NAME");
			e->rec.flags |= CT_REC_DAMAGED;
		}
		if (have_si) {
			e->f.si_crtime = si.created;
			e->f.si_mtime = si.modified;
			e->f.si_ctime = si.entry_changed;
			e->f.si_atime = si.accessed;
			add_time(e, si.created, "SI created");
			add_time(e, si.modified, "SI modified");
			add_time(e, si.accessed, "SI accessed");
			add_time(e, si.entry_changed, "SI entry changed");
		}
		if (have_fn) {
			e->f.fn_crtime = fn.t.created;
			e->f.fn_mtime = fn.t.modified;
			e->f.fn_ctime = fn.t.entry_changed;
			e->f.fn_atime = fn.t.accessed;
			add_time(e, fn.t.created, "FN created");
			add_time(e, fn.t.modified, "FN modified");
			add_time(e, fn.t.accessed, "FN accessed");
			add_time(e, fn.t.entry_changed, "FN entry changed");
		}
		ntfs_streams(v, ff, e);
	} else if (own_meta) {
		int64_t t;

		t = tsk_time(m->crtime, m->crtime_nano);
		e->f.si_crtime = t ? t : CT_NULL_INT;
		add_time(e, t, "created");
		t = tsk_time(m->mtime, m->mtime_nano);
		e->f.si_mtime = t ? t : CT_NULL_INT;
		add_time(e, t, "modified");
		t = tsk_time(m->atime, m->atime_nano);
		e->f.si_atime = t ? t : CT_NULL_INT;
		add_time(e, t, "accessed");
		t = tsk_time(m->ctime, m->ctime_nano);
		e->f.si_ctime = t ? t : CT_NULL_INT;
		add_time(e, t, "changed");
		if (TSK_FS_TYPE_ISEXT(v->fs->ftype))
			add_time(e, tsk_time(m->time2.ext2.dtime,
			    m->time2.ext2.dtime_nano), "deleted");
	}
	T.tsk_error_reset();

	if (own_meta && m->type == TSK_FS_META_TYPE_REG) {
		if (o->no_hash || (o->hash_max_size > 0 &&
		    m->size > o->hash_max_size)) {
			e->f.content = "not-hashed";
		} else if (m->size > im->img->size) {
			/*
			 * Larger than the whole image: a damaged size field
			 * (or a sparse file); reading it would hash zeros for
			 * hours.
			 */
			ct_batch_warn(v->b, CT_NULL_INT, "%s, %s: '%s' claims %"
			    PRId64 " bytes, more than the image holds; not "
			    "hashed", v->label, e->locator, e->path,
			    (int64_t)m->size);
			e->f.content = "not-hashed";
			e->rec.flags |= CT_REC_DAMAGED;
		} else if (e->deleted && m->size == 0) {
			e->f.content = "unreadable";
		} else {
			e->hash = 1;
		}
		if (m->size > 0 && v->input.nested &&
		    is_artefact(e->path, e->name))
			e->nested = 1;
	}

	pthread_mutex_lock(&im->lock);
	im->files++;
	progress(im, 0);
	pthread_mutex_unlock(&im->lock);

	if (e->hash || e->nested) {
		enqueue(im, e);
	} else {
		fent_emit(v->b, e);
		fent_free(e);
	}
	return TSK_WALK_CONT;
}

/* ---- the USN journal ---- */

struct attr_reader {
	const TSK_FS_ATTR *a;
};

static int64_t
attr_read_at(void *ctx, void *buf, size_t n, int64_t off)
{
	struct attr_reader *r = ctx;
	ssize_t got;

	if (off >= r->a->size)
		return 0;
	got = T.tsk_fs_attr_read(r->a, off, buf, n, TSK_FS_FILE_READ_FLAG_NONE);
	if (got < 0)
		T.tsk_error_reset();
	return got;
}

static void
cache_free(struct vol *v)
{
	size_t i;

	if (v->cache == NULL)
		return;
	for (i = 0; i < PATH_CACHE; i++)
		free(v->cache[i].path);
	free(v->cache);
	v->cache = NULL;
}

/*
 * The path of directory (inode, seq) while the MFT still holds that
 * entry with that sequence number, or NULL. The result is owned by the
 * cache (valid until the next call).
 */
static const char *
dir_path(struct vol *v, int64_t inode, int64_t seq, int depth)
{
	struct path_slot *s;
	TSK_FS_FILE *ff;
	struct ct_ntfs_fn fn;
	struct ct_buf name = CT_BUF_INIT;
	const char *parent;
	char *path = NULL;

	if (inode == NTFS_ROOT)
		return "";
	if (depth > PATH_DEPTH_MAX || inode < 0)
		return NULL;
	s = &v->cache[(uint64_t)inode % PATH_CACHE];
	if (s->path && s->inode == inode && s->seq == seq)
		return s->path;
	ff = T.tsk_fs_file_open_meta(v->fs, NULL, (TSK_INUM_T)inode);
	if (ff == NULL || ff->meta == NULL || (int64_t)ff->meta->seq != seq ||
	    !(ff->meta->flags & TSK_FS_META_FLAG_ALLOC)) {
		T.tsk_error_reset();
		if (ff)
			T.tsk_fs_file_close(ff);
		return NULL;
	}
	if (ntfs_fn(ff, &fn) && fn.parent != inode) {
		ct_utf16le_to_utf8(&name, fn.name, fn.name_units, 0);
		parent = dir_path(v, fn.parent, fn.parent_seq, depth + 1);
		if (parent)
			path = ct_xasprintf("%s/%s", parent, name.buf);
	}
	ct_buf_release(&name);
	T.tsk_fs_file_close(ff);
	if (path == NULL)
		return NULL;
	/* The recursion may have reused this slot: look it up again. */
	s = &v->cache[(uint64_t)inode % PATH_CACHE];
	free(s->path);
	s->inode = inode;
	s->seq = seq;
	s->path = path;
	return path;
}

struct usn_emit {
	struct vol *v;
	struct ct_batch *b;
};

static int
usn_emit(void *arg, const struct ct_usn_rec *r, int64_t off)
{
	struct usn_emit *ue = arg;
	const char *dir = NULL;
	char *path = NULL;

	if (r->major != 4)
		dir = dir_path(ue->v, r->parent_inode, r->parent_seq, 0);
	if (dir) {
		struct ct_buf name = CT_BUF_INIT;

		ct_utf16le_to_utf8(&name, r->name, r->name_units, 0);
		path = ct_xasprintf("%s/%s", dir, name.buf);
		ct_buf_release(&name);
	}
	ct_usn_emit_row(ue->b, r, off, path);
	free(path);
	return 0;
}

static void
read_usn(struct img *im, struct vol *v)
{
	TSK_FS_FILE *ff = T.tsk_fs_file_open(v->fs, NULL, "/$Extend/$UsnJrnl");
	const TSK_FS_ATTR *j = NULL;
	struct ct_source_row src;
	struct usn_emit ue;
	struct attr_reader r;
	int64_t sid, allocated = 0;
	uint64_t n = 0;
	char *loc, *note;
	int i, na;

	if (ff == NULL) {
		T.tsk_error_reset();
		return;		/* no journal on this volume */
	}
	na = T.tsk_fs_file_attr_getsize(ff);
	for (i = 0; i < na; i++) {
		const TSK_FS_ATTR *a = T.tsk_fs_file_attr_get_idx(ff, i);

		if (a && a->type == TSK_FS_ATTR_TYPE_NTFS_DATA && a->name &&
		    strcmp(a->name, "$J") == 0)
			j = a;
	}
	if (j == NULL) {
		ct_batch_warn(v->b, CT_NULL_INT, "%s: $Extend/$UsnJrnl has no "
		    "$J stream", v->label);
		T.tsk_fs_file_close(ff);
		T.tsk_error_reset();
		return;
	}
	loc = ct_xasprintf("%s, MFT %" PRIuINUM "-%" PRIu32, v->label,
	    ff->meta->addr, ff->meta->seq);
	memset(&src, 0, sizeof(src));
	src.parent_id = v->input.source_id;
	src.kind = "usnjrnl";
	src.path = "/$Extend/$UsnJrnl:$J";
	src.locator = loc;
	src.size = (int64_t)j->size;
	src.status = "pending";
	src.parser = "image";
	sid = ct_sink_add_source(im->in->sink, &src);
	free(loc);
	if (sid < 0) {
		T.tsk_fs_file_close(ff);
		return;
	}
	ue.v = v;
	ue.b = ct_batch_new(im->in->sink, sid, "usnjrnl");
	v->cache = ct_xcalloc(PATH_CACHE, sizeof(*v->cache));
	r.a = j;
	/* $J is sparse: only its allocated runs hold records. */
	if (j->flags & TSK_FS_ATTR_RES) {
		allocated = j->size;
		n += ct_usn_scan(attr_read_at, &r, 0, j->size, ue.b, usn_emit,
		    &ue);
	} else {
		const TSK_FS_ATTR_RUN *run;
		int64_t bs = v->fs->block_size;

		for (run = j->nrd.run; run; run = run->next) {
			int64_t s, e;

			/*
			 * Run lists come from evidence: keep the products
			 * below 2^62 (the last run may pass the stream's
			 * size, which is clipped below).
			 */
			if (bs <= 0 || run->offset > ((uint64_t)1 << 62) /
			    (uint64_t)bs || run->len > ((uint64_t)1 << 62) /
			    (uint64_t)bs)
				continue;
			s = (int64_t)run->offset * bs;
			e = s + (int64_t)run->len * bs;
			if (run->flags & (TSK_FS_ATTR_RUN_FLAG_SPARSE |
			    TSK_FS_ATTR_RUN_FLAG_FILLER))
				continue;
			if (e > j->size)
				e = j->size;
			if (s >= e)
				continue;
			allocated += e - s;
			n += ct_usn_scan(attr_read_at, &r, s, e, ue.b,
			    usn_emit, &ue);
		}
	}
	note = ct_xasprintf("%" PRIu64 " records in %" PRId64 " allocated "
	    "bytes of a %" PRId64 "-byte sparse stream; not hashed (see "
	    "the image's hash)", n, allocated, (int64_t)j->size);
	ct_batch_free(ue.b);
	ct_sink_finish_source(im->in->sink, sid, "ok", note, CT_NULL_INT,
	    NULL, NULL, NULL);
	free(note);
	cache_free(v);
	T.tsk_fs_file_close(ff);
	T.tsk_error_reset();
}

/* ---- volumes ---- */

static void
read_volume(struct img *im, TSK_FS_INFO *fs, struct vol *v)
{
	uint64_t warn_before = ct_sink_warnings(im->in->sink);
	struct ct_buf note = CT_BUF_INIT;
	uint64_t files_before = im->files;

	v->fs = fs;
	v->ntfs = TSK_FS_TYPE_ISNTFS(fs->ftype);
	v->fs_type = T.tsk_fs_type_toname(fs->ftype);
	pthread_mutex_lock(&im->lock);
	im->expect_files += fs->inum_count;
	pthread_mutex_unlock(&im->lock);
	T.tsk_error_reset();
	if (T.tsk_fs_dir_walk(fs, fs->root_inum, TSK_FS_DIR_WALK_FLAG_ALLOC |
	    TSK_FS_DIR_WALK_FLAG_UNALLOC | TSK_FS_DIR_WALK_FLAG_RECURSE,
	    walk_cb, v) != 0) {
		if (!ct_cancelled())	/* else stopped on purpose */
			ct_batch_warn(v->b, v->offset, "%s: the directory walk "
			    "stopped early: %s", v->label, tsk_msg());
	} else if (T.tsk_error_get() != NULL && !ct_cancelled())
		ct_batch_warn(v->b, v->offset, "%s: damage met during the "
		    "directory walk: %s", v->label, tsk_msg());
	T.tsk_error_reset();
	drain(im);
	if (v->ntfs && !ct_cancelled())
		read_usn(im, v);
	ct_batch_flush(v->b);
	ct_buf_addf(&note, "%s, %" PRIu64 " entries, block size %u",
	    v->fs_type, im->files - files_before, fs->block_size);
	ct_sink_finish_source(im->in->sink, v->input.source_id,
	    ct_sink_warnings(im->in->sink) > warn_before ? "partial" : "ok",
	    note.buf, CT_NULL_INT, NULL, NULL, NULL);
	ct_buf_release(&note);
}

static int64_t
add_volume_source(struct img *im, const char *label, int64_t size,
    const char *status, const char *note)
{
	struct ct_source_row src;
	char *path = ct_xasprintf("%s, %s", im->in->path, label);
	int64_t id;

	memset(&src, 0, sizeof(src));
	src.parent_id = im->in->source_id;
	src.kind = "volume";
	src.path = path;
	src.locator = label;
	src.size = size;
	src.status = status;
	src.parser = "image";
	src.note = note;
	id = ct_sink_add_source(im->in->sink, &src);
	free(path);
	return id;
}

static void
volume_init(struct img *im, struct vol *v, int64_t source_id)
{
	memset(v, 0, sizeof(*v));
	v->im = im;
	v->input = *im->in;
	v->input.source_id = source_id;
	v->input.path = NULL;
	v->b = ct_batch_new(im->in->sink, source_id, "image");
}

/* Does the partition type say it should hold a file system TSK reads? */
static int
should_have_fs(const char *desc)
{
	static const char *const known[] = {
		"NTFS", "FAT", "Linux (0x83)", "Basic data", "Win95",
		"Linux filesystem", "exFAT",
	};
	size_t i;

	for (i = 0; desc && i < CT_ARRAY_SIZE(known); i++)
		if (contains_ci(desc, known[i]))
			return 1;
	return 0;
}

static void
read_partitions(struct img *im, TSK_VS_INFO *vs)
{
	TSK_PNUM_T i;
	int64_t sector = vs->block_size ? vs->block_size : 512;

	for (i = 0; i < vs->part_count; i++) {
		const TSK_VS_PART_INFO *p = T.tsk_vs_part_get(vs, i);
		char label[96], note[512];
		TSK_FS_INFO *fs;
		struct vol v;
		int64_t id, start, len;

		if (p == NULL || (p->flags & TSK_VS_PART_FLAG_META))
			continue;	/* the partition tables themselves */
		start = (int64_t)p->start * sector;
		len = (int64_t)p->len * sector;
		snprintf(label, sizeof(label), "partition %" PRIuPNUM
		    " (sector %" PRIuDADDR ")", p->addr, p->start);
		if (p->flags & TSK_VS_PART_FLAG_UNALLOC) {
			snprintf(note, sizeof(note), "unallocated space, %"
			    PRIuDADDR " sectors", p->len);
			add_volume_source(im, label, len, "skipped", note);
			continue;
		}
		if (start >= im->img->size || len > im->img->size - start) {
			ct_batch_warn(im->b, start, "%s (%s) extends past the "
			    "end of the image (%" PRId64 " bytes): damaged "
			    "partition table or truncated image", label,
			    p->desc ? p->desc : "?", (int64_t)im->img->size);
		}
		T.tsk_error_reset();
		fs = T.tsk_fs_open_vol(p, TSK_FS_TYPE_DETECT);
		if (fs == NULL) {
			snprintf(note, sizeof(note), "%s: no file system libtsk "
			    "can read (%s)", p->desc ? p->desc : "?",
			    tsk_msg());
			id = add_volume_source(im, label, len, "skipped", note);
			if (should_have_fs(p->desc))
				ct_batch_warn(im->b, start, "%s: %s", label,
				    note);
			T.tsk_error_reset();
			continue;
		}
		id = add_volume_source(im, label, len, "pending", p->desc);
		if (id < 0) {
			T.tsk_fs_close(fs);
			im->db_error = CT_ERR_DB;
			return;
		}
		volume_init(im, &v, id);
		snprintf(v.label, sizeof(v.label), "%s", label);
		v.offset = start;
		read_volume(im, fs, &v);
		ct_batch_free(v.b);
		T.tsk_fs_close(fs);
	}
}

/* ---- the parser ---- */

static void
start_workers(struct img *im)
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

static void
stop_workers(struct img *im)
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

/*
 * The container, from its signature: libtsk's own detection tries every
 * library in turn and leaks the handles of those that refuse the file
 * (libvhdi, libvmdk in libtsk 4.11), so it is done here. A fixed VHD has
 * its "conectix" footer in the last 512 bytes only.
 */
static TSK_IMG_TYPE_ENUM
container_type(struct ct_input *in)
{
	uint8_t h[512];
	int64_t n = in->read_at(in->ctx, h, sizeof(h), 0);

	if (n >= 8 && memcmp(h, "EVF\x09\x0d\x0a\xff\x00", 8) == 0)
		return TSK_IMG_TYPE_EWF_EWF;
	if (n >= 21 && (memcmp(h, "KDMV", 4) == 0 ||
	    memcmp(h, "# Disk DescriptorFile", 21) == 0))
		return TSK_IMG_TYPE_VMDK_VMDK;
	if (n >= 8 && memcmp(h, "conectix", 8) == 0)
		return TSK_IMG_TYPE_VHD_VHD;
	if (in->size >= 1024 && in->read_at(in->ctx, h, sizeof(h),
	    in->size - 512) == 512 && memcmp(h, "conectix", 8) == 0)
		return TSK_IMG_TYPE_VHD_VHD;
	return TSK_IMG_TYPE_RAW;	/* single or split (.001 ...) */
}

/*
 * --verify of an E01 set: its media read and hashed through libewf on a
 * thread of its own, beside the walk (which reads the same set through
 * libtsk's own libewf handle).
 */
struct ewf_check {
	pthread_t thread;
	const char *path;
	struct ct_buf note, problem;
	int rc;
	int running;
};

static void *
ewf_check_main(void *arg)
{
	struct ewf_check *e = arg;

	ct_thread_name("ct-verify");
	e->rc = ct_ewf_verify(e->path, &e->note, &e->problem);
	return NULL;
}

static void
ewf_check_start(struct ewf_check *e, const char *path)
{
	memset(e, 0, sizeof(*e));
	e->path = path;
	ct_buf_init(&e->note, 0);
	ct_buf_init(&e->problem, 0);
	e->running = pthread_create(&e->thread, NULL, ewf_check_main, e) == 0;
	if (!e->running)
		ewf_check_main(e);	/* no thread: verify here and now */
}

/* Wait for it; its result goes to the image's note and warnings. */
static void
ewf_check_finish(struct ewf_check *e, struct img *im, struct ct_buf *note)
{
	if (e->running)
		pthread_join(e->thread, NULL);
	e->running = 0;
	ct_buf_add(note, e->note.buf, e->note.len);
	if (e->rc != 0)
		ct_batch_warn(im->b, CT_NULL_INT, "E01 verification: %s",
		    e->problem.buf);
	ct_sink_finish_source(im->in->sink, im->in->source_id, "pending",
	    note->buf, CT_NULL_INT, NULL, NULL, NULL);
	ct_buf_release(&e->note);
	ct_buf_release(&e->problem);
}

static enum ct_status
image_parse(struct ct_input *in, struct ct_error *err)
{
	struct img im;
	TSK_VS_INFO *vs;
	struct ct_buf note = CT_BUF_INIT;
	struct ewf_check check;
	int verify = 0;
	enum ct_status rc = CT_OK;

	if (in->host_path == NULL)
		return ct_error_set(err, CT_ERR_UNSUPPORTED, in->path,
		    CT_NO_OFFSET, "a disk image inside another source is not "
		    "read");
	if (ct_dynlib_load(&tsk_lib) != 0)
		return ct_error_set(err, CT_ERR_UNSUPPORTED, in->path,
		    CT_NO_OFFSET, "%s", tsk_lib.error);
	memset(&im, 0, sizeof(im));
	im.in = in;
	im.opts = in->opts;
	T.tsk_error_reset();
	im.img = T.tsk_img_open_utf8_sing(in->host_path, container_type(in), 0);
	if (im.img == NULL) {
		rc = ct_error_set(err, CT_ERR_FORMAT, in->path, CT_NO_OFFSET,
		    "libtsk cannot open this disk image: %s", tsk_msg());
		T.tsk_error_reset();
		return rc;
	}
	im.b = ct_batch_new(in->sink, in->source_id, "image");
	ct_progress_start(&im.progress);
	ct_buf_addf(&note, "%s image, media size %" PRId64 " bytes, sector "
	    "size %u; the hash is of the file given (the first segment of a "
	    "split or E01 set)", T.tsk_img_type_toname(im.img->itype),
	    (int64_t)im.img->size, im.img->sector_size);
	if (im.img->itype == TSK_IMG_TYPE_EWF_EWF) {
		verify = im.opts && im.opts->verify;
		ct_ewf_acquisition(in->host_path, verify, &note);
	} else if (im.opts && im.opts->verify) {
		ct_buf_adds(&note, "; --verify: nothing to verify, this kind of "
		    "image stores no acquisition hash");
	}
	ct_sink_finish_source(in->sink, in->source_id, "pending", note.buf,
	    CT_NULL_INT, NULL, NULL, NULL);
	if (verify)
		ewf_check_start(&check, in->host_path);
	start_workers(&im);
	vs = T.tsk_vs_open(im.img, 0, TSK_VS_TYPE_DETECT);
	if (vs != NULL) {
		read_partitions(&im, vs);
		T.tsk_vs_close(vs);
	} else {
		TSK_FS_INFO *fs;

		T.tsk_error_reset();
		fs = T.tsk_fs_open_img(im.img, 0, TSK_FS_TYPE_DETECT);
		if (fs == NULL) {
			rc = ct_error_set(err, CT_ERR_FORMAT, in->path,
			    CT_NO_OFFSET, "no partition table or file system "
			    "libtsk can read: %s", tsk_msg());
			T.tsk_error_reset();
		} else {
			struct vol v;
			int64_t id = add_volume_source(&im, "whole image (no "
			    "partition table)", (int64_t)im.img->size,
			    "pending", NULL);

			if (id >= 0) {
				volume_init(&im, &v, id);
				snprintf(v.label, sizeof(v.label), "whole image "
				    "(no partition table)");
				read_volume(&im, fs, &v);
				ct_batch_free(v.b);
			} else {
				im.db_error = CT_ERR_DB;
			}
			T.tsk_fs_close(fs);
		}
	}
	stop_workers(&im);
	if (verify)
		ewf_check_finish(&check, &im, &note);
	ct_buf_release(&note);
	progress(&im, 1);
	if (rc == CT_OK && ct_cancelled())
		rc = ct_error_set(err, CT_ERR_CANCELLED, in->path, CT_NO_OFFSET,
		    "interrupted: the files walked so far are in the case");
	ct_batch_free(im.b);
	T.tsk_img_close(im.img);
	if (rc == CT_OK && im.db_error != CT_OK)
		rc = ct_error_set(err, CT_ERR_DB, in->path, CT_NO_OFFSET,
		    "cannot write to the case file");
	return rc;
}

/* ---- detection ---- */

/* "name.002", "name.E02": a later segment of a set, never read alone. */
static int
later_segment(const char *name)
{
	size_t n = name ? strlen(name) : 0;
	const char *ext;

	if (n < 4 || name[n - 4] != '.')
		return 0;
	ext = name + n - 3;
	if (ext[0] >= '0' && ext[0] <= '9' && ext[1] >= '0' && ext[1] <= '9' &&
	    ext[2] >= '0' && ext[2] <= '9')
		return strcmp(ext, "001") != 0 && strcmp(ext, "000") != 0;
	if ((ext[0] == 'E' || ext[0] == 'e') && ext[1] >= '0' && ext[1] <= '9' &&
	    ext[2] >= '0' && ext[2] <= '9')
		return !(ext[1] == '0' && ext[2] == '1');
	return 0;
}

static int
image_probe(const uint8_t *h, size_t n, const char *name, int64_t size)
{
	(void)size;
	if (later_segment(name))
		return 0;
	if (n >= 8 && memcmp(h, "EVF\x09\x0d\x0a\xff\x00", 8) == 0)
		return 90;			/* EWF (E01) */
	if (n >= 4 && memcmp(h, "KDMV", 4) == 0)
		return 90;			/* VMDK sparse extent */
	if (n >= 21 && memcmp(h, "# Disk DescriptorFile", 21) == 0)
		return 90;			/* VMDK descriptor */
	if (n >= 8 && memcmp(h, "conectix", 8) == 0)
		return 90;			/* dynamic VHD (footer copy) */
	if (n >= 520 && memcmp(h + 512, "EFI PART", 8) == 0)
		return 80;			/* GPT */
	if (n >= 11 && memcmp(h + 3, "NTFS    ", 8) == 0)
		return 80;			/* NTFS volume */
	if (n >= 1082 && ct_le16(h + 1080) == 0xef53)
		return 70;			/* ext2/3/4 volume */
	if (n >= 90 && (memcmp(h + 54, "FAT1", 4) == 0 ||
	    memcmp(h + 82, "FAT32", 5) == 0))
		return 70;			/* FAT volume */
	if (n >= 512 && h[510] == 0x55 && h[511] == 0xaa)
		return 60;			/* MBR (or another boot sector) */
	if (name && (ends_with(name, ".001") || ends_with(name, ".vhd") ||
	    ends_with(name, ".vmdk") || ends_with(name, ".dd") ||
	    ends_with(name, ".raw") || ends_with(name, ".img")) && n >= 512)
		return 30;			/* a name that says "image" */
	return 0;
}

const struct ct_parser ct_parser_image = {
	CT_PARSER_ABI, "image", "image",
	"disk images (raw, split raw, E01, VMDK, VHD) via libtsk: files, "
	"deleted files, hashes, USN journal, artefacts inside",
	0, image_probe, image_parse,
};
