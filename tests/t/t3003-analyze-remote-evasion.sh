#!/bin/sh
# t3003-analyze-remote-evasion.sh - casetrail's own rules for remote
# execution through WMI or a service with output on an admin share, event
# logs cleared by a command (wevtutil, Clear-EventLog) and the PowerShell 2
# downgrade: on fixtures, with the look-alikes that must stay out, and on
# the real attack logs of ../shared/corpus-ext (wmiexec, Metasploit); services
# that run code (System 7045, Security 4697, the SYSTEM hive's Services keys).
. "$TOP_SRCDIR/tests/t/lib.sh"
. "$TOP_SRCDIR/tests/t/analysis-fixture.sh"

test_expect_success 'wmiexec-style commands: one finding per output file, all its commands cited' '
	fx_case wmi.db &&
	fx_sql wmi.db <<-\SQL &&
	INSERT INTO ev (rid, ts, src, eid, chan, image, cmd, pid, guid, pimage, ppid, pguid) VALUES
	 (1, "2024-03-13 10:00:00.0000000", 101, 1, "S", "C:\Windows\System32\wbem\WmiPrvSE.exe", "C:\Windows\system32\wbem\wmiprvse.exe -Embedding", 900, "{w}", "C:\Windows\System32\svchost.exe", 800, NULL),
	 (2, "2024-03-13 10:00:05.0000000", 101, 1, "S", "C:\Windows\System32\cmd.exe", "cmd.exe /Q /c cd \ 1> \\127.0.0.1\ADMIN$\__1700000000.5 2>&1", 1001, "{c1}", "C:\Windows\System32\wbem\WmiPrvSE.exe", 900, "{w}"),
	 (3, "2024-03-13 10:00:09.0000000", 101, 1, "S", "C:\Windows\System32\cmd.exe", "cmd.exe /Q /c whoami /all 1> \\127.0.0.1\ADMIN$\__1700000000.5 2>&1", 1002, "{c2}", "C:\Windows\System32\wbem\WmiPrvSE.exe", 900, "{w}"),
	 (4, "2024-03-13 11:00:00.0000000", 101, 1, "S", "C:\Windows\System32\cmd.exe", "cmd.exe /c copy \\fileserver\ADMIN$\tools\x.exe C:\tools", 1003, "{c3}", "C:\Windows\explorer.exe", 700, NULL),
	 (5, "2024-03-13 11:05:00.0000000", 101, 1, "S", "C:\Windows\System32\cmd.exe", "cmd.exe /c dir > C:\temp\out.txt", 1004, "{c4}", "C:\Windows\explorer.exe", 700, NULL);
	SQL
	casetrail analyze wmi.db >/dev/null &&
	test "$(sql wmi.db "SELECT count(*) FROM finding WHERE rule = \"remote-exec-admin-share\"")" = 1 &&
	test "$(sql wmi.db "SELECT severity || \"|\" || title FROM finding WHERE rule = \"remote-exec-admin-share\"")" = "high|Remote commands through WMI, output to an admin share" &&
	test "$(sql wmi.db "SELECT group_concat(record_id) FROM (SELECT e.record_id FROM finding_evidence e JOIN finding f ON f.id = e.finding_id WHERE f.rule = \"remote-exec-admin-share\" ORDER BY 1)")" = "2,3" &&
	sql wmi.db "SELECT description FROM finding WHERE rule = \"remote-exec-admin-share\"" >d &&
	test_grep "^2 command(s) started by C:.Windows.System32.wbem.WmiPrvSE.exe wrote their output to ..127.0.0.1.ADMIN\$.__1700000000.5," d
'

