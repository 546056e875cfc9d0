/*
 * crypto_win.c: pgw_crypto.h with Windows CNG (bcrypt.dll: hashes, HMAC,
 * PBKDF2, the system's random generator) and CryptoAPI's base64
 * (crypt32.dll). An algorithm provider is opened per call: authentication
 * runs once a connection, where its cost does not matter.
 */
#include <limits.h>
#include <string.h>
#include <windows.h>
#include <bcrypt.h>
#include <wincrypt.h>

#include "pgw_crypto.h"

#define OK(st) ((st) >= 0)   /* NTSTATUS success */

/* One hash (HMAC when key is given) over up to two pieces. */
static bool hash_two(LPCWSTR alg, const unsigned char *key, size_t klen, const void *a,
                     size_t alen, const void *b, size_t blen, unsigned char *out, ULONG outlen)
{
    if (klen > ULONG_MAX || alen > ULONG_MAX || blen > ULONG_MAX)
        return false;
    BCRYPT_ALG_HANDLE h = NULL;
    BCRYPT_HASH_HANDLE hh = NULL;
    bool ok = OK(BCryptOpenAlgorithmProvider(&h, alg, NULL, key ? BCRYPT_ALG_HANDLE_HMAC_FLAG : 0)) &&
              OK(BCryptCreateHash(h, &hh, NULL, 0, (PUCHAR)key, (ULONG)klen, 0)) &&
              OK(BCryptHashData(hh, (PUCHAR)a, (ULONG)alen, 0)) &&
              (blen == 0 || OK(BCryptHashData(hh, (PUCHAR)b, (ULONG)blen, 0))) &&
              OK(BCryptFinishHash(hh, out, outlen, 0));
    if (hh)
        BCryptDestroyHash(hh);
    if (h)
        BCryptCloseAlgorithmProvider(h, 0);
    return ok;
}

bool pgw_md5_two(const void *a, size_t alen, const void *b, size_t blen, unsigned char out[16])
{
    return hash_two(BCRYPT_MD5_ALGORITHM, NULL, 0, a, alen, b, blen, out, 16);
}

bool pgw_sha256(const void *d, size_t n, unsigned char out[PGW_SHA256_LEN])
{
    return hash_two(BCRYPT_SHA256_ALGORITHM, NULL, 0, d, n, NULL, 0, out, PGW_SHA256_LEN);
}

bool pgw_hmac_sha256(const unsigned char *key, size_t klen, const void *d, size_t n,
                     unsigned char out[PGW_SHA256_LEN])
{
    /* a NULL key would make it a plain hash: an empty key is still a key */
    static const unsigned char empty[1];
    return hash_two(BCRYPT_SHA256_ALGORITHM, key ? key : empty, klen, d, n, NULL, 0, out,
                    PGW_SHA256_LEN);
}

bool pgw_pbkdf2_sha256(const char *pw, size_t pwlen, const unsigned char *salt, size_t saltlen,
                       unsigned iter, unsigned char out[PGW_SHA256_LEN])
{
    if (pwlen > ULONG_MAX || saltlen > ULONG_MAX)
        return false;
    BCRYPT_ALG_HANDLE h = NULL;
    bool ok = OK(BCryptOpenAlgorithmProvider(&h, BCRYPT_SHA256_ALGORITHM, NULL,
                                             BCRYPT_ALG_HANDLE_HMAC_FLAG)) &&
              OK(BCryptDeriveKeyPBKDF2(h, (PUCHAR)pw, (ULONG)pwlen, (PUCHAR)salt, (ULONG)saltlen,
                                       iter, out, PGW_SHA256_LEN, 0));
    if (h)
        BCryptCloseAlgorithmProvider(h, 0);
    return ok;
}

bool pgw_random_bytes(unsigned char *p, size_t n)
{
    return n <= ULONG_MAX &&
           OK(BCryptGenRandom(NULL, p, (ULONG)n, BCRYPT_USE_SYSTEM_PREFERRED_RNG));
}

void pgw_cleanse(void *p, size_t n)
{
    SecureZeroMemory(p, n);
}

int pgw_memcmp_ct(const void *a, const void *b, size_t n)
{
    const volatile unsigned char *x = a, *y = b;
    unsigned char d = 0;
    for (size_t i = 0; i < n; i++)
        d |= x[i] ^ y[i];
    return d != 0;
}

bool pgw_b64_encode(const unsigned char *in, size_t n, char *out)
{
    DWORD len = (DWORD)(4 * ((n + 2) / 3) + 1);
    if (n > INT_MAX / 2)
        return false;
    if (n == 0) {
        out[0] = '\0';
        return true;
    }
    return CryptBinaryToStringA(in, (DWORD)n, CRYPT_STRING_BASE64 | CRYPT_STRING_NOCRLF, out,
                                &len);
}

static bool b64_char(char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
           c == '+' || c == '/';
}

int pgw_b64_decode(const char *in, size_t n, unsigned char *out)
{
    if (n == 0 || n % 4 != 0 || n > INT_MAX)
        return -1;
    /* strict: the alphabet, and '=' only as the last one or two */
    size_t pad = in[n - 1] == '=' ? (in[n - 2] == '=' ? 2 : 1) : 0;
    for (size_t i = 0; i < n - pad; i++)
        if (!b64_char(in[i]))
            return -1;
    DWORD len = (DWORD)(3 * n / 4);
    if (!CryptStringToBinaryA(in, (DWORD)n, CRYPT_STRING_BASE64, out, &len, NULL, NULL))
        return -1;
    return (int)len;
}
