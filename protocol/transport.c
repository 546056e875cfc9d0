/*
 * transport.c: the byte pipe under a pgw_conn. TCP connect with a timeout
 * over every resolved address, TCP_NODELAY, a non-blocking socket with
 * poll()-based waits, a large receive buffer that is refilled in big blocks
 * and handed to the decoder, and a send buffer written in one go. Byte I/O
 * goes through pgw_io_ops: plain socket calls here, TLS from tls.c (which
 * also sends the SSLRequest); never a GSSENCRequest.
 */
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "pgw_int.h"

#define READ_BLOCK ((size_t)64 * 1024)

static ssize_t plain_read(pgw_transport *t, void *p, size_t n)
{
    return recv(t->fd, p, n, 0);
}

static ssize_t plain_write(pgw_transport *t, const void *p, size_t n)
{
    return send(t->fd, p, n, MSG_NOSIGNAL);
}

static bool plain_pending(pgw_transport *t)
{
    (void)t;
    return false;    /* the kernel's buffer is what poll() sees */
}

static void plain_close(pgw_transport *t)
{
    close(t->fd);
}

static const pgw_io_ops plain_ops = {plain_read, plain_write, plain_pending, plain_close};

void pgw_tr_init(pgw_transport *t, size_t max_msg)
{
    memset(t, 0, sizeof *t);
    t->fd = -1;
    t->ops = &plain_ops;
    t->max_msg = max_msg;
    /* The receive buffer holds at most one maximal message plus a block. */
    pgw_buf_init(&t->in, max_msg + READ_BLOCK);
    pgw_buf_init(&t->out, max_msg);
}

void pgw_tr_free(pgw_transport *t)
{
    pgw_tr_close(t);
    pgw_buf_free(&t->in);
    pgw_buf_free(&t->out);
}

void pgw_tr_close(pgw_transport *t)
{
    if (t->fd_lock)
        pthread_mutex_lock(t->fd_lock);
    if (t->fd >= 0)
        t->ops->close(t);
    t->fd = -1;
    if (t->fd_lock)
        pthread_mutex_unlock(t->fd_lock);
    t->ops = &plain_ops;
    t->tls = NULL;
    t->want = 0;
    t->io_error[0] = '\0';
    t->in.len = 0;
    t->rpos = 0;
    t->out.len = 0;
    t->out.failed = false;
}

int64_t pgw_now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

pgw_status pgw_wait_fd(int fd, short events, int ms)
{
    int64_t deadline = ms > 0 ? pgw_now_ms() + ms : 0;
    for (;;) {
        int left = -1;
        if (ms > 0) {
            int64_t d = deadline - pgw_now_ms();
            if (d <= 0)
                return PGW_ERR_TIMEOUT;
            left = (int)d;
        }
        struct pollfd pfd = {.fd = fd, .events = events};
        int n = poll(&pfd, 1, left);
        if (n > 0)
            return PGW_OK; /* errors/hangups surface in the next read/write */
        if (n == 0)
            return PGW_ERR_TIMEOUT;
        if (errno != EINTR)
            return PGW_ERR_IO;
    }
}

pgw_status pgw_tr_wait_fd(pgw_transport *t, short events)
{
    int ms = t->io_timeout_ms;
    if (t->deadline_ms > 0) {
        int64_t left = t->deadline_ms - pgw_now_ms();
        if (left <= 0)
            return PGW_ERR_TIMEOUT;
        if (ms <= 0 || left < ms)
            ms = (int)left;
    }
    return pgw_wait_fd(t->fd, events, ms);
}

pgw_status pgw_tr_wait(pgw_transport *t, short events)
{
    short want = t->want ? t->want : events;
    t->want = 0;
    return pgw_tr_wait_fd(t, want);
}

