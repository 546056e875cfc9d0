/*
 * test_escapes.c: ODBC escape sequences run against the server, in both
 * profiles: scalar functions (nested too), date/time/timestamp/guid
 * literals, TIMESTAMPADD, TIMESTAMPDIFF, three-argument LOCATE, INSERT,
 * CONVERT to every type SQLGetInfo reports (run for real), SOUNDEX and
 * DIFFERENCE refused, {oj}, LIKE with {escape}, {INTERVAL}, {call},
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

/* Three-argument LOCATE, INSERT: values computed by the server. */
static void test_locate_insert(void)
{
    SQLHDBC dbc = itest_connect();
    EXPECT_EQ("SELECT {fn LOCATE('b', 'abcabc', 3)}", "5");
    EXPECT_EQ("SELECT {fn LOCATE('b', 'abcabc', 1)}", "2");
    EXPECT_EQ("SELECT {fn LOCATE('b', 'abcabc', 6)}", "0");
    EXPECT_EQ("SELECT {fn LOCATE('x', 'abc', 2)}", "0");
    /* the searched text is no pattern: every metacharacter is itself */
    EXPECT_EQ("SELECT {fn LOCATE('.', 'a.b.c', 3)}", "4");
    EXPECT_EQ("SELECT {fn LOCATE('(y)', 'x(y)(y)', 3)}", "5");
    EXPECT_EQ("SELECT {fn LOCATE('\\E$^*+?|[]{}', 'a\\E$^*+?|[]{}', 1)}", "2");
    EXPECT_EQ("SELECT {fn LOCATE('\\', 'a\\b\\', 3)}", "4");
    EXPECT_EQ("SELECT {fn LOCATE('', 'abc', 2)}", "2");
    EXPECT_EQ("SELECT {fn LOCATE('\xc3\xb6', 'h\xc3\xa9llo w\xc3\xb6rld', 1)}", "8");
    EXPECT_EQ("SELECT {fn LOCATE('a', NULL, 1)}", "<NULL>");
    EXPECT_EQ("SELECT {fn INSERT('abcdef', 2, 3, 'XY')}", "aXYef");
    EXPECT_EQ("SELECT {fn INSERT('abc', 1, 0, 'X')}", "Xabc");
    EXPECT_EQ("SELECT {fn INSERT('abc', 4, 0, 'X')}", "abcX");
    EXPECT_EQ("SELECT {fn INSERT('abc', 2, 5, 'X')}", "aX");
    EXPECT_EQ("SELECT {fn INSERT('abc', 2, 1, '$0\\1&')}", "a$0\\1&c");
    EXPECT_EQ("SELECT {fn INSERT(NULL, 1, 1, 'X')}", "<NULL>");
    EXPECT_EQ("SELECT {fn INSERT('abc', 1, 1, NULL)}", "<NULL>");
    /* markers: the pattern and the start of LOCATE, INSERT's text */
    SQLHSTMT st = itest_stmt(dbc);
    char pat[] = "c", ins[] = "Z", out[32] = "";
    SQLINTEGER start = 4;
    SQLLEN np = SQL_NTS, ni = SQL_NTS, ind = 0;
    ITEST_OK(SQLBindParameter(st, 1, SQL_PARAM_INPUT, SQL_C_CHAR, SQL_VARCHAR, 10, 0, pat, 0, &np),
             SQL_HANDLE_STMT, st);
    ITEST_OK(SQLBindParameter(st, 2, SQL_PARAM_INPUT, SQL_C_SLONG, SQL_INTEGER, 0, 0, &start, 0,
                              NULL), SQL_HANDLE_STMT, st);
    ITEST_OK(SQLBindParameter(st, 3, SQL_PARAM_INPUT, SQL_C_CHAR, SQL_VARCHAR, 10, 0, ins, 0, &ni),
             SQL_HANDLE_STMT, st);
    ITEST_OK_FATAL(SQLExecDirect(st, (SQLCHAR *)"SELECT {fn LOCATE(?, 'abcabc', ?)}, "
                                 "{fn INSERT('abcdef', 2, 1, ?)}", SQL_NTS), SQL_HANDLE_STMT, st);
    ITEST_OK_FATAL(SQLFetch(st), SQL_HANDLE_STMT, st);
    ITEST_OK(SQLGetData(st, 1, SQL_C_CHAR, out, sizeof out, &ind), SQL_HANDLE_STMT, st);
    CU_ASSERT_STRING_EQUAL(out, "6");
    ITEST_OK(SQLGetData(st, 2, SQL_C_CHAR, out, sizeof out, &ind), SQL_HANDLE_STMT, st);
    CU_ASSERT_STRING_EQUAL(out, "aZcdef");
    itest_free_stmt(st);
    itest_disconnect(dbc);
}

