/*
 * test_liveness.c: dead-peer detection (protocol/transport_wait.c, "Liveness") and the pieces of
 * AutoReconnect that need no server (driver/reconnect.c, connect.c's keepalive keywords).
 *
 * The server is a listening socket on loopback. A stopped server is one that never accepts
 * again: the kernel still completes the probes' TCP handshakes into the listen backlog and
 * takes their bytes, exactly as for a SIGSTOPped process, and nothing answers. A live one
 * is a thread that accepts each probe and answers N, as a server without TLS does.
 * Timings are never asserted: every wait is bounded by the settings under test.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "drv.h"
#include "pgw_int.h"
#include "unit.h"

typedef struct server {
    int listen_fd, port;
    int conn_fd;                 /* the connection under test, server side */
    pthread_t th;
    bool answering;              /* a thread answers probes               */
    atomic_bool stop;
    atomic_int probes;           /* probes answered                        */
    int reply_after;             /* send a byte on conn_fd after this many probes (0: never) */
} server;

static void server_listen(server *s)
{
    memset(s, 0, sizeof *s);
    s->conn_fd = -1;
    s->listen_fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    socklen_t len = sizeof a;
    CU_ASSERT_FATAL(bind(s->listen_fd, (struct sockaddr *)&a, len) == 0);
    CU_ASSERT_FATAL(listen(s->listen_fd, 16) == 0);
    getsockname(s->listen_fd, (struct sockaddr *)&a, &len);
    s->port = ntohs(a.sin_port);
}

/* Accepts probes and answers each with N, as a live server does. */
static void *answer_probes(void *arg)
{
    server *s = arg;
    while (!atomic_load(&s->stop)) {
        struct pollfd p = {.fd = s->listen_fd, .events = POLLIN};
        if (poll(&p, 1, 50) <= 0)
            continue;
        int fd = accept(s->listen_fd, NULL, NULL);
        if (fd < 0)
            continue;
        unsigned char req[8];
        if (unit_read_full(fd, req, sizeof req) && req[3] == 8 && req[4] == 0x04 &&
            req[5] == 0xd2 && req[6] == 0x16 && req[7] == 0x2f) {
            (void)!write(fd, "N", 1);
            int n = atomic_fetch_add(&s->probes, 1) + 1;
            if (s->reply_after > 0 && n == s->reply_after)
                (void)!write(s->conn_fd, "x", 1);
        }
        close(fd);
    }
    return NULL;
}

/* Connects t to s and takes the server side of it; then starts the probe answerer when
 * s->answering. */
static void connect_to(server *s, pgw_transport *t)
{
    pgw_tr_init(t, 1024);
    pgw_error e = {0};
    CU_ASSERT_FATAL(pgw_tr_connect(t, "127.0.0.1", s->port, 2000, &e) == PGW_OK);
    s->conn_fd = accept(s->listen_fd, NULL, NULL);
    CU_ASSERT_FATAL(s->conn_fd >= 0);
    if (s->answering)
        CU_ASSERT_FATAL(pthread_create(&s->th, NULL, answer_probes, s) == 0);
}

static void server_close(server *s, pgw_transport *t)
{
    if (s->answering) {
        atomic_store(&s->stop, true);
        pthread_join(s->th, NULL);
    }
    pgw_tr_free(t);
    close(s->conn_fd);
    close(s->listen_fd);
}

/* A stopped server answers neither the request nor the checks: the wait fails as a lost
 * connection, saying why, after KeepaliveCount checks. */
static void test_stopped_server_is_dead(void)
{
    server s;
    pgw_transport t;
    server_listen(&s);
    connect_to(&s, &t);
    pgw_tr_keepalive(&t, 1, 1, 2);
    errno = 0;
    CU_ASSERT_EQUAL(pgw_tr_wait_fd(&t, POLLIN), PGW_ERR_IO);
    CU_ASSERT_EQUAL(errno, ETIMEDOUT);
    CU_ASSERT_TRUE(t.ka_silent);
    /* and through the reader: 08S01, the socket closed */
    pgw_tr_keepalive(&t, 1, 1, 1);
    t.sent = true;
    pgw_msg m;
    pgw_error e = {0};
    CU_ASSERT_EQUAL(pgw_tr_read_msg(&t, &m, &e), PGW_ERR_IO);
    CU_ASSERT_STRING_EQUAL(e.sqlstate, "08S01");
    CU_ASSERT_PTR_NOT_NULL(e.message ? strstr(e.message, "liveness checks") : NULL);
    CU_ASSERT_EQUAL(t.fd, -1);
    pgw_error_clear(&e);
    server_close(&s, &t);
}

/* A live server that takes long to answer (a long query) answers the checks: the wait goes
 * on until the reply comes. */
