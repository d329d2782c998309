/*
 * usn-paths.c - the USN journal of an NTFS volume read through libtsk
 * (see image-int.h): $Extend/$UsnJrnl:$J through its allocated runs only
 * (the stream is sparse), every record decoded by usn.c, and the full
 * path of each record resolved from its parent reference through the MFT
 * while that directory's entry is allocated with the same sequence number.
 *
 * Paths are resolved bottom-up (each directory's $FILE_NAME parent
 * reference, up to the root) and cached in a direct-mapped table of
 * PATH_CACHE slots keyed by MFT entry, a slot replaced on a collision, so
 * memory stays fixed; the table is freed when the journal is done.
 */
#include "compat.h"

#include "cancel.h"
#include "image-int.h"
#include "ntfs-attr.h"
#include "usn.h"
#include "utf8.h"
#include "xalloc.h"

#define PATH_CACHE	4096		/* directory paths cached */
#define PATH_DEPTH_MAX	256		/* deeper parent chains are loops */
#define NTFS_ROOT	5		/* MFT entry of the root directory */

/* read_at over a libtsk attribute ($J), for ct_usn_scan. */
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
	got = ct_tsk.fs_attr_read(r->a, off, buf, n,
	    TSK_FS_FILE_READ_FLAG_NONE);
	if (got < 0)
		ct_tsk.error_reset();
	return got;
}

/* One cached directory path: (inode, seq) while MFT entry inode holds it. */
struct path_slot {
	int64_t inode, seq;
	char *path;
};

/* The journal being read: rows go to b, paths come from v's MFT. */
struct usn_emit {
	struct vol *v;
	struct ct_batch *b;
	struct path_slot *cache;	/* PATH_CACHE slots */
};

static void
cache_release(struct usn_emit *ue)
{
	size_t i;

	if (ue->cache == NULL)
		return;
	for (i = 0; i < PATH_CACHE; i++)
		free(ue->cache[i].path);
	free(ue->cache);
	ue->cache = NULL;
}

/*
 * The path of directory (inode, seq) while the MFT still holds that
 * entry with that sequence number, or NULL. The result is owned by the
 * cache (valid until the next call).
 */
static const char *
dir_path(struct usn_emit *ue, int64_t inode, int64_t seq, int depth)
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
	s = &ue->cache[(uint64_t)inode % PATH_CACHE];
	if (s->path && s->inode == inode && s->seq == seq)
		return s->path;
	ff = ct_tsk.fs_file_open_meta(ue->v->fs, NULL, (TSK_INUM_T)inode);
	if (ff == NULL || ff->meta == NULL || (int64_t)ff->meta->seq != seq ||
	    !(ff->meta->flags & TSK_FS_META_FLAG_ALLOC)) {
		ct_tsk.error_reset();
		if (ff)
			ct_tsk.fs_file_close(ff);
		return NULL;
	}
	if (ct_image_file_name(ff, &fn) && fn.parent != inode) {
		ct_utf8_from_utf16le(&name, fn.name, fn.name_units, 0);
		parent = dir_path(ue, fn.parent, fn.parent_seq, depth + 1);
		if (parent)
			path = ct_xasprintf("%s/%s", parent, name.buf);
	}
	ct_buf_release(&name);
	ct_tsk.fs_file_close(ff);
	if (path == NULL)
		return NULL;
	/* The recursion may have reused this slot: look it up again. */
	s = &ue->cache[(uint64_t)inode % PATH_CACHE];
	free(s->path);
	s->inode = inode;
	s->seq = seq;
	s->path = path;
	return path;
}

static int
usn_emit(void *arg, const struct ct_usn_rec *r, int64_t off)
{
	struct usn_emit *ue = arg;
	const char *dir = NULL;
	char *path = NULL;

	if (r->major != 4)
		dir = dir_path(ue, r->parent_inode, r->parent_seq, 0);
	if (dir) {
		struct ct_buf name = CT_BUF_INIT;

		ct_utf8_from_utf16le(&name, r->name, r->name_units, 0);
		path = ct_xasprintf("%s/%s", dir, name.buf);
		ct_buf_release(&name);
	}
	ct_usn_emit_row(ue->b, r, off, path);
	free(path);
	return 0;
}

void
ct_image_read_usn(struct img *im, struct vol *v)
{
	TSK_FS_FILE *ff = ct_tsk.fs_file_open(v->fs, NULL, "/$Extend/$UsnJrnl");
	const TSK_FS_ATTR *j = NULL;
	struct ct_source_row src;
	struct usn_emit ue;
	struct attr_reader r;
	int64_t sid, allocated = 0;
	uint64_t n = 0;
	char *loc, *note;
	int i, na;

	if (ff == NULL) {
		ct_tsk.error_reset();
		return;		/* no journal on this volume */
	}
	na = ct_tsk.fs_file_attr_getsize(ff);
	for (i = 0; i < na; i++) {
		const TSK_FS_ATTR *a = ct_tsk.fs_file_attr_get_idx(ff, i);

		if (a && a->type == TSK_FS_ATTR_TYPE_NTFS_DATA && a->name &&
		    strcmp(a->name, "$J") == 0)
			j = a;
	}
	if (j == NULL) {
		ct_batch_warn(v->b, CT_NULL_INT, "%s: $Extend/$UsnJrnl has no "
		    "$J stream", v->label);
		ct_tsk.fs_file_close(ff);
		ct_tsk.error_reset();
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
		ct_tsk.fs_file_close(ff);
		return;
	}
	ue.v = v;
	ue.b = ct_batch_new(im->in->sink, sid, "usnjrnl");
	ue.cache = ct_xcalloc(PATH_CACHE, sizeof(*ue.cache));
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
	ct_sink_finish_source(im->in->sink, sid, ct_cancelled() ? "interrupted" :
	    "ok", note, CT_NULL_INT, NULL, NULL, NULL);
	free(note);
	cache_release(&ue);
	ct_tsk.fs_file_close(ff);
	ct_tsk.error_reset();
}
