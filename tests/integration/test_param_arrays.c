/*
 * test_param_arrays.c: parameter arrays on statements that return rows
 * (driver/array_results.c): one result per parameter set, in order, through
 * SQLMoreResults (SQL_PARAM_ARRAY_SELECTS = SQL_PAS_BATCH), with
 * SQLExecDirect and SQLPrepare/SQLExecute, column-wise and row-wise binding,
 * static and streamed cursors; the status array and
 * SQL_ATTR_PARAMS_PROCESSED_PTR as the sets run; a set that fails on the
 * server, ignored sets, data at execution (and the set number SQLParamData
 * gives, for the counts path too), INSERT ... RETURNING, and a cursor closed
 * in the middle. Arrays of statements that return counts are test_params.c's.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "itest.h"

static SQLHDBC dbc;
static char table[64];

/* A table t(id int PRIMARY KEY, name text) holding rows 1..n named "r<id>". */
static void make_rows(int n)
{
    char sql[256];
    itest_table_name(table, sizeof table, "arr");
    snprintf(sql, sizeof sql, "CREATE TABLE %s (id int PRIMARY KEY, name text)", table);
    if (!itest_exec_on(dbc, sql))
        CU_FAIL_FATAL("CREATE TABLE failed");
    for (int i = 1; i <= n; i++) {
        snprintf(sql, sizeof sql, "INSERT INTO %s (id, name) VALUES (%d, 'r%d')", table, i, i);
        CU_ASSERT_FATAL(itest_exec_on(dbc, sql));
    }
    CU_ASSERT_FATAL(itest_refresh(dbc, table));
}

static void drop_rows(void)
{
    char sql[128];
    snprintf(sql, sizeof sql, "DROP TABLE %s", table);
    itest_exec_on(dbc, sql);
}

/* Sets the array attributes: n sets, their status array and counter. */
static void array_attrs(SQLHSTMT st, SQLULEN n, SQLUSMALLINT *status, SQLULEN *processed)
{
    ITEST_OK(SQLSetStmtAttr(st, SQL_ATTR_PARAMSET_SIZE, (SQLPOINTER)n, 0), SQL_HANDLE_STMT, st);
    ITEST_OK(SQLSetStmtAttr(st, SQL_ATTR_PARAM_STATUS_PTR, status, 0), SQL_HANDLE_STMT, st);
    ITEST_OK(SQLSetStmtAttr(st, SQL_ATTR_PARAMS_PROCESSED_PTR, processed, 0), SQL_HANDLE_STMT,
             st);
}

/* Reads the current result of "SELECT id, name ... ORDER BY id" whole and
 * checks its ids are from..to (names r<id>), with SQLRowCount,
 * SQLNumResultCols and SQLDescribeCol answering for it. */
static void expect_ids(SQLHSTMT st, int from, int to)
{
    SQLSMALLINT ncols = 0, namelen = 0, type = 0;
    SQLCHAR colname[32];
    SQLINTEGER id;
    char name[16], want[16];
    SQLLEN ind, rows = -2;
    ITEST_OK(SQLNumResultCols(st, &ncols), SQL_HANDLE_STMT, st);
    CU_ASSERT_EQUAL(ncols, 2);
    ITEST_OK(SQLDescribeCol(st, 2, colname, sizeof colname, &namelen, &type, NULL, NULL, NULL),
             SQL_HANDLE_STMT, st);
    CU_ASSERT_STRING_EQUAL((char *)colname, "name");
    ITEST_OK(SQLRowCount(st, &rows), SQL_HANDLE_STMT, st);
    CU_ASSERT_EQUAL(rows, to - from + 1);   /* each result fits in its first chunk */
    int got = 0;
    for (int want_id = from; want_id <= to; want_id++) {
        if (!ITEST_OK(SQLFetch(st), SQL_HANDLE_STMT, st))
            return;
        ITEST_OK(SQLGetData(st, 1, SQL_C_SLONG, &id, 0, &ind), SQL_HANDLE_STMT, st);
        ITEST_OK(SQLGetData(st, 2, SQL_C_CHAR, name, sizeof name, &ind), SQL_HANDLE_STMT, st);
        snprintf(want, sizeof want, "r%d", want_id);
        CU_ASSERT_EQUAL(id, want_id);
        CU_ASSERT_STRING_EQUAL(name, want);
        got++;
    }
    CU_ASSERT_EQUAL(got, to - from + 1);
    CU_ASSERT_EQUAL(SQLFetch(st), SQL_NO_DATA);
}

/* The one-value result of the current set, as text. */
static void expect_value(SQLHSTMT st, const char *want)
{
    char got[64] = "";
    SQLLEN ind = 0;
    if (ITEST_OK(SQLFetch(st), SQL_HANDLE_STMT, st) &&
        ITEST_OK(SQLGetData(st, 1, SQL_C_CHAR, got, sizeof got, &ind), SQL_HANDLE_STMT, st))
        CU_ASSERT_STRING_EQUAL(got, want);
    CU_ASSERT_EQUAL(SQLFetch(st), SQL_NO_DATA);
}

/* SQLGetInfo says one result per set; SQLExecDirect with a column-wise
 * array of three sets gives three results, in set order, each with its own
 * rows and row count, then SQL_NO_DATA. */
