/*
 * test_param_matrix.c: every ODBC C type through a parameter into every
 * CrateDB column type the C-to-SQL tables (ODBC appendix D) let it reach,
 * and back into the same C type with SQLGetData: what comes back must equal
 * what went in. Both profiles.
 *
 * Each pair is one prepared INSERT executed twice (two rows): the first
 * execution's Parse tells the driver the parameter types, so the second
 * sends integers, floats and timestamps in binary where it can
 * (param_convert.c); both rows must read back the same.
 *
 * Columns per profile. PostgreSQL (pg, crate): smallint, integer, bigint,
 * real, double precision, numeric, boolean, text, varchar(n), character(n),
 * date, timestamp, timestamptz, uuid, json, bit(n), integer[]. A real
 * CrateDB 6.4: the same where it stores them (numeric with a precision and
 * scale, object for json, array(integer)), no date (it cannot store one:
 * its pairs are reported as not applicable), and its own types ip and
 * geo_point. The values fit every column of their kind, so the matrix tests
 * conversions, not ranges (test_params.c and the unit tests do ranges).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "itest.h"

/* Column kinds: which C types may go in (appendix D) and which value.
 * K_FORM: a type with a text form of its own (character(n) filled to n,
 * bit(n), arrays, ip, geo_point): only character data goes in. */
enum {
    K_INT = 1 << 0, K_APPROX = 1 << 1, K_EXACT = 1 << 2, K_BOOL = 1 << 3, K_TEXT = 1 << 4,
    K_DATE = 1 << 5, K_TS = 1 << 6, K_UUID = 1 << 7, K_JSON = 1 << 8, K_FORM = 1 << 9
};
#define K_NUMBERS (K_INT | K_APPROX | K_EXACT | K_BOOL | K_TEXT)

typedef struct column {
    const char *name, *ddl;  /* ddl NULL: the server cannot store the type */
    SQLSMALLINT sql_type;
    SQLULEN size;
    unsigned kind;
    const char *text;        /* its value as character data */
    const char *back;        /* the text read back when it differs (JSON arrays, WKT) */
} column;

#define TEXT_VALUE "h\xc3\xa9llo \xe2\x82\xac \xf0\x9f\x98\x80"
static const column pg_columns[] = {
    { "c_i2", "smallint", SQL_SMALLINT, 0, K_INT, "-100", NULL },
    { "c_i4", "integer", SQL_INTEGER, 0, K_INT, "-100", NULL },
    { "c_i8", "bigint", SQL_BIGINT, 0, K_INT, "-100", NULL },
    { "c_f4", "real", SQL_REAL, 0, K_APPROX, "-2.5", NULL },
    { "c_f8", "double precision", SQL_DOUBLE, 0, K_APPROX, "-2.5", NULL },
    { "c_n", "numeric", SQL_NUMERIC, 10, K_EXACT, "-2.5", NULL },
    { "c_b", "boolean", SQL_BIT, 0, K_BOOL, "1", NULL },
    { "c_t", "text", SQL_VARCHAR, 0, K_TEXT, TEXT_VALUE, NULL },
    { "c_v", "varchar(40)", SQL_VARCHAR, 40, K_TEXT, "z\xc3\xbcrich", NULL },
    { "c_c", "character(5)", SQL_CHAR, 5, K_FORM, "abcd\xc3\xa9", NULL },
    { "c_d", "date", SQL_TYPE_DATE, 0, K_DATE, "2040-02-29", NULL },
    { "c_ts", "timestamp", SQL_TYPE_TIMESTAMP, 0, K_TS, "1969-07-20 20:17:40.125", NULL },
    { "c_tz", "timestamptz", SQL_TYPE_TIMESTAMP, 0, K_TS, "2039-01-19 03:14:08.5", NULL },
    { "c_u", "uuid", SQL_GUID, 0, K_UUID, "0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0", NULL },
    { "c_j", "json", SQL_VARCHAR, 0, K_JSON, "{\"a\":[1,\"\xc3\xa9\"]}", NULL },
    { "c_bt", "bit(3)", SQL_VARCHAR, 3, K_FORM, "101", NULL },
    { "c_a", "integer[]", SQL_VARCHAR, 0, K_FORM, "{1,2,3}", "[1,2,3]" },
};

