#!/bin/sh
# mkartefacts.sh - build the reference case's registry hives and other Windows
# artefacts (corpus/scenario/mkregistry.py describes them, corpus/mkregf and
# corpus/mklnk write them) into OUTDIR:
#
#   mkartefacts.sh -p PAYLOAD.exe -o OUTDIR
#
#   OUTDIR/SYSTEM SOFTWARE SAM NTUSER.DAT Amcache.hve   the hives (clean)
#   OUTDIR/*.lnk                                        the shortcuts
#   OUTDIR/files/                                       task XML, PowerShell
#                                                       history, $I/$R, desktop.ini
#   OUTDIR/dirty/NTUSER.DAT{,.LOG1,.LOG2}               the dirty variant (not in the image)
#   OUTDIR/desc/                                        the descriptions and
#                                                       registry-truth.json
# Programs: $MKREGF and $MKLNK, else mkregf and mklnk on PATH; $PYTHON (python3).
# Every output is byte-identical from run to run.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
payload= out=
while getopts p:o: opt; do
	case $opt in
	p) payload=$OPTARG ;;
	o) out=$OPTARG ;;
	*) echo "usage: $0 -p PAYLOAD -o OUTDIR" >&2; exit 2 ;;
	esac
done
[ -n "$payload" ] && [ -n "$out" ] || { echo "usage: $0 -p PAYLOAD -o OUTDIR" >&2; exit 2; }
MKREGF=${MKREGF:-mkregf} MKLNK=${MKLNK:-mklnk} PYTHON=${PYTHON:-python3}

rm -rf "$out.tmp"
mkdir -p "$out.tmp/desc" "$out.tmp/dirty"
"$PYTHON" "$here/mkregistry.py" "$payload" "$out.tmp/desc"
for h in SYSTEM SOFTWARE SAM NTUSER.DAT Amcache.hve; do
	"$MKREGF" "$out.tmp/desc/$h.jsonl" "$out.tmp/$h"
done
# The dirty variant: on disk the hive of the day before, in LOG1 the pages
# that make it today's.
"$MKREGF" "$out.tmp/desc/NTUSER.DAT.old.jsonl" "$out.tmp/dirty/NTUSER.DAT.old"
"$MKREGF" --dirty "$out.tmp/dirty/NTUSER.DAT.old" "$out.tmp/NTUSER.DAT" \
	"$out.tmp/dirty/NTUSER.DAT" "$out.tmp/dirty/NTUSER.DAT.LOG1" "$out.tmp/dirty/NTUSER.DAT.LOG2"
rm "$out.tmp/dirty/NTUSER.DAT.old"
"$MKLNK" "$out.tmp/desc/links.jsonl" "$out.tmp"
mv "$out.tmp/desc/files" "$out.tmp/files"
rm -rf "$out"
mv "$out.tmp" "$out"
