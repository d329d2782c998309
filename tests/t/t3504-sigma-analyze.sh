#!/bin/sh
# t3504-sigma-analyze.sh - `casetrail analyze --sigma` and `run --sigma`:
# SigmaHQ's rules (copied with their LICENSE from $SHARED_DIR/sigma) over
# the reference case's event logs (built from source by the corpus tools)
# and over real logs of $SHARED_DIR/corpus-ext. Checked: the summary (rules
# loaded and skipped against the files counted here), given rules firing
# on the records of the attack that ground-truth.json names, their
# findings in the attack chain, no Sigma finding of high severity outside
# the attack (tests/t/analysis-eval.py), no finding of the rules the
# corpus' noise once set off, the rule's author and licence (read from the
# YAML with python3-yaml) in the details, report.json, report.html and the
# exports, and what matched in words.
. "$TOP_SRCDIR/tests/t/lib.sh"

require_shared sigma/rules/windows
require_shared sigma/LICENSE

MKEVTX=$TOP_BUILDDIR/corpus/mkevtx
MKPAYLOAD=$TOP_BUILDDIR/corpus/mkpayload
GEN=$TOP_SRCDIR/corpus/scenario/mkscenario.py

[ -x "$MKEVTX" ] && [ -x "$MKPAYLOAD" ] ||
	{ make -C "$TOP_BUILDDIR" corpus/mkevtx corpus/mkpayload >/dev/null 2>&1 || true; }
[ -x "$MKEVTX" ] && [ -x "$MKPAYLOAD" ] ||
	{ echo "the corpus tools could not be built" >&2; exit 1; }

# The rules, read-only in the shared folder, are copied; the LICENSE above
# them is what names their licence.
mkdir -p sigma &&
cp -R "$SHARED_DIR/sigma/rules" sigma/rules &&
cp "$SHARED_DIR/sigma/LICENSE" sigma/LICENSE &&
{ [ ! -d "$SHARED_DIR/sigma/rules-emerging-threats" ] ||
    cp -R "$SHARED_DIR/sigma/rules-emerging-threats" sigma/; } &&
chmod -R u+w sigma ||
	{ echo "copying the Sigma rules failed" >&2; exit 1; }

mkdir -p ref/logs &&
"$MKPAYLOAD" ref/payload.exe &&
python3 "$GEN" ref/payload.exe ref &&
"$MKEVTX" ref/scenario.jsonl ref/logs >/dev/null ||
	{ echo "building the reference case failed" >&2; exit 1; }

# sysmon_rec N / security_rec N: the case record of that record number
sysmon_rec() {
	sql case.db "SELECT record_id FROM evtx WHERE channel = 'Microsoft-Windows-Sysmon/Operational' AND record_number = $1"
}
security_rec() {
	sql case.db "SELECT record_id FROM evtx WHERE channel = 'Security' AND record_number = $1"
}
# gt_record STEP LOG EVENT_ID: the record number ground-truth.json gives
gt_record() {
	python3 -c '
import json, sys
g = json.load(open("ref/ground-truth.json"))
step = [s for s in g["steps"] if s["step"] == int(sys.argv[1])][0]
print([e["record"] for e in step["evidence"]
       if e["log"] == sys.argv[2] and e["event_id"] == int(sys.argv[3])][0])
' "$@"
}
# cites RULE_ID RECORD: a finding of sigma:RULE_ID cites the record
cites() {
	test "$(sql case.db "SELECT count(*) FROM finding f JOIN finding_evidence e ON e.finding_id = f.id WHERE f.rule = 'sigma:$1' AND e.record_id = $2")" = 1
}
SYSMON=Microsoft-Windows-Sysmon%4Operational.evtx

