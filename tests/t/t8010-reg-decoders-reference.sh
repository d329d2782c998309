#!/bin/sh
# t8010-reg-decoders-reference.sh - the registry artefact decoders
# (parsers/hive/dec-*.c) on the reference case's hives: built from source
# (corpus/scenario/mkartefacts.sh), read by libregf (tests/unit/reg-dump.py),
# decoded by the real dispatch table (tests/reg-decode) and compared fact
# by fact with the registry ground truth (tests/t/reg-truth-check.py).
# The hive parser that reads hives inside images is tested elsewhere; this
# is the decoders' part of "every registry fact of the ground truth".
. "$TOP_SRCDIR/tests/t/lib.sh"

MKREGF=$TOP_BUILDDIR/corpus/mkregf
MKLNK=$TOP_BUILDDIR/corpus/mklnk
MKPAYLOAD=$TOP_BUILDDIR/corpus/mkpayload
DECODE=$TOP_BUILDDIR/tests/reg-decode
DUMP=$TOP_SRCDIR/tests/unit/reg-dump.py
PY=/usr/bin/python3	# Debian's, where python3-libregf lives
export MKREGF MKLNK

[ -x "$MKREGF" ] && [ -x "$MKLNK" ] && [ -x "$MKPAYLOAD" ] || skip_all "corpus tools not built"
[ -x "$DECODE" ] || skip_all "tests/reg-decode not built"
"$PY" -c 'import pyregf' 2>/dev/null || skip_all "python3-libregf missing"

JDOE=S-1-5-21-3623811015-3361044348-30300820-1104

test_expect_success 'the reference hives decode without warnings' '
	"$MKPAYLOAD" payload.exe &&
	sh "$TOP_SRCDIR/corpus/scenario/mkartefacts.sh" -p payload.exe -o a >/dev/null &&
	for h in SYSTEM SOFTWARE SAM; do
		"$PY" "$DUMP" a/$h | "$DECODE" case.db $h 2>>decode.err || exit 1
	done &&
	"$PY" "$DUMP" a/NTUSER.DAT | "$DECODE" case.db NTUSER "$JDOE" jdoe 2>>decode.err &&
	"$PY" "$DUMP" a/Amcache.hve | "$DECODE" case.db AMCACHE 2>>decode.err &&
	cat decode.err &&
	test "$(grep -c " 0 warnings$" decode.err)" -eq 5
'

test_expect_success 'every registry fact of the ground truth is in the artefact table' '
	"$PY" "$TOP_SRCDIR/tests/t/reg-truth-check.py" case.db a/desc/registry-truth.json >check.out 2>&1;
	cat check.out &&
	tail -1 check.out | grep -Eq "^[0-9]+ passed, 0 failed$" &&
	test "$(grep -c "^ok" check.out)" -ge 80
'

test_expect_success 'the qeupdate_helper.exe SHA-1 of the threat report is an Amcache artefact' '
	sha1=$(sha1sum payload.exe | cut -d" " -f1) &&
	test "$(sqlite3 case.db "SELECT count(*) FROM artefact WHERE kind = '\''amcache_file'\'' AND sha1 = '\''$sha1'\'' AND path LIKE '\''%qeupdate_helper.exe'\''")" -eq 1
'

# The same facts through the command line: the reference image (made by
# the main build's `make corpus`), its hives found and parsed in the walk.
IMG=$TOP_BUILDDIR/corpus/out/reference/image.E01
if [ -f "$IMG" ]; then
	test_expect_success '"casetrail ingest" of the reference image: every registry fact, decoded in the walk' '
		{ casetrail ingest -q img.db "$IMG" || true; } &&
		"$PY" "$TOP_SRCDIR/tests/t/reg-truth-check.py" img.db a/desc/registry-truth.json >img.out 2>&1;
		cat img.out &&
		tail -1 img.out | grep -Eq "^[0-9]+ passed, 0 failed$" &&
		test "$(grep -c "^ok" img.out)" = "$(grep -c "^ok" check.out)" &&
		test "$(sql img.db "SELECT count(*) FROM artefact a JOIN record r ON r.id = a.record_id JOIN source s ON s.id = r.source_id WHERE s.parser = \"hive\" AND a.key_record_id IS NULL")" = 0
	'
else
	echo "################################################################" >&2
	echo "SKIP: $IMG is missing (make corpus): the registry facts were not checked through an image ingest" >&2
	echo "################################################################" >&2
fi

test_done
