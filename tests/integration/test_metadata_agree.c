/*
 * test_metadata_agree.c: every metadata function tells the same story about a column
 * (issue 14, "metadata that agrees").
 *
 * One table with text, varchar(n), the integer types, numeric(p,s), real, double, boolean,
 * timestamp, date, an object/json, an array and bytea (where the profile's server stores
 * them). For each column the SQL type, column size, octet length (BUFFER_LENGTH,
 * CHAR_OCTET_LENGTH, SQL_DESC_OCTET_LENGTH, SQL_COLUMN_LENGTH) and decimal digits are read
 * from SQLColumns, SQLGetTypeInfo (the row of the column's type), SQLDescribeCol,
 * SQLColAttribute (ODBC 3 fields and the ODBC 2 SQL_COLUMN_* codes) and SQLDescribeParam
 * (an INSERT into the table), on connections with a TextSize other than the default, and
 * compared. The only differences allowed are those the wire forces and README "Types"
 * documents: CrateDB's RowDescription has no typmod, so a varchar(n) or numeric(p,s)
 * result column there is TextSize or 1000 digits; a parameter never has one, so its
 * varchar is TextSize and its numeric NUMERIC(38,16).
 *
 * No size reported anywhere may overflow a signed 32-bit int when a client adds one for
 * the terminator (RODBC did, with SQLColumns' 2147483647), even with a huge TextSize.
 */
#include "itest.h"

#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#define NO_VALUE (-999999)   /* a NULL in a catalog result */

/* One column of the table: its declaration per server and CrateDB's type name (the
 * SQLGetTypeInfo row that describes it; NULL: a type CrateDB does not have). */
typedef struct col_def {
    const char *name;
    const char *pg_decl, *cratedb_decl;   /* NULL: the server cannot store it */
    const char *type_name;
    enum { K_FIXED, K_UNBOUNDED, K_VARCHAR_N, K_NUMERIC_PS } kind;
} col_def;

static const col_def defs[] = {
    {"c_text", "text", "text", "text", K_UNBOUNDED},
    {"c_vc", "varchar(20)", "varchar(20)", "varchar", K_VARCHAR_N},
    {"c_i2", "smallint", "smallint", "smallint", K_FIXED},
    {"c_i4", "integer", "integer", "integer", K_FIXED},
    {"c_i8", "bigint", "bigint", "bigint", K_FIXED},
    {"c_num", "numeric(10,2)", "numeric(10,2)", "numeric", K_NUMERIC_PS},
    {"c_real", "real", "real", "real", K_FIXED},
    {"c_dbl", "double precision", "double precision", "double precision", K_FIXED},
    {"c_bool", "boolean", "boolean", "boolean", K_FIXED},
    {"c_ts", "timestamp without time zone", "timestamp without time zone",
     "timestamp without time zone", K_FIXED},
    {"c_date", "date", NULL, "date", K_FIXED},          /* CrateDB 6.4 cannot store date */
    {"c_obj", "json", "object", "object", K_UNBOUNDED},
    {"c_arr", "integer[]", "array(integer)", "array", K_UNBOUNDED},
    {"c_bin", "bytea", NULL, NULL, K_FIXED},            /* CrateDB has no binary type */
};
#define NDEFS (sizeof defs / sizeof defs[0])

/* What one function said about a column; NO_VALUE where it said NULL. */
typedef struct col_facts {
    long type, size, octet, digits;
} col_facts;

typedef struct col_report {
    const col_def *def;
    bool present;
    col_facts columns;       /* SQLColumns: DATA_TYPE, COLUMN_SIZE, BUFFER_LENGTH, DIGITS */
    long char_octet;         /* SQLColumns CHAR_OCTET_LENGTH */
    col_facts describe;      /* SQLDescribeCol (octet: unused) */
    col_facts attr;          /* SQLColAttribute: CONCISE_TYPE, LENGTH, OCTET_LENGTH, SCALE */
    long attr_precision, attr_col_length, attr_col_precision, attr_col_scale;
    col_facts param;         /* SQLDescribeParam (octet: unused) */
    long typeinfo_type, typeinfo_size;   /* the GetTypeInfo row named def->type_name */
} col_report;

