/*
 * prefetch.c - Windows Prefetch files (.pf) through libscca.
 *
 * Format: libyal's "Windows Prefetch File (PF) format" (libscca
 * documentation): versions 17 (XP), 23 (Vista/7), 26 (8.1), 30 (10), the
 * latter usually MAM-compressed (LZXPRESS Huffman), which libscca
 * 20200717 decompresses itself. Version 31 (Windows 11) is refused by that
 * libscca: the file becomes a "failed" source with libscca's reason.
 *
 * The file is read into memory (Prefetch files are kilobytes; a named cap
 * refuses anything larger) and handed to libscca through a libbfio memory
 * range, so loose files and files inside images take the same path.
 */
#include "compat.h"

#include <libbfio.h>
#include <libscca.h>
#include <strings.h>

#include "buf.h"
#include "parser.h"
#include "prefetch.h"
#include "timefmt.h"
#include "xalloc.h"

/* Real Prefetch files are < 1 MiB; anything above is not one. */
#define PF_MAX_BYTES	(16 << 20)
/* Bounds on what we copy out of a file (libscca already bounds counts). */
#define PF_MAX_NAMES	65536
#define PF_MAX_NAME_BYTES 32768

static void
scca_message(libscca_error_t *e, char *out, size_t n)
{
	out[0] = '\0';
	if (e) {
		char *nl;

		libscca_error_sprint(e, out, n);
		/* libscca's backtrace is one line per level: keep the first. */
		nl = strchr(out, '\n');
		if (nl)
			*nl = '\0';
		libscca_error_free(&e);
	}
}

/* Append a JSON string from a UTF-8 string libscca produced. */
static void
json_str(struct ct_buf *b, const char *s)
{
	ct_buf_addch(b, '"');
	ct_buf_add_json_str(b, s, strlen(s));
	ct_buf_addch(b, '"');
}

static void
add_filenames(libscca_file_t *f, struct ct_buf *files)
{
	int n = 0, i;
	uint8_t *name = ct_xmalloc(PF_MAX_NAME_BYTES);

	ct_buf_addch(files, '[');
	if (libscca_file_get_number_of_filenames(f, &n, NULL) != 1)
		n = 0;
	if (n > PF_MAX_NAMES)
		n = PF_MAX_NAMES;
	for (i = 0; i < n; i++) {
		size_t sz = 0;

		if (libscca_file_get_utf8_filename_size(f, i, &sz, NULL) != 1 ||
		    sz == 0 || sz > PF_MAX_NAME_BYTES ||
		    libscca_file_get_utf8_filename(f, i, name, sz, NULL) != 1)
			continue;
		name[sz - 1] = '\0';
		if (files->len > 1)
			ct_buf_addch(files, ',');
		json_str(files, (const char *)name);
	}
	ct_buf_addch(files, ']');
	free(name);
}

static void
add_volumes(libscca_file_t *f, struct ct_buf *vols)
{
	int n = 0, i;
	uint8_t *path = ct_xmalloc(PF_MAX_NAME_BYTES);

	ct_buf_addch(vols, '[');
	if (libscca_file_get_number_of_volumes(f, &n, NULL) != 1)
		n = 0;
	if (n > 256)
		n = 256;
	for (i = 0; i < n; i++) {
		libscca_volume_information_t *v = NULL;
		uint64_t created = 0;
		uint32_t serial = 0;
		size_t sz = 0;
		char iso[CT_TIME_ISO_LEN];

		if (libscca_file_get_volume_information(f, i, &v, NULL) != 1)
			continue;
		path[0] = '\0';
		if (libscca_volume_information_get_utf8_device_path_size(v,
		    &sz, NULL) == 1 && sz > 0 && sz <= PF_MAX_NAME_BYTES &&
		    libscca_volume_information_get_utf8_device_path(v, path,
		    sz, NULL) == 1)
			path[sz - 1] = '\0';
		else
			path[0] = '\0';
		libscca_volume_information_get_serial_number(v, &serial, NULL);
		libscca_volume_information_get_creation_time(v, &created,
		    NULL);
		if (vols->len > 1)
			ct_buf_addch(vols, ',');
		ct_buf_adds(vols, "{\"device_path\":");
		json_str(vols, (const char *)path);
		ct_buf_addf(vols, ",\"serial\":\"%08" PRIx32 "\"", serial);
		if (created && created <= INT64_MAX)
			ct_buf_addf(vols, ",\"created\":%" PRId64 ",\"created_"
			    "iso\":\"%s\"", (int64_t)created,
			    ct_time_iso((int64_t)created, iso));
		ct_buf_addch(vols, '}');
		libscca_volume_information_free(&v, NULL);
	}
	ct_buf_addch(vols, ']');
	free(path);
}

