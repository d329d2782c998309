/*
 * sigma-int.h - what the files of analysis/sigma share (not installed,
 * not for other modules: the public API is sigma.h and sigma-scan.h).
 *
 *	sigma-util.c	arena, case folding, field symbols, base64/UTF-16
 *	sigma-yaml.c	libyaml (opened on first use) -> a small node tree
 *	sigma-table.c	the logsource table (analysis/data/sigma-logsources.txt)
 *	sigma-value.c	values and modifiers -> compiled patterns; PCRE2
 *	sigma-rule.c	one YAML document -> a rule (metadata, detection,
 *			condition)
 *	sigma-set.c	loading files and folders, the report, the index
 *			(buckets by channel / event ID, literal filters)
 *	sigma-match.c	matching one event
 *	sigma-json.c	the reader of the case file's evtx.data JSON
 *	sigma-scan.c	the case-file scanner (sigma-scan.h)
 *
 * Memory: each rule allocates from its own arena (struct sg_arena), freed
 * with the rule; the few objects that live outside it (PCRE2 codes) are
 * listed in the rule and freed with it. Index structures belong to the
 * set and are rebuilt by every ct_sigma_compile().
 */
#ifndef CT_SIGMA_INT_H
#define CT_SIGMA_INT_H

#include "compat.h"

#include "buf.h"
#include "sigma.h"

/* ---- arena: many small allocations freed together ---- */

struct sg_block;
struct sg_arena {
	struct sg_block *head;
	size_t total;		/* bytes handed out, for the caps */
};

/* Zeroed memory, 16-byte aligned, owned by the arena. Aborts on OOM. */
void *sg_alloc(struct sg_arena *a, size_t n);
/* A NUL-terminated copy of s[0..n) in the arena. */
char *sg_strndup(struct sg_arena *a, const char *s, size_t n);
void sg_arena_release(struct sg_arena *a);

/* ---- case folding (length-preserving, so offsets stay valid) ---- */

/*
 * Lower-case n bytes of UTF-8 text into dst (which may be src): ASCII,
 * and the two-byte Latin-1, Greek and Cyrillic capitals that have a
 * lower-case letter of the same length. Invalid UTF-8 is copied as is.
 * Rule values and event values go through the same function, which is
 * what makes case-insensitive matching consistent.
 */
void sg_lower(char *dst, const char *src, size_t n);

/* ---- field names: interned, compared without case ---- */

#define SG_NOSYM UINT32_MAX

struct sg_symtab {
	char **name;		/* lower-case, NUL-terminated, owned */
	uint32_t *len;
	uint32_t n, cap;
	uint32_t *slot;		/* open addressing: id + 1, 0 = empty */
	uint32_t nslot;		/* power of two */
};

uint32_t sg_sym_intern(struct sg_symtab *t, const char *name, size_t len);
uint32_t sg_sym_find(const struct sg_symtab *t, const char *name, size_t len);
void sg_symtab_release(struct sg_symtab *t);

/* ---- encodings the modifiers need ---- */

/* Standard base64 of n bytes, appended to out (with padding). */
void sg_base64(struct ct_buf *out, const uint8_t *p, size_t n);
/*
 * UTF-8 text as UTF-16 (little or big endian) appended to out. Returns
 * -1 (out unchanged in meaning) on invalid UTF-8.
 */
int sg_utf16(struct ct_buf *out, const uint8_t *p, size_t n, int big);

/* ---- YAML ---- */

enum { Y_SCALAR, Y_SEQ, Y_MAP };

struct sg_ynode {
	uint8_t type;		/* Y_* */
	uint8_t quoted;		/* scalar written quoted or as a block */
	unsigned line;		/* 1-based */
	const char *s;		/* scalar: NUL-terminated (may hold NULs) */
	size_t len;
	struct sg_ynode **kid;	/* seq: items; map: key, value, key, ... */
	size_t n;		/* seq: items; map: pairs */
};

struct sg_ydoc {
	struct sg_ynode *root;	/* NULL for an empty document */
	unsigned line;
};

