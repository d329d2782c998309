#!/bin/sh
# t0005-layers.sh - layers look only down (doc/architecture.md): each layer
# compiles with the include paths of the layers below it, so a header of a
# higher layer does not compile in a lower one. Uses the build's own flags
# (make layer-flags) and compiles one-line files with -fsyntax-only.
. "$TOP_SRCDIR/tests/t/lib.sh"

env -u MAKEFLAGS -u MFLAGS make -s -C "$TOP_BUILDDIR" --no-print-directory \
    layer-flags >flags ||
	skip_all 'cannot read the layer flags from the build (make layer-flags)'
cc=$(sed -n 's/^cc //p' flags)

# compiles LAYER HEADER: does a file including HEADER compile in LAYER?
# (The flags are relative to the build directory.)
compiles() {
	printf '#include "compat.h"\n#include "%s"\n' "$2" >probe.c
	layer_flags=$(sed -n "s/^$1 //p" flags)
	# shellcheck disable=SC2086
	(cd "$TOP_BUILDDIR" && $cc $layer_flags -fsyntax-only "$TRASH/probe.c") \
	    2>probe.err
}

allowed() {
	test_expect_success "$1 may include $2" "compiles $1 $2 || { cat probe.err; false; }"
}

# refused: not found on that layer's include path, or stopped by the
# #error of a src/cli/ header - not failing for some other reason.
refused() {
	test_expect_success "$1 cannot include $2" "! compiles $1 $2 &&
	    grep -E 'No such file|the command line, the top layer' probe.err"
}

# core: utilities, the case file, the sink
allowed core casedb.h
allowed core sink.h
refused core parser.h
refused core analyze.h
refused core report.h
refused core ingest.h
refused core cli/ingest.h

# parsers: the core and their own interface
allowed parsers sink.h
allowed parsers parser.h
refused parsers analyze.h
refused parsers ioc-match.h
refused parsers report.h
refused parsers cli/ingest.h
refused parsers cli/commands.h

# analysis: the core only (it reads the case file, not the parsers)
allowed analysis casedb.h
allowed analysis ioc-form.h
allowed analysis analyze.h
refused analysis parser.h
refused analysis ioc/ioc.h
refused analysis report.h
refused analysis cli/options.h

# reports: the core only (they read the case file, not the analysis code)
allowed reports casedb.h
allowed reports report.h
refused reports analyze.h
refused reports parser.h
refused reports cli/ingest.h

# the command line: everything
allowed cli ingest.h
allowed cli analyze.h
allowed cli report.h
allowed cli ioc/ioc.h

test_expect_success 'no source file reaches another layer by a relative path' '
	! grep -rn "^#include \"\.\./" "$TOP_SRCDIR/src" "$TOP_SRCDIR/parsers" \
	    "$TOP_SRCDIR/analysis" "$TOP_SRCDIR/reports" \
	    --include="*.c" --include="*.h"
'

test_done
