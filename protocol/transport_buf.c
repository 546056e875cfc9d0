/*
 * transport_buf.c: the transport's message layer, the same on every
 * platform: the send buffer written in one go (pgw_tr_flush), messages cut
 * from a receive buffer refilled in big blocks (pgw_tr_read_msg), and the
 * errors they report. Bytes go through t->ops and waits through
 * pgw_tr_wait, which the platform's socket file provides (transport.c on
 * POSIX systems, transport_win.c on Windows).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "pgw_int.h"

static pgw_status io_fail(pgw_transport *t, pgw_status st, int err, pgw_error *e,
                          const char *what)
{
    if (st == PGW_ERR_TIMEOUT)
        pgw_set_error(e, "HYT00", "timed out %s the server", what);
    else if (t->ka_silent)
        pgw_set_error(e, "08S01", "connection lost %s the server: it answered neither the "
                      "request nor %d liveness checks (the keepalive settings: %d s idle, "
                      "%d s apart); the server is stopped or unreachable", what, t->ka_count,
                      t->ka_idle_ms / 1000, t->ka_interval_ms / 1000);
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
        size_t want = PGW_TR_READ_BLOCK;
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
