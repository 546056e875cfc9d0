/*
 * test_setpos.c: updatable static cursors: SQLSetPos SQL_UPDATE, SQL_DELETE and SQL_REFRESH
 * under SQL_CONCUR_ROWVER and SQL_CONCUR_VALUES, on a table with a primary key and (CrateDB)
 * on one without, read back through another statement; a change made by another connection
 * between the fetch and SQLSetPos (SQL_ROW_ERROR + 01001); the row status array;
 * SQL_COLUMN_IGNORE; SQL_ATTR_ROW_OPERATION_PTR; the hidden key columns staying hidden;
 * statements that cannot be updatable (01S02 at execution); SQLGetInfo's answers.
 *
 * Profiles: the driver finds a row again by its key and notices a change by the row's version:
 * `_seq_no`/`_primary_term` on CrateDB, `xmin` on PostgreSQL (asked of the table, so the crate
 * profile, PostgreSQL behind the proxy that says CrateDB, uses xmin). Only CrateDB has `_id`
 * for a table without a primary key (cratedb profile); elsewhere such a cursor stays
 * read-only (01S02, test downgrades).
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "itest.h"

#define ATTR(v) ((SQLPOINTER)(uintptr_t)(v))


/* A table of three rows (1,'one',10) (2,'two',20) (3,'three',30), with or without a primary
 * key, refreshed. */
static void make_table(SQLHDBC dbc, char *name, size_t len, bool pk)
{
    char sql[256];
    itest_table_name(name, len, pk ? "sp_pk" : "sp_nopk");
    snprintf(sql, sizeof sql, "CREATE TABLE %s (id INTEGER%s, name VARCHAR(20), v INTEGER)",
             name, pk ? " PRIMARY KEY" : "");
    CU_ASSERT_FATAL(itest_exec_on(dbc, sql));
    snprintf(sql, sizeof sql, "INSERT INTO %s (id, name, v) VALUES (1, 'one', 10), "
             "(2, 'two', 20), (3, 'three', 30)", name);
    CU_ASSERT_FATAL(itest_exec_on(dbc, sql));
    CU_ASSERT_FATAL(itest_refresh(dbc, name));
}

static void drop_table(SQLHDBC dbc, const char *name)
{
    char sql[160];
    snprintf(sql, sizeof sql, "DROP TABLE %s", name);
    itest_exec_on(dbc, sql);
}

/* The rowset buffers of the cursor: column-wise, three rows. */
typedef struct grid {
    SQLHSTMT st;
    SQLINTEGER id[3], v[3];
    char name[3][21];
    SQLLEN id_ind[3], name_ind[3], v_ind[3];
    SQLUSMALLINT status[3];
    SQLULEN fetched;
} grid;

static SQLRETURN open_grid(SQLHDBC dbc, grid *g, SQLULEN concurrency, const char *sql)
{
    memset(g, 0, sizeof *g);
    g->st = itest_stmt(dbc);
    SQLHSTMT st = g->st;
    ITEST_OK(SQLSetStmtAttr(st, SQL_ATTR_CURSOR_TYPE, ATTR(SQL_CURSOR_STATIC), 0),
             SQL_HANDLE_STMT, st);
    ITEST_OK(SQLSetStmtAttr(st, SQL_ATTR_CONCURRENCY, ATTR(concurrency), 0), SQL_HANDLE_STMT, st);
    ITEST_OK(SQLSetStmtAttr(st, SQL_ATTR_ROW_ARRAY_SIZE, ATTR(3), 0), SQL_HANDLE_STMT, st);
    ITEST_OK(SQLSetStmtAttr(st, SQL_ATTR_ROW_STATUS_PTR, g->status, 0), SQL_HANDLE_STMT, st);
    ITEST_OK(SQLSetStmtAttr(st, SQL_ATTR_ROWS_FETCHED_PTR, &g->fetched, 0), SQL_HANDLE_STMT, st);
    ITEST_OK(SQLBindCol(st, 1, SQL_C_SLONG, g->id, 0, g->id_ind), SQL_HANDLE_STMT, st);
    ITEST_OK(SQLBindCol(st, 2, SQL_C_CHAR, g->name, sizeof g->name[0], g->name_ind),
             SQL_HANDLE_STMT, st);
    ITEST_OK(SQLBindCol(st, 3, SQL_C_SLONG, g->v, 0, g->v_ind), SQL_HANDLE_STMT, st);
    return SQLExecDirect(st, (SQLCHAR *)sql, SQL_NTS);
}

/* name and v of row `id`, read back by key on a statement of its own (realtime on CrateDB);
 * false when the row is gone. */
static bool read_back(SQLHDBC dbc, const char *table, int id, char *name, size_t len,
                      SQLINTEGER *v)
{
    char sql[200];
    /* without a primary key, `id` is an ordinary column: CrateDB needs a refresh (a
     * lookup by primary key is realtime, so the other table gets none) */
    if (strncmp(table, "sp_nopk", 7) == 0)
        itest_refresh(dbc, table);
    snprintf(sql, sizeof sql, "SELECT name, v FROM %s WHERE id = %d", table, id);
    SQLHSTMT st = itest_stmt(dbc);
    ITEST_OK(SQLExecDirect(st, (SQLCHAR *)sql, SQL_NTS), SQL_HANDLE_STMT, st);
    SQLLEN ind;
    SQLRETURN rc = SQLFetch(st);
    bool found = SQL_SUCCEEDED(rc);
    if (found) {
        ITEST_OK(SQLGetData(st, 1, SQL_C_CHAR, name, (SQLLEN)len, &ind), SQL_HANDLE_STMT, st);
        ITEST_OK(SQLGetData(st, 2, SQL_C_SLONG, v, 0, &ind), SQL_HANDLE_STMT, st);
    }
    itest_free_stmt(st);
    return found;
}