static const char *decl_of(const col_def *d)
{
    return itest_is_cratedb() ? d->cratedb_decl : d->pg_decl;
}

static SQLHDBC connect_with(const char *extra, SQLRETURN *rc_out)
{
    char in[1024], out[1024];
    SQLSMALLINT outlen;
    SQLHDBC dbc;
    ITEST_OK_FATAL(SQLAllocHandle(SQL_HANDLE_DBC, itest_env, &dbc), SQL_HANDLE_ENV, itest_env);
    snprintf(in, sizeof in, "DSN=%s;%s", itest_cfg.dsn, extra);
    SQLRETURN rc = SQLDriverConnect(dbc, NULL, (SQLCHAR *)in, SQL_NTS, (SQLCHAR *)out,
                                    sizeof out, &outlen, SQL_DRIVER_NOPROMPT);
    ITEST_OK_FATAL(rc, SQL_HANDLE_DBC, dbc);
    if (rc_out)
        *rc_out = rc;
    return dbc;
}

static long get_long(SQLHSTMT st, SQLUSMALLINT col)
{
    SQLINTEGER v = 0;
    SQLLEN ind = 0;
    if (!ITEST_OK(SQLGetData(st, col, SQL_C_SLONG, &v, 0, &ind), SQL_HANDLE_STMT, st))
        return NO_VALUE;
    return ind == SQL_NULL_DATA ? NO_VALUE : (long)v;
}

static void get_text(SQLHSTMT st, SQLUSMALLINT col, char *out, size_t outlen)
{
    SQLLEN ind = 0;
    out[0] = '\0';
    if (ITEST_OK(SQLGetData(st, col, SQL_C_CHAR, out, (SQLLEN)outlen, &ind), SQL_HANDLE_STMT,
                 st) && ind == SQL_NULL_DATA)
        out[0] = '\0';
}

/* Appends text to the NUL-terminated buffer out of outlen bytes (cut at the end). */
static void append(char *out, size_t outlen, const char *text)
{
    size_t n = strlen(out);
    snprintf(out + n, outlen - n, "%s", text);
}

/* The present columns' names, comma-separated, into out. */
static void column_list(const col_report *reps, char *out, size_t outlen)
{
    out[0] = '\0';
    for (size_t i = 0; i < NDEFS; i++)
        if (reps[i].present) {
            append(out, outlen, out[0] ? ", " : "");
            append(out, outlen, reps[i].def->name);
        }
}

static col_report *report_of(col_report *reps, const char *name)
{
    for (size_t i = 0; i < NDEFS; i++)
        if (reps[i].present && strcmp(reps[i].def->name, name) == 0)
            return &reps[i];
    return NULL;
}

/* SQLColumns of the table into reps. */
static void read_columns(SQLHDBC dbc, const char *table, col_report *reps)
{
    SQLHSTMT st = itest_stmt(dbc);
    ITEST_OK(SQLColumns(st, NULL, 0, NULL, 0, (SQLCHAR *)table, SQL_NTS, NULL, 0),
             SQL_HANDLE_STMT, st);
    int seen = 0;
    while (SQL_SUCCEEDED(SQLFetch(st))) {
        char name[128];
        get_text(st, 4, name, sizeof name);
        col_report *r = report_of(reps, name);
        if (!r)
            continue;
        seen++;
        r->columns.type = get_long(st, 5);
        r->columns.size = get_long(st, 7);
        r->columns.octet = get_long(st, 8);
        r->columns.digits = get_long(st, 9);
        r->char_octet = get_long(st, 16);
    }
    int want = 0;
    for (size_t i = 0; i < NDEFS; i++)
        want += reps[i].present;
    CU_ASSERT_EQUAL(seen, want);
    itest_free_stmt(st);
}

