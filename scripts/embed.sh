#!/bin/sh
# embed.sh NAME FILE - print a C header defining `static const char NAME[]`
# holding FILE's text, so data files (SQL, CSS, rules) ship inside the binary
# while staying plain, reviewable files in the source tree.
set -eu
name=$1
file=$2
printf '/* Generated from %s by scripts/embed.sh; do not edit. */\n' "$(basename "$file")"
printf 'static const char %s[] =\n' "$name"
sed -e 's/\\/\\\\/g' -e 's/"/\\"/g' -e 's/^/	"/' -e 's/$/\\n"/' "$file"
printf '	"";\n'
