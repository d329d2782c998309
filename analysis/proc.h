/*
 * proc.h - a process of the process model (process.c) as the detections
 * see it, and what they say about one.
 */
#ifndef CT_AN_PROC_H
#define CT_AN_PROC_H

#include "compat.h"

#include "buf.h"
#include "context.h"
#include "finding.h"

/* How far up the parent chain descriptions and self-deletion look. */
#define AN_MAX_ANCESTORS	4

struct an_proc {
	int64_t id, pid, start_ts, end_ts, start_rec, parent_id;
	char *image, *cmd, *user;
	char *parent_image, *parent_cmd;	/* as logged at the start */
	/*
	 * Why the parent is believed where no log links it (process-infer.c,
	 * the TaskCache), "" when a log does; its confidence ("low",
	 * "medium", "high"), "" with it.
	 */
	char *parent_basis, *parent_conf;
	char *origin;		/* process.origin: sysmon, security, prefetch, bam ... */
};

/*
 * Load process id into p (owned strings, never NULL). Returns 1, 0 when
 * there is no such process (p is zeroed), -1 on a database error.
 */
int an_proc_load(struct an_ctx *x, int64_t id, struct an_proc *p);
/* Free p's strings and zero it; a zeroed p is allowed. */
void an_proc_release(struct an_proc *p);

/*
 * Who started a process, in words: "the Task Scheduler", "explorer.exe".
 * parent may be zeroed: when the parent's own start was not logged, the
 * child's start event still names its image and command line.
 */
void an_starter_words(struct ct_buf *b, const struct an_proc *parent,
    const struct an_proc *child);
int an_started_by_scheduler_or_service(const struct an_proc *parent,
    const struct an_proc *child);
/* Is the parent of p inferred rather than logged? */
int an_parent_inferred(const struct an_proc *p);
/*
 * A finding that tells p's parent link is no surer than that link: lower
 * f's confidence to p's parent confidence when it is inferred.
 */
void an_confidence_of_link(struct an_finding *f, const struct an_proc *p);
/*
 * Appends "; no log records who started X: <basis> (confidence C)" to b
 * when p's parent is inferred; nothing otherwise.
 */
void an_inferred_parent_words(struct ct_buf *b, const struct an_proc *p);
/* Parent chain in words: "qeupdate_helper.exe (PID 6644) ← QEUpdate.exe (PID 5120)". */
void an_parent_chain_words(struct an_ctx *x, int64_t parent_id,
    struct ct_buf *b);

/*
 * A process's PID and, when no process-creation log recorded it, the
 * artefacts behind it (from its records' roles): appends " (PID 6644)",
 * " (PID 7012; seen in Prefetch and Windows PowerShell 400, no
 * process-creation log)", " (seen in Prefetch and BAM, no process-creation
 * log)" or nothing to b.
 */
void an_pid_and_sources_words(struct an_ctx *x, const struct an_proc *p,
    struct ct_buf *b);

/* Records a process rests on (start, end, Prefetch, 4688 twin) as evidence. */
enum ct_status an_cite_process(struct an_ctx *x, struct an_finding *f,
    int64_t pid, const char *role);
/* Indicator values that hit a record, appended as "a, b" to out (may be NULL); returns the count. */
int an_ioc_on_record(struct an_ctx *x, int64_t rec, struct ct_buf *out);

/*
 * One finding per distinct address a suspicious process connected to.
 * who: words for the process ("powershell.exe (PID 7012)").
 */
enum ct_status an_connection_findings(struct an_ctx *x,
    const struct an_proc *p, const char *who, int severity,
    const char *context, const char *attack);

#endif
