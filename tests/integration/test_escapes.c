/*
 * test_escapes.c: ODBC escape sequences run against the server, in both
 * profiles: scalar functions (nested too), date/time/timestamp/guid
 * literals, TIMESTAMPADD, {oj}, LIKE with {escape}, {INTERVAL}, {call},
 * parameter markers inside escapes, SQLNativeSql, SQL_ATTR_NOSCAN, a
 * malformed escape (42000 before any server trip) and the SQLGetInfo
 * bitmasks seen through the driver manager.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "itest.h"

/* The one value of `sql` starts with `want` (timestamps may carry a
 * fraction, times a zone). */
static void expect_prefix(SQLHDBC dbc, const char *sql, const char *want, unsigned line)
{
    char got[256] = "";
    if (!itest_query_text(dbc, sql, got, sizeof got))
        return;
    bool ok = strncmp(got, want, strlen(want)) == 0;
    if (!ok)
        fprintf(stderr, "line %u: %s\n  got %s, want %s...\n", line, sql, got, want);
    CU_ASSERT_TRUE(ok);
}
#define EXPECT(sql, want) expect_prefix(dbc, (sql), (want), __LINE__)

/* Exactly `want`. */
static void expect_eq(SQLHDBC dbc, const char *sql, const char *want, unsigned line)
{
    char got[256] = "";
    if (!itest_query_text(dbc, sql, got, sizeof got))
        return;
    if (strcmp(got, want) != 0)
        fprintf(stderr, "line %u: %s\n  got %s, want %s\n", line, sql, got, want);
    CU_ASSERT_STRING_EQUAL(got, want);
}
#define EXPECT_EQ(sql, want) expect_eq(dbc, (sql), (want), __LINE__)

static void test_functions(void)
{
    SQLHDBC dbc = itest_connect();
    EXPECT_EQ("SELECT {fn UCASE('abc')}", "ABC");
    EXPECT_EQ("select {FN ucase({fn LTRIM('  ab')})}", "AB");
    EXPECT_EQ("SELECT {fn CONCAT('a', {fn LCASE('B')})}", "ab");
    EXPECT_EQ("SELECT {fn LENGTH('ab  ')}", "2");
    EXPECT_EQ("SELECT {fn LOCATE('c', 'abc')}", "3");
    EXPECT_EQ("SELECT {fn SUBSTRING('crate.io', 3, 2)}", "at");
    EXPECT_EQ("SELECT {fn LEFT('crate', 2)} || {fn RIGHT('crate', 2)}", "crte");
    EXPECT_EQ("SELECT {fn REPLACE('aXa', 'X', 'b')}", "aba");
    EXPECT_EQ("SELECT {fn CHAR(65)} || {fn SPACE(2)} || 'x'", "A  x");
    EXPECT_EQ("SELECT {fn ASCII('a')}", "97");
    EXPECT_EQ("SELECT {fn ROUND(2.567, 2)}", "2.57");
    EXPECT_EQ("SELECT {fn TRUNCATE(2.567, 1)}", "2.5");
    EXPECT_EQ("SELECT {fn MOD(7, 3)}", "1");
    EXPECT_EQ("SELECT {fn ABS(-4)}", "4");
    EXPECT_EQ("SELECT {fn CONVERT('42', SQL_INTEGER)} + 1", "43");
    EXPECT_EQ("SELECT {fn IFNULL(NULL, 'x')}", "x");
    EXPECT_EQ("SELECT {fn YEAR({d '2024-02-29'})}", "2024");
    EXPECT_EQ("SELECT {fn MONTH({d '2024-02-29'})}", "2");
    EXPECT_EQ("SELECT {fn DAYOFMONTH({d '2024-02-29'})}", "29");
    EXPECT_EQ("SELECT {fn DAYOFWEEK({d '2024-02-29'})}", "5");   /* a Thursday; Sunday = 1 */
    EXPECT_EQ("SELECT {fn DAYOFYEAR({d '2024-12-31'})}", "366");
    EXPECT_EQ("SELECT {fn HOUR({ts '2024-02-29 10:11:12.75'})}", "10");
    EXPECT_EQ("SELECT {fn SECOND({ts '2024-02-29 10:11:12.75'})}", "12");
    EXPECT_EQ("SELECT {fn MONTHNAME({d '2024-02-29'})}", "February");
    EXPECT_EQ("SELECT {fn DAYNAME({d '2024-02-29'})}", "Thursday");
    EXPECT_EQ("SELECT {fn CURDATE()} IS NOT NULL", "1");
    char user[128] = "";
    if (itest_query_text(dbc, "SELECT {fn USER()}", user, sizeof user))
        CU_ASSERT_TRUE(user[0] != '\0');
    itest_disconnect(dbc);
}

