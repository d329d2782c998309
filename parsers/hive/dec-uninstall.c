/*
 * dec-uninstall.c - installed programs (SOFTWARE [WOW6432Node\]
 * Microsoft\Windows\CurrentVersion\Uninstall\<name>).
 *
 *	uninstall	one per Uninstall\<name> key: display name, version,
 *			publisher, install date and location, uninstall
 *			command; time: the key's last write
 */
#include "compat.h"

#include <strings.h>

#include "artefact.h"
#include "casedb.h"
#include "dec-util.h"
#include "decoders.h"

void
ct_dec_uninstall(const struct ct_reg_key_view *k, struct ct_batch *b)
{
	struct ct_artefact_row a;
	struct ct_dec_json j = CT_DEC_JSON_INIT;
	struct ct_buf sum = CT_BUF_INIT;
	char *name, *publisher, *version, *date, *location, *uninstall;
	size_t depth = ct_dec_depth(k);

	/* Microsoft\...\Uninstall\X or WOW6432Node\Microsoft\...\Uninstall\X */
	if (depth != 5 && depth != 6)
		return;
	if (depth == 6 && strncasecmp(k->path, "WOW6432Node\\", 12) != 0)
		return;
	name = ct_dec_str(k, "DisplayName");
	publisher = ct_dec_str(k, "Publisher");
	version = ct_dec_str(k, "DisplayVersion");
	date = ct_dec_str(k, "InstallDate");
	location = ct_dec_str(k, "InstallLocation");
	uninstall = ct_dec_str(k, "UninstallString");
	ct_artefact_row_init(&a, "uninstall");
	a.name = name ? name : ct_dec_key_name(k);
	a.product = name;
	a.publisher = publisher;
	a.version = version;
	a.path = location;
	a.command_line = uninstall;
	ct_dec_json_str(&j, "key", ct_dec_key_name(k));
	ct_dec_json_str(&j, "install_date", date);
	a.data = ct_dec_json_done(&j);
	if (k->last_written > 0)
		a.time = k->last_written;
	ct_buf_addf(&sum, "installed: %s", a.name);
	if (version)
		ct_buf_addf(&sum, " %s", version);
	if (publisher)
		ct_buf_addf(&sum, " (%s)", publisher);
	ct_reg_emit_artefact(b, k, &a, sum.buf, "Uninstall key written");
	ct_buf_release(&sum);
	ct_dec_json_release(&j);
	free(name); free(publisher); free(version); free(date); free(location);
	free(uninstall);
}
