/* test_param_convert.c: driver/param_convert.c, one case per C type and per
 * SQLSTATE of the C-to-SQL tables (the exact bytes that go into Bind). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "param_convert.h"
#include "stmt_int.h"
#include "unit.h"

/* Converts and compares the wire text (NULL want = expect error `state`). */
static void conv(SQLSMALLINT c, SQLSMALLINT sql, SQLULEN colsize, const void *p, SQLLEN len,
                 const char *want, const char *state, uint32_t want_oid)
{
    drv_arena a = { NULL, 0, 0 };
    drv_pc_out out;
    char msg[200] = "";
    drv_pc_in in = { .c_type = c, .sql_type = sql, .column_size = colsize, .ptr = p,
                     .len = len };
    drv_arena_put(&a, "xx", 2);   /* values are appended after what is there */
    const char *st = drv_param_convert(&in, &a, &out, msg, sizeof msg);
    if (want) {
        CU_ASSERT_PTR_NULL(st);
        if (!st) {
            CU_ASSERT_EQUAL(out.len, (int32_t)strlen(want));
            CU_ASSERT_EQUAL(out.off, 2);
            CU_ASSERT_NSTRING_EQUAL(a.buf + out.off, want, strlen(want));
            CU_ASSERT_EQUAL(out.oid, want_oid);
            CU_ASSERT_EQUAL(out.format, 0);
        }
    } else {
        CU_ASSERT_PTR_NOT_NULL(st);
        if (st)
            CU_ASSERT_STRING_EQUAL(st, state);
        CU_ASSERT_EQUAL(a.len, 2);   /* nothing left behind */
        CU_ASSERT(msg[0] != '\0');
    }
    free(a.buf);
}

#define OK(c, sql, p, want) conv(c, sql, 0, p, 0, want, NULL, 0)
#define ERR(c, sql, p, state) conv(c, sql, 0, p, 0, NULL, state, 0)

static void test_integers(void)
{
    signed char ti = -128;
    unsigned char uti = 255;
    SQLSMALLINT si = -32768;
    SQLUSMALLINT usi = 65535;
    SQLINTEGER li = INT32_MIN;
    SQLUINTEGER uli = UINT32_MAX;
    SQLBIGINT bi = INT64_MIN, bmax = INT64_MAX;
    SQLUBIGINT ubi = UINT64_MAX, ub63 = (SQLUBIGINT)INT64_MAX;
    OK(SQL_C_STINYINT, SQL_TINYINT, &ti, "-128");
    OK(SQL_C_TINYINT, SQL_SMALLINT, &ti, "-128");
    OK(SQL_C_UTINYINT, SQL_SMALLINT, &uti, "255");
    ERR(SQL_C_UTINYINT, SQL_TINYINT, &uti, "22003");
    OK(SQL_C_SSHORT, SQL_SMALLINT, &si, "-32768");
    OK(SQL_C_SHORT, SQL_INTEGER, &si, "-32768");
    OK(SQL_C_USHORT, SQL_INTEGER, &usi, "65535");
    ERR(SQL_C_USHORT, SQL_SMALLINT, &usi, "22003");
    OK(SQL_C_SLONG, SQL_INTEGER, &li, "-2147483648");
    OK(SQL_C_LONG, SQL_BIGINT, &li, "-2147483648");
    ERR(SQL_C_ULONG, SQL_INTEGER, &uli, "22003");
    OK(SQL_C_ULONG, SQL_BIGINT, &uli, "4294967295");
    OK(SQL_C_SBIGINT, SQL_BIGINT, &bi, "-9223372036854775808");
    OK(SQL_C_SBIGINT, SQL_BIGINT, &bmax, "9223372036854775807");
    ERR(SQL_C_SBIGINT, SQL_INTEGER, &bmax, "22003");
    OK(SQL_C_UBIGINT, SQL_BIGINT, &ub63, "9223372036854775807");
    ERR(SQL_C_UBIGINT, SQL_BIGINT, &ubi, "22003");
    OK(SQL_C_UBIGINT, SQL_NUMERIC, &ubi, "18446744073709551615");
    OK(SQL_C_SLONG, SQL_VARCHAR, &li, "-2147483648");
    OK(SQL_C_SLONG, SQL_DOUBLE, &li, "-2147483648");
    ERR(SQL_C_SLONG, SQL_TYPE_DATE, &li, "07006");
    ERR(SQL_C_SLONG, SQL_GUID, &li, "07006");
    /* to SQL_BIT: 0/1 as bool t/f with OID 16, else 22003 */
    SQLINTEGER one = 1, two = 2;
    conv(SQL_C_SLONG, SQL_BIT, 0, &one, 0, "t", NULL, 16);
    ERR(SQL_C_SLONG, SQL_BIT, &two, "22003");
}

