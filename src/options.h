/*
 * options.h - small helpers shared by the subcommands' option parsing.
 */
#ifndef CT_OPTIONS_H
#define CT_OPTIONS_H

#include "compat.h"

/* Parse a decimal integer in [min, max]; print a usage error and return -1 if not. */
int ct_opt_int(const char *s, int min, int max, const char *what, int *out);

/* Parse a byte count with optional K/M/G/T suffix (powers of 1024). */
int ct_opt_size(const char *s, const char *what, int64_t *out);

#endif
