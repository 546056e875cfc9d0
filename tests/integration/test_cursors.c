/*
 * test_cursors.c: block cursors and scrolling through the driver manager.
 * Every fetch orientation on a static cursor, column-wise and row-wise
 * binding with bind offsets, row status arrays with a conversion error in
 * one row, bookmarks, SQLSetPos(SQL_POSITION) + SQLGetData, SQLExtendedFetch,
 * two statements fetching interleaved on one connection, a streamed result
 * whose first rows arrive while the server still has more, a server cursor
 * DECLAREd WITH HOLD and read with FETCH as Tableau does, SQLCancel from a
 * second thread, a query timeout, and the state-table errors.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "itest.h"

#define ATTR(v) ((SQLPOINTER)(uintptr_t)(v))

static SQLHSTMT static_cursor(SQLHDBC dbc, const char *sql, SQLULEN rowset)
{
    SQLHSTMT st = itest_stmt(dbc);
    ITEST_OK(SQLSetStmtAttr(st, SQL_ATTR_CURSOR_TYPE, ATTR(SQL_CURSOR_STATIC), 0),
             SQL_HANDLE_STMT, st);
    ITEST_OK(SQLSetStmtAttr(st, SQL_ATTR_ROW_ARRAY_SIZE, ATTR(rowset), 0), SQL_HANDLE_STMT, st);
    ITEST_OK_FATAL(SQLExecDirect(st, (SQLCHAR *)sql, SQL_NTS), SQL_HANDLE_STMT, st);
    return st;
}

/* Fetches with `orient`/`off` and checks the rowset's first value and size. */
static void expect_rowset(SQLHSTMT st, SQLSMALLINT orient, SQLLEN off, SQLRETURN want_rc,
                          const SQLINTEGER *vals, SQLINTEGER first, SQLULEN n,
                          const SQLULEN *fetched, unsigned line)
{
    SQLRETURN rc = SQLFetchScroll(st, orient, off);
    if (rc != want_rc) {
        fprintf(stderr, "line %u: SQLFetchScroll(%d, %ld) returned %d, want %d\n", line,
                (int)orient, (long)off, (int)rc, (int)want_rc);
        itest_dump_diag("fetch", SQL_HANDLE_STMT, st);
    }
    CU_ASSERT_EQUAL(rc, want_rc);
    if (!SQL_SUCCEEDED(rc))
        return;
    CU_ASSERT_EQUAL(*fetched, n);
    for (SQLULEN i = 0; i < n && i < *fetched; i++)
        CU_ASSERT_EQUAL(vals[i], first + (SQLINTEGER)i);
}
#define EXPECT(o, off, rc, first, n) expect_rowset(st, (o), (off), (rc), v, (first), (n), \
                                                    &fetched, __LINE__)

static void test_fetch_orientations(void)
{
    SQLHDBC dbc = itest_connect();
    SQLHSTMT st = static_cursor(dbc, "SELECT g::integer FROM generate_series(1, 20) AS g "
                                     "ORDER BY 1", 3);
    SQLINTEGER v[3];
    SQLLEN ind[3];
    SQLULEN fetched = 0;
    SQLUSMALLINT status[3];
    ITEST_OK(SQLSetStmtAttr(st, SQL_ATTR_ROWS_FETCHED_PTR, &fetched, 0), SQL_HANDLE_STMT, st);
    ITEST_OK(SQLSetStmtAttr(st, SQL_ATTR_ROW_STATUS_PTR, status, 0), SQL_HANDLE_STMT, st);
    ITEST_OK(SQLBindCol(st, 1, SQL_C_SLONG, v, 0, ind), SQL_HANDLE_STMT, st);
    EXPECT(SQL_FETCH_NEXT, 0, SQL_SUCCESS, 1, 3);
    EXPECT(SQL_FETCH_NEXT, 0, SQL_SUCCESS, 4, 3);
    EXPECT(SQL_FETCH_PRIOR, 0, SQL_SUCCESS, 1, 3);
    EXPECT(SQL_FETCH_LAST, 0, SQL_SUCCESS, 18, 3);
    EXPECT(SQL_FETCH_NEXT, 0, SQL_NO_DATA, 0, 0);       /* after the end */
    EXPECT(SQL_FETCH_PRIOR, 0, SQL_SUCCESS, 18, 3);     /* from after the end: last rowset */
    EXPECT(SQL_FETCH_ABSOLUTE, 19, SQL_SUCCESS, 19, 2); /* partial rowset */
    CU_ASSERT_EQUAL(status[2], SQL_ROW_NOROW);
    EXPECT(SQL_FETCH_ABSOLUTE, -5, SQL_SUCCESS, 16, 3);
    EXPECT(SQL_FETCH_RELATIVE, -2, SQL_SUCCESS, 14, 3);
    EXPECT(SQL_FETCH_RELATIVE, 4, SQL_SUCCESS, 18, 3);
    EXPECT(SQL_FETCH_FIRST, 0, SQL_SUCCESS, 1, 3);
    EXPECT(SQL_FETCH_PRIOR, 0, SQL_NO_DATA, 0, 0);      /* before the start */
    EXPECT(SQL_FETCH_NEXT, 0, SQL_SUCCESS, 1, 3);
    EXPECT(SQL_FETCH_ABSOLUTE, 2, SQL_SUCCESS, 2, 3);
    /* PRIOR from row 2 with a rowset of 3: to row 1 with 01S06 */
    SQLRETURN rc = SQLFetchScroll(st, SQL_FETCH_PRIOR, 0);
    ITEST_EXPECT_INFO(rc, SQL_HANDLE_STMT, st, "01S06");
    CU_ASSERT_EQUAL(v[0], 1);
    EXPECT(SQL_FETCH_ABSOLUTE, 0, SQL_NO_DATA, 0, 0);
    EXPECT(SQL_FETCH_ABSOLUTE, 21, SQL_NO_DATA, 0, 0);
    SQLULEN rownum = 0;
    EXPECT(SQL_FETCH_ABSOLUTE, 7, SQL_SUCCESS, 7, 3);
    ITEST_OK(SQLGetStmtAttr(st, SQL_ATTR_ROW_NUMBER, &rownum, 0, NULL), SQL_HANDLE_STMT, st);
    CU_ASSERT_EQUAL(rownum, 7);
    SQLLEN count = 0;
    ITEST_OK(SQLRowCount(st, &count), SQL_HANDLE_STMT, st);
    CU_ASSERT_EQUAL(count, 20);
    itest_free_stmt(st);
    itest_disconnect(dbc);
}

