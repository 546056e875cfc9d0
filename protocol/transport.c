/*
 * transport.c: the byte pipe under a pgw_conn on POSIX systems. TCP connect
 * with a timeout over every resolved address, TCP_NODELAY, a non-blocking
 * socket with poll()-based waits. The receive buffer refilled in big blocks
 * and the send buffer written in one go are transport_buf.c's, shared with
 * Windows. Byte I/O goes through pgw_io_ops: plain socket calls here, TLS
 * from tls.c (which also sends the SSLRequest); never a GSSENCRequest.
 *
 * Waits and the liveness check are transport_wait.c's, over this file's
 * pgw_sock_* calls.
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

void pgw_tr_abort(pgw_transport *t)
{
    shutdown(t->fd, SHUT_RDWR);
}

static const pgw_io_ops plain_ops = {plain_read, plain_write, plain_pending, plain_close};

void pgw_tr_init(pgw_transport *t, size_t max_msg)
{
    memset(t, 0, sizeof *t);
    t->fd = -1;
    t->wake = -1;     /* shutdown() wakes poll(): no wake socket needed */
    t->ops = &plain_ops;
    t->max_msg = max_msg;
    /* The receive buffer holds at most one maximal message plus a block. */
    pgw_buf_init(&t->in, max_msg + PGW_TR_READ_BLOCK);
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
    t->ka_idle_ms = t->ka_interval_ms = t->ka_count = 0;
    t->ka_silent = false;
}

int64_t pgw_now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int pgw_sock_poll(pgw_pollfd *fds, int n, int ms)
{
    struct pollfd p[4];
    if (n > 4)
        return -1;
    int64_t deadline = ms > 0 ? pgw_now_ms() + ms : 0;
    for (;;) {
        int left = -1;
        if (ms > 0) {
            int64_t d = deadline - pgw_now_ms();
            if (d <= 0)
                return 0;
            left = (int)d;
        }
        for (int i = 0; i < n; i++)
            p[i] = (struct pollfd){.fd = fds[i].fd, .events = fds[i].events};   /* -1: skipped */
        int got = poll(p, (nfds_t)n, left);
        if (got < 0 && errno == EINTR)
            continue;
        for (int i = 0; i < n; i++)
            fds[i].ready = got > 0 && fds[i].fd >= 0 && p[i].revents != 0;
        return got < 0 ? -1 : got;
    }
}

int pgw_sock_error(int fd)
{
    int soerr = 0;
    socklen_t sl = sizeof soerr;
    if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &soerr, &sl) != 0)
        return errno;
    return soerr;
}

ssize_t pgw_sock_send(int fd, const void *p, size_t n)
{
    ssize_t r = send(fd, p, n, MSG_NOSIGNAL);
    if (r < 0 && errno == EWOULDBLOCK)
        errno = EAGAIN;
    return r;
}

ssize_t pgw_sock_recv(int fd, void *p, size_t n)
{
    ssize_t r = recv(fd, p, n, 0);
    if (r < 0 && errno == EWOULDBLOCK)
        errno = EAGAIN;
    return r;
}

void pgw_sock_close(int fd)
{
    close(fd);
}

void pgw_tr_keepalive(pgw_transport *t, int idle_s, int interval_s, int count)
{
    if (t->fd < 0 || idle_s <= 0)
        return;
    if (interval_s <= 0)
        interval_s = 1;
    if (count <= 0)
        count = 1;
    /* best effort: a kernel without one of these still has the liveness check */
    setsockopt(t->fd, IPPROTO_TCP, TCP_KEEPIDLE, &idle_s, sizeof idle_s);
    setsockopt(t->fd, IPPROTO_TCP, TCP_KEEPINTVL, &interval_s, sizeof interval_s);
    setsockopt(t->fd, IPPROTO_TCP, TCP_KEEPCNT, &count, sizeof count);
    long long total_ms = ((long long)idle_s + (long long)interval_s * count) * 1000;
    unsigned int user_timeout = total_ms > 0x7fffffff ? 0x7fffffffu : (unsigned int)total_ms;
    setsockopt(t->fd, IPPROTO_TCP, TCP_USER_TIMEOUT, &user_timeout, sizeof user_timeout);
    pgw_tr_liveness_on(t, idle_s, interval_s, count);
}

int pgw_tr_connect_start(const struct sockaddr *sa, socklen_t len, int *err_out)
{
    int fd = socket(sa->sa_family, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
    if (fd < 0) {
        *err_out = errno;
        return -1;
    }
    if (connect(fd, sa, len) != 0 && errno != EINPROGRESS && errno != EINTR) {
        *err_out = errno;
        close(fd);
        return -1;
    }
    return fd;
}

int pgw_tr_connect_addr(const struct sockaddr *sa, socklen_t len, int timeout_ms, int *err_out)
{
    int fd = pgw_tr_connect_start(sa, len, err_out);
    if (fd < 0)
        return -1;
    /* connected at once (loopback can) or in progress: writable when done */
    pgw_status st = pgw_wait_fd(fd, POLLOUT, timeout_ms);
    if (st == PGW_ERR_TIMEOUT) {
        *err_out = ETIMEDOUT;
        goto fail;
    }
    *err_out = st == PGW_OK ? pgw_sock_error(fd) : errno;
    if (*err_out != 0)
        goto fail;
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
