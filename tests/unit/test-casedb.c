/*
 * test-casedb.c - creating, reopening and refusing case files, and the
 * sink writing rows from several threads.
 */
#include "compat.h"

#include <pthread.h>
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

static const struct unit_case cases[] = {
	{ "create_reopen", create_reopen },
	{ "missing_read", missing_read },
	{ "refuse_text", refuse_text },
	{ "refuse_foreign", refuse_foreign },
	{ "refuse_newer", refuse_newer },
	{ "sink_threads", sink_threads },
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
