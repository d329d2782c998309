/*
 * ewfmeta.c - the acquisition hashes and header values of an EWF set
 * (see ewfmeta.h), through libewf.
 */
#include "compat.h"

#include <libewf.h>

#include "config.h"	/* CT_SONAME_EWF */

#include "cancel.h"
#include "ewfmeta.h"
#include "hash.h"
#include "xalloc.h"

/* ---- libewf, loaded on first use (src/dynlib.h), every call through E ---- */
#define EWF_FUNCS(X) \
	X(libewf_glob) \
	X(libewf_glob_free) \
	X(libewf_handle_initialize) \
	X(libewf_handle_free) \
	X(libewf_handle_open) \
	X(libewf_handle_close) \
	X(libewf_handle_get_md5_hash) \
	X(libewf_handle_get_sha1_hash) \
	X(libewf_handle_get_utf8_header_value) \
	X(libewf_handle_get_media_size) \
	X(libewf_handle_read_buffer) \
	X(libewf_handle_set_read_zero_chunk_on_error) \
	X(libewf_handle_get_number_of_checksum_errors) \
	X(libewf_handle_get_checksum_error) \
	X(libewf_handle_get_bytes_per_sector) \
	X(libewf_handle_segment_files_corrupted)

static struct {
#define X(f) __typeof__(f) *f;
	EWF_FUNCS(X)
#undef X
} E;

static const struct ct_dynsym ewf_syms[] = {
#define X(f) { #f, (void **)&E.f },
	EWF_FUNCS(X)
#undef X
	{ NULL, NULL }
};

/*
 * Global scope: libewf must find its own copies of the libyal helpers it
 * exports (libcdata, libbfio...), which it does when it is the first
 * library in the global scope to define them; the libraries loaded after
 * it (libtsk's libvmdk, libvhdi, libbfio) bind to them too. Bound to
 * libbfio.so.1's instead, it double-frees when it closes a split E01 set
 * (tests/t/t9110).
 */
struct ct_dynlib ct_ewf_lib = {
	CT_SONAME_EWF, "libewf2", CT_DYNLIB_GLOBAL, NULL, ewf_syms, 0, ""
};

/* Header values are typed by an examiner: a line each is plenty. */
#define VALUE_MAX	128

static void
add_header(libewf_handle_t *h, struct ct_buf *out, const char *id,
    const char *label, int *first)
{
	uint8_t v[VALUE_MAX + 1];
	size_t n;

	memset(v, 0, sizeof(v));
	if (E.libewf_handle_get_utf8_header_value(h, (const uint8_t *)id,
	    strlen(id), v, sizeof(v), NULL) != 1)
		return;
	v[VALUE_MAX] = '\0';
	n = strlen((const char *)v);
	if (n == 0)
		return;
	ct_buf_adds(out, *first ? "; " : ", ");
	*first = 0;
	ct_buf_adds(out, label);
	ct_buf_addch(out, ' ');
	/* the sink stores UTF-8; control characters are shown, not kept */
	ct_buf_add_printable(out, (const char *)v);
}

/* Open the EWF set whose first segment is path, for reading. */
static libewf_handle_t *
open_set(const char *path)
{
	libewf_handle_t *h = NULL;
	char **names = NULL;
	int nnames = 0;

	if (ct_dynlib_load(&ct_ewf_lib) != 0 ||
	    E.libewf_glob(path, strlen(path), LIBEWF_FORMAT_UNKNOWN, &names,
	    &nnames, NULL) != 1)
		return NULL;
	if (E.libewf_handle_initialize(&h, NULL) == 1 &&
	    E.libewf_handle_open(h, names, nnames, LIBEWF_OPEN_READ,
	    NULL) != 1)
		E.libewf_handle_free(&h, NULL);	/* sets h to NULL */
	E.libewf_glob_free(names, nnames, NULL);
	return h;
}

