/*
 * evtx-emit.c - from a decoded event to case-file rows: the JSON object of
 * all fields, the Key=Value splits of PowerShell's text blobs, the
 * normalised columns of doc/schema.md and the one-line timeline message.
 *
 * Field names follow the providers' manifests as rendered by Windows (see
 * OSSEM-DD and the EVTX maps cited in ../shared/design/reference.md §5):
 * Sysmon (Microsoft-Windows-Sysmon), Security auditing, PowerShell
 * (classic "Windows PowerShell" 400/403/600/800 and PowerShell/Operational
 * 4103/4104), BITS-Client, TaskScheduler, Windows Defender, Service Control
 * Manager.
 */
#include "compat.h"

#include <ctype.h>

#include "evtx-int.h"
#include "timefmt.h"
#include "xalloc.h"

#define SUMMARY_MAX	400	/* bytes of the one-line message */

enum prov {
	P_OTHER, P_SYSMON, P_SECURITY, P_EVENTLOG, P_PSCLASSIC, P_PSOP,
	P_BITS, P_TASK, P_DEFENDER, P_SCM
};

static enum prov
provider_kind(const struct evtx_event *ev)
{
	const char *p = ct_evtx_ev_str(ev, ev->provider);
	const char *ch = ct_evtx_ev_str(ev, ev->channel);

	if (!p)
		p = "";
	if (strcmp(p, "Microsoft-Windows-Sysmon") == 0)
		return P_SYSMON;
	if (strcmp(p, "Microsoft-Windows-Security-Auditing") == 0)
		return P_SECURITY;
	if (strcmp(p, "Microsoft-Windows-Eventlog") == 0)
		return P_EVENTLOG;
	if (strcmp(p, "PowerShell") == 0 ||
	    (ch && strcmp(ch, "Windows PowerShell") == 0))
		return P_PSCLASSIC;
	if (strcmp(p, "Microsoft-Windows-PowerShell") == 0)
		return P_PSOP;
	if (strcmp(p, "Microsoft-Windows-Bits-Client") == 0)
		return P_BITS;
	if (strcmp(p, "Microsoft-Windows-TaskScheduler") == 0)
		return P_TASK;
	if (strcmp(p, "Microsoft-Windows-Windows Defender") == 0)
		return P_DEFENDER;
	if (strcmp(p, "Service Control Manager") == 0)
		return P_SCM;
	return P_OTHER;
}

void
ct_evtx_emit_init(struct evtx_emit *em)
{
	memset(em, 0, sizeof(*em));
	ct_buf_init(&em->json, 0);
	ct_buf_init(&em->summary, 0);
	ct_buf_init(&em->tmp, 0);
	ct_buf_init(&em->kv, EVTX_MAX_FIELD_BYTES);
}

void
ct_evtx_emit_free(struct evtx_emit *em)
{
	ct_buf_release(&em->json);
	ct_buf_release(&em->summary);
	ct_buf_release(&em->tmp);
	ct_buf_release(&em->kv);
	free(em->kvf);
	memset(em, 0, sizeof(*em));
}

/* A field of the record or of its Key=Value splits; NULL if absent. */
static const char *
fld(const struct evtx_emit *em, const struct evtx_event *ev,
    const char *name)
{
	const char *v = ct_evtx_ev_field(ev, name, NULL);
	size_t i;

	if (v)
		return v;
	for (i = 0; i < em->nkv; i++)
		if (strcmp(em->kv.buf + em->kvf[i].name, name) == 0)
			return em->kv.buf + em->kvf[i].val;
	return NULL;
}

/* Non-empty field or NULL ("-" is Windows' way of saying none). */
static const char *
fldne(const struct evtx_emit *em, const struct evtx_event *ev,
    const char *name)
{
	const char *v = fld(em, ev, name);

	if (!v || !*v || strcmp(v, "-") == 0)
		return NULL;
	return v;
}

