/*
 * reg-view.h - a registry key as the artefact decoders see it, and the
 * table that says which decoder reads which keys.
 *
 * The hive parser (parsers/hive/hive*.c) walks every key of a hive and,
 * for each, builds a ct_reg_key_view: the key's place and time and all
 * its values' raw bytes. It writes the key and its values as rows, then
 * hands the view to ct_reg_decode_key(), which calls every decoder whose
 * hive and path pattern match. A decoder turns what Windows stored there
 * (ShimCache, Amcache, BAM, Run keys, services, UserAssist...) into
 * artefact records through ct_reg_emit_artefact(). Decoders see bytes
 * only, never libregf or SQL: they are pure functions of the view, which
 * is what lets them be fuzzed and unit-tested on blobs.
 *
 * Everything in a view comes from evidence: names and data are attacker
 * controlled, value sizes are the bytes actually read (never a length
 * field), and data may be NULL when size is 0.
 */
#ifndef CT_REG_VIEW_H
#define CT_REG_VIEW_H

#include <stddef.h>
#include <stdint.h>

#include "sink.h"


/* Registry value types (winnt.h); a hive may store any other number. */
enum {
	CT_REG_NONE = 0, CT_REG_SZ = 1, CT_REG_EXPAND_SZ = 2,
	CT_REG_BINARY = 3, CT_REG_DWORD = 4, CT_REG_DWORD_BIG_ENDIAN = 5,
	CT_REG_LINK = 6, CT_REG_MULTI_SZ = 7, CT_REG_QWORD = 11
};

struct ct_reg_value_view {
	const char *name;	/* UTF-8 (escaped if it did not decode); "" default */
	uint32_t type;		/* as stored */
	const uint8_t *data;	/* the value's bytes; NULL when size is 0 */
	size_t size;
};

struct ct_reg_key_view {
	const char *hive;	/* SYSTEM SOFTWARE SAM SECURITY NTUSER USRCLASS AMCACHE ... */
	const char *hive_label;	/* for locators and summaries: "SYSTEM", "NTUSER (alice)" */
	const char *path;	/* from the root, '\' separated, no root name; "" root */
	int64_t last_written;	/* FILETIME, 0 unknown */
	int64_t offset;		/* the key cell's byte offset in the hive file, or CT_NULL_INT */
	const char *owner_sid;	/* NTUSER/USRCLASS: the profile's SID when known, else NULL */
	const char *owner_name;	/* that profile's user name when known, else NULL */
	size_t nvalues;
	const struct ct_reg_value_view *values;
	size_t nsubkeys;	/* count only: decoders work key by key */
};

/* The value called name (case-insensitive, as Windows compares), or NULL. */
const struct ct_reg_value_view *ct_reg_value(const struct ct_reg_key_view *k,
    const char *name);

/*
 * One decoder: hive ("SYSTEM"; NULL any) and a pattern over the key path,
 * fnmatch(3) case-insensitive, where '*' also crosses '\' (so
 * "ControlSet*\\Control\\Session Manager\\AppCompatCache" matches every
 * control set). The function emits zero or more artefacts and reports
 * damage with ct_batch_warn(); it must not keep pointers into the view.
 */
struct ct_reg_decoder {
	const char *name;	/* "shimcache", for tests and --verbose */
	const char *hive;
	const char *path_glob;
	void (*decode)(const struct ct_reg_key_view *k, struct ct_batch *b);
};

/* The table, NULL-terminated (parsers/hive/reg-decoders.c). */
extern const struct ct_reg_decoder ct_reg_decoders[];

/* Run every decoder that matches the key. Returns how many ran. */
int ct_reg_decode_key(const struct ct_reg_key_view *k, struct ct_batch *b);

/*
 * Emit one artefact decoded from key k: a record (type "artefact",
 * locator "<hive_label> <kind> <key path>[ #position]", summary as given),
 * the artefact row (key_path filled from k when the row leaves it NULL)
 * and, when a->time is set, an event at that time described by
 * time_desc ("last executed", "key last written"...).
 */
void ct_reg_emit_artefact(struct ct_batch *b, const struct ct_reg_key_view *k,
    const struct ct_artefact_row *a, const char *summary,
    const char *time_desc);

#endif
