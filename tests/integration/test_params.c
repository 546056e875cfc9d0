/*
 * test_params.c: parameters in both profiles: every C type through a
 * parameter into the column types CrateDB and PostgreSQL share and back
 * (NULLs, non-ASCII text, integer limits, NaN/infinities, dates before 1970
 * and after 2038), parameter arrays (column-wise and row-wise, ignored
 * sets, a failing set in the middle, the array attributes as descriptor
 * fields), data at execution in pieces, a value that looks like SQL stored
 * verbatim, and texts of several statements walked with SQLMoreResults.
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

static void test_roundtrip_every_c_type(void)
{
    static const signed char ti = -128;
    static const unsigned char uti = 255, bit1 = 1;
    static const SQLSMALLINT si = -32768;
    static const SQLUSMALLINT usi = 65535;
    static const SQLINTEGER li = INT32_MIN;
    static const SQLUINTEGER uli = 4000000000u;
    static const SQLBIGINT bmin = INT64_MIN, bmax = INT64_MAX;
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
    const rt_case cases[] = {
        { "i2", SQL_C_STINYINT, SQL_SMALLINT, &ti, 0, "-128" },
        { "i2", SQL_C_UTINYINT, SQL_SMALLINT, &uti, 0, "255" },
        { "i2", SQL_C_SSHORT, SQL_SMALLINT, &si, 0, "-32768" },
        { "i4", SQL_C_USHORT, SQL_INTEGER, &usi, 0, "65535" },
        { "i4", SQL_C_SLONG, SQL_INTEGER, &li, 0, "-2147483648" },
        { "i8", SQL_C_ULONG, SQL_BIGINT, &uli, 0, "4000000000" },
        { "i8", SQL_C_SBIGINT, SQL_BIGINT, &bmin, 0, "-9223372036854775808" },
        { "i8", SQL_C_SBIGINT, SQL_BIGINT, &bmax, 0, "9223372036854775807" },
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
    dbc = itest_connect();
    make_table(dbc, "id int PRIMARY KEY, i2 smallint, i4 integer, i8 bigint, f4 real, "
                    "f8 double precision, n numeric, b boolean, t text, dt date, "
                    "ts timestamp");
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
        if (strcmp(c->col, "ts") == 0)
            snprintf(sql, sizeof sql, "SELECT CAST(ts AS text) FROM %s WHERE id = %d",
                     table, (int)k);
        else
            snprintf(sql, sizeof sql, "SELECT CAST(%s AS text) FROM %s WHERE id = %d",
                     c->col, table, (int)k);
        if (itest_query_text(dbc, sql, got, sizeof got)) {
            /* both servers: timestamp text may carry trailing ".000" or not */
            size_t wl = strlen(c->want);
            bool same = strcmp(got, c->want) == 0 ||
                        (strncmp(got, c->want, wl) == 0 && strcmp(got + wl, ".000") == 0);
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
    /* a real CrateDB needs REFRESH TABLE first (FACTS §6); the test server
     * (PostgreSQL behind the proxy in the crate profile) has no such statement */
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
    make_table(dbc, "id int PRIMARY KEY, v int, t text");
    for (int pass = 0; pass < 2; pass++) {
        SQLHSTMT st = itest_stmt(dbc);
        SQLSMALLINT np = 0, ncols = -1;
        for (int i = 0; i < 6; i++)
            ITEST_OK(SQLBindParameter(st, (SQLUSMALLINT)(i + 1), SQL_PARAM_INPUT, SQL_C_SLONG,
                                      SQL_INTEGER, 0, 0, &v[i], 0, NULL), SQL_HANDLE_STMT, st);
        snprintf(sql, sizeof sql,
                 "INSERT INTO %s (id, v, t) VALUES (?, ?, 'a;b'), (?, ?, 'c?d') ;\n"
                 "UPDATE %s SET v = ? WHERE id = 1; -- a comment; with a ?\n"
                 "SELECT id, v FROM %s ORDER BY id;;\n"
                 "DELETE FROM %s WHERE id = ?;",
                 table, table, table, table);
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
    make_table(dbc, "id int PRIMARY KEY, n numeric");
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
 * one, whose scale the wire does not carry, is NUMERIC(38,16). */
static void test_describe_params(void)
{
    static const struct { SQLSMALLINT type; SQLULEN size; SQLSMALLINT digits; } want[] = {
        { SQL_SMALLINT, 5, 0 }, { SQL_INTEGER, 10, 0 }, { SQL_BIGINT, 19, 0 },
        { SQL_REAL, 7, 0 }, { SQL_DOUBLE, 15, 0 }, { SQL_NUMERIC, 38, 16 }, { SQL_BIT, 1, 0 },
        { SQL_VARCHAR, 0, 0 }, { SQL_TYPE_DATE, 10, 0 }, { SQL_TYPE_TIMESTAMP, 26, 6 },
    };
    char sql[256];
    SQLSMALLINT n = -1, type, digits, nullable;
    SQLULEN size;
    dbc = itest_connect();
    make_table(dbc, "i2 smallint, i4 integer, i8 bigint, f4 real, f8 double precision, "
                    "n numeric, b boolean, t text, d date, ts timestamp");
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
    ITEST_OK(SQLPrepare(st, (SQLCHAR *)"SELECT ?", SQL_NTS), SQL_HANDLE_STMT, st);
    ITEST_OK(SQLDescribeParam(st, 1, &type, &size, &digits, &nullable), SQL_HANDLE_STMT, st);
    CU_ASSERT(type == SQL_VARCHAR || type == SQL_WVARCHAR || type == SQL_LONGVARCHAR);
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
    CU_ASSERT_EQUAL(count_rows(), ok);    /* the connection is usable, too */
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
};

static void fill_num_row(num_row *r, int k)
{
    static const SQLSMALLINT s[] = { INT16_MIN, INT16_MAX, 0, -1 };
    static const SQLINTEGER i[] = { INT32_MIN, INT32_MAX, 0, -1 };
    static const SQLBIGINT b[] = { INT64_MIN, INT64_MAX, 0, -1 };
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
    r->ts = ts_cases[k % 7];
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
        if (want.ts.fraction % 1000)   /* the server rounds to microseconds */
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
        {"describe_params", test_describe_params},
        {"array_query_timeout", test_array_query_timeout},
        {"array_cancel_thread", test_array_cancel_thread},
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
