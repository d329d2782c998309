#!/bin/sh
# t1500-files-corpus-ext.sh - the artefact file parsers (parsers/files/) on
# real third-party samples of ../shared/corpus-ext/registry and plaso (see
# MANIFEST.md, "Registry hives, ... LNK, Recycle Bin, Task"): every fact the
# MANIFEST states for the LNK, $I, INFO2, .job and .evt files, and the
# independent readers (lnkinfo, rifiuti-vista, rifiuti2, evtexport) agreeing.
. "$TOP_SRCDIR/tests/t/lib.sh"

require_shared corpus-ext/registry/plaso/example.lnk
R=$SHARED_DIR/corpus-ext/registry
EVT=$SHARED_DIR/corpus-ext/plaso/SysEvent.Evt

# ft ISO: the FILETIME (100 ns ticks since 1601) of an ISO 8601 UTC time
# with up to 7 fraction digits, computed independently of casetrail
ft() {
	python3 -c '
import datetime, sys
s = sys.argv[1].rstrip("Z")
main, _, frac = s.partition(".")
d = datetime.datetime.strptime(main, "%Y-%m-%dT%H:%M:%S")
e = datetime.datetime(1601, 1, 1)
print(((d - e).days * 86400 + (d - e).seconds) * 10000000 + int((frac + "0000000")[:7]))' "$1"
}
# q SQL: one query on case.db
q() {
	sql case.db "$1"
}

# Where Windows keeps them, so the parsers see their real names (the
# MANIFEST's renamed $I files get their '$' back).
test_expect_success 'set up the samples at Windows paths and ingest them' '
	sid=S-1-5-21-2036804247-3058324640-2116585241-1673 &&
	st="ev/Users/nfury/AppData/Roaming/Microsoft/Windows/Start Menu/Programs/Startup" &&
	mkdir -p "$st" ev/Users/nfury/Desktop "ev/\$Recycle.Bin/$sid" "ev/RECYCLER/$sid" ev/Windows/Tasks &&
	cp "$R/plaso/example.lnk" "$st/" &&
	cp "$R/plaso/NeroInfoTool.lnk" ev/Users/nfury/Desktop/ &&
	cp "$R/velociraptor/1.lnk" ev/ &&
	cp "$R/plaso/recycler/_I103S5F.jpg" "ev/\$Recycle.Bin/$sid/\$I103S5F.jpg" &&
	cp "$R/plaso/recycler/_II3DF3L.zip" "ev/\$Recycle.Bin/$sid/\$II3DF3L.zip" &&
	cp "$R/plaso/recycler/INFO2" "ev/RECYCLER/$sid/INFO2" &&
	cp "$R/plaso/wintask.job" ev/Windows/Tasks/GoogleUpdateTaskMachineUA.job &&
	casetrail ingest case.db ev 2>err &&
	test "$(q "SELECT count(*) FROM source WHERE status = '\''ok'\''")" -eq 7 &&
	test "$(q "SELECT count(*) FROM warning")" -eq 0
'

test_expect_success 'example.lnk: the MANIFEST facts (times, size, strings, tracker)' '
	w="kind = '\''lnk'\'' AND name = '\''example.lnk'\''" &&
	test "$(q "SELECT path || '\''|'\'' || size || '\''|'\'' || user_name FROM artefact WHERE $w")" = \
		"%windir%\\system32\\migwiz\\migwiz.exe|544768|nfury" &&
	test "$(q "SELECT json_extract(data, '\''\$.target_created'\'') FROM artefact WHERE $w")" = "$(ft 2009-07-13T23:29:02.8491310Z)" &&
	test "$(q "SELECT json_extract(data, '\''\$.target_modified'\'') FROM artefact WHERE $w")" = "$(ft 2009-07-14T01:39:18.22Z)" &&
	test "$(q "SELECT json_extract(data, '\''\$.target_accessed'\'') FROM artefact WHERE $w")" = "$(ft 2009-07-13T23:29:02.8491310Z)" &&
	test "$(q "SELECT json_extract(data, '\''\$.relative_path'\'') || '\''|'\'' || json_extract(data, '\''\$.working_directory'\'') || '\''|'\'' || json_extract(data, '\''\$.icon_location'\'') FROM artefact WHERE $w")" = \
		".\\migwiz\\migwiz.exe|%windir%\\system32\\migwiz|%windir%\\system32\\migwiz\\migwiz.exe" &&
	test "$(q "SELECT json_extract(data, '\''\$.description'\'') FROM artefact WHERE $w")" = "@%windir%\\system32\\migwiz\\wet.dll,-590" &&
	test "$(q "SELECT json_extract(data, '\''\$.machine_id'\'') || '\''|'\'' || json_extract(data, '\''\$.droid_file_id'\'') FROM artefact WHERE $w")" = \
		"win-tj9qcsjkags|846ee3bb-7039-11de-9d20-001d09fa5a1c" &&
	test "$(q "SELECT json_extract(data, '\''\$.location'\'') || json_extract(data, '\''\$.persistence'\'') FROM artefact WHERE $w")" = "Startup1"
