/*
 * caselock.c - the writer lock of a case file (see caselock.h).
 */
#include "compat.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include "error.h"
#include "buf.h"
#include "caselock.h"
#include "xalloc.h"

/* Bytes of the holder's command line kept in the lock file. */
#define LOCK_COMMAND_MAX	200

struct ct_case_lock {
	int fd;
};

static char command[LOCK_COMMAND_MAX + 1] = "casetrail";

void
ct_case_lock_set_command(int argc, char *const *argv)
{
	struct ct_buf b = CT_BUF_INIT;
	int i;

	ct_buf_adds(&b, "casetrail");
	for (i = 1; i < argc; i++) {
		ct_buf_addch(&b, ' ');
		/* Paths are evidence names: printable, for other terminals. */
		ct_buf_add_printable(&b, argv[i]);
	}
	snprintf(command, sizeof(command), "%s", b.buf);
	ct_buf_release(&b);
}

static char *
lock_path(const char *case_path)
{
	return ct_xasprintf("%s.lock", case_path);
}

/* The holder's words from an open lock file, into out ("" if none). */
static void
read_holder(int fd, char *out, size_t outsz)
{
	ssize_t n = pread(fd, out, outsz - 1, 0);
	size_t i;

	out[n > 0 ? (size_t)n : 0] = '\0';
	for (i = 0; out[i]; i++)
		if (out[i] == '\n') {
			out[i] = '\0';
			break;
		}
}

enum ct_status
ct_case_lock_take(const char *case_path, struct ct_case_lock **out,
    struct ct_error *err)
{
	char *path = lock_path(case_path), line[LOCK_COMMAND_MAX + 64];
	int fd, r;

	*out = NULL;
	fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0666);
	if (fd < 0) {
		enum ct_status rc = ct_error_set(err, CT_ERR_IO, path,
		    CT_NO_OFFSET, "cannot create the case's lock file: %s",
		    strerror(errno));

		free(path);
		return rc;
	}
	if (flock(fd, LOCK_EX | LOCK_NB) != 0 && errno == EWOULDBLOCK) {
		char holder[LOCK_COMMAND_MAX + 64];
		struct ct_buf shown = CT_BUF_INIT;

		/*
		 * Only a writer leaves its words in the file; without them the
		 * lock is a reader's brief look (ct_case_lock_holder).
		 */
		read_holder(fd, holder, sizeof(holder));
		if (holder[0]) {
			ct_buf_add_printable(&shown, case_path);
			ct_eprintf("casetrail: '%s' is being written by "
			    "another casetrail (%s); waiting for it to "
			    "finish\n", shown.buf, holder);
			ct_buf_release(&shown);
		}
		do
			r = flock(fd, LOCK_EX);
		while (r != 0 && errno == EINTR);
		if (r != 0)
			goto fail;
	}
	snprintf(line, sizeof(line), "pid %ld: %s\n", (long)getpid(), command);
	/* The words are for messages only: a failure to write them is no error. */
	if (ftruncate(fd, 0) == 0) {
		ssize_t w = pwrite(fd, line, strlen(line), 0);

		(void)w;
	}
	*out = ct_xcalloc(1, sizeof(**out));
	(*out)->fd = fd;
	free(path);
	return CT_OK;
fail:
	{
		enum ct_status rc = ct_error_set(err, CT_ERR_IO, path,
		    CT_NO_OFFSET, "cannot lock the case: %s", strerror(errno));

		close(fd);
		free(path);
		return rc;
	}
}

void
ct_case_lock_release(struct ct_case_lock *l)
{
	if (l == NULL)
		return;
	/* The file stays: removing it would race with a waiter's open(). */
	if (ftruncate(l->fd, 0) != 0) {
		/* stale words are harmless: nobody holds the lock now */
	}
	close(l->fd);
	free(l);
}

int
ct_case_lock_holder(const char *case_path, char *out, size_t outsz)
{
	char *path = lock_path(case_path);
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW), held = 0;

	free(path);
	out[0] = '\0';
	if (fd < 0)
		return 0;
	/* A shared lock we can take means nobody writes. */
	if (flock(fd, LOCK_SH | LOCK_NB) != 0 && errno == EWOULDBLOCK) {
		held = 1;
		read_holder(fd, out, outsz);
	}
	close(fd);
	return held;
}
