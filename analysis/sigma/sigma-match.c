/*
 * sigma-match.c - ct_sigma_match(): one event against a compiled set.
 *
 * 1. The event's channel and event ID select up to four lists of rule
 *    variants: (channel, ID), (channel, any ID), (any channel, ID), (any,
 *    any). An event of a log no rule reads costs two hash lookups.
 * 2. Its fields are placed in slots by symbol (names compared without
 *    case and without spaces: Sigma's ThreatName is Defender's "Threat
 *    Name"); the System values EventID and Provider_Name come first, so
 *    an EventData field of the same name cannot replace them, Channel
 *    last: an EventData "Channel" (the log a "log cleared" event is
 *    about) is what rules that name one mean.
 *    Every value the rules name is lower-cased once.
 * 3. Field maps of the selected lists compute their derived values
 *    (Security 4688's hex process IDs in decimal, its account as Sysmon
 *    writes User...).
 * 4. Each field's literal filter scans its value and marks the variants
 *    whose literal occurs; only marked variants (and those without a
 *    filter) are evaluated, in rule order. A rule matches once per event
 *    even if two of its variants do.
 *
 * Absent fields: a field the event does not have matches null, '' and
 * "exists: false" and nothing else ('*' needs a value, as field=* does in
 * a SIEM). An empty value matches null and '' too: Windows writes a
 * missing value as an empty element.
 */
#define _GNU_SOURCE 1	/* memmem() */
#include "compat.h"

#include <arpa/inet.h>
#include <errno.h>
#include <strings.h>

#include "sigma-int.h"
#include "xalloc.h"

struct slot {
	uint32_t epoch;		/* == scratch epoch: present in this event */
	uint32_t len;
	const char *v;		/* as in the event */
	const char *lv;		/* lower-case copy */
};

struct ct_sigma_scratch {
	const struct ct_sigma_set *set;
	uint32_t epoch;
	struct slot *slot;	/* per symbol */
	uint32_t *mark;		/* per variant: a literal of it occurred */
	uint32_t *seen;		/* per rule: matched in this event */
	uint32_t *fdone;	/* per symbol: filter already run */
	uint32_t *fmdone;	/* per field map: derived values computed */
	uint32_t *present;	/* symbols put in this event */
	size_t npresent, apresent;
	char *buf;		/* lower-case values, derived values */
	size_t abuf, nbuf;
	uint32_t *hit;
	size_t nhit, ahit;
	void *md;		/* PCRE2 match data */
	const struct ct_sigma_event *ev;
	/* keywords: lower-case copies of every data field, made on demand */
	char *kwbuf;
	size_t akw;
	uint32_t kwepoch;
	const char **kwlow;	/* per field: its lower-case copy */
	uint32_t *fsym;		/* per field: its symbol */
	size_t akwlow;
	/* field name -> symbol, for the names events repeat */
	struct namecache {
		char name[48];
		uint32_t len;
		uint32_t sym;
	} nc[256];
	/* the last channel looked up */
	char lastchan[256];
	const struct sg_chan *lastch;
	int havelast;
	char evid[24];
	struct ct_sigma_match_stats st;
};

/* mark[v] of a variant without filter: never equal to an epoch's stamp. */
#define MARK_ALWAYS	UINT32_MAX

static void
mark_always(struct ct_sigma_scratch *s)
{
	size_t i;

	for (i = 0; i < s->set->nvar; i++)
		if (s->set->var[i].always)
			s->mark[i] = MARK_ALWAYS;
}

struct ct_sigma_scratch *
ct_sigma_scratch_new(const struct ct_sigma_set *set)
{
	struct ct_sigma_scratch *s;

	if (!set->compiled)
		return NULL;
	s = ct_xcalloc(1, sizeof(*s));
	s->set = set;
	s->slot = ct_xcalloc(set->nsym + 1, sizeof(*s->slot));
	s->mark = ct_xcalloc(set->nvar + 1, sizeof(*s->mark));
	s->seen = ct_xcalloc(set->nrule + 1, sizeof(*s->seen));
	s->fdone = ct_xcalloc(set->nsym + 1, sizeof(*s->fdone));
	s->fmdone = ct_xcalloc(set->tab.nfm + 1, sizeof(*s->fmdone));
	mark_always(s);
	s->md = sg_re_match_data_new();
	return s;
}

void
ct_sigma_scratch_free(struct ct_sigma_scratch *s)
{
	if (!s)
		return;
	free(s->slot);
	free(s->mark);
	free(s->seen);
	free(s->fdone);
	free(s->fmdone);
	free(s->buf);
	free(s->present);
	free(s->hit);
	free(s->kwbuf);
	free(s->kwlow);
	free(s->fsym);
	sg_re_match_data_free(s->md);
	free(s);
}

