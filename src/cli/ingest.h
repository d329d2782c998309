/*
 * ingest.h - the ingest driver: from paths on the command line to sources
 * and timeline rows in the case file.
 *
 * For each path (a file, or a directory walked recursively in name order)
 * the driver hashes the file (MD5, SHA-1, SHA-256 in one read), refuses to
 * ingest the same content twice into one case, picks a parser by probing,
 * records the source in the inventory and runs the parser. Used by
 * `casetrail ingest` and `casetrail run`.
 */
#ifndef CT_INGEST_H
#define CT_INGEST_H

#ifndef CT_LAYER_CLI
#error "src/cli/ is the command line, the top layer: nothing below includes it"
#endif

#include "compat.h"

#include "casedb.h"
#include "parser.h"

/* The options of `ingest` and `run` (src/cli/options.h parses them). */
struct ct_ingest_opts {
	int quiet;		/* no progress, no summary */
	int verbose;		/* every warning on stderr */
	/*
	 * Do not match the case's indicators against the new evidence after
	 * the ingest: `run` matches once, after loading its --ioc files.
	 */
	int defer_matching;
	struct ct_parse_opts parse;	/* what the parsers are told */
};

struct ct_ingest_stats {
	unsigned sources;	/* top-level inputs read */
	unsigned failed;	/* inputs that could not be read */
	unsigned duplicates;	/* inputs already in the case */
	unsigned replaced;	/* incomplete earlier reads replaced */
	unsigned skipped;	/* files in directories no parser claims */
	uint64_t records;	/* records written */
	uint64_t warnings;	/* warnings about evidence */
};

/* Start ingesting into c; c must stay open until ct_ingest_end(). */
struct ct_ingest *ct_ingest_begin(struct ct_case *c,
    const struct ct_ingest_opts *opts);

/*
 * Ingest one path. A parser name forces that parser (NULL: detect).
 * Returns CT_OK, or the input's error (already counted in the stats and
 * recorded in the inventory as failed); the caller goes on with the next
 * path. CT_ERR_DB means the case file broke: stop.
 */
enum ct_status ct_ingest_path(struct ct_ingest *in, const char *path,
    const char *parser, struct ct_error *err);

/*
 * Finish: flush, commit, fill stats, free. Returns CT_ERR_DB if the case
 * file failed at any point.
 */
enum ct_status ct_ingest_end(struct ct_ingest *in, struct ct_ingest_stats *st,
    struct ct_error *err);

/*
 * Print a summary of the warnings stored for the sources added since
 * since_source_id (stderr, a few lines per source).
 */
void ct_ingest_print_warnings(struct ct_case *c, int64_t since_source_id);

#endif
