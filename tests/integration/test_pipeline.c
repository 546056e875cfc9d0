/*
 * test_pipeline.c: requests that follow each other closely on one connection.
 *
 * The driver pipelines: a streamed request's Sync goes out when its last row
 * arrived, and the next request follows without a round trip. A real CrateDB
 * (6.4.3) may send that Sync's ReadyForQuery after its answer to the next
 * request (it waits for the finished execution, but answers later messages at
 * once); the driver must not take the next answer for the tail of the last
 * one. A driver that does hangs within the first rounds below (the run's
 * TEST_TIMEOUT ends it); tests/unit/test_late_sync.c plays the same order
 * deterministically.
 */
#include <stdio.h>
#include <string.h>

#include "itest.h"

#define ROUNDS 200

/* A plain query, streamed (Execute with a row limit), then a prepared one
 * with a parameter, over and over; each must get its own row. */
static void test_back_to_back_requests(void)
{
    char table[64], sql[256];
    itest_table_name(table, sizeof table, "itest_pipe");
    SQLHDBC dbc = itest_connect();
    snprintf(sql, sizeof sql, "CREATE TABLE %s (id integer PRIMARY KEY)", table);
    CU_ASSERT_FATAL(itest_exec_on(dbc, sql));
    snprintf(sql, sizeof sql, "INSERT INTO %s VALUES (1), (2), (3)", table);
    CU_ASSERT_FATAL(itest_exec_on(dbc, sql));
    CU_ASSERT_FATAL(itest_refresh(dbc, table));
    SQLHSTMT a = itest_stmt(dbc), b = itest_stmt(dbc);
    SQLINTEGER param = 0, got = 0;
    SQLLEN ind = 0;
    /* a query that runs as a job of its own on CrateDB (a table scan), then a
     * prepared one with a parameter, as in the hang seen first */
    snprintf(sql, sizeof sql, "SELECT count(*) + CAST(? AS integer) FROM %s", table);
    ITEST_OK_FATAL(SQLPrepare(b, (SQLCHAR *)sql, SQL_NTS), SQL_HANDLE_STMT, b);
    ITEST_OK_FATAL(SQLBindParameter(b, 1, SQL_PARAM_INPUT, SQL_C_SLONG, SQL_INTEGER, 0, 0,
                                    &param, 0, NULL),
                   SQL_HANDLE_STMT, b);
    int wrong = 0;
    for (int i = 0; i < ROUNDS && wrong == 0; i++) {
        snprintf(sql, sizeof sql, "SELECT count(*) + %d FROM %s", i, table);
        if (!ITEST_OK(SQLExecDirect(a, (SQLCHAR *)sql, SQL_NTS), SQL_HANDLE_STMT, a) ||
            !ITEST_OK(SQLFetch(a), SQL_HANDLE_STMT, a) ||
            !ITEST_OK(SQLGetData(a, 1, SQL_C_SLONG, &got, 0, &ind), SQL_HANDLE_STMT, a)) {
            wrong++;
            break;
        }
        if (got != i + 3)
            wrong++;
        SQLFreeStmt(a, SQL_CLOSE);
        param = i;
        if (!ITEST_OK(SQLExecute(b), SQL_HANDLE_STMT, b) ||
            !ITEST_OK(SQLFetch(b), SQL_HANDLE_STMT, b) ||
            !ITEST_OK(SQLGetData(b, 1, SQL_C_SLONG, &got, 0, &ind), SQL_HANDLE_STMT, b)) {
            wrong++;
            break;
        }
        if (got != i + 3)
            wrong++;
        SQLFreeStmt(b, SQL_CLOSE);
        if (wrong)
            fprintf(stderr, "\n    round %d: a row of another request (%d)\n", i, (int)got);
    }
    CU_ASSERT_EQUAL(wrong, 0);
    itest_free_stmt(a);
    itest_free_stmt(b);
    snprintf(sql, sizeof sql, "DROP TABLE %s", table);
    CU_ASSERT(itest_exec_on(dbc, sql));
    itest_disconnect(dbc);
}

void itest_register_pipeline(void)
{
    static const itest_case cases[] = {
        {"back_to_back_requests", test_back_to_back_requests},
        {NULL, NULL},
    };
    itest_add_suite("pipeline", cases);
}
