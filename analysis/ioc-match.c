/*
 * ioc-match.c - ct_ioc_match(): every valid indicator (with to_ids)
 * against all evidence of a case, in one pass over each evidence table.
 *
 * Indicators go into in-memory hash maps keyed by their canonical form
 * (ioc-value.c makes it): hashes, addresses (plus a list of CIDR ranges),
 * domains, URL keys (host[:port]/path[?query]), URL paths and file names.
 * Evidence is read once: single-valued columns (file hashes, addresses,
 * DNS names, file names) are looked up directly; free text (command
 * lines, script text, URLs, the JSON of every event field) goes through a
 * tokenizer that extracts IPv4/IPv6 addresses, host names, URL host+path
 * and hexadecimal runs, each looked up in O(1) - so the cost grows with
 * the evidence, not with evidence x indicators. Domains match their
 * subdomains by looking up every dot-suffix of a host name.
 *
 * Work is split into chunks of row ids; one thread per core reads chunks
 * through its own read-only connection (WAL lets readers run beside the
 * writer) and hands hits, in batches, to the case connection that writes
 * them inside one transaction.
 */
#include "compat.h"

#include <arpa/inet.h>
#include <jansson.h>
#include <pthread.h>
#include <unistd.h>

#include "buf.h"
#include "threadname.h"
#include "ioc-form.h"
#include "ioc-match.h"
#include "sql.h"
#include "xalloc.h"

/* Rows per work chunk, and hits a thread keeps before writing them. */
#define MATCH_CHUNK_ROWS	20000
#define MATCH_HIT_BATCH		4096
/* Longest host name or URL key looked up (longer ones cannot be indicators). */
#define MATCH_MAX_KEY		2048
/* Longest matched text stored with a hit. */
#define MATCH_MAX_SHOWN		512

/* ---- a string -> indicator ids map (open addressing, FNV-1a) ---- */

struct ref {
	int64_t id;
	int port;		/* ip|port indicators: the port; else -1 */
};

struct entry {
	char *key;
	uint32_t hash;
	struct ref *refs;
	int nrefs;
};

struct smap {
	struct entry *tab;
	size_t cap, n;
};

static uint32_t
fnv(const char *s, size_t n)
{
	uint32_t h = 2166136261u;
	size_t i;

	for (i = 0; i < n; i++) {
		h ^= (unsigned char)s[i];
		h *= 16777619u;
	}
	return h;
}

static struct entry *
smap_find(const struct smap *m, const char *k, size_t n)
{
	uint32_t h;
	size_t i;

	if (m->n == 0)
		return NULL;
	h = fnv(k, n);
	for (i = h & (m->cap - 1); m->tab[i].key; i = (i + 1) & (m->cap - 1))
		if (m->tab[i].hash == h && strncmp(m->tab[i].key, k, n) == 0 &&
		    m->tab[i].key[n] == '\0')
			return &m->tab[i];
	return NULL;
}

static void
smap_put(struct smap *m, const char *k, int64_t id, int port)
{
	struct entry *e;
	size_t n = strlen(k), i;
	uint32_t h;

	if ((m->n + 1) * 2 > m->cap) {
		struct entry *old = m->tab;
		size_t ocap = m->cap;

		m->cap = m->cap ? m->cap * 2 : 64;
		m->tab = ct_xcalloc(m->cap, sizeof(*m->tab));
		for (i = 0; i < ocap; i++) {
			size_t j;

			if (!old[i].key)
				continue;
			for (j = old[i].hash & (m->cap - 1); m->tab[j].key;
			    j = (j + 1) & (m->cap - 1))
				;
			m->tab[j] = old[i];
		}
		free(old);
	}
	e = smap_find(m, k, n);
	if (!e) {
		h = fnv(k, n);
		for (i = h & (m->cap - 1); m->tab[i].key;
		    i = (i + 1) & (m->cap - 1))
			;
		e = &m->tab[i];
		e->key = ct_xstrdup(k);
		e->hash = h;
		m->n++;
	}
	e->refs = ct_xreallocarray(e->refs, (size_t)e->nrefs + 1,
	    sizeof(*e->refs));
	e->refs[e->nrefs].id = id;
	e->refs[e->nrefs].port = port;
	e->nrefs++;
}

static void
smap_release(struct smap *m)
{
	size_t i;

	for (i = 0; i < m->cap; i++) {
		free(m->tab[i].key);
		free(m->tab[i].refs);
	}
	free(m->tab);
	memset(m, 0, sizeof(*m));
}

/* ---- the indicator set ---- */

struct cidr {
	int family;		/* 4 or 6 */
	uint8_t net[16];
	int bits;
	int64_t id;
};

struct iset {
	struct smap hashes, ips, domains, urls, uris, names;
	struct cidr *cidrs;
	size_t ncidrs;
	int has_v6;
	unsigned count;
	int min_labels, max_labels;	/* of the domain indicators */
};

static int
labels(const char *s, size_t n)
{
	int k = 1;
	size_t i;

	for (i = 0; i < n; i++)
		k += s[i] == '.';
	return k;
}

static int
parse_addr(const char *s, uint8_t out[16])
{
	struct in_addr a4;
	struct in6_addr a6;

	if (strchr(s, ':') == NULL && inet_pton(AF_INET, s, &a4) == 1) {
		memcpy(out, &a4, 4);
		return 4;
	}
	if (inet_pton(AF_INET6, s, &a6) == 1) {
		memcpy(out, &a6, 16);
		return 6;
	}
	return 0;
}

