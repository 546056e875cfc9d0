/*
 * test_streaming.c: forward-only results that stream in chunks of FetchSize
 * rows while the driver reads ahead (protocol/conn.c "Read-ahead": two
 * Executes in flight on PostgreSQL, one on CrateDB). Results of 0, 1, k x
 * FetchSize and k x FetchSize +- 1 rows, FetchSize 1 and a rowset larger
 * than FetchSize, static cursors; an error in a later chunk; cursors closed
 * or freed mid-stream and another statement taking the connection; SQLCancel
 * and the query timeout while a later chunk is awaited. After each, the
 * connection must answer the next statement correctly (the stream stays in
 * step). The pg profile runs over TLS (the test server's default) and, for
 * the chunk sizes, in plaintext too.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "itest.h"

#define ATTR(v) ((SQLPOINTER)(uintptr_t)(v))

/* A connection with the given extra keywords (e.g. "FetchSize=100"). */
static SQLHDBC connect_with(const char *extra)
{
    char cs[1024];
    SQLHDBC dbc = SQL_NULL_HDBC;
    itest_dsnless(cs, sizeof cs, ITEST_PW_USER, ITEST_PW_PASS, extra);
    ITEST_OK_FATAL(SQLAllocHandle(SQL_HANDLE_DBC, itest_env, &dbc), SQL_HANDLE_ENV, itest_env);
    ITEST_OK_FATAL(SQLDriverConnect(dbc, NULL, (SQLCHAR *)cs, SQL_NTS, NULL, 0, NULL,
                                    SQL_DRIVER_NOPROMPT), SQL_HANDLE_DBC, dbc);
    return dbc;
}

/* The connection answers a new statement with the right value. */
static void expect_in_step(SQLHDBC dbc, const char *what)
{
    char out[16] = "";
    CU_ASSERT(itest_query_text(dbc, "SELECT 'in step'", out, sizeof out));
    if (strcmp(out, "in step") != 0)
        fprintf(stderr, "\n    %s: the next statement read \"%s\"\n", what, out);
    CU_ASSERT_STRING_EQUAL(out, "in step");
}

/* Fetches every row of st (bound column 1 into *v): rows must be 1, 2, ...
 * Returns the number of rows, or -1 after a failed fetch or a wrong value. */
static long fetch_all(SQLHSTMT st, const SQLINTEGER *v)
{
    SQLRETURN rc;
    long n = 0;
    while (SQL_SUCCEEDED(rc = SQLFetch(st))) {
        if (*v != n + 1) {
            fprintf(stderr, "\n    row %ld holds %d\n", n + 1, (int)*v);
            return -1;
        }
        n++;
    }
    if (rc != SQL_NO_DATA) {
        itest_dump_diag("SQLFetch", SQL_HANDLE_STMT, st);
        return -1;
    }
    return n;
}

/* Streams `SELECT g FROM generate_series(1, n)` on st and checks every row
 * and SQLRowCount at the end. */
static void expect_stream(SQLHSTMT st, long n, const char *what)
{
    char sql[96];
    SQLINTEGER v = 0;
    snprintf(sql, sizeof sql, "SELECT g FROM generate_series(1, %ld) AS g", n);
    ITEST_OK(SQLBindCol(st, 1, SQL_C_SLONG, &v, 0, NULL), SQL_HANDLE_STMT, st);
    if (!itest_exec(st, sql))
        return;
    long got = fetch_all(st, &v);
    if (got != n)
        fprintf(stderr, "\n    %s: %ld rows of %ld\n", what, got, n);
    CU_ASSERT_EQUAL(got, n);
    SQLLEN count = -2;
    ITEST_OK(SQLRowCount(st, &count), SQL_HANDLE_STMT, st);
    CU_ASSERT_EQUAL(count, (SQLLEN)n);
    ITEST_OK(SQLFreeStmt(st, SQL_CLOSE), SQL_HANDLE_STMT, st);
    ITEST_OK(SQLFreeStmt(st, SQL_UNBIND), SQL_HANDLE_STMT, st);
}

