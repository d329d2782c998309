#!/bin/sh
# t2000-ioc-formats.sh - `casetrail ioc` reads every indicator format,
# good and damaged files: counts, rejection reasons with file:line, exit
# codes, no duplicates on reload.
. "$TOP_SRCDIR/tests/t/lib.sh"

D=$TOP_SRCDIR/tests/t/data/ioc

test_expect_success 'usage errors exit 2, --help exits 0' '
	test_exit_code 2 casetrail ioc 2>err &&
	test_grep "need a case file" err &&
	test_exit_code 2 casetrail ioc --bogus x.db 2>/dev/null &&
	casetrail ioc --help >out &&
	test_grep "usage: casetrail ioc" out
'

test_expect_success 'a file that is not a case file exits 3' '
	printf "not sqlite" >foreign.db &&
	test_exit_code 3 casetrail ioc foreign.db "$D/list.txt" 2>err
'

test_expect_success 'plain list: types inferred, defanged values refanged' '
	casetrail ioc --no-match c.db "$D/list.txt" >out &&
	test_grep "list.txt: list: 7 valid, 2 rejected" out &&
	test_grep "list.txt:9: placeholder, not an indicator: .<sha256>." out &&
	test_grep "list.txt:10: not an IPv4 or IPv6 address: .010.1.1.1." out &&
	test "$(sql c.db "SELECT normalized FROM indicator WHERE line = 3")" = 176.53.118.131 &&
	test "$(sql c.db "SELECT type || \" \" || normalized FROM indicator WHERE line = 4")" = "domain evil-updates.example.com" &&
	test "$(sql c.db "SELECT type FROM indicator WHERE line = 8")" = ip-dst
'

test_expect_success 'reloading the same file adds nothing' '
	casetrail ioc --no-match c.db "$D/list.txt" >out &&
	test_grep "already loaded" out &&
	test "$(sql c.db "SELECT count(*) FROM indicator")" -eq 9 &&
	test "$(sql c.db "SELECT count(*) FROM source WHERE kind = \"ioc\"")" -eq 1
'

test_expect_success 'the same indicators in another file are not stored twice' '
	printf "176.53.118.131\nhxxp://5.39.218.205/logo.png\n" >again.txt &&
	casetrail ioc --no-match c.db again.txt >out &&
	test_grep "0 valid, 0 rejected, 2 already in the case" out &&
	test "$(sql c.db "SELECT count(*) FROM indicator WHERE normalized = \"176.53.118.131\"")" -eq 1
'

test_expect_success 'CSV with a type,value,comment header' '
	casetrail ioc --no-match csv.db "$D/indicators.csv" >out &&
	test_grep "csv: 3 valid, 3 rejected" out &&
	test_grep "indicators.csv:5: not an MD5: character 32" out &&
	test_grep "indicators.csv:6: not a SHA-1: 39 hexadecimal digits instead of 40" out &&
	test_grep "indicators.csv:7: not a domain name" out &&
	test "$(sql csv.db "SELECT normalized FROM indicator WHERE line = 3")" = "https://evil-updates.example.com/a/b"
'

test_expect_success 'MISP CSV export: quoted fields, to_ids, line numbers' '
	casetrail ioc --no-match mcsv.db "$D/misp-export.csv" >out &&
	test_grep "misp-csv: 4 valid, 2 rejected" out &&
	test_grep "misp-export.csv:4: placeholder, not a SHA-256" out &&
	test_grep "misp-export.csv:8: not an IPv4 or IPv6 address: .999.1.1.1." out &&
	test "$(sql mcsv.db "SELECT to_ids FROM indicator WHERE value = \"benign.example.org\"")" -eq 0 &&
	test "$(sql mcsv.db "SELECT comment FROM indicator WHERE line = 3")" = "second \"stage\""
'

test_expect_success 'MISP JSON: attributes, objects, composites, to_ids, context' '
	casetrail ioc --no-match mj.db "$D/misp-event.json" >out &&
	test_grep "misp-json: 9 valid, 4 rejected, 5 context, 1 logic group" out &&
	test_grep "misp-event.json: item 3: placeholder, not an MD5" out &&
	test_grep "item 7: unsupported indicator type .mutex." out &&
	test "$(sql mj.db "SELECT count(*) FROM indicator WHERE line = 5 AND valid = 1")" -eq 2 &&
	test "$(sql mj.db "SELECT value FROM case_context WHERE key = \"threat_level\"")" = "3 (Low)" &&
	test "$(sql mj.db "SELECT logic FROM indicator_group")" = "#9 OR #10"
