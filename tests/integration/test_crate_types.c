/*
 * test_crate_types.c: CrateDB's own types and value forms on a real CrateDB (the cratedb
 * profile), each read in the text format (SQLExecDirect; a prepared statement with
 * BinaryResults=0) and in the binary format where the driver asks for it (a prepared
 * statement described before SQLExecute), through SQLGetData (SQL_C_CHAR, SQL_C_WCHAR),
 * SQLBindCol and the natural C types; with SQLDescribeCol/SQLColAttribute of each column,
 * whose display size must hold the value. The expected texts are what a real CrateDB
 * 6.4.3 sends, as the driver presents it (README "Types"): Java floats and BigDecimal
 * exponents in plain form, " BC" years, intervals whose fields CrateDB signs one by one,
 * byte as "char" (OID 18), unescaped array elements, geo_point as WKT, objects, geo_shape
 * and nested arrays as JSON. PostgreSQL has none of these types: there the suite says so.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "itest.h"

#define TEXT_SIZE 65535   /* the TextSize default: unbounded text */

/* One result column: its expression, the SQL_C_CHAR text (NULL: SQL NULL), the SQL type,
 * column size and decimal digits SQLDescribeCol gives, and the local type name. */
typedef struct crate_col {
    const char *expr, *text;
    SQLSMALLINT sql_type;
    SQLULEN size;
    SQLSMALLINT digits;
    const char *type_name;
} crate_col;