/* Update, delete and refresh through SQLSetPos on a table found by `pk` (or by _id). */
static void edit_rows(SQLULEN concurrency, bool pk)
{
    SQLHDBC dbc = itest_connect();
    char table[64], sql[256], name[32];
    SQLINTEGER v = 0;
    make_table(dbc, table, sizeof table, pk);
    grid g;
    snprintf(sql, sizeof sql, "SELECT id, name, v FROM %s ORDER BY id", table);
    SQLRETURN orc = open_grid(dbc, &g, concurrency, sql);   /* sets g.st */
    ITEST_OK_FATAL(orc, SQL_HANDLE_STMT, g.st);
    SQLULEN got = 0;
    ITEST_OK(SQLGetStmtAttr(g.st, SQL_ATTR_CONCURRENCY, &got, 0, NULL), SQL_HANDLE_STMT, g.st);
    CU_ASSERT_EQUAL(got, concurrency);
    SQLSMALLINT ncols = 0;
    ITEST_OK(SQLNumResultCols(g.st, &ncols), SQL_HANDLE_STMT, g.st);
    CU_ASSERT_EQUAL(ncols, 3);   /* the key and version columns stay hidden */
    ITEST_OK_FATAL(SQLFetchScroll(g.st, SQL_FETCH_FIRST, 0), SQL_HANDLE_STMT, g.st);
    CU_ASSERT_EQUAL(g.fetched, 3);
    CU_ASSERT_EQUAL(g.id[1], 2);
    /* row 2: a new name, v left alone with SQL_COLUMN_IGNORE */
    strcpy(g.name[1], "deux");
    g.name_ind[1] = SQL_NTS;
    g.v[1] = -1;
    g.v_ind[1] = SQL_COLUMN_IGNORE;
    g.id_ind[1] = SQL_COLUMN_IGNORE;
    ITEST_OK(SQLSetPos(g.st, 2, SQL_UPDATE, SQL_LOCK_NO_CHANGE), SQL_HANDLE_STMT, g.st);
    CU_ASSERT_EQUAL(g.status[1], SQL_ROW_UPDATED);
    CU_ASSERT(read_back(dbc, table, 2, name, sizeof name, &v));
    CU_ASSERT_STRING_EQUAL(name, "deux");
    CU_ASSERT_EQUAL(v, 20);
    /* the same row again: the cursor knows the row's new version and values */
    g.v[1] = 22;
    g.v_ind[1] = 0;
    ITEST_OK(SQLSetPos(g.st, 2, SQL_UPDATE, SQL_LOCK_NO_CHANGE), SQL_HANDLE_STMT, g.st);
    CU_ASSERT_EQUAL(g.status[1], SQL_ROW_UPDATED);
    CU_ASSERT(read_back(dbc, table, 2, name, sizeof name, &v));
    CU_ASSERT_STRING_EQUAL(name, "deux");
    CU_ASSERT_EQUAL(v, 22);
    /* row 3 deleted */
    ITEST_OK(SQLSetPos(g.st, 3, SQL_DELETE, SQL_LOCK_NO_CHANGE), SQL_HANDLE_STMT, g.st);
    CU_ASSERT_EQUAL(g.status[2], SQL_ROW_DELETED);
    CU_ASSERT(!read_back(dbc, table, 3, name, sizeof name, &v));
    /* scrolling back: the cursor shows its own changes (SQL_SS_UPDATES), the deleted row
     * stays with SQL_ROW_DELETED */
    memset(g.name, 0, sizeof g.name);
    ITEST_OK(SQLFetchScroll(g.st, SQL_FETCH_FIRST, 0), SQL_HANDLE_STMT, g.st);
    CU_ASSERT_STRING_EQUAL(g.name[1], "deux");
    CU_ASSERT_EQUAL(g.v[1], 22);
    CU_ASSERT_EQUAL(g.status[0], SQL_ROW_SUCCESS);
    CU_ASSERT_EQUAL(g.status[1], SQL_ROW_UPDATED);
    CU_ASSERT_EQUAL(g.status[2], SQL_ROW_DELETED);
    /* SQL_ATTR_ROW_OPERATION_PTR: row 0 = every row but the ignored one */
    SQLUSMALLINT ops[3] = { SQL_ROW_PROCEED, SQL_ROW_IGNORE, SQL_ROW_IGNORE };
    ITEST_OK(SQLSetStmtAttr(g.st, SQL_ATTR_ROW_OPERATION_PTR, ops, 0), SQL_HANDLE_STMT, g.st);
    g.v[0] = 11;
    g.name_ind[0] = SQL_COLUMN_IGNORE;
    ITEST_OK(SQLSetPos(g.st, 0, SQL_UPDATE, SQL_LOCK_NO_CHANGE), SQL_HANDLE_STMT, g.st);
    CU_ASSERT_EQUAL(g.status[0], SQL_ROW_UPDATED);
    CU_ASSERT(read_back(dbc, table, 1, name, sizeof name, &v));
    CU_ASSERT_STRING_EQUAL(name, "one");
    CU_ASSERT_EQUAL(v, 11);
    itest_free_stmt(g.st);
    drop_table(dbc, table);
    itest_disconnect(dbc);
}

static void test_rowver_pk(void)
{
    edit_rows(SQL_CONCUR_ROWVER, true);
}

static void test_values_pk(void)
{
    edit_rows(SQL_CONCUR_VALUES, true);
}

/* CrateDB: a table without a primary key has its rows found by _id. */
static void test_rowver_no_pk_uses_id(void)
{
    if (!itest_is_cratedb()) {
        itest_not_applicable("a table without a primary key is updatable only on CrateDB, "
                             "through _id (PostgreSQL has no _id)");
        return;
    }
    edit_rows(SQL_CONCUR_ROWVER, false);
}

/* Another connection changes a row between the fetch and SQLSetPos: SQL_ROW_ERROR, 01001,
 * the row untouched; SQL_REFRESH then shows the other connection's values. */
