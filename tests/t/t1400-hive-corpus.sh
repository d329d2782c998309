#!/bin/sh
# t1400-hive-corpus.sh - registry hives by other people
# (../shared/corpus-ext/registry, MANIFEST.md): every key and value read,
# counts equal to MANIFEST's and to hivex's (hivexml, an independent
# reader), value types, chosen values and key times at full precision.
. "$TOP_SRCDIR/tests/t/lib.sh"

R=registry/regipy
require_shared corpus-ext/$R/NTUSER.DAT
D=$SHARED_DIR/corpus-ext/$R

# ingest_one FILE [NAME]: a copy of FILE ingested into NAME.db; exit
# status 1 (warnings: a dirty hive without its logs) is accepted, the
# tests look at the warnings themselves
ingest_one() {
	name=${2:-$(basename "$1")}
	mkdir -p "in-$name" && cp "$1" "in-$name/$name" || return 1
	casetrail ingest -q "$name.db" "in-$name/$name"
	rc=$?
	[ $rc -eq 0 ] || [ $rc -eq 1 ]
}

# counts DB: "keys values" as the case holds them
counts() {
	echo "$(sql "$1" "SELECT count(*) FROM reg_key") $(sql "$1" "SELECT count(*) FROM reg_value")"
}

test_expect_success 'NTUSER.DAT: 1,812 keys and 4,094 values, as hivexml counts them' '
	ingest_one "$D/NTUSER.DAT" &&
	test "$(counts NTUSER.DAT.db)" = "1812 4094" &&
	if command -v hivexml >/dev/null; then
		hivexml "$D/NTUSER.DAT" >n.xml 2>/dev/null &&
		test "$(grep -o "<node " n.xml | wc -l) $(grep -o "<value " n.xml | wc -l)" = "1812 4094"
	else
		echo "# hivexml missing (libhivex-bin): not cross-checked" >&2
	fi
'

test_expect_success 'NTUSER.DAT: value types as MANIFEST breaks them down' '
	sql NTUSER.DAT.db "SELECT type || \":\" || count(*) FROM reg_value GROUP BY type ORDER BY type" >types &&
	printf "0:141\n1:1636\n2:93\n3:531\n4:1336\n7:303\n11:54\n" >want &&
	test_cmp want types
'

test_expect_success 'NTUSER.DAT: the Run key, its Sidebar value and its time to 100 ns' '
	sql NTUSER.DAT.db "SELECT k.last_written, v.type, v.text FROM reg_key k JOIN reg_value v USING (record_id) WHERE k.path = '"'"'Software\Microsoft\Windows\CurrentVersion\Run'"'"'" >run &&
	echo "129779615948377168|2|%ProgramFiles%\Windows Sidebar\Sidebar.exe /autoRun" >want &&
	test_cmp want run &&
	test "$(sql NTUSER.DAT.db "SELECT count(*) FROM event e JOIN reg_key k USING (record_id) WHERE k.path = '"'"'Software\Microsoft\Windows\CurrentVersion\Run'"'"' AND e.ts = 129779615948377168 AND e.ts_desc = '"'"'key last written'"'"'")" = 1
'

test_expect_success 'NTUSER.DAT: root key time, locator, owner from the base block, key cell offset' '
	test "$(sql NTUSER.DAT.db "SELECT last_written FROM reg_key WHERE path = '"'"''"'"'")" = 129780243434537497 &&
	test "$(sql NTUSER.DAT.db "SELECT r.locator || \"|\" || r.offset FROM record r JOIN reg_key k ON k.record_id = r.id WHERE k.path = '"'"''"'"'")" = "NTUSER (vibranium) key \\|4128" &&
	test "$(sql NTUSER.DAT.db "SELECT hive FROM reg_key GROUP BY hive")" = NTUSER &&
	test "$(sql NTUSER.DAT.db "SELECT count(*) FROM reg_key WHERE date(last_written / 10000000 - 11644473600, '"'"'unixepoch'"'"') = '"'"'2012-04-03'"'"'")" = 1490 &&
	test "$(sql NTUSER.DAT.db "SELECT status FROM source")" = ok
'

test_expect_success 'SYSTEM: 30,756 keys, 73,456 values; Select Current 1; 467 services' '
	ingest_one "$D/SYSTEM" &&
	test "$(counts SYSTEM.db)" = "30756 73456" &&
	test "$(sql SYSTEM.db "SELECT v.number FROM reg_value v JOIN reg_key k USING (record_id) WHERE k.path = '"'"'Select'"'"' AND v.name = '"'"'Current'"'"'")" = 1 &&
	test "$(sql SYSTEM.db "SELECT subkeys FROM reg_key WHERE path = '"'"'ControlSet001\Services'"'"'")" = 467 &&
	test "$(sql SYSTEM.db "SELECT last_written FROM reg_key WHERE path = '"'"'ControlSet001\Control\ComputerName\ComputerName'"'"'")" = 129338830887187500
