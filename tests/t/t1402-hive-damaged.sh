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

# libregf 20201007 reads every hive-bin header when it opens a hive and
# refuses a file whose chain it cannot follow: casetrail mends a copy
# first (parsers/hive/hive-bins.c), each change a warning.
test_expect_success 'truncated at 400,000 bytes: the keys before the cut (741), warnings, partial' '
	damaged trunc "d = d[:400000]" &&
	ingest_damaged trunc.db trunc &&
	test "$(sql trunc.db "SELECT count(*) FROM reg_key") $(sql trunc.db "SELECT count(*) FROM reg_value")" = "741 1246" &&
	sql trunc.db "SELECT offset || \" \" || message FROM warning" >w &&
	test_grep "^400000 the hive ends inside a page at offset 400000" w &&
	test_grep "^4448 .*subkey 1 of key .Software. cannot be read" w &&
	sql trunc.db "SELECT status || \" \" || note FROM source" >note &&
	test_grep "^partial damaged hive-bin chain mended" note
'

test_expect_success 'a bad hbin signature at 0x32000: mended, every key read, one warning there' '
	damaged hbin "d[0x32000:0x32004] = b\"XXXX\"" &&
	ingest_damaged hbin.db hbin &&
	test "$(sql hbin.db "SELECT count(*) FROM reg_key") $(sql hbin.db "SELECT count(*) FROM reg_value")" = "1812 4094" &&
	sql hbin.db "SELECT offset || \" \" || message FROM warning" >w &&
	test "$(wc -l <w)" = 1 &&
	test_grep "^204800 hive bin at offset 204800: bad header" w &&
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
