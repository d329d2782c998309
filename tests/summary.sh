#!/bin/sh
# summary.sh BUILDDIR - print the closing line of a test run,
# "N passed, N failed, N skipped", from the .trs files automake's TAP driver
# wrote (one :test-result: line per test point), and the failures.
set -u
dir=${1:-.}
find "$dir" -name '*.trs' -exec cat {} + 2>/dev/null | awk '
	/^:test-result: PASS/  { pass++ }
	/^:test-result: XFAIL/ { pass++ }
	/^:test-result: FAIL/  { fail++ }
	/^:test-result: XPASS/ { fail++ }
	/^:test-result: ERROR/ { fail++ }
	/^:test-result: SKIP/  { skip++ }
	END { printf "%d passed, %d failed, %d skipped\n", pass, fail, skip }'