static void test_literals(void)
{
    SQLHDBC dbc = itest_connect();
    EXPECT_EQ("SELECT {d '2024-02-29'}", "2024-02-29");
    EXPECT_EQ("SELECT {d '1969-07-20'}", "1969-07-20");
    EXPECT("SELECT {ts '2024-02-29 10:11:12'}", "2024-02-29 10:11:12");
    EXPECT("SELECT {ts '2040-01-01 00:00:01'}", "2040-01-01 00:00:01");
    EXPECT("SELECT {t '12:34:56'}", "12:34:56");
    EXPECT_EQ("SELECT {guid '01234567-89ab-cdef-0123-456789abcdef'}",
              "01234567-89ab-cdef-0123-456789abcdef");
    EXPECT("SELECT {fn TIMESTAMPADD(SQL_TSI_DAY, 1, {ts '2024-02-28 00:00:00'})}",
           "2024-02-29 00:00:00");
    EXPECT("SELECT {fn TIMESTAMPADD(SQL_TSI_MONTH, 2, {ts '2024-01-31 08:00:00'})}",
           "2024-03-31 08:00:00");
    EXPECT("SELECT {fn TIMESTAMPADD(SQL_TSI_SECOND, 30, {ts '2024-02-28 23:59:45'})}",
           "2024-02-29 00:00:15");
    EXPECT("SELECT {fn TIMESTAMPADD(SQL_TSI_MINUTE, -5, {ts '2024-02-28 00:00:00'})}",
           "2024-02-27 23:55:00");
    EXPECT("SELECT {fn TIMESTAMPADD(SQL_TSI_HOUR, 25, {ts '2024-02-28 00:00:00'})}",
           "2024-02-29 01:00:00");
    EXPECT("SELECT {fn TIMESTAMPADD(SQL_TSI_WEEK, 1, {ts '2024-02-28 00:00:00'})}",
           "2024-03-06 00:00:00");
    EXPECT("SELECT {fn TIMESTAMPADD(SQL_TSI_QUARTER, 1, {ts '2024-01-31 00:00:00'})}",
           "2024-04-30 00:00:00");
    EXPECT("SELECT {fn TIMESTAMPADD(SQL_TSI_YEAR, 1, {ts '2024-02-29 00:00:00'})}",
           "2025-02-28 00:00:00");
    EXPECT("SELECT {ts '2024-02-27 00:00:00'} + {INTERVAL '3' DAY}", "2024-03-01 00:00:00");
    /* every qualifier, signs and fractions: CrateDB 6.4 misreads some standard literals
     * ('1 12' DAY TO HOUR fails, '30:15' MINUTE TO SECOND is 30 hours), so the driver
     * writes CrateDB the verbose form */
    EXPECT_EQ("SELECT {ts '2024-02-27 00:00:00'} + {interval '1 12' day to hour}",
              "2024-02-28 12:00:00");
    EXPECT_EQ("SELECT {ts '2024-02-27 00:00:00'} + {INTERVAL '1 12:30' DAY TO MINUTE}",
              "2024-02-28 12:30:00");
    EXPECT_EQ("SELECT {ts '2024-02-27 00:00:00'} + {INTERVAL '1 02:03:04.5' DAY TO SECOND}",
              "2024-02-28 02:03:04.5");
    EXPECT_EQ("SELECT {ts '2024-02-27 00:00:00'} + {INTERVAL '12:30' HOUR TO MINUTE}",
              "2024-02-27 12:30:00");
    EXPECT_EQ("SELECT {ts '2024-02-27 00:00:00'} + {INTERVAL '12:30:15' HOUR TO SECOND}",
              "2024-02-27 12:30:15");
    EXPECT_EQ("SELECT {ts '2024-02-27 00:00:00'} + {INTERVAL '30:15' MINUTE TO SECOND}",
              "2024-02-27 00:30:15");
    EXPECT_EQ("SELECT {ts '2024-02-27 00:00:00'} + {INTERVAL '90' MINUTE}",
              "2024-02-27 01:30:00");
    EXPECT_EQ("SELECT {ts '2024-01-31 00:00:00'} + {INTERVAL '1-1' YEAR TO MONTH}",
              "2025-02-28 00:00:00");
    EXPECT_EQ("SELECT {ts '2024-02-27 12:00:00'} + {INTERVAL '-1 12' DAY TO HOUR}",
              "2024-02-26 00:00:00");
    EXPECT_EQ("SELECT {ts '2024-02-27 12:00:00'} + {INTERVAL -'1 12' DAY TO HOUR}",
              "2024-02-26 00:00:00");
    EXPECT_EQ("SELECT {ts '2024-02-27 00:00:00'} + {INTERVAL '1.25' SECOND}",
              "2024-02-27 00:00:01.25");
    itest_disconnect(dbc);
}

