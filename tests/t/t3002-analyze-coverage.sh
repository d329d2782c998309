#!/bin/sh
# t3002-analyze-coverage.sh - the coverage statement: what the evidence can
# and cannot show. On the reference fixture (Sysmon and 4688 present), on a
# default-logging host (Security without 4688, PowerShell with automatic
# 4104 logging only, a log that rolled over, a cleared log, no disk image)
# and on real logs of ../shared/corpus-ext (the System log says a user cleared
# the Sysmon log twice, and that log starts at record 1742; a log with a
# damaged chunk). The report
# shows it, gaps first, in HTML and JSON.
. "$TOP_SRCDIR/tests/t/lib.sh"
. "$TOP_SRCDIR/tests/t/analysis-fixture.sh"

cov() { # cov CASE EVIDENCE -> state|records
	sql "$1" "SELECT state || '|' || records FROM coverage WHERE evidence = '$2'"
}

test_expect_success 'reference fixture: Sysmon and 4688 are present, with their counts' '
	fx_reference ref.db &&
	casetrail analyze ref.db >/dev/null &&
	test "$(cov ref.db "Sysmon process creation (event 1)")" = "present|15" &&
	test "$(cov ref.db "Security process creation (4688; 592 on XP)")" = "present|1" &&
	test "$(cov ref.db "command lines in 4688")" = "present|1" &&
	test "$(cov ref.db "PowerShell script blocks (4104)")" = "present|1" &&
	test "$(cov ref.db "Windows PowerShell engine and pipeline (400, 600, 800)")" = "not-collected|0"
'

test_expect_success 'default-logging host: absences are named with what they mean' '
	fx_case def.db &&
	fx_sql def.db <<-SQL &&
	INSERT INTO ev (rid, ts, src, eid, chan, xpid, script) VALUES
	 (1, "2024-03-13 14:00:00.0000000", 102, 4624, "Security", 4, NULL),
	 (2, "2024-03-13 14:01:00.0000000", 102, 4634, "Security", 4, NULL),
	 (3, "2024-03-13 14:02:19.5000000", 105, 4104, "Microsoft-Windows-PowerShell/Operational", 7012, "IEX x"),
	 (4, "2024-03-13 14:02:20.0000000", 105, 4104, "Microsoft-Windows-PowerShell/Operational", 7012, "IEX y"),
	 (5, "2024-03-13 14:05:00.0000000", 102, 1102, "Security", 4, NULL);
	SQL
	sqlite3 def.db "UPDATE evtx SET level = 3 WHERE event_id = 4104;
	  UPDATE evtx SET record_number = record_number + 500 WHERE channel = \"Security\";
	  UPDATE evtx SET user_name = \"CORP\\adm-x\" WHERE event_id = 1102" &&
	casetrail analyze def.db >/dev/null &&
	test "$(cov def.db "Sysmon process creation (event 1)")" = "not-collected|0" &&
	test "$(cov def.db "Security process creation (4688; 592 on XP)")" = "absent|0" &&
	sql def.db "SELECT meaning FROM coverage WHERE evidence = \"Security process creation (4688; 592 on XP)\"" >m &&
	test_grep "process-creation auditing was off (the Windows default)" m &&
	test "$(cov def.db "command lines in 4688")" = "" &&
	test "$(cov def.db "PowerShell script blocks (4104)")" = "partial|2" &&
	sql def.db "SELECT meaning FROM coverage WHERE evidence = \"PowerShell script blocks (4104)\"" >m &&
	test_grep "script block logging was not enabled" m &&
	test "$(cov def.db "logons (4624, 4625, 4634)")" = "present|2" &&
	sql def.db "SELECT state, detail, meaning FROM coverage WHERE area = \"logs\" AND evidence = \"Security log\" ORDER BY state" >sec &&
	test_grep "^cleared|cleared at 2024-03-13T14:05:00.0000000Z by CORP.adm-x (record 5)|" sec &&
	test_grep "^partial|3 records, .* (records 501 to 505), in Security.evtx|the log starts at record 501: the 500 records before it were overwritten" sec &&
	test_grep "2 record number(s) between its first and last record are missing" sec &&
	test "$(sql def.db "SELECT record_id FROM coverage WHERE state = \"cleared\"")" = 5 &&
	test "$(cov def.db "Prefetch")" = "absent|0"
