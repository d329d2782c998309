/*
 * test-registry.c - format detection: the highest probe score wins, a tie
 * between two parsers is refused with both named, nested_only keeps to
 * the parsers for files inside images, and the real table tells an event
 * log from other bytes and claims the files inside images its parsers
 * read, in any letter case.
 */
#include "compat.h"

#include "parser.h"
#include "unit.h"

static int probe_none(const uint8_t *h, size_t n, const char *name,
    int64_t size) { (void)h; (void)n; (void)name; (void)size; return 0; }
static int probe_50(const uint8_t *h, size_t n, const char *name,
    int64_t size) { (void)h; (void)n; (void)name; (void)size; return 50; }
static int probe_90(const uint8_t *h, size_t n, const char *name,
    int64_t size) { (void)h; (void)n; (void)name; (void)size; return 90; }

static const struct ct_parser p_none = { .abi = CT_PARSER_ABI, .name = "none", .kind = "x",
    .summary = "", .nested = 1, .probe = probe_none };
static const struct ct_parser p_a = { .abi = CT_PARSER_ABI, .name = "a", .kind = "x",
    .summary = "", .nested = 1, .probe = probe_50 };
static const struct ct_parser p_b = { .abi = CT_PARSER_ABI, .name = "b", .kind = "x",
    .summary = "", .nested = 0, .probe = probe_50 };
static const struct ct_parser p_c = { .abi = CT_PARSER_ABI, .name = "c", .kind = "x",
    .summary = "", .nested = 0, .probe = probe_90 };

static const struct ct_parser *const tied[] = { &p_none, &p_a, &p_b, NULL };
static const struct ct_parser *const won[] = { &p_a, &p_b, &p_c, NULL };
static const struct ct_parser *const nobody[] = { &p_none, NULL };

UNIT_CASE(tie_refused)
{
	const struct ct_parser *tie[2], *p;
	uint8_t head[64];

	memset(head, 0, sizeof(head));
	p = ct_parser_detect_in(tied, head, sizeof(head), "f", 64, 0, tie);
	CHECK(p == NULL);
	CHECK(tie[0] == &p_a && tie[1] == &p_b);
}

UNIT_CASE(higher_score_wins)
{
	const struct ct_parser *tie[2], *p;
	uint8_t head[64];

	memset(head, 0, sizeof(head));
	p = ct_parser_detect_in(won, head, sizeof(head), "f", 64, 0, tie);
	CHECK(p == &p_c);
	CHECK(tie[0] == NULL && tie[1] == NULL);
	p = ct_parser_detect_in(nobody, head, sizeof(head), "f", 64, 0, NULL);
	CHECK(p == NULL);
}

/* Files inside images: only the nested parsers are asked. */
UNIT_CASE(nested_only)
{
	const struct ct_parser *tie[2], *p;
	uint8_t head[64];

	memset(head, 0, sizeof(head));
	p = ct_parser_detect_in(tied, head, sizeof(head), "f", 64, 1, tie);
	CHECK(p == &p_a);
	CHECK(tie[0] == NULL);
}

/* The real table: an EVTX file header, and bytes nobody claims. */
UNIT_CASE(real_table)
{
	const struct ct_parser *tie[2], *p;
	uint8_t head[64];

	memset(head, 0, sizeof(head));
	memcpy(head, "ElfFile", 8);
	p = ct_parser_detect(head, sizeof(head), "Security.evtx", 69632, 0, tie);
	CHECK(p != NULL && strcmp(p->name, "evtx") == 0);
	CHECK(tie[0] == NULL);
	memset(head, 'x', sizeof(head));
	p = ct_parser_detect(head, sizeof(head), "notes.txt", 64, 0, tie);
	CHECK(p == NULL && tie[0] == NULL);
	CHECK(ct_parser_find("evtx") != NULL && ct_parser_find("nope") == NULL);
}

/* The image walker's filter: the real table's globs, case-insensitive. */
UNIT_CASE(image_paths_claimed)
{
	CHECK(ct_parser_claims_image_path("/Windows/System32/winevt/Logs/"
	    "Security.evtx", "Security.evtx"));
	CHECK(ct_parser_claims_image_path("/x/SECURITY.EVTX", "SECURITY.EVTX"));
	CHECK(ct_parser_claims_image_path("/WINDOWS/prefetch/CMD.EXE-1234.pf",
	    "CMD.EXE-1234.pf"));
	/* a .pf outside the Prefetch folder is not Prefetch */
	CHECK(!ct_parser_claims_image_path("/Users/a/CMD.EXE-1234.pf",
	    "CMD.EXE-1234.pf"));
	CHECK(!ct_parser_claims_image_path("/Windows/notes.txt", "notes.txt"));
	CHECK(!ct_parser_claims_image_path("/evtx", "evtx"));
}

static const struct unit_case cases[] = {
	{ "tie_refused", tie_refused },
	{ "higher_score_wins", higher_score_wins },
	{ "nested_only", nested_only },
	{ "real_table", real_table },
	{ "image_paths_claimed", image_paths_claimed },
	{ NULL, NULL }
};

int
main(int argc, char **argv)
{
	return unit_run(cases, argc, argv);
}

