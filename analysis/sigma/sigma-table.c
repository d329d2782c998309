/*
 * sigma-table.c - the logsource table: which event logs a Sigma logsource
 * (product / category / service) means, how field names of the Sigma
 * taxonomy translate into the fields of each log, and which System values
 * rules may name. The table is data (analysis/data/sigma-logsources.txt,
 * compiled in through scripts/embed.sh); its format is described at the
 * top of that file.
 *
 * Parsing is strict: a line that does not fit the format is an error
 * naming name:line, because a silently ignored row would make rules
 * quietly miss their events.
 */
#include "compat.h"

#include <ctype.h>
#include <errno.h>

#include "sigma-int.h"
#include "xalloc.h"

#include "an-sigma-logsources-txt.h"

const char *const sg_builtin_logsources = ct_sigma_logsources_txt;

/* evtx columns a "system" row may name (never SQL text from the table). */
static const char *const sys_columns[] = {
	"event_id", "channel", "provider", "computer", "level", "task",
	"opcode", "keywords", "version", "qualifiers", "user_sid", "pid",
	"tid", "record_number", "provider_guid",
};

#define TAB_MAX_COLS 9
#define TAB_MAX_LINE 4096

static char *
trim(char *s)
{
	char *e;

	while (*s == ' ' || *s == '\t')
		s++;
	e = s + strlen(s);
	while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r'))
		*--e = '\0';
	return s;
}

/* Split at '|' into at most TAB_MAX_COLS trimmed columns. */
static int
split(char *line, char **col)
{
	int n = 0;
	char *p = line;

	for (;;) {
		char *bar = strchr(p, '|');

		if (n == TAB_MAX_COLS)
			return -1;
		if (bar)
			*bar = '\0';
		col[n++] = trim(p);
		if (!bar)
			break;
		p = bar + 1;
	}
	return n;
}

static int
bad(struct ct_error *err, const char *name, unsigned line, const char *what,
    const char *text)
{
	ct_error_set(err, CT_ERR_FORMAT, name, CT_NO_OFFSET,
	    "line %u: %s '%.200s'", line, what, text);
	return -1;
}

static const char *
dup_or_null(struct sg_table *t, const char *s)
{
	if (strcmp(s, "*") == 0)
		return NULL;
	return sg_strndup(&t->arena, s, strlen(s));
}

static int
parse_eids(struct sg_table *t, struct sg_lsrow *r, char *s)
{
	size_t n = 1, i = 0;
	char *p;

	if (strcmp(s, "*") == 0)
		return 0;
	for (p = s; *p; p++)
		n += *p == ',';
	r->eid = sg_alloc(&t->arena, n * sizeof(*r->eid));
	for (p = s; i < n; i++) {
		char *end;
		long v;

		while (*p == ' ')
			p++;
		errno = 0;
		v = strtol(p, &end, 10);
		if (end == p || errno || v < 0 || v > 65535)
			return -1;
		r->eid[i] = v;
		p = end;
		while (*p == ' ')
			p++;
		if (*p != (i + 1 < n ? ',' : '\0'))
			return -1;
		if (*p)
			p++;
	}
	r->neid = n;
	return 0;
}

static int
valid_name(const char *s)
{
	if (!*s)
		return 0;
	for (; *s; s++)
		if (!isalnum((unsigned char)*s) && *s != '_' && *s != '-' &&
		    *s != '.')
			return 0;
	return 1;
}

