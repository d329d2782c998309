#!/bin/sh
# t3502-sigma-regression.sh - SigmaHQ's regression tests
# ($SHARED_DIR/sigma/regression_data/**/info.yml, see
# $SHARED_DIR/sigma/README.md): each names a rule id and an event log the
# rule must match. Every log is ingested with the real binary (copied to
# the trash directory first), every named rule is loaded from
# $SHARED_DIR/sigma/rules* by its id, the case is scanned with
# tests/sigma-scan, and each test needs at least one hit of its rule on
# the records of its log (and match_count hits when given).
#
# One TAP line per regression test: "ok" when it passes, "not ok" when it
# fails, "ok ... # SKIP reason" when its rule is not found or does not load
# (the loader's reason) or the test is not an EVTX test. The last lines
# say how many passed, failed and were skipped, by reason.
. "$TOP_SRCDIR/tests/t/lib.sh"

require_shared sigma/regression_data
SIGMA_SCAN=$TOP_BUILDDIR/tests/sigma-scan
REG=$SHARED_DIR/sigma/regression_data

# tests.tsv: NUM<TAB>RULE_ID<TAB>TYPE<TAB>MATCH_COUNT<TAB>PATH<TAB>INFO
# (no column is empty: "-" stands for none, as read joins empty ones)
find "$REG" -name info.yml | LC_ALL=C sort >infos
n=0
: >tests.tsv
while read -r info; do
	awk -v info="$info" '
		/^[ \t]*#/ { next }
		/^rule_metadata:/ { sec = "meta"; next }
		/^regression_tests_info:/ { sec = "tests"; next }
		/^[^ \t-]/ { sec = "" }
		sec == "meta" && /^[ \t]*- id:/ && rule == "" {
			rule = $NF
		}
		sec == "tests" && /^[ \t]*- name:/ {
			if (nt++) emit()
			type = ""; count = ""; path = ""
		}
		sec == "tests" && /^[ \t]*type:/ { type = $NF }
		sec == "tests" && /^[ \t]*match_count:/ { count = $NF }
		sec == "tests" && /^[ \t]*path:/ { path = $NF }
		function emit() {
			printf "%s\t%s\t%s\t%s\t%s\n", rule, type == "" ? "-" : type,
			    count == "" ? "-" : count, path == "" ? "-" : path, info
		}
		END {
			if (nt) emit()
			else printf "%s\t-\t-\t-\t%s\n", rule, info
		}' "$info"
done <infos >tests.raw
awk -F '\t' '{ printf "%d\t%s\n", NR, $0 }' tests.raw >tests.tsv
total=$(wc -l <tests.tsv)
test "$total" -gt 0 || { echo "1..0 # SKIP no regression tests in $REG"; exit 0; }

# the rule file of each id (the first file, in name order, that has it)
grep -rH -m1 '^id: ' "$SHARED_DIR"/sigma/rules* --include='*.yml' 2>/dev/null |
    LC_ALL=C sort | awk '{ f = $0; sub(/:id: .*/, "", f); id = $NF
	if (!(id in seen)) { seen[id] = 1; print id "\t" f } }' >ids.tsv
# and the logs to ingest
mkdir logs
: >rules.list
: >skips.tsv
while IFS='	' read -r num rule type count path info; do
	if [ "$type" != evtx ]; then
		printf '%s\tnot an EVTX test (%s)\n' "$num" "$type" >>skips.tsv
		continue
	fi
	file=$(awk -F '\t' -v r="$rule" '$1 == r { print $2; exit }' ids.tsv)
	if [ -z "$file" ]; then
		printf '%s\trule %s not found\n' "$num" "$rule" >>skips.tsv
		continue
	fi
	if [ ! -f "$SHARED_DIR/sigma/$path" ]; then
		printf '%s\tlog %s missing\n' "$num" "$path" >>skips.tsv
		continue
	fi
	cp "$SHARED_DIR/sigma/$path" "logs/$num.evtx"
	printf '%s\t%s\n' "$num" "$file" >>rules.list
done <tests.tsv

# one case, one scan with every rule
if ls logs/*.evtx >/dev/null 2>&1; then
	"$CASETRAIL" ingest -q case.db logs/*.evtx 2>ingest.err
	echo "ingest exit code $?" >ingest.rc
	cut -f2 rules.list | LC_ALL=C sort -u >rulefiles
	# shellcheck disable=SC2046
	"$SIGMA_SCAN" scan case.db $(cat rulefiles) >hits.tsv 2>scan.err
	echo "sigma-scan exit code $?" >scan.rc
	# record id -> the SHA-256 of its log (identical logs share a source)
	sql case.db "SELECT r.id, s.sha256 FROM record r JOIN source s ON
	    s.id = r.source_id WHERE r.type = 'evtx'" | tr '|' '\t' >records.tsv
	for f in logs/*.evtx; do
		printf '%s\t%s\n' "$(basename "$f" .evtx)" \
		    "$(sha256sum "$f" | cut -d' ' -f1)"
	done >sums.tsv
else
	: >hits.tsv
	: >records.tsv
	: >sums.tsv
	: >scan.err
fi

# hits per (sha256, rule)
awk -F '\t' 'NR == FNR { sha[$1] = $2; next } ($1 in sha) {
	print sha[$1] "\t" $2 }' records.tsv hits.tsv |
    LC_ALL=C sort | uniq -c | awk '{ print $2 "\t" $3 "\t" $1 }' >counts.tsv

echo "1..$total"
passed=0 failed=0 skipped=0
while IFS='	' read -r num rule type count path info; do
	name="$rule ${info#"$REG"/}"
	reason=$(awk -F '\t' -v n="$num" '$1 == n { print $2 }' skips.tsv)
	if [ -z "$reason" ]; then
		file=$(awk -F '\t' -v n="$num" '$1 == n { print $2 }' rules.list)
		why=$(grep -F -- "sigma: $file:" scan.err | head -1 |
		    sed "s|^sigma: $file:[0-9]*: ||")
		[ -n "$why" ] && reason="rule does not load: $why"
	fi
	if [ -n "$reason" ]; then
		skipped=$((skipped + 1))
		echo "ok $num - $name # SKIP $reason"
		printf '%s\n' "$reason" | sed 's/ [0-9a-f-]\{36\}//; s/: .*(\(.*\))$/: \1/' >>skip.reasons
		continue
	fi
	sha=$(awk -F '\t' -v n="$num" '$1 == n { print $2 }' sums.tsv)
	got=$(awk -F '\t' -v s="$sha" -v r="$rule" '$1 == s && $2 == r {
	    print $3 }' counts.tsv)
	got=${got:-0}
	[ "$count" = - ] && count=1
	if [ "$got" -ge 1 ] && [ "$got" -ge "$count" ]; then
		passed=$((passed + 1))
		echo "ok $num - $name ($got hit(s))"
	else
		failed=$((failed + 1))
		echo "not ok $num - $name: $got hit(s), want $count"
		echo "# rule: $(awk -F '\t' -v n="$num" '$1 == n { print $2 }' rules.list)"
		echo "# log: $SHARED_DIR/sigma/$path"
	fi
done <tests.tsv
echo "# sigma regression tests: $passed passed, $failed failed, $skipped skipped"
if [ -f skip.reasons ]; then
	LC_ALL=C sort skip.reasons | uniq -c | sed 's/^/#   skipped: /'
fi
sed 's/^/# /' ingest.rc scan.rc 2>/dev/null
grep '^sigma: [0-9]' scan.err | sed 's/^/# /'
[ "$failed" -eq 0 ]
