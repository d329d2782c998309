/*
 * fuzz-task-xml.c - libFuzzer target for the scheduled task XML handlers
 * (parsers/files/task-xml.c, over expat); replayed in the normal suite by
 * replay-files.c.
 */
#include "compat.h"

#include "files/files.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	ct_task_xml_buffer(data, size, "/Windows/System32/Tasks/F/T", NULL);
	return 0;
}
