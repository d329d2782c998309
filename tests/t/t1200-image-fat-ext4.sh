#!/bin/sh
# t1200-image-fat-ext4 - FAT and ext4 images built here (mkfs + mtools /
# debugfs, no mount): every name fls sees, exact times at 100 ns, hashes,
# deleted files and the content still recoverable from them.
. "$TOP_SRCDIR/tests/t/lib.sh"

for tool in mkfs.fat mcopy mdel mkfs.ext4 debugfs fls icat sqlite3; do
	command -v $tool >/dev/null 2>&1 || skip_all "$tool is not installed"
done
export TZ=UTC MTOOLS_SKIP_CHECK=1

# ticks ISO-DATE : FILETIME ticks of a UTC date (whole seconds)
ticks() {
	echo $(( ($(date -u -d "$1" +%s) + 11644473600) * 10000000 ))
}

# names_fls IMAGE : the paths fls -r -p lists (streams folded), sorted
names_fls() {
	fls -r -p "$1" | sed 's/^[^	]*	//; s/:[^/]*$//' | sort -u
}
# names_case CASE : the same from the case file
names_case() {
	sql "$1" "SELECT substr(path, 2) FROM file" | sed 's/:[^/]*$//' | sort -u
}

test_expect_success 'a FAT image with a deleted file' '
	dd if=/dev/zero of=fat.img bs=1M count=8 2>/dev/null &&
	mkfs.fat -F 12 -n CASETRAIL fat.img >/dev/null &&
	mkdir -p src &&
	printf "hello world\n" >src/a.txt &&
	head -c 200000 /dev/urandom >src/payload.exe &&
	touch -d "2024-03-13 14:02:10" src/a.txt src/payload.exe &&
	mmd -i fat.img ::/Temp &&
	mcopy -m -i fat.img src/a.txt ::/Temp/a.txt &&
	mcopy -m -i fat.img src/payload.exe ::/Temp/payload.exe &&
	mdel -i fat.img ::/Temp/payload.exe &&
	casetrail ingest -q fat.case fat.img
'

test_expect_success 'FAT: the names are those fls lists' '
	names_fls fat.img >expect &&
	names_case fat.case >actual &&
	test_cmp expect actual
'

test_expect_success 'FAT: the deleted file is flagged and its content hashed' '
	inode=$(sql fat.case "SELECT inode FROM file WHERE path = \"/Temp/_ayload.exe\"") &&
	test -n "$inode" &&
	sql fat.case "SELECT allocated, content, r.flags FROM file f JOIN record r ON r.id = f.record_id WHERE f.inode = $inode" >actual &&
	echo "0|recovered|9" >expect &&
	test_cmp expect actual &&
	icat fat.img $inode | sha256sum | cut -d" " -f1 >expect &&
	sha256sum <src/payload.exe | cut -d" " -f1 >>expect &&
	sql fat.case "SELECT sha256 FROM file WHERE inode = $inode" >actual &&
	sql fat.case "SELECT sha256 FROM file WHERE inode = $inode" >>actual &&
	test_cmp expect actual
'

test_expect_success 'FAT: allocated file hashes (MD5, SHA-1, SHA-256)' '
	sql fat.case "SELECT md5, sha1, sha256, content FROM file WHERE path = \"/Temp/a.txt\"" >actual &&
	echo "$(md5sum <src/a.txt | cut -c1-32)|$(sha1sum <src/a.txt | cut -c1-40)|$(sha256sum <src/a.txt | cut -c1-64)|allocated" >expect &&
	test_cmp expect actual
'

test_expect_success 'FAT: modification time to the tick, as a timeline event' '
	t=$(ticks "2024-03-13 14:02:10") &&
	sql fat.case "SELECT si_mtime FROM file WHERE path = \"/Temp/a.txt\"" >actual &&
	echo $t >expect && test_cmp expect actual &&
	sql fat.case "SELECT e.ts_desc FROM event e JOIN file f ON f.record_id = e.record_id WHERE f.path = \"/Temp/a.txt\" AND e.ts = $t" |
	sed "s/, /\n/g" >actual &&
	test_grep "^modified$" actual
'

test_expect_success 'FAT: the inventory has the image and its volume' '
	sql fat.case "SELECT kind, status, parser FROM source ORDER BY id" >actual &&
	printf "image|ok|image\nvolume|ok|image\n" >expect &&
	test_cmp expect actual &&
	sql fat.case "SELECT sha256 FROM source WHERE kind = \"image\"" >actual &&
	sha256sum <fat.img | cut -c1-64 >expect &&
	test_cmp expect actual
'

test_expect_success 'an ext4 image with nanosecond times and a deleted file' '
	rm -rf e4 && mkdir -p e4/home/jdoe &&
	printf "keep\n" >e4/home/jdoe/notes.txt &&
	head -c 50000 /dev/urandom >e4/gone.bin &&
	mkfs.ext4 -q -I 256 -d e4 e4.img 8M &&
	for f in mtime atime; do
		debugfs -w -R "sif /home/jdoe/notes.txt $f 20240313140211" e4.img &&
		debugfs -w -R "sif /home/jdoe/notes.txt ${f}_extra $((123456789 << 2))" e4.img ||
		return 1
	done >/dev/null 2>&1 &&
	debugfs -w -R "rm gone.bin" e4.img >/dev/null 2>&1 &&
	casetrail ingest -q e4.case e4.img
