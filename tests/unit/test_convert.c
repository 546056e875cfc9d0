/* test_convert.c: text-format values to C types (driver/convert.c) and the type table order. */
#include <math.h>
#include <string.h>

#include "stmt_int.h"
#include "unit.h"

static drv_hdr h;

static const char *last_state(void)
{
    return h.diag.count > 0 ? h.diag.recs[h.diag.count - 1].sqlstate : "";
}

static SQLRETURN conv(uint32_t oid, const char *text, SQLSMALLINT c, void *buf, SQLLEN len,
                      SQLLEN *ind, size_t off, size_t *consumed)
{
    pgw_value v = { text, text ? (int32_t)strlen(text) : -1 };
    drv_diag_clear(&h);
    return drv_convert_value(&h, drv_type_lookup(oid), &v, c, buf, len, ind, off, consumed);
}

static void test_table_sorted(void)
{
    size_t n;
    const drv_type_info *t = drv_type_table(&n);
    for (size_t i = 1; i < n; i++)
        CU_ASSERT(t[i - 1].oid < t[i].oid);
    CU_ASSERT_EQUAL(drv_type_lookup(23)->sql_type, SQL_INTEGER);
    CU_ASSERT_EQUAL(drv_type_lookup(99999)->sql_type, SQL_VARCHAR);
}

static void test_integers(void)
{
    SQLINTEGER i = 0;
    SQLSMALLINT s = 0;
    SQLUINTEGER u = 0;
    SQLBIGINT b = 0;
    SQLLEN ind = 0;
    CU_ASSERT_EQUAL(conv(23, "-42", SQL_C_SLONG, &i, 0, &ind, 0, NULL), SQL_SUCCESS);
    CU_ASSERT_EQUAL(i, -42);
    CU_ASSERT_EQUAL(ind, 4);
    CU_ASSERT_EQUAL(conv(20, "40000", SQL_C_SSHORT, &s, 0, &ind, 0, NULL), SQL_ERROR);
    CU_ASSERT_STRING_EQUAL(last_state(), "22003");
    CU_ASSERT_EQUAL(conv(20, "-1", SQL_C_ULONG, &u, 0, &ind, 0, NULL), SQL_ERROR);
    CU_ASSERT_STRING_EQUAL(last_state(), "22003");
    CU_ASSERT_EQUAL(conv(1700, "12.5", SQL_C_SLONG, &i, 0, &ind, 0, NULL),
                    SQL_SUCCESS_WITH_INFO);
    CU_ASSERT_STRING_EQUAL(last_state(), "01S07");
    CU_ASSERT_EQUAL(i, 12);
    CU_ASSERT_EQUAL(conv(701, "1.0E7", SQL_C_SLONG, &i, 0, &ind, 0, NULL), SQL_SUCCESS);
    CU_ASSERT_EQUAL(i, 10000000);
    CU_ASSERT_EQUAL(conv(1043, "abc", SQL_C_SLONG, &i, 0, &ind, 0, NULL), SQL_ERROR);
    CU_ASSERT_STRING_EQUAL(last_state(), "22018");
    CU_ASSERT_EQUAL(conv(20, "-9223372036854775808", SQL_C_SBIGINT, &b, 0, &ind, 0, NULL),
                    SQL_SUCCESS);
    CU_ASSERT_EQUAL(b, INT64_MIN);
    CU_ASSERT_EQUAL(conv(16, "t", SQL_C_SLONG, &i, 0, &ind, 0, NULL), SQL_SUCCESS);
    CU_ASSERT_EQUAL(i, 1);
}

static void test_floats_bits(void)
{
    double d = 0;
    float f = 0;
    unsigned char bit = 9;
    SQLLEN ind;
    CU_ASSERT_EQUAL(conv(701, "-Infinity", SQL_C_DOUBLE, &d, 0, &ind, 0, NULL), SQL_SUCCESS);
    CU_ASSERT(isinf(d) && d < 0);
    CU_ASSERT_EQUAL(conv(701, "NaN", SQL_C_DOUBLE, &d, 0, &ind, 0, NULL), SQL_SUCCESS);
    CU_ASSERT(isnan(d));
    CU_ASSERT_EQUAL(conv(701, "1.0E-4", SQL_C_DOUBLE, &d, 0, &ind, 0, NULL), SQL_SUCCESS);
    CU_ASSERT_DOUBLE_EQUAL(d, 1e-4, 1e-12);
    CU_ASSERT_EQUAL(conv(701, "1e300", SQL_C_FLOAT, &f, 0, &ind, 0, NULL), SQL_ERROR);
    CU_ASSERT_EQUAL(conv(16, "f", SQL_C_BIT, &bit, 0, &ind, 0, NULL), SQL_SUCCESS);
    CU_ASSERT_EQUAL(bit, 0);
    CU_ASSERT_EQUAL(conv(23, "2", SQL_C_BIT, &bit, 0, &ind, 0, NULL), SQL_ERROR);
}

