/*
 * paths.c - Windows paths as the analysis compares them: normalised,
 * base names, user-writable folders, and the SQL functions over them that
 * the steps' queries use (see paths.h).
 */
#include "compat.h"

#include <strings.h>

#include "casedb.h"
#include "paths.h"
#include "words.h"

const char *
an_strcasestr(const char *hay, const char *needle)
{
	size_t n = strlen(needle);

	if (hay == NULL)
		return NULL;
	for (; *hay; hay++)
		if (strncasecmp(hay, needle, n) == 0)
			return hay;
	return n == 0 ? hay : NULL;
}

void
an_normpath(struct ct_buf *out, const char *path)
{
	const char *p = path;
	size_t start = out->len;

	if (p == NULL)
		return;
	/* \\?\ and \??\ prefixes (NT object names in 4688/5156). */
	if ((p[0] == '\\' || p[0] == '/') && (p[1] == '\\' || p[1] == '?') &&
	    p[2] == '?' && (p[3] == '\\' || p[3] == '/'))
		p += 4;
	/* Prefetch names volumes "\VOLUME{serial-and-time}\...". */
	if (strncasecmp(p, "\\volume{", 8) == 0 && strchr(p, '}'))
		p = strchr(p, '}') + 1;
	if (strncasecmp(p, "\\device\\harddiskvolume", 22) == 0) {
		p += 22;
		while (*p >= '0' && *p <= '9')
			p++;
	}
	if (((p[0] >= 'a' && p[0] <= 'z') || (p[0] >= 'A' && p[0] <= 'Z')) &&
	    p[1] == ':')
		p += 2;
	if (*p != '\\' && *p != '/')
		ct_buf_addch(out, '/');
	for (; *p; p++) {
		char ch = *p == '\\' ? '/' : *p;

		if (ch >= 'A' && ch <= 'Z')
			ch = (char)(ch - 'A' + 'a');
		if (ch == '/' && out->len > start && out->buf[out->len - 1] == '/')
			continue;
		ct_buf_addch(out, ch);
	}
	/* Quoted image paths in command lines: drop a closing quote. */
	while (out->len > start + 1 && out->buf[out->len - 1] == '"')
		ct_buf_setlen(out, out->len - 1);
}

void
an_basename(struct ct_buf *out, const char *path)
{
	const char *p, *b;

	if (path == NULL)
		return;
	for (b = p = path; *p; p++)
		if (*p == '\\' || *p == '/')
			b = p + 1;
	for (; *b; b++) {
		char ch = *b;

		if (ch == '"')
			continue;
		if (ch >= 'A' && ch <= 'Z')
			ch = (char)(ch - 'A' + 'a');
		ct_buf_addch(out, ch);
	}
}

int
an_user_writable(const char *np)
{
	static const char *const prefixes[] = { "/users/", "/programdata/",
	    "/windows/temp/", "/perflogs/", "/$recycle.bin/", "/temp/",
	    "/tmp/", "/documents and settings/", NULL };
	size_t i;

	if (np == NULL)
		return 0;
	for (i = 0; prefixes[i]; i++)
		if (strncmp(np, prefixes[i], strlen(prefixes[i])) == 0)
			return 1;
	return strstr(np, "/appdata/") != NULL || strstr(np, "/temp/") != NULL;
}

/* "QEUpdate.exe" from a path, original case. */
const char *
an_base_of(const char *path)
{
	const char *b = path, *p;

	if (path == NULL)
		return "";
	for (p = path; *p; p++)
		if (*p == '\\' || *p == '/')
			b = p + 1;
	return b;
}

int
an_base_is(const char *path, const char *name)
{
	const char *b = an_base_of(path);
	size_t n = strlen(b);

	while (n && b[n - 1] == '"')
		n--;
	return n == strlen(name) && strncasecmp(b, name, n) == 0;
}

int
an_same_path(const char *a, const char *b)
{
	struct ct_buf na = CT_BUF_INIT, nb = CT_BUF_INIT;
	int eq;

	if (a == NULL || b == NULL || !*a || !*b)
		return 0;
	an_normpath(&na, a);
	an_normpath(&nb, b);
	eq = strcmp(na.buf, nb.buf) == 0;
	ct_buf_release(&na);
	ct_buf_release(&nb);
	return eq;
}

/*
 * Known folders as UserAssist and the ProfileList write them, and the
 * folder each stands for on the system volume; "~" is the user's profile
 * folder (C:\Users\jdoe). Windows' defaults: a host that moved them is
 * told by its own paths elsewhere (BAM, Prefetch), which match as written.
 */
