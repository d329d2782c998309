/*
 * process-artefacts.c - executions that no event log recorded, from the
 * artefacts that saw them, merged into the process model (process.c runs
 * first; parents are inferred after this, in process-infer.c).
 *
 *  - Prefetch and BAM name images by device ("\VOLUME{...}\PROGRAM FILES
 *    (X86)\QUILLEDIT\QEUPDATE.EXE", "\Device\HarddiskVolume1\..."): a
 *    process whose image the file system of the case holds takes that
 *    file's path, in its own case, on C: - the volume Prefetch and BAM
 *    describe is the system volume in all but rare set-ups, and the
 *    recorded form stays in the Prefetch and BAM records.
 *  - BAM/DAM (last run per user), TaskCache (a task's last run) and
 *    UserAssist (GUI launches, known folders expanded): attached to the
 *    process of the same path (or of the same file name, when a log gave
 *    only that) that started within a minute before (the same run, seen
 *    twice), else a process of their own. One execution
 *    seen by several artefacts is one process citing all of them.
 *  - A TaskCache last run that matches a process is the Task Scheduler
 *    starting it: its parent, with the reason (parent_basis).
 *  - Amcache (the SHA-1 of what ran) is attached to the latest run of its
 *    path in the ten minutes before its key was written; ShimCache (whose
 *    time is the file's modification time, not a run) to the first run of
 *    its path within a day after that time. Neither makes a process.
 *  - Windows PowerShell 400 carries no process ID: the PowerShell
 *    Operational events of the same start (4104, 4103, 40961, 40962,
 *    53504, logged within a minute) give it, so its script blocks are its.
 *
 * Times: FILETIME ticks; all matching runs in SQL over indexed temporary
 * tables, in (time, id) order for deterministic rows.
 */
#include "compat.h"

#include "steps.h"
#include "sql.h"
#include "sql-names.h"

/* 2 s, 5 s, 60 s, 10 min and 1 day in FILETIME ticks. */
#define T2S "20000000"
#define T5S "50000000"
#define T60S "600000000"
#define T10M "6000000000"
#define T1D "864000000000"

