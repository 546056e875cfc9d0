/*
 * cancel.c: cancelling a request of a pgw_conn from another thread: the
 * pgw_cancel_key (what a cancel needs, copied once connected and
 * reference-counted, so a cancel never reads the pgw_conn, which its owner
 * may disconnect and free meanwhile), the request in flight that a cancel
 * aims at, the fence that holds the connection's next request while a
 * cancel is on the wire, and pgw_cancel_send: a CancelRequest over a new
 * connection, within one overall deadline.
 *
 * Why aim and fence: the CancelRequest names a session, not a request. The
 * server stops whatever that session runs when the request reaches it; a
 * cancel for a request that has just ended would stop the next one (often
 * another statement's). So the request must still be in flight when the
 * cancel goes out (checked as late as possible: after the connection and
 * its TLS handshake), and the next request waits until the server has
 * closed the cancel connection: PostgreSQL has signalled the backend by
 * then, and a backend that is idle when the signal comes drops it.
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
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "pgw_int.h"

#define CANCEL_WAIT_MS 5000

struct pgw_cancel_key {
    pthread_mutex_t mu;
    pthread_cond_t cv;             /* signalled when `sending` drops */
    int refs;                      /* under mu */
    /* set once by pgw_cancel_key_new, read-only after */
    struct sockaddr_storage addr;
    socklen_t addrlen;
    int32_t pid, secret;
    bool have_key;
    pgw_tls *tls;                  /* a reference; NULL: plaintext */
    char host[256];                /* for the certificate check and SNI */
    int deadline_ms;               /* of one pgw_cancel_send */
    /* the connection, for pgw_cancel_await only: read under mu while
     * `running` names a request, which holds the connection alive */
    pgw_conn *conn;
    /* under mu */
    uint64_t last;                 /* the number of the last request armed */
    uint64_t running;              /* the request in flight, 0 for none */
    int sending;                   /* cancels whose request is on the wire */
    uint64_t last_sent;            /* the request the last cancel sent was for */
    uint64_t last_delivered;       /* ... and the last one the server took and closed */
    /* the watcher of the last cancel (pgw_cancel_watch), joined by
     * pgw_cancel_unwatch: the library must not be unloaded under it */
    bool watching;
    uint64_t watch_target;
    pthread_t watcher;
};

pgw_cancel_key *pgw_cancel_key_new(pgw_conn *c)
{
    pgw_cancel_key *k = calloc(1, sizeof *k);
    if (!k)
        return NULL;
    pthread_condattr_t ca;
    pthread_condattr_init(&ca);
    pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
    pthread_cond_init(&k->cv, &ca);
    pthread_condattr_destroy(&ca);
    pthread_mutex_init(&k->mu, NULL);
    k->refs = 1;
    memcpy(&k->addr, &c->cancel_addr, sizeof k->addr);
    k->addrlen = c->cancel_addrlen;
    k->pid = c->be_pid;
    k->secret = c->be_secret;
    k->have_key = c->have_key && c->cancel_addrlen > 0;
    k->tls = c->cancel_tls ? pgw_tls_ref(c->tls) : NULL;
    snprintf(k->host, sizeof k->host, "%s", c->host);
    k->deadline_ms = c->connect_timeout_ms > 0 ? c->connect_timeout_ms : CANCEL_WAIT_MS;
    k->conn = c;
    return k;
}

pgw_cancel_key *pgw_cancel_key_ref(pgw_cancel_key *k)
{
    if (!k)
        return NULL;
    pthread_mutex_lock(&k->mu);
    k->refs++;
    pthread_mutex_unlock(&k->mu);
    return k;
}

pgw_cancel_key *pgw_cancel_key_get(pgw_conn *c)
{
    return c ? pgw_cancel_key_ref(c->ckey) : NULL;
}

void pgw_cancel_key_put(pgw_cancel_key *k)
{
    if (!k)
        return;
    pthread_mutex_lock(&k->mu);
    bool last = --k->refs == 0;
    pthread_mutex_unlock(&k->mu);
    if (!last)
        return;
    pgw_tls_free(k->tls);
    pthread_cond_destroy(&k->cv);
    pthread_mutex_destroy(&k->mu);
    free(k);
}

bool pgw_cancel_sent_for_previous(pgw_conn *c, uint64_t request)
{
    pgw_cancel_key *k = c ? c->ckey : NULL;
    if (!k || request == 0)
        return false;
    pthread_mutex_lock(&k->mu);
    bool sent = k->last_sent != 0 && k->last_sent + 1 == request;
    pthread_mutex_unlock(&k->mu);
    return sent;
}

int pgw_cancel_deadline_ms(const pgw_cancel_key *k)
{
    return k ? k->deadline_ms : CANCEL_WAIT_MS;
}

uint64_t pgw_cancel_arm(pgw_conn *c)
{
    pgw_cancel_key *k = c ? c->ckey : NULL;
    if (!k)
        return 0;
    pthread_mutex_lock(&k->mu);
    uint64_t n = k->running = ++k->last;
    pthread_mutex_unlock(&k->mu);
    return n;
}

