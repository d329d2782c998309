/*
 * options.h - small helpers shared by the subcommands' option parsing.
 */
#ifndef CT_OPTIONS_H
#define CT_OPTIONS_H

#ifndef CT_LAYER_CLI
#error "src/cli/ is the command line, the top layer: nothing below includes it"
#endif

#include "compat.h"

/* Parse a decimal integer in [min, max]; print a usage error and return -1 if not. */
int ct_opt_int(const char *s, int min, int max, const char *what, int *out);

/* Parse a byte count with optional K/M/G/T suffix (powers of 1024). */
int ct_opt_size(const char *s, const char *what, int64_t *out);

struct ct_ingest_opts;

/*
 * The evidence options `ingest` and `run` share, as rows for their
 * struct option tables (short letters q, v, j:, H, M, V).
 */
#define CT_INGEST_LONGOPTS \
	{ "quiet", no_argument, NULL, 'q' }, \
	{ "verbose", no_argument, NULL, 'v' }, \
	{ "jobs", required_argument, NULL, 'j' }, \
	{ "no-hash", no_argument, NULL, 'H' }, \
	{ "hash-max-size", required_argument, NULL, 'M' }, \
	{ "verify", no_argument, NULL, 'V' }
#define CT_INGEST_SHORTOPTS "qvj:"

/*
 * Apply getopt's option c (with its argument) to o if it is one of the
 * shared ingest options. Returns 1 if it was, 0 if it is not one of them,
 * -1 if its value is bad (a usage error has been printed).
 */
int ct_opt_ingest(int c, const char *arg, struct ct_ingest_opts *o);

#endif