static const struct known_folder {
	const char *var, *path;
} known_folders[] = {
	{ "%systemroot%", "C:\\Windows" },
	{ "%windir%", "C:\\Windows" },
	{ "%systemdrive%", "C:" },
	{ "%programfiles%", "C:\\Program Files" },
	{ "%programfiles(x86)%", "C:\\Program Files (x86)" },
	{ "%programw6432%", "C:\\Program Files" },
	{ "%programdata%", "C:\\ProgramData" },
	{ "%allusersprofile%", "C:\\ProgramData" },
	{ "%public%", "C:\\Users\\Public" },
	{ "%userprofile%", "~" },
	{ "%localappdata%", "~\\AppData\\Local" },
	{ "%appdata%", "~\\AppData\\Roaming" },
	{ "%temp%", "~\\AppData\\Local\\Temp" },
	{ "%tmp%", "~\\AppData\\Local\\Temp" },
};

int
an_expand_folders(struct ct_buf *out, const char *path, const char *profile)
{
	size_t i, n;

	if (path == NULL)
		return 0;
	for (i = 0; i < CT_ARRAY_SIZE(known_folders); i++) {
		const struct known_folder *k = &known_folders[i];

		n = strlen(k->var);
		if (strncasecmp(path, k->var, n) != 0 ||
		    (path[n] != '\\' && path[n] != '/' && path[n] != '\0'))
			continue;
		if (k->path[0] == '~') {
			if (profile == NULL || *profile == '\0' || profile[0] == '%')
				break;
			ct_buf_adds(out, profile);
			ct_buf_adds(out, k->path + 1);
		} else {
			ct_buf_adds(out, k->path);
		}
		ct_buf_adds(out, path + n);
		return 1;
	}
	ct_buf_adds(out, path);
	return 0;
}

/* A text-to-text SQL function: NULL or "" in, NULL out; else fn's result. */
static void
sql_text_fn(sqlite3_context *ctx, sqlite3_value **argv,
    void (*fn)(struct ct_buf *, const char *))
{
	struct ct_buf b = CT_BUF_INIT;
	const char *s = (const char *)sqlite3_value_text(argv[0]);

	if (s == NULL || *s == '\0') {
		sqlite3_result_null(ctx);
		return;
	}
	fn(&b, s);
	sqlite3_result_text(ctx, b.buf, (int)b.len, SQLITE_TRANSIENT);
	ct_buf_release(&b);
}

static void
sql_normpath(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	(void)argc;
	sql_text_fn(ctx, argv, an_normpath);
}

static void
sql_basename(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	(void)argc;
	sql_text_fn(ctx, argv, an_basename);
}

static void
sql_user_writable(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	struct ct_buf b = CT_BUF_INIT;
	const char *s = (const char *)sqlite3_value_text(argv[0]);

	(void)argc;
	an_normpath(&b, s);
	sqlite3_result_int(ctx, s != NULL && an_user_writable(b.buf));
	ct_buf_release(&b);
}

/* ct_expand_folders(path, profile): an_expand_folders, NULL for NULL. */
static void
sql_expand_folders(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	struct ct_buf b = CT_BUF_INIT;
	const char *s = (const char *)sqlite3_value_text(argv[0]);

	(void)argc;
	if (s == NULL) {
		sqlite3_result_null(ctx);
		return;
	}
	an_expand_folders(&b, s, (const char *)sqlite3_value_text(argv[1]));
	sqlite3_result_text(ctx, b.buf ? b.buf : "", (int)b.len,
	    SQLITE_TRANSIENT);
	ct_buf_release(&b);
}

static void
sql_time_words(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	struct ct_buf b = CT_BUF_INIT;

	(void)argc;
	an_time_words(&b, sqlite3_value_type(argv[0]) == SQLITE_NULL ?
	    CT_NULL_INT : sqlite3_value_int64(argv[0]));
	sqlite3_result_text(ctx, b.buf, (int)b.len, SQLITE_TRANSIENT);
	ct_buf_release(&b);
}

int
an_register_sql_functions(sqlite3 *db)
{
	int flags = SQLITE_UTF8 | SQLITE_DETERMINISTIC;

	if (sqlite3_create_function(db, "ct_normpath", 1, flags, NULL,
	    sql_normpath, NULL, NULL) != SQLITE_OK ||
	    sqlite3_create_function(db, "ct_basename", 1, flags, NULL,
	    sql_basename, NULL, NULL) != SQLITE_OK ||
	    sqlite3_create_function(db, "ct_user_writable", 1, flags, NULL,
	    sql_user_writable, NULL, NULL) != SQLITE_OK ||
	    sqlite3_create_function(db, "ct_time_words", 1, flags, NULL,
	    sql_time_words, NULL, NULL) != SQLITE_OK ||
	    sqlite3_create_function(db, "ct_expand_folders", 2, flags, NULL,
	    sql_expand_folders, NULL, NULL) != SQLITE_OK)
		return -1;
	return 0;
}
