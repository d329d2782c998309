/*
 * test-reg-decoders.c - the registry artefact decoders (parsers/hive/
 * dec-*.c) on real data and on hostile bytes.
 *
 * Real data: the AppCompatCacheParser test blobs and the hives of
 * ../shared/corpus-ext/registry/, whose keys are read by an independent
 * reader (tests/unit/reg-dump.py, python3-libregf) and handed to the
 * real dispatch (ct_reg_decode_key) as views; the facts checked are
 * those MANIFEST.md states. A case whose file is missing says so and
 * skips. Hostile: crafted values (truncated, huge counts, lengths past
 * the end) must give warnings, never a crash or a read out of bounds
 * (run under ASan by scripts/test --sanitize).
 *
 * Artefacts are read back from a real case file: each case writes
 * through a sink into its own source and queries the artefact table.
 */
#include "compat.h"

#include <sys/stat.h>

#include "artefact.h"
#include "buf.h"
#include "casedb.h"
#include "reg-view.h"
#include "sink.h"
#include "timefmt.h"
#include "unit.h"
#include "xalloc.h"

#define PY	"/usr/bin/python3"	/* Debian's, where python3-libregf is */

static char dir[] = "/tmp/test-reg-decoders-XXXXXX";

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

/* Where the external data is, or NULL (reported as a skip). */
static char *
shared_file(const char *rel)
{
	const char *top = getenv("SHARED_DIR");
	struct stat st;
	char *p;

	p = ct_xasprintf("%s/corpus-ext/%s", top ? top : "../shared", rel);
	if (stat(p, &st) != 0) {
		printf("ok %d - %s # SKIP missing %s (external test data)\n",
		    ++unit_n, unit_case_name, p);
		fprintf(stderr, "SKIP: %s is missing\n", p);
		free(p);
		return NULL;
	}
	return p;
}

/* ---- views: built by a test, owned by a struct views ---- */

struct views {
	struct ct_reg_key_view *keys;
	size_t nkeys, alloc;
	struct ct_reg_value_view *vals;	/* per key: its own array */
	char *hive;
};

static void
views_release(struct views *vs)
{
	size_t i, j;

	for (i = 0; i < vs->nkeys; i++) {
		struct ct_reg_key_view *k = &vs->keys[i];

		for (j = 0; j < k->nvalues; j++) {
			free((char *)k->values[j].name);
			free((uint8_t *)k->values[j].data);
		}
		free((struct ct_reg_value_view *)k->values);
		free((char *)k->path);
	}
	free(vs->keys);
	memset(vs, 0, sizeof(*vs));
}

static struct ct_reg_key_view *
views_add_key(struct views *vs, const char *hive, const char *path,
    int64_t written)
{
	struct ct_reg_key_view *k;

	if (vs->nkeys == vs->alloc) {
		vs->alloc = vs->alloc ? 2 * vs->alloc : 64;
		vs->keys = ct_xreallocarray(vs->keys, vs->alloc, sizeof(*k));
	}
	k = &vs->keys[vs->nkeys++];
	memset(k, 0, sizeof(*k));
	k->hive = hive;
	k->hive_label = hive;
	k->path = ct_xstrdup(path);
	k->last_written = written;
	k->offset = 4096 + (int64_t)vs->nkeys;
	return k;
}

/* Add a value (data copied; NULL data for size 0) to key k. */
static void
views_add_value(struct ct_reg_key_view *k, const char *name, uint32_t type,
    const void *data, size_t size)
{
	struct ct_reg_value_view *v;

	k->values = ct_xreallocarray((void *)k->values, k->nvalues + 1,
	    sizeof(*v));
	v = (struct ct_reg_value_view *)&k->values[k->nvalues++];
	v->name = ct_xstrdup(name);
	v->type = type;
	v->size = size;
	v->data = NULL;
	if (size) {
		v->data = ct_xmalloc(size);
		memcpy((uint8_t *)v->data, data, size);
	}
}

static size_t
unhex(const char *s, uint8_t *out)
{
	size_t n = 0;
	unsigned x;

	while (s[0] && s[1] && sscanf(s, "%2x", &x) == 1) {
		out[n++] = (uint8_t)x;
		s += 2;
	}
	return n;
}

/*
 * The keys of a hive as tests/unit/reg-dump.py reads them with libregf.
 * Returns the number of keys, 0 if it could not run.
 */
