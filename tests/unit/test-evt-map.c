/*
 * test-evt-map.c - the normalised columns of Windows XP/2003 (.evt)
 * records from their numbered strings (parsers/files/evt-map.c): process
 * creation, logons with their source address, services; a provider the
 * table does not know, and absent or "-" strings, fill nothing.
 */
#include "compat.h"

#include "casedb.h"
#include "evt-map.h"
#include "unit.h"

#define EVT_NULL_TEXT(n)	row.n = NULL;
#define EVT_NULL_INT(n)		row.n = CT_NULL_INT;
#define EVT_NULL(kind, name, dflt)	EVT_NULL_##kind(name)
#define CLEAR_ROW()	do { memset(&row, 0, sizeof(row)); \
	CT_EVTX_COLUMNS(EVT_NULL) } while (0)

UNIT_CASE(process_creation_592)
{
	struct ct_evtx_row row;
	struct ct_buf scratch = CT_BUF_INIT;
	const char *s[] = { "1234", "C:\\WINDOWS\\system32\\cmd.exe", "0x3f8",
	    "jdoe", "CORP", "(0x0,0x1A2B)" };

	CLEAR_ROW();
	CHECK_INT(ct_evt_map_row("Security", 592, s, 6, &scratch, &row), 4);
	CHECK_STR(row.image, "C:\\WINDOWS\\system32\\cmd.exe");
	CHECK_INT(row.process_id, 1234);
	CHECK_INT(row.parent_process_id, 1016);	/* XP writes some PIDs in hex */
	CHECK_STR(row.user_name, "CORP\\jdoe");
	ct_buf_release(&scratch);
}

UNIT_CASE(logons)
{
	struct ct_evtx_row row;
	struct ct_buf scratch = CT_BUF_INIT;
	const char *ok[] = { "admin", "CORP", "(0x0,0x1)", "10", "User32",
	    "Negotiate", "WS1", "{00}", "WS1$", "CORP", "(0x0,0x3E7)", "1234",
	    "-", "192.168.1.9", "3389" };
	const char *bad[] = { "admin", "CORP", "3", "NtLmSsp", "NTLM", "X",
	    "-", "-", "-", "-", "-", "10.0.0.66", "50249" };

	CLEAR_ROW();
	CHECK_INT(ct_evt_map_row("Security", 528, ok, 15, &scratch, &row), 4);
	CHECK_STR(row.user_name, "CORP\\admin");
	CHECK_INT(row.logon_type, 10);
	CHECK_STR(row.src_ip, "192.168.1.9");
	CHECK_INT(row.src_port, 3389);
	CLEAR_ROW();
	CHECK_INT(ct_evt_map_row("Security", 529, bad, 13, &scratch, &row), 4);
	CHECK_INT(row.logon_type, 3);
	CHECK_STR(row.src_ip, "10.0.0.66");
	/* fewer strings than the template: what is missing stays NULL */
	CLEAR_ROW();
	CHECK_INT(ct_evt_map_row("Security", 529, bad, 3, &scratch, &row), 2);
	CHECK(row.src_ip == NULL);
	CHECK_INT(row.src_port, CT_NULL_INT);
	ct_buf_release(&scratch);
}

UNIT_CASE(services_and_strangers)
{
	struct ct_evtx_row row;
	struct ct_buf scratch = CT_BUF_INIT;
	const char *svc[] = { "Windows Installer", "running" };
	const char *inst[] = { "evilsvc", "C:\\temp\\x.exe", "0x10", "2",
	    "LocalSystem" };
	const char *dash[] = { "-", "-", "-", "-", "-" };

	CLEAR_ROW();
	CHECK_INT(ct_evt_map_row("Service Control Manager", 7036, svc, 2,
	    &scratch, &row), 1);
	CHECK_STR(row.service_name, "Windows Installer");
	CLEAR_ROW();
	CHECK_INT(ct_evt_map_row("Security", 601, inst, 5, &scratch, &row), 2);
	CHECK_STR(row.image, "C:\\temp\\x.exe");
	CLEAR_ROW();
	CHECK_INT(ct_evt_map_row("Security", 592, dash, 5, &scratch, &row), 0);
	CHECK(row.image == NULL);
	CHECK_INT(ct_evt_map_row("LSASRV", 592, inst, 5, &scratch, &row), 0);
	CHECK_INT(ct_evt_map_row(NULL, 592, inst, 5, &scratch, &row), 0);
	ct_buf_release(&scratch);
}

static const struct unit_case cases[] = {
	{ "process_creation_592", process_creation_592 },
	{ "logons", logons },
	{ "services_and_strangers", services_and_strangers },
	{ NULL, NULL }
};

int
main(int argc, char **argv)
{
	return unit_run(cases, argc, argv);
}
