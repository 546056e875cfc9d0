/*
 * test_catalog.c: the catalog functions and SQLGetTypeInfo through the driver manager, on a
 * test schema of its own (tables with and without primary keys, a composite key, a view,
 * json and array columns, a generated column, a default, names with '_' for escaped
 * patterns). Every result set is compared in full: column names, SQL types, then all rows
 * as text ("<NULL>" for NULL, columns joined by '|').
 *
 * The server is PostgreSQL in both profiles, so information_schema's content is
 * PostgreSQL's (type names such as "character varying", "_int4"); what the driver decides
 * itself differs by profile and is switched on it: TABLE_CAT ("crate" on CrateDB) and the
 * CrateDB system columns of SQLSpecialColumns (_id, _seq_no, _primary_term).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "itest.h"

static char schema[64];
static char cat[128];          /* SQLGetInfo(SQL_DATABASE_NAME): the TABLE_CAT expected */

#define MAXROWS 64
typedef struct rowset {
    int ncols;
    char names[32][64];
    SQLSMALLINT types[32];
    int nrows;
    char rows[MAXROWS][1024];
} rowset;

/* Fetches the open result of st into rs (every value via SQLGetData as text). */
static bool fetch_all(SQLHSTMT st, rowset *rs)
{
    SQLSMALLINT n = 0;
    memset(rs, 0, sizeof *rs);
    if (!ITEST_OK(SQLNumResultCols(st, &n), SQL_HANDLE_STMT, st))
        return false;
    rs->ncols = n;
    for (SQLSMALLINT c = 1; c <= n && c <= 32; c++) {
        SQLSMALLINT nl, dd, nu;
        SQLULEN sz;
        SQLDescribeCol(st, c, (SQLCHAR *)rs->names[c - 1], 64, &nl, &rs->types[c - 1], &sz, &dd,
                       &nu);
    }
    SQLRETURN rc;
    while ((rc = SQLFetch(st)) == SQL_SUCCESS || rc == SQL_SUCCESS_WITH_INFO) {
        if (rs->nrows == MAXROWS)
            return false;
        char *out = rs->rows[rs->nrows++];
        size_t at = 0;
        for (SQLSMALLINT c = 1; c <= n; c++) {
            char v[512];
            SQLLEN ind;
            if (!ITEST_OK(SQLGetData(st, c, SQL_C_CHAR, v, sizeof v, &ind), SQL_HANDLE_STMT, st))
                return false;
            at += (size_t)snprintf(out + at, 1024 - at, "%s%s", c > 1 ? "|" : "",
                                   ind == SQL_NULL_DATA ? "<NULL>" : v);
        }
    }
    return rc == SQL_NO_DATA;
}

/* Compares names "A,B,C", types and rows; prints what differs. */
static void expect_set(const rowset *rs, const char *names, const SQLSMALLINT *types,
                       const char *const *rows, const char *what)
{
    char got[1024] = "";
    size_t at = 0;
    for (int i = 0; i < rs->ncols; i++)
        at += (size_t)snprintf(got + at, sizeof got - at, "%s%s", i ? "," : "", rs->names[i]);
    if (strcmp(got, names) != 0)
        fprintf(stderr, "%s: columns\n  got  %s\n  want %s\n", what, got, names);
    CU_ASSERT_STRING_EQUAL(got, names);
    for (int i = 0; i < rs->ncols; i++)
        if (types[i] != rs->types[i]) {
            fprintf(stderr, "%s: column %d type %d, want %d\n", what, i + 1, rs->types[i],
                    types[i]);
            CU_FAIL("column type");
        }
    int n = 0;
    while (rows[n])
        n++;
    for (int i = 0; i < n || i < rs->nrows; i++) {
        const char *g = i < rs->nrows ? rs->rows[i] : "(none)";
        const char *w = i < n ? rows[i] : "(none)";
        if (strcmp(g, w) != 0) {
            fprintf(stderr, "%s: row %d\n  got  %s\n  want %s\n", what, i + 1, g, w);
            CU_FAIL("row differs");
        }
    }
}

/* Replaces "$C" by the catalog and "$S" by the schema in a template row. */
static const char **fill(const char *const *tmpl)
{
    static char buf[MAXROWS][1024];
    static const char *out[MAXROWS + 1];
    int i = 0;
    for (; tmpl[i]; i++) {
        size_t at = 0;
        for (const char *p = tmpl[i]; *p && at < 1000; p++) {
            if (p[0] == '$' && (p[1] == 'C' || p[1] == 'S')) {
                at += (size_t)snprintf(buf[i] + at, 1024 - at, "%s", p[1] == 'C' ? cat : schema);
                p++;
            } else
                buf[i][at++] = *p;
        }
        buf[i][at] = '\0';
        out[i] = buf[i];
    }
    out[i] = NULL;
    return out;
}