static void test_floats(void)
{
    SQLDOUBLE d = 0.1, nan_ = NAN, inf = INFINITY, ninf = -INFINITY, whole = 42.0, big = 1e300;
    SQLREAL f = 1.5f;
    OK(SQL_C_DOUBLE, SQL_DOUBLE, &d, "0.10000000000000001");
    OK(SQL_C_DOUBLE, SQL_DOUBLE, &nan_, "NaN");
    OK(SQL_C_DOUBLE, SQL_DOUBLE, &inf, "Infinity");
    OK(SQL_C_DOUBLE, SQL_FLOAT, &ninf, "-Infinity");
    OK(SQL_C_FLOAT, SQL_REAL, &f, "1.5");
    OK(SQL_C_DOUBLE, SQL_INTEGER, &whole, "42");
    ERR(SQL_C_DOUBLE, SQL_INTEGER, &d, "22001");     /* fraction lost */
    ERR(SQL_C_DOUBLE, SQL_INTEGER, &nan_, "22003");
    ERR(SQL_C_DOUBLE, SQL_REAL, &big, "22003");
    ERR(SQL_C_DOUBLE, SQL_TYPE_TIMESTAMP, &d, "07006");
}

static void test_numeric_bit(void)
{
    SQL_NUMERIC_STRUCT n;
    memset(&n, 0, sizeof n);
    n.precision = 10;
    n.scale = 2;
    n.sign = 0;
    n.val[0] = 0x39;  /* 12345 = 0x3039 */
    n.val[1] = 0x30;
    OK(SQL_C_NUMERIC, SQL_NUMERIC, &n, "-123.45");
    ERR(SQL_C_NUMERIC, SQL_INTEGER, &n, "22001");
    n.scale = 0;
    n.sign = 1;
    OK(SQL_C_NUMERIC, SQL_INTEGER, &n, "12345");
    n.scale = 6;
    OK(SQL_C_NUMERIC, SQL_DECIMAL, &n, "0.012345");
    /* the APD's precision/scale (SQLBindParameter or SQLSetDescField)
     * override the struct's scale; more digits than the precision: 22003 */
    drv_arena a = { NULL, 0, 0 };
    drv_pc_out out;
    char msg[200];
    drv_pc_in in = { .c_type = SQL_C_NUMERIC, .sql_type = SQL_NUMERIC, .ptr = &n,
                     .num_precision = 10, .num_scale = 3 };
    CU_ASSERT_PTR_NULL(drv_param_convert(&in, &a, &out, msg, sizeof msg));
    CU_ASSERT_EQUAL(out.len, 6);
    CU_ASSERT_NSTRING_EQUAL(a.buf + out.off, "12.345", 6);
    in.num_precision = 4;
    CU_ASSERT_STRING_EQUAL(drv_param_convert(&in, &a, &out, msg, sizeof msg), "22003");
    in.num_precision = 5;
    in.num_scale = -2;
    CU_ASSERT_PTR_NULL(drv_param_convert(&in, &a, &out, msg, sizeof msg));
    CU_ASSERT_NSTRING_EQUAL(a.buf + out.off, "1234500", 7);
    free(a.buf);
    unsigned char b1 = 1, b0 = 0, b7 = 7;
    conv(SQL_C_BIT, SQL_BIT, 0, &b1, 0, "t", NULL, 16);
    conv(SQL_C_BIT, SQL_BIT, 0, &b0, 0, "f", NULL, 16);
    OK(SQL_C_BIT, SQL_INTEGER, &b1, "1");
    ERR(SQL_C_BIT, SQL_BIT, &b7, "22003");
}