static void concurrent_change(SQLULEN concurrency, SQLUSMALLINT op)
{
    SQLHDBC dbc = itest_connect(), other = itest_connect();
    char table[64], sql[256], name[32];
    SQLINTEGER v = 0;
    make_table(dbc, table, sizeof table, true);
    grid g;
    snprintf(sql, sizeof sql, "SELECT id, name, v FROM %s ORDER BY id", table);
    SQLRETURN orc = open_grid(dbc, &g, concurrency, sql);   /* sets g.st */
    ITEST_OK_FATAL(orc, SQL_HANDLE_STMT, g.st);
    ITEST_OK_FATAL(SQLFetchScroll(g.st, SQL_FETCH_FIRST, 0), SQL_HANDLE_STMT, g.st);
    snprintf(sql, sizeof sql, "UPDATE %s SET v = 99 WHERE id = 1", table);
    CU_ASSERT(itest_exec_on(other, sql));
    strcpy(g.name[0], "mine");
    g.name_ind[0] = SQL_NTS;
    SQLRETURN rc = SQLSetPos(g.st, 1, op, SQL_LOCK_NO_CHANGE);
    char state[6], msg[512];
    CU_ASSERT_EQUAL(rc, SQL_SUCCESS_WITH_INFO);
    CU_ASSERT(itest_diag(SQL_HANDLE_STMT, g.st, state, msg, sizeof msg));
    CU_ASSERT_STRING_EQUAL(state, "01001");
    CU_ASSERT_PTR_NOT_NULL(strstr(msg, "conflict"));
    CU_ASSERT_EQUAL(g.status[0], SQL_ROW_ERROR);
    SQLLEN diag_row = 0;
    ITEST_OK(SQLGetDiagField(SQL_HANDLE_STMT, g.st, 1, SQL_DIAG_ROW_NUMBER, &diag_row, 0, NULL),
             SQL_HANDLE_STMT, g.st);
    CU_ASSERT_EQUAL(diag_row, 1);
    CU_ASSERT(read_back(dbc, table, 1, name, sizeof name, &v));
    CU_ASSERT_STRING_EQUAL(name, "one");
    CU_ASSERT_EQUAL(v, 99);
    /* refresh from the server, then the change goes through */
    ITEST_OK(SQLSetPos(g.st, 1, SQL_REFRESH, SQL_LOCK_NO_CHANGE), SQL_HANDLE_STMT, g.st);
    CU_ASSERT_EQUAL(g.v[0], 99);
    CU_ASSERT_STRING_EQUAL(g.name[0], "one");
    strcpy(g.name[0], "mine");
    g.name_ind[0] = SQL_NTS;   /* the refresh left the length of "one" there */
    ITEST_OK(SQLSetPos(g.st, 1, op, SQL_LOCK_NO_CHANGE), SQL_HANDLE_STMT, g.st);
    CU_ASSERT(read_back(dbc, table, 1, name, sizeof name, &v) == (op == SQL_UPDATE));
    if (op == SQL_UPDATE)
        CU_ASSERT_STRING_EQUAL(name, "mine");
    itest_free_stmt(g.st);
    drop_table(dbc, table);
    itest_disconnect(other);
    itest_disconnect(dbc);
}

static void test_conflict_rowver(void)
{
    concurrent_change(SQL_CONCUR_ROWVER, SQL_UPDATE);
    concurrent_change(SQL_CONCUR_ROWVER, SQL_DELETE);
}

static void test_conflict_values(void)
{
    concurrent_change(SQL_CONCUR_VALUES, SQL_UPDATE);
    concurrent_change(SQL_CONCUR_VALUES, SQL_DELETE);
}

/* What cannot be updatable stays read-only with 01S02 at execution, and SQLSetPos updates
 * are refused there (HY092); SQL_CONCUR_LOCK becomes ROWVER. */
static void test_downgrades(void)
{
    SQLHDBC dbc = itest_connect();
    char table[64], sql[256];
    make_table(dbc, table, sizeof table, true);
    static const char *const shapes[] = {
        "SELECT count(*) FROM %s",
        "SELECT DISTINCT name FROM %s",
        "SELECT a.id FROM %s a, %s b WHERE a.id = b.id",
        "SELECT name, count(*) FROM %s GROUP BY name",
    };
    for (size_t i = 0; i < sizeof shapes / sizeof shapes[0]; i++) {
        snprintf(sql, sizeof sql, shapes[i], table, table);
        grid g;
        SQLRETURN rc = open_grid(dbc, &g, SQL_CONCUR_ROWVER, sql);
        if (!ITEST_EXPECT_INFO(rc, SQL_HANDLE_STMT, g.st, "01S02"))
            fprintf(stderr, "    for %s\n", sql);
        SQLULEN got = 0;
        ITEST_OK(SQLGetStmtAttr(g.st, SQL_ATTR_CONCURRENCY, &got, 0, NULL), SQL_HANDLE_STMT,
                 g.st);
        CU_ASSERT_EQUAL(got, SQL_CONCUR_READ_ONLY);
        ITEST_OK(SQLFreeStmt(g.st, SQL_UNBIND), SQL_HANDLE_STMT, g.st);   /* other shapes */
        ITEST_OK(SQLFetchScroll(g.st, SQL_FETCH_FIRST, 0), SQL_HANDLE_STMT, g.st);
        ITEST_EXPECT_ERROR(SQLSetPos(g.st, 1, SQL_UPDATE, SQL_LOCK_NO_CHANGE), SQL_HANDLE_STMT,
                           g.st, "HY092");
        itest_free_stmt(g.st);
    }
    /* PostgreSQL (pg and crate profiles): no primary key, no _id */
    if (!itest_is_cratedb()) {
        char nopk[64];
        make_table(dbc, nopk, sizeof nopk, false);
        snprintf(sql, sizeof sql, "SELECT id, name, v FROM %s", nopk);
        grid g;
        SQLRETURN rc = open_grid(dbc, &g, SQL_CONCUR_VALUES, sql);   /* sets g.st */
        ITEST_EXPECT_INFO(rc, SQL_HANDLE_STMT, g.st, "01S02");
        itest_free_stmt(g.st);
        drop_table(dbc, nopk);
    }
    /* a statement without a cursor neither warns nor changes the concurrency */
    SQLHSTMT dml = itest_stmt(dbc);
    ITEST_OK(SQLSetStmtAttr(dml, SQL_ATTR_CURSOR_TYPE, ATTR(SQL_CURSOR_STATIC), 0),
             SQL_HANDLE_STMT, dml);
    ITEST_OK(SQLSetStmtAttr(dml, SQL_ATTR_CONCURRENCY, ATTR(SQL_CONCUR_ROWVER), 0),
             SQL_HANDLE_STMT, dml);
    snprintf(sql, sizeof sql, "UPDATE %s SET v = v WHERE id = 1", table);
    CU_ASSERT_EQUAL(SQLExecDirect(dml, (SQLCHAR *)sql, SQL_NTS), SQL_SUCCESS);
    SQLULEN conc = 0;
    ITEST_OK(SQLGetStmtAttr(dml, SQL_ATTR_CONCURRENCY, &conc, 0, NULL), SQL_HANDLE_STMT, dml);
    CU_ASSERT_EQUAL(conc, SQL_CONCUR_ROWVER);
    itest_free_stmt(dml);
    /* a forward-only cursor stays read-only */
    SQLHSTMT st = itest_stmt(dbc);
    ITEST_OK(SQLSetStmtAttr(st, SQL_ATTR_CONCURRENCY, ATTR(SQL_CONCUR_VALUES), 0),
             SQL_HANDLE_STMT, st);
    snprintf(sql, sizeof sql, "SELECT id FROM %s", table);
    ITEST_EXPECT_INFO(SQLExecDirect(st, (SQLCHAR *)sql, SQL_NTS), SQL_HANDLE_STMT, st, "01S02");
    itest_free_stmt(st);
    /* no row locks: SQL_CONCUR_LOCK becomes ROWVER */
    st = itest_stmt(dbc);
    ITEST_EXPECT_INFO(SQLSetStmtAttr(st, SQL_ATTR_CONCURRENCY, ATTR(SQL_CONCUR_LOCK), 0),
                      SQL_HANDLE_STMT, st, "01S02");
    SQLULEN got = 0;
    ITEST_OK(SQLGetStmtAttr(st, SQL_ATTR_CONCURRENCY, &got, 0, NULL), SQL_HANDLE_STMT, st);
    CU_ASSERT_EQUAL(got, SQL_CONCUR_ROWVER);
    itest_free_stmt(st);
    drop_table(dbc, table);
    itest_disconnect(dbc);
}

