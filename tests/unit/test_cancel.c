/*
 * test_cancel.c: cancelling, through the driver's own functions (drv_*,
 * as the entry points call them) against a fake server on a loopback port.
 * The fake answers the startup, every extended-protocol message as
 * PostgreSQL does, and takes CancelRequests on the same port; each test
 * sets how it behaves:
 *   - a server that answers neither a query nor its cancel: a query timeout
 *     must still end the call (HYT00) in bounded time, and the connection
 *     is reported dead (08S01) after;
 *   - a cancel that arrives after its query ended: the fake applies it to
 *     the next query that comes while the cancel connection is still open
 *     (PostgreSQL signals the backend before it closes that connection; a
 *     signal that meets the next query stops it). The next query must wait
 *     for the cancel to be delivered, and must not be stopped;
 *   - the same cancel applied to the next query all the same (a signal
 *     delivered late): not HY008 for the query nobody cancelled; while a
 *     57014 with no cancel of ours before (another session's) stays HY008.
 * And, protocol only, a cancel connection whose peer trickles a byte now
 * and then (during the TLS handshake) ends within the cancel's deadline.
 * Every wait here is bounded; timings are asserted only as generous upper
 * bounds ("does not hang").
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "pgw_int.h"
#include "stmt_int.h"
#include "unit.h"

#define CANCEL_CODE 80877102
#define MAX_FDS 8

typedef enum fake_mode {
    FAKE_NORMAL,        /* answers every query                                */
    FAKE_SILENT,        /* never answers a query; takes a cancel and says nothing */
    FAKE_LATE_CANCEL,   /* answers the 1st query once its cancel arrived; the
                           cancel then stops the query that comes while its
                           connection is open (closed after HOLD_MS)          */
    FAKE_LATE_SIGNAL,   /* as FAKE_LATE_CANCEL, but the cancel stops the next
                           query whenever it comes (a signal delivered late) */
    FAKE_STRAY_57014,   /* answers queries with 57014, nobody having cancelled */
    FAKE_ARRAY_DONE,    /* runs an INSERT's parameter sets; holds the answer
                           of the 3rd until a cancel came (the cancel comes
                           after the server did all the work) */
    FAKE_MISSES_FIRST   /* never answers a query by itself; closes each cancel at
                           once, but only the second one stops the query (the
                           first met the backend between two messages) */
} fake_mode;

#define HOLD_MS 400

typedef struct fake {
    int listen_fd, port;
    fake_mode mode;
    pthread_t th;
    atomic_bool stop;
    atomic_int queries;          /* Executes received                     */
    atomic_int cancels;          /* CancelRequests received               */
    atomic_int stopped;          /* queries answered with 57014           */
    int cancel_fd;               /* the open cancel connection, -1 none    */
    bool pending;                /* a cancel waits for the next query      */
    long cancel_at;              /* when it arrived (ms)                    */
    int held_fd;                 /* FAKE_MISSES_FIRST: the connection whose
                                    first query runs until cancelled, -1 none */
    bool sync_held;              /* its Sync came: ReadyForQuery is owed    */
} fake;