/* Done-when: a scrollable cursor over 100,000 rows answers LAST then ABSOLUTE 50,000. */
static void test_scroll_100k(void)
{
    SQLHDBC dbc = itest_connect();
    SQLHSTMT st = static_cursor(dbc, "SELECT g::integer, 'r' || g FROM generate_series(1, 100000)"
                                     " AS g ORDER BY 1", 1);
    SQLINTEGER v = 0;
    char text[16];
    ITEST_OK(SQLBindCol(st, 1, SQL_C_SLONG, &v, 0, NULL), SQL_HANDLE_STMT, st);
    ITEST_OK(SQLBindCol(st, 2, SQL_C_CHAR, text, sizeof text, NULL), SQL_HANDLE_STMT, st);
    ITEST_OK(SQLFetchScroll(st, SQL_FETCH_LAST, 0), SQL_HANDLE_STMT, st);
    CU_ASSERT_EQUAL(v, 100000);
    CU_ASSERT_STRING_EQUAL(text, "r100000");
    ITEST_OK(SQLFetchScroll(st, SQL_FETCH_ABSOLUTE, 50000), SQL_HANDLE_STMT, st);
    CU_ASSERT_EQUAL(v, 50000);
    CU_ASSERT_STRING_EQUAL(text, "r50000");
    itest_free_stmt(st);
    itest_disconnect(dbc);
}

/* Column-wise arrays with a bind offset, then row-wise structs with an offset. */
static void test_binding_orientations(void)
{
    SQLHDBC dbc = itest_connect();
    SQLHSTMT st = itest_stmt(dbc);
    const char *sql = "SELECT g::integer, 'n' || g FROM generate_series(1, 10) AS g ORDER BY 1";
    /* column-wise: arrays placed 2 elements into bigger buffers via the offset */
    SQLINTEGER ids[6];
    char names[6][8];
    SQLLEN idind[6], nameind[6];
    SQLLEN offset = 0;
    SQLULEN fetched = 0;
    ITEST_OK(SQLSetStmtAttr(st, SQL_ATTR_ROW_ARRAY_SIZE, ATTR(4), 0), SQL_HANDLE_STMT, st);
    ITEST_OK(SQLSetStmtAttr(st, SQL_ATTR_ROWS_FETCHED_PTR, &fetched, 0), SQL_HANDLE_STMT, st);
    ITEST_OK(SQLSetStmtAttr(st, SQL_ATTR_ROW_BIND_OFFSET_PTR, &offset, 0), SQL_HANDLE_STMT, st);
    ITEST_OK(SQLBindCol(st, 1, SQL_C_SLONG, ids, 0, idind), SQL_HANDLE_STMT, st);
    ITEST_OK(SQLBindCol(st, 2, SQL_C_CHAR, names, 8, nameind), SQL_HANDLE_STMT, st);
    ITEST_OK_FATAL(SQLExecDirect(st, (SQLCHAR *)sql, SQL_NTS), SQL_HANDLE_STMT, st);
    ITEST_OK(SQLFetch(st), SQL_HANDLE_STMT, st);
    CU_ASSERT_EQUAL(fetched, 4);
    CU_ASSERT_EQUAL(ids[0], 1);
    CU_ASSERT_EQUAL(ids[3], 4);
    CU_ASSERT_STRING_EQUAL(names[3], "n4");
    CU_ASSERT_EQUAL(nameind[3], 2);
    /* the offset is applied to every buffer: the next rowset lands 2 slots further */
    memset(ids, 0, sizeof ids);
    offset = 0;   /* offsets are bytes: column-wise, each buffer has its own stride */
    ITEST_OK(SQLFetch(st), SQL_HANDLE_STMT, st);
    CU_ASSERT_EQUAL(ids[0], 5);
    ITEST_OK(SQLCloseCursor(st), SQL_HANDLE_STMT, st);
    /* one offset for all buffers needs row-wise binding */
    struct row { SQLINTEGER id; SQLLEN idind; char name[8]; SQLLEN nameind; } rows[6];
    memset(rows, 0, sizeof rows);
    ITEST_OK(SQLSetStmtAttr(st, SQL_ATTR_ROW_BIND_TYPE, ATTR(sizeof(struct row)), 0),
             SQL_HANDLE_STMT, st);
    ITEST_OK(SQLSetStmtAttr(st, SQL_ATTR_ROW_ARRAY_SIZE, ATTR(3), 0), SQL_HANDLE_STMT, st);
    ITEST_OK(SQLBindCol(st, 1, SQL_C_SLONG, &rows[0].id, 0, &rows[0].idind), SQL_HANDLE_STMT, st);
    ITEST_OK(SQLBindCol(st, 2, SQL_C_CHAR, rows[0].name, 8, &rows[0].nameind), SQL_HANDLE_STMT,
             st);
    ITEST_OK_FATAL(SQLExecDirect(st, (SQLCHAR *)sql, SQL_NTS), SQL_HANDLE_STMT, st);
    offset = 0;
    ITEST_OK(SQLFetch(st), SQL_HANDLE_STMT, st);
    CU_ASSERT_EQUAL(rows[0].id, 1);
    CU_ASSERT_EQUAL(rows[2].id, 3);
    CU_ASSERT_STRING_EQUAL(rows[2].name, "n3");
    CU_ASSERT_EQUAL(rows[2].nameind, 2);
    offset = 3 * (SQLLEN)sizeof(struct row);   /* the next rowset into rows[3..5] */
    ITEST_OK(SQLFetch(st), SQL_HANDLE_STMT, st);
    CU_ASSERT_EQUAL(rows[0].id, 1);             /* untouched */
    CU_ASSERT_EQUAL(rows[3].id, 4);
    CU_ASSERT_EQUAL(rows[5].id, 6);
    CU_ASSERT_STRING_EQUAL(rows[5].name, "n6");
    CU_ASSERT_EQUAL(fetched, 3);
    itest_free_stmt(st);
    itest_disconnect(dbc);
}