/* TIMESTAMPDIFF: whole intervals by which t2 is later than t1 (negative when earlier),
 * month ends, leap days and times of day included. */
static void test_timestampdiff(void)
{
    SQLHDBC dbc = itest_connect();
    static const struct { const char *tsi, *t1, *t2, *want; } cases[] = {
        {"SECOND", "2024-01-01 00:00:00", "2024-01-01 00:01:00.5", "60"},
        {"SECOND", "2024-01-01 00:01:00.5", "2024-01-01 00:00:00", "-60"},
        {"SECOND", "2024-01-01 00:00:00.75", "2024-01-01 00:00:01.5", "0"},
        {"FRAC_SECOND", "2024-01-01 00:00:00", "2024-01-01 00:00:01.5", "1500000000"},
        {"MINUTE", "2024-01-01 00:00:00", "2024-01-01 00:59:59", "59"},
        {"HOUR", "2024-01-01 23:00:00", "2024-01-03 01:00:00", "26"},
        {"DAY", "2024-01-01 23:00:00", "2024-01-02 01:00:00", "0"},
        {"DAY", "2024-02-28 00:00:00", "2024-03-01 00:00:00", "2"},
        {"DAY", "2024-03-01 00:00:00", "2024-02-28 12:00:00", "-1"},
        {"WEEK", "2024-01-01 00:00:00", "2024-01-14 00:00:00", "1"},
        {"WEEK", "2024-01-14 00:00:00", "2024-01-01 00:00:00", "-1"},
        {"MONTH", "2024-01-31 00:00:00", "2024-02-29 00:00:00", "0"},
        {"MONTH", "2024-01-31 00:00:00", "2024-03-01 00:00:00", "1"},
        {"MONTH", "2024-01-31 00:00:00", "2024-03-31 00:00:00", "2"},
        {"MONTH", "2024-01-15 10:00:00", "2024-02-15 09:59:59", "0"},
        {"MONTH", "2024-01-15 10:00:00", "2024-02-15 10:00:00", "1"},
        {"MONTH", "2024-02-29 00:00:00", "2024-01-31 00:00:00", "0"},
        {"MONTH", "2024-03-01 00:00:00", "2024-01-31 00:00:00", "-1"},
        {"MONTH", "2024-03-31 00:00:00", "2024-01-31 00:00:00", "-2"},
        {"MONTH", "1999-12-31 23:59:59", "2000-01-01 00:00:00", "0"},
        {"QUARTER", "2024-01-31 00:00:00", "2024-04-30 00:00:00", "0"},
        {"QUARTER", "2024-01-31 00:00:00", "2024-05-01 00:00:00", "1"},
        {"QUARTER", "2024-01-01 00:00:00", "2024-12-31 00:00:00", "3"},
        {"QUARTER", "2024-12-31 00:00:00", "2024-01-01 00:00:00", "-3"},
        {"YEAR", "2020-02-29 00:00:00", "2021-02-28 00:00:00", "0"},
        {"YEAR", "2020-02-29 00:00:00", "2021-03-01 00:00:00", "1"},
        {"YEAR", "2023-12-31 23:59:59", "2024-01-01 00:00:00", "0"},
        {"YEAR", "2024-02-29 00:00:00", "2023-02-28 00:00:00", "-1"},
        {"YEAR", "1970-01-01 00:00:00", "2038-01-19 03:14:08", "68"},
    };
    char sql[256];
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        snprintf(sql, sizeof sql, "SELECT {fn TIMESTAMPDIFF(SQL_TSI_%s, {ts '%s'}, {ts '%s'})}",
                 cases[i].tsi, cases[i].t1, cases[i].t2);
        EXPECT_EQ(sql, cases[i].want);
    }
    /* dates are read as timestamps at midnight */
    EXPECT_EQ("SELECT {fn TIMESTAMPDIFF(SQL_TSI_DAY, {d '2024-01-01'}, {d '2024-03-01'})}", "60");
    EXPECT_EQ("SELECT {fn TIMESTAMPDIFF(SQL_TSI_MONTH, {d '2024-01-31'}, {d '2024-03-01'})}", "1");
    /* markers where the translation uses each argument once */
    SQLHSTMT st = itest_stmt(dbc);
    char t1[] = "2024-01-01 00:00:00", t2[] = "2024-01-02 06:00:00", out[32] = "";
    SQLLEN n1 = SQL_NTS, n2 = SQL_NTS, ind = 0;
    ITEST_OK(SQLBindParameter(st, 1, SQL_PARAM_INPUT, SQL_C_CHAR, SQL_TYPE_TIMESTAMP, 19, 0, t1,
                              0, &n1), SQL_HANDLE_STMT, st);
    ITEST_OK(SQLBindParameter(st, 2, SQL_PARAM_INPUT, SQL_C_CHAR, SQL_TYPE_TIMESTAMP, 19, 0, t2,
                              0, &n2), SQL_HANDLE_STMT, st);
    ITEST_OK_FATAL(SQLExecDirect(st, (SQLCHAR *)"SELECT {fn TIMESTAMPDIFF(SQL_TSI_HOUR, ?, ?)}",
                                 SQL_NTS), SQL_HANDLE_STMT, st);
    ITEST_OK_FATAL(SQLFetch(st), SQL_HANDLE_STMT, st);
    ITEST_OK(SQLGetData(st, 1, SQL_C_CHAR, out, sizeof out, &ind), SQL_HANDLE_STMT, st);
    CU_ASSERT_STRING_EQUAL(out, "30");
    itest_free_stmt(st);
    /* where it uses them twice, a marker is refused before the server sees it */
    st = itest_stmt(dbc);
    ITEST_EXPECT_ERROR(SQLExecDirect(st, (SQLCHAR *)"SELECT {fn TIMESTAMPDIFF(SQL_TSI_MONTH, ?, "
                                     "{ts '2024-01-01 00:00:00'})}", SQL_NTS),
                       SQL_HANDLE_STMT, st, "HYC00");
    itest_free_stmt(st);
    itest_disconnect(dbc);
}

