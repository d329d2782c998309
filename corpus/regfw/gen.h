/*
 * gen.h - a benchmark hive shaped like a Windows 10 SOFTWARE hive: COM
 * classes and interfaces, file types, installed programs, servicing
 * packages, the WOW6432Node copy, all value types, class names, big data.
 * Deterministic for a seed; streamed, so memory does not grow with size.
 */
#ifndef REGFW_GEN_H
#define REGFW_GEN_H

#include <stdint.h>

/* Write about mb megabytes of hive bins to out. Returns 0 or -1. */
int rf_generate(const char *out, uint64_t mb, uint64_t seed);

#endif