/* SQLBulkOperations: SQL_UPDATE_BY_BOOKMARK, SQL_FETCH_BY_BOOKMARK, SQL_DELETE_BY_BOOKMARK
 * and SQL_ADD, with SQL_ATTR_ROW_OPERATION_PTR leaving a buffer row out; bad bookmarks. */
static void test_bulk_operations(void)
{
    SQLHDBC dbc = itest_connect();
    char table[64], sql[256], name[32];
    SQLINTEGER v = 0;
    make_table(dbc, table, sizeof table, true);
    grid g;
    memset(&g, 0, sizeof g);
    SQLUINTEGER bm[3];
    SQLLEN bm_ind[3];
    SQLUSMALLINT ops[3] = { SQL_ROW_PROCEED, SQL_ROW_PROCEED, SQL_ROW_IGNORE };
    snprintf(sql, sizeof sql, "SELECT id, name, v FROM %s ORDER BY id", table);
    g.st = itest_stmt(dbc);
    SQLHSTMT st = g.st;
    ITEST_OK(SQLSetStmtAttr(st, SQL_ATTR_USE_BOOKMARKS, ATTR(SQL_UB_VARIABLE), 0),
             SQL_HANDLE_STMT, st);
    ITEST_OK(SQLSetStmtAttr(st, SQL_ATTR_CURSOR_TYPE, ATTR(SQL_CURSOR_STATIC), 0),
             SQL_HANDLE_STMT, st);
    ITEST_OK(SQLSetStmtAttr(st, SQL_ATTR_CONCURRENCY, ATTR(SQL_CONCUR_ROWVER), 0),
             SQL_HANDLE_STMT, st);
    ITEST_OK(SQLSetStmtAttr(st, SQL_ATTR_ROW_ARRAY_SIZE, ATTR(3), 0), SQL_HANDLE_STMT, st);
    ITEST_OK(SQLSetStmtAttr(st, SQL_ATTR_ROW_STATUS_PTR, g.status, 0), SQL_HANDLE_STMT, st);
    ITEST_OK(SQLBindCol(st, 0, SQL_C_VARBOOKMARK, bm, sizeof bm[0], bm_ind), SQL_HANDLE_STMT,
             st);
    ITEST_OK(SQLBindCol(st, 1, SQL_C_SLONG, g.id, 0, g.id_ind), SQL_HANDLE_STMT, st);
    ITEST_OK(SQLBindCol(st, 2, SQL_C_CHAR, g.name, sizeof g.name[0], g.name_ind),
             SQL_HANDLE_STMT, st);
    ITEST_OK(SQLBindCol(st, 3, SQL_C_SLONG, g.v, 0, g.v_ind), SQL_HANDLE_STMT, st);
    ITEST_OK_FATAL(SQLExecDirect(st, (SQLCHAR *)sql, SQL_NTS), SQL_HANDLE_STMT, st);
    ITEST_OK_FATAL(SQLFetchScroll(st, SQL_FETCH_FIRST, 0), SQL_HANDLE_STMT, st);
    CU_ASSERT_EQUAL(bm[0], 1);
    CU_ASSERT_EQUAL(bm[2], 3);
    ITEST_OK(SQLSetStmtAttr(st, SQL_ATTR_ROW_OPERATION_PTR, ops, 0), SQL_HANDLE_STMT, st);
    /* update rows 3 and 1 by bookmark: v only */
    bm[0] = 3;
    bm[1] = 1;
    g.v[0] = 33;
    g.v[1] = 11;
    g.v_ind[0] = g.v_ind[1] = 0;
    g.id_ind[0] = g.id_ind[1] = SQL_COLUMN_IGNORE;
    g.name_ind[0] = g.name_ind[1] = SQL_COLUMN_IGNORE;
    g.status[2] = 0xFFFF;
    ITEST_OK(SQLBulkOperations(st, SQL_UPDATE_BY_BOOKMARK), SQL_HANDLE_STMT, st);
    CU_ASSERT_EQUAL(g.status[0], SQL_ROW_UPDATED);
    CU_ASSERT_EQUAL(g.status[1], SQL_ROW_UPDATED);
    CU_ASSERT_EQUAL(g.status[2], 0xFFFF);   /* ignored row: untouched */
    CU_ASSERT(read_back(dbc, table, 3, name, sizeof name, &v));
    CU_ASSERT_EQUAL(v, 33);
    CU_ASSERT(read_back(dbc, table, 1, name, sizeof name, &v));
    CU_ASSERT_EQUAL(v, 11);
    /* fetch rows 2 and 3 by bookmark: row 3 as this cursor changed it */
    bm[0] = 2;
    bm[1] = 3;
    memset(g.v, 0, sizeof g.v);
    ITEST_OK(SQLBulkOperations(st, SQL_FETCH_BY_BOOKMARK), SQL_HANDLE_STMT, st);
    CU_ASSERT_EQUAL(g.id[0], 2);
    CU_ASSERT_EQUAL(g.v[0], 20);
    CU_ASSERT_EQUAL(g.id[1], 3);
    CU_ASSERT_EQUAL(g.v[1], 33);
    CU_ASSERT_EQUAL(g.status[1], SQL_ROW_UPDATED);
    /* delete row 2 by bookmark (buffer row 1 left out) */
    ops[1] = SQL_ROW_IGNORE;
    bm[0] = 2;
    ITEST_OK(SQLBulkOperations(st, SQL_DELETE_BY_BOOKMARK), SQL_HANDLE_STMT, st);
    CU_ASSERT_EQUAL(g.status[0], SQL_ROW_DELETED);
    CU_ASSERT(!read_back(dbc, table, 2, name, sizeof name, &v));
    CU_ASSERT(read_back(dbc, table, 3, name, sizeof name, &v));
    /* add two rows */
    ops[1] = SQL_ROW_PROCEED;
    g.id[0] = 4;
    g.id[1] = 5;
    strcpy(g.name[0], "four");
    strcpy(g.name[1], "five");
    g.v[0] = 40;
    g.v[1] = 50;
    for (int i = 0; i < 2; i++) {
        g.id_ind[i] = g.v_ind[i] = 0;
        g.name_ind[i] = SQL_NTS;
    }
    ITEST_OK(SQLBulkOperations(st, SQL_ADD), SQL_HANDLE_STMT, st);
    CU_ASSERT_EQUAL(g.status[0], SQL_ROW_ADDED);
    CU_ASSERT_EQUAL(g.status[1], SQL_ROW_ADDED);
    CU_ASSERT(read_back(dbc, table, 4, name, sizeof name, &v));
    CU_ASSERT_STRING_EQUAL(name, "four");
    CU_ASSERT_EQUAL(v, 40);
    CU_ASSERT(read_back(dbc, table, 5, name, sizeof name, &v));
    CU_ASSERT_STRING_EQUAL(name, "five");
    /* ODBC 2's SQLSetPos(SQL_ADD) of buffer row 1 */
    g.id[0] = 6;
    strcpy(g.name[0], "six");
    g.name_ind[0] = SQL_NTS;
    g.v_ind[0] = SQL_NULL_DATA;
    ITEST_OK(SQLSetPos(st, 1, SQL_ADD, SQL_LOCK_NO_CHANGE), SQL_HANDLE_STMT, st);
    CU_ASSERT_EQUAL(g.status[0], SQL_ROW_ADDED);
    CU_ASSERT(read_back(dbc, table, 6, name, sizeof name, &v));
    CU_ASSERT_STRING_EQUAL(name, "six");
    /* a bookmark the cursor never gave: HY111 for that row */
    bm[0] = 99;
    ops[1] = SQL_ROW_IGNORE;
    ITEST_EXPECT_ERROR(SQLBulkOperations(st, SQL_FETCH_BY_BOOKMARK), SQL_HANDLE_STMT, st,
                       "HY111");
    itest_free_stmt(st);
    /* a read-only cursor changes nothing */
    SQLRETURN orc = open_grid(dbc, &g, SQL_CONCUR_READ_ONLY, sql);   /* sets g.st */
    ITEST_OK_FATAL(orc, SQL_HANDLE_STMT, g.st);
    ITEST_OK(SQLFetchScroll(g.st, SQL_FETCH_FIRST, 0), SQL_HANDLE_STMT, g.st);
    ITEST_EXPECT_ERROR(SQLBulkOperations(g.st, SQL_ADD), SQL_HANDLE_STMT, g.st, "HY092");
    itest_free_stmt(g.st);
    drop_table(dbc, table);
    itest_disconnect(dbc);
}