/* After an interrupted stream: closes st's cursor; the connection answers
 * the next statement, st streams again; frees st and the connection. */
static void expect_recovered(SQLHDBC dbc, SQLHSTMT st, const char *what)
{
    ITEST_OK(SQLFreeStmt(st, SQL_CLOSE), SQL_HANDLE_STMT, st);
    expect_in_step(dbc, what);
    expect_stream(st, 2500, what);
    itest_free_stmt(st);
    itest_disconnect(dbc);
}

/* Sizes around the chunk boundaries of FetchSize 100, then FetchSize 1
 * (every row its own chunk) and 7 with a rowset of 10 (chunks of 10). */
static void test_chunk_boundaries(void)
{
    static const long sizes[] = { 0, 1, 99, 100, 101, 200, 300, 301 };
    static const char *const transports[] = { "FetchSize=100", "FetchSize=100;SSLMode=disable" };
    for (int t = 0; t < (itest_profile_is("pg") ? 2 : 1); t++) {
        SQLHDBC dbc = connect_with(transports[t]);
        SQLHSTMT st = itest_stmt(dbc);
        for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
            char what[64];
            snprintf(what, sizeof what, "%s, %ld rows", transports[t], sizes[i]);
            expect_stream(st, sizes[i], what);
            expect_in_step(dbc, what);
        }
        itest_free_stmt(st);
        itest_disconnect(dbc);
    }

    SQLHDBC dbc = connect_with("FetchSize=1");
    SQLHSTMT st = itest_stmt(dbc);
    expect_stream(st, 5, "FetchSize=1, 5 rows");
    expect_in_step(dbc, "FetchSize=1");
    itest_free_stmt(st);
    itest_disconnect(dbc);

    /* rowsets of 10 from chunks of 7 asked for: 10 at a time */
    dbc = connect_with("FetchSize=7");
    st = itest_stmt(dbc);
    SQLINTEGER v[10];
    SQLULEN fetched = 0;
    ITEST_OK(SQLSetStmtAttr(st, SQL_ATTR_ROW_ARRAY_SIZE, ATTR(10), 0), SQL_HANDLE_STMT, st);
    ITEST_OK(SQLSetStmtAttr(st, SQL_ATTR_ROWS_FETCHED_PTR, &fetched, 0), SQL_HANDLE_STMT, st);
    ITEST_OK(SQLBindCol(st, 1, SQL_C_SLONG, v, 0, NULL), SQL_HANDLE_STMT, st);
    if (itest_exec(st, "SELECT g FROM generate_series(1, 95) AS g")) {
        long n = 0;
        bool ok = true;
        while (SQL_SUCCEEDED(SQLFetch(st)))
            for (SQLULEN i = 0; i < fetched; i++)
                ok = ok && v[i] == ++n;
        CU_ASSERT_TRUE(ok);
        CU_ASSERT_EQUAL(n, 95);
    }
    ITEST_OK(SQLFreeStmt(st, SQL_CLOSE), SQL_HANDLE_STMT, st);
    expect_in_step(dbc, "rowset of 10, FetchSize=7");
    itest_free_stmt(st);
    itest_disconnect(dbc);
}

