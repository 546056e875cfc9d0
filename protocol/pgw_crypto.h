/*
 * pgw_crypto.h: the hashing, key derivation, randomness and base64 that
 * authentication needs (auth.c: MD5; auth_scram.c: SCRAM-SHA-256), from
 * the platform's library: crypto_openssl.c (OpenSSL) on POSIX systems,
 * crypto_win.c (CNG/BCrypt and CryptoAPI's base64) on Windows. All return
 * false on failure (out of memory, the library refusing).
 */
#ifndef PGW_CRYPTO_H
#define PGW_CRYPTO_H

#include <stdbool.h>
#include <stddef.h>

#define PGW_SHA256_LEN 32

/* MD5 of a followed by b. */
bool pgw_md5_two(const void *a, size_t alen, const void *b, size_t blen, unsigned char out[16]);
bool pgw_sha256(const void *d, size_t n, unsigned char out[PGW_SHA256_LEN]);
bool pgw_hmac_sha256(const unsigned char *key, size_t klen, const void *d, size_t n,
                     unsigned char out[PGW_SHA256_LEN]);
/* PBKDF2 with HMAC-SHA-256, one block of output. */
bool pgw_pbkdf2_sha256(const char *pw, size_t pwlen, const unsigned char *salt, size_t saltlen,
                       unsigned iter, unsigned char out[PGW_SHA256_LEN]);
/* n bytes from a cryptographically secure generator. */
bool pgw_random_bytes(unsigned char *p, size_t n);
/* Zeroes p in a way the compiler does not drop. */
void pgw_cleanse(void *p, size_t n);
/* 0 when equal, in time that does not depend on where they differ. */
int pgw_memcmp_ct(const void *a, const void *b, size_t n);
/* Base64 of n bytes into out (4 * ((n + 2) / 3) chars and a NUL). */
bool pgw_b64_encode(const unsigned char *in, size_t n, char *out);
/* Decodes strict base64 (n a positive multiple of 4); returns the byte
 * count or -1. out needs 3 * n / 4 bytes. */
int pgw_b64_decode(const char *in, size_t n, unsigned char *out);

#endif /* PGW_CRYPTO_H */
