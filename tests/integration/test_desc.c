/*
 * test_desc.c: descriptors through the driver manager: the implicit ARD/APD/
 * IRD/IPD of a statement, SQLBindCol and SQLBindParameter seen as descriptor
 * records, SQLSetDescField / SQLSetDescRec binding a column, the field
 * resets and consistency checks, explicit descriptors installed as ARD,
 * SQLCopyDesc (from the IRD too), and the SQLSTATEs the spec prescribes.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "itest.h"

static SQLHDESC stmt_desc(SQLHSTMT st, SQLINTEGER attr)
{
    SQLHDESC d = SQL_NULL_HDESC;
    ITEST_OK(SQLGetStmtAttr(st, attr, &d, 0, NULL), SQL_HANDLE_STMT, st);
    CU_ASSERT_PTR_NOT_NULL(d);
    return d;
}

/* SQLBindCol and SQLBindParameter write descriptor records; attributes are
 * header fields. */
static void test_bindings_are_records(void)
{
    SQLHDBC dbc = itest_connect();
    SQLHSTMT st = itest_stmt(dbc);
    SQLHDESC ard = stmt_desc(st, SQL_ATTR_APP_ROW_DESC);
    SQLHDESC apd = stmt_desc(st, SQL_ATTR_APP_PARAM_DESC);
    SQLHDESC ipd = stmt_desc(st, SQL_ATTR_IMP_PARAM_DESC);
    SQLINTEGER v32 = 0;
    SQLLEN ind = 0;
    char buf[16];
    ITEST_OK(SQLBindCol(st, 2, SQL_C_CHAR, buf, sizeof buf, &ind), SQL_HANDLE_STMT, st);
    SQLSMALLINT count = -1, type = 0;
    SQLLEN olen = 0;
    SQLPOINTER p = NULL;
    ITEST_OK(SQLGetDescField(ard, 0, SQL_DESC_COUNT, &count, 0, NULL), SQL_HANDLE_DESC, ard);
    CU_ASSERT_EQUAL(count, 2);
    ITEST_OK(SQLGetDescField(ard, 2, SQL_DESC_CONCISE_TYPE, &type, 0, NULL), SQL_HANDLE_DESC, ard);
    CU_ASSERT_EQUAL(type, SQL_C_CHAR);
    ITEST_OK(SQLGetDescField(ard, 2, SQL_DESC_OCTET_LENGTH, &olen, 0, NULL), SQL_HANDLE_DESC, ard);
    CU_ASSERT_EQUAL(olen, (SQLLEN)sizeof buf);
    ITEST_OK(SQLGetDescField(ard, 2, SQL_DESC_DATA_PTR, &p, 0, NULL), SQL_HANDLE_DESC, ard);
    CU_ASSERT_PTR_EQUAL(p, buf);
    /* unbinding the highest record lowers COUNT */
    ITEST_OK(SQLBindCol(st, 2, SQL_C_CHAR, NULL, 0, NULL), SQL_HANDLE_STMT, st);
    ITEST_OK(SQLGetDescField(ard, 0, SQL_DESC_COUNT, &count, 0, NULL), SQL_HANDLE_DESC, ard);
    CU_ASSERT_EQUAL(count, 0);
    /* ROW_ARRAY_SIZE is the ARD's ARRAY_SIZE */
    ITEST_OK(SQLSetStmtAttr(st, SQL_ATTR_ROW_ARRAY_SIZE, (SQLPOINTER)7, 0), SQL_HANDLE_STMT, st);
    SQLULEN asz = 0;
    ITEST_OK(SQLGetDescField(ard, 0, SQL_DESC_ARRAY_SIZE, &asz, 0, NULL), SQL_HANDLE_DESC, ard);
    CU_ASSERT_EQUAL(asz, 7);
    ITEST_OK(SQLSetDescField(ard, 0, SQL_DESC_ARRAY_SIZE, (SQLPOINTER)3, 0), SQL_HANDLE_DESC, ard);
    ITEST_OK(SQLGetStmtAttr(st, SQL_ATTR_ROW_ARRAY_SIZE, &asz, 0, NULL), SQL_HANDLE_STMT, st);
    CU_ASSERT_EQUAL(asz, 3);
    /* SQLBindParameter: APD gets the C side, IPD the SQL side */
    ITEST_OK(SQLBindParameter(st, 1, SQL_PARAM_INPUT, SQL_C_SLONG, SQL_DECIMAL, 12, 3, &v32, 0,
                              &ind), SQL_HANDLE_STMT, st);
    ITEST_OK(SQLGetDescField(apd, 1, SQL_DESC_CONCISE_TYPE, &type, 0, NULL), SQL_HANDLE_DESC, apd);
    CU_ASSERT_EQUAL(type, SQL_C_SLONG);
    SQLSMALLINT prec = 0, scale = 0, ptype = 0;
    ITEST_OK(SQLGetDescField(ipd, 1, SQL_DESC_CONCISE_TYPE, &type, 0, NULL), SQL_HANDLE_DESC, ipd);
    CU_ASSERT_EQUAL(type, SQL_DECIMAL);
    ITEST_OK(SQLGetDescField(ipd, 1, SQL_DESC_PRECISION, &prec, 0, NULL), SQL_HANDLE_DESC, ipd);
    ITEST_OK(SQLGetDescField(ipd, 1, SQL_DESC_SCALE, &scale, 0, NULL), SQL_HANDLE_DESC, ipd);
    ITEST_OK(SQLGetDescField(ipd, 1, SQL_DESC_PARAMETER_TYPE, &ptype, 0, NULL), SQL_HANDLE_DESC,
             ipd);
    CU_ASSERT_EQUAL(prec, 12);
    CU_ASSERT_EQUAL(scale, 3);
    CU_ASSERT_EQUAL(ptype, SQL_PARAM_INPUT);
    /* the parameter travels from the APD/IPD records */
    v32 = 41;
    ind = 0;
    ITEST_OK(SQLExecDirect(st, (SQLCHAR *)"SELECT ? + 1", SQL_NTS), SQL_HANDLE_STMT, st);
    SQLINTEGER out = 0;
    ITEST_OK(SQLSetStmtAttr(st, SQL_ATTR_ROW_ARRAY_SIZE, (SQLPOINTER)1, 0), SQL_HANDLE_STMT, st);
    ITEST_OK(SQLFetch(st), SQL_HANDLE_STMT, st);
    ITEST_OK(SQLGetData(st, 1, SQL_C_SLONG, &out, 0, NULL), SQL_HANDLE_STMT, st);
    CU_ASSERT_EQUAL(out, 42);
    ITEST_OK(SQLFreeStmt(st, SQL_RESET_PARAMS), SQL_HANDLE_STMT, st);
    ITEST_OK(SQLGetDescField(apd, 0, SQL_DESC_COUNT, &count, 0, NULL), SQL_HANDLE_DESC, apd);
    CU_ASSERT_EQUAL(count, 0);
    itest_free_stmt(st);
    itest_disconnect(dbc);
}

