/*
 * test_foreign_msgs.c: answers no request of the driver asks for, but that
 * the protocol defines (protocol/conn.c "Foreign messages"): the
 * CopyInResponse of a COPY ... FROM STDIN, the CopyOutResponse and
 * CopyData of a COPY ... TO STDOUT, a CopyBothResponse, a stray
 * FunctionCallResponse, CopyData, CopyDone, BackendKeyData or
 * NegotiateProtocolVersion. Each fails its request with a clear error, and the
 * next request on the same connection works; in the Simple Query path, in
 * extended requests ended by Sync and by Flush, and in batches. A type byte
 * the protocol does not define still breaks the connection.
 *
 * The server is a small PostgreSQL on a socketpair that keeps the modes
 * PostgreSQL keeps (postgres.c, copyfromparse.c, the protocol's "COPY
 * Operations"): in copy-in mode it ignores Sync and Flush, answers CopyFail
 * with an ErrorResponse, and after an error in an extended request drops
 * everything until a Sync; outside copy mode it ignores CopyFail, CopyDone
 * and CopyData.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "pgw_int.h"
#include "unit.h"

/* What the server does for the statement of the next request. */
typedef enum act { A_ROW, A_COPY_IN, A_COPY_OUT, A_COPY_BOTH, A_STRAY, A_BAD_TYPE } act;

typedef struct minipg {
    int fd;
    pthread_t th;
    act next;              /* the statement of the next Query or request   */
    char stray;            /* A_STRAY: the type of the message sent first  */
    int copy_rows;         /* CopyData messages of a COPY TO STDOUT        */
    size_t copy_row_len;
    char got[512];         /* the type bytes the client sent, in order     */
    size_t ngot;
    char copy_fail[160];   /* the text of the CopyFail received            */
} minipg;

typedef enum mode { M_NORMAL, M_COPY_IN, M_COPY_BOTH, M_DISCARD } mode;

static void send_msg(minipg *s, char type, const void *body, size_t n)
{
    unit_send_msg(s->fd, type, body, n);
}

static void send_str(minipg *s, char type, const char *str)
{
    send_msg(s, type, str, strlen(str) + 1);
}

static void send_error(minipg *s, const char *code, const char *text)
{
    char body[256];
    int n = snprintf(body, sizeof body, "SERROR%cC%s%cM%s%c", 0, code, 0, text, 0);
    body[n++] = '\0';
    send_msg(s, 'E', body, (size_t)n);
}

static void send_rowdesc(minipg *s)
{
    static const unsigned char desc[] = { 0, 1, 'x', 0, 0, 0, 0, 0, 0, 0,
                                          0, 0, 0, 23, 0, 4, 0xff, 0xff, 0xff, 0xff, 0, 0 };
    send_msg(s, 'T', desc, sizeof desc);
}

static void send_row(minipg *s)
{
    static const unsigned char row[] = { 0, 1, 0, 0, 0, 1, '1' };
    send_msg(s, 'D', row, sizeof row);
}

static void send_copy_out(minipg *s)
{
    static const unsigned char head[] = { 0, 0, 1, 0, 0 };   /* text, one column */
    send_msg(s, 'H', head, sizeof head);
    char *data = malloc(s->copy_row_len);
    CU_ASSERT_PTR_NOT_NULL_FATAL(data);
    memset(data, 'x', s->copy_row_len);
    data[s->copy_row_len - 1] = '\n';
    for (int i = 0; i < s->copy_rows; i++)
        send_msg(s, 'd', data, s->copy_row_len);
    free(data);
    send_msg(s, 'c', NULL, 0);
    char tag[32];
    snprintf(tag, sizeof tag, "COPY %d", s->copy_rows);
    send_str(s, 'C', tag);
}

/* Runs the statement of a Query (simple) or an Execute; returns the mode
 * the server is in afterwards. */
static mode run_statement(minipg *s, bool simple)
{
    static const unsigned char copy_head[] = { 0, 0, 1, 0, 0 };
    act a = s->next;
    switch (a) {
    case A_COPY_IN:
        send_msg(s, 'G', copy_head, sizeof copy_head);
        return M_COPY_IN;
    case A_COPY_BOTH:
        send_msg(s, 'W', copy_head, sizeof copy_head);
        return M_COPY_BOTH;
    case A_COPY_OUT:
        send_copy_out(s);
        break;
    case A_STRAY:
        /* a body as the message would have: FunctionCallResponse 7,
         * BackendKeyData, NegotiateProtocolVersion 3.0 with no option */
        if (s->stray == 'V')
            send_msg(s, 'V', "\0\0\0\x01" "7", 5);
        else if (s->stray == 'K')
            send_msg(s, 'K', "\0\0\0\x07\0\0\0\x09", 8);
        else if (s->stray == 'v')
            send_msg(s, 'v', "\0\x03\0\0\0\0\0\0", 8);
        else if (s->stray == 'd')
            send_msg(s, 'd', "x", 1);
        else
            send_msg(s, s->stray, NULL, 0);
        /* then the statement's row */
        __attribute__((fallthrough));
    case A_ROW:
        if (simple)
            send_rowdesc(s);
        send_row(s);
        send_str(s, 'C', "SELECT 1");
        break;
    case A_BAD_TYPE:
        send_msg(s, 'q', "zz", 2);
        break;
    }
    if (simple)
        send_msg(s, 'Z', "I", 1);
    return M_NORMAL;
}

