#!/bin/sh
# t4003-export.sh - `casetrail export`: CSV, JSONL, TSK bodyfile (read back
# with Debian's mactime) and Timesketch JSONL, with time and type filters.
. "$TOP_SRCDIR/tests/t/lib.sh"
. "$TOP_SRCDIR/tests/t/report-fixture.sh"

command -v jq >/dev/null 2>&1 || skip_all "jq is not installed (Debian package jq)"

make_story_case case.db
total=$(sql case.db "SELECT count(*) FROM event")
file_events=$(sql case.db "SELECT count(*) FROM timeline WHERE type = 'file'")

test_expect_success 'export --help' '
	casetrail export --help >out &&
	test_grep "usage: casetrail export" out
'

if have_faultio; then
test_expect_success 'a full disk leaves no truncated export, and the old one stands' '
	casetrail export --format csv -o full.csv case.db &&
	cp full.csv before.csv &&
	test_must_fail with_faultio full.csv 3 \
	    casetrail export --format jsonl -o full.csv case.db 2>err &&
	test_grep "full.csv.*No space left on device" err &&
	test_cmp before.csv full.csv &&
	test_must_fail with_faultio new.csv 2 \
	    casetrail export --format csv -o new.csv case.db 2>err &&
	test ! -e new.csv &&
	! ls | grep -q "tmp-"
'
fi

test_expect_success 'CSV: a header and one row per event, in time order' '
	casetrail export --format csv case.db >t.csv &&
	head -1 t.csv | test_grep "^time,event_id,ticks,ts_desc,type,summary,record_id,locator,offset,flags,source_id,source_path,source_sha256" &&
	test "$(($(wc -l <t.csv) - 1))" -eq "$total" &&
	sed -n 2p t.csv | test_grep "^2019-06-01T08:00:00.0000000Z," &&
	tail -1 t.csv | test_grep "^2024-03-13T14:02:44.1234567Z,.*\"qeupdate_helper.exe: FILE_DELETE|CLOSE\"" &&
	cut -d, -f1 t.csv | sed 1d >times && sort times | cmp - times
'

test_expect_success 'CSV quotes fields and doubles quotes (RFC 4180)' '
	test_grep "\"cmd.exe /c ping 127.0.0.1 -n 3 > nul & del /f /q qeupdate_helper.exe\"" t.csv ||
	test_grep "\"Sysmon 1: process created cmd.exe /c ping" t.csv
'

