/*
 * smoke.c: the Windows build's smoke suite, run under Wine (tests/run.sh,
 * run_win). Wine's odbc32 forwards to the host's unixODBC and cannot load
 * a Windows driver, so this program loads cratedbodbc.dll itself with
 * LoadLibrary and calls the entry points it exports, as a driver manager
 * would: no driver manager in between.
 *
 *   smoke.exe DLL HOST PORT TLSDIR
 *
 * TLSDIR is the rig's DIR/tls (tests/rig/pg.sh, tests/rig/tls.sh) as a
 * Windows path: the test CA and the client certificates; "none" for a
 * server without TLS (the crate profile's proxy), where the suite checks
 * that SSLMode=require refuses to go on in plaintext.
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
#include <winsock2.h>
#include <windows.h>
#include <wincrypt.h>
#include <sql.h>
#include <sqlext.h>
#include <sqlucode.h>
#include <odbcinst.h>

#include "harness.h"
#include "relay.h"

/* ------------------------------------------------------------ the DLL's exports */

/* Each entry point the suite calls, typed after its declaration in sql.h. */
#define ENTRY_POINTS(X)                                                                  \
    X(SQLAllocHandle) X(SQLFreeHandle) X(SQLSetEnvAttr) X(SQLDriverConnect)              \
    X(SQLDriverConnectW) X(SQLDisconnect) X(SQLExecDirect) X(SQLExecDirectW)             \
    X(SQLPrepare) X(SQLExecute) X(SQLBindParameter) X(SQLFetch) X(SQLGetData)            \
    X(SQLCloseCursor) X(SQLGetDiagRec) X(SQLSetStmtAttr) X(SQLDescribeColW)              \
    X(SQLGetTypeInfo) X(SQLNumResultCols) X(SQLRowCount) X(SQLFreeStmt)

ENTRY_POINTS(HARNESS_DECLARE)

static bool load(const char *path)
{
    HMODULE dll = harness_load(path);
    bool ok = dll != NULL;
    if (ok) {
        ENTRY_POINTS(HARNESS_RESOLVE)
    }
    return ok;
}

/* ------------------------------------------------------------ checks */

static const char *host, *port;

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

/* Connects with "DSN=dsn" alone (the DSN read from the registry) and
 * disconnects; false with the SQLSTATE and message in state/msg. */
