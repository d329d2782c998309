/*
 * xalloc.h - allocation that never returns NULL.
 *
 * Running out of memory while building a timeline leaves nothing useful to
 * do, so these functions print the size that failed and abort (as git and
 * Redis do); call sites stay free of NULL checks. Sizes that come from
 * evidence must be checked against a named cap before they get here.
 */
#ifndef CT_XALLOC_H
#define CT_XALLOC_H

#include "compat.h"

void *ct_xmalloc(size_t n);
void *ct_xcalloc(size_t nmemb, size_t size);
void *ct_xrealloc(void *p, size_t n);
/* realloc of nmemb * size bytes; aborts if the product overflows. */
void *ct_xreallocarray(void *p, size_t nmemb, size_t size);
char *ct_xstrdup(const char *s);
char *ct_xstrndup(const char *s, size_t n);
/* printf into a new string the caller frees. */
char *ct_xasprintf(const char *fmt, ...) CT_PRINTF(1, 2);

#endif
