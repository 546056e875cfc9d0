/*
 * rss_fetch.c: peak memory of a large forward-only fetch.
 *
 * Connects with an ODBC connection string, runs
 *   SELECT g, 'row ' || g FROM generate_series(1, N) AS g
 * forward-only, binds both columns, fetches every row (rowset size R) and
 * prints the row count, the elapsed time and the process's peak resident
 * set size (getrusage ru_maxrss). The point is the peak RSS: a streaming
 * driver keeps it flat however large N is (issue 5: under 32 MB for
 * 5,000,000 rows).
 *
 *   rss_fetch 'DRIVER=/path/cratedbodbc.so;SERVER=...;PORT=...;UID=...;PWD=...' [N] [R]
 *
 * Build: cc -O2 -o rss_fetch bench/rss_fetch.c -lodbc   (README "Cursors and fetching")
 */
#include <sql.h>
#include <sqlext.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <time.h>

static void die(const char *what, SQLSMALLINT type, SQLHANDLE h)
{
    SQLCHAR state[6], msg[512];
    SQLINTEGER native;
    SQLSMALLINT len;
    fprintf(stderr, "%s failed\n", what);
    if (h && SQL_SUCCEEDED(SQLGetDiagRec(type, h, 1, state, &native, msg, sizeof msg, &len)))
        fprintf(stderr, "  %s %s\n", state, msg);
    exit(1);
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: %s CONNECTION-STRING [ROWS] [ROWSET]\n", argv[0]);
        return 2;
    }
    long rows = argc > 2 ? atol(argv[2]) : 5000000;
    long rowset = argc > 3 ? atol(argv[3]) : 1;
    if (rows < 1 || rowset < 1 || rowset > 100000) {
        fprintf(stderr, "bad ROWS or ROWSET\n");
        return 2;
    }
    SQLHENV env;
    SQLHDBC dbc;
    SQLHSTMT st;
    SQLAllocHandle(SQL_HANDLE_ENV, SQL_NULL_HANDLE, &env);
    SQLSetEnvAttr(env, SQL_ATTR_ODBC_VERSION, (SQLPOINTER)SQL_OV_ODBC3, 0);
    SQLAllocHandle(SQL_HANDLE_DBC, env, &dbc);
    if (!SQL_SUCCEEDED(SQLDriverConnect(dbc, NULL, (SQLCHAR *)argv[1], SQL_NTS, NULL, 0, NULL,
                                        SQL_DRIVER_NOPROMPT)))
        die("SQLDriverConnect", SQL_HANDLE_DBC, dbc);
    SQLAllocHandle(SQL_HANDLE_STMT, dbc, &st);
    SQLBIGINT *ids = calloc((size_t)rowset, sizeof *ids);
    char (*text)[32] = calloc((size_t)rowset, sizeof *text);
    SQLLEN *ind = calloc((size_t)rowset * 2, sizeof *ind);
    SQLULEN fetched = 0;
    if (!ids || !text || !ind)
        return 1;
    SQLSetStmtAttr(st, SQL_ATTR_ROW_ARRAY_SIZE, (SQLPOINTER)(uintptr_t)rowset, 0);
    SQLSetStmtAttr(st, SQL_ATTR_ROWS_FETCHED_PTR, &fetched, 0);
    SQLBindCol(st, 1, SQL_C_SBIGINT, ids, 0, ind);
    SQLBindCol(st, 2, SQL_C_CHAR, text, sizeof text[0], ind + rowset);
    char sql[128];
    snprintf(sql, sizeof sql, "SELECT g, 'row ' || g FROM generate_series(1, %ld) AS g", rows);
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    if (!SQL_SUCCEEDED(SQLExecDirect(st, (SQLCHAR *)sql, SQL_NTS)))
        die("SQLExecDirect", SQL_HANDLE_STMT, st);
    long total = 0;
    SQLBIGINT last = 0;
    SQLRETURN rc;
    while (SQL_SUCCEEDED(rc = SQLFetch(st))) {
        total += (long)fetched;
        last = ids[fetched - 1];
    }
    if (rc != SQL_NO_DATA)
        die("SQLFetch", SQL_HANDLE_STMT, st);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    double secs = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
    printf("rows=%ld last=%lld rowset=%ld seconds=%.2f peak_rss_kb=%ld\n", total,
           (long long)last, rowset, secs, ru.ru_maxrss);
    SQLFreeHandle(SQL_HANDLE_STMT, st);
    SQLDisconnect(dbc);
    SQLFreeHandle(SQL_HANDLE_DBC, dbc);
    SQLFreeHandle(SQL_HANDLE_ENV, env);
    free(ids);
    free(text);
    free(ind);
    return total == rows && last == rows ? 0 : 1;
}
