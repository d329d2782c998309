#!/bin/sh
# t1201-image-ntfs - NTFS images built here (mkntfs + ntfscp, and an
# ntfs-3g FUSE mount when the machine allows it): $SI and $FN times at
# 100 ns, Zone.Identifier, deleted files, MBR partitions, split raw,
# Prefetch files found inside the image.
. "$TOP_SRCDIR/tests/t/lib.sh"

for tool in mkntfs ntfscp fls icat istat sqlite3; do
	command -v $tool >/dev/null 2>&1 || skip_all "$tool is not installed"
done
export TZ=UTC

. "$TOP_SRCDIR/tests/t/image-fixture.sh"

names_fls() {
	fls -r -p "$@" | sed 's/^[^	]*	//; s/:[^/]*$//' | sort -u
}
names_case() {
	sql "$1" "SELECT substr(f.path, 2) FROM file f JOIN record r ON r.id = f.record_id WHERE r.source_id = $2" |
	sed 's/:[^/]*$//' | sort -u
}

test_expect_success 'an NTFS volume with a downloaded file (Zone.Identifier)' '
	dd if=/dev/zero of=vol.img bs=1M count=24 2>/dev/null &&
	mkntfs -F -f -q -s 512 -p 0 -H 0 -S 0 -L CASE vol.img 2>/dev/null &&
	head -c 70000 /dev/urandom >helper.exe &&
	printf "[ZoneTransfer]\r\nZoneId=3\r\nReferrerUrl=http://5.39.218.205/\r\nHostUrl=http://5.39.218.205/logo.png\r\n" >zone &&
	ntfscp -q vol.img helper.exe qeupdate_helper.exe &&
	ntfscp -q -N Zone.Identifier vol.img zone qeupdate_helper.exe &&
	casetrail ingest -q vol.case vol.img
'

test_expect_success 'NTFS: stream listed, Zone.Identifier fields stored' '
	sql vol.case "SELECT streams, zone_id, zone_referrer, zone_host_url FROM file WHERE path = \"/qeupdate_helper.exe\"" >actual &&
	echo "[{\"name\":\"Zone.Identifier\",\"size\":$(wc -c <zone)}]|3|http://5.39.218.205/|http://5.39.218.205/logo.png" >expect &&
	test_cmp expect actual
'

test_expect_success 'NTFS: $SI and $FN times at full 100 ns precision, as events (one per distinct time)' '
	inode=$(sql vol.case "SELECT inode FROM file WHERE path = \"/qeupdate_helper.exe\"") &&
	istat vol.img $inode >istat.out &&
	frac=$(sed -n "/STANDARD_INFORMATION/,/FILE_NAME/p" istat.out | sed -n "s/^Created:.*\.\([0-9]\{7\}\)[0-9]*.*/\1/p") &&
	test -n "$frac" &&
	sql vol.case "SELECT printf(\"%07d\", si_crtime % 10000000), printf(\"%07d\", fn_crtime % 10000000) FROM file WHERE inode = $inode" >actual &&
	echo "$frac|$frac" >expect && test_cmp expect actual &&
	sql vol.case "SELECT ts_desc FROM event e JOIN file f ON f.record_id = e.record_id WHERE f.inode = $inode" |
	sed "s/, /\n/g" | sort >actual &&
	printf "FN accessed\nFN created\nFN entry changed\nFN modified\nSI accessed\nSI created\nSI entry changed\nSI modified\n" >expect &&
	test_cmp expect actual &&
	sql vol.case "SELECT count(DISTINCT ts) = count(*) FROM event e JOIN file f ON f.record_id = e.record_id WHERE f.inode = $inode" >actual &&
	echo 1 >expect && test_cmp expect actual
'

test_expect_success 'NTFS: names equal fls, locators are MFT entry-sequence' '
	names_fls vol.img >expect &&
	names_case vol.case 2 >actual &&
	test_cmp expect actual &&
	sql vol.case "SELECT r.locator FROM record r JOIN file f ON f.record_id = r.id WHERE f.path = \"/\$MFT\"" >actual &&
	echo "MFT 0-1" >expect && test_cmp expect actual
'

