/*
 * tls_schannel.c: TLS under a pgw_transport on Windows, with SChannel (the
 * system's TLS, through SSPI): the same seam and the same behaviour as
 * tls.c's OpenSSL backend, so every SSLMode, message and SQLSTATE that is
 * not about OpenSSL itself is the same on both platforms. The SSLRequest
 * before the handshake is tls_request.c's, shared with tls.c.
 *
 * What SChannel does: the handshake (InitializeSecurityContext), records
 * (EncryptMessage/DecryptMessage), SNI and the client certificate. What
 * this file does itself, with CryptoAPI: the certificate checks. SChannel
 * is told to leave them to us (manual validation) because its own checks
 * know only the system's store; here SSLRootCert=FILE trusts the CAs of
 * that PEM file and nothing else, SSLRootCert=system (or none with
 * verify-full) the Windows certificate store, and the host name check
 * follows OpenSSL's rules (subjectAltName DNS names and IP addresses,
 * the common name only when there is no DNS name, a wildcard only as the
 * whole leftmost label) so a name passes or fails the same on both.
 *
 * PEM files (SSLRootCert, SSLCert, SSLKey, SSLCrl) are read by wincert.c
 * (Windows has no PEM file API), which also has the host name check. A
 * client key is imported into a CryptoAPI key
 * container made for the connection's settings and deleted with them
 * (SChannel, and Wine's SChannel, sign with a key they can find by
 * container name, not with an in-memory key); RSA keys only, PKCS#1 or
 * PKCS#8, unencrypted, as tls.c.
 *
 * Sockets stay non-blocking, as in tls.c: a record not yet complete is
 * EAGAIN with t->want, so the transport's waits keep the I/O timeouts and
 * SQLCancel's design. Received records that are not yet handed out are
 * invisible to select(); tls_pending() says so.
 *
 * Every pgw_connect builds its own pgw_tls (the credentials handle with
 * the client certificate, the trusted CAs); the connection and each cancel
 * still running for it hold a reference, the last one frees it. SChannel
 * allows a credentials handle in several threads at once.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pgw_int.h"

#define SECURITY_WIN32
/* SCH_CREDENTIALS (acquire_credentials) needs UNICODE_STRING */
#define SCHANNEL_USE_BLACKLISTS
#include <wincrypt.h>
#include <subauth.h>
#include <schannel.h>
#include <security.h>

#include "wincert.h"

/* Receive buffer: several records per recv(), as tls.c's read-ahead. */
#define TLS_READ_BUFFER ((size_t)64 * 1024)
/* Records encrypted per write: one send() for a large request. */
#define RECORDS_PER_WRITE 4

/* Not in every mingw-w64's schannel.h. */
#ifndef SP_PROT_TLS1_3_CLIENT
#define SP_PROT_TLS1_3_CLIENT 0x00002000
#endif

struct pgw_tls {
    volatile LONG refs;
    CredHandle cred;
    bool have_cred;
    HCERTSTORE roots;          /* SSLRootCert's CAs; NULL: the system's store */
    HCERTCHAINENGINE engine;   /* a chain engine with roots as its only roots;
                                  NULL: the default engine (see check_chain)    */
    HCERTSTORE crls;           /* SSLCrl's CRLs; NULL: no revocation check     */
    HCERTSTORE client_store;   /* SSLCert's certificates                        */
    PCCERT_CONTEXT client;     /* the first of them, with its key               */
    wchar_t container[64];     /* the key's CryptoAPI container; "" = none     */
    pgw_tls_policy policy;     /* what the settings ask (tls_request.c)         */
};

/* One TLS session on a socket: t->tls while TLS is on. */
typedef struct schan_session {
    pgw_tls *tls;              /* a reference: renegotiation needs the cred */
    CtxtHandle ctx;
    bool have_ctx;
    bool established;          /* the handshake finished                     */
    bool quiet;                /* the link is broken: no close_notify        */
    bool eof;                  /* close_notify or the end of the stream     */
    SecPkgContext_StreamSizes sizes;
    char *in;                  /* received bytes not yet decrypted           */
    size_t in_len, in_cap;
    char *plain;               /* decrypted bytes not yet handed out         */
    size_t plain_off, plain_len;
    char *out;                 /* encrypted bytes not yet sent               */
    size_t out_off, out_len;
    size_t out_plain;          /* how many plaintext bytes out stands for    */
    char failed[128];          /* a decryption error, reported once more     */
    wchar_t target[256];       /* the host name for SNI; "" for an address   */
    char version[16];
    char cipher[80];
} schan_session;

/* ------------------------------------------------------------------ errors */

/* The names of the SChannel errors a connection meets most, for systems
 * (Wine) whose FormatMessage does not know them. */
static const struct {
    SECURITY_STATUS code;
    const char *text;
} sspi_errors[] = {
    {SEC_E_ILLEGAL_MESSAGE, "the server sent a message TLS does not allow"},
    {SEC_E_ALGORITHM_MISMATCH, "no protocol version or cipher in common with the server"},
    {SEC_E_UNSUPPORTED_FUNCTION, "the server asked for something SChannel does not support"},
    {SEC_E_DECRYPT_FAILURE, "a record failed to decrypt"},
    {SEC_E_MESSAGE_ALTERED, "a record was altered"},
    {SEC_E_INTERNAL_ERROR, "SChannel internal error"},
    {SEC_E_NO_CREDENTIALS, "no credentials"},
    {SEC_E_UNKNOWN_CREDENTIALS, "the credentials are not usable"},
    {SEC_E_CERT_UNKNOWN, "the server rejected the client certificate"},
    {SEC_E_INVALID_TOKEN, "invalid TLS message"},
    {SEC_E_CONTEXT_EXPIRED, "the TLS session is closed"},
    {SEC_E_WRONG_PRINCIPAL, "the server's name does not match"},
};

