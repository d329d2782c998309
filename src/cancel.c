/*
 * cancel.c - the Ctrl-C flag (see cancel.h).
 */
#include "compat.h"

#include <signal.h>
#include <unistd.h>

#include "cancel.h"

static volatile sig_atomic_t stop_asked;

static void
on_signal(int sig)
{
	static const char msg[] = "\ncasetrail: interrupted: finishing what "
	    "was read (again to quit at once)\n";

	if (stop_asked) {
		signal(sig, SIG_DFL);
		raise(sig);
		return;
	}
	stop_asked = 1;
	/* write(2) is async-signal-safe; a short write loses only text */
	if (write(STDERR_FILENO, msg, sizeof(msg) - 1) < 0)
		return;
}

void
ct_cancel_install(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sa.sa_flags = SA_RESTART;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
}

void
ct_cancel_uninstall(void)
{
	signal(SIGINT, SIG_DFL);
	signal(SIGTERM, SIG_DFL);
}

int
ct_cancelled(void)
{
	return stop_asked != 0;
}
