#!/bin/sh
# t1202-image-damaged - damaged images give warnings naming the image,
# the partition and the entry, the rest is still read, the exit status
# says so, and nothing crashes or hangs (the sanitizer build runs this too).
. "$TOP_SRCDIR/tests/t/lib.sh"

for tool in mkntfs ntfscp mkfs.ext4 debugfs fsstat sqlite3 timeout; do
	command -v $tool >/dev/null 2>&1 || skip_all "$tool is not installed"
done
export TZ=UTC

. "$TOP_SRCDIR/tests/t/image-fixture.sh"

# run_ingest CASE IMAGE : ingest with a time limit; exit 1 expected
# (warnings), never a signal or a hang
run_ingest() {
	timeout 120 "$CASETRAIL" ingest -q "$@"
	rc=$?
	if [ $rc -ne 1 ]; then
		echo "ingest $* exited $rc, expected 1 (warnings)" >&2
		return 1
	fi
}

test_expect_success 'setup: an NTFS volume with a few files' '
	dd if=/dev/zero of=vol.img bs=1M count=16 2>/dev/null &&
	mkntfs -F -f -q -s 512 -p 0 -H 0 -S 0 vol.img 2>/dev/null &&
	for i in 1 2 3 4 5 6; do
		head -c $((i * 3000)) /dev/urandom >f$i.bin &&
		ntfscp -q vol.img f$i.bin f$i.bin || return 1
	done
'

test_expect_success 'truncated image: warning, no crash' '
	head -c 9000000 vol.img >trunc.img &&
	run_ingest trunc.case trunc.img 2>err ;
	rc=$? ;
	sql trunc.case "SELECT status FROM source WHERE kind = \"image\"" >status &&
	test_grep -E "partial|failed" status &&
	test $rc -eq 0
'

test_expect_success 'bytes flipped in MFT entries: warnings, the rest is read' '
	cp vol.img flip.img &&
	mft=$(fsstat flip.img | sed -n "s/^First Cluster of MFT: //p") &&
	csize=$(fsstat flip.img | sed -n "s/^Cluster Size: //p") &&
	test -n "$mft" && test -n "$csize" &&
	inode=$(ifind -n /f3.bin flip.img) &&
	off=$(( mft * csize + inode * 1024 + 0x98 )) &&
	head -c 300 /dev/zero | tr "\\0" "\\377" | dd of=flip.img bs=1 seek=$off conv=notrunc 2>/dev/null &&
	inode5=$(ifind -n /f5.bin flip.img) &&
	printf "BAAD" | dd of=flip.img bs=1 seek=$(( mft * csize + inode5 * 1024 )) conv=notrunc 2>/dev/null &&
	run_ingest flip.case flip.img &&
	sql flip.case "SELECT message FROM warning" >warnings &&
	test_grep "MFT $inode-[0-9]* (./f3.bin.): MFT entry without a readable" warnings &&
	test_grep "MFT entry $inode5: damaged record: marked bad by Windows (BAAD signature)" warnings &&
	sql flip.case "SELECT count(*) FROM file WHERE name IN (\"f1.bin\", \"f2.bin\", \"f4.bin\", \"f6.bin\") AND sha256 IS NOT NULL" >actual &&
	echo 4 >expect &&
	test_cmp expect actual
'

test_expect_success 'MFT entries overwritten with random bytes: each named, no empty file rows' '
	cp vol.img rand.img &&
	mft=$(fsstat rand.img | sed -n "s/^First Cluster of MFT: //p") &&
	csize=$(fsstat rand.img | sed -n "s/^Cluster Size: //p") &&
	first=$(ifind -n /f1.bin rand.img) &&
	head -c $((6 * 1024)) /dev/urandom |
		dd of=rand.img bs=1024 seek=$(( mft * csize / 1024 + first )) conv=notrunc 2>/dev/null &&
	run_ingest rand.case rand.img &&
	test "$(sql rand.case "SELECT count(*) FROM warning WHERE message LIKE \"%MFT entry %: damaged record%\"")" -eq 6 &&
	sql rand.case "SELECT offset FROM warning WHERE message LIKE \"%MFT entry $first: damaged record%\"" >off &&
	echo $(( mft * csize + first * 1024 )) >expect &&
	test_cmp expect off &&
	test "$(sql rand.case "SELECT status FROM source WHERE kind = \"volume\"")" = partial &&
	test "$(sql rand.case "SELECT count(*) FROM file WHERE type = \"other\" AND size = 0 AND path NOT LIKE \"/\$OrphanFiles%\"")" -eq 0 &&
	test "$(sql rand.case "SELECT count(*) FROM file f JOIN record r ON r.id = f.record_id WHERE f.name LIKE \"f_.bin\" AND r.flags & 4 AND f.content = \"unreadable\"")" -eq 6
'

test_expect_success 'partition table pointing past the end of the image' '
	dd if=/dev/zero of=disk.img bs=1M count=17 2>/dev/null &&
	mbr disk.img 2048 32768 7 &&
	dd if=vol.img of=disk.img bs=512 seek=2048 conv=notrunc 2>/dev/null &&
	printf "\377\377\377\000" | dd of=disk.img bs=1 seek=$((446 + 12)) conv=notrunc 2>/dev/null &&
	run_ingest past.case disk.img &&
	sql past.case "SELECT message FROM warning" >warnings &&
	test_grep "partition 2 (sector 2048).*extends past the end of the image" warnings &&
	sql past.case "SELECT count(*) FROM file WHERE name = \"f6.bin\"" >actual &&
	echo 1 >expect && test_cmp expect actual
'

test_expect_success 'a partition whose file system is gone: listed, warned, not fatal' '
	cp disk.img nofs.img &&
	printf "\000\200\000\000" | dd of=nofs.img bs=1 seek=$((446 + 12)) conv=notrunc 2>/dev/null &&
	dd if=/dev/zero of=nofs.img bs=512 seek=2048 count=16 conv=notrunc 2>/dev/null &&
	run_ingest nofs.case nofs.img &&
	sql nofs.case "SELECT status FROM source WHERE kind = \"volume\" AND locator = \"partition 2 (sector 2048)\"" >actual &&
	echo skipped >expect && test_cmp expect actual
'

test_expect_success 'not an image at all: a clear error, exit 1' '
	yes "no disk image here" | head -c 100000 >junk.img &&
	test_exit_code 1 "$CASETRAIL" ingest -q junk.case junk.img 2>err &&
	test_grep "junk.img" err
'

test_expect_success 'ext4 directory loop (a directory linked into itself)' '
	rm -rf e4 && mkdir -p e4/a/b && echo x >e4/a/b/x.txt &&
	mkfs.ext4 -q -d e4 loop.img 4M &&
	debugfs -w -R "link /a /a/b/up" loop.img >/dev/null 2>&1 &&
	fls -r -p loop.img >/dev/null 2>&1;
	timeout 120 "$CASETRAIL" ingest -q loop.case loop.img ;
	rc=$? ;
	test $rc -le 1 &&
	sql loop.case "SELECT count(*) FROM file WHERE path = \"/a/b/x.txt\"" >actual &&
	echo 1 >expect && test_cmp expect actual
'

test_done