static void test_chars(void)
{
    char buf[8];
    SQLLEN ind;
    size_t used = 0;
    /* bool as "1"/"0" */
    CU_ASSERT_EQUAL(conv(16, "t", SQL_C_CHAR, buf, sizeof buf, &ind, 0, &used), SQL_SUCCESS);
    CU_ASSERT_STRING_EQUAL(buf, "1");
    /* "aé€😀" = 1 + 2 + 3 + 4 bytes: a 6-byte buffer holds "aé" then stops before € */
    const char *s = "a\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80";
    CU_ASSERT_EQUAL(conv(1043, s, SQL_C_CHAR, buf, 5, &ind, 0, &used), SQL_SUCCESS_WITH_INFO);
    CU_ASSERT_STRING_EQUAL(last_state(), "01004");
    CU_ASSERT_EQUAL(ind, 10);
    CU_ASSERT_STRING_EQUAL(buf, "a\xc3\xa9");
    CU_ASSERT_EQUAL(used, 3);
    CU_ASSERT_EQUAL(conv(1043, s, SQL_C_CHAR, buf, 8, &ind, used, &used), SQL_SUCCESS);
    CU_ASSERT_EQUAL(ind, 7);
    CU_ASSERT_STRING_EQUAL(buf, "\xe2\x82\xac\xf0\x9f\x98\x80");
    /* NULL */
    CU_ASSERT_EQUAL(conv(1043, NULL, SQL_C_CHAR, buf, 8, &ind, 0, NULL), SQL_SUCCESS);
    CU_ASSERT_EQUAL(ind, SQL_NULL_DATA);
    CU_ASSERT_EQUAL(conv(1043, NULL, SQL_C_CHAR, buf, 8, NULL, 0, NULL), SQL_ERROR);
    CU_ASSERT_STRING_EQUAL(last_state(), "22002");
}

static void test_wchar(void)
{
    SQLWCHAR w[4];
    SQLLEN ind;
    size_t used = 0;
    /* "a😀b" is 4 UTF-16 units: a, D83D, DE00, b */
    const char *s = "a\xf0\x9f\x98\x80" "b";
    CU_ASSERT_EQUAL(conv(1043, s, SQL_C_WCHAR, w, sizeof w - sizeof(SQLWCHAR), &ind, 0, &used),
                    SQL_SUCCESS_WITH_INFO);
    CU_ASSERT_EQUAL(ind, 8);
    CU_ASSERT_EQUAL(used, 1);        /* 2 units of room: 'a', then the pair does not fit */
    CU_ASSERT_EQUAL(w[0], 'a');
    CU_ASSERT_EQUAL(w[1], 0);
    CU_ASSERT_EQUAL(conv(1043, s, SQL_C_WCHAR, w, sizeof w, &ind, used, &used), SQL_SUCCESS);
    CU_ASSERT_EQUAL(ind, 6);
    CU_ASSERT_EQUAL(w[0], 0xD83D);
    CU_ASSERT_EQUAL(w[1], 0xDE00);
    CU_ASSERT_EQUAL(w[2], 'b');
}

static void test_binary_guid(void)
{
    unsigned char b[4];
    SQLLEN ind;
    size_t used;
    CU_ASSERT_EQUAL(conv(17, "\\x0a0bff", SQL_C_BINARY, b, 2, &ind, 0, &used),
                    SQL_SUCCESS_WITH_INFO);
    CU_ASSERT_EQUAL(ind, 3);
    CU_ASSERT_EQUAL(b[0], 0x0a);
    CU_ASSERT_EQUAL(b[1], 0x0b);
    CU_ASSERT_EQUAL(conv(17, "\\x0a0bff", SQL_C_BINARY, b, 2, &ind, used, &used), SQL_SUCCESS);
    CU_ASSERT_EQUAL(b[0], 0xff);
    SQLGUID g;
    CU_ASSERT_EQUAL(conv(2950, "12345678-9abc-def0-1122-334455667788", SQL_C_GUID, &g, 0, &ind,
                         0, NULL), SQL_SUCCESS);
    CU_ASSERT_EQUAL(g.Data1, 0x12345678u);
    CU_ASSERT_EQUAL(g.Data2, 0x9abc);
    CU_ASSERT_EQUAL(g.Data4[7], 0x88);
    CU_ASSERT_EQUAL(conv(23, "1", SQL_C_GUID, &g, 0, &ind, 0, NULL), SQL_ERROR);
    CU_ASSERT_STRING_EQUAL(last_state(), "07006");
}

