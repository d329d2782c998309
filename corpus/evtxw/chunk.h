/*
 * chunk.h - one 64 KiB EVTX chunk being filled: its header tables (common
 * string offsets, template pointers), the per-chunk offsets of names and
 * template definitions already written, and the record encoder.
 *
 * Format: libyal libevtx documentation, "Chunk", "Chunk header", "Event
 * record", "Template instance", "Name".  Name hashes go to bucket
 * hash % 64 of the string table (checked against real logs); template
 * definitions go to bucket (identifier % 32) of the template table.
 */
#ifndef EW_CHUNK_H
#define EW_CHUNK_H

#include <stddef.h>
#include <stdint.h>

#include "binxml.h"
#include "buf.h"

#define EW_CHUNK_SIZE	65536u
#define EW_CHUNK_HDR	512u

/* One value of a template instance. */
struct ew_ival {
	uint8_t type;
	const uint8_t *p;
	size_t len;
	/* VT_BINXML values are a nested instance encoded in place: */
	const struct bx_template *nested;
	int nested_id;
	const struct ew_ival *nested_vals;
	size_t nested_n;
};

struct ew_chunk {
	uint8_t data[EW_CHUNK_SIZE];
	uint32_t pos;		/* free space offset */
	uint32_t last_rec;	/* offset of the last record, 0 if none */
	uint64_t first_id, last_id;
	uint32_t nrec;
	uint32_t *name_off;	/* per name id; 0 = not in this chunk */
	size_t nname_off;
	uint32_t *tpl_off;	/* per template id; 0 = not in this chunk */
	size_t ntpl_off;
	const struct bx_names *names;
	struct ew_buf scratch;	/* UTF-16 of literal text */
};

int ew_chunk_init(struct ew_chunk *c, const struct bx_names *names);
void ew_chunk_release(struct ew_chunk *c);
void ew_chunk_reset(struct ew_chunk *c);
/*
 * Append a record (identifier id, written time ft) whose binary XML is an
 * instance of template t (registry id tid) with values v[0..n).  Returns 0,
 * 1 if it does not fit in what is left of this chunk (the chunk is left as
 * it was), or -1 on error (allocation; an id beyond the per-chunk arrays).
 */
int ew_chunk_add(struct ew_chunk *c, uint64_t id, uint64_t ft,
    const struct bx_template *t, int tid, const struct ew_ival *v, size_t n);
/* Fill the chunk header (numbers, offsets, CRCs) once no more records come. */
void ew_chunk_finish(struct ew_chunk *c);

#endif