/* The system's text for an SSPI status, with its code. */
static const char *sspi_reason(SECURITY_STATUS code, char *buf, size_t len)
{
    DWORD n = FormatMessageA(FORMAT_MESSAGE_FROM_SYSTEM | FORMAT_MESSAGE_IGNORE_INSERTS, NULL,
                             (DWORD)code, MAKELANGID(LANG_NEUTRAL, SUBLANG_DEFAULT), buf,
                             (DWORD)len, NULL);
    while (n > 0 && (buf[n - 1] == '\n' || buf[n - 1] == '\r' || buf[n - 1] == ' ' ||
                     buf[n - 1] == '.'))
        n--;
    if (n > 0 && n + 16 < len) {
        snprintf(buf + n, len - n, " (0x%08lx)", (unsigned long)code);
        return buf;
    }
    for (size_t i = 0; i < sizeof sspi_errors / sizeof sspi_errors[0]; i++)
        if (sspi_errors[i].code == code) {
            snprintf(buf, len, "%s (0x%08lx)", sspi_errors[i].text, (unsigned long)code);
            return buf;
        }
    snprintf(buf, len, "SChannel error 0x%08lx", (unsigned long)code);
    return buf;
}

/* The system's text for GetLastError()/WSAGetLastError() codes. */
static const char *win_reason(DWORD code, char *buf, size_t len)
{
    DWORD n = FormatMessageA(FORMAT_MESSAGE_FROM_SYSTEM | FORMAT_MESSAGE_IGNORE_INSERTS, NULL,
                             code, MAKELANGID(LANG_NEUTRAL, SUBLANG_DEFAULT), buf, (DWORD)len,
                             NULL);
    while (n > 0 && (buf[n - 1] == '\n' || buf[n - 1] == '\r' || buf[n - 1] == ' ' ||
                     buf[n - 1] == '.'))
        n--;
    if (n == 0)
        snprintf(buf, len, "error %lu", (unsigned long)code);
    else
        buf[n] = '\0';
    return buf;
}

/* Sets 08001 "<what>: <reason>" and returns PGW_ERR_CONNECT. */
static pgw_status fail(pgw_error *e, const char *what, const char *reason)
{
    pgw_set_error(e, "08001", "%s: %s", what, reason);
    return PGW_ERR_CONNECT;
}

/* ------------------------------------------------------------------ settings */

/* Loads the CAs to trust (NULL: the system's) and the CRLs. */
static pgw_status load_trust(pgw_tls *tls, const pgw_connect_params *p, pgw_error *e)
{
    char what[512], reason[256];
    if (pgw_tls_given(p->ssl_root_cert) && strcmp(p->ssl_root_cert, "system") != 0) {
        if (!(tls->roots = wincert_memory_store()))
            return fail(e, "could not set up TLS",
                        win_reason(GetLastError(), reason, sizeof reason));
        if (wincert_load_pem(tls->roots, p->ssl_root_cert, false, NULL, reason,
                             sizeof reason) < 0) {
            snprintf(what, sizeof what, "could not load SSLRootCert \"%s\"", p->ssl_root_cert);
            return fail(e, what, reason);
        }
        /* Windows 7 with KB2998527 and later; before, check_chain does
         * without (the default engine, the file's CAs as extra store) */
        CERT_CHAIN_ENGINE_CONFIG cfg = {.cbSize = sizeof cfg, .hExclusiveRoot = tls->roots};
        if (!CertCreateCertificateChainEngine(&cfg, &tls->engine))
            tls->engine = NULL;
    }
    if (pgw_tls_given(p->ssl_crl)) {
        if (!(tls->crls = wincert_memory_store()))
            return fail(e, "could not set up TLS",
                        win_reason(GetLastError(), reason, sizeof reason));
        if (wincert_load_pem(tls->crls, p->ssl_crl, true, NULL, reason, sizeof reason) < 0) {
            snprintf(what, sizeof what, "could not load SSLCrl \"%s\"", p->ssl_crl);
            return fail(e, what, reason);
        }
    }
    return PGW_OK;
}

/* Imports the key blob into a new key container of our own (tls->container)
 * and ties it to tls->client. *mismatch when it is not the certificate's
 * key. */
static bool import_client_key(pgw_tls *tls, const BYTE *blob, DWORD blob_len, bool *mismatch,
                              char *why, size_t len)
{
    static volatile LONG serial;
    *mismatch = false;
    swprintf(tls->container, sizeof tls->container / sizeof tls->container[0],
             L"cratedb-odbc-%lu-%ld-%llu", (unsigned long)GetCurrentProcessId(),
             (long)InterlockedIncrement(&serial), (unsigned long long)GetTickCount64());
    HCRYPTPROV prov = 0;
    HCRYPTKEY key = 0;
    if (!CryptAcquireContextW(&prov, tls->container, MS_ENHANCED_PROV_W, PROV_RSA_FULL,
                              CRYPT_NEWKEYSET)) {
        win_reason(GetLastError(), why, len);
        tls->container[0] = L'\0';
        return false;
    }
    bool ok = CryptImportKey(prov, blob, blob_len, 0, 0, &key);
    if (!ok)
        win_reason(GetLastError(), why, len);
    /* the certificate's public key must be the imported key's */
    DWORD pub_len = 0;
    CERT_PUBLIC_KEY_INFO *pub = NULL;
    if (ok && CryptExportPublicKeyInfo(prov, AT_KEYEXCHANGE, X509_ASN_ENCODING, NULL, &pub_len) &&
        (pub = malloc(pub_len)) &&
        CryptExportPublicKeyInfo(prov, AT_KEYEXCHANGE, X509_ASN_ENCODING, pub, &pub_len) &&
        !CertComparePublicKeyInfo(X509_ASN_ENCODING, &tls->client->pCertInfo->SubjectPublicKeyInfo,
                                  pub)) {
        *mismatch = true;
        ok = false;
    }
    free(pub);
    if (key)
        CryptDestroyKey(key);
    CryptReleaseContext(prov, 0);   /* the key stays in the container */
    CRYPT_KEY_PROV_INFO pi = {
        .pwszContainerName = tls->container,
        .pwszProvName = (LPWSTR)MS_ENHANCED_PROV_W,
        .dwProvType = PROV_RSA_FULL,
        .dwKeySpec = AT_KEYEXCHANGE,
    };
    if (ok && !CertSetCertificateContextProperty(tls->client, CERT_KEY_PROV_INFO_PROP_ID, 0, &pi)) {
        win_reason(GetLastError(), why, len);
        ok = false;
    }
    return ok;
}