static const column crate_columns[] = {
    { "c_i2", "smallint", SQL_SMALLINT, 0, K_INT, "-100", NULL },
    { "c_i4", "integer", SQL_INTEGER, 0, K_INT, "-100", NULL },
    { "c_i8", "bigint", SQL_BIGINT, 0, K_INT, "-100", NULL },
    { "c_f4", "real", SQL_REAL, 0, K_APPROX, "-2.5", NULL },
    { "c_f8", "double precision", SQL_DOUBLE, 0, K_APPROX, "-2.5", NULL },
    { "c_n", "numeric(10,3)", SQL_NUMERIC, 10, K_EXACT, "-2.500", NULL },
    { "c_b", "boolean", SQL_BIT, 0, K_BOOL, "1", NULL },
    { "c_t", "text", SQL_VARCHAR, 0, K_TEXT, TEXT_VALUE, NULL },
    { "c_v", "varchar(40)", SQL_VARCHAR, 40, K_TEXT, "z\xc3\xbcrich", NULL },
    { "c_c", "character(5)", SQL_CHAR, 5, K_FORM, "abcd\xc3\xa9", NULL },
    { "c_d", NULL, SQL_TYPE_DATE, 0, K_DATE, "2040-02-29", NULL },
    { "c_ts", "timestamp", SQL_TYPE_TIMESTAMP, 0, K_TS, "1969-07-20 20:17:40.125", NULL },
    { "c_tz", "timestamp with time zone", SQL_TYPE_TIMESTAMP, 0, K_TS,
      "2039-01-19 03:14:08.5", NULL },
    { "c_u", "uuid", SQL_GUID, 0, K_UUID, "0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0", NULL },
    /* CrateDB's arrays hold one element type */
    { "c_o", "object", SQL_VARCHAR, 0, K_JSON, "{\"a\":[1,2],\"b\":\"\xc3\xa9\"}", NULL },
    { "c_bt", "bit(3)", SQL_VARCHAR, 3, K_FORM, "101", NULL },
    { "c_a", "array(integer)", SQL_VARCHAR, 0, K_FORM, "{1,2,3}", "[1,2,3]" },
    { "c_ip", "ip", SQL_VARCHAR, 0, K_FORM, "192.168.0.1", NULL },
    /* a point its storage keeps exactly (it quantizes longitude and latitude) */
    { "c_g", "geo_point", SQL_VARCHAR, 0, K_FORM, "(22.5,-45)", "POINT(22.5 -45)" },
};

static const column *columns;
static size_t ncols;

/* C type families: how to build, read back and compare a value. */
typedef enum {
    F_CHAR, F_WCHAR, F_BINARY, F_BIT, F_INT, F_FLOAT, F_DOUBLE, F_NUMERIC, F_DATE, F_TIME,
    F_TS, F_GUID, F_IVAL
} family;

typedef struct ctype {
    SQLSMALLINT c_type;
    const char *name;
    family fam;
    unsigned into;           /* column kinds it may go into */
    long long ival;          /* F_INT: the value (fits every integer column) */
    int isize;               /* F_INT: bytes */
} ctype;

