/*
 * test_stream_cursor.c: the driver's streaming cursors (driver/fetch.c,
 * driver/exec.c) against a fake server on a socketpair, through the drv_*
 * functions the ODBC entry points call. Two statements share one connection
 * with FetchSize 2, so every result of more than two rows streams with the
 * read-ahead of protocol/conn.c, and the cases are the ones where a
 * statement's cursor meets a failure or another statement:
 *
 *   - a later chunk fails after a row that made the row arena grow: the
 *     failed SQLFetch leaves no current row (SQLGetData 24000, never the
 *     freed arena);
 *   - another statement's request drains the cursor and the drain fails:
 *     the drained cursor keeps its current row, reports the error when its
 *     rows run out, and never returns a row it does not have;
 *   - closing or freeing one statement's finished cursor while the other
 *     streams: the streaming one keeps every row, on PostgreSQL (whose
 *     portals end at Sync) and on CrateDB (whose portals survive it);
 *   - a RowDescription in the middle of a streamed result is a protocol
 *     violation, not a new set of columns for an open cursor.
 *
 * The fake server plays the extended protocol in order, as PostgreSQL does:
 * ParseComplete, BindComplete, a RowDescription for Describe(portal), rows
 * for Execute(portal, n) followed by PortalSuspended or CommandComplete, and
 * after an ErrorResponse it skips everything up to Sync. A Sync ends every
 * portal on PostgreSQL (the implicit transaction ends), none on CrateDB;
 * Execute of a portal that does not exist fails with 34000. What a query
 * returns is spelled in its text: "SELECT rows=10 fail=3 big=3 desc=3" is
 * rows "1" .. "10" of one text column, where row 3 fails (22012), is 20,000
 * bytes long, or comes after a RowDescription of two columns.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "pgw_int.h"
#include "stmt_int.h"
#include "unit.h"

#define BIG_VALUE 20000          /* bytes: more than the arena's first 16 KiB */
#define MAX_PORTALS 8

typedef struct query_spec {
    int rows, fail, big, desc;   /* 0: none */
} query_spec;

typedef struct fake_portal {
    char name[32];
    query_spec q;
    int next_row;                /* 1-based */
    bool done;
} fake_portal;

typedef struct fake {
    int fd;
    bool cratedb;
    pthread_t th;
    query_spec parsed;           /* of the last Parse (the driver binds it next) */
    fake_portal portals[MAX_PORTALS];
    bool skipping;               /* after an ErrorResponse, up to Sync */
    char sent[512];              /* letters of the client's messages */
} fake;

static void put(fake *f, char type, const void *body, size_t n)
{
    (void)unit_send_msg(f->fd, type, body, n);
}

/* The value after "key=" in the query text, 0 when absent. */
static int spec_value(const char *sql, const char *key)
{
    const char *p = strstr(sql, key);
    return p ? atoi(p + strlen(key)) : 0;
}

static void send_row_desc(fake *f, int ncols)
{
    /* ncols text columns named "a", "b" */
    unsigned char body[64];
    size_t at = 0;
    body[at++] = 0;
    body[at++] = (unsigned char)ncols;
    for (int i = 0; i < ncols; i++) {
        static const unsigned char rest[] = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 25,
                                              0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0, 0 };
        body[at++] = (unsigned char)('a' + i);
        body[at++] = 0;
        memcpy(body + at, rest, sizeof rest);
        at += sizeof rest;
    }
    put(f, 'T', body, at);
}

static void send_error(fake *f, const char *body, size_t n)
{
    put(f, 'E', body, n);
    f->skipping = true;
}

/* One DataRow of `ncols` copies of row r's value. */
static void send_row(fake *f, const query_spec *q, int r, int ncols)
{
    static unsigned char body[2 + 2 * (4 + BIG_VALUE)];
    char v[16];
    size_t len = (size_t)snprintf(v, sizeof v, "%d", r);
    if (r == q->big)
        len = BIG_VALUE;
    size_t at = 0;
    body[at++] = 0;
    body[at++] = (unsigned char)ncols;
    for (int i = 0; i < ncols; i++) {
        body[at++] = (unsigned char)(len >> 24);
        body[at++] = (unsigned char)(len >> 16);
        body[at++] = (unsigned char)(len >> 8);
        body[at++] = (unsigned char)len;
        if (r == q->big)
            memset(body + at, 'x', len);
        else
            memcpy(body + at, v, len);
        at += len;
    }
    put(f, 'D', body, at);
}