/* The IRD describes the result; it cannot be written; freeing it is HY017. */
static void test_ird(void)
{
    SQLHDBC dbc = itest_connect();
    SQLHSTMT st = itest_stmt(dbc);
    SQLHDESC ird = stmt_desc(st, SQL_ATTR_IMP_ROW_DESC);
    SQLSMALLINT count = 0, type = 0, nullable = 0, namelen = 0, sub = 0, prec = 0, scale = 0;
    SQLLEN len = 0;
    char name[32];
    /* before any statement: HY007 */
    ITEST_EXPECT_ERROR(SQLGetDescField(ird, 0, SQL_DESC_COUNT, &count, 0, NULL),
                       SQL_HANDLE_DESC, ird, "HY007");
    ITEST_OK(SQLPrepare(st, (SQLCHAR *)"SELECT 1::integer AS one, 'x'::varchar(5) AS two",
                        SQL_NTS), SQL_HANDLE_STMT, st);
    ITEST_OK(SQLGetDescField(ird, 0, SQL_DESC_COUNT, &count, 0, NULL), SQL_HANDLE_DESC, ird);
    CU_ASSERT_EQUAL(count, 2);
    ITEST_OK(SQLGetDescRec(ird, 1, (SQLCHAR *)name, sizeof name, &namelen, &type, &sub, &len,
                           &prec, &scale, &nullable), SQL_HANDLE_DESC, ird);
    CU_ASSERT_STRING_EQUAL(name, "one");
    CU_ASSERT_EQUAL(namelen, 3);
    CU_ASSERT_EQUAL(type, SQL_INTEGER);
    ITEST_OK(SQLGetDescField(ird, 2, SQL_DESC_NAME, name, sizeof name, NULL), SQL_HANDLE_DESC,
             ird);
    CU_ASSERT_STRING_EQUAL(name, "two");
    CU_ASSERT_EQUAL(SQLGetDescField(ird, 3, SQL_DESC_TYPE, &type, 0, NULL), SQL_NO_DATA);
    ITEST_EXPECT_ERROR(SQLSetDescField(ird, 1, SQL_DESC_TYPE, (SQLPOINTER)SQL_C_CHAR, 0),
                       SQL_HANDLE_DESC, ird, "HY016");
    ITEST_EXPECT_ERROR(SQLFreeHandle(SQL_HANDLE_DESC, ird), SQL_HANDLE_DESC, ird, "HY017");
    /* a field the ARD does not have */
    SQLHDESC ard = stmt_desc(st, SQL_ATTR_APP_ROW_DESC);
    ITEST_EXPECT_ERROR(SQLGetDescField(ard, 0, SQL_DESC_ROWS_PROCESSED_PTR, &len, 0, NULL),
                       SQL_HANDLE_DESC, ard, "HY091");
    ITEST_EXPECT_ERROR(SQLGetDescField(ard, 1, 9999, &len, 0, NULL), SQL_HANDLE_DESC, ard,
                       "HY091");
    itest_free_stmt(st);
    itest_disconnect(dbc);
}

