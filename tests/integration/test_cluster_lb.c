/*
 * test_cluster_lb.c: connect-time host choice on the three-server set-up (itest.h, "Several
 * servers"): LoadBalanceHosts=1 spreads connections, a stopped server is passed over, a
 * connect that reaches no server names each one, LoginTimeout bounds a silent server's
 * share, and DiscoverNodes=1 reaches a node the connection string does not name. Every
 * test starts from all servers up and leaves them so (restart/resume what it stopped).
 * No assertion on timings: a silent server must cost a connect its LoginTimeout, not fail it.
 */
#include <stdio.h>
#include <string.h>

#include "itest.h"

/* Connects with `connstr`; the rc, *dbc allocated (connected or not). */
static SQLRETURN connect_str(SQLHDBC *dbc, const char *connstr)
{
    *dbc = SQL_NULL_HDBC;
    SQLAllocHandle(SQL_HANDLE_DBC, itest_env, dbc);
    return SQLDriverConnect(*dbc, NULL, (SQLCHAR *)connstr, SQL_NTS, NULL, 0, NULL,
                            SQL_DRIVER_NOPROMPT);
}

static void drop(SQLHDBC dbc, SQLRETURN rc)
{
    if (SQL_SUCCEEDED(rc))
        SQLDisconnect(dbc);
    SQLFreeHandle(SQL_HANDLE_DBC, dbc);
}

/* Connects `n` times with `connstr`, counting the server each connection reached in
 * count[1..]; false (with the diagnostics printed) when a connect fails. */
static bool count_nodes(const char *connstr, int n, int *count)
{
    for (int i = 0; i < n; i++) {
        SQLHDBC dbc;
        SQLRETURN rc = connect_str(&dbc, connstr);
        if (!ITEST_OK(rc, SQL_HANDLE_DBC, dbc)) {
            drop(dbc, rc);
            return false;
        }
        count[itest_cluster_node_of(dbc)]++;
        drop(dbc, rc);
    }
    return true;
}

static void test_spread(void)
{
    int n = itest_cluster_size();
    CU_ASSERT_FATAL(n >= 3);
    itest_cluster_ensure_all_up();
    char connstr[1024];
    itest_cluster_connstr(connstr, sizeof connstr, NULL, "LoadBalanceHosts=1");
    int count[9] = {0};
    CU_ASSERT_FATAL(count_nodes(connstr, 100, count));
    CU_ASSERT_EQUAL(count[0], 0);
    for (int k = 1; k <= n; k++) {
        fprintf(stderr, "  server %d: %d of 100 connections\n", k, count[k]);
        CU_ASSERT(count[k] > 0);
        CU_ASSERT(count[k] <= 50);
    }
    /* the default keeps SERVER's order: all to the first server */
    int first[9] = {0};
    itest_cluster_connstr(connstr, sizeof connstr, NULL, NULL);
    CU_ASSERT(count_nodes(connstr, 10, first));
    CU_ASSERT_EQUAL(first[1], 10);
}

static void test_stopped_server_passed_over(void)
{
    int n = itest_cluster_size();
    CU_ASSERT_FATAL(n >= 3);
    itest_cluster_ensure_all_up();
    CU_ASSERT_FATAL(itest_cluster_ctl("stop", 2));
    char connstr[1024];
    itest_cluster_connstr(connstr, sizeof connstr, NULL, "LoadBalanceHosts=1;LoginTimeout=10");
    int count[9] = {0};
    /* every connect succeeds (no 08001), none on the stopped server; after the first
     * refusal the driver tries it last, so the others do not even knock */
    CU_ASSERT(count_nodes(connstr, 30, count));
    CU_ASSERT_EQUAL(count[2], 0);
    CU_ASSERT_EQUAL(count[0], 0);
    CU_ASSERT(count[1] > 0);
    CU_ASSERT(count[3] > 0);
    /* in SERVER's order too: the stopped server first, the next one takes over */
    char servers[128];
    snprintf(servers, sizeof servers, "127.0.0.1:%d,127.0.0.1:%d", itest_cluster_port(2),
             itest_cluster_port(3));
    itest_cluster_connstr(connstr, sizeof connstr, servers, NULL);
    SQLHDBC dbc;
    SQLRETURN rc = connect_str(&dbc, connstr);
    if (ITEST_OK(rc, SQL_HANDLE_DBC, dbc))
        CU_ASSERT_EQUAL(itest_cluster_node_of(dbc), 3);
    drop(dbc, rc);
    itest_cluster_ctl("restart", 2);
}

