/*
 * fuzz_conn.h: a pgw_conn whose server is the fuzzer's input, for the
 * protocol targets (fuzz_startup.c, fuzz_query.c).
 *
 * The connection's socket is one end of a socketpair. The input is written
 * to the other end at once and that end's write side is shut down, so the
 * connection reads exactly the input and then EOF, like a server that sent
 * it and hung up: no thread, no waiting. What the connection writes (its
 * requests) lands in the peer's receive buffer and is never read; inputs
 * and requests stay far below the socket buffers (FUZZ_CONN_MAX_INPUT).
 *
 * The receive buffer is handed from one connection to the next: the
 * transport grows it to 128 KiB on a connection's first messages, and a
 * block that large costs ASan an mmap and a munmap per connection, 20 times
 * the rest of an execution. Messages are still parsed from that buffer as in
 * the driver (bytes past the received ones are not guarded there either).
 */
#ifndef FUZZ_CONN_H
#define FUZZ_CONN_H

#include <fcntl.h>
#include <sys/socket.h>
#include <unistd.h>

#include "fuzz.h"
#include "pgw_int.h"

/* Larger inputs are skipped: they would not fit the socket buffer in one
 * write (AF_UNIX's default is about 200 KiB), and add nothing new. */
#define FUZZ_CONN_MAX_INPUT 32768

/* The receive buffer kept between connections (see above). */
static pgw_buf fuzz_conn_inbuf;

typedef struct fuzz_conn {
    pgw_conn *c;
    int peer;
} fuzz_conn;

/* A new connection that will read data[0..n) and then EOF. The connection
 * is marked connected (as after startup) when `connected`. False when the
 * input is too large or a resource is missing. */
static inline bool fuzz_conn_open(fuzz_conn *f, const uint8_t *data, size_t n, bool connected,
                                  bool cratedb)
{
    int sv[2];
    if (n > FUZZ_CONN_MAX_INPUT || socketpair(AF_UNIX, SOCK_STREAM, 0, sv) != 0)
        return false;
    f->c = pgw_conn_new();
    if (!f->c || (n && write(sv[1], data, n) != (ssize_t)n)) {
        pgw_conn_free(f->c);
        close(sv[0]);
        close(sv[1]);
        return false;
    }
    shutdown(sv[1], SHUT_WR);
    fcntl(sv[0], F_SETFL, fcntl(sv[0], F_GETFL) | O_NONBLOCK);
    f->peer = sv[1];
    f->c->t.fd = sv[0];
    /* never reached (the input ends in EOF), but a bug that waits must not
     * wait long */
    f->c->t.io_timeout_ms = 1000;
    f->c->io_timeout_ms = 1000;
    f->c->connected = connected;
    f->c->is_cratedb = cratedb;
    f->c->txn = 'I';
    f->c->t.in.data = fuzz_conn_inbuf.data;
    f->c->t.in.cap = fuzz_conn_inbuf.cap;
    return true;
}

static inline void fuzz_conn_close(fuzz_conn *f)
{
    fuzz_conn_inbuf.data = f->c->t.in.data;   /* it may have grown */
    fuzz_conn_inbuf.cap = f->c->t.in.cap;
    f->c->t.in.data = NULL;
    f->c->t.in.cap = 0;
    pgw_conn_free(f->c);
    close(f->peer);
}

/* The error a failed call leaves: a local one has a SQLSTATE of five
 * characters and a message; a server's ErrorResponse may lack both (the
 * driver's diagnostics fill in XX000 and a placeholder), but a SQLSTATE it
 * has is five characters. */
static inline void fuzz_check_error(const pgw_conn *c)
{
    const pgw_error *e = pgw_conn_error(c);
    size_t n = strlen(e->sqlstate);
    if (e->is_server) {
        FUZZ_CHECK(n == 0 || n == 5);
    } else {
        FUZZ_CHECK(n == 5);
        FUZZ_CHECK(e->message != NULL);
    }
}

/* Every field of the state the connection keeps between calls is in range;
 * a connection that is not connected holds no socket. */
static inline void fuzz_check_conn(const pgw_conn *c)
{
    FUZZ_CHECK(c->txn == 'I' || c->txn == 'T' || c->txn == 'E');
    FUZZ_CHECK(c->pending_ready >= 0);
    FUZZ_CHECK(c->readahead >= 0 && c->readahead <= 2);
    FUZZ_CHECK(!c->batch.open);
    if (!c->connected) {
        FUZZ_CHECK(c->t.fd < 0);
        FUZZ_CHECK(!c->portal_open && c->readahead == 0);
    }
    if (c->readahead > 0)
        FUZZ_CHECK(c->portal_open);
    if (pgw_parameter(c, "crate_version"))
        FUZZ_CHECK(c->is_cratedb);
}

#endif