static int
in_cidr(const struct cidr *c, int fam, const uint8_t *a)
{
	int full = c->bits / 8, rest = c->bits % 8;

	if (fam != c->family)
		return 0;
	if (memcmp(a, c->net, (size_t)full) != 0)
		return 0;
	if (rest == 0)
		return 1;
	return ((a[full] ^ c->net[full]) & (0xff00 >> rest)) == 0;
}

static void
iset_add(struct iset *s, int64_t id, enum ct_ioc_class cls, const char *norm)
{
	switch (cls) {
	case CT_IOC_MD5: case CT_IOC_SHA1: case CT_IOC_SHA256: case CT_IOC_SHA512:
	case CT_IOC_IMPHASH:
		smap_put(&s->hashes, norm, id, -1);
		break;
	case CT_IOC_IP: {
		const char *slash = strchr(norm, '/');

		if (slash) {
			char addr[64];
			struct cidr c;

			snprintf(addr, sizeof(addr), "%.*s",
			    (int)(slash - norm), norm);
			memset(&c, 0, sizeof(c));
			c.family = parse_addr(addr, c.net);
			c.bits = (int)strtol(slash + 1, NULL, 10);
			c.id = id;
			if (c.family == 0)
				return;
			s->cidrs = ct_xreallocarray(s->cidrs, s->ncidrs + 1,
			    sizeof(*s->cidrs));
			s->cidrs[s->ncidrs++] = c;
			if (c.family == 6)
				s->has_v6 = 1;
		} else {
			smap_put(&s->ips, norm, id, -1);
			if (strchr(norm, ':'))
				s->has_v6 = 1;
		}
		break;
	}
	case CT_IOC_IP_PORT: {
		const char *bar = strrchr(norm, '|');
		char addr[64];

		if (!bar)
			return;
		snprintf(addr, sizeof(addr), "%.*s", (int)(bar - norm), norm);
		smap_put(&s->ips, addr, id, (int)strtol(bar + 1, NULL, 10));
		if (strchr(addr, ':'))
			s->has_v6 = 1;
		break;
	}
	case CT_IOC_DOMAIN: {
		int k = labels(norm, strlen(norm));

		if (s->domains.n == 0 || k < s->min_labels)
			s->min_labels = k;
		if (k > s->max_labels)
			s->max_labels = k;
		smap_put(&s->domains, norm, id, -1);
		break;
	}
	case CT_IOC_URL: {
		const char *key = ct_ioc_url_key(norm);

		if (key)
			smap_put(&s->urls, key, id, -1);
		break;
	}
	case CT_IOC_URI:
		smap_put(&s->uris, norm, id, -1);
		break;
	case CT_IOC_FILENAME:
		smap_put(&s->names, norm, id, -1);
		break;
	default:
		return;
	}
	s->count++;
}

static void
iset_release(struct iset *s)
{
	smap_release(&s->hashes);
	smap_release(&s->ips);
	smap_release(&s->domains);
	smap_release(&s->urls);
	smap_release(&s->uris);
	smap_release(&s->names);
	free(s->cidrs);
}

/*
 * Load the indicators: the class of each comes from its stored type, and
 * its stored normalized value is the canonical form (ioc-form.h).
 */
static enum ct_status
iset_load(struct ct_case *c, struct iset *s, struct ct_error *err)
{
	sqlite3_stmt *st;
	enum ct_status rc;

	if ((rc = ct_case_prepare(c, "SELECT id, type, normalized FROM "
	    "indicator WHERE valid = 1 AND to_ids = 1 AND normalized IS NOT "
	    "NULL", &st, err)))
		return rc;
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *type = (const char *)sqlite3_column_text(st, 1);
		const char *norm = (const char *)sqlite3_column_text(st, 2);
		enum ct_ioc_class cls = ct_ioc_class_of(type);

		if (cls != CT_IOC_NONE && norm)
			iset_add(s, sqlite3_column_int64(st, 0), cls, norm);
	}
	sqlite3_finalize(st);
	return CT_OK;
}

/* ---- hits ---- */

struct hit {
	int64_t indicator, record;
	char *field;
	char *matched;
};

struct matcher;

struct worker {
	struct matcher *m;
	sqlite3 *db;
	struct hit *hits;
	size_t nhits;
	int64_t record;		/* record being scanned */
	int64_t *seen;		/* indicators already hit on it */
	size_t nseen, aseen;
	int probe;		/* only note whether anything would hit */
	int probe_hit;
	uint64_t rows;
	int failed;
};

struct job {
	const char *table;
	int64_t lo, hi;		/* rowid range [lo, hi) */
};

struct matcher {
	struct ct_case *c;
	struct iset set;
	pthread_mutex_t lock;	/* guards the case connection and jobs */
	sqlite3_stmt *ins;
	struct job *jobs;
	size_t njobs, next;
	int db_failed;
	uint64_t rows;
};

static int
seen_before(struct worker *w, int64_t id)
{
	size_t i;

	for (i = 0; i < w->nseen; i++)
		if (w->seen[i] == id)
			return 1;
	return 0;
}

