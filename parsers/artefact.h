/*
 * artefact.h - writing an artefact record: what every parser of registry
 * keys and small Windows files (LNK, tasks, Recycle Bin, history...)
 * emits for one thing Windows remembered.
 *
 * The artefact table's integer columns have no usable default (0 is a
 * real position, count or size), so a row starts from
 * ct_artefact_row_init(), which makes every integer NULL; the parser then
 * sets what its format records.
 */
#ifndef CT_ARTEFACT_H
#define CT_ARTEFACT_H

#include "sink.h"


/* Every field NULL (CT_NULL_INT for integers), kind set. */
void ct_artefact_row_init(struct ct_artefact_row *a, const char *kind);

/*
 * One artefact: a record (type "artefact", the given locator, offset and
 * summary), an event at a->time described by time_desc when a->time is
 * set, and the artefact row. All strings are copied.
 */
void ct_artefact_emit(struct ct_batch *b, const char *locator, int64_t offset,
    int flags, const struct ct_artefact_row *a, const char *summary,
    const char *time_desc);

#endif