/* SQLDescribeCol and SQLColAttribute of SELECT <the columns> (prepared, not executed). */
static void read_result_columns(SQLHDBC dbc, const char *table, col_report *reps)
{
    char sql[2048], cols[1024];
    column_list(reps, cols, sizeof cols);
    snprintf(sql, sizeof sql, "SELECT %s FROM %s", cols, table);
    SQLHSTMT st = itest_stmt(dbc);
    ITEST_OK_FATAL(SQLPrepare(st, (SQLCHAR *)sql, SQL_NTS), SQL_HANDLE_STMT, st);
    SQLUSMALLINT k = 0;
    for (size_t i = 0; i < NDEFS; i++) {
        col_report *r = &reps[i];
        if (!r->present)
            continue;
        k++;
        char name[128];
        SQLSMALLINT namelen, type, digits, nullable;
        SQLULEN size;
        ITEST_OK(SQLDescribeCol(st, k, (SQLCHAR *)name, sizeof name, &namelen, &type, &size,
                                &digits, &nullable), SQL_HANDLE_STMT, st);
        CU_ASSERT_STRING_EQUAL(name, r->def->name);
        r->describe.type = type;
        r->describe.size = size > (SQLULEN)LONG_MAX ? LONG_MAX : (long)size;
        r->describe.digits = digits;
        SQLLEN v;
#define ATTR(field, dst)                                                                    \
    do {                                                                                    \
        v = NO_VALUE;                                                                       \
        ITEST_OK(SQLColAttribute(st, k, (field), NULL, 0, NULL, &v), SQL_HANDLE_STMT, st); \
        (dst) = (long)v;                                                                    \
    } while (0)
        ATTR(SQL_DESC_CONCISE_TYPE, r->attr.type);
        ATTR(SQL_DESC_LENGTH, r->attr.size);
        ATTR(SQL_DESC_OCTET_LENGTH, r->attr.octet);
        ATTR(SQL_DESC_SCALE, r->attr.digits);
        ATTR(SQL_DESC_PRECISION, r->attr_precision);
        ATTR(SQL_COLUMN_LENGTH, r->attr_col_length);
        ATTR(SQL_COLUMN_PRECISION, r->attr_col_precision);
        ATTR(SQL_COLUMN_SCALE, r->attr_col_scale);
#undef ATTR
    }
    itest_free_stmt(st);
}

/* SQLDescribeParam of INSERT INTO table (<the columns>) VALUES (?, ...). */
static void read_params(SQLHDBC dbc, const char *table, col_report *reps)
{
    char sql[2048], cols[1024], marks[256] = "";
    column_list(reps, cols, sizeof cols);
    for (size_t i = 0; i < NDEFS; i++)
        if (reps[i].present)
            append(marks, sizeof marks, marks[0] ? ", ?" : "?");
    snprintf(sql, sizeof sql, "INSERT INTO %s (%s) VALUES (%s)", table, cols, marks);
    SQLHSTMT st = itest_stmt(dbc);
    ITEST_OK_FATAL(SQLPrepare(st, (SQLCHAR *)sql, SQL_NTS), SQL_HANDLE_STMT, st);
    SQLUSMALLINT k = 0;
    for (size_t i = 0; i < NDEFS; i++) {
        col_report *r = &reps[i];
        if (!r->present)
            continue;
        SQLSMALLINT type = 0, digits = 0, nullable;
        SQLULEN size = 0;
        ITEST_OK(SQLDescribeParam(st, ++k, &type, &size, &digits, &nullable), SQL_HANDLE_STMT,
                 st);
        r->param.type = type;
        r->param.size = size > (SQLULEN)LONG_MAX ? LONG_MAX : (long)size;
        r->param.digits = digits;
    }
    itest_free_stmt(st);
}

/* The SQLGetTypeInfo(sql type) row named like the column's type. */
static void read_type_info(SQLHDBC dbc, col_report *r)
{
    r->typeinfo_type = r->typeinfo_size = NO_VALUE;
    if (!r->def->type_name)
        return;
    SQLHSTMT st = itest_stmt(dbc);
    ITEST_OK(SQLGetTypeInfo(st, (SQLSMALLINT)r->columns.type), SQL_HANDLE_STMT, st);
    while (SQL_SUCCEEDED(SQLFetch(st))) {
        char name[128];
        get_text(st, 1, name, sizeof name);
        if (strcmp(name, r->def->type_name) == 0) {
            r->typeinfo_type = get_long(st, 2);
            r->typeinfo_size = get_long(st, 3);
        }
    }
    itest_free_stmt(st);
}

