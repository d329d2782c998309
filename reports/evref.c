/*
 * evref.c - a record named the way an examiner names it: the log file and
 * its record number, the MFT entry and sequence, the USN of $J, the
 * Prefetch file. The report shows these; the database id is only the
 * target of the link, because no tool but casetrail knows it.
 */
#include "compat.h"

#include "buf.h"
#include "report-int.h"

#define REF_MAX_TAIL	48	/* bytes of a long locator's last part shown */

static const char *
base_name(const char *path)
{
	const char *p, *base = path;

	for (p = path; *p; p++)
		if ((*p == '/' || *p == '\\') && p[1])
			base = p + 1;
	return base;
}

/* The last REF_MAX_TAIL bytes of s, starting on a UTF-8 lead byte. */
static void
add_tail(struct ct_buf *b, const char *s)
{
	size_t n = strlen(s), from = 0;

	if (n > REF_MAX_TAIL) {
		from = n - REF_MAX_TAIL;
		while (from < n && ((unsigned char)s[from] & 0xc0) == 0x80)
			from++;
		ct_buf_adds(b, "…");
	}
	ct_buf_adds(b, s + from);
}

void
rp_ref_label(struct ct_buf *b, const char *type, const char *locator,
    const char *source_path)
{
	const char *src = base_name(source_path ? source_path : "");

	type = type ? type : "";
	locator = locator ? locator : "";
	if (strcmp(type, "file") == 0) {
		/* "MFT 5312-1": the entry is the name; the path is the summary. */
		ct_buf_adds(b, locator);
	} else if (strcmp(type, "usn") == 0) {
		ct_buf_adds(b, "$J ");
		ct_buf_adds(b, locator);
	} else if (strcmp(type, "prefetch") == 0) {
		ct_buf_adds(b, base_name(*locator ? locator : src));
	} else if (strcmp(type, "artefact") == 0 ||
	    strcmp(type, "regkey") == 0) {
		/* a hive and the end of the key path: enough to find it */
		ct_buf_adds(b, src);
		ct_buf_adds(b, " ");
		add_tail(b, base_name(locator));
	} else {
		/*
		 * Event logs and the rest: "Security.evtx record 17264". The
		 * "Microsoft-Windows-" every channel log starts with says
		 * nothing; the appendix has the whole path.
		 */
		if (strncmp(src, "Microsoft-Windows-", 18) == 0 && src[18])
			src += 18;
		ct_buf_adds(b, src);
		if (*locator) {
			ct_buf_adds(b, " ");
			add_tail(b, locator);
		}
	}
}
