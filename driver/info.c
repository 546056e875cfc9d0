/*
 * info.c: SQLGetInfo and SQLGetFunctions, each answered from one table.
 *
 * info_table: one row per information type with its C type (string,
 * SQLUSMALLINT, SQLUINTEGER bitmask/number) and its value, or a function for
 * the answers that depend on the connection (DBMS name and version, user,
 * server ...). Types not in the table give HY096. The values are what the
 * driver does today. The escape bitmasks (SQL_STRING/NUMERIC/TIMEDATE/
 * SYSTEM_FUNCTIONS, SQL_TIMEDATE_ADD/DIFF_INTERVALS, SQL_CONVERT_*,
 * SQL_DATETIME_LITERALS) come from escapes.c's translation tables
 * (drv_esc_info), so they say exactly what is translated. SQL_KEYWORDS comes
 * from keywords.c's word lists. The SQL92_*
 * bitmasks describe what the server parses, not escapes.
 *
 * function_table: the ODBC entry points this driver exports. Add a row when
 * an entry point is added; SQLGetFunctions answers from it alone.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "drv.h"
#include "escapes.h"
#include "keywords.h"

/* ------------------------------------------------------------ SQLGetInfo */

typedef enum info_kind { I_STR, I_U16, I_U32, I_DSTR, I_DU16 } info_kind;

/* Dynamic answers: buf (size DYN_BUF) may hold the text. */
#define DYN_BUF 128
typedef const char *(*info_str_fn)(drv_dbc *dbc, char *buf);
typedef SQLUSMALLINT (*info_u16_fn)(drv_dbc *dbc);

typedef struct info_row {
    SQLUSMALLINT type;
    info_kind kind;
    const char *str;
    SQLUINTEGER num;
    info_str_fn sfn;
    info_u16_fn nfn;
} info_row;

static const char *dbms_name(drv_dbc *dbc, char *buf)
{
    (void)buf;
    return pgw_is_cratedb(dbc->conn) ? "CrateDB" : "PostgreSQL";
}

/* "6.5.0" -> "06.05.0000 6.5.0": the ##.##.#### form the spec asks for,
 * then the server's own version string. */
static const char *dbms_ver(drv_dbc *dbc, char *buf)
{
    const char *v = pgw_parameter(dbc->conn, "crate_version");
    if (v == NULL)
        v = pgw_parameter(dbc->conn, "server_version");
    if (v == NULL)
        v = "";
    unsigned long part[3] = {0, 0, 0};
    const char *p = v;
    for (int i = 0; i < 3 && *p >= '0' && *p <= '9'; i++) {
        char *end;
        part[i] = strtoul(p, &end, 10);
        p = end;
        if (*p != '.')
            break;
        p++;
    }
    snprintf(buf, DYN_BUF, "%02lu.%02lu.%04lu %s", part[0] % 100, part[1] % 100,
             part[2] % 10000, v);
    return buf;
}

static const char *server_name(drv_dbc *dbc, char *buf)
{
    (void)buf;
    const char *h = pgw_connected_host(dbc->conn);
    return h ? h : "";
}

static const char *dsn_name(drv_dbc *dbc, char *buf)
{
    (void)buf;
    return dbc->opts.dsn ? dbc->opts.dsn : "";
}

/* CrateDB's one database (catalog) is "crate"; PostgreSQL's the one connected to. */
static const char *database_name(drv_dbc *dbc, char *buf)
{
    (void)buf;
    return drv_catalog_name(dbc);
}

static const char *user_name(drv_dbc *dbc, char *buf)
{
    (void)buf;
    return (dbc->opts.uid && dbc->opts.uid[0]) ? dbc->opts.uid : "crate";
}

/* CrateDB's || is concat(), which skips NULL arguments; PostgreSQL's gives NULL. */
static SQLUSMALLINT concat_null(drv_dbc *dbc)
{
    return pgw_is_cratedb(dbc->conn) ? SQL_CB_NON_NULL : SQL_CB_NULL;
}

/* CrateDB's reserved words that ODBC does not reserve (keywords.c). */
static const char *sql_keywords(drv_dbc *dbc, char *buf)
{
    (void)dbc;
    (void)buf;
    return drv_sql_keywords();
}

