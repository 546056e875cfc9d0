/*
 * test_batch.c: pgw_batch (protocol/conn.c) against the exact answers of a
 * CrateDB 6.4.3 node to a bulk request, and of PostgreSQL for comparison,
 * played by a fake server on a socketpair. The answers are written before
 * the request is sent (the socket buffers hold both), then the request the
 * driver wrote is checked message by message.
 *
 * What the real node answers (seen on the wire, Parse + Describe + three
 * Bind/Execute + Sync; CrateDB holds each BindComplete back until the set
 * before it is answered, so they interleave):
 *   the bulk ran              1 t n 2 C 2 C 2 C Z(I)   a failed set: C "INSERT 0 -3"
 *   it failed as a whole      1 t n 2 E 2 E 2 E Z(I)   (an INSERT value that does not
 *                                                      cast, a NULL primary key)
 *   the Bind of set k failed  1 t n 2 (k times) E Z(E) the queued sets are dropped
 *   its planning failed       1 t n 2 E Z(E)           at the Sync ("Bulk operation not
 *                                                      supported for Insert"): the
 *                                                      held-back BindCompletes are dropped
 */
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "pgw_int.h"
#include "unit.h"

pgw_conn *unit_fake_conn(int *peer, bool cratedb)
{
    int sv[2];
    pgw_conn *c = pgw_conn_new();
    CU_ASSERT_PTR_NOT_NULL_FATAL(c);
    CU_ASSERT_EQUAL_FATAL(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
    fcntl(sv[0], F_SETFL, fcntl(sv[0], F_GETFL) | O_NONBLOCK);
    c->t.fd = sv[0];
    c->t.io_timeout_ms = 2000;
    c->connected = true;
    c->is_cratedb = cratedb;
    c->txn = 'I';
    *peer = sv[1];
    return c;
}

bool unit_send_msg(int fd, char type, const void *body, size_t n)
{
    unsigned char head[5] = { (unsigned char)type, (unsigned char)((n + 4) >> 24),
                              (unsigned char)((n + 4) >> 16), (unsigned char)((n + 4) >> 8),
                              (unsigned char)(n + 4) };
    if (send(fd, head, 5, MSG_NOSIGNAL) != 5)
        return false;
    return n == 0 || send(fd, body, n, MSG_NOSIGNAL) == (ssize_t)n;
}

bool unit_read_full(int fd, unsigned char *p, size_t n)
{
    while (n > 0) {
        ssize_t k = read(fd, p, n);
        if (k <= 0)
            return false;
        p += k;
        n -= (size_t)k;
    }
    return true;
}

/* Appends one backend message (type, body of n bytes) to out. */
static size_t put_msg(char *out, size_t at, char type, const char *body, size_t n)
{
    uint32_t len = (uint32_t)n + 4;
    out[at] = type;
    out[at + 1] = (char)(len >> 24);
    out[at + 2] = (char)(len >> 16);
    out[at + 3] = (char)(len >> 8);
    out[at + 4] = (char)len;
    memcpy(out + at + 5, body, n);
    return at + 5 + n;
}

/* The server's answer, spelled as a string of message letters:
 *   1 ParseComplete, t ParameterDescription (int4, varchar), n NoData,
 *   2 BindComplete, c "INSERT 0 1", x "INSERT 0 -3", e ErrorResponse XX000,
 *   Z / z ReadyForQuery I / E. */
static void serve(int peer, const char *script)
{
    static const char param_desc[] = { 0, 2, 0, 0, 0, 23, 0, 0, 0x04, 0x13 };
    static const char err[] = "SERROR\0CXX000\0Mthe bulk failed\0";
    char out[4096];
    size_t at = 0;
    for (const char *s = script; *s; s++) {
        switch (*s) {
        case 't': at = put_msg(out, at, 't', param_desc, sizeof param_desc); break;
        case 'c': at = put_msg(out, at, 'C', "INSERT 0 1", 11); break;
        case 'x': at = put_msg(out, at, 'C', "INSERT 0 -3", 12); break;
        case 'e': at = put_msg(out, at, 'E', err, sizeof err); break;
        case 'Z': at = put_msg(out, at, 'Z', "I", 1); break;
        case 'z': at = put_msg(out, at, 'Z', "E", 1); break;
        default: at = put_msg(out, at, *s, "", 0); break;   /* 1, 2, n */
        }
    }
    CU_ASSERT_EQUAL_FATAL(write(peer, out, at), (ssize_t)at);
}

/* The message letters of what the driver sent (and the Describe's kind). */
static void sent(int peer, char *types, size_t cap)
{
    char in[8192];
    ssize_t n = read(peer, in, sizeof in);
    size_t k = 0;
    for (ssize_t at = 0; n > 0 && at + 5 <= n && k + 2 < cap;) {
        uint32_t len = (uint32_t)(unsigned char)in[at + 1] << 24 |
                       (uint32_t)(unsigned char)in[at + 2] << 16 |
                       (uint32_t)(unsigned char)in[at + 3] << 8 | (unsigned char)in[at + 4];
        types[k++] = in[at];
        if (in[at] == 'D')
            types[k++] = in[at + 5];
        at += 1 + (ssize_t)len;
    }
    types[k] = '\0';
}

typedef struct outcome {
    pgw_status st;
    int64_t counts[3];
    pgw_batch_outcome o;
    char request[64];
} outcome;

/* Runs INSERT ... VALUES ($1, $2) for three sets against the script. */
static void run(bool cratedb, const char *script, outcome *o)
{
    int peer;
    pgw_conn *c = unit_fake_conn(&peer, cratedb);
    pgw_param p[6] = {
        { "1", 1, 0 }, { "a", 1, 0 }, { "2", 1, 0 }, { "b", 1, 0 }, { "3", 1, 0 }, { "c", 1, 0 },
    };
    pgw_batch_req req = { "INSERT INTO t (i, s) VALUES ($1, $2)", "s1", 2, NULL, 3, p };
    serve(peer, script);
    o->st = pgw_batch(c, &req, o->counts, &o->o);
    sent(peer, o->request, sizeof o->request);
    close(peer);
    pgw_conn_free(c);
}

/* Parse, Describe statement, three Bind/Execute, one Sync: no Flush, which
 * would start CrateDB's deferred writes before all sets are queued. */
#define REQUEST "PDSBEBEBES"

static void test_crate_failed_row_is_minus_3(void)
{
    outcome o;
    run(true, "1tn2c2x2cZ", &o);
    CU_ASSERT_EQUAL(o.st, PGW_OK);
    CU_ASSERT_STRING_EQUAL(o.request, REQUEST);
    CU_ASSERT_EQUAL(o.counts[0], 1);
    CU_ASSERT_EQUAL(o.counts[1], -3);
    CU_ASSERT_EQUAL(o.counts[2], 1);
    CU_ASSERT_EQUAL(o.o.err_set, -1);
    CU_ASSERT_FALSE(o.o.undone);
    CU_ASSERT_FALSE(o.o.unit_failed);
}

static void test_crate_whole_bulk_fails(void)
{
    /* every queued Execute gets its own ErrorResponse, each after its
     * set's BindComplete; nothing is rolled back (nothing ran eagerly) */
    outcome o;
    run(true, "1tn2e2e2eZ", &o);
    CU_ASSERT_EQUAL(o.st, PGW_OK);
    for (int i = 0; i < 3; i++)
        CU_ASSERT_EQUAL(o.counts[i], PGW_BATCH_FAILED);
    CU_ASSERT_EQUAL(o.o.err_set, 0);
    CU_ASSERT_FALSE(o.o.undone);
    CU_ASSERT_TRUE(o.o.unit_failed);
}

static void test_crate_bind_fails(void)
{
    /* a failing Bind throws the queued writes away: the sets bound before
     * it did not run, the one whose Bind failed did not either, and carries
     * the error */
    outcome o;
    run(true, "1tn22ez", &o);
    CU_ASSERT_EQUAL(o.st, PGW_OK);
    CU_ASSERT_EQUAL(o.counts[0], PGW_BATCH_NOT_RUN);
    CU_ASSERT_EQUAL(o.counts[1], PGW_BATCH_NOT_RUN);
    CU_ASSERT_EQUAL(o.counts[2], PGW_BATCH_FAILED);
    CU_ASSERT_EQUAL(o.o.err_set, 2);
    CU_ASSERT_FALSE(o.o.undone);
    CU_ASSERT_FALSE(o.o.unit_failed);
    run(true, "1tnez", &o);
    CU_ASSERT_EQUAL(o.counts[0], PGW_BATCH_FAILED);
    CU_ASSERT_EQUAL(o.counts[1], PGW_BATCH_NOT_RUN);
    CU_ASSERT_EQUAL(o.counts[2], PGW_BATCH_NOT_RUN);
    CU_ASSERT_EQUAL(o.o.err_set, 0);
    CU_ASSERT_FALSE(o.o.unit_failed);
}

static void test_crate_fails_at_sync(void)
{
    /* one BindComplete, an error, Z(E): the second set's Bind or the
     * bulk's planning at the Sync; either way nothing ran */
    outcome o;
    run(true, "1tn2ez", &o);
    CU_ASSERT_EQUAL(o.st, PGW_OK);
    for (int i = 0; i < 3; i++)
        CU_ASSERT_EQUAL(o.counts[i], PGW_BATCH_NOT_RUN);
    CU_ASSERT_EQUAL(o.o.err_set, -1);
    CU_ASSERT_TRUE(o.o.unit_failed);
}

static void test_crate_single_set_fails(void)
{
    /* a set alone runs as a plain execution: its error is its own */
    int peer;
    pgw_conn *c = unit_fake_conn(&peer, true);
    pgw_param p[2] = { { "1", 1, 0 }, { "a", 1, 0 } };
    pgw_batch_req req = { NULL, "s1", 2, NULL, 1, p };
    int64_t counts[1];
    pgw_batch_outcome o;
    serve(peer, "2eZ");
    CU_ASSERT_EQUAL(pgw_batch(c, &req, counts, &o), PGW_OK);
    CU_ASSERT_EQUAL(counts[0], PGW_BATCH_FAILED);
    CU_ASSERT_EQUAL(o.err_set, 0);
    CU_ASSERT_FALSE(o.unit_failed);
    CU_ASSERT_STRING_EQUAL(pgw_conn_error(c)->message, "the bulk failed");
    serve(peer, "2ez");        /* failed at the Sync, alone: still its own */
    CU_ASSERT_EQUAL(pgw_batch(c, &req, counts, &o), PGW_OK);
    CU_ASSERT_EQUAL(counts[0], PGW_BATCH_FAILED);
    CU_ASSERT_EQUAL(o.err_set, 0);
    CU_ASSERT_FALSE(o.unit_failed);
    close(peer);
    pgw_conn_free(c);
}

static void test_postgres_eager_failure(void)
{
    /* PostgreSQL runs each Execute at once: set 2 fails, set 3 is skipped,
     * and the implicit transaction undoes set 1 */
    outcome o;
    run(false, "1tn2c2eZ", &o);
    CU_ASSERT_EQUAL(o.st, PGW_OK);
    CU_ASSERT_EQUAL(o.counts[0], 1);
    CU_ASSERT_EQUAL(o.counts[1], PGW_BATCH_FAILED);
    CU_ASSERT_EQUAL(o.counts[2], PGW_BATCH_NOT_RUN);
    CU_ASSERT_EQUAL(o.o.err_set, 1);
    CU_ASSERT_TRUE(o.o.undone);
    CU_ASSERT_FALSE(o.o.unit_failed);
}

static void test_parse_fails(void)
{
    outcome o;
    run(true, "ez", &o);
    CU_ASSERT_EQUAL(o.st, PGW_ERR_SERVER);
    CU_ASSERT_EQUAL(o.o.err_set, -1);
    CU_ASSERT_FALSE(o.o.unit_failed);
}

static void test_param_types_kept(void)
{
    int peer;
    pgw_conn *c = unit_fake_conn(&peer, true);
    pgw_param p[2] = { { "1", 1, 0 }, { "a", 1, 0 } };
    pgw_batch_req req = { "INSERT INTO t (i, s) VALUES ($1, $2)", "s1", 2, NULL, 1, p };
    int64_t counts[1];
    pgw_batch_outcome o;
    const uint32_t *types = NULL;
    serve(peer, "1tn2cZ");
    CU_ASSERT_EQUAL(pgw_batch(c, &req, counts, &o), PGW_OK);
    CU_ASSERT_EQUAL_FATAL(pgw_batch_param_types(c, &types), 2);
    CU_ASSERT_EQUAL(types[0], 23);
    CU_ASSERT_EQUAL(types[1], 1043);
    /* a batch without Parse keeps them; one whose Parse fails drops them */
    serve(peer, "2cZ");
    req.sql = NULL;
    CU_ASSERT_EQUAL(pgw_batch(c, &req, counts, &o), PGW_OK);
    CU_ASSERT_EQUAL(pgw_batch_param_types(c, NULL), 2);
    serve(peer, "ez");
    req.sql = "INSERT INTO nowhere VALUES ($1, $2)";
    CU_ASSERT_EQUAL(pgw_batch(c, &req, counts, &o), PGW_ERR_SERVER);
    CU_ASSERT_EQUAL(pgw_batch_param_types(c, NULL), 0);
    close(peer);
    pgw_conn_free(c);
}

void register_batch_tests(void)
{
    CU_pSuite s = CU_add_suite("batch (fake server)", NULL, NULL);
    CU_add_test(s, "CrateDB: a failed row is count -3", test_crate_failed_row_is_minus_3);
    CU_add_test(s, "CrateDB: the whole bulk fails", test_crate_whole_bulk_fails);
    CU_add_test(s, "CrateDB: a Bind fails", test_crate_bind_fails);
    CU_add_test(s, "CrateDB: the bulk fails at the Sync", test_crate_fails_at_sync);
    CU_add_test(s, "CrateDB: a single set fails", test_crate_single_set_fails);
    CU_add_test(s, "PostgreSQL: eager failure, undone", test_postgres_eager_failure);
    CU_add_test(s, "Parse fails", test_parse_fails);
    CU_add_test(s, "parameter types kept", test_param_types_kept);
}
