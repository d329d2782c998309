/*
 * desc.c - hive description (JSON Lines) to REGF (see desc.h).
 *
 *   {"format":"casetrail-regf/1","minor":5,"leaf":"lh","sequence":57,
 *    "written":"2024-03-13T23:59:30.1234567Z","file_name":"..."}
 *   {"sd":"machine","hex":"0100..."}
 *   {"key":"ROOT","time":"...","class":"...","sd":"machine"}
 *   {"value":"Name","type":"REG_SZ","data":"text"}
 *
 * A key's path is its parent's path, a backslash and its name; the first
 * key is the root.  Keys come depth first: a key whose parent is not open
 * (not the key opened last or one of its ancestors) is an error.
 */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "desc.h"
#include "le.h"
#include "ntfstime.h"
#include "regfw.h"
#include "utf16.h"

#define MAX_SD	64

struct run {
	const char *inname;
	unsigned long line;
	struct rf_hive *h;
	char *sdname[MAX_SD];
	int nsd;
	char **path;		/* path of each open key */
	size_t depth, cap;
};

static int
fail(const struct run *r, const char *msg, const char *detail)
{
	fprintf(stderr, "%s:%lu: %s%s%s\n", r->inname, r->line, msg,
	    detail ? ": " : "", detail ? detail : "");
	return -1;
}

static int
get_time(const struct run *r, json_t *o, const char *k, int64_t *t, int need)
{
	json_t *v = json_object_get(o, k);

	if (v == NULL && !need) {
		*t = 0;
		return 0;
	}
	if (!json_is_string(v) || ft_parse(json_string_value(v), t) != 0)
		return fail(r, "bad or missing time", k);
	return 0;
}

static int
hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Decode a hex string into a malloc'ed array. */
static uint8_t *
unhex(const char *s, size_t *len)
{
	size_t n = strlen(s), i;
	uint8_t *p;

	if (n % 2 != 0)
		return NULL;
	p = malloc(n / 2 + 1);
	if (p == NULL)
		return NULL;
	for (i = 0; i < n / 2; i++) {
		int hi = hexval(s[2 * i]), lo = hexval(s[2 * i + 1]);

		if (hi < 0 || lo < 0) {
			free(p);
			return NULL;
		}
		p[i] = (uint8_t)(hi << 4 | lo);
	}
	*len = n / 2;
	return p;
}

static const struct {
	const char *name;
	uint32_t type;
} types[] = {
	{ "REG_NONE", RF_REG_NONE }, { "REG_SZ", RF_REG_SZ },
	{ "REG_EXPAND_SZ", RF_REG_EXPAND_SZ }, { "REG_BINARY", RF_REG_BINARY },
	{ "REG_DWORD", RF_REG_DWORD },
	{ "REG_DWORD_BIG_ENDIAN", RF_REG_DWORD_BIG_ENDIAN },
	{ "REG_LINK", RF_REG_LINK }, { "REG_MULTI_SZ", RF_REG_MULTI_SZ },
	{ "REG_RESOURCE_LIST", 8 }, { "REG_FULL_RESOURCE_DESCRIPTOR", 9 },
	{ "REG_RESOURCE_REQUIREMENTS_LIST", 10 }, { "REG_QWORD", RF_REG_QWORD },
};

static int
get_type(const struct run *r, json_t *v, uint32_t *type)
{
	size_t i;

	if (json_is_integer(v) && json_integer_value(v) >= 0 &&
	    json_integer_value(v) <= 0xffffffffLL) {
		*type = (uint32_t)json_integer_value(v);
		return 0;
	}
	if (json_is_string(v))
		for (i = 0; i < sizeof(types) / sizeof(types[0]); i++)
			if (strcmp(json_string_value(v), types[i].name) == 0) {
				*type = types[i].type;
				return 0;
			}
	return fail(r, "bad value type", NULL);
}

/* Append a string as UTF-16LE with its NUL terminator. */
static int
add_utf16(uint8_t **buf, size_t *len, const char *s)
{
	size_t n, i;
	uint16_t *u = rf_utf16(s, strlen(s), &n);
	uint8_t *p;

	if (u == NULL)
		return -1;
	p = realloc(*buf, *len + 2 * n + 2);
	if (p == NULL) {
		free(u);
		return -1;
	}
	for (i = 0; i < n; i++)
		rf_le16(p + *len + 2 * i, u[i]);
	rf_le16(p + *len + 2 * n, 0);
	*buf = p;
	*len += 2 * n + 2;
	free(u);
	return 0;
}

static int
get_uint(json_t *v, uint64_t *x)
{
	char *end;

	if (json_is_integer(v)) {
		*x = (uint64_t)json_integer_value(v);
		return 0;
	}
	if (json_is_string(v) && strncmp(json_string_value(v), "0x", 2) == 0) {
		*x = strtoull(json_string_value(v) + 2, &end, 16);
		return *end == '\0' && end != json_string_value(v) + 2 ? 0 : -1;
	}
	return -1;
}

