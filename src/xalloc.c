/*
 * xalloc.c - allocation wrappers that abort on failure (see xalloc.h).
 */
#include "compat.h"

#include <stdarg.h>

#include "xalloc.h"

static CT_NORETURN void
xalloc_die(size_t n)
{
	fprintf(stderr, "casetrail: out of memory allocating %zu bytes\n", n);
	abort();
}

void *
ct_xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (p == NULL)
		xalloc_die(n);
	return p;
}

void *
ct_xcalloc(size_t nmemb, size_t size)
{
	void *p = calloc(nmemb ? nmemb : 1, size ? size : 1);

	if (p == NULL)
		xalloc_die(nmemb * size);
	return p;
}

void *
ct_xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);

	if (q == NULL)
		xalloc_die(n);
	return q;
}

void *
ct_xreallocarray(void *p, size_t nmemb, size_t size)
{
	if (size != 0 && nmemb > SIZE_MAX / size)
		xalloc_die(SIZE_MAX);
	return ct_xrealloc(p, nmemb * size);
}

char *
ct_xstrdup(const char *s)
{
	return ct_xstrndup(s, strlen(s));
}

char *
ct_xstrndup(const char *s, size_t n)
{
	size_t len = strnlen(s, n);
	char *p = ct_xmalloc(len + 1);

	memcpy(p, s, len);
	p[len] = '\0';
	return p;
}

char *
ct_xasprintf(const char *fmt, ...)
{
	va_list ap;
	int n;
	char *p;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		xalloc_die(0);
	p = ct_xmalloc((size_t)n + 1);
	va_start(ap, fmt);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return p;
}
