#!/bin/sh
# check-style.sh TOP - the style rules a script can check (doc/style.md):
# every C file starts with a comment saying what it does, includes
# compat.h first, and uses no banned function even where banned.h is not
# included (generated code, tests).
set -u
top=${1:-.}
bad=0
for f in $(find "$top/src" "$top/parsers" "$top/analysis" "$top/reports" -name '*.c' 2>/dev/null); do
	head -1 "$f" | grep -q '^/\*' || { echo "$f: does not open with a comment"; bad=1; }
	first=$(grep -m1 '^#include' "$f")
	[ "$first" = '#include "compat.h"' ] || { echo "$f: first include is not compat.h"; bad=1; }
	if grep -nE '\b(strcpy|strcat|sprintf|vsprintf|strtok|atoi|atol|gets|localtime|gmtime|ctime|asctime)\s*\(' "$f" | grep -vE '^[0-9]+:[[:space:]]*(\*|/\*)' | grep -v snprintf >/dev/null; then
		echo "$f: uses a banned function"; bad=1
	fi
done
exit $bad