#define S(t, v) {t, I_STR, v, 0, NULL, NULL}
#define U16(t, v) {t, I_U16, NULL, v, NULL, NULL}
#define U32(t, v) {t, I_U32, NULL, v, NULL, NULL}
#define DS(t, f) {t, I_DSTR, NULL, 0, f, NULL}
#define DU16(t, f) {t, I_DU16, NULL, 0, NULL, f}

static const info_row info_table[] = {
    /* driver and data source */
    S(SQL_DRIVER_NAME, DRV_DRIVER_FILE),  /* the library's file name (Makefile.am) */
    S(SQL_DRIVER_VER, "00.01.0000"),
    S(SQL_DRIVER_ODBC_VER, "03.80"),
    DS(SQL_DBMS_NAME, dbms_name),
    DS(SQL_DBMS_VER, dbms_ver),
    DS(SQL_SERVER_NAME, server_name),
    DS(SQL_DATA_SOURCE_NAME, dsn_name),
    DS(SQL_DATABASE_NAME, database_name),
    DS(SQL_USER_NAME, user_name),
    S(SQL_DATA_SOURCE_READ_ONLY, "N"),
    S(SQL_ACCESSIBLE_TABLES, "N"),
    S(SQL_ACCESSIBLE_PROCEDURES, "N"),
    U16(SQL_ACTIVE_ENVIRONMENTS, 0),
    U16(SQL_MAX_DRIVER_CONNECTIONS, 0),
    U16(SQL_MAX_CONCURRENT_ACTIVITIES, 0),
    U32(SQL_ASYNC_MODE, SQL_AM_NONE),
    U32(SQL_MAX_ASYNC_CONCURRENT_STATEMENTS, 0),
    U32(SQL_ASYNC_DBC_FUNCTIONS, SQL_ASYNC_DBC_NOT_CAPABLE),
    U32(SQL_ASYNC_NOTIFICATION, SQL_ASYNC_NOTIFICATION_NOT_CAPABLE),
    U32(SQL_DRIVER_AWARE_POOLING_SUPPORTED, SQL_DRIVER_AWARE_POOLING_NOT_CAPABLE),
    U32(SQL_ODBC_INTERFACE_CONFORMANCE, SQL_OIC_CORE),
    U32(SQL_SQL_CONFORMANCE, SQL_SC_SQL92_ENTRY),
    U16(SQL_ODBC_API_CONFORMANCE, SQL_OAC_NONE),
    U16(SQL_ODBC_SQL_CONFORMANCE, SQL_OSC_CORE),
    U16(SQL_FILE_USAGE, SQL_FILE_NOT_SUPPORTED),

    /* names and identifiers */
    S(SQL_IDENTIFIER_QUOTE_CHAR, "\""),
    U16(SQL_IDENTIFIER_CASE, SQL_IC_LOWER),
    U16(SQL_QUOTED_IDENTIFIER_CASE, SQL_IC_SENSITIVE),
    /* one catalog, "crate": named in catalog results (TABLE_CAT), never
     * needed to qualify a name in a statement */
    S(SQL_CATALOG_NAME, "Y"),
    S(SQL_CATALOG_NAME_SEPARATOR, "."),
    S(SQL_CATALOG_TERM, "catalog"),
    U16(SQL_CATALOG_LOCATION, SQL_CL_START),
    U32(SQL_CATALOG_USAGE, 0),
    S(SQL_SCHEMA_TERM, "schema"),
    U32(SQL_SCHEMA_USAGE, SQL_SU_DML_STATEMENTS | SQL_SU_TABLE_DEFINITION |
                              SQL_SU_PRIVILEGE_DEFINITION),
    S(SQL_TABLE_TERM, "table"),
    S(SQL_PROCEDURE_TERM, ""),           /* CrateDB has no stored procedures */
    S(SQL_PROCEDURES, "N"),
    S(SQL_SEARCH_PATTERN_ESCAPE, "\\"),
    S(SQL_LIKE_ESCAPE_CLAUSE, "Y"),       /* LIKE ... ESCAPE since CrateDB 5.6 */
    DS(SQL_KEYWORDS, sql_keywords),
    S(SQL_SPECIAL_CHARACTERS, ""),
    U16(SQL_MAX_IDENTIFIER_LEN, 255),
    U16(SQL_MAX_COLUMN_NAME_LEN, 255),
    U16(SQL_MAX_TABLE_NAME_LEN, 255),
    U16(SQL_MAX_SCHEMA_NAME_LEN, 255),
    U16(SQL_MAX_CATALOG_NAME_LEN, 255),
    U16(SQL_MAX_PROCEDURE_NAME_LEN, 0),
    U16(SQL_MAX_CURSOR_NAME_LEN, DRV_CURSOR_NAME_MAX),
    U16(SQL_MAX_USER_NAME_LEN, 0),

    /* transactions: none (every statement commits at once) */
    U16(SQL_TXN_CAPABLE, SQL_TC_NONE),
    U32(SQL_DEFAULT_TXN_ISOLATION, SQL_TXN_READ_UNCOMMITTED),
    U32(SQL_TXN_ISOLATION_OPTION, SQL_TXN_READ_UNCOMMITTED),
    U16(SQL_CURSOR_COMMIT_BEHAVIOR, SQL_CB_PRESERVE),
    U16(SQL_CURSOR_ROLLBACK_BEHAVIOR, SQL_CB_PRESERVE),
    S(SQL_MULTIPLE_ACTIVE_TXN, "Y"),

    /* cursors: forward-only, read-only */
    U32(SQL_SCROLL_OPTIONS, SQL_SO_FORWARD_ONLY | SQL_SO_STATIC),
    U32(SQL_SCROLL_CONCURRENCY, SQL_SCCO_READ_ONLY | SQL_SCCO_OPT_ROWVER | SQL_SCCO_OPT_VALUES),
    U32(SQL_FETCH_DIRECTION, SQL_FD_FETCH_NEXT | SQL_FD_FETCH_FIRST | SQL_FD_FETCH_LAST |
                                 SQL_FD_FETCH_PRIOR | SQL_FD_FETCH_ABSOLUTE |
                                 SQL_FD_FETCH_RELATIVE | SQL_FD_FETCH_BOOKMARK),
    U32(SQL_CURSOR_SENSITIVITY, SQL_UNSPECIFIED),
    U32(SQL_FORWARD_ONLY_CURSOR_ATTRIBUTES1, SQL_CA1_NEXT | SQL_CA1_LOCK_NO_CHANGE |
                                               SQL_CA1_POS_POSITION),
    U32(SQL_FORWARD_ONLY_CURSOR_ATTRIBUTES2, SQL_CA2_READ_ONLY_CONCURRENCY |
                                               SQL_CA2_MAX_ROWS_SELECT),
    U32(SQL_STATIC_CURSOR_ATTRIBUTES1, SQL_CA1_NEXT | SQL_CA1_ABSOLUTE | SQL_CA1_RELATIVE |
                                           SQL_CA1_BOOKMARK | SQL_CA1_LOCK_NO_CHANGE |
                                           SQL_CA1_POS_POSITION | SQL_CA1_POS_UPDATE |
                                           SQL_CA1_POS_DELETE | SQL_CA1_POS_REFRESH |
                                           SQL_CA1_BULK_ADD | SQL_CA1_BULK_UPDATE_BY_BOOKMARK |
                                           SQL_CA1_BULK_DELETE_BY_BOOKMARK |
                                           SQL_CA1_BULK_FETCH_BY_BOOKMARK),
    U32(SQL_STATIC_CURSOR_ATTRIBUTES2, SQL_CA2_READ_ONLY_CONCURRENCY |
                                           SQL_CA2_OPT_ROWVER_CONCURRENCY |
                                           SQL_CA2_OPT_VALUES_CONCURRENCY |
                                           SQL_CA2_SENSITIVITY_UPDATES |
                                           SQL_CA2_MAX_ROWS_SELECT | SQL_CA2_CRC_EXACT),
    U32(SQL_KEYSET_CURSOR_ATTRIBUTES1, 0),
    U32(SQL_KEYSET_CURSOR_ATTRIBUTES2, 0),
    U32(SQL_DYNAMIC_CURSOR_ATTRIBUTES1, 0),
    U32(SQL_DYNAMIC_CURSOR_ATTRIBUTES2, 0),
    /* the cursor's own updates show when it returns to a row; its deletes leave the
     * row in place with SQL_ROW_DELETED (no SQL_SS_DELETIONS) */
    U32(SQL_STATIC_SENSITIVITY, SQL_SS_UPDATES),
    U32(SQL_BOOKMARK_PERSISTENCE, SQL_BP_SCROLL | SQL_BP_OTHER_HSTMT),
    U32(SQL_LOCK_TYPES, 0),
    U32(SQL_POS_OPERATIONS, SQL_POS_POSITION | SQL_POS_REFRESH | SQL_POS_UPDATE | SQL_POS_DELETE |
                                SQL_POS_ADD),
    U32(SQL_POSITIONED_STATEMENTS, SQL_PS_POSITIONED_DELETE | SQL_PS_POSITIONED_UPDATE),
    S(SQL_ROW_UPDATES, "N"),
    U32(SQL_GETDATA_EXTENSIONS, SQL_GD_ANY_COLUMN | SQL_GD_ANY_ORDER | SQL_GD_BOUND |
                                    SQL_GD_BLOCK),

    /* statements and parameters */
    S(SQL_DESCRIBE_PARAMETER, "Y"),
    S(SQL_NEED_LONG_DATA_LEN, "N"),
    /* a text of several statements gives one result (or row count) each,
     * reached with SQLMoreResults (sqlsplit.c) */
    S(SQL_MULT_RESULT_SETS, "Y"),
    U32(SQL_BATCH_SUPPORT, SQL_BS_SELECT_EXPLICIT | SQL_BS_ROW_COUNT_EXPLICIT),
    U32(SQL_BATCH_ROW_COUNT, SQL_BRC_EXPLICIT),
    U32(SQL_PARAM_ARRAY_ROW_COUNTS, SQL_PARC_NO_BATCH),
    /* one result per set, SQLMoreResults to the next (array_results.c) */
    U32(SQL_PARAM_ARRAY_SELECTS, SQL_PAS_BATCH),
    U32(SQL_MAX_STATEMENT_LEN, 262144),  /* CrateDB's statement_max_length */
    U32(SQL_MAX_ROW_SIZE, 0),
    S(SQL_MAX_ROW_SIZE_INCLUDES_LONG, "N"),
    U32(SQL_MAX_CHAR_LITERAL_LEN, 0),
    U32(SQL_MAX_BINARY_LITERAL_LEN, 0),
    U32(SQL_MAX_INDEX_SIZE, 0),
    U16(SQL_MAX_COLUMNS_IN_GROUP_BY, 0),
    U16(SQL_MAX_COLUMNS_IN_INDEX, 0),
    U16(SQL_MAX_COLUMNS_IN_ORDER_BY, 0),
    U16(SQL_MAX_COLUMNS_IN_SELECT, 0),
    U16(SQL_MAX_COLUMNS_IN_TABLE, 0),
    U16(SQL_MAX_TABLES_IN_SELECT, 0),

    /* SQL dialect */
    S(SQL_COLUMN_ALIAS, "Y"),
    S(SQL_ORDER_BY_COLUMNS_IN_SELECT, "N"),
    S(SQL_EXPRESSIONS_IN_ORDERBY, "Y"),
    U16(SQL_GROUP_BY, SQL_GB_GROUP_BY_CONTAINS_SELECT),
    U16(SQL_NULL_COLLATION, SQL_NC_HIGH), /* NULLs sort last ascending */
    DU16(SQL_CONCAT_NULL_BEHAVIOR, concat_null),
    U16(SQL_CORRELATION_NAME, SQL_CN_ANY),
    U16(SQL_NON_NULLABLE_COLUMNS, SQL_NNC_NON_NULL),
    S(SQL_INTEGRITY, "N"),
    S(SQL_OUTER_JOINS, "Y"),
    U32(SQL_OJ_CAPABILITIES, SQL_OJ_LEFT | SQL_OJ_RIGHT | SQL_OJ_FULL | SQL_OJ_NESTED |
                                 SQL_OJ_NOT_ORDERED | SQL_OJ_INNER | SQL_OJ_ALL_COMPARISON_OPS),
    U32(SQL_UNION, SQL_U_UNION | SQL_U_UNION_ALL),
    U32(SQL_SUBQUERIES, SQL_SQ_COMPARISON | SQL_SQ_EXISTS | SQL_SQ_IN | SQL_SQ_QUANTIFIED),
    U32(SQL_AGGREGATE_FUNCTIONS, SQL_AF_ALL | SQL_AF_AVG | SQL_AF_COUNT | SQL_AF_DISTINCT |
                                     SQL_AF_MAX | SQL_AF_MIN | SQL_AF_SUM),
    U32(SQL_INSERT_STATEMENT, SQL_IS_INSERT_LITERALS | SQL_IS_INSERT_SEARCHED),
    S(SQL_COLLATION_SEQ, ""),
    S(SQL_XOPEN_CLI_YEAR, "1995"),
    U32(SQL_STANDARD_CLI_CONFORMANCE, 0),
    S(SQL_ODBC_SQL_OPT_IEF, "N"),

    /* DDL (FACTS §6: PRIMARY KEY, NOT NULL and CHECK only; no UNIQUE, no
     * foreign keys, no indexes, domains, assertions, character sets or
     * collations to create; CREATE/DROP SCHEMA since CrateDB 6.2) */
    U32(SQL_CREATE_TABLE, SQL_CT_CREATE_TABLE | SQL_CT_COLUMN_CONSTRAINT |
                              SQL_CT_COLUMN_DEFAULT | SQL_CT_TABLE_CONSTRAINT |
                              SQL_CT_CONSTRAINT_NAME_DEFINITION),
    U32(SQL_DROP_TABLE, SQL_DT_DROP_TABLE),
    U32(SQL_ALTER_TABLE, SQL_AT_ADD_COLUMN_SINGLE),
    U32(SQL_CREATE_VIEW, SQL_CV_CREATE_VIEW),
    U32(SQL_DROP_VIEW, SQL_DV_DROP_VIEW),
    U32(SQL_CREATE_SCHEMA, SQL_CS_CREATE_SCHEMA),
    U32(SQL_DROP_SCHEMA, SQL_DS_DROP_SCHEMA),
    U32(SQL_ALTER_DOMAIN, 0),
    U32(SQL_CREATE_ASSERTION, 0),
    U32(SQL_CREATE_CHARACTER_SET, 0),
    U32(SQL_CREATE_COLLATION, 0),
    U32(SQL_CREATE_DOMAIN, 0),
    U32(SQL_CREATE_TRANSLATION, 0),
    U32(SQL_DROP_ASSERTION, 0),
    U32(SQL_DROP_CHARACTER_SET, 0),
    U32(SQL_DROP_COLLATION, 0),
    U32(SQL_DROP_DOMAIN, 0),
    U32(SQL_DROP_TRANSLATION, 0),
    U32(SQL_DDL_INDEX, 0),
    U32(SQL_INDEX_KEYWORDS, SQL_IK_NONE),
    U32(SQL_SQL92_GRANT, 0),              /* CrateDB grants DQL/DML/DDL/AL, not SQL-92's */
    U32(SQL_SQL92_REVOKE, 0),
    U32(SQL_SQL92_FOREIGN_KEY_DELETE_RULE, 0),
    U32(SQL_SQL92_FOREIGN_KEY_UPDATE_RULE, 0),
    /* information_schema views both servers have (FACTS §5.3) */
    U32(SQL_INFO_SCHEMA_VIEWS, SQL_ISV_TABLES | SQL_ISV_COLUMNS | SQL_ISV_SCHEMATA |
                                   SQL_ISV_TABLE_CONSTRAINTS | SQL_ISV_KEY_COLUMN_USAGE |
                                   SQL_ISV_REFERENTIAL_CONSTRAINTS | SQL_ISV_VIEWS |
                                   SQL_ISV_CHARACTER_SETS),

    /* SQL-92 forms the server itself parses (not ODBC escapes) */
    U32(SQL_SQL92_PREDICATES, SQL_SP_BETWEEN | SQL_SP_COMPARISON | SQL_SP_EXISTS | SQL_SP_IN |
                                  SQL_SP_ISNOTNULL | SQL_SP_ISNULL | SQL_SP_LIKE |
                                  SQL_SP_QUANTIFIED_COMPARISON),
    U32(SQL_SQL92_RELATIONAL_JOIN_OPERATORS, SQL_SRJO_CROSS_JOIN | SQL_SRJO_INNER_JOIN |
                                                 SQL_SRJO_LEFT_OUTER_JOIN |
                                                 SQL_SRJO_RIGHT_OUTER_JOIN |
                                                 SQL_SRJO_FULL_OUTER_JOIN),
    U32(SQL_SQL92_VALUE_EXPRESSIONS, SQL_SVE_CASE | SQL_SVE_CAST | SQL_SVE_COALESCE |
                                         SQL_SVE_NULLIF),
    U32(SQL_SQL92_ROW_VALUE_CONSTRUCTOR, SQL_SRVC_VALUE_EXPRESSION | SQL_SRVC_NULL),
    U32(SQL_SQL92_DATETIME_FUNCTIONS, SQL_SDF_CURRENT_DATE | SQL_SDF_CURRENT_TIME |
                                          SQL_SDF_CURRENT_TIMESTAMP),
    U32(SQL_SQL92_STRING_FUNCTIONS, SQL_SSF_LOWER | SQL_SSF_UPPER | SQL_SSF_SUBSTRING |
                                        SQL_SSF_TRIM_BOTH | SQL_SSF_TRIM_LEADING |
                                        SQL_SSF_TRIM_TRAILING),
    U32(SQL_SQL92_NUMERIC_VALUE_FUNCTIONS, SQL_SNVF_CHAR_LENGTH | SQL_SNVF_OCTET_LENGTH |
                                               SQL_SNVF_BIT_LENGTH | SQL_SNVF_EXTRACT),

    /* escapes: not implemented yet, so none are advertised */
};

