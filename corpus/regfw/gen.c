/*
 * gen.c - the benchmark SOFTWARE-like hive (see gen.h).
 *
 * Sections are filled in turn until each has its share of the target
 * size; within a section keys are numbered, so a section's key count
 * follows from the target, not from a table.  Times fall in the two years
 * before 2024-03-13, values are drawn from a splitmix64 stream.
 */
#include <stdio.h>
#include <string.h>

#include "gen.h"
#include "le.h"
#include "ntfstime.h"
#include "regfw.h"

struct gen {
	struct rf_hive *h;
	uint64_t s;		/* PRNG state */
	int64_t t0;		/* earliest key time */
	int64_t span;		/* ticks over which key times spread */
	int sd_user;		/* a second descriptor, for some keys */
};

static uint64_t
next(struct gen *g)
{
	uint64_t x = (g->s += UINT64_C(0x9e3779b97f4a7c15));

	x = (x ^ (x >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
	x = (x ^ (x >> 27)) * UINT64_C(0x94d049bb133111eb);
	return x ^ (x >> 31);
}

static int64_t
when(struct gen *g)
{
	return g->t0 + (int64_t)(next(g) % (uint64_t)g->span);
}

static void
guid(struct gen *g, char *buf, size_t len)
{
	uint64_t a = next(g), b = next(g);

	snprintf(buf, len, "{%08X-%04X-%04X-%04X-%012llX}", (unsigned)(a >> 32),
	    (unsigned)(a >> 16) & 0xffff, (unsigned)a & 0xffff, (unsigned)(b >> 48),
	    (unsigned long long)(b & UINT64_C(0xffffffffffff)));
}

static const char *const words[] = {
	"Shell", "Storage", "Media", "Print", "Network", "Search", "Sync", "Device",
	"Audio", "Video", "Display", "Security", "Update", "Policy", "Service",
	"Provider", "Manager", "Broker", "Host", "Handler", "Filter", "Extension",
	"Control", "Panel", "Data", "Cache", "Store", "Catalog", "Profile", "Account",
};
#define NWORDS (sizeof(words) / sizeof(words[0]))

static int
sz(struct gen *g, const char *name, uint32_t type, const char *s)
{
	uint8_t buf[1024];
	size_t n = strlen(s), i;

	if (2 * n + 2 > sizeof(buf))
		n = sizeof(buf) / 2 - 1;
	for (i = 0; i < n; i++)
		rf_le16(buf + 2 * i, (uint8_t)s[i]);
	rf_le16(buf + 2 * n, 0);
	return rf_value(g->h, name, type, buf, 2 * n + 2);
}

static int
dword(struct gen *g, const char *name, uint32_t v)
{
	uint8_t b[4];

	rf_le32(b, v);
	return rf_value(g->h, name, RF_REG_DWORD, b, 4);
}

static int
qword(struct gen *g, const char *name, uint64_t v)
{
	uint8_t b[8];

	rf_le64(b, v);
	return rf_value(g->h, name, RF_REG_QWORD, b, 8);
}

static int
binary(struct gen *g, const char *name, size_t n)
{
	static uint8_t b[40000];
	size_t i;

	if (n > sizeof(b))
		n = sizeof(b);
	for (i = 0; i < n; i += 8) {
		uint64_t x = next(g);

		memcpy(b + i, &x, n - i < 8 ? n - i : 8);
	}
	return rf_value(g->h, name, RF_REG_BINARY, b, n);
}

static int
begin(struct gen *g, const char *name, const char *cls)
{
	return rf_key_begin(g->h, name, when(g), cls, -1);
}

/* One COM class: CLSID\{guid} with InprocServer32 and ProgID. */
static int
com_class(struct gen *g, uint64_t i)
{
	char id[48], s[256];
	const char *w1 = words[next(g) % NWORDS], *w2 = words[next(g) % NWORDS];

	guid(g, id, sizeof(id));
	snprintf(s, sizeof(s), "%s %s Class %llu", w1, w2, (unsigned long long)i);
	if (begin(g, id, NULL) || sz(g, "", RF_REG_SZ, s) ||
	    (i % 7 == 0 && sz(g, "AppID", RF_REG_SZ, id)))
		return -1;
	snprintf(s, sizeof(s), "%%SystemRoot%%\\System32\\%s%s%llu.dll", w1, w2,
	    (unsigned long long)(i % 997));
	if (begin(g, "InprocServer32", NULL) || sz(g, "", RF_REG_EXPAND_SZ, s) ||
	    sz(g, "ThreadingModel", RF_REG_SZ, i % 3 ? "Both" : "Apartment") ||
	    rf_key_end(g->h))
		return -1;
	if (i % 4 == 0) {
		snprintf(s, sizeof(s), "%s.%s.%llu", w1, w2, (unsigned long long)(i % 10));
		if (begin(g, "ProgID", NULL) || sz(g, "", RF_REG_SZ, s) || rf_key_end(g->h))
			return -1;
	}
	return rf_key_end(g->h);
}

static int
com_interface(struct gen *g, uint64_t i)
{
	char id[48], ps[48], s[128];

	guid(g, id, sizeof(id));
	guid(g, ps, sizeof(ps));
	snprintf(s, sizeof(s), "I%s%s%llu", words[next(g) % NWORDS],
	    words[next(g) % NWORDS], (unsigned long long)i);
	return begin(g, id, NULL) || sz(g, "", RF_REG_SZ, s) ||
	    begin(g, "ProxyStubClsid32", NULL) || sz(g, "", RF_REG_SZ, ps) ||
	    rf_key_end(g->h) || begin(g, "NumMethods", NULL) ||
	    sz(g, "", RF_REG_SZ, i % 2 ? "7" : "12") || rf_key_end(g->h) ||
	    rf_key_end(g->h) ? -1 : 0;
}

static int
file_type(struct gen *g, uint64_t i)
{
	char ext[32], prog[64];

	snprintf(ext, sizeof(ext), ".x%05llx", (unsigned long long)i);
	snprintf(prog, sizeof(prog), "%sFile.%llu", words[i % NWORDS], (unsigned long long)i);
	return begin(g, ext, NULL) || sz(g, "", RF_REG_SZ, prog) ||
	    sz(g, "Content Type", RF_REG_SZ, "application/octet-stream") ||
	    sz(g, "PerceivedType", RF_REG_SZ, "document") ||
	    begin(g, "OpenWithProgids", NULL) || rf_value(g->h, prog, RF_REG_NONE, NULL, 0) ||
	    rf_key_end(g->h) || rf_key_end(g->h) ? -1 : 0;
}

static int
program(struct gen *g, uint64_t i)
{
	char id[48], s[160];
	static const char *const ms[] = { "", "Microsoft Visual C++ 2015-2022 Redistributable" };

	guid(g, id, sizeof(id));
	snprintf(s, sizeof(s), "%s %s %llu", i % 9 ? words[i % NWORDS] : ms[1],
	    words[(i / 3) % NWORDS], (unsigned long long)i);
	if (begin(g, id, NULL) || sz(g, "DisplayName", RF_REG_SZ, s) ||
	    sz(g, "DisplayVersion", RF_REG_SZ, "1.4.2.118") ||
	    sz(g, "Publisher", RF_REG_SZ, "Contoso Software Ltd.") ||
	    sz(g, "InstallDate", RF_REG_SZ, "20230914") ||
	    dword(g, "EstimatedSize", (uint32_t)(next(g) % 400000)) ||
	    dword(g, "NoModify", 1) || dword(g, "Version", 0x01040076) ||
	    sz(g, "UninstallString", RF_REG_EXPAND_SZ, "MsiExec.exe /X") ||
	    qword(g, "InstallTime", (uint64_t)when(g)))
		return -1;
	return rf_key_end(g->h);
}

/* Component Based Servicing package: binary and multi-string data, some
 * values big enough for db cells. */
static int
package(struct gen *g, uint64_t i)
{
	char name[160];
	uint8_t ms[256];
	size_t n = 0, j;
	const char *parts[] = { "amd64", "neutral", "10.0.19041.3920" };

	snprintf(name, sizeof(name),
	    "Package_%llu_for_KB5034441~31bf3856ad364e35~amd64~~19041.3920.1.%llu",
	    (unsigned long long)i, (unsigned long long)(i % 13));
	for (j = 0; j < 3; j++) {
		const char *p = parts[j];

		for (; *p; p++, n += 2)
			rf_le16(ms + n, (uint8_t)*p);
		rf_le16(ms + n, 0);
		n += 2;
	}
	rf_le16(ms + n, 0);
	n += 2;
	if (begin(g, name, i % 50 == 0 ? "CbsPackage" : NULL) ||
	    dword(g, "CurrentState", 0x70) || dword(g, "SelfUpdate", 0) ||
	    qword(g, "InstallTimeHigh", (uint64_t)when(g)) ||
	    rf_value(g->h, "Architectures", RF_REG_MULTI_SZ, ms, n) ||
	    binary(g, "Visibility", 24 + next(g) % 200) ||
	    (i % 400 == 0 && binary(g, "Manifest", 20000 + next(g) % 18000)))
		return -1;
	return rf_key_end(g->h);
}

typedef int (*item_fn)(struct gen *, uint64_t);

/* Write items under the open key until the hive reaches limit bytes. */
static int
fill(struct gen *g, item_fn f, uint64_t limit)
{
	uint64_t i;

	for (i = 0; rf_size(g->h) < limit; i++)
		if (f(g, i) != 0)
			return -1;
	return 0;
}

static int
path(struct gen *g, const char *const *names, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (begin(g, names[i], NULL) != 0)
			return -1;
	return 0;
}

static int
ends(struct gen *g, size_t n)
{
	while (n-- > 0)
		if (rf_key_end(g->h) != 0)
			return -1;
	return 0;
}

int
rf_generate(const char *out, uint64_t mb, uint64_t seed)
{
	struct rf_opts o = RF_OPTS_INIT;
	struct gen g;
	uint64_t target = mb << 20;
	static const char *const cbs[] = { "Microsoft", "Windows", "CurrentVersion",
	    "Component Based Servicing", "Packages" };
	static const char *const unin[] = { "Uninstall" };
	char err[256];
	int rc;

	memset(&g, 0, sizeof(g));
	g.s = seed;
	if (ft_parse("2022-03-13T00:00:00Z", &g.t0) != 0 ||
	    ft_parse("2024-03-13T14:00:00Z", &o.written) != 0)
		return -1;
	g.span = o.written - g.t0;
	o.sequence = (uint32_t)(1000 + seed % 1000);
	o.file_name = "\\SystemRoot\\System32\\Config\\SOFTWARE";
	o.reorganized = g.t0;
	g.h = rf_open(out, &o, err, sizeof(err));
	if (g.h == NULL) {
		fprintf(stderr, "mkregf: %s\n", err);
		return -1;
	}
	rc = rf_key_begin(g.h, "ROOT", o.written, NULL, -1) ||
	    begin(&g, "Classes", NULL) || fill(&g, file_type, target / 20) ||
	    begin(&g, "CLSID", NULL) || fill(&g, com_class, target * 35 / 100) ||
	    rf_key_end(g.h) || begin(&g, "Interface", NULL) ||
	    fill(&g, com_interface, target / 2) || rf_key_end(g.h) || rf_key_end(g.h) ||
	    path(&g, cbs, 5) || fill(&g, package, target * 80 / 100) || ends(&g, 2) ||
	    path(&g, unin, 1) || fill(&g, program, target * 85 / 100) || ends(&g, 4) ||
	    begin(&g, "WOW6432Node", NULL) || begin(&g, "Classes", NULL) ||
	    begin(&g, "CLSID", NULL) || fill(&g, com_class, target) || ends(&g, 3);
	if (rc != 0) {
		fprintf(stderr, "mkregf: %s\n", rf_error(g.h));
		rf_abort(g.h);
		return -1;
	}
	return rf_close(g.h);
}