/* Takes every server away: stopped in the pg and crate profiles (a refused connect); in
 * the cratedb profile paused (a restarted node waits for a cluster to rejoin, which two
 * stopped masters would not give), so each host runs out of its LoginTimeout. */
static void test_all_down_names_each_host(void)
{
    int n = itest_cluster_size();
    CU_ASSERT_FATAL(n >= 3);
    itest_cluster_ensure_all_up();
    const char *away = itest_is_cratedb() ? "pause" : "stop";
    for (int k = 1; k <= n; k++)
        CU_ASSERT(itest_cluster_ctl(away, k));
    char connstr[1024];
    itest_cluster_connstr(connstr, sizeof connstr, NULL, "LoadBalanceHosts=1;LoginTimeout=2");
    SQLHDBC dbc;
    SQLRETURN rc = connect_str(&dbc, connstr);
    CU_ASSERT_EQUAL(rc, SQL_ERROR);
    char state[6] = "", msg[2048] = "";
    CU_ASSERT(itest_diag(SQL_HANDLE_DBC, dbc, state, msg, sizeof msg));
    fprintf(stderr, "  %s: %s\n", state, msg);
    CU_ASSERT_STRING_EQUAL(state, "08001");
    for (int k = 1; k <= n; k++) {
        char host[32];
        snprintf(host, sizeof host, "127.0.0.1:%d", itest_cluster_port(k));
        CU_ASSERT_PTR_NOT_NULL(strstr(msg, host));
    }
    drop(dbc, rc);
    for (int k = 1; k <= n; k++) {
        if (itest_is_cratedb())
            itest_cluster_ctl("resume", k);
        else
            itest_cluster_ctl("restart", k);
    }
}

/* A silent server (SIGSTOP: TCP connects, nothing answers) first in SERVER's list: its
 * LoginTimeout runs out and the next host serves the connection, with the keyword and with
 * SQL_ATTR_LOGIN_TIMEOUT. */
static void test_login_timeout_per_host(void)
{
    int n = itest_cluster_size();
    CU_ASSERT_FATAL(n >= 3);
    itest_cluster_ensure_all_up();
    CU_ASSERT_FATAL(itest_cluster_ctl("pause", 1));
    char servers[128], connstr[1024];
    snprintf(servers, sizeof servers, "127.0.0.1:%d,127.0.0.1:%d", itest_cluster_port(1),
             itest_cluster_port(2));
    itest_cluster_connstr(connstr, sizeof connstr, servers, "LoginTimeout=2");
    SQLHDBC dbc;
    SQLRETURN rc = connect_str(&dbc, connstr);
    if (ITEST_OK(rc, SQL_HANDLE_DBC, dbc)) {
        char one[8];
        CU_ASSERT(itest_query_text(dbc, "SELECT 1", one, sizeof one));
    }
    drop(dbc, rc);

    /* the attribute; the driver's memory of the failure would put server 1 last, so it
     * is forgotten by naming it with another spelling of the address */
    snprintf(servers, sizeof servers, "localhost:%d,127.0.0.1:%d", itest_cluster_port(1),
             itest_cluster_port(3));
    itest_cluster_connstr(connstr, sizeof connstr, servers, NULL);
    dbc = SQL_NULL_HDBC;
    SQLAllocHandle(SQL_HANDLE_DBC, itest_env, &dbc);
    ITEST_OK(SQLSetConnectAttr(dbc, SQL_ATTR_LOGIN_TIMEOUT, (SQLPOINTER)(SQLULEN)2, 0),
             SQL_HANDLE_DBC, dbc);
    rc = SQLDriverConnect(dbc, NULL, (SQLCHAR *)connstr, SQL_NTS, NULL, 0, NULL,
                          SQL_DRIVER_NOPROMPT);
    if (ITEST_OK(rc, SQL_HANDLE_DBC, dbc)) {
        char one[8];
        CU_ASSERT(itest_query_text(dbc, "SELECT 1", one, sizeof one));
    }
    drop(dbc, rc);
    itest_cluster_ctl("resume", 1);
}