static const crate_col exprs[] = {
    /* byte: "char" (OID 18) on 6.4, a signed 8-bit integer */
    { "CAST(-128 AS byte)", "-128", SQL_TINYINT, 3, 0, "byte" },
    { "CAST([1, -2, NULL] AS array(byte))", "[1,-2,null]", SQL_VARCHAR, TEXT_SIZE, 0,
      "array(byte)" },
    { "CAST(32767 AS smallint)", "32767", SQL_SMALLINT, 5, 0, "smallint" },
    { "CAST(-2147483648 AS integer)", "-2147483648", SQL_INTEGER, 10, 0, "integer" },
    { "CAST(-9223372036854775807 AS bigint) - 1", "-9223372036854775808", SQL_BIGINT, 19, 0,
      "bigint" },
    { "false", "0", SQL_BIT, 1, 0, "boolean" },
    /* Java's Float/Double.toString: 1.0, 1.0E7, 1.0E-4, -0.0, NaN, Infinity */
    { "CAST(1.0 AS real)", "1", SQL_REAL, 24, 0, "real" },
    { "CAST('-Infinity' AS real)", "-Infinity", SQL_REAL, 24, 0, "real" },
    { "CAST(-3.4028235E38 AS real)", "-3.4028235e+38", SQL_REAL, 24, 0, "real" },
    { "CAST(1e7 AS double precision)", "1e+07", SQL_DOUBLE, 53, 0, "double precision" },
    { "CAST(1e-4 AS double precision)", "0.0001", SQL_DOUBLE, 53, 0, "double precision" },
    { "- CAST(0.0 AS double precision)", "-0", SQL_DOUBLE, 53, 0, "double precision" },
    { "CAST('NaN' AS double precision)", "NaN", SQL_DOUBLE, 53, 0, "double precision" },
    { "CAST(-2.2250738585072014E-308 AS double precision)", "-2.2250738585072014e-308",
      SQL_DOUBLE, 53, 0, "double precision" },
    /* BigDecimal.toString: exponents, scales; no precision or scale on the wire */
    { "CAST('1E+3' AS numeric)", "1000", SQL_NUMERIC, 1000, 0, "numeric" },
    { "CAST('-1.2E-10' AS numeric)", "-0.00000000012", SQL_NUMERIC, 1000, 0, "numeric" },
    { "CAST(0.0000001 AS numeric)", "0.00000010", SQL_NUMERIC, 1000, 0, "numeric" },
    { "CAST(1.5 AS numeric(10, 4))", "1.5000", SQL_NUMERIC, 1000, 0, "numeric" },
    { "CAST(0 AS numeric(5, 2))", "0.00", SQL_NUMERIC, 1000, 0, "numeric" },
    { "CAST(12345678901234567890123456789.123 AS numeric)",
      "12345678901234567890123456789.123", SQL_NUMERIC, 1000, 0, "numeric" },
    /* text: no length on the wire; character(n) blank-padded */
    { "CAST('ab' AS character(5))", "ab   ", SQL_CHAR, TEXT_SIZE, 0, "character" },
    { "CAST('xyz' AS varchar(10))", "xyz", SQL_VARCHAR, TEXT_SIZE, 0, "text" },
    { "'h\xc3\xa9 \"q\" \\\\ ,'", "h\xc3\xa9 \"q\" \\\\ ,", SQL_VARCHAR, TEXT_SIZE, 0,
      "text" },
    { "CAST('::1' AS ip)", "::1", SQL_VARCHAR, TEXT_SIZE, 0, "text" },
    /* timestamps: milliseconds, BC years, timestamptz in UTC */
    { "CAST('2024-01-02 03:04:05.123456' AS timestamp)", "2024-01-02 03:04:05.123",
      SQL_TYPE_TIMESTAMP, 23, 3, "timestamp without time zone" },
    { "CAST('2024-01-02 05:04:05.678+02' AS timestamp with time zone)",
      "2024-01-02 03:04:05.678", SQL_TYPE_TIMESTAMP, 23, 3, "timestamp with time zone" },
    { "CAST('-0043-03-15 12:00:00.125' AS timestamp)", "0044-03-15 12:00:00.125 BC",
      SQL_TYPE_TIMESTAMP, 23, 3, "timestamp without time zone" },
    { "CAST('-0043-03-15 12:00:00' AS timestamp with time zone)", "0044-03-15 12:00:00 BC",
      SQL_TYPE_TIMESTAMP, 23, 3, "timestamp with time zone" },
    { "CAST(253402300800000 AS timestamp)", "10000-01-01 00:00:00", SQL_TYPE_TIMESTAMP, 23, 3,
      "timestamp without time zone" },
    { "CAST('+12345-01-02 00:00:00+00' AS timestamp with time zone)", "12345-01-02 00:00:00",
      SQL_TYPE_TIMESTAMP, 23, 3, "timestamp with time zone" },
    { "CAST('2024-02-29' AS date)", "2024-02-29", SQL_TYPE_DATE, 10, 0, "date" },
    /* timetz: offset only when not UTC, seconds of an offset too */
    { "CAST('23:59:59.123456-05:30' AS timetz)", "23:59:59.123456-05:30", SQL_VARCHAR, 24, 0,
      "time with time zone" },
    { "CAST('01:02:03+05:30:15' AS timetz)", "01:02:03+05:30:15", SQL_VARCHAR, 24, 0,
      "time with time zone" },
    { "CAST('12:00:00' AS timetz)", "12:00:00+00:00", SQL_VARCHAR, 24, 0,
      "time with time zone" },
    /* intervals: weeks become days; CrateDB signs every field of the time part */
    { "CAST('1 year 2 months 3 weeks 4 days 05:06:07.5' AS interval)",
      "1 year 2 mons 25 days 05:06:07.5", SQL_VARCHAR, 66, 0, "interval" },
    { "CAST('2024-01-01' AS timestamp) - CAST('2024-01-09 01:30:00.250' AS timestamp)",
      "-8 days -01:30:00.25", SQL_VARCHAR, 66, 0, "interval" },
    { "CAST('-90 minutes' AS interval)", "-01:30:00", SQL_VARCHAR, 66, 0, "interval" },
    { "CAST('-1.5 seconds' AS interval)", "-00:00:01.5", SQL_VARCHAR, 66, 0, "interval" },
    { "CAST('-1 year -2 months' AS interval)", "-1 years -2 mons 00:00:00", SQL_VARCHAR, 66,
      0, "interval" },
    /* bit(n): '0'/'1' characters; bit(1) is SQL_BIT */
    { "CAST(B'101000001' AS bit(9))", "101000001", SQL_VARCHAR, 9, 0, "bit" },
    { "CAST(B'1' AS bit(1))", "1", SQL_BIT, 1, 0, "bit" },
    { "CAST('0F1E2D3C-4B5A-6978-8796-A5B4C3D2E1F0' AS uuid)",
      "0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0", SQL_GUID, 36, 0, "uuid" },
    /* objects, geo_shape and nested arrays as JSON; geo_point as WKT */
    { "{a=1, b='x\"y', c=[1, 2], d={e=NULL}}",
      "{\"a\":1,\"b\":\"x\\\"y\",\"c\":[1,2],\"d\":{\"e\":null}}", SQL_VARCHAR, TEXT_SIZE, 0,
      "object" },
    { "CAST('POINT(1 2)' AS geo_shape)", "{\"coordinates\":[1.0,2.0],\"type\":\"Point\"}",
      SQL_VARCHAR, TEXT_SIZE, 0, "object" },
    { "CAST('POINT(9.7417 47.4108)' AS geo_point)", "POINT(9.7417 47.4108)", SQL_VARCHAR, 56,
      0, "geo_point" },
    { "[[1, 2], [3], []]", "[[1,2],[3],[]]", SQL_VARCHAR, TEXT_SIZE, 0, "object" },
    { "[{a=1}, {b='x\"y'}, NULL]", "[{\"a\":1},{\"b\":\"x\\\"y\"},null]", SQL_VARCHAR,
      TEXT_SIZE, 0, "array(object)" },
    /* 1-D arrays: JSON; empty (binary: one dimension of size 0), NULL elements */
    { "CAST([] AS array(integer))", "[]", SQL_VARCHAR, TEXT_SIZE, 0, "array(integer)" },
    { "CAST([1, NULL] AS array(bigint))", "[1,null]", SQL_VARCHAR, TEXT_SIZE, 0,
      "array(bigint)" },
    { "CAST([] AS array(text))", "[]", SQL_VARCHAR, TEXT_SIZE, 0, "array(text)" },
    { "CAST([NULL] AS array(text))", "[null]", SQL_VARCHAR, TEXT_SIZE, 0, "array(text)" },
    /* text elements CrateDB sends unescaped: '"', '\', ',', braces, "NULL", blanks */
    { "['a\"b', 'c,d', 'e\\f', 'NULL', '', ' sp ', '{x}', 'i\"}', NULL]",
      "[\"a\\\"b\",\"c,d\",\"e\\\\f\",\"NULL\",\"\",\" sp \",\"{x}\",\"i\\\"}\",null]",
      SQL_VARCHAR, TEXT_SIZE, 0, "array(text)" },
    { "['a\",b', 'x\",NULL']", "[\"a\\\",b\",\"x\\\",NULL\"]", SQL_VARCHAR, TEXT_SIZE, 0,
      "array(text)" },
    { "[true, false, NULL]", "[true,false,null]", SQL_VARCHAR, TEXT_SIZE, 0,
      "array(boolean)" },
    { "CAST([1, -2] AS array(smallint))", "[1,-2]", SQL_VARCHAR, TEXT_SIZE, 0,
      "array(smallint)" },
    { "CAST(['ab'] AS array(character(3)))", "[\"ab \"]", SQL_VARCHAR, TEXT_SIZE, 0,
      "array(character)" },
    { "CAST(['2024-02-29'] AS array(date))", "[\"2024-02-29\"]", SQL_VARCHAR, TEXT_SIZE, 0,
      "array(date)" },
    { "[CAST('POINT(1 2)' AS geo_shape)]", "[{\"coordinates\":[1.0,2.0],\"type\":\"Point\"}]",
      SQL_VARCHAR, TEXT_SIZE, 0, "array(object)" },
    { "CAST([1.0, 0.1] AS float_vector(2))", "[1,0.1]", SQL_VARCHAR, TEXT_SIZE, 0,
      "float_vector" },
    { "CAST([1.5, -0.0] AS array(real))", "[1.5,-0]", SQL_VARCHAR, TEXT_SIZE, 0,
      "float_vector" },
    { "CAST([1e7, 'NaN'] AS array(double precision))", "[1e+07,\"NaN\"]", SQL_VARCHAR,
      TEXT_SIZE, 0, "array(double precision)" },
    { "[CAST(1.5 AS numeric), CAST('1E+3' AS numeric)]", "[1.5,1000]", SQL_VARCHAR,
      TEXT_SIZE, 0, "array(numeric)" },
    { "CAST(['2024-01-02 03:04:05.678', '-0043-03-15 12:00:00'] AS array(timestamp))",
      "[\"2024-01-02 03:04:05.678\",\"0044-03-15 12:00:00 BC\"]", SQL_VARCHAR, TEXT_SIZE, 0,
      "array(timestamp without time zone)" },
    { "CAST(['2024-01-02 05:04:05+02'] AS array(timestamp with time zone))",
      "[\"2024-01-02 03:04:05\"]", SQL_VARCHAR, TEXT_SIZE, 0,
      "array(timestamp with time zone)" },
    { "CAST(['12:00:00+02'] AS array(timetz))", "[\"12:00:00+02:00\"]", SQL_VARCHAR,
      TEXT_SIZE, 0, "array(time with time zone)" },
    { "CAST(['-90 minutes'] AS array(interval))", "[\"-01:30:00\"]", SQL_VARCHAR, TEXT_SIZE,
      0, "array(interval)" },
    { "CAST([B'01'] AS array(bit(2)))", "[\"01\"]", SQL_VARCHAR, TEXT_SIZE, 0, "array(bit)" },
    { "CAST(['POINT(1 2)'] AS array(geo_point))", "[\"POINT(1 2)\"]", SQL_VARCHAR, TEXT_SIZE,
      0, "array(geo_point)" },
    { "CAST(['0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0'] AS array(uuid))",
      "[\"0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0\"]", SQL_VARCHAR, TEXT_SIZE, 0, "array(uuid)" },
    { "CAST(['10.0.0.1'] AS array(ip))", "[\"10.0.0.1\"]", SQL_VARCHAR, TEXT_SIZE, 0,
      "array(text)" },
    /* the undefined type (705) of a bare NULL */
    { "NULL", NULL, SQL_VARCHAR, TEXT_SIZE, 0, "undefined" },
    { "CAST(NULL AS array(text))", NULL, SQL_VARCHAR, TEXT_SIZE, 0, "array(text)" },
};
enum { NX = sizeof exprs / sizeof exprs[0] };

