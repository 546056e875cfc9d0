/*
 * itest_cluster.c: the three-server set-up of the cluster suites (itest.h, "Several
 * servers"). tests/run.sh starts it per profile with tests/rig/servers.sh (pg, crate) or
 * tests/rig/cratedb.sh cluster (cratedb) and names it in ITEST_CLUSTER_DIR; the tests stop,
 * restart, pause and resume servers through the same script.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "itest.h"

#define MAX_SERVERS 8

static struct {
    bool loaded;
    int n;
    int ports[MAX_SERVERS + 1];   /* 1-based, as the scripts number servers */
    char hosts[MAX_SERVERS * 24];
} cluster;

/* The file listing server K's port on line K: servers.sh writes `ports`, cratedb.sh
 * cluster `psql.ports`. */
static FILE *open_ports(const char *dir)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", dir, itest_is_cratedb() ? "psql.ports" : "ports");
    return fopen(path, "r");
}

static void load(void)
{
    if (cluster.loaded)
        return;
    cluster.loaded = true;
    const char *dir = getenv("ITEST_CLUSTER_DIR");
    if (dir == NULL || *dir == '\0')
        return;
    FILE *f = open_ports(dir);
    if (f == NULL)
        return;
    int port;
    size_t used = 0;
    while (cluster.n < MAX_SERVERS && fscanf(f, "%d", &port) == 1) {
        cluster.ports[++cluster.n] = port;
        used += (size_t)snprintf(cluster.hosts + used, sizeof cluster.hosts - used,
                                 "%s127.0.0.1:%d", used ? "," : "", port);
    }
    fclose(f);
}

int itest_cluster_size(void)
{
    load();
    return cluster.n;
}

int itest_cluster_port(int k)
{
    load();
    if (k < 1 || k > cluster.n)
        CU_FAIL_FATAL("server index out of range");
    return cluster.ports[k];
}

const char *itest_cluster_hosts(void)
{
    load();
    return cluster.hosts;
}

void itest_cluster_connstr(char *out, size_t outlen, const char *servers, const char *extra)
{
    snprintf(out, outlen, "DRIVER={%s};SERVER=%s;DATABASE=%s;UID=%s;PWD=%s;SSLMode=disable%s%s",
             itest_cfg.driver, servers ? servers : itest_cluster_hosts(), itest_cfg.database,
             ITEST_PW_USER, ITEST_PW_PASS, extra ? ";" : "", extra ? extra : "");
}

bool itest_cluster_ctl(const char *action, int k)
{
    const char *dir = getenv("ITEST_CLUSTER_DIR");
    const char *ctl = getenv("ITEST_CLUSTER_CTL");
    if (dir == NULL || ctl == NULL) {
        CU_FAIL("ITEST_CLUSTER_DIR and ITEST_CLUSTER_CTL must be set (tests/run.sh sets them)");
        return false;
    }
    char cmd[2048];
    snprintf(cmd, sizeof cmd, "bash '%s' %s '%s' %d >&2", ctl, action, dir, k);
    fflush(NULL);
    int rc = system(cmd);
    if (rc != 0) {
        fprintf(stderr, "cluster: '%s' failed (status %d)\n", cmd, rc);
        CU_FAIL("controlling a server of the set-up failed");
        return false;
    }
    return true;
}

void itest_cluster_ensure_all_up(void)
{
    /* restart is idempotent enough for a server a failed test left stopped or paused:
     * resume first (a paused server ignores everything else), then restart what is down */
    for (int k = 1; k <= itest_cluster_size(); k++) {
        char connstr[1024], servers[32];
        snprintf(servers, sizeof servers, "127.0.0.1:%d", cluster.ports[k]);
        itest_cluster_connstr(connstr, sizeof connstr, servers, "LoginTimeout=5");
        SQLHDBC dbc = SQL_NULL_HDBC;
        SQLAllocHandle(SQL_HANDLE_DBC, itest_env, &dbc);
        SQLRETURN rc = SQLDriverConnect(dbc, NULL, (SQLCHAR *)connstr, SQL_NTS, NULL, 0, NULL,
                                        SQL_DRIVER_NOPROMPT);
        if (SQL_SUCCEEDED(rc))
            SQLDisconnect(dbc);
        SQLFreeHandle(SQL_HANDLE_DBC, dbc);
        if (!SQL_SUCCEEDED(rc)) {
            fprintf(stderr, "cluster: server %d does not answer; resuming and restarting it\n", k);
            itest_cluster_ctl("resume", k);
            itest_cluster_ctl("restart", k);
        }
    }
}

/* CrateDB answers sys.jobs by asking every node: right after a node restarted, the others
 * may still name its old incarnation ("No such node") for a while, so the question is
 * first asked until it gets an answer (at most a minute). */
static void settle(SQLHDBC dbc)
{
    for (int i = 0; itest_is_cratedb() && i < 60; i++) {
        SQLHSTMT st = SQL_NULL_HSTMT;
        SQLAllocHandle(SQL_HANDLE_STMT, dbc, &st);
        SQLRETURN rc = SQLExecDirect(st, (SQLCHAR *)"SELECT count(*) FROM sys.jobs "
                                     "WHERE stmt LIKE '%settle_probe%'", SQL_NTS);
        SQLFreeHandle(SQL_HANDLE_STMT, st);
        if (SQL_SUCCEEDED(rc))
            return;
        sleep(1);
    }
}

int itest_cluster_node_of(SQLHDBC dbc)
{
    settle(dbc);
    char name[64];
    /* CrateDB lists the running statement itself in sys.jobs with the node that coordinates
     * it; the rig's PostgreSQL servers name themselves in the setting rig.node */
    const char *sql = itest_is_cratedb()
        ? "SELECT node['name'] FROM sys.jobs WHERE stmt LIKE '%sys.jobs%node_of_probe%'"
        : "SELECT current_setting('rig.node') /* node_of_probe */";
    if (!itest_query_text(dbc, sql, name, sizeof name))
        return 0;
    int k = 0;
    if (sscanf(name, "node%d", &k) != 1 || k < 1 || k > itest_cluster_size()) {
        fprintf(stderr, "cluster: unexpected node name '%s'\n", name);
        CU_FAIL("the server did not name itself nodeK");
        return 0;
    }
    return k;
}
