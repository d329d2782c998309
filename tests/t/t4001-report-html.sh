#!/bin/sh
# t4001-report-html.sh - `casetrail report` writes one self-contained HTML
# page from a case file built by sqlite3 inserts (tests/t/report-fixture.sh).
. "$TOP_SRCDIR/tests/t/lib.sh"
. "$TOP_SRCDIR/tests/t/report-fixture.sh"

make_story_case case.db
cp case.db hostile.db
plant_hostile hostile.db

test_expect_success 'report --help' '
	casetrail report --help >out &&
	test_grep "usage: casetrail report" out
'

test_expect_success 'report writes the page and says where' '
	casetrail report case.db -o report.html 2>err &&
	test_grep "report written to report.html" err &&
	test -s report.html &&
	head -1 report.html | test_grep "^<!DOCTYPE html>"
'

test_expect_success 'the case file is not changed by a report' '
	sha256sum case.db >before &&
	casetrail report case.db -o again.html &&
	sha256sum case.db >after &&
	test_cmp before after
'

test_expect_success 'the page is self-contained: nothing loads from elsewhere' '
	! grep -E "<(link|img|iframe|object|embed)[ >]" report.html &&
	! grep -E "(src|href)=\"(https?:|//|javascript:|data:)" report.html &&
	! grep -E "@import|url\(" report.html &&
	test "$(grep -c "<script" report.html)" -eq 1 &&
	test "$(grep -c "<style>" report.html)" -eq 1
'

test_expect_success 'a CSP meta tag allows only the page'"'"'s own code, by hash' '
	test_grep "http-equiv=\"Content-Security-Policy\" content=\"default-src '"'"'none'"'"'; script-src '"'"'sha256-[A-Za-z0-9+/]*='"'"'; style-src '"'"'sha256-" report.html &&
	! grep "unsafe-inline" report.html
'

test_expect_success 'the CSP hashes match the inline script and style' '
	for t in script style; do
		sed -n "s/.*<$t>//; /<\/$t>/q; p" report.html >/dev/null
	done &&
	awk "/<script>/{f=1; sub(/.*<script>/, \"\")} f{ if (sub(/<\/script>.*/, \"\")) { printf \"%s\", \$0; exit } print }" report.html >script.txt &&
	want=$(openssl dgst -sha256 -binary script.txt | base64) &&
	test_grep "script-src '"'"'sha256-$want'"'"'" report.html &&
	awk "/<style>/{f=1; sub(/.*<style>/, \"\")} f{ if (sub(/<\/style>.*/, \"\")) { printf \"%s\", \$0; exit } print }" report.html >style.txt &&
	want=$(openssl dgst -sha256 -binary style.txt | base64) &&
	test_grep "style-src '"'"'sha256-$want'"'"'" report.html
'

test_expect_success 'every section is there' '
	for id in summary narrative chain findings ioc activity timeline processes evidence methodology; do
		test_grep -q "<section id=\"$id\">" report.html || exit 1
	done
'

test_expect_success 'inventory lists each source with its SHA-256 and size' '
	test_grep "/evidence/FIN-WS042.raw" report.html &&
	test_grep "ca978112ca1bbdcafac231b39a23dc4da786eff8147c4e72b9807785afee48bb" report.html &&
	test_grep "<td>1073741824</td>" report.html &&
	test_grep "2 records could not be parsed" report.html
'

test_expect_success 'the narrative lists the chain in order, each sentence with evidence' '
	sed -n "/<ol class=\"narrative\"/,/<\/ol>/p" report.html | grep "<li class=\"sentence\"" >story &&
	test "$(wc -l <story)" -eq 7 &&
	sed -n 1p story | test_grep "The updater QEUpdate.exe started" &&
	sed -n 2p story | test_grep "connected to 5.39.218.205" &&
	sed -n 3p story | test_grep "wrote qeupdate_helper.exe" &&
	sed -n 4p story | test_grep "QEUpdate.exe started qeupdate_helper.exe" &&
	sed -n 5p story | test_grep "encoded command" &&
	sed -n 6p story | test_grep "176.53.118.131" &&
	sed -n 7p story | test_grep "deleted itself" &&
	! grep -v "href=\"#rec-[0-9]*\"" story
'