/* SELECT shapes that are one table: an alias, the schema written out, `*` beside an
 * expression (the expression column is bound but not written), a quoted table name, a
 * select-list alias over a key column, comments and a marker in the WHERE. */
static void test_select_shapes(void)
{
    SQLHDBC dbc = itest_connect();
    char table[64], sql[384], name[32], schema[64] = "";
    SQLINTEGER v = 0;
    make_table(dbc, table, sizeof table, true);
    CU_ASSERT(itest_query_text(dbc, "SELECT current_schema()", schema, sizeof schema));
    static const char *const shapes[] = {
        "SELECT x.id, x.name, x.v FROM %s%s x WHERE x.id = 2",
        "SELECT *, upper(name) AS shout FROM %s%s AS t ORDER BY id",
        "SELECT id AS ident, name AS label, v /* comment */ FROM %s\"%s\" -- tail\n"
        "ORDER BY 1",
    };
    for (size_t i = 0; i < sizeof shapes / sizeof shapes[0]; i++) {
        char qualified[160];
        snprintf(qualified, sizeof qualified, "%s.", schema);
        snprintf(sql, sizeof sql, shapes[i], i == 0 ? qualified : "", table);
        grid g;
        SQLRETURN rc = open_grid(dbc, &g, SQL_CONCUR_ROWVER, sql);   /* sets g.st */
        if (!ITEST_OK(rc, SQL_HANDLE_STMT, g.st) || rc != SQL_SUCCESS) {
            fprintf(stderr, "    for %s\n", sql);
            CU_FAIL("not updatable");
            itest_free_stmt(g.st);
            continue;
        }
        SQLCHAR shout[3][21];   /* a rowset of 3, column-wise */
        SQLLEN shout_ind[3];
        if (i == 1) {   /* column 4 is the expression: bound, read, never written */
            ITEST_OK(SQLBindCol(g.st, 4, SQL_C_CHAR, shout, sizeof shout[0], shout_ind),
                     SQL_HANDLE_STMT, g.st);
        }
        ITEST_OK_FATAL(SQLFetchScroll(g.st, SQL_FETCH_FIRST, 0), SQL_HANDLE_STMT, g.st);
        size_t r = i == 0 ? 0 : 1;   /* the row with id 2 */
        CU_ASSERT_EQUAL(g.id[r], 2);
        if (i == 1)
            CU_ASSERT_STRING_EQUAL((char *)shout[r], "SHAPE0");   /* shape 0 wrote shape0 */
        snprintf(g.name[r], sizeof g.name[r], "shape%zu", i);
        g.name_ind[r] = SQL_NTS;
        g.v[r] = 200 + (SQLINTEGER)i;
        ITEST_OK(SQLSetPos(g.st, (SQLSETPOSIROW)r + 1, SQL_UPDATE, SQL_LOCK_NO_CHANGE),
                 SQL_HANDLE_STMT, g.st);
        CU_ASSERT_EQUAL(g.status[r], SQL_ROW_UPDATED);
        CU_ASSERT(read_back(dbc, table, 2, name, sizeof name, &v));
        char want[16];
        snprintf(want, sizeof want, "shape%zu", i);
        CU_ASSERT_STRING_EQUAL(name, want);
        CU_ASSERT_EQUAL(v, 200 + (SQLINTEGER)i);
        itest_free_stmt(g.st);
        /* CrateDB: without it the next SELECT may read row 2 in its old version, and
         * SQLSetPos would rightly report a conflict (01001) */
        CU_ASSERT(itest_refresh(dbc, table));
    }
    drop_table(dbc, table);
    itest_disconnect(dbc);
}

