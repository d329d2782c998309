#!/bin/sh
# t3005-analyze-credentials-defender.sh - casetrail's own rules for
# credential access and what the host's own defences saw: lsass memory read
# (Sysmon 10), password guessing (Security 4625 bursts), Defender
# detections (1116/1117), system program names run from user folders, and
# the PowerShell signs that are decisive on their own (credential theft,
# Kerberoasting, Defender tampering, offensive frameworks, code from paste
# sites), with the pipeline lines of Windows PowerShell 800 read as the
# commands of their process. On fixtures with the look-alikes that must stay
# out, and on the real attack and benign logs of ../shared/corpus-ext.
. "$TOP_SRCDIR/tests/t/lib.sh"
. "$TOP_SRCDIR/tests/t/analysis-fixture.sh"

CX=$SHARED_DIR/corpus-ext

# run_log NAME: `casetrail run` on a copy of ../shared/corpus-ext/NAME.evtx
# into NAME-out (a flat name); prints the case file's path.
run_log() {
	d=$(echo "$1" | tr '/' '_')
	cp "$CX/$1.evtx" "$d.evtx" &&
	{ casetrail run -q -o "$d-out" "$d.evtx" >/dev/null 2>&1 || test $? -eq 1; } &&
	echo "$d-out/case.db"
}

# above CASE: "rule|severity" of every finding of medium or above, sorted.
above() {
	sql "$1" "SELECT DISTINCT rule || \"|\" || severity FROM finding WHERE severity IN (\"medium\", \"high\", \"critical\") ORDER BY 1"
}

test_expect_success 'lsass read by PowerShell: high; queries, the system and Process Monitor stay out' '
	fx_case l.db &&
	fx_sql l.db <<-\SQL &&
	INSERT INTO ev (rid, ts, src, eid, chan, image, cmd, pid, guid) VALUES
	 (1, "2024-03-13 10:00:00.0000000", 101, 1, "S", "C:\Windows\System32\WindowsPowerShell\v1.0\powershell.exe", "powershell.exe", 1200, "{ps}");
	INSERT INTO ev (rid, ts, src, eid, chan, data) VALUES
	 (2, "2024-03-13 10:00:05.0000000", 101, 10, "S", json_object("SourceProcessGUID", "{ps}", "SourceProcessId", "1200", "SourceImage", "C:\Windows\System32\WindowsPowerShell\v1.0\powershell.exe", "TargetImage", "C:\Windows\system32\lsass.exe", "TargetProcessId", "640", "GrantedAccess", "0x1010")),
	 (3, "2024-03-13 10:00:06.0000000", 101, 10, "S", json_object("SourceProcessGUID", "{svc}", "SourceImage", "C:\Windows\system32\svchost.exe", "TargetImage", "C:\Windows\system32\lsass.exe", "GrantedAccess", "0x1410")),
	 (4, "2024-03-13 10:00:07.0000000", 101, 10, "S", json_object("SourceProcessGUID", "{q}", "SourceImage", "C:\Tools\query.exe", "TargetImage", "C:\Windows\system32\lsass.exe", "GrantedAccess", "0x1000")),
	 (5, "2024-03-13 10:00:08.0000000", 101, 10, "S", json_object("SourceProcessGUID", "{pm}", "SourceImage", "C:\Users\a\AppData\Local\Temp\Procmon64.exe", "TargetImage", "C:\Windows\system32\lsass.exe", "GrantedAccess", "0x1fffff")),
	 (6, "2024-03-13 10:00:09.0000000", 101, 10, "S", json_object("SourceProcessGUID", "{x}", "SourceImage", "C:\Tools\x.exe", "TargetImage", "C:\Windows\system32\notlsass.exe", "GrantedAccess", "0x1fffff"));
	SQL
	casetrail analyze l.db >out &&
	sql l.db "SELECT severity || \"|\" || title FROM finding WHERE rule = \"lsass-access\" ORDER BY first_ts" >f &&
	cat >want <<-\EOF &&
	high|powershell.exe read the memory of lsass.exe
	low|procmon64.exe read the memory of lsass.exe
	EOF
	test_cmp want f &&
	test "$(sql l.db "SELECT group_concat(e.record_id) FROM (SELECT e.record_id FROM finding_evidence e JOIN finding f ON f.id = e.finding_id WHERE f.rule = \"lsass-access\" AND f.severity = \"high\" ORDER BY 1) e")" = "1,2" &&
	test "$(sql l.db "SELECT attack FROM finding WHERE rule = \"lsass-access\" AND severity = \"high\"")" = T1003.001
'