'

test_expect_success 'STIX 2.1: patterns, logic, unsupported parts reported' '
	casetrail ioc --no-match st.db "$D/stix-bundle.json" >out &&
	test_grep "stix2: 6 valid, 4 rejected, 3 context, 3 logic group" out &&
	test_grep "item 4: unsupported STIX object path .windows-registry-key:key." out &&
	test_grep "item 5: unsupported STIX pattern (FOLLOWEDBY" out &&
	test_grep "item 6: unsupported pattern_type .yara." out &&
	test_grep "item 7: unsupported STIX comparison .domain-name:value LIKE." out &&
	sql st.db "SELECT logic FROM indicator_group ORDER BY id" >logic &&
	printf "(#2 AND #3) OR #4\n#5 AND #6\n#9 OR #10\n" >expect &&
	test_cmp expect logic
'

test_expect_success 'OpenIOC 1.1 and 1.0: the AND/OR tree is kept' '
	casetrail ioc --no-match oi.db "$D/openioc-11.ioc" "$D/openioc-10.ioc" >out &&
	test_grep "openioc-11.ioc: openioc: 4 valid, 3 rejected" out &&
	test_grep "openioc-11.ioc:27: unsupported OpenIOC search term .ProcessItem/arguments." out &&
	test_grep "openioc-11.ioc:40: placeholder, not a SHA-1" out &&
	test_grep "openioc-10.ioc: openioc: 1 valid, 0 rejected, 1 already in the case" out &&
	test "$(sql oi.db "SELECT logic FROM indicator_group WHERE ref = \"a1\"")" = "#1 OR (#2 AND #3) OR (#4 AND #5) OR #6 OR #7"
'

test_expect_success 'damaged files: what was read before the damage is kept' '
	casetrail ioc --no-match tr.db "$D/openioc-truncated.ioc" >out &&
	casetrail ioc --no-match mo.db "$D/report-mojibake.txt" >>out &&
	test_grep "openioc-truncated.ioc: openioc: 3 valid, 1 rejected" out &&
	test_grep "openioc-truncated.ioc: warning: line 29: XML error" out &&
	test_grep "report-mojibake.txt: threat-report: 3 valid, 1 rejected" out &&
	test_grep "report-mojibake.txt:6: not a domain name" out &&
	test "$(sql mo.db "SELECT comment FROM indicator WHERE value = \"5.39.218.205\"")" = "C�C server" &&
	test "$(sql tr.db "SELECT status FROM source WHERE path LIKE \"%truncated.ioc\"")" = partial
'

test_expect_success 'unreadable formats exit 1, the other files still load' '
	test_exit_code 1 casetrail ioc --no-match bad.db "$D/misp-truncated.json" \
		"$D/not-openioc.xml" "$D/unknown.json" "$D/list.txt" \
		/nonexistent.txt >out 2>err &&
	test_grep "misp-truncated.json. at offset 700: not valid JSON" err &&
	test_grep "XML, but not OpenIOC" err &&
	test_grep "neither a MISP event nor a STIX bundle" err &&
	test_grep "/nonexistent.txt.: cannot open" err &&
	test_grep "list.txt: list: 7 valid" out &&
	test "$(sql bad.db "SELECT count(*) FROM source WHERE status = \"failed\"")" -eq 3
'

test_expect_success 'binary and empty files' '
	head -c 2000 "$CASETRAIL" >bin.exe &&
	: >empty.txt &&
	test_exit_code 1 casetrail ioc --no-match be.db bin.exe 2>err &&
	test_grep "binary data" err &&
	casetrail ioc --no-match be.db empty.txt >out &&
	test_grep "empty.txt: empty: 0 valid, 0 rejected" out
'

test_expect_success 'UTF-16LE file with a byte-order mark' '
	printf "\377\376" >u16.txt &&
	printf "5.39.218.205\r\nevil.example.com\r\n" | iconv -f UTF-8 -t UTF-16LE >>u16.txt &&
	casetrail ioc --no-match u16.db u16.txt >out &&
	test_grep "list: 2 valid, 0 rejected" out
'

test_done
