/*
 * ioc-openioc.c - OpenIOC 1.0 and 1.1 XML (parsed with expat).
 *
 * OpenIOC 1.1 (fireeye/OpenIOC_1.1 schemas/ioc.xsd): <OpenIOC id> holding
 * <metadata> (short_description, description, keywords, authored_by,
 * authored_date, links/link) and <criteria>; OpenIOC 1.0 (namespace
 * http://schemas.mandiant.com/2010/ioc): <ioc id> holding
 * short_description, description, authored_date, links and <definition>.
 * In both, <Indicator operator="AND|OR" id> nest, and <IndicatorItem
 * condition [negate]> holds <Context document search type/> and
 * <Content type>value</Content>. Namespace prefixes are ignored.
 *
 * Search terms matched (fireeye iocterms): FileItem/Md5sum, Sha1sum,
 * Sha256sum, FileName, FullPath; PortItem/remoteIP, localIP;
 * Network/DNS, DnsEntryItem/Host, DnsEntryItem/RecordName; Network/URI;
 * UrlHistoryItem/URL, Network/URL; ProcessItem/name. Only the "is"
 * condition without negate is matched; other terms and conditions become
 * rejected items (leaves that never hold), so the AND/OR tree keeps its
 * meaning and nothing is dropped silently.
 */
#include "compat.h"

#include <expat.h>
#include <strings.h>

#include "ioc-int.h"
#include "xalloc.h"

struct oi {
	struct ioc_doc *d;
	XML_Parser p;
	int root_seen;		/* 0 none yet, 1 OpenIOC/ioc, -1 other root */
	int depth;
	int stack[IOC_MAX_DEPTH];	/* open Indicator nodes */
	int nstack;
	int skipped;		/* Indicator levels beyond the limit */
	char *top_id;		/* id of the outermost Indicator */
	char *title;		/* short_description */
	/* the IndicatorItem being read */
	int in_item;
	int64_t item_line;
	char *condition, *search, *ctype;
	int negate;
	/* text of the element being read */
	struct ct_buf text;
	int collect;
	const char *collect_key;	/* context key, or NULL for Content */
};

static const char *
local(const char *name)
{
	const char *c = strrchr(name, ':');

	return c ? c + 1 : name;
}

static const char *
attr(const char **atts, const char *name)
{
	for (; atts && atts[0]; atts += 2)
		if (strcmp(local(atts[0]), name) == 0)
			return atts[1];
	return NULL;
}

static void
attach(struct oi *x, int node)
{
	if (node < 0)
		return;
	if (x->nstack > 0)
		ioc_doc_child(x->d, x->stack[x->nstack - 1], node);
}

static void XMLCALL
on_start(void *ud, const char *name, const char **atts)
{
	struct oi *x = ud;
	const char *n = local(name);

	x->depth++;
	if (x->root_seen == 0) {
		x->root_seen = (strcmp(n, "OpenIOC") == 0 ||
		    strcmp(n, "ioc") == 0) ? 1 : -1;
		if (x->root_seen < 0)
			XML_StopParser(x->p, XML_FALSE);
		return;
	}
	if (strcmp(n, "Indicator") == 0) {
		const char *op = attr(atts, "operator");
		int node;

		if (x->nstack >= IOC_MAX_DEPTH) {
			if (x->skipped++ == 0)
				ioc_doc_warn(x->d, (int64_t)
				    XML_GetCurrentLineNumber(x->p),
				    (int64_t)XML_GetCurrentByteIndex(x->p),
				    "line %lu: Indicator nested deeper than "
				    "%d levels: its items are read as "
				    "rejected", (unsigned long)
				    XML_GetCurrentLineNumber(x->p),
				    IOC_MAX_DEPTH);
			return;
		}
		node = ioc_doc_node(x->d, op && strcasecmp(op, "AND") == 0 ?
		    IOC_AND : IOC_OR, -1);
		if (node < 0)
			return;
		if (x->nstack == 0) {
			free(x->top_id);
			x->top_id = attr(atts, "id") ?
			    ct_xstrdup(attr(atts, "id")) : NULL;
		}
		attach(x, node);
		x->stack[x->nstack++] = node;
		return;
	}
	if (strcmp(n, "IndicatorItem") == 0) {
		const char *neg = attr(atts, "negate");
		const char *cond = attr(atts, "condition");

		x->in_item = 1;
		x->item_line = (int64_t)XML_GetCurrentLineNumber(x->p);
		free(x->condition);
		free(x->search);
		free(x->ctype);
		x->condition = ct_xstrdup(cond ? cond : "is");
		x->search = NULL;
		x->ctype = NULL;
		x->negate = neg && strcasecmp(neg, "true") == 0;
		ct_buf_reset(&x->text);
		return;
	}
	if (x->in_item && strcmp(n, "Context") == 0) {
		const char *s = attr(atts, "search");

		free(x->search);
		x->search = ct_xstrdup(s ? s : "");
		return;
	}
	if (x->in_item && strcmp(n, "Content") == 0) {
		const char *t = attr(atts, "type");

		free(x->ctype);
		x->ctype = ct_xstrdup(t ? t : "");
		ct_buf_reset(&x->text);
		x->collect = 1;
		x->collect_key = NULL;
		return;
	}
	if (!x->in_item && x->nstack == 0) {
		static const struct { const char *el, *key; } meta[] = {
			{ "short_description", "title" },
			{ "description", "text" },
			{ "authored_date", "date" },
			{ "keywords", "tag" },
			{ "link", "link" },
		};
		size_t i;

		for (i = 0; i < CT_ARRAY_SIZE(meta); i++)
			if (strcmp(n, meta[i].el) == 0) {
				ct_buf_reset(&x->text);
				x->collect = 1;
				x->collect_key = meta[i].key;
			}
	}
}

