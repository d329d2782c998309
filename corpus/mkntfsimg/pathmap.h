/* pathmap.h - a string -> MFT reference hash map for the directories created so far. */
#ifndef MKNTFSIMG_PATHMAP_H
#define MKNTFSIMG_PATHMAP_H

#include <stddef.h>
#include <stdint.h>

struct pathmap {
	char **keys;
	uint64_t *vals;
	size_t cap, n;
};

int pathmap_put(struct pathmap *m, const char *key, uint64_t val);
int pathmap_get(const struct pathmap *m, const char *key, uint64_t *val);
void pathmap_free(struct pathmap *m);

#endif
