/*
 * test-evtx.c - unit tests of the native EVTX decoder, the event builder
 * and the emitter's JSON / Key=Value splitting, on logs written by
 * evtx-craft.h; plus damaged variants (truncated, bit-flipped) replayed
 * through the libFuzzer entry point, which must neither crash nor hang.
 */
#include "compat.h"

#include "unit.h"

#include "../fuzz/fuzz-evtx.c"
#include "evtx-craft.h"
#include "evtx-int.h"

static struct craft_rec
rec(const char *provider, const char *channel, unsigned id)
{
	struct craft_rec r;

	memset(&r, 0, sizeof(r));
	r.provider = provider;
	r.channel = channel;
	r.computer = "FIN-WS042";
	r.event_id = id;
	r.time = 133500000000000000ull;
	r.pid = 1234;
	r.tid = 5678;
	return r;
}

static void
field(struct craft_rec *r, const char *name, const char *value)
{
	r->names[r->nfields] = name;
	r->values[r->nfields] = value;
	r->nfields++;
}

/*
 * The crafted log, built once by the first case that needs it (its
 * CHECKs count in that case): a Sysmon 1, a PowerShell 400 and a 4103,
 * in one chunk after the 4 KiB file header.
 */
static struct craft cr;
static uint8_t *chunk;

static void
craft_log(void)
{
	struct craft_rec r;
	size_t len;

	if (chunk)
		return;
	craft_init(&cr);
	r = rec("Microsoft-Windows-Sysmon", "Microsoft-Windows-Sysmon/Operational",
	    1);
	field(&r, "Image", "C:\\Users\\jdoe\\AppData\\Local\\Temp\\QEUpd\\"
	    "qeupdate_helper.exe");
	field(&r, "CommandLine", "powershell.exe -NoP -W Hidden -Enc AAAA");
	field(&r, "Hashes", "SHA1=AA,MD5=BB,SHA256=CC");
	field(&r, "ProcessId", "4242");
	field(&r, "ParentImage", "C:\\Program Files (x86)\\QuillEdit\\"
	    "QEUpdate.exe");
	CHECK(craft_add(&cr, &r) == 0);
	r = rec("PowerShell", "Windows PowerShell", 400);
	field(&r, "", "Available");
	field(&r, "", "None");
	field(&r, "", "\tNewEngineState=Available\r\n\tHostName=ConsoleHost\r\n"
	    "\tHostApplication=powershell.exe -NoP -Enc AAAA\r\n");
	CHECK(craft_add(&cr, &r) == 0);
	r = rec("Microsoft-Windows-PowerShell",
	    "Microsoft-Windows-PowerShell/Operational", 4103);
	field(&r, "ContextInfo", "        Severity = Informational\r\n"
	    "        Host Application = powershell.exe -c Get-Service\r\n"
	    "        User = FIN\\jdoe\r\n");
	field(&r, "Payload", "CommandInvocation(Get-Service)");
	CHECK(craft_add(&cr, &r) == 0);
	len = craft_finish(&cr);
	CHECK_INT(len, 4096 + 65536);
	chunk = cr.buf + 4096;
}

/* A decoder of the crafted chunk: c loaded, ev and em set up. */
static void
reader_open(struct evtx_chunk **c, struct evtx_event *ev, struct evtx_emit *em)
{
	craft_log();
	*c = ct_evtx_chunk_new();
	ct_evtx_chunk_load(*c, chunk, 65536);
	ct_evtx_event_init(ev);
	ct_evtx_emit_init(em);
}

static void
reader_close(struct evtx_chunk *c, struct evtx_event *ev, struct evtx_emit *em)
{
	ct_evtx_emit_release(em);
	ct_evtx_event_release(ev);
	ct_evtx_chunk_free(c);
}

/* The chunk offset of record n (1 = the first), reading those before. */
static size_t
record_offset(struct evtx_chunk *c, struct evtx_event *ev, int n)
{
	const char *why = NULL;
	uint32_t size = 0;
	size_t off = 512;

	while (--n > 0 && ct_evtx_chunk_record(c, off, ev, &size, &why) == 1)
		off += size;
	return off;
}

/* The crafted log has the size of one chunk, and a valid chunk header. */
UNIT_CASE(craft)
{
	const char *why = NULL;

	craft_log();
	CHECK_INT(ct_evtx_chunk_check(chunk, 65536, &why), 1);
}

