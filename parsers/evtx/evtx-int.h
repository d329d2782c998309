/*
 * evtx-int.h - the pieces of the EVTX parser and how they fit together.
 *
 * Two decoders feed one event builder:
 *
 *  - evtx-binxml.c, the native decoder of the EVTX binary XML (one 64 KiB
 *    chunk at a time, with per-chunk name and template caches, no XML text
 *    rendered), the hot path;
 *  - evtx-lib.c, libevtx (the oracle and the fallback): its XML rendering
 *    of a record is parsed with expat.
 *
 * Both call the builder (evtx-event.c) with the same stream of element,
 * attribute and text callbacks, so both yield the same struct evtx_event:
 * the System fields and every EventData/UserData field by name. The builder
 * then turns an event into case-file rows (JSON data, normalised columns,
 * one-line message). The differential test compares the two decoders on
 * exactly this structure.
 *
 * Format documentation followed: libyal/libevtx "Windows XML Event Log
 * (EVTX) format" (file header, chunk header, event record, binary XML
 * tokens and value types) and MS-EVEN6 binary XML.
 */
#ifndef CT_EVTX_INT_H
#define CT_EVTX_INT_H

#include "compat.h"

#include "buf.h"
#include "sink.h"

#define EVTX_FILE_HEADER_SIZE	4096
#define EVTX_CHUNK_SIZE		65536
#define EVTX_CHUNK_HEADER_SIZE	512
#define EVTX_RECORD_HEADER_SIZE	24

/* Caps on what evidence can make us allocate or recurse into. */
#define EVTX_MAX_FIELDS		1024	/* data fields per record */
#define EVTX_MAX_DEPTH		64	/* element nesting */
#define EVTX_MAX_NEST		8	/* BinXml values inside BinXml values */
#define EVTX_MAX_FIELD_BYTES	(4u << 20)	/* text of one record */
#define EVTX_MAX_TEMPLATES	1024	/* templates cached per chunk */

/* Where the current element sits. */
enum evtx_section {
	SEC_NONE, SEC_SYSTEM, SEC_EVENTDATA, SEC_USERDATA, SEC_OTHER
};

struct evtx_field {
	size_t name, name_len;	/* offsets into the event's arena */
	size_t base_len;	/* name_len without a "[n]" added for a repeat */
	size_t val, val_len;
};

/* One decoded record, reused from record to record. */
struct evtx_event {
	int64_t record_number;	/* header record identifier */
	int64_t written;	/* header time */
	int64_t created;	/* System/TimeCreated/@SystemTime, or NULL */
	int64_t event_id, qualifiers, version, level, task, opcode;
	int64_t pid, tid, event_record_id;
	/* Offsets into arena, or (size_t)-1 when absent. */
	size_t provider, provider_guid, channel, computer, user_sid, keywords;
	size_t event_source;
	struct ct_buf arena;	/* all strings, NUL-terminated */
	struct evtx_field *fields;
	size_t nfields, afields;
	uint64_t names_seen;	/* name_bit() of every field name: no bit, no field */
	int truncated;		/* a cap was hit: some text was dropped */

	/* builder state */
	int depth;
	enum evtx_section section;
	int sys_elem;		/* which System element is open (depth 2) */
	int field_depth;	/* depth of the element collecting a field, or 0 */
	int field_children;	/* children seen inside the field element */
	int unnamed;		/* unnamed <Data> seen so far */
	struct ct_buf text;	/* text of the open field / System element */
	struct ct_buf fname;	/* its field name */
	char names[EVTX_MAX_DEPTH][48];	/* element names by depth (cut) */
};

/* Builder: reset before a record, then feed callbacks in document order. */
void ct_evtx_event_init(struct evtx_event *ev);
void ct_evtx_event_release(struct evtx_event *ev);
void ct_evtx_event_reset(struct evtx_event *ev);
void ct_evtx_ev_open(struct evtx_event *ev, const char *name, size_t len);
void ct_evtx_ev_attr(struct evtx_event *ev, const char *name, size_t nlen,
    const char *val, size_t vlen);
void ct_evtx_ev_text(struct evtx_event *ev, const char *s, size_t len);
void ct_evtx_ev_close(struct evtx_event *ev);
/* After the last callback: drop half-open state (damaged records). */
void ct_evtx_ev_finish(struct evtx_event *ev);

/*
 * A decimal or 0x-hex integer from evidence text (Security's hex PIDs).
 * Returns 0 and sets *v, or -1 if the text is not a whole number.
 */
int ct_evtx_parse_int(const char *s, size_t n, int64_t *v);

/* Accessors: a string of the arena (NULL if absent); a field by name. */
const char *ct_evtx_ev_str(const struct evtx_event *ev, size_t off);
const char *ct_evtx_ev_field(const struct evtx_event *ev, const char *name,
    size_t *len);