#define CT(c) c, #c
static const ctype ctypes[] = {
    { CT(SQL_C_CHAR), F_CHAR, ~0u, 0, 0 },
    { CT(SQL_C_WCHAR), F_WCHAR, ~0u, 0, 0 },
    { CT(SQL_C_BINARY), F_BINARY, K_TEXT | K_JSON | K_FORM, 0, 0 },
    { CT(SQL_C_BIT), F_BIT, K_NUMBERS, 0, 0 },
    { CT(SQL_C_STINYINT), F_INT, K_NUMBERS, -100, 1 },
    { CT(SQL_C_TINYINT), F_INT, K_NUMBERS, -99, 1 },
    { CT(SQL_C_UTINYINT), F_INT, K_NUMBERS, 200, 1 },
    { CT(SQL_C_SSHORT), F_INT, K_NUMBERS, -30000, 2 },
    { CT(SQL_C_SHORT), F_INT, K_NUMBERS, -29999, 2 },
    { CT(SQL_C_USHORT), F_INT, K_NUMBERS, 30000, 2 },
    { CT(SQL_C_SLONG), F_INT, K_NUMBERS, -31000, 4 },
    { CT(SQL_C_LONG), F_INT, K_NUMBERS, -30999, 4 },
    { CT(SQL_C_ULONG), F_INT, K_NUMBERS, 32000, 4 },
    { CT(SQL_C_SBIGINT), F_INT, K_NUMBERS, -32001, 8 },
    { CT(SQL_C_UBIGINT), F_INT, K_NUMBERS, 32002, 8 },
    { CT(SQL_C_FLOAT), F_FLOAT, K_NUMBERS, 0, 0 },
    { CT(SQL_C_DOUBLE), F_DOUBLE, K_NUMBERS, 0, 0 },
    { CT(SQL_C_NUMERIC), F_NUMERIC, K_NUMBERS, 0, 0 },
    { CT(SQL_C_TYPE_DATE), F_DATE, K_DATE | K_TS | K_TEXT, 0, 0 },
    { CT(SQL_C_TYPE_TIME), F_TIME, K_TS | K_TEXT, 0, 0 },
    { CT(SQL_C_TYPE_TIMESTAMP), F_TS, K_DATE | K_TS | K_TEXT, 0, 0 },
    { CT(SQL_C_GUID), F_GUID, K_UUID | K_TEXT, 0, 0 },
    { CT(SQL_C_INTERVAL_YEAR), F_IVAL, K_TEXT, 0, 0 },
    { CT(SQL_C_INTERVAL_MONTH), F_IVAL, K_TEXT, 0, 0 },
    { CT(SQL_C_INTERVAL_YEAR_TO_MONTH), F_IVAL, K_TEXT, 0, 0 },
    { CT(SQL_C_INTERVAL_DAY), F_IVAL, K_TEXT, 0, 0 },
    { CT(SQL_C_INTERVAL_HOUR), F_IVAL, K_TEXT, 0, 0 },
    { CT(SQL_C_INTERVAL_MINUTE), F_IVAL, K_TEXT, 0, 0 },
    { CT(SQL_C_INTERVAL_SECOND), F_IVAL, K_TEXT, 0, 0 },
    { CT(SQL_C_INTERVAL_DAY_TO_HOUR), F_IVAL, K_TEXT, 0, 0 },
    { CT(SQL_C_INTERVAL_DAY_TO_MINUTE), F_IVAL, K_TEXT, 0, 0 },
    { CT(SQL_C_INTERVAL_DAY_TO_SECOND), F_IVAL, K_TEXT, 0, 0 },
    { CT(SQL_C_INTERVAL_HOUR_TO_MINUTE), F_IVAL, K_TEXT, 0, 0 },
    { CT(SQL_C_INTERVAL_HOUR_TO_SECOND), F_IVAL, K_TEXT, 0, 0 },
    { CT(SQL_C_INTERVAL_MINUTE_TO_SECOND), F_IVAL, K_TEXT, 0, 0 },
};
#define NCTYPES (sizeof ctypes / sizeof ctypes[0])

/* One value in its C form. */
typedef struct value {
    union {
        unsigned char bytes[256];
        SQLWCHAR w[128];
        SQLDOUBLE d;
        SQLREAL f;
        SQL_NUMERIC_STRUCT num;
        SQL_DATE_STRUCT date;
        SQL_TIME_STRUCT time;
        SQL_TIMESTAMP_STRUCT ts;
        SQLGUID guid;
        SQL_INTERVAL_STRUCT iv;
    } u;
    SQLLEN len;              /* byte length (character and binary data) */
    SQLSMALLINT scale;       /* F_NUMERIC */
} value;

/* The interval of each interval C type (fields its type has, in range). */
static void make_interval(SQLSMALLINT c, SQL_INTERVAL_STRUCT *iv)
{
    memset(iv, 0, sizeof *iv);
    iv->interval_type = (SQLINTERVAL)(c - SQL_C_INTERVAL_YEAR + SQL_IS_YEAR);
    iv->interval_sign = c == SQL_C_INTERVAL_DAY_TO_SECOND ? SQL_TRUE : SQL_FALSE;
    SQL_DAY_SECOND_STRUCT *ds = &iv->intval.day_second;
    switch (c) {
    case SQL_C_INTERVAL_YEAR: iv->intval.year_month.year = 3; break;
    case SQL_C_INTERVAL_MONTH: iv->intval.year_month.month = 14; break;
    case SQL_C_INTERVAL_YEAR_TO_MONTH:
        iv->intval.year_month.year = 1;
        iv->intval.year_month.month = 2;
        break;
    case SQL_C_INTERVAL_DAY: ds->day = 5; break;
    case SQL_C_INTERVAL_HOUR: ds->hour = 30; break;
    case SQL_C_INTERVAL_MINUTE: ds->minute = 90; break;
    case SQL_C_INTERVAL_SECOND: ds->second = 75; ds->fraction = 500000; break;
    case SQL_C_INTERVAL_DAY_TO_HOUR: ds->day = 2; ds->hour = 3; break;
    case SQL_C_INTERVAL_DAY_TO_MINUTE: ds->day = 2; ds->hour = 3; ds->minute = 4; break;
    case SQL_C_INTERVAL_DAY_TO_SECOND:
        ds->day = 1; ds->hour = 2; ds->minute = 3; ds->second = 4; ds->fraction = 250000;
        break;
    case SQL_C_INTERVAL_HOUR_TO_MINUTE: ds->hour = 26; ds->minute = 5; break;
    case SQL_C_INTERVAL_HOUR_TO_SECOND: ds->hour = 1; ds->minute = 2; ds->second = 3; break;
    default: ds->minute = 61; ds->second = 7; break;   /* MINUTE_TO_SECOND */
    }
}

