#!/bin/sh
# bench-hive.sh - registry hive ingest benchmark (issue 16). Not run by
# make check. Generates a ~100 MB SOFTWARE-sized hive with the project's
# own writer (corpus/mkregf --generate 100 --seed 1), then times, in one
# run, `regfexport` (libregf-utils: every key and value as text) and
# `casetrail ingest` of the same hive (every key, value and event into a
# new case, hashing and indexes included), each the median of RUNS runs
# (default 3), and prints both, the ratio and casetrail's peak RSS.
#
# usage: tests/bench/bench-hive.sh [BUILD-DIR] [WORKDIR]
set -eu
TOP=$(cd "$(dirname "$0")/../.." && pwd)
BUILD=$(realpath "${1:-$TOP/build}")
WORK=${2:-${TMPDIR:-/tmp}/casetrail-bench-hive}
RUNS=${BENCH_RUNS:-3}
CASETRAIL=$BUILD/casetrail
MKREGF=$BUILD/corpus/mkregf
[ -x "$CASETRAIL" ] || { echo "bench-hive: build casetrail first ($CASETRAIL)"; exit 1; }
[ -x "$MKREGF" ] || { echo "bench-hive: corpus/mkregf is not built in $BUILD (make corpus/mkregf)"; exit 1; }
for t in regfexport /usr/bin/time; do
	command -v $t >/dev/null 2>&1 || { echo "bench-hive: needs $t (libregf-utils, time)"; exit 1; }
done
mkdir -p "$WORK"
cd "$WORK"
hive=$WORK/SOFTWARE
[ -f "$hive" ] || "$MKREGF" --generate 100 --seed 1 "$hive" >/dev/null

# median of the numbers on stdin
median() { sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }

echo "bench-hive: $(nproc) cores, load $(cut -d" " -f1-3 /proc/loadavg), $($CASETRAIL --version 2>/dev/null | head -1)"
echo "bench-hive: $hive ($(stat -c %s "$hive") bytes)"
: >r.times
: >c.times
: >c.rss
i=0
while [ $i -lt "$RUNS" ]; do
	i=$((i + 1))
	/usr/bin/time -f "%e" -o t.out regfexport "$hive" >/dev/null 2>&1
	cat t.out >>r.times
	rm -f case.db
	/usr/bin/time -f "%e %M" -o t.out "$CASETRAIL" ingest -q case.db "$hive"
	cut -d" " -f1 t.out >>c.times
	cut -d" " -f2 t.out >>c.rss
done
keys=$(sqlite3 case.db "SELECT count(*) FROM reg_key")
values=$(sqlite3 case.db "SELECT count(*) FROM reg_value")
rt=$(median <r.times)
ct=$(median <c.times)
rss=$(median <c.rss)
awk -v rt="$rt" -v ct="$ct" -v rss="$rss" -v k="$keys" -v v="$values" -v n="$RUNS" 'BEGIN {
	printf "  %d keys, %d values; median of %d runs each\n", k, v, n;
	printf "  regfexport:       %.2f s\n", rt;
	printf "  casetrail ingest: %.2f s, peak RSS %.0f MB (case file written, indexed)\n", ct, rss / 1024;
	printf "  ratio (regfexport time / casetrail time): %.2fx\n", rt / ct;
}'
