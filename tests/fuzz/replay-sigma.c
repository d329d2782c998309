/*
 * replay-sigma.c - runs the fuzz target of fuzz-sigma.c in the normal
 * test suite: crafted hostile inputs, and every prefix (in steps) of a
 * sample of SigmaHQ's rules ($SHARED_DIR/sigma/rules/windows, every 40th
 * file in name order; said loudly when absent), each also followed by a
 * damaged event. A crash or a broken invariant aborts.
 */
#include "compat.h"

#include <dirent.h>
#include <sys/stat.h>

#include "unit.h"
#include "xalloc.h"

int sigma_fuzz_one(const uint8_t *data, size_t size);

static const char *const crafted[] = {
	"", "\n", "---\n---\n", "~", "[]", "{}", "a: b", "- 1\n- 2\n",
	"title: t\nid: x\nlogsource: {product: windows}\ndetection: "
	    "{s: {A: 1}, condition: s}\n",
	"title: t\nid: x\nlogsource: {product: windows}\ndetection: "
	    "{s: [], condition: s}\n",
	"title: t\nid: x\nlogsource: {product: windows}\ndetection: "
	    "{s: {'A|re': '(((('}, condition: s}\n",
	"title: t\nid: x\nlogsource: {product: windows}\ndetection: "
	    "{s: {'A|re': '(a+)+$'}, condition: s}\n#EVENT\n{\"A\":"
	    "\"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaab\"}",
	"title: t\nid: x\nlogsource: {product: windows}\ndetection: "
	    "{s: {'|all': [a, b]}, condition: s}\n#EVENT\n{\"x\":\"a b\"}",
	"title: t\nid: x\nlogsource: {product: windows}\ndetection: "
	    "{s: {'A|windash|contains': '-a -b -c -d -e -f -g -h -i'}, "
	    "condition: s}\n",
	"title: t\nid: x\nlogsource: {product: windows}\ndetection: "
	    "{s: {'A|base64offset|contains': 'a'}, condition: s}\n",
	"title: t\nid: x\nlogsource: {product: windows}\ndetection: "
	    "{s: {'A|wide|base64offset|contains': '\xc3'}, condition: s}\n",
	"title: t\nid: x\nlogsource: {product: windows}\ndetection: "
	    "{s: {'A|cidr': '::/0'}, condition: s}\n#EVENT\n{\"A\":\"::1%x\"}",
	"title: t\nid: x\nlogsource: {product: windows}\ndetection: "
	    "{s: {'A|fieldref': 'A'}, condition: 'not not not s'}\n",
	"title: t\nid: x\nlogsource: {product: windows}\ndetection: "
	    "{s: {A: '?*?*?*\\\\'}, condition: '1 of them and all of s*'}\n"
	    "#EVENT\n{\"A\":\"\\ud800\\udc00\\u0000\"}",
	"title: t\nid: x\nlogsource: {category: process_creation, product: "
	    "windows}\ndetection: {s: {ProcessId: 1, User: x}, condition: s}\n"
	    "#EVENT\n{\"NewProcessId\":\"0xffffffffffffffffff\"}",
	"a: &x [1]\nb: *x\n", "a: !!binary AAAA\n", "? [a]\n: b\n",
	"#EVENT\n", "#EVENT\n{", "#EVENT\n{\"a\":", "#EVENT\n{\"a\":{\"b\":[",
	"#EVENT\n{\"\\u0001keywords\":\"x\"}",
};

static unsigned ninputs;

static void
run(const char *p, size_t n)
{
	sigma_fuzz_one((const uint8_t *)p, n);
	ninputs++;
}

/* file, each prefix of it (every 53 bytes), and it followed by an event */
static void
replay(const char *text, size_t n)
{
	static const char ev[] = "\n#EVENT\n{\"CommandLine\":\"x -enc \\\"y\\\"";
	char *both = ct_xmalloc(n + sizeof(ev));
	size_t k;

	for (k = 0; k < n; k += 53)
		run(text, k);
	run(text, n);
	memcpy(both, text, n);
	memcpy(both + n, ev, sizeof(ev) - 1);
	run(both, n + sizeof(ev) - 1);
	free(both);
}

static int
name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Every 40th .yml file under dir, in name order. */
static void
walk(const char *dir, unsigned *seen)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	char **names = NULL;
	size_t n = 0, i;

	if (!d)
		return;
	while ((de = readdir(d)) != NULL)
		if (de->d_name[0] != '.') {
			names = ct_xreallocarray(names, n + 1, sizeof(*names));
			names[n++] = ct_xstrdup(de->d_name);
		}
	closedir(d);
	if (n)
		qsort(names, n, sizeof(*names), name_cmp);
	for (i = 0; i < n; i++) {
		char *path = ct_xasprintf("%s/%s", dir, names[i]);
		struct stat st;
		size_t len = strlen(names[i]);

		if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
			walk(path, seen);
		} else if (len > 4 && strcmp(names[i] + len - 4, ".yml") == 0 &&
		    (*seen)++ % 40 == 0) {
			FILE *f = fopen(path, "rb");
			char *buf = ct_xmalloc((size_t)st.st_size + 1);
			size_t got = f ? fread(buf, 1, (size_t)st.st_size, f) : 0;

			if (f)
				fclose(f);
			replay(buf, got);
			free(buf);
		}
		free(path);
		free(names[i]);
	}
	free(names);
}

int
main(void)
{
	const char *shared = getenv("SHARED_DIR");
	char *dir;
	unsigned seen = 0;
	size_t i;

	for (i = 0; i < CT_ARRAY_SIZE(crafted); i++)
		replay(crafted[i], strlen(crafted[i]));
	CHECK(ninputs > CT_ARRAY_SIZE(crafted));
	dir = ct_xasprintf("%s/sigma/rules/windows", shared ? shared :
	    "../shared");
	walk(dir, &seen);
	if (seen == 0)
		printf("# SKIP: %s is missing: only crafted inputs replayed\n",
		    dir);
	else
		CHECK(seen > 100);
	printf("# %u inputs replayed, %u rule files seen\n", ninputs, seen);
	free(dir);
	return unit_done();
}