/* A prepared statement with a parameter marker, executed twice, is updatable too (its
 * rewritten text goes to the unnamed statement); SQLNumResultCols agrees before and after. */
static void test_prepared(void)
{
    SQLHDBC dbc = itest_connect();
    char table[64], sql[256], name[32];
    SQLINTEGER v = 0, from = 2;
    make_table(dbc, table, sizeof table, true);
    grid g;
    memset(&g, 0, sizeof g);
    g.st = itest_stmt(dbc);
    SQLHSTMT st = g.st;
    ITEST_OK(SQLSetStmtAttr(st, SQL_ATTR_CURSOR_TYPE, ATTR(SQL_CURSOR_STATIC), 0),
             SQL_HANDLE_STMT, st);
    ITEST_OK(SQLSetStmtAttr(st, SQL_ATTR_CONCURRENCY, ATTR(SQL_CONCUR_VALUES), 0),
             SQL_HANDLE_STMT, st);
    ITEST_OK(SQLSetStmtAttr(st, SQL_ATTR_ROW_STATUS_PTR, g.status, 0), SQL_HANDLE_STMT, st);
    snprintf(sql, sizeof sql, "SELECT id, name, v FROM %s WHERE id >= ? ORDER BY id", table);
    ITEST_OK_FATAL(SQLPrepare(st, (SQLCHAR *)sql, SQL_NTS), SQL_HANDLE_STMT, st);
    SQLSMALLINT ncols = 0;
    ITEST_OK(SQLNumResultCols(st, &ncols), SQL_HANDLE_STMT, st);
    CU_ASSERT_EQUAL(ncols, 3);
    ITEST_OK(SQLBindParameter(st, 1, SQL_PARAM_INPUT, SQL_C_SLONG, SQL_INTEGER, 0, 0, &from, 0,
                              NULL), SQL_HANDLE_STMT, st);
    ITEST_OK(SQLBindCol(st, 2, SQL_C_CHAR, g.name, sizeof g.name[0], g.name_ind),
             SQL_HANDLE_STMT, st);
    for (int run = 0; run < 2; run++) {
        ITEST_OK_FATAL(SQLExecute(st), SQL_HANDLE_STMT, st);
        ITEST_OK(SQLNumResultCols(st, &ncols), SQL_HANDLE_STMT, st);
        CU_ASSERT_EQUAL(ncols, 3);
        ITEST_OK_FATAL(SQLFetch(st), SQL_HANDLE_STMT, st);
        snprintf(g.name[0], sizeof g.name[0], "run%d", run);
        g.name_ind[0] = SQL_NTS;
        ITEST_OK(SQLSetPos(st, 1, SQL_UPDATE, SQL_LOCK_NO_CHANGE), SQL_HANDLE_STMT, st);
        CU_ASSERT_EQUAL(g.status[0], SQL_ROW_UPDATED);
        CU_ASSERT(read_back(dbc, table, 2, name, sizeof name, &v));
        CU_ASSERT_STRING_EQUAL(name, run ? "run1" : "run0");
        ITEST_OK(SQLCloseCursor(st), SQL_HANDLE_STMT, st);
        CU_ASSERT(itest_refresh(dbc, table));   /* the next run's SELECT sees run0 */
    }
    itest_free_stmt(st);
    drop_table(dbc, table);
    itest_disconnect(dbc);
}

/* UPDATE/DELETE ... WHERE CURRENT OF on another statement of the connection: the named
 * cursor's current row, found by key (and version under ROWVER); a change by another
 * connection in between is 01001; the wrong names and states. */