/* Binding through SQLSetDescField: type first, then DATA_PTR (consistency
 * check), setting another field unbinds; SQLSetDescRec binds in one call. */
static void test_set_fields_bind(void)
{
    SQLHDBC dbc = itest_connect();
    SQLHSTMT st = itest_stmt(dbc);
    SQLHDESC ard = stmt_desc(st, SQL_ATTR_APP_ROW_DESC);
    SQLINTEGER a = 0;
    char b[16] = "";
    SQLLEN ia = 0, ib = 0;
    SQLSMALLINT count = 0;
    SQLPOINTER p = NULL;
    ITEST_OK(SQLSetDescField(ard, 1, SQL_DESC_TYPE, (SQLPOINTER)SQL_C_SLONG, 0), SQL_HANDLE_DESC,
             ard);
    ITEST_OK(SQLSetDescField(ard, 1, SQL_DESC_INDICATOR_PTR, &ia, 0), SQL_HANDLE_DESC, ard);
    ITEST_OK(SQLSetDescField(ard, 1, SQL_DESC_DATA_PTR, &a, 0), SQL_HANDLE_DESC, ard);
    ITEST_OK(SQLSetDescRec(ard, 2, SQL_C_CHAR, 0, sizeof b, 0, 0, b, &ib, &ib), SQL_HANDLE_DESC,
             ard);
    ITEST_OK(SQLGetDescField(ard, 0, SQL_DESC_COUNT, &count, 0, NULL), SQL_HANDLE_DESC, ard);
    CU_ASSERT_EQUAL(count, 2);
    ITEST_OK(SQLExecDirect(st, (SQLCHAR *)"SELECT 7, 'seven'", SQL_NTS), SQL_HANDLE_STMT, st);
    ITEST_OK(SQLFetch(st), SQL_HANDLE_STMT, st);
    CU_ASSERT_EQUAL(a, 7);
    CU_ASSERT_STRING_EQUAL(b, "seven");
    CU_ASSERT_EQUAL(ib, 5);
    ITEST_OK(SQLCloseCursor(st), SQL_HANDLE_STMT, st);
    /* setting OCTET_LENGTH unbinds the data pointer (field reset rule) */
    ITEST_OK(SQLSetDescField(ard, 2, SQL_DESC_OCTET_LENGTH, (SQLPOINTER)8, 0), SQL_HANDLE_DESC,
             ard);
    ITEST_OK(SQLGetDescField(ard, 2, SQL_DESC_DATA_PTR, &p, 0, NULL), SQL_HANDLE_DESC, ard);
    CU_ASSERT_PTR_NULL(p);
    /* consistency check: SQL_C_NUMERIC with precision 0 */
    ITEST_OK(SQLSetDescField(ard, 3, SQL_DESC_TYPE, (SQLPOINTER)SQL_C_NUMERIC, 0),
             SQL_HANDLE_DESC, ard);
    ITEST_OK(SQLSetDescField(ard, 3, SQL_DESC_PRECISION, (SQLPOINTER)0, 0), SQL_HANDLE_DESC, ard);
    SQL_NUMERIC_STRUCT num;
    ITEST_EXPECT_ERROR(SQLSetDescField(ard, 3, SQL_DESC_DATA_PTR, &num, 0), SQL_HANDLE_DESC, ard,
                       "HY021");
    /* TYPE = SQL_DATETIME with the subcode gives the concise type */
    SQLSMALLINT concise = 0;
    ITEST_OK(SQLSetDescField(ard, 4, SQL_DESC_TYPE, (SQLPOINTER)SQL_DATETIME, 0), SQL_HANDLE_DESC,
             ard);
    ITEST_OK(SQLSetDescField(ard, 4, SQL_DESC_DATETIME_INTERVAL_CODE,
                             (SQLPOINTER)SQL_CODE_TIMESTAMP, 0), SQL_HANDLE_DESC, ard);
    ITEST_OK(SQLGetDescField(ard, 4, SQL_DESC_CONCISE_TYPE, &concise, 0, NULL), SQL_HANDLE_DESC,
             ard);
    CU_ASSERT_EQUAL(concise, SQL_C_TYPE_TIMESTAMP);
    /* record 0 without bookmarks */
    ITEST_EXPECT_ERROR(SQLSetDescField(ard, 0, SQL_DESC_TYPE, (SQLPOINTER)SQL_C_SLONG, 0),
                       SQL_HANDLE_DESC, ard, "07009");
    itest_free_stmt(st);
    itest_disconnect(dbc);
}

