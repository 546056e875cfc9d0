/*
 * tls.c: TLS under a pgw_transport, with OpenSSL 3: the SSLMode names, the
 * per-connection settings (pgw_tls: one SSL_CTX with the certificates
 * loaded), the handshake with its certificate and host name checks, and
 * the I/O functions that replace the plain socket calls behind the
 * transport's pgw_io_ops seam.
 *
 * Not here: the SSLRequest exchange before the handshake (tls_request.c,
 * shared with tls_schannel.c), which mode tries what and falls back to
 * what (conn.c, try_host), the cancel connection (cancel.c).
 *
 * OpenSSL 3 initialises itself; nothing global is set up or torn down here.
 * Every pgw_connect builds its own pgw_tls; the connection and each cancel
 * still running for it hold a reference, the last one frees it.
 *
 * Sockets stay non-blocking: OpenSSL's "want read/write" become EAGAIN with
 * t->want, so the transport's poll() waits keep the I/O timeouts and
 * SQLCancel's design. A BIO of our own does the socket calls, with
 * MSG_NOSIGNAL: a write to a connection the server dropped must not raise
 * SIGPIPE in the application (OpenSSL's socket BIO uses write()).
 *
 * Speed: read-ahead lets OpenSSL pull up to TLS_READ_BUFFER bytes per
 * recv() (without it: two recv() per 16 KiB record, header and body), and
 * tls_read() decrypts every record already received into the caller's
 * buffer in one call. Those received bytes are invisible to poll();
 * tls_pending() tells the transport not to wait while they are there.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <poll.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <unistd.h>

#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>

#include <stdatomic.h>

#include "pgw_int.h"

/* OpenSSL's receive buffer with read-ahead: several 16 KiB records. */
#define TLS_READ_BUFFER ((size_t)64 * 1024)

struct pgw_tls {
    atomic_int refs;
    SSL_CTX *ctx;
    BIO_METHOD *bio;          /* our socket BIO (see the file comment)   */
    pgw_tls_policy policy;    /* what the settings ask (tls_request.c)   */
};

/* During a handshake, SSL_get_app_data is a buffer of NAMES_LEN bytes that
 * verify_cb fills with the names of a certificate whose name did not match. */
#define NAMES_LEN 256

/* ------------------------------------------------------------------ errors */

/* The reason of the oldest error in OpenSSL's (thread-local) queue, which
 * is the most specific one, into buf; the queue is emptied. */
static const char *openssl_reason(char *buf, size_t len)
{
    unsigned long code = ERR_peek_error();
    const char *r = code ? ERR_reason_error_string(code) : NULL;
    if (code && ERR_SYSTEM_ERROR(code))
        snprintf(buf, len, "%s", strerror(ERR_GET_REASON(code)));
    else if (r)
        snprintf(buf, len, "%s", r);
    else if (code)
        ERR_error_string_n(code, buf, len);
    else
        snprintf(buf, len, "unknown error");
    ERR_clear_error();
    return buf;
}

/* Sets 08001 "<what>: <OpenSSL's reason>" and returns PGW_ERR_CONNECT. */
static pgw_status fail_openssl(pgw_error *e, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static pgw_status fail_openssl(pgw_error *e, const char *fmt, ...)
{
    char what[512], reason[256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(what, sizeof what, fmt, ap);
    va_end(ap);
    pgw_set_error(e, "08001", "%s: %s", what, openssl_reason(reason, sizeof reason));
    return PGW_ERR_CONNECT;
}

/* ------------------------------------------------------------------ socket BIO */

static int bio_fd(BIO *b)
{
    return (int)(intptr_t)BIO_get_data(b);
}

static int bio_write(BIO *b, const char *p, int n)
{
    BIO_clear_retry_flags(b);
    ssize_t r = send(bio_fd(b), p, (size_t)n, MSG_NOSIGNAL);
    if (r < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR))
        BIO_set_retry_write(b);
    return (int)r;
}

static int bio_read(BIO *b, char *p, int n)
{
    BIO_clear_retry_flags(b);
    ssize_t r = recv(bio_fd(b), p, (size_t)n, 0);
    if (r < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR))
        BIO_set_retry_read(b);
    return (int)r;
}

