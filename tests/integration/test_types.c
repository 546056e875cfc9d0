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

/* The expressions CrateDB spells differently (it has geo_point, not point()). */
static const struct {
    const char *expr, *crate;
} crate_exprs[] = {
    { "point(9.7417, 47.4108)", "CAST('POINT(9.7417 47.4108)' AS geo_point)" },
};

/* Column i's expression for the profile's server. */
static const char *expr(int i)
{
    for (size_t k = 0; itest_is_cratedb() && k < sizeof crate_exprs / sizeof crate_exprs[0]; k++)
        if (strcmp(crate_exprs[k].expr, cols[i].expr) == 0)
            return crate_exprs[k].crate;
    return cols[i].expr;
}

static char *select_sql(void)
{
    static char sql[4096];
    size_t n = 0;
    n += (size_t)snprintf(sql + n, sizeof sql - n, "SELECT ");
    for (int i = 0; i < N; i++)
        n += (size_t)snprintf(sql + n, sizeof sql - n, "%s%s AS c%d", i ? ", " : "",
                              expr(i), i);
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
        fprintf(stderr, "\n    %s: %s gave '%s', want '%s'\n", how, expr(col), v,
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
            fprintf(stderr, "\n    %s: SQL type %d, want %d\n", expr(i), type,
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

/* The struct's magnitude (val[], little-endian) as a number; the test values fit 64 bits. */
static uint64_t num_mag(const SQL_NUMERIC_STRUCT *ns)
{
    uint64_t m = 0;
    for (int k = 7; k >= 0; k--)
        m = m << 8 | ns->val[k];
    return m;
}

/* First diagnostic of the statement is `state` (after a SQL_SUCCESS_WITH_INFO). */
static void expect_state(SQLHSTMT st, const char *state)
{
    char got[6] = "";
    CU_ASSERT_TRUE(itest_diag(SQL_HANDLE_STMT, st, got, NULL, 0));
    if (strcmp(got, state) != 0)
        fprintf(stderr, "\n    SQLSTATE %s, want %s\n", got, state);
    CU_ASSERT_STRING_EQUAL(got, state);
}

/* Reads column `col` with SQLGetData in pieces of a buffer of `buflen` bytes (too small
 * for some characters) into out; returns the number of calls, 0 when the loop made no
 * progress or failed. */
static int read_pieces(SQLHSTMT st, SQLUSMALLINT col, SQLSMALLINT c_type, SQLLEN buflen,
                       char *out, size_t outlen, size_t *outn)
{
    char piece[8];
    size_t got = 0, unit = c_type == SQL_C_WCHAR ? sizeof(SQLWCHAR) : 1;
    for (int calls = 1; calls <= 200; calls++) {
        SQLLEN ind = 0;
        SQLRETURN rc = SQLGetData(st, col, c_type, piece, buflen, &ind);
        if (rc == SQL_NO_DATA) {
            *outn = got;
            return calls - 1;
        }
        if (!SQL_SUCCEEDED(rc)) {
            itest_dump_diag("read_pieces", SQL_HANDLE_STMT, st);
            return 0;
        }
        /* the piece: what fits (one NUL-terminator unit less than the buffer) */
        size_t n = rc == SQL_SUCCESS ? (size_t)ind : (size_t)buflen / unit * unit - unit;
        if (n == 0 || got + n > outlen)
            return 0;              /* no progress: the loop would never end */
        memcpy(out + got, piece, n);
        got += n;
    }
    return 0;
}

/* SQL_C_NUMERIC: precision and scale from the ARD (SQLSetDescField after SQLBindCol, and
 * SQLGetData with SQL_ARD_TYPE), the spec's defaults (38, 0) for a plain SQL_C_NUMERIC,
 * rounding half away from zero with 01S07; bit(1) is SQL_BIT and SQL_C_DEFAULT gives
 * SQL_C_BIT; SQLGetData loops with buffers too small for one character end and
 * reassemble the value exactly (SQL_C_CHAR 2 bytes, SQL_C_WCHAR one unit). */
static void numeric_bit_pieces(const char *extra)
{
    static const char text[] = "a\xe2\x82\xac\xf0\x9f\x98\x80\xe4\xb8\xad";   /* a€😀中 */
    SQLHDBC dbc = connect_with(extra);
    SQLHSTMT st = itest_stmt(dbc);
    ITEST_OK_FATAL(SQLPrepare(st, (SQLCHAR *)"SELECT CAST(123.455 AS numeric),"
                              " CAST(B'1' AS bit(1)), CAST(-0.5 AS numeric),"
                              " CAST(-0.5 AS numeric), CAST('a\xe2\x82\xac\xf0\x9f\x98\x80"
                              "\xe4\xb8\xad' AS varchar)", SQL_NTS), SQL_HANDLE_STMT, st);
    SQLSMALLINT type = 0;
    ITEST_OK(SQLDescribeCol(st, 2, NULL, 0, NULL, &type, NULL, NULL, NULL), SQL_HANDLE_STMT,
             st);
    CU_ASSERT_EQUAL(type, SQL_BIT);
    SQL_NUMERIC_STRUCT num, num2;
    unsigned char bit = 9;
    SQLLEN ind1 = 0, ind2 = 0, ind = 0;
    SQLHDESC ard = SQL_NULL_HDESC;
    ITEST_OK(SQLGetStmtAttr(st, SQL_ATTR_APP_ROW_DESC, &ard, 0, NULL), SQL_HANDLE_STMT, st);
    ITEST_OK(SQLBindCol(st, 1, SQL_C_NUMERIC, &num, sizeof num, &ind1), SQL_HANDLE_STMT, st);
    ITEST_OK(SQLSetDescField(ard, 1, SQL_DESC_PRECISION, (SQLPOINTER)6, 0), SQL_HANDLE_DESC,
             ard);
    ITEST_OK(SQLSetDescField(ard, 1, SQL_DESC_SCALE, (SQLPOINTER)2, 0), SQL_HANDLE_DESC, ard);
    ITEST_OK(SQLSetDescField(ard, 1, SQL_DESC_DATA_PTR, &num, 0), SQL_HANDLE_DESC, ard);
    ITEST_OK(SQLBindCol(st, 2, SQL_C_DEFAULT, &bit, sizeof bit, &ind2), SQL_HANDLE_STMT, st);
    /* column 4 unbound, described in the ARD for SQL_ARD_TYPE: numeric(5,3) */
    ITEST_OK(SQLSetDescField(ard, 4, SQL_DESC_TYPE, (SQLPOINTER)SQL_C_NUMERIC, 0),
             SQL_HANDLE_DESC, ard);
    ITEST_OK(SQLSetDescField(ard, 4, SQL_DESC_PRECISION, (SQLPOINTER)5, 0), SQL_HANDLE_DESC,
             ard);
    ITEST_OK(SQLSetDescField(ard, 4, SQL_DESC_SCALE, (SQLPOINTER)3, 0), SQL_HANDLE_DESC, ard);
    ITEST_OK_FATAL(SQLExecute(st), SQL_HANDLE_STMT, st);
    SQLRETURN rc = SQLFetch(st);
    CU_ASSERT_EQUAL(rc, SQL_SUCCESS_WITH_INFO);        /* 123.455 at scale 2: 123.46 */
    if (rc == SQL_SUCCESS_WITH_INFO)
        expect_state(st, "01S07");
    CU_ASSERT_EQUAL(ind1, (SQLLEN)sizeof num);
    CU_ASSERT_EQUAL(num.precision, 6);
    CU_ASSERT_EQUAL(num.scale, 2);
    CU_ASSERT_EQUAL(num.sign, 1);
    CU_ASSERT_EQUAL(num_mag(&num), 12346u);
    CU_ASSERT_EQUAL(bit, 1);                           /* SQL_C_DEFAULT of bit(1): SQL_C_BIT */
    CU_ASSERT_EQUAL(ind2, 1);
    /* plain SQL_C_NUMERIC: precision 38, scale 0; -0.5 rounds away from zero to -1 */
    memset(&num2, 0, sizeof num2);
    rc = SQLGetData(st, 3, SQL_C_NUMERIC, &num2, sizeof num2, &ind);
    CU_ASSERT_EQUAL(rc, SQL_SUCCESS_WITH_INFO);
    if (rc == SQL_SUCCESS_WITH_INFO)
        expect_state(st, "01S07");
    CU_ASSERT_EQUAL(num2.precision, 38);
    CU_ASSERT_EQUAL(num2.scale, 0);
    CU_ASSERT_EQUAL(num2.sign, 0);
    CU_ASSERT_EQUAL(num_mag(&num2), 1u);
    /* SQL_ARD_TYPE: the ARD's numeric(5,3), -0.500 */
    memset(&num2, 0, sizeof num2);
    ITEST_OK(SQLGetData(st, 4, SQL_ARD_TYPE, &num2, sizeof num2, &ind), SQL_HANDLE_STMT, st);
    CU_ASSERT_EQUAL(num2.precision, 5);
    CU_ASSERT_EQUAL(num2.scale, 3);
    CU_ASSERT_EQUAL(num2.sign, 0);
    CU_ASSERT_EQUAL(num_mag(&num2), 500u);
    /* SQL_C_CHAR, 2 bytes: one byte per call, the value exactly */
    char all[64];
    size_t n = 0;
    CU_ASSERT_TRUE(read_pieces(st, 5, SQL_C_CHAR, 2, all, sizeof all, &n) > 0);
    CU_ASSERT_EQUAL(n, sizeof text - 1);
    CU_ASSERT_EQUAL(memcmp(all, text, sizeof text - 1), 0);
    ITEST_OK(SQLCloseCursor(st), SQL_HANDLE_STMT, st);
    /* SQL_C_WCHAR with room for one unit: the pair of 😀 in two calls */
    ITEST_OK(SQLFreeStmt(st, SQL_UNBIND), SQL_HANDLE_STMT, st);
    ITEST_OK_FATAL(SQLExecute(st), SQL_HANDLE_STMT, st);
    ITEST_OK_FATAL(SQLFetch(st), SQL_HANDLE_STMT, st);
    size_t units = 0;
    SQLWCHAR *want = itest_w(text, &units);
    n = 0;
    CU_ASSERT_TRUE(read_pieces(st, 5, SQL_C_WCHAR, 2 * sizeof(SQLWCHAR), all, sizeof all, &n) ==
                   (int)units);
    CU_ASSERT_EQUAL(n, units * sizeof(SQLWCHAR));
    CU_ASSERT_EQUAL(memcmp(all, want, units * sizeof(SQLWCHAR)), 0);
    free(want);
    itest_free_stmt(st);
    itest_disconnect(dbc);
}

static void test_numeric_bit_pieces_binary(void) { numeric_bit_pieces("BinaryResults=1"); }
static void test_numeric_bit_pieces_text(void) { numeric_bit_pieces("BinaryResults=0"); }

/* SQLExecDirect (text) gives the same; metadata: CrateDB names, TextSize, LongText. */
static void test_types_direct_and_metadata(void)
{
    SQLHDBC dbc = connect_with("TextSize=4000;ArrayFormat=pg;GeoPointFormat=pg");
    SQLHSTMT st = itest_stmt(dbc);
    if (itest_exec(st, itest_is_cratedb()
                           ? "SELECT CAST('x' AS varchar), CAST(ARRAY[1,2] AS int4[]),"
                             " CAST('POINT(1.5 2)' AS geo_point), CAST(1 AS int8)"
                           : "SELECT CAST('x' AS varchar), CAST(ARRAY[1,2] AS int4[]),"
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
        {"numeric_bit_pieces_binary", test_numeric_bit_pieces_binary},
        {"numeric_bit_pieces_text", test_numeric_bit_pieces_text},
        {NULL, NULL},
    };
    itest_add_suite("types", cases);
}