/* A conversion error in one row: SQL_ROW_ERROR for it, the others delivered,
 * the diagnostic names the row and the column. */
static void test_row_status_error(void)
{
    SQLHDBC dbc = itest_connect();
    SQLHSTMT st = itest_stmt(dbc);
    SQLINTEGER v[3];
    SQLLEN ind[3];
    SQLUSMALLINT status[3];
    SQLULEN fetched = 0;
    ITEST_OK(SQLSetStmtAttr(st, SQL_ATTR_ROW_ARRAY_SIZE, ATTR(3), 0), SQL_HANDLE_STMT, st);
    ITEST_OK(SQLSetStmtAttr(st, SQL_ATTR_ROW_STATUS_PTR, status, 0), SQL_HANDLE_STMT, st);
    ITEST_OK(SQLSetStmtAttr(st, SQL_ATTR_ROWS_FETCHED_PTR, &fetched, 0), SQL_HANDLE_STMT, st);
    ITEST_OK(SQLBindCol(st, 1, SQL_C_SLONG, v, 0, ind), SQL_HANDLE_STMT, st);
    ITEST_OK_FATAL(SQLExecDirect(st, (SQLCHAR *)"SELECT x FROM (VALUES (1, '10'), (2, 'abc'), "
                                                "(3, '30')) AS t(k, x) ORDER BY k", SQL_NTS),
                   SQL_HANDLE_STMT, st);
    SQLRETURN rc = SQLFetch(st);
    CU_ASSERT_EQUAL(rc, SQL_SUCCESS_WITH_INFO);
    CU_ASSERT_EQUAL(fetched, 3);
    CU_ASSERT_EQUAL(status[0], SQL_ROW_SUCCESS);
    CU_ASSERT_EQUAL(status[1], SQL_ROW_ERROR);
    CU_ASSERT_EQUAL(status[2], SQL_ROW_SUCCESS);
    CU_ASSERT_EQUAL(v[0], 10);
    CU_ASSERT_EQUAL(v[2], 30);
    char state[6];
    CU_ASSERT(itest_diag(SQL_HANDLE_STMT, st, state, NULL, 0));
    CU_ASSERT_STRING_EQUAL(state, "22018");
    SQLLEN rownum = 0;
    SQLINTEGER colnum = 0;
    ITEST_OK(SQLGetDiagField(SQL_HANDLE_STMT, st, 1, SQL_DIAG_ROW_NUMBER, &rownum, 0, NULL),
             SQL_HANDLE_STMT, st);
    ITEST_OK(SQLGetDiagField(SQL_HANDLE_STMT, st, 1, SQL_DIAG_COLUMN_NUMBER, &colnum, 0, NULL),
             SQL_HANDLE_STMT, st);
    CU_ASSERT_EQUAL(rownum, 2);
    CU_ASSERT_EQUAL(colnum, 1);
    itest_free_stmt(st);
    itest_disconnect(dbc);
}

