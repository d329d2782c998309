/*
 * hive-walk.c - the keys and values of a hive through libregf, as rows
 * and decoder views (see hive-walk.h).
 *
 * libregf (Debian 12: 20201007) is loaded on first use into a link-map
 * namespace of its own, for the reason libscca is (parsers/image/
 * prefetch.c): it and its libbfio carry their own copies of libyal's
 * helper symbols, which must not meet libewf's.
 */
#include "compat.h"

#include <libregf.h>

#include "config.h"	/* CT_SONAME_REGF */

#include "buf.h"
#include "cancel.h"
#include "dynlib.h"
#include "hive-kind.h"
#include "hive-value.h"
#include "hive-walk.h"
#include "reg-view.h"
#include "xalloc.h"

/*
 * Reads of one key's subkeys or values that may fail in a row before the
 * rest of that list is given up (with one warning): a damaged count could
 * otherwise mean a billion warnings.
 */
#define MAX_FAILS_IN_A_ROW	64
/* Longest key or value name kept (Windows allows 255 and 16383 units). */
#define NAME_MAX_BYTES	(16384 * 3 + 1)

#define REGF_FUNCS(X) \
	X(libregf_get_version) \
	X(libregf_error_backtrace_sprint) \
	X(libregf_error_free) \
	X(libregf_file_initialize) \
	X(libregf_file_free) \
	X(libregf_file_open) \
	X(libregf_file_close) \
	X(libregf_file_is_corrupted) \
	X(libregf_file_get_root_key) \
	X(libregf_key_free) \
	X(libregf_key_get_offset) \
	X(libregf_key_get_utf8_name_size) \
	X(libregf_key_get_utf8_name) \
	X(libregf_key_get_utf8_class_name_size) \
	X(libregf_key_get_utf8_class_name) \
	X(libregf_key_get_last_written_time) \
	X(libregf_key_get_number_of_sub_keys) \
	X(libregf_key_get_sub_key) \
	X(libregf_key_get_sub_key_by_utf8_name) \
	X(libregf_key_get_number_of_values) \
	X(libregf_key_get_value) \
	X(libregf_value_free) \
	X(libregf_value_get_offset) \
	X(libregf_value_get_utf8_name_size) \
	X(libregf_value_get_utf8_name) \
	X(libregf_value_get_value_type) \
	X(libregf_value_get_value_data_size) \
	X(libregf_value_get_value_data)

static struct {
#define X(f) __typeof__(f) *f;
	REGF_FUNCS(X)
#undef X
} R;

static const struct ct_dynsym regf_syms[] = {
#define X(f) { #f, (void **)&R.f },
	REGF_FUNCS(X)
#undef X
	{ NULL, NULL }
};

static struct ct_dynlib regf_lib = {
	CT_SONAME_REGF, "libregf1", CT_DYNLIB_NAMESPACE, NULL, regf_syms, 0,
	"", 0
};

const char *
ct_hive_libregf_version(void)
{
	return ct_dynlib_load(&regf_lib) == 0 ? R.libregf_get_version() : NULL;
}

/* libregf's innermost reason (the first backtrace line); frees e. */
static void
regf_message(libregf_error_t *e, char *out, size_t n)
{
	out[0] = '\0';
	if (e) {
		char *nl;

		R.libregf_error_backtrace_sprint(e, out, n);
		nl = strchr(out, '\n');
		if (nl)
			*nl = '\0';
		R.libregf_error_free(&e);
	}
	if (out[0] == '\0')
		snprintf(out, n, "libregf gave no reason");
}

/* ---- the set of key offsets seen (loops and shared subtrees) ---- */

struct seen {
	uint64_t *slot;		/* offset + 1; 0 = empty */
	size_t cap, n;		/* cap: a power of two */
};

static uint64_t
mix(uint64_t x)
{
	x ^= x >> 33;
	x *= 0xff51afd7ed558ccdull;
	x ^= x >> 33;
	return x;
}

