/*
 * main.c - mkntfsimg: build a deterministic NTFS volume image from a JSON manifest, without
 * mounting anything. Formats with mkntfs (-T, fixed geometry), fills the volume through
 * libntfs-3g (build.c), then sets the manifest's volume serial in both boot sectors.
 *
 *   mkntfsimg [-v] [-D NAME=VALUE]... [-r REPORT.tsv] [-j J.bin] MANIFEST OUTPUT
 */
#define _GNU_SOURCE
#include "build.h"
#include "manifest.h"
#include "ntfstime.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

static void usage(void)
{
	fprintf(stderr,
		"usage: mkntfsimg [-v] [-D NAME=VALUE]... [-r REPORT.tsv] [-j J.bin] MANIFEST OUTPUT\n"
		"  -D NAME=VALUE  replace ${NAME} in the manifest's strings\n"
		"  -r FILE        write path, MFT entry, sequence, parent, size, deleted (TSV)\n"
		"  -j FILE        also write the raw $UsnJrnl:$J bytes (from first_usn) to FILE\n"
		"  environment MKNTFS: mkntfs program (default: mkntfs, then /usr/sbin/mkntfs)\n");
	exit(2);
}

static int run_mkntfs(const struct manifest *m, const char *out)
{
	char cs[32], ps[32];
	const char *prog = getenv("MKNTFS");
	snprintf(cs, sizeof(cs), "%" PRIu32, m->cluster_size);
	snprintf(ps, sizeof(ps), "%" PRIu64, m->partition_start);
	/* -T: all times 1970 and a fixed seed, so the result does not depend on the clock;
	 * the builder then replaces times and serial with the manifest's. */
	const char *argv[] = {"mkntfs", "-q", "-F", "-Q", "-T", "-s", "512", "-c", cs, "-p", ps,
			      "-H", "255", "-S", "63", "-L", m->label, out, NULL};
	pid_t pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		if (prog)
			execvp(prog, (char *const *)argv);
		else {
			execvp("mkntfs", (char *const *)argv);
			execv("/usr/sbin/mkntfs", (char *const *)argv);
			execv("/sbin/mkntfs", (char *const *)argv);
		}
		fprintf(stderr, "mkntfsimg: cannot run mkntfs: %s\n", strerror(errno));
		_exit(127);
	}
	int st;
	if (waitpid(pid, &st, 0) < 0 || !WIFEXITED(st) || WEXITSTATUS(st)) {
		fprintf(stderr, "mkntfsimg: mkntfs failed\n");
		return -1;
	}
	return 0;
}

/* Set the serial number (offset 0x48) in the boot sector and in its backup (last sector). */
static int set_serial(const char *out, uint64_t size, uint64_t serial)
{
	int fd = open(out, O_RDWR);
	if (fd < 0)
		return -1;
	unsigned char v[8];
	for (int i = 0; i < 8; i++)
		v[i] = (unsigned char)(serial >> (8 * i));
	int rc = -1;
	char magic[8];
	off_t offs[2] = {0, (off_t)(size - 512)};
	for (int k = 0; k < 2; k++) {
		if (pread(fd, magic, 8, offs[k] + 3) != 8 || memcmp(magic, "NTFS    ", 8)) {
			fprintf(stderr, "mkntfsimg: no NTFS boot sector at %lld\n", (long long)offs[k]);
			goto out;
		}
		if (pwrite(fd, v, 8, offs[k] + 0x48) != 8)
			goto out;
	}
	rc = 0;
out:
	if (close(fd))
		rc = -1;
	return rc;
}

static int write_report(const struct manifest *m, const char *path)
{
	FILE *f = fopen(path, "w");
	if (!f)
		return -1;
	fprintf(f, "# path\ttype\tentry\tsequence\tparent_entry\tparent_sequence\tcreated\tdeleted\n");
	for (size_t i = 0; i < m->n_entries; i++) {
		const struct entry *e = &m->entries[i];
		char c[40] = "-", d[40] = "-";
		if (e->has_si)
			ft_format(e->si[T_CREATED], c, sizeof(c));
		if (e->is_deleted)
			ft_format(e->deleted, d, sizeof(d));
		fprintf(f, "%s\t%s\t%" PRIu64 "\t%" PRIu64 "\t%" PRIu64 "\t%" PRIu64 "\t%s\t%s\n", e->path,
			e->is_dir ? "dir" : "file", e->mref & 0xffffffffffffu, e->mref >> 48,
			e->parent_mref & 0xffffffffffffu, e->parent_mref >> 48, c, d);
	}
	return fclose(f);
}

int main(int argc, char **argv)
{
	struct define defs[64];
	size_t n_defs = 0;
	const char *report = NULL, *j_out = NULL;
	int verbose = 0, opt;
	while ((opt = getopt(argc, argv, "vD:r:j:h")) != -1) {
		switch (opt) {
		case 'v':
			verbose = 1;
			break;
		case 'D': {
			char *eq = strchr(optarg, '=');
			if (!eq || n_defs == sizeof(defs) / sizeof(defs[0]))
				usage();
			*eq = '\0';
			defs[n_defs++] = (struct define){optarg, eq + 1};
			break;
		}
		case 'r':
			report = optarg;
			break;
		case 'j':
			j_out = optarg;
			break;
		default:
			usage();
		}
	}
	if (argc - optind != 2)
		usage();
	const char *manifest = argv[optind], *out = argv[optind + 1];
	struct manifest m;
	if (manifest_load(manifest, defs, n_defs, &m))
		return 1;
	if (m.volume_size < 8 * 1024 * 1024 || m.volume_size % 512) {
		fprintf(stderr, "mkntfsimg: volume.size must be >= 8M and a multiple of 512\n");
		return 1;
	}
	int fd = open(out, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (fd < 0 || ftruncate(fd, (off_t)m.volume_size) || close(fd)) {
		fprintf(stderr, "mkntfsimg: %s: %s\n", out, strerror(errno));
		return 1;
	}
	int rc = 1;
	if (run_mkntfs(&m, out))
		goto out;
	if (build_image(&m, out, j_out, verbose))
		goto out;
	if (set_serial(out, m.volume_size, m.serial)) {
		fprintf(stderr, "mkntfsimg: cannot set the volume serial\n");
		goto out;
	}
	if (report && write_report(&m, report)) {
		fprintf(stderr, "mkntfsimg: cannot write %s\n", report);
		goto out;
	}
	rc = 0;
out:
	if (rc)
		unlink(out);
	manifest_free(&m);
	return rc;
}
