#!/bin/sh
# t0004-interrupt.sh - Ctrl-C during an ingest (src/cancel.h): the first
# SIGINT stops the parsers, keeps what was read (sources marked interrupted,
# with a note), builds the indexes and exits 130; `run` does not go on to
# the analysis. A second SIGINT ends the process at once, and the case is
# still usable.
. "$TOP_SRCDIR/tests/t/lib.sh"

MKEVTX=$TOP_BUILDDIR/corpus/mkevtx
[ -x "$MKEVTX" ] || skip_all "corpus/mkevtx not built"

# start_and_wait CASE BYTES LOG... : start an ingest in the background,
# return once its case file holds BYTES (records are being written).
start_and_wait() {
	case=$1 bytes=$2
	shift 2
	"$CASETRAIL" ingest "$case" "$@" 2>err &
	pid=$!
	n=0
	while [ $n -lt 1200 ] && [ "$(stat -c %s "$case" 2>/dev/null || echo 0)" -lt "$bytes" ]; do
		sleep 0.05
		n=$((n + 1))
	done
}

test_expect_success 'one SIGINT: exit 130, what was read kept and indexed' '
	"$MKEVTX" --generate 300000 --seed 7 big.evtx >/dev/null &&
	printf "x" >schema.txt &&
	test_must_fail casetrail ingest fresh.db schema.txt 2>/dev/null &&
	sql fresh.db "SELECT name FROM sqlite_schema WHERE type = '\''index'\'' AND sql IS NOT NULL ORDER BY name" >expect-indexes &&
	start_and_wait c.db 20000000 big.evtx &&
	kill -INT $pid &&
	{ wait $pid; test $? -eq 130; } &&
	test_grep "interrupted: finishing what was read" err &&
	test_grep "the case holds what was read so far" err &&
	sql c.db "SELECT status FROM source" >actual &&
	echo interrupted >expect && test_cmp expect actual &&
	sql c.db "SELECT note FROM source" >note &&
	test_grep "interrupted: the [0-9]* records read so far are in the case" note &&
	n=$(sql c.db "SELECT count(*) FROM evtx") &&
	test "$n" -gt 0 && test "$n" -lt 300000 &&
	test_grep "interrupted: the $n records" note &&
	sql c.db "SELECT name FROM sqlite_schema WHERE type = '\''index'\'' AND sql IS NOT NULL ORDER BY name" >actual &&
	test_cmp expect-indexes actual &&
	test "$(sql c.db "PRAGMA integrity_check")" = ok
'

test_expect_success 'run stops after an interrupted ingest: no analysis, no report' '
	"$CASETRAIL" run -o out big.evtx 2>err &
	pid=$! && n=0 &&
	while [ $n -lt 400 ] && [ "$(stat -c %s out/case.db 2>/dev/null || echo 0)" -lt 20000000 ]; do
		sleep 0.05; n=$((n + 1))
	done &&
	kill -INT $pid &&
	{ wait $pid; test $? -eq 130; } &&
	test ! -e out/report.html &&
	test "$(sql out/case.db "SELECT count(*) FROM finding")" -eq 0
'

test_expect_success 'a second SIGINT ends it at once; the next write mends the case' '
	start_and_wait d.db 150000000 big.evtx &&
	kill -INT $pid &&
	n=0 &&
	while [ $n -lt 200 ] && ! grep -q "interrupted: finishing" err; do
		sleep 0.01; n=$((n + 1))
	done &&
	kill -INT $pid;
	wait $pid;
	rc=$?;
	echo "exit $rc; stderr:" && cat err &&
	# killed during the parse (source pending) or while the indexes were
	# built (source already interrupted): either way not finished cleanly
	test $rc -eq 130 &&
	! grep -q "the case holds what was read so far" err &&
	casetrail info d.db >/dev/null &&
	st=$(sql d.db "SELECT status FROM source") &&
	{ test "$st" = pending || test "$st" = interrupted; } &&
	"$MKEVTX" --generate 10 --seed 8 small.evtx >/dev/null &&
	casetrail ingest -q d.db small.evtx &&
	test "$(sql d.db "SELECT count(*) FROM meta WHERE key GLOB '\''deferred_index.*'\''")" -eq 0 &&
	test "$(sql d.db "PRAGMA integrity_check")" = ok
'

test_done