static void
flush_hits(struct worker *w)
{
	struct matcher *m = w->m;
	size_t i;

	pthread_mutex_lock(&m->lock);
	for (i = 0; i < w->nhits; i++) {
		struct hit *h = &w->hits[i];

		if (!m->db_failed) {
			sqlite3_bind_int64(m->ins, 1, h->indicator);
			sqlite3_bind_int64(m->ins, 2, h->record);
			sqlite3_bind_text(m->ins, 3, h->field, -1,
			    SQLITE_STATIC);
			sqlite3_bind_text(m->ins, 4, h->matched, -1,
			    SQLITE_STATIC);
			if (sqlite3_step(m->ins) != SQLITE_DONE)
				m->db_failed = 1;
			sqlite3_reset(m->ins);
		}
		free(h->field);
		free(h->matched);
	}
	pthread_mutex_unlock(&m->lock);
	w->nhits = 0;
}

/* Record hits for every indicator of e (port: -1 when not known). */
static void
emit(struct worker *w, const struct entry *e, const char *field,
    const char *text, size_t len, int port, int skip_seen)
{
	int i;

	for (i = 0; i < e->nrefs; i++) {
		const struct ref *r = &e->refs[i];
		struct hit *h;

		if (r->port >= 0 && r->port != port)
			continue;
		if (skip_seen && seen_before(w, r->id))
			continue;
		if (w->probe) {
			w->probe_hit = 1;
			continue;
		}
		if (w->nhits == 0)
			w->hits = w->hits ? w->hits : ct_xcalloc(
			    MATCH_HIT_BATCH, sizeof(*w->hits));
		h = &w->hits[w->nhits++];
		h->indicator = r->id;
		h->record = w->record;
		h->field = ct_xstrdup(field);
		{
			struct ct_buf b = CT_BUF_INIT;

			ct_buf_add_utf8_clean(&b, text, len > MATCH_MAX_SHOWN ?
			    MATCH_MAX_SHOWN : len);
			h->matched = ct_buf_detach(&b, NULL);
		}
		if (!seen_before(w, r->id)) {
			if (w->nseen == w->aseen) {
				w->aseen = w->aseen ? w->aseen * 2 : 16;
				w->seen = ct_xreallocarray(w->seen, w->aseen,
				    sizeof(*w->seen));
			}
			w->seen[w->nseen++] = r->id;
		}
		if (w->nhits == MATCH_HIT_BATCH)
			flush_hits(w);
	}
}

static void
start_record(struct worker *w, int64_t record)
{
	w->record = record;
	w->nseen = 0;
}

/* Lower-case copy of [s, s+n) into out (MATCH_MAX_KEY + 1 bytes); 0 if too long. */
static int
lower_copy(char *out, const char *s, size_t n)
{
	size_t i;

	if (n > MATCH_MAX_KEY)
		return 0;
	for (i = 0; i < n; i++)
		out[i] = (s[i] >= 'A' && s[i] <= 'Z') ? (char)(s[i] + 32) :
		    s[i];
	out[n] = '\0';
	return 1;
}

/* Four decimal octets 0-255, no leading zeros: inet_ntop's own form. */
static int
canonical_v4(const char *s, size_t n)
{
	size_t i, dots = 0, digits = 0;
	int v = 0;

	for (i = 0; i <= n; i++) {
		if (i == n || s[i] == '.') {
			if (digits == 0 || v > 255)
				return 0;
			if (i < n)
				dots++;
			digits = 0;
			v = 0;
		} else if (s[i] >= '0' && s[i] <= '9') {
			if (digits == 1 && v == 0)
				return 0;	/* leading zero */
			v = v * 10 + (s[i] - '0');
			digits++;
			if (digits > 3)
				return 0;
		} else
			return 0;
	}
	return dots == 3;
}

/* An address in any field: exact and CIDR lookups. */
static void
match_ip(struct worker *w, const char *field, const char *s, size_t n,
    int port, int skip_seen)
{
	const struct iset *set = &w->m->set;
	char buf[64], canon[INET6_ADDRSTRLEN];
	uint8_t a[16];
	int fam;
	size_t i;
	const struct entry *e;

	if (n == 0 || n >= sizeof(buf))
		return;
	memcpy(buf, s, n);
	buf[n] = '\0';
	/*
	 * Fast path: a dotted quad without leading zeros is already in
	 * canonical form; look it up as it is (inet_ntop formats with
	 * sprintf, which costs more than the whole lookup).
	 */
	if (set->ncidrs == 0 && canonical_v4(buf, n)) {
		if ((e = smap_find(&set->ips, buf, n)))
			emit(w, e, field, s, n, port, skip_seen);
		return;
	}
	fam = parse_addr(buf, a);
	if (fam == 0)
		return;
	/* 5.39.218.205 in the text may also be written 005.039...: no */
	inet_ntop(fam == 4 ? AF_INET : AF_INET6, a, canon, sizeof(canon));
	if ((e = smap_find(&set->ips, canon, strlen(canon))))
		emit(w, e, field, s, n, port, skip_seen);
	for (i = 0; i < set->ncidrs; i++)
		if (in_cidr(&set->cidrs[i], fam, a)) {
			struct ref r = { set->cidrs[i].id, -1 };
			struct entry one = { NULL, 0, &r, 1 };

			emit(w, &one, field, s, n, port, skip_seen);
		}
}

