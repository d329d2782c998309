/*
 * evtx-diff.c - the differential test: the native EVTX decoder against
 * libevtx (the oracle), record by record and field by field.
 *
 *	evtx-diff [-v] FILE...
 *
 * For every allocated record libevtx reads, the native decoder's record at
 * the same file offset must have the same System fields and the same
 * EventData/UserData fields (names, order and values). Layout that XML
 * rendering changes is normalised (see add_norm). Records libevtx cannot
 * read are reported (and whether the native decoder read them), not
 * hidden. Prints one summary line per file; exits 1 if any record
 * differs or the native decoder misses a record libevtx reads.
 */
#include "compat.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "evtx-int.h"
#include "xalloc.h"

struct nrec {
	int64_t off;		/* key: record identifier, then written time */
	int64_t written;
	char *canon;
};

static int verbose;

static int64_t
file_read_at(void *ctx, void *buf, size_t n, int64_t off)
{
	ssize_t r = pread(*(int *)ctx, buf, n, off);

	return r < 0 ? -1 : (int64_t)r;
}

/*
 * A value as both decoders must agree on it. XML rendering changes layout,
 * not content: CR LF and lone CR become LF (XML line-end handling), and
 * libevtx indents nested elements inside UserData fields, so each line is
 * trimmed and blank lines are dropped.
 */
static void
add_norm(struct ct_buf *b, const char *s)
{
	int first = 1;

	while (s && *s) {
		size_t n = strcspn(s, "\r\n"), a = 0, e = n;

		while (a < e && (s[a] == ' ' || s[a] == '\t'))
			a++;
		while (e > a && (s[e - 1] == ' ' || s[e - 1] == '\t'))
			e--;
		if (e > a) {
			if (!first)
				ct_buf_addch(b, '\n');
			ct_buf_add(b, s + a, e - a);
			first = 0;
		}
		s += n;
		while (*s == '\r' || *s == '\n')
			s++;
	}
}

static char *
canon(const struct evtx_event *ev)
{
	struct ct_buf b = CT_BUF_INIT;
	size_t i;
	const char *s;

	ct_buf_addf(&b, "record %" PRId64 " written %" PRId64 " created %"
	    PRId64 " event_id %" PRId64 " qualifiers %" PRId64 " version %"
	    PRId64 " level %" PRId64 " task %" PRId64 " opcode %" PRId64
	    " pid %" PRId64 " tid %" PRId64 " erid %" PRId64 "\n",
	    ev->record_number, ev->written, ev->created, ev->event_id,
	    ev->qualifiers, ev->version, ev->level, ev->task, ev->opcode,
	    ev->pid, ev->tid, ev->event_record_id);
#define S(label, f) do { s = ct_evtx_ev_str(ev, ev->f); \
	ct_buf_addf(&b, "%s %s\n", label, s ? s : "(none)"); } while (0)
	S("keywords", keywords);
	S("provider", provider);
	S("guid", provider_guid);
	S("channel", channel);
	S("computer", computer);
	S("sid", user_sid);
#undef S
	for (i = 0; i < ev->nfields; i++) {
		ct_buf_adds(&b, "field ");
		ct_buf_adds(&b, ev->arena.buf + ev->fields[i].name);
		ct_buf_adds(&b, " = ");
		add_norm(&b, ev->arena.buf + ev->fields[i].val);
		ct_buf_addch(&b, '\n');
	}
	return ct_buf_detach(&b, NULL);
}

static int
cmp_off(const void *a, const void *b)
{
	const struct nrec *x = a, *y = b;

	if (x->off != y->off)
		return (x->off > y->off) - (x->off < y->off);
	return (x->written > y->written) - (x->written < y->written);
}

/*
 * True if every differing line holds U+FFFD on both sides: invalid UTF-16
 * in the evidence, which the two decoders replace differently (the native
 * one maps each bad code unit to U+FFFD, as the whole project does).
 */
static int
only_bad_utf16(const char *a, const char *b)
{
	static const char rep[] = "\xef\xbf\xbd";

	while (*a || *b) {
		const char *ea = strchr(a, '\n'), *eb = strchr(b, '\n');
		size_t la = ea ? (size_t)(ea - a) : strlen(a);
		size_t lb = eb ? (size_t)(eb - b) : strlen(b);

		if (la != lb || memcmp(a, b, la) != 0) {
			char *x = ct_xstrndup(a, la), *y = ct_xstrndup(b, lb);
			int ok = strstr(x, rep) && strstr(y, rep);

			free(x);
			free(y);
			if (!ok)
				return 0;
		}
		a += la + (ea ? 1 : 0);
		b += lb + (eb ? 1 : 0);
	}
	return 1;
}

static void
show_diff(const char *a, const char *b)
{
	/* Line by line: the first differing lines. */
	while (*a || *b) {
		const char *ea = strchr(a, '\n'), *eb = strchr(b, '\n');
		size_t la = ea ? (size_t)(ea - a) : strlen(a);
		size_t lb = eb ? (size_t)(eb - b) : strlen(b);

		if (la != lb || memcmp(a, b, la) != 0) {
			printf("#   native:  %.*s\n#   libevtx: %.*s\n",
			    (int)(la > 300 ? 300 : la), a,
			    (int)(lb > 300 ? 300 : lb), b);
		}
		a += la + (ea ? 1 : 0);
		b += lb + (eb ? 1 : 0);
	}
}

