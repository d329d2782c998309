#!/bin/sh
# t0001-case.sh - the case file: creation, info, refusal of foreign files.
. "$TOP_SRCDIR/tests/t/lib.sh"

# The schema version of this build (src/casedb.h).
V=$(sed -n 's/^#define CT_SCHEMA_VERSION[[:space:]]*\([0-9]*\).*/\1/p' \
    "$TOP_SRCDIR/src/casedb.h")

test_expect_success 'a new case has the current schema version and zero counts' '
	printf "x" >notes.txt &&
	test_must_fail casetrail ingest new.db notes.txt 2>/dev/null &&
	casetrail info --json new.db >info.json &&
	test_grep "\"schema_version\": $V," info.json &&
	test "$(grep -c "\": 0" info.json)" -eq 16 &&
	test_grep "\"time_range\": null" info.json &&
	test_grep "\"sources\": \[\]" info.json
'

test_expect_success 'info --json is valid JSON with the documented keys' '
	python3 -c "
import json, sys
d = json.load(open(\"info.json\"))
assert d[\"format\"] == 1
assert d[\"schema_version\"] == $V
for k in (\"sources\", \"files\", \"deleted_files\", \"filesystem_events\",
          \"evtx_records\", \"recovered_evtx_records\", \"usn_records\",
          \"prefetch_files\", \"prefetch_runs\", \"indicators_valid\",
          \"indicators_rejected\", \"indicator_hits\", \"findings\",
          \"warnings\", \"timeline_events\"):
    assert d[\"counts\"][k] == 0, k
"
'

test_expect_success 'info in text form' '
	casetrail info new.db >out &&
	test_grep "^schema version: $V" out &&
	test_grep "(none)" out
'

test_expect_success 'a text file is refused and left byte-for-byte unchanged' '
	printf "meeting notes\nline two\n" >notacase.txt &&
	cp notacase.txt before.txt &&
	test_exit_code 3 casetrail info notacase.txt 2>err &&
	test_grep "not a casetrail case file" err &&
	cmp before.txt notacase.txt &&
	test_exit_code 3 casetrail ingest notacase.txt notacase.txt 2>err &&
	cmp before.txt notacase.txt &&
	test ! -e notacase.txt-wal
'

test_expect_success 'another SQLite database is refused and left unchanged' '
	sqlite3 other.db "CREATE TABLE t(x); INSERT INTO t VALUES (1);" &&
	cp other.db before.db &&
	test_exit_code 3 casetrail info other.db 2>err &&
	test_grep "another application" err &&
	cmp before.db other.db
'

test_expect_success 'a case from a newer casetrail is refused clearly' '
	sqlite3 newer.db "PRAGMA application_id = 1668575793; PRAGMA user_version = 7; CREATE TABLE t(x);" &&
	test_exit_code 3 casetrail info newer.db 2>err &&
	test_grep "schema version 7, newer" err
'

test_expect_success 'info on a missing case file fails' '
	test_exit_code 1 casetrail info missing.db 2>err &&
	test_grep "missing.db" err
'

test_expect_success 'the timeline view formats 100 ns precision' '
	test "$(sqlite3 new.db "SELECT strftime(\"%Y-%m-%dT%H:%M:%S\", 133548121314000001 / 10000000 - 11644473600, \"unixepoch\") || \".\" || printf(\"%07d\", 133548745314000001 % 10000000)")" = "2024-03-13T14:02:11.4000001"
'

test_done
