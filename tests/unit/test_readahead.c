/*
 * test_readahead.c: the read-ahead of a streaming portal (protocol/conn.c
 * "Read-ahead") against a fake server on a socketpair. A thread plays the
 * server and answers each message as it arrives, the way PostgreSQL does, or
 * the way CrateDB's source says it does (Session.java execute/singleExec,
 * RowConsumerToResultReceiver.java, DelayableWriteChannel.java):
 *
 *   - An Execute that finds the portal suspended (or fresh) resumes it: up
 *     to max_rows DataRows, then PortalSuspended or CommandComplete
 *     "SELECT n" (n: the rows of this Execute). At exactly max_rows rows
 *     PostgreSQL cannot tell the end yet and suspends (the next Execute
 *     answers "SELECT 0"); CrateDB completes. A failing row ends the chunk
 *     with an ErrorResponse (PostgreSQL 22012, CrateDB XX000 "/ by zero").
 *   - PostgreSQL reads its input in order: an Execute queued behind the one
 *     it runs resumes the portal the moment it suspends. An Execute of a
 *     completed portal answers "SELECT 0"; after an error everything up to
 *     Sync is skipped; Sync ends the unnamed portal.
 *   - CrateDB takes an Execute that arrives while a chunk is still being
 *     produced, or after the portal completed or failed, for a new
 *     execution: it never answers it, nor anything after it (ReadyForQuery
 *     included). The fake counts such an Execute and falls silent, so the
 *     client hits its I/O timeout. Its portal survives Sync.
 *
 * The fake takes WINDOW_MS to produce a chunk: a message that arrives
 * meanwhile arrived "while the chunk was being produced". That is how the
 * tests see that on PostgreSQL the next Execute is queued before a chunk
 * ends (two in flight) and that CrateDB never gets one early.
 */
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "pgw_int.h"
#include "unit.h"

#define WINDOW_MS 300   /* long enough that a loaded machine (ASan, 2 busy cores) still queues in time */

typedef enum portal_state { PORTAL_NONE, PORTAL_READY, PORTAL_DONE, PORTAL_FAILED } portal_state;

typedef struct fake {
    int fd;
    bool cratedb;
    int nrows;              /* rows of the result: 1, 2, ... nrows     */
    int fail_at;            /* the row whose value fails in the first
                               execution, 0 for none                   */
    bool overshoot;         /* CrateDB 6.4 after waiting for a full
                               socket: a resumed Execute ignores its
                               max_rows and sends the rest             */
    pthread_t th;
    /* the server's state */
    int binds;
    portal_state portal;
    int next_row;           /* 1-based row the next Execute starts at  */
    bool skipping;          /* PostgreSQL: an error, skip to Sync      */
    bool silent;            /* CrateDB: a write is held back forever   */
    unsigned char look[256];/* a message read during a chunk's window  */
    size_t look_len;
    /* what the client did */
    char sent[256];         /* letters of the messages it sent         */
    int early;              /* Executes that arrived while a chunk was
                               being produced                          */
    int unanswered;         /* Executes CrateDB would never answer     */
} fake;

static void put(fake *f, char type, const void *body, size_t n)
{
    if (!f->silent && !unit_send_msg(f->fd, type, body, n))
        f->silent = true;   /* the client went away */
}

/* Reads one frontend message (type + body) into buf; false at EOF. */
static bool read_msg(fake *f, unsigned char *buf, size_t cap, size_t *len)
{
    if (!unit_read_full(f->fd, buf, 5))
        return false;
    size_t n = ((size_t)buf[1] << 24 | (size_t)buf[2] << 16 | (size_t)buf[3] << 8 | buf[4]) - 4;
    if (5 + n > cap || !unit_read_full(f->fd, buf + 5, n))
        return false;
    *len = 5 + n;
    size_t k = strlen(f->sent);
    if (k + 1 < sizeof f->sent && buf[0] != 'X')   /* Terminate: not part of the story */
        f->sent[k] = (char)buf[0];
    return true;
}

static void send_row_desc(fake *f)
{
    static const unsigned char body[] = { 0, 1, 'g', 0, 0, 0, 0, 0, 0, 0,
                                          0, 0, 0, 23, 0, 4, 0xff, 0xff, 0xff, 0xff, 0, 0 };
    put(f, 'T', body, sizeof body);
}

