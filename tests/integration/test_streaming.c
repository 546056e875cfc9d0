/*
 * test_streaming.c: forward-only results that stream in chunks of FetchSize
 * rows while the driver reads ahead (protocol/conn.c "Read-ahead": two
 * Executes in flight on PostgreSQL, one on CrateDB). Results of 0, 1, k x
 * FetchSize and k x FetchSize +- 1 rows, FetchSize 1 and a rowset larger
 * than FetchSize, static cursors; an error in a later chunk; cursors closed
 * or freed mid-stream and another statement taking the connection; SQLCancel
 * and the query timeout while a later chunk is awaited; 1,000,000 rows in
 * bounded memory. After each, the
 * connection must answer the next statement correctly (the stream stays in
 * step). The pg profile runs over TLS (the test server's default) and, for
 * the chunk sizes, in plaintext too.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

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

/* Another statement's finished cursor closed while a result streams
 * (SQLFreeStmt SQL_CLOSE, SQLCloseCursor, SQLFreeHandle): its Close must
 * not abandon the streaming portal's read-ahead, whose Sync would end the
 * portal on PostgreSQL (34000 at the next chunk) and lose the chunk in
 * flight on CrateDB. The stream keeps every row. */
static void test_close_other_while_streaming(void)
{
    SQLHDBC dbc = connect_with("FetchSize=50");
    for (int how = 0; how < 3; how++) {
        static const char *const names[] = { "SQLFreeStmt", "SQLCloseCursor",
                                             "SQLFreeHandle" };
        SQLHSTMT a = itest_stmt(dbc), b = itest_stmt(dbc);
        SQLINTEGER v = 0;
        ITEST_OK(SQLBindCol(b, 1, SQL_C_SLONG, &v, 0, NULL), SQL_HANDLE_STMT, b);
        if (!itest_exec(b, "SELECT 1"))
            break;
        ITEST_OK(SQLFetch(b), SQL_HANDLE_STMT, b);
        ITEST_OK(SQLBindCol(a, 1, SQL_C_SLONG, &v, 0, NULL), SQL_HANDLE_STMT, a);
        if (!itest_exec(a, "SELECT g FROM generate_series(1, 5000) AS g"))
            break;
        long n = 0;
        while (n < 60 && SQL_SUCCEEDED(SQLFetch(a)) && v == n + 1)
            n++;
        CU_ASSERT_EQUAL(n, 60);
        if (how == 0)
            ITEST_OK(SQLFreeStmt(b, SQL_CLOSE), SQL_HANDLE_STMT, b);
        else if (how == 1)
            ITEST_OK(SQLCloseCursor(b), SQL_HANDLE_STMT, b);
        else
            ITEST_OK(SQLFreeHandle(SQL_HANDLE_STMT, b), SQL_HANDLE_STMT, b);
        SQLRETURN rc;
        while (SQL_SUCCEEDED(rc = SQLFetch(a)) && v == n + 1)
            n++;
        if (rc != SQL_NO_DATA || n != 5000) {
            fprintf(stderr, "\n    %s of the other cursor: %ld rows of 5000, row %ld holds %d\n",
                    names[how], n, n + 1, (int)v);
            itest_dump_diag("SQLFetch", SQL_HANDLE_STMT, a);
        }
        CU_ASSERT_EQUAL(rc, SQL_NO_DATA);
        CU_ASSERT_EQUAL(n, 5000);
        itest_free_stmt(a);
        if (how < 2)
            itest_free_stmt(b);
        expect_in_step(dbc, names[how]);
    }
    itest_disconnect(dbc);
}

