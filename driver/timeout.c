/*
 * timeout.c: SQL_ATTR_QUERY_TIMEOUT and SQLCancel.
 *
 * Both interrupt a request that waits on the server with a CancelRequest on
 * a connection of its own (pgw_cancel_send, protocol/cancel.c). The
 * server answers the running request with an ErrorResponse (PostgreSQL
 * 57014, CrateDB XX000 "Job killed", FACTS §3.12); protocol/ then sends
 * Sync and reads ReadyForQuery, so the connection stays usable. A server
 * that answers neither the request nor its cancel: after the timer fired,
 * the request gets the cancel's deadline once more to end, then the timer
 * breaks the connection (pgw_abort): HYT00 for the request, 08S01 after.
 * SQLCancel does the same on a watcher thread (pgw_cancel_watch), so it
 * returns at once: HY008 for the request, 08S01 after.
 *
 * SQLCancel takes no connection lock and may race SQLFreeHandle and
 * SQLDisconnect on other threads. It finds the statement in a process-wide
 * list of live statements (live_mu), and under that lock takes what it
 * needs: a reference to the connection's cancel key and the number of the
 * request in flight. It never reads the dbc or its pgw_conn, which a
 * disconnect frees. The cancel goes out only while that request is still in
 * flight (protocol/cancel.c): a cancel must not stop the connection's next
 * request, often another statement's.
 *
 * A cancellation nobody asked for, right after a cancel of this connection
 * went out for the request before (a server may apply a cancel late,
 * whatever the fence in protocol/ does), is not HY008, which tells the
 * application it cancelled: it is HY000, saying the statement did not
 * complete. (A cancel from another session, pg_cancel_backend or CrateDB's
 * KILL, stays HY008: someone did cancel it.) It is never run again: it may
 * have had effects before it was stopped (CrateDB has no transaction to
 * undo a half-done UPDATE), and only the application knows whether running
 * it again is safe.
 *
 * Why a timer thread and not `SET statement_timeout`: the timer costs no
 * round trip (a SET would be one more request per change of the attribute,
 * and would have to be undone for statements without a timeout); it acts the
 * same on CrateDB and PostgreSQL; and it also bounds the time spent reading
 * the later chunks of a streamed result, which statement_timeout on CrateDB
 * does not measure the same way (FACTS §3.12, RN 6.2.7). The thread exists
 * only while a request with a timeout is in flight.
 *
 * drv_stmt.busy tells SQLCancel, from another thread, that a request of
 * this statement is waiting on the server; SQLCancel on an idle statement
 * has no effect (ODBC 3.5 rule) but ending a pending data-at-execution
 * sequence (SQLParamData/SQLPutData).
 */
#include <errno.h>
#include <string.h>
#include <time.h>

#include "stmt_int.h"

/* ------------------------------------------------------------ live statements */

static pthread_mutex_t live_mu = PTHREAD_MUTEX_INITIALIZER;
static drv_stmt *live_head;     /* every allocated statement, under live_mu */

void drv_stmt_live_add(drv_stmt *stmt)
{
    pthread_mutex_lock(&live_mu);
    stmt->live_prev = NULL;
    stmt->live_next = live_head;
    if (live_head)
        live_head->live_prev = stmt;
    live_head = stmt;
    pthread_mutex_unlock(&live_mu);
}

void drv_stmt_live_remove(drv_stmt *stmt)
{
    pthread_mutex_lock(&live_mu);
    if (stmt->live_prev)
        stmt->live_prev->live_next = stmt->live_next;
    else if (live_head == stmt)
        live_head = stmt->live_next;
    if (stmt->live_next)
        stmt->live_next->live_prev = stmt->live_prev;
    stmt->live_prev = stmt->live_next = NULL;
    pthread_mutex_unlock(&live_mu);
}

/* The live statement h is, or NULL (caller holds live_mu). A linear walk:
 * SQLCancel is rare, and only comparing pointers never reads a freed one. */
static drv_stmt *live_find(SQLHSTMT h)
{
    for (drv_stmt *s = live_head; s; s = s->live_next)
        if ((void *)s == h)
            return s;
    return NULL;
}

bool drv_stmt_live_with(SQLHSTMT h, void (*fn)(drv_stmt *stmt, void *arg), void *arg)
{
    pthread_mutex_lock(&live_mu);
    drv_stmt *s = live_find(h);
    if (s)
        fn(s, arg);
    pthread_mutex_unlock(&live_mu);
    return s != NULL;
}

/* ------------------------------------------------------------ timer */

/* After the timer fired and its cancel went out (or could not): the
 * request has the cancel's deadline to end; a server that lets it pass
 * has stopped answering, and the connection is broken so the request ends. */
