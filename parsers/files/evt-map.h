/*
 * evt-map.h - the normalised columns of legacy (.evt) event records,
 * from their numbered strings: Windows XP and 2003 name no fields, so
 * each event's message template gives the meaning of %1, %2... (the
 * evt-map.c table), as the EVTX mapping does by field name.
 */
#ifndef CT_EVT_MAP_H
#define CT_EVT_MAP_H

#include "compat.h"

#include "buf.h"
#include "sink.h"	/* struct ct_evtx_row */

/*
 * Fill the columns of row that the event (provider, event_id) names from
 * strs[0..n) (strs[i] is %(i+1); NULL or "" or "-" is absent). Text
 * columns point into strs, or into scratch (the DOMAIN\user joins, reset
 * here); both must outlive row. Returns the number of columns set.
 */
int ct_evt_map_row(const char *provider, int64_t event_id,
    const char *const *strs, size_t n, struct ct_buf *scratch,
    struct ct_evtx_row *row);

#endif