static void put_int(value *v, long long x, int size)
{
    signed char c = (signed char)x;
    int16_t s = (int16_t)x;
    int32_t l = (int32_t)x;
    int64_t b = (int64_t)x;
    memcpy(v->u.bytes, size == 1 ? (void *)&c : size == 2 ? (void *)&s
                       : size == 4 ? (void *)&l : (void *)&b, (size_t)size);
}

/* The value of C type t that column col must hold. */
static void make_value(const ctype *t, const column *col, value *v)
{
    memset(v, 0, sizeof *v);
    bool to_bool = col->kind == K_BOOL, to_int = col->kind == K_INT;
    switch (t->fam) {
    case F_CHAR:
        v->len = (SQLLEN)strlen(col->text);
        memcpy(v->u.bytes, col->text, (size_t)v->len);
        break;
    case F_WCHAR: {
        size_t n;
        SQLWCHAR *w = itest_w(col->text, &n);
        memcpy(v->u.w, w, (n + 1) * sizeof(SQLWCHAR));
        v->len = (SQLLEN)(n * sizeof(SQLWCHAR));
        free(w);
        break;
    }
    case F_BINARY:
        /* raw bytes: the application supplies the server's text form */
        v->len = (SQLLEN)strlen(col->text);
        memcpy(v->u.bytes, col->text, (size_t)v->len);
        break;
    case F_BIT:
        v->u.bytes[0] = 1;
        break;
    case F_INT:
        put_int(v, to_bool ? 1 : t->ival, t->isize);
        break;
    case F_FLOAT:
        v->u.f = to_bool ? 1.0f : to_int ? -25.0f : -2.5f;
        break;
    case F_DOUBLE:
        v->u.d = to_bool ? 1.0 : to_int ? -125.0 : -0.375;
        break;
    case F_NUMERIC:
        /* 1, -25 or -2.5 (little-endian magnitude; sign 1 = positive) */
        v->u.num.sign = to_bool ? 1 : 0;
        v->u.num.val[0] = to_bool ? 1 : 25;
        v->scale = to_bool || to_int ? 0 : 1;
        v->u.num.scale = (SQLSCHAR)v->scale;
        v->u.num.precision = 10;
        break;
    case F_DATE:
        v->u.date = (SQL_DATE_STRUCT){ 1969, 7, 20 };
        break;
    case F_TIME:
        v->u.time = (SQL_TIME_STRUCT){ 23, 59, 58 };
        break;
    case F_TS:
        /* a date column takes midnight (anything else would be 22008) */
        v->u.ts = col->kind == K_DATE ? (SQL_TIMESTAMP_STRUCT){ 2040, 2, 29, 0, 0, 0, 0 }
                                      : (SQL_TIMESTAMP_STRUCT){ 2039, 1, 19, 3, 14, 8,
                                                                125000000 };
        break;
    case F_GUID:
        v->u.guid = (SQLGUID){ 0x0f1e2d3c, 0x4b5a, 0x6978,
                               { 0x87, 0x96, 0xa5, 0xb4, 0xc3, 0xd2, 0xe1, 0xf0 } };
        break;
    case F_IVAL:
        make_interval(t->c_type, &v->u.iv);
        break;
    }
}

/* Character data read back from a timestamp column may carry a zone. */
static bool same_text(const char *got, const char *want, const column *col)
{
    size_t n = strlen(want);
    if (strncmp(got, want, n) != 0)
        return false;
    return got[n] == '\0' || (col->kind == K_TS && (strcmp(got + n, "+00") == 0 ||
                                                    strcmp(got + n, "+00:00") == 0));
}

