/*
 * test_query.c: result sets and DML through the ANSI functions: types as text and as C
 * types, SQLBindCol, metadata, row counts, large results, interleaved statements, prepared
 * statements with parameters, SQLGetData in pieces, SQLFreeStmt options, errors.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "itest.h"

/* One row of every common type; the column order is used by several tests below. */
static const char *const TYPES_SQL =
    "SELECT CAST(-32768 AS int2) AS c_int2, CAST(-2147483648 AS int4) AS c_int4,"
    " CAST(9223372036854775807 AS int8) AS c_int8, CAST(1.5 AS float4) AS c_float4,"
    " CAST(-2.25 AS float8) AS c_float8, CAST(12345.67 AS numeric(10,2)) AS c_numeric,"
    " true AS c_bool, CAST('text value' AS text) AS c_text, CAST('vc' AS varchar(10)) AS c_varchar,"
    " DATE '2024-02-29' AS c_date, TIMESTAMP '2024-02-29 13:14:15.123456' AS c_timestamp,"
    " CAST('2024-02-29 13:14:15+00' AS timestamptz) AS c_timestamptz, CAST(NULL AS int4) AS c_null";
enum { NCOLS = 13 };

/* c_timestamp's fraction: CrateDB keeps milliseconds (the rest of .123456 is cut). */
static const char *ts_text(void)
{
    return itest_is_cratedb() ? "2024-02-29 13:14:15.123" : "2024-02-29 13:14:15.123456";
}

static SQLUINTEGER ts_fraction(void)
{
    return itest_is_cratedb() ? 123000000u : 123456000u;
}

static SQLHSTMT run_types(SQLHDBC dbc)
{
    SQLHSTMT st = itest_stmt(dbc);
    if (!itest_exec(st, TYPES_SQL))
        CU_FAIL_FATAL("types query failed");
    ITEST_OK_FATAL(SQLFetch(st), SQL_HANDLE_STMT, st);
    return st;
}

/* Every column fetched as SQL_C_CHAR, in its canonical text form. */
static void test_types_as_text(void)
{
    static const char *const expect[NCOLS] = {
        "-32768", "-2147483648", "9223372036854775807", "1.5", "-2.25", "12345.67", "1",
        "text value", "vc", "2024-02-29", NULL /* ts_text() */, NULL /* below */, NULL,
    };
    SQLHDBC dbc = itest_connect();
    SQLHSTMT st = run_types(dbc);
    for (SQLUSMALLINT c = 1; c <= NCOLS; c++) {
        char buf[128] = "";
        SQLLEN ind = 0;
        if (!ITEST_OK(SQLGetData(st, c, SQL_C_CHAR, buf, sizeof buf, &ind), SQL_HANDLE_STMT, st))
            continue;
        if (c == 12) {
            /* timestamptz as text: the session is UTC; with or without the zone suffix. */
            CU_ASSERT(strcmp(buf, "2024-02-29 13:14:15+00") == 0 ||
                      strcmp(buf, "2024-02-29 13:14:15") == 0);
        } else if (c == 13) {
            CU_ASSERT_EQUAL(ind, SQL_NULL_DATA);
        } else {
            const char *want = c == 11 ? ts_text() : expect[c - 1];
            if (strcmp(buf, want) != 0)
                fprintf(stderr, "\n    column %u: got '%s', want '%s'\n", c, buf, want);
            CU_ASSERT_STRING_EQUAL(buf, want);
            CU_ASSERT_EQUAL(ind, (SQLLEN)strlen(want));
        }
    }
    CU_ASSERT_EQUAL(SQLFetch(st), SQL_NO_DATA);
    itest_free_stmt(st);
    itest_disconnect(dbc);
}

/* Every column fetched as its natural C type. */
static void test_types_as_c_types(void)
{
    SQLHDBC dbc = itest_connect();
    SQLHSTMT st = run_types(dbc);
    SQLLEN ind;

    SQLSMALLINT i2 = 0;
    ITEST_OK(SQLGetData(st, 1, SQL_C_SSHORT, &i2, 0, &ind), SQL_HANDLE_STMT, st);
    CU_ASSERT_EQUAL(i2, -32768);
    SQLINTEGER i4 = 0;
    ITEST_OK(SQLGetData(st, 2, SQL_C_SLONG, &i4, 0, &ind), SQL_HANDLE_STMT, st);
    CU_ASSERT_EQUAL(i4, (SQLINTEGER)-2147483647 - 1);
    SQLBIGINT i8 = 0;
    ITEST_OK(SQLGetData(st, 3, SQL_C_SBIGINT, &i8, 0, &ind), SQL_HANDLE_STMT, st);
    CU_ASSERT_EQUAL(i8, (SQLBIGINT)9223372036854775807LL);
    SQLREAL f4 = 0;
    ITEST_OK(SQLGetData(st, 4, SQL_C_FLOAT, &f4, 0, &ind), SQL_HANDLE_STMT, st);
    CU_ASSERT_EQUAL(f4, 1.5f);
    SQLDOUBLE f8 = 0;
    ITEST_OK(SQLGetData(st, 5, SQL_C_DOUBLE, &f8, 0, &ind), SQL_HANDLE_STMT, st);
    CU_ASSERT_EQUAL(f8, -2.25);
    SQLDOUBLE num = 0;
    ITEST_OK(SQLGetData(st, 6, SQL_C_DOUBLE, &num, 0, &ind), SQL_HANDLE_STMT, st);
    CU_ASSERT_DOUBLE_EQUAL(num, 12345.67, 1e-9);
    SQLCHAR bit = 9;
    ITEST_OK(SQLGetData(st, 7, SQL_C_BIT, &bit, 0, &ind), SQL_HANDLE_STMT, st);
    CU_ASSERT_EQUAL(bit, 1);
    char text[32] = "";
    ITEST_OK(SQLGetData(st, 8, SQL_C_CHAR, text, sizeof text, &ind), SQL_HANDLE_STMT, st);
    CU_ASSERT_STRING_EQUAL(text, "text value");
    CU_ASSERT_EQUAL(ind, 10);
    ITEST_OK(SQLGetData(st, 9, SQL_C_CHAR, text, sizeof text, &ind), SQL_HANDLE_STMT, st);
    CU_ASSERT_STRING_EQUAL(text, "vc");
    SQL_DATE_STRUCT d = {0, 0, 0};
    ITEST_OK(SQLGetData(st, 10, SQL_C_TYPE_DATE, &d, 0, &ind), SQL_HANDLE_STMT, st);
    CU_ASSERT(d.year == 2024 && d.month == 2 && d.day == 29);
    SQL_TIMESTAMP_STRUCT ts;
    memset(&ts, 0, sizeof ts);
    ITEST_OK(SQLGetData(st, 11, SQL_C_TYPE_TIMESTAMP, &ts, 0, &ind), SQL_HANDLE_STMT, st);
    CU_ASSERT(ts.year == 2024 && ts.month == 2 && ts.day == 29);
    CU_ASSERT(ts.hour == 13 && ts.minute == 14 && ts.second == 15);
    CU_ASSERT_EQUAL(ts.fraction, ts_fraction()); /* nanoseconds */
    memset(&ts, 0, sizeof ts);
    ITEST_OK(SQLGetData(st, 12, SQL_C_TYPE_TIMESTAMP, &ts, 0, &ind), SQL_HANDLE_STMT, st);
    CU_ASSERT(ts.year == 2024 && ts.month == 2 && ts.day == 29);
    CU_ASSERT(ts.hour == 13 && ts.minute == 14 && ts.second == 15 && ts.fraction == 0);
    i4 = 77;
    ind = 0;
    ITEST_OK(SQLGetData(st, 13, SQL_C_SLONG, &i4, 0, &ind), SQL_HANDLE_STMT, st);
    CU_ASSERT_EQUAL(ind, SQL_NULL_DATA);

    /* Conversions across types: an integer as a double, a number as a string to an int. */
    st = (itest_free_stmt(st), itest_stmt(dbc));
    if (itest_exec(st, "SELECT 42, '17', CAST(3.75 AS numeric)") &&
        ITEST_OK(SQLFetch(st), SQL_HANDLE_STMT, st)) {
        SQLDOUBLE dv = 0;
        ITEST_OK(SQLGetData(st, 1, SQL_C_DOUBLE, &dv, 0, &ind), SQL_HANDLE_STMT, st);
        CU_ASSERT_EQUAL(dv, 42.0);
        SQLINTEGER iv = 0;
        ITEST_OK(SQLGetData(st, 2, SQL_C_SLONG, &iv, 0, &ind), SQL_HANDLE_STMT, st);
        CU_ASSERT_EQUAL(iv, 17);
        /* Numeric to integer drops the fraction with 01S07. */
        iv = 0;
        SQLRETURN rc = SQLGetData(st, 3, SQL_C_SLONG, &iv, 0, &ind);
        ITEST_EXPECT_INFO(rc, SQL_HANDLE_STMT, st, "01S07");
        CU_ASSERT_EQUAL(iv, 3);
    }
    itest_free_stmt(st);
    itest_disconnect(dbc);
}