void
ct_sigma_scratch_stats(const struct ct_sigma_scratch *s,
    struct ct_sigma_match_stats *out)
{
	*out = s->st;
}

/* ---- values ---- */

static const struct slot *
get(const struct ct_sigma_scratch *s, uint32_t sym)
{
	const struct slot *sl;

	if (sym >= s->set->nsym)
		return NULL;	/* SG_NOSYM */
	sl = &s->slot[sym];
	return sl->epoch == s->epoch ? sl : NULL;
}

/* Bytes of one UTF-8 character starting at p (1 for a stray byte). */
static size_t
char_len(const unsigned char *p, size_t n)
{
	size_t k = 1;

	if (p[0] >= 0xc0)
		while (k < n && k < 4 && (p[k] & 0xc0) == 0x80)
			k++;
	return k;
}

/*
 * Units u[0..nu) (bytes and SG_ANY, no SG_STAR) against v at its start:
 * the bytes consumed, or -1.
 */
static long
seg_at(const uint16_t *u, size_t nu, const char *v, size_t n)
{
	size_t i, pos = 0;

	for (i = 0; i < nu; i++) {
		if (pos >= n)
			return -1;
		if (u[i] == SG_ANY)
			pos += char_len((const unsigned char *)v + pos, n - pos);
		else if ((unsigned char)v[pos] == u[i])
			pos++;
		else
			return -1;
	}
	return (long)pos;
}

/* '*' and '?' patterns: segments between '*' placed leftmost in order. */
static int
glob_match(const uint16_t *u, size_t nu, const char *v, size_t n)
{
	size_t i = 0, pos = 0, start, end, any, k;
	long c;

	/* first segment, anchored at the start unless the pattern starts with '*' */
	if (u[0] != SG_STAR) {
		for (end = 0; end < nu && u[end] != SG_STAR; end++)
			;
		if (end == nu)
			return (c = seg_at(u, nu, v, n)) >= 0 && (size_t)c == n;
		if ((c = seg_at(u, end, v, n)) < 0)
			return 0;
		pos = (size_t)c;
		i = end;
	}
	for (;;) {
		/* u[i] is '*' */
		while (i < nu && u[i] == SG_STAR)
			i++;
		if (i == nu)
			return 1;	/* ends with '*' */
		start = i;
		for (end = start; end < nu && u[end] != SG_STAR; end++)
			;
		if (end == nu) {
			/* last segment: anchored at the end */
			size_t minb = end - start, maxb = 0, s0;

			for (any = 0, k = start; k < end; k++)
				any += u[k] == SG_ANY;
			maxb = minb + 3 * any;
			if (n < minb || n - minb < pos)
				return 0;
			s0 = n >= maxb ? n - maxb : 0;
			if (s0 < pos)
				s0 = pos;
			for (k = s0; k + minb <= n; k++)
				if ((c = seg_at(u + start, end - start, v + k,
				    n - k)) >= 0 && (size_t)c == n - k)
					return 1;
			return 0;
		}
		/* a middle segment: its leftmost occurrence from pos */
		for (k = pos; k < n; k++) {
			if (u[start] != SG_ANY) {
				const char *q = memchr(v + k, u[start], n - k);

				if (!q)
					return 0;
				k = (size_t)(q - v);
			}
			if ((c = seg_at(u + start, end - start, v + k, n - k)) >= 0)
				break;
		}
		if (k >= n)
			return 0;
		pos = k + (size_t)c;
		i = end;
	}
}

static int
parse_num(const char *v, size_t n, int64_t *out)
{
	char buf[32], *end;
	long long x;

	while (n && (*v == ' ' || *v == '\t')) {
		v++;
		n--;
	}
	if (n == 0 || n >= sizeof(buf))
		return -1;
	memcpy(buf, v, n);
	buf[n] = '\0';
	errno = 0;
	if (n > 2 && buf[0] == '0' && (buf[1] == 'x' || buf[1] == 'X'))
		x = (long long)strtoull(buf + 2, &end, 16);
	else
		x = strtoll(buf, &end, 10);
	if (end == buf || *end || errno)
		return -1;
	*out = x;
	return 0;
}

static int
cidr_match(const struct sg_pat *p, const char *v, size_t n)
{
	char buf[64];
	uint8_t a[16];
	int full = p->bits / 8, rest = p->bits % 8;
	char *pct;

	if (n == 0 || n >= sizeof(buf))
		return 0;
	memcpy(buf, v, n);
	buf[n] = '\0';
	if ((pct = strchr(buf, '%')))
		*pct = '\0';	/* fe80::1%12: the zone is not the address */
	if (p->fam == 4 ? inet_pton(AF_INET, buf, a) != 1 :
	    inet_pton(AF_INET6, buf, a) != 1)
		return 0;
	if (memcmp(a, p->net, (size_t)full) != 0)
		return 0;
	return rest == 0 || ((a[full] ^ p->net[full]) & (0xff00 >> rest)) == 0;
}