/* Search term -> MISP type ("" = infer), or NULL if not matched. */
static const char *
term_type(const char *search)
{
	static const struct { const char *term, *type; } map[] = {
		{ "FileItem/Md5sum", "md5" },
		{ "FileItem/Sha1sum", "sha1" },
		{ "FileItem/Sha256sum", "sha256" },
		{ "FileItem/FileName", "filename" },
		{ "FileItem/FullPath", "filename" },
		{ "ProcessItem/name", "filename" },
		{ "PortItem/remoteIP", "ip-dst" },
		{ "PortItem/localIP", "ip-src" },
		{ "Network/DNS", "domain" },
		{ "DnsEntryItem/Host", "domain" },
		{ "DnsEntryItem/RecordName", "domain" },
		{ "Network/URI", "uri" },
		{ "Network/URL", "url" },
		{ "UrlHistoryItem/URL", "url" },
		{ "RouteEntryItem/Destination", "ip-dst" },
	};
	size_t i;

	for (i = 0; i < CT_ARRAY_SIZE(map); i++)
		if (strcasecmp(search, map[i].term) == 0)
			return map[i].type;
	return NULL;
}

static void
end_item(struct oi *x)
{
	const char *search = x->search ? x->search : "";
	const char *type = term_type(search);
	int item;

	if (type == NULL)
		item = ioc_doc_reject(x->d, x->item_line, search, x->text.buf,
		    x->text.len, "unsupported OpenIOC search term '%s'",
		    *search ? search : "(none)");
	else if (x->negate || strcasecmp(x->condition, "is") != 0)
		item = ioc_doc_reject(x->d, x->item_line, type, x->text.buf,
		    x->text.len, "unsupported OpenIOC condition '%s%s' on %s "
		    "(only 'is' is matched)", x->negate ? "not " : "",
		    x->condition, search);
	else if (x->text.truncated)
		item = ioc_doc_reject(x->d, x->item_line, type, x->text.buf,
		    x->text.len, "value longer than %d bytes", IOC_MAX_VALUE);
	else
		item = ioc_doc_add(x->d, x->item_line, NULL, *type ? type :
		    NULL, x->text.buf, x->text.len, x->title, 1);
	if (item >= 0 && x->nstack > 0 && !x->skipped)
		attach(x, ioc_doc_node(x->d, IOC_LEAF, item));
	x->in_item = 0;
}

static void XMLCALL
on_end(void *ud, const char *name)
{
	struct oi *x = ud;
	const char *n = local(name);

	x->depth--;
	if (strcmp(n, "Indicator") == 0) {
		if (x->skipped) {
			x->skipped--;
			return;
		}
		if (x->nstack == 0)
			return;
		if (--x->nstack == 0)
			ioc_doc_group(x->d, (int64_t)
			    XML_GetCurrentLineNumber(x->p), x->top_id,
			    x->title, x->stack[0]);
		return;
	}
	if (strcmp(n, "IndicatorItem") == 0 && x->in_item) {
		end_item(x);
		return;
	}
	if (x->collect && (strcmp(n, "Content") == 0 || x->collect_key)) {
		x->collect = 0;
		if (x->collect_key) {
			ioc_doc_context(x->d, (int64_t)
			    XML_GetCurrentLineNumber(x->p), x->collect_key,
			    x->text.buf, x->text.len);
			if (strcmp(x->collect_key, "title") == 0 &&
			    !x->title)
				x->title = ct_xstrndup(x->text.buf,
				    x->text.len);
		}
	}
}

