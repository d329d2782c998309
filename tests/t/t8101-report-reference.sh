#!/bin/sh
# t8101-report-reference.sh - the report of the reference case, end to end:
# the corpus tools build the case's event logs and threat report, casetrail
# ingests them, loads the indicators, analyses, and writes the report; a
# headless Chromium renders it. Checks against corpus ground truth
# (ground-truth.json): the narrative gives the attack's steps in order,
# every evidence link resolves, both C&C addresses are in the story. Needs
# the EVTX parser, the indicator loader and the analysis; until they are
# built, the script skips and says which step is missing.
. "$TOP_SRCDIR/tests/t/lib.sh"
. "$TOP_SRCDIR/tests/t/browser.sh"

MKEVTX=$TOP_BUILDDIR/corpus/mkevtx
MKPAYLOAD=$TOP_BUILDDIR/corpus/mkpayload
GEN=$TOP_SRCDIR/corpus/scenario/mkscenario.py
PY=/usr/bin/python3

skip_loudly() {
	echo "################################################################" >&2
	echo "SKIP: $1" >&2
	echo "################################################################" >&2
	skip_all "$1"
}

[ -x "$MKEVTX" ] && [ -x "$MKPAYLOAD" ] && [ -f "$GEN" ] ||
	{ echo "corpus tools (corpus/mkevtx, corpus/mkpayload) not built" >&2; exit 1; }
command -v jq >/dev/null 2>&1 || skip_loudly "jq missing (Debian package jq)"
require_chromium

mkdir -p ref/logs &&
"$MKPAYLOAD" ref/payload.exe &&
"$PY" "$GEN" ref/payload.exe ref >/dev/null &&
"$MKEVTX" ref/scenario.jsonl ref/logs >/dev/null ||
	{ echo "the corpus tools could not build the reference logs" >&2; exit 1; }

test_expect_success 'ingest, indicators and analysis of the reference logs' '
	casetrail ingest -q case.db ref/logs/*.evtx &&
	test "$(sql case.db "SELECT count(*) FROM evtx")" -gt 30000 &&
	casetrail ioc -q case.db ref/threat-report.md &&
	casetrail analyze -q case.db
'

test_expect_success 'report of the reference case, HTML and JSON' '
	casetrail report case.db -o report.html &&
	casetrail report case.db --format json -o report.json &&
	jq -e ".counts.findings > 0 and (.narrative | length) > 0" report.json
'

# step_record STEP: the case record id of a ground-truth step's first (main)
# evidence record, found by log file name and EVTX record number.
step_record() {
	jq -r ".steps[] | select(.step == $1) | .evidence[0] | \"\\(.log)\t\\(.record)\"" ref/ground-truth.json |
	while IFS="$(printf "\t")" read -r log rec; do
		sql case.db "SELECT r.id FROM evtx x JOIN record r ON r.id = x.record_id
		    JOIN source s ON s.id = r.source_id WHERE x.record_number = $rec
		    AND (s.path = '$log' OR s.path LIKE '%/$log')"
	done
}

test_expect_success 'the narrative tells every ground-truth step, in order' '
	jq -r ".narrative[] | select(.chain_id != null) | .seq as \$q | .evidence[] | \"\\(.) \\(\$q)\"" report.json >cited &&
	prev=0 &&
	for step in $(jq -r ".steps[].step" ref/ground-truth.json); do
		rid=$(step_record "$step") &&
		test -n "$rid" || { echo "step $step: evidence record not in the case"; exit 1; }
		seq=$(awk -v r="$rid" "\$1 == r { print \$2 }" cited | sort -n | head -1)
		test -n "$seq" || { echo "step $step (record $rid) is in no sentence"; exit 1; }
		test "$seq" -ge "$prev" || { echo "step $step told in sentence $seq, before step $((step - 1)) (sentence $prev)"; exit 1; }
		echo "step $step: record $rid, sentence $seq"
		prev=$seq
	done &&
	jq -r ".narrative[] | select(.chain_id != null) | .time" report.json >have &&
	sort have | cmp - have
'

test_expect_success 'the story names both C&C addresses' '
	jq -r ".narrative[].text" report.json >story &&
	test_grep "5.39.218.205" story &&
	test_grep "176.53.118.131" story
'

test_expect_success 'indicator hits for both IP addresses' '
	jq -r ".indicator_hits[].matched" report.json >matched &&
	test_grep "5.39.218.205" matched &&
	test_grep "176.53.118.131" matched
'

test_expect_success 'Chromium: narrative in order, every evidence link resolves' '
	dump_dom report.html dom.html &&
	test_grep "<title>casetrail case report</title>" dom.html &&
	grep -o "href=\"#[^\"]*\"" dom.html | sed "s/href=\"#//; s/\"//" | sort -u >links &&
	grep -o " id=\"[^\"]*\"" dom.html | sed "s/ id=\"//; s/\"//" | sort -u >ids &&
	grep -q "^rec-" links &&
	comm -23 links ids >dangling &&
	test_cmp /dev/null dangling &&
	tr -d "\n" <dom.html | grep -o "<ol class=\"narrative\".*</ol>" |
		grep -o "<time>[^<]*</time>" | sed "s/<[^>]*>//g" >dom-times &&
	test -s dom-times
'

test_expect_success 'screenshot of the reference report' '
	screenshot report.html reference-report.png &&
	test -s reference-report.png
'
[ -s reference-report.png ] && keep_artefact reference-report.png

test_done
