/*
 * paths.h - Windows paths as the analysis compares them, and the SQL
 * functions over them that its queries use.
 */
#ifndef CT_AN_PATHS_H
#define CT_AN_PATHS_H

#include "compat.h"

#include <sqlite3.h>

#include "buf.h"

/*
 * Windows path to the comparable form used for matching: lower case,
 * '/' separators, no drive letter, no \\?\ or \Device\HarddiskVolumeN
 * prefix ("C:\Users\X\a.exe" and "/Users/X/a.exe" both become
 * "/users/x/a.exe"). ASCII case folding only. Appends to out.
 */
void an_normpath(struct ct_buf *out, const char *path);
/* Lower-case base name of a Windows or '/' path, appended to out. */
void an_basename(struct ct_buf *out, const char *path);
/* True if a normalised path lies in a folder any user can write to. */
int an_user_writable(const char *normpath);
/* ASCII case-insensitive substring search; returns the match or NULL. */
const char *an_strcasestr(const char *hay, const char *needle);

/* The base name of a path, original case, pointing into path ("" for NULL). */
const char *an_base_of(const char *path);
/* Is the base name of path name (case-insensitive, a closing quote ignored)? */
int an_base_is(const char *path, const char *name);
/* Do two paths name the same file once normalised (both non-empty)? */
int an_same_path(const char *a, const char *b);

/*
 * A known-folder prefix ("%PROGRAMFILES%\\x.exe", "%USERPROFILE%\\y")
 * replaced by the folder it stands for, profile being the user's profile
 * folder (may be NULL). Appends the result (path as is when there is no
 * such prefix or no profile for it) to out; returns 1 if it expanded one.
 */
int an_expand_folders(struct ct_buf *out, const char *path,
    const char *profile);

/*
 * Register ct_normpath(), ct_basename(), ct_user_writable(),
 * ct_time_words() and ct_expand_folders() on db. Returns 0, or -1 on failure.
 */
int an_register_sql_functions(sqlite3 *db);

#endif