/* 1 if off was new (now added), 0 if seen before. */
static int
seen_add(struct seen *s, int64_t off)
{
	uint64_t k = (uint64_t)off + 1;
	size_t i;

	if (2 * (s->n + 1) > s->cap) {
		struct seen g = { NULL, s->cap ? 2 * s->cap : 1024, 0 };

		g.slot = ct_xcalloc(g.cap, sizeof(*g.slot));
		for (i = 0; i < s->cap; i++)
			if (s->slot[i]) {
				size_t j = mix(s->slot[i]) & (g.cap - 1);

				while (g.slot[j])
					j = (j + 1) & (g.cap - 1);
				g.slot[j] = s->slot[i];
				g.n++;
			}
		free(s->slot);
		*s = g;
	}
	for (i = mix(k) & (s->cap - 1); s->slot[i]; i = (i + 1) & (s->cap - 1))
		if (s->slot[i] == k)
			return 0;
	s->slot[i] = k;
	s->n++;
	return 1;
}

/* ---- one key ---- */

/* What is kept of one key's values while its rows and view are built. */
struct values {
	struct ct_reg_value_view *v;
	size_t n, a;
	struct ct_buf names;	/* every name, NUL-separated */
	uint8_t *data;		/* every value's bytes, one after another */
	size_t data_len, data_cap;
	size_t *name_off, *data_off;
	size_t *full_size;	/* the value's size, even when not kept */
};

struct walk {
	libregf_file_t *file;
	struct ct_hive_info *hi;
	struct ct_batch *b;
	struct ct_buf path;	/* of the key being read */
	struct ct_buf text;	/* scratch: a value's decoded text */
	struct ct_buf summary, locator;
	struct values vals;
	uint8_t *name;		/* NAME_MAX_BYTES */
	struct seen seen;
};

/* The key's name as UTF-8 into w->name: 0, or -1 (e freed, msg set). */
static int
key_name(struct walk *w, libregf_key_t *k, char *msg, size_t n)
{
	libregf_error_t *e = NULL;
	size_t sz = 0;

	if (R.libregf_key_get_utf8_name_size(k, &sz, &e) != 1 || sz == 0 ||
	    sz > NAME_MAX_BYTES ||
	    R.libregf_key_get_utf8_name(k, w->name, sz, &e) != 1) {
		regf_message(e, msg, n);
		w->name[0] = '\0';
		return -1;
	}
	w->name[sz - 1] = '\0';
	return 0;
}

static int64_t
key_offset(libregf_key_t *k)
{
	off64_t off = 0;

	/* libregf gives the "nk" record's; the cell starts 4 bytes before. */
	return R.libregf_key_get_offset(k, &off, NULL) == 1 && off >= 4 ?
	    (int64_t)off - 4 : CT_NULL_INT;
}