/* Record 1: Sysmon process creation, every System field. */
UNIT_CASE(system_fields)
{
	struct evtx_chunk *c;
	struct evtx_event ev;
	struct evtx_emit em;
	const char *why = NULL;
	uint32_t size = 0;

	reader_open(&c, &ev, &em);
	CHECK_INT(ct_evtx_chunk_record(c, 512, &ev, &size, &why), 1);
	CHECK_INT(ev.record_number, 1);
	CHECK_INT(ev.event_id, 1);
	CHECK_INT(ev.created, 133500000000000000LL);
	CHECK_INT(ev.written, 133500000000000001LL);
	CHECK_INT(ev.version, 2);
	CHECK_INT(ev.level, 4);
	CHECK_INT(ev.task, 1);
	CHECK_INT(ev.pid, 1234);
	CHECK_INT(ev.tid, 5678);
	CHECK_INT(ev.event_record_id, 1);
	CHECK_STR(ct_evtx_ev_str(&ev, ev.provider), "Microsoft-Windows-Sysmon");
	CHECK_STR(ct_evtx_ev_str(&ev, ev.provider_guid),
	    "{54849625-5478-4994-A5BA-3E3B0328C30D}");
	CHECK_STR(ct_evtx_ev_str(&ev, ev.keywords), "0x8000000000000000");
	CHECK_STR(ct_evtx_ev_str(&ev, ev.computer), "FIN-WS042");
	CHECK_STR(ct_evtx_ev_str(&ev, ev.user_sid), "S-1-5-18");
	CHECK_INT(ev.nfields, 5);
	CHECK_STR(ct_evtx_ev_field(&ev, "Hashes", NULL),
	    "SHA1=AA,MD5=BB,SHA256=CC");
	ct_evtx_build_json(&em, &ev);
	CHECK_STR(em.json.buf, "{\"Image\":\"C:\\\\Users\\\\jdoe\\\\AppData\\\\"
	    "Local\\\\Temp\\\\QEUpd\\\\qeupdate_helper.exe\",\"CommandLine\":"
	    "\"powershell.exe -NoP -W Hidden -Enc AAAA\",\"Hashes\":\"SHA1=AA,"
	    "MD5=BB,SHA256=CC\",\"ProcessId\":\"4242\",\"ParentImage\":\"C:\\\\"
	    "Program Files (x86)\\\\QuillEdit\\\\QEUpdate.exe\"}");
	reader_close(c, &ev, &em);
}

/* Record 2: positional Data and the Key=Value split of 400. */
UNIT_CASE(key_value_400)
{
	struct evtx_chunk *c;
	struct evtx_event ev;
	struct evtx_emit em;
	const char *why = NULL;
	uint32_t size = 0;
	size_t off;

	reader_open(&c, &ev, &em);
	off = record_offset(c, &ev, 2);
	CHECK_INT(ct_evtx_chunk_record(c, off, &ev, &size, &why), 1);
	CHECK_INT(ev.event_id, 400);
	CHECK_STR(ct_evtx_ev_field(&ev, "Data[0]", NULL), "Available");
	CHECK_STR(ct_evtx_ev_field(&ev, "Data[1]", NULL), "None");
	ct_evtx_build_json(&em, &ev);
	CHECK(strstr(em.json.buf, "\"HostApplication\":\"powershell.exe -NoP "
	    "-Enc AAAA\"") != NULL);
	CHECK(strstr(em.json.buf, "\"HostName\":\"ConsoleHost\"") != NULL);
	/* The original block stays, CR LF and all. */
	CHECK(strstr(em.json.buf, "\"Data[2]\":\"\\tNewEngineState=Available"
	    "\\r\\n") != NULL);
	reader_close(c, &ev, &em);
}

/* Record 3: 4103 ContextInfo keys lose their spaces. */
UNIT_CASE(context_info_4103)
{
	struct evtx_chunk *c;
	struct evtx_event ev;
	struct evtx_emit em;
	const char *why = NULL;
	uint32_t size = 0;
	size_t off;

	reader_open(&c, &ev, &em);
	off = record_offset(c, &ev, 3);
	CHECK_INT(ct_evtx_chunk_record(c, off, &ev, &size, &why), 1);
	ct_evtx_build_json(&em, &ev);
	CHECK(strstr(em.json.buf, "\"HostApplication\":\"powershell.exe -c "
	    "Get-Service\"") != NULL);
	CHECK(strstr(em.json.buf, "\"User\":\"FIN\\\\jdoe\"") != NULL);
	reader_close(c, &ev, &em);
}

/* End of records: no header after the last one. */
UNIT_CASE(end_of_records)
{
	struct evtx_chunk *c;
	struct evtx_event ev;
	struct evtx_emit em;
	const char *why = NULL;
	uint32_t size = 0;
	size_t off;

	reader_open(&c, &ev, &em);
	off = record_offset(c, &ev, 4);
	CHECK_INT(ct_evtx_chunk_record(c, off, &ev, &size, &why), 0);
	CHECK(why == NULL);
	reader_close(c, &ev, &em);
}

