/*
 * ewfmeta.h - what an EWF (E01) set says about its own acquisition.
 *
 * An E01 carries the MD5 (and often SHA-1) of the media computed by the
 * acquisition tool, and header values the examiner typed (case number,
 * examiner, evidence number, acquisition date). casetrail records them
 * beside its own hash of the file, so the analyst can compare them with
 * the acquisition log. They are read from the header and the hash
 * sections only: no media data is read, nothing is verified.
 */
#ifndef CT_EWFMETA_H
#define CT_EWFMETA_H

#include "compat.h"

#include "buf.h"
#include "dynlib.h"

/*
 * libewf, loaded on first use into the global scope; image.c loads it
 * before libtsk (see there).
 */
extern struct ct_dynlib ct_ewf_lib;

/*
 * Append "; acquisition MD5 ..., SHA-1 ...; case ..., examiner ..." to out
 * for the EWF set whose first segment is path (values that are absent are
 * left out; values are evidence text, capped and kept printable). Returns
 * 1 if the set could be opened, 0 if not (out unchanged).
 */
int ct_ewf_acquisition(const char *path, struct ct_buf *out);

#endif
