/*
 * test_tls_negotiation.c: what pgw_connect does with each answer to its SSLRequest, per
 * SSLMode (protocol/conn.c try_host, protocol/tls.c): a fake server on a loopback port
 * plays one scripted behaviour per accepted connection and records the first packet of
 * each (and whether the client came back unscripted). The answers a real server cannot
 * be made to give (S followed by a broken
 * handshake, a byte that is neither S nor N) are covered here; the integration tests
 * (test_tls.c) do real TLS.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "pgw_int.h"
#include "unit.h"

#define SSL_REQUEST 80877103
#define PROTOCOL_3 196608
#define MAX_CONNS 4

typedef struct fake_server {
    int listen_fd;
    int port;
    const char *script;          /* one letter per connection, see serve_one */
    int codes[MAX_CONNS][2];     /* request codes of each connection's 1st/2nd packet */
    int accepted;
    bool extra;                  /* the client came once more than scripted */
    pthread_t th;
} fake_server;

/* Reads one startup-phase packet (int32 length, int32 code, body); its code or -1. */
static int read_packet(int fd)
{
    unsigned char buf[1024];
    size_t got = 0, want = 8;
    while (got < want) {
        struct pollfd p = {.fd = fd, .events = POLLIN};
        if (poll(&p, 1, 3000) != 1)
            return -1;
        ssize_t n = read(fd, buf + got, want - got);
        if (n <= 0)
            return -1;
        got += (size_t)n;
        if (got == 8) {
            want = (size_t)pgw_load_i32(buf);
            if (want < 8 || want > sizeof buf)
                return -1;
        }
    }
    return pgw_load_i32(buf + 4);
}

static void send_bytes(int fd, const void *p, size_t n)
{
    CU_ASSERT_EQUAL(write(fd, p, n), (ssize_t)n);
}

/* AuthenticationOk and ReadyForQuery: a finished login. */
static void send_login_ok(int fd)
{
    static const unsigned char ok[] = {'R', 0, 0, 0, 8, 0, 0, 0, 0, 'Z', 0, 0, 0, 5, 'I'};
    send_bytes(fd, ok, sizeof ok);
}

/* Waits for the client to close (it may send Terminate first). */
static void drain(int fd)
{
    char tmp[256];
    struct pollfd p = {.fd = fd, .events = POLLIN};
    while (poll(&p, 1, 3000) == 1 && read(fd, tmp, sizeof tmp) > 0)
        ;
}

/*
 * One connection, by script letter:
 *   n  answer N, then take the startup packet on the same socket and log in
 *   N  answer N, then wait for the client to give up
 *   s  answer S, then close (the handshake fails at once)
 *   e  answer E, then close
 *   o  log in (the first packet must be a StartupMessage)
 *   f  answer the first packet with FATAL 28000, then close
 */
static void serve_one(fake_server *fs, int fd, char what)
{
    static const char fatal[] = "SFATAL\0C28000\0Mno entry for this client\0";
    int i = fs->accepted;
    fs->codes[i][0] = read_packet(fd);
    switch (what) {
    case 'n':
        send_bytes(fd, "N", 1);
        fs->codes[i][1] = read_packet(fd);
        send_login_ok(fd);
        drain(fd);
        break;
    case 'N':
        send_bytes(fd, "N", 1);
        drain(fd);
        break;
    case 's':
        send_bytes(fd, "S", 1);
        break;
    case 'e':
        send_bytes(fd, "E", 1);
        break;
    case 'o':
        send_login_ok(fd);
        drain(fd);
        break;
    case 'f': {
        unsigned char head[5] = {'E', 0, 0, 0, (unsigned char)(sizeof fatal + 4)};
        send_bytes(fd, head, sizeof head);
        send_bytes(fd, fatal, sizeof fatal);
        break;
    }
    }
}

static void *serve(void *arg)
{
    fake_server *fs = arg;
    for (const char *s = fs->script; *s && fs->accepted < MAX_CONNS; s++) {
        struct pollfd p = {.fd = fs->listen_fd, .events = POLLIN};
        /* the first connection comes after the client has set up its TLS context
         * (loading the system's CAs for verify-full), which a loaded machine under
         * ASan can stretch to seconds; later ones follow at once or never */
        if (poll(&p, 1, fs->accepted == 0 ? 30000 : 3000) != 1)
            break;                       /* the client did not come (again) */
        int fd = accept(fs->listen_fd, NULL, NULL);
        if (fd < 0)
            break;
        serve_one(fs, fd, *s);
        close(fd);
        fs->accepted++;
    }
    return NULL;
}

static void server_start(fake_server *fs, const char *script)
{
    memset(fs, 0, sizeof *fs);
    fs->script = script;
    fs->listen_fd = socket(AF_INET, SOCK_STREAM, 0);
    CU_ASSERT_FATAL(fs->listen_fd >= 0);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    socklen_t len = sizeof a;
    CU_ASSERT_FATAL(bind(fs->listen_fd, (struct sockaddr *)&a, sizeof a) == 0);
    CU_ASSERT_FATAL(listen(fs->listen_fd, MAX_CONNS) == 0);
    CU_ASSERT_FATAL(getsockname(fs->listen_fd, (struct sockaddr *)&a, &len) == 0);
    fs->port = ntohs(a.sin_port);
    CU_ASSERT_FATAL(pthread_create(&fs->th, NULL, serve, fs) == 0);
}

/* Connects with `mode` to the fake server playing `script`; returns the status, the
 * error message into msg, and the server's record in *fs. */
