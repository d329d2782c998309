#!/bin/sh
# t4004-report-xss-browser.sh - evidence that tries to run script in the
# report (script tags, attribute breaks, event handlers, javascript: URLs,
# a script block closing its <pre>, bidi overrides, control characters) is
# rendered as text by a real headless Chromium, and nothing executes.
# Each payload tries to change document.title or mark <body>; the DOM after
# the page's own script ran must show neither.
. "$TOP_SRCDIR/tests/t/lib.sh"
. "$TOP_SRCDIR/tests/t/report-fixture.sh"
. "$TOP_SRCDIR/tests/t/browser.sh"
require_chromium

make_story_case case.db
plant_hostile case.db
casetrail report case.db -o hostile.html 2>/dev/null

test_expect_success 'the hostile report renders in Chromium' '
	dump_dom hostile.html dom.html &&
	test_grep "<h1>Case report</h1>" dom.html
'

test_expect_success 'the page'"'"'s own script ran (so payloads could have)' '
	test_grep "<span id=\"qcount\" class=\"note\">[0-9][0-9]* of [0-9][0-9]* rows</span>" dom.html
'

test_expect_success 'no payload executed: title and body unchanged' '
	test_grep "<title>casetrail case report</title>" dom.html &&
	! grep -i "pwned" dom.html | grep -v "&lt;\|&quot;\|&#39;\|title=.pwned\|pwned-[a-z]*&" >leak || { cat leak; false; } &&
	! grep "<body[^>]*data-pwned" dom.html
'

test_expect_success 'no element came from evidence: one script, no img, iframe or handler' '
	test "$(grep -o "<script" dom.html | wc -l)" -eq 1 &&
	! grep -E "<(img|iframe|object|embed)[ >]" dom.html &&
	! grep -E "<[a-zA-Z][^>]* on[a-zA-Z]+=" dom.html &&
	! grep -E "href=\"javascript:" dom.html &&
	test "$(grep -o "<svg" dom.html | wc -l)" -eq "$(grep -o "<svg class=\"chart\"" dom.html | wc -l)"
'

test_expect_success 'the payloads show as text' '
	test_grep "&lt;script&gt;document.title=\"pwned-script\"&lt;/script&gt;.exe" dom.html &&
	test_grep "\"&gt;&lt;img src=x onerror=\"document.title=.pwned-img.\"&gt;" dom.html &&
	test_grep "javascript:document.title=.pwned-url." dom.html &&
	test_grep "&lt;/pre&gt;&lt;script&gt;document.body.setAttribute" dom.html &&
	test_grep "&lt;iframe srcdoc=" dom.html
'

test_expect_success 'bidi override and control characters are visible markers' '
	test_grep "invoice<span class=\"ctl\">\\\\u{202E}</span>gpj.exe" dom.html &&
	test_grep "bell<span class=\"ctl\">\\\\x07</span>esc<span class=\"ctl\">\\\\x1b</span>\[31mred<span class=\"ctl\">\\\\x0a</span>fake second line" dom.html &&
	! LC_ALL=C grep -q "$(printf "\342\200\256")" dom.html &&
	! LC_ALL=C grep -q "$(printf "\033")" dom.html
'

test_expect_success 'the CSP alone stops a script that escaping would have let through' '
	sed "s|<h1>Case report</h1>|<h1>Case report</h1><script>document.title=\"pwned-csp\"</script>|" hostile.html >injected.html &&
	dump_dom injected.html dom-injected.html &&
	test_grep "<title>casetrail case report</title>" dom-injected.html
'

test_expect_success 'control: without the CSP the same injection runs (the check can fail)' '
	sed -e "s|<h1>Case report</h1>|<h1>Case report</h1><script>document.title=\"pwned-csp\"</script>|" \
	    -e "/Content-Security-Policy/d" hostile.html >nocsp.html &&
	dump_dom nocsp.html dom-nocsp.html &&
	test_grep "<title>pwned-csp</title>" dom-nocsp.html
'

test_expect_success 'screenshot of the hostile report' '
	screenshot hostile.html hostile.png &&
	test -s hostile.png
'
# The trash directory goes away at exit: keep the picture for a human.
[ -s hostile.png ] && keep_artefact hostile.png

test_done
