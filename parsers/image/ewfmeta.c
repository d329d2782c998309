/*
 * ewfmeta.c - the acquisition hashes and header values of an EWF set
 * (see ewfmeta.h), through libewf.
 */
#include "compat.h"

#include <libewf.h>

#include "config.h"	/* CT_SONAME_EWF */

#include "ewfmeta.h"

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
	X(libewf_handle_get_utf8_header_value)

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

int
ct_ewf_acquisition(const char *path, struct ct_buf *out)
{
	libewf_handle_t *h = NULL;
	char **names = NULL;
	int nnames = 0, opened = 0, first = 1;
	uint8_t d[20];

	if (ct_dynlib_load(&ct_ewf_lib) != 0)
		return 0;
	if (E.libewf_glob(path, strlen(path), LIBEWF_FORMAT_UNKNOWN, &names,
	    &nnames, NULL) != 1)
		return 0;
	if (E.libewf_handle_initialize(&h, NULL) != 1)
		goto out;
	if (E.libewf_handle_open(h, names, nnames, LIBEWF_OPEN_READ, NULL) != 1)
		goto out;
	opened = 1;
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
		ct_buf_adds(out, " (stored in the EWF by the acquisition tool, "
		    "not verified)");
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
out:
	if (h)
		E.libewf_handle_free(&h, NULL);
	E.libewf_glob_free(names, nnames, NULL);
	return opened;
}