static bool connect_dsn(const char *dsn, char state[6], char *msg, size_t len)
{
    char in[256];
    snprintf(in, sizeof in, "DSN=%s", dsn);
    SQLHDBC dbc;
    pSQLAllocHandle(SQL_HANDLE_DBC, env, &dbc);
    SQLRETURN rc = pSQLDriverConnect(dbc, NULL, (SQLCHAR *)in, SQL_NTS, NULL, 0, NULL,
                                     SQL_DRIVER_NOPROMPT);
    if (SQL_SUCCEEDED(rc))
        pSQLDisconnect(dbc);
    else
        diag(SQL_HANDLE_DBC, dbc, state, msg, len);
    pSQLFreeHandle(SQL_HANDLE_DBC, dbc);
    return SQL_SUCCEEDED(rc);
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

/* ------------------------------------------------------------ TLS (tls_schannel.c) */

static const char *tls_dir;   /* the rig's DIR/tls as a Windows path (argv[4]) */

/* tls_dir\name into buf. */
static const char *tls_file(char *buf, size_t len, const char *name)
{
    snprintf(buf, len, "%s\\%s", tls_dir, name);
    return buf;
}

/* A connection to server (NULL: the suite's host) with "Server=..;Port=..;
 * Database=doc;" + the options built from fmt, or NULL with the SQLSTATE
 * and message in state/msg. */
static SQLHDBC tls_connect(const char *server, char state[6], char *msg, size_t len,
                           const char *fmt, ...) __attribute__((format(printf, 5, 6)));
static SQLHDBC tls_connect(const char *server, char state[6], char *msg, size_t len,
                           const char *fmt, ...)
{
    char in[2048];
    int n = snprintf(in, sizeof in, "Server=%s;Port=%s;Database=doc;", server ? server : host,
                     port);
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(in + n, sizeof in - (size_t)n, fmt, ap);
    va_end(ap);
    SQLHDBC dbc;
    pSQLAllocHandle(SQL_HANDLE_DBC, env, &dbc);
    SQLCHAR out[2048];
    SQLSMALLINT outlen;
    state[0] = msg[0] = '\0';
    SQLRETURN rc = pSQLDriverConnect(dbc, NULL, (SQLCHAR *)in, SQL_NTS, out, sizeof out,
                                     &outlen, SQL_DRIVER_NOPROMPT);
    if (SQL_SUCCEEDED(rc))
        return dbc;
    diag(SQL_HANDLE_DBC, dbc, state, msg, len);
    pSQLFreeHandle(SQL_HANDLE_DBC, dbc);
    return NULL;
}

static void tls_disconnect(SQLHDBC dbc)
{
    if (dbc) {
        pSQLDisconnect(dbc);
        pSQLFreeHandle(SQL_HANDLE_DBC, dbc);
    }
}

/* The first column of sql's first row on dbc into buf; false on failure
 * (with the SQLSTATE and message in buf). */
static bool tls_query(SQLHDBC dbc, const char *sql, char *buf, size_t len)
{
    SQLHSTMT st;
    char state[6] = "", msg[512] = "";
    pSQLAllocHandle(SQL_HANDLE_STMT, dbc, &st);
    SQLLEN ind = 0;
    bool ok = exec(st, sql, state, msg, sizeof msg) && SQL_SUCCEEDED(pSQLFetch(st)) &&
              SQL_SUCCEEDED(pSQLGetData(st, 1, SQL_C_CHAR, buf, (SQLLEN)len, &ind)) &&
              ind != SQL_NULL_DATA;
    if (!ok)
        snprintf(buf, len, "%s %s", state, msg);
    pSQLFreeHandle(SQL_HANDLE_STMT, st);
    return ok;
}

/* The server's view of dbc's connection: "TLSv1.x CIPHER" when it runs
 * over TLS (pg_stat_ssl), "off" when not; what the driver says is not
 * evidence. */
static const char *server_tls(SQLHDBC dbc, char *buf, size_t len)
{
    tls_query(dbc, "SELECT CASE WHEN ssl THEN version || ' ' || cipher ELSE 'off' END "
                   "FROM pg_stat_ssl WHERE pid = pg_backend_pid()", buf, len);
    return buf;
}

static bool is_tls_version(const char *v)
{
    return strncmp(v, "TLSv1.2 ", 8) == 0 || strncmp(v, "TLSv1.3 ", 8) == 0;
}

/* What the driver itself reports (pgw_tls_info, in the log's "connected"
 * line): the same protocol version as the server's. */
static void test_tls_reported(void)
{
    char state[6], msg[512], v[128], path[MAX_PATH], dir[MAX_PATH];
    GetTempPathA(sizeof dir, dir);
    snprintf(path, sizeof path, "%ssmoke-tls-%lu.log", dir, (unsigned long)GetCurrentProcessId());
    DeleteFileA(path);
    SQLHDBC dbc = tls_connect(NULL, state, msg, sizeof msg,
                              "UID=crate;SSLMode=require;LogLevel=info;LogFile={%s}", path);
    if (!dbc) {
        check(false, "the driver reports TLS in its log", "%s %s", state, msg);
        return;
    }
    server_tls(dbc, v, sizeof v);
    tls_disconnect(dbc);
    char log[8192] = "", want[64];
    FILE *f = fopen(path, "rb");
    if (f) {
        log[fread(log, 1, sizeof log - 1, f)] = '\0';
        fclose(f);
    }
    DeleteFileA(path);
    /* "tls=TLSv1.3 cipher=..." with the version the server saw */
    snprintf(want, sizeof want, "tls=%.7s cipher=", v);
    check(is_tls_version(v) && strstr(log, want) != NULL,
          "the driver reports TLS in its log: version and cipher", "server: %s, log: %.300s",
          v, log);
    printf("     (the server sees %s)\n", v);
}

/* Each SSLMode against the rig's server, which offers TLS with the test
 * CA's certificate for localhost and 127.0.0.1 (and also listens on
 * 127.0.0.2, which the certificate does not name). */
static void test_tls_modes(void)
{
    char state[6], msg[512], v[128], ca[600], other[600];
    tls_file(ca, sizeof ca, "ca.crt");
    tls_file(other, sizeof other, "other-ca.crt");
    static const struct {
        const char *name, *server, *opts;
        bool root;          /* SSLRootCert=ca.crt appended */
        const char *want;   /* "TLSv1" (a TLS version), "off", or a SQLSTATE */
        const char *msg;    /* in the message of a failure */
    } cases[] = {
        {"SSLMode=require: TLS, the server says so", NULL, "UID=crate;SSLMode=require", false,
         "TLSv1", NULL},
        {"SSLMode=prefer: TLS", NULL, "UID=crate;SSLMode=prefer", false, "TLSv1", NULL},
        {"SSLMode=allow: plaintext first", NULL, "UID=crate;SSLMode=allow", false, "off", NULL},
        {"SSLMode=disable: plaintext", NULL, "UID=crate;SSLMode=disable", false, "off", NULL},
        {"a hostssl-only role logs in with SSLMode=require", NULL,
         "UID=crate_tls;PWD=tls-secret;SSLMode=require", false, "TLSv1", NULL},
        {"SSLMode=require with SSLRootCert checks the chain", NULL, "UID=crate;SSLMode=require",
         true, "TLSv1", NULL},
        {"SSLMode=verify-ca with the test CA", NULL, "UID=crate;SSLMode=verify-ca", true,
         "TLSv1", NULL},
        {"SSLMode=verify-full, host localhost", "localhost", "UID=crate;SSLMode=verify-full",
         true, "TLSv1", NULL},
        {"SSLMode=verify-full, host 127.0.0.1 (an IP subjectAltName)", "127.0.0.1",
         "UID=crate;SSLMode=verify-full", true, "TLSv1", NULL},
        {"SSLMode=verify-full, host 127.0.0.2 (not in the certificate): 08001", "127.0.0.2",
         "UID=crate;SSLMode=verify-full", true, "08001",
         "does not match host name \"127.0.0.2\""},
        {"SSLMode=verify-ca, host 127.0.0.2: no host name check", "127.0.0.2",
         "UID=crate;SSLMode=verify-ca", true, "TLSv1", NULL},
        {"SSLMode=verify-ca without SSLRootCert: 08001", NULL, "UID=crate;SSLMode=verify-ca",
         false, "08001", "needs SSLRootCert"},
        {"SSLMode=verify-ca, missing SSLRootCert file: 08001", NULL,
         "UID=crate;SSLMode=verify-ca;SSLRootCert=C:\\no\\such.crt", false, "08001",
         "could not load SSLRootCert"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        SQLHDBC dbc = tls_connect(cases[i].server, state, msg, sizeof msg, "%s%s%s%s",
                                  cases[i].opts, cases[i].root ? ";SSLRootCert={" : "",
                                  cases[i].root ? ca : "", cases[i].root ? "}" : "");
        const char *want = cases[i].want;
        if (want[0] == '0') {
            check(dbc == NULL && strcmp(state, want) == 0 && strstr(msg, cases[i].msg),
                  cases[i].name, "got %s %s", state, dbc ? "(connected)" : msg);
        } else if (!dbc) {
            check(false, cases[i].name, "%s %s", state, msg);
        } else {
            server_tls(dbc, v, sizeof v);
            check(strcmp(want, "off") == 0 ? strcmp(v, "off") == 0 : is_tls_version(v),
                  cases[i].name, "the server reports %s", v);
        }
        tls_disconnect(dbc);
    }
    /* the wrong CA: the message names the file that was trusted */
    SQLHDBC dbc = tls_connect(NULL, state, msg, sizeof msg,
                              "UID=crate;SSLMode=verify-ca;SSLRootCert={%s}", other);
    check(dbc == NULL && strcmp(state, "08001") == 0 &&
              strstr(msg, "certificate verify failed") && strstr(msg, "other-ca.crt"),
          "SSLMode=verify-ca with a CA that did not sign the server's certificate: 08001",
          "got %s %s", state, dbc ? "(connected)" : msg);
    tls_disconnect(dbc);
}

/* SSLCrl: the test CA's CRLs, one revoking nothing, one revoking the
 * server's certificate. */
static void test_tls_crl(void)
{
    char state[6], msg[512], ca[600], crl[600];
    tls_file(ca, sizeof ca, "ca.crt");
    SQLHDBC dbc = tls_connect(NULL, state, msg, sizeof msg,
                              "UID=crate;SSLMode=verify-ca;SSLRootCert={%s};SSLCrl={%s}", ca,
                              tls_file(crl, sizeof crl, "crl-empty.pem"));
    check(dbc != NULL, "SSLCrl revoking nothing: connects", "%s %s", state, msg);
    tls_disconnect(dbc);
    dbc = tls_connect(NULL, state, msg, sizeof msg,
                      "UID=crate;SSLMode=verify-ca;SSLRootCert={%s};SSLCrl={%s}", ca,
                      tls_file(crl, sizeof crl, "crl-revoked.pem"));
    check(dbc == NULL && strcmp(state, "08001") == 0 && strstr(msg, "certificate revoked"),
          "SSLCrl revoking the server's certificate: 08001", "got %s %s", state,
          dbc ? "(connected)" : msg);
    tls_disconnect(dbc);
}

/* The test CA in the current user's Root store, or out of it again: the
 * PEM file decoded by CryptoAPI. Under Wine the store is the prefix's; on
 * Windows adding a root asks the user, so this runs under Wine only. */
static bool trust_test_ca(bool add)
{
    char path[600], pem[8192];
    FILE *f = fopen(tls_file(path, sizeof path, "ca.crt"), "rb");
    if (!f)
        return false;
    size_t n = fread(pem, 1, sizeof pem - 1, f);
    fclose(f);
    pem[n] = '\0';
    BYTE der[4096];
    DWORD der_len = sizeof der;
    if (!CryptStringToBinaryA(pem, 0, CRYPT_STRING_BASE64HEADER, der, &der_len, NULL, NULL))
        return false;
    /* the registry store itself: Wine's system store "Root" is a collection
     * that does not pass deletions on to its registry member */
    HCERTSTORE root = CertOpenStore(CERT_STORE_PROV_SYSTEM_REGISTRY_A, 0, 0,
                                    CERT_SYSTEM_STORE_CURRENT_USER, "Root");
    if (!root)
        return false;
    bool ok;
    if (add) {
        ok = CertAddEncodedCertificateToStore(root, X509_ASN_ENCODING, der, der_len,
                                              CERT_STORE_ADD_REPLACE_EXISTING, NULL);
    } else {
        PCCERT_CONTEXT c = CertCreateCertificateContext(X509_ASN_ENCODING, der, der_len);
        PCCERT_CONTEXT in = c ? CertFindCertificateInStore(root, X509_ASN_ENCODING, 0,
                                                           CERT_FIND_EXISTING, c, NULL)
                              : NULL;
        ok = c != NULL && (in == NULL || CertDeleteCertificateFromStore(in));   /* frees in */
        CertFreeCertificateContext(c);
    }
    CertCloseStore(root, 0);
    return ok;
}

/* verify-full with SSLRootCert=system must connect: run in a child
 * process (smoke.exe ... system-store) once the test CA is in the store,
 * because Wine's default chain engine reads the Root store once per
 * process (Windows resyncs it). */
static void test_tls_system_store_child(void)
{
    char state[6], msg[512], v[128];
    SQLHDBC dbc = tls_connect("localhost", state, msg, sizeof msg,
                              "UID=crate;SSLMode=verify-full;SSLRootCert=system");
    check(dbc != NULL && is_tls_version(server_tls(dbc, v, sizeof v)),
          "SSLRootCert=system with the test CA in the user's Root store: verify-full connects",
          "%s %s", dbc ? v : state, dbc ? "" : msg);
    tls_disconnect(dbc);
}

/* SSLRootCert=system: the Windows certificate store, without and (in a
 * child process) with the test CA in it. */
static void test_tls_system_store(const char *dll)
{
    char state[6], msg[512];
    trust_test_ca(false);
    SQLHDBC dbc = tls_connect("localhost", state, msg, sizeof msg,
                              "UID=crate;SSLMode=verify-full;SSLRootCert=system");
    check(dbc == NULL && strcmp(state, "08001") == 0 &&
              strstr(msg, "not signed by a CA in the system's trusted CAs"),
          "SSLRootCert=system without the test CA in the store: 08001", "got %s %s", state,
          dbc ? "(connected)" : msg);
    tls_disconnect(dbc);
    if (!trust_test_ca(true)) {
        check(false, "the test CA added to the user's Root store", "error %lu", GetLastError());
        return;
    }
    char exe[MAX_PATH], cmd[2048];
    GetModuleFileNameA(NULL, exe, sizeof exe);
    snprintf(cmd, sizeof cmd, "\"%s\" \"%s\" %s %s \"%s\" system-store", exe, dll, host, port,
             tls_dir);
    STARTUPINFOA si = {.cb = sizeof si};
    PROCESS_INFORMATION pi;
    DWORD code = 99;
    fflush(stdout);
    if (CreateProcessA(NULL, cmd, NULL, NULL, TRUE, 0, NULL, NULL, &si, &pi)) {
        WaitForSingleObject(pi.hProcess, 120000);
        GetExitCodeProcess(pi.hProcess, &code);
        CloseHandle(pi.hProcess);
        CloseHandle(pi.hThread);
    }
    check(code == 0, "SSLRootCert=system trusts the store's roots (the child's check above)",
          "the child exited with %lu", (unsigned long)code);
    /* a file still means that file only, whatever the store trusts */
    char other[600];
    dbc = tls_connect("localhost", state, msg, sizeof msg,
                      "UID=crate;SSLMode=verify-full;SSLRootCert={%s}",
                      tls_file(other, sizeof other, "other-ca.crt"));
    check(dbc == NULL && strcmp(state, "08001") == 0,
          "SSLRootCert=FILE ignores the store's roots: 08001 with the other CA's file",
          "got %s %s", state, dbc ? "(connected)" : msg);
    tls_disconnect(dbc);
    check(trust_test_ca(false), "the test CA removed from the user's Root store", "error %lu",
          GetLastError());
}

/* The key containers the driver made for client keys are gone once the
 * connections are (tls_schannel.c deletes them with the settings). */
static void check_no_key_containers(void)
{
    HCRYPTPROV prov;
    int left = 0;
    char name[256], prefix[64];
    snprintf(prefix, sizeof prefix, "cratedb-odbc-%lu-", (unsigned long)GetCurrentProcessId());
    if (CryptAcquireContextA(&prov, NULL, MS_ENHANCED_PROV_A, PROV_RSA_FULL, CRYPT_VERIFYCONTEXT)) {
        DWORD len = sizeof name, flag = CRYPT_FIRST;
        while (CryptGetProvParam(prov, PP_ENUMCONTAINERS, (BYTE *)name, &len, flag)) {
            if (strncmp(name, prefix, strlen(prefix)) == 0)
                left++;
            len = sizeof name;
            flag = CRYPT_NEXT;
        }
        CryptReleaseContext(prov, 0);
    }
    check(left == 0, "no client key container left behind", "%d left", left);
}

/* Certificate authentication: crate_cert logs in only over TLS with a
 * client certificate whose CN is crate_cert (pg.sh). */
static void test_tls_client_cert(void)
{
    char state[6], msg[512], v[128], cert[600], key[600];
    tls_file(cert, sizeof cert, "client-rsa.crt");
    static const struct {
        const char *name, *key;
    } keys[] = {
        {"client certificate login, PKCS#8 RSA key", "client-rsa.key"},
        {"client certificate login, PKCS#1 RSA key", "client-rsa-pkcs1.key"},
    };
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
        SQLHDBC dbc = tls_connect(NULL, state, msg, sizeof msg,
                                  "UID=crate_cert;SSLMode=require;SSLCert={%s};SSLKey={%s}", cert,
                                  tls_file(key, sizeof key, keys[i].key));
        bool ok = dbc && tls_query(dbc, "SELECT current_user", v, sizeof v) &&
                  strcmp(v, "crate_cert") == 0;
        check(ok, keys[i].name, "%s %s", dbc ? v : state, dbc ? "" : msg);
        tls_disconnect(dbc);
    }
    SQLHDBC dbc = tls_connect(NULL, state, msg, sizeof msg, "UID=crate_cert;SSLMode=require");
    check(dbc == NULL && strcmp(state, "28000") == 0,
          "crate_cert without a client certificate: the server refuses (28000)", "got %s %s",
          state, dbc ? "(connected)" : msg);
    tls_disconnect(dbc);
    static const struct {
        const char *name, *opts, *msg;
    } bad[] = {
        {"SSLCert file missing: 08001", "SSLCert=C:\\no\\such.crt;SSLKey=C:\\no\\such.key",
         "could not load SSLCert"},
        {"SSLKey without SSLCert: 08001", "SSLKey={%s}", "SSLKey is set but SSLCert is not"},
        {"an EC client key: 08001 saying RSA keys only", "SSLCert={%s};SSLKey={%s}",
         "RSA client keys only"},
        {"SSLKey not the key of SSLCert: 08001", "SSLCert={%s};SSLKey={%s}",
         "is not the key of SSLCert"},
    };
    char ec_cert[600], ec_key[600], opts[1400];
    tls_file(ec_cert, sizeof ec_cert, "client.crt");
    tls_file(ec_key, sizeof ec_key, "client.key");
    tls_file(key, sizeof key, "client-rsa.key");
    snprintf(opts, sizeof opts, "%s", bad[0].opts);
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        if (i == 1)
            snprintf(opts, sizeof opts, "SSLKey={%s}", key);
        else if (i == 2)
            snprintf(opts, sizeof opts, "SSLCert={%s};SSLKey={%s}", ec_cert, ec_key);
        else if (i == 3)   /* the RSA key with the EC key's certificate */
            snprintf(opts, sizeof opts, "SSLCert={%s};SSLKey={%s}", ec_cert, key);
        dbc = tls_connect(NULL, state, msg, sizeof msg, "UID=crate_cert;SSLMode=require;%s",
                          opts);
        check(dbc == NULL && strcmp(state, "08001") == 0 && strstr(msg, bad[i].msg),
              bad[i].name, "got %s %s", state, dbc ? "(connected)" : msg);
        tls_disconnect(dbc);
    }
    check_no_key_containers();
}

