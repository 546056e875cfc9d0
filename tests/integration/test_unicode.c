/*
 * test_unicode.c: non-ASCII text through the W functions and as UTF-8 through the ANSI
 * ones: Latin-1 letters, CJK and an emoji outside the BMP (a UTF-16 surrogate pair).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "itest.h"

/* h é l l o ␠ ü ␠ 中 文 ␠ 😀: 12 code points, 13 UTF-16 units, 21 UTF-8 bytes. */
#define SAMPLE "h\xc3\xa9llo \xc3\xbc \xe4\xb8\xad\xe6\x96\x87 \xf0\x9f\x98\x80"
#define SAMPLE_CODEPOINTS 12
#define SAMPLE_UNITS 13
#define SAMPLE_BYTES 21
/* A column alias: ü n ï _ 名. */
#define ALIAS "\xc3\xbcn\xc3\xaf_\xe5\x90\x8d"

/* Sanity check of the test's own converter, so a failure below points at the driver. */
static void test_helper_utf16(void)
{
    size_t n = 0;
    SQLWCHAR *w = itest_w(SAMPLE, &n);
    CU_ASSERT_EQUAL(n, SAMPLE_UNITS);
    CU_ASSERT_EQUAL(w[1], 0x00E9);
    CU_ASSERT_EQUAL(w[8], 0x4E2D);
    CU_ASSERT_EQUAL(w[11], 0xD83D);
    CU_ASSERT_EQUAL(w[12], 0xDE00);
    char *back = itest_w_to_utf8(w, n);
    CU_ASSERT_STRING_EQUAL(back, SAMPLE);
    CU_ASSERT_EQUAL(strlen(SAMPLE), SAMPLE_BYTES);
    free(back);
    free(w);
}

/* SQLExecDirectW with a non-ASCII literal; fetched back as WCHAR and as UTF-8 CHAR. */
static void test_exec_direct_w_roundtrip(void)
{
    SQLHDBC dbc = itest_connect();
    SQLHSTMT st = itest_stmt(dbc);
    SQLWCHAR *sql = itest_w("SELECT '" SAMPLE "' AS \"" ALIAS "\", char_length('" SAMPLE
                            "'), octet_length('" SAMPLE "'), '" SAMPLE "'",
                            NULL);
    size_t units = 0;
    SQLWCHAR *want = itest_w(SAMPLE, &units);
    ITEST_OK_FATAL(SQLExecDirectW(st, sql, SQL_NTS), SQL_HANDLE_STMT, st);
    ITEST_OK_FATAL(SQLFetch(st), SQL_HANDLE_STMT, st);

    SQLWCHAR wbuf[64];
    SQLLEN ind = 0;
    memset(wbuf, 0xAB, sizeof wbuf);
    if (ITEST_OK(SQLGetData(st, 1, SQL_C_WCHAR, wbuf, sizeof wbuf, &ind), SQL_HANDLE_STMT, st)) {
        CU_ASSERT_EQUAL(ind, (SQLLEN)(SAMPLE_UNITS * sizeof(SQLWCHAR)));
        CU_ASSERT_EQUAL(memcmp(wbuf, want, units * sizeof(SQLWCHAR)), 0);
        CU_ASSERT_EQUAL(wbuf[SAMPLE_UNITS], 0);
        /* The surrogate pair arrived whole. */
        CU_ASSERT(wbuf[11] == 0xD83D && wbuf[12] == 0xDE00);
    }
    /* The server saw 12 characters in 21 bytes: the statement text reached it as UTF-8. */
    SQLINTEGER n = 0;
    ITEST_OK(SQLGetData(st, 2, SQL_C_SLONG, &n, 0, &ind), SQL_HANDLE_STMT, st);
    CU_ASSERT_EQUAL(n, SAMPLE_CODEPOINTS);
    ITEST_OK(SQLGetData(st, 3, SQL_C_SLONG, &n, 0, &ind), SQL_HANDLE_STMT, st);
    CU_ASSERT_EQUAL(n, SAMPLE_BYTES);
    /* SQL_C_CHAR: UTF-8 bytes, length in bytes. */
    char cbuf[64] = "";
    if (ITEST_OK(SQLGetData(st, 4, SQL_C_CHAR, cbuf, sizeof cbuf, &ind), SQL_HANDLE_STMT, st)) {
        CU_ASSERT_STRING_EQUAL(cbuf, SAMPLE);
        CU_ASSERT_EQUAL(ind, SAMPLE_BYTES);
    }
    free(sql);
    free(want);
    itest_free_stmt(st);
    itest_disconnect(dbc);
}

