/*
 * evtxw.h - public API of the EVTX writer library: build an event in
 * memory, append it to a log file, close the file.
 *
 * Format: libyal libevtx "Windows XML Event Log (EVTX)" documentation.
 * Each event becomes one record holding a template instance of a System
 * template (one per provider, channel and computer, as Windows does) whose
 * last value is a nested binary XML fragment: an instance of the
 * EventData template of that provider, event id, version and field list.
 *
 * Ownership: an ew_event owns copies of everything set on it; reset it with
 * ew_event_clear() to reuse its memory for the next event.  All functions
 * returning int return 0 on success and -1 on error; errors are described
 * in the writer's or event's err[] text.
 */
#ifndef EW_EVTXW_H
#define EW_EVTXW_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"

struct ew_field {
	char *name;		/* NULL: unnamed positional <Data> */
	uint8_t type;		/* VT_* of the value (VT_NULL for empty) */
	uint8_t decl_type;	/* VT_* declared in the template */
	size_t off, len;	/* value bytes in ew_event.vals */
};

struct ew_event {
	char *channel, *provider, *provider_guid, *computer;
	uint16_t event_id;
	int has_qualifiers;
	uint16_t qualifiers;
	uint8_t version, level, opcode;
	uint16_t task;
	uint64_t keywords;
	uint64_t time;		/* FILETIME, 100 ns since 1601 */
	uint32_t pid, tid;
	int has_user;
	uint8_t user_sid[68];	/* binary SID */
	size_t user_sid_len;
	int has_activity;
	uint8_t activity[16];
	struct ew_field *fields;
	size_t nfields, capfields;
	struct ew_buf vals;	/* encoded field values */
	char err[160];
};

void ew_event_init(struct ew_event *ev);
void ew_event_clear(struct ew_event *ev);	/* keep memory, drop contents */
void ew_event_release(struct ew_event *ev);
int ew_event_set_str(char **dst, const char *s);
/*
 * Add one EventData field.  name may be NULL (unnamed <Data>).  type is a
 * VT_* code; text is the value written as text: decimal or 0x-hex for the
 * integer types, "{xxxxxxxx-...}" for VT_GUID, "S-1-..." for VT_SID,
 * "YYYY-MM-DDThh:mm:ss.fffffffZ" for VT_FILETIME, "true"/"false" for
 * VT_BOOL.  An empty VT_STRING is stored as a zero-length string value
 * (a NULL value in a normal substitution is refused by libevtx).
 */
int ew_event_add_field(struct ew_event *ev, const char *name, uint8_t type,
    const char *text);

/* Value parsers shared with the scenario reader; 0 or -1. */
int ew_parse_guid(const char *s, uint8_t out[16]);
int ew_parse_sid(const char *s, uint8_t *out, size_t cap, size_t *len);
int ew_parse_time(const char *s, uint64_t *filetime);
/* "string", "uint32", "hex64", ... -> VT_*; -1 if unknown. */
int ew_type_from_name(const char *name);

struct ew_writer;

/* Create (truncate) path.  Returns NULL with a message in err. */
struct ew_writer *ew_writer_open(const char *path, char *err, size_t errlen);
/* Append an event; its record identifier is the next one (from 1). */
int ew_writer_add(struct ew_writer *w, const struct ew_event *ev);
/* Flush the last chunk, write the final header, close and free. */
int ew_writer_close(struct ew_writer *w);
/* Abandon: close and free without finishing (file left dirty). */
void ew_writer_abort(struct ew_writer *w);
const char *ew_writer_error(const struct ew_writer *w);
uint64_t ew_writer_records(const struct ew_writer *w);
uint64_t ew_writer_chunks(const struct ew_writer *w);

#endif