void pgw_cancel_disarm(pgw_conn *c)
{
    pgw_cancel_key *k = c ? c->ckey : NULL;
    if (!k)
        return;
    pthread_mutex_lock(&k->mu);
    k->running = 0;
    pthread_cond_broadcast(&k->cv);     /* pgw_cancel_await */
    pthread_mutex_unlock(&k->mu);
}

/* Waits until request `target` has ended or CLOCK_MONOTONIC reaches
 * until_ms; true if it still runs (under mu on return either way). */
static bool still_running_at(pgw_cancel_key *k, uint64_t target, int64_t until_ms)
{
    struct timespec until = { .tv_sec = (time_t)(until_ms / 1000),
                              .tv_nsec = (long)(until_ms % 1000) * 1000000L };
    int rc = 0;
    while (k->running == target && rc != ETIMEDOUT)
        rc = pthread_cond_timedwait(&k->cv, &k->mu, &until);
    return k->running == target;
}

/* A cancel the server took may still miss its request: PostgreSQL drops the
 * signal when the backend is between two pipelined messages, CrateDB when
 * the job has not registered yet. So while the request runs, a cancel the
 * server took and closed is sent again every fifth of the deadline; one the
 * server never took is not (a server that does not answer would only pile
 * up connections). At the deadline the connection is cut. */
void pgw_cancel_await(pgw_cancel_key *k, uint64_t target)
{
    if (!k || target == 0)
        return;
    int64_t now = pgw_now_ms(), end = now + k->deadline_ms;
    int64_t step = k->deadline_ms / 5 > 0 ? k->deadline_ms / 5 : 1;
    pthread_mutex_lock(&k->mu);
    while (still_running_at(k, target, now + step < end ? now + step : end)) {
        now = pgw_now_ms();
        if (now >= end) {
            /* still in flight: its connection is alive (pgw_cancel_disarm,
             * which comes before the request returns, waits for mu) */
            pgw_abort(k->conn);
            break;
        }
        if (k->last_delivered == target) {
            pthread_mutex_unlock(&k->mu);
            char err[128];
            pgw_cancel_send(k, target, err, sizeof err);
            pthread_mutex_lock(&k->mu);
            now = pgw_now_ms();
        }
    }
    pthread_mutex_unlock(&k->mu);
}

typedef struct watch_arg {
    pgw_cancel_key *k;             /* a reference of the watcher's own */
    uint64_t target;
} watch_arg;

static void *watch_main(void *p)
{
    watch_arg *w = p;
    pgw_cancel_await(w->k, w->target);
    pgw_cancel_key_put(w->k);
    free(w);
    return NULL;
}

/* Takes the watcher out of k (under mu): the caller joins it. */
static bool take_watcher(pgw_cancel_key *k, pthread_t *th)
{
    if (!k->watching)
        return false;
    *th = k->watcher;
    k->watching = false;
    return true;
}

void pgw_cancel_watch(pgw_cancel_key *k, uint64_t target)
{
    if (!k || target == 0)
        return;
    pthread_t old;
    pthread_mutex_lock(&k->mu);
    if (k->watching && k->watch_target == target) {
        pthread_mutex_unlock(&k->mu);   /* this request is watched already */
        return;
    }
    bool join = take_watcher(k, &old);
    pthread_mutex_unlock(&k->mu);
    if (join)                           /* an earlier request's: it has ended */
        pthread_join(old, NULL);

    watch_arg *w = malloc(sizeof *w);
    if (w) {
        w->k = pgw_cancel_key_ref(k);
        w->target = target;
        pthread_mutex_lock(&k->mu);
        if (k->running != target) {
            /* it has ended: nothing to watch, and its connection may have
             * let go of the key already (nobody would join a watcher) */
            pthread_mutex_unlock(&k->mu);
            pgw_cancel_key_put(w->k);
            free(w);
            return;
        }
        bool started = !k->watching &&
                       pthread_create(&k->watcher, NULL, watch_main, w) == 0;
        if (started) {
            k->watching = true;
            k->watch_target = target;
        }
        pthread_mutex_unlock(&k->mu);
        if (started)
            return;
        pgw_cancel_key_put(w->k);
        free(w);
    }
    pgw_cancel_await(k, target);        /* no thread: wait here instead */
}

void pgw_cancel_unwatch(pgw_cancel_key *k)
{
    if (!k)
        return;
    pthread_t th;
    pthread_mutex_lock(&k->mu);
    bool join = take_watcher(k, &th);
    pthread_mutex_unlock(&k->mu);
    if (join)
        pthread_join(th, NULL);
}

void pgw_cancel_fence(pgw_cancel_key *k)
{
    if (!k)
        return;
    struct timespec until;
    clock_gettime(CLOCK_MONOTONIC, &until);
    until.tv_sec += k->deadline_ms / 1000 + 1;
    pthread_mutex_lock(&k->mu);
    int rc = 0;
    while (k->sending > 0 && rc != ETIMEDOUT)
        rc = pthread_cond_timedwait(&k->cv, &k->mu, &until);
    pthread_mutex_unlock(&k->mu);
}

