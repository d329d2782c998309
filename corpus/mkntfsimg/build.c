/*
 * build.c - the builder proper: mount the formatted image with libntfs-3g, then replay the
 * manifest as a time-ordered list of events (create, delete, journal-only rename), with the
 * fake clock set to each event's time so that directory times and every other stamp
 * libntfs-3g writes follow the story. Finally write the USN journal and unmount.
 */
#define _GNU_SOURCE
#include "build.h"
#include "fakeclock.h"
#include "ntfsops.h"
#include "pathmap.h"
#include "usn.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum ev_kind { EV_CREATE, EV_DELETE, EV_RENAME, EV_JOURNAL };

struct event {
	int64_t time;
	enum ev_kind kind;
	size_t entry;
	size_t order;
	size_t jrec;
};

struct builder {
	struct manifest *m;
	ntfs_volume *vol;
	struct pathmap dirs;
	struct pathmap files; /* lower-case path -> reference of the file created there last */
	struct usn_log usn;
	uint64_t usnjrnl_mref;
	int verbose;
	uint64_t *held;       /* records of deleted files, released at the end */
	size_t n_held, cap_held;
};

static int cmp_event(const void *a, const void *b)
{
	const struct event *x = a, *y = b;
	if (x->time != y->time)
		return x->time < y->time ? -1 : 1;
	return x->order < y->order ? -1 : x->order > y->order;
}

static const char *base_name(const char *path)
{
	const char *s = strrchr(path, '/');
	return s ? s + 1 : path;
}

static size_t entry_index(const struct builder *b, const struct entry *e)
{
	return (size_t)(e - b->m->entries);
}

static ntfs_inode *open_ref(struct builder *b, uint64_t mref)
{
	ntfs_inode *ni = ntfs_inode_open(b->vol, MREF(mref));
	if (!ni)
		fprintf(stderr, "mkntfsimg: cannot open inode %llu: %s\n",
			(unsigned long long)MREF(mref), strerror(errno));
	return ni;
}

static void all4(int64_t t[4], int64_t v)
{
	t[0] = t[1] = t[2] = t[3] = v;
}

/* Find or create (with the current clock) the directory path; returns 0 and its reference. */
static int ensure_dir(struct builder *b, const char *path, uint64_t *mref)
{
	if (!pathmap_get(&b->dirs, path, mref))
		return 0;
	char *parent = strdup(path);
	if (!parent)
		return -1;
	char *slash = strrchr(parent, '/');
	const char *name = path;
	uint64_t pref;
	int rc = -1;
	if (slash) {
		*slash = '\0';
		name = slash + 1;
		if (ensure_dir(b, parent, &pref))
			goto out;
	} else {
		pref = FILE_root;
		name = path;
	}
	ntfs_inode *dir = open_ref(b, pref);
	if (!dir)
		goto out;
	ntfs_inode *ni = nops_create(dir, name + (slash ? 0 : 0), 1);
	if (ni) {
		int64_t t[4];
		all4(t, fakeclock_get());
		if (!nops_set_times(ni, dir, t, t, 0)) {
			*mref = nops_mref(ni);
			rc = pathmap_put(&b->dirs, path, *mref);
		}
		if (ntfs_inode_close_in_dir(ni, dir))
			rc = -1;
	}
	if (ntfs_inode_close(dir))
		rc = -1;
out:
	free(parent);
	return rc;
}

static int parent_of(struct builder *b, const char *path, uint64_t *pref)
{
	const char *slash = strrchr(path, '/');
	if (!slash) {
		*pref = FILE_root;
		return 0;
	}
	char *parent = strndup(path, (size_t)(slash - path));
	if (!parent)
		return -1;
	int rc = ensure_dir(b, parent, pref);
	free(parent);
	return rc;
}

static void lower_ascii(char *s)
{
	for (; *s; s++)
		if (*s >= 'A' && *s <= 'Z')
			*s = (char)(*s - 'A' + 'a');
}

/* \VOLUME{...}\WINDOWS\SYSTEM32\NTDLL.DLL -> reference of windows/system32/ntdll.dll, or 0 */
static uint64_t resolve_volume_path(void *ctx, const char *vpath)
{
	struct builder *b = ctx;
	const char *p = strchr(vpath, '}');
	uint64_t ref = 0;
	if (!p || p[1] != '\\')
		return 0;
	char *key = strdup(p + 2);
	if (!key)
		return 0;
	for (char *q = key; *q; q++)
		if (*q == '\\')
			*q = '/';
	lower_ascii(key);
	if (pathmap_get(&b->files, key, &ref))
		ref = 0;
	free(key);
	return ref;
}