static void test_text(void)
{
    const char *s = "h\xc3\xa9llo'; DROP TABLE x; --";
    conv(SQL_C_CHAR, SQL_VARCHAR, 0, s, (SQLLEN)strlen(s), s, NULL, 0);
    /* column size counts characters, not bytes: 5 characters, 6 bytes */
    conv(SQL_C_CHAR, SQL_VARCHAR, 5, "h\xc3\xa9llo", 6, "h\xc3\xa9llo", NULL, 0);
    conv(SQL_C_CHAR, SQL_VARCHAR, 4, "h\xc3\xa9llo", 6, NULL, "22001", 0);
    conv(SQL_C_CHAR, SQL_VARCHAR, 0, "\xff\xfe", 2, NULL, "22018", 0);
    conv(SQL_C_CHAR, SQL_BIT, 0, " Yes ", 5, "t", NULL, 16);
    conv(SQL_C_CHAR, SQL_BIT, 0, "maybe", 5, NULL, "22018", 0);
    conv(SQL_C_CHAR, SQL_TYPE_DATE, 0, "2024-02-29", 10, "2024-02-29", NULL, 0);
    conv(SQL_C_CHAR, SQL_TYPE_DATE, 0, "2023-02-29", 10, NULL, "22007", 0);
    conv(SQL_C_CHAR, SQL_TYPE_TIMESTAMP, 0, "2024-01-01T10:00:00", 19,
         "2024-01-01T10:00:00", NULL, 0);
    conv(SQL_C_CHAR, SQL_TYPE_TIME, 0, "25:00:00", 8, NULL, "22007", 0);
    conv(SQL_C_CHAR, SQL_VARBINARY, 0, "0aFF", 4, "\\x0aFF", NULL, 0);
    conv(SQL_C_CHAR, SQL_VARBINARY, 0, "0g", 2, NULL, "22018", 0);
    /* UTF-16 with a surrogate pair (U+1F600) and an unpaired one */
    SQLWCHAR w[] = { 'a', 0xd83d, 0xde00, 0xe9 };
    conv(SQL_C_WCHAR, SQL_WVARCHAR, 0, w, sizeof w, "a\xf0\x9f\x98\x80\xc3\xa9", NULL, 0);
    conv(SQL_C_WCHAR, SQL_WVARCHAR, 0, w, 2 * sizeof(SQLWCHAR), NULL, "22018", 0);
    unsigned char bin[] = { 0x00, 0xff, 0x10 };
    conv(SQL_C_BINARY, SQL_VARBINARY, 0, bin, 3, "\\x00ff10", NULL, 0);
    conv(SQL_C_BINARY, SQL_VARCHAR, 0, "abc", 3, "abc", NULL, 0);
    conv(SQL_C_CHAR, SQL_VARCHAR, 0, "x", -7, NULL, "HY090", 0);
    conv(SQL_C_CHAR, SQL_VARCHAR, 0, NULL, 0, NULL, "HY009", 0);
    conv(9999, SQL_VARCHAR, 0, "x", 1, NULL, "HY003", 0);
}

/* Character data in the escape-clause forms (appendix D, "C to SQL: Character"). */
static void esc_ok(SQLSMALLINT sql, const char *text, const char *want)
{
    conv(SQL_C_CHAR, sql, 0, text, (SQLLEN)strlen(text), want, NULL, 0);
}

static void esc_err(SQLSMALLINT sql, const char *text, const char *state)
{
    conv(SQL_C_CHAR, sql, 0, text, (SQLLEN)strlen(text), NULL, state, 0);
}