static fake_portal *find_portal(fake *f, const char *name)
{
    for (int i = 0; i < MAX_PORTALS; i++)
        if (f->portals[i].name[0] && strcmp(f->portals[i].name, name) == 0)
            return &f->portals[i];
    return NULL;
}

static void bind_portal(fake *f, const char *name)
{
    fake_portal *p = find_portal(f, name);
    for (int i = 0; !p && i < MAX_PORTALS; i++)
        if (!f->portals[i].name[0])
            p = &f->portals[i];
    if (!p)
        return;
    snprintf(p->name, sizeof p->name, "%s", name);
    p->q = f->parsed;
    p->next_row = 1;
    p->done = false;
    put(f, '2', NULL, 0);
}

static void execute(fake *f, const char *name, int32_t max_rows)
{
    static const char missing[] = "SERROR\0C34000\0Mportal does not exist\0";
    static const char failed[] = "SERROR\0C22012\0Mdivision by zero\0";
    fake_portal *p = find_portal(f, name);
    if (!p) {
        send_error(f, missing, sizeof missing);
        return;
    }
    if (p->done) {
        put(f, 'C', "SELECT 0", 9);
        return;
    }
    int sent = 0;
    while (p->next_row <= p->q.rows && (max_rows == 0 || sent < max_rows)) {
        int r = p->next_row++;
        if (r == p->q.fail) {
            p->done = true;
            send_error(f, failed, sizeof failed);
            return;
        }
        if (r == p->q.desc)
            send_row_desc(f, 2);
        send_row(f, &p->q, r, p->q.desc && r >= p->q.desc ? 2 : 1);
        sent++;
    }
    if (p->next_row <= p->q.rows) {
        put(f, 's', NULL, 0);
        return;
    }
    char tag[32];
    int n = snprintf(tag, sizeof tag, "SELECT %d", sent);
    put(f, 'C', tag, (size_t)n + 1);
    p->done = true;
}

static void *serve(void *arg)
{
    fake *f = arg;
    static unsigned char buf[65536];
    for (;;) {
        if (!unit_read_full(f->fd, buf, 5))
            break;
        size_t n = ((size_t)buf[1] << 24 | (size_t)buf[2] << 16 | (size_t)buf[3] << 8 | buf[4]) - 4;
        if (n >= sizeof buf - 5 || !unit_read_full(f->fd, buf + 5, n))
            break;
        buf[5 + n] = '\0';
        char type = (char)buf[0];
        const char *body = (const char *)buf + 5;
        size_t k = strlen(f->sent);
        if (k + 1 < sizeof f->sent)
            f->sent[k] = type;
        if (type == 'X')
            break;
        if (f->skipping && type != 'S')
            continue;
        switch (type) {
        case 'P': {                      /* statement name, then the query */
            const char *sql = body + strlen(body) + 1;
            f->parsed.rows = spec_value(sql, "rows=");
            f->parsed.fail = spec_value(sql, "fail=");
            f->parsed.big = spec_value(sql, "big=");
            f->parsed.desc = spec_value(sql, "desc=");
            put(f, '1', NULL, 0);
            break;
        }
        case 'B':                        /* portal name first */
            bind_portal(f, body);
            break;
        case 'D':
            send_row_desc(f, 1);
            break;
        case 'E': {
            const unsigned char *m = (const unsigned char *)body + strlen(body) + 1;
            execute(f, body, (int32_t)((uint32_t)m[0] << 24 | (uint32_t)m[1] << 16 |
                                       (uint32_t)m[2] << 8 | m[3]));
            break;
        }
        case 'C': {                      /* kind, then the name */
            fake_portal *p = body[0] == 'P' ? find_portal(f, body + 1) : NULL;
            if (p)
                memset(p, 0, sizeof *p);
            put(f, '3', NULL, 0);
            break;
        }
        case 'S':
            f->skipping = false;
            if (!f->cratedb)             /* the implicit transaction ends */
                memset(f->portals, 0, sizeof f->portals);
            put(f, 'Z', "I", 1);
            break;
        default:                         /* Flush */
            break;
        }
    }
    return NULL;
}

/* ------------------------------------------------------------ the driver side */

typedef struct rig {
    fake f;
    drv_env *env;
    drv_dbc *dbc;
} rig;

