/*
 * transport.c: the byte pipe under a pgw_conn on POSIX systems. TCP connect
 * with a timeout over every resolved address, TCP_NODELAY, a non-blocking
 * socket with poll()-based waits. The receive buffer refilled in big blocks
 * and the send buffer written in one go are transport_buf.c's, shared with
 * Windows. Byte I/O goes through pgw_io_ops: plain socket calls here, TLS
 * from tls.c (which also sends the SSLRequest); never a GSSENCRequest.
 *
 * Liveness: TCP keepalive finds a peer whose host is gone (a cut cable, a
 * crashed machine), but not a server process that is stopped (SIGSTOP, a
 * frozen VM or proxy): its kernel still acknowledges the probes and the
 * data, so the connection looks alive forever. So while a wait for the
 * server sees nothing for the keepalive idle time, the server is asked out
 * of band: a new TCP connection to the same address sends an SSLRequest,
 * which any live PostgreSQL or CrateDB answers at once with one byte (S or
 * N), whatever it is busy with; the probe connection is then closed. A
 * stopped server answers nothing. `count` probes in a row without an answer,
 * each given `interval`, and the wait fails (08S01); one answer and the wait
 * goes on, so a long query on a live server is never broken by this. The
 * wait still watches the connection during a probe: a reply or a
 * pgw_abort from another thread ends it at once.
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

static const pgw_io_ops plain_ops = {plain_read, plain_write, plain_pending, plain_close};

void pgw_tr_init(pgw_transport *t, size_t max_msg)
{
    memset(t, 0, sizeof *t);
    t->fd = -1;
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

/* ---------------------------------------------------------------- liveness */

typedef enum probe_outcome {
    PROBE_ANSWERED,     /* the server answered: it is alive */
    PROBE_SILENT,       /* no answer within the interval (or refused)   */
    PROBE_READY,        /* t's own socket became ready: stop probing    */
    PROBE_ERROR         /* poll() failed                                */
} probe_outcome;

/* One liveness probe of t's server (see the file comment), until
 * CLOCK_MONOTONIC reaches `until`, watching t's socket for `events` all
 * along. A probe that fails early (connection refused) waits out its
 * interval on t's socket, so that probes stay `interval` apart. */
static probe_outcome probe_once(pgw_transport *t, short events, int64_t until)
{
    int err = 0;
    int pfd = pgw_tr_connect_start((const struct sockaddr *)&t->addr, t->addrlen, &err);
    bool connecting = true;
    probe_outcome out = PROBE_SILENT;
    for (;;) {
        int64_t left = until - pgw_now_ms();
        if (left <= 0)
            break;
        struct pollfd p[2] = {
            {.fd = t->fd, .events = events},
            {.fd = pfd, .events = connecting ? POLLOUT : POLLIN},   /* -1: ignored */
        };
        int n = poll(p, 2, (int)left);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            out = PROBE_ERROR;
            break;
        }
        if (n == 0)
            break;
        if (p[0].revents) {
            out = PROBE_READY;
            break;
        }
        if (!p[1].revents)
            continue;
        if (connecting) {
            int soerr = 0;
            socklen_t sl = sizeof soerr;
            static const unsigned char ssl_request[8] = {0, 0, 0, 8, 0x04, 0xd2, 0x16, 0x2f};
            if (getsockopt(pfd, SOL_SOCKET, SO_ERROR, &soerr, &sl) != 0 || soerr != 0 ||
                send(pfd, ssl_request, sizeof ssl_request, MSG_NOSIGNAL) !=
                    (ssize_t)sizeof ssl_request) {
                close(pfd);
                pfd = -1;       /* failed: wait out the interval */
            }
            connecting = false;
            continue;
        }
        char answer;
        ssize_t r = recv(pfd, &answer, 1, 0);
        if (r == 1) {
            out = PROBE_ANSWERED;
            break;
        }
        if (r < 0 && (errno == EINTR || errno == EAGAIN || errno == EWOULDBLOCK))
            continue;
        close(pfd);             /* closed or reset without an answer */
        pfd = -1;
    }
    if (pfd >= 0)
        close(pfd);
    return out;
}

/* After ka_idle_ms without readiness: probes until one is answered (PGW_OK,
 * the caller waits on), t's socket is ready (PGW_OK), `end` passes (0: no
 * end; PGW_ERR_TIMEOUT) or ka_count probes went unanswered (PGW_ERR_IO,
 * errno ETIMEDOUT, ka_silent). */
static pgw_status check_liveness(pgw_transport *t, short events, int64_t end)
{
    for (int i = 0; i < t->ka_count; i++) {
        int64_t until = pgw_now_ms() + t->ka_interval_ms;
        bool capped = end > 0 && end < until;
        probe_outcome o = probe_once(t, events, capped ? end : until);
        if (o == PROBE_ANSWERED || o == PROBE_READY)
            return PGW_OK;
        if (o == PROBE_ERROR)
            return PGW_ERR_IO;
        if (capped)
            return PGW_ERR_TIMEOUT;
    }
    t->ka_silent = true;
    errno = ETIMEDOUT;
    return PGW_ERR_IO;
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
    if (t->addrlen == 0)
        return;     /* no address to check the server at (a socketpair in tests) */
    t->ka_idle_ms = idle_s > 0x7fffffff / 1000 ? 0x7fffffff : idle_s * 1000;
    t->ka_interval_ms = interval_s > 0x7fffffff / 1000 ? 0x7fffffff : interval_s * 1000;
    t->ka_count = count;
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
    t->ka_silent = false;
    if (t->ka_idle_ms <= 0)
        return pgw_wait_fd(t->fd, events, ms);
    int64_t end = ms > 0 ? pgw_now_ms() + ms : 0;
    for (;;) {
        int step = t->ka_idle_ms;
        if (end > 0) {
            int64_t left = end - pgw_now_ms();
            if (left <= 0)
                return PGW_ERR_TIMEOUT;
            if (left < step)
                step = (int)left;
        }
        pgw_status st = pgw_wait_fd(t->fd, events, step);
        if (st != PGW_ERR_TIMEOUT)
            return st;
        if (end > 0 && pgw_now_ms() >= end)
            return PGW_ERR_TIMEOUT;
        st = check_liveness(t, events, end);
        if (st != PGW_OK)
            return st;
    }
}

pgw_status pgw_tr_wait(pgw_transport *t, short events)
{
    short want = t->want ? t->want : events;
    t->want = 0;
    return pgw_tr_wait_fd(t, want);
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
