/*
 * sigma-set.c - a Sigma rule set (sigma.h): loading rule files and
 * folders, the load report, and ct_sigma_compile(), which builds the
 * index that sigma-match.c reads.
 *
 * Files: a file holds one YAML document or several. Sigma 1 rule
 * collections are handled as sigmac did: a document with "action: global"
 * is merged into the documents after it (maps merged key by key, other
 * values replaced), "action: reset" forgets it, "action: repeat" repeats
 * the previous rule with changes. Sigma 2 correlation rules ("correlation:"
 * event_count, value_count, temporal...) are not supported: each is
 * reported and skipped, and so are the rules of its file that it names
 * (they only feed the correlation unless "generate: true"), never silently.
 *
 * The index (see sigma-int.h): each rule becomes one variant per table
 * row its logsource matches (process_creation: Sysmon 1 and Security
 * 4688, the latter with its field map); variants are listed under the
 * (channel, event ID) keys they can match, the event IDs narrowed by
 * those the detection itself requires ("EventID: 4624"). For each variant
 * a set of literals is derived from its condition such that the variant
 * cannot match an event in which none of them occurs (an "and" keeps the
 * best child's set, an "or" the union of its children's, a "not" gives
 * none); the literals of all variants are indexed per field (struct
 * sg_filter). Variants without such a set are evaluated on every event of
 * their keys.
 */
#include "compat.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sigma-int.h"
#include "xalloc.h"

#define DIR_MAX_DEPTH	32	/* folder nesting below a loaded path */
#define ATOM_MAX_SET	8192	/* literals one variant may contribute */

static const char *const skip_names[CT_SIGMA_SKIP_NKINDS] = {
	"bad YAML", "not a Sigma rule", "unknown logsource",
	"unsupported modifier", "bad value", "bad condition",
	"placeholder without value", "correlation rule (not supported)",
	"deprecated or unsupported status", "duplicate id", "over a limit",
	"unreadable file",
};

const char *
ct_sigma_skip_name(enum ct_sigma_skip kind)
{
	return (unsigned)kind < CT_SIGMA_SKIP_NKINDS ? skip_names[kind] :
	    "unknown";
}

void
ct_sigma_report_print(const struct ct_sigma_report *rep, FILE *out)
{
	int k;

	fprintf(out, "sigma: %u rule(s) loaded from %u file(s), %u skipped\n",
	    rep->loaded, rep->files, rep->skipped);
	for (k = 0; k < CT_SIGMA_SKIP_NKINDS; k++)
		if (rep->by_kind[k])
			fprintf(out, "sigma:   %u skipped: %s\n",
			    rep->by_kind[k], skip_names[k]);
}

static void
report_skip(struct ct_sigma_report *rep, const char *file, unsigned line,
    enum ct_sigma_skip kind, const char *msg)
{
	if (!rep)
		return;
	rep->skipped++;
	rep->by_kind[kind]++;
	if (rep->skip)
		rep->skip(rep->arg, file, line, kind, msg);
}

/* ---- the set ---- */

struct ct_sigma_set *
ct_sigma_set_new(void)
{
	struct ct_sigma_set *set = ct_xcalloc(1, sizeof(*set));
	struct ct_error err = CT_ERROR_INIT;

	if (sg_table_parse(&set->tab, "sigma-logsources.txt (built in)",
	    sg_builtin_logsources, &err) != 0) {
		ct_error_print(&err);
		free(set);
		return NULL;
	}
	return set;
}

static void
index_release(struct ct_sigma_set *set)
{
	size_t i, j;

	for (i = 0; i < set->nchan; i++) {
		struct sg_chan *ch = &set->chan[i];

		for (j = 0; j < ch->ne; j++) {
			free(ch->e[j].list.v);
			free(ch->e[j].list.fsym);
			free(ch->e[j].list.fm);
		}
		free(ch->e);
		free(ch->name);
	}
	free(set->chan);
	set->chan = NULL;
	set->nchan = 0;
	for (i = 0; set->filter && i < 2 * (size_t)set->nsym; i++) {
		struct sg_filter *f = set->filter[i];

		if (!f)
			continue;
		free(f->bits);
		free(f->tab);
		free(f->glit);
		free(f->lit);
		free(f->var);
		free(f);
	}
	free(set->filter);
	set->filter = NULL;
	free(set->var);
	set->var = NULL;
	set->nvar = 0;
	free(set->syssym);
	set->syssym = NULL;
	for (i = 0; i < set->tab.nfm; i++) {
		free(set->tab.fm[i].remap);
		set->tab.fm[i].remap = NULL;
	}
	sg_arena_release(&set->iarena);
	set->index_bytes = 0;
	set->compiled = 0;
}

void
ct_sigma_free(struct ct_sigma_set *set)
{
	size_t i, j;

	if (!set)
		return;
	index_release(set);
	for (i = 0; i < set->nrule; i++)
		sg_rule_free(set->rule[i]);
	free(set->rule);
	for (i = 0; i < set->nph; i++) {
		for (j = 0; j < set->ph[i].n; j++)
			free(set->ph[i].value[j]);
		free(set->ph[i].value);
		free(set->ph[i].name);
	}
	free(set->ph);
	free(set->idslot);
	sg_table_release(&set->tab);
	sg_symtab_release(&set->syms);
	free(set);
}

enum ct_status
ct_sigma_set_logsources(struct ct_sigma_set *set, const char *name,
    const char *text, struct ct_error *err)
{
	struct sg_table t;

	if (set->nrule || set->compiled)
		return ct_error_set(err, CT_ERR_USAGE, name, CT_NO_OFFSET,
		    "the logsource table must be set before rules are loaded");
	if (sg_table_parse(&t, name, text, err) != 0)
		return CT_ERR_FORMAT;
	sg_table_release(&set->tab);
	set->tab = t;
	return CT_OK;
}

