/*
 * job.c - Task Scheduler 1.0 .job files (Windows XP/2003: Windows\Tasks).
 *
 * Format: [MS-TSCH] 2.4 ".JOB File Format" (read, not copied): a 68-byte
 * fixed section, then a variable one.
 *
 *	0  u16 product version	2  u16 file version	4  UUID (16 bytes)
 *	20 u16 application name offset	22 u16 triggers offset
 *	24 u16 retry count	26 u16 retry interval	28 u16 idle deadline
 *	30 u16 idle wait	32 u32 priority		36 u32 maximum run time (ms)
 *	40 u32 exit code	44 u32 status (SCHED_S_*)	48 u32 flags
 *	52 SYSTEMTIME last run (8 u16: year month weekday day hour minute
 *	   second millisecond), in the machine's LOCAL time
 *	68 u16 running instances, then five strings, each a u16 count of
 *	   UTF-16 units (NUL included) and the units: application name,
 *	   parameters, working directory, author, comment; u16 size + user
 *	   data; u16 size + reserved data; u16 trigger count, 48-byte triggers.
 *
 * The last-run time has no zone: it is kept as text in data, not turned
 * into a UTC timeline point (the artefact's time is NULL).
 */
#include "compat.h"

#include <strings.h>

#include "artefact.h"
#include "buf.h"
#include "bytes.h"
#include "casedb.h"
#include "files.h"
#include "utf8.h"

#define JOB_FIXED	68
#define JOB_TRIGGER	48
#define JOB_MAX_BYTES	(1u << 20)	/* real ones are a few hundred bytes */
#define JOB_MAX_TRIGGERS 64		/* what we list; more are counted */

/* SCHED_S_* status codes ([MS-TSCH] 2.4.1, winerror.h). */
static const struct { uint32_t code; const char *name; } job_status[] = {
	{ 0x00041300, "ready" },
	{ 0x00041301, "running" },
	{ 0x00041302, "disabled" },
	{ 0x00041303, "has not run" },
	{ 0x00041304, "no more runs" },
	{ 0x00041305, "not scheduled" },
	{ 0x00041306, "terminated" },
	{ 0x00041307, "no valid triggers" },
	{ 0x00041308, "event trigger" },
};

/* Trigger types ([MS-TSCH] 2.4.2.11). */
static const char *const job_trigger_type[] = {
	"once", "daily", "weekly", "monthly (date)", "monthly (day of week)",
	"on idle", "at system start", "at logon",
};

/* The reading position in the variable section, and whether it ran out. */
struct job_cursor {
	const uint8_t *p;
	size_t n, off;
	int short_read;		/* a length ran past the end */
};

static int
job_u16(struct job_cursor *c, uint16_t *v)
{
	if (!CT_FITS(c->n, c->off, 2)) {
		c->short_read = 1;
		return 0;
	}
	*v = ct_le16(c->p + c->off);
	c->off += 2;
	return 1;
}

/* One counted UTF-16 string into out (reset first); 0 when cut short. */
static int
job_string(struct job_cursor *c, struct ct_buf *out)
{
	uint16_t units;

	ct_buf_reset(out);
	if (!job_u16(c, &units))
		return 0;
	if (!CT_FITS(c->n, c->off, (size_t)units * 2)) {
		/* what is there is still evidence */
		ct_utf8_from_utf16le(out, c->p + c->off, (c->n - c->off) / 2, 1);
		c->off = c->n;
		c->short_read = 1;
		return 0;
	}
	ct_utf8_from_utf16le(out, c->p + c->off, units, 1);
	c->off += (size_t)units * 2;
	return 1;
}

/* A u16 size and that many bytes (user data, reserved data): skipped. */
static int
job_skip_block(struct job_cursor *c)
{
	uint16_t size;

	if (!job_u16(c, &size))
		return 0;
	if (!CT_FITS(c->n, c->off, size)) {
		c->short_read = 1;
		return 0;
	}
	c->off += size;
	return 1;
}

/* A SYSTEMTIME as ISO 8601 text without a zone, quoted when quote is set. */
static void
add_systemtime(struct ct_buf *b, const uint8_t *t, int quote)
{
	const char *q = quote ? "\"" : "";

	ct_buf_addf(b, "%s%04u-%02u-%02uT%02u:%02u:%02u.%03u%s", q,
	    ct_le16(t), ct_le16(t + 2), ct_le16(t + 6), ct_le16(t + 8),
	    ct_le16(t + 10), ct_le16(t + 12), ct_le16(t + 14), q);
}