static void send_complete(fake *f, int rows)
{
    char tag[32];
    int n = snprintf(tag, sizeof tag, "SELECT %d", rows);
    put(f, 'C', tag, (size_t)n + 1);
}

static long ms_since(const struct timespec *t0)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (t.tv_sec - t0->tv_sec) * 1000 + (t.tv_nsec - t0->tv_nsec) / 1000000;
}

/* Waits up to WINDOW_MS for the next message other than Flush, which then
 * arrived while the chunk was being produced; it is kept in f->look and
 * handled after the chunk. */
static void production_window(fake *f)
{
    struct timespec t0;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    struct pollfd p = { f->fd, POLLIN, 0 };
    while (f->look_len == 0) {
        long left = WINDOW_MS - ms_since(&t0);
        if (left <= 0 || poll(&p, 1, (int)left) != 1)
            return;
        if (!read_msg(f, f->look, sizeof f->look, &f->look_len) || f->look[0] == 'H')
            f->look_len = 0;   /* EOF (the main loop sees it too), or Flush: nothing to do */
        if (f->look_len == 0 && (p.revents & POLLHUP))
            return;
    }
    if (f->look[0] == 'E') {
        f->early++;
        if (f->cratedb)
            f->unanswered++;   /* taken for a new execution, never answered */
    }
}

static void execute(fake *f, int32_t max_rows)
{
    if (f->skipping)
        return;
    if (f->portal == PORTAL_DONE && !f->cratedb) {
        send_complete(f, 0);
        return;
    }
    if (f->portal != PORTAL_READY) {
        if (f->cratedb) {      /* completed or failed: a new execution */
            f->unanswered++;
            f->silent = true;
        }
        return;
    }
    int sent = 0;
    bool failed = false;
    bool limited = max_rows > 0 && !(f->overshoot && f->next_row > 1);
    while (f->next_row <= f->nrows && (!limited || sent < max_rows)) {
        if (f->next_row == f->fail_at && f->binds == 1) {
            failed = true;
            break;
        }
        char v[16];
        int n = snprintf(v, sizeof v, "%d", f->next_row);
        unsigned char body[32] = { 0, 1, 0, 0, 0, (unsigned char)n };
        memcpy(body + 6, v, (size_t)n);
        put(f, 'D', body, 6 + (size_t)n);
        f->next_row++;
        sent++;
    }
    production_window(f);
    bool early_execute = f->look_len && f->look[0] == 'E';
    if (failed) {
        static const char pg[] = "SERROR\0C22012\0Mdivision by zero\0";
        static const char crate[] = "SERROR\0CXX000\0M/ by zero\0";
        if (f->cratedb)
            put(f, 'E', crate, sizeof crate);
        else
            put(f, 'E', pg, sizeof pg);
        f->portal = PORTAL_FAILED;
        f->skipping = !f->cratedb;
    } else if (f->next_row <= f->nrows || (!f->cratedb && max_rows > 0 && sent == max_rows)) {
        put(f, 's', NULL, 0);
    } else {
        send_complete(f, sent);
        f->portal = PORTAL_DONE;
    }
    if (f->cratedb && early_execute) {
        f->silent = true;      /* its held-back writes are never released */
        f->look_len = 0;
    }
}

static void *serve(void *arg)
{
    fake *f = arg;
    unsigned char buf[4096];
    for (;;) {
        size_t len;
        if (f->look_len) {
            memcpy(buf, f->look, f->look_len);
            len = f->look_len;
            f->look_len = 0;
        } else if (!read_msg(f, buf, sizeof buf, &len)) {
            break;
        }
        if (f->skipping && buf[0] != 'S')
            continue;
        switch (buf[0]) {
        case 'P': put(f, '1', NULL, 0); break;
        case 'B':
            f->binds++;
            f->portal = PORTAL_READY;
            f->next_row = 1;
            put(f, '2', NULL, 0);
            break;
        case 'D': send_row_desc(f); break;
        case 'E': {
            const unsigned char *name_end = memchr(buf + 5, 0, len - 5);
            if (!name_end || name_end + 5 > buf + len)
                return NULL;
            const unsigned char *m = name_end + 1;   /* int32 max_rows */
            execute(f, (int32_t)((uint32_t)m[0] << 24 | (uint32_t)m[1] << 16 |
                                 (uint32_t)m[2] << 8 | m[3]));
            break;
        }
        case 'S':
            f->skipping = false;
            if (!f->cratedb)
                f->portal = PORTAL_NONE;   /* the implicit transaction ends */
            put(f, 'Z', "I", 1);
            break;
        case 'C': put(f, '3', NULL, 0); break;
        case 'X': return NULL;
        default: break;                    /* Flush */
        }
    }
    return NULL;
}