static void test_datetime_escapes(void)
{
    /* each escape for its own type; blanks between the tokens and around the
     * whole; keywords in any case */
    esc_ok(SQL_TYPE_TIMESTAMP, "{ts '2011-04-22 01:23:45'}", "2011-04-22 01:23:45");
    esc_ok(SQL_TYPE_TIMESTAMP, "{ts '2011-04-22 01:23:45.123456'}",
           "2011-04-22 01:23:45.123456");
    esc_ok(SQL_TYPE_DATE, "{d '2011-04-22'}", "2011-04-22");
    esc_ok(SQL_TYPE_TIME, "{t '01:23:45'}", "01:23:45");
    esc_ok(SQL_TYPE_DATE, "  { D   '2024-02-29' }  ", "2024-02-29");
    esc_ok(SQL_TYPE_TIMESTAMP, "\t{TS'2011-04-22 01:23:45'}\t", "2011-04-22 01:23:45");
    /* the table's crossings: a date is midnight, a timestamp with no time a date,
     * one with no fraction a time */
    esc_ok(SQL_TYPE_TIMESTAMP, "{d '2011-04-22'}", "2011-04-22 00:00:00");
    esc_ok(SQL_TYPE_DATE, "{ts '2011-04-22 00:00:00'}", "2011-04-22");
    esc_ok(SQL_TYPE_DATE, "{ts '2011-04-22 00:00:00.000'}", "2011-04-22");
    esc_ok(SQL_TYPE_TIME, "{ts '2011-04-22 01:23:45'}", "01:23:45");
    esc_ok(SQL_TYPE_TIME, "{ts '2011-04-22 01:23:45.0'}", "01:23:45");
    esc_err(SQL_TYPE_DATE, "{ts '2011-04-22 01:23:45'}", "22008");
    esc_err(SQL_TYPE_TIME, "{ts '2011-04-22 01:23:45.5'}", "22008");
    /* a time to a timestamp takes today's date (UTC): yyyy-mm-dd 01:23:45 */
    {
        drv_arena a = { NULL, 0, 0 };
        drv_pc_out out;
        char msg[200] = "";
        const char *t = "{t '01:23:45'}";
        drv_pc_in in = { .c_type = SQL_C_CHAR, .sql_type = SQL_TYPE_TIMESTAMP,
                         .ptr = t, .len = (SQLLEN)strlen(t) };
        CU_ASSERT_PTR_NULL(drv_param_convert(&in, &a, &out, msg, sizeof msg));
        CU_ASSERT_EQUAL(out.len, 19);
        if (out.len == 19) {
            CU_ASSERT(a.buf[out.off + 4] == '-' && a.buf[out.off + 10] == ' ');
            CU_ASSERT_NSTRING_EQUAL(a.buf + out.off + 11, "01:23:45", 8);
        }
        free(a.buf);
    }
    /* an escape of a kind the type cannot take: 22018 */
    esc_err(SQL_TYPE_TIME, "{d '2011-04-22'}", "22018");
    esc_err(SQL_TYPE_DATE, "{t '01:23:45'}", "22018");
    /* a value that is no date/time of the escape's form: 22007 */
    esc_err(SQL_TYPE_DATE, "{d '2011-13-01'}", "22007");
    esc_err(SQL_TYPE_DATE, "{d '2023-02-29'}", "22007");
    esc_err(SQL_TYPE_DATE, "{d '2011-04-22 00:00:00'}", "22007");
    esc_err(SQL_TYPE_TIME, "{t '01:23:45.5'}", "22007");   /* times have no fraction */
    esc_err(SQL_TYPE_TIME, "{t '24:00:00'}", "22007");
    esc_err(SQL_TYPE_TIMESTAMP, "{ts '2011-04-22'}", "22007");
    esc_err(SQL_TYPE_TIMESTAMP, "{ts '2011-04-22 01:23:45.1234567890'}", "22007");
    esc_err(SQL_TYPE_TIMESTAMP, "{ts ' 2011-04-22 01:23:45'}", "22007");  /* exact inside */
    /* not an escape at all: 22018 */
    esc_err(SQL_TYPE_TIMESTAMP, "{ts '2011-04-22 01:23:45'", "22018");
    esc_err(SQL_TYPE_TIMESTAMP, "{ts 2011-04-22 01:23:45}", "22018");
    esc_err(SQL_TYPE_TIMESTAMP, "{x '2011-04-22 01:23:45'}", "22018");
    esc_err(SQL_TYPE_DATE, "{d '2011-04-22'} x", "22018");
    esc_err(SQL_TYPE_DATE, "{'2011-04-22'}", "22018");
    esc_err(SQL_TYPE_DATE, "{fn '2011-04-22'}", "22018");
    /* UTF-16 input takes the same path */
    SQLWCHAR w[] = { '{', 'd', ' ', '\'', '2', '0', '1', '1', '-', '0', '4', '-', '2', '2',
                     '\'', '}' };
    conv(SQL_C_WCHAR, SQL_TYPE_DATE, 0, w, sizeof w, "2011-04-22", NULL, 0);
    conv(SQL_C_WCHAR, SQL_TYPE_TIMESTAMP, 0, w, sizeof w, "2011-04-22 00:00:00", NULL, 0);
    conv(SQL_C_WCHAR, SQL_TYPE_TIME, 0, w, sizeof w, NULL, "22018", 0);
    /* plain values are as before */
    esc_ok(SQL_TYPE_DATE, " 2011-04-22 ", " 2011-04-22 ");
}

