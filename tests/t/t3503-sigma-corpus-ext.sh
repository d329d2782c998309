#!/bin/sh
# t3503-sigma-corpus-ext.sh - SigmaHQ's Windows rules (rules/windows,
# rules-emerging-threats, rules-threat-hunting) over every real event log
# of $SHARED_DIR/corpus-ext: the high and critical hits per log must be
# exactly those of tests/t/data/sigma-corpus-ext.tsv, which doc/sigma.md
# reviews (attack samples: detections; benign logs: what fires and why).
# A new or lost high/critical hit fails the test until the file and the
# review are updated.
. "$TOP_SRCDIR/tests/t/lib.sh"

require_shared corpus-ext
require_shared sigma/rules/windows
SIGMA_SCAN=$TOP_BUILDDIR/tests/sigma-scan
EXT=$SHARED_DIR/corpus-ext
EXPECT=$TOP_SRCDIR/tests/t/data/sigma-corpus-ext.tsv

# join.awk names.tsv records.tsv hits: "LOG LEVEL RULE TITLE" per hit,
# LOG relative to corpus-ext (the logs are ingested as logs/N.evtx)
cat >join.awk <<'EOF'
BEGIN { FS = OFS = "\t" }
FILENAME == "names.tsv" { name[$1] = $2; next }
FILENAME == "records.tsv" {
	n = $2
	sub(/.*\//, "", n)
	sub(/\.evtx$/, "", n)
	log_of[$1] = name[n]
	next
}
{ print log_of[$1], $3, $2, $4 }
EOF
# count.awk: "LOG LEVEL RULE COUNT TITLE" from sorted "LOG LEVEL RULE TITLE"
cat >count.awk <<'EOF'
BEGIN { FS = OFS = "\t" }
$0 != last {
	if (n)
		print l1, l2, l3, n, l4
	n = 0
	last = $0
	l1 = $1; l2 = $2; l3 = $3; l4 = $4
}
{ n++ }
END { if (n) print l1, l2, l3, n, l4 }
EOF

test_expect_success 'every log of corpus-ext is ingested' '
	mkdir logs &&
	find "$EXT" -name "*.evtx" -size +0 | LC_ALL=C sort >list &&
	n=0 &&
	while read -r f; do
		n=$((n + 1))
		cp "$f" "logs/$n.evtx"
		printf "%s\t%s\n" "$n" "${f#"$EXT"/}"
	done <list >names.tsv &&
	test "$(wc -l <names.tsv)" -gt 30 &&
	{ casetrail ingest -q case.db logs/*.evtx 2>ingest.err || :; } &&
	test "$(sql case.db "SELECT count(*) FROM evtx")" -gt 20000
'

test_expect_success 'the Windows rules scan it' '
	"$SIGMA_SCAN" scan -L high case.db "$SHARED_DIR/sigma/rules/windows" \
	    "$SHARED_DIR/sigma/rules-emerging-threats" \
	    "$SHARED_DIR/sigma/rules-threat-hunting" >hits 2>err &&
	test_grep "record(s)" err
'

test_expect_success 'high and critical hits are the reviewed ones' '
	sql case.db "SELECT r.id, s.path FROM record r JOIN source s ON
	    s.id = r.source_id" | tr "|" "\t" >records.tsv &&
	awk -f join.awk names.tsv records.tsv hits | LC_ALL=C sort |
	    awk -f count.awk >actual.tsv &&
	grep -v "^#" "$EXPECT" >expect.tsv &&
	test_cmp expect.tsv actual.tsv
'

test_done