struct sg_yfile {
	struct sg_arena arena;	/* every node and string */
	struct sg_ydoc *doc;
	size_t ndoc;
	char err[256];		/* why parsing failed */
	unsigned errline;
};

/*
 * Parse YAML text into documents (libyaml, loaded on first use). Returns
 * 0, or -1 with f->err set: bad YAML, an alias (anchors are refused: they
 * allow exponential expansion), too deep, too many nodes, libyaml
 * missing. Free with sg_yfile_release() either way.
 */
int sg_yaml_parse(const char *text, size_t len, struct sg_yfile *f);
void sg_yfile_release(struct sg_yfile *f);
/* Value of key in a map, or NULL. */
const struct sg_ynode *sg_ymap_get(const struct sg_ynode *map, const char *key);
/* A plain scalar meaning null: "", "~", "null", "Null", "NULL". */
int sg_yscalar_is_null(const struct sg_ynode *n);

/* ---- the logsource table ---- */

enum sg_fm_kind {
	FM_RENAME,		/* Image = NewProcessName */
	FM_HIDE,		/* ParentCommandLine = - (absent in this log) */
	FM_HEX,			/* ProcessId = hex(NewProcessId): 0x1a2c -> 6700 */
	FM_JOIN,		/* User = join(SubjectDomainName, \, SubjectUserName) */
	FM_ACCOUNT,		/* User = account(SID, DOMAIN, NAME) */
	FM_MAP,			/* IntegrityLevel = map(MandatoryLabel, S-1-16-12288=High, ...) */
};

struct sg_fm_entry {
	char *target;		/* the Sigma field name */
	enum sg_fm_kind kind;
	char *src, *src2, *src3, *sep;
	char **from, **to;	/* FM_MAP pairs */
	size_t npairs;
	/* resolved by ct_sigma_compile */
	uint32_t tsym, ssym, ssym2, ssym3, vsym;
};

struct sg_fieldmap {
	char *name;
	struct sg_fm_entry *e;
	size_t n;
	unsigned line;
	/* built by ct_sigma_compile: symbol -> symbol seen through the map */
	uint32_t *remap;
	int used;
};

struct sg_lsrow {
	const char *product, *category, *service;	/* "" = not set */
	const char *channel;	/* NULL = any channel */
	const char *provider;	/* NULL = any provider */
	int64_t *eid;		/* NULL = any event ID */
	size_t neid;
	int fieldmap;		/* index, or -1 */
	unsigned line;
};

struct sg_sysrow {
	const char *sigma;	/* "Computer" */
	const char *column;	/* "computer" */
};

struct sg_table {
	struct sg_arena arena;	/* rows' strings */
	struct sg_lsrow *row;
	size_t nrow;
	struct sg_fieldmap *fm;
	size_t nfm;
	struct sg_sysrow *sys;
	size_t nsys;
};

/* Parse a table; 0, or -1 with err (naming name:line). */
int sg_table_parse(struct sg_table *t, const char *name, const char *text,
    struct ct_error *err);
void sg_table_release(struct sg_table *t);
/* The built-in table (analysis/data/sigma-logsources.txt). */
extern const char *const sg_builtin_logsources;

/* ---- compiled values ---- */

/* Units of a Sigma string while modifiers apply: bytes, then specials. */
#define SG_ANY	256		/* ? : one character */
#define SG_STAR	257		/* * : any run of characters */

enum sg_pkind {
	PK_EXACT, PK_PREFIX, PK_SUFFIX, PK_CONTAINS,	/* literal */
	PK_GLOB,		/* wildcards inside */
	PK_PRESENT,		/* "*": any value of a present field */
	PK_EMPTY,		/* '' or null: the field is absent or empty */
	PK_RE, PK_CIDR, PK_CMP, PK_EXISTS, PK_FIELDREF,
};

enum { CMP_LT, CMP_LTE, CMP_GT, CMP_GTE };
enum { REF_EQ, REF_PREFIX, REF_SUFFIX, REF_CONTAINS };

