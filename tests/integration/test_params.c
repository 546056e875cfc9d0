/*
 * test_params.c: parameters in every profile: every C type through a
 * parameter into the column types CrateDB and PostgreSQL share and back
 * (NULLs, non-ASCII text, integer limits, NaN/infinities, dates before 1970
 * and after 2038, years outside 1..9999), parameter arrays (column-wise and
 * row-wise, ignored sets, the array attributes as descriptor fields, 1,000+
 * sets) and what becomes of each set: failing sets in the middle (duplicate
 * keys, NOT NULL, CHECK, too long, a value the server cannot read, a bulk
 * the server fails as a whole), INSERT ... SELECT, UPDATE, DELETE and
 * ON CONFLICT arrays, cancelled arrays, each checked against the table read
 * back; data at execution in pieces, a value that looks like SQL stored
 * verbatim, SQLDescribeParam, and texts of several statements walked with
 * SQLMoreResults. On a real CrateDB the tables use its storable types and
 * a REFRESH TABLE comes before reading what was written.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "itest.h"

static SQLHDBC dbc;
static char table[64];

static void make_table(SQLHDBC d, const char *cols)
{
    char sql[512];
    itest_table_name(table, sizeof table, "prm");
    snprintf(sql, sizeof sql, "CREATE TABLE %s (%s)", table, cols);
    if (!itest_exec_on(d, sql))
        CU_FAIL_FATAL("CREATE TABLE failed");
}

/* Column types that differ on a real CrateDB, which stores numeric only with
 * a precision and scale and (6.4) cannot store date: dates go into a
 * timestamp column there, and read back with a midnight time. */
static const char *numeric_col(void)
{
    return itest_is_cratedb() ? "numeric(18,4)" : "numeric";
}

static const char *date_col(void)
{
    const char *t = itest_coltype("date");
    return t ? t : "timestamp";
}

/* CrateDB's bigint cannot hold its two extremes ("Value ... exceeds allowed
 * range for column of type bigint", LongIndexer): the largest it stores. */
static SQLBIGINT bigint_min(void)
{
    return itest_is_cratedb() ? INT64_MIN + 1 : INT64_MIN;
}

static SQLBIGINT bigint_max(void)
{
    return itest_is_cratedb() ? INT64_MAX - 1 : INT64_MAX;
}

static void drop_table(SQLHDBC d)
{
    char sql[128];
    snprintf(sql, sizeof sql, "DROP TABLE %s", table);
    itest_exec_on(d, sql);
}

/* 12345 with the struct's own scale 2 (precision 10); sign 1 = positive. */
static void set_num(SQL_NUMERIC_STRUCT *num, SQLCHAR sign)
{
    memset(num, 0, sizeof *num);
    num->precision = 10;
    num->scale = 2;
    num->sign = sign;
    num->val[0] = 0x39;   /* 12345 = 0x3039 */
    num->val[1] = 0x30;
}

/* One parameter into column `col`, read back as text (id is the key). */
typedef struct rt_case {
    const char *col;           /* the column it goes into                  */
    SQLSMALLINT c_type, sql_type;
    const void *value;
    SQLLEN len;                /* indicator: byte length, SQL_NTS or NULL_DATA */
    const char *want;          /* text read back (cast to text in SQL)      */
} rt_case;

/* The text read back equals the text wanted: exactly, or a timestamp with
 * a trailing ".000". A real CrateDB's CAST(... AS text) gives epoch
 * milliseconds for timestamps, so there the column is read as SQL_C_CHAR
 * through the driver: booleans are 1/0, numeric(18,4) pads the scale with
 * zeros, and a date stored in a timestamp column has a midnight time. */
static bool same_roundtrip(const char *col, const char *got, const char *want)
{
    size_t wl = strlen(want);
    bool prefix = strncmp(got, want, wl) == 0;
    if (strcmp(got, want) == 0 || (prefix && strcmp(got + wl, ".000") == 0))
        return true;
    if (!itest_is_cratedb())
        return false;
    if (strcmp(col, "b") == 0)
        return (strcmp(want, "true") == 0 && strcmp(got, "1") == 0) ||
               (strcmp(want, "false") == 0 && strcmp(got, "0") == 0);
    if (strcmp(col, "n") == 0)
        return prefix && strchr(want, '.') && got[wl] && strspn(got + wl, "0") == strlen(got + wl);
    if (strcmp(col, "dt") == 0)
        return prefix && strcmp(got + wl, " 00:00:00") == 0;
    return false;
}

static void test_roundtrip_every_c_type(void)
{
    static const signed char ti = -128;
    static const unsigned char uti = 255, bit1 = 1;
    static const SQLSMALLINT si = -32768;
    static const SQLUSMALLINT usi = 65535;
    static const SQLINTEGER li = INT32_MIN;
    static const SQLUINTEGER uli = 4000000000u;
    static SQLBIGINT bmin, bmax;
    char want_min[24], want_max[24];
    static const SQLUBIGINT ubi = 12345678901234ull;
    static const SQLREAL f = 1.5f;
    static const SQLDOUBLE d = -2.25, dnan = NAN, dinf = INFINITY, dninf = -INFINITY;
    static const SQL_DATE_STRUCT d1969 = { 1969, 7, 20 }, d2040 = { 2040, 2, 29 };
    static const SQL_TIMESTAMP_STRUCT ts1900 = { 1900, 1, 1, 12, 30, 0, 0 },
                                      ts2100 = { 2100, 12, 31, 23, 59, 58, 123000000 };
    static SQL_NUMERIC_STRUCT num;   /* -123.45 */
    static const char *txt = "h\xc3\xa9llo \xe2\x82\xac \xf0\x9f\x98\x80";
    static const char *evil = "x'); DROP TABLE x; --";
    static SQLWCHAR wtxt[] = { 'z', 0xfc, 'r', 'i', 'c', 'h', 0 };
    static const SQLGUID g = { 0x0f1e2d3c, 0x4b5a, 0x6978,
                               { 0x87, 0x96, 0xa5, 0xb4, 0xc3, 0xd2, 0xe1, 0xf0 } };
    set_num(&num, 0);
    bmin = bigint_min();
    bmax = bigint_max();
    snprintf(want_min, sizeof want_min, "%lld", (long long)bmin);
    snprintf(want_max, sizeof want_max, "%lld", (long long)bmax);
    const rt_case cases[] = {
        { "i2", SQL_C_STINYINT, SQL_SMALLINT, &ti, 0, "-128" },
        { "i2", SQL_C_UTINYINT, SQL_SMALLINT, &uti, 0, "255" },
        { "i2", SQL_C_SSHORT, SQL_SMALLINT, &si, 0, "-32768" },
        { "i4", SQL_C_USHORT, SQL_INTEGER, &usi, 0, "65535" },
        { "i4", SQL_C_SLONG, SQL_INTEGER, &li, 0, "-2147483648" },
        { "i8", SQL_C_ULONG, SQL_BIGINT, &uli, 0, "4000000000" },
        { "i8", SQL_C_SBIGINT, SQL_BIGINT, &bmin, 0, want_min },
        { "i8", SQL_C_SBIGINT, SQL_BIGINT, &bmax, 0, want_max },
        { "i8", SQL_C_UBIGINT, SQL_BIGINT, &ubi, 0, "12345678901234" },
        { "i4", SQL_C_SLONG, SQL_INTEGER, NULL, SQL_NULL_DATA, "<NULL>" },
        { "f4", SQL_C_FLOAT, SQL_REAL, &f, 0, "1.5" },
        { "f8", SQL_C_DOUBLE, SQL_DOUBLE, &d, 0, "-2.25" },
        { "f8", SQL_C_DOUBLE, SQL_DOUBLE, &dnan, 0, "NaN" },
        { "f8", SQL_C_DOUBLE, SQL_DOUBLE, &dinf, 0, "Infinity" },
        { "f8", SQL_C_DOUBLE, SQL_DOUBLE, &dninf, 0, "-Infinity" },
        { "n", SQL_C_NUMERIC, SQL_NUMERIC, &num, 0, "-123.45" },
        { "n", SQL_C_CHAR, SQL_NUMERIC, "98765.4321", SQL_NTS, "98765.4321" },
        { "b", SQL_C_BIT, SQL_BIT, &bit1, 0, "true" },
        { "b", SQL_C_CHAR, SQL_BIT, "false", SQL_NTS, "false" },
        { "t", SQL_C_CHAR, SQL_VARCHAR, txt, SQL_NTS, txt },
        { "t", SQL_C_CHAR, SQL_VARCHAR, evil, SQL_NTS, evil },
        { "t", SQL_C_WCHAR, SQL_WVARCHAR, wtxt, SQL_NTS, "z\xc3\xbcrich" },
        { "t", SQL_C_BINARY, SQL_VARCHAR, "raw", 3, "raw" },
        { "t", SQL_C_GUID, SQL_VARCHAR, &g, 0, "0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0" },
        { "t", SQL_C_CHAR, SQL_VARCHAR, NULL, SQL_NULL_DATA, "<NULL>" },
        { "dt", SQL_C_TYPE_DATE, SQL_TYPE_DATE, &d1969, 0, "1969-07-20" },
        { "dt", SQL_C_TYPE_DATE, SQL_TYPE_DATE, &d2040, 0, "2040-02-29" },
        { "ts", SQL_C_TYPE_TIMESTAMP, SQL_TYPE_TIMESTAMP, &ts1900, 0, "1900-01-01 12:30:00" },
        { "ts", SQL_C_TYPE_TIMESTAMP, SQL_TYPE_TIMESTAMP, &ts2100, 0,
          "2100-12-31 23:59:58.123" },
        { "ts", SQL_C_TYPE_DATE, SQL_TYPE_TIMESTAMP, &d1969, 0, "1969-07-20 00:00:00" },
        { "ts", SQL_C_CHAR, SQL_TYPE_TIMESTAMP, "2039-01-19 03:14:08", SQL_NTS,
          "2039-01-19 03:14:08" },
    };
    char cols[256];
    snprintf(cols, sizeof cols, "id int PRIMARY KEY, i2 smallint, i4 integer, i8 bigint, "
             "f4 real, f8 double precision, n %s, b boolean, t text, dt %s, ts timestamp",
             numeric_col(), date_col());
    dbc = itest_connect();
    make_table(dbc, cols);
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        const rt_case *c = &cases[k];
        char sql[256], got[256];
        SQLINTEGER id = (SQLINTEGER)k;
        SQLLEN ind = c->len, idind = 0;
        SQLHSTMT st = itest_stmt(dbc);
        snprintf(sql, sizeof sql, "INSERT INTO %s (id, %s) VALUES (?, ?)", table, c->col);
        ITEST_OK(SQLBindParameter(st, 1, SQL_PARAM_INPUT, SQL_C_SLONG, SQL_INTEGER, 0, 0, &id,
                                  0, &idind), SQL_HANDLE_STMT, st);
        ITEST_OK(SQLBindParameter(st, 2, SQL_PARAM_INPUT, c->c_type, c->sql_type, 0, 0,
                                  (SQLPOINTER)c->value, c->len > 0 ? c->len : 0, &ind),
                 SQL_HANDLE_STMT, st);
        if (!ITEST_OK(SQLExecDirect(st, (SQLCHAR *)sql, SQL_NTS), SQL_HANDLE_STMT, st))
            fprintf(stderr, "case %zu (%s)\n", k, c->col);
        itest_free_stmt(st);
        snprintf(sql, sizeof sql, itest_is_cratedb() ? "SELECT %s FROM %s WHERE id = %d"
                                  : "SELECT CAST(%s AS text) FROM %s WHERE id = %d",
                 c->col, table, (int)k);
        if (itest_query_text(dbc, sql, got, sizeof got)) {
            bool same = same_roundtrip(c->col, got, c->want);
            if (!same)
                fprintf(stderr, "case %zu (%s): got '%s' want '%s'\n", k, c->col, got,
                        c->want);
            CU_ASSERT(same);
        }
    }
    drop_table(dbc);
    itest_disconnect(dbc);
}

