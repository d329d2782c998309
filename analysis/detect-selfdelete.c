/*
 * detect-selfdelete.c - the self-deletion step: an executable whose own
 * file is deleted by itself or by a command it started (Sysmon 23/26 and
 * delete command lines, corroborated by the USN journal and the deleted
 * MFT entry with its recovered content), and executables the change
 * journal saw deleted soon after they ran when no log names the deleter.
 */
#include "compat.h"

#include <strings.h>

#include "finding.h"
#include "paths.h"
#include "proc.h"
#include "steps.h"
#include "stmt.h"
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

struct selfdel {
	int64_t subject, deleter, cmd_rec, del_rec, del_ts;
	int delay;
	int unattributed;	/* only the file system saw the deletion */
	char *cmd;
};

static enum ct_status
selfdel_finding(struct an_ctx *x, const struct selfdel *d)
{
	struct an_proc s, del;
	struct an_finding f;
	struct ct_buf np = CT_BUF_INIT;
	sqlite3_stmt *st;
	enum ct_status rc;
	int64_t usn_rec = 0, usn_ts = CT_NULL_INT, mft_rec = 0, mft_entry = CT_NULL_INT;
	char sha256[65] = "", md5[33] = "", content[32] = "";

	if (an_proc_load(x, d->subject, &s) <= 0)
		return CT_OK;
	memset(&del, 0, sizeof(del));
	an_proc_load(x, d->deleter, &del);
	an_normpath(&np, s.image);
	/*
	 * When only the file system saw the deletion, nothing says who deleted
	 * the file: a lead for the analyst, not a self-deletion finding.
	 */
	if (d->unattributed)
		an_finding_init(&f, "deleted-after-run", SEV_LOW);
	else
		an_finding_init(&f, "self-deletion", SEV_HIGH);
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
	an_finding_ev(&f, d->del_rec, "file deletion");
	an_finding_ent(&f, "path", np.buf);
	/* Corroboration from the file system: USN journal and the deleted MFT entry. */
	if (an_prepare(x, "SELECT record_id, ts FROM usn WHERE name = ?"
	    " COLLATE NOCASE AND reasons LIKE '%FILE_DELETE%'"
	    " AND (path IS NULL OR ct_normpath(path) = ?) AND ts >= ?"
	    " ORDER BY ts, record_id LIMIT 1", &st) == CT_OK) {
		sqlite3_bind_text(st, 1, an_base_of(s.image), -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, np.buf, (int)np.len, SQLITE_STATIC);
		sqlite3_bind_int64(st, 3, s.start_ts == CT_NULL_INT ? 0 : s.start_ts);
		if (sqlite3_step(st) == SQLITE_ROW) {
			usn_rec = sqlite3_column_int64(st, 0);
			usn_ts = ct_col_int(st, 1);
		}
		sqlite3_finalize(st);
	}
	if (an_prepare(x, "SELECT record_id, inode, sha256, md5, content FROM file"
	    " WHERE name = ? AND allocated = 0"
	    " AND ct_normpath(path) = ? ORDER BY record_id LIMIT 1", &st) == CT_OK) {
		sqlite3_bind_text(st, 1, an_base_of(s.image), -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, np.buf, (int)np.len, SQLITE_STATIC);
		if (sqlite3_step(st) == SQLITE_ROW) {
			mft_rec = sqlite3_column_int64(st, 0);
			mft_entry = ct_col_int(st, 1);
			snprintf(sha256, sizeof(sha256), "%s", ct_col_text(st, 2));
			snprintf(md5, sizeof(md5), "%s", ct_col_text(st, 3));
			snprintf(content, sizeof(content), "%s", ct_col_text(st, 4));
		}
		sqlite3_finalize(st);
	}
	an_finding_ev(&f, usn_rec, "USN FILE_DELETE");
	an_finding_ev(&f, mft_rec, "deleted MFT entry");
	if (d->del_ts == CT_NULL_INT)
		an_finding_time(&f, usn_ts);
	if (sha256[0]) {
		char ent[80];

		snprintf(ent, sizeof(ent), "%s", sha256);
		an_finding_ent(&f, "hash", ent);
	}
	f.confidence = (d->del_rec || usn_rec || mft_rec) ? "high" : "medium";
	if (d->unattributed) {
		double secs = s.start_ts == CT_NULL_INT || usn_ts == CT_NULL_INT ?
		    0 : (double)(usn_ts - s.start_ts) / 1e7;

		f.confidence = "low";
		ct_buf_adds(&f.title, an_base_of(s.image));
		ct_buf_addf(&f.title, " was deleted %.0f s after it ran "
		    "(who deleted it is not recorded)", secs);
		ct_buf_adds(&f.description, "The executable ");
		ct_buf_add_utf8_clean(&f.description, s.image, strlen(s.image));
		ct_buf_addf(&f.description, " ran and its file was deleted %.0f "
		    "seconds later, according to the USN journal. No event log "
		    "records which process deleted it, so this may be "
		    "self-deletion or a clean-up by another program.", secs);
		if (mft_rec && sha256[0])
			ct_buf_addf(&f.description, " The unallocated MFT entry %lld "
			    "still holds its content: MD5 %s, SHA-256 %s.",
			    (long long)mft_entry, md5, sha256);
		ct_buf_adds(&f.attack, "T1070.004");
		ct_buf_add_utf8_clean(&f.statement, an_base_of(s.image),
		    strlen(an_base_of(s.image)));
		ct_buf_addf(&f.statement, " was deleted %.0f seconds after it ran, "
		    "by a process the logs do not name", secs);
		goto commit;
	}
	ct_buf_adds(&f.title, an_base_of(s.image));
	ct_buf_adds(&f.title, " deleted itself");
	if (del.id && del.id != s.id) {
		ct_buf_adds(&f.title, " through ");
		ct_buf_adds(&f.title, an_base_of(del.image));
		if (d->delay)
			ct_buf_adds(&f.title, " with a delay");
	}
	ct_buf_adds(&f.description, "The executable ");
	ct_buf_add_utf8_clean(&f.description, s.image, strlen(s.image));
	ct_buf_adds(&f.description, " ran");
	if (s.pid != CT_NULL_INT)
		ct_buf_addf(&f.description, " (PID %lld)", (long long)s.pid);
	ct_buf_adds(&f.description, " and its own file was then deleted ");
	if (del.id && del.id != s.id) {
		ct_buf_adds(&f.description, "by a process it started: ");
		an_add_short(&f.description, del.cmd, 2000);
	} else {
		ct_buf_adds(&f.description, "by itself");
	}
	ct_buf_addch(&f.description, '.');
	if (d->del_rec)
		ct_buf_adds(&f.description, " Sysmon logged the deletion.");
	if (usn_rec)
		ct_buf_adds(&f.description, " The USN journal records FILE_DELETE.");
	if (mft_rec) {
		ct_buf_addf(&f.description, " The MFT entry %lld is unallocated "
		    "but still names the file", (long long)mft_entry);
		if (sha256[0])
			ct_buf_addf(&f.description, "; its recovered content (%s) "
			    "has MD5 %s and SHA-256 %s", content, md5, sha256);
		ct_buf_addch(&f.description, '.');
	}
	ct_buf_adds(&f.attack, "T1070.004");
	/*
	 * Two sentences when the command and the deletion are two moments:
	 * the second line of the statement is told at last_ts (the deletion).
	 */
	ct_buf_add_utf8_clean(&f.statement, an_base_of(s.image),
	    strlen(an_base_of(s.image)));
	if (del.id && del.id != s.id) {
		int64_t when = d->del_ts != CT_NULL_INT ? d->del_ts : usn_ts;

		ct_buf_adds(&f.statement, " started \"");
		an_add_short(&f.statement, del.cmd, 300);
		ct_buf_adds(&f.statement, d->delay ? "\" to delete its own file "
		    "after a delay" : "\" to delete its own file");
		if (when != CT_NULL_INT) {
			an_finding_time(&f, when);
			ct_buf_addch(&f.statement, '\n');
			ct_buf_add_utf8_clean(&f.statement, an_base_of(del.image),
			    strlen(an_base_of(del.image)));
			ct_buf_adds(&f.statement, " deleted ");
			ct_buf_add_utf8_clean(&f.statement, s.image,
			    strlen(s.image));
		}
	} else {
		ct_buf_adds(&f.statement, " deleted its own file");
	}
	if (mft_rec) {
		ct_buf_addf(&f.statement, "; the file is gone from its folder but "
		    "MFT entry %lld still holds it", (long long)mft_entry);
		if (sha256[0])
			ct_buf_addf(&f.statement, ", and its recovered content has "
			    "SHA-256 %s", sha256);
	}
commit:
	ct_buf_addch(&f.details, '{');
	an_json_kv(&f.details, "image", s.image, 1024);
	an_json_kv(&f.details, "deleting_command", del.id ? del.cmd : NULL, 4096);
	an_json_kv(&f.details, "recovered_sha256", sha256[0] ? sha256 : NULL, 64);
	an_json_kv(&f.details, "recovered_md5", md5[0] ? md5 : NULL, 32);
	ct_buf_addch(&f.details, '}');
	rc = an_finding_commit(x, &f, NULL);
out:
	an_finding_free(&f);
	an_proc_release(&s);
	an_proc_release(&del);
	ct_buf_release(&np);
	return rc;
}

