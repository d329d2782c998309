#!/bin/sh
# t0003-bulkload.sh - the first ingest into a new case drops the evidence
# tables' indexes and builds them at the end (src/bulkload.c): afterwards
# the case has every index of the schema, in WAL mode, and an ingest that
# died half-way is mended by the next one. Top-level files are hashed
# while they are parsed: the hashes and duplicate detection still hold.
. "$TOP_SRCDIR/tests/t/lib.sh"

MKEVTX=$TOP_BUILDDIR/corpus/mkevtx
CRAFT=$TOP_BUILDDIR/tests/evtx-craft
[ -x "$MKEVTX" ] || skip_all "corpus/mkevtx not built"

indexes() {
	sql "$1" "SELECT name FROM sqlite_schema WHERE type = 'index' AND sql IS NOT NULL ORDER BY name"
}

test_expect_success 'a new case lists the schema indexes' '
	printf "x" >notes.txt &&
	test_must_fail casetrail ingest fresh.db notes.txt 2>/dev/null &&
	indexes fresh.db >schema-indexes &&
	test_grep -x event_ts schema-indexes &&
	test_grep -x evtx_process_guid schema-indexes &&
	test_grep -x file_sha256 schema-indexes &&
	test "$(wc -l <schema-indexes)" -ge 20
'

test_expect_success 'a case made by loading indicators gets its evidence indexes at the next write' '
	printf "8.8.4.4\n" >iocs.txt &&
	casetrail ioc -q w.db iocs.txt &&
	test "$(sql w.db "SELECT count(*) FROM indicator")" -eq 1 &&
	test "$(sqlite3 w.db "PRAGMA journal_mode")" = delete &&
	test "$(sql w.db "SELECT count(*) FROM meta WHERE key GLOB '\''deferred_index.*'\''")" -gt 10 &&
	! indexes w.db | grep -qx event_ts &&
	casetrail info w.db >/dev/null &&
	"$CRAFT" scenario w.evtx &&
	casetrail ingest -q w.db w.evtx &&
	indexes w.db >actual &&
	test_cmp schema-indexes actual &&
	test "$(sql w.db "SELECT count(*) FROM meta WHERE key GLOB '\''deferred_index.*'\''")" -eq 0 &&
	test "$(sqlite3 w.db "PRAGMA journal_mode")" = wal &&
	test "$(sql w.db "SELECT count(*) FROM indicator")" -eq 1 &&
	test "$(sql w.db "PRAGMA integrity_check")" = ok
'

test_expect_success 'after a first (bulk) ingest every index is back, WAL, no leftovers' '
	"$MKEVTX" --generate 20000 --seed 3 big.evtx >/dev/null &&
	"$CRAFT" scenario s.evtx &&
	casetrail ingest -q c.db big.evtx s.evtx &&
	indexes c.db >actual &&
	test_cmp schema-indexes actual &&
	test "$(sql c.db "SELECT count(*) FROM meta WHERE key GLOB '\''deferred_index.*'\''")" -eq 0 &&
	test "$(sqlite3 c.db "PRAGMA journal_mode")" = wal &&
	test "$(sql c.db "PRAGMA page_size")" -eq 8192 &&
	test "$(sql c.db "PRAGMA integrity_check")" = ok &&
	test "$(sql c.db "SELECT count(*) FROM evtx")" -eq 20009
'

test_expect_success 'queries use the rebuilt indexes' '
	sql c.db "EXPLAIN QUERY PLAN SELECT * FROM event WHERE ts > 0 ORDER BY ts" >plan &&
	test_grep "event_ts" plan &&
	sql c.db "EXPLAIN QUERY PLAN SELECT * FROM evtx WHERE event_id = 4104" >plan &&
	test_grep "evtx_event" plan
'

test_expect_success 'script blocks are reassembled at the end of a bulk ingest' '
	test "$(sql c.db "SELECT count(*) FROM script_block s JOIN source o ON o.id = s.source_id WHERE o.path = '\''s.evtx'\''")" -eq 1
'

test_expect_success 'top-level files carry the hashes of their bytes' '
	for f in big.evtx s.evtx; do
		test "$(sql c.db "SELECT md5 || sha1 || sha256 || size FROM source WHERE path = '\''$f'\''")" = \
		    "$(md5sum <$f | cut -c1-32)$(sha1sum <$f | cut -c1-40)$(sha256sum <$f | cut -c1-64)$(wc -c <$f)" ||
		return 1
	done
'

test_expect_success 'a second ingest keeps the indexes and adds its rows' '
	"$MKEVTX" --generate 300 --seed 4 more.evtx >/dev/null &&
	casetrail ingest -q c.db more.evtx &&
	indexes c.db >actual &&
	test_cmp schema-indexes actual &&
	test "$(sql c.db "SELECT count(*) FROM evtx")" -eq 20309 &&
	test "$(sql c.db "PRAGMA integrity_check")" = ok
'

test_expect_success 'a copy in the same run is a duplicate; a same-size file is not' '
	cp s.evtx copy.evtx &&
	cp s.evtx other.evtx &&
	printf "Z" | dd of=other.evtx bs=1 seek=5000 conv=notrunc 2>/dev/null &&
	casetrail ingest -q d.db s.evtx copy.evtx other.evtx 2>/dev/null;
	sql d.db "SELECT path, status FROM source ORDER BY id" >actual &&
	printf "s.evtx|ok\ncopy.evtx|duplicate\nother.evtx|partial\n" >expect &&
	test_cmp expect actual &&
	test "$(sql d.db "SELECT sha256 FROM source WHERE path = '\''other.evtx'\''")" = "$(sha256sum <other.evtx | cut -c1-64)"
