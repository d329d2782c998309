#!/bin/sh
# t8101-report-reference.sh - the report of the reference case, end to end:
# the corpus tools build the case's event logs and threat report, casetrail
# ingests them, loads the indicators, analyses, and writes the report; a
# headless Chromium renders it. Checks against corpus ground truth
# (ground-truth.json): the narrative gives the attack's steps in order,
# every evidence link resolves, both C&C addresses are in the story; the
# first screen holds host, verdict and next steps, the drawn chain has a
# linked box per behaviour step, nothing is wider than the window. With
# the reference disk image of `make corpus`, the report of `casetrail run`
# on it: at most 1 MB, 10 to 20 printed pages, and the same checks. Needs
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
	test_grep "<title>FIN-WS042.corp.quilltech.example — incident report (casetrail)</title>" dom.html &&
	grep -o "href=\"#[^\"]*\"" dom.html | sed "s/href=\"#//; s/\"//" | sort -u >links &&
	grep -o " id=\"[^\"]*\"" dom.html | sed "s/ id=\"//; s/\"//" | sort -u >ids &&
	grep -q "^rec-" links &&
	comm -23 links ids >dangling &&
	test_cmp /dev/null dangling &&
	tr -d "\n" <dom.html | grep -o "<ol class=\"narrative\".*</ol>" |
		grep -o "<time>[^<]*</time>" | sed "s/<[^>]*>//g" >dom-times &&
	test -s dom-times
'

test_expect_success 'the first screen: host, account, verdict and next steps' '
	probe_page report.html probe &&
	test_grep "^host FIN-WS042.corp.quilltech.example$" probe &&
	test_grep "^host CORP.jdoe$" probe &&
	test_grep "^viewport-host 3$" probe &&
	test_grep "^verdict An attack chain of [0-9]* behaviour step(s), rated high, ran on FIN-WS042.corp.quilltech.example; .* It began when the Task Scheduler started the QuillEdit updater QEUpdate.exe" probe &&
	test_grep "^viewport-verdict 1$" probe &&
	n=$(grep -c "^action " probe) &&
	test "$n" -ge 4 &&
	test_grep "^viewport-action $n$" probe
'

test_expect_success 'the drawn chain: a linked box per behaviour step; links resolve; nothing too wide' '
	want=$(sql case.db "SELECT count(*) FROM chain_step cs JOIN finding f ON f.id = cs.finding_id WHERE f.rule <> \"ioc-hit\"") &&
	test "$want" -ge 5 &&
	test_grep "^steps $want$" probe &&
	test "$(grep -c "^step-link OK #rec-" probe)" -eq "$want" &&
	! grep "^dangling" probe &&
	! grep "^wide " probe &&
	test_grep "^doc-width 1400 of 1400$" probe
'

test_expect_success 'screenshot of the reference report' '
	screenshot_at report.html reference-report.png 1400 900 &&
	test -s reference-report.png
'
[ -s reference-report.png ] && keep_artefact reference-report.png

