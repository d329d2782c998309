/*
 * dec-userassist.c - UserAssist: the programs and shortcuts a user
 * started from Explorer, with run counts and the last run.
 *
 * NTUSER Software\Microsoft\Windows\CurrentVersion\Explorer\UserAssist\
 * {GUID}\Count: value names are ROT13 of the program (Windows 7 and later
 * begin with a known-folder GUID, shown here as the folder's variable),
 * data 16 bytes (XP: session, count + 5, last run) or 72 bytes (7 and
 * later: run count at 4, focus count at 8, focus time in ms at 12, last
 * run at 60). One artefact per value: count the run count, executed 1
 * when it ran, time the last run.
 */
#include "compat.h"

#include <strings.h>

#include "artefact.h"
#include "bytes.h"
#include "casedb.h"
#include "dec-util.h"
#include "decoders.h"
#include "xalloc.h"

#define XP_SIZE		16
#define WIN7_SIZE	72
#define XP_COUNT_BIAS	5	/* XP stores the run count plus 5 */

/* Known folders (KNOWNFOLDERID, shlobj) as the variables analysts read. */
static const struct { const char *guid, *folder; } known_folders[] = {
	{ "{7C5A40EF-A0FB-4BFC-874A-C0F2E0B9FA8E}", "%PROGRAMFILES(X86)%" },
	{ "{6D809377-6AF0-444B-8957-A3773F02200E}", "%PROGRAMFILES%" },
	{ "{905E63B6-C1BF-494E-B29C-65B732D3D21A}", "%PROGRAMFILES%" },
	{ "{1AC14E77-02E7-4E5D-B744-2EB1AE5198B7}", "%SYSTEMROOT%\\System32" },
	{ "{D65231B0-B2F1-4857-A4CE-A8E7C6EA7D27}", "%SYSTEMROOT%\\SysWOW64" },
	{ "{F38BF404-1D43-42F2-9305-67DE0B28FC23}", "%SYSTEMROOT%" },
	{ "{0139D44E-6AFE-49F2-8690-3DAFCAE6FFB8}",
	  "%PROGRAMDATA%\\Microsoft\\Windows\\Start Menu\\Programs" },
	{ "{A77F5D77-2E2B-44C3-A6A2-ABA601054A51}",
	  "%APPDATA%\\Microsoft\\Windows\\Start Menu\\Programs" },
	{ "{9E3995AB-1F9C-4F13-B827-48B24B6C7174}", "%APPDATA%\\Microsoft\\"
	  "Internet Explorer\\Quick Launch\\User Pinned" },
	{ "{F1B32785-6FBA-4FCF-9D55-7B8E7F157091}", "%LOCALAPPDATA%" },
	{ "{3EB685DB-65F9-4CF6-A03A-E3EF65729F3D}", "%APPDATA%" },
	{ "{62AB5D82-FDC1-4DC3-A9DD-070D1D495D97}", "%PROGRAMDATA%" },
	{ "{5E6C858F-0E22-4760-9AFE-EA3317B67173}", "%USERPROFILE%" },
	{ "{B4BFCC3A-DB2C-424C-B029-7FE99A87C641}", "%USERPROFILE%\\Desktop" },
	{ "{FDD39AD0-238F-46AF-ADB4-6C85480369C7}",
	  "%USERPROFILE%\\Documents" },
	{ "{374DE290-123F-4565-9164-39C4925E467B}",
	  "%USERPROFILE%\\Downloads" },
};

/* What the UserAssist GUID folders hold (for data.folder). */
static const struct { const char *guid, *what; } ua_folders[] = {
	{ "{CEBFF5CD-ACE2-4F4F-9178-9926F41749EA}", "executables" },
	{ "{F4E57C4B-2036-45F0-A9AB-443BCFE33D9F}", "shortcuts" },
	{ "{75048700-EF1F-11D0-9888-006097DEACF9}", "active desktop (XP)" },
	{ "{5E6AB780-7743-11CF-A12B-00AA004AE837}", "internet toolbar (XP)" },
};

