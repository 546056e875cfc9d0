/*
 * test_log.c: the log an administrator reads (README "Logging"; driver/log*.c).
 *
 * Each test connects with LogFile in a private temporary directory and reads the file
 * back. At each level the lines for a connect, a query, a fetch and a server error are
 * there when the level includes them and absent below it; neither the password nor a
 * bound parameter's value ever appears, except the value with LogParams=1. Also: a log
 * file that cannot be opened is a warning (01000) and the connection works; a bad
 * LogLevel is 01S00; a connect that fails logs its 08001; odbcinst.ini's driver section sets the level for every connection
 * of the driver, and the connection string wins over it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <odbcinst.h>

#include "itest.h"

#define PARAM_SECRET "param-secret-4711"

/* The suite's private directory, made on first use; each test removes its files and
 * the directory goes when it is empty (rmdir at the end of every test). */
static char tmpdir[64];

static void make_dir(void)
{
    snprintf(tmpdir, sizeof tmpdir, "/tmp/itest-logXXXXXX");
    CU_ASSERT_PTR_NOT_NULL_FATAL(mkdtemp(tmpdir));
}

/* The whole file (static buffer), "" when it does not exist; the file is removed. */
static const char *slurp_rm(const char *path)
{
    static char buf[1 << 20];
    buf[0] = '\0';
    FILE *f = fopen(path, "r");
    if (f == NULL)
        return buf;
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    buf[n] = '\0';
    fclose(f);
    unlink(path);
    return buf;
}

static SQLRETURN connect_str(SQLHDBC *dbc, const char *connstr)
{
    CU_ASSERT_FATAL(SQL_SUCCEEDED(SQLAllocHandle(SQL_HANDLE_DBC, itest_env, dbc)));
    return SQLDriverConnect(*dbc, NULL, (SQLCHAR *)connstr, SQL_NTS, NULL, 0, NULL,
                            SQL_DRIVER_NOPROMPT);
}

static void hangup(SQLHDBC dbc)
{
    SQLDisconnect(dbc);
    SQLFreeHandle(SQL_HANDLE_DBC, dbc);
}

/* A query and its fetch, a query with a bound parameter, and a server error. */
static void workload(SQLHDBC dbc)
{
    SQLHSTMT st = itest_stmt(dbc);
    ITEST_OK(SQLExecDirect(st, (SQLCHAR *)"SELECT 41 + 1", SQL_NTS), SQL_HANDLE_STMT, st);
    ITEST_OK(SQLFetch(st), SQL_HANDLE_STMT, st);
    SQLCloseCursor(st);

    char value[] = PARAM_SECRET;
    SQLLEN ind = SQL_NTS;
    ITEST_OK(SQLBindParameter(st, 1, SQL_PARAM_INPUT, SQL_C_CHAR, SQL_VARCHAR, 64, 0, value,
                              sizeof value, &ind), SQL_HANDLE_STMT, st);
    ITEST_OK(SQLExecDirect(st, (SQLCHAR *)"SELECT ?", SQL_NTS), SQL_HANDLE_STMT, st);
    ITEST_OK(SQLFetch(st), SQL_HANDLE_STMT, st);
    SQLCloseCursor(st);
    SQLFreeStmt(st, SQL_RESET_PARAMS);

    ITEST_EXPECT_ERROR(SQLExecDirect(st, (SQLCHAR *)"SELECT * FROM log_no_such_table", SQL_NTS),
                       SQL_HANDLE_STMT, st, "42S02");
    itest_free_stmt(st);
}

/* Runs the workload at `level` (extra: more keywords) and returns the log. */
static const char *run_at(const char *level, const char *extra)
{
    char path[128], kw[384], connstr[1024];
    make_dir();
    snprintf(path, sizeof path, "%s/%s%s.log", tmpdir, level, extra ? "-x" : "");
    unlink(path);
    snprintf(kw, sizeof kw, "LogLevel=%s;LogFile=%s%s%s", level, path, extra ? ";" : "",
             extra ? extra : "");
    itest_dsnless(connstr, sizeof connstr, ITEST_PW_USER, ITEST_PW_PASS, kw);
    SQLHDBC dbc;
    SQLRETURN rc = connect_str(&dbc, connstr);
    ITEST_OK_FATAL(rc, SQL_HANDLE_DBC, dbc);
    workload(dbc);
    hangup(dbc);
    const char *log = slurp_rm(path);
    rmdir(tmpdir);
    return log;
}

