/*
 * test-evtx-map.c - the EVTX field mapping (parsers/evtx/evtx-map.h): the
 * compiled-in table compiles and finds the right rows; each conversion;
 * message templates with missing fields, alternatives, functions, the
 * 400-byte cut and hostile values (control characters, invalid UTF-8,
 * megabytes); and mapping text the compiler must refuse, with the line.
 *
 * Events are built through the event builder's own callbacks, as both
 * decoders feed it; the rows come from ct_evtx_emit_row, as the parser
 * writes them.
 */
#include "compat.h"

#include <stdarg.h>

#include "unit.h"

#include "evtx-int.h"
#include "evtx-map.h"

static struct evtx_event ev;
static struct evtx_emit em;
static struct ct_evtx_row row;

static void
elem(const char *name, const char *text)
{
	ct_evtx_ev_open(&ev, name, strlen(name));
	if (text)
		ct_evtx_ev_text(&ev, text, strlen(text));
	ct_evtx_ev_close(&ev);
}

/*
 * An event of provider/channel (NULL: none) and event ID with the given
 * Name, value pairs as EventData, NULL-ended. A value may be any bytes
 * but NUL.
 */
static void
build(const char *provider, const char *channel, const char *id, ...)
{
	va_list ap;
	const char *n, *v;

	ct_evtx_event_reset(&ev);
	ct_evtx_ev_open(&ev, "Event", 5);
	ct_evtx_ev_open(&ev, "System", 6);
	ct_evtx_ev_open(&ev, "Provider", 8);
	if (provider)
		ct_evtx_ev_attr(&ev, "Name", 4, provider, strlen(provider));
	ct_evtx_ev_close(&ev);
	elem("EventID", id);
	if (channel)
		elem("Channel", channel);
	elem("Computer", "FIN-WS042");
	ct_evtx_ev_close(&ev);
	ct_evtx_ev_open(&ev, "EventData", 9);
	va_start(ap, id);
	while ((n = va_arg(ap, const char *))) {
		v = va_arg(ap, const char *);
		ct_evtx_ev_open(&ev, "Data", 4);
		ct_evtx_ev_attr(&ev, "Name", 4, n, strlen(n));
		ct_evtx_ev_text(&ev, v, strlen(v));
		ct_evtx_ev_close(&ev);
	}
	va_end(ap);
	ct_evtx_ev_close(&ev);
	ct_evtx_ev_close(&ev);
	ct_evtx_ev_finish(&ev);
	ct_evtx_emit_row(&em, &ev, &row);
}

#define SYSMON	"Microsoft-Windows-Sysmon", "Microsoft-Windows-Sysmon/Operational"
#define SECURITY "Microsoft-Windows-Security-Auditing", "Security"

static const char *
summary(void)
{
	return em.summary.buf;
}

static struct evtx_map *
compile(const char *text, struct ct_error *err)
{
	ct_error_clear(err);
	return ct_evtx_map_new(text, "test.txt", err);
}

/* ------------------------------------------------------------------ */

static void
test_builtin_compiles(void)
{
	const struct evtx_map *m = ct_evtx_map_builtin();

	CHECK(m != NULL);
	CHECK(m == ct_evtx_map_builtin());	/* compiled once */
	CHECK(em.map == m);
}

