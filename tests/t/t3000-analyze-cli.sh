#!/bin/sh
. "$TOP_SRCDIR/tests/t/lib.sh"
test_done
