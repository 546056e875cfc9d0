/*
 * test_connect.c: SQLConnect, SQLDriverConnect, authentication methods, connection errors,
 * SQLGetInfo and SQLEndTran.
 */
#define _GNU_SOURCE /* strcasestr */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <odbcinst.h>

#include "itest.h"

/* A second password role for the tests where the call's credentials must win over the DSN's:
 * SCRAM's role on PostgreSQL; on CrateDB, which has no SCRAM, the other cleartext-password
 * role the rig creates (tests/rig/cratedb.sh). */
static const char *other_user(void)
{
    return itest_is_cratedb() ? ITEST_SPECIAL_USER : ITEST_SCRAM_USER;
}

static const char *other_pass(void)
{
    return itest_is_cratedb() ? ITEST_SPECIAL_PASS : ITEST_SCRAM_PASS;
}

/* Asserts that the connection is logged in as `user`. */
static void expect_user(SQLHDBC dbc, const char *user)
{
    char who[128];
    if (itest_query_text(dbc, "SELECT current_user", who, sizeof who))
        CU_ASSERT_STRING_EQUAL(who, user);
}

/* SQLConnect with the DSN and explicit credentials (the DSN names only the user). */
static void test_connect_dsn_with_credentials(void)
{
    SQLHDBC dbc;
    SQLRETURN rc = itest_connect_dsn(&dbc, "crate_nopwd", ITEST_PW_USER, ITEST_PW_PASS);
    ITEST_OK_FATAL(rc, SQL_HANDLE_DBC, dbc);
    expect_user(dbc, ITEST_PW_USER);
    itest_disconnect(dbc);

    /* A DSN without any credentials: both come from the call. */
    rc = itest_connect_dsn(&dbc, "crate_nouser", other_user(), other_pass());
    ITEST_OK_FATAL(rc, SQL_HANDLE_DBC, dbc);
    expect_user(dbc, other_user());
    itest_disconnect(dbc);
}

/* SQLConnect(dsn, "", "") takes UID and PWD from odbc.ini. */
static void test_connect_dsn_credentials_from_odbc_ini(void)
{
    SQLHDBC dbc;
    SQLRETURN rc = itest_connect_dsn(&dbc, "crate_pw", "", "");
    ITEST_OK_FATAL(rc, SQL_HANDLE_DBC, dbc);
    expect_user(dbc, ITEST_PW_USER);
    itest_disconnect(dbc);

    rc = itest_connect_dsn(&dbc, "crate_pw", NULL, NULL);
    ITEST_OK_FATAL(rc, SQL_HANDLE_DBC, dbc);
    expect_user(dbc, ITEST_PW_USER);
    itest_disconnect(dbc);
}

/* Credentials given to SQLConnect win over the DSN's. */
static void test_connect_arguments_override_dsn(void)
{
    SQLHDBC dbc;
    SQLRETURN rc = itest_connect_dsn(&dbc, "crate_pw", other_user(), other_pass());
    ITEST_OK_FATAL(rc, SQL_HANDLE_DBC, dbc);
    expect_user(dbc, other_user());
    itest_disconnect(dbc);
}

/* One DSN per authentication method the rig's server offers. CrateDB's methods on pgwire
 * are trust, password (cleartext) and cert (suite tls): it has no SCRAM or MD5 (FACTS §2). */
static void test_connect_auth_methods(void)
{
    static const struct { const char *dsn, *user; bool crate; } cases[] = {
        {"crate_pw", "crate_pw", true},          /* cleartext password (CrateDB's method) */
        {"crate_scram", "crate_scram", false},   /* SCRAM-SHA-256 */
        {"crate_md5", "crate_md5", false},       /* MD5 */
        {"crate_trust", "crate", true},          /* trust, no password at all */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        if (itest_is_cratedb() && !cases[i].crate) {
            itest_not_applicable(i == 1 ? "CrateDB has no SCRAM-SHA-256 authentication"
                                        : "CrateDB has no MD5 authentication");
            continue;
        }
        SQLHDBC dbc;
        SQLRETURN rc = itest_connect_dsn(&dbc, cases[i].dsn, NULL, NULL);
        if (!ITEST_OK(rc, SQL_HANDLE_DBC, dbc)) {
            fprintf(stderr, "    (DSN %s)\n", cases[i].dsn);
            SQLFreeHandle(SQL_HANDLE_DBC, dbc);
            continue;
        }
        expect_user(dbc, cases[i].user);
        itest_disconnect(dbc);
    }
}

