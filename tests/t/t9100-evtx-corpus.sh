#!/bin/sh
# t9100-evtx-corpus.sh - every real EVTX log in ../shared/corpus-ext: record
# and per-event-ID counts against libevtx's evtxexport, the differential
# test (native decoder against libevtx, field by field), and chosen records
# checked exactly. Skips loudly when the corpus or evtxexport is missing.
. "$TOP_SRCDIR/tests/t/lib.sh"

require_shared corpus-ext/MANIFEST.md
command -v evtxexport >/dev/null 2>&1 ||
	skip_all "evtxexport (Debian libevtx-utils) is not installed"
command -v python3 >/dev/null 2>&1 || skip_all "python3 is not installed"

CORPUS="$SHARED_DIR/corpus-ext"
DIFF="$TOP_BUILDDIR/tests/evtx-diff"
find "$CORPUS" -name '*.evtx' -size +0 | sort >files

test_expect_success 'the whole corpus is ingested in one run, nothing fails' '
	test "$(wc -l <files)" -ge 40 &&
	casetrail ingest -q c.db "$CORPUS" 2>err || test $? -eq 1 &&
	test "$(sql c.db "SELECT count(*) FROM source WHERE kind = '\''evtx'\'' AND status = '\''failed'\''")" -eq 0 &&
	test "$(sql c.db "SELECT count(*) FROM evtx WHERE NOT json_valid(data)")" -eq 0
'

# Per file: allocated records and per-event-ID counts equal evtxexport's.
# Where evtxexport loses records ("unable to retrieve record values") our
# count may only be higher, and the excess is printed, not hidden.
test_expect_success 'record and per-event-ID counts equal evtxexport (allocated)' '
	while read -r f; do
		evtxexport -f xml "$f" 2>/dev/null |
			sed -n "s/.*<EventID[^>]*>\([0-9]*\)<\/EventID>.*/\1/p" |
			sort -n | uniq -c | awk "{print \$2\"|\"\$1}" >want
		sql c.db "SELECT e.event_id, count(*) FROM evtx e JOIN record r ON r.id = e.record_id JOIN source s ON s.id = r.source_id WHERE s.path = '\''$f'\'' AND r.flags & 2 = 0 GROUP BY e.event_id ORDER BY e.event_id" >got
		if ! cmp -s want got; then
			python3 - "$f" want got <<-PY || exit 1
			import sys
			w = dict(l.strip().split("|")[::-1][::-1] for l in open(sys.argv[2]) if l.strip())
			w = {k: int(v) for k, v in w.items()}
			g = {l.split("|")[0]: int(l.split("|")[1]) for l in open(sys.argv[3]) if l.strip()}
			bad = [k for k in w if g.get(k, 0) < w[k]]
			extra = {k: g[k] - w.get(k, 0) for k in g if g[k] > w.get(k, 0)}
			print("#", sys.argv[1], "more than evtxexport:", extra)
			sys.exit(1 if bad else 0)
			PY
		fi
	done <files
'

test_expect_success 'files where libevtx reads every record: counts are exactly equal' '
	for f in "$CORPUS/plaso/evtx/System.evtx" "$CORPUS/omerbenamram-evtx/sysmon.evtx" \
	    "$CORPUS/DeepBlueCLI/smb-password-guessing-security.evtx"; do
		n=$(evtxexport "$f" 2>/dev/null | grep -c "^Event number") &&
		m=$(sql c.db "SELECT count(*) FROM record r JOIN source s ON s.id = r.source_id WHERE s.path = '\''$f'\'' AND r.flags & 2 = 0") &&
		echo "$f: evtxexport $n, casetrail $m" &&
		test "$n" -eq "$m" || return 1
	done
'

test_expect_success 'differential: native decoder and libevtx agree on every record' '
	"$DIFF" $(cat files | tr "\n" " ") >diff.out 2>&1
	rc=$?
	grep "^not ok\|differs" diff.out || true
	grep -c "^ok" diff.out >n &&
	test "$(cat n)" -eq "$(wc -l <files)" &&
	test $rc -eq 0
'

test_expect_success 'the differential test reports what libevtx cannot read' '
	grep "ID1116-1117-Defender_threat_detected.evtx" diff.out | test_grep "libevtx failed 6" - &&
	grep "python-evtx/dns_log_malformed.evtx" diff.out | test_grep "libevtx failed 4, native only 4" -
'

test_expect_success 'Defender 1116/1117: read natively where libevtx fails' '
	sql c.db "SELECT e.event_id, e.target_file, e.user_name FROM evtx e JOIN record r ON r.id = e.record_id JOIN source s ON s.id = r.source_id WHERE s.path LIKE '\''%Defender_threat_detected.evtx'\'' AND r.flags = 0 ORDER BY e.record_number" >out &&
	test "$(wc -l <out)" -eq 6 &&
	test_grep "^1117|file:_C:\\\\Users\\\\admmig\\\\Documents\\\\mimikatz.exe|OFFSEC\\\\admmig$" out
