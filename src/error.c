/*
 * error.c - struct ct_error and status codes (see error.h).
 */
#include "compat.h"

#include <stdarg.h>

#include "buf.h"
#include "error.h"

enum ct_status
ct_error_set(struct ct_error *err, enum ct_status code, const char *path,
    int64_t offset, const char *fmt, ...)
{
	va_list ap;

	if (err == NULL)
		return code;
	err->code = code;
	err->offset = offset;
	snprintf(err->path, sizeof(err->path), "%s", path ? path : "");
	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	va_end(ap);
	return code;
}

void
ct_error_clear(struct ct_error *err)
{
	err->code = CT_OK;
	err->offset = CT_NO_OFFSET;
	err->path[0] = '\0';
	err->msg[0] = '\0';
}

const char *
ct_strerror(enum ct_status code)
{
	switch (code) {
	case CT_OK:		return "success";
	case CT_ERR_USAGE:	return "invalid usage";
	case CT_ERR_IO:		return "input/output error";
	case CT_ERR_FORMAT:	return "input is not in the expected format";
	case CT_ERR_DB:		return "case file database error";
	case CT_ERR_NOTCASE:	return "not a casetrail case file";
	case CT_ERR_NEWER:	return "case file written by a newer casetrail";
	case CT_ERR_UNSUPPORTED: return "unsupported input";
	case CT_ERR_CANCELLED:	return "cancelled";
	case CT_ERR_INTERNAL:	return "internal error";
	case CT_ERR_OLDER:	return "case file of an older casetrail, not upgraded";
	}
	return "unknown error";
}

void
ct_error_format(const struct ct_error *err, char *out, size_t outsz)
{
	const char *msg = err->msg[0] ? err->msg : ct_strerror(err->code);

	if (err->path[0] && err->offset >= 0)
		snprintf(out, outsz, "'%s' at offset %" PRId64 ": %s",
		    err->path, err->offset, msg);
	else if (err->path[0])
		snprintf(out, outsz, "'%s': %s", err->path, msg);
	else
		snprintf(out, outsz, "%s", msg);
}

void
ct_error_print(const struct ct_error *err)
{
	char line[2200];

	ct_error_format(err, line, sizeof(line));
	ct_eprintf("casetrail: %s\n", line);
}

void
ct_eprintf(const char *fmt, ...)
{
	struct ct_buf text = CT_BUF_INIT, shown = CT_BUF_INIT;
	size_t end, newlines;
	va_list ap;

	va_start(ap, fmt);
	ct_buf_vaddf(&text, fmt, ap);
	va_end(ap);
	for (end = text.len; end > 0 && text.buf[end - 1] == '\n'; end--)
		;
	newlines = text.len - end;
	ct_buf_setlen(&text, end);
	ct_buf_add_printable(&shown, text.buf);
	while (newlines--)
		ct_buf_addch(&shown, '\n');
	fputs(shown.buf, stderr);
	ct_buf_release(&text);
	ct_buf_release(&shown);
}

int
ct_status_exit_code(enum ct_status code)
{
	switch (code) {
	case CT_OK:
		return CT_EXIT_OK;
	case CT_ERR_USAGE:
		return CT_EXIT_USAGE;
	case CT_ERR_DB:
	case CT_ERR_NOTCASE:
	case CT_ERR_NEWER:
	case CT_ERR_OLDER:
		return CT_EXIT_CASE;
	case CT_ERR_INTERNAL:
		return CT_EXIT_INTERNAL;
	case CT_ERR_IO:
	case CT_ERR_FORMAT:
	case CT_ERR_UNSUPPORTED:
	case CT_ERR_CANCELLED:
		return CT_EXIT_INPUT;
	}
	return CT_EXIT_INTERNAL;
}