/* DSN-less SQLDriverConnect returns a completed connection string that connects again. */
static void test_driver_connect_dsnless(void)
{
    char in[1024];
    SQLCHAR out[1024];
    SQLSMALLINT outlen = -1;
    SQLHDBC dbc;
    itest_dsnless(in, sizeof in, ITEST_PW_USER, ITEST_PW_PASS, NULL);

    ITEST_OK_FATAL(SQLAllocHandle(SQL_HANDLE_DBC, itest_env, &dbc), SQL_HANDLE_ENV, itest_env);
    SQLRETURN rc = SQLDriverConnect(dbc, NULL, (SQLCHAR *)in, SQL_NTS, out, sizeof out, &outlen,
                                    SQL_DRIVER_NOPROMPT);
    ITEST_OK_FATAL(rc, SQL_HANDLE_DBC, dbc);
    CU_ASSERT_EQUAL(outlen, (SQLSMALLINT)strlen((char *)out));
    CU_ASSERT_PTR_NOT_NULL(strcasestr((char *)out, "PORT="));
    CU_ASSERT_PTR_NOT_NULL(strcasestr((char *)out, itest_cfg.port));
    expect_user(dbc, ITEST_PW_USER);
    itest_disconnect(dbc);

    /* The completed string is enough to connect once more. */
    SQLCHAR out2[1024];
    SQLSMALLINT outlen2 = -1;
    ITEST_OK_FATAL(SQLAllocHandle(SQL_HANDLE_DBC, itest_env, &dbc), SQL_HANDLE_ENV, itest_env);
    rc = SQLDriverConnect(dbc, NULL, out, SQL_NTS, out2, sizeof out2, &outlen2,
                          SQL_DRIVER_NOPROMPT);
    ITEST_OK_FATAL(rc, SQL_HANDLE_DBC, dbc);
    expect_user(dbc, ITEST_PW_USER);
    itest_disconnect(dbc);
}

/* The prompting modes with a window handle: on Linux the driver has no
 * dialog (setup/dialog_none.c), so each connects as SQL_DRIVER_NOPROMPT
 * does, and a login that wants a password fails with 28000 instead of
 * waiting for a dialog or returning SQL_NO_DATA. */
static void test_driver_connect_prompt_without_ui(void)
{
    static const SQLUSMALLINT modes[] = {SQL_DRIVER_PROMPT, SQL_DRIVER_COMPLETE,
                                         SQL_DRIVER_COMPLETE_REQUIRED};
    int window = 1;   /* what an application would pass: any non-NULL handle */
    char in[1024];
    for (size_t i = 0; i < sizeof modes / sizeof modes[0]; i++) {
        SQLCHAR out[1024];
        SQLSMALLINT outlen = -1;
        SQLHDBC dbc;
        itest_dsnless(in, sizeof in, ITEST_PW_USER, ITEST_PW_PASS, NULL);
        ITEST_OK_FATAL(SQLAllocHandle(SQL_HANDLE_DBC, itest_env, &dbc), SQL_HANDLE_ENV,
                       itest_env);
        SQLRETURN rc = SQLDriverConnect(dbc, (SQLHWND)&window, (SQLCHAR *)in, SQL_NTS, out,
                                        sizeof out, &outlen, modes[i]);
        ITEST_OK_FATAL(rc, SQL_HANDLE_DBC, dbc);
        expect_user(dbc, ITEST_PW_USER);
        itest_disconnect(dbc);

        itest_dsnless(in, sizeof in, ITEST_PW_USER, "", NULL);
        ITEST_OK_FATAL(SQLAllocHandle(SQL_HANDLE_DBC, itest_env, &dbc), SQL_HANDLE_ENV,
                       itest_env);
        rc = SQLDriverConnect(dbc, (SQLHWND)&window, (SQLCHAR *)in, SQL_NTS, out, sizeof out,
                              &outlen, modes[i]);
        CU_ASSERT(ITEST_EXPECT_ERROR(rc, SQL_HANDLE_DBC, dbc, "28000"));
        SQLFreeHandle(SQL_HANDLE_DBC, dbc);
    }
}

/* An output buffer too small for the completed string: 01004 and the full length. */
static void test_driver_connect_truncated_output(void)
{
    char in[1024];
    SQLCHAR out[8];
    SQLSMALLINT outlen = -1;
    SQLHDBC dbc;
    itest_dsnless(in, sizeof in, ITEST_PW_USER, ITEST_PW_PASS, NULL);

    ITEST_OK_FATAL(SQLAllocHandle(SQL_HANDLE_DBC, itest_env, &dbc), SQL_HANDLE_ENV, itest_env);
    SQLRETURN rc = SQLDriverConnect(dbc, NULL, (SQLCHAR *)in, SQL_NTS, out, sizeof out, &outlen,
                                    SQL_DRIVER_NOPROMPT);
    ITEST_EXPECT_INFO(rc, SQL_HANDLE_DBC, dbc, "01004");
    CU_ASSERT(outlen > (SQLSMALLINT)sizeof out - 1);
    if (strlen((char *)out) != sizeof out - 1)
        fprintf(stderr, "\n    truncated output '%s', outlen %d\n", (char *)out, (int)outlen);
    CU_ASSERT_EQUAL(strlen((char *)out), sizeof out - 1);
    if (SQL_SUCCEEDED(rc))
        itest_disconnect(dbc);
    else
        SQLFreeHandle(SQL_HANDLE_DBC, dbc);
}