/* Bad values are refused before anything is sent. */
static void test_conversion_errors(void)
{
    SQLHSTMT st;
    SQLINTEGER big = 70000;
    SQL_DATE_STRUCT bad = { 2023, 2, 30 };
    SQLLEN ind = 0;
    dbc = itest_connect();
    st = itest_stmt(dbc);
    ITEST_OK(SQLBindParameter(st, 1, SQL_PARAM_INPUT, SQL_C_SLONG, SQL_SMALLINT, 0, 0, &big, 0,
                              &ind), SQL_HANDLE_STMT, st);
    ITEST_EXPECT_ERROR(SQLExecDirect(st, (SQLCHAR *)"SELECT ?", SQL_NTS), SQL_HANDLE_STMT, st,
                       "22003");
    ITEST_OK(SQLBindParameter(st, 1, SQL_PARAM_INPUT, SQL_C_TYPE_DATE, SQL_TYPE_DATE, 0, 0,
                              &bad, 0, &ind), SQL_HANDLE_STMT, st);
    ITEST_EXPECT_ERROR(SQLExecDirect(st, (SQLCHAR *)"SELECT ?", SQL_NTS), SQL_HANDLE_STMT, st,
                       "22008");
    ITEST_OK(SQLBindParameter(st, 1, SQL_PARAM_INPUT, SQL_C_TYPE_DATE, SQL_INTEGER, 0, 0,
                              &bad, 0, &ind), SQL_HANDLE_STMT, st);
    ITEST_EXPECT_ERROR(SQLExecDirect(st, (SQLCHAR *)"SELECT ?", SQL_NTS), SQL_HANDLE_STMT, st,
                       "07006");
    ind = 5;
    ITEST_OK(SQLBindParameter(st, 1, SQL_PARAM_INPUT, SQL_C_CHAR, SQL_VARCHAR, 3, 0,
                              "abcde", 5, &ind), SQL_HANDLE_STMT, st);
    ITEST_EXPECT_ERROR(SQLExecDirect(st, (SQLCHAR *)"SELECT ?", SQL_NTS), SQL_HANDLE_STMT, st,
                       "22001");
    itest_free_stmt(st);
    itest_disconnect(dbc);
}

static SQLLEN count_rows(void)
{
    char sql[128], got[32];
    /* a real CrateDB shows what was written only after REFRESH TABLE */
    if (!itest_refresh(dbc, table))
        return -1;
    snprintf(sql, sizeof sql, "SELECT count(*) FROM %s", table);
    if (!itest_query_text(dbc, sql, got, sizeof got))
        return -1;
    return atol(got);
}

/* Column-wise array of 2,500 sets (three slices), one set ignored. */
static void test_array_column_wise(void)
{
    enum { N = 2500 };
    static SQLINTEGER ids[N];
    static char names[N][16];
    static SQLLEN name_ind[N];
    static SQLUSMALLINT status[N], ops[N];
    SQLULEN processed = 0;
    SQLLEN rows = 0;
    char sql[128];
    dbc = itest_connect();
    make_table(dbc, "id int PRIMARY KEY, name text");
    for (int i = 0; i < N; i++) {
        ids[i] = i;
        name_ind[i] = snprintf(names[i], sizeof names[i], "n%d", i);
        ops[i] = i == 7 ? SQL_PARAM_IGNORE : SQL_PARAM_PROCEED;
    }
    SQLHSTMT st = itest_stmt(dbc);
    ITEST_OK(SQLSetStmtAttr(st, SQL_ATTR_PARAMSET_SIZE, (SQLPOINTER)(SQLULEN)N, 0),
             SQL_HANDLE_STMT, st);
    ITEST_OK(SQLSetStmtAttr(st, SQL_ATTR_PARAM_STATUS_PTR, status, 0), SQL_HANDLE_STMT, st);
    ITEST_OK(SQLSetStmtAttr(st, SQL_ATTR_PARAM_OPERATION_PTR, ops, 0), SQL_HANDLE_STMT, st);
    ITEST_OK(SQLSetStmtAttr(st, SQL_ATTR_PARAMS_PROCESSED_PTR, &processed, 0),
             SQL_HANDLE_STMT, st);
    ITEST_OK(SQLBindParameter(st, 1, SQL_PARAM_INPUT, SQL_C_SLONG, SQL_INTEGER, 0, 0, ids, 0,
                              NULL), SQL_HANDLE_STMT, st);
    ITEST_OK(SQLBindParameter(st, 2, SQL_PARAM_INPUT, SQL_C_CHAR, SQL_VARCHAR, 15, 0, names,
                              16, name_ind), SQL_HANDLE_STMT, st);
    snprintf(sql, sizeof sql, "INSERT INTO %s (id, name) VALUES (?, ?)", table);
    ITEST_OK(SQLPrepare(st, (SQLCHAR *)sql, SQL_NTS), SQL_HANDLE_STMT, st);
    ITEST_OK(SQLExecute(st), SQL_HANDLE_STMT, st);
    ITEST_OK(SQLRowCount(st, &rows), SQL_HANDLE_STMT, st);
    CU_ASSERT_EQUAL(rows, N - 1);
    CU_ASSERT_EQUAL(processed, N - 1);
    CU_ASSERT_EQUAL(status[0], SQL_PARAM_SUCCESS);
    CU_ASSERT_EQUAL(status[7], SQL_PARAM_UNUSED);
    CU_ASSERT_EQUAL(status[N - 1], SQL_PARAM_SUCCESS);
    itest_free_stmt(st);
    CU_ASSERT_EQUAL(count_rows(), N - 1);
    drop_table(dbc);
    itest_disconnect(dbc);
}

/* Row-wise binding with a bind offset; a duplicate key in the middle fails
 * alone: every other row arrives once, the status array and the diagnostic
 * name the failing row. */
static void array_row_wise_with_failure(int N, int bad)
{
    enum { MAX = 2500 };
    struct row { SQLINTEGER id; SQLLEN id_ind; char name[12]; SQLLEN name_ind; };
    static struct row r[MAX + 1];   /* r[0] is skipped by the bind offset */
    SQLULEN offset = sizeof(struct row);
    static SQLUSMALLINT status[MAX];
    char want_msg[32];
    SQLULEN processed = 0;
    char sql[128], state[6], msg[512], got[64];
    dbc = itest_connect();
    make_table(dbc, "id int PRIMARY KEY, name text");
    for (int i = 1; i <= N; i++) {
        r[i].id = i == bad + 1 ? bad - 2 : i;   /* set `bad` (0-based) repeats a key */
        r[i].name_ind = snprintf(r[i].name, sizeof r[i].name, "row%d", i);
    }
    SQLHSTMT st = itest_stmt(dbc);
    SQLSetStmtAttr(st, SQL_ATTR_PARAMSET_SIZE, (SQLPOINTER)(SQLULEN)N, 0);
    SQLSetStmtAttr(st, SQL_ATTR_PARAM_BIND_TYPE, (SQLPOINTER)sizeof(struct row), 0);
    SQLSetStmtAttr(st, SQL_ATTR_PARAM_BIND_OFFSET_PTR, &offset, 0);
    SQLSetStmtAttr(st, SQL_ATTR_PARAM_STATUS_PTR, status, 0);
    SQLSetStmtAttr(st, SQL_ATTR_PARAMS_PROCESSED_PTR, &processed, 0);
    ITEST_OK(SQLBindParameter(st, 1, SQL_PARAM_INPUT, SQL_C_SLONG, SQL_INTEGER, 0, 0,
                              &r[0].id, 0, &r[0].id_ind), SQL_HANDLE_STMT, st);
    ITEST_OK(SQLBindParameter(st, 2, SQL_PARAM_INPUT, SQL_C_CHAR, SQL_VARCHAR, 11, 0,
                              r[0].name, sizeof r[0].name, &r[0].name_ind), SQL_HANDLE_STMT, st);
    snprintf(sql, sizeof sql, "INSERT INTO %s (id, name) VALUES (?, ?)", table);
    SQLRETURN rc = SQLExecDirect(st, (SQLCHAR *)sql, SQL_NTS);
    CU_ASSERT_EQUAL(rc, SQL_SUCCESS_WITH_INFO);
    CU_ASSERT_EQUAL(processed, N);
    int wrong = 0;
    for (int i = 0; i < N; i++)
        wrong += status[i] != (i == bad ? SQL_PARAM_ERROR : SQL_PARAM_SUCCESS);
    CU_ASSERT_EQUAL(wrong, 0);
    SQLLEN rows = -1, rownum = 0;
    /* diagnostics first: the next call on st clears them */
    CU_ASSERT(itest_diag(SQL_HANDLE_STMT, st, state, msg, sizeof msg));
    snprintf(want_msg, sizeof want_msg, "Parameter set %d:", bad + 1);
    CU_ASSERT_PTR_NOT_NULL(strstr(msg, want_msg));
    SQLGetDiagField(SQL_HANDLE_STMT, st, 1, SQL_DIAG_ROW_NUMBER, &rownum, 0, NULL);
    CU_ASSERT_EQUAL(rownum, bad + 1);
    SQLRowCount(st, &rows);
    CU_ASSERT_EQUAL(rows, N - 1);
    itest_free_stmt(st);
    CU_ASSERT_EQUAL(count_rows(), N - 1);
    snprintf(sql, sizeof sql, "SELECT name FROM %s WHERE id = %d", table, bad - 2);
    snprintf(want_msg, sizeof want_msg, "row%d", bad - 2);
    if (itest_query_text(dbc, sql, got, sizeof got))
        CU_ASSERT_STRING_EQUAL(got, want_msg);
    drop_table(dbc);
    itest_disconnect(dbc);
}

static void test_array_row_wise_with_failure(void) { array_row_wise_with_failure(10, 5); }

/* The same in the second slice of 1,000, whose values go in binary. */
static void test_array_failure_in_binary_slice(void) { array_row_wise_with_failure(2500, 1700); }

/* ------------------------------------------------------------ what becomes of each set */

/* Parameter arrays over (id, name, v) bound column-wise, the outcome the
 * driver reports for every set checked against what the table holds after
 * (REFRESH TABLE on CrateDB): no set reported done that is not there. */
enum { AMAX = 2000 };
static SQLINTEGER a_id[AMAX], a_v[AMAX];
static char a_name[AMAX][16];
static SQLLEN a_id_ind[AMAX], a_name_ind[AMAX], a_v_ind[AMAX];
static SQLUSMALLINT a_status[AMAX];

/* Set k: id, name (NULL: SQL NULL), v. */
static void arr_set(int k, int id, const char *name, int v)
{
    a_id[k] = id;
    a_id_ind[k] = 0;
    a_v[k] = v;
    a_v_ind[k] = 0;
    a_name_ind[k] = name ? snprintf(a_name[k], sizeof a_name[k], "%s", name) : SQL_NULL_DATA;
    a_status[k] = 9999;
}

