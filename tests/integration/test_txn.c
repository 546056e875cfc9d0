/*
 * test_txn.c: manual-commit mode and SQLEndTran as applications use them (driver/txn.c).
 *
 * CrateDB commits every statement as it runs and has no ROLLBACK; the driver gives every
 * server the same semantics (PostgreSQL stands in for CrateDB here): SQL_AUTOCOMMIT_OFF
 * is accepted with SQL_SUCCESS (PDO's beginTransaction() fails on anything else), COMMIT
 * succeeds, ROLLBACK returns SQL_SUCCESS_WITH_INFO with a 01000 warning that counts the
 * statements it could not undo (SQL_SUCCESS when there are none), and neither BEGIN nor
 * ROLLBACK ever reaches the server: a row inserted in manual-commit mode is visible to a
 * second connection at once and stays after the rollback; the real CrateDB's sys.jobs_log
 * lists no ROLLBACK for the session (profile "cratedb"), the crate profile's proxy would
 * refuse one (the driver would report its error), and PostgreSQL shows no transaction left
 * open (txid_current_if_assigned() is NULL, profile "pg").
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "itest.h"

#define ATTR(v) ((SQLPOINTER)(uintptr_t)(v))

static SQLRETURN set_autocommit(SQLHDBC dbc, SQLUINTEGER v)
{
    return SQLSetConnectAttr(dbc, SQL_ATTR_AUTOCOMMIT, ATTR(v), SQL_IS_UINTEGER);
}

static SQLUINTEGER get_autocommit(SQLHDBC dbc)
{
    SQLUINTEGER v = 12345;
    ITEST_OK(SQLGetConnectAttr(dbc, SQL_ATTR_AUTOCOMMIT, &v, sizeof v, NULL), SQL_HANDLE_DBC,
             dbc);
    return v;
}

/* count(*) of table as text, through dbc, after a refresh. */
static void count_rows(SQLHDBC dbc, const char *table, char *out, size_t outlen)
{
    char sql[256];
    CU_ASSERT(itest_refresh(dbc, table));
    snprintf(sql, sizeof sql, "SELECT count(*) FROM %s", table);
    out[0] = '\0';
    CU_ASSERT(itest_query_text(dbc, sql, out, outlen));
}

static void make_table(SQLHDBC dbc, char *t, size_t tlen, const char *prefix)
{
    char sql[256];
    itest_table_name(t, tlen, prefix);
    snprintf(sql, sizeof sql, "CREATE TABLE %s (id integer, v integer)", t);
    CU_ASSERT_FATAL(itest_exec_on(dbc, sql));
}

static void drop_table(SQLHDBC dbc, const char *t)
{
    char sql[256];
    snprintf(sql, sizeof sql, "DROP TABLE %s", t);
    CU_ASSERT(itest_exec_on(dbc, sql));
}

/* Both modes are accepted with plain SQL_SUCCESS and read back; before and after connect. */
static void test_manual_mode_set_get(void)
{
    SQLHDBC dbc = SQL_NULL_HDBC;
    CU_ASSERT_FATAL(SQL_SUCCEEDED(SQLAllocHandle(SQL_HANDLE_DBC, itest_env, &dbc)));
    /* PDO and pyodbc set the mode before connecting */
    CU_ASSERT_EQUAL(set_autocommit(dbc, SQL_AUTOCOMMIT_OFF), SQL_SUCCESS);
    SQLRETURN rc = SQLConnect(dbc, (SQLCHAR *)itest_cfg.dsn, SQL_NTS, NULL, 0, NULL, 0);
    ITEST_OK(rc, SQL_HANDLE_DBC, dbc);
    if (!SQL_SUCCEEDED(rc)) {
        SQLFreeHandle(SQL_HANDLE_DBC, dbc);
        return;
    }
    CU_ASSERT_EQUAL(get_autocommit(dbc), SQL_AUTOCOMMIT_OFF);
    CU_ASSERT_EQUAL(set_autocommit(dbc, SQL_AUTOCOMMIT_ON), SQL_SUCCESS);
    CU_ASSERT_EQUAL(get_autocommit(dbc), SQL_AUTOCOMMIT_ON);
    CU_ASSERT_EQUAL(set_autocommit(dbc, SQL_AUTOCOMMIT_OFF), SQL_SUCCESS);
    CU_ASSERT_EQUAL(get_autocommit(dbc), SQL_AUTOCOMMIT_OFF);
    /* SQLSetConnectAttr's own check: anything else is HY024 */
    ITEST_EXPECT_ERROR(set_autocommit(dbc, 7), SQL_HANDLE_DBC, dbc, "HY024");
    CU_ASSERT_EQUAL(get_autocommit(dbc), SQL_AUTOCOMMIT_OFF);
    itest_disconnect(dbc);
}