static CT_UNUSED size_t
load_hive(struct views *vs, const char *hive, const char *file,
    const char *subtrees)
{
	const char *top = getenv("TOP_SRCDIR");
	char *cmd, *line = NULL;
	size_t cap = 0;
	ssize_t len;
	FILE *f;
	struct ct_reg_key_view *k = NULL;
	uint8_t *buf;

	cmd = ct_xasprintf("%s '%s/tests/unit/reg-dump.py' '%s' %s", PY,
	    top ? top : ".", file, subtrees);
	f = popen(cmd, "r");
	free(cmd);
	if (f == NULL)
		return 0;
	while ((len = getline(&line, &cap, f)) > 0) {
		char a[4096], *hex;
		long long t, nsub;
		unsigned type;
		size_t n;

		buf = ct_xmalloc((size_t)len / 2 + 1);
		hex = ct_xmalloc((size_t)len + 1);
		if (line[0] == 'K' && sscanf(line, "K %4095s %lld %lld", a, &t,
		    &nsub) == 3) {
			n = strcmp(a, "") ? unhex(a, buf) : 0;
			buf[n] = 0;
			k = views_add_key(vs, hive, (char *)buf, t);
			k->nsubkeys = (size_t)nsub;
		} else if (line[0] == 'V' && k && sscanf(line, "V %4095s %u "
		    "%s", a, &type, hex) >= 2) {
			char name[2048];

			n = unhex(a, (uint8_t *)name);
			name[n] = 0;
			n = sscanf(line, "V %*s %*u %s", hex) == 1 ?
			    unhex(hex, buf) : 0;
			views_add_value(k, name, type, buf, n);
		} else if (line[0] == 'V' && k) {
			/* empty name: "V  type data" */
			if (sscanf(line, "V  %u %s", &type, hex) >= 1) {
				n = sscanf(line, "V  %*u %s", hex) == 1 ?
				    unhex(hex, buf) : 0;
				views_add_value(k, "", type, buf, n);
			}
		}
		free(buf);
		free(hex);
	}
	free(line);
	pclose(f);
	return vs->nkeys;
}

/* ---- decoding into the case ---- */

/* Decode every view into a new source; returns its id (-1 on failure). */
static int64_t
decode_all(const struct views *vs, uint64_t *warnings)
{
	struct ct_case *c = the_case();
	struct ct_error err = CT_ERROR_INIT;
	struct ct_source_row src;
	struct ct_sink *s;
	struct ct_batch *b;
	int64_t sid;
	size_t i;

	if (c == NULL)
		return -1;
	memset(&src, 0, sizeof(src));
	src.kind = "test";
	src.size = CT_NULL_INT;
	s = ct_sink_open(c);
	sid = ct_sink_add_source(s, &src);
	b = ct_batch_new(s, sid, "hive");
	for (i = 0; i < vs->nkeys; i++) {
		ct_reg_decode_key(&vs->keys[i], b);
		ct_batch_maybe_flush(b);
	}
	if (warnings)
		*warnings = ct_batch_warnings(b);
	ct_batch_free(b);
	if (ct_sink_close(s, &err) != CT_OK)
		return -1;
	return sid;
}

/* The first column of the first row of sql (?1 = source id), or NULL. */
static char *
q_str(int64_t sid, const char *sql)
{
	sqlite3_stmt *st;
	char *r = NULL;

	if (sqlite3_prepare_v2(the_case()->db, sql, -1, &st, NULL) !=
	    SQLITE_OK) {
		printf("# bad SQL %s: %s\n", sql,
		    sqlite3_errmsg(the_case()->db));
		return NULL;
	}
	sqlite3_bind_int64(st, 1, sid);
	if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0))
		r = ct_xstrdup((const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	return r;
}

static int64_t
q_int(int64_t sid, const char *sql)
{
	char *s = q_str(sid, sql);
	int64_t v = s ? strtoll(s, NULL, 10) : -999999;

	free(s);
	return v;
}

/* CHECK_STR on a query, freeing its result. */
#define CHECK_Q(sid, sql, want) do { \
	char *q_ = q_str(sid, sql); \
	CHECK_STR(q_, want); \
	free(q_); \
} while (0)

/*
 * A FILETIME as ISO text to the microsecond, the precision MANIFEST.md
 * gives (its tools print microseconds): "2014-05-14T16:23:46.553877Z".
 */
