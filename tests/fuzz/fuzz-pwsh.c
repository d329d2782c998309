/*
 * fuzz-pwsh.c - libFuzzer target for PowerShell command-line decoding and
 * scoring (analysis/pwsh.c), whose input is attacker-controlled text.
 * Build with ./configure --enable-fuzzing CC=clang; tests/unit/test-analysis
 * replays crafted inputs through the same entry point.
 */
#include "compat.h"

#include "pwsh.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return ct_pwsh_fuzz_one(data, size);
}