/* With FetchSize 100, rows from 101 on are slow: the first chunk arrives at
 * once, the second is awaited. PostgreSQL: 10 s a row. CrateDB: 0.03 s a row
 * (3 s a chunk), by a row-dependent pg_sleep in a CASE: its OR evaluates both
 * sides, pg_sleep of a constant runs while the statement is planned, and a
 * kill acts between rows only. CrateDB produces a resumed portal's rows on
 * the network thread that serves the connection; a CancelRequest whose own
 * connection the node gives to that thread (one event loop per processor) is
 * read only when the chunk is done, so the driver ends the interrupted call
 * itself when the chunk arrives (driver/fetch.c read_chunk). */
#define SLOW_FETCH_SIZE "FetchSize=100"
#define FIRST_CHUNK 100
static const char *slow_later_chunk(void)
{
    if (itest_is_cratedb())
        return "SELECT g FROM generate_series(1, 3000) AS g WHERE CASE WHEN g <= 100 "
               "THEN true ELSE pg_sleep(g * 0 + 0.03) IS NULL END";
    return "SELECT g FROM generate_series(1, 3000) AS g WHERE g <= 100 OR pg_sleep(10) IS NULL";
}

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
    SQLHDBC dbc = connect_with(SLOW_FETCH_SIZE);
    SQLHSTMT st = itest_stmt(dbc);
    ITEST_OK_FATAL(SQLExecDirect(st, (SQLCHAR *)slow_later_chunk(), SQL_NTS), SQL_HANDLE_STMT,
                   st);
    long rows = 0;
    SQLRETURN cancel_rc = SQL_ERROR;
    SQLRETURN rc = itest_run_cancelled(st, fetch_until_error, &rows, 500, &cancel_rc);
    CU_ASSERT_EQUAL(cancel_rc, SQL_SUCCESS);
    ITEST_EXPECT_ERROR(rc, SQL_HANDLE_STMT, st, "HY008");
    CU_ASSERT_EQUAL(rows, FIRST_CHUNK);
    expect_recovered(dbc, st, "after SQLCancel");
}

/* SQL_ATTR_QUERY_TIMEOUT bounds the wait for each later chunk too. */
static void test_timeout_while_streaming(void)
{
    SQLHDBC dbc = connect_with(SLOW_FETCH_SIZE);
    SQLHSTMT st = itest_stmt(dbc);
    ITEST_OK(SQLSetStmtAttr(st, SQL_ATTR_QUERY_TIMEOUT, ATTR(1), 0), SQL_HANDLE_STMT, st);
    ITEST_OK_FATAL(SQLExecDirect(st, (SQLCHAR *)slow_later_chunk(), SQL_NTS), SQL_HANDLE_STMT,
                   st);
    long rows = 0;
    SQLRETURN rc = fetch_until_error(st, &rows);
    ITEST_EXPECT_ERROR(rc, SQL_HANDLE_STMT, st, "HYT00");
    CU_ASSERT_EQUAL(rows, FIRST_CHUNK);
    expect_recovered(dbc, st, "after the timeout");
}

/* Resident memory of this process in KiB; -1 when unknown. */
static long rss_kib(void)
{
    long pages = -1, resident = -1;
    FILE *f = fopen("/proc/self/statm", "r");
    if (f == NULL)
        return -1;
    if (fscanf(f, "%ld %ld", &pages, &resident) != 2)
        resident = -1;
    fclose(f);
    return resident < 0 ? -1 : resident * (sysconf(_SC_PAGESIZE) / 1024);
}

/* Under valgrind or AddressSanitizer the resident size says nothing about the driver:
 * both keep freed memory aside (ASan's quarantine holds up to 256 MiB). */
static bool memory_instrumented(void)
{
#if defined(__SANITIZE_ADDRESS__)
    return true;
#else
    const char *preload = getenv("LD_PRELOAD");
    return preload != NULL && strstr(preload, "vgpreload") != NULL;
#endif
}

/* 1,000,000 rows stream through suspended portals in chunks of FetchSize (1000 by
 * default): every row arrives, in order, SQLRowCount is -1 until the last one has, and
 * the process's resident memory does not grow with the rows read: at most 8 MiB from
 * before the statement to its end, where holding the rows would take tens of MiB. */
