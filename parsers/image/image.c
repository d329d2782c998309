/*
 * image.c - disk images through libtsk: volumes, every file and directory
 * (allocated and deleted) with all its times, content hashes, alternate
 * data streams and Zone.Identifier, the USN journal, and the artefacts
 * inside (event logs, Prefetch) handed to their parsers.
 *
 * This file is the parser itself: detection, opening the image and its
 * partitions, and for each volume the walk (image-walk.c), the pool's
 * drain (image-pool.c) and the USN journal (usn-paths.c), in that order.
 * image-int.h says how the pieces fit together.
 */
#include "compat.h"

#include "bytes.h"
#include "cancel.h"
#include "ewfmeta.h"
#include "image-int.h"
#include "xalloc.h"

/* ---- progress ---- */

void
ct_image_progress(struct img *im, int final)
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

/* ---- volumes ---- */

static void
read_volume(struct img *im, TSK_FS_INFO *fs, struct vol *v)
{
	uint64_t warn_before = ct_sink_warnings(im->in->sink);
	struct ct_buf note = CT_BUF_INIT;
	uint64_t files_before = im->files;

	v->fs = fs;
	v->ntfs = TSK_FS_TYPE_ISNTFS(fs->ftype);
	v->fs_type = ct_tsk.fs_type_toname(fs->ftype);
	pthread_mutex_lock(&im->lock);
	im->expect_files += fs->inum_count;
	pthread_mutex_unlock(&im->lock);
	ct_image_mft_check(v);
	ct_image_walk(v);
	ct_image_pool_drain(im);
	if (v->ntfs && !ct_cancelled())
		ct_image_read_usn(im, v);
	ct_batch_flush(v->b);
	ct_buf_addf(&note, "%s, %" PRIu64 " entries, block size %u",
	    v->fs_type, im->files - files_before, fs->block_size);
	/* Stopped by Ctrl-C, the volume holds what the walk reached so far. */
	if (ct_cancelled())
		ct_buf_adds(&note, "; interrupted before the walk was done");
	ct_sink_finish_source(im->in->sink, v->input.source_id,
	    ct_cancelled() ? "interrupted" : ct_sink_warnings(im->in->sink) >
	    warn_before ? "partial" : "ok", note.buf, CT_NULL_INT, NULL, NULL,
	    NULL);
	ct_buf_release(&note);
	free(v->damaged);
	v->damaged = NULL;
	v->ndamaged = v->adamaged = 0;
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
		const TSK_VS_PART_INFO *p = ct_tsk.vs_part_get(vs, i);
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
		ct_tsk.error_reset();
		fs = ct_tsk.fs_open_vol(p, TSK_FS_TYPE_DETECT);
		if (fs == NULL) {
			snprintf(note, sizeof(note), "%s: no file system libtsk "
			    "can read (%s)", p->desc ? p->desc : "?",
			    ct_tsk_msg());
			id = add_volume_source(im, label, len, "skipped", note);
			if (should_have_fs(p->desc))
				ct_batch_warn(im->b, start, "%s: %s", label,
				    note);
			ct_tsk.error_reset();
			continue;
		}
		id = add_volume_source(im, label, len, "pending", p->desc);
		if (id < 0) {
			ct_tsk.fs_close(fs);
			im->db_error = CT_ERR_DB;
			return;
		}
		volume_init(im, &v, id);
		snprintf(v.label, sizeof(v.label), "%s", label);
		v.offset = start;
		read_volume(im, fs, &v);
		ct_batch_free(v.b);
		ct_tsk.fs_close(fs);
	}
}

/* ---- the parser ---- */

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
	if (ct_dynlib_load(&ct_tsk_lib) != 0)
		return ct_error_set(err, CT_ERR_UNSUPPORTED, in->path,
		    CT_NO_OFFSET, "%s", ct_tsk_lib.error);
	memset(&im, 0, sizeof(im));
	im.in = in;
	im.opts = in->opts;
	ct_tsk.error_reset();
	im.img = ct_tsk.img_open_utf8_sing(in->host_path,
	    ct_image_container_type(in), 0);
	if (im.img == NULL) {
		rc = ct_error_set(err, CT_ERR_FORMAT, in->path, CT_NO_OFFSET,
		    "libtsk cannot open this disk image: %s", ct_tsk_msg());
		ct_tsk.error_reset();
		return rc;
	}
	im.b = ct_batch_new(in->sink, in->source_id, "image");
	ct_progress_start(&im.progress);
	ct_buf_addf(&note, "%s image, media size %" PRId64 " bytes, sector "
	    "size %u; the hash is of the file given (the first segment of a "
	    "split or E01 set)", ct_tsk.img_type_toname(im.img->itype),
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
		ct_image_ewf_check_start(&check, in->host_path);
	ct_image_pool_init(&im);
	vs = ct_tsk.vs_open(im.img, 0, TSK_VS_TYPE_DETECT);
	if (vs != NULL) {
		read_partitions(&im, vs);
		ct_tsk.vs_close(vs);
	} else {
		TSK_FS_INFO *fs;

		ct_tsk.error_reset();
		fs = ct_tsk.fs_open_img(im.img, 0, TSK_FS_TYPE_DETECT);
		if (fs == NULL) {
			rc = ct_error_set(err, CT_ERR_FORMAT, in->path,
			    CT_NO_OFFSET, "no partition table or file system "
			    "libtsk can read: %s", ct_tsk_msg());
			ct_tsk.error_reset();
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
			ct_tsk.fs_close(fs);
		}
	}
	ct_image_pool_release(&im);
	if (verify)
		ct_image_ewf_check_finish(&check, &im, &note);
	ct_buf_release(&note);
	ct_image_progress(&im, 1);
	if (rc == CT_OK && ct_cancelled())
		rc = ct_error_set(err, CT_ERR_CANCELLED, in->path, CT_NO_OFFSET,
		    "interrupted: the files walked so far are in the case");
	ct_batch_free(im.b);
	ct_tsk.img_close(im.img);
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
	.abi = CT_PARSER_ABI,
	.name = "image",
	.kind = "image",
	.summary = "disk images (raw, split raw, E01, VMDK, VHD) via libtsk: "
	    "files, deleted files, hashes, USN journal, artefacts inside",
	.probe = image_probe,
	.parse = image_parse,
};