/* Read value i of key k into w->vals (damage: a warning, size 0): -1 if it could not be read at all. */
static int
read_value(struct walk *w, libregf_key_t *k, int i, int64_t key_off)
{
	struct values *vs = &w->vals;
	libregf_value_t *v = NULL;
	libregf_error_t *e = NULL;
	uint32_t type = 0;
	size_t sz = 0, name_sz = 0;
	off64_t voff = 0;
	char msg[512];

	if (vs->n == vs->a) {
		vs->a = vs->a ? 2 * vs->a : 16;
		vs->v = ct_xreallocarray(vs->v, vs->a, sizeof(*vs->v));
		vs->name_off = ct_xreallocarray(vs->name_off, vs->a,
		    sizeof(*vs->name_off));
		vs->data_off = ct_xreallocarray(vs->data_off, vs->a,
		    sizeof(*vs->data_off));
		vs->full_size = ct_xreallocarray(vs->full_size, vs->a,
		    sizeof(*vs->full_size));
	}
	vs->full_size[vs->n] = 0;
	vs->name_off[vs->n] = vs->names.len;
	vs->data_off[vs->n] = vs->data_len;
	memset(&vs->v[vs->n], 0, sizeof(vs->v[vs->n]));
	if (R.libregf_key_get_value(k, i, &v, &e) != 1) {
		regf_message(e, msg, sizeof(msg));
		ct_batch_warn(w->b, key_off, "%s: value %d of key '%s' cannot "
		    "be read: %s", w->hi->path, i, w->path.buf, msg);
		ct_buf_addch(&vs->names, '\0');
		vs->n++;
		return -1;
	}
	R.libregf_value_get_offset(v, &voff, NULL);
	/* A value without a name is the key's default value: "". */
	if (R.libregf_value_get_utf8_name_size(v, &name_sz, NULL) == 1 &&
	    name_sz > 1 && name_sz <= NAME_MAX_BYTES &&
	    R.libregf_value_get_utf8_name(v, w->name, name_sz, NULL) == 1) {
		w->name[name_sz - 1] = '\0';
		ct_buf_adds(&vs->names, (const char *)w->name);
	}
	ct_buf_addch(&vs->names, '\0');
	R.libregf_value_get_value_type(v, &type, NULL);
	vs->v[vs->n].type = type;
	if (R.libregf_value_get_value_data_size(v, &sz, &e) != 1) {
		regf_message(e, msg, sizeof(msg));
		ct_batch_warn(w->b, (int64_t)voff, "%s: the data of value '%s' "
		    "of key '%s' cannot be read: %s", w->hi->path,
		    vs->names.buf + vs->name_off[vs->n], w->path.buf, msg);
		sz = 0;
	} else if (sz > 0 && vs->data_len + sz > CT_HIVE_VIEW_MAX_BYTES) {
		ct_batch_warn(w->b, (int64_t)voff, "%s: value '%s' of key '%s' "
		    "(%zu bytes) passes the %u bytes kept per key: its size is "
		    "recorded, not its data", w->hi->path,
		    vs->names.buf + vs->name_off[vs->n], w->path.buf, sz,
		    CT_HIVE_VIEW_MAX_BYTES);
		vs->full_size[vs->n] = sz;	/* data stays NULL */
		sz = 0;
	} else if (sz > 0) {
		if (vs->data_len + sz > vs->data_cap) {
			size_t cap = vs->data_cap ? vs->data_cap : 4096;

			while (cap < vs->data_len + sz)
				cap *= 2;
			vs->data = ct_xrealloc(vs->data, cap);
			vs->data_cap = cap;
		}
		if (R.libregf_value_get_value_data(v, vs->data + vs->data_len,
		    sz, &e) != 1) {
			regf_message(e, msg, sizeof(msg));
			ct_batch_warn(w->b, (int64_t)voff, "%s: the data of "
			    "value '%s' of key '%s' cannot be read: %s",
			    w->hi->path, vs->names.buf + vs->name_off[vs->n],
			    w->path.buf, msg);
			sz = 0;
		} else {
			vs->data_len += sz;
		}
	}
	if (sz)
		vs->v[vs->n].size = vs->full_size[vs->n] = sz;
	R.libregf_value_free(&v, NULL);
	vs->n++;
	return 0;
}

