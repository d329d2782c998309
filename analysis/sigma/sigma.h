/*
 * sigma.h - Sigma detection rules (SigmaHQ) compiled into a matcher of
 * Windows event-log records.
 *
 * A rule set is built in three steps and then only read:
 *
 *	struct ct_sigma_set *set = ct_sigma_set_new();
 *	ct_sigma_load(set, "rules/windows", &report, &err);   (repeatable)
 *	ct_sigma_compile(set, &err);
 *	... ct_sigma_match(set, scratch, &event, fn, arg) on any thread ...
 *	ct_sigma_free(set);
 *
 * Loading reads YAML files (libyaml, opened on first use), checks each
 * rule against the Sigma specification as SigmaHQ's rules use it and
 * compiles its detection into value matchers and a condition tree. A
 * rule that cannot be used is skipped with a reason (report.skip is
 * called with "file: reason"); the others load. Compiling groups the
 * rules by the (channel, event ID) pairs their logsource can match (the
 * table analysis/data/sigma-logsources.txt) and builds, per event field,
 * a filter over literals the rules need (each rule contributes literals
 * that must occur for it to match), so that an event is looked at only by
 * the rules of its channel and event ID whose literals occur in it. doc/sigma.md describes the semantics.
 *
 * The matcher knows no SQL: an event is its channel, provider, event ID
 * and name/value fields. sigma-scan.h runs a set over a case file.
 *
 * Ownership: the set owns every rule and every string reachable from a
 * struct ct_sigma_rule; they live until ct_sigma_free(). Events and their
 * strings are borrowed for the duration of one ct_sigma_match() call.
 * Rule text is hostile input: every size, depth and count is capped
 * (CT_SIGMA_MAX_*), regular expressions are compiled with PCRE2 under
 * limits and matched with a match limit.
 */
#ifndef CT_SIGMA_H
#define CT_SIGMA_H

#include "compat.h"

#include "error.h"

/* Caps on rule text (per file / document / rule). */
#define CT_SIGMA_MAX_FILE	(4u << 20)	/* bytes of one YAML file */
#define CT_SIGMA_MAX_DEPTH	32	/* YAML nesting and condition nesting */
#define CT_SIGMA_MAX_NODES	200000	/* YAML nodes per file */
#define CT_SIGMA_MAX_SCALAR	(1u << 20)	/* bytes of one YAML scalar */
#define CT_SIGMA_MAX_DOCS	1000	/* YAML documents per file */
#define CT_SIGMA_MAX_VALUES	20000	/* compiled values of one rule */
#define CT_SIGMA_MAX_REGEX	4096	/* bytes of one regular expression */
#define CT_SIGMA_MAX_FILES	100000	/* rule files under one folder */

enum ct_sigma_level {
	CT_SIGMA_INFORMATIONAL,
	CT_SIGMA_LOW,
	CT_SIGMA_MEDIUM,
	CT_SIGMA_HIGH,
	CT_SIGMA_CRITICAL,
};

/* One loaded rule, as its YAML says (read-only; owned by the set). */
struct ct_sigma_rule {
	unsigned index;			/* load order, 0 .. count - 1 */
	const char *id;			/* the rule's id (always set) */
	const char *title;
	const char *author;		/* "" when the rule names none */
	const char *description;	/* "" when absent */
	const char *status;		/* "" when absent */
	const char *date, *modified;	/* as written, "" when absent */
	enum ct_sigma_level level;	/* medium when the rule has none */
	const char *level_name;		/* "informational" ... "critical" */
	const char *product, *category, *service;	/* "" when absent */
	const char *file;		/* the file it came from, as opened */
	unsigned line;			/* line of its document in that file */
	const char *const *tags;	/* "attack.t1059.001", ... */
	size_t ntags;
	const char *const *references;
	size_t nreferences;
	const char *const *falsepositives;
	size_t nfalsepositives;
	const char *license;		/* SPDX id of its licence, "" when absent */
};