static void
kv_add(struct evtx_emit *em, const struct evtx_event *ev, const char *k,
    size_t kn, const char *v, size_t vn)
{
	struct evtx_field *f;
	size_t i;
	char key[80];
	size_t n = 0;

	/* "Host Application" (4103) and "HostApplication" (400) alike. */
	for (i = 0; i < kn && n < sizeof(key) - 1; i++)
		if (k[i] != ' ')
			key[n++] = k[i];
	key[n] = '\0';
	if (n == 0 || ct_evtx_ev_field(ev, key, NULL))
		return;
	for (i = 0; i < em->nkv; i++)
		if (strcmp(em->kv.buf + em->kvf[i].name, key) == 0)
			return;
	if (em->nkv >= EVTX_MAX_FIELDS)
		return;
	if (em->nkv == em->akv) {
		em->akv = em->akv ? em->akv * 2 : 32;
		em->kvf = ct_xreallocarray(em->kvf, em->akv, sizeof(*em->kvf));
	}
	f = &em->kvf[em->nkv];
	f->name = em->kv.len;
	f->name_len = n;
	f->base_len = n;
	ct_buf_add(&em->kv, key, n);
	ct_buf_addch(&em->kv, '\0');
	f->val = em->kv.len;
	f->val_len = vn;
	ct_buf_add(&em->kv, v, vn);
	ct_buf_addch(&em->kv, '\0');
	if (!em->kv.truncated)
		em->nkv++;
}

/*
 * Split a text blob of "Key=Value" lines (PowerShell's host details) into
 * fields. A key is a short run of letters, digits, spaces, '_' and '-';
 * lines that do not look like that are left alone (they stay in the
 * original field, which is always kept).
 */
static void
split_kv(struct evtx_emit *em, const struct evtx_event *ev, const char *s,
    size_t n)
{
	size_t i = 0;

	while (i < n) {
		size_t eol = i, ks, ke, vs, ve, eq, j;
		int ok = 1;

		while (eol < n && s[eol] != '\n')
			eol++;
		ks = i;
		while (ks < eol && (s[ks] == ' ' || s[ks] == '\t'))
			ks++;
		eq = ks;
		while (eq < eol && s[eq] != '=')
			eq++;
		ke = eq;
		while (ke > ks && (s[ke - 1] == ' ' || s[ke - 1] == '\t'))
			ke--;
		if (eq == eol || ke == ks || ke - ks > 64)
			ok = 0;
		for (j = ks; ok && j < ke; j++) {
			unsigned char c = (unsigned char)s[j];

			if (!isalnum(c) && c != ' ' && c != '_' && c != '-')
				ok = 0;
		}
		if (ok) {
			vs = eq + 1;
			while (vs < eol && (s[vs] == ' ' || s[vs] == '\t'))
				vs++;
			ve = eol;
			while (ve > vs && (s[ve - 1] == '\r' || s[ve - 1] ==
			    ' ' || s[ve - 1] == '\t'))
				ve--;
			kv_add(em, ev, s + ks, ke - ks, s + vs, ve - vs);
		}
		i = eol + 1;
	}
}

static void
find_kv(struct evtx_emit *em, const struct evtx_event *ev)
{
	enum prov p = provider_kind(ev);
	size_t i;

	ct_buf_reset(&em->kv);
	em->kv.truncated = 0;
	em->nkv = 0;
	if (p == P_PSCLASSIC && (ev->event_id == 400 || ev->event_id == 403 ||
	    ev->event_id == 600 || ev->event_id == 800)) {
		for (i = 0; i < ev->nfields; i++) {
			const struct evtx_field *f = &ev->fields[i];
			const char *v = ev->arena.buf + f->val;

			if (memchr(v, '\n', f->val_len) &&
			    memchr(v, '=', f->val_len))
				split_kv(em, ev, v, f->val_len);
		}
	} else if (p == P_PSOP && ev->event_id == 4103) {
		size_t n;
		const char *v = ct_evtx_ev_field(ev, "ContextInfo", &n);

		if (v)
			split_kv(em, ev, v, n);
	}
}