#define ISO(sid, sql) q_iso(sid, sql)
static char iso_buf[CT_TIME_ISO_LEN];
static const char *
q_iso(int64_t sid, const char *sql)
{
	int64_t t = q_int(sid, sql);

	ct_time_iso(t, iso_buf);
	if (strlen(iso_buf) == CT_TIME_ISO_LEN - 1)
		memcpy(iso_buf + 26, "Z", 2);
	return iso_buf;
}

#define ART	"FROM artefact a JOIN record r ON r.id = a.record_id " \
		"WHERE r.source_id = ?1 "

/* ---- ShimCache ---- */

/* A one-value view of a ShimCache blob file (or a crafted one). */
static void
shim_view(struct views *vs, const void *data, size_t size)
{
	struct ct_reg_key_view *k = views_add_key(vs, "SYSTEM",
	    "ControlSet001\\Control\\Session Manager\\AppCompatCache", 0);

	views_add_value(k, "AppCompatCache", CT_REG_BINARY, data, size);
}

static uint8_t *
slurp(const char *path, size_t *n)
{
	FILE *f = fopen(path, "rb");
	uint8_t *p = NULL;
	long len;

	*n = 0;
	if (f == NULL)
		return NULL;
	if (fseek(f, 0, SEEK_END) == 0 && (len = ftell(f)) >= 0 &&
	    fseek(f, 0, SEEK_SET) == 0) {
		p = ct_xmalloc((size_t)len + 1);
		*n = fread(p, 1, (size_t)len, f);
	}
	fclose(f);
	return p;
}

/* Decode one blob of corpus-ext/registry/AppCompatCacheParser/. */
static int64_t
shim_blob(const char *name, uint64_t *warnings)
{
	struct views vs = { 0 };
	char *rel = ct_xasprintf("registry/AppCompatCacheParser/%s", name);
	char *path = shared_file(rel);
	uint8_t *d;
	size_t n;
	int64_t sid = -1;

	free(rel);
	if (path == NULL)
		return -1;
	d = slurp(path, &n);
	free(path);
	CHECK(d != NULL && n > 0);
	shim_view(&vs, d, n);
	free(d);
	sid = decode_all(&vs, warnings);
	views_release(&vs);
	CHECK(sid > 0);
	return sid;
}

/* The path's last component of entry pos, and its executed flag. */
#define SHIM_NAME(sid, pos) \
	"SELECT replace(path, rtrim(path, replace(path, '\\', '')), '') " \
	ART "AND a.kind = 'shimcache' AND a.position = " #pos
#define SHIM_EXEC(pos) \
	"SELECT coalesce(executed, 'NA') " ART \
	"AND a.kind = 'shimcache' AND a.position = " #pos
#define SHIM_COUNT "SELECT count(*) " ART "AND a.kind = 'shimcache'"
#define SHIM_PATHLEN(pos) "SELECT 2 * length(path) " ART \
	"AND a.kind = 'shimcache' AND a.position = " #pos

UNIT_CASE(shim_win7x64)
{
	uint64_t w = 0;
	int64_t sid = shim_blob("win7x64.bin", &w);

	if (sid < 0)
		return;
	CHECK_INT(q_int(sid, SHIM_COUNT), 304);
	CHECK_INT(w, 0);
	CHECK_Q(sid, SHIM_NAME(sid, 0), "wuauclt.exe");
	CHECK_INT(q_int(sid, SHIM_PATHLEN(0)), 70);
	CHECK_Q(sid, SHIM_EXEC(0), "1");
	CHECK_Q(sid, SHIM_NAME(sid, 2), "SearchFilterHost.exe");
	CHECK_INT(q_int(sid, SHIM_PATHLEN(2)), 88);
	CHECK_Q(sid, SHIM_NAME(sid, 7), "chrome.exe");
	CHECK_INT(q_int(sid, SHIM_PATHLEN(7)), 126);
	CHECK_Q(sid, SHIM_EXEC(7), "0");
	CHECK_Q(sid, SHIM_NAME(sid, 300), "chrmstp.exe");
	CHECK_INT(q_int(sid, SHIM_PATHLEN(300)), 176);
	CHECK_Q(sid, SHIM_EXEC(300), "1");
	CHECK_Q(sid, SHIM_NAME(sid, 301), "reg.exe");
	CHECK_INT(q_int(sid, SHIM_PATHLEN(301)), 62);
	CHECK_Q(sid, "SELECT path " ART "AND a.position = 0",
	    "\\??\\C:\\Windows\\system32\\wuauclt.exe");
	CHECK_STR(ISO(sid, "SELECT time " ART "AND a.position = 0"),
	    "2014-05-14T16:23:46.553877Z");
	CHECK_Q(sid, "SELECT json_extract(data, '$.insert_flags') " ART
	    "AND a.position = 0", "7");
	CHECK_Q(sid, "SELECT json_extract(data, '$.format') " ART
	    "AND a.position = 0", "win7-64");
}

