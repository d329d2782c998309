#!/bin/sh
# t4002-report-json.sh - `casetrail report --format json`: the same story as
# the HTML report, as the JSON document of doc/report-json.md.
. "$TOP_SRCDIR/tests/t/lib.sh"
. "$TOP_SRCDIR/tests/t/report-fixture.sh"

command -v jq >/dev/null 2>&1 || skip_all "jq is not installed (Debian package jq)"

make_story_case case.db

test_expect_success 'report --format json writes valid JSON' '
	casetrail report --format json -o report.json case.db &&
	jq -e ".format == 1 and (.generator | startswith(\"casetrail \"))" report.json
'

test_expect_success 'counts and time range' '
	jq -e ".counts.findings == 5 and .counts.indicator_hits == 4 and .counts.indicators_rejected == 1 and .counts.deleted_files == 1" report.json &&
	jq -e ".time_range.first == \"2019-06-01T08:00:00.0000000Z\" and .time_range.last_ticks == $(ft "2024-03-13 14:02:44" 1234567)" report.json
'

test_expect_success 'inventory with hashes and sizes' '
	jq -e ".inventory | length == 8" report.json &&
	jq -e ".inventory[0].sha256 == \"ca978112ca1bbdcafac231b39a23dc4da786eff8147c4e72b9807785afee48bb\" and .inventory[0].size == 1073741824" report.json &&
	jq -e ".inventory[3].warnings == 2 and .inventory[3].status == \"partial\"" report.json
'

test_expect_success 'the narrative is the chain in order, each sentence citing records' '
	jq -r ".narrative[] | .text" report.json >story &&
	test "$(wc -l <story)" -eq 7 &&
	sed -n 2p story | test_grep "5.39.218.205" &&
	sed -n 7p story | test_grep "deleted itself" &&
	jq -e "[.narrative[].seq] == [1,2,3,4,5,6,7]" report.json &&
	jq -e "all(.narrative[]; (.evidence | length) > 0)" report.json
'

test_expect_success 'every cited record is in records, with its source' '
	jq -e "([.records[].id]) as \$have | all((.narrative[].evidence[]), (.findings[].evidence[].record_id), (.indicator_hits[].record_id); . as \$r | \$have | index(\$r) != null)" report.json &&
	jq -e ".records[] | select(.id == 11) | .deleted == true and .source_path == \"partition 2\" and .locator == \"MFT 1234-5\" and .offset == 1263616" report.json
'

test_expect_success 'record details carry typed values and 100 ns times' '
	jq -e ".records[] | select(.id == 11) | .details[] | select(.name == \"SHA-256\") | .value == \"2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824\"" report.json &&
	jq -e ".records[] | select(.id == 28) | .events[0].time == \"2024-03-13T14:02:44.1234567Z\"" report.json &&
	jq -e ".records[] | select(.id == 25) | .details[] | select(.name == \"EVTX record number\") | .value == 88" report.json &&
	jq -e ".records[] | select(.id == 25) | .details[] | select(.name == \"EventData.ScriptBlockId\") | .value == \"9f1c\"" report.json
'

test_expect_success 'findings: most severe first, ATT&CK IDs as a list, evidence with roles' '
	jq -e ".findings[0].id == 3 and .findings[0].severity == \"critical\"" report.json &&
	jq -e ".findings[0].attack == [\"T1059.001\", \"T1027\"]" report.json &&
	jq -e ".findings[] | select(.id == 4) | .evidence == [{\"record_id\": 11, \"role\": \"deleted file\"}, {\"record_id\": 27, \"role\": \"deleting command\"}, {\"record_id\": 28, \"role\": \"journal\"}]" report.json
'

test_expect_success 'the verdict: plausible range and next steps, each with its finding' '
	jq -e ".verdict.plausible_range.first == \"2019-06-01T08:00:00.0000000Z\" and .verdict.plausible_range.impossible_times == 0" report.json &&
	jq -r ".verdict.next_steps[] | \"\(.finding_id) \(.text)\"" report.json >steps &&
	test_grep "^1 Isolate FIN-WS042 from the network" steps &&
	test_grep "^1 Hunt SHA-256 2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824 " steps &&
	test "$(jq "[.verdict.next_steps[] | select(.finding_id != null) | .finding_id] - [.findings[].id] | length" report.json)" -eq 0
'

test_expect_success 'chain steps in order' '
	jq -e "[.chains[0].steps[].finding_id] == [1,2,3,4]" report.json
'

test_expect_success 'indicator hits and rejected indicators' '
	jq -e "[.indicator_hits[].matched] | sort == [\"176.53.118.131\", \"5.39.218.205\", \"5d41402abc4b2a76b9719d911017c592\", \"http://176.53.118.131/logo.png\"]" report.json &&
	jq -e ".rejected_indicators[0].value == \"<sha1>\" and .rejected_indicators[0].line == 17" report.json
'

test_expect_success 'process tree: the cited processes and their parent' '
	jq -e "[.processes[].id] | sort == [1,2,3,4,5]" report.json &&
	jq -e ".processes[] | select(.id == 1) | .cited == false" report.json
'

test_expect_success 'hostile strings survive exactly, and the JSON stays valid' '
	plant_hostile case.db &&
	casetrail report --format json -o hostile.json case.db &&
	jq -e ".records[] | select(.id == 902) | .summary == \"invoice\u202egpj.exe\"" hostile.json &&
	jq -e ".records[] | select(.id == 903) | .summary == \"bell\u0007esc\u001b[31mred\nfake second line\"" hostile.json &&
	jq -e ".records[] | select(.id == 901) | .details[] | select(.name | startswith(\"EventData.</dd>\")) | .value == \"x\"" hostile.json &&
	jq -e ".records[] | select(.id == 903) | .details[] | select(.name == \"EventData (not valid JSON)\") | .value | startswith(\"not json\")" hostile.json
'

test_expect_success 'JSON to standard output' '
	casetrail report --format json -o - case.db | jq -e ".format == 1"
'

test_done