static long bio_ctrl(BIO *b, int cmd, long num, void *ptr)
{
    (void)b;
    (void)num;
    (void)ptr;
    return cmd == BIO_CTRL_FLUSH ? 1 : 0;   /* nothing is buffered in here */
}

static int bio_create(BIO *b)
{
    BIO_set_init(b, 1);
    return 1;
}

/* ------------------------------------------------------------------ settings */

static void cert_names(X509 *cert, char *buf, size_t len);

/* OpenSSL's verdict stands; a name mismatch only notes the names the
 * certificate has, for the message (see NAMES_LEN). */
static int verify_cb(int ok, X509_STORE_CTX *x)
{
    int err = X509_STORE_CTX_get_error(x);
    if (!ok && (err == X509_V_ERR_HOSTNAME_MISMATCH || err == X509_V_ERR_IP_ADDRESS_MISMATCH)) {
        SSL *ssl = X509_STORE_CTX_get_ex_data(x, SSL_get_ex_data_X509_STORE_CTX_idx());
        char *names = ssl ? SSL_get_app_data(ssl) : NULL;
        if (names)
            cert_names(X509_STORE_CTX_get_current_cert(x), names, NAMES_LEN);
    }
    return ok;
}

/* Encrypted keys are not supported: fail instead of prompting on a tty. */
static int no_passphrase(char *buf, int size, int rwflag, void *u)
{
    (void)buf;
    (void)size;
    (void)rwflag;
    (void)u;
    return 0;
}

/* Loads the CAs to trust and the CRL into tls->ctx. */
static pgw_status load_trust(SSL_CTX *ctx, const pgw_connect_params *p, pgw_error *e)
{
    if (!pgw_tls_given(p->ssl_root_cert) || strcmp(p->ssl_root_cert, "system") == 0) {
        if (SSL_CTX_set_default_verify_paths(ctx) != 1)
            return fail_openssl(e, "could not load the system's trusted certificates");
    } else if (SSL_CTX_load_verify_locations(ctx, p->ssl_root_cert, NULL) != 1) {
        return fail_openssl(e, "could not load SSLRootCert \"%s\"", p->ssl_root_cert);
    }
    if (pgw_tls_given(p->ssl_crl)) {
        X509_STORE *store = SSL_CTX_get_cert_store(ctx);
        X509_LOOKUP *lu = X509_STORE_add_lookup(store, X509_LOOKUP_file());
        if (!lu || X509_load_crl_file(lu, p->ssl_crl, X509_FILETYPE_PEM) < 1)
            return fail_openssl(e, "could not load SSLCrl \"%s\"", p->ssl_crl);
        X509_STORE_set_flags(store, X509_V_FLAG_CRL_CHECK | X509_V_FLAG_CRL_CHECK_ALL);
    }
    return PGW_OK;
}