/* Takes the cancel onto the wire if request `target` is still in flight:
 * from then on the connection's next request waits (pgw_cancel_fence). */
static bool begin_sending(pgw_cancel_key *k, uint64_t target)
{
    pthread_mutex_lock(&k->mu);
    bool go = target != 0 && k->running == target;
    if (go) {
        k->sending++;
        k->last_sent = target;
    }
    pthread_mutex_unlock(&k->mu);
    return go;
}

static void end_sending(pgw_cancel_key *k, uint64_t target, bool delivered)
{
    pthread_mutex_lock(&k->mu);
    k->sending--;
    if (delivered)
        k->last_delivered = target;
    pthread_cond_broadcast(&k->cv);
    pthread_mutex_unlock(&k->mu);
}

/* Waits until the server closes the cancel connection: the request has
 * been delivered by then. A server that answers instead will not close it
 * soon: CrateDB 6.4 sends an ErrorResponse when the key names no session of
 * the node ("failed to find action [internal:crate:pg/cancel] to execute":
 * the broadcast to the other nodes is not registered; so after DISCARD ALL,
 * which unregisters the session) and keeps the connection until its 30 s
 * limit for unauthenticated ones. A timeout or an error here is not a
 * failure. True when the server closed it (the cancel was delivered). */
static bool wait_for_close(pgw_transport *t)
{
    for (;;) {
        char tmp[64];
        ssize_t n = t->ops->read(t, tmp, sizeof tmp);
        if (n >= 0)
            return n == 0;
        if (errno == EINTR)
            continue;
        if ((errno == EAGAIN || errno == EWOULDBLOCK) && pgw_tr_wait(t, POLLIN) == PGW_OK)
            continue;
        return false;
    }
}

void pgw_abort(pgw_conn *c)
{
    pthread_mutex_lock(&c->fd_mu);
    if (c->t.fd >= 0)
        pgw_tr_abort(&c->t);
    pthread_mutex_unlock(&c->fd_mu);
}

static pgw_status fail(char *errbuf, size_t errlen, pgw_status st, const char *what,
                       const char *why)
{
    if (errbuf && errlen)
        snprintf(errbuf, errlen, "%s: %s", what, why);
    return st;
}

pgw_status pgw_cancel_send(pgw_cancel_key *k, uint64_t target, char *errbuf, size_t errlen)
{
    if (errbuf && errlen)
        errbuf[0] = '\0';
    if (!k || !k->have_key)
        return fail(errbuf, errlen, PGW_ERR_STATE, "no cancel", "no BackendKeyData");
    /* one deadline for all of it: a peer that trickles a byte now and then
     * must not keep the cancel (and a query timeout waiting on it) forever */
    int64_t deadline = pgw_now_ms() + k->deadline_ms;
    int err = 0;
    int fd = pgw_tr_connect_addr((const struct sockaddr *)&k->addr, k->addrlen, k->deadline_ms,
                                 &err);
    if (fd < 0)
        return fail(errbuf, errlen, PGW_ERR_CONNECT,
                    "could not connect to send the cancel request", strerror(err));
    /* a transport of its own: 16 bytes out, nothing but the close back */
    pgw_transport t;
    pgw_tr_init(&t, 64);
    t.fd = fd;
    t.io_timeout_ms = k->deadline_ms;
    t.deadline_ms = deadline;
    pgw_error e = {0};
    pgw_status st = PGW_OK;
    if (k->tls) {
        bool refused;
        st = pgw_tls_start(&t, k->tls, k->host, &refused, &e);
        if (st == PGW_OK && refused) {
            pgw_set_error(&e, "08001", "the server refused TLS for the cancel request");
            st = PGW_ERR_CONNECT;
        }
    }
    if (st == PGW_OK && !begin_sending(k, target)) {
        st = fail(errbuf, errlen, PGW_ERR_STATE, "cancel not sent",
                  "the request it was for has ended");
        goto out;
    }
    if (st == PGW_OK) {
        pgw_enc_cancel(&t.out, k->pid, k->secret);
        st = pgw_tr_flush(&t, &e);
        end_sending(k, target, st == PGW_OK && wait_for_close(&t));
    }
    if (st != PGW_OK)
        fail(errbuf, errlen, st, "could not send the cancel request",
             e.message ? e.message : "out of memory");
out:
    pgw_error_clear(&e);
    pgw_tr_free(&t);
    return st;
}

bool pgw_cancel_own(pgw_conn *c)
{
    pgw_cancel_key *k = c ? c->ckey : NULL;
    if (!k)
        return false;
    pthread_mutex_lock(&k->mu);
    uint64_t target = k->running;
    pthread_mutex_unlock(&k->mu);
    char err[128];
    return target != 0 && pgw_cancel_send(k, target, err, sizeof err) == PGW_OK;
}
