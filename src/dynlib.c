/*
 * dynlib.c - shared libraries loaded on first use (see dynlib.h).
 */
#define _GNU_SOURCE 1	/* dlmopen(), LM_ID_NEWLM (glibc) */
#include "compat.h"

#include <dlfcn.h>
#include <pthread.h>

#include "dynlib.h"

/* Loads are rare (a few per run) and must not race: one lock for all. */
static pthread_mutex_t load_lock = PTHREAD_MUTEX_INITIALIZER;

static int
load_locked(struct ct_dynlib *lib)
{
	const struct ct_dynsym *s;
	const char *why;
	void *h;

	if (lib->state != 0)
		return lib->state > 0 ? 0 : -1;
	lib->state = -1;
	if (lib->first && load_locked(lib->first) != 0) {
		snprintf(lib->error, sizeof(lib->error), "%s",
		    lib->first->error);
		return -1;
	}
	if (lib->flags & CT_DYNLIB_NAMESPACE)
		h = dlmopen(lib->first && (lib->first->flags &
		    CT_DYNLIB_NAMESPACE) ? (Lmid_t)lib->first->lmid :
		    LM_ID_NEWLM, lib->soname, RTLD_NOW | RTLD_LOCAL);
	else
		h = dlopen(lib->soname, RTLD_NOW | ((lib->flags &
		    CT_DYNLIB_GLOBAL) ? RTLD_GLOBAL : RTLD_LOCAL));
	if (h == NULL) {
		why = dlerror();
		snprintf(lib->error, sizeof(lib->error), "cannot load %s "
		    "(Debian package %s): %s", lib->soname, lib->package,
		    why ? why : "unknown reason");
		return -1;
	}
	if (lib->flags & CT_DYNLIB_NAMESPACE) {
		Lmid_t id;

		if (dlinfo(h, RTLD_DI_LMID, &id) != 0) {
			snprintf(lib->error, sizeof(lib->error), "cannot tell "
			    "the namespace of %s", lib->soname);
			return -1;
		}
		lib->lmid = (long)id;
	}
	for (s = lib->syms; s->name; s++) {
		*s->slot = dlsym(h, s->name);
		if (*s->slot == NULL) {
			snprintf(lib->error, sizeof(lib->error), "%s has no "
			    "function %s (another version of package %s?)",
			    lib->soname, s->name, lib->package);
			/* the handle stays open: nothing to undo */
			return -1;
		}
	}
	lib->state = 1;
	return 0;
}

int
ct_dynlib_load(struct ct_dynlib *lib)
{
	int rc;

	pthread_mutex_lock(&load_lock);
	rc = load_locked(lib);
	pthread_mutex_unlock(&load_lock);
	return rc;
}