static SQLHDBC dbc;

static int setup(void)
{
    snprintf(schema, sizeof schema, "cat_%d", (int)getpid());
    dbc = itest_connect();
    SQLSMALLINT len;
    SQLGetInfo(dbc, SQL_DATABASE_NAME, cat, sizeof cat, &len);
    char sql[1024];
    const char *ddl[] = {
        "CREATE SCHEMA %s",
        "CREATE TABLE %s.t_main (id integer PRIMARY KEY, name varchar(40) NOT NULL, obj json,"
        " tags integer[], price numeric(10,2), ts timestamp,"
        " gen integer GENERATED ALWAYS AS (id * 2) STORED, d text DEFAULT 'x')",
        "CREATE TABLE %s.t_pk2 (b text, a integer, PRIMARY KEY (a, b))",
        "CREATE TABLE %s.t_a (x integer)",
        "CREATE TABLE %s.tba (x integer)",
        "CREATE VIEW %s.v_main AS SELECT id, name FROM %s.t_main",
    };
    for (size_t i = 0; i < sizeof ddl / sizeof ddl[0]; i++) {
        snprintf(sql, sizeof sql, ddl[i], schema, schema);
        if (!itest_exec_on(dbc, sql))
            return 1;
    }
    return 0;
}

static int teardown(void)
{
    char sql[128];
    snprintf(sql, sizeof sql, "DROP SCHEMA %s CASCADE", schema);
    itest_exec_on(dbc, sql);
    itest_disconnect(dbc);
    return 0;
}

static const SQLSMALLINT V = SQL_VARCHAR, S = SQL_SMALLINT, I = SQL_INTEGER;

#define TABLES_COLS "TABLE_CAT,TABLE_SCHEM,TABLE_NAME,TABLE_TYPE,REMARKS"
static const SQLSMALLINT tables_types[] = {V, V, V, V, V};

static void run_tables(const char *c, const char *s, const char *t, const char *ty, rowset *rs)
{
    SQLHSTMT st = itest_stmt(dbc);
    ITEST_OK(SQLTables(st, (SQLCHAR *)c, SQL_NTS, (SQLCHAR *)s, SQL_NTS, (SQLCHAR *)t, SQL_NTS,
                       (SQLCHAR *)ty, SQL_NTS), SQL_HANDLE_STMT, st);
    CU_ASSERT(fetch_all(st, rs));
    itest_free_stmt(st);
}

