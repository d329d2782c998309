#!/bin/sh
# t3004-analyze-default-logging.sh - the process model on a host without
# Sysmon and without process-creation auditing, on fixtures: executions from
# Prefetch, BAM, UserAssist and the TaskCache merged into one process each;
# parents inferred from the file system and run times, each with its reasons
# and confidence (process-infer.c), and the look-alikes that must stay
# unlinked; self-deletion inferred from cmd.exe + ping.exe and the journal.
. "$TOP_SRCDIR/tests/t/lib.sh"
. "$TOP_SRCDIR/tests/t/analysis-fixture.sh"

# The base name of a Windows path column, in SQL.
bn() {
	printf "replace(%s, rtrim(%s, replace(%s, '%s', '')), '')" "$1" "$1" "$1" '\'
}

# 2024-03-13 14:00:00 UTC in FILETIME ticks; offsets below in 0.1 s.
T0=133548120000000000

# dl_case CASE SQL: an empty case with Prefetch, journal and hive sources,
# then SQL; the helpers pf/usn/mft/art are SQL views over staging tables.
dl_case() {
	fx_case "$1" &&
	sqlite3 -bail "$1" <<SQL
INSERT INTO source (id, kind, path, status, tool_version, added_at) VALUES
  (106, 'prefetch', 'Prefetch', 'ok', 'test', 0),
  (107, 'hive', 'SYSTEM', 'ok', 'test', 0);
CREATE TABLE stage_pf (rid INTEGER, exe TEXT, path TEXT, runs TEXT);
CREATE TABLE stage_usn (rid INTEGER, t INTEGER, reasons TEXT, path TEXT, inode INTEGER);
CREATE TABLE stage_mft (rid INTEGER, path TEXT, crt INTEGER, allocated INTEGER, zone INTEGER);
CREATE TABLE stage_art (rid INTEGER, kind TEXT, path TEXT, t INTEGER, sid TEXT, name TEXT, data TEXT);
$2
INSERT INTO record (id, source_id, type, locator, flags, summary)
  SELECT rid, 106, 'prefetch', exe || '.pf', 0, exe || ' ran' FROM stage_pf
  UNION ALL SELECT rid, 103, 'usn', 'USN ' || rid, 0, reasons FROM stage_usn
  UNION ALL SELECT rid, 103, 'file', 'MFT ' || rid, 1 - allocated, path FROM stage_mft
  UNION ALL SELECT rid, 107, 'artefact', kind, 0, kind FROM stage_art;
INSERT INTO prefetch (record_id, executable, run_count, last_run, run_times, files)
  SELECT rid, exe, json_array_length(runs),
    (SELECT max($T0 + value * 1000000) FROM json_each(runs)),
    (SELECT json_group_array($T0 + value * 1000000) FROM json_each(runs)),
    json_array(path) FROM stage_pf;
INSERT INTO usn (record_id, usn, major, ts, file_inode, file_seq, reason, reasons, name, path)
  SELECT rid, rid * 100, 2, $T0 + t * 1000000, inode, 1, 0, reasons,
    replace(path, rtrim(path, replace(path, '/', '')), ''), path FROM stage_usn;
INSERT INTO file (record_id, fs_type, path, name, inode, seq, type, size, allocated, si_crtime, zone_id)
  SELECT rid, 'ntfs', path, replace(path, rtrim(path, replace(path, '/', '')), ''),
    rid, 1, 'file', 1000, allocated, $T0 + crt * 1000000, zone FROM stage_mft;
INSERT INTO artefact (record_id, kind, path, time, user_sid, user_name, name, executed, data)
  SELECT rid, kind, path, CASE WHEN t IS NULL THEN NULL ELSE $T0 + t * 1000000 END,
    sid, CASE WHEN kind = 'profile' THEN name END, CASE WHEN kind != 'profile' THEN name END, CASE WHEN kind IN ('bam', 'userassist') THEN 1 END, data FROM stage_art;
INSERT INTO event (record_id, ts, ts_desc)
  SELECT record_id, last_run, 'program run' FROM prefetch
  UNION ALL SELECT record_id, ts, 'USN change' FROM usn
  UNION ALL SELECT record_id, si_crtime, 'SI created' FROM file
  UNION ALL SELECT record_id, time, 'key written' FROM artefact WHERE time IS NOT NULL;
DROP TABLE stage_pf; DROP TABLE stage_usn; DROP TABLE stage_mft; DROP TABLE stage_art;
SQL
}