/* SOUNDEX and DIFFERENCE: refused with HYC00 and the reason; not reported. */
static void test_refused_functions(void)
{
    SQLHDBC dbc = itest_connect();
    SQLHSTMT st = itest_stmt(dbc);
    char state[6] = "", msg[512] = "";
    ITEST_EXPECT_ERROR(SQLExecDirect(st, (SQLCHAR *)"SELECT {fn SOUNDEX('Robert')}", SQL_NTS),
                       SQL_HANDLE_STMT, st, "HYC00");
    CU_ASSERT_TRUE(itest_diag(SQL_HANDLE_STMT, st, state, msg, sizeof msg));
    CU_ASSERT_PTR_NOT_NULL(strstr(msg, "CrateDB has no SOUNDEX"));
    ITEST_EXPECT_ERROR(SQLExecDirect(st, (SQLCHAR *)"SELECT {fn DIFFERENCE('a', 'b')}", SQL_NTS),
                       SQL_HANDLE_STMT, st, "HYC00");
    SQLUINTEGER m = 0;
    ITEST_OK(SQLGetInfo(dbc, SQL_STRING_FUNCTIONS, &m, sizeof m, NULL), SQL_HANDLE_DBC, dbc);
    CU_ASSERT_FALSE(m & (SQL_FN_STR_SOUNDEX | SQL_FN_STR_DIFFERENCE));
    CU_ASSERT_TRUE(m & SQL_FN_STR_LOCATE);
    CU_ASSERT_TRUE(m & SQL_FN_STR_INSERT);
    ITEST_OK(SQLGetInfo(dbc, SQL_TIMEDATE_FUNCTIONS, &m, sizeof m, NULL), SQL_HANDLE_DBC, dbc);
    CU_ASSERT_TRUE(m & SQL_FN_TD_TIMESTAMPDIFF);
    itest_free_stmt(st);
    itest_disconnect(dbc);
}

/* The ODBC types as CONVERT sources (SQL_CONVERT_<type>) and targets (SQL_CVT_<type>),
 * and a text the server casts to each. */
