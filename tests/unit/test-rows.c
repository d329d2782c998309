/*
 * test-rows.c - the column lists of src/rows.h against the schema: every
 * column a list names exists in its table, in the table's order, and every
 * column of the table is either in the list or filled in by the sink; and
 * a row written with a distinct value in every column reads back with each
 * value in its own column (the binder follows the list).
 */
#include "compat.h"

#include <unistd.h>

#include "casedb.h"
#include "sink.h"
#include "unit.h"

static char dir[] = "/tmp/ct-test-rows-XXXXXX";

/* The columns of table in schema order, NULL-ended (caller frees). */
static char **
table_columns(struct ct_case *c, const char *table, size_t *n)
{
	sqlite3_stmt *st;
	char sql[128], **cols = NULL;

	*n = 0;
	snprintf(sql, sizeof(sql), "SELECT name FROM pragma_table_info('%s') "
	    "ORDER BY cid", table);
	if (sqlite3_prepare_v2(c->db, sql, -1, &st, NULL) != SQLITE_OK)
		return NULL;
	while (sqlite3_step(st) == SQLITE_ROW) {
		cols = realloc(cols, (*n + 2) * sizeof(*cols));
		cols[(*n)++] = strdup((const char *)sqlite3_column_text(st, 0));
		cols[*n] = NULL;
	}
	sqlite3_finalize(st);
	return cols;
}

static int
in_list(const char *const *list, const char *name)
{
	for (; list && *list; list++)
		if (strcmp(*list, name) == 0)
			return 1;
	return 0;
}

/* The index of name in cols, or -1. */
static long
position(char **cols, size_t n, const char *name)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(cols[i], name) == 0)
			return (long)i;
	return -1;
}

static void
check_table(struct ct_case *c, const struct ct_row_table *t)
{
	size_t n, i;
	char **cols = table_columns(c, t->name, &n);
	const char *const *p;
	long last = -1;
	int ordered = 1, known = 1, present = 1;

	CHECK(n > 0);
	for (p = t->columns; *p; p++) {
		long at = position(cols, n, *p);

		if (at < 0) {
			present = 0;
			printf("# %s.%s is in rows.h but not in the schema\n",
			    t->name, *p);
		} else if (at <= last) {
			ordered = 0;
			printf("# %s.%s is out of the schema's order\n",
			    t->name, *p);
		}
		if (at > last)
			last = at;
		if (in_list(t->first, *p)) {
			present = 0;
			printf("# %s.%s is listed twice\n", t->name, *p);
		}
	}
	for (p = t->first; p && *p; p++)
		if (position(cols, n, *p) < 0) {
			present = 0;
			printf("# %s.%s (filled by the sink) is not in the "
			    "schema\n", t->name, *p);
		}
	for (i = 0; i < n; i++)
		if (strcmp(cols[i], "id") != 0 &&
		    !in_list(t->columns, cols[i]) && !in_list(t->first, cols[i])) {
			known = 0;
			printf("# %s.%s is in the schema but the sink never "
			    "writes it\n", t->name, cols[i]);
		}
	printf("# table %s: %zu columns\n", t->name, n);
	CHECK(present);
	CHECK(ordered);
	CHECK(known);
	for (i = 0; i < n; i++)
		free(cols[i]);
	free(cols);
}

/*
 * A file row and an evtx row whose every integer column holds a distinct
 * number and every text column its own name: read back, each column must
 * hold what was put in it.
 */
#define SET_TEXT(name)	row.name = #name;
#define SET_INT(name)	row.name = ++k;
#define SET_ID(name)	row.name = ++k;
#define SET_BOOL(name)	row.name = 1;
#define SET_FLAGS(name)	row.name = (unsigned)++k;
#define SET_BLOB(name)	row.name.p = "\0" #name; row.name.n = sizeof(#name);
#define SET(kind, name, dflt) SET_##kind(name)

#define BACK_TEXT(name) \
	CHECK_STR((const char *)sqlite3_column_text(st, col++), row.name);
#define BACK_INT(name)	CHECK(sqlite3_column_int64(st, col++) == row.name);
#define BACK_ID(name)	BACK_INT(name)
#define BACK_BOOL(name) CHECK(sqlite3_column_int64(st, col++) == 1);
#define BACK_FLAGS(name) BACK_INT(name)
#define BACK_BLOB(name) \
	CHECK(sqlite3_column_type(st, col) == SQLITE_BLOB && \
	    (size_t)sqlite3_column_bytes(st, col) == row.name.n && \
	    memcmp(sqlite3_column_blob(st, col), row.name.p, row.name.n) == 0); \
	col++;
