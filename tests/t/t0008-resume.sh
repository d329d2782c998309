#!/bin/sh
# t0008-resume.sh - nothing lost, nothing claimed. After an ingest that did
# not finish (SIGINT, SIGKILL, a full disk), no source claims rows the case
# does not hold, the case passes PRAGMA integrity_check, and ingesting the
# same evidence again replaces what the incomplete read left: the case
# then holds exactly the rows of a clean run, never twice. The same for a
# write failure during analyze and report. Two writers at once: the
# second waits for the first, naming it.
. "$TOP_SRCDIR/tests/t/lib.sh"

MKEVTX=$TOP_BUILDDIR/corpus/mkevtx
[ -x "$MKEVTX" ] || skip_all "corpus/mkevtx not built"

# counts CASE: what a case holds, one line (sources by status too)
counts() {
	sql "$1" "SELECT (SELECT count(*) FROM record) || ' ' ||
	    (SELECT count(*) FROM event) || ' ' || (SELECT count(*) FROM evtx)
	    || ' ' || (SELECT count(*) FROM warning) || ' ' ||
	    (SELECT group_concat(status, ',') FROM source
	     WHERE status != 'duplicate')"
}

# sound CASE: integrity holds, and no finished source holds fewer records
# than the clean run's (an ok source with part of its rows was the bug)
sound() {
	# a command that opens the case first plays back a hot journal, as
	# the next casetrail would (sqlite3 -readonly cannot)
	"$CASETRAIL" info "$1" >/dev/null 2>&1
	test "$(sql "$1" "PRAGMA integrity_check")" = ok &&
	test "$(sql "$1" "SELECT count(*) FROM source s WHERE s.status IN
	    ('ok', 'partial') AND (SELECT count(*) FROM record r
	    WHERE r.source_id = s.id) != $clean_records")" -eq 0
}

test_expect_success 'setup: a generated log and a clean ingest of it' '
	"$MKEVTX" --generate 150000 --seed 11 log.evtx >/dev/null &&
	casetrail ingest -q clean.db log.evtx &&
	counts clean.db >clean.counts &&
	cat clean.counts &&
	clean_records=$(sql clean.db "SELECT count(*) FROM record") &&
	echo "$clean_records" >clean.records
'
clean_records=$(cat clean.records 2>/dev/null || echo 0)

test_expect_success 'SIGINT: the source is interrupted, a second ingest replaces it' '
	"$CASETRAIL" ingest i.db log.evtx 2>err &
	pid=$! &&
	n=0 && while [ $n -lt 400 ] && [ "$(stat -c %s i.db 2>/dev/null || echo 0)" -lt 3000000 ]; do
		sleep 0.02; n=$((n + 1)); done &&
	kill -INT $pid; wait $pid; rc=$?;
	test $rc -eq 130 || test $rc -eq 0 &&
	sound i.db &&
	if [ $rc -eq 130 ]; then
		test "$(sql i.db "SELECT status FROM source")" = interrupted &&
		casetrail ingest i.db log.evtx 2>err2 &&
		test_grep "was not read to its end before (source 1, interrupted)" err2 &&
		test_grep "1 incomplete earlier read(s) replaced" err2
	fi &&
	counts i.db >i.counts &&
	test_cmp clean.counts i.counts
'

# SIGKILL at points spread over the ingest (several seeds), then again.
for seed in 1 2 3 4 5; do
	delay=$(awk -v s=$seed 'BEGIN { srand(s); printf "%.2f", 0.1 + rand() * 1.2 }')
	test_expect_success "SIGKILL after $delay s (seed $seed): pending, then replaced, same rows as a clean run" '
		rm -f k.db k.db-* &&
		"$CASETRAIL" ingest -q k.db log.evtx 2>/dev/null &
		pid=$! &&
		sleep $delay && kill -KILL $pid; wait $pid; rc=$?;
		if [ $rc -eq 0 ]; then
			echo "finished before the kill: nothing to resume"
		elif [ -f k.db ]; then
			sql k.db "SELECT status FROM source" >st || true
			casetrail ingest -q k.db log.evtx 2>err || true
			sound k.db
		else
			casetrail ingest -q k.db log.evtx
		fi &&
		counts k.db >k.counts &&
		test_cmp clean.counts k.counts
	'
done

