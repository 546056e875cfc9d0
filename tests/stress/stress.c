/*
 * stress.c: the driver under threads, for ThreadSanitizer (configure
 * --enable-tsan) and AddressSanitizer builds. The driver's entry points are
 * compiled into this program (no driver manager), so every call reaches the
 * driver as an application's thread makes it.
 *
 * For STRESS_SECONDS (default 3) these run at once on one environment:
 *   - own:      STRESS_THREADS (default 16) threads, each with its own
 *               connection, running and fetching queries, now and then with a
 *               query timeout, now and then reconnecting;
 *   - shared:   four threads sharing one connection, a statement each;
 *   - cancel:   a worker that allocates, runs, frees statements and
 *               disconnects, and a canceller that calls SQLCancel on the
 *               worker's latest statement all the time (running, finishing,
 *               freed, or freed by SQLDisconnect);
 *   - envdiag:  threads that allocate and free connections on the shared
 *               environment and read its attributes.
 * The cancel worker also runs a second statement that nobody cancels: a
 * HY008 there is a cancel meant for the other statement that landed on it.
 *
 *   STRESS_CONNSTR   the connection string (required), e.g.
 *                    "Server=127.0.0.1;Port=5432;UID=u;PWD=p;SSLMode=require"
 * Exit status: 0 when every call behaved (no crash, no stray cancel), 1 if
 * not, 2 when the server cannot be reached.
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sql.h>
#include <sqlext.h>

#define SHARED_THREADS 4
#define ENVDIAG_THREADS 2
#define MAX_OWN 64

static SQLHENV env;
static const char *connstr;
static atomic_bool stop_now;
static atomic_long n_queries, n_cancels, n_canceled, n_reconnects, n_stray, n_failures;

/* A short query on either server: CrateDB and PostgreSQL have generate_series. */
static const char *const QUERIES[] = {
    "SELECT 1",
    "SELECT g FROM generate_series(1, 200) AS t(g)",
    "SELECT count(*) FROM generate_series(1, 20000) AS t(g)",
};

/* The first diagnostic of h: its SQLSTATE into state[6], its text into msg. */
static void first_diag(SQLSMALLINT type, SQLHANDLE h, char *state, char *msg, size_t msglen)
{
    SQLINTEGER native = 0;
    SQLSMALLINT len = 0;
    state[0] = msg[0] = '\0';
    if (!SQL_SUCCEEDED(SQLGetDiagRec(type, h, 1, (SQLCHAR *)state, &native, (SQLCHAR *)msg,
                                     (SQLSMALLINT)msglen, &len)))
        state[0] = msg[0] = '\0';
}

static void report(SQLSMALLINT type, SQLHANDLE h, const char *what)
{
    char state[6], msg[512];
    first_diag(type, h, state, msg, sizeof msg);
    fprintf(stderr, "stress: %s failed: %s %s\n", what, state, msg);
}

static SQLHDBC connect_one(void)
{
    SQLHDBC dbc = SQL_NULL_HDBC;
    if (!SQL_SUCCEEDED(SQLAllocHandle(SQL_HANDLE_DBC, env, &dbc)))
        return SQL_NULL_HDBC;
    SQLRETURN rc = SQLDriverConnect(dbc, NULL, (SQLCHAR *)connstr, SQL_NTS, NULL, 0, NULL,
                                    SQL_DRIVER_NOPROMPT);
    if (!SQL_SUCCEEDED(rc)) {
        report(SQL_HANDLE_DBC, dbc, "connect");
        SQLFreeHandle(SQL_HANDLE_DBC, dbc);
        return SQL_NULL_HDBC;
    }
    return dbc;
}

static void disconnect_one(SQLHDBC dbc)
{
    SQLDisconnect(dbc);
    SQLFreeHandle(SQL_HANDLE_DBC, dbc);
}

/* What one query ended with: the SQLRETURN of the first call that failed
 * (SQL_SUCCESS when none) and its first diagnostic. */
typedef struct outcome {
    SQLRETURN rc;
    char state[6];
    char msg[512];
} outcome;

/* Runs one query on stmt, fetches every row, closes the cursor. */
static outcome run_query(SQLHSTMT stmt, const char *sql)
{
    outcome o = {SQL_SUCCESS, "", ""};
    SQLRETURN rc = SQLExecDirect(stmt, (SQLCHAR *)sql, SQL_NTS);
    if (SQL_SUCCEEDED(rc)) {
        char buf[64];
        SQLLEN ind;
        while (SQL_SUCCEEDED(rc = SQLFetch(stmt)))
            SQLGetData(stmt, 1, SQL_C_CHAR, buf, sizeof buf, &ind);
        if (rc == SQL_NO_DATA)
            rc = SQL_SUCCESS;
    }
    if (!SQL_SUCCEEDED(rc)) {
        o.rc = rc;
        first_diag(SQL_HANDLE_STMT, stmt, o.state, o.msg, sizeof o.msg);
    }
    SQLFreeStmt(stmt, SQL_CLOSE);
    atomic_fetch_add(&n_queries, 1);
    return o;
}

