/* manifest.c - read a JSON image manifest (jansson) into struct manifest, expanding "bulk" items. */
#define _GNU_SOURCE
#include "manifest.h"
#include "fill.h"
#include "ntfstime.h"
#include "scca.h"

#include <errno.h>
#include <inttypes.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* FILE_ATTR_* values (little-endian on disk; these are host values). */
static const struct {
	const char *name;
	uint32_t bit;
} attr_names[] = {
	{"readonly", 0x1}, {"hidden", 0x2}, {"system", 0x4}, {"archive", 0x20},
	{"normal", 0x80}, {"temporary", 0x100}, {"sparse", 0x200}, {"compressed", 0x800},
	{"not_content_indexed", 0x2000},
};

static void *xcalloc(size_t n, size_t sz)
{
	void *p = calloc(n ? n : 1, sz);
	if (!p) {
		perror("calloc");
		exit(2);
	}
	return p;
}

/* Replace ${NAME} with its definition; unknown names are an error. */
static char *expand(const char *s, const struct define *defs, size_t n_defs, const char *where)
{
	size_t cap = strlen(s) + 1, len = 0;
	char *out = xcalloc(cap, 1);
	while (*s) {
		const char *add = s;
		size_t addlen = 1;
		if (s[0] == '$' && s[1] == '{') {
			const char *end = strchr(s + 2, '}');
			if (!end) {
				fprintf(stderr, "%s: unterminated ${ in \"%s\"\n", where, s);
				free(out);
				return NULL;
			}
			size_t nl = (size_t)(end - (s + 2));
			size_t i;
			for (i = 0; i < n_defs; i++)
				if (strlen(defs[i].name) == nl && !memcmp(defs[i].name, s + 2, nl))
					break;
			if (i == n_defs) {
				fprintf(stderr, "%s: ${%.*s} is not defined (use -D %.*s=...)\n", where,
					(int)nl, s + 2, (int)nl, s + 2);
				free(out);
				return NULL;
			}
			add = defs[i].value;
			addlen = strlen(add);
			s = end + 1;
		} else {
			s++;
		}
		if (len + addlen + 1 > cap) {
			cap = (len + addlen + 1) * 2;
			char *n = realloc(out, cap);
			if (!n) {
				perror("realloc");
				exit(2);
			}
			out = n;
		}
		memcpy(out + len, add, addlen);
		len += addlen;
		out[len] = '\0';
	}
	return out;
}

struct ctx {
	const char *file;
	const struct define *defs;
	size_t n_defs;
};

static int get_size(json_t *v, uint64_t *out, const char *what)
{
	if (json_is_integer(v) && json_integer_value(v) >= 0) {
		*out = (uint64_t)json_integer_value(v);
		return 0;
	}
	if (json_is_string(v)) {
		const char *s = json_string_value(v);
		char *end;
		errno = 0;
		unsigned long long n = strtoull(s, &end, 0);
		uint64_t mul = 1;
		if (*end == 'K' || *end == 'k')
			mul = 1024, end++;
		else if (*end == 'M')
			mul = 1024 * 1024, end++;
		else if (*end == 'G')
			mul = UINT64_C(1024) * 1024 * 1024, end++;
		if (!errno && end != s && *end == '\0' && n <= UINT64_MAX / mul) {
			*out = n * mul;
			return 0;
		}
	}
	fprintf(stderr, "manifest: %s: expected a size (integer or \"64M\")\n", what);
	return -1;
}

static int get_time(json_t *v, int64_t *out, const char *what)
{
	if (json_is_string(v) && !ft_parse(json_string_value(v), out))
		return 0;
	fprintf(stderr, "manifest: %s: expected a time like \"2024-03-13T14:02:13.2000000Z\"\n", what);
	return -1;
}

/* "prefetch": {...} -> the bytes of a Prefetch file. The entry's name must be
 * EXECUTABLE-HASH.pf with the hash of device_path. */
