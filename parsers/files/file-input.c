/*
 * file-input.c - what the artefact file parsers share: reading a small
 * input whole, the user its path names, a memory file for libyal.
 */
#include "compat.h"

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <strings.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "artefact.h"
#include "buf.h"
#include "casedb.h"
#include "files.h"
#include "xalloc.h"

enum ct_status
ct_files_slurp(struct ct_input *in, size_t min, size_t max, const char *what,
    uint8_t **data, size_t *n, struct ct_error *err)
{
	uint8_t *p;
	int64_t got;

	*data = NULL;
	*n = 0;
	if (in->size < 0 || (uint64_t)in->size < min)
		return ct_error_set(err, CT_ERR_FORMAT, in->path, CT_NO_OFFSET,
		    "%s too short (%" PRId64 " bytes)", what, in->size);
	if ((uint64_t)in->size > max)
		return ct_error_set(err, CT_ERR_FORMAT, in->path, CT_NO_OFFSET,
		    "%" PRId64 " bytes is larger than any %s (limit %zu)",
		    in->size, what, max);
	/* one byte more, so text decoders may NUL-terminate */
	p = ct_xmalloc((size_t)in->size + 1);
	got = in->size ? in->read_at(in->ctx, p, (size_t)in->size, 0) : 0;
	if (got != in->size) {
		free(p);
		return ct_error_set(err, CT_ERR_IO, in->path, got < 0 ? 0 : got,
		    "cannot read the %s", what);
	}
	p[got] = 0;
	*data = p;
	*n = (size_t)got;
	return CT_OK;
}

/* Find "/<dir>/" (either slash, any case) in path; the text after it. */
static const char *
after_dir(const char *path, const char *dir)
{
	size_t len = strlen(dir);
	const char *s;

	for (s = path; *s; s++) {
		if ((*s == '/' || *s == '\\') && strncasecmp(s + 1, dir, len) == 0 &&
		    (s[len + 1] == '/' || s[len + 1] == '\\'))
			return s + len + 2;
	}
	return NULL;
}

static void
copy_component(const char *s, char *out, size_t n)
{
	size_t i = 0;

	while (s[i] && s[i] != '/' && s[i] != '\\' && i + 1 < n) {
		out[i] = s[i];
		i++;
	}
	out[i] = '\0';
}

void
ct_files_profile_user(const char *path, char *out, size_t n)
{
	const char *u = after_dir(path, "Users");

	if (u == NULL)
		u = after_dir(path, "Documents and Settings");
	if (n == 0)
		return;
	out[0] = '\0';
	/* the name must be followed by more of the path: it is a folder */
	if (u && strpbrk(u, "/\\"))
		copy_component(u, out, n);
}

void
ct_files_folder_sid(const char *path, char *out, size_t n)
{
	const char *s, *found = NULL;

	if (n == 0)
		return;
	out[0] = '\0';
	for (s = path; *s; s++)
		if ((s == path || s[-1] == '/' || s[-1] == '\\') &&
		    (s[0] == 'S' || s[0] == 's') && s[1] == '-' && s[2] == '1' &&
		    s[3] == '-' && strpbrk(s, "/\\"))
			found = s;
	if (found)
		copy_component(found, out, n);
}

const char *
ct_files_basename(const char *path)
{
	const char *s, *base = path;

	for (s = path; *s; s++)
		if (*s == '/' || *s == '\\')
			base = s + 1;
	return base;
}

int
ct_files_memory_file(const uint8_t *data, size_t n, char *fdpath,
    size_t fdpath_size)
{
	size_t done = 0;
	int fd = -1;

#ifdef SYS_memfd_create
	fd = (int)syscall(SYS_memfd_create, "casetrail-artefact", 1u /* CLOEXEC */);
#endif
	if (fd < 0) {
		const char *dir = getenv("TMPDIR");
		char *tmpl = ct_xasprintf("%s/casetrail-art.XXXXXX",
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
			int e = errno;

			close(fd);
			errno = e ? e : EIO;
			return -1;
		}
		done += (size_t)w;
	}
	snprintf(fdpath, fdpath_size, "/proc/self/fd/%d", fd);
	return fd;
}

void
ct_files_json_str(struct ct_buf *b, const char *s)
{
	if (s == NULL) {
		ct_buf_adds(b, "null");
		return;
	}
	ct_buf_addch(b, '"');
	ct_buf_add_json_str(b, s, strlen(s));
	ct_buf_addch(b, '"');
}

void
ct_files_warn(struct ct_batch *b, int64_t offset, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	if (b == NULL)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	ct_batch_warn(b, offset, "%s", msg);
}

void
ct_files_emit(struct ct_batch *b, const char *locator, int64_t offset,
    int flags, const struct ct_artefact_row *a, const char *summary,
    const struct ct_files_time *times, size_t n)
{
	struct ct_record_row rec;
	size_t i;

	memset(&rec, 0, sizeof(rec));
	rec.type = "artefact";
	rec.locator = locator;
	rec.offset = offset;
	rec.flags = flags;
	rec.summary = summary;
	ct_batch_record(b, &rec);
	for (i = 0; i < n; i++)
		if (times[i].ts != CT_NULL_INT && times[i].ts > 0)
			ct_batch_event(b, times[i].ts, times[i].desc);
	ct_batch_artefact(b, a);
}

void
ct_files_add_oneline(struct ct_buf *b, const char *s, size_t n)
{
	size_t i, start = 0;

	for (i = 0; i <= n; i++) {
		if (i < n && s[i] != '\r' && s[i] != '\n' && s[i] != '\t')
			continue;
		ct_buf_add_utf8_clean(b, s + start, i - start);
		/* one space for a run of breaks */
		if (i < n && (b->len == 0 || b->buf[b->len - 1] != ' '))
			ct_buf_addch(b, ' ');
		start = i + 1;
	}
}