int
ct_ewf_acquisition(const char *path, int verifying, struct ct_buf *out)
{
	libewf_handle_t *h = open_set(path);
	int first = 1;
	uint8_t d[20];

	if (h == NULL)
		return 0;
	if (E.libewf_handle_get_md5_hash(h, d, 16, NULL) == 1) {
		ct_buf_adds(out, "; acquisition MD5 ");
		ct_buf_add_hex(out, d, 16, 0);
		first = 0;
	}
	if (E.libewf_handle_get_sha1_hash(h, d, 20, NULL) == 1) {
		ct_buf_adds(out, first ? "; acquisition SHA-1 " : ", SHA-1 ");
		ct_buf_add_hex(out, d, 20, 0);
		first = 0;
	}
	if (!first)
		ct_buf_adds(out, verifying ? " (stored in the EWF by the "
		    "acquisition tool)" : " (stored in the EWF by the "
		    "acquisition tool, not verified: see --verify)");
	first = 1;
	add_header(h, out, "case_number", "case", &first);
	add_header(h, out, "evidence_number", "evidence", &first);
	add_header(h, out, "examiner_name", "examiner", &first);
	/* local time of the acquiring machine, zone not recorded */
	add_header(h, out, "acquiry_date", "acquisition date (as the tool "
	    "wrote it, time zone unknown)", &first);
	add_header(h, out, "acquiry_software_version", "acquisition software "
	    "version", &first);
	add_header(h, out, "description", "description", &first);
	add_header(h, out, "notes", "notes", &first);
	E.libewf_handle_close(h, NULL);
	E.libewf_handle_free(&h, NULL);
	return 1;
}

/* The sector ranges of the first damaged chunks, into out. */
static void
list_checksum_errors(libewf_handle_t *h, uint32_t n, struct ct_buf *out)
{
	enum { SHOWN = 5 };
	uint32_t bps = 512, i;

	E.libewf_handle_get_bytes_per_sector(h, &bps, NULL);
	for (i = 0; i < n && i < SHOWN; i++) {
		uint64_t start = 0, count = 0;

		if (E.libewf_handle_get_checksum_error(h, i, &start, &count,
		    NULL) != 1)
			break;
		ct_buf_adds(out, i ? ", " : " (");
		ct_buf_adds(out, "bytes ");
		ct_buf_add_u64(out, start * bps);
		ct_buf_adds(out, " to ");
		ct_buf_add_u64(out, (start + count) * bps - 1);
	}
	if (n > SHOWN)
		ct_buf_adds(out, ", ...");
	if (n)
		ct_buf_addch(out, ')');
}