static int write_data(struct builder *b, ntfs_inode *ni, struct entry *e)
{
	if (e->data.kind != CONTENT_PREFETCH)
		return nops_write(ni, NULL, &e->data, e->path);
	struct content c = {.kind = CONTENT_TEXT};
	unsigned char *bytes;
	if (manifest_prefetch_bytes(&e->data, e->path, resolve_volume_path, b, &bytes, &c.text_len))
		return -1;
	c.text = (char *)bytes;
	int rc = nops_write(ni, NULL, &c, e->path);
	free(bytes);
	return rc;
}

static int ev_create(struct builder *b, struct entry *e)
{
	uint64_t pref;
	int rc = -1;
	if (parent_of(b, e->path, &pref))
		return -1;
	ntfs_inode *dir = open_ref(b, pref), *ni = NULL;
	if (!dir)
		return -1;
	uint64_t existing;
	int existed = e->is_dir && !pathmap_get(&b->dirs, e->path, &existing);
	const char *name = base_name(e->path);
	const char *usn_name = e->rename_from ? e->rename_from : name;
	ni = existed ? open_ref(b, existing) : nops_create(dir, name, e->is_dir);
	if (!ni)
		goto out;
	int64_t si[4], fn[4];
	if (e->has_si)
		memcpy(si, e->si, sizeof(si));
	else
		all4(si, fakeclock_get());
	if (e->has_fn)
		memcpy(fn, e->fn, sizeof(fn));
	else
		all4(fn, si[T_CREATED]);
	uint32_t attrs = e->attrs | (e->is_dir ? 0 : 0x20u /* ARCHIVE, as Windows sets on new files */);
	if (!e->is_dir) {
		if (write_data(b, ni, e))
			goto out;
		for (size_t i = 0; i < e->n_ads; i++)
			if (nops_write(ni, e->ads[i].name, &e->ads[i].data, e->path))
				goto out;
	}
	if (nops_set_times(ni, dir, si, fn, attrs))
		goto out;
	e->mref = nops_mref(ni);
	e->parent_mref = nops_mref(dir);
	e->final_attrs = le32_to_cpu(ni->flags) & 0xffffu;
	if (e->is_dir && pathmap_put(&b->dirs, e->path, e->mref))
		goto out;
	if (!e->is_dir) {
		char *key = strdup(e->path);
		int bad = !key;
		if (key) {
			lower_ascii(key);
			bad = pathmap_put(&b->files, key, e->mref);
			free(key);
		}
		if (bad)
			goto out;
	}
	if (e->usn && !existed) {
		uint32_t r = USN_FILE_CREATE;
		uint64_t size = 0;
		size_t idx = entry_index(b, e);
		if (nops_content_size(&e->data, &size))
			goto out;
		int fail = usn_add(&b->usn, si[T_CREATED], e->mref, e->parent_mref, r, e->final_attrs,
				   usn_name, idx);
		if (size) {
			r |= USN_DATA_EXTEND;
			fail |= usn_add(&b->usn, si[T_CREATED], e->mref, e->parent_mref, r,
					e->final_attrs, usn_name, idx);
		}
		if (e->n_ads) {
			r |= USN_NAMED_DATA_EXTEND | USN_STREAM_CHANGE;
			fail |= usn_add(&b->usn, si[T_CREATED], e->mref, e->parent_mref, r,
					e->final_attrs, usn_name, idx);
		}
		int64_t close_t = si[T_MODIFIED] > si[T_CREATED] ? si[T_MODIFIED] : si[T_CREATED];
		fail |= usn_add(&b->usn, close_t, e->mref, e->parent_mref, r | USN_CLOSE, e->final_attrs,
				usn_name, idx);
		if (fail)
			goto out;
	}
	if (b->verbose)
		fprintf(stderr, "create %s -> %llu-%u\n", e->path, (unsigned long long)MREF(e->mref),
			(unsigned)MSEQNO(e->mref));
	rc = 0;
out:
	if (ni && ntfs_inode_close_in_dir(ni, dir))
		rc = -1;
	if (ntfs_inode_close(dir))
		rc = -1;
	return rc;
}

