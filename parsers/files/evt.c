/*
 * evt.c - legacy Windows event logs (.evt: Windows NT 3.1 to XP/2003)
 * through libevt.
 *
 * Format: libyal's "Windows Event Log (EVT) format"; libevt 20200926
 * (Debian libevt1) reads the records, and those it recovers from the
 * unused space of a wrapped log (flagged recovered here).
 *
 * Each record becomes a record of type "evt" with a row in the evtx
 * table, so everything that reads event logs sees XP's too: provider =
 * the source name, event_id the low 16 bits of the 32-bit identifier
 * (qualifiers the high 16, as EVTX shows them), level from the event type,
 * task = the category, created = the time generated, written = the time
 * written, and the strings as data fields "1", "2"... (the record has no
 * names for them), with the binary data as "Binary" in hex; the events
 * whose message templates say what %1, %2... are (process creation 592,
 * logons 528-540, services) fill the normalised columns too (evt-map.c).
 * The channel is the log's usual name from the file name (SecEvent.Evt:
 * Security).
 *
 * Like liblnk, libevt is loaded into a link-map namespace of its own and
 * reads a host file by its name, a file inside an image from a memory
 * file.
 */
#include "compat.h"

#include <errno.h>
#include <libevt.h>
#include <strings.h>
#include <unistd.h>

#include "config.h"	/* CT_SONAME_EVT */

#include "evt-map.h"

#include "buf.h"
#include "bytes.h"
#include "cancel.h"
#include "casedb.h"
#include "dynlib.h"
#include "files.h"
#include "timefmt.h"
#include "xalloc.h"

#define EVT_MAX_NESTED	(1u << 30)	/* bytes of a log inside an image */
#define EVT_MAX_STRING	(1u << 20)	/* bytes of one string we keep */
#define EVT_MAX_STRINGS	256		/* strings of one record we keep */
#define EVT_MAP_STRINGS	16		/* the %N the column table can name */
#define EVT_MAX_BINARY	65536		/* bytes of binary data shown */
#define EVT_MAX_DATA	(16u << 20)	/* bytes of binary data read at all */
#define EVT_SUMMARY_TEXT 160		/* bytes of strings in the summary */

#define EVT_FUNCS(X) \
	X(libevt_get_version) \
	X(libevt_error_backtrace_sprint) \
	X(libevt_error_free) \
	X(libevt_file_initialize) \
	X(libevt_file_free) \
	X(libevt_file_open) \
	X(libevt_file_close) \
	X(libevt_file_is_corrupted) \
	X(libevt_file_get_number_of_records) \
	X(libevt_file_get_record_by_index) \
	X(libevt_file_get_number_of_recovered_records) \
	X(libevt_file_get_recovered_record_by_index) \
	X(libevt_record_free) \
	X(libevt_record_get_offset) \
	X(libevt_record_get_identifier) \
	X(libevt_record_get_creation_time) \
	X(libevt_record_get_written_time) \
	X(libevt_record_get_event_identifier) \
	X(libevt_record_get_event_type) \
	X(libevt_record_get_event_category) \
	X(libevt_record_get_utf8_source_name_size) \
	X(libevt_record_get_utf8_source_name) \
	X(libevt_record_get_utf8_computer_name_size) \
	X(libevt_record_get_utf8_computer_name) \
	X(libevt_record_get_utf8_user_security_identifier_size) \
	X(libevt_record_get_utf8_user_security_identifier) \
	X(libevt_record_get_number_of_strings) \
	X(libevt_record_get_utf8_string_size) \
	X(libevt_record_get_utf8_string) \
	X(libevt_record_get_data_size) \
	X(libevt_record_get_data)

static struct {
#define X(f) __typeof__(f) *f;
	EVT_FUNCS(X)
#undef X
} V;

static const struct ct_dynsym evt_syms[] = {
#define X(f) { #f, (void **)&V.f },
	EVT_FUNCS(X)
#undef X
	{ NULL, NULL }
};

static struct ct_dynlib evt_lib = {
	CT_SONAME_EVT, "libevt1", CT_DYNLIB_NAMESPACE, NULL, evt_syms, 0, ""
};