static void test_joins_like_call(void)
{
    SQLHDBC dbc = itest_connect();
    EXPECT_EQ("SELECT count(*) FROM {oj (SELECT 1 AS id UNION ALL SELECT 2) a "
              "LEFT OUTER JOIN (SELECT 1 AS id) b ON a.id = b.id}", "2");
    EXPECT_EQ("SELECT count(*) FROM (SELECT 'a_b' AS s UNION ALL SELECT 'axb') x "
              "WHERE s LIKE 'a!_b' {escape '!'}", "1");
    /* the escape text inside strings and comments is data */
    EXPECT_EQ("SELECT '{fn UCASE(x)}' /* {oj } */", "{fn UCASE(x)}");
    /* {call f(...)} runs the function with SELECT */
    EXPECT_EQ("{call upper('a')}", "A");
    itest_disconnect(dbc);
}

/* Markers inside escapes keep the application's numbering. */
static void test_markers(void)
{
    SQLHDBC dbc = itest_connect();
    SQLHSTMT st = itest_stmt(dbc);
    char a[] = "x", b[] = "Y", out[16] = "";
    SQLLEN na = SQL_NTS, nb = SQL_NTS, ind = 0;
    ITEST_OK_FATAL(SQLPrepare(st, (SQLCHAR *)"SELECT {fn CONCAT(?, {fn LCASE(?)})}", SQL_NTS),
                   SQL_HANDLE_STMT, st);
    SQLSMALLINT n = 0;
    ITEST_OK(SQLNumParams(st, &n), SQL_HANDLE_STMT, st);
    CU_ASSERT_EQUAL(n, 2);
    ITEST_OK(SQLBindParameter(st, 1, SQL_PARAM_INPUT, SQL_C_CHAR, SQL_VARCHAR, 10, 0, a, 0, &na),
             SQL_HANDLE_STMT, st);
    ITEST_OK(SQLBindParameter(st, 2, SQL_PARAM_INPUT, SQL_C_CHAR, SQL_VARCHAR, 10, 0, b, 0, &nb),
             SQL_HANDLE_STMT, st);
    ITEST_OK_FATAL(SQLExecute(st), SQL_HANDLE_STMT, st);
    ITEST_OK_FATAL(SQLFetch(st), SQL_HANDLE_STMT, st);
    ITEST_OK(SQLGetData(st, 1, SQL_C_CHAR, out, sizeof out, &ind), SQL_HANDLE_STMT, st);
    CU_ASSERT_STRING_EQUAL(out, "xy");
    itest_free_stmt(st);
    /* a marker as the TIMESTAMPADD count */
    st = itest_stmt(dbc);
    SQLINTEGER days = 2;
    char ts[32] = "";
    ITEST_OK(SQLBindParameter(st, 1, SQL_PARAM_INPUT, SQL_C_SLONG, SQL_INTEGER, 0, 0, &days, 0,
                              NULL), SQL_HANDLE_STMT, st);
    ITEST_OK_FATAL(SQLExecDirect(st, (SQLCHAR *)"SELECT {fn TIMESTAMPADD(SQL_TSI_DAY, ?, "
                                 "{ts '2024-02-28 00:00:00'})}", SQL_NTS), SQL_HANDLE_STMT, st);
    ITEST_OK_FATAL(SQLFetch(st), SQL_HANDLE_STMT, st);
    ITEST_OK(SQLGetData(st, 1, SQL_C_CHAR, ts, sizeof ts, &ind), SQL_HANDLE_STMT, st);
    CU_ASSERT_EQUAL(strncmp(ts, "2024-03-01 00:00:00", 19), 0);
    itest_free_stmt(st);
    itest_disconnect(dbc);
}

static void test_native_sql(void)
{
    SQLHDBC dbc = itest_connect();
    SQLCHAR out[256];
    SQLINTEGER len = 0;
    const char *in = "SELECT {fn UCASE(?)} FROM t WHERE d = {d '2024-02-29'} AND s = '{fn x}'";
    const char *want = "SELECT upper(?) FROM t WHERE d = CAST('2024-02-29' AS date) AND s = '{fn x}'";
    ITEST_OK(SQLNativeSql(dbc, (SQLCHAR *)in, SQL_NTS, out, sizeof out, &len), SQL_HANDLE_DBC, dbc);
    CU_ASSERT_STRING_EQUAL((char *)out, want);
    CU_ASSERT_EQUAL(len, (SQLINTEGER)strlen(want));
    /* wide entry point: same translation */
    size_t units = 0;
    SQLWCHAR *win = itest_w(in, &units);
    SQLWCHAR wout[256];
    ITEST_OK(SQLNativeSqlW(dbc, win, SQL_NTS, wout, 256, &len), SQL_HANDLE_DBC, dbc);
    char *back = itest_w_to_utf8(wout, (size_t)len);
    CU_ASSERT_PTR_NOT_NULL(back);
    if (back)
        CU_ASSERT_STRING_EQUAL(back, want);
    free(back);
    free(win);
    /* malformed: 42000 naming the function */
    char state[6] = "", msg[256] = "";
    SQLRETURN rc = SQLNativeSql(dbc, (SQLCHAR *)"SELECT {fn NOSUCH(1)}", SQL_NTS, out, sizeof out,
                                &len);
    CU_ASSERT_EQUAL(rc, SQL_ERROR);
    CU_ASSERT_TRUE(itest_diag(SQL_HANDLE_DBC, dbc, state, msg, sizeof msg));
    CU_ASSERT_STRING_EQUAL(state, "42000");
    CU_ASSERT_PTR_NOT_NULL(strstr(msg, "NOSUCH"));
    itest_disconnect(dbc);
}