/* The same row through SQLBindCol. */
static void test_types_bind_col(void)
{
    SQLHDBC dbc = itest_connect();
    SQLHSTMT st = itest_stmt(dbc);
    SQLSMALLINT i2 = 0;
    SQLINTEGER i4 = 0, inull = 5;
    SQLBIGINT i8 = 0;
    SQLREAL f4 = 0;
    SQLDOUBLE f8 = 0, num = 0;
    SQLCHAR bit = 7;
    char text[32] = "", vc[16] = "", tsz[40] = "";
    SQL_DATE_STRUCT d;
    SQL_TIMESTAMP_STRUCT ts;
    SQLLEN ind[NCOLS];
    memset(&d, 0, sizeof d);
    memset(&ts, 0, sizeof ts);
    for (int i = 0; i < NCOLS; i++)
        ind[i] = -12345;

    ITEST_OK_FATAL(SQLBindCol(st, 1, SQL_C_SSHORT, &i2, 0, &ind[0]), SQL_HANDLE_STMT, st);
    ITEST_OK_FATAL(SQLBindCol(st, 2, SQL_C_SLONG, &i4, 0, &ind[1]), SQL_HANDLE_STMT, st);
    ITEST_OK_FATAL(SQLBindCol(st, 3, SQL_C_SBIGINT, &i8, 0, &ind[2]), SQL_HANDLE_STMT, st);
    ITEST_OK_FATAL(SQLBindCol(st, 4, SQL_C_FLOAT, &f4, 0, &ind[3]), SQL_HANDLE_STMT, st);
    ITEST_OK_FATAL(SQLBindCol(st, 5, SQL_C_DOUBLE, &f8, 0, &ind[4]), SQL_HANDLE_STMT, st);
    ITEST_OK_FATAL(SQLBindCol(st, 6, SQL_C_DOUBLE, &num, 0, &ind[5]), SQL_HANDLE_STMT, st);
    ITEST_OK_FATAL(SQLBindCol(st, 7, SQL_C_BIT, &bit, 0, &ind[6]), SQL_HANDLE_STMT, st);
    ITEST_OK_FATAL(SQLBindCol(st, 8, SQL_C_CHAR, text, sizeof text, &ind[7]), SQL_HANDLE_STMT, st);
    ITEST_OK_FATAL(SQLBindCol(st, 9, SQL_C_CHAR, vc, sizeof vc, &ind[8]), SQL_HANDLE_STMT, st);
    ITEST_OK_FATAL(SQLBindCol(st, 10, SQL_C_TYPE_DATE, &d, 0, &ind[9]), SQL_HANDLE_STMT, st);
    ITEST_OK_FATAL(SQLBindCol(st, 11, SQL_C_TYPE_TIMESTAMP, &ts, 0, &ind[10]), SQL_HANDLE_STMT, st);
    ITEST_OK_FATAL(SQLBindCol(st, 12, SQL_C_CHAR, tsz, sizeof tsz, &ind[11]), SQL_HANDLE_STMT, st);
    ITEST_OK_FATAL(SQLBindCol(st, 13, SQL_C_SLONG, &inull, 0, &ind[12]), SQL_HANDLE_STMT, st);

    if (itest_exec(st, TYPES_SQL) && ITEST_OK(SQLFetch(st), SQL_HANDLE_STMT, st)) {
        CU_ASSERT_EQUAL(i2, -32768);
        CU_ASSERT_EQUAL(i4, (SQLINTEGER)-2147483647 - 1);
        CU_ASSERT_EQUAL(i8, (SQLBIGINT)9223372036854775807LL);
        CU_ASSERT_EQUAL(f4, 1.5f);
        CU_ASSERT_EQUAL(f8, -2.25);
        CU_ASSERT_DOUBLE_EQUAL(num, 12345.67, 1e-9);
        CU_ASSERT_EQUAL(bit, 1);
        CU_ASSERT_STRING_EQUAL(text, "text value");
        CU_ASSERT_EQUAL(ind[7], 10);
        CU_ASSERT_STRING_EQUAL(vc, "vc");
        CU_ASSERT_EQUAL(ind[8], 2);
        CU_ASSERT(d.year == 2024 && d.month == 2 && d.day == 29);
        CU_ASSERT(ts.hour == 13 && ts.minute == 14 && ts.second == 15 &&
                  ts.fraction == ts_fraction());
        CU_ASSERT_NSTRING_EQUAL(tsz, "2024-02-29 13:14:15", 19);
        CU_ASSERT_EQUAL(ind[12], SQL_NULL_DATA);
        CU_ASSERT_EQUAL(ind[0], (SQLLEN)sizeof i2);
        CU_ASSERT_EQUAL(ind[2], (SQLLEN)sizeof i8);
        CU_ASSERT_EQUAL(SQLFetch(st), SQL_NO_DATA);
    }
    itest_free_stmt(st);
    itest_disconnect(dbc);
}