static void test_tables(void)
{
    rowset rs;
    CU_ASSERT_STRING_EQUAL(cat, itest_profile_is("crate") ? "crate" : cat);
    /* all tables of the schema (NULL catalog and table: every one), sorted by type */
    run_tables(NULL, schema, NULL, NULL, &rs);
    static const char *const all[] = {
        "$C|$S|t_a|TABLE|<NULL>", "$C|$S|t_main|TABLE|<NULL>", "$C|$S|t_pk2|TABLE|<NULL>",
        "$C|$S|tba|TABLE|<NULL>", "$C|$S|v_main|VIEW|<NULL>", NULL};
    expect_set(&rs, TABLES_COLS, tables_types, fill(all), "SQLTables all");
    /* a pattern: '_' matches any character, "\_" only '_' */
    run_tables(NULL, schema, "t_a", NULL, &rs);
    static const char *const pat[] = {"$C|$S|t_a|TABLE|<NULL>", "$C|$S|tba|TABLE|<NULL>", NULL};
    expect_set(&rs, TABLES_COLS, tables_types, fill(pat), "SQLTables t_a");
    run_tables(NULL, schema, "t\\_a", NULL, &rs);
    static const char *const esc[] = {"$C|$S|t_a|TABLE|<NULL>", NULL};
    expect_set(&rs, TABLES_COLS, tables_types, fill(esc), "SQLTables t\\_a");
    /* table types, quoted or not */
    run_tables(NULL, schema, "%", "'VIEW'", &rs);
    static const char *const views[] = {"$C|$S|v_main|VIEW|<NULL>", NULL};
    expect_set(&rs, TABLES_COLS, tables_types, fill(views), "SQLTables VIEW");
    /* "%" in the list is every type: LibreOffice Base lists its tables with "VIEW,TABLE,%,"
     * (trailing comma included) and getTableTypes() with NULL names and "%" */
    run_tables(NULL, schema, "%", "VIEW,TABLE,%,", &rs);
    expect_set(&rs, TABLES_COLS, tables_types, fill(all), "SQLTables VIEW,TABLE,%,");
    run_tables(NULL, schema, NULL, SQL_ALL_TABLE_TYPES, &rs);
    expect_set(&rs, TABLES_COLS, tables_types, fill(all), "SQLTables NULL names, type %");
    /* the catalog argument: ours or nothing */
    run_tables("no_such_catalog", schema, "%", NULL, &rs);
    static const char *const none[] = {NULL};
    expect_set(&rs, TABLES_COLS, tables_types, none, "SQLTables other catalog");
    /* special enumerations */
    run_tables(SQL_ALL_CATALOGS, "", "", NULL, &rs);
    static const char *const cats[] = {"$C|<NULL>|<NULL>|<NULL>|<NULL>", NULL};
    expect_set(&rs, TABLES_COLS, tables_types, fill(cats), "SQLTables catalogs");
    run_tables("", "", "", SQL_ALL_TABLE_TYPES, &rs);
    static const char *const types[] = {
        "<NULL>|<NULL>|<NULL>|FOREIGN TABLE|<NULL>", "<NULL>|<NULL>|<NULL>|SYSTEM TABLE|<NULL>",
        "<NULL>|<NULL>|<NULL>|TABLE|<NULL>", "<NULL>|<NULL>|<NULL>|VIEW|<NULL>", NULL};
    expect_set(&rs, TABLES_COLS, tables_types, types, "SQLTables types");
    run_tables("", SQL_ALL_SCHEMAS, "", NULL, &rs);
    bool found = false, sys = false;
    for (int i = 0; i < rs.nrows; i++) {
        char want[512];
        snprintf(want, sizeof want, "%s|%s|<NULL>|<NULL>|<NULL>", cat, schema);
        found |= strcmp(rs.rows[i], want) == 0;
        snprintf(want, sizeof want, "%s|information_schema|<NULL>|<NULL>|<NULL>", cat);
        sys |= strcmp(rs.rows[i], want) == 0;
        if (i > 0)
            CU_ASSERT(strcmp(rs.rows[i - 1], rs.rows[i]) < 0);
    }
    CU_ASSERT(found);
    CU_ASSERT(sys);
    /* system schemas are SYSTEM TABLE */
    run_tables(NULL, "information_schema", "tables", NULL, &rs);
    static const char *const systab[] = {"$C|information_schema|tables|SYSTEM TABLE|<NULL>", NULL};
    expect_set(&rs, TABLES_COLS, tables_types, fill(systab), "SQLTables system");
}

/* HideSystemSchemas=1 leaves sys/information_schema/pg_catalog out. */
static void test_hide_system_schemas(void)
{
    char cs[512];
    SQLHDBC h;
    SQLAllocHandle(SQL_HANDLE_DBC, itest_env, &h);
    snprintf(cs, sizeof cs, "DSN=%s;HideSystemSchemas=1", itest_cfg.dsn);
    ITEST_OK_FATAL(SQLDriverConnect(h, NULL, (SQLCHAR *)cs, SQL_NTS, NULL, 0, NULL,
                                    SQL_DRIVER_NOPROMPT), SQL_HANDLE_DBC, h);
    SQLHSTMT st = itest_stmt(h);
    ITEST_OK(SQLTables(st, NULL, 0, (SQLCHAR *)"information_schema", SQL_NTS, NULL, 0, NULL, 0),
             SQL_HANDLE_STMT, st);
    CU_ASSERT_EQUAL(SQLFetch(st), SQL_NO_DATA);
    SQLFreeStmt(st, SQL_CLOSE);
    ITEST_OK(SQLTables(st, NULL, 0, (SQLCHAR *)schema, SQL_NTS, (SQLCHAR *)"t_main", SQL_NTS,
                       NULL, 0), SQL_HANDLE_STMT, st);
    CU_ASSERT_EQUAL(SQLFetch(st), SQL_SUCCESS);
    itest_free_stmt(st);
    itest_disconnect(h);
}

#define COLUMNS_COLS                                                                          \
    "TABLE_CAT,TABLE_SCHEM,TABLE_NAME,COLUMN_NAME,DATA_TYPE,TYPE_NAME,COLUMN_SIZE,"            \
    "BUFFER_LENGTH,DECIMAL_DIGITS,NUM_PREC_RADIX,NULLABLE,REMARKS,COLUMN_DEF,SQL_DATA_TYPE,"   \
    "SQL_DATETIME_SUB,CHAR_OCTET_LENGTH,ORDINAL_POSITION,IS_NULLABLE"
static const SQLSMALLINT columns_types[] = {V, V, V, V, S, V, I, I, S, S, S, V, V, S, S, I, I, V};

