#!/bin/sh
# t1502-files-hostile.sh - the artefact file parsers on damaged and hostile
# files, through the real binary: truncated files, lengths past the end,
# absurd counts, invalid UTF-16 and UTF-8, a DOCTYPE in task XML. Each
# gives a warning naming the byte offset (exit status 1, damage) or a
# failed source, never a crash or a hang, and keeps what can be read; a
# good file ingested beside them is read in full.
. "$TOP_SRCDIR/tests/t/lib.sh"

REF=$TOP_BUILDDIR/corpus/out/reference/artefacts
[ -f "$REF/files/QuillEdit Update" ] || skip_all "$REF is missing (make corpus-registry)"
command -v python3 >/dev/null || skip_all "python3 is not installed"

# mk FILE PYTHON-EXPR: write the bytes of a Python expression
mk() {
	python3 -c "import sys, struct; sys.stdout.buffer.write($2)" >"$1"
}
u16() {
	printf "%s" "r'$1'.encode('utf-16-le')"
}
# warned CASE PATTERN: a warning matching PATTERN, with an offset
warned() {
	sql "$1" "SELECT offset || ' ' || message FROM warning" >warnings &&
	test_grep -E "^[0-9]+ .*$2" warnings
}

test_expect_success '$I version 2: path length 0x7fffffff, and a file cut in its path' '
	mkdir -p bin && sid=S-1-5-21-1-2-3-1001 && mkdir -p "bin/$sid" &&
	mk "bin/$sid/\$IAAAAAA.txt" "struct.pack(\"<QQqI\", 2, 5, 132000000000000000, 0x7fffffff) + $(u16 "C:\\a.txt")" &&
	head -c 40 "$REF/files/\$IK3V7QZ.xlsx" >"bin/$sid/\$IBBBBBB.xlsx" &&
	test_exit_code 1 casetrail ingest -q i.db bin &&
	warned i.db "path length 2147483647 UTF-16 units, but" &&
	test "$(sql i.db "SELECT count(*) FROM artefact WHERE kind = '\''recycle'\''")" -eq 2 &&
	test "$(sql i.db "SELECT path FROM artefact a JOIN record r ON r.id = a.record_id WHERE r.flags & 4 AND a.name = '\''a.txt'\''")" = "C:\\a.txt" &&
	test "$(sql i.db "SELECT path FROM artefact WHERE key_path LIKE '\''%BBBBBB.xlsx'\''")" = "C:\\Use"
'

test_expect_success '$I version 1: unpaired surrogates become U+FFFD, the rest of the path is kept' '
	mkdir -p v1 &&
	mk "v1/\$ICCCCCC.txt" "struct.pack(\"<QQq\", 1, 7, 132000000000000000) + b\"C\\0:\\0\\x00\\xd8\\\\\\0x\\0\" + b\"\\0\" * (520 - 10)" &&
	casetrail ingest -q s.db v1 &&
	test "$(sql s.db "SELECT hex(path) FROM artefact")" = "433AEFBFBD5C78"
'

test_expect_success 'INFO2: cut in its third record, and one with an absurd record size' '
	mkdir -p r1/RECYCLER/S-1-5-21-1-2-3-1001 r2/RECYCLER/S-1-5-21-1-2-3-1001 &&
	info2=$SHARED_DIR/corpus-ext/registry/plaso/recycler/INFO2 &&
	if [ -f "$info2" ]; then
		head -c 2000 "$info2" >r1/RECYCLER/S-1-5-21-1-2-3-1001/INFO2 &&
		test_exit_code 1 casetrail ingest -q t.db r1 &&
		warned t.db "INFO2: 380 bytes after the last whole record" &&
		test "$(sql t.db "SELECT count(*) FROM artefact")" -eq 2
	else
		echo "# $info2 is missing: the cut INFO2 is not checked" >&2
	fi &&
	mk r2/RECYCLER/S-1-5-21-1-2-3-1001/INFO2 "struct.pack(\"<IIIII\", 5, 0, 0, 0xffffffff, 0) + b\"\\xff\" * 900" &&
	# not claimed as an INFO2 by its probe: the parser is named
	casetrail ingest -q b.db r2 &&
	test "$(sql b.db "SELECT count(*) FROM source")" -eq 0 &&
	rm b.db &&
	test_exit_code 1 casetrail ingest -q -p recycle-bin b.db r2/RECYCLER/S-1-5-21-1-2-3-1001/INFO2 &&
	warned b.db "INFO2 record size 4294967295" &&
	test "$(sql b.db "SELECT count(*) FROM artefact")" -eq 0
'