/* The ANSI SQLExecDirect carries UTF-8 too (the driver's ANSI code page is UTF-8). */
static void test_exec_direct_ansi_utf8(void)
{
    SQLHDBC dbc = itest_connect();
    char v[64];
    if (itest_query_text(dbc, "SELECT '" SAMPLE "'", v, sizeof v))
        CU_ASSERT_STRING_EQUAL(v, SAMPLE);
    if (itest_query_text(dbc, "SELECT char_length('" SAMPLE "')", v, sizeof v))
        CU_ASSERT_STRING_EQUAL(v, "12");
    itest_disconnect(dbc);
}

/* SQLDescribeColW and SQLColAttributeW of a non-ASCII alias; SQLDescribeCol as UTF-8. */
static void test_describe_col_w(void)
{
    SQLHDBC dbc = itest_connect();
    SQLHSTMT st = itest_stmt(dbc);
    SQLWCHAR *sql = itest_w("SELECT 1 AS \"" ALIAS "\"", NULL);
    size_t units = 0;
    SQLWCHAR *want = itest_w(ALIAS, &units);
    ITEST_OK_FATAL(SQLExecDirectW(st, sql, SQL_NTS), SQL_HANDLE_STMT, st);

    SQLWCHAR name[32];
    SQLSMALLINT namelen = -1, type = 0, digits = 0, nullable = 0;
    SQLULEN size = 0;
    memset(name, 0, sizeof name);
    if (ITEST_OK(SQLDescribeColW(st, 1, name, 32, &namelen, &type, &size, &digits, &nullable),
                 SQL_HANDLE_STMT, st)) {
        CU_ASSERT_EQUAL(namelen, (SQLSMALLINT)units); /* characters, not bytes */
        CU_ASSERT_EQUAL(itest_wlen(name), units);
        CU_ASSERT_EQUAL(memcmp(name, want, units * sizeof(SQLWCHAR)), 0);
        CU_ASSERT_EQUAL(type, SQL_INTEGER);
    }
    /* SQLColAttributeW: the length is in bytes. */
    SQLSMALLINT blen = -1;
    memset(name, 0, sizeof name);
    if (ITEST_OK(SQLColAttributeW(st, 1, SQL_DESC_LABEL, name, sizeof name, &blen, NULL),
                 SQL_HANDLE_STMT, st)) {
        CU_ASSERT_EQUAL(blen, (SQLSMALLINT)(units * sizeof(SQLWCHAR)));
        CU_ASSERT_EQUAL(memcmp(name, want, units * sizeof(SQLWCHAR)), 0);
    }
    /* The ANSI form returns UTF-8 bytes. */
    SQLCHAR aname[32] = "";
    if (ITEST_OK(SQLDescribeCol(st, 1, aname, sizeof aname, &namelen, &type, &size, &digits,
                                &nullable),
                 SQL_HANDLE_STMT, st)) {
        CU_ASSERT_STRING_EQUAL((char *)aname, ALIAS);
        CU_ASSERT_EQUAL(namelen, (SQLSMALLINT)strlen(ALIAS));
    }
    free(sql);
    free(want);
    itest_free_stmt(st);
    itest_disconnect(dbc);
}

