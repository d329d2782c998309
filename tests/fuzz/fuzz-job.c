/*
 * fuzz-job.c - libFuzzer target for the Task Scheduler 1.0 .job decoder
 * (parsers/files/job.c); replayed in the normal suite by replay-files.c.
 */
#include "compat.h"

#include "files/files.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	ct_job_buffer(data, size, "/Windows/Tasks/x.job", NULL);
	return 0;
}