static void
test_lookup(void)
{
	const struct evtx_map *m = ct_evtx_map_builtin();
	const struct evtx_map_set *s1, *s3, *s9, *none, *none2;
	const char *f = NULL;

	s1 = ct_evtx_map_find(m, "Microsoft-Windows-Sysmon", NULL, 1);
	s3 = ct_evtx_map_find(m, "Microsoft-Windows-Sysmon", NULL, 3);
	s9 = ct_evtx_map_find(m, "Microsoft-Windows-Sysmon", NULL, 9999);
	none = ct_evtx_map_find(m, "Nobody", "Nowhere", 1);
	none2 = ct_evtx_map_find(m, NULL, NULL, CT_NULL_INT);
	CHECK(s1 != s3);
	CHECK(s9 != s1 && s9 != none);	/* the source's own default */
	CHECK(ct_evtx_map_find(m, "Microsoft-Windows-Sysmon", NULL,
	    CT_NULL_INT) == s9);
	CHECK(none == none2);
	/* A provider is matched exactly: case and all. */
	CHECK(ct_evtx_map_find(m, "microsoft-windows-sysmon", NULL, 1) == none);
	/* Classic PowerShell by its channel, whatever the provider... */
	CHECK(ct_evtx_map_split(ct_evtx_map_find(m, "Other",
	    "Windows PowerShell", 400), &f) == EVTX_SPLIT_ALL);
	/* ...and by its provider. */
	CHECK(ct_evtx_map_split(ct_evtx_map_find(m, "PowerShell", NULL, 800),
	    &f) == EVTX_SPLIT_ALL);
	CHECK(ct_evtx_map_split(ct_evtx_map_find(m, "PowerShell", NULL, 4103),
	    &f) == EVTX_SPLIT_NONE);
	CHECK(ct_evtx_map_split(ct_evtx_map_find(m,
	    "Microsoft-Windows-PowerShell", NULL, 4103), &f) ==
	    EVTX_SPLIT_FIELD);
	CHECK_STR(f, "ContextInfo");
	/*
	 * The source declared first wins when provider and channel name two:
	 * BITS' provider in the classic PowerShell channel is PowerShell.
	 */
	CHECK(ct_evtx_map_find(m, "Microsoft-Windows-Bits-Client",
	    "Windows PowerShell", 400) == ct_evtx_map_find(m, "PowerShell",
	    NULL, 400));
	CHECK(ct_evtx_map_find(m, "Microsoft-Windows-Sysmon",
	    "Windows PowerShell", 1) == s1);
	CHECK(ct_evtx_map_set(m, -1, 1) == none);

	/*
	 * The emitter keeps the source of the record before: a change of
	 * channel alone, or of the map, is a new lookup.
	 */
	build("Other", NULL, "400", NULL);
	CHECK_STR(summary(), "Other 400");
	build("Other", "Windows PowerShell", "400", NULL);
	CHECK_STR(summary(), "PowerShell engine started");
	build("Other", "Windows PowerShell", "403", NULL);
	CHECK_STR(summary(), "PowerShell engine stopped");
	build("Other", NULL, "400", NULL);
	CHECK_STR(summary(), "Other 400");
	build(NULL, "Windows PowerShell", "400", NULL);
	CHECK_STR(summary(), "PowerShell engine started");
	build(NULL, NULL, "400", NULL);
	CHECK_STR(summary(), "event 400");
}

static void
test_sysmon_columns(void)
{
	build(SYSMON, "1", "Image", "C:\\Windows\\System32\\cmd.exe",
	    "CommandLine", "cmd /c whoami", "ProcessId", "4242",
	    "ProcessGuid", "{AAAA}", "ParentImage", "C:\\x\\QEUpdate.exe",
	    "ParentProcessId", "0x10", "User", "FIN\\jdoe",
	    "Hashes", "SHA256=AB", NULL);
	CHECK_STR(row.image, "C:\\Windows\\System32\\cmd.exe");
	CHECK_STR(row.command_line, "cmd /c whoami");
	CHECK_INT(row.process_id, 4242);
	CHECK_INT(row.parent_process_id, 16);
	CHECK_STR(row.user_name, "FIN\\jdoe");
	CHECK_STR(row.hashes, "SHA256=AB");
	CHECK(row.target_file == NULL);
	CHECK(row.src_port == CT_NULL_INT && row.dst_port == CT_NULL_INT);
	CHECK_STR(row.provider, "Microsoft-Windows-Sysmon");
	CHECK_INT(row.event_id, 1);
	CHECK_STR(summary(), "Process created: cmd /c whoami by QEUpdate.exe");

	/* A column of event 1 is not filled for event 3, and back. */
	build(SYSMON, "3", "Image", "C:\\a\\b.exe", "CommandLine", "x",
	    "SourceIp", "10.0.0.42", "SourcePort", "49712",
	    "DestinationIp", "5.39.218.205", "DestinationPort", "80", NULL);
	CHECK(row.command_line == NULL);
	CHECK_STR(row.src_ip, "10.0.0.42");
	CHECK_INT(row.dst_port, 80);
	CHECK_STR(summary(), "Network connection: b.exe 10.0.0.42:49712 -> "
	    "5.39.218.205:80");
	build(SYSMON, "3", "Image", "C:\\a\\b.exe", "DestinationIp", "1.2.3.4",
	    "DestinationHostname", "evil.example", NULL);
	CHECK_STR(summary(), "Network connection: b.exe -> 1.2.3.4 "
	    "(evil.example)");

	/* Hash only on 15, after Hashes. */
	build(SYSMON, "15", "TargetFilename", "C:\\t\\logo.png:Zone.Identifier",
	    "Hash", "SHA1=01", NULL);
	CHECK_STR(row.hashes, "SHA1=01");
	build(SYSMON, "11", "TargetFilename", "C:\\t\\a", "Hash", "SHA1=01",
	    NULL);
	CHECK(row.hashes == NULL);
	CHECK_STR(summary(), "File created: C:\\t\\a");
}

