/*
 * image-ewf.c - the image parser's container glue (see image-int.h):
 * which container libtsk is to open a file as, and the E01 --verify
 * thread beside the walk (ct_ewf_verify, ewfmeta.c, does the reading).
 */
#include "compat.h"

#include "ewfmeta.h"
#include "image-int.h"
#include "threadname.h"

/*
 * The container, from its signature: libtsk's own detection tries every
 * library in turn and leaks the handles of those that refuse the file
 * (libvhdi, libvmdk in libtsk 4.11), so it is done here. A fixed VHD has
 * its "conectix" footer in the last 512 bytes only.
 */
TSK_IMG_TYPE_ENUM
ct_image_container_type(struct ct_input *in)
{
	uint8_t h[512];
	int64_t n = in->read_at(in->ctx, h, sizeof(h), 0);

	if (n >= 8 && memcmp(h, "EVF\x09\x0d\x0a\xff\x00", 8) == 0)
		return TSK_IMG_TYPE_EWF_EWF;
	if (n >= 21 && (memcmp(h, "KDMV", 4) == 0 ||
	    memcmp(h, "# Disk DescriptorFile", 21) == 0))
		return TSK_IMG_TYPE_VMDK_VMDK;
	if (n >= 8 && memcmp(h, "conectix", 8) == 0)
		return TSK_IMG_TYPE_VHD_VHD;
	if (in->size >= 1024 && in->read_at(in->ctx, h, sizeof(h),
	    in->size - 512) == 512 && memcmp(h, "conectix", 8) == 0)
		return TSK_IMG_TYPE_VHD_VHD;
	return TSK_IMG_TYPE_RAW;	/* single or split (.001 ...) */
}

static void *
ewf_check_main(void *arg)
{
	struct ewf_check *e = arg;

	ct_thread_name("ct-verify");
	e->rc = ct_ewf_verify(e->path, &e->note, &e->problem);
	return NULL;
}

void
ct_image_ewf_check_start(struct ewf_check *e, const char *path)
{
	memset(e, 0, sizeof(*e));
	e->path = path;
	ct_buf_init(&e->note, 0);
	ct_buf_init(&e->problem, 0);
	e->running = pthread_create(&e->thread, NULL, ewf_check_main, e) == 0;
	if (!e->running)
		ewf_check_main(e);	/* no thread: verify here and now */
}

void
ct_image_ewf_check_finish(struct ewf_check *e, struct img *im,
    struct ct_buf *note)
{
	if (e->running)
		pthread_join(e->thread, NULL);
	e->running = 0;
	ct_buf_add(note, e->note.buf, e->note.len);
	if (e->rc != 0)
		ct_batch_warn(im->b, CT_NULL_INT, "E01 verification: %s",
		    e->problem.buf);
	ct_sink_finish_source(im->in->sink, im->in->source_id, "pending",
	    note->buf, CT_NULL_INT, NULL, NULL, NULL);
	ct_buf_release(&e->note);
	ct_buf_release(&e->problem);
}