/* Event types and the EVTX level and keywords that say the same. */
static const struct {
	uint16_t type;
	int level;
	const char *keywords;	/* NULL: none */
	const char *name;
} evt_types[] = {
	{ 0x0001, 2, NULL, "error" },
	{ 0x0002, 3, NULL, "warning" },
	{ 0x0004, 4, NULL, "information" },
	{ 0x0008, 0, "0x8020000000000000", "audit success" },
	{ 0x0010, 0, "0x8010000000000000", "audit failure" },
};

/* The log a file name usually holds (Windows XP's names). */
static const struct { const char *file; const char *channel; } evt_channels[] = {
	{ "SysEvent.Evt", "System" },
	{ "SecEvent.Evt", "Security" },
	{ "AppEvent.Evt", "Application" },
	{ "Internet.evt", "Internet Explorer" },
	{ "DnsEvent.Evt", "DNS Server" },
	{ "NtFrs.Evt", "File Replication Service" },
	{ "NTDS.Evt", "Directory Service" },
};

typedef int (*evt_size_fn)(libevt_record_t *, size_t *, libevt_error_t **);
typedef int (*evt_str_fn)(libevt_record_t *, uint8_t *, size_t,
    libevt_error_t **);

/* A string of the record into out (reset first); 0 if there is none. */
static int
evt_string(libevt_record_t *r, evt_size_fn size_fn, evt_str_fn str_fn,
    struct ct_buf *out)
{
	uint8_t *tmp;
	size_t sz = 0;

	ct_buf_reset(out);
	if (size_fn(r, &sz, NULL) != 1 || sz == 0 || sz > EVT_MAX_STRING)
		return 0;
	tmp = ct_xmalloc(sz);
	if (str_fn(r, tmp, sz, NULL) == 1) {
		tmp[sz - 1] = '\0';
		ct_buf_add_utf8_clean(out, (const char *)tmp,
		    strlen((const char *)tmp));
	}
	free(tmp);
	return out->len > 0;
}

#define EVT_STRING(r, name, out) evt_string((r), \
	V.libevt_record_get_utf8_##name##_size, V.libevt_record_get_utf8_##name, \
	(out))

static void
evt_message(libevt_error_t *e, char *out, size_t n)
{
	out[0] = '\0';
	if (e) {
		char *nl;

		V.libevt_error_backtrace_sprint(e, out, n);
		nl = strchr(out, '\n');
		if (nl)
			*nl = '\0';
		V.libevt_error_free(&e);
	}
}

static int64_t
posix_time(libevt_record_t *r, int (*fn)(libevt_record_t *, uint32_t *,
    libevt_error_t **))
{
	uint32_t t = 0;

	if (fn(r, &t, NULL) != 1 || t == 0)
		return CT_NULL_INT;
	return ct_time_from_unix((int64_t)t, 0);
}

/* The working buffers of one log, reused from record to record. */
struct evt_state {
	struct ct_batch *b;
	const char *channel;
	struct ct_buf source, computer, sid, str, data, sum, user;
	/* the first strings, for the normalised columns (evt-map.c) */
	char *strs[EVT_MAP_STRINGS];
	size_t nstrs;
	uint64_t records, recovered, failed;
};

/* Every INT column NULL until the record says otherwise. */
#define EVT_NULL_TEXT(n)
#define EVT_NULL_INT(n)		row.n = CT_NULL_INT;
#define EVT_NULL(kind, name, dflt)	EVT_NULL_##kind(name)

