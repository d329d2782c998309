/*
 * fuzz-evtx.c - libFuzzer target for the native EVTX decoder: the input is
 * one chunk image (up to 64 KiB). Every record and the chunk slack are
 * decoded and turned into the rows of the case file as the parser writes
 * them: the JSON of data, and the normalised columns and one-line message
 * of the field mapping (evtx-map.c), so hostile field values reach the
 * conversions and the message templates. The templates themselves are
 * compiled-in text, which no input can reach.
 * Built with --enable-fuzzing (CC=clang); tests/unit/test-evtx.c replays
 * crafted inputs through this same entry point in the normal suite.
 */
#include "compat.h"

#include "evtx-int.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct evtx_chunk *c;
	static struct evtx_event ev;
	static struct evtx_emit em;
	static struct ct_evtx_row row;
	static int init;
	const char *why;
	size_t off, end;

	if (!init) {
		c = ct_evtx_chunk_new();
		ct_evtx_event_init(&ev);
		ct_evtx_emit_init(&em);
		init = 1;
	}
	if (size > EVTX_CHUNK_SIZE)
		size = EVTX_CHUNK_SIZE;
	if (ct_evtx_chunk_check(data, size, &why) != 1)
		return 0;
	ct_evtx_chunk_load(c, data, size);
	end = ct_evtx_chunk_records_end(c);
	for (off = EVTX_CHUNK_HEADER_SIZE; off < end;) {
		uint32_t rsz = 0;
		int rc = ct_evtx_chunk_record(c, off, &ev, &rsz, &why);

		if (rc == 0)
			break;
		if (rc > 0)
			ct_evtx_emit_row(&em, &ev, &row);
		off += rsz;
	}
	for (off = end & ~(size_t)7; off + 28 <= size; off += 8)
		if (ct_evtx_chunk_slack_record(c, off, &ev, &why) > 0)
			ct_evtx_emit_row(&em, &ev, &row);
	return 0;
}