/* Emit key k (its path in w->path) with its values; run the decoders. */
static void
emit_key(struct walk *w, libregf_key_t *k, int nsub, int64_t key_off)
{
	struct values *vs = &w->vals;
	struct ct_record_row rec;
	struct ct_reg_key_row key;
	struct ct_reg_key_view view;
	uint64_t written = 0;
	int nvalues = 0, i, fails;
	size_t sz = 0;
	uint8_t *cls = NULL;

	vs->n = 0;
	ct_buf_reset(&vs->names);
	vs->data_len = 0;
	if (R.libregf_key_get_number_of_values(k, &nvalues, NULL) != 1 ||
	    nvalues < 0)
		nvalues = 0;
	for (i = 0, fails = 0; i < nvalues; i++) {
		fails = read_value(w, k, i, key_off) ? fails + 1 : 0;
		if (fails == MAX_FAILS_IN_A_ROW && i + 1 < nvalues) {
			ct_batch_warn(w->b, key_off, "%s: key '%s': %d values "
			    "in a row cannot be read; its other %d values are "
			    "not tried", w->hi->path, w->path.buf, fails,
			    nvalues - i - 1);
			break;
		}
	}
	/* Pointers into the buffers only now: they moved while growing. */
	for (i = 0; i < (int)vs->n; i++) {
		vs->v[i].name = vs->names.buf + vs->name_off[i];
		vs->v[i].data = vs->v[i].size ? vs->data + vs->data_off[i] :
		    NULL;
	}
	R.libregf_key_get_last_written_time(k, &written, NULL);
	if (written > INT64_MAX)
		written = 0;
	if (R.libregf_key_get_utf8_class_name_size(k, &sz, NULL) == 1 &&
	    sz > 1 && sz <= NAME_MAX_BYTES) {
		cls = ct_xmalloc(sz);
		if (R.libregf_key_get_utf8_class_name(k, cls, sz, NULL) == 1)
			cls[sz - 1] = '\0';
		else {
			free(cls);
			cls = NULL;
		}
	}

	ct_buf_reset(&w->locator);
	ct_buf_addf(&w->locator, "%s key %s", w->hi->label,
	    w->path.len ? w->path.buf : "\\");
	ct_buf_reset(&w->summary);
	ct_buf_addf(&w->summary, "Registry key written: %s\\%s (%zu value%s, "
	    "%d subkey%s)", w->hi->label, w->path.buf, vs->n,
	    vs->n == 1 ? "" : "s", nsub, nsub == 1 ? "" : "s");
	memset(&rec, 0, sizeof(rec));
	rec.type = "regkey";
	rec.locator = w->locator.buf;
	rec.offset = key_off;
	rec.summary = w->summary.buf;
	ct_batch_record(w->b, &rec);
	if (written)
		ct_batch_event(w->b, (int64_t)written, "key last written");
	memset(&key, 0, sizeof(key));
	key.hive = w->hi->hive;
	key.path = w->path.buf;
	key.last_written = written ? (int64_t)written : CT_NULL_INT;
	key.subkeys = nsub;
	key.value_count = (int64_t)vs->n;
	key.class_name = (const char *)cls;
	ct_batch_reg_key(w->b, &key);
	for (i = 0; i < (int)vs->n; i++) {
		struct ct_reg_value_row row;

		ct_hive_value_row(&row, vs->v[i].name, vs->v[i].type,
		    vs->v[i].data, vs->v[i].size, &w->text);
		row.size = (int64_t)vs->full_size[i];
		ct_batch_reg_value(w->b, &row);
	}
	w->hi->keys++;
	w->hi->values += (int64_t)vs->n;

	memset(&view, 0, sizeof(view));
	view.hive = w->hi->hive;
	view.hive_label = w->hi->label;
	view.path = w->path.buf;
	view.last_written = (int64_t)written;
	view.offset = key_off;
	view.owner_sid = w->hi->sid[0] ? w->hi->sid : NULL;
	view.owner_name = w->hi->user[0] ? w->hi->user : NULL;
	view.nvalues = vs->n;
	view.values = vs->v;
	view.nsubkeys = (size_t)nsub;
	ct_reg_decode_key(&view, w->b);
	free(cls);
	ct_batch_maybe_flush(w->b);
}

/* ---- the walk ---- */

struct frame {
	libregf_key_t *key;
	int nsub, next;
	int fails;		/* subkey reads failed in a row */
	size_t path_len;	/* w->path's length for this key */
	int64_t off;
};

static int
root_has_subkey(void *ctx, const char *name)
{
	libregf_key_t *root = ctx, *sub = NULL;
	int r = R.libregf_key_get_sub_key_by_utf8_name(root,
	    (const uint8_t *)name, strlen(name), &sub, NULL);

	if (r == 1)
		R.libregf_key_free(&sub, NULL);
	return r == 1;
}

