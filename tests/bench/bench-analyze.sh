#!/bin/sh
# bench-analyze.sh [N] - how long `casetrail analyze` takes on a case of N
# timeline events (default 1,000,000), and how that scales from N/10.
#
# The case is synthetic and built straight in SQL (no parser involved, so
# only the analysis is measured): a mix like a busy workstation's Sysmon
# and Security logs - process starts and ends (Sysmon 1/5, Security 4688),
# connections (Sysmon 3), file writes (Sysmon 11), PowerShell script blocks
# (4104) - with random parents, plus updater runs every 500 events. Not run
# by `make check`. Prints both sizes, the scaling ratio, and the published
# figure of a peer (Hayabusa json-timeline, hayabusa#984: 4,817,181 events
# in 4 min 41.8 s, about 17,100 events/s - a whole scan with ~4,000 rules on
# other hardware, so context rather than a like-for-like race).
#
# Usage: CASETRAIL=build/casetrail tests/bench/bench-analyze.sh [N]
set -eu
N=${1:-1000000}
CASETRAIL=${CASETRAIL:-$(dirname "$0")/../../build/casetrail}
dir=$(mktemp -d "${TMPDIR:-/tmp}/bench-analyze.XXXXXX")
[ -n "${BENCH_KEEP:-}" ] && echo "keeping $dir" || trap 'rm -rf "$dir"' EXIT

mkcase() { # mkcase FILE EVENTS
	printf x >"$dir/x.txt"
	"$CASETRAIL" ingest -q "$1" "$dir/x.txt" >/dev/null 2>&1 || true
	sqlite3 "$1" <<SQL

BEGIN;
INSERT INTO source (id, kind, path, status, tool_version, added_at)
  VALUES (1000, 'evtx', 'bench.evtx', 'ok', 'bench', 0);
CREATE TEMP TABLE g AS WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $2)
  SELECT i, i % 20 AS k, 133547328000000000 + i * 2000000 AS ts FROM n;
INSERT INTO record (id, source_id, type, locator, offset, summary)
  SELECT i, 1000, 'evtx', 'record ' || i, i * 1000, 'bench event' FROM g;
INSERT INTO event (record_id, ts, ts_desc) SELECT i, ts, 'event created' FROM g;
INSERT INTO evtx (record_id, record_number, created, event_id, provider, channel,
  pid, image, command_line, process_id, process_guid, parent_image,
  parent_process_id, parent_process_guid, target_file, dst_ip, dst_port, script_text)
SELECT i, i, ts,
  CASE WHEN k < 4 THEN 1 WHEN k < 7 THEN 5 WHEN k < 12 THEN 3 WHEN k < 16 THEN 11
       WHEN k < 18 THEN 4688 ELSE 4104 END,
  CASE WHEN k < 16 THEN 'Microsoft-Windows-Sysmon' WHEN k < 18 THEN 'Microsoft-Windows-Security-Auditing'
       ELSE 'Microsoft-Windows-PowerShell' END,
  CASE WHEN k < 16 THEN 'Microsoft-Windows-Sysmon/Operational' WHEN k < 18 THEN 'Security'
       ELSE 'Microsoft-Windows-PowerShell/Operational' END,
  CASE WHEN k >= 18 THEN (i / 20) % 30000 END,
  CASE WHEN k >= 18 THEN NULL WHEN i % 500 = 0 AND k < 4
       THEN 'C:\Program Files (x86)\Google\Update\GoogleUpdate.exe'
       ELSE 'C:\Program Files\App' || (i % 97) || '\app' || (i % 13) || '.exe' END,
  CASE WHEN k < 4 OR k IN (16, 17) THEN 'app.exe --job ' || i END,
  CASE WHEN k < 18 THEN (i / 20) % 30000 END,
  CASE WHEN k < 16 THEN '{g' || (i / 20) || '}' END,
  CASE WHEN k < 4 OR k IN (16, 17) THEN 'C:\Windows\explorer.exe' END,
  CASE WHEN k < 4 OR k IN (16, 17) THEN ((i / 20) * 7) % 30000 END,
  CASE WHEN k < 4 THEN '{g' || max(0, i / 20 - 1 - (i % 50)) || '}' END,
  CASE WHEN k BETWEEN 12 AND 15 THEN 'C:\Users\u' || (i % 40) || '\AppData\Local\Temp\f' || i || '.tmp' END,
  CASE WHEN k BETWEEN 7 AND 11 THEN '10.' || (i % 200) || '.' || (i % 250) || '.' || (i % 199) END,
  CASE WHEN k BETWEEN 7 AND 11 THEN 443 END,
  CASE WHEN k >= 18 THEN 'Get-ChildItem C:\Users\u' || (i % 40) || ' | Measure-Object' END
FROM g;
INSERT INTO script_block (source_id, script_block_id, parts_total, parts_seen, first_record_id, text)
  SELECT 1000, 'sb-' || record_id, 1, 1, record_id, script_text FROM evtx WHERE event_id = 4104;
COMMIT;
SQL
}

run() { # run FILE -> "wall cpu" seconds on stdout (cpu = user + system)
	/usr/bin/time -f "%e %U %S" -o "$dir/time" "$CASETRAIL" analyze -q "$1"
	awk '{printf "%.2f %.2f", $1, $2 + $3}' "$dir/time"
}

small=$((N / 10))
echo "building synthetic cases of $small and $N events..."
mkcase "$dir/small.db" "$small"
mkcase "$dir/big.db" "$N"
set -- $(run "$dir/small.db")
ws=$1 cs=$2
set -- $(run "$dir/big.db")
wb=$1 cb=$2
procs=$(sqlite3 "$dir/big.db" "SELECT count(*) FROM process")
finds=$(sqlite3 "$dir/big.db" "SELECT count(*) FROM finding")
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) core(s) (wall time suffers when the machine is shared)"
echo "casetrail analyze, $small events: $ws s wall, $cs s CPU"
echo "casetrail analyze, $N events: $wb s wall, $cb s CPU ($procs processes, $finds findings)"
echo "$cs $cb $small $N $wb" | awk '{
	printf "scaling: %.1fx the CPU time for 10x the events\n", $2 / ($1 > 0 ? $1 : 0.01);
	printf "casetrail analyze: %.0f events per CPU second, %.0f events per wall second\n", $4 / ($2 > 0 ? $2 : 0.01), $4 / ($5 > 0 ? $5 : 0.01);
	printf "peer (published, hayabusa#984 json-timeline): 17100 events/s = %.1f s for %d events\n", $4 / 17100, $4;
	printf "ratio casetrail (CPU) / peer throughput: %.1f\n", ($4 / ($2 > 0 ? $2 : 0.01)) / 17100 }'