enum ct_status
ct_sigma_set_placeholder(struct ct_sigma_set *set, const char *name,
    const char *const *values, size_t n, struct ct_error *err)
{
	struct sg_placeholder *ph = NULL;
	size_t i;

	if (!*name || strlen(name) > 64 || strpbrk(name, "% \t"))
		return ct_error_set(err, CT_ERR_USAGE, NULL, CT_NO_OFFSET,
		    "bad placeholder name '%.80s'", name);
	for (i = 0; i < set->nph; i++)
		if (strcmp(set->ph[i].name, name) == 0)
			ph = &set->ph[i];
	if (!ph) {
		set->ph = ct_xreallocarray(set->ph, set->nph + 1,
		    sizeof(*set->ph));
		ph = &set->ph[set->nph++];
		memset(ph, 0, sizeof(*ph));
		ph->name = ct_xstrdup(name);
	}
	ph->value = ct_xreallocarray(ph->value, ph->n + n + 1,
	    sizeof(*ph->value));
	for (i = 0; i < n; i++)
		ph->value[ph->n++] = ct_xstrdup(values[i]);
	return CT_OK;
}

void
ct_sigma_index_stats(const struct ct_sigma_set *set,
    struct ct_sigma_index_stats *out)
{
	size_t i;

	memset(out, 0, sizeof(*out));
	if (!set->compiled)
		return;
	out->variants = set->nvar;
	for (i = 0; i < set->nvar; i++)
		out->unfiltered += set->var[i].always;
	for (i = 0; i < 2 * (size_t)set->nsym; i++)
		if (set->filter[i])
			out->literals += set->filter[i]->nlit;
	for (i = 0; i < set->nchan; i++)
		out->keys += set->chan[i].ne;
	out->bytes = set->index_bytes;
}

size_t
ct_sigma_count(const struct ct_sigma_set *set)
{
	return set->nrule;
}

const struct ct_sigma_rule *
ct_sigma_rule_at(const struct ct_sigma_set *set, size_t i)
{
	return i < set->nrule ? &set->rule[i]->pub : NULL;
}

int
ct_sigma_system_field(const struct ct_sigma_set *set, size_t i,
    const char **sigma_name, const char **column)
{
	size_t k, seen = 0;

	for (k = 0; k < set->tab.nsys; k++) {
		const struct sg_sysrow *r = &set->tab.sys[k];

		if (strcmp(r->column, "event_id") == 0 ||
		    strcmp(r->column, "channel") == 0 ||
		    strcmp(r->column, "provider") == 0)
			continue;
		/* only what some rule names */
		if (sg_sym_find(&set->syms, r->sigma, strlen(r->sigma)) ==
		    SG_NOSYM)
			continue;
		if (seen++ == i) {
			*sigma_name = r->sigma;
			*column = r->column;
			return 1;
		}
	}
	return 0;
}

/* ---- rule ids ---- */

static struct sg_rule *
find_id(const struct ct_sigma_set *set, const char *id)
{
	uint32_t h, i;

	if (set->nidslot == 0)
		return NULL;
	h = sg_hash_lower(id, strlen(id));
	for (i = h & (set->nidslot - 1); set->idslot[i];
	    i = (i + 1) & (set->nidslot - 1))
		if (strcmp(set->rule[set->idslot[i] - 1]->pub.id, id) == 0)
			return set->rule[set->idslot[i] - 1];
	return NULL;
}

static void
add_rule(struct ct_sigma_set *set, struct sg_rule *r)
{
	uint32_t i;

	if ((set->nrule + 1) * 2 > set->nidslot) {
		size_t ns = set->nidslot ? set->nidslot * 2 : 1024, k;

		free(set->idslot);
		set->idslot = ct_xcalloc(ns, sizeof(*set->idslot));
		set->nidslot = ns;
		for (k = 0; k < set->nrule; k++) {
			const char *id = set->rule[k]->pub.id;

			for (i = sg_hash_lower(id, strlen(id)) & (ns - 1);
			    set->idslot[i]; i = (i + 1) & (ns - 1))
				;
			set->idslot[i] = (uint32_t)k + 1;
		}
	}
	if (set->nrule == set->arule) {
		set->arule = set->arule ? set->arule * 2 : 256;
		set->rule = ct_xreallocarray(set->rule, set->arule,
		    sizeof(*set->rule));
	}
	r->pub.index = (unsigned)set->nrule;
	set->rule[set->nrule++] = r;
	for (i = sg_hash_lower(r->pub.id, strlen(r->pub.id)) &
	    (set->nidslot - 1); set->idslot[i]; i = (i + 1) & (set->nidslot - 1))
		;
	set->idslot[i] = (uint32_t)set->nrule;
}

/* ---- documents ---- */