/* Manual-commit mode: statements commit as they run (a second connection sees the row
 * before any SQLEndTran), COMMIT returns SQL_SUCCESS, and a rollback right after a
 * commit has nothing to report. */
static void test_commit(void)
{
    SQLHDBC dbc = itest_connect(), other = itest_connect();
    char t[64], sql[256], out[32];
    make_table(dbc, t, sizeof t, "txn_commit");
    CU_ASSERT_EQUAL(set_autocommit(dbc, SQL_AUTOCOMMIT_OFF), SQL_SUCCESS);
    snprintf(sql, sizeof sql, "INSERT INTO %s VALUES (1, 10), (2, 20)", t);
    CU_ASSERT(itest_exec_on(dbc, sql));
    count_rows(other, t, out, sizeof out);
    CU_ASSERT_STRING_EQUAL(out, "2");
    CU_ASSERT_EQUAL(SQLEndTran(SQL_HANDLE_DBC, dbc, SQL_COMMIT), SQL_SUCCESS);
    CU_ASSERT_EQUAL(SQLEndTran(SQL_HANDLE_DBC, dbc, SQL_ROLLBACK), SQL_SUCCESS);
    count_rows(other, t, out, sizeof out);
    CU_ASSERT_STRING_EQUAL(out, "2");
    CU_ASSERT_EQUAL(set_autocommit(dbc, SQL_AUTOCOMMIT_ON), SQL_SUCCESS);
    drop_table(dbc, t);
    itest_disconnect(other);
    itest_disconnect(dbc);
}

/* The first diagnostic of dbc: 01000 with text containing every string of `want`. */
static void expect_rollback_warning(SQLSMALLINT htype, SQLHANDLE h, const char *const *want)
{
    char state[6] = "", msg[1024] = "";
    CU_ASSERT(itest_diag(htype, h, state, msg, sizeof msg));
    CU_ASSERT_STRING_EQUAL(state, "01000");
    for (; *want; want++)
        if (!strstr(msg, *want)) {
            fprintf(stderr, "\n    rollback warning lacks \"%s\": %s\n", *want, msg);
            CU_FAIL("rollback warning text");
        }
}

/* On CrateDB (and through the proxy) this session's ROLLBACK statements, from sys.jobs_log,
 * which logs statements that failed to parse too; -1 elsewhere. */
static long rollbacks_logged(SQLHDBC dbc, const char *session, const char *word)
{
    char sql[256], out[32] = "";
    snprintf(sql, sizeof sql, "SELECT count(*) FROM sys.jobs_log WHERE session_id = %s "
             "AND stmt ILIKE '%s%%'", session, word);
    return itest_query_text(dbc, sql, out, sizeof out) ? atol(out) : -1;
}

/* ROLLBACK in manual-commit mode: SQL_SUCCESS_WITH_INFO, 01000, counting by kind what
 * ran since the mode switch (a SELECT is not counted; an array counts each set; a
 * multi-statement text each statement); the rows stay; no ROLLBACK on the wire. */
