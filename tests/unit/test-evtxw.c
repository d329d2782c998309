/*
 * test-evtxw.c - the corpus EVTX writer (corpus/evtxw): CRC-32, the name
 * hash, value parsers (time, GUID, SID, integers), and a written file's
 * file and chunk headers (signatures, CRCs, numbering, several chunks).
 */
#include "compat.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "binxml.h"
#include "crc32.h"
#include "evtxw.h"
#include "unit.h"

static uint32_t
le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	    (uint32_t)p[3] << 24;
}

static uint64_t
le64(const uint8_t *p)
{
	return (uint64_t)le32(p) | (uint64_t)le32(p + 4) << 32;
}

static int
write_log(const char *path, int n, size_t datalen)
{
	struct ew_writer *w;
	struct ew_event ev;
	char err[160], *data;
	int i, rc = 0;

	data = malloc(datalen + 1);
	if (data == NULL)
		return -1;
	memset(data, 'x', datalen);
	data[datalen] = '\0';
	w = ew_writer_open(path, err, sizeof(err));
	if (w == NULL) {
		free(data);
		return -1;
	}
	ew_event_init(&ev);
	for (i = 0; i < n && rc == 0; i++) {
		ew_event_clear(&ev);
		if (ew_event_set_str(&ev.channel, "Test/Operational") != 0 ||
		    ew_event_set_str(&ev.provider, "Test-Provider") != 0 ||
		    ew_event_set_str(&ev.computer, "HOST") != 0)
			rc = -1;
		ev.event_id = (uint16_t)(1 + i % 3);
		ev.time = 133548121356000000ull + (uint64_t)i;
		if (ew_event_add_field(&ev, "Text", VT_STRING, data) != 0 ||
		    ew_event_add_field(&ev, NULL, VT_UINT32, "42") != 0 ||
		    ew_writer_add(w, &ev) != 0)
			rc = -1;
	}
	ew_event_release(&ev);
	free(data);
	if (rc != 0) {
		ew_writer_abort(w);
		return -1;
	}
	return ew_writer_close(w);
}

/* Check the headers of a written file; returns the number of chunks. */
static long
check_file(const char *path, uint64_t records)
{
	FILE *f = fopen(path, "rb");
	static uint8_t c[65536];
	uint8_t h[4096];
	uint64_t id = 1, nchunks, i;

	if (f == NULL || fread(h, 1, sizeof(h), f) != sizeof(h)) {
		if (f)
			fclose(f);
		return -1;
	}
	CHECK(memcmp(h, "ElfFile", 8) == 0);
	CHECK_INT(le32(h + 124), ew_crc32(0, h, 120));
	CHECK_INT(h[36] | h[37] << 8, 1);
	CHECK_INT(h[38] | h[39] << 8, 3);
	CHECK_INT(le32(h + 120), 0);
	CHECK_INT(le64(h + 24), records + 1);
	nchunks = h[42] | (uint64_t)h[43] << 8;
	for (i = 0; i < nchunks; i++) {
		uint32_t crc;

		if (fread(c, 1, sizeof(c), f) != sizeof(c))
			break;
		CHECK(memcmp(c, "ElfChnk", 8) == 0);
		CHECK_INT(le64(c + 24), id);
		CHECK(le32(c + 48) <= 65536 - 8);
		CHECK_INT(le32(c + 52), ew_crc32(0, c + 512, le32(c + 48) - 512));
		crc = ew_crc32(0, c, 120);
		crc = ew_crc32(crc, c + 128, 384);
		CHECK_INT(le32(c + 124), crc);
		CHECK_INT(le32(c + le32(c + 44)), 0x2a2a);
		id = le64(c + 32) + 1;
	}
	CHECK_INT(id, records + 1);
	CHECK(fgetc(f) == EOF);
	fclose(f);
	return (long)nchunks;
}

/* The check value of CRC-32 (IEEE), and the name hash of "Event". */
UNIT_CASE(checksums)
{
	CHECK_INT(ew_crc32(0, (const uint8_t *)"123456789", 9), 0xCBF43926u);
	CHECK_INT(bx_name_hash("Event"), 0x0cba);
}

/* ISO 8601 UTC to FILETIME: 100 ns at most, a Z, a T. */
UNIT_CASE(parse_time)
{
	uint64_t ft;

	CHECK(ew_parse_time("1601-01-01T00:00:00Z", &ft) == 0 && ft == 0);
	CHECK(ew_parse_time("1970-01-01T00:00:00Z", &ft) == 0 &&
	    ft == 116444736000000000ull);
	CHECK(ew_parse_time("2024-03-13T14:02:15.6000000Z", &ft) == 0 &&
	    ft == 133548121356000000ull);
	CHECK(ew_parse_time("2024-03-13T14:02:15.6Z", &ft) == 0 &&
	    ft == 133548121356000000ull);
	CHECK(ew_parse_time("2024-03-13T14:02:15.60000001Z", &ft) != 0);
	CHECK(ew_parse_time("2024-13-13T14:02:15Z", &ft) != 0);
	CHECK(ew_parse_time("2024-03-13 14:02:15Z", &ft) != 0);
	CHECK(ew_parse_time("2024-03-13T14:02:15", &ft) != 0);
}

