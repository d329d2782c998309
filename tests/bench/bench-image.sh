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
# The images are built with mkntfs and an ntfs-3g FUSE mount (root), or
# taken from $BENCH_IMAGE_SMALL / $BENCH_IMAGE_BIG / $BENCH_IMAGE_HASH.
set -eu
CASETRAIL=$(realpath "${1:-$(dirname "$0")/../../build/casetrail}")
WORK=${2:-${TMPDIR:-/tmp}/casetrail-bench-image}
NFILES=${BENCH_NFILES:-100000}
HASH_MB=${BENCH_HASH_MB:-1024}
mkdir -p "$WORK"
cd "$WORK"

for t in mkntfs ntfs-3g fusermount fls openssl /usr/bin/time; do
	command -v $t >/dev/null 2>&1 || { echo "bench-image: needs $t" >&2; exit 2; }
done

# make_tree IMAGE NFILES MB_OF_BIG_FILES : NTFS image with NFILES small
# files in 100-file folders, plus big files totalling MB megabytes
make_image() {
	img=$1 n=$2 mb=$3
	[ -f "$img" ] && return 0
	# about 3 KiB per small file (MFT entry, index, data) plus the big ones
	size=$(( n * 3 / 1024 + mb + 48 ))
	truncate -s "${size}M" "$img.tmp"
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
	j=0
	while [ $j -lt $((mb / 32)) ]; do
		head -c 33554432 /dev/urandom >mnt/big$j.bin
		j=$((j + 1))
	done
	fusermount -u mnt
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
make_image "$SMALL" $((NFILES / 10)) 0
make_image "$BIG" "$NFILES" 0
make_image "$HASHIMG" 0 "$HASH_MB"
nproc=$(nproc)
echo "bench-image: $(nproc) cores; casetrail $("$CASETRAIL" --version 2>/dev/null | head -1)"

# Warm the page cache so both sides read from memory.
cat "$BIG" "$HASHIMG" "$SMALL" >/dev/null

echo
echo "1. walk: casetrail ingest --no-hash vs fls -r -p -m / ($NFILES+ files)"
t_fls=$(secs fls -r -p -m / "$BIG")
c_fls=$(cpu)
rm -f walk.case
t_ct=$(secs "$CASETRAIL" ingest -q --no-hash walk.case "$BIG")
c_ct=$(cpu)
rss_big=$(rss)
# The image hash alone (what the driver does before parsing).
t_img=$(secs openssl dgst -sha256 "$BIG")
rows=$(sqlite3 walk.case "SELECT count(*) FROM file")
echo "   fls:       $t_fls s wall, $c_fls s CPU"
echo "   casetrail: $t_ct s wall, $c_ct s CPU ($rows file rows, \$SI + \$FN times, database written)"
echo "   ratio casetrail/fls: $(ratio "$t_ct" "$t_fls") wall, $(ratio "$c_ct" "$c_fls") CPU (goal <= 1.5)"
echo "   (casetrail's time includes hashing the image file: MD5+SHA-1+SHA-256 of"
echo "   $(stat -c %s "$BIG") bytes; openssl sha256 alone takes $t_img s on it)"

echo
echo "2. hashing: casetrail vs openssl md5+sha1+sha256 on $nproc cores"
bytes=$(sqlite3 walk.case "SELECT 1" >/dev/null; echo $((HASH_MB / 32 * 33554432)))
rm -f h1.case h2.case
t_nohash=$(secs "$CASETRAIL" ingest -q --no-hash h1.case "$HASHIMG")
t_hash=$(secs "$CASETRAIL" ingest -q h2.case "$HASHIMG")
hashed=$(sqlite3 h2.case "SELECT coalesce(sum(size), 0) FROM file WHERE sha256 IS NOT NULL AND type = 'file'")
ct_rate=$(awk -v b="$hashed" -v a="$t_hash" -v c="$t_nohash" 'BEGIN { d = a - c; if (d <= 0) d = 0.001; printf "%.1f", b / d / 1e6 }')
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
echo "   casetrail: $ct_rate MB/s ($hashed bytes of file content; ingest $t_hash s minus $t_nohash s without hashing)"
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