/* A failure of a statement nobody cancelled: HY008 is a stray cancel. */
static void check_uncancelled(const outcome *o, const char *what)
{
    if (SQL_SUCCEEDED(o->rc))
        return;
    if (strcmp(o->state, "HY008") == 0)
        atomic_fetch_add(&n_stray, 1);
    else
        atomic_fetch_add(&n_failures, 1);
    fprintf(stderr, "stress: %s failed: %s %s\n", what, o->state, o->msg);
}

/* ------------------------------------------------------------ own */

static void *own_main(void *arg)
{
    unsigned seed = (unsigned)(uintptr_t)arg;
    SQLHDBC dbc = connect_one();
    while (dbc && !atomic_load(&stop_now)) {
        SQLHSTMT stmt;
        if (!SQL_SUCCEEDED(SQLAllocHandle(SQL_HANDLE_STMT, dbc, &stmt)))
            break;
        if (rand_r(&seed) % 4 == 0)
            SQLSetStmtAttr(stmt, SQL_ATTR_QUERY_TIMEOUT, (SQLPOINTER)(uintptr_t)5, 0);
        outcome o = run_query(stmt, QUERIES[rand_r(&seed) % 3]);
        check_uncancelled(&o, "own query");
        SQLFreeHandle(SQL_HANDLE_STMT, stmt);
        if (rand_r(&seed) % 20 == 0) {
            disconnect_one(dbc);
            dbc = connect_one();
            atomic_fetch_add(&n_reconnects, 1);
        }
    }
    if (dbc)
        disconnect_one(dbc);
    return NULL;
}

/* ------------------------------------------------------------ shared */

static SQLHDBC shared_dbc;

static void *shared_main(void *arg)
{
    unsigned seed = (unsigned)(uintptr_t)arg;
    SQLHSTMT stmt;
    if (!SQL_SUCCEEDED(SQLAllocHandle(SQL_HANDLE_STMT, shared_dbc, &stmt)))
        return NULL;
    while (!atomic_load(&stop_now)) {
        outcome o = run_query(stmt, QUERIES[rand_r(&seed) % 3]);
        check_uncancelled(&o, "shared query");
    }
    SQLFreeHandle(SQL_HANDLE_STMT, stmt);
    return NULL;
}

/* ------------------------------------------------------------ cancel */

static _Atomic(SQLHSTMT) cancel_target;
static atomic_long canceller_laps;   /* cancel_main's finished iterations */

/* Until every SQLCancel that may hold an earlier cancel_target is over
 * (cancel_target is NULL): a statement allocated after this cannot share
 * the address of a freed one the canceller still aims at. */
static void wait_canceller_quiet(void)
{
    long lap = atomic_load(&canceller_laps);
    while (atomic_load(&canceller_laps) < lap + 2 && !atomic_load(&stop_now)) {
        struct timespec ts = {0, 500000};
        nanosleep(&ts, NULL);
    }
}

/* Allocates, runs and frees statements, and disconnects, while cancel_main
 * cancels whatever cancel_target holds. `other` runs on the same
 * connection and is never cancelled: it is allocated before any statement
 * the canceller aims at, right after a quiet point. */
static void *cancel_worker_main(void *arg)
{
    unsigned seed = (unsigned)(uintptr_t)arg;
    while (!atomic_load(&stop_now)) {
        SQLHDBC dbc = connect_one();
        if (!dbc)
            break;
        wait_canceller_quiet();
        SQLHSTMT other;
        if (!SQL_SUCCEEDED(SQLAllocHandle(SQL_HANDLE_STMT, dbc, &other))) {
            disconnect_one(dbc);
            break;
        }
        for (int i = 0; i < 8 && !atomic_load(&stop_now); i++) {
            SQLHSTMT stmt;
            if (!SQL_SUCCEEDED(SQLAllocHandle(SQL_HANDLE_STMT, dbc, &stmt)))
                break;
            atomic_store(&cancel_target, stmt);
            outcome o = run_query(stmt, QUERIES[1 + rand_r(&seed) % 2]);
            if (strcmp(o.state, "HY008") == 0)
                atomic_fetch_add(&n_canceled, 1);
            o = run_query(other, QUERIES[1 + rand_r(&seed) % 2]);
            check_uncancelled(&o, "query nobody cancelled");
            if (rand_r(&seed) % 2)
                SQLFreeHandle(SQL_HANDLE_STMT, stmt);   /* the canceller may hold it */
        }
        /* frees the statements left allocated, the canceller still aiming at one */
        disconnect_one(dbc);
        atomic_store(&cancel_target, SQL_NULL_HSTMT);
        atomic_fetch_add(&n_reconnects, 1);
    }
    return NULL;
}

