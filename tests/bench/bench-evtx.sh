#!/bin/sh
# bench-evtx.sh - records/s of `casetrail ingest` (every named field in the
# case file) against `evtxexport -f xml FILE >/dev/null` (libevtx-utils) on
# the same file, in one run: the largest real log of ../shared/corpus-ext
# and a generated log of >= 1,000,000 records. Prints both sides, the
# ratio and casetrail's peak memory. Not run by make check.
#
#	tests/bench/bench-evtx.sh [BUILD_DIR] [RECORDS]
#
# The generated log comes from the corpus tools' mkevtx (--generate N) when
# the build has it; otherwise (said clearly) it is made of real chunks: the
# 64 KiB chunks of the corpus logs libevtx reads completely, repeated until
# RECORDS records, behind one file header (chunks are self-contained, so
# this is a valid log of real records).
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:-$top/build}
want=${2:-1000000}
shared=${SHARED_DIR:-$top/../shared}
CASETRAIL=$build/casetrail
tmp=$(mktemp -d "${TMPDIR:-/tmp}/bench-evtx.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

[ -x "$CASETRAIL" ] || { echo "bench-evtx: build casetrail first ($CASETRAIL)"; exit 1; }
command -v evtxexport >/dev/null || { echo "bench-evtx: evtxexport missing (apt-get install libevtx-utils)"; exit 1; }
[ -d "$shared/corpus-ext" ] || { echo "bench-evtx: $shared/corpus-ext is missing"; exit 1; }

now() { date +%s.%N; }

# median of the numbers on stdin
median() {
	sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

# bench LABEL FILE [RUNS]
# With RUNS > 1 (for a small log, whose ~40 ms a single run cannot time
# reliably), both sides run RUNS times, alternating, and each figure is the
# median of its runs.
bench() {
	label=$1 file=$2 runs=${3:-1}
	n=$(evtxinfo "$file" 2>/dev/null | sed -n 's/.*Number of records[^:]*: *//p')
	: >"$tmp/l.wall"; : >"$tmp/l.cpu"; : >"$tmp/c.wall"; : >"$tmp/c.cpu"; : >"$tmp/c.rss"
	# Both sides start from the same state: the log in the page cache, no
	# dirty pages (of the generated log, of the last case) being written.
	cat "$file" >/dev/null
	i=0
	while [ $i -lt "$runs" ]; do
		i=$((i + 1))
		sync
		t0=$(now)
		/usr/bin/time -f '%U %S' -o "$tmp/lcpu" evtxexport -f xml "$file" >/dev/null 2>&1
		t1=$(now)
		rm -f "$tmp/case.db"*
		sync
		t1b=$(now)
		/usr/bin/time -f '%M %U %S' -o "$tmp/rss" "$CASETRAIL" ingest -q "$tmp/case.db" "$file" 2>/dev/null
		t2=$(now)
		awk -v a="$t0" -v b="$t1" 'BEGIN { print b - a }' >>"$tmp/l.wall"
		awk -v a="$t1b" -v b="$t2" 'BEGIN { print b - a }' >>"$tmp/c.wall"
		awk '{ print $1 + $2 }' "$tmp/lcpu" >>"$tmp/l.cpu"
		awk '{ print $2 + $3 }' "$tmp/rss" >>"$tmp/c.cpu"
		awk '{ print $1 }' "$tmp/rss" >>"$tmp/c.rss"
	done
	m=$(sqlite3 "$tmp/case.db" "SELECT count(*) FROM evtx")
	awk -v l="$label" -v f="$file" -v n="$n" -v m="$m" -v runs="$runs" \
	    -v le="$(median <"$tmp/l.wall")" -v ce="$(median <"$tmp/c.wall")" \
	    -v lc="$(median <"$tmp/l.cpu")" -v cc="$(median <"$tmp/c.cpu")" \
	    -v rss="$(sort -n "$tmp/c.rss" | tail -1)" \
	    -v sz="$(stat -c %s "$file")" 'BEGIN {
		printf "%s: %s (%.1f MB)%s\n", l, f, sz / 1e6, (runs > 1 ? sprintf(", median of %d runs each", runs) : "");
		printf "  evtxexport -f xml: %d records in %.3f s = %.0f records/s (CPU %.3f s)\n", n, le, n / le, lc;
		printf "  casetrail ingest:  %d records in %.3f s = %.0f records/s (CPU %.3f s), peak RSS %.0f MB\n", m, ce, m / ce, cc, rss / 1024;
		printf "  ratio (wall clock): %.1fx; ratio (records per CPU second): %.1fx\n", (m / ce) / (n / le), (lc > 0 && cc > 0) ? (m / cc) / (n / lc) : 0;
	}'
}

echo "bench-evtx: $(nproc) cores, load $(cut -d" " -f1-3 /proc/loadavg), $($CASETRAIL --version 2>/dev/null | head -1)"

largest=$(find "$shared/corpus-ext" -name '*.evtx' -printf '%s %p\n' | sort -n | tail -1 | cut -d" " -f2-)
bench "largest real log" "$largest" 11

mkevtx=$build/corpus/mkevtx
[ -x "$mkevtx" ] || make -C "$build" corpus/mkevtx >/dev/null 2>&1
gen=$tmp/generated.evtx
if [ -x "$mkevtx" ] && "$mkevtx" --generate "$want" --seed 1 "$gen" >/dev/null 2>&1; then
	echo "bench-evtx: generated log: $mkevtx --generate $want --seed 1"
else
	echo "bench-evtx: mkevtx is MISSING from $build (corpus tools not built or not merged):"
	echo "bench-evtx: building the >= $want record log from real corpus chunks instead"
	python3 - "$shared/corpus-ext" "$gen" "$want" <<'PY'
import os, struct, subprocess, sys, zlib
root, out, want = sys.argv[1], sys.argv[2], int(sys.argv[3])
chunks, header = [], None
for d, _, fs in sorted(os.walk(root)):
    for f in sorted(fs):
        if not f.endswith(".evtx"):
            continue
        p = os.path.join(d, f)
        info = subprocess.run(["evtxinfo", p], capture_output=True, text=True).stdout
        exp = subprocess.run(["evtxexport", p], capture_output=True, text=True)
        if exp.returncode != 0 or "unable" in exp.stderr:
            continue        # only logs libevtx reads completely
        data = open(p, "rb").read()
        if header is None:
            header = bytearray(data[:4096])
        for o in range(4096, len(data) - 65535, 65536):
            c = data[o:o + 65536]
            if c[:8] == b"ElfChnk\0":
                first, last = struct.unpack_from("<QQ", c, 8)
                if last >= first and last - first < 100000:
                    chunks.append((c, last - first + 1))
per = sum(n for _, n in chunks)
reps = max(1, -(-want // per))
with open(out, "wb") as w:
    total = 0
    nch = len(chunks) * reps
    nch = min(nch, 65535)
    struct.pack_into("<QQ", header, 8, 0, nch - 1)
    struct.pack_into("<H", header, 42, nch)
    struct.pack_into("<I", header, 120, 0)
    struct.pack_into("<I", header, 124, zlib.crc32(bytes(header[:120])))
    w.write(header)
    k = 0
    while k < nch:
        for c, n in chunks:
            if k >= nch:
                break
            w.write(c); total += n; k += 1
print("bench-evtx: %d chunks, about %d records" % (nch, total))
PY
fi
bench "generated log" "$gen"
