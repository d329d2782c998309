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

#include <strings.h>
#include <sys/stat.h>

#include "artefact.h"
#include "buf.h"
#include "bytes.h"
#include "casedb.h"
#include "reg-view.h"
#include "sink.h"
#include "timefmt.h"
#include "reg-views.h"
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

/*
 * The keys of a hive as tests/unit/reg-dump.py reads them with libregf.
 * Returns the number of keys, 0 if it could not run.
 */
static size_t
load_hive(struct views *vs, const char *hive, const char *file,
    const char *subtrees)
{
	const char *top = getenv("TOP_SRCDIR");
	char *cmd;
	FILE *f;
	size_t n;

	cmd = ct_xasprintf("%s '%s/tests/unit/reg-dump.py' '%s' %s", PY,
	    top ? top : ".", file, subtrees);
	f = popen(cmd, "r");
	free(cmd);
	if (f == NULL)
		return 0;
	n = views_read_dump(vs, hive, f);
	pclose(f);
	return n;
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
/*
 * Within 1 us of want: where MANIFEST's tools rounded to the microsecond
 * (it says so for the SAM and for times printed with 5-6 digits).
 */
#define CHECK_TIME_US(sid, sql, want) do { \
	int64_t got_ = q_int(sid, sql), want_ = 0; \
	char g_[CT_TIME_ISO_LEN]; \
	CHECK(ct_time_parse(want, &want_) == 0); \
	unit_report(got_ - want_ <= 10 && want_ - got_ <= 10, __FILE__, \
	    __LINE__, "%s within 1 us of %s (got %s)", #sql, want, \
	    ct_time_iso(got_, g_)); \
} while (0)
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

/* ---- hives read by libregf ---- */

/* Load a hive of corpus-ext (rel) into views and decode them; -1 if absent. */
static int64_t
hive_case(struct views *vs, const char *hive, const char *rel,
    const char *subtrees, uint64_t *warnings)
{
	char *path = shared_file(rel);
	int64_t sid;

	if (path == NULL)
		return -1;
	if (system(PY " -c 'import pyregf' 2>/dev/null") != 0) {
		printf("ok %d - %s # SKIP python3-libregf missing\n", ++unit_n,
		    unit_case_name);
		free(path);
		return -1;
	}
	CHECK(load_hive(vs, hive, path, subtrees) > 0);
	free(path);
	sid = decode_all(vs, warnings);
	CHECK(sid > 0);
	return sid;
}

UNIT_CASE(amcache)
{
	struct views vs = { 0 };
	int64_t sid = hive_case(&vs, "AMCACHE", "registry/regipy/amcache.hve",
	    "", NULL);

	if (sid < 0)
		return;
	CHECK_INT(vs.nkeys, 2105);	/* MANIFEST: 2,105 keys */
	CHECK_INT(q_int(sid, "SELECT count(*) " ART "AND kind = 'amcache_file' "
	    "AND key_path LIKE 'Root\\File\\%'"), 1120);
	CHECK_INT(q_int(sid, "SELECT count(*) " ART "AND kind = 'amcache_file' "
	    "AND key_path LIKE 'Root\\InventoryApplicationFile\\%'"), 247);
	CHECK_INT(q_int(sid, "SELECT count(*) " ART
	    "AND kind = 'amcache_program'"), 74);
#define TPVM ART "AND path = 'C:\\Windows\\system32\\TPVMMondeu.dll'"
	CHECK_INT(q_int(sid, "SELECT count(*) " TPVM), 1);
	CHECK_Q(sid, "SELECT sha1 " TPVM,
	    "056f4b9d9ec9b5dc548e1b460da889e44089d76f");
	CHECK_Q(sid, "SELECT json_extract(data, '$.program_id') " TPVM,
	    "75a010066bb612ca7357ce31df8e9f0300000904");
	CHECK_STR(ISO(sid, "SELECT time " TPVM), "2017-08-03T11:34:02.263418Z");
	CHECK_STR(ISO(sid, "SELECT json_extract(data, '$.last_modified_2') "
	    TPVM), "2017-03-17T05:06:04.002722Z");
	CHECK_Q(sid, "SELECT key_path " TPVM,
	    "Root\\File\\ccbe4c57-0000-0000-0000-100000000000\\100001639b");
#define IDA ART "AND path = 'c:\\users\\user\\appdata\\local\\temp\\" \
	"chocolatey\\is-f4510.tmp\\idafree50.tmp'"
	CHECK_Q(sid, "SELECT sha1 " IDA,
	    "82274eef0911a948f91425f5e5b0e730517fe75e");
	CHECK_Q(sid, "SELECT publisher " ART "AND kind = 'amcache_program' "
	    "AND name = 'FileInsight - File analysis tool'", "McAfee Inc.");
	/* every SHA-1 is 40 lower-case hex digits */
	CHECK_INT(q_int(sid, "SELECT count(*) " ART "AND sha1 IS NOT NULL AND "
	    "(length(sha1) != 40 OR sha1 GLOB '*[^0-9a-f]*')"), 0);
	views_release(&vs);
}