static void test_datetime(void)
{
    SQL_DATE_STRUCT d = { 1969, 7, 20 }, bc = { -43, 3, 15 }, bad = { 2023, 2, 29 };
    SQL_TIME_STRUCT t = { 23, 59, 59 }, tbad = { 24, 0, 0 };
    SQL_TIMESTAMP_STRUCT ts = { 2040, 1, 2, 3, 4, 5, 123456000 };
    SQL_TIMESTAMP_STRUCT midnight = { 1900, 1, 1, 0, 0, 0, 0 };
    OK(SQL_C_TYPE_DATE, SQL_TYPE_DATE, &d, "1969-07-20");
    OK(SQL_C_DATE, SQL_TYPE_TIMESTAMP, &d, "1969-07-20 00:00:00");
    OK(SQL_C_TYPE_DATE, SQL_TYPE_DATE, &bc, "0044-03-15 BC");
    OK(SQL_C_TYPE_DATE, SQL_VARCHAR, &d, "1969-07-20");
    ERR(SQL_C_TYPE_DATE, SQL_TYPE_DATE, &bad, "22008");
    ERR(SQL_C_TYPE_DATE, SQL_TYPE_TIME, &d, "07006");
    ERR(SQL_C_TYPE_DATE, SQL_INTEGER, &d, "07006");
    OK(SQL_C_TYPE_TIME, SQL_TYPE_TIME, &t, "23:59:59");
    ERR(SQL_C_TYPE_TIME, SQL_TYPE_TIME, &tbad, "22008");
    OK(SQL_C_TYPE_TIMESTAMP, SQL_TYPE_TIMESTAMP, &ts, "2040-01-02 03:04:05.123456");
    OK(SQL_C_TIMESTAMP, SQL_VARCHAR, &ts, "2040-01-02 03:04:05.123456");
    ERR(SQL_C_TYPE_TIMESTAMP, SQL_TYPE_DATE, &ts, "22008");   /* time part lost */
    OK(SQL_C_TYPE_TIMESTAMP, SQL_TYPE_DATE, &midnight, "1900-01-01");
    ERR(SQL_C_TYPE_TIMESTAMP, SQL_TYPE_TIME, &ts, "22008");   /* fraction lost */
}

static void test_guid_interval(void)
{
    SQLGUID g = { 0x12345678, 0x9abc, 0xdef0, { 0x01, 0x23, 0x45, 0x67, 0x89, 0xab, 0xcd, 0xef } };
    OK(SQL_C_GUID, SQL_GUID, &g, "12345678-9abc-def0-0123-456789abcdef");
    OK(SQL_C_GUID, SQL_VARCHAR, &g, "12345678-9abc-def0-0123-456789abcdef");
    ERR(SQL_C_GUID, SQL_INTEGER, &g, "07006");
    SQL_INTERVAL_STRUCT iv;
    memset(&iv, 0, sizeof iv);
    iv.interval_type = SQL_IS_YEAR_TO_MONTH;
    iv.intval.year_month.year = 1;
    iv.intval.year_month.month = 2;
    OK(SQL_C_INTERVAL_YEAR_TO_MONTH, SQL_INTERVAL_YEAR_TO_MONTH, &iv, "1 years 2 mons");
    memset(&iv, 0, sizeof iv);
    iv.interval_type = SQL_IS_DAY_TO_SECOND;
    iv.interval_sign = SQL_TRUE;
    iv.intval.day_second.day = 3;
    iv.intval.day_second.hour = 4;
    iv.intval.day_second.minute = 5;
    iv.intval.day_second.second = 6;
    iv.intval.day_second.fraction = 500000;
    OK(SQL_C_INTERVAL_DAY_TO_SECOND, SQL_INTERVAL_DAY_TO_SECOND, &iv,
       "-3 days -4:05:06.500000");
    ERR(SQL_C_INTERVAL_DAY_TO_SECOND, SQL_INTEGER, &iv, "07006");
}