static void test_where_current_of(void)
{
    SQLHDBC dbc = itest_connect(), other = itest_connect();
    char table[64], sql[256], name[32];
    SQLINTEGER v = 0;
    make_table(dbc, table, sizeof table, true);
    grid g;
    snprintf(sql, sizeof sql, "SELECT id, name, v FROM %s ORDER BY id", table);
    SQLHSTMT pos = itest_stmt(dbc);
    /* before the cursor is open: 24000 (its generated name is known already) */
    char cname[64];
    SQLSMALLINT len = 0;
    SQLRETURN orc = open_grid(dbc, &g, SQL_CONCUR_ROWVER, sql);   /* sets g.st */
    ITEST_OK_FATAL(orc, SQL_HANDLE_STMT, g.st);
    ITEST_OK(SQLGetCursorName(g.st, (SQLCHAR *)cname, sizeof cname, &len), SQL_HANDLE_STMT,
             g.st);
    snprintf(sql, sizeof sql, "UPDATE %s SET v = 0 WHERE CURRENT OF %s", table, cname);
    ITEST_EXPECT_ERROR(SQLExecDirect(pos, (SQLCHAR *)sql, SQL_NTS), SQL_HANDLE_STMT, pos,
                       "24000");
    ITEST_OK_FATAL(SQLFetchScroll(g.st, SQL_FETCH_FIRST, 0), SQL_HANDLE_STMT, g.st);
    ITEST_OK(SQLSetPos(g.st, 2, SQL_POSITION, SQL_LOCK_NO_CHANGE), SQL_HANDLE_STMT, g.st);
    /* the generated name, with a parameter of the statement's own */
    char newname[8] = "zwei";
    SQLLEN nts = SQL_NTS;
    snprintf(sql, sizeof sql, "UPDATE %s SET name = ? WHERE CURRENT OF %s", table, cname);
    ITEST_OK(SQLBindParameter(pos, 1, SQL_PARAM_INPUT, SQL_C_CHAR, SQL_VARCHAR, 20, 0, newname,
                              sizeof newname, &nts), SQL_HANDLE_STMT, pos);
    ITEST_OK(SQLExecDirect(pos, (SQLCHAR *)sql, SQL_NTS), SQL_HANDLE_STMT, pos);
    SQLLEN count = 0;
    ITEST_OK(SQLRowCount(pos, &count), SQL_HANDLE_STMT, pos);
    CU_ASSERT_EQUAL(count, 1);
    ITEST_OK(SQLFreeStmt(pos, SQL_RESET_PARAMS), SQL_HANDLE_STMT, pos);
    CU_ASSERT(read_back(dbc, table, 2, name, sizeof name, &v));
    CU_ASSERT_STRING_EQUAL(name, "zwei");
    /* the cursor knows the row's new version: a second positioned change goes through */
    snprintf(sql, sizeof sql, "UPDATE %s SET v = 21 WHERE CURRENT OF %s", table, cname);
    ITEST_OK(SQLExecDirect(pos, (SQLCHAR *)sql, SQL_NTS), SQL_HANDLE_STMT, pos);
    CU_ASSERT(read_back(dbc, table, 2, name, sizeof name, &v));
    CU_ASSERT_EQUAL(v, 21);
    /* a name the application set, quoted and not */
    ITEST_OK(SQLCloseCursor(g.st), SQL_HANDLE_STMT, g.st);
    ITEST_OK(SQLSetCursorName(g.st, (SQLCHAR *)"Grid", SQL_NTS), SQL_HANDLE_STMT, g.st);
    /* CrateDB: else the new cursor may read row 2 in its old version (then 01001) */
    CU_ASSERT(itest_refresh(dbc, table));
    snprintf(sql, sizeof sql, "SELECT id, name, v FROM %s ORDER BY id", table);
    ITEST_OK_FATAL(SQLExecDirect(g.st, (SQLCHAR *)sql, SQL_NTS), SQL_HANDLE_STMT, g.st);
    ITEST_OK_FATAL(SQLFetchScroll(g.st, SQL_FETCH_FIRST, 0), SQL_HANDLE_STMT, g.st);
    ITEST_OK(SQLSetPos(g.st, 3, SQL_POSITION, SQL_LOCK_NO_CHANGE), SQL_HANDLE_STMT, g.st);
    snprintf(sql, sizeof sql, "DELETE FROM %s WHERE CURRENT OF \"grid\"", table);
    ITEST_EXPECT_ERROR(SQLExecDirect(pos, (SQLCHAR *)sql, SQL_NTS), SQL_HANDLE_STMT, pos,
                       "34000");   /* quoted: case counts */
    snprintf(sql, sizeof sql, "DELETE FROM %s WHERE CURRENT OF grid", table);
    ITEST_OK(SQLExecDirect(pos, (SQLCHAR *)sql, SQL_NTS), SQL_HANDLE_STMT, pos);
    CU_ASSERT(!read_back(dbc, table, 3, name, sizeof name, &v));
    /* prepared once, executed on two rows: the key of the row current at each execution */
    SQLHSTMT prep = itest_stmt(dbc);
    SQLINTEGER newv = 0;
    snprintf(sql, sizeof sql, "UPDATE %s SET v = ? WHERE CURRENT OF grid", table);
    ITEST_OK(SQLPrepare(prep, (SQLCHAR *)sql, SQL_NTS), SQL_HANDLE_STMT, prep);
    SQLSMALLINT nparams = 0;
    ITEST_OK(SQLNumParams(prep, &nparams), SQL_HANDLE_STMT, prep);
    CU_ASSERT_EQUAL(nparams, 1);
    /* described before it runs: the server never sees WHERE CURRENT OF */
    SQLSMALLINT ptype = 0, pdigits = -1, pnull = -1, ncols = -1;
    SQLULEN psize = 0;
    ITEST_OK(SQLDescribeParam(prep, 1, &ptype, &psize, &pdigits, &pnull), SQL_HANDLE_STMT,
             prep);
    CU_ASSERT_EQUAL(ptype, SQL_INTEGER);
    ITEST_OK(SQLNumResultCols(prep, &ncols), SQL_HANDLE_STMT, prep);
    CU_ASSERT_EQUAL(ncols, 0);
    ITEST_OK(SQLBindParameter(prep, 1, SQL_PARAM_INPUT, SQL_C_SLONG, SQL_INTEGER, 0, 0, &newv, 0,
                              NULL), SQL_HANDLE_STMT, prep);
    for (int r = 1; r <= 2; r++) {
        ITEST_OK(SQLSetPos(g.st, (SQLSETPOSIROW)r, SQL_POSITION, SQL_LOCK_NO_CHANGE),
                 SQL_HANDLE_STMT, g.st);
        newv = 1000 + r;
        ITEST_OK(SQLExecute(prep), SQL_HANDLE_STMT, prep);
        CU_ASSERT(read_back(dbc, table, r, name, sizeof name, &v));
        if (v != 1000 + r)
            itest_dump_diag("positioned", SQL_HANDLE_STMT, prep);
        CU_ASSERT_EQUAL(v, 1000 + r);
    }
    itest_free_stmt(prep);
    /* another connection changes row 1 after the fetch: 01001, nothing changed */
    ITEST_OK(SQLSetPos(g.st, 1, SQL_POSITION, SQL_LOCK_NO_CHANGE), SQL_HANDLE_STMT, g.st);
    snprintf(sql, sizeof sql, "UPDATE %s SET v = 99 WHERE id = 1", table);
    CU_ASSERT(itest_exec_on(other, sql));
    snprintf(sql, sizeof sql, "UPDATE %s SET v = 5 WHERE CURRENT OF grid", table);
    ITEST_EXPECT_INFO(SQLExecDirect(pos, (SQLCHAR *)sql, SQL_NTS), SQL_HANDLE_STMT, pos,
                      "01001");
    CU_ASSERT(read_back(dbc, table, 1, name, sizeof name, &v));
    CU_ASSERT_EQUAL(v, 99);
    /* no such cursor */
    snprintf(sql, sizeof sql, "UPDATE %s SET v = 5 WHERE CURRENT OF nosuch", table);
    ITEST_EXPECT_ERROR(SQLExecDirect(pos, (SQLCHAR *)sql, SQL_NTS), SQL_HANDLE_STMT, pos,
                       "34000");
    itest_free_stmt(g.st);
    /* a read-only cursor has no key to go by */
    snprintf(sql, sizeof sql, "SELECT id, name, v FROM %s ORDER BY id", table);
    orc = open_grid(dbc, &g, SQL_CONCUR_READ_ONLY, sql);   /* sets g.st */
    ITEST_OK_FATAL(orc, SQL_HANDLE_STMT, g.st);
    ITEST_OK(SQLGetCursorName(g.st, (SQLCHAR *)cname, sizeof cname, &len), SQL_HANDLE_STMT,
             g.st);
    ITEST_OK(SQLFetchScroll(g.st, SQL_FETCH_FIRST, 0), SQL_HANDLE_STMT, g.st);
    snprintf(sql, sizeof sql, "DELETE FROM %s WHERE CURRENT OF %s", table, cname);
    ITEST_EXPECT_ERROR(SQLExecDirect(pos, (SQLCHAR *)sql, SQL_NTS), SQL_HANDLE_STMT, pos,
                       "HY000");
    CU_ASSERT(read_back(dbc, table, 1, name, sizeof name, &v));
    itest_free_stmt(g.st);
    itest_free_stmt(pos);
    drop_table(dbc, table);
    itest_disconnect(other);
    itest_disconnect(dbc);
}