static void
add_triggers(struct job_cursor *c, struct ct_buf *data, struct ct_buf *sum,
    struct ct_batch *b)
{
	uint16_t count, i;

	if (!job_u16(c, &count))
		return;
	ct_buf_addf(data, ",\"trigger_count\":%u,\"triggers\":[", count);
	for (i = 0; i < count && i < JOB_MAX_TRIGGERS; i++) {
		const uint8_t *t;
		uint32_t type;

		if (!CT_FITS(c->n, c->off, JOB_TRIGGER)) {
			ct_files_warn(b, (int64_t)c->off, ".job trigger %u of "
			    "%u cut short", i + 1, count);
			c->short_read = 1;
			break;
		}
		t = c->p + c->off;
		type = ct_le32(t + 32);
		if (i)
			ct_buf_addch(data, ',');
		ct_buf_addf(data, "{\"type\":%" PRIu32 ",\"type_name\":", type);
		ct_files_json_str(data, type < sizeof(job_trigger_type) /
		    sizeof(job_trigger_type[0]) ? job_trigger_type[type] : NULL);
		ct_buf_addf(data, ",\"start_local\":\"%04u-%02u-%02uT%02u:%02u:00\"",
		    ct_le16(t + 4), ct_le16(t + 6), ct_le16(t + 8),
		    ct_le16(t + 16), ct_le16(t + 18));
		if (ct_le16(t + 10))
			ct_buf_addf(data, ",\"end_local\":\"%04u-%02u-%02u\"",
			    ct_le16(t + 10), ct_le16(t + 12), ct_le16(t + 14));
		ct_buf_addf(data, ",\"flags\":\"0x%08" PRIx32 "\"}",
		    ct_le32(t + 28));
		if (i == 0 && type < sizeof(job_trigger_type) /
		    sizeof(job_trigger_type[0]))
			ct_buf_addf(sum, ", %s", job_trigger_type[type]);
		c->off += JOB_TRIGGER;
	}
	ct_buf_addch(data, ']');
}