static int prefetch_build(json_t *p, const char *what, prefetch_resolver resolve, void *rctx,
			  unsigned char **bytes, size_t *len)
{
	struct scca_spec sp = {0};
	uint64_t refs[512];
	int64_t runs[8];
	const char *files[512], *dirs[256];
	json_t *v, *a;
	size_t i;
	sp.executable = json_string_value(json_object_get(p, "executable"));
	sp.device_path = json_string_value(json_object_get(p, "device_path"));
	sp.volume_path = json_string_value(json_object_get(p, "volume_path"));
	v = json_object_get(p, "run_count");
	if (!sp.executable || !sp.device_path || !sp.volume_path || !json_is_integer(v))
		goto bad;
	sp.run_count = (uint32_t)json_integer_value(v);
	v = json_object_get(p, "run_times");
	if (!json_is_array(v) || json_array_size(v) > 8)
		goto bad;
	json_array_foreach(v, i, a)
		if (get_time(a, &runs[i], what))
			return -1;
	sp.run_times = runs;
	sp.n_run_times = json_array_size(v);
	if (get_time(json_object_get(p, "volume_created"), &sp.volume_created, what))
		return -1;
	v = json_object_get(p, "volume_serial");
	if (!json_is_string(v))
		goto bad;
	sp.volume_serial = (uint32_t)strtoul(json_string_value(v), NULL, 16);
	v = json_object_get(p, "files");
	if (!json_is_array(v) || json_array_size(v) > sizeof(files) / sizeof(files[0]))
		goto bad;
	json_array_foreach(v, i, a)
		if (!(files[i] = json_string_value(a)))
			goto bad;
	sp.files = files;
	sp.n_files = json_array_size(v);
	for (i = 0; i < sp.n_files; i++)
		refs[i] = resolve ? resolve(rctx, files[i]) : 0;
	sp.file_refs = refs;
	v = json_object_get(p, "directories");
	if (v && (!json_is_array(v) || json_array_size(v) > sizeof(dirs) / sizeof(dirs[0])))
		goto bad;
	json_array_foreach(v, i, a)
		if (!(dirs[i] = json_string_value(a)))
			goto bad;
	sp.dirs = dirs;
	sp.n_dirs = v ? json_array_size(v) : 0;
	char want[64];
	snprintf(want, sizeof(want), "%s-%08X.pf", sp.executable, scca_hash(sp.device_path));
	const char *base = strrchr(what, '/');
	if (strcmp(base ? base + 1 : what, want)) {
		fprintf(stderr, "manifest: %s: a prefetch file for %s must be named %s\n", what,
			sp.device_path, want);
		return -1;
	}
	return scca_build(&sp, bytes, len);
bad:
	fprintf(stderr, "manifest: %s: \"prefetch\" needs executable, device_path, run_times (<= 8), "
			"run_count, volume_path, volume_created, volume_serial, files (<= 512) and "
			"directories (<= 256)\n", what);
	return -1;
}

int manifest_prefetch_bytes(const struct content *c, const char *what, prefetch_resolver resolve,
			    void *ctx, unsigned char **out, size_t *len)
{
	return prefetch_build(c->prefetch, what, resolve, ctx, out, len);
}

static int get_prefetch(json_t *p, struct content *ct, const char *what)
{
	unsigned char *bytes;
	size_t len;
	if (prefetch_build(p, what, NULL, NULL, &bytes, &len)) /* checked now, built when written */
		return -1;
	free(bytes);
	ct->kind = CONTENT_PREFETCH;
	ct->prefetch = json_incref(p);
	ct->size = len;
	return 0;
}