'

test_expect_success 'a Sysmon 1 record with its Hashes, field by field' '
	sql c.db "SELECT e.record_number, e.process_id, e.image, e.parent_image, e.hashes, json_extract(e.data, '\''$.IntegrityLevel'\'') FROM evtx e JOIN record r ON r.id = e.record_id JOIN source s ON s.id = r.source_id WHERE s.path LIKE '\''%omerbenamram-evtx/sysmon.evtx'\'' AND e.event_id = 1 AND e.hashes IS NOT NULL ORDER BY e.record_number LIMIT 1" >out &&
	cat out &&
	test "$(cut -d"|" -f5 out | grep -c "SHA1=.*MD5=.*SHA256=")" -eq 1 &&
	evtxexport -f xml "$CORPUS/omerbenamram-evtx/sysmon.evtx" 2>/dev/null |
		grep -A40 "<EventRecordID>$(cut -d"|" -f1 out)</EventRecordID>" |
		grep "Name=\"Hashes\"" | head -1 | sed "s/.*\">\(.*\)<\/Data>/\1/" >want &&
	test "$(cut -d"|" -f5 out)" = "$(cat want)"
'

test_expect_success 'a PowerShell 400 with HostApplication' '
	sql c.db "SELECT e.host_application FROM evtx e JOIN record r ON r.id = e.record_id JOIN source s ON s.id = r.source_id WHERE s.path LIKE '\''%ID400-800-CrackMapExec%'\'' AND e.event_id = 400 AND r.flags = 0 LIMIT 1" >out &&
	cat out &&
	test_grep "^powershell.exe -exec bypass -noni -nop -w 1 -C" out
'

test_expect_success 'multi-part 4104 script blocks are reassembled' '
	sql c.db "SELECT parts_total, parts_seen, length(text) FROM script_block WHERE parts_total > 1 ORDER BY length(text) DESC LIMIT 1" >out &&
	cat out &&
	total=$(cut -d"|" -f1 out) && seen=$(cut -d"|" -f2 out) &&
	test "$total" -ge 2 && test "$seen" -eq "$total" &&
	sbid=$(sql c.db "SELECT script_block_id FROM script_block WHERE parts_total > 1 ORDER BY length(text) DESC LIMIT 1") &&
	sql c.db "SELECT group_concat(t, '\'''\'') FROM (SELECT json_extract(data, '\''$.ScriptBlockText'\'') AS t FROM evtx WHERE script_block_id = '\''$sbid'\'' GROUP BY CAST(json_extract(data, '\''$.MessageNumber'\'') AS INTEGER) ORDER BY CAST(json_extract(data, '\''$.MessageNumber'\'') AS INTEGER))" >parts &&
	sql c.db "SELECT text FROM script_block WHERE script_block_id = '\''$sbid'\''" >joined &&
	test_cmp parts joined
'

test_expect_success 'deleted records in chunk slack are ingested and flagged recovered' '
	test "$(sql c.db "SELECT count(*) FROM record r JOIN evtx e ON e.record_id = r.id JOIN source s ON s.id = r.source_id WHERE s.path LIKE '\''%findstr_recon_pipe_output.evtx'\'' AND r.flags & 2 AND e.event_id = 26")" -ge 1 &&
	test "$(sql c.db "SELECT count(*) FROM record r JOIN source s ON s.id = r.source_id WHERE s.path LIKE '\''%sample_with_a_bad_chunk_magic.evtx'\'' AND r.flags & 2")" -ge 81
'

test_expect_success 'after a disk image in the same ingest, libevtx still reads the slack' '
	log="$CORPUS/DeepBlueCLI/Powershell-Invoke-Obfuscation-many.evtx" &&
	img="$TOP_BUILDDIR/corpus/out/reference/image.E01" &&
	if [ -f "$img" ]; then
		casetrail ingest -q alone.db "$log" &&
		casetrail ingest -q after.db "$img" "$log" &&
		q="SELECT count(*) FROM record r JOIN source s ON s.id = r.source_id WHERE s.path = '\''$log'\''" &&
		test "$(sql after.db "$q")" -eq "$(sql alone.db "$q")" &&
		test "$(sql after.db "SELECT count(*) FROM warning w JOIN source s ON s.id = w.source_id WHERE s.path = '\''$log'\''")" -eq 0
	fi
'

test_expect_success 'damaged chunks are warned about with their offsets' '
	sql c.db "SELECT w.offset, w.message FROM warning w JOIN source s ON s.id = w.source_id WHERE s.path LIKE '\''%sample_with_a_bad_chunk_magic.evtx'\''" >out &&
	test_grep "^397312|chunk 6: bad chunk signature" out
'

test_done
