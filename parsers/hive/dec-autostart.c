/*
 * dec-autostart.c - what starts programs: Run/RunOnce keys, services,
 * scheduled tasks (TaskCache), and what is installed (Uninstall keys).
 *
 *	run_key		one per value of a Run, RunOnce, RunServices(Once)
 *			or Policies\Explorer\Run key (SOFTWARE, WOW6432Node,
 *			every user's NTUSER); time: the key's last write
 *	service		one per ControlSet*\Services\<name> key with a Type
 *			or ImagePath; service_dll one per Parameters key with
 *			a ServiceDll; time: the key's last write
 *	task		one per TaskCache\Tasks\{GUID}: Path, the Actions
 *			blob's commands; time: the key's last write
 *	task_tree	one per TaskCache\Tree\<folder>\<name> with an Id:
 *			the name under which the task is registered; a Tree
 *			entry without SD is hidden from schtasks and the
 *			Task Scheduler UI (a known way to hide a task)
 *	uninstall	one per Uninstall\<name> key
 */
#include "compat.h"

#include <strings.h>

#include "artefact.h"
#include "bytes.h"
#include "casedb.h"
#include "dec-util.h"
#include "decoders.h"
#include "utf8.h"
#include "xalloc.h"

/* ---- Run keys ---- */

static const char *const run_names[] = {
	"Run", "RunOnce", "RunServices", "RunServicesOnce", NULL
};

/*
 * The program a command line starts: the quoted first token, or
 * everything up to the first space (Windows tries longer prefixes for
 * unquoted paths with spaces; the analysis gets the whole command line).
 */
static char *
program_of(const char *cmd)
{
	const char *e;

	while (*cmd == ' ' || *cmd == '\t')
		cmd++;
	if (*cmd == '"') {
		e = strchr(cmd + 1, '"');
		return e ? ct_xstrndup(cmd + 1, (size_t)(e - cmd - 1)) :
		    ct_xstrdup(cmd + 1);
	}
	e = strpbrk(cmd, " \t");
	return e ? ct_xstrndup(cmd, (size_t)(e - cmd)) : ct_xstrdup(cmd);
}

void
ct_dec_run_key(const struct ct_reg_key_view *k, struct ct_batch *b)
{
	const char *key = ct_dec_key_name(k);
	size_t i;
	int known = 0;

	for (i = 0; run_names[i]; i++)
		known |= strcasecmp(key, run_names[i]) == 0;
	if (!known)
		return;
	for (i = 0; i < k->nvalues; i++) {
		const struct ct_reg_value_view *v = &k->values[i];
		struct ct_artefact_row a;
		struct ct_buf cmd = CT_BUF_INIT, sum = CT_BUF_INIT;
		struct ct_dec_json j = CT_DEC_JSON_INIT;
		char *prog;

		if (!ct_dec_value_text(v, &cmd))
			continue;
		prog = program_of(cmd.buf);
		ct_artefact_row_init(&a, "run_key");
		a.name = v->name;
		a.command_line = cmd.buf;
		a.path = prog;
		ct_dec_json_str(&j, "key", key);
		a.data = ct_dec_json_done(&j);
		if (k->last_written > 0)
			a.time = k->last_written;
		ct_buf_addf(&sum, "%s entry '%s': %s", key, v->name, cmd.buf);
		ct_reg_emit_artefact(b, k, &a, sum.buf, "Run key written");
		free(prog);
		ct_dec_json_release(&j);
		ct_buf_release(&cmd);
		ct_buf_release(&sum);
	}
}

/* ---- services ---- */

/* Start and Type values as the Service Control Manager names them. */
static const char *const start_names[] = {
	"boot", "system", "auto", "demand", "disabled"
};

/* The Type bits (winnt.h SERVICE_*). */
static const struct { uint32_t bit; const char *name; } type_names[] = {
	{ 0x1, "kernel_driver" }, { 0x2, "file_system_driver" },
	{ 0x4, "adapter" }, { 0x8, "recognizer_driver" },
	{ 0x10, "own_process" }, { 0x20, "share_process" },
	{ 0x40, "user_service" }, { 0x80, "user_service_instance" },
	{ 0x100, "interactive" },
};

