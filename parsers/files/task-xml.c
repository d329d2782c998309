/*
 * task-xml.c - scheduled tasks as the Task Scheduler 2.0 stores them:
 * one XML file per task under Windows\System32\Tasks, named after the
 * task, its folders the task's folders ("\QuillEdit\QuillEdit Update").
 *
 * Format: [MS-TSCH] 2.5 "Task XML schema" (namespace
 * http://schemas.microsoft.com/windows/2004/02/mit/task); the files are
 * UTF-16LE with a byte-order mark, which expat reads itself, as it reads
 * UTF-8. A DOCTYPE is refused (a task never has one, and entity
 * declarations are how XML is made to explode).
 *
 * One artefact per action (Exec: command and arguments; ComHandler: class
 * id and data), position = the action's number; a task without actions
 * still gets one. RegistrationInfo/Date is written in the machine's LOCAL
 * time without an offset: it is kept as text in data and only becomes
 * the artefact's time when it carries a zone ("Z" or "+01:00").
 */
#include "compat.h"

#include <expat.h>
#include <strings.h>

#include "artefact.h"
#include "buf.h"
#include "casedb.h"
#include "files.h"
#include "timefmt.h"

#define TASK_NS		"http://schemas.microsoft.com/windows/2004/02/mit/task"
#define TASK_MAX_BYTES	(4u << 20)	/* real ones are a few KiB */
#define TASK_MAX_DEPTH	32		/* deeper elements are skipped */
#define TASK_MAX_TEXT	65536		/* bytes kept of one element's text */
#define TASK_MAX_ACTIONS 32		/* the schema allows 32 */
#define TASK_MAX_TRIGGERS 48		/* the schema allows 48 */

struct task_action {
	int com;			/* ComHandler rather than Exec */
	struct ct_buf command, arguments, workdir;	/* Exec */
	struct ct_buf class_id, com_data;		/* ComHandler */
};

struct task_trigger {
	struct ct_buf type, start, enabled, user, interval;
};

/* What the handlers collect; every string is text of the XML. */
struct task_doc {
	XML_Parser p;
	struct ct_batch *b;
	int depth;
	char names[TASK_MAX_DEPTH][48];	/* local names of the open elements */
	struct ct_buf text;
	int is_task, refused;
	struct ct_buf date, author, description, uri;
	struct ct_buf user_id, group_id, run_level, logon_type;
	struct ct_buf hidden, enabled;
	struct task_action actions[TASK_MAX_ACTIONS];
	int nactions, actions_seen;
	struct task_trigger triggers[TASK_MAX_TRIGGERS];
	int ntriggers, triggers_seen;
};

/* The local name: without a namespace prefix ("t:Task" -> "Task"). */
static const char *
local_name(const char *name)
{
	const char *c = strrchr(name, ':');

	return c ? c + 1 : name;
}

/* 1 when the open elements are exactly the '/'-separated path. */
static int
at(const struct task_doc *d, const char *path)
{
	int i = 0;

	while (*path) {
		const char *slash = strchr(path, '/');
		size_t len = slash ? (size_t)(slash - path) : strlen(path);

		if (i >= d->depth || i >= TASK_MAX_DEPTH ||
		    strlen(d->names[i]) != len ||
		    strncmp(d->names[i], path, len) != 0)
			return 0;
		i++;
		path += len + (slash ? 1 : 0);
	}
	return i == d->depth;
}

static void
set_text(struct ct_buf *dst, const struct ct_buf *src)
{
	ct_buf_reset(dst);
	ct_buf_add(dst, src->buf, src->len);
}

