/*
 * artefact.c - one artefact record, the same way for every parser.
 */
#include "compat.h"

#include "artefact.h"
#include "casedb.h"
#include "sink.h"

void
ct_artefact_row_init(struct ct_artefact_row *a, const char *kind)
{
	memset(a, 0, sizeof(*a));
	a->kind = kind;
	a->size = CT_NULL_INT;
	a->time = CT_NULL_INT;
	a->position = CT_NULL_INT;
	a->executed = CT_NULL_INT;
	a->count = CT_NULL_INT;
}

void
ct_artefact_emit(struct ct_batch *b, const char *locator, int64_t offset,
    int flags, const struct ct_artefact_row *a, const char *summary,
    const char *time_desc)
{
	struct ct_record_row rec;

	memset(&rec, 0, sizeof(rec));
	rec.type = "artefact";
	rec.locator = locator;
	rec.offset = offset;
	rec.flags = flags;
	rec.summary = summary;
	ct_batch_record(b, &rec);
	if (a->time != CT_NULL_INT && a->time > 0)
		ct_batch_event(b, a->time, time_desc ? time_desc : "recorded");
	ct_batch_artefact(b, a);
}