UNIT_CASE(amcache_win10)
{
	struct views vs = { 0 };
	int64_t sid = hive_case(&vs, "AMCACHE",
	    "registry/plaso/winreg/win10-Amcache.hve", "", NULL);

	if (sid < 0)
		return;
	CHECK_INT(q_int(sid, "SELECT count(*) " ART "AND kind = 'amcache_file'"),
	    30);
	CHECK_INT(q_int(sid, "SELECT count(*) " ART
	    "AND kind = 'amcache_program'"), 75);
#define SVCHOST ART "AND path = 'c:\\windows\\system32\\svchost.exe'"
	CHECK_Q(sid, "SELECT sha1 " SVCHOST,
	    "75c5a97f521f760e32a4a9639a653eed862e9c61");
	CHECK_Q(sid, "SELECT json_extract(data, '$.link_date') " SVCHOST,
	    "01/10/1997 22:26:24");
	CHECK_STR(ISO(sid, "SELECT json_extract(data, '$.link_time') " SVCHOST),
	    "1997-01-10T22:26:24.000000Z");
	CHECK_STR(ISO(sid, "SELECT time " SVCHOST),
	    "2019-12-17T05:30:28.241649Z");
	views_release(&vs);
}

/* Services of a control set that have a Type or ImagePath, counted on the views. */
static int64_t
count_services(const struct views *vs, const char *cs)
{
	size_t i, j, n = 0, plen = strlen(cs);

	for (i = 0; i < vs->nkeys; i++) {
		const struct ct_reg_key_view *k = &vs->keys[i];
		const char *rest = k->path + plen;

		if (strncasecmp(k->path, cs, plen) != 0 ||
		    strncasecmp(rest, "\\Services\\", 10) != 0 ||
		    strchr(rest + 10, '\\'))
			continue;
		for (j = 0; j < k->nvalues; j++)
			if (strcasecmp(k->values[j].name, "Type") == 0 ||
			    strcasecmp(k->values[j].name, "ImagePath") == 0) {
				n++;
				break;
			}
	}
	return (int64_t)n;
}

UNIT_CASE(system_win7)
{
	struct views vs = { 0 };
	int64_t sid = hive_case(&vs, "SYSTEM", "registry/regipy/SYSTEM",
	    "'ControlSet00*\\Control\\Session Manager\\AppCompatCache' "
	    "'ControlSet00*\\Control\\ComputerName' "
	    "'ControlSet00*\\Control\\TimeZoneInformation' "
	    "'ControlSet00*\\Services'", NULL);
	int64_t n;

	if (sid < 0)
		return;
	CHECK_INT(q_int(sid, SHIM_COUNT), 660);
	CHECK_INT(q_int(sid, SHIM_COUNT " AND key_path LIKE 'ControlSet001%'"),
	    330);
#define MFEANN ART "AND kind = 'shimcache' AND position = 0 AND path = " \
	"'\\??\\C:\\Program Files\\McAfee\\VirusScan Enterprise\\mfeann.exe'"
	CHECK_INT(q_int(sid, "SELECT count(*) " MFEANN), 2);
	CHECK_STR(ISO(sid, "SELECT time " MFEANN), "2011-01-12T12:08:00.000000Z");
	CHECK_INT(q_int(sid, "SELECT executed " MFEANN), 1);
	CHECK_Q(sid, "SELECT name " ART "AND kind = 'computer_name' AND "
	    "key_path LIKE 'ControlSet001%'", "WKS-WIN732BITA");
	CHECK_STR(ISO(sid, "SELECT time " ART "AND kind = 'computer_name' AND "
	    "key_path LIKE 'ControlSet001%'"), "2010-11-10T17:18:08.718750Z");
	CHECK_Q(sid, "SELECT name " ART "AND kind = 'computer_name' AND "
	    "key_path LIKE 'ControlSet002%'", "WIN-V5T3CSP8U4H");
#define TZ ART "AND kind = 'time_zone' AND key_path LIKE 'ControlSet001%'"
	CHECK_Q(sid, "SELECT name " TZ, "Eastern Standard Time");
	CHECK_Q(sid, "SELECT json_extract(data, '$.bias') " TZ, "300");
	CHECK_Q(sid, "SELECT json_extract(data, '$.active_time_bias') " TZ,
	    "240");
	CHECK_Q(sid, "SELECT json_extract(data, '$.daylight_bias') " TZ, "-60");
	CHECK_Q(sid, "SELECT json_extract(data, '$.standard_name') " TZ,
	    "@tzres.dll,-112");
	CHECK_Q(sid, "SELECT json_extract(data, '$.daylight_name') " TZ,
	    "@tzres.dll,-111");
	CHECK_STR(ISO(sid, "SELECT time " TZ), "2012-03-11T07:00:00.000642Z");
	n = count_services(&vs, "ControlSet001");
	CHECK(n > 300);
	CHECK_INT(q_int(sid, "SELECT count(*) " ART "AND kind = 'service' AND "
	    "key_path LIKE 'ControlSet001\\Services\\%'"), n);
	CHECK_Q(sid, "SELECT json_extract(data, '$.start_type') " ART
	    "AND kind = 'service' AND key_path LIKE "
	    "'ControlSet001\\Services\\usbhub'", "demand");
	CHECK(q_int(sid, "SELECT count(*) " ART "AND kind = 'service_dll'") > 10);
	views_release(&vs);
}

