#!/bin/sh
# t8001-corpus-evtx.sh - the reference case's event logs, built from source
# by corpus/mkpayload, corpus/scenario/mkscenario.py and corpus/mkevtx, are
# valid EVTX for two independent readers (libevtx's evtxexport/evtxinfo and
# python-evtx), hold what was written, and come out byte-identical on every
# build.  Also checks the benchmark generator and bad scenario input.
. "$TOP_SRCDIR/tests/t/lib.sh"

MKEVTX=$TOP_BUILDDIR/corpus/mkevtx
MKPAYLOAD=$TOP_BUILDDIR/corpus/mkpayload
GEN=$TOP_SRCDIR/corpus/scenario/mkscenario.py
CHECK=$TOP_SRCDIR/corpus/tests/evtxcheck.py
PY=/usr/bin/python3	# Debian's, where python3-evtx lives

[ -x "$MKEVTX" ] && [ -x "$MKPAYLOAD" ] || skip_all "corpus tools not built"
command -v evtxexport >/dev/null 2>&1 || skip_all "evtxexport missing (Debian libevtx-utils)"
"$PY" -c 'import Evtx.Evtx' 2>/dev/null || skip_all "python-evtx missing (Debian python3-evtx)"

build_case() {
	mkdir -p "$1/logs" &&
	"$MKPAYLOAD" "$1/payload.exe" &&
	"$PY" "$GEN" "$1/payload.exe" "$1" &&
	"$MKEVTX" "$1/scenario.jsonl" "$1/logs"
}