static void
evt_record(struct evt_state *s, libevt_record_t *r, int recovered)
{
	struct ct_evtx_row row;
	struct ct_record_row rec;
	uint32_t number = 0, id = 0;
	uint16_t type = 0, category = 0;
	off64_t offset = 0;
	int nstrings = 0, i;
	size_t dsize = 0, t, summary_start;
	const char *type_name = NULL;
	char loc[48];

	memset(&row, 0, sizeof(row));
	CT_EVTX_COLUMNS(EVT_NULL)
	V.libevt_record_get_identifier(r, &number, NULL);
	V.libevt_record_get_event_identifier(r, &id, NULL);
	V.libevt_record_get_event_type(r, &type, NULL);
	V.libevt_record_get_event_category(r, &category, NULL);
	if (V.libevt_record_get_offset(r, &offset, NULL) != 1)
		offset = -1;
	EVT_STRING(r, source_name, &s->source);
	EVT_STRING(r, computer_name, &s->computer);
	EVT_STRING(r, user_security_identifier, &s->sid);

	row.record_number = number;
	row.created = posix_time(r, V.libevt_record_get_creation_time);
	row.written = posix_time(r, V.libevt_record_get_written_time);
	row.event_id = id & 0xFFFF;
	row.qualifiers = id >> 16;
	row.task = category;
	for (t = 0; t < sizeof(evt_types) / sizeof(evt_types[0]); t++)
		if (evt_types[t].type == type) {
			row.level = evt_types[t].level;
			row.keywords = evt_types[t].keywords;
			type_name = evt_types[t].name;
		}
	row.provider = s->source.len ? s->source.buf : NULL;
	row.channel = s->channel;
	row.computer = s->computer.len ? s->computer.buf : NULL;
	row.user_sid = s->sid.len ? s->sid.buf : NULL;

	ct_buf_reset(&s->data);
	ct_buf_reset(&s->sum);
	ct_buf_addf(&s->sum, "event %" PRId64 " (%s%s%s)", row.event_id,
	    row.provider ? row.provider : "?", type_name ? ", " : "",
	    type_name ? type_name : "");
	summary_start = s->sum.len;
	ct_buf_addch(&s->data, '{');
	if (V.libevt_record_get_number_of_strings(r, &nstrings, NULL) != 1)
		nstrings = 0;
	if (nstrings > EVT_MAX_STRINGS) {
		ct_batch_warn(s->b, (int64_t)offset, "record %" PRIu32 ": %d "
		    "strings, the first %d kept", number, nstrings,
		    EVT_MAX_STRINGS);
		nstrings = EVT_MAX_STRINGS;
	}
	for (i = 0; i < nstrings; i++) {
		size_t sz = 0;
		uint8_t *tmp;

		ct_buf_reset(&s->str);
		if (V.libevt_record_get_utf8_string_size(r, i, &sz, NULL) == 1 &&
		    sz > 0 && sz <= EVT_MAX_STRING) {
			tmp = ct_xmalloc(sz);
			if (V.libevt_record_get_utf8_string(r, i, tmp, sz,
			    NULL) == 1) {
				tmp[sz - 1] = '\0';
				ct_buf_add_utf8_clean(&s->str, (const char *)tmp,
				    strlen((const char *)tmp));
			}
			free(tmp);
		}
		ct_buf_addf(&s->data, "%s\"%d\":", i ? "," : "", i + 1);
		ct_files_json_str(&s->data, s->str.buf);
		if (i < EVT_MAP_STRINGS) {
			s->strs[i] = ct_xstrdup(s->str.buf ? s->str.buf : "");
			s->nstrs = (size_t)i + 1;
		}
		if (s->sum.len - summary_start < EVT_SUMMARY_TEXT) {
			ct_buf_adds(&s->sum, i ? " | " : ": ");
			ct_files_add_oneline(&s->sum, s->str.buf,
			    s->str.len < EVT_SUMMARY_TEXT ? s->str.len :
			    EVT_SUMMARY_TEXT);
		}
	}
	/* a record is at most 64 KiB on disk: more is not worth copying */
	if (V.libevt_record_get_data_size(r, &dsize, NULL) == 1 && dsize > 0 &&
	    dsize <= EVT_MAX_DATA) {
		size_t keep = dsize < EVT_MAX_BINARY ? dsize : EVT_MAX_BINARY;
		uint8_t *bin = ct_xmalloc(dsize);

		if (V.libevt_record_get_data(r, bin, dsize, NULL) == 1) {
			ct_buf_addf(&s->data, "%s\"Binary\":\"", nstrings ? "," : "");
			ct_buf_add_hex(&s->data, bin, keep, 1);
			ct_buf_addch(&s->data, '"');
		}
		free(bin);
	}
	ct_buf_addch(&s->data, '}');
	row.data = s->data.buf;
	ct_evt_map_row(row.provider, row.event_id, (const char *const *)s->strs,
	    s->nstrs, &s->user, &row);

	memset(&rec, 0, sizeof(rec));
	rec.type = "evt";
	snprintf(loc, sizeof(loc), "record %" PRIu32, number);
	rec.locator = loc;
	rec.offset = offset >= 0 ? (int64_t)offset : CT_NULL_INT;
	rec.flags = recovered ? CT_REC_RECOVERED : 0;
	rec.summary = s->sum.buf;
	ct_batch_record(s->b, &rec);
	/* as for EVTX: a written time apart from the creation is a point too */
	if (row.created != CT_NULL_INT)
		ct_batch_event(s->b, row.created, "event created");
	if (row.written != CT_NULL_INT && (row.created == CT_NULL_INT ||
	    row.written - row.created >= CT_TICKS_PER_SEC ||
	    row.created - row.written >= CT_TICKS_PER_SEC))
		ct_batch_event(s->b, row.written, "record written");
	ct_batch_evtx(s->b, &row);
	for (t = 0; t < s->nstrs; t++) {
		free(s->strs[t]);
		s->strs[t] = NULL;
	}
	s->nstrs = 0;
	ct_batch_maybe_flush(s->b);
	if (recovered)
		s->recovered++;
	else
		s->records++;
}

