/*
 * binxml.h - Windows binary XML (MS-EVEN6 BinXml) as written into EVTX
 * chunks: token and value-type numbers, template descriptions, and the
 * encoder that writes a template instance at a known chunk offset.
 *
 * Format: libyal libevtx "Windows XML Event Log (EVTX)" documentation,
 * sections "Binary XML", "Template instance", "Value types"; layout
 * cross-checked against records of real Windows logs.
 *
 * A template is described once as a flat list of operations (open
 * element, attribute, literal text, substitution, close, end).  Its binary
 * form depends on the chunk it is written into, because element names are
 * shared through the chunk's string table and the definition itself is
 * written only once per chunk; so it is encoded per chunk, on first use.
 */
#ifndef EW_BINXML_H
#define EW_BINXML_H

#include <stddef.h>
#include <stdint.h>

/* Tokens. */
#define BX_EOF		0x00
#define BX_OPEN		0x01	/* | 0x40: has attributes */
#define BX_CLOSE_START	0x02
#define BX_CLOSE_EMPTY	0x03
#define BX_END		0x04
#define BX_VALUE	0x05
#define BX_ATTR		0x06	/* | 0x40: another attribute follows */
#define BX_TEMPLATE	0x0c
#define BX_SUBST	0x0d
#define BX_OPTSUBST	0x0e
#define BX_FRAGMENT	0x0f
#define BX_MORE		0x40

/* Value types. */
#define VT_NULL		0x00
#define VT_STRING	0x01
#define VT_INT8		0x03
#define VT_UINT8	0x04
#define VT_INT16	0x05
#define VT_UINT16	0x06
#define VT_INT32	0x07
#define VT_UINT32	0x08
#define VT_INT64	0x09
#define VT_UINT64	0x0a
#define VT_BOOL		0x0d
#define VT_BINARY	0x0e
#define VT_GUID		0x0f
#define VT_FILETIME	0x11
#define VT_SID		0x13
#define VT_HEX32	0x14
#define VT_HEX64	0x15
#define VT_BINXML	0x21

enum bx_opkind {
	OP_OPEN,	/* element start; arg = name, flag = has attributes */
	OP_ATTR,	/* attribute name; its value is the next op */
	OP_CLOSE_START,	/* '>' of an element with content */
	OP_CLOSE_EMPTY,	/* '/>': the element ends here */
	OP_END,		/* '</name>' */
	OP_TEXT,	/* literal text; arg = UTF-8 text */
	OP_SUBST,	/* substitution; idx, type, flag = optional */
};

struct bx_op {
	enum bx_opkind kind;
	int name_id;		/* OP_OPEN, OP_ATTR: interned name */
	char *text;		/* OP_TEXT: owned UTF-8 */
	uint16_t idx;		/* OP_SUBST */
	uint8_t type;		/* OP_SUBST */
	uint8_t flag;		/* OP_OPEN: attributes; OP_SUBST: optional */
};

struct bx_template {
	uint8_t guid[16];	/* derived from the signature; id = first 4 bytes */
	struct bx_op *ops;
	size_t nops, capops;
	char *sig;		/* unique signature string (owned) */
	int oom;
};

/* Interned element and attribute names (ASCII), shared by all chunks. */
struct bx_names {
	char **names;
	uint16_t *hash;		/* name hash as stored in chunks */
	size_t n, cap;
	int *slots;		/* open-addressing index, -1 empty */
	size_t nslots;
};

void bx_names_init(struct bx_names *nm);
void bx_names_release(struct bx_names *nm);
/* Intern a name; returns its id or -1 on allocation failure. */
int bx_names_intern(struct bx_names *nm, const char *name);
/* The EVTX name hash: h = h * 65599 + code unit, low 16 bits. */
uint16_t bx_name_hash(const char *ascii);

void bx_template_init(struct bx_template *t, const char *sig);
void bx_template_release(struct bx_template *t);
void bx_op_open(struct bx_template *t, int name_id, int has_attrs);
void bx_op_attr(struct bx_template *t, int name_id);
void bx_op_close_start(struct bx_template *t);
void bx_op_close_empty(struct bx_template *t);
void bx_op_end(struct bx_template *t);
void bx_op_text(struct bx_template *t, const char *utf8);
void bx_op_subst(struct bx_template *t, uint16_t idx, uint8_t type, int optional);

/* Append UTF-8 text as UTF-16LE code units; returns units or -1 if invalid. */
struct ew_buf;
long bx_utf8_to_utf16(struct ew_buf *out, const char *s, size_t len);

#endif