/* Bookmarks: column 0 bound as a variable bookmark, SQL_FETCH_BOOKMARK back to it. */
static void test_bookmarks(void)
{
    SQLHDBC dbc = itest_connect();
    SQLHSTMT st = itest_stmt(dbc);
    ITEST_EXPECT_ERROR(SQLBindCol(st, 0, SQL_C_VARBOOKMARK, NULL, 0, NULL), SQL_HANDLE_STMT, st,
                       "07009");
    ITEST_OK(SQLSetStmtAttr(st, SQL_ATTR_USE_BOOKMARKS, ATTR(SQL_UB_VARIABLE), 0),
             SQL_HANDLE_STMT, st);
    ITEST_OK(SQLSetStmtAttr(st, SQL_ATTR_CURSOR_SCROLLABLE, ATTR(SQL_SCROLLABLE), 0),
             SQL_HANDLE_STMT, st);
    unsigned char bm[8];
    SQLLEN bmlen = 0;
    SQLINTEGER v = 0;
    ITEST_OK(SQLBindCol(st, 0, SQL_C_VARBOOKMARK, bm, sizeof bm, &bmlen), SQL_HANDLE_STMT, st);
    ITEST_OK(SQLBindCol(st, 1, SQL_C_SLONG, &v, 0, NULL), SQL_HANDLE_STMT, st);
    ITEST_OK_FATAL(SQLExecDirect(st, (SQLCHAR *)"SELECT g * 10 FROM generate_series(1, 9) AS g "
                                                "ORDER BY 1", SQL_NTS), SQL_HANDLE_STMT, st);
    ITEST_OK(SQLFetchScroll(st, SQL_FETCH_ABSOLUTE, 4), SQL_HANDLE_STMT, st);
    CU_ASSERT_EQUAL(v, 40);
    CU_ASSERT(bmlen > 0 && bmlen <= (SQLLEN)sizeof bm);
    unsigned char saved[8];
    memcpy(saved, bm, sizeof bm);
    ITEST_OK(SQLFetchScroll(st, SQL_FETCH_LAST, 0), SQL_HANDLE_STMT, st);
    CU_ASSERT_EQUAL(v, 90);
    ITEST_OK(SQLSetStmtAttr(st, SQL_ATTR_FETCH_BOOKMARK_PTR, saved, 0), SQL_HANDLE_STMT, st);
    ITEST_OK(SQLFetchScroll(st, SQL_FETCH_BOOKMARK, 0), SQL_HANDLE_STMT, st);
    CU_ASSERT_EQUAL(v, 40);
    ITEST_OK(SQLFetchScroll(st, SQL_FETCH_BOOKMARK, 2), SQL_HANDLE_STMT, st);
    CU_ASSERT_EQUAL(v, 60);
    /* SQLGetData on column 0 gives the same bookmark */
    unsigned char again[8];
    SQLLEN againlen = 0;
    ITEST_OK(SQLFetchScroll(st, SQL_FETCH_BOOKMARK, 0), SQL_HANDLE_STMT, st);
    ITEST_OK(SQLGetData(st, 0, SQL_C_VARBOOKMARK, again, sizeof again, &againlen),
             SQL_HANDLE_STMT, st);
    CU_ASSERT_EQUAL(againlen, bmlen);
    CU_ASSERT(memcmp(again, saved, (size_t)bmlen) == 0);
    itest_free_stmt(st);
    itest_disconnect(dbc);
}

/* SQLSetPos(SQL_POSITION) inside a rowset, then SQLGetData of that row. */
static void test_setpos_getdata(void)
{
    SQLHDBC dbc = itest_connect();
    SQLHSTMT st = itest_stmt(dbc);
    SQLINTEGER v[4];
    ITEST_OK(SQLSetStmtAttr(st, SQL_ATTR_ROW_ARRAY_SIZE, ATTR(4), 0), SQL_HANDLE_STMT, st);
    ITEST_OK(SQLBindCol(st, 1, SQL_C_SLONG, v, 0, NULL), SQL_HANDLE_STMT, st);
    ITEST_OK_FATAL(SQLExecDirect(st, (SQLCHAR *)"SELECT g, 'txt' || g FROM generate_series(1, 6) "
                                                "AS g ORDER BY 1", SQL_NTS), SQL_HANDLE_STMT, st);
    ITEST_OK(SQLFetch(st), SQL_HANDLE_STMT, st);
    char text[16];
    SQLLEN len = 0;
    ITEST_OK(SQLSetPos(st, 3, SQL_POSITION, SQL_LOCK_NO_CHANGE), SQL_HANDLE_STMT, st);
    ITEST_OK(SQLGetData(st, 2, SQL_C_CHAR, text, sizeof text, &len), SQL_HANDLE_STMT, st);
    CU_ASSERT_STRING_EQUAL(text, "txt3");
    ITEST_OK(SQLSetPos(st, 1, SQL_POSITION, SQL_LOCK_NO_CHANGE), SQL_HANDLE_STMT, st);
    ITEST_OK(SQLGetData(st, 2, SQL_C_CHAR, text, sizeof text, &len), SQL_HANDLE_STMT, st);
    CU_ASSERT_STRING_EQUAL(text, "txt1");
    ITEST_EXPECT_ERROR(SQLSetPos(st, 5, SQL_POSITION, SQL_LOCK_NO_CHANGE), SQL_HANDLE_STMT, st,
                       "HY107");
    ITEST_EXPECT_ERROR(SQLSetPos(st, 1, SQL_UPDATE, SQL_LOCK_NO_CHANGE), SQL_HANDLE_STMT, st,
                       "HY092");
    /* the second rowset is partial: 5 and 6 */
    SQLULEN fetched = 0;
    ITEST_OK(SQLSetStmtAttr(st, SQL_ATTR_ROWS_FETCHED_PTR, &fetched, 0), SQL_HANDLE_STMT, st);
    ITEST_OK(SQLFetch(st), SQL_HANDLE_STMT, st);
    CU_ASSERT_EQUAL(fetched, 2);
    ITEST_OK(SQLSetPos(st, 2, SQL_POSITION, SQL_LOCK_NO_CHANGE), SQL_HANDLE_STMT, st);
    ITEST_OK(SQLGetData(st, 2, SQL_C_CHAR, text, sizeof text, &len), SQL_HANDLE_STMT, st);
    CU_ASSERT_STRING_EQUAL(text, "txt6");
    itest_free_stmt(st);
    itest_disconnect(dbc);
}