static void await_end_or_abort(drv_timer *t)
{
    struct timespec until;
    clock_gettime(CLOCK_MONOTONIC, &until);
    int grace = pgw_cancel_deadline_ms(t->key);
    until.tv_sec += grace / 1000;
    until.tv_nsec += (long)(grace % 1000) * 1000000L;
    if (until.tv_nsec >= 1000000000L) {
        until.tv_sec++;
        until.tv_nsec -= 1000000000L;
    }
    pthread_mutex_lock(&t->mu);
    int rc = 0;
    while (!t->done && rc != ETIMEDOUT)
        rc = pthread_cond_timedwait(&t->cv, &t->mu, &until);
    if (!t->done)
        pgw_abort(t->conn);   /* the request holds the connection: it is alive */
    pthread_mutex_unlock(&t->mu);
}

static void *timer_main(void *arg)
{
    drv_timer *t = arg;
    struct timespec deadline;
    clock_gettime(CLOCK_MONOTONIC, &deadline);
    deadline.tv_sec += (time_t)t->secs;
    pthread_mutex_lock(&t->mu);
    int rc = 0;
    while (!t->done && rc != ETIMEDOUT)
        rc = pthread_cond_timedwait(&t->cv, &t->mu, &deadline);
    bool fire = !t->done;
    atomic_store(&t->fired, fire);
    pthread_mutex_unlock(&t->mu);
    if (fire) {
        char err[128];
        pgw_cancel_send(t->key, t->target, err, sizeof err);
        if (t->key)
            pgw_cancel_await(t->key, t->target);   /* sends again if it missed */
        else
            await_end_or_abort(t);
    }
    return NULL;
}

/* Makes the statement's request the one SQLCancel aims at (key borrowed
 * from the timer, which holds a reference until drv_timer_stop). */
static void set_busy(drv_stmt *stmt, bool busy, pgw_cancel_key *key, uint64_t target)
{
    pthread_mutex_lock(&live_mu);
    stmt->busy = busy;
    stmt->cancel_key = key;
    stmt->cancel_target = target;
    pthread_mutex_unlock(&live_mu);
}

void drv_timer_start(drv_timer *t, drv_stmt *stmt)
{
    t->running = false;
    t->done = false;
    atomic_store(&t->fired, false);
    t->conn = stmt->dbc->conn;
    t->secs = stmt->query_timeout;
    t->key = pgw_cancel_key_get(t->conn);
    t->target = pgw_cancel_arm(t->conn);
    stmt->request = t->target;
    atomic_store(&stmt->cancel_requested, false);
    set_busy(stmt, true, t->key, t->target);
    if (t->secs == 0 || !t->conn)
        return;
    pthread_condattr_t ca;
    pthread_condattr_init(&ca);
    pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
    pthread_cond_init(&t->cv, &ca);
    pthread_condattr_destroy(&ca);
    pthread_mutex_init(&t->mu, NULL);
    /* no thread (out of resources): the query runs without its time limit */
    t->running = pthread_create(&t->th, NULL, timer_main, t) == 0;
    if (!t->running) {
        pthread_cond_destroy(&t->cv);
        pthread_mutex_destroy(&t->mu);
    }
}

bool drv_timer_stop(drv_timer *t, drv_stmt *stmt)
{
    /* first: from here on no cancel goes out for this request */
    pgw_cancel_disarm(t->conn);
    set_busy(stmt, false, NULL, 0);
    bool fired = false;
    if (t->running) {
        pthread_mutex_lock(&t->mu);
        t->done = true;
        pthread_cond_signal(&t->cv);
        pthread_mutex_unlock(&t->mu);
        pthread_join(t->th, NULL);
        pthread_cond_destroy(&t->cv);
        pthread_mutex_destroy(&t->mu);
        t->running = false;
        fired = atomic_load(&t->fired);
    }
    pgw_cancel_key_put(t->key);
    t->key = NULL;
    return fired;
}

/* HYT00 after the timer fired, else HY008 (SQLCancel); `server` is what the
 * server answered the interrupted request with, NULL when none was running. */
static SQLRETURN interrupted(drv_stmt *stmt, bool fired, const char *server)
{
    const char *open = server ? " (server: " : "", *text = server ? server : "",
               *close = server ? ")" : "";
    if (fired)
        return drv_error(&stmt->hdr, "HYT00", "Timeout expired: the query ran longer than "
                         "%lu s and was cancelled%s%s%s", (unsigned long)stmt->query_timeout,
                         open, text, close);
    return drv_error(&stmt->hdr, "HY008", "Operation canceled%s%s%s", open, text, close);
}

/* The server stopped the request as a cancel does (PostgreSQL 57014 "user
 * request", CrateDB "Job killed"), not for its own statement_timeout. */
