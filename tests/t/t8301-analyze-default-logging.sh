#!/bin/sh
# t8301-analyze-default-logging.sh - the reference host as Windows logs it
# out of the box (mkscenario.py --variant default-logging: no Sysmon, no
# process-creation auditing, no module or script-block logging), its disk
# image end to end: `casetrail run` with the threat report, then the ground
# truth of that variant, whose evidence is Prefetch run times, the USN
# journal, Amcache and the records that remain. Every provable step found in
# order at its time, with the confidence the ground truth states (inferred
# links: medium); no high-severity finding outside the attack; the benign
# look-alikes stay low; the report says what the missing logs mean.
. "$TOP_SRCDIR/tests/t/lib.sh"

DL=$TOP_BUILDDIR/corpus/out/default-logging
IMAGE=$DL/image.raw

[ -f "$IMAGE" ] ||
	make -C "$TOP_BUILDDIR" corpus-default-logging >/dev/null 2>&1 || true
if [ ! -f "$IMAGE" ]; then
	echo "# the default-logging image could not be built (make corpus-default-logging): needs ntfs-3g and libewf" >&2
	skip_all "no default-logging disk image"
fi

test_expect_success 'the image has no Sysmon log and no process-creation events' '
	test "$(python3 -c "import json,sys; g=json.load(open(sys.argv[1])); print(g[\"case\"], len(g[\"unprovable\"]))" "$DL/ground-truth.json")" = "reference-default-logging 2" &&
	casetrail run -q --ioc "$DL/threat-report.txt" -o out "$IMAGE" >run.out 2>&1 || test $? -eq 1 &&
	test "$(sql out/case.db "SELECT count(*) FROM evtx WHERE channel = \"Microsoft-Windows-Sysmon/Operational\" OR event_id = 4688")" = 0 &&
	test "$(sql out/case.db "SELECT count(*) FROM prefetch")" -gt 5
'

test_expect_success 'the ground truth is met (precision and recall 1, confidences as stated)' '
	python3 "$TOP_SRCDIR/tests/t/analysis-eval.py" out/case.db "$DL/ground-truth.json" >eval.out;
	rc=$? &&
	cat eval.out &&
	test $rc -eq 0
'
[ -f eval.out ] && cat eval.out

test_expect_success 'one process per execution, citing every artefact that saw it' '
	sql out/case.db "SELECT group_concat(r.role, \",\") FROM (SELECT role FROM process_record r JOIN process p ON p.id = r.process_id WHERE p.image LIKE \"%qeupdate_helper.exe\" ORDER BY role) r" >roles &&
	test "$(cat roles)" = "Amcache entry,BAM entry (last run),Prefetch run,ShimCache entry" &&
	test "$(sql out/case.db "SELECT count(*) FROM process WHERE image LIKE \"%qeupdate_helper.exe\"")" = 1 &&
	test "$(sql out/case.db "SELECT image || \"|\" || pid || \"|\" || start_ts FROM process WHERE origin = \"powershell-log\" AND pid = 7012")" = "C:\Windows\System32\WindowsPowerShell\v1.0\powershell.exe|7012|133548121370120000"
'

test_expect_success 'the payload file: created in the updater run, run once, deleted, recovered with the report hash' '
	test "$(sql out/case.db "SELECT created_ts || \"|\" || created_how || \"|\" || writer_confidence || \"|\" || runs || \"|\" || first_run_ts || \"|\" || deleted_ts || \"|\" || allocated || \"|\" || content || \"|\" || sha256 FROM file_lifecycle WHERE path LIKE \"%QEUpd\\qeupdate_helper.exe\"")" = "133548121332000000|USN journal FILE_CREATE|medium|1|133548121356000000|133548121475000000|0|recovered|b250ccac8790ef965cfc6e3699fdc58f9604e920bfa7d25800e502c6597676d0" &&
	test "$(sql out/case.db "SELECT p.image FROM file_lifecycle l JOIN process p ON p.id = l.writer_process_id WHERE l.path LIKE \"%qeupdate_helper.exe\"")" = "C:\Program Files (x86)\QuillEdit\QEUpdate.exe" &&
	test "$(sql out/case.db "SELECT zone_id FROM file_lifecycle WHERE path LIKE \"%Downloads\\7z2301-x64.exe\"")" = 3
