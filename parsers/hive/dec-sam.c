/*
 * dec-sam.c - the local accounts of the SAM hive and the machine SID.
 *
 *	sam_user	SAM\Domains\Account\Users\<RID in hex>: the F value
 *			(fixed, 0x50 bytes: last logon 0x08, password last
 *			set 0x18, account expires 0x20, last failed logon
 *			0x28, RID 0x30, account flags 0x38, failed logons
 *			0x40, logons 0x42) and the V value (a table of
 *			offset/length pairs, 12 bytes each from 0x00, whose
 *			offsets count from 0xCC: entry 1 user name, 2 full
 *			name, 3 comment); time: the last logon
 *	sam_name	SAM\Domains\Account\Users\Names\<name>: the
 *			default value's type field holds the RID (its data is
 *			empty); time: the key's last write (plaso's "last
 *			written" of an account)
 *	machine_sid	SAM\Domains\Account: the V value ends with the
 *			domain (machine) SID, S-1-5-21-a-b-c
 *
 * Layouts: libyal's "Security Accounts Manager (SAM)" notes, regipy's
 * samparse. Every offset and length in V is checked against its size.
 */
#include "compat.h"

#include <strings.h>

#include "artefact.h"
#include "bytes.h"
#include "casedb.h"
#include "dec-util.h"
#include "decoders.h"
#include "utf8.h"

#define F_MIN_SIZE	0x48
#define V_DATA_BASE	0xCC	/* V's offsets count from here */
#define V_ENTRY		12	/* offset, length, unknown */
#define MACHINE_SID_BYTES 24	/* revision 1, 4 sub-authorities */

/* A FILETIME of F, or CT_NULL_INT for 0 and "never" (0x7FFF...). */
static int64_t
f_time(const uint8_t *f, size_t off)
{
	int64_t t = (int64_t)ct_le64(f + off);

	return t > 0 && t != INT64_MAX ? t : CT_NULL_INT;
}

/* V's string number i (UTF-16LE) into out; 0 if missing or out of range. */
static int
v_string(const struct ct_reg_value_view *v, size_t i, struct ct_buf *out,
    struct ct_batch *b, const struct ct_reg_key_view *k)
{
	uint32_t off, len;

	if (!CT_FITS(v->size, i * V_ENTRY, 8))
		return 0;
	off = ct_le32(v->data + i * V_ENTRY);
	len = ct_le32(v->data + i * V_ENTRY + 4);
	if (len == 0)
		return 0;
	if (!CT_FITS(v->size, (size_t)V_DATA_BASE + off, len)) {
		ct_batch_warn(b, k->offset, "SAM V value of '%s': string %zu "
		    "at %" PRIu32 " (%" PRIu32 " bytes) past its %zu bytes",
		    k->path, i, off, len, v->size);
		return 0;
	}
	ct_utf8_from_utf16le(out, v->data + V_DATA_BASE + off, len / 2, 0);
	return 1;
}

/* The ACB flags (samsrv) that say most about an account. */
static const struct { uint32_t bit; const char *name; } acb_names[] = {
	{ 0x0001, "disabled" }, { 0x0004, "password_not_required" },
	{ 0x0010, "normal_account" }, { 0x0080, "workstation_trust" },
	{ 0x0100, "server_trust" }, { 0x0200, "password_does_not_expire" },
	{ 0x0400, "locked_out" },
};