/* base with over merged in (maps key by key); "action" dropped. */
static const struct sg_ynode *
ymerge(struct sg_arena *a, const struct sg_ynode *base, const struct sg_ynode *over)
{
	struct sg_ynode *m;
	size_t i, j, n;

	if (!base)
		return over;
	if (!over)
		return base;
	if (base->type != Y_MAP || over->type != Y_MAP)
		return over;
	m = sg_alloc(a, sizeof(*m));
	*m = *over;
	m->kid = sg_alloc(a, 2 * (base->n + over->n + 1) * sizeof(*m->kid));
	n = 0;
	for (i = 0; i < base->n; i++) {
		if (strcmp(base->kid[2 * i]->s, "action") == 0)
			continue;
		m->kid[2 * n] = base->kid[2 * i];
		m->kid[2 * n + 1] = base->kid[2 * i + 1];
		n++;
	}
	for (i = 0; i < over->n; i++) {
		const struct sg_ynode *k = over->kid[2 * i];

		if (strcmp(k->s, "action") == 0)
			continue;
		for (j = 0; j < n; j++)
			if (strcmp(m->kid[2 * j]->s, k->s) == 0)
				break;
		if (j < n) {
			m->kid[2 * j + 1] = (struct sg_ynode *)ymerge(a,
			    m->kid[2 * j + 1], over->kid[2 * i + 1]);
		} else {
			m->kid[2 * n] = (struct sg_ynode *)k;
			m->kid[2 * n + 1] = over->kid[2 * i + 1];
			n++;
		}
	}
	m->n = n;
	return m;
}

static const char *
scalar_of(const struct sg_ynode *map, const char *key)
{
	const struct sg_ynode *v = sg_ymap_get(map, key);

	return v && v->type == Y_SCALAR ? v->s : NULL;
}

/* A correlation in this file names the rule (by id or name). */
static const char *
used_by_correlation(const struct sg_yfile *f, const struct sg_ynode *doc)
{
	const char *id = scalar_of(doc, "id"), *name = scalar_of(doc, "name");
	size_t d, i;

	for (d = 0; d < f->ndoc; d++) {
		const struct sg_ynode *cor = sg_ymap_get(f->doc[d].root,
		    "correlation");
		const struct sg_ynode *rules = sg_ymap_get(cor, "rules");
		const struct sg_ynode *gen = sg_ymap_get(cor, "generate");

		if (!rules)
			continue;
		if (gen && gen->type == Y_SCALAR && strcmp(gen->s, "true") == 0)
			continue;
		for (i = 0; rules->type == Y_SEQ && i < rules->n; i++) {
			const struct sg_ynode *r = rules->kid[i];

			if (r->type == Y_SCALAR && ((id && strcmp(r->s, id) == 0)
			    || (name && strcmp(r->s, name) == 0))) {
				const char *t = scalar_of(f->doc[d].root,
				    "title");

				return t ? t : "(untitled)";
			}
		}
		if (rules->type == Y_SCALAR && ((id && strcmp(rules->s, id) ==
		    0) || (name && strcmp(rules->s, name) == 0)))
			return scalar_of(f->doc[d].root, "title") ?
			    scalar_of(f->doc[d].root, "title") : "(untitled)";
	}
	return NULL;
}

static void
one_doc(struct ct_sigma_set *set, const struct sg_yfile *f,
    const struct sg_ynode *doc, unsigned line, const char *name,
    struct ct_sigma_report *rep)
{
	struct sg_reject rej;
	struct sg_ctx c;
	struct sg_rule *r, *dup;
	const struct sg_ynode *cor = sg_ymap_get(doc, "correlation");
	const char *user;
	char msg[600];

	memset(&rej, 0, sizeof(rej));
	if (cor) {
		const char *type = scalar_of(cor, "type");

		snprintf(msg, sizeof(msg), "correlation rule (%.40s) not "
		    "supported", type ? type : "no type");
		report_skip(rep, name, line, CT_SIGMA_SKIP_CORRELATION, msg);
		return;
	}
	if ((user = used_by_correlation(f, doc))) {
		snprintf(msg, sizeof(msg), "only used by correlation rule "
		    "'%.100s', which is not supported", user);
		report_skip(rep, name, line, CT_SIGMA_SKIP_CORRELATION, msg);
		return;
	}
	memset(&c, 0, sizeof(c));
	c.syms = &set->syms;
	c.tab = &set->tab;
	c.ph = set->ph;
	c.nph = set->nph;
	c.rej = &rej;
	r = sg_rule_compile(&c, doc, name, line);
	if (!r) {
		report_skip(rep, name, rej.line ? rej.line : line, rej.kind,
		    rej.msg);
		return;
	}
	if ((dup = find_id(set, r->pub.id))) {
		snprintf(msg, sizeof(msg), "duplicate id %.128s (first in "
		    "%.300s)", r->pub.id, dup->pub.file);
		report_skip(rep, name, line, CT_SIGMA_SKIP_DUPLICATE, msg);
		sg_rule_free(r);
		return;
	}
	add_rule(set, r);
	if (rep)
		rep->loaded++;
}

enum ct_status
ct_sigma_load_text(struct ct_sigma_set *set, const char *name,
    const char *text, size_t len, struct ct_sigma_report *rep,
    struct ct_error *err)
{
	struct sg_yfile f;
	const struct sg_ynode *global = NULL, *prev = NULL;
	size_t d;

	if (set->compiled)
		return ct_error_set(err, CT_ERR_USAGE, name, CT_NO_OFFSET,
		    "rules cannot be added to a compiled set");
	if (rep)
		rep->files++;
	if (sg_yaml_parse(text, len, &f) != 0) {
		report_skip(rep, name, f.errline, CT_SIGMA_SKIP_YAML, f.err);
		sg_yfile_release(&f);
		return CT_OK;
	}
	for (d = 0; d < f.ndoc; d++) {
		const struct sg_ynode *doc = f.doc[d].root;
		const char *action;

		if (!doc)
			continue;	/* an empty document holds nothing */
		action = f.ndoc > 1 ? scalar_of(doc, "action") : NULL;
		if (action && strcmp(action, "global") == 0) {
			global = ymerge(&f.arena, global, doc);
			continue;
		}
		if (action && strcmp(action, "reset") == 0) {
			global = NULL;
			continue;
		}
		if (action && strcmp(action, "repeat") == 0) {
			if (!prev) {
				report_skip(rep, name, f.doc[d].line,
				    CT_SIGMA_SKIP_NOT_RULE, "action: repeat "
				    "without a rule before it");
				continue;
			}
			doc = ymerge(&f.arena, prev, doc);
		} else if (action) {
			char msg[200];

			snprintf(msg, sizeof(msg), "unknown action '%.60s'",
			    action);
			report_skip(rep, name, f.doc[d].line,
			    CT_SIGMA_SKIP_NOT_RULE, msg);
			continue;
		} else if (global) {
			doc = ymerge(&f.arena, global, doc);
		}
		one_doc(set, &f, doc, f.doc[d].line, name, rep);
		prev = doc;
	}
	sg_yfile_release(&f);
	return CT_OK;
}