sums() {
	(cd "$1" && sha256sum payload.exe scenario.jsonl threat-report.md \
		ground-truth.json logs/*.evtx)
}

test_expect_success 'payload: 40960 bytes, MZ header, says it is harmless' '
	"$MKPAYLOAD" p.exe &&
	test "$(wc -c <p.exe)" -eq 40960 &&
	test "$(head -c 2 p.exe)" = MZ &&
	test_grep -a "casetrail test file: a harmless stand-in" p.exe
'

test_expect_success 'build the reference case twice' '
	build_case a && build_case b
'

test_expect_success 'the second build is byte-identical' '
	sums a >a.sum && sums b >b.sum && test_cmp a.sum b.sum
'

test_expect_success 'five logs, >= 20,000 records over three days' '
	"$PY" "$CHECK" counts a/scenario.jsonl >counts &&
	test "$(wc -l <counts)" -eq 5 &&
	test "$(awk "{ n += \$1 } END { print n }" counts)" -ge 20000 &&
	for d in 2024-03-11 2024-03-12 2024-03-13; do
		test_grep -q "\"time\":\"${d}T" a/scenario.jsonl || return 1
	done &&
	for f in System.evtx Security.evtx "Windows PowerShell.evtx" \
		"Microsoft-Windows-PowerShell%4Operational.evtx" \
		"Microsoft-Windows-Sysmon%4Operational.evtx"; do
		test -s "a/logs/$f" || return 1
	done
'

test_expect_success 'file and chunk headers: signatures, 3.1, CRCs, numbering, clean' '
	"$PY" "$CHECK" headers a/logs/*.evtx
'

test_expect_success 'libevtx: every record read, counts match, no error' '
	while read -r n f; do
		evtxinfo "a/logs/$f" >info 2>err || { cat err; return 1; }
		test_grep -q "Number of records[^0-9]*: $n\$" info || return 1
		test_grep -q "Number of recovered records[^0-9]*: 0\$" info || return 1
		evtxexport -f xml "a/logs/$f" >xml 2>err || { cat err; return 1; }
		if grep -v "^evtxexport [0-9]*\$" err | grep -q .; then cat err; return 1; fi
		test "$(grep -c "^<Event xmlns" xml)" -eq "$n" || return 1
	done <counts
'

test_expect_success 'libevtx: chosen records read back exactly' '
	"$PY" "$CHECK" fields libevtx a/scenario.jsonl a/ground-truth.json a/logs
'

# python-evtx renders about 250 records a second, and every build of every
# developer runs this script: by default it renders every record of the
# three small logs and counts the records of all five (the chosen records of
# the big two are rendered by the next test); CASETRAIL_TEST_EXPENSIVE=1
# renders every record of all five (about two minutes).
test_expect_success 'python-evtx: records counted and rendered, no error' '
	while read -r n f; do
		if [ -n "${CASETRAIL_TEST_EXPENSIVE:-}" ] || [ "$n" -lt 2000 ]; then
			("$PY" /usr/bin/evtx_dump.py "a/logs/$f" >"py-$f.xml" 2>"py-$f.err";
			 echo $? >"py-$f.rc") &
		fi
	done <counts
	wait
	while read -r n f; do
		"$PY" "$CHECK" pycount "a/logs/$f" >pycount || return 1
		test "$(cat pycount)" -eq "$n" || return 1
		test -f "py-$f.rc" || continue
		test "$(cat "py-$f.rc")" = 0 || { cat "py-$f.err"; return 1; }
		! test -s "py-$f.err" || { cat "py-$f.err"; return 1; }
		test "$(grep -c "^<Event xmlns" "py-$f.xml")" -eq "$n" || return 1
	done <counts
'

test_expect_success 'python-evtx: chosen records read back exactly' '
	"$PY" "$CHECK" fields python-evtx a/scenario.jsonl a/ground-truth.json a/logs
'

test_expect_success 'threat report: real payload hashes, both IPs and URLs' '
	test_grep -q "^\* md5: $(md5sum <a/payload.exe | cut -c1-32) — " a/threat-report.md &&
	test_grep -q "^\* sha1: $(sha1sum <a/payload.exe | cut -c1-40) — " a/threat-report.md &&
	test_grep -q "^\* sha256: $(sha256sum <a/payload.exe | cut -c1-64) — " a/threat-report.md &&
	test_grep -q "^\* ip-dst: 5.39.218.205 — " a/threat-report.md &&
	test_grep -q "^\* ip-dst: 176.53.118.131 — " a/threat-report.md &&
	test_grep -q "^\* url: http://5.39.218.205/logo.png — " a/threat-report.md &&
	test_grep -q "^\* url: http://176.53.118.131/logo.png — " a/threat-report.md
'

test_expect_success 'ground truth: eight steps in order at the times of FACTS.md' '
	"$PY" -c "
import json, sys
t = json.load(open(\"a/ground-truth.json\"))
want = [\"2024-03-13T14:00:00.5000000Z\", \"2024-03-13T14:02:11.4000000Z\",
        \"2024-03-13T14:02:13.2000000Z\", \"2024-03-13T14:02:15.6000000Z\",
        \"2024-03-13T14:02:17.0120000Z\", \"2024-03-13T14:02:18.9000000Z\",
        \"2024-03-13T14:02:25.2000000Z\", \"2024-03-13T14:02:27.5000000Z\"]
got = [s[\"time\"] for s in t[\"steps\"]]
assert got == want, got
assert [s[\"step\"] for s in t[\"steps\"]] == list(range(1, 9))
assert len(t[\"ioc_hits\"]) == 7 and len(t[\"benign\"]) >= 6
for s in t[\"steps\"]:
    for e in s[\"evidence\"]:
        assert e[\"record\"] >= 1, e
"
'

test_expect_success 'damaged copies: every kind, deterministic, damaged where said' '
	"$PY" "$TOP_SRCDIR/corpus/mkcorrupt-evtx.py" a/logs/Security.evtx c1 &&
	"$PY" "$TOP_SRCDIR/corpus/mkcorrupt-evtx.py" b/logs/Security.evtx c2 &&
	(cd c1 && sha256sum *) >c1.sum && (cd c2 && sha256sum *) >c2.sum &&
	test_cmp c1.sum c2.sum &&
	test "$(grep -vc "^#" c1/corrupt.tsv)" -eq "$("$PY" "$TOP_SRCDIR/corpus/mkcorrupt-evtx.py" --list | wc -l)" &&
	grep -v "^#" c1/corrupt.tsv >kinds &&
	while IFS="	" read -r kind off what; do
		test -s "c1/$kind.evtx" || exit 1
		a=$(dd if=a/logs/Security.evtx bs=1 skip="$off" count=4 2>/dev/null | od -An -tx1)
		b=$(dd if="c1/$kind.evtx" bs=1 skip="$off" count=4 2>/dev/null | od -An -tx1)
		test "$a" != "$b" || { echo "$kind: no damage at $off"; exit 1; }
	done <kinds
'

test_expect_success 'mkevtx --generate: N records, deterministic, valid' '
	"$MKEVTX" --generate 3000 --seed 5 g1.evtx &&
	"$MKEVTX" --generate 3000 --seed 5 g2.evtx &&
	cmp g1.evtx g2.evtx &&
	"$PY" "$CHECK" headers g1.evtx &&
	evtxinfo g1.evtx >info &&
	test_grep -q "Number of records[^0-9]*: 3000\$" info
'

test_expect_success 'mkevtx: bad scenario lines are refused with file:line' '
	mkdir bad &&
	printf "{\"channel\":\"C\",\"provider\":\"P\",\"computer\":\"X\",\"time\":\"2024-03-13T14:02:15Z\",\"user\":\"S-1-x\"}\n" >bad1.jsonl &&
	test_exit_code 1 "$MKEVTX" bad1.jsonl bad 2>err &&
	test_grep -q "bad1.jsonl:1: bad .user. SID" err &&
	printf "{\"format\":\"casetrail-evtx-scenario/1\"}\n{not json\n" >bad2.jsonl &&
	test_exit_code 1 "$MKEVTX" bad2.jsonl bad 2>err &&
	test_grep -q "bad2.jsonl:2: not a JSON object" err &&
	printf "{\"channel\":\"../x\",\"provider\":\"P\",\"computer\":\"X\",\"time\":\"2024-03-13T14:02:15Z\"}\n" >bad3.jsonl &&
	test_exit_code 1 "$MKEVTX" bad3.jsonl bad 2>err &&
	test_grep -q "bad channel name" err &&
	printf "{\"channel\":\"C\",\"provider\":\"P\",\"computer\":\"X\",\"time\":\"2024-03-13T14:02:15.12345678Z\"}\n" >bad4.jsonl &&
	test_exit_code 1 "$MKEVTX" bad4.jsonl bad 2>err &&
	test_grep -q "bad .time." err &&
	big=$(head -c 40000 /dev/zero | tr "\\000" a) &&
	printf "{\"channel\":\"C\",\"provider\":\"P\",\"computer\":\"X\",\"time\":\"2024-03-13T14:02:15Z\",\"data\":[[\"A\",\"%s\"]]}\n" "$big" >bad5.jsonl &&
	test_exit_code 1 "$MKEVTX" bad5.jsonl bad 2>err &&
	test_grep -q "longer than 65535 bytes" err &&
	half=$(head -c 20000 /dev/zero | tr "\\000" b) &&
	printf "{\"channel\":\"C\",\"provider\":\"P\",\"computer\":\"X\",\"time\":\"2024-03-13T14:02:15Z\",\"data\":[[\"A\",\"%s\"],[\"B\",\"%s\"]]}\n" "$half" "$half" >bad6.jsonl &&
	test_exit_code 1 "$MKEVTX" bad6.jsonl bad 2>err &&
	test_grep -q "too large for one chunk" err &&
	test_exit_code 2 "$MKEVTX"
'

test_done
