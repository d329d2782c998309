/*
 * test-fuzz-html-escape.c - replays crafted inputs through the fuzz
 * target's entry point (tests/fuzz/fuzz-html-escape.c), so the normal
 * suite runs its invariant checks; a violation aborts this test.
 */
#include "../fuzz/fuzz-html-escape.c"

#include "unit.h"

static const struct {
	const char *name;
	const char *data;
	size_t len;
} inputs[] = {
	{ "empty", "", 0 },
	{ "script tag", "<script>alert(1)</script>", 25 },
	{ "attribute break", "\"><img src=x onerror=alert(1)>", 30 },
	{ "quotes and entities", "'\"&amp;&#x3c;", 13 },
	{ "NUL and controls", "a\0b\x01\x1b[0m\x7f", 10 },
	{ "C1 control", "\xc2\x85\xc2\x9f", 4 },
	{ "RLO", "x\xe2\x80\xae" "exe.txt", 11 },
	{ "isolates", "\xe2\x81\xa6\xe2\x81\xa7\xe2\x81\xa8\xe2\x81\xa9", 12 },
	{ "invalid UTF-8", "\xff\xfe\xc0\xaf\xed\xa0\x80\xf4\x90\x80\x80", 11 },
	{ "truncated sequence at end", "abc\xe2\x80", 5 },
	{ "marker look-alike", "<span class=\"ctl\">x</span>", 26 },
	{ "line separators", "\xe2\x80\xa8\xe2\x80\xa9\n\t\r", 9 },
};

int
main(void)
{
	size_t i;

	for (i = 0; i < CT_ARRAY_SIZE(inputs); i++) {
		/* Aborts on a violated invariant; reaching the CHECK is the pass. */
		CHECK_INT(LLVMFuzzerTestOneInput((const uint8_t *)inputs[i].data,
		    inputs[i].len), 0);
		printf("# replayed: %s\n", inputs[i].name);
	}
	return unit_done();
}
