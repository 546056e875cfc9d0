/*
 * test_hosts.c: protocol/hosts.c, the host list of a connect: parsing SERVER's list, the
 * order (LoadBalanceHosts' shuffle, recently failed hosts last, their expiry), the
 * discovered-nodes cache, and the one 08001 of a connect that reached no host (loopback
 * ports nobody listens on: no server needed).
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <CUnit/CUnit.h>

#include "hosts.h"
#include "pgw_int.h"
#include "unit.h"

static int clean(void)
{
    pgw_hosts_forget_failures();
    pgw_nodes_forget();
    return 0;
}

static void test_parse(void)
{
    pgw_host_list l = {0};
    pgw_error e = {0};
    CU_ASSERT_EQUAL(pgw_hosts_parse(&l, " a , b:5433,[::1]:5434,::2,[fe80::1], a:5432", 5432, &e),
                    PGW_OK);
    CU_ASSERT_EQUAL_FATAL(l.n, 5);   /* "a:5432" is "a" again */
    CU_ASSERT_STRING_EQUAL(l.v[0].name, "a");
    CU_ASSERT_EQUAL(l.v[0].port, 5432);
    CU_ASSERT_STRING_EQUAL(l.v[1].name, "b");
    CU_ASSERT_EQUAL(l.v[1].port, 5433);
    CU_ASSERT_STRING_EQUAL(l.v[2].name, "::1");
    CU_ASSERT_EQUAL(l.v[2].port, 5434);
    CU_ASSERT_STRING_EQUAL(l.v[3].name, "::2");
    CU_ASSERT_EQUAL(l.v[3].port, 5432);
    CU_ASSERT_STRING_EQUAL(l.v[4].name, "fe80::1");
    char shown[64];
    pgw_host_format(&l.v[2], shown, sizeof shown);
    CU_ASSERT_STRING_EQUAL(shown, "[::1]:5434");
    pgw_host_format(&l.v[1], shown, sizeof shown);
    CU_ASSERT_STRING_EQUAL(shown, "b:5433");
    pgw_hosts_free(&l);

    static const char *const bad[] = {"a,,b", "a:0", "a:65536", "a:x", "[::1", "[::1]x", ":5", ""};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        CU_ASSERT_EQUAL(pgw_hosts_parse(&l, bad[i], 5432, &e), PGW_ERR_ARG);
        CU_ASSERT_STRING_EQUAL(e.sqlstate, "08001");
        CU_ASSERT_PTR_NOT_NULL(e.message && strstr(e.message, "invalid host list entry"));
        pgw_error_clear(&e);
        pgw_hosts_free(&l);
    }
}

static pgw_host_list three(void)
{
    pgw_host_list l = {0};
    pgw_error e = {0};
    CU_ASSERT_EQUAL(pgw_hosts_parse(&l, "h1:1,h2:2,h3:3", 5432, &e), PGW_OK);
    return l;
}

static void test_order_failed_last(void)
{
    clean();
    int64_t now = 1000000;
    pgw_host_list l = three();
    pgw_hosts_order(&l, false, now, NULL, NULL);
    CU_ASSERT_STRING_EQUAL(l.v[0].name, "h1");   /* no failures: as given */
    CU_ASSERT_STRING_EQUAL(l.v[2].name, "h3");

    pgw_host h1 = l.v[0], h2 = l.v[1];
    pgw_hosts_mark_failed(&h2, now - 200);   /* failed before h1: tried before it */
    pgw_hosts_mark_failed(&h1, now - 100);
    pgw_hosts_free(&l);
    l = three();
    pgw_hosts_order(&l, false, now, NULL, NULL);
    CU_ASSERT_STRING_EQUAL(l.v[0].name, "h3");
    CU_ASSERT_STRING_EQUAL(l.v[1].name, "h2");
    CU_ASSERT_STRING_EQUAL(l.v[2].name, "h1");

    /* a success forgets h2's failure; h1's expires */
    pgw_hosts_mark_ok(&h2);
    CU_ASSERT_EQUAL(pgw_hosts_failed_at(&h2, now), 0);
    CU_ASSERT_EQUAL(pgw_hosts_failed_at(&h1, now), now - 100);
    CU_ASSERT_EQUAL(pgw_hosts_failed_at(&h1, now - 100 + PGW_HOST_FAILED_MS), 0);
    pgw_hosts_free(&l);
    l = three();
    pgw_hosts_order(&l, false, now + PGW_HOST_FAILED_MS, NULL, NULL);
    CU_ASSERT_STRING_EQUAL(l.v[0].name, "h1");
    CU_ASSERT_STRING_EQUAL(l.v[1].name, "h2");
    pgw_hosts_free(&l);
    clean();
}