/*
 * Append a field exactly as named (no "[n]" for a repeat, no cap on the
 * count but max): for an event rebuilt from the data JSON of a stored row,
 * whose names are final. Returns 0, or -1 (nothing added) past max fields
 * or the arena's cap.
 */
int ct_evtx_ev_put_field(struct evtx_event *ev, const char *name, size_t nlen,
    const char *val, size_t vlen, size_t max);

/*
 * Build the case-file rows of ev and emit them on b: record (flags, file
 * offset), events, evtx row with JSON data and normalised columns. scratch
 * buffers are reused between calls. What fills the normalised columns and
 * the message is the mapping (evtx-map.h), the compiled-in one unless a
 * test sets map after ct_evtx_emit_init.
 */
struct evtx_map;
struct evtx_emit {
	const struct evtx_map *map;
	/* The source of the last record: consecutive records mostly share it. */
	const struct evtx_map *last_map;
	struct ct_buf last_provider, last_channel;
	int last_has_provider, last_has_channel, last_src;
	struct ct_buf json, summary, tmp;
	struct ct_buf kv;	/* split Key=Value fields */
	struct evtx_field *kvf;
	size_t nkv, akv;
};
void ct_evtx_emit_init(struct evtx_emit *em);
void ct_evtx_emit_release(struct evtx_emit *em);
void ct_evtx_emit(struct evtx_emit *em, struct ct_batch *b,
    const struct evtx_event *ev, int64_t offset, unsigned flags);
/* The JSON object of ev's data fields (with Key=Value splits) into em->json. */
void ct_evtx_build_json(struct evtx_emit *em, const struct evtx_event *ev);
/*
 * The evtx row of ev (System fields, data, normalised columns) into *r and
 * its one-line message into em->summary, as ct_evtx_emit writes them; r's
 * strings live in ev and em until their next use. For tests and fuzzing.
 */
void ct_evtx_emit_row(struct evtx_emit *em, const struct evtx_event *ev,
    struct ct_evtx_row *r);

/*
 * The parser's backfill (struct ct_parser): recompute the normalised
 * columns of every evtx row of an older case from its stored provider,
 * channel, event ID and data, through the mapping (evtx-upgrade.c).
 */
enum ct_status ct_evtx_backfill(struct ct_case *c, int version,
    struct ct_error *err);

/* The provider a record is mapped and stored by: Provider/@Name, else @EventSourceName. */
const char *ct_evtx_ev_provider(const struct evtx_event *ev);

/*
 * Native decoder. A chunk context holds the caches of one chunk; it is
 * reused from chunk to chunk by one thread.
 */
struct evtx_chunk;
struct evtx_chunk *ct_evtx_chunk_new(void);
void ct_evtx_chunk_free(struct evtx_chunk *c);

/* Chunk header check: 1 valid, 0 all zero (unused), -1 damaged. */
int ct_evtx_chunk_check(const uint8_t *data, size_t len, const char **why);

/*
 * Set up c for one chunk image (len bytes, normally EVTX_CHUNK_SIZE; data
 * must stay valid until the next call). Clears the caches.
 */
void ct_evtx_chunk_load(struct evtx_chunk *c, const uint8_t *data, size_t len);

/* Limit of the record area: the free-space offset, clamped. */
size_t ct_evtx_chunk_records_end(const struct evtx_chunk *c);

/*
 * Decode the record at chunk offset off into ev. Returns 1 and sets *size
 * (the record size) on success; 0 when there is no record header here (end
 * of records); -1 when the header is valid but its content is damaged (the
 * size is still set so the caller can go on to the next record), with
 * *why describing the damage.
 */
int ct_evtx_chunk_record(struct evtx_chunk *c, size_t off, struct evtx_event *ev,
    uint32_t *size, const char **why);

/*
 * Decode a record left in the chunk slack (a deleted record) at offset
 * off, which need not lie before the free-space offset. Returns 1, 0 (no
 * valid record header there) or -1 (damaged, *why set).
 */
int ct_evtx_chunk_slack_record(struct evtx_chunk *c, size_t off,
    struct evtx_event *ev, const char **why);

/*
 * libevtx side. Returns an opened libevtx file reading through read_at,
 * or NULL with *why set.
 */
struct evtx_lib;
struct evtx_lib *ct_evtx_lib_open(int64_t (*read_at)(void *, void *, size_t,
    int64_t), void *ctx, int64_t size, char *why, size_t whysz);
void ct_evtx_lib_close(struct evtx_lib *l);
/* Number of allocated (recovered = 0) or recovered records, -1 on error. */
int ct_evtx_lib_count(struct evtx_lib *l, int recovered);
/*
 * Decode record i into ev via libevtx's XML and expat; *offset gets the
 * record's file offset. Returns 0, or -1 with why set (libevtx or expat
 * could not read it).
 */
int ct_evtx_lib_record(struct evtx_lib *l, int recovered, int i,
    struct evtx_event *ev, int64_t *offset, char *why, size_t whysz);

#endif
