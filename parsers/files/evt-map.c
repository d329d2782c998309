/*
 * evt-map.c - the numbered strings of Windows XP/2003 events that fill
 * normalised columns (see evt-map.h). The string numbers are those of the
 * events' message templates (Microsoft's descriptions of the Windows
 * Server 2003 security events; the Service Control Manager's messages):
 * 592 "A new process has been created: New Process ID: %1 Image File
 * Name: %2 Creator Process ID: %3 User Name: %4 Domain: %5 ...", 528
 * "Successful Logon: User Name: %1 Domain: %2 Logon ID: %3 Logon Type: %4
 * ... Source Network Address: %14 Source Port: %15", 529-537 and 539
 * "Logon Failure: ... User Name: %1 Domain: %2 Logon Type: %3 ... Source
 * Network Address: %12 Source Port: %13", 601 "Attempt to install
 * service: Service Name: %1 Service File Name: %2 ...", 7034-7036 and
 * 7040 "The %1 service ...".
 */
#include "compat.h"

#include <errno.h>
#include <stddef.h>
#include <stdlib.h>
#include <strings.h>

#include "casedb.h"	/* CT_NULL_INT */
#include "evt-map.h"

/* A text column or an integer column of the row, by its offset. */
#define TEXT(col)	0, offsetof(struct ct_evtx_row, col)
#define INT(col)	1, offsetof(struct ct_evtx_row, col)
#define USER		2, offsetof(struct ct_evtx_row, user_name)

static const struct evt_field {
	const char *provider;
	int lo, hi;		/* event IDs */
	int kind;		/* 0 text, 1 integer, 2 DOMAIN\user */
	size_t off;		/* of the column in struct ct_evtx_row */
	int str;		/* %N */
	int domain;		/* USER: the %N of the domain, 0 none */
} fields[] = {
	{ "Security", 592, 592, INT(process_id), 1, 0 },
	{ "Security", 592, 592, TEXT(image), 2, 0 },
	{ "Security", 592, 592, INT(parent_process_id), 3, 0 },
	{ "Security", 592, 592, USER, 4, 5 },
	{ "Security", 593, 593, INT(process_id), 1, 0 },
	{ "Security", 593, 593, TEXT(image), 2, 0 },
	{ "Security", 593, 593, USER, 3, 4 },
	{ "Security", 528, 528, USER, 1, 2 },
	{ "Security", 528, 528, INT(logon_type), 4, 0 },
	{ "Security", 528, 528, TEXT(src_ip), 14, 0 },
	{ "Security", 528, 528, INT(src_port), 15, 0 },
	{ "Security", 540, 540, USER, 1, 2 },
	{ "Security", 540, 540, INT(logon_type), 4, 0 },
	{ "Security", 540, 540, TEXT(src_ip), 14, 0 },
	{ "Security", 540, 540, INT(src_port), 15, 0 },
	{ "Security", 529, 537, USER, 1, 2 },
	{ "Security", 529, 537, INT(logon_type), 3, 0 },
	{ "Security", 529, 537, TEXT(src_ip), 12, 0 },
	{ "Security", 529, 537, INT(src_port), 13, 0 },
	{ "Security", 539, 539, USER, 1, 2 },
	{ "Security", 539, 539, INT(logon_type), 3, 0 },
	{ "Security", 539, 539, TEXT(src_ip), 12, 0 },
	{ "Security", 539, 539, INT(src_port), 13, 0 },
	{ "Security", 601, 601, TEXT(service_name), 1, 0 },
	{ "Security", 601, 601, TEXT(image), 2, 0 },
	{ "Service Control Manager", 7034, 7036, TEXT(service_name), 1, 0 },
	{ "Service Control Manager", 7040, 7040, TEXT(service_name), 1, 0 },
};

static const char *
present(const char *const *strs, size_t n, int k)
{
	const char *s;

	if (k < 1 || (size_t)k > n || (s = strs[k - 1]) == NULL)
		return NULL;
	return *s == '\0' || strcmp(s, "-") == 0 ? NULL : s;
}

/* A decimal or 0x-hex integer (XP writes PIDs both ways), else CT_NULL_INT. */
static int64_t
number(const char *s)
{
	char *end;
	long long v;

	if (s == NULL)
		return CT_NULL_INT;
	errno = 0;
	v = strtoll(s, &end, 0);
	return errno || end == s || *end != '\0' || v < 0 ? CT_NULL_INT : v;
}

int
ct_evt_map_row(const char *provider, int64_t event_id,
    const char *const *strs, size_t n, struct ct_buf *scratch,
    struct ct_evtx_row *row)
{
	size_t i, set = 0;

	ct_buf_reset(scratch);
	if (provider == NULL)
		return 0;
	for (i = 0; i < CT_ARRAY_SIZE(fields); i++) {
		const struct evt_field *f = &fields[i];
		const char *v;

		if (event_id < f->lo || event_id > f->hi ||
		    strcasecmp(provider, f->provider) != 0 ||
		    (v = present(strs, n, f->str)) == NULL)
			continue;
		if (f->kind == 0) {
			*(const char **)((char *)row + f->off) = v;
		} else if (f->kind == 1) {
			*(int64_t *)((char *)row + f->off) = number(v);
		} else {
			const char *d = present(strs, n, f->domain);

			/* one join per record: the scratch holds it */
			if (d) {
				ct_buf_adds(scratch, d);
				ct_buf_addch(scratch, '\\');
			}
			ct_buf_adds(scratch, v);
			row->user_name = scratch->buf;
		}
		set++;
	}
	return (int)set;
}