/* A BC date has no era in CrateDB's text form (it prints "0044-03-15" for 44 BC, in
 * arrays too), so it is exact only in binary: read by a prepared statement. */
static const crate_col bc_dates[] = {
    { "CAST('-0043-03-15' AS date)", "0044-03-15 BC", SQL_TYPE_DATE, 10, 0, "date" },
    { "CAST(['-0043-03-15', '2024-02-29'] AS array(date))",
      "[\"0044-03-15 BC\",\"2024-02-29\"]", SQL_VARCHAR, TEXT_SIZE, 0, "array(date)" },
};

static bool skip_unless_cratedb(void)
{
    if (itest_is_cratedb())
        return false;
    itest_not_applicable("CrateDB's own types (byte, geo_point, geo_shape, object, "
                         "float_vector, ip, array(...)) exist only on CrateDB");
    return true;
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

/* SELECT of n columns' expressions, as c0, c1, ... */
static char *select_of(const crate_col *c, int n)
{
    static char sql[16384];
    size_t len = (size_t)snprintf(sql, sizeof sql, "SELECT ");
    for (int i = 0; i < n && len < sizeof sql; i++)
        len += (size_t)snprintf(sql + len, sizeof sql - len, "%s%s AS c%d", i ? ", " : "",
                                c[i].expr, i);
    CU_ASSERT_FATAL(len < sizeof sql);
    return sql;
}

/* UTF-8 characters in s, less a " BC" at its end: ODBC's sizes of dates and timestamps
 * (10, 19 + digits) count "yyyy-mm-dd..." and have no room for an era. */
static size_t chars(const char *s)
{
    size_t n = 0, len = strlen(s);
    for (const char *p = s; *p; p++)
        n += ((unsigned char)*p & 0xC0) != 0x80;
    return len > 3 && strcmp(s + len - 3, " BC") == 0 ? n - 3 : n;
}

static bool same_text(const crate_col *c, const char *got, SQLLEN ind, const char *how)
{
    bool ok = c->text ? ind != SQL_NULL_DATA && strcmp(got, c->text) == 0
                      : ind == SQL_NULL_DATA;
    if (!ok)
        fprintf(stderr, "\n    %s: %s gave '%s', want '%s'\n", how, c->expr,
                ind == SQL_NULL_DATA ? "<NULL>" : got, c->text ? c->text : "<NULL>");
    return ok;
}

/* SQLDescribeCol and SQLColAttribute of column k (1-based) against c. */
static void check_meta(SQLHSTMT st, SQLUSMALLINT k, const crate_col *c)
{
    SQLSMALLINT type = 0, digits = -1;
    SQLULEN size = 0;
    SQLLEN display = 0, octet = 0;
    char name[64] = "";
    ITEST_OK(SQLDescribeCol(st, k, NULL, 0, NULL, &type, &size, &digits, NULL),
             SQL_HANDLE_STMT, st);
    ITEST_OK(SQLColAttribute(st, k, SQL_DESC_TYPE_NAME, name, sizeof name, NULL, NULL),
             SQL_HANDLE_STMT, st);
    ITEST_OK(SQLColAttribute(st, k, SQL_DESC_DISPLAY_SIZE, NULL, 0, NULL, &display),
             SQL_HANDLE_STMT, st);
    ITEST_OK(SQLColAttribute(st, k, SQL_DESC_OCTET_LENGTH, NULL, 0, NULL, &octet),
             SQL_HANDLE_STMT, st);
    bool ok = type == c->sql_type && size == c->size && digits == c->digits &&
              strcmp(name, c->type_name) == 0 && octet > 0 &&
              (!c->text || chars(c->text) <= (size_t)display);
    if (!ok)
        fprintf(stderr, "\n    %s: type %d size %lu digits %d name '%s' display %ld octet %ld;"
                " want type %d size %lu digits %d name '%s' display >= %zu\n", c->expr, type,
                (unsigned long)size, digits, name, (long)display, (long)octet, c->sql_type,
                (unsigned long)c->size, c->digits, c->type_name,
                c->text ? chars(c->text) : 0);
    CU_ASSERT(ok);
}

/* Reads every column of the current row once with SQLGetData as c_type (SQL_C_CHAR or
 * SQL_C_WCHAR, whose UTF-16 is compared as UTF-8). */
static void check_row_get_data(SQLHSTMT st, const crate_col *c, int n, SQLSMALLINT c_type,
                               const char *how)
{
    char what[96];
    snprintf(what, sizeof what, "%s, %s", how, c_type == SQL_C_WCHAR ? "SQL_C_WCHAR"
                                                                      : "SQL_C_CHAR");
    for (int i = 0; i < n; i++) {
        SQLWCHAR w[512];
        char buf[512] = "";
        SQLLEN ind = 0;
        void *target = c_type == SQL_C_WCHAR ? (void *)w : (void *)buf;
        SQLLEN len = c_type == SQL_C_WCHAR ? (SQLLEN)sizeof w : (SQLLEN)sizeof buf;
        if (!ITEST_OK(SQLGetData(st, (SQLUSMALLINT)(i + 1), c_type, target, len, &ind),
                      SQL_HANDLE_STMT, st))
            continue;
        char *u8 = c_type == SQL_C_WCHAR && ind != SQL_NULL_DATA
                       ? itest_w_to_utf8(w, itest_wlen(w)) : NULL;
        CU_ASSERT(same_text(&c[i], u8 ? u8 : buf, ind, what));
        free(u8);
    }
}

/*
 * Runs the columns c[0..n) as one SELECT: with SQLExecDirect (text); prepared and described
 * first (binary where the driver asks for it; `extra` BinaryResults=0 keeps text), executed
 * twice, read with SQLGetData and then with SQLBindCol; the metadata of every column each
 * time.
 */
static void read_columns(const crate_col *c, int n, const char *extra)
{
    SQLHDBC dbc = connect_with(extra);
    SQLHSTMT st = itest_stmt(dbc);
    const char *sql = select_of(c, n);
    char how[96];

    /* SQLExecDirect: the text format */
    if (!itest_exec(st, sql))
        CU_FAIL_FATAL("the SELECT failed");
    if (ITEST_OK(SQLFetch(st), SQL_HANDLE_STMT, st)) {
        for (int i = 0; i < n; i++)
            check_meta(st, (SQLUSMALLINT)(i + 1), &c[i]);
        snprintf(how, sizeof how, "SQLExecDirect [%s]", extra);
        for (int i = 0; i < n; i++) {
            char buf[512] = "";
            SQLLEN ind = 0;
            if (ITEST_OK(SQLGetData(st, (SQLUSMALLINT)(i + 1), SQL_C_CHAR, buf, sizeof buf,
                                    &ind), SQL_HANDLE_STMT, st))
                CU_ASSERT(same_text(&c[i], buf, ind, how));
        }
    }
    itest_free_stmt(st);

    /* prepared and described: SQLGetData (CHAR, then WCHAR on a second execution) */
    st = itest_stmt(dbc);
    ITEST_OK_FATAL(SQLPrepare(st, (SQLCHAR *)sql, SQL_NTS), SQL_HANDLE_STMT, st);
    SQLSMALLINT ncols = 0;
    ITEST_OK(SQLNumResultCols(st, &ncols), SQL_HANDLE_STMT, st);
    CU_ASSERT_EQUAL(ncols, n);
    for (int i = 0; i < n; i++)
        check_meta(st, (SQLUSMALLINT)(i + 1), &c[i]);
    for (int run = 0; run < 2; run++) {
        snprintf(how, sizeof how, "prepared, run %d [%s]", run + 1, extra);
        if (!ITEST_OK(SQLExecute(st), SQL_HANDLE_STMT, st) ||
            !ITEST_OK(SQLFetch(st), SQL_HANDLE_STMT, st))
            break;
        check_row_get_data(st, c, n, run == 0 ? SQL_C_CHAR : SQL_C_WCHAR, how);
        ITEST_OK(SQLCloseCursor(st), SQL_HANDLE_STMT, st);
    }

    /* bound columns: SQL_C_CHAR buffers of the reported display size (+ NUL) suffice */
    char (*bufs)[600] = calloc((size_t)n, sizeof *bufs);
    SQLLEN *inds = calloc((size_t)n, sizeof *inds);
    CU_ASSERT_FATAL(bufs && inds);
    for (int i = 0; i < n; i++)
        ITEST_OK(SQLBindCol(st, (SQLUSMALLINT)(i + 1), SQL_C_CHAR, bufs[i], sizeof bufs[i],
                            &inds[i]), SQL_HANDLE_STMT, st);
    snprintf(how, sizeof how, "SQLBindCol [%s]", extra);
    if (ITEST_OK(SQLExecute(st), SQL_HANDLE_STMT, st) &&
        ITEST_OK(SQLFetch(st), SQL_HANDLE_STMT, st))
        for (int i = 0; i < n; i++)
            CU_ASSERT(same_text(&c[i], bufs[i], inds[i], how));
    CU_ASSERT_EQUAL(SQLFetch(st), SQL_NO_DATA);
    itest_free_stmt(st);
    free(bufs);
    free(inds);
    itest_disconnect(dbc);
}

static void test_crate_types(void)
{
    if (skip_unless_cratedb())
        return;
    read_columns(exprs, NX, "BinaryResults=1");
    read_columns(exprs, NX, "BinaryResults=0");
}

/* A BC date: exact from the binary format (a prepared statement); the text CrateDB sends
 * for it has no era, so SQLExecDirect and BinaryResults=0 cannot tell it from AD. */
static void test_crate_bc_date_binary(void)
{
    if (skip_unless_cratedb())
        return;
    SQLHDBC dbc = connect_with("BinaryResults=1");
    SQLHSTMT st = itest_stmt(dbc);
    int n = (int)(sizeof bc_dates / sizeof bc_dates[0]);
    SQLLEN ind = 0;
    ITEST_OK_FATAL(SQLPrepare(st, (SQLCHAR *)select_of(bc_dates, n), SQL_NTS), SQL_HANDLE_STMT,
                   st);
    for (int i = 0; i < n; i++)
        check_meta(st, (SQLUSMALLINT)(i + 1), &bc_dates[i]);
    for (int run = 0; run < 2; run++) {
        if (ITEST_OK(SQLExecute(st), SQL_HANDLE_STMT, st) &&
            ITEST_OK(SQLFetch(st), SQL_HANDLE_STMT, st))
            check_row_get_data(st, bc_dates, n, run == 0 ? SQL_C_CHAR : SQL_C_WCHAR,
                               "prepared");
        ITEST_OK(SQLCloseCursor(st), SQL_HANDLE_STMT, st);
    }
    SQL_DATE_STRUCT d = {0, 0, 0};
    if (ITEST_OK(SQLExecute(st), SQL_HANDLE_STMT, st) &&
        ITEST_OK(SQLFetch(st), SQL_HANDLE_STMT, st) &&
        ITEST_OK(SQLGetData(st, 1, SQL_C_TYPE_DATE, &d, 0, &ind), SQL_HANDLE_STMT, st))
        CU_ASSERT(d.year == -43 && d.month == 3 && d.day == 15);
    itest_free_stmt(st);
    itest_disconnect(dbc);
}

/* The natural C types of the same values, in both formats. */
static void natural_c_types(const char *extra)
{
    SQLHDBC dbc = connect_with(extra);
    SQLHSTMT st = itest_stmt(dbc);
    ITEST_OK_FATAL(SQLPrepare(st, (SQLCHAR *)
        "SELECT CAST(-128 AS byte), CAST(1e7 AS double precision), CAST(0.1 AS real),"
        " CAST('2024-01-02 03:04:05.678' AS timestamp),"
        " CAST('-0043-03-15 12:00:00.125' AS timestamp with time zone),"
        " CAST('2024-01-01' AS timestamp) - CAST('2024-01-09 01:30:00.250' AS timestamp),"
        " CAST('1 year 2 months' AS interval), CAST('0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0' AS uuid),"
        " CAST('-1.2E-10' AS numeric), CAST('1E+3' AS numeric), CAST(B'1' AS bit(1)), true,"
        " CAST(127 AS byte)", SQL_NTS), SQL_HANDLE_STMT, st);
    SQLSMALLINT ncols = 0;
    ITEST_OK(SQLNumResultCols(st, &ncols), SQL_HANDLE_STMT, st);   /* binary: described */
    for (int run = 0; run < 2; run++) {
        if (!ITEST_OK(SQLExecute(st), SQL_HANDLE_STMT, st) ||
            !ITEST_OK(SQLFetch(st), SQL_HANDLE_STMT, st))
            break;
        SQLLEN ind;
        SQLSCHAR b = 0;
        ITEST_OK(SQLGetData(st, 1, SQL_C_DEFAULT, &b, 0, &ind), SQL_HANDLE_STMT, st);
        CU_ASSERT_EQUAL(b, -128);
        CU_ASSERT_EQUAL(ind, 1);
        SQLDOUBLE dv = 0;
        ITEST_OK(SQLGetData(st, 2, SQL_C_DOUBLE, &dv, 0, &ind), SQL_HANDLE_STMT, st);
        CU_ASSERT_EQUAL(dv, 1e7);
        SQLREAL fv = 0;
        ITEST_OK(SQLGetData(st, 3, SQL_C_FLOAT, &fv, 0, &ind), SQL_HANDLE_STMT, st);
        CU_ASSERT_EQUAL(fv, 0.1f);
        SQL_TIMESTAMP_STRUCT ts;
        memset(&ts, 0, sizeof ts);
        ITEST_OK(SQLGetData(st, 4, SQL_C_TYPE_TIMESTAMP, &ts, 0, &ind), SQL_HANDLE_STMT, st);
        CU_ASSERT(ts.year == 2024 && ts.month == 1 && ts.day == 2 && ts.hour == 3 &&
                  ts.minute == 4 && ts.second == 5 && ts.fraction == 678000000u);
        memset(&ts, 0, sizeof ts);
        ITEST_OK(SQLGetData(st, 5, SQL_C_TYPE_TIMESTAMP, &ts, 0, &ind), SQL_HANDLE_STMT, st);
        CU_ASSERT(ts.year == -43 && ts.month == 3 && ts.day == 15 && ts.hour == 12 &&
                  ts.fraction == 125000000u);
        SQL_INTERVAL_STRUCT iv;
        memset(&iv, 0, sizeof iv);
        ITEST_OK(SQLGetData(st, 6, SQL_C_INTERVAL_DAY_TO_SECOND, &iv, 0, &ind), SQL_HANDLE_STMT,
                 st);
        CU_ASSERT(iv.interval_sign == SQL_TRUE && iv.intval.day_second.day == 8 &&
                  iv.intval.day_second.hour == 1 && iv.intval.day_second.minute == 30 &&
                  iv.intval.day_second.second == 0 && iv.intval.day_second.fraction == 250000);
        memset(&iv, 0, sizeof iv);
        ITEST_OK(SQLGetData(st, 7, SQL_C_INTERVAL_YEAR_TO_MONTH, &iv, 0, &ind), SQL_HANDLE_STMT,
                 st);
        CU_ASSERT(iv.intval.year_month.year == 1 && iv.intval.year_month.month == 2);
        SQLGUID g;
        memset(&g, 0, sizeof g);
        ITEST_OK(SQLGetData(st, 8, SQL_C_GUID, &g, 0, &ind), SQL_HANDLE_STMT, st);
        CU_ASSERT(g.Data1 == 0x0f1e2d3cu && g.Data2 == 0x4b5a && g.Data4[7] == 0xf0);
        SQL_NUMERIC_STRUCT num;
        memset(&num, 0, sizeof num);
        ITEST_OK(SQLGetData(st, 9, SQL_C_DOUBLE, &dv, 0, &ind), SQL_HANDLE_STMT, st);
        CU_ASSERT_EQUAL(dv, -1.2e-10);
        ITEST_OK(SQLGetData(st, 10, SQL_C_NUMERIC, &num, 0, &ind), SQL_HANDLE_STMT, st);
        CU_ASSERT(num.sign == 1 && num.scale == 0 && num.val[0] == 0xe8 && num.val[1] == 0x03);
        unsigned char bit = 9;
        ITEST_OK(SQLGetData(st, 11, SQL_C_DEFAULT, &bit, 0, &ind), SQL_HANDLE_STMT, st);
        CU_ASSERT_EQUAL(bit, 1);
        ITEST_OK(SQLGetData(st, 12, SQL_C_BIT, &bit, 0, &ind), SQL_HANDLE_STMT, st);
        CU_ASSERT_EQUAL(bit, 1);
        SQLCHAR u8 = 0;
        ITEST_OK(SQLGetData(st, 13, SQL_C_UTINYINT, &u8, 0, &ind), SQL_HANDLE_STMT, st);
        CU_ASSERT_EQUAL(u8, 127);
        ITEST_OK(SQLCloseCursor(st), SQL_HANDLE_STMT, st);
    }
    /* -128 does not fit an unsigned tinyint: 22003 */
    if (ITEST_OK(SQLExecute(st), SQL_HANDLE_STMT, st) &&
        ITEST_OK(SQLFetch(st), SQL_HANDLE_STMT, st)) {
        SQLCHAR u8 = 0;
        SQLLEN ind;
        ITEST_EXPECT_ERROR(SQLGetData(st, 1, SQL_C_UTINYINT, &u8, 0, &ind), SQL_HANDLE_STMT, st,
                           "22003");
    }
    itest_free_stmt(st);
    itest_disconnect(dbc);
}

static void test_crate_c_types(void)
{
    if (skip_unless_cratedb())
        return;
    natural_c_types("BinaryResults=1");
    natural_c_types("BinaryResults=0");
}

/* A text element holding '","' is ambiguous in CrateDB's unescaped text form; the binary
 * form (a prepared statement) carries it exactly, with '"', '\' and ',' around it. */
static void test_crate_text_array_binary_exact(void)
{
    static const crate_col c[] = {
        { "['g\",\"h', 'x\",NULL,\"y', '{\"k\":\"v\",\"n\":1}', '\\\\\"']",
          "[\"g\\\",\\\"h\",\"x\\\",NULL,\\\"y\",\"{\\\"k\\\":\\\"v\\\",\\\"n\\\":1}\","
          "\"\\\\\\\\\\\"\"]", SQL_VARCHAR, TEXT_SIZE, 0, "array(text)" },
    };
    if (skip_unless_cratedb())
        return;
    SQLHDBC dbc = connect_with("BinaryResults=1");
    SQLHSTMT st = itest_stmt(dbc);
    char sql[256], buf[256] = "";
    SQLLEN ind = 0;
    snprintf(sql, sizeof sql, "SELECT %s", c[0].expr);
    ITEST_OK_FATAL(SQLPrepare(st, (SQLCHAR *)sql, SQL_NTS), SQL_HANDLE_STMT, st);
    check_meta(st, 1, &c[0]);
    if (ITEST_OK(SQLExecute(st), SQL_HANDLE_STMT, st) &&
        ITEST_OK(SQLFetch(st), SQL_HANDLE_STMT, st) &&
        ITEST_OK(SQLGetData(st, 1, SQL_C_CHAR, buf, sizeof buf, &ind), SQL_HANDLE_STMT, st))
        CU_ASSERT(same_text(&c[0], buf, ind, "prepared"));
    itest_free_stmt(st);
    itest_disconnect(dbc);
}

/* Values stored in a table (REFRESH TABLE makes them visible): float_vector, a geo_point
 * as CrateDB stores it, geo_shape, objects, arrays of objects and text, ip, bit, byte,
 * character(n); read in both formats. */
static void stored_values(const char *extra)
{
    static const crate_col c[] = {
        { "fv", "[1,2.5,-0]", SQL_VARCHAR, TEXT_SIZE, 0, "float_vector" },
        { "g", "POINT(9.741699993610382 47.410799972712994)", SQL_VARCHAR, 56, 0,
          "geo_point" },
        { "s", "{\"coordinates\":[[[0.0,0.0],[1.0,0.0],[1.0,1.0],[0.0,0.0]]],"
          "\"type\":\"Polygon\"}", SQL_VARCHAR, TEXT_SIZE, 0, "object" },
        { "o", "{\"t\":\"x\\\"y\"}", SQL_VARCHAR, TEXT_SIZE, 0, "object" },
        { "o['t']", "x\"y", SQL_VARCHAR, TEXT_SIZE, 0, "text" },
        { "ia", "[]", SQL_VARCHAR, TEXT_SIZE, 0, "array(integer)" },
        { "ta", "[\"x\\\"y\",null,\"a,b\"]", SQL_VARCHAR, TEXT_SIZE, 0, "array(text)" },
        { "oa", "[{\"a\":1},{\"b\":[1,2]}]", SQL_VARCHAR, TEXT_SIZE, 0, "array(object)" },
        { "ip", "10.0.0.1", SQL_VARCHAR, TEXT_SIZE, 0, "text" },
        { "b", "101", SQL_VARCHAR, 3, 0, "bit" },
        { "bb", "-5", SQL_TINYINT, 3, 0, "byte" },
        { "c", "ab   ", SQL_CHAR, TEXT_SIZE, 0, "character" },
        { "ts", "1969-07-20 20:17:40.125", SQL_TYPE_TIMESTAMP, 23, 3,
          "timestamp with time zone" },
        { "n", "12345678.90", SQL_NUMERIC, 1000, 0, "numeric" },
    };
    char table[64], sql[1024];
    itest_table_name(table, sizeof table, "itest_crate_types");
    SQLHDBC dbc = connect_with(extra);
    snprintf(sql, sizeof sql, "CREATE TABLE %s (fv float_vector(3), g geo_point, s geo_shape,"
             " o object, ia array(integer), ta array(text), oa array(object), ip ip, b bit(3),"
             " bb byte, c character(5), ts timestamp with time zone, n numeric(10, 2))", table);
    if (!itest_exec_on(dbc, sql))
        CU_FAIL_FATAL("CREATE TABLE failed");
    snprintf(sql, sizeof sql, "INSERT INTO %s VALUES ([1.0, 2.5, -0.0], [9.7417, 47.4108],"
             " 'POLYGON((0 0, 1 0, 1 1, 0 0))', {t='x\"y'}, [], ['x\"y', NULL, 'a,b'],"
             " [{a=1}, {b=[1, 2]}], '10.0.0.1', B'101', -5, 'ab',"
             " '1969-07-20 20:17:40.125+00', 12345678.9)", table);
    CU_ASSERT(itest_exec_on(dbc, sql));
    /* a byte parameter is described as what it is, a SQL_TINYINT (not "char", 1 wide) */
    SQLHSTMT ps = itest_stmt(dbc);
    snprintf(sql, sizeof sql, "INSERT INTO %s (bb) VALUES (?)", table);
    SQLSMALLINT ptype = 0, pdigits = -1;
    SQLULEN psize = 0;
    SQLSCHAR pv = -100;
    if (ITEST_OK(SQLPrepare(ps, (SQLCHAR *)sql, SQL_NTS), SQL_HANDLE_STMT, ps) &&
        ITEST_OK(SQLDescribeParam(ps, 1, &ptype, &psize, &pdigits, NULL), SQL_HANDLE_STMT, ps)) {
        CU_ASSERT(ptype == SQL_TINYINT && psize == 3 && pdigits == 0);
        ITEST_OK(SQLBindParameter(ps, 1, SQL_PARAM_INPUT, SQL_C_STINYINT, ptype, psize, 0, &pv,
                                  0, NULL), SQL_HANDLE_STMT, ps);
        ITEST_OK(SQLExecute(ps), SQL_HANDLE_STMT, ps);
    }
    itest_free_stmt(ps);
    CU_ASSERT(itest_refresh(dbc, table));
    char got[16] = "";
    snprintf(sql, sizeof sql, "SELECT bb FROM %s WHERE fv IS NULL", table);
    CU_ASSERT(itest_query_text(dbc, sql, got, sizeof got));
    CU_ASSERT_STRING_EQUAL(got, "-100");
    snprintf(sql, sizeof sql, "DELETE FROM %s WHERE fv IS NULL", table);
    CU_ASSERT(itest_exec_on(dbc, sql));
    CU_ASSERT(itest_refresh(dbc, table));
    itest_disconnect(dbc);

    dbc = connect_with(extra);
    SQLHSTMT st = itest_stmt(dbc);
    size_t len = (size_t)snprintf(sql, sizeof sql, "SELECT ");
    for (size_t i = 0; i < sizeof c / sizeof c[0]; i++)
        len += (size_t)snprintf(sql + len, sizeof sql - len, "%s%s", i ? ", " : "", c[i].expr);
    snprintf(sql + len, sizeof sql - len, " FROM %s", table);
    /* SQLExecDirect (text), then prepared and described (binary where the driver asks) */
    for (int run = 0; run < 4; run++) {
        bool prepared = run >= 2;
        SQLSMALLINT c_type = run % 2 ? SQL_C_WCHAR : SQL_C_CHAR;
        const char *how = prepared ? "stored, prepared" : "stored, SQLExecDirect";
        bool ran = !prepared ? itest_exec(st, sql)
                   : run == 2 ? ITEST_OK(SQLPrepare(st, (SQLCHAR *)sql, SQL_NTS),
                                         SQL_HANDLE_STMT, st) &&
                                ITEST_OK(SQLNumResultCols(st, &(SQLSMALLINT){0}),
                                         SQL_HANDLE_STMT, st) &&
                                ITEST_OK(SQLExecute(st), SQL_HANDLE_STMT, st)
                              : ITEST_OK(SQLExecute(st), SQL_HANDLE_STMT, st);
        if (!ran || !ITEST_OK(SQLFetch(st), SQL_HANDLE_STMT, st))
            continue;
        for (size_t i = 0; i < sizeof c / sizeof c[0]; i++)
            check_meta(st, (SQLUSMALLINT)(i + 1), &c[i]);
        check_row_get_data(st, c, (int)(sizeof c / sizeof c[0]), c_type, how);
        ITEST_OK(SQLCloseCursor(st), SQL_HANDLE_STMT, st);
    }
    itest_free_stmt(st);
    snprintf(sql, sizeof sql, "DROP TABLE %s", table);
    itest_exec_on(dbc, sql);
    itest_disconnect(dbc);
}

static void test_crate_stored(void)
{
    if (skip_unless_cratedb())
        return;
    stored_values("BinaryResults=1");
    stored_values("BinaryResults=0");
}

/* pg_catalog's types: regproc (a name), regclass (CrateDB prints the OID), regtype,
 * oidvector, record (from _pg_expandarray; CrateDB does not escape its fields), and the
 * undefined type of an untyped parameter (SELECT ?). */
static void catalog_types(const char *extra)
{
    static const crate_col c[] = {
        { "CAST('abs' AS regproc)", "abs", SQL_VARCHAR, TEXT_SIZE, 0, "regproc" },
        { "CAST(23 AS regtype)", "int4", SQL_VARCHAR, TEXT_SIZE, 0, "regtype" },
        { "[CAST(23 AS regtype)]", "[\"int4\"]", SQL_VARCHAR, TEXT_SIZE, 0, "array(regtype)" },
        { "(SELECT proargtypes FROM pg_catalog.pg_proc WHERE proname = 'abs'"
          " ORDER BY 1 LIMIT 1)", "18", SQL_VARCHAR, TEXT_SIZE, 0, "oidvector" },
    };
    read_columns(c, (int)(sizeof c / sizeof c[0]), extra);

    SQLHDBC dbc = connect_with(extra);
    SQLHSTMT st = itest_stmt(dbc);
    /* regclass: CrateDB prints the relation's OID, the number pg_class has */
    if (itest_exec(st, "SELECT CAST('pg_catalog.pg_type' AS regclass), CAST(oid AS integer)"
                       " FROM pg_catalog.pg_class WHERE relname = 'pg_type'") &&
        ITEST_OK(SQLFetch(st), SQL_HANDLE_STMT, st)) {
        char a[32] = "", b[32] = "";
        SQLLEN ind;
        crate_col rcl = { "regclass", "", SQL_VARCHAR, TEXT_SIZE, 0, "regclass" };
        check_meta(st, 1, &rcl);
        ITEST_OK(SQLGetData(st, 1, SQL_C_CHAR, a, sizeof a, &ind), SQL_HANDLE_STMT, st);
        ITEST_OK(SQLGetData(st, 2, SQL_C_CHAR, b, sizeof b, &ind), SQL_HANDLE_STMT, st);
        CU_ASSERT(a[0] != '\0' && strcmp(a, b) == 0);
    }
    itest_free_stmt(st);
    st = itest_stmt(dbc);
    /* record: one row per element, "(x,n)"; fields with blanks quoted, '"' as it is */
    static const char *const rec[] = { "(\"a b\",1)", "(\"c\"d\",2)", "(,3)" };
    ITEST_OK_FATAL(SQLPrepare(st, (SQLCHAR *)"SELECT information_schema._pg_expandarray("
                              "['a b', 'c\"d', NULL])", SQL_NTS), SQL_HANDLE_STMT, st);
    crate_col rc = { "record", "", SQL_VARCHAR, TEXT_SIZE, 0, "record" };
    check_meta(st, 1, &rc);
    if (ITEST_OK(SQLExecute(st), SQL_HANDLE_STMT, st)) {
        int k = 0;
        char buf[64];
        SQLLEN ind;
        while (SQL_SUCCEEDED(SQLFetch(st)) && k < 3) {
            ITEST_OK(SQLGetData(st, 1, SQL_C_CHAR, buf, sizeof buf, &ind), SQL_HANDLE_STMT, st);
            CU_ASSERT_STRING_EQUAL(buf, rec[k]);
            k++;
        }
        CU_ASSERT_EQUAL(k, 3);
    }
    itest_free_stmt(st);
    /* SELECT ?: an untyped parameter comes back as the undefined type, character data */
    st = itest_stmt(dbc);
    char in[16] = "h\xc3\xa9", out[16] = "";
    SQLLEN in_ind = SQL_NTS, ind = 0;
    ITEST_OK_FATAL(SQLPrepare(st, (SQLCHAR *)"SELECT ?", SQL_NTS), SQL_HANDLE_STMT, st);
    ITEST_OK(SQLBindParameter(st, 1, SQL_PARAM_INPUT, SQL_C_CHAR, SQL_VARCHAR, 10, 0, in,
                              sizeof in, &in_ind), SQL_HANDLE_STMT, st);
    crate_col uc = { "?", "", SQL_VARCHAR, TEXT_SIZE, 0, "undefined" };
    check_meta(st, 1, &uc);
    for (int run = 0; run < 2; run++)
        if (ITEST_OK(SQLExecute(st), SQL_HANDLE_STMT, st) &&
            ITEST_OK(SQLFetch(st), SQL_HANDLE_STMT, st) &&
            ITEST_OK(SQLGetData(st, 1, SQL_C_CHAR, out, sizeof out, &ind), SQL_HANDLE_STMT, st)) {
            CU_ASSERT_STRING_EQUAL(out, "h\xc3\xa9");
            ITEST_OK(SQLCloseCursor(st), SQL_HANDLE_STMT, st);
        }
    itest_free_stmt(st);
    itest_disconnect(dbc);
}

static void test_crate_catalog_types(void)
{
    if (skip_unless_cratedb())
        return;
    catalog_types("BinaryResults=1");
    catalog_types("BinaryResults=0");
}

void itest_register_crate_types(void)
{
    static const itest_case cases[] = {
        {"crate_types", test_crate_types},
        {"bc_date_binary", test_crate_bc_date_binary},
        {"c_types", test_crate_c_types},
        {"text_array_binary_exact", test_crate_text_array_binary_exact},
        {"stored", test_crate_stored},
        {"catalog_types", test_crate_catalog_types},
        {NULL, NULL},
    };
    itest_add_suite("crate_types", cases);
}
