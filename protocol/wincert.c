/*
 * wincert.c: certificates and keys from PEM files, and the host name check,
 * with CryptoAPI, for the SChannel backend (tls_schannel.c): Windows has no
 * PEM file API, and SChannel is told to leave the certificate checks to the
 * driver. OpenSSL does all of this for tls.c; the rules here are OpenSSL's,
 * so a file loads and a name matches the same on both platforms.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wincert.h"

#include <ws2tcpip.h>   /* inet_pton, inet_ntop */

/* ------------------------------------------------------------------ PEM files */

typedef struct pem_file {
    char *text;                /* the whole file, NUL-terminated */
    size_t pos;                /* where the next block is looked for */
} pem_file;

/* Reads path into f; false with errno set (strerror says why, as OpenSSL's
 * system errors do in tls.c's messages). */
static bool pem_open(pem_file *f, const char *path)
{
    f->text = NULL;
    f->pos = 0;
    FILE *fp = fopen(path, "rb");
    if (!fp)
        return false;
    size_t cap = 4096, len = 0;
    char *text = malloc(cap);
    while (text) {
        size_t n = fread(text + len, 1, cap - len - 1, fp);
        len += n;
        if (len + 1 < cap)
            break;
        char *bigger = cap < ((size_t)16 << 20) ? realloc(text, cap * 2) : NULL;
        if (!bigger) {
            free(text);
            text = NULL;
            errno = EFBIG;
            break;
        }
        text = bigger;
        cap *= 2;
    }
    bool err = ferror(fp) != 0;
    fclose(fp);
    if (!text || err) {
        free(text);
        if (err)
            errno = EIO;
        return false;
    }
    text[len] = '\0';
    f->text = text;
    return true;
}

static void pem_close(pem_file *f)
{
    free(f->text);
    f->text = NULL;
}

/* The next PEM block: its label ("CERTIFICATE", "RSA PRIVATE KEY", ...)
 * into label and its DER bytes (malloc'd) into *der. False at the end or
 * on a block that does not decode (*bad set). Encrypted PKCS#1 keys carry
 * a Proc-Type header, which the base64 decoder rejects: *bad. */
static bool pem_next(pem_file *f, char *label, size_t label_len, BYTE **der, DWORD *der_len,
                     bool *bad)
{
    *bad = false;
    char *begin = strstr(f->text + f->pos, "-----BEGIN ");
    if (!begin)
        return false;
    char *lab = begin + 11;
    char *lab_end = strstr(lab, "-----");
    if (!lab_end || (size_t)(lab_end - lab) >= label_len) {
        *bad = true;
        return false;
    }
    memcpy(label, lab, (size_t)(lab_end - lab));
    label[lab_end - lab] = '\0';
    char *body = lab_end + 5;
    char end_line[96];
    snprintf(end_line, sizeof end_line, "-----END %s-----", label);
    char *end = strstr(body, end_line);
    if (!end) {
        *bad = true;
        return false;
    }
    f->pos = (size_t)(end - f->text) + strlen(end_line);
    DWORD n = 0;
    if (strstr(body, "Proc-Type:") && strstr(body, "Proc-Type:") < end) {
        *bad = true;
        return false;
    }
    if (!CryptStringToBinaryA(body, (DWORD)(end - body), CRYPT_STRING_BASE64, NULL, &n, NULL,
                              NULL) ||
        !(*der = malloc(n ? n : 1)) ||
        !CryptStringToBinaryA(body, (DWORD)(end - body), CRYPT_STRING_BASE64, *der, &n, NULL,
                              NULL)) {
        *bad = true;
        return false;
    }
    *der_len = n;
    return true;
}

/* Adds every CERTIFICATE (or, with crls, X509 CRL) block of path to store.
 * Returns how many were added, -1 with why in reason. */