struct sg_pat {
	uint8_t kind;		/* PK_* */
	uint8_t cased;		/* compare case-sensitively */
	uint8_t op;		/* CMP_*, REF_*, or the exists value */
	uint8_t fam;		/* CIDR: 4 or 6 */
	uint8_t bits;		/* CIDR prefix length */
	uint32_t len;		/* literal length */
	const char *lit;	/* literal (lower-case unless cased) */
	const uint16_t *u;	/* PK_GLOB: units (bytes lower-cased) */
	uint32_t nu;
	void *re;		/* PK_RE: pcre2_code */
	int64_t num;		/* PK_CMP */
	uint32_t ref;		/* PK_FIELDREF: symbol */
	uint8_t net[16];	/* PK_CIDR */
};

struct sg_item {
	uint32_t sym;		/* field; SG_NOSYM: keywords (all data) */
	uint8_t all;		/* values linked with AND (|all) */
	uint8_t neg;		/* |neq: the item is negated */
	uint32_t npat;
	struct sg_pat *pat;
	const char *field;	/* as written, for messages */
};

enum { NK_ITEM, NK_AND, NK_OR, NK_NOT, NK_TRUE, NK_FALSE };

struct sg_node {
	uint8_t kind;
	uint32_t n;		/* children */
	struct sg_node **kid;
	struct sg_item *item;
};

/* ---- rules ---- */

struct sg_rule {
	struct ct_sigma_rule pub;
	struct sg_arena arena;
	struct sg_node *cond;
	void **re;		/* PCRE2 codes to free */
	size_t nre, are;
	uint32_t nvalues;	/* compiled values, against the cap */
	int64_t *eid;		/* event IDs its detection requires, or NULL */
	size_t neid;
	size_t *rows;		/* logsource table rows it matches */
	size_t nrows;
};

void sg_rule_free(struct sg_rule *r);

/* Placeholder values for |expand. */
struct sg_placeholder {
	char *name;
	char **value;
	size_t n;
};

/* Why a document was refused (kind + message), filled by sigma-rule.c. */
struct sg_reject {
	enum ct_sigma_skip kind;
	unsigned line;
	char msg[512];
};

/* Everything compiling a rule needs from its set. */
struct sg_ctx {
	struct sg_symtab *syms;
	const struct sg_table *tab;
	const struct sg_placeholder *ph;
	size_t nph;
	struct sg_reject *rej;
	struct sg_rule *rule;
};

/* Set rej (first call wins) and return -1. */
int sg_fail(struct sg_ctx *c, enum ct_sigma_skip kind, unsigned line,
    const char *fmt, ...) CT_PRINTF(4, 5);

/*
 * Compile one YAML document into a rule. Returns the rule (caller owns;
 * sg_rule_free), or NULL with c->rej filled.
 */
struct sg_rule *sg_rule_compile(struct sg_ctx *c, const struct sg_ynode *doc,
    const char *file, unsigned line);

/*
 * Compile the values of one detection item (field|mods: value or list)
 * into item. Returns 0, or -1 with c->rej filled.
 */
int sg_item_compile(struct sg_ctx *c, struct sg_item *item,
    const char *key, size_t keylen, const struct sg_ynode *val);

/* PCRE2, opened on first use. */
void sg_re_free(void *code);
/* 1 match, 0 no match, -1 error (match limit): counts as no match. */
int sg_re_match(const void *code, void *match_data, const char *s, size_t n);
void *sg_re_match_data_new(void);
void sg_re_match_data_free(void *md);

/* ---- the compiled index (sigma-set.c builds it, sigma-match.c reads it) ---- */

struct sg_variant {
	uint32_t rule;		/* index in set->rule */
	uint32_t row;		/* logsource table row */
	const uint32_t *remap;	/* symbol map of the row's field map, or NULL */
	const char *provider;	/* required provider, or NULL */
	uint8_t always;		/* no literal filter: evaluate every time */
};

/* A list of variants that one (channel, event ID) key selects. */
struct sg_list {
	uint32_t *v;		/* variant indices, ascending rule order */
	uint32_t n;
	uint32_t *fsym;		/* symbols whose filter these variants need */
	uint32_t nfsym;
	uint32_t *fm;		/* field maps with derived values to compute */
	uint32_t nfm;
};