/* Work over TLS: statements larger than a record both ways, and the query
 * timeout, whose CancelRequest goes over a TLS connection of its own. */
static void test_tls_traffic(void)
{
    char state[6] = "", msg[512] = "", v[128];
    SQLHDBC dbc = tls_connect(NULL, state, msg, sizeof msg, "UID=crate;SSLMode=require");
    check(dbc != NULL, "TLS connection for queries", "%s %s", state, msg);
    if (!dbc)
        return;
    /* 200 000 bytes out: a dozen records */
    size_t big = 200000;
    char *sql = malloc(big + 64);
    int n = snprintf(sql, 64, "SELECT length('");
    memset(sql + n, 'x', big);
    snprintf(sql + n + big, 64, "')");
    bool ok = tls_query(dbc, sql, v, sizeof v);
    check(ok && strcmp(v, "200000") == 0, "a 200 kB statement over TLS", "got %s", v);
    free(sql);
    SQLHSTMT st;
    pSQLAllocHandle(SQL_HANDLE_STMT, dbc, &st);
    SQLLEN total = 0, ind = 0;
    ok = exec(st, "SELECT repeat('z', 500000)", state, msg, sizeof msg) &&
         SQL_SUCCEEDED(pSQLFetch(st));
    char *col = malloc(600000);
    if (ok && SQL_SUCCEEDED(pSQLGetData(st, 1, SQL_C_CHAR, col, 600000, &ind)))
        total = ind;
    check(ok && total == 500000 && col[0] == 'z' && col[499999] == 'z',
          "a 500 kB value read over TLS", "%s %s, %ld bytes", state, msg, (long)total);
    free(col);
    pSQLFreeHandle(SQL_HANDLE_STMT, st);
    pSQLAllocHandle(SQL_HANDLE_STMT, dbc, &st);
    pSQLSetStmtAttr(st, SQL_ATTR_QUERY_TIMEOUT, (SQLPOINTER)1, 0);
    ok = exec(st, "SELECT pg_sleep(30)", state, msg, sizeof msg);
    check(!ok && strcmp(state, "HYT00") == 0, "query timeout over TLS: the cancel works (HYT00)",
          "got %s %s", state, msg);
    pSQLFreeHandle(SQL_HANDLE_STMT, st);
    ok = tls_query(dbc, "SELECT 'after'", v, sizeof v) && strcmp(v, "after") == 0;
    check(ok, "the TLS connection works after the cancel", "got %s", v);
    tls_disconnect(dbc);
}

