/*
 * stress.c: the driver under threads, for ThreadSanitizer (configure
 * --enable-tsan; tests/run.sh runs it so, in plaintext and over TLS, with the
 * driver's entry points compiled in and through unixODBC). Built twice from
 * this one file: tests/stress/stress calls the driver directly (every call
 * reaches the driver as an application's thread makes it);
 * tests/stress/stress_dm links unixODBC's libodbc, which loads the driver
 * named in the connection string. Through unixODBC 2.3 the scenarios with
 * SQLCancel do not apply: its SQLCancel clears the statement's diagnostics
 * without a lock (below Threading=3) while the statement's other calls run,
 * and closes, in its own state machine, a cursor open between two fetches,
 * so the next SQLFetch fails with the driver manager's HY010.
 *
 * Scenarios, on one environment; each checks what it gets back, not only
 * that nothing crashes: rows come from ROWS_SQL, whose row g is (g, 'r' || g),
 * and are checked one by one as fetched, so a lost, repeated or foreign row
 * (another statement's) is a failure like a crash or an unexpected SQLSTATE.
 *
 *   own              16 threads (STRESS_THREADS), a connection each: mixed
 *                    queries (scalar, streamed rows, prepared with a
 *                    parameter, some with a query timeout), reconnecting now
 *                    and then
 *   shared           four threads sharing one connection, a statement each,
 *                    streaming their cursors in random pieces
 *   cancel_exec      SQLCancel racing SQLExecDirect: a canceller cancels at a
 *                    random moment of a long query (before, during, after)
 *   cancel_fetch     SQLCancel racing SQLFetch: the same while a result
 *                    streams in small chunks
 *   free_while_used  statements allocated, half read and freed (four ways)
 *                    on one thread while another thread streams a long
 *                    cursor on the same connection
 *   cursor_orders    three statements on one connection opening, streaming
 *                    and closing cursors in every order (all 90
 *                    interleavings, closing each of four ways)
 *   envdiag          connections allocated and freed on the shared
 *                    environment while others read and set its attributes
 *   cancel_free      SQLCancel racing SQLFreeHandle(SQL_HANDLE_STMT): a
 *                    canceller aims at the worker's latest statement all the
 *                    time, while it runs, idles, is freed and after
 *   cancel_disconnect  SQLCancel racing SQLDisconnect, which frees the
 *                    statement the canceller aims at and the session
 *
 * In cancel_free and cancel_disconnect a statement nobody cancels runs on
 * the same connection: HY008 (or any failure) there is a cancel that landed
 * on the wrong request. The statement the canceller aims at is also freed
 * while it aims, so an allocation elsewhere may get its address; those two
 * run last, each on its own, so such a cancel cannot reach another
 * scenario's statement. The others run at the same time, for STRESS_SECONDS.
 *
 * Environment:
 *   STRESS_CONNSTR   the connection string (required), e.g.
 *                    "Server=127.0.0.1;Port=5432;UID=u;PWD=p;SSLMode=require"
 *                    (the default SSLMode is prefer: plaintext needs disable)
 *                    (with stress_dm: "Driver=CrateDB;..." or "DSN=...")
 *   STRESS_SECONDS   how long the concurrent scenarios run, and each of the
 *                    two last ones (default 3); whatever it says every
 *                    worker does one round, cursor_orders one pass over the
 *                    90 orders, and cancel_exec and cancel_fetch, which pass
 *                    only when one of their cancels took effect, go on until
 *                    one did (20 rounds at most)
 *   STRESS_THREADS   the threads of `own` (default 16)
 *   STRESS_ONLY      the scenarios to run, comma-separated (default all)
 * Output: a line per scenario, then "N passed, N failed". Exit status 0 when
 * every scenario passed, 1 if not, 2 when the server cannot be reached.
 */
#include <pthread.h>
#include <sched.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sql.h>
#include <sqlext.h>

#define MAX_OWN 64
#define SHARED_THREADS 4
#define RACE_PAIRS 2          /* worker + canceller pairs of cancel_exec, cancel_fetch */
#define USE_PAIRS 2           /* connections of free_while_used */
#define ORDER_THREADS 4       /* connections of cursor_orders: one per way to close */
#define ENVDIAG_THREADS 2
#define MAX_REPORTED 5        /* failure messages printed per scenario */

/* Row g of ROWS_SQL(first, last) is (g, 'r' || g): both columns are checked. */
#define ROWS_SQL "SELECT g, 'r' || g FROM generate_series(%ld, %ld) AS t(g)"
/* A query that keeps the server busy for a while without a sort or a big
 * intermediate result: 1000 * rows rows counted (%ld: rows). */
#define LONG_SQL "SELECT count(*) FROM generate_series(1, 1000) AS a(x), " \
                 "generate_series(1, %ld) AS b(y)"

static SQLHENV env;
static const char *connstr;
static atomic_bool stop_now;

static bool stopping(void)
{
    return atomic_load(&stop_now);
}

/* The loop condition of every worker: its first round always runs (a
 * scenario whose connections took all its time on a busy machine still does
 * its work once), the others until its time is up. */
static bool another_round(long *round)
{
    return (*round)++ == 0 || !stopping();
}

static void sleep_us(long us)
{
    struct timespec ts = {us / 1000000, (us % 1000000) * 1000};
    nanosleep(&ts, NULL);
}

static long now_us(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long)ts.tv_sec * 1000000L + ts.tv_nsec / 1000;
}

/* ------------------------------------------------------------ scenarios */

typedef struct scenario scenario;
struct scenario {
    const char *name;
    void (*run)(scenario *sc);    /* starts its threads; returns when they ended */
    bool alone;                   /* aims SQLCancel at freed handles: runs on its own */
    bool needs_cancel;            /* passes only when some cancel took effect */
    bool selected;
    atomic_long ops;              /* units of work done (a query, a round, an order) */
    atomic_long cancelled;        /* calls a SQLCancel ended with HY008 */
    atomic_long failures;
};

