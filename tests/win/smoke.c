/*
 * smoke.c: the Windows build's smoke suite, run under Wine (tests/run.sh,
 * run_win). Wine's odbc32 forwards to the host's unixODBC and cannot load
 * a Windows driver, so this program loads cratedbodbc.dll itself with
 * LoadLibrary and calls the entry points it exports, as a driver manager
 * would: no driver manager in between.
 *
 *   smoke.exe DLL HOST PORT
 *
 * The DSN check goes through Wine's odbccp32 (linked): SQLInstallDriverEx
 * registers the DLL, SQLConfigDataSource adds and removes a DSN through
 * the DLL's ConfigDSN, and the DLL connects with DSN= alone, reading the
 * DSN back from the registry.
 *
 * The server is the rig's PostgreSQL (tests/rig/pg.sh): crate trusted,
 * crate_md5 and crate_scram with passwords, database doc. Prints one line
 * a check and "N passed, N failed"; exits 0 only when none failed.
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>
#include <windows.h>
#include <sql.h>
#include <sqlext.h>
#include <sqlucode.h>
#include <odbcinst.h>

#include "relay.h"

/* ------------------------------------------------------------ the DLL's exports */

/* Each entry point the suite calls, typed after its declaration in sql.h. */
#define ENTRY_POINTS(X)                                                                  \
    X(SQLAllocHandle) X(SQLFreeHandle) X(SQLSetEnvAttr) X(SQLDriverConnect)              \
    X(SQLDriverConnectW) X(SQLDisconnect) X(SQLExecDirect) X(SQLExecDirectW)             \
    X(SQLPrepare) X(SQLExecute) X(SQLBindParameter) X(SQLFetch) X(SQLGetData)            \
    X(SQLCloseCursor) X(SQLGetDiagRec) X(SQLSetStmtAttr) X(SQLDescribeColW)              \
    X(SQLGetTypeInfo) X(SQLNumResultCols) X(SQLRowCount) X(SQLFreeStmt)

#define DECLARE(name) static __typeof__(name) *p##name;
ENTRY_POINTS(DECLARE)