/* Why a rule was skipped (append-only: the report prints the names). */
enum ct_sigma_skip {
	CT_SIGMA_SKIP_YAML,		/* not valid YAML */
	CT_SIGMA_SKIP_NOT_RULE,		/* valid YAML, not a usable Sigma rule */
	CT_SIGMA_SKIP_LOGSOURCE,	/* no event log for its logsource */
	CT_SIGMA_SKIP_MODIFIER,		/* unknown or unsupported modifier */
	CT_SIGMA_SKIP_VALUE,		/* a value that cannot be compiled */
	CT_SIGMA_SKIP_CONDITION,	/* condition not understood */
	CT_SIGMA_SKIP_PLACEHOLDER,	/* %placeholder% without a value */
	CT_SIGMA_SKIP_CORRELATION,	/* correlation rule (not supported) */
	CT_SIGMA_SKIP_STATUS,		/* status deprecated or unsupported */
	CT_SIGMA_SKIP_DUPLICATE,	/* id already loaded */
	CT_SIGMA_SKIP_LIMIT,		/* over a CT_SIGMA_MAX_* cap */
	CT_SIGMA_SKIP_IO,		/* a file in a folder cannot be read */
	CT_SIGMA_SKIP_NKINDS
};

/* A short name for each reason ("bad YAML", "unknown logsource"...). */
const char *ct_sigma_skip_name(enum ct_sigma_skip kind);

/*
 * What loading did, accumulated over every ct_sigma_load() call that is
 * given the same report. Zero it (or use CT_SIGMA_REPORT_INIT) first.
 */
struct ct_sigma_report {
	unsigned files;			/* YAML files read */
	unsigned loaded;		/* rules loaded */
	unsigned skipped;		/* rules (or documents) skipped */
	unsigned by_kind[CT_SIGMA_SKIP_NKINDS];
	/*
	 * Called for every skipped rule with the file, the line of its
	 * document (or of the problem, 0 if unknown) and the reason, a
	 * lower-case phrase that quotes the offending text; may be NULL.
	 */
	void (*skip)(void *arg, const char *file, unsigned line,
	    enum ct_sigma_skip kind, const char *reason);
	void *arg;
};

#define CT_SIGMA_REPORT_INIT { 0, 0, 0, { 0 }, NULL, NULL }

/*
 * Print the summary: "sigma: N rules loaded from N files, N skipped"
 * and one line per reason with a count.
 */
void ct_sigma_report_print(const struct ct_sigma_report *rep, FILE *out);

struct ct_sigma_set;

/* A new, empty set (the built-in logsource table). Free with ct_sigma_free. */
struct ct_sigma_set *ct_sigma_set_new(void);

/* Free a set and everything it owns; NULL is allowed. */
void ct_sigma_free(struct ct_sigma_set *set);

/*
 * Replace the logsource table (the format of
 * analysis/data/sigma-logsources.txt) before any rule is loaded. name is
 * used in messages. CT_ERR_FORMAT names the bad line.
 */
enum ct_status ct_sigma_set_logsources(struct ct_sigma_set *set,
    const char *name, const char *text, struct ct_error *err);

/*
 * Give placeholder %name% (used by the expand modifier) its values; each
 * value is a Sigma string (wildcards allowed). The strings are copied.
 * Must be called before the rules that use it are loaded; without a value
 * such rules are skipped (CT_SIGMA_SKIP_PLACEHOLDER).
 */
enum ct_status ct_sigma_set_placeholder(struct ct_sigma_set *set,
    const char *name, const char *const *values, size_t nvalues,
    struct ct_error *err);

/*
 * Load a rule file or every *.yml / *.yaml file under a folder (recursive,
 * in byte order of the names; hidden entries skipped). Rules that cannot
 * be used are counted in rep (may be NULL) and skipped. Returns CT_OK
 * even when rules were skipped; CT_ERR_IO when path (or a file in it)
 * cannot be read, CT_ERR_USAGE after ct_sigma_compile().
 */
enum ct_status ct_sigma_load(struct ct_sigma_set *set, const char *path,
    struct ct_sigma_report *rep, struct ct_error *err);

/* The same for YAML text in memory (name is used in messages). */
enum ct_status ct_sigma_load_text(struct ct_sigma_set *set, const char *name,
    const char *text, size_t len, struct ct_sigma_report *rep,
    struct ct_error *err);

/*
 * Build the index once every rule is loaded. After it the set is
 * read-only and may be matched from several threads at once.
 */
enum ct_status ct_sigma_compile(struct ct_sigma_set *set,
    struct ct_error *err);