static void test_columns(void)
{
    rowset rs;
    SQLHSTMT st = itest_stmt(dbc);
    ITEST_OK(SQLColumns(st, NULL, 0, (SQLCHAR *)schema, SQL_NTS, (SQLCHAR *)"t\\_main", SQL_NTS,
                        NULL, 0), SQL_HANDLE_STMT, st);
    CU_ASSERT(fetch_all(st, &rs));
    static const char *const rows[] = {
        "$C|$S|t_main|id|4|integer|10|4|0|10|0|<NULL>|<NULL>|4|<NULL>|<NULL>|1|NO",
        "$C|$S|t_main|name|12|character varying|40|40|<NULL>|<NULL>|0|<NULL>|<NULL>|12|<NULL>|"
        "160|2|NO",
        "$C|$S|t_main|obj|12|json|2147483647|2147483647|<NULL>|<NULL>|1|<NULL>|<NULL>|12|<NULL>|"
        "2147483647|3|YES",
        "$C|$S|t_main|tags|12|_int4|2147483647|2147483647|<NULL>|<NULL>|1|<NULL>|<NULL>|12|"
        "<NULL>|2147483647|4|YES",
        "$C|$S|t_main|price|2|numeric|10|12|2|10|1|<NULL>|<NULL>|2|<NULL>|<NULL>|5|YES",
        "$C|$S|t_main|ts|93|timestamp without time zone|26|16|6|<NULL>|1|<NULL>|<NULL>|9|3|"
        "<NULL>|6|YES",
        "$C|$S|t_main|gen|4|integer|10|4|0|10|1|GENERATED ALWAYS AS ((id * 2))|<NULL>|4|<NULL>|"
        "<NULL>|7|YES",
        "$C|$S|t_main|d|12|text|2147483647|2147483647|<NULL>|<NULL>|1|<NULL>|'x'::text|12|"
        "<NULL>|2147483647|8|YES",
        NULL};
    expect_set(&rs, COLUMNS_COLS, columns_types, fill(rows), "SQLColumns t_main");
    /* a column pattern across tables, sorted by table then position */
    SQLFreeStmt(st, SQL_CLOSE);
    ITEST_OK(SQLColumns(st, NULL, 0, (SQLCHAR *)schema, SQL_NTS, (SQLCHAR *)"%", SQL_NTS,
                        (SQLCHAR *)"x", SQL_NTS), SQL_HANDLE_STMT, st);
    CU_ASSERT(fetch_all(st, &rs));
    static const char *const xs[] = {
        "$C|$S|t_a|x|4|integer|10|4|0|10|1|<NULL>|<NULL>|4|<NULL>|<NULL>|1|YES",
        "$C|$S|tba|x|4|integer|10|4|0|10|1|<NULL>|<NULL>|4|<NULL>|<NULL>|1|YES", NULL};
    expect_set(&rs, COLUMNS_COLS, columns_types, fill(xs), "SQLColumns x");
    /* SQL_ATTR_METADATA_ID: identifiers, unquoted folded to lower case; NULL is HY009 */
    SQLFreeStmt(st, SQL_CLOSE);
    ITEST_OK(SQLSetStmtAttr(st, SQL_ATTR_METADATA_ID, (SQLPOINTER)SQL_TRUE, 0), SQL_HANDLE_STMT,
             st);
    ITEST_OK(SQLColumns(st, NULL, 0, (SQLCHAR *)schema, SQL_NTS, (SQLCHAR *)"T_A", SQL_NTS,
                        (SQLCHAR *)"\"x\"", SQL_NTS), SQL_HANDLE_STMT, st);
    CU_ASSERT(fetch_all(st, &rs));
    static const char *const ta[] = {
        "$C|$S|t_a|x|4|integer|10|4|0|10|1|<NULL>|<NULL>|4|<NULL>|<NULL>|1|YES", NULL};
    expect_set(&rs, COLUMNS_COLS, columns_types, fill(ta), "SQLColumns metadata id");
    SQLFreeStmt(st, SQL_CLOSE);
    ITEST_EXPECT_ERROR(SQLColumns(st, NULL, 0, (SQLCHAR *)schema, SQL_NTS, NULL, 0, NULL, 0),
                       SQL_HANDLE_STMT, st, "HY009");
    itest_free_stmt(st);
}