static bool is_char(long t)
{
    return t == SQL_CHAR || t == SQL_VARCHAR || t == SQL_LONGVARCHAR;
}

/* A size a client may add one to in an int (RODBC's terminator). */
static bool fits_plus_one(long v)
{
    return v == NO_VALUE || (v >= 0 && v < INT_MAX);
}

#define AGREE(what, got, want)                                                              \
    do {                                                                                    \
        if ((long)(got) != (long)(want)) {                                                  \
            fprintf(stderr, "\n    %s [%s]: %s is %ld, want %ld\n", r->def->name, how, what, \
                    (long)(got), (long)(want));                                             \
            bad++;                                                                          \
        }                                                                                   \
    } while (0)

/* Compares what the functions said about each column; text_size is the connection's
 * TextSize, long_text its LongText. Returns the number of disagreements. */
static int compare(col_report *reps, long text_size, bool long_text, const char *how)
{
    int bad = 0;
    bool typmods = !itest_is_cratedb();   /* RowDescription carries varchar(n), numeric(p,s) */
    for (size_t i = 0; i < NDEFS; i++) {
        col_report *r = &reps[i];
        if (!r->present)
            continue;
        const col_facts *c = &r->columns;
        /* the SQL type: one answer everywhere, except that a varchar(n) whose n the wire
         * does not carry (a parameter; a result column on CrateDB) is unbounded text,
         * SQL_LONGVARCHAR with LongText=1 */
        long unbounded = long_text ? SQL_LONGVARCHAR : SQL_VARCHAR;
        bool vc_n = r->def->kind == K_VARCHAR_N;
        AGREE("SQLDescribeCol type", r->describe.type, vc_n && !typmods ? unbounded : c->type);
        AGREE("SQL_DESC_CONCISE_TYPE", r->attr.type, vc_n && !typmods ? unbounded : c->type);
        AGREE("SQLDescribeParam type", r->param.type, vc_n ? unbounded : c->type);
        if (r->def->type_name)
            AGREE("SQLGetTypeInfo DATA_TYPE", r->typeinfo_type, c->type);
        /* sizes: what the result column says is what SQLColumns says */
        long want_size = c->size, want_octet = c->octet, want_digits = c->digits;
        if (r->def->kind == K_UNBOUNDED) {
            AGREE("SQLColumns COLUMN_SIZE (unbounded text: TextSize)", c->size, text_size);
            AGREE("SQLColumns DATA_TYPE (LongText)", c->type,
                  long_text ? SQL_LONGVARCHAR : SQL_VARCHAR);
        }
        if (r->def->kind == K_VARCHAR_N)
            AGREE("SQLColumns COLUMN_SIZE (varchar(20))", c->size, 20);
        if (r->def->kind == K_NUMERIC_PS) {
            AGREE("SQLColumns COLUMN_SIZE (numeric(10,2))", c->size, 10);
            /* CrateDB keeps no scale in information_schema (FACTS §4.7) */
            AGREE("SQLColumns DECIMAL_DIGITS", c->digits, itest_is_cratedb() ? NO_VALUE : 2);
        }
        if (!typmods && r->def->kind == K_VARCHAR_N) {
            want_size = text_size;           /* README "Types": no length on CrateDB's wire */
            want_octet = text_size * 4;
        } else if (!typmods && r->def->kind == K_NUMERIC_PS) {
            want_size = 1000;                /* README "Types": p,s not on the wire */
            want_octet = 1002;
            want_digits = 0;
        }
        long digits = want_digits == NO_VALUE ? 0 : want_digits;   /* NULL: not applicable */
        AGREE("SQLDescribeCol size", r->describe.size, want_size);
        AGREE("SQLDescribeCol digits", r->describe.digits, digits);
        AGREE("SQL_DESC_OCTET_LENGTH", r->attr.octet, want_octet);
        AGREE("SQL_COLUMN_LENGTH", r->attr_col_length, want_octet);
        AGREE("SQL_DESC_SCALE", r->attr.digits, digits);
        AGREE("SQL_COLUMN_SCALE", r->attr_col_scale, digits);
        AGREE("SQL_COLUMN_PRECISION", r->attr_col_precision, want_size);
        if (is_char(c->type)) {
            AGREE("SQL_DESC_LENGTH", r->attr.size, want_size);
            AGREE("SQL_DESC_PRECISION", r->attr_precision, want_size);
            /* octet lengths: 4 bytes a character (UTF-8), in every function */
            AGREE("SQLColumns CHAR_OCTET_LENGTH", r->char_octet, c->size * 4);
            AGREE("SQLColumns BUFFER_LENGTH", c->octet, c->size * 4);
        } else if (c->type == SQL_TYPE_TIMESTAMP || c->type == SQL_TYPE_DATE) {
            AGREE("SQL_DESC_PRECISION (fractional digits)", r->attr_precision, digits);
        } else if (c->type != SQL_VARBINARY) {
            AGREE("SQL_DESC_PRECISION", r->attr_precision, want_size);
        }
        /* a parameter has no typmod anywhere: varchar(n) is TextSize, numeric(38,16) */
        if (r->def->kind == K_VARCHAR_N) {
            AGREE("SQLDescribeParam size", r->param.size, text_size);
        } else if (r->def->kind == K_NUMERIC_PS) {
            AGREE("SQLDescribeParam size", r->param.size, 38);
            AGREE("SQLDescribeParam digits", r->param.digits, 16);
        } else {
            AGREE("SQLDescribeParam size", r->param.size, c->size);
            AGREE("SQLDescribeParam digits", r->param.digits, digits);
        }
        /* SQLGetTypeInfo: the type as a column of it reads; numeric its largest precision */
        if (r->def->type_name) {
            long want_ti = r->def->kind == K_NUMERIC_PS ? 38
                         : r->def->kind == K_VARCHAR_N ? text_size : c->size;
            AGREE("SQLGetTypeInfo COLUMN_SIZE", r->typeinfo_size, want_ti);
        }
        /* nothing a client overflows by adding one */
        long sizes[] = {c->size, c->octet, r->char_octet, r->describe.size, r->attr.size,
                        r->attr.octet, r->attr_precision, r->attr_col_length,
                        r->attr_col_precision, r->param.size, r->typeinfo_size};
        for (size_t k = 0; k < sizeof sizes / sizeof sizes[0]; k++)
            if (!fits_plus_one(sizes[k])) {
                fprintf(stderr, "\n    %s [%s]: size %ld overflows an int plus one\n",
                        r->def->name, how, sizes[k]);
                bad++;
            }
    }
    return bad;
}