/* Executes sql for sets [0, n) with its markers bound in the order of
 * `binds` ('i' id, 'n' name as SQL_VARCHAR, 'v' v). */
static SQLRETURN arr_run(SQLHSTMT st, const char *sql, const char *binds, int n,
                         SQLULEN *processed)
{
    *processed = 0;
    SQLSetStmtAttr(st, SQL_ATTR_PARAMSET_SIZE, (SQLPOINTER)(SQLULEN)n, 0);
    SQLSetStmtAttr(st, SQL_ATTR_PARAM_STATUS_PTR, a_status, 0);
    SQLSetStmtAttr(st, SQL_ATTR_PARAMS_PROCESSED_PTR, processed, 0);
    for (SQLUSMALLINT i = 0; binds[i]; i++) {
        SQLRETURN rc = binds[i] == 'n'
            ? SQLBindParameter(st, i + 1, SQL_PARAM_INPUT, SQL_C_CHAR, SQL_VARCHAR, 15, 0,
                               a_name, sizeof a_name[0], a_name_ind)
            : SQLBindParameter(st, i + 1, SQL_PARAM_INPUT, SQL_C_SLONG, SQL_INTEGER, 0, 0,
                               binds[i] == 'i' ? a_id : a_v, 0,
                               binds[i] == 'i' ? a_id_ind : a_v_ind);
        ITEST_OK(rc, SQL_HANDLE_STMT, st);
    }
    return SQLExecDirect(st, (SQLCHAR *)sql, SQL_NTS);
}

/* Every set in fail[] is SQL_PARAM_ERROR with a diagnostic naming it (its
 * row number, "Parameter set N:"), every other one SQL_PARAM_SUCCESS, and
 * the call returned what that makes. Reads the diagnostics: call first. */
static void arr_check(SQLHSTMT st, SQLRETURN rc, int n, SQLULEN processed, const int *fail,
                      int nfail)
{
    int wrong = 0;
    for (int k = 0; k < n; k++) {
        bool f = false;
        for (int j = 0; j < nfail; j++)
            f = f || fail[j] == k;
        if (a_status[k] != (f ? SQL_PARAM_ERROR : SQL_PARAM_SUCCESS) && wrong++ < 5)
            fprintf(stderr, "set %d: status %u, want %s\n", k + 1, a_status[k],
                    f ? "SQL_PARAM_ERROR" : "SQL_PARAM_SUCCESS");
    }
    CU_ASSERT_EQUAL(wrong, 0);
    CU_ASSERT_EQUAL(rc, nfail == 0 ? SQL_SUCCESS : nfail < n ? SQL_SUCCESS_WITH_INFO
                                                              : SQL_ERROR);
    CU_ASSERT_EQUAL(processed, (SQLULEN)n);
    for (int j = 0; j < nfail; j++) {
        bool found = false;
        char want[32];
        snprintf(want, sizeof want, "Parameter set %d:", fail[j] + 1);
        for (SQLSMALLINT i = 1;; i++) {
            SQLCHAR state[6], msg[1024];
            SQLINTEGER native;
            SQLSMALLINT len;
            SQLLEN rownum = 0;
            if (SQLGetDiagRec(SQL_HANDLE_STMT, st, i, state, &native, msg, sizeof msg,
                              &len) != SQL_SUCCESS)
                break;
            SQLGetDiagField(SQL_HANDLE_STMT, st, i, SQL_DIAG_ROW_NUMBER, &rownum, 0, NULL);
            if (rownum == fail[j] + 1 && strstr((char *)msg, want)) {
                found = true;
                break;
            }
        }
        if (!found)
            fprintf(stderr, "no diagnostic for set %d\n", fail[j] + 1);
        CU_ASSERT(found);
    }
}

/* The table's ids (after a refresh) are exactly ids[0..n) in any order. */
static void table_holds(const int *ids, int n)
{
    int *want = malloc(sizeof *want * (size_t)(n + 1));
    char sql[128];
    int k = 0, bad = 0;
    SQLINTEGER id;
    SQLLEN ind;
    CU_ASSERT_PTR_NOT_NULL_FATAL(want);
    memcpy(want, ids, sizeof *ids * (size_t)n);
    for (int i = 1; i < n; i++)         /* insertion sort: small n, mostly sorted */
        for (int j = i; j > 0 && want[j - 1] > want[j]; j--) {
            int t = want[j];
            want[j] = want[j - 1];
            want[j - 1] = t;
        }
    CU_ASSERT_FATAL(itest_refresh(dbc, table));
    SQLHSTMT st = itest_stmt(dbc);
    snprintf(sql, sizeof sql, "SELECT id FROM %s ORDER BY id", table);
    ITEST_OK(SQLExecDirect(st, (SQLCHAR *)sql, SQL_NTS), SQL_HANDLE_STMT, st);
    SQLBindCol(st, 1, SQL_C_SLONG, &id, 0, &ind);
    while (SQL_SUCCEEDED(SQLFetch(st))) {
        if ((k >= n || want[k] != id) && bad++ < 5)
            fprintf(stderr, "table row %d: id %d, want %d\n", k, (int)id, k < n ? want[k] : -1);
        k++;
    }
    CU_ASSERT_EQUAL(bad, 0);
    CU_ASSERT_EQUAL(k, n);
    itest_free_stmt(st);
    free(want);
}

/* Loads ids [from, to) with name "p", v 1 and g = id % 4 (when g exists). */
static void arr_load(int from, int to, bool with_g)
{
    char sql[160];
    SQLULEN processed;
    SQLLEN rows = 0;
    for (int k = 0; k < to - from; k++)
        arr_set(k, from + k, "p", (from + k) % 4);
    SQLHSTMT st = itest_stmt(dbc);
    snprintf(sql, sizeof sql, with_g ? "INSERT INTO %s (id, name, v, g) VALUES (?, ?, 1, ?)"
                                     : "INSERT INTO %s (id, name, v) VALUES (?, ?, 1)", table);
    ITEST_OK(arr_run(st, sql, with_g ? "inv" : "in", to - from, &processed), SQL_HANDLE_STMT,
             st);
    ITEST_OK(SQLRowCount(st, &rows), SQL_HANDLE_STMT, st);
    CU_ASSERT_EQUAL(rows, to - from);
    itest_free_stmt(st);
}

/* 1,500 sets (two slices): a duplicate key of a row already there, a name
 * too long for varchar(5), a NULL for NOT NULL, a CHECK violation, a key
 * repeated within the slice and one across slices. Exactly those fail
 * (CrateDB: count -3 each, no reason; PostgreSQL: an error each), the
 * others are in the table once. */
static void test_array_failing_sets(void)
{
    enum { N = 1500 };
    static const int fail[] = { 3, 500, 999, 1000, 1200, 1499 };
    static int ids[N + 1];
    char sql[160], got[32];
    SQLULEN processed;
    SQLLEN rows = -1;
    int nids = 0;
    dbc = itest_connect();
    make_table(dbc, "id int PRIMARY KEY, name varchar(5) NOT NULL, v int CHECK (v > 0)");
    snprintf(sql, sizeof sql, "INSERT INTO %s (id, name, v) VALUES (100000, 'pre', 1)", table);
    CU_ASSERT_FATAL(itest_exec_on(dbc, sql));
    for (int k = 0; k < N; k++) {
        char name[8];
        snprintf(name, sizeof name, "n%d", k % 1000);
        arr_set(k, k, name, 1);
    }
    a_id[3] = 100000;
    arr_set(500, 500, "toolong", 1);
    arr_set(999, 999, NULL, 1);
    arr_set(1000, 1000, "n0", -1);
    a_id[1200] = 1199;
    a_id[1499] = 0;
    SQLHSTMT st = itest_stmt(dbc);
    snprintf(sql, sizeof sql, "INSERT INTO %s (id, name, v) VALUES (?, ?, ?)", table);
    SQLRETURN rc = arr_run(st, sql, "inv", N, &processed);
    arr_check(st, rc, N, processed, fail, 6);
    ITEST_OK(SQLRowCount(st, &rows), SQL_HANDLE_STMT, st);
    CU_ASSERT_EQUAL(rows, N - 6);
    itest_free_stmt(st);
    ids[nids++] = 100000;
    for (int k = 0; k < N; k++)
        if (a_status[k] == SQL_PARAM_SUCCESS)
            ids[nids++] = a_id[k];
    CU_ASSERT_EQUAL(nids, N - 6 + 1);
    table_holds(ids, nids);
    /* the first of two sets with one key stands */
    snprintf(sql, sizeof sql, "SELECT name FROM %s WHERE id = 1199", table);
    CU_ASSERT(itest_query_text(dbc, sql, got, sizeof got));
    CU_ASSERT_STRING_EQUAL(got, "n199");
    drop_table(dbc);
    itest_disconnect(dbc);
}

/* A value the server cannot read for its parameter ('x' for an integer):
 * its Bind fails. CrateDB then drops every set queued before it; the driver
 * sends those again and only the bad one fails. The second set failing is
 * what a failure of the whole bulk at the Sync looks like on CrateDB, so
 * there every set runs on its own. */
static void array_undecodable(int bad)
{
    enum { N = 6 };
    char sql[160];
    int ids[N], nids = 0;
    SQLULEN processed;
    SQLLEN rows = -1;
    dbc = itest_connect();
    make_table(dbc, "id int PRIMARY KEY, name text, v int");
    for (int k = 0; k < N; k++)
        arr_set(k, k, k == bad ? "x" : "7", 0);
    SQLHSTMT st = itest_stmt(dbc);
    snprintf(sql, sizeof sql, "INSERT INTO %s (id, v) VALUES (?, ?)", table);
    SQLRETURN rc = arr_run(st, sql, "in", N, &processed);
    arr_check(st, rc, N, processed, &bad, 1);
    ITEST_OK(SQLRowCount(st, &rows), SQL_HANDLE_STMT, st);
    CU_ASSERT_EQUAL(rows, N - 1);
    itest_free_stmt(st);
    for (int k = 0; k < N; k++)
        if (k != bad)
            ids[nids++] = k;
    table_holds(ids, nids);
    drop_table(dbc);
    itest_disconnect(dbc);
}

static void test_array_undecodable_value(void) { array_undecodable(3); }
static void test_array_undecodable_second(void) { array_undecodable(1); }

/* Values that fail while CrateDB evaluates an INSERT's rows (a NULL
 * primary key, text that is no IP address) fail its bulk as a whole,
 * without writing anything: every set then runs on its own, and only the
 * bad ones fail, as on PostgreSQL (inet there). */
static void test_array_whole_bulk_failure(void)
{
    enum { N = 5 };
    static const int fail[] = { 2, 4 };
    static const char *const addr[N] = { "10.0.0.1", "10.0.0.2", "10.0.0.3", "10.0.0.4",
                                         "notanip" };
    char sql[160], cols[96];
    int ids[N] = { 0, 1, 3 };
    SQLULEN processed;
    SQLLEN rows = -1;
    dbc = itest_connect();
    snprintf(cols, sizeof cols, "id int PRIMARY KEY, name %s, v int",
             itest_is_cratedb() ? "ip" : "inet");
    make_table(dbc, cols);
    for (int k = 0; k < N; k++)
        arr_set(k, k, addr[k], 0);
    a_id_ind[2] = SQL_NULL_DATA;
    SQLHSTMT st = itest_stmt(dbc);
    snprintf(sql, sizeof sql, "INSERT INTO %s (id, name) VALUES (?, ?)", table);
    SQLRETURN rc = arr_run(st, sql, "in", N, &processed);
    arr_check(st, rc, N, processed, fail, 2);
    ITEST_OK(SQLRowCount(st, &rows), SQL_HANDLE_STMT, st);
    CU_ASSERT_EQUAL(rows, N - 2);
    itest_free_stmt(st);
    table_holds(ids, 3);
    drop_table(dbc);
    itest_disconnect(dbc);
}