UNIT_CASE(system_bam)
{
	struct views vs = { 0 };
	int64_t sid = hive_case(&vs, "SYSTEM", "registry/regipy/SYSTEM_B",
	    "'ControlSet00*\\Services\\bam' 'ControlSet00*\\Services\\dam'",
	    NULL);
	size_t i, j, n = 0;

	if (sid < 0)
		return;
	/* program values: binary, at least a FILETIME, not bookkeeping */
	for (i = 0; i < vs.nkeys; i++)
		if (strstr(vs.keys[i].path, "UserSettings\\S-"))
			for (j = 0; j < vs.keys[i].nvalues; j++)
				n += vs.keys[i].values[j].type == CT_REG_BINARY &&
				    vs.keys[i].values[j].size >= 8;
	CHECK(n > 0);
	CHECK_INT(q_int(sid, "SELECT count(*) " ART "AND kind IN ('bam', "
	    "'dam')"), n);
	CHECK_INT(q_int(sid, "SELECT count(*) " ART "AND kind = 'bam' AND "
	    "(executed != 1 OR user_sid NOT LIKE 'S-1-%' OR time IS NULL)"), 0);
	views_release(&vs);
}

/* Values of size bytes in keys whose path ends with suffix. */
static size_t
count_sized(const struct views *vs, const char *suffix, size_t size)
{
	size_t i, j, n = 0, sl = strlen(suffix);

	for (i = 0; i < vs->nkeys; i++) {
		size_t pl = strlen(vs->keys[i].path);

		if (pl < sl || strcasecmp(vs->keys[i].path + pl - sl, suffix))
			continue;
		for (j = 0; j < vs->keys[i].nvalues; j++)
			n += vs->keys[i].values[j].size == size;
	}
	return n;
}

