/*
 * test_cluster_failover.c: dead connections on the three-server set-up (itest.h, "Several
 * servers"): a server stopped between statements or in the middle of a streamed result is
 * reported with 08S01 and SQL_ATTR_CONNECTION_DEAD, AutoReconnect=1 lets the next statement
 * run on another server (and refuses when the session was changed with SQL), a stopped
 * (SIGSTOP) server is found by the keepalive settings, and a long query on a live server is
 * not taken for a dead one. Every test leaves every server running.
 *
 * No assertion is on time: a watchdog only turns a hang into a failure (it aborts the run,
 * which is what a hang would do to an application too, only later).
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "itest.h"

/* --------------------------------------------------------------- watchdog */

static struct {
    pthread_mutex_t mu;
    pthread_cond_t cv;
    pthread_t th;
    bool armed;
    int secs;
    const char *what;
} dog = {.mu = PTHREAD_MUTEX_INITIALIZER, .cv = PTHREAD_COND_INITIALIZER};

static void *dog_main(void *arg)
{
    (void)arg;
    struct timespec until;
    clock_gettime(CLOCK_REALTIME, &until);
    until.tv_sec += dog.secs;
    pthread_mutex_lock(&dog.mu);
    int rc = 0;
    while (dog.armed && rc == 0)
        rc = pthread_cond_timedwait(&dog.cv, &dog.mu, &until);
    if (dog.armed) {
        fprintf(stderr, "\ncluster_failover: %s did not end within %d s: a hang\n", dog.what,
                dog.secs);
        abort();
    }
    pthread_mutex_unlock(&dog.mu);
    return NULL;
}

static void dog_arm(const char *what, int secs)
{
    dog.armed = true;
    dog.secs = secs;
    dog.what = what;
    if (pthread_create(&dog.th, NULL, dog_main, NULL) != 0)
        dog.armed = false;
}

static void dog_disarm(void)
{
    pthread_mutex_lock(&dog.mu);
    bool was = dog.armed;
    dog.armed = false;
    pthread_cond_signal(&dog.cv);
    pthread_mutex_unlock(&dog.mu);
    if (was)
        pthread_join(dog.th, NULL);
}

/* --------------------------------------------------------------- helpers */

static SQLHDBC connect_to(const char *servers, const char *extra)
{
    char connstr[1024];
    itest_cluster_connstr(connstr, sizeof connstr, servers, extra);
    SQLHDBC dbc = SQL_NULL_HDBC;
    ITEST_OK_FATAL(SQLAllocHandle(SQL_HANDLE_DBC, itest_env, &dbc), SQL_HANDLE_ENV, itest_env);
    ITEST_OK_FATAL(SQLDriverConnect(dbc, NULL, (SQLCHAR *)connstr, SQL_NTS, NULL, 0, NULL,
                                    SQL_DRIVER_NOPROMPT), SQL_HANDLE_DBC, dbc);
    return dbc;
}

static void drop(SQLHDBC dbc)
{
    SQLDisconnect(dbc);
    SQLFreeHandle(SQL_HANDLE_DBC, dbc);
}

static SQLUINTEGER connection_dead(SQLHDBC dbc)
{
    SQLUINTEGER dead = 12345;
    ITEST_OK(SQLGetConnectAttr(dbc, SQL_ATTR_CONNECTION_DEAD, &dead, 0, NULL), SQL_HANDLE_DBC,
             dbc);
    return dead;
}

/* SELECT 1 on a new statement of dbc: its rc, the statement's diagnostics checked by
 * `states` (NULL: it must succeed). */
static void select_one(SQLHDBC dbc, const char *states)
{
    SQLHSTMT st = itest_stmt(dbc);
    SQLRETURN rc = SQLExecDirect(st, (SQLCHAR *)"SELECT 1", SQL_NTS);
    if (states)
        ITEST_EXPECT_ERROR(rc, SQL_HANDLE_STMT, st, states);
    else
        ITEST_OK(rc, SQL_HANDLE_STMT, st);
    itest_free_stmt(st);
}

/* The port of server k as a one-host SERVER value. */
static const char *only(int k, char *buf, size_t len)
{
    snprintf(buf, len, "127.0.0.1:%d", itest_cluster_port(k));
    return buf;
}

/* --------------------------------------------------------------- tests */

/* Without AutoReconnect a connection whose server stopped stays dead: 08S01 for the
 * statement that finds it, CONNECTION_DEAD true without a round trip, 08S01 again after. */
static void test_stopped_between_statements(void)
{
    itest_cluster_ensure_all_up();
    SQLHDBC dbc = connect_to(NULL, "LoginTimeout=10");
    int k = itest_cluster_node_of(dbc);
    CU_ASSERT_FATAL(k >= 1);
    CU_ASSERT_EQUAL(connection_dead(dbc), SQL_CD_FALSE);
    itest_cluster_ctl("stop", k);
    dog_arm("a statement on a stopped server", 120);
    select_one(dbc, "08S01");
    CU_ASSERT_EQUAL(connection_dead(dbc), SQL_CD_TRUE);
    select_one(dbc, "08S01|08003");
    CU_ASSERT_EQUAL(connection_dead(dbc), SQL_CD_TRUE);
    dog_disarm();
    drop(dbc);
    itest_cluster_ctl("restart", k);
}

