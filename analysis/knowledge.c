/*
 * knowledge.c - the updater knowledge file: which images are software
 * updaters, by file name or path glob (see knowledge.h).
 */
#include "compat.h"

#include <errno.h>
#include <fnmatch.h>

#include "knowledge.h"
#include "paths.h"
#include "xalloc.h"

#include "an-updaters-txt.h"

static enum ct_status
parse_knowledge(struct an_knowledge *k, const char *text, const char *name,
    struct ct_error *err)
{
	const char *p = text;
	int line = 0;

	while (*p) {
		const char *e = strchr(p, '\n'), *q, *kw, *pat, *lab;
		size_t n = e ? (size_t)(e - p) : strlen(p), kwn, patn, labn;
		char *l = ct_xstrndup(p, n);

		line++;
		p += n + (e != NULL);
		for (q = l; *q == ' ' || *q == '\t'; q++)
			;
		if (*q == '#' || *q == '\0' || *q == '\r') {
			free(l);
			continue;
		}
		kw = q;
		while (*q && *q != ' ' && *q != '\t')
			q++;
		kwn = (size_t)(q - kw);
		while (*q == ' ' || *q == '\t')
			q++;
		pat = q;
		while (*q && *q != ' ' && *q != '\t' && *q != '\r')
			q++;
		patn = (size_t)(q - pat);
		while (*q == ' ' || *q == '\t')
			q++;
		lab = q;
		labn = strcspn(lab, "\r");
		if (patn == 0 || !((kwn == 4 && strncmp(kw, "name", 4) == 0) ||
		    (kwn == 4 && strncmp(kw, "path", 4) == 0))) {
			free(l);
			return ct_error_set(err, CT_ERR_FORMAT, name,
			    CT_NO_OFFSET, "line %d: expected 'name FILE LABEL' "
			    "or 'path GLOB LABEL'", line);
		}
		k->upd = ct_xreallocarray(k->upd, k->nupd + 1, sizeof(*k->upd));
		{
			struct an_updater_pattern *u = &k->upd[k->nupd++];
			struct ct_buf b = CT_BUF_INIT;
			char *raw = ct_xstrndup(pat, patn);

			u->is_path = kw[0] == 'p';
			if (u->is_path)
				an_normpath(&b, raw);
			else
				an_basename(&b, raw);
			free(raw);
			u->pattern = ct_buf_detach(&b, NULL);
			u->literal = strpbrk(u->pattern, "*?[\\") == NULL;
			u->label = labn ? ct_xstrndup(lab, labn) :
			    ct_xstrdup("software updater");
		}
		free(l);
	}
	return CT_OK;
}

enum ct_status
an_knowledge_load(struct an_knowledge *k, const char *path,
    struct ct_error *err)
{
	FILE *fp;
	struct ct_buf b = CT_BUF_INIT;
	char chunk[4096];
	size_t n;
	enum ct_status rc;

	if (path == NULL)
		return parse_knowledge(k, ct_updaters_txt,
		    "built-in updaters.txt", err);
	if ((fp = fopen(path, "r")) == NULL)
		return ct_error_set(err, CT_ERR_IO, path, CT_NO_OFFSET,
		    "cannot open the updater knowledge file: %s", strerror(errno));
	ct_buf_init(&b, 4 * 1024 * 1024);
	while ((n = fread(chunk, 1, sizeof(chunk), fp)) > 0)
		ct_buf_add(&b, chunk, n);
	fclose(fp);
	if (b.truncated) {
		ct_buf_release(&b);
		return ct_error_set(err, CT_ERR_FORMAT, path, CT_NO_OFFSET,
		    "updater knowledge file larger than 4 MiB");
	}
	rc = parse_knowledge(k, b.buf, path, err);
	ct_buf_release(&b);
	return rc;
}

void
an_knowledge_release(struct an_knowledge *k)
{
	size_t i;

	for (i = 0; i < k->nupd; i++) {
		free(k->upd[i].pattern);
		free(k->upd[i].label);
	}
	free(k->upd);
	k->upd = NULL;
	k->nupd = 0;
}

const char *
an_knowledge_updater(const struct an_knowledge *k, const char *image)
{
	struct ct_buf np = CT_BUF_INIT, bn = CT_BUF_INIT;
	const char *label = NULL;
	size_t i;

	if (image == NULL || *image == '\0')
		return NULL;
	an_normpath(&np, image);
	an_basename(&bn, image);
	for (i = 0; i < k->nupd && !label; i++) {
		const struct an_updater_pattern *u = &k->upd[i];

		const char *subject = u->is_path ? np.buf : bn.buf;

		/* Most entries are plain names: strcmp is far cheaper than fnmatch. */
		if (u->literal ? strcmp(u->pattern, subject) == 0 :
		    fnmatch(u->pattern, subject, u->is_path ? FNM_PATHNAME : 0) == 0)
			label = u->label;
	}
	ct_buf_release(&np);
	ct_buf_release(&bn);
	return label;
}

int
an_looks_like_updater(const char *image)
{
	struct ct_buf np = CT_BUF_INIT, bn = CT_BUF_INIT;
	int r;

	an_normpath(&np, image);
	an_basename(&bn, image);
	r = np.len && strncmp(np.buf, "/program files", 14) == 0 &&
	    (strstr(bn.buf, "update") || strstr(bn.buf, "upd"));
	ct_buf_release(&np);
	ct_buf_release(&bn);
	return r;
}