/* A connection to a fake server of nrows rows (row fail_at failing). */
static pgw_conn *start(fake *f, bool cratedb, int nrows, int fail_at)
{
    memset(f, 0, sizeof *f);
    f->cratedb = cratedb;
    f->nrows = nrows;
    f->fail_at = fail_at;
    pgw_conn *c = unit_fake_conn(&f->fd, cratedb);
    CU_ASSERT_EQUAL_FATAL(pthread_create(&f->th, NULL, serve, f), 0);
    return c;
}

static void stop(fake *f, pgw_conn *c)
{
    pgw_conn_free(c);   /* Terminate, then EOF: the thread ends */
    pthread_join(f->th, NULL);
    close(f->fd);
}

static pgw_status exec_query(pgw_conn *c, int max_rows, pgw_result *r)
{
    pgw_exec_req req = { .sql = "SELECT g FROM t", .stmt_name = "", .portal = "",
                         .max_rows = max_rows };
    return pgw_exec(c, &req, r);
}

/* Appends the chunk's values to *seen (rows numbered from 1 in order). */
static bool rows_in_order(const pgw_result *r, int *seen)
{
    bool ok = true;
    for (size_t i = 0; i < r->nrows; i++) {
        pgw_value v = pgw_result_value(r, i, 0);
        char want[16];
        int n = snprintf(want, sizeof want, "%d", ++*seen);
        ok = ok && v.len == n && memcmp(v.ptr, want, (size_t)n) == 0;
    }
    return ok;
}

typedef struct streamed {
    pgw_status st;          /* of the last call                       */
    int rows;               /* rows read, checked in order            */
    bool in_order;
    char tag[64];
    char sqlstate[6];
} streamed;

/* Streams the whole result in chunks of fetch rows; then runs the query
 * again in one piece (Execute(0)+Sync), which must find the stream in
 * step. */
static void stream(fake *f, pgw_conn *c, int fetch, streamed *out)
{
    pgw_result r;
    pgw_result_init(&r);
    memset(out, 0, sizeof *out);
    out->in_order = true;
    out->st = exec_query(c, fetch, &r);
    while (out->st == PGW_OK) {
        out->in_order = rows_in_order(&r, &out->rows) && out->in_order;
        if (!r.suspended)
            break;
        out->st = pgw_fetch_more(c, "", fetch, &r, r.nrows);
    }
    if (out->st == PGW_OK)
        snprintf(out->tag, sizeof out->tag, "%s", r.tag);
    else
        snprintf(out->sqlstate, sizeof out->sqlstate, "%s", pgw_conn_error(c)->sqlstate);
    /* the next request: the whole result again, read in step */
    int seen = 0;
    CU_ASSERT_EQUAL(exec_query(c, 0, &r), PGW_OK);
    CU_ASSERT_TRUE(rows_in_order(&r, &seen));
    CU_ASSERT_EQUAL(seen, f->nrows);
    CU_ASSERT_TRUE(r.complete);
    pgw_result_clear(&r);
}

/* What streaming a result looks like, from both sides. */
typedef struct stream_case {
    const char *what;
    bool cratedb;
    int nrows, fail_at;     /* the fake's result                          */
    pgw_status st;          /* of the last pgw_exec/pgw_fetch_more        */
    int rows;               /* rows read before the end or the error      */
    const char *end;        /* the last CommandComplete, or the SQLSTATE  */
    const char *sent;       /* the client's messages, with the query again
                               in one piece (PBDES) after the stream      */
    int early;              /* Executes queued while a chunk was produced */
} stream_case;

