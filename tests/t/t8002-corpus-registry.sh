#!/bin/sh
# t8002-corpus-registry.sh - the reference case's registry hives and other
# Windows artefacts, built from source by corpus/scenario/mkregistry.py,
# corpus/mkregf and corpus/mklnk (corpus/scenario/mkartefacts.sh), come out
# byte-identical on every build and are read back by independent readers
# (libregf: python3-libregf and regfexport; hivex: hivexml and hivexsh;
# lnkinfo; rifiuti-vista) with what was described (corpus/tests/regf-check.py);
# the dirty NTUSER.DAT and its HvLE log replay to the clean hive
# (corpus/tests/regf-dirty.py); the benchmark generator; bad descriptions.
. "$TOP_SRCDIR/tests/t/lib.sh"

MKREGF=$TOP_BUILDDIR/corpus/mkregf
MKLNK=$TOP_BUILDDIR/corpus/mklnk
MKPAYLOAD=$TOP_BUILDDIR/corpus/mkpayload
ART=$TOP_SRCDIR/corpus/scenario/mkartefacts.sh
PY=/usr/bin/python3	# Debian's, where python3-libregf lives
export MKREGF MKLNK

[ -x "$MKREGF" ] && [ -x "$MKLNK" ] && [ -x "$MKPAYLOAD" ] || skip_all "corpus tools not built"
for t in regfexport hivexml hivexsh lnkinfo; do
	command -v $t >/dev/null 2>&1 || skip_all "$t missing (Debian libregf-utils, libhivex-bin, liblnk-utils)"
done
"$PY" -c 'import pyregf' 2>/dev/null || skip_all "python3-libregf missing"

# tap_ok FILE: the sub-check's TAP passed (its last line says N passed, 0 failed)
tap_ok() {
	cat "$1" &&
	tail -1 "$1" | grep -Eq '^[0-9]+ passed, 0 failed$'
}

test_expect_success 'build the artefacts twice: byte-identical' '
	"$MKPAYLOAD" payload.exe &&
	sh "$ART" -p payload.exe -o a && sh "$ART" -p payload.exe -o b &&
	(cd a && find . -type f -exec sha256sum {} + | sort -k2) >a.sums &&
	(cd b && find . -type f -exec sha256sum {} + | sort -k2) >b.sums &&
	test_cmp a.sums b.sums &&
	test "$(wc -l <a.sums)" -ge 25
'

test_expect_success 'every hive, LNK, $I and task file read back as described (libregf, regfexport, hivexml, hivexsh, lnkinfo, rifiuti-vista)' '
	"$PY" "$TOP_SRCDIR/corpus/tests/regf-check.py" a >check.out 2>&1;
	tap_ok check.out &&
	test "$(grep -c "^ok" check.out)" -ge 90
'

test_expect_success 'the dirty NTUSER.DAT: LOG1 replays to the clean hive; Marvin32 checked on real logs' '
	"$PY" "$TOP_SRCDIR/corpus/tests/regf-dirty.py" a \
		"$SHARED_DIR/corpus-ext/registry/regipy/UsrClass.dat.LOG1" \
		"$SHARED_DIR/corpus-ext/registry/regipy/SYSTEM_B.LOG2" >dirty.out 2>&1;
	tap_ok dirty.out &&
	if [ -f "$SHARED_DIR/corpus-ext/registry/regipy/UsrClass.dat.LOG1" ]; then
		test_grep "real log UsrClass.dat.LOG1" dirty.out
	else
		echo "# $SHARED_DIR/corpus-ext is missing: Marvin32 not checked on real logs" >&2
	fi
'

test_expect_success 'the ground truth of mkscenario.py carries the same registry facts' '
	mkdir gt && "$PY" "$TOP_SRCDIR/corpus/scenario/mkscenario.py" payload.exe gt >/dev/null &&
	"$PY" -c "