static int get_content(struct ctx *c, json_t *o, struct content *ct, const char *what)
{
	json_t *v;
	memset(ct, 0, sizeof(*ct));
	if ((v = json_object_get(o, "file"))) {
		if (!json_is_string(v))
			goto bad;
		ct->kind = CONTENT_HOST;
		ct->host_path = expand(json_string_value(v), c->defs, c->n_defs, what);
		return ct->host_path ? 0 : -1;
	}
	if ((v = json_object_get(o, "text"))) {
		if (!json_is_string(v))
			goto bad;
		ct->kind = CONTENT_TEXT;
		ct->text = expand(json_string_value(v), c->defs, c->n_defs, what);
		if (!ct->text)
			return -1;
		ct->text_len = strlen(ct->text);
		return 0;
	}
	if ((v = json_object_get(o, "prefetch"))) {
		if (!json_is_object(v))
			goto bad;
		return get_prefetch(v, ct, what);
	}
	if ((v = json_object_get(o, "fill"))) {
		if (!json_is_object(v))
			goto bad;
		ct->kind = CONTENT_FILL;
		if (get_size(json_object_get(v, "size"), &ct->size, what))
			return -1;
		json_t *sd = json_object_get(v, "seed");
		ct->seed = json_is_integer(sd) ? (uint64_t)json_integer_value(sd) : fill_hash(what);
		json_t *pf = json_object_get(v, "prefix");
		if (json_is_string(pf)) {
			ct->text = strdup(json_string_value(pf));
			ct->text_len = strlen(ct->text);
		}
		return 0;
	}
	return 0;
bad:
	fprintf(stderr, "manifest: %s: bad content\n", what);
	return -1;
}

static int get_times(json_t *o, int64_t t[T_COUNT], const char *what)
{
	static const char *const keys[T_COUNT] = {"created", "modified", "accessed", "changed"};
	int have[T_COUNT] = {0};
	for (int i = 0; i < T_COUNT; i++) {
		json_t *v = json_object_get(o, keys[i]);
		if (v) {
			if (get_time(v, &t[i], what))
				return -1;
			have[i] = 1;
		}
	}
	if (!have[T_CREATED]) {
		fprintf(stderr, "manifest: %s: times need \"created\"\n", what);
		return -1;
	}
	if (!have[T_MODIFIED])
		t[T_MODIFIED] = t[T_CREATED];
	if (!have[T_ACCESSED])
		t[T_ACCESSED] = t[T_MODIFIED] > t[T_CREATED] ? t[T_MODIFIED] : t[T_CREATED];
	if (!have[T_CHANGED])
		t[T_CHANGED] = t[T_MODIFIED] > t[T_CREATED] ? t[T_MODIFIED] : t[T_CREATED];
	return 0;
}

static int get_attrs(json_t *v, uint32_t *out, const char *what)
{
	size_t i;
	json_t *a;
	*out = 0;
	if (!json_is_array(v))
		goto bad;
	json_array_foreach(v, i, a) {
		size_t k;
		if (!json_is_string(a))
			goto bad;
		for (k = 0; k < sizeof(attr_names) / sizeof(attr_names[0]); k++)
			if (!strcmp(attr_names[k].name, json_string_value(a)))
				break;
		if (k == sizeof(attr_names) / sizeof(attr_names[0]))
			goto bad;
		*out |= attr_names[k].bit;
	}
	return 0;
bad:
	fprintf(stderr, "manifest: %s: \"attributes\" must be a list of names\n", what);
	return -1;
}

static const struct {
	const char *name;
	uint32_t bit;
} reason_names[] = {
	{"DATA_OVERWRITE", 0x1}, {"DATA_EXTEND", 0x2}, {"DATA_TRUNCATION", 0x4},
	{"NAMED_DATA_OVERWRITE", 0x10}, {"NAMED_DATA_EXTEND", 0x20}, {"NAMED_DATA_TRUNCATION", 0x40},
	{"FILE_CREATE", 0x100}, {"FILE_DELETE", 0x200}, {"EA_CHANGE", 0x400},
	{"SECURITY_CHANGE", 0x800}, {"RENAME_OLD_NAME", 0x1000}, {"RENAME_NEW_NAME", 0x2000},
	{"INDEXABLE_CHANGE", 0x4000}, {"BASIC_INFO_CHANGE", 0x8000}, {"HARD_LINK_CHANGE", 0x10000},
	{"COMPRESSION_CHANGE", 0x20000}, {"ENCRYPTION_CHANGE", 0x40000}, {"OBJECT_ID_CHANGE", 0x80000},
	{"REPARSE_POINT_CHANGE", 0x100000}, {"STREAM_CHANGE", 0x200000}, {"CLOSE", 0x80000000u},
};