static bool load(const char *path)
{
    HMODULE dll = LoadLibraryA(path);
    if (dll == NULL) {
        printf("FAIL: LoadLibrary(%s): error %lu\n", path, GetLastError());
        return false;
    }
    bool ok = true;
#define RESOLVE(name)                                                                    \
    if ((p##name = (__typeof__(name) *)(void *)GetProcAddress(dll, #name)) == NULL) {    \
        printf("FAIL: %s is not exported\n", #name);                                    \
        ok = false;                                                                      \
    }
    ENTRY_POINTS(RESOLVE)
    return ok;
}

/* ------------------------------------------------------------ checks */

static int passed, failed;
static const char *host, *port;

static void check(bool ok, const char *name, const char *fmt, ...)
{
    if (ok) {
        passed++;
        printf("ok   %s\n", name);
        return;
    }
    failed++;
    printf("FAIL %s: ", name);
    va_list ap;
    va_start(ap, fmt);
    vprintf(fmt, ap);
    va_end(ap);
    printf("\n");
}

/* The first diagnostic record of a handle: SQLSTATE and message. */
static void diag(SQLSMALLINT type, SQLHANDLE h, char state[6], char *msg, size_t len)
{
    SQLINTEGER native;
    SQLSMALLINT mlen;
    state[0] = msg[0] = '\0';
    pSQLGetDiagRec(type, h, 1, (SQLCHAR *)state, &native, (SQLCHAR *)msg, (SQLSMALLINT)len,
                   &mlen);
}

static SQLHENV env;

/* A connection with "Server=HOST;Port=PORT;Database=doc;" + extra, or NULL
 * with the SQLSTATE and message in state/msg. */
static SQLHDBC connect_with(const char *extra, char state[6], char *msg, size_t len)
{
    char in[512];
    snprintf(in, sizeof in, "Server=%s;Port=%s;Database=doc;%s", host, port, extra);
    SQLHDBC dbc;
    pSQLAllocHandle(SQL_HANDLE_DBC, env, &dbc);
    SQLCHAR out[1024];
    SQLSMALLINT outlen;
    SQLRETURN rc = pSQLDriverConnect(dbc, NULL, (SQLCHAR *)in, SQL_NTS, out, sizeof out,
                                     &outlen, SQL_DRIVER_NOPROMPT);
    if (SQL_SUCCEEDED(rc))
        return dbc;
    diag(SQL_HANDLE_DBC, dbc, state, msg, len);
    pSQLFreeHandle(SQL_HANDLE_DBC, dbc);
    return NULL;
}

static SQLHDBC conn;   /* UID=crate, plaintext: the suite's connection */

static SQLHSTMT new_stmt(void)
{
    SQLHSTMT st;
    pSQLAllocHandle(SQL_HANDLE_STMT, conn, &st);
    return st;
}

static bool exec(SQLHSTMT st, const char *sql, char state[6], char *msg, size_t len)
{
    SQLRETURN rc = pSQLExecDirect(st, (SQLCHAR *)sql, SQL_NTS);
    if (SQL_SUCCEEDED(rc))
        return true;
    diag(SQL_HANDLE_STMT, st, state, msg, len);
    return false;
}

/* Column col of the current row as text ("NULL" for NULL). */
static const char *text(SQLHSTMT st, int col, char *buf, size_t len)
{
    SQLLEN ind;
    if (!SQL_SUCCEEDED(pSQLGetData(st, (SQLUSMALLINT)col, SQL_C_CHAR, buf, (SQLLEN)len, &ind)))
        return "(SQLGetData failed)";
    return ind == SQL_NULL_DATA ? "NULL" : buf;
}

/* ------------------------------------------------------------ the suite */

static void test_connect(void)
{
    char state[6], msg[512];
    conn = connect_with("UID=crate;SSLMode=disable", state, msg, sizeof msg);
    check(conn != NULL, "connect DSN-less (SQLDriverConnect)", "%s %s", state, msg);
}

static void test_types(void)
{
    char state[6] = "", msg[512] = "", b[128];
    SQLHSTMT st = new_stmt();
    bool ok = exec(st,
                   "SELECT 42::int4, 9000000000::int8, 1.5::float8, 'abc'::text, true, "
                   "DATE '2024-02-29', TIMESTAMP '2024-02-29 12:34:56.5', 12.345::numeric(10,3), "
                   "NULL::int4, 2.25::float4, 7::int2, 0.1::float4",
                   state, msg, sizeof msg) &&
              SQL_SUCCEEDED(pSQLFetch(st));
    check(ok, "query: execute and fetch", "%s %s", state, msg);
    if (!ok) {
        pSQLFreeHandle(SQL_HANDLE_STMT, st);
        return;
    }
    SQLINTEGER i4 = 0;
    SQLBIGINT i8 = 0;
    double f8 = 0;
    unsigned char bit = 0;
    SQL_DATE_STRUCT d = {0};
    SQL_TIMESTAMP_STRUCT ts = {0};
    SQLREAL f4 = 0;
    SQLSMALLINT i2 = 0;
    SQLLEN ind;
    pSQLGetData(st, 1, SQL_C_SLONG, &i4, 0, &ind);
    check(i4 == 42, "int4 as SQL_C_SLONG", "got %ld", (long)i4);
    pSQLGetData(st, 2, SQL_C_SBIGINT, &i8, 0, &ind);
    check(i8 == 9000000000LL, "int8 as SQL_C_SBIGINT", "got %lld", (long long)i8);
    pSQLGetData(st, 3, SQL_C_DOUBLE, &f8, 0, &ind);
    check(f8 == 1.5, "float8 as SQL_C_DOUBLE", "got %g", f8);
    const char *s = text(st, 4, b, sizeof b);
    check(strcmp(s, "abc") == 0, "text as SQL_C_CHAR", "got %s", s);
    pSQLGetData(st, 5, SQL_C_BIT, &bit, 0, &ind);
    check(bit == 1, "boolean as SQL_C_BIT", "got %d", bit);
    pSQLGetData(st, 6, SQL_C_TYPE_DATE, &d, 0, &ind);
    check(d.year == 2024 && d.month == 2 && d.day == 29, "date as SQL_C_TYPE_DATE",
          "got %d-%d-%d", d.year, d.month, d.day);
    pSQLGetData(st, 7, SQL_C_TYPE_TIMESTAMP, &ts, 0, &ind);
    check(ts.year == 2024 && ts.hour == 12 && ts.minute == 34 && ts.second == 56 &&
              ts.fraction == 500000000,
          "timestamp as SQL_C_TYPE_TIMESTAMP", "got %d %d:%d:%d.%lu", ts.year, ts.hour,
          ts.minute, ts.second, (unsigned long)ts.fraction);
    s = text(st, 8, b, sizeof b);
    check(strcmp(s, "12.345") == 0, "numeric as SQL_C_CHAR", "got %s", s);
    SQLINTEGER dummy = 0;
    pSQLGetData(st, 9, SQL_C_SLONG, &dummy, 0, &ind);
    check(ind == SQL_NULL_DATA, "NULL indicator", "got %ld", (long)ind);
    pSQLGetData(st, 10, SQL_C_FLOAT, &f4, 0, &ind);
    check(f4 == 2.25f, "float4 as SQL_C_FLOAT", "got %g", (double)f4);
    pSQLGetData(st, 11, SQL_C_SSHORT, &i2, 0, &ind);
    check(i2 == 7, "int2 as SQL_C_SSHORT", "got %d", i2);
    s = text(st, 12, b, sizeof b);
    check(strcmp(s, "0.1") == 0, "float4 as SQL_C_CHAR: shortest text, C locale", "got %s", s);
    pSQLFreeHandle(SQL_HANDLE_STMT, st);
}

static void test_params(void)
{
    char state[6] = "", msg[512] = "", b[128];
    SQLHSTMT st = new_stmt();
    SQLINTEGER n = 0;
    char word[32] = "";
    SQLLEN nind = 0, wind = SQL_NTS;
    bool ok = SQL_SUCCEEDED(pSQLPrepare(st, (SQLCHAR *)"SELECT ? + 1, upper(?)", SQL_NTS)) &&
              SQL_SUCCEEDED(pSQLBindParameter(st, 1, SQL_PARAM_INPUT, SQL_C_SLONG, SQL_INTEGER,
                                              0, 0, &n, 0, &nind)) &&
              SQL_SUCCEEDED(pSQLBindParameter(st, 2, SQL_PARAM_INPUT, SQL_C_CHAR, SQL_VARCHAR,
                                              sizeof word, 0, word, sizeof word, &wind));
    if (!ok)
        diag(SQL_HANDLE_STMT, st, state, msg, sizeof msg);
    check(ok, "prepare and bind parameters", "%s %s", state, msg);
    for (int round = 0; ok && round < 2; round++) {
        n = round ? -5 : 41;
        strcpy(word, round ? "zwei" : "eins");
        if (!SQL_SUCCEEDED(pSQLExecute(st)) || !SQL_SUCCEEDED(pSQLFetch(st))) {
            diag(SQL_HANDLE_STMT, st, state, msg, sizeof msg);
            check(false, "execute with parameters", "%s %s", state, msg);
            break;
        }
        char first[32];
        snprintf(first, sizeof first, "%s", text(st, 1, b, sizeof b));
        const char *second = text(st, 2, b, sizeof b);
        check(strcmp(first, round ? "-4" : "42") == 0 && strcmp(second, round ? "ZWEI" : "EINS") == 0,
              round ? "parameters, second execution" : "parameters, first execution",
              "got %s, %s", first, second);
        pSQLCloseCursor(st);
    }
    pSQLFreeHandle(SQL_HANDLE_STMT, st);
}

static void test_param_array(void)
{
    char state[6] = "", msg[512] = "", b[64];
    SQLHSTMT st = new_stmt();
    bool ok = exec(st, "CREATE TEMP TABLE win_smoke (id int, name text)", state, msg, sizeof msg);
    SQLINTEGER ids[3] = {1, 2, 3};
    char names[3][8] = {"a", "bb", "ccc"};
    SQLLEN idind[3] = {0, 0, 0}, nameind[3] = {SQL_NTS, SQL_NTS, SQL_NTS};
    SQLUSMALLINT status[3];
    SQLULEN done = 0;
    ok = ok &&
         SQL_SUCCEEDED(pSQLSetStmtAttr(st, SQL_ATTR_PARAMSET_SIZE, (SQLPOINTER)3, 0)) &&
         SQL_SUCCEEDED(pSQLSetStmtAttr(st, SQL_ATTR_PARAM_STATUS_PTR, status, 0)) &&
         SQL_SUCCEEDED(pSQLSetStmtAttr(st, SQL_ATTR_PARAMS_PROCESSED_PTR, &done, 0)) &&
         SQL_SUCCEEDED(pSQLBindParameter(st, 1, SQL_PARAM_INPUT, SQL_C_SLONG, SQL_INTEGER, 0, 0,
                                         ids, 0, idind)) &&
         SQL_SUCCEEDED(pSQLBindParameter(st, 2, SQL_PARAM_INPUT, SQL_C_CHAR, SQL_VARCHAR, 8, 0,
                                         names, 8, nameind)) &&
         exec(st, "INSERT INTO win_smoke VALUES (?, ?)", state, msg, sizeof msg);
    check(ok && done == 3, "parameter array of 3 rows", "%s %s (processed %lu)", state, msg,
          (unsigned long)done);
    pSQLFreeHandle(SQL_HANDLE_STMT, st);
    st = new_stmt();
    ok = exec(st, "SELECT count(*), sum(id), string_agg(name, ',' ORDER BY id) FROM win_smoke",
              state, msg, sizeof msg) &&
         SQL_SUCCEEDED(pSQLFetch(st));
    char got[128] = "";
    if (ok) {
        char c[16], s[16];
        snprintf(c, sizeof c, "%s", text(st, 1, b, sizeof b));
        snprintf(s, sizeof s, "%s", text(st, 2, b, sizeof b));
        snprintf(got, sizeof got, "%s %s %s", c, s, text(st, 3, b, sizeof b));
    }
    check(ok && strcmp(got, "3 6 a,bb,ccc") == 0, "parameter array rows arrived",
          "%s %s got %s", state, msg, got);
    pSQLFreeHandle(SQL_HANDLE_STMT, st);
}

/* Arrays come as JSON text (ArrayFormat's default), as CrateDB's do. */
static void test_arrays(void)
{
    char state[6] = "", msg[512] = "", b[128] = "";
    SQLHSTMT st = new_stmt();
    bool ok = exec(st, "SELECT ARRAY[1, 2, 3], ARRAY['a', 'b c']", state, msg, sizeof msg) &&
              SQL_SUCCEEDED(pSQLFetch(st));
    char ints[64] = "";
    if (ok)
        snprintf(ints, sizeof ints, "%s", text(st, 1, b, sizeof b));
    const char *strs = ok ? text(st, 2, b, sizeof b) : "";
    check(ok && strcmp(ints, "[1,2,3]") == 0 && strcmp(strs, "[\"a\",\"b c\"]") == 0,
          "arrays as JSON text", "%s %s got %s and %s", state, msg, ints, strs);
    pSQLFreeHandle(SQL_HANDLE_STMT, st);
}

static void test_server_error(void)
{
    char state[6] = "", msg[512] = "";
    SQLHSTMT st = new_stmt();
    bool ok = exec(st, "SELECT * FROM win_smoke_no_such_table", state, msg, sizeof msg);
    /* the driver reports ODBC's SQLSTATE and names the server's in the message */
    check(!ok && strcmp(state, "42S02") == 0 && strstr(msg, "42P01") != NULL,
          "server error: 42S02 for the server's 42P01", "got %s %s", state, msg);
    pSQLFreeHandle(SQL_HANDLE_STMT, st);
}

static void test_wide(void)
{
    /* "Grüße, 日本 🙂": Latin-1, CJK and a character outside the BMP (a
     * surrogate pair in UTF-16); wchar_t is UTF-16 on Windows */
    static const SQLWCHAR text_w[] = L"Gr\u00fc\u00dfe, \u65e5\u672c \U0001F642";
    static const SQLWCHAR alias_w[] = L"sp\u00e4lte";
    SQLWCHAR sql[128];
    swprintf(sql, 128, L"SELECT '%ls' AS \"%ls\"", text_w, alias_w);
    SQLHSTMT st = new_stmt();
    char state[6] = "", msg[512] = "";
    SQLRETURN rc = pSQLExecDirectW(st, sql, SQL_NTS);
    bool ok = SQL_SUCCEEDED(rc) && SQL_SUCCEEDED(pSQLFetch(st));
    if (!ok)
        diag(SQL_HANDLE_STMT, st, state, msg, sizeof msg);
    check(ok, "SQLExecDirectW with non-ASCII text", "%s %s", state, msg);
    if (ok) {
        SQLWCHAR name[32] = {0};
        SQLSMALLINT nlen = 0, type, digits, nullable;
        SQLULEN size;
        pSQLDescribeColW(st, 1, name, 32, &nlen, &type, &size, &digits, &nullable);
        check(wcscmp((wchar_t *)name, alias_w) == 0 && nlen == (SQLSMALLINT)wcslen(alias_w),
              "SQLDescribeColW: non-ASCII column name", "got %d units", nlen);
        SQLWCHAR got[64] = {0};
        SQLLEN ind = 0;
        pSQLGetData(st, 1, SQL_C_WCHAR, got, sizeof got, &ind);
        check(wcscmp((wchar_t *)got, text_w) == 0 &&
                  ind == (SQLLEN)(wcslen(text_w) * sizeof(SQLWCHAR)),
              "SQL_C_WCHAR: non-ASCII value with a surrogate pair", "got %ld bytes",
              (long)ind);
    }
    pSQLFreeHandle(SQL_HANDLE_STMT, st);

    /* a W connection string */
    SQLWCHAR in[256];
    swprintf(in, 256, L"Server=%hs;Port=%hs;Database=doc;UID=crate;SSLMode=disable", host, port);
    SQLHDBC dbc;
    pSQLAllocHandle(SQL_HANDLE_DBC, env, &dbc);
    SQLWCHAR out[512];
    SQLSMALLINT outlen = 0;
    rc = pSQLDriverConnectW(dbc, NULL, in, SQL_NTS, out, 512, &outlen, SQL_DRIVER_NOPROMPT);
    check(SQL_SUCCEEDED(rc) && wcsstr((wchar_t *)out, L"UID=crate") != NULL,
          "SQLDriverConnectW", "rc %d", rc);
    if (SQL_SUCCEEDED(rc))
        pSQLDisconnect(dbc);
    pSQLFreeHandle(SQL_HANDLE_DBC, dbc);
}

/* MD5 and SCRAM-SHA-256 go through the platform's crypto (CNG here). */
static void test_auth(void)
{
    static const struct {
        const char *name, *extra, *want;
    } cases[] = {
        {"MD5 password login", "UID=crate_md5;PWD=md5-secret;SSLMode=disable", NULL},
        {"SCRAM-SHA-256 login", "UID=crate_scram;PWD=scram-secret;SSLMode=disable", NULL},
        {"SCRAM-SHA-256, wrong password: 28000", "UID=crate_scram;PWD=wrong;SSLMode=disable",
         "28000"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char state[6] = "", msg[512] = "";
        SQLHDBC dbc = connect_with(cases[i].extra, state, msg, sizeof msg);
        if (cases[i].want == NULL)
            check(dbc != NULL, cases[i].name, "%s %s", state, msg);
        else
            check(dbc == NULL && strcmp(state, cases[i].want) == 0, cases[i].name,
                  "got %s %s", state, msg);
        if (dbc) {
            pSQLDisconnect(dbc);
            pSQLFreeHandle(SQL_HANDLE_DBC, dbc);
        }
    }
}

/* The Windows build has no TLS backend yet (protocol/tls_none.c): require
 * fails with 08001, prefer connects in plaintext. */
static void test_tls_modes(void)
{
    char state[6] = "", msg[512] = "";
    SQLHDBC dbc = connect_with("UID=crate;SSLMode=require", state, msg, sizeof msg);
    check(dbc == NULL && strcmp(state, "08001") == 0 && strstr(msg, "not built into") != NULL,
          "SSLMode=require without a TLS backend: 08001", "got %s %s", state, msg);
    if (dbc) {
        pSQLDisconnect(dbc);
        pSQLFreeHandle(SQL_HANDLE_DBC, dbc);
    }
    dbc = connect_with("UID=crate;SSLMode=prefer", state, msg, sizeof msg);
    check(dbc != NULL, "SSLMode=prefer connects in plaintext", "%s %s", state, msg);
    if (dbc) {
        pSQLDisconnect(dbc);
        pSQLFreeHandle(SQL_HANDLE_DBC, dbc);
    }
}

/* The query timeout runs on the driver's timer thread, which sends a
 * CancelRequest over a second connection: threads, condition variables
 * with timed waits and the cancel path on Win32. */
static void test_query_timeout(void)
{
    char state[6] = "", msg[512] = "";
    SQLHSTMT st = new_stmt();
    pSQLSetStmtAttr(st, SQL_ATTR_QUERY_TIMEOUT, (SQLPOINTER)1, 0);
    bool ok = exec(st, "SELECT pg_sleep(30)", state, msg, sizeof msg);
    check(!ok && strcmp(state, "HYT00") == 0, "query timeout cancels: HYT00", "got %s %s",
          state, msg);
    pSQLFreeHandle(SQL_HANDLE_STMT, st);
    st = new_stmt();
    char b[16];
    ok = exec(st, "SELECT 1", state, msg, sizeof msg) && SQL_SUCCEEDED(pSQLFetch(st));
    check(ok && strcmp(text(st, 1, b, sizeof b), "1") == 0,
          "the connection works after the cancel", "%s %s", state, msg);
    pSQLFreeHandle(SQL_HANDLE_STMT, st);
}

/* The liveness check (protocol/transport_wait.c) on Winsock, through
 * relay.c: a server that is slow to reply but answers the checks is waited
 * for; one that answers nothing fails the call with 08S01. */
static void test_liveness(void)
{
    static const char *const keepalive =
        "UID=crate;SSLMode=disable;KeepaliveTime=1;KeepaliveInterval=2;KeepaliveCount=2";
    for (int stopped = 0; stopped < 2; stopped++) {
        relay *r = relay_start(host, port);
        if (r == NULL) {
            check(false, "liveness: relay", "could not start the relay");
            return;
        }
        char in[512], state[6] = "", msg[512] = "";
        snprintf(in, sizeof in, "Server=127.0.0.1;Port=%d;Database=doc;%s", relay_port(r),
                 keepalive);
        SQLHDBC dbc;
        pSQLAllocHandle(SQL_HANDLE_DBC, env, &dbc);
        SQLRETURN rc = pSQLDriverConnect(dbc, NULL, (SQLCHAR *)in, SQL_NTS, NULL, 0, NULL,
                                         SQL_DRIVER_NOPROMPT);
        bool ok = SQL_SUCCEEDED(rc);
        if (ok) {
            SQLHSTMT st;
            pSQLAllocHandle(SQL_HANDLE_STMT, dbc, &st);
            /* bounds the call should the check not work (HYT00 then) */
            pSQLSetStmtAttr(st, SQL_ATTR_QUERY_TIMEOUT, (SQLPOINTER)30, 0);
            if (stopped)
                relay_freeze(r);
            else
                relay_hold_replies(r, 2);
            rc = pSQLExecDirect(st, (SQLCHAR *)"SELECT 1", SQL_NTS);
            ok = SQL_SUCCEEDED(rc);
            if (!ok)
                diag(SQL_HANDLE_STMT, st, state, msg, sizeof msg);
            pSQLFreeHandle(SQL_HANDLE_STMT, st);
            pSQLDisconnect(dbc);
        } else {
            diag(SQL_HANDLE_DBC, dbc, state, msg, sizeof msg);
        }
        pSQLFreeHandle(SQL_HANDLE_DBC, dbc);
        int probes = relay_probes(r);
        relay_stop(r);
        if (stopped)
            check(!ok && strcmp(state, "08S01") == 0 && strstr(msg, "liveness checks"),
                  "liveness: a stopped server fails the call with 08S01", "got %s %s", state,
                  msg);
        else
            check(ok && probes >= 2, "liveness: a slow server that answers the checks is waited for",
                  "%s %s (%d checks relayed)", state, msg, probes);
    }
}

typedef struct timed_exec {
    SQLHSTMT st;
    const char *sql;
    SQLRETURN rc;
} timed_exec;

static DWORD WINAPI timed_exec_main(void *arg)
{
    timed_exec *x = arg;
    x->rc = pSQLExecDirect(x->st, (SQLCHAR *)x->sql, SQL_NTS);
    return 0;
}

/* A query timeout on a server that answers nothing, not even the cancel,
 * with the liveness check off: the driver breaks the connection at the
 * cancel's deadline (LoginTimeout) and the call ends with HYT00. This is
 * pgw_abort from the timer thread, whose shutdown() wakes no select() on
 * Windows. The call runs on a thread of its own so that a hang is a
 * failed check and not a stuck suite. */
static void test_abort_stopped(void)
{
    relay *r = relay_start(host, port);
    if (r == NULL) {
        check(false, "abort: relay", "could not start the relay");
        return;
    }
    char in[512], state[6] = "", msg[512] = "";
    snprintf(in, sizeof in, "Server=127.0.0.1;Port=%d;Database=doc;UID=crate;SSLMode=disable;"
             "KeepaliveTime=0;LoginTimeout=3", relay_port(r));
    SQLHDBC dbc;
    pSQLAllocHandle(SQL_HANDLE_DBC, env, &dbc);
    SQLRETURN rc = pSQLDriverConnect(dbc, NULL, (SQLCHAR *)in, SQL_NTS, NULL, 0, NULL,
                                     SQL_DRIVER_NOPROMPT);
    if (!SQL_SUCCEEDED(rc)) {
        diag(SQL_HANDLE_DBC, dbc, state, msg, sizeof msg);
        check(false, "abort: connect through the relay", "%s %s", state, msg);
        pSQLFreeHandle(SQL_HANDLE_DBC, dbc);
        relay_stop(r);
        return;
    }
    static timed_exec x;   /* outlives this call if the thread hangs */
    pSQLAllocHandle(SQL_HANDLE_STMT, dbc, &x.st);
    pSQLSetStmtAttr(x.st, SQL_ATTR_QUERY_TIMEOUT, (SQLPOINTER)1, 0);
    x.sql = "SELECT 1";
    relay_freeze(r);
    HANDLE th = CreateThread(NULL, 0, timed_exec_main, &x, 0, NULL);
    bool ended = th != NULL && WaitForSingleObject(th, 60000) == WAIT_OBJECT_0;
    if (!ended) {
        check(false, "abort: a query timeout ends the call on a stopped server",
              "the call still runs after 60 s");
        return;     /* the thread, the handles and the relay are left to the exit */
    }
    CloseHandle(th);
    diag(SQL_HANDLE_STMT, x.st, state, msg, sizeof msg);
    check(x.rc == SQL_ERROR && strcmp(state, "HYT00") == 0,
          "abort: a query timeout ends the call on a stopped server", "rc %d, %s %s", x.rc,
          state, msg);
    pSQLFreeHandle(SQL_HANDLE_STMT, x.st);
    pSQLDisconnect(dbc);
    pSQLFreeHandle(SQL_HANDLE_DBC, dbc);
    relay_stop(r);
}

/* SQLGetTypeInfo's rows come sorted by DATA_TYPE (the catalog's sort). */
static void test_type_info(void)
{
    SQLHSTMT st = new_stmt();
    int rows = 0, unsorted = 0;
    SQLSMALLINT prev = -32768;
    if (SQL_SUCCEEDED(pSQLGetTypeInfo(st, SQL_ALL_TYPES))) {
        while (SQL_SUCCEEDED(pSQLFetch(st))) {
            SQLSMALLINT t = 0;
            SQLLEN ind;
            pSQLGetData(st, 2, SQL_C_SSHORT, &t, 0, &ind);
            if (t < prev)
                unsorted++;
            prev = t;
            rows++;
        }
    }
    check(rows > 5 && unsorted == 0, "SQLGetTypeInfo sorted by DATA_TYPE",
          "%d rows, %d out of order", rows, unsorted);
    pSQLFreeHandle(SQL_HANDLE_STMT, st);
}

#define SMOKE_DRIVER "CrateDB ODBC (smoke)"
#define SMOKE_DSN "crate_win_smoke"

/* The DSN's Server value in the registry ("" when there is none). */
static void dsn_server(char *buf, int len)
{
    buf[0] = '\0';
    SQLGetPrivateProfileString(SMOKE_DSN, "Server", "", buf, len, "odbc.ini");
}

/* The DSN's entry in the registry's list of data sources, the user's or the
 * machine's (its driver's name, or ""): what the ODBC Data Source
 * Administrator shows. */
static void dsn_listed(char *buf, DWORD len)
{
    static const HKEY roots[] = {HKEY_CURRENT_USER, HKEY_LOCAL_MACHINE};
    for (size_t i = 0; i < 2; i++) {
        DWORD n = len;
        if (RegGetValueA(roots[i], "Software\\ODBC\\ODBC.INI\\ODBC Data Sources", SMOKE_DSN,
                         RRF_RT_REG_SZ, NULL, buf, &n) == ERROR_SUCCESS)
            return;
    }
    buf[0] = '\0';
}

static void test_config_dsn(const char *dll)
{
    /* the driver's directory and file name, Windows style */
    char full[MAX_PATH], *file;
    if (GetFullPathNameA(dll, sizeof full, full, &file) == 0 || file == NULL) {
        check(false, "SQLInstallDriverEx", "GetFullPathName(%s) failed", dll);
        return;
    }
    char attrs[512];
    int n = snprintf(attrs, sizeof attrs, "%s%cDriver=%s%cSetup=%s%c%c", SMOKE_DRIVER, 0, file,
                     0, file, 0, 0);
    (void)n;
    file[-1] = '\0';   /* full is now the directory */
    char out[MAX_PATH];
    WORD outlen = 0;
    DWORD usage = 0;
    BOOL ok = SQLInstallDriverEx(attrs, full, out, sizeof out, &outlen, ODBC_INSTALL_COMPLETE,
                                 &usage);
    check(ok, "SQLInstallDriverEx registers the DLL", "failed");
    if (!ok)
        return;
    char dsn_attrs[512];
    snprintf(dsn_attrs, sizeof dsn_attrs, "DSN=%s%cServer=%s%cPort=%s%cDatabase=doc%cUID=crate%c"
             "SSLMode=disable%c%c", SMOKE_DSN, 0, host, 0, port, 0, 0, 0, 0, 0);
    ok = SQLConfigDataSource(NULL, ODBC_ADD_DSN, SMOKE_DRIVER, dsn_attrs);
    char server[64], listed[64];
    dsn_server(server, sizeof server);
    dsn_listed(listed, sizeof listed);
    check(ok && strcmp(server, host) == 0 && strcmp(listed, SMOKE_DRIVER) == 0,
          "SQLConfigDataSource adds a DSN through ConfigDSN", "ok %d, Server %s, listed %s", ok,
          server, listed);
    char state[6] = "", msg[512] = "";
    SQLHDBC dbc;
    pSQLAllocHandle(SQL_HANDLE_DBC, env, &dbc);
    SQLCHAR cout[512];
    SQLSMALLINT coutlen;
    SQLRETURN rc = pSQLDriverConnect(dbc, NULL, (SQLCHAR *)"DSN=" SMOKE_DSN, SQL_NTS, cout,
                                     sizeof cout, &coutlen, SQL_DRIVER_NOPROMPT);
    if (!SQL_SUCCEEDED(rc))
        diag(SQL_HANDLE_DBC, dbc, state, msg, sizeof msg);
    else
        pSQLDisconnect(dbc);
    pSQLFreeHandle(SQL_HANDLE_DBC, dbc);
    check(SQL_SUCCEEDED(rc), "connect with DSN= alone (the DSN read from the registry)",
          "%s %s", state, msg);
    snprintf(dsn_attrs, sizeof dsn_attrs, "DSN=%s%c%c", SMOKE_DSN, 0, 0);
    ok = SQLConfigDataSource(NULL, ODBC_REMOVE_DSN, SMOKE_DRIVER, dsn_attrs);
    dsn_listed(listed, sizeof listed);
    /* the list is what applications and the Administrator see; Wine 8's
     * SQLRemoveDSNFromIni leaves the DSN's own key behind, Windows' does not */
    check(ok && listed[0] == '\0', "SQLConfigDataSource removes the DSN through ConfigDSN",
          "ok %d, still listed as %s", ok, listed);
    DWORD left = 0;
    SQLRemoveDriver(SMOKE_DRIVER, FALSE, &left);
}

int main(int argc, char **argv)
{
    if (argc != 4) {
        fprintf(stderr, "usage: smoke.exe DLL HOST PORT\n");
        return 2;
    }
    host = argv[2];
    port = argv[3];
    if (!load(argv[1])) {
        printf("0 passed, 1 failed\n");
        return 1;
    }
    pSQLAllocHandle(SQL_HANDLE_ENV, SQL_NULL_HANDLE, &env);
    pSQLSetEnvAttr(env, SQL_ATTR_ODBC_VERSION, (SQLPOINTER)SQL_OV_ODBC3, 0);
    test_connect();
    if (conn) {
        test_types();
        test_params();
        test_param_array();
        test_arrays();
        test_server_error();
        test_wide();
        test_query_timeout();
        test_liveness();
        test_abort_stopped();
        test_type_info();
        pSQLDisconnect(conn);
        pSQLFreeHandle(SQL_HANDLE_DBC, conn);
    }
    test_auth();
    test_tls_modes();
    test_config_dsn(argv[1]);
    pSQLFreeHandle(SQL_HANDLE_ENV, env);
    printf("%d passed, %d failed\n", passed, failed);
    return failed ? 1 : 0;
}