static void test_noscan_and_errors(void)
{
    SQLHDBC dbc = itest_connect();
    SQLHSTMT st = itest_stmt(dbc);
    /* a malformed escape fails before the server sees it */
    ITEST_EXPECT_ERROR(SQLExecDirect(st, (SQLCHAR *)"SELECT {d '2024-2-29'}", SQL_NTS),
                       SQL_HANDLE_STMT, st, "42000");
    ITEST_EXPECT_ERROR(SQLExecDirect(st, (SQLCHAR *)"{?= call upper('a')}", SQL_NTS),
                       SQL_HANDLE_STMT, st, "HYC00");
    /* NOSCAN: the text goes as it is, and the server rejects the braces */
    ITEST_OK(SQLSetStmtAttr(st, SQL_ATTR_NOSCAN, (SQLPOINTER)(uintptr_t)SQL_NOSCAN_ON, 0),
             SQL_HANDLE_STMT, st);
    SQLRETURN rc = SQLExecDirect(st, (SQLCHAR *)"SELECT {fn UCASE('a')}", SQL_NTS);
    CU_ASSERT_EQUAL(rc, SQL_ERROR);
    char state[6] = "", msg[512] = "";
    CU_ASSERT_TRUE(itest_diag(SQL_HANDLE_STMT, st, state, msg, sizeof msg));
    CU_ASSERT_PTR_NOT_NULL(strstr(msg, "[Server]"));    /* the server's error, not ours */
    ITEST_OK(SQLSetStmtAttr(st, SQL_ATTR_NOSCAN, (SQLPOINTER)(uintptr_t)SQL_NOSCAN_OFF, 0),
             SQL_HANDLE_STMT, st);
    ITEST_OK(SQLExecDirect(st, (SQLCHAR *)"SELECT {fn UCASE('a')}", SQL_NTS), SQL_HANDLE_STMT, st);
    itest_free_stmt(st);
    itest_disconnect(dbc);
}

static void test_get_info(void)
{
    SQLHDBC dbc = itest_connect();
    SQLUINTEGER m = 0;
    ITEST_OK(SQLGetInfo(dbc, SQL_STRING_FUNCTIONS, &m, sizeof m, NULL), SQL_HANDLE_DBC, dbc);
    CU_ASSERT_TRUE(m & SQL_FN_STR_UCASE);
    CU_ASSERT_FALSE(m & SQL_FN_STR_SOUNDEX);
    ITEST_OK(SQLGetInfo(dbc, SQL_TIMEDATE_ADD_INTERVALS, &m, sizeof m, NULL), SQL_HANDLE_DBC, dbc);
    CU_ASSERT_TRUE(m & SQL_FN_TSI_DAY);
    ITEST_OK(SQLGetInfo(dbc, SQL_CONVERT_VARCHAR, &m, sizeof m, NULL), SQL_HANDLE_DBC, dbc);
    CU_ASSERT_TRUE(m & SQL_CVT_INTEGER);
    ITEST_OK(SQLGetInfo(dbc, SQL_OJ_CAPABILITIES, &m, sizeof m, NULL), SQL_HANDLE_DBC, dbc);
    CU_ASSERT_TRUE(m & SQL_OJ_LEFT);
    itest_disconnect(dbc);
}

void itest_register_escapes(void)
{
    static const itest_case cases[] = {
        {"scalar functions", test_functions},
        {"date, time, timestamp, guid, interval literals", test_literals},
        {"oj, LIKE escape, call", test_joins_like_call},
        {"markers inside escapes", test_markers},
        {"SQLNativeSql", test_native_sql},
        {"NOSCAN and malformed escapes", test_noscan_and_errors},
        {"SQLGetInfo bitmasks", test_get_info},
        {NULL, NULL},
    };
    itest_add_suite("escapes", cases);
}
