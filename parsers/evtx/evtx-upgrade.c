/*
 * evtx-upgrade.c - the EVTX parser's part of a case-file upgrade
 * (ct_case_set_backfill, struct ct_parser.backfill): the normalised
 * columns of the evtx rows an older casetrail wrote are computed again
 * from what those rows store.
 *
 * The mapping (evtx-map.h) reads only what the case file keeps: the
 * provider, channel and event ID columns, and the fields of data, which
 * holds every EventData/UserData field and every Key=Value split under its
 * own name, in the order a lookup finds them (the record's own fields
 * first). An event rebuilt from data therefore maps to the columns a new
 * ingest gives it. Only what the older version left empty is filled: a
 * value it stored is never changed (an upgrade adds, it does not rewrite
 * evidence rows), and only rows with something to fill are written.
 *
 * One-line messages (record.summary) are not recomputed: no version has
 * changed one yet. A step that changes a template must recompute them,
 * and mind that the generic message lists only the record's own fields,
 * which data does not tell apart from its Key=Value splits.
 */
#include "compat.h"

#include "evtx-int.h"
#include "evtx-map.h"
#include "utf8.h"
#include "xalloc.h"

#define BATCH_ROWS	1024		/* rows read between writes */
#define BATCH_BYTES	(64u << 20)	/* new text held before it is written */
/* An event rebuilt from data: its fields and its splits (two caps of a record). */
#define REBUILT_FIELDS	(2 * EVTX_MAX_FIELDS)
#define REBUILT_BYTES	(3 * (size_t)EVTX_MAX_FIELD_BYTES)

/* A new value waiting to be written. */
struct val {
	int null;
	int64_t i;
	size_t off, len;	/* text: in backfill.text */
};

struct backfill {
	struct ct_case *c;
	const struct evtx_map *map;
	size_t *cols;		/* the mapped columns: indexes into ct_evtx_columns */
	size_t ncols;
	sqlite3_stmt *sel, *fields, *valid, *upd;
	struct ct_buf key, val;	/* a field decoded from data */
	struct evtx_event ev;
	struct evtx_emit em;
	int64_t *rids;		/* rows to write, ncols values each */
	size_t nrids, arids;
	struct val *vals;
	size_t avals;
	struct ct_buf text, clean;
	int64_t written, unreadable;
};

static void
stage(struct backfill *f, int64_t rid, const struct ct_evtx_row *r)
{
	const char *base = (const char *)r;
	size_t j;

	if (f->nrids == f->arids) {
		f->arids = f->arids ? f->arids * 2 : 256;
		f->rids = ct_xreallocarray(f->rids, f->arids, sizeof(*f->rids));
		f->avals = f->arids * f->ncols;
		f->vals = ct_xreallocarray(f->vals, f->avals, sizeof(*f->vals));
	}
	for (j = 0; j < f->ncols; j++) {
		const struct evtx_column *c = &ct_evtx_columns[f->cols[j]];
		struct val *v = &f->vals[f->nrids * f->ncols + j];
		const char *s;

		memset(v, 0, sizeof(*v));
		if (c->kind == EVTX_COL_INT) {
			v->i = *(const int64_t *)(base + c->off);
			v->null = v->i == CT_NULL_INT;
			continue;
		}
		s = *(const char *const *)(base + c->off);
		v->null = s == NULL;
		if (s) {
			v->off = f->text.len;
			ct_buf_add_utf8_clean(&f->text, s, strlen(s));
			v->len = f->text.len - v->off;
		}
	}
	f->rids[f->nrids++] = rid;
}

/* Do the new values of r differ from the stored ones (columns 6.. of sel)? */
static int
differs(struct backfill *f, const struct ct_evtx_row *r)
{
	const char *base = (const char *)r;
	size_t j;

	for (j = 0; j < f->ncols; j++) {
		const struct evtx_column *c = &ct_evtx_columns[f->cols[j]];
		int k = 6 + (int)j, null = sqlite3_column_type(f->sel, k) ==
		    SQLITE_NULL;
		const char *s;

		if (c->kind == EVTX_COL_INT) {
			int64_t v = *(const int64_t *)(base + c->off);

			if (null != (v == CT_NULL_INT) || (!null &&
			    sqlite3_column_int64(f->sel, k) != v))
				return 1;
			continue;
		}
		s = *(const char *const *)(base + c->off);
		if (null != (s == NULL))
			return 1;
		if (!s)
			continue;
		ct_buf_reset(&f->clean);
		ct_buf_add_utf8_clean(&f->clean, s, strlen(s));
		if ((size_t)sqlite3_column_bytes(f->sel, k) != f->clean.len ||
		    memcmp(sqlite3_column_text(f->sel, k), f->clean.buf,
		    f->clean.len) != 0)
			return 1;
	}
	return 0;
}