/* SQLProcedureColumns of a function f(integer) RETURNS text: its return value (and, on
 * CrateDB, which lists parameters, its parameter) has the sizes SQLColumns gives a text
 * and an integer column. Returns the number of disagreements. */
static int check_procedure_columns(SQLHDBC dbc, col_report *reps, const char *how)
{
    char fn[64], sql[512];
    itest_table_name(fn, sizeof fn, "meta_f");
    if (itest_is_cratedb())
        snprintf(sql, sizeof sql, "CREATE FUNCTION %s(integer) RETURNS text LANGUAGE "
                 "JAVASCRIPT AS 'function %s(a) { return \"x\"; }'", fn, fn);
    else
        snprintf(sql, sizeof sql, "CREATE FUNCTION %s(integer) RETURNS text LANGUAGE sql "
                 "AS 'SELECT ''x'''", fn);
    if (!itest_exec_on(dbc, sql))
        return 1;
    int bad = 0, rows = 0;
    SQLHSTMT st = itest_stmt(dbc);
    ITEST_OK(SQLProcedureColumns(st, NULL, 0, NULL, 0, (SQLCHAR *)fn, SQL_NTS, NULL, 0),
             SQL_HANDLE_STMT, st);
    while (SQL_SUCCEEDED(SQLFetch(st))) {
        char name[128];
        get_text(st, 4, name, sizeof name);
        col_report *r = report_of(reps, strcmp(name, "RETURN_VALUE") == 0 ? "c_text" : "c_i4");
        rows++;
        long type = get_long(st, 6), size = get_long(st, 8), buflen = get_long(st, 9);
        long digits = get_long(st, 10), octet = get_long(st, 17);
        AGREE("SQLProcedureColumns DATA_TYPE", type, r->columns.type);
        AGREE("SQLProcedureColumns COLUMN_SIZE", size, r->columns.size);
        AGREE("SQLProcedureColumns BUFFER_LENGTH", buflen, r->columns.octet);
        AGREE("SQLProcedureColumns DECIMAL_DIGITS", digits, r->columns.digits);
        AGREE("SQLProcedureColumns CHAR_OCTET_LENGTH", octet, r->char_octet);
    }
    itest_free_stmt(st);
    CU_ASSERT_EQUAL(rows, itest_is_cratedb() ? 2 : 1);
    snprintf(sql, sizeof sql, "DROP FUNCTION %s(integer)", fn);
    itest_exec_on(dbc, sql);
    return bad;
}

