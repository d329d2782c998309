/*
 * hvle.c - dirty hive + HvLE transaction log from two clean hives (see
 * hvle.h).  Layout after Suhanov's "Format of transaction log files, new
 * format"; entries end on a 4 KiB boundary of the log file, as in logs
 * written by Windows 10.  Both hives are read into memory: this is for
 * the reference case's small hives, not the benchmark.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bins.h"
#include "hvle.h"
#include "le.h"
#include "marvin32.h"
#include "regfw.h"

#define MAX_HIVE	(256u << 20)

static uint8_t *
slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	uint8_t *p = NULL;
	long n;

	if (f == NULL || fseek(f, 0, SEEK_END) != 0 || (n = ftell(f)) < 0 ||
	    (size_t)n > MAX_HIVE || fseek(f, 0, SEEK_SET) != 0 ||
	    (p = malloc((size_t)n + 1)) == NULL ||
	    fread(p, 1, (size_t)n, f) != (size_t)n) {
		fprintf(stderr, "mkregf: cannot read '%s': %s\n", path,
		    errno ? strerror(errno) : "too large");
		free(p);
		if (f)
			fclose(f);
		return NULL;
	}
	fclose(f);
	*len = (size_t)n;
	return p;
}

/* A clean primary file with a consistent size; returns its bins size. */
static int
check_hive(const char *path, const uint8_t *p, size_t n, uint32_t *bins)
{
	if (n < RF_BLOCK || memcmp(p, "regf", 4) != 0 ||
	    rf_get32(p + 4) != rf_get32(p + 8) || rf_get32(p + 28) != 0 ||
	    rf_get32(p + 508) != rf_header_checksum(p)) {
		fprintf(stderr, "mkregf: '%s' is not a clean primary hive file\n", path);
		return -1;
	}
	*bins = rf_get32(p + 40);
	if (*bins % RF_BLOCK != 0 || (uint64_t)*bins + RF_BLOCK > n) {
		fprintf(stderr, "mkregf: '%s': hive bins size %u does not fit the file\n",
		    path, *bins);
		return -1;
	}
	return 0;
}

static int
write_file(const char *path, const uint8_t *p, size_t n)
{
	FILE *f = fopen(path, "wb");

	if (f == NULL || fwrite(p, 1, n, f) != n || fclose(f) != 0) {
		fprintf(stderr, "mkregf: cannot write '%s': %s\n", path, strerror(errno));
		return -1;
	}
	return 0;
}

/* Both clean hives, read and checked; 0, or -1 after a message. */
static int
load_pair(const char *old_path, const char *new_path, uint8_t **old,
    size_t *old_len, uint32_t *old_bins, uint8_t **nw, size_t *new_len,
    uint32_t *new_bins)
{
	if ((*old = slurp(old_path, old_len)) == NULL ||
	    (*nw = slurp(new_path, new_len)) == NULL ||
	    check_hive(old_path, *old, *old_len, old_bins) != 0 ||
	    check_hive(new_path, *nw, *new_len, new_bins) != 0)
		return -1;
	return 0;
}

/* Does NEW's 4 KiB page at bins offset i differ from OLD's (or lie past it)? */
static int
page_differs(const uint8_t *old, uint32_t old_bins, const uint8_t *nw,
    size_t i)
{
	return i >= old_bins || memcmp(old + RF_BLOCK + i, nw + RF_BLOCK + i,
	    RF_BLOCK) != 0;
}

/* The number of pages of NEW that differ; 0 after a message if none. */
static size_t
count_changes(const char *old_path, const char *new_path, const uint8_t *old,
    uint32_t old_bins, const uint8_t *nw, uint32_t new_bins)
{
	size_t i, n = 0;

	for (i = 0; i < new_bins; i += RF_BLOCK)
		n += (size_t)page_differs(old, old_bins, nw, i);
	if (n == 0)
		fprintf(stderr, "mkregf: '%s' and '%s' have the same hive bins: "
		    "nothing to log\n", old_path, new_path);
	return n;
}

