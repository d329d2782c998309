/*
 * ioc-load.c - ct_ioc_load(): read one indicator file, detect its format,
 * and store what it says in the case (tables indicator, case_context,
 * indicator_group, warning and its source row; doc/schema.md).
 *
 * Format detection looks at the first bytes: '{' or '[' is JSON (MISP
 * when an "Event" key appears, STIX otherwise), '<' is XML (OpenIOC), a
 * Markdown heading or "* type: value" item is the threat report, a first
 * line with a comma and a value column is CSV, anything else a plain
 * list. UTF-16LE files (with a byte-order mark) are converted first.
 */
#include "compat.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "hash.h"
#include "ioc.h"
#include "ioc-int.h"
#include "sql.h"
#include "timefmt.h"
#include "utf8.h"
#include "version.h"
#include "xalloc.h"

/* Does a line of the first part of buf look like the threat report? */
static int
looks_like_report(const char *buf, size_t n)
{
	size_t pos = 0, lim = n < 65536 ? n : 65536;

	while (pos < lim) {
		const char *s = buf + pos, *nl = memchr(s, '\n', lim - pos);
		size_t len = nl ? (size_t)(nl - s) : lim - pos, i;

		pos += len + 1;
		if (len >= 3 && s[0] == '#' && s[1] == '#' && s[2] == ' ')
			return 1;
		if (len >= 16 && memcmp(s, "# Threat Report:", 16) == 0)
			return 1;
		if (len > 4 && s[0] == '*' && s[1] == ' ') {
			for (i = 2; i < len && ((s[i] >= 'a' && s[i] <= 'z') ||
			    (s[i] >= '0' && s[i] <= '9') || s[i] == '-' ||
			    s[i] == '|'); i++)
				;
			if (i > 2 && i + 1 < len && s[i] == ':' &&
			    s[i + 1] == ' ')
				return 1;
		}
	}
	return 0;
}

/* The first line that is neither blank nor a '#' comment has a comma. */
static int
looks_like_csv(const char *buf, size_t n)
{
	size_t pos = 0;

	while (pos < n) {
		const char *s = buf + pos, *nl = memchr(s, '\n', n - pos);
		size_t len = nl ? (size_t)(nl - s) : n - pos;

		pos += len + 1;
		while (len && (s[0] == ' ' || s[0] == '\t' || s[0] == '\r'))
			s++, len--;
		if (len == 0 || s[0] == '#')
			continue;
		return memchr(s, ',', len) != NULL;
	}
	return 0;
}

enum ct_status
ioc_read_any(const char *buf, size_t n, struct ioc_doc *d,
    struct ct_error *err)
{
	size_t i = 0;
	enum ct_status rc;

	if (n >= 3 && memcmp(buf, "\xef\xbb\xbf", 3) == 0)
		i = 3;
	while (i < n && strchr(" \t\r\n", buf[i]) && buf[i] != '\0')
		i++;
	if (i == n) {
		d->format = "empty";
		ioc_doc_warn(d, 0, -1, "the file is empty: no indicators");
		return CT_OK;
	}
	if (memchr(buf, '\0', n < 4096 ? n : 4096) != NULL)
		return ct_error_set(err, CT_ERR_FORMAT, d->path, CT_NO_OFFSET,
		    "binary data (NUL bytes), not an indicator file");
	if (buf[i] == '{' || buf[i] == '[') {
		switch (ioc_json_kind(buf + i, n - i)) {
		case 1:
			return ioc_read_misp_json(buf + i, n - i, d, err);
		case 2:
			return ioc_read_stix(buf + i, n - i, d, err);
		default:
			break;
		}
		/* neither marker seen: let each reader say why not */
		rc = ioc_read_misp_json(buf + i, n - i, d, err);
		if (rc == CT_OK || d->nitems)
			return rc;
		ct_error_clear(err);
		rc = ioc_read_stix(buf + i, n - i, d, err);
		if (rc != CT_OK)
			ct_error_set(err, CT_ERR_FORMAT, d->path, CT_NO_OFFSET,
			    "JSON, but neither a MISP event nor a STIX "
			    "bundle");
		return rc;
	}
	if (buf[i] == '<')
		return ioc_read_openioc(buf + i, n - i, d, err);
	if (looks_like_report(buf, n))
		return ioc_read_report(buf, n, d, err);
	if (looks_like_csv(buf, n)) {
		rc = ioc_read_csv(buf, n, d, err);
		if (rc == CT_OK)
			return rc;
		/* a comma but no header: a list whose values hold commas */
		ct_error_clear(err);
	}
	return ioc_read_list(buf, n, d, err);
}

