/*
 * scenario.h - read a scenario (JSON Lines, one event per line) and write
 * one EVTX file per channel.  The line format is documented in
 * corpus/README.md ("Scenario format").
 */
#ifndef EW_SCENARIO_H
#define EW_SCENARIO_H

#include <stdio.h>

/* Returns 0, or -1 after printing "file:line: message" to stderr. */
int ew_scenario_run(FILE *in, const char *inname, const char *outdir);

#endif