static void test_select_three_sets(void)
{
    SQLINTEGER lo[3] = { 1, 3, 4 }, hi[3] = { 2, 3, 6 };
    SQLUSMALLINT status[3] = { 9, 9, 9 };
    SQLULEN processed = 99;
    SQLUINTEGER pas = 0;
    char sql[256];
    dbc = itest_connect();
    ITEST_OK(SQLGetInfo(dbc, SQL_PARAM_ARRAY_SELECTS, &pas, sizeof pas, NULL), SQL_HANDLE_DBC,
             dbc);
    CU_ASSERT_EQUAL(pas, SQL_PAS_BATCH);
    make_rows(6);
    SQLHSTMT st = itest_stmt(dbc);
    array_attrs(st, 3, status, &processed);
    ITEST_OK(SQLBindParameter(st, 1, SQL_PARAM_INPUT, SQL_C_SLONG, SQL_INTEGER, 0, 0, lo, 0,
                              NULL), SQL_HANDLE_STMT, st);
    ITEST_OK(SQLBindParameter(st, 2, SQL_PARAM_INPUT, SQL_C_SLONG, SQL_INTEGER, 0, 0, hi, 0,
                              NULL), SQL_HANDLE_STMT, st);
    snprintf(sql, sizeof sql, "SELECT id, name FROM %s WHERE id >= ? AND id <= ? ORDER BY id",
             table);
    ITEST_OK_FATAL(SQLExecDirect(st, (SQLCHAR *)sql, SQL_NTS), SQL_HANDLE_STMT, st);
    /* the sets run as their results are reached */
    CU_ASSERT_EQUAL(processed, 1);
    CU_ASSERT_EQUAL(status[0], SQL_PARAM_SUCCESS);
    CU_ASSERT_EQUAL(status[2], SQL_PARAM_UNUSED);
    expect_ids(st, 1, 2);
    ITEST_OK(SQLMoreResults(st), SQL_HANDLE_STMT, st);
    CU_ASSERT_EQUAL(processed, 2);
    expect_ids(st, 3, 3);
    ITEST_OK(SQLMoreResults(st), SQL_HANDLE_STMT, st);
    expect_ids(st, 4, 6);
    CU_ASSERT_EQUAL(SQLMoreResults(st), SQL_NO_DATA);
    CU_ASSERT_EQUAL(processed, 3);
    for (int i = 0; i < 3; i++)
        CU_ASSERT_EQUAL(status[i], SQL_PARAM_SUCCESS);
    /* the bound values were taken at execution: changing them now changes
     * nothing, and a second execution uses the new ones */
    lo[0] = 5, hi[0] = 5;
    ITEST_OK_FATAL(SQLExecDirect(st, (SQLCHAR *)sql, SQL_NTS), SQL_HANDLE_STMT, st);
    expect_ids(st, 5, 5);
    ITEST_OK(SQLMoreResults(st), SQL_HANDLE_STMT, st);
    expect_ids(st, 3, 3);
    itest_free_stmt(st);
    drop_rows();
    itest_disconnect(dbc);
}

/* SQLPrepare once, SQLExecute twice; row-wise binding with a bind offset,
 * a static cursor per result (scrolled to its last row and back), and the
 * application's buffers changed between the SQLExecute and the
 * SQLMoreResults that reaches a set: the values of the execution count. */
static void test_prepared_row_wise_static(void)
{
    struct row { SQLINTEGER lo; SQLLEN lo_ind; SQLINTEGER hi; SQLLEN hi_ind; };
    struct row r[4] = { { 0, 0, 0, 0 }, { 2, 0, 4, 0 }, { 6, 0, 6, 0 }, { 1, 0, 3, 0 } };
    SQLULEN offset = sizeof(struct row);     /* r[0] is skipped */
    SQLUSMALLINT status[3];
    SQLULEN processed = 0;
    SQLINTEGER id;
    SQLLEN ind;
    char sql[256];
    dbc = itest_connect();
    make_rows(6);
    SQLHSTMT st = itest_stmt(dbc);
    ITEST_OK(SQLSetStmtAttr(st, SQL_ATTR_CURSOR_TYPE, (SQLPOINTER)SQL_CURSOR_STATIC, 0),
             SQL_HANDLE_STMT, st);
    array_attrs(st, 3, status, &processed);
    ITEST_OK(SQLSetStmtAttr(st, SQL_ATTR_PARAM_BIND_TYPE, (SQLPOINTER)sizeof(struct row), 0),
             SQL_HANDLE_STMT, st);
    ITEST_OK(SQLSetStmtAttr(st, SQL_ATTR_PARAM_BIND_OFFSET_PTR, &offset, 0), SQL_HANDLE_STMT,
             st);
    ITEST_OK(SQLBindParameter(st, 1, SQL_PARAM_INPUT, SQL_C_SLONG, SQL_INTEGER, 0, 0, &r[0].lo,
                              0, &r[0].lo_ind), SQL_HANDLE_STMT, st);
    ITEST_OK(SQLBindParameter(st, 2, SQL_PARAM_INPUT, SQL_C_SLONG, SQL_INTEGER, 0, 0, &r[0].hi,
                              0, &r[0].hi_ind), SQL_HANDLE_STMT, st);
    snprintf(sql, sizeof sql, "SELECT id, name FROM %s WHERE id BETWEEN ? AND ? ORDER BY id",
             table);
    ITEST_OK_FATAL(SQLPrepare(st, (SQLCHAR *)sql, SQL_NTS), SQL_HANDLE_STMT, st);
    for (int round = 0; round < 2; round++) {
        ITEST_OK_FATAL(SQLExecute(st), SQL_HANDLE_STMT, st);
        r[3].lo = 5;    /* after SQLExecute: not what set 3 runs with */
        ITEST_OK(SQLFetchScroll(st, SQL_FETCH_LAST, 0), SQL_HANDLE_STMT, st);
        ITEST_OK(SQLGetData(st, 1, SQL_C_SLONG, &id, 0, &ind), SQL_HANDLE_STMT, st);
        CU_ASSERT_EQUAL(id, 4);
        ITEST_OK(SQLFetchScroll(st, SQL_FETCH_FIRST, 0), SQL_HANDLE_STMT, st);
        ITEST_OK(SQLGetData(st, 1, SQL_C_SLONG, &id, 0, &ind), SQL_HANDLE_STMT, st);
        CU_ASSERT_EQUAL(id, 2);
        ITEST_OK(SQLMoreResults(st), SQL_HANDLE_STMT, st);
        ITEST_OK(SQLFetchScroll(st, SQL_FETCH_LAST, 0), SQL_HANDLE_STMT, st);
        ITEST_OK(SQLGetData(st, 1, SQL_C_SLONG, &id, 0, &ind), SQL_HANDLE_STMT, st);
        CU_ASSERT_EQUAL(id, 6);
        ITEST_OK(SQLMoreResults(st), SQL_HANDLE_STMT, st);
        SQLULEN before = processed;
        CU_ASSERT_EQUAL(before, 3);
        expect_ids(st, 1, 3);
        CU_ASSERT_EQUAL(SQLMoreResults(st), SQL_NO_DATA);
        r[3].lo = 1;
    }
    itest_free_stmt(st);
    drop_rows();
    itest_disconnect(dbc);
}

