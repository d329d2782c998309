/*
 * utf16.h - the string conversions the hive writer needs: UTF-8 to
 * UTF-16LE (names, class names, string data) and the upper-casing Windows
 * applies before hashing and sorting key names.
 */
#ifndef REGFW_UTF16_H
#define REGFW_UTF16_H

#include <stddef.h>
#include <stdint.h>

/*
 * Decode n bytes of UTF-8 into UTF-16 code units.  Returns a malloc'ed
 * array (the caller frees it) and its length in *units, or NULL on
 * invalid UTF-8 or no memory.  A NUL byte is a character like any other.
 */
uint16_t *rf_utf16(const char *s, size_t n, size_t *units);

/*
 * Upper case of a UTF-16 code unit as the Configuration Manager compares
 * names: ASCII and Latin-1 letters (the names casetrail's corpus uses);
 * other characters are left as they are, which differs from Windows'
 * full upcase table for Greek, Cyrillic and others.
 */
uint16_t rf_upcase(uint16_t c);

/* lh hash of a name: h = 37 * h + upcase(c) over its UTF-16 units. */
uint32_t rf_name_hash(const uint16_t *u, size_t n);

#endif
