#!/bin/sh
# bench-image.sh - disk-image ingest benchmark (issue 3). Not run by
# `make check`. Prints both sides of each comparison and the ratio:
#
#  1. casetrail ingest --no-hash   vs  fls -r -p -m / IMAGE >/dev/null
#     on an NTFS image of >= 100,000 files (goal: ratio <= 1.5)
#  2. bytes hashed per second      vs  openssl dgst md5 + sha1 + sha256
#     over the same bytes on every core (goal: >= 70 %)
#  3. peak memory (max RSS) on two images 10x apart in file count
#
# usage: tests/bench/bench-image.sh [CASETRAIL] [WORKDIR]
# The many-file images come from the corpus tools (corpus/bench/
# mkntfsbench.sh: a tree of 500-file folders, every 50th file deleted, a
# USN journal) when they are built next to CASETRAIL, else from mkntfs and
# an ntfs-3g FUSE mount (root); the hashing image from mkntfs + ntfscp.
# $BENCH_IMAGE_SMALL / $BENCH_IMAGE_BIG / $BENCH_IMAGE_HASH override them.
set -eu
TOP=$(cd "$(dirname "$0")/../.." && pwd)
CASETRAIL=$(realpath "${1:-$TOP/build/casetrail}")
BUILD=$(dirname "$CASETRAIL")
WORK=${2:-${TMPDIR:-/tmp}/casetrail-bench-image}
NFILES=${BENCH_NFILES:-100000}
HASH_MB=${BENCH_HASH_MB:-1024}
mkdir -p "$WORK"
cd "$WORK"

for t in mkntfs ntfscp fls openssl /usr/bin/time; do
	command -v $t >/dev/null 2>&1 || { echo "bench-image: needs $t" >&2; exit 2; }
done

# make_tree IMAGE NFILES : NTFS image (MBR disk) with NFILES small files
make_tree() {
	img=$1 n=$2
	[ -f "$img" ] && return 0
	if [ -x "$BUILD/corpus/mkntfsimg/mkntfsimg" ] && [ -x "$BUILD/corpus/mkdisk/mkdisk" ]; then
		MKNTFSIMG=$BUILD/corpus/mkntfsimg/mkntfsimg MKDISK=$BUILD/corpus/mkdisk/mkdisk \
		    sh "$TOP/corpus/bench/mkntfsbench.sh" -n "$n" -o "$img" >/dev/null
		return
	fi
	truncate -s "$(( n * 3 / 1024 + 48 ))M" "$img.tmp"
	mkntfs -F -f -q -s 512 -p 0 -H 0 -S 0 "$img.tmp" >/dev/null 2>&1
	mkdir -p mnt
	ntfs-3g "$img.tmp" mnt
	i=0
	while [ $i -lt "$n" ]; do
		d=mnt/d$((i / 100))
		[ $((i % 100)) -eq 0 ] && mkdir -p "$d"
		i=$((i + 1))
		echo "file $i" >"$d/f$i.txt"
	done
	fusermount -u mnt
	mv "$img.tmp" "$img"
}

# make_big IMAGE MB : NTFS volume holding MB megabytes in 32 MiB files
make_big() {
	img=$1 mb=$2
	[ -f "$img" ] && return 0
	truncate -s "$(( mb + mb / 16 + 32 ))M" "$img.tmp"
	mkntfs -F -f -q -s 512 -p 0 -H 0 -S 0 "$img.tmp" >/dev/null 2>&1
	j=0
	while [ $j -lt $((mb / 32)) ]; do
		head -c 33554432 /dev/urandom >chunk.bin
		ntfscp -q "$img.tmp" chunk.bin big$j.bin
		j=$((j + 1))
	done
	rm -f chunk.bin
	mv "$img.tmp" "$img"
}

# secs CMD... : wall seconds; then `rss` prints its max RSS (KiB) and
# `cpu` its user + system seconds (the fair measure on a busy machine)
secs() {
	/usr/bin/time -f "%e %M %U %S" -o time.out "$@" >/dev/null 2>time.err || {
		cat time.err >&2; return 1; }
	cut -d" " -f1 time.out
}
rss() {
	cut -d" " -f2 time.out
}
cpu() {
	awk '{ printf "%.2f", $3 + $4 }' time.out
}

ratio() {
	awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }'
}