/* A set whose query fails on the server (division by zero) is ERROR in the
 * status array with its diagnostic (SQL_DIAG_ROW_NUMBER = its set); the
 * sets after it still run. A failure of the last set is the SQLMoreResults'
 * error; every set failing is SQLExecDirect's. */
static void test_failing_set(void)
{
    SQLINTEGER d[4] = { 3, 0, 4, 0 };
    SQLUSMALLINT status[4];
    SQLULEN processed = 0;
    SQLLEN rownum = 0;
    char state[6], msg[512];
    const char *sql = "SELECT 12 / ?";
    dbc = itest_connect();
    SQLHSTMT st = itest_stmt(dbc);
    array_attrs(st, 4, status, &processed);
    ITEST_OK(SQLBindParameter(st, 1, SQL_PARAM_INPUT, SQL_C_SLONG, SQL_INTEGER, 0, 0, d, 0,
                              NULL), SQL_HANDLE_STMT, st);
    ITEST_OK_FATAL(SQLExecDirect(st, (SQLCHAR *)sql, SQL_NTS), SQL_HANDLE_STMT, st);
    expect_value(st, "4");
    /* set 2 fails: the call goes on to set 3 and says so */
    CU_ASSERT_EQUAL(SQLMoreResults(st), SQL_SUCCESS_WITH_INFO);
    CU_ASSERT(itest_diag(SQL_HANDLE_STMT, st, state, msg, sizeof msg));
    CU_ASSERT_STRING_EQUAL(state, "22012");
    SQLGetDiagField(SQL_HANDLE_STMT, st, 1, SQL_DIAG_ROW_NUMBER, &rownum, 0, NULL);
    CU_ASSERT_EQUAL(rownum, 2);
    CU_ASSERT_EQUAL(status[1], SQL_PARAM_ERROR);
    CU_ASSERT_EQUAL(status[2], SQL_PARAM_SUCCESS);
    CU_ASSERT_EQUAL(processed, 3);
    expect_value(st, "3");
    /* the last set fails: no result follows it */
    CU_ASSERT_EQUAL(SQLMoreResults(st), SQL_ERROR);
    SQLGetDiagField(SQL_HANDLE_STMT, st, 1, SQL_DIAG_ROW_NUMBER, &rownum, 0, NULL);
    CU_ASSERT_EQUAL(rownum, 4);
    CU_ASSERT_EQUAL(status[3], SQL_PARAM_ERROR);
    CU_ASSERT_EQUAL(processed, 4);
    CU_ASSERT_EQUAL(SQLMoreResults(st), SQL_NO_DATA);
    CU_ASSERT_EQUAL(status[0], SQL_PARAM_SUCCESS);
    /* every set fails: the execution does */
    d[0] = 0, d[2] = 0;
    ITEST_EXPECT_ERROR(SQLExecDirect(st, (SQLCHAR *)sql, SQL_NTS), SQL_HANDLE_STMT, st,
                       "22012");
    for (int i = 0; i < 4; i++)
        CU_ASSERT_EQUAL(status[i], SQL_PARAM_ERROR);
    CU_ASSERT_EQUAL(processed, 4);
    /* the statement is usable again */
    d[0] = 6;
    ITEST_OK(SQLSetStmtAttr(st, SQL_ATTR_PARAMSET_SIZE, (SQLPOINTER)1, 0), SQL_HANDLE_STMT, st);
    ITEST_OK_FATAL(SQLExecDirect(st, (SQLCHAR *)sql, SQL_NTS), SQL_HANDLE_STMT, st);
    expect_value(st, "2");
    itest_free_stmt(st);
    itest_disconnect(dbc);
}

/* A statement the server refuses fails once, before any set runs: every set
 * UNUSED (as for an array of INSERTs). A value the driver cannot convert
 * (out of range) fails its set at execution; a value the server cannot cast
 * fails its set when the set runs; the others run either way. */