test_expect_success 'a partitioned disk (MBR) and its split raw copy' '
	dd if=/dev/zero of=disk.img bs=1M count=26 2>/dev/null &&
	mbr disk.img 2048 49152 7 &&
	dd if=vol.img of=disk.img bs=512 seek=2048 conv=notrunc 2>/dev/null &&
	casetrail ingest -q disk.case disk.img &&
	sql disk.case "SELECT kind, locator, status FROM source WHERE kind = \"volume\" AND status = \"ok\"" >actual &&
	echo "volume|partition 2 (sector 2048)|ok" >expect &&
	test_cmp expect actual &&
	names_fls -o 2048 disk.img >expect &&
	vid=$(sql disk.case "SELECT id FROM source WHERE kind = \"volume\" AND status = \"ok\"") &&
	names_case disk.case $vid >actual &&
	test_cmp expect actual &&
	split -b 10M -d -a 3 --numeric-suffixes=1 disk.img split.img. &&
	ls split.img.001 split.img.002 split.img.003 &&
	casetrail ingest -q split.case split.img.001 &&
	sql split.case "SELECT count(*) FROM file WHERE path = \"/qeupdate_helper.exe\" AND sha256 = \"$(sha256sum <helper.exe | cut -c1-64)\"" >actual &&
	echo 1 >expect && test_cmp expect actual
'

test_expect_success 'a later segment of a split image is not an image of its own' '
	test_must_fail casetrail ingest -q seg.case split.img.002 &&
	sql seg.case "SELECT count(*) FROM source" >actual &&
	echo 0 >expect && test_cmp expect actual
'

# The rest needs directories and deletion, which only a mount gives.
if mkdir mnt && ntfs-3g -o streams_interface=windows vol.img mnt 2>/dev/null; then
	mounted=yes
	mkdir -p mnt/Users/jdoe/AppData/Local/Temp/QEUpd mnt/Windows/Prefetch &&
	cp helper.exe mnt/Users/jdoe/AppData/Local/Temp/QEUpd/qeupdate_helper.exe &&
	if [ -e "$SHARED_DIR/frnsc-prefetch/v26/CMD.EXE-4A81B364.pf" ]; then
		cp "$SHARED_DIR/frnsc-prefetch/v26/CMD.EXE-4A81B364.pf" mnt/Windows/Prefetch/
	fi
	touch -d "2024-03-13 14:02:11.4000001" mnt/Users/jdoe/AppData/Local/Temp/QEUpd/qeupdate_helper.exe
	sync
	rm mnt/Users/jdoe/AppData/Local/Temp/QEUpd/qeupdate_helper.exe
	fusermount -u mnt || umount mnt
else
	mounted=no
	echo "# SKIP: no ntfs-3g FUSE mount here: deleted-file and Prefetch checks skipped" >&2
fi

if [ $mounted = yes ]; then
test_expect_success 'NTFS (mounted): deleted file in a deep folder, hash matches icat' '
	casetrail ingest -q del.case vol.img &&
	sql del.case "SELECT inode, allocated, content, r.flags, r.summary FROM file f JOIN record r ON r.id = f.record_id WHERE f.path = \"/Users/jdoe/AppData/Local/Temp/QEUpd/qeupdate_helper.exe\"" >row &&
	inode=$(cut -d"|" -f1 row) &&
	echo "$inode|0|recovered|9|/Users/jdoe/AppData/Local/Temp/QEUpd/qeupdate_helper.exe (deleted)" >expect &&
	test_cmp expect row &&
	icat vol.img $inode | sha256sum | cut -c1-64 >expect &&
	sql del.case "SELECT sha256 FROM file WHERE inode = $inode AND allocated = 0" >actual &&
	test_cmp expect actual &&
	names_fls vol.img >expect &&
	names_case del.case 2 >actual &&
	test_cmp expect actual
'

test_expect_success 'NTFS (mounted): SI modified time set to the tick' '
	sql del.case "SELECT si_mtime FROM file WHERE path = \"/Users/jdoe/AppData/Local/Temp/QEUpd/qeupdate_helper.exe\"" >actual &&
	echo $(( ($(date -u -d "2024-03-13 14:02:11" +%s) + 11644473600) * 10000000 + 4000001 )) >expect &&
	test_cmp expect actual
'

test_expect_success 'NTFS (mounted): Prefetch inside the image is parsed in place' '
	if [ ! -e "$SHARED_DIR/frnsc-prefetch/v26/CMD.EXE-4A81B364.pf" ]; then
		echo "# external Prefetch sample missing: nothing to check" >&2
		exit 0
	fi
	sql del.case "SELECT s.kind, s.path, s.status, p.kind FROM source s JOIN source p ON p.id = s.parent_id WHERE s.kind = \"prefetch\"" >actual &&
	echo "prefetch|/Windows/Prefetch/CMD.EXE-4A81B364.pf|ok|volume" >expect &&
	test_cmp expect actual &&
	sql del.case "SELECT executable, run_count, format_version FROM prefetch" >actual &&
	echo "CMD.EXE|2|26" >expect && test_cmp expect actual &&
	sql del.case "SELECT sha256 FROM source WHERE kind = \"prefetch\"" >actual &&
	sha256sum <"$SHARED_DIR/frnsc-prefetch/v26/CMD.EXE-4A81B364.pf" | cut -c1-64 >expect &&
	test_cmp expect actual
'
fi

test_done
