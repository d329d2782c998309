/*
 * mkdisk.c - wrap a file-system image in an MBR-partitioned raw disk image.
 *
 *   mkdisk [-s START_SECTOR] [-t TYPE] [-i DISK_SIGNATURE] VOLUME OUTPUT
 *
 * One primary partition (bootable, type 0x07 = NTFS by default) starting at
 * START_SECTOR (default 2048, as Windows aligns), spanning the whole volume.
 * CHS fields use the 255-head/63-sector geometry mkntfsimg gives mkntfs.
 * Runs of zero bytes are skipped with lseek, so the output is sparse on disk
 * but byte-identical to a fully written image.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define SECTOR 512
#define BLOCK (1024 * 1024)

static void chs(uint64_t lba, unsigned char out[3])
{
	uint64_t c = lba / (255 * 63), h = (lba / 63) % 255, s = lba % 63 + 1;
	if (c > 1023) {
		out[0] = 0xfe;
		out[1] = 0xff;
		out[2] = 0xff;
		return;
	}
	out[0] = (unsigned char)h;
	out[1] = (unsigned char)((s & 0x3f) | ((c >> 2) & 0xc0));
	out[2] = (unsigned char)(c & 0xff);
}

static void put32(unsigned char *p, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		p[i] = (unsigned char)(v >> (8 * i));
}

static int all_zero(const unsigned char *b, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (b[i])
			return 0;
	return 1;
}

static void usage(void)
{
	fprintf(stderr, "usage: mkdisk [-s START_SECTOR] [-t TYPE] [-i DISK_SIGNATURE] VOLUME OUTPUT\n");
	exit(2);
}

int main(int argc, char **argv)
{
	uint64_t start = 2048;
	unsigned type = 0x07;
	uint32_t sig = 0x2a5f1c03;
	int opt;
	while ((opt = getopt(argc, argv, "s:t:i:")) != -1) {
		char *end;
		unsigned long long v = strtoull(optarg, &end, 0);
		if (*end || end == optarg)
			usage();
		if (opt == 's')
			start = v;
		else if (opt == 't' && v <= 0xff)
			type = (unsigned)v;
		else if (opt == 'i' && v <= 0xffffffffu)
			sig = (uint32_t)v;
		else
			usage();
	}
	if (argc - optind != 2 || start == 0)
		usage();
	const char *vol = argv[optind], *out = argv[optind + 1];
	int in = open(vol, O_RDONLY);
	struct stat st;
	if (in < 0 || fstat(in, &st) || st.st_size <= 0 || st.st_size % SECTOR) {
		fprintf(stderr, "mkdisk: %s: not a volume image (size must be a multiple of 512)\n", vol);
		return 1;
	}
	uint64_t nsec = (uint64_t)st.st_size / SECTOR;
	if (start + nsec > 0xffffffffu) {
		fprintf(stderr, "mkdisk: volume too large for MBR\n");
		return 1;
	}
	unsigned char mbr[SECTOR] = {0};
	put32(mbr + 0x1b8, sig);
	unsigned char *pe = mbr + 0x1be;
	pe[0] = 0x80;
	chs(start, pe + 1);
	pe[4] = (unsigned char)type;
	chs(start + nsec - 1, pe + 5);
	put32(pe + 8, (uint32_t)start);
	put32(pe + 12, (uint32_t)nsec);
	mbr[510] = 0x55;
	mbr[511] = 0xaa;

	int fd = open(out, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (fd < 0 || pwrite(fd, mbr, SECTOR, 0) != SECTOR) {
		fprintf(stderr, "mkdisk: %s: %s\n", out, strerror(errno));
		return 1;
	}
	unsigned char *buf = malloc(BLOCK);
	if (!buf)
		return 1;
	off_t pos = (off_t)(start * SECTOR);
	ssize_t n;
	while ((n = read(in, buf, BLOCK)) > 0) {
		if (!all_zero(buf, (size_t)n) && pwrite(fd, buf, (size_t)n, pos) != n) {
			fprintf(stderr, "mkdisk: write: %s\n", strerror(errno));
			return 1;
		}
		pos += n;
	}
	if (n < 0 || ftruncate(fd, pos) || close(fd)) {
		fprintf(stderr, "mkdisk: %s\n", strerror(errno));
		return 1;
	}
	close(in);
	free(buf);
	return 0;
}