static void
test_conversions(void)
{
	/* text: "" and "-" are none; int: decimal, hex, not a number. */
	build(SECURITY, "4688", "NewProcessName", "-", "CommandLine", "",
	    "NewProcessId", "0x1a2b", "ProcessId", "12abc",
	    "SubjectUserName", "jdoe", "SubjectDomainName", "FIN", NULL);
	CHECK(row.image == NULL);
	CHECK(row.command_line == NULL);
	CHECK_INT(row.process_id, 0x1a2b);
	CHECK(row.parent_process_id == CT_NULL_INT);
	CHECK_STR(row.user_name, "FIN\\jdoe");
	CHECK_STR(summary(), "Process created:  as FIN\\jdoe");

	/* join: the user alone; a "-" domain is none; no user, no value. */
	build(SECURITY, "4688", "SubjectUserName", "jdoe",
	    "SubjectDomainName", "-", NULL);
	CHECK_STR(row.user_name, "jdoe");
	build(SECURITY, "4688", "SubjectDomainName", "FIN", NULL);
	CHECK(row.user_name == NULL);

	/* int: overflow and huge hex are not numbers; hex keeps its bits. */
	build(SECURITY, "4688", "NewProcessId", "99999999999999999999", NULL);
	CHECK(row.process_id == CT_NULL_INT);
	build(SECURITY, "4688", "NewProcessId", "0xffffffffffffffff", NULL);
	CHECK_INT(row.process_id, -1);
	build(SECURITY, "4688", "NewProcessId", " 77 ", NULL);
	CHECK_INT(row.process_id, 77);

	/* zoneurl: HostUrl= first, else ReferrerUrl=, else nothing. */
	build(SYSMON, "15", "Contents", "[ZoneTransfer]\r\nZoneId=3\r\n"
	    "ReferrerUrl=http://r.example/\r\nHostUrl=http://h.example/x\r\n",
	    "TargetFilename", "C:\\a", NULL);
	CHECK_STR(row.url, "http://h.example/x");
	CHECK_STR(summary(), "File stream created: C:\\a from "
	    "http://h.example/x");
	build(SYSMON, "15", "Contents", "ZoneId=3 ReferrerUrl=http://r/ x",
	    NULL);
	CHECK_STR(row.url, "http://r/");
	build(SYSMON, "15", "Contents", "HostUrl=\r\n", NULL);
	CHECK(row.url == NULL);

	/* raw: 4104's text is kept even empty. */
	build("Microsoft-Windows-PowerShell",
	    "Microsoft-Windows-PowerShell/Operational", "4104",
	    "ScriptBlockText", "", "ScriptBlockId", "{S}", NULL);
	CHECK_STR(row.script_text, "");
	CHECK_STR(row.script_block_id, "{S}");
	CHECK_STR(summary(), "PowerShell script block: ");
}

