/*
 * error.h - the one way casetrail reports errors.
 *
 * A function that can fail returns an enum ct_status and, on failure, fills
 * a caller-provided struct ct_error with a message naming the file and, for
 * damaged evidence, the byte offset:
 *
 *	return ct_error_set(err, CT_ERR_IO, path, off, "short read");
 *
 * The status codes are append-only (like curl's): scripts and the exit
 * codes of the command line depend on them. Damage inside evidence that
 * still allows the rest to be read is not an error: it is a warning row in
 * the case file (see sink.h, ct_batch_warn).
 */
#ifndef CT_ERROR_H
#define CT_ERROR_H

#include "compat.h"

enum ct_status {
	CT_OK = 0,
	CT_ERR_USAGE,		/* bad command line or argument */
	CT_ERR_IO,		/* cannot open, read or write a file */
	CT_ERR_FORMAT,		/* input is not in the expected format */
	CT_ERR_DB,		/* SQLite failed on the case file */
	CT_ERR_NOTCASE,		/* the file is not a casetrail case file */
	CT_ERR_NEWER,		/* case file from a newer casetrail */
	CT_ERR_UNSUPPORTED,	/* valid input casetrail cannot handle */
	CT_ERR_CANCELLED,	/* interrupted by the user */
	CT_ERR_INTERNAL,	/* a bug: an invariant did not hold */
	CT_ERR_OLDER,		/* case file of an older schema that cannot be upgraded here */
};

/* No offset applies (the whole file, or not file-related). */
#define CT_NO_OFFSET (-1)

struct ct_error {
	enum ct_status code;
	int64_t offset;		/* byte offset in path, or CT_NO_OFFSET */
	char path[1024];	/* file the error is about, or "" */
	char msg[1024];		/* what went wrong, lower-case, no final period */
};

#define CT_ERROR_INIT { CT_OK, CT_NO_OFFSET, "", "" }

/*
 * Record an error and return its code, so callers can write
 * "return ct_error_set(...)". path may be NULL. Long texts are truncated.
 */
enum ct_status ct_error_set(struct ct_error *err, enum ct_status code,
    const char *path, int64_t offset, const char *fmt, ...)
    CT_PRINTF(5, 6);

/* Reset to CT_OK with no message. */
void ct_error_clear(struct ct_error *err);

/* One sentence describing a status code ("input/output error"). */
const char *ct_strerror(enum ct_status code);

/*
 * Format as "'path' at offset N: message" into out (always NUL-terminated).
 * The prefix parts are left out when they do not apply.
 */
void ct_error_format(const struct ct_error *err, char *out, size_t outsz);

/* Print "casetrail: <formatted error>" on stderr (through ct_eprintf). */
void ct_error_print(const struct ct_error *err);

/*
 * Print a message on stderr with whatever came from evidence made
 * harmless for a terminal: control characters (ESC, BEL, CR, a newline
 * inside a file name...), invalid UTF-8 and bidirectional overrides of
 * the formatted text are shown as escapes (ct_buf_add_printable); only the
 * newlines that end it are printed as they are. Every "casetrail: ..."
 * message goes through here.
 */
void ct_eprintf(const char *fmt, ...) CT_PRINTF(1, 2);

/* Map a status to the documented process exit code (see casetrail(1)). */
int ct_status_exit_code(enum ct_status code);

/* Exit codes, documented in man/casetrail.1. */
#define CT_EXIT_OK	0	/* everything processed */
#define CT_EXIT_INPUT	1	/* some input could not be processed, or warnings */
#define CT_EXIT_USAGE	2	/* bad usage, or a subcommand not implemented */
#define CT_EXIT_CASE	3	/* the case file could not be used */
#define CT_EXIT_INTERNAL 4	/* internal error (a bug) */
#define CT_EXIT_INTERRUPTED 130	/* stopped by Ctrl-C: 128 + SIGINT, as shells do */

#endif
