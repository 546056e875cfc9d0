/*
 * test_cursor_names.c: SQLSetCursorName / SQLGetCursorName (ODBC Core) through the driver
 * manager: the generated SQL_CUR<n> names (distinct per statement, kept across executions),
 * an application's name kept until the statement is freed, uniqueness within the connection
 * (3C000, whatever the case), the names the spec refuses (34000: empty, too long, SQLCUR and
 * SQL_CUR prefixes), HY090, 24000 after an execution, truncation (01004) and the W forms.
 * No cursor name reaches the server, so the expectations are the same in every profile.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "itest.h"

static void get_name(SQLHSTMT st, char *out, size_t outlen)
{
    SQLSMALLINT len = -1;
    out[0] = '\0';
    ITEST_OK(SQLGetCursorName(st, (SQLCHAR *)out, (SQLSMALLINT)outlen, &len), SQL_HANDLE_STMT,
             st);
    CU_ASSERT_EQUAL(len, (SQLSMALLINT)strlen(out));
}

static void test_generated_names(void)
{
    SQLHDBC dbc = itest_connect();
    SQLHSTMT a = itest_stmt(dbc), b = itest_stmt(dbc);
    char na[64], nb[64], again[64];
    get_name(a, na, sizeof na);
    get_name(b, nb, sizeof nb);
    CU_ASSERT_EQUAL(strncmp(na, "SQL_CUR", 7), 0);
    CU_ASSERT_EQUAL(strncmp(nb, "SQL_CUR", 7), 0);
    CU_ASSERT_STRING_NOT_EQUAL(na, nb);
    /* the name stays the same through an execution and a close */
    ITEST_OK(SQLExecDirect(a, (SQLCHAR *)"SELECT 1", SQL_NTS), SQL_HANDLE_STMT, a);
    get_name(a, again, sizeof again);
    CU_ASSERT_STRING_EQUAL(again, na);
    ITEST_OK(SQLCloseCursor(a), SQL_HANDLE_STMT, a);
    get_name(a, again, sizeof again);
    CU_ASSERT_STRING_EQUAL(again, na);
    /* an application may not take a generated name, not even a free one */
    ITEST_EXPECT_ERROR(SQLSetCursorName(b, (SQLCHAR *)na, SQL_NTS), SQL_HANDLE_STMT, b, "34000");
    itest_free_stmt(a);
    itest_free_stmt(b);
    itest_disconnect(dbc);
}

static void test_set_and_keep(void)
{
    SQLHDBC dbc = itest_connect();
    SQLHSTMT st = itest_stmt(dbc);
    char name[64];
    ITEST_OK(SQLSetCursorName(st, (SQLCHAR *)"orders_cursorXX", 13), SQL_HANDLE_STMT, st);
    get_name(st, name, sizeof name);
    CU_ASSERT_STRING_EQUAL(name, "orders_cursor");
    /* renaming before an execution is allowed; the statement may take its own name again */
    ITEST_OK(SQLSetCursorName(st, (SQLCHAR *)"Orders_Cursor", SQL_NTS), SQL_HANDLE_STMT, st);
    ITEST_OK(SQLExecDirect(st, (SQLCHAR *)"SELECT 1", SQL_NTS), SQL_HANDLE_STMT, st);
    /* 24000: the statement has an open cursor */
    ITEST_EXPECT_ERROR(SQLSetCursorName(st, (SQLCHAR *)"other", SQL_NTS), SQL_HANDLE_STMT, st,
                       "24000");
    get_name(st, name, sizeof name);
    CU_ASSERT_STRING_EQUAL(name, "Orders_Cursor");
    ITEST_OK(SQLCloseCursor(st), SQL_HANDLE_STMT, st);
    ITEST_OK(SQLExecDirect(st, (SQLCHAR *)"SELECT 2", SQL_NTS), SQL_HANDLE_STMT, st);
    ITEST_OK(SQLFreeStmt(st, SQL_CLOSE), SQL_HANDLE_STMT, st);
    get_name(st, name, sizeof name);
    CU_ASSERT_STRING_EQUAL(name, "Orders_Cursor");
    /* truncation: 01004 and the full length */
    char small[6];
    SQLSMALLINT len = 0;
    ITEST_EXPECT_INFO(SQLGetCursorName(st, (SQLCHAR *)small, sizeof small, &len),
                      SQL_HANDLE_STMT, st, "01004");
    CU_ASSERT_STRING_EQUAL(small, "Order");
    CU_ASSERT_EQUAL(len, 13);
    itest_free_stmt(st);
    itest_disconnect(dbc);
}

