/*
 * sigma-opts.c - the --sigma options of `analyze` and `run` (see
 * sigma-opts.h).
 */
#include "compat.h"

#include "buf.h"
#include "error.h"
#include "sigma-opts.h"
#include "xalloc.h"

const char ct_sigma_opts_usage[] =
    "      --sigma PATH       Sigma rules: a .yml file or a folder searched\n"
    "                         recursively (repeatable); rules that cannot be\n"
    "                         used are listed with the reason and skipped\n"
    "      --sigma-placeholder NAME=VALUE,...\n"
    "                         values of %NAME% for rules using |expand\n"
    "                         (repeatable; without one such rules are skipped)\n";

int
ct_sigma_opts_parse(struct ct_sigma_opts *o, int c, const char *arg)
{
	switch (c) {
	case CT_SIGMA_OPT_PATH:
		if (o->npath == CT_SIGMA_MAX_PATHS) {
			ct_eprintf("casetrail: at most %d --sigma paths\n",
			    CT_SIGMA_MAX_PATHS);
			return -1;
		}
		o->path[o->npath++] = arg;
		return 1;
	case CT_SIGMA_OPT_PLACEHOLDER:
		if (o->nplaceholder == CT_SIGMA_MAX_PLACEHOLDERS) {
			ct_eprintf("casetrail: at most %d --sigma-placeholder "
			    "options\n", CT_SIGMA_MAX_PLACEHOLDERS);
			return -1;
		}
		if (strchr(arg, '=') == NULL || arg[0] == '=') {
			struct ct_buf b = CT_BUF_INIT;

			ct_buf_add_printable(&b, arg);
			ct_eprintf("casetrail: --sigma-placeholder wants "
			    "NAME=VALUE,..., not '%s'\n", b.buf);
			ct_buf_release(&b);
			return -1;
		}
		o->placeholder[o->nplaceholder++] = ct_xstrdup(arg);
		return 1;
	}
	return 0;
}

static void
on_skip(void *arg, const char *file, unsigned line, enum ct_sigma_skip kind,
    const char *reason)
{
	struct ct_buf b = CT_BUF_INIT;

	if (arg)
		return;		/* quiet */
	ct_buf_add_printable(&b, file);
	if (line)
		ct_buf_addf(&b, ":%u", line);
	ct_buf_adds(&b, ": ");
	ct_buf_add_printable(&b, reason);
	ct_eprintf("casetrail: sigma: %s (%s)\n", b.buf,
	    ct_sigma_skip_name(kind));
	ct_buf_release(&b);
}

/* NAME=V1,V2,... as a placeholder of set. */
static enum ct_status
placeholder(struct ct_sigma_set *set, const char *arg, struct ct_error *err)
{
	char *copy = ct_xstrdup(arg), *eq = strchr(copy, '='), *p;
	const char **vals = NULL;
	size_t n = 0, a = 0;
	enum ct_status rc;

	*eq = '\0';
	for (p = eq + 1; p; ) {
		char *comma = strchr(p, ',');

		if (comma)
			*comma = '\0';
		if (n == a) {
			a = a ? a * 2 : 8;
			vals = ct_xreallocarray(vals, a, sizeof(*vals));
		}
		vals[n++] = p;
		p = comma ? comma + 1 : NULL;
	}
	rc = ct_sigma_set_placeholder(set, copy, vals, n, err);
	free(vals);
	free(copy);
	return rc;
}

int
ct_sigma_opts_load(struct ct_sigma_opts *o, int quiet)
{
	struct ct_error err = CT_ERROR_INIT;
	size_t i;
	int k;

	if (o->npath == 0) {
		if (o->nplaceholder)
			ct_eprintf("casetrail: --sigma-placeholder without "
			    "--sigma: ignored\n");
		return 0;
	}
	memset(&o->rep, 0, sizeof(o->rep));
	o->rep.skip = on_skip;
	o->rep.arg = quiet ? &o->rep : NULL;
	o->set = ct_sigma_set_new();
	for (i = 0; i < o->nplaceholder; i++)
		if (placeholder(o->set, o->placeholder[i], &err) != CT_OK)
			goto fail;
	for (i = 0; i < o->npath; i++)
		if (ct_sigma_load(o->set, o->path[i], &o->rep, &err) != CT_OK)
			goto fail;
	if (ct_sigma_compile(o->set, &err) != CT_OK)
		goto fail;
	if (!quiet) {
		struct ct_buf b = CT_BUF_INIT;

		ct_buf_addf(&b, "%u rule(s) loaded from %u file(s), %u "
		    "skipped", o->rep.loaded, o->rep.files, o->rep.skipped);
		for (k = 0, i = 0; k < CT_SIGMA_SKIP_NKINDS; k++) {
			if (!o->rep.by_kind[k])
				continue;
			ct_buf_addf(&b, "%s%u %s", i++ ? ", " : " (",
			    o->rep.by_kind[k],
			    ct_sigma_skip_name((enum ct_sigma_skip)k));
		}
		if (i)
			ct_buf_addch(&b, ')');
		ct_eprintf("casetrail: sigma: %s\n", b.buf);
		ct_buf_release(&b);
	}
	return 0;
fail:
	ct_error_print(&err);
	ct_sigma_free(o->set);
	o->set = NULL;
	return err.code == CT_ERR_USAGE ? CT_EXIT_USAGE : CT_EXIT_INPUT;
}

void
ct_sigma_opts_apply(const struct ct_sigma_opts *o, struct ct_analyze_opts *ao)
{
	ao->sigma = o->set;
	ao->sigma_report = o->set ? &o->rep : NULL;
	ao->sigma_paths = o->path;
	ao->nsigma_paths = o->set ? o->npath : 0;
}

void
ct_sigma_opts_print_result(const struct ct_analyze_stats *st, FILE *fp,
    const char *prefix)
{
	int i;

	fprintf(fp, "%ssigma: %" PRId64 " hit(s) of %" PRId64 " rule(s) on %"
	    PRId64 " event-log record(s) in %.2f s: %" PRId64 " finding(s) (",
	    prefix, st->sigma_hits, st->sigma_rules_fired, st->sigma_records,
	    st->sigma_seconds, st->sigma_findings);
	for (i = 4; i >= 0; i--)
		fprintf(fp, "%s%" PRId64 " %s", i == 4 ? "" : ", ",
		    st->sigma_by_severity[i], ct_severity_names[i]);
	fprintf(fp, ")\n");
}

void
ct_sigma_opts_release(struct ct_sigma_opts *o)
{
	size_t i;

	ct_sigma_free(o->set);
	o->set = NULL;
	for (i = 0; i < o->nplaceholder; i++)
		free(o->placeholder[i]);
	o->nplaceholder = 0;
	o->npath = 0;
}