static void test_sizes(void)
{
    CU_ASSERT_EQUAL(drv_c_type_size(SQL_C_SLONG), 4);
    CU_ASSERT_EQUAL(drv_c_type_size(SQL_C_TYPE_TIMESTAMP), sizeof(SQL_TIMESTAMP_STRUCT));
    CU_ASSERT_EQUAL(drv_c_type_size(SQL_C_INTERVAL_DAY), sizeof(SQL_INTERVAL_STRUCT));
    CU_ASSERT_EQUAL(drv_c_type_size(SQL_C_CHAR), 0);
    CU_ASSERT_EQUAL(drv_param_default_c(SQL_INTEGER), SQL_C_SLONG);
    CU_ASSERT_EQUAL(drv_param_default_c(SQL_WVARCHAR), SQL_C_WCHAR);
    CU_ASSERT_EQUAL(drv_param_default_c(12345), 0);
}

/* ------------------------------------------------------------ binary */

/* Converts with the server's type known (server_oid): want_bin non-NULL
 * expects format 1 with those n bytes; NULL expects the text path (format 0,
 * `text`, or error `state` when text is NULL). */
static void conv_bin(SQLSMALLINT c, SQLSMALLINT sql, uint32_t server_oid, const void *p,
                     const void *want_bin, size_t n, const char *text, const char *state)
{
    drv_arena a = { NULL, 0, 0 };
    drv_pc_out out;
    char msg[200] = "";
    drv_pc_in in = { .c_type = c, .sql_type = sql, .ptr = p, .server_oid = server_oid };
    drv_arena_put(&a, "xx", 2);
    const char *st = drv_param_convert(&in, &a, &out, msg, sizeof msg);
    if (want_bin || text) {
        CU_ASSERT_PTR_NULL(st);
        if (!st) {
            CU_ASSERT_EQUAL(out.off, 2);
            CU_ASSERT_EQUAL(out.format, want_bin ? 1 : 0);
            CU_ASSERT_EQUAL(out.oid, 0);
            size_t len = want_bin ? n : strlen(text);
            CU_ASSERT_EQUAL(out.len, (int32_t)len);
            if (out.len == (int32_t)len)
                CU_ASSERT(memcmp(a.buf + out.off, want_bin ? want_bin : text, len) == 0);
        }
    } else {
        CU_ASSERT_PTR_NOT_NULL(st);
        if (st)
            CU_ASSERT_STRING_EQUAL(st, state);
        CU_ASSERT_EQUAL(a.len, 2);
    }
    free(a.buf);
}

#define BIN(c, sql, oid, p, ...) \
    do { \
        static const unsigned char w_[] = { __VA_ARGS__ }; \
        conv_bin(c, sql, oid, p, w_, sizeof w_, NULL, NULL); \
    } while (0)
#define TEXT(c, sql, oid, p, text) conv_bin(c, sql, oid, p, NULL, 0, text, NULL)

