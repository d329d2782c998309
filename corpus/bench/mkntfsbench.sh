#!/bin/sh
# mkntfsbench.sh - a deterministic NTFS benchmark image of N files for casetrail.
#
#   mkntfsbench.sh -n N -o OUT.raw [-d DELETE_EVERY] [-j J.bin] [-r REPORT.tsv]
#
# N files (0..6000 bytes of filler, the larger ones non-resident) spread over a tree
# Bench/dNNN/dNNN/ of 500 files per directory, every DELETE_EVERY-th file (default 50)
# deleted after the last file was created (so no MFT record is reused; the content stays
# on disk), and a USN journal with a record for every creation and deletion (every 7th
# record in V3 layout, for parser tests; a real volume writes one version only). The output is an MBR disk image (partition at sector 2048), the same
# bytes on every run. Uses $MKNTFSIMG and $MKDISK (default: PATH).
set -eu
n= out= del=50 j= rep=
while getopts n:o:d:j:r: opt; do
	case $opt in
	n) n=$OPTARG ;; o) out=$OPTARG ;; d) del=$OPTARG ;; j) j=$OPTARG ;; r) rep=$OPTARG ;;
	*) echo "usage: $0 -n N -o OUT.raw [-d DELETE_EVERY] [-j J.bin] [-r REPORT.tsv]" >&2; exit 2 ;;
	esac
done
case $n in ''|*[!0-9]*) echo "$0: -n N is required" >&2; exit 2 ;; esac
[ -n "$out" ] || { echo "$0: -o OUT is required" >&2; exit 2; }
MKNTFSIMG=${MKNTFSIMG:-mkntfsimg} MKDISK=${MKDISK:-mkdisk}

# room: 1 KiB MFT record + up to 6000 bytes of data (2 clusters) per file, plus 64 MiB
mib=$(( (n * 10 + 1023) / 1024 + 64 ))
manifest="$out.manifest.json"
cat >"$manifest" <<JSON
{
 "volume": {"size": "${mib}M", "label": "BENCH", "serial": "0x0BE4C4B0BE4C4B00",
            "format_time": "2024-01-01T00:00:00Z"},
 "usn_journal": {"created": "2024-01-01T00:00:01Z", "first_usn": 0, "v3_every": 7},
 "entries": [
  {"path": "Bench/notes.txt", "text": "renamed while open\r\n", "usn": true,
   "times": {"created": "2024-01-01T12:00:00Z", "modified": "2024-01-01T12:00:01Z"},
   "renamed": {"from": "notes.tmp", "at": "2024-01-01T12:00:02Z"}},
  {"bulk": {"dir": "Bench", "pattern": "file%07u.bin", "count": $n, "per_dir": 500,
            "size_min": 0, "size_max": 6000, "seed": 20240101,
            "created": "2024-01-02T00:00:00Z", "step_ticks": 1000000,
            "delete_every": $del, "delete_after_ticks": $(( (n + 100) * 1000000 )), "usn": true}}
 ]
}
JSON
vol="$out.volume.tmp"
"$MKNTFSIMG" ${j:+-j "$j"} ${rep:+-r "$rep"} "$manifest" "$vol" 2>"$out.log" || { cat "$out.log" >&2; exit 1; }
"$MKDISK" "$vol" "$out"
rm -f "$vol"