static void test_bad_statement_and_values(void)
{
    SQLBIGINT v[3] = { 7, 8, 9 };
    SQLCHAR txt[3][8] = { "7", "x", "9" };
    SQLUSMALLINT status[3] = { 9, 9, 9 };
    SQLULEN processed = 0;
    SQLLEN rownum = 0;
    char state[6];
    dbc = itest_connect();
    SQLHSTMT st = itest_stmt(dbc);
    array_attrs(st, 3, status, &processed);
    ITEST_OK(SQLBindParameter(st, 1, SQL_PARAM_INPUT, SQL_C_SBIGINT, SQL_INTEGER, 0, 0, v, 0,
                              NULL), SQL_HANDLE_STMT, st);
    ITEST_EXPECT_ERROR(SQLExecDirect(st, (SQLCHAR *)"SELECT ? FROM no_such_table_arrays",
                                     SQL_NTS), SQL_HANDLE_STMT, st, "42S02|42P01|42000");
    for (int i = 0; i < 3; i++)
        CU_ASSERT_EQUAL(status[i], SQL_PARAM_UNUSED);
    CU_ASSERT_EQUAL(processed, 0);
    /* 5000000000 is no integer: set 2 fails in the driver (22003) */
    v[1] = 5000000000LL;
    SQLRETURN rc = SQLExecDirect(st, (SQLCHAR *)"SELECT ? + 1", SQL_NTS);
    CU_ASSERT_EQUAL(rc, SQL_SUCCESS_WITH_INFO);
    CU_ASSERT(itest_diag(SQL_HANDLE_STMT, st, state, NULL, 0));
    CU_ASSERT_STRING_EQUAL(state, "22003");
    SQLGetDiagField(SQL_HANDLE_STMT, st, 1, SQL_DIAG_ROW_NUMBER, &rownum, 0, NULL);
    CU_ASSERT_EQUAL(rownum, 2);
    CU_ASSERT_EQUAL(status[1], SQL_PARAM_ERROR);
    expect_value(st, "8");
    ITEST_OK(SQLMoreResults(st), SQL_HANDLE_STMT, st);
    expect_value(st, "10");
    CU_ASSERT_EQUAL(SQLMoreResults(st), SQL_NO_DATA);
    CU_ASSERT_EQUAL(processed, 3);
    CU_ASSERT(status[0] == SQL_PARAM_SUCCESS && status[2] == SQL_PARAM_SUCCESS);
    /* "x" reaches the server, whose cast fails set 2 when it runs */
    ITEST_OK(SQLBindParameter(st, 1, SQL_PARAM_INPUT, SQL_C_CHAR, SQL_VARCHAR, 7, 0, txt, 8,
                              NULL), SQL_HANDLE_STMT, st);
    ITEST_OK_FATAL(SQLExecDirect(st, (SQLCHAR *)"SELECT CAST(? AS integer) + 1", SQL_NTS),
                   SQL_HANDLE_STMT, st);
    expect_value(st, "8");
    CU_ASSERT_EQUAL(SQLMoreResults(st), SQL_SUCCESS_WITH_INFO);
    rownum = 0;
    SQLGetDiagField(SQL_HANDLE_STMT, st, 1, SQL_DIAG_ROW_NUMBER, &rownum, 0, NULL);
    CU_ASSERT_EQUAL(rownum, 2);
    CU_ASSERT_EQUAL(status[1], SQL_PARAM_ERROR);
    expect_value(st, "10");
    CU_ASSERT_EQUAL(SQLMoreResults(st), SQL_NO_DATA);
    CU_ASSERT(status[0] == SQL_PARAM_SUCCESS && status[2] == SQL_PARAM_SUCCESS);
    itest_free_stmt(st);
    itest_disconnect(dbc);
}

/* SQL_PARAM_IGNORE: an ignored set gives no result and stays UNUSED; the
 * counter leaves it out (as for the counts path). */
static void test_ignored_sets(void)
{
    SQLINTEGER v[4] = { 10, 20, 30, 40 };
    SQLUSMALLINT status[4], ops[4] = { SQL_PARAM_IGNORE, SQL_PARAM_PROCEED, SQL_PARAM_IGNORE,
                                      SQL_PARAM_PROCEED };
    SQLULEN processed = 0;
    dbc = itest_connect();
    SQLHSTMT st = itest_stmt(dbc);
    array_attrs(st, 4, status, &processed);
    ITEST_OK(SQLSetStmtAttr(st, SQL_ATTR_PARAM_OPERATION_PTR, ops, 0), SQL_HANDLE_STMT, st);
    ITEST_OK(SQLBindParameter(st, 1, SQL_PARAM_INPUT, SQL_C_SLONG, SQL_INTEGER, 0, 0, v, 0,
                              NULL), SQL_HANDLE_STMT, st);
    ITEST_OK_FATAL(SQLPrepare(st, (SQLCHAR *)"SELECT ? + 1", SQL_NTS), SQL_HANDLE_STMT, st);
    ITEST_OK_FATAL(SQLExecute(st), SQL_HANDLE_STMT, st);
    expect_value(st, "21");
    ITEST_OK(SQLMoreResults(st), SQL_HANDLE_STMT, st);
    expect_value(st, "41");
    CU_ASSERT_EQUAL(SQLMoreResults(st), SQL_NO_DATA);
    CU_ASSERT_EQUAL(processed, 2);
    CU_ASSERT(status[0] == SQL_PARAM_UNUSED && status[1] == SQL_PARAM_SUCCESS &&
              status[2] == SQL_PARAM_UNUSED && status[3] == SQL_PARAM_SUCCESS);
    /* every set ignored: nothing runs, no result */
    ops[1] = ops[3] = SQL_PARAM_IGNORE;
    ITEST_OK(SQLExecute(st), SQL_HANDLE_STMT, st);
    CU_ASSERT_EQUAL(processed, 0);
    CU_ASSERT_EQUAL(SQLMoreResults(st), SQL_NO_DATA);
    itest_free_stmt(st);
    itest_disconnect(dbc);
}