static void test_live_server_waits_on(void)
{
    server s;
    pgw_transport t;
    server_listen(&s);
    s.answering = true;
    s.reply_after = 3;           /* more checks than KeepaliveCount: only answers count */
    connect_to(&s, &t);
    /* one unanswered check would end the wait; 5 s for the answer, as valgrind may be slow */
    pgw_tr_keepalive(&t, 1, 5, 1);
    CU_ASSERT_EQUAL(pgw_tr_wait_fd(&t, POLLIN), PGW_OK);
    CU_ASSERT_FALSE(t.ka_silent);
    CU_ASSERT(atomic_load(&s.probes) >= 3);
    server_close(&s, &t);
}

/* The reply arriving while a check is under way ends the wait at once. */
static void *reply_later(void *arg)
{
    server *s = arg;
    poll(NULL, 0, 1500);         /* in the middle of the first (unanswered) check */
    (void)!write(s->conn_fd, "x", 1);
    return NULL;
}

static void test_reply_during_check(void)
{
    server s;
    pgw_transport t;
    server_listen(&s);
    connect_to(&s, &t);
    pgw_tr_keepalive(&t, 1, 5, 3);
    pthread_t th;
    CU_ASSERT_FATAL(pthread_create(&th, NULL, reply_later, &s) == 0);
    CU_ASSERT_EQUAL(pgw_tr_wait_fd(&t, POLLIN), PGW_OK);
    CU_ASSERT_FALSE(t.ka_silent);
    pthread_join(th, NULL);
    server_close(&s, &t);
}

/* The connection timeout (SQL_ATTR_CONNECTION_TIMEOUT) still bounds a wait whose checks
 * are going on: HYT00's timeout, not a dead connection. */
static void test_io_timeout_still_applies(void)
{
    server s;
    pgw_transport t;
    server_listen(&s);
    connect_to(&s, &t);
    pgw_tr_keepalive(&t, 1, 2, 5);
    t.io_timeout_ms = 1500;
    CU_ASSERT_EQUAL(pgw_tr_wait_fd(&t, POLLIN), PGW_ERR_TIMEOUT);
    CU_ASSERT_FALSE(t.ka_silent);
    server_close(&s, &t);
}

/* The kernel's keepalive and user timeout are set per socket; KeepaliveTime 0 leaves the
 * system's defaults and no checks. */
static void test_socket_options(void)
{
    server s;
    pgw_transport t;
    server_listen(&s);
    connect_to(&s, &t);
    pgw_tr_keepalive(&t, 7, 3, 4);
    int v = 0;
    socklen_t len = sizeof v;
    CU_ASSERT_EQUAL(getsockopt(t.fd, IPPROTO_TCP, TCP_KEEPIDLE, &v, &len), 0);
    CU_ASSERT_EQUAL(v, 7);
    CU_ASSERT_EQUAL(getsockopt(t.fd, IPPROTO_TCP, TCP_KEEPINTVL, &v, &len), 0);
    CU_ASSERT_EQUAL(v, 3);
    CU_ASSERT_EQUAL(getsockopt(t.fd, IPPROTO_TCP, TCP_KEEPCNT, &v, &len), 0);
    CU_ASSERT_EQUAL(v, 4);
    unsigned int ut = 0;
    len = sizeof ut;
    CU_ASSERT_EQUAL(getsockopt(t.fd, IPPROTO_TCP, TCP_USER_TIMEOUT, &ut, &len), 0);
    CU_ASSERT_EQUAL(ut, (7 + 3 * 4) * 1000u);
    len = sizeof v;
    CU_ASSERT_EQUAL(getsockopt(t.fd, SOL_SOCKET, SO_KEEPALIVE, &v, &len), 0);
    CU_ASSERT_NOT_EQUAL(v, 0);
    server_close(&s, &t);

    server_listen(&s);
    connect_to(&s, &t);
    pgw_tr_keepalive(&t, 0, 3, 4);
    CU_ASSERT_EQUAL(t.ka_idle_ms, 0);
    server_close(&s, &t);
}