/* SQLNumResultCols, SQLDescribeCol and SQLColAttribute on the types row. */
static void test_describe(void)
{
    static const char *const names[NCOLS] = {
        "c_int2", "c_int4", "c_int8", "c_float4", "c_float8", "c_numeric", "c_bool",
        "c_text", "c_varchar", "c_date", "c_timestamp", "c_timestamptz", "c_null",
    };
    SQLHDBC dbc = itest_connect();
    SQLHSTMT st = itest_stmt(dbc);
    /* Metadata is available after SQLPrepare, before SQLExecute. */
    ITEST_OK_FATAL(SQLPrepare(st, (SQLCHAR *)TYPES_SQL, SQL_NTS), SQL_HANDLE_STMT, st);
    SQLSMALLINT ncols = -1;
    ITEST_OK(SQLNumResultCols(st, &ncols), SQL_HANDLE_STMT, st);
    CU_ASSERT_EQUAL(ncols, NCOLS);
    ITEST_OK_FATAL(SQLExecute(st), SQL_HANDLE_STMT, st);
    ncols = -1;
    ITEST_OK(SQLNumResultCols(st, &ncols), SQL_HANDLE_STMT, st);
    CU_ASSERT_EQUAL(ncols, NCOLS);

    SQLSMALLINT types[NCOLS];
    SQLULEN sizes[NCOLS];
    SQLSMALLINT digits[NCOLS];
    for (SQLUSMALLINT c = 1; c <= NCOLS; c++) {
        SQLCHAR name[64] = "";
        SQLSMALLINT namelen = -1, nullable = -1;
        types[c - 1] = 0;
        ITEST_OK(SQLDescribeCol(st, c, name, sizeof name, &namelen, &types[c - 1], &sizes[c - 1],
                                &digits[c - 1], &nullable),
                 SQL_HANDLE_STMT, st);
        CU_ASSERT_STRING_EQUAL((char *)name, names[c - 1]);
        CU_ASSERT_EQUAL(namelen, (SQLSMALLINT)strlen(names[c - 1]));
        /* Expressions: the server cannot say. */
        CU_ASSERT(nullable == SQL_NULLABLE_UNKNOWN || nullable == SQL_NULLABLE);
    }
    CU_ASSERT_EQUAL(types[0], SQL_SMALLINT);
    CU_ASSERT_EQUAL(types[1], SQL_INTEGER);
    CU_ASSERT_EQUAL(types[2], SQL_BIGINT);
    CU_ASSERT_EQUAL(types[3], SQL_REAL);
    CU_ASSERT_EQUAL(types[4], SQL_DOUBLE);
    /* numeric(10,2) and varchar(10): PostgreSQL's typmods carry the sizes; CrateDB sends
     * none (FACTS §4.7), where the driver reports what it documents for unknown sizes:
     * numeric 1000 digits and scale 0, text the TextSize (README "Types"). */
    bool typmods = !itest_is_cratedb();
    CU_ASSERT_EQUAL(types[5], SQL_NUMERIC);
    CU_ASSERT_EQUAL(sizes[5], typmods ? 10u : 1000u);
    CU_ASSERT_EQUAL(digits[5], typmods ? 2 : 0);
    CU_ASSERT_EQUAL(types[6], SQL_BIT);
    CU_ASSERT(types[7] == SQL_VARCHAR || types[7] == SQL_WVARCHAR ||
              types[7] == SQL_LONGVARCHAR || types[7] == SQL_WLONGVARCHAR);
    CU_ASSERT(types[8] == SQL_VARCHAR || types[8] == SQL_WVARCHAR);
    CU_ASSERT_EQUAL(sizes[8], typmods ? 10u : 65535u);
    CU_ASSERT_EQUAL(types[9], SQL_TYPE_DATE);
    CU_ASSERT_EQUAL(types[10], SQL_TYPE_TIMESTAMP);
    /* CrateDB keeps milliseconds: 3 digits, as its information_schema (and SQLColumns)
     * says; the crate profile's driver sees CrateDB too */
    CU_ASSERT_EQUAL(digits[10], itest_speaks_crate() ? 3 : 6);
    CU_ASSERT_EQUAL(types[11], SQL_TYPE_TIMESTAMP);
    CU_ASSERT_EQUAL(types[12], SQL_INTEGER);

    /* SQLColAttribute. */
    SQLLEN n = -1;
    ITEST_OK(SQLColAttribute(st, 0, SQL_DESC_COUNT, NULL, 0, NULL, &n), SQL_HANDLE_STMT, st);
    CU_ASSERT_EQUAL(n, NCOLS);
    char label[64] = "";
    SQLSMALLINT len = -1;
    ITEST_OK(SQLColAttribute(st, 2, SQL_DESC_LABEL, label, sizeof label, &len, NULL),
             SQL_HANDLE_STMT, st);
    CU_ASSERT_STRING_EQUAL(label, "c_int4");
    CU_ASSERT_EQUAL(len, 6);
    label[0] = '\0';
    ITEST_OK(SQLColAttribute(st, 3, SQL_DESC_NAME, label, sizeof label, &len, NULL),
             SQL_HANDLE_STMT, st);
    CU_ASSERT_STRING_EQUAL(label, "c_int8");
    n = -1;
    ITEST_OK(SQLColAttribute(st, 2, SQL_DESC_CONCISE_TYPE, NULL, 0, NULL, &n), SQL_HANDLE_STMT, st);
    CU_ASSERT_EQUAL(n, SQL_INTEGER);
    n = -1;
    ITEST_OK(SQLColAttribute(st, 11, SQL_DESC_TYPE, NULL, 0, NULL, &n), SQL_HANDLE_STMT, st);
    CU_ASSERT_EQUAL(n, SQL_DATETIME); /* verbose type of a timestamp */
    n = -1;
    ITEST_OK(SQLColAttribute(st, 11, SQL_DESC_CONCISE_TYPE, NULL, 0, NULL, &n), SQL_HANDLE_STMT, st);
    CU_ASSERT_EQUAL(n, SQL_TYPE_TIMESTAMP);
    n = -1;
    ITEST_OK(SQLColAttribute(st, 2, SQL_DESC_UNSIGNED, NULL, 0, NULL, &n), SQL_HANDLE_STMT, st);
    CU_ASSERT_EQUAL(n, SQL_FALSE);
    n = -1;
    ITEST_OK(SQLColAttribute(st, 8, SQL_DESC_UNSIGNED, NULL, 0, NULL, &n), SQL_HANDLE_STMT, st);
    CU_ASSERT_EQUAL(n, SQL_TRUE); /* character types are "unsigned" per the spec */
    n = -1;
    ITEST_OK(SQLColAttribute(st, 2, SQL_DESC_DISPLAY_SIZE, NULL, 0, NULL, &n), SQL_HANDLE_STMT, st);
    CU_ASSERT_EQUAL(n, 11); /* sign + 10 digits */
    n = -1;
    ITEST_OK(SQLColAttribute(st, 1, SQL_DESC_DISPLAY_SIZE, NULL, 0, NULL, &n), SQL_HANDLE_STMT, st);
    CU_ASSERT_EQUAL(n, 6);
    n = -1;
    ITEST_OK(SQLColAttribute(st, 3, SQL_DESC_DISPLAY_SIZE, NULL, 0, NULL, &n), SQL_HANDLE_STMT, st);
    CU_ASSERT_EQUAL(n, 20);
    n = -1;
    ITEST_OK(SQLColAttribute(st, 10, SQL_DESC_DISPLAY_SIZE, NULL, 0, NULL, &n), SQL_HANDLE_STMT, st);
    CU_ASSERT_EQUAL(n, 10);
    n = -1;
    ITEST_OK(SQLColAttribute(st, 2, SQL_DESC_OCTET_LENGTH, NULL, 0, NULL, &n), SQL_HANDLE_STMT, st);
    CU_ASSERT_EQUAL(n, 4);
    n = -1;
    ITEST_OK(SQLColAttribute(st, 6, SQL_DESC_PRECISION, NULL, 0, NULL, &n), SQL_HANDLE_STMT, st);
    CU_ASSERT_EQUAL(n, typmods ? 10 : 1000);
    n = -1;
    ITEST_OK(SQLColAttribute(st, 6, SQL_DESC_SCALE, NULL, 0, NULL, &n), SQL_HANDLE_STMT, st);
    CU_ASSERT_EQUAL(n, typmods ? 2 : 0);
    char tname[64] = "";
    ITEST_OK(SQLColAttribute(st, 2, SQL_DESC_TYPE_NAME, tname, sizeof tname, &len, NULL),
             SQL_HANDLE_STMT, st);
    CU_ASSERT(strlen(tname) > 0);

    /* Column 0 is the bookmark; out of range is 07009. */
    SQLCHAR name[8];
    SQLSMALLINT t, dg, nl;
    SQLULEN sz;
    SQLRETURN rc = SQLDescribeCol(st, NCOLS + 1, name, sizeof name, &len, &t, &sz, &dg, &nl);
    ITEST_EXPECT_ERROR(rc, SQL_HANDLE_STMT, st, "07009");
    itest_free_stmt(st);
    itest_disconnect(dbc);
}