static void *serve(void *arg)
{
    minipg *s = arg;
    static unsigned char body[65536];
    mode m = M_NORMAL;
    bool simple = false;   /* the copy was started by a Query */
    for (;;) {
        unsigned char head[5];
        if (!unit_read_full(s->fd, head, 5))
            break;
        size_t n = ((size_t)head[1] << 24 | (size_t)head[2] << 16 | (size_t)head[3] << 8 |
                    head[4]) - 4;
        if (n > sizeof body || !unit_read_full(s->fd, body, n))
            break;
        char t = (char)head[0];
        if (s->ngot < sizeof s->got - 1)
            s->got[s->ngot++] = t;
        if (t == 'X')
            break;
        if (m == M_DISCARD) {
            if (t == 'S') {
                send_msg(s, 'Z', "I", 1);
                m = M_NORMAL;
                s->next = A_ROW;
            }
            continue;
        }
        if (m == M_COPY_IN) {
            if (t == 'd' || t == 'H' || t == 'S')
                continue;         /* PostgreSQL ignores Sync and Flush here */
            if (t == 'f') {
                snprintf(s->copy_fail, sizeof s->copy_fail, "%.*s", (int)n, (char *)body);
                send_error(s, "57014", "COPY from stdin failed");
            } else {
                send_error(s, "08P01", "unexpected message type during COPY from stdin");
            }
            if (simple) {
                send_msg(s, 'Z', "I", 1);
                m = M_NORMAL;
                s->next = A_ROW;
            } else {
                m = M_DISCARD;
            }
            continue;
        }
        if (m == M_COPY_BOTH) {
            if (t == 'c') {
                send_msg(s, 'd', "wal", 3);     /* data in flight before its end */
                send_msg(s, 'c', NULL, 0);
                send_str(s, 'C', "START_REPLICATION");
                if (simple)
                    send_msg(s, 'Z', "I", 1);
                m = M_NORMAL;
                s->next = A_ROW;
            }
            continue;
        }
        switch (t) {
        case 'Q':
            simple = true;
            m = run_statement(s, true);
            if (m == M_NORMAL)
                s->next = A_ROW;
            break;
        case 'P': send_msg(s, '1', NULL, 0); break;
        case 'B': send_msg(s, '2', NULL, 0); break;
        case 'C': send_msg(s, '3', NULL, 0); break;
        case 'D':
            if (body[0] == 'S')
                send_msg(s, 't', "\0\0", 2);
            if (s->next == A_ROW || s->next == A_STRAY)
                send_rowdesc(s);
            else
                send_msg(s, 'n', NULL, 0);
            break;
        case 'E':
            simple = false;
            m = run_statement(s, false);
            break;
        case 'S':
            send_msg(s, 'Z', "I", 1);
            s->next = A_ROW;
            break;
        default:
            break;   /* Flush; CopyFail, CopyDone, CopyData outside a copy */
        }
    }
    return NULL;
}

typedef struct fixture {
    minipg s;
    pgw_conn *c;
} fixture;

/* The stray message type of the next fixture (A_STRAY). */
static char stray_type = 'V';

static void start(fixture *f, act a)
{
    memset(f, 0, sizeof *f);
    f->s.stray = stray_type;
    f->c = unit_fake_conn(&f->s.fd, false);
    f->s.next = a;
    f->s.copy_rows = 3;
    f->s.copy_row_len = 100;
    CU_ASSERT_EQUAL_FATAL(pthread_create(&f->s.th, NULL, serve, &f->s), 0);
}

static void stop(fixture *f)
{
    pgw_conn_free(f->c);      /* Terminate, then the socket closes */
    pthread_join(f->s.th, NULL);
    close(f->s.fd);
}

/* The request path a test takes. */
typedef enum path { P_SIMPLE, P_SYNC, P_FLUSH } path;

