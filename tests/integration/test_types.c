/*
 * test_types.c: every type the test server shares with CrateDB, read in both result
 * formats (a prepared statement described before SQLExecute asks for binary where the
 * driver can; BinaryResults=0 forces text), through SQLBindCol and SQLGetData, through
 * the ANSI and the W API. The same expected text for both formats shows that a result
 * never depends on the format; metadata shows CrateDB's type names and sizes.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "itest.h"

/* Each column: an expression, its expected SQL_C_CHAR text, its expected SQL type. */
static const struct {
    const char *expr, *text;
    SQLSMALLINT sql_type;
} cols[] = {
    { "CAST(-7 AS int2)", "-7", SQL_SMALLINT },
    { "CAST(-42 AS int4)", "-42", SQL_INTEGER },
    { "CAST(9223372036854775807 AS int8)", "9223372036854775807", SQL_BIGINT },
    { "CAST(0.1 AS float4)", "0.1", SQL_REAL },
    { "CAST(1e7 AS float8)", "1e+07", SQL_DOUBLE },
    { "CAST('-0' AS float8)", "-0", SQL_DOUBLE },
    { "CAST('NaN' AS float8)", "NaN", SQL_DOUBLE },
    { "CAST(123.45 AS numeric)", "123.45", SQL_NUMERIC },
    { "CAST(-0.001 AS numeric)", "-0.001", SQL_NUMERIC },
    { "true", "1", SQL_BIT },
    { "DATE '2024-02-29'", "2024-02-29", SQL_TYPE_DATE },
    { "TIMESTAMP '2024-01-02 03:04:05.678'", "2024-01-02 03:04:05.678", SQL_TYPE_TIMESTAMP },
    { "CAST('2024-01-02 05:04:05.678+02' AS timestamptz)", "2024-01-02 03:04:05.678",
      SQL_TYPE_TIMESTAMP },
    { "CAST('0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0' AS uuid)",
      "0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0", SQL_GUID },
    /* no '"' or '\' in elements: CrateDB's text form leaves them unescaped, PostgreSQL's
     * escapes them, and the crate profile's proxy passes PostgreSQL's through (the unit
     * tests cover CrateDB's exact bytes) */
    { "CAST(ARRAY['a', 'b c', NULL] AS text[])", "[\"a\",\"b c\",null]", SQL_VARCHAR },
    { "CAST(ARRAY[1, 2, NULL] AS int4[])", "[1,2,null]", SQL_VARCHAR },
    { "CAST(ARRAY[] AS int4[])", "[]", SQL_VARCHAR },
    { "CAST('{\"a\":1}' AS json)", "{\"a\":1}", SQL_VARCHAR },
    { "point(9.7417, 47.4108)", "POINT(9.7417 47.4108)", SQL_VARCHAR },
    { "INTERVAL '1 day 02:03:04.5'", "1 day 02:03:04.5", SQL_VARCHAR },
    { "CAST('h\xc3\xa9llo' AS varchar)", "h\xc3\xa9llo", SQL_VARCHAR },
    { "CAST(NULL AS int4)", "<NULL>", SQL_INTEGER },
};
enum { N = sizeof cols / sizeof cols[0] };

static char *select_sql(void)
{
    static char sql[4096];
    size_t n = 0;
    n += (size_t)snprintf(sql + n, sizeof sql - n, "SELECT ");
    for (int i = 0; i < N; i++)
        n += (size_t)snprintf(sql + n, sizeof sql - n, "%s%s AS c%d", i ? ", " : "",
                              cols[i].expr, i);
    return sql;
}

static SQLHDBC connect_with(const char *extra)
{
    char in[1024], out[1024];
    SQLSMALLINT outlen;
    SQLHDBC dbc;
    ITEST_OK_FATAL(SQLAllocHandle(SQL_HANDLE_DBC, itest_env, &dbc), SQL_HANDLE_ENV, itest_env);
    snprintf(in, sizeof in, "DSN=%s;%s", itest_cfg.dsn, extra);
    ITEST_OK_FATAL(SQLDriverConnect(dbc, NULL, (SQLCHAR *)in, SQL_NTS, (SQLCHAR *)out,
                                    sizeof out, &outlen, SQL_DRIVER_NOPROMPT),
                   SQL_HANDLE_DBC, dbc);
    return dbc;
}