/* CREATE TABLE, INSERT, UPDATE, DELETE: SQLRowCount is the number of rows touched. */
static void test_dml_row_count(void)
{
    char table[64], sql[256];
    itest_table_name(table, sizeof table, "itest_dml");
    SQLHDBC dbc = itest_connect();
    SQLHSTMT st = itest_stmt(dbc);
    SQLLEN count = -99;
    snprintf(sql, sizeof sql, "CREATE TABLE %s (id int PRIMARY KEY, name text)", table);
    if (!itest_exec(st, sql))
        CU_FAIL_FATAL("CREATE TABLE failed");

    snprintf(sql, sizeof sql, "INSERT INTO %s VALUES (1, 'a'), (2, 'b'), (3, 'c')", table);
    if (itest_exec(st, sql)) {
        ITEST_OK(SQLRowCount(st, &count), SQL_HANDLE_STMT, st);
        CU_ASSERT_EQUAL(count, 3);
        itest_refresh(dbc, table);    /* the UPDATE below searches, not by primary key */
        SQLSMALLINT ncols = -1;
        ITEST_OK(SQLNumResultCols(st, &ncols), SQL_HANDLE_STMT, st);
        CU_ASSERT_EQUAL(ncols, 0);
        /* No result set: fetching is a cursor-state error. */
        ITEST_EXPECT_ERROR(SQLFetch(st), SQL_HANDLE_STMT, st, "24000");
    }
    snprintf(sql, sizeof sql, "UPDATE %s SET name = name || 'x' WHERE id >= 2", table);
    if (itest_exec(st, sql)) {
        ITEST_OK(SQLRowCount(st, &count), SQL_HANDLE_STMT, st);
        CU_ASSERT_EQUAL(count, 2);
    }
    /* A searched UPDATE that touches nothing: SQL_NO_DATA and a count of 0. */
    snprintf(sql, sizeof sql, "UPDATE %s SET name = 'none' WHERE id > 100", table);
    SQLRETURN rc = SQLExecDirect(st, (SQLCHAR *)sql, SQL_NTS);
    if (rc != SQL_NO_DATA)
        fprintf(stderr, "\n    UPDATE touching no rows returned %d, want SQL_NO_DATA\n", (int)rc);
    CU_ASSERT_EQUAL(rc, SQL_NO_DATA);
    ITEST_OK(SQLRowCount(st, &count), SQL_HANDLE_STMT, st);
    CU_ASSERT_EQUAL(count, 0);
    snprintf(sql, sizeof sql, "DELETE FROM %s WHERE id = 1", table);
    if (itest_exec(st, sql)) {
        ITEST_OK(SQLRowCount(st, &count), SQL_HANDLE_STMT, st);
        CU_ASSERT_EQUAL(count, 1);
    }
    /* the rows left, in order, joined here (CrateDB has no string_agg(... ORDER BY)) */
    itest_refresh(dbc, table);
    char v[64] = "", name[16];
    SQLLEN ind;
    snprintf(sql, sizeof sql, "SELECT name FROM %s ORDER BY id", table);
    if (itest_exec(st, sql)) {
        while (SQL_SUCCEEDED(SQLFetch(st)) &&
               ITEST_OK(SQLGetData(st, 1, SQL_C_CHAR, name, sizeof name, &ind), SQL_HANDLE_STMT,
                        st))
            snprintf(v + strlen(v), sizeof v - strlen(v), "%s%s", v[0] ? "," : "", name);
        ITEST_OK(SQLCloseCursor(st), SQL_HANDLE_STMT, st);
    }
    CU_ASSERT_STRING_EQUAL(v, "bx,cx");
    /* A duplicate key: ODBC 3's 23000 (the server's 23505 stays in the message). */
    snprintf(sql, sizeof sql, "INSERT INTO %s VALUES (2, 'dup')", table);
    ITEST_EXPECT_ERROR(SQLExecDirect(st, (SQLCHAR *)sql, SQL_NTS), SQL_HANDLE_STMT, st, "23000");
    snprintf(sql, sizeof sql, "DROP TABLE %s", table);
    itest_exec(st, sql);
    itest_free_stmt(st);
    itest_disconnect(dbc);
}

