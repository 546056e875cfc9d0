/*
 * cancel.c: pgw_cancel(), a CancelRequest over a new connection to the
 * address the pgw_conn is connected to. It reads only what pgw_connect()
 * stored once (address, BackendKeyData, connect timeout), so it may run
 * from another thread while the connection is in use.
 */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "pgw_int.h"

#define CANCEL_WAIT_MS 5000

pgw_status pgw_cancel(pgw_conn *c, char *errbuf, size_t errlen)
{
    if (errbuf && errlen)
        errbuf[0] = '\0';
    if (!c || !c->connected || !c->have_key || c->cancel_addrlen == 0) {
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
    unsigned char pkt[16];
    pgw_buf b;
    pgw_buf_init(&b, sizeof pkt);
    b.data = (char *)pkt;
    b.cap = sizeof pkt;
    pgw_enc_cancel(&b, c->be_pid, c->be_secret);
    pgw_status st = PGW_OK;
    size_t off = 0;
    while (off < sizeof pkt) {
        ssize_t n = send(fd, pkt + off, sizeof pkt - off, MSG_NOSIGNAL);
        if (n > 0) {
            off += (size_t)n;
        } else if (n < 0 && errno == EINTR) {
            continue;
        } else if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
            if ((st = pgw_wait_fd(fd, POLLOUT, timeout)) != PGW_OK)
                goto fail;
        } else {
            st = PGW_ERR_IO;
            goto fail;
        }
    }
    /* Wait for the server to close the socket: the cancel has been
     * delivered by then. A timeout here is not an error. */
    for (;;) {
        char tmp[64];
        ssize_t n = recv(fd, tmp, sizeof tmp, 0);
        if (n == 0 || (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR))
            break;
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0 && pgw_wait_fd(fd, POLLIN, timeout) != PGW_OK)
            break;
    }
    close(fd);
    return PGW_OK;
fail:
    if (errbuf && errlen)
        snprintf(errbuf, errlen, "could not send the cancel request: %s",
                 st == PGW_ERR_TIMEOUT ? "timed out" : strerror(errno));
    close(fd);
    return st;
}
