/*
 * detect-selfdelete.c - the self-deletion step: an executable whose own
 * file is deleted by itself or by a command it started (Sysmon 23/26 and
 * delete command lines, corroborated by the USN journal and the deleted
 * MFT entry with its recovered content), and executables the change
 * journal saw deleted soon after they ran when no log names the deleter:
 * self-deletion, inferred, when the program had just started cmd.exe
 * (and a delay program) - the links of process-infer.c - else a lead.
 */
#include "compat.h"

#include <strings.h>

#include "finding.h"
#include "paths.h"
#include "proc.h"
#include "steps.h"
#include "sql.h"
#include "sql-names.h"
#include "words.h"
#include "xalloc.h"

/*
 * The file a cmd.exe / PowerShell command line deletes: the argument of
 * del / erase / Remove-Item after its switches. Appends to out; returns 1
 * if one was found.
 */
static int
deleted_by_command(const char *cmd, struct ct_buf *out)
{
	static const char *const verbs[] = { "del ", "erase ", "remove-item ",
	    "rm ", "ri ", NULL };
	const char *p = NULL, *q;
	size_t i;

	for (i = 0; verbs[i] && p == NULL; i++) {
		const char *h = cmd;

		while ((h = an_strcasestr(h, verbs[i])) != NULL) {
			if (h == cmd || h[-1] == ' ' || h[-1] == '&' ||
			    h[-1] == '"' || h[-1] == ';' || h[-1] == '|' ||
			    h[-1] == '(') {
				p = h + strlen(verbs[i]);
				break;
			}
			h++;
		}
	}
	if (p == NULL)
		return 0;
	for (;;) {
		while (*p == ' ')
			p++;
		if ((*p == '/' && p[1] && p[2] == ' ') || (*p == '/' &&
		    p[1] && p[2] == '\0') || (*p == '-' && p[1] != '\0' &&
		    strchr(" ", p[1]) == NULL && p[1] != '"')) {
			while (*p && *p != ' ')
				p++;
			continue;
		}
		break;
	}
	if (*p == '"' || *p == '\'') {
		char quote = *p++;

		q = strchr(p, quote);
		if (q == NULL)
			q = p + strlen(p);
	} else {
		q = p;
		while (*q && *q != ' ' && *q != '&' && *q != '|' && *q != ';' &&
		    *q != '"' && *q != ')')
			q++;
	}
	if (q == p)
		return 0;
	ct_buf_add(out, p, (size_t)(q - p));
	return 1;
}

static int
has_delay(const char *cmd)
{
	return (an_strcasestr(cmd, "ping") && (an_strcasestr(cmd, " -n ") ||
	    an_strcasestr(cmd, " /n "))) || an_strcasestr(cmd, "timeout ") ||
	    (an_strcasestr(cmd, "choice ") && an_strcasestr(cmd, "/t")) ||
	    an_strcasestr(cmd, "start-sleep") || an_strcasestr(cmd, "sleep ");
}

/* Does the deleted path name this image (full path, or same base name if relative)? */
static int
names_image(const char *deleted, const char *image)
{
	if (strchr(deleted, '\\') || strchr(deleted, '/'))
		return an_same_path(deleted, image);
	return an_base_is(image, deleted);
}

/* A process whose file was deleted, and what says so. */
struct selfdel {
	int64_t subject;	/* the process whose file was deleted */
	int64_t deleter;	/* the process that deleted it, or 0 */
	int64_t del_rec, del_ts;	/* the delete event, or 0 / CT_NULL_INT */
	int delay;		/* the deleting command waits first */
	int unattributed;	/* only the file system saw the deletion */
	/*
	 * No log names the deleter, but the subject started cmd.exe (no
	 * command line recorded) shortly before the journal's delete, with
	 * waiter (ping, timeout...: 0 if none) after it: the
	 * "cmd /c ping & del" idiom, from process-infer.c's links.
	 */
	int inferred;
	int64_t waiter;
};

/* The candidates found so far, one per subject unless said otherwise. */
struct selfdels {
	struct selfdel *v;
	size_t n;
};

/* The candidate of subject, or -1. */
static long
find_subject(const struct selfdels *c, int64_t subject)
{
	size_t j;

	for (j = 0; j < c->n; j++)
		if (c->v[j].subject == subject)
			return (long)j;
	return -1;
}

