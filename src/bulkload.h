/*
 * bulkload.h - the fast path for the first ingest into a case.
 *
 * Keeping the secondary indexes of the evidence tables up to date row by
 * row, and writing every page twice (once to the WAL, once at the
 * checkpoint), cost more than half of the writer thread's time. When an
 * ingest starts on a case with no records yet, ct_bulk_begin() drops those
 * indexes and switches the case to a rollback journal (pages appended to a
 * database are not journaled, so each is written once, and a crash still
 * rolls back to the last commit). ct_bulk_end() builds the indexes again in
 * one sorted pass each (several times faster than maintaining them) and
 * returns the case to WAL.
 *
 * Every dropped index is listed in the meta table (key
 * "deferred_index.NAME", its SQL as the value for people reading the case)
 * in the transaction that drops it, so an ingest that dies half-way leaves
 * a case that says what it lacks: the next ct_case_open() for writing
 * builds them, with the SQL of casetrail's own schema (never the value
 * stored in the case). Until then queries are correct, only slower.
 *
 * A new case file is made with its indexes already deferred, in
 * rollback-journal mode: its first ingest starts writing at once, and
 * the case turns to WAL at the end of it. (A new case first written by
 * something else, such as `casetrail ioc`, holds a source afterwards: its
 * next opening for writing builds the indexes, as after a crash.)
 *
 * Readers: while a bulk load runs, other processes wait for the case (the
 * rollback journal locks it during commits). A case that already holds
 * records is always written in WAL mode, with its indexes.
 */
#ifndef CT_BULKLOAD_H
#define CT_BULKLOAD_H

#include "compat.h"

#include "casedb.h"
#include "error.h"

/*
 * In a new, empty case file (no other connection, no transaction open):
 * drop the evidence tables' indexes now, listed as deferred, so that the
 * first ingest finds them gone (casedb.c makes every new case so).
 */
enum ct_status ct_bulk_prepare_new(struct ct_case *c, struct ct_error *err);

/* Whether the case holds no evidence yet: its next ingest is a bulk load. */
int ct_bulk_case_is_new(struct ct_case *c);

/*
 * Enter bulk mode if the case has no records. *entered says whether it did.
 * Call with no transaction open and no other thread using c.
 */
enum ct_status ct_bulk_begin(struct ct_case *c, int *entered,
    struct ct_error *err);

/*
 * Build every deferred index (reporting each on stderr when progress is
 * set) and return to WAL. Safe to call when nothing is deferred.
 */
enum ct_status ct_bulk_end(struct ct_case *c, int progress,
    struct ct_error *err);

/* Number of indexes waiting to be built (0 on a healthy case). */
int ct_bulk_deferred(struct ct_case *c);

#endif