/* INSERT ... SELECT has no bulk form on CrateDB ("Bulk operation not
 * supported for Insert", at the Sync): each set runs on its own there. */
static void test_array_insert_select(void)
{
    enum { N = 5 };
    char sql[192];
    int ids[N];
    SQLULEN processed;
    SQLLEN rows = -1;
    dbc = itest_connect();
    make_table(dbc, "id int PRIMARY KEY, name text, v int");
    for (int k = 0; k < N; k++) {
        arr_set(k, 10 + k, "s", k);
        ids[k] = 10 + k;
    }
    SQLHSTMT st = itest_stmt(dbc);
    snprintf(sql, sizeof sql, "INSERT INTO %s (id, name, v) SELECT CAST(? AS integer), ?, "
             "CAST(? AS integer)", table);
    SQLRETURN rc = arr_run(st, sql, "inv", N, &processed);
    arr_check(st, rc, N, processed, NULL, 0);
    ITEST_OK(SQLRowCount(st, &rows), SQL_HANDLE_STMT, st);
    CU_ASSERT_EQUAL(rows, N);
    itest_free_stmt(st);
    table_holds(ids, N);
    drop_table(dbc);
    itest_disconnect(dbc);
}

/* UPDATE and DELETE arrays over 1,600 rows. By primary key (1,200 and
 * 1,100 sets, two slices): one key matches no row, which PostgreSQL counts
 * as 0 rows and CrateDB's bulk reports as a failed set (count -3, the same
 * as a real failure: the driver cannot tell them apart and never runs such
 * a set again). By another column: each set's own count. */
static void test_array_update_delete(void)
{
    enum { ROWS = 1600, NU = 1200, ND = 1100 };
    static int ids[ROWS];
    int missing[1];
    char sql[160], got[32];
    SQLULEN processed;
    SQLLEN rows = -1;
    bool crate = itest_is_cratedb();
    dbc = itest_connect();
    make_table(dbc, "id int PRIMARY KEY, name text, v int, g int");
    arr_load(0, ROWS, true);
    CU_ASSERT_FATAL(itest_refresh(dbc, table));
    /* by primary key: set 700 names no row */
    for (int k = 0; k < NU; k++)
        arr_set(k, k, "u", 10);
    a_id[700] = 99999;
    missing[0] = 700;
    SQLHSTMT st = itest_stmt(dbc);
    snprintf(sql, sizeof sql, "UPDATE %s SET v = ? WHERE id = ?", table);
    SQLRETURN rc = arr_run(st, sql, "vi", NU, &processed);
    arr_check(st, rc, NU, processed, missing, crate ? 1 : 0);
    ITEST_OK(SQLRowCount(st, &rows), SQL_HANDLE_STMT, st);
    CU_ASSERT_EQUAL(rows, NU - 1);
    itest_free_stmt(st);
    CU_ASSERT_FATAL(itest_refresh(dbc, table));
    snprintf(sql, sizeof sql, "SELECT count(*) FROM %s WHERE v = 10", table);
    CU_ASSERT(itest_query_text(dbc, sql, got, sizeof got));
    CU_ASSERT_EQUAL(atoi(got), NU - 1);
    /* by another column: 400, 400 and no rows */
    arr_set(0, 0, NULL, 0);
    arr_set(1, 0, NULL, 1);
    arr_set(2, 0, NULL, 7);
    st = itest_stmt(dbc);
    snprintf(sql, sizeof sql, "UPDATE %s SET v = v + 100 WHERE g = ?", table);
    rc = arr_run(st, sql, "v", 3, &processed);
    arr_check(st, rc, 3, processed, NULL, 0);
    ITEST_OK(SQLRowCount(st, &rows), SQL_HANDLE_STMT, st);
    CU_ASSERT_EQUAL(rows, 2 * ROWS / 4);
    itest_free_stmt(st);
    CU_ASSERT_FATAL(itest_refresh(dbc, table));
    snprintf(sql, sizeof sql, "SELECT count(*) FROM %s WHERE v > 100", table);
    CU_ASSERT(itest_query_text(dbc, sql, got, sizeof got));
    CU_ASSERT_EQUAL(atoi(got), 2 * ROWS / 4);
    /* DELETE by primary key: set 50 names no row */
    for (int k = 0; k < ND; k++)
        arr_set(k, k, NULL, 0);
    a_id[50] = 99999;
    missing[0] = 50;
    st = itest_stmt(dbc);
    snprintf(sql, sizeof sql, "DELETE FROM %s WHERE id = ?", table);
    rc = arr_run(st, sql, "i", ND, &processed);
    arr_check(st, rc, ND, processed, missing, crate ? 1 : 0);
    ITEST_OK(SQLRowCount(st, &rows), SQL_HANDLE_STMT, st);
    CU_ASSERT_EQUAL(rows, ND - 1);
    itest_free_stmt(st);
    int n = 0;
    ids[n++] = 50;
    for (int id = ND; id < ROWS; id++)
        ids[n++] = id;
    table_holds(ids, n);
    drop_table(dbc);
    itest_disconnect(dbc);
}

/* INSERT ... ON CONFLICT DO UPDATE in an array of 1,200 sets, half of them
 * on keys already there: every set is one row, written once. */
static void test_array_on_conflict(void)
{
    enum { OLD = 600, N = 1200 };
    static int ids[N];
    char sql[192], got[32];
    SQLULEN processed;
    SQLLEN rows = -1;
    dbc = itest_connect();
    make_table(dbc, "id int PRIMARY KEY, name text, v int");
    arr_load(0, OLD, false);
    for (int k = 0; k < N; k++) {
        arr_set(k, k, "c", 2);
        ids[k] = k;
    }
    SQLHSTMT st = itest_stmt(dbc);
    snprintf(sql, sizeof sql, "INSERT INTO %s (id, name, v) VALUES (?, ?, ?) "
             "ON CONFLICT (id) DO UPDATE SET v = excluded.v", table);
    SQLRETURN rc = arr_run(st, sql, "inv", N, &processed);
    arr_check(st, rc, N, processed, NULL, 0);
    ITEST_OK(SQLRowCount(st, &rows), SQL_HANDLE_STMT, st);
    CU_ASSERT_EQUAL(rows, N);
    itest_free_stmt(st);
    table_holds(ids, N);
    snprintf(sql, sizeof sql, "SELECT count(*) FROM %s WHERE v = 2", table);
    CU_ASSERT(itest_query_text(dbc, sql, got, sizeof got));
    CU_ASSERT_EQUAL(atoi(got), N);
    drop_table(dbc);
    itest_disconnect(dbc);
}

/* Timestamps before year 1 and after 9999 through SQL_C_TYPE_TIMESTAMP and
 * SQL_C_TYPE_DATE, read back into the struct (astronomical years: 44 BC is
 * -43). PostgreSQL reads "0044-03-15 BC"; CrateDB's parameter input reads
 * no era, only signed ISO years ("-0043-03-15", "+10000-01-01"). */
static void test_timestamps_outside_1_to_9999(void)
{
    if (itest_profile_is("crate")) {
        itest_not_applicable("the driver writes CrateDB's signed years (-0043-03-15), which "
                             "PostgreSQL behind the proxy does not read");
        return;
    }
    static const SQL_TIMESTAMP_STRUCT ts[] = {
        { -43, 3, 15, 12, 0, 0, 0 },
        { 0, 2, 29, 23, 59, 59, 500000000 },   /* 1 BC, a leap year */
        { 10000, 1, 1, 0, 0, 0, 0 },
    };
    static const SQL_DATE_STRUCT d = { -43, 3, 15 };
    char sql[160];
    dbc = itest_connect();
    make_table(dbc, "id int PRIMARY KEY, ts timestamp");
    SQLHSTMT st = itest_stmt(dbc);
    SQLINTEGER id;
    SQL_TIMESTAMP_STRUCT v;
    snprintf(sql, sizeof sql, "INSERT INTO %s (id, ts) VALUES (?, ?)", table);
    ITEST_OK(SQLPrepare(st, (SQLCHAR *)sql, SQL_NTS), SQL_HANDLE_STMT, st);
    ITEST_OK(SQLBindParameter(st, 1, SQL_PARAM_INPUT, SQL_C_SLONG, SQL_INTEGER, 0, 0, &id, 0,
                              NULL), SQL_HANDLE_STMT, st);
    ITEST_OK(SQLBindParameter(st, 2, SQL_PARAM_INPUT, SQL_C_TYPE_TIMESTAMP, SQL_TYPE_TIMESTAMP,
                              23, 3, &v, 0, NULL), SQL_HANDLE_STMT, st);
    for (int k = 0; k < 3; k++) {
        id = k;
        v = ts[k];
        ITEST_OK(SQLExecute(st), SQL_HANDLE_STMT, st);
    }
    itest_free_stmt(st);
    st = itest_stmt(dbc);
    id = 3;
    ITEST_OK(SQLBindParameter(st, 1, SQL_PARAM_INPUT, SQL_C_SLONG, SQL_INTEGER, 0, 0, &id, 0,
                              NULL), SQL_HANDLE_STMT, st);
    ITEST_OK(SQLBindParameter(st, 2, SQL_PARAM_INPUT, SQL_C_TYPE_DATE, SQL_TYPE_TIMESTAMP,
                              23, 3, (SQLPOINTER)&d, 0, NULL), SQL_HANDLE_STMT, st);
    ITEST_OK(SQLExecDirect(st, (SQLCHAR *)sql, SQL_NTS), SQL_HANDLE_STMT, st);
    itest_free_stmt(st);
    for (int k = 0; k < 4; k++) {
        SQL_TIMESTAMP_STRUCT got, want = k < 3 ? ts[k] : (SQL_TIMESTAMP_STRUCT){ -43, 3, 15,
                                                                                  0, 0, 0, 0 };
        SQLLEN ind;
        memset(&got, 0, sizeof got);
        snprintf(sql, sizeof sql, "SELECT ts FROM %s WHERE id = %d", table, k);
        st = itest_stmt(dbc);
        if (itest_exec(st, sql) && ITEST_OK(SQLFetch(st), SQL_HANDLE_STMT, st) &&
            ITEST_OK(SQLGetData(st, 1, SQL_C_TYPE_TIMESTAMP, &got, sizeof got, &ind),
                     SQL_HANDLE_STMT, st)) {
            bool same = memcmp(&got, &want, sizeof got) == 0;
            if (!same)
                fprintf(stderr, "row %d: %d-%u-%u %u:%u:%u.%lu\n", k, got.year, got.month,
                        got.day, got.hour, got.minute, got.second, (unsigned long)got.fraction);
            CU_ASSERT(same);
        }
        itest_free_stmt(st);
    }
    drop_table(dbc);
    itest_disconnect(dbc);
}

