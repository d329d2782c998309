/*
 * gen.c - benchmark log generator (see gen.h).  The mix imitates a busy
 * workstation: process creations with long command lines, network
 * connections, file creations, logons and, one in a hundred, a large
 * PowerShell script block (about 1.2 KB a record on average, as busy
 * workstation logs have).  Everything derives from the seed
 * (xorshift64*), so the same N and seed give the same bytes.
 *
 * All events go into one file named by the caller; each keeps its own
 * channel name in the XML, as a merged or forwarded log would.
 */
#include <stdio.h>
#include <string.h>

#include "binxml.h"
#include "evtxw.h"
#include "gen.h"

#define SYSMON_GUID	"{5770385f-c22a-43e0-bf4c-06f5698ffbd9}"
#define SECURITY_GUID	"{54849625-5478-4994-a5ba-3e3b0328c30d}"
#define PS_GUID		"{a0c1853b-5c40-4b15-8766-3cf1c58f985a}"

static uint64_t
rnd(uint64_t *s)
{
	*s ^= *s >> 12;
	*s ^= *s << 25;
	*s ^= *s >> 27;
	return *s * 0x2545F4914F6CDD1DULL;
}

static const char *const images[] = {
	"C:\\Windows\\System32\\svchost.exe",
	"C:\\Windows\\explorer.exe",
	"C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe",
	"C:\\Users\\jdoe\\AppData\\Local\\Microsoft\\Teams\\current\\Teams.exe",
	"C:\\ProgramData\\Microsoft\\Windows Defender\\Platform\\4.18.24010.12-0\\MsMpEng.exe",
	"C:\\Windows\\System32\\conhost.exe",
	"C:\\Windows\\System32\\RuntimeBroker.exe",
	"C:\\Windows\\System32\\backgroundTaskHost.exe",
	"C:\\Program Files\\Microsoft Office\\root\\Office16\\OUTLOOK.EXE",
	"C:\\Windows\\System32\\SearchProtocolHost.exe",
};

static void
fmt_time(char *out, size_t cap, uint64_t ft)
{
	/* FILETIME -> ISO 8601 with 100 ns, UTC, without gmtime(). */
	uint64_t secs = ft / 10000000u, frac = ft % 10000000u;
	int64_t z = (int64_t)(secs / 86400) - 134774 + 719468, era, doe, yoe,
	    y, doy, mp, d, m;
	unsigned sod = (unsigned)(secs % 86400);

	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	y = yoe + era * 400;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	d = doy - (153 * mp + 2) / 5 + 1;
	m = mp < 10 ? mp + 3 : mp - 9;
	y += m <= 2;
	snprintf(out, cap, "%04lld-%02lld-%02lldT%02u:%02u:%02u.%07lluZ",
	    (long long)y, (long long)m, (long long)d, sod / 3600,
	    sod / 60 % 60, sod % 60, (unsigned long long)frac);
}

static int
set_sys(struct ew_event *ev, const char *chan, const char *prov,
    const char *guid, unsigned eid, unsigned ver, unsigned task,
    uint64_t kw, uint64_t ft, uint32_t pid, uint32_t tid)
{
	if (ew_event_set_str(&ev->channel, chan) != 0 ||
	    ew_event_set_str(&ev->provider, prov) != 0 ||
	    ew_event_set_str(&ev->provider_guid, guid) != 0 ||
	    ew_event_set_str(&ev->computer,
	    "FIN-WS042.corp.quilltech.example") != 0)
		return -1;
	ev->event_id = (uint16_t)eid;
	ev->version = (uint8_t)ver;
	ev->level = 4;
	ev->task = (uint16_t)task;
	ev->keywords = kw;
	ev->time = ft;
	ev->pid = pid;
	ev->tid = tid;
	return 0;
}

#define F(n, t, v) rc |= ew_event_add_field(ev, (n), (t), (v))