int
ct_ewf_verify(const char *path, struct ct_buf *out, struct ct_buf *problem)
{
	enum { CHUNK = 1 << 20 };
	libewf_handle_t *h = open_set(path);
	struct ct_hasher *hs;
	struct ct_hashes got;
	uint8_t stored_md5[16], stored_sha1[20];
	char want[CT_SHA1_HEX];
	int has_md5, has_sha1, bad = 0;
	uint32_t nerr = 0;
	size64_t media = 0, done = 0;
	uint8_t *buf;

	if (h == NULL) {
		ct_buf_adds(problem, "the EWF set cannot be opened to verify it");
		return -1;
	}
	has_md5 = E.libewf_handle_get_md5_hash(h, stored_md5, 16, NULL) == 1;
	has_sha1 = E.libewf_handle_get_sha1_hash(h, stored_sha1, 20,
	    NULL) == 1;
	/* Like ewfverify: a damaged chunk reads as zeros and is listed. */
	E.libewf_handle_set_read_zero_chunk_on_error(h, 1, NULL);
	E.libewf_handle_get_media_size(h, &media, NULL);
	hs = ct_hasher_new();
	buf = ct_xmalloc(CHUNK);
	while (done < media && !ct_cancelled()) {
		size_t want_n = media - done < CHUNK ? (size_t)(media - done) :
		    CHUNK;
		ssize_t n = E.libewf_handle_read_buffer(h, buf, want_n, NULL);

		if (n <= 0)
			break;
		ct_hasher_update(hs, buf, (size_t)n);
		done += (size64_t)n;
	}
	free(buf);
	ct_hasher_final(hs, &got);
	ct_hasher_free(hs);
	E.libewf_handle_get_number_of_checksum_errors(h, &nerr, NULL);

	if (done < media) {
		ct_buf_adds(problem, ct_cancelled() ? "verification "
		    "interrupted" : "the media could not be read to the end for "
		    "verification");
		ct_buf_adds(problem, ": ");
		ct_buf_add_u64(problem, done);
		ct_buf_adds(problem, " of ");
		ct_buf_add_u64(problem, media);
		ct_buf_adds(problem, " bytes");
		bad = 1;
	} else {
		ct_buf_adds(out, "; media read in full (");
		ct_buf_add_u64(out, media);
		ct_buf_adds(out, " bytes): MD5 ");
		ct_buf_adds(out, got.md5);
		ct_buf_adds(out, ", SHA-1 ");
		ct_buf_adds(out, got.sha1);
		ct_buf_adds(out, ", SHA-256 ");
		ct_buf_adds(out, got.sha256);
	}
	if (nerr) {
		if (bad)
			ct_buf_adds(problem, "; ");
		/*
		 * libewf counts a chunk that is not in the segment files at
		 * all (a truncated or missing segment) as a checksum error:
		 * say which it is, the set being incomplete or the data bad.
		 */
		int set_damaged = E.libewf_handle_segment_files_corrupted(h,
		    NULL) == 1;

		if (set_damaged)
			ct_buf_adds(problem, "the segment files are truncated, "
			    "missing or damaged: ");
		ct_buf_add_u64(problem, nerr);
		ct_buf_adds(problem, set_damaged ? " range(s) of chunks are missing from them or "
		    "fail their checksum, and were read as zeros" : " chunk(s) "
		    "fail their checksum and were read as zeros");
		list_checksum_errors(h, nerr, problem);
		bad = 1;
	}
	if (done == media) {
		struct {
			int has;
			const uint8_t *stored;
			size_t n;
			const char *computed, *name;
		} d[] = {
			{ has_md5, stored_md5, 16, got.md5, "MD5" },
			{ has_sha1, stored_sha1, 20, got.sha1, "SHA-1" },
		};
		size_t i;

		for (i = 0; i < CT_ARRAY_SIZE(d); i++) {
			struct ct_buf hex = CT_BUF_INIT;

			if (!d[i].has)
				continue;
			ct_buf_add_hex(&hex, d[i].stored, d[i].n, 0);
			snprintf(want, sizeof(want), "%s", hex.buf);
			ct_buf_release(&hex);
			if (strcmp(want, d[i].computed) == 0)
				continue;
			if (bad)
				ct_buf_adds(problem, "; ");
			ct_buf_adds(problem, "the media's ");
			ct_buf_adds(problem, d[i].name);
			ct_buf_addch(problem, ' ');
			ct_buf_adds(problem, d[i].computed);
			ct_buf_adds(problem, " differs from the acquisition ");
			ct_buf_adds(problem, d[i].name);
			ct_buf_addch(problem, ' ');
			ct_buf_adds(problem, want);
			bad = 1;
		}
		if (bad)
			ct_buf_adds(out, "; not verified: see the warnings");
		else if (!has_md5 && !has_sha1)
			ct_buf_adds(out, "; the set stores no acquisition hash "
			    "to verify against");
		else if (!bad)
			ct_buf_adds(out, has_md5 && has_sha1 ? "; the "
			    "acquisition MD5 and SHA-1 match: verified" :
			    has_md5 ? "; the acquisition MD5 matches: verified" :
			    "; the acquisition SHA-1 matches: verified");
	}
	E.libewf_handle_close(h, NULL);
	E.libewf_handle_free(&h, NULL);
	return bad;
}