SMALL=${BENCH_IMAGE_SMALL:-small.img}
BIG=${BENCH_IMAGE_BIG:-big.img}
HASHIMG=${BENCH_IMAGE_HASH:-hash.img}
echo "bench-image: building images in $WORK (once; reused next time)"
make_tree "$SMALL" $((NFILES / 10))
make_tree "$BIG" "$NFILES"
make_big "$HASHIMG" "$HASH_MB"
nproc=$(nproc)
echo "bench-image: $(nproc) cores; casetrail $("$CASETRAIL" --version 2>/dev/null | head -1)"

# Warm the page cache so both sides read from memory.
cat "$BIG" "$HASHIMG" "$SMALL" >/dev/null

echo
echo "1. walk: casetrail ingest --no-hash vs fls -r -p -m / ($NFILES+ files)"
# fls needs the partition's sector offset on a partitioned disk.
off=$(mmls -a "$BIG" 2>/dev/null | awk '$2 ~ /^[0-9]+:[0-9]+$/ { print $3 + 0; exit }')
t_fls=$(secs fls -r -p -m / -o "${off:-0}" "$BIG")
c_fls=$(cpu)
rm -f walk.case
t_ct=$(secs "$CASETRAIL" ingest -q --no-hash walk.case "$BIG")
c_ct=$(cpu)
rss_big=$(rss)
# The image hash alone (what the driver does during the walk).
t_img=$(secs openssl dgst -sha256 "$BIG")
t_md5=$(secs openssl dgst -md5 "$BIG")
rows=$(sqlite3 walk.case "SELECT count(*) FROM file")
echo "   fls:       $t_fls s wall, $c_fls s CPU"
echo "   casetrail: $t_ct s wall, $c_ct s CPU ($rows file rows, \$SI + \$FN times, database written)"
echo "   ratio casetrail/fls: $(ratio "$t_ct" "$t_fls") wall, $(ratio "$c_ct" "$c_fls") CPU (goal <= 1.5)"
echo "   (casetrail's time includes the SHA-256 of the image file, which --no-hash"
echo "   keeps: $(stat -c %s "$BIG") bytes on a thread of its own during the walk;"
echo "   openssl sha256 alone takes $t_img s on it; without --no-hash, MD5 too: $t_md5 s)"

echo
echo "2. hashing: casetrail vs openssl md5+sha1+sha256 on $nproc cores"
rm -f h2.case
t_hash=$(secs "$CASETRAIL" ingest -q h2.case "$HASHIMG")
# Every byte casetrail hashes: the image file itself (on its own thread,
# during the walk) and the content of every file in it (worker threads).
# Divided by the whole ingest's wall time (walk and database included),
# so the rate is a lower bound of the hashing speed.
content=$(sqlite3 h2.case "SELECT coalesce(sum(size), 0) FROM file WHERE sha256 IS NOT NULL AND type = 'file'")
imgsz=$(sqlite3 h2.case "SELECT size FROM source WHERE parent_id IS NULL AND sha256 IS NOT NULL")
hashed=$((content + imgsz))
ct_rate=$(awk -v b="$hashed" -v a="$t_hash" 'BEGIN { if (a <= 0) a = 0.001; printf "%.1f", b / a / 1e6 }')
# The machine's limit: each core runs md5, sha1, sha256 over its share.
split -n "$nproc" -d "$HASHIMG" part.
start=$(date +%s.%N)
for p in part.*; do
	( openssl dgst -md5 "$p" && openssl dgst -sha1 "$p" && openssl dgst -sha256 "$p" ) >/dev/null &
done
wait
end=$(date +%s.%N)
img_bytes=$(stat -c %s "$HASHIMG")
ossl_rate=$(awk -v b="$img_bytes" -v s="$start" -v e="$end" 'BEGIN { printf "%.1f", b / (e - s) / 1e6 }')
rm -f part.*
echo "   casetrail: $ct_rate MB/s ($hashed bytes hashed: image file $imgsz + file content $content, whole ingest $t_hash s)"
echo "   openssl:   $ossl_rate MB/s (md5, sha1, sha256 of $img_bytes bytes, $nproc processes)"
echo "   ratio casetrail/openssl: $(ratio "$ct_rate" "$ossl_rate") (goal >= 0.70)"

echo
echo "3. peak memory (max RSS), ingest --no-hash"
rm -f mem.case
t_small=$(secs "$CASETRAIL" ingest -q --no-hash mem.case "$SMALL")
rss_small=$(rss)
echo "   $((NFILES / 10)) files: $rss_small KiB ($t_small s)"
echo "   $NFILES files: $rss_big KiB ($t_ct s)"
echo "   ratio big/small: $(ratio "$rss_big" "$rss_small") (bounded memory: close to 1, not 10)"