/* Loads the client certificate (chain) and its key. */
static pgw_status load_client_cert(pgw_tls *tls, const pgw_connect_params *p, pgw_error *e)
{
    if (!pgw_tls_given(p->ssl_cert))
        return PGW_OK;      /* SSLKey alone: pgw_tls_policy_new refused it */
    const char *key = pgw_tls_given(p->ssl_key) ? p->ssl_key : p->ssl_cert;
    char what[600], reason[256];
    if (!(tls->client_store = wincert_memory_store()))
        return fail(e, "could not set up TLS", win_reason(GetLastError(), reason, sizeof reason));
    /* the file's first certificate is the client's, the others its chain */
    if (wincert_load_pem(tls->client_store, p->ssl_cert, false, &tls->client, reason,
                         sizeof reason) < 0) {
        snprintf(what, sizeof what, "could not load SSLCert \"%s\"", p->ssl_cert);
        return fail(e, what, reason);
    }
    if (!tls->client) {
        snprintf(what, sizeof what, "could not load SSLCert \"%s\"", p->ssl_cert);
        return fail(e, what, "no certificate found in it");
    }
    DWORD blob_len = 0;
    bool not_rsa = false, mismatch = false;
    BYTE *blob = wincert_read_rsa_key(key, &blob_len, &not_rsa, reason, sizeof reason);
    bool ok = blob && import_client_key(tls, blob, blob_len, &mismatch, reason, sizeof reason);
    if (blob) {
        SecureZeroMemory(blob, blob_len);
        free(blob);
    }
    if (ok)
        return PGW_OK;
    if (mismatch) {
        pgw_set_error(e, "08001", "SSLKey \"%s\" is not the key of SSLCert \"%s\"", key,
                      p->ssl_cert);
        return PGW_ERR_CONNECT;
    }
    if (not_rsa) {
        pgw_set_error(e, "08001", "SSLKey \"%s\" %s", key, reason);
        return PGW_ERR_CONNECT;
    }
    snprintf(what, sizeof what, "could not load SSLKey \"%s\" (an unencrypted PEM key is "
                                "needed)", key);
    return fail(e, what, reason);
}

/* Versions below TLS 1.2, which tls.c does not accept either. */
#define OLD_PROTOCOLS                                                                    \
    (SP_PROT_SSL2_CLIENT | SP_PROT_SSL3_CLIENT | SP_PROT_TLS1_0_CLIENT | SP_PROT_TLS1_1_CLIENT)

/* No certificate checks by SChannel (see the file comment), no client
 * certificate but ours. */
#define CRED_FLAGS                                                                       \
    (SCH_CRED_MANUAL_CRED_VALIDATION | SCH_CRED_NO_DEFAULT_CREDS | SCH_CRED_NO_SERVERNAME_CHECK)

/* The credentials handle for TLS 1.2 or later. SCH_CREDENTIALS first: only
 * with it does SChannel offer TLS 1.3 (Windows 11, Server 2022); systems
 * that do not know it (Windows 10 before 1809, Wine 8) refuse it, and get
 * the older SCHANNEL_CRED asking for TLS 1.2. */
static pgw_status acquire_credentials(pgw_tls *tls, pgw_error *e)
{
    PCCERT_CONTEXT certs[1] = {tls->client};
    TLS_PARAMETERS tp = {.grbitDisabledProtocols = OLD_PROTOCOLS};
    SCH_CREDENTIALS sch = {
        .dwVersion = SCH_CREDENTIALS_VERSION,
        .cCreds = tls->client ? 1 : 0,
        .paCred = tls->client ? certs : NULL,
        .dwFlags = CRED_FLAGS,
        .cTlsParameters = 1,
        .pTlsParameters = &tp,
    };
    TimeStamp expiry;
    SECURITY_STATUS ss = AcquireCredentialsHandleW(NULL, (LPWSTR)UNISP_NAME_W,
                                                   SECPKG_CRED_OUTBOUND, NULL, &sch, NULL, NULL,
                                                   &tls->cred, &expiry);
    if (ss != SEC_E_OK) {
        SCHANNEL_CRED sc = {
            .dwVersion = SCHANNEL_CRED_VERSION,
            .cCreds = tls->client ? 1 : 0,
            .paCred = tls->client ? certs : NULL,
            .grbitEnabledProtocols = SP_PROT_TLS1_2_CLIENT,
            .dwFlags = CRED_FLAGS,
        };
        ss = AcquireCredentialsHandleW(NULL, (LPWSTR)UNISP_NAME_W, SECPKG_CRED_OUTBOUND, NULL,
                                       &sc, NULL, NULL, &tls->cred, &expiry);
    }
    if (ss != SEC_E_OK) {
        char reason[256];
        return fail(e, tls->client ? "could not set up TLS with the client certificate"
                                   : "could not set up TLS",
                    sspi_reason(ss, reason, sizeof reason));
    }
    tls->have_cred = true;
    return PGW_OK;
}

pgw_status pgw_tls_new(const pgw_connect_params *p, pgw_tls **out, pgw_error *e)
{
    *out = NULL;
    pgw_tls_policy policy;
    pgw_status st = pgw_tls_policy_new(p, &policy, e);
    if (st != PGW_OK)
        return st;
    pgw_tls *tls = calloc(1, sizeof *tls);
    if (!tls) {
        pgw_set_error(e, "HY001", "out of memory");
        return PGW_ERR_NOMEM;
    }
    tls->policy = policy;
    tls->refs = 1;
    if ((tls->policy.verify && (st = load_trust(tls, p, e)) != PGW_OK) ||
        (st = load_client_cert(tls, p, e)) != PGW_OK ||
        (st = acquire_credentials(tls, e)) != PGW_OK) {
        pgw_tls_free(tls);
        return st;
    }
    *out = tls;
    return PGW_OK;
}

