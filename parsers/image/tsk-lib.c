/*
 * tsk-lib.c - the libtsk symbol table (see tsk-lib.h): one X-macro list
 * gives the function pointers and the names dlsym looks up.
 */
#include "compat.h"

#include "config.h"	/* CT_SONAME_TSK */

#include "ewfmeta.h"
#include "tsk-lib.h"

struct ct_tsk_funcs ct_tsk;

static const struct ct_dynsym tsk_syms[] = {
#define X(f) { "tsk_" #f, (void **)&ct_tsk.f },
	CT_TSK_FUNCS(X)
#undef X
	{ NULL, NULL }
};

/* Loaded after libewf (dep), for the reason tsk-lib.h gives. */
struct ct_dynlib ct_tsk_lib = {
	CT_SONAME_TSK, "libtsk19", 0, &ct_ewf_lib, tsk_syms, 0, ""
};

const char *
ct_tsk_msg(void)
{
	const char *m = ct_tsk.error_get();

	return m && *m ? m : "unknown libtsk error";
}