/* A fixed sequence of "random" numbers: the shuffle is Fisher-Yates from the end. */
static uint32_t seq_rnd(void *arg)
{
    const uint32_t **p = arg;
    return *(*p)++;
}

static void test_shuffle(void)
{
    clean();
    pgw_host_list l = three();
    /* i=2: j = 0 (swap h3 and h1 -> h3 h2 h1); i=1: j = 1 (stays) */
    static const uint32_t nums[] = {3, 1};
    const uint32_t *p = nums;
    pgw_hosts_order(&l, true, 1000, seq_rnd, &p);
    CU_ASSERT_STRING_EQUAL(l.v[0].name, "h3");
    CU_ASSERT_STRING_EQUAL(l.v[1].name, "h2");
    CU_ASSERT_STRING_EQUAL(l.v[2].name, "h1");
    pgw_hosts_free(&l);

    /* OpenSSL's numbers: each host comes first about a third of the time (3000 rounds:
     * expected 1000 each, standard deviation 26; below 700 does not happen by chance),
     * and a failed host is never first */
    int first[4] = {0};
    for (int round = 0; round < 3000; round++) {
        l = three();
        pgw_hosts_order(&l, true, 1000, NULL, NULL);
        first[l.v[0].port]++;
        pgw_hosts_free(&l);
    }
    for (int k = 1; k <= 3; k++)
        CU_ASSERT(first[k] > 700);
    l = three();
    pgw_host h2 = l.v[1];
    pgw_hosts_free(&l);
    pgw_hosts_mark_failed(&h2, 1000);
    for (int round = 0; round < 200; round++) {
        l = three();
        pgw_hosts_order(&l, true, 1001, NULL, NULL);
        CU_ASSERT_STRING_EQUAL(l.v[2].name, "h2");
        pgw_hosts_free(&l);
    }
    clean();
}

static void test_known_nodes(void)
{
    clean();
    pgw_host_list l = {0};
    CU_ASSERT_EQUAL(pgw_nodes_remember("n1", 5432, "n1:5432,n2:5432,[::1]:6000"), PGW_OK);
    pgw_error e = {0};
    CU_ASSERT_EQUAL(pgw_hosts_parse(&l, "n1", 5432, &e), PGW_OK);
    CU_ASSERT(pgw_nodes_append_known(&l, "n1", 5432));
    CU_ASSERT_EQUAL_FATAL(l.n, 3);   /* n1 once */
    CU_ASSERT_STRING_EQUAL(l.v[1].name, "n2");
    CU_ASSERT_STRING_EQUAL(l.v[2].name, "::1");
    CU_ASSERT_EQUAL(l.v[2].port, 6000);
    pgw_hosts_free(&l);
    /* another default port is another host list */
    CU_ASSERT(pgw_nodes_append_known(&l, "n1", 5433));
    CU_ASSERT_EQUAL(l.n, 0);
    /* a second answer replaces the first */
    CU_ASSERT_EQUAL(pgw_nodes_remember("n1", 5432, "n3:1"), PGW_OK);
    CU_ASSERT(pgw_nodes_append_known(&l, "n1", 5432));
    CU_ASSERT_EQUAL_FATAL(l.n, 1);
    CU_ASSERT_STRING_EQUAL(l.v[0].name, "n3");
    pgw_hosts_free(&l);
    CU_ASSERT_EQUAL(pgw_nodes_remember("n1", 5432, "n3:0"), PGW_ERR_ARG);
    /* a refresh is claimed once: the connect that asks first reads sys.nodes, the next
     * ones within PGW_NODES_REFRESH_MS do not (a learned list counts as asked) */
    CU_ASSERT(pgw_nodes_refresh_due("n9", 5432));
    CU_ASSERT(!pgw_nodes_refresh_due("n9", 5432));
    CU_ASSERT(pgw_nodes_refresh_due("n9", 5433));
    CU_ASSERT(!pgw_nodes_refresh_due("n1", 5432));
    clean();
    CU_ASSERT(pgw_nodes_refresh_due("n1", 5432));
}

/* A loopback port nobody listens on (bound, then closed). */
static int closed_port(void)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    socklen_t len = sizeof a;
    if (fd < 0 || bind(fd, (struct sockaddr *)&a, sizeof a) != 0 ||
        getsockname(fd, (struct sockaddr *)&a, &len) != 0) {
        if (fd >= 0)
            close(fd);
        return 0;
    }
    close(fd);
    return ntohs(a.sin_port);
}