'

test_expect_success 'ext4: the names are those fls lists' '
	names_fls e4.img >expect &&
	names_case e4.case >actual &&
	test_cmp expect actual
'

test_expect_success 'ext4: times keep 100 ns (nanoseconds truncated)' '
	t=$(( $(ticks "2024-03-13 14:02:11") + 1234567 )) &&
	sql e4.case "SELECT si_mtime, si_atime FROM file WHERE path = \"/home/jdoe/notes.txt\"" >actual &&
	echo "$t|$t" >expect &&
	test_cmp expect actual
'

test_expect_success 'ext4: deleted file flagged, hash equals icat' '
	inode=$(sql e4.case "SELECT inode FROM file WHERE path = \"/gone.bin\" AND allocated = 0") &&
	test -n "$inode" &&
	icat e4.img $inode | sha256sum | cut -c1-64 >expect &&
	sql e4.case "SELECT sha256 FROM file WHERE inode = $inode AND allocated = 0" >actual &&
	test_cmp expect actual &&
	sql e4.case "SELECT count(*) FROM event e JOIN file f ON f.record_id = e.record_id WHERE f.inode = $inode AND \", \" || e.ts_desc || \", \" LIKE \"%, deleted, %\"" >actual &&
	echo 1 >expect && test_cmp expect actual
'

test_expect_success '--no-hash and --hash-max-size limit hashing' '
	casetrail ingest -q --no-hash nohash.case e4.img &&
	sql nohash.case "SELECT coalesce(md5, \"-\") || coalesce(sha1, \"-\") || sha256 FROM source WHERE path = \"e4.img\"" >actual &&
	echo "--$(sha256sum <e4.img | cut -c1-64)" >expect &&
	test_cmp expect actual &&
	sql nohash.case "SELECT count(*) FROM file WHERE sha256 IS NOT NULL" >actual &&
	echo 0 >expect && test_cmp expect actual &&
	sql nohash.case "SELECT content FROM file WHERE path = \"/home/jdoe/notes.txt\"" >actual &&
	echo not-hashed >expect && test_cmp expect actual &&
	casetrail ingest -q --hash-max-size 1K max.case e4.img &&
	sql max.case "SELECT path, content FROM file WHERE type = \"file\" ORDER BY path" >actual &&
	printf "/gone.bin|not-hashed\n/home/jdoe/notes.txt|allocated\n" >expect &&
	test_cmp expect actual
'

test_expect_success 'the same volume as VHD (dynamic, fixed), VMDK and a split E01 set' '
	if ! command -v qemu-img >/dev/null 2>&1 || ! command -v ewfacquire >/dev/null 2>&1; then
		echo "# qemu-img or ewfacquire missing: containers not checked" >&2
		exit 0
	fi
	qemu-img convert -f raw -O vpc e4.img dyn.vhd &&
	qemu-img convert -f raw -O vpc -o subformat=fixed e4.img fixed.vhd &&
	qemu-img convert -f raw -O vmdk e4.img disk.vmdk &&
	ewfacquire -u -q -t ewf -f encase6 -c none -S 1M e4.img >/dev/null 2>&1 &&
	test -f ewf.E02 &&
	names_case e4.case >expect &&
	want=$(sql e4.case "SELECT sha256 FROM file WHERE path = \"/home/jdoe/notes.txt\"") &&
	for f in dyn.vhd fixed.vhd disk.vmdk ewf.E01; do
		casetrail ingest -q $f.case $f &&
		names_case $f.case >actual &&
		test_cmp expect actual &&
		test "$(sql $f.case "SELECT sha256 FROM file WHERE path = \"/home/jdoe/notes.txt\"")" = "$want" ||
		return 1
	done &&
	sql ewf.E01.case "SELECT note FROM source WHERE kind = \"image\"" >actual &&
	test_grep "^ewf image, media size 8388608 bytes" actual &&
	test_grep "acquisition MD5 $(md5sum <e4.img | cut -c1-32) (stored in the EWF" actual
'

test_expect_success '--verify: the E01 media is read and checked against its acquisition MD5 (a raw image: nothing to check)' '
	if ! [ -f ewf.E02 ]; then
		echo "# containers were not built: --verify not checked" >&2
		exit 0
	fi
	casetrail ingest -q --verify vok.case ewf.E01 &&
	sql vok.case "SELECT status || \" \" || note FROM source WHERE kind = \"image\"" >note &&
	test_grep "^ok " note &&
	test_grep "media read in full (8388608 bytes): MD5 $(md5sum <e4.img | cut -c1-32), SHA-1 $(sha1sum <e4.img | cut -c1-40), SHA-256 $(sha256sum <e4.img | cut -c1-64); the acquisition MD5 matches: verified" note &&
	! grep -q "not verified" note &&
	casetrail ingest -q --verify vraw.case e4.img &&
	sql vraw.case "SELECT note FROM source WHERE kind = \"image\"" >vraw.note &&
	test_grep "; --verify: nothing to verify, this kind of image stores no acquisition hash" vraw.note &&
	casetrail ingest -q nov.case ewf.E01 &&
	sql nov.case "SELECT note FROM source WHERE kind = \"image\"" >nov.note &&
	test_grep "(stored in the EWF by the acquisition tool, not verified: see --verify)" nov.note