/* 10000 rows, more than one FetchSize chunk (default 1000), checked row by row. */
static void test_many_rows(void)
{
    SQLHDBC dbc = itest_connect();
    SQLHSTMT st = itest_stmt(dbc);
    if (!itest_exec(st, "SELECT g, 'row ' || g FROM generate_series(1, 10000) AS g ORDER BY g"))
        CU_FAIL_FATAL("query failed");
    long long sum = 0;
    long rows = 0;
    bool in_order = true, text_ok = true;
    SQLRETURN rc;
    while ((rc = SQLFetch(st)) == SQL_SUCCESS || rc == SQL_SUCCESS_WITH_INFO) {
        SQLINTEGER g = 0;
        char text[32], want[32];
        SQLLEN ind;
        SQLGetData(st, 1, SQL_C_SLONG, &g, 0, &ind);
        SQLGetData(st, 2, SQL_C_CHAR, text, sizeof text, &ind);
        rows++;
        sum += g;
        if (g != rows)
            in_order = false;
        snprintf(want, sizeof want, "row %ld", rows);
        if (strcmp(text, want) != 0)
            text_ok = false;
    }
    if (rc != SQL_NO_DATA) {
        fprintf(stderr, "\n    SQLFetch returned %d after %ld rows\n", (int)rc, rows);
        itest_dump_diag("SQLFetch", SQL_HANDLE_STMT, st);
    }
    CU_ASSERT_EQUAL(rc, SQL_NO_DATA);
    CU_ASSERT_EQUAL(rows, 10000);
    CU_ASSERT_EQUAL(sum, 50005000LL);
    CU_ASSERT_TRUE(in_order);
    CU_ASSERT_TRUE(text_ok);

    /* Again with bound columns, and a checksum over the text. */
    SQLINTEGER g = 0;
    char text[32];
    SQLLEN gi, ti;
    unsigned long long hash = 1469598103934665603ULL, want_hash = 1469598103934665603ULL;
    for (long i = 1; i <= 10000; i++) {
        char w[32];
        int n = snprintf(w, sizeof w, "row %ld", i);
        for (int k = 0; k < n; k++)
            want_hash = (want_hash ^ (unsigned char)w[k]) * 1099511628211ULL;
    }
    ITEST_OK(SQLFreeStmt(st, SQL_CLOSE), SQL_HANDLE_STMT, st);
    ITEST_OK(SQLBindCol(st, 1, SQL_C_SLONG, &g, 0, &gi), SQL_HANDLE_STMT, st);
    ITEST_OK(SQLBindCol(st, 2, SQL_C_CHAR, text, sizeof text, &ti), SQL_HANDLE_STMT, st);
    if (!itest_exec(st, "SELECT g, 'row ' || g FROM generate_series(1, 10000) AS g ORDER BY g"))
        CU_FAIL_FATAL("query failed");
    rows = 0;
    sum = 0;
    while (SQL_SUCCEEDED(rc = SQLFetch(st))) {
        rows++;
        sum += g;
        for (SQLLEN k = 0; k < ti; k++)
            hash = (hash ^ (unsigned char)text[k]) * 1099511628211ULL;
    }
    if (rc != SQL_NO_DATA) {
        fprintf(stderr, "\n    SQLFetch returned %d after %ld rows\n", (int)rc, rows);
        itest_dump_diag("SQLFetch", SQL_HANDLE_STMT, st);
    }
    CU_ASSERT_EQUAL(rc, SQL_NO_DATA);
    CU_ASSERT_EQUAL(rows, 10000);
    CU_ASSERT_EQUAL(sum, 50005000LL);
    CU_ASSERT_EQUAL(hash, want_hash);
    itest_free_stmt(st);
    itest_disconnect(dbc);
}

/* Two (then three) statements on one connection, fetched alternately. */
static void test_interleaved_statements(void)
{
    SQLHDBC dbc = itest_connect();
    SQLHSTMT a = itest_stmt(dbc), b = itest_stmt(dbc), c = itest_stmt(dbc);
    if (!itest_exec(a, "SELECT g FROM generate_series(1, 2500) AS g ORDER BY g") ||
        !itest_exec(b, "SELECT g * 2 FROM generate_series(1, 2500) AS g ORDER BY g"))
        CU_FAIL_FATAL("query failed");
    long ok = 0;
    for (long i = 1; i <= 2500; i++) {
        SQLINTEGER va = 0, vb = 0;
        SQLLEN ind;
        if (!ITEST_OK(SQLFetch(a), SQL_HANDLE_STMT, a) || !ITEST_OK(SQLFetch(b), SQL_HANDLE_STMT, b))
            break;
        SQLGetData(a, 1, SQL_C_SLONG, &va, 0, &ind);
        SQLGetData(b, 1, SQL_C_SLONG, &vb, 0, &ind);
        if (va == i && vb == 2 * i)
            ok++;
        if (i == 1234) {
            /* A third statement runs to completion while both are mid-stream. */
            char v[16];
            SQLLEN ci;
            if (itest_exec(c, "SELECT count(*) FROM generate_series(1, 3000)") &&
                ITEST_OK(SQLFetch(c), SQL_HANDLE_STMT, c) &&
                ITEST_OK(SQLGetData(c, 1, SQL_C_CHAR, v, sizeof v, &ci), SQL_HANDLE_STMT, c))
                CU_ASSERT_STRING_EQUAL(v, "3000");
            ITEST_OK(SQLCloseCursor(c), SQL_HANDLE_STMT, c);
        }
    }
    CU_ASSERT_EQUAL(ok, 2500);
    CU_ASSERT_EQUAL(SQLFetch(a), SQL_NO_DATA);
    CU_ASSERT_EQUAL(SQLFetch(b), SQL_NO_DATA);
    /* After SQL_NO_DATA the cursor is still open until it is closed. */
    ITEST_OK(SQLCloseCursor(a), SQL_HANDLE_STMT, a);
    ITEST_OK(SQLCloseCursor(b), SQL_HANDLE_STMT, b);
    /* Closing a statement mid-stream leaves the other and the connection usable. */
    if (itest_exec(a, "SELECT g FROM generate_series(1, 5000) AS g") &&
        itest_exec(b, "SELECT 'b'")) {
        ITEST_OK(SQLFetch(a), SQL_HANDLE_STMT, a);
        ITEST_OK(SQLCloseCursor(a), SQL_HANDLE_STMT, a);
        char v[8];
        SQLLEN ind;
        if (ITEST_OK(SQLFetch(b), SQL_HANDLE_STMT, b) &&
            ITEST_OK(SQLGetData(b, 1, SQL_C_CHAR, v, sizeof v, &ind), SQL_HANDLE_STMT, b))
            CU_ASSERT_STRING_EQUAL(v, "b");
    }
    itest_free_stmt(a);
    itest_free_stmt(b);
    itest_free_stmt(c);
    itest_disconnect(dbc);
}