static void check_text(int col, const char *got, SQLLEN ind, const char *how)
{
    const char *v = ind == SQL_NULL_DATA ? "<NULL>" : got;
    if (strcmp(v, cols[col].text) != 0)
        fprintf(stderr, "\n    %s: %s gave '%s', want '%s'\n", how, cols[col].expr, v,
                cols[col].text);
    CU_ASSERT_STRING_EQUAL(v, cols[col].text);
}

/* Prepares, describes (so the columns are known and binary can be asked for), executes
 * twice (the second run always knows its columns) and reads every column: odd ones bound,
 * even ones with SQLGetData (ANSI), then all again with SQLGetData W. */
static void read_all(const char *extra)
{
    SQLHDBC dbc = connect_with(extra);
    SQLHSTMT st = itest_stmt(dbc);
    ITEST_OK_FATAL(SQLPrepare(st, (SQLCHAR *)select_sql(), SQL_NTS), SQL_HANDLE_STMT, st);
    SQLSMALLINT ncols = 0;
    ITEST_OK(SQLNumResultCols(st, &ncols), SQL_HANDLE_STMT, st);
    CU_ASSERT_EQUAL(ncols, N);
    for (int i = 0; i < N; i++) {
        SQLSMALLINT type = 0;
        ITEST_OK(SQLDescribeCol(st, (SQLUSMALLINT)(i + 1), NULL, 0, NULL, &type, NULL, NULL,
                                NULL), SQL_HANDLE_STMT, st);
        if (type != cols[i].sql_type)
            fprintf(stderr, "\n    %s: SQL type %d, want %d\n", cols[i].expr, type,
                    cols[i].sql_type);
        CU_ASSERT_EQUAL(type, cols[i].sql_type);
    }
    static char bound[N][128];
    static SQLLEN bind_ind[N];
    for (int i = 1; i < N; i += 2)
        ITEST_OK(SQLBindCol(st, (SQLUSMALLINT)(i + 1), SQL_C_CHAR, bound[i], sizeof bound[i],
                            &bind_ind[i]), SQL_HANDLE_STMT, st);
    for (int run = 0; run < 2; run++) {
        ITEST_OK_FATAL(SQLExecute(st), SQL_HANDLE_STMT, st);
        ITEST_OK_FATAL(SQLFetch(st), SQL_HANDLE_STMT, st);
        for (int i = 0; i < N; i++) {
            if (i % 2) {
                check_text(i, bound[i], bind_ind[i], run ? "SQLBindCol, run 2" : "SQLBindCol");
                continue;
            }
            char buf[128] = "";
            SQLLEN ind = 0;
            ITEST_OK(SQLGetData(st, (SQLUSMALLINT)(i + 1), SQL_C_CHAR, buf, sizeof buf, &ind),
                     SQL_HANDLE_STMT, st);
            check_text(i, buf, ind, run ? "SQLGetData, run 2" : "SQLGetData");
        }
        ITEST_OK(SQLCloseCursor(st), SQL_HANDLE_STMT, st);
    }
    /* the W API: the same text as UTF-16 */
    ITEST_OK(SQLFreeStmt(st, SQL_UNBIND), SQL_HANDLE_STMT, st);
    ITEST_OK_FATAL(SQLExecute(st), SQL_HANDLE_STMT, st);
    ITEST_OK_FATAL(SQLFetch(st), SQL_HANDLE_STMT, st);
    for (int i = 0; i < N; i++) {
        SQLWCHAR w[128];
        SQLLEN ind = 0;
        if (!ITEST_OK(SQLGetData(st, (SQLUSMALLINT)(i + 1), SQL_C_WCHAR, w, sizeof w, &ind),
                      SQL_HANDLE_STMT, st))
            continue;
        char *u8 = ind == SQL_NULL_DATA ? NULL : itest_w_to_utf8(w, itest_wlen(w));
        check_text(i, u8 ? u8 : "", ind, "SQLGetData W");
        free(u8);
    }
    /* typed C conversions agree too */
    ITEST_OK(SQLCloseCursor(st), SQL_HANDLE_STMT, st);
    ITEST_OK_FATAL(SQLExecute(st), SQL_HANDLE_STMT, st);
    ITEST_OK_FATAL(SQLFetch(st), SQL_HANDLE_STMT, st);
    SQLBIGINT big = 0;
    SQL_TIMESTAMP_STRUCT ts;
    SQLGUID g;
    SQLLEN ind;
    ITEST_OK(SQLGetData(st, 3, SQL_C_SBIGINT, &big, 0, &ind), SQL_HANDLE_STMT, st);
    CU_ASSERT_EQUAL(big, INT64_MAX);
    ITEST_OK(SQLGetData(st, 13, SQL_C_TYPE_TIMESTAMP, &ts, 0, &ind), SQL_HANDLE_STMT, st);
    CU_ASSERT_EQUAL(ts.hour, 3);
    CU_ASSERT_EQUAL(ts.fraction, 678000000u);
    ITEST_OK(SQLGetData(st, 14, SQL_C_GUID, &g, 0, &ind), SQL_HANDLE_STMT, st);
    CU_ASSERT_EQUAL(g.Data1, 0x0f1e2d3cu);
    SQL_INTERVAL_STRUCT iv;
    ITEST_OK(SQLGetData(st, 20, SQL_C_INTERVAL_DAY_TO_SECOND, &iv, 0, &ind), SQL_HANDLE_STMT,
             st);
    CU_ASSERT_EQUAL(iv.intval.day_second.day, 1);
    CU_ASSERT_EQUAL(iv.intval.day_second.fraction, 500000u);
    SQLSMALLINT s = 0;
    CU_ASSERT_EQUAL(SQLGetData(st, 11, SQL_C_SSHORT, &s, 0, &ind), SQL_ERROR);  /* a date */
    itest_free_stmt(st);
    itest_disconnect(dbc);
}