/* SQLGetInfo says what the static cursor can do. */
static void test_info(void)
{
    SQLHDBC dbc = itest_connect();
    SQLUINTEGER v = 0;
    ITEST_OK(SQLGetInfo(dbc, SQL_POS_OPERATIONS, &v, sizeof v, NULL), SQL_HANDLE_DBC, dbc);
    CU_ASSERT_EQUAL(v, SQL_POS_POSITION | SQL_POS_REFRESH | SQL_POS_UPDATE | SQL_POS_DELETE |
                           SQL_POS_ADD);
    ITEST_OK(SQLGetInfo(dbc, SQL_STATIC_CURSOR_ATTRIBUTES1, &v, sizeof v, NULL), SQL_HANDLE_DBC,
             dbc);
    CU_ASSERT(v & SQL_CA1_POS_UPDATE);
    CU_ASSERT(v & SQL_CA1_POS_DELETE);
    CU_ASSERT(v & SQL_CA1_POS_REFRESH);
    CU_ASSERT(v & SQL_CA1_BULK_ADD);
    CU_ASSERT(v & SQL_CA1_BULK_UPDATE_BY_BOOKMARK);
    CU_ASSERT(v & SQL_CA1_BULK_DELETE_BY_BOOKMARK);
    CU_ASSERT(v & SQL_CA1_BULK_FETCH_BY_BOOKMARK);
    ITEST_OK(SQLGetInfo(dbc, SQL_STATIC_CURSOR_ATTRIBUTES2, &v, sizeof v, NULL), SQL_HANDLE_DBC,
             dbc);
    CU_ASSERT(v & SQL_CA2_OPT_ROWVER_CONCURRENCY);
    CU_ASSERT(v & SQL_CA2_OPT_VALUES_CONCURRENCY);
    CU_ASSERT(!(v & SQL_CA2_LOCK_CONCURRENCY));
    ITEST_OK(SQLGetInfo(dbc, SQL_SCROLL_CONCURRENCY, &v, sizeof v, NULL), SQL_HANDLE_DBC, dbc);
    CU_ASSERT_EQUAL(v, SQL_SCCO_READ_ONLY | SQL_SCCO_OPT_ROWVER | SQL_SCCO_OPT_VALUES);
    ITEST_OK(SQLGetInfo(dbc, SQL_STATIC_SENSITIVITY, &v, sizeof v, NULL), SQL_HANDLE_DBC, dbc);
    CU_ASSERT_EQUAL(v, SQL_SS_UPDATES);
    ITEST_OK(SQLGetInfo(dbc, SQL_POSITIONED_STATEMENTS, &v, sizeof v, NULL), SQL_HANDLE_DBC,
             dbc);
    CU_ASSERT_EQUAL(v, SQL_PS_POSITIONED_DELETE | SQL_PS_POSITIONED_UPDATE);
    itest_disconnect(dbc);
}

void itest_register_setpos(void)
{
    static const itest_case cases[] = {
        {"rowver_pk", test_rowver_pk},
        {"values_pk", test_values_pk},
        {"rowver_no_pk_uses_id", test_rowver_no_pk_uses_id},
        {"conflict_rowver", test_conflict_rowver},
        {"conflict_values", test_conflict_values},
        {"bulk_operations", test_bulk_operations},
        {"where_current_of", test_where_current_of},
        {"prepared", test_prepared},
        {"select_shapes", test_select_shapes},
        {"downgrades", test_downgrades},
        {"info", test_info},
        {NULL, NULL},
    };
    itest_add_suite("setpos", cases);
}