static void
test_direction_and_alternatives(void)
{
	struct ct_error err;
	struct evtx_map *m = compile(
	    "source s provider P\n"
	    "map s * image direction Direction Initiated\n"
	    "map s * command_line text A B C\n"
	    "map s * process_id int X Y\n"
	    "summary s * \"{command_line|'Z'}\"\n", &err);
	const struct evtx_map *keep = em.map;
	static const char *const in[][2] = {
		{ "%%14593", "outbound" }, { "Outbound", "outbound" },
		{ "true", "outbound" }, { "%%14592", "inbound" },
		{ "Inbound", "inbound" }, { "false", "inbound" },
		{ "sideways", "sideways" },
	};
	size_t i;

	CHECK(m != NULL);
	if (!m)
		return;
	em.map = m;
	for (i = 0; i < CT_ARRAY_SIZE(in); i++) {
		build("P", NULL, "1", "Direction", in[i][0], NULL);
		CHECK_STR(row.image, in[i][1]);
	}
	build("P", NULL, "1", "Direction", "-", "Initiated", "true", NULL);
	CHECK_STR(row.image, "outbound");
	build("P", NULL, "1", "Direction", "", NULL);
	CHECK(row.image == NULL);
	/* The first field that has a value; an int that is not one stays NULL. */
	build("P", NULL, "1", "A", "", "B", "-", "C", "c", "X", "x", "Y", "5",
	    NULL);
	CHECK_STR(row.command_line, "c");
	CHECK(row.process_id == CT_NULL_INT);
	CHECK_STR(summary(), "c");
	build("P", NULL, "1", "Z", "zz", NULL);
	CHECK(row.command_line == NULL);
	CHECK_STR(summary(), "zz");
	build("P", NULL, "1", NULL);
	CHECK_STR(summary(), "");
	em.map = keep;
	ct_evtx_map_free(m);
}

static void
test_templates(void)
{
	/* Missing fields: each optional part goes, the text around stays. */
	build(SECURITY, "4624", NULL);
	CHECK_STR(summary(), "Logon");
	build(SECURITY, "4624", "LogonType", "10", "TargetUserName", "jdoe",
	    "IpAddress", "127.0.0.1", NULL);
	CHECK_STR(summary(), "Logon type 10: jdoe from 127.0.0.1");
	build(SECURITY, "4625", "IpAddress", "10.1.1.1", NULL);
	CHECK_STR(summary(), "Logon failed from 10.1.1.1");

	/* {?a!=1} guards a part; nested parts each need their own value. */
	build("Microsoft-Windows-PowerShell",
	    "Microsoft-Windows-PowerShell/Operational", "4104",
	    "MessageNumber", "2", "MessageTotal", "3",
	    "ScriptBlockText", "\r\n  \tIEX x\r\nsecond line", NULL);
	CHECK_STR(summary(), "PowerShell script block part 2 of 3: IEX x");
	build("Microsoft-Windows-PowerShell",
	    "Microsoft-Windows-PowerShell/Operational", "4104",
	    "MessageNumber", "1", "MessageTotal", "1",
	    "ScriptBlockText", "Get-Date", NULL);
	CHECK_STR(summary(), "PowerShell script block: Get-Date");
	build("Microsoft-Windows-PowerShell",
	    "Microsoft-Windows-PowerShell/Operational", "4104",
	    "MessageTotal", "4", "ScriptBlockText", "y", NULL);
	CHECK_STR(summary(), "PowerShell script block of 4: y");

	/* 600: a field and a column, each in its own part. */
	build("PowerShell", "Windows PowerShell", "600", "ProviderName",
	    "Registry", NULL);
	CHECK_STR(summary(), "PowerShell provider started: Registry");

	/* basename of a path with no separator, and of one ending in one. */
	build(SYSMON, "22", "QueryName", "evil.example", "Image", "evil.exe",
	    NULL);
	CHECK_STR(summary(), "DNS query: evil.example by evil.exe");
	build(SYSMON, "22", "QueryName", "q", "Image", "C:\\dir\\", NULL);
	CHECK_STR(summary(), "DNS query: q");

	/* No template: the provider, the ID and every non-empty field. */
	build("Unmapped-Provider", NULL, "777", "Alpha", "one", "Empty", "",
	    "Beta", "two", NULL);
	CHECK_STR(summary(), "Unmapped-Provider 777: Alpha=one, Beta=two");
	build(NULL, NULL, "abc", NULL);
	CHECK_STR(summary(), "event 0");
}