static int get_journal(json_t *v, struct entry *e)
{
	size_t i, k;
	json_t *it, *r;
	if (!json_is_array(v))
		goto bad;
	e->n_jrecs = json_array_size(v);
	e->jrecs = xcalloc(e->n_jrecs, sizeof(*e->jrecs));
	json_array_foreach(v, i, it) {
		json_t *reasons = json_object_get(it, "reasons"), *nm = json_object_get(it, "name");
		if (get_time(json_object_get(it, "at"), &e->jrecs[i].at, e->path) || !json_is_array(reasons))
			goto bad;
		json_array_foreach(reasons, k, r) {
			size_t n;
			for (n = 0; n < sizeof(reason_names) / sizeof(reason_names[0]); n++)
				if (json_is_string(r) && !strcmp(reason_names[n].name, json_string_value(r)))
					break;
			if (n == sizeof(reason_names) / sizeof(reason_names[0]))
				goto bad;
			e->jrecs[i].reasons |= reason_names[n].bit;
		}
		if (json_is_string(nm))
			e->jrecs[i].name = strdup(json_string_value(nm));
	}
	return 0;
bad:
	fprintf(stderr, "manifest: %s: \"journal\" must be a list of {\"at\": TIME, \"reasons\": [USN reason names]}\n",
		e->path);
	return -1;
}

static struct entry *new_entry(struct manifest *m)
{
	if (m->n_entries == m->cap_entries) {
		size_t cap = m->cap_entries ? m->cap_entries * 2 : 256;
		struct entry *n = realloc(m->entries, cap * sizeof(*n));
		if (!n) {
			perror("realloc");
			exit(2);
		}
		m->entries = n;
		m->cap_entries = cap;
	}
	struct entry *e = &m->entries[m->n_entries++];
	memset(e, 0, sizeof(*e));
	return e;
}

static char *norm_path(const char *p)
{
	while (*p == '/' || *p == '\\')
		p++;
	char *s = strdup(p);
	if (!s) {
		perror("strdup");
		exit(2);
	}
	for (char *q = s; *q; q++)
		if (*q == '\\')
			*q = '/';
	size_t n = strlen(s);
	while (n && s[n - 1] == '/')
		s[--n] = '\0';
	return s;
}

