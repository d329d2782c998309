#!/bin/sh
# t8200-image-reference - the reference case's disk image (built by the
# corpus tools: `make corpus-image`) against its own ground truth: every
# manifest path with its MFT entry, sequence number, deletion state and
# creation time to 100 ns (ntfs-entries.tsv), the deleted payload's hashes
# (image-hashes.txt, and icat), the USN journal as written (UsnJrnl_J.bin),
# Prefetch and event logs read in place, and the E01 and VHD copies.
. "$TOP_SRCDIR/tests/t/lib.sh"

REF=$TOP_BUILDDIR/corpus/out/reference
if [ ! -f "$REF/image.raw" ] || [ ! -f "$REF/ntfs-entries.tsv" ]; then
	echo "################################################################" >&2
	echo "SKIP: no reference image: run 'make corpus-image' in $TOP_BUILDDIR" >&2
	echo "################################################################" >&2
	skip_all "reference image not built (make corpus-image)"
fi
for tool in fls icat sqlite3 awk; do
	command -v $tool >/dev/null 2>&1 || skip_all "$tool is not installed"
done

# iso TICKS-COLUMN : SQL for the ISO 8601 text of a FILETIME column
iso() {
	echo "strftime('%Y-%m-%dT%H:%M:%S', $1 / 10000000 - 11644473600, 'unixepoch') || '.' || printf('%07d', $1 % 10000000) || 'Z'"
}

test_expect_success 'ingest the reference image' '
	casetrail ingest -q ref.case "$REF/image.raw" &&
	sql ref.case "SELECT kind, status FROM source WHERE kind IN (\"image\", \"usnjrnl\") OR (kind = \"volume\" AND status = \"ok\") ORDER BY id" >actual &&
	printf "image|ok\nvolume|ok\nusnjrnl|ok\n" >expect &&
	test_cmp expect actual &&
	sql ref.case "SELECT count(*) FROM warning" >actual &&
	echo 0 >expect && test_cmp expect actual
'

test_expect_success 'every manifest path: MFT entry, sequence, deleted or not, created to 100 ns' '
	awk -F"\t" "NR > 1 { print \"/\" \$1 \"|\" \$3 \"|\" \$4 \"|\" (\$8 == \"-\" ? 1 : 0) \"|\" \$7 }" "$REF/ntfs-entries.tsv" |
	sort >expect &&
	test $(wc -l <expect) -gt 5000 &&
	sql ref.case "SELECT path || \"|\" || inode || \"|\" || seq || \"|\" || allocated || \"|\" || $(iso si_crtime) FROM file" |
	sort >all &&
	cut -d"|" -f1 expect >paths &&
	awk -F"|" "NR == FNR { want[\$1] = 1; next } (\$1 in want)" paths all | sort -u >actual &&
	test_cmp expect actual
'

test_expect_success 'the names are those fls lists' '
	fls -r -p -o 2048 "$REF/image.raw" | sed "s/^[^	]*	//; s/:[^/]*\$//" | sort -u >expect &&
	sql ref.case "SELECT substr(f.path, 2) FROM file f JOIN record r ON r.id = f.record_id JOIN source s ON s.id = r.source_id WHERE s.kind = \"volume\"" |
	sed "s/:[^/]*\$//" | sort -u >actual &&
	test_cmp expect actual
'

test_expect_success 'the deleted payload: flags, hashes as built, as icat reads it' '
	sql ref.case "SELECT r.locator, r.flags, f.content, f.md5, f.sha1, f.sha256 FROM file f JOIN record r ON r.id = f.record_id WHERE f.path = \"/Users/jdoe/AppData/Local/Temp/QEUpd/qeupdate_helper.exe\"" >actual &&
	entry=$(sed -n "s/^payload file_reference \([0-9]*-[0-9]*\).*/\1/p" "$REF/image-hashes.txt") &&
	echo "MFT $entry|9|recovered|$(sed -n "s/^payload md5 //p" "$REF/image-hashes.txt")|$(sed -n "s/^payload sha1 //p" "$REF/image-hashes.txt")|$(sed -n "s/^payload sha256 //p" "$REF/image-hashes.txt")" >expect &&
	test_cmp expect actual &&
	icat -o 2048 "$REF/image.raw" ${entry%-*} | sha256sum | cut -c1-64 >expect &&
	sql ref.case "SELECT sha256 FROM file WHERE path = \"/Users/jdoe/AppData/Local/Temp/QEUpd/qeupdate_helper.exe\"" >actual &&
	test_cmp expect actual
'

test_expect_success 'USN journal: the records as written, with full paths' '
	casetrail ingest -q j.case "$REF/UsnJrnl_J.bin" &&
	sql j.case "SELECT usn || \"|\" || reason || \"|\" || name || \"|\" || ts FROM usn" | sort >expect &&
	test $(wc -l <expect) -gt 100 &&
	sql ref.case "SELECT usn || \"|\" || reason || \"|\" || name || \"|\" || ts FROM usn" | sort >actual &&
	test_cmp expect actual &&
	sql ref.case "SELECT path, reasons FROM usn WHERE name = \"qeupdate_helper.exe\" AND (reason & 768) ORDER BY usn" >actual &&
	test_grep "^/Users/jdoe/AppData/Local/Temp/QEUpd/qeupdate_helper.exe|FILE_CREATE" actual &&
	test_grep "^/Users/jdoe/AppData/Local/Temp/QEUpd/qeupdate_helper.exe|FILE_DELETE" actual