/* Runs the data-at-execution dialogue for `n` sets of one text parameter:
 * SQLParamData asks set by set, in order, and names the set (1-based) in
 * SQL_ATTR_PARAMS_PROCESSED_PTR, as the ODBC spec requires for arrays;
 * each set gets "v<set>". Returns the last SQLParamData's rc. */
static SQLRETURN dae_dialogue(SQLHSTMT st, int n, const SQLULEN *processed, char *tokens)
{
    SQLPOINTER tok = NULL;
    char val[16];
    for (int k = 0; k < n; k++) {
        CU_ASSERT_EQUAL_FATAL(SQLParamData(st, &tok), SQL_NEED_DATA);
        CU_ASSERT_EQUAL(*processed, (SQLULEN)k + 1);
        CU_ASSERT_PTR_EQUAL(tok, tokens + 8 * k);
        snprintf(val, sizeof val, "v%d", k + 1);
        ITEST_OK(SQLPutData(st, val, 1), SQL_HANDLE_STMT, st);          /* in two pieces */
        ITEST_OK(SQLPutData(st, val + 1, SQL_NTS), SQL_HANDLE_STMT, st);
    }
    return SQLParamData(st, &tok);
}

/* Data at execution with an array on a SELECT: three sets of pieces, then
 * three results. */
static void test_data_at_exec_select(void)
{
    char tokens[3][8] = { "a", "b", "c" };
    SQLLEN dae[3] = { SQL_DATA_AT_EXEC, SQL_LEN_DATA_AT_EXEC(0), SQL_DATA_AT_EXEC };
    SQLUSMALLINT status[3];
    SQLULEN processed = 0;
    dbc = itest_connect();
    SQLHSTMT st = itest_stmt(dbc);
    array_attrs(st, 3, status, &processed);
    ITEST_OK(SQLBindParameter(st, 1, SQL_PARAM_INPUT, SQL_C_CHAR, SQL_VARCHAR, 0, 0, tokens, 8,
                              dae), SQL_HANDLE_STMT, st);
    CU_ASSERT_EQUAL_FATAL(SQLExecDirect(st, (SQLCHAR *)"SELECT 'got ' || ?", SQL_NTS),
                          SQL_NEED_DATA);
    ITEST_OK_FATAL(dae_dialogue(st, 3, &processed, tokens[0]), SQL_HANDLE_STMT, st);
    CU_ASSERT_EQUAL(processed, 1);
    expect_value(st, "got v1");
    ITEST_OK(SQLMoreResults(st), SQL_HANDLE_STMT, st);
    expect_value(st, "got v2");
    ITEST_OK(SQLMoreResults(st), SQL_HANDLE_STMT, st);
    expect_value(st, "got v3");
    CU_ASSERT_EQUAL(SQLMoreResults(st), SQL_NO_DATA);
    CU_ASSERT_EQUAL(processed, 3);
    itest_free_stmt(st);
    itest_disconnect(dbc);
}

/* The counts path (an INSERT) with data at execution: SQLParamData names
 * the set it asks for in SQL_ATTR_PARAMS_PROCESSED_PTR too. */
static void test_data_at_exec_names_set(void)
{
    char tokens[3][8] = { "a", "b", "c" };
    SQLINTEGER ids[3] = { 1, 2, 3 };
    SQLLEN dae[3] = { SQL_DATA_AT_EXEC, SQL_DATA_AT_EXEC, SQL_DATA_AT_EXEC };
    SQLUSMALLINT status[3];
    SQLULEN processed = 0;
    char sql[256], got[32];
    dbc = itest_connect();
    make_rows(0);
    SQLHSTMT st = itest_stmt(dbc);
    array_attrs(st, 3, status, &processed);
    ITEST_OK(SQLBindParameter(st, 1, SQL_PARAM_INPUT, SQL_C_SLONG, SQL_INTEGER, 0, 0, ids, 0,
                              NULL), SQL_HANDLE_STMT, st);
    ITEST_OK(SQLBindParameter(st, 2, SQL_PARAM_INPUT, SQL_C_CHAR, SQL_VARCHAR, 0, 0, tokens, 8,
                              dae), SQL_HANDLE_STMT, st);
    snprintf(sql, sizeof sql, "INSERT INTO %s (id, name) VALUES (?, ?)", table);
    CU_ASSERT_EQUAL_FATAL(SQLExecDirect(st, (SQLCHAR *)sql, SQL_NTS), SQL_NEED_DATA);
    ITEST_OK(dae_dialogue(st, 3, &processed, tokens[0]), SQL_HANDLE_STMT, st);
    CU_ASSERT_EQUAL(processed, 3);
    CU_ASSERT(status[0] == SQL_PARAM_SUCCESS && status[2] == SQL_PARAM_SUCCESS);
    itest_free_stmt(st);
    CU_ASSERT(itest_refresh(dbc, table));
    snprintf(sql, sizeof sql, "SELECT name FROM %s WHERE id = 3", table);
    if (itest_query_text(dbc, sql, got, sizeof got))
        CU_ASSERT_STRING_EQUAL(got, "v3");
    drop_rows();
    itest_disconnect(dbc);
}

