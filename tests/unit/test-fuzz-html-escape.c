/*
 * test-fuzz-html-escape.c - replays crafted inputs through the fuzz
 * target's entry point (tests/fuzz/fuzz-html-escape.c), so the normal
 * suite runs its invariant checks; a violation aborts this test.
 */
#include "../fuzz/fuzz-html-escape.c"

#include "unit.h"

struct input {
	const char *name;
	const char *data;
	size_t len;
};

static void
replay(const struct input *in, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		/* Aborts on a violated invariant; reaching the CHECK is the pass. */
		CHECK_INT(LLVMFuzzerTestOneInput((const uint8_t *)in[i].data,
		    in[i].len), 0);
		printf("# replayed: %s\n", in[i].name);
	}
}

/* Text that would be markup: tags, attribute breaks, entities. */
UNIT_CASE(markup)
{
	static const struct input in[] = {
		{ "empty", "", 0 },
		{ "script tag", "<script>alert(1)</script>", 25 },
		{ "attribute break", "\"><img src=x onerror=alert(1)>", 30 },
		{ "quotes and entities", "'\"&amp;&#x3c;", 13 },
		{ "marker look-alike", "<span class=\"ctl\">x</span>", 26 },
	};

	replay(in, CT_ARRAY_SIZE(in));
}

/* C0 and C1 controls, NUL, line and paragraph separators. */
UNIT_CASE(controls)
{
	static const struct input in[] = {
		{ "NUL and controls", "a\0b\x01\x1b[0m\x7f", 10 },
		{ "C1 control", "\xc2\x85\xc2\x9f", 4 },
		{ "line separators", "\xe2\x80\xa8\xe2\x80\xa9\n\t\r", 9 },
	};

	replay(in, CT_ARRAY_SIZE(in));
}

/* Bidi overrides and isolates (Trojan Source). */
UNIT_CASE(bidi)
{
	static const struct input in[] = {
		{ "RLO", "x\xe2\x80\xae" "exe.txt", 11 },
		{ "isolates", "\xe2\x81\xa6\xe2\x81\xa7\xe2\x81\xa8\xe2\x81\xa9",
		    12 },
	};

	replay(in, CT_ARRAY_SIZE(in));
}

/* Invalid UTF-8, and a sequence cut by the end of the input. */
UNIT_CASE(invalid_utf8)
{
	static const struct input in[] = {
		{ "invalid UTF-8", "\xff\xfe\xc0\xaf\xed\xa0\x80\xf4\x90\x80\x80",
		    11 },
		{ "truncated sequence at end", "abc\xe2\x80", 5 },
	};

	replay(in, CT_ARRAY_SIZE(in));
}

static const struct unit_case cases[] = {
	{ "markup", markup },
	{ "controls", controls },
	{ "bidi", bidi },
	{ "invalid_utf8", invalid_utf8 },
	{ NULL, NULL }
};

int
main(int argc, char **argv)
{
	return unit_run(cases, argc, argv);
}
