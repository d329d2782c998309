/*
 * dynlib.h - shared libraries loaded on first use, with their functions.
 *
 * casetrail reads event logs with its own decoder; libtsk (and the dozens
 * of libraries it pulls in: afflib, curl, gnutls, krb5...) is needed only
 * for disk images, libevtx only for damaged event logs, libscca only for
 * Prefetch files. Linking them made every run, even `casetrail report`,
 * spend about 5 ms loading and relocating them. They are opened with
 * dlopen() when a parser first needs them instead.
 *
 * It also keeps apart libyal libraries that export their own copies of the
 * same helper symbols (libcdata, libbfio...): each library group resolves
 * them within itself unless it is loaded into the global scope. See
 * doc/image.md, "Libraries".
 *
 * A library is described by a struct ct_dynlib with static storage: its
 * soname (from configure), how it is loaded, and the table of functions
 * to look up, each stored through a pointer to a typed function pointer:
 *
 *	static struct { __typeof__(tsk_fs_close) *tsk_fs_close; } T;
 *	static const struct ct_dynsym syms[] = {
 *		{ "tsk_fs_close", (void **)&T.tsk_fs_close },
 *		{ NULL, NULL } };
 *	static struct ct_dynlib lib = { CT_SONAME_TSK, "libtsk19", 0, NULL,
 *	    syms };
 *	if (ct_dynlib_load(&lib) != 0) ... lib.error ...
 */
#ifndef CT_DYNLIB_H
#define CT_DYNLIB_H

#include "compat.h"

/* One function to look up, and where its address goes. */
struct ct_dynsym {
	const char *name;
	void **slot;
};

enum {
	/* into the global scope: libraries loaded later bind to it first */
	CT_DYNLIB_GLOBAL = 1,
	/*
	 * into a link-map namespace of its own (dlmopen): sees nothing else.
	 * A library whose `first` has this flag too joins first's namespace
	 * (libevtx and the libbfio it reads through: one copy of each).
	 */
	CT_DYNLIB_NAMESPACE = 2,
};

struct ct_dynlib {
	const char *soname;		/* "libtsk.so.19" */
	const char *package;		/* Debian package, for messages */
	int flags;			/* CT_DYNLIB_* */
	struct ct_dynlib *first;	/* to load before this one, or NULL */
	const struct ct_dynsym *syms;	/* ends with { NULL, NULL } */
	/* set by ct_dynlib_load() */
	int state;			/* 0 not tried, 1 loaded, -1 failed */
	char error[256];
	long lmid;			/* its namespace (CT_DYNLIB_NAMESPACE) */
};

/*
 * Load lib (and lib->first) and fill in every function of lib->syms, once;
 * later calls return the first result. Thread-safe. 0 on success; -1 with
 * a message naming the library and its Debian package in lib->error.
 */
int ct_dynlib_load(struct ct_dynlib *lib);

#endif
