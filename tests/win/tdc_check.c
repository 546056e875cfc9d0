/*
 * tdc_check.c: checks Tableau's customization file (win/cratedb.tdc, as the
 * installer installed it) against the driver it customizes, under Wine
 * (tests/run.sh, run_windows_installer). Like smoke.c it loads
 * cratedbodbc.dll with LoadLibrary and calls its exports: no driver manager.
 *
 *   tdc_check.exe DLL HOST PORT TDC
 *
 * The server is the crate profile's (tests/rig/crate_proxy.py), which the
 * driver takes for CrateDB, as Tableau's users' servers are. Checked:
 *   - <vendor name> is what the driver answers for SQL_DBMS_NAME (Tableau
 *     matches the file to a connection by it);
 *   - <driver name> is an ODBC driver registered (ODBCINST.INI in the
 *     registry, as the installer left it) with this DLL as its Driver
 *     (Tableau matches it against the driver the connection uses);
 *   - SQL_DRIVER_NAME is the DLL's file name (the ODBC spec's answer);
 *   - every SQL_* customization equals the driver's SQLGetInfo answer
 *     (a name this program does not know fails);
 *   - every CAP_* customization has the value the table below gives it,
 *     and the driver shows what justifies it (a capability without a row
 *     here fails, so the file cannot claim what nothing checks).
 * Prints one line a check and "N passed, N failed"; exits 0 only when none
 * failed.
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <windows.h>
#include <sql.h>
#include <sqlext.h>

#include "harness.h"

/* ------------------------------------------------------------ the DLL's exports */

#define ENTRY_POINTS(X)                                                                  \
    X(SQLAllocHandle) X(SQLFreeHandle) X(SQLSetEnvAttr) X(SQLDriverConnect)              \
    X(SQLDisconnect) X(SQLExecDirect) X(SQLFetch) X(SQLGetDiagRec) X(SQLGetInfo)         \
    X(SQLGetConnectAttr) X(SQLForeignKeys)

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

static SQLHENV env;
static SQLHDBC dbc;

static SQLUINTEGER info_u32(SQLUSMALLINT type)
{
    SQLUINTEGER v = 0;
    pSQLGetInfo(dbc, type, &v, sizeof v, NULL);
    return v;
}

static SQLUSMALLINT info_u16(SQLUSMALLINT type)
{
    SQLUSMALLINT v = 0;
    pSQLGetInfo(dbc, type, &v, sizeof v, NULL);
    return v;
}

static const char *info_str(SQLUSMALLINT type, char *buf, SQLSMALLINT len)
{
    SQLSMALLINT out = 0;
    buf[0] = '\0';
    pSQLGetInfo(dbc, type, buf, len, &out);
    return buf;
}

/* Rows SQL gives (fetching all of them), or -1 when it fails. */
static int rows_of(const char *sql)
{
    SQLHSTMT st;
    pSQLAllocHandle(SQL_HANDLE_STMT, dbc, &st);
    int rows = -1;
    if (SQL_SUCCEEDED(pSQLExecDirect(st, (SQLCHAR *)sql, SQL_NTS)))
        for (rows = 0; SQL_SUCCEEDED(pSQLFetch(st)); rows++)
            ;
    pSQLFreeHandle(SQL_HANDLE_STMT, st);
    return rows;
}

/* ------------------------------------------------------------ SQL_* customizations */

/* The SQLGetInfo types Tableau reads from a .tdc (its "ODBC/SQL
 * customizations" reference) that the file may set; all SQLUINTEGER. */
static const struct {
    const char *name;
    SQLUSMALLINT type;
} info_types[] = {
#define T(n) {#n, n}
    T(SQL_SQL_CONFORMANCE), T(SQL_CATALOG_USAGE), T(SQL_SCHEMA_USAGE),
    T(SQL_AGGREGATE_FUNCTIONS), T(SQL_NUMERIC_FUNCTIONS), T(SQL_STRING_FUNCTIONS),
    T(SQL_TIMEDATE_FUNCTIONS), T(SQL_TIMEDATE_ADD_INTERVALS), T(SQL_TIMEDATE_DIFF_INTERVALS),
    T(SQL_DATETIME_LITERALS), T(SQL_SYSTEM_FUNCTIONS), T(SQL_CONVERT_FUNCTIONS),
    T(SQL_OJ_CAPABILITIES), T(SQL_SQL92_VALUE_EXPRESSIONS), T(SQL_SQL92_STRING_FUNCTIONS),
    T(SQL_SQL92_NUMERIC_VALUE_FUNCTIONS), T(SQL_SQL92_DATETIME_FUNCTIONS),
    T(SQL_SQL92_PREDICATES), T(SQL_SQL92_RELATIONAL_JOIN_OPERATORS),
#undef T
};