static SQLRETURN put_u32(SQLPOINTER value, SQLUINTEGER v, SQLSMALLINT *outlen)
{
    if (value)
        *(SQLUINTEGER *)value = v;
    if (outlen)
        *outlen = (SQLSMALLINT)sizeof(SQLUINTEGER);
    return SQL_SUCCESS;
}

SQLRETURN drv_get_info(drv_dbc *dbc, SQLUSMALLINT type, SQLPOINTER value,
                       const drv_strout *sout, SQLSMALLINT *outlen)
{
    const info_row *r = NULL;
    SQLUINTEGER mask;
    /* the same translation the statements of this connection get (exec.c) */
    bool crate = dbc->conn && pgw_is_cratedb(dbc->conn);
    if (drv_esc_info(type, crate, &mask))
        return put_u32(value, mask, outlen);
    for (size_t i = 0; i < sizeof info_table / sizeof info_table[0]; i++)
        if (info_table[i].type == type) {
            r = &info_table[i];
            break;
        }
    if (r == NULL)
        return drv_error(&dbc->hdr, "HY096", "Information type %u is not supported", type);

    if (r->kind == I_DSTR || r->kind == I_DU16) {
        SQLRETURN rc = drv_dbc_require_connected(dbc);
        if (!SQL_SUCCEEDED(rc))
            return rc;
    }
    char buf[DYN_BUF];
    const char *s;
    switch (r->kind) {
    case I_STR:
    case I_DSTR:
        /* sqlgetinfo: a Unicode string's BufferLength must be even */
        if (value && sout->wide && sout->buflen % 2 != 0)
            return drv_error(&dbc->hdr, "HY090", "Invalid string or buffer length: odd "
                             "byte count for a Unicode string");
        s = r->kind == I_STR ? r->str : r->sfn(dbc, buf);
        return drv_strout_put_small(&dbc->hdr, sout, s, strlen(s), outlen);
    case I_U16:
    case I_DU16:
        if (value)
            *(SQLUSMALLINT *)value =
                r->kind == I_U16 ? (SQLUSMALLINT)r->num : r->nfn(dbc);
        if (outlen)
            *outlen = (SQLSMALLINT)sizeof(SQLUSMALLINT);
        return SQL_SUCCESS;
    case I_U32:
        return put_u32(value, r->num, outlen);
    }
    return drv_error(&dbc->hdr, "HY000", "Internal error in the information table");
}

