/* ntfsops.c - file-level operations on an unmounted NTFS image through libntfs-3g. */
#define _GNU_SOURCE
#include "ntfsops.h"
#include "fill.h"

#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define CHUNK (1024 * 1024)

uint64_t nops_mref(ntfs_inode *ni)
{
	return (uint64_t)ni->mft_no | ((uint64_t)le16_to_cpu(ni->mrec->sequence_number) << 48);
}

static int to_utf16(const char *name, ntfschar **u)
{
	*u = NULL;
	int n = ntfs_mbstoucs(name, u);
	if (n <= 0 || n > 255) {
		fprintf(stderr, "mkntfsimg: bad name \"%s\"\n", name);
		free(*u);
		*u = NULL;
		return -1;
	}
	return n;
}

ntfs_inode *nops_create(ntfs_inode *dir, const char *name, int is_dir)
{
	ntfschar *u;
	int n = to_utf16(name, &u);
	if (n < 0)
		return NULL;
	/* security id 0x101: the descriptor mkntfs stores in $Secure for the root; with a
	 * security id libntfs-3g writes the 72-byte NTFS 3.x $STANDARD_INFORMATION, as Windows does */
	ntfs_inode *ni = ntfs_create(dir, const_cpu_to_le32(0x101), u, (u8)n, is_dir ? S_IFDIR : S_IFREG);
	if (!ni)
		fprintf(stderr, "mkntfsimg: cannot create \"%s\": %s\n", name, strerror(errno));
	free(u);
	return ni;
}

int nops_content_size(const struct content *c, uint64_t *size)
{
	struct stat st;
	switch (c->kind) {
	case CONTENT_NONE:
		*size = 0;
		return 0;
	case CONTENT_TEXT:
		*size = c->text_len;
		return 0;
	case CONTENT_FILL:
	case CONTENT_PREFETCH: /* the size without file references; they do not change it */
		*size = c->size;
		return 0;
	case CONTENT_HOST:
		if (stat(c->host_path, &st) || !S_ISREG(st.st_mode)) {
			fprintf(stderr, "mkntfsimg: %s: not a readable file\n", c->host_path);
			return -1;
		}
		*size = (uint64_t)st.st_size;
		return 0;
	}
	return -1;
}

static int pwrite_all(ntfs_attr *na, s64 off, const unsigned char *buf, s64 len, const char *what)
{
	while (len > 0) {
		s64 w = ntfs_attr_pwrite(na, off, len, buf);
		if (w <= 0) {
			fprintf(stderr, "mkntfsimg: %s: write failed: %s\n", what, strerror(errno));
			return -1;
		}
		off += w;
		buf += w;
		len -= w;
	}
	return 0;
}

int nops_write(ntfs_inode *ni, const char *stream, const struct content *c, const char *what)
{
	ntfschar *uname = NULL;
	int ulen = 0, rc = -1;
	ntfs_attr *na = NULL;
	unsigned char *buf = NULL;
	FILE *f = NULL;

	if (stream) {
		if ((ulen = to_utf16(stream, &uname)) < 0)
			return -1;
		if (ntfs_attr_add(ni, AT_DATA, uname, (u8)ulen, NULL, 0)) {
			fprintf(stderr, "mkntfsimg: %s: cannot add stream %s: %s\n", what, stream,
				strerror(errno));
			goto out;
		}
	}
	if (c->kind == CONTENT_NONE) {
		rc = 0;
		goto out;
	}
	if (c->kind == CONTENT_PREFETCH) {
		fprintf(stderr, "mkntfsimg: %s: prefetch content must be built first\n", what);
		goto out;
	}
	na = ntfs_attr_open(ni, AT_DATA, stream ? uname : AT_UNNAMED, (u32)ulen);
	if (!na) {
		fprintf(stderr, "mkntfsimg: %s: cannot open data: %s\n", what, strerror(errno));
		goto out;
	}
	if (c->kind == CONTENT_TEXT) {
		rc = pwrite_all(na, 0, (const unsigned char *)c->text, (s64)c->text_len, what);
		goto out;
	}
	buf = malloc(CHUNK);
	if (!buf)
		goto out;
	if (c->kind == CONTENT_HOST) {
		f = fopen(c->host_path, "rb");
		if (!f) {
			fprintf(stderr, "mkntfsimg: %s: %s: %s\n", what, c->host_path, strerror(errno));
			goto out;
		}
		s64 off = 0;
		size_t n;
		while ((n = fread(buf, 1, CHUNK, f)) > 0) {
			if (pwrite_all(na, off, buf, (s64)n, what))
				goto out;
			off += (s64)n;
		}
		if (ferror(f)) {
			fprintf(stderr, "mkntfsimg: %s: read error on %s\n", what, c->host_path);
			goto out;
		}
		rc = 0;
		goto out;
	}
	/* CONTENT_FILL: filler stream, optionally starting with a fixed prefix */
	for (uint64_t off = 0; off < c->size; off += CHUNK) {
		size_t n = c->size - off < CHUNK ? (size_t)(c->size - off) : CHUNK;
		fill_bytes(c->seed, off, buf, n);
		if (off == 0 && c->text_len)
			memcpy(buf, c->text, c->text_len < n ? c->text_len : n);
		if (pwrite_all(na, (s64)off, buf, (s64)n, what))
			goto out;
	}
	rc = 0;
out:
	if (f)
		fclose(f);
	if (na)
		ntfs_attr_close(na);
	free(buf);
	free(uname);
	return rc;
}

