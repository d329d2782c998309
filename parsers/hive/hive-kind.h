/*
 * hive-kind.h - which hive a file is (SYSTEM, NTUSER...) and whose.
 *
 * The type comes from the first of: the file's name ("NTUSER.DAT"), the
 * last component of the path Windows wrote into the base block when it
 * created the hive ("\??\C:\Users\bob\ntuser.dat", kept at offset 48 as
 * the last 32 UTF-16 units), and the root key's content (SYSTEM has
 * Select, SECURITY has Policy and RXACT...; the tables in hive-kind.c).
 * A hive none of them names is OTHER.
 */
#ifndef CT_HIVE_KIND_H
#define CT_HIVE_KIND_H

#include <stddef.h>
#include <stdint.h>

/* The type a file name gives ("ntuser.dat" -> "NTUSER"), or NULL. */
const char *ct_hive_type_from_name(const char *name);

/*
 * The type the base block's file-name field gives, or NULL; the field's
 * UTF-8 text goes to out (n bytes, NUL-terminated) when out is set.
 */
const char *ct_hive_type_from_base_block(const uint8_t *bb, size_t n,
    char *out, size_t outn);

/*
 * The type the root key gives: its name and whether it has a subkey
 * called name (has_subkey(ctx, name), 1 or 0). NULL if nothing matches.
 */
const char *ct_hive_type_from_root(const char *root_name,
    int (*has_subkey)(void *ctx, const char *name), void *ctx);

/*
 * The profile folder's user name in a path ".../Users/<name>/NTUSER.DAT",
 * "Documents and Settings/<name>/...", '/' or '\' separated,
 * case-insensitive), copied to out. 1 if found, else 0.
 */
int ct_hive_profile_user(const char *path, char *out, size_t n);

/* The SID a UsrClass root key names ("S-1-5-21-..._Classes"): 1, or 0. */
int ct_hive_classes_sid(const char *root_name, char *out, size_t n);

#endif