enum ct_status
an_detect_selfdelete(struct an_ctx *x)
{
	sqlite3_stmt *st;
	enum ct_status rc = CT_OK;
	struct selfdel *v = NULL;
	size_t n = 0, i, j;
	int r;

	/* (a) Delete events whose target is the deleter's own image or an ancestor's. */
	if ((rc = an_prepare(x, "SELECT a.process_id, a.record_id, a.ts, a.target"
	    " FROM process_activity a WHERE a.kind = 'file-delete'"
	    " ORDER BY a.ts, a.record_id", &st)))
		return rc;
	while ((r = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t id = sqlite3_column_int64(st, 0), deleter = id;
		const char *target = ct_col_text(st, 3);
		int depth;

		for (depth = 0; depth < AN_MAX_ANCESTORS && id > 0; depth++) {
			struct an_proc p;
			int hit;

			if (an_proc_load(x, id, &p) <= 0)
				break;
			hit = an_same_path(target, p.image);
			if (hit) {
				struct an_proc dp;

				v = ct_xreallocarray(v, n + 1, sizeof(*v));
				memset(&v[n], 0, sizeof(v[n]));
				v[n].subject = p.id;
				v[n].deleter = deleter;
				v[n].del_rec = sqlite3_column_int64(st, 1);
				v[n].del_ts = ct_col_int(st, 2);
				if (an_proc_load(x, deleter, &dp) > 0) {
					v[n].delay = has_delay(dp.cmd);
					an_proc_release(&dp);
				}
				n++;
			}
			id = p.parent_id == CT_NULL_INT ? 0 : p.parent_id;
			an_proc_release(&p);
			if (hit)
				break;
		}
	}
	sqlite3_finalize(st);
	if ((rc = an_step_done(x, r, "file deletions")))
		goto out;
	/* (b) Command lines deleting their parent's image (cmd /c ping ... & del ...). */
	if ((rc = an_prepare(x, "SELECT c.id, c.command_line, p.id, p.image"
	    " FROM process c JOIN process p ON p.id = c.parent_id"
	    " WHERE c.command_line IS NOT NULL AND p.image IS NOT NULL"
	    " AND (c.command_line LIKE '%del %' OR c.command_line LIKE '%erase %'"
	    "  OR c.command_line LIKE '%remove-item %' OR c.command_line LIKE '%rm %'"
	    "  OR c.command_line LIKE '%ri %')"
	    " ORDER BY c.start_ts, c.id", &st)))
		goto out;
	while ((r = sqlite3_step(st)) == SQLITE_ROW) {
		struct ct_buf target = CT_BUF_INIT;
		const char *cmd = ct_col_text(st, 1), *pimg = ct_col_text(st, 3);

		if (deleted_by_command(cmd, &target) &&
		    names_image(target.buf, pimg)) {
			int64_t subj = sqlite3_column_int64(st, 2);
			int64_t deleter = sqlite3_column_int64(st, 0);

			for (j = 0; j < n; j++)
				if (v[j].subject == subj)
					break;
			if (j == n) {
				v = ct_xreallocarray(v, n + 1, sizeof(*v));
				memset(&v[n], 0, sizeof(v[n]));
				v[n].subject = subj;
				v[n].del_ts = CT_NULL_INT;
				n++;
			}
			v[j].deleter = deleter;
			v[j].delay = has_delay(cmd);
		}
		ct_buf_release(&target);
	}
	sqlite3_finalize(st);
	if ((rc = an_step_done(x, r, "delete commands")))
		goto out;
	/*
	 * (c) Executables (from process events or Prefetch) in user-writable
	 * folders whose file the USN journal saw deleted within 10 minutes of
	 * the start, when no delete event names the deleting process.
	 */
	if ((rc = an_exec(x, "CREATE TEMP TABLE t_udel AS SELECT record_id, ts,"
	    " lower(name) AS nm, ct_normpath(path) AS np FROM usn"
	    " WHERE reasons LIKE '%FILE_DELETE%' AND path IS NOT NULL"
	    " AND (name LIKE '%.exe' OR name LIKE '%.scr' OR name LIKE '%.com');"
	    "CREATE INDEX t_udel_i ON t_udel(nm, ts)", "deleted executables")))
		goto out;
	if ((rc = an_prepare(x, "SELECT p.id, d.record_id, d.ts FROM process p"
	    " JOIN t_udel d ON d.nm = ct_basename(p.image)"
	    " AND d.ts BETWEEN p.start_ts AND p.start_ts + 6000000000"
	    " AND d.np = ct_normpath(p.image)"
	    " WHERE p.image IS NOT NULL AND ct_user_writable(p.image)"
	    " AND NOT EXISTS (SELECT 1 FROM process_activity a"
	    "  WHERE a.kind = 'file-delete' AND ct_normpath(a.target) = d.np)"
	    " ORDER BY d.ts, p.id", &st)))
		goto out;
	while ((r = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t subj = sqlite3_column_int64(st, 0);

		for (j = 0; j < n; j++)
			if (v[j].subject == subj)
				break;
		if (j < n)
			continue;
		v = ct_xreallocarray(v, n + 1, sizeof(*v));
		memset(&v[n], 0, sizeof(v[n]));
		v[n].subject = subj;
		v[n].del_ts = CT_NULL_INT;
		v[n].unattributed = 1;
		n++;
	}
	sqlite3_finalize(st);
	if ((rc = an_step_done(x, r, "deleted executables")) ||
	    (rc = an_exec(x, "DROP TABLE t_udel", "deleted executables")))
		goto out;
	/* One finding per process whose file was deleted (several delete events merge). */
	for (i = 0; i < n; i++) {
		for (j = 0; j < i; j++)
			if (v[j].subject == v[i].subject)
				break;
		if (j < i)
			continue;
		if ((rc = selfdel_finding(x, &v[i])))
			goto out;
	}
out:
	free(v);
	return rc;
}
