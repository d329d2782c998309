#!/bin/sh
# t4004-report-xss-browser.sh - evidence that tries to run script in the
# report (script tags, attribute breaks, event handlers, javascript: URLs,
# a script block closing its <pre>, bidi overrides, control characters) is
# rendered as text by a real headless Chromium, and nothing executes; the
# same for evidence drawn into the chain and process-tree SVGs (a hostile
# step title, host name and process image and command line).
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
	test_grep "<h1>Incident report: <span class=\"host\">FIN-WS042</span></h1>" dom.html
'

test_expect_success 'the page'"'"'s own script ran (so payloads could have)' '
	test_grep "<span id=\"qcount\" class=\"note\">[0-9][0-9]* of [0-9][0-9]* rows</span>" dom.html
'

test_expect_success 'no payload executed: title and body unchanged' '
	test_grep "<title>FIN-WS042 — incident report (casetrail)</title>" dom.html &&
	! grep -i "pwned" dom.html | grep -v "&lt;\|&quot;\|&#39;\|title=.pwned\|pwned-[a-z]*&" >leak || { cat leak; false; } &&
	! grep "<body[^>]*data-pwned" dom.html
'

test_expect_success 'no element came from evidence: one script, no img, iframe or handler' '
	test "$(grep -o "<script" dom.html | wc -l)" -eq 1 &&
	! grep -E "<(img|iframe|object|embed)[ >]" dom.html &&
	! grep -E "<[a-zA-Z][^>]* on[a-zA-Z]+=" dom.html &&
	! grep -E "href=\"javascript:" dom.html &&
	test "$(grep -o "<svg" dom.html | wc -l)" -eq "$(grep -o -E "<svg class=\"(chart|chain-svg|proc-svg)\"" dom.html | wc -l)" &&
	! grep -i -E "<foreignObject|<use[ >]|xlink:href|<set |<animate" dom.html
'

test_expect_success 'hostile text inside the SVG drawings stays text' '
	tr -d "\n" <dom.html | grep -o "<svg class=\"chain-svg\".*</svg>" | sed "s|</svg>.*||" >chain.svg &&
	tr -d "\n" <dom.html | grep -o "<svg class=\"proc-svg\".*</svg>" | sed "s|</svg>.*||" >proc.svg &&
	test_grep "<text class=\"lane\" x=\"1\" y=\"[0-9.]*\">host WS\"&gt;&lt;svg onload=\"document.title=.pwned-host.\"&gt;</text>" chain.svg &&
	test_grep "<title>&lt;iframe srcdoc=\"&lt;script&gt;parent.document.title=.pwned-iframe.&lt;/script&gt;\"&gt; (finding F90)</title>" chain.svg &&
	test_grep "<text class=\"what\"[^>]*>&lt;iframe srcdoc=\"&lt;script" chain.svg &&
	test_grep "<text class=\"img\"[^>]*>&lt;svg onload=\"document.title=.pwned-proc.\"&gt;.exe</text>" proc.svg &&
	test_grep "&lt;foreignObject&gt;&lt;iframe src=\"javascript:document.title=.pwned-cmd.\"&gt;" proc.svg &&
	test "$(grep -o "<a class=\"step\"" chain.svg | wc -l)" -eq 5 &&
	! grep -E "<[a-zA-Z][^>]* on[a-zA-Z]+=" chain.svg proc.svg
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
	sed "s|<header class=\"case\">|<header class=\"case\"><script>document.title=\"pwned-csp\"</script>|" hostile.html >injected.html &&
	test_grep "pwned-csp" injected.html &&
	dump_dom injected.html dom-injected.html &&
	test_grep "<title>FIN-WS042 — incident report (casetrail)</title>" dom-injected.html
'

test_expect_success 'control: without the CSP the same injection runs (the check can fail)' '
	sed -e "s|<header class=\"case\">|<header class=\"case\"><script>document.title=\"pwned-csp\"</script>|" \
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