test_expect_success '.job: cut in its comment, and a string length past the end' '
	job=$SHARED_DIR/corpus-ext/registry/plaso/wintask.job &&
	if [ -f "$job" ]; then
		mkdir -p j && head -c 300 "$job" >j/cut.job &&
		python3 -c "import sys; d = bytearray(open(sys.argv[1], \"rb\").read()); d[70:72] = b\"\\xff\\xff\"; open(sys.argv[2], \"wb\").write(d)" "$job" j/long.job &&
		test_exit_code 1 casetrail ingest -q j.db j &&
		warned j.db ".job variable section cut short" &&
		test "$(sql j.db "SELECT count(*) FROM artefact a JOIN record r ON r.id = a.record_id WHERE r.flags & 4")" -eq 2 &&
		test "$(sql j.db "SELECT user_name FROM artefact WHERE name = '\''cut.job'\''")" = Brian &&
		test "$(sql j.db "SELECT json_extract(data, '\''\$.comment'\'') FROM artefact WHERE name = '\''cut.job'\''")" = "Keeps your Google sof" &&
		sql j.db "SELECT path FROM artefact WHERE name = '\''long.job'\''" | grep -q "^C:\\\\Program Files (x86)\\\\Google"
	else
		echo "# $job is missing: not checked" >&2
	fi
'

test_expect_success 'task XML: a DOCTYPE with entities is refused; a file cut short keeps what it read' '
	mkdir -p tasks &&
	printf "<?xml version=\"1.0\"?>\n<!DOCTYPE Task [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">]>\n<Task xmlns=\"http://schemas.microsoft.com/windows/2004/02/mit/task\"><Actions><Exec><Command>&b;</Command></Exec></Actions></Task>\n" >tasks/bomb &&
	head -c 2200 "$REF/files/QuillEdit Update" >tasks/cut &&
	test_exit_code 1 casetrail ingest -q x.db tasks &&
	warned x.db "task XML with a DOCTYPE: refused" &&
	warned x.db "task XML: .* at line" &&
	test "$(sql x.db "SELECT count(*) FROM artefact a WHERE key_path LIKE '\''%bomb'\''")" -eq 0 &&
	test "$(sql x.db "SELECT json_extract(data, '\''\$.author'\'') || '\''|'\'' || json_extract(data, '\''\$.action_count'\'') FROM artefact WHERE key_path LIKE '\''%cut'\''")" = "QuillTech Software Ltd.|0"
'

test_expect_success 'PSReadLine history: invalid UTF-8, a 3 MiB command, a backtick at the end of the file' '
	h=u/Users/eve/AppData/Roaming/Microsoft/Windows/PowerShell/PSReadLine &&
	mkdir -p $h &&
	{ printf "dir \\377\\376\\n"; head -c 3145728 /dev/zero | tr "\\0" a; printf "\\nlast\`"; } >$h/ConsoleHost_history.txt &&
	test_exit_code 1 casetrail ingest -q h.db u &&
	warned h.db "command of line 2 longer than 1048576 bytes, cut" &&
	test "$(sql h.db "SELECT count(*) FROM artefact")" -eq 3 &&
	test "$(sql h.db "SELECT hex(command_line) FROM artefact WHERE position = 1")" = "64697220EFBFBDEFBFBD" &&
	test "$(sql h.db "SELECT length(command_line) FROM artefact WHERE position = 2")" -eq 1048576 &&
	test "$(sql h.db "SELECT command_line || user_name FROM artefact WHERE position = 3")" = "lasteve"
'

test_expect_success 'LNK: a truncated shortcut fails cleanly (liblnk says why), the good one beside it is read' '
	mkdir -p l && head -c 120 "$REF/QuillEdit.lnk" >l/cut.lnk && cp "$REF/QuillEdit.lnk" l/good.lnk &&
	test_must_fail casetrail ingest -q l.db l 2>err &&
	test_grep "cut.lnk.*not a shortcut liblnk" err &&
	test "$(sql l.db "SELECT status FROM source WHERE path LIKE '\''%cut.lnk'\''")" = failed &&
	test "$(sql l.db "SELECT path FROM artefact WHERE name = '\''good.lnk'\''")" = "C:\\Program Files (x86)\\QuillEdit\\QuillEdit.exe"
'

test_expect_success '.evt: a log cut in the middle of a record is read up to there' '
	evt=$SHARED_DIR/corpus-ext/plaso/SysEvent.Evt &&
	if [ -f "$evt" ]; then
		head -c 300000 "$evt" >cut.evt &&
		{ casetrail ingest -q e.db cut.evt; rc=$?; } ;
		test "$rc" -le 1 &&
		test "$(sql e.db "SELECT count(*) FROM record WHERE type = '\''evt'\''")" -gt 0
	else
		echo "# $evt is missing: not checked" >&2
	fi
'

test_done
