/*
 * ioc-form.c - the class of a stored indicator type and the matching key
 * of a canonical URL (see ioc-form.h).
 */
#include "compat.h"

#include "ioc-form.h"

/* MISP type names casetrail matches, and their class. */
static const struct {
	const char *type;
	enum ct_ioc_class cls;
} types[] = {
	{ "md5", CT_IOC_MD5 },
	{ "sha1", CT_IOC_SHA1 },
	{ "sha256", CT_IOC_SHA256 },
	{ "sha512", CT_IOC_SHA512 },
	{ "imphash", CT_IOC_IMPHASH },
	{ "ip-dst", CT_IOC_IP },
	{ "ip-src", CT_IOC_IP },
	{ "ip", CT_IOC_IP },
	{ "ip-dst|port", CT_IOC_IP_PORT },
	{ "ip-src|port", CT_IOC_IP_PORT },
	{ "domain", CT_IOC_DOMAIN },
	{ "hostname", CT_IOC_DOMAIN },
	{ "url", CT_IOC_URL },
	{ "link", CT_IOC_URL },
	{ "uri", CT_IOC_URI },
	{ "filename", CT_IOC_FILENAME },
};

enum ct_ioc_class
ct_ioc_class_of(const char *type)
{
	size_t i;

	for (i = 0; type && i < CT_ARRAY_SIZE(types); i++)
		if (strcmp(type, types[i].type) == 0)
			return types[i].cls;
	return CT_IOC_NONE;
}

const char *
ct_ioc_url_key(const char *url)
{
	const char *p = strstr(url, "://");

	if (!p || p[3] == '\0')
		return NULL;
	return p + 3;
}