/* Data at execution: text in pieces split inside a multi-byte character,
 * within a parameter array of two sets. */
static void test_data_at_exec(void)
{
    SQLINTEGER ids[2] = { 1, 2 };
    SQLLEN dae[2] = { SQL_LEN_DATA_AT_EXEC(0), SQL_DATA_AT_EXEC };
    char tokens[2][4] = { "a", "b" };
    char sql[128], got[64];
    SQLPOINTER tok = NULL;
    dbc = itest_connect();
    make_table(dbc, "id int PRIMARY KEY, name text");
    SQLHSTMT st = itest_stmt(dbc);
    SQLSetStmtAttr(st, SQL_ATTR_PARAMSET_SIZE, (SQLPOINTER)2, 0);
    SQLBindParameter(st, 1, SQL_PARAM_INPUT, SQL_C_SLONG, SQL_INTEGER, 0, 0, ids, 0, NULL);
    SQLBindParameter(st, 2, SQL_PARAM_INPUT, SQL_C_CHAR, SQL_VARCHAR, 0, 0, tokens, 4, dae);
    snprintf(sql, sizeof sql, "INSERT INTO %s (id, name) VALUES (?, ?)", table);
    CU_ASSERT_EQUAL(SQLExecDirect(st, (SQLCHAR *)sql, SQL_NTS), SQL_NEED_DATA);
    /* "\xe2\x82\xac" (EUR) split after its first byte */
    CU_ASSERT_EQUAL(SQLParamData(st, &tok), SQL_NEED_DATA);
    CU_ASSERT_PTR_EQUAL(tok, tokens[0]);
    ITEST_OK(SQLPutData(st, "1 \xe2", 3), SQL_HANDLE_STMT, st);
    ITEST_OK(SQLPutData(st, "\x82\xac", 2), SQL_HANDLE_STMT, st);
    CU_ASSERT_EQUAL(SQLParamData(st, &tok), SQL_NEED_DATA);
    CU_ASSERT_PTR_EQUAL(tok, tokens[1]);
    ITEST_OK(SQLPutData(st, "two", SQL_NTS), SQL_HANDLE_STMT, st);
    ITEST_OK(SQLParamData(st, &tok), SQL_HANDLE_STMT, st);
    CU_ASSERT_EQUAL(SQLParamData(st, &tok), SQL_ERROR);    /* nothing pending: HY010 */
    itest_free_stmt(st);
    CU_ASSERT_EQUAL(count_rows(), 2);
    snprintf(sql, sizeof sql, "SELECT name FROM %s WHERE id = 1", table);
    if (itest_query_text(dbc, sql, got, sizeof got))
        CU_ASSERT_STRING_EQUAL(got, "1 \xe2\x82\xac");
    drop_table(dbc);
    itest_disconnect(dbc);
}

/* Fetches the current result's rows as "a,b;" text (two int columns). */
static void fetch_pairs(SQLHSTMT st, char *out, size_t outlen)
{
    SQLINTEGER a, b;
    SQLLEN ia, ib;
    size_t o = 0;
    out[0] = '\0';
    while (SQL_SUCCEEDED(SQLFetch(st)) && o + 32 < outlen) {
        SQLGetData(st, 1, SQL_C_SLONG, &a, 0, &ia);
        SQLGetData(st, 2, SQL_C_SLONG, &b, 0, &ib);
        o += (size_t)snprintf(out + o, outlen - o, "%d,%d;", (int)a, (int)b);
    }
}

/* A text of several statements runs them all, in order, within SQLExecute;
 * each is its own result (row count or rows) in SQLMoreResults order, the
 * `?` are numbered across the whole text, a `;` inside a literal does not
 * split, and after the last SQLMoreResults answers SQL_NO_DATA. Prepared
 * and direct alike. */
static void test_multi_statement(void)
{
    char sql[512], got[256];
    SQLINTEGER v[6] = { 1, 10, 2, 20, 99, 2 };
    SQLLEN rows = 0;
    dbc = itest_connect();
    /* what SQLGetInfo says of such texts: each statement its own result */
    char yn[4] = "";
    SQLUINTEGER batch = 0, counts = 0;
    ITEST_OK(SQLGetInfo(dbc, SQL_MULT_RESULT_SETS, yn, sizeof yn, NULL), SQL_HANDLE_DBC, dbc);
    ITEST_OK(SQLGetInfo(dbc, SQL_BATCH_SUPPORT, &batch, 0, NULL), SQL_HANDLE_DBC, dbc);
    ITEST_OK(SQLGetInfo(dbc, SQL_BATCH_ROW_COUNT, &counts, 0, NULL), SQL_HANDLE_DBC, dbc);
    CU_ASSERT_STRING_EQUAL(yn, "Y");
    CU_ASSERT_EQUAL(batch, SQL_BS_SELECT_EXPLICIT | SQL_BS_ROW_COUNT_EXPLICIT);
    CU_ASSERT_EQUAL(counts, SQL_BRC_EXPLICIT);
    make_table(dbc, "id int PRIMARY KEY, v int, t text");
    for (int pass = 0; pass < 2; pass++) {
        SQLHSTMT st = itest_stmt(dbc);
        SQLSMALLINT np = 0, ncols = -1;
        for (int i = 0; i < 6; i++)
            ITEST_OK(SQLBindParameter(st, (SQLUSMALLINT)(i + 1), SQL_PARAM_INPUT, SQL_C_SLONG,
                                      SQL_INTEGER, 0, 0, &v[i], 0, NULL), SQL_HANDLE_STMT, st);
        /* a real CrateDB's SELECT sees the rows after a REFRESH TABLE, which
         * the text runs as a statement of its own (a result with a count) */
        char refresh[96] = "";
        if (itest_is_cratedb())
            snprintf(refresh, sizeof refresh, "REFRESH TABLE %s;\n", table);
        snprintf(sql, sizeof sql,
                 "INSERT INTO %s (id, v, t) VALUES (?, ?, 'a;b'), (?, ?, 'c?d') ;\n"
                 "UPDATE %s SET v = ? WHERE id = 1; -- a comment; with a ?\n%s"
                 "SELECT id, v FROM %s ORDER BY id;;\n"
                 "DELETE FROM %s WHERE id = ?;",
                 table, table, refresh, table, table);
        if (pass == 0) {
            ITEST_OK(SQLPrepare(st, (SQLCHAR *)sql, SQL_NTS), SQL_HANDLE_STMT, st);
            ITEST_OK(SQLNumParams(st, &np), SQL_HANDLE_STMT, st);
            CU_ASSERT_EQUAL(np, 6);
            ITEST_OK(SQLExecute(st), SQL_HANDLE_STMT, st);
        } else {
            ITEST_OK(SQLExecDirect(st, (SQLCHAR *)sql, SQL_NTS), SQL_HANDLE_STMT, st);
        }
        ITEST_OK(SQLRowCount(st, &rows), SQL_HANDLE_STMT, st);
        CU_ASSERT_EQUAL(rows, 2);                       /* INSERT */
        ITEST_OK(SQLNumResultCols(st, &ncols), SQL_HANDLE_STMT, st);
        CU_ASSERT_EQUAL(ncols, 0);
        CU_ASSERT_EQUAL(SQLMoreResults(st), SQL_SUCCESS);
        ITEST_OK(SQLRowCount(st, &rows), SQL_HANDLE_STMT, st);
        CU_ASSERT_EQUAL(rows, 1);                       /* UPDATE */
        if (refresh[0]) {
            CU_ASSERT_EQUAL(SQLMoreResults(st), SQL_SUCCESS);
            ITEST_OK(SQLNumResultCols(st, &ncols), SQL_HANDLE_STMT, st);
            CU_ASSERT_EQUAL(ncols, 0);                  /* REFRESH TABLE */
        }
        CU_ASSERT_EQUAL(SQLMoreResults(st), SQL_SUCCESS);
        ITEST_OK(SQLNumResultCols(st, &ncols), SQL_HANDLE_STMT, st);
        CU_ASSERT_EQUAL(ncols, 2);                      /* SELECT: after the UPDATE */
        fetch_pairs(st, got, sizeof got);
        CU_ASSERT_STRING_EQUAL(got, "1,99;2,20;");
        CU_ASSERT_EQUAL(SQLMoreResults(st), SQL_SUCCESS);
        ITEST_OK(SQLRowCount(st, &rows), SQL_HANDLE_STMT, st);
        CU_ASSERT_EQUAL(rows, 1);                       /* DELETE */
        CU_ASSERT_EQUAL(SQLMoreResults(st), SQL_NO_DATA);
        CU_ASSERT_EQUAL(SQLMoreResults(st), SQL_NO_DATA);
        /* the literals arrived whole; id 2 is gone, id 1 stays */
        snprintf(sql, sizeof sql, "SELECT t FROM %s WHERE id = 1", table);
        CU_ASSERT(itest_query_text(dbc, sql, got, sizeof got));
        CU_ASSERT_STRING_EQUAL(got, "a;b");
        CU_ASSERT(itest_refresh(dbc, table));
        snprintf(sql, sizeof sql, "SELECT count(*) FROM %s", table);
        CU_ASSERT(itest_query_text(dbc, sql, got, sizeof got));
        CU_ASSERT_STRING_EQUAL(got, "1");
        snprintf(sql, sizeof sql, "DELETE FROM %s", table);
        CU_ASSERT(itest_exec_on(dbc, sql));
        itest_free_stmt(st);
    }
    drop_table(dbc);
    itest_disconnect(dbc);
}

/* Every statement runs in SQLExecute even when the application never asks
 * for the later results; a failing statement stops the ones after it, and
 * the SQLMoreResults that reaches it returns its error. Closing the cursor
 * discards the pending results. */
static void test_multi_statement_failure(void)
{
    char sql[512], got[64], state[6];
    SQLINTEGER one = 1;
    dbc = itest_connect();
    make_table(dbc, "id int PRIMARY KEY");
    SQLHSTMT st = itest_stmt(dbc);
    snprintf(sql, sizeof sql, "INSERT INTO %s (id) VALUES (7); INSERT INTO %s (id) VALUES (8)",
             table, table);
    ITEST_OK(SQLExecDirect(st, (SQLCHAR *)sql, SQL_NTS), SQL_HANDLE_STMT, st);
    ITEST_OK(SQLFreeStmt(st, SQL_CLOSE), SQL_HANDLE_STMT, st);
    CU_ASSERT_EQUAL(SQLMoreResults(st), SQL_NO_DATA);   /* discarded by the close */
    CU_ASSERT(itest_refresh(dbc, table));
    snprintf(sql, sizeof sql, "SELECT count(*) FROM %s", table);
    CU_ASSERT(itest_query_text(dbc, sql, got, sizeof got));
    CU_ASSERT_STRING_EQUAL(got, "2");
    ITEST_OK(SQLBindParameter(st, 1, SQL_PARAM_INPUT, SQL_C_SLONG, SQL_INTEGER, 0, 0, &one, 0,
                              NULL), SQL_HANDLE_STMT, st);
    snprintf(sql, sizeof sql,
             "SELECT ?; SELECT * FROM no_such_table_%s; INSERT INTO %s (id) VALUES (9)",
             table, table);
    ITEST_OK(SQLExecDirect(st, (SQLCHAR *)sql, SQL_NTS), SQL_HANDLE_STMT, st);
    CU_ASSERT_EQUAL(SQLFetch(st), SQL_SUCCESS);
    CU_ASSERT_EQUAL(SQLMoreResults(st), SQL_ERROR);
    CU_ASSERT(itest_diag(SQL_HANDLE_STMT, st, state, NULL, 0));
    CU_ASSERT_EQUAL(SQLMoreResults(st), SQL_NO_DATA);
    CU_ASSERT(itest_refresh(dbc, table));
    snprintf(sql, sizeof sql, "SELECT count(*) FROM %s", table);
    CU_ASSERT(itest_query_text(dbc, sql, got, sizeof got));
    CU_ASSERT_STRING_EQUAL(got, "2");                   /* the INSERT after it never ran */
    /* parameter arrays serve single statements only */
    SQLINTEGER ids[2] = { 10, 11 };
    ITEST_OK(SQLBindParameter(st, 1, SQL_PARAM_INPUT, SQL_C_SLONG, SQL_INTEGER, 0, 0, ids, 0,
                              NULL), SQL_HANDLE_STMT, st);
    ITEST_OK(SQLSetStmtAttr(st, SQL_ATTR_PARAMSET_SIZE, (SQLPOINTER)2, 0), SQL_HANDLE_STMT, st);
    snprintf(sql, sizeof sql, "INSERT INTO %s (id) VALUES (?); SELECT 1", table);
    ITEST_EXPECT_ERROR(SQLExecDirect(st, (SQLCHAR *)sql, SQL_NTS), SQL_HANDLE_STMT, st, "HYC00");
    itest_free_stmt(st);
    drop_table(dbc);
    itest_disconnect(dbc);
}

