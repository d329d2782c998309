#!/bin/sh
# t1401-hive-logs.sh - dirty hives and their transaction logs: the
# corpus's own dirty NTUSER.DAT replays to the clean hive it was made
# from (every key and value equal); the real UsrClass.dat and SYSTEM_B
# with and without their logs (dirty pages per MANIFEST, the sequence
# gap warned, the logs recorded as child sources with their hashes).
. "$TOP_SRCDIR/tests/t/lib.sh"

MKREGF=$TOP_BUILDDIR/corpus/mkregf
MKLNK=$TOP_BUILDDIR/corpus/mklnk
MKPAYLOAD=$TOP_BUILDDIR/corpus/mkpayload
export MKREGF MKLNK

# ingest_ok DB PATH: exit 0, or 1 (warnings)
ingest_ok() {
	casetrail ingest -q "$@"
	rc=$?
	[ $rc -eq 0 ] || [ $rc -eq 1 ]
}

# every key and value of a case, one line each, to compare two cases
dump() {
	sql "$1" "SELECT path, last_written, subkeys, value_count, class_name FROM reg_key ORDER BY path" &&
	sql "$1" "SELECT k.path, v.name, v.type, v.size, v.text, v.number, hex(v.data) FROM reg_value v JOIN reg_key k USING (record_id) ORDER BY k.path, v.name"
}

if [ -x "$MKREGF" ] && [ -x "$MKPAYLOAD" ] && [ -x "$MKLNK" ]; then
test_expect_success 'the corpus dirty NTUSER.DAT + LOG1 reads as the clean hive, key for key' '
	"$MKPAYLOAD" p.exe && sh "$TOP_SRCDIR/corpus/scenario/mkartefacts.sh" -p p.exe -o a >/dev/null &&
	casetrail ingest -q clean.db a/NTUSER.DAT &&
	ingest_ok dirty.db a/dirty/ &&
	dump clean.db >clean.txt && dump dirty.db >dirty.txt &&
	test "$(wc -l <clean.txt)" -gt 40 &&
	test_cmp clean.txt dirty.txt &&
	sql dirty.db "SELECT note FROM source WHERE parent_id IS NULL" >note &&
	test_grep "transaction logs applied (1 entries" note &&
	test "$(sql dirty.db "SELECT count(*) FROM source WHERE parent_id = 1 AND status = '"'"'ok'"'"'")" = 2
'
test_expect_success 'the same hive without its logs: as stored, warned, and different' '
	mkdir nolog && cp a/dirty/NTUSER.DAT nolog/ &&
	ingest_ok nolog.db nolog/NTUSER.DAT &&
	dump nolog.db >nolog.txt && ! test_cmp clean.txt nolog.txt >/dev/null &&
	sql nolog.db "SELECT message FROM warning" >w && test_grep "no transaction log" w
'
test_expect_success 'the same change in an old-format (DIRT) NTUSER.DAT.LOG, as Windows XP to 8 wrote it' '
	"$MKREGF" a/desc/NTUSER.DAT.old.jsonl old.hive && mkdir xp &&
	"$MKREGF" --dirty-old old.hive a/NTUSER.DAT xp/NTUSER.DAT xp/NTUSER.DAT.LOG &&
	test "$(dd if=xp/NTUSER.DAT.LOG bs=1 skip=512 count=4 2>/dev/null)" = DIRT &&
	ingest_ok xp.db xp/ &&
	dump xp.db >xp.txt && test_cmp clean.txt xp.txt &&
	sql xp.db "SELECT note FROM source WHERE parent_id = 1" >lognote &&
	test_grep "^old-format (DIRT) transaction log: [0-9]* dirty 512-byte pages applied (sequence [0-9]*)$" lognote &&
	test "$(sql xp.db "SELECT count(*) FROM warning")" = 0
'
test_expect_success 'an old-format log damaged after it was written: warned, the hive read as stored' '
	mkdir xp2 && cp xp/NTUSER.DAT xp/NTUSER.DAT.LOG xp2/ &&
	printf "\001" | dd of=xp2/NTUSER.DAT.LOG bs=1 seek=12 conv=notrunc 2>/dev/null &&
	ingest_ok xp2.db xp2/ &&
	sql xp2.db "SELECT message FROM warning" >w &&
	test_grep "NTUSER.DAT.LOG: old-format (DIRT) transaction log" w &&
	dump xp2.db >xp2.txt && ! test_cmp clean.txt xp2.txt >/dev/null
'
else
	echo "# corpus tools not built: the generated dirty hive is not checked" >&2
fi

require_shared corpus-ext/registry/regipy/UsrClass.dat.LOG1
D=$SHARED_DIR/corpus-ext/registry/regipy

