/*
 * dec-services.c - services and the DLLs svchost loads for them.
 *
 *	service		one per ControlSet*\Services\<name> key with a Type
 *			or ImagePath; time: the key's last write
 *	service_dll	one per ...\<name>\Parameters key with a ServiceDll;
 *			time: the key's last write
 */
#include "compat.h"

#include <strings.h>

#include "artefact.h"
#include "casedb.h"
#include "dec-util.h"
#include "decoders.h"

/* Start and Type values as the Service Control Manager names them. */
static const char *const start_names[] = {
	"boot", "system", "auto", "demand", "disabled"
};

/* The Type bits (winnt.h SERVICE_*). */
static const struct { uint32_t bit; const char *name; } type_names[] = {
	{ 0x1, "kernel_driver" }, { 0x2, "file_system_driver" },
	{ 0x4, "adapter" }, { 0x8, "recognizer_driver" },
	{ 0x10, "own_process" }, { 0x20, "share_process" },
	{ 0x40, "user_service" }, { 0x80, "user_service_instance" },
	{ 0x100, "interactive" },
};

static void
type_text(int64_t type, struct ct_buf *out)
{
	size_t i;

	for (i = 0; i < CT_ARRAY_SIZE(type_names); i++) {
		if (!(type & type_names[i].bit))
			continue;
		if (out->len)
			ct_buf_addch(out, '|');
		ct_buf_adds(out, type_names[i].name);
	}
}

void
ct_dec_service(const struct ct_reg_key_view *k, struct ct_batch *b)
{
	struct ct_artefact_row a;
	struct ct_dec_json j = CT_DEC_JSON_INIT;
	struct ct_buf sum = CT_BUF_INIT, types = CT_BUF_INIT;
	char *image, *object, *display, *dll, *group;
	int64_t start = CT_NULL_INT, type = CT_NULL_INT;
	const char *name = ct_dec_key_name(k);

	if (ct_dec_depth(k) != 3)
		return;
	image = ct_dec_str(k, "ImagePath");
	if (!ct_dec_num(k, "Start", &start))
		start = CT_NULL_INT;
	if (!ct_dec_num(k, "Type", &type))
		type = CT_NULL_INT;
	if (image == NULL && type == CT_NULL_INT)
		return;		/* not a service: a bare key */
	object = ct_dec_str(k, "ObjectName");
	display = ct_dec_str(k, "DisplayName");
	dll = ct_dec_str(k, "ServiceDll");	/* NT 4-era: in the key */
	group = ct_dec_str(k, "Group");
	ct_artefact_row_init(&a, "service");
	a.name = name;
	a.path = dll ? dll : image;
	a.command_line = image;
	a.product = display;
	ct_dec_json_int(&j, "start", start);
	if (start >= 0 && start < (int64_t)CT_ARRAY_SIZE(start_names))
		ct_dec_json_str(&j, "start_type", start_names[start]);
	ct_dec_json_int(&j, "type", type);
	if (type != CT_NULL_INT) {
		type_text(type, &types);
		if (types.len)
			ct_dec_json_str(&j, "type_names", types.buf);
	}
	ct_dec_json_str(&j, "object_name", object);
	ct_dec_json_str(&j, "service_dll", dll);
	ct_dec_json_str(&j, "group", group);
	a.data = ct_dec_json_done(&j);
	if (k->last_written > 0)
		a.time = k->last_written;
	ct_buf_addf(&sum, "service %s: %s", name, image ? image : "(no image)");
	if (start >= 0 && start < (int64_t)CT_ARRAY_SIZE(start_names))
		ct_buf_addf(&sum, " (start %s)", start_names[start]);
	ct_reg_emit_artefact(b, k, &a, sum.buf, "service key written");
	ct_buf_release(&sum);
	ct_buf_release(&types);
	ct_dec_json_release(&j);
	free(image); free(object); free(display); free(dll); free(group);
}

/* ControlSet*\Services\<name>\Parameters: the DLL a svchost service loads. */
void
ct_dec_service_dll(const struct ct_reg_key_view *k, struct ct_batch *b)
{
	struct ct_artefact_row a;
	struct ct_buf sum = CT_BUF_INIT;
	char name[256];
	char *dll;

	if (ct_dec_depth(k) != 4 || strcasecmp(ct_dec_key_name(k),
	    "Parameters") != 0)
		return;
	dll = ct_dec_str(k, "ServiceDll");
	if (dll == NULL)
		return;
	ct_dec_component(k, 2, name, sizeof(name));
	ct_artefact_row_init(&a, "service_dll");
	a.name = name;
	a.path = dll;
	if (k->last_written > 0)
		a.time = k->last_written;
	ct_buf_addf(&sum, "service %s loads %s", name, dll);
	ct_reg_emit_artefact(b, k, &a, sum.buf, "service key written");
	ct_buf_release(&sum);
	free(dll);
}