int wincert_load_pem(HCERTSTORE store, const char *path, bool crls, PCCERT_CONTEXT *first,
                     char *reason, size_t len)
{
    pem_file f;
    if (!pem_open(&f, path)) {
        snprintf(reason, len, "%s", strerror(errno));
        return -1;
    }
    int count = 0;
    char label[64];
    BYTE *der;
    DWORD der_len;
    bool bad;
    while (pem_next(&f, label, sizeof label, &der, &der_len, &bad)) {
        BOOL ok = TRUE;
        if (!crls && (strcmp(label, "CERTIFICATE") == 0 ||
                      strcmp(label, "TRUSTED CERTIFICATE") == 0)) {
            bool want = first != NULL && count == 0;
            ok = CertAddEncodedCertificateToStore(store, X509_ASN_ENCODING, der, der_len,
                                                  CERT_STORE_ADD_USE_EXISTING,
                                                  want ? first : NULL);
            count += ok ? 1 : 0;
        } else if (crls && strcmp(label, "X509 CRL") == 0) {
            ok = CertAddEncodedCRLToStore(store, X509_ASN_ENCODING, der, der_len,
                                          CERT_STORE_ADD_USE_EXISTING, NULL);
            count += ok ? 1 : 0;
        }
        free(der);
        if (!ok) {
            snprintf(reason, len, "a %s in it does not decode", label);
            pem_close(&f);
            return -1;
        }
    }
    pem_close(&f);
    if (bad) {
        snprintf(reason, len, "a PEM block in it is malformed");
        return -1;
    }
    if (count == 0) {
        snprintf(reason, len, crls ? "no CRL found in it" : "no certificate found in it");
        return -1;
    }
    return count;
}

HCERTSTORE wincert_memory_store(void)
{
    return CertOpenStore(CERT_STORE_PROV_MEMORY, 0, 0, CERT_STORE_CREATE_NEW_FLAG, NULL);
}

/* ------------------------------------------------------------------ keys */

/* One DER element at *p (before end): its tag, and its contents in
 * body and len; p moves past it. False when it does not fit. */
static bool der_next(const BYTE **p, const BYTE *end, BYTE *tag, const BYTE **body, size_t *len)
{
    const BYTE *q = *p;
    if (end - q < 2)
        return false;
    *tag = *q++;
    size_t n = *q++;
    if (n & 0x80) {
        int bytes = (int)(n & 0x7f);
        if (bytes < 1 || bytes > 4 || end - q < bytes)
            return false;
        for (n = 0; bytes-- > 0;)
            n = (n << 8) | *q++;
    }
    if ((size_t)(end - q) < n)
        return false;
    *body = q;
    *len = n;
    *p = q + n;
    return true;
}

/* The algorithm OIDs of a PKCS#8 key the messages name (DER contents). */
static const struct {
    BYTE oid[10];
    size_t len;
    const char *name;
} key_algorithms[] = {
    {{0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01}, 9, "RSA"},
    {{0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01}, 7, "EC"},
    {{0x2b, 0x65, 0x70}, 3, "Ed25519"},
    {{0x2b, 0x65, 0x71}, 3, "Ed448"},
    {{0x2a, 0x86, 0x48, 0xce, 0x38, 0x04, 0x01}, 7, "DSA"},
};

/* The RSA key inside a PKCS#8 PrivateKeyInfo (RFC 5208): SEQUENCE {
 * version, AlgorithmIdentifier, OCTET STRING key, ... }. Decoded here
 * because not every CryptoAPI (Wine's) decodes PKCS_PRIVATE_KEY_INFO. */