static void test_types_binary(void) { read_all("BinaryResults=1"); }
static void test_types_text(void) { read_all("BinaryResults=0"); }

/* SQLExecDirect (text) gives the same; metadata: CrateDB names, TextSize, LongText. */
static void test_types_direct_and_metadata(void)
{
    SQLHDBC dbc = connect_with("TextSize=4000;ArrayFormat=pg;GeoPointFormat=pg");
    SQLHSTMT st = itest_stmt(dbc);
    if (itest_exec(st, "SELECT CAST('x' AS varchar), CAST(ARRAY[1,2] AS int4[]),"
                       " point(1.5, 2), CAST(1 AS int8)") &&
        ITEST_OK(SQLFetch(st), SQL_HANDLE_STMT, st)) {
        char buf[64], name[64];
        SQLLEN ind, n = 0;
        SQLULEN size = 0;
        ITEST_OK(SQLDescribeCol(st, 1, NULL, 0, NULL, NULL, &size, NULL, NULL),
                 SQL_HANDLE_STMT, st);
        CU_ASSERT_EQUAL(size, 4000);
        ITEST_OK(SQLColAttribute(st, 1, SQL_DESC_LOCAL_TYPE_NAME, name, sizeof name, NULL,
                                 NULL), SQL_HANDLE_STMT, st);
        CU_ASSERT_STRING_EQUAL(name, "text");
        ITEST_OK(SQLColAttribute(st, 4, SQL_DESC_TYPE_NAME, name, sizeof name, NULL, NULL),
                 SQL_HANDLE_STMT, st);
        CU_ASSERT_STRING_EQUAL(name, "bigint");
        ITEST_OK(SQLColAttribute(st, 4, SQL_DESC_NUM_PREC_RADIX, NULL, 0, NULL, &n),
                 SQL_HANDLE_STMT, st);
        CU_ASSERT_EQUAL(n, 10);
        ITEST_OK(SQLGetData(st, 2, SQL_C_CHAR, buf, sizeof buf, &ind), SQL_HANDLE_STMT, st);
        CU_ASSERT_STRING_EQUAL(buf, "{1,2}");
        ITEST_OK(SQLGetData(st, 3, SQL_C_CHAR, buf, sizeof buf, &ind), SQL_HANDLE_STMT, st);
        CU_ASSERT_STRING_EQUAL(buf, "(1.5,2)");
    }
    itest_free_stmt(st);
    itest_disconnect(dbc);

    dbc = connect_with("LongText=1");
    st = itest_stmt(dbc);
    if (itest_exec(st, "SELECT CAST('x' AS text)")) {
        SQLSMALLINT type = 0;
        ITEST_OK(SQLDescribeCol(st, 1, NULL, 0, NULL, &type, NULL, NULL, NULL),
                 SQL_HANDLE_STMT, st);
        CU_ASSERT_EQUAL(type, SQL_LONGVARCHAR);
    }
    itest_free_stmt(st);
    itest_disconnect(dbc);
}

void itest_register_types(void)
{
    static const itest_case cases[] = {
        {"types_binary", test_types_binary},
        {"types_text", test_types_text},
        {"types_direct_and_metadata", test_types_direct_and_metadata},
        {NULL, NULL},
    };
    itest_add_suite("types", cases);
}
