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
 * libewf, loaded on first use into the global scope; it is loaded before
 * libtsk (ct_tsk_lib's first, tsk-lib.c; see tsk-lib.h).
 */
extern struct ct_dynlib ct_ewf_lib;

/*
 * Append "; acquisition MD5 ..., SHA-1 ...; case ..., examiner ..." to out
 * (saying the hashes are not verified unless verifying, for --verify)
 * for the EWF set whose first segment is path (values that are absent are
 * left out; values are evidence text, capped and kept printable). Returns
 * 1 if the set could be opened, 0 if not (out unchanged).
 */
int ct_ewf_acquisition(const char *path, int verifying, struct ct_buf *out);

/*
 * --verify: read all the media of the EWF set whose first segment is path
 * (as ewfverify does: a chunk failing its checksum reads as zeros and is
 * listed) and compare its MD5 and SHA-1 with the acquisition hashes the
 * set stores. Appends "; media read in full (N bytes): MD5 ..., SHA-1 ...,
 * SHA-256 ...; the acquisition MD5 matches: verified" (or that the set
 * stores no hash) to out. A mismatch, damaged chunks or a short read are
 * described in problem instead, for a warning. Returns 0 if verified or
 * nothing to compare, 1 if problem holds something, -1 if the set cannot
 * be opened (problem says so). Reads the whole media: as long as hashing
 * the media takes.
 */
int ct_ewf_verify(const char *path, struct ct_buf *out, struct ct_buf *problem);

#endif
