/*
 * gen.h - benchmark log generator: N records of a realistic mix of Sysmon,
 * Security and PowerShell events and sizes, from a fixed seed, streamed
 * into one EVTX file (memory does not grow with N).
 */
#ifndef EW_GEN_H
#define EW_GEN_H

#include <stdint.h>

int ew_generate(const char *path, uint64_t n, uint64_t seed);

#endif