/* SQLPrepare once, SQLBindParameter an int and a string, SQLExecute three times. */
static void test_prepared_reuse(void)
{
    static const struct { int id; const char *name; } rows[] = {
        {10, "one"}, {20, "zwei"}, {30, "trois 'quoted'"},
    };
    char table[64], sql[256];
    itest_table_name(table, sizeof table, "itest_prep");
    SQLHDBC dbc = itest_connect();
    SQLHSTMT st = itest_stmt(dbc);
    snprintf(sql, sizeof sql, "CREATE TABLE %s (id int, name varchar(40))", table);
    if (!itest_exec(st, sql))
        CU_FAIL_FATAL("CREATE TABLE failed");

    snprintf(sql, sizeof sql, "INSERT INTO %s (id, name) VALUES (?, ?)", table);
    ITEST_OK_FATAL(SQLPrepare(st, (SQLCHAR *)sql, SQL_NTS), SQL_HANDLE_STMT, st);
    SQLSMALLINT nparams = -1;
    ITEST_OK(SQLNumParams(st, &nparams), SQL_HANDLE_STMT, st);
    CU_ASSERT_EQUAL(nparams, 2);
    SQLINTEGER id = 0;
    char name[41];
    SQLLEN id_ind = 0, name_ind = SQL_NTS;
    ITEST_OK_FATAL(SQLBindParameter(st, 1, SQL_PARAM_INPUT, SQL_C_SLONG, SQL_INTEGER, 0, 0, &id, 0,
                                    &id_ind),
                   SQL_HANDLE_STMT, st);
    ITEST_OK_FATAL(SQLBindParameter(st, 2, SQL_PARAM_INPUT, SQL_C_CHAR, SQL_VARCHAR, 40, 0, name,
                                    sizeof name, &name_ind),
                   SQL_HANDLE_STMT, st);
    for (size_t i = 0; i < 3; i++) {
        id = rows[i].id;
        snprintf(name, sizeof name, "%s", rows[i].name);
        if (ITEST_OK(SQLExecute(st), SQL_HANDLE_STMT, st)) {
            SQLLEN count = -1;
            ITEST_OK(SQLRowCount(st, &count), SQL_HANDLE_STMT, st);
            CU_ASSERT_EQUAL(count, 1);
        }
    }
    /* A NULL parameter. */
    id = 40;
    name_ind = SQL_NULL_DATA;
    ITEST_OK(SQLExecute(st), SQL_HANDLE_STMT, st);
    itest_free_stmt(st);
    itest_refresh(dbc, table);    /* the SELECTs below search by a column that is no key */

    /* A prepared SELECT with one parameter, executed for each id. */
    st = itest_stmt(dbc);
    snprintf(sql, sizeof sql, "SELECT name, id * 2 FROM %s WHERE id = ?", table);
    ITEST_OK_FATAL(SQLPrepare(st, (SQLCHAR *)sql, SQL_NTS), SQL_HANDLE_STMT, st);
    ITEST_OK_FATAL(SQLBindParameter(st, 1, SQL_PARAM_INPUT, SQL_C_SLONG, SQL_INTEGER, 0, 0, &id, 0,
                                    &id_ind),
                   SQL_HANDLE_STMT, st);
    for (size_t i = 0; i < 4; i++) {
        id = i < 3 ? rows[i].id : 40;
        if (!ITEST_OK(SQLExecute(st), SQL_HANDLE_STMT, st))
            continue;
        char got[64] = "";
        SQLLEN ind = 0;
        SQLINTEGER twice = 0;
        if (ITEST_OK(SQLFetch(st), SQL_HANDLE_STMT, st)) {
            ITEST_OK(SQLGetData(st, 1, SQL_C_CHAR, got, sizeof got, &ind), SQL_HANDLE_STMT, st);
            if (i < 3) {
                CU_ASSERT_STRING_EQUAL(got, rows[i].name);
            } else {
                CU_ASSERT_EQUAL(ind, SQL_NULL_DATA);
            }
            ITEST_OK(SQLGetData(st, 2, SQL_C_SLONG, &twice, 0, &ind), SQL_HANDLE_STMT, st);
            CU_ASSERT_EQUAL(twice, id * 2);
        }
        CU_ASSERT_EQUAL(SQLFetch(st), SQL_NO_DATA);
        ITEST_OK(SQLCloseCursor(st), SQL_HANDLE_STMT, st);
    }
    /* A string parameter compared on the server. */
    itest_free_stmt(st);
    st = itest_stmt(dbc);
    snprintf(sql, sizeof sql, "SELECT count(*) FROM %s WHERE name = ?", table);
    ITEST_OK_FATAL(SQLPrepare(st, (SQLCHAR *)sql, SQL_NTS), SQL_HANDLE_STMT, st);
    snprintf(name, sizeof name, "%s", "trois 'quoted'");
    name_ind = SQL_NTS;
    ITEST_OK_FATAL(SQLBindParameter(st, 1, SQL_PARAM_INPUT, SQL_C_CHAR, SQL_VARCHAR, 40, 0, name,
                                    sizeof name, &name_ind),
                   SQL_HANDLE_STMT, st);
    if (ITEST_OK(SQLExecute(st), SQL_HANDLE_STMT, st) && ITEST_OK(SQLFetch(st), SQL_HANDLE_STMT, st)) {
        SQLINTEGER n = -1;
        SQLLEN ind;
        ITEST_OK(SQLGetData(st, 1, SQL_C_SLONG, &n, 0, &ind), SQL_HANDLE_STMT, st);
        CU_ASSERT_EQUAL(n, 1);
    }
    itest_free_stmt(st);
    snprintf(sql, sizeof sql, "DROP TABLE %s", table);
    itest_exec_on(dbc, sql);
    itest_disconnect(dbc);
}

/* Appends s to buf (cap bytes, currently len long); returns the new length. */
static size_t append(char *buf, size_t cap, size_t len, const char *s)
{
    size_t n = strlen(s);
    if (len + n >= cap)
        n = cap - len - 1;
    memcpy(buf + len, s, n);
    buf[len + n] = '\0';
    return len + n;
}

/* SQLGetData in pieces: 01004 with the full length, then the rest, then SQL_NO_DATA. */
static void test_get_data_truncation(void)
{
    SQLHDBC dbc = itest_connect();
    SQLHSTMT st = itest_stmt(dbc);
    char expect[101];
    for (int i = 0; i < 100; i++)
        expect[i] = (char)('a' + i % 10);
    expect[100] = '\0';
    if (!itest_exec(st, "SELECT repeat('abcdefghij', 10), 'short'") ||
        !ITEST_OK(SQLFetch(st), SQL_HANDLE_STMT, st))
        CU_FAIL_FATAL("query failed");

    char piece[16], all[256] = "";
    size_t all_len = 0;
    SQLLEN ind = 0;
    SQLRETURN rc = SQLGetData(st, 1, SQL_C_CHAR, piece, sizeof piece, &ind);
    ITEST_EXPECT_INFO(rc, SQL_HANDLE_STMT, st, "01004");
    CU_ASSERT_EQUAL(ind, 100);
    CU_ASSERT_STRING_EQUAL(piece, "abcdefghijabcde"); /* 15 chars + NUL */
    all_len = append(all, sizeof all, all_len, piece);
    int calls = 1;
    while ((rc = SQLGetData(st, 1, SQL_C_CHAR, piece, sizeof piece, &ind)) == SQL_SUCCESS_WITH_INFO) {
        /* Each later call reports what is left (or SQL_NO_TOTAL). */
        CU_ASSERT(ind == SQL_NO_TOTAL || ind == 100 - 15 * calls);
        all_len = append(all, sizeof all, all_len, piece);
        calls++;
    }
    CU_ASSERT_EQUAL(rc, SQL_SUCCESS);
    CU_ASSERT_EQUAL(ind, 100 - 15 * calls);
    all_len = append(all, sizeof all, all_len, piece);
    CU_ASSERT_EQUAL(calls, 6); /* 6 × 15 = 90, the seventh call returns the last 10 */
    CU_ASSERT_STRING_EQUAL(all, expect);
    CU_ASSERT_EQUAL(SQLGetData(st, 1, SQL_C_CHAR, piece, sizeof piece, &ind), SQL_NO_DATA);

    /* A zero-length buffer asks for the length only. */
    ind = 0;
    rc = SQLGetData(st, 2, SQL_C_CHAR, piece, 0, &ind);
    CU_ASSERT(rc == SQL_SUCCESS_WITH_INFO);
    CU_ASSERT_EQUAL(ind, 5);
    rc = SQLGetData(st, 2, SQL_C_CHAR, piece, sizeof piece, &ind);
    CU_ASSERT_EQUAL(rc, SQL_SUCCESS);
    CU_ASSERT_STRING_EQUAL(piece, "short");

    /* SQL_C_WCHAR in pieces: lengths in bytes. */
    ITEST_OK(SQLCloseCursor(st), SQL_HANDLE_STMT, st);
    if (itest_exec(st, "SELECT repeat('xy', 20)") && ITEST_OK(SQLFetch(st), SQL_HANDLE_STMT, st)) {
        SQLWCHAR w[8];
        rc = SQLGetData(st, 1, SQL_C_WCHAR, w, sizeof w, &ind);
        ITEST_EXPECT_INFO(rc, SQL_HANDLE_STMT, st, "01004");
        CU_ASSERT_EQUAL(ind, 40 * (SQLLEN)sizeof(SQLWCHAR));
        CU_ASSERT(w[0] == 'x' && w[1] == 'y' && w[6] == 'x' && w[7] == 0);
    }
    itest_free_stmt(st);
    itest_disconnect(dbc);
}