/* ODBC 2's SQLExtendedFetch with SQL_ROWSET_SIZE. */
static void test_extended_fetch(void)
{
    SQLHDBC dbc = itest_connect();
    SQLHSTMT st = itest_stmt(dbc);
    SQLINTEGER v[5];
    SQLUSMALLINT status[5];
    SQLULEN count = 0;
    ITEST_OK(SQLSetStmtAttr(st, SQL_ATTR_CURSOR_TYPE, ATTR(SQL_CURSOR_STATIC), 0),
             SQL_HANDLE_STMT, st);
    ITEST_OK(SQLSetStmtAttr(st, SQL_ROWSET_SIZE, ATTR(5), 0), SQL_HANDLE_STMT, st);
    ITEST_OK(SQLBindCol(st, 1, SQL_C_SLONG, v, 0, NULL), SQL_HANDLE_STMT, st);
    ITEST_OK_FATAL(SQLExecDirect(st, (SQLCHAR *)"SELECT g FROM generate_series(1, 7) AS g "
                                                "ORDER BY 1", SQL_NTS), SQL_HANDLE_STMT, st);
    ITEST_OK(SQLExtendedFetch(st, SQL_FETCH_NEXT, 0, &count, status), SQL_HANDLE_STMT, st);
    CU_ASSERT_EQUAL(count, 5);
    CU_ASSERT_EQUAL(v[4], 5);
    ITEST_OK(SQLExtendedFetch(st, SQL_FETCH_NEXT, 0, &count, status), SQL_HANDLE_STMT, st);
    CU_ASSERT_EQUAL(count, 2);
    CU_ASSERT_EQUAL(v[1], 7);
    CU_ASSERT_EQUAL(status[2], SQL_ROW_NOROW);
    ITEST_OK(SQLExtendedFetch(st, SQL_FETCH_ABSOLUTE, 2, &count, status), SQL_HANDLE_STMT, st);
    CU_ASSERT_EQUAL(v[0], 2);
    itest_free_stmt(st);
    itest_disconnect(dbc);
}

/* Two statements with open results on one connection, fetched alternately,
 * each result larger than a chunk. */
static void test_interleaved(void)
{
    SQLHDBC dbc = itest_connect();
    SQLHSTMT a = itest_stmt(dbc), b = itest_stmt(dbc);
    ITEST_OK_FATAL(SQLExecDirect(a, (SQLCHAR *)"SELECT g FROM generate_series(1, 2500) AS g",
                                 SQL_NTS), SQL_HANDLE_STMT, a);
    ITEST_OK_FATAL(SQLExecDirect(b, (SQLCHAR *)"SELECT -g FROM generate_series(1, 2500) AS g",
                                 SQL_NTS), SQL_HANDLE_STMT, b);
    SQLINTEGER va = 0, vb = 0;
    ITEST_OK(SQLBindCol(a, 1, SQL_C_SLONG, &va, 0, NULL), SQL_HANDLE_STMT, a);
    ITEST_OK(SQLBindCol(b, 1, SQL_C_SLONG, &vb, 0, NULL), SQL_HANDLE_STMT, b);
    bool ok = true;
    for (SQLINTEGER i = 1; i <= 2500 && ok; i++) {
        ok = SQL_SUCCEEDED(SQLFetch(a)) && SQL_SUCCEEDED(SQLFetch(b)) && va == i && vb == -i;
        if (!ok)
            fprintf(stderr, "interleaved: row %d gave %d / %d\n", (int)i, (int)va, (int)vb);
    }
    CU_ASSERT(ok);
    CU_ASSERT_EQUAL(SQLFetch(a), SQL_NO_DATA);
    CU_ASSERT_EQUAL(SQLFetch(b), SQL_NO_DATA);
    itest_free_stmt(a);
    itest_free_stmt(b);
    itest_disconnect(dbc);
}

/* A large result streams: after the first rows arrive the portal is still
 * suspended (the row count is not known yet); closing the cursor early lets
 * the connection run the next query at once. */
static void test_streaming_first_row(void)
{
    SQLHDBC dbc = itest_connect();
    SQLHSTMT st = itest_stmt(dbc);
    ITEST_OK_FATAL(SQLExecDirect(st, (SQLCHAR *)"SELECT g FROM generate_series(1, 100000000) AS g",
                                 SQL_NTS), SQL_HANDLE_STMT, st);
    SQLINTEGER v = 0;
    ITEST_OK(SQLFetch(st), SQL_HANDLE_STMT, st);
    ITEST_OK(SQLGetData(st, 1, SQL_C_SLONG, &v, 0, NULL), SQL_HANDLE_STMT, st);
    CU_ASSERT_EQUAL(v, 1);
    SQLLEN count = 0;
    ITEST_OK(SQLRowCount(st, &count), SQL_HANDLE_STMT, st);
    CU_ASSERT_EQUAL(count, -1);   /* the server has not sent the last row */
    ITEST_OK(SQLCloseCursor(st), SQL_HANDLE_STMT, st);
    char out[16];
    CU_ASSERT(itest_query_text(dbc, "SELECT 'next'", out, sizeof out));
    CU_ASSERT_STRING_EQUAL(out, "next");
    itest_free_stmt(st);
    itest_disconnect(dbc);
}