/* Creates the table on dbc, reads every function's answers on it and compares them. */
static void check_agreement(const char *extra, long text_size, bool long_text)
{
    SQLHDBC dbc = connect_with(extra, NULL);
    char table[64], sql[2048];
    itest_table_name(table, sizeof table, "meta_agree");
    snprintf(sql, sizeof sql, "CREATE TABLE %s (", table);
    col_report reps[NDEFS];
    memset(reps, 0, sizeof reps);
    bool first = true;
    for (size_t i = 0; i < NDEFS; i++) {
        reps[i].def = &defs[i];
        const char *decl = decl_of(&defs[i]);
        reps[i].present = decl != NULL;
        if (!decl)
            continue;
        size_t n = strlen(sql);
        snprintf(sql + n, sizeof sql - n, "%s%s %s", first ? "" : ", ", defs[i].name, decl);
        first = false;
    }
    append(sql, sizeof sql, ")");
    if (!itest_exec_on(dbc, sql)) {
        itest_disconnect(dbc);
        CU_FAIL_FATAL("CREATE TABLE failed");
    }
    read_columns(dbc, table, reps);
    read_result_columns(dbc, table, reps);
    read_params(dbc, table, reps);
    for (size_t i = 0; i < NDEFS; i++)
        if (reps[i].present)
            read_type_info(dbc, &reps[i]);
    CU_ASSERT_EQUAL(compare(reps, text_size, long_text, extra), 0);
    CU_ASSERT_EQUAL(check_procedure_columns(dbc, reps, extra), 0);
    snprintf(sql, sizeof sql, "DROP TABLE %s", table);
    itest_exec_on(dbc, sql);
    itest_disconnect(dbc);
}

/* TextSize 3000: unbounded text is 3000 characters (12000 bytes) in every function. */
static void test_text_size(void)
{
    check_agreement("TextSize=3000", 3000, false);
}

/* LongText=1: unbounded text is SQL_LONGVARCHAR in every function, SQLGetTypeInfo too. */
static void test_long_text(void)
{
    check_agreement("TextSize=3000;LongText=1", 3000, true);
}

/* A TextSize past what an int holds in bytes (CrateDB's guide gives psqlODBC users
 * 1073741824): the connection says it took the largest size a client can hold (01S00),
 * and every function reports that size, its octet length and their plus one in an int. */
static void test_huge_text_size(void)
{
    SQLRETURN rc;
    SQLHDBC dbc = connect_with("TextSize=2147483647", &rc);
    CU_ASSERT_EQUAL(rc, SQL_SUCCESS_WITH_INFO);
    char state[6] = "", msg[512] = "";
    CU_ASSERT(itest_diag(SQL_HANDLE_DBC, dbc, state, msg, sizeof msg));
    CU_ASSERT_STRING_EQUAL(state, "01S00");
    CU_ASSERT_PTR_NOT_NULL(strstr(msg, "536870911"));
    itest_disconnect(dbc);
    check_agreement("TextSize=2147483647", 536870911, false);
    check_agreement("MaxVarcharSize=1073741824", 536870911, false);
}

void itest_register_metadata_agree(void)
{
    static const itest_case cases[] = {
        { "text_size", test_text_size },
        { "long_text", test_long_text },
        { "huge_text_size", test_huge_text_size },
        { NULL, NULL },
    };
    itest_add_suite("metadata_agree", cases);
}