static void
type_text(int64_t type, struct ct_buf *out)
{
	size_t i;

	for (i = 0; i < CT_ARRAY_SIZE(type_names); i++) {
		if (!(type & type_names[i].bit))
			continue;
		if (out->len)
			ct_buf_addch(out, '|');
		ct_buf_adds(out, type_names[i].name);
	}
}

void
ct_dec_service(const struct ct_reg_key_view *k, struct ct_batch *b)
{
	struct ct_artefact_row a;
	struct ct_dec_json j = CT_DEC_JSON_INIT;
	struct ct_buf sum = CT_BUF_INIT, types = CT_BUF_INIT;
	char *image, *object, *display, *dll, *group;
	int64_t start = CT_NULL_INT, type = CT_NULL_INT;
	const char *name = ct_dec_key_name(k);

	if (ct_dec_depth(k) != 3)
		return;
	image = ct_dec_str(k, "ImagePath");
	if (!ct_dec_num(k, "Start", &start))
		start = CT_NULL_INT;
	if (!ct_dec_num(k, "Type", &type))
		type = CT_NULL_INT;
	if (image == NULL && type == CT_NULL_INT)
		return;		/* not a service: a bare key */
	object = ct_dec_str(k, "ObjectName");
	display = ct_dec_str(k, "DisplayName");
	dll = ct_dec_str(k, "ServiceDll");	/* NT 4-era: in the key */
	group = ct_dec_str(k, "Group");
	ct_artefact_row_init(&a, "service");
	a.name = name;
	a.path = dll ? dll : image;
	a.command_line = image;
	a.product = display;
	ct_dec_json_int(&j, "start", start);
	if (start >= 0 && start < (int64_t)CT_ARRAY_SIZE(start_names))
		ct_dec_json_str(&j, "start_type", start_names[start]);
	ct_dec_json_int(&j, "type", type);
	if (type != CT_NULL_INT) {
		type_text(type, &types);
		if (types.len)
			ct_dec_json_str(&j, "type_names", types.buf);
	}
	ct_dec_json_str(&j, "object_name", object);
	ct_dec_json_str(&j, "service_dll", dll);
	ct_dec_json_str(&j, "group", group);
	a.data = ct_dec_json_done(&j);
	if (k->last_written > 0)
		a.time = k->last_written;
	ct_buf_addf(&sum, "service %s: %s", name, image ? image : "(no image)");
	if (start >= 0 && start < (int64_t)CT_ARRAY_SIZE(start_names))
		ct_buf_addf(&sum, " (start %s)", start_names[start]);
	ct_reg_emit_artefact(b, k, &a, sum.buf, "service key written");
	ct_buf_release(&sum);
	ct_buf_release(&types);
	ct_dec_json_release(&j);
	free(image); free(object); free(display); free(dll); free(group);
}

/* ControlSet*\Services\<name>\Parameters: the DLL a svchost service loads. */
void
ct_dec_service_dll(const struct ct_reg_key_view *k, struct ct_batch *b)
{
	struct ct_artefact_row a;
	struct ct_buf sum = CT_BUF_INIT;
	char name[256];
	char *dll;

	if (ct_dec_depth(k) != 4 || strcasecmp(ct_dec_key_name(k),
	    "Parameters") != 0)
		return;
	dll = ct_dec_str(k, "ServiceDll");
	if (dll == NULL)
		return;
	ct_dec_component(k, 2, name, sizeof(name));
	ct_artefact_row_init(&a, "service_dll");
	a.name = name;
	a.path = dll;
	if (k->last_written > 0)
		a.time = k->last_written;
	ct_buf_addf(&sum, "service %s loads %s", name, dll);
	ct_reg_emit_artefact(b, k, &a, sum.buf, "service key written");
	ct_buf_release(&sum);
	free(dll);
}

/* ---- scheduled tasks ---- */

#define ACTION_EXEC	0x6666	/* an "execute" action in the Actions blob */
#define MAX_ACTIONS	32

/*
 * The UTF-16LE string at *off, after its length in bytes (u32); moves
 * *off past it. 0 if it does not fit.
 */
static int
blob_string(const uint8_t *d, size_t n, size_t *off, struct ct_buf *out)
{
	uint32_t len;

	if (!CT_FITS(n, *off, 4))
		return 0;
	len = ct_le32(d + *off);
	if (!CT_FITS(n, *off + 4, len))
		return 0;
	ct_utf8_from_utf16le(out, d + *off + 4, len / 2, 1);
	*off += 4 + (size_t)len;
	return 1;
}

