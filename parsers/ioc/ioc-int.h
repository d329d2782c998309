/*
 * ioc-int.h - inside parsers/ioc: the in-memory document every format
 * reader fills, and the value checks they share.
 *
 * A reader turns the bytes of one file into a struct ioc_doc (items,
 * context, logic groups, warnings) without touching the case file; that
 * keeps the readers testable and fuzzable on plain buffers. ioc-load.c
 * then writes the document into the case.
 */
#ifndef CT_IOC_INT_H
#define CT_IOC_INT_H

#include "compat.h"

#include "buf.h"
#include "error.h"
#include "ioc-form.h"

/* Longest value or comment kept (longer ones are cut and said so). */
#define IOC_MAX_VALUE		8192
/* Most items, context rows or logic nodes one file may produce. */
#define IOC_MAX_ITEMS		1000000
/* Deepest AND/OR nesting followed (ioc-form.h). */
#define IOC_MAX_DEPTH		CT_IOC_MAX_DEPTH

struct ioc_item {
	int64_t line;		/* line, or item number for JSON */
	char *category;		/* may be NULL */
	char *type;		/* MISP type name as stored */
	char *value;		/* as written (valid UTF-8) */
	char *normalized;	/* canonical form; NULL when rejected */
	char *reason;		/* why rejected; NULL when valid */
	char *comment;		/* may be NULL */
	int to_ids;
	enum ct_ioc_class cls;
};

struct ioc_context {
	int64_t line;
	char *key;		/* title date threat_level tag text link */
	char *value;
};

/* A node of an AND/OR tree; leaves point at items. */
enum ioc_op { IOC_LEAF, IOC_AND, IOC_OR };

struct ioc_node {
	enum ioc_op op;
	int item;		/* IOC_LEAF: index into items, or -1 (unsupported) */
	int first, next;	/* first child, next sibling; -1 = none */
};

struct ioc_group {
	int64_t line;
	char *ref;		/* STIX indicator id, OpenIOC Indicator id */
	char *name;		/* may be NULL */
	int root;		/* node index */
};

struct ioc_warning {
	int64_t line;		/* 0 if none */
	int64_t offset;		/* byte offset, or -1 */
	char *message;
};

struct ioc_doc {
	const char *path;	/* for messages */
	const char *format;	/* static: set by the reader */
	struct ioc_item *items;
	size_t nitems, aitems;
	struct ioc_context *ctx;
	size_t nctx, actx;
	struct ioc_node *nodes;
	size_t nnodes, anodes;
	struct ioc_group *groups;
	size_t ngroups, agroups;
	struct ioc_warning *warns;
	size_t nwarns, awarns;
	int full;		/* IOC_MAX_ITEMS reached: the rest was dropped */
};

void ioc_doc_init(struct ioc_doc *d, const char *path);
void ioc_doc_release(struct ioc_doc *d);

/*
 * Add an indicator as written in the file: type is a MISP type name (NULL
 * or "" to infer it from the value); value is any bytes (invalid UTF-8
 * becomes U+FFFD). Composite types (filename|sha256, domain|ip) become one
 * item per part. The value is refanged and checked at once; a rejected
 * value is kept with its reason. Returns the index of the (first) item, or
 * -1 if the document is full.
 */
int ioc_doc_add(struct ioc_doc *d, int64_t line, const char *category,
    const char *type, const char *value, size_t vlen, const char *comment,
    int to_ids);

/* Add an item that is rejected outright (unsupported construct). */
int ioc_doc_reject(struct ioc_doc *d, int64_t line, const char *type,
    const char *value, size_t vlen, const char *fmt, ...) CT_PRINTF(6, 7);

/* Add context text (key: title date threat_level tag text link). */
void ioc_doc_context(struct ioc_doc *d, int64_t line, const char *key,
    const char *value, size_t vlen);

/* Damage in the file: a warning for the case (printf-style). */
void ioc_doc_warn(struct ioc_doc *d, int64_t line, int64_t offset,
    const char *fmt, ...) CT_PRINTF(4, 5);

/* Logic trees: new node (item for leaves, -1 otherwise); append child. */
int ioc_doc_node(struct ioc_doc *d, enum ioc_op op, int item);
void ioc_doc_child(struct ioc_doc *d, int parent, int child);
void ioc_doc_group(struct ioc_doc *d, int64_t line, const char *ref,
    const char *name, int root);

/*
 * Check value (already refanged) against its type. type NULL or "" means
 * infer. On success returns the class, appends the canonical form to norm
 * and sets *type_out to the (inferred) type name; on failure returns
 * CT_IOC_NONE and appends the reason to reason. Used by ioc_doc_add and by
 * the tests.
 */
enum ct_ioc_class ioc_check(const char *type, const char *value,
    struct ct_buf *norm, struct ct_buf *reason, const char **type_out);

/* Append value with defanging undone (hxxp, [.], (.), [:], [at]...). */
void ioc_refang(struct ct_buf *out, const char *value, size_t n);

/* Lower-case ASCII letters of s in place. */
void ioc_lower(char *s);

/*
 * Readers. Each fills d from the n bytes at buf (not NUL-terminated) and
 * returns CT_OK, or CT_ERR_FORMAT with err set when the input is not in
 * that format at all. Damage inside a readable file is a warning or a
 * rejected item, not an error.
 */
enum ct_status ioc_read_report(const char *buf, size_t n, struct ioc_doc *d,
    struct ct_error *err);
enum ct_status ioc_read_misp_json(const char *buf, size_t n,
    struct ioc_doc *d, struct ct_error *err);
enum ct_status ioc_read_stix(const char *buf, size_t n, struct ioc_doc *d,
    struct ct_error *err);
enum ct_status ioc_read_openioc(const char *buf, size_t n, struct ioc_doc *d,
    struct ct_error *err);
/* CSV with a header (MISP CSV export or type,value,comment). */
enum ct_status ioc_read_csv(const char *buf, size_t n, struct ioc_doc *d,
    struct ct_error *err);
/* One indicator per line, type inferred; '#' starts a comment. */
enum ct_status ioc_read_list(const char *buf, size_t n, struct ioc_doc *d,
    struct ct_error *err);

/* Which JSON dialect buf looks like: 1 MISP, 2 STIX, 0 neither. */
int ioc_json_kind(const char *buf, size_t n);

/* Detect the format of buf and run its reader. */
enum ct_status ioc_read_any(const char *buf, size_t n, struct ioc_doc *d,
    struct ct_error *err);

/*
 * STIX 2.1 pattern (the equality subset) into items and a logic tree.
 * Returns the root node, or -1 when the pattern is not supported (an item
 * saying why is added).
 */
int ioc_stix_pattern(struct ioc_doc *d, int64_t line, const char *pattern,
    const char *comment);

#endif