pgw_tls *pgw_tls_ref(pgw_tls *tls)
{
    if (tls)
        InterlockedIncrement(&tls->refs);
    return tls;
}

void pgw_tls_free(pgw_tls *tls)
{
    if (!tls || InterlockedDecrement(&tls->refs) > 0)
        return;
    if (tls->have_cred)
        FreeCredentialsHandle(&tls->cred);
    if (tls->client)
        CertFreeCertificateContext(tls->client);
    if (tls->client_store)
        CertCloseStore(tls->client_store, 0);
    if (tls->container[0]) {
        HCRYPTPROV gone;
        CryptAcquireContextW(&gone, tls->container, MS_ENHANCED_PROV_W, PROV_RSA_FULL,
                             CRYPT_DELETEKEYSET);
    }
    if (tls->engine)
        CertFreeCertificateChainEngine(tls->engine);
    if (tls->roots)
        CertCloseStore(tls->roots, 0);
    if (tls->crls)
        CertCloseStore(tls->crls, 0);
    free(tls);
}

/* ------------------------------------------------------------------ socket calls */

/* recv() into the session's receive buffer: >0 bytes, 0 at the end of the
 * stream, -1 with the Winsock error in *err (WSAEWOULDBLOCK: wait). */
static int recv_more(pgw_transport *t, schan_session *s, int *err)
{
    size_t room = s->in_cap - s->in_len;
    int r = recv((SOCKET)t->fd, s->in + s->in_len, (int)(room > INT_MAX ? INT_MAX : room), 0);
    if (r == SOCKET_ERROR) {
        *err = WSAGetLastError();
        return -1;
    }
    s->in_len += (size_t)r;
    return r;
}

/* Sends a handshake token whole, waiting as the handshake's timeouts say. */
static pgw_status send_token(pgw_transport *t, const char *p, size_t n, pgw_error *e)
{
    char reason[256];
    while (n > 0) {
        int r = send((SOCKET)t->fd, p, (int)(n > INT_MAX ? INT_MAX : n), 0);
        if (r > 0) {
            p += r;
            n -= (size_t)r;
            continue;
        }
        int err = WSAGetLastError();
        if (err != WSAEWOULDBLOCK && err != WSAEINTR)
            return fail(e, "SSL handshake failed", win_reason((DWORD)err, reason, sizeof reason));
        pgw_status st = pgw_tr_wait_fd(t, POLLOUT);
        if (st == PGW_ERR_TIMEOUT) {
            pgw_set_error(e, "HYT00", "timed out during the SSL handshake");
            return st;
        }
        if (st != PGW_OK)
            return fail(e, "SSL handshake failed", "the connection broke");
    }
    return PGW_OK;
}

/* ------------------------------------------------------------------ handshake */

#define ISC_FLAGS                                                                        \
    (ISC_REQ_SEQUENCE_DETECT | ISC_REQ_REPLAY_DETECT | ISC_REQ_CONFIDENTIALITY |         \
     ISC_REQ_ALLOCATE_MEMORY | ISC_REQ_STREAM | ISC_REQ_EXTENDED_ERROR |                 \
     ISC_REQ_MANUAL_CRED_VALIDATION | ISC_REQ_USE_SUPPLIED_CREDS)

/*
 * Runs InitializeSecurityContext to its end on t's socket: the first
 * handshake (no context yet), or one the server started later
 * (renegotiation; with TLS 1.3, its post-handshake messages), whose first
 * bytes are already in s->in. Bytes after the handshake stay in s->in.
 */
static pgw_status run_handshake(pgw_transport *t, schan_session *s, pgw_error *e)
{
    char reason[256];
    wchar_t *target = s->target[0] ? s->target : NULL;
    bool need_input = s->have_ctx && s->in_len == 0;
    for (;;) {
        if (need_input) {
            if (s->in_len == s->in_cap) {
                s->quiet = true;
                return fail(e, "SSL handshake failed", "a handshake message is larger than "
                                                       "the receive buffer");
            }
            int err = 0, r = recv_more(t, s, &err);
            if (r == 0) {
                s->quiet = true;
                return fail(e, "SSL handshake failed", "the server closed the connection");
            }
            if (r < 0) {
                if (err != WSAEWOULDBLOCK && err != WSAEINTR) {
                    s->quiet = true;
                    return fail(e, "SSL handshake failed",
                                win_reason((DWORD)err, reason, sizeof reason));
                }
                pgw_status st = pgw_tr_wait_fd(t, POLLIN);
                if (st == PGW_ERR_TIMEOUT) {
                    pgw_set_error(e, "HYT00", "timed out during the SSL handshake");
                    return st;
                }
                if (st != PGW_OK)
                    return fail(e, "SSL handshake failed", "the connection broke");
                continue;
            }
        }
        SecBuffer inb[2] = {{(unsigned long)s->in_len, SECBUFFER_TOKEN, s->in},
                            {0, SECBUFFER_EMPTY, NULL}};
        SecBuffer outb[2] = {{0, SECBUFFER_TOKEN, NULL}, {0, SECBUFFER_ALERT, NULL}};
        SecBufferDesc ind = {SECBUFFER_VERSION, 2, inb}, outd = {SECBUFFER_VERSION, 2, outb};
        ULONG attrs = 0;
        SECURITY_STATUS ss;
        if (!s->have_ctx) {
            ss = InitializeSecurityContextW(&s->tls->cred, NULL, target, ISC_FLAGS, 0, 0, NULL,
                                            0, &s->ctx, &outd, &attrs, NULL);
            if (ss == SEC_I_CONTINUE_NEEDED || ss == SEC_E_OK)
                s->have_ctx = true;
        } else {
            ss = InitializeSecurityContextW(&s->tls->cred, &s->ctx, target, ISC_FLAGS, 0, 0,
                                            &ind, 0, NULL, &outd, &attrs, NULL);
        }
        /* what SChannel wants sent goes out first, alerts included */
        pgw_status st = PGW_OK;
        for (int i = 0; i < 2; i++) {
            if (outb[i].pvBuffer && outb[i].cbBuffer > 0 && st == PGW_OK)
                st = send_token(t, outb[i].pvBuffer, outb[i].cbBuffer, e);
            if (outb[i].pvBuffer)
                FreeContextBuffer(outb[i].pvBuffer);
        }
        if (ss == SEC_E_INCOMPLETE_MESSAGE) {
            need_input = true;      /* keep what came, read the rest */
            continue;
        }
        if (st != PGW_OK)
            return st;
        if (ss != SEC_E_OK && ss != SEC_I_CONTINUE_NEEDED && ss != SEC_I_INCOMPLETE_CREDENTIALS) {
            s->quiet = true;
            return fail(e, "SSL handshake failed", sspi_reason(ss, reason, sizeof reason));
        }
        /* unread bytes: the next handshake message, or records after it */
        if (s->have_ctx && inb[1].BufferType == SECBUFFER_EXTRA && inb[1].cbBuffer > 0 &&
            inb[1].cbBuffer <= s->in_len) {
            memmove(s->in, s->in + s->in_len - inb[1].cbBuffer, inb[1].cbBuffer);
            s->in_len = inb[1].cbBuffer;
        } else if (ss != SEC_I_INCOMPLETE_CREDENTIALS) {
            s->in_len = 0;
        }
        if (ss == SEC_E_OK)
            return PGW_OK;
        /* SEC_I_INCOMPLETE_CREDENTIALS: the server asked for a certificate
         * and we have none to give: go on without, as OpenSSL does */
        need_input = ss == SEC_I_CONTINUE_NEEDED && s->in_len == 0;
    }
}