/* Read every record (or every recovered one) of f. */
static void
evt_pass(struct evt_state *s, libevt_file_t *f, int recovered)
{
	int n = 0, i;

	if ((recovered ? V.libevt_file_get_number_of_recovered_records(f, &n,
	    NULL) : V.libevt_file_get_number_of_records(f, &n, NULL)) != 1)
		n = 0;
	for (i = 0; i < n && !ct_cancelled(); i++) {
		libevt_record_t *r = NULL;
		libevt_error_t *e = NULL;
		char msg[256];

		if ((recovered ? V.libevt_file_get_recovered_record_by_index(f,
		    i, &r, &e) : V.libevt_file_get_record_by_index(f, i, &r,
		    &e)) != 1) {
			evt_message(e, msg, sizeof(msg));
			ct_batch_warn(s->b, CT_NULL_INT, "%srecord %d of %d "
			    "unreadable: %s", recovered ? "recovered " : "",
			    i + 1, n, msg);
			s->failed++;
			continue;
		}
		evt_record(s, r, recovered);
		V.libevt_record_free(&r, NULL);
	}
}

static const char *
evt_channel(const char *path)
{
	const char *base = ct_files_basename(path);
	size_t i;

	for (i = 0; i < sizeof(evt_channels) / sizeof(evt_channels[0]); i++)
		if (strcasecmp(base, evt_channels[i].file) == 0)
			return evt_channels[i].channel;
	return NULL;
}

static int
evt_probe(const uint8_t *head, size_t n, const char *name, int64_t size)
{
	(void)name;
	(void)size;
	/* header: size 48, "LfLe", version 1.1 */
	if (n >= 16 && ct_le32(head) == 48 && memcmp(head + 4, "LfLe",
	    4) == 0 && ct_le32(head + 8) == 1 &&
	    ct_le32(head + 12) == 1)
		return 90;
	return 0;
}

/* A memory file with all of a nested input, copied in pieces. */
static int
evt_memory_copy(struct ct_input *in, char *fdpath, size_t fdpath_size,
    struct ct_error *err)
{
	uint8_t *chunk = ct_xmalloc(1u << 20);
	int64_t off = 0;
	int fd = ct_files_memory_file(NULL, 0, fdpath, fdpath_size);