UNIT_CASE(shim_win7x86)
{
	uint64_t w = 0;
	int64_t sid = shim_blob("win7x86.bin", &w);

	if (sid < 0)
		return;
	CHECK_INT(q_int(sid, SHIM_COUNT), 91);
	CHECK_INT(w, 0);
	CHECK_Q(sid, SHIM_NAME(sid, 0), "LogonUI.exe");
	CHECK_INT(q_int(sid, SHIM_PATHLEN(0)), 70);
	CHECK_Q(sid, SHIM_EXEC(0), "1");
	CHECK_Q(sid, SHIM_NAME(sid, 2), "SearchProtocolHost.exe");
	CHECK_INT(q_int(sid, SHIM_PATHLEN(2)), 92);
	CHECK_Q(sid, SHIM_NAME(sid, 8), "wmplayer.exe");
	CHECK_INT(q_int(sid, SHIM_PATHLEN(8)), 108);
	CHECK_Q(sid, SHIM_EXEC(8), "0");
	CHECK_Q(sid, SHIM_NAME(sid, 89), "reg.exe");
	CHECK_Q(sid, SHIM_NAME(sid, 90), "SETUPUGC.EXE");
	CHECK_INT(q_int(sid, SHIM_PATHLEN(90)), 72);
	CHECK_Q(sid, "SELECT path " ART "AND a.position = 0",
	    "\\??\\C:\\Windows\\system32\\LogonUI.exe");
	CHECK_STR(ISO(sid, "SELECT time " ART "AND a.position = 0"),
	    "2009-07-14T01:14:22.876000Z");
	CHECK_Q(sid, "SELECT json_extract(data, '$.format') " ART
	    "AND a.position = 0", "win7-32");
}

UNIT_CASE(shim_win80)
{
	uint64_t w = 0;
	int64_t sid = shim_blob("Win80.bin", &w);

	if (sid < 0)
		return;
	CHECK_INT(q_int(sid, SHIM_COUNT), 104);
	CHECK_INT(w, 0);
	CHECK_Q(sid, SHIM_NAME(sid, 0), "LogonUI.exe");
	CHECK_INT(q_int(sid, SHIM_PATHLEN(0)), 70);
	CHECK_Q(sid, SHIM_EXEC(0), "1");
	CHECK_Q(sid, SHIM_NAME(sid, 2), "EditPadLite7.exe");
	CHECK_INT(q_int(sid, SHIM_PATHLEN(2)), 144);
	CHECK_Q(sid, SHIM_NAME(sid, 8), "svchost.exe");
	CHECK_Q(sid, SHIM_EXEC(8), "1");
	CHECK_Q(sid, SHIM_NAME(sid, 100), "Setup.exe");
	CHECK_INT(q_int(sid, SHIM_PATHLEN(100)), 76);
	CHECK_Q(sid, SHIM_NAME(sid, 101), "WWAHost.exe");
	CHECK_Q(sid, SHIM_EXEC(101), "0");
	CHECK_Q(sid, "SELECT path " ART "AND a.position = 0",
	    "SYSVOL\\Windows\\System32\\LogonUI.exe");
	CHECK_STR(ISO(sid, "SELECT time " ART "AND a.position = 0"),
	    "2012-07-26T03:20:49.094000Z");
	CHECK_Q(sid, "SELECT json_extract(data, '$.insert_flags') " ART
	    "AND a.position = 0", "67");
}