/* Type, label and owner, once the root key is known. */
static void
name_hive(struct walk *w, libregf_key_t *root)
{
	struct ct_hive_info *hi = w->hi;
	const char *type = hi->type;
	char msg[256];

	if (key_name(w, root, msg, sizeof(msg)) == 0)
		snprintf(hi->root_name, sizeof(hi->root_name), "%s",
		    (const char *)w->name);
	if (type == NULL)
		type = ct_hive_type_from_root(hi->root_name, root_has_subkey,
		    root);
	snprintf(hi->hive, sizeof(hi->hive), "%s", type ? type : "OTHER");
	if (strcmp(hi->hive, "USRCLASS") == 0)
		ct_hive_classes_sid(hi->root_name, hi->sid, sizeof(hi->sid));
	if (strcmp(hi->hive, "NTUSER") != 0 && strcmp(hi->hive, "USRCLASS"))
		hi->user[0] = '\0';
	if (hi->user[0])
		snprintf(hi->label, sizeof(hi->label), "%s (%s)", hi->hive,
		    hi->user);
	else if (hi->sid[0])
		snprintf(hi->label, sizeof(hi->label), "%s (%s)", hi->hive,
		    hi->sid);
	else
		snprintf(hi->label, sizeof(hi->label), "%s", hi->hive);
}

static enum ct_status
walk_keys(struct walk *w, libregf_key_t *root, struct ct_error *err)
{
	struct frame *st = ct_xcalloc(CT_HIVE_MAX_DEPTH, sizeof(*st));
	size_t depth = 0;
	enum ct_status rc = CT_OK;
	char msg[512];

	st[0].key = root;
	st[0].off = key_offset(root);
	if (R.libregf_key_get_number_of_sub_keys(root, &st[0].nsub, NULL) != 1)
		st[0].nsub = 0;
	st[0].path_len = 0;
	if (st[0].off != CT_NULL_INT)
		seen_add(&w->seen, st[0].off);
	emit_key(w, root, st[0].nsub, st[0].off);
	depth = 1;
	while (depth > 0) {
		struct frame *f = &st[depth - 1];
		libregf_key_t *sub = NULL;
		libregf_error_t *e = NULL;
		struct frame *c;

		if (ct_cancelled()) {
			rc = ct_error_set(err, CT_ERR_CANCELLED, w->hi->path,
			    CT_NO_OFFSET, "interrupted");
			break;
		}
		if (f->next >= f->nsub) {
			if (depth > 1)
				R.libregf_key_free(&f->key, NULL);
			depth--;
			if (depth > 0)
				ct_buf_setlen(&w->path, st[depth - 1].path_len);
			continue;
		}
		ct_buf_setlen(&w->path, f->path_len);
		if (R.libregf_key_get_sub_key(f->key, f->next++, &sub, &e) != 1) {
			regf_message(e, msg, sizeof(msg));
			ct_batch_warn(w->b, f->off, "%s: subkey %d of key '%s' "
			    "cannot be read: %s", w->hi->path, f->next - 1,
			    w->path.len ? w->path.buf : "\\", msg);
			if (++f->fails == MAX_FAILS_IN_A_ROW && f->next < f->nsub) {
				ct_batch_warn(w->b, f->off, "%s: key '%s': %d "
				    "subkeys in a row cannot be read; its other "
				    "%d subkeys are not tried", w->hi->path,
				    w->path.len ? w->path.buf : "\\",
				    f->fails, f->nsub - f->next);
				f->next = f->nsub;
			}
			continue;
		}
		f->fails = 0;
		c = &st[depth];
		memset(c, 0, sizeof(*c));
		c->key = sub;
		c->off = key_offset(sub);
		if (c->off != CT_NULL_INT && !seen_add(&w->seen, c->off)) {
			ct_batch_warn(w->b, c->off, "%s: subkey %d of key '%s' is "
			    "the key at offset %" PRId64 ", already read (a loop "
			    "or a shared subtree): not read again", w->hi->path,
			    f->next - 1, w->path.len ? w->path.buf : "\\",
			    c->off);
			R.libregf_key_free(&sub, NULL);
			continue;
		}
		if (w->path.len)
			ct_buf_addch(&w->path, '\\');
		if (key_name(w, sub, msg, sizeof(msg)) != 0) {
			ct_batch_warn(w->b, c->off, "%s: the name of subkey %d of "
			    "key '%s' cannot be read: %s", w->hi->path,
			    f->next - 1, f->path_len ? w->path.buf : "\\", msg);
			ct_buf_addf(&w->path, "(unnamed key at offset %" PRId64
			    ")", c->off);
		} else {
			ct_buf_adds(&w->path, (const char *)w->name);
		}
		c->path_len = w->path.len;
		if (R.libregf_key_get_number_of_sub_keys(sub, &c->nsub, NULL) != 1)
			c->nsub = 0;
		/*
		 * libregf_key_is_corrupted() is not asked: it flags keys that
		 * hivex and regfexport read whole (605 of the corpus
		 * NTUSER.DAT's 1,812). Real damage fails the reads above.
		 */
		emit_key(w, sub, c->nsub, c->off);
		if (depth + 1 >= CT_HIVE_MAX_DEPTH) {
			if (c->nsub > 0)
				ct_batch_warn(w->b, c->off, "%s: key '%s' is "
				    "nested %d levels deep, past what Windows "
				    "allows: its %d subkeys are not read",
				    w->hi->path, w->path.buf, CT_HIVE_MAX_DEPTH,
				    c->nsub);
			R.libregf_key_free(&sub, NULL);
			continue;
		}
		depth++;
	}
	/* Cancelled: close what is still open (the root is the caller's). */
	while (depth > 1) {
		R.libregf_key_free(&st[depth - 1].key, NULL);
		depth--;
	}
	free(st);
	return rc;
}

