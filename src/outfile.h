/*
 * outfile.h - an output file that is either complete or not there.
 *
 * Reports and exports are written to a temporary file beside their name
 * and renamed into place once every byte is written and the file closed,
 * so a full disk, an error or an interrupt never leaves a truncated report
 * that looks finished (rename(2) in one directory is atomic). "-" means
 * standard output; a name that exists and is not a regular file (a device,
 * a FIFO) is written directly too.
 */
#ifndef CT_OUTFILE_H
#define CT_OUTFILE_H

#include "compat.h"

#include "error.h"

struct ct_outfile {
	FILE *fp;		/* where to write */
	char *path;		/* the final name (owned), or NULL for stdout */
	char *tmp;		/* the temporary name (owned), or NULL when
				   writing straight to a device or FIFO */
};

/*
 * Open path ("-": standard output) for writing. CT_ERR_IO naming path if
 * the temporary file cannot be created.
 */
enum ct_status ct_outfile_open(struct ct_outfile *o, const char *path,
    struct ct_error *err);

/*
 * Finish: flush and close; when ok is true and every write succeeded, put
 * the file in place (CT_ERR_IO naming the path otherwise). When ok is
 * false the temporary file is removed and CT_OK returned: the caller has
 * its own error to report. o is released either way.
 */
enum ct_status ct_outfile_close(struct ct_outfile *o, int ok,
    struct ct_error *err);

#endif