int
rf_make_dirty(const char *old_path, const char *new_path,
    const char *primary_out, const char *log1_out, const char *log2_out)
{
	uint8_t *old = NULL, *nw = NULL, *log = NULL, *e;
	size_t old_len, new_len, npages = 0, i, k, size, loglen;
	uint32_t old_bins, new_bins, seq;
	int rc = -1;

	if (load_pair(old_path, new_path, &old, &old_len, &old_bins, &nw,
	    &new_len, &new_bins) != 0 || (npages = count_changes(old_path,
	    new_path, old, old_bins, nw, new_bins)) == 0)
		goto out;
	seq = rf_get32(old + 4) + 1;
	/* The entry: 40-byte header, 8 bytes per page reference, the pages,
	 * padding so the next entry starts on a 4 KiB boundary of the log. */
	size = 40 + 8 * npages + RF_BLOCK * npages;
	size = (512 + size + RF_BLOCK - 1) / RF_BLOCK * RF_BLOCK - 512;
	loglen = 512 + size;
	log = calloc(1, loglen);
	if (log == NULL) {
		fprintf(stderr, "mkregf: out of memory\n");
		goto out;
	}
	/* Partial copy of the in-memory (NEW) base block. */
	memcpy(log, nw, 512);
	rf_le32(log + 4, seq);
	rf_le32(log + 8, seq);
	rf_le32(log + 28, 6);			/* transaction log, new format */
	rf_le32(log + 508, rf_header_checksum(log));
	e = log + 512;
	memcpy(e, "HvLE", 4);
	rf_le32(e + 4, (uint32_t)size);
	rf_le32(e + 8, 0);			/* flags */
	rf_le32(e + 12, seq);
	rf_le32(e + 16, new_bins);
	rf_le32(e + 20, (uint32_t)npages);
	for (i = 0, k = 0; i < new_bins; i += RF_BLOCK) {
		if (!page_differs(old, old_bins, nw, i))
			continue;
		rf_le32(e + 40 + 8 * k, (uint32_t)i);
		rf_le32(e + 44 + 8 * k, RF_BLOCK);
		memcpy(e + 40 + 8 * npages + RF_BLOCK * k, nw + RF_BLOCK + i, RF_BLOCK);
		k++;
	}
	rf_le64(e + 24, rf_marvin32(e + 40, size - 40, RF_MARVIN_SEED));
	rf_le64(e + 32, rf_marvin32(e, 32, RF_MARVIN_SEED));
	/* The primary on disk: OLD, its write of sequence seq begun, not ended. */
	rf_le32(old + 4, seq);
	rf_le32(old + 508, rf_header_checksum(old));
	if (write_file(primary_out, old, old_len) != 0 ||
	    write_file(log1_out, log, loglen) != 0 ||
	    (log2_out != NULL && write_file(log2_out, log, 0) != 0))
		goto out;
	rc = 0;
out:
	free(old);
	free(nw);
	free(log);
	return rc;
}

/*
 * The old format (Windows XP to 8), after Suhanov's "Format of transaction
 * log files, old format": the base block (file type 1, both sequences
 * S+1), at 512 "DIRT" and one bit per 512-byte page of NEW's hive bins
 * (the low bit first), then from the next 512-byte boundary every page of
 * NEW that differs from OLD's (or lies beyond OLD's end), in page order.
 * Windows tracks changes in 4 KiB blocks, so whole blocks are marked, as
 * its bitmaps hold only 0x00 and 0xff bytes. The primary is OLD with the
 * write of S+1 begun and NEW's last-written time (the log applies to it).
 */
#define OLD_PAGE	512u

int
rf_make_dirty_old(const char *old_path, const char *new_path,
    const char *primary_out, const char *log_out)
{
	uint8_t *old = NULL, *nw = NULL, *log = NULL, *bitmap, *pg;
	size_t old_len, new_len, nblocks = 0, i, bytes, pages_at, loglen;
	uint32_t old_bins, new_bins, seq;
	int rc = -1;

	if (load_pair(old_path, new_path, &old, &old_len, &old_bins, &nw,
	    &new_len, &new_bins) != 0 || (nblocks = count_changes(old_path,
	    new_path, old, old_bins, nw, new_bins)) == 0)
		goto out;
	seq = rf_get32(old + 4) + 1;
	bytes = (new_bins / OLD_PAGE + 7) / 8;
	pages_at = (512 + 4 + bytes + OLD_PAGE - 1) / OLD_PAGE * OLD_PAGE;
	loglen = pages_at + nblocks * RF_BLOCK;
	if ((log = calloc(1, loglen)) == NULL) {
		fprintf(stderr, "mkregf: out of memory\n");
		goto out;
	}
	memcpy(log, nw, 512);
	rf_le32(log + 4, seq);
	rf_le32(log + 8, seq);
	rf_le32(log + 28, 1);			/* transaction log, old format */
	rf_le32(log + 508, rf_header_checksum(log));
	memcpy(log + 512, "DIRT", 4);
	bitmap = log + 516;
	pg = log + pages_at;
	for (i = 0; i < new_bins; i += RF_BLOCK) {
		size_t bit = i / OLD_PAGE, k;

		if (!page_differs(old, old_bins, nw, i))
			continue;
		/* a 4 KiB block is 8 pages: one whole bitmap byte */
		for (k = 0; k < RF_BLOCK / OLD_PAGE; k++)
			bitmap[(bit + k) / 8] |= (uint8_t)(1u << ((bit + k) % 8));
		memcpy(pg, nw + RF_BLOCK + i, RF_BLOCK);
		pg += RF_BLOCK;
	}
	rf_le32(old + 4, seq);
	memcpy(old + 12, nw + 12, 8);		/* the last-written time */
	rf_le32(old + 508, rf_header_checksum(old));
	if (write_file(primary_out, old, old_len) != 0 ||
	    write_file(log_out, log, loglen) != 0)
		goto out;
	rc = 0;
out:
	free(old);
	free(nw);
	free(log);
	return rc;
}