/* SQLCancel from a second thread ends a long query with HY008; the
 * connection stays usable. */
static void test_cancel_thread(void)
{
    SQLHDBC dbc = itest_connect();
    SQLHSTMT st = itest_stmt(dbc);
    SQLRETURN cancel_rc = SQL_ERROR;
    char slow[160];
    itest_slow_sql(slow, sizeof slow, 30);
    SQLRETURN rc = itest_exec_cancelled(st, slow, 500, &cancel_rc);
    CU_ASSERT_EQUAL(cancel_rc, SQL_SUCCESS);
    ITEST_EXPECT_ERROR(rc, SQL_HANDLE_STMT, st, "HY008");
    char out[16];
    CU_ASSERT(itest_query_text(dbc, "SELECT 'alive'", out, sizeof out));
    CU_ASSERT_STRING_EQUAL(out, "alive");
    /* SQLCancel on an idle statement has no effect */
    CU_ASSERT_EQUAL(SQLCancel(st), SQL_SUCCESS);
    itest_free_stmt(st);
    itest_disconnect(dbc);
}

/* SQL_ATTR_QUERY_TIMEOUT: HYT00, then the same statement works again. */
static void test_query_timeout(void)
{
    SQLHDBC dbc = itest_connect();
    SQLHSTMT st = itest_stmt(dbc);
    ITEST_OK(SQLSetStmtAttr(st, SQL_ATTR_QUERY_TIMEOUT, ATTR(1), 0), SQL_HANDLE_STMT, st);
    char slow[160];
    itest_slow_sql(slow, sizeof slow, 20);
    SQLRETURN rc = SQLExecDirect(st, (SQLCHAR *)slow, SQL_NTS);
    ITEST_EXPECT_ERROR(rc, SQL_HANDLE_STMT, st, "HYT00");
    ITEST_OK(SQLExecDirect(st, (SQLCHAR *)"SELECT 5", SQL_NTS), SQL_HANDLE_STMT, st);
    SQLINTEGER v = 0;
    ITEST_OK(SQLFetch(st), SQL_HANDLE_STMT, st);
    ITEST_OK(SQLGetData(st, 1, SQL_C_SLONG, &v, 0, NULL), SQL_HANDLE_STMT, st);
    CU_ASSERT_EQUAL(v, 5);
    itest_free_stmt(st);
    itest_disconnect(dbc);
}

/* One FETCH of a declared cursor on st (SQLExecute when `prepared`, else SQLExecDirect of
 * `sql`): every row read, (g, 'r' || g) continuing from *next. Returns the rows read, -1 on
 * a failure. */
static long fetch_declared(SQLHSTMT st, const char *sql, bool prepared, SQLINTEGER *next)
{
    SQLRETURN rc = prepared ? SQLExecute(st) : SQLExecDirect(st, (SQLCHAR *)sql, SQL_NTS);
    if (!ITEST_OK(rc, SQL_HANDLE_STMT, st))
        return -1;
    SQLSMALLINT cols = 0;
    ITEST_OK(SQLNumResultCols(st, &cols), SQL_HANDLE_STMT, st);
    CU_ASSERT_EQUAL(cols, 2);
    long n = 0;
    SQLINTEGER g = 0;
    char text[16], want[16];
    while (SQL_SUCCEEDED(rc = SQLFetch(st))) {
        ITEST_OK(SQLGetData(st, 1, SQL_C_SLONG, &g, 0, NULL), SQL_HANDLE_STMT, st);
        ITEST_OK(SQLGetData(st, 2, SQL_C_CHAR, text, sizeof text, NULL), SQL_HANDLE_STMT, st);
        snprintf(want, sizeof want, "r%d", (int)*next);
        if (g != *next || strcmp(text, want) != 0) {
            fprintf(stderr, "\n    %s: row (%d, %s), expected (%d, %s)\n", sql, (int)g, text,
                    (int)*next, want);
            CU_FAIL("declared cursor row");
            return -1;
        }
        ++*next;
        n++;
    }
    CU_ASSERT_EQUAL(rc, SQL_NO_DATA);
    ITEST_OK(SQLFreeStmt(st, SQL_CLOSE), SQL_HANDLE_STMT, st);
    return n;
}

/* A cursor DECLAREd WITH HOLD and read with FETCH n, as Tableau's PostgreSQL connector sends
 * them (through psqlODBC's declare/fetch mode): declare "SQL_CUR<address>" cursor with hold
 * for <query>; fetch 100 in "SQL_CUR..." until a FETCH returns no row; close "SQL_CUR...".
 * CrateDB added DECLARE/FETCH/CLOSE for this (FACTS §3.9); here they run in autocommit
 * (no BEGIN), with another statement between the FETCHes, the FETCH executed directly and
 * prepared once and executed again, and FETCHes that stream in chunks smaller than n
 * (FetchSize 7: a FETCH's portal suspended and resumed). */