static bool pkcs8_rsa(const BYTE *der, size_t der_len, const BYTE **rsa, size_t *rsa_len,
                      bool *not_rsa, char *why, size_t len)
{
    const BYTE *p = der, *end = der + der_len, *seq, *alg, *oid, *version;
    size_t seq_len, alg_len, oid_len, version_len;
    BYTE tag;
    if (!der_next(&p, end, &tag, &seq, &seq_len) || tag != 0x30) {
        snprintf(why, len, "the PKCS#8 key does not decode");
        return false;
    }
    p = seq;
    end = seq + seq_len;
    if (!der_next(&p, end, &tag, &version, &version_len) || tag != 0x02 ||
        !der_next(&p, end, &tag, &alg, &alg_len) || tag != 0x30 ||
        !der_next(&alg, alg + alg_len, &tag, &oid, &oid_len) || tag != 0x06 ||
        !der_next(&p, end, &tag, rsa, rsa_len) || tag != 0x04) {
        snprintf(why, len, "the PKCS#8 key does not decode");
        return false;
    }
    const char *name = NULL;
    for (size_t i = 0; !name && i < sizeof key_algorithms / sizeof key_algorithms[0]; i++)
        if (oid_len == key_algorithms[i].len && memcmp(oid, key_algorithms[i].oid, oid_len) == 0)
            name = key_algorithms[i].name;
    if (name && strcmp(name, "RSA") == 0)
        return true;
    *not_rsa = true;
    snprintf(why, len, "is %s %s key: the Windows build supports RSA client keys only",
             name && name[0] == 'E' ? "an" : "a", name ? name : "non-RSA");
    return false;
}

/* The key of path as a CryptoAPI PRIVATEKEYBLOB (malloc'd): PKCS#1 "RSA
 * PRIVATE KEY" or PKCS#8 "PRIVATE KEY" holding an RSA key. *why says what
 * is wrong with the file otherwise; *not_rsa when it is a key, just not
 * an RSA key (why then reads "is ..."). */
BYTE *wincert_read_rsa_key(const char *path, DWORD *blob_len, bool *not_rsa, char *why,
                          size_t len)
{
    pem_file f;
    if (!pem_open(&f, path)) {
        snprintf(why, len, "%s", strerror(errno));
        return NULL;
    }
    char label[64];
    BYTE *der = NULL, *blob = NULL;
    DWORD der_len = 0;
    bool bad, found = false;
    while (!found && pem_next(&f, label, sizeof label, &der, &der_len, &bad)) {
        found = strstr(label, "PRIVATE KEY") != NULL;
        if (!found)
            free(der);
    }
    pem_close(&f);
    if (!found) {
        snprintf(why, len, bad ? "the key is encrypted or malformed"
                               : "no private key found in it");
        return NULL;
    }
    const BYTE *rsa = der;
    size_t rsa_len = der_len;
    *not_rsa = false;
    if (strcmp(label, "PRIVATE KEY") == 0) {
        if (!pkcs8_rsa(der, der_len, &rsa, &rsa_len, not_rsa, why, len))
            goto out;
    } else if (strcmp(label, "RSA PRIVATE KEY") != 0) {
        *not_rsa = strcmp(label, "ENCRYPTED PRIVATE KEY") != 0;
        if (!*not_rsa)
            snprintf(why, len, "the key is encrypted");
        else
            snprintf(why, len, "is an \"%s\" PEM block: the Windows build supports RSA "
                               "client keys only", label);
        goto out;
    }
    if (!CryptDecodeObjectEx(X509_ASN_ENCODING, PKCS_RSA_PRIVATE_KEY, rsa, (DWORD)rsa_len,
                             CRYPT_DECODE_ALLOC_FLAG, NULL, &blob, blob_len))
        snprintf(why, len, "the RSA key does not decode");
out:
    SecureZeroMemory(der, der_len);
    free(der);
    if (!blob)
        return NULL;
    /* a LocalAlloc'd blob, copied so the caller frees it with free() */
    BYTE *copy = malloc(*blob_len);
    if (copy)
        memcpy(copy, blob, *blob_len);
    else
        snprintf(why, len, "out of memory");
    SecureZeroMemory(blob, *blob_len);
    LocalFree(blob);
    return copy;
}

/* ------------------------------------------------------------------ host names */

static bool host_is_ip(const char *host, unsigned char addr[16], size_t *addr_len)
{
    if (inet_pton(AF_INET, host, addr) == 1) {
        *addr_len = 4;
        return true;
    }
    if (inet_pton(AF_INET6, host, addr) == 1) {
        *addr_len = 16;
        return true;
    }
    return false;
}

/* pattern (a certificate's DNS name) against host, OpenSSL's way: no case,
 * a wildcard only as the whole leftmost label of a name with at least
 * three labels, matching exactly one label of host. */
