/*
 * tls_request.c: what every TLS backend (tls.c with OpenSSL, tls_schannel.c
 * with SChannel) does the same way: the SSLRequest exchange that opens TLS
 * on a pgw_transport (the request goes out, one byte comes back, S starts
 * the backend's handshake and N leaves the socket plain), and the policy
 * the settings ask for (pgw_tls_policy_new).
 *
 * The answer is read through t->ops, which are still the plain socket's:
 * the platform's transport file turns its socket errors into the seam's
 * errno values (pgw_int.h), so this file makes no socket call itself.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "pgw_int.h"

/* The reason of a failed read or wait, as the seam reports it. */
static const char *io_reason(const pgw_transport *t, int err)
{
    return err == EPROTO && t->io_error[0] ? t->io_error : strerror(err);
}

/* Reads the single byte that answers SSLRequest, and not one byte more:
 * anything after it belongs to the handshake (or, after N, to startup). */
static pgw_status read_answer(pgw_transport *t, unsigned char *answer, pgw_error *e)
{
    for (;;) {
        ssize_t n = t->ops->read(t, answer, 1);
        if (n == 1)
            return PGW_OK;
        if (n == 0) {
            pgw_set_error(e, "08001", "the server closed the connection in answer to the "
                                      "SSL request");
            return PGW_ERR_CONNECT;
        }
        if (errno == EINTR)
            continue;
        if (errno != EAGAIN && errno != EWOULDBLOCK) {
            pgw_set_error(e, "08001", "connection lost waiting for the answer to the SSL "
                                      "request: %s", io_reason(t, errno));
            return PGW_ERR_CONNECT;
        }
        pgw_status st = pgw_tr_wait_fd(t, POLLIN);
        if (st == PGW_ERR_TIMEOUT) {
            pgw_set_error(e, "HYT00", "timed out waiting for the answer to the SSL request");
            return st;
        }
        if (st != PGW_OK) {
            pgw_set_error(e, "08001", "connection lost waiting for the answer to the SSL "
                                      "request: %s", io_reason(t, errno));
            return PGW_ERR_CONNECT;
        }
    }
}

pgw_status pgw_tls_request(pgw_transport *t, bool *refused, pgw_error *e)
{
    *refused = false;
    pgw_enc_ssl_request(&t->out);
    pgw_status st = pgw_tr_flush(t, e);
    if (st != PGW_OK)
        return st;
    unsigned char answer;
    if ((st = read_answer(t, &answer, e)) != PGW_OK)
        return st;
    if (answer == 'N') {
        *refused = true;
        return PGW_OK;
    }
    if (answer != 'S') {
        pgw_set_error(e, "08001", "protocol error: the server answered the SSL request with "
                                  "byte 0x%02x, not S or N", answer);
        return PGW_ERR_CONNECT;
    }
    return PGW_OK;
}

bool pgw_tls_given(const char *s)
{
    return s != NULL && s[0] != '\0';
}

pgw_status pgw_tls_policy_new(const pgw_connect_params *p, pgw_tls_policy *out, pgw_error *e)
{
    pgw_ssl_mode mode = p->ssl_mode;
    if (mode == PGW_SSL_VERIFY_CA && !pgw_tls_given(p->ssl_root_cert)) {
        pgw_set_error(e, "08001", "SSLMode=verify-ca needs SSLRootCert: the file of the CA "
                                  "certificates to trust (or \"system\")");
        return PGW_ERR_CONNECT;
    }
    if (pgw_tls_given(p->ssl_key) && !pgw_tls_given(p->ssl_cert)) {
        pgw_set_error(e, "08001", "SSLKey is set but SSLCert is not: a client key needs "
                                  "its certificate");
        return PGW_ERR_CONNECT;
    }
    out->verify = mode == PGW_SSL_VERIFY_CA || mode == PGW_SSL_VERIFY_FULL ||
                  (mode == PGW_SSL_REQUIRE && pgw_tls_given(p->ssl_root_cert));
    out->verify_host = mode == PGW_SSL_VERIFY_FULL;
    if (pgw_tls_given(p->ssl_root_cert) && strcmp(p->ssl_root_cert, "system") != 0)
        snprintf(out->trusted, sizeof out->trusted, "SSLRootCert \"%s\"", p->ssl_root_cert);
    else
        snprintf(out->trusted, sizeof out->trusted, "the system's trusted CAs");
    return PGW_OK;
}
