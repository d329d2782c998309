/*
 * reg-views.h - registry key views built by tests and test tools (not by
 * the hive parser): from code, or from the dump tests/unit/reg-dump.py
 * writes with libregf, an independent reader. A struct views owns its
 * keys, their paths, values, names and data; views_release() frees all.
 */
#ifndef CT_TEST_REG_VIEWS_H
#define CT_TEST_REG_VIEWS_H

#include "compat.h"

#include "reg-view.h"

struct views {
	struct ct_reg_key_view *keys;
	size_t nkeys, alloc;
};

void views_release(struct views *vs);

/*
 * A new key at the end of vs (hive is borrowed and must outlive vs;
 * path is copied). The pointer is valid until the next views_add_key().
 */
struct ct_reg_key_view *views_add_key(struct views *vs, const char *hive,
    const char *path, int64_t written);

/* Add a value to k (name and data copied; data may be NULL for size 0). */
void views_add_value(struct ct_reg_key_view *k, const char *name,
    uint32_t type, const void *data, size_t size);

/*
 * Append the keys of a reg-dump.py dump read from f, as keys of hive.
 * Returns how many keys vs holds.
 */
size_t views_read_dump(struct views *vs, const char *hive, FILE *f);

#endif