/* A template reference pointing forward is damage, not a crash. */
UNIT_CASE(forward_template)
{
	struct evtx_chunk *c;
	struct evtx_event ev;
	struct evtx_emit em;
	const char *why = NULL;
	uint32_t size = 0;
	uint8_t *copy = ct_xmalloc(65536);

	reader_open(&c, &ev, &em);
	memcpy(copy, chunk, 65536);
	ct_put_le32(copy + 512 + 24 + 4 + 6, 60000);
	ct_evtx_chunk_load(c, copy, 65536);
	CHECK_INT(ct_evtx_chunk_record(c, 512, &ev, &size, &why), -1);
	CHECK(why != NULL);
	reader_close(c, &ev, &em);
	free(copy);
}

/* A chunk of zeros is unused; garbage is damaged. */
UNIT_CASE(unused_and_garbage)
{
	const char *why = NULL;
	uint8_t z[1024];

	memset(z, 0, sizeof(z));
	CHECK_INT(ct_evtx_chunk_check(z, sizeof(z), &why), 0);
	z[5] = 1;
	CHECK_INT(ct_evtx_chunk_check(z, sizeof(z), &why), -1);
	CHECK_STR(why, "bad chunk signature");
}

/*
 * Truncated and bit-flipped chunks through the fuzz entry point: it
 * must come back every time (ASan/UBSan watch in the sanitizer run).
 */
UNIT_CASE(fuzz_replay)
{
	struct evtx_chunk *c;
	struct evtx_event ev;
	struct evtx_emit em;
	const char *why = NULL;
	uint32_t size = 0;
	size_t off;
	uint8_t *copy = ct_xmalloc(65536);
	uint32_t seed = 12345;
	int i, k, odd = 0, damaged = 0;

	reader_open(&c, &ev, &em);
	for (i = 0; i < 600; i++) {
		memcpy(copy, chunk, 65536);
		for (k = 0; k < 1 + i % 16; k++) {
			size_t at;

			seed = seed * 1103515245u + 12345u;
			at = 512 + (seed >> 8) % 1500;
			copy[at] ^= (uint8_t)(1u << (seed & 7));
		}
		LLVMFuzzerTestOneInput(copy, 65536);
		ct_evtx_chunk_load(c, copy, 65536);
		for (off = 512, k = 0; k < 10; k++) {
			int rc = ct_evtx_chunk_record(c, off, &ev, &size,
			    &why);

			if (rc < -1 || rc > 1 || ev.nfields >
			    EVTX_MAX_FIELDS || (rc < 0 && !why))
				odd++;
			if (rc < 0)
				damaged++;
			if (rc == 0)
				break;
			off += size;
		}
	}
	for (i = 0; i < 2000; i += 7)
		LLVMFuzzerTestOneInput(chunk, 512 + (size_t)i);
	free(copy);
	CHECK_INT(odd, 0);
	/* Some flips must hit the binary XML and be reported. */
	CHECK(damaged > 0);
	reader_close(c, &ev, &em);
}

/*
 * A name repeated three times: X, X[1], X[2], each addressable (the
 * third used to be a second "X[1]"). Fed through the builder's
 * callbacks, as both decoders do.
 */
UNIT_CASE(repeated_names)
{
	struct evtx_event ev;
	const char *vals[] = { "a", "b", "c" };
	size_t k;

	ct_evtx_event_init(&ev);
	ct_evtx_event_reset(&ev);
	ct_evtx_ev_open(&ev, "Event", 5);
	ct_evtx_ev_open(&ev, "EventData", 9);
	for (k = 0; k < 3; k++) {
		ct_evtx_ev_open(&ev, "Data", 4);
		ct_evtx_ev_attr(&ev, "Name", 4, "X", 1);
		ct_evtx_ev_text(&ev, vals[k], 1);
		ct_evtx_ev_close(&ev);
	}
	ct_evtx_ev_finish(&ev);
	CHECK_INT(ev.nfields, 3);
	CHECK_STR(ct_evtx_ev_field(&ev, "X", NULL), "a");
	CHECK_STR(ct_evtx_ev_field(&ev, "X[1]", NULL), "b");
	CHECK_STR(ct_evtx_ev_field(&ev, "X[2]", NULL), "c");
	CHECK(ct_evtx_ev_field(&ev, "Y", NULL) == NULL);
	ct_evtx_event_release(&ev);
}

static const struct unit_case cases[] = {
	{ "craft", craft },
	{ "system_fields", system_fields },
	{ "key_value_400", key_value_400 },
	{ "context_info_4103", context_info_4103 },
	{ "end_of_records", end_of_records },
	{ "forward_template", forward_template },
	{ "unused_and_garbage", unused_and_garbage },
	{ "fuzz_replay", fuzz_replay },
	{ "repeated_names", repeated_names },
	{ NULL, NULL }
};

int
main(int argc, char **argv)
{
	int rc = unit_run(cases, argc, argv);

	free(cr.buf);
	return rc;
}