/* ------------------------------------------------------------ SQLGetFunctions */

static const SQLUSMALLINT function_table[] = {
    SQL_API_SQLALLOCHANDLE, SQL_API_SQLFREEHANDLE,
    SQL_API_SQLCONNECT, SQL_API_SQLDRIVERCONNECT, SQL_API_SQLDISCONNECT,
    SQL_API_SQLSETENVATTR, SQL_API_SQLGETENVATTR,
    SQL_API_SQLSETCONNECTATTR, SQL_API_SQLGETCONNECTATTR,
    SQL_API_SQLSETSTMTATTR, SQL_API_SQLGETSTMTATTR,
    SQL_API_SQLENDTRAN,
    SQL_API_SQLGETDIAGREC, SQL_API_SQLGETDIAGFIELD,
    SQL_API_SQLGETINFO, SQL_API_SQLGETFUNCTIONS,
    SQL_API_SQLPREPARE, SQL_API_SQLEXECUTE, SQL_API_SQLEXECDIRECT,
    SQL_API_SQLNUMRESULTCOLS, SQL_API_SQLDESCRIBECOL, SQL_API_SQLCOLATTRIBUTE,
    SQL_API_SQLBINDCOL, SQL_API_SQLFETCH, SQL_API_SQLGETDATA, SQL_API_SQLROWCOUNT,
    SQL_API_SQLFREESTMT, SQL_API_SQLCLOSECURSOR, SQL_API_SQLCANCEL,
    SQL_API_SQLBINDPARAMETER, SQL_API_SQLNUMPARAMS, SQL_API_SQLDESCRIBEPARAM,
    SQL_API_SQLNATIVESQL, SQL_API_SQLPARAMDATA, SQL_API_SQLPUTDATA, SQL_API_SQLMORERESULTS,
    SQL_API_SQLTABLES, SQL_API_SQLCOLUMNS, SQL_API_SQLPRIMARYKEYS, SQL_API_SQLSTATISTICS,
    SQL_API_SQLSPECIALCOLUMNS, SQL_API_SQLFOREIGNKEYS, SQL_API_SQLPROCEDURES,
    SQL_API_SQLPROCEDURECOLUMNS, SQL_API_SQLTABLEPRIVILEGES, SQL_API_SQLCOLUMNPRIVILEGES,
    SQL_API_SQLGETTYPEINFO,
    SQL_API_SQLGETDESCFIELD, SQL_API_SQLSETDESCFIELD, SQL_API_SQLGETDESCREC,
    SQL_API_SQLSETDESCREC, SQL_API_SQLCOPYDESC,
    SQL_API_SQLFETCHSCROLL, SQL_API_SQLEXTENDEDFETCH, SQL_API_SQLSETPOS,
    SQL_API_SQLGETCURSORNAME, SQL_API_SQLSETCURSORNAME, SQL_API_SQLBULKOPERATIONS,
};
#define NFUNCTIONS (sizeof function_table / sizeof function_table[0])