static const stream_case stream_cases[] = {
    /* PostgreSQL: the Execute of the chunk after next goes out before a
     * chunk is read, so each chunk after the first finds it queued. The one
     * sent before the last chunk is answered "SELECT 0" and dropped with the
     * late Sync's ReadyForQuery. */
    { "PostgreSQL, 10 rows", false, 10, 0, PGW_OK, 10, "SELECT 2", "PBDEHEHEHEHSPBDES", 2 },
    /* at exactly 2 x 4 rows PostgreSQL suspends; the third chunk is empty */
    { "PostgreSQL, 2 x 4 rows", false, 8, 0, PGW_OK, 8, "SELECT 0", "PBDEHEHEHEHSPBDES", 2 },
    /* row 7 fails: the server skips the Execute queued behind it */
    { "PostgreSQL, row 7 fails", false, 10, 7, PGW_ERR_SERVER, 4, "22012", "PBDEHEHEHSPBDES",
      1 },
    { "PostgreSQL, no rows", false, 0, 0, PGW_OK, 0, "SELECT 0", "PBDEHSPBDES", 0 },
    { "PostgreSQL, one row", false, 1, 0, PGW_OK, 1, "SELECT 1", "PBDEHSPBDES", 0 },
    /* CrateDB: one Execute in flight, none after the last chunk */
    { "CrateDB, 10 rows", true, 10, 0, PGW_OK, 10, "SELECT 2", "PBDEHEHEHSPBDES", 0 },
    { "CrateDB, 2 x 4 rows", true, 8, 0, PGW_OK, 8, "SELECT 4", "PBDEHEHSPBDES", 0 },
    { "CrateDB, row 7 fails", true, 10, 7, PGW_ERR_SERVER, 4, "XX000", "PBDEHEHSPBDES", 0 },
    { "CrateDB, no rows", true, 0, 0, PGW_OK, 0, "SELECT 0", "PBDEHSPBDES", 0 },
    { "CrateDB, one row", true, 1, 0, PGW_OK, 1, "SELECT 1", "PBDEHSPBDES", 0 },
};

/* Streams every case of one server in chunks of 4 rows. */
static void run_stream_cases(bool cratedb)
{
    for (size_t i = 0; i < sizeof stream_cases / sizeof stream_cases[0]; i++) {
        const stream_case *k = &stream_cases[i];
        if (k->cratedb != cratedb)
            continue;
        fake f;
        streamed s;
        pgw_conn *c = start(&f, k->cratedb, k->nrows, k->fail_at);
        stream(&f, c, 4, &s);
        stop(&f, c);
        const char *end = s.st == PGW_OK ? s.tag : s.sqlstate;
        bool ok = s.st == k->st && s.rows == k->rows && s.in_order &&
                  strcmp(end, k->end) == 0 && strcmp(f.sent, k->sent) == 0 &&
                  f.early == k->early && f.unanswered == 0;
        if (!ok)
            fprintf(stderr, "\n    %s: status %d, %d rows%s, end %s, sent %s, %d early, "
                    "%d unanswered\n", k->what, (int)s.st, s.rows,
                    s.in_order ? "" : " (out of order)", end, f.sent, f.early, f.unanswered);
        CU_ASSERT_TRUE(ok);
    }
}

static void test_pg_streams(void)
{
    run_stream_cases(false);
}

static void test_crate_streams(void)
{
    run_stream_cases(true);
}

/* A cursor closed early: the next request queues a Sync ahead of itself;
 * the chunk in flight and its PortalSuspended are dropped. */
static void test_abandon(void)
{
    for (int crate = 0; crate < 2; crate++) {
        fake f;
        pgw_result r;
        pgw_result_init(&r);
        pgw_conn *c = start(&f, crate, 100, 0);
        CU_ASSERT_EQUAL(exec_query(c, 4, &r), PGW_OK);
        CU_ASSERT_EQUAL(pgw_fetch_more(c, "", 4, &r, r.nrows), PGW_OK);
        CU_ASSERT_TRUE(r.suspended);
        int seen = 4;
        CU_ASSERT_TRUE(rows_in_order(&r, &seen));
        seen = 0;
        CU_ASSERT_EQUAL(exec_query(c, 0, &r), PGW_OK);
        CU_ASSERT_TRUE(rows_in_order(&r, &seen));
        CU_ASSERT_EQUAL(seen, 100);
        stop(&f, c);
        pgw_result_clear(&r);
        CU_ASSERT_STRING_EQUAL(f.sent, "PBDEHEHEHSPBDES");
        /* PostgreSQL: E3 went out before chunk 2 was read */
        CU_ASSERT_EQUAL(f.early, crate ? 0 : 1);
        CU_ASSERT_EQUAL(f.unanswered, 0);
    }
}