#define BACK(kind, name, dflt) BACK_##kind(name)
#define NAME(kind, name, dflt) ", " #name

static int64_t
count_rows(struct ct_case *c, const char *sql)
{
	sqlite3_stmt *st;
	int64_t n = -1;

	if (sqlite3_prepare_v2(c->db, sql, -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return n;
}

static void
check_round_trip(struct ct_case *c, int64_t source_id)
{
	struct ct_sink *s = ct_sink_open(c);
	struct ct_batch *b = ct_batch_new(s, source_id, "test");
	struct ct_record_row rec;
	struct ct_error err = CT_ERROR_INIT;
	sqlite3_stmt *st;
	struct ct_reg_key_row key;
	int64_t k = 100;
	int col;

	memset(&rec, 0, sizeof(rec));
	rec.type = "file";
	ct_batch_record(b, &rec);
	{
		struct ct_file_row row;

		memset(&row, 0, sizeof(row));
		CT_FILE_COLUMNS(SET)
		ct_batch_file(b, &row);
		ct_batch_free(b);
		CHECK(ct_sink_close(s, &err) == CT_OK);
		CHECK(sqlite3_prepare_v2(c->db, "SELECT 0"
		    CT_FILE_COLUMNS(NAME) " FROM file", -1, &st, NULL) ==
		    SQLITE_OK);
		CHECK(sqlite3_step(st) == SQLITE_ROW);
		col = 1;
		CT_FILE_COLUMNS(BACK)
		sqlite3_finalize(st);
	}
	s = ct_sink_open(c);
	b = ct_batch_new(s, source_id, "test");
	rec.type = "evtx";
	ct_batch_record(b, &rec);
	{
		struct ct_evtx_row row;

		memset(&row, 0, sizeof(row));
		CT_EVTX_COLUMNS(SET)
		row.data = "{\"data\":\"data\"}";	/* must be JSON */
		ct_batch_evtx(b, &row);
		ct_batch_free(b);
		CHECK(ct_sink_close(s, &err) == CT_OK);
		CHECK(sqlite3_prepare_v2(c->db, "SELECT 0"
		    CT_EVTX_COLUMNS(NAME) " FROM evtx", -1, &st, NULL) ==
		    SQLITE_OK);
		CHECK(sqlite3_step(st) == SQLITE_ROW);
		col = 1;
		CT_EVTX_COLUMNS(BACK)
		sqlite3_finalize(st);
	}
	/* A registry key with two values (the first's bytes hold a NUL). */
	s = ct_sink_open(c);
	b = ct_batch_new(s, source_id, "test");
	rec.type = "regkey";
	ct_batch_record(b, &rec);
	{
		struct ct_reg_key_row row;

		memset(&row, 0, sizeof(row));
		CT_REG_KEY_COLUMNS(SET)
		ct_batch_reg_key(b, &row);
		key = row;
	}
	{
		struct ct_reg_value_row row, empty;

		memset(&row, 0, sizeof(row));
		CT_REG_VALUE_COLUMNS(SET)
		ct_batch_reg_value(b, &row);
		memset(&empty, 0, sizeof(empty));
		empty.data.p = "";	/* empty, not NULL */
		ct_batch_reg_value(b, &empty);
		ct_batch_free(b);
		CHECK(ct_sink_close(s, &err) == CT_OK);
		CHECK(sqlite3_prepare_v2(c->db, "SELECT 0"
		    CT_REG_VALUE_COLUMNS(NAME) " FROM reg_value ORDER BY id", -1,
		    &st, NULL) == SQLITE_OK);
		CHECK(sqlite3_step(st) == SQLITE_ROW);
		col = 1;
		CT_REG_VALUE_COLUMNS(BACK)
		CHECK(sqlite3_step(st) == SQLITE_ROW);
		CHECK_INT(sqlite3_column_type(st, 6), SQLITE_BLOB);
		CHECK_INT(sqlite3_column_bytes(st, 6), 0);
		CHECK_STR((const char *)sqlite3_column_text(st, 1), "");
		sqlite3_finalize(st);
	}
	{
		struct ct_reg_key_row row = key;

		CHECK(sqlite3_prepare_v2(c->db, "SELECT 0"
		    CT_REG_KEY_COLUMNS(NAME) " FROM reg_key", -1, &st, NULL) ==
		    SQLITE_OK);
		CHECK(sqlite3_step(st) == SQLITE_ROW);
		col = 1;
		CT_REG_KEY_COLUMNS(BACK)
		sqlite3_finalize(st);
		CHECK_INT(count_rows(c, "SELECT count(*) FROM reg_value v JOIN "
		    "reg_key k USING (record_id)"), 2);
	}
	s = ct_sink_open(c);
	b = ct_batch_new(s, source_id, "test");
	rec.type = "artefact";
	ct_batch_record(b, &rec);
	{
		struct ct_artefact_row row;

		memset(&row, 0, sizeof(row));
		CT_ARTEFACT_COLUMNS(SET)
		row.key_record_id = 1;	/* a record of this case */
		row.data = "{\"data\":1}";
		ct_batch_artefact(b, &row);
		ct_batch_free(b);
		CHECK(ct_sink_close(s, &err) == CT_OK);
		CHECK(sqlite3_prepare_v2(c->db, "SELECT 0"
		    CT_ARTEFACT_COLUMNS(NAME) " FROM artefact", -1, &st, NULL) ==
		    SQLITE_OK);
		CHECK(sqlite3_step(st) == SQLITE_ROW);
		col = 1;
		CT_ARTEFACT_COLUMNS(BACK)
		sqlite3_finalize(st);
	}
}

/* A new case in a temporary folder, made once for all cases. */
static struct ct_case *
the_case(void)
{
	static struct ct_case *c;
	struct ct_error err = CT_ERROR_INIT;
	char path[300];

	if (c == NULL && mkdtemp(dir)) {
		snprintf(path, sizeof(path), "%s/case.db", dir);
		if (ct_case_open(path, CT_CASE_WRITE, &c, &err) != CT_OK)
			c = NULL;
	}
	return c;
}

/* A source for the rows of the round trip. */
static int64_t
the_source(struct ct_case *c)
{
	static int64_t sid;
	struct ct_error err = CT_ERROR_INIT;
	struct ct_source_row src;
	struct ct_sink *s;

	if (sid > 0)
		return sid;
	memset(&src, 0, sizeof(src));
	src.kind = "test";
	src.size = CT_NULL_INT;
	s = ct_sink_open(c);
	sid = ct_sink_add_source(s, &src);
	CHECK(ct_sink_close(s, &err) == CT_OK);
	return sid;
}

UNIT_CASE(lists_match_schema)
{
	struct ct_case *c = the_case();
	size_t i;

	CHECK(c != NULL);
	if (c == NULL)
		return;
	for (i = 0; ct_row_tables[i].name; i++)
		check_table(c, &ct_row_tables[i]);
	CHECK_INT(i, 11);	/* source and the ten batch tables */
}

/* A source with every default: status 'pending', parent NULL. */
UNIT_CASE(source_defaults)
{
	struct ct_case *c = the_case();
	sqlite3_stmt *st;
	int64_t sid;

	CHECK(c != NULL);
	if (c == NULL)
		return;
	sid = the_source(c);
	CHECK(sid > 0);
	CHECK(sqlite3_prepare_v2(c->db, "SELECT parent_id IS NULL, "
	    "path, size IS NULL, status, tool_version IS NOT NULL, "
	    "added_at > 0 FROM source WHERE id = ?", -1, &st, NULL) ==
	    SQLITE_OK);
	sqlite3_bind_int64(st, 1, sid);
	CHECK(sqlite3_step(st) == SQLITE_ROW);
	CHECK(sqlite3_column_int(st, 0) == 1);
	CHECK_STR((const char *)sqlite3_column_text(st, 1), "");
	CHECK(sqlite3_column_int(st, 2) == 1);
	CHECK_STR((const char *)sqlite3_column_text(st, 3), "pending");
	CHECK(sqlite3_column_int(st, 4) == 1);
	CHECK(sqlite3_column_int(st, 5) == 1);
	sqlite3_finalize(st);
}

UNIT_CASE(round_trip)
{
	struct ct_case *c = the_case();

	CHECK(c != NULL);
	if (c != NULL)
		check_round_trip(c, the_source(c));
}

static const struct unit_case cases[] = {
	{ "lists_match_schema", lists_match_schema },
	{ "source_defaults", source_defaults },
	{ "round_trip", round_trip },
	{ NULL, NULL }
};

int
main(int argc, char **argv)
{
	int rc = unit_run(cases, argc, argv);
	char cmd[300];

	ct_case_close(the_case());
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	if (dir[strlen(dir) - 1] != 'X' && system(cmd) != 0)
		return 99;
	return rc;
}
