#!/bin/sh
# t1404-hive-image-logs.sh - dirty hives inside a disk image get their
# transaction logs applied too: an NTFS image built here (corpus
# mkntfsimg + mkdisk) holding the generated dirty NTUSER.DAT with its
# LOG1 under another case (ntuser.dat.LOG1: NTFS matches names without
# case), the real UsrClass.dat with both logs and the dirty Amcache.hve
# without any. The image walker offers the hives, the driver reaches the
# logs through the volume (ct_input.open_path) and records them as
# sources under their hive's.
. "$TOP_SRCDIR/tests/t/lib.sh"

MKNTFSIMG=$TOP_BUILDDIR/corpus/mkntfsimg/mkntfsimg
MKDISK=$TOP_BUILDDIR/corpus/mkdisk/mkdisk
MKREGF=$TOP_BUILDDIR/corpus/mkregf
MKLNK=$TOP_BUILDDIR/corpus/mklnk
MKPAYLOAD=$TOP_BUILDDIR/corpus/mkpayload
export MKREGF MKLNK
for t in "$MKNTFSIMG" "$MKDISK" "$MKREGF" "$MKLNK" "$MKPAYLOAD"; do
	[ -x "$t" ] || skip_all "corpus tools not built ($t)"
done
command -v mkntfs >/dev/null 2>&1 || [ -x /usr/sbin/mkntfs ] || skip_all "mkntfs missing (ntfs-3g)"
require_shared corpus-ext/registry/regipy/UsrClass.dat.LOG2
R=$SHARED_DIR/corpus-ext/registry/regipy

test_expect_success 'build the image' '
	"$MKPAYLOAD" p.exe && sh "$TOP_SRCDIR/corpus/scenario/mkartefacts.sh" -p p.exe -o a >/dev/null &&
	A=$PWD/a/dirty &&
	cat >m.json <<-EOF &&
	{"volume": {"size": "64M", "cluster_size": 4096, "label": "OS", "serial": "0x1122334455667788",
	  "partition_start": 2048, "format_time": "2024-01-01T00:00:00Z", "close_time": "2024-01-02T00:00:00Z"},
	 "entries": [
	  {"path": "Users/jdoe/NTUSER.DAT", "file": "$A/NTUSER.DAT", "times": {"created": "2024-01-01T10:00:00Z"}},
	  {"path": "Users/jdoe/ntuser.dat.LOG1", "file": "$A/NTUSER.DAT.LOG1", "times": {"created": "2024-01-01T10:00:00Z"}},
	  {"path": "Users/jdoe/AppData/Local/Microsoft/Windows/UsrClass.dat", "file": "$R/UsrClass.dat", "times": {"created": "2024-01-01T10:00:00Z"}},
	  {"path": "Users/jdoe/AppData/Local/Microsoft/Windows/UsrClass.dat.LOG1", "file": "$R/UsrClass.dat.LOG1", "times": {"created": "2024-01-01T10:00:00Z"}},
	  {"path": "Users/jdoe/AppData/Local/Microsoft/Windows/UsrClass.dat.LOG2", "file": "$R/UsrClass.dat.LOG2", "times": {"created": "2024-01-01T10:00:00Z"}},
	  {"path": "Windows/AppCompat/Programs/Amcache.hve", "file": "$R/amcache.hve", "times": {"created": "2024-01-01T10:00:00Z"}}
	 ]}
	EOF
	"$MKNTFSIMG" m.json vol.img >/dev/null 2>&1 && "$MKDISK" vol.img disk.raw >/dev/null
'

test_expect_success 'ingest: the hives, their logs as child sources, the notes' '
	test_exit_code 1 "$CASETRAIL" ingest -q c.db disk.raw &&
	sql c.db "SELECT s.path || \"|\" || p.path || \"|\" || s.locator || \"|\" || s.status || \"|\" || s.note FROM source s JOIN source p ON p.id = s.parent_id WHERE s.kind = \"registry\" AND p.kind = \"registry\" ORDER BY s.path" >logs &&
	printf "%s\n" \
	"/Users/jdoe/AppData/Local/Microsoft/Windows/UsrClass.dat.LOG1|/Users/jdoe/AppData/Local/Microsoft/Windows/UsrClass.dat|beside UsrClass.dat|ok|transaction log: 4 entries (sequence 287-290), 53 dirty pages applied" \
	"/Users/jdoe/AppData/Local/Microsoft/Windows/UsrClass.dat.LOG2|/Users/jdoe/AppData/Local/Microsoft/Windows/UsrClass.dat|beside UsrClass.dat|ok|transaction log: 10 entries (sequence 291-300), 105 dirty pages applied" \
	"/Users/jdoe/NTUSER.DAT.LOG1|/Users/jdoe/NTUSER.DAT|beside NTUSER.DAT|ok|transaction log: 1 entries (sequence 3412-3412), 3 dirty pages applied" >want &&
	test_cmp want logs &&
	test "$(sql c.db "SELECT sha256 FROM source WHERE path LIKE \"%UsrClass.dat.LOG2\"")" = 5eddc08d39518ca58f0650c80ab8000bda8568e6a6ccf3a0baabd954ea6f26ae &&
	sql c.db "SELECT note FROM source WHERE path = \"/Windows/AppCompat/Programs/Amcache.hve\"" >note &&
	test_grep "dirty hive read as stored, transaction logs absent" note
'

test_expect_success 'the hives as read: the dirty NTUSER.DAT is the clean one, UsrClass with its logs' '
	casetrail ingest -q clean.db a/NTUSER.DAT &&
	sql clean.db "SELECT path, last_written, value_count FROM reg_key ORDER BY path" >want &&
	sql c.db "SELECT path, last_written, value_count FROM reg_key WHERE hive = \"NTUSER\" ORDER BY path" >got &&
	test_cmp want got &&
	test "$(sql c.db "SELECT count(*) FROM reg_key WHERE hive = \"USRCLASS\"")" = 6238 &&
	test "$(sql c.db "SELECT count(*) FROM reg_key WHERE hive = \"AMCACHE\"")" = 2105
'

test_done