/* An error message that quotes a non-ASCII name, read with SQLGetDiagRecW and SQLGetDiagRec. */
static void test_diag_rec_w(void)
{
#define BAD_TABLE "tabl\xc3\xa9_\xe4\xb8\x8d\xe5\xad\x98\xe5\x9c\xa8_\xf0\x9f\x98\x80"
    /* Connected with SQLConnectW, as a Unicode application does: unixODBC 2.3.11 marks only
     * such connections as Unicode and otherwise answers SQLGetDiagRecW by calling the
     * driver's ANSI SQLGetDiagRec and widening the bytes (psqlODBC shows the same). */
    SQLHDBC dbc;
    SQLWCHAR *wdsn = itest_w(itest_cfg.dsn, NULL);
    ITEST_OK_FATAL(SQLAllocHandle(SQL_HANDLE_DBC, itest_env, &dbc), SQL_HANDLE_ENV, itest_env);
    SQLRETURN crc = SQLConnectW(dbc, wdsn, SQL_NTS, NULL, 0, NULL, 0);
    free(wdsn);
    ITEST_OK_FATAL(crc, SQL_HANDLE_DBC, dbc);
    SQLHSTMT st = itest_stmt(dbc);
    SQLWCHAR *sql = itest_w("SELECT * FROM \"" BAD_TABLE "\"", NULL);
    size_t units = 0;
    SQLWCHAR *want = itest_w(BAD_TABLE, &units);
    SQLRETURN rc = SQLExecDirectW(st, sql, SQL_NTS);
    CU_ASSERT_EQUAL(rc, SQL_ERROR);

    SQLWCHAR state[6], msg[512];
    SQLINTEGER native = 0;
    SQLSMALLINT len = -1;
    memset(msg, 0, sizeof msg);
    rc = SQLGetDiagRecW(SQL_HANDLE_STMT, st, 1, state, &native, msg, 512, &len);
    if (ITEST_OK(rc, SQL_HANDLE_STMT, st)) {
        char *state8 = itest_w_to_utf8(state, 5);
        CU_ASSERT_STRING_EQUAL(state8, "42S02");   /* ODBC 3 for the server's 42P01 */
        free(state8);
        CU_ASSERT_EQUAL(len, (SQLSMALLINT)itest_wlen(msg)); /* characters */
        /* The message contains the name, surrogate pair included. */
        bool found = false;
        for (size_t i = 0; i + units <= itest_wlen(msg) && !found; i++)
            found = memcmp(msg + i, want, units * sizeof(SQLWCHAR)) == 0;
        if (!found) {
            char *m8 = itest_w_to_utf8(msg, itest_wlen(msg));
            fprintf(stderr, "\n    message: %s\n", m8 ? m8 : "(invalid UTF-16)");
            free(m8);
        }
        CU_ASSERT_TRUE(found);
    }
    free(sql);
    free(want);
    itest_free_stmt(st);
    itest_disconnect(dbc);

    /* An ANSI application (SQLConnect, SQLExecDirect) gets the message as UTF-8 from
     * SQLGetDiagRec. (Mixing is not tested: on a SQLConnectW connection unixODBC narrows
     * the driver's W message to one byte per unit, on a SQLConnect one it widens bytes.) */
    dbc = itest_connect();
    st = itest_stmt(dbc);
    char st8[6], msg8[1024];
    CU_ASSERT_EQUAL(SQLExecDirect(st, (SQLCHAR *)"SELECT * FROM \"" BAD_TABLE "\"", SQL_NTS),
                    SQL_ERROR);
    if (itest_diag(SQL_HANDLE_STMT, st, st8, msg8, sizeof msg8)) {
        CU_ASSERT_STRING_EQUAL(st8, "42S02");
        if (strstr(msg8, BAD_TABLE) == NULL)
            fprintf(stderr, "\n    ANSI message: %s\n", msg8);
        CU_ASSERT_PTR_NOT_NULL(strstr(msg8, BAD_TABLE));
    } else {
        CU_FAIL("no diagnostic record through SQLGetDiagRec");
    }
    itest_free_stmt(st);
    itest_disconnect(dbc);
#undef BAD_TABLE
}