static void test_binary_integers(void)
{
    SQLINTEGER li = -2, lmax = INT32_MAX;
    SQLSMALLINT si = 258;
    SQLBIGINT bi = INT64_MIN, big = 3000000000LL;
    SQLUBIGINT ubi = UINT64_MAX;
    unsigned char uti = 200;
    /* big-endian two's complement of the column's width */
    BIN(SQL_C_SLONG, SQL_INTEGER, 23, &li, 0xff, 0xff, 0xff, 0xfe);
    BIN(SQL_C_SLONG, SQL_INTEGER, 23, &lmax, 0x7f, 0xff, 0xff, 0xff);
    BIN(SQL_C_SLONG, SQL_INTEGER, 20, &li, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xfe);
    BIN(SQL_C_SSHORT, SQL_SMALLINT, 21, &si, 0x01, 0x02);
    BIN(SQL_C_UTINYINT, SQL_SMALLINT, 23, &uti, 0, 0, 0, 200);
    BIN(SQL_C_SBIGINT, SQL_BIGINT, 20, &bi, 0x80, 0, 0, 0, 0, 0, 0, 0);
    /* the column cannot hold it: text, the server says why */
    TEXT(SQL_C_SBIGINT, SQL_BIGINT, 23, &big, "3000000000");
    TEXT(SQL_C_SLONG, SQL_INTEGER, 21, &lmax, "2147483647");
    /* the SQL type cannot hold it: the text path's 22003 */
    conv_bin(SQL_C_SBIGINT, SQL_INTEGER, 20, &big, NULL, 0, NULL, "22003");
    conv_bin(SQL_C_UBIGINT, SQL_BIGINT, 20, &ubi, NULL, 0, NULL, "22003");
    /* not an integer SQL type, or an unknown / text column: text */
    TEXT(SQL_C_SLONG, SQL_VARCHAR, 23, &li, "-2");
    TEXT(SQL_C_SLONG, SQL_DOUBLE, 701, &li, "-2");
    TEXT(SQL_C_SLONG, SQL_INTEGER, 705, &li, "-2");
    TEXT(SQL_C_SLONG, SQL_INTEGER, 1043, &li, "-2");
    TEXT(SQL_C_SLONG, SQL_INTEGER, 0, &li, "-2");
}

static void test_binary_floats(void)
{
    double half = 0.5, nan_ = NAN, ninf = -INFINITY, nzero = -0.0, third = 1.0 / 3;
    float f = 1.5f, fmax = 3.4028235e38f;
    /* the largest float is a REAL (text path, type unknown) */
    TEXT(SQL_C_FLOAT, SQL_REAL, 0, &fmax, "3.40282347e+38");
    BIN(SQL_C_DOUBLE, SQL_DOUBLE, 701, &half, 0x3f, 0xe0, 0, 0, 0, 0, 0, 0);
    BIN(SQL_C_DOUBLE, SQL_FLOAT, 701, &ninf, 0xff, 0xf0, 0, 0, 0, 0, 0, 0);
    BIN(SQL_C_DOUBLE, SQL_DOUBLE, 701, &nzero, 0x80, 0, 0, 0, 0, 0, 0, 0);
    BIN(SQL_C_DOUBLE, SQL_DOUBLE, 701, &third, 0x3f, 0xd5, 0x55, 0x55, 0x55, 0x55, 0x55, 0x55);
    BIN(SQL_C_FLOAT, SQL_REAL, 700, &f, 0x3f, 0xc0, 0, 0);
    /* NaN: whatever payload, still a NaN on the server; check the exponent */
    drv_arena a = { NULL, 0, 0 };
    drv_pc_out out;
    drv_pc_in in = { .c_type = SQL_C_DOUBLE, .sql_type = SQL_DOUBLE, .ptr = &nan_,
                     .server_oid = 701 };
    CU_ASSERT_PTR_NULL(drv_param_convert(&in, &a, &out, NULL, 0));
    CU_ASSERT_EQUAL(out.format, 1);
    CU_ASSERT(out.len == 8 && ((unsigned char)a.buf[0] & 0x7f) == 0x7f &&
              ((unsigned char)a.buf[1] & 0xf0) == 0xf0);
    free(a.buf);
    /* float and double never cross: their decimal texts would round otherwise */
    TEXT(SQL_C_FLOAT, SQL_REAL, 701, &f, "1.5");
    TEXT(SQL_C_DOUBLE, SQL_DOUBLE, 700, &half, "0.5");
    /* a double for a REAL parameter keeps the REAL range check */
    TEXT(SQL_C_DOUBLE, SQL_REAL, 701, &half, "0.5");
    /* to an integer SQL type: the spec's conversion (text path) */
    conv_bin(SQL_C_DOUBLE, SQL_INTEGER, 23, &half, NULL, 0, NULL, "22001");
}