/* A name Windows would store as one WIN32_AND_DOS name: valid upper-case 8.3. */
static int is_dos_name(const unsigned char *u, int len)
{
	int base = 0, ext = 0, dot = 0;
	for (int i = 0; i < len; i++) {
		unsigned ch = u[2 * i] | (unsigned)u[2 * i + 1] << 8;
		if (ch == '.') {
			if (dot || i == 0)
				return 0;
			dot = 1;
			continue;
		}
		if (ch > 0x7e || ch <= 0x20 || (ch >= 'a' && ch <= 'z') || strchr("\"*+,/:;<=>?[\\]|", (int)ch))
			return 0;
		if (dot)
			ext++;
		else
			base++;
	}
	return base >= 1 && base <= 8 && ext <= 3 && !(dot && ext == 0);
}

int nops_set_times(ntfs_inode *ni, ntfs_inode *dir, const int64_t si[4], const int64_t fn[4],
		   uint32_t attrs)
{
	ntfs_attr_search_ctx *ctx = ntfs_attr_get_search_ctx(ni, NULL);
	if (!ctx)
		return -1;
	if (ntfs_attr_lookup(AT_STANDARD_INFORMATION, AT_UNNAMED, 0, CASE_SENSITIVE, 0, NULL, 0, ctx)) {
		fprintf(stderr, "mkntfsimg: inode %lld has no $STANDARD_INFORMATION\n", (long long)ni->mft_no);
		ntfs_attr_put_search_ctx(ctx);
		return -1;
	}
	STANDARD_INFORMATION *std = (STANDARD_INFORMATION *)((u8 *)ctx->attr +
							     le16_to_cpu(ctx->attr->value_offset));
	ni->creation_time = std->creation_time = cpu_to_sle64(si[T_CREATED]);
	ni->last_data_change_time = std->last_data_change_time = cpu_to_sle64(si[T_MODIFIED]);
	ni->last_access_time = std->last_access_time = cpu_to_sle64(si[T_ACCESSED]);
	ni->last_mft_change_time = std->last_mft_change_time = cpu_to_sle64(si[T_CHANGED]);
	ni->flags |= cpu_to_le32(attrs);
	std->file_attributes = ni->flags;
	set_nino_flag(ni, TimesSet);
	ntfs_inode_mark_dirty(ni);
	NInoFileNameSetDirty(ni);

	int rc = 0;
	ntfs_attr_reinit_search_ctx(ctx);
	while (!ntfs_attr_lookup(AT_FILE_NAME, AT_UNNAMED, 0, CASE_SENSITIVE, 0, NULL, 0, ctx)) {
		FILE_NAME_ATTR *f = (FILE_NAME_ATTR *)((u8 *)ctx->attr +
						       le16_to_cpu(ctx->attr->value_offset));
		f->creation_time = cpu_to_sle64(fn[T_CREATED]);
		f->last_data_change_time = cpu_to_sle64(fn[T_MODIFIED]);
		f->last_access_time = cpu_to_sle64(fn[T_ACCESSED]);
		f->last_mft_change_time = cpu_to_sle64(fn[T_CHANGED]);
		f->file_attributes = (f->file_attributes & ~FILE_ATTR_VALID_FLAGS) |
				     (ni->flags & FILE_ATTR_VALID_FLAGS);
		if (f->file_name_type == FILE_NAME_POSIX)
			f->file_name_type = is_dos_name((const unsigned char *)f + offsetof(FILE_NAME_ATTR, file_name),
					    f->file_name_length) ?
				FILE_NAME_WIN32_AND_DOS : FILE_NAME_WIN32;
		if (!dir)
			continue;
		/* The parent's index entry carries its own copy of the name type. Times,
		 * sizes and flags are copied there from this record when ni is closed. */
		ntfs_index_context *ictx = ntfs_index_ctx_get(dir, NTFS_INDEX_I30, 4);
		if (!ictx) {
			rc = -1;
			break;
		}
		if (ntfs_index_lookup(f, (int)le32_to_cpu(ctx->attr->value_length), ictx)) {
			fprintf(stderr, "mkntfsimg: inode %lld: name not found in parent index\n",
				(long long)ni->mft_no);
			rc = -1;
		} else {
			FILE_NAME_ATTR *fx = (FILE_NAME_ATTR *)ictx->data;
			fx->file_name_type = f->file_name_type;
			ntfs_index_entry_mark_dirty(ictx);
		}
		ntfs_index_ctx_put(ictx);
	}
	ntfs_attr_put_search_ctx(ctx);
	return rc;
}