static void test_keys_and_statistics(void)
{
    rowset rs;
    SQLHSTMT st = itest_stmt(dbc);
    ITEST_OK(SQLPrimaryKeys(st, NULL, 0, (SQLCHAR *)schema, SQL_NTS, (SQLCHAR *)"t_pk2", SQL_NTS),
             SQL_HANDLE_STMT, st);
    CU_ASSERT(fetch_all(st, &rs));
    static const SQLSMALLINT pkt[] = {V, V, V, V, S, V};
    static const char *const pk[] = {"$C|$S|t_pk2|a|1|t_pk2_pkey", "$C|$S|t_pk2|b|2|t_pk2_pkey",
                                     NULL};
    expect_set(&rs, "TABLE_CAT,TABLE_SCHEM,TABLE_NAME,COLUMN_NAME,KEY_SEQ,PK_NAME", pkt, fill(pk),
               "SQLPrimaryKeys");
    /* an identifier argument: '_' is not a wildcard (t_a must not match tba) */
    SQLFreeStmt(st, SQL_CLOSE);
    ITEST_OK(SQLPrimaryKeys(st, NULL, 0, (SQLCHAR *)schema, SQL_NTS, (SQLCHAR *)"t_a", SQL_NTS),
             SQL_HANDLE_STMT, st);
    CU_ASSERT_EQUAL(SQLFetch(st), SQL_NO_DATA);
    SQLFreeStmt(st, SQL_CLOSE);
    ITEST_EXPECT_ERROR(SQLPrimaryKeys(st, NULL, 0, (SQLCHAR *)schema, SQL_NTS, NULL, 0),
                       SQL_HANDLE_STMT, st, "HY009");

    SQLFreeStmt(st, SQL_CLOSE);
    ITEST_OK(SQLStatistics(st, NULL, 0, (SQLCHAR *)schema, SQL_NTS, (SQLCHAR *)"t_main", SQL_NTS,
                           SQL_INDEX_ALL, SQL_QUICK), SQL_HANDLE_STMT, st);
    CU_ASSERT(fetch_all(st, &rs));
    static const SQLSMALLINT stt[] = {V, V, V, S, V, V, S, S, V, V, I, I, V};
    static const char *const stat[] = {
        "$C|$S|t_main|<NULL>|<NULL>|<NULL>|0|<NULL>|<NULL>|<NULL>|<NULL>|<NULL>|<NULL>",
        "$C|$S|t_main|0|<NULL>|t_main_pkey|3|1|id|A|<NULL>|<NULL>|<NULL>", NULL};
    expect_set(&rs, "TABLE_CAT,TABLE_SCHEM,TABLE_NAME,NON_UNIQUE,INDEX_QUALIFIER,INDEX_NAME,TYPE,"
               "ORDINAL_POSITION,COLUMN_NAME,ASC_OR_DESC,CARDINALITY,PAGES,FILTER_CONDITION",
               stt, fill(stat), "SQLStatistics");
    SQLFreeStmt(st, SQL_CLOSE);
    ITEST_EXPECT_ERROR(SQLStatistics(st, NULL, 0, (SQLCHAR *)schema, SQL_NTS, (SQLCHAR *)"t_main",
                                     SQL_NTS, 7, SQL_QUICK), SQL_HANDLE_STMT, st, "HY100");

    SQLFreeStmt(st, SQL_CLOSE);
    ITEST_OK(SQLForeignKeys(st, NULL, 0, NULL, 0, (SQLCHAR *)"t_main", SQL_NTS, NULL, 0, NULL, 0,
                            NULL, 0), SQL_HANDLE_STMT, st);
    CU_ASSERT(fetch_all(st, &rs));
    static const SQLSMALLINT fkt[] = {V, V, V, V, V, V, V, V, S, S, S, V, V, S};
    static const char *const none[] = {NULL};
    expect_set(&rs, "PKTABLE_CAT,PKTABLE_SCHEM,PKTABLE_NAME,PKCOLUMN_NAME,FKTABLE_CAT,"
               "FKTABLE_SCHEM,FKTABLE_NAME,FKCOLUMN_NAME,KEY_SEQ,UPDATE_RULE,DELETE_RULE,FK_NAME,"
               "PK_NAME,DEFERRABILITY", fkt, none, "SQLForeignKeys");
    itest_free_stmt(st);
}

static void special(SQLUSMALLINT id, const char *table, rowset *rs)
{
    SQLHSTMT st = itest_stmt(dbc);
    ITEST_OK(SQLSpecialColumns(st, id, NULL, 0, (SQLCHAR *)schema, SQL_NTS, (SQLCHAR *)table,
                               SQL_NTS, SQL_SCOPE_CURROW, SQL_NULLABLE), SQL_HANDLE_STMT, st);
    CU_ASSERT(fetch_all(st, rs));
    itest_free_stmt(st);
}

