/*
 * desc.h - build a hive from a declarative description (JSON Lines, the
 * format of corpus/README.md "Hive description"): a header line, security
 * descriptors, then keys in depth-first order, each followed by its
 * values.  Read line by line, so memory holds only the open keys.
 */
#ifndef REGFW_DESC_H
#define REGFW_DESC_H

#include <stdio.h>

/* Returns 0, or -1 after printing "NAME:LINE: message" to stderr. */
int rf_desc_run(FILE *in, const char *inname, const char *out);

#endif