test_expect_success 'each evidence link resolves to an appendix entry' '
	grep -o "href=\"#rec-[0-9]*\"" report.html | sed "s/.*#rec-//; s/\"//" | sort -u >links &&
	grep -o "id=\"rec-[0-9]*\"" report.html | sed "s/.*rec-//; s/\"//" | sort -u >targets &&
	test -s links &&
	comm -23 links targets >dangling &&
	test_cmp /dev/null dangling
'

test_expect_success 'appendix entries give source path, SHA-256, place and details' '
	sed -n "/id=\"rec-11\"/,/<\/section>/p" report.html >rec11 &&
	test_grep "MFT 1234-5" rec11 &&
	test_grep "deleted" rec11 &&
	test_grep "byte offset 1263616" rec11 &&
	test_grep "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824" rec11 &&
	test_grep "inside /evidence/FIN-WS042.raw" rec11 &&
	test_grep "http://5.39.218.205/logo.png" rec11 &&
	sed -n "/id=\"rec-25\"/,/<\/section>/p" report.html >rec25 &&
	test_grep "EVTX record number</dt><dd>88" rec25 &&
	test_grep "script block (reassembled)" rec25 &&
	test_grep "# second line of the script" rec25 &&
	sed -n "/id=\"rec-31\"/,/<\/section>/p" report.html >rec31 &&
	test_grep "<dt>run count</dt><dd>1</dd>" rec31 &&
	test_grep "QEUPDATE_HELPER.EXE" rec31 &&
	test_grep "inside /evidence/FIN-WS042.raw" rec31
'

test_expect_success 'findings show severity, ATT&CK IDs and evidence; most severe first' '
	grep -o "id=\"finding-[0-9]*\"" report.html | head -1 | test_grep "finding-3" &&
	test_grep "<span class=\"attack\">T1059.001 PowerShell <span class=\"tactic\">(Execution)</span></span><span class=\"attack\">T1027 Obfuscated Files or Information" report.html &&
	test_grep "sev sev-critical" report.html
'

test_expect_success 'indicator hits, and rejected indicators with the reason' '
	test_grep "hxxp://176.53.118\[.\]131/logo.png" report.html &&
	test_grep "placeholder, not a SHA-1 hash" report.html &&
	test_grep "4 hit(s) of 5 valid indicator(s); 1 indicator(s) had no hit" report.html
'

test_expect_success 'the activity chart is inline SVG with the findings marked' '
	test_grep "<svg class=\"chart\"" report.html &&
	test_grep "<a href=\"#finding-3\"><line class=\"mark sev-critical\"" report.html
'

test_expect_success 'the story timeline marks cited rows and keeps 100 ns' '
	sed -n "/<section id=\"timeline\">/,/<\/section>/p" report.html >tl &&
	grep "class=\"hit\"" tl >hit &&
	test_grep "2024-03-13T14:02:44.1234567Z" hit &&
	test_grep "[$]J USN 0x1a2b" hit &&
	test_grep "From 2024-03-13T13:47:11.4000000Z to 2024-03-13T14:17:44.1234567Z" tl &&
	! grep "notes.txt" tl &&
	! grep "2019-06-01" tl
'

test_expect_success 'process tree nests the chain under the updater' '
	sed -n "/<section id=\"processes\">/,/<\/section>/p" report.html | tr -d "\n" >tree &&
	test_grep -q "taskeng.exe.*<ul><li class=\"seed\">.*QEUpdate.exe.*<ul><li class=\"seed\">.*qeupdate_helper.exe.*<ul><li class=\"seed\">.*powershell.exe" tree &&
	! grep -q explorer.exe tree
'

test_expect_success 'methodology names tool, parsers and warnings with offsets' '
	sed -n "/<section id=\"methodology\">/,/<\/section>/p" report.html >meth &&
	test_grep "casetrail [0-9]" meth &&
	test_grep "<td>evtx</td>" meth &&
	test_grep "<td>20480</td>" meth &&
	test_grep "record 17: unable to retrieve record values" meth
'