/* The value's data from "hex", or from "data" interpreted by type. */
static int
get_data(const struct run *r, json_t *o, uint32_t type, uint8_t **buf, size_t *len)
{
	json_t *hex = json_object_get(o, "hex"), *d = json_object_get(o, "data");
	uint64_t x;
	size_t i;

	*buf = NULL;
	*len = 0;
	if (hex != NULL) {
		if (!json_is_string(hex) || (*buf = unhex(json_string_value(hex), len)) == NULL)
			return fail(r, "bad hex data", NULL);
		return 0;
	}
	if (d == NULL)
		return 0;		/* no data: size 0 */
	switch (type) {
	case RF_REG_SZ:
	case RF_REG_EXPAND_SZ:
	case RF_REG_LINK:
		if (!json_is_string(d) || add_utf16(buf, len, json_string_value(d)) != 0)
			return fail(r, "string data expected", NULL);
		return 0;
	case RF_REG_MULTI_SZ:
		if (!json_is_array(d))
			return fail(r, "REG_MULTI_SZ needs an array of strings", NULL);
		for (i = 0; i < json_array_size(d); i++)
			if (!json_is_string(json_array_get(d, i)) ||
			    add_utf16(buf, len, json_string_value(json_array_get(d, i))) != 0)
				return fail(r, "REG_MULTI_SZ needs an array of strings", NULL);
		if (add_utf16(buf, len, "") != 0)
			return fail(r, "out of memory", NULL);
		return 0;
	case RF_REG_DWORD:
	case RF_REG_DWORD_BIG_ENDIAN:
	case RF_REG_QWORD:
		if (get_uint(d, &x) != 0 || (type != RF_REG_QWORD && x > 0xffffffffu))
			return fail(r, "integer data expected", NULL);
		*len = type == RF_REG_QWORD ? 8 : 4;
		*buf = malloc(8);
		if (*buf == NULL)
			return fail(r, "out of memory", NULL);
		if (type == RF_REG_QWORD)
			rf_le64(*buf, x);
		else if (type == RF_REG_DWORD)
			rf_le32(*buf, (uint32_t)x);
		else
			for (i = 0; i < 4; i++)
				(*buf)[i] = (uint8_t)(x >> (24 - 8 * i));
		return 0;
	default:
		return fail(r, "this type takes \"hex\" data", NULL);
	}
}

static int
header(struct run *r, json_t *o, const char *out)
{
	struct rf_opts opts = RF_OPTS_INIT;
	json_t *v;
	char err[256];
	uint64_t x;

	if (!json_is_string(json_object_get(o, "format")) ||
	    strcmp(json_string_value(json_object_get(o, "format")), "casetrail-regf/1") != 0)
		return fail(r, "the first line must be {\"format\":\"casetrail-regf/1\",...}", NULL);
	if ((v = json_object_get(o, "minor")) != NULL) {
		if (!json_is_integer(v))
			return fail(r, "bad minor version", NULL);
		opts.minor = (unsigned)json_integer_value(v);
	}
	opts.leaf = opts.minor < 5 ? RF_LEAF_LF : RF_LEAF_LH;
	if ((v = json_object_get(o, "leaf")) != NULL) {
		const char *s = json_is_string(v) ? json_string_value(v) : "";

		if (strcmp(s, "lh") == 0)
			opts.leaf = RF_LEAF_LH;
		else if (strcmp(s, "lf") == 0)
			opts.leaf = RF_LEAF_LF;
		else if (strcmp(s, "li") == 0)
			opts.leaf = RF_LEAF_LI;
		else
			return fail(r, "leaf must be lh, lf or li", NULL);
	}
	if ((v = json_object_get(o, "max_leaf")) != NULL) {
		if (get_uint(v, &x) != 0 || x > 4096)
			return fail(r, "bad max_leaf", NULL);
		opts.max_leaf = (unsigned)x;
	}
	if ((v = json_object_get(o, "sequence")) != NULL) {
		if (get_uint(v, &x) != 0 || x > 0xffffffffu)
			return fail(r, "bad sequence", NULL);
		opts.sequence = (uint32_t)x;
	}
	if (get_time(r, o, "written", &opts.written, 1) != 0 ||
	    get_time(r, o, "reorganized", &opts.reorganized, 0) != 0)
		return -1;
	v = json_object_get(o, "file_name");
	opts.file_name = json_is_string(v) ? json_string_value(v) : "";
	r->h = rf_open(out, &opts, err, sizeof(err));
	return r->h ? 0 : fail(r, err, NULL);
}

static int
add_sd(struct run *r, json_t *o)
{
	json_t *hex = json_object_get(o, "hex");
	uint8_t *p;
	size_t n;
	int i;

	if (r->depth > 0 || r->nsd == MAX_SD || !json_is_string(hex) ||
	    !json_is_string(json_object_get(o, "sd")))
		return fail(r, "security descriptors come before the keys, with \"hex\"", NULL);
	p = unhex(json_string_value(hex), &n);
	if (p == NULL)
		return fail(r, "bad hex data", NULL);
	i = rf_add_sd(r->h, p, n);
	free(p);
	if (i < 0)
		return fail(r, rf_error(r->h), NULL);
	r->sdname[r->nsd] = strdup(json_string_value(json_object_get(o, "sd")));
	if (r->sdname[r->nsd] == NULL)
		return fail(r, "out of memory", NULL);
	r->nsd++;
	return 0;
}