/* What ct_sigma_compile() built (zero before it). */
struct ct_sigma_index_stats {
	size_t variants;		/* rule x logsource table row */
	size_t unfiltered;		/* variants evaluated on every event */
	size_t literals;		/* literals in the field filters */
	size_t keys;			/* (channel, event ID) lists */
	uint64_t bytes;			/* memory of the index */
};
void ct_sigma_index_stats(const struct ct_sigma_set *set,
    struct ct_sigma_index_stats *out);

/* Number of loaded rules, and rule i (0 <= i < count) in load order. */
size_t ct_sigma_count(const struct ct_sigma_set *set);
const struct ct_sigma_rule *ct_sigma_rule_at(const struct ct_sigma_set *set,
    size_t i);

/*
 * The System values (other than channel, provider and event ID) that the
 * rules of the set use, by index: the Sigma field name (EventData rules
 * say "Computer") and the evtx column of the case file that holds it
 * ("computer"), from the table's "system" rows. Returns 0 past the end.
 * The strings are the set's.
 */
int ct_sigma_system_field(const struct ct_sigma_set *set, size_t i,
    const char **sigma_name, const char **column);

/* ---- matching ---- */

struct ct_sigma_field {
	const char *name;
	size_t name_len;
	const char *value;		/* need not be NUL-terminated */
	size_t value_len;
	int system;			/* 1: a System value (keywords skip it) */
};

struct ct_sigma_event {
	const char *channel;		/* "Security"; NULL or "" if unknown */
	const char *provider;		/* "Microsoft-Windows-Security-Auditing" */
	int64_t event_id;		/* -1 if unknown */
	const struct ct_sigma_field *fields;	/* EventData / UserData */
	size_t nfields;
};

/* Per-thread working memory for ct_sigma_match() (a compiled set's). */
struct ct_sigma_scratch;

/* New scratch for a compiled set; NULL if the set is not compiled. */
struct ct_sigma_scratch *ct_sigma_scratch_new(const struct ct_sigma_set *set);
void ct_sigma_scratch_free(struct ct_sigma_scratch *s);

/*
 * Called once per matching rule, in rule load order. Strings in rule
 * belong to the set.
 */
typedef void ct_sigma_match_fn(void *arg, const struct ct_sigma_rule *rule);

/*
 * Match one event against every rule of a compiled set; fn (may be NULL)
 * is called for each rule that matches. Returns the number of rules that
 * matched. scratch must come from this set and be used by one thread at
 * a time; ev and its strings are only read during the call.
 */
size_t ct_sigma_match(const struct ct_sigma_set *set,
    struct ct_sigma_scratch *scratch, const struct ct_sigma_event *ev,
    ct_sigma_match_fn *fn, void *arg);

/*
 * Called for each field that made a rule match: the field's name as the
 * rule writes it (without modifiers; for keywords, the event's name of the
 * data field a keyword was found in) and the event's value, which for a
 * field map is the value seen through it (Security 4688's NewProcessName
 * as Image). Strings are borrowed for the call and not NUL-terminated.
 */
typedef void ct_sigma_field_fn(void *arg, const char *name, size_t name_len,
    const char *value, size_t value_len);

/*
 * Does rule (of this compiled set) match ev? Returns 1 or 0, and on a
 * match calls fn (may be NULL) once per item that holds in the branches
 * that make the condition true: every part of an "and", the true parts of
 * an "or", nothing under a "not" and no item that holds because its field
 * is absent. A field can be named more than once. Costs one evaluation
 * of one rule: meant for the few hits a report shows, not for scanning.
 */
int ct_sigma_match_explain(const struct ct_sigma_set *set,
    struct ct_sigma_scratch *scratch, const struct ct_sigma_event *ev,
    const struct ct_sigma_rule *rule, ct_sigma_field_fn *fn, void *arg);

/* Counters of one scratch (for the bench and the tests). */
struct ct_sigma_match_stats {
	uint64_t events;		/* events given to ct_sigma_match */
	uint64_t considered;		/* rule variants of their channel/ID */
	uint64_t evaluated;		/* ... that passed the literal filter */
	uint64_t matched;		/* ... that matched */
	uint64_t regex_errors;		/* matches stopped by the match limit */
};
void ct_sigma_scratch_stats(const struct ct_sigma_scratch *s,
    struct ct_sigma_match_stats *out);

#endif
