/*
 * hive-value.c - registry value bytes to reg_value columns (hive-value.h).
 */
#include "compat.h"

#include "bytes.h"
#include "hive-value.h"
#include "reg-view.h"
#include "utf8.h"

/* Nonzero if any of p[0..n) is not 0. */
static int
any_nonzero(const uint8_t *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (p[i])
			return 1;
	return 0;
}

/*
 * Decode UTF-16LE units from p[*i..nunits) up to a NUL unit (consumed)
 * or the end into out. 0, or -1 on a lone surrogate.
 */
static int
utf16_string(struct ct_buf *out, const uint8_t *p, size_t nunits, size_t *i)
{
	while (*i < nunits) {
		uint32_t u = ct_le16(p + 2 * *i);

		(*i)++;
		if (u == 0)
			return 0;
		if (u >= 0xD800 && u <= 0xDBFF) {
			uint32_t lo;

			if (*i >= nunits)
				return -1;
			lo = ct_le16(p + 2 * *i);
			if (lo < 0xDC00 || lo > 0xDFFF)
				return -1;
			(*i)++;
			u = 0x10000 + ((u - 0xD800) << 10) + (lo - 0xDC00);
		} else if (u >= 0xDC00 && u <= 0xDFFF) {
			return -1;
		}
		ct_utf8_put(out, u);
	}
	return 0;
}

/* A string type: 0 if text holds all the bytes say, 1 keep data, -1 bad. */
static int
string_text(uint32_t type, const uint8_t *data, size_t size, struct ct_buf *text)
{
	size_t nunits = size / 2, i = 0;
	int keep = (size & 1) && data[size - 1] != 0;

	if (type != CT_REG_MULTI_SZ) {
		if (utf16_string(text, data, nunits, &i) != 0)
			return -1;
	} else {
		int first = 1;

		while (i < nunits) {
			size_t start = text->len, mark;

			if (!first)
				ct_buf_addch(text, '\n');
			mark = text->len;
			if (utf16_string(text, data, nunits, &i) != 0)
				return -1;
			if (text->len == mark) {
				/* the empty string ends the list */
				ct_buf_setlen(text, start);
				break;
			}
			if (memchr(text->buf + mark, '\n', text->len - mark))
				keep = 1;
			first = 0;
		}
	}
	if (any_nonzero(data + 2 * i, 2 * nunits - 2 * i))
		keep = 1;
	return keep;
}

void
ct_hive_value_row(struct ct_reg_value_row *row, const char *name,
    uint32_t type, const uint8_t *data, size_t size, struct ct_buf *text)
{
	int keep = 0;

	memset(row, 0, sizeof(*row));
	row->name = name;
	row->type = type;
	row->size = (int64_t)size;
	row->number = CT_NULL_INT;
	row->text = NULL;
	switch (type) {
	case CT_REG_SZ: case CT_REG_EXPAND_SZ: case CT_REG_LINK:
	case CT_REG_MULTI_SZ:
		ct_buf_reset(text);
		ct_buf_adds(text, "");	/* text->buf is "" even for no bytes */
		keep = string_text(type, data, size, text);
		if (keep >= 0)
			row->text = text->buf;
		else
			keep = 1;
		break;
	case CT_REG_DWORD:
		if (size >= 4)
			row->number = ct_le32(data);
		keep = size != 4;
		break;
	case CT_REG_DWORD_BIG_ENDIAN:
		if (size >= 4)
			row->number = (int64_t)((uint32_t)data[0] << 24 |
			    (uint32_t)data[1] << 16 | (uint32_t)data[2] << 8 |
			    data[3]);
		keep = size != 4;
		break;
	case CT_REG_QWORD:
		if (size >= 8)
			row->number = (int64_t)ct_le64(data);
		keep = size != 8;
		break;
	default:
		keep = 1;
		break;
	}
	if (keep && size > 0) {
		row->data.p = data;
		row->data.n = size;
	}
}
