/*
 * test_catalog.c: the catalog functions and SQLGetTypeInfo through the driver manager, on a
 * test schema of its own (tables with and without primary keys, a composite key, a
 * partitioned table, a view, a name that needs quotes, a generated column, a default, names
 * with '_' for escaped patterns). Every result set is compared in full: column names, SQL
 * types, then all rows as text ("<NULL>" for NULL, columns joined by '|').
 *
 * The pg and crate profiles reach PostgreSQL, so information_schema's content is
 * PostgreSQL's (type names such as "character varying", "_int4"); what the driver decides
 * itself differs by profile and is switched on it: TABLE_CAT ("crate" on CrateDB) and the
 * CrateDB system columns of SQLSpecialColumns (_id, _seq_no, _primary_term). The cratedb
 * profile makes the schema in CrateDB's DDL (objects with sub-columns, arrays, geo types,
 * float_vector, ip, bit, PARTITIONED BY, a blob table, a JavaScript UDF, grants) and
 * expects the real information_schema's answers: CrateDB's type names, sub-columns with
 * their own ordinal positions, primary keys in column order, privileges by class.
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
            } else if (p[0] == '$' && p[1] == 'T') {
                /* a timestamp's COLUMN_SIZE|BUFFER_LENGTH|DECIMAL_DIGITS: microseconds on
                 * PostgreSQL; where the driver sees CrateDB, its milliseconds */
                at += (size_t)snprintf(buf[i] + at, 1024 - at, "%s",
                                       itest_speaks_crate() ? "23|16|3" : "26|16|6");
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

/* Runs one statement of the set-up (outside any test: no CUnit assertion may run here). */
static bool setup_exec(const char *sql)
{
    SQLHSTMT st;
    if (!SQL_SUCCEEDED(SQLAllocHandle(SQL_HANDLE_STMT, dbc, &st)))
        return false;
    SQLRETURN rc = SQLExecDirect(st, (SQLCHAR *)sql, SQL_NTS);
    if (!SQL_SUCCEEDED(rc) && rc != SQL_NO_DATA) {
        fprintf(stderr, "\n    catalog set-up failed: %s\n", sql);
        itest_dump_diag("set-up", SQL_HANDLE_STMT, st);
    }
    SQLFreeHandle(SQL_HANDLE_STMT, st);
    return SQL_SUCCEEDED(rc) || rc == SQL_NO_DATA;
}

/*
 * The test schema in each server's DDL. Both have the same tables and view (t_main with a
 * key, a generated column and a default; t_pk2 with a composite key; t_a and tba for '_'
 * patterns; t_part partitioned; "T_Mixed" needing quotes) and function f_add; t_main's
 * other columns are each server's own types: json and integer[] on PostgreSQL, on CrateDB
 * an object with sub-columns, arrays, geo types, float_vector, ip and bit. CrateDB's set
 * adds a foreign table, a blob table and the test user's own grants on t_a.
 */
static const char *const pg_ddl[] = {
    "CREATE SCHEMA %s",
    "CREATE TABLE %s.t_main (id integer PRIMARY KEY, name varchar(40) NOT NULL, obj json,"
    " tags integer[], price numeric(10,2), ts timestamp,"
    " gen integer GENERATED ALWAYS AS (id * 2) STORED, d text DEFAULT 'x')",
    "CREATE TABLE %s.t_pk2 (b text, a integer, PRIMARY KEY (a, b))",
    "CREATE TABLE %s.t_a (x integer)",
    "CREATE TABLE %s.tba (x integer)",
    "CREATE TABLE %s.t_part (id integer, p integer) PARTITION BY LIST (p)",
    "CREATE TABLE %s.\"T_Mixed\" (\"Id\" integer PRIMARY KEY, \"lower\" text)",
    "CREATE VIEW %s.v_main AS SELECT id, name FROM %s.t_main",
    "CREATE FUNCTION %s.f_add(integer, bigint) RETURNS bigint LANGUAGE sql"
    " AS 'SELECT $1 + $2'",
    NULL};
static const char *const cratedb_ddl[] = {
    "CREATE SCHEMA %s",
    "CREATE TABLE %s.t_main (id integer PRIMARY KEY, name varchar(40) NOT NULL,"
    " obj object(strict) AS (x integer, y object AS (z text)), tags array(integer),"
    " price numeric(10,2), ts timestamp, gen integer GENERATED ALWAYS AS id * 2,"
    " d text DEFAULT 'x', tstz timestamp with time zone, pt geo_point, sh geo_shape,"
    " v float_vector(3), addr ip, b bit(4), c character(5), nested array(array(text)),"
    " oa array(object AS (q integer)), f1 bit(1))",
    "CREATE TABLE %s.t_pk2 (b text, a integer, PRIMARY KEY (a, b))",
    "CREATE TABLE %s.t_a (x integer)",
    "CREATE TABLE %s.tba (x integer)",
    "CREATE TABLE %s.t_part (id integer, p integer) PARTITIONED BY (p)",
    "CREATE TABLE %s.\"T_Mixed\" (\"Id\" integer PRIMARY KEY, \"lower\" text)",
    "CREATE VIEW %s.v_main AS SELECT id, name FROM %s.t_main",
    /* two partitions of t_part: still one table */
    "INSERT INTO %s.t_part (id, p) VALUES (1, 1), (2, 2)",
    /* a blob table (schema blob) and a foreign server named after the test schema (the
     * server is not reached until the foreign table is read) */
    "CREATE BLOB TABLE %s_blob",
    "CREATE SERVER %s_srv FOREIGN DATA WRAPPER jdbc OPTIONS (url 'jdbc:postgresql://127.0.0.1:1/x')",
    "CREATE FOREIGN TABLE %s.t_foreign (fx integer) SERVER %s_srv",
    /* a user-defined function: SQLProcedures */
    "CREATE FUNCTION %s.f_add(integer, bigint) RETURNS bigint LANGUAGE JAVASCRIPT"
    " AS 'function f_add(a, b) { return a + b; }'",
    /* the test user's own grants: information_schema.role_table_grants lists grants on
     * tables and schemas only (the rig grants ALL PRIVILEGES cluster-wide) */
    "GRANT DQL, DML ON TABLE %s.t_a TO " ITEST_PW_USER,
    NULL};

static int setup(void)
{
    snprintf(schema, sizeof schema, "cat_%d", (int)getpid());
    dbc = itest_connect();
    SQLSMALLINT len;
    SQLGetInfo(dbc, SQL_DATABASE_NAME, cat, sizeof cat, &len);
    char sql[1024];
    const char *const *ddl = itest_is_cratedb() ? cratedb_ddl : pg_ddl;
    for (size_t i = 0; ddl[i]; i++) {
        snprintf(sql, sizeof sql, ddl[i], schema, schema);
        if (!setup_exec(sql))
            return 1;
    }
    return 0;
}