/* Loads the client certificate (chain) and its key. */
static pgw_status load_client_cert(SSL_CTX *ctx, const pgw_connect_params *p, pgw_error *e)
{
    if (!pgw_tls_given(p->ssl_cert))
        return PGW_OK;      /* SSLKey alone: pgw_tls_policy_new refused it */
    const char *key = pgw_tls_given(p->ssl_key) ? p->ssl_key : p->ssl_cert;
    if (SSL_CTX_use_certificate_chain_file(ctx, p->ssl_cert) != 1)
        return fail_openssl(e, "could not load SSLCert \"%s\"", p->ssl_cert);
    if (SSL_CTX_use_PrivateKey_file(ctx, key, SSL_FILETYPE_PEM) == 1 &&
        SSL_CTX_check_private_key(ctx) == 1)
        return PGW_OK;
    if (ERR_GET_REASON(ERR_peek_last_error()) == X509_R_KEY_VALUES_MISMATCH) {
        ERR_clear_error();
        pgw_set_error(e, "08001", "SSLKey \"%s\" is not the key of SSLCert \"%s\"", key,
                      p->ssl_cert);
        return PGW_ERR_CONNECT;
    }
    return fail_openssl(e, "could not load SSLKey \"%s\" (an unencrypted PEM key is "
                           "needed)", key);
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
    atomic_init(&tls->refs, 1);

    SSL_CTX *ctx = tls->ctx = SSL_CTX_new(TLS_client_method());
    tls->bio = BIO_meth_new(BIO_TYPE_SOURCE_SINK | BIO_TYPE_DESCRIPTOR, "pgw socket");
    if (!ctx || !tls->bio || BIO_meth_set_write(tls->bio, bio_write) != 1 ||
        BIO_meth_set_read(tls->bio, bio_read) != 1 ||
        BIO_meth_set_ctrl(tls->bio, bio_ctrl) != 1 ||
        BIO_meth_set_create(tls->bio, bio_create) != 1) {
        st = fail_openssl(e, "could not set up TLS");
        goto fail;
    }
    SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION);
    /* the wire protocol frames every message itself, so a peer closing
     * without close_notify is just the end of the stream */
    SSL_CTX_set_options(ctx, SSL_OP_NO_COMPRESSION | SSL_OP_IGNORE_UNEXPECTED_EOF);
    SSL_CTX_set_mode(ctx, SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER);
    SSL_CTX_set_read_ahead(ctx, 1);
    SSL_CTX_set_default_read_buffer_len(ctx, TLS_READ_BUFFER);
    SSL_CTX_set_default_passwd_cb(ctx, no_passphrase);
    SSL_CTX_set_verify(ctx, tls->policy.verify ? SSL_VERIFY_PEER : SSL_VERIFY_NONE, verify_cb);
    if (tls->policy.verify && (st = load_trust(ctx, p, e)) != PGW_OK)
        goto fail;
    if ((st = load_client_cert(ctx, p, e)) != PGW_OK)
        goto fail;
    *out = tls;
    return PGW_OK;
fail:
    pgw_tls_free(tls);
    return st;
}

pgw_tls *pgw_tls_ref(pgw_tls *tls)
{
    if (tls)
        atomic_fetch_add(&tls->refs, 1);
    return tls;
}

void pgw_tls_free(pgw_tls *tls)
{
    if (!tls || atomic_fetch_sub(&tls->refs, 1) > 1)
        return;
    SSL_CTX_free(tls->ctx);
    BIO_meth_free(tls->bio);
    free(tls);
}

/* ------------------------------------------------------------------ I/O ops */

/* Turns a failed SSL_read/SSL_write (return value r) into the seam's
 * convention: EAGAIN with t->want, 0 at the end of the stream, -1 with
 * errno (EPROTO: t->io_error says why). */
static ssize_t tls_fail(pgw_transport *t, int r)
{
    SSL *ssl = t->tls;
    int saved = errno;
    switch (SSL_get_error(ssl, r)) {
    case SSL_ERROR_WANT_READ:
        t->want = POLLIN;
        errno = EAGAIN;
        return -1;
    case SSL_ERROR_WANT_WRITE:
        t->want = POLLOUT;
        errno = EAGAIN;
        return -1;
    case SSL_ERROR_ZERO_RETURN:
        return 0;                       /* close_notify */
    case SSL_ERROR_SYSCALL:
        if (ERR_peek_error() == 0) {
            SSL_set_quiet_shutdown(ssl, 1);   /* the link is gone: no alert */
            errno = saved;
            return saved == 0 ? 0 : -1;
        }
        __attribute__((fallthrough));    /* OpenSSL knows more */
    default: {
        char reason[96];
        SSL_set_quiet_shutdown(ssl, 1);
        snprintf(t->io_error, sizeof t->io_error, "TLS error: %s",
                 openssl_reason(reason, sizeof reason));
        errno = EPROTO;
        return -1;
    }
    }
}

/* Fills as much of p as the records already received allow: one SSL_read
 * per record, a system call only when none is buffered. */
static ssize_t tls_read(pgw_transport *t, void *p, size_t n)
{
    SSL *ssl = t->tls;
    size_t got = 0;
    while (got < n) {
        size_t k = 0;
        ERR_clear_error();
        if (SSL_read_ex(ssl, (char *)p + got, n - got, &k) != 1)
            /* with bytes in hand, a pending failure shows on the next call */
            return got > 0 ? (ssize_t)got : tls_fail(t, 0);
        got += k;
        if (!SSL_has_pending(ssl))
            break;
    }
    return (ssize_t)got;
}