	if (fd < 0) {
		free(chunk);
		ct_error_set(err, CT_ERR_IO, in->path, CT_NO_OFFSET,
		    "cannot make a memory file for libevt: %s", strerror(errno));
		return -1;
	}
	while (off < in->size) {
		int64_t got = in->read_at(in->ctx, chunk, 1u << 20, off);

		if (got <= 0 || write(fd, chunk, (size_t)got) != got) {
			ct_error_set(err, CT_ERR_IO, in->path, off,
			    "cannot copy the event log for libevt");
			close(fd);
			free(chunk);
			return -1;
		}
		off += got;
	}
	free(chunk);
	return fd;
}

static enum ct_status
evt_parse(struct ct_input *in, struct ct_error *err)
{
	struct evt_state s;
	libevt_file_t *f = NULL;
	libevt_error_t *e = NULL;
	char fdpath[64], msg[512];
	const char *open_path = in->host_path;
	int fd = -1;
	enum ct_status rc = CT_OK;

	if (ct_dynlib_load(&evt_lib) != 0)
		return ct_error_set(err, CT_ERR_UNSUPPORTED, in->path,
		    CT_NO_OFFSET, "%s", evt_lib.error);
	memset(&s, 0, sizeof(s));
	if (open_path == NULL) {
		if (in->size > (int64_t)EVT_MAX_NESTED)
			return ct_error_set(err, CT_ERR_FORMAT, in->path,
			    CT_NO_OFFSET, "%" PRId64 " bytes is larger than "
			    "any .evt log (limit %u)", in->size, EVT_MAX_NESTED);
		fd = evt_memory_copy(in, fdpath, sizeof(fdpath), err);
		if (fd < 0)
			return err->code;
		open_path = fdpath;
	}
	if (V.libevt_file_initialize(&f, NULL) != 1) {
		rc = ct_error_set(err, CT_ERR_INTERNAL, in->path, CT_NO_OFFSET,
		    "cannot set up libevt");
		goto out;
	}
	if (V.libevt_file_open(f, open_path, LIBEVT_OPEN_READ, &e) != 1) {
		evt_message(e, msg, sizeof(msg));
		rc = ct_error_set(err, CT_ERR_FORMAT, in->path, CT_NO_OFFSET,
		    "not an event log libevt %s can read: %s",
		    V.libevt_get_version(), msg);
		goto out;
	}
	s.b = ct_batch_new(in->sink, in->source_id, "evt");
	s.channel = evt_channel(in->path);
	ct_buf_init(&s.source, 0);
	ct_buf_init(&s.computer, 0);
	ct_buf_init(&s.sid, 0);
	ct_buf_init(&s.str, 0);
	ct_buf_init(&s.data, 0);
	ct_buf_init(&s.sum, 0);
	ct_buf_init(&s.user, 0);
	if (V.libevt_file_is_corrupted(f, NULL) == 1)
		ct_batch_warn(s.b, CT_NULL_INT, "libevt finds the log corrupted "
		    "(not closed cleanly or damaged): the records it can read "
		    "are kept, the deleted ones it recovers are flagged");
	evt_pass(&s, f, 0);
	evt_pass(&s, f, 1);
	ct_batch_free(s.b);
	ct_buf_release(&s.source);
	ct_buf_release(&s.user);
	ct_buf_release(&s.computer);
	ct_buf_release(&s.sid);
	ct_buf_release(&s.str);
	ct_buf_release(&s.data);
	ct_buf_release(&s.sum);
	if (ct_cancelled())
		rc = ct_error_set(err, CT_ERR_CANCELLED, in->path, CT_NO_OFFSET,
		    "interrupted: the %" PRIu64 " records read so far are in "
		    "the case", s.records + s.recovered);
out:
	if (f) {
		V.libevt_file_close(f, NULL);
		V.libevt_file_free(&f, NULL);
	}
	if (fd >= 0)
		close(fd);
	return rc;
}

static const char *const evt_image_paths[] = { "*.evt", NULL };

const struct ct_parser ct_parser_evt = {
	.abi = CT_PARSER_ABI,
	.name = "evt",
	.kind = "evt",
	.summary = "legacy Windows event logs (.evt, NT to XP/2003; via libevt)",
	.nested = 1,
	.image_paths = evt_image_paths,
	.probe = evt_probe,
	.parse = evt_parse,
};
