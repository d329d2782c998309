/*
 * lnk.c - Windows shortcuts (.lnk) through liblnk.
 *
 * Format: [MS-SHLLINK] and libyal's "Windows Shortcut File (LNK) format";
 * liblnk 20181227 (Debian liblnk1) decodes it. What a shortcut proves: a
 * file or program existed at that path (Recent: the user opened it;
 * Startup: it runs at every logon, a persistence place), with the
 * target's creation, modification and access times as they were when the
 * link was written, its size, the volume (drive type, serial, label) and
 * the machine (TrackerDataBlock NetBIOS name) it was on.
 *
 * liblnk is loaded on first use into a link-map namespace of its own, as
 * libscca is (parsers/image/prefetch.c says why: libyal libraries export
 * their own copies of the same helper symbols), and reads the shortcut
 * from an anonymous memory file, so loose files and files inside images
 * take the same path.
 */
#include "compat.h"

#include <ctype.h>
#include <errno.h>
#include <liblnk.h>
#include <strings.h>
#include <unistd.h>

#include "config.h"	/* CT_SONAME_LNK */

#include "artefact.h"
#include "buf.h"
#include "casedb.h"
#include "dynlib.h"
#include "files.h"
#include "xalloc.h"

#define LNK_MAX_BYTES	(16u << 20)	/* shortcuts are a few KiB */
#define LNK_MAX_STRING	65536		/* bytes of one string we keep */

#define LNK_FUNCS(X) \
	X(liblnk_get_version) \
	X(liblnk_error_backtrace_sprint) \
	X(liblnk_error_free) \
	X(liblnk_file_initialize) \
	X(liblnk_file_free) \
	X(liblnk_file_open) \
	X(liblnk_file_close) \
	X(liblnk_file_link_refers_to_file) \
	X(liblnk_file_get_file_creation_time) \
	X(liblnk_file_get_file_modification_time) \
	X(liblnk_file_get_file_access_time) \
	X(liblnk_file_get_file_size) \
	X(liblnk_file_get_file_attribute_flags) \
	X(liblnk_file_get_drive_type) \
	X(liblnk_file_get_drive_serial_number) \
	X(liblnk_file_get_data_flags) \
	X(liblnk_file_get_droid_file_identifier) \
	X(liblnk_file_get_droid_volume_identifier) \
	X(liblnk_file_has_distributed_link_tracking_data) \
	X(liblnk_file_get_utf8_volume_label_size) \
	X(liblnk_file_get_utf8_volume_label) \
	X(liblnk_file_get_utf8_local_path_size) \
	X(liblnk_file_get_utf8_local_path) \
	X(liblnk_file_get_utf8_network_path_size) \
	X(liblnk_file_get_utf8_network_path) \
	X(liblnk_file_get_utf8_description_size) \
	X(liblnk_file_get_utf8_description) \
	X(liblnk_file_get_utf8_relative_path_size) \
	X(liblnk_file_get_utf8_relative_path) \
	X(liblnk_file_get_utf8_working_directory_size) \
	X(liblnk_file_get_utf8_working_directory) \
	X(liblnk_file_get_utf8_command_line_arguments_size) \
	X(liblnk_file_get_utf8_command_line_arguments) \
	X(liblnk_file_get_utf8_icon_location_size) \
	X(liblnk_file_get_utf8_icon_location) \
	X(liblnk_file_get_utf8_environment_variables_location_size) \
	X(liblnk_file_get_utf8_environment_variables_location) \
	X(liblnk_file_get_utf8_machine_identifier_size) \
	X(liblnk_file_get_utf8_machine_identifier)

static struct {
#define X(f) __typeof__(f) *f;
	LNK_FUNCS(X)
#undef X
} L;

static const struct ct_dynsym lnk_syms[] = {
#define X(f) { #f, (void **)&L.f },
	LNK_FUNCS(X)
#undef X
	{ NULL, NULL }
};

static struct ct_dynlib lnk_lib = {
	CT_SONAME_LNK, "liblnk1", CT_DYNLIB_NAMESPACE, NULL, lnk_syms, 0, ""
};

/* Where a shortcut lies says why it is there (checked in this order). */
static const struct { const char *glob_part; const char *location; } lnk_places[] = {
	{ "/Start Menu/Programs/Startup/", "Startup" },
	{ "/Microsoft/Office/Recent/", "Office Recent" },
	{ "/Microsoft/Windows/Recent/", "Recent" },
	{ "/Recent/", "Recent" },
	{ "/Desktop/", "Desktop" },
	{ "/Start Menu/", "Start Menu" },
	{ "/Quick Launch/", "Quick Launch" },
};

