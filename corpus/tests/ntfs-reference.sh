#!/bin/sh
# ntfs-reference.sh - check the reference case image built by corpus/scenario/mkreference.sh.
#
# Builds the image twice and checks: identical bytes (raw, E01, VHD); partition table;
# the expected paths; the deleted payload (listed, times, content hash); the ADS; the
# event logs; E01 and VHD read like the raw image; the USN journal parses and tells the
# payload's story with the right file references.
#
# Environment: MKNTFSIMG MKDISK MKEWF VHDFIX USNDUMP (programs; default: PATH),
# PAYLOAD (default: $MKPAYLOAD's output if set, else a placeholder), LOGDIR (default:
# five placeholder .evtx files), ARTDIR (the registry hives and artefacts of
# corpus/scenario/mkartefacts.sh; default: the build's, else placeholder files),
# KEEP=1 keeps the work directory.
# Last line: "N passed, N failed"; exit status 1 if any failed.
set -u
here=$(cd "$(dirname "$0")" && pwd)
if [ -n "${TOP_BUILDDIR:-}" ]; then # under make check: the programs of this build
	b=$TOP_BUILDDIR/corpus
	: "${MKNTFSIMG:=$b/mkntfsimg/mkntfsimg}" "${USNDUMP:=$b/mkntfsimg/usndump}"
	: "${MKDISK:=$b/mkdisk/mkdisk}" "${MKEWF:=$b/mkdisk/mkewf}" "${VHDFIX:=$b/mkdisk/vhdfix}"
	[ -x "$b/mkpayload" ] && : "${MKPAYLOAD:=$b/mkpayload}"
	export MKNTFSIMG USNDUMP MKDISK MKEWF VHDFIX
fi
for t in fls icat istat mmls fsstat ewfverify qemu-img; do
	command -v "$t" >/dev/null 2>&1 || { echo "1..0 # SKIP $t not installed"; exit 0; }
done
USNDUMP=${USNDUMP:-usndump}
work=$(mktemp -d "${TMPDIR:-/tmp}/ntfs-reference.XXXXXX")
[ "${KEEP:-0}" = 1 ] || trap 'rm -rf "$work"' EXIT
pass=0 fail=0
ok() { pass=$((pass + 1)); echo "ok - $1"; }
ko() { fail=$((fail + 1)); echo "not ok - $1"; }
check() { name=$1; shift; if "$@" >/dev/null 2>&1; then ok "$name"; else ko "$name"; fi; }

if [ -z "${PAYLOAD:-}" ]; then
	PAYLOAD="$work/payload.exe"
	if [ -n "${MKPAYLOAD:-}" ]; then "$MKPAYLOAD" "$PAYLOAD"
	else yes 'casetrail placeholder payload' | head -c 40960 >"$PAYLOAD"; fi
fi
if [ -z "${LOGDIR:-}" ] && [ -n "${TOP_BUILDDIR:-}" ] && [ -f "$TOP_BUILDDIR/corpus/out/reference/logs.stamp" ]; then
	LOGDIR=$TOP_BUILDDIR/corpus/out/reference/logs # the real logs, once `make corpus-logs` ran
fi
if [ -z "${LOGDIR:-}" ]; then
	LOGDIR="$work/logs"; mkdir -p "$LOGDIR"
	for f in System Security "Windows PowerShell" "Microsoft-Windows-PowerShell%4Operational" \
		"Microsoft-Windows-Sysmon%4Operational"; do
		printf 'placeholder for %s.evtx\n' "$f" >"$LOGDIR/$f.evtx"
	done
fi

if [ -z "${ARTDIR:-}" ] && [ -n "${TOP_BUILDDIR:-}" ] && [ -f "$TOP_BUILDDIR/corpus/out/reference/artefacts.stamp" ]; then
	ARTDIR=$TOP_BUILDDIR/corpus/out/reference/artefacts # once `make corpus-registry` ran
fi
if [ -z "${ARTDIR:-}" ]; then
	ARTDIR="$work/art"
	python3 -c 'import sys; sys.path.insert(0, sys.argv[1]); from mkregistry import IMAGE_FILES
for _, n, _, _ in IMAGE_FILES: print(n)' "$here/../scenario" | while IFS= read -r n; do
		mkdir -p "$ARTDIR/$(dirname "$n")"
		printf 'placeholder for %s\n' "$n" >"$ARTDIR/$n"
	done
