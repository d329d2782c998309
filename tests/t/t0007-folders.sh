#!/bin/sh
# t0007-folders.sh - evidence folders: entries that are not regular files
# (FIFOs, dangling links, link loops, links) are skipped, counted and,
# with -v, named with the reason; a FIFO never blocks the ingest.
. "$TOP_SRCDIR/tests/t/lib.sh"

test_expect_success 'special entries of a folder are skipped, counted and named with -v' '
	mkdir d &&
	mkfifo d/fifo &&
	ln -s nowhere d/dangling &&
	ln -s loop1 d/loop2 && ln -s loop2 d/loop1 &&
	printf x >outside.txt && ln -s ../outside.txt d/link &&
	timeout 30 "$CASETRAIL" ingest -v case.db d 2>err &&
	test_grep "skipping .d/fifo.: a FIFO" err &&
	test_grep "skipping .d/dangling.: a dangling symbolic link" err &&
	test_grep "skipping .d/loop1.: a symbolic link loop" err &&
	test_grep "skipping .d/link.: a symbolic link (not followed)" err &&
	test_grep "5 file(s) skipped" err
'

test_expect_success 'without -v they are only counted' '
	timeout 30 "$CASETRAIL" ingest case2.db d 2>err &&
	! grep "skipping" err &&
	test_grep "5 file(s) skipped" err
'

test_done