/* Read a whole host file (at most CT_IOC_MAX_FILE bytes). */
static enum ct_status
slurp(const char *path, char **out, size_t *len, struct ct_error *err)
{
	struct stat sb;
	char *buf;
	size_t got = 0;
	int fd;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return ct_error_set(err, CT_ERR_IO, path, CT_NO_OFFSET,
		    "cannot open: %s", strerror(errno));
	if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode)) {
		close(fd);
		return ct_error_set(err, CT_ERR_IO, path, CT_NO_OFFSET,
		    "not a regular file");
	}
	if (sb.st_size > (off_t)CT_IOC_MAX_FILE) {
		close(fd);
		return ct_error_set(err, CT_ERR_UNSUPPORTED, path,
		    CT_NO_OFFSET, "%jd bytes: larger than the %u MiB an "
		    "indicator file may have", (intmax_t)sb.st_size,
		    CT_IOC_MAX_FILE >> 20);
	}
	buf = ct_xmalloc((size_t)sb.st_size + 1);
	while (got < (size_t)sb.st_size) {
		ssize_t r = read(fd, buf + got, (size_t)sb.st_size - got);

		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			ct_error_set(err, CT_ERR_IO, path, (int64_t)got,
			    "read failed: %s", strerror(errno));
			free(buf);
			close(fd);
			return CT_ERR_IO;
		}
		if (r == 0)
			break;	/* shrank meanwhile: take what is there */
		got += (size_t)r;
	}
	close(fd);
	buf[got] = '\0';
	*out = buf;
	*len = got;
	return CT_OK;
}

/* Prepared statements of one load. */
struct ldr {
	struct ct_case *c;
	struct ct_error *err;
	int64_t source_id;
	sqlite3_stmt *find, *ins, *ctx, *grp, *warn;
};

/* Serialise a logic tree over indicator ids: "(#12 AND #13) OR #14". */
static void
logic_text(const struct ioc_doc *d, const int64_t *ids, int node,
    struct ct_buf *out, int depth)
{
	const struct ioc_node *nd = &d->nodes[node];
	int ch, first = 1;

	if (nd->op == IOC_LEAF) {
		if (nd->item >= 0 && ids[nd->item] > 0)
			ct_buf_addf(out, "#%" PRId64, ids[nd->item]);
		else
			ct_buf_adds(out, "false");
		return;
	}
	if (nd->first < 0 || depth > IOC_MAX_DEPTH) {
		/* an empty AND holds, an empty OR does not (as in logic) */
		ct_buf_adds(out, nd->op == IOC_AND ? "true" : "false");
		return;
	}
	for (ch = nd->first; ch >= 0; ch = d->nodes[ch].next) {
		int paren = d->nodes[ch].op != IOC_LEAF &&
		    d->nodes[ch].first >= 0 && d->nodes[ch].op != nd->op;

		if (!first)
			ct_buf_adds(out, nd->op == IOC_AND ? " AND " : " OR ");
		first = 0;
		if (paren)
			ct_buf_addch(out, '(');
		logic_text(d, ids, ch, out, depth + 1);
		if (paren)
			ct_buf_addch(out, ')');
	}
}