test_expect_success 'hostile evidence text is escaped in the HTML source' '
	casetrail report hostile.db -o hostile.html &&
	test "$(grep -c "<script" hostile.html)" -eq 1 &&
	! grep -E "<(img|svg|iframe)[ >]" hostile.html | grep -v -E "<svg class=\"(chart|chain-svg|proc-svg)\"" &&
	! grep -E "<foreignObject|<use |xlink:href" hostile.html &&
	! grep "onerror=\"" hostile.html &&
	! grep -E "href=\"javascript" hostile.html &&
	test_grep "&lt;script&gt;document.title=&quot;pwned-script&quot;&lt;/script&gt;.exe" hostile.html &&
	test_grep "invoice<span class=\"ctl\">\\\\u{202E}</span>gpj.exe" hostile.html &&
	test_grep "bell<span class=\"ctl\">\\\\x07</span>esc<span class=\"ctl\">\\\\x1b</span>" hostile.html &&
	! LC_ALL=C grep -q "$(printf "\342\200\256")" hostile.html &&
	! LC_ALL=C grep -q "$(printf "\033")" hostile.html
'

test_expect_success 'junk times never lead: the range starts at the first plausible time' '
	cp case.db junk.db &&
	sqlite3 junk.db "INSERT INTO event (record_id, ts, ts_desc) VALUES
	    (12, 0, '"'"'SI created'"'"'), (12, 116444736000000000, '"'"'SI modified'"'"'),
	    (12, 116444736000000000, '"'"'SI accessed'"'"'), (12, 2650467743990000000, '"'"'SI changed'"'"')" &&
	SOURCE_DATE_EPOCH=1710400000 casetrail report junk.db -o junk.html &&
	sed -n "/<section id=\"summary\">/,/<\/section>/p" junk.html >sum &&
	test_grep "Evidence covers <time>2019-06-01T08:00:00.0000000Z</time> to <time>2024-03-13T14:02:44.1234567Z</time>" sum &&
	test_grep "(4 event time(s) that cannot be true" sum &&
	sed -n "/<h3 id=\"outliers\">/,/<\/table>/p" junk.html >out &&
	test_grep "<td>zero or 1601 (no time recorded)</td><td>1</td>" out &&
	test_grep "<td>1970-01-01 (a zero Unix time)</td><td>2</td><td><span class=\"ev\">MFT 900-1</span>" out &&
	test_grep "<td>after the report was written</td><td>1</td>" out
'

test_expect_success 'same case and SOURCE_DATE_EPOCH give the same bytes' '
	SOURCE_DATE_EPOCH=1710400000 casetrail report case.db -o a.html &&
	SOURCE_DATE_EPOCH=1710400000 casetrail report case.db -o b.html &&
	cmp a.html b.html &&
	test_grep "<dt>generated</dt><dd>2024-03-14T07:06:40.0000000Z by casetrail" a.html
'

test_expect_success 'an empty case gives a report that says so' '
	new_case empty.db &&
	casetrail report empty.db -o empty.html &&
	test_grep "The case holds no timeline events" empty.html &&
	test_grep "No findings" empty.html
'

test_expect_success 'long evidence text is cut at a character boundary, and says so' '
	cp case.db long.db &&
	sqlite3 long.db "UPDATE record SET summary = replace(hex(zeroblob(40000)), '"'"'00'"'"', '"'"'é'"'"') || '"'"'END'"'"' WHERE id = 20" &&
	casetrail report long.db -o long.html &&
	test_grep "more bytes; see the case file" long.html &&
	! grep -q "\\\\xc3" long.html &&
	! grep -q "ENDEND\|éEND" long.html
'

test_expect_success 'usage errors exit 2' '
	test_exit_code 2 casetrail report case.db 2>err &&
	test_grep "needs a case file and -o" err &&
	test_exit_code 2 casetrail report --format docx -o x case.db 2>err &&
	test_grep "unknown report format" err &&
	test ! -e x
'

test_expect_success 'a missing case file fails and names it, and writes nothing' '
	test_must_fail casetrail report nosuch.db -o n.html 2>err &&
	test_grep "nosuch.db" err &&
	test ! -e n.html
'

test_expect_success 'an unwritable output fails, naming it, and leaves no partial file' '
	test_must_fail casetrail report case.db -o /nonexistent/dir/r.html 2>err &&
	test_grep "/nonexistent/dir/r.html" err &&
	if [ "$(id -u)" -ne 0 ]; then
		mkdir ro && chmod 555 ro &&
		test_must_fail casetrail report case.db -o ro/r.html &&
		test -z "$(ls ro)"
	fi
'

test_expect_success 'a non-case file is refused and left untouched' '
	printf "not a case\n" >notes.txt &&
	cp notes.txt notes.orig &&
	test_exit_code 3 casetrail report notes.txt -o r2.html 2>err &&
	test_grep "not a casetrail case file" err &&
	cmp notes.txt notes.orig
'

test_done