test_expect_success 'CSV: cells that would be spreadsheet formulas stay text' '
	cp case.db f.db &&
	sqlite3 f.db "INSERT INTO record (id, source_id, type, locator, summary) VALUES (500, 2, '"'"'file'"'"', '"'"'MFT 7-1'"'"', '"'"'=HYPERLINK(\"http://x\")'"'"'); INSERT INTO event (record_id, ts, ts_desc) VALUES (500, 1, '"'"'SI created'"'"');" &&
	casetrail export --format csv f.db >f.csv &&
	test_grep ",\"'"'"'=HYPERLINK(\"\"http://x\"\")\"," f.csv
'

test_expect_success 'JSONL: one valid object per event with 100 ns ticks' '
	casetrail export --format jsonl -o t.jsonl case.db &&
	test "$(wc -l <t.jsonl)" -eq "$total" &&
	jq -e -s "length == $total and all(.[]; (.ticks | type) == \"number\" and (.time | endswith(\"Z\")))" t.jsonl &&
	tail -1 t.jsonl | jq -e ".ticks == $(ft "2024-03-13 14:02:44" 1234567) and .type == \"usn\" and .record_id == 28"
'

test_expect_success 'Timesketch: message, datetime, timestamp (µs), timestamp_desc' '
	casetrail export --format timesketch case.db >ts.jsonl &&
	test "$(wc -l <ts.jsonl)" -eq "$total" &&
	jq -e -s "all(.[]; has(\"message\") and has(\"datetime\") and has(\"timestamp\") and has(\"timestamp_desc\"))" ts.jsonl &&
	tail -1 ts.jsonl | jq -e ".datetime == \"2024-03-13T14:02:44.123456+00:00\" and .timestamp == 1710338564123456 and .timestamp_desc == \"USN change\" and .casetrail_ticks == $(ft "2024-03-13 14:02:44" 1234567)" &&
	head -1 ts.jsonl | jq -e ".data_type == \"casetrail:file\" and .source_path == \"partition 2\""
'

test_expect_success 'bodyfile: mactime reads it, with sub-second times and $FN lines' '
	casetrail export --format bodyfile case.db >t.body &&
	test_grep "^5d41402abc4b2a76b9719d911017c592|/Users/jdoe/AppData/Local/Temp/QEUpd/qeupdate_helper.exe (deleted)|1234-128-5|r/rrwxrwxrwx|0|0|73728|" t.body &&
	test_grep "qeupdate_helper.exe (\$FILE_NAME) (deleted)|" t.body &&
	test_grep "^0|\[usn\] qeupdate_helper.exe: FILE_DELETE%7CCLOSE \[USN change\] (record 28, USN 0x1a2b)|0|-/----------|0|0|0|1710338564.1234567|1710338564.1234567|1710338564.1234567|1710338564.1234567$" t.body &&
	if command -v mactime >/dev/null 2>&1; then
		mactime -b t.body -d -y >mac.csv &&
		test_grep "^2024-03-13T14:02:44Z,0,macb,-/----------,0,0,0,\"\[usn\] qeupdate_helper.exe: FILE_DELETE|CLOSE \[USN change\]" mac.csv &&
		test_grep "^2024-03-13T14:02:15Z,73728,m.cb,r/rrwxrwxrwx,0,0,1234-128-5,\"/Users/jdoe/AppData/Local/Temp/QEUpd/qeupdate_helper.exe (deleted)\"" mac.csv
	else
		echo "# mactime (Debian sleuthkit) missing: bodyfile not read back" >&2
	fi
'

test_expect_success 'bodyfile: | and % are encoded for mactime, line breaks made visible' '
	cp case.db p.db &&
	sqlite3 p.db "INSERT INTO record (id, source_id, type, locator, summary) VALUES (501, 2, '"'"'file'"'"', '"'"'MFT 8-1'"'"', '"'"'x'"'"'); INSERT INTO event (record_id, ts, ts_desc) VALUES (501, $(ft "2024-01-01 00:00:00"), '"'"'SI created'"'"'); INSERT INTO file (record_id, path, name, inode, type, size, allocated, si_crtime) VALUES (501, '"'"'/a|b%c'"'"' || char(10) || '"'"'d'"'"', '"'"'x'"'"', 8, '"'"'file'"'"', 1, 1, $(ft "2024-01-01 00:00:00"));" &&
	casetrail export --format body p.db >p.body &&
	test_grep "^0|/a%7Cb%25c\\\\x0ad|8|r/rrwxrwxrwx|0|0|1|0|0|0|1704067200.0000000$" p.body &&
	if command -v mactime >/dev/null 2>&1; then
		mactime -b p.body -d -y >p.csv &&
		test_grep "^2024-01-01T00:00:00Z,1,...b,r/rrwxrwxrwx,0,0,8,\"/a|b%c\\\\x0ad\"" p.csv
	fi
'

test_expect_success '--from/--to select a time range (inclusive, 100 ns)' '
	casetrail export --format jsonl --from 2024-03-13T14:02:15Z --to 2024-03-13T14:02:44.1234567Z case.db >r.jsonl &&
	jq -e -s "length == $(sql case.db "SELECT count(*) FROM event WHERE ts BETWEEN $(ft "2024-03-13 14:02:15") AND $(ft "2024-03-13 14:02:44" 1234567)")" r.jsonl &&
	casetrail export --format jsonl --to 2024-03-13T14:02:44.1234566Z --from 2024-03-13T14:02:40Z case.db >r2.jsonl &&
	jq -e -s "length == 1 and .[0].record_id == 27" r2.jsonl
'

test_expect_success '--type and --event-id filter rows' '
	casetrail export --format jsonl --type usn,prefetch case.db >u.jsonl &&
	jq -e -s "length == 2 and .[0].type == \"prefetch\" and .[1].type == \"usn\"" u.jsonl &&
	casetrail export --format jsonl --type file case.db >f.jsonl &&
	jq -e -s "length == $file_events and all(.[]; .type == \"file\")" f.jsonl &&
	casetrail export --format jsonl --event-id 3 -e 4104 case.db >e.jsonl &&
	jq -e -s "[.[].evtx_event_id] == [3, 4104, 3]" e.jsonl &&
	casetrail export --format body --type evtx --event-id 4688 case.db >e.body &&
	test "$(wc -l <e.body)" -eq 1 && test_grep "Security 4688" e.body
'

SAMHIVE=$SHARED_DIR/corpus-ext/registry/regipy/SAM
SYSEVT=$SHARED_DIR/corpus-ext/plaso/SysEvent.Evt
if [ -f "$SAMHIVE" ] && [ -f "$SYSEVT" ]; then
	test_expect_success 'registry keys, artefacts and legacy .evt records are exported and filtered like the rest' '
		mkdir -p art && cp "$SAMHIVE" "$SYSEVT" art/ &&
		{ casetrail ingest -q art.db art || true; } &&
		keys=$(sql art.db "SELECT count(*) FROM event e JOIN record r ON r.id = e.record_id WHERE r.type = \"regkey\"") &&
		test "$keys" -eq 65 &&
		casetrail export --format body art.db >all.body &&
		test "$(wc -l <all.body)" = "$(sql art.db "SELECT count(*) FROM event")" &&
		casetrail export --format jsonl --type regkey art.db >k.jsonl &&
		jq -e -s "length == $keys and all(.[]; .type == \"regkey\")" k.jsonl &&
		casetrail export --format jsonl --type artefact art.db >a.jsonl &&
		test "$(wc -l <a.jsonl)" = "$(sql art.db "SELECT count(*) FROM event e JOIN record r ON r.id = e.record_id WHERE r.type = \"artefact\"")" &&
		id=$(sql art.db "SELECT x.event_id FROM evtx x JOIN record r ON r.id = x.record_id WHERE r.type = \"evt\" GROUP BY 1 ORDER BY count(*) DESC LIMIT 1") &&
		n=$(sql art.db "SELECT count(*) FROM event e JOIN evtx x ON x.record_id = e.record_id WHERE x.event_id = $id") &&
		casetrail export --format jsonl -e "$id" art.db >v.jsonl &&
		jq -e -s "length == $n and all(.[]; .type == \"evt\")" v.jsonl
	'