/* SQLFreeStmt: SQL_CLOSE, SQL_UNBIND, SQL_RESET_PARAMS; SQLCloseCursor without a cursor. */
static void test_free_stmt_options(void)
{
    SQLHDBC dbc = itest_connect();
    SQLHSTMT st = itest_stmt(dbc);
    SQLINTEGER v = 0;
    SQLLEN ind = 0;

    /* SQL_CLOSE mid-result, then the statement runs again. */
    ITEST_OK_FATAL(SQLBindCol(st, 1, SQL_C_SLONG, &v, 0, &ind), SQL_HANDLE_STMT, st);
    if (itest_exec(st, "SELECT g FROM generate_series(1, 3000) AS g ORDER BY g")) {
        ITEST_OK(SQLFetch(st), SQL_HANDLE_STMT, st);
        CU_ASSERT_EQUAL(v, 1);
        ITEST_OK(SQLFreeStmt(st, SQL_CLOSE), SQL_HANDLE_STMT, st);
        /* Closing again is harmless for SQLFreeStmt(SQL_CLOSE) ... */
        ITEST_OK(SQLFreeStmt(st, SQL_CLOSE), SQL_HANDLE_STMT, st);
        /* ... but SQLCloseCursor without an open cursor is 24000. */
        ITEST_EXPECT_ERROR(SQLCloseCursor(st), SQL_HANDLE_STMT, st, "24000");
    }
    /* Bindings survive SQL_CLOSE. */
    if (itest_exec(st, "SELECT 99")) {
        ITEST_OK(SQLFetch(st), SQL_HANDLE_STMT, st);
        CU_ASSERT_EQUAL(v, 99);
        ITEST_OK(SQLFreeStmt(st, SQL_CLOSE), SQL_HANDLE_STMT, st);
    }
    /* SQL_UNBIND: the old buffer is left alone. */
    ITEST_OK(SQLFreeStmt(st, SQL_UNBIND), SQL_HANDLE_STMT, st);
    v = -1;
    if (itest_exec(st, "SELECT 123")) {
        ITEST_OK(SQLFetch(st), SQL_HANDLE_STMT, st);
        CU_ASSERT_EQUAL(v, -1);
        SQLINTEGER got = 0;
        ITEST_OK(SQLGetData(st, 1, SQL_C_SLONG, &got, 0, &ind), SQL_HANDLE_STMT, st);
        CU_ASSERT_EQUAL(got, 123);
        ITEST_OK(SQLFreeStmt(st, SQL_CLOSE), SQL_HANDLE_STMT, st);
    }
    /* SQL_RESET_PARAMS: executing without the parameter is 07002. */
    SQLINTEGER p = 5;
    ITEST_OK_FATAL(SQLPrepare(st, (SQLCHAR *)"SELECT CAST(? AS int4) + 1", SQL_NTS), SQL_HANDLE_STMT, st);
    ITEST_OK_FATAL(SQLBindParameter(st, 1, SQL_PARAM_INPUT, SQL_C_SLONG, SQL_INTEGER, 0, 0, &p, 0, NULL),
                   SQL_HANDLE_STMT, st);
    if (ITEST_OK(SQLExecute(st), SQL_HANDLE_STMT, st) && ITEST_OK(SQLFetch(st), SQL_HANDLE_STMT, st)) {
        SQLINTEGER got = 0;
        ITEST_OK(SQLGetData(st, 1, SQL_C_SLONG, &got, 0, &ind), SQL_HANDLE_STMT, st);
        CU_ASSERT_EQUAL(got, 6);
    }
    ITEST_OK(SQLFreeStmt(st, SQL_CLOSE), SQL_HANDLE_STMT, st);
    ITEST_OK(SQLFreeStmt(st, SQL_RESET_PARAMS), SQL_HANDLE_STMT, st);
    ITEST_EXPECT_ERROR(SQLExecute(st), SQL_HANDLE_STMT, st, "07002");

    /* SQL_DROP frees the handle (the driver manager maps it to SQLFreeHandle). */
    ITEST_OK(SQLFreeStmt(st, SQL_DROP), SQL_HANDLE_STMT, st);
    itest_disconnect(dbc);
}

/* A syntax error is ODBC 3's 42000 (the server's 42601 stays in the message) with a
 * message; the statement and connection stay usable. */
static void test_syntax_error(void)
{
    SQLHDBC dbc = itest_connect();
    SQLHSTMT st = itest_stmt(dbc);
    char state[6], msg[1024];
    SQLRETURN rc = SQLExecDirect(st, (SQLCHAR *)"SELEC 1", SQL_NTS);
    ITEST_EXPECT_ERROR(rc, SQL_HANDLE_STMT, st, "42000");
    CU_ASSERT_TRUE(itest_diag(SQL_HANDLE_STMT, st, state, msg, sizeof msg));
    CU_ASSERT_PTR_NOT_NULL(strstr(msg, "SELEC"));
    CU_ASSERT_PTR_NOT_NULL(strstr(msg, "server SQLSTATE 42601"));
    /* A second record would be noise; at least the first one must be the error. */
    if (itest_exec(st, "SELECT 7") && ITEST_OK(SQLFetch(st), SQL_HANDLE_STMT, st)) {
        SQLINTEGER v = 0;
        SQLLEN ind;
        ITEST_OK(SQLGetData(st, 1, SQL_C_SLONG, &v, 0, &ind), SQL_HANDLE_STMT, st);
        CU_ASSERT_EQUAL(v, 7);
    }
    ITEST_OK(SQLFreeStmt(st, SQL_CLOSE), SQL_HANDLE_STMT, st);
    /* The diagnostics of a successful call are cleared. */
    CU_ASSERT_FALSE(itest_diag(SQL_HANDLE_STMT, st, state, msg, sizeof msg));

    /* An unknown table: 42S02; a runtime error: division by zero 22012 (in the crate
     * profile the server sends XX000 and the driver maps it from the message). */
    ITEST_EXPECT_ERROR(SQLExecDirect(st, (SQLCHAR *)"SELECT * FROM no_such_table_xyz", SQL_NTS),
                       SQL_HANDLE_STMT, st, "42S02");
    ITEST_EXPECT_ERROR(SQLExecDirect(st, (SQLCHAR *)"SELECT 1 / 0", SQL_NTS), SQL_HANDLE_STMT,
                       st, "22012");
    /* A prepared syntax error: reported by SQLPrepare, or (the spec lets a driver defer
     * sending the statement) by SQLExecute. */
    SQLRETURN rc2 = SQLPrepare(st, (SQLCHAR *)"SELEC 2", SQL_NTS);
    if (rc2 != SQL_ERROR)
        rc2 = SQLExecute(st);
    ITEST_EXPECT_ERROR(rc2, SQL_HANDLE_STMT, st, "42000");
    itest_free_stmt(st);
    itest_disconnect(dbc);
}

/* SQL_ATTR_ROW_NUMBER (LibreOffice reads it after every fetch): the current row's number
 * in the whole result, across the driver's fetch chunks; 24000 before the first row and
 * after the last. */
