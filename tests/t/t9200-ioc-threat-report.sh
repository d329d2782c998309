#!/bin/sh
# t9200-ioc-threat-report.sh - the real threat report of the reference
# case (../shared/threat-reports): its two IPs and two URLs load, its three
# placeholder hashes are rejected with reasons, its context is kept.
. "$TOP_SRCDIR/tests/t/lib.sh"

R=threat-reports/000_42e2e90098da07de.txt
require_shared "$R"

test_expect_success 'the report loads: 4 valid, 3 rejected with reasons' '
	casetrail ioc case.db "$SHARED_DIR/$R" >out &&
	test_grep "threat-report: 4 valid, 3 rejected" out &&
	test_grep "000_42e2e90098da07de.txt:31: placeholder, not a SHA-1: .<sha1>." out &&
	test_grep "000_42e2e90098da07de.txt:32: placeholder, not an MD5: .<md5>." out &&
	test_grep "000_42e2e90098da07de.txt:33: placeholder, not a SHA-256: .<sha256>." out
'

test_expect_success 'the two IPs and two URLs, canonical' '
	sql case.db "SELECT type || \" \" || normalized FROM indicator WHERE valid = 1 ORDER BY id" >actual &&
	cat >expect <<-\EOT &&
	url http://5.39.218.205/logo.png
	url http://176.53.118.131/logo.png
	ip-dst 5.39.218.205
	ip-dst 176.53.118.131
	EOT
	test_cmp expect actual &&
	test "$(sql case.db "SELECT DISTINCT category FROM indicator WHERE type = \"ip-dst\"")" = "Network activity"
'

test_expect_success 'title, date, threat level, tags, text and links are context' '
	test "$(sql case.db "SELECT value FROM case_context WHERE key = \"date\"")" = 2017-05-08 &&
	test "$(sql case.db "SELECT value FROM case_context WHERE key = \"threat_level\"")" = "3 (Low)" &&
	test "$(sql case.db "SELECT count(*) FROM case_context WHERE key = \"tag\"")" -eq 2 &&
	test "$(sql case.db "SELECT count(*) FROM case_context WHERE key = \"link\"")" -eq 2 &&
	sql case.db "SELECT value FROM case_context WHERE key = \"title\"" >title &&
	test_grep "Operation WilySupply" title &&
	sql case.db "SELECT value FROM case_context WHERE key = \"text\"" >text &&
	test_grep "^Investigating alert timelines and process trees$" text &&
	test_grep "incident respondersâ€”a collaboration" text
'

test_expect_success 'the source is recorded with its hashes, unchanged' '
	test "$(sql case.db "SELECT sha256 FROM source WHERE kind = \"ioc\"")" = "$(sha256sum "$SHARED_DIR/$R" | cut -d" " -f1)" &&
	test "$(sql case.db "SELECT status FROM source WHERE kind = \"ioc\"")" = ok
'

test_done