/* A static cursor reads every chunk when it opens. */
static void test_static_cursor(void)
{
    SQLHDBC dbc = connect_with("FetchSize=100");
    SQLHSTMT st = itest_stmt(dbc);
    SQLINTEGER v = 0;
    ITEST_OK(SQLSetStmtAttr(st, SQL_ATTR_CURSOR_TYPE, ATTR(SQL_CURSOR_STATIC), 0),
             SQL_HANDLE_STMT, st);
    ITEST_OK(SQLBindCol(st, 1, SQL_C_SLONG, &v, 0, NULL), SQL_HANDLE_STMT, st);
    for (long n = 999; n <= 1001; n++) {
        char sql[96];
        snprintf(sql, sizeof sql, "SELECT g FROM generate_series(1, %ld) AS g", n);
        if (!itest_exec(st, sql))
            break;
        SQLLEN count = 0;
        ITEST_OK(SQLRowCount(st, &count), SQL_HANDLE_STMT, st);
        CU_ASSERT_EQUAL(count, (SQLLEN)n);
        ITEST_OK(SQLFetchScroll(st, SQL_FETCH_LAST, 0), SQL_HANDLE_STMT, st);
        CU_ASSERT_EQUAL(v, n);
        ITEST_OK(SQLFetchScroll(st, SQL_FETCH_ABSOLUTE, 101), SQL_HANDLE_STMT, st);
        CU_ASSERT_EQUAL(v, 101);
        ITEST_OK(SQLFreeStmt(st, SQL_CLOSE), SQL_HANDLE_STMT, st);
        expect_in_step(dbc, "static cursor");
    }
    itest_free_stmt(st);
    itest_disconnect(dbc);
}

/* Row 2500 divides by zero: chunks 1 and 2 arrive, the third ends in the
 * error (the Execute sent ahead of it is skipped by the server), and the
 * connection and the statement carry on. */
static void test_error_in_later_chunk(void)
{
    SQLHDBC dbc = itest_connect();
    SQLHSTMT st = itest_stmt(dbc);
    SQLINTEGER v = 0;
    ITEST_OK(SQLBindCol(st, 1, SQL_C_SLONG, &v, 0, NULL), SQL_HANDLE_STMT, st);
    ITEST_OK_FATAL(SQLExecDirect(st, (SQLCHAR *)"SELECT g, 10 / (2500 - g) FROM "
                                                "generate_series(1, 5000) AS g", SQL_NTS),
                   SQL_HANDLE_STMT, st);
    SQLRETURN rc;
    long n = 0;
    while (SQL_SUCCEEDED(rc = SQLFetch(st)) && v == n + 1)
        n++;
    CU_ASSERT_EQUAL(n, 2000);   /* the chunks of 1000 before the failing one */
    ITEST_EXPECT_ERROR(rc, SQL_HANDLE_STMT, st, "22012");
    expect_recovered(dbc, st, "after the error");
}

/* Cursors left mid-stream at and between chunk boundaries: closed, freed,
 * or yielding the connection to another statement (which reads the rest
 * of the open result first, so it stays fetchable). */
static void test_abandoned_mid_stream(void)
{
    static const long stops[] = { 1, 99, 100, 101, 150, 200, 201 };
    SQLHDBC dbc = connect_with("FetchSize=100");
    for (size_t i = 0; i < sizeof stops / sizeof stops[0]; i++) {
        char what[64];
        SQLINTEGER v = 0;
        for (int how = 0; how < 2; how++) {
            SQLHSTMT st = itest_stmt(dbc);
            ITEST_OK(SQLBindCol(st, 1, SQL_C_SLONG, &v, 0, NULL), SQL_HANDLE_STMT, st);
            if (!itest_exec(st, "SELECT g FROM generate_series(1, 1000000) AS g"))
                break;
            long n = 0;
            while (n < stops[i] && SQL_SUCCEEDED(SQLFetch(st)) && v == n + 1)
                n++;
            CU_ASSERT_EQUAL(n, stops[i]);
            snprintf(what, sizeof what, "%s after %ld rows", how ? "freed" : "closed",
                     stops[i]);
            if (how == 0)
                ITEST_OK(SQLCloseCursor(st), SQL_HANDLE_STMT, st);
            itest_free_stmt(st);
            expect_in_step(dbc, what);
        }

        SQLHSTMT a = itest_stmt(dbc), b = itest_stmt(dbc);
        ITEST_OK(SQLBindCol(a, 1, SQL_C_SLONG, &v, 0, NULL), SQL_HANDLE_STMT, a);
        if (itest_exec(a, "SELECT g FROM generate_series(1, 1000) AS g")) {
            long n = 0;
            while (n < stops[i] && SQL_SUCCEEDED(SQLFetch(a)) && v == n + 1)
                n++;
            snprintf(what, sizeof what, "yielded after %ld rows", stops[i]);
            expect_in_step(dbc, what);
            expect_stream(b, 250, what);
            SQLRETURN rc;
            while (SQL_SUCCEEDED(rc = SQLFetch(a)) && v == n + 1)
                n++;
            CU_ASSERT_EQUAL(rc, SQL_NO_DATA);
            CU_ASSERT_EQUAL(n, 1000);
        }
        itest_free_stmt(a);
        itest_free_stmt(b);
    }
    itest_disconnect(dbc);
}