int pgw_tr_connect_addr(const struct sockaddr *sa, socklen_t len, int timeout_ms, int *err_out)
{
    int fd = socket(sa->sa_family, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
    if (fd < 0) {
        *err_out = errno;
        return -1;
    }
    if (connect(fd, sa, len) != 0) {
        if (errno != EINPROGRESS && errno != EINTR) {
            *err_out = errno;
            goto fail;
        }
        pgw_status st = pgw_wait_fd(fd, POLLOUT, timeout_ms);
        if (st == PGW_ERR_TIMEOUT) {
            *err_out = ETIMEDOUT;
            goto fail;
        }
        int soerr = 0;
        socklen_t sl = sizeof soerr;
        if (st != PGW_OK || getsockopt(fd, SOL_SOCKET, SO_ERROR, &soerr, &sl) != 0) {
            *err_out = errno;
            goto fail;
        }
        if (soerr != 0) {
            *err_out = soerr;
            goto fail;
        }
    }
    return fd;
fail:
    close(fd);
    return -1;
}

pgw_status pgw_tr_connect(pgw_transport *t, const char *host, int port, int timeout_ms,
                          pgw_error *e)
{
    char portstr[16];
    snprintf(portstr, sizeof portstr, "%d", port);
    struct addrinfo hints, *res = NULL;
    memset(&hints, 0, sizeof hints);
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_ADDRCONFIG;
    int rc = getaddrinfo(host, portstr, &hints, &res);
    if (rc != 0) {
        pgw_set_error(e, "08001", "could not translate host name \"%s\" to an address: %s",
                      host, gai_strerror(rc));
        return PGW_ERR_CONNECT;
    }
    int last = 0;
    for (struct addrinfo *ai = res; ai; ai = ai->ai_next) {
        int fd = pgw_tr_connect_addr(ai->ai_addr, ai->ai_addrlen, timeout_ms, &last);
        if (fd < 0)
            continue;
        int one = 1;
        setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        setsockopt(fd, SOL_SOCKET, SO_KEEPALIVE, &one, sizeof one);
        pgw_tr_close(t);
        if (t->fd_lock)
            pthread_mutex_lock(t->fd_lock);
        t->fd = fd;
        if (t->fd_lock)
            pthread_mutex_unlock(t->fd_lock);
        memcpy(&t->addr, ai->ai_addr, ai->ai_addrlen);
        t->addrlen = ai->ai_addrlen;
        freeaddrinfo(res);
        return PGW_OK;
    }
    freeaddrinfo(res);
    bool v6 = strchr(host, ':') != NULL;
    pgw_set_error(e, "08001", "could not connect to server at %s%s%s:%d: %s", v6 ? "[" : "",
                  host, v6 ? "]" : "", port, last == ETIMEDOUT ? "connection timed out" : strerror(last));
    return PGW_ERR_CONNECT;
}

static pgw_status io_fail(pgw_transport *t, pgw_status st, int err, pgw_error *e,
                          const char *what)
{
    if (st == PGW_ERR_TIMEOUT)
        pgw_set_error(e, "HYT00", "timed out %s the server", what);
    else if (err == EPROTO && t->io_error[0])
        pgw_set_error(e, "08S01", "connection lost %s the server: %s", what, t->io_error);
    else if (err == 0)
        pgw_set_error(e, "08S01", "server closed the connection unexpectedly");
    else
        pgw_set_error(e, "08S01", "connection lost %s the server: %s", what, strerror(err));
    pgw_tr_close(t);
    return st;
}

pgw_status pgw_tr_flush(pgw_transport *t, pgw_error *e)
{
    if (pgw_buf_check(&t->out) != PGW_OK) {
        t->out.len = 0;
        pgw_set_error(e, "HY001", "out of memory building a message (or message too large)");
        return PGW_ERR_NOMEM;
    }
    if (t->fd < 0) {
        pgw_set_error(e, "08003", "not connected");
        return PGW_ERR_STATE;
    }
    if (t->log.level >= PGW_LOG_TRACE)
        pgw_log_sent(&t->log, t->out.data, t->out.len);
    size_t off = 0;
    while (off < t->out.len) {
        ssize_t n = t->ops->write(t, t->out.data + off, t->out.len - off);
        if (n > 0) {
            off += (size_t)n;
            continue;
        }
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
            pgw_status st = pgw_tr_wait(t, POLLOUT);
            if (st != PGW_OK)
                return io_fail(t, st, errno, e, "writing to");
            continue;
        }
        return io_fail(t, PGW_ERR_IO, n < 0 ? errno : 0, e, "writing to");
    }
    t->out.len = 0;
    t->sent = true;
    return PGW_OK;
}

pgw_status pgw_tr_read_msg(pgw_transport *t, pgw_msg *m, pgw_error *e)
{
    if (t->fd < 0) {
        pgw_set_error(e, "08003", "not connected");
        return PGW_ERR_STATE;
    }
    for (;;) {
        size_t avail = t->in.len - t->rpos;
        /* no receive buffer before the first read: NULL + 0 is undefined */
        const char *head = t->in.data ? t->in.data + t->rpos : "";
        pgw_dec d = pgw_decode(head, avail, t->max_msg, m);
        if (d == PGW_DEC_MSG) {
            t->rpos += 5 + m->len;
            if (t->log.level >= PGW_LOG_TRACE)
                pgw_log_received(&t->log, m->type, m->len + 4);
            return PGW_OK;
        }
        if (d == PGW_DEC_BAD) {
            pgw_set_error(e, "08P01", "invalid message length from server");
            pgw_tr_close(t);
            return PGW_ERR_PROTOCOL;
        }
        /* Need more: compact, make room for at least one block, and read.
         * The buffer grows with the bytes that arrive (pgw_buf_reserve
         * doubles it), never ahead of them: a header that announces a
         * message of max_msg bytes reserves nothing until they come. */
        if (t->rpos > 0) {
            if (avail > 0)
                memmove(t->in.data, t->in.data + t->rpos, avail);
            t->in.len = avail;
            t->rpos = 0;
        }
        size_t want = READ_BLOCK;
        if (t->in.cap - t->in.len < want && pgw_buf_reserve(&t->in, want) != PGW_OK) {
            t->in.failed = false;
            pgw_set_error(e, "HY001", "out of memory reading a %zu-byte message", m->len);
            pgw_tr_close(t);
            return PGW_ERR_NOMEM;
        }
        /* Right after a request the answer is rarely there yet: wait first
         * instead of a recv that fails with EAGAIN (one syscall less per
         * request) -- unless the I/O layer holds bytes poll() cannot see
         * (TLS). While a result streams in, data is usually waiting, so
         * read directly. */
        if (t->sent && avail == 0 && !t->ops->pending(t)) {
            pgw_status st = pgw_tr_wait_fd(t, POLLIN);
            if (st != PGW_OK)
                return io_fail(t, st, errno, e, "reading from");
        }
        ssize_t n = t->ops->read(t, t->in.data + t->in.len, t->in.cap - t->in.len);
        if (n > 0) {
            t->in.len += (size_t)n;
            t->sent = false;
            continue;
        }
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
            pgw_status st = pgw_tr_wait(t, POLLIN);
            if (st != PGW_OK)
                return io_fail(t, st, errno, e, "reading from");
            continue;
        }
        return io_fail(t, PGW_ERR_IO, n < 0 ? errno : 0, e, "reading from");
    }
}