static void
test_hostile_values(void)
{
	size_t n = 3u << 20, i;
	char *big = malloc(n + 1);
	const char *s;

	/* Control characters: a run of them is one space; DEL too. */
	build(SYSMON, "5", "Image", "a\r\n\t\x01\x7f" "b\x1b[31mc", NULL);
	CHECK_STR(summary(), "Process terminated: a b [31mc");
	CHECK_STR(row.image, "a\r\n\t\x01\x7f" "b\x1b[31mc");	/* as logged */

	/* Template syntax in evidence is only text. */
	build(SYSMON, "5", "Image", "{image}[{'User'}]\\{", "User", "u", NULL);
	CHECK_STR(summary(), "Process terminated: {image}[{'User'}]\\{");

	/* A huge value: the message stops at 400 bytes and says so. */
	memset(big, 'A', n);
	big[n] = '\0';
	build(SYSMON, "1", "CommandLine", big, "ParentImage", "C:\\p.exe",
	    NULL);
	s = summary();
	CHECK(strlen(s) < EVTX_SUMMARY_MAX + 40);
	CHECK(strstr(s, "AAA\xe2\x80\xa6 by \xe2\x80\xa6") != NULL);
	CHECK(row.command_line && strlen(row.command_line) == n);

	/* The cut falls on a character boundary: never half a UTF-8 sequence. */
	for (i = 0; i + 3 <= n; i += 3)
		memcpy(big + i, "\xe2\x82\xac", 3);	/* U+20AC */
	big[i] = '\0';
	build(SYSMON, "5", "Image", big, NULL);
	s = summary();
	i = strlen(s);
	CHECK(i >= 6 && memcmp(s + i - 3, "\xe2\x80\xa6", 3) == 0);
	CHECK(memcmp(s + i - 6, "\xe2\x82\xac", 3) == 0);

	/* Invalid UTF-8 passes through (the sink stores it as U+FFFD). */
	build(SYSMON, "5", "Image", "x\xff\xfe\xc3", NULL);
	CHECK_STR(summary(), "Process terminated: x\xff\xfe\xc3");
	free(big);
}

