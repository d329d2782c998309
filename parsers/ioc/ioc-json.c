/*
 * ioc-json.c - indicators in JSON: MISP events and STIX 2.1 bundles
 * (parsed with jansson; the grammar-specific parts are here).
 *
 * MISP: the core format of MISP/misp-rfc (misp-core-format): {"Event":
 * {info, date, threat_level_id, Tag[], Attribute[], Object[].Attribute[]}},
 * also several events as a restSearch answer {"response": [{"Event":..}]}
 * or a plain array. Each attribute has type, category, value, comment and
 * to_ids, which is honoured: to_ids false keeps the attribute but matching
 * skips it.
 *
 * STIX 2.1: a bundle {"type": "bundle", "objects": [...]} (OASIS STIX 2.1
 * CS03 section 8), or a single object or an array of them. Indicator SDOs
 * (section 4.7) with pattern_type "stix" give their pattern to
 * ioc_stix_pattern(); report SDOs give context. JSON has no line numbers
 * here: the "line" of an item is its attribute or object number.
 */
#include "compat.h"

#include <jansson.h>
#include <strings.h>

#include "ioc-int.h"
#include "xalloc.h"

static const char *
str(json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);

	return json_is_string(v) ? json_string_value(v) : NULL;
}

/* A string member with its byte length (JSON strings may hold NUL). */
static const char *
strn(json_t *o, const char *key, size_t *n)
{
	json_t *v = json_object_get(o, key);

	if (!json_is_string(v))
		return NULL;
	*n = json_string_length(v);
	return json_string_value(v);
}

/* MISP writes to_ids as true/false, "1"/"0" or 1/0. */
static int
to_ids(json_t *a)
{
	json_t *v = json_object_get(a, "to_ids");

	if (json_is_boolean(v))
		return json_is_true(v);
	if (json_is_integer(v))
		return json_integer_value(v) != 0;
	if (json_is_string(v))
		return strcmp(json_string_value(v), "0") != 0 &&
		    strcasecmp(json_string_value(v), "false") != 0;
	return 1;
}

static json_t *
load(const char *buf, size_t n, struct ioc_doc *d, struct ct_error *err)
{
	json_error_t je;
	json_t *root;

	root = json_loadb(buf, n, JSON_REJECT_DUPLICATES | JSON_ALLOW_NUL,
	    &je);
	if (!root)
		ct_error_set(err, CT_ERR_FORMAT, d->path, je.position,
		    "not valid JSON (line %d, column %d): %s", je.line,
		    je.column, je.text);
	return root;
}

static void
misp_attribute(struct ioc_doc *d, json_t *a, int64_t no, const char *obj)
{
	const char *type = str(a, "type"), *value, *comment;
	const char *category = str(a, "category");
	size_t vlen = 0;
	char *c = NULL;

	value = strn(a, "value", &vlen);
	comment = str(a, "comment");
	if (!json_is_object(a)) {
		ioc_doc_warn(d, no, -1, "attribute %" PRId64 " is not a JSON "
		    "object", no);
		return;
	}
	if (!type || !value) {
		ioc_doc_reject(d, no, type, value ? value : "", value ? vlen :
		    0, "MISP attribute without %s", type ? "a string value" :
		    "a type");
		return;
	}
	if (obj)
		c = ct_xasprintf("%s%s(object %s)", comment ? comment : "",
		    comment && *comment ? " " : "", obj);
	if (strcmp(type, "link") == 0)
		ioc_doc_context(d, no, "link", value, vlen);
	else if (strcmp(type, "text") == 0 || strcmp(type, "comment") == 0 ||
	    strcmp(type, "other") == 0)
		ioc_doc_context(d, no, "text", value, vlen);
	else if (strcmp(type, "stix2-pattern") == 0) {
		int root;
		char *p = ct_xstrndup(value, vlen);

		root = ioc_stix_pattern(d, no, p, c ? c : comment);
		if (root >= 0 && d->nodes[root].op != IOC_LEAF)
			ioc_doc_group(d, no, str(a, "uuid"), c ? c : comment,
			    root);
		free(p);
	} else {
		int first = (int)d->nitems;
		size_t i;

		ioc_doc_add(d, no, category, type, value, vlen, c ? c :
		    comment, to_ids(a));
		/* to_ids applies to every part of a composite */
		for (i = (size_t)first; i < d->nitems; i++)
			d->items[i].to_ids = to_ids(a);
	}
	free(c);
}

static void
misp_event(struct ioc_doc *d, json_t *ev, int64_t *no)
{
	static const char *const levels[] = { "", "1 (High)", "2 (Medium)",
	    "3 (Low)", "4 (Undefined)" };
	json_t *arr, *v, *o;
	size_t i, j;
	const char *s;

	if ((s = str(ev, "info")))
		ioc_doc_context(d, 0, "title", s, strlen(s));
	if ((s = str(ev, "date")))
		ioc_doc_context(d, 0, "date", s, strlen(s));
	v = json_object_get(ev, "threat_level_id");
	if (json_is_string(v) || json_is_integer(v)) {
		long lv = json_is_string(v) ? strtol(json_string_value(v),
		    NULL, 10) : (long)json_integer_value(v);

		if (lv >= 1 && lv <= 4)
			ioc_doc_context(d, 0, "threat_level", levels[lv],
			    strlen(levels[lv]));
	}
	json_array_foreach(json_object_get(ev, "Tag"), i, v)
		if ((s = str(v, "name")))
			ioc_doc_context(d, 0, "tag", s, strlen(s));
	arr = json_object_get(ev, "Attribute");
	if (arr && !json_is_array(arr))
		ioc_doc_warn(d, 0, -1, "Event.Attribute is not an array");
	json_array_foreach(arr, i, v) {
		if (d->full)
			return;
		misp_attribute(d, v, ++*no, NULL);
	}
	json_array_foreach(json_object_get(ev, "Object"), j, o) {
		const char *name = str(o, "name");

		json_array_foreach(json_object_get(o, "Attribute"), i, v) {
			if (d->full)
				return;
			misp_attribute(d, v, ++*no, name ? name : "?");
		}
	}
}

