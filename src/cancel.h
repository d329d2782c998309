/*
 * cancel.h - stopping a long ingest cleanly on Ctrl-C.
 *
 * The first SIGINT or SIGTERM asks every parser to stop at its next
 * chunk, file or buffer: what was read stays in the case, its sources are
 * marked partial with a note, the indexes are built, and the command exits
 * with CT_EXIT_INTERRUPTED. A second signal ends the process at once; the
 * case is still consistent (SQLite rolls back to the last commit when it
 * is next opened, and the next write builds any missing index).
 */
#ifndef CT_CANCEL_H
#define CT_CANCEL_H

#include "compat.h"

/* Install the handlers (once, from the main thread). */
void ct_cancel_install(void);

/* Back to the default actions (Ctrl-C ends the process), once parsing is over. */
void ct_cancel_uninstall(void);

/* Whether a stop was asked for. Cheap: call it in loops. */
int ct_cancelled(void);

#endif