/* The columns of schema version 2: what analysis used to dig out of data. */
static void
test_promoted_columns(void)
{
	/* Every log: ProcessId / ProcessID, hex or not; 4688's is the parent. */
	build(SECURITY, "4624", "ProcessId", "0x2ac", "LogonType", "10",
	    "TargetUserName", "jdoe", "TargetDomainName", "FIN", NULL);
	CHECK_INT(row.process_id, 0x2ac);
	CHECK_INT(row.logon_type, 10);
	CHECK_STR(row.user_name, "FIN\\jdoe");
	build("Some-Provider", NULL, "5857", "ProcessID", "1234", NULL);
	CHECK_INT(row.process_id, 1234);
	build("Microsoft-Windows-Security-Auditing", NULL, "5156",
	    "ProcessID", "4", NULL);
	CHECK_INT(row.process_id, 4);
	build(SECURITY, "4688", "ProcessId", "0x10", "NewProcessId", "0x20",
	    NULL);
	CHECK_INT(row.process_id, 0x20);
	CHECK_INT(row.parent_process_id, 0x10);
	build(SECURITY, "4688", "ProcessId", "0x10", NULL);
	CHECK(row.process_id == CT_NULL_INT);

	/* 5156: the direction, as words. */
	build(SECURITY, "5156", "Direction", "%%14593", "Application",
	    "\\device\\harddiskvolume2\\x.exe", "DestAddress", "1.2.3.4",
	    "DestPort", "443", NULL);
	CHECK_STR(row.direction, "outbound");
	CHECK_INT(row.dst_port, 443);
	build(SECURITY, "5158", "Direction", "%%14592", NULL);
	CHECK_STR(row.direction, "inbound");
	build(SYSMON, "3", "Initiated", "false", NULL);
	CHECK_STR(row.direction, "inbound");

	/* Services and tasks. */
	build("Service Control Manager", "System", "7045", "ServiceName",
	    "PSEXESVC", "ImagePath", "%SystemRoot%\\PSEXESVC.exe", NULL);
	CHECK_STR(row.service_name, "PSEXESVC");
	CHECK_STR(summary(), "Service installed: PSEXESVC "
	    "%SystemRoot%\\PSEXESVC.exe");
	build(SECURITY, "4697", "ServiceName", "evil", "SubjectUserName", "a",
	    "SubjectDomainName", "D", "ServiceFileName", "cmd.exe", NULL);
	CHECK_STR(row.service_name, "evil");
	CHECK_STR(row.user_name, "D\\a");
	CHECK(row.image == NULL);	/* ServiceFileName: not an image column yet */
	build(SECURITY, "4698", "TaskName", "\\Updater", "SubjectUserName",
	    "a", NULL);
	CHECK_STR(row.task_name, "\\Updater");
	CHECK_STR(row.user_name, "a");
	build("Microsoft-Windows-TaskScheduler",
	    "Microsoft-Windows-TaskScheduler/Operational", "129", "TaskName",
	    "\\T", "Path", "C:\\x.exe", "ProcessID", "99", NULL);
	CHECK_STR(row.task_name, "\\T");
	CHECK_INT(row.process_id, 99);
	CHECK_STR(summary(), "Task process created: \\T C:\\x.exe");

	/* BITS: the job by GUID and name, its owner and creating process. */
	build("Microsoft-Windows-Bits-Client",
	    "Microsoft-Windows-Bits-Client/Operational", "3", "jobTitle", "j",
	    "jobId", "{J}", "jobOwner", "FIN\\jdoe", "processPath",
	    "C:\\u.exe", "processId", "3616", NULL);
	CHECK_STR(row.job_id, "{J}");
	CHECK_STR(row.job_name, "j");
	CHECK_STR(row.user_name, "FIN\\jdoe");
	CHECK_INT(row.process_id, 3616);
	CHECK_STR(row.image, "C:\\u.exe");
	CHECK_STR(summary(), "BITS job created: j by C:\\u.exe");
	build("Microsoft-Windows-Bits-Client",
	    "Microsoft-Windows-Bits-Client/Operational", "59", "name", "j",
	    "Id", "{J}", "url", "http://x/", NULL);
	CHECK_STR(row.job_id, "{J}");
	CHECK_STR(row.job_name, "j");
	CHECK_STR(row.url, "http://x/");

	/* PowerShell: script parts and path, the engine's version. */
	build("Microsoft-Windows-PowerShell",
	    "Microsoft-Windows-PowerShell/Operational", "4104",
	    "MessageNumber", "2", "MessageTotal", "3", "ScriptBlockText", "x",
	    "Path", "C:\\s.ps1", NULL);
	CHECK_INT(row.script_part, 2);
	CHECK_INT(row.script_parts, 3);
	CHECK_STR(row.script_path, "C:\\s.ps1");
	build("Microsoft-Windows-PowerShell",
	    "Microsoft-Windows-PowerShell/Operational", "4104",
	    "MessageNumber", "x", "Path", "", NULL);
	CHECK(row.script_part == CT_NULL_INT && row.script_parts == CT_NULL_INT);
	CHECK(row.script_path == NULL);
	build("PowerShell", "Windows PowerShell", "400", "Data[2]",
	    "\tHostApplication=powershell -v 2\r\n\tEngineVersion=2.0\r\n",
	    NULL);
	CHECK_STR(row.engine_version, "2.0");
	CHECK_STR(row.host_application, "powershell -v 2");
	build("Microsoft-Windows-PowerShell",
	    "Microsoft-Windows-PowerShell/Operational", "4103", "ContextInfo",
	    "  Engine Version = 5.1\r\n  Host Application = pwsh\r\n", NULL);
	CHECK_STR(row.engine_version, "5.1");

	/* The log a 104 says was cleared, and by whom. */
	build("Microsoft-Windows-Eventlog", "System", "104", "SubjectUserName",
	    "tony", "SubjectDomainName", "DESKTOP", "Channel",
	    "Microsoft-Windows-Sysmon/Operational", NULL);
	CHECK_STR(row.log_name, "Microsoft-Windows-Sysmon/Operational");
	CHECK_STR(row.user_name, "DESKTOP\\tony");
	build("Microsoft-Windows-Eventlog", "Security", "1102",
	    "SubjectUserName", "tony", NULL);
	CHECK(row.log_name == NULL);
	CHECK_STR(summary(), "Security log cleared by tony");
}