/* AutoReconnect=1: the statement that finds the server gone fails (it may have run), the
 * next one runs on another server, and the connection is alive again. */
static void test_autoreconnect_next_statement(void)
{
    itest_cluster_ensure_all_up();
    SQLHDBC dbc = connect_to(NULL, "LoginTimeout=10;AutoReconnect=1");
    int k = itest_cluster_node_of(dbc);
    CU_ASSERT_FATAL(k >= 1);
    itest_cluster_ctl("stop", k);
    dog_arm("reconnecting after a stopped server", 120);
    select_one(dbc, "08S01");
    CU_ASSERT_EQUAL(connection_dead(dbc), SQL_CD_TRUE);
    select_one(dbc, NULL);
    CU_ASSERT_EQUAL(connection_dead(dbc), SQL_CD_FALSE);
    int now = itest_cluster_node_of(dbc);
    CU_ASSERT(now >= 1 && now != k);
    dog_disarm();
    drop(dbc);
    itest_cluster_ctl("restart", k);
}

/* A prepared statement survives the reconnect: it is parsed again on the new server. */
static void test_autoreconnect_prepared(void)
{
    itest_cluster_ensure_all_up();
    SQLHDBC dbc = connect_to(NULL, "LoginTimeout=10;AutoReconnect=1");
    int k = itest_cluster_node_of(dbc);
    CU_ASSERT_FATAL(k >= 1);
    SQLHSTMT st = itest_stmt(dbc);
    ITEST_OK_FATAL(SQLPrepare(st, (SQLCHAR *)"SELECT 40 + 2", SQL_NTS), SQL_HANDLE_STMT, st);
    ITEST_OK(SQLExecute(st), SQL_HANDLE_STMT, st);
    SQLCloseCursor(st);
    itest_cluster_ctl("stop", k);
    dog_arm("a prepared statement after a stopped server", 120);
    ITEST_EXPECT_ERROR(SQLExecute(st), SQL_HANDLE_STMT, st, "08S01");
    ITEST_OK(SQLExecute(st), SQL_HANDLE_STMT, st);
    SQLINTEGER v = 0;
    ITEST_OK(SQLFetch(st), SQL_HANDLE_STMT, st);
    ITEST_OK(SQLGetData(st, 1, SQL_C_SLONG, &v, 0, NULL), SQL_HANDLE_STMT, st);
    CU_ASSERT_EQUAL(v, 42);
    dog_disarm();
    itest_free_stmt(st);
    drop(dbc);
    itest_cluster_ctl("restart", k);
}

/* A session the application changed with SET is not replaced by a new one that lacks the
 * setting: 08S01 saying so, and the connection stays dead. */
static void test_autoreconnect_refused_after_set(void)
{
    itest_cluster_ensure_all_up();
    SQLHDBC dbc = connect_to(NULL, "LoginTimeout=10;AutoReconnect=1");
    int k = itest_cluster_node_of(dbc);
    CU_ASSERT_FATAL(k >= 1);
    itest_exec_on(dbc, "SET search_path TO doc");
    itest_cluster_ctl("stop", k);
    dog_arm("a refused reconnect", 120);
    select_one(dbc, "08S01");
    SQLHSTMT st = itest_stmt(dbc);
    char state[6] = "", msg[1024] = "";
    ITEST_EXPECT_ERROR(SQLExecDirect(st, (SQLCHAR *)"SELECT 1", SQL_NTS), SQL_HANDLE_STMT, st,
                       "08S01");
    itest_diag(SQL_HANDLE_STMT, st, state, msg, sizeof msg);
    CU_ASSERT_PTR_NOT_NULL(strstr(msg, "did not reconnect"));
    itest_free_stmt(st);
    CU_ASSERT_EQUAL(connection_dead(dbc), SQL_CD_TRUE);
    dog_disarm();
    drop(dbc);
    itest_cluster_ctl("restart", k);
}

/* A server stopped while a large result streams in small chunks: a fetch fails with 08S01
 * (the rows read ahead before may come first), nothing hangs. */