/* Braced values: a password with ';', '}' , '{' and '=', and a braced application name. */
static void test_driver_connect_braces(void)
{
    char in[1024];
    SQLHDBC dbc;
    /* '}' inside a braced value is doubled. */
    itest_dsnless(in, sizeof in, ITEST_SPECIAL_USER, "{se;mi}}{=brace}",
                  "ApplicationName={odbc;test}}app}");
    ITEST_OK_FATAL(SQLAllocHandle(SQL_HANDLE_DBC, itest_env, &dbc), SQL_HANDLE_ENV, itest_env);
    SQLRETURN rc = SQLDriverConnect(dbc, NULL, (SQLCHAR *)in, SQL_NTS, NULL, 0, NULL,
                                    SQL_DRIVER_NOPROMPT);
    ITEST_OK_FATAL(rc, SQL_HANDLE_DBC, dbc);
    expect_user(dbc, ITEST_SPECIAL_USER);
    if (itest_profile_is("pg")) {
        /* CrateDB ignores the startup application_name (FACTS §1.3); PostgreSQL applies it,
         * whether the driver sends it at startup or with SET. */
        char app[128];
        if (itest_query_text(dbc, "SELECT current_setting('application_name')", app, sizeof app)) {
            if (strcmp(app, "odbc;test}app") != 0)
                fprintf(stderr, "\n    application_name '%s'\n", app);
            CU_ASSERT_STRING_EQUAL(app, "odbc;test}app");
        }
    }
    itest_disconnect(dbc);

    /* The braced driver path and a braced DSN-less password of the plain role. */
    itest_dsnless(in, sizeof in, ITEST_PW_USER, "{pw-secret}", NULL);
    ITEST_OK_FATAL(SQLAllocHandle(SQL_HANDLE_DBC, itest_env, &dbc), SQL_HANDLE_ENV, itest_env);
    rc = SQLDriverConnect(dbc, NULL, (SQLCHAR *)in, SQL_NTS, NULL, 0, NULL, SQL_DRIVER_NOPROMPT);
    ITEST_OK_FATAL(rc, SQL_HANDLE_DBC, dbc);
    expect_user(dbc, ITEST_PW_USER);
    itest_disconnect(dbc);
}

/* SQLDriverConnect with DSN=...: the DSN's values, overridden by the string's. */
static void test_driver_connect_dsn_keyword(void)
{
    SQLHDBC dbc;
    ITEST_OK_FATAL(SQLAllocHandle(SQL_HANDLE_DBC, itest_env, &dbc), SQL_HANDLE_ENV, itest_env);
    /* braced, '}' doubled: CrateDB's other role has ';', '}' and '=' in its password */
    char pwd[64], in[256];
    size_t n = 0;
    pwd[n++] = '{';
    for (const char *p = other_pass(); *p && n < sizeof pwd - 3; p++) {
        if (*p == '}')
            pwd[n++] = '}';
        pwd[n++] = *p;
    }
    pwd[n++] = '}';
    pwd[n] = '\0';
    snprintf(in, sizeof in, "DSN=crate_pw;UID=%s;PWD=%s", other_user(), pwd);
    SQLRETURN rc = SQLDriverConnect(dbc, NULL, (SQLCHAR *)in, SQL_NTS, NULL, 0, NULL,
                                    SQL_DRIVER_NOPROMPT);
    ITEST_OK_FATAL(rc, SQL_HANDLE_DBC, dbc);
    expect_user(dbc, other_user());
    itest_disconnect(dbc);
}

/* A wrong password: the server says 28P01 (PostgreSQL) or 28000 (CrateDB); ODBC's
 * SQLSTATE for invalid authorization is 28000 in both profiles; a readable message. */
