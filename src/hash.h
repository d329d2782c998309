/*
 * hash.h - MD5, SHA-1 and SHA-256 in one pass (OpenSSL libcrypto EVP).
 *
 * Evidence is read once: every byte goes to all three digests. Hex output
 * is lower case, as in sha256sum and most threat reports.
 */
#ifndef CT_HASH_H
#define CT_HASH_H

#include "compat.h"
#include "error.h"

#define CT_MD5_HEX	33	/* 32 hex digits + NUL */
#define CT_SHA1_HEX	41
#define CT_SHA256_HEX	65

struct ct_hashes {
	char md5[CT_MD5_HEX];
	char sha1[CT_SHA1_HEX];
	char sha256[CT_SHA256_HEX];
};

struct ct_hasher;

/* A new hasher computing all three digests. Free with ct_hasher_free(). */
struct ct_hasher *ct_hasher_new(void);
void ct_hasher_update(struct ct_hasher *h, const void *data, size_t n);
/* Finish into out; the hasher is reset and can be used again. */
void ct_hasher_final(struct ct_hasher *h, struct ct_hashes *out);
void ct_hasher_free(struct ct_hasher *h);

enum ct_hash_set {
	CT_HASH_ALL,		/* MD5, SHA-1 and SHA-256 */
	CT_HASH_SHA256,		/* SHA-256 only; md5 and sha1 are "" */
};

/*
 * Hash a whole host file, opened read-only; *size gets its length.
 * Returns CT_OK or CT_ERR_IO with the path in err.
 */
enum ct_status ct_hash_file(const char *path, enum ct_hash_set set,
    struct ct_hashes *out, int64_t *size, struct ct_error *err);

#endif