/*
 * When the last entry of an index block goes, libntfs-3g marks the block free in the
 * directory's $I30 $BITMAP but leaves its bytes as they were, live entries included.
 * Windows instead moves the end entry to the front, so the old entries become slack.
 * Readers that walk every INDX block (The Sleuth Kit does) would otherwise report the
 * deleted names as allocated. Do what Windows does to every free block still holding
 * entries: an end entry at the start, the rest left as slack.
 */
static int settle_free_index_blocks(ntfs_inode *dir, u32 block_size)
{
	ntfs_attr *bm = ntfs_attr_open(dir, AT_BITMAP, NTFS_INDEX_I30, 4);
	ntfs_attr *ia = ntfs_attr_open(dir, AT_INDEX_ALLOCATION, NTFS_INDEX_I30, 4);
	unsigned char *bits = NULL, *blk = NULL;
	int rc = -1;
	if (!bm || !ia) {
		rc = 0; /* a small index: nothing outside the MFT record */
		goto out;
	}
	s64 n_blocks = ia->data_size / block_size;
	bits = calloc((size_t)bm->data_size + 1, 1);
	blk = malloc(block_size);
	if (!bits || !blk || ntfs_attr_pread(bm, 0, bm->data_size, bits) != bm->data_size)
		goto out;
	for (s64 i = 0; i < n_blocks; i++) {
		if (i / 8 < bm->data_size && (bits[i / 8] >> (i % 8)) & 1)
			continue;
		if (ntfs_attr_mst_pread(ia, i * block_size, 1, block_size, blk) != 1)
			continue; /* never written, or not a valid INDX block */
		INDEX_BLOCK *ib = (INDEX_BLOCK *)blk;
		if (ib->magic != magic_INDX)
			continue;
		u32 first = le32_to_cpu(ib->index.entries_offset);
		u32 end = first + (u32)sizeof(INDEX_ENTRY_HEADER);
		if (le32_to_cpu(ib->index.index_length) <= end ||
		    offsetof(INDEX_BLOCK, index) + end > block_size)
			continue;
		INDEX_ENTRY_HEADER *ie = (INDEX_ENTRY_HEADER *)((u8 *)&ib->index + first);
		memset(ie, 0, sizeof(*ie));
		ie->length = cpu_to_le16(sizeof(INDEX_ENTRY_HEADER));
		ie->flags = INDEX_ENTRY_END;
		ib->index.index_length = cpu_to_le32(end);
		ib->index.ih_flags = 0; /* LEAF_NODE */
		if (ntfs_attr_mst_pwrite(ia, i * block_size, 1, block_size, blk) != 1)
			goto out;
	}
	rc = 0;
out:
	if (bm)
		ntfs_attr_close(bm);
	if (ia)
		ntfs_attr_close(ia);
	free(bits);
	free(blk);
	return rc;
}

struct attr_id {
	ATTR_TYPES type;
	ntfschar name[256];
	u8 name_len;
};

int nops_release_record(ntfs_volume *vol, uint64_t mft_no)
{
	if (ntfs_bitmap_clear_bit(vol->mftbmp_na, (s64)mft_no))
		return -1;
	vol->free_mft_records++;
	return 0;
}