fi

for n in 1 2; do
	if "$here/../scenario/mkreference.sh" -p "$PAYLOAD" -l "$LOGDIR" -a "$ARTDIR" -o "$work/r$n"; then
		ok "build $n"
	else
		ko "build $n"; echo "1..$((pass + fail))"; echo "$pass passed, $fail failed (cannot build)"; exit 1
	fi
done
r="$work/r1"
for f in image.raw image.E01 image.vhd UsnJrnl_J.bin ntfs-entries.tsv; do
	check "deterministic $f" cmp "$work/r1/$f" "$work/r2/$f"
done

mmls "$r/image.raw" >"$work/mmls" 2>&1
check "mmls: NTFS partition at sector 2048" grep -Eq '^002: +000:000 +0000002048 .*\(0x07\)' "$work/mmls"
fsstat -o 2048 "$r/image.raw" >"$work/fsstat" 2>&1
check "fsstat: volume serial" grep -q 'Volume Serial Number: 6A1C0F3E82D45B97' "$work/fsstat"
check "fsstat: label OS" grep -q 'Volume Name: OS$' "$work/fsstat"

fls -o 2048 -r -p "$r/image.raw" >"$work/fls.raw" 2>&1
for p in 'Windows/System32/kernel32.dll' 'Windows/System32/svchost.exe' \
	'Program Files (x86)/QuillEdit/QuillEdit.exe' 'Program Files (x86)/QuillEdit/QEUpdate.exe' \
	'Program Files (x86)/Google/Update/GoogleUpdate.exe' 'Users/jdoe/Downloads/7z2301-x64.exe' \
	'Users/jdoe/Downloads/7z2301-x64.exe:Zone.Identifier' 'Program Files/7-Zip/7zFM.exe' \
	'Windows/System32/winevt/Logs/Security.evtx' \
	'Windows/System32/winevt/Logs/Microsoft-Windows-Sysmon%4Operational.evtx' \
	'$Extend/$UsnJrnl:$J' '$Extend/$UsnJrnl:$Max' 'Windows/Prefetch' 'Users/jdoe/Desktop' \
	'Users/jdoe/Documents/desktop.ini' 'Users/jdoe/AppData/Local/Temp/QEUpd' \
	'Windows/System32/Tasks/QuillEdit/QuillEdit Update' 'Windows/explorer.exe' \
	'Windows/System32/WindowsPowerShell/v1.0/powershell.exe' 'Windows/System32/wbem/WmiPrvSE.exe' \
	'Windows/System32/PING.EXE' 'Windows/System32/cmd.exe' 'Program Files/Google/Chrome/Application/chrome.exe' \
	'Program Files/Microsoft Office/root/Office16/WINWORD.EXE' \
	'Users/jdoe/AppData/Local/Microsoft/Teams/current/Teams.exe' \
	'Program Files (x86)/Microsoft/Edge/Application/122.0.2365.80/msedge.exe' \
	'Windows/System32/config/SYSTEM' 'Windows/System32/config/SOFTWARE' 'Windows/System32/config/SAM' \
	'Users/jdoe/NTUSER.DAT' 'Windows/AppCompat/Programs/Amcache.hve' \
	'Users/jdoe/AppData/Roaming/Microsoft/Windows/PowerShell/PSReadLine/ConsoleHost_history.txt' \
	'Users/jdoe/Desktop/QuillEdit.lnk' \
	'$Recycle.Bin/S-1-5-21-3623811015-3361044348-30300820-1104/$IK3V7QZ.xlsx' \
	'$Recycle.Bin/S-1-5-21-3623811015-3361044348-30300820-1104/$RK3V7QZ.xlsx'; do
	check "fls lists $p" awk -F'\t' -v p="$p" '$2 == p { f = 1 } END { exit !f }' "$work/fls.raw"
done
nfiles=$(grep -c '^r/r [0-9]*-128-[0-9]*:	[^$][^:]*$' "$work/fls.raw")
check "at least 5000 files ($nfiles)" test "$nfiles" -ge 5000