static int parse_entry(struct ctx *c, struct manifest *m, json_t *o, size_t idx)
{
	char what[64];
	json_t *v;
	snprintf(what, sizeof(what), "entry %zu", idx);
	v = json_object_get(o, "path");
	if (!json_is_string(v) || !*json_string_value(v)) {
		fprintf(stderr, "manifest: %s: needs \"path\"\n", what);
		return -1;
	}
	struct entry *e = new_entry(m);
	char *ex = expand(json_string_value(v), c->defs, c->n_defs, what);
	if (!ex)
		return -1;
	e->path = norm_path(ex);
	free(ex);
	v = json_object_get(o, "type");
	e->is_dir = json_is_string(v) && !strcmp(json_string_value(v), "dir");
	if (!e->is_dir && get_content(c, o, &e->data, e->path))
		return -1;
	if ((v = json_object_get(o, "si")) || (v = json_object_get(o, "times"))) {
		if (get_times(v, e->si, e->path))
			return -1;
		e->has_si = 1;
	}
	if ((v = json_object_get(o, "fn"))) {
		if (get_times(v, e->fn, e->path))
			return -1;
		e->has_fn = 1;
	}
	if ((v = json_object_get(o, "attributes"))) {
		if (get_attrs(v, &e->attrs, e->path))
			return -1;
		e->has_attrs = 1;
	}
	if ((v = json_object_get(o, "deleted"))) {
		if (get_time(v, &e->deleted, e->path))
			return -1;
		e->is_deleted = 1;
	}
	e->usn = json_is_true(json_object_get(o, "usn"));
	if ((v = json_object_get(o, "renamed"))) {
		json_t *from = json_object_get(v, "from"), *at = json_object_get(v, "at");
		if (!json_is_string(from) || get_time(at, &e->renamed, e->path))
			return -1;
		e->rename_from = strdup(json_string_value(from));
	}
	if ((v = json_object_get(o, "journal")) && get_journal(v, e))
		return -1;
	if ((v = json_object_get(o, "streams"))) {
		size_t i;
		json_t *s;
		if (!json_is_array(v) || e->is_dir) {
			fprintf(stderr, "manifest: %s: \"streams\" must be a list (files only)\n", e->path);
			return -1;
		}
		e->n_ads = json_array_size(v);
		e->ads = xcalloc(e->n_ads, sizeof(*e->ads));
		json_array_foreach(v, i, s) {
			json_t *nm = json_object_get(s, "name");
			if (!json_is_string(nm)) {
				fprintf(stderr, "manifest: %s: stream needs \"name\"\n", e->path);
				return -1;
			}
			e->ads[i].name = strdup(json_string_value(nm));
			if (get_content(c, s, &e->ads[i].data, e->path))
				return -1;
		}
	}
	if (!e->has_si && e->is_deleted) {
		fprintf(stderr, "manifest: %s: a deleted entry needs times\n", e->path);
		return -1;
	}
	return 0;
}