static bool same_value(const ctype *t, const column *col, const value *want, const value *got,
                       SQLLEN got_len)
{
    /* character data reads back as the column's text, or the form the
     * driver shows for its type */
    const char *text = col->back ? col->back : (const char *)want->u.bytes;
    switch (t->fam) {
    case F_CHAR:
        return same_text((const char *)got->u.bytes, text, col);
    case F_WCHAR: {
        char *g = itest_w_to_utf8(got->u.w, itest_wlen(got->u.w));
        char *w = itest_w_to_utf8(want->u.w, itest_wlen(want->u.w));
        bool same = g && w && same_text(g, col->back ? col->back : w, col);
        free(g);
        free(w);
        return same;
    }
    case F_BINARY:
        return got_len == (SQLLEN)strlen(text) && memcmp(got->u.bytes, text, strlen(text)) == 0;
    case F_BIT:
        return got->u.bytes[0] == want->u.bytes[0];
    case F_INT:
        return memcmp(got->u.bytes, want->u.bytes, (size_t)t->isize) == 0;
    case F_FLOAT:
        return got->u.f == want->u.f;
    case F_DOUBLE:
        return got->u.d == want->u.d;
    case F_NUMERIC:
        return got->u.num.sign == want->u.num.sign && got->u.num.scale == want->u.num.scale &&
               memcmp(got->u.num.val, want->u.num.val, sizeof got->u.num.val) == 0;
    case F_DATE:
        return memcmp(&got->u.date, &want->u.date, sizeof got->u.date) == 0;
    case F_TIME:
        return memcmp(&got->u.time, &want->u.time, sizeof got->u.time) == 0;
    case F_TS:
        return memcmp(&got->u.ts, &want->u.ts, sizeof got->u.ts) == 0;
    case F_GUID:
        return memcmp(&got->u.guid, &want->u.guid, sizeof got->u.guid) == 0;
    case F_IVAL: {
        const SQL_INTERVAL_STRUCT *a = &got->u.iv, *b = &want->u.iv;
        if (a->interval_type != b->interval_type || a->interval_sign != b->interval_sign)
            return false;
        if (b->interval_type == SQL_IS_YEAR || b->interval_type == SQL_IS_MONTH ||
            b->interval_type == SQL_IS_YEAR_TO_MONTH)
            return a->intval.year_month.year == b->intval.year_month.year &&
                   a->intval.year_month.month == b->intval.year_month.month;
        const SQL_DAY_SECOND_STRUCT *x = &a->intval.day_second, *y = &b->intval.day_second;
        return x->day == y->day && x->hour == y->hour && x->minute == y->minute &&
               x->second == y->second && x->fraction == y->fraction;
    }
    }
    return false;
}

static SQLHDBC dbc;
static char table[64];

/* Reads column col of row id back into C type t (SQL_C_NUMERIC at `scale`). */
static bool read_back(const ctype *t, const column *col, int id, SQLSMALLINT scale,
                      value *got, SQLLEN *len)
{
    char sql[160];
    SQLHSTMT st = itest_stmt(dbc);
    snprintf(sql, sizeof sql, "SELECT %s FROM %s WHERE id = %d", col->name, table, id);
    bool ok = itest_exec(st, sql) && ITEST_OK(SQLFetch(st), SQL_HANDLE_STMT, st);
    memset(got, 0, sizeof *got);
    if (ok && t->fam == F_NUMERIC) {
        /* SQL_C_NUMERIC takes precision and scale from the ARD */
        SQLHDESC ard;
        SQLGetStmtAttr(st, SQL_ATTR_APP_ROW_DESC, &ard, 0, NULL);
        SQLSetDescField(ard, 1, SQL_DESC_TYPE, (SQLPOINTER)(SQLLEN)SQL_C_NUMERIC, 0);
        SQLSetDescField(ard, 1, SQL_DESC_PRECISION, (SQLPOINTER)10, 0);
        SQLSetDescField(ard, 1, SQL_DESC_SCALE, (SQLPOINTER)(SQLLEN)scale, 0);
        ok = ITEST_OK(SQLGetData(st, 1, SQL_ARD_TYPE, &got->u.num, sizeof got->u.num, len),
                      SQL_HANDLE_STMT, st);
    } else if (ok) {
        ok = ITEST_OK(SQLGetData(st, 1, t->c_type, got->u.bytes, sizeof got->u.bytes, len),
                      SQL_HANDLE_STMT, st);
    }
    itest_free_stmt(st);
    return ok && *len != SQL_NULL_DATA;
}