/* Parameters: SQL_C_WCHAR in, stored, read back; a WCHAR parameter in a prepared W query. */
static void test_wchar_parameters(void)
{
    char table[64], sql[256];
    itest_table_name(table, sizeof table, "itest_uni");
    SQLHDBC dbc = itest_connect();
    snprintf(sql, sizeof sql, "CREATE TABLE %s (id int, t text)", table);
    if (!itest_exec_on(dbc, sql))
        CU_FAIL_FATAL("CREATE TABLE failed");

    SQLHSTMT st = itest_stmt(dbc);
    snprintf(sql, sizeof sql, "INSERT INTO %s VALUES (?, ?)", table);
    SQLWCHAR *wsql = itest_w(sql, NULL);
    size_t units = 0;
    SQLWCHAR *val = itest_w(SAMPLE, &units);
    SQLINTEGER id = 1;
    SQLLEN val_ind = (SQLLEN)(units * sizeof(SQLWCHAR)); /* a length, not SQL_NTS */
    ITEST_OK_FATAL(SQLPrepareW(st, wsql, SQL_NTS), SQL_HANDLE_STMT, st);
    ITEST_OK_FATAL(SQLBindParameter(st, 1, SQL_PARAM_INPUT, SQL_C_SLONG, SQL_INTEGER, 0, 0, &id, 0,
                                    NULL),
                   SQL_HANDLE_STMT, st);
    ITEST_OK_FATAL(SQLBindParameter(st, 2, SQL_PARAM_INPUT, SQL_C_WCHAR, SQL_WVARCHAR, 100, 0, val,
                                    (SQLLEN)((units + 1) * sizeof(SQLWCHAR)), &val_ind),
                   SQL_HANDLE_STMT, st);
    ITEST_OK(SQLExecute(st), SQL_HANDLE_STMT, st);
    /* And as a UTF-8 SQL_C_CHAR parameter. */
    char val8[64];
    SQLLEN val8_ind = SQL_NTS;
    snprintf(val8, sizeof val8, "%s", SAMPLE);
    id = 2;
    ITEST_OK_FATAL(SQLBindParameter(st, 2, SQL_PARAM_INPUT, SQL_C_CHAR, SQL_VARCHAR, 100, 0, val8,
                                    sizeof val8, &val8_ind),
                   SQL_HANDLE_STMT, st);
    ITEST_OK(SQLExecute(st), SQL_HANDLE_STMT, st);
    itest_free_stmt(st);
    free(wsql);

    char v[128];
    CU_ASSERT(itest_refresh(dbc, table));
    /* characters:bytes of each row, joined here (CrateDB has no string_agg ... ORDER BY) */
    snprintf(sql, sizeof sql, "SELECT char_length(t) || ':' || octet_length(t) FROM %s "
             "ORDER BY id", table);
    st = itest_stmt(dbc);
    if (itest_exec(st, sql)) {
        char row[32], joined[128] = "";
        while (SQL_SUCCEEDED(SQLFetch(st)) &&
               ITEST_OK(SQLGetData(st, 1, SQL_C_CHAR, row, sizeof row, NULL), SQL_HANDLE_STMT,
                        st))
            snprintf(joined + strlen(joined), sizeof joined - strlen(joined), "%s%s",
                     joined[0] ? "," : "", row);
        CU_ASSERT_STRING_EQUAL(joined, "12:21,12:21");
    }
    itest_free_stmt(st);
    snprintf(sql, sizeof sql, "SELECT count(*) FROM %s WHERE t = '" SAMPLE "'", table);
    if (itest_query_text(dbc, sql, v, sizeof v))
        CU_ASSERT_STRING_EQUAL(v, "2");

    /* A WCHAR parameter in a WHERE clause, result fetched as WCHAR. */
    st = itest_stmt(dbc);
    snprintf(sql, sizeof sql, "SELECT t || '!' FROM %s WHERE t = ? AND id = 1", table);
    wsql = itest_w(sql, NULL);
    SQLLEN nts = SQL_NTS;
    ITEST_OK_FATAL(SQLPrepareW(st, wsql, SQL_NTS), SQL_HANDLE_STMT, st);
    ITEST_OK_FATAL(SQLBindParameter(st, 1, SQL_PARAM_INPUT, SQL_C_WCHAR, SQL_WVARCHAR, 100, 0, val,
                                    (SQLLEN)((units + 1) * sizeof(SQLWCHAR)), &nts),
                   SQL_HANDLE_STMT, st);
    if (ITEST_OK(SQLExecute(st), SQL_HANDLE_STMT, st) && ITEST_OK(SQLFetch(st), SQL_HANDLE_STMT, st)) {
        SQLWCHAR out[64];
        SQLLEN ind = 0;
        size_t wunits = 0;
        SQLWCHAR *want = itest_w(SAMPLE "!", &wunits);
        ITEST_OK(SQLGetData(st, 1, SQL_C_WCHAR, out, sizeof out, &ind), SQL_HANDLE_STMT, st);
        CU_ASSERT_EQUAL(ind, (SQLLEN)(wunits * sizeof(SQLWCHAR)));
        CU_ASSERT_EQUAL(memcmp(out, want, (wunits + 1) * sizeof(SQLWCHAR)), 0);
        free(want);
        CU_ASSERT_EQUAL(SQLFetch(st), SQL_NO_DATA);
    }
    itest_free_stmt(st);
    free(wsql);
    free(val);
    snprintf(sql, sizeof sql, "DROP TABLE %s", table);
    itest_exec_on(dbc, sql);
    itest_disconnect(dbc);
}

