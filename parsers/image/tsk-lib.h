/*
 * tsk-lib.h - the libtsk functions the image parser calls, loaded with
 * dlopen when the first image is read (src/dynlib.h).
 *
 * Every call goes through ct_tsk: ct_tsk.fs_file_read(...) is libtsk's
 * tsk_fs_file_read, with the type libtsk's own header gives it, so a
 * changed signature fails to compile. Only libtsk's types and macros are
 * used directly. libewf is loaded first, into the global scope
 * (ewfmeta.c): libtsk and the libyal libraries it uses (libvmdk, libvhdi,
 * libbfio) then bind to libewf's copies of the libyal helpers, and libewf
 * to its own, as when fls(1) links libewf first (doc/image.md,
 * "Libraries").
 */
#ifndef CT_TSK_LIB_H
#define CT_TSK_LIB_H

#include "compat.h"

#include <tsk/libtsk.h>

#include "dynlib.h"

/* The functions used, without their "tsk_" prefix. */
#define CT_TSK_FUNCS(X) \
	X(error_reset) \
	X(error_get) \
	X(fs_file_close) \
	X(fs_file_attr_getsize) \
	X(fs_file_attr_get_idx) \
	X(fs_close) \
	X(fs_file_read) \
	X(fs_file_open_meta) \
	X(fs_attr_read) \
	X(vs_part_get) \
	X(vs_open) \
	X(vs_close) \
	X(img_type_toname) \
	X(img_open_utf8_sing) \
	X(img_close) \
	X(fs_type_toname) \
	X(fs_open_vol) \
	X(fs_open_img) \
	X(fs_file_open) \
	X(fs_dir_walk)

struct ct_tsk_funcs {
#define X(f) __typeof__(tsk_##f) *f;
	CT_TSK_FUNCS(X)
#undef X
};

/* Set by ct_dynlib_load(&ct_tsk_lib); NULL pointers before. */
extern struct ct_tsk_funcs ct_tsk;
extern struct ct_dynlib ct_tsk_lib;

/*
 * libtsk's last error message (thread-local in libtsk), never NULL or
 * empty: for warnings, after a call failed.
 */
const char *ct_tsk_msg(void);

#endif
