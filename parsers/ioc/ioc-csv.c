/*
 * ioc-csv.c - indicators in CSV and in plain lists.
 *
 * CSV follows RFC 4180 (quoted fields, "" for a quote, line breaks inside
 * quotes; CRLF or LF). The header names the columns, in any order:
 *  - the MISP CSV export (MISP/MISP app/Lib/Export/CsvExport.php):
 *    uuid,event_id,category,type,value,comment,to_ids,date,... ;
 *  - a plain type,value,comment table ("indicator" or "ioc" may name the
 *    value column; without a type column the type is inferred).
 * A plain list holds one indicator per line, its type inferred; '#' starts
 * a comment line, and " #" a comment after the value.
 */
#include "compat.h"

#include <strings.h>

#include "ioc-int.h"
#include "xalloc.h"

/* Columns read from a CSV header. */
#define CSV_MAX_FIELDS	256

struct csv {
	const char *buf;
	size_t n, pos;
	int64_t line;		/* line the current record started on */
	int64_t next_line;
	struct ct_buf field[CSV_MAX_FIELDS];
	int nfields;
	int overflow;		/* more fields than CSV_MAX_FIELDS */
	int unterminated;	/* quote still open at the end */
};

/* Read the next record into c->field; 0 at the end of the input. */
static int
csv_record(struct csv *c)
{
	int quoted = 0, i, at_start = 1;

	if (c->pos >= c->n)
		return 0;
	for (i = 0; i < CSV_MAX_FIELDS; i++)
		ct_buf_reset(&c->field[i]);
	c->nfields = 1;
	c->overflow = 0;
	c->line = c->next_line;
	while (c->pos < c->n) {
		char ch = c->buf[c->pos++];
		struct ct_buf *f = &c->field[c->nfields - 1];

		if (quoted) {
			if (ch == '"') {
				if (c->pos < c->n && c->buf[c->pos] == '"') {
					ct_buf_addch(f, '"');
					c->pos++;
				} else
					quoted = 0;
			} else {
				if (ch == '\n')
					c->next_line++;
				ct_buf_addch(f, ch);
			}
			continue;
		}
		if (ch == '"' && at_start) {
			quoted = 1;
			at_start = 0;
			continue;
		}
		if (ch == ',') {
			if (c->nfields < CSV_MAX_FIELDS)
				c->nfields++;
			else
				c->overflow = 1;
			at_start = 1;
			continue;
		}
		if (ch == '\n') {
			c->next_line++;
			break;
		}
		if (ch == '\r' && c->pos < c->n && c->buf[c->pos] == '\n')
			continue;
		at_start = 0;
		ct_buf_addch(f, ch);
	}
	if (quoted)
		c->unterminated = 1;
	return 1;
}

static int
csv_blank(const struct csv *c)
{
	return c->nfields == 1 && c->field[0].len == 0;
}

static int
col(struct csv *c, const char *const *names)
{
	int i;

	for (i = 0; i < c->nfields; i++) {
		const char *const *nm;
		char *h = ct_xstrdup(c->field[i].buf);
		char *p = h;

		/* header cells may carry spaces or a byte-order mark */
		if (strncmp(p, "\xef\xbb\xbf", 3) == 0)
			p += 3;
		while (*p == ' ')
			p++;
		p[strcspn(p, " ")] = '\0';
		ioc_lower(p);
		for (nm = names; *nm; nm++)
			if (strcmp(p, *nm) == 0) {
				free(h);
				return i;
			}
		free(h);
	}
	return -1;
}

static const char *
cell(struct csv *c, int i)
{
	return i >= 0 && i < c->nfields ? c->field[i].buf : NULL;
}

static int
truthy(const char *s, int dflt)
{
	if (!s || !*s)
		return dflt;
	if (strcmp(s, "0") == 0 || strcasecmp(s, "false") == 0 ||
	    strcasecmp(s, "no") == 0)
		return 0;
	return 1;
}