static void check_info(const char *name, const char *value)
{
    for (size_t i = 0; i < sizeof info_types / sizeof info_types[0]; i++) {
        if (strcmp(info_types[i].name, name) != 0)
            continue;
        unsigned long want = strtoul(value, NULL, 10), got = info_u32(info_types[i].type);
        check(want == got, name, "the .tdc says %lu, the driver answers %lu", want, got);
        return;
    }
    check(false, name, "not an SQLGetInfo type this check knows");
}

/* ------------------------------------------------------------ CAP_* customizations */

/* What the driver shows for a capability: true when it justifies the
 * table's value; why in msg. */
typedef bool (*cap_check_fn)(char *msg, size_t len);

static bool no_transactions(char *msg, size_t len)
{
    /* info.c: every statement commits at once; SQLEndTran has nothing to do */
    SQLUSMALLINT tc = info_u16(SQL_TXN_CAPABLE);
    snprintf(msg, len, "SQL_TXN_CAPABLE %u", tc);
    return tc == SQL_TC_NONE;
}

static bool one_isolation_level(char *msg, size_t len)
{
    /* attr.c: SQL_ATTR_TXN_ISOLATION takes read uncommitted only (01S02 otherwise) */
    SQLUINTEGER opts = info_u32(SQL_TXN_ISOLATION_OPTION);
    snprintf(msg, len, "SQL_TXN_ISOLATION_OPTION %lu", (unsigned long)opts);
    return opts == SQL_TXN_READ_UNCOMMITTED;
}

static bool forward_only_cursor(char *msg, size_t len)
{
    /* exec.c/fetch.c: a forward-only cursor streams FetchSize rows at a time
     * through a suspended portal; a static one keeps every row in memory */
    SQLUINTEGER so = info_u32(SQL_SCROLL_OPTIONS);
    snprintf(msg, len, "SQL_SCROLL_OPTIONS %lu", (unsigned long)so);
    return (so & SQL_SO_FORWARD_ONLY) != 0;
}

/* The statements below use what CrateDB and PostgreSQL both parse (no VALUES
 * lists, no column aliases on a derived table). */
static bool limit_clause(char *msg, size_t len)
{
    int n = rows_of("SELECT 1 AS x UNION ALL SELECT 2 UNION ALL SELECT 3 LIMIT 2");
    snprintf(msg, len, "SELECT ... LIMIT 2 gave %d rows", n);
    return n == 2;
}

static bool subqueries(char *msg, size_t len)
{
    SQLUINTEGER sq = info_u32(SQL_SUBQUERIES);
    int n = rows_of("SELECT x FROM (SELECT 1 AS x) AS t WHERE x IN (SELECT 1)");
    snprintf(msg, len, "SQL_SUBQUERIES %lu, a subquery gave %d rows", (unsigned long)sq, n);
    return (sq & SQL_SQ_IN) != 0 && n == 1;
}

static bool subquery_with_limit(char *msg, size_t len)
{
    int n = rows_of("SELECT x FROM (SELECT 1 AS x UNION ALL SELECT 2 LIMIT 1) AS t");
    snprintf(msg, len, "a subquery with LIMIT 1 gave %d rows", n);
    return n == 1;
}

static bool union_all(char *msg, size_t len)
{
    SQLUINTEGER u = info_u32(SQL_UNION);
    snprintf(msg, len, "SQL_UNION %lu", (unsigned long)u);
    return (u & (SQL_U_UNION | SQL_U_UNION_ALL)) == (SQL_U_UNION | SQL_U_UNION_ALL);
}

static bool no_procedures(char *msg, size_t len)
{
    /* info.c: CrateDB has no stored procedures */
    char p[8];
    snprintf(msg, len, "SQL_PROCEDURES %s", info_str(SQL_PROCEDURES, p, sizeof p));
    return strcmp(p, "N") == 0;
}