/* A host name and each parent domain (a.b.evil.com -> b.evil.com ...). */
static void
match_domain(struct worker *w, const char *field, const char *s, size_t n,
    int skip_seen)
{
	char low[MATCH_MAX_KEY + 1];
	const char *p;
	const struct entry *e;
	int k;

	if (w->m->set.domains.n == 0)
		return;
	while (n && s[n - 1] == '.')
		n--;
	if (!lower_copy(low, s, n))
		return;
	/*
	 * Only suffixes with as many labels as some domain indicator can
	 * match: skip the others without hashing them.
	 */
	k = labels(low, n);
	for (p = low; p && k >= w->m->set.min_labels; k--) {
		const char *dot = strchr(p, '.');

		if (!dot)
			break;	/* a single label is never a domain indicator */
		if (k <= w->m->set.max_labels && (e = smap_find(
		    &w->m->set.domains, p, n - (size_t)(p - low))))
			emit(w, e, field, s, n, -1, skip_seen);
		p = dot + 1;
	}
}

static void
match_hash(struct worker *w, const char *field, const char *s, size_t n,
    int skip_seen)
{
	char low[130];
	const struct entry *e;

	if (w->m->set.hashes.n == 0 || (n != 32 && n != 40 && n != 64 &&
	    n != 128))
		return;
	lower_copy(low, s, n);
	if ((e = smap_find(&w->m->set.hashes, low, n)))
		emit(w, e, field, s, n, -1, skip_seen);
}

static void
match_name(struct worker *w, const char *field, const char *s, int skip_seen)
{
	char low[MATCH_MAX_KEY + 1];
	const char *base = s, *p;
	const struct entry *e;

	if (!s || w->m->set.names.n == 0)
		return;
	for (p = s; *p; p++)
		if (*p == '\\' || *p == '/')
			base = p + 1;
	if (!lower_copy(low, base, strlen(base)))
		return;
	if ((e = smap_find(&w->m->set.names, low, strlen(low))))
		emit(w, e, field, base, strlen(base), -1, skip_seen);
}

/* Characters of host names and hex runs. */
static int
hostch(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || c == '.' || c == '-' || c == '_';
}

/* Characters that end a URL in running text. */
static int
url_end(unsigned char c)
{
	return c <= 0x20 || c == 0x7f || c == '"' || c == '\'' || c == '`' ||
	    c == '<' || c == '>' || c == '|' || c == '^' || c == '{' ||
	    c == '}' || c == '\\' || c == ')' || c == ']' || c == '#';
}

static int
is_ipv4(const char *s, size_t n)
{
	size_t i, dots = 0, run = 0;

	if (n < 7 || n > 15)
		return 0;
	for (i = 0; i < n; i++) {
		if (s[i] == '.') {
			if (run == 0)
				return 0;
			dots++;
			run = 0;
		} else if (s[i] >= '0' && s[i] <= '9') {
			if (++run > 3)
				return 0;
		} else
			return 0;
	}
	return dots == 3 && run > 0;
}

/*
 * The URL around host [h, h+hn) of text: scheme before it ("http://"),
 * port and path after. Looks up host[:port]/path?query, the same without
 * the query, and the path alone (uri indicators).
 */
static void
match_url_at(struct worker *w, const char *field, const char *text,
    const char *h, size_t hn, int skip_seen)
{
	const struct iset *set = &w->m->set;
	char key[MATCH_MAX_KEY + 1];
	const char *start = h, *p = h + hn, *path, *end;
	int scheme_port = -1, port = -1;
	size_t k, klen;
	const struct entry *e;

	if (h - text >= 3 && memcmp(h - 3, "://", 3) == 0) {
		const char *sc = h - 3;

		while (sc > text && ((sc[-1] | 0x20) >= 'a' &&
		    (sc[-1] | 0x20) <= 'z'))
			sc--;
		start = sc;
		if (h - 3 - sc == 4 && strncasecmp(sc, "http", 4) == 0)
			scheme_port = 80;
		else if (h - 3 - sc == 5 && strncasecmp(sc, "https", 5) == 0)
			scheme_port = 443;
		else if (h - 3 - sc == 3 && strncasecmp(sc, "ftp", 3) == 0)
			scheme_port = 21;
	}
	if (*p == ':' && p[1] >= '0' && p[1] <= '9') {
		port = 0;
		for (p++; *p >= '0' && *p <= '9' && port <= 65535; p++)
			port = port * 10 + (*p - '0');
	}
	if (start == h && *p != '/')
		return;		/* neither scheme nor path: just a name */
	path = p;
	for (end = p; *end && !url_end((unsigned char)*end); end++)
		;
	while (end > path && strchr(".,;:!", end[-1]))
		end--;
	if (hn + 8 + (size_t)(end - path) > MATCH_MAX_KEY)
		return;
	lower_copy(key, h, hn);
	klen = hn;
	while (klen && key[klen - 1] == '.')
		klen--;
	if (port >= 0 && port != scheme_port)
		klen += (size_t)snprintf(key + klen, 8, ":%d", port);
	{
		const char *q = memchr(path, '?', (size_t)(end - path));
		size_t plen = q ? (size_t)(q - path) : (size_t)(end - path);

		while (plen && path[plen - 1] == '/')
			plen--;
		memcpy(key + klen, path, plen);
		k = klen + plen;
		key[k] = '\0';
		if (set->uris.n && plen && (e = smap_find(&set->uris,
		    key + klen, plen)))
			emit(w, e, field, start, (size_t)(end - start), -1,
			    skip_seen);
		if (set->urls.n == 0)
			return;
		if ((e = smap_find(&set->urls, key, k)))
			emit(w, e, field, start, (size_t)(end - start), -1,
			    skip_seen);
		if (q) {
			memcpy(key + k, q, (size_t)(end - q));
			key[k + (size_t)(end - q)] = '\0';
			if ((e = smap_find(&set->urls, key, k +
			    (size_t)(end - q))))
				emit(w, e, field, start, (size_t)(end - start),
				    -1, skip_seen);
		}
	}
}