fls -o 2048 -r -d -p "$r/image.raw" >"$work/fls.del" 2>&1
payload_line=$(grep -F '	Users/jdoe/AppData/Local/Temp/QEUpd/qeupdate_helper.exe' "$work/fls.del" | head -1)
check "fls -d lists the deleted payload" test -n "$payload_line"
check "fls -d lists the deleted patch" grep -qF 'QEUpd/QuillEdit_patch_3.2.1.exe' "$work/fls.del"
for f in 7zFM.exe 7z.exe 7zG.exe Uninstall.exe; do
	check "fls -d lists the installer's deleted temp file $f" grep -qF "7zS4C1A2B/$f" "$work/fls.del"
done
check "the installer's 7z.dll stays in Temp" grep -q '^r/r .*	Users/jdoe/AppData/Local/Temp/7zS4C1A2B/7z.dll$' "$work/fls.raw"
check "fls -d lists the old QuillEdit.exe the patch replaced" grep -q '^-/r \* .*	Program Files (x86)/QuillEdit/QuillEdit.exe$' "$work/fls.del"
check "fls -d lists Chrome's deleted installer" grep -qF '122.0.6261.129_chrome_installer.exe' "$work/fls.del"
check "fls lists the Corp IT inventory of 2024-03-13" grep -qF 'ProgramData/CorpIT/inventory-20240313.json' "$work/fls.raw"

check "payload not listed as allocated" sh -c "! grep -q '^r/r .*qeupdate_helper.exe' '$work/fls.raw'"
inode=$(printf '%s\n' "$payload_line" | sed -n 's/^[^ ]* \* \([0-9]*\)-.*/\1/p')
want=$(awk -F'\t' '$1 ~ /qeupdate_helper.exe$/ {print $3}' "$r/ntfs-entries.tsv")
check "payload inode $inode is the one the builder reports" test "${inode:-x}" = "$want"

istat -o 2048 "$r/image.raw" "${inode:-0}" >"$work/istat" 2>&1
check "istat: payload entry not allocated" grep -q 'Not Allocated File' "$work/istat"
check "istat: SI created 14:02:13.2000000" sh -c "sed -n '/STANDARD_INFORMATION/,/FILE_NAME/p' '$work/istat' | grep -q 'Created:	2024-03-13 14:02:13.200000000'"
check "istat: SI modified 14:02:13.9000000" sh -c "sed -n '/STANDARD_INFORMATION/,/FILE_NAME/p' '$work/istat' | grep -q 'File Modified:	2024-03-13 14:02:13.900000000'"
check "istat: FN created 14:02:13.2000000" sh -c "sed -n '/FILE_NAME Attr/,/Attributes:/p' '$work/istat' | grep -q 'Created:	2024-03-13 14:02:13.200000000'"
check "istat: FN modified = FN created" sh -c "sed -n '/FILE_NAME Attr/,/Attributes:/p' '$work/istat' | grep -q 'File Modified:	2024-03-13 14:02:13.200000000'"
iline=$(grep -F '	ProgramData/CorpIT/inventory-20240311.json' "$work/fls.raw" | head -1)
iino=$(printf '%s\n' "$iline" | sed -n 's/^r\/r \([0-9]*\)-.*/\1/p')
istat -o 2048 "$r/image.raw" "${iino:-0}" >"$work/istat.inv" 2>&1
check "istat: 100 ns precision (SI created 09:30:13.8540559)" grep -q 'Created:	2024-03-11 09:30:13.854055900' "$work/istat.inv"
h1=$(icat -o 2048 "$r/image.raw" "${inode:-0}" 2>/dev/null | sha256sum | cut -d' ' -f1)
h2=$(sha256sum <"$PAYLOAD" | cut -d' ' -f1)
check "icat of the deleted payload has the payload's sha256" test "$h1" = "$h2"

zline=$(grep -F '	Users/jdoe/Downloads/7z2301-x64.exe:Zone.Identifier' "$work/fls.raw" | head -1)
zaddr=$(printf '%s\n' "$zline" | sed -n 's/^r\/r \([0-9]*-128-[0-9]*\):.*/\1/p')
printf '[ZoneTransfer]\r\nZoneId=3\r\nReferrerUrl=https://www.7-zip.org/download.html\r\nHostUrl=https://www.7-zip.org/a/7z2301-x64.exe\r\n' >"$work/zone.want"
icat -o 2048 "$r/image.raw" "${zaddr:-0}" >"$work/zone.got" 2>/dev/null
check "Zone.Identifier ADS reads back" cmp "$work/zone.want" "$work/zone.got"

