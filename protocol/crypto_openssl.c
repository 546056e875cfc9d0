/*
 * crypto_openssl.c: pgw_crypto.h with OpenSSL 3.
 */
#include <stdint.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>
#include <openssl/sha.h>

#include "pgw_crypto.h"

bool pgw_md5_two(const void *a, size_t alen, const void *b, size_t blen, unsigned char out[16])
{
    unsigned int olen = 0;
    EVP_MD_CTX *ctx = EVP_MD_CTX_new();
    bool ok = ctx && EVP_DigestInit_ex(ctx, EVP_md5(), NULL) == 1 &&
              EVP_DigestUpdate(ctx, a, alen) == 1 && EVP_DigestUpdate(ctx, b, blen) == 1 &&
              EVP_DigestFinal_ex(ctx, out, &olen) == 1 && olen == 16;
    EVP_MD_CTX_free(ctx);
    return ok;
}

bool pgw_sha256(const void *d, size_t n, unsigned char out[PGW_SHA256_LEN])
{
    return SHA256(d, n, out) != NULL;
}

bool pgw_hmac_sha256(const unsigned char *key, size_t klen, const void *d, size_t n,
                     unsigned char out[PGW_SHA256_LEN])
{
    unsigned int olen = 0;
    return HMAC(EVP_sha256(), key, (int)klen, d, n, out, &olen) != NULL &&
           olen == PGW_SHA256_LEN;
}

bool pgw_pbkdf2_sha256(const char *pw, size_t pwlen, const unsigned char *salt, size_t saltlen,
                       unsigned iter, unsigned char out[PGW_SHA256_LEN])
{
    return pwlen <= INT32_MAX && saltlen <= INT32_MAX && iter <= INT32_MAX &&
           PKCS5_PBKDF2_HMAC(pw, (int)pwlen, salt, (int)saltlen, (int)iter, EVP_sha256(),
                             PGW_SHA256_LEN, out) == 1;
}

bool pgw_random_bytes(unsigned char *p, size_t n)
{
    return n <= INT32_MAX && RAND_bytes(p, (int)n) == 1;
}

void pgw_cleanse(void *p, size_t n)
{
    OPENSSL_cleanse(p, n);
}

int pgw_memcmp_ct(const void *a, const void *b, size_t n)
{
    return CRYPTO_memcmp(a, b, n);
}

bool pgw_b64_encode(const unsigned char *in, size_t n, char *out)
{
    if (n > INT32_MAX / 2)
        return false;
    EVP_EncodeBlock((unsigned char *)out, in, (int)n);
    return true;
}

int pgw_b64_decode(const char *in, size_t n, unsigned char *out)
{
    if (n == 0 || n % 4 != 0 || n > INT32_MAX)
        return -1;
    /* counts the padding as zero bytes */
    int got = EVP_DecodeBlock(out, (const unsigned char *)in, (int)n);
    if (got < 0)
        return -1;
    if (in[n - 1] == '=')
        got--;
    if (in[n - 2] == '=')
        got--;
    return got;
}
