/*
 * reg-views.c - registry key views for tests (reg-views.h).
 */
#include "compat.h"

#include "reg-views.h"
#include "xalloc.h"

void
views_release(struct views *vs)
{
	size_t i, j;

	for (i = 0; i < vs->nkeys; i++) {
		struct ct_reg_key_view *k = &vs->keys[i];

		for (j = 0; j < k->nvalues; j++) {
			free((char *)k->values[j].name);
			free((uint8_t *)k->values[j].data);
		}
		free((struct ct_reg_value_view *)k->values);
		free((char *)k->path);
	}
	free(vs->keys);
	memset(vs, 0, sizeof(*vs));
}

struct ct_reg_key_view *
views_add_key(struct views *vs, const char *hive, const char *path,
    int64_t written)
{
	struct ct_reg_key_view *k;

	if (vs->nkeys == vs->alloc) {
		vs->alloc = vs->alloc ? 2 * vs->alloc : 64;
		vs->keys = ct_xreallocarray(vs->keys, vs->alloc, sizeof(*k));
	}
	k = &vs->keys[vs->nkeys++];
	memset(k, 0, sizeof(*k));
	k->hive = hive;
	k->hive_label = hive;
	k->path = ct_xstrdup(path);
	k->last_written = written;
	k->offset = 4096 + (int64_t)vs->nkeys;
	return k;
}

void
views_add_value(struct ct_reg_key_view *k, const char *name, uint32_t type,
    const void *data, size_t size)
{
	struct ct_reg_value_view *v;

	k->values = ct_xreallocarray((void *)k->values, k->nvalues + 1,
	    sizeof(*v));
	v = (struct ct_reg_value_view *)&k->values[k->nvalues++];
	v->name = ct_xstrdup(name);
	v->type = type;
	v->size = size;
	v->data = NULL;
	if (size) {
		v->data = ct_xmalloc(size);
		memcpy((uint8_t *)v->data, data, size);
	}
}

/* Hex digits to bytes; "-" is empty. */
static size_t
unhex(const char *s, uint8_t *out)
{
	size_t n = 0;
	unsigned x;

	if (strcmp(s, "-") == 0)
		return 0;
	while (s[0] && s[1] && sscanf(s, "%2x", &x) == 1) {
		out[n++] = (uint8_t)x;
		s += 2;
	}
	return n;
}

size_t
views_read_dump(struct views *vs, const char *hive, FILE *f)
{
	struct ct_reg_key_view *k = NULL;
	char *line = NULL;
	size_t cap = 0;
	ssize_t len;

	while ((len = getline(&line, &cap, f)) > 0) {
		char *a = ct_xmalloc((size_t)len + 1);
		char *d = ct_xmalloc((size_t)len + 1);
		uint8_t *buf = ct_xmalloc((size_t)len / 2 + 1);
		long long t, nsub;
		unsigned type;
		size_t n;

		if (sscanf(line, "K %s %lld %lld", a, &t, &nsub) == 3) {
			n = unhex(a, buf);
			buf[n] = 0;
			k = views_add_key(vs, hive, (char *)buf, t);
			k->nsubkeys = (size_t)nsub;
		} else if (k && sscanf(line, "V %s %u %s", a, &type, d) == 3) {
			char *name;

			n = unhex(a, buf);
			buf[n] = 0;
			name = ct_xstrdup((char *)buf);
			n = unhex(d, buf);
			views_add_value(k, name, type, buf, n);
			free(name);
		}
		free(a);
		free(d);
		free(buf);
	}
	free(line);
	return vs->nkeys;
}
