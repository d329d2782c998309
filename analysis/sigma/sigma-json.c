/*
 * sigma-json.c - a fast reader of the case file's evtx.data column: one
 * JSON object whose values are strings (doc/schema.md), read without a
 * general JSON library because the scanner reads it for every record.
 *
 * casetrail writes the column, but the case file is evidence-derived and
 * may have been edited: the reader is bounded (no recursion beyond
 * CT_SIGMA_MAX_DEPTH when skipping nested values, at most
 * SG_JSON_MAX_FIELDS fields, every index checked against the length) and
 * reports malformed text instead of guessing. Escapes are decoded as RFC
 * 8259 says; a lone or broken surrogate becomes U+FFFD.
 */
#include "compat.h"

#include "sigma-int.h"
#include "xalloc.h"

struct rd {
	const char *s;
	size_t i, n;
	char *out;		/* decode buffer (>= n bytes) */
	size_t o;
};

static void
ws(struct rd *r)
{
	while (r->i < r->n && (r->s[r->i] == ' ' || r->s[r->i] == '\t' ||
	    r->s[r->i] == '\n' || r->s[r->i] == '\r'))
		r->i++;
}

static int
hex4(const struct rd *r, size_t at, unsigned *out)
{
	unsigned v = 0;
	size_t k;

	if (at > r->n || r->n - at < 4)
		return -1;
	for (k = 0; k < 4; k++) {
		char c = r->s[at + k];

		v <<= 4;
		if (c >= '0' && c <= '9')
			v |= (unsigned)(c - '0');
		else if (c >= 'a' && c <= 'f')
			v |= (unsigned)(c - 'a' + 10);
		else if (c >= 'A' && c <= 'F')
			v |= (unsigned)(c - 'A' + 10);
		else
			return -1;
	}
	*out = v;
	return 0;
}

static void
put_utf8(struct rd *r, unsigned c)
{
	char *p = r->out + r->o;

	if (c < 0x80) {
		p[0] = (char)c;
		r->o += 1;
	} else if (c < 0x800) {
		p[0] = (char)(0xc0 | (c >> 6));
		p[1] = (char)(0x80 | (c & 0x3f));
		r->o += 2;
	} else if (c < 0x10000) {
		p[0] = (char)(0xe0 | (c >> 12));
		p[1] = (char)(0x80 | ((c >> 6) & 0x3f));
		p[2] = (char)(0x80 | (c & 0x3f));
		r->o += 3;
	} else {
		p[0] = (char)(0xf0 | (c >> 18));
		p[1] = (char)(0x80 | ((c >> 12) & 0x3f));
		p[2] = (char)(0x80 | ((c >> 6) & 0x3f));
		p[3] = (char)(0x80 | (c & 0x3f));
		r->o += 4;
	}
}

/*
 * A string at r->i (on its opening quote). *v and *len get it: a pointer
 * into the text when it has no escape, into r->out otherwise. The decoded
 * form is never longer than the escaped one, so r->out (as long as the
 * text) cannot overflow.
 */
static int
str(struct rd *r, const char **v, size_t *len)
{
	size_t start;

	r->i++;
	start = r->i;
	while (r->i < r->n && r->s[r->i] != '"' && r->s[r->i] != '\\')
		r->i++;
	if (r->i >= r->n)
		return -1;
	if (r->s[r->i] == '"') {
		*v = r->s + start;
		*len = r->i - start;
		r->i++;
		return 0;
	}
	/* escapes: decode */
	{
		size_t o0 = r->o;

		memcpy(r->out + r->o, r->s + start, r->i - start);
		r->o += r->i - start;
		while (r->i < r->n && r->s[r->i] != '"') {
			char c = r->s[r->i];
			unsigned u, lo;

			if (c != '\\') {
				/* a run of plain bytes up to the next escape */
				size_t e = r->i + 1;

				while (e < r->n && r->s[e] != '"' &&
				    r->s[e] != '\\')
					e++;
				memcpy(r->out + r->o, r->s + r->i, e - r->i);
				r->o += e - r->i;
				r->i = e;
				continue;
			}
			if (r->i + 1 >= r->n)
				return -1;
			c = r->s[r->i + 1];
			r->i += 2;
			switch (c) {
			case '"': case '\\': case '/':
				r->out[r->o++] = c;
				break;
			case 'b': r->out[r->o++] = '\b'; break;
			case 'f': r->out[r->o++] = '\f'; break;
			case 'n': r->out[r->o++] = '\n'; break;
			case 'r': r->out[r->o++] = '\r'; break;
			case 't': r->out[r->o++] = '\t'; break;
			case 'u':
				if (hex4(r, r->i, &u) != 0)
					return -1;
				r->i += 4;
				if (u >= 0xd800 && u <= 0xdbff) {
					if (r->i + 6 <= r->n &&
					    r->s[r->i] == '\\' &&
					    r->s[r->i + 1] == 'u' &&
					    hex4(r, r->i + 2, &lo) == 0 &&
					    lo >= 0xdc00 && lo <= 0xdfff) {
						r->i += 6;
						u = 0x10000 + ((u - 0xd800) << 10) +
						    (lo - 0xdc00);
					} else {
						u = 0xfffd;
					}
				} else if (u >= 0xdc00 && u <= 0xdfff) {
					u = 0xfffd;
				}
				put_utf8(r, u);
				break;
			default:
				return -1;
			}
		}
		if (r->i >= r->n)
			return -1;
		r->i++;
		*v = r->out + o0;
		*len = r->o - o0;
		return 0;
	}
}

