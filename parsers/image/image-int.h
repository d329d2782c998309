/*
 * image-int.h - the pieces of the disk-image parser and how they fit
 * together.
 *
 *  - image.c, the parser: detection, opening the image, its partitions
 *    and volumes, progress; for each volume it runs the walk, waits for
 *    the pool, then reads the USN journal;
 *  - tsk-lib.c, the libtsk functions, loaded on first use (ct_tsk);
 *  - image-walk.c, the directory walk: one struct fent per name with its
 *    times, streams and Zone.Identifier, emitted at once or, when its
 *    content must be read, queued to the pool;
 *  - ntfs-attr.c, the NTFS attribute decoder: pure functions over the
 *    bytes image-walk.c finds in libtsk's attributes (no libtsk types);
 *  - image-pool.c, the workers: they read the queued files' content to
 *    hash it, and hand event logs and Prefetch files to the ingest
 *    driver (ct_input.nested);
 *  - usn-paths.c, the USN journal ($UsnJrnl:$J, decoded by usn.c) with
 *    each record's parent directory resolved to a path through the MFT;
 *  - image-ewf.c, the container type and the E01 --verify thread (the
 *    acquisition metadata itself: ewfmeta.c).
 *
 * Threads: the walker (the caller's thread) walks the file system and
 * queues files that need their content read to the pool through a
 * bounded queue; everything else is emitted by the walker directly. The
 * sink's writer thread is the only one touching the case file. Memory:
 * the queue holds at most QUEUE_MAX entries, each worker one read buffer,
 * the USN path cache a fixed number of slots; nothing grows with the
 * image.
 *
 * Follows The Sleuth Kit's C API (tsk_img_open / tsk_vs_open /
 * tsk_fs_open_vol / tsk_fs_dir_walk, as fls(1) uses them).
 */
#ifndef CT_IMAGE_INT_H
#define CT_IMAGE_INT_H

#include "compat.h"

#include <pthread.h>
#include <strings.h>

#include "buf.h"
#include "parser.h"
#include "progress.h"
#include "tsk-lib.h"

#define QUEUE_MAX	256		/* files waiting for a worker */

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
	int64_t *damaged;		/* NTFS: damaged MFT entries, sorted */
	size_t ndamaged, adamaged;	/* (mft-check.c; freed with the volume) */
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

/* One image being read. */
struct img {
	struct ct_input *in;
	TSK_IMG_INFO *img;
	struct ct_batch *b;		/* rows about the image itself */
	const struct ct_parse_opts *opts;
	/* work queue (image-pool.c) */
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

/* Does s end with suffix, or contain needle (ASCII case ignored)? */
static inline int
ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n >= m && strcasecmp(s + n - m, suffix) == 0;
}

static inline int
contains_ci(const char *s, const char *needle)
{
	size_t m = strlen(needle);

	for (; *s; s++)
		if (strncasecmp(s, needle, m) == 0)
			return 1;
	return 0;
}

/*
 * image.c: the progress line on stderr, if due; the walker calls it with
 * im->lock held, the parser once more at the end (final, workers gone).
 */
void ct_image_progress(struct img *im, int final);

/*
 * image-walk.c. Walk v's directory tree from the root, allocated and
 * deleted names, emitting or queueing every entry; damage and an early
 * stop become warnings on v->b. Returns when the walk is done (queued
 * entries may still be in the pool).
 */
void ct_image_walk(struct vol *v);

/*
 * mft-check.c. Before the walk of an NTFS volume: check every record of
 * its $MFT, warn on v->b about each damaged one (entry and byte offset in
 * the volume) and note it in v->damaged, for ct_image_entry_damaged().
 * Nothing for other file systems.
 */
void ct_image_mft_check(struct vol *v);
int ct_image_entry_damaged(const struct vol *v, int64_t entry);

/*
 * Emit e's record, events and file row on b (the batch copies what it
 * keeps); ct_image_fent_free frees e and its strings.
 */
void ct_image_fent_emit(struct ct_batch *b, struct fent *e);
void ct_image_fent_free(struct fent *e);

/*
 * The $FILE_NAME to use of NTFS file ff (ct_ntfs_fn_prefer) into *fn,
 * whose name points into libtsk's copy of the attribute (valid while ff
 * is open). Returns 1, or 0 if ff has no readable one.
 */
struct ct_ntfs_fn;
int ct_image_file_name(TSK_FS_FILE *ff, struct ct_ntfs_fn *fn);

/*
 * image-pool.c. _init starts the workers (--jobs, at least one);
 * _release lets them finish the queue and joins them. ct_image_pool_add
 * hands e to the pool (which frees it), waiting while the queue is full;
 * ct_image_pool_drain waits until everything queued is done.
 */
void ct_image_pool_init(struct img *im);
void ct_image_pool_release(struct img *im);
void ct_image_pool_add(struct img *im, struct fent *e);
void ct_image_pool_drain(struct img *im);

/*
 * usn-paths.c. The USN journal of NTFS volume v, if it has one: a source
 * of its own under the volume, a row per record with the full path when
 * its parent directory is still in the MFT.
 */
void ct_image_read_usn(struct img *im, struct vol *v);

/* image-ewf.c. The container libtsk should open in (from its signature). */
TSK_IMG_TYPE_ENUM ct_image_container_type(struct ct_input *in);

/*
 * --verify of an E01 set: its media read and hashed through libewf on a
 * thread of its own, beside the walk (which reads the same set through
 * libtsk's own libewf handle). _start runs it (at once, on this thread,
 * if no thread can be started); _finish waits for it and adds its result
 * to note and the image's source row, a problem as a warning on im->b.
 */
struct ewf_check {
	pthread_t thread;
	const char *path;
	struct ct_buf note, problem;
	int rc;
	int running;
};

void ct_image_ewf_check_start(struct ewf_check *e, const char *path);
void ct_image_ewf_check_finish(struct ewf_check *e, struct img *im,
    struct ct_buf *note);

#endif