/* ---- files and folders ---- */

static enum ct_status
load_file(struct ct_sigma_set *set, const char *path, int toplevel,
    struct ct_sigma_report *rep, struct ct_error *err)
{
	struct stat st;
	char *buf;
	size_t got = 0;
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	enum ct_status rc;

	if (fd < 0 || fstat(fd, &st) != 0) {
		int e = errno;

		if (fd >= 0)
			close(fd);
		if (toplevel)
			return ct_error_set(err, CT_ERR_IO, path, CT_NO_OFFSET,
			    "cannot open: %s", strerror(e));
		report_skip(rep, path, 0, CT_SIGMA_SKIP_IO, strerror(e));
		return CT_OK;
	}
	if (st.st_size > (off_t)CT_SIGMA_MAX_FILE) {
		char msg[100];

		close(fd);
		snprintf(msg, sizeof(msg), "file larger than %u bytes",
		    CT_SIGMA_MAX_FILE);
		if (rep)
			rep->files++;
		report_skip(rep, path, 0, CT_SIGMA_SKIP_LIMIT, msg);
		return CT_OK;
	}
	buf = ct_xmalloc((size_t)st.st_size + 1);
	while (got < (size_t)st.st_size) {
		ssize_t n = read(fd, buf + got, (size_t)st.st_size - got);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		got += (size_t)n;
	}
	close(fd);
	if (got != (size_t)st.st_size) {
		free(buf);
		if (toplevel)
			return ct_error_set(err, CT_ERR_IO, path, CT_NO_OFFSET,
			    "cannot read: short read");
		report_skip(rep, path, 0, CT_SIGMA_SKIP_IO, "short read");
		return CT_OK;
	}
	buf[got] = '\0';
	rc = ct_sigma_load_text(set, path, buf, got, rep, err);
	free(buf);
	return rc;
}

static int
name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int
is_yaml_name(const char *s)
{
	size_t n = strlen(s);

	return (n > 4 && strcmp(s + n - 4, ".yml") == 0) ||
	    (n > 5 && strcmp(s + n - 5, ".yaml") == 0);
}

static enum ct_status
load_dir(struct ct_sigma_set *set, const char *path, int depth,
    unsigned *nfiles, struct ct_sigma_report *rep, struct ct_error *err)
{
	DIR *d = opendir(path);
	struct dirent *de;
	char **names = NULL;
	size_t n = 0, a = 0, i;
	enum ct_status rc = CT_OK;

	if (!d) {
		if (depth == 0)
			return ct_error_set(err, CT_ERR_IO, path, CT_NO_OFFSET,
			    "cannot open folder: %s", strerror(errno));
		report_skip(rep, path, 0, CT_SIGMA_SKIP_IO, strerror(errno));
		return CT_OK;
	}
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		if (n == a) {
			a = a ? a * 2 : 64;
			names = ct_xreallocarray(names, a, sizeof(*names));
		}
		names[n++] = ct_xstrdup(de->d_name);
	}
	closedir(d);
	if (n)
		qsort(names, n, sizeof(*names), name_cmp);
	for (i = 0; i < n && rc == CT_OK; i++) {
		char *full = ct_xasprintf("%s/%s", path, names[i]);
		struct stat st;

		if (lstat(full, &st) == 0 && S_ISDIR(st.st_mode)) {
			if (depth + 1 > DIR_MAX_DEPTH)
				report_skip(rep, full, 0, CT_SIGMA_SKIP_LIMIT,
				    "folder nested too deep");
			else
				rc = load_dir(set, full, depth + 1, nfiles, rep,
				    err);
		} else if (is_yaml_name(names[i]) && stat(full, &st) == 0 &&
		    S_ISREG(st.st_mode)) {
			/* symbolic links to files are followed, to folders not */
			if (++*nfiles > CT_SIGMA_MAX_FILES)
				rc = ct_error_set(err, CT_ERR_UNSUPPORTED, path,
				    CT_NO_OFFSET, "more than %u rule files",
				    CT_SIGMA_MAX_FILES);
			else
				rc = load_file(set, full, 0, rep, err);
		}
		free(full);
	}
	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
	return rc;
}

enum ct_status
ct_sigma_load(struct ct_sigma_set *set, const char *path,
    struct ct_sigma_report *rep, struct ct_error *err)
{
	struct stat st;
	unsigned nfiles = 0;

	if (set->compiled)
		return ct_error_set(err, CT_ERR_USAGE, path, CT_NO_OFFSET,
		    "rules cannot be added to a compiled set");
	if (stat(path, &st) != 0)
		return ct_error_set(err, CT_ERR_IO, path, CT_NO_OFFSET,
		    "cannot open: %s", strerror(errno));
	if (S_ISDIR(st.st_mode))
		return load_dir(set, path, 0, &nfiles, rep, err);
	return load_file(set, path, 1, rep, err);
}

/* ---- compiling the index ---- */