static const struct cvt_type {
    const char *name;
    SQLUSMALLINT info;
    SQLUINTEGER bit;
    const char *text;
    bool character;
} cvt_types[] = {
    {"SQL_CHAR", SQL_CONVERT_CHAR, SQL_CVT_CHAR, "'x'", true},
    {"SQL_VARCHAR", SQL_CONVERT_VARCHAR, SQL_CVT_VARCHAR, "'x'", true},
    {"SQL_LONGVARCHAR", SQL_CONVERT_LONGVARCHAR, SQL_CVT_LONGVARCHAR, "'x'", true},
    {"SQL_WCHAR", SQL_CONVERT_WCHAR, SQL_CVT_WCHAR, "'x'", true},
    {"SQL_WVARCHAR", SQL_CONVERT_WVARCHAR, SQL_CVT_WVARCHAR, "'x'", true},
    {"SQL_WLONGVARCHAR", SQL_CONVERT_WLONGVARCHAR, SQL_CVT_WLONGVARCHAR, "'x'", true},
    {"SQL_BIT", SQL_CONVERT_BIT, SQL_CVT_BIT, "'true'", false},
    {"SQL_TINYINT", SQL_CONVERT_TINYINT, SQL_CVT_TINYINT, "'12'", false},
    {"SQL_SMALLINT", SQL_CONVERT_SMALLINT, SQL_CVT_SMALLINT, "'12'", false},
    {"SQL_INTEGER", SQL_CONVERT_INTEGER, SQL_CVT_INTEGER, "'12'", false},
    {"SQL_BIGINT", SQL_CONVERT_BIGINT, SQL_CVT_BIGINT, "'12'", false},
    {"SQL_DECIMAL", SQL_CONVERT_DECIMAL, SQL_CVT_DECIMAL, "'12'", false},
    {"SQL_NUMERIC", SQL_CONVERT_NUMERIC, SQL_CVT_NUMERIC, "'12'", false},
    {"SQL_REAL", SQL_CONVERT_REAL, SQL_CVT_REAL, "'12'", false},
    {"SQL_FLOAT", SQL_CONVERT_FLOAT, SQL_CVT_FLOAT, "'12'", false},
    {"SQL_DOUBLE", SQL_CONVERT_DOUBLE, SQL_CVT_DOUBLE, "'12'", false},
    {"SQL_DATE", SQL_CONVERT_DATE, SQL_CVT_DATE, "'2024-01-02'", false},
    {"SQL_TIME", SQL_CONVERT_TIME, SQL_CVT_TIME, "'03:04:05'", false},
    {"SQL_TIMESTAMP", SQL_CONVERT_TIMESTAMP, SQL_CVT_TIMESTAMP, "'2024-01-02 03:04:05'", false},
    {"SQL_GUID", SQL_CONVERT_GUID, SQL_CVT_GUID, "'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'", false},
    {"SQL_BINARY", SQL_CONVERT_BINARY, SQL_CVT_BINARY, "'abc'", false},
    {"SQL_VARBINARY", SQL_CONVERT_VARBINARY, SQL_CVT_VARBINARY, "'abc'", false},
    {"SQL_LONGVARBINARY", SQL_CONVERT_LONGVARBINARY, SQL_CVT_LONGVARBINARY, "'abc'", false},
    {"SQL_INTERVAL_YEAR_TO_MONTH", SQL_CONVERT_INTERVAL_YEAR_MONTH, SQL_CVT_INTERVAL_YEAR_MONTH,
     "'1-2'", false},
    {"SQL_INTERVAL_DAY_TO_SECOND", SQL_CONVERT_INTERVAL_DAY_TIME, SQL_CVT_INTERVAL_DAY_TIME,
     "'1 02:03:04'", false},
};

/* Every conversion SQLGetInfo reports runs on the server: a value of each source type
 * (made from text by CONVERT, which text reaches for every type) converted to each
 * target its SQL_CONVERT_<type> mask names. A target CONVERT cannot reach is refused
 * before the server sees it. */
