/*
 * fuzz-pshistory.c - libFuzzer target for the PSReadLine history splitter
 * (parsers/files/pshistory.c); replayed in the normal suite by
 * replay-files.c.
 */
#include "compat.h"

#include "files/files.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	ct_pshistory_buffer(data, size, "/Users/u/AppData/Roaming/Microsoft/"
	    "Windows/PowerShell/PSReadLine/ConsoleHost_history.txt", NULL);
	return 0;
}
