# lib.sh - helpers for casetrail's shell tests, speaking TAP (after git's
# t/test-lib.sh). Source it first; each script then runs in a fresh trash
# directory, and ends with test_done.
#
#   test_expect_success 'what it checks' 'commands'
#   test_must_fail CMD...    passes if CMD exits non-zero without a signal
#   test_grep PATTERN FILE   like grep, but shows FILE when it fails
#   test_cmp EXPECTED ACTUAL diff -u
#   skip_all 'reason'        skip the whole script (exit 0, "1..0 # SKIP")
#   require_shared PATH      skip loudly unless ../shared/PATH exists

set -u
: "${CASETRAIL:?run through make check, or set CASETRAIL to the binary}"
: "${TOP_SRCDIR:?}"
: "${TOP_BUILDDIR:?}"

test_count=0
test_failed=0
TRASH=$(mktemp -d "${TMPDIR:-/tmp}/casetrail-test.XXXXXX")
trap 'cd /; rm -rf "$TRASH"' EXIT
cd "$TRASH" || exit 99

casetrail() {
	"$CASETRAIL" "$@"
}

test_expect_success() {
	test_count=$((test_count + 1))
	out="$TRASH/.test-$test_count.out"
	if (set -e; eval "$2") >"$out" 2>&1; then
		echo "ok $test_count - $1"
	else
		test_failed=$((test_failed + 1))
		echo "not ok $test_count - $1"
		sed 's/^/# /' "$out"
	fi
}

test_must_fail() {
	"$@"
	rc=$?
	if [ $rc -eq 0 ]; then
		echo "test_must_fail: '$*' succeeded" >&2
		return 1
	elif [ $rc -gt 128 ] && [ $rc -le 192 ]; then
		echo "test_must_fail: '$*' died of signal $((rc - 128))" >&2
		return 1
	fi
	return 0
}

# test_exit_code N CMD... : CMD must exit with exactly N
test_exit_code() {
	want=$1
	shift
	"$@"
	rc=$?
	if [ "$rc" -ne "$want" ]; then
		echo "test_exit_code: '$*' exited $rc, expected $want" >&2
		return 1
	fi
}

test_grep() {
	if ! grep "$@"; then
		eval "last=\${$#}"
		echo "test_grep: no match for '$1' in $last:" >&2
		sed 's/^/| /' "$last" >&2
		return 1
	fi
}

test_cmp() {
	diff -u "$1" "$2"
}

skip_all() {
	echo "1..0 # SKIP $1"
	echo "SKIP: $1" >&2
	exit 0
}

SHARED_DIR=${SHARED_DIR:-$TOP_SRCDIR/../shared}
require_shared() {
	if [ ! -e "$SHARED_DIR/$1" ]; then
		echo "################################################################" >&2
		echo "SKIP: $SHARED_DIR/$1 is missing: external test data not available" >&2
		echo "################################################################" >&2
		skip_all "missing $SHARED_DIR/$1 (external test data)"
	fi
}

# have_faultio: can writes be made to fail (tests/faultio.c)? Not in the
# sanitizer build: its runtime must come first in the process, before any
# preloaded library.
FAULTIO=$TOP_BUILDDIR/tests/faultio.so
have_faultio() {
	[ -f "$FAULTIO" ] || return 1
	! ldd "$CASETRAIL" 2>/dev/null | grep -q 'libasan'
}

# with_faultio MATCH AT CMD... : run CMD with writes to files whose path
# holds MATCH failing (ENOSPC) from the AT-th on; FAULTIO_COUNT is kept.
with_faultio() {
	m=$1 at=$2
	shift 2
	FAULTIO_MATCH=$m FAULTIO_AT=$at LD_PRELOAD=$FAULTIO "$@"
}

# sql CASE QUERY : one query against a case file, read-only
sql() {
	sqlite3 -readonly -batch -noheader "$1" "$2"
}

test_done() {
	echo "1..$test_count"
	echo "# $((test_count - test_failed)) passed, $test_failed failed"
	[ "$test_failed" -eq 0 ]
	exit $?
}