static void XMLCALL
on_start(void *ud, const XML_Char *name, const XML_Char **attrs)
{
	struct task_doc *d = ud;
	const char *ln = local_name(name);
	int i;

	if (d->depth == 0) {
		d->is_task = strcmp(ln, "Task") == 0;
		for (i = 0; d->is_task && attrs[i]; i += 2)
			if (strncmp(attrs[i], "xmlns", 5) == 0 &&
			    strcmp(attrs[i + 1], TASK_NS) != 0)
				ct_files_warn(d->b, (int64_t)XML_GetCurrentByteIndex(
				    d->p), "task XML: namespace '%s', not the "
				    "Task Scheduler's", attrs[i + 1]);
	}
	if (d->depth < TASK_MAX_DEPTH)
		snprintf(d->names[d->depth], sizeof(d->names[0]), "%s", ln);
	d->depth++;
	ct_buf_reset(&d->text);
	if (at(d, "Task/Actions/Exec") || at(d, "Task/Actions/ComHandler")) {
		d->actions_seen++;
		if (d->nactions < TASK_MAX_ACTIONS)
			d->actions[d->nactions++].com = strcmp(ln, "ComHandler") == 0;
	}
	/* every child of Task/Triggers is one trigger, named by its type */
	if (d->depth == 3 && strcmp(d->names[0], "Task") == 0 &&
	    strcmp(d->names[1], "Triggers") == 0) {
		d->triggers_seen++;
		if (d->ntriggers < TASK_MAX_TRIGGERS)
			ct_buf_adds(&d->triggers[d->ntriggers++].type, ln);
	}
}

static void XMLCALL
on_text(void *ud, const XML_Char *s, int len)
{
	struct task_doc *d = ud;

	if (len > 0 && d->text.len + (size_t)len <= TASK_MAX_TEXT)
		ct_buf_add(&d->text, s, (size_t)len);
}

/* The field of the element that just ended, or NULL. */
static struct ct_buf *
field(struct task_doc *d)
{
	struct task_action *a = d->nactions ?
	    &d->actions[d->nactions - 1] : NULL;
	struct task_trigger *t = d->ntriggers ?
	    &d->triggers[d->ntriggers - 1] : NULL;

	if (at(d, "Task/RegistrationInfo/Date")) return &d->date;
	if (at(d, "Task/RegistrationInfo/Author")) return &d->author;
	if (at(d, "Task/RegistrationInfo/Description")) return &d->description;
	if (at(d, "Task/RegistrationInfo/URI")) return &d->uri;
	if (at(d, "Task/Principals/Principal/UserId")) return &d->user_id;
	if (at(d, "Task/Principals/Principal/GroupId")) return &d->group_id;
	if (at(d, "Task/Principals/Principal/RunLevel")) return &d->run_level;
	if (at(d, "Task/Principals/Principal/LogonType")) return &d->logon_type;
	if (at(d, "Task/Settings/Hidden")) return &d->hidden;
	if (at(d, "Task/Settings/Enabled")) return &d->enabled;
	if (a && d->actions_seen <= TASK_MAX_ACTIONS) {
		if (at(d, "Task/Actions/Exec/Command")) return &a->command;
		if (at(d, "Task/Actions/Exec/Arguments")) return &a->arguments;
		if (at(d, "Task/Actions/Exec/WorkingDirectory")) return &a->workdir;
		if (at(d, "Task/Actions/ComHandler/ClassId")) return &a->class_id;
		if (at(d, "Task/Actions/ComHandler/Data")) return &a->com_data;
	}
	if (t && d->triggers_seen <= TASK_MAX_TRIGGERS && d->depth == 4 &&
	    strcmp(d->names[1], "Triggers") == 0) {
		const char *ln = d->names[3];

		if (strcmp(ln, "StartBoundary") == 0) return &t->start;
		if (strcmp(ln, "Enabled") == 0) return &t->enabled;
		if (strcmp(ln, "UserId") == 0) return &t->user;
	}
	if (t && d->depth == 5 && strcmp(d->names[1], "Triggers") == 0 &&
	    strcmp(d->names[3], "Repetition") == 0 &&
	    strcmp(d->names[4], "Interval") == 0)
		return &t->interval;
	return NULL;
}

static void XMLCALL
on_end(void *ud, const XML_Char *name)
{
	struct task_doc *d = ud;
	struct ct_buf *f;

	(void)name;
	if ((f = field(d)) != NULL)
		set_text(f, &d->text);
	ct_buf_reset(&d->text);
	d->depth--;
}

static void XMLCALL
on_doctype(void *ud, const XML_Char *name, const XML_Char *sys,
    const XML_Char *pub, int has_internal)
{
	struct task_doc *d = ud;

	(void)name; (void)sys; (void)pub; (void)has_internal;
	d->refused = 1;
	XML_StopParser(d->p, XML_FALSE);
}

