#!/bin/sh
# bench-report.sh [EVENTS] - how long the HTML report of a big case takes,
# and how big it is, next to a full CSV export of the same timeline (the
# other side: what the report leaves to the exports). Builds a synthetic
# case of EVENTS timeline events (default 1,000,000) with sqlite3: file,
# EVTX and USN records over 30 days, 50 findings citing 20 records each,
# a narrative, 2,000 indicator hits and 1,000 processes. Not run by
# `make check`; run from the source tree after building:
#
#   tests/bench/bench-report.sh            # uses ./build/casetrail
#   CASETRAIL=/path/to/casetrail tests/bench/bench-report.sh 200000
#
# The issue's budget: the report of a 1,000,000-event case under 5 MB.
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
CASETRAIL=${CASETRAIL:-$top/build/casetrail}
events=${1:-1000000}
work=$(mktemp -d "${TMPDIR:-/tmp}/bench-report.XXXXXX")
trap '[ -n "${BENCH_KEEP:-}" ] || rm -rf "$work"' EXIT
[ -x "$CASETRAIL" ] || { echo "bench-report: build first ($CASETRAIL missing)" >&2; exit 2; }

# 40 % of the events are file records with 4 times, 30 % EVTX, 30 % USN.
nfile=$((events * 4 / 10 / 4))
nevtx=$((events * 3 / 10))
nusn=$((events - nfile * 4 - nevtx))
t0=133548120000000000		# 2024-03-13T14:00:00Z
span=$((30 * 86400 * 10000000))	# 30 days in ticks

echo "bench-report: building a case of $events events in $work (sqlite3)..."
version=$(sed -n 's/^#define CT_SCHEMA_VERSION[[:space:]]*\([0-9]*\).*/\1/p' "$top/src/casedb.h")
{
	cat "$top/src/schema.sql"
	cat <<SQL
PRAGMA application_id = 1668575793;
PRAGMA user_version = $version;
INSERT INTO meta VALUES ('application', 'casetrail'), ('created_by', 'bench'), ('created_at', 'x');
BEGIN;
INSERT INTO source (id, parent_id, kind, path, size, sha256, status, parser, tool_version, added_at) VALUES
 (1, NULL, 'image', '/evidence/big.raw', 549755813888, 'ab', 'ok', 'image', 'bench', $t0),
 (2, 1, 'volume', 'partition 2', 549754765312, NULL, 'ok', 'image', 'bench', $t0),
 (3, 2, 'evtx', '/Windows/System32/winevt/Logs/Security.evtx', 1073741824, 'cd', 'ok', 'evtx', 'bench', $t0),
 (4, 2, 'usnjrnl', '/\$Extend/\$UsnJrnl:\$J', 536870912, 'ef', 'ok', 'usnjrnl', 'bench', $t0);
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $nfile)
INSERT INTO record (id, source_id, type, locator, offset, flags, summary)
 SELECT i, 2, 'file', 'MFT ' || (i + 100) || '-1', i * 1024, (i % 97 = 0),
  '/Users/jdoe/AppData/Local/Temp/dir' || (i % 500) || '/file' || i || '.tmp' FROM n;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $nfile)
INSERT INTO file (record_id, fs_type, path, name, inode, seq, type, size, allocated, si_crtime, si_mtime, si_atime, si_ctime)
 SELECT i, 'ntfs', '/Users/jdoe/AppData/Local/Temp/dir' || (i % 500) || '/file' || i || '.tmp', 'file' || i || '.tmp',
  i + 100, 1, 'file', i * 7 % 100000, (i % 97 <> 0),
  $t0 + (i * 7919 % $span), $t0 + (i * 7919 % $span) + 10000000, $t0 + (i * 7919 % $span) + 20000000, $t0 + (i * 7919 % $span) + 30000000 FROM n;
INSERT INTO event (record_id, ts, ts_desc)
 SELECT record_id, si_crtime, 'SI created' FROM file UNION ALL
 SELECT record_id, si_mtime, 'SI modified' FROM file UNION ALL
 SELECT record_id, si_atime, 'SI accessed' FROM file UNION ALL
 SELECT record_id, si_ctime, 'SI entry changed' FROM file;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $nevtx)
INSERT INTO record (id, source_id, type, locator, offset, summary)
 SELECT 10000000 + i, 3, 'evtx', 'record ' || i, 4096 + i * 512,
  'Security 4688: C:\\Windows\\System32\\svchost.exe -k netsvcs -p -s Schedule (' || i || ')' FROM n;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $nevtx)
INSERT INTO evtx (record_id, record_number, created, event_id, provider, channel, computer, data, image, command_line)
 SELECT 10000000 + i, i, $t0 + (i * 104729 % $span), 4688, 'Microsoft-Windows-Security-Auditing', 'Security', 'FIN-WS042',
  '{"NewProcessName":"C:\\\\Windows\\\\System32\\\\svchost.exe","CommandLine":"svchost.exe -k netsvcs"}',
  'C:\\Windows\\System32\\svchost.exe', 'svchost.exe -k netsvcs' FROM n;