/* One line for the pairs of a column type the server cannot store. */
static void not_storable(const column *col)
{
    char why[256];
    size_t n = (size_t)snprintf(why, sizeof why, "%s columns cannot be stored (CrateDB 6.4); "
                                "not run:", col->sql_type == SQL_TYPE_DATE ? "date" : col->name);
    for (size_t k = 0; k < NCTYPES && n < sizeof why; k++)
        if (ctypes[k].into & col->kind)
            n += (size_t)snprintf(why + n, sizeof why - n, " %s", ctypes[k].name + 6);
    itest_not_applicable(why);
}

static void test_every_c_type_into_every_column(void)
{
    char ddl[1024] = "id int PRIMARY KEY";
    columns = itest_is_cratedb() ? crate_columns : pg_columns;
    ncols = itest_is_cratedb() ? sizeof crate_columns / sizeof crate_columns[0]
                               : sizeof pg_columns / sizeof pg_columns[0];
    for (size_t c = 0; c < ncols; c++) {
        size_t n = strlen(ddl);
        if (columns[c].ddl)
            snprintf(ddl + n, sizeof ddl - n, ", %s %s", columns[c].name, columns[c].ddl);
        else
            not_storable(&columns[c]);
    }
    dbc = itest_connect();
    itest_table_name(table, sizeof table, "pmx");
    char sql[1200];
    snprintf(sql, sizeof sql, "CREATE TABLE %s (%s)", table, ddl);
    if (!itest_exec_on(dbc, sql))
        CU_FAIL_FATAL("CREATE TABLE failed");
    int id = 0, pairs = 0, bad = 0;
    for (size_t k = 0; k < NCTYPES; k++) {
        const ctype *t = &ctypes[k];
        for (size_t c = 0; c < ncols; c++) {
            const column *col = &columns[c];
            if (!(t->into & col->kind) || !col->ddl)
                continue;
            pairs++;
            value v;
            make_value(t, col, &v);
            SQLLEN ind = v.len;
            SQLINTEGER row_id;
            SQLLEN id_ind = 0;
            SQLHSTMT st = itest_stmt(dbc);
            snprintf(sql, sizeof sql, "INSERT INTO %s (id, %s) VALUES (?, ?)", table,
                     col->name);
            bool ok = ITEST_OK(SQLPrepare(st, (SQLCHAR *)sql, SQL_NTS), SQL_HANDLE_STMT, st) &&
                      ITEST_OK(SQLBindParameter(st, 1, SQL_PARAM_INPUT, SQL_C_SLONG,
                                                SQL_INTEGER, 0, 0, &row_id, 0, &id_ind),
                               SQL_HANDLE_STMT, st) &&
                      ITEST_OK(SQLBindParameter(st, 2, SQL_PARAM_INPUT, t->c_type,
                                                col->sql_type, col->size,
                                                t->fam == F_NUMERIC ? v.scale : 0, v.u.bytes,
                                                (SQLLEN)sizeof v.u, &ind),
                               SQL_HANDLE_STMT, st);
            /* twice: the second execution knows the parameter types (binary) */
            for (int run = 0; ok && run < 2; run++) {
                row_id = id + run;
                ok = ITEST_OK(SQLExecute(st), SQL_HANDLE_STMT, st);
            }
            itest_free_stmt(st);
            for (int run = 0; ok && run < 2; run++) {
                value got;
                SQLLEN got_len = 0;
                if (!read_back(t, col, id + run, v.scale, &got, &got_len) ||
                    !same_value(t, col, &v, &got, got_len)) {
                    ok = false;
                    fprintf(stderr, "%s into %s (%s): read back differs (execution %d)\n",
                            t->name, col->name, col->ddl, run + 1);
                }
            }
            if (!ok) {
                bad++;
                fprintf(stderr, "  failed: %s into %s\n", t->name, col->ddl);
            }
            id += 2;
        }
    }
    fprintf(stderr, "  %d C type / column pairs, %d failed\n", pairs, bad);
    CU_ASSERT_EQUAL(bad, 0);
    CU_ASSERT(pairs > 150);
    snprintf(sql, sizeof sql, "DROP TABLE %s", table);
    itest_exec_on(dbc, sql);
    itest_disconnect(dbc);
}

void itest_register_param_matrix(void)
{
    static const itest_case cases[] = {
        {"every_c_type_into_every_column", test_every_c_type_into_every_column},
        {NULL, NULL},
    };
    itest_add_suite("param_matrix", cases);
}