static int
hex4(const char *p, const char *end, uint32_t *v)
{
	int i;

	*v = 0;
	if (end - p < 4)
		return -1;
	for (i = 0; i < 4; i++) {
		char c = p[i];

		*v <<= 4;
		if (c >= '0' && c <= '9')
			*v |= (uint32_t)(c - '0');
		else if (c >= 'a' && c <= 'f')
			*v |= (uint32_t)(c - 'a' + 10);
		else if (c >= 'A' && c <= 'F')
			*v |= (uint32_t)(c - 'A' + 10);
		else
			return -1;
	}
	return 0;
}

/* The JSON string at **pp (its opening quote) into out; 0, or -1 if malformed. */
static int
json_str(const char **pp, const char *end, struct ct_buf *out)
{
	const char *p = *pp + 1, *q;
	uint32_t cp, lo;

	ct_buf_reset(out);
	while (p < end) {
		for (q = p; q < end && *q != '"' && *q != '\\' &&
		    (unsigned char)*q >= 0x20; q++)
			;
		ct_buf_add(out, p, (size_t)(q - p));
		p = q;
		if (p == end || (unsigned char)*p < 0x20)
			return -1;
		if (*p == '"') {
			*pp = p + 1;
			return 0;
		}
		if (++p == end)
			return -1;
		switch (*p++) {
		case '"':  ct_buf_addch(out, '"'); break;
		case '\\': ct_buf_addch(out, '\\'); break;
		case '/':  ct_buf_addch(out, '/'); break;
		case 'b':  ct_buf_addch(out, '\b'); break;
		case 'f':  ct_buf_addch(out, '\f'); break;
		case 'n':  ct_buf_addch(out, '\n'); break;
		case 'r':  ct_buf_addch(out, '\r'); break;
		case 't':  ct_buf_addch(out, '\t'); break;
		case 'u':
			if (hex4(p, end, &cp))
				return -1;
			p += 4;
			if (cp >= 0xd800 && cp <= 0xdbff && end - p >= 6 &&
			    p[0] == '\\' && p[1] == 'u' &&
			    hex4(p + 2, end, &lo) == 0 && lo >= 0xdc00 &&
			    lo <= 0xdfff) {
				cp = 0x10000 + ((cp - 0xd800) << 10) +
				    (lo - 0xdc00);
				p += 6;
			}
			ct_utf8_put(out, cp);
			break;
		default:
			return -1;
		}
	}
	return -1;
}

static const char *
json_ws(const char *p, const char *end)
{
	while (p < end && (*p == ' ' || *p == '\t' || *p == '\n' ||
	    *p == '\r'))
		p++;
	return p;
}

/*
 * The fields of data as the parser writes it, a flat object of strings,
 * into f->ev: 1 done, 0 not in that form (SQLite's JSON reader then
 * decides), -1 more than a rebuilt event holds. Parsing it here costs a
 * tenth of what json_each does.
 */
static int
flat_json(struct backfill *f, const char *p, size_t n)
{
	const char *end = p + n;

	p = json_ws(p, end);
	if (p == end || *p++ != '{')
		return 0;
	p = json_ws(p, end);
	if (p < end && *p == '}')
		return json_ws(p + 1, end) == end;
	for (;;) {
		if (p == end || *p != '"' || json_str(&p, end, &f->key))
			return 0;
		p = json_ws(p, end);
		if (p == end || *p++ != ':')
			return 0;
		p = json_ws(p, end);
		if (p == end || *p != '"' || json_str(&p, end, &f->val))
			return 0;
		if (ct_evtx_ev_put_field(&f->ev, f->key.buf, f->key.len,
		    f->val.buf, f->val.len, REBUILT_FIELDS) != 0)
			return -1;
		p = json_ws(p, end);
		if (p < end && *p == ',') {
			p = json_ws(p + 1, end);
			continue;
		}
		if (p == end || *p != '}')
			return 0;
		return json_ws(p + 1, end) == end;
	}
}

