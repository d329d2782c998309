/*
 * utf8.h - UTF-8 validation and UTF-16LE conversion for evidence text.
 *
 * Windows artefacts store UTF-16LE; the case file stores UTF-8. Unpaired
 * surrogates and invalid sequences become U+FFFD instead of failing, because
 * a damaged name is still evidence.
 */
#ifndef CT_UTF8_H
#define CT_UTF8_H

#include "compat.h"

struct ct_buf;

/*
 * Length (1-4) of the valid UTF-8 sequence at the start of p[0..n), or 0 if
 * it is invalid (overlong, surrogate, above U+10FFFF, truncated).
 */
size_t ct_utf8_valid_prefix(const uint8_t *p, size_t n);

/* True if the n bytes at p are valid UTF-8. */
int ct_utf8_valid(const char *p, size_t n);

/*
 * Append nchars UTF-16LE code units from p (2 * nchars bytes) as UTF-8.
 * Stops early at a NUL code unit when stop_at_nul is set.
 */
void ct_utf8_from_utf16le(struct ct_buf *out, const uint8_t *p, size_t nchars,
    int stop_at_nul);

/* Append code point cp as UTF-8 (invalid ones as U+FFFD). */
void ct_utf8_put(struct ct_buf *out, uint32_t cp);

#endif
