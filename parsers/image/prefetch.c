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
 * refuses anything larger), so loose files and files inside images take
 * the same path, and handed to libscca as an anonymous memory file
 * (memfd; a deleted temporary file where that is missing).
 *
 * Why libscca is loaded with dlmopen() into a namespace of its own
 * (src/dynlib.h) rather than like the other libraries: libscca and
 * libbfio export their own copies of libyal's libcdata/libbfio symbols,
 * and libewf (which libtsk uses for E01 images) embeds different
 * versions of the same symbols. Linked together, the
 * first copy in the global symbol scope wins and libewf ends up freeing
 * its segment pool with libscca's libcdata: a double free on every split
 * E01 set (tests/t/t9110). Kept apart, each library uses its own copies.
 */
#include "compat.h"

#include <errno.h>
#include <fcntl.h>
#include <libscca.h>
#include <strings.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "config.h"	/* CT_SONAME_SCCA */

#include "buf.h"
#include "dynlib.h"
#include "parser.h"
#include "prefetch.h"
#include "timefmt.h"
#include "xalloc.h"

/* Real Prefetch files are < 1 MiB; anything above is not one. */
#define PF_MAX_BYTES	(16 << 20)
/* Bounds on what we copy out of a file (libscca already bounds counts). */
#define PF_MAX_NAMES	65536
#define PF_MAX_NAME_BYTES 32768
#define PF_MAX_EXE_BYTES 256	/* the header field holds 29 UTF-16 units */


/* ---- libscca, loaded privately (see the top of the file) ---- */

#define SCCA_FUNCS(X) \
	X(libscca_get_version) \
	X(libscca_error_backtrace_sprint) \
	X(libscca_error_free) \
	X(libscca_file_initialize) \
	X(libscca_file_free) \
	X(libscca_file_open) \
	X(libscca_file_close) \
	X(libscca_file_get_format_version) \
	X(libscca_file_get_prefetch_hash) \
	X(libscca_file_get_run_count) \
	X(libscca_file_get_utf8_executable_filename_size) \
	X(libscca_file_get_utf8_executable_filename) \
	X(libscca_file_get_last_run_time) \
	X(libscca_file_get_number_of_filenames) \
	X(libscca_file_get_utf8_filename_size) \
	X(libscca_file_get_utf8_filename) \
	X(libscca_file_get_number_of_volumes) \
	X(libscca_file_get_volume_information) \
	X(libscca_volume_information_free) \
	X(libscca_volume_information_get_utf8_device_path_size) \
	X(libscca_volume_information_get_utf8_device_path) \
	X(libscca_volume_information_get_serial_number) \
	X(libscca_volume_information_get_creation_time)

static struct {
#define X(f) __typeof__(f) *f;
	SCCA_FUNCS(X)
#undef X
} S;

static const struct ct_dynsym scca_syms[] = {
#define X(f) { #f, (void **)&S.f },
	SCCA_FUNCS(X)
#undef X
	{ NULL, NULL }
};

/*
 * A link-map namespace of its own: libscca, its libbfio and their libyal
 * helpers see only each other, never libewf's or libvmdk's copies of the
 * same symbols (RTLD_DEEPBIND does not cover libscca's dependencies, and
 * the sanitizer runtime refuses it).
 */
static struct ct_dynlib scca_lib = {
	CT_SONAME_SCCA, "libscca1", CT_DYNLIB_NAMESPACE, NULL, scca_syms, 0, ""
};

/* An anonymous file holding data, or -1 (errno set). */
static int
memory_file(const uint8_t *data, size_t n)
{
	size_t done = 0;
	int fd = -1;

#ifdef SYS_memfd_create
	fd = (int)syscall(SYS_memfd_create, "casetrail-prefetch", 1u /* CLOEXEC */);
#endif
	if (fd < 0) {
		const char *dir = getenv("TMPDIR");
		char *tmpl = ct_xasprintf("%s/casetrail-pf.XXXXXX",
		    dir && *dir ? dir : "/tmp");

		fd = mkstemp(tmpl);
		if (fd >= 0)
			unlink(tmpl);
		free(tmpl);
		if (fd < 0)
			return -1;
	}
	while (done < n) {
		ssize_t w = write(fd, data + done, n - done);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			close(fd);
			return -1;
		}
		done += (size_t)w;
	}
	return fd;
}

