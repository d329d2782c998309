/*
 * words.h - evidence text in the sentences and details of findings.
 */
#ifndef CT_AN_WORDS_H
#define CT_AN_WORDS_H

#include "compat.h"

#include "buf.h"

/* Human time for sentences: "2024-03-13 14:02:15 UTC" (timefmt.h). */
void an_time_words(struct ct_buf *out, int64_t ts);
/* Append s (evidence text) shortened to max bytes, with an ellipsis. */
void an_add_short(struct ct_buf *b, const char *s, size_t max);
/*
 * Append "key":"val" (val NULL: null) to the JSON object being built in b
 * (which holds "{" and its members so far); val is cut at max bytes.
 */
void an_json_kv(struct ct_buf *b, const char *key, const char *val,
    size_t max);

#endif