static void test_connect_wrong_password(void)
{
    SQLHDBC dbc;
    SQLRETURN rc = itest_connect_dsn(&dbc, "crate_pw", ITEST_PW_USER, "not-the-password");
    char state[6], msg[1024];
    ITEST_EXPECT_ERROR(rc, SQL_HANDLE_DBC, dbc, "28000");
    CU_ASSERT_TRUE(itest_diag(SQL_HANDLE_DBC, dbc, state, msg, sizeof msg));
    CU_ASSERT_PTR_NOT_NULL(strstr(msg, "password authentication failed"));
    CU_ASSERT_PTR_NOT_NULL(strstr(msg, ITEST_PW_USER));
    if (SQL_SUCCEEDED(rc))
        SQLDisconnect(dbc);
    SQLFreeHandle(SQL_HANDLE_DBC, dbc);

    /* The same handle can connect after a failed attempt. */
    ITEST_OK_FATAL(SQLAllocHandle(SQL_HANDLE_DBC, itest_env, &dbc), SQL_HANDLE_ENV, itest_env);
    rc = SQLConnect(dbc, (SQLCHAR *)"crate_pw", SQL_NTS, (SQLCHAR *)ITEST_PW_USER, SQL_NTS,
                    (SQLCHAR *)"wrong", SQL_NTS);
    CU_ASSERT_EQUAL(rc, SQL_ERROR);
    rc = SQLConnect(dbc, (SQLCHAR *)"crate_pw", SQL_NTS, NULL, 0, NULL, 0);
    ITEST_OK_FATAL(rc, SQL_HANDLE_DBC, dbc);
    expect_user(dbc, ITEST_PW_USER);
    itest_disconnect(dbc);
}

/* Refused logins are 28000 and say why: a user the server does not know (CrateDB: no
 * host-based entry matches, FACTS §2), a password role without a password (the driver
 * refuses to answer the server's password request with nothing). A trusted user's
 * unneeded password is ignored. */