static const char *const lnk_drive_types[] = {
	"unknown", "no root directory", "removable", "fixed", "remote",
	"CD-ROM", "RAM disk",
};

/* Case-insensitive strstr where '\\' in path matches '/' in part. */
static int
path_contains(const char *path, const char *part)
{
	size_t n = strlen(part), i;
	const char *s;

	for (s = path; *s; s++) {
		for (i = 0; i < n && s[i]; i++) {
			int c = s[i] == '\\' ? '/' : (unsigned char)s[i];

			if (tolower(c) != tolower((unsigned char)part[i]))
				break;
		}
		if (i == n)
			return 1;
	}
	return 0;
}

static const char *
lnk_place(const char *path)
{
	size_t i;

	for (i = 0; i < sizeof(lnk_places) / sizeof(lnk_places[0]); i++)
		if (path_contains(path, lnk_places[i].glob_part))
			return lnk_places[i].location;
	return NULL;
}

/* One string getter pair of liblnk: its size, then its text. */
typedef int (*lnk_size_fn)(liblnk_file_t *, size_t *, liblnk_error_t **);
typedef int (*lnk_str_fn)(liblnk_file_t *, uint8_t *, size_t,
    liblnk_error_t **);

/* The string into out (reset first); 0 when the link has none. */
static int
lnk_string(liblnk_file_t *f, lnk_size_fn size_fn, lnk_str_fn str_fn,
    struct ct_buf *out)
{
	uint8_t *tmp;
	size_t sz = 0;

	ct_buf_reset(out);
	if (size_fn(f, &sz, NULL) != 1 || sz == 0 || sz > LNK_MAX_STRING)
		return 0;
	tmp = ct_xmalloc(sz);
	if (str_fn(f, tmp, sz, NULL) == 1) {
		tmp[sz - 1] = '\0';
		ct_buf_add_utf8_clean(out, (const char *)tmp,
		    strlen((const char *)tmp));
	}
	free(tmp);
	return out->len > 0;
}

#define LNK_STRING(f, name, out) lnk_string((f), \
	L.liblnk_file_get_utf8_##name##_size, L.liblnk_file_get_utf8_##name, (out))

static void
lnk_message(liblnk_error_t *e, char *out, size_t n)
{
	out[0] = '\0';
	if (e) {
		char *nl;

		/* innermost reason first: keep that line */
		L.liblnk_error_backtrace_sprint(e, out, n);
		nl = strchr(out, '\n');
		if (nl)
			*nl = '\0';
		L.liblnk_error_free(&e);
	}
}

static int64_t
lnk_time(liblnk_file_t *f, int (*fn)(liblnk_file_t *, uint64_t *,
    liblnk_error_t **))
{
	uint64_t ft = 0;

	if (fn(f, &ft, NULL) != 1 || ft == 0 || ft > INT64_MAX)
		return CT_NULL_INT;
	return (int64_t)ft;
}

static void
add_guid(struct ct_buf *b, const char *key, const uint8_t g[16])
{
	static const uint8_t zero[16];

	if (memcmp(g, zero, 16) == 0)
		return;
	/* the first three groups are little-endian */
	ct_buf_addf(b, ",\"%s\":\"%02x%02x%02x%02x-%02x%02x-%02x%02x-", key,
	    g[3], g[2], g[1], g[0], g[5], g[4], g[7], g[6]);
	ct_buf_add_hex(b, g + 8, 2, 0);
	ct_buf_addch(b, '-');
	ct_buf_add_hex(b, g + 10, 6, 0);
	ct_buf_addch(b, '"');
}

static void
add_text(struct ct_buf *b, const char *key, const struct ct_buf *v)
{
	ct_buf_addf(b, ",\"%s\":", key);
	ct_files_json_str(b, v->len ? v->buf : NULL);
}

