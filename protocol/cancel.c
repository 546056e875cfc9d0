/*
 * cancel.c: pgw_cancel(), a CancelRequest over a new connection to the
 * address the pgw_conn is connected to. It reads only what pgw_connect()
 * stored once (address, host name, BackendKeyData, TLS settings, connect
 * timeout), so it may run from another thread while the connection is in
 * use.
 *
 * TLS: when the connection runs over TLS, so does the cancel connection
 * (SSLRequest, handshake checked like the connection's, then the
 * CancelRequest inside TLS): the key would otherwise cross the network in
 * plaintext, letting anyone who sees it cancel this session's queries.
 * PostgreSQL and CrateDB (PgDecoder: SSLRequest, then any startup packet)
 * both accept this order; libpq does the same since version 17. A server
 * that answers N here, after it did TLS for the connection, gets no key.
 */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "pgw_int.h"

#define CANCEL_WAIT_MS 5000

/* Waits until the server closes the cancel connection: the request has
 * been delivered by then. A server that answers instead will not close it
 * soon: CrateDB 6.4 sends an ErrorResponse when the key names no session of
 * the node ("failed to find action [internal:crate:pg/cancel] to execute":
 * the broadcast to the other nodes is not registered; so after DISCARD ALL,
 * which unregisters the session) and keeps the connection until its 30 s
 * limit for unauthenticated ones. A timeout or an error here is not a
 * failure. */
static void wait_for_close(pgw_transport *t)
{
    for (;;) {
        char tmp[64];
        ssize_t n = t->ops->read(t, tmp, sizeof tmp);
        if (n > 0)
            return;
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) && pgw_tr_wait(t, POLLIN) == PGW_OK)
            continue;
        return;
    }
}

pgw_status pgw_cancel(pgw_conn *c, char *errbuf, size_t errlen)
{
    if (errbuf && errlen)
        errbuf[0] = '\0';
    if (!c || !c->connected || !c->have_key || c->cancel_addrlen == 0 ||
        (c->cancel_tls && !c->tls)) {
        if (errbuf && errlen)
            snprintf(errbuf, errlen, "no connection to cancel (or no BackendKeyData)");
        return PGW_ERR_STATE;
    }
    int timeout = c->connect_timeout_ms > 0 ? c->connect_timeout_ms : CANCEL_WAIT_MS;
    int err = 0;
    int fd = pgw_tr_connect_addr((const struct sockaddr *)&c->cancel_addr, c->cancel_addrlen,
                                 timeout, &err);
    if (fd < 0) {
        if (errbuf && errlen)
            snprintf(errbuf, errlen, "could not connect to send the cancel request: %s",
                     strerror(err));
        return PGW_ERR_CONNECT;
    }
    /* a transport of its own: 16 bytes out, nothing but the close back */
    pgw_transport t;
    pgw_tr_init(&t, 64);
    t.fd = fd;
    t.io_timeout_ms = timeout;
    pgw_error e = {0};
    pgw_status st = PGW_OK;
    if (c->cancel_tls) {
        bool refused;
        st = pgw_tls_start(&t, c->tls, c->host, &refused, &e);
        if (st == PGW_OK && refused) {
            pgw_set_error(&e, "08001", "the server refused TLS for the cancel request");
            st = PGW_ERR_CONNECT;
        }
    }
    if (st == PGW_OK) {
        pgw_enc_cancel(&t.out, c->be_pid, c->be_secret);
        st = pgw_tr_flush(&t, &e);
    }
    if (st == PGW_OK)
        wait_for_close(&t);
    else if (errbuf && errlen)
        snprintf(errbuf, errlen, "could not send the cancel request: %s",
                 e.message ? e.message : "out of memory");
    pgw_error_clear(&e);
    pgw_tr_free(&t);
    return st;
}