test_expect_success 'UsrClass.dat with LOG1 and LOG2: 158 dirty pages, 14 entries, the gap warned' '
	mkdir u && cp "$D/UsrClass.dat" "$D/UsrClass.dat.LOG1" "$D/UsrClass.dat.LOG2" u/ &&
	ingest_ok u.db u/ &&
	sql u.db "SELECT note FROM source WHERE id = 1" >note &&
	test_grep "transaction logs applied (14 entries, sequence 287-300, 158 dirty pages, 1 sequence gap)" note &&
	sql u.db "SELECT offset || \" \" || message FROM warning" >w &&
	test_grep "^512 UsrClass.dat.LOG1: sequence gap: log entry 287 follows the hive.s sequence number 255 (31 missing)" w &&
	sql u.db "SELECT locator, status, note, sha256 FROM source WHERE parent_id = 1 ORDER BY id" >logs &&
	test_grep "beside UsrClass.dat|ok|transaction log: 4 entries (sequence 287-290), 53 dirty pages applied|b4c4930d57aed25472bb139fa12fcf3709d3b00852b897342edbf121d29df122" logs &&
	test_grep "beside UsrClass.dat|ok|transaction log: 10 entries (sequence 291-300), 105 dirty pages applied|5eddc08d39518ca58f0650c80ab8000bda8568e6a6ccf3a0baabd954ea6f26ae" logs
'

test_expect_success 'UsrClass.dat: with logs vs as stored (measured: +33 keys, +162 values, none lost)' '
	mkdir s && cp "$D/UsrClass.dat" s/ && ingest_ok s.db s/UsrClass.dat &&
	test "$(sql s.db "SELECT count(*) FROM reg_key") $(sql s.db "SELECT count(*) FROM reg_value")" = "6205 12369" &&
	test "$(sql u.db "SELECT count(*) FROM reg_key") $(sql u.db "SELECT count(*) FROM reg_value")" = "6238 12531" &&
	test "$(sql u.db "ATTACH '"'"'s.db'"'"' AS s; SELECT count(*) FROM (SELECT path FROM s.reg_key EXCEPT SELECT path FROM reg_key)")" = 0
'

test_expect_success 'SYSTEM_B with its logs: 315 dirty pages, 24 entries, the gap of 485 named' '
	mkdir b && cp "$D/SYSTEM_B" "$D/SYSTEM_B.LOG1" "$D/SYSTEM_B.LOG2" b/ &&
	ingest_ok b.db b/ &&
	sql b.db "SELECT note FROM source WHERE id = 1" >note &&
	test_grep "transaction logs applied (24 entries, sequence 2107-2130, 315 dirty pages, 1 sequence gap)" note &&
	sql b.db "SELECT message FROM warning" >w &&
	test_grep "log entry 2107 follows the hive.s sequence number 1621 (485 missing)" w &&
	test "$(sql b.db "SELECT count(*) FROM reg_key") $(sql b.db "SELECT count(*) FROM reg_value")" = "35595 78901"
'

test_expect_success 'hivex on the logs applied by a second applier counts what casetrail read' '
	if command -v hivexml >/dev/null; then
		for h in UsrClass.dat SYSTEM_B; do
			python3 "$TOP_SRCDIR/tests/t/hive-apply-logs.py" "$D/$h" "rec-$h" "$D/$h.LOG1" "$D/$h.LOG2" &&
			hivexml "rec-$h" >rec.xml 2>/dev/null &&
			echo "$(grep -o "<node " rec.xml | wc -l) $(grep -o "<value " rec.xml | wc -l)" || return 1
		done >hivex.counts &&
		printf "6238 12531\n35595 78901\n" >want && test_cmp want hivex.counts
	else
		echo "# hivexml missing (libhivex-bin): not cross-checked" >&2
	fi
'

test_expect_success 'a log with a damaged entry: the entries before it applied, the rest not' '
	mkdir c && cp "$D/UsrClass.dat" "$D/UsrClass.dat.LOG1" c/ &&
	chmod u+w c/UsrClass.dat.LOG1 &&
	printf "\377" | dd of=c/UsrClass.dat.LOG1 bs=1 seek=20000 conv=notrunc 2>/dev/null &&
	ingest_ok c.db c/ &&
	sql c.db "SELECT offset || \" \" || message FROM warning" >w &&
	test_grep "^16384 UsrClass.dat.LOG1: log entry at offset 16384 (sequence 288) fails its hash check" w &&
	sql c.db "SELECT note FROM source WHERE id = 1" >note &&
	test_grep "(1 entries, sequence 287-287, 3 dirty pages" note
'

test_done
