#!/bin/sh
# t0006-terminal.sh - names from evidence and the command line never reach
# the terminal raw: ESC, BEL, CR and newlines inside a name are shown as
# escapes in every message (ct_eprintf), so a file name cannot move the
# cursor, ring the bell or forge a line of output.
. "$TOP_SRCDIR/tests/t/lib.sh"

# raw FILE: does FILE hold ESC, BEL or CR bytes?
raw() {
	LC_ALL=C grep -q "$(printf '[\033\007\015]')" "$1"
}

test_expect_success 'an evidence name with ESC, BEL and a newline: escaped in the error' '
	name=$(printf "evil\033[2J\007\015\nname.evtx") &&
	printf "not a log" >"$name" &&
	test_must_fail casetrail ingest case.db "$name" 2>err &&
	! raw err &&
	test_grep "evil\\\\x1b\[2J\\\\x07\\\\x0d\\\\x0aname.evtx" err &&
	test "$(grep -c "evil" err)" -eq 1
'

test_expect_success 'a missing file named with escapes: escaped too' '
	test_must_fail casetrail ingest case.db "$(printf "gone\033]0;x\007")" 2>err &&
	! raw err &&
	test_grep "gone\\\\x1b" err
'

test_expect_success 'an unknown command with escapes' '
	test_must_fail casetrail "$(printf "x\033[31m")" 2>err &&
	! raw err &&
	test_grep "not a casetrail command" err
'

test_expect_success 'a name that is not UTF-8 keeps its bytes (source.path_bytes): found again' '
	mkdir u8 &&
	"$TOP_BUILDDIR/tests/evtx-craft" scenario "u8/$(printf "bad\377name.evtx")" &&
	casetrail ingest -q u8.db u8 &&
	pb=$(sql u8.db "SELECT path_bytes FROM source") &&
	test "$pb" = "u8/bad%FFname.evtx" &&
	python3 -c "import os, re, sys; p = re.sub(rb\"%([0-9A-F]{2})\", lambda m: bytes([int(m.group(1), 16)]), sys.argv[1].encode()); sys.exit(0 if os.path.exists(p) else 1)" "$pb" &&
	test "$(sql u8.db "SELECT count(*) FROM source WHERE path_bytes IS NULL")" -eq 0
'

test_expect_success 'in a folder: the skipped file is named with escapes (-v)' '
	mkdir dir &&
	printf "x" >"dir/$(printf "bell\007.txt")" &&
	casetrail ingest -v case2.db dir 2>err &&
	! raw err &&
	test_grep "bell\\\\x07.txt" err
'

test_done