'

test_expect_success 'SYSTEM: TimeZoneKeyName is the text regfexport shows (its garbage is past the 44 bytes)' '
	sql SYSTEM.db "SELECT v.text, v.data IS NOT NULL FROM reg_value v JOIN reg_key k USING (record_id) WHERE k.path = '"'"'ControlSet001\Control\TimeZoneInformation'"'"' AND v.name = '"'"'TimeZoneKeyName'"'"'" >tz &&
	echo "Eastern Standard Time|0" >want && test_cmp want tz
'

test_expect_success 'amcache.hve: 2,105 keys, 17,539 values by type; dirty without logs: warned, noted' '
	ingest_one "$D/amcache.hve" Amcache.hve &&
	test "$(counts Amcache.hve.db)" = "2105 17539" &&
	sql Amcache.hve.db "SELECT type || \":\" || count(*) FROM reg_value GROUP BY type ORDER BY count(*) DESC" >types &&
	printf "1:14433\n4:1656\n11:1254\n7:140\n3:56\n" >want && test_cmp want types &&
	test "$(sql Amcache.hve.db "SELECT DISTINCT hive FROM reg_key")" = AMCACHE &&
	sql Amcache.hve.db "SELECT offset || \" \" || message FROM warning" >w &&
	test "$(wc -l <w)" = 1 &&
	test_grep "^4 .*dirty hive (sequence numbers 41 and 40) and no transaction log" w &&
	sql Amcache.hve.db "SELECT note FROM source" >note &&
	test_grep "dirty hive read as stored, transaction logs absent" note &&
	test "$(sql Amcache.hve.db "SELECT status FROM source")" = partial
'

test_expect_success 'amcache.hve: the TPVMMondeu.dll file entry with its 0000-prefixed SHA-1' '
	test "$(sql Amcache.hve.db "SELECT count(*) FROM reg_value WHERE name = '"'"'101'"'"' AND text = '"'"'0000056f4b9d9ec9b5dc548e1b460da889e44089d76f'"'"'")" = 1
'

test_expect_success 'SAM 65/70 and SECURITY 100/109 (named by their file names)' '
	ingest_one "$D/SAM" && test "$(counts SAM.db)" = "65 70" &&
	test "$(sql SAM.db "SELECT DISTINCT hive FROM reg_key")" = SAM &&
	ingest_one "$D/SECURITY" && test "$(counts SECURITY.db)" = "100 109" &&
	test "$(sql SECURITY.db "SELECT DISTINCT hive FROM reg_key")" = SECURITY
'

test_expect_success 'SYSTEM_B: the type from the base block; value types outside 0-11 kept as stored' '
	ingest_one "$D/SYSTEM_B" && test "$(counts SYSTEM_B.db)" = "33123 74957" &&
	test "$(sql SYSTEM_B.db "SELECT DISTINCT hive FROM reg_key")" = SYSTEM &&
	test "$(sql SYSTEM_B.db "SELECT count(*) FROM reg_value WHERE type = 4294901778")" = 1810 &&
	test "$(sql SYSTEM_B.db "SELECT count(*) FROM reg_value WHERE type = 4294901767 AND data IS NOT NULL")" = 1112
'

test_expect_success 'UsrClass.dat as stored: 6,205/12,369, the owner SID from the root key' '
	ingest_one "$D/UsrClass.dat" && test "$(counts UsrClass.dat.db)" = "6205 12369" &&
	test "$(sql UsrClass.dat.db "SELECT DISTINCT hive FROM reg_key")" = USRCLASS &&
	sql UsrClass.dat.db "SELECT locator FROM record LIMIT 1" >loc &&
	echo "USRCLASS (S-1-5-21-2734969515-1644526556-1039763013-1001) key \\" >want && test_cmp want loc
'

test_expect_success 'a hive with another name is still found (probe: regf, file type 0); its logs are not' '
	mkdir probe && cp "$D/SAM" probe/x.bin && cp "$D/UsrClass.dat.LOG1" probe/ &&
	casetrail ingest -q probe.db probe/ &&
	test "$(sql probe.db "SELECT count(*) || \" \" || min(parser) FROM source")" = "1 hive" &&
	test "$(counts probe.db)" = "65 70"
'

test_done