else
	echo "# SKIP: $SAMHIVE or $SYSEVT missing: registry and .evt export not checked" >&2
fi

test_expect_success 'bad options are usage errors naming the problem' '
	test_exit_code 2 casetrail export case.db 2>err && test_grep "needs a case file and --format" err &&
	test_exit_code 2 casetrail export --format xml case.db 2>err && test_grep "unknown export format" err &&
	test_exit_code 2 casetrail export --format csv --from yesterday case.db 2>err && test_grep "from must be a UTC time" err &&
	test_exit_code 2 casetrail export --format csv --type registry case.db 2>err && test_grep "type takes" err &&
	test_exit_code 2 casetrail export --format csv --event-id -1 case.db 2>err && test_grep "event-id" err &&
	test_exit_code 2 casetrail export --format csv --from 2024-02-01 --to 2024-01-01 case.db 2>err && test_grep "after" err
'

test_expect_success 'a missing case or unwritable output fails and names it' '
	test_must_fail casetrail export --format csv nosuch.db 2>err && test_grep nosuch.db err &&
	test_must_fail casetrail export --format csv -o /nonexistent/x.csv case.db 2>err && test_grep /nonexistent/x.csv err
'

test_expect_success 'writing to a full device fails, and the device stays a device' '
	if [ -w /dev/full ]; then
		test_must_fail casetrail export --format csv -o /dev/full case.db 2>err &&
		test_grep "cannot write" err &&
		test -c /dev/full &&
		test_must_fail casetrail report -o /dev/full case.db 2>err &&
		test_grep "cannot write" err &&
		test -c /dev/full
	fi
'

test_done