/* Another statement needs the connection (drv_stmt_yield_conn): the rest
 * of the portal is read with max_rows 0 after the chunk in flight. */
static void test_drain_rest(void)
{
    for (int crate = 0; crate < 2; crate++) {
        fake f;
        pgw_result r;
        pgw_result_init(&r);
        pgw_conn *c = start(&f, crate, 10, 0);
        CU_ASSERT_EQUAL(exec_query(c, 4, &r), PGW_OK);
        CU_ASSERT_EQUAL(pgw_fetch_more(c, "", 0, &r, 0), PGW_OK);
        int seen = 0;
        CU_ASSERT_TRUE(rows_in_order(&r, &seen));
        CU_ASSERT_EQUAL(seen, 10);
        CU_ASSERT_TRUE(r.complete);
        CU_ASSERT_FALSE(pgw_portal_open(c));
        stop(&f, c);
        pgw_result_clear(&r);
        CU_ASSERT_STRING_EQUAL(f.sent, "PBDEHEHES");
        CU_ASSERT_EQUAL(f.unanswered, 0);
    }
}

/* CrateDB 6.4 can answer a resumed Execute(4) with all the rows that are
 * left (RowConsumerToResultReceiver counts from zero again after a write
 * waited for the socket). The client still holds at most max_rows + 1 rows
 * at a time: it stops reading the answer there and reads the rest, without
 * a new Execute, on the next pgw_fetch_more. */
static void test_overshooting_chunk(void)
{
    fake f;
    pgw_result r;
    pgw_result_init(&r);
    pgw_conn *c = start(&f, true, 20, 0);
    f.overshoot = true;
    int seen = 0;
    size_t biggest = 0;
    bool in_order = true;
    pgw_status st = exec_query(c, 4, &r);
    while (st == PGW_OK) {
        biggest = r.nrows > biggest ? r.nrows : biggest;
        in_order = rows_in_order(&r, &seen) && in_order;
        if (!r.suspended)
            break;
        st = pgw_fetch_more(c, "", 4, &r, r.nrows);
    }
    CU_ASSERT_EQUAL(st, PGW_OK);
    CU_ASSERT_TRUE(in_order);
    CU_ASSERT_EQUAL(seen, 20);
    CU_ASSERT_TRUE(biggest <= 5);
    CU_ASSERT_STRING_EQUAL(r.tag, "SELECT 16");
    /* in step for the next request */
    int again = 0;
    CU_ASSERT_EQUAL(exec_query(c, 0, &r), PGW_OK);
    CU_ASSERT_TRUE(rows_in_order(&r, &again));
    CU_ASSERT_EQUAL(again, 20);
    stop(&f, c);
    pgw_result_clear(&r);
    if (biggest > 5 || seen != 20)
        fprintf(stderr, "\n    biggest chunk %zu rows, %d rows seen, sent %s\n", biggest, seen,
                f.sent);
    CU_ASSERT_STRING_EQUAL(f.sent, "PBDEHEHSPBDES");
    CU_ASSERT_EQUAL(f.unanswered, 0);
}

/* The rows before keep_from are gone whatever pgw_fetch_more returns, so
 * the driver renumbers its cursor the same way after a failure: the kept
 * rows are at the front, followed by those that came before an error. */
