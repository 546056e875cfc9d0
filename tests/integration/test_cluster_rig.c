/*
 * test_cluster_rig.c: the three-server set-up the cluster suites stand on (itest.h, "Several
 * servers"): each server is reached through its own port and names itself, so a test that
 * counts where connections went counts servers, not ports.
 */
#include <stdio.h>

#include "itest.h"

static void test_each_server_names_itself(void)
{
    int n = itest_cluster_size();
    CU_ASSERT_FATAL(n >= 3);
    itest_cluster_ensure_all_up();
    for (int k = 1; k <= n; k++) {
        char servers[32], connstr[1024];
        snprintf(servers, sizeof servers, "127.0.0.1:%d", itest_cluster_port(k));
        itest_cluster_connstr(connstr, sizeof connstr, servers, NULL);
        SQLHDBC dbc = SQL_NULL_HDBC;
        ITEST_OK_FATAL(SQLAllocHandle(SQL_HANDLE_DBC, itest_env, &dbc), SQL_HANDLE_ENV, itest_env);
        ITEST_OK_FATAL(SQLDriverConnect(dbc, NULL, (SQLCHAR *)connstr, SQL_NTS, NULL, 0, NULL,
                                        SQL_DRIVER_NOPROMPT), SQL_HANDLE_DBC, dbc);
        CU_ASSERT_EQUAL(itest_cluster_node_of(dbc), k);
        SQLDisconnect(dbc);
        SQLFreeHandle(SQL_HANDLE_DBC, dbc);
    }
}

void itest_register_cluster_rig(void)
{
    static const itest_case cases[] = {
        {"each_server_names_itself", test_each_server_names_itself},
        {NULL, NULL},
    };
    itest_add_suite("cluster_rig", cases);
}