/* What each level must show: a line containing `text` from `from` on, none below. */
static const struct {
    const char *text;
    int from;           /* 1 error, 2 info, 3 debug, 4 trace */
} expected[] = {
    { " error 42S02 ", 1 },                   /* the server error, SQLSTATE and message */
    { "log_no_such_table", 1 },
    { " connected to ", 2 },                  /* connection start ... */
    { " server_version=", 2 },
    { " tls=", 2 },
    { " disconnected from ", 2 },             /* ... and end */
    { "SQLDriverConnect(", 3 },               /* a line per call */
    { "SQLExecDirect(", 3 },
    { "SQLFetch() -> SQL_SUCCESS ", 3 },      /* the fetch */
    { "-> SQL_ERROR [42S02]", 3 },            /* the failed call with its SQLSTATE */
    { "sql (0 parameters): SELECT 41 + 1", 3 }, /* the query's text */
    { "PWD=***", 3 },                         /* the options, redacted */
    { "recv D DataRow len=", 4 },             /* a line per protocol message */
    { "send p PasswordMessage len=", 4 },
};

static void check_level(const char *level, int n)
{
    const char *log = run_at(level, NULL);
    for (size_t i = 0; i < sizeof expected / sizeof expected[0]; i++) {
        bool has = strstr(log, expected[i].text) != NULL;
        if (has != (n >= expected[i].from))
            fprintf(stderr, "\nLogLevel=%s: '%s' %s\n", level, expected[i].text,
                    has ? "present, should not be" : "missing");
        CU_ASSERT_EQUAL(has, n >= expected[i].from);
    }
    CU_ASSERT_PTR_NULL(strstr(log, ITEST_PW_PASS));
    CU_ASSERT_PTR_NULL(strstr(log, PARAM_SECRET));
    if (n == 0)
        CU_ASSERT_STRING_EQUAL(log, "");
    /* every line is whole and carries time, pid, thread */
    for (const char *p = log; *p; ) {
        const char *nl = strchr(p, '\n');
        CU_ASSERT_PTR_NOT_NULL_FATAL(nl);
        CU_ASSERT(strncmp(p, "20", 2) == 0 && strstr(p, " pid=") < nl && strstr(p, " tid=") < nl);
        p = nl + 1;
    }
}

static void test_off(void) { check_level("off", 0); }
static void test_error(void) { check_level("error", 1); }
static void test_info(void) { check_level("info", 2); }
static void test_debug(void) { check_level("debug", 3); }
static void test_trace(void) { check_level("trace", 4); }

static void test_params_shown_when_asked(void)
{
    const char *log = run_at("debug", "LogParams=1");
    CU_ASSERT_PTR_NOT_NULL(strstr(log, "parameter 1: '" PARAM_SECRET "'"));
    CU_ASSERT_PTR_NULL(strstr(log, ITEST_PW_PASS));
}

static void test_unopenable_file_warns(void)
{
    char kw[256], connstr[1024];
    make_dir();
    snprintf(kw, sizeof kw, "LogLevel=debug;LogFile=%s/no/such/dir/x.log", tmpdir);
    itest_dsnless(connstr, sizeof connstr, ITEST_PW_USER, ITEST_PW_PASS, kw);
    SQLHDBC dbc;
    SQLRETURN rc = connect_str(&dbc, connstr);
    ITEST_EXPECT_INFO(rc, SQL_HANDLE_DBC, dbc, "01000");
    if (SQL_SUCCEEDED(rc)) {
        char out[16];
        CU_ASSERT(itest_query_text(dbc, "SELECT 1", out, sizeof out));
        hangup(dbc);
    } else
        SQLFreeHandle(SQL_HANDLE_DBC, dbc);
    rmdir(tmpdir);
}

/* A connection that fails is logged too: its options are read before the first host is
 * tried. Port 1 on the loopback: nothing listens there. */
static void test_failed_connect_logged(void)
{
    char path[128], kw[256], connstr[512];
    make_dir();
    snprintf(path, sizeof path, "%s/failed.log", tmpdir);
    snprintf(kw, sizeof kw, "LogLevel=error;LogFile=%s", path);
    snprintf(connstr, sizeof connstr, "DRIVER={%s};SERVER=127.0.0.1;PORT=1;UID=%s;PWD=%s;%s",
             itest_cfg.driver, ITEST_PW_USER, ITEST_PW_PASS, kw);
    SQLHDBC dbc;
    SQLRETURN rc = connect_str(&dbc, connstr);
    ITEST_EXPECT_ERROR(rc, SQL_HANDLE_DBC, dbc, "08001");
    SQLFreeHandle(SQL_HANDLE_DBC, dbc);
    const char *log = slurp_rm(path);
    CU_ASSERT_PTR_NOT_NULL(strstr(log, " error 08001 "));
    CU_ASSERT_PTR_NOT_NULL(strstr(log, "127.0.0.1"));
    CU_ASSERT_PTR_NULL(strstr(log, ITEST_PW_PASS));
    rmdir(tmpdir);
}