'

test_expect_success 'Prefetch and event logs read in place, children of the volume' '
	sql ref.case "SELECT count(*) FROM source s JOIN source p ON p.id = s.parent_id WHERE s.kind = \"prefetch\" AND s.status = \"ok\" AND p.kind = \"volume\" AND s.path LIKE \"/Windows/Prefetch/%.pf\"" >actual &&
	test $(cat actual) -eq $(grep -c "^Windows/Prefetch/.*\.pf	" "$REF/ntfs-entries.tsv") &&
	sql ref.case "SELECT run_count > 0 FROM prefetch WHERE executable = \"QEUPDATE_HELPER.EXE\"" >actual &&
	echo 1 >expect && test_cmp expect actual &&
	sql ref.case "SELECT count(*) FROM source s JOIN source p ON p.id = s.parent_id WHERE s.kind = \"evtx\" AND p.kind = \"volume\"" >actual &&
	n=$(grep -c "^Windows/System32/winevt/Logs/.*\.evtx	" "$REF/ntfs-entries.tsv") &&
	if sql ref.case "SELECT 1 FROM evtx LIMIT 1" | grep -q 1; then
		echo $n >expect && test_cmp expect actual
	else
		echo "# no EVTX parser in this build: event logs not checked" >&2
	fi
'

test_expect_success 'E01 and VHD copies give the same files and hashes' '
	sql ref.case "SELECT path || \"|\" || coalesce(sha256, \"\") FROM file" | sort >expect &&
	for f in image.E01 image.vhd; do
		[ -f "$REF/$f" ] || continue
		casetrail ingest -q $f.case "$REF/$f" &&
		sql $f.case "SELECT path || \"|\" || coalesce(sha256, \"\") FROM file" | sort >actual &&
		test_cmp expect actual || return 1
	done
'

test_expect_success 'event logs and Prefetch in the image: their sources carry the hashes of their bytes, with or without --no-hash' '
	sql ref.case "SELECT count(*) FROM source s WHERE s.kind IN (\"evtx\", \"prefetch\") AND s.parent_id IS NOT NULL" >n &&
	test "$(cat n)" -gt 5 &&
	sql ref.case "SELECT count(*) FROM source s JOIN file f ON f.path = s.path WHERE s.kind IN (\"evtx\", \"prefetch\") AND s.parent_id IS NOT NULL AND s.md5 = f.md5 AND s.sha1 = f.sha1 AND s.sha256 = f.sha256" >same &&
	test_cmp n same &&
	inode=$(sql ref.case "SELECT f.inode FROM source s JOIN file f ON f.path = s.path WHERE s.kind = \"evtx\" ORDER BY s.id LIMIT 1") &&
	icat -o 2048 "$REF/image.raw" "$inode" | sha256sum | cut -c1-64 >expect &&
	sql ref.case "SELECT s.sha256 FROM source s JOIN file f ON f.path = s.path WHERE s.kind = \"evtx\" ORDER BY s.id LIMIT 1" >actual &&
	test_cmp expect actual &&
	casetrail ingest -q --no-hash nohash.case "$REF/image.raw" &&
	sql nohash.case "SELECT path || \"|\" || md5 || \"|\" || sha256 FROM source WHERE kind IN (\"evtx\", \"prefetch\") AND parent_id IS NOT NULL ORDER BY path" >actual &&
	sql ref.case "SELECT path || \"|\" || md5 || \"|\" || sha256 FROM source WHERE kind IN (\"evtx\", \"prefetch\") AND parent_id IS NOT NULL ORDER BY path" >expect &&
	test_cmp expect actual &&
	test "$(sql nohash.case "SELECT count(*) FROM file WHERE sha256 IS NOT NULL")" -eq 0
'

test_expect_success 'the E01 note gives the acquisition MD5 and the examiner'\''s header values' '
	[ -f "$REF/image.E01" ] || { echo "image.E01 was not built"; return 1; } &&
	sql image.E01.case "SELECT note FROM source WHERE kind = \"image\"" >note &&
	test_grep "acquisition MD5 $(md5sum <"$REF/image.raw" | cut -c1-32) (stored in the EWF by the acquisition tool, not verified: see --verify)" note &&
	test_grep "case CT-2024-0042, evidence FIN-WS042-HDD0, examiner casetrail corpus" note &&
	test_grep "acquisition date (as the tool wrote it, time zone unknown) Wed Mar 20 09:00:00 2024" note
'

test_expect_success '--verify reads the reference E01 (compressed) and finds its acquisition MD5' '
	[ -f "$REF/image.E01" ] || { echo "image.E01 was not built"; return 1; } &&
	casetrail ingest -q --verify verified.case "$REF/image.E01" &&
	sql verified.case "SELECT status || \" \" || note FROM source WHERE kind = \"image\"" >note &&
	test_grep "^ok .*; media read in full ($(stat -c %s "$REF/image.raw") bytes): MD5 $(md5sum <"$REF/image.raw" | cut -c1-32), .*; the acquisition MD5 matches: verified\$" note
'

test_done