'

test_expect_success '--verify: a damaged chunk is a warning naming its bytes, and the MD5 no longer matches' '
	if ! [ -f ewf.E02 ]; then
		echo "# containers were not built: --verify not checked" >&2
		exit 0
	fi
	rm -rf bad && mkdir bad && cp ewf.E0* bad/ && chmod u+w bad/* &&
	# a byte of gone.bin (random data) inside the uncompressed segments
	python3 - bad <<PY &&
import glob, sys
needle = open("e4/gone.bin", "rb").read()[20000:20016]
for seg in sorted(glob.glob(sys.argv[1] + "/ewf.E0*")):
    data = bytearray(open(seg, "rb").read())
    at = data.find(needle)
    if at >= 0:
        data[at + 8] ^= 0xFF
        open(seg, "wb").write(data)
        break
else:
    sys.exit("gone.bin content not found in the segments")
PY
	test_exit_code 1 casetrail ingest -q --verify vbad.case bad/ewf.E01 &&
	sql vbad.case "SELECT message FROM warning" >warn &&
	test_grep "^E01 verification: 1 chunk(s) fail their checksum and were read as zeros (bytes [0-9]* to [0-9]*); the media.s MD5 [0-9a-f]\{32\} differs from the acquisition MD5 $(md5sum <e4.img | cut -c1-32)" warn &&
	sql vbad.case "SELECT status || \" \" || note FROM source WHERE kind = \"image\"" >note &&
	test_grep "^partial .*; not verified: see the warnings" note
'

test_expect_success '--verify on a truncated E01 set says the segments are incomplete, not that chunks fail their checksum' '
	if ! [ -f ewf.E02 ]; then
		echo "# E01 was not built: --verify not checked" >&2
		exit 0
	fi
	rm -rf cut && mkdir cut && cp ewf.E0* cut/ && chmod u+w cut/* &&
	size=$(wc -c <cut/ewf.E02) &&
	truncate -s $((size / 2)) cut/ewf.E02 &&
	test_exit_code 1 casetrail ingest -q --verify vcut.case cut/ewf.E01 2>err &&
	sql vcut.case "SELECT message FROM warning WHERE message LIKE \"E01 verification:%\"" >warn &&
	test_grep "^E01 verification: the segment files are truncated, missing or damaged: [0-9]* range(s) of chunks are missing from them or fail their checksum, and were read as zeros (bytes " warn &&
	! grep -q "chunk(s) fail their checksum" warn
'

# libevtx (with its libbfio) and libewf (with libtsk, libvmdk...) export
# copies of the same libyal helpers; they are loaded on first use
# (src/dynlib.h). Whichever comes first, each must keep working.
test_expect_success 'a damaged log and E01/VMDK images in one run, in either order' '
	if ! [ -f ewf.E02 ] || ! [ -f disk.vmdk ]; then
		echo "# containers were not built: load order not checked" >&2
		exit 0
	fi
	"$TOP_BUILDDIR/tests/evtx-craft" scenario good.evtx &&
	cp good.evtx bad.evtx && chmod u+w bad.evtx &&
	printf "XXXXXXX" | dd of=bad.evtx bs=1 seek=4096 conv=notrunc 2>/dev/null &&
	names_case e4.case >expect &&
	for order in "bad.evtx ewf.E01 disk.vmdk" "ewf.E01 disk.vmdk bad.evtx"; do
		rm -f order.case &&
		test_exit_code 1 casetrail ingest order.case $order 2>err &&
		test_grep "read by libevtx" err &&
		for f in ewf.E01 disk.vmdk; do
			sql order.case "SELECT substr(f.path, 2) FROM file f JOIN record r ON r.id = f.record_id JOIN source s ON s.id = r.source_id WHERE s.path LIKE \"$f%\"" |
			sed "s/:[^/]*\$//" | sort -u >actual &&
			test_cmp expect actual || return 1
		done &&
		test "$(sql order.case "SELECT count(*) FROM source WHERE parent_id IS NULL AND status IN (\"ok\", \"partial\")")" -eq 3 ||
		return 1
	done
'

test_expect_success 'the same image twice is recorded once' '
	cp e4.img copy.img &&
	casetrail ingest -q e4.case copy.img 2>err &&
	sql e4.case "SELECT status FROM source WHERE path = \"copy.img\"" >actual &&
	echo duplicate >expect && test_cmp expect actual &&
	sql e4.case "SELECT count(*) FROM file WHERE path = \"/home/jdoe/notes.txt\"" >actual &&
	echo 1 >expect && test_cmp expect actual
'

test_done
