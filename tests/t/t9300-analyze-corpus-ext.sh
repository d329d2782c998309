#!/bin/sh
# t9300-analyze-corpus-ext.sh - analysis on the real third-party logs of
# ../shared/corpus-ext (read in place, never copied into the project):
# every log analyses without error; every sample MANIFEST.md lists as
# encoded/obfuscated PowerShell or a download cradle is reported as such
# (prints the list and the hit rate); the benign updater activity of
# omerbenamram-evtx/sysmon.evtx gives no high-severity finding.
. "$TOP_SRCDIR/tests/t/lib.sh"
require_shared corpus-ext/MANIFEST.md
CX=$SHARED_DIR/corpus-ext

# sample|what MANIFEST.md says it is|signs that count as "reported as such"
cat >expected <<'EOF'
DeepBlueCLI/Powershell-Invoke-Obfuscation-many.evtx|obfuscated|obfuscation
EVTX-ATTACK-SAMPLES/AutomatedTestingTools/panache_sysmon_vs_EDRTestingScript.evtx|download cradle|download cradle
EVTX-to-MITRE-Attack/TA0002-Execution/T1059.001-PowerShell/ID4688-Encoded_PowerShell_MSF_payload_via_process_execution.evtx|encoded (base64 + gzip)|compressed payload (Gzip/Deflate)|FromBase64String
EVTX-to-MITRE-Attack/TA0005-Defense_Evasion/T1027-Obfuscated_Files_or_Information/ID1-CrackMapExec_payload_execution.evtx|obfuscated|obfuscation
EVTX-to-MITRE-Attack/TA0005-Defense_Evasion/T1027-Obfuscated_Files_or_Information/ID400-800-CrackMapExec_payload_execution.evtx|obfuscated|obfuscation
EVTX-to-MITRE-Attack/TA0005-Defense_Evasion/T1027-Obfuscated_Files_or_Information/ID4103-4104-CrackMapExec_payload_execution.evtx|download cradle|download cradle
EVTX-to-MITRE-Attack/TA0003-Persistence/T1197-BITS_jobs/ID800-4103-4104-PowerShell_BITS_job_started.evtx|download cradle|download cradle
EVTX-ATTACK-SAMPLES/Other/emotet/exec_emotet_ps_800_get-item.evtx|obfuscated download cradle|obfuscation|download cradle
EVTX-ATTACK-SAMPLES/Other/emotet/exec_emotet_ps_800_invoke-item.evtx|obfuscated download cradle|obfuscation|download cradle
EOF

test_expect_success 'every real log analyses without error' '
	n=0 &&
	find "$CX" -name "*.evtx" -o -name "*.evt" | sort >logs &&
	while read -r f; do
		n=$((n + 1)) &&
		rm -f one.db &&
		{ casetrail ingest -q one.db "$f" >/dev/null 2>&1 || true; } &&
		if ! casetrail analyze -q one.db 2>err; then
			echo "analyze failed on $f:" && cat err && exit 1
		fi
	done <logs &&
	echo "# analysed $n logs" &&
	test "$n" -gt 30
'

test_expect_success 'the PowerShell samples are reported as what they are' '
	hits=0 total=0 &&
	while IFS="|" read -r f what signs; do
		total=$((total + 1)) &&
		db=case-$total.db &&
		{ casetrail ingest -q "$db" "$CX/$f" >/dev/null 2>&1 || true; } &&
		casetrail analyze -q "$db" &&
		sql "$db" "SELECT DISTINCT j.value FROM finding f, json_each(json_extract(f.details, \"\$.signs\")) j WHERE f.rule = \"powershell\"" >signs-$total &&
		ok=yes &&
		for s in $(echo "$signs" | tr "|" "\n" | tr " " "_"); do
			grep -qx "$(echo "$s" | tr "_" " ")" signs-$total || ok=no
		done 2>/dev/null;
		if [ "$ok" = yes ]; then hits=$((hits + 1)); r=found; else r=MISSED; fi &&
		echo "$r: $f ($what; signs seen: $(tr "\n" "," <signs-$total))" >>report
	done <expected &&
	echo "hit rate: $hits/$total" >>report &&
	test "$hits" -eq "$total"
'
# The list and the hit rate, whether the test passed or not.
[ -f report ] && sed 's/^/# /' report


test_expect_success 'benign updater activity in sysmon.evtx is not high severity' '
	{ casetrail ingest -q probe.db "$CX/omerbenamram-evtx/sysmon.evtx" || test $? -eq 1; } &&
	test "$(sql probe.db "SELECT count(*) FROM evtx")" -gt 0 &&
	casetrail analyze -q probe.db &&
	sql probe.db "SELECT rule, title FROM finding WHERE severity IN (\"high\", \"critical\") AND rule IN (\"updater-run\", \"self-deletion\", \"updater-download\", \"updater-started-download\")" >high &&
	test ! -s high &&
	test "$(sql probe.db "SELECT count(*) FROM finding WHERE rule = \"updater-run\"")" -gt 0
'

test_done
