#!/bin/sh
# t2001-ioc-match.sh - matching indicators against evidence rows written
# the way the parsers write them (tests/t/data/ioc-evidence.sql): every
# hit names the indicator, the record, the field and the text; look-alike
# noise does not match; matching again gives the same hits.
. "$TOP_SRCDIR/tests/t/lib.sh"

D=$TOP_SRCDIR/tests/t/data

hits() {
	sql case.db "SELECT i.normalized || ' ' || h.record_id || ' ' || h.field || ' ' || h.matched
		FROM indicator_hit h JOIN indicator i ON i.id = h.indicator_id
		ORDER BY h.record_id, i.normalized, h.field"
}

test_expect_success 'set up a case with evidence and no indicators' '
	casetrail ioc --no-match case.db &&
	sqlite3 case.db <"$D/ioc-evidence.sql" &&
	test "$(sql case.db "SELECT count(*) FROM record")" -eq 13
'

test_expect_success 'load and match the list: hits with field and text' '
	casetrail ioc case.db "$D/ioc/list.txt" >out &&
	test_grep "matched 7 indicator(s) against 14 evidence row(s): 12 hit(s), 4 indicator(s) hit" out &&
	hits >actual &&
	cat >expect <<-\EOT &&
	176.53.118.131 3 script_block 176.53.118.131
	176.53.118.131 3 script_text 176.53.118.131
	evil-updates.example.com 5 dns_query cdn.Evil-Updates.example.com
	0123456789abcdef0123456789abcdef 6 hashes 0123456789ABCDEF0123456789ABCDEF
	qeupdate_helper.exe 6 image qeupdate_helper.exe
	176.53.118.131 7 data.DestAddress 176.53.118.131
	evil-updates.example.com 9 data.Payload evil-updates.example.com
	0123456789abcdef0123456789abcdef 10 md5 0123456789abcdef0123456789abcdef
	qeupdate_helper.exe 10 name qeupdate_helper.exe
	qeupdate_helper.exe 12 name QEUPDATE_HELPER.EXE
	qeupdate_helper.exe 13 executable QEUPDATE_HELPER.EXE
	qeupdate_helper.exe 13 files QEUPDATE_HELPER.EXE
	EOT
	test_cmp expect actual
'

test_expect_success 'indicators inside command lines, scripts, JSON fields' '
	printf "5.39.218.205\nhttp://176.53.118.131/logo.png\n" >more.txt &&
	casetrail ioc case.db more.txt >out &&
	hits >actual &&
	test_grep "^5.39.218.205 1 dst_ip 5.39.218.205$" actual &&
	! grep "^5.39.218.205 1 data" actual &&
	test_grep "^http://176.53.118.131/logo.png 3 script_text HTTP://176.53.118.131:80/logo.png$" actual &&
	test_grep "^http://176.53.118.131/logo.png 3 script_block http://176.53.118.131/logo.png$" actual &&
	test_grep "^176.53.118.131 7 data.DestAddress 176.53.118.131$" actual &&
	! grep "^176.53.118.131 3 data" actual
'

test_expect_success 'look-alikes do not match' '
	hits >actual &&
	! grep " 8 " actual &&
	! grep " 4 " actual &&
	! grep "notepad" actual
'

test_expect_success 'DNS results in event data are matched too' '
	test_grep "^5.39.218.205 5 data.QueryResults 5.39.218.205$" actual
'

test_expect_success 'matching again (casetrail ioc CASE) gives the same hits' '
	hits >before &&
	casetrail ioc case.db >out &&
	test_grep "hit(s)" out &&
	hits >after &&
	test_cmp before after
'

test_expect_success 'matching on one thread (--jobs 1) gives the same hits' '
	casetrail ioc -j 1 case.db >out &&
	test_grep "hit(s)" out &&
	hits >after1 &&
	test_cmp before after1 &&
	test_must_fail casetrail ioc -j 0 case.db 2>err &&
	test_grep "jobs" err
'

test_expect_success 'to_ids false is kept but not matched' '
	printf "type,value,to_ids\ndomain,example.com,0\n" >noids.csv &&
	casetrail ioc case.db noids.csv >out &&
	test "$(sql case.db "SELECT count(*) FROM indicator_hit h JOIN indicator i ON i.id = h.indicator_id WHERE i.normalized = \"example.com\"")" -eq 0
'

test_expect_success 'logic groups are evaluated over the hits' '
	casetrail ioc case.db "$TOP_SRCDIR/tests/t/data/ioc/stix-bundle.json" >out &&
	test_grep "3 logic group(s) hold" out &&
	test "$(sql case.db "SELECT matched FROM indicator_group WHERE name = \"needs a registry key too\"")" -eq 0 &&
	test "$(sql case.db "SELECT matched FROM indicator_group WHERE name = \"payload\"")" -eq 1
'

test_expect_success 'ingest matches again when the case has indicators' '
	printf "not evidence" >junk.bin &&
	casetrail ingest case.db junk.bin 2>err || : &&
	test_grep "indicators matched again" err
'

test_done