'

test_expect_success 'an ingest that died in bulk mode is mended by the next write' '
	"$MKEVTX" --generate 200000 --seed 5 huge.evtx >/dev/null &&
	"$CASETRAIL" ingest -q k.db huge.evtx &
	pid=$! &&
	n=0 &&
	while [ $n -lt 300 ] && [ "$(stat -c %s k.db 2>/dev/null || echo 0)" -lt 20000000 ]; do
		sleep 0.05; n=$((n + 1))
	done &&
	kill -9 $pid &&
	{ wait $pid; test $? -eq 137; } &&
	casetrail info k.db >/dev/null &&
	test "$(sql k.db "SELECT count(*) FROM meta WHERE key GLOB '\''deferred_index.*'\''")" -gt 0 &&
	casetrail ingest -q k.db s.evtx &&
	indexes k.db >actual &&
	test_cmp schema-indexes actual &&
	test "$(sql k.db "SELECT count(*) FROM meta WHERE key GLOB '\''deferred_index.*'\''")" -eq 0 &&
	test "$(sql k.db "PRAGMA integrity_check")" = ok &&
	test "$(sql k.db "SELECT status FROM source WHERE path = '\''huge.evtx'\''")" = pending
'

test_expect_success 'indexes left deferred are built when the case is opened for writing' '
	cp c.db m.db &&
	sqlite3 m.db "BEGIN; INSERT INTO meta VALUES ('\''deferred_index.event_ts'\'', (SELECT sql FROM sqlite_schema WHERE name = '\''event_ts'\'')); DROP INDEX event_ts; COMMIT;" &&
	indexes m.db >before &&
	! grep -qx event_ts before &&
	casetrail info m.db >info &&
	test_grep "^schema version: [0-9]" info &&
	casetrail ingest -q m.db more.evtx &&
	indexes m.db >actual &&
	test_cmp schema-indexes actual
'

test_expect_success 'deferred indexes are built from casetrail'\''s schema, not from SQL in the case' '
	cp c.db t.db &&
	sqlite3 t.db "BEGIN; DROP INDEX event_ts; INSERT INTO meta VALUES ('\''deferred_index.event_ts'\'', '\''DROP TABLE record'\''), ('\''deferred_index.evil'\'', '\''DROP TABLE evtx'\''); COMMIT;" &&
	casetrail ingest -q t.db more.evtx &&
	indexes t.db >actual &&
	test_cmp schema-indexes actual &&
	test "$(sql t.db "SELECT count(*) FROM meta WHERE key GLOB '\''deferred_index.*'\''")" -eq 0 &&
	test "$(sql t.db "SELECT count(*) FROM evtx")" -eq "$(sql c.db "SELECT count(*) FROM evtx")" &&
	test "$(sql t.db "SELECT count(*) FROM record")" -eq "$(sql c.db "SELECT count(*) FROM record")"
'

test_expect_success 'an index somebody added to a new case is kept by the bulk load' '
	test_must_fail casetrail ingest u.db notes.txt 2>/dev/null &&
	sqlite3 u.db "CREATE INDEX my_idx ON evtx(computer)" &&
	casetrail ingest -q u.db s.evtx &&
	test "$(sql u.db "SELECT sql FROM sqlite_schema WHERE name = '\''my_idx'\''")" = "CREATE INDEX my_idx ON evtx(computer)" &&
	test "$(sql u.db "SELECT count(*) FROM evtx")" -eq 9 &&
	indexes u.db | grep -v "^my_idx\$" >actual &&
	test_cmp schema-indexes actual
'

test_expect_success 'an added index whose name holds quotes is not SQL to run' '
	test_must_fail casetrail ingest v.db notes.txt 2>/dev/null &&
	sqlite3 v.db "CREATE INDEX \"x\"\"; DROP TABLE meta; --\" ON event(ts_desc)" &&
	casetrail ingest -q v.db s.evtx &&
	test "$(sql v.db "SELECT count(*) FROM meta WHERE key = '\''application'\''")" -eq 1 &&
	test "$(sql v.db "SELECT count(*) FROM sqlite_schema WHERE sql LIKE '\''%ON event(ts_desc)'\''")" -eq 1 &&
	test "$(sql v.db "SELECT count(*) FROM evtx")" -eq 9
'

test_expect_success 'progress on a terminal only, with records/s and an ETA' '
	command -v script >/dev/null || { echo "script(1) missing (bsdutils)"; return 1; } &&
	rm -f p.db && script -qec "$CASETRAIL ingest p.db huge.evtx" /dev/null >tty.out 2>&1 &&
	tr "\r" "\n" <tty.out >lines &&
	test_grep -E "^casetrail: evtx: [0-9]+ records \([0-9]+/s\), [0-9]+ of [0-9]+ MB, ETA [0-9]+ s" lines &&
	test_grep -E "^casetrail: evtx: 200000 records \([0-9]+/s\), ([0-9]+) of \1 MB +$" lines &&
	rm -f q.db && "$CASETRAIL" ingest q.db huge.evtx 2>notty.out &&
	! grep -q "casetrail: evtx:" notty.out
'

test_done