static ssize_t tls_write(pgw_transport *t, const void *p, size_t n)
{
    size_t k = 0;
    ERR_clear_error();
    if (SSL_write_ex(t->tls, p, n, &k) != 1)
        return tls_fail(t, 0);
    return (ssize_t)k;
}

static bool tls_pending(pgw_transport *t)
{
    return SSL_has_pending(t->tls) == 1;
}

/* Sends close_notify when the session is healthy (never waits for the
 * server's), frees the session, closes the socket. */
static void tls_close(pgw_transport *t)
{
    SSL *ssl = t->tls;
    if (SSL_is_init_finished(ssl) && !SSL_get_quiet_shutdown(ssl))
        SSL_shutdown(ssl);
    ERR_clear_error();
    SSL_free(ssl);
    close(t->fd);
}

static const pgw_io_ops tls_ops = {tls_read, tls_write, tls_pending, tls_close};

/* ------------------------------------------------------------------ handshake */

/* The names a certificate is for: its subjectAltName DNS names and IP
 * addresses, else its common name; quoted, comma-separated, into buf. */
static void cert_names(X509 *cert, char *buf, size_t len)
{
    size_t used = 0;
    buf[0] = '\0';
    GENERAL_NAMES *names = cert ? X509_get_ext_d2i(cert, NID_subject_alt_name, NULL, NULL)
                                : NULL;
    for (int i = 0; names && i < sk_GENERAL_NAME_num(names); i++) {
        const GENERAL_NAME *g = sk_GENERAL_NAME_value(names, i);
        char one[INET6_ADDRSTRLEN + 2] = "";
        const char *name = one;
        int nlen = -1;
        if (g->type == GEN_DNS) {
            name = (const char *)ASN1_STRING_get0_data(g->d.dNSName);
            nlen = ASN1_STRING_length(g->d.dNSName);
        } else if (g->type == GEN_IPADD) {
            int af = ASN1_STRING_length(g->d.iPAddress) == 16 ? AF_INET6 : AF_INET;
            if (ASN1_STRING_length(g->d.iPAddress) != (af == AF_INET6 ? 16 : 4) ||
                !inet_ntop(af, ASN1_STRING_get0_data(g->d.iPAddress), one, sizeof one))
                continue;
            nlen = (int)strlen(one);
        } else {
            continue;
        }
        int w = snprintf(buf + used, len - used, "%s\"%.*s\"", used ? ", " : "", nlen, name);
        if (w < 0 || (size_t)w >= len - used)
            break;
        used += (size_t)w;
    }
    GENERAL_NAMES_free(names);
    if (used == 0 && cert) {
        char cn[200];
        if (X509_NAME_get_text_by_NID(X509_get_subject_name(cert), NID_commonName, cn,
                                      sizeof cn) > 0)
            snprintf(buf, len, "\"%.200s\"", cn);
    }
    if (buf[0] == '\0')
        snprintf(buf, len, "(no name)");
}

/* Why the handshake failed (SSL_get_error code err), as a 08001 error. */
static pgw_status handshake_error(const pgw_tls *tls, SSL *ssl, int err, const char *host,
                                  pgw_error *e)
{
    long vr = tls->policy.verify ? SSL_get_verify_result(ssl) : X509_V_OK;
    if (err == SSL_ERROR_SSL && vr != X509_V_OK) {
        ERR_clear_error();
        const char *names = SSL_get_app_data(ssl);
        if (vr == X509_V_ERR_HOSTNAME_MISMATCH || vr == X509_V_ERR_IP_ADDRESS_MISMATCH)
            pgw_set_error(e, "08001", "certificate verify failed: the server certificate "
                                      "is for %s, which does not match host name \"%s\"",
                          names && names[0] ? names : "other names", host);
        else if (vr == X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY ||
                 vr == X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT ||
                 vr == X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN ||
                 vr == X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT)
            pgw_set_error(e, "08001", "certificate verify failed: %s (the server's "
                                      "certificate is not signed by a CA in %s)",
                          X509_verify_cert_error_string(vr), tls->policy.trusted);
        else
            pgw_set_error(e, "08001", "certificate verify failed: %s",
                          X509_verify_cert_error_string(vr));
        return PGW_ERR_CONNECT;
    }
    if ((err == SSL_ERROR_SYSCALL || err == SSL_ERROR_ZERO_RETURN) && ERR_peek_error() == 0) {
        int saved = errno;
        pgw_set_error(e, "08001", "SSL handshake failed: %s",
                      saved && err == SSL_ERROR_SYSCALL ? strerror(saved)
                                                        : "the server closed the connection");
        return PGW_ERR_CONNECT;
    }
    return fail_openssl(e, "SSL handshake failed");
}