/* INSERT ... RETURNING with an array: each set's inserted row is its
 * result; every row is in the table once. UPDATE ... RETURNING likewise,
 * with an empty result (row count 0) for a set that matches no row. */
static void test_insert_returning(void)
{
    SQLINTEGER ids[3] = { 7, 8, 9 };
    char names[3][8] = { "seven", "eight", "nine" };
    SQLLEN name_ind[3] = { SQL_NTS, SQL_NTS, SQL_NTS };
    SQLUSMALLINT status[3];
    SQLULEN processed = 0;
    SQLLEN rows = 0;
    char sql[256], got[32];
    dbc = itest_connect();
    make_rows(0);
    SQLHSTMT st = itest_stmt(dbc);
    array_attrs(st, 3, status, &processed);
    ITEST_OK(SQLBindParameter(st, 1, SQL_PARAM_INPUT, SQL_C_SLONG, SQL_INTEGER, 0, 0, ids, 0,
                              NULL), SQL_HANDLE_STMT, st);
    ITEST_OK(SQLBindParameter(st, 2, SQL_PARAM_INPUT, SQL_C_CHAR, SQL_VARCHAR, 7, 0, names, 8,
                              name_ind), SQL_HANDLE_STMT, st);
    snprintf(sql, sizeof sql,
             "INSERT INTO %s (id, name) VALUES (?, ?) RETURNING name", table);
    ITEST_OK_FATAL(SQLExecDirect(st, (SQLCHAR *)sql, SQL_NTS), SQL_HANDLE_STMT, st);
    expect_value(st, "seven");
    ITEST_OK(SQLRowCount(st, &rows), SQL_HANDLE_STMT, st);
    CU_ASSERT_EQUAL(rows, 1);
    ITEST_OK(SQLMoreResults(st), SQL_HANDLE_STMT, st);
    expect_value(st, "eight");
    ITEST_OK(SQLMoreResults(st), SQL_HANDLE_STMT, st);
    expect_value(st, "nine");
    CU_ASSERT_EQUAL(SQLMoreResults(st), SQL_NO_DATA);
    CU_ASSERT_EQUAL(processed, 3);
    /* UPDATE ... RETURNING: a set that matches no row gives an empty result */
    CU_ASSERT(itest_refresh(dbc, table));
    ids[1] = 100;
    snprintf(names[0], sizeof names[0], "SEVEN");
    snprintf(sql, sizeof sql, "UPDATE %s SET name = ? WHERE id = ? RETURNING name", table);
    ITEST_OK(SQLBindParameter(st, 1, SQL_PARAM_INPUT, SQL_C_CHAR, SQL_VARCHAR, 7, 0, names, 8,
                              name_ind), SQL_HANDLE_STMT, st);
    ITEST_OK(SQLBindParameter(st, 2, SQL_PARAM_INPUT, SQL_C_SLONG, SQL_INTEGER, 0, 0, ids, 0,
                              NULL), SQL_HANDLE_STMT, st);
    ITEST_OK_FATAL(SQLExecDirect(st, (SQLCHAR *)sql, SQL_NTS), SQL_HANDLE_STMT, st);
    expect_value(st, "SEVEN");
    ITEST_OK(SQLMoreResults(st), SQL_HANDLE_STMT, st);
    CU_ASSERT_EQUAL(SQLFetch(st), SQL_NO_DATA);
    ITEST_OK(SQLRowCount(st, &rows), SQL_HANDLE_STMT, st);
    CU_ASSERT_EQUAL(rows, 0);
    ITEST_OK(SQLMoreResults(st), SQL_HANDLE_STMT, st);
    expect_value(st, "nine");
    CU_ASSERT_EQUAL(SQLMoreResults(st), SQL_NO_DATA);
    CU_ASSERT(status[0] == SQL_PARAM_SUCCESS && status[1] == SQL_PARAM_SUCCESS &&
              status[2] == SQL_PARAM_SUCCESS);
    itest_free_stmt(st);
    CU_ASSERT(itest_refresh(dbc, table));
    snprintf(sql, sizeof sql, "SELECT count(*) FROM %s", table);
    if (itest_query_text(dbc, sql, got, sizeof got))
        CU_ASSERT_STRING_EQUAL(got, "3");
    snprintf(sql, sizeof sql, "SELECT name FROM %s WHERE id = 7", table);
    if (itest_query_text(dbc, sql, got, sizeof got))
        CU_ASSERT_STRING_EQUAL(got, "SEVEN");
    drop_rows();
    itest_disconnect(dbc);
}

/* Closing the cursor in the middle (SQLCloseCursor, SQLFreeStmt(SQL_CLOSE))
 * discards the sets not reached: they never run and stay UNUSED. */