enum ct_status
ioc_read_misp_json(const char *buf, size_t n, struct ioc_doc *d,
    struct ct_error *err)
{
	json_t *root, *list, *v;
	int64_t no = 0;
	size_t i, events = 0;

	d->format = "misp-json";
	if (!(root = load(buf, n, d, err)))
		return CT_ERR_FORMAT;
	list = json_is_array(root) ? root :
	    json_object_get(root, "response");
	if (json_is_object(root) && json_object_get(root, "Event")) {
		misp_event(d, json_object_get(root, "Event"), &no);
		events++;
	} else
		json_array_foreach(list, i, v) {
			json_t *ev = json_object_get(v, "Event");

			if (json_is_object(ev)) {
				misp_event(d, ev, &no);
				events++;
			}
		}
	json_decref(root);
	if (events == 0)
		return ct_error_set(err, CT_ERR_FORMAT, d->path, CT_NO_OFFSET,
		    "JSON without a MISP \"Event\" object");
	return CT_OK;
}

static void
stix_object(struct ioc_doc *d, json_t *o, int64_t no)
{
	const char *type = str(o, "type"), *s;

	if (!type)
		return;
	if (strcmp(type, "report") == 0) {
		if ((s = str(o, "name")))
			ioc_doc_context(d, no, "title", s, strlen(s));
		if ((s = str(o, "published")))
			ioc_doc_context(d, no, "date", s, strlen(s));
		if ((s = str(o, "description")))
			ioc_doc_context(d, no, "text", s, strlen(s));
		return;
	}
	if (strcmp(type, "indicator") != 0)
		return;
	{
		const char *pattern = str(o, "pattern");
		const char *ptype = str(o, "pattern_type");
		const char *name = str(o, "name"), *id = str(o, "id");
		int root;

		if (json_is_true(json_object_get(o, "revoked"))) {
			ioc_doc_reject(d, no, "stix2-pattern", pattern ?
			    pattern : "", pattern ? strlen(pattern) : 0,
			    "indicator %s is revoked", id ? id : "");
			return;
		}
		if (!pattern) {
			ioc_doc_reject(d, no, "stix2-pattern", "", 0,
			    "indicator %s has no pattern", id ? id : "");
			return;
		}
		if (ptype && strcmp(ptype, "stix") != 0) {
			ioc_doc_reject(d, no, ptype, pattern, strlen(pattern),
			    "unsupported pattern_type '%s' (only STIX "
			    "patterns are matched)", ptype);
			return;
		}
		root = ioc_stix_pattern(d, no, pattern, name ? name :
		    str(o, "description"));
		if (root >= 0 && d->nodes[root].op != IOC_LEAF)
			ioc_doc_group(d, no, id, name, root);
	}
}

enum ct_status
ioc_read_stix(const char *buf, size_t n, struct ioc_doc *d,
    struct ct_error *err)
{
	json_t *root, *objs, *v;
	size_t i;

	d->format = "stix2";
	if (!(root = load(buf, n, d, err)))
		return CT_ERR_FORMAT;
	if (json_is_array(root))
		objs = root;
	else if ((objs = json_object_get(root, "objects")) == NULL)
		objs = NULL;
	if (objs && json_is_array(objs)) {
		json_array_foreach(objs, i, v) {
			if (d->full)
				break;
			stix_object(d, v, (int64_t)i + 1);
		}
	} else if (json_is_object(root) && str(root, "type"))
		stix_object(d, root, 1);
	else {
		json_decref(root);
		return ct_error_set(err, CT_ERR_FORMAT, d->path, CT_NO_OFFSET,
		    "JSON is neither a STIX bundle nor a STIX object");
	}
	json_decref(root);
	return CT_OK;
}

/* memmem(3) is a GNU extension: a plain search instead. */
static int
contains(const char *buf, size_t n, const char *needle)
{
	size_t m = strlen(needle), i;

	for (i = 0; i + m <= n; i++)
		if (buf[i] == needle[0] && memcmp(buf + i, needle, m) == 0)
			return 1;
	return 0;
}

int
ioc_json_kind(const char *buf, size_t n)
{
	size_t lim = n < 65536 ? n : 65536;

	if (contains(buf, lim, "\"Event\""))
		return 1;
	if (contains(buf, lim, "\"spec_version\"") ||
	    contains(buf, lim, "\"bundle\"") ||
	    contains(buf, lim, "\"pattern\""))
		return 2;
	return 0;
}