enum ct_status
ioc_read_csv(const char *buf, size_t n, struct ioc_doc *d,
    struct ct_error *err)
{
	static const char *const vnames[] = { "value", "indicator", "ioc",
	    "observable", NULL };
	static const char *const tnames[] = { "type", "indicator_type",
	    "kind", NULL };
	static const char *const cnames[] = { "comment", "description",
	    "note", "notes", NULL };
	static const char *const catnames[] = { "category", NULL };
	static const char *const idsnames[] = { "to_ids", NULL };
	static const char *const uuidnames[] = { "uuid", NULL };
	struct csv c;
	int vcol, tcol, ccol, catcol, idscol, i;
	enum ct_status rc = CT_OK;

	memset(&c, 0, sizeof(c));
	for (i = 0; i < CSV_MAX_FIELDS; i++)
		ct_buf_init(&c.field[i], IOC_MAX_VALUE + 1);
	c.buf = buf;
	c.n = n;
	c.next_line = 1;
	/* the header is the first record that is not blank */
	while (csv_record(&c) && csv_blank(&c))
		;
	vcol = col(&c, vnames);
	if (vcol < 0) {
		rc = ct_error_set(err, CT_ERR_FORMAT, d->path, CT_NO_OFFSET,
		    "CSV header on line %" PRId64 " has no 'value' column",
		    c.line);
		goto out;
	}
	tcol = col(&c, tnames);
	ccol = col(&c, cnames);
	catcol = col(&c, catnames);
	idscol = col(&c, idsnames);
	d->format = col(&c, uuidnames) >= 0 && idscol >= 0 ? "misp-csv" :
	    "csv";
	while (csv_record(&c)) {
		const char *v;

		if (csv_blank(&c))
			continue;
		if (c.overflow)
			ioc_doc_warn(d, c.line, -1, "line %" PRId64 ": more "
			    "than %d fields; the rest ignored", c.line,
			    CSV_MAX_FIELDS);
		v = cell(&c, vcol);
		if (!v) {
			ioc_doc_reject(d, c.line, cell(&c, tcol), "", 0,
			    "no value: the row has %d field(s), the value "
			    "is field %d", c.nfields, vcol + 1);
			continue;
		}
		if (c.field[vcol].truncated) {
			ioc_doc_reject(d, c.line, cell(&c, tcol), v, strlen(v),
			    "value longer than %d bytes", IOC_MAX_VALUE);
			continue;
		}
		ioc_doc_add(d, c.line, cell(&c, catcol), cell(&c, tcol), v,
		    c.field[vcol].len, cell(&c, ccol),
		    truthy(cell(&c, idscol), 1));
		if (d->full)
			break;
	}
	if (c.unterminated)
		ioc_doc_warn(d, c.line, -1, "line %" PRId64 ": quoted field "
		    "not closed before the end of the file", c.line);
out:
	for (i = 0; i < CSV_MAX_FIELDS; i++)
		ct_buf_release(&c.field[i]);
	return rc;
}

enum ct_status
ioc_read_list(const char *buf, size_t n, struct ioc_doc *d,
    struct ct_error *err)
{
	size_t pos = 0;
	int64_t line = 0;

	(void)err;
	d->format = "list";
	if (n >= 3 && memcmp(buf, "\xef\xbb\xbf", 3) == 0)
		pos = 3;
	while (pos < n && !d->full) {
		const char *s = buf + pos, *nl, *hash;
		size_t len, vlen;

		nl = memchr(s, '\n', n - pos);
		len = nl ? (size_t)(nl - s) : n - pos;
		pos += len + (nl ? 1 : 0);
		line++;
		while (len && strchr(" \t\r", s[len - 1]))
			len--;
		while (len && strchr(" \t", *s))
			s++, len--;
		if (len == 0 || *s == '#' || (len >= 2 && s[0] == '/' &&
		    s[1] == '/'))
			continue;
		vlen = len;
		hash = NULL;
		{
			size_t i;

			for (i = 1; i + 1 < len; i++)
				if ((s[i - 1] == ' ' || s[i - 1] == '\t') &&
				    s[i] == '#') {
					hash = s + i;
					break;
				}
		}
		if (hash) {
			char *comment = ct_xstrndup(hash + 1,
			    len - (size_t)(hash + 1 - s));

			vlen = (size_t)(hash - s);
			ioc_doc_add(d, line, NULL, NULL, s, vlen, comment, 1);
			free(comment);
		} else
			ioc_doc_add(d, line, NULL, NULL, s, vlen, NULL, 1);
	}
	return CT_OK;
}