for a in 'Windows/System32/config/SYSTEM:SYSTEM' 'Users/jdoe/NTUSER.DAT:NTUSER.DAT' \
	'Windows/AppCompat/Programs/Amcache.hve:Amcache.hve' \
	'Windows/System32/Tasks/QuillEdit/QuillEdit Update:files/QuillEdit Update'; do
	aline=$(grep -F "	${a%%:*}" "$work/fls.raw" | grep -v ':.*:' | head -1)
	aaddr=$(printf '%s\n' "$aline" | sed -n 's/^r\/r \([0-9]*-128-[0-9]*\):.*/\1/p')
	icat -o 2048 "$r/image.raw" "${aaddr:-0}" >"$work/art.got" 2>/dev/null
	check "${a%%:*} in the image equals the artefact built" cmp "$ARTDIR/${a#*:}" "$work/art.got"
done
lline=$(grep -F '	Windows/System32/winevt/Logs/Security.evtx' "$work/fls.raw" | head -1)
laddr=$(printf '%s\n' "$lline" | sed -n 's/^r\/r \([0-9]*-128-[0-9]*\):.*/\1/p')
icat -o 2048 "$r/image.raw" "${laddr:-0}" >"$work/sec.got" 2>/dev/null
check "Security.evtx in the image equals the input" cmp "$LOGDIR/Security.evtx" "$work/sec.got"

fls -o 2048 -r -p "$r/image.E01" >"$work/fls.e01" 2>&1
fls -o 2048 -r -p -i vhd "$r/image.vhd" >"$work/fls.vhd" 2>&1
check "E01 lists the same files as raw" cmp "$work/fls.raw" "$work/fls.e01"
check "VHD lists the same files as raw" cmp "$work/fls.raw" "$work/fls.vhd"
check "mmls reads the E01" grep -q '0x07' "$(mmls "$r/image.E01" >"$work/mmls.e01" 2>&1; echo "$work/mmls.e01")"
check "mmls reads the VHD" grep -q '0x07' "$(mmls -i vhd "$r/image.vhd" >"$work/mmls.vhd" 2>&1; echo "$work/mmls.vhd")"
h3=$(icat -o 2048 "$r/image.E01" "${inode:-0}" 2>/dev/null | sha256sum | cut -d' ' -f1)
h4=$(icat -o 2048 -i vhd "$r/image.vhd" "${inode:-0}" 2>/dev/null | sha256sum | cut -d' ' -f1)
check "icat payload from E01" test "$h3" = "$h2"
check "icat payload from VHD" test "$h4" = "$h2"
check "ewfverify: E01 verifies" sh -c "ewfverify -q '$r/image.E01' | grep -q SUCCESS"
md5raw=$(md5sum <"$r/image.raw" | cut -d' ' -f1)
check "ewfverify: MD5 = raw image's" sh -c "ewfverify -q '$r/image.E01' | grep -q 'calculated over data:.*$md5raw'"
check "qemu-img: VHD content = raw" qemu-img compare -f raw -F vpc "$r/image.raw" "$r/image.vhd"

