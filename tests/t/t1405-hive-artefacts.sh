#!/bin/sh
# t1405-hive-artefacts.sh - the registry artefacts through the command
# line: `casetrail ingest` of real hives (../shared/corpus-ext/registry,
# MANIFEST.md) runs the decoders on every key and writes artefact rows
# with MANIFEST's facts, each linked to the key record it came from, each
# with its timeline event; indicators match them.
. "$TOP_SRCDIR/tests/t/lib.sh"

R=registry/regipy
require_shared corpus-ext/$R/SYSTEM
D=$SHARED_DIR/corpus-ext/$R

ingest_copy() { # ingest_copy CASE FILE...: copies, named as the originals
	c=$1; shift
	mkdir -p "in-$c" && cp "$@" "in-$c/" || return 1
	casetrail ingest -q "$c.db" "in-$c"
	rc=$?
	[ $rc -eq 0 ] || [ $rc -eq 1 ]	# dirty hives without logs warn
}

test_expect_success 'SYSTEM: 660 ShimCache entries, mfeann.exe first and executed in both control sets' '
	ingest_copy sys "$D/SYSTEM" &&
	test "$(sql sys.db "SELECT count(*) FROM artefact WHERE kind = \"shimcache\"")" = 660 &&
	sql sys.db "SELECT key_path || \"|\" || path || \"|\" || executed FROM artefact WHERE kind = \"shimcache\" AND position = 0 ORDER BY key_path" >first &&
	test "$(wc -l <first)" = 2 &&
	test_grep "^ControlSet001.Control.Session Manager.AppCompatCache|.??.C:.Program Files.McAfee.VirusScan Enterprise.mfeann.exe|1$" first &&
	test "$(sql sys.db "SELECT count(*) FROM artefact WHERE kind = \"computer_name\" AND name IN (\"WKS-WIN732BITA\", \"WIN-V5T3CSP8U4H\")")" = 2
'

test_expect_success 'every registry artefact cites its key record, and the key is the one named' '
	test "$(sql sys.db "SELECT count(*) FROM artefact WHERE key_record_id IS NULL")" = 0 &&
	test "$(sql sys.db "SELECT count(*) FROM artefact a JOIN reg_key k ON k.record_id = a.key_record_id WHERE k.path <> a.key_path")" = 0 &&
	test "$(sql sys.db "SELECT count(*) FROM artefact a JOIN record r ON r.id = a.record_id WHERE r.type <> \"artefact\"")" = 0
'

test_expect_success 'NTUSER.DAT: UserAssist (EXCEL.EXE run 4 times), TypedURLs, WordWheelQuery, the Run value' '
	ingest_copy ntu "$D/NTUSER.DAT" &&
	test "$(sql ntu.db "SELECT count(*) FROM artefact WHERE kind = \"userassist\"")" = 31 &&
	test "$(sql ntu.db "SELECT count FROM artefact WHERE kind = \"userassist\" AND path LIKE \"%Office14\\EXCEL.EXE\"")" = 4 &&
	test "$(sql ntu.db "SELECT path FROM artefact WHERE kind = \"typed_url\" AND position = 0")" = "http://199.73.28.114:53/" &&
	test "$(sql ntu.db "SELECT name FROM artefact WHERE kind = \"word_wheel_query\" AND position = 0")" = alloy &&
	test "$(sql ntu.db "SELECT command_line FROM artefact WHERE kind = \"run_key\" AND name = \"Sidebar\"")" = "%ProgramFiles%\Windows Sidebar\Sidebar.exe /autoRun" &&
	test "$(sql ntu.db "SELECT count(*) FROM event e JOIN artefact a ON a.record_id = e.record_id WHERE a.kind = \"userassist\"")" -gt 0
'

test_expect_success 'SAM: Administrator logged on 6 times, the machine SID' '
	ingest_copy sam "$D/SAM" &&
	test "$(sql sam.db "SELECT count FROM artefact WHERE kind = \"sam_user\" AND json_extract(data, \"\$.rid\") = 500")" = 6 &&
	test "$(sql sam.db "SELECT name FROM artefact WHERE kind = \"machine_sid\"")" = S-1-5-21-1760460187-1592185332-161725925
'

test_expect_success 'amcache.hve: 1,120 Root\File and 247 InventoryApplicationFile entries; its SHA-1 an indicator hits, told as a program that was here' '
	ingest_copy amc "$D/amcache.hve" &&
	test "$(sql amc.db "SELECT count(*) FROM artefact WHERE kind = \"amcache_file\" AND key_path LIKE \"Root\\File\\%\"")" = 1120 &&
	test "$(sql amc.db "SELECT count(*) FROM artefact WHERE kind = \"amcache_file\" AND key_path LIKE \"Root\\InventoryApplicationFile\\%\"")" = 247 &&
	printf "056f4b9d9ec9b5dc548e1b460da889e44089d76f\n" >ioc.txt &&
	casetrail ioc -q amc.db ioc.txt &&
	sql amc.db "SELECT a.path FROM indicator_hit h JOIN artefact a ON a.record_id = h.record_id WHERE h.field = '\''sha1'\''" >hit &&
	test_grep "system32.TPVMMondeu.dll" hit &&
	casetrail analyze -q amc.db &&
	sql amc.db "SELECT statement FROM finding WHERE rule = \"ioc-hit\"" >st &&
	test_grep "matched what Windows recorded of a program; Amcache lists it as C:.Windows.system32.TPVMMondeu.dll: Windows recorded the program here, and that record outlives its file" st
'

test_done