void
ct_evtx_build_json(struct evtx_emit *em, const struct evtx_event *ev)
{
	size_t i;
	int first = 1;

	find_kv(em, ev);
	ct_buf_reset(&em->json);
	ct_buf_addch(&em->json, '{');
	for (i = 0; i < ev->nfields; i++) {
		const struct evtx_field *f = &ev->fields[i];

		if (!first)
			ct_buf_addch(&em->json, ',');
		first = 0;
		ct_buf_addch(&em->json, '"');
		ct_buf_add_json_str(&em->json, ev->arena.buf + f->name,
		    f->name_len);
		ct_buf_adds(&em->json, "\":\"");
		ct_buf_add_json_str(&em->json, ev->arena.buf + f->val,
		    f->val_len);
		ct_buf_addch(&em->json, '"');
	}
	for (i = 0; i < em->nkv; i++) {
		const struct evtx_field *f = &em->kvf[i];

		if (!first)
			ct_buf_addch(&em->json, ',');
		first = 0;
		ct_buf_addch(&em->json, '"');
		ct_buf_add_json_str(&em->json, em->kv.buf + f->name,
		    f->name_len);
		ct_buf_adds(&em->json, "\":\"");
		ct_buf_add_json_str(&em->json, em->kv.buf + f->val,
		    f->val_len);
		ct_buf_addch(&em->json, '"');
	}
	ct_buf_addch(&em->json, '}');
}

static int64_t
int_of(const char *s)
{
	int64_t v;

	if (!s || ct_evtx_parse_int(s, strlen(s), &v) != 0)
		return CT_NULL_INT;
	return v;
}

/* "DOMAIN\user" into em->tmp at offset; returns the offset or -1. */
static long
domain_user(struct evtx_emit *em, const char *dom, const char *user)
{
	size_t off = em->tmp.len;

	if (!user)
		return -1;
	if (dom) {
		ct_buf_adds(&em->tmp, dom);
		ct_buf_addch(&em->tmp, '\\');
	}
	ct_buf_adds(&em->tmp, user);
	ct_buf_addch(&em->tmp, '\0');
	return (long)off;
}

/* Value of the first HostUrl= / ReferrerUrl= line of a Zone.Identifier. */
static long
zone_url(struct evtx_emit *em, const char *contents)
{
	const char *keys[] = { "HostUrl=", "ReferrerUrl=" };
	size_t k;

	if (!contents)
		return -1;
	for (k = 0; k < CT_ARRAY_SIZE(keys); k++) {
		const char *p = strstr(contents, keys[k]);
		size_t off = em->tmp.len, n = 0;

		if (!p)
			continue;
		p += strlen(keys[k]);
		while (p[n] && p[n] != '\r' && p[n] != '\n' && p[n] != ' ')
			n++;
		if (!n)
			continue;
		ct_buf_add(&em->tmp, p, n);
		ct_buf_addch(&em->tmp, '\0');
		return (long)off;
	}
	return -1;
}

static const char *
base_name(const char *p)
{
	const char *s;

	if (!p)
		return NULL;
	s = strrchr(p, '\\');
	if (!s)
		s = strrchr(p, '/');
	return s ? s + 1 : p;
}

/* Append evidence text to the one-line message: one line, capped. */
static void
sum_add(struct ct_buf *b, const char *s)
{
	size_t i;
	int space = 0;

	if (!s)
		return;
	for (i = 0; s[i] && b->len < SUMMARY_MAX; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c < 0x20 || c == 0x7f) {
			if (!space && b->len && b->buf[b->len - 1] != ' ')
				ct_buf_addch(b, ' ');
			space = 1;
			continue;
		}
		space = 0;
		ct_buf_addch(b, (char)c);
	}
	if (s[i] && b->len >= SUMMARY_MAX) {
		/* Cut at a character boundary, then mark the cut. */
		while (b->len && ((unsigned char)b->buf[b->len - 1] & 0xc0) ==
		    0x80)
			ct_buf_setlen(b, b->len - 1);
		if (b->len && (unsigned char)b->buf[b->len - 1] >= 0xc0)
			ct_buf_setlen(b, b->len - 1);
		ct_buf_adds(b, "\xe2\x80\xa6");
	}
}