/* Decode the open link f and emit its artefact. */
static void
lnk_emit(liblnk_file_t *f, const char *path, struct ct_batch *b)
{
	struct ct_buf label = CT_BUF_INIT, local = CT_BUF_INIT;
	struct ct_buf net = CT_BUF_INIT, desc = CT_BUF_INIT, rel = CT_BUF_INIT;
	struct ct_buf wd = CT_BUF_INIT, args = CT_BUF_INIT, icon = CT_BUF_INIT;
	struct ct_buf env = CT_BUF_INIT, machine = CT_BUF_INIT;
	struct ct_buf data = CT_BUF_INIT, sum = CT_BUF_INIT, cmd = CT_BUF_INIT;
	struct ct_artefact_row a;
	struct ct_files_time times[3];
	const char *target = NULL, *place = lnk_place(path);
	uint32_t size = 0, attrs = 0, drive = 0, serial = 0, dflags = 0;
	int has_size, has_drive, has_serial;
	uint8_t guid[16];
	char user[256];

	has_size = L.liblnk_file_get_file_size(f, &size, NULL) == 1;
	L.liblnk_file_get_file_attribute_flags(f, &attrs, NULL);
	L.liblnk_file_get_data_flags(f, &dflags, NULL);
	has_drive = L.liblnk_file_get_drive_type(f, &drive, NULL) == 1;
	has_serial = L.liblnk_file_get_drive_serial_number(f, &serial,
	    NULL) == 1;
	/* a network target has no VolumeID: liblnk then answers zeros */
	if (has_drive && has_serial && drive == 0 && serial == 0)
		has_drive = has_serial = 0;
	LNK_STRING(f, volume_label, &label);
	LNK_STRING(f, local_path, &local);
	LNK_STRING(f, network_path, &net);
	LNK_STRING(f, description, &desc);
	LNK_STRING(f, relative_path, &rel);
	LNK_STRING(f, working_directory, &wd);
	LNK_STRING(f, command_line_arguments, &args);
	LNK_STRING(f, icon_location, &icon);
	LNK_STRING(f, environment_variables_location, &env);
	LNK_STRING(f, machine_identifier, &machine);

	/* the best statement of the target: LinkInfo first, then the rest */
	target = local.len ? local.buf : net.len ? net.buf : env.len ? env.buf :
	    rel.len ? rel.buf : NULL;
	times[0].ts = lnk_time(f, L.liblnk_file_get_file_creation_time);
	times[0].desc = "LNK target created";
	times[1].ts = lnk_time(f, L.liblnk_file_get_file_modification_time);
	times[1].desc = "LNK target modified";
	times[2].ts = lnk_time(f, L.liblnk_file_get_file_access_time);
	times[2].desc = "LNK target accessed";

	ct_buf_adds(&data, "{\"link\":");
	ct_files_json_str(&data, ct_files_basename(path));
	ct_buf_adds(&data, ",\"location\":");
	ct_files_json_str(&data, place);
	ct_buf_addf(&data, ",\"persistence\":%s",
	    place && strcmp(place, "Startup") == 0 ? "true" : "false");
	add_text(&data, "local_path", &local);
	add_text(&data, "network_path", &net);
	add_text(&data, "relative_path", &rel);
	add_text(&data, "working_directory", &wd);
	add_text(&data, "arguments", &args);
	add_text(&data, "icon_location", &icon);
	add_text(&data, "environment_location", &env);
	add_text(&data, "description", &desc);
	add_text(&data, "volume_label", &label);
	if (has_drive)
		ct_buf_addf(&data, ",\"drive_type\":%" PRIu32 ",\"drive_type_name\""
		    ":\"%s\"", drive, drive < sizeof(lnk_drive_types) /
		    sizeof(lnk_drive_types[0]) ? lnk_drive_types[drive] : "?");
	if (has_serial)
		ct_buf_addf(&data, ",\"volume_serial\":\"%08" PRIX32 "\"", serial);
	add_text(&data, "machine_id", &machine);
	if (L.liblnk_file_get_droid_file_identifier(f, guid, 16, NULL) == 1)
		add_guid(&data, "droid_file_id", guid);
	if (L.liblnk_file_get_droid_volume_identifier(f, guid, 16, NULL) == 1)
		add_guid(&data, "droid_volume_id", guid);
	ct_buf_addf(&data, ",\"attributes\":\"0x%08" PRIx32 "\",\"data_flags\":"
	    "\"0x%08" PRIx32 "\"", attrs, dflags);
	ct_buf_adds(&data, ",\"target_created\":");
	ct_buf_add_i64(&data, times[0].ts == CT_NULL_INT ? 0 : times[0].ts);
	ct_buf_adds(&data, ",\"target_modified\":");
	ct_buf_add_i64(&data, times[1].ts == CT_NULL_INT ? 0 : times[1].ts);
	ct_buf_adds(&data, ",\"target_accessed\":");
	ct_buf_add_i64(&data, times[2].ts == CT_NULL_INT ? 0 : times[2].ts);
	ct_buf_addch(&data, '}');

	if (target) {
		ct_buf_adds(&cmd, target);
		if (args.len)
			ct_buf_addf(&cmd, " %s", args.buf);
	}
	ct_buf_addf(&sum, "Shortcut %s", ct_files_basename(path));
	if (place)
		ct_buf_addf(&sum, " (%s)", place);
	ct_buf_addf(&sum, " to %s", cmd.len ? cmd.buf : "?");
	if (machine.len)
		ct_buf_addf(&sum, ", made on %s", machine.buf);

	ct_files_profile_user(path, user, sizeof(user));
	ct_artefact_row_init(&a, "lnk");
	a.name = ct_files_basename(path);
	a.path = target;
	a.command_line = cmd.len ? cmd.buf : NULL;
	a.size = has_size ? (int64_t)size : CT_NULL_INT;
	a.user_name = user[0] ? user : NULL;
	a.time = times[0].ts;
	a.key_path = path;
	a.data = data.buf;
	ct_files_emit(b, "LNK file", 0, 0, &a, sum.buf, times, 3);

	ct_buf_release(&label);
	ct_buf_release(&local);
	ct_buf_release(&net);
	ct_buf_release(&desc);
	ct_buf_release(&rel);
	ct_buf_release(&wd);
	ct_buf_release(&args);
	ct_buf_release(&icon);
	ct_buf_release(&env);
	ct_buf_release(&machine);
	ct_buf_release(&data);
	ct_buf_release(&sum);
	ct_buf_release(&cmd);
}