INSERT INTO event (record_id, ts, ts_desc) SELECT record_id, created, 'event created' FROM evtx;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $nusn)
INSERT INTO record (id, source_id, type, locator, offset, summary)
 SELECT 20000000 + i, 4, 'usn', 'USN ' || (i * 96), i * 96, 'file' || i || '.tmp: DATA_EXTEND|CLOSE' FROM n;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $nusn)
INSERT INTO event (record_id, ts, ts_desc) SELECT 20000000 + i, $t0 + (i * 15485863 % $span), 'USN change' FROM n;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 50)
INSERT INTO finding (id, rule, severity, first_ts, last_ts, title, description, attack)
 SELECT i, 'bench-rule', CASE i % 4 WHEN 0 THEN 'critical' WHEN 1 THEN 'high' WHEN 2 THEN 'medium' ELSE 'low' END,
  $t0 + i * ($span / 51), $t0 + i * ($span / 51) + 600000000, 'Finding ' || i, 'Synthetic finding ' || i || ' of the benchmark.', 'T1059.001' FROM n;
WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 999)
INSERT INTO finding_evidence (finding_id, record_id, role) SELECT i / 20 + 1, 10000000 + 1 + i * 97, 'evidence' FROM n;
INSERT INTO chain (id, title, severity, first_ts, last_ts) VALUES (1, 'Synthetic chain', 'critical', $t0, $t0 + $span);
INSERT INTO chain_step (chain_id, seq, finding_id) SELECT 1, id, id FROM finding;
INSERT INTO narrative (id, chain_id, seq, ts, finding_id, text) SELECT id, 1, id, first_ts, id, 'Step ' || id || ' of the synthetic story.' FROM finding;
INSERT INTO narrative_evidence (narrative_id, record_id) SELECT finding_id, min(record_id) FROM finding_evidence GROUP BY finding_id;
INSERT INTO indicator (id, source_id, line, type, value, normalized, valid) VALUES (1, 1, 1, 'filename', 'svchost.exe', 'svchost.exe', 1);
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 5000)
INSERT INTO indicator_hit (indicator_id, record_id, field, matched) SELECT 1, 10000000 + i * 7, 'image', 'svchost.exe' FROM n;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1000)
INSERT INTO process (id, image, pid, command_line, start_ts, parent_id, start_record_id, origin)
 SELECT i, 'C:\\Windows\\System32\\svchost.exe', 1000 + i, 'svchost.exe -k netsvcs', $t0 + i, CASE WHEN i > 1 THEN (i - 1) / 2 END,
  10000000 + 1 + (i - 1) * 97, 'security' FROM n;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 3000)
INSERT INTO warning (source_id, offset, parser, message) SELECT 3, i * 65536, 'evtx', 'chunk ' || i || ': bad checksum' FROM n;
COMMIT;
SQL
} | sqlite3 "$work/big.db"
have=$(sqlite3 "$work/big.db" "SELECT count(*) FROM event")
echo "bench-report: case has $have events, $(du -k "$work/big.db" | cut -f1) KiB"

now() { date +%s.%N; }
s=$(now); /usr/bin/time -f %M -o "$work/rss" "$CASETRAIL" report "$work/big.db" -o "$work/report.html" 2>/dev/null; e=$(now)
report_s=$(echo "$e - $s" | bc)
report_rss=$(cat "$work/rss")
report_b=$(stat -c %s "$work/report.html")
s=$(now); "$CASETRAIL" report --format json "$work/big.db" -o "$work/report.json" 2>/dev/null; e=$(now)
json_s=$(echo "$e - $s" | bc)
json_b=$(stat -c %s "$work/report.json")
s=$(now); /usr/bin/time -f %M -o "$work/rss" "$CASETRAIL" export --format csv "$work/big.db" -o "$work/all.csv"; e=$(now)
csv_s=$(echo "$e - $s" | bc)
csv_rss=$(cat "$work/rss")
csv_b=$(stat -c %s "$work/all.csv")

printf '%-34s %10s %14s %12s\n' "" "seconds" "bytes" "peak RSS KiB"
printf '%-34s %10.2f %14d %12d\n' "report, HTML" "$report_s" "$report_b" "$report_rss"
printf '%-34s %10.2f %14d %12s\n' "report, JSON" "$json_s" "$json_b" "-"
printf '%-34s %10.2f %14d %12d\n' "export, CSV of all $have events" "$csv_s" "$csv_b" "$csv_rss"
printf 'ratio HTML report / CSV export:  time %.3f, size %.4f\n' \
	"$(echo "$report_s / $csv_s" | bc -l)" "$(echo "$report_b / $csv_b" | bc -l)"
if [ "$report_b" -lt 5000000 ]; then
	echo "bench-report: HTML report is under 5 MB: ok"
else
	echo "bench-report: HTML report is $report_b bytes, over the 5 MB budget" >&2
	exit 1
fi