/* The parameter-array attributes are the APD/IPD header fields: set through
 * SQLSetDescField, read through SQLGetStmtAttr and used by SQLExecute. A
 * SQL_C_NUMERIC value takes precision and scale from its APD record. */
static void test_array_through_descriptors(void)
{
    SQLINTEGER ids[3] = { 1, 2, 3 };
    SQLUSMALLINT status[3] = { 9, 9, 9 };
    SQLULEN processed = 0, size = 0;
    SQLHDESC apd, ipd;
    SQLPOINTER p = NULL;
    char sql[256], got[64];
    dbc = itest_connect();
    make_table(dbc, itest_is_cratedb() ? "id int PRIMARY KEY, n numeric(10,3)"
                                       : "id int PRIMARY KEY, n numeric");
    SQLHSTMT st = itest_stmt(dbc);
    ITEST_OK(SQLGetStmtAttr(st, SQL_ATTR_APP_PARAM_DESC, &apd, 0, NULL), SQL_HANDLE_STMT, st);
    ITEST_OK(SQLGetStmtAttr(st, SQL_ATTR_IMP_PARAM_DESC, &ipd, 0, NULL), SQL_HANDLE_STMT, st);
    ITEST_OK(SQLSetDescField(apd, 0, SQL_DESC_ARRAY_SIZE, (SQLPOINTER)3, 0), SQL_HANDLE_DESC,
             apd);
    ITEST_OK(SQLSetDescField(ipd, 0, SQL_DESC_ARRAY_STATUS_PTR, status, 0), SQL_HANDLE_DESC,
             ipd);
    ITEST_OK(SQLSetDescField(ipd, 0, SQL_DESC_ROWS_PROCESSED_PTR, &processed, 0),
             SQL_HANDLE_DESC, ipd);
    ITEST_OK(SQLGetStmtAttr(st, SQL_ATTR_PARAMSET_SIZE, &size, 0, NULL), SQL_HANDLE_STMT, st);
    CU_ASSERT_EQUAL(size, 3);
    ITEST_OK(SQLGetStmtAttr(st, SQL_ATTR_PARAM_STATUS_PTR, &p, 0, NULL), SQL_HANDLE_STMT, st);
    CU_ASSERT_PTR_EQUAL(p, status);
    ITEST_OK(SQLBindParameter(st, 1, SQL_PARAM_INPUT, SQL_C_SLONG, SQL_INTEGER, 0, 0, ids, 0,
                              NULL), SQL_HANDLE_STMT, st);
    snprintf(sql, sizeof sql, "INSERT INTO %s (id) VALUES (?)", table);
    ITEST_OK(SQLExecDirect(st, (SQLCHAR *)sql, SQL_NTS), SQL_HANDLE_STMT, st);
    CU_ASSERT_EQUAL(processed, 3);
    CU_ASSERT(status[0] == SQL_PARAM_SUCCESS && status[2] == SQL_PARAM_SUCCESS);
    /* SQL_C_NUMERIC: 12345 with the APD's scale 3 (the struct says 2) */
    SQL_NUMERIC_STRUCT num;
    SQLINTEGER id = 1;
    set_num(&num, 1);
    ITEST_OK(SQLSetStmtAttr(st, SQL_ATTR_PARAMSET_SIZE, (SQLPOINTER)1, 0), SQL_HANDLE_STMT, st);
    ITEST_OK(SQLBindParameter(st, 1, SQL_PARAM_INPUT, SQL_C_NUMERIC, SQL_NUMERIC, 10, 3, &num,
                              0, NULL), SQL_HANDLE_STMT, st);
    ITEST_OK(SQLBindParameter(st, 2, SQL_PARAM_INPUT, SQL_C_SLONG, SQL_INTEGER, 0, 0, &id, 0,
                              NULL), SQL_HANDLE_STMT, st);
    snprintf(sql, sizeof sql, "UPDATE %s SET n = ? WHERE id = ?", table);
    ITEST_OK(SQLExecDirect(st, (SQLCHAR *)sql, SQL_NTS), SQL_HANDLE_STMT, st);
    snprintf(sql, sizeof sql, "SELECT CAST(n AS text) FROM %s WHERE id = 1", table);
    CU_ASSERT(itest_query_text(dbc, sql, got, sizeof got));
    CU_ASSERT_STRING_EQUAL(got, "12.345");
    /* and through SQLSetDescField: precision 4 cannot hold 5 digits */
    ITEST_OK(SQLSetDescField(apd, 1, SQL_DESC_PRECISION, (SQLPOINTER)4, 0), SQL_HANDLE_DESC,
             apd);
    ITEST_OK(SQLSetDescField(apd, 1, SQL_DESC_DATA_PTR, &num, 0), SQL_HANDLE_DESC, apd);
    snprintf(sql, sizeof sql, "UPDATE %s SET n = ? WHERE id = ?", table);
    ITEST_EXPECT_ERROR(SQLExecDirect(st, (SQLCHAR *)sql, SQL_NTS), SQL_HANDLE_STMT, st,
                       "22003");
    itest_free_stmt(st);
    drop_table(dbc);
    itest_disconnect(dbc);
}

/* ------------------------------------------------------------ describing parameters */

/* SQLNumParams and SQLDescribeParam from the server's ParameterDescription,
 * before any execution; a parameter the server cannot type ("SELECT ?":
 * PostgreSQL says text, CrateDB undefined) is character data, and a numeric
 * one, whose scale the wire does not carry, is NUMERIC(38,16). Sizes are
 * those SQLColumns gives the columns (test_metadata_agree.c): real and
 * double in bits, CrateDB's timestamps with its 3 fractional digits. */
static void test_describe_params(void)
{
    struct { SQLSMALLINT type; SQLULEN size; SQLSMALLINT digits; } want[] = {
        { SQL_SMALLINT, 5, 0 }, { SQL_INTEGER, 10, 0 }, { SQL_BIGINT, 19, 0 },
        { SQL_REAL, 24, 0 }, { SQL_DOUBLE, 53, 0 }, { SQL_NUMERIC, 38, 16 }, { SQL_BIT, 1, 0 },
        { SQL_VARCHAR, 0, 0 }, { SQL_TYPE_DATE, 10, 0 }, { SQL_TYPE_TIMESTAMP, 26, 6 },
    };
    char sql[256], cols[256];
    SQLSMALLINT n = -1, type, digits, nullable;
    SQLULEN size;
    if (itest_speaks_crate())
        want[9].size = 23, want[9].digits = 3;
    if (!itest_coltype("date"))     /* CrateDB 6.4: d is a timestamp column */
        want[8] = want[9];
    snprintf(cols, sizeof cols, "i2 smallint, i4 integer, i8 bigint, f4 real, "
             "f8 double precision, n %s, b boolean, t text, d %s, ts timestamp",
             numeric_col(), date_col());
    dbc = itest_connect();
    make_table(dbc, cols);
    SQLHSTMT st = itest_stmt(dbc);
    snprintf(sql, sizeof sql, "INSERT INTO %s (i2, i4, i8, f4, f8, n, b, t, d, ts) VALUES "
             "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", table);
    ITEST_OK(SQLPrepare(st, (SQLCHAR *)sql, SQL_NTS), SQL_HANDLE_STMT, st);
    ITEST_OK(SQLNumParams(st, &n), SQL_HANDLE_STMT, st);
    CU_ASSERT_EQUAL(n, 10);
    for (SQLUSMALLINT i = 1; i <= 10; i++) {
        type = 0;
        size = 12345;
        digits = -1;
        if (!ITEST_OK(SQLDescribeParam(st, i, &type, &size, &digits, &nullable),
                      SQL_HANDLE_STMT, st))
            continue;
        bool ok = type == want[i - 1].type && digits == want[i - 1].digits &&
                  (want[i - 1].type == SQL_VARCHAR ? size > 0 : size == want[i - 1].size);
        if (!ok)
            fprintf(stderr, "parameter %u: type %d size %lu digits %d\n", i, type,
                    (unsigned long)size, digits);
        CU_ASSERT(ok);
        CU_ASSERT_EQUAL(nullable, SQL_NULLABLE_UNKNOWN);
    }
    ITEST_EXPECT_ERROR(SQLDescribeParam(st, 11, &type, &size, &digits, &nullable),
                       SQL_HANDLE_STMT, st, "07009");
    ITEST_EXPECT_ERROR(SQLDescribeParam(st, 0, &type, &size, &digits, &nullable),
                       SQL_HANDLE_STMT, st, "07009");
    /* no context (CrateDB: unknown, OID 705, also for `? IS NULL`, which
     * PostgreSQL refuses to type): character data, and a value bound to it
     * travels as text and comes back as the server read it */
    static const char *const no_context[] = { "SELECT ?", "SELECT ? IS NULL" };
    for (int k = 0; k < (itest_is_cratedb() ? 2 : 1); k++) {
        ITEST_OK(SQLPrepare(st, (SQLCHAR *)no_context[k], SQL_NTS), SQL_HANDLE_STMT, st);
        ITEST_OK(SQLDescribeParam(st, 1, &type, &size, &digits, &nullable), SQL_HANDLE_STMT,
                 st);
        CU_ASSERT(type == SQL_VARCHAR || type == SQL_WVARCHAR || type == SQL_LONGVARCHAR);
    }
    SQLINTEGER v = 42;
    char got[16] = "";
    SQLLEN ind;
    ITEST_OK(SQLPrepare(st, (SQLCHAR *)"SELECT ?", SQL_NTS), SQL_HANDLE_STMT, st);
    ITEST_OK(SQLDescribeParam(st, 1, &type, &size, &digits, &nullable), SQL_HANDLE_STMT, st);
    ITEST_OK(SQLBindParameter(st, 1, SQL_PARAM_INPUT, SQL_C_SLONG, SQL_INTEGER, 0, 0, &v, 0,
                              NULL), SQL_HANDLE_STMT, st);
    for (int run = 0; run < 2; run++) {   /* the second knows the described type */
        ITEST_OK(SQLExecute(st), SQL_HANDLE_STMT, st);
        ITEST_OK(SQLFetch(st), SQL_HANDLE_STMT, st);
        ITEST_OK(SQLGetData(st, 1, SQL_C_CHAR, got, sizeof got, &ind), SQL_HANDLE_STMT, st);
        CU_ASSERT_STRING_EQUAL(got, "42");
        SQLFreeStmt(st, SQL_CLOSE);
    }
    itest_free_stmt(st);
    drop_table(dbc);
    itest_disconnect(dbc);
}

