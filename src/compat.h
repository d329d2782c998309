/*
 * compat.h - the first header every casetrail source file includes.
 *
 * It fixes the feature-test macros once for the whole tree (POSIX 2008 for
 * pread, strndup, getline) and pulls in banned.h, so that a dangerous libc
 * function fails to compile wherever it is used.
 */
#ifndef CT_COMPAT_H
#define CT_COMPAT_H

#ifndef _POSIX_C_SOURCE
#define _POSIX_C_SOURCE 200809L
#endif
#ifndef _DEFAULT_SOURCE
#define _DEFAULT_SOURCE 1	/* strcasecmp, timegm-free code, MAP_* */
#endif
#ifndef _FILE_OFFSET_BITS
#define _FILE_OFFSET_BITS 64	/* images are hundreds of GB */
#endif

#include <inttypes.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#if defined(__GNUC__)
#define CT_PRINTF(fmt, args) __attribute__((format(printf, fmt, args)))
#define CT_NORETURN __attribute__((noreturn))
#define CT_UNUSED __attribute__((unused))
#else
#define CT_PRINTF(fmt, args)
#define CT_NORETURN
#define CT_UNUSED
#endif

#define CT_ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

#include "banned.h"

#endif /* CT_COMPAT_H */