static bool no_foreign_keys(char *msg, size_t len)
{
    /* catalog.c drv_foreign_keys: CrateDB has none, the result is always empty */
    SQLHSTMT st;
    pSQLAllocHandle(SQL_HANDLE_STMT, dbc, &st);
    int rows = -1;
    if (SQL_SUCCEEDED(pSQLForeignKeys(st, NULL, 0, NULL, 0, (SQLCHAR *)"%", SQL_NTS, NULL, 0,
                                      NULL, 0, NULL, 0)))
        for (rows = 0; SQL_SUCCEEDED(pSQLFetch(st)); rows++)
            ;
    pSQLFreeHandle(SQL_HANDLE_STMT, st);
    snprintf(msg, len, "SQLForeignKeys gave %d rows", rows);
    return rows == 0;
}

static bool connection_dead_attr(char *msg, size_t len)
{
    /* attr.c: SQL_ATTR_CONNECTION_DEAD answers from the connection's state
     * without a round trip, which is what the fast check asks */
    SQLUINTEGER dead = 99;
    SQLRETURN rc = pSQLGetConnectAttr(dbc, SQL_ATTR_CONNECTION_DEAD, &dead, 0, NULL);
    snprintf(msg, len, "SQL_ATTR_CONNECTION_DEAD rc %d, value %lu", rc, (unsigned long)dead);
    return SQL_SUCCEEDED(rc) && dead == SQL_CD_FALSE;
}

static const struct {
    const char *name, *value;
    cap_check_fn justified;
} caps[] = {
    {"CAP_ODBC_TRANSACTIONS_SUPPRESS_EXPLICIT_COMMIT", "yes", no_transactions},
    {"CAP_SET_ISOLATION_LEVEL_VIA_ODBC_API", "no", one_isolation_level},
    {"CAP_SET_ISOLATION_LEVEL_VIA_SQL", "no", one_isolation_level},
    {"CAP_ODBC_CURSOR_FORWARD_ONLY", "yes", forward_only_cursor},
    {"CAP_QUERY_TOP_N", "yes", limit_clause},
    {"CAP_QUERY_TOPSTYLE_LIMIT", "yes", limit_clause},
    {"CAP_QUERY_SUBQUERIES", "yes", subqueries},
    {"CAP_QUERY_SUBQUERIES_WITH_TOP", "yes", subquery_with_limit},
    {"CAP_SUPPORTS_UNION", "yes", union_all},
    {"CAP_CONNECT_STORED_PROCEDURE", "no", no_procedures},
    {"CAP_ODBC_SUPPRESS_INFO_SCHEMA_STORED_PROCS", "yes", no_procedures},
    {"CAP_ODBC_METADATA_SUPPRESS_SQLFOREIGNKEYS_API", "yes", no_foreign_keys},
    {"CAP_ODBC_CONNECTION_STATE_VERIFY_FAST", "yes", connection_dead_attr},
};

static void check_cap(const char *name, const char *value)
{
    for (size_t i = 0; i < sizeof caps / sizeof caps[0]; i++) {
        if (strcmp(caps[i].name, name) != 0)
            continue;
        char msg[256] = "";
        bool justified = caps[i].justified(msg, sizeof msg);
        bool ok = strcmp(value, caps[i].value) == 0 && justified;
        check(ok, name, "the .tdc says '%s', the check wants '%s' (%s)", value, caps[i].value,
              msg);
        return;
    }
    check(false, name, "no check here justifies it (add one to tdc_check.c's caps table)");
}

/* ------------------------------------------------------------ the .tdc */

/* The value of attribute attr (quoted with ' or ") in the element starting
 * at p, copied to out; false when the element has none. */
static bool attribute(const char *p, const char *attr, char *out, size_t len)
{
    const char *end = strchr(p, '>');
    char key[64];
    snprintf(key, sizeof key, " %s=", attr);
    const char *a = strstr(p, key);
    if (a == NULL || (end && a > end))
        return false;
    a += strlen(key);
    char quote = *a++;
    const char *z = strchr(a, quote);
    if ((quote != '\'' && quote != '"') || z == NULL || (size_t)(z - a) >= len)
        return false;
    memcpy(out, a, (size_t)(z - a));
    out[z - a] = '\0';
    return true;
}

/* The whole file as a string (NULL when it cannot be read). */
static char *slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL)
        return NULL;
    char *s = NULL;
    size_t n = 0;
    for (;;) {
        char *t = realloc(s, n + 4097);
        if (t == NULL)
            break;
        s = t;
        size_t got = fread(s + n, 1, 4096, f);
        n += got;
        if (got < 4096)
            break;
    }
    fclose(f);
    if (s)
        s[n] = '\0';
    return s;
}