struct atom {
	uint32_t sym;
	uint8_t where;
	uint32_t len;
	const char *lit;
	uint32_t var;
};

struct aset {
	struct atom *v;
	size_t n;
	uint32_t minlen;
	int known;
};

static void
aset_free(struct aset *s)
{
	free(s->v);
	memset(s, 0, sizeof(*s));
}

static int
atom_pat(struct ct_sigma_set *set, const struct sg_pat *p, uint32_t sym,
    struct atom *out)
{
	char *low;

	switch (p->kind) {
	case PK_EXACT: out->where = LIT_EXACT; break;
	case PK_PREFIX: out->where = LIT_PREFIX; break;
	case PK_SUFFIX: out->where = LIT_SUFFIX; break;
	case PK_CONTAINS: out->where = LIT_ANY; break;
	case PK_GLOB: out->where = LIT_ANY; break;
	case PK_RE: out->where = LIT_ANY; break;	/* a literal it requires */
	default: return 0;
	}
	if (!p->lit || p->len < SG_GRAM_SHORT)
		return 0;
	out->sym = sym;
	out->len = p->len;
	if (p->cased || p->kind == PK_RE) {
		low = sg_alloc(&set->iarena, p->len + 1);
		sg_lower(low, p->lit, p->len);
		out->lit = low;
	} else {
		out->lit = p->lit;
	}
	return 1;
}

/*
 * The literals without which x cannot be true (see the top of the file).
 * out->known is 0 when there is no such set.
 */
static void
atoms_of(struct ct_sigma_set *set, const struct sg_node *x,
    const uint32_t *remap, struct aset *out, int depth)
{
	size_t i;

	memset(out, 0, sizeof(*out));
	if (depth > 2 * CT_SIGMA_MAX_DEPTH + 8)
		return;
	switch (x->kind) {
	case NK_ITEM: {
		const struct sg_item *it = x->item;
		uint32_t sym;

		if (it->neg || it->npat == 0)
			return;
		/* keywords: one filter over every data field */
		sym = it->sym == SG_NOSYM ? set->sym_kw : remap ? remap[it->sym] :
		    it->sym;
		if (it->all) {
			/* every value must match: the longest literal will do */
			struct atom best, a;
			int have = 0;

			for (i = 0; i < it->npat; i++)
				if (atom_pat(set, &it->pat[i], sym, &a) &&
				    (!have || a.len > best.len)) {
					best = a;
					have = 1;
				}
			if (!have)
				return;
			out->v = ct_xmalloc(sizeof(*out->v));
			out->v[0] = best;
			out->n = 1;
			out->minlen = best.len;
			out->known = 1;
			return;
		}
		if (it->npat > ATOM_MAX_SET)
			return;
		out->v = ct_xreallocarray(NULL, it->npat, sizeof(*out->v));
		out->minlen = UINT32_MAX;
		for (i = 0; i < it->npat; i++) {
			if (!atom_pat(set, &it->pat[i], sym, &out->v[i])) {
				aset_free(out);
				return;
			}
			if (out->v[i].len < out->minlen)
				out->minlen = out->v[i].len;
		}
		out->n = it->npat;
		out->known = 1;
		return;
	}
	case NK_AND:
		for (i = 0; i < x->n; i++) {
			struct aset k;

			atoms_of(set, x->kid[i], remap, &k, depth + 1);
			if (!k.known)
				continue;
			if (!out->known || k.minlen > out->minlen ||
			    (k.minlen == out->minlen && k.n < out->n)) {
				aset_free(out);
				*out = k;
			} else {
				aset_free(&k);
			}
		}
		return;
	case NK_OR:
		out->known = 1;
		out->minlen = UINT32_MAX;
		for (i = 0; i < x->n; i++) {
			struct aset k;

			atoms_of(set, x->kid[i], remap, &k, depth + 1);
			if (!k.known || out->n + k.n > ATOM_MAX_SET) {
				aset_free(&k);
				aset_free(out);
				return;
			}
			out->v = ct_xreallocarray(out->v, out->n + k.n + 1,
			    sizeof(*out->v));
			if (k.n)
				memcpy(out->v + out->n, k.v, k.n *
				    sizeof(*k.v));
			out->n += k.n;
			if (k.minlen < out->minlen)
				out->minlen = k.minlen;
			aset_free(&k);
		}
		return;
	default:
		return;
	}
}

static int
atom_cmp(const void *a, const void *b)
{
	const struct atom *x = a, *y = b;
	int c;

	if (x->sym != y->sym)
		return x->sym < y->sym ? -1 : 1;
	if ((x->len < SG_GRAM) != (y->len < SG_GRAM))
		return x->len < SG_GRAM ? 1 : -1;
	if (x->where != y->where)
		return x->where < y->where ? -1 : 1;
	if (x->len != y->len)
		return x->len < y->len ? -1 : 1;
	if ((c = memcmp(x->lit, y->lit, x->len)) != 0)
		return c;
	return x->var < y->var ? -1 : x->var > y->var;
}

/* The gram at p: 4 or 2 bytes as a little-endian word. */
static uint32_t
load_gram(const char *p, uint32_t gram)
{
	const unsigned char *u = (const unsigned char *)p;

	if (gram == 2)
		return (uint32_t)u[0] | (uint32_t)u[1] << 8;
	return (uint32_t)u[0] | (uint32_t)u[1] << 8 | (uint32_t)u[2] << 16 |
	    (uint32_t)u[3] << 24;
}

static uint32_t
gram_hash(uint32_t g, int bits)
{
	return (g * 2654435761u) >> (32 - bits);
}