static pgw_status run(fixture *f, path p, pgw_result *r)
{
    if (p == P_SIMPLE)
        return pgw_simple_query(f->c, "COPY t TO STDOUT", r);
    pgw_exec_req req;
    memset(&req, 0, sizeof req);
    req.sql = "COPY t TO STDOUT";
    req.stmt_name = "";
    req.portal = "";
    req.max_rows = p == P_FLUSH ? 5 : 0;
    return pgw_exec(f->c, &req, r);
}

/* The connection still answers: a query returns its row "1". */
static void check_usable(fixture *f, path p)
{
    pgw_result r;
    pgw_result_init(&r);
    pgw_status st = run(f, p, &r);
    CU_ASSERT_EQUAL(st, PGW_OK);
    if (st != PGW_OK)
        fprintf(stderr, "\n  next request: %d %s %s\n", st, pgw_conn_error(f->c)->sqlstate,
                pgw_conn_error(f->c)->message ? pgw_conn_error(f->c)->message : "");
    CU_ASSERT_TRUE(pgw_is_connected(f->c));
    CU_ASSERT_EQUAL(r.nrows, 1);
    if (r.nrows == 1 && r.ncols == 1) {
        pgw_value v = pgw_result_value(&r, 0, 0);
        CU_ASSERT(v.len == 1 && v.ptr[0] == '1');
    }
    pgw_result_clear(&r);
}

/* One foreign answer on one path: the request fails with `state` and a
 * message containing `needle`, and the next request works. */
static void check_recovers(act a, path p, const char *state, const char *needle)
{
    fixture f;
    start(&f, a);
    pgw_result r;
    pgw_result_init(&r);
    pgw_status st = run(&f, p, &r);
    const pgw_error *e = pgw_conn_error(f.c);
    CU_ASSERT_EQUAL(st, PGW_ERR_UNSUPPORTED);
    CU_ASSERT_FALSE(e->is_server);
    CU_ASSERT_STRING_EQUAL(e->sqlstate, state);
    CU_ASSERT_PTR_NOT_NULL(e->message && strstr(e->message, needle));
    if (st != PGW_ERR_UNSUPPORTED || !e->message || !strstr(e->message, needle))
        fprintf(stderr, "\n  act %d path %d: %d %s %s\n", a, p, st, e->sqlstate,
                e->message ? e->message : "");
    CU_ASSERT_TRUE(pgw_is_connected(f.c));
    pgw_result_clear(&r);
    check_usable(&f, p);
    check_usable(&f, p == P_SIMPLE ? P_SYNC : P_SIMPLE);
    stop(&f);
    if (a == A_COPY_IN) {
        CU_ASSERT_PTR_NOT_NULL(strchr(f.s.got, 'f'));     /* CopyFail went out */
        CU_ASSERT_PTR_NOT_NULL(strstr(f.s.copy_fail, "not supported"));
    }
    if (a == A_COPY_BOTH)
        CU_ASSERT_PTR_NOT_NULL(strchr(f.s.got, 'c'));     /* CopyDone went out */
}

static void test_copy_in(void)
{
    check_recovers(A_COPY_IN, P_SIMPLE, "0A000", "COPY ... FROM STDIN is not supported");
    check_recovers(A_COPY_IN, P_SYNC, "0A000", "COPY ... FROM STDIN is not supported");
    check_recovers(A_COPY_IN, P_FLUSH, "0A000", "COPY ... FROM STDIN is not supported");
}

static void test_copy_out(void)
{
    check_recovers(A_COPY_OUT, P_SIMPLE, "0A000", "COPY ... TO STDOUT is not supported");
    check_recovers(A_COPY_OUT, P_SYNC, "0A000", "COPY ... TO STDOUT is not supported");
    check_recovers(A_COPY_OUT, P_FLUSH, "0A000", "COPY ... TO STDOUT is not supported");
}

/* 8 MiB of copy data, past the point where the engine cancels: read and
 * dropped (the fake has no cancel key, so no cancel goes out), and the
 * connection goes on. */
static void test_copy_out_large(void)
{
    fixture f;
    start(&f, A_COPY_OUT);
    f.s.copy_rows = 1024;
    f.s.copy_row_len = 8192;
    pgw_result r;
    pgw_result_init(&r);
    CU_ASSERT_EQUAL(run(&f, P_FLUSH, &r), PGW_ERR_UNSUPPORTED);
    CU_ASSERT_EQUAL(r.nrows, 0);
    pgw_result_clear(&r);
    check_usable(&f, P_FLUSH);
    stop(&f);
}