static long now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static uint32_t be32(const unsigned char *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static void answer_row(int fd)
{
    static const unsigned char desc[] = { 0, 1, 'n', 0, 0, 0, 0, 0, 0, 0,
                                          0, 0, 0, 25, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0, 0 };
    static const unsigned char row[] = { 0, 1, 0, 0, 0, 1, '1' };
    unit_send_msg(fd, 'T', desc, sizeof desc);
    unit_send_msg(fd, 'D', row, sizeof row);
    unit_send_msg(fd, 'C', "SELECT 1", 9);
}

/* Counted before the answer goes out: the client may see the answer and the
 * test read the count before this thread runs again (it did, once, on a
 * loaded machine). */
static void answer_cancelled(fake *f, int fd)
{
    static const char err[] = "SERROR\0C57014\0Mcanceling statement due to user request\0";
    atomic_fetch_add(&f->stopped, 1);
    unit_send_msg(fd, 'E', err, sizeof err);
}

/* FAKE_MISSES_FIRST: a cancel stops the held query (57014), and the
 * ReadyForQuery owed for its Sync goes out. */
static void release_held(fake *f)
{
    answer_cancelled(f, f->held_fd);
    if (f->sync_held)
        unit_send_msg(f->held_fd, 'Z', "I", 1);
    f->held_fd = -1;
    f->sync_held = false;
}

/* A new connection's first packet: a startup (answered: logged in, key,
 * ready) or a CancelRequest (kept open as the mode says). False when it is
 * neither or the peer left. */
static bool greet(fake *f, int fd, bool *is_cancel)
{
    unsigned char head[8], rest[1024];
    if (!unit_read_full(fd, head, 8))
        return false;
    uint32_t len = be32(head), code = be32(head + 4);
    if (len < 8 || len - 8 > sizeof rest || !unit_read_full(fd, rest, len - 8))
        return false;
    *is_cancel = code == CANCEL_CODE;
    if (*is_cancel) {
        atomic_fetch_add(&f->cancels, 1);
        return true;
    }
    static const unsigned char auth_ok[] = { 0, 0, 0, 0 };
    static const unsigned char key[] = { 0, 0, 0, 42, 0, 0, 0, 7 };
    unit_send_msg(fd, 'R', auth_ok, sizeof auth_ok);
    unit_send_msg(fd, 'K', key, sizeof key);
    unit_send_msg(fd, 'Z', "I", 1);
    return true;
}

static void take_connection(fake *f, int *main_fd);

/* One frontend message of the main connection, answered as PostgreSQL
 * would (in the fake's mode). False at EOF. */
static bool serve_msg(fake *f, int fd, bool *skipping)
{
    unsigned char head[5], body[4096];
    if (!unit_read_full(fd, head, 5))
        return false;
    size_t n = be32(head + 1) - 4;
    if (n > sizeof body || !unit_read_full(fd, body, n))
        return false;
    char t = (char)head[0];
    if (t == 'X')
        return false;
    if (t == 'S' && f->held_fd == fd) {
        f->sync_held = true;   /* answered when the query is released */
        return true;
    }
    if (t == 'S') {
        *skipping = false;
        unit_send_msg(fd, 'Z', "I", 1);
        return true;
    }
    if (*skipping)
        return true;
    switch (t) {
    case 'P': unit_send_msg(fd, '1', "", 0); break;
    case 'B': unit_send_msg(fd, '2', "", 0); break;
    case 'C': unit_send_msg(fd, '3', "", 0); break;
    case 'D':
        if (n > 0 && body[0] == 'S' && f->mode == FAKE_ARRAY_DONE) {
            static const unsigned char one_int[] = { 0, 1, 0, 0, 0, 23 };
            unit_send_msg(fd, 't', one_int, sizeof one_int);
            unit_send_msg(fd, 'n', "", 0);
        } else if (n > 0 && body[0] == 'S') {
            static const unsigned char no_params[] = { 0, 0 };
            unit_send_msg(fd, 't', no_params, sizeof no_params);
        }
        break;   /* the RowDescription goes out with the Execute */
    case 'Q':
        answer_row(fd);
        unit_send_msg(fd, 'Z', "I", 1);
        break;
    case 'E': {
        int nth = atomic_fetch_add(&f->queries, 1) + 1;
        if (f->mode == FAKE_SILENT)
            break;
        if (f->mode == FAKE_ARRAY_DONE) {
            for (long t0 = now_ms(); nth == 3 && atomic_load(&f->cancels) == 0 &&
                                     now_ms() - t0 < 3000;) {
                struct pollfd lp = { f->listen_fd, POLLIN, 0 };
                if (poll(&lp, 1, 10) > 0)
                    take_connection(f, NULL);
            }
            unit_send_msg(fd, 'C', "INSERT 0 1", 11);
            break;
        }
        if (f->mode == FAKE_MISSES_FIRST && nth == 1) {
            f->held_fd = fd;   /* runs until a cancel finds it */
            break;
        }
        if (f->mode == FAKE_STRAY_57014) {
            answer_cancelled(f, fd);
            *skipping = true;
            break;
        }
        bool late = f->mode == FAKE_LATE_CANCEL || f->mode == FAKE_LATE_SIGNAL;
        if (late && nth == 1) {
            /* the query finishes just as its cancel arrives */
            for (long t0 = now_ms(); atomic_load(&f->cancels) == 0 && now_ms() - t0 < 3000;) {
                struct pollfd lp = { f->listen_fd, POLLIN, 0 };
                if (poll(&lp, 1, 10) > 0)
                    take_connection(f, NULL);
            }
            answer_row(fd);
            break;
        }
        if (late && f->pending) {
            f->pending = false;
            answer_cancelled(f, fd);   /* the late signal meets this query */
            *skipping = true;
            break;
        }
        answer_row(fd);
        break;
    }
    default: break;
    }
    return true;
}

/* Accepts one connection: the main one (when main_fd is given and none is
 * open yet) or a cancel, kept as the mode says. */
static void take_connection(fake *f, int *main_fd)
{
    int fd = accept(f->listen_fd, NULL, NULL);
    bool is_cancel = false;
    if (fd < 0)
        return;
    if (!greet(f, fd, &is_cancel)) {
        close(fd);
    } else if (!is_cancel && main_fd && *main_fd < 0) {
        *main_fd = fd;
    } else if (is_cancel && (f->mode == FAKE_LATE_CANCEL || f->mode == FAKE_LATE_SIGNAL) &&
               f->cancel_fd < 0) {
        f->cancel_fd = fd;
        f->cancel_at = now_ms();
        f->pending = true;
    } else if (is_cancel && f->mode == FAKE_MISSES_FIRST) {
        close(fd);   /* taken and closed at once: delivered */
        if (atomic_load(&f->cancels) >= 2 && f->held_fd >= 0)
            release_held(f);   /* this one finds the query */
    } else if (is_cancel && f->mode == FAKE_SILENT && f->cancel_fd < 0) {
        f->cancel_fd = fd;   /* kept open, silent, until the fake stops */
    } else {
        close(fd);
    }
}

static void *serve(void *arg)
{
    fake *f = arg;
    int main_fd = -1;
    bool skipping = false;
    while (!atomic_load(&f->stop)) {
        if (f->cancel_fd >= 0 && now_ms() - f->cancel_at >= HOLD_MS &&
            (f->mode == FAKE_LATE_CANCEL || f->mode == FAKE_LATE_SIGNAL)) {
            close(f->cancel_fd);
            f->cancel_fd = -1;
            if (f->mode == FAKE_LATE_CANCEL)
                f->pending = false;   /* delivered: the signal found no query */
        }
        struct pollfd p[2] = { { f->listen_fd, POLLIN, 0 }, { main_fd, POLLIN, 0 } };
        if (poll(p, 2, 20) <= 0)
            continue;
        if (p[0].revents & POLLIN)
            take_connection(f, &main_fd);
        if (main_fd >= 0 && (p[1].revents & (POLLIN | POLLHUP | POLLERR)) &&
            !serve_msg(f, main_fd, &skipping)) {
            close(main_fd);
            main_fd = -1;
        }
    }
    if (main_fd >= 0)
        close(main_fd);
    if (f->cancel_fd >= 0)
        close(f->cancel_fd);
    return NULL;
}

static void start_fake(fake *f, fake_mode mode)
{
    memset(f, 0, sizeof *f);
    f->mode = mode;
    f->cancel_fd = -1;
    f->held_fd = -1;
    f->listen_fd = socket(AF_INET, SOCK_STREAM, 0);
    CU_ASSERT_FATAL(f->listen_fd >= 0);
    struct sockaddr_in a = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
    CU_ASSERT_EQUAL_FATAL(bind(f->listen_fd, (struct sockaddr *)&a, sizeof a), 0);
    CU_ASSERT_EQUAL_FATAL(listen(f->listen_fd, 8), 0);
    socklen_t al = sizeof a;
    getsockname(f->listen_fd, (struct sockaddr *)&a, &al);
    f->port = ntohs(a.sin_port);
    CU_ASSERT_EQUAL_FATAL(pthread_create(&f->th, NULL, serve, f), 0);
}

static void stop_fake(fake *f)
{
    atomic_store(&f->stop, true);
    pthread_join(f->th, NULL);
    close(f->listen_fd);
}

/* ------------------------------------------------------------ driver side */

typedef struct client {
    drv_env *env;
    drv_dbc *dbc;
} client;

static bool client_connect(client *cl, int port)
{
    if (drv_env_alloc(&cl->env) != SQL_SUCCESS)
        return false;
    pthread_mutex_lock(&cl->env->lock);
    SQLRETURN rc = drv_dbc_alloc(cl->env, &cl->dbc);
    pthread_mutex_unlock(&cl->env->lock);
    if (rc != SQL_SUCCESS)
        return false;
    char cs[160];
    snprintf(cs, sizeof cs, "Server=127.0.0.1;Port=%d;UID=u;SSLMode=disable;LoginTimeout=1",
             port);
    drv_strout out = { NULL, 0, false, false };
    pthread_mutex_lock(&cl->dbc->lock);
    rc = drv_driver_connect(cl->dbc, NULL, cs, &out, NULL, SQL_DRIVER_NOPROMPT);
    pthread_mutex_unlock(&cl->dbc->lock);
    return SQL_SUCCEEDED(rc);
}

static void client_close(client *cl)
{
    pthread_mutex_lock(&cl->dbc->lock);
    drv_disconnect(cl->dbc);
    pthread_mutex_unlock(&cl->dbc->lock);
    drv_dbc_free(cl->dbc);
    drv_env_free(cl->env);
}

static drv_stmt *new_stmt(client *cl)
{
    drv_stmt *s = NULL;
    pthread_mutex_lock(&cl->dbc->lock);
    drv_stmt_alloc(cl->dbc, &s);
    pthread_mutex_unlock(&cl->dbc->lock);
    return s;
}

/* SQLExecDirect as the entry point runs it; the first SQLSTATE into state. */
static SQLRETURN exec(drv_stmt *s, const char *sql, char state[6])
{
    drv_stmt_enter(s);
    SQLRETURN rc = drv_exec_direct(s, sql, strlen(sql));
    if (SQL_SUCCEEDED(rc))
        drv_close_cursor(s, false);
    snprintf(state, 6, "%s", s->hdr.diag.count > 0 ? s->hdr.diag.recs[0].sqlstate : "");
    return drv_stmt_leave(s, rc);
}

/* ------------------------------------------------------------ tests */

typedef struct exec_job {
    drv_stmt *stmt;
    SQLRETURN rc;
    char state[6];
    atomic_bool done;
} exec_job;

static void *exec_thread(void *arg)
{
    exec_job *j = arg;
    j->rc = exec(j->stmt, "SELECT n FROM t", j->state);
    atomic_store(&j->done, true);
    return NULL;
}

/* Neither the query nor its cancel is answered: with a query timeout of 1 s
 * and a cancel deadline of 1 s (LoginTimeout), HYT00 comes within a few
 * seconds, and the connection is dead (08S01) after. Before: a hang. */
static void test_timeout_dead_server(void)
{
    fake f;
    start_fake(&f, FAKE_SILENT);
    client cl;
    CU_ASSERT_FATAL(client_connect(&cl, f.port));
    drv_stmt *s = new_stmt(&cl);
    CU_ASSERT_PTR_NOT_NULL_FATAL(s);
    s->query_timeout = 1;
    exec_job j = { .stmt = s };
    pthread_t th;
    long t0 = now_ms();
    CU_ASSERT_EQUAL_FATAL(pthread_create(&th, NULL, exec_thread, &j), 0);
    while (!atomic_load(&j.done) && now_ms() - t0 < 15000)
        usleep(10000);
    bool ended = atomic_load(&j.done);
    CU_ASSERT_TRUE(ended);   /* bounded: 1 s timeout + 1 s cancel + 1 s grace */
    if (!ended) {
        /* unblock the stuck call so the suite can go on: the server leaves */
        atomic_store(&f.stop, true);
        pthread_join(f.th, NULL);
        pthread_join(th, NULL);
    } else {
        pthread_join(th, NULL);
    }
    CU_ASSERT_EQUAL(j.rc, SQL_ERROR);
    CU_ASSERT_STRING_EQUAL(j.state, "HYT00");
    CU_ASSERT_EQUAL(atomic_load(&f.cancels), 1);
    char state[6];
    CU_ASSERT_EQUAL(exec(s, "SELECT 1", state), SQL_ERROR);
    CU_ASSERT_STRING_EQUAL(state, "08S01");
    client_close(&cl);
    if (ended)
        stop_fake(&f);
    else
        close(f.listen_fd);
}

typedef struct cancel_job {
    fake *f;
    drv_stmt *stmt;
    int after;      /* cancels once the fake has this many Executes (0: 1) */
} cancel_job;

static void *cancel_when_running(void *arg)
{
    cancel_job *j = arg;
    int after = j->after > 0 ? j->after : 1;
    for (long t0 = now_ms(); atomic_load(&j->f->queries) < after && now_ms() - t0 < 3000;)
        usleep(1000);
    drv_cancel(j->stmt);
    return NULL;
}

/* SQLCancel for S1 reaches the server as S1 finishes; S2 runs next on the
 * same connection. Returns S2's outcome. */
static SQLRETURN s1_cancelled_then_s2(fake_mode mode, fake *f, char state[6])
{
    start_fake(f, mode);
    client cl;
    CU_ASSERT_FATAL(client_connect(&cl, f->port));
    drv_stmt *s1 = new_stmt(&cl), *s2 = new_stmt(&cl);
    CU_ASSERT_FATAL(s1 && s2);
    cancel_job cj = { f, s1, 0 };
    pthread_t th;
    CU_ASSERT_EQUAL_FATAL(pthread_create(&th, NULL, cancel_when_running, &cj), 0);
    char s1_state[6];
    exec(s1, "SELECT n FROM t", s1_state);
    SQLRETURN rc = exec(s2, "SELECT n FROM t", state);
    pthread_join(th, NULL);
    CU_ASSERT_EQUAL(atomic_load(&f->cancels), 1);
    client_close(&cl);
    stop_fake(f);
    return rc;
}

/* S2 must not be stopped by S1's cancel: it waits until the cancel was
 * delivered (the server closed its connection). Before: S2 failed with
 * HY008. */
static void test_late_cancel_spares_next(void)
{
    fake f;
    char state[6];
    CU_ASSERT_EQUAL(s1_cancelled_then_s2(FAKE_LATE_CANCEL, &f, state), SQL_SUCCESS);
    CU_ASSERT_STRING_EQUAL(state, "");
    CU_ASSERT_EQUAL(atomic_load(&f.stopped), 0);
}

/* A server that applies S1's cancel to S2 all the same (its signal came
 * late): S2, which nobody cancelled, is not "Operation canceled" (HY008)
 * but HY000 saying what happened. Before: HY008. */
static void test_stray_cancel_not_hy008(void)
{
    fake f;
    char state[6];
    CU_ASSERT_EQUAL(s1_cancelled_then_s2(FAKE_LATE_SIGNAL, &f, state), SQL_ERROR);
    CU_ASSERT_STRING_EQUAL(state, "HY000");
    CU_ASSERT_EQUAL(atomic_load(&f.stopped), 1);
}

/* A cancel from another session (pg_cancel_backend, CrateDB's KILL), no
 * cancel of ours before: someone did cancel it, HY008 as before. */
static void test_foreign_cancel_is_hy008(void)
{
    fake f;
    start_fake(&f, FAKE_STRAY_57014);
    client cl;
    CU_ASSERT_FATAL(client_connect(&cl, f.port));
    drv_stmt *s = new_stmt(&cl);
    char state[6];
    CU_ASSERT_EQUAL(exec(s, "SELECT n FROM t", state), SQL_ERROR);
    CU_ASSERT_STRING_EQUAL(state, "HY008");
    CU_ASSERT_EQUAL(atomic_load(&f.stopped), 1);
    client_close(&cl);
    stop_fake(&f);
}

/* The server takes the timeout's cancel and closes its connection, but the
 * cancel misses (PostgreSQL between two pipelined messages, CrateDB before
 * the job registered): the cancel goes out again, the second one stops the
 * query (HYT00 with the server's message), and the connection stays usable.
 * Before: one cancel, then the connection was cut at the deadline (HYT00,
 * then 08S01 for the next statement). */
static void test_missed_cancel_sent_again(void)
{
    fake f;
    start_fake(&f, FAKE_MISSES_FIRST);
    client cl;
    CU_ASSERT_FATAL(client_connect(&cl, f.port));
    drv_stmt *s = new_stmt(&cl);
    CU_ASSERT_PTR_NOT_NULL_FATAL(s);
    s->query_timeout = 1;
    char state[6];
    CU_ASSERT_EQUAL(exec(s, "SELECT n FROM t", state), SQL_ERROR);
    CU_ASSERT_STRING_EQUAL(state, "HYT00");
    CU_ASSERT_EQUAL(atomic_load(&f.cancels), 2);
    CU_ASSERT_EQUAL(atomic_load(&f.stopped), 1);
    s->query_timeout = 0;
    CU_ASSERT_EQUAL(exec(s, "SELECT 1", state), SQL_SUCCESS);
    CU_ASSERT_STRING_EQUAL(state, "");
    client_close(&cl);
    stop_fake(&f);
}

/* SQLCancel reaches the server after it did every set of a parameter
 * array (the answers were on their way): nothing was stopped, so the call
 * succeeds and every set is SQL_PARAM_SUCCESS. Before: HY008 with every
 * set done, which tells the application its work did not happen. */
static void test_cancel_after_array_done(void)
{
    fake f;
    start_fake(&f, FAKE_ARRAY_DONE);
    client cl;
    CU_ASSERT_FATAL(client_connect(&cl, f.port));
    drv_stmt *s = new_stmt(&cl);
    CU_ASSERT_PTR_NOT_NULL_FATAL(s);
    SQLINTEGER ids[3] = { 1, 2, 3 };
    SQLUSMALLINT status[3] = { 9, 9, 9 };
    drv_stmt_enter(s);
    CU_ASSERT_EQUAL(drv_set_stmt_attr(s, SQL_ATTR_PARAMSET_SIZE, (SQLPOINTER)3, 0), SQL_SUCCESS);
    CU_ASSERT_EQUAL(drv_set_stmt_attr(s, SQL_ATTR_PARAM_STATUS_PTR, status, 0), SQL_SUCCESS);
    CU_ASSERT_EQUAL(drv_bind_parameter(s, 1, SQL_PARAM_INPUT, SQL_C_SLONG, SQL_INTEGER, 0, 0,
                                       ids, 0, NULL), SQL_SUCCESS);
    drv_stmt_leave(s, SQL_SUCCESS);
    cancel_job cj = { &f, s, 3 };
    pthread_t th;
    CU_ASSERT_EQUAL_FATAL(pthread_create(&th, NULL, cancel_when_running, &cj), 0);
    char state[6];
    SQLRETURN rc = exec(s, "INSERT INTO t (i) VALUES (?)", state);
    pthread_join(th, NULL);
    CU_ASSERT_EQUAL(atomic_load(&f.cancels), 1);
    CU_ASSERT_EQUAL(rc, SQL_SUCCESS);
    CU_ASSERT_STRING_EQUAL(state, "");
    for (int i = 0; i < 3; i++)
        CU_ASSERT_EQUAL(status[i], SQL_PARAM_SUCCESS);
    client_close(&cl);
    stop_fake(&f);
}

/* SQLCancel on a statement freed by another thread (and on one never
 * allocated) is SQL_INVALID_HANDLE and touches nothing. Before: it read
 * the freed statement (ASan heap-use-after-free). */
static void test_cancel_freed_stmt(void)
{
    fake f;
    start_fake(&f, FAKE_NORMAL);
    client cl;
    CU_ASSERT_FATAL(client_connect(&cl, f.port));
    drv_stmt *s = new_stmt(&cl);
    CU_ASSERT_PTR_NOT_NULL_FATAL(s);
    CU_ASSERT_EQUAL(drv_cancel(s), SQL_SUCCESS);   /* idle: no effect */
    pthread_mutex_lock(&cl.dbc->lock);
    drv_stmt_free(s);
    pthread_mutex_unlock(&cl.dbc->lock);
    CU_ASSERT_EQUAL(drv_cancel(s), SQL_INVALID_HANDLE);
    int not_a_stmt = 0;
    CU_ASSERT_EQUAL(drv_cancel(&not_a_stmt), SQL_INVALID_HANDLE);
    client_close(&cl);
    stop_fake(&f);
}

/* ------------------------------------------------------------ protocol: trickle */

typedef struct trickler {
    int listen_fd;
    pthread_t th;
    atomic_bool stop;
} trickler;

/* Answers the SSLRequest with S, then sends the start of a TLS record one
 * byte every 200 ms, for as long as the test lets it. */
static void *trickle(void *arg)
{
    trickler *tr = arg;
    int fd = accept(tr->listen_fd, NULL, NULL);
    if (fd < 0)
        return NULL;
    unsigned char req[8];
    if (unit_read_full(fd, req, 8))
        (void)!send(fd, "S", 1, MSG_NOSIGNAL);
    static const unsigned char record[] = { 0x16, 0x03, 0x03, 0x40, 0x00 };
    for (size_t i = 0; !atomic_load(&tr->stop); i++) {
        unsigned char b = i < sizeof record ? record[i] : 0;
        if (send(fd, &b, 1, MSG_NOSIGNAL) != 1)
            break;
        usleep(200000);
    }
    close(fd);
    return NULL;
}

typedef struct send_job {
    pgw_cancel_key *key;
    uint64_t target;
    pgw_status st;
    atomic_bool done;
} send_job;

static void *send_thread(void *arg)
{
    send_job *j = arg;
    char err[128];
    j->st = pgw_cancel_send(j->key, j->target, err, sizeof err);
    atomic_store(&j->done, true);
    return NULL;
}

/* The cancel's peer trickles a byte every 200 ms during the TLS handshake:
 * each wait is short, but the cancel ends within its deadline (1 s). */
static void test_cancel_trickle_deadline(void)
{
    trickler tr = {0};
    tr.listen_fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
    CU_ASSERT_EQUAL_FATAL(bind(tr.listen_fd, (struct sockaddr *)&a, sizeof a), 0);
    CU_ASSERT_EQUAL_FATAL(listen(tr.listen_fd, 2), 0);
    socklen_t al = sizeof a;
    getsockname(tr.listen_fd, (struct sockaddr *)&a, &al);
    CU_ASSERT_EQUAL_FATAL(pthread_create(&tr.th, NULL, trickle, &tr), 0);

    int peer;
    pgw_conn *c = unit_fake_conn(&peer, false);
    pgw_connect_params p = { .ssl_mode = PGW_SSL_REQUIRE };
    pgw_error e = {0};
    CU_ASSERT_EQUAL_FATAL(pgw_tls_new(&p, &c->tls, &e), PGW_OK);
    memcpy(&c->cancel_addr, &a, sizeof a);
    c->cancel_addrlen = sizeof a;
    c->have_key = true;
    c->cancel_tls = true;
    c->connect_timeout_ms = 1000;
    snprintf(c->host, sizeof c->host, "127.0.0.1");
    c->ckey = pgw_cancel_key_new(c);
    CU_ASSERT_PTR_NOT_NULL_FATAL(c->ckey);

    send_job j = { pgw_cancel_key_get(c), pgw_cancel_arm(c), PGW_OK, false };
    pthread_t th;
    long t0 = now_ms();
    CU_ASSERT_EQUAL_FATAL(pthread_create(&th, NULL, send_thread, &j), 0);
    while (!atomic_load(&j.done) && now_ms() - t0 < 10000)
        usleep(10000);
    CU_ASSERT_TRUE(atomic_load(&j.done));     /* bounded (1 s deadline) */
    atomic_store(&tr.stop, true);             /* (ends a cancel that hangs) */
    pthread_join(th, NULL);
    pthread_join(tr.th, NULL);
    CU_ASSERT_NOT_EQUAL(j.st, PGW_OK);
    pgw_cancel_key_put(j.key);
    close(tr.listen_fd);
    close(peer);
    pgw_conn_free(c);
}

void register_cancel_tests(void)
{
    CU_pSuite s = CU_add_suite("cancel and query timeout (fake server)", NULL, NULL);
    CU_add_test(s, "timeout against a dead server: HYT00 in bounded time, then 08S01",
                test_timeout_dead_server);
    CU_add_test(s, "a late cancel does not stop the next query", test_late_cancel_spares_next);
    CU_add_test(s, "a cancel applied late to the next query is not HY008",
                test_stray_cancel_not_hy008);
    CU_add_test(s, "a cancel from another session stays HY008", test_foreign_cancel_is_hy008);
    CU_add_test(s, "a cancel that missed is sent again; the connection stays usable",
                test_missed_cancel_sent_again);
    CU_add_test(s, "a cancel after the server did every set of an array stops nothing",
                test_cancel_after_array_done);
    CU_add_test(s, "SQLCancel on a freed statement", test_cancel_freed_stmt);
    CU_add_test(s, "a trickling cancel peer: bounded by the deadline",
                test_cancel_trickle_deadline);
}
