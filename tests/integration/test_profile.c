/*
 * test_profile.c: what the test profiles must show about the server the driver sees.
 *
 * In the "pg" profile the driver talks to PostgreSQL directly; in the "crate" profile it
 * goes through tests/rig/crate_proxy.py, which announces crate_version at startup and
 * refuses the SQL CrateDB does not have (FACTS §3.8, §3.11, §5.1); in the "cratedb"
 * profile it talks to a real CrateDB. These tests prove that (a) the driver tells the
 * servers apart, (b) the proxy and the real server both refuse PostgreSQL-only SQL, so any
 * statement the driver sends by itself and that CrateDB lacks fails instead of passing
 * unnoticed, (c) SQLEndTran never sends ROLLBACK, (d) the server's errors reach the
 * application with ODBC's SQLSTATEs (CrateDB says XX000 for most: the driver reads its
 * message) and without CrateDB's Java stack trace, and (e) the session statements BI
 * tools send (SET, SHOW, SET TIME ZONE) behave as each server makes them behave.
 */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

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
 * proxy's crate_version) through the proxy, CrateDB and its own version (sys.nodes) on a
 * real node, PostgreSQL without either. */
static void test_detects_server(void)
{
    SQLHDBC dbc = itest_connect();
    char name[64] = "", ver[64] = "";
    ITEST_OK(SQLGetInfo(dbc, SQL_DBMS_NAME, name, sizeof name, NULL), SQL_HANDLE_DBC, dbc);
    ITEST_OK(SQLGetInfo(dbc, SQL_DBMS_VER, ver, sizeof ver, NULL), SQL_HANDLE_DBC, dbc);
    if (itest_speaks_crate()) {
        const char *crate = getenv("ITEST_CRATE_VERSION");
        char node[32] = "", want[32];
        if (itest_is_cratedb()) {
            CU_ASSERT(itest_query_text(dbc, "SELECT version['number'] FROM sys.nodes", node,
                                       sizeof node));
            crate = node;
        }
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
        if (itest_speaks_crate()) {
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

/* On CrateDB, the statements this session sent that start with `word`, from sys.jobs_log
 * (which logs statements that failed to parse too); -1 when it cannot be read. */
static long logged_statements(SQLHDBC dbc, const char *session, const char *word)
{
    char sql[256], out[32] = "";
    snprintf(sql, sizeof sql, "SELECT count(*) FROM sys.jobs_log WHERE session_id = %s "
             "AND stmt ILIKE '%s%%'", session, word);
    return itest_query_text(dbc, sql, out, sizeof out) ? atol(out) : -1;
}

/* SQLEndTran sends nothing CrateDB lacks: manual-commit mode is accepted, but statements
 * still commit as they run; SQL_ROLLBACK undoes nothing (it says so: 01000, test_txn.c
 * checks the text) and sends no ROLLBACK. A ROLLBACK on the wire would fail in the crate
 * profile (the case above shows the proxy refuses it), and the real server's sys.jobs_log
 * would list it among this session's statements. */
static void test_end_tran_sends_no_rollback(void)
{
    SQLHDBC dbc = itest_connect();
    char t[64], session[32] = "";
    itest_table_name(t, sizeof t, "endtran");
    if (itest_is_cratedb())
        CU_ASSERT(itest_session_value(dbc, "id", session, sizeof session));
    CU_ASSERT_EQUAL(SQLSetConnectAttr(dbc, SQL_ATTR_AUTOCOMMIT,
                                      (SQLPOINTER)(uintptr_t)SQL_AUTOCOMMIT_OFF, 0),
                    SQL_SUCCESS);
    char sql[256];
    snprintf(sql, sizeof sql, "CREATE TABLE %s (n integer)", t);
    CU_ASSERT_TRUE(itest_exec_on(dbc, sql));
    snprintf(sql, sizeof sql, "INSERT INTO %s VALUES (1)", t);
    CU_ASSERT_TRUE(itest_exec_on(dbc, sql));
    ITEST_EXPECT_INFO(SQLEndTran(SQL_HANDLE_DBC, dbc, SQL_ROLLBACK), SQL_HANDLE_DBC, dbc,
                      "01000");
    ITEST_OK(SQLEndTran(SQL_HANDLE_ENV, itest_env, SQL_ROLLBACK), SQL_HANDLE_ENV, itest_env);
    ITEST_OK(SQLEndTran(SQL_HANDLE_DBC, dbc, SQL_COMMIT), SQL_HANDLE_DBC, dbc);
    /* The row was committed when it was inserted, the rollback undid nothing. */
    CU_ASSERT(itest_refresh(dbc, t));
    char out[16];
    snprintf(sql, sizeof sql, "SELECT count(*) FROM %s", t);
    CU_ASSERT_TRUE(itest_query_text(dbc, sql, out, sizeof out));
    CU_ASSERT_STRING_EQUAL(out, "1");
    if (itest_is_cratedb() && session[0]) {
        CU_ASSERT_EQUAL(logged_statements(dbc, session, "INSERT"), 1);  /* the log works */
        CU_ASSERT_EQUAL(logged_statements(dbc, session, "ROLLBACK"), 0);
    }
    snprintf(sql, sizeof sql, "DROP TABLE %s", t);
    CU_ASSERT_TRUE(itest_exec_on(dbc, sql));
    itest_disconnect(dbc);
}

/* Runs sql on a fresh statement and expects an error with one of `states` (ODBC's), the
 * server's text without CrateDB's Java stack trace (its W field: frames such as
 * "io.crate.protocols.postgres.PostgresWireProtocol...(....java:903)" joined by newlines).
 * The message goes to msg. */
static bool expect_server_error(SQLHDBC dbc, const char *sql, const char *states, char *msg,
                                size_t msglen)
{
    SQLHSTMT st = itest_stmt(dbc);
    SQLRETURN rc = SQLExecDirect(st, (SQLCHAR *)sql, SQL_NTS);
    bool ok = ITEST_EXPECT_ERROR(rc, SQL_HANDLE_STMT, st, states);
    char state[6] = "";
    msg[0] = '\0';
    itest_diag(SQL_HANDLE_STMT, st, state, msg, msglen);
    if (strstr(msg, "\nio.") || strstr(msg, "\njava.") || strstr(msg, "SQLExceptions.java") ||
        strstr(msg, "PostgresWireProtocol")) {
        fprintf(stderr, "\n    %s: the message carries a stack trace: %s\n", sql, msg);
        ok = false;
        CU_FAIL("stack trace in the message");
    }
    if (!ok)
        fprintf(stderr, "    statement: %s\n", sql);
    itest_free_stmt(st);
    return ok;
}

/* The server's errors with ODBC's SQLSTATEs. CrateDB sends XX000 for most of them (FACTS
 * §3.7); the driver maps them from the message. Division by zero: CrateDB's text is
 * "/ by zero" until the JVM has compiled the division, then the exception comes without a
 * message and CrateDB names its wrapper instead ("IllegalArgumentException in
 * io.crate.expression.scalar.BinaryScalar.evaluate(...)"): both are 22012. */
static void test_error_states(void)
{
    SQLHDBC dbc = itest_connect();
    char t[64], sql[256], msg[1024];
    itest_table_name(t, sizeof t, "errstates");
    snprintf(sql, sizeof sql, "CREATE TABLE %s (id integer PRIMARY KEY, n integer NOT NULL)", t);
    CU_ASSERT_FATAL(itest_exec_on(dbc, sql));
    snprintf(sql, sizeof sql, "INSERT INTO %s (id, n) VALUES (1, 1)", t);
    CU_ASSERT(itest_exec_on(dbc, sql));
    CU_ASSERT(itest_refresh(dbc, t));

    static const struct { const char *sql, *state; } cases[] = {
        {"SELECT 1 / 0", "22012"},
        {"SELECT 7 %% 0", "22012"},     /* the texts are formats: %s the table */
        {"SELECT * FROM itest_no_such_table", "42S02"},
        {"SELECT no_such_column FROM %s", "42S22"},
        {"INSERT INTO %s (id, n) VALUES (1, 2)", "23000"},   /* duplicate primary key */
        {"INSERT INTO %s (id) VALUES (2)", "23000"},          /* NOT NULL */
        {"SELEC 1", "42000"},                                 /* CrateDB: 42601 */
        {"SELECT CAST('abc' AS integer)", "22018"},
        {"SELECT 2147483647 + 1", "22003"},                   /* integer overflow */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        snprintf(sql, sizeof sql, cases[i].sql, t);
        expect_server_error(dbc, sql, cases[i].state, msg, sizeof msg);
    }
    /* a syntax error keeps the server's code as the native error: 42601 on CrateDB >= 6.4 */
    SQLHSTMT st = itest_stmt(dbc);
    SQLINTEGER native = 0;
    char state[6];
    CU_ASSERT_EQUAL(SQLExecDirect(st, (SQLCHAR *)"SELEC 1", SQL_NTS), SQL_ERROR);
    ITEST_OK(SQLGetDiagRec(SQL_HANDLE_STMT, st, 1, (SQLCHAR *)state, &native, (SQLCHAR *)msg,
                           sizeof msg, NULL), SQL_HANDLE_STMT, st);
    CU_ASSERT_PTR_NOT_NULL(strstr(msg, "(server SQLSTATE 42601)"));
    itest_free_stmt(st);

    /* the hot division: the same SQLSTATE whichever text the server sends */
    bool bare = false;
    for (int i = 0; i < (itest_is_cratedb() ? 40 : 1) && !bare; i++) {
        if (!expect_server_error(dbc, "SELECT count(10 / (20000 - g)) FROM "
                                      "generate_series(1, 20000) AS g", "22012", msg,
                                 sizeof msg))
            break;
        bare = strstr(msg, "by zero") == NULL;
    }
    if (itest_is_cratedb() && !bare)
        fprintf(stderr, "\n    (the JVM kept the \"/ by zero\" text: the other form not seen)\n");

    snprintf(sql, sizeof sql, "DROP TABLE %s", t);
    CU_ASSERT(itest_exec_on(dbc, sql));
    itest_disconnect(dbc);
}

/* The session setting statement_timeout: the server ends the statement (CrateDB: XX000 "Job
 * killed. statement_timeout (1s/exec)"; PostgreSQL 57014), the driver says HYT00, and the
 * connection carries on once the setting is off. */
static void test_statement_timeout(void)
{
    SQLHDBC dbc = itest_connect();
    char slow[160], msg[1024], out[16];
    CU_ASSERT(itest_exec_on(dbc, "SET statement_timeout = '1s'"));
    itest_slow_sql(slow, sizeof slow, 20);
    expect_server_error(dbc, slow, "HYT00", msg, sizeof msg);
    if (itest_is_cratedb())
        CU_ASSERT_PTR_NOT_NULL(strstr(msg, "Job killed. statement_timeout"));
    CU_ASSERT(itest_exec_on(dbc, "SET statement_timeout = 0"));
    CU_ASSERT(itest_query_text(dbc, "SELECT 'alive'", out, sizeof out));
    CU_ASSERT_STRING_EQUAL(out, "alive");
    itest_disconnect(dbc);
}

typedef struct {
    const char *marker;
    bool killed;
} kill_arg;

/* From a connection of its own: KILL the job whose statement holds the marker, once it
 * shows in sys.jobs. */
static void *kill_later(void *p)
{
    kill_arg *a = p;
    SQLHDBC dbc = itest_connect();
    char sql[256], id[64] = "";
    snprintf(sql, sizeof sql, "SELECT id FROM sys.jobs WHERE stmt LIKE '%%%s%%' "
             "AND stmt NOT LIKE '%%sys.jobs%%' LIMIT 1", a->marker);
    for (int i = 0; i < 100 && id[0] == '\0'; i++) {
        struct timespec ts = {0, 100 * 1000 * 1000};
        nanosleep(&ts, NULL);
        SQLHSTMT st = itest_stmt(dbc);
        if (SQL_SUCCEEDED(SQLExecDirect(st, (SQLCHAR *)sql, SQL_NTS)) &&
            SQL_SUCCEEDED(SQLFetch(st)))
            SQLGetData(st, 1, SQL_C_CHAR, id, sizeof id, NULL);
        itest_free_stmt(st);
    }
    if (id[0]) {
        snprintf(sql, sizeof sql, "KILL '%s'", id);
        a->killed = itest_exec_on(dbc, sql);
    }
    itest_disconnect(dbc);
    return NULL;
}

/* CrateDB's KILL from another session ends a running statement with XX000 "Job killed.
 * ..." (FACTS §3.12): HY008, as a cancel; the connection carries on. */
static void test_killed_job(void)
{
    if (!itest_is_cratedb()) {
        itest_not_applicable("KILL and sys.jobs are CrateDB's (cancel: suite cursors)");
        return;
    }
    SQLHDBC dbc = itest_connect();
    char slow[200], sql[256], msg[1024], out[16], marker[48];
    snprintf(marker, sizeof marker, "itest_kill_%ld", (long)getpid());
    itest_slow_sql(slow, sizeof slow, 30);
    snprintf(sql, sizeof sql, "%s /* %s */", slow, marker);
    kill_arg a = {marker, false};
    pthread_t th;
    CU_ASSERT_FATAL(pthread_create(&th, NULL, kill_later, &a) == 0);
    expect_server_error(dbc, sql, "HY008", msg, sizeof msg);
    pthread_join(th, NULL);
    CU_ASSERT_TRUE(a.killed);
    CU_ASSERT_PTR_NOT_NULL(strstr(msg, "Job killed"));
    CU_ASSERT(itest_query_text(dbc, "SELECT 'alive'", out, sizeof out));
    CU_ASSERT_STRING_EQUAL(out, "alive");
    itest_disconnect(dbc);
}

/* The column name of a one-row, one-column statement and its value. */
static bool show(SQLHDBC dbc, const char *sql, char *name, size_t namelen, char *value,
                 size_t valuelen)
{
    SQLHSTMT st = itest_stmt(dbc);
    bool ok = itest_exec(st, sql) &&
              ITEST_OK(SQLDescribeCol(st, 1, (SQLCHAR *)name, (SQLSMALLINT)namelen, NULL, NULL,
                                      NULL, NULL, NULL), SQL_HANDLE_STMT, st) &&
              ITEST_OK(SQLFetch(st), SQL_HANDLE_STMT, st) &&
              ITEST_OK(SQLGetData(st, 1, SQL_C_CHAR, value, (SQLLEN)valuelen, NULL),
                       SQL_HANDLE_STMT, st);
    itest_free_stmt(st);
    return ok;
}

/* What BI tools send when they open a session. CrateDB: SHOW names its column in lower
 * case (FACTS §3.10), transaction_isolation is "read uncommitted", SET of a name it does
 * not know is ignored, SET TIME ZONE is accepted and changes nothing, SHOW TimeZone is
 * unknown, SET SESSION CHARACTERISTICS is ignored. On every server a timestamptz reaches
 * the application in UTC whatever the session's time zone. */
static void test_session_statements(void)
{
    SQLHDBC dbc = itest_connect();
    char name[64], value[64], msg[1024];
    bool crate = itest_is_cratedb();
    if (show(dbc, "SHOW transaction_isolation", name, sizeof name, value, sizeof value)) {
        CU_ASSERT_STRING_EQUAL(name, "transaction_isolation");
        CU_ASSERT_STRING_EQUAL(value, crate ? "read uncommitted" : "read committed");
    }
    if (show(dbc, "SHOW DateStyle", name, sizeof name, value, sizeof value)) {
        CU_ASSERT_STRING_EQUAL(name, crate ? "datestyle" : "DateStyle");
        CU_ASSERT_NSTRING_EQUAL(value, "ISO", 3);
    }
    CU_ASSERT(itest_exec_on(dbc, "SET application_name = 'itest app'"));
    if (show(dbc, "SHOW application_name", name, sizeof name, value, sizeof value))
        CU_ASSERT_STRING_EQUAL(value, "itest app");
    CU_ASSERT(itest_exec_on(dbc, "SET extra_float_digits = 3"));
    CU_ASSERT(itest_exec_on(dbc, "SET SESSION CHARACTERISTICS AS TRANSACTION "
                                 "ISOLATION LEVEL READ COMMITTED"));
    if (crate) {
        CU_ASSERT(itest_exec_on(dbc, "SET itest_no_such_setting = 1"));   /* ignored */
        expect_server_error(dbc, "SHOW TimeZone", "HY000", msg, sizeof msg);
        CU_ASSERT_PTR_NOT_NULL(strstr(msg, "Unknown session setting name 'timezone'"));
        if (show(dbc, "SHOW search_path", name, sizeof name, value, sizeof value))
            CU_ASSERT_STRING_EQUAL(value, "doc");   /* DATABASE=doc */
    } else {
        expect_server_error(dbc, "SET itest_no_such_setting = 1", "42000", msg, sizeof msg);
    }

    CU_ASSERT(itest_exec_on(dbc, "SET TIME ZONE 'Europe/Berlin'"));
    SQLHSTMT st = itest_stmt(dbc);
    if (itest_exec(st, "SELECT CAST('2024-07-01T12:00:00+02:00' AS timestamp with time zone), "
                       "CAST('2024-07-01T12:00:00+02:00' AS timestamp with time zone)")) {
        SQL_TIMESTAMP_STRUCT ts = {0};
        ITEST_OK(SQLFetch(st), SQL_HANDLE_STMT, st);
        ITEST_OK(SQLGetData(st, 1, SQL_C_CHAR, value, sizeof value, NULL), SQL_HANDLE_STMT, st);
        CU_ASSERT_STRING_EQUAL(value, "2024-07-01 10:00:00");
        ITEST_OK(SQLGetData(st, 2, SQL_C_TYPE_TIMESTAMP, &ts, sizeof ts, NULL), SQL_HANDLE_STMT,
                 st);
        CU_ASSERT_EQUAL(ts.hour, 10);
        CU_ASSERT_EQUAL(ts.day, 1);
    }
    itest_free_stmt(st);
    itest_disconnect(dbc);
}

/* Executes the prepared `SELECT ? + 1` of st with n; true when it answers n + 1. */
static bool plus_one(SQLHSTMT st, SQLINTEGER n)
{
    SQLINTEGER v = 0;
    bool ok = ITEST_OK(SQLBindParameter(st, 1, SQL_PARAM_INPUT, SQL_C_SLONG, SQL_INTEGER, 0, 0,
                                        &n, 0, NULL), SQL_HANDLE_STMT, st) &&
              ITEST_OK(SQLExecute(st), SQL_HANDLE_STMT, st) &&
              ITEST_OK(SQLFetch(st), SQL_HANDLE_STMT, st) &&
              ITEST_OK(SQLGetData(st, 1, SQL_C_SLONG, &v, 0, NULL), SQL_HANDLE_STMT, st);
    SQLFreeStmt(st, SQL_CLOSE);
    if (ok && v != n + 1)
        fprintf(stderr, "\n    SELECT %d + 1 answered %d\n", (int)n, (int)v);
    return ok && v == n + 1;
}

typedef struct {
    SQLHSTMT st;
    SQLRETURN rc;
    double secs;
} timed_cancel;

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* SQLCancel half a second later, timed. */
static void *cancel_timed(void *p)
{
    timed_cancel *t = p;
    struct timespec ts = {0, 500 * 1000 * 1000};
    nanosleep(&ts, NULL);
    double t0 = now_s();
    t->rc = SQLCancel(t->st);
    t->secs = now_s() - t0;
    return NULL;
}

/* DISCARD ALL, which Power BI sends (CrateDB added it for that, FACTS §3.10), drops the
 * session's prepared statements on the server: the driver's own prepared statements on
 * other handles Parse again instead of failing for good. On CrateDB 6.4.3 it also takes
 * the session out of the node's registry, so a CancelRequest no longer finds it: the node
 * answers the cancel connection with an error ("failed to find action
 * [internal:crate:pg/cancel]") and keeps it open for 30 s; SQLCancel returns at once all
 * the same, and the statement ends cancelled (PostgreSQL) or, its cancel lost, normally. */
static void test_discard_all(void)
{
    SQLHDBC dbc = itest_connect();
    SQLHSTMT a = itest_stmt(dbc);
    ITEST_OK_FATAL(SQLPrepare(a, (SQLCHAR *)"SELECT ? + 1", SQL_NTS), SQL_HANDLE_STMT, a);
    CU_ASSERT(plus_one(a, 1));
    CU_ASSERT(itest_exec_on(dbc, "DISCARD ALL"));
    CU_ASSERT(plus_one(a, 2));   /* prepared again under its name */
    CU_ASSERT(plus_one(a, 3));
    itest_free_stmt(a);

    SQLHSTMT st = itest_stmt(dbc);
    char slow[160];
    itest_slow_sql(slow, sizeof slow, 3);
    timed_cancel tc = {st, SQL_ERROR, 0};
    pthread_t th;
    CU_ASSERT_FATAL(pthread_create(&th, NULL, cancel_timed, &tc) == 0);
    SQLRETURN rc = SQLExecDirect(st, (SQLCHAR *)slow, SQL_NTS);
    pthread_join(th, NULL);
    CU_ASSERT_EQUAL(tc.rc, SQL_SUCCESS);
    if (tc.secs >= 2.0)
        fprintf(stderr, "\n    SQLCancel took %.1f s\n", tc.secs);
    CU_ASSERT(tc.secs < 2.0);
    if (rc == SQL_ERROR)
        ITEST_EXPECT_ERROR(rc, SQL_HANDLE_STMT, st, "HY008");
    else
        ITEST_OK(rc, SQL_HANDLE_STMT, st);
    itest_free_stmt(st);
    char out[16];
    CU_ASSERT(itest_query_text(dbc, "SELECT 'alive'", out, sizeof out));
    CU_ASSERT_STRING_EQUAL(out, "alive");
    itest_disconnect(dbc);
}

void itest_register_profile(void)
{
    static const itest_case cases[] = {
        {"detects_server", test_detects_server},
        {"postgres_only_sql_is_refused", test_postgres_only_sql_is_refused},
        {"end_tran_sends_no_rollback", test_end_tran_sends_no_rollback},
        {"error_states", test_error_states},
        {"statement_timeout", test_statement_timeout},
        {"killed_job", test_killed_job},
        {"session_statements", test_session_statements},
        {"discard_all", test_discard_all},
        {NULL, NULL},
    };
    itest_add_suite("profile", cases);
}