/* <driver name>: registered in ODBCINST.INI with this DLL as its Driver. */
static void check_driver_name(const char *name, const char *dll)
{
    char key[256], path[MAX_PATH] = "", full[MAX_PATH] = "";
    DWORD n = sizeof path;
    snprintf(key, sizeof key, "Software\\ODBC\\ODBCINST.INI\\%s", name);
    LONG rc = RegGetValueA(HKEY_LOCAL_MACHINE, key, "Driver", RRF_RT_REG_SZ, NULL, path, &n);
    GetFullPathNameA(dll, sizeof full, full, NULL);
    check(rc == ERROR_SUCCESS && _stricmp(path, full) == 0,
          "<driver name> is the driver registered with this DLL",
          "ODBCINST.INI\\%s: Driver '%s' (error %ld), the DLL is %s", name, path, rc, full);
}

static void check_tdc(const char *tdc, const char *dll)
{
    char *s = slurp(tdc);
    if (s == NULL) {
        check(false, "read the .tdc", "cannot read %s", tdc);
        return;
    }
    char v[256], dbms[128], drv[128];
    const char *e = strstr(s, "<connection-customization");
    check(e && attribute(e, "class", v, sizeof v) && strcmp(v, "genericodbc") == 0,
          "class genericodbc (Other Databases (ODBC))", "no class='genericodbc'");
    e = strstr(s, "<vendor");
    bool ok = e && attribute(e, "name", v, sizeof v);
    check(ok && strcmp(v, info_str(SQL_DBMS_NAME, dbms, sizeof dbms)) == 0,
          "<vendor name> is SQL_DBMS_NAME", "vendor '%s', SQL_DBMS_NAME '%s'", ok ? v : "?",
          dbms);
    e = strstr(s, "<driver");
    if (e && attribute(e, "name", v, sizeof v))
        check_driver_name(v, dll);
    else
        check(false, "<driver name>", "no <driver name=...>");

    const char *file = strrchr(dll, '\\');
    file = file ? file + 1 : dll;
    check(_stricmp(info_str(SQL_DRIVER_NAME, drv, sizeof drv), file) == 0,
          "SQL_DRIVER_NAME is the DLL's file name", "'%s', the DLL is %s", drv, file);

    int n = 0;
    for (const char *c = strstr(s, "<customization "); c; c = strstr(c + 1, "<customization ")) {
        char name[128], value[64];
        n++;
        if (!attribute(c, "name", name, sizeof name) || !attribute(c, "value", value, sizeof value))
            check(false, "a <customization> element", "without name or value");
        else if (strncmp(name, "SQL_", 4) == 0)
            check_info(name, value);
        else
            check_cap(name, value);
    }
    check(n > 0, "the .tdc has customizations", "none found");
    free(s);
}

int main(int argc, char **argv)
{
    if (argc != 5) {
        fprintf(stderr, "usage: tdc_check.exe DLL HOST PORT TDC\n");
        return 2;
    }
    if (!load(argv[1])) {
        printf("0 passed, 1 failed\n");
        return 1;
    }
    pSQLAllocHandle(SQL_HANDLE_ENV, SQL_NULL_HANDLE, &env);
    pSQLSetEnvAttr(env, SQL_ATTR_ODBC_VERSION, (SQLPOINTER)SQL_OV_ODBC3, 0);
    pSQLAllocHandle(SQL_HANDLE_DBC, env, &dbc);
    char in[256];
    snprintf(in, sizeof in, "Server=%s;Port=%s;Database=doc;UID=crate;SSLMode=disable", argv[2],
             argv[3]);
    SQLCHAR out[512];
    SQLSMALLINT outlen;
    SQLRETURN rc = pSQLDriverConnect(dbc, NULL, (SQLCHAR *)in, SQL_NTS, out, sizeof out, &outlen,
                                     SQL_DRIVER_NOPROMPT);
    if (!SQL_SUCCEEDED(rc)) {
        char state[6] = "", msg[512] = "";
        SQLINTEGER native;
        SQLSMALLINT mlen;
        pSQLGetDiagRec(SQL_HANDLE_DBC, dbc, 1, (SQLCHAR *)state, &native, (SQLCHAR *)msg,
                       sizeof msg, &mlen);
        check(false, "connect", "%s %s", state, msg);
    } else {
        check_tdc(argv[4], argv[1]);
        pSQLDisconnect(dbc);
    }
    pSQLFreeHandle(SQL_HANDLE_DBC, dbc);
    pSQLFreeHandle(SQL_HANDLE_ENV, env);
    printf("%d passed, %d failed\n", passed, failed);
    return failed ? 1 : 0;
}
