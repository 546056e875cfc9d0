/*
 * timeout.c: SQL_ATTR_QUERY_TIMEOUT and SQLCancel.
 *
 * Both interrupt a request that waits on the server with a CancelRequest on
 * a connection of its own (pgw_cancel: thread-safe, takes no lock). The
 * server answers the running request with an ErrorResponse (PostgreSQL
 * 57014, CrateDB XX000 "Job killed", FACTS §3.12); protocol/ then sends
 * Sync and reads ReadyForQuery, so the connection stays usable.
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
#include <time.h>

#include "stmt_int.h"

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
        pgw_cancel(t->conn, err, sizeof err);
    }
    return NULL;
}

void drv_timer_start(drv_timer *t, drv_stmt *stmt)
{
    t->running = false;
    t->done = false;
    atomic_store(&t->fired, false);
    t->conn = stmt->dbc->conn;
    t->secs = stmt->query_timeout;
    atomic_store(&stmt->cancel_requested, false);
    atomic_store(&stmt->busy, true);
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
    atomic_store(&stmt->busy, false);
    if (!t->running)
        return false;
    pthread_mutex_lock(&t->mu);
    t->done = true;
    pthread_cond_signal(&t->cv);
    pthread_mutex_unlock(&t->mu);
    pthread_join(t->th, NULL);
    pthread_cond_destroy(&t->cv);
    pthread_mutex_destroy(&t->mu);
    t->running = false;
    return atomic_load(&t->fired);
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

SQLRETURN drv_timer_error(drv_stmt *stmt, bool fired, pgw_conn *c, pgw_status st)
{
    if (st == PGW_ERR_SERVER && (fired || atomic_load(&stmt->cancel_requested))) {
        const pgw_error *e = pgw_conn_error(c);
        return interrupted(stmt, fired, e && e->message ? e->message : "");
    }
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

SQLRETURN drv_cancel(drv_stmt *stmt)
{
    if (!atomic_load(&stmt->busy)) {
        /* nothing is running: no effect, except that it ends a pending
         * data-at-execution sequence (the statement returns to the state
         * before SQLExecute). trylock: if another call of this connection
         * holds the lock, this statement's sequence is not being touched by
         * us and stays as it is. */
        if (pthread_mutex_trylock(&stmt->dbc->lock) == 0) {
            if (stmt->dae)
                drv_dae_reset(stmt);
            pthread_mutex_unlock(&stmt->dbc->lock);
        }
        return SQL_SUCCESS;
    }
    /* The request is taken: a fetch that awaits a chunk ends with HY008 when its
     * wait ends (driver/fetch.c), whether or not the server could be reached in
     * time. The CancelRequest only shortens the wait: on CrateDB it may find the
     * node's thread for its connection busy producing this very chunk, and its
     * failure is then no failure of SQLCancel. */
    atomic_store(&stmt->cancel_requested, true);
    char err[128];
    pgw_conn *c = stmt->dbc->conn;   /* stable: the running call holds the lock */
    if (c)
        pgw_cancel(c, err, sizeof err);
    return SQL_SUCCESS;
}
