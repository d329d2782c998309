/*
 * fuzz-sigma.c - libFuzzer target for the Sigma rule compiler: YAML text
 * -> rules (analysis/sigma: libyaml, modifiers, conditions, the index),
 * then a few events matched against whatever loaded. Text after a line
 * "#EVENT" is also read as an evtx.data JSON object (sigma-json.c) and
 * matched, so the reader of the case file's JSON is fuzzed with it.
 *
 * Besides memory errors (ASan, UBSan) it checks the loader's contract:
 * every skipped rule has a reason, and the report's counts add up.
 * tests/fuzz/replay-sigma runs the same entry point in `make check`.
 */
#include "compat.h"

#include "sigma-int.h"
#include "sigma.h"

int sigma_fuzz_one(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
on_skip(void *arg, const char *file, unsigned line, enum ct_sigma_skip kind,
    const char *reason)
{
	(void)arg;
	(void)file;
	(void)line;
	if (!reason || !*reason || (unsigned)kind >= CT_SIGMA_SKIP_NKINDS)
		abort();	/* a rule skipped without a reason */
}

static void
match_all(struct ct_sigma_set *set, const struct ct_sigma_field *f, size_t n)
{
	static const struct {
		const char *channel, *provider;
		int64_t eid;
	} logs[] = {
		{ "Microsoft-Windows-Sysmon/Operational",
		    "Microsoft-Windows-Sysmon", 1 },
		{ "Security", "Microsoft-Windows-Security-Auditing", 4688 },
		{ "Microsoft-Windows-PowerShell/Operational",
		    "Microsoft-Windows-PowerShell", 4104 },
		{ "System", "Service Control Manager", 7045 },
		{ NULL, NULL, -1 },
	};
	struct ct_sigma_scratch *s = ct_sigma_scratch_new(set);
	struct ct_sigma_event ev;
	size_t i;

	if (!s)
		abort();	/* a compiled set always gives scratch */
	for (i = 0; i < CT_ARRAY_SIZE(logs); i++) {
		ev.channel = logs[i].channel;
		ev.provider = logs[i].provider;
		ev.event_id = logs[i].eid;
		ev.fields = f;
		ev.nfields = n;
		if (ct_sigma_match(set, s, &ev, NULL, NULL) > ct_sigma_count(set))
			abort();
	}
	ct_sigma_scratch_free(s);
}

int
sigma_fuzz_one(const uint8_t *data, size_t size)
{
	static const struct ct_sigma_field fixed[] = {
		{ "Image", 5, "C:\\Windows\\System32\\cmd.exe", 27, 0 },
		{ "CommandLine", 11, "cmd.exe /c whoami -all ^^ IEX", 29, 0 },
		{ "ParentImage", 11, "C:\\Windows\\explorer.exe", 23, 0 },
		{ "NewProcessId", 12, "0x1a2c", 6, 0 },
		{ "SubjectUserSid", 14, "S-1-5-18", 8, 0 },
		{ "ScriptBlockText", 15, "Invoke-Expression $x", 20, 0 },
		{ "DestinationIp", 13, "10.1.2.3", 8, 0 },
		{ "Computer", 8, "HOST", 4, 1 },
	};
	struct ct_sigma_report rep = CT_SIGMA_REPORT_INIT;
	struct ct_error err = CT_ERROR_INIT;
	struct ct_sigma_set *set = ct_sigma_set_new();
	const char *text = (const char *)data;
	const char *ev = NULL;
	size_t ylen = size, i;

	if (!set)
		abort();
	for (i = 0; i + 7 <= size; i++)
		if (memcmp(text + i, "#EVENT\n", 7) == 0 &&
		    (i == 0 || text[i - 1] == '\n')) {
			ev = text + i + 7;
			ylen = i;
			break;
		}
	rep.skip = on_skip;
	if (ct_sigma_load_text(set, "fuzz.yml", text, ylen, &rep, &err) !=
	    CT_OK || ct_sigma_compile(set, &err) != CT_OK)
		abort();	/* text in memory: no I/O can fail */
	if (rep.loaded != ct_sigma_count(set) || rep.files != 1)
		abort();
	{
		unsigned k, sum = 0;

		for (k = 0; k < CT_SIGMA_SKIP_NKINDS; k++)
			sum += rep.by_kind[k];
		if (sum != rep.skipped)
			abort();
	}
	match_all(set, fixed, CT_ARRAY_SIZE(fixed));
	if (ev) {
		struct sg_json j;
		int n;

		memset(&j, 0, sizeof(j));
		n = sg_json_fields(&j, ev, size - (size_t)(ev - text));
		if (n >= 0 && (size_t)n != j.n)
			abort();
		if (j.n > SG_JSON_MAX_FIELDS)
			abort();
		match_all(set, j.f, j.n);
		sg_json_release(&j);
	}
	ct_sigma_free(set);
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return sigma_fuzz_one(data, size);
}