UNIT_CASE(ntuser_win7)
{
	struct views vs = { 0 };
	int64_t sid = hive_case(&vs, "NTUSER", "registry/regipy/NTUSER.DAT",
	    "", NULL);

	if (sid < 0)
		return;
	CHECK_INT(vs.nkeys, 1812);
	/*
	 * MANIFEST: regipy reports 62 entries, but its list of UserAssist
	 * GUIDs names the two Windows 7 ones twice (for 7 and for 8), so
	 * it reads each Count key twice: libregf lists 31 program values
	 * (72 bytes) and two UEME_CTLSESSION ones, one artefact each: 31.
	 */
	CHECK_INT(count_sized(&vs, "\\Count", 72), 31);
	CHECK_INT(q_int(sid, "SELECT count(*) " ART "AND kind = 'userassist'"),
	    31);
#define EXCEL ART "AND kind = 'userassist' AND path = " \
	"'%PROGRAMFILES(X86)%\\Microsoft Office\\Office14\\EXCEL.EXE'"
	CHECK_INT(q_int(sid, "SELECT count " EXCEL), 4);
	CHECK_Q(sid, "SELECT json_extract(data, '$.focus_count') " EXCEL, "1");
	CHECK_Q(sid, "SELECT json_extract(data, '$.focus_ms') " EXCEL, "47673");
	CHECK_STR(ISO(sid, "SELECT time " EXCEL), "2012-04-04T15:43:14.785000Z");
#define RDP ART "AND kind = 'userassist' AND path = " \
	"'Microsoft.Windows.RemoteDesktop'"
	CHECK_INT(q_int(sid, "SELECT count " RDP), 8);
	CHECK_Q(sid, "SELECT json_extract(data, '$.focus_count') " RDP, "9");
	CHECK_Q(sid, "SELECT json_extract(data, '$.focus_ms') " RDP, "180000");
	CHECK_STR(ISO(sid, "SELECT time " RDP), "2012-04-03T22:06:58.124282Z");
	CHECK_Q(sid, "SELECT path " ART "AND kind = 'typed_url' AND position = 0",
	    "http://199.73.28.114:53/");
	CHECK_Q(sid, "SELECT path " ART "AND kind = 'typed_url' AND position = 1",
	    "http://go.microsoft.com/fwlink/?LinkId=69157");
	CHECK_STR(ISO(sid, "SELECT time " ART "AND kind = 'typed_url' AND "
	    "position = 0"), "2012-04-03T22:37:55.411500Z");
#define WWQ ART "AND kind = 'word_wheel_query' AND key_path LIKE '%WordWheelQuery'"
	CHECK_INT(q_int(sid, "SELECT count(*) " WWQ), 6);
	CHECK_Q(sid, "SELECT name " WWQ " AND position = 0", "alloy");
	CHECK_Q(sid, "SELECT json_extract(data, '$.value') " WWQ
	    " AND position = 0", "1");
	CHECK_TIME_US(sid, "SELECT time " WWQ " AND position = 0", "2012-04-04T15:45:18.551340Z");
#define SIDEBAR ART "AND kind = 'run_key' AND name = 'Sidebar'"
	CHECK_INT(q_int(sid, "SELECT count(*) " ART "AND kind = 'run_key'"), 1);
	CHECK_Q(sid, "SELECT command_line " SIDEBAR,
	    "%ProgramFiles%\\Windows Sidebar\\Sidebar.exe /autoRun");
	CHECK_Q(sid, "SELECT path " SIDEBAR,
	    "%ProgramFiles%\\Windows");
	CHECK_STR(ISO(sid, "SELECT time " SIDEBAR), "2012-04-03T21:19:54.837716Z");
	views_release(&vs);
}

UNIT_CASE(ntuser_xp)
{
	struct views vs = { 0 };
	int64_t sid = hive_case(&vs, "NTUSER", "registry/plaso/NTUSER.DAT",
	    "", NULL);

#define UA_XP ART "AND kind = 'userassist' AND key_path LIKE " \
	"'%{75048700-EF1F-11D0-9888-006097DEACF9}%'"
	if (sid < 0)
		return;
	CHECK_INT(q_int(sid, "SELECT count(*) " UA_XP), 14);
	CHECK_INT(q_int(sid, "SELECT count " UA_XP
	    " AND path = 'UEME_RUNPIDL:%csidl2%\\MSN.lnk'"), 14);
	CHECK_Q(sid, "SELECT time " UA_XP
	    " AND path = 'UEME_RUNPIDL:%csidl2%\\MSN.lnk'", "128938722828110676");	/* 2009-08-04T15:11:22.8110676Z */
	views_release(&vs);
}

UNIT_CASE(ntuser_mru)
{
	struct views vs = { 0 };
	int64_t sid = hive_case(&vs, "NTUSER", "registry/plaso/NTUSER-WIN7.DAT",
	    "", NULL);

#define RD ART "AND kind = 'recent_doc' AND key_path LIKE '%\\RecentDocs'"
	if (sid < 0)
		return;
	CHECK_INT(q_int(sid, "SELECT count(*) " RD), 19);
	CHECK_Q(sid, "SELECT path " RD " AND position = 0", "The SHIELD");
	CHECK_Q(sid, "SELECT json_extract(data, '$.value') " RD
	    " AND position = 0", "17");
	CHECK_Q(sid, "SELECT time " RD " AND position = 0", "129777619591137417");	/* 2012-04-01T13:52:39.1137417Z */
	CHECK_Q(sid, "SELECT path " ART "AND kind = 'typed_path' AND "
	    "position = 0", "\\\\controller");
	CHECK_Q(sid, "SELECT time " ART "AND kind = 'typed_path' AND "
	    "position = 0", "129338494958116250");	/* 2010-11-10T07:58:15.8116250Z */
	views_release(&vs);
}