/* GUIDs in braces, either case, to the mixed-endian bytes of EVTX. */
UNIT_CASE(parse_guid)
{
	uint8_t g[16];
	static const uint8_t want_guid[16] = { 0x5f, 0x38, 0x70, 0x57, 0x2a,
	    0xc2, 0xe0, 0x43, 0xbf, 0x4c, 0x06, 0xf5, 0x69, 0x8f, 0xfb, 0xd9 };

	CHECK(ew_parse_guid("{5770385f-c22a-43e0-bf4c-06f5698ffbd9}", g) == 0 &&
	    memcmp(g, want_guid, 16) == 0);
	CHECK(ew_parse_guid("{5770385F-C22A-43E0-BF4C-06F5698FFBD9}", g) == 0 &&
	    memcmp(g, want_guid, 16) == 0);
	CHECK(ew_parse_guid("{5770385f-c22a-43e0-bf4c-06f5698ffb}", g) != 0);
	CHECK(ew_parse_guid("{5770385f-c22a-43e0-bf4c-06f5698ffbd9}x", g) != 0);
}

/* SIDs to their binary form; bad numbers and too many parts refused. */
UNIT_CASE(parse_sid)
{
	uint8_t sid[68];
	static const uint8_t want_sid[12] = { 1, 1, 0, 0, 0, 0, 0, 5,
	    18, 0, 0, 0 };
	size_t len;

	CHECK(ew_parse_sid("S-1-5-18", sid, sizeof(sid), &len) == 0 &&
	    len == 12 && memcmp(sid, want_sid, 12) == 0);
	CHECK(ew_parse_sid("S-1-5-21-3623811015-3361044348-30300820-1104", sid,
	    sizeof(sid), &len) == 0 && len == 28 && sid[1] == 5);
	CHECK(ew_parse_sid("S-1-5-x", sid, sizeof(sid), &len) != 0);
	CHECK(ew_parse_sid("S-2-5-18", sid, sizeof(sid), &len) != 0);
	CHECK(ew_parse_sid("S-1-5-4294967296", sid, sizeof(sid), &len) != 0);
	CHECK(ew_parse_sid("S-1-5-1-2-3-4-5-6-7-8-9-10-11-12-13-14-15-16", sid,
	    sizeof(sid), &len) != 0);
}

/* Typed values out of range or malformed are refused, and not added. */
UNIT_CASE(field_values)
{
	struct ew_event ev;

	ew_event_init(&ev);
	CHECK(ew_event_add_field(&ev, "a", VT_UINT8, "255") == 0);
	CHECK(ew_event_add_field(&ev, "b", VT_UINT8, "256") != 0);
	CHECK(ew_event_add_field(&ev, "c", VT_INT8, "-129") != 0);
	CHECK(ew_event_add_field(&ev, "d", VT_UINT32, "-1") != 0);
	CHECK(ew_event_add_field(&ev, "e", VT_BOOL, "maybe") != 0);
	CHECK(ew_event_add_field(&ev, "f", VT_STRING, "\xc3\x28") != 0);
	CHECK(ew_event_add_field(&ev, "g", VT_HEX64, "0x3e7") == 0);
	CHECK_INT(ev.nfields, 2);
	ew_event_release(&ev);
}

/* Make the temporary file of path, a mkstemp() template. */
static void
temp_path(char *path)
{
	int fd;

	fd = mkstemp(path);
	CHECK(fd >= 0);
	if (fd >= 0)
		close(fd);
}

/* Two small records: one chunk. */
UNIT_CASE(one_chunk)
{
	char path[] = "/tmp/test-evtxw-XXXXXX";

	temp_path(path);
	CHECK(write_log(path, 2, 10) == 0);
	CHECK_INT(check_file(path, 2), 1);
	unlink(path);
}

/* 600 records of about 4 KiB: many chunks, none overfull. */
UNIT_CASE(many_chunks)
{
	char path[] = "/tmp/test-evtxw-XXXXXX";

	temp_path(path);
	CHECK(write_log(path, 600, 2000) == 0);
	CHECK(check_file(path, 600) > 30);
	unlink(path);
}

/* A record bigger than a chunk is refused. */
UNIT_CASE(record_too_big)
{
	char path[] = "/tmp/test-evtxw-XXXXXX";

	temp_path(path);
	CHECK(write_log(path, 1, 40000) != 0);
	unlink(path);
}

static const struct unit_case cases[] = {
	{ "checksums", checksums },
	{ "parse_time", parse_time },
	{ "parse_guid", parse_guid },
	{ "parse_sid", parse_sid },
	{ "field_values", field_values },
	{ "one_chunk", one_chunk },
	{ "many_chunks", many_chunks },
	{ "record_too_big", record_too_big },
	{ NULL, NULL }
};

int
main(int argc, char **argv)
{
	return unit_run(cases, argc, argv);
}
