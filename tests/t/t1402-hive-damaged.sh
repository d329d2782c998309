#!/bin/sh
# t1402-hive-damaged.sh - damaged hives made from a corpus NTUSER.DAT,
# deterministically: truncated, a bad hbin signature, a cell size
# pointing outside the file, a subkey list pointing back at the root (a
# key loop). Each: no crash, no hang, warnings with offsets where the
# damage is found, what can be read is read, the source 'partial'.
. "$TOP_SRCDIR/tests/t/lib.sh"

require_shared corpus-ext/registry/regipy/NTUSER.DAT
D=$SHARED_DIR/corpus-ext/registry/regipy

# damaged NAME PYTHON: NAME/NTUSER.DAT made by the python snippet (d: bytes)
damaged() {
	mkdir "$1" &&
	python3 -c "
import struct
d = bytearray(open('$D/NTUSER.DAT', 'rb').read())
$2
open('$1/NTUSER.DAT', 'wb').write(d)
"
}

# ingest_damaged DB DIR: exit 1 (damage), never a crash
ingest_damaged() {
	test_exit_code 1 timeout 60 "$CASETRAIL" ingest -q "$1" "$2/NTUSER.DAT"
}

# libregf 20201007 reads every hive-bin header when it opens a hive: a
# truncated hive or a bad hbin signature makes the whole file unreadable
# to it. casetrail does not repair the hbin chain yet (see the report):
# the source fails with libregf's reason, nothing crashes or hangs.
test_expect_success 'truncated at 400,000 bytes: a failed source naming the hbin, no crash' '
	damaged trunc "d = d[:400000]" &&
	test_exit_code 1 timeout 60 "$CASETRAIL" ingest -q trunc.db trunc/NTUSER.DAT 2>err &&
	test_grep "unable to read hive bin header" err &&
	test "$(sql trunc.db "SELECT status FROM source")" = failed
'

# A bad signature mid-file: libregf drops the hive bins from there on, so
# every key whose cells lie past it is lost (here the root's subkey
# list): one warning per unreadable subkey, each at its parent's offset.
test_expect_success 'a bad hbin signature at 0x32000: the root read, the lost subkeys warned' '
	damaged hbin "d[0x32000:0x32004] = b\"XXXX\"" &&
	ingest_damaged hbin.db hbin &&
	test "$(sql hbin.db "SELECT count(*) FROM reg_key")" -ge 1 &&
	sql hbin.db "SELECT offset || \" \" || message FROM warning" >w &&
	test_grep "^4128 .*subkey 0 of key .* cannot be read: .*unable to retrieve hive bin cell" w &&
	test "$(sql hbin.db "SELECT status FROM source")" = partial
'

test_expect_success 'the Run key cell size pointing outside the file: warned, others read' '
	damaged cell "
root = 4096 + 32
# the key AppEvents (offset 77644 in the case) gets a cell size of 2 GiB
struct.pack_into(\"<i\", d, 77640, -0x7ffffff0)" &&
	ingest_damaged cell.db cell &&
	test "$(sql cell.db "SELECT count(*) FROM reg_key")" -gt 100 &&
	test "$(sql cell.db "SELECT count(*) FROM warning WHERE offset IS NOT NULL")" -gt 0
'

test_expect_success 'a key loop (the root its own first subkey): warned once, no hang' '
	damaged loop "
nk = 4096 + 32 + 4
lst = struct.unpack_from(\"<I\", d, nk + 0x1C)[0]
# the root subkey list: its first entry now names the root cell
struct.pack_into(\"<I\", d, 4096 + lst + 4 + 4, 32)" &&
	ingest_damaged loop.db loop &&
	sql loop.db "SELECT offset || \" \" || message FROM warning" >w &&
	test_grep "^4128 .*subkey 0 of key .\\\\. is the key at offset 4128, already read" w &&
	test "$(sql loop.db "SELECT count(*) FROM reg_key")" -gt 1000
'

test_expect_success 'not a hive past its signature: a failed source, a clear message' '
	mkdir junk && printf "regf" >junk/NTUSER.DAT && head -c 8000 /dev/zero >>junk/NTUSER.DAT &&
	test_exit_code 1 "$CASETRAIL" ingest -q junk.db junk/NTUSER.DAT 2>err &&
	test_grep "libregf" err &&
	test "$(sql junk.db "SELECT status FROM source")" = failed
'

test_done