static int ev_delete(struct builder *b, struct entry *e)
{
	if (e->is_dir) {
		fprintf(stderr, "mkntfsimg: %s: only files can be deleted\n", e->path);
		return -1;
	}
	ntfs_inode *dir = open_ref(b, e->parent_mref);
	if (!dir)
		return -1;
	ntfs_inode *ni = open_ref(b, e->mref);
	int keep = !b->m->reuse_mft_records;
	if (keep && b->n_held == b->cap_held) {
		size_t cap = b->cap_held ? b->cap_held * 2 : 64;
		uint64_t *n = realloc(b->held, cap * sizeof(*n));
		if (!n)
			keep = -1;
		else {
			b->held = n;
			b->cap_held = cap;
		}
	}
	int rc = ni && keep >= 0 ? nops_delete_keep(b->vol, ni, dir, !keep) : -1;
	if (!rc && keep)
		b->held[b->n_held++] = MREF(e->mref);
	if (ntfs_inode_close(dir))
		rc = -1;
	if (!rc && e->usn)
		rc = usn_add(&b->usn, e->deleted, e->mref, e->parent_mref, USN_FILE_DELETE | USN_CLOSE,
			     e->final_attrs, base_name(e->path), entry_index(b, e));
	if (b->verbose)
		fprintf(stderr, "delete %s\n", e->path);
	return rc;
}

static int ev_rename(struct builder *b, struct entry *e)
{
	/* journal-only: the image holds the final name; the journal tells the story */
	if (!e->usn)
		return 0;
	int fail = usn_add(&b->usn, e->renamed, e->mref, e->parent_mref, USN_RENAME_OLD_NAME,
			   e->final_attrs, e->rename_from, entry_index(b, e));
	fail |= usn_add(&b->usn, e->renamed, e->mref, e->parent_mref, USN_RENAME_NEW_NAME,
			e->final_attrs, base_name(e->path), entry_index(b, e));
	fail |= usn_add(&b->usn, e->renamed, e->mref, e->parent_mref, USN_RENAME_NEW_NAME | USN_CLOSE,
			e->final_attrs, base_name(e->path), entry_index(b, e));
	return fail ? -1 : 0;
}

static int ev_journal(struct builder *b, struct entry *e, const struct jrec *j)
{
	if (!e->mref) {
		fprintf(stderr, "mkntfsimg: %s: journal record before the file exists\n", e->path);
		return -1;
	}
	return usn_add(&b->usn, j->at, e->mref, e->parent_mref, j->reasons, e->final_attrs,
		       j->name ? j->name : base_name(e->path), entry_index(b, e));
}

/* Stamp the metadata files mkntfs made (it ran with -T: 1970) with the format time.
 * Records 0..26 are what mkntfs writes; 12..23 are reserved and empty. */
static int stamp_system_files(struct builder *b)
{
	ntfs_volume *vol = b->vol;
	int64_t t[4];
	all4(t, b->m->format_time);
	for (u64 i = 0; i <= 26; i++) {
		ntfs_inode *held = NULL, *ni, *dir;
		int rc = 0;
		if (i >= 12 && i < 24)
			continue;
		switch (i) {
		case FILE_MFT: held = vol->mft_ni; break;
		case FILE_MFTMirr: held = vol->mftmirr_ni; break;
		case FILE_Volume: held = vol->vol_ni; break;
		case FILE_Bitmap: held = vol->lcnbmp_ni; break;
		case FILE_Secure: held = vol->secure_ni; break;
		default: break;
		}
		dir = open_ref(b, i < FILE_first_user ? FILE_root : FILE_Extend);
		if (!dir)
			return -1;
		ni = held ? held : i == FILE_root ? dir : open_ref(b, i);
		if (!ni) {
			ntfs_inode_close(dir);
			return -1;
		}
		/* Windows marks the metadata files hidden + system */
		if (nops_set_times(ni, dir, t, t, i == FILE_root ? 0x06 : 0x06))
			rc = -1;
		if (!held && ni != dir && ntfs_inode_close_in_dir(ni, dir))
			rc = -1;
		if (ntfs_inode_close(dir))
			rc = -1;
		/* inodes the volume keeps open are written now, while their
		 * attributes are still open ($MFTMirr cannot be synced at unmount) */
		if (held && ntfs_inode_sync(held))
			rc = -1;
		if (rc)
			return -1;
	}
	return 0;
}