void
ct_dec_sam_user(const struct ct_reg_key_view *k, struct ct_batch *b)
{
	const struct ct_reg_value_view *f = ct_reg_value(k, "F");
	const struct ct_reg_value_view *v = ct_reg_value(k, "V");
	struct ct_buf user = CT_BUF_INIT, full = CT_BUF_INIT,
	    comment = CT_BUF_INIT, flags = CT_BUF_INIT, sum = CT_BUF_INIT;
	struct ct_dec_json j = CT_DEC_JSON_INIT;
	struct ct_artefact_row a;
	const char *key = ct_dec_key_name(k);
	int64_t rid = CT_NULL_INT, logons = CT_NULL_INT;
	size_t i;

	if (ct_dec_depth(k) != 5 || strcasecmp(key, "Names") == 0)
		return;
	if (f == NULL && v == NULL)
		return;
	ct_artefact_row_init(&a, "sam_user");
	if (f && f->data && f->size >= F_MIN_SIZE) {
		uint32_t acb = ct_le16(f->data + 0x38);

		rid = ct_le32(f->data + 0x30);
		logons = ct_le16(f->data + 0x42);
		a.time = f_time(f->data, 0x08);
		ct_dec_json_int(&j, "rid", rid);
		ct_dec_json_int(&j, "flags", acb);
		for (i = 0; i < CT_ARRAY_SIZE(acb_names); i++)
			if (acb & acb_names[i].bit) {
				if (flags.len)
					ct_buf_addch(&flags, '|');
				ct_buf_adds(&flags, acb_names[i].name);
			}
		if (flags.len)
			ct_dec_json_str(&j, "flag_names", flags.buf);
		ct_dec_json_int(&j, "last_login", f_time(f->data, 0x08));
		ct_dec_json_int(&j, "password_last_set", f_time(f->data, 0x18));
		ct_dec_json_int(&j, "account_expires", f_time(f->data, 0x20));
		ct_dec_json_int(&j, "last_failed_login", f_time(f->data, 0x28));
		ct_dec_json_int(&j, "failed_logins", ct_le16(f->data + 0x40));
		ct_dec_json_int(&j, "login_count", logons);
	} else if (f) {
		ct_batch_warn(b, k->offset, "SAM F value of '%s': %zu bytes, "
		    "%d needed", k->path, f->size, F_MIN_SIZE);
	}
	if (v && v->data) {
		v_string(v, 1, &user, b, k);
		v_string(v, 2, &full, b, k);
		v_string(v, 3, &comment, b, k);
	}
	if (rid == CT_NULL_INT) {
		char *end;
		unsigned long r = strtoul(key, &end, 16);

		if (*key && *end == '\0')
			rid = (int64_t)r;
	}
	a.name = user.len ? user.buf : NULL;
	a.user_name = a.name;
	a.count = logons;
	if (full.len)
		ct_dec_json_str(&j, "full_name", full.buf);
	if (comment.len)
		ct_dec_json_str(&j, "comment", comment.buf);
	a.data = ct_dec_json_done(&j);
	ct_buf_addf(&sum, "local account %s", user.len ? user.buf : key);
	if (rid != CT_NULL_INT)
		ct_buf_addf(&sum, " (RID %" PRId64 ")", rid);
	if (logons != CT_NULL_INT)
		ct_buf_addf(&sum, ", %" PRId64 " logons", logons);
	ct_reg_emit_artefact(b, k, &a, sum.buf, "last logon");
	ct_buf_release(&user); ct_buf_release(&full);
	ct_buf_release(&comment); ct_buf_release(&flags);
	ct_buf_release(&sum);
	ct_dec_json_release(&j);
}

void
ct_dec_sam_name(const struct ct_reg_key_view *k, struct ct_batch *b)
{
	const struct ct_reg_value_view *v = ct_reg_value(k, "");
	struct ct_artefact_row a;
	struct ct_dec_json j = CT_DEC_JSON_INIT;
	struct ct_buf sum = CT_BUF_INIT;
	const char *name = ct_dec_key_name(k);

	if (ct_dec_depth(k) != 6 || v == NULL)
		return;
	ct_artefact_row_init(&a, "sam_name");
	a.name = name;
	a.user_name = name;
	ct_dec_json_int(&j, "rid", v->type);
	a.data = ct_dec_json_done(&j);
	if (k->last_written > 0)
		a.time = k->last_written;
	ct_buf_addf(&sum, "local account name %s (RID %" PRIu32 ")", name,
	    v->type);
	ct_reg_emit_artefact(b, k, &a, sum.buf, "account name key written");
	ct_buf_release(&sum);
	ct_dec_json_release(&j);
}

void
ct_dec_sam_domain(const struct ct_reg_key_view *k, struct ct_batch *b)
{
	const struct ct_reg_value_view *v = ct_reg_value(k, "V");
	const uint8_t *s;
	struct ct_artefact_row a;
	struct ct_buf sid = CT_BUF_INIT, sum = CT_BUF_INIT;
	uint64_t auth = 0;
	int i;

	if (v == NULL || v->data == NULL || v->size < MACHINE_SID_BYTES)
		return;
	s = v->data + v->size - MACHINE_SID_BYTES;
	if (s[0] != 1 || s[1] != 4) {
		ct_batch_warn(b, k->offset, "SAM '%s' V value: no machine SID "
		    "in its last %d bytes", k->path, MACHINE_SID_BYTES);
		return;
	}
	for (i = 0; i < 6; i++)
		auth = auth << 8 | s[2 + i];
	ct_buf_addf(&sid, "S-1-%" PRIu64, auth);
	for (i = 0; i < 4; i++)
		ct_buf_addf(&sid, "-%" PRIu32, ct_le32(s + 8 + 4 * i));
	ct_artefact_row_init(&a, "machine_sid");
	a.name = sid.buf;	/* a machine's, not a user's: user_sid stays empty */
	if (k->last_written > 0)
		a.time = k->last_written;
	ct_buf_addf(&sum, "machine SID %s", sid.buf);
	ct_reg_emit_artefact(b, k, &a, sum.buf, "account domain key written");
	ct_buf_release(&sid);
	ct_buf_release(&sum);
}
