/* manifest.h - the in-memory form of an image manifest (see README: "NTFS image builder"). */
#ifndef MKNTFSIMG_MANIFEST_H
#define MKNTFSIMG_MANIFEST_H

#include <stddef.h>
#include <stdint.h>

enum content_kind { CONTENT_NONE, CONTENT_HOST, CONTENT_FILL, CONTENT_TEXT, CONTENT_PREFETCH };

struct content {
	enum content_kind kind;
	char *host_path;     /* CONTENT_HOST */
	char *text;          /* CONTENT_TEXT (may hold NULs), or prefix for CONTENT_FILL */
	size_t text_len;
	uint64_t size;       /* CONTENT_FILL */
	uint64_t seed;       /* CONTENT_FILL */
	void *prefetch;      /* CONTENT_PREFETCH: the JSON spec (json_t *), built when written */
};

/* Resolves a file path of a prefetch file (\VOLUME{...}\DIR\FILE) to an MFT reference. */
typedef uint64_t (*prefetch_resolver)(void *ctx, const char *volume_path);

/* The bytes of a CONTENT_PREFETCH content; file references come from resolve (may be NULL).
 * what names the entry (its path) for messages. *out is malloc'd. */
int manifest_prefetch_bytes(const struct content *c, const char *what, prefetch_resolver resolve,
			    void *ctx, unsigned char **out, size_t *len);

struct ads {
	char *name;
	struct content data;
};

/* An explicit USN record for an entry ("journal": [{"at": ..., "reasons": [...]}]). */
struct jrec {
	int64_t at;
	uint32_t reasons;
	char *name;          /* name recorded, default: the entry's name */
};

/* Indices into a times array. */
enum { T_CREATED, T_MODIFIED, T_ACCESSED, T_CHANGED, T_COUNT };

struct entry {
	char *path;          /* '/'-separated, relative to the root, no leading '/' */
	int is_dir;
	struct content data;
	struct ads *ads;
	size_t n_ads;
	int has_si, has_fn;
	int64_t si[T_COUNT];
	int64_t fn[T_COUNT];
	int has_attrs;
	uint32_t attrs;      /* FILE_ATTR_* (le-host order) */
	int is_deleted;
	int64_t deleted;
	int usn;             /* emit USN records for this entry's activity */
	char *rename_from;   /* journal-only rename: old name in the same directory */
	int64_t renamed;
	struct jrec *jrecs;
	size_t n_jrecs;
	/* filled in while building */
	uint64_t mref;       /* MFT reference (entry | seq << 48) */
	uint64_t parent_mref;
	uint32_t final_attrs;
};

struct usn_cfg {
	int enabled;
	uint64_t max_size;
	uint64_t allocation_delta;
	int64_t journal_id;      /* FILETIME of journal creation (= UsnJournalID) */
	uint64_t first_usn;      /* offset of the first record in $J; bytes before are sparse */
	int v3_every;            /* every n-th record in V3 layout (0 = none) */
	char *standalone;        /* optional host path: also write the raw $J stream here */
};

struct manifest {
	uint64_t volume_size;
	uint32_t cluster_size;
	uint64_t serial;
	char *label;
	uint64_t partition_start; /* sectors, written to the boot sector's hidden sectors */
	int64_t format_time;      /* times of the system files and of the format */
	int64_t close_time;       /* clock at unmount */
	int reuse_mft_records;    /* 0: records of deleted files are not reused during the build */
	struct usn_cfg usn;
	struct entry *entries;
	size_t n_entries, cap_entries;
};

struct define {
	const char *name;
	const char *value;
};

/* Load the manifest; ${NAME} in strings is replaced from defs. Returns 0 or -1 (message printed). */
int manifest_load(const char *path, const struct define *defs, size_t n_defs, struct manifest *m);
void manifest_free(struct manifest *m);

#endif