static void test_rollback_reports_what_stays(void)
{
    SQLHDBC dbc = itest_connect(), other = itest_connect();
    char t[64], sql[256], out[32], session[32] = "";
    make_table(dbc, t, sizeof t, "txn_rollback");
    if (itest_is_cratedb())
        CU_ASSERT(itest_session_value(dbc, "id", session, sizeof session));
    /* in autocommit mode nothing is recorded */
    snprintf(sql, sizeof sql, "INSERT INTO %s VALUES (0, 0)", t);
    CU_ASSERT(itest_exec_on(dbc, sql));
    CU_ASSERT_EQUAL(set_autocommit(dbc, SQL_AUTOCOMMIT_OFF), SQL_SUCCESS);

    snprintf(sql, sizeof sql, "INSERT INTO %s VALUES (1, 10), (2, 20)", t);
    CU_ASSERT(itest_exec_on(dbc, sql));
    CU_ASSERT(itest_refresh(dbc, t));
    snprintf(sql, sizeof sql, "UPDATE %s SET v = v + 1 WHERE id > 0", t);
    CU_ASSERT(itest_exec_on(dbc, sql));
    snprintf(sql, sizeof sql, "SELECT count(*) FROM %s", t);
    CU_ASSERT(itest_exec_on(dbc, sql));
    /* an array of three sets */
    SQLHSTMT st = itest_stmt(dbc);
    SQLINTEGER ids[3] = {3, 4, 5};
    snprintf(sql, sizeof sql, "INSERT INTO %s (id, v) VALUES (?, 30)", t);
    ITEST_OK(SQLSetStmtAttr(st, SQL_ATTR_PARAMSET_SIZE, ATTR(3), 0), SQL_HANDLE_STMT, st);
    ITEST_OK(SQLBindParameter(st, 1, SQL_PARAM_INPUT, SQL_C_SLONG, SQL_INTEGER, 0, 0, ids, 0,
                              NULL), SQL_HANDLE_STMT, st);
    ITEST_OK(SQLExecDirect(st, (SQLCHAR *)sql, SQL_NTS), SQL_HANDLE_STMT, st);
    itest_free_stmt(st);
    CU_ASSERT(itest_refresh(dbc, t));
    /* a text of two statements, each run */
    snprintf(sql, sizeof sql, "DELETE FROM %s WHERE id = 5; DELETE FROM %s WHERE id = 4", t, t);
    CU_ASSERT(itest_exec_on(dbc, sql));

    /* the second connection sees every change before the rollback: no BEGIN was sent */
    count_rows(other, t, out, sizeof out);
    CU_ASSERT_STRING_EQUAL(out, "4");
    if (itest_profile_is("pg")) {
        /* no transaction is open on the server (pg_catalog function: not through the proxy) */
        CU_ASSERT(itest_query_text(dbc, "SELECT coalesce(txid_current_if_assigned()::text, "
                                        "'none')", out, sizeof out));
        CU_ASSERT_STRING_EQUAL(out, "none");
    }

    SQLRETURN rc = SQLEndTran(SQL_HANDLE_DBC, dbc, SQL_ROLLBACK);
    CU_ASSERT_EQUAL(rc, SQL_SUCCESS_WITH_INFO);
    static const char *const want[] = {
        "could not undo 7 statements", "INSERT x4 (5 rows)", "UPDATE x1 (2 rows)",
        "DELETE x2 (2 rows)", "nothing was rolled back", NULL,
    };
    expect_rollback_warning(SQL_HANDLE_DBC, dbc, want);
    /* everything stays */
    count_rows(other, t, out, sizeof out);
    CU_ASSERT_STRING_EQUAL(out, "4");
    snprintf(sql, sizeof sql, "SELECT sum(v) FROM %s", t);
    CU_ASSERT(itest_query_text(other, sql, out, sizeof out));
    CU_ASSERT_STRING_EQUAL(out, "62");
    /* the unit of work ended: a second rollback has nothing to report */
    CU_ASSERT_EQUAL(SQLEndTran(SQL_HANDLE_DBC, dbc, SQL_ROLLBACK), SQL_SUCCESS);

    /* one row: singular; through the environment (unixODBC ends each connection's) */
    snprintf(sql, sizeof sql, "INSERT INTO %s VALUES (9, 90)", t);
    CU_ASSERT(itest_exec_on(dbc, sql));
    ITEST_OK(SQLEndTran(SQL_HANDLE_ENV, itest_env, SQL_ROLLBACK), SQL_HANDLE_ENV, itest_env);
    count_rows(other, t, out, sizeof out);
    CU_ASSERT_STRING_EQUAL(out, "5");
    CU_ASSERT_EQUAL(SQLEndTran(SQL_HANDLE_DBC, dbc, SQL_ROLLBACK), SQL_SUCCESS);

    snprintf(sql, sizeof sql, "UPDATE %s SET v = 0 WHERE id = 9", t);
    CU_ASSERT(itest_exec_on(dbc, sql));
    CU_ASSERT_EQUAL(SQLEndTran(SQL_HANDLE_DBC, dbc, SQL_ROLLBACK), SQL_SUCCESS_WITH_INFO);
    static const char *const one[] = {"could not undo 1 statement run", "UPDATE x1 (1 row)",
                                      NULL};
    expect_rollback_warning(SQL_HANDLE_DBC, dbc, one);

    /* a switch of mode starts a new unit of work */
    snprintf(sql, sizeof sql, "INSERT INTO %s VALUES (10, 100)", t);
    CU_ASSERT(itest_exec_on(dbc, sql));
    CU_ASSERT_EQUAL(set_autocommit(dbc, SQL_AUTOCOMMIT_ON), SQL_SUCCESS);
    CU_ASSERT_EQUAL(set_autocommit(dbc, SQL_AUTOCOMMIT_OFF), SQL_SUCCESS);
    CU_ASSERT_EQUAL(SQLEndTran(SQL_HANDLE_DBC, dbc, SQL_ROLLBACK), SQL_SUCCESS);

    if (itest_is_cratedb() && session[0]) {
        CU_ASSERT_EQUAL(rollbacks_logged(other, session, "UPDATE"), 2);  /* the log works */
        CU_ASSERT_EQUAL(rollbacks_logged(other, session, "ROLLBACK"), 0);
        CU_ASSERT_EQUAL(rollbacks_logged(other, session, "BEGIN"), 0);
    }
    CU_ASSERT_EQUAL(set_autocommit(dbc, SQL_AUTOCOMMIT_ON), SQL_SUCCESS);
    drop_table(dbc, t);
    itest_disconnect(other);
    itest_disconnect(dbc);
}

