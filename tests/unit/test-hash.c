/*
 * test-hash.c - MD5, SHA-1 and SHA-256 of buffers and files: the published
 * test vectors, and files on both sides of the size from which MD5 runs on
 * a helper thread (src/hash.c), against the one-thread hasher.
 */
#include "compat.h"

#include <unistd.h>

#include "hash.h"
#include "unit.h"

/* Write n bytes of a fixed pseudo-random pattern to path. */
static void
write_pattern(const char *path, size_t n)
{
	FILE *f = fopen(path, "wb");
	uint32_t x = 2463534242u;
	size_t i;

	for (i = 0; f && i < n; i++) {
		x ^= x << 13;
		x ^= x >> 17;
		x ^= x << 5;
		fputc((int)(x & 0xff), f);
	}
	if (f)
		fclose(f);
}

/* The same bytes through the one-pass, one-thread hasher. */
static void
hash_pattern(size_t n, struct ct_hashes *out)
{
	struct ct_hasher *h = ct_hasher_new();
	unsigned char b[4096];
	uint32_t x = 2463534242u;
	size_t i, k = 0;

	for (i = 0; i < n; i++) {
		x ^= x << 13;
		x ^= x >> 17;
		x ^= x << 5;
		b[k++] = (unsigned char)(x & 0xff);
		if (k == sizeof(b)) {
			ct_hasher_update(h, b, k);
			k = 0;
		}
	}
	ct_hasher_update(h, b, k);
	ct_hasher_final(h, out);
	ct_hasher_free(h);
}

static char dir[] = "/tmp/test-hash.XXXXXX";
static int have_dir;

/* The folder of the file cases, made on first use (removed by main). */
static const char *
tmpdir(void)
{
	if (!have_dir && mkdtemp(dir) != NULL)
		have_dir = 1;
	if (!have_dir)
		CHECK(!"mkdtemp");
	return have_dir ? dir : NULL;
}

/* n bytes through ct_hash_file, all digests then SHA-256 alone (--no-hash). */
static void
check_file(size_t n)
{
	char path[4096];
	struct ct_hashes want, got;
	struct ct_error err = CT_ERROR_INIT;
	int64_t size = -1;

	if (tmpdir() == NULL)
		return;
	snprintf(path, sizeof(path), "%s/f-%zu", dir, n);
	write_pattern(path, n);
	hash_pattern(n, &want);
	CHECK_INT(ct_hash_file(path, CT_HASH_ALL, &got, &size, &err), CT_OK);
	CHECK_INT(size, (long long)n);
	CHECK_STR(got.md5, want.md5);
	CHECK_STR(got.sha1, want.sha1);
	CHECK_STR(got.sha256, want.sha256);
	/* --no-hash: the same SHA-256, no MD5 or SHA-1 */
	memset(&got, 'x', sizeof(got));
	CHECK_INT(ct_hash_file(path, CT_HASH_SHA256, &got, &size, &err), CT_OK);
	CHECK_STR(got.sha256, want.sha256);
	CHECK_STR(got.md5, "");
	CHECK_STR(got.sha1, "");
	unlink(path);
}

/* The published test vectors of "abc". */
UNIT_CASE(vectors)
{
	struct ct_hasher *h = ct_hasher_new();
	struct ct_hashes d;

	ct_hasher_update(h, "abc", 3);
	ct_hasher_final(h, &d);
	CHECK_STR(d.md5, "900150983cd24fb0d6963f7d28e17f72");
	CHECK_STR(d.sha1, "a9993e364706816aba3e25717850c26c9cd0d89d");
	CHECK_STR(d.sha256, "ba7816bf8f01cfea414140de5dae2223"
	    "b00361a396177a9cb410ff61f20015ad");
	ct_hasher_free(h);
}

/* final resets: the next digest is of the empty string */
UNIT_CASE(final_resets)
{
	struct ct_hasher *h = ct_hasher_new();
	struct ct_hashes d;

	ct_hasher_update(h, "abc", 3);
	ct_hasher_final(h, &d);
	ct_hasher_final(h, &d);
	CHECK_STR(d.md5, "d41d8cd98f00b204e9800998ecf8427e");
	CHECK_STR(d.sha256, "e3b0c44298fc1c149afbf4c8996fb924"
	    "27ae41e4649b934ca495991b7852b855");
	ct_hasher_free(h);
}

/* Files below 16 MiB: every digest on the reading thread. */
UNIT_CASE(file_one_thread)
{
	check_file(0);
	check_file(1);
	check_file((1 << 20) + 1);	/* one helper-less chunk and a byte */
	check_file((16 << 20) - 1);	/* just below the helper */
}

/* From 16 MiB, MD5 runs on a helper thread: the same digests. */
UNIT_CASE(file_md5_helper)
{
	check_file(16 << 20);		/* helper, whole chunks */
	check_file((17 << 20) + 12345);	/* helper, odd last chunk */
}

UNIT_CASE(file_missing)
{
	struct ct_hashes d;
	struct ct_error err = CT_ERROR_INIT;

	CHECK_INT(ct_hash_file("/nonexistent/x", CT_HASH_ALL, &d, NULL, &err),
	    CT_ERR_IO);
	CHECK(strstr(err.msg, "cannot open") != NULL);
}

static const struct unit_case cases[] = {
	{ "vectors", vectors },
	{ "final_resets", final_resets },
	{ "file_one_thread", file_one_thread },
	{ "file_md5_helper", file_md5_helper },
	{ "file_missing", file_missing },
	{ NULL, NULL }
};

int
main(int argc, char **argv)
{
	int rc = unit_run(cases, argc, argv);

	if (have_dir)
		rmdir(dir);
	return rc;
}