/* SOURCE of a fieldmap row: "Name", "-", "hex(F)", "join(A,S,B)", "map(F,a=b,...)". */
static int
parse_source(struct sg_table *t, struct sg_fm_entry *e, char *s)
{
	char *open = strchr(s, '('), *args, *close;

	if (strcmp(s, "-") == 0) {
		e->kind = FM_HIDE;
		return 0;
	}
	if (!open) {
		if (!valid_name(s))
			return -1;
		e->kind = FM_RENAME;
		e->src = sg_strndup(&t->arena, s, strlen(s));
		return 0;
	}
	close = s + strlen(s) - 1;
	if (*close != ')')
		return -1;
	*open = '\0';
	*close = '\0';
	args = open + 1;
	if (strcmp(s, "hex") == 0) {
		args = trim(args);
		if (!valid_name(args))
			return -1;
		e->kind = FM_HEX;
		e->src = sg_strndup(&t->arena, args, strlen(args));
		return 0;
	}
	if (strcmp(s, "join") == 0) {
		char *c1 = strchr(args, ','), *c2;

		if (!c1 || !(c2 = strchr(c1 + 1, ',')))
			return -1;
		*c1 = *c2 = '\0';
		e->kind = FM_JOIN;
		e->src = sg_strndup(&t->arena, trim(args), strlen(trim(args)));
		e->sep = sg_strndup(&t->arena, trim(c1 + 1),
		    strlen(trim(c1 + 1)));
		e->src2 = sg_strndup(&t->arena, trim(c2 + 1),
		    strlen(trim(c2 + 1)));
		return valid_name(e->src) && valid_name(e->src2) ? 0 : -1;
	}
	if (strcmp(s, "account") == 0) {
		char *c1 = strchr(args, ','), *c2;

		if (!c1 || !(c2 = strchr(c1 + 1, ',')))
			return -1;
		*c1 = *c2 = '\0';
		e->kind = FM_ACCOUNT;
		e->src = sg_strndup(&t->arena, trim(args), strlen(trim(args)));
		e->src2 = sg_strndup(&t->arena, trim(c1 + 1),
		    strlen(trim(c1 + 1)));
		e->src3 = sg_strndup(&t->arena, trim(c2 + 1),
		    strlen(trim(c2 + 1)));
		return valid_name(e->src) && valid_name(e->src2) &&
		    valid_name(e->src3) ? 0 : -1;
	}
	if (strcmp(s, "map") == 0) {
		size_t n = 0, i = 0;
		char *p, *c;

		for (p = args; *p; p++)
			n += *p == ',';
		if (n == 0 || n > 64)
			return -1;
		e->kind = FM_MAP;
		e->from = sg_alloc(&t->arena, n * sizeof(*e->from));
		e->to = sg_alloc(&t->arena, n * sizeof(*e->to));
		c = strchr(args, ',');
		*c = '\0';
		e->src = sg_strndup(&t->arena, trim(args), strlen(trim(args)));
		if (!valid_name(e->src))
			return -1;
		for (p = c + 1; i < n; i++) {
			char *next = strchr(p, ','), *eq;

			if (next)
				*next = '\0';
			if (!(eq = strchr(p, '=')))
				return -1;
			*eq = '\0';
			e->from[i] = sg_strndup(&t->arena, trim(p),
			    strlen(trim(p)));
			e->to[i] = sg_strndup(&t->arena, trim(eq + 1),
			    strlen(trim(eq + 1)));
			p = next ? next + 1 : p + strlen(p);
		}
		e->npairs = n;
		return 0;
	}
	return -1;
}

static struct sg_fieldmap *
find_fm(struct sg_table *t, const char *name)
{
	size_t i;

	for (i = 0; i < t->nfm; i++)
		if (strcmp(t->fm[i].name, name) == 0)
			return &t->fm[i];
	return NULL;
}

int
sg_table_parse(struct sg_table *t, const char *name, const char *text,
    struct ct_error *err)
{
	const char *p = text;
	unsigned line = 0;
	size_t arow = 0, afm = 0, asys = 0, i;
	char **fmref = NULL;	/* field map named by each row */
	int rc = 0;