/* An explicit descriptor as ARD, SQLCopyDesc from an IRD, SQLFreeHandle of
 * an explicit descriptor in use reverts the statement to its implicit ARD. */
static void test_explicit_and_copy(void)
{
    SQLHDBC dbc = itest_connect();
    SQLHSTMT st = itest_stmt(dbc);
    SQLHDESC mine = SQL_NULL_HDESC;
    ITEST_OK_FATAL(SQLAllocHandle(SQL_HANDLE_DESC, dbc, &mine), SQL_HANDLE_DBC, dbc);
    SQLSMALLINT alloc = 0;
    ITEST_OK(SQLGetDescField(mine, 0, SQL_DESC_ALLOC_TYPE, &alloc, 0, NULL), SQL_HANDLE_DESC,
             mine);
    CU_ASSERT_EQUAL(alloc, SQL_DESC_ALLOC_USER);
    SQLBIGINT v = 0;
    SQLLEN ind = 0;
    ITEST_OK(SQLSetDescRec(mine, 1, SQL_C_SBIGINT, 0, 8, 0, 0, &v, &ind, &ind), SQL_HANDLE_DESC,
             mine);
    ITEST_OK(SQLSetStmtAttr(st, SQL_ATTR_APP_ROW_DESC, mine, 0), SQL_HANDLE_STMT, st);
    SQLHDESC got = stmt_desc(st, SQL_ATTR_APP_ROW_DESC);
    CU_ASSERT_PTR_EQUAL(got, mine);
    ITEST_OK(SQLExecDirect(st, (SQLCHAR *)"SELECT 123456789012", SQL_NTS), SQL_HANDLE_STMT, st);
    ITEST_OK(SQLFetch(st), SQL_HANDLE_STMT, st);
    CU_ASSERT_EQUAL(v, 123456789012LL);
    /* copy the IRD into the explicit descriptor: types come across */
    SQLHDESC ird = stmt_desc(st, SQL_ATTR_IMP_ROW_DESC);
    ITEST_OK(SQLCopyDesc(ird, mine), SQL_HANDLE_DESC, mine);
    SQLSMALLINT type = 0, count = 0;
    ITEST_OK(SQLGetDescField(mine, 0, SQL_DESC_COUNT, &count, 0, NULL), SQL_HANDLE_DESC, mine);
    CU_ASSERT_EQUAL(count, 1);
    ITEST_OK(SQLGetDescField(mine, 1, SQL_DESC_CONCISE_TYPE, &type, 0, NULL), SQL_HANDLE_DESC,
             mine);
    CU_ASSERT_EQUAL(type, SQL_BIGINT);
    /* copying into an IRD is HY016 */
    ITEST_EXPECT_ERROR(SQLCopyDesc(mine, ird), SQL_HANDLE_DESC, ird, "HY016");
    ITEST_OK(SQLCloseCursor(st), SQL_HANDLE_STMT, st);
    ITEST_OK(SQLFreeHandle(SQL_HANDLE_DESC, mine), SQL_HANDLE_DESC, mine);
    got = stmt_desc(st, SQL_ATTR_APP_ROW_DESC);
    CU_ASSERT_PTR_NOT_EQUAL(got, mine);
    /* an implicit descriptor of another statement cannot be installed */
    SQLHSTMT st2 = itest_stmt(dbc);
    SQLHDESC other = stmt_desc(st2, SQL_ATTR_APP_ROW_DESC);
    ITEST_EXPECT_ERROR(SQLSetStmtAttr(st, SQL_ATTR_APP_ROW_DESC, other, 0), SQL_HANDLE_STMT, st,
                       "HY017");
    itest_free_stmt(st2);
    itest_free_stmt(st);
    itest_disconnect(dbc);
}