if have_faultio; then
	# How many writes a clean ingest makes to the case, to spread the
	# failures over the whole of it.
	FAULTIO_COUNT=$TRASH/writes FAULTIO_MATCH=w.db LD_PRELOAD=$FAULTIO \
	    "$CASETRAIL" ingest -q w.db log.evtx 2>/dev/null
	total=$(cat "$TRASH/writes" 2>/dev/null || echo 0)
	rm -f w.db w.db-* w.db.lock

	for frac in 5 20 50 80 95 99; do
		test_expect_success "a write failure at $frac % of the ingest: exit 3, nothing claimed, resumed whole" '
			at=$(( total * '$frac' / 100 + 1 )) &&
			rm -f f.db f.db-* &&
			test_exit_code 3 with_faultio f.db $at \
			    "$CASETRAIL" ingest -q f.db log.evtx 2>err &&
			test_grep -E "disk is full|No space left" err &&
			if [ -f f.db ]; then
				sound f.db &&
				! sql f.db "SELECT status FROM source" | grep -qx ok &&
				casetrail ingest -q f.db log.evtx 2>err2
			else
				casetrail ingest -q f.db log.evtx
			fi &&
			counts f.db >f.counts &&
			test_cmp clean.counts f.counts
		'
	done

	test_expect_success 'a write failure during analyze: rolled back, the next analyze is the clean one' '
		cp clean.db a.db && casetrail analyze -q a.db &&
		sql a.db "SELECT rule, severity, title FROM finding ORDER BY id" >want &&
		cp clean.db b.db &&
		FAULTIO_COUNT=$TRASH/aw FAULTIO_MATCH=b.db LD_PRELOAD=$FAULTIO \
		    "$CASETRAIL" analyze -q b.db >/dev/null 2>&1 &&
		aw=$(cat aw) && test "$aw" -gt 2 &&
		cp clean.db c.db &&
		test_exit_code 3 with_faultio c.db $(( aw / 2 )) \
		    "$CASETRAIL" analyze -q c.db 2>err &&
		test "$(sql c.db "PRAGMA integrity_check")" = ok &&
		test "$(sql c.db "SELECT count(*) FROM finding")" -eq 0 &&
		casetrail analyze -q c.db &&
		sql c.db "SELECT rule, severity, title FROM finding ORDER BY id" >got &&
		test_cmp want got
	'

	test_expect_success 'a write failure during report: no report file, the next one whole' '
		casetrail report -o r.html a.db 2>/dev/null &&
		cp r.html want.html &&
		rm r.html &&
		test_must_fail with_faultio r.html 2 \
		    "$CASETRAIL" report -o r.html a.db 2>err &&
		test ! -e r.html &&
		! ls | grep -q "r.html.tmp" &&
		casetrail report -o r.html a.db 2>/dev/null &&
		test -s r.html
	'
else
	echo "# faultio cannot be preloaded here (sanitizer build): write failures not injected"
fi

test_expect_success 'two writers: the second waits for the first and names it' '
	cp clean.db two.db &&
	"$MKEVTX" --generate 40000 --seed 12 more.evtx >/dev/null &&
	"$CASETRAIL" ingest -q two.db more.evtx 2>/dev/null &
	pid=$! &&
	n=0 && while [ $n -lt 200 ] && ! grep -q "pid $pid" two.db.lock 2>/dev/null; do
		sleep 0.02; n=$((n + 1)); done &&
	casetrail analyze -q two.db 2>err &&
	wait $pid &&
	test_grep "is being written by another casetrail (pid $pid: casetrail ingest -q two.db more.evtx); waiting" err &&
	test "$(sql two.db "PRAGMA integrity_check")" = ok &&
	test "$(sql two.db "SELECT group_concat(status) FROM source")" = "ok,ok"
'

# A small file system that fills up for real (root can mount a tmpfs).
if [ "$(id -u)" = 0 ] && mkdir -p small && mount -t tmpfs -o size=24m tmpfs small 2>/dev/null; then
	test_expect_success 'a full file system: exit 3, nothing claimed, finished elsewhere' '
		test_exit_code 3 casetrail ingest -q small/case.db log.evtx 2>err;
		rc=$?;
		cat err;
		test_grep -E "disk is full|No space left" err &&
		sound small/case.db &&
		! sql small/case.db "SELECT status FROM source" | grep -qx ok &&
		cp small/case.db big.db &&
		{ cp small/case.db-journal big.db-journal 2>/dev/null || true; } &&
		casetrail ingest -q big.db log.evtx &&
		counts big.db >big.counts &&
		test_cmp clean.counts big.counts
	'
	umount small
else
	echo "# SKIP: cannot mount a small tmpfs here (not root?): the full-file-system test did not run"
fi

test_done
