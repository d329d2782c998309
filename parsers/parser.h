/*
 * parser.h - the interface every evidence parser implements.
 *
 * A parser reads one input (a host file, or a file inside a disk image)
 * through ct_input.read_at and emits rows through a struct ct_batch (see
 * src/sink.h). It never sees SQL. Damage in the input is a warning row
 * (ct_batch_warn) and parsing goes on; only an input that cannot be read at
 * all, or a cancelled run, makes parse() return an error.
 *
 * Adding a parser takes four steps:
 *  1. parsers/<name>/...c defining a const struct ct_parser ct_parser_<name>;
 *  2. one line in parsers/registry.c;
 *  3. its sources in its parsers/<name>/<name>.am fragment (Makefile.am);
 *  4. tests: unit tests of its in-memory entry points, a tests/t script
 *     running the real binary, and a libFuzzer target in tests/fuzz.
 */
#ifndef CT_PARSER_H
#define CT_PARSER_H

#include "compat.h"

#include "error.h"
#include "sink.h"

#define CT_PARSER_ABI	4	/* bump when struct ct_parser changes */

/* How much of an input probe() sees. */
#define CT_PROBE_BYTES	4096

struct ct_hashes;

/* What the command line asks of every parser (set by the ingest driver). */
struct ct_parse_opts {
	int jobs;		/* worker threads, >= 1 */
	int progress;		/* show progress on stderr (a terminal, not --quiet) */
	int no_hash;		/* --no-hash: do not hash file contents in images */
	int64_t hash_max_size;	/* --hash-max-size: skip larger files; 0 = no limit */
	int verify;		/* --verify: read an E01's media, check its hashes */
};

struct ct_input {
	const char *path;	/* for messages: host path or path inside the image */
	const char *host_path;	/* the file on this machine, or NULL if nested */
	int64_t size;		/* bytes */
	int64_t source_id;	/* its row in the evidence inventory */
	struct ct_sink *sink;
	const struct ct_parse_opts *opts;
	/*
	 * Read up to n bytes at offset off into buf. Returns the number of
	 * bytes read (0 at or past the end) or -1 on an I/O error. Safe to
	 * call from several threads at once.
	 */
	int64_t (*read_at)(void *ctx, void *buf, size_t n, int64_t off);
	void *ctx;
	/*
	 * Hand a file found inside this input (an .evtx or .pf inside a disk
	 * image) back to the ingest driver, which picks its parser among the
	 * nested ones, hashes it (unless known, its MD5, SHA-1 and SHA-256 of
	 * all size bytes, is given: the image parser has them when it hashed
	 * the file's content), adds it to the inventory with this input as its
	 * parent and locator saying where it was found, and parses it. Returns
	 * CT_OK if no parser claims it (nothing is recorded) or it was parsed;
	 * an error only for a case-file failure. Thread-safe. Set by the
	 * driver; NULL where nested files are not followed.
	 */
	enum ct_status (*nested)(struct ct_input *self, const char *path,
	    const char *locator, int64_t size,
	    int64_t (*read_at)(void *ctx, void *buf, size_t n, int64_t off),
	    void *ctx, const struct ct_hashes *known, struct ct_error *err);
	void *driver;		/* the driver's state, for nested() */
};

struct ct_parser {
	unsigned abi;		/* CT_PARSER_ABI */
	const char *name;	/* stable: stored in source.parser */
	const char *kind;	/* source.kind for its inputs: evtx image ... */
	const char *summary;	/* one line for --help */
	int nested;		/* also used for files found inside images */
	/*
	 * Which files inside a disk image's volumes this parser reads: a
	 * NULL-terminated list of fnmatch(3) globs over the file's full path
	 * in its volume ("/Windows/Prefetch/X.PF"), matched case-insensitively
	 * because Windows paths are; '*' also crosses '/'. NULL: none. The
	 * image walker offers a file to the parsers only when one claims it,
	 * so a volume of a million files is not probed a million times.
	 */
	const char *const *image_paths;
	/*
	 * 0-100: how sure the parser is that the input is its format, from
	 * the first bytes (n <= CT_PROBE_BYTES; fewer for short files) and
	 * the name. Must not emit anything.
	 */
	int (*probe)(const uint8_t *head, size_t n, const char *name,
	    int64_t size);
	/*
	 * Parse the whole input. Returns CT_OK when the input was read, even
	 * with warnings; an error (with err filled) when it could not be
	 * read at all.
	 */
	enum ct_status (*parse)(struct ct_input *in, struct ct_error *err);
	/*
	 * Optional, and the one place a parser runs SQL: work across the rows
	 * of a whole ingest once they are written and indexed (the EVTX parser
	 * joins PowerShell script blocks split over several records). Called
	 * once at the end of every ingest, with the first source id it added.
	 */
	enum ct_status (*finish)(struct ct_case *c, int64_t first_source_id,
	    struct ct_error *err);
	/*
	 * Optional: the parser's part of a case-file upgrade. The step to
	 * schema version has just added its columns; fill the ones this
	 * parser writes in the rows an older casetrail left, from what those
	 * rows store, so an upgraded case holds what a new ingest would.
	 * Runs inside the upgrade's transaction (ct_case_set_backfill).
	 */
	enum ct_status (*backfill)(struct ct_case *c, int version,
	    struct ct_error *err);
};

/* The registry: a NULL-terminated table (parsers/registry.c). */
extern const struct ct_parser *const ct_parsers[];

/*
 * 1 when some nested parser's image_paths claims the file at path (its
 * full path inside a volume) whose last component is name.
 */
int ct_parser_claims_image_path(const char *path, const char *name);

/*
 * Every parser's backfill for the upgrade step to schema version, in
 * registry order: what src/cli/main.c hands ct_case_set_backfill().
 */
enum ct_status ct_parsers_backfill(struct ct_case *c, int version,
    struct ct_error *err);

/* Find a parser by name, or NULL. */
const struct ct_parser *ct_parser_find(const char *name);

/*
 * Choose the parser for an input: the highest probe score above zero.
 * nested_only restricts to parsers with .nested set. Returns NULL if none
 * claims it. When two parsers claim it with the same best score neither
 * is chosen, as TSK's openers refuse to guess between two file systems:
 * NULL, with the two in tie[0] and tie[1] when tie is not NULL (else
 * tie[0] stays NULL).
 */
const struct ct_parser *ct_parser_detect(const uint8_t *head, size_t n,
    const char *name, int64_t size, int nested_only,
    const struct ct_parser *tie[2]);
/* The same over another NULL-terminated table (for tests). */
const struct ct_parser *ct_parser_detect_in(
    const struct ct_parser *const *table, const uint8_t *head, size_t n,
    const char *name, int64_t size, int nested_only,
    const struct ct_parser *tie[2]);

#endif
