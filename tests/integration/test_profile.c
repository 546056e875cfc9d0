/*
 * test_profile.c: what the two test profiles must show about the server the driver sees.
 *
 * In the "pg" profile the driver talks to PostgreSQL 15 directly; in the "crate" profile it
 * goes through tests/rig/crate_proxy.py, which announces crate_version at startup and
 * refuses the SQL CrateDB does not have (FACTS §3.8, §3.11, §5.1). These tests prove that
 * (a) the driver tells the two apart, and (b) the proxy really catches PostgreSQL-only SQL,
 * so any statement the driver sends by itself and that CrateDB lacks fails in the crate
 * profile instead of passing unnoticed.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "itest.h"

/* "6.5.0" -> "06.05.0000", the ##.##.#### form of SQL_DBMS_VER. */
static void odbc_version_form(const char *dotted, char *out, size_t outlen)
{
    long part[3] = {0, 0, 0};
    const char *p = dotted;
    for (int i = 0; i < 3 && *p; i++) {
        char *end;
        part[i] = strtol(p, &end, 10);
        p = (*end == '.') ? end + 1 : end;
    }
    snprintf(out, outlen, "%02ld.%02ld.%04ld", part[0], part[1], part[2]);
}

/* SQL_DBMS_NAME and SQL_DBMS_VER name the server the profile dresses up as: CrateDB (and the
 * proxy's crate_version) through the proxy, PostgreSQL (15.x) without it. */
static void test_detects_server(void)
{
    SQLHDBC dbc = itest_connect();
    char name[64] = "", ver[64] = "";
    ITEST_OK(SQLGetInfo(dbc, SQL_DBMS_NAME, name, sizeof name, NULL), SQL_HANDLE_DBC, dbc);
    ITEST_OK(SQLGetInfo(dbc, SQL_DBMS_VER, ver, sizeof ver, NULL), SQL_HANDLE_DBC, dbc);
    if (itest_profile_is("crate")) {
        const char *crate = getenv("ITEST_CRATE_VERSION");
        char want[32];
        odbc_version_form(crate ? crate : "6.5.0", want, sizeof want);
        CU_ASSERT_STRING_EQUAL(name, "CrateDB");
        if (strncmp(ver, want, strlen(want)) != 0)
            fprintf(stderr, "\n    SQL_DBMS_VER '%s', expected it to start with '%s'\n", ver, want);
        CU_ASSERT_NSTRING_EQUAL(ver, want, strlen(want));
    } else {
        CU_ASSERT_STRING_EQUAL(name, "PostgreSQL");
        CU_ASSERT_NSTRING_EQUAL(ver, itest_cfg.pg_major, strlen(itest_cfg.pg_major));
    }
    itest_disconnect(dbc);
}

/* SQL CrateDB lacks fails through the proxy and works on PostgreSQL: the proxy is able to
 * catch a driver that relies on PostgreSQL-only SQL. */
static void test_postgres_only_sql_is_refused(void)
{
    static const struct {
        const char *sql;
        const char *crate_states;  /* what the driver reports in the crate profile */
    } cases[] = {
        {"ROLLBACK", "42601|42000"},                                  /* FACTS §3.8 */
        {"SELECT count(*) FROM pg_catalog.pg_trigger", "42P01|42S02"}, /* FACTS §5.1 */
        {"SELECT pg_catalog.pg_get_viewdef(0)", "0A000|42883|HY000"},  /* FACTS §5.2 */
        {"SELECT 1 WHERE 1 OPERATOR(pg_catalog.=) 1", "42601|42000"},  /* FACTS §3.11 */
    };
    SQLHDBC dbc = itest_connect();
    SQLHSTMT st = itest_stmt(dbc);
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        SQLRETURN rc = SQLExecDirect(st, (SQLCHAR *)cases[i].sql, SQL_NTS);
        if (itest_profile_is("crate")) {
            if (!ITEST_EXPECT_ERROR(rc, SQL_HANDLE_STMT, st, cases[i].crate_states))
                fprintf(stderr, "    statement: %s\n", cases[i].sql);
        } else {
            CU_ASSERT_TRUE(SQL_SUCCEEDED(rc) || rc == SQL_NO_DATA);
            if (!SQL_SUCCEEDED(rc))
                itest_dump_diag(cases[i].sql, SQL_HANDLE_STMT, st);
        }
        SQLFreeStmt(st, SQL_CLOSE);
    }
    /* The connection is still usable after the refusals. */
    char out[16];
    CU_ASSERT_TRUE(itest_query_text(dbc, "SELECT 41 + 1", out, sizeof out));
    CU_ASSERT_STRING_EQUAL(out, "42");
    itest_free_stmt(st);
    itest_disconnect(dbc);
}

/* SQLEndTran sends nothing CrateDB lacks: a ROLLBACK on the wire would fail in the crate
 * profile (the case above shows the proxy refuses it). */
static void test_end_tran_sends_no_rollback(void)
{
    SQLHDBC dbc = itest_connect();
    char t[64];
    itest_table_name(t, sizeof t, "endtran");
    char sql[256];
    snprintf(sql, sizeof sql, "CREATE TABLE %s (n integer)", t);
    CU_ASSERT_TRUE(itest_exec_on(dbc, sql));
    snprintf(sql, sizeof sql, "INSERT INTO %s VALUES (1)", t);
    CU_ASSERT_TRUE(itest_exec_on(dbc, sql));
    ITEST_OK(SQLEndTran(SQL_HANDLE_DBC, dbc, SQL_ROLLBACK), SQL_HANDLE_DBC, dbc);
    ITEST_OK(SQLEndTran(SQL_HANDLE_DBC, dbc, SQL_COMMIT), SQL_HANDLE_DBC, dbc);
    /* Autocommit: the row was committed when it was inserted, the rollback undid nothing. */
    char out[16];
    snprintf(sql, sizeof sql, "SELECT count(*) FROM %s", t);
    CU_ASSERT_TRUE(itest_query_text(dbc, sql, out, sizeof out));
    CU_ASSERT_STRING_EQUAL(out, "1");
    snprintf(sql, sizeof sql, "DROP TABLE %s", t);
    CU_ASSERT_TRUE(itest_exec_on(dbc, sql));
    itest_disconnect(dbc);
}

void itest_register_profile(void)
{
    static const itest_case cases[] = {
        {"detects_server", test_detects_server},
        {"postgres_only_sql_is_refused", test_postgres_only_sql_is_refused},
        {"end_tran_sends_no_rollback", test_end_tran_sends_no_rollback},
        {NULL, NULL},
    };
    itest_add_suite("profile", cases);
}
