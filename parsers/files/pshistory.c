/*
 * pshistory.c - PowerShell PSReadLine history (ConsoleHost_history.txt).
 *
 * PSReadLine appends every command typed at an interactive prompt to
 * %APPDATA%\Microsoft\Windows\PowerShell\PSReadLine\<host>_history.txt,
 * one per line (UTF-8, CRLF). A command of several lines is written with
 * a backtick before each line break, so a line ending in '`' continues on
 * the next one: the command is those lines joined with '\n', the backticks
 * PSReadLine added removed.
 *
 * Nothing in the file dates a line: only the order (position = the line
 * number of the command's first line) and the file's own times (the
 * source's mtime, or the file's row when it came from an image) bound
 * them. Each artefact says so in data; its time is NULL.
 */
#include "compat.h"

#include <strings.h>

#include "artefact.h"
#include "buf.h"
#include "files.h"

#define PSHIST_MAX_BYTES (256u << 20)
/* One command longer than this is cut (a pasted script can be large). */
#define PSHIST_MAX_COMMAND (1u << 20)

static void
emit_command(struct ct_batch *b, const char *path, const char *user,
    const char *cmd, size_t line, size_t nlines, int64_t offset)
{
	struct ct_artefact_row a;
	struct ct_buf data = CT_BUF_INIT, sum = CT_BUF_INIT;
	char loc[64];

	ct_artefact_row_init(&a, "ps_history");
	a.command_line = cmd;
	a.position = (int64_t)line;
	a.user_name = user[0] ? user : NULL;
	a.key_path = path;
	ct_buf_addf(&data, "{\"history_file\":");
	ct_files_json_str(&data, ct_files_basename(path));
	ct_buf_addf(&data, ",\"lines\":%zu,\"time\":\"not recorded: PSReadLine "
	    "keeps no time per command; the history file's own times bound "
	    "it\"}", nlines);
	a.data = data.buf;
	ct_buf_addf(&sum, "PowerShell history%s%s, command %zu (undated): ",
	    user[0] ? " of " : "", user, line);
	ct_files_add_oneline(&sum, cmd, strlen(cmd));
	snprintf(loc, sizeof(loc), "line %zu", line);
	if (b) {	/* NULL: the fuzz targets, which decode only */
		ct_artefact_emit(b, loc, offset, 0, &a, sum.buf, NULL);
		ct_batch_maybe_flush(b);
	}
	ct_buf_release(&data);
	ct_buf_release(&sum);
}

size_t
ct_pshistory_buffer(const uint8_t *p, size_t n, const char *path,
    struct ct_batch *b)
{
	struct ct_buf cmd = CT_BUF_INIT;
	char user[256];
	size_t off = 0, line = 0, first = 0, nlines = 0, count = 0;
	int64_t first_off = 0;

	ct_files_profile_user(path, user, sizeof(user));
	/* a UTF-8 byte-order mark is not part of the first command */
	if (n >= 3 && p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF)
		off = 3;
	while (off < n) {
		size_t start = off, end, len;
		int cont;

		while (off < n && p[off] != '\n')
			off++;
		end = off;
		if (off < n)
			off++;		/* the '\n' */
		line++;
		if (end > start && p[end - 1] == '\r')
			end--;
		len = end - start;
		cont = len > 0 && p[end - 1] == '`';
		if (cont)
			len--;
		if (nlines == 0) {
			first = line;
			first_off = (int64_t)start;
		} else {
			ct_buf_addch(&cmd, '\n');
		}
		nlines++;
		if (cmd.len + len > PSHIST_MAX_COMMAND) {
			if (cmd.len < PSHIST_MAX_COMMAND)
				ct_files_warn(b, (int64_t)start, "PowerShell "
				    "history: command of line %zu longer than "
				    "%u bytes, cut", first, PSHIST_MAX_COMMAND);
			len = cmd.len < PSHIST_MAX_COMMAND ?
			    PSHIST_MAX_COMMAND - cmd.len : 0;
		}
		ct_buf_add_utf8_clean(&cmd, (const char *)p + start, len);
		if (cont && off < n)
			continue;
		/* blank lines are not commands */
		if (cmd.len > 0 && strspn(cmd.buf, " \t\n") < cmd.len) {
			emit_command(b, path, user, cmd.buf, first, nlines,
			    first_off);
			count++;
		}
		ct_buf_reset(&cmd);
		nlines = 0;
	}
	ct_buf_release(&cmd);
	return count;
}

static int
pshistory_probe(const uint8_t *head, size_t n, const char *name, int64_t size)
{
	const char *base = name ? ct_files_basename(name) : "";
	size_t len = strlen(base), i;

	(void)size;
	if (len < 12 || strcasecmp(base + len - 12, "_history.txt") != 0)
		return 0;
	/* text: no NUL bytes (a UTF-16 file is not PSReadLine's) */
	for (i = 0; i < n; i++)
		if (head[i] == 0)
			return 0;
	return 70;
}

static enum ct_status
pshistory_parse(struct ct_input *in, struct ct_error *err)
{
	struct ct_batch *b;
	uint8_t *data;
	size_t n;
	enum ct_status rc;

	rc = ct_files_slurp(in, 0, PSHIST_MAX_BYTES, "PowerShell history",
	    &data, &n, err);
	if (rc)
		return rc;
	b = ct_batch_new(in->sink, in->source_id, "ps_history");
	ct_pshistory_buffer(data, n, in->path, b);
	ct_batch_free(b);
	free(data);
	return CT_OK;
}

static const char *const pshistory_image_paths[] = {
	"*/AppData/Roaming/Microsoft/Windows/PowerShell/PSReadLine/*_history.txt",
	NULL
};

const struct ct_parser ct_parser_ps_history = {
	.abi = CT_PARSER_ABI,
	.name = "ps_history",
	.kind = "ps_history",
	.summary = "PowerShell PSReadLine history (*_history.txt), one row per command",
	.nested = 1,
	.image_paths = pshistory_image_paths,
	.probe = pshistory_probe,
	.parse = pshistory_parse,
};
