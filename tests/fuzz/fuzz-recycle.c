/*
 * fuzz-recycle.c - libFuzzer target for the Recycle Bin decoders: any
 * bytes as a $I file and as an INFO2 (parsers/files/recycle.c). Built with
 * --enable-fuzzing (CC=clang); tests/fuzz/replay-files.c runs the same
 * entry points on crafted inputs and every prefix of real files in the
 * normal test suite.
 */
#include "compat.h"

#include "files/files.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	ct_recycle_i_buffer(data, size, "/$Recycle.Bin/S-1-5-21-1-2-3-1001/$IABC.txt",
	    NULL);
	ct_recycle_info2_buffer(data, size, "/RECYCLER/S-1-5-21-1-2-3-1001/INFO2",
	    NULL);
	return 0;
}