static void test_unique_in_connection(void)
{
    SQLHDBC dbc = itest_connect(), dbc2 = itest_connect();
    SQLHSTMT a = itest_stmt(dbc), b = itest_stmt(dbc), c = itest_stmt(dbc2);
    ITEST_OK(SQLSetCursorName(a, (SQLCHAR *)"grid", SQL_NTS), SQL_HANDLE_STMT, a);
    ITEST_EXPECT_ERROR(SQLSetCursorName(b, (SQLCHAR *)"GRID", SQL_NTS), SQL_HANDLE_STMT, b,
                       "3C000");
    /* another connection is another name space */
    ITEST_OK(SQLSetCursorName(c, (SQLCHAR *)"grid", SQL_NTS), SQL_HANDLE_STMT, c);
    /* a freed statement's name is free again */
    itest_free_stmt(a);
    ITEST_OK(SQLSetCursorName(b, (SQLCHAR *)"grid", SQL_NTS), SQL_HANDLE_STMT, b);
    itest_free_stmt(b);
    itest_free_stmt(c);
    itest_disconnect(dbc);
    itest_disconnect(dbc2);
}

static void test_invalid_names(void)
{
    SQLHDBC dbc = itest_connect();
    SQLHSTMT st = itest_stmt(dbc);
    static const char *const refused[] = { "SQL_CUR1", "sql_cur_mine", "SQLCURSOR", "sqlcur" };
    for (size_t i = 0; i < sizeof refused / sizeof refused[0]; i++)
        ITEST_EXPECT_ERROR(SQLSetCursorName(st, (SQLCHAR *)refused[i], SQL_NTS),
                           SQL_HANDLE_STMT, st, "34000");
    ITEST_EXPECT_ERROR(SQLSetCursorName(st, (SQLCHAR *)"", SQL_NTS), SQL_HANDLE_STMT, st,
                       "34000");
    /* SQL_MAX_CURSOR_NAME_LEN is the limit: that many bytes pass, one more does not */
    SQLUSMALLINT max = 0;
    ITEST_OK(SQLGetInfo(dbc, SQL_MAX_CURSOR_NAME_LEN, &max, sizeof max, NULL), SQL_HANDLE_DBC,
             dbc);
    CU_ASSERT(max >= 18);   /* the minimum an ODBC Core driver supports */
    char *longname = malloc((size_t)max + 2);
    CU_ASSERT_PTR_NOT_NULL_FATAL(longname);
    memset(longname, 'c', (size_t)max + 1);
    longname[max + 1] = '\0';
    ITEST_EXPECT_ERROR(SQLSetCursorName(st, (SQLCHAR *)longname, SQL_NTS), SQL_HANDLE_STMT, st,
                       "34000");
    longname[max] = '\0';
    ITEST_OK(SQLSetCursorName(st, (SQLCHAR *)longname, SQL_NTS), SQL_HANDLE_STMT, st);
    free(longname);
    /* unixODBC answers a negative length itself, with HY009 (test_api_hostile.c has the
     * driver's own HY090) */
    ITEST_EXPECT_ERROR(SQLSetCursorName(st, (SQLCHAR *)"x", -7), SQL_HANDLE_STMT, st,
                       "HY090|HY009");
    char buf[8];
    SQLSMALLINT len = 0;
    ITEST_EXPECT_ERROR(SQLGetCursorName(st, (SQLCHAR *)buf, -1, &len), SQL_HANDLE_STMT, st,
                       "HY090");
    itest_free_stmt(st);
    itest_disconnect(dbc);
}

static void test_wide_forms(void)
{
    SQLHDBC dbc = itest_connect();
    SQLHSTMT st = itest_stmt(dbc);
    size_t units = 0;
    SQLWCHAR *w = itest_w("Kursör_€", &units);
    ITEST_OK(SQLSetCursorNameW(st, w, SQL_NTS), SQL_HANDLE_STMT, st);
    SQLWCHAR out[32];
    SQLSMALLINT len = 0;
    ITEST_OK(SQLGetCursorNameW(st, out, 32, &len), SQL_HANDLE_STMT, st);
    CU_ASSERT_EQUAL(len, (SQLSMALLINT)units);   /* characters, not bytes */
    char *back = itest_w_to_utf8(out, itest_wlen(out));
    CU_ASSERT_STRING_EQUAL(back, "Kursör_€");
    free(back);
    /* the ANSI form sees the same name in UTF-8 */
    char name[64];
    get_name(st, name, sizeof name);
    CU_ASSERT_STRING_EQUAL(name, "Kursör_€");
    /* a buffer of 4 characters holds 3 and the terminator */
    ITEST_EXPECT_INFO(SQLGetCursorNameW(st, out, 4, &len), SQL_HANDLE_STMT, st, "01004");
    CU_ASSERT_EQUAL(itest_wlen(out), 3);
    CU_ASSERT_EQUAL(len, (SQLSMALLINT)units);
    free(w);
    itest_free_stmt(st);
    itest_disconnect(dbc);
}

void itest_register_cursor_names(void)
{
    static const itest_case cases[] = {
        {"generated_names", test_generated_names},
        {"set_and_keep", test_set_and_keep},
        {"unique_in_connection", test_unique_in_connection},
        {"invalid_names", test_invalid_names},
        {"wide_forms", test_wide_forms},
        {NULL, NULL},
    };
    itest_add_suite("cursor_names", cases);
}