/*
 * The Actions value: version (u16), the principal's id (string), then
 * actions, each a u16 type; an execute action (0x6666) has an id,
 * command, arguments and working directory. Other action types (COM
 * handler, e-mail, message) stop the walk: their layouts are not ours to
 * guess. Command lines are appended to cmd, one per action, "; "-joined;
 * the first action's program (without its arguments) to first.
 */
static void
task_actions(const struct ct_reg_value_view *v, struct ct_buf *cmd,
    struct ct_buf *first, struct ct_batch *b, const struct ct_reg_key_view *k)
{
	struct ct_buf tmp = CT_BUF_INIT;
	size_t off = 2;
	uint16_t version;
	int n;

	if (v == NULL || v->data == NULL || v->size < 2)
		return;
	version = ct_le16(v->data);
	if (!blob_string(v->data, v->size, &off, &tmp))
		goto damaged;
	for (n = 0; n < MAX_ACTIONS && CT_FITS(v->size, off, 2); n++) {
		uint16_t type = ct_le16(v->data + off);

		off += 2;
		if (type != ACTION_EXEC)
			break;
		ct_buf_reset(&tmp);
		if (!blob_string(v->data, v->size, &off, &tmp))	/* id */
			goto damaged;
		if (cmd->len)
			ct_buf_adds(cmd, "; ");
		ct_buf_reset(&tmp);
		if (!blob_string(v->data, v->size, &off, &tmp))	/* command */
			goto damaged;
		ct_buf_add(cmd, tmp.buf, tmp.len);
		if (first->len == 0)
			ct_buf_add(first, tmp.buf, tmp.len);
		ct_buf_reset(&tmp);
		if (!blob_string(v->data, v->size, &off, &tmp))	/* arguments */
			goto damaged;
		if (tmp.len) {
			ct_buf_addch(cmd, ' ');
			ct_buf_add(cmd, tmp.buf, tmp.len);
		}
		ct_buf_reset(&tmp);
		if (!blob_string(v->data, v->size, &off, &tmp))	/* directory */
			goto damaged;
		if (version >= 3)
			off += 2;	/* flags */
	}
	ct_buf_release(&tmp);
	return;
damaged:
	ct_batch_warn(b, k->offset, "task Actions of '%s' (version %u): "
	    "string past the value's %zu bytes at byte %zu", k->path, version,
	    v->size, off);
	ct_buf_release(&tmp);
}

void
ct_dec_task_cache(const struct ct_reg_key_view *k, struct ct_batch *b)
{
	struct ct_artefact_row a;
	struct ct_dec_json j = CT_DEC_JSON_INIT;
	struct ct_buf sum = CT_BUF_INIT, cmd = CT_BUF_INIT, prog = CT_BUF_INIT;
	const struct ct_reg_value_view *dyn = ct_reg_value(k, "DynamicInfo");
	char *path, *uri, *author, *desc;

	path = ct_dec_str(k, "Path");
	if (path == NULL && ct_reg_value(k, "Actions") == NULL)
		return;
	uri = ct_dec_str(k, "URI");
	author = ct_dec_str(k, "Author");
	desc = ct_dec_str(k, "Description");
	task_actions(ct_reg_value(k, "Actions"), &cmd, &prog, b, k);
	ct_artefact_row_init(&a, "task");
	a.name = path ? path : uri;
	a.command_line = cmd.len ? cmd.buf : NULL;
	a.path = prog.len ? prog.buf : NULL;
	ct_dec_json_str(&j, "id", ct_dec_key_name(k));
	ct_dec_json_str(&j, "author", author);
	ct_dec_json_str(&j, "description", desc);
	/* DynamicInfo: version (u32), created, last run (FILETIMEs) */
	if (dyn && dyn->data && dyn->size >= 20) {
		int64_t created = (int64_t)ct_le64(dyn->data + 4);
		int64_t last_run = (int64_t)ct_le64(dyn->data + 12);

		if (created > 0)
			ct_dec_json_int(&j, "created", created);
		if (last_run > 0)
			ct_dec_json_int(&j, "last_run", last_run);
	}
	a.data = ct_dec_json_done(&j);
	if (k->last_written > 0)
		a.time = k->last_written;
	ct_buf_addf(&sum, "scheduled task %s", a.name ? a.name :
	    ct_dec_key_name(k));
	if (cmd.len)
		ct_buf_addf(&sum, ": %s", cmd.buf);
	ct_reg_emit_artefact(b, k, &a, sum.buf, "task key written");
	ct_buf_release(&sum);
	ct_buf_release(&cmd);
	ct_buf_release(&prog);
	ct_dec_json_release(&j);
	free(path); free(uri); free(author); free(desc);
}

