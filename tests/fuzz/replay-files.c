/*
 * replay-files.c - the hand-written artefact file decoders
 * (parsers/files/: $I, INFO2, .job, PSReadLine history, task XML) in the
 * normal test suite: crafted hostile inputs, and every prefix (in steps)
 * plus two-byte corruptions of the first KiB of real files (the reference
 * case's artefacts under TOP_BUILDDIR, the third-party samples under
 * SHARED_DIR, and any file named on the command line), through every
 * decoder. A crash, a sanitizer report or a hang fails it;
 * the decoders must also agree with themselves: a crafted input's
 * decoded count is checked where it is known.
 */
#include "compat.h"

#include "files/files.h"
#include "unit.h"
#include "xalloc.h"

static void
all_decoders(const uint8_t *p, size_t n)
{
	ct_recycle_i_buffer(p, n, "/$Recycle.Bin/S-1-5-21-9-1001/$IX.txt", NULL);
	ct_recycle_info2_buffer(p, n, "/RECYCLER/S-1-5-21-9-1001/INFO2", NULL);
	ct_job_buffer(p, n, "/Windows/Tasks/x.job", NULL);
	ct_pshistory_buffer(p, n, "/Users/u/x_history.txt", NULL);
	ct_task_xml_buffer(p, n, "/Windows/System32/Tasks/T", NULL);
}

static void
replay_file(const char *path)
{
	FILE *fp = fopen(path, "rb");
	uint8_t *buf, *copy;
	size_t n, step, len, i;

	if (!fp) {
		printf("# SKIP %s is missing: not replayed\n", path);
		return;
	}
	buf = ct_xmalloc(1 << 20);
	n = fread(buf, 1, 1 << 20, fp);
	fclose(fp);
	step = n / 61 + 1;
	for (len = 0; len <= n; len += step)
		all_decoders(buf, len);
	all_decoders(buf, n);
	/* each length-like field inflated: set bytes to 0xFF one at a time */
	copy = ct_xmalloc(n ? n : 1);
	for (i = 0; i < n && i < 1024; i += 2) {
		memcpy(copy, buf, n);
		copy[i] = 0xFF;
		if (i + 1 < n)
			copy[i + 1] = 0x7F;
		all_decoders(copy, n);
	}
	free(copy);
	free(buf);
	CHECK(n > 0);
	printf("# replayed %s (%zu bytes)\n", path, n);
}

/* Real files to replay: DIR-relative paths, found through environment variables. */
static const struct { const char *env, *path; } real_files[] = {
	{ "TOP_BUILDDIR", "corpus/out/reference/artefacts/files/$IK3V7QZ.xlsx" },
	{ "TOP_BUILDDIR", "corpus/out/reference/artefacts/files/QuillEdit Update" },
	{ "TOP_BUILDDIR", "corpus/out/reference/artefacts/files/ConsoleHost_history.txt" },
	{ "SHARED_DIR", "corpus-ext/registry/plaso/recycler/_I103S5F.jpg" },
	{ "SHARED_DIR", "corpus-ext/registry/plaso/recycler/_II3DF3L.zip" },
	{ "SHARED_DIR", "corpus-ext/registry/plaso/recycler/INFO2" },
	{ "SHARED_DIR", "corpus-ext/registry/plaso/wintask.job" },
};

int
main(int argc, char **argv)
{
	static const uint8_t i_v2_long[] = {	/* $I v2, length 0x7fffffff */
		2, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0,
		0, 0, 0, 0, 0, 0, 0x9d, 0x01, 0xff, 0xff, 0xff, 0x7f, 'C', 0 };
	static const uint8_t i_v1_short[] = {	/* $I v1, path cut after 1 unit */
		1, 0, 0, 0, 0, 0, 0, 0, 5, 0, 0, 0, 0, 0, 0, 0,
		0, 0, 0, 0, 0, 0, 0x9d, 0x01, 'C', 0 };
	static const uint8_t info2_bad[] = {	/* record size 7 */
		5, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 7, 0, 0, 0, 0, 0, 0, 0 };
	static const char *const xml[] = {
		"", "<", "<Task/>", "<Task><Actions><Exec><Command>a",
		"<!DOCTYPE Task [<!ENTITY a \"b\">]><Task>&a;</Task>",
		"<x:Task xmlns:x=\"http://schemas.microsoft.com/windows/2004/02/"
		    "mit/task\"><x:Actions><x:Exec><x:Command>c</x:Command>"
		    "</x:Exec></x:Actions></x:Task>",
		"<Task><Triggers><A/><B><Repetition><Interval>PT1M</Interval>"
		    "</Repetition></B></Triggers><Actions><ComHandler/>"
		    "</Actions></Task>",
		"<NotATask/>",
	};
	static const char *const hist[] = {
		"", "`", "\n", "a`\n", "a`\r\nb`\r\n", "\xef\xbb\xbf", "\xff\xfe",
		"x\n\n\ny", "\xc3\x28 invalid utf-8\n",
	};
	size_t i;
	int a;

	CHECK_INT(ct_recycle_i_buffer(i_v2_long, sizeof(i_v2_long), "/$IA", NULL), 1);
	CHECK_INT(ct_recycle_i_buffer(i_v1_short, sizeof(i_v1_short), "/$IA", NULL), 1);
	CHECK_INT(ct_recycle_i_buffer(i_v1_short, 23, "/$IA", NULL), 0);
	CHECK_INT(ct_recycle_info2_buffer(info2_bad, sizeof(info2_bad), "/INFO2",
	    NULL), 0);
	CHECK_INT(ct_job_buffer(info2_bad, sizeof(info2_bad), "/x.job", NULL), 0);
	CHECK_INT(ct_task_xml_buffer((const uint8_t *)xml[4], strlen(xml[4]),
	    "/T", NULL), 0);
	CHECK_INT(ct_task_xml_buffer((const uint8_t *)xml[5], strlen(xml[5]),
	    "/T", NULL), 1);
	CHECK_INT(ct_task_xml_buffer((const uint8_t *)xml[6], strlen(xml[6]),
	    "/T", NULL), 1);
	CHECK_INT(ct_pshistory_buffer((const uint8_t *)hist[4], strlen(hist[4]),
	    "/h", NULL), 1);
	CHECK_INT(ct_pshistory_buffer((const uint8_t *)hist[7], strlen(hist[7]),
	    "/h", NULL), 2);
	all_decoders(i_v2_long, sizeof(i_v2_long));
	all_decoders(i_v1_short, sizeof(i_v1_short));
	all_decoders(info2_bad, sizeof(info2_bad));
	for (i = 0; i < CT_ARRAY_SIZE(xml); i++)
		all_decoders((const uint8_t *)xml[i], strlen(xml[i]));
	for (i = 0; i < CT_ARRAY_SIZE(hist); i++)
		all_decoders((const uint8_t *)hist[i], strlen(hist[i]));
	for (i = 0; i < CT_ARRAY_SIZE(real_files); i++) {
		const char *dir = getenv(real_files[i].env);
		char *path;

		if (dir == NULL) {
			printf("# SKIP %s is not set: %s not replayed\n",
			    real_files[i].env, real_files[i].path);
			continue;
		}
		path = ct_xasprintf("%s/%s", dir, real_files[i].path);
		replay_file(path);
		free(path);
	}
	for (a = 1; a < argc; a++)
		replay_file(argv[a]);
	return unit_done();
}