static int
gen_one(struct ew_event *ev, uint64_t *s, uint64_t ft)
{
	char t[48], a[600], b[64], c[64];
	const char *img = images[rnd(s) % (sizeof(images) / sizeof(images[0]))];
	unsigned pid = 1000 + (unsigned)(rnd(s) % 30000);
	unsigned kind = (unsigned)(rnd(s) % 100);
	int rc = 0;

	fmt_time(t, sizeof(t), ft);
	snprintf(b, sizeof(b), "{9a4f3c2e-%04x-65f1-%04x-0000000017%02x}",
	    (unsigned)(rnd(s) & 0xffff), (unsigned)(rnd(s) & 0xffff),
	    (unsigned)(rnd(s) & 0xff));
	snprintf(c, sizeof(c), "%u", pid);
	if (kind < 30) {
		unsigned extra = (unsigned)(rnd(s) % 400);

		snprintf(a, sizeof(a), "\"%s\" --type=renderer --field-trial-handle=%u"
		    " --lang=en-US --renderer-client-id=%u%.*s", img,
		    (unsigned)(rnd(s) % 100000), (unsigned)(rnd(s) % 100),
		    (int)extra, "--enable-features=A,B,C,D,E,F,G,H,I,J,K,L,M,N,O,P,Q,R,S,T,U,V,W,X,Y,Z "
		    "--disable-features=AutofillServerCommunication,CertificateTransparencyComponentUpdater "
		    "--variations-seed-version=20240311-010203.456000 --mojo-platform-channel-handle=2136 "
		    "--enable-crash-reporter=1edbd1a4-8a3a-4b2e-8a3d-9bde43da0ab2,no_channel /prefetch:8 "
		    "--no-pre-read-main-dll --metrics-shmem-handle=4128,i,17220938291,");
		if (set_sys(ev, "Microsoft-Windows-Sysmon/Operational",
		    "Microsoft-Windows-Sysmon", SYSMON_GUID, 1, 5, 1,
		    0x8000000000000000ull, ft, 3044, 4120) != 0)
			return -1;
		ew_parse_sid("S-1-5-18", ev->user_sid, sizeof(ev->user_sid),
		    &ev->user_sid_len);
		ev->has_user = 1;
		F("RuleName", VT_STRING, "-");
		F("UtcTime", VT_STRING, "2024-03-11 10:00:00.000");
		F("ProcessGuid", VT_GUID, b);
		F("ProcessId", VT_UINT32, c);
		F("Image", VT_STRING, img);
		F("FileVersion", VT_STRING, "10.0.19041.3996 (WinBuild.160101.0800)");
		F("Description", VT_STRING, "Host Process for Windows Services");
		F("Product", VT_STRING, "Microsoft\xc2\xae Windows\xc2\xae Operating System");
		F("Company", VT_STRING, "Microsoft Corporation");
		F("OriginalFileName", VT_STRING, "svchost.exe");
		F("CommandLine", VT_STRING, a);
		F("CurrentDirectory", VT_STRING, "C:\\Windows\\system32\\");
		F("User", VT_STRING, "CORP\\jdoe");
		F("LogonGuid", VT_GUID, "{9a4f3c2e-1111-65ee-8d3a-0b0000000000}");
		F("LogonId", VT_HEX64, "0xb3a8d");
		F("TerminalSessionId", VT_UINT32, "1");
		F("IntegrityLevel", VT_STRING, "Medium");
		F("Hashes", VT_STRING, "SHA1=F2C7BB8ACC97F92E987A2D4087D021B1,MD5=F586835082F632DC8D9404D83BC16316,"
		    "SHA256=A9F9ACF8B1A4C7BFC0F32F3D8CEEA0D5F80B8A5CD1C37D5D41A0CCCE8F26C5C1,IMPHASH=00000000000000000000000000000000");
		F("ParentProcessGuid", VT_GUID, "{9a4f3c2e-0001-65ee-2a00-000000001700}");
		F("ParentProcessId", VT_UINT32, "684");
		F("ParentImage", VT_STRING, "C:\\Windows\\System32\\services.exe");
		F("ParentCommandLine", VT_STRING, "C:\\Windows\\system32\\services.exe");
		F("ParentUser", VT_STRING, "NT AUTHORITY\\SYSTEM");
	} else if (kind < 55) {
		char ip[32], port[8];

		snprintf(ip, sizeof(ip), "%u.%u.%u.%u", 13 + (unsigned)(rnd(s) % 180),
		    (unsigned)(rnd(s) % 256), (unsigned)(rnd(s) % 256),
		    1 + (unsigned)(rnd(s) % 254));
		snprintf(port, sizeof(port), "%u", 49152 + (unsigned)(rnd(s) % 16000));
		if (set_sys(ev, "Microsoft-Windows-Sysmon/Operational",
		    "Microsoft-Windows-Sysmon", SYSMON_GUID, 3, 5, 3,
		    0x8000000000000000ull, ft, 3044, 4188) != 0)
			return -1;
		ew_parse_sid("S-1-5-18", ev->user_sid, sizeof(ev->user_sid),
		    &ev->user_sid_len);
		ev->has_user = 1;
		F("RuleName", VT_STRING, "-");
		F("UtcTime", VT_STRING, "2024-03-11 10:00:00.000");
		F("ProcessGuid", VT_GUID, b);
		F("ProcessId", VT_UINT32, c);
		F("Image", VT_STRING, img);
		F("User", VT_STRING, "CORP\\jdoe");
		F("Protocol", VT_STRING, "tcp");
		F("Initiated", VT_BOOL, "true");
		F("SourceIsIpv6", VT_BOOL, "false");
		F("SourceIp", VT_STRING, "10.20.30.42");
		F("SourceHostname", VT_STRING, "FIN-WS042.corp.quilltech.example");
		F("SourcePort", VT_UINT16, port);
		F("SourcePortName", VT_STRING, "-");
		F("DestinationIsIpv6", VT_BOOL, "false");
		F("DestinationIp", VT_STRING, ip);
		F("DestinationHostname", VT_STRING, "-");
		F("DestinationPort", VT_UINT16, "443");
		F("DestinationPortName", VT_STRING, "https");
	} else if (kind < 75) {
		snprintf(a, sizeof(a), "C:\\Users\\jdoe\\AppData\\Local\\Temp\\tmp%04X.tmp",
		    (unsigned)(rnd(s) & 0xffff));
		if (set_sys(ev, "Microsoft-Windows-Sysmon/Operational",
		    "Microsoft-Windows-Sysmon", SYSMON_GUID, 11, 2, 11,
		    0x8000000000000000ull, ft, 3044, 4188) != 0)
			return -1;
		ew_parse_sid("S-1-5-18", ev->user_sid, sizeof(ev->user_sid),
		    &ev->user_sid_len);
		ev->has_user = 1;
		F("RuleName", VT_STRING, "-");
		F("UtcTime", VT_STRING, "2024-03-11 10:00:00.000");
		F("ProcessGuid", VT_GUID, b);
		F("ProcessId", VT_UINT32, c);
		F("Image", VT_STRING, img);
		F("TargetFilename", VT_STRING, a);
		F("CreationUtcTime", VT_STRING, "2024-03-11 10:00:00.000");
		F("User", VT_STRING, "CORP\\jdoe");
	} else if (kind < 99) {
		if (set_sys(ev, "Security", "Microsoft-Windows-Security-Auditing",
		    SECURITY_GUID, 4624, 2, 12544, 0x8020000000000000ull, ft, 748,
		    (uint32_t)(rnd(s) % 9000)) != 0)
			return -1;
		F("SubjectUserSid", VT_SID, "S-1-5-18");
		F("SubjectUserName", VT_STRING, "FIN-WS042$");
		F("SubjectDomainName", VT_STRING, "CORP");
		F("SubjectLogonId", VT_HEX64, "0x3e7");
		F("TargetUserSid", VT_SID, "S-1-5-18");
		F("TargetUserName", VT_STRING, "SYSTEM");
		F("TargetDomainName", VT_STRING, "NT AUTHORITY");
		F("TargetLogonId", VT_HEX64, "0x3e7");
		F("LogonType", VT_UINT32, "5");
		F("LogonProcessName", VT_STRING, "Advapi  ");
		F("AuthenticationPackageName", VT_STRING, "Negotiate");
		F("WorkstationName", VT_STRING, "-");
		F("LogonGuid", VT_GUID, "{00000000-0000-0000-0000-000000000000}");
		F("TransmittedServices", VT_STRING, "-");
		F("LmPackageName", VT_STRING, "-");
		F("KeyLength", VT_UINT32, "0");
		F("ProcessId", VT_HEX64, "0x2ac");
		F("ProcessName", VT_STRING, "C:\\Windows\\System32\\services.exe");
		F("IpAddress", VT_STRING, "-");
		F("IpPort", VT_STRING, "-");
		F("ImpersonationLevel", VT_STRING, "%%1833");
		F("RestrictedAdminMode", VT_STRING, "-");
		F("TargetOutboundUserName", VT_STRING, "-");
		F("TargetOutboundDomainName", VT_STRING, "-");
		F("VirtualAccount", VT_STRING, "%%1843");
		F("TargetLinkedLogonId", VT_HEX64, "0x0");
		F("ElevatedToken", VT_STRING, "%%1842");
	} else {
		/* A large script block: 2 to 20 KiB of module text. */
		struct ew_buf sb = EW_BUF_INIT;
		unsigned lines = 20 + (unsigned)(rnd(s) % 140), i;

		for (i = 0; i < lines; i++) {
			char l[96];
			int k = snprintf(l, sizeof(l),
			    "    $result%u = Get-ItemProperty -Path 'HKLM:\\SOFTWARE\\Vendor\\Key%u'\r\n",
			    i, (unsigned)(rnd(s) % 1000));
			ew_buf_add(&sb, l, (size_t)k);
		}
		ew_buf_add_u8(&sb, 0);
		if (!ew_buf_ok(&sb) || set_sys(ev,
		    "Microsoft-Windows-PowerShell/Operational",
		    "Microsoft-Windows-PowerShell", PS_GUID, 4104, 1, 2, 0,
		    ft, 5104, 6120) != 0) {
			ew_buf_release(&sb);
			return -1;
		}
		ev->level = 5;
		ev->opcode = 15;
		ew_parse_sid("S-1-5-21-3623811015-3361044348-30300820-1104",
		    ev->user_sid, sizeof(ev->user_sid), &ev->user_sid_len);
		ev->has_user = 1;
		F("MessageNumber", VT_INT32, "1");
		F("MessageTotal", VT_INT32, "1");
		F("ScriptBlockText", VT_STRING, (const char *)sb.data);
		F("ScriptBlockId", VT_STRING, b + 1);
		F("Path", VT_STRING, "");
		ew_buf_release(&sb);
	}
	return rc ? -1 : 0;
}