/* " <label><value>" only when value is known. */
static void
sum_opt(struct ct_buf *b, const char *label, const char *v)
{
	if (!v || !*v)
		return;
	ct_buf_adds(b, label);
	sum_add(b, v);
}

static void
sum_generic(struct evtx_emit *em, const struct evtx_event *ev)
{
	struct ct_buf *b = &em->summary;
	const char *p = ct_evtx_ev_str(ev, ev->provider);
	size_t i;

	sum_add(b, p ? p : "event");
	ct_buf_addch(b, ' ');
	ct_buf_add_i64(b, ev->event_id == CT_NULL_INT ? 0 : ev->event_id);
	for (i = 0; i < ev->nfields && b->len < SUMMARY_MAX; i++) {
		const struct evtx_field *f = &ev->fields[i];

		if (f->val_len == 0)
			continue;
		ct_buf_adds(b, i ? ", " : ": ");
		sum_add(b, ev->arena.buf + f->name);
		ct_buf_addch(b, '=');
		sum_add(b, ev->arena.buf + f->val);
	}
}

/* The first line of a script, for the message. */
static void
sum_first_line(struct ct_buf *b, const char *s)
{
	size_t n = 0;

	if (!s)
		return;
	while (s[n] == ' ' || s[n] == '\t' || s[n] == '\r' || s[n] == '\n')
		s++;
	while (s[n] && s[n] != '\r' && s[n] != '\n')
		n++;
	{
		char *line = ct_xstrndup(s, n);

		sum_add(b, line);
		free(line);
	}
}