/*
 * Free text: every run of host characters is a candidate address, host
 * name (with its URL around it) or hash; runs of hex digits and colons
 * are candidate IPv6 addresses when IPv6 indicators exist.
 */
static void
scan_text(struct worker *w, const char *field, const char *s, int skip_seen)
{
	const struct iset *set = &w->m->set;
	const char *p = s;
	int want_hosts = set->ips.n || set->ncidrs || set->domains.n ||
	    set->urls.n || set->uris.n;

	if (!s)
		return;
	while (*p) {
		const char *a, *b;
		size_t n;
		int dots = 0, alpha = 0, hex = 1;

		if (!hostch((unsigned char)*p)) {
			/*
			 * Raw JSON (the probe of scan_data): an escape such
			 * as \n or \u00e9 is a separator, not the start of
			 * a word ("\nevil.com" must still show evil.com).
			 */
			if (*p == '\\' && w->probe && p[1]) {
				int k, len = p[1] == 'u' ? 6 : 2;

				for (k = 0; k < len && *p; k++)
					p++;
				continue;
			}
			p++;
			continue;
		}
		a = p;
		while (hostch((unsigned char)*p)) {
			unsigned char c = (unsigned char)*p;

			if (c == '.')
				dots++;
			else if ((c >= 'a' && c <= 'z') || (c >= 'A' &&
			    c <= 'Z') || c == '_' || c == '-')
				alpha = 1;
			if (!((c >= '0' && c <= '9') || ((c | 0x20) >= 'a' &&
			    (c | 0x20) <= 'f')))
				hex = 0;
			p++;
		}
		b = p;
		/* trim punctuation that ends sentences */
		while (b > a && (b[-1] == '.' || b[-1] == '-' ||
		    b[-1] == '_'))
			b--;
		while (a < b && (*a == '.' || *a == '-'))
			a++;
		n = (size_t)(b - a);
		if (n == 0)
			continue;
		if (hex && !dots)
			match_hash(w, field, a, n, skip_seen);
		if (!want_hosts || !dots)
			continue;
		if (!alpha && is_ipv4(a, n)) {
			int port = -1;

			if (*b == ':' && b[1] >= '0' && b[1] <= '9')
				port = (int)strtol(b + 1, NULL, 10);
			match_ip(w, field, a, n, port, skip_seen);
		} else if (alpha)
			match_domain(w, field, a, n, skip_seen);
		if (set->urls.n || set->uris.n)
			match_url_at(w, field, s, a, n, skip_seen);
	}
	if (!set->has_v6)
		return;
	for (p = s; *p; ) {
		const char *a = p;
		int colons = 0;

		while (*p && (((*p | 0x20) >= 'a' && (*p | 0x20) <= 'f') ||
		    (*p >= '0' && *p <= '9') || *p == ':' || *p == '.')) {
			if (*p == ':')
				colons++;
			p++;
		}
		if (colons >= 2)
			match_ip(w, field, a, (size_t)(p - a), -1, skip_seen);
		if (p == a)
			p++;
	}
}

/*
 * The event's JSON fields. A cheap probe of the raw text first; only when
 * something would hit is the JSON parsed, so that each hit names its field
 * ("data.DestinationIp"). Indicators already hit on this record through a
 * normalised column are not repeated.
 */
static void
scan_data(struct worker *w, const char *json)
{
	json_t *root, *v;
	const char *k;

	if (!json || json[0] != '{' || json[1] == '}')
		return;
	w->probe = 1;
	w->probe_hit = 0;
	scan_text(w, "data", json, 1);
	w->probe = 0;
	if (!w->probe_hit)
		return;
	root = json_loads(json, JSON_DISABLE_EOF_CHECK, NULL);
	if (!json_is_object(root)) {
		json_decref(root);
		return;
	}
	json_object_foreach(root, k, v) {
		char field[160];

		if (!json_is_string(v))
			continue;
		snprintf(field, sizeof(field), "data.%s", k);
		scan_text(w, field, json_string_value(v), 1);
	}
	json_decref(root);
}

static void
match_ip_col(struct worker *w, const char *field, sqlite3_stmt *st, int i,
    int port_col)
{
	const char *s = ct_sql_text_or_null(st, i);
	int port = -1;

	if (!s)
		return;
	if (port_col >= 0 && sqlite3_column_type(st, port_col) ==
	    SQLITE_INTEGER)
		port = sqlite3_column_int(st, port_col);
	match_ip(w, field, s, strlen(s), port, 0);
}

static void
match_host_col(struct worker *w, const char *field, const char *s)
{
	uint8_t a[16];

	if (!s || !*s)
		return;
	if (parse_addr(s, a))
		match_ip(w, field, s, strlen(s), -1, 0);
	else
		match_domain(w, field, s, strlen(s), 0);
}

static void
scan_file(struct worker *w, sqlite3_stmt *st)
{
	static const char *const hcols[] = { "md5", "sha1", "sha256" };
	int i;

	match_name(w, "name", ct_sql_text_or_null(st, 1), 0);
	for (i = 0; i < 3; i++) {
		const char *h = ct_sql_text_or_null(st, 2 + i);

		if (h)
			match_hash(w, hcols[i], h, strlen(h), 0);
	}
	scan_text(w, "zone_host_url", ct_sql_text_or_null(st, 5), 0);
	scan_text(w, "zone_referrer", ct_sql_text_or_null(st, 6), 0);
}

