/*
 * sql-names.h - SQL fragments that tell executable files by name, for
 * the analysis steps' queries (process-artefacts.c, process-infer.c,
 * file-lifecycle.c). By extension, compared on the last characters only:
 * cheaper than a LIKE per extension on millions of rows.
 */
#ifndef CT_AN_SQL_NAMES_H
#define CT_AN_SQL_NAMES_H

/* A program: .exe .com .scr (what Prefetch, BAM and a process image name). */
#define AN_SQL_IS_PROGRAM(c) \
	"(lower(substr(" c ", -4)) IN ('.exe', '.com', '.scr'))"

/* Code a host runs: programs, libraries, drivers, installers and scripts. */
#define AN_SQL_IS_CODE(c) \
	"(lower(substr(" c ", -4)) IN ('.exe', '.dll', '.scr', '.com', '.msi'," \
	" '.ps1', '.bat', '.cmd', '.vbs', '.hta', '.sys')" \
	" OR lower(substr(" c ", -3)) = '.js')"

#endif