static int
key(struct run *r, json_t *o)
{
	const char *path = json_string_value(json_object_get(o, "key")), *name;
	json_t *cls = json_object_get(o, "class"), *sdv = json_object_get(o, "sd");
	size_t plen;
	int64_t t;
	int sd = -1, i;

	if (get_time(r, o, "time", &t, 1) != 0)
		return -1;
	if (sdv != NULL) {
		for (i = 0; i < r->nsd; i++)
			if (json_is_string(sdv) && strcmp(r->sdname[i], json_string_value(sdv)) == 0)
				sd = i;
		if (sd < 0)
			return fail(r, "unknown security descriptor", json_string_value(sdv));
	}
	if (cls != NULL && !json_is_string(cls))
		return fail(r, "bad class", NULL);
	name = strrchr(path, '\\');
	plen = name ? (size_t)(name - path) : 0;
	name = name ? name + 1 : path;
	/* Close keys until the parent is the innermost open key. */
	while (r->depth > 0 && !(strlen(r->path[r->depth - 1]) == plen &&
	    strncmp(r->path[r->depth - 1], path, plen) == 0)) {
		if (rf_key_end(r->h) != 0)
			return fail(r, rf_error(r->h), NULL);
		free(r->path[--r->depth]);
	}
	if (r->depth == 0 && (plen != 0 || rf_depth(r->h) != 0 || strchr(path, '\\')))
		return fail(r, "key not below an open key (keys come depth first, the root first)", path);
	if (r->depth == r->cap) {
		size_t cap = r->cap ? 2 * r->cap : 16;
		char **p = realloc(r->path, cap * sizeof(*p));

		if (p == NULL)
			return fail(r, "out of memory", NULL);
		r->path = p;
		r->cap = cap;
	}
	if (rf_key_begin(r->h, name, t, cls ? json_string_value(cls) : NULL, sd) != 0)
		return fail(r, rf_error(r->h), path);
	if ((r->path[r->depth] = strdup(path)) == NULL)
		return fail(r, "out of memory", NULL);
	r->depth++;
	return 0;
}

static int
value(struct run *r, json_t *o)
{
	const char *name = json_string_value(json_object_get(o, "value"));
	uint32_t type;
	uint8_t *buf;
	size_t len;
	int rc;

	if (r->depth == 0)
		return fail(r, "value before the first key", name);
	if (get_type(r, json_object_get(o, "type"), &type) != 0 ||
	    get_data(r, o, type, &buf, &len) != 0)
		return -1;
	rc = rf_value(r->h, name, type, buf, len);
	free(buf);
	return rc == 0 ? 0 : fail(r, rf_error(r->h), name);
}

static int
line(struct run *r, const char *s, const char *out)
{
	json_error_t je;
	json_t *o;
	int rc;

	while (*s == ' ' || *s == '\t')
		s++;
	if (*s == '\0' || *s == '\n' || *s == '#')
		return 0;
	o = json_loads(s, 0, &je);
	if (!json_is_object(o)) {
		json_decref(o);
		return fail(r, "not a JSON object", je.text);
	}
	if (r->h == NULL)
		rc = header(r, o, out);
	else if (json_is_string(json_object_get(o, "sd")) && json_object_get(o, "key") == NULL)
		rc = add_sd(r, o);
	else if (json_is_string(json_object_get(o, "key")))
		rc = key(r, o);
	else if (json_is_string(json_object_get(o, "value")))
		rc = value(r, o);
	else
		rc = fail(r, "a line is a header, an \"sd\", a \"key\" or a \"value\"", NULL);
	json_decref(o);
	return rc;
}

int
rf_desc_run(FILE *in, const char *inname, const char *out)
{
	struct run r;
	char *buf = NULL;
	size_t cap = 0;
	ssize_t n;
	int rc = 0, i;

	memset(&r, 0, sizeof(r));
	r.inname = inname;
	while (rc == 0 && (n = getline(&buf, &cap, in)) >= 0) {
		r.line++;
		rc = line(&r, buf, out);
	}
	free(buf);
	if (rc == 0 && r.h == NULL)
		rc = fail(&r, "empty description", NULL);
	/* Close the keys still open here, so an error (two subkeys with one
	 * name) is reported with the file's last line, not by rf_close(). */
	while (r.depth > 0) {
		if (rc == 0 && rf_key_end(r.h) != 0)
			rc = fail(&r, rf_error(r.h), r.path[r.depth - 1]);
		free(r.path[--r.depth]);
	}
	free(r.path);
	for (i = 0; i < r.nsd; i++)
		free(r.sdname[i]);
	if (r.h != NULL) {
		if (rc == 0)
			rc = rf_close(r.h);
		else
			rf_abort(r.h);
	}
	return rc;
}