static void test_million_rows(void)
{
    enum { N = 1000000, MARK = 100000, SAMPLE = 25000, GROWTH_KIB = 8192 };
    SQLHDBC dbc = itest_connect();
    SQLHSTMT st = itest_stmt(dbc);
    SQLINTEGER v = 0;
    char text[128], want[128];
    SQLLEN ind = 0, count = 0;
    ITEST_OK(SQLBindCol(st, 1, SQL_C_SLONG, &v, 0, NULL), SQL_HANDLE_STMT, st);
    ITEST_OK(SQLBindCol(st, 2, SQL_C_CHAR, text, sizeof text, &ind), SQL_HANDLE_STMT, st);
    long rss_start = rss_kib(), rss_peak = rss_start;
    /* rows of ~100 bytes: a chunk then outgrows the socket's buffers, and a node
     * that waits for the socket may send more than a chunk (read_response) */
    ITEST_OK_FATAL(SQLExecDirect(st, (SQLCHAR *)"SELECT g, lpad('row ' || g, 100, '.') FROM "
                                                "generate_series(1, 1000000) AS g", SQL_NTS),
                   SQL_HANDLE_STMT, st);
    SQLRETURN rc;
    long n = 0;
    bool in_order = true;
    while (in_order && SQL_SUCCEEDED(rc = SQLFetch(st))) {
        snprintf(want, sizeof want, "row %ld", n + 1);
        size_t len = strlen(want);
        memmove(want + 100 - len, want, len + 1);
        memset(want, '.', 100 - len);
        in_order = v == n + 1 && strcmp(text, want) == 0;
        if (!in_order)
            fprintf(stderr, "\n    row %ld: (%d, %s)\n", n + 1, (int)v, text);
        if (++n == MARK) {
            ITEST_OK(SQLRowCount(st, &count), SQL_HANDLE_STMT, st);
            CU_ASSERT_EQUAL(count, -1);   /* still streaming */
        }
        /* the peak is what matters: the rows are freed once the result ends */
        if (n % SAMPLE == 0) {
            long now = rss_kib();
            rss_peak = now > rss_peak ? now : rss_peak;
        }
    }
    CU_ASSERT_TRUE(in_order);
    CU_ASSERT_EQUAL(rc, SQL_NO_DATA);
    CU_ASSERT_EQUAL(n, N);
    ITEST_OK(SQLRowCount(st, &count), SQL_HANDLE_STMT, st);
    CU_ASSERT_EQUAL(count, N);
    long rss_end = rss_kib();
    rss_peak = rss_end > rss_peak ? rss_end : rss_peak;
    if (memory_instrumented()) {
        fprintf(stderr, "\n    (memory instrumented: resident size not checked)\n");
    } else if (rss_start > 0 && rss_end > 0) {
        if (rss_peak - rss_start > GROWTH_KIB)
            fprintf(stderr, "\n    resident %ld KiB before, %ld KiB at most while streaming\n",
                    rss_start, rss_peak);
        CU_ASSERT(rss_peak - rss_start <= GROWTH_KIB);
    } else {
        CU_FAIL("cannot read /proc/self/statm");
    }
    itest_free_stmt(st);
    expect_in_step(dbc, "after 1,000,000 rows");
    itest_disconnect(dbc);
}

void itest_register_streaming(void)
{
    static const itest_case cases[] = {
        { "chunk_boundaries", test_chunk_boundaries },
        { "static_cursor", test_static_cursor },
        { "error_in_later_chunk", test_error_in_later_chunk },
        { "abandoned_mid_stream", test_abandoned_mid_stream },
        { "close_other_while_streaming", test_close_other_while_streaming },
        { "million_rows", test_million_rows },
        { "cancel_while_streaming", test_cancel_while_streaming },
        { "timeout_while_streaming", test_timeout_while_streaming },
        { NULL, NULL },
    };
    itest_add_suite("streaming", cases);
}
