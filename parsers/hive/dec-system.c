/*
 * dec-system.c - facts about the machine and its users:
 *
 *	computer_name	SYSTEM ControlSet*\Control\ComputerName\ComputerName
 *	time_zone	SYSTEM ControlSet*\Control\TimeZoneInformation: Bias
 *			and the others in minutes (signed: UTC = local + bias),
 *			names up to their first NUL (Windows leaves garbage
 *			after TimeZoneKeyName's)
 *	profile		SOFTWARE ...\ProfileList\<SID>: the profile folder,
 *			the user name it implies and the SID
 *
 * Each has the key's last-write time.
 */
#include "compat.h"

#include "artefact.h"
#include "casedb.h"
#include "dec-util.h"
#include "decoders.h"

void
ct_dec_computer_name(const struct ct_reg_key_view *k, struct ct_batch *b)
{
	struct ct_artefact_row a;
	struct ct_buf sum = CT_BUF_INIT;
	char *name = ct_dec_str(k, "ComputerName");

	if (name == NULL)
		return;
	ct_artefact_row_init(&a, "computer_name");
	a.name = name;
	if (k->last_written > 0)
		a.time = k->last_written;
	ct_buf_addf(&sum, "computer name %s", name);
	ct_reg_emit_artefact(b, k, &a, sum.buf, "computer name key written");
	ct_buf_release(&sum);
	free(name);
}

/* A bias in minutes: a DWORD that is really signed. */
static int64_t
bias(const struct ct_reg_key_view *k, const char *name)
{
	int64_t v;

	if (!ct_dec_num(k, name, &v))
		return CT_NULL_INT;
	return (int64_t)(int32_t)(uint32_t)v;
}

void
ct_dec_time_zone(const struct ct_reg_key_view *k, struct ct_batch *b)
{
	struct ct_artefact_row a;
	struct ct_dec_json j = CT_DEC_JSON_INIT;
	struct ct_buf sum = CT_BUF_INIT;
	char *key_name = ct_dec_str(k, "TimeZoneKeyName");
	char *std = ct_dec_str(k, "StandardName");
	char *dst = ct_dec_str(k, "DaylightName");
	int64_t bias_min = bias(k, "Bias");

	if (key_name == NULL && std == NULL && bias_min == CT_NULL_INT)
		goto out;
	ct_artefact_row_init(&a, "time_zone");
	a.name = key_name ? key_name : std;
	ct_dec_json_int(&j, "bias", bias_min);
	ct_dec_json_int(&j, "active_time_bias", bias(k, "ActiveTimeBias"));
	ct_dec_json_int(&j, "standard_bias", bias(k, "StandardBias"));
	ct_dec_json_int(&j, "daylight_bias", bias(k, "DaylightBias"));
	ct_dec_json_str(&j, "standard_name", std);
	ct_dec_json_str(&j, "daylight_name", dst);
	ct_dec_json_str(&j, "time_zone_key_name", key_name);
	a.data = ct_dec_json_done(&j);
	if (k->last_written > 0)
		a.time = k->last_written;
	ct_buf_addf(&sum, "time zone %s", a.name ? a.name : "(unnamed)");
	if (bias_min != CT_NULL_INT)
		ct_buf_addf(&sum, ", bias %" PRId64 " min", bias_min);
	ct_reg_emit_artefact(b, k, &a, sum.buf, "time zone key written");
	ct_buf_release(&sum);
	ct_dec_json_release(&j);
out:
	free(key_name); free(std); free(dst);
}

void
ct_dec_profile(const struct ct_reg_key_view *k, struct ct_batch *b)
{
	struct ct_artefact_row a;
	struct ct_buf sum = CT_BUF_INIT;
	const char *sid = ct_dec_key_name(k), *user;
	char *path;

	if (ct_dec_depth(k) != 5 || strncmp(sid, "S-", 2) != 0)
		return;
	path = ct_dec_str(k, "ProfileImagePath");
	if (path == NULL)
		return;
	user = strrchr(path, '\\');
	user = user ? user + 1 : path;
	ct_artefact_row_init(&a, "profile");
	a.path = path;
	a.user_sid = sid;
	a.user_name = *user ? user : NULL;
	if (k->last_written > 0)
		a.time = k->last_written;
	ct_buf_addf(&sum, "profile of %s: %s", sid, path);
	ct_reg_emit_artefact(b, k, &a, sum.buf, "profile key written");
	ct_buf_release(&sum);
	free(path);
}