static void test_special_columns(void)
{
    rowset rs;
    static const SQLSMALLINT spt[] = {S, V, S, V, I, I, S, S};
    const char *cols = "SCOPE,COLUMN_NAME,DATA_TYPE,TYPE_NAME,COLUMN_SIZE,BUFFER_LENGTH,"
                       "DECIMAL_DIGITS,PSEUDO_COLUMN";
    bool crate = itest_profile_is("crate");
    special(SQL_BEST_ROWID, "t_pk2", &rs);
    static const char *const pk[] = {"2|a|4|integer|10|4|0|1", "2|b|12|text|2147483647|2147483647|"
                                     "<NULL>|1", NULL};
    expect_set(&rs, cols, spt, pk, "SQLSpecialColumns key");
    /* no primary key: CrateDB's _id; PostgreSQL has no such column */
    special(SQL_BEST_ROWID, "t_a", &rs);
    static const char *const id[] = {"2|_id|12|text|2147483647|2147483647|<NULL>|2", NULL};
    static const char *const none[] = {NULL};
    expect_set(&rs, cols, spt, crate ? id : none, "SQLSpecialColumns _id");
    special(SQL_ROWVER, "t_a", &rs);
    static const char *const ver[] = {"<NULL>|_seq_no|-5|bigint|19|8|0|2",
                                      "<NULL>|_primary_term|-5|bigint|19|8|0|2", NULL};
    expect_set(&rs, cols, spt, crate ? ver : none, "SQLSpecialColumns rowver");
    special(SQL_BEST_ROWID, "v_main", &rs);   /* a view has neither */
    expect_set(&rs, cols, spt, none, "SQLSpecialColumns view");
}

static void test_procedures_and_privileges(void)
{
    rowset rs;
    static const char *const none[] = {NULL};
    SQLHSTMT st = itest_stmt(dbc);
    ITEST_OK(SQLProcedures(st, NULL, 0, (SQLCHAR *)schema, SQL_NTS, NULL, 0), SQL_HANDLE_STMT,
             st);
    CU_ASSERT(fetch_all(st, &rs));
    static const SQLSMALLINT pt[] = {V, V, V, I, I, I, V, S};
    expect_set(&rs, "PROCEDURE_CAT,PROCEDURE_SCHEM,PROCEDURE_NAME,NUM_INPUT_PARAMS,"
               "NUM_OUTPUT_PARAMS,NUM_RESULT_SETS,REMARKS,PROCEDURE_TYPE", pt, none,
               "SQLProcedures");
    SQLFreeStmt(st, SQL_CLOSE);
    ITEST_OK(SQLProcedureColumns(st, NULL, 0, (SQLCHAR *)schema, SQL_NTS, NULL, 0, NULL, 0),
             SQL_HANDLE_STMT, st);
    CU_ASSERT(fetch_all(st, &rs));
    CU_ASSERT_EQUAL(rs.ncols, 19);
    CU_ASSERT_STRING_EQUAL(rs.names[4], "COLUMN_TYPE");
    CU_ASSERT_EQUAL(rs.nrows, 0);

    /* the owner's grants on its own table */
    SQLFreeStmt(st, SQL_CLOSE);
    ITEST_OK(SQLTablePrivileges(st, NULL, 0, (SQLCHAR *)schema, SQL_NTS, (SQLCHAR *)"t\\_a",
                                SQL_NTS), SQL_HANDLE_STMT, st);
    CU_ASSERT(fetch_all(st, &rs));
    static const SQLSMALLINT tpt[] = {V, V, V, V, V, V, V};
    char want[8][512];
    const char *w[9];
    const char *privs[] = {"DELETE", "INSERT", "REFERENCES", "SELECT", "TRIGGER", "TRUNCATE",
                           "UPDATE"};
    for (int i = 0; i < 7; i++) {
        snprintf(want[i], sizeof want[i], "%s|%s|t_a|%s|%s|%s|YES", cat, schema, ITEST_PW_USER,
                 ITEST_PW_USER, privs[i]);
        w[i] = want[i];
    }
    w[7] = NULL;
    expect_set(&rs, "TABLE_CAT,TABLE_SCHEM,TABLE_NAME,GRANTOR,GRANTEE,PRIVILEGE,IS_GRANTABLE",
               tpt, w, "SQLTablePrivileges");
    SQLFreeStmt(st, SQL_CLOSE);
    ITEST_OK(SQLColumnPrivileges(st, NULL, 0, (SQLCHAR *)schema, SQL_NTS, (SQLCHAR *)"t_a",
                                 SQL_NTS, (SQLCHAR *)"%", SQL_NTS), SQL_HANDLE_STMT, st);
    CU_ASSERT(fetch_all(st, &rs));
    CU_ASSERT_EQUAL(rs.ncols, 8);
    CU_ASSERT_STRING_EQUAL(rs.names[3], "COLUMN_NAME");
    CU_ASSERT_EQUAL(rs.nrows, 7);
    if (rs.nrows > 3) {
        snprintf(want[0], sizeof want[0], "%s|%s|t_a|x|%s|%s|SELECT|YES", cat, schema,
                 ITEST_PW_USER, ITEST_PW_USER);
        CU_ASSERT_STRING_EQUAL(rs.rows[3], want[0]);
    }
    itest_free_stmt(st);
}