/* Every string buffer of d, for init and release alike. */
static void
doc_each_buf(struct task_doc *d, void (*fn)(struct ct_buf *))
{
	struct ct_buf *top[] = { &d->text, &d->date, &d->author,
	    &d->description, &d->uri, &d->user_id, &d->group_id,
	    &d->run_level, &d->logon_type, &d->hidden, &d->enabled };
	size_t i;

	for (i = 0; i < sizeof(top) / sizeof(top[0]); i++)
		fn(top[i]);
	for (i = 0; i < TASK_MAX_ACTIONS; i++) {
		fn(&d->actions[i].command);
		fn(&d->actions[i].arguments);
		fn(&d->actions[i].workdir);
		fn(&d->actions[i].class_id);
		fn(&d->actions[i].com_data);
	}
	for (i = 0; i < TASK_MAX_TRIGGERS; i++) {
		fn(&d->triggers[i].type);
		fn(&d->triggers[i].start);
		fn(&d->triggers[i].enabled);
		fn(&d->triggers[i].user);
		fn(&d->triggers[i].interval);
	}
}

static void
buf_init_uncapped(struct ct_buf *b)
{
	ct_buf_init(b, 0);
}

/*
 * The task's name from where its file lies: the path under
 * ...\System32\Tasks, '\'-separated with a leading '\'; outside a Tasks
 * folder (a loose copy) the URI the task gives itself, else "\<file>".
 */
static void
task_name(const char *path, const struct ct_buf *uri, struct ct_buf *out)
{
	const char *s, *rest = NULL;

	for (s = path; *s; s++)
		if ((*s == '/' || *s == '\\') && strncasecmp(s + 1, "Tasks", 5) == 0 &&
		    (s[6] == '/' || s[6] == '\\')) {
			rest = s + 7;
			break;		/* the first: a folder may be called Tasks too */
		}
	if ((rest == NULL || *rest == '\0') && uri->len && uri->buf[0] == '\\') {
		ct_buf_adds(out, uri->buf);
		return;
	}
	if (rest == NULL || *rest == '\0')
		rest = ct_files_basename(path);
	ct_buf_addch(out, '\\');
	for (s = rest; *s; s++)
		ct_buf_addch(out, *s == '/' ? '\\' : *s);
}

/* Trimmed text ("true" or "false") as a JSON boolean, or null. */
static void
json_bool(struct ct_buf *b, const struct ct_buf *v)
{
	if (v->len == 0)
		ct_buf_adds(b, "null");
	else
		ct_buf_adds(b, strcasecmp(v->buf, "true") == 0 ||
		    strcmp(v->buf, "1") == 0 ? "true" : "false");
}

static void
json_text(struct ct_buf *b, const char *key, const struct ct_buf *v)
{
	ct_buf_addf(b, ",\"%s\":", key);
	ct_files_json_str(b, v->len ? v->buf : NULL);
}

/* Whether the registration date carries its zone: then it is a real UTC time. */
static int64_t
date_with_zone(const struct ct_buf *date)
{
	int64_t t;

	if (date->len && date->buf[date->len - 1] == 'Z' &&
	    ct_time_parse(date->buf, &t) == 0)
		return t;
	return CT_NULL_INT;
}

static void
task_common_json(const struct task_doc *d, const char *name, struct ct_buf *b)
{
	int i;

	ct_buf_adds(b, "{\"task\":");
	ct_files_json_str(b, name);
	json_text(b, "uri", &d->uri);
	json_text(b, "author", &d->author);
	json_text(b, "description", &d->description);
	json_text(b, "registration_date", &d->date);
	ct_buf_adds(b, ",\"registration_date_zone\":");
	ct_files_json_str(b, d->date.len == 0 ? NULL : date_with_zone(&d->date) !=
	    CT_NULL_INT ? "UTC" : "local time of the machine, offset not recorded");
	json_text(b, "user_id", &d->user_id);
	json_text(b, "group_id", &d->group_id);
	json_text(b, "run_level", &d->run_level);
	json_text(b, "logon_type", &d->logon_type);
	ct_buf_adds(b, ",\"hidden\":");
	json_bool(b, &d->hidden);
	ct_buf_adds(b, ",\"enabled\":");
	json_bool(b, &d->enabled);
	ct_buf_addf(b, ",\"action_count\":%d,\"trigger_count\":%d,\"triggers\":[",
	    d->actions_seen, d->triggers_seen);
	for (i = 0; i < d->ntriggers; i++) {
		const struct task_trigger *t = &d->triggers[i];

		ct_buf_adds(b, i ? ",{\"type\":" : "{\"type\":");
		ct_files_json_str(b, t->type.buf);
		json_text(b, "start", &t->start);
		json_text(b, "user_id", &t->user);
		json_text(b, "repetition_interval", &t->interval);
		ct_buf_adds(b, ",\"enabled\":");
		json_bool(b, &t->enabled);
		ct_buf_addch(b, '}');
	}
	ct_buf_addch(b, ']');
}