static void test_declare_with_hold(void)
{
    static const char *const name = "\"SQL_CUR0x55d0c8a0\"";
    static const struct { const char *extra; bool prepared; } runs[] = {
        {NULL, false},
        {"FetchSize=7", true},
    };
    for (size_t r = 0; r < sizeof runs / sizeof runs[0]; r++) {
        char cs[1024], sql[256], out[16];
        SQLHDBC dbc;
        itest_dsnless(cs, sizeof cs, ITEST_PW_USER, ITEST_PW_PASS, runs[r].extra);
        ITEST_OK_FATAL(SQLAllocHandle(SQL_HANDLE_DBC, itest_env, &dbc), SQL_HANDLE_ENV,
                       itest_env);
        ITEST_OK_FATAL(SQLDriverConnect(dbc, NULL, (SQLCHAR *)cs, SQL_NTS, NULL, 0, NULL,
                                        SQL_DRIVER_NOPROMPT), SQL_HANDLE_DBC, dbc);
        SQLHSTMT st = itest_stmt(dbc);
        snprintf(sql, sizeof sql, "declare %s cursor with hold for "
                 "SELECT g, 'r' || g FROM generate_series(1, 250) AS g", name);
        CU_ASSERT_FATAL(itest_exec(st, sql));
        SQLSMALLINT cols = -1;
        ITEST_OK(SQLNumResultCols(st, &cols), SQL_HANDLE_STMT, st);
        CU_ASSERT_EQUAL(cols, 0);
        ITEST_OK(SQLFreeStmt(st, SQL_CLOSE), SQL_HANDLE_STMT, st);
        /* held: it outlives the statement that declared it, outside any transaction */
        if (itest_query_text(dbc, "SELECT is_holdable FROM pg_catalog.pg_cursors "
                                  "WHERE name = 'SQL_CUR0x55d0c8a0'", out, sizeof out))
            CU_ASSERT_STRING_EQUAL(out, "1");

        snprintf(sql, sizeof sql, "fetch 100 in %s", name);
        if (runs[r].prepared)
            ITEST_OK(SQLPrepare(st, (SQLCHAR *)sql, SQL_NTS), SQL_HANDLE_STMT, st);
        static const long chunks[] = {100, 100, 50, 0};
        SQLINTEGER next = 1;
        for (size_t i = 0; i < sizeof chunks / sizeof chunks[0]; i++) {
            long n = fetch_declared(st, sql, runs[r].prepared, &next);
            if (n != chunks[i])
                fprintf(stderr, "\n    %s FETCH %zu: %ld rows, expected %ld\n",
                        runs[r].extra ? runs[r].extra : "", i + 1, n, chunks[i]);
            CU_ASSERT_EQUAL(n, chunks[i]);
            /* the connection serves other statements while the cursor is open */
            CU_ASSERT(itest_query_text(dbc, "SELECT 'between'", out, sizeof out));
            CU_ASSERT_STRING_EQUAL(out, "between");
        }
        CU_ASSERT_EQUAL(next, 251);

        snprintf(sql, sizeof sql, "close %s", name);
        CU_ASSERT(itest_exec_on(dbc, sql));
        /* closed: a FETCH fails with ODBC's invalid cursor name (CrateDB: XX000 "No cursor
         * named ..."), and the connection carries on */
        SQLHSTMT again = itest_stmt(dbc);
        snprintf(sql, sizeof sql, "fetch 100 in %s", name);
        ITEST_EXPECT_ERROR(SQLExecDirect(again, (SQLCHAR *)sql, SQL_NTS), SQL_HANDLE_STMT, again,
                           "34000");
        itest_free_stmt(again);
        CU_ASSERT(itest_query_text(dbc, "SELECT 'after'", out, sizeof out));
        CU_ASSERT_STRING_EQUAL(out, "after");
        itest_free_stmt(st);
        itest_disconnect(dbc);
    }
}

