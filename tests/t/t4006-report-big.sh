#!/bin/sh
# t4006-report-big.sh - a case with more than the page shows: timeline
# windows, indicator hits and the evidence appendix stay within their caps,
# the page says what was left out, and every link still resolves.
. "$TOP_SRCDIR/tests/t/lib.sh"
. "$TOP_SRCDIR/tests/t/report-fixture.sh"

command -v jq >/dev/null 2>&1 || skip_all "jq is not installed (Debian package jq)"

new_case big.db
t0=$(ft '2024-03-13 00:00:00')
sqlite3 big.db <<SQL
BEGIN;
INSERT INTO source (id, kind, path, sha256, status, parser, tool_version, added_at)
 VALUES (1, 'evtx', '/logs/Security.evtx', 'ab', 'ok', 'evtx', 't', $t0);
-- 60,000 records, one event each, one every 0.2 s over 3 h 20 min
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 60000)
INSERT INTO record (id, source_id, type, locator, offset, summary)
 SELECT i, 1, 'evtx', 'record ' || i, i * 512, 'Security 4688: svchost.exe (' || i || ')' FROM n;
INSERT INTO event (record_id, ts, ts_desc) SELECT id, $t0 + id * 2000000, 'event created' FROM record;
-- 60 findings, each citing 50 records: 3000 cited, over the appendix cap
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 60)
INSERT INTO finding (id, rule, severity, first_ts, last_ts, title, description)
 SELECT i, 'r', 'high', $t0 + i * 1000 * 2000000, $t0 + i * 1000 * 2000000, 'F ' || i, 'd' FROM n;
WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 2999)
INSERT INTO finding_evidence (finding_id, record_id) SELECT i / 50 + 1, (i / 50 + 1) * 1000 + i % 50 FROM n;
INSERT INTO indicator (id, source_id, type, value, normalized, valid) VALUES (1, 1, 'filename', 'svchost.exe', 'svchost.exe', 1);
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 3000)
INSERT INTO indicator_hit (indicator_id, record_id, field, matched) SELECT 1, i * 17, 'image', 'svchost.exe' FROM n;
INSERT INTO narrative (id, seq, ts, finding_id, text) SELECT id, id, first_ts, id, 'Sentence ' || id FROM finding;
INSERT INTO narrative_evidence (narrative_id, record_id) SELECT id, id * 1000 FROM finding;
COMMIT;
SQL

test_expect_success 'the report of the big case is written' '
	casetrail report big.db -o big.html &&
	casetrail report big.db --format json -o big.json
'

test_expect_success 'the story timeline is capped at 3000 rows, and says so' '
	sed -n "/<section id=\"timeline\">/,/<\/section>/p" big.html >tl &&
	test "$(grep -c "<tr data-type=" tl)" -eq 3000 &&
	test_grep "the window holds more rows than the page shows" tl
'

test_expect_success 'appendix capped at 2500 records, and it says so' '
	test "$(grep -c "<section class=\"rec\" id=\"rec-" big.html)" -eq 2500 &&
	test_grep "further cited records are over the limit of 2500" big.html &&
	jq -e ".limits.records_over_limit > 0 and (.records | length) == 2500" big.json
'

test_expect_success 'indicator hits capped at 1000, and it says so' '
	test_grep "1000 of 3000 hits shown" big.html &&
	jq -e "(.indicator_hits | length) == 1000 and .counts.indicator_hits == 3000" big.json
'

test_expect_success 'every link still resolves; over-cap records are plain ids' '
	grep -o "href=\"#rec-[0-9]*\"" big.html | sed "s/.*#rec-//; s/\"//" | sort -u >links &&
	grep -o "id=\"rec-[0-9]*\"" big.html | sed "s/.*rec-//; s/\"//" | sort -u >targets &&
	comm -23 links targets >dangling &&
	test_cmp /dev/null dangling &&
	test_grep "<span class=\"ev\">Security.evtx record [0-9]*</span>" big.html
'

test_expect_success 'every narrative sentence keeps its evidence link (story first)' '
	sed -n "/<ol class=\"narrative\"/,/<\/ol>/p" big.html | grep "<li class=\"sentence\"" >story &&
	test "$(wc -l <story)" -eq 60 &&
	! grep -v "href=\"#rec-[0-9]*\"" story
'

test_done