static const char *const fixed_steps[][2] = {
	{ "device paths",
	"CREATE TEMP TABLE t_dev AS SELECT id, ct_normpath(image) AS np"
	" FROM process WHERE image LIKE '\\VOLUME{%' OR image LIKE '\\Device\\%';"
	"CREATE TEMP TABLE t_exefile AS SELECT ct_normpath(path) AS np,"
	" min(path) AS path FROM file"
	" WHERE (EXISTS (SELECT 1 FROM t_dev) OR EXISTS (SELECT 1 FROM artefact"
	"  WHERE kind IN ('bam', 'dam'))) AND " AN_SQL_IS_PROGRAM("name")
	" GROUP BY ct_normpath(path);"
	"CREATE UNIQUE INDEX t_exefile_np ON t_exefile(np);"
	"UPDATE process SET image = (SELECT 'C:' || replace(f.path, '/', '\\')"
	" FROM t_dev d JOIN t_exefile f ON f.np = d.np WHERE d.id = process.id)"
	" WHERE id IN (SELECT d.id FROM t_dev d JOIN t_exefile f ON f.np = d.np);"
	"DROP TABLE t_dev" },

	{ "execution artefacts",
	/*
	 * The artefacts that show a run, with their time and the image in
	 * the same display form as above when the file system has it.
	 */
	"CREATE TEMP TABLE t_exec AS SELECT a.record_id AS record_id,"
	" a.kind AS kind, a.ts AS ts, a.image AS image,"
	" ct_normpath(a.image) AS np, a.user_name AS user_name,"
	" a.task AS task FROM (SELECT a.record_id, a.kind,"
	"  CASE WHEN a.kind = 'taskcache' THEN coalesce("
	"   CAST(json_extract(CASE WHEN json_valid(a.data) THEN a.data END,"
	"   '$.last_run') AS INTEGER), a.time) ELSE a.time END AS ts,"
	/* Windows XP's UserAssist names "UEME_RUNPATH:C:\\...". */
	"  CASE WHEN a.kind = 'userassist' THEN ct_expand_folders("
	"   CASE WHEN a.path LIKE 'UEME_RUNPATH:%' THEN substr(a.path, 14)"
	"   ELSE a.path END, pr.path) ELSE a.path END AS image,"
	"  coalesce(a.user_name, pr.user_name) AS user_name, a.name AS task"
	"  FROM artefact a LEFT JOIN (SELECT user_sid, min(path) AS path,"
	"   min(user_name) AS user_name FROM artefact WHERE kind = 'profile'"
	"   AND user_sid IS NOT NULL GROUP BY user_sid) pr"
	"   ON pr.user_sid = a.user_sid"
	"  WHERE a.kind IN ('bam', 'dam', 'taskcache', 'userassist')"
	"  AND a.path IS NOT NULL AND coalesce(a.executed, 1) != 0) a"
	" WHERE a.ts > 0 AND " AN_SQL_IS_PROGRAM("a.image")
	" ORDER BY a.ts, a.record_id;"
	"CREATE INDEX t_exec_kind ON t_exec(kind, ts);"
	"CREATE INDEX t_exec_rec ON t_exec(record_id);"
	"UPDATE t_exec SET image = (SELECT 'C:' || replace(f.path, '/', '\\')"
	" FROM t_exefile f WHERE f.np = t_exec.np)"
	" WHERE (image LIKE '\\Device\\%' OR image LIKE '\\VOLUME{%')"
	" AND np IN (SELECT np FROM t_exefile);"
	"CREATE TEMP TABLE t_pn AS SELECT id, ct_normpath(image) AS np,"
	" start_ts FROM process WHERE image IS NOT NULL"
	" AND EXISTS (SELECT 1 FROM artefact WHERE kind IN ('bam', 'dam',"
	"  'taskcache', 'userassist', 'amcache_file', 'shimcache'));"
	"CREATE INDEX t_pn_i ON t_pn(np, start_ts)" },
};

/*
 * Per artefact kind, in this order (BAM before UserAssist: a GUI launch
 * both saw is the BAM entry's process): the role of its record and the
 * origin of the processes it makes. ?1 kind, ?2 role, ?3 origin.
 */
static const struct exec_kind {
	const char *kind, *role, *origin;
} exec_kinds[] = {
	{ "bam", "BAM entry (last run)", "bam" },
	{ "dam", "DAM entry (last run)", "bam" },
	{ "taskcache", "TaskCache last run", "taskcache" },
	{ "userassist", "UserAssist entry (last run)", "userassist" },
};

static const char *const kind_sql[] = {
	"INSERT OR IGNORE INTO process_record (process_id, record_id, role)"
	" SELECT pid, record_id, ?2 FROM (SELECT e.record_id AS record_id,"
	" e.ts AS ts, (SELECT b.id FROM t_pn b"
	"  WHERE b.np IN (e.np, '/' || ct_basename(e.image))"
	"  AND b.start_ts BETWEEN e.ts - " T60S " AND e.ts + " T5S
	"  ORDER BY b.start_ts DESC, b.id LIMIT 1) AS pid"
	" FROM t_exec e WHERE e.kind = ?1) WHERE pid IS NOT NULL"
	" ORDER BY ts, record_id",

	"INSERT INTO process (image, start_ts, start_record_id, origin,"
	" user_name)"
	" SELECT e.image, e.ts, e.record_id, ?3, e.user_name FROM t_exec e"
	" WHERE e.kind = ?1 AND NOT EXISTS (SELECT 1 FROM process_record r"
	"  WHERE r.record_id = e.record_id)"
	" ORDER BY e.ts, e.record_id",

	/* ?4: the highest process id before the insert above. */
	"INSERT OR IGNORE INTO process_record (process_id, record_id, role)"
	" SELECT p.id, p.start_record_id, ?2 FROM process p"
	" WHERE p.id > ?4 ORDER BY p.id",

	"INSERT INTO t_pn SELECT p.id, ct_normpath(p.image), p.start_ts"
	" FROM process p WHERE p.id > ?4 ORDER BY p.id",
};

