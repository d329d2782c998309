/*
 * hash.c - one-pass MD5 + SHA-1 + SHA-256 with OpenSSL EVP (see hash.h).
 */
#include "compat.h"

#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

#include <openssl/evp.h>

#include "hash.h"
#include "xalloc.h"

struct ct_hasher {
	EVP_MD_CTX *md5, *sha1, *sha256;
};

static void
hasher_start(struct ct_hasher *h)
{
	if (!EVP_DigestInit_ex(h->md5, EVP_md5(), NULL) ||
	    !EVP_DigestInit_ex(h->sha1, EVP_sha1(), NULL) ||
	    !EVP_DigestInit_ex(h->sha256, EVP_sha256(), NULL)) {
		fprintf(stderr, "casetrail: libcrypto cannot start a digest\n");
		abort();
	}
}

struct ct_hasher *
ct_hasher_new(void)
{
	struct ct_hasher *h = ct_xcalloc(1, sizeof(*h));

	h->md5 = EVP_MD_CTX_new();
	h->sha1 = EVP_MD_CTX_new();
	h->sha256 = EVP_MD_CTX_new();
	if (!h->md5 || !h->sha1 || !h->sha256) {
		fprintf(stderr, "casetrail: out of memory in libcrypto\n");
		abort();
	}
	hasher_start(h);
	return h;
}

void
ct_hasher_update(struct ct_hasher *h, const void *data, size_t n)
{
	EVP_DigestUpdate(h->md5, data, n);
	EVP_DigestUpdate(h->sha1, data, n);
	EVP_DigestUpdate(h->sha256, data, n);
}

static void
to_hex(const unsigned char *d, unsigned n, char *out)
{
	static const char hex[] = "0123456789abcdef";
	unsigned i;

	for (i = 0; i < n; i++) {
		out[2 * i] = hex[d[i] >> 4];
		out[2 * i + 1] = hex[d[i] & 15];
	}
	out[2 * n] = '\0';
}

void
ct_hasher_final(struct ct_hasher *h, struct ct_hashes *out)
{
	unsigned char d[EVP_MAX_MD_SIZE];
	unsigned n;

	EVP_DigestFinal_ex(h->md5, d, &n);
	to_hex(d, n, out->md5);
	EVP_DigestFinal_ex(h->sha1, d, &n);
	to_hex(d, n, out->sha1);
	EVP_DigestFinal_ex(h->sha256, d, &n);
	to_hex(d, n, out->sha256);
	hasher_start(h);
}

void
ct_hasher_free(struct ct_hasher *h)
{
	if (h == NULL)
		return;
	EVP_MD_CTX_free(h->md5);
	EVP_MD_CTX_free(h->sha1);
	EVP_MD_CTX_free(h->sha256);
	free(h);
}

enum ct_status
ct_hash_file(const char *path, struct ct_hashes *out, int64_t *size,
    struct ct_error *err)
{
	enum { CHUNK = 1 << 20 };	/* 1 MiB reads: fewer syscalls */
	struct ct_hasher *h;
	unsigned char *buf;
	int64_t total = 0;
	int fd;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return ct_error_set(err, CT_ERR_IO, path, CT_NO_OFFSET,
		    "cannot open: %s", strerror(errno));
	h = ct_hasher_new();
	buf = ct_xmalloc(CHUNK);
	for (;;) {
		ssize_t n = read(fd, buf, CHUNK);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			ct_error_set(err, CT_ERR_IO, path, total,
			    "read failed: %s", strerror(errno));
			free(buf);
			ct_hasher_free(h);
			close(fd);
			return CT_ERR_IO;
		}
		if (n == 0)
			break;
		ct_hasher_update(h, buf, (size_t)n);
		total += n;
	}
	ct_hasher_final(h, out);
	free(buf);
	ct_hasher_free(h);
	close(fd);
	if (size)
		*size = total;
	return CT_OK;
}