static void test_close_in_middle(void)
{
    SQLINTEGER v[3] = { 1, 20, 300 };
    SQLUSMALLINT status[3];
    SQLULEN processed = 0;
    char sql[256], got[32];
    dbc = itest_connect();
    make_rows(0);
    SQLHSTMT st = itest_stmt(dbc);
    array_attrs(st, 3, status, &processed);
    ITEST_OK(SQLBindParameter(st, 1, SQL_PARAM_INPUT, SQL_C_SLONG, SQL_INTEGER, 0, 0, v, 0,
                              NULL), SQL_HANDLE_STMT, st);
    /* a write per set shows which sets ran */
    snprintf(sql, sizeof sql, "INSERT INTO %s (id) VALUES (?) RETURNING id", table);
    for (int how = 0; how < 2; how++) {
        ITEST_OK_FATAL(SQLExecDirect(st, (SQLCHAR *)sql, SQL_NTS), SQL_HANDLE_STMT, st);
        if (how == 0)
            ITEST_OK(SQLCloseCursor(st), SQL_HANDLE_STMT, st);
        else
            ITEST_OK(SQLFreeStmt(st, SQL_CLOSE), SQL_HANDLE_STMT, st);
        CU_ASSERT_EQUAL(SQLMoreResults(st), SQL_NO_DATA);
        CU_ASSERT(status[0] == SQL_PARAM_SUCCESS && status[1] == SQL_PARAM_UNUSED &&
                  status[2] == SQL_PARAM_UNUSED);
        CU_ASSERT_EQUAL(processed, 1);
        v[0] = 4000;
    }
    itest_free_stmt(st);
    CU_ASSERT(itest_refresh(dbc, table));
    snprintf(sql, sizeof sql, "SELECT sum(id) FROM %s", table);   /* 1 and 4000 only */
    if (itest_query_text(dbc, sql, got, sizeof got))
        CU_ASSERT_STRING_EQUAL(got, "4001");
    drop_rows();
    itest_disconnect(dbc);
}

/* Results larger than FetchSize stream in chunks, one set at a time: a
 * result left half-read is closed by SQLMoreResults and the next set runs;
 * another statement on the connection may run between the results. */
static void test_streamed_results(void)
{
    SQLINTEGER n[3] = { 250, 3, 120 };
    SQLUSMALLINT status[3];
    SQLULEN processed = 0;
    SQLINTEGER g;
    SQLLEN ind;
    char cs[512], got[32];
    SQLHDBC d;
    itest_dsnless(cs, sizeof cs, ITEST_PW_USER, ITEST_PW_PASS, "FetchSize=50");
    ITEST_OK_FATAL(SQLAllocHandle(SQL_HANDLE_DBC, itest_env, &d), SQL_HANDLE_ENV, itest_env);
    ITEST_OK_FATAL(SQLDriverConnect(d, NULL, (SQLCHAR *)cs, SQL_NTS, NULL, 0, NULL,
                                    SQL_DRIVER_NOPROMPT), SQL_HANDLE_DBC, d);
    SQLHSTMT st = itest_stmt(d);
    array_attrs(st, 3, status, &processed);
    ITEST_OK(SQLBindParameter(st, 1, SQL_PARAM_INPUT, SQL_C_SLONG, SQL_INTEGER, 0, 0, n, 0,
                              NULL), SQL_HANDLE_STMT, st);
    ITEST_OK_FATAL(SQLExecDirect(st, (SQLCHAR *)"SELECT g::integer FROM generate_series(1, ?) "
                                 "AS g ORDER BY 1", SQL_NTS), SQL_HANDLE_STMT, st);
    for (int i = 1; i <= 70; i++) {     /* into the second chunk, then leave it */
        if (!ITEST_OK(SQLFetch(st), SQL_HANDLE_STMT, st))
            break;
        ITEST_OK(SQLGetData(st, 1, SQL_C_SLONG, &g, 0, &ind), SQL_HANDLE_STMT, st);
        CU_ASSERT_EQUAL(g, i);
    }
    ITEST_OK(SQLMoreResults(st), SQL_HANDLE_STMT, st);
    int count = 0;
    while (SQLFetch(st) == SQL_SUCCESS)
        count++;
    CU_ASSERT_EQUAL(count, 3);
    ITEST_OK(SQLMoreResults(st), SQL_HANDLE_STMT, st);
    /* another statement between two chunks of the third result */
    for (int i = 1; i <= 60; i++)
        ITEST_OK(SQLFetch(st), SQL_HANDLE_STMT, st);
    CU_ASSERT(itest_query_text(d, "SELECT 'other'", got, sizeof got));
    for (count = 60; SQLFetch(st) == SQL_SUCCESS; count++) {
        ITEST_OK(SQLGetData(st, 1, SQL_C_SLONG, &g, 0, &ind), SQL_HANDLE_STMT, st);
        CU_ASSERT_EQUAL(g, count + 1);
    }
    CU_ASSERT_EQUAL(count, 120);
    CU_ASSERT_EQUAL(SQLMoreResults(st), SQL_NO_DATA);
    CU_ASSERT_EQUAL(processed, 3);
    itest_free_stmt(st);
    itest_disconnect(d);
}

/* PostgreSQL inside a transaction the application opened: a failing set
 * aborts it, so the sets after it are not run (every one would fail with
 * 25P02) and stay UNUSED, as for an array of INSERTs there. CrateDB has no
 * transactions. */