UNIT_CASE(sam)
{
	struct views vs = { 0 };
	int64_t sid = hive_case(&vs, "SAM", "registry/regipy/SAM", "", NULL);

#define RID(n) ART "AND kind = 'sam_user' AND json_extract(data, '$.rid') = " #n
	if (sid < 0)
		return;
	CHECK_INT(q_int(sid, "SELECT count(*) " ART "AND kind = 'sam_user'"), 3);
	CHECK_Q(sid, "SELECT name " RID(500), "Administrator");
	CHECK_INT(q_int(sid, "SELECT count " RID(500)), 6);
	CHECK_TIME_US(sid, "SELECT time " RID(500), "2010-11-20T21:48:12.569244Z");
	CHECK_TIME_US(sid, "SELECT json_extract(data, '$.password_last_set') "
	    RID(500), "2010-11-20T21:56:34.743687Z");
	CHECK_Q(sid, "SELECT json_extract(data, '$.flags') " RID(500), "529");
	CHECK_Q(sid, "SELECT json_extract(data, '$.failed_logins') " RID(500),
	    "0");
	CHECK_Q(sid, "SELECT name " RID(1000), "Preston");
	CHECK_INT(q_int(sid, "SELECT count " RID(1000)), 4);
	CHECK_TIME_US(sid, "SELECT time " RID(1000), "2014-09-30T02:59:34.316693Z");
	CHECK_Q(sid, "SELECT json_extract(data, '$.flags') " RID(1000), "16");
	CHECK_Q(sid, "SELECT name " RID(501), "Guest");
	CHECK_Q(sid, "SELECT json_extract(data, '$.flags') " RID(501), "533");
	CHECK_Q(sid, "SELECT coalesce(time, 'never') " RID(501), "never");
	CHECK_Q(sid, "SELECT name " ART "AND kind = 'machine_sid'",
	    "S-1-5-21-1760460187-1592185332-161725925");
	CHECK_TIME_US(sid, "SELECT time " ART "AND kind = 'machine_sid'", "2014-09-24T03:36:43.549302Z");
	views_release(&vs);
}

UNIT_CASE(sam_plaso)
{
	struct views vs = { 0 };
	int64_t sid = hive_case(&vs, "SAM", "registry/plaso/regf/SAM", "", NULL);

	if (sid < 0)
		return;
	CHECK_Q(sid, "SELECT name " RID(500), "Administrator");
	CHECK_Q(sid, "SELECT json_extract(data, '$.comment') " RID(500),
	    "Built-in account for administering the computer/domain");
	CHECK_INT(q_int(sid, "SELECT count " RID(500)), 3);
	CHECK_Q(sid, "SELECT time " RID(500), "130396116473414256");	/* 2014-03-18T10:20:47.3414256Z */
	CHECK_Q(sid, "SELECT name " RID(1001), "gold_administrator");
	CHECK_INT(q_int(sid, "SELECT count " RID(1001)), 4);
	CHECK_TIME_US(sid, "SELECT time " RID(1001), "2016-10-11T19:52:35.969986Z");
	CHECK_Q(sid, "SELECT name " ART "AND kind = 'machine_sid'",
	    "S-1-5-21-4070822719-3404542230-2541167049");
	/* plaso's "last written" of Administrator: the Names key's time */
#define NAME_ADMIN ART "AND kind = 'sam_name' AND name = 'Administrator'"
	CHECK_Q(sid, "SELECT json_extract(data, '$.rid') " NAME_ADMIN, "500");
	CHECK_Q(sid, "SELECT time " NAME_ADMIN, "130927191960266868");	/* 2015-11-23T02:26:36.0266868Z */
	views_release(&vs);
}

/* ---- hostile bytes ---- */

/* Decode one crafted value under key path of hive; returns warnings. */
static uint64_t
crafted(const char *hive, const char *path, const char *name, uint32_t type,
    const void *data, size_t size, int64_t *sid_out)
{
	struct views vs = { 0 };
	struct ct_reg_key_view *k = views_add_key(&vs, hive, path, 1);
	uint64_t w = 0;
	int64_t sid;

	views_add_value(k, name, type, data, size);
	sid = decode_all(&vs, &w);
	if (sid_out)
		*sid_out = sid;
	views_release(&vs);
	return w;
}

