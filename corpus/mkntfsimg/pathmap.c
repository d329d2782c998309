/* pathmap.c - open-addressing hash map from directory path to MFT reference. */
#define _GNU_SOURCE
#include "pathmap.h"
#include "fill.h"

#include <stdlib.h>
#include <string.h>

static int grow(struct pathmap *m)
{
	struct pathmap n = {0};
	n.cap = m->cap ? m->cap * 2 : 1024;
	n.keys = calloc(n.cap, sizeof(*n.keys));
	n.vals = calloc(n.cap, sizeof(*n.vals));
	if (!n.keys || !n.vals) {
		free(n.keys);
		free(n.vals);
		return -1;
	}
	for (size_t i = 0; i < m->cap; i++) {
		if (!m->keys[i])
			continue;
		size_t h = fill_hash(m->keys[i]) & (n.cap - 1);
		while (n.keys[h])
			h = (h + 1) & (n.cap - 1);
		n.keys[h] = m->keys[i];
		n.vals[h] = m->vals[i];
	}
	n.n = m->n;
	free(m->keys);
	free(m->vals);
	*m = n;
	return 0;
}

int pathmap_put(struct pathmap *m, const char *key, uint64_t val)
{
	if ((m->n + 1) * 2 > m->cap && grow(m))
		return -1;
	size_t h = fill_hash(key) & (m->cap - 1);
	while (m->keys[h]) {
		if (!strcmp(m->keys[h], key)) {
			m->vals[h] = val;
			return 0;
		}
		h = (h + 1) & (m->cap - 1);
	}
	if (!(m->keys[h] = strdup(key)))
		return -1;
	m->vals[h] = val;
	m->n++;
	return 0;
}

int pathmap_get(const struct pathmap *m, const char *key, uint64_t *val)
{
	if (!m->cap)
		return -1;
	size_t h = fill_hash(key) & (m->cap - 1);
	while (m->keys[h]) {
		if (!strcmp(m->keys[h], key)) {
			*val = m->vals[h];
			return 0;
		}
		h = (h + 1) & (m->cap - 1);
	}
	return -1;
}

void pathmap_free(struct pathmap *m)
{
	for (size_t i = 0; i < m->cap; i++)
		free(m->keys[i]);
	free(m->keys);
	free(m->vals);
	memset(m, 0, sizeof(*m));
}