UPD_PF='\VOLUME{01d9e6e43c882e70-82d45b97}\PROGRAM FILES (X86)\QUILLEDIT\QEUPDATE.EXE'
DROP_PF='\VOLUME{01d9e6e43c882e70-82d45b97}\USERS\JDOE\APPDATA\LOCAL\TEMP\QEUPD\DROP.EXE'
CMD_PF='\VOLUME{01d9e6e43c882e70-82d45b97}\WINDOWS\SYSTEM32\CMD.EXE'
PING_PF='\VOLUME{01d9e6e43c882e70-82d45b97}\WINDOWS\SYSTEM32\PING.EXE'
PS_PF='\VOLUME{01d9e6e43c882e70-82d45b97}\WINDOWS\SYSTEM32\WINDOWSPOWERSHELL\V1.0\POWERSHELL.EXE'
SID='S-1-5-21-1-2-3-1104'

# The attack without logs: updater at 0 s (Task Scheduler), drop.exe
# created at 133 s and run at 135 s, PowerShell at 137 s, cmd + ping at
# 145 s, the journal's delete at 147 s.
ATTACK="
INSERT INTO stage_pf VALUES
  (1, 'QEUPDATE.EXE', '$UPD_PF', '[0]'),
  (2, 'DROP.EXE', '$DROP_PF', '[1350]'),
  (3, 'POWERSHELL.EXE', '$PS_PF', '[1370]'),
  (4, 'CMD.EXE', '$CMD_PF', '[1452]'),
  (5, 'PING.EXE', '$PING_PF', '[1453]');
INSERT INTO stage_usn VALUES
  (10, 1332, 'FILE_CREATE', '/Users/jdoe/AppData/Local/Temp/QEUpd/drop.exe', 900),
  (11, 1339, 'DATA_EXTEND|FILE_CREATE|CLOSE', '/Users/jdoe/AppData/Local/Temp/QEUpd/drop.exe', 900),
  (12, 1475, 'FILE_DELETE|CLOSE', '/Users/jdoe/AppData/Local/Temp/QEUpd/drop.exe', 900);
INSERT INTO stage_mft VALUES
  (20, '/Program Files (x86)/QuillEdit/QEUpdate.exe', -90000000, 1, NULL),
  (21, '/Users/jdoe/AppData/Local/Temp/QEUpd/drop.exe', 1332, 0, NULL),
  (22, '/Windows/System32/cmd.exe', -90000000, 1, NULL),
  (23, '/Windows/System32/PING.EXE', -90000000, 1, NULL),
  (24, '/Windows/System32/WindowsPowerShell/v1.0/powershell.exe', -90000000, 1, NULL);
INSERT INTO stage_art VALUES
  (30, 'taskcache', 'C:\Program Files (x86)\QuillEdit\QEUpdate.exe', 5, NULL, '\QuillEdit\Update', '{\"last_run\": $T0}'),
  (31, 'bam', '\Device\HarddiskVolume1\Users\jdoe\AppData\Local\Temp\QEUpd\drop.exe', 1350, '$SID', NULL, NULL),
  (32, 'profile', 'C:\Users\jdoe', NULL, '$SID', 'jdoe', NULL);"

test_expect_success 'executions from Prefetch, BAM and the TaskCache: one process each, on C:' '
	dl_case a.db "$ATTACK" &&
	casetrail analyze a.db >out &&
	sql a.db "SELECT image FROM process ORDER BY start_ts" >images &&
	cat images &&
	cat >want <<-\EOF &&
	C:\Program Files (x86)\QuillEdit\QEUpdate.exe
	C:\Users\jdoe\AppData\Local\Temp\QEUpd\drop.exe
	C:\Windows\System32\WindowsPowerShell\v1.0\powershell.exe
	C:\Windows\System32\cmd.exe
	C:\Windows\System32\PING.EXE
	EOF
	test_cmp want images &&
	test "$(sql a.db "SELECT group_concat(role, \",\") FROM (SELECT role FROM process_record r JOIN process p ON p.id = r.process_id WHERE p.image LIKE \"%drop.exe\" ORDER BY role)")" = "BAM entry (last run),Prefetch run" &&
	test "$(sql a.db "SELECT user_name FROM process WHERE image LIKE \"%drop.exe\"")" = jdoe
