/*
 * hive-value.h - a registry value's bytes as the columns of its reg_value
 * row: text for the string types, number for the integer types, the raw
 * bytes for the rest and for whatever the text or number cannot hold.
 */
#ifndef CT_HIVE_VALUE_H
#define CT_HIVE_VALUE_H

#include "buf.h"
#include "sink.h"

/*
 * Fill row (name, type, size, text, number, data) for a value of the
 * given type holding data[0..size). text, when used, is built in *text
 * (reset first; the caller owns it); row points into it and into data.
 *
 *  REG_SZ, REG_EXPAND_SZ, REG_LINK: UTF-16LE up to the first NUL, as
 *	UTF-8. REG_MULTI_SZ: its strings up to the empty one, one a line.
 *  REG_DWORD, REG_DWORD_BIG_ENDIAN: number (unsigned 32 bits);
 *  REG_QWORD: number (the 64 bits as a signed integer).
 *  Everything else: data.
 *
 * data is also kept when the text or number does not say everything the
 * bytes do: a string that is not valid UTF-16 (lone surrogates; text is
 * then NULL), bytes after the terminator that are not zeros (Windows
 * leaves garbage there: SYSTEM's TimeZoneKeyName), an odd trailing byte,
 * a MULTI_SZ string holding a line feed, or an integer of the wrong size.
 */
void ct_hive_value_row(struct ct_reg_value_row *row, const char *name,
    uint32_t type, const uint8_t *data, size_t size, struct ct_buf *text);

#endif