/* SQLDriverConnectW and SQLGetInfoW. */
static void test_driver_connect_w(void)
{
    char in[1024];
    itest_dsnless(in, sizeof in, ITEST_PW_USER, ITEST_PW_PASS, NULL);
    SQLWCHAR *win = itest_w(in, NULL);
    SQLWCHAR out[1024];
    SQLSMALLINT outlen = -1;
    SQLHDBC dbc;
    ITEST_OK_FATAL(SQLAllocHandle(SQL_HANDLE_DBC, itest_env, &dbc), SQL_HANDLE_ENV, itest_env);
    SQLRETURN rc = SQLDriverConnectW(dbc, NULL, win, SQL_NTS, out, 1024, &outlen,
                                     SQL_DRIVER_NOPROMPT);
    free(win);
    ITEST_OK_FATAL(rc, SQL_HANDLE_DBC, dbc);
    CU_ASSERT_EQUAL(outlen, (SQLSMALLINT)itest_wlen(out)); /* characters */
    SQLWCHAR name[64];
    SQLSMALLINT len = -1;
    if (ITEST_OK(SQLGetInfoW(dbc, SQL_DBMS_NAME, name, sizeof name, &len), SQL_HANDLE_DBC, dbc)) {
        char *n8 = itest_w_to_utf8(name, itest_wlen(name));
        CU_ASSERT_STRING_EQUAL(n8, itest_profile_is("pg") ? "PostgreSQL" : "CrateDB");
        CU_ASSERT_EQUAL(len, (SQLSMALLINT)(strlen(n8) * sizeof(SQLWCHAR))); /* bytes */
        free(n8);
    }
    itest_disconnect(dbc);
}

void itest_register_unicode(void)
{
    static const itest_case cases[] = {
        {"helper_utf16", test_helper_utf16},
        {"exec_direct_w_roundtrip", test_exec_direct_w_roundtrip},
        {"exec_direct_ansi_utf8", test_exec_direct_ansi_utf8},
        {"describe_col_w", test_describe_col_w},
        {"diag_rec_w", test_diag_rec_w},
        {"wchar_parameters", test_wchar_parameters},
        {"driver_connect_w", test_driver_connect_w},
        {NULL, NULL},
    };
    itest_add_suite("unicode", cases);
}