static int
pat_match(struct ct_sigma_scratch *s, const struct sg_pat *p,
    const struct slot *sl, const uint32_t *remap)
{
	const char *v;
	size_t n;
	int64_t x;

	switch (p->kind) {
	case PK_EMPTY:
		return !sl || sl->len == 0;
	case PK_EXISTS:
		return (sl != NULL) == (p->op != 0);
	default:
		break;
	}
	if (!sl)
		return 0;
	v = p->cased ? sl->v : sl->lv;
	n = sl->len;
	switch (p->kind) {
	case PK_EXACT:
		return n == p->len && memcmp(v, p->lit, n) == 0;
	case PK_PREFIX:
		return n >= p->len && memcmp(v, p->lit, p->len) == 0;
	case PK_SUFFIX:
		return n >= p->len && memcmp(v + n - p->len, p->lit,
		    p->len) == 0;
	case PK_CONTAINS:
		return n >= p->len && memmem(v, n, p->lit, p->len) != NULL;
	case PK_PRESENT:
		return 1;
	case PK_GLOB:
		return glob_match(p->u, p->nu, v, n);
	case PK_RE: {
		int rc = sg_re_match(p->re, s->md, sl->v, n);

		if (rc < 0)
			s->st.regex_errors++;
		return rc > 0;
	}
	case PK_CIDR:
		return cidr_match(p, sl->v, n);
	case PK_CMP:
		if (parse_num(sl->v, n, &x) != 0)
			return 0;
		switch (p->op) {
		case CMP_LT: return x < p->num;
		case CMP_LTE: return x <= p->num;
		case CMP_GT: return x > p->num;
		default: return x >= p->num;
		}
	case PK_FIELDREF: {
		const struct slot *o = get(s, remap ? remap[p->ref] : p->ref);
		const char *w;

		if (!o)
			return 0;
		w = p->cased ? o->v : o->lv;
		switch (p->op) {
		case REF_EQ:
			return o->len == n && memcmp(v, w, n) == 0;
		case REF_PREFIX:
			return n >= o->len && memcmp(v, w, o->len) == 0;
		case REF_SUFFIX:
			return n >= o->len && memcmp(v + n - o->len, w,
			    o->len) == 0;
		default:
			return o->len == 0 || (n >= o->len &&
			    memmem(v, n, w, o->len) != NULL);
		}
	}
	default:
		return 0;
	}
}

/* Lower-case copies of every data field, for keyword searches. */
static void
keyword_values(struct ct_sigma_scratch *s)
{
	const struct ct_sigma_event *ev = s->ev;
	size_t i, need = 0, off = 0;

	if (s->kwepoch == s->epoch)
		return;
	s->kwepoch = s->epoch;
	for (i = 0; i < ev->nfields; i++)
		need += ev->fields[i].value_len + 1;
	if (need > s->akw) {
		free(s->kwbuf);
		s->akw = need + 1024;
		s->kwbuf = ct_xmalloc(s->akw);
	}
	for (i = 0; i < ev->nfields; i++) {
		const struct ct_sigma_field *f = &ev->fields[i];
		const struct slot *sl = get(s, s->fsym[i]);

		if (sl && sl->v == f->value && sl->lv) {
			s->kwlow[i] = sl->lv;	/* lower-cased already */
			continue;
		}
		sg_lower(s->kwbuf + off, f->value, f->value_len);
		s->kwlow[i] = s->kwbuf + off;
		off += f->value_len + 1;
	}
}

static int
keyword_match(struct ct_sigma_scratch *s, const struct sg_item *it)
{
	const struct ct_sigma_event *ev = s->ev;
	size_t i, k;
	int r = it->all;

	keyword_values(s);
	for (k = 0; k < it->npat; k++) {
		int found = 0;

		for (i = 0; i < ev->nfields && !found; i++) {
			const struct ct_sigma_field *f = &ev->fields[i];
			struct slot sl;

			if (f->system)
				continue;
			sl.epoch = s->epoch;
			sl.len = (uint32_t)f->value_len;
			sl.v = f->value;
			sl.lv = s->kwlow[i];
			found = pat_match(s, &it->pat[k], &sl, NULL);
		}
		if (it->all && !found)
			return it->neg;
		if (!it->all && found) {
			r = 1;
			break;
		}
	}
	return it->neg ? !r : r;
}

