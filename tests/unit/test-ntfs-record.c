/*
 * test-ntfs-record.c - MFT record size from a boot sector, and the
 * soundness check of raw MFT records (parsers/image/ntfs-record.c) on a
 * crafted record and its damaged variants.
 */
#include "compat.h"

#include "ntfs-record.h"
#include "unit.h"

#define RS 1024

static void
put16(uint8_t *p, unsigned v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
}

static void
put32(uint8_t *p, uint32_t v)
{
	put16(p, v & 0xffff);
	put16(p + 2, v >> 16);
}

/*
 * A sound 1024-byte record: update sequence array at 0x30 (number 0x0007,
 * two saved pairs), one 0x60-byte attribute at 0x38, the end marker.
 */
static void
sound_record(uint8_t *r)
{
	memset(r, 0, RS);
	memcpy(r, "FILE", 4);
	put16(r + 4, 0x30);
	put16(r + 6, 3);
	put16(r + 20, 0x38);
	put16(r + 22, 1);		/* in use */
	put32(r + 24, 0x38 + 0x60 + 8);
	put32(r + 0x38, 0x10);
	put32(r + 0x38 + 4, 0x60);
	put32(r + 0x38 + 0x60, 0xffffffffu);
	put16(r + 0x30, 7);		/* the update sequence number */
	put16(r + 0x32, 0xaaaa);	/* saved end of stride 1 */
	put16(r + 0x34, 0xbbbb);	/* saved end of stride 2 */
	put16(r + 510, 7);
	put16(r + 1022, 7);
}

static enum ct_ntfs_record_state
check(const uint8_t *r, const char *want_why)
{
	const char *why;
	enum ct_ntfs_record_state s = ct_ntfs_record_check(r, RS, &why);

	if (want_why)
		CHECK(why != NULL && strstr(why, want_why) != NULL);
	return s;
}

UNIT_CASE(boot_sizes)
{
	uint8_t b[512];

	memset(b, 0, sizeof(b));
	memcpy(b + 3, "NTFS    ", 8);
	put16(b + 11, 512);
	b[13] = 8;		/* 4 KiB clusters */
	b[64] = (uint8_t)-10;	/* 2^10 = 1024-byte records */
	CHECK_INT(ct_ntfs_boot_record_size(b, sizeof(b)), 1024);
	b[64] = 1;		/* one cluster a record */
	CHECK_INT(ct_ntfs_boot_record_size(b, sizeof(b)), 4096);
	b[64] = 0;
	CHECK_INT(ct_ntfs_boot_record_size(b, sizeof(b)), 0);
	b[64] = (uint8_t)-30;	/* 1 GiB records: no */
	CHECK_INT(ct_ntfs_boot_record_size(b, sizeof(b)), 0);
	b[64] = (uint8_t)-10;
	put16(b + 11, 500);	/* not a power of two */
	CHECK_INT(ct_ntfs_boot_record_size(b, sizeof(b)), 0);
	put16(b + 11, 512);
	b[13] = 3;
	CHECK_INT(ct_ntfs_boot_record_size(b, sizeof(b)), 0);
	b[13] = 8;
	memcpy(b + 3, "FAT32   ", 8);
	CHECK_INT(ct_ntfs_boot_record_size(b, sizeof(b)), 0);
	CHECK_INT(ct_ntfs_boot_record_size(b, 64), 0);	/* too short */
}

UNIT_CASE(sound_and_unused)
{
	static uint8_t r[RS];

	sound_record(r);
	CHECK(check(r, NULL) == CT_NTFS_RECORD_SOUND);
	memset(r, 0, RS);
	CHECK(check(r, NULL) == CT_NTFS_RECORD_UNUSED);
}

UNIT_CASE(damaged_variants)
{
	static uint8_t r[RS];

	sound_record(r);
	memcpy(r, "BAAD", 4);
	CHECK(check(r, "BAAD") == CT_NTFS_RECORD_DAMAGED);
	sound_record(r);
	r[0] = 'X';
	CHECK(check(r, "no FILE signature") == CT_NTFS_RECORD_DAMAGED);
	sound_record(r);
	put16(r + 1022, 8);	/* a torn second sector */
	CHECK(check(r, "update sequence mismatch") == CT_NTFS_RECORD_DAMAGED);
	sound_record(r);
	put16(r + 6, 9);	/* more pairs than strides */
	CHECK(check(r, "update sequence array") == CT_NTFS_RECORD_DAMAGED);
	sound_record(r);
	put16(r + 4, 1020);	/* the array past the end */
	CHECK(check(r, "update sequence array") == CT_NTFS_RECORD_DAMAGED);
	sound_record(r);
	put32(r + 0x38 + 4, 0x7fffffff);	/* attribute past the record */
	CHECK(check(r, "attribute length") == CT_NTFS_RECORD_DAMAGED);
	sound_record(r);
	put32(r + 0x38 + 4, 0);	/* a zero length would loop */
	CHECK(check(r, "attribute length") == CT_NTFS_RECORD_DAMAGED);
	sound_record(r);
	put32(r + 0x38 + 0x60, 0x30);	/* no end marker before used size */
	CHECK(check(r, NULL) == CT_NTFS_RECORD_DAMAGED);
	sound_record(r);
	put16(r + 20, 4000);	/* first attribute outside */
	CHECK(check(r, "attributes out of place") == CT_NTFS_RECORD_DAMAGED);
	sound_record(r);
	put32(r + 24, 5000);	/* used size larger than the record */
	CHECK(check(r, "attributes out of place") == CT_NTFS_RECORD_DAMAGED);
}

/* The check reads a copy: the record given is not changed. */
UNIT_CASE(record_untouched)
{
	static uint8_t r[RS], before[RS];

	sound_record(r);
	memcpy(before, r, RS);
	(void)check(r, NULL);
	CHECK(memcmp(r, before, RS) == 0);
	CHECK(ct_ntfs_record_check(r, 100, &(const char *){ NULL }) ==
	    CT_NTFS_RECORD_DAMAGED);
}

static const struct unit_case cases[] = {
	{ "boot_sizes", boot_sizes },
	{ "sound_and_unused", sound_and_unused },
	{ "damaged_variants", damaged_variants },
	{ "record_untouched", record_untouched },
	{ NULL, NULL }
};

int
main(int argc, char **argv)
{
	return unit_run(cases, argc, argv);
}
