#!/bin/sh
# t1501-files-reference.sh - the reference case's artefact files (task
# XML, jdoe's ConsoleHost_history.txt, the LNK files, the $I file), built
# by corpus/scenario/mkartefacts.sh: read from inside the disk image and as
# loose files, every fact of ground-truth.json "registry" (lnk,
# recycle_bin, powershell_history, task_xml) found, checked by
# tests/t/files-truth.py; lnkinfo reads the same targets.
. "$TOP_SRCDIR/tests/t/lib.sh"

REF=$TOP_BUILDDIR/corpus/out/reference
ART=$REF/artefacts
for f in "$REF/image.raw" "$REF/ground-truth.json" "$ART/files/QuillEdit Update"; do
	if [ ! -f "$f" ]; then
		echo "################################################################" >&2
		echo "SKIP: $f is missing: run 'make corpus-image corpus-registry' in $TOP_BUILDDIR" >&2
		echo "################################################################" >&2
		skip_all "$f is missing (make corpus-image corpus-registry)"
	fi
done
command -v python3 >/dev/null || skip_all "python3 is not installed"

# tap_ok FILE: the checker's TAP passed
tap_ok() {
	cat "$1" &&
	tail -1 "$1" | grep -Eq '^# [0-9]+ passed, 0 failed$'
}

test_expect_success 'the image: every artefact file of the ground truth, no warning from their parsers' '
	casetrail ingest -q img.db "$REF/image.raw" &&
	python3 "$TOP_SRCDIR/tests/t/files-truth.py" img.db "$REF/ground-truth.json" >img.tap 2>&1;
	tap_ok img.tap &&
	test "$(grep -c "^ok" img.tap)" -ge 80 &&
	test "$(sql img.db "SELECT count(*) FROM warning WHERE parser IN ('\''lnk'\'', '\''task-xml'\'', '\''recycle-bin'\'', '\''ps_history'\'', '\''job'\'', '\''evt'\'')")" -eq 0
'

test_expect_success 'the image: each file parsed by its parser, as a source inside the image' '
	sql img.db "SELECT s.parser, s.path FROM source s WHERE s.parser IN ('\''lnk'\'', '\''task-xml'\'', '\''recycle-bin'\'', '\''ps_history'\'') AND s.parent_id IS NOT NULL ORDER BY 2" >got &&
	cat >want <<-\EOF &&
	recycle-bin|/$Recycle.Bin/S-1-5-21-3623811015-3361044348-30300820-1104/$IK3V7QZ.xlsx
	lnk|/ProgramData/Microsoft/Windows/Start Menu/Programs/QuillEdit/QuillEdit.lnk
	ps_history|/Users/jdoe/AppData/Roaming/Microsoft/Windows/PowerShell/PSReadLine/ConsoleHost_history.txt
	lnk|/Users/jdoe/AppData/Roaming/Microsoft/Windows/Recent/Q1 budget review.lnk
	lnk|/Users/jdoe/AppData/Roaming/Microsoft/Windows/Recent/meeting notes 2024-03-04.lnk
	lnk|/Users/jdoe/Desktop/QuillEdit.lnk
	task-xml|/Windows/System32/Tasks/QuillEdit/QuillEdit Update
	EOF
	test_cmp want got
'

test_expect_success 'loose copies: the same facts' '
	casetrail ingest -q loose.db "$ART"/*.lnk "$ART/files" &&
	python3 "$TOP_SRCDIR/tests/t/files-truth.py" loose.db "$REF/ground-truth.json" --loose >loose.tap 2>&1;
	tap_ok loose.tap &&
	test "$(grep -c "^ok" loose.tap)" -ge 40
'

test_expect_success 'lnkinfo reads the same target path and machine from each LNK' '
	command -v lnkinfo >/dev/null || { echo "lnkinfo missing (liblnk-utils)"; exit 1; } &&
	for f in "$ART"/*.lnk; do
		n=$(basename "$f") &&
		want=$(lnkinfo "$f" | sed -n "s/^	*Local path[	 ]*: //p") &&
		got=$(sql loose.db "SELECT path FROM artefact WHERE kind = '\''lnk'\'' AND name = '\''$n'\''") &&
		test -n "$want" && test "$want" = "$got" &&
		want=$(lnkinfo "$f" | sed -n "s/^	*Machine identifier[	 ]*: //p") &&
		test "$want" = "$(sql loose.db "SELECT json_extract(data, '\''\$.machine_id'\'') FROM artefact WHERE name = '\''$n'\''")"
	done
'

test_expect_success 'the task and the history on the timeline: what has a UTC time, and what has not' '
	test "$(sql img.db "SELECT count(*) FROM event e JOIN artefact a ON a.record_id = e.record_id WHERE a.kind IN ('\''task'\'', '\''ps_history'\'')")" -eq 0 &&
	test "$(sql img.db "SELECT count(*) FROM event e JOIN artefact a ON a.record_id = e.record_id WHERE a.kind = '\''lnk'\''")" -eq 12 &&
	sql img.db "SELECT summary FROM record r JOIN artefact a ON a.record_id = r.id WHERE a.kind = '\''task'\''" >sum &&
	test_grep "registered 2023-11-02T11:22:16.0120000 local time" sum
'

test_done