# Several hosts: the reference logs with real logs of other attacks on
# three other hosts (../shared/corpus-ext/DeepBlueCLI, read in place).
DB=${SHARED_DIR:-$TOP_SRCDIR/../shared}/corpus-ext/DeepBlueCLI
if [ -f "$DB/metasploit-sysmon.evtx" ] && [ -f "$DB/psattack-security.evtx" ]; then
	test_expect_success 'several hosts: the verdict sums up the chain the threat report matches, each drawn chain names its host' '
		{ casetrail ingest -q multi.db ref/logs/*.evtx "$DB/metasploit-sysmon.evtx" \
		    "$DB/psattack-security.evtx" "$DB/Powershell-Invoke-Obfuscation-many.evtx" || true; } &&
		casetrail ioc -q multi.db ref/threat-report.md &&
		casetrail analyze -q multi.db &&
		casetrail report multi.db -o multi.html &&
		test "$(sql multi.db "SELECT count(DISTINCT computer) FROM evtx")" -ge 3 &&
		test "$(sql multi.db "SELECT count(*) FROM chain")" -ge 3 &&
		probe_page multi.html mprobe &&
		test "$(grep -c "^host " mprobe)" -ge 5 &&
		test_grep "^verdict An attack chain of [0-9]* behaviour step(s), rated high, ran on FIN-WS042.corp.quilltech.example; the threat report.s indicators match" mprobe &&
		! grep "^host 1601\|^host 1970" mprobe &&
		test_grep "^action Isolate .*, .*, .* from the network" mprobe &&
		! grep "^dangling" mprobe && ! grep "^wide " mprobe &&
		test "$(grep -c "<svg class=\"chain-svg\"" multi.html)" -eq "$(sql multi.db "SELECT count(*) FROM chain")" &&
		grep -o "<text class=\"lane\"[^<]*" multi.html | sed "s/.*>host //" | sort -u >lanes &&
		test "$(wc -l <lanes)" -ge 3 &&
		test_grep "^FIN-WS042.corp.quilltech.example$" lanes &&
		sed -n "/<table class=\"hosts\">/,/<\/table>/p" multi.html >hosts &&
		test "$(grep -c "<tr><td><strong>" hosts)" -ge 3
	'
else
	echo "################################################################" >&2
	echo "SKIP: $DB is missing: the several-host case was not checked" >&2
	echo "################################################################" >&2
fi

# The whole reference case: the disk image (the main build's `make corpus`)
# through `casetrail run`, as scripts/demo does.
IMG=$TOP_BUILDDIR/corpus/out/reference/image.E01
IOC=$TOP_BUILDDIR/corpus/out/reference/threat-report.txt
if [ -f "$IMG" ] && [ -f "$IOC" ]; then
	test_expect_success 'casetrail run on the reference image' '
		casetrail run -q --ioc "$IOC" -o img "$IMG" &&
		test -s img/report.html
	'

	test_expect_success 'reference image: the HTML report is at most 1 MB' '
		size=$(wc -c <img/report.html) &&
		echo "# report.html: $size bytes" &&
		test "$size" -le 1048576
	'

	test_expect_success 'reference image: the first screen, the drawn chain, links, width' '
		probe_page img/report.html iprobe &&
		test_grep "^host FIN-WS042.corp.quilltech.example$" iprobe &&
		test_grep "^viewport-verdict 1$" iprobe &&
		n=$(grep -c "^action " iprobe) && test "$n" -ge 5 &&
		test_grep "^viewport-action $n$" iprobe &&
		test_grep "^action Hunt SHA-256 b250ccac8790ef965cfc6e3699fdc58f9604e920bfa7d25800e502c6597676d0" iprobe &&
		want=$(sql img/case.db "SELECT count(*) FROM chain_step cs JOIN finding f ON f.id = cs.finding_id WHERE f.rule <> \"ioc-hit\"") &&
		test_grep "^steps $want$" iprobe &&
		test "$(grep -c "^step-link OK #rec-" iprobe)" -eq "$want" &&
		! grep "^dangling" iprobe &&
		! grep "^wide " iprobe
	'

	test_expect_success 'reference image: the recovered payload and the indicators in the verdict' '
		sed -n "/<section id=\"verdict\"/,/<\/section>/p" img/report.html >verdict &&
		test_grep "Recovered:</strong> the deleted file <code>/Users/jdoe/AppData/Local/Temp/QEUpd/qeupdate_helper.exe</code>" verdict &&
		test_grep "qeupdate_helper.exe</a> (by md5, sha1, sha256)" verdict &&
		test_grep "<strong>Not found:</strong> none of the valid indicators" verdict
	'

	test_expect_success 'reference image: printed, 10 to 20 pages' '
		CASETRAIL_CHROMIUM="$CHROMIUM" casetrail report --format pdf -o reference.pdf img/case.db &&
		pages=$(pdf_pages reference.pdf) &&
		echo "# printed: $pages pages" &&
		test "$pages" -ge 10 && test "$pages" -le 20
	'

	test_expect_success 'reference image: screenshots of the first screen, the chain, a printed page' '
		screenshot_at img/report.html reference-first-screen.png 1400 900 &&
		screenshot_at img/report.html reference-chain.png 1400 1500 &&
		print_layout img/report.html img/print.html &&
		screenshot_at img/print.html reference-print-page.png 794 1123 &&
		test -s reference-first-screen.png && test -s reference-chain.png
	'
	for f in reference-first-screen.png reference-chain.png reference-print-page.png reference.pdf; do
		[ -s "$f" ] && keep_artefact "$f"
	done
else
	echo "################################################################" >&2
	echo "SKIP: $IMG is missing (make corpus): the report of the reference image was not checked (size, print, first screen)" >&2
	echo "################################################################" >&2
fi

test_done
