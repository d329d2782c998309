#!/bin/sh
# t9110-image-corpus - real third-party samples in ../shared/corpus-ext
# (see its MANIFEST.md): NTFS images with known timestamps and deleted
# index entries, EWF images (single and split), raw USN journals checked
# against fsutil's dump, Prefetch versions 17 to 30.
# ntfs.tgz (a 64 GiB sparse image: hashing it takes minutes) only runs with
# CASETRAIL_SLOW_TESTS=1.
. "$TOP_SRCDIR/tests/t/lib.sh"

require_shared corpus-ext/MANIFEST.md
C=$SHARED_DIR/corpus-ext
for tool in fls icat istat sqlite3 gunzip; do
	command -v $tool >/dev/null 2>&1 || skip_all "$tool is not installed"
done
export TZ=UTC

ticks() {
	echo $(( ($(date -u -d "$1" +%s) + 11644473600) * 10000000 + $2 ))
}
names_fls() {
	fls -r -p "$@" | sed 's/^[^	]*	//; s/:[^/]*$//' | sort -u
}
names_case() {
	sql "$1" "SELECT substr(f.path, 2) FROM file f JOIN record r ON r.id = f.record_id JOIN source s ON s.id = r.source_id WHERE s.path LIKE '$2%'" |
	sed 's/:[^/]*$//' | sort -u
}

test_expect_success 'USN v2/v3/v4 journal: every record fsutil dumped, same reasons' '
	casetrail ingest -q usn.case "$C/msuhanov-dfir_ntfs/usnjrnlj.bin" &&
	tr -d "\r" <"$C/msuhanov-dfir_ntfs/usnjrnlj.fsutil.txt" |
	awk "/^Usn /{u=\$3; n=\"\"} /^File name  /{sub(/^File name *: /,\"\"); n=\$0} /^Reason/{r=tolower(\$3); sub(/:\$/,\"\",r); print u\"|\"n\"|\"r}" |
	sort >expect &&
	test $(wc -l <expect) -eq 268 &&
	sql usn.case "SELECT usn || \"|\" || name || \"|\" || printf(\"0x%08x\", reason) FROM usn WHERE usn < 29792" | sort >actual &&
	test_cmp expect actual
'

test_expect_success 'USN: decoded reasons, references, times' '
	sql usn.case "SELECT reasons, file_inode, file_seq, parent_inode, parent_seq, major FROM usn WHERE usn = 80" >actual &&
	echo "FILE_CREATE|CLOSE|40|1|5|5|2" >expect &&
	test_cmp expect actual &&
	sql usn.case "SELECT e.ts FROM event e JOIN usn u ON u.record_id = e.record_id WHERE u.usn = 0 AND e.ts_desc = \"USN change\"" >actual &&
	test $(( ($(cat actual) / 10000000) - 11644473600 )) -eq $(date -u -d "2019-01-22 21:36:10" +%s) &&
	sql usn.case "SELECT count(*) FROM usn WHERE major = 4 AND name = \"\"" >actual &&
	test $(cat actual) -gt 0 &&
	sql plaso.case "SELECT 1" >/dev/null 2>&1;
	casetrail ingest -q plaso.case "$C/plaso/UsnJrnl.raw" &&
	sql plaso.case "SELECT count(*) FROM usn" >actual &&
	echo 19 >expect && test_cmp expect actual
'

test_expect_success 'Prefetch v17 to v30 (MAM): names, run counts, last runs' '
	test_exit_code 1 "$CASETRAIL" ingest -q pf.case "$C/plaso/winprefetch" "$C/frnsc-prefetch" 2>err &&
	sql pf.case "SELECT executable, format_version, run_count, last_run FROM prefetch WHERE executable IN (\"CMD.EXE\", \"PING.EXE\", \"BYTECODEGENERATOR.EXE\", \"RUST_OUT.EXE\") ORDER BY last_run" >actual &&
	{
		echo "PING.EXE|23|14|$(ticks "2012-04-06 19:00:55" 9329556)"
		echo "CMD.EXE|17|2|$(ticks "2013-03-10 10:11:49" 2812500)"
		echo "BYTECODEGENERATOR.EXE|30|7|$(ticks "2015-05-14 22:11:58" 911341)"
		echo "CMD.EXE|26|2|$(ticks "2016-01-16 21:10:14" 1208485)"
		echo "RUST_OUT.EXE|30|1|$(ticks "2024-01-31 14:14:28" 7053713)"
		echo "CMD.EXE|30|4|$(ticks "2024-02-05 06:17:41" 1440142)"
	} >expect &&
	test_cmp expect actual &&
	sql pf.case "SELECT json_array_length(files), json_array_length(run_times) FROM prefetch WHERE executable = \"BYTECODEGENERATOR.EXE\"" >actual &&
	echo "1085|7" >expect && test_cmp expect actual &&
	sql pf.case "SELECT count(*) FROM event WHERE ts_desc = \"program run\"" >actual &&
	test $(cat actual) -ge 11 &&
	sql pf.case "SELECT status FROM source WHERE path LIKE \"%AM_DELTA_PATCH%\"" >actual &&
	echo failed >expect && test_cmp expect actual &&
	test_grep "AM_DELTA_PATCH.*libscca" err
'