/* name with a leading known-folder GUID replaced by its variable. */
static void
expand_folder(const char *name, struct ct_buf *out)
{
	size_t i, n;

	for (i = 0; i < CT_ARRAY_SIZE(known_folders); i++) {
		n = strlen(known_folders[i].guid);
		if (strncasecmp(name, known_folders[i].guid, n) == 0) {
			ct_buf_adds(out, known_folders[i].folder);
			ct_buf_adds(out, name + n);
			return;
		}
	}
	ct_buf_adds(out, name);
}

void
ct_dec_userassist(const struct ct_reg_key_view *k, struct ct_batch *b)
{
	char guid[64];
	const char *what = NULL;
	size_t i, depth = ct_dec_depth(k);

	if (depth < 2 || strcasecmp(ct_dec_key_name(k), "Count") != 0)
		return;
	ct_dec_component(k, depth - 2, guid, sizeof(guid));
	for (i = 0; i < CT_ARRAY_SIZE(ua_folders); i++)
		if (strcasecmp(guid, ua_folders[i].guid) == 0)
			what = ua_folders[i].what;
	for (i = 0; i < k->nvalues; i++) {
		const struct ct_reg_value_view *v = &k->values[i];
		struct ct_artefact_row a;
		struct ct_buf path = CT_BUF_INIT, sum = CT_BUF_INIT;
		struct ct_dec_json j = CT_DEC_JSON_INIT;
		char *name;
		int64_t count = CT_NULL_INT, t = 0;

		/*
		 * UEME_CTLSESSION: session bookkeeping, not a program; real
		 * hives store its name in ROT13 like the others, the
		 * reference corpus's generator in clear: skip both.
		 */
		if (strcmp(v->name, "HRZR_PGYFRFFVBA") == 0 ||
		    strcmp(v->name, "UEME_CTLSESSION") == 0)
			continue;
		if (v->data == NULL || (v->size != XP_SIZE &&
		    v->size != WIN7_SIZE)) {
			if (v->size)
				ct_batch_warn(b, k->offset, "UserAssist value "
				    "of '%s': %zu bytes, neither 16 nor 72",
				    k->path, v->size);
			continue;
		}
		name = ct_xstrdup(v->name);
		ct_dec_rot13(name);
		expand_folder(name, &path);
		ct_artefact_row_init(&a, "userassist");
		a.path = path.buf;
		ct_dec_json_str(&j, "folder", what);
		ct_dec_json_str(&j, "guid", guid);
		if (v->size == WIN7_SIZE) {
			count = ct_le32(v->data + 4);
			t = (int64_t)ct_le64(v->data + 60);
			ct_dec_json_int(&j, "session", ct_le32(v->data));
			ct_dec_json_int(&j, "focus_count",
			    ct_le32(v->data + 8));
			ct_dec_json_int(&j, "focus_ms", ct_le32(v->data + 12));
		} else {
			count = ct_le32(v->data + 4);
			count = count >= XP_COUNT_BIAS ? count - XP_COUNT_BIAS :
			    count;
			t = (int64_t)ct_le64(v->data + 8);
			ct_dec_json_int(&j, "session", ct_le32(v->data));
		}
		a.count = count;
		a.executed = count > 0 || t > 0;
		if (t > 0)
			a.time = t;
		a.data = ct_dec_json_done(&j);
		ct_buf_addf(&sum, "UserAssist: %s ran %" PRId64 " time%s",
		    path.buf, count, count == 1 ? "" : "s");
		ct_reg_emit_artefact(b, k, &a, sum.buf,
		    "last run (UserAssist)");
		ct_dec_json_release(&j);
		ct_buf_release(&sum);
		ct_buf_release(&path);
		free(name);
	}
}