#define TREE_DEPTH	6	/* Microsoft\...\Schedule\TaskCache\Tree */

void
ct_dec_task_tree(const struct ct_reg_key_view *k, struct ct_batch *b)
{
	struct ct_artefact_row a;
	struct ct_dec_json j = CT_DEC_JSON_INIT;
	struct ct_buf name = CT_BUF_INIT, sum = CT_BUF_INIT;
	const char *p = k->path;
	char *id;
	int64_t index = CT_NULL_INT;
	size_t i;

	if (ct_dec_depth(k) <= TREE_DEPTH)
		return;
	id = ct_dec_str(k, "Id");
	if (id == NULL)
		return;		/* a folder, not a task */
	for (i = 0; i < TREE_DEPTH && p; i++) {
		p = strchr(p, '\\');
		p = p ? p + 1 : NULL;
	}
	ct_buf_addch(&name, '\\');
	ct_buf_adds(&name, p ? p : "");
	if (!ct_dec_num(k, "Index", &index))
		index = CT_NULL_INT;
	ct_artefact_row_init(&a, "task_tree");
	a.name = name.buf;
	ct_dec_json_str(&j, "id", id);
	ct_dec_json_int(&j, "index", index);
	ct_dec_json_int(&j, "hidden", ct_reg_value(k, "SD") == NULL);
	a.data = ct_dec_json_done(&j);
	if (k->last_written > 0)
		a.time = k->last_written;
	ct_buf_addf(&sum, "scheduled task %s registered as %s%s", name.buf, id,
	    ct_reg_value(k, "SD") ? "" : " (no security descriptor: hidden)");
	ct_reg_emit_artefact(b, k, &a, sum.buf, "task key written");
	ct_buf_release(&name);
	ct_buf_release(&sum);
	ct_dec_json_release(&j);
	free(id);
}

/* ---- installed programs ---- */

void
ct_dec_uninstall(const struct ct_reg_key_view *k, struct ct_batch *b)
{
	struct ct_artefact_row a;
	struct ct_dec_json j = CT_DEC_JSON_INIT;
	struct ct_buf sum = CT_BUF_INIT;
	char *name, *publisher, *version, *date, *location, *uninstall;
	size_t depth = ct_dec_depth(k);

	/* Microsoft\...\Uninstall\X or WOW6432Node\Microsoft\...\Uninstall\X */
	if (depth != 5 && depth != 6)
		return;
	if (depth == 6 && strncasecmp(k->path, "WOW6432Node\\", 12) != 0)
		return;
	name = ct_dec_str(k, "DisplayName");
	publisher = ct_dec_str(k, "Publisher");
	version = ct_dec_str(k, "DisplayVersion");
	date = ct_dec_str(k, "InstallDate");
	location = ct_dec_str(k, "InstallLocation");
	uninstall = ct_dec_str(k, "UninstallString");
	ct_artefact_row_init(&a, "uninstall");
	a.name = name ? name : ct_dec_key_name(k);
	a.product = name;
	a.publisher = publisher;
	a.version = version;
	a.path = location;
	a.command_line = uninstall;
	ct_dec_json_str(&j, "key", ct_dec_key_name(k));
	ct_dec_json_str(&j, "install_date", date);
	a.data = ct_dec_json_done(&j);
	if (k->last_written > 0)
		a.time = k->last_written;
	ct_buf_addf(&sum, "installed: %s", a.name);
	if (version)
		ct_buf_addf(&sum, " %s", version);
	if (publisher)
		ct_buf_addf(&sum, " (%s)", publisher);
	ct_reg_emit_artefact(b, k, &a, sum.buf, "Uninstall key written");
	ct_buf_release(&sum);
	ct_dec_json_release(&j);
	free(name); free(publisher); free(version); free(date); free(location);
	free(uninstall);
}