static void rig_start(rig *g, bool cratedb)
{
    memset(g, 0, sizeof *g);
    g->f.cratedb = cratedb;
    CU_ASSERT_EQUAL_FATAL(drv_env_alloc(&g->env), SQL_SUCCESS);
    CU_ASSERT_EQUAL_FATAL(drv_dbc_alloc(g->env, &g->dbc), SQL_SUCCESS);
    g->dbc->conn = unit_fake_conn(&g->f.fd, cratedb);
    g->dbc->fetch_size = 2;
    CU_ASSERT_EQUAL_FATAL(pthread_create(&g->f.th, NULL, serve, &g->f), 0);
}

static void rig_stop(rig *g)
{
    while (g->dbc->stmts)
        drv_stmt_free(g->dbc->stmts);
    pgw_conn_free(g->dbc->conn);   /* Terminate, then EOF: the thread ends */
    g->dbc->conn = NULL;
    pthread_join(g->f.th, NULL);
    close(g->f.fd);
    drv_dbc_free(g->dbc);
    drv_env_free(g->env);
}

static drv_stmt *new_stmt(rig *g)
{
    drv_stmt *s = NULL;
    CU_ASSERT_EQUAL_FATAL(drv_stmt_alloc(g->dbc, &s), SQL_SUCCESS);
    return s;
}

/* Each call starts with clear diagnostics, as the entry points do. */
static SQLRETURN exec(drv_stmt *s, const char *sql)
{
    drv_diag_clear(&s->hdr);
    return drv_exec_direct(s, sql, strlen(sql));
}

static SQLRETURN fetch(drv_stmt *s)
{
    drv_diag_clear(&s->hdr);
    return drv_fetch(s);
}

/* SQLGetData of column col as text into buf. */
static SQLRETURN get_text(drv_stmt *s, int col, char *buf, SQLLEN cap, SQLLEN *ind)
{
    drv_diag_clear(&s->hdr);
    return drv_get_data(s, (SQLUSMALLINT)col, SQL_C_CHAR, buf, cap, ind);
}

static const char *sqlstate(const drv_stmt *s)
{
    return s->hdr.diag.count > 0 ? s->hdr.diag.recs[0].sqlstate : "";
}

/* Fetches the next row and checks that column 1 holds `want`. */
static bool fetch_row(drv_stmt *s, int want)
{
    char buf[32], expect[16];
    SQLLEN ind = 0;
    snprintf(expect, sizeof expect, "%d", want);
    SQLRETURN rc = fetch(s);
    if (rc != SQL_SUCCESS) {
        fprintf(stderr, "\n    row %d: SQLFetch %d (%s)\n", want, (int)rc, sqlstate(s));
        return false;
    }
    rc = get_text(s, 1, buf, sizeof buf, &ind);
    if (rc != SQL_SUCCESS || strcmp(buf, expect) != 0) {
        fprintf(stderr, "\n    row %d: SQLGetData %d \"%s\" (%s)\n", want, (int)rc,
                rc == SQL_SUCCESS ? buf : "", sqlstate(s));
        return false;
    }
    return true;
}

/* Item 1: the second chunk brings a row of 20,000 bytes (the arena grows,
 * moving every row) and then fails. The failed SQLFetch leaves no current
 * row: SQLGetData answers 24000 instead of reading row 2 in the freed
 * arena. */