enum ct_status
ct_hive_walk(const char *regf_path, struct ct_hive_info *hi,
    struct ct_batch *b, struct ct_error *err)
{
	struct walk w;
	libregf_error_t *e = NULL;
	libregf_key_t *root = NULL;
	enum ct_status rc = CT_OK;
	char msg[512];

	if (ct_dynlib_load(&regf_lib) != 0)
		return ct_error_set(err, CT_ERR_UNSUPPORTED, hi->path,
		    CT_NO_OFFSET, "%s", regf_lib.error);
	memset(&w, 0, sizeof(w));
	w.hi = hi;
	w.b = b;
	w.name = ct_xmalloc(NAME_MAX_BYTES);
	ct_buf_init(&w.path, 0);
	ct_buf_init(&w.text, 0);
	ct_buf_init(&w.summary, 0);
	ct_buf_init(&w.locator, 0);
	ct_buf_init(&w.vals.names, 0);
	if (R.libregf_file_initialize(&w.file, NULL) != 1) {
		rc = ct_error_set(err, CT_ERR_INTERNAL, hi->path, CT_NO_OFFSET,
		    "cannot set up libregf");
		goto out;
	}
	if (R.libregf_file_open(w.file, regf_path, LIBREGF_OPEN_READ, &e) != 1) {
		regf_message(e, msg, sizeof(msg));
		rc = ct_error_set(err, CT_ERR_FORMAT, hi->path, CT_NO_OFFSET,
		    "not a registry hive libregf %s can read: %s",
		    R.libregf_get_version(), msg);
		goto out;
	}
	if (R.libregf_file_get_root_key(w.file, &root, &e) != 1) {
		regf_message(e, msg, sizeof(msg));
		rc = ct_error_set(err, CT_ERR_FORMAT, hi->path, CT_NO_OFFSET,
		    "the hive's root key cannot be read: %s", msg);
		goto out;
	}
	name_hive(&w, root);
	rc = walk_keys(&w, root, err);
	if (R.libregf_file_is_corrupted(w.file, NULL) == 1) {
		hi->corrupted = 1;
		ct_batch_warn(b, CT_NULL_INT, "%s: libregf found the hive "
		    "damaged; the keys it could read are in the case",
		    hi->path);
	}
out:
	if (root)
		R.libregf_key_free(&root, NULL);
	if (w.file) {
		R.libregf_file_close(w.file, NULL);
		R.libregf_file_free(&w.file, NULL);
	}
	free(w.name);
	free(w.seen.slot);
	free(w.vals.v);
	free(w.vals.name_off);
	free(w.vals.data_off);
	free(w.vals.full_size);
	ct_buf_release(&w.vals.names);
	free(w.vals.data);
	ct_buf_release(&w.path);
	ct_buf_release(&w.text);
	ct_buf_release(&w.summary);
	ct_buf_release(&w.locator);
	return rc;
}
