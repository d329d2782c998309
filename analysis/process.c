/*
 * process.c - the process model: process instances with parent links,
 * their Prefetch runs and what each one wrote, deleted and contacted.
 *
 * Sources (field names: OSSEM-DD and doc/schema.md's evtx columns):
 *  - Sysmon 1 ProcessCreate / 5 ProcessTerminate, joined by ProcessGuid;
 *  - Security 4688 / 4689 (Windows XP/2003: 592 / 593) where Sysmon was
 *    not installed (a 4688 that
 *    repeats a Sysmon 1 - same PID and image within 5 s - is attached to
 *    that process as a second start record instead of a second process);
 *  - services installed (System 7045) and started (7036 running): the
 *    Service Control Manager's record of starting them;
 *  - TaskScheduler 129 (the task's process, with its PID), 200 and 201:
 *    the Task Scheduler's record of starting it (process-artefacts.c reads
 *    the TaskCache's last run where this log is off);
 *  - Windows PowerShell 400 (engine start; System/Execution ProcessID is
 *    the PowerShell process) when no process event exists for it;
 *  - Prefetch run times: attached to the process of the same image that
 *    started up to 60 s before (Prefetch is written about 10 s after the
 *    start), or a process of their own when no event log saw the run; a
 *    PowerShell engine start takes its Prefetch run's earlier time.
 * The registry's execution artefacts are merged after this
 * (process-artefacts.c) and parents inferred where no log names them
 * (process-infer.c).
 * Parents: ParentProcessGuid where present, else the latest process with
 * the parent PID (and parent image when known) that was running at the
 * child's start. Activity (Sysmon 3/11/15/22/23/26, Security 5156) is
 * attributed the same way: ProcessGuid, else PID + time window + image.
 *
 * Everything runs in SQL over temporary tables with indexes, so the cost
 * stays O(n log n) in the number of events.
 */
#include "compat.h"

#include "steps.h"
#include "sql.h"

#define SYSMON "(x.channel = 'Microsoft-Windows-Sysmon/Operational' OR " \
	"x.provider = 'Microsoft-Windows-Sysmon')"
#define TS "coalesce(x.created, x.written)"
/* A record's fields as JSON (NULL if it is not: json_extract gives NULL). */
#define XDATA "CASE WHEN json_valid(x.data) THEN x.data END"
/* 5 s and 60 s in FILETIME ticks. */
#define T5S "50000000"
#define T60S "600000000"

