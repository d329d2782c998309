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
 * Paths are from the hive's root key; '*' also crosses '\', so a decoder
 * whose pattern ends in '*' checks the depth of the keys it is given.
 * "ControlSet*" reads every control set, not only the current one.
 */
#define CV	"Microsoft\\Windows\\CurrentVersion"
#define NTCV	"Microsoft\\Windows NT\\CurrentVersion"
#define EXPLORER	"Software\\" CV "\\Explorer"
#define CS	"ControlSet*"

const struct ct_reg_decoder ct_reg_decoders[] = {
	/* dec-shimcache.c */
	{ "shimcache", "SYSTEM", CS "\\Control\\Session Manager\\AppCompatCache",
	  ct_dec_shimcache },
	{ "shimcache", "SYSTEM", CS "\\Control\\Session Manager\\AppCompatibility",
	  ct_dec_shimcache },
	/* dec-amcache.c */
	{ "amcache_file", "AMCACHE", "Root\\InventoryApplicationFile\\*",
	  ct_dec_amcache_file },
	{ "amcache_program", "AMCACHE", "Root\\InventoryApplication\\*",
	  ct_dec_amcache_program },
	{ "amcache_file", "AMCACHE", "Root\\File\\*\\*",
	  ct_dec_amcache_old_file },
	/* dec-bam.c */
	{ "bam", "SYSTEM", CS "\\Services\\bam\\State\\UserSettings\\*", ct_dec_bam },
	{ "bam", "SYSTEM", CS "\\Services\\bam\\UserSettings\\*", ct_dec_bam },
	{ "dam", "SYSTEM", CS "\\Services\\dam\\State\\UserSettings\\*", ct_dec_bam },
	{ "dam", "SYSTEM", CS "\\Services\\dam\\UserSettings\\*", ct_dec_bam },
	/* dec-autostart.c */
	{ "run_key", "SOFTWARE", CV "\\Run*", ct_dec_run_key },
	{ "run_key", "SOFTWARE", CV "\\Policies\\Explorer\\Run", ct_dec_run_key },
	{ "run_key", "SOFTWARE", "WOW6432Node\\" CV "\\Run*", ct_dec_run_key },
	{ "run_key", "SOFTWARE", "WOW6432Node\\" CV "\\Policies\\Explorer\\Run",
	  ct_dec_run_key },
	{ "run_key", "NTUSER", "Software\\" CV "\\Run*", ct_dec_run_key },
	{ "run_key", "NTUSER", "Software\\" CV "\\Policies\\Explorer\\Run",
	  ct_dec_run_key },
	{ "run_key", "NTUSER", "Software\\WOW6432Node\\" CV "\\Run*",
	  ct_dec_run_key },
	{ "service", "SYSTEM", CS "\\Services\\*", ct_dec_service },
	{ "service_dll", "SYSTEM", CS "\\Services\\*\\Parameters",
	  ct_dec_service_dll },
	{ "taskcache", "SOFTWARE", NTCV "\\Schedule\\TaskCache\\Tasks\\*",
	  ct_dec_task_cache },
	{ "task_tree", "SOFTWARE", NTCV "\\Schedule\\TaskCache\\Tree\\*",
	  ct_dec_task_tree },
	{ "uninstall", "SOFTWARE", CV "\\Uninstall\\*", ct_dec_uninstall },
	{ "uninstall", "SOFTWARE", "WOW6432Node\\" CV "\\Uninstall\\*",
	  ct_dec_uninstall },
	/* dec-userassist.c */
	{ "userassist", "NTUSER", EXPLORER "\\UserAssist\\*\\Count",
	  ct_dec_userassist },
	/* dec-mru.c */
	{ "recent_doc", "NTUSER", EXPLORER "\\RecentDocs", ct_dec_recent_docs },
	{ "recent_doc", "NTUSER", EXPLORER "\\RecentDocs\\*", ct_dec_recent_docs },
	{ "run_mru", "NTUSER", EXPLORER "\\RunMRU", ct_dec_run_mru },
	{ "typed_path", "NTUSER", EXPLORER "\\TypedPaths", ct_dec_typed },
	{ "typed_url", "NTUSER", "Software\\Microsoft\\Internet Explorer\\TypedURLs",
	  ct_dec_typed },
	{ "word_wheel_query", "NTUSER", EXPLORER "\\WordWheelQuery",
	  ct_dec_word_wheel },
	{ "word_wheel_query", "NTUSER", EXPLORER "\\WordWheelQuery\\*",
	  ct_dec_word_wheel },
	/* dec-system.c */
	{ "computer_name", "SYSTEM", CS "\\Control\\ComputerName\\ComputerName",
	  ct_dec_computer_name },
	{ "time_zone", "SYSTEM", CS "\\Control\\TimeZoneInformation",
	  ct_dec_time_zone },
	{ "profile", "SOFTWARE", NTCV "\\ProfileList\\*", ct_dec_profile },
	/* dec-sam.c */
	{ "sam_user", "SAM", "SAM\\Domains\\Account\\Users\\*", ct_dec_sam_user },
	{ "sam_name", "SAM", "SAM\\Domains\\Account\\Users\\Names\\*",
	  ct_dec_sam_name },
	{ "machine_sid", "SAM", "SAM\\Domains\\Account", ct_dec_sam_domain },
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
		/*
		 * Most keys match no pattern: the literal part before the
		 * first wildcard rules most out before fnmatch (measured on
		 * a million such keys: 0.62 s without, 0.49 s with, best of
		 * three on a shared machine).
		 */
		if (strncasecmp(k->path, d->path_glob,
		    strcspn(d->path_glob, "*?[")) != 0)
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