int nops_delete_keep(ntfs_volume *vol, ntfs_inode *ni, ntfs_inode *dir, int free_record)
{
	struct attr_id ids[32];
	size_t n_ids = 0;
	int rc = -1;
	ntfs_attr_search_ctx *ctx = ntfs_attr_get_search_ctx(ni, NULL);
	if (!ctx)
		return -1;
	/* 1. remove the name from the parent's index; the record keeps its $FILE_NAME */
	while (!ntfs_attr_lookup(AT_FILE_NAME, AT_UNNAMED, 0, CASE_SENSITIVE, 0, NULL, 0, ctx)) {
		FILE_NAME_ATTR *f = (FILE_NAME_ATTR *)((u8 *)ctx->attr +
						       le16_to_cpu(ctx->attr->value_offset));
		if (MREF_LE(f->parent_directory) != dir->mft_no)
			continue;
		ntfs_index_context *ictx = ntfs_index_ctx_get(dir, NTFS_INDEX_I30, 4);
		if (!ictx)
			goto out;
		if (ntfs_index_lookup(f, (int)le32_to_cpu(ctx->attr->value_length), ictx) ||
		    ntfs_index_rm(ictx)) {
			fprintf(stderr, "mkntfsimg: inode %lld: cannot remove index entry: %s\n",
				(long long)ni->mft_no, strerror(errno));
			ntfs_index_ctx_put(ictx);
			goto out;
		}
		u32 bsize = ictx->block_size;
		ntfs_index_ctx_put(ictx);
		if (settle_free_index_blocks(dir, bsize)) {
			fprintf(stderr, "mkntfsimg: directory %lld: cannot rewrite a freed index block\n",
				(long long)dir->mft_no);
			goto out;
		}
	}
	/* 2. list the non-resident attributes, then free their clusters (runlists stay) */
	ntfs_attr_reinit_search_ctx(ctx);
	while (!ntfs_attr_lookup(AT_UNUSED, NULL, 0, CASE_SENSITIVE, 0, NULL, 0, ctx)) {
		ATTR_RECORD *a = ctx->attr;
		if (!a->non_resident)
			continue;
		if (n_ids == sizeof(ids) / sizeof(ids[0])) {
			fprintf(stderr, "mkntfsimg: inode %lld: too many attributes\n", (long long)ni->mft_no);
			goto out;
		}
		ids[n_ids].type = a->type;
		ids[n_ids].name_len = a->name_length;
		memcpy(ids[n_ids].name, (u8 *)a + le16_to_cpu(a->name_offset),
		       a->name_length * sizeof(ntfschar));
		n_ids++;
	}
	ntfs_attr_put_search_ctx(ctx);
	ctx = NULL;
	for (size_t i = 0; i < n_ids; i++) {
		ntfs_attr *na = ntfs_attr_open(ni, ids[i].type, ids[i].name_len ? ids[i].name : AT_UNNAMED,
					       ids[i].name_len);
		if (!na || ntfs_attr_map_whole_runlist(na) || ntfs_cluster_free_from_rl(vol, na->rl)) {
			fprintf(stderr, "mkntfsimg: inode %lld: cannot free clusters: %s\n",
				(long long)ni->mft_no, strerror(errno));
			if (na)
				ntfs_attr_close(na);
			goto out;
		}
		ntfs_attr_close(na);
	}
	/* 3. the directory changed now; the record becomes unused (sequence + 1) */
	ntfs_inode_update_times(dir, NTFS_UPDATE_MCTIME);
	if (free_record) {
		if (ntfs_mft_record_free(vol, ni)) {
			fprintf(stderr, "mkntfsimg: cannot free MFT record: %s\n", strerror(errno));
			return -1;
		}
		return 0;
	}
	/* what ntfs_mft_record_free() does, less the $MFT:$BITMAP bit */
	u16 seq = le16_to_cpu(ni->mrec->sequence_number);
	ni->mrec->flags &= ~MFT_RECORD_IN_USE;
	ni->mrec->sequence_number = cpu_to_le16(seq == 0xffff ? 1 : seq ? seq + 1 : 0);
	ntfs_inode_mark_dirty(ni);
	if (ntfs_inode_sync(ni) || ntfs_inode_real_close(ni)) {
		fprintf(stderr, "mkntfsimg: cannot write the unused MFT record: %s\n", strerror(errno));
		return -1;
	}
	return 0;
out:
	if (ctx)
		ntfs_attr_put_search_ctx(ctx);
	return rc;
}
