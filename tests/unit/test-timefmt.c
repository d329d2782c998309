/*
 * test-timefmt.c - FILETIME formatting and parsing at 100 ns precision.
 */
#include "compat.h"

#include "timefmt.h"
#include "unit.h"

/* FILETIME 0, either side of 1970, after 2038, and what is not a time. */
UNIT_CASE(format)
{
	char out[CT_TIME_ISO_LEN];

	CHECK_STR(ct_time_iso(0, out), "1601-01-01T00:00:00.0000000Z");
	CHECK_STR(ct_time_iso(CT_UNIX_EPOCH_TICKS, out),
	    "1970-01-01T00:00:00.0000000Z");
	CHECK_STR(ct_time_iso(CT_UNIX_EPOCH_TICKS - 1, out),
	    "1969-12-31T23:59:59.9999999Z");
	/* 2024-03-13T14:02:11.4000000Z, the reference case's first C2 contact */
	CHECK_STR(ct_time_iso(133548121314000000LL, out),
	    "2024-03-13T14:02:11.4000000Z");
	/* after 2038 */
	CHECK_STR(ct_time_iso(ct_time_from_unix(4102444800LL, 123456700), out),
	    "2100-01-01T00:00:00.1234567Z");
	CHECK_STR(ct_time_iso(-1, out), "invalid:-1");
	CHECK_STR(ct_time_iso(INT64_MAX, out), "invalid:9223372036854775807");
}

static void
check_roundtrip(const char *iso)
{
	int64_t t;
	char out[CT_TIME_ISO_LEN];

	CHECK(ct_time_parse(iso, &t) == 0);
	CHECK_STR(ct_time_iso(t, out), iso);
}

/* Parsed and formatted again: the same text, to the last 100 ns tick. */
UNIT_CASE(roundtrip)
{
	check_roundtrip("2024-02-29T23:59:59.9999999Z");
	check_roundtrip("1601-01-01T00:00:00.0000001Z");
	check_roundtrip("9999-12-31T23:59:59.9999999Z");
}

/* A date alone, or without seconds, as --from and --to take them. */
UNIT_CASE(parse_partial)
{
	char out[CT_TIME_ISO_LEN];
	int64_t t;

	CHECK(ct_time_parse("2024-03-13", &t) == 0);
	CHECK_STR(ct_time_iso(t, out), "2024-03-13T00:00:00.0000000Z");
	CHECK(ct_time_parse("2024-03-13 14:02", &t) == 0);
	CHECK_STR(ct_time_iso(t, out), "2024-03-13T14:02:00.0000000Z");
}

/* Fractions past 100 ns are truncated, not rounded. */
UNIT_CASE(parse_fraction)
{
	char out[CT_TIME_ISO_LEN];
	int64_t t;

	CHECK(ct_time_parse("2024-03-13T14:02:11.123456789Z", &t) == 0);
	CHECK_STR(ct_time_iso(t, out), "2024-03-13T14:02:11.1234567Z");
}

UNIT_CASE(parse_invalid)
{
	int64_t t;

	CHECK(ct_time_parse("2023-02-29", &t) == -1);
	CHECK(ct_time_parse("2024-13-01", &t) == -1);
	CHECK(ct_time_parse("2024-03-13T25:00", &t) == -1);
	CHECK(ct_time_parse("2024-03-13Tjunk", &t) == -1);
	CHECK(ct_time_parse("1500-01-01", &t) == -1);
	CHECK(ct_time_parse("", &t) == -1);
}

/* The last tick before 1970 is second -1, not 0. */
UNIT_CASE(to_unix)
{
	CHECK_INT(ct_time_to_unix(CT_UNIX_EPOCH_TICKS - 1), -1);
}

static const struct unit_case cases[] = {
	{ "format", format },
	{ "roundtrip", roundtrip },
	{ "parse_partial", parse_partial },
	{ "parse_fraction", parse_fraction },
	{ "parse_invalid", parse_invalid },
	{ "to_unix", to_unix },
	{ NULL, NULL }
};

int
main(int argc, char **argv)
{
	return unit_run(cases, argc, argv);
}