/* A new candidate for subject (its deletion time unknown). */
static struct selfdel *
add_candidate(struct selfdels *c, int64_t subject)
{
	struct selfdel *d;

	c->v = ct_xreallocarray(c->v, c->n + 1, sizeof(*c->v));
	d = &c->v[c->n++];
	memset(d, 0, sizeof(*d));
	d->subject = subject;
	d->del_ts = CT_NULL_INT;
	return d;
}

/* What the file system says about the deleted file. */
struct fs_trace {
	int64_t usn_rec, usn_ts;	/* USN FILE_DELETE, or 0 / CT_NULL_INT */
	int64_t mft_rec, mft_entry;	/* the deleted MFT entry, or 0 / CT_NULL_INT */
	char sha256[65], md5[33], content[32];	/* of its recovered content */
};

/*
 * Corroboration from the file system: the USN journal's FILE_DELETE of
 * the image after the process started, and its deleted MFT entry.
 */
static void
fs_trace(struct an_ctx *x, const struct an_proc *s, const char *np,
    struct fs_trace *t)
{
	sqlite3_stmt *st;

	memset(t, 0, sizeof(*t));
	t->usn_ts = t->mft_entry = CT_NULL_INT;
	if (an_prepare(x, "SELECT record_id, ts FROM usn WHERE name = ?"
	    " COLLATE NOCASE AND reasons LIKE '%FILE_DELETE%'"
	    " AND (path IS NULL OR ct_normpath(path) = ?) AND ts >= ?"
	    " ORDER BY ts, record_id LIMIT 1", &st) == CT_OK) {
		sqlite3_bind_text(st, 1, an_base_of(s->image), -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, np, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 3, s->start_ts == CT_NULL_INT ? 0 :
		    s->start_ts);
		if (sqlite3_step(st) == SQLITE_ROW) {
			t->usn_rec = sqlite3_column_int64(st, 0);
			t->usn_ts = ct_sql_int(st, 1);
		}
		sqlite3_finalize(st);
	}
	if (an_prepare(x, "SELECT record_id, inode, sha256, md5, content FROM file"
	    " WHERE name = ? AND allocated = 0"
	    " AND ct_normpath(path) = ? ORDER BY record_id LIMIT 1", &st) == CT_OK) {
		sqlite3_bind_text(st, 1, an_base_of(s->image), -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, np, -1, SQLITE_STATIC);
		if (sqlite3_step(st) == SQLITE_ROW) {
			t->mft_rec = sqlite3_column_int64(st, 0);
			t->mft_entry = ct_sql_int(st, 1);
			snprintf(t->sha256, sizeof(t->sha256), "%s", ct_sql_text(st, 2));
			snprintf(t->md5, sizeof(t->md5), "%s", ct_sql_text(st, 3));
			snprintf(t->content, sizeof(t->content), "%s",
			    ct_sql_text(st, 4));
		}
		sqlite3_finalize(st);
	}
}

/*
 * When only the file system saw the deletion, nothing says who deleted
 * the file: a lead for the analyst, not a self-deletion finding.
 */
static void
unattributed_words(struct an_finding *f, const struct an_proc *s,
    const struct fs_trace *t)
{
	double secs = s->start_ts == CT_NULL_INT || t->usn_ts == CT_NULL_INT ?
	    0 : (double)(t->usn_ts - s->start_ts) / 1e7;

	f->confidence = "low";
	ct_buf_adds(&f->title, an_base_of(s->image));
	ct_buf_addf(&f->title, " was deleted %.0f s after it ran "
	    "(who deleted it is not recorded)", secs);
	ct_buf_adds(&f->description, "The executable ");
	ct_buf_add_utf8_clean(&f->description, s->image, strlen(s->image));
	ct_buf_addf(&f->description, " ran and its file was deleted %.0f "
	    "seconds later, according to the USN journal. No event log "
	    "records which process deleted it, so this may be "
	    "self-deletion or a clean-up by another program.", secs);
	/*
	 * A running program's file cannot be deleted: to remove itself a
	 * program starts a shell that waits, then deletes. None seen here.
	 */
	ct_buf_adds(&f->description, " Not judged self-deletion: no "
	    "command interpreter is known to have run from it before the "
	    "deletion, the usual way a program removes its own file.");
	if (t->mft_rec && t->sha256[0])
		ct_buf_addf(&f->description, " The unallocated MFT entry %lld "
		    "still holds its content: MD5 %s, SHA-256 %s.",
		    (long long)t->mft_entry, t->md5, t->sha256);
	ct_buf_adds(&f->attack, "T1070.004");
	ct_buf_add_utf8_clean(&f->statement, an_base_of(s->image),
	    strlen(an_base_of(s->image)));
	ct_buf_addf(&f->statement, " was deleted %.0f seconds after it ran, "
	    "by a process the logs do not name", secs);
}