'

test_expect_success 'NeroInfoTool.lnk: LinkInfo (serial, drive type, label, local path), arguments, access time' '
	w="kind = '\''lnk'\'' AND name = '\''NeroInfoTool.lnk'\''" &&
	test "$(q "SELECT path FROM artefact WHERE $w")" = "C:\\Program Files (x86)\\Nero\\Nero 9\\Nero InfoTool\\InfoTool.exe" &&
	test "$(q "SELECT command_line FROM artefact WHERE $w")" = "C:\\Program Files (x86)\\Nero\\Nero 9\\Nero InfoTool\\InfoTool.exe -ScParameter=30002  " &&
	test "$(q "SELECT size || '\''|'\'' || json_extract(data, '\''\$.volume_serial'\'') || '\''|'\'' || json_extract(data, '\''\$.drive_type'\'') || '\''|'\'' || json_extract(data, '\''\$.volume_label'\'') FROM artefact WHERE $w")" = "4635160|70ECFA33|3|OS" &&
	test "$(q "SELECT json_extract(data, '\''\$.relative_path'\'') FROM artefact WHERE $w")" = \
		"..\\..\\..\\..\\..\\..\\..\\..\\Program Files (x86)\\Nero\\Nero 9\\Nero InfoTool\\InfoTool.exe" &&
	test "$(q "SELECT json_extract(data, '\''\$.working_directory'\'') FROM artefact WHERE $w")" = "C:\\Program Files (x86)\\Nero\\Nero 9\\Nero InfoTool" &&
	test "$(q "SELECT time FROM artefact WHERE $w")" = "$(ft 2009-06-05T20:13:20Z)" &&
	test "$(q "SELECT e.ts FROM event e JOIN artefact a ON a.record_id = e.record_id WHERE a.name = '\''NeroInfoTool.lnk'\'' AND e.ts_desc = '\''LNK target accessed'\''")" = "$(ft 2010-01-29T21:30:11.3321569Z)" &&
	test "$(q "SELECT json_extract(data, '\''\$.droid_file_id'\'') || json_extract(data, '\''\$.location'\'') FROM artefact WHERE $w")" = "958705b5-0d19-11df-9fe4-705ab616a5f3Desktop"
'

test_expect_success '1.lnk: a network target, no local path; the working directory the file holds' '
	w="kind = '\''lnk'\'' AND name = '\''1.lnk'\''" &&
	test "$(q "SELECT path || '\''|'\'' || size FROM artefact WHERE $w")" = "\\\\vmware-host\\Shared Folders\\shared\\tmp\\1.yaml|1343" &&
	test "$(q "SELECT json_extract(data, '\''\$.local_path'\'') IS NULL AND json_extract(data, '\''\$.working_directory'\'') = '\''F:\\tmp'\'' FROM artefact WHERE $w")" = 1 &&
	test "$(q "SELECT time FROM artefact WHERE $w")" = "$(ft 2020-11-12T01:43:21.7549994Z)" &&
	test "$(q "SELECT json_extract(data, '\''\$.target_accessed'\'') FROM artefact WHERE $w")" = "$(ft 2020-11-12T01:43:21.7509994Z)"
'