static void fail(scenario *sc, const char *fmt, ...)
{
    if (atomic_fetch_add(&sc->failures, 1) >= MAX_REPORTED)
        return;
    char line[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    fprintf(stderr, "stress: %s: %s\n", sc->name, line);
}

/* The first diagnostic of h: its SQLSTATE into state[6], its text into msg. */
static void first_diag(SQLSMALLINT type, SQLHANDLE h, char *state, char *msg, size_t msglen)
{
    SQLINTEGER native = 0;
    SQLSMALLINT len = 0;
    if (!SQL_SUCCEEDED(SQLGetDiagRec(type, h, 1, (SQLCHAR *)state, &native, (SQLCHAR *)msg,
                                     (SQLSMALLINT)msglen, &len)))
        state[0] = msg[0] = '\0';
}

static void fail_diag(scenario *sc, SQLSMALLINT type, SQLHANDLE h, const char *what)
{
    char state[6], msg[512];
    first_diag(type, h, state, msg, sizeof msg);
    fail(sc, "%s failed: %s %s", what, state, msg);
}

/* How a statement's work ended. */
typedef enum { DONE, CANCELLED, FAILED } outcome;

/* A call on stmt returned rc, not a success: CANCELLED when it is HY008 and
 * the scenario cancels this statement (may_cancel), else a failure. */
static outcome failed_call(scenario *sc, SQLHSTMT stmt, SQLRETURN rc, bool may_cancel,
                           const char *what)
{
    char state[6], msg[512];
    first_diag(SQL_HANDLE_STMT, stmt, state, msg, sizeof msg);
    if (may_cancel && strcmp(state, "HY008") == 0) {
        atomic_fetch_add(&sc->cancelled, 1);
        return CANCELLED;
    }
    fail(sc, "%s returned %d: %s %s", what, (int)rc, state, msg);
    return FAILED;
}

/* ------------------------------------------------------------ connections */

/* A new connection on the shared environment: STRESS_CONNSTR, then `extra`
 * (ODBC: the first occurrence of a keyword wins, so STRESS_CONNSTR can
 * override it). SQL_NULL_HDBC after a failure, which is recorded. */
static SQLHDBC connect_with(scenario *sc, const char *extra)
{
    char cs[2048];
    size_t n = strlen(connstr);
    const char *sep = n > 0 && connstr[n - 1] == ';' ? "" : ";";
    snprintf(cs, sizeof cs, "%s%s%s", connstr, extra ? sep : "", extra ? extra : "");
    SQLHDBC dbc = SQL_NULL_HDBC;
    if (!SQL_SUCCEEDED(SQLAllocHandle(SQL_HANDLE_DBC, env, &dbc))) {
        fail(sc, "SQLAllocHandle(SQL_HANDLE_DBC) failed");
        return SQL_NULL_HDBC;
    }
    SQLRETURN rc = SQLDriverConnect(dbc, NULL, (SQLCHAR *)cs, SQL_NTS, NULL, 0, NULL,
                                    SQL_DRIVER_NOPROMPT);
    if (!SQL_SUCCEEDED(rc)) {
        fail_diag(sc, SQL_HANDLE_DBC, dbc, "SQLDriverConnect");
        SQLFreeHandle(SQL_HANDLE_DBC, dbc);
        return SQL_NULL_HDBC;
    }
    return dbc;
}

static void disconnect(scenario *sc, SQLHDBC dbc)
{
    if (!SQL_SUCCEEDED(SQLDisconnect(dbc)))
        fail_diag(sc, SQL_HANDLE_DBC, dbc, "SQLDisconnect");
    SQLFreeHandle(SQL_HANDLE_DBC, dbc);
}

static SQLHSTMT alloc_stmt(scenario *sc, SQLHDBC dbc)
{
    SQLHSTMT stmt = SQL_NULL_HSTMT;
    if (!SQL_SUCCEEDED(SQLAllocHandle(SQL_HANDLE_STMT, dbc, &stmt))) {
        fail_diag(sc, SQL_HANDLE_DBC, dbc, "SQLAllocHandle(SQL_HANDLE_STMT)");
        return SQL_NULL_HSTMT;
    }
    return stmt;
}

/* ------------------------------------------------------------ checked rows */

/* A cursor over ROWS_SQL(first, last), read and checked row by row. */
typedef struct cursor {
    SQLHSTMT stmt;
    long next, last;    /* the row expected next; the last row */
    bool open;
} cursor;

/* Is the current row of stmt row g of ROWS_SQL? A mismatch is recorded. */
static bool row_is(scenario *sc, SQLHSTMT stmt, long g)
{
    SQLBIGINT v = 0;
    char text[32] = "", want[32];
    SQLLEN ind1 = 0, ind2 = 0;
    if (!SQL_SUCCEEDED(SQLGetData(stmt, 1, SQL_C_SBIGINT, &v, 0, &ind1)) ||
        !SQL_SUCCEEDED(SQLGetData(stmt, 2, SQL_C_CHAR, text, sizeof text, &ind2))) {
        fail_diag(sc, SQL_HANDLE_STMT, stmt, "SQLGetData");
        return false;
    }
    snprintf(want, sizeof want, "r%ld", g);
    if (v != g || strcmp(text, want) != 0) {
        fail(sc, "row %ld read as (%lld, '%s')", g, (long long)v, text);
        return false;
    }
    return true;
}

static outcome cursor_open(scenario *sc, cursor *c, SQLHSTMT stmt, long first, long last,
                           bool may_cancel)
{
    char sql[160];
    snprintf(sql, sizeof sql, ROWS_SQL, first, last);
    c->stmt = stmt;
    c->next = first;
    c->last = last;
    c->open = false;
    SQLRETURN rc = SQLExecDirect(stmt, (SQLCHAR *)sql, SQL_NTS);
    if (!SQL_SUCCEEDED(rc))
        return failed_call(sc, stmt, rc, may_cancel, "SQLExecDirect (rows)");
    c->open = true;
    return DONE;
}

/* Fetches up to max rows of c, checking each, never past the last row; with
 * max < 0 all of them and then SQL_NO_DATA, which must come right there. */
static outcome cursor_fetch(scenario *sc, cursor *c, long max, bool may_cancel)
{
    for (long i = 0; max < 0 || (i < max && c->next <= c->last); i++) {
        SQLRETURN rc = SQLFetch(c->stmt);
        if (rc == SQL_NO_DATA) {
            if (c->next <= c->last) {
                fail(sc, "rows %ld to %ld lost: SQL_NO_DATA after row %ld", c->next, c->last,
                     c->next - 1);
                return FAILED;
            }
            return DONE;
        }
        if (!SQL_SUCCEEDED(rc))
            return failed_call(sc, c->stmt, rc, may_cancel, "SQLFetch");
        if (c->next > c->last) {
            fail(sc, "a row after the last one (%ld)", c->last);
            return FAILED;
        }
        if (!row_is(sc, c->stmt, c->next))
            return FAILED;
        c->next++;
    }
    return DONE;
}

/* SQLFreeStmt(SQL_CLOSE): no cursor is left open whatever happened. */
static void cursor_drop(cursor *c)
{
    SQLFreeStmt(c->stmt, SQL_CLOSE);
    c->open = false;
}

/* Opens ROWS_SQL(first, last) on stmt and reads all of it. */
static outcome read_rows(scenario *sc, SQLHSTMT stmt, long first, long last)
{
    cursor c;
    outcome o = cursor_open(sc, &c, stmt, first, last, false);
    if (o == DONE)
        o = cursor_fetch(sc, &c, -1, false);
    cursor_drop(&c);
    return o;
}

/* Runs sql, whose one row has one integer column, and checks that it is want. */
static outcome query_scalar(scenario *sc, SQLHSTMT stmt, const char *sql, long want,
                            bool may_cancel)
{
    SQLRETURN rc = SQLExecDirect(stmt, (SQLCHAR *)sql, SQL_NTS);
    if (!SQL_SUCCEEDED(rc))
        return failed_call(sc, stmt, rc, may_cancel, sql);
    outcome o = DONE;
    SQLBIGINT v = 0;
    SQLLEN ind = 0;
    rc = SQLFetch(stmt);
    if (rc == SQL_NO_DATA) {
        fail(sc, "%s: no row", sql);
        o = FAILED;
    } else if (!SQL_SUCCEEDED(rc)) {
        o = failed_call(sc, stmt, rc, may_cancel, sql);
    } else if (!SQL_SUCCEEDED(SQLGetData(stmt, 1, SQL_C_SBIGINT, &v, 0, &ind))) {
        fail_diag(sc, SQL_HANDLE_STMT, stmt, "SQLGetData");
        o = FAILED;
    } else if (v != want) {
        fail(sc, "%s: %lld, not %ld", sql, (long long)v, want);
        o = FAILED;
    }
    SQLFreeStmt(stmt, SQL_CLOSE);
    return o;
}

/* SELECT CAST(? AS INTEGER) * 2, prepared once and executed three times. */
static outcome prepared_query(scenario *sc, SQLHSTMT stmt, unsigned *seed)
{
    SQLINTEGER param = 0;
    SQLLEN ind = 0;
    if (!SQL_SUCCEEDED(SQLPrepare(stmt, (SQLCHAR *)"SELECT CAST(? AS INTEGER) * 2", SQL_NTS)) ||
        !SQL_SUCCEEDED(SQLBindParameter(stmt, 1, SQL_PARAM_INPUT, SQL_C_SLONG, SQL_INTEGER, 0, 0,
                                        &param, 0, &ind))) {
        fail_diag(sc, SQL_HANDLE_STMT, stmt, "SQLPrepare/SQLBindParameter");
        return FAILED;
    }
    for (int i = 0; i < 3; i++) {
        param = (SQLINTEGER)(rand_r(seed) % 100000);
        SQLBIGINT v = 0;
        SQLLEN vind = 0;
        SQLRETURN rc = SQLExecute(stmt);
        if (SQL_SUCCEEDED(rc))
            rc = SQLFetch(stmt);
        if (SQL_SUCCEEDED(rc))
            rc = SQLGetData(stmt, 1, SQL_C_SBIGINT, &v, 0, &vind);
        SQLFreeStmt(stmt, SQL_CLOSE);
        if (!SQL_SUCCEEDED(rc)) {
            fail_diag(sc, SQL_HANDLE_STMT, stmt, "prepared SELECT");
            return FAILED;
        }
        if (v != 2 * (SQLBIGINT)param) {
            fail(sc, "prepared SELECT %d * 2 returned %lld", (int)param, (long long)v);
            return FAILED;
        }
    }
    SQLFreeStmt(stmt, SQL_RESET_PARAMS);
    return DONE;
}

/* ------------------------------------------------------------ threads */

/* What each thread of a scenario gets: the scenario, a seed, the thread's
 * number, and the scenario's shared state. */
typedef struct thread_arg {
    scenario *sc;
    unsigned seed;
    int index;
    void *shared;
} thread_arg;

/* Runs fn on n threads and waits for them all. */
static void run_threads(scenario *sc, int n, void *(*fn)(void *), void *shared)
{
    pthread_t th[MAX_OWN];
    thread_arg args[MAX_OWN];
    int started = 0;
    for (int i = 0; i < n && i < MAX_OWN; i++) {
        args[i] = (thread_arg){sc, (unsigned)(1000 * (i + 1)) ^ (unsigned)now_us(), i, shared};
        if (pthread_create(&th[i], NULL, fn, &args[i]) != 0) {
            fail(sc, "pthread_create failed");
            break;
        }
        started++;
    }
    for (int i = 0; i < started; i++)
        pthread_join(th[i], NULL);
}

/* ------------------------------------------------------------ own */

static int own_threads = 16;

static void *own_main(void *arg)
{
    thread_arg *a = arg;
    scenario *sc = a->sc;
    SQLHDBC dbc = connect_with(sc, "FetchSize=64");
    for (long round = 0; dbc && another_round(&round);) {
        SQLHSTMT stmt = alloc_stmt(sc, dbc);
        if (!stmt)
            break;
        /* a timeout that never fires: its timer thread comes and goes */
        if (rand_r(&a->seed) % 4 == 0)
            SQLSetStmtAttr(stmt, SQL_ATTR_QUERY_TIMEOUT, (SQLPOINTER)(uintptr_t)60, 0);
        switch (rand_r(&a->seed) % 4) {
        case 0: query_scalar(sc, stmt, "SELECT 1", 1, false); break;
        case 1: read_rows(sc, stmt, 1, 1 + rand_r(&a->seed) % 300); break;
        case 2: query_scalar(sc, stmt, "SELECT count(*) FROM generate_series(1, 20000) AS t(g)",
                             20000, false); break;
        default: prepared_query(sc, stmt, &a->seed); break;
        }
        SQLFreeHandle(SQL_HANDLE_STMT, stmt);
        atomic_fetch_add(&sc->ops, 1);
        if (rand_r(&a->seed) % 20 == 0) {
            disconnect(sc, dbc);
            dbc = connect_with(sc, "FetchSize=64");
        }
    }
    if (dbc)
        disconnect(sc, dbc);
    return NULL;
}

static void run_own(scenario *sc)
{
    run_threads(sc, own_threads, own_main, NULL);
}

/* ------------------------------------------------------------ shared */

/* One statement of the shared connection: cursors over this thread's own
 * range of rows, read in random pieces while the other threads' statements
 * take the connection in between (which reads ahead or drains their
 * cursors); now and then closed before the end. */
static void *shared_main(void *arg)
{
    thread_arg *a = arg;
    scenario *sc = a->sc;
    SQLHSTMT stmt = alloc_stmt(sc, (SQLHDBC)a->shared);
    for (long round = 0; stmt && another_round(&round);) {
        long first = (a->index + 1) * 10000000L + round * 1000;
        cursor c;
        if (cursor_open(sc, &c, stmt, first, first + 50 + rand_r(&a->seed) % 400, false) != DONE) {
            cursor_drop(&c);
            continue;
        }
        /* one cursor in four is closed after some 60 rows */
        long stop_at = rand_r(&a->seed) % 4 == 0 ? first + 60 : c.last + 1;
        outcome o = DONE;
        while (o == DONE && c.next < stop_at && c.next <= c.last) {
            o = cursor_fetch(sc, &c, 1 + rand_r(&a->seed) % 40, false);
            sched_yield();   /* the other threads' statements take the connection */
        }
        if (o == DONE && c.next > c.last)
            cursor_fetch(sc, &c, -1, false);   /* SQL_NO_DATA right after the last row */
        cursor_drop(&c);
        atomic_fetch_add(&sc->ops, 1);
    }
    if (stmt)
        SQLFreeHandle(SQL_HANDLE_STMT, stmt);
    return NULL;
}

static void run_shared(scenario *sc)
{
    SQLHDBC dbc = connect_with(sc, "FetchSize=30");
    if (!dbc)
        return;
    run_threads(sc, SHARED_THREADS, shared_main, dbc);
    disconnect(sc, dbc);
}

/* ------------------------------------------------------------ cancel races on live statements */

/* One SQLCancel per round, at a moment the worker chose at random: the
 * worker starts a round, does its work, then waits until the canceller's
 * SQLCancel has returned, so the cancel can only meet the round's work (or
 * nothing) and never a statement freed or a later request. */
typedef struct race {
    scenario *sc;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    SQLHSTMT target;
    long delay_us;
    long started, finished;      /* rounds begun by the worker; whose cancel returned */
    long cancel_us;              /* how long a SQLCancel takes, on average */
    bool quit;
} race;

static void *race_canceller(void *arg)
{
    race *r = arg;
    pthread_mutex_lock(&r->mu);
    for (;;) {
        while (r->started == r->finished && !r->quit)
            pthread_cond_wait(&r->cv, &r->mu);
        if (r->started == r->finished)
            break;   /* quit, no round pending */
        SQLHSTMT target = r->target;
        long delay = r->delay_us, round = r->started;
        pthread_mutex_unlock(&r->mu);
        sleep_us(delay);
        long t0 = now_us();
        SQLRETURN rc = SQLCancel(target);
        long took = now_us() - t0;
        if (rc != SQL_SUCCESS)
            fail(r->sc, "SQLCancel on a live statement returned %d", (int)rc);
        pthread_mutex_lock(&r->mu);
        r->cancel_us = r->cancel_us ? (3 * r->cancel_us + took) / 4 : took;
        r->finished = round;
        pthread_cond_broadcast(&r->cv);
    }
    pthread_mutex_unlock(&r->mu);
    return NULL;
}

static void race_begin(race *r, SQLHSTMT target, long delay_us)
{
    pthread_mutex_lock(&r->mu);
    r->target = target;
    r->delay_us = delay_us;
    r->started++;
    pthread_cond_broadcast(&r->cv);
    pthread_mutex_unlock(&r->mu);
}

/* Until the round's SQLCancel has returned; how long a SQLCancel takes. */
static long race_end(race *r)
{
    pthread_mutex_lock(&r->mu);
    while (r->finished != r->started)
        pthread_cond_wait(&r->cv, &r->mu);
    long cancel_us = r->cancel_us;
    pthread_mutex_unlock(&r->mu);
    return cancel_us;
}

/* Rounds go on until the time is up and one of the scenario's cancels took
 * effect (HY008), that race being the point; but not for ever: when no
 * cancel took effect, 20 rounds in all. */
static bool race_another_round(race *r, long *round)
{
    return another_round(round) || (atomic_load(&r->sc->cancelled) == 0 && *round <= 20);
}

/* A random delay in [0, took_us], took_us being how long the work takes
 * when not cancelled: the cancel comes before, during or (the work being
 * faster some times) after it. */
static long race_delay(unsigned *seed, long took_us)
{
    return (long)(rand_r(seed) % (unsigned)(took_us + 1));
}

/* Starts the canceller, runs worker(r, dbc, stmt, seed) until the scenario
 * stops, stops the canceller. */
static void race_run(thread_arg *a, const char *extra,
                     void (*worker)(race *, SQLHSTMT, unsigned *))
{
    scenario *sc = a->sc;
    race r = {.sc = sc};
    pthread_mutex_init(&r.mu, NULL);
    pthread_cond_init(&r.cv, NULL);
    SQLHDBC dbc = connect_with(sc, extra);
    SQLHSTMT stmt = dbc ? alloc_stmt(sc, dbc) : SQL_NULL_HSTMT;
    pthread_t canceller;
    if (stmt && pthread_create(&canceller, NULL, race_canceller, &r) == 0) {
        worker(&r, stmt, &a->seed);
        pthread_mutex_lock(&r.mu);
        r.quit = true;
        pthread_cond_broadcast(&r.cv);
        pthread_mutex_unlock(&r.mu);
        pthread_join(canceller, NULL);
    }
    if (stmt)
        SQLFreeHandle(SQL_HANDLE_STMT, stmt);
    if (dbc)
        disconnect(sc, dbc);
    pthread_cond_destroy(&r.cv);
    pthread_mutex_destroy(&r.mu);
}

/* cancel_exec: LONG_SQL either counts all its rows or ends with HY008;
 * once the cancel is over the statement runs a query again as if nothing
 * happened (a cancel that arrived late would stop that one). A cancel takes
 * a while to arrive (over TLS on a busy machine, half a second: a new
 * connection, a handshake, a new server process), so the query's size
 * follows it, to run two to four times as long: most cancels then meet it
 * running, some arrive before, some after. */
static void cancel_exec_worker(race *r, SQLHSTMT stmt, unsigned *seed)
{
    long rows = 8000, took_us = 500000;   /* an uncancelled run, learned as we go */
    for (long round = 0; race_another_round(r, &round);) {
        char sql[160];
        snprintf(sql, sizeof sql, LONG_SQL, rows);
        race_begin(r, stmt, race_delay(seed, took_us));
        long t0 = now_us();
        if (query_scalar(r->sc, stmt, sql, 1000 * rows, true) == DONE)
            took_us = (3 * took_us + now_us() - t0) / 4;
        long cancel_us = race_end(r);
        if (took_us < 2 * cancel_us && rows < 64000) {
            rows *= 2;
            took_us *= 2;
        } else if (took_us > 4 * cancel_us && rows > 1000) {
            rows /= 2;
            took_us /= 2;
        }
        query_scalar(r->sc, stmt, "SELECT 42", 42, false);
        atomic_fetch_add(&r->sc->ops, 1);
    }
}

static void *cancel_exec_main(void *arg)
{
    race_run(arg, NULL, cancel_exec_worker);
    return NULL;
}

static void run_cancel_exec(scenario *sc)
{
    run_threads(sc, RACE_PAIRS, cancel_exec_main, NULL);
}

/* cancel_fetch: a result streaming in chunks of 20 rows is cancelled at a
 * random moment of its fetching: every row before the HY008 is right, and
 * the statement then streams a result again, all of it. */
#define FETCH_ROWS 3000L

static void cancel_fetch_worker(race *r, SQLHSTMT stmt, unsigned *seed)
{
    long took_us = 100000;
    for (long round = 0; race_another_round(r, &round);) {
        cursor c;
        if (cursor_open(r->sc, &c, stmt, 1, FETCH_ROWS, false) == DONE) {
            race_begin(r, stmt, race_delay(seed, took_us));
            long t0 = now_us();
            if (cursor_fetch(r->sc, &c, -1, true) == DONE)
                took_us = (3 * took_us + now_us() - t0) / 4;
            race_end(r);
        }
        cursor_drop(&c);
        read_rows(r->sc, stmt, 1, 100);
        atomic_fetch_add(&r->sc->ops, 1);
    }
}

static void *cancel_fetch_main(void *arg)
{
    race_run(arg, "FetchSize=20", cancel_fetch_worker);
    return NULL;
}

static void run_cancel_fetch(scenario *sc)
{
    run_threads(sc, RACE_PAIRS, cancel_fetch_main, NULL);
}

/* ------------------------------------------------------------ free_while_used */

/* The thread that keeps one long cursor streaming, checking every row,
 * while its partner allocates and frees statements on the connection. */
static void *use_reader_main(void *arg)
{
    thread_arg *a = arg;
    scenario *sc = a->sc;
    SQLHSTMT stmt = alloc_stmt(sc, (SQLHDBC)a->shared);
    for (long round = 0; stmt && another_round(&round);) {
        cursor c;
        outcome o = cursor_open(sc, &c, stmt, 1, 2000, false);
        while (o == DONE && c.next <= c.last && !stopping()) {
            o = cursor_fetch(sc, &c, 25, false);
            sched_yield();   /* the partner's statements take the connection */
        }
        if (o == DONE && c.next > c.last)
            cursor_fetch(sc, &c, -1, false);   /* SQL_NO_DATA right after the last row */
        cursor_drop(&c);
        atomic_fetch_add(&sc->ops, 1);
    }
    if (stmt)
        SQLFreeHandle(SQL_HANDLE_STMT, stmt);
    return NULL;
}

/* The partner: statements allocated, run, read in part and freed, a
 * different way each time. */
static void *use_churner_main(void *arg)
{
    thread_arg *a = arg;
    scenario *sc = a->sc;
    for (long round = 0; another_round(&round);) {
        SQLHSTMT stmt = alloc_stmt(sc, (SQLHDBC)a->shared);
        if (!stmt)
            break;
        cursor c = {.stmt = stmt};
        unsigned how = rand_r(&a->seed) % 5;
        if (how != 0 && cursor_open(sc, &c, stmt, 500, 700, false) == DONE)
            cursor_fetch(sc, &c, how == 4 ? -1 : (long)(rand_r(&a->seed) % 150), false);
        switch (how) {
        case 1: SQLFreeStmt(stmt, SQL_CLOSE); break;
        case 2: if (c.open) SQLCloseCursor(stmt); break;
        default: break;   /* 0: never executed; 3: freed with its cursor open; 4: read to the end */
        }
        if (!SQL_SUCCEEDED(SQLFreeHandle(SQL_HANDLE_STMT, stmt)))
            fail(sc, "SQLFreeHandle(SQL_HANDLE_STMT) failed");
        atomic_fetch_add(&sc->ops, 1);
    }
    return NULL;
}

static void *use_pair_main(void *arg)
{
    thread_arg *a = arg;
    scenario *sc = a->sc;
    SQLHDBC dbc = connect_with(sc, "FetchSize=25");
    if (!dbc)
        return NULL;
    pthread_t reader;
    thread_arg ra = {sc, a->seed + 1, a->index, dbc}, ca = {sc, a->seed + 2, a->index, dbc};
    if (pthread_create(&reader, NULL, use_reader_main, &ra) == 0) {
        use_churner_main(&ca);
        pthread_join(reader, NULL);
    } else {
        fail(sc, "pthread_create failed");
    }
    disconnect(sc, dbc);
    return NULL;
}

static void run_free_while_used(scenario *sc)
{
    run_threads(sc, USE_PAIRS, use_pair_main, NULL);
}

/* ------------------------------------------------------------ cursor_orders */

#define ORDER_STMTS 3
#define ORDER_EVENTS (2 * ORDER_STMTS)
#define ORDER_ROWS 60          /* more than a sequence reads before its closes */
#define ORDER_SEQUENCES 90     /* 6! / 2^3: opens before their closes */

/* A sequence of events: event i < ORDER_STMTS opens statement i's cursor,
 * ORDER_STMTS + i closes it. */
typedef struct sequence {
    int ev[ORDER_EVENTS];
} sequence;

static sequence sequences[ORDER_SEQUENCES];

/* Every order of the opens and closes with each open before its close. */
static int make_sequences(sequence *cur, int len, unsigned opened, unsigned closed, int n)
{
    if (len == ORDER_EVENTS) {
        if (n < ORDER_SEQUENCES)
            sequences[n] = *cur;
        return n + 1;
    }
    for (int i = 0; i < ORDER_STMTS; i++) {
        unsigned bit = 1u << i;
        if (!(opened & bit)) {
            cur->ev[len] = i;
            n = make_sequences(cur, len + 1, opened | bit, closed, n);
        } else if (!(closed & bit)) {
            cur->ev[len] = ORDER_STMTS + i;
            n = make_sequences(cur, len + 1, opened, closed | bit, n);
        }
    }
    return n;
}

/* The four ways a cursor ends. */
typedef enum { END_READ_ALL, END_FREESTMT, END_CLOSECURSOR, END_FREEHANDLE, END_WAYS } end_way;

static void end_cursor(scenario *sc, cursor *c, end_way how)
{
    switch (how) {
    case END_READ_ALL:
        if (cursor_fetch(sc, c, -1, false) == DONE && !SQL_SUCCEEDED(SQLCloseCursor(c->stmt)))
            fail_diag(sc, SQL_HANDLE_STMT, c->stmt, "SQLCloseCursor after the last row");
        break;
    case END_FREESTMT:
        if (!SQL_SUCCEEDED(SQLFreeStmt(c->stmt, SQL_CLOSE)))
            fail_diag(sc, SQL_HANDLE_STMT, c->stmt, "SQLFreeStmt(SQL_CLOSE)");
        break;
    case END_CLOSECURSOR:
        if (!SQL_SUCCEEDED(SQLCloseCursor(c->stmt)))
            fail_diag(sc, SQL_HANDLE_STMT, c->stmt, "SQLCloseCursor");
        break;
    default:
        if (!SQL_SUCCEEDED(SQLFreeHandle(SQL_HANDLE_STMT, c->stmt)))
            fail(sc, "SQLFreeHandle(SQL_HANDLE_STMT) with a cursor open failed");
        c->stmt = SQL_NULL_HSTMT;
        break;
    }
    c->open = false;
}

/* One sequence on dbc: after every event each cursor still open reads three
 * more rows, so every cursor is read across the others' opens and closes.
 * Statement i reads rows (i+1)*1000 + 1 on: another's row is noticed. The
 * way statement i closes is (rotation + i + event) % END_WAYS: the threads'
 * rotations 0 to 3 close every statement of every order in each way. */
static void run_sequence(scenario *sc, SQLHDBC dbc, const sequence *seq, unsigned rotation)
{
    cursor cur[ORDER_STMTS];
    for (int i = 0; i < ORDER_STMTS; i++) {
        cur[i] = (cursor){.stmt = alloc_stmt(sc, dbc)};
        if (!cur[i].stmt)
            return;
    }
    for (int e = 0; e < ORDER_EVENTS; e++) {
        int ev = seq->ev[e];
        if (ev < ORDER_STMTS) {
            long first = (ev + 1) * 1000L + 1;
            cursor_open(sc, &cur[ev], cur[ev].stmt, first, first + ORDER_ROWS - 1, false);
        } else {
            int i = ev - ORDER_STMTS;
            if (cur[i].open)
                end_cursor(sc, &cur[i], (end_way)((rotation + (unsigned)(i + e)) % END_WAYS));
        }
        for (int i = 0; i < ORDER_STMTS; i++)
            if (cur[i].open && cursor_fetch(sc, &cur[i], 3, false) != DONE)
                cursor_drop(&cur[i]);
    }
    for (int i = 0; i < ORDER_STMTS; i++)
        if (cur[i].stmt)
            SQLFreeHandle(SQL_HANDLE_STMT, cur[i].stmt);
}

static void *orders_main(void *arg)
{
    thread_arg *a = arg;
    scenario *sc = a->sc;
    /* 7 rows a chunk: every cursor is mid-stream when the others act */
    SQLHDBC dbc = connect_with(sc, "FetchSize=7");
    if (!dbc)
        return NULL;
    /* the first pass is whole whatever the time; further passes as time allows */
    for (unsigned pass = 0; pass == 0 || !stopping(); pass++)
        for (int s = 0; s < ORDER_SEQUENCES && (pass == 0 || !stopping()); s++) {
            run_sequence(sc, dbc, &sequences[s], pass + (unsigned)a->index);
            atomic_fetch_add(&sc->ops, 1);
        }
    disconnect(sc, dbc);
    return NULL;
}

static void run_cursor_orders(scenario *sc)
{
    sequence cur;
    int n = make_sequences(&cur, 0, 0, 0, 0);
    if (n != ORDER_SEQUENCES) {
        fail(sc, "%d orders, not %d", n, ORDER_SEQUENCES);
        return;
    }
    run_threads(sc, ORDER_THREADS, orders_main, NULL);
}

/* ------------------------------------------------------------ envdiag */

static void *envdiag_main(void *arg)
{
    thread_arg *a = arg;
    for (long round = 0; another_round(&round);) {
        SQLHDBC dbc;
        if (SQL_SUCCEEDED(SQLAllocHandle(SQL_HANDLE_DBC, env, &dbc)))
            SQLFreeHandle(SQL_HANDLE_DBC, dbc);
        else
            fail(a->sc, "SQLAllocHandle(SQL_HANDLE_DBC) failed");
        SQLINTEGER v = 0;
        if (!SQL_SUCCEEDED(SQLGetEnvAttr(env, SQL_ATTR_ODBC_VERSION, &v, 0, NULL)) ||
            v != SQL_OV_ODBC3)
            fail(a->sc, "SQL_ATTR_ODBC_VERSION read as %d", (int)v);
        SQLSetEnvAttr(env, SQL_ATTR_ODBC_VERSION, (SQLPOINTER)SQL_OV_ODBC3, 0);
        SQLCHAR state[6], msg[64];
        SQLINTEGER native;
        SQLSMALLINT len;
        SQLGetDiagRec(SQL_HANDLE_ENV, env, 1, state, &native, msg, sizeof msg, &len);
        atomic_fetch_add(&a->sc->ops, 1);
    }
    return NULL;
}

static void run_envdiag(scenario *sc)
{
    run_threads(sc, ENVDIAG_THREADS, envdiag_main, NULL);
}

/* ------------------------------------------------------------ cancels aimed at freed handles */

/* A canceller that calls SQLCancel all the time on whatever `target` holds:
 * a statement running, idle, being freed, or freed (SQL_INVALID_HANDLE). */
typedef struct spinner {
    scenario *sc;
    _Atomic(SQLHSTMT) target;
    atomic_long laps;
    atomic_bool quit;
} spinner;

static void *spinner_main(void *arg)
{
    spinner *sp = arg;
    unsigned seed = (unsigned)now_us();
    while (!atomic_load(&sp->quit)) {
        SQLHSTMT s = atomic_load(&sp->target);
        if (s != SQL_NULL_HSTMT) {
            SQLRETURN rc = SQLCancel(s);
            if (rc != SQL_SUCCESS && rc != SQL_INVALID_HANDLE)
                fail(sp->sc, "SQLCancel returned %d", (int)rc);
        }
        atomic_fetch_add(&sp->laps, 1);
        sleep_us(rand_r(&seed) % 300);
    }
    return NULL;
}

/* Clears the target and waits until every SQLCancel that may hold an
 * earlier one has returned: a statement allocated after this cannot have the
 * address of a freed one the spinner still aims at. */
static void spinner_quiet(spinner *sp)
{
    atomic_store(&sp->target, SQL_NULL_HSTMT);
    long lap = atomic_load(&sp->laps);
    while (atomic_load(&sp->laps) < lap + 2)
        sleep_us(200);
}

/* Runs worker(sc, sp, seed) beside a spinner. */
static void spin_run(scenario *sc, void (*worker)(scenario *, spinner *, unsigned *))
{
    spinner sp = {.sc = sc};
    unsigned seed = (unsigned)now_us();
    pthread_t th;
    if (pthread_create(&th, NULL, spinner_main, &sp) != 0) {
        fail(sc, "pthread_create failed");
        return;
    }
    worker(sc, &sp, &seed);
    atomic_store(&sp.quit, true);
    pthread_join(th, NULL);
}

/* A statement allocated at a quiet point, which nobody cancels. */
static SQLHSTMT uncancelled_stmt(scenario *sc, spinner *sp, SQLHDBC dbc)
{
    spinner_quiet(sp);
    return alloc_stmt(sc, dbc);
}

/* A statement the spinner aims at: executed, read in part (HY008 allowed). */
static SQLHSTMT aimed_stmt(scenario *sc, spinner *sp, SQLHDBC dbc, unsigned *seed)
{
    SQLHSTMT stmt = alloc_stmt(sc, dbc);
    if (!stmt)
        return SQL_NULL_HSTMT;
    atomic_store(&sp->target, stmt);
    cursor c;
    if (cursor_open(sc, &c, stmt, 1, 500, true) == DONE)
        cursor_fetch(sc, &c, (long)(rand_r(seed) % 600), true);
    return stmt;
}

/* cancel_free: one connection; statements aimed at and freed, while
 * `other` checks that no cancel lands on its requests. */
static void cancel_free_worker(scenario *sc, spinner *sp, unsigned *seed)
{
    for (long round = 0; another_round(&round);) {
        SQLHDBC dbc = connect_with(sc, "FetchSize=10");
        SQLHSTMT other = dbc ? uncancelled_stmt(sc, sp, dbc) : SQL_NULL_HSTMT;
        if (!other) {
            if (dbc)
                disconnect(sc, dbc);
            return;
        }
        for (long i = 0; i < 30 && another_round(&i);) {
            SQLHSTMT stmt = aimed_stmt(sc, sp, dbc, seed);
            if (!stmt)
                break;
            if (rand_r(seed) % 2)
                SQLFreeStmt(stmt, SQL_CLOSE);
            /* the spinner may be inside SQLCancel on it right now */
            if (!SQL_SUCCEEDED(SQLFreeHandle(SQL_HANDLE_STMT, stmt)))
                fail(sc, "SQLFreeHandle(SQL_HANDLE_STMT) failed");
            query_scalar(sc, other, "SELECT 7", 7, false);
            atomic_fetch_add(&sc->ops, 1);
        }
        disconnect(sc, dbc);
    }
}

static void run_cancel_free(scenario *sc)
{
    spin_run(sc, cancel_free_worker);
}

/* cancel_disconnect: a connection per round; statements aimed at (their
 * cursors left open), `other` checked between them, and SQLDisconnect right
 * after the last one, freeing the statement the spinner aims at, the
 * session and its TLS context while a cancel for it may be on its way. */
static void cancel_disconnect_worker(scenario *sc, spinner *sp, unsigned *seed)
{
    for (long round = 0; another_round(&round);) {
        SQLHDBC dbc = connect_with(sc, "FetchSize=10");
        SQLHSTMT other = dbc ? uncancelled_stmt(sc, sp, dbc) : SQL_NULL_HSTMT;
        if (!other) {
            if (dbc)
                disconnect(sc, dbc);
            return;
        }
        for (int i = 0; i < 3; i++) {
            if (!aimed_stmt(sc, sp, dbc, seed))
                break;
            query_scalar(sc, other, "SELECT 7", 7, false);
        }
        aimed_stmt(sc, sp, dbc, seed);
        disconnect(sc, dbc);
        atomic_fetch_add(&sc->ops, 1);
    }
}

static void run_cancel_disconnect(scenario *sc)
{
    spin_run(sc, cancel_disconnect_worker);
}

/* ------------------------------------------------------------ main */

static scenario scenarios[] = {
    {.name = "own", .run = run_own},
    {.name = "shared", .run = run_shared},
    {.name = "cancel_exec", .run = run_cancel_exec, .needs_cancel = true},
    {.name = "cancel_fetch", .run = run_cancel_fetch, .needs_cancel = true},
    {.name = "free_while_used", .run = run_free_while_used},
    {.name = "cursor_orders", .run = run_cursor_orders},
    {.name = "envdiag", .run = run_envdiag},
    {.name = "cancel_free", .run = run_cancel_free, .alone = true},
    {.name = "cancel_disconnect", .run = run_cancel_disconnect, .alone = true},
};
#define NSCENARIOS (sizeof scenarios / sizeof scenarios[0])

static void *scenario_main(void *arg)
{
    scenario *sc = arg;
    sc->run(sc);
    return NULL;
}

/* Runs, all at once for `seconds`, the selected scenarios that are not
 * `alone` (one == NULL), or only `one`; returns when they have ended. */
static void run_phase(scenario *one, int seconds)
{
    pthread_t th[NSCENARIOS];
    bool started[NSCENARIOS] = {false}, any = false;
    atomic_store(&stop_now, false);
    for (size_t i = 0; i < NSCENARIOS; i++) {
        scenario *sc = &scenarios[i];
        if (sc->selected && (one ? sc == one : !sc->alone)) {
            started[i] = pthread_create(&th[i], NULL, scenario_main, sc) == 0;
            if (!started[i])
                fail(sc, "pthread_create failed");
            any |= started[i];
        }
    }
    if (any)
        sleep_us(seconds * 1000000L);
    atomic_store(&stop_now, true);
    for (size_t i = 0; i < NSCENARIOS; i++)
        if (started[i])
            pthread_join(th[i], NULL);
}

static int env_int(const char *name, int def)
{
    const char *v = getenv(name);
    return v && *v ? atoi(v) : def;
}

/* STRESS_ONLY: a comma-separated list of names; all when unset. */
static bool select_scenarios(void)
{
    const char *p = getenv("STRESS_ONLY");
    bool all = !p || !*p;
    for (size_t i = 0; i < NSCENARIOS; i++)
        scenarios[i].selected = all;
    while (!all && *p) {
        size_t len = strcspn(p, ","), i;
        for (i = 0; i < NSCENARIOS; i++)
            if (strlen(scenarios[i].name) == len && strncmp(p, scenarios[i].name, len) == 0)
                break;
        if (i == NSCENARIOS) {
            fprintf(stderr, "stress: STRESS_ONLY: no scenario '%.*s'\n", (int)len, p);
            return false;
        }
        scenarios[i].selected = true;
        p += len + (p[len] == ',');
    }
    return true;
}

/* Can the server be reached at all? Else nothing else is worth running. */
static bool server_reachable(void)
{
    scenario probe = {.name = "connect"};
    SQLHDBC dbc = connect_with(&probe, NULL);
    if (!dbc)
        return false;
    disconnect(&probe, dbc);
    return true;
}

int main(void)
{
    connstr = getenv("STRESS_CONNSTR");
    if (!connstr || !*connstr) {
        fprintf(stderr, "stress: set STRESS_CONNSTR\n");
        return 2;
    }
    int seconds = env_int("STRESS_SECONDS", 3);
    own_threads = env_int("STRESS_THREADS", 16);
    if (own_threads < 1 || own_threads > MAX_OWN)
        own_threads = 16;
    if (!select_scenarios())
        return 2;
    if (!SQL_SUCCEEDED(SQLAllocHandle(SQL_HANDLE_ENV, SQL_NULL_HANDLE, &env)))
        return 2;
    SQLSetEnvAttr(env, SQL_ATTR_ODBC_VERSION, (SQLPOINTER)SQL_OV_ODBC3, 0);
    if (!server_reachable())
        return 2;

    run_phase(NULL, seconds);
    for (size_t i = 0; i < NSCENARIOS; i++)
        if (scenarios[i].selected && scenarios[i].alone)
            run_phase(&scenarios[i], seconds);
    SQLFreeHandle(SQL_HANDLE_ENV, env);

    int passed = 0, failed = 0;
    for (size_t i = 0; i < NSCENARIOS; i++) {
        scenario *sc = &scenarios[i];
        if (!sc->selected)
            continue;
        long ops = atomic_load(&sc->ops), cancelled = atomic_load(&sc->cancelled),
             failures = atomic_load(&sc->failures);
        bool ok = failures == 0 && ops > 0 && (!sc->needs_cancel || cancelled > 0);
        printf("stress: %-18s %s  %ld done, %ld cancelled, %ld failures%s%s\n", sc->name,
               ok ? "passed" : "FAILED", ops, cancelled, failures,
               ops == 0 ? " (did nothing)" : "",
               sc->needs_cancel && cancelled == 0 ? " (no cancel took effect)" : "");
        if (ok)
            passed++;
        else
            failed++;
    }
    printf("%d passed, %d failed\n", passed, failed);
    return failed == 0 ? 0 : 1;
}