/* ------------------------------------------------------------------ certificate checks */

/* Why the chain is not valid (dwErrorStatus bits that matter), in
 * OpenSSL's words where there is one. */
static const struct {
    DWORD bit;
    const char *text;
} chain_errors[] = {
    {CERT_TRUST_IS_REVOKED, "certificate revoked"},
    {CERT_TRUST_IS_NOT_SIGNATURE_VALID, "certificate signature failure"},
    {CERT_TRUST_IS_NOT_TIME_VALID, "certificate has expired or is not yet valid"},
    {CERT_TRUST_IS_NOT_VALID_FOR_USAGE, "unsupported certificate purpose"},
    {CERT_TRUST_IS_CYCLIC, "the certificate chain is cyclic"},
    {CERT_TRUST_INVALID_BASIC_CONSTRAINTS, "invalid CA certificate"},
    {CERT_TRUST_INVALID_NAME_CONSTRAINTS, "name constraints violation"},
    {CERT_TRUST_HAS_NOT_SUPPORTED_NAME_CONSTRAINT, "unsupported name constraint"},
    {CERT_TRUST_INVALID_EXTENSION, "invalid certificate extension"},
    {CERT_TRUST_INVALID_POLICY_CONSTRAINTS, "invalid policy constraints"},
};

/* The revocation check against SSLCrl, OpenSSL's CRL_CHECK_ALL: every
 * certificate of the chain but the root needs its issuer's CRL, and must
 * not be in it. NULL when it passes, else why not. */
static const char *crl_check(const pgw_tls *tls, const CERT_SIMPLE_CHAIN *chain)
{
    for (DWORD i = 0; i + 1 < chain->cElement; i++) {
        PCCERT_CONTEXT cert = chain->rgpElement[i]->pCertContext;
        PCCERT_CONTEXT issuer = chain->rgpElement[i + 1]->pCertContext;
        DWORD flags = CERT_STORE_SIGNATURE_FLAG;
        PCCRL_CONTEXT crl = CertGetCRLFromStore(tls->crls, issuer, NULL, &flags);
        if (!crl)
            return "unable to get certificate CRL";
        const char *why = NULL;
        PCRL_ENTRY entry = NULL;
        if (flags & CERT_STORE_SIGNATURE_FLAG)
            why = "CRL signature failure";
        else if (CompareFileTime(&crl->pCrlInfo->NextUpdate, &(FILETIME){0}) != 0 &&
                 CertVerifyCRLTimeValidity(NULL, crl->pCrlInfo) > 0)
            why = "CRL has expired";
        else if (!CertFindCertificateInCRL(cert, crl, 0, NULL, &entry))
            why = "the CRL could not be searched";
        else if (entry)
            why = "certificate revoked";
        CertFreeCRLContext(crl);
        if (why)
            return why;
    }
    return NULL;
}

/* The server's chain: built by CryptoAPI from the certificates the server
 * sent and, with SSLRootCert=FILE, the file's CAs, whose root must be one
 * of the file's (a root the system trusts is not enough there). An engine
 * whose only roots are the file's (tls->engine) builds the chain towards
 * them even where a path to a system root exists too. */