#define TYPEINFO_COLS                                                                         \
    "TYPE_NAME,DATA_TYPE,COLUMN_SIZE,LITERAL_PREFIX,LITERAL_SUFFIX,CREATE_PARAMS,NULLABLE,"    \
    "CASE_SENSITIVE,SEARCHABLE,UNSIGNED_ATTRIBUTE,FIXED_PREC_SCALE,AUTO_UNIQUE_VALUE,"         \
    "LOCAL_TYPE_NAME,MINIMUM_SCALE,MAXIMUM_SCALE,SQL_DATA_TYPE,SQL_DATETIME_SUB,"              \
    "NUM_PREC_RADIX,INTERVAL_PRECISION"

static void test_type_info(void)
{
    rowset rs;
    static const SQLSMALLINT tt[] = {V, S, I, V, V, V, S, S, S, S, S, S, V, S, S, S, S, I, S};
    SQLHSTMT st = itest_stmt(dbc);
    ITEST_OK(SQLGetTypeInfo(st, SQL_ALL_TYPES), SQL_HANDLE_STMT, st);
    CU_ASSERT(fetch_all(st, &rs));
    CU_ASSERT_EQUAL(rs.nrows, 22);
    /* sorted by DATA_TYPE */
    for (int i = 1; i < rs.nrows; i++)
        CU_ASSERT(atoi(strchr(rs.rows[i - 1], '|') + 1) <= atoi(strchr(rs.rows[i], '|') + 1));
    SQLFreeStmt(st, SQL_CLOSE);
    ITEST_OK(SQLGetTypeInfo(st, SQL_VARCHAR), SQL_HANDLE_STMT, st);
    CU_ASSERT(fetch_all(st, &rs));
    CU_ASSERT_EQUAL(rs.nrows, 9);
    const char *vc = "varchar|12|2147483647|'|'|max length|1|1|3|<NULL>|0|<NULL>|varchar|";
    CU_ASSERT(strncmp(rs.rows[0], vc, strlen(vc)) == 0);
    SQLFreeStmt(st, SQL_CLOSE);
    ITEST_OK(SQLGetTypeInfo(st, SQL_TYPE_TIMESTAMP), SQL_HANDLE_STMT, st);
    CU_ASSERT(fetch_all(st, &rs));
    static const char *const ts[] = {
        "timestamp without time zone|93|23|'|'|<NULL>|1|0|2|<NULL>|0|<NULL>|"
        "timestamp without time zone|3|3|9|3|<NULL>|<NULL>",
        "timestamp with time zone|93|23|'|'|<NULL>|1|0|2|<NULL>|0|<NULL>|"
        "timestamp with time zone|3|3|9|3|<NULL>|<NULL>", NULL};
    expect_set(&rs, TYPEINFO_COLS, tt, ts, "SQLGetTypeInfo timestamp");
    SQLFreeStmt(st, SQL_CLOSE);
    ITEST_OK(SQLGetTypeInfo(st, SQL_INTEGER), SQL_HANDLE_STMT, st);
    CU_ASSERT(fetch_all(st, &rs));
    static const char *const in[] = {
        "integer|4|10|<NULL>|<NULL>|<NULL>|1|0|2|0|0|0|integer|0|0|4|<NULL>|10|<NULL>", NULL};
    expect_set(&rs, TYPEINFO_COLS, tt, in, "SQLGetTypeInfo integer");
    SQLFreeStmt(st, SQL_CLOSE);
    ITEST_OK(SQLGetTypeInfo(st, SQL_LONGVARBINARY), SQL_HANDLE_STMT, st);   /* none */
    CU_ASSERT_EQUAL(SQLFetch(st), SQL_NO_DATA);
    SQLFreeStmt(st, SQL_CLOSE);
    ITEST_EXPECT_ERROR(SQLGetTypeInfo(st, 4242), SQL_HANDLE_STMT, st, "HY004");
    itest_free_stmt(st);
}