static void test_convert_matrix(void)
{
    SQLHDBC dbc = itest_connect();
    SQLHSTMT st = itest_stmt(dbc);
    size_t n = sizeof cvt_types / sizeof cvt_types[0];
    int ran = 0;
    for (size_t s = 0; s < n; s++) {
        SQLUINTEGER mask = 0;
        ITEST_OK(SQLGetInfo(dbc, cvt_types[s].info, &mask, sizeof mask, NULL), SQL_HANDLE_DBC,
                 dbc);
        for (size_t t = 0; t < n; t++) {
            if (!(mask & cvt_types[t].bit))
                continue;
            char sql[512];
            const char *text = cvt_types[s].character ? cvt_types[t].text : cvt_types[s].text;
            snprintf(sql, sizeof sql, "SELECT {fn CONVERT({fn CONVERT(%s, %s)}, %s)}", text,
                     cvt_types[s].name, cvt_types[t].name);
            SQLRETURN rc = SQLExecDirect(st, (SQLCHAR *)sql, SQL_NTS);
            if (SQL_SUCCEEDED(rc))
                rc = SQLFetch(st);
            if (!SQL_SUCCEEDED(rc))
                itest_dump_diag(sql, SQL_HANDLE_STMT, st);
            CU_ASSERT_TRUE(SQL_SUCCEEDED(rc));
            SQLFreeStmt(st, SQL_CLOSE);
            ran++;
        }
    }
    CU_ASSERT_TRUE(ran > 100);
    /* a target no source reaches on this server is refused, HYC00 */
    SQLUINTEGER from_char = 0;
    ITEST_OK(SQLGetInfo(dbc, SQL_CONVERT_CHAR, &from_char, sizeof from_char, NULL),
             SQL_HANDLE_DBC, dbc);
    for (size_t t = 0; t < n; t++) {
        if (from_char & cvt_types[t].bit)
            continue;
        char sql[256];
        snprintf(sql, sizeof sql, "SELECT {fn CONVERT(%s, %s)}", cvt_types[t].text,
                 cvt_types[t].name);
        ITEST_EXPECT_ERROR(SQLExecDirect(st, (SQLCHAR *)sql, SQL_NTS), SQL_HANDLE_STMT, st,
                           "HYC00");
    }
    /* PostgreSQL has every type; CrateDB lacks binary and interval qualifiers */
    CU_ASSERT_EQUAL((from_char & SQL_CVT_VARBINARY) == 0, itest_speaks_crate());
    /* a reported conversion to text gives the value's text: CrateDB casts a date or a
     * timestamp to text as epoch milliseconds ('1704164645000'), so there SQLGetInfo
     * must not report it */
    static const struct { SQLUSMALLINT info; const char *value, *text; } to_text[] = {
        {SQL_CONVERT_DATE, "{d '2024-01-02'}", "2024-01-02"},
        {SQL_CONVERT_TIMESTAMP, "{ts '2024-01-02 03:04:05'}", "2024-01-02 03:04:05"},
        {SQL_CONVERT_INTEGER, "12", "12"},
        {SQL_CONVERT_BIT, "{fn CONVERT('true', SQL_BIT)}", NULL},
    };
    for (size_t i = 0; i < sizeof to_text / sizeof to_text[0]; i++) {
        SQLUINTEGER mask = 0;
        ITEST_OK(SQLGetInfo(dbc, to_text[i].info, &mask, sizeof mask, NULL), SQL_HANDLE_DBC,
                 dbc);
        if (!(mask & SQL_CVT_VARCHAR) || !to_text[i].text)
            continue;
        char sql[128];
        snprintf(sql, sizeof sql, "SELECT {fn CONVERT(%s, SQL_VARCHAR)}", to_text[i].value);
        EXPECT(sql, to_text[i].text);
    }
    /* values */
    EXPECT_EQ("SELECT {fn CONVERT('a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', SQL_GUID)}",
              "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11");
    EXPECT("SELECT {fn CONVERT('12:34:56', SQL_TYPE_TIME)}", "12:34:56");
    EXPECT_EQ("SELECT {fn CONVERT({ts '2024-01-02 03:04:05'}, SQL_DATE)}", "2024-01-02");
    if (!itest_speaks_crate()) {
        EXPECT_EQ("SELECT {fn CONVERT({ts '2024-01-02 03:04:05'}, SQL_TIME)}", "03:04:05");
        EXPECT_EQ("SELECT {fn CONVERT({fn CONVERT('30:15', SQL_INTERVAL_MINUTE_TO_SECOND)}, "
                  "SQL_VARCHAR)}", "00:30:15");
    }
    itest_free_stmt(st);
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
        {"LOCATE with a start, INSERT", test_locate_insert},
        {"TIMESTAMPDIFF", test_timestampdiff},
        {"SOUNDEX and DIFFERENCE refused", test_refused_functions},
        {"every reported CONVERT runs", test_convert_matrix},
        {NULL, NULL},
    };
    itest_add_suite("escapes", cases);
}