int
ct_job_buffer(const uint8_t *p, size_t n, const char *path, struct ct_batch *b)
{
	struct job_cursor c = { p, n, JOB_FIXED, 0 };
	struct ct_buf app = CT_BUF_INIT, params = CT_BUF_INIT, wd = CT_BUF_INIT;
	struct ct_buf author = CT_BUF_INIT, comment = CT_BUF_INIT;
	struct ct_buf data = CT_BUF_INIT, sum = CT_BUF_INIT, cmd = CT_BUF_INIT;
	struct ct_artefact_row a;
	uint32_t status;
	uint16_t instances = 0;
	const char *status_name = NULL;
	size_t i;

	if (n < JOB_FIXED) {
		ct_files_warn(b, 0, ".job file of %zu bytes: shorter than its "
		    "%d-byte fixed section", n, JOB_FIXED);
		return 0;
	}
	status = ct_le32(p + 44);
	for (i = 0; i < sizeof(job_status) / sizeof(job_status[0]); i++)
		if (job_status[i].code == status)
			status_name = job_status[i].name;

	job_u16(&c, &instances);
	/* each string only if the one before it was whole */
	if (!(job_string(&c, &app) && job_string(&c, &params) &&
	    job_string(&c, &wd) && job_string(&c, &author) &&
	    job_string(&c, &comment) && job_skip_block(&c) &&
	    job_skip_block(&c)))
		c.short_read = 1;

	ct_buf_addf(&data, "{\"product_version\":\"0x%04x\",\"file_version\":%u,"
	    "\"uuid\":\"", ct_le16(p), ct_le16(p + 2));
	/* a GUID: the first three groups little-endian */
	ct_buf_addf(&data, "%08" PRIx32 "-%04x-%04x-", ct_le32(p + 4),
	    ct_le16(p + 8), ct_le16(p + 10));
	ct_buf_add_hex(&data, p + 12, 2, 0);
	ct_buf_addch(&data, '-');
	ct_buf_add_hex(&data, p + 14, 6, 0);
	ct_buf_adds(&data, "\",\"application\":");
	ct_files_json_str(&data, app.buf);
	ct_buf_adds(&data, ",\"parameters\":");
	ct_files_json_str(&data, params.buf);
	ct_buf_adds(&data, ",\"working_directory\":");
	ct_files_json_str(&data, wd.len ? wd.buf : NULL);
	ct_buf_adds(&data, ",\"author\":");
	ct_files_json_str(&data, author.buf);
	ct_buf_adds(&data, ",\"comment\":");
	ct_files_json_str(&data, comment.buf);
	ct_buf_adds(&data, ",\"last_run_local\":");
	if (ct_le16(p + 52) == 0)
		ct_buf_adds(&data, "null");
	else
		add_systemtime(&data, p + 52, 1);
	ct_buf_adds(&data, ",\"time_zone\":\"local time of the machine, "
	    "offset not recorded\"");
	ct_buf_addf(&data, ",\"status\":\"0x%08" PRIx32 "\",\"status_name\":",
	    status);
	ct_files_json_str(&data, status_name);
	ct_buf_addf(&data, ",\"exit_code\":%" PRIu32 ",\"flags\":\"0x%08" PRIx32
	    "\",\"priority\":\"0x%08" PRIx32 "\",\"max_run_time_ms\":%" PRIu32
	    ",\"running_instances\":%u", ct_le32(p + 40), ct_le32(p + 48),
	    ct_le32(p + 32), ct_le32(p + 36), instances);

	ct_buf_addf(&sum, "Scheduled task (.job) %s: ",
	    ct_files_basename(path));
	ct_buf_adds(&sum, app.len ? app.buf : "?");
	if (params.len)
		ct_buf_addf(&sum, " %s", params.buf);
	if (!c.short_read)
		add_triggers(&c, &data, &sum, b);
	ct_buf_addch(&data, '}');
	if (c.short_read)
		ct_files_warn(b, (int64_t)c.off, ".job variable section cut "
		    "short at byte %zu of %zu", c.off, n);
	if (ct_le16(p + 52)) {
		ct_buf_adds(&sum, ", last run ");
		add_systemtime(&sum, p + 52, 0);
		ct_buf_adds(&sum, " local time");
	}

	ct_buf_adds(&cmd, app.buf);
	if (params.len)
		ct_buf_addf(&cmd, " %s", params.buf);
	ct_artefact_row_init(&a, "job");
	a.name = ct_files_basename(path);
	a.path = app.len ? app.buf : NULL;
	a.command_line = cmd.len ? cmd.buf : NULL;
	a.user_name = author.len ? author.buf : NULL;
	a.key_path = path;
	a.data = data.buf;
	if (b)
		ct_artefact_emit(b, ".job file", 0, c.short_read ?
		    CT_REC_DAMAGED : 0, &a, sum.buf, NULL);
	ct_buf_release(&app);
	ct_buf_release(&params);
	ct_buf_release(&wd);
	ct_buf_release(&author);
	ct_buf_release(&comment);
	ct_buf_release(&data);
	ct_buf_release(&sum);
	ct_buf_release(&cmd);
	return 1;
}

static int
job_probe(const uint8_t *head, size_t n, const char *name, int64_t size)
{
	size_t len = name ? strlen(name) : 0;

	(void)size;	/* -1 for host files */
	if (len < 4 || strcasecmp(name + len - 4, ".job") != 0 ||
	    n < JOB_FIXED)
		return 0;
	/* file version 1; the application name after the instance count */
	if (ct_le16(head + 2) == 1 && ct_le16(head + 20) == JOB_FIXED + 2)
		return 80;
	return 0;
}

static enum ct_status
job_parse(struct ct_input *in, struct ct_error *err)
{
	struct ct_batch *b;
	uint8_t *data;
	size_t n;
	enum ct_status rc;

	rc = ct_files_slurp(in, JOB_FIXED, JOB_MAX_BYTES, ".job file", &data,
	    &n, err);
	if (rc)
		return rc;
	b = ct_batch_new(in->sink, in->source_id, "job");
	ct_job_buffer(data, n, in->path, b);
	ct_batch_free(b);
	free(data);
	return CT_OK;
}

static const char *const job_image_paths[] = {
	"*/Windows/Tasks/*.job", "*/WINNT/Tasks/*.job", NULL
};

const struct ct_parser ct_parser_job = {
	.abi = CT_PARSER_ABI,
	.name = "job",
	.kind = "job",
	.summary = "Task Scheduler 1.0 .job files (Windows XP/2003)",
	.nested = 1,
	.image_paths = job_image_paths,
	.probe = job_probe,
	.parse = job_parse,
};