static void test_connect_auth_refusals(void)
{
    static const struct { const char *uid, *pwd, *cratedb_text; } cases[] = {
        {"itest_no_such_user", "x",
         "No valid auth.host_based entry found for host \"127.0.0.1\", user "
         "\"itest_no_such_user\""},
        {ITEST_PW_USER, "", "password required"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        SQLHDBC dbc;
        char state[6], msg[1024] = "";
        SQLRETURN rc = itest_connect_dsn(&dbc, "crate_nouser", cases[i].uid, cases[i].pwd);
        ITEST_EXPECT_ERROR(rc, SQL_HANDLE_DBC, dbc, "28000");
        itest_diag(SQL_HANDLE_DBC, dbc, state, msg, sizeof msg);
        if (itest_is_cratedb() && !strstr(msg, cases[i].cratedb_text)) {
            fprintf(stderr, "\n    %s: %s\n", cases[i].uid, msg);
            CU_FAIL("refusal message");
        }
        if (SQL_SUCCEEDED(rc))
            SQLDisconnect(dbc);
        SQLFreeHandle(SQL_HANDLE_DBC, dbc);
    }
    SQLHDBC dbc;
    SQLRETURN rc = itest_connect_dsn(&dbc, "crate_trust", "crate", "not-needed");
    ITEST_OK_FATAL(rc, SQL_HANDLE_DBC, dbc);
    expect_user(dbc, "crate");
    itest_disconnect(dbc);
}

/* Nothing listens on the port: 08001. */
static void test_connect_closed_port(void)
{
    SQLHDBC dbc;
    char state[6], msg[1024];
    SQLRETURN rc = itest_connect_dsn(&dbc, "crate_closed", NULL, NULL);
    ITEST_EXPECT_ERROR(rc, SQL_HANDLE_DBC, dbc, "08001");
    CU_ASSERT_TRUE(itest_diag(SQL_HANDLE_DBC, dbc, state, msg, sizeof msg));
    CU_ASSERT(strlen(msg) > 0);
    if (SQL_SUCCEEDED(rc))
        SQLDisconnect(dbc);
    SQLFreeHandle(SQL_HANDLE_DBC, dbc);
}

/* "k=v\0k=v\0\0" from "k=v;k=v" (SQLConfigDataSource's attribute list). */
static void attr_list(char *out, size_t cap, const char *semi)
{
    size_t n = strlen(semi);
    if (n + 2 > cap)
        n = cap - 2;
    for (size_t i = 0; i < n; i++)
        out[i] = semi[i] == ';' ? '\0' : semi[i];
    out[n] = out[n + 1] = '\0';
}

/* The setup library as odbcinst and unixODBC's configuration tools use it:
 * SQLConfigDataSource loads it from the Setup line of odbcinst.ini;
 * ODBC_ADD_DSN writes a DSN that SQLConnect then uses, ODBC_CONFIG_DSN
 * changes it, ODBC_REMOVE_DSN removes it. */
static void test_config_dsn(void)
{
    char semi[256], attrs[256];
    SQLHDBC dbc;
    CU_ASSERT_PTR_NOT_NULL_FATAL(itest_cfg.port);
    snprintf(semi, sizeof semi, "DSN=itest_setup;Server=127.0.0.1;Port=%s;Database=doc;"
             "UID=%s;PWD=%s;FetchSize=500", itest_cfg.port, ITEST_PW_USER, ITEST_PW_PASS);
    attr_list(attrs, sizeof attrs, semi);
    if (!SQLConfigDataSource(NULL, ODBC_ADD_DSN, "CrateDB", attrs)) {
        DWORD code;
        char msg[512] = "";
        SQLInstallerError(1, &code, msg, sizeof msg, NULL);
        fprintf(stderr, "\n    ODBC_ADD_DSN: %s\n", msg);
        CU_FAIL_FATAL("SQLConfigDataSource(ODBC_ADD_DSN) failed");
    }
    SQLRETURN rc = itest_connect_dsn(&dbc, "itest_setup", NULL, NULL);
    ITEST_OK(rc, SQL_HANDLE_DBC, dbc);
    if (SQL_SUCCEEDED(rc)) {
        expect_user(dbc, ITEST_PW_USER);
        SQLDisconnect(dbc);
    }
    SQLFreeHandle(SQL_HANDLE_DBC, dbc);
    /* a port nothing listens on: the changed entry is what the driver reads */
    snprintf(semi, sizeof semi, "DSN=itest_setup;Port=%d", atoi(itest_cfg.port) + 1);
    attr_list(attrs, sizeof attrs, semi);
    CU_ASSERT(SQLConfigDataSource(NULL, ODBC_CONFIG_DSN, "CrateDB", attrs));
    rc = itest_connect_dsn(&dbc, "itest_setup", NULL, NULL);
    ITEST_EXPECT_ERROR(rc, SQL_HANDLE_DBC, dbc, "08001");
    SQLFreeHandle(SQL_HANDLE_DBC, dbc);
    /* gone for the installer library, which the driver reads DSNs with (the
     * driver manager keeps its own copy of odbc.ini entries for a few
     * seconds, so SQLConnect is not the witness here) */
    attr_list(attrs, sizeof attrs, "DSN=itest_setup");
    CU_ASSERT(SQLConfigDataSource(NULL, ODBC_REMOVE_DSN, "CrateDB", attrs));
    char got[64] = "";
    SQLGetPrivateProfileString("itest_setup", "Port", "<none>", got, sizeof got, "odbc.ini");
    CU_ASSERT_STRING_EQUAL(got, "<none>");
    /* the library's own checks: no DSN name */
    attr_list(attrs, sizeof attrs, "Server=x");
    CU_ASSERT_FALSE(SQLConfigDataSource(NULL, ODBC_ADD_DSN, "CrateDB", attrs));
}

/* SQLGetInfo: the DBMS is named for what the server says it is. */
static void test_get_info(void)
{
    SQLHDBC dbc = itest_connect();
    char buf[256] = "";
    SQLSMALLINT len = -1;
    ITEST_OK(SQLGetInfo(dbc, SQL_DBMS_NAME, buf, sizeof buf, &len), SQL_HANDLE_DBC, dbc);
    CU_ASSERT_STRING_EQUAL(buf, itest_profile_is("pg") ? "PostgreSQL" : "CrateDB");
    CU_ASSERT_EQUAL(len, (SQLSMALLINT)strlen(buf));

    /* SQL_DBMS_VER is ##.##.#### and starts with the server's major version. */
    buf[0] = '\0';
    ITEST_OK(SQLGetInfo(dbc, SQL_DBMS_VER, buf, sizeof buf, &len), SQL_HANDLE_DBC, dbc);
    if (itest_profile_is("pg"))
        CU_ASSERT_NSTRING_EQUAL(buf, itest_cfg.pg_major, strlen(itest_cfg.pg_major));
    bool form = strlen(buf) >= 10 && buf[2] == '.' && buf[5] == '.';
    for (int i = 0; form && i < 10; i++)
        form = (i == 2 || i == 5) || (buf[i] >= '0' && buf[i] <= '9');
    if (!form)
        fprintf(stderr, "\n    SQL_DBMS_VER '%s' is not ##.##.####\n", buf);
    CU_ASSERT_TRUE(form);

    buf[0] = '\0';
    ITEST_OK(SQLGetInfo(dbc, SQL_DRIVER_ODBC_VER, buf, sizeof buf, &len), SQL_HANDLE_DBC, dbc);
    CU_ASSERT_NSTRING_EQUAL(buf, "03.", 3);

    buf[0] = '\0';
    ITEST_OK(SQLGetInfo(dbc, SQL_DATA_SOURCE_NAME, buf, sizeof buf, &len), SQL_HANDLE_DBC, dbc);
    CU_ASSERT_STRING_EQUAL(buf, itest_cfg.dsn);

    buf[0] = '\0';
    ITEST_OK(SQLGetInfo(dbc, SQL_USER_NAME, buf, sizeof buf, &len), SQL_HANDLE_DBC, dbc);
    CU_ASSERT_STRING_EQUAL(buf, ITEST_PW_USER);

    SQLUSMALLINT active = 0xFFFF;
    ITEST_OK(SQLGetInfo(dbc, SQL_MAX_CONCURRENT_ACTIVITIES, &active, sizeof active, NULL),
             SQL_HANDLE_DBC, dbc);
    CU_ASSERT_EQUAL(active, 0); /* no limit: several statements can be active at once */
    itest_disconnect(dbc);
}

/* SQLEndTran succeeds in autocommit mode, on the connection and on the environment. */
static void test_end_tran(void)
{
    SQLHDBC dbc = itest_connect();
    SQLUINTEGER ac = 0;
    ITEST_OK(SQLGetConnectAttr(dbc, SQL_ATTR_AUTOCOMMIT, &ac, sizeof ac, NULL), SQL_HANDLE_DBC,
             dbc);
    CU_ASSERT_EQUAL(ac, SQL_AUTOCOMMIT_ON);
    ITEST_OK(SQLEndTran(SQL_HANDLE_DBC, dbc, SQL_COMMIT), SQL_HANDLE_DBC, dbc);
    ITEST_OK(SQLEndTran(SQL_HANDLE_DBC, dbc, SQL_ROLLBACK), SQL_HANDLE_DBC, dbc);
    ITEST_OK(SQLEndTran(SQL_HANDLE_ENV, itest_env, SQL_COMMIT), SQL_HANDLE_ENV, itest_env);
    /* The connection is still usable. */
    char one[8];
    if (itest_query_text(dbc, "SELECT 1", one, sizeof one))
        CU_ASSERT_STRING_EQUAL(one, "1");
    itest_disconnect(dbc);
}

/* Disconnect and connect again on the same handle; many short connections. */
static void test_reconnect_same_handle(void)
{
    SQLHDBC dbc;
    ITEST_OK_FATAL(SQLAllocHandle(SQL_HANDLE_DBC, itest_env, &dbc), SQL_HANDLE_ENV, itest_env);
    for (int i = 0; i < 5; i++) {
        SQLRETURN rc = SQLConnect(dbc, (SQLCHAR *)itest_cfg.dsn, SQL_NTS, NULL, 0, NULL, 0);
        ITEST_OK_FATAL(rc, SQL_HANDLE_DBC, dbc);
        char v[16];
        if (itest_query_text(dbc, "SELECT 40 + 2", v, sizeof v))
            CU_ASSERT_STRING_EQUAL(v, "42");
        ITEST_OK_FATAL(SQLDisconnect(dbc), SQL_HANDLE_DBC, dbc);
    }
    ITEST_OK(SQLFreeHandle(SQL_HANDLE_DBC, dbc), SQL_HANDLE_DBC, dbc);
}

/* SQL_ATTR_CONNECTION_TIMEOUT bounds a network wait during a statement: HYT01, and the
 * connection is then reported dead (a half-read answer cannot be trusted). */
static void test_connection_timeout(void)
{
    SQLHDBC dbc;
    ITEST_OK_FATAL(SQLAllocHandle(SQL_HANDLE_DBC, itest_env, &dbc), SQL_HANDLE_ENV, itest_env);
    ITEST_OK(SQLSetConnectAttr(dbc, SQL_ATTR_CONNECTION_TIMEOUT, (SQLPOINTER)1, 0),
             SQL_HANDLE_DBC, dbc);
    ITEST_OK_FATAL(SQLConnect(dbc, (SQLCHAR *)itest_cfg.dsn, SQL_NTS, NULL, 0, NULL, 0),
                   SQL_HANDLE_DBC, dbc);
    SQLHSTMT st = itest_stmt(dbc);
    char slow[160];
    itest_slow_sql(slow, sizeof slow, 3);
    SQLRETURN rc = SQLExecDirect(st, (SQLCHAR *)slow, SQL_NTS);
    ITEST_EXPECT_ERROR(rc, SQL_HANDLE_STMT, st, "HYT01");
    SQLUINTEGER dead = SQL_CD_FALSE;
    ITEST_OK(SQLGetConnectAttr(dbc, SQL_ATTR_CONNECTION_DEAD, &dead, 0, NULL), SQL_HANDLE_DBC,
             dbc);
    CU_ASSERT_EQUAL(dead, SQL_CD_TRUE);
    itest_free_stmt(st);
    SQLDisconnect(dbc);
    SQLFreeHandle(SQL_HANDLE_DBC, dbc);
}

/* A SERVER list is tried in order: the first node refuses (nothing listens on port + 1,
 * the crate_closed DSN's port), the second takes the connection. All down: 08001 naming
 * every node. */
static void test_failover_host_list(void)
{
    if (itest_cfg.port == NULL)
        CU_FAIL_FATAL("ITEST_PORT is not set (tests/run.sh sets it)");
    int port = atoi(itest_cfg.port);
    char in[1024];
    snprintf(in, sizeof in,
             "DRIVER={%s};SERVER={%s:%d,%s:%d};DATABASE=%s;UID=%s;PWD=%s", itest_cfg.driver,
             itest_cfg.server, port + 1, itest_cfg.server, port, itest_cfg.database,
             ITEST_PW_USER, ITEST_PW_PASS);
    SQLHDBC dbc;
    ITEST_OK_FATAL(SQLAllocHandle(SQL_HANDLE_DBC, itest_env, &dbc), SQL_HANDLE_ENV, itest_env);
    SQLRETURN rc = SQLDriverConnect(dbc, NULL, (SQLCHAR *)in, SQL_NTS, NULL, 0, NULL,
                                    SQL_DRIVER_NOPROMPT);
    ITEST_OK_FATAL(rc, SQL_HANDLE_DBC, dbc);
    expect_user(dbc, ITEST_PW_USER);
    itest_disconnect(dbc);

    snprintf(in, sizeof in, "DRIVER={%s};SERVER={%s:%d,%s:%d};UID=%s;PWD=%s", itest_cfg.driver,
             itest_cfg.server, port + 1, itest_cfg.server, port + 1, ITEST_PW_USER,
             ITEST_PW_PASS);
    ITEST_OK_FATAL(SQLAllocHandle(SQL_HANDLE_DBC, itest_env, &dbc), SQL_HANDLE_ENV, itest_env);
    rc = SQLDriverConnect(dbc, NULL, (SQLCHAR *)in, SQL_NTS, NULL, 0, NULL, SQL_DRIVER_NOPROMPT);
    ITEST_EXPECT_ERROR(rc, SQL_HANDLE_DBC, dbc, "08001");
    if (SQL_SUCCEEDED(rc))
        SQLDisconnect(dbc);
    SQLFreeHandle(SQL_HANDLE_DBC, dbc);

    /* a host list the driver cannot read is a connect failure too, named as such */
    snprintf(in, sizeof in, "DRIVER={%s};SERVER={%s:%d,[::1};UID=%s;PWD=%s", itest_cfg.driver,
             itest_cfg.server, port, ITEST_PW_USER, ITEST_PW_PASS);
    ITEST_OK_FATAL(SQLAllocHandle(SQL_HANDLE_DBC, itest_env, &dbc), SQL_HANDLE_ENV, itest_env);
    rc = SQLDriverConnect(dbc, NULL, (SQLCHAR *)in, SQL_NTS, NULL, 0, NULL, SQL_DRIVER_NOPROMPT);
    ITEST_EXPECT_ERROR(rc, SQL_HANDLE_DBC, dbc, "08001");
    char state[6], msg[512];
    if (itest_diag(SQL_HANDLE_DBC, dbc, state, msg, sizeof msg))
        CU_ASSERT_PTR_NOT_NULL(strstr(msg, "invalid host list entry"));
    if (SQL_SUCCEEDED(rc))
        SQLDisconnect(dbc);
    SQLFreeHandle(SQL_HANDLE_DBC, dbc);
}

/* True when `word` is one whole item of the comma-separated `list`. */
static bool keyword_listed(const char *list, const char *word)
{
    size_t n = strlen(word);
    for (const char *p = list; p != NULL; p = strchr(p, ',') ? strchr(p, ',') + 1 : NULL)
        if (strncmp(p, word, n) == 0 && (p[n] == ',' || p[n] == '\0'))
            return true;
    return false;
}

/* SQLGetInfo(SQL_KEYWORDS): CrateDB's reserved words without ODBC's own (the
 * same answer on both profiles: the driver speaks CrateDB's dialect). */
static void test_get_info_keywords(void)
{
    SQLHDBC dbc = itest_connect();
    char kw[1024] = "";
    SQLSMALLINT len = -1;
    ITEST_OK(SQLGetInfo(dbc, SQL_KEYWORDS, kw, sizeof kw, &len), SQL_HANDLE_DBC, dbc);
    CU_ASSERT_EQUAL(len, (SQLSMALLINT)strlen(kw));
    static const char *const crate_only[] = {"ARRAY", "CURRENT_CATALOG", "LIMIT",
                                             "OFFSET", "TRY_CAST", "UNBOUNDED"};
    for (size_t i = 0; i < sizeof crate_only / sizeof crate_only[0]; i++)
        if (!keyword_listed(kw, crate_only[i])) {
            fprintf(stderr, "\n    SQL_KEYWORDS lacks %s: '%s'\n", crate_only[i], kw);
            CU_FAIL("CrateDB-only reserved word missing");
        }
    static const char *const odbc[] = {"SELECT", "FROM", "WHERE", "CURRENT_USER", "TABLE"};
    for (size_t i = 0; i < sizeof odbc / sizeof odbc[0]; i++)
        CU_ASSERT_FALSE(keyword_listed(kw, odbc[i]));

    /* too small a buffer: truncated, 01004, the full length reported */
    char small[8];
    SQLSMALLINT full = -1;
    ITEST_EXPECT_INFO(SQLGetInfo(dbc, SQL_KEYWORDS, small, sizeof small, &full),
                      SQL_HANDLE_DBC, dbc, "01004");
    CU_ASSERT_EQUAL(full, len);
    CU_ASSERT_NSTRING_EQUAL(small, kw, sizeof small - 1);
    CU_ASSERT_EQUAL(small[sizeof small - 1], '\0');

    /* the W entry point gives the same words in UTF-16, length in bytes */
    SQLWCHAR wkw[1024];
    SQLSMALLINT wlen = -1;
    ITEST_OK(SQLGetInfoW(dbc, SQL_KEYWORDS, wkw, sizeof wkw, &wlen), SQL_HANDLE_DBC, dbc);
    CU_ASSERT_EQUAL(wlen, (SQLSMALLINT)(len * sizeof(SQLWCHAR)));
    bool same = wlen == (SQLSMALLINT)(len * sizeof(SQLWCHAR));
    for (SQLSMALLINT i = 0; same && i <= len; i++)
        same = wkw[i] == (SQLWCHAR)(unsigned char)kw[i];
    CU_ASSERT_TRUE(same);
    itest_disconnect(dbc);
}

/* ConfigDSN with a window handle on Linux: there is no dialog
 * (setup/dialog_none.c), so the attributes are written as given, as without
 * a window, and a missing DSN name is refused the same way. */
static void test_config_dsn_window_without_ui(void)
{
    int window = 1;   /* what a GUI tool would pass */
    HWND hwnd = (HWND)&window;
    char semi[256], attrs[256], got[64] = "";
    snprintf(semi, sizeof semi, "DSN=itest_setup_win;Server=127.0.0.1;Port=%s;UID=%s",
             itest_cfg.port, ITEST_PW_USER);
    attr_list(attrs, sizeof attrs, semi);
    CU_ASSERT_FATAL(SQLConfigDataSource(hwnd, ODBC_ADD_DSN, "CrateDB", attrs));
    SQLGetPrivateProfileString("itest_setup_win", "Port", "<none>", got, sizeof got, "odbc.ini");
    CU_ASSERT_STRING_EQUAL(got, itest_cfg.port);
    attr_list(attrs, sizeof attrs, "DSN=itest_setup_win;Database=changed");
    CU_ASSERT(SQLConfigDataSource(hwnd, ODBC_CONFIG_DSN, "CrateDB", attrs));
    SQLGetPrivateProfileString("itest_setup_win", "Database", "<none>", got, sizeof got,
                               "odbc.ini");
    CU_ASSERT_STRING_EQUAL(got, "changed");
    attr_list(attrs, sizeof attrs, "DSN=itest_setup_win");
    CU_ASSERT(SQLConfigDataSource(hwnd, ODBC_REMOVE_DSN, "CrateDB", attrs));
    attr_list(attrs, sizeof attrs, "Server=x");
    CU_ASSERT_FALSE(SQLConfigDataSource(hwnd, ODBC_ADD_DSN, "CrateDB", attrs));
}

void itest_register_connect(void)
{
    static const itest_case cases[] = {
        {"connect_dsn_with_credentials", test_connect_dsn_with_credentials},
        {"connect_dsn_credentials_from_odbc_ini", test_connect_dsn_credentials_from_odbc_ini},
        {"connect_arguments_override_dsn", test_connect_arguments_override_dsn},
        {"connect_auth_methods", test_connect_auth_methods},
        {"driver_connect_dsnless", test_driver_connect_dsnless},
        {"driver_connect_prompt_without_ui", test_driver_connect_prompt_without_ui},
        {"driver_connect_truncated_output", test_driver_connect_truncated_output},
        {"driver_connect_braces", test_driver_connect_braces},
        {"driver_connect_dsn_keyword", test_driver_connect_dsn_keyword},
        {"connect_wrong_password", test_connect_wrong_password},
        {"connect_auth_refusals", test_connect_auth_refusals},
        {"connect_closed_port", test_connect_closed_port},
        {"get_info", test_get_info},
        {"get_info_keywords", test_get_info_keywords},
        {"end_tran", test_end_tran},
        {"reconnect_same_handle", test_reconnect_same_handle},
        {"connection_timeout", test_connection_timeout},
        {"failover_host_list", test_failover_host_list},
        {"config_dsn", test_config_dsn},
        {"config_dsn_window_without_ui", test_config_dsn_window_without_ui},
        {NULL, NULL},
    };
    itest_add_suite("connect", cases);
}