static void test_bad_level_warns(void)
{
    char connstr[1024];
    itest_dsnless(connstr, sizeof connstr, ITEST_PW_USER, ITEST_PW_PASS, "LogLevel=loud");
    SQLHDBC dbc;
    SQLRETURN rc = connect_str(&dbc, connstr);
    ITEST_EXPECT_INFO(rc, SQL_HANDLE_DBC, dbc, "01S00");
    if (SQL_SUCCEEDED(rc))
        hangup(dbc);
    else
        SQLFreeHandle(SQL_HANDLE_DBC, dbc);
}

/* unixODBC keeps every value SQLGetPrivateProfileString read for 20 seconds
 * (odbcinst's ini cache): the driver looked up [CrateDB] LogLevel for earlier suites'
 * DSN connections. Writing any ini file through odbcinst empties that cache, so each
 * rewrite of odbcinst.ini is followed by a write to a scratch file. */
static void write_ini(const char *ini, const char *text)
{
    FILE *f = fopen(ini, "w");
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    fputs(text, f);
    fclose(f);
    char scratch[128];
    snprintf(scratch, sizeof scratch, "%s/scratch.ini", tmpdir);
    CU_ASSERT_TRUE(SQLWritePrivateProfileString("scratch", "k", "v", scratch));
    unlink(scratch);
}

/* odbcinst.ini's [CrateDB] section (tests/rig/odbc.sh writes it) gets LogLevel and
 * LogFile for the length of the test; the original file is put back. */
static void test_odbcinst_section(void)
{
    const char *sys = getenv("ODBCSYSINI");
    if (sys == NULL) {
        itest_not_applicable("log odbcinst_section: ODBCSYSINI is not set");
        return;
    }
    char ini[256], path[128], orig[8192];
    make_dir();
    snprintf(ini, sizeof ini, "%s/odbcinst.ini", sys);
    snprintf(path, sizeof path, "%s/odbcinst.log", tmpdir);
    FILE *f = fopen(ini, "r");
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    size_t olen = fread(orig, 1, sizeof orig - 1, f);
    orig[olen] = '\0';
    fclose(f);
    const char *sect = strstr(orig, "[CrateDB]\n");
    CU_ASSERT_PTR_NOT_NULL_FATAL(sect);
    size_t at = (size_t)(sect - orig) + strlen("[CrateDB]\n");
    char with_log[8192 + 256];
    snprintf(with_log, sizeof with_log, "%.*sLogLevel = info\nLogFile = %s\n%s", (int)at,
             orig, path, orig + at);
    write_ini(ini, with_log);

    char connstr[1024];
    snprintf(connstr, sizeof connstr, "DRIVER={CrateDB};SERVER=%s;PORT=%s;DATABASE=%s;"
             "UID=%s;PWD=%s", itest_cfg.server, itest_cfg.port, itest_cfg.database,
             ITEST_PW_USER, ITEST_PW_PASS);
    SQLHDBC dbc;
    SQLRETURN rc = connect_str(&dbc, connstr);
    ITEST_OK(rc, SQL_HANDLE_DBC, dbc);
    hangup(dbc);
    const char *log = slurp_rm(path);
    CU_ASSERT_PTR_NOT_NULL(strstr(log, " connected to "));
    CU_ASSERT_PTR_NULL(strstr(log, "SQLDriverConnect("));   /* info: no call lines */

    /* the connection string wins over the driver's section */
    char off[1100];
    snprintf(off, sizeof off, "%s;LogLevel=off", connstr);
    rc = connect_str(&dbc, off);
    ITEST_OK(rc, SQL_HANDLE_DBC, dbc);
    hangup(dbc);
    CU_ASSERT_STRING_EQUAL(slurp_rm(path), "");

    write_ini(ini, orig);
    rmdir(tmpdir);
}

void itest_register_log(void)
{
    static const itest_case cases[] = {
        {"off", test_off},
        {"error", test_error},
        {"info", test_info},
        {"debug", test_debug},
        {"trace", test_trace},
        {"params_shown_when_asked", test_params_shown_when_asked},
        {"unopenable_file_warns", test_unopenable_file_warns},
        {"bad_level_warns", test_bad_level_warns},
        {"failed_connect_logged", test_failed_connect_logged},
        {"odbcinst_section", test_odbcinst_section},
        {NULL, NULL},
    };
    itest_add_suite("log", cases);
}
