/*
 * replay-ioc.c - runs the fuzz target of fuzz-ioc.c in the normal test
 * suite: crafted inputs, and every prefix (in steps) of every indicator
 * test file, through every reader. A crash or an invariant failure aborts.
 */
#include "compat.h"

#include <dirent.h>

#include "ioc/ioc-int.h"
#include "unit.h"
#include "xalloc.h"

int ioc_fuzz_one(enum ct_status (*rd)(const char *, size_t,
    struct ioc_doc *, struct ct_error *), const uint8_t *data, size_t size);

static enum ct_status (*const readers[])(const char *, size_t,
    struct ioc_doc *, struct ct_error *) = {
	ioc_read_any, ioc_read_report, ioc_read_misp_json, ioc_read_stix,
	ioc_read_openioc, ioc_read_csv, ioc_read_list,
};

static const char *const crafted[] = {
	"", "\n", "*", "* :", "* a:", "* url: \xe2\x80\x94", "# \n## \n### \n",
	"## Indicators\n* text: open paragraph",
	"## Indicators\n* filename|sha256: |", "* ip-dst|port: 1.2.3.4|",
	"{", "[", "{\"Event\":null}", "{\"Event\":{\"Attribute\":{}}}",
	"{\"Event\":{\"Object\":[{\"Attribute\":[1,null,\"x\"]}]}}",
	"{\"response\":[{\"Event\":{\"Attribute\":[{\"type\":\"stix2-pattern\","
	    "\"value\":\"[\"}]}}]}",
	"{\"type\":\"indicator\",\"pattern\":\"[a:b = 'c'] AND (\"}",
	"{\"objects\":[{\"type\":\"indicator\",\"pattern\":\"([url:value = "
	    "'http://[::1]/'] OR [file:name = 'x\\\\'])\"}]}",
	"<", "<ioc><definition><Indicator><Indicator><IndicatorItem>",
	"<OpenIOC><criteria><IndicatorItem><Content>x</Content>"
	    "</IndicatorItem></criteria></OpenIOC>",
	"value\n\"", "type,value\n\"unterminated", "a,value\n,,,,,,,,\n",
	"hxxp", "[.]", "http://", "http://[", "http://[::1", "http://a:",
	"http://a:65536/", "1.2.3.4/", "1.2.3.4/0", "::/0", "a.b.c.d.e.f",
	"\xff\xfe\x00", "<sha1>\n<>\n<\n>\n",
	/* found by fuzz-ioc-list: a path whose last part looks like <...> */
	"B\\<?xml version=\"1.0\"?>\n",
	/* found by fuzz-ioc-report: a "uri" of "//" became "/", then "" */
	"## Indicators\n* uri: //\n* uri: /\n* uri: /a//\n",
};

static int
replay_file(const char *path)
{
	FILE *fp = fopen(path, "rb");
	char *buf;
	size_t n, step, len, r;

	if (!fp)
		return 0;
	buf = ct_xmalloc(1 << 20);
	n = fread(buf, 1, 1 << 20, fp);
	fclose(fp);
	step = n / 97 + 1;
	for (len = 0; len <= n; len += step)
		for (r = 0; r < CT_ARRAY_SIZE(readers); r++)
			ioc_fuzz_one(readers[r], (const uint8_t *)buf, len);
	for (r = 0; r < CT_ARRAY_SIZE(readers); r++)
		ioc_fuzz_one(readers[r], (const uint8_t *)buf, n);
	free(buf);
	return 1;
}

int
main(void)
{
	const char *top = getenv("TOP_SRCDIR");
	char *data;
	DIR *dp;
	struct dirent *de;
	size_t i, r;
	int files = 0;

	for (i = 0; i < CT_ARRAY_SIZE(crafted); i++)
		for (r = 0; r < CT_ARRAY_SIZE(readers); r++)
			ioc_fuzz_one(readers[r], (const uint8_t *)crafted[i],
			    strlen(crafted[i]));
	CHECK(1);	/* reaching here: no crash on the crafted inputs */
	data = ct_xasprintf("%s/tests/t/data/ioc", top ? top : "..");
	dp = opendir(data);
	CHECK(dp != NULL);
	while (dp && (de = readdir(dp)) != NULL) {
		char *p;

		if (de->d_name[0] == '.')
			continue;
		p = ct_xasprintf("%s/%s", data, de->d_name);
		files += replay_file(p);
		free(p);
	}
	if (dp)
		closedir(dp);
	CHECK(files >= 10);
	free(data);
	return unit_done();
}