static void
scan_evtx(struct worker *w, sqlite3_stmt *st)
{
	static const char *const text[] = { "hashes", "url", "command_line",
	    "parent_command_line", "script_text", "host_application" };
	int i;

	for (i = 0; i < 6; i++)
		scan_text(w, text[i], ct_sql_text_or_null(st, 1 + i), 0);
	match_ip_col(w, "src_ip", st, 7, 8);
	match_ip_col(w, "dst_ip", st, 9, 10);
	match_host_col(w, "dst_host", ct_sql_text_or_null(st, 11));
	match_host_col(w, "dns_query", ct_sql_text_or_null(st, 12));
	match_name(w, "image", ct_sql_text_or_null(st, 13), 0);
	match_name(w, "parent_image", ct_sql_text_or_null(st, 14), 0);
	match_name(w, "target_file", ct_sql_text_or_null(st, 15), 0);
	scan_data(w, ct_sql_text_or_null(st, 16));
}

static void
scan_prefetch(struct worker *w, sqlite3_stmt *st)
{
	json_t *arr, *v;
	size_t i;
	const char *files = ct_sql_text_or_null(st, 2);

	match_name(w, "executable", ct_sql_text_or_null(st, 1), 0);
	if (!files || w->m->set.names.n == 0)
		return;
	arr = json_loads(files, 0, NULL);
	json_array_foreach(arr, i, v)
		if (json_is_string(v))
			match_name(w, "files", json_string_value(v), 0);
	json_decref(arr);
}

/*
 * What Windows remembered about a program (Amcache, ShimCache, BAM, a
 * task, a shortcut...): the file it names, its hash, what it runs.
 */
static void
scan_artefact(struct worker *w, sqlite3_stmt *st)
{
	const char *sha1 = ct_sql_text_or_null(st, 2);

	match_name(w, "path", ct_sql_text_or_null(st, 1), 0);
	if (sha1)
		match_hash(w, "sha1", sha1, strlen(sha1), 0);
	scan_text(w, "path", ct_sql_text_or_null(st, 1), 0);
	scan_text(w, "command_line", ct_sql_text_or_null(st, 3), 0);
	scan_data(w, ct_sql_text_or_null(st, 4));
}

/*
 * A registry value's text, cited on its key's record: a Run value's
 * command line, a typed URL, a path. The field names the value, so two
 * values of one key that hit are two hits.
 */
static void
scan_reg_value(struct worker *w, sqlite3_stmt *st)
{
	const char *name = ct_sql_text_or_null(st, 1);
	const char *text = ct_sql_text_or_null(st, 2);
	struct ct_buf field = CT_BUF_INIT;

	if (!text)
		return;
	ct_buf_adds(&field, "value ");
	ct_buf_add_utf8_clean(&field, name && *name ? name : "(default)",
	    name && *name ? (strlen(name) > 120 ? 120 : strlen(name)) : 9);
	match_name(w, field.buf, text, 0);
	scan_text(w, field.buf, text, 0);
	ct_buf_release(&field);
}

static const struct table {
	const char *name;
	const char *idcol;
	const char *sql;	/* ? ? = row id range */
	void (*scan)(struct worker *, sqlite3_stmt *);
} tables[] = {
	{ "evtx", "record_id", "SELECT record_id, hashes, url, command_line, "
	    "parent_command_line, script_text, host_application, src_ip, "
	    "src_port, dst_ip, dst_port, dst_host, dns_query, image, "
	    "parent_image, target_file, data FROM evtx WHERE record_id >= ? "
	    "AND record_id < ?", scan_evtx },
	{ "file", "record_id", "SELECT record_id, name, md5, sha1, sha256, "
	    "zone_host_url, zone_referrer FROM file WHERE record_id >= ? AND "
	    "record_id < ?", scan_file },
	{ "script_block", "id", "SELECT first_record_id, text FROM "
	    "script_block WHERE id >= ? AND id < ? AND first_record_id IS NOT "
	    "NULL", NULL },
	{ "usn", "record_id", "SELECT record_id, name FROM usn WHERE "
	    "record_id >= ? AND record_id < ?", NULL },
	{ "prefetch", "record_id", "SELECT record_id, executable, files FROM "
	    "prefetch WHERE record_id >= ? AND record_id < ?", scan_prefetch },
	{ "artefact", "record_id", "SELECT record_id, path, sha1, "
	    "command_line, data FROM artefact WHERE record_id >= ? AND "
	    "record_id < ?", scan_artefact },
	{ "reg_value", "id", "SELECT record_id, name, text FROM reg_value "
	    "WHERE id >= ? AND id < ? AND text IS NOT NULL", scan_reg_value },
};

static void
run_job(struct worker *w, const struct job *j)
{
	const struct table *t = NULL;
	sqlite3_stmt *st;
	size_t i;

	for (i = 0; i < CT_ARRAY_SIZE(tables); i++)
		if (strcmp(tables[i].name, j->table) == 0)
			t = &tables[i];
	if (!t || sqlite3_prepare_v2(w->db, t->sql, -1, &st, NULL) !=
	    SQLITE_OK) {
		w->failed = 1;
		return;
	}
	sqlite3_bind_int64(st, 1, j->lo);
	sqlite3_bind_int64(st, 2, j->hi);
	while (sqlite3_step(st) == SQLITE_ROW) {
		start_record(w, sqlite3_column_int64(st, 0));
		w->rows++;
		if (t->scan)
			t->scan(w, st);
		else if (strcmp(t->name, "usn") == 0)
			match_name(w, "name", ct_sql_text_or_null(st, 1), 0);
		else
			scan_text(w, "script_block", ct_sql_text_or_null(st, 1), 0);
	}
	sqlite3_finalize(st);
}