/* A small gram -> count map for choosing grams. */
struct gcount {
	uint32_t *key, *val;
	uint32_t cap;		/* power of two */
};

static uint32_t *
gc_slot(struct gcount *m, uint32_t g)
{
	uint32_t i = (g * 0x9e3779b1u) & (m->cap - 1);

	while (m->val[i] && m->key[i] != g)
		i = (i + 1) & (m->cap - 1);
	m->key[i] = g;
	return &m->val[i];
}

static int
atom_cmp_lit(const struct atom *x, const struct atom *y)
{
	if (x->sym != y->sym || x->where != y->where || x->len != y->len)
		return 1;
	return memcmp(x->lit, y->lit, x->len) != 0;
}

/*
 * Build the filter of one field from its atoms (sorted by atom_cmp), all
 * at least gram bytes long.
 */
static struct sg_filter *
build_filter(struct ct_sigma_set *set, const struct atom *a, size_t n,
    uint32_t gram)
{
	struct sg_filter *f = ct_xcalloc(1, sizeof(*f));
	struct gcount gc;
	size_t i, j, nvar = 0;
	uint32_t *litgram, off = 0;
	uint8_t *used;
	int tbits;

	f->lit = ct_xcalloc(n, sizeof(*f->lit));
	f->var = ct_xcalloc(n, sizeof(*f->var));
	f->minlen = UINT32_MAX;
	f->gram = gram;
	for (i = 0; i < n; i++) {
		if (i == 0 || atom_cmp_lit(&a[i - 1], &a[i]) != 0) {
			struct sg_lit *l = &f->lit[f->nlit++];

			l->s = a[i].lit;
			l->len = a[i].len;
			l->where = a[i].where;
			l->voff = (uint32_t)nvar;
			if (l->len < f->minlen)
				f->minlen = l->len;
		}
		/* a variant once per literal (atoms are sorted by var last) */
		if (f->lit[f->nlit - 1].vn == 0 || f->var[nvar - 1] != a[i].var) {
			f->var[nvar++] = a[i].var;
			f->lit[f->nlit - 1].vn++;
		}
	}
	/* how many literals contain each gram */
	for (gc.cap = 64; gc.cap < 2 * n * 8 + 64; gc.cap <<= 1)
		;
	for (i = 0, j = 0; i < f->nlit; i++)
		j += f->lit[i].len;
	while (gc.cap < 2 * j + 64)
		gc.cap <<= 1;
	gc.key = ct_xcalloc(gc.cap, sizeof(*gc.key));
	gc.val = ct_xcalloc(gc.cap, sizeof(*gc.val));
	for (i = 0; i < f->nlit; i++)
		for (j = 0; j + gram <= f->lit[i].len; j++)
			(*gc_slot(&gc, load_gram(f->lit[i].s + j, gram)))++;
	/* each literal under its least shared gram */
	litgram = ct_xcalloc(f->nlit + 1, sizeof(*litgram));
	for (i = 0; i < f->nlit; i++) {
		struct sg_lit *l = &f->lit[i];
		uint32_t best = UINT32_MAX;

		for (j = 0; j + gram <= l->len; j++) {
			uint32_t c = *gc_slot(&gc, load_gram(l->s + j, gram));

			if (c < best) {
				best = c;
				l->off = (uint32_t)j;
			}
		}
		litgram[i] = load_gram(l->s + l->off, gram);
	}
	free(gc.key);
	free(gc.val);
	/* the gram table (open addressing), literals grouped by gram */
	for (tbits = 4; (1u << tbits) < 2 * f->nlit + 2; tbits++)
		;
	f->ntab = 1u << tbits;
	f->tbits = (uint32_t)tbits;
	f->tab = ct_xcalloc(f->ntab, sizeof(*f->tab));
	used = ct_xcalloc(f->ntab, 1);
	f->bits = ct_xcalloc((1u << SG_FBITS) / 64, sizeof(*f->bits));
	for (i = 0; i < f->nlit; i++) {
		uint32_t k = gram_hash(litgram[i], tbits);

		while (used[k] && f->tab[k].gram != litgram[i])
			k = (k + 1) & (f->ntab - 1);
		used[k] = 1;
		f->tab[k].gram = litgram[i];
		f->tab[k].n++;
		k = gram_hash(litgram[i], SG_FBITS);
		f->bits[k / 64] |= 1ull << (k % 64);
	}
	for (i = 0; i < f->ntab; i++) {
		f->tab[i].first = off;
		off += f->tab[i].n;
		f->tab[i].n = 0;
	}
	f->glit = ct_xcalloc(f->nlit + 1, sizeof(*f->glit));
	for (i = 0; i < f->nlit; i++) {
		uint32_t k = gram_hash(litgram[i], tbits);

		while (f->tab[k].gram != litgram[i] || !used[k])
			k = (k + 1) & (f->ntab - 1);
		f->glit[f->tab[k].first + f->tab[k].n++] = (uint32_t)i;
	}
	free(used);
	free(litgram);
	set->index_bytes += sizeof(*f) + n * sizeof(*f->lit) +
	    n * sizeof(*f->var) + f->ntab * sizeof(*f->tab) +
	    (1u << SG_FBITS) / 8 + f->nlit * sizeof(*f->glit);
	return f;
}

/* ---- buckets ---- */

struct key {
	const char *chan;	/* lower-case; "*" any */
	int64_t eid;		/* -1 any */
	uint32_t var;
};

static int
key_cmp(const void *a, const void *b)
{
	const struct key *x = a, *y = b;
	int c = strcmp(x->chan, y->chan);

	if (c)
		return c;
	if (x->eid != y->eid)
		return x->eid < y->eid ? -1 : 1;
	return x->var < y->var ? -1 : x->var > y->var;
}