import json, sys
g = json.load(open(\"gt/ground-truth.json\"))[\"registry\"]
r = json.load(open(\"a/desc/registry-truth.json\"))
sys.exit(0 if g == r else 1)
"
'

test_expect_success 'mkregf --generate: deterministic, both readers count the same keys, bounded memory' '
	"$MKREGF" --generate 8 --seed 3 g1.hive && "$MKREGF" --generate 8 --seed 3 g2.hive &&
	cmp g1.hive g2.hive &&
	test "$(wc -c <g1.hive)" -ge 8388608 &&
	keys_l=$(regfinfo g1.hive | grep -c "(key:)") &&
	keys_h=$(hivexml g1.hive | grep -o "<node " | wc -l) &&
	echo "keys: libregf $keys_l, hivex $keys_h" &&
	test "$keys_l" -eq "$keys_h" && test "$keys_l" -gt 20000 &&
	# (not under AddressSanitizer, whose shadow memory and quarantine grow with every allocation)
	if [ -x /usr/bin/time ] && ! ldd "$MKREGF" 2>/dev/null | grep -q libasan; then
		/usr/bin/time -f "%M" "$MKREGF" --generate 64 --seed 3 g3.hive 2>rss &&
		echo "RSS $(tail -1 rss) KiB for 64 MB" && test "$(tail -1 rss)" -lt 65536
	fi
'

test_expect_success 'bad descriptions: FILE:LINE: message, exit 1' '
	h="{\"format\":\"casetrail-regf/1\",\"written\":\"2024-03-13T00:00:00Z\"}" &&
	printf "%s\n{\"key\":\"R\",\"time\":\"2024-03-13T00:00:00Z\"}\n{\"key\":\"R\\\\\\\\a\\\\\\\\b\",\"time\":\"2024-03-13T00:00:00Z\"}\n" "$h" >order.jsonl &&
	test_exit_code 1 "$MKREGF" order.jsonl x.hive 2>err && test_grep "order.jsonl:3: key not below an open key" err &&
	printf "%s\n{\"key\":\"R\",\"time\":\"2024-03-13T00:00:00Z\"}\n{\"value\":\"v\",\"type\":\"REG_SZ\",\"data\":1}\n" "$h" >type.jsonl &&
	test_exit_code 1 "$MKREGF" type.jsonl x.hive 2>err && test_grep "type.jsonl:3: string data expected" err &&
	printf "%s\n{\"key\":\"R\",\"time\":\"2024-03-13T00:00:00Z\"}\n{\"value\":\"v\",\"type\":\"REG_BINARY\",\"hex\":\"0g\"}\n" "$h" >hex.jsonl &&
	test_exit_code 1 "$MKREGF" hex.jsonl x.hive 2>err && test_grep "hex.jsonl:3: bad hex data" err &&
	printf "%s\n{\"key\":\"R\",\"time\":\"2024-03-13T00:00:00Z\"}\n{\"key\":\"R\\\\\\\\A\",\"time\":\"2024-03-13T00:00:00Z\"}\n{\"key\":\"R\\\\\\\\a\",\"time\":\"2024-03-13T00:00:00Z\"}\n" "$h" >dup.jsonl &&
	test_exit_code 1 "$MKREGF" dup.jsonl x.hive 2>err && test_grep "dup.jsonl:4: two subkeys with the same name" err &&
	printf "{\"key\":\"R\",\"time\":\"2024-03-13T00:00:00Z\"}\n" >nohdr.jsonl &&
	test_exit_code 1 "$MKREGF" nohdr.jsonl x.hive 2>err && test_grep "nohdr.jsonl:1: the first line must be" err &&
	test_exit_code 2 "$MKREGF" 2>err && test_grep "usage: mkregf" err &&
	test_exit_code 1 "$MKREGF" --dirty g1.hive g1.hive d.hive d.LOG1 2>err && test_grep "nothing to log" err
'

test_expect_success 'ri index roots, li leaves and lf leaves are read by both readers' '
	for leaf in lh lf li; do
		"$PY" -c "
import json
print(json.dumps({\"format\": \"casetrail-regf/1\", \"written\": \"2024-03-13T00:00:00Z\", \"leaf\": \"$leaf\", \"max_leaf\": 16}))
print(json.dumps({\"key\": \"R\", \"time\": \"2024-03-13T00:00:00Z\"}))
for i in range(100):
    print(json.dumps({\"key\": \"R\\\\k%03d\" % (99 - i), \"time\": \"2024-03-13T00:00:%02d.1234567Z\" % (i % 60)}))
" >$leaf.jsonl &&
		"$MKREGF" $leaf.jsonl $leaf.hive &&
		test "$(regfinfo $leaf.hive | grep -c "(key:) k")" -eq 100 &&
		test "$(hivexml $leaf.hive | grep -o "<node name=\"k" | wc -l)" -eq 100 &&
		regfinfo $leaf.hive | grep "(key:) k" | head -3 | tr -d " " >first &&
		printf "(key:)k000\n(key:)k001\n(key:)k002\n" | test_cmp - first || return 1
	done
'

test_done