void
ct_evtx_emit(struct evtx_emit *em, struct ct_batch *b,
    const struct evtx_event *ev, int64_t offset, unsigned flags)
{
	struct ct_evtx_row r;
	struct ct_record_row rec;
	struct ct_buf *s = &em->summary;
	enum prov p = provider_kind(ev);
	int64_t id = ev->event_id;
	long user = -1, url = -1;
	char loc[40];

	memset(&r, 0, sizeof(r));
	ct_buf_reset(&em->tmp);
	ct_buf_reset(s);
	ct_evtx_build_json(em, ev);

	r.record_number = ev->record_number;
	r.written = ev->written;
	r.created = ev->created;
	r.event_id = ev->event_id == CT_NULL_INT ? 0 : ev->event_id;
	r.qualifiers = ev->qualifiers;
	r.version = ev->version;
	r.level = ev->level;
	r.task = ev->task;
	r.opcode = ev->opcode;
	r.keywords = ct_evtx_ev_str(ev, ev->keywords);
	r.provider = ct_evtx_ev_str(ev, ev->provider);
	if (!r.provider)
		r.provider = ct_evtx_ev_str(ev, ev->event_source);
	r.provider_guid = ct_evtx_ev_str(ev, ev->provider_guid);
	r.channel = ct_evtx_ev_str(ev, ev->channel);
	r.computer = ct_evtx_ev_str(ev, ev->computer);
	r.user_sid = ct_evtx_ev_str(ev, ev->user_sid);
	r.pid = ev->pid;
	r.tid = ev->tid;
	r.data = em->json.buf;
	r.process_id = r.parent_process_id = CT_NULL_INT;
	r.src_port = r.dst_port = CT_NULL_INT;

	/*
	 * Grow em->tmp before taking offsets into it, so pointers computed
	 * after all appends stay valid: we store offsets and resolve last.
	 */
	switch (p) {
	case P_SYSMON:
		r.image = fldne(em, ev, "Image");
		r.process_id = int_of(fldne(em, ev, "ProcessId"));
		r.process_guid = fldne(em, ev, "ProcessGuid");
		r.hashes = fldne(em, ev, "Hashes");
		if (!r.hashes && id == 15)
			r.hashes = fldne(em, ev, "Hash");
		r.target_file = fldne(em, ev, "TargetFilename");
		r.user_name = fldne(em, ev, "User");
		if (id == 1) {
			r.command_line = fldne(em, ev, "CommandLine");
			r.parent_image = fldne(em, ev, "ParentImage");
			r.parent_command_line = fldne(em, ev,
			    "ParentCommandLine");
			r.parent_process_id = int_of(fldne(em, ev,
			    "ParentProcessId"));
			r.parent_process_guid = fldne(em, ev,
			    "ParentProcessGuid");
		}
		if (id == 3) {
			r.src_ip = fldne(em, ev, "SourceIp");
			r.src_port = int_of(fldne(em, ev, "SourcePort"));
			r.dst_ip = fldne(em, ev, "DestinationIp");
			r.dst_port = int_of(fldne(em, ev, "DestinationPort"));
			r.dst_host = fldne(em, ev, "DestinationHostname");
		}
		if (id == 22)
			r.dns_query = fldne(em, ev, "QueryName");
		if (id == 15)
			url = zone_url(em, fld(em, ev, "Contents"));
		break;
	case P_SECURITY:
		if (id == 4688) {
			r.image = fldne(em, ev, "NewProcessName");
			r.command_line = fldne(em, ev, "CommandLine");
			r.process_id = int_of(fldne(em, ev, "NewProcessId"));
			r.parent_image = fldne(em, ev, "ParentProcessName");
			r.parent_process_id = int_of(fldne(em, ev,
			    "ProcessId"));
			user = domain_user(em, fldne(em, ev,
			    "SubjectDomainName"), fldne(em, ev,
			    "SubjectUserName"));
		} else if (id == 4689) {
			r.image = fldne(em, ev, "ProcessName");
			r.process_id = int_of(fldne(em, ev, "ProcessId"));
			user = domain_user(em, fldne(em, ev,
			    "SubjectDomainName"), fldne(em, ev,
			    "SubjectUserName"));
		} else if (id == 4624 || id == 4625 || id == 4634 ||
		    id == 4647 || id == 4648) {
			user = domain_user(em, fldne(em, ev,
			    "TargetDomainName"), fldne(em, ev,
			    "TargetUserName"));
			r.src_ip = fldne(em, ev, "IpAddress");
			r.src_port = int_of(fldne(em, ev, "IpPort"));
			r.image = fldne(em, ev, "ProcessName");
		} else if (id == 5156 || id == 5157 || id == 5158) {
			r.image = fldne(em, ev, "Application");
			r.process_id = int_of(fldne(em, ev, "ProcessID"));
			r.src_ip = fldne(em, ev, "SourceAddress");
			r.src_port = int_of(fldne(em, ev, "SourcePort"));
			r.dst_ip = fldne(em, ev, "DestAddress");
			r.dst_port = int_of(fldne(em, ev, "DestPort"));
		}
		break;
	case P_EVENTLOG:
		if (id == 1102)
			user = domain_user(em, fldne(em, ev,
			    "SubjectDomainName"), fldne(em, ev,
			    "SubjectUserName"));
		break;
	case P_PSCLASSIC:
		r.host_application = fldne(em, ev, "HostApplication");
		r.command_line = r.host_application;
		if (id == 800)
			r.script_text = fldne(em, ev, "CommandLine");
		break;
	case P_PSOP:
		if (id == 4104) {
			r.script_text = fld(em, ev, "ScriptBlockText");
			r.script_block_id = fldne(em, ev, "ScriptBlockId");
		} else if (id == 4103) {
			r.script_text = fldne(em, ev, "Payload");
			r.host_application = fldne(em, ev, "HostApplication");
			r.command_line = r.host_application;
			r.user_name = fldne(em, ev, "User");
		}
		break;
	case P_BITS:
		if (id == 3)
			r.image = fldne(em, ev, "processPath");
		if (id == 59 || id == 60 || id == 61)
			r.url = fldne(em, ev, "url");
		break;
	case P_SCM:
		if (id == 7045)
			r.image = fldne(em, ev, "ImagePath");
		break;
	case P_DEFENDER:
		if (id == 1116 || id == 1117) {
			r.image = fldne(em, ev, "Process Name");
			r.target_file = fldne(em, ev, "Path");
			r.user_name = fldne(em, ev, "Detection User");
		}
		break;
	case P_TASK:
	case P_OTHER:
		break;
	}
	if (user >= 0)
		r.user_name = em->tmp.buf + user;
	if (url >= 0)
		r.url = em->tmp.buf + url;

	/* The one-line message. */
	switch (p == P_OTHER ? -1 : (int)id) {
	case 1:
		if (p != P_SYSMON)
			goto generic;
		ct_buf_adds(s, "Process created: ");
		sum_add(s, r.command_line ? r.command_line : r.image);
		sum_opt(s, " by ", base_name(r.parent_image));
		break;
	case 3:
		if (p == P_SYSMON) {
			ct_buf_adds(s, "Network connection: ");
			sum_add(s, base_name(r.image));
			sum_opt(s, " ", r.src_ip);
			sum_opt(s, ":", fldne(em, ev, "SourcePort"));
			sum_opt(s, " -> ", r.dst_ip);
			sum_opt(s, ":", fldne(em, ev, "DestinationPort"));
			if (r.dst_host) {
				ct_buf_adds(s, " (");
				sum_add(s, r.dst_host);
				ct_buf_addch(s, ')');
			}
		} else if (p == P_BITS) {
			ct_buf_adds(s, "BITS job created: ");
			sum_add(s, fldne(em, ev, "jobTitle"));
			sum_opt(s, " by ", r.image);
		} else {
			goto generic;
		}
		break;
	case 5:
		if (p != P_SYSMON)
			goto generic;
		ct_buf_adds(s, "Process terminated: ");
		sum_add(s, r.image);
		break;
	case 11: case 15: case 23: case 26:
		if (p != P_SYSMON)
			goto generic;
		ct_buf_adds(s, id == 11 ? "File created: " : id == 15 ?
		    "File stream created: " : id == 23 ?
		    "File deleted (archived): " : "File deleted: ");
		sum_add(s, r.target_file);
		sum_opt(s, " by ", base_name(r.image));
		sum_opt(s, " from ", r.url);
		break;
	case 22:
		if (p != P_SYSMON)
			goto generic;
		ct_buf_adds(s, "DNS query: ");
		sum_add(s, r.dns_query);
		sum_opt(s, " by ", base_name(r.image));
		sum_opt(s, " -> ", fldne(em, ev, "QueryResults"));
		break;
	case 4688:
		if (p != P_SECURITY)
			goto generic;
		ct_buf_adds(s, "Process created: ");
		sum_add(s, r.command_line ? r.command_line : r.image);
		sum_opt(s, " by ", base_name(r.parent_image));
		sum_opt(s, " as ", r.user_name);
		break;
	case 4689:
		if (p != P_SECURITY)
			goto generic;
		ct_buf_adds(s, "Process exited: ");
		sum_add(s, r.image);
		sum_opt(s, " as ", r.user_name);
		break;
	case 4624: case 4625: case 4634:
		if (p != P_SECURITY)
			goto generic;
		ct_buf_adds(s, id == 4624 ? "Logon" : id == 4625 ?
		    "Logon failed" : "Logoff");
		sum_opt(s, " type ", fldne(em, ev, "LogonType"));
		sum_opt(s, ": ", r.user_name);
		sum_opt(s, " from ", r.src_ip);
		break;
	case 5156:
		if (p != P_SECURITY)
			goto generic;
		ct_buf_adds(s, "Connection allowed: ");
		sum_add(s, base_name(r.image));
		sum_opt(s, " ", r.src_ip);
		sum_opt(s, ":", fldne(em, ev, "SourcePort"));
		sum_opt(s, " -> ", r.dst_ip);
		sum_opt(s, ":", fldne(em, ev, "DestPort"));
		break;
	case 1102:
		if (p != P_EVENTLOG)
			goto generic;
		ct_buf_adds(s, "Security log cleared");
		sum_opt(s, " by ", r.user_name);
		break;
	case 400: case 403: case 600: case 800:
		if (p != P_PSCLASSIC)
			goto generic;
		ct_buf_adds(s, id == 400 ? "PowerShell engine started" :
		    id == 403 ? "PowerShell engine stopped" : id == 600 ?
		    "PowerShell provider started" :
		    "PowerShell pipeline executed");
		if (id == 600)
			sum_opt(s, ": ", fldne(em, ev, "ProviderName"));
		sum_opt(s, ": ", r.host_application);
		break;
	case 4103:
		if (p != P_PSOP)
			goto generic;
		ct_buf_adds(s, "PowerShell command: ");
		sum_first_line(s, r.script_text);
		sum_opt(s, " in ", r.host_application);
		break;
	case 4104:
		if (p != P_PSOP)
			goto generic;
		ct_buf_adds(s, "PowerShell script block");
		if (fldne(em, ev, "MessageTotal") &&
		    strcmp(fld(em, ev, "MessageTotal"), "1") != 0) {
			sum_opt(s, " part ", fldne(em, ev, "MessageNumber"));
			sum_opt(s, " of ", fldne(em, ev, "MessageTotal"));
		}
		ct_buf_adds(s, ": ");
		sum_first_line(s, r.script_text);
		break;
	case 59: case 60: case 61:
		if (p != P_BITS)
			goto generic;
		ct_buf_adds(s, id == 59 ? "BITS transfer started: " : id == 60 ?
		    "BITS transfer stopped: " : "BITS transfer failed: ");
		sum_add(s, r.url ? r.url : fldne(em, ev, "name"));
		break;
	case 100: case 102: case 106: case 110: case 129: case 200: case 201:
		if (p != P_TASK)
			goto generic;
		ct_buf_adds(s, id == 100 ? "Task started: " : id == 102 ?
		    "Task completed: " : id == 106 ? "Task registered: " :
		    id == 110 ? "Task triggered by user: " : id == 129 ?
		    "Task process created: " : id == 200 ?
		    "Task action started: " : "Task action completed: ");
		sum_add(s, fldne(em, ev, "TaskName"));
		sum_opt(s, " ", fldne(em, ev, "ActionName"));
		sum_opt(s, " ", fldne(em, ev, "Path"));
		sum_opt(s, " by ", fldne(em, ev, "UserContext"));
		sum_opt(s, " by ", fldne(em, ev, "UserName"));
		break;
	case 1116: case 1117:
		if (p != P_DEFENDER)
			goto generic;
		ct_buf_adds(s, id == 1116 ? "Malware detected: " :
		    "Malware action taken: ");
		sum_add(s, fldne(em, ev, "Threat Name"));
		sum_opt(s, " in ", r.target_file);
		sum_opt(s, " action ", fldne(em, ev, "Action Name"));
		break;
	case 7045:
		if (p != P_SCM)
			goto generic;
		ct_buf_adds(s, "Service installed: ");
		sum_add(s, fldne(em, ev, "ServiceName"));
		sum_opt(s, " ", r.image);
		break;
	default:
	generic:
		sum_generic(em, ev);
		break;
	}

	memset(&rec, 0, sizeof(rec));
	rec.type = "evtx";
	snprintf(loc, sizeof(loc), "record %" PRId64, ev->record_number);
	rec.locator = loc;
	rec.offset = offset;
	rec.flags = flags | (ev->truncated ? CT_REC_DAMAGED : 0);
	rec.summary = s->buf;
	ct_batch_record(b, &rec);
	if (ev->created != CT_NULL_INT) {
		ct_batch_event(b, ev->created, "event created");
		/*
		 * The log service writes a record a few microseconds after the
		 * event: only a gap of a second or more (a forwarded or
		 * re-written record, a clock change) is a point of its own.
		 */
		if (ev->written != CT_NULL_INT && (ev->written - ev->created >=
		    CT_TICKS_PER_SEC || ev->created - ev->written >=
		    CT_TICKS_PER_SEC))
			ct_batch_event(b, ev->written, "record written");
	} else if (ev->written != CT_NULL_INT) {
		ct_batch_event(b, ev->written, "record written");
	}
	ct_batch_evtx(b, &r);
}