static int
diff_file(const char *path)
{
	int fd = open(path, O_RDONLY);
	struct stat st;
	struct nrec *nr = NULL;
	size_t nn = 0, an = 0, i;
	struct evtx_chunk *c;
	struct evtx_event ev;
	uint8_t *buf;
	int64_t k, nchunks;
	struct evtx_lib *l;
	char why[600];
	int n, same = 0, differ = 0, libfail = 0, missing = 0;
	uint8_t *seen;
	int64_t *rej = NULL;
	size_t nrej = 0, arej = 0;
	int fallback = 0, badutf16 = 0;

	if (fd < 0 || fstat(fd, &st) != 0) {
		printf("not ok - %s: %s\n", path, strerror(errno));
		return 1;
	}
	c = ct_evtx_chunk_new();
	ct_evtx_event_init(&ev);
	buf = ct_xmalloc(EVTX_CHUNK_SIZE);
	nchunks = st.st_size > EVTX_FILE_HEADER_SIZE ? (st.st_size -
	    EVTX_FILE_HEADER_SIZE + EVTX_CHUNK_SIZE - 1) / EVTX_CHUNK_SIZE : 0;
	for (k = 0; k < nchunks; k++) {
		int64_t base = EVTX_FILE_HEADER_SIZE + k * EVTX_CHUNK_SIZE;
		int64_t got = file_read_at(&fd, buf, EVTX_CHUNK_SIZE, base);
		const char *w;
		size_t off, end;

		if (got <= 0 || ct_evtx_chunk_check(buf, (size_t)got, &w) != 1)
			continue;
		ct_evtx_chunk_load(c, buf, (size_t)got);
		end = ct_evtx_chunk_records_end(c);
		for (off = EVTX_CHUNK_HEADER_SIZE; off < end;) {
			uint32_t size = 0;
			int rc = ct_evtx_chunk_record(c, off, &ev, &size, &w);

			if (rc == 0)
				break;
			if (rc > 0) {
				if (nn == an) {
					an = an ? an * 2 : 1024;
					nr = ct_xreallocarray(nr, an,
					    sizeof(*nr));
				}
				nr[nn].off = ev.record_number;
				nr[nn].written = ev.written;
				if (verbose)
					printf("# native: record %" PRId64
					    " written %" PRId64 "\n",
					    ev.record_number, ev.written);
				nr[nn].canon = canon(&ev);
				nn++;
			} else {
				if (nrej == arej) {
					arej = arej ? arej * 2 : 64;
					rej = ct_xreallocarray(rej, arej,
					    sizeof(*rej));
				}
				rej[nrej++] = ev.record_number;
				if (verbose)
					printf("# native rejects the record at "
					    "offset %" PRId64 ": %s\n", base +
					    (int64_t)off, w);
			}
			off += size;
		}
	}
	qsort(nr, nn, sizeof(*nr), cmp_off);
	seen = ct_xcalloc(nn ? nn : 1, 1);

	l = ct_evtx_lib_open(file_read_at, &fd, st.st_size, why, sizeof(why));
	n = l ? ct_evtx_lib_count(l, 0) : 0;
	for (i = 0; (int)i < n; i++) {
		int64_t off;
		struct nrec key, *hit;
		char *cn;

		if (ct_evtx_lib_record(l, 0, (int)i, &ev, &off, why,
		    sizeof(why)) != 0) {
			libfail++;
			printf("# libevtx cannot read allocated record %zu: "
			    "%s\n", i, why);
			continue;
		}
		(void)off;
		key.off = ev.record_number;
		key.written = ev.written;
		hit = bsearch(&key, nr, nn, sizeof(*nr), cmp_off);
		if (!hit) {
			size_t r;

			for (r = 0; r < nrej && rej[r] != ev.record_number; r++)
				;
			if (r < nrej) {
				/* Rejected natively: the parser falls back. */
				fallback++;
				continue;
			}
			missing++;
			printf("# record %" PRId64 " (written %" PRId64
			    ") read by libevtx only\n", ev.record_number,
			    ev.written);
			continue;
		}
		seen[hit - nr] = 1;
		cn = canon(&ev);
		if (strcmp(cn, hit->canon) == 0) {
			same++;
		} else if (only_bad_utf16(hit->canon, cn)) {
			badutf16++;
		} else {
			differ++;
			if (differ <= 5) {
				printf("# record %" PRId64 " differs:\n",
				    ev.record_number);
				show_diff(hit->canon, cn);
				if (verbose)
					printf("# native:\n%s# libevtx:\n%s",
					    hit->canon, cn);
			}
		}
		free(cn);
	}
	{
		size_t only = 0;

		for (i = 0; i < nn; i++)
			if (!seen[i])
				only++;
		printf("%s - %s: libevtx %d, native %zu, same %d, differ %d, "
		    "libevtx failed %d, native only %zu, native rejected %zu "
		    "(libevtx read %d of them: fallback), invalid UTF-16 "
		    "rendered differently %d, missing %d%s%s\n",
		    differ || missing ? "not ok" : "ok", path, n, nn, same,
		    differ, libfail, only, nrej, fallback, badutf16, missing,
		    l ? "" : "; libevtx: ", l ? "" : why);
	}
	ct_evtx_lib_close(l);
	for (i = 0; i < nn; i++)
		free(nr[i].canon);
	free(nr);
	free(seen);
	free(rej);
	free(buf);
	ct_evtx_event_release(&ev);
	ct_evtx_chunk_free(c);
	close(fd);
	return differ || missing;
}

int
main(int argc, char **argv)
{
	int i, bad = 0, first = 1;

	if (argc > 1 && strcmp(argv[1], "-v") == 0) {
		verbose = 1;
		first = 2;
	}
	if (argc <= first) {
		fprintf(stderr, "usage: evtx-diff [-v] FILE...\n");
		return 2;
	}
	for (i = first; i < argc; i++)
		bad |= diff_file(argv[i]);
	return bad;
}
