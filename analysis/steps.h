/*
 * steps.h - the analysis steps, in the order the driver's table in
 * analyze.c runs them. Each reads the evidence tables and what the steps
 * before it wrote, and writes only its own rows.
 */
#ifndef CT_AN_STEPS_H
#define CT_AN_STEPS_H

#include "compat.h"

#include "context.h"

/* process.c: process, process_record, process_activity. */
enum ct_status an_build_processes(struct an_ctx *x);
/* process-artefacts.c: executions seen by registry artefacts, merged in. */
enum ct_status an_merge_artefact_runs(struct an_ctx *x);
/* process-infer.c: parents where no log records them, with reasons. */
enum ct_status an_infer_parents(struct an_ctx *x);
/* file-lifecycle.c: each executable's creation, writer, runs and deletion. */
enum ct_status an_build_file_lifecycle(struct an_ctx *x);
/* detect-updater.c: updater runs, their downloads and starts. */
enum ct_status an_detect_updaters(struct an_ctx *x);
/* detect-powershell.c: PowerShell executions and their connections. */
enum ct_status an_detect_powershell(struct an_ctx *x);
/* detect-selfdelete.c: executables deleted by themselves. */
enum ct_status an_detect_selfdelete(struct an_ctx *x);
/* rules.c: the declarative rules of analysis/rules/. */
enum ct_status an_run_sql_rules(struct an_ctx *x);
/* sigma-step.c: the Sigma rules of the options (none: nothing). */
enum ct_status an_run_sigma(struct an_ctx *x);
/* coverage.c: what the evidence can and cannot show. */
enum ct_status an_assess_coverage(struct an_ctx *x);
/* chain.c: attack chains and the narrative. */
enum ct_status an_build_chains(struct an_ctx *x);

#endif