static int teardown(void)
{
    char sql[128];
    snprintf(sql, sizeof sql, "DROP SCHEMA %s CASCADE", schema);
    setup_exec(sql);
    if (itest_is_cratedb()) {
        snprintf(sql, sizeof sql, "DROP BLOB TABLE %s_blob", schema);
        setup_exec(sql);
        snprintf(sql, sizeof sql, "DROP SERVER %s_srv", schema);
        setup_exec(sql);
    }
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

/* Whether rs has the row "$C|<schema>|<NULL>|<NULL>|<NULL>" (a SQL_ALL_SCHEMAS row). */
static bool has_schema_row(const rowset *rs, const char *name)
{
    char want[512];
    snprintf(want, sizeof want, "%s|%s|<NULL>|<NULL>|<NULL>", cat, name);
    for (int i = 0; i < rs->nrows; i++)
        if (strcmp(rs->rows[i], want) == 0)
            return true;
    return false;
}

static void test_tables(void)
{
    rowset rs;
    CU_ASSERT_STRING_EQUAL(cat, itest_speaks_crate() ? "crate" : cat);
    /* all tables of the schema (NULL catalog and table: every one), sorted by type, then
     * name (byte order: "T_Mixed" first); the partitioned table is one table however many
     * partitions it has */
    run_tables(NULL, schema, NULL, NULL, &rs);
    static const char *const pg_all[] = {
        "$C|$S|T_Mixed|TABLE|<NULL>", "$C|$S|t_a|TABLE|<NULL>", "$C|$S|t_main|TABLE|<NULL>",
        "$C|$S|t_part|TABLE|<NULL>", "$C|$S|t_pk2|TABLE|<NULL>", "$C|$S|tba|TABLE|<NULL>",
        "$C|$S|v_main|VIEW|<NULL>", NULL};
    static const char *const cratedb_all[] = {
        "$C|$S|t_foreign|FOREIGN TABLE|<NULL>", "$C|$S|T_Mixed|TABLE|<NULL>",
        "$C|$S|t_a|TABLE|<NULL>", "$C|$S|t_main|TABLE|<NULL>", "$C|$S|t_part|TABLE|<NULL>",
        "$C|$S|t_pk2|TABLE|<NULL>", "$C|$S|tba|TABLE|<NULL>", "$C|$S|v_main|VIEW|<NULL>", NULL};
    const char *const *all = itest_is_cratedb() ? cratedb_all : pg_all;
    expect_set(&rs, TABLES_COLS, tables_types, fill(all), "SQLTables all");
    /* a pattern: '_' matches any character, "\_" only '_' */
    run_tables(NULL, schema, "t_a", NULL, &rs);
    static const char *const pat[] = {"$C|$S|t_a|TABLE|<NULL>", "$C|$S|tba|TABLE|<NULL>", NULL};
    expect_set(&rs, TABLES_COLS, tables_types, fill(pat), "SQLTables t_a");
    run_tables(NULL, schema, "t\\_a", NULL, &rs);
    static const char *const esc[] = {"$C|$S|t_a|TABLE|<NULL>", NULL};
    expect_set(&rs, TABLES_COLS, tables_types, fill(esc), "SQLTables t\\_a");
    /* patterns are case-sensitive: the mixed-case name as it is stored */
    run_tables(NULL, schema, "T\\_M%", NULL, &rs);
    static const char *const mixed[] = {"$C|$S|T_Mixed|TABLE|<NULL>", NULL};
    expect_set(&rs, TABLES_COLS, tables_types, fill(mixed), "SQLTables T\\_M%");
    run_tables(NULL, schema, "t\\_mixed", NULL, &rs);
    static const char *const none[] = {NULL};
    expect_set(&rs, TABLES_COLS, tables_types, none, "SQLTables t\\_mixed");
    /* table types, quoted or not */
    run_tables(NULL, schema, "%", "'VIEW'", &rs);
    static const char *const views[] = {"$C|$S|v_main|VIEW|<NULL>", NULL};
    expect_set(&rs, TABLES_COLS, tables_types, fill(views), "SQLTables VIEW");
    /* "%" in the list is every type: LibreOffice Base lists its tables with "VIEW,TABLE,%,"
     * (trailing comma included) and getTableTypes() with NULL names and "%" */
    run_tables(NULL, schema, "%", "VIEW,TABLE,%,", &rs);
    expect_set(&rs, TABLES_COLS, tables_types, fill(all), "SQLTables VIEW,TABLE,%,");
    run_tables(NULL, schema, "%", "'TABLE','VIEW'", &rs);
    expect_set(&rs, TABLES_COLS, tables_types, fill(pg_all), "SQLTables 'TABLE','VIEW'");
    run_tables(NULL, schema, NULL, SQL_ALL_TABLE_TYPES, &rs);
    expect_set(&rs, TABLES_COLS, tables_types, fill(all), "SQLTables NULL names, type %");
    /* the catalog argument: ours or nothing */
    run_tables("no_such_catalog", schema, "%", NULL, &rs);
    expect_set(&rs, TABLES_COLS, tables_types, none, "SQLTables other catalog");
    run_tables(cat, schema, "t\\_a", NULL, &rs);
    expect_set(&rs, TABLES_COLS, tables_types, fill(esc), "SQLTables our catalog");
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
    for (int i = 1; i < rs.nrows; i++)
        CU_ASSERT(strcmp(rs.rows[i - 1], rs.rows[i]) < 0);
    CU_ASSERT(has_schema_row(&rs, schema));
    CU_ASSERT(has_schema_row(&rs, "information_schema"));
    CU_ASSERT(has_schema_row(&rs, "pg_catalog"));
    if (itest_is_cratedb()) {
        /* CrateDB's schemas: doc and blob exist even when empty */
        CU_ASSERT(has_schema_row(&rs, "doc"));
        CU_ASSERT(has_schema_row(&rs, "sys"));
        CU_ASSERT(has_schema_row(&rs, "blob"));
    }
    /* system schemas are SYSTEM TABLE */
    run_tables(NULL, "information_schema", "tables", NULL, &rs);
    static const char *const systab[] = {"$C|information_schema|tables|SYSTEM TABLE|<NULL>", NULL};
    expect_set(&rs, TABLES_COLS, tables_types, fill(systab), "SQLTables system");
    run_tables(NULL, "pg\\_catalog", "pg\\_class", NULL, &rs);
    static const char *const pgclass[] = {"$C|pg_catalog|pg_class|SYSTEM TABLE|<NULL>", NULL};
    expect_set(&rs, TABLES_COLS, tables_types, fill(pgclass), "SQLTables pg_catalog");
    if (!itest_is_cratedb())
        return;
    run_tables(NULL, "sys", "nodes", "SYSTEM TABLE", &rs);
    static const char *const sysnodes[] = {"$C|sys|nodes|SYSTEM TABLE|<NULL>", NULL};
    expect_set(&rs, TABLES_COLS, tables_types, fill(sysnodes), "SQLTables sys");
    run_tables(NULL, "sys", "nodes", "TABLE", &rs);
    expect_set(&rs, TABLES_COLS, tables_types, none, "SQLTables sys as TABLE");
    /* a blob table is a table of the schema blob (not a system table) */
    char blob[128];
    snprintf(blob, sizeof blob, "%s\\_blob", schema);
    run_tables(NULL, "blob", blob, NULL, &rs);
    static const char *const blobs[] = {"$C|blob|$S_blob|TABLE|<NULL>", NULL};
    expect_set(&rs, TABLES_COLS, tables_types, fill(blobs), "SQLTables blob");
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
    SQLFreeStmt(st, SQL_CLOSE);
    /* every system schema, in both listings; CrateDB's blob schema holds user tables */
    ITEST_OK(SQLTables(st, NULL, 0, (SQLCHAR *)"%", SQL_NTS, (SQLCHAR *)"%", SQL_NTS,
                       (SQLCHAR *)"SYSTEM TABLE", SQL_NTS), SQL_HANDLE_STMT, st);
    CU_ASSERT_EQUAL(SQLFetch(st), SQL_NO_DATA);
    SQLFreeStmt(st, SQL_CLOSE);
    ITEST_OK(SQLTables(st, (SQLCHAR *)"", SQL_NTS, (SQLCHAR *)SQL_ALL_SCHEMAS, SQL_NTS,
                       (SQLCHAR *)"", SQL_NTS, NULL, 0), SQL_HANDLE_STMT, st);
    char name[128];
    SQLLEN ind;
    bool mine = false, blob = false;
    while (SQL_SUCCEEDED(SQLFetch(st))) {
        ITEST_OK(SQLGetData(st, 2, SQL_C_CHAR, name, sizeof name, &ind), SQL_HANDLE_STMT, st);
        CU_ASSERT(strcmp(name, "sys") != 0 && strcmp(name, "information_schema") != 0 &&
                  strcmp(name, "pg_catalog") != 0);
        mine |= strcmp(name, schema) == 0;
        blob |= strcmp(name, "blob") == 0;
    }
    CU_ASSERT(mine);
    CU_ASSERT(blob == itest_is_cratedb());
    itest_free_stmt(st);
    itest_disconnect(h);
}

#define COLUMNS_COLS                                                                          \
    "TABLE_CAT,TABLE_SCHEM,TABLE_NAME,COLUMN_NAME,DATA_TYPE,TYPE_NAME,COLUMN_SIZE,"            \
    "BUFFER_LENGTH,DECIMAL_DIGITS,NUM_PREC_RADIX,NULLABLE,REMARKS,COLUMN_DEF,SQL_DATA_TYPE,"   \
    "SQL_DATETIME_SUB,CHAR_OCTET_LENGTH,ORDINAL_POSITION,IS_NULLABLE"
static const SQLSMALLINT columns_types[] = {V, V, V, V, S, V, I, I, S, S, S, V, V, S, S, I, I, V};

/* SQLColumns(schema, table, column) on a fresh statement of dbc, fetched into rs. */
static void run_columns(const char *table, const char *column, rowset *rs)
{
    SQLHSTMT st = itest_stmt(dbc);
    ITEST_OK(SQLColumns(st, NULL, 0, (SQLCHAR *)schema, SQL_NTS, (SQLCHAR *)table, SQL_NTS,
                        (SQLCHAR *)column, column ? SQL_NTS : 0), SQL_HANDLE_STMT, st);
    CU_ASSERT(fetch_all(st, rs));
    itest_free_stmt(st);
}

/* PostgreSQL's information_schema: its type names; unbounded text (json, arrays, text) has
 * the size a result column of it has (TextSize, 65535 by default). */
static const char *const pg_main_columns[] = {
    "$C|$S|t_main|id|4|integer|10|4|0|10|0|<NULL>|<NULL>|4|<NULL>|<NULL>|1|NO",
    "$C|$S|t_main|name|12|character varying|40|160|<NULL>|<NULL>|0|<NULL>|<NULL>|12|<NULL>|"
    "160|2|NO",
    "$C|$S|t_main|obj|12|json|65535|262140|<NULL>|<NULL>|1|<NULL>|<NULL>|12|<NULL>|262140|3|"
    "YES",
    "$C|$S|t_main|tags|12|_int4|65535|262140|<NULL>|<NULL>|1|<NULL>|<NULL>|12|<NULL>|262140|4|"
    "YES",
    "$C|$S|t_main|price|2|numeric|10|12|2|10|1|<NULL>|<NULL>|2|<NULL>|<NULL>|5|YES",
    "$C|$S|t_main|ts|93|timestamp without time zone|$T|<NULL>|1|<NULL>|<NULL>|9|3|"
    "<NULL>|6|YES",
    "$C|$S|t_main|gen|4|integer|10|4|0|10|1|GENERATED ALWAYS AS ((id * 2))|<NULL>|4|<NULL>|"
    "<NULL>|7|YES",
    "$C|$S|t_main|d|12|text|65535|262140|<NULL>|<NULL>|1|<NULL>|'x'::text|12|<NULL>|262140|8|"
    "YES",
    NULL};

/* CrateDB 6.4.3's information_schema: varchar(40) is text of length 40; each object
 * sub-column is a row with a position of its own; numeric's scale is unknown; timestamps
 * have 3 fractional digits; a sub-column below an array of objects is an array
 * (oa['q'] reads as integer_array); float_vector(3)'s 3 is its dimension, not its size. */
static const char *const cratedb_main_columns[] = {
    "$C|$S|t_main|id|4|integer|10|4|0|10|0|<NULL>|<NULL>|4|<NULL>|<NULL>|1|NO",
    "$C|$S|t_main|name|12|text|40|160|<NULL>|<NULL>|0|<NULL>|<NULL>|12|<NULL>|160|2|NO",
    "$C|$S|t_main|obj|12|object|65535|262140|<NULL>|<NULL>|1|<NULL>|<NULL>|12|<NULL>|262140|3|"
    "YES",
    "$C|$S|t_main|obj['x']|4|integer|10|4|0|10|1|<NULL>|<NULL>|4|<NULL>|<NULL>|4|YES",
    "$C|$S|t_main|obj['y']|12|object|65535|262140|<NULL>|<NULL>|1|<NULL>|<NULL>|12|<NULL>|"
    "262140|5|YES",
    "$C|$S|t_main|obj['y']['z']|12|text|65535|262140|<NULL>|<NULL>|1|<NULL>|<NULL>|12|<NULL>|"
    "262140|6|YES",
    "$C|$S|t_main|tags|12|integer_array|65535|262140|<NULL>|<NULL>|1|<NULL>|<NULL>|12|<NULL>|"
    "262140|7|YES",
    "$C|$S|t_main|price|2|numeric|10|12|<NULL>|10|1|<NULL>|<NULL>|2|<NULL>|<NULL>|8|YES",
    "$C|$S|t_main|ts|93|timestamp without time zone|23|16|3|<NULL>|1|<NULL>|<NULL>|9|3|"
    "<NULL>|9|YES",
    "$C|$S|t_main|gen|4|integer|10|4|0|10|1|GENERATED ALWAYS AS ((id * 2))|<NULL>|4|<NULL>|"
    "<NULL>|10|YES",
    "$C|$S|t_main|d|12|text|65535|262140|<NULL>|<NULL>|1|<NULL>|'x'|12|<NULL>|262140|11|YES",
    "$C|$S|t_main|tstz|93|timestamp with time zone|23|16|3|<NULL>|1|<NULL>|<NULL>|9|3|"
    "<NULL>|12|YES",
    "$C|$S|t_main|pt|12|geo_point|56|224|<NULL>|<NULL>|1|<NULL>|<NULL>|12|<NULL>|224|13|YES",
    "$C|$S|t_main|sh|12|geo_shape|65535|262140|<NULL>|<NULL>|1|<NULL>|<NULL>|12|<NULL>|262140|"
    "14|YES",
    "$C|$S|t_main|v|12|float_vector|65535|262140|<NULL>|<NULL>|1|<NULL>|<NULL>|12|<NULL>|"
    "262140|15|YES",
    "$C|$S|t_main|addr|12|ip|65535|262140|<NULL>|<NULL>|1|<NULL>|<NULL>|12|<NULL>|262140|16|"
    "YES",
    "$C|$S|t_main|b|12|bit|4|16|<NULL>|<NULL>|1|<NULL>|<NULL>|12|<NULL>|16|17|YES",
    "$C|$S|t_main|c|1|character|5|20|<NULL>|<NULL>|1|<NULL>|<NULL>|1|<NULL>|20|18|YES",
    "$C|$S|t_main|nested|12|text_array_array|65535|262140|<NULL>|<NULL>|1|<NULL>|<NULL>|12|"
    "<NULL>|262140|19|YES",
    "$C|$S|t_main|oa|12|object_array|65535|262140|<NULL>|<NULL>|1|<NULL>|<NULL>|12|<NULL>|"
    "262140|20|YES",
    "$C|$S|t_main|oa['q']|12|integer_array|65535|262140|<NULL>|<NULL>|1|<NULL>|<NULL>|12|"
    "<NULL>|262140|21|YES",
    "$C|$S|t_main|f1|-7|bit|1|1|<NULL>|<NULL>|1|<NULL>|<NULL>|-7|<NULL>|<NULL>|22|YES",
    NULL};

static void test_columns(void)
{
    rowset rs;
    run_columns("t\\_main", NULL, &rs);
    expect_set(&rs, COLUMNS_COLS, columns_types,
               fill(itest_is_cratedb() ? cratedb_main_columns : pg_main_columns),
               "SQLColumns t_main");
    /* a column pattern across tables, sorted by table then position */
    run_columns("%", "x", &rs);
    static const char *const xs[] = {
        "$C|$S|t_a|x|4|integer|10|4|0|10|1|<NULL>|<NULL>|4|<NULL>|<NULL>|1|YES",
        "$C|$S|tba|x|4|integer|10|4|0|10|1|<NULL>|<NULL>|4|<NULL>|<NULL>|1|YES", NULL};
    expect_set(&rs, COLUMNS_COLS, columns_types, fill(xs), "SQLColumns x");
    /* a view's columns (nullable: the view does not carry the key's NOT NULL) */
    run_columns("v\\_main", NULL, &rs);
    static const char *const pg_view[] = {
        "$C|$S|v_main|id|4|integer|10|4|0|10|1|<NULL>|<NULL>|4|<NULL>|<NULL>|1|YES",
        "$C|$S|v_main|name|12|character varying|40|160|<NULL>|<NULL>|1|<NULL>|<NULL>|12|<NULL>|"
        "160|2|YES", NULL};
    static const char *const cratedb_view[] = {
        "$C|$S|v_main|id|4|integer|10|4|0|10|1|<NULL>|<NULL>|4|<NULL>|<NULL>|1|YES",
        "$C|$S|v_main|name|12|text|40|160|<NULL>|<NULL>|1|<NULL>|<NULL>|12|<NULL>|160|2|YES",
        NULL};
    expect_set(&rs, COLUMNS_COLS, columns_types,
               fill(itest_is_cratedb() ? cratedb_view : pg_view), "SQLColumns v_main");
    /* the mixed-case table: patterns match the stored case */
    run_columns("T\\_Mixed", NULL, &rs);
    static const char *const mixed[] = {
        "$C|$S|T_Mixed|Id|4|integer|10|4|0|10|0|<NULL>|<NULL>|4|<NULL>|<NULL>|1|NO",
        "$C|$S|T_Mixed|lower|12|text|65535|262140|<NULL>|<NULL>|1|<NULL>|<NULL>|12|<NULL>|"
        "262140|2|YES", NULL};
    expect_set(&rs, COLUMNS_COLS, columns_types, fill(mixed), "SQLColumns T_Mixed");

    SQLHSTMT st = itest_stmt(dbc);
    /* SQL_ATTR_METADATA_ID: identifiers, unquoted folded to lower case; NULL is HY009 */
    ITEST_OK(SQLSetStmtAttr(st, SQL_ATTR_METADATA_ID, (SQLPOINTER)SQL_TRUE, 0), SQL_HANDLE_STMT,
             st);
    ITEST_OK(SQLColumns(st, NULL, 0, (SQLCHAR *)schema, SQL_NTS, (SQLCHAR *)"T_A", SQL_NTS,
                        (SQLCHAR *)"\"x\"", SQL_NTS), SQL_HANDLE_STMT, st);
    CU_ASSERT(fetch_all(st, &rs));
    static const char *const ta[] = {
        "$C|$S|t_a|x|4|integer|10|4|0|10|1|<NULL>|<NULL>|4|<NULL>|<NULL>|1|YES", NULL};
    expect_set(&rs, COLUMNS_COLS, columns_types, fill(ta), "SQLColumns metadata id");
    SQLFreeStmt(st, SQL_CLOSE);
    ITEST_OK(SQLColumns(st, NULL, 0, (SQLCHAR *)schema, SQL_NTS, (SQLCHAR *)"\"T_Mixed\"",
                        SQL_NTS, (SQLCHAR *)"\"Id\"", SQL_NTS), SQL_HANDLE_STMT, st);
    CU_ASSERT(fetch_all(st, &rs));
    const char *mixed_id[] = {mixed[0], NULL};
    expect_set(&rs, COLUMNS_COLS, columns_types, fill(mixed_id),
               "SQLColumns \"T_Mixed\".\"Id\"");
    SQLFreeStmt(st, SQL_CLOSE);
    ITEST_OK(SQLColumns(st, NULL, 0, (SQLCHAR *)schema, SQL_NTS, (SQLCHAR *)"T_Mixed", SQL_NTS,
                        (SQLCHAR *)"\"Id\"", SQL_NTS), SQL_HANDLE_STMT, st);
    CU_ASSERT_EQUAL(SQLFetch(st), SQL_NO_DATA);   /* folded: t_mixed, no such table */
    SQLFreeStmt(st, SQL_CLOSE);
    ITEST_EXPECT_ERROR(SQLColumns(st, NULL, 0, (SQLCHAR *)schema, SQL_NTS, NULL, 0, NULL, 0),
                       SQL_HANDLE_STMT, st, "HY009");
    itest_free_stmt(st);
    if (!itest_is_cratedb())
        return;
    /* sub-columns by pattern: a sub-column of an array of objects is still an array when
     * the pattern leaves its parent out; '[' and '\'' are ordinary pattern characters */
    run_columns("t\\_main", "oa['q']", &rs);
    const char *oa_q[] = {cratedb_main_columns[20], NULL};
    expect_set(&rs, COLUMNS_COLS, columns_types, fill(oa_q), "SQLColumns oa['q']");
    run_columns("t\\_main", "obj[%", &rs);
    const char *obj_sub[] = {cratedb_main_columns[3], cratedb_main_columns[4],
                             cratedb_main_columns[5], NULL};
    expect_set(&rs, COLUMNS_COLS, columns_types, fill(obj_sub), "SQLColumns obj[%");
    /* sys lists the sub-columns of its object arrays as the arrays they are already */
    SQLHSTMT sys = itest_stmt(dbc);
    ITEST_OK(SQLColumns(sys, NULL, 0, (SQLCHAR *)"sys", SQL_NTS, (SQLCHAR *)"nodes", SQL_NTS,
                        (SQLCHAR *)"fs['data']['dev']", SQL_NTS), SQL_HANDLE_STMT, sys);
    CU_ASSERT(fetch_all(sys, &rs));
    static const char *const dev[] = {
        "$C|sys|nodes|fs['data']['dev']|12|text_array|65535|262140|<NULL>|<NULL>|1|<NULL>|"
        "<NULL>|12|<NULL>|262140|15|YES", NULL};
    expect_set(&rs, COLUMNS_COLS, columns_types, fill(dev), "SQLColumns sys.nodes");
    itest_free_stmt(sys);
}

/* SQLColumns gives each top-level column of t_main the SQL type SQLDescribeCol gives it in
 * SELECT * (sub-columns are not in SELECT *: their names have a '['). */
static void test_columns_match_describe(void)
{
    rowset cols;
    run_columns("t\\_main", NULL, &cols);
    SQLHSTMT st = itest_stmt(dbc);
    char sql[256];
    snprintf(sql, sizeof sql, "SELECT * FROM %s.t_main", schema);
    ITEST_OK_FATAL(SQLExecDirect(st, (SQLCHAR *)sql, SQL_NTS), SQL_HANDLE_STMT, st);
    SQLSMALLINT n = 0, at = 0;
    ITEST_OK(SQLNumResultCols(st, &n), SQL_HANDLE_STMT, st);
    for (int r = 0; r < cols.nrows; r++) {
        char name[128];
        int type = 0;
        /* TABLE_CAT|TABLE_SCHEM|TABLE_NAME|COLUMN_NAME|DATA_TYPE|... */
        const char *p = strchr(strchr(strchr(cols.rows[r], '|') + 1, '|') + 1, '|') + 1;
        if (sscanf(p, "%127[^|]|%d", name, &type) != 2 || strchr(name, '['))
            continue;
        char got[128];
        SQLSMALLINT nl, sql_type = 0, digits, nullable;
        SQLULEN size;
        at++;
        ITEST_OK(SQLDescribeCol(st, (SQLUSMALLINT)at, (SQLCHAR *)got, sizeof got, &nl, &sql_type,
                                &size, &digits, &nullable), SQL_HANDLE_STMT, st);
        CU_ASSERT_STRING_EQUAL(got, name);
        if (sql_type != type)
            fprintf(stderr, "\n    %s: SQLColumns DATA_TYPE %d, SQLDescribeCol %d\n", name, type,
                    sql_type);
        CU_ASSERT_EQUAL(sql_type, type);
    }
    CU_ASSERT_EQUAL(at, n);
    itest_free_stmt(st);
}

/* The size and type SQLColumns gives unbounded text are those SQLDescribeCol gives a result
 * column of it, with TextSize and LongText too. */
static void test_columns_text_size(void)
{
    char cs[512];
    SQLHDBC h;
    SQLAllocHandle(SQL_HANDLE_DBC, itest_env, &h);
    snprintf(cs, sizeof cs, "DSN=%s;TextSize=300;LongText=1", itest_cfg.dsn);
    ITEST_OK_FATAL(SQLDriverConnect(h, NULL, (SQLCHAR *)cs, SQL_NTS, NULL, 0, NULL,
                                    SQL_DRIVER_NOPROMPT), SQL_HANDLE_DBC, h);
    static const char *const cols[] = {"d", "obj", "tags"};
    for (size_t i = 0; i < sizeof cols / sizeof cols[0]; i++) {
        SQLHSTMT st = itest_stmt(h);
        ITEST_OK(SQLColumns(st, NULL, 0, (SQLCHAR *)schema, SQL_NTS, (SQLCHAR *)"t_main",
                            SQL_NTS, (SQLCHAR *)cols[i], SQL_NTS), SQL_HANDLE_STMT, st);
        SQLSMALLINT cat_type = 0;
        SQLINTEGER cat_size = 0;
        SQLLEN ind;
        ITEST_OK(SQLFetch(st), SQL_HANDLE_STMT, st);
        ITEST_OK(SQLGetData(st, 5, SQL_C_SSHORT, &cat_type, 0, &ind), SQL_HANDLE_STMT, st);
        ITEST_OK(SQLGetData(st, 7, SQL_C_SLONG, &cat_size, 0, &ind), SQL_HANDLE_STMT, st);
        SQLFreeStmt(st, SQL_CLOSE);
        char sql[256];
        snprintf(sql, sizeof sql, "SELECT %s FROM %s.t_main", cols[i], schema);
        ITEST_OK(SQLExecDirect(st, (SQLCHAR *)sql, SQL_NTS), SQL_HANDLE_STMT, st);
        SQLSMALLINT type = 0, digits, nullable, nl;
        SQLULEN size = 0;
        char name[64];
        ITEST_OK(SQLDescribeCol(st, 1, (SQLCHAR *)name, sizeof name, &nl, &type, &size, &digits,
                                &nullable), SQL_HANDLE_STMT, st);
        if (cat_type != type || (SQLULEN)cat_size != size)
            fprintf(stderr, "\n    %s: SQLColumns %d/%d, SQLDescribeCol %d/%lu\n", cols[i],
                    cat_type, (int)cat_size, type, (unsigned long)size);
        CU_ASSERT_EQUAL(cat_type, SQL_LONGVARCHAR);
        CU_ASSERT_EQUAL(cat_size, 300);
        CU_ASSERT_EQUAL(type, cat_type);
        CU_ASSERT_EQUAL(size, (SQLULEN)cat_size);
        itest_free_stmt(st);
    }
    itest_disconnect(h);
}

static void test_keys_and_statistics(void)
{
    rowset rs;
    SQLHSTMT st = itest_stmt(dbc);
    ITEST_OK(SQLPrimaryKeys(st, NULL, 0, (SQLCHAR *)schema, SQL_NTS, (SQLCHAR *)"t_pk2", SQL_NTS),
             SQL_HANDLE_STMT, st);
    CU_ASSERT(fetch_all(st, &rs));
    static const SQLSMALLINT pkt[] = {V, V, V, V, S, V};
    /* PRIMARY KEY (a, b): CrateDB keeps the key's columns in table order (b, a), as its
     * information_schema.key_column_usage and SHOW CREATE TABLE say */
    static const char *const pk[] = {"$C|$S|t_pk2|a|1|t_pk2_pkey", "$C|$S|t_pk2|b|2|t_pk2_pkey",
                                     NULL};
    static const char *const cratedb_pk[] = {"$C|$S|t_pk2|b|1|t_pk2_pkey",
                                             "$C|$S|t_pk2|a|2|t_pk2_pkey", NULL};
    const char *pk_cols = "TABLE_CAT,TABLE_SCHEM,TABLE_NAME,COLUMN_NAME,KEY_SEQ,PK_NAME";
    expect_set(&rs, pk_cols, pkt, fill(itest_is_cratedb() ? cratedb_pk : pk), "SQLPrimaryKeys");
    /* a name that needs quotes in SQL is passed as it is stored */
    SQLFreeStmt(st, SQL_CLOSE);
    ITEST_OK(SQLPrimaryKeys(st, NULL, 0, (SQLCHAR *)schema, SQL_NTS, (SQLCHAR *)"T_Mixed",
                            SQL_NTS), SQL_HANDLE_STMT, st);
    CU_ASSERT(fetch_all(st, &rs));
    static const char *const mixed[] = {"$C|$S|T_Mixed|Id|1|T_Mixed_pkey", NULL};
    expect_set(&rs, pk_cols, pkt, fill(mixed), "SQLPrimaryKeys T_Mixed");
    SQLFreeStmt(st, SQL_CLOSE);
    ITEST_OK(SQLPrimaryKeys(st, NULL, 0, (SQLCHAR *)schema, SQL_NTS, (SQLCHAR *)"t_mixed",
                            SQL_NTS), SQL_HANDLE_STMT, st);
    CU_ASSERT_EQUAL(SQLFetch(st), SQL_NO_DATA);
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
    ITEST_OK(SQLStatistics(st, NULL, 0, (SQLCHAR *)schema, SQL_NTS, (SQLCHAR *)"t_pk2", SQL_NTS,
                           SQL_INDEX_UNIQUE, SQL_ENSURE), SQL_HANDLE_STMT, st);
    CU_ASSERT(fetch_all(st, &rs));
    static const char *const stat2[] = {
        "$C|$S|t_pk2|<NULL>|<NULL>|<NULL>|0|<NULL>|<NULL>|<NULL>|<NULL>|<NULL>|<NULL>",
        "$C|$S|t_pk2|0|<NULL>|t_pk2_pkey|3|1|a|A|<NULL>|<NULL>|<NULL>",
        "$C|$S|t_pk2|0|<NULL>|t_pk2_pkey|3|2|b|A|<NULL>|<NULL>|<NULL>", NULL};
    static const char *const cratedb_stat2[] = {
        "$C|$S|t_pk2|<NULL>|<NULL>|<NULL>|0|<NULL>|<NULL>|<NULL>|<NULL>|<NULL>|<NULL>",
        "$C|$S|t_pk2|0|<NULL>|t_pk2_pkey|3|1|b|A|<NULL>|<NULL>|<NULL>",
        "$C|$S|t_pk2|0|<NULL>|t_pk2_pkey|3|2|a|A|<NULL>|<NULL>|<NULL>", NULL};
    expect_set(&rs, "TABLE_CAT,TABLE_SCHEM,TABLE_NAME,NON_UNIQUE,INDEX_QUALIFIER,INDEX_NAME,TYPE,"
               "ORDINAL_POSITION,COLUMN_NAME,ASC_OR_DESC,CARDINALITY,PAGES,FILTER_CONDITION",
               stt, fill(itest_is_cratedb() ? cratedb_stat2 : stat2), "SQLStatistics t_pk2");
    /* a partitioned table without a key: the table row only (PARTITIONED BY is no index) */
    SQLFreeStmt(st, SQL_CLOSE);
    ITEST_OK(SQLStatistics(st, NULL, 0, (SQLCHAR *)schema, SQL_NTS, (SQLCHAR *)"t_part", SQL_NTS,
                           SQL_INDEX_ALL, SQL_QUICK), SQL_HANDLE_STMT, st);
    CU_ASSERT(fetch_all(st, &rs));
    static const char *const stat3[] = {
        "$C|$S|t_part|<NULL>|<NULL>|<NULL>|0|<NULL>|<NULL>|<NULL>|<NULL>|<NULL>|<NULL>", NULL};
    expect_set(&rs, "TABLE_CAT,TABLE_SCHEM,TABLE_NAME,NON_UNIQUE,INDEX_QUALIFIER,INDEX_NAME,TYPE,"
               "ORDINAL_POSITION,COLUMN_NAME,ASC_OR_DESC,CARDINALITY,PAGES,FILTER_CONDITION",
               stt, fill(stat3), "SQLStatistics t_part");
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

static void special_in(SQLUSMALLINT id, const char *sch, const char *table, rowset *rs)
{
    SQLHSTMT st = itest_stmt(dbc);
    ITEST_OK(SQLSpecialColumns(st, id, NULL, 0, (SQLCHAR *)sch, SQL_NTS, (SQLCHAR *)table,
                               SQL_NTS, SQL_SCOPE_CURROW, SQL_NULLABLE), SQL_HANDLE_STMT, st);
    CU_ASSERT(fetch_all(st, rs));
    itest_free_stmt(st);
}

static void special(SQLUSMALLINT id, const char *table, rowset *rs)
{
    special_in(id, schema, table, rs);
}

static void test_special_columns(void)
{
    rowset rs;
    static const SQLSMALLINT spt[] = {S, V, S, V, I, I, S, S};
    const char *cols = "SCOPE,COLUMN_NAME,DATA_TYPE,TYPE_NAME,COLUMN_SIZE,BUFFER_LENGTH,"
                       "DECIMAL_DIGITS,PSEUDO_COLUMN";
    bool crate = itest_speaks_crate();
    special(SQL_BEST_ROWID, "t_pk2", &rs);
    static const char *const pk[] = {"2|a|4|integer|10|4|0|1", "2|b|12|text|65535|262140|"
                                     "<NULL>|1", NULL};
    static const char *const cratedb_pk[] = {"2|b|12|text|65535|262140|<NULL>|1",
                                             "2|a|4|integer|10|4|0|1", NULL};
    expect_set(&rs, cols, spt, itest_is_cratedb() ? cratedb_pk : pk, "SQLSpecialColumns key");
    /* no primary key: CrateDB's _id; PostgreSQL has no such column */
    special(SQL_BEST_ROWID, "t_a", &rs);
    static const char *const id[] = {"2|_id|12|text|65535|262140|<NULL>|2", NULL};
    static const char *const none[] = {NULL};
    expect_set(&rs, cols, spt, crate ? id : none, "SQLSpecialColumns _id");
    special(SQL_ROWVER, "t_a", &rs);
    static const char *const ver[] = {"<NULL>|_seq_no|-5|bigint|19|8|0|2",
                                      "<NULL>|_primary_term|-5|bigint|19|8|0|2", NULL};
    expect_set(&rs, cols, spt, crate ? ver : none, "SQLSpecialColumns rowver");
    special(SQL_BEST_ROWID, "v_main", &rs);   /* a view has neither */
    expect_set(&rs, cols, spt, none, "SQLSpecialColumns view");
    if (!itest_is_cratedb())
        return;
    /* the system columns are real on the real server: every table users make has them */
    special(SQL_BEST_ROWID, "t_part", &rs);
    expect_set(&rs, cols, spt, id, "SQLSpecialColumns partitioned");
    special(SQL_BEST_ROWID, "t_foreign", &rs);   /* rows of another server: no _id */
    expect_set(&rs, cols, spt, none, "SQLSpecialColumns foreign table");
    char sql[256], out[64];
    snprintf(sql, sizeof sql, "SELECT count(_id) + count(_seq_no) + count(_primary_term)"
             " FROM %s.t_part", schema);
    char part[128];
    snprintf(part, sizeof part, "%s.t_part", schema);
    CU_ASSERT(itest_refresh(dbc, part));
    if (itest_query_text(dbc, sql, out, sizeof out))
        CU_ASSERT_STRING_EQUAL(out, "6");
    /* ... but system tables and blob tables have none ("Column _id unknown") */
    special_in(SQL_BEST_ROWID, "sys", "summits", &rs);
    expect_set(&rs, cols, spt, none, "SQLSpecialColumns sys.summits");
    special_in(SQL_ROWVER, "information_schema", "tables", &rs);
    expect_set(&rs, cols, spt, none, "SQLSpecialColumns information_schema.tables rowver");
    char blob[128];
    snprintf(blob, sizeof blob, "%s_blob", schema);
    special_in(SQL_BEST_ROWID, "blob", blob, &rs);
    expect_set(&rs, cols, spt, none, "SQLSpecialColumns blob table");
    snprintf(sql, sizeof sql, "SELECT _id FROM blob.%s", blob);
    SQLHSTMT st = itest_stmt(dbc);
    ITEST_EXPECT_ERROR(SQLExecDirect(st, (SQLCHAR *)sql, SQL_NTS), SQL_HANDLE_STMT, st,
                       "42S22");
    itest_free_stmt(st);
}

#define PROCCOL_COLS                                                                          \
    "PROCEDURE_CAT,PROCEDURE_SCHEM,PROCEDURE_NAME,COLUMN_NAME,COLUMN_TYPE,DATA_TYPE,TYPE_NAME,"  \
    "COLUMN_SIZE,BUFFER_LENGTH,DECIMAL_DIGITS,NUM_PREC_RADIX,NULLABLE,REMARKS,COLUMN_DEF,"     \
    "SQL_DATA_TYPE,SQL_DATETIME_SUB,CHAR_OCTET_LENGTH,ORDINAL_POSITION,IS_NULLABLE"
static const SQLSMALLINT proccol_types[] = {V, V, V, V, S, S, V, I, I, S, S, S, V, V, S, S, I, I,
                                            V};

static void run_proccols(const char *column, rowset *rs)
{
    SQLHSTMT st = itest_stmt(dbc);
    ITEST_OK(SQLProcedureColumns(st, NULL, 0, (SQLCHAR *)schema, SQL_NTS, NULL, 0,
                                 (SQLCHAR *)column, column ? SQL_NTS : 0), SQL_HANDLE_STMT, st);
    CU_ASSERT(fetch_all(st, rs));
    itest_free_stmt(st);
}

static void test_procedures_and_privileges(void)
{
    rowset rs;
    static const char *const none[] = {NULL};
    /* the schema's function (CrateDB: a JavaScript UDF) */
    SQLHSTMT st = itest_stmt(dbc);
    ITEST_OK(SQLProcedures(st, NULL, 0, (SQLCHAR *)schema, SQL_NTS, NULL, 0), SQL_HANDLE_STMT,
             st);
    CU_ASSERT(fetch_all(st, &rs));
    static const SQLSMALLINT pt[] = {V, V, V, I, I, I, V, S};
    static const char *const procs[] = {"$C|$S|f_add|<NULL>|<NULL>|<NULL>|<NULL>|2", NULL};
    expect_set(&rs, "PROCEDURE_CAT,PROCEDURE_SCHEM,PROCEDURE_NAME,NUM_INPUT_PARAMS,"
               "NUM_OUTPUT_PARAMS,NUM_RESULT_SETS,REMARKS,PROCEDURE_TYPE", pt, fill(procs),
               "SQLProcedures");
    SQLFreeStmt(st, SQL_CLOSE);
    ITEST_OK(SQLProcedures(st, NULL, 0, (SQLCHAR *)schema, SQL_NTS, (SQLCHAR *)"f\\_x%", SQL_NTS),
             SQL_HANDLE_STMT, st);
    CU_ASSERT(fetch_all(st, &rs));
    CU_ASSERT_EQUAL(rs.nrows, 0);
    itest_free_stmt(st);
    /* its columns: the parameters (input, in order; CrateDB keeps their types in the
     * routine's specific_name, no names) sort before the return value */
    static const char *const ret =
        "$C|$S|f_add|RETURN_VALUE|5|-5|bigint|19|8|0|10|2|<NULL>|<NULL>|-5|<NULL>|<NULL>|0|";
    static const char *const cratedb_cols[] = {
        "$C|$S|f_add||1|4|integer|10|4|0|10|2|<NULL>|<NULL>|4|<NULL>|<NULL>|1|",
        "$C|$S|f_add||1|-5|bigint|19|8|0|10|2|<NULL>|<NULL>|-5|<NULL>|<NULL>|2|", ret, NULL};
    static const char *const pg_cols[] = {ret, NULL};
    run_proccols(NULL, &rs);
    expect_set(&rs, PROCCOL_COLS, proccol_types,
               fill(itest_is_cratedb() ? cratedb_cols : pg_cols), "SQLProcedureColumns");
    run_proccols("RETURN%", &rs);
    expect_set(&rs, PROCCOL_COLS, proccol_types, fill(pg_cols), "SQLProcedureColumns RETURN%");
    run_proccols("x", &rs);
    expect_set(&rs, PROCCOL_COLS, proccol_types, none, "SQLProcedureColumns x");

    st = itest_stmt(dbc);
    /* the test user's grants on t_a: on PostgreSQL the owner's, on CrateDB the DQL and DML
     * the set-up granted (role_table_grants: privilege classes, is_grantable a boolean),
     * as ODBC names them: DQL is SELECT, DML is INSERT, UPDATE and DELETE */
    ITEST_OK(SQLTablePrivileges(st, NULL, 0, (SQLCHAR *)schema, SQL_NTS, (SQLCHAR *)"t\\_a",
                                SQL_NTS), SQL_HANDLE_STMT, st);
    CU_ASSERT(fetch_all(st, &rs));
    static const SQLSMALLINT tpt[] = {V, V, V, V, V, V, V};
    static const char *const pg_privs[] = {"DELETE", "INSERT", "REFERENCES", "SELECT", "TRIGGER",
                                           "TRUNCATE", "UPDATE", NULL};
    static const char *const cratedb_privs[] = {"DELETE", "INSERT", "SELECT", "UPDATE", NULL};
    const char *const *privs = itest_is_cratedb() ? cratedb_privs : pg_privs;
    char want[8][512];
    const char *w[9];
    int n = 0;
    for (; privs[n]; n++) {
        snprintf(want[n], sizeof want[n], "%s|%s|t_a|%s|%s|%s|YES", cat, schema, ITEST_PW_USER,
                 ITEST_PW_USER, privs[n]);
        w[n] = want[n];
    }
    w[n] = NULL;
    expect_set(&rs, "TABLE_CAT,TABLE_SCHEM,TABLE_NAME,GRANTOR,GRANTEE,PRIVILEGE,IS_GRANTABLE",
               tpt, w, "SQLTablePrivileges");
    /* a table's grants hold for each of its columns */
    SQLFreeStmt(st, SQL_CLOSE);
    ITEST_OK(SQLColumnPrivileges(st, NULL, 0, (SQLCHAR *)schema, SQL_NTS, (SQLCHAR *)"t_a",
                                 SQL_NTS, (SQLCHAR *)"%", SQL_NTS), SQL_HANDLE_STMT, st);
    CU_ASSERT(fetch_all(st, &rs));
    static const SQLSMALLINT cpt[] = {V, V, V, V, V, V, V, V};
    for (int i = 0; i < n; i++) {
        snprintf(want[i], sizeof want[i], "%s|%s|t_a|x|%s|%s|%s|YES", cat, schema,
                 ITEST_PW_USER, ITEST_PW_USER, privs[i]);
        w[i] = want[i];
    }
    expect_set(&rs, "TABLE_CAT,TABLE_SCHEM,TABLE_NAME,COLUMN_NAME,GRANTOR,GRANTEE,PRIVILEGE,"
               "IS_GRANTABLE", cpt, w, "SQLColumnPrivileges");
    /* no such column: empty, with the right columns */
    SQLFreeStmt(st, SQL_CLOSE);
    ITEST_OK(SQLColumnPrivileges(st, NULL, 0, (SQLCHAR *)schema, SQL_NTS, (SQLCHAR *)"t_a",
                                 SQL_NTS, (SQLCHAR *)"no\\_such", SQL_NTS), SQL_HANDLE_STMT, st);
    CU_ASSERT(fetch_all(st, &rs));
    static const char *const none2[] = {NULL};
    expect_set(&rs, "TABLE_CAT,TABLE_SCHEM,TABLE_NAME,COLUMN_NAME,GRANTOR,GRANTEE,PRIVILEGE,"
               "IS_GRANTABLE", cpt, none2, "SQLColumnPrivileges no column");
    itest_free_stmt(st);
}

#define TYPEINFO_COLS                                                                         \
    "TYPE_NAME,DATA_TYPE,COLUMN_SIZE,LITERAL_PREFIX,LITERAL_SUFFIX,CREATE_PARAMS,NULLABLE,"    \
    "CASE_SENSITIVE,SEARCHABLE,UNSIGNED_ATTRIBUTE,FIXED_PREC_SCALE,AUTO_UNIQUE_VALUE,"         \
    "LOCAL_TYPE_NAME,MINIMUM_SCALE,MAXIMUM_SCALE,SQL_DATA_TYPE,SQL_DATETIME_SUB,"              \
    "NUM_PREC_RADIX,INTERVAL_PRECISION"

/* Whether the server is a CrateDB before 6.5 (SQL_DBMS_VER "06.04.0003 6.4.3"), which
 * cannot store date columns. */
static bool cratedb_before_6_5(void)
{
    char v[64] = "";
    SQLSMALLINT len;
    if (!itest_is_cratedb() ||
        !SQL_SUCCEEDED(SQLGetInfo(dbc, SQL_DBMS_VER, v, sizeof v, &len)))
        return false;
    return atoi(v) < 6 || (atoi(v) == 6 && atoi(v + 3) < 5);
}

/* The declaration of a GetTypeInfo row's type with sample CREATE_PARAMS. */
static void declaration(const char *name, const char *params, char *out, size_t outlen)
{
    static const struct {
        const char *params, *sample;
    } samples[] = {{"length", "(5)"}, {"max length", "(5)"}, {"precision,scale", "(10,2)"},
                   {"dimension", "(3)"}, {"element type", "(integer)"}};
    const char *sample = "";
    for (size_t i = 0; i < sizeof samples / sizeof samples[0]; i++)
        if (strcmp(params, samples[i].params) == 0)
            sample = samples[i].sample;
    snprintf(out, outlen, "%s%s", name, sample);
}

static void test_type_info(void)
{
    rowset rs;
    static const SQLSMALLINT tt[] = {V, S, I, V, V, V, S, S, S, S, S, S, V, S, S, S, S, I, S};
    bool no_date = cratedb_before_6_5();
    SQLHSTMT st = itest_stmt(dbc);
    ITEST_OK(SQLGetTypeInfo(st, SQL_ALL_TYPES), SQL_HANDLE_STMT, st);
    CU_ASSERT(fetch_all(st, &rs));
    CU_ASSERT_EQUAL(rs.nrows, no_date ? 21 : 22);
    /* sorted by DATA_TYPE */
    for (int i = 1; i < rs.nrows; i++)
        CU_ASSERT(atoi(strchr(rs.rows[i - 1], '|') + 1) <= atoi(strchr(rs.rows[i], '|') + 1));
    if (itest_is_cratedb()) {
        /* every type is one CrateDB takes in CREATE TABLE under that name, with its
         * CREATE_PARAMS (the types only, on the server's own dialect) */
        for (int i = 0; i < rs.nrows; i++) {
            char name[128], params[64], decl[200], sql[400];
            const char *bar = strchr(rs.rows[i], '|');
            snprintf(name, sizeof name, "%.*s", (int)(bar - rs.rows[i]), rs.rows[i]);
            const char *p = rs.rows[i];
            for (int k = 0; k < 5; k++)
                p = strchr(p, '|') + 1;
            snprintf(params, sizeof params, "%.*s", (int)(strchr(p, '|') - p), p);
            declaration(name, params, decl, sizeof decl);
            snprintf(sql, sizeof sql, "CREATE TABLE %s.ti_%d (c %s)", schema, i, decl);
            if (!itest_exec_on(dbc, sql))
                fprintf(stderr, "\n    SQLGetTypeInfo row %d (%s) is not declarable\n", i,
                        rs.rows[i]);
        }
    }
    SQLFreeStmt(st, SQL_CLOSE);
    ITEST_OK(SQLGetTypeInfo(st, SQL_VARCHAR), SQL_HANDLE_STMT, st);
    CU_ASSERT(fetch_all(st, &rs));
    CU_ASSERT_EQUAL(rs.nrows, 9);
    /* varchar: a varchar(TextSize), not 2147483647 (a client adding one overflows) */
    const char *vc = "varchar|12|65535|'|'|max length|1|1|3|<NULL>|0|<NULL>|varchar|";
    CU_ASSERT(strncmp(rs.rows[0], vc, strlen(vc)) == 0);
    SQLFreeStmt(st, SQL_CLOSE);
    ITEST_OK(SQLGetTypeInfo(st, SQL_TYPE_TIMESTAMP), SQL_HANDLE_STMT, st);
    CU_ASSERT(fetch_all(st, &rs));
    /* the size and digits a timestamp column has: CrateDB's milliseconds, PostgreSQL's
     * microseconds */
    static const char *const ts_crate[] = {
        "timestamp without time zone|93|23|'|'|<NULL>|1|0|2|<NULL>|0|<NULL>|"
        "timestamp without time zone|3|3|9|3|<NULL>|<NULL>",
        "timestamp with time zone|93|23|'|'|<NULL>|1|0|2|<NULL>|0|<NULL>|"
        "timestamp with time zone|3|3|9|3|<NULL>|<NULL>", NULL};
    static const char *const ts_pg[] = {
        "timestamp without time zone|93|26|'|'|<NULL>|1|0|2|<NULL>|0|<NULL>|"
        "timestamp without time zone|6|6|9|3|<NULL>|<NULL>",
        "timestamp with time zone|93|26|'|'|<NULL>|1|0|2|<NULL>|0|<NULL>|"
        "timestamp with time zone|6|6|9|3|<NULL>|<NULL>", NULL};
    expect_set(&rs, TYPEINFO_COLS, tt, itest_speaks_crate() ? ts_crate : ts_pg,
               "SQLGetTypeInfo timestamp");
    SQLFreeStmt(st, SQL_CLOSE);
    ITEST_OK(SQLGetTypeInfo(st, SQL_INTEGER), SQL_HANDLE_STMT, st);
    CU_ASSERT(fetch_all(st, &rs));
    static const char *const in[] = {
        "integer|4|10|<NULL>|<NULL>|<NULL>|1|0|2|0|0|0|integer|0|0|4|<NULL>|10|<NULL>", NULL};
    expect_set(&rs, TYPEINFO_COLS, tt, in, "SQLGetTypeInfo integer");
    /* CrateDB stores numeric with a precision of at most 38 */
    SQLFreeStmt(st, SQL_CLOSE);
    ITEST_OK(SQLGetTypeInfo(st, SQL_NUMERIC), SQL_HANDLE_STMT, st);
    CU_ASSERT(fetch_all(st, &rs));
    static const char *const num[] = {
        "numeric|2|38|<NULL>|<NULL>|precision,scale|1|0|2|0|0|0|numeric|0|38|2|<NULL>|10|<NULL>",
        NULL};
    expect_set(&rs, TYPEINFO_COLS, tt, num, "SQLGetTypeInfo numeric");
    /* date: a column type from CrateDB 6.5 on */
    SQLFreeStmt(st, SQL_CLOSE);
    ITEST_OK(SQLGetTypeInfo(st, SQL_TYPE_DATE), SQL_HANDLE_STMT, st);
    CU_ASSERT(fetch_all(st, &rs));
    static const char *const date[] = {
        "date|91|10|'|'|<NULL>|1|0|2|<NULL>|0|<NULL>|date|<NULL>|<NULL>|9|1|<NULL>|<NULL>", NULL};
    static const char *const none[] = {NULL};
    expect_set(&rs, TYPEINFO_COLS, tt, no_date ? none : date, "SQLGetTypeInfo date");
    SQLFreeStmt(st, SQL_CLOSE);
    if (no_date) {
        char sql[256];
        snprintf(sql, sizeof sql, "CREATE TABLE %s.ti_date (c date)", schema);
        ITEST_EXPECT_ERROR(SQLExecDirect(st, (SQLCHAR *)sql, SQL_NTS), SQL_HANDLE_STMT, st,
                           "HY000");   /* XX000 "Type `date` does not support storage" */
    }
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
    CU_ASSERT_STRING_EQUAL(col, itest_is_cratedb() ? "b" : "a");   /* see keys_and_statistics */
    CU_ASSERT_EQUAL(seq, 1);
    ITEST_EXPECT_ERROR(SQLTables(st, NULL, 0, NULL, 0, NULL, 0, NULL, 0), SQL_HANDLE_STMT, st,
                       "24000");
    itest_free_stmt(st);
}

/* Whether word is an element of the comma-separated list. */
static bool in_csv(const char *list, const char *word)
{
    size_t n = strlen(word);
    for (const char *p = list; (p = strstr(p, word)) != NULL; p += n)
        if ((p == list || p[-1] == ',') && (p[n] == ',' || p[n] == '\0'))
            return true;
    return false;
}

/* SQL_KEYWORDS is the real server's reserved words (pg_get_keywords() catcode R) less
 * ODBC's own: every word of it is reserved on the server, and every reserved word is in
 * it or in ODBC's list. */
static void check_keywords(void)
{
    static char kw[4096];
    SQLSMALLINT len;
    ITEST_OK(SQLGetInfo(dbc, SQL_KEYWORDS, kw, sizeof kw, &len), SQL_HANDLE_DBC, dbc);
    static char reserved[4096];
    size_t at = 0;
    int n = 0;
    SQLHSTMT st = itest_stmt(dbc);
    ITEST_OK(SQLExecDirect(st, (SQLCHAR *)"SELECT upper(word) FROM pg_catalog.pg_get_keywords()"
                           " WHERE catcode = 'R' ORDER BY 1", SQL_NTS), SQL_HANDLE_STMT, st);
    char word[64];
    SQLLEN ind;
    while (SQL_SUCCEEDED(SQLFetch(st)) &&
           SQL_SUCCEEDED(SQLGetData(st, 1, SQL_C_CHAR, word, sizeof word, &ind))) {
        n++;
        at += (size_t)snprintf(reserved + at, sizeof reserved - at, "%s%s", at ? "," : "", word);
        if (!in_csv(kw, word) && !in_csv(SQL_ODBC_KEYWORDS, word)) {
            fprintf(stderr, "\n    reserved on the server, not in SQL_KEYWORDS: %s\n", word);
            CU_FAIL("SQL_KEYWORDS lacks a reserved word");
        }
    }
    itest_free_stmt(st);
    CU_ASSERT_EQUAL(n, 96);   /* CrateDB 6.4.3 */
    char copy[4096];
    snprintf(copy, sizeof copy, "%s", kw);
    for (char *save, *w = strtok_r(copy, ",", &save); w; w = strtok_r(NULL, ",", &save))
        if (!in_csv(reserved, w)) {
            fprintf(stderr, "\n    in SQL_KEYWORDS, not reserved on the server: %s\n", w);
            CU_FAIL("SQL_KEYWORDS has a word the server does not reserve");
        }
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
    /* updatable cursors (test_setpos.c) brought SQLBulkOperations */
    CU_ASSERT(SQL_FUNC_EXISTS(all, SQL_API_SQLBULKOPERATIONS));
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
    if (itest_is_cratedb())
        check_keywords();
}

void itest_register_catalog(void)
{
    static const itest_case cases[] = {
        {"tables", test_tables},
        {"hide_system_schemas", test_hide_system_schemas},
        {"columns", test_columns},
        {"columns_match_describe", test_columns_match_describe},
        {"columns_text_size", test_columns_text_size},
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