#define SHIM_KEY "ControlSet001\\Control\\Session Manager\\AppCompatCache"

UNIT_CASE(hostile_shimcache)
{
	uint8_t d[512];
	int64_t sid;

	/* Windows 7: a huge count over one real entry's worth of bytes */
	memset(d, 0, sizeof(d));
	ct_put_le32(d, 0xBADC0FEE);
	ct_put_le32(d + 4, 0xFFFFFFFF);
	ct_put_le16(d + 128, 8);
	ct_put_le32(d + 128 + 4, 200);	/* 32-bit: path at 200 */
	memcpy(d + 200, "a\0b\0c\0d\0", 8);
	CHECK(crafted("SYSTEM", SHIM_KEY, "AppCompatCache", 3, d, 240, &sid) > 0);
	CHECK_Q(sid, "SELECT path " ART "AND position = 0", "abcd");
	/* a path offset past the value */
	ct_put_le32(d + 4, 1);
	ct_put_le32(d + 128 + 4, 0x7FFFFFF0);
	CHECK(crafted("SYSTEM", SHIM_KEY, "AppCompatCache", 3, d, 240, &sid) > 0);
	CHECK_INT(q_int(sid, SHIM_COUNT), 0);
	/* Windows 10: an entry claiming more bytes than there are */
	memset(d, 0, sizeof(d));
	ct_put_le32(d, 0x34);
	memcpy(d + 0x34, "10ts", 4);
	ct_put_le32(d + 0x34 + 8, 0xFFFFFFF0);
	CHECK(crafted("SYSTEM", SHIM_KEY, "AppCompatCache", 3, d, 128, NULL) > 0);
	/* ... and a path length past its entry */
	ct_put_le32(d + 0x34 + 8, 20);
	ct_put_le16(d + 0x34 + 12, 0xFFFF);
	CHECK(crafted("SYSTEM", SHIM_KEY, "AppCompatCache", 3, d, 128, NULL) > 0);
	/* Windows 8: package length past the entry */
	memset(d, 0, sizeof(d));
	memcpy(d + 128, "00ts", 4);
	ct_put_le32(d + 128 + 8, 8);
	ct_put_le16(d + 128 + 12, 2);
	ct_put_le16(d + 128 + 16, 0x4000);
	CHECK(crafted("SYSTEM", SHIM_KEY, "AppCompatCache", 3, d, 256, NULL) > 0);
	/* XP: the header alone; unknown magic; too short */
	memset(d, 0, sizeof(d));
	ct_put_le32(d, 0xDEADBEEF);
	ct_put_le32(d + 8, 500);
	CHECK(crafted("SYSTEM", SHIM_KEY, "AppCompatCache", 3, d, 400, NULL) > 0);
	ct_put_le32(d, 0x12345678);
	CHECK(crafted("SYSTEM", SHIM_KEY, "AppCompatCache", 3, d, 400, NULL) > 0);
	CHECK(crafted("SYSTEM", SHIM_KEY, "AppCompatCache", 3, d, 3, NULL) > 0);
	/* an empty value: nothing, no warning */
	CHECK_INT(crafted("SYSTEM", SHIM_KEY, "AppCompatCache", 3, NULL, 0,
	    NULL), 0);
}

/* Put a Vista/2003-style entry: UNICODE_STRING, time, 8 more bytes. */
static void
put_fixed(uint8_t *e, int wide, uint16_t len, uint32_t path_off,
    uint64_t mtime, uint64_t tail)
{
	ct_put_le16(e, len);
	ct_put_le16(e + 2, len);
	if (wide) {
		ct_put_le64(e + 8, path_off);
		e += 16;
	} else {
		ct_put_le32(e + 4, path_off);
		e += 8;
	}
	ct_put_le64(e, mtime);
	ct_put_le64(e + 8, tail);
}