/* SERVER names server 1 only. With DiscoverNodes=1 a first connect learns the others from
 * sys.nodes; once server 1 is stopped, the same connection string reaches another server,
 * where without DiscoverNodes it fails. */
static void test_discover_nodes(void)
{
    int n = itest_cluster_size();
    CU_ASSERT_FATAL(n >= 3);
    itest_cluster_ensure_all_up();
    char one[32], plain[1024], discover[1024];
    snprintf(one, sizeof one, "127.0.0.1:%d", itest_cluster_port(1));
    itest_cluster_connstr(plain, sizeof plain, one, "LoginTimeout=10");
    itest_cluster_connstr(discover, sizeof discover, one, "LoginTimeout=10;DiscoverNodes=1");
    SQLHDBC dbc;
    SQLRETURN rc = connect_str(&dbc, discover);
    CU_ASSERT_EQUAL(rc, SQL_SUCCESS);   /* discovery adds no warning */
    if (SQL_SUCCEEDED(rc))
        CU_ASSERT_EQUAL(itest_cluster_node_of(dbc), 1);
    drop(dbc, rc);

    CU_ASSERT_FATAL(itest_cluster_ctl("stop", 1));
    rc = connect_str(&dbc, plain);
    ITEST_EXPECT_ERROR(rc, SQL_HANDLE_DBC, dbc, "08001");
    drop(dbc, rc);
    for (int i = 0; i < 5; i++) {
        rc = connect_str(&dbc, discover);
        if (ITEST_OK(rc, SQL_HANDLE_DBC, dbc)) {
            int k = itest_cluster_node_of(dbc);
            CU_ASSERT(k >= 2 && k <= n);
        }
        drop(dbc, rc);
    }
    itest_cluster_ctl("restart", 1);
}

/* A server without sys.nodes (a PostgreSQL database other than the rig's doc): discovery
 * finds nothing and the connection goes on without a warning. */
static void test_discover_without_sys_nodes(void)
{
    if (itest_is_cratedb()) {
        itest_not_applicable("cluster_lb discover_without_sys_nodes: CrateDB always has "
                             "sys.nodes");
        return;
    }
    itest_cluster_ensure_all_up();
    char one[32], connstr[1024];
    snprintf(one, sizeof one, "127.0.0.1:%d", itest_cluster_port(2));
    snprintf(connstr, sizeof connstr,
             "DRIVER={%s};SERVER=%s;DATABASE=postgres;UID=%s;PWD=%s;SSLMode=disable;"
             "DiscoverNodes=1", itest_cfg.driver, one, ITEST_PW_USER, ITEST_PW_PASS);
    SQLHDBC dbc;
    SQLRETURN rc = connect_str(&dbc, connstr);
    CU_ASSERT_EQUAL(rc, SQL_SUCCESS);
    if (SQL_SUCCEEDED(rc)) {
        char got[8];
        CU_ASSERT(itest_query_text(dbc, "SELECT 1", got, sizeof got));
    }
    drop(dbc, rc);
}

void itest_register_cluster_lb(void)
{
    static const itest_case cases[] = {
        {"spread", test_spread},
        {"stopped_server_passed_over", test_stopped_server_passed_over},
        {"all_down_names_each_host", test_all_down_names_each_host},
        {"login_timeout_per_host", test_login_timeout_per_host},
        {"discover_nodes", test_discover_nodes},
        {"discover_without_sys_nodes", test_discover_without_sys_nodes},
        {NULL, NULL},
    };
    itest_add_suite("cluster_lb", cases);
}
