/*
 * transport_wait.c: waiting for the server, the same on every platform:
 * a wait's bounds (t->io_timeout_ms, t->deadline_ms) and the liveness check
 * below. The sockets themselves are the platform file's pgw_sock_* calls
 * (transport.c on POSIX systems, transport_win.c on Windows).
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

#include "pgw_int.h"

pgw_status pgw_wait_fd(int fd, short events, int ms)
{
    pgw_pollfd p = {.fd = fd, .events = events};
    int n = pgw_sock_poll(&p, 1, ms);
    if (n > 0)
        return PGW_OK; /* errors and hangups surface in the next read/write */
    return n == 0 ? PGW_ERR_TIMEOUT : PGW_ERR_IO;
}

/* Waits up to ms for t's socket (or its abort, t->wake) and for probe_fd
 * (-1: none); as pgw_sock_poll, with *own and *probe saying which. */
static int wait_own(pgw_transport *t, short events, int probe_fd, short probe_events, int ms,
                    bool *own, bool *probe)
{
    pgw_pollfd p[3] = {
        {.fd = t->fd, .events = events},
        {.fd = t->wake, .events = POLLIN},
        {.fd = probe_fd, .events = probe_events},
    };
    int n = pgw_sock_poll(p, 3, ms);
    *own = p[0].ready || p[1].ready;
    *probe = p[2].ready;
    return n;
}

/* The wait of pgw_tr_wait_fd without liveness checks. */
static pgw_status wait_plain(pgw_transport *t, short events, int ms)
{
    bool own, unused;
    int n = wait_own(t, events, -1, 0, ms, &own, &unused);
    if (n > 0)
        return PGW_OK;
    return n == 0 ? PGW_ERR_TIMEOUT : PGW_ERR_IO;
}

/* ---------------------------------------------------------------- liveness */

typedef enum probe_outcome {
    PROBE_ANSWERED,     /* the server answered: it is alive */
    PROBE_SILENT,       /* no answer within the interval (or refused)   */
    PROBE_READY,        /* t's own socket became ready: stop probing    */
    PROBE_ERROR         /* the wait itself failed                       */
} probe_outcome;

/* One liveness probe of t's server (see the file comment), until
 * pgw_now_ms() reaches `until`, watching t's socket for `events` all
 * along. A probe that fails early (connection refused) waits out its
 * interval on t's socket, so that probes stay `interval` apart. */
static probe_outcome probe_once(pgw_transport *t, short events, int64_t until)
{
    static const unsigned char ssl_request[8] = {0, 0, 0, 8, 0x04, 0xd2, 0x16, 0x2f};
    int err = 0;
    int pfd = pgw_tr_connect_start((const struct sockaddr *)&t->addr, t->addrlen, &err);
    bool connecting = true;
    probe_outcome out = PROBE_SILENT;
    for (;;) {
        int64_t left = until - pgw_now_ms();
        if (left <= 0)
            break;
        bool own_ready = false, probe_ready = false;
        int n = wait_own(t, events, pfd, connecting ? POLLOUT : POLLIN, (int)left, &own_ready,
                         &probe_ready);
        if (n < 0) {
            out = PROBE_ERROR;
            break;
        }
        if (n == 0)
            break;
        if (own_ready) {
            out = PROBE_READY;
            break;
        }
        if (!probe_ready)
            continue;
        if (connecting) {
            connecting = false;
            if (pgw_sock_error(pfd) != 0 || pgw_sock_send(pfd, ssl_request, sizeof ssl_request) !=
                                                (ssize_t)sizeof ssl_request) {
                pgw_sock_close(pfd);
                pfd = -1;       /* failed: wait out the interval */
            }
            continue;
        }
        char answer;
        ssize_t r = pgw_sock_recv(pfd, &answer, 1);
        if (r == 1) {
            out = PROBE_ANSWERED;
            break;
        }
        if (r < 0 && (errno == EINTR || errno == EAGAIN))
            continue;
        pgw_sock_close(pfd);    /* closed or reset without an answer */
        pfd = -1;
    }
    if (pfd >= 0)
        pgw_sock_close(pfd);
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

void pgw_tr_liveness_on(pgw_transport *t, int idle_s, int interval_s, int count)
{
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
        return wait_plain(t, events, ms);
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
        pgw_status st = wait_plain(t, events, step);
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
