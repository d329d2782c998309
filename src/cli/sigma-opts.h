/*
 * sigma-opts.h - the Sigma options that `analyze` and `run` share:
 * --sigma PATH (a rule file or a folder, repeatable) and
 * --sigma-placeholder NAME=VALUE,... (values for |expand), loading the
 * rules with every skipped one reported, and the summaries.
 */
#ifndef CT_SIGMA_OPTS_H
#define CT_SIGMA_OPTS_H

#ifndef CT_LAYER_CLI
#error "src/cli/ is the command line, the top layer: nothing below includes it"
#endif

#include "compat.h"

#include "analyze.h"
#include "sigma.h"

#define CT_SIGMA_MAX_PATHS	64	/* --sigma options per command */
#define CT_SIGMA_MAX_PLACEHOLDERS 64	/* --sigma-placeholder options */

struct ct_sigma_opts {
	const char *path[CT_SIGMA_MAX_PATHS];
	size_t npath;
	char *placeholder[CT_SIGMA_MAX_PLACEHOLDERS];	/* "NAME=V1,V2" */
	size_t nplaceholder;
	struct ct_sigma_set *set;	/* after ct_sigma_opts_load(), or NULL */
	struct ct_sigma_report rep;
};

/* Rows for the struct option tables (no short letters). */
#define CT_SIGMA_OPT_PATH	0x5301
#define CT_SIGMA_OPT_PLACEHOLDER 0x5302
#define CT_SIGMA_LONGOPTS \
	{ "sigma", required_argument, NULL, CT_SIGMA_OPT_PATH }, \
	{ "sigma-placeholder", required_argument, NULL, \
	    CT_SIGMA_OPT_PLACEHOLDER }

/* The usage lines of the options, for the commands' help texts. */
extern const char ct_sigma_opts_usage[];

/*
 * Apply getopt's option c to o if it is a Sigma option: 1 if it was, 0 if
 * it is not one of them, -1 on a bad value (the error is printed).
 */
int ct_sigma_opts_parse(struct ct_sigma_opts *o, int c, const char *arg);

/*
 * Load and compile the rules of o's paths (none: o->set stays NULL and 0
 * is returned). Every skipped rule is printed as "casetrail: sigma:
 * FILE:LINE: reason (kind)" and then the summary, unless quiet. Returns
 * 0, or an exit code (CT_EXIT_INPUT: a path cannot be read; the error is
 * printed).
 */
int ct_sigma_opts_load(struct ct_sigma_opts *o, int quiet);

/* Point the analysis options at o's set (and its report and paths). */
void ct_sigma_opts_apply(const struct ct_sigma_opts *o,
    struct ct_analyze_opts *ao);

/* "sigma: N hit(s) of N rule(s) on N record(s) ...: N finding(s) (...)" */
void ct_sigma_opts_print_result(const struct ct_analyze_stats *st, FILE *fp,
    const char *prefix);

/* Free the set and the copies; o may be used again after. */
void ct_sigma_opts_release(struct ct_sigma_opts *o);

#endif
