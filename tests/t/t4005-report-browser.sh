#!/bin/sh
# t4005-report-browser.sh - headless Chromium renders the report of a
# story case: the first screen (1400x900) holds the host, the verdict and
# the next steps; the drawn chain has one linked box per behaviour step;
# the DOM lists the narrative in the order of the chain; every internal
# link resolves; nothing is wider than the window; the page prints to PDF;
# screenshots (first screen, chain, a page laid out for print) are kept for
# a human to look at.
. "$TOP_SRCDIR/tests/t/lib.sh"
. "$TOP_SRCDIR/tests/t/report-fixture.sh"
. "$TOP_SRCDIR/tests/t/browser.sh"
require_chromium

make_story_case case.db
casetrail report case.db -o report.html 2>/dev/null

test_expect_success 'Chromium renders the report and its script runs' '
	dump_dom report.html dom.html &&
	test_grep "<title>FIN-WS042 — incident report (casetrail)</title>" dom.html &&
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

test_expect_success 'the first screen holds host, verdict and every next step' '
	probe_page report.html probe &&
	test_grep "^host FIN-WS042$" probe &&
	test_grep "^viewport-host [1-9]" probe &&
	test_grep "^verdict An attack chain of 4 behaviour step(s), rated critical, ran on FIN-WS042; the threat report.s indicators match 3 of them. It began when Updater downloaded an executable from 5.39.218.205" probe &&
	test_grep "^viewport-verdict 1$" probe &&
	n=$(grep -c "^action " probe) &&
	test "$n" -ge 3 &&
	test_grep "^viewport-action $n$" probe &&
	grep "^action Block .* at the firewall and proxy" probe >block &&
	test_grep "5.39.218.205" block && test_grep "176.53.118.131" block &&
	test_grep "^action Hunt SHA-256 2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824 (/Users/jdoe/AppData/Local/Temp/QEUpd/qeupdate_helper.exe, deleted" probe &&
	test_grep "^action Isolate FIN-WS042 from the network" probe &&
	test_grep "^action Reset the password and sessions of FIN.jdoe" probe
'

test_expect_success 'the drawn chain: one box per behaviour step, each linking to its evidence' '
	want=$(sqlite3 case.db "SELECT count(*) FROM chain_step cs JOIN finding f ON f.id = cs.finding_id WHERE f.rule <> '"'"'ioc-hit'"'"'") &&
	test "$want" -eq 4 &&
	test_grep "^steps $want$" probe &&
	test "$(grep -c "^step-link OK #rec-[0-9]" probe)" -eq "$want" &&
	! grep "^step-link BAD" probe &&
	test_grep "^step-link OK #rec-20$" probe
'

test_expect_success 'every internal link in the laid-out page resolves' '
	test_grep "^links [1-9][0-9]" probe &&
	! grep "^dangling" probe
'

test_expect_success 'no element is wider than the window' '
	test_grep "^doc-width 1400 of 1400$" probe &&
	! grep "^wide " probe
'

test_expect_success 'the page prints to PDF' '
	chromium_run --no-pdf-header-footer --print-to-pdf="$TRASH/report.pdf" "file://$TRASH/report.html" >/dev/null &&
	head -c 5 report.pdf | test_grep "%PDF-" &&
	test "$(LC_ALL=C grep -a -o "/Type */Page\\([^s]\\|\$\\)" report.pdf | wc -l)" -ge 2
'

test_expect_success 'report --format pdf prints the page through headless Chromium' '
	CASETRAIL_CHROMIUM="$CHROMIUM" casetrail report --format pdf -o cli.pdf case.db &&
	head -c 5 cli.pdf | test_grep "%PDF-" &&
	test "$(pdf_pages cli.pdf)" -ge 2 &&
	test_exit_code 2 casetrail report --format pdf -o - case.db 2>err &&
	test_grep "a PDF report needs a file name" err &&
	test_must_fail env CASETRAIL_CHROMIUM=/nonexistent PATH=/nonexistent "$CASETRAIL" report --format pdf -o none.pdf case.db 2>err &&
	test_grep "needs headless Chromium" err &&
	test ! -e none.pdf
'

test_expect_success 'the printed pages carry page numbers and the host' '
	test_grep "@bottom-right { content: \"page \" counter(page) \" of \" counter(pages)" report.html &&
	test_grep "@top-left { content: \"FIN-WS042 - incident report\"" report.html
'

test_expect_success 'screenshots: first screen, the chain, a page laid out for print' '
	screenshot_at report.html report-first-screen.png 1400 900 &&
	screenshot_at report.html report-chain.png 1400 1500 &&
	print_layout report.html print.html &&
	screenshot_at print.html report-print-page.png 794 1123 &&
	test -s report-first-screen.png && test -s report-chain.png &&
	test -s report-print-page.png
'
# The trash directory goes away at exit: keep the pictures for a human.
for f in report-first-screen.png report-chain.png report-print-page.png; do
	[ -s "$f" ] && keep_artefact "$f"
done

test_done