static void test_binary_timestamps(void)
{
    SQL_TIMESTAMP_STRUCT epoch = { 2000, 1, 1, 0, 0, 0, 0 };
    SQL_TIMESTAMP_STRUCT y2020 = { 2020, 1, 1, 0, 0, 1, 0 };
    SQL_TIMESTAMP_STRUCT before = { 1999, 12, 31, 23, 59, 59, 500000000 };
    SQL_TIMESTAMP_STRUCT leap = { 2040, 2, 29, 12, 0, 0, 123456000 };
    SQL_TIMESTAMP_STRUCT first = { 1, 1, 1, 0, 0, 0, 0 };
    SQL_TIMESTAMP_STRUCT nanos = { 2020, 1, 1, 0, 0, 0, 1 };
    SQL_TIMESTAMP_STRUCT bc = { 0, 1, 1, 0, 0, 0, 0 };
    SQL_TIMESTAMP_STRUCT bad = { 2021, 2, 29, 0, 0, 0, 0 };
    BIN(SQL_C_TYPE_TIMESTAMP, SQL_TYPE_TIMESTAMP, 1114, &epoch, 0, 0, 0, 0, 0, 0, 0, 0);
    /* (7305 days * 86400 + 1) s = 631152001000000 us */
    BIN(SQL_C_TYPE_TIMESTAMP, SQL_TYPE_TIMESTAMP, 1114, &y2020,
        0x00, 0x02, 0x3e, 0x07, 0x86, 0xd1, 0xa2, 0x40);
    /* -0.5 s = -500000 us */
    BIN(SQL_C_TYPE_TIMESTAMP, SQL_TYPE_TIMESTAMP, 1114, &before,
        0xff, 0xff, 0xff, 0xff, 0xff, 0xf8, 0x5e, 0xe0);
    /* 2040-02-29 12:00:00.123456: 14669 days, 43200.123456 s */
    BIN(SQL_C_TIMESTAMP, SQL_TIMESTAMP, 1114, &leap,
        0x00, 0x04, 0x80, 0xbb, 0xfd, 0x15, 0x72, 0x40);
    /* 0001-01-01: -730119 days = -63082281600000000 us */
    BIN(SQL_C_TYPE_TIMESTAMP, SQL_TYPE_TIMESTAMP, 1114, &first,
        0xff, 0x1f, 0xe2, 0xff, 0xc5, 0x9c, 0x60, 0x00);
    /* nanoseconds (rounded by PostgreSQL's text input), BC, timestamptz,
     * another SQL type: text */
    TEXT(SQL_C_TYPE_TIMESTAMP, SQL_TYPE_TIMESTAMP, 1114, &nanos, "2020-01-01 00:00:00.000000001");
    TEXT(SQL_C_TYPE_TIMESTAMP, SQL_TYPE_TIMESTAMP, 1114, &bc, "0001-01-01 00:00:00 BC");
    TEXT(SQL_C_TYPE_TIMESTAMP, SQL_TYPE_TIMESTAMP, 1184, &epoch, "2000-01-01 00:00:00");
    TEXT(SQL_C_TYPE_TIMESTAMP, SQL_VARCHAR, 1114, &epoch, "2000-01-01 00:00:00");
    /* an impossible date keeps its 22008 */
    conv_bin(SQL_C_TYPE_TIMESTAMP, SQL_TYPE_TIMESTAMP, 1114, &bad, NULL, 0, NULL, "22008");
}

void register_param_convert_tests(void)
{
    CU_pSuite s = CU_add_suite("param_convert", NULL, NULL);
    CU_add_test(s, "integers", test_integers);
    CU_add_test(s, "floats", test_floats);
    CU_add_test(s, "numeric and bit", test_numeric_bit);
    CU_add_test(s, "text, wchar, binary", test_text);
    CU_add_test(s, "date, time, timestamp", test_datetime);
    CU_add_test(s, "datetime escapes in character data", test_datetime_escapes);
    CU_add_test(s, "guid and interval", test_guid_interval);
    CU_add_test(s, "sizes and defaults", test_sizes);
    CU_add_test(s, "binary integers", test_binary_integers);
    CU_add_test(s, "binary floats", test_binary_floats);
    CU_add_test(s, "binary timestamps", test_binary_timestamps);
}