static void test_failing_set_in_transaction(void)
{
    SQLINTEGER d[3] = { 3, 0, 4 };
    SQLUSMALLINT status[3];
    SQLULEN processed = 0;
    if (itest_speaks_crate()) {
        itest_not_applicable("param_arrays/failing_set_in_transaction: CrateDB has no "
                             "transactions");
        return;
    }
    dbc = itest_connect();
    CU_ASSERT_FATAL(itest_exec_on(dbc, "BEGIN"));
    SQLHSTMT st = itest_stmt(dbc);
    array_attrs(st, 3, status, &processed);
    ITEST_OK(SQLBindParameter(st, 1, SQL_PARAM_INPUT, SQL_C_SLONG, SQL_INTEGER, 0, 0, d, 0,
                              NULL), SQL_HANDLE_STMT, st);
    ITEST_OK_FATAL(SQLExecDirect(st, (SQLCHAR *)"SELECT 12 / ?", SQL_NTS), SQL_HANDLE_STMT, st);
    expect_value(st, "4");
    ITEST_EXPECT_ERROR(SQLMoreResults(st), SQL_HANDLE_STMT, st, "22012");
    CU_ASSERT(status[0] == SQL_PARAM_SUCCESS && status[1] == SQL_PARAM_ERROR &&
              status[2] == SQL_PARAM_UNUSED);
    CU_ASSERT_EQUAL(processed, 2);
    CU_ASSERT_EQUAL(SQLMoreResults(st), SQL_NO_DATA);
    itest_free_stmt(st);
    CU_ASSERT(itest_exec_on(dbc, "ROLLBACK"));
    itest_disconnect(dbc);
}

/* SQLMoreResults as work for itest_run_cancelled */
static SQLRETURN more_results(SQLHSTMT st, void *arg)
{
    (void)arg;
    return SQLMoreResults(st);
}

/* SQL_ATTR_QUERY_TIMEOUT and SQLCancel stop the set that runs (each set is
 * a request of its own): the call that ran it returns HYT00 / HY008, the
 * set is ERROR, the sets after it never run (UNUSED), no result follows;
 * the statement runs again afterwards. Set 2 takes 5 s, the limit is 1 s. */
static void interrupt_set(bool timeout)
{
    SQLINTEGER n[3] = { 1, 50, 1 };     /* tenths of a second */
    SQLUSMALLINT status[3];
    SQLULEN processed = 0;
    SQLRETURN rc, cancel_rc = SQL_SUCCESS;
    char state[6];
    const char *sql = "SELECT count(*) FROM generate_series(1, ?) AS g "
                      "WHERE pg_sleep(g * 0 + 0.1) IS NULL";
    /* one row of 0.1 s: CrateDB's pg_sleep is NULL, PostgreSQL's void is not */
    const char *one = itest_is_cratedb() ? "1" : "0";
    dbc = itest_connect();
    SQLHSTMT st = itest_stmt(dbc);
    array_attrs(st, 3, status, &processed);
    if (timeout)
        ITEST_OK(SQLSetStmtAttr(st, SQL_ATTR_QUERY_TIMEOUT, (SQLPOINTER)1, 0), SQL_HANDLE_STMT,
                 st);
    ITEST_OK(SQLBindParameter(st, 1, SQL_PARAM_INPUT, SQL_C_SLONG, SQL_INTEGER, 0, 0, n, 0,
                              NULL), SQL_HANDLE_STMT, st);
    ITEST_OK_FATAL(SQLExecDirect(st, (SQLCHAR *)sql, SQL_NTS), SQL_HANDLE_STMT, st);
    expect_value(st, one);
    if (timeout)
        rc = SQLMoreResults(st);
    else
        rc = itest_run_cancelled(st, more_results, NULL, 1000, &cancel_rc);
    CU_ASSERT_EQUAL(cancel_rc, SQL_SUCCESS);
    CU_ASSERT_EQUAL(rc, SQL_ERROR);
    CU_ASSERT(itest_diag(SQL_HANDLE_STMT, st, state, NULL, 0));
    CU_ASSERT_STRING_EQUAL(state, timeout ? "HYT00" : "HY008");
    CU_ASSERT(status[0] == SQL_PARAM_SUCCESS && status[1] == SQL_PARAM_ERROR &&
              status[2] == SQL_PARAM_UNUSED);
    CU_ASSERT_EQUAL(processed, 2);
    CU_ASSERT_EQUAL(SQLMoreResults(st), SQL_NO_DATA);
    n[1] = 1;
    ITEST_OK_FATAL(SQLExecDirect(st, (SQLCHAR *)sql, SQL_NTS), SQL_HANDLE_STMT, st);
    for (int i = 0; i < 3; i++) {
        expect_value(st, one);
        CU_ASSERT_EQUAL(SQLMoreResults(st), i < 2 ? SQL_SUCCESS : SQL_NO_DATA);
    }
    itest_free_stmt(st);
    itest_disconnect(dbc);
}

static void test_query_timeout(void) { interrupt_set(true); }
static void test_cancel(void) { interrupt_set(false); }

void itest_register_param_arrays(void)
{
    static const itest_case cases[] = {
        {"select_three_sets", test_select_three_sets},
        {"prepared_row_wise_static", test_prepared_row_wise_static},
        {"failing_set", test_failing_set},
        {"bad_statement_and_values", test_bad_statement_and_values},
        {"ignored_sets", test_ignored_sets},
        {"data_at_exec_select", test_data_at_exec_select},
        {"data_at_exec_names_set", test_data_at_exec_names_set},
        {"insert_returning", test_insert_returning},
        {"close_in_middle", test_close_in_middle},
        {"streamed_results", test_streamed_results},
        {"failing_set_in_transaction", test_failing_set_in_transaction},
        {"query_timeout", test_query_timeout},
        {"cancel", test_cancel},
        {NULL, NULL},
    };
    itest_add_suite("param_arrays", cases);
}