static void *worker_main(void *arg);

/* A worker on a thread of its own (worker 0 runs on the caller's). */
static void *
worker_thread(void *arg)
{
	ct_thread_name("ct-match");
	return worker_main(arg);
}

static void *
worker_main(void *arg)
{
	struct worker *w = arg;
	struct matcher *m = w->m;

	for (;;) {
		struct job j;

		pthread_mutex_lock(&m->lock);
		if (m->next >= m->njobs || m->db_failed) {
			pthread_mutex_unlock(&m->lock);
			break;
		}
		j = m->jobs[m->next++];
		pthread_mutex_unlock(&m->lock);
		run_job(w, &j);
		if (w->failed)
			break;
	}
	flush_hits(w);
	return NULL;
}

/* Split every evidence table into row-id chunks. */
static enum ct_status
plan_jobs(struct matcher *m, struct ct_error *err)
{
	size_t i;
	size_t ajobs = 0;

	for (i = 0; i < CT_ARRAY_SIZE(tables); i++) {
		char *sql = ct_xasprintf("SELECT min(%s), max(%s) FROM %s",
		    tables[i].idcol, tables[i].idcol, tables[i].name);
		sqlite3_stmt *st;
		int64_t lo, hi, x;
		enum ct_status rc = ct_case_prepare(m->c, sql, &st, err);

		free(sql);
		if (rc)
			return rc;
		if (sqlite3_step(st) != SQLITE_ROW ||
		    sqlite3_column_type(st, 0) == SQLITE_NULL) {
			sqlite3_finalize(st);
			continue;
		}
		lo = sqlite3_column_int64(st, 0);
		hi = sqlite3_column_int64(st, 1);
		sqlite3_finalize(st);
		for (x = lo; x <= hi; x += MATCH_CHUNK_ROWS) {
			if (m->njobs == ajobs) {
				ajobs = ajobs ? ajobs * 2 : 64;
				m->jobs = ct_xreallocarray(m->jobs, ajobs,
				    sizeof(*m->jobs));
			}
			m->jobs[m->njobs].table = tables[i].name;
			m->jobs[m->njobs].lo = x;
			m->jobs[m->njobs].hi = x + MATCH_CHUNK_ROWS;
			m->njobs++;
			if (hi - x < MATCH_CHUNK_ROWS)
				break;
		}
	}
	return CT_OK;
}

/* ---- indicator groups: evaluate "(#1 AND #2) OR false" ---- */

struct expr {
	const char *p;
	const int64_t *hit;	/* sorted ids with hits */
	size_t nhit;
	int depth;
};

static int
id_hit(const struct expr *x, int64_t id)
{
	size_t lo = 0, hi = x->nhit;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;

		if (x->hit[mid] == id)
			return 1;
		if (x->hit[mid] < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return 0;
}

static int eval_or(struct expr *x);

static int
eval_prim(struct expr *x)
{
	while (*x->p == ' ')
		x->p++;
	if (*x->p == '(') {
		int v;

		x->p++;
		v = eval_or(x);
		while (*x->p == ' ')
			x->p++;
		if (*x->p == ')')
			x->p++;
		return v;
	}
	if (*x->p == '#') {
		int64_t id = strtoll(x->p + 1, (char **)&x->p, 10);

		return id_hit(x, id);
	}
	if (strncmp(x->p, "true", 4) == 0) {
		x->p += 4;
		return 1;
	}
	if (strncmp(x->p, "false", 5) == 0)
		x->p += 5;
	else if (*x->p)
		x->p++;		/* not ours: skip, counts as false */
	return 0;
}

static int
eval_and(struct expr *x)
{
	int v = eval_prim(x);

	for (;;) {
		while (*x->p == ' ')
			x->p++;
		if (strncmp(x->p, "AND", 3) != 0)
			return v;
		x->p += 3;
		v = eval_prim(x) && v;
	}
}

static int
eval_or(struct expr *x)
{
	int v;

	if (++x->depth > CT_IOC_MAX_DEPTH * 2)
		return 0;
	v = eval_and(x);
	for (;;) {
		while (*x->p == ' ')
			x->p++;
		if (strncmp(x->p, "OR", 2) != 0)
			break;
		x->p += 2;
		v = eval_and(x) || v;
	}
	x->depth--;
	return v;
}

static enum ct_status
eval_groups(struct ct_case *c, struct ct_ioc_match_stats *st,
    struct ct_error *err)
{
	sqlite3_stmt *q, *up;
	int64_t *ids = NULL;
	size_t n = 0, a = 0;
	enum ct_status rc;

	if ((rc = ct_case_prepare(c, "SELECT DISTINCT indicator_id FROM "
	    "indicator_hit ORDER BY indicator_id", &q, err)))
		return rc;
	while (sqlite3_step(q) == SQLITE_ROW) {
		if (n == a) {
			a = a ? a * 2 : 64;
			ids = ct_xreallocarray(ids, a, sizeof(*ids));
		}
		ids[n++] = sqlite3_column_int64(q, 0);
	}
	sqlite3_finalize(q);
	st->indicators_hit = (unsigned)n;
	if ((rc = ct_case_prepare(c, "SELECT id, logic FROM indicator_group",
	    &q, err)) || (rc = ct_case_prepare(c, "UPDATE indicator_group SET "
	    "matched = ? WHERE id = ?", &up, err))) {
		sqlite3_finalize(q);
		free(ids);
		return rc;
	}
	while (sqlite3_step(q) == SQLITE_ROW) {
		struct expr x = { ct_sql_text_or_null(q, 1), ids, n, 0 };
		int v = x.p ? eval_or(&x) : 0;

		st->groups++;
		st->groups_matched += v;
		sqlite3_bind_int(up, 1, v);
		sqlite3_bind_int64(up, 2, sqlite3_column_int64(q, 0));
		if (sqlite3_step(up) != SQLITE_DONE) {
			rc = ct_case_db_error(err, c->db, c->path, "cannot update "
			    "an indicator group");
			break;
		}
		sqlite3_reset(up);
	}
	sqlite3_finalize(q);
	sqlite3_finalize(up);
	free(ids);
	return rc;
}

static int
ncores(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);

	if (n < 1)
		return 1;
	return n > CT_IOC_MATCH_MAX_THREADS ? CT_IOC_MATCH_MAX_THREADS : (int)n;
}