/* The layouts without a test blob, built after the format notes. */
UNIT_CASE(shim_crafted_layouts)
{
	uint8_t d[512];
	int64_t sid;
	int wide;

	for (wide = 0; wide <= 1; wide++) {
		size_t esz = wide ? 32 : 24, p0 = 8 + 2 * esz;

		/* Vista: flags after the time; entry 1 not executed */
		memset(d, 0, sizeof(d));
		ct_put_le32(d, 0xBADC0FFE);
		ct_put_le32(d + 4, 2);
		put_fixed(d + 8, wide, 8, (uint32_t)p0, 128000000000000001ULL, 2);
		put_fixed(d + 8 + esz, wide, 4, (uint32_t)p0 + 8,
		    128000000000000002ULL, 0);
		memcpy(d + p0, "a\0.\0e\0x\0b\0.\0", 12);
		CHECK_INT(crafted("SYSTEM", SHIM_KEY, "AppCompatCache", 3, d,
		    p0 + 12, &sid), 0);
		CHECK_INT(q_int(sid, SHIM_COUNT), 2);
		CHECK_Q(sid, "SELECT path || executed || time " ART
		    "AND position = 0", "a.ex1128000000000000001");
		CHECK_Q(sid, "SELECT path || executed " ART "AND position = 1",
		    "b.0");
		CHECK_Q(sid, "SELECT json_extract(data, '$.format') " ART
		    "AND position = 0", wide ? "vista-64" : "vista-32");
		/* 2003: a file size after the time, no executed flag */
		put_fixed(d + 8, wide, 8, (uint32_t)p0, 128000000000000001ULL,
		    0x12345678);
		CHECK_INT(crafted("SYSTEM", SHIM_KEY, "AppCompatCache", 3, d,
		    p0 + 12, &sid), 0);
		CHECK_Q(sid, "SELECT size || coalesce(executed, 'NA') " ART
		    "AND position = 0", "305419896NA");
	}
	/* 8.1: "10ts" after a 128-byte header, a package name */
	memset(d, 0, sizeof(d));
	memcpy(d + 128, "10ts", 4);
	ct_put_le32(d + 128 + 8, 2 + 4 + 2 + 2 + 8 + 8 + 4);
	ct_put_le16(d + 140, 4);
	memcpy(d + 142, "x\0y\0", 4);
	ct_put_le16(d + 146, 2);
	memcpy(d + 148, "p\0", 2);
	ct_put_le32(d + 150, 0x2);	/* insert flags: executed */
	ct_put_le64(d + 158, 130000000000000000ULL);
	CHECK_INT(crafted("SYSTEM", SHIM_KEY, "AppCompatCache", 3, d, 256,
	    &sid), 0);
	CHECK_Q(sid, "SELECT path || executed || time || "
	    "json_extract(data, '$.format') " ART "AND position = 0",
	    "xy1130000000000000000win8.1");
	CHECK_INT(q_int(sid, SHIM_COUNT), 1);
}

/* Every real blob cut at many lengths: never a crash (ASan watches). */
UNIT_CASE(hostile_truncated_blobs)
{
	static const char *const blobs[] = { "win7x64.bin", "win7x86.bin",
	    "Win80.bin", "Win10.bin", "Win10Creators.bin", "WinXPx86.bin" };
	size_t i, cut, n, runs = 0;
	uint64_t warned = 0;

	for (i = 0; i < CT_ARRAY_SIZE(blobs); i++) {
		char *rel = ct_xasprintf("registry/AppCompatCacheParser/%s",
		    blobs[i]);
		char *path = shared_file(rel);
		uint8_t *d;

		free(rel);
		if (path == NULL)
			continue;
		d = slurp(path, &n);
		free(path);
		for (cut = 0; cut < n; cut += n / 7 + 1, runs++) {
			/* a copy of exactly cut bytes, so ASan sees any overrun */
			warned += crafted("SYSTEM", SHIM_KEY, "AppCompatCache",
			    3, d, cut, NULL) > 0;
		}
		free(d);
	}
	CHECK(runs == 0 || warned > 0);
	CHECK(runs == 0 || warned <= runs);
}

UNIT_CASE(hostile_sam)
{
	uint8_t v[0xCC + 32], f[0x50];
	int64_t sid;

	/* V: user name offset and length past the value */
	memset(v, 0, sizeof(v));
	ct_put_le32(v + 12, 0x7FFFFFFF);
	ct_put_le32(v + 16, 64);
	CHECK(crafted("SAM", "SAM\\Domains\\Account\\Users\\000001F4", "V", 3,
	    v, sizeof(v), &sid) > 0);
	CHECK_INT(q_int(sid, "SELECT count(*) " ART "AND name IS NULL"), 1);
	/* F: too short */
	memset(f, 0, sizeof(f));
	CHECK(crafted("SAM", "SAM\\Domains\\Account\\Users\\000001F4", "F", 3,
	    f, 0x20, NULL) > 0);
	/* Account V without a SID at its end */
	CHECK(crafted("SAM", "SAM\\Domains\\Account", "V", 3, v, sizeof(v),
	    NULL) > 0);
}