test_expect_success 'event logs cleared by a command; listing them is not clearing' '
	fx_case clr.db &&
	fx_sql clr.db <<-\SQL &&
	INSERT INTO ev (rid, ts, src, eid, chan, image, cmd, pid, guid, pimage, ppid, pguid) VALUES
	 (1, "2024-03-13 10:00:00.0000000", 101, 1, "S", "C:\Windows\System32\wevtutil.exe", "wevtutil.exe cl Security", 1001, "{a}", "C:\Windows\System32\cmd.exe", 900, NULL),
	 (2, "2024-03-13 10:00:01.0000000", 101, 1, "S", "C:\Windows\System32\wevtutil.exe", """C:\Windows\system32\wevtutil.exe"" clear-log ""Microsoft-Windows-Sysmon/Operational""", 1002, "{b}", "C:\Windows\System32\cmd.exe", 900, NULL),
	 (3, "2024-03-13 10:00:02.0000000", 101, 1, "S", "C:\Windows\System32\wevtutil.exe", "wevtutil el", 1003, "{c}", "C:\Windows\System32\cmd.exe", 900, NULL),
	 (4, "2024-03-13 10:00:03.0000000", 101, 1, "S", "C:\Windows\System32\wevtutil.exe", "wevtutil epl Security C:\backup\sec.evtx", 1004, "{d}", "C:\Windows\System32\cmd.exe", 900, NULL),
	 (5, "2024-03-13 10:00:04.0000000", 101, 1, "S", "C:\Windows\System32\WindowsPowerShell\v1.0\powershell.exe", "powershell -c Clear-EventLog -LogName Application", 1005, "{e}", "C:\Windows\System32\cmd.exe", 900, NULL);
	INSERT INTO ev (rid, ts, src, eid, chan, xpid, script) VALUES
	 (6, "2024-03-13 10:01:00.0000000", 105, 4104, "Microsoft-Windows-PowerShell/Operational", 1200, "Get-EventLog -List | ForEach-Object { Clear-EventLog \$_.Log }");
	SQL
	sqlite3 clr.db "INSERT INTO script_block (source_id, script_block_id, parts_total, parts_seen, first_record_id, text) VALUES (105, \"{sb}\", 1, 1, 6, \"Get-EventLog -List | ForEach-Object { Clear-EventLog \$_.Log }\")" &&
	casetrail analyze clr.db >/dev/null &&
	test "$(sql clr.db "SELECT group_concat(e.record_id) FROM finding f JOIN finding_evidence e ON e.finding_id = f.id WHERE f.rule = \"log-clear-command\" ORDER BY e.record_id")" = "1,2,5,6" &&
	test "$(sql clr.db "SELECT DISTINCT severity FROM finding WHERE rule = \"log-clear-command\"")" = high &&
	sql clr.db "SELECT description FROM finding WHERE rule = \"log-clear-command\" AND title LIKE \"%script%\"" >d &&
	test_grep "holds \"Get-EventLog -List | ForEach-Object { Clear-EventLog" d
'

test_expect_success 'PowerShell 2 on a host with a newer PowerShell is a downgrade; a host with only 2.0 is not' '
	fx_case ps2.db &&
	fx_sql ps2.db <<-\SQL &&
	INSERT INTO ev (rid, ts, src, eid, chan, host_app) VALUES
	 (1, "2024-03-13 09:00:00.0000000", 102, 400, "Windows PowerShell", "C:\Windows\System32\WindowsPowerShell\v1.0\powershell.exe"),
	 (2, "2024-03-13 10:00:00.0000000", 102, 400, "Windows PowerShell", "powershell.exe -Version 2 -NoProfile -c IEX x");
	SQL
	sqlite3 ps2.db "UPDATE evtx SET engine_version = \"5.1.19041.1\" WHERE record_id = 1;
	  UPDATE evtx SET engine_version = \"2.0\" WHERE record_id = 2" &&
	casetrail analyze ps2.db >/dev/null &&
	test "$(sql ps2.db "SELECT severity || \"|\" || title FROM finding WHERE rule = \"powershell-downgrade\"")" = "medium|PowerShell started with engine version 2.0 (downgrade)" &&
	test "$(sql ps2.db "SELECT e.record_id FROM finding f JOIN finding_evidence e ON e.finding_id = f.id WHERE f.rule = \"powershell-downgrade\"")" = 2 &&
	sqlite3 ps2.db "UPDATE evtx SET engine_version = \"2.0\" WHERE record_id = 1" &&
	casetrail analyze ps2.db >/dev/null &&
	test "$(sql ps2.db "SELECT count(*) FROM finding WHERE rule = \"powershell-downgrade\"")" = 0
'

test_expect_success 'services that run code: shells and encoded commands high, user folders and PsExec medium, Windows services out' '
	fx_case svc.db &&
	fx_sql svc.db <<-\SQL &&
	INSERT INTO ev (rid, ts, src, eid, chan, image) VALUES
	 (1, "2024-03-13 10:00:00.0000000", 102, 7045, "System", "%COMSPEC% /Q /c echo whoami ^> \\127.0.0.1\C$\__out > C:\Windows\TEMP\execute.bat"),
	 (2, "2024-03-13 10:01:00.0000000", 102, 7045, "System", "powershell.exe -nop -w hidden -enc SQBFAFgA"),
	 (3, "2024-03-13 10:02:00.0000000", 102, 7045, "System", "C:\Users\bob\AppData\Local\Temp\svc.exe"),
	 (4, "2024-03-13 10:03:00.0000000", 102, 7045, "System", "%SystemRoot%\PSEXESVC.exe"),
	 (5, "2024-03-13 10:04:00.0000000", 102, 7045, "System", "%SystemRoot%\System32\svchost.exe -k netsvcs -p"),
	 (6, "2024-03-13 10:05:00.0000000", 102, 7045, "System", """C:\Program Files\VMware\VMware Tools\vmtoolsd.exe""");
	SQL
	sqlite3 svc.db "UPDATE evtx SET service_name = CASE record_id WHEN 4 THEN \"PSEXESVC\" ELSE \"svc\" || record_id END" &&
	casetrail analyze svc.db >/dev/null &&
	sql svc.db "SELECT e.record_id || \"|\" || f.severity || \"|\" || f.title FROM finding f JOIN finding_evidence e ON e.finding_id = f.id WHERE f.rule = \"service-runs-code\" ORDER BY e.record_id" >got &&
	printf "%s\n" "1|high|Service svc1 runs a shell command" \
	    "2|high|Service svc2 runs an encoded PowerShell command" \
	    "3|medium|Service svc3 runs a program in a user-writable folder" \
	    "4|medium|Service PSEXESVC runs the helper of PsExec-style remote execution" >want &&
	test_cmp want got