/* A program path from a command: without the quotes around it. */
static void
unquoted(const char *cmd, struct ct_buf *out)
{
	size_t n = strlen(cmd);

	if (n >= 2 && cmd[0] == '"' && cmd[n - 1] == '"')
		ct_buf_add(out, cmd + 1, n - 2);
	else
		ct_buf_adds(out, cmd);
}

static void
emit_action(struct task_doc *d, const char *path, const char *name,
    const struct ct_buf *common, int index)
{
	const struct task_action *act = index >= 0 ? &d->actions[index] : NULL;
	struct ct_buf data = CT_BUF_INIT, sum = CT_BUF_INIT;
	struct ct_buf cmd = CT_BUF_INIT, prog = CT_BUF_INIT;
	struct ct_artefact_row a;
	char loc[64];

	ct_buf_add(&data, common->buf, common->len);
	if (act && !act->com) {
		ct_buf_adds(&cmd, act->command.buf);
		if (act->arguments.len)
			ct_buf_addf(&cmd, " %s", act->arguments.buf);
		unquoted(act->command.buf, &prog);
		ct_buf_addf(&data, ",\"action\":%d,\"action_type\":\"Exec\"",
		    index + 1);
		json_text(&data, "command", &act->command);
		json_text(&data, "arguments", &act->arguments);
		json_text(&data, "working_directory", &act->workdir);
	} else if (act) {
		ct_buf_addf(&data, ",\"action\":%d,\"action_type\":"
		    "\"ComHandler\"", index + 1);
		json_text(&data, "class_id", &act->class_id);
		json_text(&data, "com_data", &act->com_data);
	}
	ct_buf_addch(&data, '}');

	ct_buf_addf(&sum, "Scheduled task %s: ", name);
	if (act && !act->com)
		ct_buf_adds(&sum, cmd.len ? cmd.buf : "(no command)");
	else if (act)
		ct_buf_addf(&sum, "COM handler %s", act->class_id.len ?
		    act->class_id.buf : "?");
	else
		ct_buf_adds(&sum, "no action");
	if (d->ntriggers)
		ct_buf_addf(&sum, " (%s%s)", d->triggers[0].type.buf,
		    d->ntriggers > 1 ? ", ..." : "");
	if (d->date.len)
		ct_buf_addf(&sum, ", registered %s%s", d->date.buf,
		    date_with_zone(&d->date) == CT_NULL_INT ? " local time" : "");
	if (d->hidden.len && strcasecmp(d->hidden.buf, "true") == 0)
		ct_buf_adds(&sum, ", hidden");

	ct_artefact_row_init(&a, "task");
	a.name = name;
	a.path = prog.len ? prog.buf : NULL;
	a.command_line = cmd.len ? cmd.buf : NULL;
	if (d->user_id.len && strncasecmp(d->user_id.buf, "S-1-", 4) == 0)
		a.user_sid = d->user_id.buf;
	else if (d->user_id.len)
		a.user_name = d->user_id.buf;
	else if (d->author.len)
		a.user_name = d->author.buf;
	a.position = index >= 0 ? index + 1 : CT_NULL_INT;
	a.time = date_with_zone(&d->date);
	a.key_path = path;
	a.data = data.buf;
	snprintf(loc, sizeof(loc), index >= 0 ? "action %d" : "task",
	    index + 1);
	if (d->b)	/* NULL: the fuzz targets, which decode only */
		ct_artefact_emit(d->b, loc, CT_NULL_INT, 0, &a, sum.buf,
		    "task registered");
	ct_buf_release(&data);
	ct_buf_release(&sum);
	ct_buf_release(&cmd);
	ct_buf_release(&prog);
}

size_t
ct_task_xml_buffer(const uint8_t *p, size_t n, const char *path,
    struct ct_batch *b)
{
	struct task_doc *d = calloc(1, sizeof(*d));
	struct ct_buf name = CT_BUF_INIT, common = CT_BUF_INIT;
	enum XML_Status st;
	size_t count = 0;
	int i;

