#!/bin/sh
# t1101-evtx-upgrade.sh - a case of schema version 1 (the schema of
# tests/t/data/schema-v1.sql, filled as casetrail 1 filled it) is upgraded
# when opened: the rows it holds get exactly the evtx columns a new ingest
# of the same logs gives, recomputed from their stored data, even with
# every normalised column emptied first. A read-only old case is refused
# by the commands that read, with what to do, and left untouched.
. "$TOP_SRCDIR/tests/t/lib.sh"

CRAFT="$TOP_BUILDDIR/tests/evtx-craft"
REFLOGS="$TOP_BUILDDIR/corpus/out/reference/logs"
# The schema version of this build (src/casedb.h).
V=$(sed -n 's/^#define CT_SCHEMA_VERSION[[:space:]]*\([0-9]*\).*/\1/p' \
    "$TOP_SRCDIR/src/casedb.h")

# downgrade NEW OLD [empty]: OLD becomes a schema-1 case holding NEW's
# rows (the columns schema 1 has); with "empty", the normalised evtx
# columns (after data) are all NULL, so only data can bring them back.
downgrade() {
	rm -f "$2" &&
	sqlite3 "$2" <"$TOP_SRCDIR/tests/t/data/schema-v1.sql" &&
	cols=$(sqlite3 "$2" "SELECT group_concat(CASE WHEN '${3:-}' = 'empty'
	    AND cid > (SELECT cid FROM pragma_table_info('evtx') WHERE name =
	    'data') THEN 'NULL' ELSE name END, ', ') FROM pragma_table_info('evtx')") &&
	srccols=$(sqlite3 "$2" "SELECT group_concat(name, ', ') FROM pragma_table_info('source')") &&
	sqlite3 "$2" "PRAGMA application_id = 1668575793;
	    PRAGMA user_version = 1; ATTACH '$1' AS n;
	    INSERT INTO meta SELECT * FROM n.meta WHERE key NOT LIKE 'deferred%';
	    INSERT INTO source SELECT $srccols FROM n.source;
	    INSERT INTO warning SELECT * FROM n.warning;
	    INSERT INTO record SELECT * FROM n.record;
	    INSERT INTO event SELECT * FROM n.event;
	    INSERT INTO evtx SELECT $cols FROM n.evtx;
	    INSERT INTO script_block SELECT * FROM n.script_block;"
}

# dump CASE: every row of the tables an ingest of logs fills
dump() {
	for t in evtx record event script_block warning; do
		echo "== $t"
		sqlite3 -batch -noheader "$1" ".mode quote" \
		    "SELECT * FROM $t ORDER BY 1"
	done
}

test_expect_success 'a new ingest: the crafted log and the reference logs' '
	"$CRAFT" scenario s.evtx &&
	set -- s.evtx &&
	if [ -d "$REFLOGS" ]; then set -- "$@" "$REFLOGS"; fi &&
	casetrail ingest -q -j 1 new.db "$@" &&
	test "$(sql new.db "PRAGMA user_version")" -eq "$V" &&
	dump new.db >new.dump
'

test_expect_success 'a schema-1 case is upgraded when opened, with a note' '
	downgrade new.db old.db &&
	test "$(sql old.db "PRAGMA user_version")" -eq 1 &&
	test_must_fail sql old.db "SELECT direction FROM evtx" 2>/dev/null &&
	casetrail info old.db >/dev/null 2>err &&
	test_grep "upgraded from schema version 1 to $V" err &&
	test "$(sql old.db "PRAGMA user_version")" -eq "$V" &&
	test "$(sql old.db "SELECT count(*) FROM meta WHERE key = '\''upgraded_v2'\''")" -eq 1
'

test_expect_success 'the upgraded case has the rows of a new ingest' '
	dump old.db >old.dump &&
	test_cmp new.dump old.dump &&
	sql new.db "SELECT name, type FROM pragma_table_info('\''evtx'\'')" >cols.new &&
	sql old.db "SELECT name, type FROM pragma_table_info('\''evtx'\'')" >cols.old &&
	test_cmp cols.new cols.old &&
	sql new.db "SELECT sql FROM sqlite_master WHERE type = '\''index'\'' ORDER BY name" >idx.new &&
	sql old.db "SELECT sql FROM sqlite_master WHERE type = '\''index'\'' ORDER BY name" >idx.old &&
	test_cmp idx.new idx.old
'

test_expect_success 'every normalised column comes back from data alone' '
	downgrade new.db empty.db empty &&
	test "$(sql empty.db "SELECT count(*) FROM evtx WHERE image IS NOT NULL")" -eq 0 &&
	casetrail info empty.db >/dev/null 2>&1 &&
	dump empty.db >empty.dump &&
	test_cmp new.dump empty.dump
'

test_expect_success 'data written otherwise than the parser writes it is read like SQLite reads it' '
	downgrade new.db odd.db empty &&
	sqlite3 odd.db "UPDATE evtx SET data = CASE record_id
	    WHEN 1 THEN '\''{ \"Image\" : \"C:\\u005cx\\/y\\u00e9.exe\", \"User\":\"a\\ud83d\\ude00\\tb\" }'\''
	    WHEN 2 THEN '\''{\"ProcessId\": 4242, \"Image\": [\"x\"]}'\''
	    WHEN 3 THEN '\''not json'\'' ELSE data END WHERE record_id <= 3" &&
	casetrail info odd.db >/dev/null 2>err &&
	test_grep "1 evtx rows whose data is not readable JSON" err &&
	test "$(sql odd.db "SELECT count(*) FROM evtx WHERE record_id = 1 AND image = json_extract(data, '\''$.Image'\'') AND user_name = json_extract(data, '\''$.User'\'')")" -eq 1 &&
	test "$(sql odd.db "SELECT hex(image) FROM evtx WHERE record_id = 1")" = 433A5C782F79C3A92E657865 &&
	test "$(sql odd.db "SELECT process_id, image FROM evtx WHERE record_id = 2")" = "4242|[\"x\"]" &&
	test "$(sql odd.db "SELECT count(*) FROM evtx WHERE record_id = 3 AND image IS NULL")" -eq 1
'

test_expect_success 'the new columns are filled: 4104 parts, engine version' '
	sql new.db "SELECT script_part, script_parts FROM evtx WHERE script_block_id = '\''aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee'\'' ORDER BY 1" >parts &&
	printf "1|2\n2|2\n" >expect &&
	test_cmp expect parts &&
	test "$(sql new.db "SELECT count(*) FROM evtx WHERE event_id = 400 AND engine_version = '\''5.1.19041.1'\''")" -eq 1
'

test_expect_success 'a read-only schema-1 case: report and export refuse it, untouched' '
	downgrade new.db ro.db &&
	chmod a-w ro.db &&
	cp ro.db ro.orig &&
	test_exit_code 3 casetrail report -o r.html ro.db 2>err &&
	test_grep "schema version 1" err &&
	test_grep "writable copy" err &&
	test_exit_code 3 casetrail export --format csv ro.db 2>err &&
	test_grep "read-only" err &&
	cmp ro.db ro.orig &&
	test ! -e ro.db-wal &&
	cp ro.db rw.db && chmod u+w rw.db &&
	casetrail info rw.db >/dev/null 2>&1 &&
	test "$(sql rw.db "PRAGMA user_version")" -eq "$V"
'

test_expect_success 'a writable schema-1 case: report upgrades it first' '
	downgrade new.db w.db &&
	casetrail report -o w.html w.db 2>err &&
	test_grep "upgraded" err &&
	test -s w.html &&
	test "$(sql w.db "PRAGMA user_version")" -eq "$V"
'

test_done