/* Rows from 1500 on take 10 s each: the first chunk of 1000 arrives at once,
 * the second blocks after 499 rows. */
#define SLOW_LATER_CHUNK \
    "SELECT g FROM generate_series(1, 3000) AS g WHERE g < 1500 OR pg_sleep(10) IS NULL"

static SQLRETURN fetch_until_error(SQLHSTMT st, void *rows)
{
    SQLRETURN rc;
    while (SQL_SUCCEEDED(rc = SQLFetch(st)))
        ++*(long *)rows;
    return rc;
}

/* SQLCancel from another thread while SQLFetch waits for a later chunk. */
static void test_cancel_while_streaming(void)
{
    SQLHDBC dbc = itest_connect();
    SQLHSTMT st = itest_stmt(dbc);
    ITEST_OK_FATAL(SQLExecDirect(st, (SQLCHAR *)SLOW_LATER_CHUNK, SQL_NTS), SQL_HANDLE_STMT, st);
    long rows = 0;
    SQLRETURN cancel_rc = SQL_ERROR;
    SQLRETURN rc = itest_run_cancelled(st, fetch_until_error, &rows, 500, &cancel_rc);
    CU_ASSERT_EQUAL(cancel_rc, SQL_SUCCESS);
    ITEST_EXPECT_ERROR(rc, SQL_HANDLE_STMT, st, "HY008");
    CU_ASSERT_EQUAL(rows, 1000);
    expect_recovered(dbc, st, "after SQLCancel");
}

/* SQL_ATTR_QUERY_TIMEOUT bounds the wait for each later chunk too. */
static void test_timeout_while_streaming(void)
{
    SQLHDBC dbc = itest_connect();
    SQLHSTMT st = itest_stmt(dbc);
    ITEST_OK(SQLSetStmtAttr(st, SQL_ATTR_QUERY_TIMEOUT, ATTR(1), 0), SQL_HANDLE_STMT, st);
    ITEST_OK_FATAL(SQLExecDirect(st, (SQLCHAR *)SLOW_LATER_CHUNK, SQL_NTS), SQL_HANDLE_STMT, st);
    long rows = 0;
    SQLRETURN rc = fetch_until_error(st, &rows);
    ITEST_EXPECT_ERROR(rc, SQL_HANDLE_STMT, st, "HYT00");
    CU_ASSERT_EQUAL(rows, 1000);
    expect_recovered(dbc, st, "after the timeout");
}

void itest_register_streaming(void)
{
    static const itest_case cases[] = {
        { "chunk_boundaries", test_chunk_boundaries },
        { "static_cursor", test_static_cursor },
        { "error_in_later_chunk", test_error_in_later_chunk },
        { "abandoned_mid_stream", test_abandoned_mid_stream },
        { "cancel_while_streaming", test_cancel_while_streaming },
        { "timeout_while_streaming", test_timeout_while_streaming },
        { NULL, NULL },
    };
    itest_add_suite("streaming", cases);
}
