#!/bin/sh
# t8000-run.sh - `casetrail run` end to end on the reference case's event
# logs and threat report (built by the corpus tools): every step runs, the
# reports are written and named, a second run adds nothing twice, and
# usage errors are caught.
. "$TOP_SRCDIR/tests/t/lib.sh"

MKEVTX=$TOP_BUILDDIR/corpus/mkevtx
MKPAYLOAD=$TOP_BUILDDIR/corpus/mkpayload
GEN=$TOP_SRCDIR/corpus/scenario/mkscenario.py

test_expect_success 'the corpus tools build the reference logs' '
	mkdir -p ref/logs &&
	"$MKPAYLOAD" ref/payload.exe &&
	python3 "$GEN" ref/payload.exe ref >/dev/null &&
	"$MKEVTX" ref/scenario.jsonl ref/logs >/dev/null &&
	test -f ref/threat-report.md
'

test_expect_success 'run ingests, matches, analyses and writes both reports' '
	casetrail run --ioc ref/threat-report.md -o out ref/logs >stdout 2>stderr &&
	test_grep "^report: out/report.html$" stdout &&
	test_grep "\[1/4\] ingesting" stderr &&
	test_grep "\[4/4\] writing the reports" stderr &&
	test -s out/report.html && test -s out/report.json && test -s out/case.db &&
	test "$(sql out/case.db "SELECT count(*) FROM source WHERE kind = '\''evtx'\''")" -eq 5 &&
	test "$(sql out/case.db "SELECT count(*) FROM indicator WHERE valid = 1")" -eq 7 &&
	test "$(sql out/case.db "SELECT count(DISTINCT indicator_id) FROM indicator_hit")" -ge 4 &&
	test "$(sql out/case.db "SELECT count(*) FROM finding WHERE severity IN ('\''high'\'', '\''critical'\'')")" -gt 0 &&
	test "$(sql out/case.db "SELECT count(*) FROM narrative")" -gt 0
'

test_expect_success 'the JSON report holds the narrative with evidence references' '
	python3 -c "
import json
d = json.load(open(\"out/report.json\"))
n = d[\"narrative\"]
assert len(n) > 0
assert all(s[\"evidence\"] for s in n), \"a sentence without evidence\"
"
'

test_expect_success 'a second run adds no evidence or indicators twice' '
	before=$(sql out/case.db "SELECT count(*) FROM record") &&
	casetrail run --ioc ref/threat-report.md -o out ref/logs >stdout 2>stderr &&
	test_grep "already in the case" stderr &&
	test_grep "already loaded" stderr &&
	test "$(sql out/case.db "SELECT count(*) FROM record")" -eq "$before" &&
	test "$(sql out/case.db "SELECT count(*) FROM indicator")" -eq 7
'

test_expect_success 'a second run matches the indicators once, not at ingest and again' '
	! grep "indicators matched again" stderr &&
	test "$(grep -c "indicator hit(s) on" stderr)" -eq 1
'

test_expect_success 'the real threat report: placeholders rejected with file and line' '
	if [ -f "$SHARED_DIR/threat-reports/000_42e2e90098da07de.txt" ]; then
		cp "$SHARED_DIR/threat-reports/000_42e2e90098da07de.txt" wily.txt &&
		casetrail run --ioc wily.txt -o out2 ref/logs/Security.evtx >stdout 2>stderr &&
		test_grep "wily.txt:31: placeholder" stderr &&
		test_grep "4 valid, 3 rejected" stderr
	else
		echo "SKIP part: $SHARED_DIR/threat-reports is missing" >&2
	fi
'

test_expect_success 'run without -o or evidence is a usage error' '
	test_exit_code 2 casetrail run ref/logs 2>err &&
	test_grep "need -o OUTDIR" err &&
	test_exit_code 2 casetrail run -o out3 2>err
'

test_expect_success 'run with missing evidence still reports, and exits 1' '
	test_exit_code 1 casetrail run -o out4 /nonexistent.evtx ref/logs/System.evtx >stdout 2>stderr &&
	test_grep "/nonexistent.evtx" stderr &&
	test -s out4/report.html
'

test_expect_success 'run --help' '
	casetrail run --help >out.txt &&
	test_grep "usage: casetrail run" out.txt
'

test_done