static bool dns_match(const char *pattern, const char *host)
{
    if (pattern[0] == '*' && pattern[1] == '.') {
        const char *rest = pattern + 1;               /* ".example.com" */
        if (strchr(rest + 1, '.') == NULL)
            return false;
        const char *dot = strchr(host, '.');
        return dot != NULL && dot != host && _stricmp(dot, rest) == 0;
    }
    if (strchr(pattern, '*'))
        return false;
    size_t pl = strlen(pattern), hl = strlen(host);
    if (hl > 0 && host[hl - 1] == '.')            /* an absolute host name */
        hl--;
    return pl == hl && _strnicmp(pattern, host, hl) == 0;
}

/* Appends a quoted name to the list in buf (for the message). */
static void add_name(char *buf, size_t len, const char *name, size_t nlen)
{
    size_t used = strlen(buf);
    if (used + 1 < len)
        snprintf(buf + used, len - used, "%s\"%.*s\"", used ? ", " : "", (int)nlen, name);
}

/* Whether cert is for host: subjectAltName DNS names or IP addresses, the
 * common name only when there are no DNS names. names gets the names the
 * certificate has, quoted, for the message, "(no name)" when none. */
bool wincert_name_matches(PCCERT_CONTEXT cert, const char *host, char *names, size_t len)
{
    unsigned char addr[16];
    size_t addr_len = 0;
    bool is_ip = host_is_ip(host, addr, &addr_len), match = false, dns_seen = false;
    names[0] = '\0';
    PCERT_EXTENSION ext = CertFindExtension(szOID_SUBJECT_ALT_NAME2,
                                            cert->pCertInfo->cExtension,
                                            cert->pCertInfo->rgExtension);
    CERT_ALT_NAME_INFO *alt = NULL;
    DWORD alt_len = 0;
    if (ext && CryptDecodeObjectEx(X509_ASN_ENCODING, X509_ALTERNATE_NAME, ext->Value.pbData,
                                   ext->Value.cbData, CRYPT_DECODE_ALLOC_FLAG, NULL, &alt,
                                   &alt_len)) {
        for (DWORD i = 0; i < alt->cAltEntry; i++) {
            CERT_ALT_NAME_ENTRY *a = &alt->rgAltEntry[i];
            if (a->dwAltNameChoice == CERT_ALT_NAME_DNS_NAME) {
                char dns[256];
                int n = WideCharToMultiByte(CP_UTF8, 0, a->pwszDNSName, -1, dns, sizeof dns,
                                            NULL, NULL);
                if (n <= 0)
                    continue;
                dns_seen = true;
                add_name(names, len, dns, strlen(dns));
                if (!is_ip && dns_match(dns, host))
                    match = true;
            } else if (a->dwAltNameChoice == CERT_ALT_NAME_IP_ADDRESS) {
                char text[INET6_ADDRSTRLEN] = "";
                DWORD n = a->IPAddress.cbData;
                if ((n != 4 && n != 16) ||
                    !inet_ntop(n == 4 ? AF_INET : AF_INET6, a->IPAddress.pbData, text, sizeof text))
                    continue;
                add_name(names, len, text, strlen(text));
                if (is_ip && n == addr_len && memcmp(a->IPAddress.pbData, addr, n) == 0)
                    match = true;
            }
        }
        LocalFree(alt);
    }
    if (names[0] == '\0' || !dns_seen) {
        char cn[200];
        DWORD n = CertGetNameStringA(cert, CERT_NAME_ATTR_TYPE, 0, (void *)szOID_COMMON_NAME, cn,
                                     sizeof cn);
        if (n > 1) {
            if (names[0] == '\0')
                add_name(names, len, cn, strlen(cn));
            if (!is_ip && !dns_seen && dns_match(cn, host))
                match = true;
        }
    }
    if (names[0] == '\0')
        snprintf(names, len, "(no name)");
    return match;
}

bool wincert_is_ip_address(const char *host)
{
    unsigned char addr[16];
    size_t addr_len;
    return host_is_ip(host, addr, &addr_len);
}
