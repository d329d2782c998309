/*
 * dec-util.h - what every registry artefact decoder needs: a value's
 * string or number read safely from the view, the key's own name, and a
 * small writer for the artefact's JSON data object.
 *
 * Every function takes the view's bytes as untrusted: a wrong type, an
 * odd size or a missing NUL never reads past the value's size.
 */
#ifndef CT_DEC_UTIL_H
#define CT_DEC_UTIL_H

#include "buf.h"
#include "reg-view.h"

/* The last component of the key's path ("" for the root). */
const char *ct_dec_key_name(const struct ct_reg_key_view *k);

/* How many components the key's path has (0 for the root). */
size_t ct_dec_depth(const struct ct_reg_key_view *k);

/*
 * Component i (0-based) of the key's path copied into out (size n,
 * truncated), or "" when there is none. Returns out.
 */
char *ct_dec_component(const struct ct_reg_key_view *k, size_t i, char *out,
    size_t n);

/*
 * Append value v as text: string types (and REG_BINARY / REG_NONE that
 * hold UTF-16LE) are decoded up to the first NUL code unit, as Windows
 * reads them (so garbage after the NUL is not shown). Returns 1 if v is
 * non-NULL and held some text, else 0 (out unchanged).
 */
int ct_dec_value_text(const struct ct_reg_value_view *v, struct ct_buf *out);

/* The value called name as text, a new string the caller frees; or NULL. */
char *ct_dec_str(const struct ct_reg_key_view *k, const char *name);

/*
 * The value called name as a number: REG_DWORD (4 bytes), REG_QWORD (8),
 * REG_DWORD_BIG_ENDIAN, or a string of decimal or 0x hex digits. Returns
 * 1 and sets *out, or 0 when absent or not a number.
 */
int ct_dec_num(const struct ct_reg_key_view *k, const char *name,
    int64_t *out);

/* A FILETIME in a value's first 8 bytes (any type). 0 if absent or short. */
int64_t ct_dec_filetime(const struct ct_reg_key_view *k, const char *name);

/* True for a FILETIME between 1970 and 2100: real, not 0 or garbage. */
int ct_dec_time_plausible(int64_t ft);

/*
 * The artefact's data JSON object. ct_dec_json_*() add members (strings
 * are escaped; NULL strings and CT_NULL_INT numbers are left out);
 * ct_dec_json_done() returns the object text, or NULL when it has no
 * member, and stays valid until ct_dec_json_release().
 */
struct ct_dec_json {
	struct ct_buf b;
	int members;
};
#define CT_DEC_JSON_INIT { CT_BUF_INIT, 0 }
void ct_dec_json_str(struct ct_dec_json *j, const char *key, const char *s);
void ct_dec_json_int(struct ct_dec_json *j, const char *key, int64_t v);
const char *ct_dec_json_done(struct ct_dec_json *j);
void ct_dec_json_release(struct ct_dec_json *j);

/* ROT13 of s in place (UserAssist names). */
void ct_dec_rot13(char *s);

#endif