static void test_datetime(void)
{
    SQL_TIMESTAMP_STRUCT ts;
    SQL_DATE_STRUCT d;
    SQL_TIME_STRUCT t;
    SQLLEN ind;
    CU_ASSERT_EQUAL(conv(1184, "2024-02-29 13:14:15.123+00", SQL_C_TYPE_TIMESTAMP, &ts, 0,
                         &ind, 0, NULL), SQL_SUCCESS);
    CU_ASSERT_EQUAL(ts.year, 2024);
    CU_ASSERT_EQUAL(ts.month, 2);
    CU_ASSERT_EQUAL(ts.day, 29);
    CU_ASSERT_EQUAL(ts.hour, 13);
    CU_ASSERT_EQUAL(ts.second, 15);
    CU_ASSERT_EQUAL(ts.fraction, 123000000u);
    CU_ASSERT_EQUAL(conv(1114, "0044-03-15 12:00:00.000 BC", SQL_C_TYPE_TIMESTAMP, &ts, 0,
                         &ind, 0, NULL), SQL_SUCCESS);
    CU_ASSERT_EQUAL(ts.year, -43);
    CU_ASSERT_EQUAL(conv(1114, "2024-01-02 03:04:05", SQL_C_TYPE_DATE, &d, 0, &ind, 0, NULL),
                    SQL_SUCCESS_WITH_INFO);
    CU_ASSERT_STRING_EQUAL(last_state(), "01S07");
    CU_ASSERT_EQUAL(d.day, 2);
    CU_ASSERT_EQUAL(conv(1082, "2024-01-02", SQL_C_DATE, &d, 0, &ind, 0, NULL), SQL_SUCCESS);
    CU_ASSERT_EQUAL(conv(1082, "2024-01-02", SQL_C_TYPE_TIME, &t, 0, &ind, 0, NULL), SQL_ERROR);
    CU_ASSERT_STRING_EQUAL(last_state(), "07006");
    CU_ASSERT_EQUAL(conv(1043, "10:20:30.5+02:00", SQL_C_TYPE_TIME, &t, 0, &ind, 0, NULL),
                    SQL_SUCCESS_WITH_INFO);
    CU_ASSERT_EQUAL(t.minute, 20);
    CU_ASSERT_EQUAL(conv(1043, "nonsense", SQL_C_TYPE_DATE, &d, 0, &ind, 0, NULL), SQL_ERROR);
    CU_ASSERT_STRING_EQUAL(last_state(), "22018");
}

static void test_numeric(void)
{
    SQL_NUMERIC_STRUCT ns;
    SQLLEN ind;
    CU_ASSERT_EQUAL(conv(1700, "-123.45", SQL_C_NUMERIC, &ns, 0, &ind, 0, NULL), SQL_SUCCESS);
    CU_ASSERT_EQUAL(ns.sign, 0);
    CU_ASSERT_EQUAL(ns.scale, 2);
    CU_ASSERT_EQUAL(ns.precision, 5);
    CU_ASSERT_EQUAL(ns.val[0] | ns.val[1] << 8, 12345);
    CU_ASSERT_EQUAL(conv(1700, "1E+3", SQL_C_NUMERIC, &ns, 0, &ind, 0, NULL), SQL_SUCCESS);
    CU_ASSERT_EQUAL(ns.scale, 0);
    CU_ASSERT_EQUAL(ns.val[0] | ns.val[1] << 8, 1000);
}

void register_convert_tests(void)
{
    CU_pSuite s = CU_add_suite("convert", NULL, NULL);
    CU_add_test(s, "type table sorted", test_table_sorted);
    CU_add_test(s, "integers", test_integers);
    CU_add_test(s, "floats and bits", test_floats_bits);
    CU_add_test(s, "character, piecewise", test_chars);
    CU_add_test(s, "wide character, pairs kept", test_wchar);
    CU_add_test(s, "binary and guid", test_binary_guid);
    CU_add_test(s, "date and time", test_datetime);
    CU_add_test(s, "numeric struct", test_numeric);
}