static void XMLCALL
on_text(void *ud, const char *s, int len)
{
	struct oi *x = ud;

	if (x->collect && len > 0)
		ct_buf_add(&x->text, s, (size_t)len);
}

/* No DTD games: an entity declaration stops the parse (billion laughs). */
static void XMLCALL
on_entity(void *ud, const XML_Char *name, int is_param,
    const XML_Char *value, int value_len, const XML_Char *base,
    const XML_Char *sys, const XML_Char *pub, const XML_Char *notation)
{
	struct oi *x = ud;

	(void)name, (void)is_param, (void)value, (void)value_len;
	(void)base, (void)sys, (void)pub, (void)notation;
	XML_StopParser(x->p, XML_FALSE);
	x->root_seen = x->root_seen == 0 ? -2 : x->root_seen;
	ioc_doc_warn(x->d, (int64_t)XML_GetCurrentLineNumber(x->p),
	    (int64_t)XML_GetCurrentByteIndex(x->p), "line %lu: entity "
	    "declarations are not accepted; reading stopped here",
	    (unsigned long)XML_GetCurrentLineNumber(x->p));
}

enum ct_status
ioc_read_openioc(const char *buf, size_t n, struct ioc_doc *d,
    struct ct_error *err)
{
	struct oi x;
	enum XML_Status st = XML_STATUS_OK;
	enum ct_status rc = CT_OK;
	size_t off = 0;

	d->format = "openioc";
	memset(&x, 0, sizeof(x));
	x.d = d;
	ct_buf_init(&x.text, IOC_MAX_VALUE + 1);
	x.p = XML_ParserCreate(NULL);
	if (!x.p) {
		ct_buf_release(&x.text);
		return ct_error_set(err, CT_ERR_INTERNAL, d->path,
		    CT_NO_OFFSET, "cannot create an XML parser");
	}
	XML_SetUserData(x.p, &x);
	XML_SetElementHandler(x.p, on_start, on_end);
	XML_SetCharacterDataHandler(x.p, on_text);
	XML_SetEntityDeclHandler(x.p, on_entity);
	/* expat takes int lengths: feed large files in pieces */
	do {
		size_t chunk = n - off > (1u << 30) ? (1u << 30) : n - off;

		st = XML_Parse(x.p, buf + off, (int)chunk,
		    off + chunk == n);
		off += chunk;
	} while (st == XML_STATUS_OK && off < n);
	if (x.root_seen == -1) {
		rc = ct_error_set(err, CT_ERR_FORMAT, d->path, CT_NO_OFFSET,
		    "XML, but not OpenIOC (root element is not <OpenIOC> or "
		    "<ioc>)");
	} else if (x.root_seen != 1) {
		rc = ct_error_set(err, CT_ERR_FORMAT, d->path,
		    (int64_t)XML_GetCurrentByteIndex(x.p), "not usable XML "
		    "(line %lu): %s",
		    (unsigned long)XML_GetCurrentLineNumber(x.p),
		    x.root_seen == -2 ? "entity declaration" :
		    XML_ErrorString(XML_GetErrorCode(x.p)));
	} else if (st == XML_STATUS_ERROR) {
		/* keep what was read before the damage */
		if (XML_GetErrorCode(x.p) != XML_ERROR_ABORTED)
			ioc_doc_warn(d, (int64_t)XML_GetCurrentLineNumber(x.p),
			    (int64_t)XML_GetCurrentByteIndex(x.p), "line %lu: "
			    "XML error, the rest of the file is not read: %s",
			    (unsigned long)XML_GetCurrentLineNumber(x.p),
			    XML_ErrorString(XML_GetErrorCode(x.p)));
		if (x.in_item)
			end_item(&x);
		if (x.nstack > 0)
			ioc_doc_group(d, (int64_t)XML_GetCurrentLineNumber(x.p),
			    x.top_id, x.title, x.stack[0]);
	}
	XML_ParserFree(x.p);
	free(x.top_id);
	free(x.title);
	free(x.condition);
	free(x.search);
	free(x.ctype);
	ct_buf_release(&x.text);
	return rc;
}
