#!/bin/sh
# mkreference.sh - build the reference case disk image FIN-WS042 (corpus/scenario/FACTS.md)
# from reference-ntfs.json: image.raw (MBR + NTFS), image.E01, image.vhd, plus a report of
# every file's MFT entry, the raw $UsnJrnl:$J stream and the hashes.
#
#   mkreference.sh -p PAYLOAD.exe -l LOGDIR -a ARTDIR -o OUTDIR [-b BINDIR]
#
#   PAYLOAD.exe  the payload bytes (corpus/mkpayload's output)
#   LOGDIR       the five .evtx files (corpus/mkevtx's output), named as in
#                Windows\System32\winevt\Logs
#   ARTDIR       the registry hives and other artefacts (corpus/scenario/mkartefacts.sh's
#                output; the files mkregistry.py's IMAGE_FILES names)
#   BINDIR       where mkntfsimg, mkdisk, mkewf and vhdfix are (default: next to
#                this script's build, i.e. $MKNTFSIMG etc. or PATH)
# Every output is byte-identical from run to run.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
payload= logdir= artdir= out= bindir=
while getopts p:l:a:o:b: opt; do
	case $opt in
	p) payload=$OPTARG ;;
	l) logdir=$OPTARG ;;
	a) artdir=$OPTARG ;;
	o) out=$OPTARG ;;
	b) bindir=$OPTARG ;;
	*) echo "usage: $0 -p PAYLOAD -l LOGDIR -a ARTDIR -o OUTDIR [-b BINDIR]" >&2; exit 2 ;;
	esac
done
[ -n "$payload" ] && [ -n "$logdir" ] && [ -n "$artdir" ] && [ -n "$out" ] || {
	echo "usage: $0 -p PAYLOAD -l LOGDIR -a ARTDIR -o OUTDIR [-b BINDIR]" >&2; exit 2; }
for f in SYSTEM SOFTWARE SAM NTUSER.DAT Amcache.hve "files/QuillEdit Update"; do
	[ -f "$artdir/$f" ] || { echo "$0: missing $artdir/$f" >&2; exit 1; }
done
[ -f "$payload" ] || { echo "$0: no payload file $payload" >&2; exit 1; }
for f in System.evtx Security.evtx "Windows PowerShell.evtx" \
	"Microsoft-Windows-PowerShell%4Operational.evtx" \
	"Microsoft-Windows-Sysmon%4Operational.evtx"; do
	[ -f "$logdir/$f" ] || { echo "$0: missing $logdir/$f" >&2; exit 1; }
done

tool() { # tool NAME: the program from BINDIR, the environment or PATH
	if [ -n "$bindir" ]; then echo "$bindir/$1"; return; fi
	v=$(printenv "$(echo "$1" | tr a-z A-Z)" || true)
	if [ -n "$v" ]; then echo "$v"; else echo "$1"; fi
}
MKNTFSIMG=$(tool mkntfsimg) MKDISK=$(tool mkdisk) MKEWF=$(tool mkewf) VHDFIX=$(tool vhdfix)
ACQUIRED=2024-03-20T09:00:00Z   # the (fictitious) acquisition, after the noise window

mkdir -p "$out"
vol="$out/volume.ntfs.tmp"
"$MKNTFSIMG" -D "PAYLOAD=$payload" -D "LOGDIR=$logdir" -D "ARTDIR=$artdir" \
	-r "$out/ntfs-entries.tsv" -j "$out/UsnJrnl_J.bin" \
	"$here/reference-ntfs.json" "$vol" 2>"$out/mkntfsimg.log" || {
	cat "$out/mkntfsimg.log" >&2; exit 1; }
"$MKDISK" -s 2048 -t 0x07 -i 0x2a5f1c03 "$vol" "$out/image.raw"
rm -f "$vol"
"$MKEWF" -t "$ACQUIRED" -c fast "$out/image.raw" "$out/image" >/dev/null
rm -f "$out/image.vhd"
qemu-img convert -f raw -O vpc -o subformat=dynamic,force_size=on "$out/image.raw" "$out/image.vhd"
"$VHDFIX" -t "$ACQUIRED" "$out/image.vhd"

{
	echo "# reference case images and payload hashes (built by corpus/scenario/mkreference.sh)"
	for f in image.raw image.E01 image.vhd; do
		echo "sha256 $(sha256sum <"$out/$f" | cut -d' ' -f1) $f"
	done
	echo "md5 $(md5sum <"$out/image.raw" | cut -d' ' -f1) image.raw"
	echo "payload md5 $(md5sum <"$payload" | cut -d' ' -f1)"
	echo "payload sha1 $(sha1sum <"$payload" | cut -d' ' -f1)"
	echo "payload sha256 $(sha256sum <"$payload" | cut -d' ' -f1)"
	grep 'qeupdate_helper.exe' "$out/ntfs-entries.tsv" |
		awk -F'\t' '{print "payload file_reference " $3 "-" $4 " (MFT entry-sequence while it existed; deleted " $8 ")"}'
} >"$out/image-hashes.txt"