	memset(t, 0, sizeof(*t));
	while (*p && rc == 0) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);
		char buf[TAB_MAX_LINE], *col[TAB_MAX_COLS], *s;
		int n;

		line++;
		if (len >= sizeof(buf)) {
			rc = bad(err, name, line, "line too long", "");
			break;
		}
		memcpy(buf, p, len);
		buf[len] = '\0';
		p = nl ? nl + 1 : p + len;
		s = trim(buf);
		if (*s == '\0' || *s == '#')
			continue;
		n = split(s, col);
		if (n < 1) {
			rc = bad(err, name, line, "too many columns", s);
		} else if (strcmp(col[0], "logsource") == 0) {
			struct sg_lsrow *r;

			if (n != 8) {
				rc = bad(err, name, line, "logsource rows have "
				    "8 columns", col[0]);
				break;
			}
			if (t->nrow == arow) {
				arow = arow ? arow * 2 : 64;
				t->row = ct_xreallocarray(t->row, arow,
				    sizeof(*t->row));
				fmref = ct_xreallocarray(fmref, arow,
				    sizeof(*fmref));
			}
			r = &t->row[t->nrow];
			memset(r, 0, sizeof(*r));
			r->product = sg_strndup(&t->arena, col[1], strlen(col[1]));
			r->category = sg_strndup(&t->arena, col[2], strlen(col[2]));
			r->service = sg_strndup(&t->arena, col[3], strlen(col[3]));
			if (!*col[4] || !*col[5]) {
				rc = bad(err, name, line, "channel and provider "
				    "must be given (* for any)", s);
				break;
			}
			r->channel = dup_or_null(t, col[4]);
			r->provider = dup_or_null(t, col[5]);
			if (parse_eids(t, r, col[6]) != 0) {
				rc = bad(err, name, line, "bad event IDs", col[6]);
				break;
			}
			fmref[t->nrow] = *col[7] ? sg_strndup(&t->arena, col[7],
			    strlen(col[7])) : NULL;
			r->fieldmap = -1;
			r->line = line;
			t->nrow++;
		} else if (strcmp(col[0], "fieldmap") == 0) {
			struct sg_fieldmap *fm;
			struct sg_fm_entry *e;

			if (n != 4 || !valid_name(col[1]) || !valid_name(col[2])) {
				rc = bad(err, name, line, "fieldmap rows are "
				    "fieldmap | MAP | FIELD | SOURCE", s);
				break;
			}
			if (!(fm = find_fm(t, col[1]))) {
				if (t->nfm == afm) {
					afm = afm ? afm * 2 : 8;
					t->fm = ct_xreallocarray(t->fm, afm,
					    sizeof(*t->fm));
				}
				fm = &t->fm[t->nfm++];
				memset(fm, 0, sizeof(*fm));
				fm->name = sg_strndup(&t->arena, col[1],
				    strlen(col[1]));
				fm->line = line;
			}
			if (fm->n % 16 == 0)
				fm->e = ct_xreallocarray(fm->e, fm->n + 16,
				    sizeof(*fm->e));
			e = &fm->e[fm->n];
			memset(e, 0, sizeof(*e));
			e->target = sg_strndup(&t->arena, col[2], strlen(col[2]));
			if (parse_source(t, e, col[3]) != 0) {
				rc = bad(err, name, line, "bad field source",
				    col[3]);
				break;
			}
			fm->n++;
		} else if (strcmp(col[0], "system") == 0) {
			size_t k;

			if (n != 3 || !valid_name(col[1])) {
				rc = bad(err, name, line, "system rows are "
				    "system | FIELD | COLUMN", s);
				break;
			}
			for (k = 0; k < CT_ARRAY_SIZE(sys_columns); k++)
				if (strcmp(col[2], sys_columns[k]) == 0)
					break;
			if (k == CT_ARRAY_SIZE(sys_columns)) {
				rc = bad(err, name, line, "not an evtx column "
				    "of the case file", col[2]);
				break;
			}
			if (t->nsys == asys) {
				asys = asys ? asys * 2 : 16;
				t->sys = ct_xreallocarray(t->sys, asys,
				    sizeof(*t->sys));
			}
			t->sys[t->nsys].sigma = sg_strndup(&t->arena, col[1],
			    strlen(col[1]));
			t->sys[t->nsys].column = sys_columns[k];
			t->nsys++;
		} else {
			rc = bad(err, name, line, "unknown row kind", col[0]);
		}
	}
	for (i = 0; rc == 0 && i < t->nrow; i++) {
		struct sg_fieldmap *fm;

		if (!fmref[i])
			continue;
		if (!(fm = find_fm(t, fmref[i]))) {
			rc = bad(err, name, t->row[i].line, "unknown field map",
			    fmref[i]);
			break;
		}
		t->row[i].fieldmap = (int)(fm - t->fm);
	}
	free(fmref);
	if (rc == 0 && t->nrow == 0)
		rc = bad(err, name, line, "no logsource rows", "");
	if (rc)
		sg_table_release(t);
	return rc;
}

void
sg_table_release(struct sg_table *t)
{
	size_t i;

	for (i = 0; i < t->nfm; i++) {
		free(t->fm[i].e);
		free(t->fm[i].remap);
	}
	free(t->fm);
	free(t->row);
	free(t->sys);
	sg_arena_release(&t->arena);
	memset(t, 0, sizeof(*t));
}