'

test_expect_success 'parents inferred, each with its reasons and confidence' '
	sql a.db "SELECT $(bn ct.image) || \"|\" || coalesce($(bn q.image), \"-\") || \"|\" || coalesce(ct.parent_confidence, \"-\") FROM process ct LEFT JOIN process q ON q.id = ct.parent_id ORDER BY ct.start_ts" >tree &&
	cat tree &&
	cat >want <<-\EOF &&
	QEUpdate.exe|-|high
	drop.exe|QEUpdate.exe|medium
	powershell.exe|drop.exe|medium
	cmd.exe|drop.exe|medium
	PING.EXE|cmd.exe|low
	EOF
	test_cmp want tree &&
	sql a.db "SELECT parent_basis FROM process ORDER BY start_ts" >basis &&
	cat basis &&
	test_grep "^the Task Scheduler: the TaskCache records the last run of task .QuillEdit.Update at 2024-03-13 14:00:00 UTC$" basis &&
	test_grep "^its file was created (USN journal FILE_CREATE) 2 min 13 s after the updater QEUpdate.exe started, and it ran 1.8 s later$" basis &&
	test_grep "^drop.exe had started 2.0 s earlier from a user-writable folder (its file written 1.8 s before that) and was still running: its file was deleted only 10.5 s later" basis &&
	test_grep "^cmd.exe started 0.1 s before it" basis
'

test_expect_success 'the chain without logs: updater, file, start, PowerShell, self-deletion' '
	sql a.db "SELECT rule || \"|\" || severity || \"|\" || confidence FROM finding WHERE id IN (SELECT finding_id FROM chain_step) ORDER BY first_ts, id" >chain &&
	cat chain &&
	cat >want <<-\EOF &&
	updater-run|high|high
	updater-download|high|medium
	updater-started-download|high|medium
	self-deletion|high|medium
	EOF
	test_cmp want chain &&
	sql a.db "SELECT text FROM narrative ORDER BY chain_id, seq" >story &&
	cat story &&
	test_grep "^At 2024-03-13 14:00:00 UTC the Task Scheduler started the QuillEdit updater QEUpdate.exe" story &&
	test_grep "drop.exe appeared in C:.Users.jdoe.AppData.Local.Temp.QEUpd., a user-writable folder, during the run of the QuillEdit updater QEUpdate.exe (USN journal FILE_CREATE; no log records the writer)" story &&
	test_grep "no log records who started drop.exe: its file was created" story &&
	test_grep "drop.exe started cmd.exe and PING.EXE, the wait-then-delete idiom of a program removing itself (inferred from run times: no process-creation log)" story &&
	test_grep "the USN journal records the deletion of C:.Users.jdoe.AppData.Local.Temp.QEUpd.drop.exe; MFT entry 21 still holds it" story
'

test_expect_success 'file lifecycle without logs: created in the updater run, run once, deleted, recovered' '
	sql a.db "SELECT created_how || \"|\" || $(bn "(SELECT image FROM process WHERE id = writer_process_id)") || \"|\" || writer_confidence || \"|\" || runs || \"|\" || deleted_how || \"|\" || coalesce(deleter_process_id, \"-\") || \"|\" || allocated FROM file_lifecycle WHERE path LIKE \"%drop.exe\"" >lc &&
	test "$(cat lc)" = "USN journal FILE_CREATE|QEUpdate.exe|medium|1|USN journal FILE_DELETE|-|0" &&
	sql a.db "SELECT writer_basis FROM file_lifecycle WHERE path LIKE \"%drop.exe\"" >wb &&
	test_grep "^inferred, as the starter of its first run: its file was created (USN journal FILE_CREATE) 2 min 13 s after the updater QEUpdate.exe started, and it ran 1.8 s later$" wb &&
	test "$(sql a.db "SELECT path || \"|\" || runs || \"|\" || coalesce(created_ts, \"-\") FROM file_lifecycle WHERE path LIKE \"%cmd.exe\"")" = "C:\Windows\System32\cmd.exe|1|-"
'