/* "bulk": many deterministic files under dir, optionally in subdirectories of per_dir files. */
static int parse_bulk(struct ctx *c, struct manifest *m, json_t *b, size_t idx)
{
	char what[64];
	snprintf(what, sizeof(what), "bulk %zu", idx);
	json_t *dirv = json_object_get(b, "dir"), *names = json_object_get(b, "names");
	json_t *pat = json_object_get(b, "pattern");
	if (!json_is_string(dirv)) {
		fprintf(stderr, "manifest: %s: needs \"dir\"\n", what);
		return -1;
	}
	char *dir = norm_path(json_string_value(dirv));
	uint64_t count = 0, smin = 0, smax = 4096, per_dir = 0, del_every = 0;
	if (json_is_array(names))
		count = json_array_size(names);
	else if (!json_is_string(pat) || get_size(json_object_get(b, "count"), &count, what)) {
		fprintf(stderr, "manifest: %s: needs \"names\" or \"pattern\" and \"count\"\n", what);
		free(dir);
		return -1;
	}
	json_t *v;
	if ((v = json_object_get(b, "size_min")) && get_size(v, &smin, what))
		return -1;
	if ((v = json_object_get(b, "size_max")) && get_size(v, &smax, what))
		return -1;
	if ((v = json_object_get(b, "per_dir")) && get_size(v, &per_dir, what))
		return -1;
	if ((v = json_object_get(b, "delete_every")) && get_size(v, &del_every, what))
		return -1;
	if (smax < smin)
		smax = smin;
	uint64_t seed = json_is_integer(json_object_get(b, "seed")) ?
		(uint64_t)json_integer_value(json_object_get(b, "seed")) : fill_hash(dir);
	int64_t created, modified = 0, step = FT_SECOND / 100, del_after = 60 * FT_SECOND;
	int have_mod = 0;
	if (get_time(json_object_get(b, "created"), &created, what))
		return -1;
	if ((v = json_object_get(b, "modified"))) {
		if (get_time(v, &modified, what))
			return -1;
		have_mod = 1;
	}
	if ((v = json_object_get(b, "step_ticks")) && json_is_integer(v))
		step = json_integer_value(v);
	if ((v = json_object_get(b, "delete_after_ticks")) && json_is_integer(v))
		del_after = json_integer_value(v);
	const char *prefix = json_string_value(json_object_get(b, "prefix"));
	uint32_t attrs = 0;
	int has_attrs = 0;
	if ((v = json_object_get(b, "attributes"))) {
		if (get_attrs(v, &attrs, what))
			return -1;
		has_attrs = 1;
	}
	int usn = json_is_true(json_object_get(b, "usn"));
	const char *pattern = json_is_string(pat) ? json_string_value(pat) : NULL;
	if (pattern) {
		/* allow exactly one %u, %x or %X conversion, optionally zero-padded */
		const char *p = strchr(pattern, '%');
		size_t k = p ? strspn(p + 1, "0123456789") : 0;
		if (!p || !strchr("uxX", p[1 + k]) || !p[1 + k] || strchr(p + 2 + k, '%')) {
			fprintf(stderr, "manifest: %s: pattern needs exactly one %%u, %%x or %%X\n", what);
			return -1;
		}
	}
	for (uint64_t i = 0; i < count; i++) {
		char name[512], sub[64] = "";
		if (pattern) {
			/* validated above: a single %u conversion */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
			int nl = snprintf(name, sizeof(name), pattern, (unsigned)i);
#pragma GCC diagnostic pop
			if (nl < 0 || (size_t)nl >= sizeof(name)) {
				fprintf(stderr, "manifest: %s: name too long\n", what);
				return -1;
			}
		} else {
			json_t *n = json_array_get(names, i);
			if (!json_is_string(n)) {
				fprintf(stderr, "manifest: %s: names must be strings\n", what);
				return -1;
			}
			if (strlen(json_string_value(n)) >= sizeof(name)) {
				fprintf(stderr, "manifest: %s: name too long\n", what);
				return -1;
			}
			snprintf(name, sizeof(name), "%s", json_string_value(n));
		}
		if (per_dir) {
			uint64_t d = i / per_dir;
			snprintf(sub, sizeof(sub), "d%03u/d%03u/", (unsigned)(d / 100), (unsigned)(d % 100));
		}
		struct entry *e = new_entry(m);
		size_t plen = strlen(dir) + strlen(sub) + strlen(name) + 2;
		e->path = xcalloc(plen, 1);
		snprintf(e->path, plen, "%s%s%s%s", dir, *dir ? "/" : "", sub, name);
		uint64_t r = fill_mix(seed ^ fill_mix(i));
		e->data.kind = CONTENT_FILL;
		e->data.size = smin + (smax > smin ? r % (smax - smin + 1) : 0);
		e->data.seed = fill_mix(r);
		if (prefix) {
			e->data.text = strdup(prefix);
			e->data.text_len = strlen(prefix);
		}
		e->has_si = 1;
		e->si[T_CREATED] = created + (int64_t)i * step;
		e->si[T_MODIFIED] = have_mod ? modified : e->si[T_CREATED];
		e->si[T_ACCESSED] = e->si[T_CHANGED] = e->si[T_CREATED];
		e->attrs = attrs;
		e->has_attrs = has_attrs;
		e->usn = usn;
		if (del_every && i % del_every == del_every - 1) {
			e->is_deleted = 1;
			e->deleted = e->si[T_CREATED] + del_after;
		}
	}
	free(dir);
	(void)c;
	return 0;
}