test_expect_success 'lnkinfo (liblnk-utils) agrees on every link: local path, relative path, working directory, arguments' '
	command -v lnkinfo >/dev/null || { echo "lnkinfo missing (liblnk-utils)"; exit 1; } &&
	for f in "$R/plaso/example.lnk" "$R/plaso/NeroInfoTool.lnk" "$R/velociraptor/1.lnk"; do
		n=$(basename "$f") &&
		lnkinfo "$f" >info.txt &&
		for pair in "Local path:local_path" "Relative path:relative_path" "Working directory:working_directory" "Command line arguments:arguments" "Machine identifier:machine_id"; do
			label=${pair%%:*} key=${pair#*:} &&
			want=$(sed -n "s/^	*$label[	 ]*: //p" info.txt | head -1) &&
			got=$(q "SELECT coalesce(json_extract(data, '\''\$.$key'\''), '\'''\'') FROM artefact WHERE name = '\''$n'\''") &&
			{ [ "$want" = "$got" ] || { echo "$n $label: lnkinfo \"$want\", casetrail \"$got\""; exit 1; }; }
		done
	done
'

test_expect_success 'Recycle Bin $I version 2 and 1: path, size, deletion time, user SID, $R name' '
	sid=S-1-5-21-2036804247-3058324640-2116585241-1673 &&
	test "$(q "SELECT path || '\''|'\'' || size || '\''|'\'' || time || '\''|'\'' || user_sid || '\''|'\'' || json_extract(data, '\''\$.recycled_as'\'') FROM artefact WHERE kind = '\''recycle'\'' AND json_extract(data, '\''\$.version'\'') = 2 AND json_extract(data, '\''\$.format'\'') = '\''\$I'\''")" = \
		"C:\\Users\\random\\Downloads\\bunnies.jpg|222255|$(ft 2016-06-29T21:37:45.6180000Z)|$sid|\$R103S5F.jpg" &&
	test "$(q "SELECT path || '\''|'\'' || size || '\''|'\'' || time FROM artefact WHERE kind = '\''recycle'\'' AND json_extract(data, '\''\$.version'\'') = 1")" = \
		"C:\\Users\\nfury\\Documents\\Alloy Research\\StarFury.zip|724919|$(ft 2012-03-12T20:49:58.6330000Z)" &&
	test "$(q "SELECT count(*) FROM event e JOIN artefact a ON a.record_id = e.record_id WHERE a.kind = '\''recycle'\'' AND e.ts_desc = '\''deleted (Recycle Bin)'\''")" -eq 6
'

test_expect_success 'rifiuti-vista agrees on the $I files (path, size, deletion second)' '
	command -v rifiuti-vista >/dev/null || { echo "rifiuti-vista missing (rifiuti2)"; exit 1; } &&
	for f in ev/\$Recycle.Bin/*/\$I*; do
		rifiuti-vista "$f" | awk -F"\t" "NF == 4 && \$1 ~ /^\\\$I/ { print \$4 \"|\" \$3 \"|\" \$2 }"
	done | sort >want &&
	q "SELECT path || '\''|'\'' || size || '\''|'\'' || strftime('\''%Y-%m-%d %H:%M:%S'\'', (time - 116444736000000000) / 10000000, '\''unixepoch'\'') FROM artefact WHERE kind = '\''recycle'\'' AND json_extract(data, '\''\$.format'\'') = '\''\$I'\''" | sort >got &&
	test "$(wc -l <want)" -eq 2 &&
	test_cmp want got
'

test_expect_success 'INFO2: 4 records, record 1 as plaso reads it, the others as rifiuti2 does' '
	test "$(q "SELECT count(*) FROM artefact WHERE json_extract(data, '\''\$.format'\'') = '\''INFO2'\''")" -eq 4 &&
	test "$(q "SELECT json_extract(data, '\''\$.index'\'') || '\''|'\'' || json_extract(data, '\''\$.drive'\'') || '\''|'\'' || time || '\''|'\'' || path || '\''|'\'' || size FROM artefact a JOIN record r ON r.id = a.record_id WHERE r.locator = '\''INFO2 record 1'\''")" = \
		"1|2|$(ft 2004-08-25T16:18:25.2370000Z)|C:\\Documents and Settings\\Mr. Evil\\Desktop\\lalsetup250.exe|2160128" &&
	q "SELECT name || '\''|'\'' || strftime('\''%H:%M:%S'\'', (time - 116444736000000000) / 10000000, '\''unixepoch'\'') FROM artefact WHERE json_extract(data, '\''\$.format'\'') = '\''INFO2'\'' AND json_extract(data, '\''\$.index'\'') > 1 ORDER BY 1" >got &&
	printf "%s\n" "WinPcap_3_01_a.exe|15:15:26" "ethereal-setup-0.10.6.exe|15:29:58" "netstumblerinstaller_0_4_0.exe|15:12:30" >want &&
	test_cmp want got &&
	if command -v rifiuti2 >/dev/null; then
		rifiuti2 ev/RECYCLER/*/INFO2 | awk -F"\t" "NF >= 4 && \$1 ~ /^[0-9]+\$/ { print \$1 \"|\" \$NF }" | sort >want2 &&
		q "SELECT json_extract(data, '\''\$.index'\'') || '\''|'\'' || path FROM artefact WHERE json_extract(data, '\''\$.format'\'') = '\''INFO2'\''" | sort >got2 &&
		test_cmp want2 got2
	fi
'

test_expect_success '.job: application, parameters, author, comment, local last run, daily trigger, UUID' '
	w="kind = '\''job'\''" &&
	test "$(q "SELECT command_line || '\''|'\'' || user_name FROM artefact WHERE $w")" = \
		"C:\\Program Files (x86)\\Google\\Update\\GoogleUpdate.exe /ua /installsource scheduler|Brian" &&
	test "$(q "SELECT json_extract(data, '\''\$.last_run_local'\'') || '\''|'\'' || json_extract(data, '\''\$.triggers[0].type_name'\'') || '\''|'\'' || json_extract(data, '\''\$.triggers[0].start_local'\'') || '\''|'\'' || json_extract(data, '\''\$.trigger_count'\'') FROM artefact WHERE $w")" = \
		"2013-08-24T12:42:00.112|daily|2013-07-12T15:42:00|1" &&
	test "$(q "SELECT json_extract(data, '\''\$.uuid'\'') || '\''|'\'' || json_extract(data, '\''\$.product_version'\'') || '\''|'\'' || (json_extract(data, '\''\$.working_directory'\'') IS NULL) FROM artefact WHERE $w")" = \
		"0df2cfeb-5293-41e9-a45e-733720c2e1fa|0x0601|1" &&
	q "SELECT json_extract(data, '\''\$.comment'\'') FROM artefact WHERE $w" | grep -q "^Keeps your Google software up to date. If this task is disabled" &&
	test "$(q "SELECT time IS NULL FROM artefact WHERE $w")" = 1
'

test_expect_success 'SysEvent.Evt: every record evtexport exports (items and recovered), as evt records with evtx rows' '
	[ -f "$EVT" ] || { echo "SKIP: $EVT is missing"; exit 0; } &&
	# exit status 1: libevt finds the log damaged (a warning), the rest is read
	test_exit_code 1 casetrail ingest -q evt.db "$EVT" &&
	items=$(evtexport -m items "$EVT" 2>/dev/null | grep -c "^Event number") &&
	all=$(evtexport -m all "$EVT" 2>/dev/null | grep -c "^Event number") &&
	test "$items" -eq 6063 && test "$all" -eq 6501 &&
	test "$(sql evt.db "SELECT count(*) FROM record WHERE type = '\''evt'\''")" -eq "$all" &&
	test "$(sql evt.db "SELECT count(*) FROM evtx")" -eq "$all" &&
	test "$(sql evt.db "SELECT count(*) FROM record WHERE flags & 2")" -eq $((all - items)) &&
	evtexport -m all "$EVT" 2>/dev/null | sed -n "s/^Event number[	 ]*: //p" | sort -n >want &&
	sql evt.db "SELECT record_number FROM evtx" | sort -n >got &&
	test_cmp want got
'

# libevt also recovers an older copy of record 1392 from the wrapped log:
# the allocated one is meant.
test_expect_success 'SysEvent.Evt record 1392 as evtexport shows it' '
	[ -f "$EVT" ] || exit 0 &&
	test "$(sql evt.db "SELECT count(*) FROM evtx WHERE record_number = 1392")" -eq 2 &&
	test "$(sql evt.db "SELECT provider || '\''|'\'' || computer || '\''|'\'' || event_id || '\''|'\'' || qualifiers || '\''|'\'' || level || '\''|'\'' || task || '\''|'\'' || channel FROM evtx x JOIN record r ON r.id = x.record_id WHERE record_number = 1392 AND r.flags = 0")" = \
		"LSASRV|WKS-WINXP32BIT|40961|32768|3|3|System" &&
	test "$(sql evt.db "SELECT created = written AND created = $(ft 2011-07-27T06:41:47Z) FROM evtx x JOIN record r ON r.id = x.record_id WHERE record_number = 1392 AND r.flags = 0")" = 1 &&
	test "$(sql evt.db "SELECT json_extract(data, '\''\$.1'\'') FROM evtx x JOIN record r ON r.id = x.record_id WHERE record_number = 1392 AND r.flags = 0")" = "cifs/CONTROLLER" &&
	test "$(sql evt.db "SELECT count(*) FROM warning")" -eq 1
'

test_expect_success 'SysEvent.Evt: the services the Service Control Manager names fill service_name' '
	[ -f "$EVT" ] || exit 0 &&
	test "$(sql evt.db "SELECT count(*) FROM evtx WHERE service_name IS NOT NULL")" -eq 3807 &&
	test "$(sql evt.db "SELECT count(*) FROM evtx WHERE provider = '\''Service Control Manager'\'' AND event_id IN (7034, 7035, 7036, 7040) AND service_name = json_extract(data, '\''\$.1'\'')")" -eq 3807 &&
	test "$(sql evt.db "SELECT service_name FROM evtx WHERE event_id = 7036 GROUP BY service_name ORDER BY count(*) DESC LIMIT 1")" = "Google Update Service (gupdate)"
'

test_done
