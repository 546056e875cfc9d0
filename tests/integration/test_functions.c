/*
 * test_functions.c: SQLGetFunctions tells the truth about the driver library.
 *
 * For every ODBC 3 function the test loads the driver library itself (ITEST_DRIVER) and
 * asks whether it exports the entry point (or its W form); SQLGetFunctions through the
 * driver manager must say "exists" exactly for those. Functions the driver manager
 * implements or maps by itself (ODBC 2 names, SQLDataSources, SQLDrivers, ...) are not
 * asked about: unixODBC answers for those whatever the driver says.
 */
#include <dlfcn.h>
#include <stdio.h>
#include <string.h>

#include "itest.h"

static const struct {
    SQLUSMALLINT id;
    const char *name;
} functions[] = {
    {SQL_API_SQLALLOCHANDLE, "SQLAllocHandle"},
    {SQL_API_SQLBINDCOL, "SQLBindCol"},
    {SQL_API_SQLBINDPARAMETER, "SQLBindParameter"},
    {SQL_API_SQLBROWSECONNECT, "SQLBrowseConnect"},
    {SQL_API_SQLBULKOPERATIONS, "SQLBulkOperations"},
    {SQL_API_SQLCANCEL, "SQLCancel"},
    {SQL_API_SQLCLOSECURSOR, "SQLCloseCursor"},
    {SQL_API_SQLCOLATTRIBUTE, "SQLColAttribute"},
    {SQL_API_SQLCOLUMNPRIVILEGES, "SQLColumnPrivileges"},
    {SQL_API_SQLCOLUMNS, "SQLColumns"},
    {SQL_API_SQLCONNECT, "SQLConnect"},
    {SQL_API_SQLCOPYDESC, "SQLCopyDesc"},
    {SQL_API_SQLDESCRIBECOL, "SQLDescribeCol"},
    {SQL_API_SQLDESCRIBEPARAM, "SQLDescribeParam"},
    {SQL_API_SQLDISCONNECT, "SQLDisconnect"},
    {SQL_API_SQLDRIVERCONNECT, "SQLDriverConnect"},
    {SQL_API_SQLENDTRAN, "SQLEndTran"},
    {SQL_API_SQLEXECDIRECT, "SQLExecDirect"},
    {SQL_API_SQLEXECUTE, "SQLExecute"},
    {SQL_API_SQLEXTENDEDFETCH, "SQLExtendedFetch"},
    {SQL_API_SQLFETCH, "SQLFetch"},
    {SQL_API_SQLFETCHSCROLL, "SQLFetchScroll"},
    {SQL_API_SQLFOREIGNKEYS, "SQLForeignKeys"},
    {SQL_API_SQLFREEHANDLE, "SQLFreeHandle"},
    {SQL_API_SQLFREESTMT, "SQLFreeStmt"},
    {SQL_API_SQLGETCONNECTATTR, "SQLGetConnectAttr"},
    {SQL_API_SQLGETCURSORNAME, "SQLGetCursorName"},
    {SQL_API_SQLGETDATA, "SQLGetData"},
    {SQL_API_SQLGETDESCFIELD, "SQLGetDescField"},
    {SQL_API_SQLGETDESCREC, "SQLGetDescRec"},
    {SQL_API_SQLGETDIAGFIELD, "SQLGetDiagField"},
    {SQL_API_SQLGETDIAGREC, "SQLGetDiagRec"},
    {SQL_API_SQLGETENVATTR, "SQLGetEnvAttr"},
    {SQL_API_SQLGETINFO, "SQLGetInfo"},
    {SQL_API_SQLGETSTMTATTR, "SQLGetStmtAttr"},
    {SQL_API_SQLGETTYPEINFO, "SQLGetTypeInfo"},
    {SQL_API_SQLMORERESULTS, "SQLMoreResults"},
    {SQL_API_SQLNATIVESQL, "SQLNativeSql"},
    {SQL_API_SQLNUMPARAMS, "SQLNumParams"},
    {SQL_API_SQLNUMRESULTCOLS, "SQLNumResultCols"},
    {SQL_API_SQLPARAMDATA, "SQLParamData"},
    {SQL_API_SQLPREPARE, "SQLPrepare"},
    {SQL_API_SQLPRIMARYKEYS, "SQLPrimaryKeys"},
    {SQL_API_SQLPROCEDURECOLUMNS, "SQLProcedureColumns"},
    {SQL_API_SQLPROCEDURES, "SQLProcedures"},
    {SQL_API_SQLPUTDATA, "SQLPutData"},
    {SQL_API_SQLROWCOUNT, "SQLRowCount"},
    {SQL_API_SQLSETCONNECTATTR, "SQLSetConnectAttr"},
    {SQL_API_SQLSETCURSORNAME, "SQLSetCursorName"},
    {SQL_API_SQLSETDESCFIELD, "SQLSetDescField"},
    {SQL_API_SQLSETDESCREC, "SQLSetDescRec"},
    {SQL_API_SQLSETENVATTR, "SQLSetEnvAttr"},
    {SQL_API_SQLSETPOS, "SQLSetPos"},
    {SQL_API_SQLSETSTMTATTR, "SQLSetStmtAttr"},
    {SQL_API_SQLSPECIALCOLUMNS, "SQLSpecialColumns"},
    {SQL_API_SQLSTATISTICS, "SQLStatistics"},
    {SQL_API_SQLTABLEPRIVILEGES, "SQLTablePrivileges"},
    {SQL_API_SQLTABLES, "SQLTables"},
};

static bool exported(void *lib, const char *name)
{
    char w[64];
    snprintf(w, sizeof w, "%sW", name);
    return dlsym(lib, name) != NULL || dlsym(lib, w) != NULL;
}

static void test_get_functions_matches_exports(void)
{
    void *lib = dlopen(itest_cfg.driver, RTLD_NOW | RTLD_LOCAL);
    if (lib == NULL) {
        fprintf(stderr, "\n    dlopen(%s): %s\n", itest_cfg.driver, dlerror());
        CU_FAIL_FATAL("the driver library (ITEST_DRIVER) cannot be loaded");
    }
    SQLHDBC dbc = itest_connect();
    SQLUSMALLINT all[SQL_API_ODBC3_ALL_FUNCTIONS_SIZE];
    ITEST_OK(SQLGetFunctions(dbc, SQL_API_ODBC3_ALL_FUNCTIONS, all), SQL_HANDLE_DBC, dbc);
    int checked = 0;
    for (size_t i = 0; i < sizeof functions / sizeof functions[0]; i++) {
        bool says = SQL_FUNC_EXISTS(all, functions[i].id) == SQL_TRUE;
        bool has = exported(lib, functions[i].name);
        if (says != has)
            fprintf(stderr, "\n    %s: SQLGetFunctions says %s, the library %s it\n",
                    functions[i].name, says ? "exists" : "missing",
                    has ? "exports" : "does not export");
        CU_ASSERT_EQUAL(says, has);
        /* one function at a time, as ODBC 3 applications also ask */
        SQLUSMALLINT one = 0xFFFF;
        ITEST_OK(SQLGetFunctions(dbc, functions[i].id, &one), SQL_HANDLE_DBC, dbc);
        CU_ASSERT_EQUAL(one == SQL_TRUE, has);
        checked++;
    }
    CU_ASSERT(checked > 50);
    itest_disconnect(dbc);
    dlclose(lib);
}

void itest_register_functions(void)
{
    static const itest_case cases[] = {
        {"get_functions_matches_exports", test_get_functions_matches_exports},
        {NULL, NULL},
    };
    itest_add_suite("functions", cases);
}
