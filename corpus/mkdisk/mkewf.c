/*
 * mkewf.c - write a raw image as a deterministic EWF (E01, EnCase 6 format) with libewf.
 *
 *   mkewf [-t ACQUIRY_TIME] [-c none|fast|best] [-C CASE] [-D DESC] [-e EXAMINER]
 *         [-E EVIDENCE] [-N NOTES] RAW TARGET      (writes TARGET.E01)
 *
 * ewfacquire stamps the acquisition and system dates from the wall clock and
 * offers no option to fix them. This tool sets them, and the segment-file-set
 * GUID, from its arguments; the clock libewf reads is the fake clock (see
 * fakeclock.c) and TZ is forced to UTC, so two runs give identical files.
 * The MD5 of the media is computed while writing and stored in the image.
 */
#define _GNU_SOURCE
#include "../mkntfsimg/fakeclock.h"
#include "../mkntfsimg/ntfstime.h"

#include <libewf.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "md5.h"

static void usage(void)
{
	fprintf(stderr, "usage: mkewf [-t TIME] [-c none|fast|best] [-C case] [-D description] "
			"[-e examiner] [-E evidence] [-N notes] RAW TARGET\n");
	exit(2);
}

static int fail(const char *what, libewf_error_t *err)
{
	fprintf(stderr, "mkewf: %s failed\n", what);
	if (err) {
		libewf_error_fprint(err, stderr);
		libewf_error_free(&err);
	}
	return 1;
}

static int set_hdr(libewf_handle_t *h, const char *id, const char *v)
{
	libewf_error_t *err = NULL;
	if (libewf_handle_set_utf8_header_value(h, (const uint8_t *)id, strlen(id), (const uint8_t *)v,
						strlen(v), &err) != 1)
		return fail(id, err);
	return 0;
}

int main(int argc, char **argv)
{
	const char *when = "2024-03-20T09:00:00Z", *level = "fast";
	const char *hdr[5][2] = {{"case_number", "CT-2024-0042"},
				 {"description", "FIN-WS042 system disk (synthetic reference case)"},
				 {"examiner_name", "casetrail corpus"},
				 {"evidence_number", "FIN-WS042-HDD0"},
				 {"notes", "built by corpus/mkdisk/mkewf; deterministic"}};
	int opt;
	while ((opt = getopt(argc, argv, "t:c:C:D:e:E:N:")) != -1) {
		switch (opt) {
		case 't': when = optarg; break;
		case 'c': level = optarg; break;
		case 'C': hdr[0][1] = optarg; break;
		case 'D': hdr[1][1] = optarg; break;
		case 'e': hdr[2][1] = optarg; break;
		case 'E': hdr[3][1] = optarg; break;
		case 'N': hdr[4][1] = optarg; break;
		default: usage();
		}
	}
	if (argc - optind != 2)
		usage();
	int64_t ft;
	if (ft_parse(when, &ft)) {
		fprintf(stderr, "mkewf: bad time %s\n", when);
		return 2;
	}
	int8_t lvl = !strcmp(level, "none") ? LIBEWF_COMPRESSION_NONE :
		     !strcmp(level, "best") ? LIBEWF_COMPRESSION_BEST : LIBEWF_COMPRESSION_FAST;
	setenv("TZ", "UTC", 1);
	tzset();
	fakeclock_set(ft);

	const char *raw = argv[optind], *target = argv[optind + 1];
	int in = open(raw, O_RDONLY);
	struct stat st;
	if (in < 0 || fstat(in, &st) || st.st_size % 512) {
		fprintf(stderr, "mkewf: %s: %s\n", raw, in < 0 ? strerror(errno) : "size not a multiple of 512");
		return 1;
	}
	size_t seglen = strlen(target) + 5;
	char *seg = malloc(seglen);
	if (!seg)
		return 1;
	snprintf(seg, seglen, "%s.E01", target);
	unlink(seg); /* libewf appends the .E01 extension itself */
	char *names[1] = {(char *)target};

	libewf_handle_t *h = NULL;
	libewf_error_t *err = NULL;
	if (libewf_handle_initialize(&h, &err) != 1)
		return fail("initialize", err);
	if (libewf_handle_open(h, names, 1, LIBEWF_OPEN_WRITE, &err) != 1)
		return fail("open", err);
	uint8_t guid[16];
	/* the set identifier: derived from the acquisition time, fixed for a given -t */
	for (int i = 0; i < 16; i++)
		guid[i] = (uint8_t)((uint64_t)ft >> (8 * (i % 8))) ^ (uint8_t)(0x5a + i);
	if (libewf_handle_set_format(h, LIBEWF_FORMAT_ENCASE6, &err) != 1)
		return fail("set_format", err);
	if (libewf_handle_set_media_size(h, (size64_t)st.st_size, &err) != 1)
		return fail("set_media_size", err);
	if (libewf_handle_set_compression_values(h, lvl, 0, &err) != 1)
		return fail("set_compression_values", err);
	if (libewf_handle_set_segment_file_set_identifier(h, guid, 16, &err) != 1)
		return fail("set_segment_file_set_identifier", err);
	if (libewf_handle_set_media_type(h, LIBEWF_MEDIA_TYPE_FIXED, &err) != 1)
		return fail("set_media_type", err);
	if (libewf_handle_set_media_flags(h, LIBEWF_MEDIA_FLAG_PHYSICAL, &err) != 1)
		return fail("set_media_flags", err);
	for (int i = 0; i < 5; i++)
		if (set_hdr(h, hdr[i][0], hdr[i][1]))
			return 1;
	time_t t = (time_t)((ft - FT_UNIX_EPOCH) / FT_SECOND);
	struct tm tm;
	char date[64];
	gmtime_r(&t, &tm);
	strftime(date, sizeof(date), "%Y %m %d %H %M %S", &tm);
	if (set_hdr(h, "acquiry_date", date) || set_hdr(h, "system_date", date) ||
	    set_hdr(h, "acquiry_operating_system", "Linux") ||
	    set_hdr(h, "acquiry_software", "mkewf") ||
	    set_hdr(h, "acquiry_software_version", "1"))
		return 1;

	struct md5_ctx md5;
	md5_init(&md5);
	size_t bufsz = 32768;
	unsigned char *buf = malloc(bufsz);
	if (!buf)
		return 1;
	ssize_t n;
	while ((n = read(in, buf, bufsz)) > 0) {
		md5_update(&md5, buf, (size_t)n);
		if (libewf_handle_write_buffer(h, buf, (size_t)n, &err) != n)
			return fail("write", err);
	}
	if (n < 0) {
		perror("mkewf: read");
		return 1;
	}
	uint8_t digest[16];
	md5_final(&md5, digest);
	if (libewf_handle_set_md5_hash(h, digest, 16, &err) != 1)
		return fail("set_md5_hash", err);
	if (libewf_handle_write_finalize(h, &err) < 0)
		return fail("write_finalize", err);
	if (libewf_handle_close(h, &err) != 0)
		return fail("close", err);
	libewf_handle_free(&h, NULL);
	for (int i = 0; i < 16; i++)
		printf("%02x", digest[i]);
	printf("  %s\n", raw);
	free(buf);
	free(seg);
	close(in);
	return 0;
}
