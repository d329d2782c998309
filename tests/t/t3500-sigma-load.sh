#!/bin/sh
# t3500-sigma-load.sh - loading Sigma rules (tests/sigma-scan load): a
# folder searched recursively in name order, every unusable rule reported
# as "file:line: reason (kind)" and the rest loaded, the summary by
# reason, multi-document files, unreadable paths; SigmaHQ's own rule set.
. "$TOP_SRCDIR/tests/t/lib.sh"

SIGMA_SCAN=$TOP_BUILDDIR/tests/sigma-scan

# test_expect_shared PATH DESC CMDS: test_expect_success when
# $SHARED_DIR/PATH exists, else a loud SKIP of that test alone
test_expect_shared() {
	if [ -e "$SHARED_DIR/$1" ]; then
		test_expect_success "$2" "$3"
	else
		test_count=$((test_count + 1))
		echo "ok $test_count - $2 # SKIP $SHARED_DIR/$1 is missing"
		echo "SKIP: $SHARED_DIR/$1 is missing (external test data)" >&2
	fi
}

rule() {	# rule FILE ID DETECTION-LINES...
	f=$1 id=$2
	shift 2
	{
		printf 'title: rule %s\nid: %s\nauthor: test\nlevel: high\n' "$id" "$id"
		printf 'logsource:\n    category: process_creation\n    product: windows\n'
		printf 'detection:\n'
		for l in "$@"; do printf '    %s\n' "$l"; done
	} >"$f"
}

test_expect_success 'a folder: good rules load, bad ones are reported with file and reason' '
	mkdir -p rules/sub/deeper rules/.hidden &&
	rule rules/a-good.yml good-1 "sel:" "    Image|endswith: \"\\\\whoami.exe\"" "condition: sel" &&
	rule rules/b-modifier.yml bad-1 "sel:" "    Image|sortof: x" "condition: sel" &&
	rule rules/sub/c-cond.yml bad-2 "sel:" "    Image: x" "condition: sel or" &&
	rule rules/sub/deeper/d-good.yml good-2 "sel:" "    CommandLine|contains: x" "condition: sel" &&
	printf "title: [unterminated\n" >rules/e-yaml.yml &&
	sed "s/process_creation/no_such_category/" rules/a-good.yml |
	    sed "s/good-1/bad-3/" >rules/f-logsource.yaml &&
	rule rules/.hidden/g.yml hidden-1 "sel:" "    Image: x" "condition: sel" &&
	rule rules/h-not-yaml.txt txt-1 "sel:" "    Image: x" "condition: sel" &&
	"$SIGMA_SCAN" load rules 2>err &&
	test_grep "rules/b-modifier.yml:[0-9]*: unknown modifier .sortof. (unsupported modifier)" err &&
	test_grep "rules/sub/c-cond.yml:[0-9]*: condition ends early (bad condition)" err &&
	test_grep "rules/e-yaml.yml:[0-9]*: bad YAML" err &&
	test_grep "rules/f-logsource.yaml:[0-9]*: no event log for logsource product:windows category:no_such_category (unknown logsource)" err &&
	test_grep "sigma: 2 rule(s) loaded from 6 file(s), 4 skipped" err &&
	test_grep "1 skipped: unsupported modifier" err &&
	test_grep "1 skipped: bad condition" err &&
	test_grep "1 skipped: bad YAML" err &&
	test_grep "1 skipped: unknown logsource" err &&
	! grep -q "hidden\|h-not-yaml" err
'

test_expect_success 'files are read in name order (a duplicate id names the first)' '
	mkdir dup &&
	rule dup/z.yml same-id "sel:" "    Image: x" "condition: sel" &&
	rule dup/a.yml same-id "sel:" "    Image: y" "condition: sel" &&
	"$SIGMA_SCAN" load dup 2>err &&
	test_grep "dup/z.yml:[0-9]*: duplicate id same-id (first in dup/a.yml) (duplicate id)" err
'

test_expect_success 'a rule file named directly, several paths' '
	"$SIGMA_SCAN" load rules/a-good.yml rules/sub 2>err &&
	test_grep "sigma: 2 rule(s) loaded from 3 file(s), 1 skipped" err
'

test_expect_success 'a missing path is an error, not a skip' '
	test_must_fail "$SIGMA_SCAN" load no-such-dir 2>err &&
	test_grep "no-such-dir.*cannot open" err
'

test_expect_success 'multi-document files: action global, correlation reported' '
	cat >coll.yml <<-\EOF &&
	action: global
	title: Collection
	author: test
	detection:
	    sel:
	        Image|endswith: "\\x.exe"
	    condition: sel
	---
	id: coll-1
	logsource:
	    category: process_creation
	    product: windows
	---
	id: coll-2
	logsource:
	    category: image_load
	    product: windows
	---
	title: Too many
	id: corr-1
	correlation:
	    type: value_count
	    rules: coll-1
	    group-by: [User]
	    timespan: 1h
	    condition:
	        field: Image
	        gte: 5
	EOF
	"$SIGMA_SCAN" load coll.yml 2>err &&
	test_grep "coll.yml:[0-9]*: only used by correlation rule .Too many., which is not supported" err &&
	test_grep "coll.yml:[0-9]*: correlation rule (value_count) not supported" err &&
	test_grep "sigma: 1 rule(s) loaded from 1 file(s), 2 skipped" err
'

test_expect_success 'hostile rules: deep nesting, aliases, huge regex are refused with a reason' '
	{ printf "a: "; i=0; while [ $i -lt 300 ]; do printf "["; i=$((i + 1)); done; echo; } >deep.yml &&
	printf "a: &x [1, 2]\nb: [*x, *x]\n" >alias.yml &&
	rule big.yml big-1 "sel:" "    CommandLine|re: \"$(head -c 5000 /dev/zero | tr "\\0" a)\"" "condition: sel" &&
	"$SIGMA_SCAN" load deep.yml alias.yml big.yml 2>err &&
	test_grep "deep.yml:[0-9]*: YAML nested too deep" err &&
	test_grep "alias.yml:[0-9]*: YAML aliases" err &&
	test_grep "big.yml:[0-9]*: regular expression longer than" err
'

test_expect_success 'placeholders: skipped without a value, loaded with -P' '
	rule ph.yml ph-1 "sel:" "    User|expand: \"%admins%\"" "condition: sel" &&
	"$SIGMA_SCAN" load ph.yml 2>err &&
	test_grep "placeholder %admins% has no value" err &&
	"$SIGMA_SCAN" load -P "admins=CORP\\\\adm*,root" ph.yml 2>err &&
	test_grep "sigma: 1 rule(s) loaded" err
'

test_expect_shared sigma/rules/windows 'SigmaHQ rules: every Windows rule loads but the kernel ETW ones' '
	"$SIGMA_SCAN" load "$SHARED_DIR/sigma/rules/windows" 2>err &&
	etw=$(grep -rlE "category: (file_access|file_rename)" \
	    "$SHARED_DIR/sigma/rules/windows" | wc -l) &&
	total=$(find "$SHARED_DIR/sigma/rules/windows" -name "*.yml" | wc -l) &&
	test_grep "sigma: $((total - etw)) rule(s) loaded from $total file(s), $etw skipped" err &&
	test "$(grep -c "unknown logsource)$" err)" -eq "$etw"
'

test_expect_shared sigma/rules 'SigmaHQ rules: the whole repository loads without a crash' '
	"$SIGMA_SCAN" load "$SHARED_DIR/sigma" 2>err &&
	test_grep "sigma: [0-9]* rule(s) loaded" err &&
	test_grep "skipped: deprecated or unsupported status" err
'

test_done
