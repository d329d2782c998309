/*
 * test-casedb.c - creating, reopening and refusing case files, upgrading
 * a case of schema version 1 (made from tests/t/data/schema-v1.sql, the
 * schema of that version), and the sink writing rows from several threads.
 */
#include "compat.h"

#include <pthread.h>
#include <sys/stat.h>
#include <unistd.h>

#include "casedb.h"
#include "sink.h"
#include "unit.h"

static char dir[] = "/tmp/ct-test-casedb-XXXXXX";

static char *
path_in_dir(const char *name)
{
	static char buf[4][256];
	static int i;

	i = (i + 1) % 4;
	snprintf(buf[i], sizeof(buf[i]), "%s/%s", dir, name);
	return buf[i];
}

static int64_t
count(struct ct_case *c, const char *sql)
{
	sqlite3_stmt *st;
	int64_t n = -1;

	if (sqlite3_prepare_v2(c->db, sql, -1, &st, NULL) != SQLITE_OK)
		return -2;
	if (sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return n;
}

struct producer {
	struct ct_sink *sink;
	int64_t source_id;
	int n;
};

static void *
produce(void *arg)
{
	struct producer *p = arg;
	struct ct_batch *b = ct_batch_new(p->sink, p->source_id, "test");
	int i;

	for (i = 0; i < p->n; i++) {
		struct ct_record_row r = { "evtx", "record", i, 0, "summary" };
		struct ct_evtx_row e;

		memset(&e, 0, sizeof(e));
		e.record_number = i;
		e.event_id = 4688;
		e.written = e.created = 133548121314000000LL + i;
		e.qualifiers = e.version = e.level = e.task = e.opcode = CT_NULL_INT;
		e.pid = e.tid = e.process_id = e.parent_process_id = CT_NULL_INT;
		e.src_port = e.dst_port = CT_NULL_INT;
		e.command_line = "cmd.exe /c \xff bad utf-8";
		e.data = "{\"CommandLine\":\"cmd.exe\"}";
		ct_batch_record(b, &r);
		ct_batch_event(b, e.created, "event created");
		ct_batch_evtx(b, &e);
		if (i % 1000 == 0)
			ct_batch_warn(b, i * 512, "test warning %d", i);
		ct_batch_maybe_flush(b);
	}
	ct_batch_free(b);
	return NULL;
}

/* Created, then reopened read-only: schema version and application id. */
UNIT_CASE(create_reopen)
{
	struct ct_error err = CT_ERROR_INIT;
	struct ct_case *c = NULL;

	CHECK_INT(ct_case_open(path_in_dir("new.db"), CT_CASE_WRITE, &c, &err), CT_OK);
	CHECK_INT(count(c, "PRAGMA user_version"), CT_SCHEMA_VERSION);
	CHECK_INT(count(c, "PRAGMA application_id"), CT_APPLICATION_ID);
	ct_case_close(c);
	CHECK_INT(ct_case_open(path_in_dir("new.db"), CT_CASE_READ, &c, &err), CT_OK);
	CHECK_INT(count(c, "SELECT count(*) FROM source"), 0);
	ct_case_close(c);
}

/* A missing file in read mode is an error, and is not created. */
UNIT_CASE(missing_read)
{
	struct ct_error err = CT_ERROR_INIT;
	struct ct_case *c = NULL;

	CHECK_INT(ct_case_open(path_in_dir("missing.db"), CT_CASE_READ, &c, &err),
	    CT_ERR_IO);
	CHECK(access(path_in_dir("missing.db"), F_OK) != 0);
}

/* A text file is refused and left as it was. */
UNIT_CASE(refuse_text)
{
	struct ct_error err = CT_ERROR_INIT;
	struct ct_case *c = NULL;
	FILE *fp;
	char text[64];

	fp = fopen(path_in_dir("notes.txt"), "w");
	fputs("not a case\n", fp);
	fclose(fp);
	CHECK_INT(ct_case_open(path_in_dir("notes.txt"), CT_CASE_WRITE, &c, &err),
	    CT_ERR_NOTCASE);
	fp = fopen(path_in_dir("notes.txt"), "r");
	CHECK(fgets(text, sizeof(text), fp) && strcmp(text, "not a case\n") == 0);
	fclose(fp);
}

/* Another application's SQLite database is refused. */
UNIT_CASE(refuse_foreign)
{
	struct ct_error err = CT_ERROR_INIT;
	struct ct_case *c = NULL;
	sqlite3 *db;

	sqlite3_open(path_in_dir("other.db"), &db);
	sqlite3_exec(db, "CREATE TABLE t(x)", NULL, NULL, NULL);
	sqlite3_close(db);
	CHECK_INT(ct_case_open(path_in_dir("other.db"), CT_CASE_WRITE, &c, &err),
	    CT_ERR_NOTCASE);
}

/* A case file of a newer schema is refused, and the message says so. */
UNIT_CASE(refuse_newer)
{
	struct ct_error err = CT_ERROR_INIT;
	struct ct_case *c = NULL;
	sqlite3 *db;

	sqlite3_open(path_in_dir("newer.db"), &db);
	sqlite3_exec(db, "PRAGMA application_id = 1668575793; "
	    "PRAGMA user_version = 99; CREATE TABLE t(x)", NULL, NULL, NULL);
	sqlite3_close(db);
	CHECK_INT(ct_case_open(path_in_dir("newer.db"), CT_CASE_READ, &c, &err),
	    CT_ERR_NEWER);
	CHECK(strstr(err.msg, "newer") != NULL);
}

/* The sink: two producer threads, one writer; every row lands once. */
UNIT_CASE(sink_threads)
{
	struct ct_error err = CT_ERROR_INIT;
	struct ct_case *c = NULL;
	struct ct_sink *s;
	struct ct_source_row src;
	struct producer p[2];
	pthread_t t[2];
	int64_t sid;
	int i;

	CHECK_INT(ct_case_open(path_in_dir("sink.db"), CT_CASE_WRITE, &c, &err), CT_OK);
	s = ct_sink_open(c);
	memset(&src, 0, sizeof(src));
	src.kind = "evtx";
	src.path = "Security.evtx";
	src.size = 1024;
	src.sha256 = "00";
	sid = ct_sink_add_source(s, &src);
	CHECK(sid > 0);
	for (i = 0; i < 2; i++) {
		p[i].sink = s;
		p[i].source_id = sid;
		p[i].n = 20000;
		pthread_create(&t[i], NULL, produce, &p[i]);
	}
	for (i = 0; i < 2; i++)
		pthread_join(t[i], NULL);
	CHECK_INT(ct_sink_warnings(s), 40);
	ct_sink_finish_source(s, sid, "partial", NULL, CT_NULL_INT, NULL, NULL, NULL);
	CHECK_INT(ct_sink_close(s, &err), CT_OK);
	CHECK_INT(count(c, "SELECT count(*) FROM record"), 40000);
	CHECK_INT(count(c, "SELECT count(*) FROM evtx"), 40000);
	CHECK_INT(count(c, "SELECT count(*) FROM event"), 40000);
	CHECK_INT(count(c, "SELECT count(*) FROM warning"), 40);
	/* every detail row points at a record of the same logical row */
	CHECK_INT(count(c, "SELECT count(*) FROM evtx x JOIN event e ON "
	    "e.record_id = x.record_id WHERE e.ts != x.created"), 0);
	CHECK_INT(count(c, "SELECT count(*) FROM evtx WHERE "
	    "json_extract(data, '$.CommandLine') = 'cmd.exe'"), 40000);
	/* invalid UTF-8 from evidence is stored as U+FFFD */
	CHECK_INT(count(c, "SELECT count(*) FROM evtx WHERE command_line = "
	    "'cmd.exe /c ' || char(65533) || ' bad utf-8'"), 40000);
	CHECK_INT(count(c, "SELECT count(*) FROM source WHERE status = 'partial'"), 1);
	CHECK_INT(count(c, "SELECT count(*) FROM timeline WHERE time = "
	    "'2024-03-13T14:02:11.4000000Z'"), 2);
	ct_case_close(c);
}

/* ---- upgrades ---- */

static int backfills, backfill_version, backfill_fails;

/* A stand-in for the parsers' backfill: sees the new columns, may fail. */
static enum ct_status
fake_backfill(struct ct_case *c, int version, struct ct_error *err)
{
	backfills++;
	backfill_version = version;
	if (backfill_fails)
		return ct_error_set(err, CT_ERR_DB, c->path, CT_NO_OFFSET,
		    "backfill failed");
	return ct_case_exec(c, "UPDATE evtx SET direction = 'outbound', "
	    "logon_type = 3", err);
}

static char *
slurp(const char *path)
{
	FILE *fp = fopen(path, "rb");
	char *buf;
	long n;

	if (!fp)
		return NULL;
	fseek(fp, 0, SEEK_END);
	n = ftell(fp);
	rewind(fp);
	buf = calloc(1, (size_t)n + 1);
	if (fread(buf, 1, (size_t)n, fp) != (size_t)n)
		buf[0] = '\0';
	fclose(fp);
	return buf;
}

/* A case of schema version 1 at path, with one event-log record. */
static int
make_v1(const char *path)
{
	char file[1024];
	const char *top = getenv("TOP_SRCDIR");
	char *schema;
	sqlite3 *db;
	int rc;

	snprintf(file, sizeof(file), "%s/tests/t/data/schema-v1.sql",
	    top ? top : ".");
	if (!(schema = slurp(file)))
		return -1;
	unlink(path);
	sqlite3_open(path, &db);
	rc = sqlite3_exec(db, schema, NULL, NULL, NULL) != SQLITE_OK ||
	    sqlite3_exec(db, "PRAGMA application_id = 1668575793; "
	    "PRAGMA user_version = 1; "
	    "INSERT INTO meta VALUES ('application', 'casetrail'), "
	    " ('created_by', 'v1'), ('created_at', 'x'); "
	    "INSERT INTO source (id, kind, path, tool_version, added_at) "
	    " VALUES (1, 'evtx', 'Security.evtx', 'v1', 0); "
	    "INSERT INTO record VALUES (1, 1, 'evtx', 'record 1', 4096, 0, "
	    " 'Logon'); "
	    "INSERT INTO evtx (record_id, record_number, event_id, provider, "
	    " channel, data, process_id) VALUES (1, 1, 4624, "
	    " 'Microsoft-Windows-Security-Auditing', 'Security', "
	    " '{\"LogonType\":\"3\"}', 77)", NULL, NULL, NULL) != SQLITE_OK;
	sqlite3_close(db);
	free(schema);
	return rc ? -1 : 0;
}

/* The columns of every table, as text: name type notnull default pk. */
static char *
columns_of(struct ct_case *c)
{
	sqlite3_stmt *st;
	struct { char *p; size_t n; } out = { NULL, 0 };
	FILE *fp = open_memstream(&out.p, &out.n);

	sqlite3_prepare_v2(c->db, "SELECT m.name, p.cid, p.name, p.type, "
	    "p.\"notnull\", p.dflt_value, p.pk FROM sqlite_master m, "
	    "pragma_table_info(m.name) p WHERE m.type = 'table' "
	    "ORDER BY m.name, p.cid", -1, &st, NULL);
	while (sqlite3_step(st) == SQLITE_ROW) {
		int i;

		for (i = 0; i < 7; i++)
			fprintf(fp, "%s|", sqlite3_column_text(st, i) ?
			    (const char *)sqlite3_column_text(st, i) : "NULL");
		fputc('\n', fp);
	}
	sqlite3_finalize(st);
	fclose(fp);
	return out.p;
}

/* Older cases are upgraded in place, or refused untouched. */
UNIT_CASE(upgrade)
{
	struct ct_case *c;
	struct ct_error err = CT_ERROR_INIT;
	char *want, *got, *before, *after;
	const char *v1 = path_in_dir("v1.db");

	CHECK_INT(ct_case_open(path_in_dir("fresh.db"), CT_CASE_WRITE, &c, &err),
	    CT_OK);
	want = columns_of(c);
	ct_case_close(c);

	/* No backfill registered: refused, the case untouched. */
	CHECK_INT(make_v1(v1), 0);
	ct_case_set_backfill(NULL);
	before = slurp(v1);
	CHECK_INT(ct_case_open(v1, CT_CASE_WRITE, &c, &err), CT_ERR_INTERNAL);
	CHECK(strstr(err.msg, "no backfill") != NULL);
	after = slurp(v1);
	CHECK(before && after && memcmp(before, after, 100) == 0);
	free(before);
	free(after);

	/* A failing backfill rolls the whole upgrade back. */
	ct_case_set_backfill(fake_backfill);
	backfill_fails = 1;
	CHECK_INT(ct_case_open(v1, CT_CASE_WRITE, &c, &err), CT_ERR_DB);
	backfill_fails = 0;
	CHECK_INT(ct_case_open(v1, CT_CASE_READ, &c, &err), CT_OK);
	ct_case_close(c);
	/* (that read upgraded it: it was writable) */
	CHECK_INT(make_v1(v1), 0);
	backfills = 0;
	{
		sqlite3 *db;

		sqlite3_open(v1, &db);
		CHECK_INT(sqlite3_exec(db, "SELECT direction FROM evtx", NULL,
		    NULL, NULL), SQLITE_ERROR);	/* not there before */
		sqlite3_close(db);
	}

	/* Upgraded: version 2, the new columns, backfilled, same schema. */
	CHECK_INT(ct_case_open(v1, CT_CASE_WRITE, &c, &err), CT_OK);
	CHECK_INT(backfills, 1);
	CHECK_INT(backfill_version, 2);
	CHECK_INT(count(c, "PRAGMA user_version"), CT_SCHEMA_VERSION);
	CHECK_INT(count(c, "SELECT count(*) FROM evtx WHERE direction = "
	    "'outbound' AND logon_type = 3 AND process_id = 77"), 1);
	/* Version 3: the status list takes 'interrupted', and the new columns. */
	CHECK_INT(ct_case_exec(c, "UPDATE source SET status = 'interrupted', "
	    "mtime = 1, path_bytes = 'a%FFb' WHERE id = 1", &err), CT_OK);
	CHECK_INT(count(c, "SELECT count(*) FROM source WHERE status = "
	    "'interrupted'"), 1);
	CHECK(ct_case_exec(c, "UPDATE source SET status = 'bogus'", &err) !=
	    CT_OK);
	CHECK_INT(count(c, "SELECT count(*) FROM meta WHERE key = "
	    "'upgraded_v2' AND value LIKE 'casetrail %'"), 1);
	CHECK_INT(count(c, "SELECT count(*) FROM meta WHERE key = "
	    "'created_by' AND value = 'v1'"), 1);
	got = columns_of(c);
	CHECK(want && got && strcmp(want, got) == 0);
	if (want && got && strcmp(want, got) != 0)
		printf("# new case:\n%s# upgraded case:\n%s", want, got);
	free(got);
	ct_case_close(c);
	/* Opened again: nothing more to do. */
	CHECK_INT(ct_case_open(v1, CT_CASE_WRITE, &c, &err), CT_OK);
	CHECK_INT(backfills, 1);
	ct_case_close(c);

	/* Read-only commands upgrade a writable case first... */
	CHECK_INT(make_v1(v1), 0);
	CHECK_INT(ct_case_open(v1, CT_CASE_READ, &c, &err), CT_OK);
	CHECK_INT(backfills, 2);
	CHECK_INT(count(c, "PRAGMA user_version"), CT_SCHEMA_VERSION);
	CHECK_INT(count(c, "SELECT count(*) FROM evtx WHERE logon_type = 3"), 1);
	ct_case_close(c);

	/* ...and refuse one made read-only (even for root), untouched. */
	CHECK_INT(make_v1(v1), 0);
	chmod(v1, 0444);
	before = slurp(v1);
	CHECK_INT(ct_case_open(v1, CT_CASE_READ, &c, &err), CT_ERR_OLDER);
	CHECK(strstr(err.msg, "schema version 1") != NULL);
	CHECK(strstr(err.msg, "writable copy") != NULL);
	CHECK_INT(ct_status_exit_code(CT_ERR_OLDER), CT_EXIT_CASE);
	after = slurp(v1);
	CHECK(before && after && memcmp(before, after, 100) == 0);
	CHECK_INT(backfills, 2);
	free(before);
	free(after);
	chmod(v1, 0644);
	free(want);
}

static const struct unit_case cases[] = {
	{ "create_reopen", create_reopen },
	{ "missing_read", missing_read },
	{ "refuse_text", refuse_text },
	{ "refuse_foreign", refuse_foreign },
	{ "refuse_newer", refuse_newer },
	{ "sink_threads", sink_threads },
	{ "upgrade", upgrade },
	{ NULL, NULL }
};

/* The case files of every case go to one temporary folder. */
int
main(int argc, char **argv)
{
	char cmd[300];
	int rc;

	if (mkdtemp(dir) == NULL)
		return 99;
	rc = unit_run(cases, argc, argv);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		printf("# could not remove %s\n", dir);
	return rc;
}