/* The fields of data through SQLite's JSON reader: 1, 0 not JSON, -1 too many. */
static int
sqlite_json(struct backfill *f, const char *data, int n, struct ct_error *err,
    enum ct_status *rc)
{
	int st, fits = 1, ok;

	sqlite3_bind_text(f->valid, 1, data, n, SQLITE_STATIC);
	ok = sqlite3_step(f->valid) == SQLITE_ROW &&
	    sqlite3_column_int(f->valid, 0);
	sqlite3_reset(f->valid);
	if (!ok)
		return 0;
	sqlite3_bind_text(f->fields, 1, data, n, SQLITE_STATIC);
	while ((st = sqlite3_step(f->fields)) == SQLITE_ROW) {
		const char *k = (const char *)sqlite3_column_text(f->fields, 0);
		const char *v;

		if (!k || sqlite3_column_type(f->fields, 1) == SQLITE_NULL)
			continue;
		v = (const char *)sqlite3_column_text(f->fields, 1);
		if (fits && ct_evtx_ev_put_field(&f->ev, k,
		    (size_t)sqlite3_column_bytes(f->fields, 0), v,
		    (size_t)sqlite3_column_bytes(f->fields, 1),
		    REBUILT_FIELDS) != 0)
			fits = 0;
	}
	sqlite3_reset(f->fields);
	if (st != SQLITE_DONE)
		*rc = ct_case_db_error(err, f->c->db, f->c->path,
		    "cannot read the fields of an evtx row");
	return fits ? 1 : -1;
}

/* The row sel stands on: rebuild its event from data, map it, compare. */
static enum ct_status
one_row(struct backfill *f, struct ct_error *err)
{
	sqlite3_stmt *st = f->sel;
	const char *provider = (const char *)sqlite3_column_text(st, 1);
	const char *channel = (const char *)sqlite3_column_text(st, 2);
	int64_t id = sqlite3_column_int64(st, 3);
	const char *data = (const char *)sqlite3_column_text(st, 5);
	int n = sqlite3_column_bytes(st, 5), got;
	const struct evtx_map_set *set;
	struct ct_evtx_row r;
	enum ct_status rc = CT_OK;

	ct_evtx_event_reset(&f->ev);
	f->ev.event_id = id;
	if (!data)
		got = 0;
	else if ((got = flat_json(f, data, (size_t)n)) == 0) {
		ct_evtx_event_reset(&f->ev);
		f->ev.event_id = id;
		got = sqlite_json(f, data, n, err, &rc);
	}
	if (rc)
		return rc;
	if (got <= 0) {
		/* not JSON, or more than any record holds: left as it is */
		f->unreadable++;
		return CT_OK;
	}
	set = ct_evtx_map_find(f->map, provider, channel, id);
	f->em.nkv = 0;
	ct_buf_reset(&f->em.tmp);
	memset(&r, 0, sizeof(r));
	ct_evtx_map_fill(set, &f->em, &f->ev, &r);
	if (differs(f, &r))
		stage(f, sqlite3_column_int64(st, 0), &r);
	return CT_OK;
}

static enum ct_status
write_staged(struct backfill *f, struct ct_error *err)
{
	size_t i, j;

	for (i = 0; i < f->nrids; i++) {
		sqlite3_bind_int64(f->upd, 1, f->rids[i]);
		for (j = 0; j < f->ncols; j++) {
			const struct val *v = &f->vals[i * f->ncols + j];
			int k = 2 + (int)j;

			if (v->null)
				sqlite3_bind_null(f->upd, k);
			else if (ct_evtx_columns[f->cols[j]].kind ==
			    EVTX_COL_INT)
				sqlite3_bind_int64(f->upd, k, v->i);
			else
				sqlite3_bind_text(f->upd, k, f->text.buf +
				    v->off, (int)v->len, SQLITE_STATIC);
		}
		if (sqlite3_step(f->upd) != SQLITE_DONE) {
			sqlite3_reset(f->upd);
			return ct_case_db_error(err, f->c->db, f->c->path,
			    "cannot write the recomputed evtx columns");
		}
		sqlite3_reset(f->upd);
		f->written++;
	}
	f->nrids = 0;
	ct_buf_reset(&f->text);
	return CT_OK;
}

