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
    char full[MAX_PATH], *file;
    if (GetFullPathNameA(dll, sizeof full, full, &file) == 0 || file == NULL)
        return false;
    char attrs[512];
    snprintf(attrs, sizeof attrs, "%s%cDriver=%s%cSetup=%s%c%c", DLG_DRIVER, 0, file, 0, file, 0,
             0);
    file[-1] = '\0';
    char out[MAX_PATH];
    WORD outlen = 0;
    DWORD usage = 0;
    return SQLInstallDriverEx(attrs, full, out, sizeof out, &outlen, ODBC_INSTALL_COMPLETE,
                              &usage);
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
    check(strncmp(r.seen[2], "Connected to PostgreSQL ", 24) == 0 &&
              r.seen[2][24] >= '1' && r.seen[2][24] <= '9',
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
    SQLHDBC dbc;
    pSQLAllocHandle(SQL_HANDLE_DBC, env, &dbc);
    SQLCHAR out[512];
    SQLSMALLINT outlen;
    SQLRETURN rc = pSQLDriverConnect(dbc, NULL, (SQLCHAR *)"DSN=" DLG_DSN, SQL_NTS, out,
                                     sizeof out, &outlen, SQL_DRIVER_NOPROMPT);
    if (!SQL_SUCCEEDED(rc))
        diag(SQL_HANDLE_DBC, dbc, state, msg, sizeof msg);
    else
        pSQLDisconnect(dbc);
    pSQLFreeHandle(SQL_HANDLE_DBC, dbc);
    check(SQL_SUCCEEDED(rc), "the DSN made in the dialog connects", "%s %s", state, msg);

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
        test_type_info();
        pSQLDisconnect(conn);
        pSQLFreeHandle(SQL_HANDLE_DBC, conn);
    }
    test_auth();
    test_tls_modes();
    test_config_dsn(argv[1]);
    test_dialog_config_dsn(argv[1]);
    test_dialog_prompt();
    pSQLFreeHandle(SQL_HANDLE_ENV, env);
    printf("%d passed, %d failed\n", passed, failed);
    return failed ? 1 : 0;
}
