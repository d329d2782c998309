#!/bin/sh
# t1403-hive-reference.sh - the reference case's disk image (make
# corpus-image): the image walker offers its five hives to the hive
# parser (the standard config paths, a user profile's NTUSER.DAT,
# Amcache.hve), and the registry facts of its ground truth
# (ground-truth.json "registry") are in the case: keys and values per
# hive, computer name, control set, time zone, the LSA class names,
# services with their key times to 100 ns, product name, the profile list.
# The generated dirty NTUSER.DAT outside the image: t1401.
. "$TOP_SRCDIR/tests/t/lib.sh"

REF=$TOP_BUILDDIR/corpus/out/reference
if [ ! -f "$REF/image.raw" ] || [ ! -f "$REF/ground-truth.json" ]; then
	echo "################################################################" >&2
	echo "SKIP: no reference image: run 'make corpus-image' in $TOP_BUILDDIR" >&2
	echo "################################################################" >&2
	skip_all "reference image not built (make corpus-image)"
fi

test_expect_success 'ingest the reference image: five hives, all ok, no warning' '
	casetrail ingest -q ref.db "$REF/image.raw" &&
	sql ref.db "SELECT path || \"|\" || status FROM source WHERE kind = \"registry\" ORDER BY path" >actual &&
	printf "%s\n" "/Users/jdoe/NTUSER.DAT|ok" "/Windows/AppCompat/Programs/Amcache.hve|ok" \
		"/Windows/System32/config/SAM|ok" "/Windows/System32/config/SOFTWARE|ok" \
		"/Windows/System32/config/SYSTEM|ok" >expect &&
	test_cmp expect actual &&
	test "$(sql ref.db "SELECT count(*) FROM warning")" = 0
'

test_expect_success 'every registry fact of the ground truth, from the case' '
	rc=0 &&
	python3 "$TOP_SRCDIR/tests/t/hive-reference-facts.py" "$REF/ground-truth.json" ref.db >facts.out 2>&1 || rc=$?;
	cat facts.out && test $rc -eq 0 &&
	test "$(grep -c "^ok" facts.out)" -ge 30
'

test_done
