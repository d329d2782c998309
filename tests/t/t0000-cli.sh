#!/bin/sh
# t0000-cli.sh - the command line: help, version, subcommands, exit codes.
. "$TOP_SRCDIR/tests/t/lib.sh"

test_expect_success '--help lists every subcommand' '
	casetrail --help >out &&
	for c in ingest ioc analyze report export run info; do
		test_grep "^  $c " out || exit 1
	done
'

test_expect_success '--version prints the version' '
	casetrail --version >out &&
	test_grep "^casetrail [0-9]" out
'

test_expect_success 'no arguments is a usage error (exit 2)' '
	test_exit_code 2 casetrail 2>err &&
	test_grep usage err
'

test_expect_success 'an unknown subcommand is a usage error (exit 2)' '
	test_exit_code 2 casetrail frobnicate 2>err &&
	test_grep "not a casetrail command" err
'

test_expect_success 'every subcommand answers --help with exit 0' '
	for c in ingest ioc analyze report export run info; do
		casetrail $c --help >out 2>&1 || exit 1
		test_grep "usage: casetrail $c" out || exit 1
		! grep -q "not implemented" out || exit 1
	done
'

test_expect_success 'casetrail help CMD is CMD --help' '
	casetrail help info >out &&
	test_grep "usage: casetrail info" out
'

test_expect_success 'ingest without evidence is a usage error' '
	test_exit_code 2 casetrail ingest case.db 2>err &&
	test_grep "need a case file" err
'

test_expect_success 'ingest of a missing path fails and names it' '
	test_must_fail casetrail ingest case.db /nonexistent/evidence.E01 2>err &&
	test_grep "/nonexistent/evidence.E01" err
'

test_expect_success 'ingest of an unknown file fails and names it' '
	printf "hello\n" >notes.txt &&
	test_exit_code 1 casetrail ingest case.db notes.txt 2>err &&
	test_grep "notes.txt" err &&
	test_grep "no parser recognises" err
'

test_expect_success 'ingest of an empty file says it is empty' '
	: >empty.evtx &&
	test_exit_code 1 casetrail ingest case.db empty.evtx 2>err &&
	test_grep "empty" err
'

test_expect_success 'bad --jobs is a usage error' '
	test_exit_code 2 casetrail ingest -j 0 case.db x 2>err &&
	test_grep "jobs" err
'

test_expect_success 'bad --hash-max-size is a usage error' '
	test_exit_code 2 casetrail ingest --hash-max-size 12Q case.db x 2>err &&
	test_grep "hash-max-size" err
'

test_done