test_expect_success 'EWF ext2 image: names, deleted entries, hashes as icat' '
	casetrail ingest -q ewf.case "$C/plaso/image.E01" &&
	names_fls "$C/plaso/image.E01" >expect &&
	names_case ewf.case "$C/plaso/image.E01" >actual &&
	test_cmp expect actual &&
	sql ewf.case "SELECT path FROM file WHERE allocated = 0 AND path NOT LIKE \"/\$OrphanFiles%\" ORDER BY path" >actual &&
	printf "/a_directory/.another_file.swp\n/a_directory/another_file~\n/passwords.txt~\n" >expect &&
	test_cmp expect actual &&
	icat "$C/plaso/image.E01" 15 | sha256sum | cut -c1-64 >expect &&
	sql ewf.case "SELECT sha256 FROM file WHERE path = \"/passwords.txt\"" >actual &&
	test_cmp expect actual
'

test_expect_success 'split EWF set and a raw MBR disk with an empty partition' '
	test_exit_code 1 "$CASETRAIL" ingest -q split.case "$C/plaso/image-split.E01" "$C/plaso/tsk_volume_system.raw" &&
	sql split.case "SELECT count(*) FROM source WHERE kind = \"volume\" AND status = \"ok\"" >actual &&
	echo 2 >expect && test_cmp expect actual &&
	sql split.case "SELECT count(*) FROM warning WHERE message LIKE \"partition 2 (sector 1)%no file system%\"" >actual &&
	echo 2 >expect && test_cmp expect actual &&
	names_fls -o 352 "$C/plaso/image-split.E01" >expect &&
	names_case split.case "$C/plaso/image-split.E01, partition 6" >actual &&
	test_cmp expect actual
'

test_expect_success 'NTFS: $SI and $FN timestamps differ as the ground truth says' '
	gunzip -c "$C/msuhanov-ntfs-samples/ntfs-si-vs-fn.raw.gz" >sivsfn.raw &&
	casetrail ingest -q sivsfn.case sivsfn.raw &&
	inode=$(sql sivsfn.case "SELECT inode FROM file WHERE path = \"/test/test.txt\"") &&
	istat -o 128 sivsfn.raw $inode >istat.out &&
	si=$(sed -n "/STANDARD_INFORMATION/,/FILE_NAME/s/^Created:.\([0-9-]* [0-9:]*\)\.\([0-9]\{7\}\).*/\1 \2/p" istat.out) &&
	fn=$(sed -n "/FILE_NAME Attribute Values/,\$s/^Created:.\([0-9-]* [0-9:]*\)\.\([0-9]\{7\}\).*/\1 \2/p" istat.out | head -1) &&
	case "$si" in 2015-11-03*) ;; *) false ;; esac &&
	case "$fn" in 2014-12-12*) ;; *) false ;; esac &&
	echo "$(ticks "${si% *}" $(echo ${si##* } | sed "s/^0*//; s/^$/0/"))|$(ticks "${fn% *}" $(echo ${fn##* } | sed "s/^0*//; s/^$/0/"))" >expect &&
	sql sivsfn.case "SELECT si_crtime, fn_crtime FROM file WHERE inode = $inode" >actual &&
	test_cmp expect actual &&
	names_fls -o 128 sivsfn.raw >expect &&
	names_case sivsfn.case sivsfn.raw >actual &&
	test_cmp expect actual
'

test_expect_success 'NTFS: deleted names from directory index slack' '
	gunzip -c "$C/msuhanov-dfir_ntfs/ntfs_index.raw.gz" >index.raw &&
	casetrail ingest -q index.case index.raw &&
	sql index.case "SELECT path, r.flags & 1 FROM file f JOIN record r ON r.id = f.record_id WHERE allocated = 0 AND path NOT LIKE \"/\$OrphanFiles%\" ORDER BY path" >actual &&
	test $(wc -l <actual) -eq 2 &&
	test_grep "^/test_dir/BBBBBBBBBBBBB-del.txt|1$" actual &&
	test_grep "Copy (11).txt|1$" actual &&
	names_fls -o 128 index.raw >expect &&
	names_case index.case index.raw >actual &&
	test_cmp expect actual
'

test_expect_success 'NTFS with 2 MiB clusters (libtsk cannot read it): warning, not a crash' '
	gunzip -c "$C/msuhanov-ntfs-samples/ntfs-2m.raw.gz" >2m.raw &&
	test_exit_code 1 "$CASETRAIL" ingest -q 2m.case 2m.raw &&
	sql 2m.case "SELECT status FROM source WHERE kind = \"volume\" AND locator LIKE \"partition 2 %\"" >actual &&
	echo skipped >expect && test_cmp expect actual
'

if [ "${CASETRAIL_SLOW_TESTS:-0}" = 1 ]; then
test_expect_success 'NTFS with a USN journal: every record, paths through the MFT (slow)' '
	tar -xzf "$C/msuhanov-ntfs-samples/ntfs.tgz" &&
	casetrail ingest -q usnimg.case ntfs.raw &&
	sql usnimg.case "SELECT count(*), count(path) FROM usn" >actual &&
	echo "188|188" >expect && test_cmp expect actual &&
	sql usnimg.case "SELECT path, reasons FROM usn WHERE reason & 512 ORDER BY usn" >actual &&
	test $(wc -l <actual) -eq 5 &&
	test_grep "^/shadow_2.txt|FILE_DELETE|CLOSE$" actual &&
	sql usnimg.case "SELECT s.kind, p.kind FROM source s JOIN source p ON p.id = s.parent_id WHERE s.kind = \"usnjrnl\"" >actual &&
	echo "usnjrnl|volume" >expect && test_cmp expect actual
'
else
	echo "# ntfs.tgz USN test skipped (set CASETRAIL_SLOW_TESTS=1)" >&2
fi

test_done