static int
lnk_probe(const uint8_t *head, size_t n, const char *name, int64_t size)
{
	/* header size 76 and the LNK class id 00021401-0000-0000-C000-000000000046 */
	static const uint8_t magic[20] = {
		0x4c, 0, 0, 0, 0x01, 0x14, 0x02, 0, 0, 0, 0, 0,
		0xc0, 0, 0, 0, 0, 0, 0, 0x46 };

	(void)name;
	(void)size;
	return n >= sizeof(magic) && memcmp(head, magic, sizeof(magic)) == 0 ?
	    90 : 0;
}

static enum ct_status
lnk_parse(struct ct_input *in, struct ct_error *err)
{
	liblnk_file_t *f = NULL;
	liblnk_error_t *e = NULL;
	struct ct_batch *b = NULL;
	uint8_t *data = NULL;
	char fdpath[64], msg[512];
	size_t n;
	int fd = -1;
	enum ct_status rc;

	if (ct_dynlib_load(&lnk_lib) != 0)
		return ct_error_set(err, CT_ERR_UNSUPPORTED, in->path,
		    CT_NO_OFFSET, "%s", lnk_lib.error);
	rc = ct_files_slurp(in, 76, LNK_MAX_BYTES, "LNK file", &data, &n, err);
	if (rc)
		return rc;
	fd = ct_files_memory_file(data, n, fdpath, sizeof(fdpath));
	if (fd < 0) {
		rc = ct_error_set(err, CT_ERR_IO, in->path, CT_NO_OFFSET,
		    "cannot make a memory file for liblnk: %s", strerror(errno));
		goto out;
	}
	if (L.liblnk_file_initialize(&f, NULL) != 1) {
		rc = ct_error_set(err, CT_ERR_INTERNAL, in->path, CT_NO_OFFSET,
		    "cannot set up liblnk");
		goto out;
	}
	if (L.liblnk_file_open(f, fdpath, LIBLNK_OPEN_READ, &e) != 1) {
		lnk_message(e, msg, sizeof(msg));
		rc = ct_error_set(err, CT_ERR_FORMAT, in->path, CT_NO_OFFSET,
		    "not a shortcut liblnk %s can read: %s",
		    L.liblnk_get_version(), msg);
		goto out;
	}
	b = ct_batch_new(in->sink, in->source_id, "lnk");
	lnk_emit(f, in->path, b);
out:
	ct_batch_free(b);
	if (f) {
		L.liblnk_file_close(f, NULL);
		L.liblnk_file_free(&f, NULL);
	}
	if (fd >= 0)
		close(fd);
	free(data);
	return rc;
}

static const char *const lnk_image_paths[] = {
	"*.lnk", NULL
};

const struct ct_parser ct_parser_lnk = {
	.abi = CT_PARSER_ABI,
	.name = "lnk",
	.kind = "lnk",
	.summary = "Windows shortcuts (.lnk: target, its times, volume, machine; via liblnk)",
	.nested = 1,
	.image_paths = lnk_image_paths,
	.probe = lnk_probe,
	.parse = lnk_parse,
};