/* A catalog result works with SQLBindCol and while a cursor is open it is 24000. */
static void test_bind_and_cursor_state(void)
{
    SQLHSTMT st = itest_stmt(dbc);
    ITEST_OK(SQLPrimaryKeys(st, NULL, 0, (SQLCHAR *)schema, SQL_NTS, (SQLCHAR *)"t_pk2", SQL_NTS),
             SQL_HANDLE_STMT, st);
    SQLSMALLINT seq = 0;
    SQLLEN ind;
    char col[32];
    ITEST_OK(SQLBindCol(st, 4, SQL_C_CHAR, col, sizeof col, &ind), SQL_HANDLE_STMT, st);
    ITEST_OK(SQLBindCol(st, 5, SQL_C_SSHORT, &seq, 0, &ind), SQL_HANDLE_STMT, st);
    ITEST_OK(SQLFetch(st), SQL_HANDLE_STMT, st);
    CU_ASSERT_STRING_EQUAL(col, "a");
    CU_ASSERT_EQUAL(seq, 1);
    ITEST_EXPECT_ERROR(SQLTables(st, NULL, 0, NULL, 0, NULL, 0, NULL, 0), SQL_HANDLE_STMT, st,
                       "24000");
    itest_free_stmt(st);
}

/* Functions and info the catalog work added. */
static void test_functions_and_info(void)
{
    SQLUSMALLINT all[SQL_API_ODBC3_ALL_FUNCTIONS_SIZE];
    ITEST_OK(SQLGetFunctions(dbc, SQL_API_ODBC3_ALL_FUNCTIONS, all), SQL_HANDLE_DBC, dbc);
    const SQLUSMALLINT fns[] = {SQL_API_SQLTABLES, SQL_API_SQLCOLUMNS, SQL_API_SQLPRIMARYKEYS,
                                SQL_API_SQLSTATISTICS, SQL_API_SQLSPECIALCOLUMNS,
                                SQL_API_SQLFOREIGNKEYS, SQL_API_SQLPROCEDURES,
                                SQL_API_SQLPROCEDURECOLUMNS, SQL_API_SQLTABLEPRIVILEGES,
                                SQL_API_SQLCOLUMNPRIVILEGES, SQL_API_SQLGETTYPEINFO};
    for (size_t i = 0; i < sizeof fns / sizeof fns[0]; i++)
        CU_ASSERT(SQL_FUNC_EXISTS(all, fns[i]));
    CU_ASSERT(!SQL_FUNC_EXISTS(all, SQL_API_SQLBULKOPERATIONS));
    char s[64];
    SQLSMALLINT len;
    ITEST_OK(SQLGetInfo(dbc, SQL_CATALOG_TERM, s, sizeof s, &len), SQL_HANDLE_DBC, dbc);
    CU_ASSERT_STRING_EQUAL(s, "catalog");
    ITEST_OK(SQLGetInfo(dbc, SQL_SCHEMA_TERM, s, sizeof s, &len), SQL_HANDLE_DBC, dbc);
    CU_ASSERT_STRING_EQUAL(s, "schema");
    SQLUINTEGER u = 0;
    ITEST_OK(SQLGetInfo(dbc, SQL_SQL92_PREDICATES, &u, sizeof u, NULL), SQL_HANDLE_DBC, dbc);
    CU_ASSERT(u & SQL_SP_LIKE);
    ITEST_OK(SQLGetInfo(dbc, SQL_STRING_FUNCTIONS, &u, sizeof u, NULL), SQL_HANDLE_DBC, dbc);
    /* {fn} escapes are translated (test_escapes.c); SOUNDEX is not among them */
    CU_ASSERT(u & SQL_FN_STR_UCASE);
    CU_ASSERT(!(u & SQL_FN_STR_SOUNDEX));
}

void itest_register_catalog(void)
{
    static const itest_case cases[] = {
        {"tables", test_tables},
        {"hide_system_schemas", test_hide_system_schemas},
        {"columns", test_columns},
        {"keys_and_statistics", test_keys_and_statistics},
        {"special_columns", test_special_columns},
        {"procedures_and_privileges", test_procedures_and_privileges},
        {"type_info", test_type_info},
        {"bind_and_cursor_state", test_bind_and_cursor_state},
        {"functions_and_info", test_functions_and_info},
        {NULL, NULL},
    };
    /* like itest_add_suite, with the test schema made before and dropped after */
    char full[128];
    snprintf(full, sizeof full, "catalog [%s]", itest_cfg.profile);
    CU_pSuite s = CU_add_suite(full, setup, teardown);
    for (const itest_case *c = cases; s && c->name; c++)
        if (!CU_add_test(s, c->name, c->fn))
            s = NULL;
    if (!s) {
        fprintf(stderr, "cannot register the catalog suite: %s\n", CU_get_error_msg());
        exit(2);
    }
}