static int create_usnjrnl(struct builder *b)
{
	struct usn_cfg *u = &b->m->usn;
	fakeclock_set(u->journal_id);
	ntfs_inode *ext = open_ref(b, FILE_Extend);
	if (!ext)
		return -1;
	int rc = -1;
	ntfs_inode *ni = nops_create(ext, "$UsnJrnl", 0);
	if (!ni)
		goto out;
	unsigned char max[32];
	ntfschar jname[2] = {const_cpu_to_le16('$'), const_cpu_to_le16('J')};
	ntfschar mname[4] = {const_cpu_to_le16('$'), const_cpu_to_le16('M'), const_cpu_to_le16('a'),
			     const_cpu_to_le16('x')};
	usn_max(max, u->max_size, u->allocation_delta, (uint64_t)u->journal_id, u->first_usn);
	if (ntfs_attr_remove(ni, AT_DATA, AT_UNNAMED, 0) ||
	    ntfs_attr_add(ni, AT_DATA, mname, 4, max, sizeof(max)) ||
	    ntfs_attr_add(ni, AT_DATA, jname, 2, NULL, 0)) {
		fprintf(stderr, "mkntfsimg: cannot build $UsnJrnl: %s\n", strerror(errno));
		goto close;
	}
	int64_t t[4];
	all4(t, u->journal_id);
	uint32_t attrs = 0x26 | (u->first_usn ? 0x200u : 0);
	if (nops_set_times(ni, ext, t, t, attrs))
		goto close;
	b->usnjrnl_mref = nops_mref(ni);
	rc = 0;
close:
	if (ntfs_inode_close_in_dir(ni, ext))
		rc = -1;
out:
	if (ntfs_inode_close(ext))
		rc = -1;
	return rc;
}

/*
 * Windows keeps in $STANDARD_INFORMATION.usn the USN of the last record written for the
 * file. Live files are updated through libntfs-3g; the records of deleted files are no
 * longer in use, so their SI is patched in the raw record (only if the record still is the
 * one the entry left behind: sequence number one higher, not in use).
 */
static int set_si_usns(struct builder *b)
{
	size_t n = b->m->n_entries;
	uint64_t *last = calloc(n + 1, sizeof(*last));
	if (!last)
		return -1;
	for (size_t i = 0; i < b->usn.n; i++) {
		const struct usn_event *ev = &b->usn.ev[i];
		if (ev->owner < n && ev->usn > last[ev->owner])
			last[ev->owner] = ev->usn;
	}
	int rc = 0;
	for (size_t i = 0; i < n && !rc; i++) {
		struct entry *e = &b->m->entries[i];
		if (!last[i] || !e->mref)
			continue;
		if (!e->is_deleted) {
			ntfs_inode *ni = open_ref(b, e->mref);
			if (!ni)
				rc = -1;
			else {
				ni->usn = cpu_to_le64(last[i]);
				ntfs_inode_mark_dirty(ni);
				if (ntfs_inode_close(ni))
					rc = -1;
			}
			continue;
		}
		MFT_RECORD *m = NULL;
		if (ntfs_file_record_read(b->vol, MREF(e->mref), &m, NULL)) {
			rc = -1;
			continue;
		}
		if (!(m->flags & MFT_RECORD_IN_USE) &&
		    le16_to_cpu(m->sequence_number) == (uint16_t)(MSEQNO(e->mref) + 1)) {
			u32 off = le16_to_cpu(m->attrs_offset);
			while (off + sizeof(ATTR_RECORD) <= b->vol->mft_record_size) {
				ATTR_RECORD *a = (ATTR_RECORD *)((u8 *)m + off);
				u32 alen = le32_to_cpu(a->length);
				if (a->type == AT_END || alen == 0 || off + alen > b->vol->mft_record_size)
					break;
				if (a->type == AT_STANDARD_INFORMATION && !a->non_resident &&
				    le32_to_cpu(a->value_length) >= sizeof(STANDARD_INFORMATION) &&
				    le16_to_cpu(a->value_offset) + sizeof(STANDARD_INFORMATION) <= alen) {
					STANDARD_INFORMATION *si = (STANDARD_INFORMATION *)((u8 *)a +
								   le16_to_cpu(a->value_offset));
					si->usn = cpu_to_le64(last[i]);
					if (ntfs_mft_record_write(b->vol, MREF(e->mref), m))
						rc = -1;
					break;
				}
				off += alen;
			}
		}
		free(m);
	}
	free(last);
	return rc;
}

static int write_usnjrnl(struct builder *b, const char *j_out)
{
	struct usn_cfg *u = &b->m->usn;
	unsigned char *buf;
	size_t len;
	if (usn_encode(&b->usn, u->first_usn, u->v3_every, &buf, &len))
		return -1;
	int rc = -1;
	if (j_out) {
		FILE *f = fopen(j_out, "wb");
		if (!f || fwrite(buf, 1, len, f) != len || fclose(f)) {
			fprintf(stderr, "mkntfsimg: cannot write %s\n", j_out);
			free(buf);
			return -1;
		}
	}
	ntfs_inode *ni = open_ref(b, b->usnjrnl_mref);
	if (!ni)
		goto out;
	ntfschar jname[2] = {const_cpu_to_le16('$'), const_cpu_to_le16('J')};
	ntfs_attr *na = ntfs_attr_open(ni, AT_DATA, jname, 2);
	if (!na)
		goto close;
	s64 off = (s64)u->first_usn, left = (s64)len;
	const unsigned char *p = buf;
	while (left > 0) {
		s64 w = ntfs_attr_pwrite(na, off, left, p);
		if (w <= 0) {
			fprintf(stderr, "mkntfsimg: $J write failed: %s\n", strerror(errno));
			break;
		}
		off += w;
		p += w;
		left -= w;
	}
	if (left == 0)
		rc = 0;
	ntfs_attr_close(na);
close:
	if (ntfs_inode_close(ni))
		rc = -1;
out:
	free(buf);
	return rc;
}

