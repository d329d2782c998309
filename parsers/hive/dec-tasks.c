/*
 * dec-tasks.c - scheduled tasks in the TaskCache (SOFTWARE
 * Microsoft\Windows NT\CurrentVersion\Schedule\TaskCache).
 *
 *	task		one per Tasks\{GUID}: Path, the Actions blob's
 *			commands, DynamicInfo's times; time: the key's last
 *			write
 *	task_tree	one per Tree\<folder>\<name> with an Id: the name
 *			under which the task is registered; a Tree entry
 *			without SD is hidden from schtasks and the Task
 *			Scheduler UI (a known way to hide a task)
 */
#include "compat.h"

#include "artefact.h"
#include "bytes.h"
#include "casedb.h"
#include "dec-util.h"
#include "decoders.h"
#include "utf8.h"

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
	ct_artefact_row_init(&a, "taskcache");
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
