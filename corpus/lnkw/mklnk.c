/*
 * mklnk.c - write Windows shortcut files from a description (JSON Lines,
 * one link a line; see corpus/README.md "LNK description"):
 *
 *   mklnk LINKS.jsonl OUTDIR
 *
 * Each line names its output file ("file", relative to OUTDIR, no "..")
 * and gives the fields of struct lnk.  Exit status 0, 1 on bad input or
 * write errors, 2 on usage errors.
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lnk.h"
#include "ntfstime.h"

static int
fail(const char *in, unsigned long line, const char *msg, const char *detail)
{
	fprintf(stderr, "%s:%lu: %s%s%s\n", in, line, msg, detail ? ": " : "",
	    detail ? detail : "");
	return -1;
}

static const char *
str(json_t *o, const char *k)
{
	json_t *v = json_object_get(o, k);

	return json_is_string(v) ? json_string_value(v) : NULL;
}

static int
num(json_t *o, const char *k, long long def, long long *v)
{
	json_t *x = json_object_get(o, k);
	char *end;

	if (x == NULL) {
		*v = def;
		return 0;
	}
	if (json_is_integer(x)) {
		*v = json_integer_value(x);
		return 0;
	}
	if (json_is_string(x)) {
		*v = strtoll(json_string_value(x), &end, 0);
		return *end == '\0' ? 0 : -1;
	}
	return -1;
}

/* A GUID "{xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx}" in its stored byte order. */
static int
guid(const char *s, uint8_t g[16])
{
	unsigned a, b, c, d[8];

	if (s == NULL || sscanf(s, "{%8x-%4x-%4x-%2x%2x-%2x%2x%2x%2x%2x%2x}", &a, &b, &c,
	    &d[0], &d[1], &d[2], &d[3], &d[4], &d[5], &d[6], &d[7]) != 11 || strlen(s) != 38)
		return -1;
	g[0] = (uint8_t)a, g[1] = (uint8_t)(a >> 8), g[2] = (uint8_t)(a >> 16), g[3] = (uint8_t)(a >> 24);
	g[4] = (uint8_t)b, g[5] = (uint8_t)(b >> 8), g[6] = (uint8_t)c, g[7] = (uint8_t)(c >> 8);
	for (a = 0; a < 8; a++)
		g[8 + a] = (uint8_t)d[a];
	return 0;
}

static int
one(const char *in, unsigned long line, json_t *o, const char *outdir)
{
	struct lnk l;
	const char *file = str(o, "file"), *t;
	long long v;
	char err[200], path[4096];
	uint8_t *buf;
	size_t len;
	FILE *f;
	static const char *const times[3] = { "created", "accessed", "modified" };
	int64_t *tp[3];
	int i;

	memset(&l, 0, sizeof(l));
	tp[0] = &l.created, tp[1] = &l.accessed, tp[2] = &l.modified;
	if (file == NULL || strstr(file, "..") != NULL || file[0] == '/')
		return fail(in, line, "bad or missing \"file\"", file);
	if ((l.target = str(o, "target")) == NULL)
		return fail(in, line, "missing \"target\"", NULL);
	for (i = 0; i < 3; i++)
		if ((t = str(o, times[i])) == NULL || ft_parse(t, tp[i]) != 0)
			return fail(in, line, "bad or missing time", times[i]);
	if (num(o, "size", 0, &v) || v < 0 || v > 0xffffffffLL)
		return fail(in, line, "bad size", NULL);
	l.size = (uint32_t)v;
	if (num(o, "attributes", 0x20, &v) || v < 0 || v > 0xffffffffLL)
		return fail(in, line, "bad attributes", NULL);
	l.attributes = (uint32_t)v;
	if (num(o, "drive_type", 3, &v))
		return fail(in, line, "bad drive_type", NULL);
	l.drive_type = (uint32_t)v;
	if (num(o, "serial", 0, &v) || v < 0 || v > 0xffffffffLL)
		return fail(in, line, "bad serial", NULL);
	l.serial = (uint32_t)v;
	if (num(o, "icon_index", 0, &v) || num(o, "show", 1, &v))
		return fail(in, line, "bad icon_index or show", NULL);
	num(o, "icon_index", 0, &v);
	l.icon_index = (int32_t)v;
	num(o, "show", 1, &v);
	l.show = (uint32_t)v;
	l.label = str(o, "label") ? str(o, "label") : "";
	l.description = str(o, "description");
	l.relative_path = str(o, "relative_path");
	l.working_dir = str(o, "working_dir");
	l.arguments = str(o, "arguments");
	l.icon_location = str(o, "icon_location");
	l.machine = str(o, "machine");
	if (l.machine != NULL && (guid(str(o, "droid_volume"), l.droid_volume) != 0 ||
	    guid(str(o, "droid_file"), l.droid_file) != 0))
		return fail(in, line, "a machine ID needs droid_volume and droid_file GUIDs", NULL);
	if (lnk_encode(&l, &buf, &len, err, sizeof(err)) != 0)
		return fail(in, line, err, NULL);
	if ((size_t)snprintf(path, sizeof(path), "%s/%s", outdir, file) >= sizeof(path)) {
		free(buf);
		return fail(in, line, "path too long", file);
	}
	f = fopen(path, "wb");
	if (f == NULL || fwrite(buf, 1, len, f) != len || fclose(f) != 0) {
		free(buf);
		return fail(in, line, "cannot write", path);
	}
	free(buf);
	return 0;
}

int
main(int argc, char **argv)
{
	FILE *in;
	char *buf = NULL;
	size_t cap = 0;
	unsigned long line = 0;
	json_error_t je;
	int rc = 0;

	if (argc != 3) {
		fprintf(stderr, "usage: mklnk LINKS.jsonl OUTDIR\n");
		return 2;
	}
	if ((in = fopen(argv[1], "r")) == NULL) {
		fprintf(stderr, "mklnk: cannot open '%s'\n", argv[1]);
		return 1;
	}
	while (rc == 0 && getline(&buf, &cap, in) >= 0) {
		json_t *o;

		line++;
		if (buf[0] == '\n' || buf[0] == '#' || buf[0] == '\0')
			continue;
		o = json_loads(buf, 0, &je);
		rc = json_is_object(o) ? one(argv[1], line, o, argv[2]) :
		    fail(argv[1], line, "not a JSON object", je.text);
		json_decref(o);
	}
	free(buf);
	fclose(in);
	return rc == 0 ? 0 : 1;
}
