/*
 * knowledge.h - the updater knowledge file (analysis/data/updaters.txt,
 * or --knowledge FILE): which images are software updaters.
 *
 * Lines: "name <file name>  <label>" or "path <glob>  <label>", '#'
 * comments.
 */
#ifndef CT_AN_KNOWLEDGE_H
#define CT_AN_KNOWLEDGE_H

#include "compat.h"

#include "error.h"

struct an_updater_pattern {
	int is_path;		/* 1: glob on the normalised path; 0: base name */
	int literal;		/* no glob characters: compare with strcmp */
	char *pattern;		/* lower case */
	char *label;		/* "QuillEdit updater" */
};

struct an_knowledge {
	struct an_updater_pattern *upd;
	size_t nupd;
};

/*
 * Load the knowledge file at path (NULL: the built-in copy) into k.
 * Malformed lines are an error naming file and line (CT_ERR_FORMAT), an
 * unreadable file CT_ERR_IO.
 */
enum ct_status an_knowledge_load(struct an_knowledge *k, const char *path,
    struct ct_error *err);
void an_knowledge_release(struct an_knowledge *k);
/* The label of a known updater image, or NULL. */
const char *an_knowledge_updater(const struct an_knowledge *k, const char *image);
/*
 * The heuristic for updaters the file does not list: under Program
 * Files, named like one ("update", "upd"). A name alone proves nothing:
 * callers add what the run did (started by a scheduler, connected).
 */
int an_looks_like_updater(const char *image);

#endif