static void test_failed_fetch_drops_rows(void)
{
    for (int closed = 0; closed < 2; closed++) {
        fake f;
        pgw_result r;
        pgw_result_init(&r);
        pgw_conn *c = start(&f, false, 100, closed ? 0 : 6);
        CU_ASSERT_EQUAL(exec_query(c, 4, &r), PGW_OK);
        if (closed)
            pgw_disconnect(c);   /* fails before anything is sent */
        CU_ASSERT_NOT_EQUAL(pgw_fetch_more(c, "", 4, &r, 2), PGW_OK);
        int seen = 2;
        CU_ASSERT_TRUE(rows_in_order(&r, &seen));
        CU_ASSERT_EQUAL(seen, closed ? 4 : 5);   /* rows 3, 4 (and 5 before row 6 failed) */
        stop(&f, c);
        pgw_result_clear(&r);
    }
}

/* One DataRow of one text column, value v. */
static void send_text_row(int fd, const char *v)
{
    size_t n = strlen(v);
    unsigned char body[64] = { 0, 1, 0, 0, 0, (unsigned char)n };
    memcpy(body + 6, v, n);
    unit_send_msg(fd, 'D', body, 6 + n);
}

/* A server that sends a second RowDescription in the middle of a chunk
 * (T D D T D D s: never a sane one) leaves the rows after it further down
 * the result's storage than the first row; a fetch that keeps every row
 * (keep_from 0) must still find them. It used to shift their offsets as if
 * the storage had moved without moving it: the values pointed before their
 * bytes, and reading ahead a second time, before the storage (found by
 * tests/fuzz/fuzz_query as an out-of-range pointer). */
static void test_keep_rows_after_second_description(void)
{
    static const unsigned char desc[] = {
        0, 1, 'v', 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 25, 255, 255, 255, 255, 255, 255, 0, 0,
    };
    int peer;
    pgw_conn *c = unit_fake_conn(&peer, false);
    unit_send_msg(peer, '1', NULL, 0);
    unit_send_msg(peer, '2', NULL, 0);
    unit_send_msg(peer, 'T', desc, sizeof desc);
    send_text_row(peer, "first");
    send_text_row(peer, "second");
    unit_send_msg(peer, 'T', desc, sizeof desc);
    send_text_row(peer, "3");
    send_text_row(peer, "4");
    unit_send_msg(peer, 's', NULL, 0);
    /* the read-ahead Execute(4) answers two rows; Execute(0) the rest */
    send_text_row(peer, "5");
    send_text_row(peer, "6");
    unit_send_msg(peer, 's', NULL, 0);
    send_text_row(peer, "7");
    unit_send_msg(peer, 'C', "SELECT 1", 9);
    unit_send_msg(peer, 'Z', "I", 1);
    pgw_result r;
    pgw_result_init(&r);
    pgw_exec_req req = { .sql = "SELECT v", .stmt_name = "", .portal = "", .max_rows = 4 };
    CU_ASSERT_EQUAL_FATAL(pgw_exec(c, &req, &r), PGW_OK);
    CU_ASSERT_EQUAL_FATAL(r.nrows, 2);
    CU_ASSERT_EQUAL(pgw_fetch_more(c, "", 0, &r, 0), PGW_OK);   /* keep all, read the rest */
    static const char *const want[] = { "3", "4", "5", "6", "7" };
    CU_ASSERT_EQUAL_FATAL(r.nrows, 5);
    for (size_t i = 0; i < 5; i++) {
        pgw_value v = pgw_result_value(&r, i, 0);
        CU_ASSERT_EQUAL(v.len, 1);
        CU_ASSERT(v.len == 1 && v.ptr[0] == want[i][0]);
    }
    pgw_result_clear(&r);
    pgw_conn_free(c);
    close(peer);
}

void register_readahead_tests(void)
{
    CU_pSuite s = CU_add_suite("read-ahead of a streaming portal (fake server)", NULL, NULL);
    CU_add_test(s, "PostgreSQL: two Executes in flight, end, errors", test_pg_streams);
    CU_add_test(s, "CrateDB: one Execute in flight, end, errors", test_crate_streams);
    CU_add_test(s, "cursor abandoned mid-stream", test_abandon);
    CU_add_test(s, "rest drained for another request", test_drain_rest);
    CU_add_test(s, "a failed fetch drops the rows before keep_from", test_failed_fetch_drops_rows);
    CU_add_test(s, "CrateDB: a chunk past max_rows is read in pieces", test_overshooting_chunk);
    CU_add_test(s, "rows kept after a second RowDescription", test_keep_rows_after_second_description);
}
