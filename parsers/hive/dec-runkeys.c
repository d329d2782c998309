/*
 * dec-runkeys.c - Run keys: what starts at every boot or logon.
 *
 *	run_key		one per value of a Run, RunOnce, RunServices(Once)
 *			or Policies\Explorer\Run key (SOFTWARE, WOW6432Node,
 *			every user's NTUSER); time: the key's last write
 */
#include "compat.h"

#include <strings.h>

#include "artefact.h"
#include "casedb.h"
#include "dec-util.h"
#include "decoders.h"
#include "xalloc.h"

static const char *const run_names[] = {
	"Run", "RunOnce", "RunServices", "RunServicesOnce", NULL
};

/*
 * The program a command line starts: the quoted first token, or
 * everything up to the first space (Windows tries longer prefixes for
 * unquoted paths with spaces; the analysis gets the whole command line).
 */
static char *
program_of(const char *cmd)
{
	const char *e;

	while (*cmd == ' ' || *cmd == '\t')
		cmd++;
	if (*cmd == '"') {
		e = strchr(cmd + 1, '"');
		return e ? ct_xstrndup(cmd + 1, (size_t)(e - cmd - 1)) :
		    ct_xstrdup(cmd + 1);
	}
	e = strpbrk(cmd, " \t");
	return e ? ct_xstrndup(cmd, (size_t)(e - cmd)) : ct_xstrdup(cmd);
}

void
ct_dec_run_key(const struct ct_reg_key_view *k, struct ct_batch *b)
{
	const char *key = ct_dec_key_name(k);
	size_t i;
	int known = 0;

	for (i = 0; run_names[i]; i++)
		known |= strcasecmp(key, run_names[i]) == 0;
	if (!known)
		return;
	for (i = 0; i < k->nvalues; i++) {
		const struct ct_reg_value_view *v = &k->values[i];
		struct ct_artefact_row a;
		struct ct_buf cmd = CT_BUF_INIT, sum = CT_BUF_INIT;
		struct ct_dec_json j = CT_DEC_JSON_INIT;
		char *prog;

		if (!ct_dec_value_text(v, &cmd))
			continue;
		prog = program_of(cmd.buf);
		ct_artefact_row_init(&a, "run_key");
		a.name = v->name;
		a.command_line = cmd.buf;
		a.path = prog;
		ct_dec_json_str(&j, "key", key);
		a.data = ct_dec_json_done(&j);
		if (k->last_written > 0)
			a.time = k->last_written;
		ct_buf_addf(&sum, "%s entry '%s': %s", key, v->name, cmd.buf);
		ct_reg_emit_artefact(b, k, &a, sum.buf, "Run key written");
		free(prog);
		ct_dec_json_release(&j);
		ct_buf_release(&cmd);
		ct_buf_release(&sum);
	}
}