static pgw_status check_chain(const pgw_tls *tls, PCCERT_CONTEXT cert, pgw_error *e)
{
    HCERTSTORE extra = NULL;
    if (tls->roots) {
        extra = CertOpenStore(CERT_STORE_PROV_COLLECTION, 0, 0, 0, NULL);
        if (extra) {
            CertAddStoreToCollection(extra, tls->roots, 0, 0);
            if (cert->hCertStore)
                CertAddStoreToCollection(extra, cert->hCertStore, 0, 0);
        }
    }
    LPSTR usage[] = {(LPSTR)szOID_PKIX_KP_SERVER_AUTH};
    CERT_CHAIN_PARA para = {.cbSize = sizeof para};
    para.RequestedUsage.dwType = USAGE_MATCH_TYPE_AND;
    para.RequestedUsage.Usage.cUsageIdentifier = 1;
    para.RequestedUsage.Usage.rgpszUsageIdentifier = usage;
    PCCERT_CHAIN_CONTEXT chain = NULL;
    char reason[256];
    if (!CertGetCertificateChain(tls->engine, cert, NULL, extra ? extra : cert->hCertStore,
                                 &para, 0, NULL, &chain)) {
        if (extra)
            CertCloseStore(extra, 0);
        return fail(e, "certificate verify failed",
                    win_reason(GetLastError(), reason, sizeof reason));
    }
    const CERT_SIMPLE_CHAIN *simple = chain->cChain > 0 ? chain->rgpChain[0] : NULL;
    DWORD status = chain->TrustStatus.dwErrorStatus;
    /* revocation is SSLCrl's business (crl_check), not the system's */
    status &= ~(DWORD)(CERT_TRUST_REVOCATION_STATUS_UNKNOWN | CERT_TRUST_IS_OFFLINE_REVOCATION);
    bool untrusted = (status & (CERT_TRUST_IS_UNTRUSTED_ROOT | CERT_TRUST_IS_PARTIAL_CHAIN)) != 0;
    if (tls->roots && simple && simple->cElement > 0 && !(status & CERT_TRUST_IS_PARTIAL_CHAIN)) {
        /* trusted exactly when the chain ends at one of the file's CAs */
        PCCERT_CONTEXT top = simple->rgpElement[simple->cElement - 1]->pCertContext;
        PCCERT_CONTEXT mine = CertFindCertificateInStore(tls->roots, X509_ASN_ENCODING, 0,
                                                         CERT_FIND_EXISTING, top, NULL);
        untrusted = mine == NULL;
        CertFreeCertificateContext(mine);
    }
    status &= ~(DWORD)(CERT_TRUST_IS_UNTRUSTED_ROOT | CERT_TRUST_IS_PARTIAL_CHAIN);
    const char *why = NULL;
    for (size_t i = 0; !why && i < sizeof chain_errors / sizeof chain_errors[0]; i++)
        if (status & chain_errors[i].bit)
            why = chain_errors[i].text;
    if (!why && status != 0) {
        snprintf(reason, sizeof reason, "the certificate chain is not valid (trust status "
                                        "0x%lx)", (unsigned long)status);
        why = reason;
    }
    pgw_status st = PGW_OK;
    if (why) {
        st = fail(e, "certificate verify failed", why);
    } else if (untrusted) {
        bool self_signed = simple && simple->cElement == 1;
        pgw_set_error(e, "08001", "certificate verify failed: %s (the server's certificate "
                                  "is not signed by a CA in %s)",
                      self_signed ? "self-signed certificate"
                                  : "unable to get local issuer certificate",
                      tls->policy.trusted);
        st = PGW_ERR_CONNECT;
    } else if (tls->crls && simple && (why = crl_check(tls, simple)) != NULL) {
        st = fail(e, "certificate verify failed", why);
    }
    CertFreeCertificateChain(chain);
    if (extra)
        CertCloseStore(extra, 0);
    return st;
}

/* The checks tls asks for, on the certificate the server presented. */
static pgw_status check_server(const schan_session *s, const char *host, pgw_error *e)
{
    const pgw_tls *tls = s->tls;
    if (!tls->policy.verify)
        return PGW_OK;
    PCCERT_CONTEXT cert = NULL;
    char reason[256];
    SECURITY_STATUS ss = QueryContextAttributesW((PCtxtHandle)&s->ctx,
                                                 SECPKG_ATTR_REMOTE_CERT_CONTEXT, &cert);
    if (ss != SEC_E_OK || !cert)
        return fail(e, "certificate verify failed: the server sent no certificate",
                    sspi_reason(ss, reason, sizeof reason));
    pgw_status st = check_chain(tls, cert, e);
    char names[256];
    if (st == PGW_OK && tls->policy.verify_host &&
        !wincert_name_matches(cert, host, names, sizeof names)) {
        pgw_set_error(e, "08001", "certificate verify failed: the server certificate is for "
                                  "%s, which does not match host name \"%s\"", names, host);
        st = PGW_ERR_CONNECT;
    }
    CertFreeCertificateContext(cert);
    return st;
}

/* The protocol version and cipher suite, for pgw_tls_info; false when the
 * version is below TLS 1.2, which tls.c does not accept either. */
static bool describe_session(schan_session *s)
{
    static const struct {
        DWORD bits;
        const char *name;
        bool ok;
    } versions[] = {
        {SP_PROT_TLS1_3_CLIENT, "TLSv1.3", true}, {SP_PROT_TLS1_2_CLIENT, "TLSv1.2", true},
        {SP_PROT_TLS1_1_CLIENT, "TLSv1.1", false}, {SP_PROT_TLS1_0_CLIENT, "TLSv1", false},
        {SP_PROT_SSL3_CLIENT, "SSLv3", false},
    };
    SecPkgContext_ConnectionInfo ci;
    memset(&ci, 0, sizeof ci);
    bool ok = false;
    snprintf(s->version, sizeof s->version, "unknown");
    if (QueryContextAttributesW(&s->ctx, SECPKG_ATTR_CONNECTION_INFO, &ci) == SEC_E_OK)
        for (size_t i = 0; i < sizeof versions / sizeof versions[0]; i++)
            if (ci.dwProtocol & versions[i].bits) {
                snprintf(s->version, sizeof s->version, "%s", versions[i].name);
                ok = versions[i].ok;
                break;
            }
    SecPkgContext_CipherInfo cinfo;
    memset(&cinfo, 0, sizeof cinfo);
    cinfo.dwVersion = SECPKGCONTEXT_CIPHERINFO_V1;
    if (QueryContextAttributesW(&s->ctx, SECPKG_ATTR_CIPHER_INFO, &cinfo) == SEC_E_OK &&
        cinfo.szCipherSuite[0])
        WideCharToMultiByte(CP_UTF8, 0, cinfo.szCipherSuite, -1, s->cipher, sizeof s->cipher,
                            NULL, NULL);
    else
        snprintf(s->cipher, sizeof s->cipher, "ALG_ID 0x%04lx, %lu bits",
                 (unsigned long)ci.aiCipher, (unsigned long)ci.dwCipherStrength);
    return ok;
}

/* ------------------------------------------------------------------ I/O ops */

