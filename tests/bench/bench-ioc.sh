#!/bin/sh
# bench-ioc.sh [EVENTS] [INDICATORS] - how fast `casetrail ioc` matches
# indicators against a large case, next to GNU grep -F (Aho-Corasick) over
# the same text exported from the case: both sides and the ratio, one run.
#
# The case is synthetic and deterministic: EVENTS (default 1,000,000)
# Sysmon-like event rows whose command lines, addresses, hashes and JSON
# fields vary with the row number, and INDICATORS (default 10,000: 40 %
# IPv4, 30 % domains, 20 % SHA-256, 10 % URLs), a hundred of each kind
# present in the evidence. Not run by `make check` (it takes a minute).
#
#   tests/bench/bench-ioc.sh [EVENTS] [INDICATORS]   (from the top, after a build)
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
ct=${CASETRAIL:-$top/build/casetrail}
events=${1:-1000000}
inds=${2:-10000}
work=$(mktemp -d "${TMPDIR:-/tmp}/bench-ioc.XXXXXX")
trap 'rm -rf "$work"' EXIT
cd "$work"

now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b - a }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }

echo "bench-ioc: $events events, $inds indicators, in $work"
"$ct" ioc --no-match case.db
t0=$(now)
sqlite3 case.db <<EOSQL
PRAGMA journal_mode = WAL;
PRAGMA synchronous = OFF;
BEGIN;
INSERT INTO source(id, kind, path, status, tool_version, added_at)
	VALUES (1, 'evtx', 'bench.evtx', 'ok', 'bench', 0);
CREATE TEMP TABLE n AS WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM c WHERE i < $events) SELECT i FROM c;
INSERT INTO record(id, source_id, type, locator, summary)
	SELECT i, 1, 'evtx', 'record ' || i, 'event ' || i FROM n;
INSERT INTO evtx(record_id, record_number, event_id, channel, image,
		command_line, dst_ip, dst_port, dst_host, hashes, data)
	SELECT i, i, CASE i % 3 WHEN 0 THEN 3 ELSE 1 END,
	  'Microsoft-Windows-Sysmon/Operational',
	  'C:\Windows\System32\cmd.exe',
	  'cmd.exe /c ping -n 1 10.' || (i % 200) || '.' || (i / 200 % 200) || '.' || (i % 7 + 1)
	    || ' && curl -o C:\Temp\f' || i || '.bin http://host' || (i % 20000) || '.corp.example.net/path/' || (i % 977) || '/file.bin',
	  '172.16.' || (i % 250) || '.' || (i / 250 % 250), 443,
	  'srv' || (i % 30000) || '.example.org',
	  'SHA256=' || upper(printf('%016x%016x%016x%016x', i, i * 7, i * 13, i * 31)) || ',IMPHASH=00',
	  json_object('CommandLine', 'powershell -c Invoke-WebRequest http://cdn' || (i % 50000) || '.example.com/x.ps1',
	    'DestinationIp', '172.16.' || (i % 250) || '.' || (i / 250 % 250),
	    'User', 'CORP\user' || (i % 300))
	FROM n;
COMMIT;
EOSQL
t1=$(now)
echo "case built in $(elapsed "$t0" "$t1") s"

# Indicators: a hundred of each kind occur in the evidence, the rest not.
awk -v n="$inds" 'BEGIN {
	for (k = 0; k < n; k++) {
		r = k % 10
		if (r < 4) {
			if (k < 400) printf "172.16.%d.%d\n", k % 250, (k * 7) % 250
			else printf "192.0.%d.%d\n", (k / 250) % 250, k % 250
		} else if (r < 7) {
			if (k < 300) printf "host%d.corp.example.net\n", k * 13
			else printf "evil%d.example.info\n", k
		} else if (r < 9) {
			if (k < 200) printf "%016x%016x%016x%016x\n", k + 1, (k + 1) * 7, (k + 1) * 13, (k + 1) * 31
			else printf "%064x\n", k * 104729
		} else {
			if (k < 100) printf "http://host%d.corp.example.net/path/%d/file.bin\n", k, k % 977
			else printf "http://bad%d.example.info/x\n", k
		}
	}
}' >indicators.txt
"$ct" ioc --no-match case.db indicators.txt

t2=$(now)
"$ct" ioc case.db >match.out
t3=$(now)
cat match.out
ct_s=$(elapsed "$t2" "$t3")

# The other side: export the same text columns, search all patterns at once.
t4=$(now)
sqlite3 case.db "SELECT command_line, dst_ip, dst_host, hashes, data FROM evtx" >text.txt
t5=$(now)
grep -F -i -c -f indicators.txt text.txt >grep.count || true
t6=$(now)
exp_s=$(elapsed "$t4" "$t5")
grep_s=$(elapsed "$t5" "$t6")
both_s=$(elapsed "$t4" "$t6")
echo "casetrail ioc (match + write hits):     $ct_s s"
echo "sqlite3 export + grep -F -f (lines hit: $(cat grep.count)): $both_s s (export $exp_s s, grep $grep_s s)"
echo "ratio casetrail / (export + grep): $(ratio "$ct_s" "$both_s")"
echo "ratio casetrail / grep alone:      $(ratio "$ct_s" "$grep_s")"