test_expect_success 'the reference case is ingested with its threat report' '
	{ casetrail ingest -q case.db ref/logs/*.evtx || test $? -eq 1; } &&
	test "$(sql case.db "SELECT count(*) FROM evtx")" -gt 20000 &&
	{ casetrail ioc case.db ref/threat-report.md >ioc.out 2>&1 || test $? -eq 1; }
'

test_expect_success 'analyze --sigma: loaded + skipped = the rule files; every skip says file: reason' '
	casetrail analyze --sigma sigma/rules case.db >analyze.out 2>analyze.err &&
	cat analyze.out &&
	tail -1 analyze.err &&
	files=$(find sigma/rules -name "*.yml" | wc -l) &&
	line=$(grep "^casetrail: sigma: [0-9]* rule(s) loaded from" analyze.err) &&
	loaded=$(echo "$line" | sed "s/^casetrail: sigma: \([0-9]*\) rule(s).*/\1/") &&
	nfiles=$(echo "$line" | sed "s/.* from \([0-9]*\) file(s).*/\1/") &&
	skipped=$(echo "$line" | sed "s/.* file(s), \([0-9]*\) skipped.*/\1/") &&
	test "$nfiles" = "$files" &&
	test $((loaded + skipped)) = "$files" &&
	test "$loaded" -gt 2000 &&
	test "$(grep -c "^casetrail: sigma: sigma/rules/.*\.yml:[0-9]*: .* (.*)$" analyze.err)" = "$skipped" &&
	test_grep "^sigma: [0-9]* hit(s) of [0-9]* rule(s) on [0-9]* event-log record(s)" analyze.out &&
	test "$(sql case.db "SELECT json_extract(value, '"'"'$.rules_loaded'"'"') FROM meta WHERE key = '"'"'analysis.sigma'"'"'")" = "$loaded"
'

test_expect_success 'given rules fire on the records of the attack' '
	ps=$(sysmon_rec "$(gt_record 5 "$SYSMON" 1)") &&
	ps4688=$(security_rec "$(gt_record 5 Security.evtx 4688)") &&
	del=$(sysmon_rec "$(gt_record 7 "$SYSMON" 1)") &&
	del4688=$(security_rec "$(gt_record 7 Security.evtx 4688)") &&
	test -n "$ps" && test -n "$ps4688" && test -n "$del" && test -n "$del4688" &&
	# Suspicious Encoded PowerShell Command Line, PowerShell Base64
	# Encoded IEX Cmdlet: the -Enc command line, on Sysmon 1 and 4688
	cites ca2092a1-c273-4878-9b4b-0d60115bf5ea "$ps" &&
	cites ca2092a1-c273-4878-9b4b-0d60115bf5ea "$ps4688" &&
	cites 88f680b8-070e-402c-ae11-d2914f2257f1 "$ps" &&
	# Suspicious Ping/Del Command Combination: the self-deletion
	cites 54786ddc-5b8a-11ed-9b6a-0242ac120002 "$del" &&
	cites 54786ddc-5b8a-11ed-9b6a-0242ac120002 "$del4688" &&
	test "$(sql case.db "SELECT severity FROM finding WHERE rule = '"'"'sigma:54786ddc-5b8a-11ed-9b6a-0242ac120002'"'"'")" = high
'

test_expect_success 'Sigma highs on the attack processes are steps of its chain' '
	chain=$(sql case.db "SELECT s.chain_id FROM chain_step s JOIN finding f ON f.id = s.finding_id WHERE f.rule = '"'"'self-deletion'"'"'") &&
	test -n "$chain" &&
	for r in ca2092a1-c273-4878-9b4b-0d60115bf5ea 54786ddc-5b8a-11ed-9b6a-0242ac120002; do
		test "$(sql case.db "SELECT count(*) FROM chain_step s JOIN finding f ON f.id = s.finding_id WHERE s.chain_id = $chain AND f.rule = '"'"'sigma:$r'"'"'")" = 1 || return 1
	done &&
	sql case.db "SELECT text FROM narrative WHERE chain_id = $chain" >story &&
	test_grep "Sigma rule \"Suspicious Ping/Del Command Combination\" (high, by Ilya Krestinichev" story
'

test_expect_success 'no high Sigma finding outside the attack; the noise rules stay silent' '
	python3 "$TOP_SRCDIR/tests/t/analysis-eval.py" case.db ref/ground-truth.json >eval.out;
	rc=$? &&
	tail -1 eval.out &&
	test $rc -eq 0 &&
	test "$(sql case.db "SELECT count(*) FROM finding WHERE rule LIKE '"'"'sigma:%'"'"' AND severity IN ('"'"'high'"'"', '"'"'critical'"'"')")" -gt 4 &&
	# Mpclient.DLL sideloading (MpCmdRun outside its folders) and
	# Notepad connections: what the corpus noise set off before its fix
	test "$(sql case.db "SELECT count(*) FROM finding WHERE rule IN ('"'"'sigma:7002aa10-b8d4-47ae-b5ba-51ab07e228b9'"'"', '"'"'sigma:e81528db-fc02-45e8-8e98-4e84aba1f10b'"'"')")" = 0 &&
	test "$(sql case.db "SELECT count(*) FROM evtx WHERE image LIKE '"'"'%\\MpCmdRun.exe'"'"'")" -gt 10 &&
	test "$(sql case.db "SELECT count(*) FROM evtx WHERE event_id = 1 AND image LIKE '"'"'%\\notepad.exe'"'"'")" -gt 10
'

test_expect_success 'the author and licence of the YAML are in the details; explain names the matched field' '
	python3 - >yaml.out <<-\EOF &&
	import glob, yaml
	for f in glob.glob("sigma/rules/**/*.yml", recursive=True):
	    d = yaml.safe_load(open(f, encoding="utf-8"))
	    if isinstance(d, dict) and d.get("id") in (
	            "ca2092a1-c273-4878-9b4b-0d60115bf5ea",
	            "54786ddc-5b8a-11ed-9b6a-0242ac120002"):
	        print(d["id"] + "\t" + d["author"])
	EOF
	test "$(wc -l <yaml.out)" = 2 &&
	while IFS="	" read -r id author; do
		test "$(sql case.db "SELECT DISTINCT json_extract(details, '"'"'$.author'"'"') FROM finding WHERE rule = '"'"'sigma:$id'"'"'")" = "$author" &&
		test "$(sql case.db "SELECT DISTINCT json_extract(details, '"'"'$.license'"'"') FROM finding WHERE rule = '"'"'sigma:$id'"'"'")" = DRL-1.1 || return 1
	done <yaml.out &&
	sql case.db "SELECT json_extract(details, '"'"'$.fields.CommandLine'"'"') FROM finding WHERE rule = '"'"'sigma:54786ddc-5b8a-11ed-9b6a-0242ac120002'"'"'" >fields &&
	test_grep "ping 127.0.0.1 -n 3 > nul & del /f /q" fields &&
	sql case.db "SELECT description FROM finding WHERE rule = '"'"'sigma:54786ddc-5b8a-11ed-9b6a-0242ac120002'"'"'" >desc &&
	test_grep "^Matched in the first record: CommandLine = cmd.exe /c ping" desc &&
	test_grep "licence DRL-1.1" desc
'

test_expect_success 'report.json and report.html list the hits with author and licence' '
	casetrail report -f json -o report.json case.db &&
	jq -e ".sigma.run.rules_loaded > 2000" report.json &&
	jq -e "[.sigma.rules[] | select(.id == \"54786ddc-5b8a-11ed-9b6a-0242ac120002\")] | length == 1 and .[0].author == \"Ilya Krestinichev\" and .[0].license == \"DRL-1.1\" and .[0].level == \"high\" and (.[0].findings | length) == 1" report.json &&
	jq -e "all(.sigma.rules[]; .author != null and .license == \"DRL-1.1\")" report.json &&
	jq -e "all(.findings[] | select(.rule | startswith(\"sigma:\")); .author != null and .details.id != null)" report.json &&
	casetrail report -o report.html case.db &&
	test_grep "<section id=\"sigma\"><h2>Sigma rules</h2>" report.html &&
	test_grep "<span class=\"author\">Ilya Krestinichev</span>" report.html
'

test_expect_success 'the CSV export carries the rule and its author on the cited records' '
	del=$(sysmon_rec "$(gt_record 7 "$SYSMON" 1)") &&
	test -n "$del" &&
	casetrail export -f csv case.db >export.csv &&
	head -1 export.csv >header &&
	test_grep ",sigma_rules,sigma_authors,sigma_licenses" header &&
	python3 -c "
import csv, sys
for row in csv.DictReader(open(\"export.csv\", newline=\"\")):
    if row[\"record_id\"] == sys.argv[1]:
        # one entry per rule, \"; \" between them, in the same order
        for r, a, l in zip(*(row[k].split(\"; \") for k in
                (\"sigma_rules\", \"sigma_authors\", \"sigma_licenses\"))):
            print(r, a, l, sep=\"|\")
" "$del" >row &&
	cat row &&
	test "$(sort -u row | grep -c .)" -ge 1 &&
	test_grep -x "sigma:54786ddc-5b8a-11ed-9b6a-0242ac120002|Ilya Krestinichev|DRL-1.1" row
'

test_expect_success 'analyze without --sigma removes the Sigma findings and the run' '
	casetrail analyze -q case.db &&
	test "$(sql case.db "SELECT count(*) FROM finding WHERE rule LIKE '"'"'sigma:%'"'"'")" = 0 &&
	test "$(sql case.db "SELECT count(*) FROM meta WHERE key = '"'"'analysis.sigma'"'"'")" = 0
'

test_expect_success 'a rule path that cannot be read stops before the analysis' '
	test_exit_code 1 casetrail analyze --sigma no-such-rules case.db 2>err &&
	test_grep "no-such-rules" err &&
	test_exit_code 2 casetrail analyze --sigma-placeholder nonsense --sigma sigma/rules case.db
'

test_expect_success 'run --sigma: a bad rule is skipped with its reason, the rest fire, the reports show them' '
	mkdir -p mine &&
	cp sigma/rules/windows/process_creation/proc_creation_win_cmd_ping_del_combined_execution.yml mine/ &&
	printf "title: [broken\n" >mine/broken.yml &&
	casetrail run --sigma mine -o out ref/logs/*.evtx >run.out 2>run.err ||
		test $? -eq 1 &&
	test_grep "^casetrail: sigma: mine/broken.yml.*(bad YAML)" run.err &&
	test_grep "^casetrail: sigma: 1 rule(s) loaded from 2 file(s), 1 skipped" run.err &&
	test_grep "^casetrail: sigma: 2 hit(s) of 1 rule(s)" run.err &&
	jq -e "[.sigma.rules[].id] == [\"54786ddc-5b8a-11ed-9b6a-0242ac120002\"]" out/report.json
'

test_expect_success 'the words of a rule are escaped in report.html' '
	mkdir -p hostile &&
	sed -e "s/^title: .*/title: <\/td><script>alert(1)<\/script>/" \
	    -e "s/^author: .*/author: \"<img src=x onerror=alert(2)>\"/" \
	    -e "s/^description: .*/description: \"a \\& b <b>\"/" \
	    mine/proc_creation_win_cmd_ping_del_combined_execution.yml \
	    >hostile/rule.yml &&
	printf "license: \"<i>MIT</i>\"\n" >>hostile/rule.yml &&
	casetrail analyze -q --sigma hostile case.db &&
	casetrail report -o hostile.html case.db &&
	! grep "<script>alert\|<img src=x\|<i>MIT\|<b>\"" hostile.html &&
	test_grep "&lt;img src=x onerror=alert(2)&gt;" hostile.html &&
	test_grep "&lt;/td&gt;&lt;script&gt;alert(1)&lt;/script&gt;" hostile.html &&
	test_grep "licence &lt;i&gt;MIT&lt;/i&gt;" hostile.html &&
	test_grep "a &amp; b &lt;b&gt;" hostile.html
'

# Real logs (corpus-ext): the reviewed hits of tests/t/data/sigma-corpus-ext.tsv.
if [ -e "$SHARED_DIR/corpus-ext/python-evtx/issue_43.evtx" ] &&
    [ -d sigma/rules-emerging-threats ] &&
    [ -e "$SHARED_DIR/corpus-ext/omerbenamram-evtx/system.evtx" ]; then
	test_expect_success 'corpus-ext: WannaCry on issue_43.evtx, one critical finding per process' '
		cp "$SHARED_DIR/corpus-ext/python-evtx/issue_43.evtx" issue_43.evtx &&
		{ casetrail ingest -q ext.db issue_43.evtx || test $? -eq 1; } &&
		casetrail analyze -q --sigma sigma/rules \
		    --sigma sigma/rules-emerging-threats ext.db 2>/dev/null &&
		want=$(awk -F "	" "\$1 == \"python-evtx/issue_43.evtx\" && \$3 == \"41d40bff-377a-43e2-8e1b-2e543069e079\" { print \$4 }" "$TOP_SRCDIR/tests/t/data/sigma-corpus-ext.tsv") &&
		test "$want" = 63 &&
		test "$(sql ext.db "SELECT sum(json_extract(details, '"'"'$.matches'"'"')) FROM finding WHERE rule = '"'"'sigma:41d40bff-377a-43e2-8e1b-2e543069e079'"'"'")" = "$want" &&
		test "$(sql ext.db "SELECT DISTINCT severity FROM finding WHERE rule = '"'"'sigma:41d40bff-377a-43e2-8e1b-2e543069e079'"'"'")" = critical &&
		# a process_creation rule: it cites process starts only, each
		# finding one process of the model (high and critical: per process)
		test "$(sql ext.db "SELECT count(*) FROM finding f JOIN finding_evidence e ON e.finding_id = f.id JOIN evtx x ON x.record_id = e.record_id WHERE f.rule = '"'"'sigma:41d40bff-377a-43e2-8e1b-2e543069e079'"'"' AND x.event_id NOT IN (1, 4688)")" = 0 &&
		test "$(sql ext.db "SELECT count(*) FROM finding WHERE rule = '"'"'sigma:41d40bff-377a-43e2-8e1b-2e543069e079'"'"' AND json_extract(details, '"'"'$.scope'"'"') IN ('"'"'process'"'"', '"'"'record'"'"')")" -gt 1
	'
	test_expect_success 'corpus-ext: the benign system.evtx has only its reviewed high hit' '
		cp "$SHARED_DIR/corpus-ext/omerbenamram-evtx/system.evtx" system.evtx &&
		{ casetrail ingest -q benign.db system.evtx || test $? -eq 1; } &&
		casetrail analyze -q --sigma sigma/rules benign.db 2>/dev/null &&
		sql benign.db "SELECT DISTINCT rule FROM finding WHERE rule LIKE '"'"'sigma:%'"'"' AND severity IN ('"'"'high'"'"', '"'"'critical'"'"')" >highs &&
		echo "sigma:100ef69e-3327-481c-8e5c-6d80d9507556" >want &&
		test_cmp want highs &&
		test "$(sql benign.db "SELECT count(*) FROM finding_evidence e JOIN finding f ON f.id = e.finding_id JOIN evtx x ON x.record_id = e.record_id WHERE f.rule = '"'"'sigma:100ef69e-3327-481c-8e5c-6d80d9507556'"'"' AND x.channel = '"'"'System'"'"' AND x.event_id = 104")" = 2
	'
else
	test_count=$((test_count + 1))
	echo "ok $test_count - corpus-ext logs # SKIP $SHARED_DIR/corpus-ext is missing"
	echo "SKIP: $SHARED_DIR/corpus-ext/python-evtx/issue_43.evtx, omerbenamram-evtx/system.evtx or sigma/rules-emerging-threats is missing (external test data)" >&2
fi

test_done
