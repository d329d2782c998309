#!/bin/sh
# t9201-ioc-evtx-bits.sh - indicators matched against real event logs:
# BITS-Client events of EVTX-ATTACK-SAMPLES (bits_openvpn.evtx) carry the
# URLs their jobs fetched. As many allocated records as evtxexport
# (libevtx) shows with the URL or the domain must get a hit naming it (the
# file is a filtered save: libevtx prints the original EventRecordID, so
# records are counted, not compared by number); a domain that is not in
# the log gets none.
. "$TOP_SRCDIR/tests/t/lib.sh"

F=EVTX-ATTACK-SAMPLES/Command_and_Control/bits_openvpn.evtx
require_shared "corpus-ext/$F"
if ! casetrail ingest --help | grep -q "^  evtx "; then
	skip_all "no evtx parser built into this casetrail yet"
fi
E=$SHARED_DIR/corpus-ext/$F
# SQL string quotes (double quotes would name the column evtx.url)
q="'"

# records_with TEXT: how many allocated records hold TEXT (libevtx)
records_with() {
	evtxexport -f xml "$E" 2>/dev/null | awk -v t="$1" '
		/<Event / { hit = 0 }
		index($0, t) { hit = 1 }
		/<\/Event>/ { n += hit }
		END { print n + 0 }'
}

# hit_records NORMALIZED: allocated records with a hit of that indicator
hit_records() {
	sql case.db "SELECT count(DISTINCT h.record_id) FROM indicator_hit h
		JOIN indicator i ON i.id = h.indicator_id
		JOIN record r ON r.id = h.record_id
		WHERE i.normalized = $q$1$q AND r.flags & 2 = 0"
}

test_expect_success 'ingest the log and load indicators (defanged)' '
	{ casetrail ingest -q case.db "$E" || test $? -eq 1; } &&	# 1: slack damage
	test "$(sql case.db "SELECT count(*) FROM evtx")" -gt 1000 &&
	printf "hxxps://fs.microsoft[.]com/fs/windows/config.json\ng[.]live[.]com\nevil-updates.example.com\n" >iocs.txt &&
	casetrail ioc case.db iocs.txt >out &&
	test_grep "list: 3 valid, 0 rejected" out
'

test_expect_success 'the URL hits its BITS records, in the url field' '
	n=$(hit_records https://fs.microsoft.com/fs/windows/config.json) &&
	test "$n" -ge 1 &&
	test "$(sql case.db "SELECT count(*) FROM indicator_hit h JOIN indicator i ON i.id = h.indicator_id
		WHERE i.type = ${q}url${q} AND h.field NOT IN (${q}url${q}, ${q}data.url${q})")" -eq 0 &&
	if command -v evtxexport >/dev/null; then
		test "$n" -eq "$(records_with fs.microsoft.com/fs/windows/config.json)"
	fi
'

test_expect_success 'the domain hits its records, and only where it is a host name' '
	n=$(hit_records g.live.com) &&
	test "$n" -ge 1 &&
	test "$(sql case.db "SELECT count(*) FROM indicator_hit h JOIN indicator i ON i.id = h.indicator_id
		WHERE i.normalized = ${q}g.live.com${q} AND lower(h.matched) NOT LIKE ${q}%g.live.com${q}")" -eq 0 &&
	if command -v evtxexport >/dev/null; then
		test "$n" -eq "$(records_with g.live.com)"
	fi
'

test_expect_success 'an indicator absent from the log has no hit' '
	test "$(sql case.db "SELECT count(*) FROM indicator_hit h JOIN indicator i ON i.id = h.indicator_id
		WHERE i.normalized = ${q}evil-updates.example.com${q}")" -eq 0
'

test_done