static enum ct_status
store(struct ldr *l, const struct ioc_doc *d, struct ct_ioc_load_stats *st)
{
	int64_t *ids = ct_xcalloc(d->nitems + 1, sizeof(*ids));
	enum ct_status rc = CT_OK;
	size_t i;

	if ((rc = ct_case_prepare(l->c, "SELECT id FROM indicator WHERE "
	    "type = ? AND normalized = ? AND valid = 1 ORDER BY id LIMIT 1",
	    &l->find, l->err)) ||
	    (rc = ct_case_prepare(l->c, "INSERT OR IGNORE INTO indicator("
	    "source_id, line, category, type, value, normalized, valid, "
	    "reason, comment, to_ids) VALUES (?,?,?,?,?,?,?,?,?,?)", &l->ins,
	    l->err)) ||
	    (rc = ct_case_prepare(l->c, "INSERT INTO case_context(source_id, "
	    "key, value) VALUES (?,?,?)", &l->ctx, l->err)) ||
	    (rc = ct_case_prepare(l->c, "INSERT INTO indicator_group("
	    "source_id, line, ref, name, logic) VALUES (?,?,?,?,?)", &l->grp,
	    l->err)) ||
	    (rc = ct_case_prepare(l->c, "INSERT INTO warning(source_id, "
	    "offset, parser, message) VALUES (?,?,?,?)", &l->warn, l->err)))
		goto out;
	for (i = 0; i < d->nitems; i++) {
		const struct ioc_item *it = &d->items[i];
		int valid = it->normalized != NULL;

		if (valid) {
			sqlite3_bind_text(l->find, 1, it->type, -1,
			    SQLITE_STATIC);
			sqlite3_bind_text(l->find, 2, it->normalized, -1,
			    SQLITE_STATIC);
			if (sqlite3_step(l->find) == SQLITE_ROW)
				ids[i] = sqlite3_column_int64(l->find, 0);
			sqlite3_reset(l->find);
			sqlite3_clear_bindings(l->find);
			if (ids[i] > 0) {
				st->known++;
				continue;
			}
		}
		sqlite3_bind_int64(l->ins, 1, l->source_id);
		sqlite3_bind_int64(l->ins, 2, it->line);
		ct_sql_bind_text(l->ins, 3, it->category);
		ct_sql_bind_text(l->ins, 4, it->type);
		ct_sql_bind_text(l->ins, 5, it->value);
		ct_sql_bind_text(l->ins, 6, it->normalized);
		sqlite3_bind_int(l->ins, 7, valid);
		ct_sql_bind_text(l->ins, 8, it->reason);
		ct_sql_bind_text(l->ins, 9, it->comment);
		sqlite3_bind_int(l->ins, 10, it->to_ids ? 1 : 0);
		if ((rc = ct_sql_step_once(l->c, l->ins, "cannot store an indicator", l->err)))
			goto out;
		if (sqlite3_changes(l->c->db) == 0)
			continue;	/* same rejected line twice */
		ids[i] = sqlite3_last_insert_rowid(l->c->db);
		if (valid)
			st->valid++;
		else
			st->rejected++;
	}
	for (i = 0; i < d->nctx; i++) {
		sqlite3_bind_int64(l->ctx, 1, l->source_id);
		ct_sql_bind_text(l->ctx, 2, d->ctx[i].key);
		ct_sql_bind_text(l->ctx, 3, d->ctx[i].value);
		if ((rc = ct_sql_step_once(l->c, l->ctx, "cannot store case context", l->err)))
			goto out;
		st->context++;
	}
	for (i = 0; i < d->ngroups; i++) {
		struct ct_buf logic = CT_BUF_INIT;

		logic_text(d, ids, d->groups[i].root, &logic, 0);
		sqlite3_bind_int64(l->grp, 1, l->source_id);
		sqlite3_bind_int64(l->grp, 2, d->groups[i].line);
		ct_sql_bind_text(l->grp, 3, d->groups[i].ref);
		ct_sql_bind_text(l->grp, 4, d->groups[i].name);
		ct_sql_bind_text(l->grp, 5, logic.buf);
		rc = ct_sql_step_once(l->c, l->grp, "cannot store indicator logic", l->err);
		ct_buf_release(&logic);
		if (rc)
			goto out;
		st->groups++;
	}
	for (i = 0; i < d->nwarns; i++) {
		sqlite3_bind_int64(l->warn, 1, l->source_id);
		if (d->warns[i].offset >= 0)
			sqlite3_bind_int64(l->warn, 2, d->warns[i].offset);
		ct_sql_bind_text(l->warn, 3, "ioc");
		ct_sql_bind_text(l->warn, 4, d->warns[i].message);
		if ((rc = ct_sql_step_once(l->c, l->warn, "cannot store a warning", l->err)))
			goto out;
		st->warnings++;
	}
out:
	free(ids);
	return rc;
}

static int64_t
find_loaded(struct ct_case *c, const char *sha256)
{
	sqlite3_stmt *st;
	int64_t id = 0;

	if (sqlite3_prepare_v2(c->db, "SELECT id FROM source WHERE kind = "
	    "'ioc' AND sha256 = ? AND status IN ('ok', 'partial') ORDER BY id "
	    "LIMIT 1", -1, &st, NULL) != SQLITE_OK)
		return 0;
	sqlite3_bind_text(st, 1, sha256, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW)
		id = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return id;
}

static enum ct_status
add_source(struct ldr *l, const char *path, int64_t size,
    const struct ct_hashes *h, const char *status, const char *parser,
    const char *note)
{
	sqlite3_stmt *st;
	struct ct_buf clean = CT_BUF_INIT;
	enum ct_status rc;

	if ((rc = ct_case_prepare(l->c, "INSERT INTO source(kind, path, size, "
	    "md5, sha1, sha256, status, parser, tool_version, added_at, note) "
	    "VALUES ('ioc',?,?,?,?,?,?,?,?,?,?)", &st, l->err)))
		return rc;
	ct_buf_add_utf8_clean(&clean, path, strlen(path));
	ct_sql_bind_text(st, 1, clean.buf);
	sqlite3_bind_int64(st, 2, size);
	ct_sql_bind_text(st, 3, h->md5);
	ct_sql_bind_text(st, 4, h->sha1);
	ct_sql_bind_text(st, 5, h->sha256);
	ct_sql_bind_text(st, 6, status);
	ct_sql_bind_text(st, 7, parser);
	ct_sql_bind_text(st, 8, CT_VERSION);
	sqlite3_bind_int64(st, 9, ct_time_now());
	ct_sql_bind_text(st, 10, note);
	rc = ct_sql_step_once(l->c, st, "cannot record the indicator file", l->err);
	sqlite3_finalize(st);
	ct_buf_release(&clean);
	if (rc == CT_OK)
		l->source_id = sqlite3_last_insert_rowid(l->c->db);
	return rc;
}

