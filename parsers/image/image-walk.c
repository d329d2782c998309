/*
 * image-walk.c - the directory walk of one volume (see image-int.h):
 * every name libtsk's recursive walk reports, allocated and deleted, as
 * fls -r -p lists them, with its times (NTFS: $STANDARD_INFORMATION and
 * $FILE_NAME read raw, ntfs-attr.c), alternate data streams and
 * Zone.Identifier. An entry whose content must be read (hashing, nested
 * artefacts) goes to the pool; every other one is emitted here, on the
 * walker's thread.
 */
#include "compat.h"

#include "cancel.h"
#include "image-int.h"
#include "ntfs-attr.h"
#include "timefmt.h"
#include "xalloc.h"

#define ZONE_MAX	8192		/* bytes of a Zone.Identifier read */

/* ---- entries ---- */

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

void
ct_image_fent_free(struct fent *e)
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

void
ct_image_fent_emit(struct ct_batch *b, struct fent *e)
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

int
ct_image_file_name(TSK_FS_FILE *ff, struct ct_ntfs_fn *fn)
{
	int i, n = ct_tsk.fs_file_attr_getsize(ff), found = 0;

	for (i = 0; i < n; i++) {
		const TSK_FS_ATTR *a = ct_tsk.fs_file_attr_get_idx(ff, i);
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
	int i, n = ct_tsk.fs_file_attr_getsize(ff);

	for (i = 0; i < n; i++) {
		const TSK_FS_ATTR *a = ct_tsk.fs_file_attr_get_idx(ff, i);
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
	int i, n = ct_tsk.fs_file_attr_getsize(ff);

	ct_ntfs_streams_init(&st);
	ct_ntfs_zone_init(&z);
	for (i = 0; i < n; i++) {
		const TSK_FS_ATTR *a = ct_tsk.fs_file_attr_get_idx(ff, i);
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
		got = ct_tsk.fs_attr_read(a, 0, (char *)buf, want,
		    TSK_FS_FILE_READ_FLAG_NONE);
		if (got > 0)
			ct_ntfs_zone_parse(&z, buf, (size_t)got);
		else
			ct_batch_warn(v->b, CT_NULL_INT, "%s, %s: cannot read "
			    "the Zone.Identifier stream of '%s': %s", v->label,
			    e->locator, e->path, ct_tsk_msg());
		ct_tsk.error_reset();
		free(buf);
	}
	e->streams = ct_ntfs_streams_finish(&st);
	if (z.zone_id >= 0)
		e->f.zone_id = z.zone_id;
	/* e owns the strings from here: z is not released. */
	e->zone_ref = z.referrer;
	e->zone_host = z.host_url;
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
	 * A name whose MFT record is damaged (mft-check.c warned about it):
	 * the name is evidence, what libtsk made of the record is not.
	 */
	if (v->ntfs && ct_image_entry_damaged(v, (int64_t)nm->meta_addr)) {
		free(e->summary);
		e->summary = ct_xasprintf("%s (damaged MFT entry %" PRIuINUM
		    ")", e->path, nm->meta_addr);
		e->rec.flags |= CT_REC_DAMAGED;
		e->f.type = NULL;
		e->f.size = CT_NULL_INT;
		e->f.content = "unreadable";
		ct_image_fent_emit(v->b, e);
		ct_image_fent_free(e);
		pthread_mutex_lock(&im->lock);
		im->files++;
		pthread_mutex_unlock(&im->lock);
		return TSK_WALK_CONT;
	}

	/*
	 * libtsk's error state is not checked here: its directory walk
	 * leaves lookup misses ("attribute not found") in it on sound
	 * volumes, so it says nothing about this entry.
	 */
	ct_tsk.error_reset();
	if (own_meta && v->ntfs) {
		struct ct_ntfs_times si;
		struct ct_ntfs_fn fn;
		int have_si, have_fn;

		have_si = ntfs_si(ff, &si);
		have_fn = ct_image_file_name(ff, &fn);
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
	ct_tsk.error_reset();

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
		    ct_parser_claims_image_path(e->path, e->name))
			e->nested = 1;
	}

	pthread_mutex_lock(&im->lock);
	im->files++;
	ct_image_progress(im, 0);
	pthread_mutex_unlock(&im->lock);

	if (e->hash || e->nested) {
		ct_image_pool_add(im, e);
	} else {
		ct_image_fent_emit(v->b, e);
		ct_image_fent_free(e);
	}
	return TSK_WALK_CONT;
}

void
ct_image_walk(struct vol *v)
{
	TSK_FS_INFO *fs = v->fs;

	ct_tsk.error_reset();
	if (ct_tsk.fs_dir_walk(fs, fs->root_inum, TSK_FS_DIR_WALK_FLAG_ALLOC |
	    TSK_FS_DIR_WALK_FLAG_UNALLOC | TSK_FS_DIR_WALK_FLAG_RECURSE,
	    walk_cb, v) != 0) {
		if (!ct_cancelled())	/* else stopped on purpose */
			ct_batch_warn(v->b, v->offset, "%s: the directory walk "
			    "stopped early: %s", v->label, ct_tsk_msg());
	} else if (ct_tsk.error_get() != NULL && !ct_cancelled())
		ct_batch_warn(v->b, v->offset, "%s: damage met during the "
		    "directory walk: %s", v->label, ct_tsk_msg());
	ct_tsk.error_reset();
}
