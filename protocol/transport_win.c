/*
 * transport_win.c: the byte pipe under a pgw_conn on Windows, with Winsock;
 * the same contract as transport.c (pgw_int.h) and the same buffering: TCP
 * connect with a timeout over every resolved address, TCP_NODELAY, a
 * non-blocking socket, a large receive buffer refilled in big blocks and a
 * send buffer written in one go.
 *
 * What differs from the POSIX file: Winsock is started once (WSAStartup);
 * a socket is a SOCKET kept in the engine's int fd (pgw_socket.h); Winsock
 * reports errors through WSAGetLastError, which the plain I/O ops turn into
 * the errno values the seam promises (EAGAIN, EINTR; EPROTO with the
 * system's message in t->io_error); waits use select(), which, unlike
 * WSAPoll before Windows 10 2004, reports a failed connect; the clock is
 * GetTickCount64.
 *
 * The message layer (pgw_tr_flush, pgw_tr_read_msg) is transport_buf.c's,
 * and waits with the liveness check are transport_wait.c's (over this
 * file's pgw_sock_* calls), shared with POSIX systems.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pgw_int.h"

#include <mstcpip.h>   /* SIO_KEEPALIVE_VALS, after winsock2.h */


/* ------------------------------------------------------------ Winsock */

static pthread_once_t wsa_once = PTHREAD_ONCE_INIT;
static int wsa_error;   /* of WSAStartup, 0 when Winsock is up */

static void wsa_start(void)
{
    WSADATA d;
    wsa_error = WSAStartup(MAKEWORD(2, 2), &d);
}

static bool wsa_up(void)
{
    pthread_once(&wsa_once, wsa_start);
    return wsa_error == 0;
}

/* The system's text for a Winsock error, without the trailing line break. */
static const char *wsa_message(int err, char *buf, size_t len)
{
    DWORD n = FormatMessageA(FORMAT_MESSAGE_FROM_SYSTEM | FORMAT_MESSAGE_IGNORE_INSERTS, NULL,
                             (DWORD)err, MAKELANGID(LANG_NEUTRAL, SUBLANG_DEFAULT), buf,
                             (DWORD)len, NULL);
    while (n > 0 && (buf[n - 1] == '\n' || buf[n - 1] == '\r' || buf[n - 1] == ' '))
        n--;
    if (n == 0)
        snprintf(buf, len, "Winsock error %d", err);
    else
        buf[n] = '\0';
    return buf;
}

/* Sets errno for the seam from the last Winsock error of t's socket. */
static ssize_t io_error(pgw_transport *t)
{
    int err = WSAGetLastError();
    if (err == WSAEWOULDBLOCK) {
        errno = EAGAIN;
    } else if (err == WSAEINTR) {
        errno = EINTR;
    } else {
        wsa_message(err, t->io_error, sizeof t->io_error);
        errno = EPROTO;
    }
    return -1;
}

static int io_len(size_t n)
{
    return n > INT_MAX ? INT_MAX : (int)n;
}

static ssize_t plain_read(pgw_transport *t, void *p, size_t n)
{
    int r = recv((SOCKET)t->fd, p, io_len(n), 0);
    return r == SOCKET_ERROR ? io_error(t) : r;
}

static ssize_t plain_write(pgw_transport *t, const void *p, size_t n)
{
    int r = send((SOCKET)t->fd, p, io_len(n), 0);
    return r == SOCKET_ERROR ? io_error(t) : r;
}

static bool plain_pending(pgw_transport *t)
{
    (void)t;
    return false;    /* the kernel's buffer is what select() sees */
}

static void plain_close(pgw_transport *t)
{
    closesocket((SOCKET)t->fd);
}

static const pgw_io_ops plain_ops = {plain_read, plain_write, plain_pending, plain_close};

/* ------------------------------------------------------------ abort */

/* The wake socket: shutdown() of a socket wakes no select() waiting on it
 * on Windows (nor under Wine), so pgw_tr_abort also sends a datagram to a
 * UDP socket on loopback connected to itself, which every wait on the
 * connection watches (transport_wait.c). -1 when it cannot be made: an
 * abort then only ends a wait at its own timeout. */
