/*
 * dec-util.c - value access and JSON for the registry artefact decoders.
 */
#include "compat.h"

#include <ctype.h>

#include "bytes.h"
#include "casedb.h"
#include "dec-util.h"
#include "utf8.h"
#include "xalloc.h"

/* FILETIME of 1970-01-01 and 2100-01-01. */
#define FT_1970	116444736000000000LL
#define FT_2100	159725664000000000LL

const char *
ct_dec_key_name(const struct ct_reg_key_view *k)
{
	const char *s = strrchr(k->path, '\\');

	return s ? s + 1 : k->path;
}

size_t
ct_dec_depth(const struct ct_reg_key_view *k)
{
	const char *s;
	size_t n = 1;

	if (k->path[0] == '\0')
		return 0;
	for (s = k->path; *s; s++)
		n += *s == '\\';
	return n;
}

char *
ct_dec_component(const struct ct_reg_key_view *k, size_t i, char *out,
    size_t n)
{
	const char *s = k->path, *e;
	size_t len;

	for (; i > 0 && s; i--) {
		s = strchr(s, '\\');
		if (s)
			s++;
	}
	out[0] = '\0';
	if (s == NULL || n == 0)
		return out;
	e = strchr(s, '\\');
	len = e ? (size_t)(e - s) : strlen(s);
	if (len >= n)
		len = n - 1;
	memcpy(out, s, len);
	out[len] = '\0';
	return out;
}

/*
 * A string value is UTF-16LE; a REG_BINARY or REG_NONE is taken as text
 * only when it looks like UTF-16LE (even size, a zero high byte first),
 * which is how Windows stores names in binary values too.
 */
int
ct_dec_value_text(const struct ct_reg_value_view *v, struct ct_buf *out)
{
	size_t before = out->len;

	if (v == NULL || v->data == NULL || v->size < 2)
		return 0;
	switch (v->type) {
	case CT_REG_SZ: case CT_REG_EXPAND_SZ: case CT_REG_MULTI_SZ:
	case CT_REG_LINK:
		break;
	case CT_REG_BINARY: case CT_REG_NONE:
		if (v->size % 2 || v->data[1] != 0)
			return 0;
		break;
	default:
		return 0;
	}
	ct_utf8_from_utf16le(out, v->data, v->size / 2, 1);
	return out->len > before;
}

char *
ct_dec_str(const struct ct_reg_key_view *k, const char *name)
{
	struct ct_buf b = CT_BUF_INIT;

	if (!ct_dec_value_text(ct_reg_value(k, name), &b))
		return NULL;
	return ct_buf_detach(&b, NULL);
}

/* Decimal or 0x-hex digits, whole string; 1 on success. */
static int
parse_number(const char *s, int64_t *out)
{
	uint64_t v = 0;
	int base = 10, digits = 0;

	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		base = 16;
		s += 2;
	}
	for (; *s; s++, digits++) {
		int d;

		if (isdigit((unsigned char)*s))
			d = *s - '0';
		else if (base == 16 && isxdigit((unsigned char)*s))
			d = tolower((unsigned char)*s) - 'a' + 10;
		else
			return 0;
		if (v > (UINT64_MAX - (uint64_t)d) / (uint64_t)base)
			return 0;
		v = v * (uint64_t)base + (uint64_t)d;
	}
	if (digits == 0 || digits > 19)
		return 0;
	*out = (int64_t)v;
	return 1;
}

int
ct_dec_num(const struct ct_reg_key_view *k, const char *name, int64_t *out)
{
	const struct ct_reg_value_view *v = ct_reg_value(k, name);
	struct ct_buf b = CT_BUF_INIT;
	int ok = 0;

	if (v == NULL || v->data == NULL)
		return 0;
	if (v->type == CT_REG_DWORD && v->size >= 4) {
		*out = ct_le32(v->data);
		return 1;
	}
	if (v->type == CT_REG_DWORD_BIG_ENDIAN && v->size >= 4) {
		*out = (int64_t)((uint32_t)v->data[0] << 24 |
		    (uint32_t)v->data[1] << 16 | (uint32_t)v->data[2] << 8 |
		    v->data[3]);
		return 1;
	}
	if (v->type == CT_REG_QWORD && v->size >= 8) {
		*out = (int64_t)ct_le64(v->data);
		return 1;
	}
	if (ct_dec_value_text(v, &b))
		ok = parse_number(b.buf, out);
	ct_buf_release(&b);
	return ok;
}

int64_t
ct_dec_filetime(const struct ct_reg_key_view *k, const char *name)
{
	const struct ct_reg_value_view *v = ct_reg_value(k, name);

	if (v == NULL || v->data == NULL || v->size < 8)
		return 0;
	return (int64_t)ct_le64(v->data);
}

int
ct_dec_time_plausible(int64_t ft)
{
	return ft >= FT_1970 && ft < FT_2100;
}

static void
json_key(struct ct_dec_json *j, const char *key)
{
	ct_buf_addch(&j->b, j->members++ ? ',' : '{');
	ct_buf_addch(&j->b, '"');
	ct_buf_add_json_str(&j->b, key, strlen(key));
	ct_buf_adds(&j->b, "\":");
}

void
ct_dec_json_str(struct ct_dec_json *j, const char *key, const char *s)
{
	if (s == NULL)
		return;
	json_key(j, key);
	ct_buf_addch(&j->b, '"');
	ct_buf_add_json_str(&j->b, s, strlen(s));
	ct_buf_addch(&j->b, '"');
}

void
ct_dec_json_int(struct ct_dec_json *j, const char *key, int64_t v)
{
	if (v == CT_NULL_INT)
		return;
	json_key(j, key);
	ct_buf_add_i64(&j->b, v);
}

const char *
ct_dec_json_done(struct ct_dec_json *j)
{
	if (j->members == 0)
		return NULL;
	ct_buf_addch(&j->b, '}');
	return j->b.buf;
}

void
ct_dec_json_release(struct ct_dec_json *j)
{
	ct_buf_release(&j->b);
	j->members = 0;
}

void
ct_dec_rot13(char *s)
{
	for (; *s; s++) {
		if (*s >= 'a' && *s <= 'z')
			*s = (char)('a' + (*s - 'a' + 13) % 26);
		else if (*s >= 'A' && *s <= 'Z')
			*s = (char)('A' + (*s - 'A' + 13) % 26);
	}
}