/* A fake server for one connection: it takes the SSLRequest, answers
 * with `answer` and then, for 'S', reads the ClientHello and sends
 * `then` (NULL: nothing) before it closes. */
typedef struct fake_server {
    SOCKET listener;
    char answer;
    const char *then;
    int hold_ms;       /* how long it stays silent before it closes */
} fake_server;

static DWORD WINAPI fake_serve(void *arg)
{
    fake_server *f = arg;
    SOCKET s = accept(f->listener, NULL, NULL);
    if (s == INVALID_SOCKET)
        return 1;
    char buf[4096];
    int got = 0;
    while (got < 8) {   /* the SSLRequest: length 8, code 80877103 */
        int r = recv(s, buf + got, 8 - got, 0);
        if (r <= 0)
            break;
        got += r;
    }
    send(s, &f->answer, 1, 0);
    if (f->answer == 'S') {
        recv(s, buf, sizeof buf, 0);   /* (the start of) the ClientHello */
        if (f->then)
            send(s, f->then, (int)strlen(f->then), 0);
    }
    Sleep((DWORD)f->hold_ms);
    shutdown(s, SD_SEND);
    Sleep(200);
    closesocket(s);
    return 0;
}

/* Servers that break the TLS start: each attempt must end with 08001 (or,
 * for a silent one, the login timeout's HYT00) and the reason, neither hang
 * nor crash. */