static pgw_status run(pgw_ssl_mode mode, const char *script, fake_server *fs, char *msg,
                      size_t msglen)
{
    server_start(fs, script);
    pgw_conn *c = pgw_conn_new();
    CU_ASSERT_PTR_NOT_NULL_FATAL(c);
    pgw_connect_params p = {
        .hosts = "127.0.0.1", .default_port = fs->port, .user = "u",
        .connect_timeout_ms = 3000, .io_timeout_ms = 3000, .ssl_mode = mode,
    };
    pgw_status st = pgw_connect(c, &p);
    const pgw_error *e = pgw_conn_error(c);
    snprintf(msg, msglen, "%s", e->message ? e->message : "");
    pgw_conn_free(c);
    pthread_join(fs->th, NULL);
    /* the client is done: a connection it made beyond the script waits in the backlog */
    struct pollfd lp = {.fd = fs->listen_fd, .events = POLLIN};
    fs->extra = poll(&lp, 1, 0) == 1;
    close(fs->listen_fd);
    CU_ASSERT_FALSE(fs->extra);
    return st;
}

/* prefer: N means plaintext on the same socket. */
static void test_prefer_n(void)
{
    fake_server fs;
    char msg[256];
    CU_ASSERT_EQUAL(run(PGW_SSL_PREFER, "n", &fs, msg, sizeof msg), PGW_OK);
    CU_ASSERT_EQUAL(fs.accepted, 1);
    CU_ASSERT_EQUAL(fs.codes[0][0], SSL_REQUEST);
    CU_ASSERT_EQUAL(fs.codes[0][1], PROTOCOL_3);
}

/* require and the verify modes: N fails with the mode named, nothing else is tried. */
static void test_require_n(void)
{
    static const struct { pgw_ssl_mode mode; const char *text; } cases[] = {
        {PGW_SSL_REQUIRE, "server does not support SSL, but SSLMode=require"},
        {PGW_SSL_VERIFY_FULL, "server does not support SSL, but SSLMode=verify-full"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        fake_server fs;
        char msg[256];
        CU_ASSERT_EQUAL(run(cases[i].mode, "N", &fs, msg, sizeof msg), PGW_ERR_CONNECT);
        CU_ASSERT_STRING_EQUAL(msg, cases[i].text);
        CU_ASSERT_EQUAL(fs.accepted, 1);
    }
}

/* prefer: a handshake that fails after S is retried once in plaintext, on a new socket
 * without SSLRequest; require reports it and tries nothing else. */
static void test_handshake_failure(void)
{
    fake_server fs;
    char msg[256];
    CU_ASSERT_EQUAL(run(PGW_SSL_PREFER, "so", &fs, msg, sizeof msg), PGW_OK);
    CU_ASSERT_EQUAL(fs.accepted, 2);
    CU_ASSERT_EQUAL(fs.codes[0][0], SSL_REQUEST);
    CU_ASSERT_EQUAL(fs.codes[1][0], PROTOCOL_3);

    CU_ASSERT_EQUAL(run(PGW_SSL_REQUIRE, "s", &fs, msg, sizeof msg), PGW_ERR_CONNECT);
    CU_ASSERT_EQUAL(fs.accepted, 1);
    CU_ASSERT_PTR_NOT_NULL(strstr(msg, "SSL handshake failed"));
}

/* A byte that is neither S nor N is a protocol error, whatever the mode. */
static void test_bad_answer(void)
{
    fake_server fs;
    char msg[256];
    CU_ASSERT_EQUAL(run(PGW_SSL_PREFER, "e", &fs, msg, sizeof msg), PGW_ERR_CONNECT);
    CU_ASSERT_STRING_EQUAL(msg, "protocol error: the server answered the SSL request with "
                                "byte 0x45, not S or N");
    CU_ASSERT_EQUAL(fs.accepted, 1);
}

/* disable sends no SSLRequest; allow sends one only after the server refused the
 * plaintext login, and keeps that refusal when the server has no TLS either. */
static void test_disable_allow(void)
{
    fake_server fs;
    char msg[256];
    CU_ASSERT_EQUAL(run(PGW_SSL_DISABLE, "o", &fs, msg, sizeof msg), PGW_OK);
    CU_ASSERT_EQUAL(fs.codes[0][0], PROTOCOL_3);

    CU_ASSERT_EQUAL(run(PGW_SSL_ALLOW, "o", &fs, msg, sizeof msg), PGW_OK);
    CU_ASSERT_EQUAL(fs.accepted, 1);
    CU_ASSERT_EQUAL(fs.codes[0][0], PROTOCOL_3);

    CU_ASSERT_EQUAL(run(PGW_SSL_ALLOW, "fN", &fs, msg, sizeof msg), PGW_ERR_SERVER);
    CU_ASSERT_EQUAL(fs.accepted, 2);
    CU_ASSERT_EQUAL(fs.codes[0][0], PROTOCOL_3);
    CU_ASSERT_EQUAL(fs.codes[1][0], SSL_REQUEST);
    CU_ASSERT_STRING_EQUAL(msg, "no entry for this client");

    /* disable does not retry */
    CU_ASSERT_EQUAL(run(PGW_SSL_DISABLE, "f", &fs, msg, sizeof msg), PGW_ERR_SERVER);
    CU_ASSERT_EQUAL(fs.accepted, 1);
}

void register_tls_negotiation_tests(void)
{
    CU_pSuite s = CU_add_suite("tls negotiation", NULL, NULL);
    CU_add_test(s, "prefer: N continues in plaintext", test_prefer_n);
    CU_add_test(s, "require: N fails", test_require_n);
    CU_add_test(s, "S then a failed handshake", test_handshake_failure);
    CU_add_test(s, "neither S nor N", test_bad_answer);
    CU_add_test(s, "disable and allow", test_disable_allow);
}
