/*
 * discover.c: DiscoverNodes=1. Right after a connect, the cluster is asked
 * for its nodes (DRV_SQL_NODES on sys.nodes) and the answer goes to
 * protocol/'s process-wide cache (pgw_nodes_remember), keyed by the host
 * list the connection was configured with; the next connects with that host
 * list try those nodes too, after the configured hosts (or shuffled with
 * them under LoadBalanceHosts=1). So a DSN naming one node survives that
 * node's loss once one connect has seen the cluster.
 *
 * A connect refreshes the list when it is PGW_NODES_REFRESH_MS (60 s) old:
 * a node that left the cluster drops out of it, a new one comes in. Until
 * then a node that went away stays in the list and is tried last after it
 * failed once (the failure memory of protocol/hosts.c). Discovery never fails a
 * connection: on a server without sys.nodes (PostgreSQL), with a user not
 * allowed to read it, or with an answer that names no reachable node, the
 * cache keeps what it had and the connection goes on as it is.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "driver_sql.h"
#include "drv.h"

/* The client address of a node: rest_url's host part ("10.0.0.5:4200",
 * "[fd00::5]:4200"), else its hostname. Into out (false when none fits). */
static bool node_host(const pgw_value *hostname, const pgw_value *rest_url, char *out,
                      size_t outlen)
{
    const char *p = NULL;
    size_t n = 0;
    if (rest_url->len > 0) {
        p = rest_url->ptr;
        n = (size_t)rest_url->len;
        if (p[0] == '[') {
            const char *close = memchr(p, ']', n);
            if (close == NULL)
                return false;
            p++;
            n = (size_t)(close - p);
        } else {
            const char *colon = memchr(p, ':', n);
            if (colon)
                n = (size_t)(colon - p);
        }
    } else if (hostname->len > 0) {
        p = hostname->ptr;
        n = (size_t)hostname->len;
    }
    if (p == NULL || n == 0 || n >= outlen || memchr(p, ',', n) != NULL)
        return false;
    memcpy(out, p, n);
    out[n] = '\0';
    return true;
}

/* The psql port as the server sent it in text ("5432"), 0 when none. */
static int node_port(const pgw_value *v)
{
    if (v->len <= 0 || v->len > 5)
        return 0;
    int port = 0;
    for (int i = 0; i < v->len; i++) {
        if (v->ptr[i] < '0' || v->ptr[i] > '9')
            return 0;
        port = port * 10 + (v->ptr[i] - '0');
    }
    return port >= 1 && port <= 65535 ? port : 0;
}

void drv_discover_nodes(pgw_conn *c, const pgw_connect_params *p)
{
    pgw_result r;
    pgw_result_init(&r);
    char *list = NULL;
    /* sys.nodes asks every node for its details: with a silent node that
     * takes seconds (CrateDB 6.4.3: 2 to 4 s, the node's row all NULL), and
     * it costs the cluster a request per node, so not on every connect */
    if (!pgw_nodes_refresh_due(p->hosts, p->default_port))
        return;
    pgw_status st = pgw_simple_query(c, DRV_SQL_NODES, &r);
    if (st != PGW_OK || r.ncols < DRV_SQL_NODES_COLS || r.nrows == 0)
        goto out;   /* LOG (info): discovery unavailable, pgw_conn_error(c) says why */
    /* "host:port," a node: a host of at most 255 bytes, brackets, a port */
    size_t cap = r.nrows * 270 + 1, len = 0;
    if ((list = malloc(cap)) == NULL)
        goto out;
    for (size_t i = 0; i < r.nrows; i++) {
        const pgw_value *row = &r.values[i * (size_t)r.ncols];
        char host[256];
        int port = node_port(&row[2]);
        if (port == 0 || !node_host(&row[0], &row[1], host, sizeof host))
            continue;   /* LOG (debug): a node without a usable address */
        bool v6 = strchr(host, ':') != NULL;
        len += (size_t)snprintf(list + len, cap - len, "%s%s%s%s:%d", len ? "," : "",
                                v6 ? "[" : "", host, v6 ? "]" : "", port);
    }
    /* LOG (info): the nodes learned, or that none had an address */
    if (len > 0)
        pgw_nodes_remember(p->hosts, p->default_port, list);
out:
    free(list);
    pgw_result_clear(&r);
}
