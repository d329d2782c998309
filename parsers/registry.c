/*
 * registry.c - the table of evidence parsers, and format detection.
 *
 * Detection probes every parser and takes the highest score. When two
 * parsers claim an input with the same score, ct_parser_detect chooses
 * neither and names both, rather than guessing (as TSK's fs_open refuses
 * with TSK_ERR_FS_MULTTYPE): the driver says so and the analyst names one
 * with --parser.
 */
/* FNM_CASEFOLD: a GNU extension that glibc, musl and the BSDs all have */
#define _GNU_SOURCE 1
#include "compat.h"

#include <fnmatch.h>
#include <string.h>
#include <strings.h>

#include "parser.h"

extern const struct ct_parser ct_parser_evtx;
extern const struct ct_parser ct_parser_image;
extern const struct ct_parser ct_parser_prefetch;
extern const struct ct_parser ct_parser_usnjrnl;

/* One line per parser, most specific first. */
const struct ct_parser *const ct_parsers[] = {
	&ct_parser_evtx,
	&ct_parser_image,
	&ct_parser_prefetch,
	&ct_parser_usnjrnl,
	NULL
};

enum ct_status
ct_parsers_backfill(struct ct_case *c, int version, struct ct_error *err)
{
	enum ct_status rc;
	size_t i;

	for (i = 0; ct_parsers[i]; i++)
		if (ct_parsers[i]->backfill &&
		    (rc = ct_parsers[i]->backfill(c, version, err)))
			return rc;
	return CT_OK;
}

/*
 * The pattern's last component is tried against the name first: nearly
 * every file fails there, and a name is much shorter than its path.
 */
static int
claims(const char *pattern, const char *path, const char *name)
{
	const char *last = strrchr(pattern, '/');

	if (last && strpbrk(last + 1, "*?[") == NULL &&
	    strcasecmp(last + 1, name) != 0)
		return 0;
	if (last && fnmatch(last + 1, name, FNM_CASEFOLD) != 0)
		return 0;
	return fnmatch(pattern, path, FNM_CASEFOLD) == 0;
}

int
ct_parser_claims_image_path(const char *path, const char *name)
{
	size_t i, j;

	for (i = 0; ct_parsers[i]; i++) {
		const char *const *g = ct_parsers[i]->image_paths;

		if (!ct_parsers[i]->nested || g == NULL)
			continue;
		for (j = 0; g[j]; j++)
			if (claims(g[j], path, name))
				return 1;
	}
	return 0;
}

const struct ct_parser *
ct_parser_find(const char *name)
{
	size_t i;

	for (i = 0; ct_parsers[i]; i++)
		if (strcasecmp(ct_parsers[i]->name, name) == 0)
			return ct_parsers[i];
	return NULL;
}

const struct ct_parser *
ct_parser_detect_in(const struct ct_parser *const *table, const uint8_t *head,
    size_t n, const char *name, int64_t size, int nested_only,
    const struct ct_parser *tie[2])
{
	const struct ct_parser *best = NULL, *tied = NULL;
	int best_score = 0;
	size_t i;

	if (tie)
		tie[0] = tie[1] = NULL;
	for (i = 0; table[i]; i++) {
		const struct ct_parser *p = table[i];
		int score;

		if (nested_only && !p->nested)
			continue;
		score = p->probe(head, n, name, size);
		if (score > best_score) {
			best = p;
			best_score = score;
			tied = NULL;
		} else if (score > 0 && score == best_score && tied == NULL) {
			tied = p;
		}
	}
	if (tied) {
		if (tie) {
			tie[0] = best;
			tie[1] = tied;
		}
		return NULL;
	}
	return best;
}

const struct ct_parser *
ct_parser_detect(const uint8_t *head, size_t n, const char *name,
    int64_t size, int nested_only, const struct ct_parser *tie[2])
{
	return ct_parser_detect_in(ct_parsers, head, n, name, size,
	    nested_only, tie);
}
