/*
 * caselock.h - one writer of a case file at a time.
 *
 * SQLite lets one connection write at a time, but a second casetrail that
 * finds the case busy would only time out after its busy timeout, half-way
 * through an ingest, with "database is locked". Instead every command that
 * writes a case holds an exclusive lock on a file beside it, CASE.lock
 * (flock(2): released by the kernel when the process ends, however it
 * ends), which also names the holder: its pid and command line. A second
 * writer waits for it and says whom it waits for; readers (report, info,
 * export) take no lock and read the last committed state.
 */
#ifndef CT_CASELOCK_H
#define CT_CASELOCK_H

#include "compat.h"

#include "error.h"

struct ct_case_lock;

/*
 * What this process writes into the lock file for others to read: its
 * command line (made printable, cut at 200 bytes). Call once, early; the
 * default is "casetrail".
 */
void ct_case_lock_set_command(int argc, char *const *argv);

/*
 * Take the writer lock of the case at case_path, waiting for another
 * holder if there is one (saying once on stderr whom it waits for). On
 * success *out is the caller's to ct_case_lock_release(). CT_ERR_IO if
 * the lock file cannot be created or locked.
 */
enum ct_status ct_case_lock_take(const char *case_path,
    struct ct_case_lock **out, struct ct_error *err);

/* Release and free; NULL is allowed. */
void ct_case_lock_release(struct ct_case_lock *l);

/*
 * Who holds the writer lock of case_path, in words ("pid 1234: casetrail
 * analyze case.db"), into out; returns 1 if someone holds it, 0 if not.
 */
int ct_case_lock_holder(const char *case_path, char *out, size_t outsz);

#endif