test_expect_success 'file lifecycle with Sysmon: the writer and the deleter as logged' '
	fx_reference r.db &&
	casetrail analyze r.db >out &&
	sql r.db "SELECT created_how || \"|\" || $(bn "(SELECT image FROM process WHERE id = writer_process_id)") || \"|\" || writer_confidence || \"|\" || coalesce(writer_basis, \"logged\") || \"|\" || runs || \"|\" || deleted_how || \"|\" || $(bn "(SELECT image FROM process WHERE id = deleter_process_id)") || \"|\" || allocated || \"|\" || content FROM file_lifecycle WHERE path LIKE \"%qeupdate_helper.exe\"" >lc &&
	test "$(cat lc)" = "Sysmon file creation|QEUpdate.exe|high|logged|1|Sysmon file deletion|cmd.exe|0|recovered" &&
	test "$(sql r.db "SELECT count(*) FROM file_lifecycle WHERE path LIKE \"%QuillEdit_patch_3.2.1.exe\" AND runs = 1 AND deleted_how = \"Sysmon file deletion\"")" = 1
'

test_expect_success 'file lifecycle: a download renamed into place, written, run, renamed away' '
	dl_case n.db "
	INSERT INTO stage_pf VALUES
	  (1, \"X.EXE\", \"\\VOLUME{1}\\USERS\\JDOE\\DOWNLOADS\\X.EXE\", \"[50]\");
	INSERT INTO stage_usn VALUES
	  (10, 0, \"FILE_CREATE\", \"/Users/jdoe/Downloads/x.tmp\", 950),
	  (11, 10, \"DATA_EXTEND|FILE_CREATE\", \"/Users/jdoe/Downloads/x.tmp\", 950),
	  (12, 20, \"RENAME_OLD_NAME\", \"/Users/jdoe/Downloads/x.tmp\", 950),
	  (13, 20, \"RENAME_NEW_NAME\", \"/Users/jdoe/Downloads/x.exe\", 950),
	  (14, 100, \"RENAME_OLD_NAME\", \"/Users/jdoe/Downloads/x.exe\", 950),
	  (15, 100, \"RENAME_NEW_NAME\", \"/Users/jdoe/Downloads/y.txt\", 950);" &&
	casetrail analyze n.db >out &&
	test "$(sql n.db "SELECT created_how || \"|\" || renamed_from || \"|\" || (modified_ts - created_ts) || \"|\" || runs || \"|\" || deleted_how || \"|\" || renamed_to FROM file_lifecycle WHERE np = \"/users/jdoe/downloads/x.exe\"")" = "USN journal RENAME_NEW_NAME|/Users/jdoe/Downloads/x.tmp|-10000000|1|USN journal RENAME_OLD_NAME|/Users/jdoe/Downloads/y.txt"
'

test_expect_success 'look-alikes stay unlinked: downloaded by a browser, updater long before, old program, late ping' '
	dl_case b.db "
	INSERT INTO stage_pf VALUES
	  (1, \"QEUPDATE.EXE\", \"$UPD_PF\", \"[0]\"),
	  (2, \"SETUP.EXE\", \"\\VOLUME{1}\\USERS\\JDOE\\DOWNLOADS\\SETUP.EXE\", \"[1350]\"),
	  (3, \"LATE.EXE\", \"\\VOLUME{1}\\USERS\\JDOE\\APPDATA\\LOCAL\\TEMP\\LATE.EXE\", \"[30000]\"),
	  (4, \"TEAMS.EXE\", \"\\VOLUME{1}\\USERS\\JDOE\\APPDATA\\LOCAL\\MICROSOFT\\TEAMS\\TEAMS.EXE\", \"[40000]\"),
	  (5, \"POWERSHELL.EXE\", \"$PS_PF\", \"[40100]\"),
	  (6, \"CMD.EXE\", \"$CMD_PF\", \"[50000]\"),
	  (7, \"PING.EXE\", \"$PING_PF\", \"[50100]\");
	INSERT INTO stage_mft VALUES
	  (20, \"/Users/jdoe/Downloads/setup.exe\", 1300, 1, 3),
	  (21, \"/Users/jdoe/AppData/Local/Temp/late.exe\", 29990, 1, NULL),
	  (22, \"/Users/jdoe/AppData/Local/Microsoft/Teams/Teams.exe\", -5000000, 1, NULL);" &&
	casetrail analyze b.db >out &&
	test "$(sql b.db "SELECT count(*) FROM process WHERE parent_id IS NOT NULL OR parent_basis IS NOT NULL")" = 0 &&
	test "$(sql b.db "SELECT count(*) FROM finding WHERE severity IN (\"medium\", \"high\", \"critical\")")" = 0
'

test_expect_success 'a shell after a dropped program that was not deleted: low, timing alone' '
	dl_case c.db "
	INSERT INTO stage_pf VALUES
	  (1, \"DROP.EXE\", \"$DROP_PF\", \"[100]\"),
	  (2, \"CMD.EXE\", \"$CMD_PF\", \"[300]\");
	INSERT INTO stage_mft VALUES
	  (20, \"/Users/jdoe/AppData/Local/Temp/QEUpd/drop.exe\", 50, 1, NULL);" &&
	casetrail analyze c.db >out &&
	test "$(sql c.db "SELECT parent_confidence || \"|\" || parent_basis FROM process WHERE image LIKE \"%cmd.exe\"")" = "low|drop.exe had started 20.0 s earlier from a user-writable folder (its file written 5.0 s before that); timing alone" &&
	test "$(sql c.db "SELECT count(*) FROM finding WHERE rule = \"self-deletion\"")" = 0
'

test_expect_success 'a logged parent is never replaced by an inferred one' '
	dl_case d.db "$ATTACK" &&
	fx_sql d.db <<-SQL &&
	INSERT INTO ev (rid, ts, src, eid, chan, image, cmd, pid, pimage, ppid) VALUES
	 (90, "2024-03-13 14:02:17.0000000", 102, 4688, "Security", "$FX_PS", "powershell.exe -c Get-Date", 7012, "C:\Windows\explorer.exe", 2000);
	SQL
	casetrail analyze d.db >out &&
	test "$(sql d.db "SELECT coalesce(parent_basis, \"logged\") || \"|\" || parent_pid FROM process WHERE origin = \"security\"")" = "logged|2000"
'

test_expect_success 'UserAssist known folders (and XP UEME_RUNPATH:) expand, and join the BAM entry of the same run' '
	dl_case e.db "
	INSERT INTO stage_mft VALUES (20, \"/Program Files/Tool/tool.exe\", -9000000, 1, NULL);
	INSERT INTO stage_art VALUES
	  (30, \"bam\", \"\\Device\\HarddiskVolume3\\Program Files\\Tool\\tool.exe\", 100, \"$SID\", NULL, NULL),
	  (31, \"userassist\", \"%PROGRAMFILES%\\Tool\\tool.exe\", 100, \"$SID\", NULL, NULL),
	  (32, \"userassist\", \"%USERPROFILE%\\Desktop\\x.exe\", 200, \"$SID\", NULL, NULL),
	  (34, \"userassist\", \"UEME_RUNPATH:C:\\Program Files\\Tool\\tool.exe\", 101, \"$SID\", NULL, NULL),
	  (33, \"profile\", \"C:\\Users\\jdoe\", NULL, \"$SID\", \"jdoe\", NULL);" &&
	casetrail analyze e.db >out &&
	sql e.db "SELECT image || \"|\" || origin || \"|\" || (SELECT count(*) FROM process_record r WHERE r.process_id = process.id) FROM process ORDER BY start_ts" >procs &&
	cat procs &&
	cat >want <<-\EOF &&
	C:\Program Files\Tool\tool.exe|bam|3
	C:\Users\jdoe\Desktop\x.exe|userassist|1
	EOF
	test_cmp want procs
'

test_expect_success 'a service installed then started: a process, the Service Control Manager its starter' '
	fx_case g.db &&
	sqlite3 -bail g.db "
	  INSERT INTO source (id, kind, path, status, tool_version, added_at) VALUES
	    (110, \"evtx\", \"System.evtx\", \"ok\", \"test\", 0);
	  INSERT INTO record (id, source_id, type, locator, summary) VALUES
	    (1, 110, \"evtx\", \"record 1\", \"7045\"), (2, 110, \"evtx\", \"record 2\", \"7036\"),
	    (3, 110, \"evtx\", \"record 3\", \"7045\"), (4, 110, \"evtx\", \"record 4\", \"7036\");
	  INSERT INTO evtx (record_id, record_number, created, event_id, provider, channel, service_name, image, data) VALUES
	    (1, 1, 133548120000000000, 7045, \"Service Control Manager\", \"System\", \"Updater Svc\",
	      \"\"\"C:\\Users\\Public\\upd.exe\"\" -run\", \"{}\"),
	    (2, 2, 133548120010000000, 7036, \"Service Control Manager\", \"System\", NULL, NULL,
	      json_object(\"param1\", \"Updater Svc\", \"param2\", \"running\")),
	    (3, 3, 133548120020000000, 7045, \"Service Control Manager\", \"System\", \"Shared Svc\",
	      \"%SystemRoot%\\system32\\svchost.exe -k netsvcs\", \"{}\"),
	    (4, 4, 133548120030000000, 7036, \"Service Control Manager\", \"System\", NULL, NULL,
	      json_object(\"param1\", \"Shared Svc\", \"param2\", \"running\"));" &&
	casetrail analyze g.db >out &&
	test "$(sql g.db "SELECT image || \"|\" || command_line || \"|\" || start_ts || \"|\" || parent_confidence FROM process WHERE origin = \"service\"")" = "C:\Users\Public\upd.exe|\"C:\Users\Public\upd.exe\" -run|133548120010000000|high" &&
	test "$(sql g.db "SELECT parent_basis FROM process WHERE origin = \"service\"")" = "the Service Control Manager: System 7036 records that service Updater Svc entered the running state"
'

test_expect_success 'TaskScheduler 129/200/201: the task process, its starter and its end' '
	fx_case f.db &&
	fx_sql f.db <<-\SQL &&
	INSERT INTO ev (rid, ts, src, eid, chan, pid, data) VALUES
	 (80, "2024-03-13 09:00:00.0000000", 105, 129, "Microsoft-Windows-TaskScheduler/Operational", 4444, json_object("TaskName", "\Evil\Task", "Path", "C:\Users\jdoe\AppData\Roaming\evil.exe", "ProcessID", "4444")),
	 (81, "2024-03-13 09:00:00.1000000", 105, 200, "Microsoft-Windows-TaskScheduler/Operational", NULL, json_object("TaskName", "\Evil\Task", "ActionName", "C:\Users\jdoe\AppData\Roaming\evil.exe", "TaskInstanceId", "{I1}")),
	 (82, "2024-03-13 09:00:30.0000000", 105, 201, "Microsoft-Windows-TaskScheduler/Operational", NULL, json_object("TaskName", "\Evil\Task", "ActionName", "C:\Users\jdoe\AppData\Roaming\evil.exe", "TaskInstanceId", "{I1}", "ResultCode", "0")),
	 (83, "2024-03-13 09:10:00.0000000", 105, 129, "Microsoft-Windows-TaskScheduler/Operational", 5555, json_object("TaskName", "\Corp\Inventory", "Path", "C:\Windows\System32\cmd.exe", "ProcessID", "5555"));
	INSERT INTO ev (rid, ts, src, eid, chan, image, cmd, pid, pimage, ppid) VALUES
	 (84, "2024-03-13 09:10:00.0000000", 102, 4688, "Security", "C:\Windows\System32\cmd.exe", "cmd /c inventory.cmd", 5555, "C:\Windows\System32\svchost.exe", 1000);
	SQL
	casetrail analyze f.db >out &&
	sql f.db "SELECT image || \"|\" || pid || \"|\" || origin || \"|\" || coalesce(parent_confidence, \"-\") || \"|\" || coalesce(end_ts - start_ts, \"-\") || \"|\" || (SELECT group_concat(role, \",\") FROM (SELECT role FROM process_record r WHERE r.process_id = process.id ORDER BY role)) FROM process ORDER BY start_ts" >procs &&
	cat procs &&
	cat >want <<-\EOF &&
	C:\Users\jdoe\AppData\Roaming\evil.exe|4444|taskscheduler|high|300000000|Task Scheduler 129 (task process),Task Scheduler 200 (action started),end (Task Scheduler 201)
	C:\Windows\System32\cmd.exe|5555|security|-|-|Task Scheduler 129 (task process),start
	EOF
	test_cmp want procs &&
	test "$(sql f.db "SELECT parent_basis FROM process WHERE pid = 4444")" = "the Task Scheduler: TaskScheduler 129 records that it created this process for task \\Evil\\Task"
'

test_done