static void test_tls_broken_servers(void)
{
    static const struct {
        const char *name;
        char answer;
        const char *then;
        int hold_ms;
        const char *state, *msg;
    } cases[] = {
        {"the server closes in the middle of the handshake: 08001", 'S', NULL, 0, "08001",
         "SSL handshake failed"},
        {"the server answers the ClientHello with plaintext: 08001", 'S',
         "HTTP/1.1 400 Bad Request\r\n\r\n", 0, "08001", "SSL handshake failed"},
        {"the server answers the SSLRequest with neither S nor N: 08001", 'X', NULL, 0,
         "08001", "not S or N"},
        {"the server refuses TLS (N) with SSLMode=require: 08001", 'N', NULL, 0, "08001",
         "server does not support SSL, but SSLMode=require"},
        {"the server falls silent in the handshake: the login timeout ends it (HYT00)", 'S',
         NULL, 3000, "HYT00", "timed out during the SSL handshake"},
    };
    WSADATA wsa;
    WSAStartup(MAKEWORD(2, 2), &wsa);
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        fake_server f = {socket(AF_INET, SOCK_STREAM, IPPROTO_TCP), cases[i].answer,
                         cases[i].then, cases[i].hold_ms};
        struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
        int alen = sizeof a;
        if (bind(f.listener, (struct sockaddr *)&a, sizeof a) != 0 || listen(f.listener, 1) != 0 ||
            getsockname(f.listener, (struct sockaddr *)&a, &alen) != 0) {
            check(false, cases[i].name, "no listening socket: %d", WSAGetLastError());
            closesocket(f.listener);
            continue;
        }
        HANDLE th = CreateThread(NULL, 0, fake_serve, &f, 0, NULL);
        char state[6], msg[512], in[128];
        snprintf(in, sizeof in, "Server=127.0.0.1;Port=%d;UID=crate;SSLMode=require;"
                                "LoginTimeout=%d", ntohs(a.sin_port), cases[i].hold_ms ? 1 : 20);
        SQLHDBC dbc;
        pSQLAllocHandle(SQL_HANDLE_DBC, env, &dbc);
        SQLSMALLINT outlen;
        SQLRETURN rc = pSQLDriverConnect(dbc, NULL, (SQLCHAR *)in, SQL_NTS, NULL, 0, &outlen,
                                         SQL_DRIVER_NOPROMPT);
        diag(SQL_HANDLE_DBC, dbc, state, msg, sizeof msg);
        if (SQL_SUCCEEDED(rc))
            pSQLDisconnect(dbc);
        pSQLFreeHandle(SQL_HANDLE_DBC, dbc);
        check(!SQL_SUCCEEDED(rc) && strcmp(state, cases[i].state) == 0 &&
                  strstr(msg, cases[i].msg),
              cases[i].name, "got %s %s", state, SQL_SUCCEEDED(rc) ? "(connected)" : msg);
        WaitForSingleObject(th, 30000);
        CloseHandle(th);
        closesocket(f.listener);
    }
    WSACleanup();
}

/* A server without TLS (TLSDIR "none": the crate profile's proxy answers
 * N to the SSLRequest, as CrateDB with ssl.psql.enabled false does):
 * SSLMode=require fails rather than go on in plaintext, prefer connects. */
static void test_tls_absent(void)
{
    char state[6], msg[512];
    SQLHDBC dbc = connect_with("UID=crate;SSLMode=require", state, msg, sizeof msg);
    check(dbc == NULL && strcmp(state, "08001") == 0 &&
              strstr(msg, "server does not support SSL") != NULL,
          "no TLS at the server: SSLMode=require fails with 08001", "got %s %s", state, msg);
    if (dbc) {
        pSQLDisconnect(dbc);
        pSQLFreeHandle(SQL_HANDLE_DBC, dbc);
    }
    dbc = connect_with("UID=crate;SSLMode=prefer", state, msg, sizeof msg);
    check(dbc != NULL, "no TLS at the server: SSLMode=prefer connects in plaintext", "%s %s",
          state, msg);
    if (dbc) {
        pSQLDisconnect(dbc);
        pSQLFreeHandle(SQL_HANDLE_DBC, dbc);
    }
}