'

test_expect_success 'no disk image: file-system evidence is not collected, not absent' '
	printf "x" >empty.txt &&
	casetrail ingest logs.db empty.txt >/dev/null 2>&1;
	casetrail analyze logs.db >/dev/null &&
	test "$(cov logs.db "Prefetch")" = "not-collected|0" &&
	test "$(cov logs.db "USN journal (\$UsnJrnl:\$J)")" = "not-collected|0" &&
	test "$(cov logs.db "Security process creation (4688; 592 on XP)")" = "not-collected|0"
'

test_expect_success 'report: the coverage section, gaps first, and the JSON array' '
	casetrail report -o def.html def.db &&
	test_grep "<section id=\"coverage\"><h2>What the evidence can show</h2>" def.html &&
	test_grep "kind(s) of evidence are missing, incomplete or were cleared" def.html &&
	test_grep "href=\"#coverage\"" def.html &&
	sed -n "/<section id=\"coverage\">/,/<\/section>/p" def.html >sect &&
	first=$(grep -o "cov cov-[a-z-]*" sect | head -1) &&
	test "$first" = "cov cov-cleared" &&
	test_grep "<a class=\"ev\" href=\"#rec-5\" title=\"case record 5\">Security.evtx record [0-9]*</a>" sect &&
	casetrail report --format json -o def.json def.db &&
	python3 -c "
import json, sys
r = json.load(open(\"def.json\"))
c = r[\"coverage\"]
assert c[0][\"state\"] == \"cleared\" and c[0][\"record_id\"] == 5, c[0]
assert c[0][\"first\"] == \"2024-03-13T14:05:00.0000000Z\", c[0]
s = [x for x in c if x[\"evidence\"] == \"Security process creation (4688; 592 on XP)\"]
assert s and s[0][\"state\"] == \"absent\", s
"
'

EXT=$SHARED_DIR/corpus-ext/omerbenamram-evtx
if test -f "$EXT/sysmon.evtx" && test -f "$EXT/system.evtx" &&
    test -f "$EXT/sample_with_a_bad_chunk_magic.evtx"; then
	test_expect_success 'real logs: a Sysmon log cleared twice and starting at record 1742; a damaged chunk' '
		cp "$EXT/sysmon.evtx" "$EXT/system.evtx" \
		    "$EXT/sample_with_a_bad_chunk_magic.evtx" . &&
		casetrail ingest real.db sysmon.evtx system.evtx \
		    sample_with_a_bad_chunk_magic.evtx >/dev/null 2>&1;
		casetrail analyze real.db >/dev/null &&
		sql real.db "SELECT state, detail FROM coverage WHERE evidence = \"Microsoft-Windows-Sysmon/Operational log\" ORDER BY first_ts" >sy &&
		test "$(grep -c "^cleared|cleared at 2017-12-26T13:[01][0-9]:[0-9.]*Z by DESKTOP-2KGM189.tony" sy)" = 2 &&
		test_grep "^partial|358 records, .* (records 1742 to 2099), in sysmon.evtx" sy &&
		sql real.db "SELECT meaning FROM coverage WHERE evidence = \"Microsoft-Windows-AppXDeployment/Operational log\"" >ap &&
		test_grep "the log starts at record 45691" ap &&
		test_grep "record number(s) between its first and last record are missing" ap
	'
else
	echo "################################################################" >&2
	echo "SKIP: $EXT/sysmon.evtx, system.evtx or sample_with_a_bad_chunk_magic.evtx is missing: the real-log coverage checks did not run" >&2
	echo "################################################################" >&2
fi

test_done