static int
item_match(struct ct_sigma_scratch *s, const struct sg_item *it,
    const uint32_t *remap)
{
	const struct slot *sl;
	uint32_t k;
	int r;

	if (it->sym == SG_NOSYM)
		return keyword_match(s, it);
	sl = get(s, remap ? remap[it->sym] : it->sym);
	r = it->all && it->npat > 0;
	for (k = 0; k < it->npat; k++) {
		int m = pat_match(s, &it->pat[k], sl, remap);

		if (it->all && !m) {
			r = 0;
			break;
		}
		if (!it->all && m) {
			r = 1;
			break;
		}
	}
	return it->neg ? !r : r;
}

static int
eval(struct ct_sigma_scratch *s, const struct sg_node *x,
    const uint32_t *remap)
{
	uint32_t i;

	switch (x->kind) {
	case NK_ITEM:
		return item_match(s, x->item, remap);
	case NK_AND:
		for (i = 0; i < x->n; i++)
			if (!eval(s, x->kid[i], remap))
				return 0;
		return 1;
	case NK_OR:
		for (i = 0; i < x->n; i++)
			if (eval(s, x->kid[i], remap))
				return 1;
		return 0;
	case NK_NOT:
		return !eval(s, x->kid[0], remap);
	case NK_TRUE:
		return 1;
	default:
		return 0;
	}
}

/* ---- the event ---- */