struct sg_eidlist {
	int64_t eid;		/* -1: any */
	struct sg_list list;
};

struct sg_chan {
	char *name;		/* lower-case; "*" for any channel */
	uint32_t hash;
	struct sg_eidlist *e;	/* sorted by eid; e[0] may be the -1 list */
	size_t ne;
};

/*
 * The literal filter of one field: every literal some rule needs in it,
 * found by their 4-byte grams (a second filter of the same field holds the
 * literals of 2 and 3 bytes, by 2-byte grams). Each literal is indexed under one gram of
 * it (the one fewest other literals share); scanning a value tests each
 * 4-byte window against a bitmap, looks the few hits up in a hash table
 * and checks the literals there in place (with their position: anywhere,
 * at the start, at the end, the whole value).
 */
#define SG_GRAM		4	/* gram of literals of 4 bytes and more */
#define SG_GRAM_SHORT	2	/* gram of literals of 2 and 3 bytes */
#define SG_FBITS	18	/* bitmap of 2^18 bits (32 KiB) per filter */

enum { LIT_ANY, LIT_PREFIX, LIT_SUFFIX, LIT_EXACT };

struct sg_lit {
	const char *s;		/* lower-case */
	uint32_t len;
	uint32_t off;		/* where its gram starts */
	uint8_t where;		/* LIT_* */
	uint32_t voff, vn;	/* its variants: filter->var[voff ..] */
};

struct sg_gram {
	uint32_t gram;		/* the 4 bytes, as a little-endian word */
	uint32_t first, n;	/* literals: filter->glit[first ..] */
};

struct sg_filter {
	uint64_t *bits;
	struct sg_gram *tab;	/* open addressing; n == 0: empty */
	uint32_t ntab;		/* power of two: 1 << tbits */
	uint32_t tbits;
	uint32_t *glit;
	struct sg_lit *lit;
	uint32_t nlit;
	uint32_t *var;
	uint32_t minlen;	/* shortest literal */
	uint32_t gram;		/* SG_GRAM or SG_GRAM_SHORT */
};

struct ct_sigma_set {
	struct sg_table tab;
	struct sg_symtab syms;
	struct sg_rule **rule;
	size_t nrule, arule;
	struct sg_placeholder *ph;
	size_t nph;
	uint32_t *idslot;	/* rule ids: open addressing, index + 1 */
	size_t nidslot;
	int compiled;
	/* index */
	struct sg_variant *var;
	size_t nvar;
	struct sg_chan *chan;	/* open addressing by name hash */
	size_t nchan;		/* slots, power of two */
	/* per symbol: filter[2 * sym] long literals, [2 * sym + 1] short */
	struct sg_filter **filter;
	uint32_t nsym;		/* symbols when compiled */
	uint32_t sym_eventid, sym_channel, sym_provider;
	uint32_t sym_kw;	/* the filter of keywords: every data field */
	uint32_t *syssym;	/* symbol of each table "system" row */
	struct sg_arena iarena;	/* index strings (lower-cased literals) */
	uint64_t index_bytes;	/* memory of the index, for the bench */
};

/* ---- the evtx.data reader (sigma-json.c) ---- */

#define SG_JSON_MAX_FIELDS	4096	/* fields kept from one record */

struct sg_json {
	struct ct_sigma_field *f;	/* fields of the last record */
	size_t n, a;
	char *buf;		/* decoded strings that had escapes */
	size_t abuf;
};

/*
 * Read a JSON object of string values (casetrail's evtx.data) into
 * j->f. Values without escapes point into text (which must stay alive);
 * the others into j->buf. Numbers, true and false are kept as their text;
 * null, nested objects and arrays are skipped; keys with control
 * characters are dropped (no event can name the engine's own fields).
 * Returns the number of fields, or -1 if text is not such an object (the
 * fields read before the damage are kept in j->f, j->n).
 */
int sg_json_fields(struct sg_json *j, const char *text, size_t len);
void sg_json_release(struct sg_json *j);

/* FNV-1a over lower-cased bytes. */
uint32_t sg_hash_lower(const char *s, size_t n);

#endif