/* UTF-16LE with a byte-order mark becomes UTF-8 (Windows editors). */
static void
from_utf16(char **buf, size_t *n)
{
	struct ct_buf b = CT_BUF_INIT;

	if (*n < 2 || (unsigned char)(*buf)[0] != 0xff ||
	    (unsigned char)(*buf)[1] != 0xfe)
		return;
	ct_utf8_from_utf16le(&b, (const uint8_t *)*buf + 2, (*n - 2) / 2, 0);
	free(*buf);
	*buf = ct_buf_detach(&b, n);
}

enum ct_status
ct_ioc_load(struct ct_case *c, const char *path, struct ct_ioc_load_stats *st,
    struct ct_error *err)
{
	struct ct_ioc_load_stats local;
	struct ct_hashes h;
	struct ct_hasher *hs;
	struct ioc_doc d;
	struct ldr l;
	char *buf = NULL, *note, parser[64];
	size_t n;
	enum ct_status rc, prc;

	if (!st)
		st = &local;
	memset(st, 0, sizeof(*st));
	st->format = "unknown";
	memset(&l, 0, sizeof(l));
	l.c = c;
	l.err = err;
	if ((rc = slurp(path, &buf, &n, err)))
		return rc;
	hs = ct_hasher_new();
	ct_hasher_update(hs, buf, n);
	ct_hasher_final(hs, &h);
	ct_hasher_free(hs);
	if ((st->duplicate_of = find_loaded(c, h.sha256)) > 0) {
		free(buf);
		return CT_OK;
	}
	from_utf16(&buf, &n);
	ioc_doc_init(&d, path);
	prc = ioc_read_any(buf, n, &d, err);
	free(buf);
	st->format = d.format;
	snprintf(parser, sizeof(parser), "ioc-%s", d.format);
	if (prc != CT_OK) {
		/* record the file as failed; the parse error is the answer */
		struct ct_error perr = *err;

		ct_error_clear(err);
		if ((rc = ct_case_begin(c, err)) == CT_OK) {
			rc = add_source(&l, path, (int64_t)n, &h, "failed",
			    "ioc", perr.msg);
			if (rc == CT_OK)
				rc = ct_case_commit(c, err);
			else
				ct_case_rollback(c);
		}
		st->source_id = rc == CT_OK ? l.source_id : 0;
		if (rc == CT_OK) {
			*err = perr;
			rc = prc;
		}
		goto out;
	}
	if ((rc = ct_case_begin(c, err)))
		goto out;
	if ((rc = add_source(&l, path, (int64_t)n, &h, "pending", parser,
	    NULL)) || (rc = store(&l, &d, st))) {
		ct_case_rollback(c);
		goto out;
	}
	note = ct_xasprintf("%u valid, %u rejected, %u already known",
	    st->valid, st->rejected, st->known);
	{
		sqlite3_stmt *up;

		if ((rc = ct_case_prepare(c, "UPDATE source SET status = ?, "
		    "note = ? WHERE id = ?", &up, err)) == CT_OK) {
			ct_sql_bind_text(up, 1, d.nwarns ? "partial" : "ok");
			ct_sql_bind_text(up, 2, note);
			sqlite3_bind_int64(up, 3, l.source_id);
			rc = ct_sql_step_once(c, up, "cannot finish the source", err);
			sqlite3_finalize(up);
		}
	}
	free(note);
	if (rc == CT_OK)
		rc = ct_case_commit(c, err);
	else
		ct_case_rollback(c);
	st->source_id = rc == CT_OK ? l.source_id : 0;
out:
	sqlite3_finalize(l.find);
	sqlite3_finalize(l.ins);
	sqlite3_finalize(l.ctx);
	sqlite3_finalize(l.grp);
	sqlite3_finalize(l.warn);
	ioc_doc_release(&d);
	return rc;
}

int
ct_ioc_case_has_indicators(struct ct_case *c)
{
	return ct_case_query_int(c, "SELECT EXISTS (SELECT 1 FROM indicator "
	    "WHERE valid = 1)", 0, NULL) != 0;
}
