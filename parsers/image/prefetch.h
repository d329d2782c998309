/*
 * prefetch.h - Windows Prefetch parsing (libscca), see prefetch.c.
 */
#ifndef CT_PREFETCH_H
#define CT_PREFETCH_H

#include "compat.h"

#include "error.h"
#include "sink.h"

/*
 * Parse a whole Prefetch file held in data[0..n) and emit one prefetch
 * record (one "program run" event per stored run time) into b. path names
 * the file in messages and is the record's locator. Returns CT_OK, or
 * CT_ERR_FORMAT when libscca cannot read it (err says why), or
 * CT_ERR_UNSUPPORTED when libscca.so.1 cannot be loaded.
 */
enum ct_status ct_prefetch_parse_buffer(const uint8_t *data, size_t n,
    struct ct_batch *b, const char *path, struct ct_error *err);

#endif
