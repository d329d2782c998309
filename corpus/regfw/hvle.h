/*
 * hvle.h - a dirty hive and its new-format transaction log (Windows 8.1
 * and later: "HvLE" log entries), made from two clean hives: the state on
 * disk (OLD) and the state in memory that Windows had logged but not yet
 * written back (NEW).
 *
 * The dirty primary is OLD's bytes with primary sequence S+1 and secondary
 * S (a write started, never finished).  LOG1 is a 512-byte copy of NEW's
 * base block (file type 6, both sequences S+1) and one log entry, sequence
 * S+1, with every 4 KiB page of NEW's hive bins that differs from OLD's (or
 * lies beyond OLD's end), each with its offset, protected by the two
 * Marvin32 hashes.  LOG2 is empty, as Windows leaves the second log until
 * the first is full.  Applying LOG1 to the dirty primary gives NEW's hive
 * bins, sequences S+1 and NEW's hive bins size.
 */
#ifndef REGFW_HVLE_H
#define REGFW_HVLE_H

/* Returns 0, or -1 after a message on stderr. log2 may be NULL. */
int rf_make_dirty(const char *old_path, const char *new_path,
    const char *primary_out, const char *log1_out, const char *log2_out);

/*
 * The same dirty primary with an old-format (Windows XP to 8) log: base
 * block of type 1, a "DIRT" bitmap of NEW's 512-byte pages that differ,
 * those pages (see hvle.c). 0, or -1 after a message on stderr.
 */
int rf_make_dirty_old(const char *old_path, const char *new_path,
    const char *primary_out, const char *log_out);

#endif
