/*
 * outfile.c - write to a temporary file, rename it into place when
 * complete (see outfile.h).
 */
#include "compat.h"

#include <errno.h>
#include <sys/stat.h>
#include <unistd.h>

#include "outfile.h"
#include "xalloc.h"

enum ct_status
ct_outfile_open(struct ct_outfile *o, const char *path, struct ct_error *err)
{
	struct stat st;
	mode_t mask;
	int fd;

	memset(o, 0, sizeof(*o));
	if (strcmp(path, "-") == 0) {
		o->fp = stdout;
		return CT_OK;
	}
	/*
	 * A device, a FIFO or a terminal (/dev/stdout, /dev/full, a pipe) is
	 * written as it is: renaming a file over it would replace the device
	 * node, and nobody mistakes its output for a finished file.
	 */
	if (stat(path, &st) == 0 && !S_ISREG(st.st_mode)) {
		if ((o->fp = fopen(path, "w")) == NULL)
			return ct_error_set(err, CT_ERR_IO, path, CT_NO_OFFSET,
			    "cannot write: %s", strerror(errno));
		o->path = ct_xstrdup(path);
		return CT_OK;
	}
	/* Same directory as the final name, so rename() is atomic. */
	o->tmp = ct_xasprintf("%s.tmp-XXXXXX", path);
	if ((fd = mkstemp(o->tmp)) < 0) {
		enum ct_status rc = ct_error_set(err, CT_ERR_IO, path,
		    CT_NO_OFFSET, "cannot create: %s", strerror(errno));

		free(o->tmp);
		o->tmp = NULL;
		return rc;
	}
	/* mkstemp makes 0600; a report gets the mode any new file would. */
	mask = umask(0);
	umask(mask);
	(void)fchmod(fd, 0666 & ~mask);
	if ((o->fp = fdopen(fd, "w")) == NULL) {
		enum ct_status rc = ct_error_set(err, CT_ERR_IO, path,
		    CT_NO_OFFSET, "cannot write: %s", strerror(errno));

		close(fd);
		unlink(o->tmp);
		free(o->tmp);
		o->tmp = NULL;
		return rc;
	}
	o->path = ct_xstrdup(path);
	return CT_OK;
}

enum ct_status
ct_outfile_close(struct ct_outfile *o, int ok, struct ct_error *err)
{
	enum ct_status rc = CT_OK;
	int failed = ferror(o->fp) || fflush(o->fp) != 0;
	const char *name = o->path ? o->path : "standard output";

	if (o->path == NULL) {
		if (ok && failed)
			rc = ct_error_set(err, CT_ERR_IO, name, CT_NO_OFFSET,
			    "cannot write: %s", strerror(errno));
		return rc;
	}
	if (fclose(o->fp) != 0)
		failed = 1;
	if (ok && failed)
		rc = ct_error_set(err, CT_ERR_IO, o->path, CT_NO_OFFSET,
		    "cannot write: %s", strerror(errno));
	else if (ok && o->tmp && rename(o->tmp, o->path) != 0)
		rc = ct_error_set(err, CT_ERR_IO, o->path, CT_NO_OFFSET,
		    "cannot rename the finished file into place: %s",
		    strerror(errno));
	if (o->tmp && (!ok || rc != CT_OK))
		unlink(o->tmp);
	free(o->tmp);
	free(o->path);
	memset(o, 0, sizeof(*o));
	return rc;
}