'

CX=$SHARED_DIR/corpus-ext
WMI1=$CX/EVTX-ATTACK-SAMPLES/Lateral_Movement/LM_wmiexec_impacket_sysmon_whoami.evtx
WMI2=$CX/EVTX-to-MITRE-Attack/EVTX_full_APT_attack_steps/ID4688_5140_5145-WMIexec_execution_via_SMB_GLOBAL_.evtx
MSF=$CX/DeepBlueCLI/metasploit-sysmon.evtx
if test -f "$WMI1" && test -f "$WMI2" && test -f "$MSF"; then
	test_expect_success 'real attack logs: Impacket wmiexec (Sysmon and Security 4688), Metasploit clearing five logs' '
		cp "$WMI1" wmi1.evtx && cp "$WMI2" wmi2.evtx && cp "$MSF" msf.evtx &&
		for f in wmi1 wmi2 msf; do
			{ casetrail ingest -q $f.db $f.evtx 2>/dev/null || true; } &&
			casetrail analyze -q $f.db || exit 1
		done &&
		test "$(sql wmi1.db "SELECT count(*) || \"|\" || group_concat(e.n) FROM (SELECT (SELECT count(*) FROM finding_evidence x WHERE x.finding_id = f.id) AS n FROM finding f WHERE f.rule = \"remote-exec-admin-share\" AND f.severity = \"high\") e")" = "1|3" &&
		test "$(sql wmi2.db "SELECT count(*) FROM finding WHERE rule = \"remote-exec-admin-share\" AND severity = \"high\"")" = 1 &&
		sql wmi2.db "SELECT description FROM finding WHERE rule = \"remote-exec-admin-share\"" >d &&
		test_grep "ADMIN\$.__1619425227.894209" d &&
		test "$(sql msf.db "SELECT count(*) FROM finding WHERE rule = \"log-clear-command\" AND severity = \"high\"")" = 5 &&
		sql msf.db "SELECT description FROM finding WHERE rule = \"log-clear-command\" ORDER BY first_ts, id" >d &&
		test_grep "wevtutil.exe\" cl Microsoft-Windows-Sysmon/Operational" d &&
		test "$(sql msf.db "SELECT count(*) FROM finding WHERE rule = \"remote-exec-admin-share\"")" = 2
	'
fi
HSYS=$CX/registry/regipy/SYSTEM
OSYS=$CX/omerbenamram-evtx/system.evtx
if test -f "$HSYS" && test -f "$OSYS"; then
	test_expect_success 'real data: PSEXESVC in both control sets of a real SYSTEM hive; an agent test service from a Temp folder is a medium lead' '
		cp "$HSYS" SYSTEM && cp "$OSYS" sys.evtx &&
		{ casetrail ingest -q hsys.db SYSTEM 2>/dev/null || true; } &&
		casetrail analyze -q hsys.db &&
		sql hsys.db "SELECT f.severity || \"|\" || a.key_path FROM finding f JOIN finding_evidence e ON e.finding_id = f.id JOIN artefact a ON a.record_id = e.record_id WHERE f.rule = \"service-runs-code\" ORDER BY 1" >got &&
		printf "%s\n" "medium|ControlSet001\\services\\PSEXESVC" "medium|ControlSet002\\services\\PSEXESVC" >want &&
		test_cmp want got &&
		{ casetrail ingest -q osys.db sys.evtx 2>/dev/null || true; } &&
		casetrail analyze -q osys.db &&
		test "$(sql osys.db "SELECT severity || \"|\" || title FROM finding WHERE rule = \"service-runs-code\"")" = "medium|Service Pathfinder runs a program in a user-writable folder" &&
		test "$(sql osys.db "SELECT count(*) FROM finding WHERE rule = \"service-runs-code\" AND severity = \"high\"")" = 0
	'
else
	echo "################################################################" >&2
	echo "SKIP: the wmiexec or Metasploit logs of $CX are missing: the real-log checks did not run" >&2
	echo "################################################################" >&2
fi

test_done