/* Sets the seam's EPROTO with why in t->io_error. */
static ssize_t io_fail(pgw_transport *t, schan_session *s, const char *why)
{
    snprintf(t->io_error, sizeof t->io_error, "TLS error: %s", why);
    s->quiet = true;
    errno = EPROTO;
    return -1;
}

static ssize_t socket_fail(pgw_transport *t, schan_session *s, int err, short want)
{
    if (err == WSAEWOULDBLOCK) {
        t->want = want;
        errno = EAGAIN;
        return -1;
    }
    if (err == WSAEINTR) {
        errno = EINTR;
        return -1;
    }
    s->quiet = true;
    char reason[100];
    snprintf(t->io_error, sizeof t->io_error, "%s", win_reason((DWORD)err, reason, sizeof reason));
    errno = EPROTO;
    return -1;
}

/* Decrypts the first record in s->in: its plaintext to p (up to n bytes,
 * the rest into s->plain). Returns the bytes put into p, or -1 with *ss
 * SEC_E_INCOMPLETE_MESSAGE (read more), SEC_I_CONTEXT_EXPIRED
 * (close_notify), SEC_I_RENEGOTIATE (the server's handshake message is
 * first in s->in now) or an error. */
static ssize_t decrypt_one(schan_session *s, char *p, size_t n, SECURITY_STATUS *ss)
{
    SecBuffer b[4] = {{(unsigned long)s->in_len, SECBUFFER_DATA, s->in},
                      {0, SECBUFFER_EMPTY, NULL},
                      {0, SECBUFFER_EMPTY, NULL},
                      {0, SECBUFFER_EMPTY, NULL}};
    SecBufferDesc d = {SECBUFFER_VERSION, 4, b};
    *ss = DecryptMessage(&s->ctx, &d, 0, NULL);
    if (*ss != SEC_E_OK && *ss != SEC_I_RENEGOTIATE)
        return -1;
    const SecBuffer *data = NULL, *extra = NULL;
    for (int i = 0; i < 4; i++) {
        if (b[i].BufferType == SECBUFFER_DATA && !data)
            data = &b[i];
        else if (b[i].BufferType == SECBUFFER_EXTRA && !extra)
            extra = &b[i];
    }
    size_t got = 0;
    if (*ss == SEC_E_OK && data && data->cbBuffer > 0) {
        got = data->cbBuffer < n ? data->cbBuffer : n;
        memcpy(p, data->pvBuffer, got);
        s->plain_off = 0;
        s->plain_len = data->cbBuffer - got;
        memcpy(s->plain, (char *)data->pvBuffer + got, s->plain_len);
    }
    size_t left = extra && extra->cbBuffer <= s->in_len ? extra->cbBuffer : 0;
    memmove(s->in, s->in + s->in_len - left, left);
    s->in_len = left;
    return *ss == SEC_E_OK ? (ssize_t)got : -1;
}

/* Fills as much of p as the records already received allow; a recv()
 * only when none is complete. */
static ssize_t tls_read(pgw_transport *t, void *p, size_t n)
{
    schan_session *s = t->tls;
    size_t got = 0;
    while (got < n) {
        if (s->plain_len > 0) {
            size_t k = s->plain_len < n - got ? s->plain_len : n - got;
            memcpy((char *)p + got, s->plain + s->plain_off, k);
            s->plain_off += k;
            s->plain_len -= k;
            got += k;
            continue;
        }
        if (s->failed[0])   /* with bytes in hand, the failure shows on the next call */
            return got > 0 ? (ssize_t)got : io_fail(t, s, s->failed);
        if (s->eof)
            break;
        SECURITY_STATUS ss = SEC_E_INCOMPLETE_MESSAGE;
        if (s->in_len > 0) {
            ssize_t k = decrypt_one(s, (char *)p + got, n - got, &ss);
            if (k >= 0) {
                got += (size_t)k;
                continue;
            }
        }
        if (ss == SEC_I_CONTEXT_EXPIRED) {
            s->eof = true;        /* close_notify */
            continue;
        }
        if (ss == SEC_I_RENEGOTIATE) {
            pgw_error e = {0};
            if (run_handshake(t, s, &e) != PGW_OK)
                snprintf(s->failed, sizeof s->failed, "%s",
                         e.message ? e.message : "renegotiation failed");
            pgw_error_clear(&e);
            continue;
        }
        if (ss != SEC_E_INCOMPLETE_MESSAGE) {
            char reason[100];
            snprintf(s->failed, sizeof s->failed, "%s", sspi_reason(ss, reason, sizeof reason));
            continue;
        }
        if (got > 0)
            break;
        int err = 0, r = recv_more(t, s, &err);
        if (r == 0) {
            /* the wire protocol frames every message itself: a peer that
             * closes without close_notify is just the end of the stream */
            s->quiet = true;
            s->eof = true;
        } else if (r < 0) {
            return socket_fail(t, s, err, POLLIN);
        }
    }
    return (ssize_t)got;
}

/* Encrypts up to RECORDS_PER_WRITE records of p into s->out. */
static bool encrypt(schan_session *s, const char *p, size_t n)
{
    size_t max = s->sizes.cbMaximumMessage, pos = 0, taken = 0;
    for (int i = 0; i < RECORDS_PER_WRITE && taken < n; i++) {
        size_t k = n - taken < max ? n - taken : max;
        char *rec = s->out + pos;
        memcpy(rec + s->sizes.cbHeader, p + taken, k);
        SecBuffer b[4] = {{s->sizes.cbHeader, SECBUFFER_STREAM_HEADER, rec},
                          {(unsigned long)k, SECBUFFER_DATA, rec + s->sizes.cbHeader},
                          {s->sizes.cbTrailer, SECBUFFER_STREAM_TRAILER,
                           rec + s->sizes.cbHeader + k},
                          {0, SECBUFFER_EMPTY, NULL}};
        SecBufferDesc d = {SECBUFFER_VERSION, 4, b};
        if (EncryptMessage(&s->ctx, 0, &d, 0) != SEC_E_OK)
            return false;
        pos += b[0].cbBuffer + b[1].cbBuffer + b[2].cbBuffer;
        taken += k;
    }
    s->out_off = 0;
    s->out_len = pos;
    s->out_plain = taken;
    return true;
}