int
ew_generate(const char *path, uint64_t n, uint64_t seed)
{
	struct ew_writer *w;
	struct ew_event ev;
	char err[160];
	uint64_t s = seed * 0x9E3779B97F4A7C15ull + 0x632BE59BD9B4E019ull, i;
	uint64_t ft;
	int rc = 0;

	if (ew_parse_time("2024-03-11T00:00:00Z", &ft) != 0)
		return -1;

	if (s == 0)
		s = 1;
	w = ew_writer_open(path, err, sizeof(err));
	if (w == NULL) {
		fprintf(stderr, "mkevtx: %s\n", err);
		return -1;
	}
	ew_event_init(&ev);
	for (i = 0; i < n && rc == 0; i++) {
		ft += 1 + rnd(&s) % 20000000u;	/* up to 2 s apart */
		ew_event_clear(&ev);
		if (gen_one(&ev, &s, ft) != 0) {
			fprintf(stderr, "mkevtx: cannot build event %llu\n",
			    (unsigned long long)i + 1);
			rc = -1;
		} else if (ew_writer_add(w, &ev) != 0) {
			fprintf(stderr, "mkevtx: %s\n", ew_writer_error(w));
			rc = -1;
		}
	}
	ew_event_release(&ev);
	if (rc != 0) {
		ew_writer_abort(w);
		return -1;
	}
	if (ew_writer_close(w) != 0) {
		fprintf(stderr, "mkevtx: cannot finish '%s'\n", path);
		return -1;
	}
	return 0;
}