/* Runs SSL_connect to its end on t's non-blocking socket. */
static pgw_status handshake(pgw_transport *t, const pgw_tls *tls, const char *host,
                            pgw_error *e)
{
    SSL *ssl = t->tls;
    for (;;) {
        ERR_clear_error();
        int r = SSL_connect(ssl);
        if (r == 1)
            return PGW_OK;
        int err = SSL_get_error(ssl, r);
        short ev = err == SSL_ERROR_WANT_READ ? POLLIN : err == SSL_ERROR_WANT_WRITE ? POLLOUT : 0;
        if (ev == 0)
            return handshake_error(tls, ssl, err, host, e);
        pgw_status st = pgw_tr_wait_fd(t, ev);
        if (st == PGW_ERR_TIMEOUT) {
            pgw_set_error(e, "HYT00", "timed out during the SSL handshake");
            return st;
        }
        if (st != PGW_OK) {
            pgw_set_error(e, "08001", "SSL handshake failed: %s", strerror(errno));
            return PGW_ERR_CONNECT;
        }
    }
}

/* A session on t's socket, set up to check `host` as tls says. */
static SSL *new_session(pgw_transport *t, const pgw_tls *tls, const char *host)
{
    SSL *ssl = SSL_new(tls->ctx);
    BIO *bio = BIO_new(tls->bio);
    if (!ssl || !bio) {
        SSL_free(ssl);
        BIO_free(bio);
        return NULL;
    }
    BIO_set_data(bio, (void *)(intptr_t)t->fd);
    SSL_set_bio(ssl, bio, bio);               /* ssl owns bio now */
    unsigned char addr[16];
    bool is_ip = inet_pton(AF_INET, host, addr) == 1 || inet_pton(AF_INET6, host, addr) == 1;
    bool ok = true;
    if (!is_ip)    /* SNI, for servers behind a name-routing proxy */
        ok = SSL_set_tlsext_host_name(ssl, host) == 1;
    if (ok && tls->policy.verify_host) {
        X509_VERIFY_PARAM *vp = SSL_get0_param(ssl);
        X509_VERIFY_PARAM_set_hostflags(vp, X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS);
        ok = is_ip ? X509_VERIFY_PARAM_set1_ip_asc(vp, host) == 1
                   : X509_VERIFY_PARAM_set1_host(vp, host, 0) == 1;
    }
    if (!ok) {
        SSL_free(ssl);
        return NULL;
    }
    return ssl;
}

pgw_status pgw_tls_start(pgw_transport *t, const pgw_tls *tls, const char *host, bool *refused,
                         pgw_error *e)
{
    pgw_status st = pgw_tls_request(t, refused, e);
    if (st != PGW_OK || *refused)
        return st;
    SSL *ssl = new_session(t, tls, host);
    if (!ssl)
        return fail_openssl(e, "could not start a TLS session");
    t->tls = ssl;               /* from here on closing t frees the session */
    t->ops = &tls_ops;
    char names[NAMES_LEN] = "";
    SSL_set_app_data(ssl, names);
    st = handshake(t, tls, host, e);
    SSL_set_app_data(ssl, NULL);
    return st;
}

bool pgw_tls_info(const pgw_conn *c, const char **version, const char **cipher)
{
    SSL *ssl = c->t.tls;
    if (ssl == NULL || c->t.fd < 0)
        return false;
    *version = SSL_get_version(ssl);
    *cipher = SSL_get_cipher_name(ssl);
    return true;
}
