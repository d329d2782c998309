/*
 * hash.c - one-pass MD5 + SHA-1 + SHA-256 with OpenSSL EVP (see hash.h).
 */
#include "compat.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/evp.h>

#include "error.h"
#include "cancel.h"
#include "hash.h"
#include "threadname.h"
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
		ct_eprintf("casetrail: libcrypto cannot start a digest\n");
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
		ct_eprintf("casetrail: out of memory in libcrypto\n");
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

/*
 * MD5 is the slowest of the three digests (about 0.8 GB/s here, against
 * 2 GB/s for SHA-1 and SHA-256 with the CPU's SHA instructions), so for a
 * large file it runs on a helper thread while this one reads the next
 * buffer and computes the other two: the file's hash then takes about as
 * long as its MD5 alone.
 */
struct md5_helper {
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t cond;
	EVP_MD_CTX *ctx;
	const unsigned char *data;	/* the buffer to digest, or NULL */
	size_t n;
	int stop;
};

static void *
md5_main(void *arg)
{
	struct md5_helper *m = arg;

	ct_thread_name("ct-md5");
	pthread_mutex_lock(&m->lock);
	for (;;) {
		while (m->data == NULL && !m->stop)
			pthread_cond_wait(&m->cond, &m->lock);
		if (m->data == NULL)
			break;
		pthread_mutex_unlock(&m->lock);
		EVP_DigestUpdate(m->ctx, m->data, m->n);
		pthread_mutex_lock(&m->lock);
		m->data = NULL;
		pthread_cond_broadcast(&m->cond);
	}
	pthread_mutex_unlock(&m->lock);
	return NULL;
}

/* Wait until the helper is idle; then, if data, give it that buffer. */
static void
md5_hand(struct md5_helper *m, const unsigned char *data, size_t n)
{
	pthread_mutex_lock(&m->lock);
	while (m->data != NULL)
		pthread_cond_wait(&m->cond, &m->lock);
	if (data) {
		m->data = data;
		m->n = n;
		pthread_cond_broadcast(&m->cond);
	}
	pthread_mutex_unlock(&m->lock);
}

enum ct_status
ct_hash_file(const char *path, enum ct_hash_set set, struct ct_hashes *out,
    int64_t *size, struct ct_error *err)
{
	enum { CHUNK = 1 << 20 };	/* 1 MiB reads: fewer syscalls */
	enum { HELPER_FROM = 16 << 20 };	/* a thread pays off from here */
	struct ct_hasher *h;
	struct md5_helper m;
	unsigned char *buf[2];
	int64_t total = 0;
	int fd, cur = 0, helper = 0;
	struct stat st;
	enum ct_status rc = CT_OK;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return ct_error_set(err, CT_ERR_IO, path, CT_NO_OFFSET,
		    "cannot open: %s", strerror(errno));
	h = ct_hasher_new();
	buf[0] = ct_xmalloc(CHUNK);
	buf[1] = ct_xmalloc(CHUNK);
	if (set == CT_HASH_ALL && fstat(fd, &st) == 0 &&
	    st.st_size >= HELPER_FROM) {
		memset(&m, 0, sizeof(m));
		m.ctx = h->md5;
		pthread_mutex_init(&m.lock, NULL);
		pthread_cond_init(&m.cond, NULL);
		helper = pthread_create(&m.thread, NULL, md5_main, &m) == 0;
		if (!helper) {
			pthread_cond_destroy(&m.cond);
			pthread_mutex_destroy(&m.lock);
		}
	}
	for (;;) {
		/* The helper may still digest buf[!cur]; buf[cur] is free. */
		ssize_t n = read(fd, buf[cur], CHUNK);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			rc = ct_error_set(err, CT_ERR_IO, path, total,
			    "read failed: %s", strerror(errno));
			break;
		}
		if (n == 0)
			break;
		if (ct_cancelled()) {
			rc = ct_error_set(err, CT_ERR_CANCELLED, path, total,
			    "interrupted while hashing");
			break;
		}
		if (set == CT_HASH_SHA256) {
			EVP_DigestUpdate(h->sha256, buf[cur], (size_t)n);
		} else if (helper) {
			md5_hand(&m, buf[cur], (size_t)n);
			EVP_DigestUpdate(h->sha1, buf[cur], (size_t)n);
			EVP_DigestUpdate(h->sha256, buf[cur], (size_t)n);
			cur = !cur;
		} else {
			ct_hasher_update(h, buf[cur], (size_t)n);
		}
		total += n;
	}
	if (helper) {
		md5_hand(&m, NULL, 0);	/* the last buffer is digested */
		pthread_mutex_lock(&m.lock);
		m.stop = 1;
		pthread_cond_broadcast(&m.cond);
		pthread_mutex_unlock(&m.lock);
		pthread_join(m.thread, NULL);
		pthread_cond_destroy(&m.cond);
		pthread_mutex_destroy(&m.lock);
	}
	if (rc == CT_OK)
		ct_hasher_final(h, out);
	if (rc == CT_OK && set == CT_HASH_SHA256)
		out->md5[0] = out->sha1[0] = '\0';	/* not computed */
	free(buf[0]);
	free(buf[1]);
	ct_hasher_free(h);
	close(fd);
	if (rc == CT_OK && size)
		*size = total;
	return rc;
}
