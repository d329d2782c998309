/*
 * reg-decoders.c - which decoder reads which registry keys: the table,
 * and the dispatch the hive walker calls for every key.
 */
/* FNM_CASEFOLD: a GNU extension that glibc, musl and the BSDs all have */
#define _GNU_SOURCE 1
#include "compat.h"

#include <fnmatch.h>
#include <strings.h>

#include "artefact.h"
#include "buf.h"
#include "casedb.h"
#include "decoders.h"
#include "reg-view.h"

/*
 * Paths are from the hive's root key. "ControlSet*" also matches the
 * control sets of a hive whose Select key names another current one.
 */
#define CV	"Microsoft\\Windows\\CurrentVersion"
#define NTCV	"Microsoft\\Windows NT\\CurrentVersion"
#define EXPLORER	"Software\\" CV "\\Explorer"

const struct ct_reg_decoder ct_reg_decoders[] = {
	/* dec-shimcache.c */
	{ "shimcache", "SYSTEM",
	  "ControlSet*\\Control\\Session Manager\\AppCompatCache",
	  ct_dec_shimcache },
	{ "shimcache", "SYSTEM",
	  "ControlSet*\\Control\\Session Manager\\AppCompatibility",
	  ct_dec_shimcache },
	{ NULL, NULL, NULL, NULL }
};

const struct ct_reg_value_view *
ct_reg_value(const struct ct_reg_key_view *k, const char *name)
{
	size_t i;

	for (i = 0; i < k->nvalues; i++)
		if (strcasecmp(k->values[i].name, name) == 0)
			return &k->values[i];
	return NULL;
}

int
ct_reg_decode_key(const struct ct_reg_key_view *k, struct ct_batch *b)
{
	const struct ct_reg_decoder *d;
	int ran = 0;

	for (d = ct_reg_decoders; d->name; d++) {
		if (d->hive && strcasecmp(d->hive, k->hive) != 0)
			continue;
		if (fnmatch(d->path_glob, k->path, FNM_CASEFOLD | FNM_NOESCAPE))
			continue;
		d->decode(k, b);
		ran++;
	}
	return ran;
}

void
ct_reg_emit_artefact(struct ct_batch *b, const struct ct_reg_key_view *k,
    const struct ct_artefact_row *a, const char *summary,
    const char *time_desc)
{
	struct ct_artefact_row row = *a;
	struct ct_buf loc = CT_BUF_INIT;

	if (row.key_path == NULL)
		row.key_path = k->path;
	if (row.user_sid == NULL)
		row.user_sid = k->owner_sid;
	if (row.user_name == NULL)
		row.user_name = k->owner_name;
	ct_buf_addf(&loc, "%s %s %s", k->hive_label, row.kind, k->path);
	if (row.position != CT_NULL_INT)
		ct_buf_addf(&loc, " #%" PRId64, row.position);
	ct_artefact_emit(b, loc.buf, k->offset, 0, &row, summary, time_desc);
	ct_buf_release(&loc);
}