static void test_copy_both(void)
{
    check_recovers(A_COPY_BOTH, P_SIMPLE, "0A000", "COPY BOTH");
    /* an extended request has no way back from it: the connection breaks */
    fixture f;
    start(&f, A_COPY_BOTH);
    pgw_result r;
    pgw_result_init(&r);
    CU_ASSERT_EQUAL(run(&f, P_SYNC, &r), PGW_ERR_PROTOCOL);
    CU_ASSERT_FALSE(pgw_is_connected(f.c));
    pgw_result_clear(&r);
    stop(&f);
}

/* Messages the protocol defines that no request asks for: ignored, the
 * request fails (HY000 naming the message), the rows after it still come. */
static void test_stray_messages(void)
{
    static const struct { char type; const char *name; } strays[] = {
        {'V', "FunctionCallResponse"}, {'d', "CopyData outside a COPY"},
        {'c', "CopyDone outside a COPY"}, {'K', "BackendKeyData"},
        {'v', "NegotiateProtocolVersion"},
    };
    for (size_t i = 0; i < sizeof strays / sizeof strays[0]; i++) {
        stray_type = strays[i].type;
        check_recovers(A_STRAY, P_SIMPLE, "HY000", strays[i].name);
        check_recovers(A_STRAY, P_SYNC, "HY000", strays[i].name);
        check_recovers(A_STRAY, P_FLUSH, "HY000", strays[i].name);
    }
    stray_type = 'V';
}

/* A batch of COPY FROM STDIN: with one set the server swallows the batch's
 * Sync (a Sync follows the CopyFail); with three the next Bind ends the
 * copy (nothing more is needed). Either way one ReadyForQuery ends it. */
static void check_batch(act a, int nsets)
{
    fixture f;
    start(&f, a);
    pgw_param p[3] = { { "1", 1, 0 }, { "2", 1, 0 }, { "3", 1, 0 } };
    pgw_batch_req req = { "COPY t FROM STDIN", "", 1, NULL, nsets, p };
    int64_t counts[3];
    pgw_batch_outcome o;
    CU_ASSERT_EQUAL(pgw_batch(f.c, &req, counts, &o), PGW_ERR_UNSUPPORTED);
    CU_ASSERT_STRING_EQUAL(pgw_conn_error(f.c)->sqlstate, "0A000");
    CU_ASSERT_EQUAL(counts[0], PGW_BATCH_FAILED);
    CU_ASSERT_EQUAL(o.err_set, 0);
    for (int i = 1; i < nsets; i++)
        CU_ASSERT(counts[i] == PGW_BATCH_NOT_RUN || counts[i] == PGW_BATCH_FAILED);
    check_usable(&f, P_SYNC);
    check_usable(&f, P_FLUSH);
    stop(&f);
}

static void test_batch(void)
{
    check_batch(A_COPY_IN, 1);
    check_batch(A_COPY_IN, 3);
    check_batch(A_COPY_OUT, 1);
    check_batch(A_COPY_OUT, 2);
}

/* A type byte the protocol does not define: the stream cannot be trusted,
 * the connection is dropped (08P01 now, "lost" after). */
static void test_unknown_type_breaks(void)
{
    fixture f;
    start(&f, A_BAD_TYPE);
    pgw_result r;
    pgw_result_init(&r);
    CU_ASSERT_EQUAL(run(&f, P_SYNC, &r), PGW_ERR_PROTOCOL);
    CU_ASSERT_STRING_EQUAL(pgw_conn_error(f.c)->sqlstate, "08P01");
    CU_ASSERT_FALSE(pgw_is_connected(f.c));
    CU_ASSERT_EQUAL(run(&f, P_SYNC, &r), PGW_ERR_IO);
    CU_ASSERT_STRING_EQUAL(pgw_conn_error(f.c)->sqlstate, "08S01");
    pgw_result_clear(&r);
    stop(&f);
}

void register_foreign_msgs_tests(void)
{
    CU_pSuite s = CU_add_suite("foreign_msgs", NULL, NULL);
    CU_add_test(s, "CopyInResponse: CopyFail, connection usable", test_copy_in);
    CU_add_test(s, "CopyOutResponse: data dropped, connection usable", test_copy_out);
    CU_add_test(s, "CopyOutResponse: 8 MiB dropped", test_copy_out_large);
    CU_add_test(s, "CopyBothResponse: CopyDone (simple query only)", test_copy_both);
    CU_add_test(s, "stray FunctionCallResponse, CopyData, CopyDone, BackendKeyData, "
                "NegotiateProtocolVersion", test_stray_messages);
    CU_add_test(s, "COPY in batches", test_batch);
    CU_add_test(s, "unknown type byte breaks the connection", test_unknown_type_breaks);
}
