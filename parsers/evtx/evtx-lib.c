/*
 * evtx-lib.c - libevtx as the oracle and the fallback decoder.
 *
 * libevtx (Debian 12: 20181227) renders a record as XML; expat parses that
 * XML into the same builder callbacks the native decoder uses, so both
 * yield the same struct evtx_event. libevtx reads the evidence through a
 * custom libbfio handle whose read function is ct_input.read_at: the same
 * code serves host files and files inside disk images, nothing is copied
 * or extracted. (Debian's libevtx-dev exposes
 * libevtx_file_open_file_io_handle and libbfio-dev exposes
 * libbfio_handle_initialize with callbacks: see libbfio.h.)
 *
 * Known difference: XML normalises line ends, so a CR LF inside a value
 * comes back from expat as LF; the native decoder keeps the evidence's CR.
 */
#include "compat.h"

#include <errno.h>

#include <expat.h>
#include <libbfio.h>
#define LIBEVTX_HAVE_BFIO 1
#include <libevtx.h>

#include "config.h"	/* CT_SONAME_EVTX, CT_SONAME_BFIO */

#include "dynlib.h"
#include "evtx-int.h"
#include "xalloc.h"

/*
 * ---- libbfio and libevtx, loaded on first use (src/dynlib.h) ----
 * A clean log never needs them. Loaded into no global scope, each binds
 * to its own copies of the libyal helpers, as in evtxexport, unless
 * libewf was loaded before (by the image parser, ahead of libtsk:
 * parsers/image/tsk-lib.h).
 */
#define BFIO_FUNCS(X) \
	X(libbfio_handle_initialize) \
	X(libbfio_handle_free) \
	X(libbfio_error_free)

#define EVTX_FUNCS(X) \
	X(libevtx_error_sprint) \
	X(libevtx_error_free) \
	X(libevtx_file_initialize) \
	X(libevtx_file_open_file_io_handle) \
	X(libevtx_file_close) \
	X(libevtx_file_free) \
	X(libevtx_file_get_number_of_records) \
	X(libevtx_file_get_number_of_recovered_records) \
	X(libevtx_file_get_record_by_index) \
	X(libevtx_file_get_recovered_record_by_index) \
	X(libevtx_record_free) \
	X(libevtx_record_get_offset) \
	X(libevtx_record_get_identifier) \
	X(libevtx_record_get_written_time) \
	X(libevtx_record_get_utf8_xml_string_size) \
	X(libevtx_record_get_utf8_xml_string)

static struct {
#define X(f) __typeof__(f) *f;
	BFIO_FUNCS(X)
#undef X
} B;

static struct {
#define X(f) __typeof__(f) *f;
	EVTX_FUNCS(X)
#undef X
} L;

#define X(f) { #f, (void **)&B.f },
static const struct ct_dynsym bfio_syms[] = { BFIO_FUNCS(X) { NULL, NULL } };
#undef X
#define X(f) { #f, (void **)&L.f },
static const struct ct_dynsym evtx_syms[] = { EVTX_FUNCS(X) { NULL, NULL } };
#undef X

static struct ct_dynlib bfio_lib = {
	CT_SONAME_BFIO, "libbfio1", CT_DYNLIB_NAMESPACE, NULL, bfio_syms, 0, ""
};
static struct ct_dynlib evtx_lib = {
	CT_SONAME_EVTX, "libevtx1", CT_DYNLIB_NAMESPACE, &bfio_lib, evtx_syms,
	0, ""
};

/* The largest XML rendering of one record we accept from libevtx. */
#define LIB_XML_MAX	(16u << 20)

struct io {
	int64_t (*read_at)(void *, void *, size_t, int64_t);
	void *ctx;
	int64_t size, pos;
	int open;
};

struct evtx_lib {
	struct io *io;
	libbfio_handle_t *bfio;
	libevtx_file_t *file;
	struct ct_buf xml;
};

static int
io_free(intptr_t **h, libbfio_error_t **e)
{
	(void)e;
	free(*h);
	*h = NULL;
	return 1;
}

static int
io_clone(intptr_t **dst, intptr_t *src, libbfio_error_t **e)
{
	struct io *n = ct_xmalloc(sizeof(*n));

	(void)e;
	memcpy(n, src, sizeof(*n));
	*dst = (intptr_t *)n;
	return 1;
}