UNIT_CASE(shim_win10)
{
	uint64_t w = 0;
	int64_t sid = shim_blob("Win10.bin", &w);

	if (sid < 0)
		return;
	CHECK_INT(q_int(sid, SHIM_COUNT), 350);
	CHECK_INT(w, 0);
	CHECK_INT(q_int(sid, "SELECT count(*) " ART "AND executed IS NULL"),
	    350);
	CHECK_Q(sid, SHIM_NAME(sid, 0), "vds.exe");
	CHECK_INT(q_int(sid, SHIM_PATHLEN(0)), 54);
	CHECK_Q(sid, SHIM_NAME(sid, 2), "DismHost.exe");
	CHECK_INT(q_int(sid, SHIM_PATHLEN(2)), 140);
	CHECK_Q(sid, SHIM_NAME(sid, 7), "mstsc.exe");
	CHECK_INT(q_int(sid, SHIM_PATHLEN(7)), 58);
	CHECK_Q(sid, SHIM_NAME(sid, 337), "Ngen.exe");
	CHECK_INT(q_int(sid, SHIM_PATHLEN(337)), 112);
	CHECK_Q(sid, SHIM_NAME(sid, 349), "services.exe");
	CHECK_INT(q_int(sid, SHIM_PATHLEN(349)), 64);
	CHECK_Q(sid, "SELECT path " ART "AND a.position = 0",
	    "C:\\WINDOWS\\System32\\vds.exe");
	CHECK_STR(ISO(sid, "SELECT time " ART "AND a.position = 0"),
	    "2015-03-14T08:51:44.911306Z");
	CHECK_STR(ISO(sid, "SELECT time " ART "AND a.position = 349"),
	    "2015-03-14T08:52:48.271763Z");
}

UNIT_CASE(shim_win10_creators)
{
	uint64_t w = 0;
	int64_t sid = shim_blob("Win10Creators.bin", &w);

	if (sid < 0)
		return;
	CHECK_INT(q_int(sid, SHIM_COUNT), 506);
	CHECK_INT(w, 0);
	CHECK_Q(sid, SHIM_NAME(sid, 0), "nvstreg.exe");
	CHECK_INT(q_int(sid, SHIM_PATHLEN(0)), 126);
	CHECK_Q(sid, SHIM_NAME(sid, 2), "grpconv.exe");
	CHECK_Q(sid, SHIM_NAME(sid, 7), "ISBEW64.exe");
	CHECK_INT(q_int(sid, SHIM_PATHLEN(7)), 166);
	CHECK_Q(sid, SHIM_NAME(sid, 337), "wsqmcons.exe");
	CHECK_Q(sid, SHIM_NAME(sid, 349), "SLUI.exe");
	CHECK_INT(q_int(sid, SHIM_PATHLEN(349)), 56);
	CHECK_Q(sid, "SELECT path " ART "AND a.position = 0",
	    "C:\\Program Files (x86)\\NVIDIA Corporation\\3D Vision\\"
	    "nvstreg.exe");
	CHECK_STR(ISO(sid, "SELECT time " ART "AND a.position = 0"),
	    "2017-03-16T22:56:01.248714Z");
	CHECK_Q(sid, "SELECT path " ART "AND a.position = 505",
	    "C:\\WINDOWS\\system32\\services.exe");
	CHECK_STR(ISO(sid, "SELECT time " ART "AND a.position = 505"),
	    "2017-03-18T20:57:39.201977Z");
	/* a packaged app: timestamp 0, so no time */
	CHECK_Q(sid, "SELECT coalesce(time, 'none') " ART
	    "AND a.position = 301", "none");
}

UNIT_CASE(shim_xp)
{
	uint64_t w = 0;
	int64_t sid = shim_blob("WinXPx86.bin", &w);

	if (sid < 0)
		return;
	CHECK_INT(q_int(sid, SHIM_COUNT), 17);
	CHECK_Q(sid, SHIM_NAME(sid, 0), "msoobe.exe");
	CHECK_Q(sid, SHIM_NAME(sid, 2), "agentsvr.exe");
	CHECK_Q(sid, SHIM_NAME(sid, 8), "NETSHELL.dll");
	CHECK_Q(sid, SHIM_EXEC(0), "NA");
	CHECK_Q(sid, "SELECT path " ART "AND a.position = 0",
	    "\\??\\C:\\WINDOWS\\system32\\oobe\\msoobe.exe");
	CHECK_STR(ISO(sid, "SELECT time " ART "AND a.position = 0"),
	    "2008-04-14T12:00:00.000000Z");
	CHECK_INT(q_int(sid, "SELECT size " ART "AND a.position = 0"), 29184);
	CHECK_STR(ISO(sid, "SELECT json_extract(data, '$.last_update') " ART
	    "AND a.position = 0"), "2016-01-13T18:40:36.093750Z");
}

static const struct unit_case cases[] = {
	{ "shim_win7x64", shim_win7x64 },
	{ "shim_win7x86", shim_win7x86 },
	{ "shim_win80", shim_win80 },
	{ "shim_win10", shim_win10 },
	{ "shim_win10_creators", shim_win10_creators },
	{ "shim_xp", shim_xp },
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
