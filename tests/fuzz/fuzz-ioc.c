/*
 * fuzz-ioc.c - libFuzzer target for the indicator readers
 * (parsers/ioc/ioc-int.h). Built once per reader with -DFUZZ_READER=
 * ioc_read_report, ioc_read_misp_json, ioc_read_stix, ioc_read_openioc,
 * ioc_read_csv, ioc_read_list or ioc_read_any (the default).
 *
 * Besides memory errors (ASan) it checks one invariant the matcher relies
 * on: the canonical form of every valid item checks again to itself, with
 * the same class (ct_ioc_match rebuilds classes from stored values).
 */
#include "compat.h"

#include "ioc/ioc-int.h"

#ifndef FUZZ_READER
#define FUZZ_READER ioc_read_any
#endif

int ioc_fuzz_one(enum ct_status (*rd)(const char *, size_t,
    struct ioc_doc *, struct ct_error *), const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
ioc_fuzz_one(enum ct_status (*rd)(const char *, size_t, struct ioc_doc *,
    struct ct_error *), const uint8_t *data, size_t size)
{
	struct ct_error err = CT_ERROR_INIT;
	struct ioc_doc d;
	size_t i;

	ioc_doc_init(&d, "fuzz");
	rd((const char *)data, size, &d, &err);
	for (i = 0; i < d.nitems; i++) {
		const struct ioc_item *it = &d.items[i];
		struct ct_buf norm = CT_BUF_INIT, why = CT_BUF_INIT;
		const char *t;

		if (!it->normalized) {
			if (!it->reason)
				abort();	/* rejected without a reason */
			continue;
		}
		if (ioc_check(it->type, it->normalized, &norm, &why, &t) !=
		    it->cls || strcmp(norm.buf, it->normalized) != 0) {
			fprintf(stderr, "not idempotent: %s '%s' -> '%s'\n",
			    it->type, it->normalized, norm.buf);
			abort();
		}
		ct_buf_release(&norm);
		ct_buf_release(&why);
	}
	for (i = 0; i < d.nnodes; i++)
		if (d.nodes[i].op == IOC_LEAF && d.nodes[i].item >= 0 &&
		    (size_t)d.nodes[i].item >= d.nitems)
			abort();	/* a leaf pointing past the items */
	ioc_doc_release(&d);
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return ioc_fuzz_one(FUZZ_READER, data, size);
}