enum ct_status
ct_ioc_match(struct ct_case *c, int jobs, struct ct_ioc_match_stats *stp,
    struct ct_error *err)
{
	struct ct_ioc_match_stats local;
	struct ct_ioc_match_stats *st = stp ? stp : &local;
	struct matcher m;
	struct worker w[CT_IOC_MATCH_MAX_THREADS];
	pthread_t tid[CT_IOC_MATCH_MAX_THREADS];
	int nthreads, i, started = 0;
	enum ct_status rc;

	memset(st, 0, sizeof(*st));
	memset(&m, 0, sizeof(m));
	memset(w, 0, sizeof(w));
	m.c = c;
	pthread_mutex_init(&m.lock, NULL);
	if ((rc = ct_case_begin(c, err)))
		goto out;
	if ((rc = ct_case_exec(c, "DELETE FROM indicator_hit; UPDATE "
	    "indicator_group SET matched = 0", err)) ||
	    (rc = iset_load(c, &m.set, err)))
		goto fail;
	st->indicators = m.set.count;
	if (m.set.count == 0)
		goto groups;
	if ((rc = plan_jobs(&m, err)) || (rc = ct_case_prepare(c, "INSERT "
	    "OR IGNORE INTO indicator_hit(indicator_id, record_id, field, "
	    "matched) VALUES (?,?,?,?)", &m.ins, err)))
		goto fail;
	json_object_seed(0);	/* before threads: jansson seeds lazily */
	nthreads = jobs > 0 ? jobs : ncores();
	if (nthreads > CT_IOC_MATCH_MAX_THREADS)
		nthreads = CT_IOC_MATCH_MAX_THREADS;
	if ((size_t)nthreads > m.njobs)
		nthreads = m.njobs ? (int)m.njobs : 1;
	for (i = 0; i < nthreads; i++) {
		w[i].m = &m;
		/* one connection per thread: SQLite's own locking is not needed */
		if (sqlite3_open_v2(c->path, &w[i].db, SQLITE_OPEN_READONLY |
		    SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK) {
			rc = ct_case_db_error(err, w[i].db, c->path, "cannot open "
			    "the case for reading");
			sqlite3_close(w[i].db);
			w[i].db = NULL;
			break;
		}
		sqlite3_busy_timeout(w[i].db, 10000);
	}
	if (rc == CT_OK) {
		/* worker 0 runs on this thread */
		for (i = 1; i < nthreads; i++)
			if (pthread_create(&tid[i], NULL, worker_thread,
			    &w[i]) == 0)
				started = i;
			else
				break;
		worker_main(&w[0]);
		for (i = 1; i <= started; i++)
			pthread_join(tid[i], NULL);
	}
	for (i = 0; i < nthreads; i++) {
		st->rows += w[i].rows;
		if (w[i].failed && rc == CT_OK)
			rc = ct_case_db_error(err, w[i].db, c->path, "cannot read "
			    "evidence for matching");
		free(w[i].hits);
		free(w[i].seen);
		sqlite3_close(w[i].db);
	}
	if (rc == CT_OK && m.db_failed)
		rc = ct_case_db_error(err, c->db, c->path, "cannot store an "
		    "indicator hit");
	if (rc)
		goto fail;
groups:
	if ((rc = eval_groups(c, st, err)))
		goto fail;
	{
		sqlite3_stmt *q;

		if ((rc = ct_case_prepare(c, "SELECT count(*) FROM "
		    "indicator_hit", &q, err)))
			goto fail;
		if (sqlite3_step(q) == SQLITE_ROW)
			st->hits = (uint64_t)sqlite3_column_int64(q, 0);
		sqlite3_finalize(q);
	}
	sqlite3_finalize(m.ins);
	m.ins = NULL;
	rc = ct_case_commit(c, err);
	goto out;
fail:
	sqlite3_finalize(m.ins);
	m.ins = NULL;
	ct_case_rollback(c);
out:
	iset_release(&m.set);
	free(m.jobs);
	pthread_mutex_destroy(&m.lock);
	return rc;
}