'

test_expect_success 'the story says what is inferred and why' '
	sql out/case.db "SELECT text FROM narrative WHERE chain_id IS NOT NULL ORDER BY chain_id, seq" >story &&
	cat story &&
	test_grep "^At 2024-03-13 14:00:00 UTC the Task Scheduler started the QuillEdit updater QEUpdate.exe" story &&
	test_grep "qeupdate_helper.exe appeared in C:.Users.jdoe.AppData.Local.Temp.QEUpd., a user-writable folder, during the run of the QuillEdit updater QEUpdate.exe (USN journal FILE_CREATE; no log records the writer)" story &&
	test_grep "qeupdate_helper.exe started PowerShell (PID 7012; seen in Prefetch, BAM and Windows PowerShell 400, no process-creation log) with a hidden window and an encoded command; decoded, the command reads" story &&
	test_grep "the Task Scheduler started the QuillEdit updater QEUpdate.exe (seen in Prefetch, BAM and the TaskCache, no process-creation log)" story &&
	test_grep "started qeupdate_helper.exe (seen in Prefetch, BAM, Amcache and ShimCache, no process-creation log), a file that had appeared 2 seconds earlier" story &&
	test_grep "no log records who started powershell.exe: qeupdate_helper.exe had started 1.4 s earlier" story &&
	test_grep "qeupdate_helper.exe started cmd.exe and PING.EXE, the wait-then-delete idiom" story &&
	test_grep "its recovered content has SHA-256 b250ccac8790ef965cfc6e3699fdc58f9604e920bfa7d25800e502c6597676d0" story &&
	sql out/case.db "SELECT meaning FROM coverage WHERE state IN (\"absent\", \"not-collected\") AND area = \"processes\"" >cov &&
	test_grep "parents are inferred from timing and artefacts" cov &&
	test_grep "process-creation auditing was off" cov &&
	test_grep "no process-creation log" out/report.html
'

test_expect_success 'the report: one host lane, inferred links drawn dashed with their reasons, no empty clauses' '
	test "$(grep -o "<text class=\"lane\"[^>]*>host [^<]*" out/report.html | sort -u | wc -l)" = 1 &&
	test_grep "<text class=\"lane\"[^>]*>host FIN-WS042" out/report.html &&
	test "$(grep -o "class=\"edge inferred\"" out/report.html | wc -l)" -ge 4 &&
	test_grep "parent inferred (medium): qeupdate_helper.exe had started 9.6 s earlier" out/report.html &&
	! grep -q "contacted ," out/report.html &&
	! grep -q "Qeupdate_helper" out/report.html &&
	python3 -c "import json,sys; p=[x for x in json.load(open(sys.argv[1]))[\"processes\"] if (x.get(\"image\") or \"\").endswith(\"cmd.exe\") and x.get(\"parent_basis\")]; sys.exit(0 if p and p[0][\"parent_confidence\"] == \"medium\" else 1)" out/report.json
'

test_expect_success 'the benign look-alikes stay low: the real patch, the inventory task, the admin' '
	test "$(sql out/case.db "SELECT severity FROM finding WHERE rule = \"updater-run\" AND first_ts = 133547256005000000")" = low &&
	test "$(sql out/case.db "SELECT rule || \"|\" || severity FROM finding WHERE title LIKE \"QuillEdit_patch%\"")" = "deleted-after-run|low" &&
	test "$(sql out/case.db "SELECT parent_basis FROM process WHERE command_line LIKE \"%Collect-Inventory%\"")" != "" &&
	test "$(sql out/case.db "SELECT count(*) FROM finding WHERE severity IN (\"medium\", \"high\", \"critical\") AND (description LIKE \"%Get-Service%\" OR description LIKE \"%Collect-Inventory%\" OR description LIKE \"%7z2301%\")")" = 0 &&
	test "$(sql out/case.db "SELECT count(*) FROM finding WHERE rule = \"self-deletion\"")" = 1
'

test_done