/* The IRD of each server's types: SQLGetDescRec and SQLGetDescField agree with what the
 * wire allows (CrateDB sends no typmod: numeric's precision and scale, varchar's length are
 * the driver's unknown-size answers there; its byte is SQL_TINYINT), and an ARD copied from
 * the IRD (SQLCopyDesc) binds the columns as their own C types. */
static void test_ird_server_types(void)
{
    bool crate = itest_is_cratedb();
    SQLHDBC dbc = itest_connect();
    SQLHSTMT st = itest_stmt(dbc);
    SQLHDESC ird = stmt_desc(st, SQL_ATTR_IMP_ROW_DESC);
    ITEST_OK_FATAL(SQLPrepare(st, (SQLCHAR *)(crate
                       ? "SELECT CAST(-5 AS byte), CAST(12.5 AS numeric(10, 2)),"
                         " CAST('ab' AS varchar(5)), CAST('2024-01-02 03:04:05.678' AS timestamp)"
                       : "SELECT CAST(-5 AS smallint), CAST(12.5 AS numeric(10, 2)),"
                         " CAST('ab' AS varchar(5)), CAST('2024-01-02 03:04:05.678' AS timestamp)"),
                   SQL_NTS), SQL_HANDLE_STMT, st);
    static const struct {
        SQLSMALLINT type, sub;
        SQLSMALLINT prec, scale;
        const char *crate_name, *pg_name;
    } want[] = {
        { SQL_TINYINT, 0, 3, 0, "byte", "smallint" },
        { SQL_NUMERIC, 0, 10, 2, "numeric", "numeric" },
        { SQL_VARCHAR, 0, 5, 0, "text", "text" },
        { SQL_DATETIME, SQL_CODE_TIMESTAMP, 6, 6, "timestamp without time zone",
          "timestamp without time zone" },
    };
    for (SQLSMALLINT i = 1; i <= 4; i++) {
        SQLSMALLINT type = 0, sub = -1, prec = -1, scale = -1, nullable = 0;
        SQLLEN octets = 0;
        SQLULEN len = 0;
        char name[64] = "";
        ITEST_OK(SQLGetDescRec(ird, i, NULL, 0, NULL, &type, &sub, &octets, &prec, &scale,
                               &nullable), SQL_HANDLE_DESC, ird);
        ITEST_OK(SQLGetDescField(ird, i, SQL_DESC_LENGTH, &len, 0, NULL), SQL_HANDLE_DESC, ird);
        ITEST_OK(SQLGetDescField(ird, i, SQL_DESC_LOCAL_TYPE_NAME, name, sizeof name, NULL),
                 SQL_HANDLE_DESC, ird);
        SQLSMALLINT want_type = want[i - 1].type, want_prec = want[i - 1].prec;
        SQLSMALLINT want_scale = want[i - 1].scale;
        if (i == 1 && !crate)
            want_type = SQL_SMALLINT, want_prec = 5;
        if (i == 2 && crate)          /* numeric: no (p,s) on CrateDB's wire */
            want_prec = 1000, want_scale = 0;
        if (i == 4 && itest_speaks_crate())   /* CrateDB's milliseconds, as SQLColumns says */
            want_prec = 3, want_scale = 3;
        /* varchar(5): no length on CrateDB's wire, the TextSize; 4 bytes per character */
        SQLULEN want_len = i != 3 ? len : crate ? 65535 : 5;
        bool ok = type == want_type && sub == want[i - 1].sub && scale == want_scale &&
                  (i == 3 ? len == want_len && octets == (SQLLEN)want_len * 4
                          : prec == want_prec) &&
                  strcmp(name, crate ? want[i - 1].crate_name : want[i - 1].pg_name) == 0;
        if (!ok)
            fprintf(stderr, "\n    IRD %d: type %d sub %d length %lu octets %ld prec %d scale %d"
                    " name '%s'\n", i, type, sub, (unsigned long)len, (long)octets, prec, scale,
                    name);
        CU_ASSERT(ok);
    }
    /* an explicit ARD copied from the IRD, then bound: each column in its SQL type's C type */
    SQLHDESC ard = SQL_NULL_HDESC;
    ITEST_OK_FATAL(SQLAllocHandle(SQL_HANDLE_DESC, dbc, &ard), SQL_HANDLE_DBC, dbc);
    ITEST_OK(SQLCopyDesc(ird, ard), SQL_HANDLE_DESC, ard);
    ITEST_OK(SQLSetStmtAttr(st, SQL_ATTR_APP_ROW_DESC, ard, 0), SQL_HANDLE_STMT, st);
    SQLSCHAR small[2] = {0, 0};   /* a tinyint needs one byte, a smallint two */
    SQLLEN ind = 0;
    ITEST_OK(SQLSetDescField(ard, 1, SQL_DESC_INDICATOR_PTR, &ind, 0), SQL_HANDLE_DESC, ard);
    ITEST_OK(SQLSetDescField(ard, 1, SQL_DESC_OCTET_LENGTH_PTR, &ind, 0), SQL_HANDLE_DESC, ard);
    ITEST_OK(SQLSetDescField(ard, 1, SQL_DESC_DATA_PTR, small, 0), SQL_HANDLE_DESC, ard);
    for (SQLSMALLINT i = 2; i <= 4; i++)  /* only column 1 is bound */
        ITEST_OK(SQLSetDescField(ard, i, SQL_DESC_DATA_PTR, NULL, 0), SQL_HANDLE_DESC, ard);
    if (ITEST_OK(SQLExecute(st), SQL_HANDLE_STMT, st) &&
        ITEST_OK(SQLFetch(st), SQL_HANDLE_STMT, st)) {
        SQLSMALLINT v = 0;
        if (crate) {
            CU_ASSERT_EQUAL(small[0], -5);
            CU_ASSERT_EQUAL(ind, 1);
        } else {
            memcpy(&v, small, sizeof v);
            CU_ASSERT_EQUAL(v, -5);
            CU_ASSERT_EQUAL(ind, 2);
        }
    }
    itest_free_stmt(st);
    SQLFreeHandle(SQL_HANDLE_DESC, ard);
    itest_disconnect(dbc);
}

void itest_register_desc(void)
{
    static const itest_case cases[] = {
        { "bindings_are_records", test_bindings_are_records },
        { "ird", test_ird },
        { "set_fields_bind", test_set_fields_bind },
        { "explicit_and_copy", test_explicit_and_copy },
        { "ird_server_types", test_ird_server_types },
        { NULL, NULL },
    };
    itest_add_suite("desc", cases);
}