/* TLS on Windows, through SChannel (tls_schannel.c). */
static void test_tls(const char *dll)
{
    check(tls_dir != NULL, "the rig's TLS directory is given (argv[4])", "none");
    if (!tls_dir)
        return;
    if (strcmp(tls_dir, "none") == 0) {
        test_tls_absent();
        return;
    }
    /* a test CA left in the store by an interrupted run goes before the
     * first chain is built (see test_tls_system_store_child) */
    trust_test_ca(false);
    test_tls_modes();
    test_tls_reported();
    test_tls_system_store(dll);
    test_tls_crl();
    test_tls_client_cert();
    test_tls_traffic();
    test_tls_broken_servers();
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

/* Registers the DLL as driver `name`, its own setup DLL too, as an
 * installer does: lpszPathIn its directory, Driver and Setup its file
 * name, which the ODBC installer puts the directory in front of (Wine 10's
 * only when the name does not name a file as it is, which it does not
 * from the working directory run.sh gives). */
static bool register_driver(const char *name, const char *dll)
{
    char full[MAX_PATH], *file;
    if (GetFullPathNameA(dll, sizeof full, full, &file) == 0 || file == NULL) {
        printf("GetFullPathName(%s) failed\n", dll);
        return false;
    }
    char attrs[1024];
    snprintf(attrs, sizeof attrs, "%s%cDriver=%s%cSetup=%s%c%c", name, 0, file, 0, file, 0, 0);
    file[-1] = '\0';   /* full is now the directory */
    char out[MAX_PATH];
    WORD outlen = 0;
    DWORD usage = 0;
    return SQLInstallDriverEx(attrs, full, out, sizeof out, &outlen, ODBC_INSTALL_COMPLETE,
                              &usage);
}

static void test_config_dsn(const char *dll)
{
    BOOL ok = register_driver(SMOKE_DRIVER, dll);
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
    check(connect_dsn(SMOKE_DSN, state, msg, sizeof msg),
          "connect with DSN= alone (the DSN read from the registry)", "%s %s", state, msg);
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

/* ------------------------------------------------------------ the dialog */

/* The data source dialog (setup/dialog.rc) under Wine's null display
 * driver (tests/run.sh sets it): windows exist off-screen and take
 * messages. The call that shows it (ConfigDSN through SQLConfigDataSource,
 * or SQLDriverConnect) blocks in the dialog's modal loop on this thread, so
 * a robot thread finds the dialog by its title among this process's
 * windows, reads and types into its controls by ID (setup/dialog_ids.h) and
 * presses Test, OK or Cancel, as a user would. */
#include "../../setup/dialog_ids.h"

#define DIALOG_CLASS "#32770"
#define SETUP_TITLE "CrateDB ODBC Data Source"
#define PROMPT_TITLE "CrateDB ODBC Connection"
#define DLG_DRIVER "CrateDB ODBC (dialog)"
#define DLG_DSN "crate_win_dialog"

typedef struct robot robot;
struct robot {
    const char *title;
    void (*act)(robot *r, HWND dlg);   /* what the user does in the dialog */
    HANDLE stop;       /* set by the test: give up looking (no dialog is expected) */
    bool found;
    /* what the robot saw, for the test's checks */
    char seen[4][256];
    bool flags[4];
};

static HWND robot_found;

static BOOL CALLBACK find_dialog_cb(HWND w, LPARAM title)
{
    DWORD pid = 0;
    char cls[32], text[128];
    GetWindowThreadProcessId(w, &pid);
    if (pid == GetCurrentProcessId() && GetClassNameA(w, cls, sizeof cls) &&
        strcmp(cls, DIALOG_CLASS) == 0 && GetWindowTextA(w, text, sizeof text) &&
        strcmp(text, (const char *)title) == 0 && IsWindowEnabled(w)) {
        robot_found = w;
        return FALSE;
    }
    return TRUE;
}

/* Looks for the dialog until it shows or the stop event is set (60 s at
 * most: a dialog that never comes fails the test, not the run). */
static DWORD WINAPI robot_main(void *arg)
{
    robot *r = arg;
    for (int i = 0; i < 1200; i++) {
        robot_found = NULL;
        EnumWindows(find_dialog_cb, (LPARAM)r->title);
        if (robot_found != NULL) {
            r->found = true;
            r->act(r, robot_found);
            return 0;
        }
        if (WaitForSingleObject(r->stop, 50) == WAIT_OBJECT_0)
            return 0;
    }
    return 0;
}

static HANDLE robot_start(robot *r)
{
    r->stop = CreateEventA(NULL, TRUE, FALSE, NULL);
    return CreateThread(NULL, 0, robot_main, r, 0, NULL);
}

static void robot_join(robot *r, HANDLE t)
{
    SetEvent(r->stop);
    WaitForSingleObject(t, INFINITE);
    CloseHandle(t);
    CloseHandle(r->stop);
}

static void dlg_get(HWND dlg, int id, char *buf, int len)
{
    buf[0] = '\0';
    GetDlgItemTextA(dlg, id, buf, len);
}

static void dlg_set(HWND dlg, int id, const char *text) { SetDlgItemTextA(dlg, id, text); }

static void dlg_press(HWND dlg, int id) { SendMessageA(GetDlgItem(dlg, id), BM_CLICK, 0, 0); }

static bool dlg_enabled(HWND dlg, int id) { return IsWindowEnabled(GetDlgItem(dlg, id)) != 0; }

/* Presses Test and waits for its result in the status line (the test runs
 * on a thread of its own; the buttons come back when it is done). */
static void dlg_test(HWND dlg, char *status, int len)
{
    dlg_press(dlg, IDC_TEST);
    for (int i = 0; i < 1200; i++) {
        if (IsWindowEnabled(GetDlgItem(dlg, IDC_TEST)))
            break;
        Sleep(50);
    }
    dlg_get(dlg, IDC_STATUS, status, len);
}

/* A hidden top-level window: the parent an application passes. */
static HWND parent_window(void)
{
    return CreateWindowExA(0, "STATIC", "smoke parent", WS_OVERLAPPEDWINDOW, 0, 0, 200, 100,
                           NULL, NULL, GetModuleHandleA(NULL), NULL);
}

/* Registers the DLL as driver DLG_DRIVER (its own setup DLL too). */
static bool register_dialog_driver(const char *dll)
{
    return register_driver(DLG_DRIVER, dll);
}

static void dsn_value(const char *dsn, const char *key, char *buf, int len)
{
    buf[0] = '\0';
    SQLGetPrivateProfileString(dsn, key, "", buf, len, "odbc.ini");
}

static bool dsn_is_listed(const char *dsn)
{
    static const HKEY roots[] = {HKEY_CURRENT_USER, HKEY_LOCAL_MACHINE};
    char buf[128];
    for (size_t i = 0; i < 2; i++) {
        DWORD n = sizeof buf;
        if (RegGetValueA(roots[i], "Software\\ODBC\\ODBC.INI\\ODBC Data Sources", dsn,
                         RRF_RT_REG_SZ, NULL, buf, &n) == ERROR_SUCCESS)
            return true;
    }
    return false;
}

/* Removes every trace of data source dsn (Wine 8's SQLRemoveDSNFromIni
 * leaves its own key behind), so a check starts from nothing. */
static void forget_dsn(const char *dsn)
{
    static const HKEY roots[] = {HKEY_CURRENT_USER, HKEY_LOCAL_MACHINE};
    char key[256];
    snprintf(key, sizeof key, "Software\\ODBC\\ODBC.INI\\%s", dsn);
    SQLRemoveDSNFromIni(dsn);
    for (size_t i = 0; i < 2; i++) {
        RegDeleteTreeA(roots[i], key);
        RegDeleteKeyValueA(roots[i], "Software\\ODBC\\ODBC.INI\\ODBC Data Sources", dsn);
    }
}

/* ODBC_ADD_DSN: the name and description come from the attributes; the
 * user types the connection, tests it with a wrong port and the right one,
 * and presses OK. */
static void act_add(robot *r, HWND dlg)
{
    dlg_get(dlg, IDC_DSN_NAME, r->seen[0], sizeof r->seen[0]);
    char desc[64];
    dlg_get(dlg, IDC_DESCRIPTION, desc, sizeof desc);
    r->flags[0] = strcmp(desc, "typed by smoke") == 0;
    dlg_set(dlg, IDC_SERVER, host);
    dlg_set(dlg, IDC_PORT, "1");
    dlg_set(dlg, IDC_DATABASE, "doc");
    dlg_set(dlg, IDC_UID, "crate");
    SendMessageA(GetDlgItem(dlg, IDC_SSLMODE), CB_SELECTSTRING, (WPARAM)-1, (LPARAM)"disable");
    dlg_test(dlg, r->seen[1], sizeof r->seen[1]);
    dlg_set(dlg, IDC_PORT, port);
    dlg_test(dlg, r->seen[2], sizeof r->seen[2]);
    SendMessageA(dlg, WM_COMMAND, IDOK, 0);
}

static void act_cancel(robot *r, HWND dlg)
{
    (void)r;
    dlg_set(dlg, IDC_SERVER, "cancelled.example");
    SendMessageA(dlg, WM_COMMAND, IDCANCEL, 0);
}

/* ODBC_CONFIG_DSN: the fields come from the registry; the user changes the
 * schema. */
static void act_config(robot *r, HWND dlg)
{
    dlg_get(dlg, IDC_SERVER, r->seen[0], sizeof r->seen[0]);
    dlg_get(dlg, IDC_PORT, r->seen[1], sizeof r->seen[1]);
    dlg_get(dlg, IDC_SSLMODE, r->seen[2], sizeof r->seen[2]);
    dlg_set(dlg, IDC_DATABASE, "doc_changed");
    SendMessageA(dlg, WM_COMMAND, IDOK, 0);
}

static void test_dialog_config_dsn(const char *dll)
{
    if (!register_dialog_driver(dll)) {
        check(false, "dialog: SQLInstallDriverEx", "failed");
        return;
    }
    HWND parent = parent_window();
    check(parent != NULL, "dialog: a hidden parent window (Wine's null display driver)",
          "CreateWindowEx failed: error %lu", GetLastError());
    if (parent == NULL)
        return;

    forget_dsn(DLG_DSN);
    forget_dsn("crate_win_cancelled");
    robot r = {.title = SETUP_TITLE, .act = act_add};
    HANDLE t = robot_start(&r);
    BOOL ok = SQLConfigDataSource(parent, ODBC_ADD_DSN, DLG_DRIVER,
                                  "DSN=" DLG_DSN "\0Description=typed by smoke\0");
    robot_join(&r, t);
    check(r.found && strcmp(r.seen[0], DLG_DSN) == 0 && r.flags[0],
          "ConfigDSN(ODBC_ADD_DSN) with a window shows the dialog, prefilled from the attributes",
          "found %d, name '%s'", r.found, r.seen[0]);
    check(strncmp(r.seen[1], "Failed: 08001", 13) == 0 && strstr(r.seen[1], ":1") != NULL,
          "dialog Test with a wrong port: the SQLSTATE and message in the dialog",
          "status '%s'", r.seen[1]);
    /* the server's name as it reports itself: PostgreSQL, or CrateDB
     * behind the crate profile's proxy */
    char product[32];
    unsigned major = 0;
    check(sscanf(r.seen[2], "Connected to %31s %u.", product, &major) == 2 && major > 0 &&
              (strcmp(product, "PostgreSQL") == 0 || strcmp(product, "CrateDB") == 0),
          "dialog Test: connected, with the server's version", "status '%s'", r.seen[2]);
    char server[64], p[16], mode[16], desc[64];
    dsn_value(DLG_DSN, "Server", server, sizeof server);
    dsn_value(DLG_DSN, "Port", p, sizeof p);
    dsn_value(DLG_DSN, "SSLMode", mode, sizeof mode);
    dsn_value(DLG_DSN, "Description", desc, sizeof desc);
    check(ok && dsn_is_listed(DLG_DSN) && strcmp(server, host) == 0 && strcmp(p, port) == 0 &&
              strcmp(mode, "disable") == 0 && strcmp(desc, "typed by smoke") == 0,
          "dialog OK: the DSN is added with the values typed", "ok %d, Server %s Port %s "
          "SSLMode %s Description %s", ok, server, p, mode, desc);

    char state[6] = "", msg[512] = "";
    check(connect_dsn(DLG_DSN, state, msg, sizeof msg), "the DSN made in the dialog connects",
          "%s %s", state, msg);

    robot c = {.title = SETUP_TITLE, .act = act_config};
    t = robot_start(&c);
    ok = SQLConfigDataSource(parent, ODBC_CONFIG_DSN, DLG_DRIVER, "DSN=" DLG_DSN "\0");
    robot_join(&c, t);
    char db[32];
    dsn_value(DLG_DSN, "Database", db, sizeof db);
    check(ok && c.found && strcmp(c.seen[0], host) == 0 && strcmp(c.seen[1], port) == 0 &&
              strcmp(c.seen[2], "disable") == 0 && strcmp(db, "doc_changed") == 0,
          "ConfigDSN(ODBC_CONFIG_DSN): the dialog shows the DSN's values, OK writes the change",
          "ok %d, found %d, shown Server '%s' Port '%s' SSLMode '%s', Database now '%s'", ok,
          c.found, c.seen[0], c.seen[1], c.seen[2], db);

    robot x = {.title = SETUP_TITLE, .act = act_cancel};
    t = robot_start(&x);
    ok = SQLConfigDataSource(parent, ODBC_ADD_DSN, DLG_DRIVER, "DSN=crate_win_cancelled\0");
    robot_join(&x, t);
    dsn_value("crate_win_cancelled", "Server", server, sizeof server);
    check(x.found && !ok && !dsn_is_listed("crate_win_cancelled") && server[0] == '\0',
          "dialog Cancel: ConfigDSN returns FALSE and adds nothing",
          "found %d, ok %d, listed %d, Server '%s'", x.found, ok,
          dsn_is_listed("crate_win_cancelled"), server);

    forget_dsn(DLG_DSN);
    DWORD left = 0;
    SQLRemoveDriver(DLG_DRIVER, FALSE, &left);
    DestroyWindow(parent);
}

/* SQLDriverConnect with a window: out is the completed string. */
static SQLRETURN prompt_connect(HWND parent, const char *in, SQLUSMALLINT mode, robot *r,
                                char *out, size_t outlen, char state[6], char *msg, size_t len)
{
    SQLHDBC dbc;
    pSQLAllocHandle(SQL_HANDLE_DBC, env, &dbc);
    HANDLE t = robot_start(r);
    SQLSMALLINT n = 0;
    out[0] = state[0] = msg[0] = '\0';
    SQLRETURN rc = pSQLDriverConnect(dbc, parent, (SQLCHAR *)in, SQL_NTS, (SQLCHAR *)out,
                                     (SQLSMALLINT)outlen, &n, mode);
    robot_join(r, t);
    if (rc == SQL_ERROR)
        diag(SQL_HANDLE_DBC, dbc, state, msg, len);
    if (SQL_SUCCEEDED(rc))
        pSQLDisconnect(dbc);
    pSQLFreeHandle(SQL_HANDLE_DBC, dbc);
    return rc;
}

/* No server given: the user types it. */
static void act_type_server(robot *r, HWND dlg)
{
    dlg_get(dlg, IDC_STATUS, r->seen[0], sizeof r->seen[0]);
    r->flags[0] = dlg_enabled(dlg, IDC_SERVER);
    r->flags[1] = dlg_enabled(dlg, IDC_UID);
    dlg_set(dlg, IDC_SERVER, host);
    SendMessageA(dlg, WM_COMMAND, IDOK, 0);
}

/* A password login failed for want of one: the user types it. */
static void act_type_password(robot *r, HWND dlg)
{
    dlg_get(dlg, IDC_STATUS, r->seen[0], sizeof r->seen[0]);
    r->flags[0] = dlg_enabled(dlg, IDC_PWD) && dlg_enabled(dlg, IDC_UID);
    r->flags[1] = dlg_enabled(dlg, IDC_SERVER);
    dlg_set(dlg, IDC_PWD, "pw-secret");
    SendMessageA(dlg, WM_COMMAND, IDOK, 0);
}

static void act_look_and_cancel(robot *r, HWND dlg)
{
    dlg_get(dlg, IDC_SERVER, r->seen[0], sizeof r->seen[0]);
    dlg_get(dlg, IDC_UID, r->seen[1], sizeof r->seen[1]);
    SendMessageA(dlg, WM_COMMAND, IDCANCEL, 0);
}

static void test_dialog_prompt(void)
{
    HWND parent = parent_window();
    if (parent == NULL) {
        check(false, "prompt: a hidden parent window", "error %lu", GetLastError());
        return;
    }
    char in[256], out[1024], state[6], msg[512], want[64];
    snprintf(want, sizeof want, "SERVER=%s;", host);

    /* COMPLETE without a server: the dialog asks for it */
    snprintf(in, sizeof in, "Port=%s;Database=doc;UID=crate;SSLMode=disable", port);
    robot a = {.title = PROMPT_TITLE, .act = act_type_server};
    SQLRETURN rc = prompt_connect(parent, in, SQL_DRIVER_COMPLETE, &a, out, sizeof out, state,
                                  msg, sizeof msg);
    check(a.found && SQL_SUCCEEDED(rc) && strstr(out, want) != NULL &&
              strstr(a.seen[0], "No server") != NULL && a.flags[0] && a.flags[1],
          "SQL_DRIVER_COMPLETE without a server: the dialog asks, the typed server connects "
          "and is in the out string", "found %d, rc %d %s %s, status '%s', out '%s'", a.found,
          rc, state, msg, a.seen[0], out);

    /* COMPLETE_REQUIRED: only what is missing can be edited */
    robot b = {.title = PROMPT_TITLE, .act = act_type_server};
    rc = prompt_connect(parent, in, SQL_DRIVER_COMPLETE_REQUIRED, &b, out, sizeof out, state,
                        msg, sizeof msg);
    check(b.found && SQL_SUCCEEDED(rc) && strstr(out, want) != NULL && b.flags[0] && !b.flags[1],
          "SQL_DRIVER_COMPLETE_REQUIRED: the server field editable, the user field greyed out",
          "found %d, rc %d %s %s, server enabled %d, uid enabled %d", b.found, rc, state, msg,
          b.flags[0], b.flags[1]);

    /* a password login without a password: the dialog asks for it (the
     * warning about FetchSize comes first among the diagnostics) */
    snprintf(in, sizeof in, "Server=%s;Port=%s;Database=doc;UID=crate_pw;SSLMode=disable;"
             "FetchSize=many", host, port);
    robot c = {.title = PROMPT_TITLE, .act = act_type_password};
    rc = prompt_connect(parent, in, SQL_DRIVER_COMPLETE_REQUIRED, &c, out, sizeof out, state,
                        msg, sizeof msg);
    check(c.found && SQL_SUCCEEDED(rc) && strstr(c.seen[0], "28000") != NULL && c.flags[0] &&
              !c.flags[1] && strstr(out, "PWD=pw-secret") != NULL,
          "a login that failed for want of a password: the dialog asks for it (the error in its "
          "status), the typed password connects", "found %d, rc %d %s %s, status '%s', "
          "uid/pwd enabled %d, server enabled %d", c.found, rc, state, msg, c.seen[0], c.flags[0],
          c.flags[1]);

    /* PROMPT shows the dialog even with everything there; Cancel is SQL_NO_DATA */
    snprintf(in, sizeof in, "Server=%s;Port=%s;Database=doc;UID=crate;SSLMode=disable", host,
             port);
    robot d = {.title = PROMPT_TITLE, .act = act_look_and_cancel};
    rc = prompt_connect(parent, in, SQL_DRIVER_PROMPT, &d, out, sizeof out, state, msg,
                        sizeof msg);
    check(d.found && rc == SQL_NO_DATA && strcmp(d.seen[0], host) == 0 &&
              strcmp(d.seen[1], "crate") == 0,
          "SQL_DRIVER_PROMPT: the dialog, prefilled from the string; Cancel is SQL_NO_DATA",
          "found %d, rc %d %s %s, Server '%s' UID '%s'", d.found, rc, state, msg, d.seen[0],
          d.seen[1]);

    /* COMPLETE with everything there connects without a dialog (a dialog
     * would be cancelled by the robot, and the call would fail) */
    robot e = {.title = PROMPT_TITLE, .act = act_look_and_cancel};
    rc = prompt_connect(parent, in, SQL_DRIVER_COMPLETE, &e, out, sizeof out, state, msg,
                        sizeof msg);
    check(!e.found && rc == SQL_SUCCESS && strstr(out, want) != NULL,
          "SQL_DRIVER_COMPLETE with everything given connects without a dialog",
          "dialog shown %d, rc %d %s %s", e.found, rc, state, msg);
    DestroyWindow(parent);
}

int main(int argc, char **argv)
{
    /* argv[5] "system-store": test_tls_system_store's child */
    bool child = argc == 6 && strcmp(argv[5], "system-store") == 0;
    if (argc != 4 && argc != 5 && !child) {
        fprintf(stderr, "usage: smoke.exe DLL HOST PORT [TLSDIR]\n");
        return 2;
    }
    host = argv[2];
    port = argv[3];
    tls_dir = argc >= 5 ? argv[4] : NULL;
    if (!load(argv[1])) {
        printf("0 passed, 1 failed\n");
        return 1;
    }
    if (child) {
        pSQLAllocHandle(SQL_HANDLE_ENV, SQL_NULL_HANDLE, &env);
        pSQLSetEnvAttr(env, SQL_ATTR_ODBC_VERSION, (SQLPOINTER)SQL_OV_ODBC3, 0);
        test_tls_system_store_child();
        pSQLFreeHandle(SQL_HANDLE_ENV, env);
        return failed ? 1 : 0;
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
    test_tls(argv[1]);
    test_config_dsn(argv[1]);
    test_dialog_config_dsn(argv[1]);
    test_dialog_prompt();
    pSQLFreeHandle(SQL_HANDLE_ENV, env);
    printf("%d passed, %d failed\n", passed, failed);
    return failed ? 1 : 0;
}
