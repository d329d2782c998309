#!/bin/sh
# t0002-style.sh - the style rules a script can check (scripts/check-style.sh):
# a header comment in every C file, compat.h first, no banned function.
. "$TOP_SRCDIR/tests/t/lib.sh"

test_expect_success 'check-style passes on the source tree' '
	"$TOP_SRCDIR/scripts/check-style.sh" "$TOP_SRCDIR"
'

test_expect_success 'check-style catches a banned function' '
	mkdir -p tree/src &&
	printf "/* x.c - test */\n#include \"compat.h\"\nvoid f(char *d) { strcpy(d, \"x\"); }\n" >tree/src/x.c &&
	test_must_fail "$TOP_SRCDIR/scripts/check-style.sh" tree >out &&
	test_grep "banned" out
'

test_expect_success 'an in-tree build leaves nothing git would show (.gitignore)' '
	if ! git -C "$TOP_SRCDIR" rev-parse --git-dir >/dev/null 2>&1; then
		echo "not a git checkout: nothing to check"
	else
		env -u MAKEFLAGS -u MFLAGS make -s -C "$TOP_BUILDDIR" \
		    --no-print-directory build-products \
		    >products &&
		test -s products &&
		while read -r f; do
			git -C "$TOP_SRCDIR" check-ignore -q --no-index "$f" ||
			    { echo "not ignored: $f"; exit 1; }
		done <products
	fi
'

test_done