/* A cursor stays open across SQLEndTran (SQL_CURSOR_COMMIT/ROLLBACK_BEHAVIOR say
 * SQL_CB_PRESERVE), and SQLGetInfo still says there are no transactions. */
static void test_cursor_preserved_and_info(void)
{
    SQLHDBC dbc = itest_connect();
    SQLUSMALLINT cap = 99, ccb = 99, crb = 99;
    ITEST_OK(SQLGetInfo(dbc, SQL_TXN_CAPABLE, &cap, sizeof cap, NULL), SQL_HANDLE_DBC, dbc);
    ITEST_OK(SQLGetInfo(dbc, SQL_CURSOR_COMMIT_BEHAVIOR, &ccb, sizeof ccb, NULL),
             SQL_HANDLE_DBC, dbc);
    ITEST_OK(SQLGetInfo(dbc, SQL_CURSOR_ROLLBACK_BEHAVIOR, &crb, sizeof crb, NULL),
             SQL_HANDLE_DBC, dbc);
    CU_ASSERT_EQUAL(cap, SQL_TC_NONE);
    CU_ASSERT_EQUAL(ccb, SQL_CB_PRESERVE);
    CU_ASSERT_EQUAL(crb, SQL_CB_PRESERVE);
    SQLUINTEGER iso = 0;
    ITEST_OK(SQLGetInfo(dbc, SQL_DEFAULT_TXN_ISOLATION, &iso, sizeof iso, NULL),
             SQL_HANDLE_DBC, dbc);
    CU_ASSERT_EQUAL(iso, SQL_TXN_READ_UNCOMMITTED);

    CU_ASSERT_EQUAL(set_autocommit(dbc, SQL_AUTOCOMMIT_OFF), SQL_SUCCESS);
    /* the same answers in manual-commit mode */
    cap = 99;
    ITEST_OK(SQLGetInfo(dbc, SQL_TXN_CAPABLE, &cap, sizeof cap, NULL), SQL_HANDLE_DBC, dbc);
    CU_ASSERT_EQUAL(cap, SQL_TC_NONE);
    SQLHSTMT st = itest_stmt(dbc);
    ITEST_OK(SQLSetStmtAttr(st, SQL_ATTR_ROW_ARRAY_SIZE, ATTR(1), 0), SQL_HANDLE_STMT, st);
    ITEST_OK(SQLExecDirect(st, (SQLCHAR *)"SELECT * FROM generate_series(1, 5)", SQL_NTS),
             SQL_HANDLE_STMT, st);
    SQLINTEGER v = 0;
    ITEST_OK(SQLBindCol(st, 1, SQL_C_SLONG, &v, 0, NULL), SQL_HANDLE_STMT, st);
    ITEST_OK(SQLFetch(st), SQL_HANDLE_STMT, st);
    CU_ASSERT_EQUAL(v, 1);
    CU_ASSERT_EQUAL(SQLEndTran(SQL_HANDLE_DBC, dbc, SQL_COMMIT), SQL_SUCCESS);
    ITEST_OK(SQLFetch(st), SQL_HANDLE_STMT, st);
    CU_ASSERT_EQUAL(v, 2);
    CU_ASSERT_EQUAL(SQLEndTran(SQL_HANDLE_DBC, dbc, SQL_ROLLBACK), SQL_SUCCESS);
    ITEST_OK(SQLFetch(st), SQL_HANDLE_STMT, st);
    CU_ASSERT_EQUAL(v, 3);
    itest_free_stmt(st);
    itest_disconnect(dbc);
}

void itest_register_txn(void)
{
    static const itest_case cases[] = {
        {"manual_mode_set_get", test_manual_mode_set_get},
        {"commit", test_commit},
        {"rollback_reports_what_stays", test_rollback_reports_what_stays},
        {"cursor_preserved_and_info", test_cursor_preserved_and_info},
        {NULL, NULL},
    };
    itest_add_suite("txn", cases);
}