/* A value that is not a string: its text (numbers, true, false) or skipped. */
static int
other(struct rd *r, const char **v, size_t *len, int depth)
{
	size_t start = r->i;
	char c = r->s[r->i];

	if (c == '{' || c == '[') {
		char close = c == '{' ? '}' : ']';

		if (depth >= CT_SIGMA_MAX_DEPTH)
			return -1;
		r->i++;
		for (;;) {
			const char *x;
			size_t xl;

			ws(r);
			if (r->i >= r->n)
				return -1;
			if (r->s[r->i] == close) {
				r->i++;
				break;
			}
			if (close == '}') {
				if (r->s[r->i] != '"' || str(r, &x, &xl) != 0)
					return -1;
				ws(r);
				if (r->i >= r->n || r->s[r->i] != ':')
					return -1;
				r->i++;
				ws(r);
			}
			if (r->i >= r->n)
				return -1;
			if (r->s[r->i] == '"' ? str(r, &x, &xl) != 0 :
			    other(r, &x, &xl, depth + 1) != 0)
				return -1;
			ws(r);
			if (r->i < r->n && r->s[r->i] == ',')
				r->i++;
			else if (r->i >= r->n || r->s[r->i] != close)
				return -1;
		}
		*v = NULL;	/* nested: skipped */
		*len = 0;
		return 0;
	}
	while (r->i < r->n && !strchr(",}] \t\r\n", r->s[r->i]))
		r->i++;
	if (r->i == start)
		return -1;
	if (r->i - start == 4 && memcmp(r->s + start, "null", 4) == 0) {
		*v = NULL;
		*len = 0;
		return 0;
	}
	*v = r->s + start;
	*len = r->i - start;
	return 0;
}

int
sg_json_fields(struct sg_json *j, const char *text, size_t len)
{
	struct rd r;

	j->n = 0;
	if (len + 16 > j->abuf) {
		free(j->buf);
		j->abuf = len + len / 4 + 256;
		j->buf = ct_xmalloc(j->abuf);
	}
	memset(&r, 0, sizeof(r));
	r.s = text;
	r.n = len;
	r.out = j->buf;
	ws(&r);
	if (r.i >= r.n || r.s[r.i] != '{')
		return -1;
	r.i++;
	for (;;) {
		const char *k, *v;
		size_t kl, vl, x;
		int keep = 1;

		ws(&r);
		if (r.i >= r.n)
			return -1;
		if (r.s[r.i] == '}')
			break;
		if (r.s[r.i] != '"' || str(&r, &k, &kl) != 0)
			return -1;
		ws(&r);
		if (r.i >= r.n || r.s[r.i] != ':')
			return -1;
		r.i++;
		ws(&r);
		if (r.i >= r.n)
			return -1;
		if (r.s[r.i] == '"' ? str(&r, &v, &vl) != 0 :
		    other(&r, &v, &vl, 0) != 0)
			return -1;
		for (x = 0; x < kl; x++)
			if ((unsigned char)k[x] < 0x20)
				keep = 0;
		if (keep && v && kl && j->n < SG_JSON_MAX_FIELDS) {
			struct ct_sigma_field *f;

			if (j->n == j->a) {
				j->a = j->a ? j->a * 2 : 64;
				j->f = ct_xreallocarray(j->f, j->a,
				    sizeof(*j->f));
			}
			f = &j->f[j->n++];
			f->name = k;
			f->name_len = kl;
			f->value = v;
			f->value_len = vl;
			f->system = 0;
		}
		ws(&r);
		if (r.i < r.n && r.s[r.i] == ',') {
			r.i++;
			continue;
		}
		if (r.i < r.n && r.s[r.i] == '}')
			break;
		return -1;
	}
	r.i++;
	ws(&r);
	return r.i == r.n ? (int)j->n : -1;
}

void
sg_json_release(struct sg_json *j)
{
	free(j->f);
	free(j->buf);
	memset(j, 0, sizeof(*j));
}