int manifest_load(const char *path, const struct define *defs, size_t n_defs, struct manifest *m)
{
	json_error_t err;
	struct ctx c = {path, defs, n_defs};
	json_t *root = json_load_file(path, JSON_REJECT_DUPLICATES, &err);
	memset(m, 0, sizeof(*m));
	if (!root) {
		fprintf(stderr, "%s:%d: %s\n", path, err.line, err.text);
		return -1;
	}
	int rc = -1;
	json_t *vol = json_object_get(root, "volume"), *v;
	if (!json_is_object(vol)) {
		fprintf(stderr, "%s: needs a \"volume\" object\n", path);
		goto out;
	}
	if (get_size(json_object_get(vol, "size"), &m->volume_size, "volume.size"))
		goto out;
	uint64_t cs = 4096;
	if ((v = json_object_get(vol, "cluster_size")) && get_size(v, &cs, "volume.cluster_size"))
		goto out;
	m->cluster_size = (uint32_t)cs;
	v = json_object_get(vol, "serial");
	m->serial = json_is_string(v) ? strtoull(json_string_value(v), NULL, 16) : UINT64_C(0x1122334455667788);
	v = json_object_get(vol, "label");
	m->label = strdup(json_is_string(v) ? json_string_value(v) : "");
	m->partition_start = 2048;
	if ((v = json_object_get(vol, "partition_start")) && get_size(v, &m->partition_start, "volume.partition_start"))
		goto out;
	if (get_time(json_object_get(vol, "format_time"), &m->format_time, "volume.format_time"))
		goto out;
	m->close_time = 0;
	v = json_object_get(vol, "reuse_mft_records");
	m->reuse_mft_records = !json_is_false(v);
	if ((v = json_object_get(vol, "close_time")) && get_time(v, &m->close_time, "volume.close_time"))
		goto out;

	json_t *u = json_object_get(root, "usn_journal");
	if (json_is_object(u)) {
		m->usn.enabled = 1;
		m->usn.max_size = 32 * 1024 * 1024;
		m->usn.allocation_delta = 8 * 1024 * 1024;
		m->usn.journal_id = m->format_time;
		if ((v = json_object_get(u, "max_size")) && get_size(v, &m->usn.max_size, "usn.max_size"))
			goto out;
		if ((v = json_object_get(u, "allocation_delta")) &&
		    get_size(v, &m->usn.allocation_delta, "usn.allocation_delta"))
			goto out;
		if ((v = json_object_get(u, "first_usn")) && get_size(v, &m->usn.first_usn, "usn.first_usn"))
			goto out;
		if ((v = json_object_get(u, "created")) && get_time(v, &m->usn.journal_id, "usn.created"))
			goto out;
		v = json_object_get(u, "v3_every");
		m->usn.v3_every = json_is_integer(v) ? (int)json_integer_value(v) : 0;
		if (m->usn.first_usn % 4096) {
			fprintf(stderr, "%s: usn_journal.first_usn must be a multiple of 4096\n", path);
			goto out;
		}
	}

	json_t *items = json_object_get(root, "entries"), *it;
	size_t i;
	if (!json_is_array(items)) {
		fprintf(stderr, "%s: needs an \"entries\" list\n", path);
		goto out;
	}
	json_array_foreach(items, i, it) {
		json_t *b = json_object_get(it, "bulk");
		if (b ? parse_bulk(&c, m, b, i) : parse_entry(&c, m, it, i))
			goto out;
	}
	rc = 0;
out:
	json_decref(root);
	return rc;
}

static void free_content(struct content *c)
{
	free(c->host_path);
	free(c->text);
	if (c->prefetch)
		json_decref(c->prefetch);
}

void manifest_free(struct manifest *m)
{
	for (size_t i = 0; i < m->n_entries; i++) {
		struct entry *e = &m->entries[i];
		free(e->path);
		free_content(&e->data);
		for (size_t k = 0; k < e->n_ads; k++) {
			free(e->ads[k].name);
			free_content(&e->ads[k].data);
		}
		free(e->ads);
		free(e->rename_from);
		for (size_t k = 0; k < e->n_jrecs; k++)
			free(e->jrecs[k].name);
		free(e->jrecs);
	}
	free(m->entries);
	free(m->label);
	free(m->usn.standalone);
	memset(m, 0, sizeof(*m));
}
