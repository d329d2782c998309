/*
 * ioc.h - indicators of compromise: loading them into a case (the public
 * API of parsers/ioc).
 *
 * ct_ioc_load() reads one indicator file, whatever its format (the Markdown
 * threat report, MISP JSON or CSV, STIX 2.1, OpenIOC 1.0/1.1, a CSV with a
 * type,value,comment header, or a plain list), and stores every indicator
 * in the case: valid ones with their canonical form (src/ioc-form.h),
 * rejected ones with the reason. ct_ioc_match() (analysis/ioc-match.h)
 * then recomputes indicator_hit for the whole case. Tables: doc/schema.md,
 * "Indicators".
 */
#ifndef CT_IOC_H
#define CT_IOC_H

#include "compat.h"

#include "casedb.h"
#include "error.h"

/* Largest indicator file read (they are read whole, then parsed). */
#define CT_IOC_MAX_FILE		(64u << 20)

struct ct_ioc_load_stats {
	int64_t source_id;	/* the file's row in source (0 if none) */
	int64_t duplicate_of;	/* same content already loaded: that source */
	const char *format;	/* static name: "threat-report", "misp-json"... */
	unsigned valid;		/* indicators stored as valid */
	unsigned rejected;	/* stored as invalid, with a reason */
	unsigned known;		/* valid, but already in the case (not stored again) */
	unsigned context;	/* case_context rows */
	unsigned groups;	/* indicator_group rows (STIX/OpenIOC logic) */
	unsigned warnings;	/* damage in the file (warning rows) */
};

/*
 * Load the indicator file at path into c (opened for writing, no sink
 * open). Detects the format, hashes the file, records it as a source of
 * kind "ioc", stores indicators (valid and rejected, with reasons; a valid
 * indicator the case already holds is counted in st->known and not stored
 * twice), the threat report's context (title, date, threat level, tags,
 * text, links) and the AND/OR logic of STIX and OpenIOC indicators.
 * Loading the same file content twice stores nothing new (st->duplicate_of).
 * Returns CT_OK when the file was read, even with rejected indicators;
 * CT_ERR_IO if it cannot be read, CT_ERR_FORMAT if it is in no known
 * format or is broken beyond use (source recorded as failed), CT_ERR_DB if
 * the case file fails. st may be NULL.
 */
enum ct_status ct_ioc_load(struct ct_case *c, const char *path,
    struct ct_ioc_load_stats *st, struct ct_error *err);

/* True if c holds at least one valid indicator (so matching is worth it). */
int ct_ioc_case_has_indicators(struct ct_case *c);

#endif