/* Function sequence and cursor state errors. */
static void test_state_errors(void)
{
    SQLHDBC dbc = itest_connect();
    SQLHSTMT st = itest_stmt(dbc);
    SQLINTEGER v = 0;
    ITEST_EXPECT_ERROR(SQLFetch(st), SQL_HANDLE_STMT, st, "HY010|24000");
    ITEST_EXPECT_ERROR(SQLCloseCursor(st), SQL_HANDLE_STMT, st, "24000");
    ITEST_OK_FATAL(SQLExecDirect(st, (SQLCHAR *)"SELECT 1", SQL_NTS), SQL_HANDLE_STMT, st);
    ITEST_EXPECT_ERROR(SQLGetData(st, 1, SQL_C_SLONG, &v, 0, NULL), SQL_HANDLE_STMT, st, "24000");
    ITEST_EXPECT_ERROR(SQLExecDirect(st, (SQLCHAR *)"SELECT 2", SQL_NTS), SQL_HANDLE_STMT, st,
                       "24000");
    ITEST_EXPECT_ERROR(SQLFetchScroll(st, SQL_FETCH_PRIOR, 0), SQL_HANDLE_STMT, st, "HY106");
    ITEST_EXPECT_ERROR(SQLSetStmtAttr(st, SQL_ATTR_CURSOR_TYPE, ATTR(SQL_CURSOR_STATIC), 0),
                       SQL_HANDLE_STMT, st, "24000|HY011");
    ITEST_EXPECT_ERROR(SQLSetPos(st, 1, SQL_POSITION, SQL_LOCK_NO_CHANGE), SQL_HANDLE_STMT, st,
                       "24000");
    ITEST_OK(SQLFetch(st), SQL_HANDLE_STMT, st);
    CU_ASSERT_EQUAL(SQLFetch(st), SQL_NO_DATA);
    ITEST_OK(SQLFreeStmt(st, SQL_CLOSE), SQL_HANDLE_STMT, st);
    ITEST_OK(SQLFreeStmt(st, SQL_CLOSE), SQL_HANDLE_STMT, st);   /* no cursor: fine */
    ITEST_OK(SQLFreeStmt(st, SQL_UNBIND), SQL_HANDLE_STMT, st);
    ITEST_OK(SQLFreeStmt(st, SQL_RESET_PARAMS), SQL_HANDLE_STMT, st);
    /* keyset-driven is downgraded to static with 01S02 */
    ITEST_EXPECT_INFO(SQLSetStmtAttr(st, SQL_ATTR_CURSOR_TYPE, ATTR(SQL_CURSOR_KEYSET_DRIVEN), 0),
                      SQL_HANDLE_STMT, st, "01S02");
    SQLULEN ct = 0;
    ITEST_OK(SQLGetStmtAttr(st, SQL_ATTR_CURSOR_TYPE, &ct, 0, NULL), SQL_HANDLE_STMT, st);
    CU_ASSERT_EQUAL(ct, SQL_CURSOR_STATIC);
    ITEST_EXPECT_INFO(SQLSetStmtAttr(st, SQL_ATTR_CONCURRENCY, ATTR(SQL_CONCUR_LOCK), 0),
                      SQL_HANDLE_STMT, st, "01S02");
    itest_free_stmt(st);
    itest_disconnect(dbc);
}

/* SQL_ATTR_MAX_ROWS caps forward-only and static cursors. */
static void test_max_rows(void)
{
    SQLHDBC dbc = itest_connect();
    SQLHSTMT st = itest_stmt(dbc);
    SQLINTEGER v[10];
    SQLULEN fetched = 0;
    ITEST_OK(SQLSetStmtAttr(st, SQL_ATTR_MAX_ROWS, ATTR(7), 0), SQL_HANDLE_STMT, st);
    ITEST_OK(SQLSetStmtAttr(st, SQL_ATTR_ROW_ARRAY_SIZE, ATTR(5), 0), SQL_HANDLE_STMT, st);
    ITEST_OK(SQLSetStmtAttr(st, SQL_ATTR_ROWS_FETCHED_PTR, &fetched, 0), SQL_HANDLE_STMT, st);
    ITEST_OK(SQLBindCol(st, 1, SQL_C_SLONG, v, 0, NULL), SQL_HANDLE_STMT, st);
    ITEST_OK_FATAL(SQLExecDirect(st, (SQLCHAR *)"SELECT g FROM generate_series(1, 100) AS g",
                                 SQL_NTS), SQL_HANDLE_STMT, st);
    ITEST_OK(SQLFetch(st), SQL_HANDLE_STMT, st);
    CU_ASSERT_EQUAL(fetched, 5);
    ITEST_OK(SQLFetch(st), SQL_HANDLE_STMT, st);
    CU_ASSERT_EQUAL(fetched, 2);
    CU_ASSERT_EQUAL(v[1], 7);
    CU_ASSERT_EQUAL(SQLFetch(st), SQL_NO_DATA);
    ITEST_OK(SQLCloseCursor(st), SQL_HANDLE_STMT, st);
    ITEST_OK(SQLSetStmtAttr(st, SQL_ATTR_CURSOR_TYPE, ATTR(SQL_CURSOR_STATIC), 0),
             SQL_HANDLE_STMT, st);
    ITEST_OK_FATAL(SQLExecDirect(st, (SQLCHAR *)"SELECT g FROM generate_series(1, 100) AS g "
                                                "ORDER BY 1", SQL_NTS), SQL_HANDLE_STMT, st);
    ITEST_OK(SQLFetchScroll(st, SQL_FETCH_LAST, 0), SQL_HANDLE_STMT, st);
    CU_ASSERT_EQUAL(v[0], 3);
    CU_ASSERT_EQUAL(fetched, 5);
    itest_free_stmt(st);
    itest_disconnect(dbc);
}

void itest_register_cursors(void)
{
    static const itest_case cases[] = {
        { "fetch_orientations", test_fetch_orientations },
        { "scroll_100k", test_scroll_100k },
        { "binding_orientations", test_binding_orientations },
        { "row_status_error", test_row_status_error },
        { "bookmarks", test_bookmarks },
        { "setpos_getdata", test_setpos_getdata },
        { "extended_fetch", test_extended_fetch },
        { "interleaved", test_interleaved },
        { "streaming_first_row", test_streaming_first_row },
        { "declare_with_hold", test_declare_with_hold },
        { "cancel_thread", test_cancel_thread },
        { "query_timeout", test_query_timeout },
        { "state_errors", test_state_errors },
        { "max_rows", test_max_rows },
        { NULL, NULL },
    };
    itest_add_suite("cursors", cases);
}