static void test_row_number(void)
{
    SQLHDBC dbc = itest_connect();
    SQLHSTMT st = itest_stmt(dbc);
    SQLULEN n = 99;
    if (!itest_exec(st, "SELECT g FROM generate_series(1, 2500) AS g ORDER BY g"))
        CU_FAIL_FATAL("query failed");
    ITEST_EXPECT_ERROR(SQLGetStmtAttr(st, SQL_ATTR_ROW_NUMBER, &n, SQL_IS_UINTEGER, NULL),
                       SQL_HANDLE_STMT, st, "24000");
    SQLRETURN rc;
    long rows = 0;
    bool numbered = true;
    while (SQL_SUCCEEDED(rc = SQLFetch(st))) {
        SQLINTEGER g = 0;
        SQLLEN ind;
        rows++;
        SQLGetData(st, 1, SQL_C_SLONG, &g, 0, &ind);
        n = 0;
        if (!ITEST_OK(SQLGetStmtAttr(st, SQL_ATTR_ROW_NUMBER, &n, SQL_IS_UINTEGER, NULL),
                      SQL_HANDLE_STMT, st) || n != (SQLULEN)rows || g != rows)
            numbered = false;
    }
    CU_ASSERT_EQUAL(rc, SQL_NO_DATA);
    CU_ASSERT_EQUAL(rows, 2500);
    CU_ASSERT_TRUE(numbered);
    ITEST_EXPECT_ERROR(SQLGetStmtAttr(st, SQL_ATTR_ROW_NUMBER, &n, SQL_IS_UINTEGER, NULL),
                       SQL_HANDLE_STMT, st, "24000");
    itest_free_stmt(st);
    itest_disconnect(dbc);
}

/* Runs sql on st and asserts it fails with one of `states`, with `needle` in the message
 * (NULL: any message). */
static void expect_refused(SQLHSTMT st, const char *sql, const char *states, const char *needle)
{
    char state[6] = "", msg[1024] = "";
    SQLRETURN rc = SQLExecDirect(st, (SQLCHAR *)sql, SQL_NTS);
    ITEST_EXPECT_ERROR(rc, SQL_HANDLE_STMT, st, states);
    CU_ASSERT_TRUE(itest_diag(SQL_HANDLE_STMT, st, state, msg, sizeof msg));
    if (needle) {
        CU_ASSERT_PTR_NOT_NULL(strstr(msg, needle));
        if (!strstr(msg, needle))
            fprintf(stderr, "\n  %s: %s %s\n", sql, state, msg);
    }
    SQLFreeStmt(st, SQL_CLOSE);
}

/* The connection answers: SELECT n gives n. */
static void expect_usable(SQLHDBC dbc, int n)
{
    char sql[32], got[32];
    snprintf(sql, sizeof sql, "SELECT %d", n);
    char want[16];
    snprintf(want, sizeof want, "%d", n);
    if (itest_query_text(dbc, sql, got, sizeof got))
        CU_ASSERT_STRING_EQUAL(got, want);
}

/*
 * COPY ... TO STDOUT and COPY ... FROM STDIN: the driver takes part in neither. PostgreSQL
 * runs them: the statement fails with 0A000 and a message that says so (the rows of a COPY
 * TO STDOUT are read and dropped, a COPY FROM STDIN is told the copy failed), and the
 * connection goes on. Before, the connection was lost (08S01, then 08003 for every call).
 * CrateDB has neither form (its COPY takes URIs): a plain syntax or analysis error, and the
 * connection goes on too; the crate profile's proxy refuses them as CrateDB's parser does.
 */
static void test_copy_stdio_refused(void)
{
    char table[64], sql[256];
    itest_table_name(table, sizeof table, "itest_copy");
    SQLHDBC dbc = itest_connect();
    snprintf(sql, sizeof sql, "CREATE TABLE %s (id integer)", table);
    CU_ASSERT_FATAL(itest_exec_on(dbc, sql));
    SQLHSTMT st = itest_stmt(dbc);
    bool pg = itest_profile_is("pg");
    /* CrateDB 6.4.3: "line 1:6: no viable alternative at input 'COPY ('" (42601), and for
     * FROM STDIN "Columns cannot be used in this context. Maybe you wanted to use a string
     * literal ...: 'stdin'" (XX000 -> HY000) */
    const char *out_state = pg ? "0A000" : "42000";
    const char *in_state = pg ? "0A000" : itest_is_cratedb() ? "HY000" : "42000";
    expect_refused(st, "COPY (SELECT 1) TO STDOUT", out_state,
                   pg ? "COPY ... TO STDOUT is not supported" : NULL);
    expect_usable(dbc, 41);
    snprintf(sql, sizeof sql, "COPY %s FROM STDIN", table);
    expect_refused(st, sql, in_state, pg ? "COPY ... FROM STDIN is not supported" : NULL);
    expect_usable(dbc, 42);
    /* the statement handle goes on as well, and the table took no row */
    snprintf(sql, sizeof sql, "INSERT INTO %s VALUES (7)", table);
    CU_ASSERT(itest_exec(st, sql));
    SQLFreeStmt(st, SQL_CLOSE);
    CU_ASSERT(itest_refresh(dbc, table));
    char got[32];
    snprintf(sql, sizeof sql, "SELECT count(*) FROM %s", table);
    if (itest_query_text(dbc, sql, got, sizeof got))
        CU_ASSERT_STRING_EQUAL(got, "1");
    /* prepared, and again after a success */
    SQLRETURN rc = SQLPrepare(st, (SQLCHAR *)"COPY (SELECT 2) TO STDOUT", SQL_NTS);
    if (rc != SQL_ERROR)
        rc = SQLExecute(st);
    ITEST_EXPECT_ERROR(rc, SQL_HANDLE_STMT, st, out_state);
    SQLFreeStmt(st, SQL_CLOSE);
    expect_usable(dbc, 43);
    if (pg) {
        /* about 20 MB of output: past 1 MiB the driver stops reading for nothing and
         * cancels the statement (the message says so); the connection goes on */
        expect_refused(st, "COPY (SELECT g, repeat('x', 100) FROM generate_series(1, 200000) g) "
                       "TO STDOUT", "0A000", "the driver cancelled the statement");
        expect_usable(dbc, 44);
    }
    itest_free_stmt(st);
    snprintf(sql, sizeof sql, "DROP TABLE %s", table);
    itest_exec_on(dbc, sql);
    itest_disconnect(dbc);
}

void itest_register_query(void)
{
    static const itest_case cases[] = {
        {"types_as_text", test_types_as_text},
        {"types_as_c_types", test_types_as_c_types},
        {"types_bind_col", test_types_bind_col},
        {"describe", test_describe},
        {"dml_row_count", test_dml_row_count},
        {"many_rows", test_many_rows},
        {"interleaved_statements", test_interleaved_statements},
        {"prepared_reuse", test_prepared_reuse},
        {"get_data_truncation", test_get_data_truncation},
        {"free_stmt_options", test_free_stmt_options},
        {"syntax_error", test_syntax_error},
        {"row_number", test_row_number},
        {"copy_stdio_refused", test_copy_stdio_refused},
        {NULL, NULL},
    };
    itest_add_suite("query", cases);
}