static int
io_open(intptr_t *h, int flags, libbfio_error_t **e)
{
	(void)flags;
	(void)e;
	((struct io *)h)->open = 1;
	((struct io *)h)->pos = 0;
	return 1;
}

static int
io_close(intptr_t *h, libbfio_error_t **e)
{
	(void)e;
	((struct io *)h)->open = 0;
	return 0;
}

static ssize_t
io_read(intptr_t *h, uint8_t *buf, size_t n, libbfio_error_t **e)
{
	struct io *io = (struct io *)h;
	int64_t r;

	(void)e;
	r = io->read_at(io->ctx, buf, n, io->pos);
	if (r < 0)
		return -1;
	io->pos += r;
	return (ssize_t)r;
}

static ssize_t
io_write(intptr_t *h, const uint8_t *buf, size_t n, libbfio_error_t **e)
{
	(void)h;
	(void)buf;
	(void)n;
	(void)e;
	return -1;	/* evidence is read-only */
}

static off64_t
io_seek(intptr_t *h, off64_t off, int whence, libbfio_error_t **e)
{
	struct io *io = (struct io *)h;
	int64_t to;

	(void)e;
	if (whence == SEEK_SET)
		to = off;
	else if (whence == SEEK_CUR)
		to = io->pos + off;
	else if (whence == SEEK_END)
		to = io->size + off;
	else
		return -1;
	if (to < 0)
		return -1;
	io->pos = to;
	return to;
}

static int
io_exists(intptr_t *h, libbfio_error_t **e)
{
	(void)h;
	(void)e;
	return 1;
}

static int
io_is_open(intptr_t *h, libbfio_error_t **e)
{
	(void)e;
	return ((struct io *)h)->open;
}

static int
io_get_size(intptr_t *h, size64_t *size, libbfio_error_t **e)
{
	(void)e;
	*size = (size64_t)((struct io *)h)->size;
	return 1;
}

/* libevtx's error text (last line: the root cause is first). */
static void
lib_why(libevtx_error_t *e, const char *what, char *why, size_t whysz)
{
	char tmp[512] = "";

	if (e) {
		char *nl;

		L.libevtx_error_sprint(e, tmp, sizeof(tmp));
		L.libevtx_error_free(&e);
		nl = strchr(tmp, '\n');
		if (nl)
			*nl = '\0';
	}
	snprintf(why, whysz, "%s%s%s", what, tmp[0] ? ": " : "", tmp);
}

struct evtx_lib *
ct_evtx_lib_open(int64_t (*read_at)(void *, void *, size_t, int64_t), void *ctx,
    int64_t size, char *why, size_t whysz)
{
	struct evtx_lib *l;
	libbfio_error_t *be = NULL;
	libevtx_error_t *e = NULL;

	if (ct_dynlib_load(&evtx_lib) != 0) {
		snprintf(why, whysz, "%s", evtx_lib.error);
		return NULL;
	}
	l = ct_xcalloc(1, sizeof(*l));
	l->io = ct_xcalloc(1, sizeof(*l->io));
	l->io->read_at = read_at;
	l->io->ctx = ctx;
	l->io->size = size;
	ct_buf_init(&l->xml, LIB_XML_MAX);
	if (B.libbfio_handle_initialize(&l->bfio, (intptr_t *)l->io, io_free,
	    io_clone, io_open, io_close, io_read, io_write, io_seek,
	    io_exists, io_is_open, io_get_size,
	    LIBBFIO_FLAG_IO_HANDLE_MANAGED | LIBBFIO_FLAG_IO_HANDLE_CLONE_BY_FUNCTION,
	    &be) != 1) {
		B.libbfio_error_free(&be);
		free(l->io);
		ct_buf_release(&l->xml);
		free(l);
		snprintf(why, whysz, "libbfio cannot set up a handle");
		return NULL;
	}
	l->io = NULL;	/* owned by the handle now */
	if (L.libevtx_file_initialize(&l->file, &e) != 1 ||
	    L.libevtx_file_open_file_io_handle(l->file, l->bfio,
	    LIBEVTX_OPEN_READ, &e) != 1) {
		lib_why(e, "libevtx cannot open the file", why, whysz);
		if (l->file)
			L.libevtx_file_free(&l->file, NULL);
		B.libbfio_handle_free(&l->bfio, NULL);
		ct_buf_release(&l->xml);
		free(l);
		return NULL;
	}
	return l;
}