static void test_stopped_mid_fetch(void)
{
    itest_cluster_ensure_all_up();
    SQLHDBC dbc = connect_to(NULL, "LoginTimeout=10;FetchSize=10");
    int k = itest_cluster_node_of(dbc);
    CU_ASSERT_FATAL(k >= 1);
    SQLHSTMT st = itest_stmt(dbc);
    ITEST_OK_FATAL(SQLExecDirect(st, (SQLCHAR *)"SELECT * FROM generate_series(1, 500000)",
                                 SQL_NTS), SQL_HANDLE_STMT, st);
    for (int i = 0; i < 25; i++)
        ITEST_OK(SQLFetch(st), SQL_HANDLE_STMT, st);
    itest_cluster_ctl("stop", k);
    dog_arm("fetching from a stopped server", 120);
    SQLRETURN rc;
    long fetched = 0;
    while ((rc = SQLFetch(st)) == SQL_SUCCESS && fetched < 500000)
        fetched++;
    ITEST_EXPECT_ERROR(rc, SQL_HANDLE_STMT, st, "08S01");
    CU_ASSERT_EQUAL(connection_dead(dbc), SQL_CD_TRUE);
    dog_disarm();
    itest_free_stmt(st);
    drop(dbc);
    itest_cluster_ctl("restart", k);
}

/* A silent peer: the server stopped with SIGSTOP, so its kernel still acknowledges every
 * packet. The keepalive settings of the connection (1 s idle, 2 checks 1 s apart) report it
 * with 08S01; the watchdog is generous, the test asserts only the outcome. */
static void test_silent_peer(void)
{
    itest_cluster_ensure_all_up();
    char servers[32];
    int k = 2;
    SQLHDBC dbc = connect_to(only(k, servers, sizeof servers),
                             "KeepaliveTime=1;KeepaliveInterval=1;KeepaliveCount=2");
    select_one(dbc, NULL);
    itest_cluster_ctl("pause", k);
    dog_arm("a statement on a paused server", 90);
    select_one(dbc, "08S01");
    CU_ASSERT_EQUAL(connection_dead(dbc), SQL_CD_TRUE);
    dog_disarm();
    itest_cluster_ctl("resume", k);
    drop(dbc);
}

/* AutoReconnect past a stopped server: the statement that waits on it fails when the
 * keepalive settings give up, and the next one reconnects; the stopped server, first in
 * the host list, accepts the TCP connection but never answers the login, which the same
 * settings end (no LoginTimeout), so the connection goes to the next server. */
static void test_autoreconnect_past_paused_server(void)
{
    itest_cluster_ensure_all_up();
    SQLHDBC dbc = connect_to(NULL, "AutoReconnect=1;KeepaliveTime=1;KeepaliveInterval=1;"
                                   "KeepaliveCount=2");
    int k = itest_cluster_node_of(dbc);
    CU_ASSERT_FATAL(k >= 1);
    itest_cluster_ctl("pause", k);
    dog_arm("reconnecting past a paused server", 120);
    select_one(dbc, "08S01");
    CU_ASSERT_EQUAL(connection_dead(dbc), SQL_CD_TRUE);
    select_one(dbc, NULL);
    CU_ASSERT_EQUAL(connection_dead(dbc), SQL_CD_FALSE);
    dog_disarm();
    /* asked after the resume: on CrateDB sys.jobs waits for every node */
    itest_cluster_ctl("resume", k);
    int now = itest_cluster_node_of(dbc);
    CU_ASSERT(now >= 1 && now != k);
    drop(dbc);
}

/* A query that runs longer than the keepalive settings allow a silent server (1 s idle,
 * 2 checks 2 s apart: 5 s) on a live server is not broken: the server answers the liveness
 * checks while it works. (The checks get 2 s each, not 1: three CrateDB JVMs share this
 * machine with the rest of the test run, and a check is one new connection each.) */
static void test_long_query_not_killed(void)
{
    itest_cluster_ensure_all_up();
    char servers[32], sql[512];
    SQLHDBC dbc = connect_to(only(3, servers, sizeof servers),
                             "KeepaliveTime=1;KeepaliveInterval=2;KeepaliveCount=2");
    itest_slow_sql(sql, sizeof sql, 10);
    SQLHSTMT st = itest_stmt(dbc);
    dog_arm("a long query", 120);
    ITEST_OK(SQLExecDirect(st, (SQLCHAR *)sql, SQL_NTS), SQL_HANDLE_STMT, st);
    SQLRETURN rc;
    while ((rc = SQLFetch(st)) == SQL_SUCCESS)
        ;
    CU_ASSERT_EQUAL(rc, SQL_NO_DATA);
    dog_disarm();
    itest_free_stmt(st);
    CU_ASSERT_EQUAL(connection_dead(dbc), SQL_CD_FALSE);
    select_one(dbc, NULL);
    drop(dbc);
}

void itest_register_cluster_failover(void)
{
    static const itest_case cases[] = {
        {"stopped_between_statements", test_stopped_between_statements},
        {"autoreconnect_next_statement", test_autoreconnect_next_statement},
        {"autoreconnect_prepared", test_autoreconnect_prepared},
        {"autoreconnect_refused_after_set", test_autoreconnect_refused_after_set},
        {"stopped_mid_fetch", test_stopped_mid_fetch},
        {"silent_peer", test_silent_peer},
        {"autoreconnect_past_paused_server", test_autoreconnect_past_paused_server},
        {"long_query_not_killed", test_long_query_not_killed},
        {NULL, NULL},
    };
    itest_add_suite("cluster_failover", cases);
}