static const char *const steps[][2] = {
	{ "sysmon process starts",
	"INSERT INTO process (image, pid, process_guid, command_line, user_name,"
	" start_ts, parent_image, parent_pid, start_record_id, origin,"
	" parent_process_guid)"
	" SELECT x.image, x.process_id, x.process_guid, x.command_line,"
	" x.user_name, " TS ", x.parent_image, x.parent_process_id, x.record_id,"
	" 'sysmon', x.parent_process_guid"
	" FROM evtx x WHERE x.event_id = 1 AND " SYSMON
	" ORDER BY " TS ", x.record_id" },

	{ "security process starts",
	"INSERT INTO process (image, pid, command_line, user_name, start_ts,"
	" parent_image, parent_pid, start_record_id, origin)"
	" SELECT x.image, x.process_id, x.command_line, x.user_name, " TS ","
	" x.parent_image, x.parent_process_id, x.record_id, 'security'"
	/* 592: Windows XP/2003's process creation (.evt, evt-map.c) */
	" FROM evtx x WHERE x.event_id IN (4688, 592) AND x.channel = 'Security'"
	" AND NOT EXISTS (SELECT 1 FROM process p WHERE p.origin = 'sysmon'"
	"  AND p.pid = x.process_id"
	"  AND p.start_ts BETWEEN " TS " - " T5S " AND " TS " + " T5S
	"  AND (x.image IS NULL OR ct_basename(p.image) = ct_basename(x.image)))"
	" ORDER BY " TS ", x.record_id" },

	{ "process start records",
	"INSERT OR IGNORE INTO process_record (process_id, record_id, role)"
	" SELECT id, start_record_id, 'start' FROM process ORDER BY id" },

	{ "security 4688 duplicating sysmon 1",
	"INSERT OR IGNORE INTO process_record (process_id, record_id, role)"
	" SELECT (SELECT p.id FROM process p WHERE p.origin = 'sysmon'"
	"  AND p.pid = x.process_id"
	"  AND p.start_ts BETWEEN " TS " - " T5S " AND " TS " + " T5S
	"  AND (x.image IS NULL OR ct_basename(p.image) = ct_basename(x.image))"
	"  ORDER BY p.start_ts, p.id LIMIT 1),"
	" x.record_id, 'start (Security 4688)'"
	" FROM evtx x WHERE x.event_id = 4688 AND x.channel = 'Security'"
	" AND x.record_id NOT IN (SELECT start_record_id FROM process"
	"  WHERE start_record_id IS NOT NULL)"
	" AND EXISTS (SELECT 1 FROM process p WHERE p.origin = 'sysmon'"
	"  AND p.pid = x.process_id"
	"  AND p.start_ts BETWEEN " TS " - " T5S " AND " TS " + " T5S ")"
	" ORDER BY x.record_id" },

	{ "process ends",
	"CREATE TEMP TABLE t_end AS"
	" SELECT x.record_id AS record_id, " TS " AS ts, x.process_guid AS guid,"
	" x.process_id AS pid, x.image AS image"
	" FROM evtx x WHERE (x.event_id = 5 AND " SYSMON ")"
	" OR (x.event_id IN (4689, 593) AND x.channel = 'Security');"
	"CREATE INDEX t_end_guid ON t_end(guid, ts);"
	"CREATE INDEX t_end_rec ON t_end(record_id);"
	"CREATE INDEX t_end_pid ON t_end(pid, ts);"
	"UPDATE process SET end_record_id = (SELECT e.record_id FROM t_end e"
	" WHERE e.guid = process.process_guid ORDER BY e.ts, e.record_id"
	" LIMIT 1) WHERE process_guid IS NOT NULL;"
	"UPDATE process SET end_record_id = (SELECT e.record_id FROM t_end e"
	" WHERE e.pid = process.pid AND e.ts >= process.start_ts"
	" AND (e.image IS NULL OR process.image IS NULL"
	"  OR ct_basename(e.image) = ct_basename(process.image))"
	" ORDER BY e.ts, e.record_id LIMIT 1)"
	" WHERE end_record_id IS NULL AND pid IS NOT NULL;"
	"UPDATE process SET end_ts = (SELECT ts FROM t_end"
	" WHERE t_end.record_id = process.end_record_id)"
	" WHERE end_record_id IS NOT NULL;"
	"INSERT OR IGNORE INTO process_record (process_id, record_id, role)"
	" SELECT id, end_record_id, 'end' FROM process"
	" WHERE end_record_id IS NOT NULL ORDER BY id;"
	"DROP TABLE t_end;" },

	{ "task scheduler runs",
	/*
	 * TaskScheduler Operational (enabled by default since Windows 10):
	 * 129 "created task process" (Path, ProcessID), 200 "action
	 * started" (ActionName, TaskInstanceId), 201 "action completed".
	 * The Task Scheduler's own record of starting a process: its parent,
	 * high, where no log gave one; a process of its own where no
	 * process event saw the run.
	 */
	"CREATE TEMP TABLE t_task AS SELECT x.record_id AS record_id,"
	" " TS " AS ts, x.event_id AS eid,"
	" coalesce(x.task_name, json_extract(" XDATA ", '$.TaskName')) AS task,"
	" coalesce(json_extract(" XDATA ", '$.Path'),"
	"  json_extract(" XDATA ", '$.ActionName')) AS image,"
	" json_extract(" XDATA ", '$.TaskInstanceId') AS inst,"
	" CASE WHEN x.event_id = 129 THEN x.process_id END AS pid"
	" FROM evtx x WHERE x.event_id IN (129, 200, 201)"
	" AND x.channel = 'Microsoft-Windows-TaskScheduler/Operational'"
	" ORDER BY ts, record_id;"
	"CREATE TEMP TABLE t_taskm AS SELECT t.*, (SELECT p.id FROM process p"
	"  WHERE p.pid = t.pid AND p.start_ts BETWEEN t.ts - " T5S " AND t.ts + " T5S
	"  ORDER BY p.start_ts, p.id LIMIT 1) AS process_id"
	" FROM t_task t WHERE t.eid = 129 AND t.pid IS NOT NULL;"
	"INSERT INTO process (image, pid, start_ts, start_record_id, origin,"
	" parent_basis, parent_confidence)"
	" SELECT image, pid, ts, record_id, 'taskscheduler',"
	" 'the Task Scheduler: TaskScheduler 129 records that it created this"
	" process for task ' || coalesce(task, '?'), 'high' FROM t_taskm"
	" WHERE process_id IS NULL ORDER BY ts, record_id;"
	"UPDATE t_taskm SET process_id = (SELECT p.id FROM process p"
	" WHERE p.start_record_id = t_taskm.record_id AND p.origin = 'taskscheduler')"
	" WHERE process_id IS NULL;"
	"UPDATE process SET parent_basis = 'the Task Scheduler: TaskScheduler 129"
	" records that it created this process for task ' || coalesce((SELECT"
	"  m.task FROM t_taskm m WHERE m.process_id = process.id), '?'),"
	" parent_confidence = 'high'"
	" WHERE parent_process_guid IS NULL AND parent_pid IS NULL"
	" AND parent_basis IS NULL"
	" AND id IN (SELECT process_id FROM t_taskm);"
	"INSERT OR IGNORE INTO process_record (process_id, record_id, role)"
	" SELECT process_id, record_id, 'Task Scheduler 129 (task process)'"
	" FROM t_taskm ORDER BY record_id;"
	/* 200 names the same run by task and time; 201 ends that instance. */
	"CREATE TEMP TABLE t_task200 AS SELECT a.record_id AS record_id,"
	" a.inst AS inst, (SELECT m.process_id FROM t_taskm m"
	"  WHERE m.task = a.task AND m.ts BETWEEN a.ts - " T5S " AND a.ts + " T5S
	"  ORDER BY m.ts, m.record_id LIMIT 1) AS process_id"
	" FROM t_task a WHERE a.eid = 200;"
	"INSERT OR IGNORE INTO process_record (process_id, record_id, role)"
	" SELECT process_id, record_id, 'Task Scheduler 200 (action started)'"
	" FROM t_task200 WHERE process_id IS NOT NULL ORDER BY record_id;"
	"CREATE TEMP TABLE t_task201 AS SELECT e.record_id AS record_id,"
	" e.ts AS ts, (SELECT b.process_id FROM t_task200 b WHERE b.inst = e.inst"
	"  AND b.process_id IS NOT NULL LIMIT 1) AS process_id"
	" FROM t_task e WHERE e.eid = 201 AND e.inst IS NOT NULL;"
	"UPDATE process SET end_ts = (SELECT min(e.ts) FROM t_task201 e"
	"  WHERE e.process_id = process.id),"
	" end_record_id = (SELECT e.record_id FROM t_task201 e"
	"  WHERE e.process_id = process.id ORDER BY e.ts LIMIT 1)"
	" WHERE end_ts IS NULL AND id IN (SELECT process_id FROM t_task201);"
	"INSERT OR IGNORE INTO process_record (process_id, record_id, role)"
	" SELECT process_id, record_id, 'end (Task Scheduler 201)' FROM t_task201"
	" WHERE process_id IS NOT NULL ORDER BY record_id;"
	"DROP TABLE t_task; DROP TABLE t_taskm; DROP TABLE t_task200;"
	"DROP TABLE t_task201" },

	{ "service starts",
	/*
	 * A service installed (System 7045: its ImagePath) that the Service
	 * Control Manager then started (7036 "entered the running state";
	 * param1 its display name, as 7045's ServiceName): a process of
	 * its own where no process event saw it, with the SCM as its starter.
	 * Drivers and services hosted in a shared svchost are not processes
	 * of their own (nor those of lsass).
	 */
	"CREATE TEMP TABLE t_svc AS SELECT x.service_name AS name,"
	" x.image AS cmd, " TS " AS ts,"
	" ltrim(CASE WHEN instr(lower(x.image), '.exe') > 0"
	"  THEN substr(x.image, 1, instr(lower(x.image), '.exe') + 3)"
	"  WHEN instr(x.image, ' ') > 0 THEN substr(x.image, 1, instr(x.image, ' ') - 1)"
	"  ELSE x.image END, '\"') AS image"
	" FROM evtx x WHERE x.event_id = 7045 AND x.service_name IS NOT NULL"
	" AND x.image IS NOT NULL AND lower(x.image) NOT LIKE '%.sys%'"
	" AND lower(x.image) NOT LIKE '%svchost.exe%-k%'"
	/* services hosted in the Local Security Authority's own process */
	" AND lower(x.image) NOT LIKE '%\\lsass.exe%';"
	"INSERT INTO process (image, command_line, start_ts, start_record_id,"
	" origin, parent_basis, parent_confidence)"
	" SELECT CASE WHEN lower(s.image) LIKE 'system32\\%'"
	"  THEN 'C:\\Windows\\' || s.image ELSE ct_expand_folders(s.image, NULL) END,"
	" s.cmd, " TS ", x.record_id, 'service',"
	" 'the Service Control Manager: System 7036 records that service '"
	"  || s.name || ' entered the running state', 'high'"
	" FROM evtx x JOIN t_svc s ON s.name = coalesce(x.service_name,"
	"  json_extract(" XDATA ", '$.param1')) AND " TS " >= s.ts"
	" WHERE EXISTS (SELECT 1 FROM t_svc) AND x.event_id = 7036"
	" AND x.provider = 'Service Control Manager'"
	" AND lower(coalesce(json_extract(" XDATA ", '$.param2'), '')) LIKE '%running%'"
	" AND NOT EXISTS (SELECT 1 FROM process p WHERE p.start_ts BETWEEN"
	"  " TS " - " T5S " AND " TS " + " T5S
	"  AND ct_basename(p.image) = ct_basename(s.image))"
	" GROUP BY x.record_id ORDER BY " TS ", x.record_id;"
	/* a constant test first: most hosts have no such start to scan for */
	"INSERT OR IGNORE INTO process_record (process_id, record_id, role)"
	" SELECT id, start_record_id, 'service start (System 7036)' FROM process"
	" WHERE EXISTS (SELECT 1 FROM t_svc) AND origin = 'service';"
	"DROP TABLE t_svc" },

	{ "powershell engine starts",
	/*
	 * Classic PowerShell events carry Execution ProcessID 0: match by PID
	 * when there is one, else by the host application being the command
	 * line of a process started in the minute before.
	 */
	"CREATE TEMP TABLE t_ps400 AS SELECT x.record_id AS record_id,"
	" " TS " AS ts, nullif(x.pid, 0) AS pid,"
	" x.host_application AS host FROM evtx x"
	" WHERE x.event_id = 400 AND x.channel = 'Windows PowerShell';"
	"CREATE TEMP TABLE t_ps400m AS SELECT a.*, (SELECT p.id FROM process p"
	"  WHERE p.start_ts BETWEEN a.ts - " T60S " AND a.ts + " T5S
	"  AND ((a.pid IS NOT NULL AND p.pid = a.pid)"
	"   OR (a.pid IS NULL AND p.command_line = a.host))"
	"  ORDER BY p.start_ts DESC, p.id LIMIT 1) AS process_id FROM t_ps400 a;"
	"INSERT INTO process (image, pid, command_line, start_ts,"
	" start_record_id, origin)"
	" SELECT 'powershell.exe', pid, host, ts, record_id, 'powershell-log'"
	" FROM t_ps400m WHERE process_id IS NULL ORDER BY ts, record_id;"
	"INSERT OR IGNORE INTO process_record (process_id, record_id, role)"
	" SELECT process_id, record_id, 'PowerShell engine start' FROM t_ps400m"
	" WHERE process_id IS NOT NULL ORDER BY record_id;"
	"INSERT OR IGNORE INTO process_record (process_id, record_id, role)"
	" SELECT id, start_record_id, 'start' FROM process"
	" WHERE origin = 'powershell-log';"
	"DROP TABLE t_ps400; DROP TABLE t_ps400m" },

	{ "prefetch runs",
	"CREATE TEMP TABLE t_pf AS"
	" SELECT p.record_id AS record_id, lower(p.executable) AS exe,"
	" CAST(j.value AS INTEGER) AS ts,"
	" (SELECT f.value FROM json_each(CASE WHEN json_valid(p.files)"
	"  THEN p.files ELSE '[]' END) f"
	"  WHERE ct_basename(f.value) = lower(p.executable) LIMIT 1) AS path"
	" FROM prefetch p, json_each(CASE WHEN json_valid(p.run_times)"
	"  THEN p.run_times ELSE json_array(p.last_run) END) j"
	" WHERE j.value IS NOT NULL;"
	"CREATE TEMP TABLE t_pbase AS SELECT id, ct_basename(image) AS base,"
	" start_ts FROM process WHERE image IS NOT NULL"
	" AND EXISTS (SELECT 1 FROM prefetch);"
	"CREATE INDEX t_pbase_i ON t_pbase(base, start_ts);"
	"CREATE TEMP TABLE t_pfm AS SELECT f.record_id, f.exe, f.ts, f.path,"
	" (SELECT b.id FROM t_pbase b WHERE b.base = f.exe"
	"  AND b.start_ts BETWEEN f.ts - " T60S " AND f.ts + " T5S
	"  ORDER BY b.start_ts DESC, b.id LIMIT 1) AS pid FROM t_pf f;"
	"INSERT OR IGNORE INTO process_record (process_id, record_id, role)"
	" SELECT pid, record_id, 'Prefetch run' FROM t_pfm"
	" WHERE pid IS NOT NULL ORDER BY ts, record_id;"
	/*
	 * A PowerShell engine start (400) is logged after the process began:
	 * the Prefetch run of the same process is its start, and names the
	 * image's folder, which the engine event does not.
	 */
	"UPDATE process SET start_ts = min(start_ts, (SELECT min(m.ts) FROM t_pfm m"
	"  WHERE m.pid = process.id)),"
	" image = coalesce((SELECT m.path FROM t_pfm m WHERE m.pid = process.id"
	"  AND m.path IS NOT NULL ORDER BY m.ts LIMIT 1), image)"
	" WHERE origin = 'powershell-log'"
	" AND id IN (SELECT pid FROM t_pfm WHERE pid IS NOT NULL);"
	"INSERT INTO process (image, start_ts, start_record_id, origin)"
	" SELECT coalesce(path, exe), ts, record_id, 'prefetch' FROM t_pfm"
	" WHERE pid IS NULL ORDER BY ts, record_id;"
	"INSERT OR IGNORE INTO process_record (process_id, record_id, role)"
	" SELECT id, start_record_id, 'Prefetch run' FROM process"
	" WHERE origin = 'prefetch';"
	"DROP TABLE t_pf; DROP TABLE t_pbase; DROP TABLE t_pfm" },

	{ "parent links",
	/* ProcessGuid -> the first process with it (ids follow start order). */
	"CREATE TEMP TABLE t_gmap AS SELECT process_guid AS g, min(id) AS id"
	" FROM process WHERE process_guid IS NOT NULL GROUP BY process_guid;"
	"CREATE UNIQUE INDEX t_gmap_g ON t_gmap(g);"
	"UPDATE process SET parent_id = (SELECT m.id FROM t_gmap m"
	" WHERE m.g = process.parent_process_guid AND m.id != process.id)"
	" WHERE parent_process_guid IS NOT NULL;"
	"UPDATE process SET parent_id = (SELECT q.id FROM process q"
	" WHERE q.pid = process.parent_pid AND q.start_ts <= process.start_ts"
	" AND (q.end_ts IS NULL OR q.end_ts >= process.start_ts - " T5S ")"
	" AND (process.parent_image IS NULL OR q.image IS NULL"
	"  OR ct_basename(q.image) = ct_basename(process.parent_image))"
	" AND q.id != process.id"
	" ORDER BY q.start_ts DESC, q.id DESC LIMIT 1)"
	" WHERE parent_id IS NULL AND parent_pid IS NOT NULL;"
	"UPDATE process SET parent_image = (SELECT q.image FROM process q"
	" WHERE q.id = process.parent_id)"
	" WHERE parent_image IS NULL AND parent_id IS NOT NULL" },

	{ "process activity",
	/* Rows in time order, so the insert below needs no sort. */
	"CREATE TEMP TABLE t_act AS SELECT * FROM (SELECT"
	" x.record_id AS record_id, " TS " AS ts, x.process_guid AS guid,"
	" x.process_id AS pid,"
	" x.image AS image,"
	" CASE WHEN x.event_id IN (3, 5156) THEN 'connect'"
	"  WHEN x.event_id = 22 THEN 'dns'"
	"  WHEN x.event_id IN (11, 15) THEN 'file-write'"
	"  ELSE 'file-delete' END AS kind,"
	" CASE WHEN x.event_id IN (3, 5156) THEN"
	"  x.dst_ip || ':' || coalesce(x.dst_port, '')"
	"  WHEN x.event_id = 22 THEN x.dns_query ELSE x.target_file END"
	"  AS target,"
	" CASE WHEN x.event_id IN (3, 5156) THEN x.dst_host"
	"  WHEN x.event_id = 15 THEN x.url ELSE NULL END AS detail"
	" FROM evtx x WHERE (" SYSMON " AND x.event_id IN (3, 11, 15, 22, 23, 26))"
	" OR (x.channel = 'Security' AND x.event_id = 5156"
	"  AND coalesce(x.direction, 'outbound') = 'outbound')"
	/* BITS transfers (59), owned by the process that created the job (3). */
	" UNION ALL SELECT t.record_id, " "coalesce(t.created, t.written)" ","
	"  NULL, j.process_id, j.image, 'bits', t.url, t.job_name"
	" FROM evtx t JOIN evtx j ON j.event_id = 3"
	"  AND j.channel = 'Microsoft-Windows-Bits-Client/Operational'"
	"  AND j.job_id = t.job_id"
	" WHERE t.event_id = 59"
	"  AND t.channel = 'Microsoft-Windows-Bits-Client/Operational'"
	") ORDER BY ts, record_id;"
	/* Job owners no process event saw: a process of their own. */
	"INSERT INTO process (image, pid, start_ts, start_record_id, origin)"
	" SELECT j.image, j.process_id,"
	" min(coalesce(j.created, j.written)), min(j.record_id), 'bits'"
	" FROM evtx j WHERE j.event_id = 3"
	" AND j.channel = 'Microsoft-Windows-Bits-Client/Operational'"
	" AND j.image IS NOT NULL"
	" AND NOT EXISTS (SELECT 1 FROM process p"
	"  WHERE p.pid = j.process_id"
	"  AND p.start_ts <= coalesce(j.created, j.written) + " T5S
	"  AND (p.end_ts IS NULL OR p.end_ts >= coalesce(j.created, j.written) - " T5S ")"
	"  AND ct_basename(p.image) = ct_basename(j.image))"
	" GROUP BY j.process_id, lower(j.image)"
	" ORDER BY min(coalesce(j.created, j.written)), min(j.record_id);"
	"INSERT OR IGNORE INTO process_record (process_id, record_id, role)"
	" SELECT id, start_record_id, 'BITS job' FROM process WHERE origin = 'bits';"
	/* Processes seen only through their activity (started before logging). */
	"INSERT INTO process (image, pid, process_guid, start_ts,"
	" start_record_id, origin)"
	" SELECT a.image, a.pid, a.guid, min(a.ts), min(a.record_id),"
	" 'sysmon-activity' FROM t_act a WHERE a.guid IS NOT NULL"
	" AND NOT EXISTS (SELECT 1 FROM process p WHERE p.process_guid = a.guid)"
	" GROUP BY a.guid ORDER BY min(a.ts), a.guid;"
	"INSERT OR IGNORE INTO t_gmap SELECT process_guid, id FROM process"
	" WHERE origin = 'sysmon-activity';"
	"INSERT INTO process_activity (process_id, record_id, ts, kind, target,"
	" detail)"
	" SELECT coalesce(m.id,"
	" (SELECT p.id FROM process p WHERE p.pid = a.pid"
	"  AND p.start_ts <= a.ts + " T5S
	"  AND (p.end_ts IS NULL OR p.end_ts >= a.ts - " T5S ")"
	"  AND (a.image IS NULL OR p.image IS NULL"
	"   OR ct_basename(p.image) = ct_basename(a.image))"
	"  ORDER BY p.start_ts DESC, p.id DESC LIMIT 1)) AS process_id,"
	" a.record_id, a.ts, a.kind, a.target, a.detail FROM t_act a"
	" LEFT JOIN t_gmap m ON m.g = a.guid"
	" WHERE process_id IS NOT NULL ORDER BY a.rowid;"
	"DROP TABLE t_act; DROP TABLE t_gmap" },
};

enum ct_status
an_build_processes(struct an_ctx *x)
{
	return an_exec_steps(x, steps, CT_ARRAY_SIZE(steps));
}