	if (d == NULL)
		abort();
	doc_each_buf(d, buf_init_uncapped);
	d->b = b;
	d->p = XML_ParserCreate(NULL);
	if (d->p == NULL)
		abort();
	XML_SetUserData(d->p, d);
	XML_SetElementHandler(d->p, on_start, on_end);
	XML_SetCharacterDataHandler(d->p, on_text);
	XML_SetStartDoctypeDeclHandler(d->p, on_doctype);
	/* TASK_MAX_BYTES fits an int: one call */
	st = XML_Parse(d->p, (const char *)p, (int)(n < TASK_MAX_BYTES ? n :
	    TASK_MAX_BYTES), XML_TRUE);
	if (d->refused) {
		ct_files_warn(b, (int64_t)XML_GetCurrentByteIndex(d->p),
		    "task XML with a DOCTYPE: refused (tasks have none)");
		goto out;
	}
	if (st != XML_STATUS_OK)
		ct_files_warn(b, (int64_t)XML_GetCurrentByteIndex(d->p),
		    "task XML: %s at line %lu%s",
		    XML_ErrorString(XML_GetErrorCode(d->p)),
		    (unsigned long)XML_GetCurrentLineNumber(d->p),
		    d->is_task ? " (what came before is kept)" : "");
	if (!d->is_task) {
		if (st == XML_STATUS_OK)
			ct_files_warn(b, 0, "XML whose root is not a Task");
		goto out;
	}
	if (d->actions_seen > TASK_MAX_ACTIONS)
		ct_files_warn(b, CT_NULL_INT, "task with %d actions: the first "
		    "%d are read", d->actions_seen, TASK_MAX_ACTIONS);
	task_name(path, &d->uri, &name);
	task_common_json(d, name.buf, &common);
	if (d->nactions == 0) {
		emit_action(d, path, name.buf, &common, -1);
		count = 1;
	}
	for (i = 0; i < d->nactions; i++, count++)
		emit_action(d, path, name.buf, &common, i);
out:
	XML_ParserFree(d->p);
	doc_each_buf(d, ct_buf_release);
	free(d);
	ct_buf_release(&name);
	ct_buf_release(&common);
	return count;
}

/*
 * ASCII of the head whether UTF-8 or UTF-16LE (every other byte), so the
 * root element and namespace can be looked for.
 */
static int
head_has(const uint8_t *head, size_t n, const char *needle)
{
	char ascii[CT_PROBE_BYTES + 1];
	size_t i, k = 0, step = 1, start = 0;

	if (n >= 2 && head[0] == 0xFF && head[1] == 0xFE) {
		step = 2;
		start = 2;
	} else if (n >= 2 && head[0] == '<' && head[1] == 0) {
		step = 2;
	}
	for (i = start; i < n && k < CT_PROBE_BYTES; i += step)
		ascii[k++] = head[i] ? (char)head[i] : ' ';
	ascii[k] = '\0';
	return strstr(ascii, needle) != NULL;
}

static int
task_probe(const uint8_t *head, size_t n, const char *name, int64_t size)
{
	(void)name;
	(void)size;
	if (head_has(head, n, "<Task") && head_has(head, n, TASK_NS))
		return 80;
	return 0;
}

static enum ct_status
task_parse(struct ct_input *in, struct ct_error *err)
{
	struct ct_batch *b;
	uint8_t *data;
	size_t n;
	enum ct_status rc;

	rc = ct_files_slurp(in, 0, TASK_MAX_BYTES, "task XML file", &data,
	    &n, err);
	if (rc)
		return rc;
	b = ct_batch_new(in->sink, in->source_id, "task-xml");
	ct_task_xml_buffer(data, n, in->path, b);
	ct_batch_free(b);
	free(data);
	return CT_OK;
}

/* Task files have no extension; everything under Tasks is offered. */
static const char *const task_image_paths[] = {
	"*/Windows/System32/Tasks/*", NULL
};

const struct ct_parser ct_parser_task_xml = {
	.abi = CT_PARSER_ABI,
	.name = "task-xml",
	.kind = "task-xml",
	.summary = "scheduled task XML (Windows\\System32\\Tasks)",
	.nested = 1,
	.image_paths = task_image_paths,
	.probe = task_probe,
	.parse = task_parse,
};