static void
scca_message(libscca_error_t *e, char *out, size_t n)
{
	out[0] = '\0';
	if (e) {
		char *nl;

		/*
		 * The backtrace has one line per level, innermost (the
		 * actual reason) first: keep that one.
		 */
		S.libscca_error_backtrace_sprint(e, out, n);
		nl = strchr(out, '\n');
		if (nl)
			*nl = '\0';
		S.libscca_error_free(&e);
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
	if (S.libscca_file_get_number_of_filenames(f, &n, NULL) != 1)
		n = 0;
	if (n > PF_MAX_NAMES)
		n = PF_MAX_NAMES;
	for (i = 0; i < n; i++) {
		size_t sz = 0;

		if (S.libscca_file_get_utf8_filename_size(f, i, &sz, NULL) != 1 ||
		    sz == 0 || sz > PF_MAX_NAME_BYTES ||
		    S.libscca_file_get_utf8_filename(f, i, name, sz, NULL) != 1)
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
	if (S.libscca_file_get_number_of_volumes(f, &n, NULL) != 1)
		n = 0;
	if (n > 256)
		n = 256;
	for (i = 0; i < n; i++) {
		libscca_volume_information_t *v = NULL;
		uint64_t created = 0;
		uint32_t serial = 0;
		size_t sz = 0;
		char iso[CT_TIME_ISO_LEN];

		if (S.libscca_file_get_volume_information(f, i, &v, NULL) != 1)
			continue;
		path[0] = '\0';
		if (S.libscca_volume_information_get_utf8_device_path_size(v,
		    &sz, NULL) == 1 && sz > 0 && sz <= PF_MAX_NAME_BYTES &&
		    S.libscca_volume_information_get_utf8_device_path(v, path,
		    sz, NULL) == 1)
			path[sz - 1] = '\0';
		else
			path[0] = '\0';
		S.libscca_volume_information_get_serial_number(v, &serial, NULL);
		S.libscca_volume_information_get_creation_time(v, &created,
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
		S.libscca_volume_information_free(&v, NULL);
	}
	ct_buf_addch(vols, ']');
	free(path);
}

enum ct_status
ct_prefetch_parse_buffer(const uint8_t *data, size_t n, struct ct_batch *b,
    const char *path, struct ct_error *err)
{
	int fd = -1;
	char fdpath[64];
	libscca_file_t *f = NULL;
	libscca_error_t *e = NULL;
	struct ct_buf runs = CT_BUF_INIT;
	struct ct_buf vols = CT_BUF_INIT, files = CT_BUF_INIT;
	struct ct_buf summary = CT_BUF_INIT;
	struct ct_record_row rec;
	struct ct_prefetch_row pf;
	uint32_t version = 0, hash = 0, run_count = 0;
	int64_t times[8], last = CT_NULL_INT;
	char msg[512], hashhex[16];
	uint8_t exe[PF_MAX_EXE_BYTES];
	size_t sz = 0;
	int i, ntimes = 0;
	enum ct_status rc = CT_OK;

	if (ct_dynlib_load(&scca_lib) != 0) {
		rc = ct_error_set(err, CT_ERR_UNSUPPORTED, path, CT_NO_OFFSET,
		    "%s", scca_lib.error);
		goto out;
	}
	fd = memory_file(data, n);
	if (fd < 0) {
		rc = ct_error_set(err, CT_ERR_IO, path, CT_NO_OFFSET,
		    "cannot make a memory file for libscca: %s",
		    strerror(errno));
		goto out;
	}
	snprintf(fdpath, sizeof(fdpath), "/proc/self/fd/%d", fd);
	if (S.libscca_file_initialize(&f, NULL) != 1) {
		rc = ct_error_set(err, CT_ERR_INTERNAL, path, CT_NO_OFFSET,
		    "cannot set up libscca");
		goto out;
	}
	if (S.libscca_file_open(f, fdpath, LIBSCCA_OPEN_READ, &e) != 1) {
		scca_message(e, msg, sizeof(msg));
		rc = ct_error_set(err, CT_ERR_FORMAT, path, CT_NO_OFFSET,
		    "not a Prefetch file libscca %s can read (it reads "
		    "versions 17 to 30, MAM-compressed ones included): %s",
		    S.libscca_get_version(), msg);
		goto out;
	}
	S.libscca_file_get_format_version(f, &version, NULL);
	S.libscca_file_get_prefetch_hash(f, &hash, NULL);
	S.libscca_file_get_run_count(f, &run_count, NULL);
	exe[0] = '\0';
	if (S.libscca_file_get_utf8_executable_filename_size(f, &sz, NULL) != 1 ||
	    sz == 0 || sz > sizeof(exe) ||
	    S.libscca_file_get_utf8_executable_filename(f, exe, sz, NULL) != 1)
		exe[0] = '\0';
	exe[sizeof(exe) - 1] = '\0';
	/* Versions up to 23 keep one run time, later ones eight. */
	ct_buf_addch(&runs, '[');
	for (i = 0; i < (version >= 26 ? 8 : 1); i++) {
		uint64_t ft = 0;

		if (S.libscca_file_get_last_run_time(f, i, &ft, NULL) != 1 ||
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
	    exe[0] ? (const char *)exe : "?", run_count);
	memset(&rec, 0, sizeof(rec));
	rec.type = "prefetch";
	rec.locator = path;
	rec.offset = CT_NULL_INT;
	rec.summary = summary.buf;
	ct_batch_record(b, &rec);
	for (i = 0; i < ntimes; i++)
		ct_batch_event(b, times[i], "program run");
	memset(&pf, 0, sizeof(pf));
	pf.executable = (const char *)exe;
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
		S.libscca_file_close(f, NULL);
		S.libscca_file_free(&f, NULL);
	}
	if (fd >= 0)
		close(fd);
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

static const char *const prefetch_image_paths[] = {
	"*/Windows/Prefetch/*.pf", NULL
};

const struct ct_parser ct_parser_prefetch = {
	.abi = CT_PARSER_ABI,
	.name = "prefetch",
	.kind = "prefetch",
	.summary = "Windows Prefetch files (.pf, versions 17-30, via libscca)",
	.nested = 1,
	.image_paths = prefetch_image_paths,
	.probe = prefetch_probe,
	.parse = prefetch_parse,
};
