/*
 * vhdfix.c - make a VHD written by `qemu-img convert -O vpc` reproducible.
 *
 *   vhdfix [-t TIME] FILE.vhd
 *
 * qemu-img stamps the VHD footer with the current time and a random UUID. This
 * rewrites both copies of the footer (offset 0 of a dynamic VHD, and the last
 * 512 bytes) with the given time (seconds since 2000-01-01) and a UUID derived
 * from it, and recomputes the footer checksum. Nothing else in the file
 * depends on the clock.
 */
#define _GNU_SOURCE
#include "../mkntfsimg/ntfstime.h"

#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int fix_footer(int fd, off_t off, uint32_t stamp)
{
	unsigned char f[512];
	if (pread(fd, f, sizeof(f), off) != (ssize_t)sizeof(f) || memcmp(f, "conectix", 8))
		return -1;
	for (int i = 0; i < 4; i++)
		f[24 + i] = (unsigned char)(stamp >> (24 - 8 * i));
	for (int i = 0; i < 16; i++)
		f[68 + i] = (unsigned char)((stamp >> (8 * (i % 4))) ^ (0xa5u + 7u * (unsigned)i));
	f[68 + 6] = (unsigned char)((f[68 + 6] & 0x0f) | 0x40); /* RFC 4122 version 4 layout */
	f[68 + 8] = (unsigned char)((f[68 + 8] & 0x3f) | 0x80);
	memset(f + 64, 0, 4);
	uint32_t sum = 0;
	for (size_t i = 0; i < sizeof(f); i++)
		sum += f[i];
	sum = ~sum;
	for (int i = 0; i < 4; i++)
		f[64 + i] = (unsigned char)(sum >> (24 - 8 * i));
	return pwrite(fd, f, sizeof(f), off) == (ssize_t)sizeof(f) ? 0 : -1;
}

int main(int argc, char **argv)
{
	const char *when = "2024-03-20T09:00:00Z";
	int opt;
	while ((opt = getopt(argc, argv, "t:")) != -1) {
		if (opt == 't')
			when = optarg;
		else
			return 2;
	}
	int64_t ft;
	if (argc - optind != 1 || ft_parse(when, &ft)) {
		fprintf(stderr, "usage: vhdfix [-t TIME] FILE.vhd\n");
		return 2;
	}
	/* VHD time: seconds since 2000-01-01T00:00:00Z */
	int64_t secs = (ft - FT_UNIX_EPOCH) / FT_SECOND - INT64_C(946684800);
	if (secs < 0 || secs > UINT32_MAX) {
		fprintf(stderr, "vhdfix: time out of range\n");
		return 2;
	}
	int fd = open(argv[optind], O_RDWR);
	struct stat st;
	if (fd < 0 || fstat(fd, &st) || st.st_size < 1024) {
		perror(argv[optind]);
		return 1;
	}
	int n = 0;
	if (!fix_footer(fd, st.st_size - 512, (uint32_t)secs))
		n++;
	else {
		fprintf(stderr, "vhdfix: %s: no VHD footer at the end\n", argv[optind]);
		return 1;
	}
	if (!fix_footer(fd, 0, (uint32_t)secs))
		n++; /* dynamic disks carry a copy at the start */
	if (close(fd))
		return 1;
	return 0;
}
