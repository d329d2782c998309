/*
 * dec-bam.c - BAM and DAM (Background / Desktop Activity Moderator,
 * Windows 10 1709 and later): the last run of each program per user.
 *
 * SYSTEM ControlSet*\Services\bam\State\UserSettings\<SID> (older builds:
 * ...\bam\UserSettings\<SID>), dam likewise. Every value but the
 * bookkeeping ones ("Version", "SequenceNumber") is named by the
 * program's path (\Device\HarddiskVolumeN\... or an app ID) and starts
 * with the FILETIME of its last run. One artefact per value: executed 1,
 * time the last run, user_sid the key's name.
 */
#include "compat.h"

#include <strings.h>

#include "artefact.h"
#include "bytes.h"
#include "casedb.h"
#include "dec-util.h"
#include "decoders.h"

void
ct_dec_bam(const struct ct_reg_key_view *k, struct ct_batch *b)
{
	char service[8];
	const char *sid = ct_dec_key_name(k);
	size_t i, depth = ct_dec_depth(k);

	/* ControlSetNNN\Services\bam[\State]\UserSettings\<SID> */
	if (depth != 5 && depth != 6)
		return;
	ct_dec_component(k, 2, service, sizeof(service));
	for (i = 0; i < k->nvalues; i++) {
		const struct ct_reg_value_view *v = &k->values[i];
		struct ct_artefact_row a;
		struct ct_buf sum = CT_BUF_INIT;
		int64_t t;

		if (strcasecmp(v->name, "Version") == 0 ||
		    strcasecmp(v->name, "SequenceNumber") == 0)
			continue;
		if (v->type != CT_REG_BINARY || v->data == NULL ||
		    v->size < 8) {
			ct_batch_warn(b, k->offset, "%s value '%s' of '%s': "
			    "type %" PRIu32 ", %zu bytes, not a run time",
			    service, v->name, k->path, v->type, v->size);
			continue;
		}
		t = (int64_t)ct_le64(v->data);
		ct_artefact_row_init(&a, strcasecmp(service, "dam") == 0 ?
		    "dam" : "bam");
		a.path = v->name;
		a.user_sid = sid;
		a.executed = 1;
		if (t > 0)
			a.time = t;
		ct_buf_addf(&sum, "%s: %s last ran as %s", a.kind, v->name,
		    sid);
		ct_reg_emit_artefact(b, k, &a, sum.buf, a.kind[0] == 'd' ?
		    "last executed (DAM)" : "last executed (BAM)");
		ct_buf_release(&sum);
	}
}