/* The keywords: defaults 30/10/3, values taken, bad ones 01S00 and the default. */
static void test_keepalive_keywords(void)
{
    drv_dbc dbc;
    memset(&dbc, 0, sizeof dbc);
    dbc.hdr.kind = DRV_DBC;
    drv_conn_opts o;
    memset(&o, 0, sizeof o);
    drv_conn_settings cs;
    CU_ASSERT_EQUAL(drv_conn_settings_resolve(&dbc.hdr, &o, 0, 0, &cs), SQL_SUCCESS);
    CU_ASSERT_EQUAL(cs.params.keepalive_idle_s, 30);
    CU_ASSERT_EQUAL(cs.params.keepalive_interval_s, 10);
    CU_ASSERT_EQUAL(cs.params.keepalive_count, 3);
    CU_ASSERT_FALSE(cs.auto_reconnect);

    char err[64];
    const char *str = "KeepalivesIdle=5;KeepaliveInterval=2;KeepaliveCount=9;AutoReconnect=1";
    CU_ASSERT_TRUE(drv_connstr_parse(str, strlen(str), &o, err, sizeof err));
    CU_ASSERT_EQUAL(drv_conn_settings_resolve(&dbc.hdr, &o, 0, 0, &cs), SQL_SUCCESS);
    CU_ASSERT_EQUAL(cs.params.keepalive_idle_s, 5);
    CU_ASSERT_EQUAL(cs.params.keepalive_interval_s, 2);
    CU_ASSERT_EQUAL(cs.params.keepalive_count, 9);
    CU_ASSERT_TRUE(cs.auto_reconnect);
    drv_conn_opts_free(&o);

    str = "KeepaliveTime=soon;KeepaliveInterval=0;KeepaliveCount=1000";
    CU_ASSERT_TRUE(drv_connstr_parse(str, strlen(str), &o, err, sizeof err));
    CU_ASSERT_EQUAL(drv_conn_settings_resolve(&dbc.hdr, &o, 0, 0, &cs), SQL_SUCCESS_WITH_INFO);
    CU_ASSERT_EQUAL(cs.params.keepalive_idle_s, 30);
    CU_ASSERT_EQUAL(cs.params.keepalive_interval_s, 10);
    CU_ASSERT_EQUAL(cs.params.keepalive_count, 3);
    CU_ASSERT_EQUAL(dbc.hdr.diag.count, 3);
    drv_conn_opts_free(&o);
    drv_diag_free(&dbc.hdr.diag);
}

/* A 1/0 keyword takes true/yes/on and false/no/off too, in any case; other words are
 * 01S00 and the default. */
static void test_on_off_words(void)
{
    drv_dbc dbc;
    memset(&dbc, 0, sizeof dbc);
    dbc.hdr.kind = DRV_DBC;
    drv_conn_opts o;
    memset(&o, 0, sizeof o);
    drv_conn_settings cs;
    char err[64];
    const char *str = "LoadBalanceHosts=true;DiscoverNodes=YES;AutoReconnect=on;LongText=On";
    CU_ASSERT_TRUE(drv_connstr_parse(str, strlen(str), &o, err, sizeof err));
    CU_ASSERT_EQUAL(drv_conn_settings_resolve(&dbc.hdr, &o, 0, 0, &cs), SQL_SUCCESS);
    CU_ASSERT_TRUE(cs.params.load_balance);
    CU_ASSERT_TRUE(cs.params.discover_nodes);
    CU_ASSERT_TRUE(cs.auto_reconnect);
    CU_ASSERT_TRUE(cs.long_text);
    drv_conn_opts_free(&o);

    str = "BinaryResults=false;AutoReconnect=No;LoadBalanceHosts=OFF;DiscoverNodes=maybe";
    CU_ASSERT_TRUE(drv_connstr_parse(str, strlen(str), &o, err, sizeof err));
    CU_ASSERT_EQUAL(drv_conn_settings_resolve(&dbc.hdr, &o, 0, 0, &cs), SQL_SUCCESS_WITH_INFO);
    CU_ASSERT_FALSE(cs.binary_results);
    CU_ASSERT_FALSE(cs.auto_reconnect);
    CU_ASSERT_FALSE(cs.params.load_balance);
    CU_ASSERT_FALSE(cs.params.discover_nodes);
    CU_ASSERT_EQUAL(dbc.hdr.diag.count, 1);
    drv_conn_opts_free(&o);
    drv_diag_free(&dbc.hdr.diag);
}

/* What marks a session as changed by the application, and what resets it. */
static void test_session_note(void)
{
    drv_dbc dbc;
    memset(&dbc, 0, sizeof dbc);
    static const struct {
        const char *tag;
        bool changed;
    } cases[] = {
        {"SELECT 1", false}, {"INSERT 0 1", false}, {"SET", true}, {"RESET", true},
        {"PREPARE", true}, {"DECLARE CURSOR", true}, {"LISTEN", true}, {"SETX", false},
        {"CREATE TABLE", false},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        dbc.session_changed[0] = '\0';
        drv_session_note(&dbc, cases[i].tag);
        CU_ASSERT_EQUAL(dbc.session_changed[0] != '\0', cases[i].changed);
    }
    drv_session_note(&dbc, "SET");
    drv_session_note(&dbc, "DISCARD ALL");
    CU_ASSERT_EQUAL(dbc.session_changed[0], '\0');
}

void register_liveness_tests(void)
{
    CU_pSuite s = CU_add_suite("liveness", NULL, NULL);
    CU_add_test(s, "stopped_server_is_dead", test_stopped_server_is_dead);
    CU_add_test(s, "live_server_waits_on", test_live_server_waits_on);
    CU_add_test(s, "reply_during_check", test_reply_during_check);
    CU_add_test(s, "io_timeout_still_applies", test_io_timeout_still_applies);
    CU_add_test(s, "socket_options", test_socket_options);
    CU_add_test(s, "keepalive_keywords", test_keepalive_keywords);
    CU_add_test(s, "on_off_words", test_on_off_words);
    CU_add_test(s, "session_note", test_session_note);
}
