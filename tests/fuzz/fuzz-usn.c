/*
 * fuzz-usn.c - libFuzzer target for the USN journal scanner: any bytes as
 * a $UsnJrnl:$J stream (parsers/image/usn.c, ct_usn_scan_buffer). Built
 * with --enable-fuzzing (CC=clang); tests/unit/test-usn.c replays crafted
 * inputs through the same entry point in the normal test suite.
 */
#include "compat.h"

#include "usn.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	ct_usn_scan_buffer(data, size, NULL);
	return 0;
}
