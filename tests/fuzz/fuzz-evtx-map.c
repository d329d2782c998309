/*
 * fuzz-evtx-map.c - libFuzzer target for the compiler of the EVTX field
 * mapping (evtx-map.c): the input is mapping text. Evidence never reaches
 * this compiler (only the compiled-in evtx-map.txt does), but it reads a
 * small language and must refuse any text with a message, never crash or
 * loop. Text that compiles is applied to one event, so its templates run.
 * Seeded with evtx-map.txt (scripts/fuzz).
 */
#include "compat.h"

#include "evtx-int.h"
#include "evtx-map.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
field(struct evtx_event *ev, const char *n, const char *v)
{
	ct_evtx_ev_open(ev, "Data", 4);
	ct_evtx_ev_attr(ev, "Name", 4, n, strlen(n));
	ct_evtx_ev_text(ev, v, strlen(v));
	ct_evtx_ev_close(ev);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct evtx_event ev;
	static struct evtx_emit em;
	static int init;
	struct ct_error err = CT_ERROR_INIT;
	struct ct_evtx_row row;
	struct evtx_map *m;
	char *text;

	if (!init) {
		ct_evtx_event_init(&ev);
		ct_evtx_emit_init(&em);
		ct_evtx_event_reset(&ev);
		ct_evtx_ev_open(&ev, "Event", 5);
		ct_evtx_ev_open(&ev, "System", 6);
		ct_evtx_ev_open(&ev, "Provider", 8);
		ct_evtx_ev_attr(&ev, "Name", 4, "P", 1);
		ct_evtx_ev_close(&ev);
		ct_evtx_ev_open(&ev, "EventID", 7);
		ct_evtx_ev_text(&ev, "1", 1);
		ct_evtx_ev_close(&ev);
		ct_evtx_ev_close(&ev);
		ct_evtx_ev_open(&ev, "EventData", 9);
		field(&ev, "A", "C:\\dir\\a.exe\r\nsecond");
		field(&ev, "B", "-");
		field(&ev, "N", "0x10");
		ct_evtx_ev_close(&ev);
		ct_evtx_ev_close(&ev);
		init = 1;
	}
	text = malloc(size + 1);
	memcpy(text, data, size);
	text[size] = '\0';
	if ((m = ct_evtx_map_new(text, "fuzz", &err))) {
		const struct evtx_map *keep = em.map;

		em.map = m;
		ct_evtx_emit_row(&em, &ev, &row);
		em.map = keep;
		ct_evtx_map_free(m);
	}
	free(text);
	return 0;
}
