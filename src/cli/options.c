/*
 * options.c - option helpers (see options.h).
 */
#include "compat.h"

#include <errno.h>

#include "error.h"
#include "ingest.h"
#include "options.h"
#include "parser.h"

int
ct_opt_int(const char *s, int min, int max, const char *what, int *out)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || end == s || *end || v < min || v > max) {
		ct_eprintf("casetrail: %s must be a number from %d to %d, "
		    "not '%s'\n", what, min, max, s);
		return -1;
	}
	*out = (int)v;
	return 0;
}

int
ct_opt_size(const char *s, const char *what, int64_t *out)
{
	char *end;
	unsigned long long v;
	int shift = 0;

	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno || end == s || *s == '-')
		goto bad;
	switch (*end) {
	case '\0': break;
	case 'k': case 'K': shift = 10; end++; break;
	case 'm': case 'M': shift = 20; end++; break;
	case 'g': case 'G': shift = 30; end++; break;
	case 't': case 'T': shift = 40; end++; break;
	default: goto bad;
	}
	if (*end == 'i' || *end == 'B')
		end += *end == 'i' && end[1] == 'B' ? 2 : 1;
	if (*end || v > (unsigned long long)INT64_MAX >> shift)
		goto bad;
	*out = (int64_t)(v << shift);
	return 0;
bad:
	ct_eprintf("casetrail: %s must be a size in bytes (suffixes K, M, "
	    "G, T), not '%s'\n", what, s);
	return -1;
}

int
ct_opt_ingest(int c, const char *arg, struct ct_ingest_opts *o)
{
	int n;

	switch (c) {
	case 'q':
		o->quiet = 1;
		return 1;
	case 'v':
		o->verbose = 1;
		return 1;
	case 'j':
		if (ct_opt_int(arg, 1, 256, "--jobs", &n))
			return -1;
		o->parse.jobs = n;
		return 1;
	case 'H':
		o->parse.no_hash = 1;
		return 1;
	case 'M':
		return ct_opt_size(arg, "--hash-max-size", &o->parse.hash_max_size) ?
		    -1 : 1;
	case 'V':
		o->parse.verify = 1;
		return 1;
	}
	return 0;
}
