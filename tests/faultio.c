/*
 * faultio.c - an LD_PRELOAD library for the crash and I/O-error tests:
 * writes to chosen files start failing with ENOSPC ("No space left on
 * device") after a given number of them, as on a disk that fills up.
 *
 * SQLite's own tests inject I/O errors through a test VFS; casetrail is
 * tested as it ships, so the failure is injected below it instead, at the
 * C library: open() and mkstemp() remember the descriptors of files whose
 * path contains $FAULTIO_MATCH (the case file, its journal, its WAL, a
 * report's temporary file), and the write calls on them count (write,
 * pwrite, and stdio's fwrite, fflush and fclose, whose own writes the
 * library cannot see). From the $FAULTIO_AT-th one on, every write
 * (and fsync, ftruncate and fallocate growing the file) fails with ENOSPC;
 * FAULTIO_ONCE=1 fails only that one. $FAULTIO_COUNT names a file that
 * gets the number of writes seen at exit, so a test can learn how many
 * writes a clean run makes.
 *
 *	FAULTIO_MATCH=case.db FAULTIO_AT=120 \
 *	LD_PRELOAD=tests/.libs/faultio.so casetrail ingest case.db x.evtx
 */
#define _GNU_SOURCE 1
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <unistd.h>

#define MAX_FD	4096

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static unsigned char watched[MAX_FD];
static long writes, fail_at = -1;
static int once, ready;
static const char *match;

static void
setup(void)
{
	const char *s;

	if (ready)
		return;
	ready = 1;
	match = getenv("FAULTIO_MATCH");
	if ((s = getenv("FAULTIO_AT")) != NULL)
		fail_at = strtol(s, NULL, 10);
	once = getenv("FAULTIO_ONCE") != NULL;
}

static void __attribute__((destructor))
report(void)
{
	const char *path = getenv("FAULTIO_COUNT");
	FILE *f;

	if (path && (f = fopen(path, "w")) != NULL) {
		fprintf(f, "%ld\n", writes);
		fclose(f);
	}
}

static void
note_open(int fd, const char *path)
{
	pthread_mutex_lock(&lock);
	setup();
	if (fd >= 0 && fd < MAX_FD)
		watched[fd] = match && path && strstr(path, match) != NULL;
	pthread_mutex_unlock(&lock);
}

/* Does this write on fd fail? Counts it. */
static int
must_fail(int fd)
{
	int fail = 0;

	if (fd < 0 || fd >= MAX_FD)
		return 0;
	pthread_mutex_lock(&lock);
	setup();
	if (watched[fd]) {
		writes++;
		if (fail_at > 0 && (once ? writes == fail_at : writes >= fail_at))
			fail = 1;
	}
	pthread_mutex_unlock(&lock);
	if (fail)
		errno = ENOSPC;
	return fail;
}

typedef int (*open_fn)(const char *, int, ...);
typedef int (*openat_fn)(int, const char *, int, ...);
typedef int (*close_fn)(int);
typedef ssize_t (*write_fn)(int, const void *, size_t);
typedef ssize_t (*pwrite_fn)(int, const void *, size_t, off_t);
typedef int (*fallocate_fn)(int, int, off_t, off_t);
typedef int (*ftruncate_fn)(int, off_t);
typedef int (*sync_fn)(int);