/* ------------------------------------------------------------ interrupting an array */

/* True when some diagnostic record of st has SQLSTATE `state`. */
static bool has_state(SQLHSTMT st, const char *state)
{
    SQLCHAR got[6];
    SQLINTEGER native;
    SQLSMALLINT len;
    SQLCHAR msg[512];
    for (SQLSMALLINT i = 1; SQLGetDiagRec(SQL_HANDLE_STMT, st, i, got, &native, msg,
                                         sizeof msg, &len) == SQL_SUCCESS; i++)
        if (strcmp((char *)got, state) == 0)
            return true;
    return false;
}

/*
 * 3,000 sets (three slices): the first slice is quick, every set after it
 * takes the server ~20 ms, so a query timeout of 2 s (timeout) or a
 * SQLCancel after 1 s (!timeout) lands in the second slice (40 s of work).
 * The call ends with HYT00 / HY008 instead of running on; the first slice
 * stands, nothing of the second and third happened, and the status array
 * says so.
 */
static void interrupt_array(bool timeout)
{
    enum { N = 3000 };
    static SQLINTEGER ids[N], work[N];
    static SQLUSMALLINT status[N];
    char sql[256];
    dbc = itest_connect();
    make_table(dbc, "id int PRIMARY KEY, v bigint");
    for (int i = 0; i < N; i++) {
        ids[i] = i;
        work[i] = i < 1000 ? 1 : 400000;
        status[i] = 9999;
    }
    SQLHSTMT st = itest_stmt(dbc);
    SQLSetStmtAttr(st, SQL_ATTR_PARAMSET_SIZE, (SQLPOINTER)(SQLULEN)N, 0);
    SQLSetStmtAttr(st, SQL_ATTR_PARAM_STATUS_PTR, status, 0);
    if (timeout)
        ITEST_OK(SQLSetStmtAttr(st, SQL_ATTR_QUERY_TIMEOUT, (SQLPOINTER)2, 0), SQL_HANDLE_STMT,
                 st);
    ITEST_OK(SQLBindParameter(st, 1, SQL_PARAM_INPUT, SQL_C_SLONG, SQL_INTEGER, 0, 0, ids, 0,
                              NULL), SQL_HANDLE_STMT, st);
    ITEST_OK(SQLBindParameter(st, 2, SQL_PARAM_INPUT, SQL_C_SLONG, SQL_INTEGER, 0, 0, work, 0,
                              NULL), SQL_HANDLE_STMT, st);
    snprintf(sql, sizeof sql, "INSERT INTO %s (id, v) VALUES (?, (SELECT count(*) FROM "
             "generate_series(1, CAST(? AS integer))))", table);
    SQLRETURN rc, cancel_rc = SQL_SUCCESS;
    if (timeout)
        rc = SQLExecDirect(st, (SQLCHAR *)sql, SQL_NTS);
    else   /* a SQLCancel from another thread, a second later */
        rc = itest_exec_cancelled(st, sql, 1000, &cancel_rc);
    CU_ASSERT_EQUAL(cancel_rc, SQL_SUCCESS);
    CU_ASSERT_EQUAL(rc, SQL_ERROR);
    CU_ASSERT(has_state(st, timeout ? "HYT00" : "HY008"));
    int ok = 0, failed = 0, unused = 0;
    for (int i = 0; i < N; i++) {
        ok += status[i] == SQL_PARAM_SUCCESS;
        failed += status[i] == SQL_PARAM_ERROR;
        unused += status[i] == SQL_PARAM_UNUSED;
    }
    /* Normally the first slice (1,000) stands. On a slow machine (valgrind)
     * the interruption may come earlier, or while the server waits for more
     * sets of a slice (PostgreSQL then drops the CancelRequest and runs the
     * sets it has): whatever stands is a prefix of successes, then at most
     * one failed set, then unused ones, and the table holds exactly those. */
    CU_ASSERT(ok < N);
    CU_ASSERT(failed <= 1);
    CU_ASSERT_EQUAL(ok + failed + unused, N);
    for (int i = 0; i < ok; i++)
        if (status[i] != SQL_PARAM_SUCCESS) {
            CU_FAIL("the sets that stand are not the first ones");
            break;
        }
    itest_free_stmt(st);
    SQLLEN stored = count_rows();         /* the connection is usable, too */
    /* PostgreSQL undoes the set the cancel stopped; CrateDB has nothing to
     * undo it with, and its kill can land after that set's row was written
     * (seen under load: 89 done, the 90th killed, 90 rows). */
    bool kept_killed = itest_is_cratedb() && failed == 1 && stored == ok + 1;
    if (stored != ok)
        fprintf(stderr, "%d sets done, %d failed, %d unused; %ld rows stored\n", ok, failed,
                unused, (long)stored);
    CU_ASSERT(stored == ok || kept_killed);
    drop_table(dbc);
    itest_disconnect(dbc);
}

/*
 * SQLCancel while the server runs a bulk: 3,000 sets whose rows take the
 * server long to write (60 KB built from each set's word, indexed as full
 * text on CrateDB: about a second per slice of 1,000), cancelled after
 * 1.5 s. CrateDB kills the bulk and answers the sets it had not written
 * with -3; those are SQL_PARAM_UNUSED, like every set not sent. Whatever
 * the timing, the sets reported done are exactly the rows in the table and
 * no set failed on its own (PostgreSQL: at most the one the cancel hit).
 */
static void test_array_cancel_bulk(void)
{
    enum { N = 3000 };
    static SQLINTEGER ids[N];
    static char words[N][12];
    static SQLLEN word_ind[N];
    static SQLUSMALLINT status[N];
    char sql[256], cols[160];
    dbc = itest_connect();
    snprintf(cols, sizeof cols, "id int PRIMARY KEY, w text, t text%s",
             itest_is_cratedb() ? " INDEX USING fulltext WITH (analyzer = 'english')" : "");
    make_table(dbc, cols);
    for (int i = 0; i < N; i++) {
        ids[i] = i;
        word_ind[i] = snprintf(words[i], sizeof words[i], "w%d ", i);
        status[i] = 9999;
    }
    SQLHSTMT st = itest_stmt(dbc);
    SQLSetStmtAttr(st, SQL_ATTR_PARAMSET_SIZE, (SQLPOINTER)(SQLULEN)N, 0);
    SQLSetStmtAttr(st, SQL_ATTR_PARAM_STATUS_PTR, status, 0);
    ITEST_OK(SQLBindParameter(st, 1, SQL_PARAM_INPUT, SQL_C_SLONG, SQL_INTEGER, 0, 0, ids, 0,
                              NULL), SQL_HANDLE_STMT, st);
    for (SQLUSMALLINT p = 2; p <= 3; p++)
        ITEST_OK(SQLBindParameter(st, p, SQL_PARAM_INPUT, SQL_C_CHAR, SQL_VARCHAR, 11, 0, words,
                                  sizeof words[0], word_ind), SQL_HANDLE_STMT, st);
    snprintf(sql, sizeof sql, "INSERT INTO %s (id, w, t) VALUES (?, ?, repeat(?, 10000))",
             table);
    SQLRETURN cancel_rc, rc = itest_exec_cancelled(st, sql, 1500, &cancel_rc);
    CU_ASSERT_EQUAL(cancel_rc, SQL_SUCCESS);
    int ok = 0, failed = 0, unused = 0;
    for (int i = 0; i < N; i++) {
        ok += status[i] == SQL_PARAM_SUCCESS;
        failed += status[i] == SQL_PARAM_ERROR;
        unused += status[i] == SQL_PARAM_UNUSED;
    }
    CU_ASSERT_EQUAL(ok + failed + unused, N);
    if (rc == SQL_SUCCESS) {          /* done before the cancel arrived */
        CU_ASSERT_EQUAL(ok, N);
    } else {
        CU_ASSERT_EQUAL(rc, SQL_ERROR);
        CU_ASSERT(has_state(st, "HY008"));
        CU_ASSERT(failed <= (itest_is_cratedb() ? 0 : 1));
        CU_ASSERT(ok < N);
    }
    itest_free_stmt(st);
    int *done = malloc(sizeof *done * N), nd = 0;
    CU_ASSERT_PTR_NOT_NULL_FATAL(done);
    for (int i = 0; i < N; i++)
        if (status[i] == SQL_PARAM_SUCCESS)
            done[nd++] = i;
    table_holds(done, nd);
    free(done);
    drop_table(dbc);
    itest_disconnect(dbc);
}

static void test_array_query_timeout(void) { interrupt_array(true); }
static void test_array_cancel_thread(void) { interrupt_array(false); }

/* ------------------------------------------------------------ binary values */

/* Once the server has described the parameters (the first slice of an
 * array, or SQLDescribeParam), integers, floats and timestamps go in binary
 * (param_convert.c). Both ways must store exactly what the text way stores:
 * every value is read back into the same C type and compared bit for bit. */
typedef struct num_row {
    SQLSMALLINT s;
    SQLINTEGER i;
    SQLBIGINT b;
    SQLREAL r;
    SQLDOUBLE d;
    SQL_TIMESTAMP_STRUCT ts;
    SQLLEN ind[6];
} num_row;

static const SQL_TIMESTAMP_STRUCT ts_cases[] = {
    { 2000, 1, 1, 0, 0, 0, 0 },
    { 1900, 1, 1, 0, 0, 0, 1000 },             /* one microsecond */
    { 1969, 12, 31, 23, 59, 59, 999999000 },
    { 2040, 2, 29, 12, 0, 0, 123456000 },
    { 1, 1, 1, 0, 0, 0, 0 },
    { 9999, 12, 31, 23, 59, 59, 999999000 },
    { 2038, 1, 19, 3, 14, 8, 1999 },           /* nanoseconds: text, rounded */
    { 1969, 7, 20, 20, 17, 40, 125000000 },    /* whole milliseconds before 2000 */
};

static void fill_num_row(num_row *r, int k)
{
    static const SQLSMALLINT s[] = { INT16_MIN, INT16_MAX, 0, -1 };
    static const SQLINTEGER i[] = { INT32_MIN, INT32_MAX, 0, -1 };
    const SQLBIGINT b[] = { bigint_min(), bigint_max(), 0, -1 };
    const SQLREAL r_[] = { 3.4028235e38f, -1.17549435e-38f, NAN, INFINITY, -INFINITY, -0.0f,
                           1.5f };
    const SQLDOUBLE d[] = { 1.7976931348623157e308, 4.9e-324, NAN, INFINITY, -INFINITY, -0.0,
                            1.0 / 3 };
    memset(r, 0, sizeof *r);
    r->s = k % 5 == 4 ? (SQLSMALLINT)(k % 30000) : s[k % 5 % 4];
    r->i = k % 5 == 4 ? k * 7919 : i[k % 5 % 4];
    r->b = k % 5 == 4 ? (SQLBIGINT)k * 1000000007LL : b[k % 5 % 4];
    r->r = k % 8 == 7 ? (SQLREAL)k * 0.1f : r_[k % 8 % 7];
    r->d = k % 8 == 7 ? k * 0.1 : d[k % 8 % 7];
    r->ts = ts_cases[k % (int)(sizeof ts_cases / sizeof ts_cases[0])];
    for (int c = 0; c < 6; c++)
        r->ind[c] = k % 11 == c ? SQL_NULL_DATA : 0;
}