if command -v sccainfo >/dev/null 2>&1; then
	for pf in QEUPDATE_HELPER.EXE-25CE310D.pf QEUPDATE.EXE-20793422.pf POWERSHELL.EXE-59FC8F3D.pf; do
		a=$(grep -F "	Windows/Prefetch/$pf" "$work/fls.raw" | sed -n 's/^r\/r \([0-9]*-128-[0-9]*\):.*/\1/p')
		icat -o 2048 "$r/image.raw" "${a:-0}" >"$work/$pf" 2>/dev/null
		sccainfo "$work/$pf" >"$work/$pf.txt" 2>&1
		check "sccainfo reads Windows/Prefetch/$pf" grep -q 'Format version[[:space:]]*: 30' "$work/$pf.txt"
	done
	check "prefetch: the payload ran at 14:02:15.6, once" sh -c "grep -q 'Last run time: 1[[:space:]]*: Mar 13, 2024 14:02:15.600000000 UTC' '$work/QEUPDATE_HELPER.EXE-25CE310D.pf.txt' && grep -q 'Run count[[:space:]]*: 1\$' '$work/QEUPDATE_HELPER.EXE-25CE310D.pf.txt'"
	check "prefetch: the payload's path is listed" grep -q 'QEUPD.QEUPDATE_HELPER.EXE$' "$work/QEUPDATE_HELPER.EXE-25CE310D.pf.txt"
	if command -v python3 >/dev/null 2>&1; then
		pref1=$(awk -F'\t' '$1 ~ /qeupdate_helper.exe$/ {print $3 "-" $4}' "$r/ntfs-entries.tsv")
		refs=$(python3 -c 'import struct,sys; d=open(sys.argv[1],"rb").read(); o,n=struct.unpack_from("<II",d,84); print(" ".join("%d-%d" % (r & 0xffffffffffff, r >> 48) for r in (struct.unpack_from("<Q",d,o+32*i+24)[0] for i in range(n))))' "$work/QEUPDATE_HELPER.EXE-25CE310D.pf")
		check "prefetch: the payload's file reference ($pref1) is in its metrics" sh -c "echo ' $refs ' | grep -q ' $pref1 '"
	fi
fi

jline=$(grep -F '	$Extend/$UsnJrnl:$J' "$work/fls.raw" | head -1)
jaddr=$(printf '%s\n' "$jline" | sed -n 's/^r\/r \([0-9]*-128-[0-9]*\):.*/\1/p')
icat -o 2048 "$r/image.raw" "${jaddr:-0}" >"$work/J" 2>/dev/null
check "icat \$J = sparse 1 MiB + the builder's records" sh -c "head -c 1048576 /dev/zero | cat - '$r/UsnJrnl_J.bin' | cmp - '$work/J'"
"$USNDUMP" "$work/J" >"$work/usn" 2>&1
check "usndump: records parse, none cross a page" sh -c "tail -1 '$work/usn' | grep -q 'errors 0'"
pref=$(awk -F'\t' '$1 ~ /qeupdate_helper.exe$/ {print $3 "-" $4 "\t" $5 "-" $6}' "$r/ntfs-entries.tsv")
check "USN FILE_CREATE of the payload (ref $pref) at 14:02:13.2" grep -qP "\tv2\t${pref}\t2024-03-13T14:02:13.2000000Z\tFILE_CREATE\tqeupdate_helper.exe$" "$work/usn"
check "USN FILE_DELETE of the payload at 14:02:27.5" grep -qP "\tv2\t${pref}\t2024-03-13T14:02:27.5000000Z\tFILE_DELETE\|CLOSE\tqeupdate_helper.exe$" "$work/usn"
dusn=$(grep -P "\tv2\t${pref}\t2024-03-13T14:02:27.5000000Z\tFILE_DELETE" "$work/usn" | cut -f1)
check "istat: the payload's SI USN ($dusn) is its last journal record" grep -q "Last User Journal Update Sequence Number: ${dusn:-x}\$" "$work/istat"
check "USN delete of the patch at 14:00:40" grep -qP "\t2024-03-12T14:00:40.0000000Z\tFILE_DELETE\|CLOSE\tQuillEdit_patch_3.2.1.exe$" "$work/usn"
check "USN stream change of the download" grep -qP "\t2024-03-11T16:40:00.0000000Z\t.*STREAM_CHANGE\t7z2301-x64.exe$" "$work/usn"
check "USN records in time order" sh -c "cut -f5 '$work/usn' | grep '^20' | sort -c"
check "USN first record at USN 1048576" grep -q '^1048576	' "$work/usn"

scen=${SCENARIO:-${TOP_BUILDDIR:+$TOP_BUILDDIR/corpus/out/reference/scenario.jsonl}}
if [ -n "$scen" ] && [ -f "$scen" ] && command -v python3 >/dev/null 2>&1; then
	python3 "$here/ntfs-vs-logs.py" "$scen" "$r/ntfs-entries.tsv" >"$work/vs-logs" 2>&1
	check "file events of the logs (Sysmon 11/23) match the image: $(tail -1 "$work/vs-logs")" \
		sh -c "tail -1 '$work/vs-logs' | grep -q ' 0 mismatches'"
fi

echo "1..$((pass + fail))"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
