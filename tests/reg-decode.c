/*
 * reg-decode.c - a test tool: run the registry artefact decoders on the
 * keys of a hive dumped by tests/unit/reg-dump.py (libregf) and write
 * what they emit into a case file, so shell tests can compare the
 * artefact table with a ground truth before the hive parser exists.
 *
 * Usage: reg-dump.py HIVEFILE | reg-decode CASE.db HIVE [SID [USER]]
 *
 * HIVE is the view's hive name (SYSTEM, SOFTWARE, SAM, NTUSER, AMCACHE);
 * SID and USER are the owner of an NTUSER hive. Prints "N keys, N
 * warnings" on stderr. Exit 0, or 1 when the case cannot be written.
 */
#include "compat.h"

#include "casedb.h"
#include "reg-views.h"
#include "sink.h"

int
main(int argc, char **argv)
{
	struct ct_error err = CT_ERROR_INIT;
	struct ct_source_row src;
	struct views vs = { 0 };
	struct ct_case *c;
	struct ct_sink *s;
	struct ct_batch *b;
	uint64_t warnings;
	size_t i;

	if (argc < 3 || argc > 5) {
		fprintf(stderr, "usage: reg-decode CASE.db HIVE [SID [USER]] "
		    "<dump\n");
		return 2;
	}
	views_read_dump(&vs, argv[2], stdin);
	for (i = 0; i < vs.nkeys; i++) {
		vs.keys[i].owner_sid = argc > 3 ? argv[3] : NULL;
		vs.keys[i].owner_name = argc > 4 ? argv[4] : NULL;
	}
	if (ct_case_open(argv[1], CT_CASE_WRITE, &c, &err) != CT_OK) {
		fprintf(stderr, "reg-decode: cannot open '%s'\n", argv[1]);
		return 1;
	}
	memset(&src, 0, sizeof(src));
	src.kind = "test";
	src.path = argv[2];
	src.size = CT_NULL_INT;
	s = ct_sink_open(c);
	b = ct_batch_new(s, ct_sink_add_source(s, &src), "hive");
	for (i = 0; i < vs.nkeys; i++) {
		ct_reg_decode_key(&vs.keys[i], b);
		ct_batch_maybe_flush(b);
	}
	warnings = ct_batch_warnings(b);
	ct_batch_free(b);
	if (ct_sink_close(s, &err) != CT_OK) {
		fprintf(stderr, "reg-decode: writing '%s' failed\n", argv[1]);
		ct_case_close(c);
		return 1;
	}
	ct_case_close(c);
	fprintf(stderr, "%zu keys, %" PRIu64 " warnings\n", vs.nkeys, warnings);
	views_release(&vs);
	return 0;
}