static const struct sg_list *
find_list(const struct sg_chan *ch, int64_t eid)
{
	size_t lo = 0, hi = ch->ne;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;

		if (ch->e[mid].eid == eid)
			return &ch->e[mid].list;
		if (ch->e[mid].eid < eid)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

static const struct sg_chan *
find_chan(const struct ct_sigma_set *set, const char *name, size_t n)
{
	uint32_t h = sg_hash_lower(name, n), i;

	for (i = h & (uint32_t)(set->nchan - 1); set->chan[i].name;
	    i = (i + 1) & (uint32_t)(set->nchan - 1))
		if (set->chan[i].hash == h &&
		    strlen(set->chan[i].name) == n &&
		    memcmp(set->chan[i].name, name, n) == 0)
			return &set->chan[i];
	return NULL;
}

/* The event's channel in the index (cached: logs come in runs). */
static const struct sg_chan *
event_chan(struct ct_sigma_scratch *s, const char *chan)
{
	size_t n;
	char low[sizeof(s->lastchan)];

	if (!chan || !*chan)
		return NULL;
	if (s->havelast && strcmp(s->lastchan, chan) == 0)
		return s->lastch;
	n = strlen(chan);
	if (n >= sizeof(low))
		return NULL;	/* no channel name is this long */
	sg_lower(low, chan, n);
	memcpy(s->lastchan, chan, n + 1);
	s->lastch = s->set->nchan ? find_chan(s->set, low, n) : NULL;
	s->havelast = 1;
	return s->lastch;
}

static void
put(struct ct_sigma_scratch *s, uint32_t sym, const char *v, size_t n)
{
	struct slot *sl;

	if (sym == SG_NOSYM || sym >= s->set->nsym)
		return;
	sl = &s->slot[sym];
	if (sl->epoch == s->epoch)
		return;		/* the first value of a name wins */
	sl->epoch = s->epoch;
	sl->v = v;
	sl->len = (uint32_t)n;
	sl->lv = NULL;
	if (s->npresent == s->apresent) {
		s->apresent = s->apresent ? s->apresent * 2 : 64;
		s->present = ct_xreallocarray(s->present, s->apresent,
		    sizeof(*s->present));
	}
	s->present[s->npresent++] = sym;
}

/* Room for n more bytes in buf, which is not moved once values point into it. */
static char *
take(struct ct_sigma_scratch *s, size_t n)
{
	char *p;

	if (s->nbuf + n > s->abuf)
		return NULL;
	p = s->buf + s->nbuf;
	s->nbuf += n;
	return p;
}

static void
put_derived(struct ct_sigma_scratch *s, uint32_t vsym, const char *v,
    size_t n)
{
	char *p = take(s, 2 * n);

	if (!p)
		return;
	memcpy(p, v, n);
	sg_lower(p + n, v, n);
	put(s, vsym, p, n);
	s->slot[vsym].lv = p + n;
}

static size_t
derived_need(const struct ct_sigma_scratch *s, const struct sg_fieldmap *fm)
{
	size_t i, need = 0;

	for (i = 0; i < fm->n; i++) {
		const struct sg_fm_entry *e = &fm->e[i];
		const struct slot *a = get(s, e->ssym), *b, *c;

		switch (e->kind) {
		case FM_HEX:
			need += 64;
			break;
		case FM_JOIN:
			b = get(s, e->ssym2);
			need += 2 * ((a ? a->len : 0) + (b ? b->len : 0) +
			    strlen(e->sep));
			break;
		case FM_ACCOUNT:
			b = get(s, e->ssym2);
			c = get(s, e->ssym3);
			need += 2 * ((b ? b->len : 0) + (c ? c->len : 0) + 40);
			break;
		case FM_MAP: {
			size_t k, m = 0;

			for (k = 0; k < e->npairs; k++)
				if (strlen(e->to[k]) > m)
					m = strlen(e->to[k]);
			need += 2 * m;
			break;
		}
		default:
			break;
		}
	}
	return need;
}

static void
derive(struct ct_sigma_scratch *s, const struct sg_fieldmap *fm)
{
	size_t i;

	for (i = 0; i < fm->n; i++) {
		const struct sg_fm_entry *e = &fm->e[i];
		const struct slot *a = get(s, e->ssym), *b, *c;
		char tmp[64];

		switch (e->kind) {
		case FM_HEX: {
			int64_t x;
			int k;

			if (!a || a->len < 3 || a->v[0] != '0' ||
			    (a->v[1] != 'x' && a->v[1] != 'X') ||
			    parse_num(a->v, a->len, &x) != 0)
				break;
			k = snprintf(tmp, sizeof(tmp), "%" PRId64, x);
			put_derived(s, e->vsym, tmp, (size_t)k);
			break;
		}
		case FM_JOIN: {
			size_t ls = strlen(e->sep), n;
			char *p;

			b = get(s, e->ssym2);
			if (!a || !b)
				break;
			n = a->len + ls + b->len;
			if (!(p = take(s, 2 * n)))
				break;
			memcpy(p, a->v, a->len);
			memcpy(p + a->len, e->sep, ls);
			memcpy(p + a->len + ls, b->v, b->len);
			sg_lower(p + n, p, n);
			put(s, e->vsym, p, n);
			s->slot[e->vsym].lv = p + n;
			break;
		}
		case FM_ACCOUNT: {
			static const struct {
				const char *sid, *name;
			} wk[] = {
				{ "S-1-5-18", "NT AUTHORITY\\SYSTEM" },
				{ "S-1-5-19", "NT AUTHORITY\\LOCAL SERVICE" },
				{ "S-1-5-20", "NT AUTHORITY\\NETWORK SERVICE" },
			};
			size_t k, n;
			char *p;

			b = get(s, e->ssym2);
			c = get(s, e->ssym3);
			for (k = 0; a && k < CT_ARRAY_SIZE(wk); k++)
				if (a->len == strlen(wk[k].sid) &&
				    memcmp(a->v, wk[k].sid, a->len) == 0)
					break;
			if (a && k < CT_ARRAY_SIZE(wk)) {
				put_derived(s, e->vsym, wk[k].name,
				    strlen(wk[k].name));
				break;
			}
			if (!b || !c)
				break;
			n = b->len + 1 + c->len;
			if (!(p = take(s, 2 * n)))
				break;
			memcpy(p, b->v, b->len);
			p[b->len] = '\\';
			memcpy(p + b->len + 1, c->v, c->len);
			sg_lower(p + n, p, n);
			put(s, e->vsym, p, n);
			s->slot[e->vsym].lv = p + n;
			break;
		}
		case FM_MAP: {
			size_t k;

			for (k = 0; a && k < e->npairs; k++)
				if (strlen(e->from[k]) == a->len &&
				    strncasecmp(e->from[k], a->v, a->len) == 0) {
					put_derived(s, e->vsym, e->to[k],
					    strlen(e->to[k]));
					break;
				}
			break;
		}
		default:
			break;
		}
	}
}

static uint32_t
load_gram(const char *p, uint32_t gram)
{
	const unsigned char *u = (const unsigned char *)p;

	if (gram == 2)
		return (uint32_t)u[0] | (uint32_t)u[1] << 8;
	return (uint32_t)u[0] | (uint32_t)u[1] << 8 | (uint32_t)u[2] << 16 |
	    (uint32_t)u[3] << 24;
}

/* Mark the variants whose literals occur in a value (see sigma-int.h). */
static void
run_filter(struct ct_sigma_scratch *s, const struct sg_filter *f,
    const char *v, size_t n)
{
	size_t i, last;
	uint32_t tmask, tshift;

	if (!f || n < f->minlen)
		return;
	tmask = f->ntab - 1;
	tshift = 32 - f->tbits;
	last = n - f->gram;
	for (i = 0; i <= last; i++) {
		uint32_t g = load_gram(v + i, f->gram);
		uint32_t h = (g * 2654435761u) >> (32 - SG_FBITS), k, j;

		if (!(f->bits[h / 64] >> (h % 64) & 1))
			continue;
		for (k = (g * 2654435761u) >> tshift; f->tab[k].n;
		    k = (k + 1) & tmask) {
			if (f->tab[k].gram != g)
				continue;
			for (j = 0; j < f->tab[k].n; j++) {
				const struct sg_lit *l =
				    &f->lit[f->glit[f->tab[k].first + j]];
				size_t at;
				uint32_t x;

				if (i < l->off)
					continue;
				at = i - l->off;
				if (at + l->len > n)
					continue;
				if ((l->where == LIT_PREFIX ||
				    l->where == LIT_EXACT) && at != 0)
					continue;
				if ((l->where == LIT_SUFFIX ||
				    l->where == LIT_EXACT) && at + l->len != n)
					continue;
				if (memcmp(v + at, l->s, l->len) != 0)
					continue;
				for (x = 0; x < l->vn; x++)
					s->mark[f->var[l->voff + x]] = s->epoch;
			}
			break;
		}
	}
}

/* The keyword filters over every data field. */
static void
keyword_filters(struct ct_sigma_scratch *s)
{
	const struct ct_sigma_set *set = s->set;
	size_t i;

	keyword_values(s);
	for (i = 0; i < s->ev->nfields; i++) {
		const struct ct_sigma_field *f = &s->ev->fields[i];

		if (f->system)
			continue;
		run_filter(s, set->filter[2 * (size_t)set->sym_kw],
		    s->kwlow[i], f->value_len);
		run_filter(s, set->filter[2 * (size_t)set->sym_kw + 1],
		    s->kwlow[i], f->value_len);
	}
}

/*
 * The symbol of an event's field name. Sigma names fields "as they appear
 * in the log source" with spaces stripped ("Threat Name" of Defender
 * events is ThreatName), so names with spaces are looked up without them.
 */
static uint32_t
field_sym(const struct ct_sigma_set *set, const char *name, size_t n)
{
	char buf[256];
	size_t i, k = 0;

	if (!memchr(name, ' ', n))
		return sg_sym_find(&set->syms, name, n);
	if (n > sizeof(buf))
		return SG_NOSYM;
	for (i = 0; i < n; i++)
		if (name[i] != ' ')
			buf[k++] = name[i];
	return sg_sym_find(&set->syms, buf, k);
}

/*
 * field_sym() through a small cache of exact names (events of one kind
 * repeat the same few dozen), indexed by the length and two bytes.
 */
static uint32_t
cached_sym(struct ct_sigma_scratch *s, const char *name, size_t n)
{
	struct namecache *c;
	unsigned h;

	if (n == 0 || n > sizeof(c->name))
		return field_sym(s->set, name, n);
	h = ((unsigned)n * 31u + (unsigned char)name[0] * 7u +
	    (unsigned char)name[n - 1] * 13u + (unsigned char)name[n / 2]) &
	    (CT_ARRAY_SIZE(s->nc) - 1);
	c = &s->nc[h];
	if (c->len == n && memcmp(c->name, name, n) == 0)
		return c->sym;
	c->sym = field_sym(s->set, name, n);
	c->len = (uint32_t)n;
	memcpy(c->name, name, n);
	return c->sym;
}

static int
hit_cmp(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return x < y ? -1 : x > y;
}

/*
 * Steps 1 to 3 for one event: the lists of its channel and event ID
 * (returned in lists, at most four), its fields in their slots, lower-cased,
 * and the derived values of the lists' field maps. Returns the number of
 * lists; 0 when no rule can match the event (the slots are then not set).
 */
static size_t
load_event(const struct ct_sigma_set *set, struct ct_sigma_scratch *s,
    const struct ct_sigma_event *ev, const struct sg_list **lists)
{
	const struct sg_chan *ch, *any;
	size_t nl = 0, i, need;
	uint32_t k;

	if (++s->epoch == MARK_ALWAYS) {
		/* wrapped: forget every stamp */
		memset(s->slot, 0, set->nsym * sizeof(*s->slot));
		memset(s->mark, 0, set->nvar * sizeof(*s->mark));
		mark_always(s);
		memset(s->seen, 0, set->nrule * sizeof(*s->seen));
		memset(s->fdone, 0, set->nsym * sizeof(*s->fdone));
		memset(s->fmdone, 0, set->tab.nfm * sizeof(*s->fmdone));
		s->kwepoch = 0;
		s->epoch = 1;
	}
	ch = event_chan(s, ev->channel);
	any = set->nchan ? find_chan(set, "*", 1) : NULL;
	if (ch) {
		if (ev->event_id >= 0 && (lists[nl] = find_list(ch,
		    ev->event_id)))
			nl++;
		if ((lists[nl] = find_list(ch, -1)))
			nl++;
	}
	if (any) {
		if (ev->event_id >= 0 && (lists[nl] = find_list(any,
		    ev->event_id)))
			nl++;
		if ((lists[nl] = find_list(any, -1)))
			nl++;
	}
	if (nl == 0)
		return 0;
	s->ev = ev;
	s->npresent = 0;

	/* slots: System values first, then the fields */
	if (ev->event_id >= 0) {
		int n = snprintf(s->evid, sizeof(s->evid), "%" PRId64,
		    ev->event_id);

		put(s, set->sym_eventid, s->evid, (size_t)n);
	}
	if (ev->provider)
		put(s, set->sym_provider, ev->provider, strlen(ev->provider));
	need = 0;
	if (ev->nfields > s->akwlow) {
		s->akwlow = ev->nfields + 32;
		s->kwlow = ct_xreallocarray(s->kwlow, s->akwlow,
		    sizeof(*s->kwlow));
		s->fsym = ct_xreallocarray(s->fsym, s->akwlow,
		    sizeof(*s->fsym));
	}
	for (i = 0; i < ev->nfields; i++) {
		const struct ct_sigma_field *f = &ev->fields[i];
		uint32_t sym = cached_sym(s, f->name, f->name_len);

		s->fsym[i] = sym;
		if (sym != SG_NOSYM && sym < set->nsym &&
		    s->slot[sym].epoch != s->epoch) {
			put(s, sym, f->value, f->value_len);
			need += f->value_len;
		}
	}
	/*
	 * Channel after the data: an EventData "Channel" names the log an
	 * event is about (System 104, "log cleared", says which log), and
	 * rules mean that one when there is one.
	 */
	if (ev->channel) {
		put(s, set->sym_channel, ev->channel, strlen(ev->channel));
		need += strlen(ev->channel);
	}
	if (ev->provider)
		need += strlen(ev->provider);
	need += sizeof(s->evid);
	for (i = 0; i < nl; i++)
		for (k = 0; k < lists[i]->nfm; k++)
			need += derived_need(s, &set->tab.fm[lists[i]->fm[k]]);
	if (need + 64 > s->abuf) {
		free(s->buf);
		s->abuf = need + need / 2 + 4096;
		s->buf = ct_xmalloc(s->abuf);
	}
	s->nbuf = 0;
	/* lower-case every present value */
	for (i = 0; i < s->npresent; i++) {
		struct slot *sl = &s->slot[s->present[i]];
		char *p;

		if (sl->lv)
			continue;
		if (!(p = take(s, sl->len)))
			abort();	/* need was counted above */
		sg_lower(p, sl->v, sl->len);
		sl->lv = p;
	}
	for (i = 0; i < nl; i++)
		for (k = 0; k < lists[i]->nfm; k++) {
			uint32_t fm = lists[i]->fm[k];

			if (s->fmdone[fm] == s->epoch)
				continue;
			s->fmdone[fm] = s->epoch;
			derive(s, &set->tab.fm[fm]);
		}
	return nl;
}

size_t
ct_sigma_match(const struct ct_sigma_set *set, struct ct_sigma_scratch *s,
    const struct ct_sigma_event *ev, ct_sigma_match_fn *fn, void *arg)
{
	const struct sg_list *lists[4];
	size_t nl, i;
	uint32_t k;

	if (!s || s->set != set || !set->compiled)
		return 0;
	s->st.events++;
	if ((nl = load_event(set, s, ev, lists)) == 0)
		return 0;
	/* literal filters */
	for (i = 0; i < nl; i++)
		for (k = 0; k < lists[i]->nfsym; k++) {
			uint32_t sym = lists[i]->fsym[k];
			const struct slot *sl = get(s, sym);

			if (s->fdone[sym] == s->epoch)
				continue;
			s->fdone[sym] = s->epoch;
			if (sym == set->sym_kw) {
				keyword_filters(s);
				continue;
			}
			if (!sl)
				continue;
			run_filter(s, set->filter[2 * (size_t)sym], sl->lv,
			    sl->len);
			run_filter(s, set->filter[2 * (size_t)sym + 1], sl->lv,
			    sl->len);
		}
	/* evaluate */
	s->nhit = 0;
	for (i = 0; i < nl; i++) {
		const struct sg_list *l = lists[i];

		s->st.considered += l->n;
		for (k = 0; k < l->n; k++) {
			uint32_t m = s->mark[l->v[k]];
			const struct sg_variant *v;
			const struct sg_rule *r;

			if (m != s->epoch && m != MARK_ALWAYS)
				continue;
			v = &set->var[l->v[k]];
			r = set->rule[v->rule];
			if (s->seen[v->rule] == s->epoch)
				continue;
			if (v->provider && (!ev->provider ||
			    strcasecmp(v->provider, ev->provider) != 0))
				continue;
			s->st.evaluated++;
			if (!eval(s, r->cond, v->remap))
				continue;
			s->seen[v->rule] = s->epoch;
			if (s->nhit == s->ahit) {
				s->ahit = s->ahit ? s->ahit * 2 : 16;
				s->hit = ct_xreallocarray(s->hit, s->ahit,
				    sizeof(*s->hit));
			}
			s->hit[s->nhit++] = v->rule;
		}
	}
	s->st.matched += s->nhit;
	if (nl > 1 && s->nhit > 1)
		qsort(s->hit, s->nhit, sizeof(*s->hit), hit_cmp);
	if (fn)
		for (i = 0; i < s->nhit; i++)
			fn(arg, &set->rule[s->hit[i]]->pub);
	return s->nhit;
}

/* ---- what made a rule match ---- */

/* The data fields in which a keyword item's values occur. */
static void
explain_keywords(struct ct_sigma_scratch *s, const struct sg_item *it,
    ct_sigma_field_fn *fn, void *arg)
{
	const struct ct_sigma_event *ev = s->ev;
	size_t i;
	uint32_t k;

	keyword_values(s);
	for (i = 0; i < ev->nfields; i++) {
		const struct ct_sigma_field *f = &ev->fields[i];
		struct slot sl;

		if (f->system)
			continue;
		sl.epoch = s->epoch;
		sl.len = (uint32_t)f->value_len;
		sl.v = f->value;
		sl.lv = s->kwlow[i];
		for (k = 0; k < it->npat; k++)
			if (pat_match(s, &it->pat[k], &sl, NULL)) {
				fn(arg, f->name, f->name_len, f->value,
				    f->value_len);
				break;
			}
	}
}

/*
 * Report the fields of the items that hold in the branches that make a
 * true node true: every child of an "and", the true children of an "or",
 * nothing under a "not" (what is absent did not match anything) and no
 * item that holds because its field is absent.
 */
static void
explain(struct ct_sigma_scratch *s, const struct sg_node *x,
    const uint32_t *remap, ct_sigma_field_fn *fn, void *arg, int depth)
{
	const struct sg_item *it;
	const struct slot *sl;
	uint32_t i;

	if (depth > CT_SIGMA_MAX_DEPTH * 2)
		return;		/* the compiler caps nesting; stay bounded */
	switch (x->kind) {
	case NK_ITEM:
		it = x->item;
		if (it->neg || !item_match(s, it, remap))
			return;
		if (it->sym == SG_NOSYM) {
			explain_keywords(s, it, fn, arg);
			return;
		}
		sl = get(s, remap ? remap[it->sym] : it->sym);
		if (sl)
			fn(arg, it->field, strlen(it->field), sl->v, sl->len);
		return;
	case NK_AND:
		for (i = 0; i < x->n; i++)
			explain(s, x->kid[i], remap, fn, arg, depth + 1);
		return;
	case NK_OR:
		for (i = 0; i < x->n; i++)
			if (eval(s, x->kid[i], remap))
				explain(s, x->kid[i], remap, fn, arg, depth + 1);
		return;
	default:
		return;
	}
}

int
ct_sigma_match_explain(const struct ct_sigma_set *set,
    struct ct_sigma_scratch *s, const struct ct_sigma_event *ev,
    const struct ct_sigma_rule *rule, ct_sigma_field_fn *fn, void *arg)
{
	const struct sg_list *lists[4];
	const struct sg_rule *r;
	size_t nl, i;
	uint32_t k;

	if (!s || s->set != set || !set->compiled || !rule ||
	    rule->index >= set->nrule || &set->rule[rule->index]->pub != rule)
		return 0;
	r = set->rule[rule->index];
	if ((nl = load_event(set, s, ev, lists)) == 0)
		return 0;
	for (i = 0; i < nl; i++)
		for (k = 0; k < lists[i]->n; k++) {
			const struct sg_variant *v = &set->var[lists[i]->v[k]];

			if (v->rule != rule->index)
				continue;
			if (v->provider && (!ev->provider ||
			    strcasecmp(v->provider, ev->provider) != 0))
				continue;
			if (!eval(s, r->cond, v->remap))
				continue;
			if (fn)
				explain(s, r->cond, v->remap, fn, arg, 0);
			return 1;
		}
	return 0;
}