/*
 * The words of a self-deletion told by run times and the journal only:
 * s started del (cmd.exe, no command line on record) and w (a delay
 * program, or zeroed), then its file was deleted.
 */
static void
inferred_words(struct an_finding *f, const struct an_proc *s,
    const struct an_proc *del, const struct an_proc *w,
    const struct fs_trace *t)
{
	const char *sb = an_base_of(s->image);

	ct_buf_add_utf8_clean(&f->title, sb, strlen(sb));
	ct_buf_adds(&f->title, w->id ? " deleted itself through cmd.exe with a "
	    "delay (inferred)" : " deleted itself through cmd.exe (inferred)");
	ct_buf_adds(&f->description, "The executable ");
	ct_buf_add_utf8_clean(&f->description, s->image, strlen(s->image));
	ct_buf_adds(&f->description, " ran; ");
	an_add_short(&f->description, an_base_of(del->image), 260);
	ct_buf_addf(&f->description, " ran %.1f s later", (double)(del->start_ts -
	    s->start_ts) / 1e7);
	if (w->id) {
		ct_buf_adds(&f->description, " and ");
		an_add_short(&f->description, an_base_of(w->image), 260);
		ct_buf_addf(&f->description, " %.1f s after it (the wait of "
		    "\"cmd /c ping -n N 127.0.0.1 & del FILE\")",
		    (double)(w->start_ts - del->start_ts) / 1e7);
	}
	ct_buf_addf(&f->description, "; %.1f s after cmd.exe started the USN "
	    "journal records the deletion of the executable's file. No "
	    "process-creation log on this host, so the command line is not "
	    "recorded: the links rest on run times (", (double)(t->usn_ts -
	    del->start_ts) / 1e7);
	ct_buf_add_utf8_clean(&f->description, del->parent_basis,
	    strlen(del->parent_basis));
	ct_buf_adds(&f->description, ") and on the journal.");
	if (t->mft_rec && t->sha256[0])
		ct_buf_addf(&f->description, " The unallocated MFT entry %lld "
		    "still holds its content: MD5 %s, SHA-256 %s.",
		    (long long)t->mft_entry, t->md5, t->sha256);
	ct_buf_adds(&f->attack, "T1070.004");
	ct_buf_add_utf8_clean(&f->statement, sb, strlen(sb));
	ct_buf_adds(&f->statement, w->id ? " started cmd.exe and " : " started "
	    "cmd.exe");
	if (w->id)
		ct_buf_add_utf8_clean(&f->statement, an_base_of(w->image),
		    strlen(an_base_of(w->image)));
	ct_buf_adds(&f->statement, w->id ? ", the wait-then-delete idiom of a "
	    "program removing itself (inferred from run times: no "
	    "process-creation log)" : " just before its file was deleted "
	    "(inferred from run times: no process-creation log)");
	if (t->usn_ts != CT_NULL_INT) {
		ct_buf_adds(&f->statement, "\nthe USN journal records the "
		    "deletion of ");
		ct_buf_add_utf8_clean(&f->statement, s->image, strlen(s->image));
	}
	if (t->mft_rec) {
		ct_buf_addf(&f->statement, "; MFT entry %lld still holds it",
		    (long long)t->mft_entry);
		if (t->sha256[0])
			ct_buf_addf(&f->statement, ", and its recovered content has "
			    "SHA-256 %s", t->sha256);
	}
}

