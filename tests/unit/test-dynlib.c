/*
 * test-dynlib.c - libraries opened on first use (src/dynlib.c): a function
 * found and callable, a missing library and a missing function reported
 * by name with the Debian package, a failed load remembered, a library
 * loaded after the one it must follow. libz is the test subject: every
 * casetrail build links it, so it is present wherever this test runs.
 */
#include "compat.h"

#include <zlib.h>

#include "dynlib.h"
#include "unit.h"

static struct {
	__typeof__(zlibVersion) *zlibVersion;
	__typeof__(crc32) *crc32;
} Z;

static const struct ct_dynsym z_syms[] = {
	{ "zlibVersion", (void **)&Z.zlibVersion },
	{ "crc32", (void **)&Z.crc32 },
	{ NULL, NULL }
};

static void *missing_fn;
static const struct ct_dynsym bad_syms[] = {
	{ "zlibVersion", (void **)&missing_fn },
	{ "no_such_function_in_zlib", (void **)&missing_fn },
	{ NULL, NULL }
};

static struct ct_dynlib z_lib = {
	"libz.so.1", "zlib1g", 0, NULL, z_syms, 0, ""
};
static struct ct_dynlib z_bad_fn = {
	"libz.so.1", "zlib1g", 0, NULL, bad_syms, 0, ""
};
static struct ct_dynlib no_lib = {
	"libcasetrail-no-such-lib.so.7", "no-such-package", 0, NULL, z_syms,
	0, ""
};
static struct ct_dynlib after_missing = {
	"libz.so.1", "zlib1g", 0, &no_lib, z_syms, 0, ""
};
static struct ct_dynlib namespaced = {
	"libz.so.1", "zlib1g", CT_DYNLIB_NAMESPACE, NULL, z_syms, 0, ""
};

/* A function found and callable; a second load gives the same answer. */
UNIT_CASE(load)
{
	CHECK_INT(ct_dynlib_load(&z_lib), 0);
	CHECK(Z.zlibVersion != NULL && Z.crc32 != NULL);
	if (Z.zlibVersion)
		CHECK_STR(Z.zlibVersion(), zlibVersion());
	if (Z.crc32)
		CHECK_INT(Z.crc32(0, (const Bytef *)"abc", 3), 0x352441c2);
	CHECK_INT(ct_dynlib_load(&z_lib), 0);	/* once: same answer */
}

/* A missing function is named, with the Debian package. */
UNIT_CASE(missing_function)
{
	CHECK_INT(ct_dynlib_load(&z_bad_fn), -1);
	CHECK(strstr(z_bad_fn.error, "no_such_function_in_zlib") != NULL);
	CHECK(strstr(z_bad_fn.error, "zlib1g") != NULL);
}

/* A missing library is named, with its package; the failure is kept. */
UNIT_CASE(missing_library)
{
	CHECK_INT(ct_dynlib_load(&no_lib), -1);
	CHECK(strstr(no_lib.error, "cannot load libcasetrail-no-such-lib.so.7")
	    != NULL);
	CHECK(strstr(no_lib.error, "Debian package no-such-package") != NULL);
	CHECK_INT(ct_dynlib_load(&no_lib), -1);	/* remembered */
}

/* A library whose predecessor fails is not loaded, and says why. */
UNIT_CASE(predecessor_missing)
{
	CHECK_INT(ct_dynlib_load(&after_missing), -1);
	CHECK(strstr(after_missing.error, "libcasetrail-no-such-lib") != NULL);
}

/* A namespace of its own still gives callable functions. */
UNIT_CASE(own_namespace)
{
	Z.crc32 = NULL;
	CHECK_INT(ct_dynlib_load(&namespaced), 0);
	if (Z.crc32)
		CHECK_INT(Z.crc32(0, (const Bytef *)"abc", 3), 0x352441c2);
}

static const struct unit_case cases[] = {
	{ "load", load },
	{ "missing_function", missing_function },
	{ "missing_library", missing_library },
	{ "predecessor_missing", predecessor_missing },
	{ "own_namespace", own_namespace },
	{ NULL, NULL }
};

int
main(int argc, char **argv)
{
	return unit_run(cases, argc, argv);
}