static bool is_cancellation(const pgw_error *e)
{
    const char *m = e && e->message ? e->message : "";
    if (strstr(m, "statement_timeout") || strstr(m, "statement timeout"))
        return false;
    return strcmp(e->sqlstate, "57014") == 0 || strstr(m, "Job killed") != NULL;
}

SQLRETURN drv_timer_error(drv_stmt *stmt, bool fired, pgw_conn *c, pgw_status st)
{
    const pgw_error *e = pgw_conn_error(c);
    /* an answer the driver refused (a COPY): the statement fails for that
     * whether or not it was cancelled too, and the connection is fine */
    if (st == PGW_ERR_UNSUPPORTED)
        return drv_error_pgw(&stmt->hdr, c, st);
    if (fired && st != PGW_ERR_SERVER && st != PGW_ERR_NOMEM)
        return drv_error(&stmt->hdr, "HYT00", "Timeout expired: the query ran longer than "
                         "%lu s, and the server answered neither it nor its cancellation "
                         "in time: the connection was closed",
                         (unsigned long)stmt->query_timeout);
    if (atomic_load(&stmt->cancel_requested) && st != PGW_ERR_SERVER && st != PGW_ERR_NOMEM)
        return drv_error(&stmt->hdr, "HY008", "Operation canceled: the server answered "
                         "neither the statement nor its cancellation in time: the "
                         "connection was closed");
    if (st == PGW_ERR_SERVER && (fired || atomic_load(&stmt->cancel_requested)))
        return interrupted(stmt, fired, e && e->message ? e->message : "");
    if (st == PGW_ERR_SERVER && e && e->is_server && is_cancellation(e) &&
        pgw_cancel_sent_for_previous(c, stmt->request))
        return drv_error(&stmt->hdr, "HY000", "The server cancelled the statement, which "
                         "nobody cancelled here: a cancel request meant for the request "
                         "before it on this connection reached it late. It "
                         "did not complete and was not run again (it may have had effects); "
                         "run it again if that is safe (server: %s, SQLSTATE %s)",
                         e->message ? e->message : "", e->sqlstate);
    return drv_error_pgw(&stmt->hdr, c, st);
}

bool drv_timer_interrupted(drv_timer *t, drv_stmt *stmt)
{
    return atomic_load(&stmt->cancel_requested) || atomic_load(&t->fired);
}

SQLRETURN drv_timer_interrupted_error(drv_timer *t, drv_stmt *stmt)
{
    return interrupted(stmt, atomic_load(&t->fired), NULL);
}

/* ------------------------------------------------------------ SQLCancel */

SQLRETURN drv_cancel(SQLHSTMT h)
{
    pthread_mutex_lock(&live_mu);
    drv_stmt *stmt = live_find(h);
    if (!stmt) {
        pthread_mutex_unlock(&live_mu);
        return SQL_INVALID_HANDLE;
    }
    if (!stmt->busy) {
        /* nothing is running: no effect, except that it ends a pending
         * data-at-execution sequence (the statement returns to the state
         * before SQLExecute). trylock: if another call of this connection
         * holds the lock, this statement's sequence is not being touched by
         * us and stays as it is. The statement cannot be freed meanwhile:
         * freeing takes live_mu. */
        if (pthread_mutex_trylock(&stmt->dbc->lock) == 0) {
            if (stmt->dae)
                drv_dae_reset(stmt);
            pthread_mutex_unlock(&stmt->dbc->lock);
        }
        pthread_mutex_unlock(&live_mu);
        return SQL_SUCCESS;
    }
    /* The request is taken: a fetch that awaits a chunk ends with HY008 when its
     * wait ends (driver/fetch.c), whether or not the server could be reached in
     * time. The CancelRequest only shortens the wait: on CrateDB it may find the
     * node's thread for its connection busy producing this very chunk, and its
     * failure is then no failure of SQLCancel. */
    atomic_store(&stmt->cancel_requested, true);
    pgw_cancel_key *key = stmt->cancel_key;
    uint64_t target = stmt->cancel_target;
    if (key) {
        /* our own reference: the timer's is dropped when the request ends */
        pgw_cancel_key *mine = pgw_cancel_key_ref(key);
        pthread_mutex_unlock(&live_mu);
        char err[128];
        pgw_cancel_send(mine, target, err, sizeof err);
        /* a server that answers neither the request nor the cancel: the
         * request ends after the cancel's deadline all the same (HY008, its
         * connection closed), as after the query timeout; otherwise the
         * application waits forever for a call it cancelled. A watcher
         * thread waits for that, so SQLCancel itself returns at once. */
        pgw_cancel_watch(mine, target);
        pgw_cancel_key_put(mine);
        return SQL_SUCCESS;
    }
    pthread_mutex_unlock(&live_mu);
    return SQL_SUCCESS;
}