int build_image(struct manifest *m, const char *image, const char *j_out, int verbose)
{
	struct builder b = {.m = m, .verbose = verbose};
	int rc = -1;
	ntfs_log_set_handler(ntfs_log_handler_stderr);
	ntfs_log_set_levels(NTFS_LOG_LEVEL_ERROR | NTFS_LOG_LEVEL_PERROR | NTFS_LOG_LEVEL_CRITICAL |
			    NTFS_LOG_LEVEL_WARNING);
	fakeclock_set(m->format_time);
	b.vol = ntfs_mount(image, NTFS_MNT_EXCLUSIVE);
	if (!b.vol) {
		fprintf(stderr, "mkntfsimg: cannot open %s as NTFS: %s\n", image, strerror(errno));
		return -1;
	}
	pathmap_put(&b.dirs, "", FILE_root);
	if (stamp_system_files(&b)) {
		fprintf(stderr, "mkntfsimg: cannot set the system files' times\n");
		goto out;
	}
	if (m->usn.enabled && create_usnjrnl(&b))
		goto out;

	size_t n_ev = 0;
	size_t n_alloc = 1;
	for (size_t i = 0; i < m->n_entries; i++)
		n_alloc += 3 + m->entries[i].n_jrecs;
	struct event *ev = calloc(n_alloc, sizeof(*ev));
	if (!ev)
		goto out;
	for (size_t i = 0; i < m->n_entries; i++) {
		struct entry *e = &m->entries[i];
		int64_t t = e->has_si ? e->si[T_CREATED] : m->format_time;
		ev[n_ev] = (struct event){t, EV_CREATE, i, n_ev, 0};
		n_ev++;
		if (e->rename_from) {
			ev[n_ev] = (struct event){e->renamed, EV_RENAME, i, n_ev, 0};
			n_ev++;
		}
		if (e->is_deleted) {
			ev[n_ev] = (struct event){e->deleted, EV_DELETE, i, n_ev, 0};
			n_ev++;
		}
		for (size_t k = 0; k < e->n_jrecs; k++) {
			ev[n_ev] = (struct event){e->jrecs[k].at, EV_JOURNAL, i, n_ev, k};
			n_ev++;
		}
	}
	qsort(ev, n_ev, sizeof(*ev), cmp_event);
	int64_t last = m->format_time;
	for (size_t i = 0; i < n_ev; i++) {
		struct entry *e = &m->entries[ev[i].entry];
		fakeclock_set(ev[i].time);
		last = ev[i].time > last ? ev[i].time : last;
		int r;
		switch (ev[i].kind) {
		case EV_CREATE: r = ev_create(&b, e); break;
		case EV_DELETE: r = ev_delete(&b, e); break;
		case EV_RENAME: r = ev_rename(&b, e); break;
		default: r = ev_journal(&b, e, &e->jrecs[ev[i].jrec]); break;
		}
		if (r) {
			fprintf(stderr, "mkntfsimg: failed at %s\n", e->path);
			free(ev);
			goto out;
		}
	}
	free(ev);
	if (m->usn.enabled && (write_usnjrnl(&b, j_out) || set_si_usns(&b))) {
		fprintf(stderr, "mkntfsimg: cannot write the USN journal\n");
		goto out;
	}
	for (size_t i = 0; i < b.n_held; i++)
		if (nops_release_record(b.vol, b.held[i])) {
			fprintf(stderr, "mkntfsimg: cannot release MFT record %llu\n",
				(unsigned long long)b.held[i]);
			goto out;
		}
	fakeclock_set(m->close_time ? m->close_time : last);
	rc = 0;
out:
	if (ntfs_umount(b.vol, FALSE)) {
		fprintf(stderr, "mkntfsimg: unmount failed: %s\n", strerror(errno));
		rc = -1;
	}
	pathmap_free(&b.dirs);
	pathmap_free(&b.files);
	usn_free(&b.usn);
	free(b.held);
	return rc;
}