void
ct_evtx_lib_close(struct evtx_lib *l)
{
	if (!l)
		return;
	L.libevtx_file_close(l->file, NULL);
	L.libevtx_file_free(&l->file, NULL);
	B.libbfio_handle_free(&l->bfio, NULL);
	ct_buf_release(&l->xml);
	free(l);
}

int
ct_evtx_lib_count(struct evtx_lib *l, int recovered)
{
	int n = 0;
	int rc = recovered ?
	    L.libevtx_file_get_number_of_recovered_records(l->file, &n, NULL) :
	    L.libevtx_file_get_number_of_records(l->file, &n, NULL);

	return rc == 1 ? n : -1;
}

/* expat callbacks: XML from libevtx into the builder. */
static void XMLCALL
x_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
	struct evtx_event *ev = ud;
	int i;

	ct_evtx_ev_open(ev, name, strlen(name));
	for (i = 0; atts[i] && atts[i + 1]; i += 2)
		ct_evtx_ev_attr(ev, atts[i], strlen(atts[i]), atts[i + 1],
		    strlen(atts[i + 1]));
}

static void XMLCALL
x_end(void *ud, const XML_Char *name)
{
	(void)name;
	ct_evtx_ev_close(ud);
}

static void XMLCALL
x_text(void *ud, const XML_Char *s, int len)
{
	if (len > 0)
		ct_evtx_ev_text(ud, s, (size_t)len);
}

int
ct_evtx_lib_record(struct evtx_lib *l, int recovered, int i,
    struct evtx_event *ev, int64_t *offset, char *why, size_t whysz)
{
	libevtx_record_t *r = NULL;
	libevtx_error_t *e = NULL;
	size_t sz = 0;
	off64_t off = -1;
	uint64_t ident = 0, written = 0;
	XML_Parser xp;
	int rc;

	*offset = CT_NULL_INT;
	rc = recovered ?
	    L.libevtx_file_get_recovered_record_by_index(l->file, i, &r, &e) :
	    L.libevtx_file_get_record_by_index(l->file, i, &r, &e);
	if (rc != 1) {
		lib_why(e, "libevtx cannot read the record", why, whysz);
		return -1;
	}
	if (L.libevtx_record_get_offset(r, &off, NULL) == 1)
		*offset = off;
	if (L.libevtx_record_get_utf8_xml_string_size(r, &sz, &e) != 1 ||
	    sz == 0 || sz > LIB_XML_MAX) {
		lib_why(e, "libevtx cannot render the record", why, whysz);
		L.libevtx_record_free(&r, NULL);
		return -1;
	}
	ct_buf_reset(&l->xml);
	if (ct_buf_grow(&l->xml, sz) != 0 ||
	    L.libevtx_record_get_utf8_xml_string(r, (uint8_t *)l->xml.buf, sz,
	    &e) != 1) {
		lib_why(e, "libevtx cannot render the record", why, whysz);
		L.libevtx_record_free(&r, NULL);
		return -1;
	}
	l->xml.buf[sz - 1] = '\0';
	l->xml.len = strlen(l->xml.buf);
	ct_evtx_event_reset(ev);
	if (L.libevtx_record_get_identifier(r, &ident, NULL) == 1)
		ev->record_number = (int64_t)ident;
	if (L.libevtx_record_get_written_time(r, &written, NULL) == 1)
		ev->written = (int64_t)written;
	L.libevtx_record_free(&r, NULL);

	xp = XML_ParserCreate("UTF-8");
	if (!xp) {
		snprintf(why, whysz, "expat cannot start");
		return -1;
	}
	XML_SetUserData(xp, ev);
	XML_SetElementHandler(xp, x_start, x_end);
	XML_SetCharacterDataHandler(xp, x_text);
	if (XML_Parse(xp, l->xml.buf, (int)l->xml.len, 1) != XML_STATUS_OK) {
		snprintf(why, whysz, "libevtx rendered XML that does not "
		    "parse: %s", XML_ErrorString(XML_GetErrorCode(xp)));
		XML_ParserFree(xp);
		ct_evtx_ev_finish(ev);
		return -1;
	}
	XML_ParserFree(xp);
	ct_evtx_ev_finish(ev);
	return 0;
}