static int wake_new(void)
{
    SOCKET s = socket(AF_INET, SOCK_DGRAM, IPPROTO_UDP);
    if (s == INVALID_SOCKET)
        return -1;
    struct sockaddr_in a = {.sin_family = AF_INET};
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    int len = sizeof a;
    u_long nonblocking = 1;
    if (bind(s, (struct sockaddr *)&a, len) != 0 ||
        getsockname(s, (struct sockaddr *)&a, &len) != 0 ||
        connect(s, (struct sockaddr *)&a, len) != 0 || ioctlsocket(s, FIONBIO, &nonblocking) != 0) {
        closesocket(s);
        return -1;
    }
    return (int)s;
}

void pgw_tr_abort(pgw_transport *t)
{
    shutdown((SOCKET)t->fd, SD_BOTH);
    if (t->wake >= 0)
        send((SOCKET)t->wake, "x", 1, 0);
}

/* ------------------------------------------------------------ buffers */

void pgw_tr_init(pgw_transport *t, size_t max_msg)
{
    memset(t, 0, sizeof *t);
    t->fd = -1;
    t->wake = -1;
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
    if (t->wake >= 0)
        closesocket((SOCKET)t->wake);
    t->wake = -1;
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

/* ------------------------------------------------------------ waiting */

int64_t pgw_now_ms(void)
{
    return (int64_t)GetTickCount64();
}

int pgw_sock_poll(pgw_pollfd *fds, int n, int ms)
{
    int64_t deadline = ms > 0 ? pgw_now_ms() + ms : 0;
    for (;;) {
        struct timeval tv, *tvp = NULL;
        if (ms > 0) {
            int64_t d = deadline - pgw_now_ms();
            if (d <= 0)
                return 0;
            tv.tv_sec = (long)(d / 1000);
            tv.tv_usec = (long)(d % 1000) * 1000;
            tvp = &tv;
        }
        fd_set r, w, x;
        FD_ZERO(&r);
        FD_ZERO(&w);
        FD_ZERO(&x);
        for (int i = 0; i < n; i++) {
            SOCKET s = (SOCKET)fds[i].fd;
            if (fds[i].fd < 0)
                continue;
            if (fds[i].events & POLLIN)
                FD_SET(s, &r);
            if (fds[i].events & POLLOUT)
                FD_SET(s, &w);
            FD_SET(s, &x);   /* a failed connect shows here */
        }
        int got = select(0, &r, &w, &x, tvp);
        if (got == SOCKET_ERROR && WSAGetLastError() == WSAEINTR)
            continue;
        for (int i = 0; i < n; i++) {
            SOCKET s = (SOCKET)fds[i].fd;
            fds[i].ready = got > 0 && fds[i].fd >= 0 &&
                           (FD_ISSET(s, &r) || FD_ISSET(s, &w) || FD_ISSET(s, &x));
        }
        return got == SOCKET_ERROR ? -1 : got;
    }
}

/* errno for a failed send/recv on a socket of the engine's own (no t). */
static ssize_t sock_errno(void)
{
    int err = WSAGetLastError();
    errno = err == WSAEWOULDBLOCK ? EAGAIN : err == WSAEINTR ? EINTR : EPROTO;
    return -1;
}

int pgw_sock_error(int fd)
{
    int soerr = 0;
    int sl = sizeof soerr;
    if (getsockopt((SOCKET)fd, SOL_SOCKET, SO_ERROR, (char *)&soerr, &sl) != 0)
        return WSAGetLastError();
    return soerr;
}

ssize_t pgw_sock_send(int fd, const void *p, size_t n)
{
    int r = send((SOCKET)fd, p, io_len(n), 0);
    return r == SOCKET_ERROR ? sock_errno() : r;
}

ssize_t pgw_sock_recv(int fd, void *p, size_t n)
{
    int r = recv((SOCKET)fd, p, io_len(n), 0);
    return r == SOCKET_ERROR ? sock_errno() : r;
}

void pgw_sock_close(int fd)
{
    closesocket((SOCKET)fd);
}

/* ------------------------------------------------------------ connecting */

/* *err_out gets a Winsock error code. */
int pgw_tr_connect_start(const struct sockaddr *sa, socklen_t len, int *err_out)
{
    if (!wsa_up()) {
        *err_out = wsa_error;
        return -1;
    }
    SOCKET s = WSASocketW(sa->sa_family, SOCK_STREAM, IPPROTO_TCP, NULL, 0,
                          WSA_FLAG_OVERLAPPED | WSA_FLAG_NO_HANDLE_INHERIT);
    if (s == INVALID_SOCKET) {
        *err_out = WSAGetLastError();
        return -1;
    }
    u_long nonblocking = 1;
    if (ioctlsocket(s, FIONBIO, &nonblocking) != 0 ||
        (connect(s, sa, len) != 0 && WSAGetLastError() != WSAEWOULDBLOCK &&
         WSAGetLastError() != WSAEINPROGRESS)) {
        *err_out = WSAGetLastError();
        closesocket(s);
        return -1;
    }
    return (int)s;
}

/* *err_out gets a Winsock error code (WSAETIMEDOUT for the timeout). */
int pgw_tr_connect_addr(const struct sockaddr *sa, socklen_t len, int timeout_ms, int *err_out)
{
    int fd = pgw_tr_connect_start(sa, len, err_out);
    if (fd < 0)
        return -1;
    /* connected at once (loopback can) or in progress: writable when done */
    pgw_status st = pgw_wait_fd(fd, POLLOUT, timeout_ms);
    if (st == PGW_ERR_TIMEOUT)
        *err_out = WSAETIMEDOUT;
    else
        *err_out = st == PGW_OK ? pgw_sock_error(fd) : WSAGetLastError();
    if (*err_out == 0)
        return fd;
    closesocket((SOCKET)fd);
    return -1;
}

/* Dead-peer detection on Windows: the kernel's TCP keepalive with the idle
 * time and interval of SIO_KEEPALIVE_VALS (Windows Vista and later send 10
 * probes; the count is not settable), and transport_wait.c's liveness
 * check with all three settings. Missing here, unlike transport.c:
 * TCP_USER_TIMEOUT's bound on unacknowledged data (Windows has
 * TCP_MAXRT, which would also cut a slow but live server's connection). */
void pgw_tr_keepalive(pgw_transport *t, int idle_s, int interval_s, int count)
{
    if (t->fd < 0 || idle_s <= 0)
        return;
    if (interval_s <= 0)
        interval_s = 1;
    if (count <= 0)
        count = 1;
    struct tcp_keepalive ka = {
        .onoff = 1,
        .keepalivetime = (ULONG)idle_s * 1000u,
        .keepaliveinterval = (ULONG)interval_s * 1000u,
    };
    DWORD got = 0;
    WSAIoctl((SOCKET)t->fd, SIO_KEEPALIVE_VALS, &ka, sizeof ka, NULL, 0, &got, NULL, NULL);
    pgw_tr_liveness_on(t, idle_s, interval_s, count);
}

pgw_status pgw_tr_connect(pgw_transport *t, const char *host, int port, int timeout_ms,
                          pgw_error *e)
{
    char msg[256];
    if (!wsa_up()) {
        pgw_set_error(e, "08001", "could not start Winsock: %s",
                      wsa_message(wsa_error, msg, sizeof msg));
        return PGW_ERR_CONNECT;
    }
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
                      host, wsa_message(rc, msg, sizeof msg));
        return PGW_ERR_CONNECT;
    }
    int last = 0;
    for (struct addrinfo *ai = res; ai; ai = ai->ai_next) {
        int fd = pgw_tr_connect_addr(ai->ai_addr, (socklen_t)ai->ai_addrlen, timeout_ms, &last);
        if (fd < 0)
            continue;
        BOOL one = TRUE;
        setsockopt((SOCKET)fd, IPPROTO_TCP, TCP_NODELAY, (const char *)&one, sizeof one);
        setsockopt((SOCKET)fd, SOL_SOCKET, SO_KEEPALIVE, (const char *)&one, sizeof one);
        pgw_tr_close(t);
        if (t->fd_lock)
            pthread_mutex_lock(t->fd_lock);
        t->fd = fd;
        t->wake = wake_new();
        if (t->fd_lock)
            pthread_mutex_unlock(t->fd_lock);
        memcpy(&t->addr, ai->ai_addr, ai->ai_addrlen);
        t->addrlen = (socklen_t)ai->ai_addrlen;
        freeaddrinfo(res);
        return PGW_OK;
    }
    freeaddrinfo(res);
    bool v6 = strchr(host, ':') != NULL;
    pgw_set_error(e, "08001", "could not connect to server at %s%s%s:%d: %s", v6 ? "[" : "",
                  host, v6 ? "]" : "", port,
                  last == WSAETIMEDOUT ? "connection timed out" : wsa_message(last, msg, sizeof msg));
    return PGW_ERR_CONNECT;
}