static struct sg_chan *
chan_slot(struct ct_sigma_set *set, const char *name)
{
	uint32_t h = sg_hash_lower(name, strlen(name)), i;

	for (i = h & (uint32_t)(set->nchan - 1); set->chan[i].name;
	    i = (i + 1) & (uint32_t)(set->nchan - 1))
		if (strcmp(set->chan[i].name, name) == 0)
			return &set->chan[i];
	set->chan[i].name = ct_xstrdup(name);
	set->chan[i].hash = h;
	return &set->chan[i];
}

static int
fm_derives(const struct sg_fieldmap *fm)
{
	size_t i;

	for (i = 0; i < fm->n; i++)
		if (fm->e[i].kind != FM_RENAME && fm->e[i].kind != FM_HIDE)
			return 1;
	return 0;
}

/* The lists' filter symbols and derived field maps. */
static void
finish_list(struct ct_sigma_set *set, struct sg_list *l, uint32_t **vsyms,
    uint32_t *nvsyms, uint32_t *stamp, uint32_t epoch)
{
	uint32_t i, k;
	size_t afs = 0;

	for (i = 0; i < l->n; i++) {
		const struct sg_variant *v = &set->var[l->v[i]];
		const struct sg_lsrow *row = &set->tab.row[v->row];

		for (k = 0; k < nvsyms[l->v[i]]; k++) {
			uint32_t s = vsyms[l->v[i]][k];

			if (stamp[s] == epoch)
				continue;
			stamp[s] = epoch;
			if (l->nfsym == afs) {
				afs = afs ? afs * 2 : 8;
				l->fsym = ct_xreallocarray(l->fsym, afs,
				    sizeof(*l->fsym));
			}
			l->fsym[l->nfsym++] = s;
		}
		if (row->fieldmap >= 0 &&
		    fm_derives(&set->tab.fm[row->fieldmap])) {
			for (k = 0; k < l->nfm; k++)
				if (l->fm[k] == (uint32_t)row->fieldmap)
					break;
			if (k == l->nfm) {
				l->fm = ct_xreallocarray(l->fm, l->nfm + 1,
				    sizeof(*l->fm));
				l->fm[l->nfm++] = (uint32_t)row->fieldmap;
			}
		}
	}
}

static char *
lower_dup(const char *s)
{
	size_t n = strlen(s);
	char *p = ct_xmalloc(n + 1);

	sg_lower(p, s, n);
	p[n] = '\0';
	return p;
}

