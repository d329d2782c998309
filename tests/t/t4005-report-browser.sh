#!/bin/sh
# t4005-report-browser.sh - headless Chromium renders the report of a
# story case: the DOM lists the narrative in the order of the chain, every
# evidence link resolves to an element, the page prints to PDF, and a
# screenshot is kept for a human to look at.
. "$TOP_SRCDIR/tests/t/lib.sh"
. "$TOP_SRCDIR/tests/t/report-fixture.sh"
. "$TOP_SRCDIR/tests/t/browser.sh"
require_chromium

make_story_case case.db
casetrail report case.db -o report.html 2>/dev/null

test_expect_success 'Chromium renders the report and its script runs' '
	dump_dom report.html dom.html &&
	test_grep "<title>casetrail case report</title>" dom.html &&
	test_grep "<span id=\"qcount\" class=\"note\">[0-9][0-9]* of [0-9][0-9]* rows</span>" dom.html
'

test_expect_success 'the narrative in the DOM follows the chain, in order' '
	tr -d "\n" <dom.html | grep -o "<li class=\"sentence\"[^>]*>.*</ol>" |
		sed "s|</li>|&\n|g" | grep "<li class=\"sentence\"" >story &&
	test "$(wc -l <story)" -eq 7 &&
	for pat in "The updater QEUpdate.exe started" "connected to 5.39.218.205" \
	    "wrote qeupdate_helper.exe" "QEUpdate.exe started qeupdate_helper.exe" \
	    "encoded command" "PowerShell connected to 176.53.118.131" "deleted itself"; do
		n=$((${n:-0} + 1))
		sed -n "${n}p" story | grep -q "$pat" || { echo "sentence $n is not: $pat"; exit 1; }
	done &&
	grep -o "<time>[^<]*</time>" story | sed "s/<[^>]*>//g" >times &&
	sort times | cmp - times
'

test_expect_success 'every evidence link in the DOM resolves to an element' '
	grep -o "href=\"#[^\"]*\"" dom.html | sed "s/href=\"#//; s/\"//" | sort -u >links &&
	grep -o " id=\"[^\"]*\"" dom.html | sed "s/ id=\"//; s/\"//" | sort -u >ids &&
	grep -q "^rec-" links &&
	comm -23 links ids >dangling &&
	test_cmp /dev/null dangling
'

test_expect_success 'each narrative sentence has at least one resolving evidence link' '
	! grep -v "href=\"#rec-[0-9]*\"" story
'

test_expect_success 'the page prints to PDF' '
	chromium_run --no-pdf-header-footer --print-to-pdf="$TRASH/report.pdf" "file://$TRASH/report.html" >/dev/null &&
	head -c 5 report.pdf | test_grep "%PDF-" &&
	test "$(LC_ALL=C grep -a -o "/Type */Page\\([^s]\\|\$\\)" report.pdf | wc -l)" -ge 2
'

test_expect_success 'screenshot of the report' '
	screenshot report.html report.png &&
	test -s report.png
'
# The trash directory goes away at exit: keep the picture for a human.
[ -s report.png ] && keep_artefact report.png

test_done