static bool has_function(SQLUSMALLINT fn)
{
    for (size_t i = 0; i < NFUNCTIONS; i++)
        if (function_table[i] == fn)
            return true;
    return false;
}

SQLRETURN drv_get_functions(drv_dbc *dbc, SQLUSMALLINT fn, SQLUSMALLINT *supported)
{
    if (supported == NULL)
        return drv_error(&dbc->hdr, "HY009", "Invalid use of null pointer");
    if (fn == SQL_API_ODBC3_ALL_FUNCTIONS) {
        memset(supported, 0, SQL_API_ODBC3_ALL_FUNCTIONS_SIZE * sizeof(SQLUSMALLINT));
        for (size_t i = 0; i < NFUNCTIONS; i++)
            supported[function_table[i] >> 4] |= (SQLUSMALLINT)(1u << (function_table[i] & 0xF));
        return SQL_SUCCESS;
    }
    if (fn == SQL_API_ALL_FUNCTIONS) {
        /* ODBC 2: 100 flags indexed by function id (ids below 100 only) */
        memset(supported, 0, 100 * sizeof(SQLUSMALLINT));
        for (size_t i = 0; i < NFUNCTIONS; i++)
            if (function_table[i] < 100)
                supported[function_table[i]] = SQL_TRUE;
        return SQL_SUCCESS;
    }
    /* sqlgetfunctions: HY095 for an id no ODBC 3 bitmap can hold (the
     * SQL_API_ODBC3_ALL_FUNCTIONS array has a bit for ids 0..3999) */
    if (fn >= SQL_API_ODBC3_ALL_FUNCTIONS_SIZE * 16)
        return drv_error(&dbc->hdr, "HY095", "Function type out of range: %u", (unsigned)fn);
    *supported = has_function(fn) ? SQL_TRUE : SQL_FALSE;
    return SQL_SUCCESS;
}