test_expect_success 'password guessing: a burst is medium, a success after it high, a few failures nothing' '
	fx_case p.db &&
	sqlite3 -bail p.db "
	  WITH RECURSIVE n(v) AS (SELECT 1 UNION ALL SELECT v + 1 FROM n WHERE v < 30)
	  INSERT INTO record (id, source_id, type, locator, summary)
	    SELECT 100 + v, 102, \"evtx\", \"record \" || v, \"4625\" FROM n;
	  WITH RECURSIVE n(v) AS (SELECT 1 UNION ALL SELECT v + 1 FROM n WHERE v < 30)
	  INSERT INTO evtx (record_id, record_number, created, event_id, provider, channel, src_ip, user_name, data)
	    SELECT 100 + v, v, 133548120000000000 + v * 10000000, 4625,
	      \"Microsoft-Windows-Security-Auditing\", \"Security\",
	      CASE WHEN v <= 25 THEN \"10.0.0.66\" ELSE \"10.0.0.7\" END, \"CORP\\admin\", \"{}\"
	    FROM n;
	  INSERT INTO record (id, source_id, type, locator, summary) VALUES (200, 102, \"evtx\", \"record 200\", \"4624\");
	  INSERT INTO evtx (record_id, record_number, created, event_id, provider, channel, src_ip, user_name, logon_type, data)
	    VALUES (200, 200, 133548120400000000, 4624, \"Microsoft-Windows-Security-Auditing\", \"Security\", \"10.0.0.66\", \"CORP\\admin\", 3, \"{}\");" &&
	casetrail analyze p.db >out &&
	sql p.db "SELECT severity || \"|\" || title FROM finding WHERE rule = \"password-guessing\"" >f &&
	test "$(cat f)" = "high|25 failed logons from 10.0.0.66, then a successful one" &&
	test "$(sql p.db "SELECT count(*) FROM finding_evidence e JOIN finding f ON f.id = e.finding_id WHERE f.rule = \"password-guessing\" AND e.record_id = 200")" = 1
'

test_expect_success 'system program names from user folders: svchost high, consent medium, System32 nothing' '
	fx_case m.db &&
	fx_sql m.db <<-\SQL &&
	INSERT INTO ev (rid, ts, src, eid, chan, image, cmd, pid, guid) VALUES
	 (1, "2024-03-13 10:00:00.0000000", 101, 1, "S", "C:\Users\Public\svchost.exe", "svchost.exe -k x", 100, "{a}"),
	 (2, "2024-03-13 10:00:01.0000000", 101, 1, "S", "C:\Users\den\AppData\Local\Temp\IDC1.tmp\consent.exe", "consent.exe", 101, "{b}"),
	 (3, "2024-03-13 10:00:02.0000000", 101, 1, "S", "C:\Windows\System32\svchost.exe", "svchost.exe -k netsvcs", 102, "{c}"),
	 (4, "2024-03-13 10:00:03.0000000", 101, 1, "S", "C:\Users\den\Documents\mysvchost.exe", "mysvchost.exe", 103, "{d}");
	SQL
	casetrail analyze m.db >out &&
	sql m.db "SELECT severity || \"|\" || title FROM finding WHERE rule = \"masquerading\" ORDER BY first_ts" >f &&
	cat >want <<-\EOF &&
	high|svchost.exe ran from C:\Users\Public\svchost.exe
	medium|consent.exe ran from C:\Users\den\AppData\Local\Temp\IDC1.tmp\consent.exe
	EOF
	test_cmp want f
'

test_expect_success 'PowerShell: decisive signs set the least severity; the benign admin stays low' '
	fx_case s.db &&
	fx_sql s.db <<-\SQL &&
	INSERT INTO ev (rid, ts, src, eid, chan, xpid, script) VALUES
	 (1, "2024-03-13 10:00:00.0000000", 105, 4104, "Microsoft-Windows-PowerShell/Operational", 10, "Add-Type -AssemblyName System.IdentityModel; New-Object System.IdentityModel.Tokens.KerberosRequestorSecurityToken -ArgumentList $spn"),
	 (2, "2024-03-13 10:01:00.0000000", 105, 4104, "Microsoft-Windows-PowerShell/Operational", 11, "Set-MpPreference -ExclusionPath C:\Users\Public"),
	 (3, "2024-03-13 10:02:00.0000000", 105, 4104, "Microsoft-Windows-PowerShell/Operational", 12, "Invoke-PipeShell -mode server -pipe eventlog_svc"),
	 (4, "2024-03-13 10:03:00.0000000", 105, 4104, "Microsoft-Windows-PowerShell/Operational", 13, "Start-BitsTransfer -Source https://raw.githubusercontent.com/x/y/master/a.ps1 -Destination C:\Users\Public\a.ps1"),
	 (5, "2024-03-13 10:04:00.0000000", 105, 4104, "Microsoft-Windows-PowerShell/Operational", 14, "$p = Get-Process lsass; [MiniDumpWriteDump]::Invoke($p)"),
	 (6, "2024-03-13 10:05:00.0000000", 105, 4104, "Microsoft-Windows-PowerShell/Operational", 15, "Get-Service | Where-Object Status -eq Running");
	INSERT INTO script_block (source_id, script_block_id, parts_total, parts_seen, first_record_id, text)
	  SELECT 105, "{sb-" || rid || "}", 1, 1, rid, script FROM ev;
	SQL
	casetrail analyze s.db >out &&
	sql s.db "SELECT severity || \"|\" || title FROM finding WHERE rule = \"powershell\" ORDER BY first_ts" >f &&
	cat f &&
	test "$(sed -n 1p f)" = "high|PowerShell with Kerberos service tickets requested (Kerberoasting)" &&
	test "$(sed -n 2p f)" = "medium|PowerShell with Defender tampering" &&
	test "$(sed -n 3p f)" = "medium|PowerShell with offensive framework function" &&
	test "$(sed -n 4p f | cut -d"|" -f1)" = medium &&
	test "$(sed -n 5p f)" = "high|PowerShell with credential theft" &&
	test "$(wc -l <f)" = 5 &&
	sql s.db "SELECT attack FROM finding WHERE title LIKE \"%Kerberoasting%\"" >a &&
	test_grep "T1558.003" a
'

if ! test -f "$CX/MANIFEST.md"; then
	echo "# SKIP the real-log checks: $CX is missing (external test data)" >&2
	test_done
fi

test_expect_success 'real attack logs: the key behaviour of each, at medium or above' '
	db=$(run_log EVTX-ATTACK-SAMPLES/Credential_Access/babyshark_mimikatz_powershell) &&
	test "$(above "$db")" = "lsass-access|high" &&
	db=$(run_log EVTX-ATTACK-SAMPLES/Credential_Access/Powershell_4104_MiniDumpWriteDump_Lsass) &&
	test "$(above "$db")" = "powershell|high" &&
	db=$(run_log DeepBlueCLI/smb-password-guessing-security) &&
	test "$(sql "$db" "SELECT severity || \"|\" || title FROM finding WHERE rule = \"password-guessing\"")" = "medium|3638 failed logons from 192.168.198.149" &&
	db=$(run_log EVTX-to-MITRE-Attack/Antivirus/ID1116-1117-Defender_threat_detected) &&
	sql "$db" "SELECT severity || \"|\" || title FROM finding WHERE rule = \"antivirus-detection\" ORDER BY first_ts, id" >av &&
	cat av &&
	test "$(wc -l <av)" = 3 &&
	test_grep "^high|Defender detected HackTool:Win32/Mimikatz.D in C:.Users.admmig.Documents.mimikatz.exe$" av &&
	db=$(run_log "EVTX-to-MITRE-Attack/TA0007-Discovery/T1087-Account_discovery/ID800_-_SPN_discovery_PowerShell_") &&
	test "$(sql "$db" "SELECT severity || \"|\" || title FROM finding WHERE rule = \"powershell\" AND severity = \"high\"")" = "high|PowerShell with Kerberos service tickets requested (Kerberoasting)" &&
	db=$(run_log "EVTX-to-MITRE-Attack/TA0005-Defense_Evasion/T1562.001-Impair_Defenses-Disable_or_Modify_tool/ID800-4103-4104_Defender_exclusion_added_PowerShell_") &&
	test "$(above "$db")" = "powershell|medium" &&
	db=$(run_log "EVTX-to-MITRE-Attack/TA0002-Execution/T1059.001-PowerShell/ID800-4103-Interactive_PipeShell_over_named_pipe_server_and_client_") &&
	test "$(above "$db")" = "powershell|medium" &&
	db=$(run_log "EVTX-to-MITRE-Attack/TA0003-Persistence/T1197-BITS_jobs/ID800-4103-4104-PowerShell_BITS_job_started") &&
	test "$(above "$db")" = "powershell|medium"
'

test_expect_success 'real benign logs: no lsass, guessing, Defender or masquerading finding above low' '
	for n in omerbenamram-evtx/sysmon omerbenamram-evtx/security omerbenamram-evtx/system plaso/evtx/System velociraptor/EID4104_PowershellScriptblock velociraptor/EID4103_PowershellModule; do
		db=$(run_log $n) &&
		test "$(sql "$db" "SELECT count(*) FROM finding WHERE rule IN (\"lsass-access\", \"password-guessing\", \"antivirus-detection\", \"masquerading\") AND severity IN (\"medium\", \"high\", \"critical\")")" = 0 ||
		{ echo "# $n has such a finding" && return 1; }
	done &&
	db=$(run_log omerbenamram-evtx/sysmon) &&
	test "$(sql "$db" "SELECT severity || \"|\" || title FROM finding WHERE rule = \"lsass-access\"")" = "low|procmon64.exe read the memory of lsass.exe"
'

test_done