/* The words of a self-deletion by s itself or by del, a process it started. */
static void
selfdel_words(struct an_finding *f, const struct selfdel *d,
    const struct an_proc *s, const struct an_proc *del,
    const struct fs_trace *t)
{
	int through = del->id && del->id != s->id;

	ct_buf_adds(&f->title, an_base_of(s->image));
	ct_buf_adds(&f->title, " deleted itself");
	if (through) {
		ct_buf_adds(&f->title, " through ");
		ct_buf_adds(&f->title, an_base_of(del->image));
		if (d->delay)
			ct_buf_adds(&f->title, " with a delay");
	}
	ct_buf_adds(&f->description, "The executable ");
	ct_buf_add_utf8_clean(&f->description, s->image, strlen(s->image));
	ct_buf_adds(&f->description, " ran");
	if (s->pid != CT_NULL_INT)
		ct_buf_addf(&f->description, " (PID %lld)", (long long)s->pid);
	ct_buf_adds(&f->description, " and its own file was then deleted ");
	if (through) {
		ct_buf_adds(&f->description, "by a process it started: ");
		an_add_short(&f->description, del->cmd, 2000);
	} else {
		ct_buf_adds(&f->description, "by itself");
	}
	ct_buf_addch(&f->description, '.');
	if (d->del_rec)
		ct_buf_adds(&f->description, " Sysmon logged the deletion.");
	if (t->usn_rec)
		ct_buf_adds(&f->description, " The USN journal records FILE_DELETE.");
	if (t->mft_rec) {
		ct_buf_addf(&f->description, " The MFT entry %lld is unallocated "
		    "but still names the file", (long long)t->mft_entry);
		if (t->sha256[0])
			ct_buf_addf(&f->description, "; its recovered content (%s) "
			    "has MD5 %s and SHA-256 %s", t->content, t->md5,
			    t->sha256);
		ct_buf_addch(&f->description, '.');
	}
	ct_buf_adds(&f->attack, "T1070.004");
	/*
	 * Two sentences when the command and the deletion are two moments:
	 * the second line of the statement is told at last_ts (the deletion).
	 */
	ct_buf_add_utf8_clean(&f->statement, an_base_of(s->image),
	    strlen(an_base_of(s->image)));
	if (through) {
		int64_t when = d->del_ts != CT_NULL_INT ? d->del_ts : t->usn_ts;

		ct_buf_adds(&f->statement, " started \"");
		an_add_short(&f->statement, del->cmd, 300);
		ct_buf_adds(&f->statement, d->delay ? "\" to delete its own file "
		    "after a delay" : "\" to delete its own file");
		if (when != CT_NULL_INT) {
			an_finding_time(f, when);
			ct_buf_addch(&f->statement, '\n');
			ct_buf_add_utf8_clean(&f->statement, an_base_of(del->image),
			    strlen(an_base_of(del->image)));
			ct_buf_adds(&f->statement, " deleted ");
			ct_buf_add_utf8_clean(&f->statement, s->image,
			    strlen(s->image));
		}
	} else {
		ct_buf_adds(&f->statement, " deleted its own file");
	}
	if (t->mft_rec) {
		ct_buf_addf(&f->statement, "; the file is gone from its folder but "
		    "MFT entry %lld still holds it", (long long)t->mft_entry);
		if (t->sha256[0])
			ct_buf_addf(&f->statement, ", and its recovered content has "
			    "SHA-256 %s", t->sha256);
	}
}

static enum ct_status
selfdel_finding(struct an_ctx *x, const struct selfdel *d)
{
	struct an_proc s, del, w;
	struct an_finding f;
	struct ct_buf np = CT_BUF_INIT;
	struct fs_trace t;
	enum ct_status rc;

	if (an_proc_load(x, d->subject, &s) <= 0)
		return CT_OK;
	an_proc_load(x, d->deleter, &del);
	an_proc_load(x, d->waiter, &w);
	an_normpath(&np, s.image);
	an_finding_init(&f, d->unattributed ? "deleted-after-run" :
	    "self-deletion", d->unattributed ? SEV_LOW : SEV_HIGH);
	if (del.id && del.id != s.id)
		an_finding_time(&f, del.start_ts);
	else
		an_finding_time(&f, d->del_ts);
	an_finding_time(&f, d->del_ts);
	if ((rc = an_cite_process(x, &f, s.id, "process that ran from the file")))
		goto out;
	if (del.id && del.id != s.id && (rc = an_cite_process(x, &f, del.id,
	    "deleting process")))
		goto out;
	if (w.id && (rc = an_cite_process(x, &f, w.id, "delay before the delete")))
		goto out;
	an_finding_ev(&f, d->del_rec, "file deletion");
	an_finding_ent(&f, "path", np.buf);
	fs_trace(x, &s, np.buf, &t);
	an_finding_ev(&f, t.usn_rec, "USN FILE_DELETE");
	an_finding_ev(&f, t.mft_rec, "deleted MFT entry");
	if (d->del_ts == CT_NULL_INT)
		an_finding_time(&f, t.usn_ts);
	if (t.sha256[0])
		an_finding_ent(&f, "hash", t.sha256);
	f.confidence = (d->del_rec || t.usn_rec || t.mft_rec) ? "high" : "medium";
	if (d->inferred) {
		/* No stronger than the links it rests on, and medium at most. */
		f.confidence = "medium";
		an_confidence_of_link(&f, &del);
		inferred_words(&f, &s, &del, &w, &t);
	} else if (d->unattributed)
		unattributed_words(&f, &s, &t);
	else
		selfdel_words(&f, d, &s, &del, &t);
	ct_buf_addch(&f.details, '{');
	an_json_kv(&f.details, "image", s.image, 1024);
	an_json_kv(&f.details, "deleting_command", del.id ? del.cmd : NULL, 4096);
	an_json_kv(&f.details, "recovered_sha256", t.sha256[0] ? t.sha256 : NULL,
	    64);
	an_json_kv(&f.details, "recovered_md5", t.md5[0] ? t.md5 : NULL, 32);
	ct_buf_addch(&f.details, '}');
	rc = an_finding_commit(x, &f, NULL);
out:
	an_finding_release(&f);
	an_proc_release(&s);
	an_proc_release(&del);
	an_proc_release(&w);
	ct_buf_release(&np);
	return rc;
}