static const char *const after_steps[][2] = {
	{ "artefact users and tasks",
	/* The user a per-user artefact names, where no log gave one. */
	"UPDATE process SET user_name = (SELECT e.user_name FROM process_record r"
	" JOIN t_exec e ON e.record_id = r.record_id WHERE r.process_id = process.id"
	" AND e.user_name IS NOT NULL ORDER BY e.ts, e.record_id LIMIT 1)"
	" WHERE user_name IS NULL AND id IN (SELECT r.process_id FROM"
	" process_record r JOIN t_exec e ON e.record_id = r.record_id"
	" WHERE e.user_name IS NOT NULL);"
	/* A process known by its file name only (PowerShell 400) gets the path. */
	"UPDATE process SET image = (SELECT e.image FROM process_record r"
	" JOIN t_exec e ON e.record_id = r.record_id WHERE r.process_id = process.id"
	" ORDER BY e.ts, e.record_id LIMIT 1)"
	" WHERE image NOT LIKE '%\\%' AND image NOT LIKE '%/%'"
	" AND id IN (SELECT r.process_id FROM process_record r"
	"  JOIN t_exec e ON e.record_id = r.record_id);"
	/*
	 * The Task Scheduler's own record of starting it: high when the run
	 * it records is the process's start to the 2 s, else medium.
	 */
	"UPDATE process SET parent_basis = (SELECT 'the Task Scheduler: the '"
	"  || 'TaskCache records the last run of task ' || coalesce(e.task, '?')"
	"  || ' at ' || ct_time_words(e.ts) FROM process_record r"
	"  JOIN t_exec e ON e.record_id = r.record_id AND e.kind = 'taskcache'"
	"  WHERE r.process_id = process.id ORDER BY e.ts DESC LIMIT 1),"
	" parent_confidence = (SELECT CASE WHEN abs(e.ts - process.start_ts)"
	"  <= " T2S " THEN 'high' ELSE 'medium' END FROM process_record r"
	"  JOIN t_exec e ON e.record_id = r.record_id AND e.kind = 'taskcache'"
	"  WHERE r.process_id = process.id ORDER BY e.ts DESC LIMIT 1)"
	" WHERE parent_id IS NULL AND parent_pid IS NULL AND parent_image IS NULL"
	" AND id IN (SELECT r.process_id FROM process_record r JOIN t_exec e"
	"  ON e.record_id = r.record_id WHERE e.kind = 'taskcache');"
	"DROP TABLE t_exec" },

	{ "amcache and shimcache",
	"CREATE TEMP TABLE t_seen AS SELECT a.record_id AS record_id,"
	" a.kind AS kind, a.time AS ts, ct_normpath(a.path) AS np"
	" FROM artefact a WHERE a.kind IN ('amcache_file', 'shimcache')"
	" AND a.path IS NOT NULL AND a.time > 0 AND EXISTS (SELECT 1 FROM t_pn)"
	" ORDER BY a.time, a.record_id;"
	"INSERT OR IGNORE INTO process_record (process_id, record_id, role)"
	" SELECT pid, record_id, 'Amcache entry' FROM (SELECT s.record_id"
	"  AS record_id, s.ts AS ts, (SELECT b.id FROM t_pn b WHERE b.np = s.np"
	"  AND b.start_ts BETWEEN s.ts - " T10M " AND s.ts + " T60S
	"  ORDER BY b.start_ts DESC, b.id LIMIT 1) AS pid FROM t_seen s"
	"  WHERE s.kind = 'amcache_file') WHERE pid IS NOT NULL"
	" ORDER BY ts, record_id;"
	"INSERT OR IGNORE INTO process_record (process_id, record_id, role)"
	" SELECT pid, record_id, 'ShimCache entry' FROM (SELECT s.record_id"
	"  AS record_id, s.ts AS ts, (SELECT b.id FROM t_pn b WHERE b.np = s.np"
	"  AND b.start_ts BETWEEN s.ts AND s.ts + " T1D
	"  ORDER BY b.start_ts, b.id LIMIT 1) AS pid FROM t_seen s"
	"  WHERE s.kind = 'shimcache') WHERE pid IS NOT NULL"
	" ORDER BY ts, record_id;"
	"DROP TABLE t_seen; DROP TABLE t_pn; DROP TABLE t_exefile" },

	{ "powershell process ids",
	"CREATE TEMP TABLE t_psop AS SELECT x.pid AS pid,"
	" coalesce(x.created, x.written) AS ts, x.record_id AS record_id"
	" FROM evtx x WHERE x.channel = 'Microsoft-Windows-PowerShell/Operational'"
	" AND x.event_id IN (4104, 4103, 40961, 40962, 53504) AND x.pid > 0"
	" AND EXISTS (SELECT 1 FROM process WHERE origin = 'powershell-log'"
	"  AND pid IS NULL);"
	"CREATE INDEX t_psop_ts ON t_psop(ts);"
	"UPDATE process SET pid = (SELECT o.pid FROM t_psop o"
	" WHERE o.ts BETWEEN process.start_ts - " T5S
	"  AND process.start_ts + " T60S
	" ORDER BY o.ts, o.record_id LIMIT 1)"
	" WHERE origin = 'powershell-log' AND pid IS NULL;"
	"DROP TABLE t_psop" },
};

