/*
 * commands.h - the subcommands of casetrail(1), one cmd_<name>() each in
 * src/cli/cmd-<name>.c, listed in the commands[] table of main.c.
 *
 * A command gets argv with argv[0] = its name, returns the process exit
 * code (CT_EXIT_* in error.h) and prints its usage on -h/--help. Adding
 * one: write src/cli/cmd-<name>.c, add a row to commands[] in main.c, add
 * the file to libctcli_a_SOURCES in Makefile.am, document it in
 * man/casetrail.1 and README.md, and test its --help and its errors in
 * tests/t.
 */
#ifndef CT_COMMANDS_H
#define CT_COMMANDS_H

#ifndef CT_LAYER_CLI
#error "src/cli/ is the command line, the top layer: nothing below includes it"
#endif

#include "compat.h"

int cmd_ingest(int argc, char **argv);
int cmd_ioc(int argc, char **argv);
int cmd_analyze(int argc, char **argv);
int cmd_report(int argc, char **argv);
int cmd_export(int argc, char **argv);
int cmd_run(int argc, char **argv);
int cmd_info(int argc, char **argv);

struct ct_ingest_opts;

/*
 * Ingest paths into the case file at case_path, print the summary and
 * return the exit code (the ingest step of both `ingest` and `run`).
 */
int cmd_ingest_paths(const char *case_path, const char *const *paths, int npaths,
    const char *parser, const struct ct_ingest_opts *opts);

struct ct_case;

/*
 * Print, one per line on fp, the indicators of source source_id that were
 * rejected ("path:line: reason") and the warnings about that file; evidence
 * text is made printable first (shared by `ioc` and `run`).
 */
void cmd_ioc_print_rejected(struct ct_case *c, const char *path,
    int64_t source_id, const char *format, FILE *fp);

/*
 * Print "casetrail: <cmd> is not implemented yet" and return CT_EXIT_USAGE,
 * for subcommands whose issue has not landed.
 */
int ct_cmd_not_implemented(const char *name);

#endif