/* SQLCancel on the worker's latest statement, whatever its state: a freed
 * handle must be refused (SQL_INVALID_HANDLE), never touched. */
static void *cancel_main(void *arg)
{
    (void)arg;
    while (!atomic_load(&stop_now)) {
        SQLHSTMT s = atomic_load(&cancel_target);
        if (s != SQL_NULL_HSTMT) {
            SQLCancel(s);
            atomic_fetch_add(&n_cancels, 1);
        }
        atomic_fetch_add(&canceller_laps, 1);
        struct timespec ts = {0, 1000000};
        nanosleep(&ts, NULL);
    }
    return NULL;
}

/* ------------------------------------------------------------ envdiag */

static void *envdiag_main(void *arg)
{
    (void)arg;
    while (!atomic_load(&stop_now)) {
        SQLHDBC dbc;
        if (SQL_SUCCEEDED(SQLAllocHandle(SQL_HANDLE_DBC, env, &dbc)))
            SQLFreeHandle(SQL_HANDLE_DBC, dbc);
        SQLINTEGER v = 0;
        SQLGetEnvAttr(env, SQL_ATTR_ODBC_VERSION, &v, 0, NULL);
        SQLSetEnvAttr(env, SQL_ATTR_ODBC_VERSION, (SQLPOINTER)SQL_OV_ODBC3, 0);
        SQLCHAR state[6], msg[64];
        SQLINTEGER native;
        SQLSMALLINT len;
        SQLGetDiagRec(SQL_HANDLE_ENV, env, 1, state, &native, msg, sizeof msg, &len);
    }
    return NULL;
}

/* ------------------------------------------------------------ main */

static int env_int(const char *name, int def)
{
    const char *v = getenv(name);
    return v && *v ? atoi(v) : def;
}

int main(void)
{
    connstr = getenv("STRESS_CONNSTR");
    if (!connstr || !*connstr) {
        fprintf(stderr, "stress: set STRESS_CONNSTR\n");
        return 2;
    }
    int seconds = env_int("STRESS_SECONDS", 3);
    int nown = env_int("STRESS_THREADS", 16);
    if (nown < 0 || nown > MAX_OWN)
        nown = 16;
    if (!SQL_SUCCEEDED(SQLAllocHandle(SQL_HANDLE_ENV, SQL_NULL_HANDLE, &env)))
        return 2;
    SQLSetEnvAttr(env, SQL_ATTR_ODBC_VERSION, (SQLPOINTER)SQL_OV_ODBC3, 0);
    shared_dbc = connect_one();
    if (!shared_dbc)
        return 2;

    pthread_t own[MAX_OWN], shared[SHARED_THREADS], envdiag[ENVDIAG_THREADS], worker, canceller;
    for (int i = 0; i < nown; i++)
        pthread_create(&own[i], NULL, own_main, (void *)(uintptr_t)(i + 1));
    for (int i = 0; i < SHARED_THREADS; i++)
        pthread_create(&shared[i], NULL, shared_main, (void *)(uintptr_t)(100 + i));
    for (int i = 0; i < ENVDIAG_THREADS; i++)
        pthread_create(&envdiag[i], NULL, envdiag_main, NULL);
    pthread_create(&worker, NULL, cancel_worker_main, (void *)(uintptr_t)7);
    pthread_create(&canceller, NULL, cancel_main, NULL);

    struct timespec ts = {seconds, 0};
    nanosleep(&ts, NULL);
    atomic_store(&stop_now, true);

    for (int i = 0; i < nown; i++)
        pthread_join(own[i], NULL);
    for (int i = 0; i < SHARED_THREADS; i++)
        pthread_join(shared[i], NULL);
    for (int i = 0; i < ENVDIAG_THREADS; i++)
        pthread_join(envdiag[i], NULL);
    pthread_join(worker, NULL);
    pthread_join(canceller, NULL);
    disconnect_one(shared_dbc);
    SQLFreeHandle(SQL_HANDLE_ENV, env);

    long stray = atomic_load(&n_stray), failures = atomic_load(&n_failures);
    printf("stress: %ld queries, %ld SQLCancel calls (%ld cancelled), %ld reconnects, "
           "%ld stray cancels, %ld other failures\n",
           atomic_load(&n_queries), atomic_load(&n_cancels), atomic_load(&n_canceled),
           atomic_load(&n_reconnects), stray, failures);
    return stray == 0 && failures == 0 ? 0 : 1;
}