enum ct_status
ct_sigma_compile(struct ct_sigma_set *set, struct ct_error *err)
{
	struct atom *atoms = NULL;
	size_t natoms = 0, aatoms = 0, nkeys = 0, akeys = 0, i, j, k;
	struct key *keys = NULL;
	uint32_t **vsyms, *nvsyms, *stamp, epoch = 0;
	char **lowchan;

	(void)err;
	index_release(set);
	/* 1. symbols of the field maps and System values */
	for (i = 0; i < set->tab.nfm; i++) {
		struct sg_fieldmap *fm = &set->tab.fm[i];

		for (j = 0; j < fm->n; j++) {
			struct sg_fm_entry *e = &fm->e[j];
			char *v = ct_xasprintf("\001%s:%s", fm->name, e->target);

			e->tsym = sg_sym_intern(&set->syms, e->target,
			    strlen(e->target));
			e->vsym = sg_sym_intern(&set->syms, v, strlen(v));
			free(v);
			e->ssym = e->src ? sg_sym_intern(&set->syms, e->src,
			    strlen(e->src)) : SG_NOSYM;
			e->ssym2 = e->src2 ? sg_sym_intern(&set->syms, e->src2,
			    strlen(e->src2)) : SG_NOSYM;
			e->ssym3 = e->src3 ? sg_sym_intern(&set->syms, e->src3,
			    strlen(e->src3)) : SG_NOSYM;
		}
	}
	set->sym_eventid = set->sym_channel = set->sym_provider = SG_NOSYM;
	set->syssym = ct_xcalloc(set->tab.nsys + 1, sizeof(*set->syssym));
	for (i = 0; i < set->tab.nsys; i++) {
		const struct sg_sysrow *r = &set->tab.sys[i];
		/* only names some rule uses (the scanner reads no others) */
		uint32_t s = sg_sym_find(&set->syms, r->sigma, strlen(r->sigma));

		set->syssym[i] = s;
		if (strcmp(r->column, "event_id") == 0)
			set->sym_eventid = s;
		else if (strcmp(r->column, "channel") == 0)
			set->sym_channel = s;
		else if (strcmp(r->column, "provider") == 0)
			set->sym_provider = s;
	}
	set->sym_kw = sg_sym_intern(&set->syms, "\001keywords", 9);
	{
		/* a symbol no event ever has: fields a map hides */
		uint32_t hidden = sg_sym_intern(&set->syms, "\001hidden", 7);

		set->nsym = set->syms.n;
		for (i = 0; i < set->tab.nfm; i++) {
			struct sg_fieldmap *fm = &set->tab.fm[i];

			fm->remap = ct_xcalloc(set->nsym, sizeof(*fm->remap));
			for (k = 0; k < set->nsym; k++)
				fm->remap[k] = (uint32_t)k;
			for (j = 0; j < fm->n; j++) {
				const struct sg_fm_entry *e = &fm->e[j];

				fm->remap[e->tsym] = e->kind == FM_RENAME ?
				    e->ssym : e->kind == FM_HIDE ? hidden :
				    e->vsym;
			}
			set->index_bytes += set->nsym * sizeof(*fm->remap);
		}
	}
	/* 2. variants */
	for (i = 0; i < set->nrule; i++)
		set->nvar += set->rule[i]->nrows;
	set->var = ct_xcalloc(set->nvar + 1, sizeof(*set->var));
	vsyms = ct_xcalloc(set->nvar + 1, sizeof(*vsyms));
	nvsyms = ct_xcalloc(set->nvar + 1, sizeof(*nvsyms));
	lowchan = ct_xcalloc(set->tab.nrow + 1, sizeof(*lowchan));
	for (i = 0; i < set->tab.nrow; i++)
		lowchan[i] = set->tab.row[i].channel ?
		    lower_dup(set->tab.row[i].channel) : ct_xstrdup("*");
	for (i = 0, k = 0; i < set->nrule; i++) {
		const struct sg_rule *r = set->rule[i];

		for (j = 0; j < r->nrows; j++, k++) {
			struct sg_variant *v = &set->var[k];
			const struct sg_lsrow *row = &set->tab.row[r->rows[j]];
			struct aset as;
			size_t x, y;

			v->rule = (uint32_t)i;
			v->row = (uint32_t)r->rows[j];
			v->remap = row->fieldmap >= 0 ?
			    set->tab.fm[row->fieldmap].remap : NULL;
			v->provider = row->provider;
			/* 3. its literals */
			atoms_of(set, r->cond, v->remap, &as, 0);
			if (!as.known || as.n == 0) {
				v->always = 1;
			} else {
				if (natoms + as.n > aatoms) {
					aatoms = (natoms + as.n) * 2;
					atoms = ct_xreallocarray(atoms, aatoms,
					    sizeof(*atoms));
				}
				vsyms[k] = ct_xcalloc(as.n, sizeof(**vsyms));
				for (x = 0; x < as.n; x++) {
					as.v[x].var = (uint32_t)k;
					atoms[natoms++] = as.v[x];
					for (y = 0; y < nvsyms[k]; y++)
						if (vsyms[k][y] == as.v[x].sym)
							break;
					if (y == nvsyms[k])
						vsyms[k][nvsyms[k]++] =
						    as.v[x].sym;
				}
			}
			aset_free(&as);
			/* 4. its keys: channel x event IDs */
			{
				const int64_t *ids = row->eid;
				size_t nids = row->neid;
				int64_t any = -1;

				if (!ids && r->eid) {
					ids = r->eid;
					nids = r->neid;
				}
				if (!ids) {
					ids = &any;
					nids = 1;
				}
				for (x = 0; x < nids; x++) {
					if (row->eid && r->eid) {
						for (y = 0; y < r->neid; y++)
							if (r->eid[y] == ids[x])
								break;
						if (y == r->neid)
							continue;
					}
					if (nkeys == akeys) {
						akeys = akeys ? akeys * 2 : 1024;
						keys = ct_xreallocarray(keys,
						    akeys, sizeof(*keys));
					}
					keys[nkeys].chan = lowchan[v->row];
					keys[nkeys].eid = ids[x];
					keys[nkeys].var = (uint32_t)k;
					nkeys++;
				}
			}
		}
	}
	/* 5. filters, two per field (long and short literals) */
	set->filter = ct_xcalloc(2 * (size_t)set->nsym + 2,
	    sizeof(*set->filter));
	if (natoms)
		qsort(atoms, natoms, sizeof(*atoms), atom_cmp);
	for (i = 0; i < natoms; i = j) {
		int shrt = atoms[i].len < SG_GRAM;

		for (j = i; j < natoms && atoms[j].sym == atoms[i].sym &&
		    (atoms[j].len < SG_GRAM) == shrt; j++)
			;
		set->filter[2 * (size_t)atoms[i].sym + (size_t)shrt] =
		    build_filter(set, atoms + i, j - i, shrt ? SG_GRAM_SHORT :
		    SG_GRAM);
	}
	free(atoms);
	/* 6. the channel table and its lists */
	if (nkeys)
		qsort(keys, nkeys, sizeof(*keys), key_cmp);
	for (set->nchan = 16; set->nchan < 4 * (set->tab.nrow + 4);
	    set->nchan <<= 1)
		;
	set->chan = ct_xcalloc(set->nchan, sizeof(*set->chan));
	stamp = ct_xcalloc(set->nsym + 1, sizeof(*stamp));
	for (i = 0; i < nkeys; i = j) {
		struct sg_chan *ch = chan_slot(set, keys[i].chan);
		struct sg_eidlist *el;

		for (j = i; j < nkeys && strcmp(keys[j].chan, keys[i].chan) ==
		    0 && keys[j].eid == keys[i].eid; j++)
			;
		ch->e = ct_xreallocarray(ch->e, ch->ne + 1, sizeof(*ch->e));
		el = &ch->e[ch->ne++];
		memset(el, 0, sizeof(*el));
		el->eid = keys[i].eid;
		el->list.v = ct_xcalloc(j - i, sizeof(*el->list.v));
		for (k = i; k < j; k++)
			if (el->list.n == 0 ||
			    el->list.v[el->list.n - 1] != keys[k].var)
				el->list.v[el->list.n++] = keys[k].var;
		finish_list(set, &el->list, vsyms, nvsyms, stamp, ++epoch);
		set->index_bytes += el->list.n * sizeof(uint32_t);
	}
	free(stamp);
	free(keys);
	for (i = 0; i < set->nvar; i++)
		free(vsyms[i]);
	free(vsyms);
	free(nvsyms);
	for (i = 0; i < set->tab.nrow; i++)
		free(lowchan[i]);
	free(lowchan);
	set->index_bytes += set->nvar * sizeof(*set->var);
	set->compiled = 1;
	return CT_OK;
}
