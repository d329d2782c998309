/*
 * evtx-map.h - the EVTX field mapping as data: which EventData/UserData
 * fields fill which normalised columns of the evtx table, which text
 * blocks are split into Key=Value fields, and how the one-line message of
 * each kind of record reads.
 *
 * The mapping is the text of evtx-map.txt (its format: doc/evtx-map.md),
 * compiled once into a struct evtx_map: sources hashed by provider and by
 * channel, and one struct evtx_map_set for every (source, event ID) that a
 * row names, holding the merged rows that apply to it (the most specific
 * row has a column), its split rule and its compiled message template. A
 * record then costs two string hashes, one table lookup and the field
 * lookups of its own columns.
 *
 * What the mapping reads is only what the case file stores (provider,
 * channel, event ID and the fields of data), so the same code recomputes
 * the columns of an older case from its rows (evtx-upgrade.c).
 *
 * Templates come from the compiled-in text (or a test's string), never
 * from evidence: evidence only fills values, which are never interpreted.
 */
#ifndef CT_EVTX_MAP_H
#define CT_EVTX_MAP_H

#include "compat.h"

#include "error.h"
#include "evtx-int.h"

#define EVTX_SUMMARY_MAX	400	/* bytes of the one-line message, before its cut mark */

struct evtx_map;
struct evtx_map_set;

/*
 * Compile mapping text. name is used in messages ("evtx-map.txt:12: ...").
 * Returns the map (free with ct_evtx_map_free) or NULL with the first
 * error in err.
 */
struct evtx_map *ct_evtx_map_new(const char *text, const char *name,
    struct ct_error *err);
void ct_evtx_map_free(struct evtx_map *m);

/*
 * The compiled-in evtx-map.txt, compiled on first use (thread-safe) and
 * kept for the life of the process. A compile error is a bug of the
 * build (tests/unit/test-evtx-map.c compiles it): it aborts with the
 * message.
 */
const struct evtx_map *ct_evtx_map_builtin(void);

/*
 * What applies to a record of this provider (NULL if none), channel (NULL
 * if none) and event ID (CT_NULL_INT if none). Never NULL: a record of no
 * known source gets the rows that apply to every record.
 */
const struct evtx_map_set *ct_evtx_map_find(const struct evtx_map *m,
    const char *provider, const char *channel, int64_t event_id);
/*
 * The same in two steps, so a caller can keep the source of the records it
 * just saw (a log holds few providers): the source (-1: none), then the
 * set of one of its events.
 */
int ct_evtx_map_source(const struct evtx_map *m, const char *provider,
    const char *channel);
const struct evtx_map_set *ct_evtx_map_set(const struct evtx_map *m, int src,
    int64_t event_id);

/* Which fields of a record are split into Key=Value fields. */
enum evtx_split {
	EVTX_SPLIT_NONE,
	EVTX_SPLIT_ALL,		/* every field holding a line break and '=' */
	EVTX_SPLIT_FIELD,	/* the field *field only */
};
enum evtx_split ct_evtx_map_split(const struct evtx_map_set *s,
    const char **field);

/*
 * Fill the normalised columns of r (every column after data) from the
 * fields of ev and the Key=Value splits in em: NULL / CT_NULL_INT where
 * nothing applies. Text derived from fields (DOMAIN\user, a URL) is kept
 * in em->tmp, so r's pointers stay valid until em's next record.
 */
void ct_evtx_map_fill(const struct evtx_map_set *s, struct evtx_emit *em,
    const struct evtx_event *ev, struct ct_evtx_row *r);

/*
 * The one-line message of the record whose columns r holds (after
 * ct_evtx_map_fill), into em->summary: the set's template, or the generic
 * "Provider ID: Name=value, ..." when it has none.
 */
void ct_evtx_map_summary(const struct evtx_map_set *s, struct evtx_emit *em,
    const struct evtx_event *ev, const struct ct_evtx_row *r);

/* The columns of the evtx table, in schema order (rows.h). */
enum evtx_col_kind { EVTX_COL_TEXT, EVTX_COL_INT };
struct evtx_column {
	const char *name;
	size_t off;		/* of its member in struct ct_evtx_row */
	enum evtx_col_kind kind;
};
extern const struct evtx_column ct_evtx_columns[];
extern const size_t ct_evtx_ncolumns;

/* Does some row of m fill column i (an index into ct_evtx_columns)? */
int ct_evtx_map_fills(const struct evtx_map *m, size_t i);

#endif