static enum ct_status
prepare(struct backfill *f, struct ct_error *err)
{
	struct ct_buf sel, upd;
	enum ct_status rc;
	size_t i;

	ct_buf_init(&sel, 0);
	ct_buf_init(&upd, 0);
	ct_buf_adds(&sel, "SELECT record_id, provider, channel, event_id, "
	    "NULL, data");
	ct_buf_adds(&upd, "UPDATE evtx SET ");
	f->cols = ct_xcalloc(ct_evtx_ncolumns, sizeof(*f->cols));
	for (i = 0; i < ct_evtx_ncolumns; i++) {
		if (!ct_evtx_map_fills(f->map, i))
			continue;
		ct_buf_addf(&sel, ", %s", ct_evtx_columns[i].name);
		/* What an earlier version stored stays as it was. */
		ct_buf_addf(&upd, "%s%s = coalesce(%s, ?%zu)", f->ncols ? ", " :
		    "", ct_evtx_columns[i].name, ct_evtx_columns[i].name,
		    f->ncols + 2);
		f->cols[f->ncols++] = i;
	}
	ct_buf_adds(&sel, " FROM evtx WHERE record_id > ?1 ORDER BY record_id "
	    "LIMIT ");
	ct_buf_add_i64(&sel, BATCH_ROWS);
	ct_buf_adds(&upd, " WHERE record_id = ?1");
	if (!(rc = ct_case_prepare(f->c, sel.buf, &f->sel, err)) &&
	    !(rc = ct_case_prepare(f->c, upd.buf, &f->upd, err)))
		rc = ct_case_prepare(f->c, "SELECT key, value FROM "
		    "json_each(?1)", &f->fields, err);
	if (!rc)
		rc = ct_case_prepare(f->c, "SELECT json_valid(?1)", &f->valid,
		    err);
	ct_buf_release(&sel);
	ct_buf_release(&upd);
	return rc;
}

enum ct_status
ct_evtx_backfill(struct ct_case *c, int version, struct ct_error *err)
{
	struct backfill f;
	enum ct_status rc;
	int64_t last = 0;
	int st = SQLITE_DONE;

	/*
	 * Whichever version added a column, the mapping computes them all:
	 * every step recomputes every mapped column (rows that keep their
	 * values are not written).
	 */
	(void)version;
	memset(&f, 0, sizeof(f));
	f.c = c;
	f.map = ct_evtx_map_builtin();
	ct_evtx_event_init(&f.ev);
	ct_buf_release(&f.ev.arena);
	ct_buf_init(&f.ev.arena, REBUILT_BYTES);
	ct_evtx_emit_init(&f.em);
	ct_buf_init(&f.text, 0);
	ct_buf_init(&f.clean, 0);
	ct_buf_init(&f.key, 0);
	ct_buf_init(&f.val, 0);
	if ((rc = prepare(&f, err)))
		goto out;
	for (;;) {
		size_t n = 0;

		sqlite3_bind_int64(f.sel, 1, last);
		while ((st = sqlite3_step(f.sel)) == SQLITE_ROW) {
			n++;
			last = sqlite3_column_int64(f.sel, 0);
			if ((rc = one_row(&f, err)))
				goto out;
			if (f.text.len >= BATCH_BYTES)
				break;
		}
		sqlite3_reset(f.sel);
		if (st != SQLITE_ROW && st != SQLITE_DONE) {
			rc = ct_case_db_error(err, c->db, c->path,
			    "cannot read the evtx rows to upgrade");
			goto out;
		}
		/* The rows are written with no read of the table open. */
		if ((rc = write_staged(&f, err)) || n == 0)
			break;
	}
	if (f.unreadable)
		fprintf(stderr, "casetrail: '%s': %" PRId64 " evtx rows whose "
		    "data is not readable JSON keep their columns\n", c->path,
		    f.unreadable);
out:
	sqlite3_finalize(f.sel);
	sqlite3_finalize(f.upd);
	sqlite3_finalize(f.fields);
	sqlite3_finalize(f.valid);
	ct_buf_release(&f.key);
	ct_buf_release(&f.val);
	ct_evtx_emit_release(&f.em);
	ct_evtx_event_release(&f.ev);
	ct_buf_release(&f.text);
	ct_buf_release(&f.clean);
	free(f.cols);
	free(f.rids);
	free(f.vals);
	return rc;
}