enum ct_status
ct_prefetch_parse_buffer(uint8_t *data, size_t n, struct ct_batch *b,
    const char *path, struct ct_error *err)
{
	libbfio_handle_t *io = NULL;
	libscca_file_t *f = NULL;
	libscca_error_t *e = NULL;
	struct ct_buf exe = CT_BUF_INIT, runs = CT_BUF_INIT;
	struct ct_buf vols = CT_BUF_INIT, files = CT_BUF_INIT;
	struct ct_buf summary = CT_BUF_INIT;
	struct ct_record_row rec;
	struct ct_prefetch_row pf;
	uint32_t version = 0, hash = 0, run_count = 0;
	int64_t times[8], last = CT_NULL_INT;
	char msg[512], hashhex[16];
	size_t sz = 0;
	int i, ntimes = 0;
	enum ct_status rc = CT_OK;

	if (libbfio_memory_range_initialize(&io, NULL) != 1 ||
	    libbfio_memory_range_set(io, data, n, NULL) != 1 ||
	    libscca_file_initialize(&f, NULL) != 1) {
		rc = ct_error_set(err, CT_ERR_INTERNAL, path, CT_NO_OFFSET,
		    "cannot set up libscca");
		goto out;
	}
	if (libscca_file_open_file_io_handle(f, io, LIBSCCA_OPEN_READ,
	    &e) != 1) {
		scca_message(e, msg, sizeof(msg));
		rc = ct_error_set(err, CT_ERR_FORMAT, path, CT_NO_OFFSET,
		    "not a Prefetch file libscca can read (Windows 11 "
		    "version 31 files are not supported): %s", msg);
		goto out;
	}
	libscca_file_get_format_version(f, &version, NULL);
	libscca_file_get_prefetch_hash(f, &hash, NULL);
	libscca_file_get_run_count(f, &run_count, NULL);
	if (libscca_file_get_utf8_executable_filename_size(f, &sz, NULL) == 1 &&
	    sz > 0 && sz <= PF_MAX_NAME_BYTES) {
		ct_buf_grow(&exe, sz);
		if (libscca_file_get_utf8_executable_filename(f,
		    (uint8_t *)exe.buf, sz, NULL) == 1)
			ct_buf_setlen(&exe, strnlen(exe.buf, sz));
	}
	/* Versions up to 23 keep one run time, later ones eight. */
	ct_buf_addch(&runs, '[');
	for (i = 0; i < (version >= 26 ? 8 : 1); i++) {
		uint64_t ft = 0;

		if (libscca_file_get_last_run_time(f, i, &ft, NULL) != 1 ||
		    ft == 0 || ft > INT64_MAX)
			continue;
		times[ntimes++] = (int64_t)ft;
		if (runs.len > 1)
			ct_buf_addch(&runs, ',');
		ct_buf_addf(&runs, "%" PRId64, (int64_t)ft);
		if (last == CT_NULL_INT || (int64_t)ft > last)
			last = (int64_t)ft;
	}
	ct_buf_addch(&runs, ']');
	add_volumes(f, &vols);
	add_filenames(f, &files);

	snprintf(hashhex, sizeof(hashhex), "%08" PRIX32, hash);
	ct_buf_addf(&summary, "%s run (Prefetch, run count %" PRIu32 ")",
	    exe.len ? exe.buf : "?", run_count);
	memset(&rec, 0, sizeof(rec));
	rec.type = "prefetch";
	rec.locator = path;
	rec.offset = CT_NULL_INT;
	rec.summary = summary.buf;
	ct_batch_record(b, &rec);
	for (i = 0; i < ntimes; i++)
		ct_batch_event(b, times[i], "program run");
	memset(&pf, 0, sizeof(pf));
	pf.executable = exe.len ? exe.buf : "";
	pf.prefetch_hash = hashhex;
	pf.format_version = version;
	pf.run_count = run_count;
	pf.last_run = last;
	pf.run_times = runs.buf;
	pf.volumes = vols.buf;
	pf.files = files.buf;
	ct_batch_prefetch(b, &pf);
out:
	if (f) {
		libscca_file_close(f, NULL);
		libscca_file_free(&f, NULL);
	}
	if (io)
		libbfio_handle_free(&io, NULL);
	ct_buf_release(&exe);
	ct_buf_release(&runs);
	ct_buf_release(&vols);
	ct_buf_release(&files);
	ct_buf_release(&summary);
	return rc;
}

static int
prefetch_probe(const uint8_t *head, size_t n, const char *name, int64_t size)
{
	size_t len = name ? strlen(name) : 0;
	int pf_name = len >= 3 && strcasecmp(name + len - 3, ".pf") == 0;

	(void)size;
	if (n >= 8 && memcmp(head + 4, "SCCA", 4) == 0)
		return 90;
	if (n >= 8 && memcmp(head, "MAM", 3) == 0 && pf_name)
		return 90;	/* MAM-compressed (Windows 8.1 and later) */
	return 0;
}

static enum ct_status
prefetch_parse(struct ct_input *in, struct ct_error *err)
{
	struct ct_batch *b;
	uint8_t *data;
	int64_t got;
	enum ct_status rc;

	if (in->size < 8)
		return ct_error_set(err, CT_ERR_FORMAT, in->path, CT_NO_OFFSET,
		    "Prefetch file too short (%" PRId64 " bytes)", in->size);
	if (in->size > PF_MAX_BYTES)
		return ct_error_set(err, CT_ERR_FORMAT, in->path, CT_NO_OFFSET,
		    "%" PRId64 " bytes is larger than any Prefetch file "
		    "(limit %d)", in->size, PF_MAX_BYTES);
	data = ct_xmalloc((size_t)in->size);
	got = in->read_at(in->ctx, data, (size_t)in->size, 0);
	if (got != in->size) {
		free(data);
		return ct_error_set(err, CT_ERR_IO, in->path, got < 0 ? 0 : got,
		    "cannot read the Prefetch file");
	}
	b = ct_batch_new(in->sink, in->source_id, "prefetch");
	rc = ct_prefetch_parse_buffer(data, (size_t)got, b, in->path, err);
	ct_batch_free(b);
	free(data);
	return rc;
}

const struct ct_parser ct_parser_prefetch = {
	CT_PARSER_ABI, "prefetch", "prefetch",
	"Windows Prefetch files (.pf, versions 17-30, via libscca)",
	1, prefetch_probe, prefetch_parse,
};