static bool same_real(double a, double b)
{
    return (isnan(a) && isnan(b)) || (a == b && signbit(a) == signbit(b));
}

/* Reads rows [0, n) back (ORDER BY id) and compares them with fill_num_row. */
static void check_num_rows(int n)
{
    char sql[160];
    num_row got, want;
    SQLINTEGER id;
    SQLLEN id_ind;
    CU_ASSERT(itest_refresh(dbc, table));
    SQLHSTMT st = itest_stmt(dbc);
    snprintf(sql, sizeof sql, "SELECT id, s, i, b, r, d, ts FROM %s ORDER BY id", table);
    if (!ITEST_OK(SQLExecDirect(st, (SQLCHAR *)sql, SQL_NTS), SQL_HANDLE_STMT, st)) {
        itest_free_stmt(st);
        return;
    }
    SQLBindCol(st, 1, SQL_C_SLONG, &id, 0, &id_ind);
    SQLBindCol(st, 2, SQL_C_SSHORT, &got.s, 0, &got.ind[0]);
    SQLBindCol(st, 3, SQL_C_SLONG, &got.i, 0, &got.ind[1]);
    SQLBindCol(st, 4, SQL_C_SBIGINT, &got.b, 0, &got.ind[2]);
    SQLBindCol(st, 5, SQL_C_FLOAT, &got.r, 0, &got.ind[3]);
    SQLBindCol(st, 6, SQL_C_DOUBLE, &got.d, 0, &got.ind[4]);
    SQLBindCol(st, 7, SQL_C_TYPE_TIMESTAMP, &got.ts, 0, &got.ind[5]);
    int k = 0, bad = 0;
    while (SQL_SUCCEEDED(SQLFetch(st))) {
        fill_num_row(&want, k);
        bool ok = id == k;
        for (int c = 0; c < 6; c++)
            ok = ok && (got.ind[c] == SQL_NULL_DATA) == (want.ind[c] == SQL_NULL_DATA);
        if (itest_is_cratedb())        /* CrateDB keeps milliseconds, cut */
            want.ts.fraction = want.ts.fraction / 1000000 * 1000000;
        else if (want.ts.fraction % 1000)   /* PostgreSQL rounds to microseconds */
            want.ts.fraction = (want.ts.fraction + 500) / 1000 * 1000;
        ok = ok && (want.ind[0] || got.s == want.s) && (want.ind[1] || got.i == want.i) &&
             (want.ind[2] || got.b == want.b) && (want.ind[3] || same_real(got.r, want.r)) &&
             (want.ind[4] || same_real(got.d, want.d)) &&
             (want.ind[5] || memcmp(&got.ts, &want.ts, sizeof got.ts) == 0);
        if (!ok && bad++ < 5)
            fprintf(stderr, "row %d: s %d/%d i %d/%d b %lld/%lld r %.9g/%.9g d %.17g/%.17g "
                    "ts %d-%u-%u %u:%u:%u.%lu/%d-%u-%u %u:%u:%u.%lu\n", k, got.s, want.s,
                    (int)got.i, (int)want.i, (long long)got.b, (long long)want.b, got.r,
                    want.r, got.d, want.d, got.ts.year, got.ts.month, got.ts.day,
                    got.ts.hour, got.ts.minute, got.ts.second, (unsigned long)got.ts.fraction,
                    want.ts.year, want.ts.month, want.ts.day, want.ts.hour, want.ts.minute,
                    want.ts.second, (unsigned long)want.ts.fraction);
        k++;
    }
    CU_ASSERT_EQUAL(bad, 0);
    CU_ASSERT_EQUAL(k, n);
    itest_free_stmt(st);
}

static void bind_num_params(SQLHSTMT st, num_row *r, SQLINTEGER *id)
{
    ITEST_OK(SQLBindParameter(st, 1, SQL_PARAM_INPUT, SQL_C_SLONG, SQL_INTEGER, 0, 0, id, 0,
                              NULL), SQL_HANDLE_STMT, st);
    ITEST_OK(SQLBindParameter(st, 2, SQL_PARAM_INPUT, SQL_C_SSHORT, SQL_SMALLINT, 0, 0, &r->s,
                              0, &r->ind[0]), SQL_HANDLE_STMT, st);
    ITEST_OK(SQLBindParameter(st, 3, SQL_PARAM_INPUT, SQL_C_SLONG, SQL_INTEGER, 0, 0, &r->i, 0,
                              &r->ind[1]), SQL_HANDLE_STMT, st);
    ITEST_OK(SQLBindParameter(st, 4, SQL_PARAM_INPUT, SQL_C_SBIGINT, SQL_BIGINT, 0, 0, &r->b,
                              0, &r->ind[2]), SQL_HANDLE_STMT, st);
    ITEST_OK(SQLBindParameter(st, 5, SQL_PARAM_INPUT, SQL_C_FLOAT, SQL_REAL, 0, 0, &r->r, 0,
                              &r->ind[3]), SQL_HANDLE_STMT, st);
    ITEST_OK(SQLBindParameter(st, 6, SQL_PARAM_INPUT, SQL_C_DOUBLE, SQL_DOUBLE, 0, 0, &r->d, 0,
                              &r->ind[4]), SQL_HANDLE_STMT, st);
    ITEST_OK(SQLBindParameter(st, 7, SQL_PARAM_INPUT, SQL_C_TYPE_TIMESTAMP, SQL_TYPE_TIMESTAMP,
                              26, 6, &r->ts, 0, &r->ind[5]), SQL_HANDLE_STMT, st);
}

#define NUM_COLS "id int PRIMARY KEY, s smallint, i integer, b bigint, r real, " \
                 "d double precision, ts timestamp"

/* A row-wise array of 2,500 sets: the first slice goes as text, the two
 * after it (described by then) in binary. */
static void test_binary_values_in_arrays(void)
{
    enum { N = 2500 };
    static struct { SQLINTEGER id; num_row r; } rows[N];
    SQLUSMALLINT status[N];
    char sql[160];
    SQLLEN count = 0;
    dbc = itest_connect();
    make_table(dbc, NUM_COLS);
    for (int k = 0; k < N; k++) {
        rows[k].id = k;
        fill_num_row(&rows[k].r, k);
    }
    SQLHSTMT st = itest_stmt(dbc);
    ITEST_OK(SQLSetStmtAttr(st, SQL_ATTR_PARAM_BIND_TYPE, (SQLPOINTER)sizeof rows[0], 0),
             SQL_HANDLE_STMT, st);
    ITEST_OK(SQLSetStmtAttr(st, SQL_ATTR_PARAMSET_SIZE, (SQLPOINTER)(SQLULEN)N, 0),
             SQL_HANDLE_STMT, st);
    ITEST_OK(SQLSetStmtAttr(st, SQL_ATTR_PARAM_STATUS_PTR, status, 0), SQL_HANDLE_STMT, st);
    bind_num_params(st, &rows[0].r, &rows[0].id);
    snprintf(sql, sizeof sql, "INSERT INTO %s (id, s, i, b, r, d, ts) VALUES "
             "(?, ?, ?, ?, ?, ?, ?)", table);
    ITEST_OK(SQLPrepare(st, (SQLCHAR *)sql, SQL_NTS), SQL_HANDLE_STMT, st);
    ITEST_OK(SQLExecute(st), SQL_HANDLE_STMT, st);
    ITEST_OK(SQLRowCount(st, &count), SQL_HANDLE_STMT, st);
    CU_ASSERT_EQUAL(count, N);
    int ok = 0;
    for (int k = 0; k < N; k++)
        ok += status[k] == SQL_PARAM_SUCCESS;
    CU_ASSERT_EQUAL(ok, N);
    itest_free_stmt(st);
    check_num_rows(N);
    drop_table(dbc);
    itest_disconnect(dbc);
}

/* Single executions of a prepared statement: the first one's Parse tells
 * the types (or SQLDescribeParam did before it). */
static void prepared_single_executions(bool describe)
{
    enum { N = 60 };
    num_row r;
    SQLINTEGER id;
    SQLSMALLINT type = 0, digits, nullable;
    SQLULEN size;
    char sql[160];
    dbc = itest_connect();
    make_table(dbc, NUM_COLS);
    SQLHSTMT st = itest_stmt(dbc);
    bind_num_params(st, &r, &id);
    snprintf(sql, sizeof sql, "INSERT INTO %s (id, s, i, b, r, d, ts) VALUES "
             "(?, ?, ?, ?, ?, ?, ?)", table);
    ITEST_OK(SQLPrepare(st, (SQLCHAR *)sql, SQL_NTS), SQL_HANDLE_STMT, st);
    if (describe) {
        ITEST_OK(SQLDescribeParam(st, 6, &type, &size, &digits, &nullable), SQL_HANDLE_STMT,
                 st);
        CU_ASSERT_EQUAL(type, SQL_DOUBLE);
    }
    for (int k = 0; k < N; k++) {
        id = k;
        fill_num_row(&r, k);
        if (!ITEST_OK(SQLExecute(st), SQL_HANDLE_STMT, st))
            break;
    }
    itest_free_stmt(st);
    check_num_rows(N);
    drop_table(dbc);
    itest_disconnect(dbc);
}

static void test_binary_values_after_describe(void) { prepared_single_executions(true); }
static void test_binary_values_prepared(void) { prepared_single_executions(false); }

void itest_register_params(void)
{
    static const itest_case cases[] = {
        {"roundtrip_every_c_type", test_roundtrip_every_c_type},
        {"conversion_errors", test_conversion_errors},
        {"array_column_wise", test_array_column_wise},
        {"array_row_wise_with_failure", test_array_row_wise_with_failure},
        {"array_failure_in_binary_slice", test_array_failure_in_binary_slice},
        {"array_failing_sets", test_array_failing_sets},
        {"array_undecodable_value", test_array_undecodable_value},
        {"array_undecodable_second", test_array_undecodable_second},
        {"array_whole_bulk_failure", test_array_whole_bulk_failure},
        {"array_insert_select", test_array_insert_select},
        {"array_update_delete", test_array_update_delete},
        {"array_on_conflict", test_array_on_conflict},
        {"describe_params", test_describe_params},
        {"array_query_timeout", test_array_query_timeout},
        {"array_cancel_thread", test_array_cancel_thread},
        {"array_cancel_bulk", test_array_cancel_bulk},
        {"timestamps_outside_1_to_9999", test_timestamps_outside_1_to_9999},
        {"data_at_exec", test_data_at_exec},
        {"multi_statement", test_multi_statement},
        {"multi_statement_failure", test_multi_statement_failure},
        {"array_through_descriptors", test_array_through_descriptors},
        {"binary_values_in_arrays", test_binary_values_in_arrays},
        {"binary_values_after_describe", test_binary_values_after_describe},
        {"binary_values_prepared", test_binary_values_prepared},
        {NULL, NULL},
    };
    itest_add_suite("params", cases);
}