/* (a) Delete events whose target is the deleter's own image or an ancestor's. */
static enum ct_status
from_delete_events(struct an_ctx *x, struct selfdels *c)
{
	sqlite3_stmt *st;
	enum ct_status rc;
	int r;

	if ((rc = an_prepare(x, "SELECT a.process_id, a.record_id, a.ts, a.target"
	    " FROM process_activity a WHERE a.kind = 'file-delete'"
	    " ORDER BY a.ts, a.record_id", &st)))
		return rc;
	while ((r = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t id = sqlite3_column_int64(st, 0), deleter = id;
		const char *target = ct_sql_text(st, 3);
		int depth;

		for (depth = 0; depth < AN_MAX_ANCESTORS && id > 0; depth++) {
			struct an_proc p, dp;
			int hit;

			if (an_proc_load(x, id, &p) <= 0)
				break;
			hit = an_same_path(target, p.image);
			if (hit) {
				/* Several delete events of one file each count here. */
				struct selfdel *d = add_candidate(c, p.id);

				d->deleter = deleter;
				d->del_rec = sqlite3_column_int64(st, 1);
				d->del_ts = ct_sql_int(st, 2);
				if (an_proc_load(x, deleter, &dp) > 0) {
					d->delay = has_delay(dp.cmd);
					an_proc_release(&dp);
				}
			}
			id = p.parent_id == CT_NULL_INT ? 0 : p.parent_id;
			an_proc_release(&p);
			if (hit)
				break;
		}
	}
	sqlite3_finalize(st);
	return an_step_done(x, r, "file deletions");
}

/* (b) Command lines deleting their parent's image (cmd /c ping ... & del ...). */
static enum ct_status
from_delete_commands(struct an_ctx *x, struct selfdels *c)
{
	sqlite3_stmt *st;
	enum ct_status rc;
	int r;

	if ((rc = an_prepare(x, "SELECT c.id, c.command_line, p.id, p.image"
	    " FROM process c JOIN process p ON p.id = c.parent_id"
	    " WHERE c.command_line IS NOT NULL AND p.image IS NOT NULL"
	    " AND (c.command_line LIKE '%del %' OR c.command_line LIKE '%erase %'"
	    "  OR c.command_line LIKE '%remove-item %' OR c.command_line LIKE '%rm %'"
	    "  OR c.command_line LIKE '%ri %')"
	    " ORDER BY c.start_ts, c.id", &st)))
		return rc;
	while ((r = sqlite3_step(st)) == SQLITE_ROW) {
		struct ct_buf target = CT_BUF_INIT;
		const char *cmd = ct_sql_text(st, 1), *pimg = ct_sql_text(st, 3);

		if (deleted_by_command(cmd, &target) &&
		    names_image(target.buf, pimg)) {
			int64_t subj = sqlite3_column_int64(st, 2);
			long j = find_subject(c, subj);
			struct selfdel *d = j >= 0 ? &c->v[j] :
			    add_candidate(c, subj);

			d->deleter = sqlite3_column_int64(st, 0);
			d->delay = has_delay(cmd);
		}
		ct_buf_release(&target);
	}
	sqlite3_finalize(st);
	return an_step_done(x, r, "delete commands");
}

/* Before the journal's delete at del_ts: what the subject of d started. */
#define CMD_BEFORE_DELETE	"3000000000"	/* 5 minutes */
static enum ct_status
inferred_deleter(struct an_ctx *x, struct selfdel *d, int64_t del_ts)
{
	sqlite3_stmt *st;
	enum ct_status rc;

	if ((rc = an_cached(x, "SELECT c.id, (SELECT g.id FROM process g"
	    "  WHERE g.parent_id = c.id AND g.start_ts <= ?2"
	    "  AND ct_basename(g.image) IN ('ping.exe', 'timeout.exe',"
	    "   'choice.exe', 'waitfor.exe') ORDER BY g.start_ts, g.id LIMIT 1)"
	    " FROM process c WHERE c.parent_id = ?1"
	    " AND ct_basename(c.image) = 'cmd.exe'"
	    " AND c.start_ts BETWEEN ?2 - " CMD_BEFORE_DELETE " AND ?2"
	    " AND coalesce(c.command_line, '') = ''"
	    " ORDER BY c.start_ts DESC, c.id DESC LIMIT 1", &st)))
		return rc;
	sqlite3_bind_int64(st, 1, d->subject);
	sqlite3_bind_int64(st, 2, del_ts);
	if (sqlite3_step(st) == SQLITE_ROW) {
		d->deleter = sqlite3_column_int64(st, 0);
		d->waiter = sqlite3_column_type(st, 1) == SQLITE_NULL ? 0 :
		    sqlite3_column_int64(st, 1);
		d->delay = d->waiter != 0;
		d->inferred = 1;
		d->unattributed = 0;
	}
	an_release(st);
	return CT_OK;
}

/*
 * (c) Executables (from process events or Prefetch) in user-writable
 * folders whose file the USN journal saw deleted within 10 minutes of
 * the start, when no delete event names the deleting process.
 */
static enum ct_status
from_journal(struct an_ctx *x, struct selfdels *c)
{
	sqlite3_stmt *st;
	enum ct_status rc;
	int r;

	if ((rc = an_exec(x, "CREATE TEMP TABLE t_udel AS SELECT record_id, ts,"
	    " lower(name) AS nm, ct_normpath(path) AS np FROM usn"
	    " WHERE reasons LIKE '%FILE_DELETE%' AND path IS NOT NULL"
	    " AND " AN_SQL_IS_PROGRAM("name") ";"
	    "CREATE INDEX t_udel_i ON t_udel(nm, ts)", "deleted executables")))
		return rc;
	if ((rc = an_prepare(x, "SELECT p.id, d.record_id, d.ts FROM process p"
	    " JOIN t_udel d ON d.nm = ct_basename(p.image)"
	    " AND d.ts BETWEEN p.start_ts AND p.start_ts + 6000000000"
	    " AND d.np = ct_normpath(p.image)"
	    " WHERE p.image IS NOT NULL AND ct_user_writable(p.image)"
	    " AND NOT EXISTS (SELECT 1 FROM process_activity a"
	    "  WHERE a.kind = 'file-delete' AND ct_normpath(a.target) = d.np)"
	    " ORDER BY d.ts, p.id", &st)))
		return rc;
	while ((r = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t subj = sqlite3_column_int64(st, 0);
		struct selfdel *d;

		if (find_subject(c, subj) >= 0)
			continue;
		d = add_candidate(c, subj);
		d->unattributed = 1;
		if ((rc = inferred_deleter(x, d, sqlite3_column_int64(st, 2))))
			break;
	}
	sqlite3_finalize(st);
	if (rc)
		return rc;
	if ((rc = an_step_done(x, r, "deleted executables")))
		return rc;
	return an_exec(x, "DROP TABLE t_udel", "deleted executables");
}

enum ct_status
an_detect_selfdelete(struct an_ctx *x)
{
	struct selfdels c = { NULL, 0 };
	enum ct_status rc;
	size_t i;

	if ((rc = from_delete_events(x, &c)) ||
	    (rc = from_delete_commands(x, &c)) || (rc = from_journal(x, &c)))
		goto out;
	/* One finding per process whose file was deleted (several delete events merge). */
	for (i = 0; i < c.n && rc == CT_OK; i++)
		if (find_subject(&c, c.v[i].subject) == (long)i)
			rc = selfdel_finding(x, &c.v[i]);
out:
	free(c.v);
	return rc;
}