static void test_failed_fetch_leaves_no_row(void)
{
    for (int crate = 0; crate < 2; crate++) {
        rig g;
        rig_start(&g, crate);
        drv_stmt *a = new_stmt(&g);
        CU_ASSERT_EQUAL(exec(a, "SELECT rows=10 big=3 fail=4"), SQL_SUCCESS);
        CU_ASSERT_TRUE(fetch_row(a, 1));
        CU_ASSERT_EQUAL(fetch(a), SQL_SUCCESS);   /* row 2, not read */
        CU_ASSERT_EQUAL(fetch(a), SQL_ERROR);
        CU_ASSERT_STRING_EQUAL(sqlstate(a), "22012");
        char buf[32] = "";
        SQLLEN ind = 0;
        SQLRETURN rc = get_text(a, 1, buf, sizeof buf, &ind);
        if (rc != SQL_ERROR)
            fprintf(stderr, "\n    SQLGetData after the failed SQLFetch: %d, \"%.*s\"\n",
                    (int)rc, (int)sizeof buf, buf);
        CU_ASSERT_EQUAL(rc, SQL_ERROR);
        CU_ASSERT_STRING_EQUAL(sqlstate(a), "24000");
        /* no row that was not sent: at most the big row 3, then the end */
        rc = fetch(a);
        if (rc == SQL_SUCCESS) {
            CU_ASSERT_EQUAL(get_text(a, 1, buf, sizeof buf, &ind), SQL_SUCCESS_WITH_INFO);
            CU_ASSERT_EQUAL(ind, BIG_VALUE);
            rc = fetch(a);
        }
        CU_ASSERT_EQUAL(rc, SQL_NO_DATA);
        /* the connection is in step */
        drv_stmt *b = new_stmt(&g);
        CU_ASSERT_EQUAL(exec(b, "SELECT rows=1"), SQL_SUCCESS);
        CU_ASSERT_TRUE(fetch_row(b, 1));
        rig_stop(&g);
    }
}

/* Item 2: statement B's request drains A's portal, and the drain fails at
 * row 3. A keeps its current row 2; its next SQLFetch reports the error
 * (the result is incomplete: SQL_NO_DATA would hide that), then SQL_NO_DATA;
 * never a row past the ones received. B's own request runs. */
static void test_failed_drain_keeps_cursor(void)
{
    for (int crate = 0; crate < 2; crate++) {
        rig g;
        rig_start(&g, crate);
        drv_stmt *a = new_stmt(&g), *b = new_stmt(&g);
        CU_ASSERT_EQUAL(exec(a, "SELECT rows=10 fail=3"), SQL_SUCCESS);
        CU_ASSERT_TRUE(fetch_row(a, 1));
        CU_ASSERT_EQUAL(fetch(a), SQL_SUCCESS);   /* row 2, read after the drain */
        CU_ASSERT_EQUAL(exec(b, "SELECT rows=1"), SQL_SUCCESS);
        CU_ASSERT_TRUE(fetch_row(b, 1));
        char buf[32] = "";
        SQLLEN ind = 0;
        SQLRETURN rc = get_text(a, 1, buf, sizeof buf, &ind);
        if (rc != SQL_SUCCESS || strcmp(buf, "2") != 0)
            fprintf(stderr, "\n    A's row 2 after the drain: %d, \"%.*s\" (%s)\n", (int)rc,
                    (int)sizeof buf, buf, sqlstate(a));
        CU_ASSERT_EQUAL(rc, SQL_SUCCESS);
        CU_ASSERT_STRING_EQUAL(buf, "2");
        CU_ASSERT_EQUAL(fetch(a), SQL_ERROR);
        CU_ASSERT_STRING_EQUAL(sqlstate(a), "22012");
        CU_ASSERT_EQUAL(fetch(a), SQL_NO_DATA);
        rig_stop(&g);
    }
}

/* The same with rows at hand when the drain fails (rows 3 and 4 came in
 * the chunk read ahead): A delivers them, then the error. */
static void test_failed_drain_after_rows(void)
{
    for (int crate = 0; crate < 2; crate++) {
        rig g;
        rig_start(&g, crate);
        drv_stmt *a = new_stmt(&g), *b = new_stmt(&g);
        CU_ASSERT_EQUAL(exec(a, "SELECT rows=10 fail=6"), SQL_SUCCESS);
        CU_ASSERT_TRUE(fetch_row(a, 1));
        CU_ASSERT_EQUAL(exec(b, "SELECT rows=1"), SQL_SUCCESS);
        CU_ASSERT_TRUE(fetch_row(b, 1));
        for (int r = 2; r <= 5; r++)
            CU_ASSERT_TRUE(fetch_row(a, r));
        CU_ASSERT_EQUAL(fetch(a), SQL_ERROR);
        CU_ASSERT_STRING_EQUAL(sqlstate(a), "22012");
        CU_ASSERT_EQUAL(fetch(a), SQL_NO_DATA);
        rig_stop(&g);
    }
}

typedef enum close_how { CLOSE_FREESTMT, CLOSE_CURSOR, CLOSE_FREE_HANDLE } close_how;

/* Item 12: B's finished cursor is closed (SQLFreeStmt SQL_CLOSE,
 * SQLCloseCursor, SQLFreeHandle) while A streams with a chunk read ahead.
 * A must keep every row: on PostgreSQL a Sync sent for B would end A's
 * portal (34000 on A's next chunk); on CrateDB it would drop the chunk in
 * flight while the portal goes on (rows missing without an error). */