/* OpenSSL's write contract, which the transport relies on: after EAGAIN
 * the caller retries with the same bytes; what was encrypted then is sent
 * first, and the count of its plaintext returned. */
static ssize_t tls_write(pgw_transport *t, const void *p, size_t n)
{
    schan_session *s = t->tls;
    if (s->failed[0])
        return io_fail(t, s, s->failed);
    if (s->out_len == 0 && !encrypt(s, p, n))
        return io_fail(t, s, "could not encrypt a record");
    while (s->out_off < s->out_len) {
        size_t left = s->out_len - s->out_off;
        int r = send((SOCKET)t->fd, s->out + s->out_off, (int)(left > INT_MAX ? INT_MAX : left), 0);
        if (r == SOCKET_ERROR)
            return socket_fail(t, s, WSAGetLastError(), POLLOUT);
        s->out_off += (size_t)r;
    }
    s->out_len = s->out_off = 0;
    return (ssize_t)s->out_plain;
}

static bool tls_pending(pgw_transport *t)
{
    const schan_session *s = t->tls;
    return s->plain_len > 0 || s->in_len > 0;
}

/* Sends close_notify when the session is healthy (never waits for the
 * server's, and never blocks), frees the session, closes the socket. */
static void tls_close(pgw_transport *t)
{
    schan_session *s = t->tls;
    if (s->have_ctx && s->established && !s->quiet) {
        DWORD type = SCHANNEL_SHUTDOWN;
        SecBuffer b = {sizeof type, SECBUFFER_TOKEN, &type};
        SecBufferDesc d = {SECBUFFER_VERSION, 1, &b};
        if (ApplyControlToken(&s->ctx, &d) == SEC_E_OK) {
            SecBuffer ob = {0, SECBUFFER_TOKEN, NULL};
            SecBufferDesc od = {SECBUFFER_VERSION, 1, &ob};
            ULONG attrs;
            SECURITY_STATUS ss = InitializeSecurityContextW(&s->tls->cred, &s->ctx, NULL,
                                                            ISC_FLAGS, 0, 0, NULL, 0, NULL,
                                                            &od, &attrs, NULL);
            if ((ss == SEC_E_OK || ss == SEC_I_CONTEXT_EXPIRED) && ob.pvBuffer && ob.cbBuffer)
                send((SOCKET)t->fd, ob.pvBuffer, (int)ob.cbBuffer, 0);
            if (ob.pvBuffer)
                FreeContextBuffer(ob.pvBuffer);
        }
    }
    if (s->have_ctx)
        DeleteSecurityContext(&s->ctx);
    closesocket((SOCKET)t->fd);
    pgw_tls_free(s->tls);
    free(s->in);
    free(s->plain);
    free(s->out);
    free(s);
}

static const pgw_io_ops tls_ops = {tls_read, tls_write, tls_pending, tls_close};

/* ------------------------------------------------------------------ start */

/* A session for t, with the handshake's receive buffer. */
static schan_session *new_session(const pgw_tls *tls)
{
    schan_session *s = calloc(1, sizeof *s);
    if (!s)
        return NULL;
    s->in_cap = TLS_READ_BUFFER + 32 * 1024;   /* one record beyond read-ahead */
    if (!(s->in = malloc(s->in_cap))) {
        free(s);
        return NULL;
    }
    /* settings are not changed after pgw_tls_new: only the count moves */
    s->tls = pgw_tls_ref((pgw_tls *)tls);
    return s;
}

/* The buffers for records, sized by the session's stream sizes. */
static bool size_buffers(schan_session *s)
{
    if (QueryContextAttributesW(&s->ctx, SECPKG_ATTR_STREAM_SIZES, &s->sizes) != SEC_E_OK)
        return false;
    size_t record = (size_t)s->sizes.cbHeader + s->sizes.cbMaximumMessage + s->sizes.cbTrailer;
    if (record > s->in_cap - TLS_READ_BUFFER) {
        char *bigger = realloc(s->in, TLS_READ_BUFFER + record);
        if (!bigger)
            return false;
        s->in = bigger;
        s->in_cap = TLS_READ_BUFFER + record;
    }
    s->plain = malloc(s->sizes.cbMaximumMessage + 1);
    s->out = malloc(record * RECORDS_PER_WRITE);
    return s->plain && s->out;
}

pgw_status pgw_tls_start(pgw_transport *t, const pgw_tls *tls, const char *host, bool *refused,
                         pgw_error *e)
{
    pgw_status st = pgw_tls_request(t, refused, e);
    if (st != PGW_OK || *refused)
        return st;
    schan_session *s = new_session(tls);
    if (!s) {
        pgw_set_error(e, "HY001", "out of memory");
        return PGW_ERR_NOMEM;
    }
    t->tls = s;                 /* from here on closing t frees the session */
    t->ops = &tls_ops;
    /* SNI, for servers behind a name-routing proxy; never an address */
    if (!wincert_is_ip_address(host) &&
        MultiByteToWideChar(CP_UTF8, 0, host, -1, s->target, 256) <= 0)
        s->target[0] = L'\0';
    if ((st = run_handshake(t, s, e)) != PGW_OK)
        return st;
    s->established = true;
    if (!size_buffers(s)) {
        pgw_set_error(e, "HY001", "out of memory");
        return PGW_ERR_NOMEM;
    }
    if (!describe_session(s)) {
        pgw_set_error(e, "08001", "SSL handshake failed: the server chose %s; TLS 1.2 or "
                                  "later is needed", s->version);
        return PGW_ERR_CONNECT;
    }
    return check_server(s, host, e);
}

bool pgw_tls_info(const pgw_conn *c, const char **version, const char **cipher)
{
    const schan_session *s = c->t.tls;
    if (s == NULL || c->t.fd < 0)
        return false;
    *version = s->version;
    *cipher = s->cipher;
    return true;
}