/* One integer from a query without parameters (0 if none). */
static enum ct_status
query_int(struct an_ctx *x, const char *sql, int64_t *v)
{
	sqlite3_stmt *st;
	enum ct_status rc;

	*v = 0;
	if ((rc = an_prepare(x, sql, &st)))
		return rc;
	if (sqlite3_step(st) == SQLITE_ROW)
		*v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return CT_OK;
}

static enum ct_status
merge_kind(struct an_ctx *x, const struct exec_kind *k)
{
	enum ct_status rc = CT_OK;
	int64_t before = 0;
	size_t i;
	int n;

	for (i = 0; i < CT_ARRAY_SIZE(kind_sql) && rc == CT_OK; i++) {
		sqlite3_stmt *st;

		if (i == 1 && (rc = query_int(x, "SELECT coalesce(max(id), 0)"
		    " FROM process", &before)))
			return rc;
		if ((rc = an_prepare(x, kind_sql[i], &st)))
			return rc;
		/* Each statement uses some of ?1..?4; binding past the last is an error. */
		n = sqlite3_bind_parameter_count(st);
		if (n >= 1)
			sqlite3_bind_text(st, 1, k->kind, -1, SQLITE_STATIC);
		if (n >= 2)
			sqlite3_bind_text(st, 2, k->role, -1, SQLITE_STATIC);
		if (n >= 3)
			sqlite3_bind_text(st, 3, k->origin, -1, SQLITE_STATIC);
		if (n >= 4)
			sqlite3_bind_int64(st, 4, before);
		rc = an_step_done(x, sqlite3_step(st), k->role);
		sqlite3_finalize(st);
	}
	return rc;
}

enum ct_status
an_merge_artefact_runs(struct an_ctx *x)
{
	enum ct_status rc;
	int64_t any;
	size_t i;

	if ((rc = an_exec_steps(x, fixed_steps, CT_ARRAY_SIZE(fixed_steps))) ||
	    (rc = query_int(x, "SELECT EXISTS (SELECT 1 FROM t_exec)", &any)))
		return rc;
	/* Hosts with none of these artefacts pay nothing more. */
	for (i = 0; any && i < CT_ARRAY_SIZE(exec_kinds); i++)
		if ((rc = merge_kind(x, &exec_kinds[i])))
			return rc;
	an_timing(x, "execution artefacts merged");
	/* Without any, the first after-step (users and tasks) has nothing to do. */
	if ((rc = an_exec_steps(x, after_steps + !any, CT_ARRAY_SIZE(after_steps) -
	    !any)) || (!any && (rc = an_exec(x, "DROP TABLE t_exec",
	    "execution artefacts"))))
		return rc;
	/* No step after this one adds processes. */
	return query_int(x, "SELECT count(*) FROM process", &x->st->processes);
}