/* Mapping text the compiler refuses, and the line it names. */
static void
test_compile_errors(void)
{
	static const struct {
		const char *text, *msg;
	} bad[] = {
		{ "frobnicate x\n", "test.txt:1: unknown line" },
		{ "source a provider P\nmap b * image text X\n",
		    "test.txt:2: unknown source \"b\"" },
		{ "source a provider P\nmap a * imagex text X\n",
		    "not a normalised column" },
		{ "source a provider P\nmap a * computer text X\n",
		    "not a normalised column" },
		{ "source a provider P\nmap a * image int X\n",
		    "int does not fill the text column image" },
		{ "source a provider P\nmap a * process_id text X\n",
		    "text does not fill the integer column" },
		{ "source a provider P\nmap a * user_name join X\n",
		    "join takes 2 to 2 fields" },
		{ "source a provider P\nmap a * image text A B C D E\n",
		    "takes 1 to 4 fields" },
		{ "source a provider P\nmap a * image rot13 X\n",
		    "unknown conversion" },
		{ "map * 4688 image text X\n", "every event: \"* *\"" },
		{ "source a provider P\nmap a 1,2 image text X\n\n"
		    "map a 2 image text Y\n", "test.txt:4: image is mapped on "
		    "line 2 already" },
		{ "source a provider P\nmap a x image text X\n", "event IDs" },
		{ "source a provider P\nmap a 5-3 image text X\n", "event IDs" },
		{ "source a provider P\nmap a 1, image text X\n", "comma" },
		{ "source a provider P\nmap a 99999999999 image text X\n",
		    "event IDs" },
		{ "source a provider P\nmap a 0-70000 image text X\n",
		    "more than 16384 event IDs in all" },
		{ "source a provider P\nmap a 0-9000 image text X\n"
		    "map a 9001-18000 command_line text X\n",
		    "test.txt:3: more than 16384 event IDs in all" },
		{ "source a provider P\nsource b provider P\n",
		    "test.txt:2: \"P\" belongs to two sources" },
		{ "source a provider P\nsource a channel C\n", "again" },
		{ "source a bogus P\n", "\"provider\" or \"channel\"" },
		{ "source a provider \"P\n", "closing quote" },
		{ "source a provider \"P\"x\n", "right after" },
		{ "source a provider P\nsplit * * *\n", "a source is needed" },
		{ "source a provider P\nsummary a 1 \"{image\"\n",
		    "'{' without '}'" },
		{ "source a provider P\nsummary a 1 \"image}\"\n",
		    "'}' without '{'" },
		{ "source a provider P\nsummary a 1 \"[x\"\n",
		    "'[' without ']'" },
		{ "source a provider P\nsummary a 1 \"x]\"\n",
		    "']' without '['" },
		{ "source a provider P\nsummary a 1 \"[[[[[x]]]]]\"\n",
		    "nested more than" },
		{ "source a provider P\nsummary a 1 \"{process_id}\"\n",
		    "not a text column" },
		{ "source a provider P\nsummary a 1 \"{nosuch}\"\n",
		    "not a text column" },
		{ "source a provider P\nsummary a 1 \"{Image}\"\n",
		    "a column name or a 'Field' expected" },
		{ "source a provider P\nsummary a 1 \"{'Image}\"\n",
		    "a field is written 'Name'" },
		{ "source a provider P\nsummary a 1 \"{''}\"\n",
		    "a field is written 'Name'" },
		{ "source a provider P\nsummary a 1 \"{image!=}\"\n",
		    "needs a text" },
		{ "source a provider P\nsummary a 1 \"{image x}\"\n",
		    "unexpected" },
		{ "source a provider P\nsummary a 1 \"{}\"\n",
		    "a column name" },
		{ "source a provider P\nsummary a 1 "
		    "\"{image|image|image|image|image}\"\n", "alternatives" },
		{ "source a provider P\nsummary a 1 \"a\\\"\n", "closing quote" },
		{ "source a provider P\nsummary a 1 \"tab\there\"\n",
		    "control character" },
		{ "source a provider P\nsummary a 1 \"x\"\nsummary a 1 \"y\"\n",
		    "test.txt:3: summary on line 2 already" },
		{ "source a provider P\nsummary a 1\n", "summary SOURCE" },
	};
	struct ct_error err;
	char many[1024], *p;
	size_t i;
	struct evtx_map *m;

	for (i = 0; i < CT_ARRAY_SIZE(bad); i++) {
		m = compile(bad[i].text, &err);
		CHECK(m == NULL);
		if (m || !strstr(err.msg, bad[i].msg))
			printf("# case %zu: got \"%s\", want \"%s\"\n", i,
			    err.msg, bad[i].msg);
		CHECK(m == NULL && strstr(err.msg, bad[i].msg) != NULL);
		ct_evtx_map_free(m);
	}
	/* More pieces than a template holds. */
	p = many + snprintf(many, sizeof(many), "source a provider P\n"
	    "summary a 1 \"");
	for (i = 0; i < 70; i++)
		p += snprintf(p, (size_t)(many + sizeof(many) - p), "x{image}");
	snprintf(p, (size_t)(many + sizeof(many) - p), "\"\n");
	CHECK(compile(many, &err) == NULL && strstr(err.msg, "pieces"));
	/* A line longer than the compiler reads. */
	{
		char *longl = malloc(10000);

		memset(longl, 'x', 9999);
		longl[9999] = '\0';
		CHECK(compile(longl, &err) == NULL &&
		    strstr(err.msg, "longer than"));
		free(longl);
	}
	/* What it accepts: escapes, comments, CR LF, an empty text. */
	m = compile("# c\r\nsource a provider \"P \\\"Q\\\"\" channel C # c\r\n"
	    "summary a * \"\\[{'A B'}\\]\\\\\"\n", &err);
	CHECK(m != NULL);
	if (m) {
		const struct evtx_map *keep = em.map;

		em.map = m;
		build("P \"Q\"", NULL, "1", "A B", "v", NULL);
		CHECK_STR(summary(), "[v]\\");
		build("x", "C", "1", NULL);
		CHECK_STR(summary(), "[]\\");
		em.map = keep;
	}
	ct_evtx_map_free(m);
	m = compile("", &err);
	CHECK(m != NULL);
	ct_evtx_map_free(m);
}

int
main(void)
{
	ct_evtx_event_init(&ev);
	ct_evtx_emit_init(&em);
	test_builtin_compiles();
	test_lookup();
	test_sysmon_columns();
	test_conversions();
	test_direction_and_alternatives();
	test_templates();
	test_hostile_values();
	test_promoted_columns();
	test_compile_errors();
	ct_evtx_emit_release(&em);
	ct_evtx_event_release(&ev);
	return unit_done();
}