UNIT_CASE(hostile_user_lists)
{
	uint8_t d[16] = { 0 };
	int64_t sid;

	/* MRUListEx of odd size, ranking a value that is not there */
	ct_put_le32(d, 7);
	CHECK(crafted("NTUSER", "Software\\Microsoft\\Windows\\CurrentVersion\\"
	    "Explorer\\RecentDocs", "MRUListEx", 3, d, 6, &sid) > 0);
	CHECK_INT(q_int(sid, "SELECT count(*) " ART), 0);
	/* UserAssist value of the wrong size */
	CHECK(crafted("NTUSER", "Software\\Microsoft\\Windows\\CurrentVersion\\"
	    "Explorer\\UserAssist\\{X}\\Count", "nop", 3, d, 15, NULL) > 0);
	/* BAM value too short for its FILETIME */
	CHECK(crafted("SYSTEM", "ControlSet001\\Services\\bam\\State\\"
	    "UserSettings\\S-1-5-21-1", "\\Device\\x.exe", 3, d, 7, NULL) > 0);
	/* a task's Actions with a string length past the value */
	ct_put_le16(d, 3);
	ct_put_le32(d + 2, 0xFFFFFFF0);
	CHECK(crafted("SOFTWARE", "Microsoft\\Windows NT\\CurrentVersion\\"
	    "Schedule\\TaskCache\\Tasks\\{1}", "Actions", 3, d, 16, &sid) > 0);
	CHECK_INT(q_int(sid, "SELECT count(*) " ART "AND kind = 'taskcache'"), 1);
}

/* A task's Actions blob, as the Task Scheduler writes it (version 3). */
UNIT_CASE(task_actions)
{
	static const char *const parts[] = { "Author", "", "C:\\q.exe", "/s",
	    "C:\\" };
	uint8_t d[256];
	size_t off = 2, i, j;
	struct views vs = { 0 };
	struct ct_reg_key_view *k;
	int64_t sid;

	memset(d, 0, sizeof(d));
	ct_put_le16(d, 3);
	for (i = 0; i < CT_ARRAY_SIZE(parts); i++) {
		size_t n = strlen(parts[i]);

		if (i == 1) {
			ct_put_le16(d + off, 0x6666);
			off += 2;
		}
		ct_put_le32(d + off, (uint32_t)(2 * n));
		for (j = 0; j < n; j++)
			d[off + 4 + 2 * j] = (uint8_t)parts[i][j];
		off += 4 + 2 * n;
	}
	off += 2;	/* flags */
	k = views_add_key(&vs, "SOFTWARE", "Microsoft\\Windows NT\\"
	    "CurrentVersion\\Schedule\\TaskCache\\Tasks\\{1}", 1);
	views_add_value(k, "Actions", 3, d, off);
	views_add_value(k, "Path", 1, "\\\0Q\0\0", 6);
	sid = decode_all(&vs, NULL);
	views_release(&vs);
	CHECK_Q(sid, "SELECT command_line " ART, "C:\\q.exe /s");
	CHECK_Q(sid, "SELECT path " ART, "C:\\q.exe");
	CHECK_Q(sid, "SELECT name " ART, "\\Q");
}

static const struct unit_case cases[] = {
	{ "shim_win7x64", shim_win7x64 },
	{ "shim_win7x86", shim_win7x86 },
	{ "shim_win80", shim_win80 },
	{ "shim_win10", shim_win10 },
	{ "shim_win10_creators", shim_win10_creators },
	{ "shim_xp", shim_xp },
	{ "amcache", amcache },
	{ "amcache_win10", amcache_win10 },
	{ "system_win7", system_win7 },
	{ "system_bam", system_bam },
	{ "ntuser_win7", ntuser_win7 },
	{ "ntuser_xp", ntuser_xp },
	{ "ntuser_mru", ntuser_mru },
	{ "sam", sam },
	{ "sam_plaso", sam_plaso },
	{ "shim_crafted_layouts", shim_crafted_layouts },
	{ "hostile_shimcache", hostile_shimcache },
	{ "hostile_truncated_blobs", hostile_truncated_blobs },
	{ "hostile_sam", hostile_sam },
	{ "hostile_user_lists", hostile_user_lists },
	{ "task_actions", task_actions },
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
