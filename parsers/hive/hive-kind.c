/*
 * hive-kind.c - the hive's type from its name, its base block or its root
 * key, and its owner from the profile path (see hive-kind.h).
 */
#include "compat.h"

#include <strings.h>

#include "buf.h"
#include "bytes.h"
#include "hive-kind.h"
#include "utf8.h"

/* File names Windows gives its hives (compared case-insensitively). */
static const struct { const char *name, *type; } hive_names[] = {
	{ "SYSTEM",		"SYSTEM" },
	{ "SOFTWARE",		"SOFTWARE" },
	{ "SAM",		"SAM" },
	{ "SECURITY",		"SECURITY" },
	{ "DEFAULT",		"DEFAULT" },
	{ "NTUSER.DAT",		"NTUSER" },
	{ "UsrClass.dat",	"USRCLASS" },
	{ "Amcache.hve",	"AMCACHE" },
	{ "BCD",		"BCD" },
	{ "BCD-Template",	"BCD" },
	{ "COMPONENTS",		"COMPONENTS" },
	{ NULL, NULL }
};

/*
 * Root keys: the type whose root has both subkeys (the second may be
 * NULL), first match wins. SECURITY also has a subkey SAM, so it comes
 * before SAM; Amcache's only root subkey is Root.
 */
static const struct { const char *type, *key1, *key2; } hive_roots[] = {
	{ "SYSTEM",	"Select",	"MountedDevices" },
	{ "SYSTEM",	"Select",	NULL },
	{ "SECURITY",	"Policy",	"RXACT" },
	{ "SAM",	"SAM",		NULL },
	{ "SOFTWARE",	"Microsoft",	"Classes" },
	{ "NTUSER",	"Software",	"Control Panel" },
	{ "USRCLASS",	"Local Settings", "CLSID" },
	{ "BCD",	"Objects",	"Description" },
	{ "COMPONENTS",	"DerivedData",	"CanonicalData" },
	{ "AMCACHE",	"Root",		NULL },
	{ NULL, NULL, NULL }
};

/* The base block's file-name field: 64 bytes of UTF-16LE at offset 48. */
#define BB_FILE_NAME		48
#define BB_FILE_NAME_BYTES	64

static const char *
last_component(const char *p)
{
	const char *s;

	for (s = p; *s; s++)
		if (*s == '/' || *s == '\\')
			p = s + 1;
	return p;
}

const char *
ct_hive_type_from_name(const char *name)
{
	size_t i;

	if (name == NULL)
		return NULL;
	name = last_component(name);
	for (i = 0; hive_names[i].name; i++)
		if (strcasecmp(name, hive_names[i].name) == 0)
			return hive_names[i].type;
	return NULL;
}

const char *
ct_hive_type_from_base_block(const uint8_t *bb, size_t n, char *out,
    size_t outn)
{
	struct ct_buf b = CT_BUF_INIT;
	const char *type;

	if (out && outn)
		out[0] = '\0';
	if (!CT_FITS(n, BB_FILE_NAME, BB_FILE_NAME_BYTES))
		return NULL;
	ct_utf8_from_utf16le(&b, bb + BB_FILE_NAME, BB_FILE_NAME_BYTES / 2, 1);
	/* Padding is spaces in some hives (SYSTEM_B: "SYSTEM   ..."). */
	while (b.len && b.buf[b.len - 1] == ' ')
		ct_buf_setlen(&b, b.len - 1);
	type = ct_hive_type_from_name(b.buf);
	if (out && outn)
		snprintf(out, outn, "%s", b.buf);
	ct_buf_release(&b);
	return type;
}

const char *
ct_hive_type_from_root(const char *root_name,
    int (*has_subkey)(void *ctx, const char *name), void *ctx)
{
	size_t i, len = root_name ? strlen(root_name) : 0;

	if (len > 8 && strcasecmp(root_name + len - 8, "_Classes") == 0)
		return "USRCLASS";
	for (i = 0; hive_roots[i].type; i++)
		if (has_subkey(ctx, hive_roots[i].key1) &&
		    (hive_roots[i].key2 == NULL ||
		    has_subkey(ctx, hive_roots[i].key2)))
			return hive_roots[i].type;
	return NULL;
}

/* Folders that hold user profiles, the user name following them. */
static const char *const profile_dirs[] = {
	"Users", "Documents and Settings", "ServiceProfiles", NULL
};

int
ct_hive_profile_user(const char *path, char *out, size_t n)
{
	const char *p, *found = NULL;
	size_t i, len = 0;

	if (n)
		out[0] = '\0';
	if (path == NULL)
		return 0;
	/* The last profile folder in the path wins ("/mnt/Users/x/..."). */
	for (p = path; *p; p++) {
		if (p != path && p[-1] != '/' && p[-1] != '\\')
			continue;
		for (i = 0; profile_dirs[i]; i++) {
			size_t dl = strlen(profile_dirs[i]);
			const char *name = p + dl + 1;
			const char *end;

			if (strncasecmp(p, profile_dirs[i], dl) != 0 ||
			    (p[dl] != '/' && p[dl] != '\\'))
				continue;
			end = strpbrk(name, "/\\");
			if (end == NULL || end == name)
				continue;	/* the file itself, not a folder */
			found = name;
			len = (size_t)(end - name);
		}
	}
	if (found == NULL || len + 1 > n)
		return 0;
	memcpy(out, found, len);
	out[len] = '\0';
	return 1;
}

int
ct_hive_classes_sid(const char *root_name, char *out, size_t n)
{
	size_t len = root_name ? strlen(root_name) : 0;

	if (n)
		out[0] = '\0';
	if (len <= 8 || strcasecmp(root_name + len - 8, "_Classes") != 0 ||
	    strncasecmp(root_name, "S-1-", 4) != 0 || len - 8 + 1 > n)
		return 0;
	memcpy(out, root_name, len - 8);
	out[len - 8] = '\0';
	return 1;
}
