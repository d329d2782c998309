#!/bin/sh
# build-evtxw.sh - build corpus/mkevtx and corpus/mkpayload with plain cc
# into a build directory (default /tmp/b-evtxw), for use before or without
# the autotools build.  Usage: corpus/build-evtxw.sh [BUILDDIR]
set -eu
src=$(cd "$(dirname "$0")" && pwd)
out=${1:-/tmp/b-evtxw}
mkdir -p "$out/corpus"
CC=${CC:-cc}
CFLAGS=${CFLAGS:--std=c11 -D_POSIX_C_SOURCE=200809L -O2 -g -Wall -Wextra -Wformat=2 -Wshadow -Wvla}
$CC $CFLAGS $(pkg-config --cflags jansson) -o "$out/corpus/mkevtx" \
	"$src"/evtxw/buf.c "$src"/evtxw/crc32.c "$src"/evtxw/binxml.c \
	"$src"/evtxw/event.c "$src"/evtxw/chunk.c "$src"/evtxw/writer.c \
	"$src"/evtxw/scenario.c "$src"/evtxw/gen.c "$src"/evtxw/mkevtx.c \
	$(pkg-config --libs jansson)
if [ -f "$src/mkpayload.c" ]; then
	$CC $CFLAGS -o "$out/corpus/mkpayload" "$src/mkpayload.c"
fi
