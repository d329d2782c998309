/*
 * usndump.c - print and check the USN_RECORD_V2/V3 records of a $UsnJrnl:$J stream.
 *
 *   usndump [-q] J_FILE     (e.g. icat IMAGE <usnjrnl>-128-<id> > J_FILE)
 *
 * One line per record: usn, version, entry-seq, parent entry-seq, time, reasons, name.
 * Leading/zero padding is skipped in 8-byte steps. Checks: 8-byte alignment, sane
 * length, name inside the record, no record crossing a 4096-byte page. The last line
 * is "records N errors M"; the exit status is 1 if M > 0.
 */
#define _GNU_SOURCE
#include "ntfstime.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint64_t get(const unsigned char *p, int n)
{
	uint64_t v = 0;
	for (int i = n - 1; i >= 0; i--)
		v = v << 8 | p[i];
	return v;
}

static const char *const reason_names[32] = {
	"DATA_OVERWRITE", "DATA_EXTEND", "DATA_TRUNCATION", NULL, "NAMED_DATA_OVERWRITE",
	"NAMED_DATA_EXTEND", "NAMED_DATA_TRUNCATION", NULL, "FILE_CREATE", "FILE_DELETE", "EA_CHANGE",
	"SECURITY_CHANGE", "RENAME_OLD_NAME", "RENAME_NEW_NAME", "INDEXABLE_CHANGE",
	"BASIC_INFO_CHANGE", "HARD_LINK_CHANGE", "COMPRESSION_CHANGE", "ENCRYPTION_CHANGE",
	"OBJECT_ID_CHANGE", "REPARSE_POINT_CHANGE", "STREAM_CHANGE", "TRANSACTED_CHANGE",
	"INTEGRITY_CHANGE", NULL, NULL, NULL, NULL, NULL, NULL, NULL, "CLOSE"};

static void put_name(const unsigned char *p, size_t len)
{
	for (size_t i = 0; i + 1 < len; i += 2) {
		unsigned c = p[i] | (unsigned)p[i + 1] << 8;
		if (c >= 0xd800 && c < 0xdc00 && i + 3 < len) {
			unsigned lo = p[i + 2] | (unsigned)p[i + 3] << 8;
			c = 0x10000 + ((c - 0xd800) << 10) + (lo - 0xdc00);
			i += 2;
		}
		if (c < 0x80)
			putchar((int)c);
		else if (c < 0x800)
			printf("%c%c", 0xc0 | (c >> 6), 0x80 | (c & 0x3f));
		else if (c < 0x10000)
			printf("%c%c%c", 0xe0 | (c >> 12), 0x80 | ((c >> 6) & 0x3f), 0x80 | (c & 0x3f));
		else
			printf("%c%c%c%c", 0xf0 | (c >> 18), 0x80 | ((c >> 12) & 0x3f), 0x80 | ((c >> 6) & 0x3f),
			       0x80 | (c & 0x3f));
	}
}

int main(int argc, char **argv)
{
	int quiet = argc > 1 && !strcmp(argv[1], "-q");
	if (argc != 2 + quiet) {
		fprintf(stderr, "usage: usndump [-q] J_FILE\n");
		return 2;
	}
	FILE *f = fopen(argv[1 + quiet], "rb");
	if (!f) {
		perror(argv[1 + quiet]);
		return 2;
	}
	size_t cap = 1 << 20, len = 0, n;
	unsigned char *b = malloc(cap);
	while (b && (n = fread(b + len, 1, cap - len, f)) > 0) {
		len += n;
		if (len == cap && !(b = realloc(b, cap *= 2)))
			break;
	}
	fclose(f);
	if (!b)
		return 2;
	unsigned long records = 0, errors = 0;
	size_t off = 0;
	while (off + 8 <= len) {
		uint32_t rl = (uint32_t)get(b + off, 4);
		if (rl == 0) {
			off += 8;
			continue;
		}
		unsigned major = (unsigned)get(b + off + 4, 2);
		size_t hdr = major == 3 ? 76 : 60;
		if ((major != 2 && major != 3) || rl < hdr || rl % 8 || off + rl > len) {
			printf("error at %zu: bad record (length %u, version %u)\n", off, rl, major);
			errors++;
			break;
		}
		if (off / 4096 != (off + rl - 1) / 4096) {
			printf("error at %zu: record crosses a page boundary\n", off);
			errors++;
		}
		const unsigned char *r = b + off;
		size_t p = major == 3 ? 40 : 24;
		uint64_t ref = get(r + 8, 8), parent = get(r + (major == 3 ? 24 : 16), 8);
		uint64_t usn = get(r + p, 8);
		int64_t t = (int64_t)get(r + p + 8, 8);
		uint32_t reason = (uint32_t)get(r + p + 16, 4);
		size_t nl = (size_t)get(r + p + 32, 2), no = (size_t)get(r + p + 34, 2);
		if (no < hdr || no + nl > rl || nl % 2) {
			printf("error at %zu: file name outside the record\n", off);
			errors++;
			off += rl;
			continue;
		}
		if (usn % 8) {
			printf("error at %zu: usn %llu not 8-byte aligned\n", off, (unsigned long long)usn);
			errors++;
		}
		records++;
		if (!quiet) {
			char ts[40];
			ft_format(t, ts, sizeof(ts));
			printf("%llu\tv%u\t%llu-%llu\t%llu-%llu\t%s\t", (unsigned long long)usn, major,
			       (unsigned long long)(ref & 0xffffffffffffu), (unsigned long long)(ref >> 48),
			       (unsigned long long)(parent & 0xffffffffffffu), (unsigned long long)(parent >> 48), ts);
			int first = 1;
			for (int i = 0; i < 32; i++)
				if (reason >> i & 1) {
					printf("%s%s", first ? "" : "|", reason_names[i] ? reason_names[i] : "?");
					first = 0;
				}
			putchar('\t');
			put_name(r + no, nl);
			putchar('\n');
		}
		off += rl;
	}
	printf("records %lu errors %lu\n", records, errors);
	free(b);
	return errors ? 1 : 0;
}
