#!/bin/sh
# mkreference.sh - build the reference case disk image FIN-WS042 (corpus/scenario/FACTS.md)
# from reference-ntfs.json: image.raw (MBR + NTFS), image.E01, image.vhd, plus a report of
# every file's MFT entry, the raw $UsnJrnl:$J stream and the hashes.
#
#   mkreference.sh -p PAYLOAD.exe -l LOGDIR -a ARTDIR -o OUTDIR [-b BINDIR] [-V default-logging]
#
#   PAYLOAD.exe  the payload bytes (corpus/mkpayload's output)
#   LOGDIR       the five .evtx files (corpus/mkevtx's output), named as in
#                Windows\System32\winevt\Logs
#   ARTDIR       the registry hives and other artefacts (corpus/scenario/mkartefacts.sh's
#                output; the files mkregistry.py's IMAGE_FILES names)
#   BINDIR       where mkntfsimg, mkdisk, mkewf and vhdfix are (default: next to
#                this script's build, i.e. $MKNTFSIMG etc. or PATH)
#   -V default-logging  the same disk without Sysmon (FACTS.md "The default-logging
#                host"): LOGDIR holds four logs (mkscenario.py --variant's), the
#                Sysmon log's entry is left out of the volume; raw and E01 only
# Every output is byte-identical from run to run.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
payload= logdir= artdir= out= bindir= variant=
while getopts p:l:a:o:b:V: opt; do
	case $opt in
	p) payload=$OPTARG ;;
	l) logdir=$OPTARG ;;
	a) artdir=$OPTARG ;;
	o) out=$OPTARG ;;
	b) bindir=$OPTARG ;;
	V) variant=$OPTARG ;;
	*) echo "usage: $0 -p PAYLOAD -l LOGDIR -a ARTDIR -o OUTDIR [-b BINDIR] [-V default-logging]" >&2; exit 2 ;;
	esac
done
[ -n "$payload" ] && [ -n "$logdir" ] && [ -n "$artdir" ] && [ -n "$out" ] || {
	echo "usage: $0 -p PAYLOAD -l LOGDIR -a ARTDIR -o OUTDIR [-b BINDIR]" >&2; exit 2; }
for f in SYSTEM SOFTWARE SAM NTUSER.DAT Amcache.hve "files/QuillEdit Update"; do
	[ -f "$artdir/$f" ] || { echo "$0: missing $artdir/$f" >&2; exit 1; }
done
[ -f "$payload" ] || { echo "$0: no payload file $payload" >&2; exit 1; }
SYSMON_LOG="Microsoft-Windows-Sysmon%4Operational.evtx"
manifest=$here/reference-ntfs.json
need_log() { [ -f "$logdir/$1" ] || { echo "$0: missing $logdir/$1" >&2; exit 1; }; }
need_log System.evtx
need_log Security.evtx
need_log "Windows PowerShell.evtx"
need_log "Microsoft-Windows-PowerShell%4Operational.evtx"
case $variant in
"") need_log "$SYSMON_LOG" ;;
default-logging)
	[ ! -f "$logdir/$SYSMON_LOG" ] || {
		echo "$0: $logdir has a Sysmon log: not the default-logging variant's logs" >&2; exit 1; } ;;
*) echo "$0: unknown variant $variant" >&2; exit 2 ;;
esac

tool() { # tool NAME: the program from BINDIR, the environment or PATH
	if [ -n "$bindir" ]; then echo "$bindir/$1"; return; fi
	v=$(printenv "$(echo "$1" | tr a-z A-Z)" || true)
	if [ -n "$v" ]; then echo "$v"; else echo "$1"; fi
}
MKNTFSIMG=$(tool mkntfsimg) MKDISK=$(tool mkdisk) MKEWF=$(tool mkewf) VHDFIX=$(tool vhdfix)
ACQUIRED=2024-03-20T09:00:00Z   # the (fictitious) acquisition, after the noise window

mkdir -p "$out"
if [ "$variant" = default-logging ]; then
	# Sysmon was never installed: its log is not on the disk.
	python3 -c 'import json, sys
m = json.load(open(sys.argv[1]))
m["entries"] = [e for e in m["entries"] if not e.get("path", "").endswith("/" + sys.argv[2])]
json.dump(m, open(sys.argv[3], "w"), indent=1)' "$manifest" "$SYSMON_LOG" "$out/manifest.json"
	manifest=$out/manifest.json
fi
vol="$out/volume.ntfs.tmp"
"$MKNTFSIMG" -D "PAYLOAD=$payload" -D "LOGDIR=$logdir" -D "ARTDIR=$artdir" \
	-r "$out/ntfs-entries.tsv" -j "$out/UsnJrnl_J.bin" \
	"$manifest" "$vol" 2>"$out/mkntfsimg.log" || {
	cat "$out/mkntfsimg.log" >&2; exit 1; }
"$MKDISK" -s 2048 -t 0x07 -i 0x2a5f1c03 "$vol" "$out/image.raw"
rm -f "$vol"
"$MKEWF" -t "$ACQUIRED" -c fast "$out/image.raw" "$out/image" >/dev/null
images="image.raw image.E01"
if [ -z "$variant" ]; then
	rm -f "$out/image.vhd"
	qemu-img convert -f raw -O vpc -o subformat=dynamic,force_size=on "$out/image.raw" "$out/image.vhd"
	"$VHDFIX" -t "$ACQUIRED" "$out/image.vhd"
	images="$images image.vhd"
fi

{
	echo "# reference case images and payload hashes (built by corpus/scenario/mkreference.sh)"
	for f in $images; do
		echo "sha256 $(sha256sum <"$out/$f" | cut -d' ' -f1) $f"
	done
	echo "md5 $(md5sum <"$out/image.raw" | cut -d' ' -f1) image.raw"
	echo "payload md5 $(md5sum <"$payload" | cut -d' ' -f1)"
	echo "payload sha1 $(sha1sum <"$payload" | cut -d' ' -f1)"
	echo "payload sha256 $(sha256sum <"$payload" | cut -d' ' -f1)"
	grep 'qeupdate_helper.exe' "$out/ntfs-entries.tsv" |
		awk -F'\t' '{print "payload file_reference " $3 "-" $4 " (MFT entry-sequence while it existed; deleted " $8 ")"}'
} >"$out/image-hashes.txt"