static void test_close_other_cursor_while_streaming(void)
{
    for (int crate = 0; crate < 2; crate++) {
        for (int how = CLOSE_FREESTMT; how <= CLOSE_FREE_HANDLE; how++) {
            rig g;
            rig_start(&g, crate);
            drv_stmt *a = new_stmt(&g), *b = new_stmt(&g);
            CU_ASSERT_EQUAL(exec(b, "SELECT rows=1"), SQL_SUCCESS);
            CU_ASSERT_TRUE(fetch_row(b, 1));
            CU_ASSERT_EQUAL(exec(a, "SELECT rows=10"), SQL_SUCCESS);
            CU_ASSERT_TRUE(fetch_row(a, 1));
            CU_ASSERT_TRUE(fetch_row(a, 2));
            drv_diag_clear(&b->hdr);
            if (how == CLOSE_FREESTMT)
                CU_ASSERT_EQUAL(drv_free_stmt(b, SQL_CLOSE), SQL_SUCCESS);
            if (how == CLOSE_CURSOR)
                CU_ASSERT_EQUAL(drv_close_cursor(b, true), SQL_SUCCESS);
            if (how == CLOSE_FREE_HANDLE)
                CU_ASSERT_EQUAL(drv_stmt_free(b), SQL_SUCCESS);
            bool ok = true;
            for (int r = 3; r <= 10 && ok; r++)
                ok = fetch_row(a, r);
            if (!ok)
                fprintf(stderr, "    (%s, close %d; client sent %s)\n",
                        crate ? "CrateDB" : "PostgreSQL", how, g.f.sent);
            CU_ASSERT_TRUE(ok);
            CU_ASSERT_EQUAL(fetch(a), SQL_NO_DATA);
            /* the connection is in step */
            drv_stmt *c = new_stmt(&g);
            CU_ASSERT_EQUAL(exec(c, "SELECT rows=1"), SQL_SUCCESS);
            CU_ASSERT_TRUE(fetch_row(c, 1));
            rig_stop(&g);
        }
    }
}

/* Suspected: a RowDescription in the middle of a streamed result (here
 * before row 3, announcing two columns) replaced the open cursor's columns
 * and dropped the rows kept for the rowset. No server sends one in answer
 * to Execute: it is a protocol violation, and the cursor keeps its one
 * column. */
static void test_row_description_mid_stream(void)
{
    for (int crate = 0; crate < 2; crate++) {
        rig g;
        rig_start(&g, crate);
        drv_stmt *a = new_stmt(&g);
        CU_ASSERT_EQUAL(exec(a, "SELECT rows=10 desc=3"), SQL_SUCCESS);
        CU_ASSERT_TRUE(fetch_row(a, 1));
        CU_ASSERT_TRUE(fetch_row(a, 2));
        SQLRETURN rc = fetch(a);
        CU_ASSERT_EQUAL(rc, SQL_ERROR);
        CU_ASSERT_STRING_EQUAL(sqlstate(a), "08S01");
        SQLSMALLINT ncols = 0;
        CU_ASSERT_EQUAL(drv_num_result_cols(a, &ncols), SQL_SUCCESS);
        CU_ASSERT_EQUAL(ncols, 1);
        char buf[32] = "";
        SQLLEN ind = 0;
        CU_ASSERT_EQUAL(get_text(a, 2, buf, sizeof buf, &ind), SQL_ERROR);
        rig_stop(&g);
    }
}

void register_stream_cursor_tests(void)
{
    CU_pSuite s = CU_add_suite("streaming cursors meeting failures and other statements "
                               "(fake server)", NULL, NULL);
    CU_add_test(s, "a failed SQLFetch leaves no current row", test_failed_fetch_leaves_no_row);
    CU_add_test(s, "a failed drain keeps the drained cursor", test_failed_drain_keeps_cursor);
    CU_add_test(s, "a failed drain after rows: rows, then the error",
                test_failed_drain_after_rows);
    CU_add_test(s, "closing another cursor keeps the stream",
                test_close_other_cursor_while_streaming);
    CU_add_test(s, "a RowDescription mid-stream is a protocol violation",
                test_row_description_mid_stream);
}