/* The C library's own function, looked up once. */
#define REAL(name, type) \
	static type real_##name; \
	if (!real_##name) \
		real_##name = (type)dlsym(RTLD_NEXT, #name)

int
open(const char *path, int flags, ...)
{
	REAL(open, open_fn);
	mode_t mode = 0;
	int fd;

	if (flags & (O_CREAT | O_TMPFILE)) {
		va_list ap;

		va_start(ap, flags);
		mode = (mode_t)va_arg(ap, int);
		va_end(ap);
	}
	fd = real_open(path, flags, mode);
	note_open(fd, path);
	return fd;
}

int
open64(const char *path, int flags, ...)
{
	REAL(open64, open_fn);
	mode_t mode = 0;
	int fd;

	if (flags & (O_CREAT | O_TMPFILE)) {
		va_list ap;

		va_start(ap, flags);
		mode = (mode_t)va_arg(ap, int);
		va_end(ap);
	}
	fd = real_open64(path, flags, mode);
	note_open(fd, path);
	return fd;
}

int
openat(int dir, const char *path, int flags, ...)
{
	REAL(openat, openat_fn);
	mode_t mode = 0;
	int fd;

	if (flags & (O_CREAT | O_TMPFILE)) {
		va_list ap;

		va_start(ap, flags);
		mode = (mode_t)va_arg(ap, int);
		va_end(ap);
	}
	fd = real_openat(dir, path, flags, mode);
	note_open(fd, path);
	return fd;
}

/* glibc's mkstemp opens through an internal call open() does not see. */
typedef int (*mkstemp_fn)(char *);

int
mkstemp(char *template)
{
	REAL(mkstemp, mkstemp_fn);
	int fd = real_mkstemp(template);

	note_open(fd, template);
	return fd;
}

int
mkstemp64(char *template)
{
	REAL(mkstemp64, mkstemp_fn);
	int fd = real_mkstemp64(template);

	note_open(fd, template);
	return fd;
}

int
close(int fd)
{
	REAL(close, close_fn);

	if (fd >= 0 && fd < MAX_FD) {
		pthread_mutex_lock(&lock);
		watched[fd] = 0;
		pthread_mutex_unlock(&lock);
	}
	return real_close(fd);
}

ssize_t
write(int fd, const void *buf, size_t n)
{
	REAL(write, write_fn);

	return must_fail(fd) ? -1 : real_write(fd, buf, n);
}

ssize_t
pwrite(int fd, const void *buf, size_t n, off_t off)
{
	REAL(pwrite, pwrite_fn);

	return must_fail(fd) ? -1 : real_pwrite(fd, buf, n, off);
}

ssize_t
pwrite64(int fd, const void *buf, size_t n, off_t off)
{
	REAL(pwrite64, pwrite_fn);

	return must_fail(fd) ? -1 : real_pwrite64(fd, buf, n, off);
}

int
fallocate(int fd, int mode, off_t off, off_t len)
{
	REAL(fallocate, fallocate_fn);

	return must_fail(fd) ? -1 : real_fallocate(fd, mode, off, len);
}

int
ftruncate(int fd, off_t len)
{
	REAL(ftruncate, ftruncate_fn);

	/* Shrinking a file never needs space: only growth fails. */
	if (len > 0 && lseek(fd, 0, SEEK_END) < len && must_fail(fd))
		return -1;
	return real_ftruncate(fd, len);
}

/*
 * stdio writes through calls of glibc's own that write() does not see:
 * its entry points count instead, one write per call.
 */
typedef size_t (*fwrite_fn)(const void *, size_t, size_t, FILE *);
typedef int (*file_fn)(FILE *);

size_t
fwrite(const void *buf, size_t size, size_t n, FILE *fp)
{
	REAL(fwrite, fwrite_fn);

	if (must_fail(fileno(fp)))
		return 0;
	return real_fwrite(buf, size, n, fp);
}

int
fflush(FILE *fp)
{
	REAL(fflush, file_fn);

	/* fflush(NULL) flushes every stream: not one of ours to fail. */
	if (fp != NULL && must_fail(fileno(fp)))
		return EOF;
	return real_fflush(fp);
}

int
fclose(FILE *fp)
{
	REAL(fclose, file_fn);
	int fail = must_fail(fileno(fp));

	if (fileno(fp) >= 0 && fileno(fp) < MAX_FD) {
		pthread_mutex_lock(&lock);
		watched[fileno(fp)] = 0;
		pthread_mutex_unlock(&lock);
	}
	if (fail) {
		real_fclose(fp);
		errno = ENOSPC;
		return EOF;
	}
	return real_fclose(fp);
}

int
fsync(int fd)
{
	REAL(fsync, sync_fn);

	return must_fail(fd) ? -1 : real_fsync(fd);
}

int
fdatasync(int fd)
{
	REAL(fdatasync, sync_fn);

	return must_fail(fd) ? -1 : real_fdatasync(fd);
}