static void test_all_fail_names_each_host(void)
{
    clean();
    int ports[3];
    char spec[128], want[3][32];
    for (int i = 0; i < 3; i++) {
        ports[i] = closed_port();
        CU_ASSERT_FATAL(ports[i] > 0);
        snprintf(want[i], sizeof want[i], "127.0.0.1:%d", ports[i]);
    }
    snprintf(spec, sizeof spec, "%s,%s,%s", want[0], want[1], want[2]);
    pgw_conn *c = pgw_conn_new();
    CU_ASSERT_PTR_NOT_NULL_FATAL(c);
    pgw_connect_params p = {.hosts = spec, .user = "u", .ssl_mode = PGW_SSL_DISABLE,
                            .connect_timeout_ms = 5000};
    CU_ASSERT_EQUAL(pgw_connect(c, &p), PGW_ERR_CONNECT);
    const pgw_error *e = pgw_conn_error(c);
    CU_ASSERT_STRING_EQUAL(e->sqlstate, "08001");
    CU_ASSERT_PTR_NOT_NULL_FATAL(e->message);
    CU_ASSERT_PTR_NOT_NULL(strstr(e->message, "any of 3 hosts"));
    for (int i = 0; i < 3; i++) {
        CU_ASSERT_PTR_NOT_NULL(strstr(e->message, want[i]));
        /* each host is named once, with its reason */
        const char *at = strstr(e->message, want[i]);
        CU_ASSERT(at == NULL || strstr(at + 1, want[i]) == NULL);
    }
    CU_ASSERT_PTR_NOT_NULL(strstr(e->message, "refused"));
    /* every one of them is now a recently failed host */
    for (int i = 0; i < 3; i++) {
        pgw_host h = {.port = ports[i]};
        snprintf(h.name, sizeof h.name, "127.0.0.1");
        CU_ASSERT(pgw_hosts_failed_at(&h, pgw_now_ms()) > 0);
    }

    /* many hosts: the message stays bounded and says how many it left out */
    char big[64 * 24];
    size_t used = 0;
    for (int i = 0; i < 60; i++)
        used += (size_t)snprintf(big + used, sizeof big - used, "%s127.0.0.%d:%d",
                                 i ? "," : "", 1 + i % 200, ports[i % 3]);
    p.hosts = big;
    CU_ASSERT_EQUAL(pgw_connect(c, &p), PGW_ERR_CONNECT);
    e = pgw_conn_error(c);
    CU_ASSERT_PTR_NOT_NULL_FATAL(e->message);
    CU_ASSERT(strlen(e->message) < 1700);
    CU_ASSERT_PTR_NOT_NULL(strstr(e->message, "any of 60 hosts"));
    if (strstr(e->message, " more") == NULL)
        fprintf(stderr, "\nmessage: %s\n", e->message);
    CU_ASSERT_PTR_NOT_NULL(strstr(e->message, " more"));
    pgw_conn_free(c);
    clean();
}

/* A lost connection's host goes last for the reconnect (pgw_conn_host_failed). */
static void test_conn_host_failed(void)
{
    clean();
    pgw_conn *c = pgw_conn_new();
    CU_ASSERT_PTR_NOT_NULL_FATAL(c);
    pgw_host h = {.name = "lost-host", .port = 7};
    pgw_conn_host_failed(c);   /* never connected: nothing to count */
    CU_ASSERT_EQUAL(pgw_hosts_failed_at(&h, pgw_now_ms()), 0);
    snprintf(c->host, sizeof c->host, "lost-host");
    c->port = 7;
    pgw_conn_host_failed(c);
    CU_ASSERT(pgw_hosts_failed_at(&h, pgw_now_ms()) > 0);
    c->host[0] = '\0';
    pgw_conn_free(c);
    clean();
}

void register_hosts_tests(void)
{
    CU_pSuite s = CU_add_suite("hosts", NULL, clean);
    CU_add_test(s, "host list parsing", test_parse);
    CU_add_test(s, "recently failed hosts are tried last, until they expire", test_order_failed_last);
    CU_add_test(s, "LoadBalanceHosts shuffles uniformly, failed hosts still last", test_shuffle);
    CU_add_test(s, "discovered nodes are kept per host list", test_known_nodes);
    CU_add_test(s, "a connect that reaches no host names each one and why",
                test_all_fail_names_each_host);
    CU_add_test(s, "a lost connection's host is tried last", test_conn_host_failed);
}
