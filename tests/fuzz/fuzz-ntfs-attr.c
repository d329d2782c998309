/*
 * fuzz-ntfs-attr.c - libFuzzer target for the NTFS attribute decoder
 * (parsers/image/ntfs-attr.c): any bytes as the resident content of a
 * $STANDARD_INFORMATION, a $FILE_NAME (its name read to the last unit, as
 * the USN path resolution does) and a Zone.Identifier stream, and as a
 * list of NUL-separated stream names; and as a boot sector and a raw MFT
 * record (parsers/image/ntfs-record.c). Built with --enable-fuzzing
 * (CC=clang); scripts/fuzz seeds it with the attributes of the reference
 * image, and tests/unit/test-ntfs-attr.c checks the same functions on
 * crafted, truncated and hostile contents in the normal test suite.
 */
#include "compat.h"

#include "buf.h"
#include "ntfs-attr.h"
#include "ntfs-record.h"
#include "utf8.h"
#include "xalloc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ct_ntfs_times t;
	struct ct_ntfs_fn fn;
	struct ct_ntfs_zone z;
	struct ct_ntfs_streams st;
	char *names, *json;
	size_t i, start;

	/* The same bytes as a boot sector and as a raw MFT record. */
	(void)ct_ntfs_boot_record_size(data, size);
	{
		const char *why;

		(void)ct_ntfs_record_check(data, size, &why);
	}
	ct_ntfs_si_decode(data, size, &t);
	if (ct_ntfs_fn_decode(data, size, &fn) == 0) {
		struct ct_buf name = CT_BUF_INIT;

		ct_utf8_from_utf16le(&name, fn.name, fn.name_units, 0);
		ct_buf_release(&name);
		(void)ct_ntfs_fn_prefer(NULL, &fn);
		(void)ct_ntfs_fn_prefer(&fn, &fn);
	}

	ct_ntfs_zone_init(&z);
	ct_ntfs_zone_parse(&z, data, size);
	ct_ntfs_zone_parse(&z, data, size);	/* a second stream of a file */
	ct_ntfs_zone_release(&z);

	/* Stream names come from libtsk NUL-terminated: cut at each NUL. */
	names = ct_xmalloc(size + 1);
	memcpy(names, data, size);
	names[size] = '\0';
	ct_ntfs_streams_init(&st);
	for (i = start = 0; i <= size; i++)
		if (names[i] == '\0') {
			ct_ntfs_streams_add(&st, names + start, (int64_t)i);
			start = i + 1;
		}
	json = ct_ntfs_streams_finish(&st);
	free(json);
	free(names);
	return 0;
}
