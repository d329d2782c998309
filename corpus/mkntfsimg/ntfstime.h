/* ntfstime.h - parse and format UTC times as NTFS FILETIMEs (100 ns ticks since 1601). */
#ifndef MKNTFSIMG_NTFSTIME_H
#define MKNTFSIMG_NTFSTIME_H

#include <stdint.h>
#include <stddef.h>

/* Ticks between 1601-01-01 and 1970-01-01. */
#define FT_UNIX_EPOCH INT64_C(116444736000000000)
#define FT_SECOND INT64_C(10000000)

/* Parse "YYYY-MM-DDTHH:MM:SS[.fffffff]Z" (1..7 fraction digits). Returns 0 on success. */
int ft_parse(const char *s, int64_t *out);

/* Format as "YYYY-MM-DDTHH:MM:SS.fffffffZ" into buf (at least 29 bytes). */
void ft_format(int64_t ft, char *buf, size_t len);

#endif
