/*
 * ioc-form.h - what an indicator of compromise is once it is in the case
 * file: its class and its canonical form.
 *
 * The indicator readers (parsers/ioc) store each valid indicator with a
 * MISP type name (indicator.type) and a canonical value
 * (indicator.normalized: lower-case hashes, refanged and normalised
 * addresses, URLs and names). Matching (analysis/ioc-match.c) reads them
 * back. Both meet here, below them, so that neither includes the other:
 * the class of a stored type comes from one table, and the matching key of
 * a canonical URL from one function.
 */
#ifndef CT_IOC_FORM_H
#define CT_IOC_FORM_H

#include "compat.h"

/*
 * Deepest AND/OR nesting of an indicator group (STIX parentheses, OpenIOC
 * Indicator trees): the readers stop there, so indicator_group.logic never
 * nests deeper.
 */
#define CT_IOC_MAX_DEPTH	64

/* Classes of indicator types: what matching looks at. */
enum ct_ioc_class {
	CT_IOC_NONE = 0,	/* not matched (rejected or context only) */
	CT_IOC_MD5, CT_IOC_SHA1, CT_IOC_SHA256, CT_IOC_SHA512, CT_IOC_IMPHASH,
	CT_IOC_IP,		/* address or CIDR range */
	CT_IOC_IP_PORT,		/* address|port */
	CT_IOC_DOMAIN,		/* domain and its subdomains */
	CT_IOC_URL,
	CT_IOC_URI,		/* path of a URL */
	CT_IOC_FILENAME,
};

/*
 * The class of a MISP type name as stored in indicator.type ("md5",
 * "ip-dst", "hostname"...), or CT_IOC_NONE for a type casetrail does not
 * match.
 */
enum ct_ioc_class ct_ioc_class_of(const char *type);

/*
 * The key matching uses for a canonical URL: host[:port]/path[?query], or
 * NULL if it has no host. Returns a pointer into url.
 */
const char *ct_ioc_url_key(const char *url);

#endif
