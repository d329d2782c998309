/*
 * fuzz-reg-decoders.c - libFuzzer target for the registry artefact
 * decoders (parsers/hive/dec-*.c) through the real dispatch,
 * ct_reg_decode_key(). The input is one key view:
 *
 *	byte 0		which row of ct_reg_decoders[] (modulo its size);
 *			the key path is that row's pattern with each '*'
 *			made concrete (a control set, a SID, or nothing
 *			after a name such as "Run*")
 *	then values	[name index u8][type index u8][length u32 LE][bytes],
 *			the length cut to what is left; names from the table
 *			below (every value name a decoder reads)
 *
 * Rows go to a real case file in a temporary folder (recreated every
 * RESET_EVERY inputs, so the disk does not fill). Built with
 * --enable-fuzzing (CC=clang); scripts/fuzz seeds it with the
 * AppCompatCacheParser blobs; tests/unit/test-reg-decoders.c runs the
 * same decoders on crafted and truncated inputs in the normal suite.
 */
#include "compat.h"

#include <unistd.h>

#include "bytes.h"
#include "casedb.h"
#include "reg-view.h"
#include "sink.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAX_VALUES	16
#define RESET_EVERY	2000

static const char *const names[] = {
	"AppCompatCache", "LowerCaseLongPath", "FileId", "Name", "Publisher",
	"Version", "ProductName", "LinkDate", "ProgramId", "Size",
	"InstallDate", "RootDirPath", "UninstallString", "Source", "15", "101",
	"0", "1", "5", "100", "c", "6", "11", "12", "17", "f", "ImagePath",
	"Start", "Type", "ObjectName", "DisplayName", "ServiceDll", "Group",
	"Path", "URI", "Author", "Description", "Actions", "DynamicInfo",
	"DisplayVersion", "InstallLocation", "MRUListEx", "MRUList", "a", "b",
	"url1", "url2", "ComputerName", "TimeZoneKeyName", "StandardName",
	"DaylightName", "Bias", "ActiveTimeBias", "ProfileImagePath", "F", "V",
	"SequenceNumber", "\\Device\\HarddiskVolume2\\x.exe",
	"HRZR_PGYFRFFVBA", "Sidebar", "",
};
static const uint32_t types[] = { 0, 1, 2, 3, 4, 5, 7, 11, 0xFFFF0012 };

static char dir[] = "/tmp/fuzz-reg-decoders-XXXXXX";
static struct ct_case *c;
static struct ct_sink *s;
static struct ct_batch *b;
static unsigned inputs;

static void
open_case(void)
{
	struct ct_error err = CT_ERROR_INIT;
	struct ct_source_row src;
	char path[300];

	snprintf(path, sizeof(path), "%s/case.db", dir);
	unlink(path);
	if (ct_case_open(path, CT_CASE_WRITE, &c, &err) != CT_OK)
		abort();
	s = ct_sink_open(c);
	memset(&src, 0, sizeof(src));
	src.kind = "fuzz";
	src.size = CT_NULL_INT;
	b = ct_batch_new(s, ct_sink_add_source(s, &src), "hive");
}

static void
close_case(void)
{
	struct ct_error err = CT_ERROR_INIT;

	ct_batch_free(b);
	ct_sink_close(s, &err);
	ct_case_close(c);
}

/* The decoder's pattern with its wildcards filled in. */
static void
concrete_path(const char *glob, char *out, size_t n)
{
	size_t o = 0;
	const char *p;

	for (p = glob; *p && o + 16 < n; p++) {
		const char *fill;

		if (*p != '*') {
			out[o++] = *p;
			continue;
		}
		if (p - glob >= 10 && strncmp(p - 10, "ControlSet", 10) == 0)
			fill = "001";
		else if (p > glob && p[-1] != '\\')
			fill = "";
		else
			fill = "S-1-5-21-1";
		o += (size_t)snprintf(out + o, n - o, "%s", fill);
	}
	out[o] = '\0';
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ct_reg_value_view vals[MAX_VALUES];
	struct ct_reg_key_view k;
	const struct ct_reg_decoder *d;
	size_t ndec = 0, off = 1, nv = 0;
	char path[512];

	if (c == NULL) {
		if (mkdtemp(dir) == NULL)
			abort();
		open_case();
	}
	if (size < 1)
		return 0;
	for (d = ct_reg_decoders; d->name; d++)
		ndec++;
	d = &ct_reg_decoders[data[0] % ndec];
	concrete_path(d->path_glob, path, sizeof(path));
	while (nv < MAX_VALUES && CT_FITS(size, off, 6)) {
		uint32_t len = ct_le32(data + off + 2);

		vals[nv].name = names[data[off] % CT_ARRAY_SIZE(names)];
		vals[nv].type = types[data[off + 1] % CT_ARRAY_SIZE(types)];
		off += 6;
		if (len > size - off)
			len = (uint32_t)(size - off);
		vals[nv].data = len ? data + off : NULL;
		vals[nv].size = len;
		off += len;
		nv++;
	}
	memset(&k, 0, sizeof(k));
	k.hive = d->hive ? d->hive : "SYSTEM";
	k.hive_label = k.hive;
	k.path = path;
	k.last_written = 130000000000000000LL;
	k.offset = 4096;
	k.nvalues = nv;
	k.values = vals;
	ct_reg_decode_key(&k, b);
	ct_batch_maybe_flush(b);
	if (++inputs % RESET_EVERY == 0) {
		close_case();
		open_case();
	}
	return 0;
}
