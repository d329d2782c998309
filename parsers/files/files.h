/*
 * files.h - the parsers of small Windows artefact files (parsers/files/):
 * scheduled task XML, .job files, LNK shortcuts, Recycle Bin $I and
 * INFO2, PSReadLine history and legacy .evt logs.
 *
 * What they share: reading a whole (small) input into memory under a cap,
 * the user a profile path or Recycle Bin folder names, and the anonymous
 * memory file the libyal libraries read from. Each hand-written decoder
 * also exports its in-memory entry point here, for the unit tests and the
 * libFuzzer targets in tests/fuzz: they take the bytes, the path the file
 * had (for names and user) and a batch (NULL: decode, emit nothing).
 */
#ifndef CT_FILES_H
#define CT_FILES_H

#include "compat.h"

#include "error.h"
#include "parser.h"
#include "sink.h"

/*
 * Read all of in into a new buffer of *n bytes (the caller's to free()).
 * Refuses an input larger than max bytes or shorter than min with a
 * CT_ERR_FORMAT naming what (e.g. "task XML"); an I/O error is CT_ERR_IO.
 */
enum ct_status ct_files_slurp(struct ct_input *in, size_t min, size_t max,
    const char *what, uint8_t **data, size_t *n, struct ct_error *err);

/*
 * The user name of the profile a path lies in ("…/Users/jdoe/…",
 * "…/Documents and Settings/joe/…", either slash), copied into out (at
 * most n bytes, NUL-terminated); out[0] is '\0' when there is none.
 */
void ct_files_profile_user(const char *path, char *out, size_t n);

/*
 * The last path component that looks like a SID ("S-1-5-21-…") before
 * the file's own name, copied into out; out[0] = '\0' when none.
 */
void ct_files_folder_sid(const char *path, char *out, size_t n);

/* The last component of path (after '/' or '\\'). */
const char *ct_files_basename(const char *path);

/*
 * An anonymous file (memfd, else a deleted temporary file) holding data,
 * for libraries that open files by name: its path "/proc/self/fd/N" goes
 * into fdpath. Returns the descriptor (the caller closes it) or -1 with
 * errno set.
 */
int ct_files_memory_file(const uint8_t *data, size_t n, char *fdpath,
    size_t fdpath_size);

/* Append s as a JSON string (quotes included); NULL appends null. */
struct ct_buf;
void ct_files_json_str(struct ct_buf *b, const char *s);

/*
 * Append n bytes of evidence text for a one-line summary: valid UTF-8,
 * line breaks and tabs as single spaces.
 */
void ct_files_add_oneline(struct ct_buf *b, const char *s, size_t n);

/* ct_batch_warn(), or nothing when b is NULL (the fuzz targets). */
void ct_files_warn(struct ct_batch *b, int64_t offset, const char *fmt, ...)
    CT_PRINTF(3, 4);

/* One timeline point of an artefact with several. */
struct ct_files_time {
	int64_t ts;		/* FILETIME; 0 or CT_NULL_INT: skipped */
	const char *desc;	/* "LNK target created" */
};

/*
 * Like ct_artefact_emit(), but with the n timeline events of times
 * instead of one at a->time (a->time is still stored in its column).
 */
void ct_files_emit(struct ct_batch *b, const char *locator, int64_t offset,
    int flags, const struct ct_artefact_row *a, const char *summary,
    const struct ct_files_time *times, size_t n);

/* ---- the hand-written decoders' in-memory entry points ---- */

/* A Recycle Bin $I file (version 1 or 2). Returns 1 if emitted, 0 if not one. */
int ct_recycle_i_buffer(const uint8_t *p, size_t n, const char *path,
    struct ct_batch *b);
/* An INFO2 file: every record; returns the number emitted. */
size_t ct_recycle_info2_buffer(const uint8_t *p, size_t n, const char *path,
    struct ct_batch *b);
/* A Task Scheduler 1.0 .job file. Returns 1 if emitted, 0 if not one. */
int ct_job_buffer(const uint8_t *p, size_t n, const char *path,
    struct ct_batch *b);
/* A PSReadLine history: one artefact per command; returns their number. */
size_t ct_pshistory_buffer(const uint8_t *p, size_t n, const char *path,
    struct ct_batch *b);
/*
 * A scheduled task's XML (UTF-16 with BOM or UTF-8): one artefact per
 * action (one for a task without any). Returns their number, 0 when the
 * XML is not a task (a warning then says why).
 */
size_t ct_task_xml_buffer(const uint8_t *p, size_t n, const char *path,
    struct ct_batch *b);

#endif
