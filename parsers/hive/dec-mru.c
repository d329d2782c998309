/*
 * dec-mru.c - the most-recently-used lists of a user (NTUSER):
 *
 *	recent_doc	Explorer\RecentDocs[\.ext]: values numbered, the name
 *			as UTF-16LE (then a shell item); MRUListEx ranks them
 *	run_mru		Explorer\RunMRU: values a, b...; MRUList ("cba") ranks
 *			them; the command ends in "\1"
 *	typed_path	Explorer\TypedPaths: url1 (newest), url2...
 *	typed_url	Internet Explorer\TypedURLs: url1, url2...
 *	word_wheel_query  Explorer\WordWheelQuery: searches, MRUListEx
 *
 * One artefact per entry; position is its rank (0 newest). Only the
 * newest entry has a time: the key was last written when it was added,
 * the others are older by an unknown amount.
 */
#include "compat.h"

#include <strings.h>

#include "artefact.h"
#include "bytes.h"
#include "casedb.h"
#include "dec-util.h"
#include "decoders.h"
#include "utf8.h"

#define MRU_END		0xFFFFFFFFu	/* ends an MRUListEx */
#define MAX_MRU		1024		/* more entries than Windows keeps */

static void
mru_emit(struct ct_batch *b, const struct ct_reg_key_view *k,
    const char *kind, const char *what, int64_t pos, const char *value,
    const char *text)
{
	struct ct_artefact_row a;
	struct ct_buf sum = CT_BUF_INIT;
	struct ct_dec_json j = CT_DEC_JSON_INIT;

	ct_artefact_row_init(&a, kind);
	a.position = pos;
	if (strcmp(kind, "run_mru") == 0)
		a.command_line = text;
	else if (strcmp(kind, "word_wheel_query") == 0)
		a.name = text;
	else
		a.path = text;
	ct_dec_json_str(&j, "value", value);
	a.data = ct_dec_json_done(&j);
	if (pos == 0 && k->last_written > 0)
		a.time = k->last_written;
	ct_buf_addf(&sum, "%s #%" PRId64 ": %s", what, pos, text);
	ct_reg_emit_artefact(b, k, &a, sum.buf, "newest entry added");
	ct_dec_json_release(&j);
	ct_buf_release(&sum);
}

/* MRUListEx-ranked values (RecentDocs, WordWheelQuery). */
static void
mru_list_ex(const struct ct_reg_key_view *k, struct ct_batch *b,
    const char *kind, const char *what)
{
	const struct ct_reg_value_view *l = ct_reg_value(k, "MRUListEx");
	size_t i;

	if (l == NULL || l->data == NULL)
		return;
	if (l->size % 4)
		ct_batch_warn(b, k->offset, "MRUListEx of '%s': %zu bytes, "
		    "not whole entries", k->path, l->size);
	for (i = 0; i + 4 <= l->size && i / 4 < MAX_MRU; i += 4) {
		uint32_t id = ct_le32(l->data + i);
		char name[16];
		const struct ct_reg_value_view *v;
		struct ct_buf text = CT_BUF_INIT;

		if (id == MRU_END)
			break;
		snprintf(name, sizeof(name), "%" PRIu32, id);
		v = ct_reg_value(k, name);
		if (v == NULL || v->data == NULL || v->size < 2) {
			ct_batch_warn(b, k->offset, "MRUListEx of '%s' ranks "
			    "value %s, which is missing or empty", k->path,
			    name);
			continue;
		}
		/* a UTF-16LE string (up to its NUL), then maybe a shell item */
		ct_utf8_from_utf16le(&text, v->data, v->size / 2, 1);
		mru_emit(b, k, kind, what, (int64_t)(i / 4), name, text.buf);
		ct_buf_release(&text);
	}
}

void
ct_dec_recent_docs(const struct ct_reg_key_view *k, struct ct_batch *b)
{
	mru_list_ex(k, b, "recent_doc", "RecentDocs");
}

void
ct_dec_word_wheel(const struct ct_reg_key_view *k, struct ct_batch *b)
{
	mru_list_ex(k, b, "word_wheel_query", "Explorer search");
}

void
ct_dec_run_mru(const struct ct_reg_key_view *k, struct ct_batch *b)
{
	char *order = ct_dec_str(k, "MRUList");
	size_t i;

	if (order == NULL)
		return;
	for (i = 0; order[i] && i < MAX_MRU; i++) {
		char name[2] = { order[i], 0 };
		char *cmd = ct_dec_str(k, name);
		size_t n;

		if (cmd == NULL) {
			ct_batch_warn(b, k->offset, "MRUList of '%s' ranks "
			    "value %s, which is missing", k->path, name);
			continue;
		}
		n = strlen(cmd);
		if (n >= 2 && strcmp(cmd + n - 2, "\\1") == 0)
			cmd[n - 2] = '\0';	/* "run from the Run box" */
		mru_emit(b, k, "run_mru", "Run dialog", (int64_t)i, name, cmd);
		free(cmd);
	}
	free(order);
}

/* TypedPaths and TypedURLs: url1 is the newest. */
void
ct_dec_typed(const struct ct_reg_key_view *k, struct ct_batch *b)
{
	int urls = strcasecmp(ct_dec_key_name(k), "TypedURLs") == 0;
	int i;

	for (i = 1; i <= MAX_MRU; i++) {
		char name[16];
		char *text;

		snprintf(name, sizeof(name), "url%d", i);
		text = ct_dec_str(k, name);
		if (text == NULL)
			break;
		mru_emit(b, k, urls ? "typed_url" : "typed_path",
		    urls ? "typed URL" : "typed path", i - 1, name, text);
		free(text);
	}
}
