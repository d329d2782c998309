/*
 * purge.h - taking evidence back out of a case: a source that was not
 * read to its end (interrupted, killed, failed, or its writer failed) is
 * replaced, not added to, when the same evidence is ingested again.
 *
 * What a source contributed: its records (with their timeline events and
 * detail rows), its warnings, its script blocks, the indicator hits on its
 * records, and the same for every source found inside it (the volumes of
 * an image, the logs of a volume). What the analysis derived from the
 * evidence (processes, findings, chains, the narrative) may cite those
 * records, so it is cleared with them: the next `casetrail analyze`
 * recomputes it.
 */
#ifndef CT_PURGE_H
#define CT_PURGE_H

#include "compat.h"

#include <sqlite3.h>

/*
 * The tables the analysis writes, child tables first: cleared before an
 * analysis, and when evidence they may cite is taken out.
 */
#define CT_ANALYSIS_TABLES(X) \
	X(narrative_evidence) X(narrative) X(chain_step) X(chain) \
	X(finding_entity) X(finding_evidence) X(finding) \
	X(file_lifecycle) X(process_activity) X(process_record) X(process) \
	X(coverage)

/*
 * Delete source id, the sources inside it and everything they
 * contributed, and the analysis results, in one transaction of db (which
 * must have none open). Returns the number of records removed, or -1 on
 * a database error (nothing is removed then).
 */
int64_t ct_purge_source(sqlite3 *db, int64_t id);

/* Delete the analysis results (inside the caller's transaction). 0 or -1. */
int ct_purge_analysis(sqlite3 *db);

#endif
