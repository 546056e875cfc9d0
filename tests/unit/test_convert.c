/* test_convert.c: text-format values to C types (driver/convert.c) and the type table order. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "stmt_int.h"
#include "unit.h"

static drv_hdr h;

static const char *last_state(void)
{
    return h.diag.count > 0 ? h.diag.recs[h.diag.count - 1].sqlstate : "";
}

static pgw_scratch bufs[5];
static bool crate_quirks = true;

/* Decodes bytes of a value (format 0 text, 1 binary) as CrateDB sends them
 * and converts the datum; a malformed value gives SQL_ERROR with "DECOD". */
static SQLRETURN convf(uint32_t oid, int format, const char *bytes, int32_t n, SQLSMALLINT c,
                       void *buf, SQLLEN len, SQLLEN *ind, size_t off, size_t *consumed)
{
    pgw_decode_ctx ctx = { &bufs[0], &bufs[1], &bufs[2], &bufs[3], crate_quirks, false, false, 0, NULL };
    pgw_datum d;
    drv_diag_clear(&h);
    if (!pgw_value_decode(pgw_type_lookup(oid), format, bytes, n, &ctx, &d))
        return drv_error(&h, "DECOD", "cannot decode");
    return drv_convert_value(&h, drv_type_lookup(oid), &d, c, buf, len, ind, off, consumed,
                             &bufs[4]);
}

static SQLRETURN conv(uint32_t oid, const char *text, SQLSMALLINT c, void *buf, SQLLEN len,
                      SQLLEN *ind, size_t off, size_t *consumed)
{
    return convf(oid, 0, text, text ? (int32_t)strlen(text) : -1, c, buf, len, ind, off,
                 consumed);
}

/* An interval text (OID 1186) to an interval C type with the given leading and
 * seconds precisions (the ARD's, as a bound column or SQL_ARD_TYPE takes them). */
static SQLRETURN conv_iv(const char *text, SQLSMALLINT c, int leading, int seconds,
                         SQL_INTERVAL_STRUCT *out)
{
    pgw_decode_ctx ctx = { &bufs[0], &bufs[1], &bufs[2], &bufs[3], crate_quirks, false, false, 0, NULL };
    pgw_datum d;
    SQLLEN ind = 0;
    drv_diag_clear(&h);
    memset(out, 0xee, sizeof *out);
    if (!pgw_value_decode(pgw_type_lookup(1186), 0, text, (int32_t)strlen(text), &ctx, &d))
        return drv_error(&h, "DECOD", "cannot decode");
    const drv_type_info *t = drv_type_lookup(1186);
    drv_conv cv;
    drv_conv_resolve(t, c, &cv);
    drv_desc_rec r;
    memset(&r, 0, sizeof r);
    r.datetime_interval_precision = leading;
    r.precision = (SQLSMALLINT)seconds;
    drv_conv_from_ard(&cv, &r);
    return drv_convert_resolved(&h, &cv, t, &d, out, 0, &ind, 0, NULL, &bufs[4]);
}

/* SQL_DESC_PRECISION (seconds) and SQL_DESC_DATETIME_INTERVAL_PRECISION (leading) of the
 * ARD: the fraction counts units of the seconds precision, digits lost are 01S07, a
 * leading field with more digits than its precision 22015, precisions no struct holds
 * HY021 (a seconds precision of 20 used to fill the struct with zeros, SQL_SUCCESS). */
static void test_interval_precision(void)
{
    SQL_INTERVAL_STRUCT is;
    const SQL_DAY_SECOND_STRUCT *ds = &is.intval.day_second;
    CU_ASSERT_EQUAL(conv_iv("1 day 02:03:04.123456", SQL_C_INTERVAL_DAY_TO_SECOND, 2, 6, &is),
                    SQL_SUCCESS);
    CU_ASSERT_EQUAL(ds->fraction, 123456);
    CU_ASSERT_EQUAL(conv_iv("1 day 02:03:04.123456", SQL_C_INTERVAL_DAY_TO_SECOND, 2, 9, &is),
                    SQL_SUCCESS);
    CU_ASSERT_EQUAL(ds->fraction, 123456000);
    CU_ASSERT_EQUAL(ds->second, 4);
    CU_ASSERT_EQUAL(conv_iv("1 day 02:03:04.123456", SQL_C_INTERVAL_DAY_TO_SECOND, 2, 3, &is),
                    SQL_SUCCESS_WITH_INFO);
    CU_ASSERT_STRING_EQUAL(last_state(), "01S07");
    CU_ASSERT_EQUAL(ds->fraction, 123);          /* truncated, not rounded */
    CU_ASSERT_EQUAL(conv_iv("00:00:04.5", SQL_C_INTERVAL_SECOND, 2, 1, &is), SQL_SUCCESS);
    CU_ASSERT_EQUAL(ds->fraction, 5);
    CU_ASSERT_EQUAL(conv_iv("00:00:04.5", SQL_C_INTERVAL_SECOND, 2, 0, &is),
                    SQL_SUCCESS_WITH_INFO);
    CU_ASSERT_STRING_EQUAL(last_state(), "01S07");
    CU_ASSERT_EQUAL(ds->second, 4);
    CU_ASSERT_EQUAL(ds->fraction, 0);
    CU_ASSERT_EQUAL(conv_iv("00:00:04", SQL_C_INTERVAL_SECOND, 2, 0, &is), SQL_SUCCESS);
    /* the leading field: 2 digits by default */
    CU_ASSERT_EQUAL(conv_iv("100 days", SQL_C_INTERVAL_DAY, 2, 0, &is), SQL_ERROR);
    CU_ASSERT_STRING_EQUAL(last_state(), "22015");
    CU_ASSERT_EQUAL(conv_iv("100 days", SQL_C_INTERVAL_DAY, 3, 0, &is), SQL_SUCCESS);
    CU_ASSERT_EQUAL(ds->day, 100);
    CU_ASSERT_EQUAL(conv_iv("99 days", SQL_C_INTERVAL_DAY, 2, 0, &is), SQL_SUCCESS);
    /* hours absorb the days of an HOUR TO SECOND: 5 days = 120 hours, 3 digits */
    CU_ASSERT_EQUAL(conv_iv("5 days 00:00:01", SQL_C_INTERVAL_HOUR_TO_SECOND, 2, 6, &is),
                    SQL_ERROR);
    CU_ASSERT_STRING_EQUAL(last_state(), "22015");
    CU_ASSERT_EQUAL(conv_iv("5 days 00:00:01", SQL_C_INTERVAL_HOUR_TO_SECOND, 3, 6, &is),
                    SQL_SUCCESS);
    CU_ASSERT_EQUAL(ds->hour, 120);
    CU_ASSERT_EQUAL(conv_iv("-00:00:07", SQL_C_INTERVAL_SECOND, 1, 6, &is), SQL_SUCCESS);
    CU_ASSERT_EQUAL(is.interval_sign, SQL_TRUE);
    CU_ASSERT_EQUAL(conv_iv("00:00:10", SQL_C_INTERVAL_SECOND, 1, 6, &is), SQL_ERROR);
    CU_ASSERT_STRING_EQUAL(last_state(), "22015");
    CU_ASSERT_EQUAL(conv_iv("123 years 4 mons", SQL_C_INTERVAL_YEAR_TO_MONTH, 2, 0, &is),
                    SQL_ERROR);
    CU_ASSERT_STRING_EQUAL(last_state(), "22015");
    CU_ASSERT_EQUAL(conv_iv("123 years 4 mons", SQL_C_INTERVAL_YEAR_TO_MONTH, 3, 0, &is),
                    SQL_SUCCESS);
    CU_ASSERT_EQUAL(is.intval.year_month.year, 123);
    CU_ASSERT_EQUAL(conv_iv("8 years 3 mons", SQL_C_INTERVAL_MONTH, 2, 0, &is), SQL_SUCCESS);
    CU_ASSERT_EQUAL(is.intval.year_month.month, 99);
    CU_ASSERT_EQUAL(conv_iv("8 years 4 mons", SQL_C_INTERVAL_MONTH, 2, 0, &is), SQL_ERROR);
    CU_ASSERT_STRING_EQUAL(last_state(), "22015");
    /* precisions no struct holds */
    CU_ASSERT_EQUAL(conv_iv("00:00:04.5", SQL_C_INTERVAL_SECOND, 2, 20, &is), SQL_ERROR);
    CU_ASSERT_STRING_EQUAL(last_state(), "HY021");
    CU_ASSERT_EQUAL(conv_iv("00:00:04.5", SQL_C_INTERVAL_SECOND, 2, -1, &is), SQL_ERROR);
    CU_ASSERT_STRING_EQUAL(last_state(), "HY021");
    CU_ASSERT_EQUAL(conv_iv("1 day", SQL_C_INTERVAL_DAY, 0, 0, &is), SQL_ERROR);
    CU_ASSERT_STRING_EQUAL(last_state(), "HY021");
    CU_ASSERT_EQUAL(conv_iv("1 day", SQL_C_INTERVAL_DAY, 10, 0, &is), SQL_ERROR);
    CU_ASSERT_STRING_EQUAL(last_state(), "HY021");
}

/*
 * Fast paths (drv_fast_resolve): runs the fast conversion of a text value
 * and the general one (decode + drv_convert_value) on buffers of the same
 * filling, and checks that the fast one either declined having written
 * nothing, or wrote exactly what the general one did with SQL_SUCCESS and
 * no diagnostic. Returns 1 when the fast path took the value, 0 when it
 * declined, -1 when there is no fast path for the pair. `buflen` is the
 * buffer length passed (<= 64), `with_ind` whether an indicator is given.
 */
static int fast_agrees(uint32_t oid, const char *text, SQLSMALLINT c, SQLLEN buflen,
                       bool with_ind)
{
    drv_conv cv;
    drv_conv_resolve(drv_type_lookup(oid), c, &cv);
    drv_fast_fn fn = drv_fast_resolve(&cv, oid, 0);
    if (!fn)
        return -1;
    unsigned char fbuf[64], gbuf[64];
    memset(fbuf, 0xAA, sizeof fbuf);
    memset(gbuf, 0xAA, sizeof gbuf);
    SQLLEN find = -12345, gind = -12345;
    int32_t n = text ? (int32_t)strlen(text) : -1;
    bool took = fn(&cv, text, n, fbuf, buflen, with_ind ? &find : NULL);
    SQLRETURN rc = conv(oid, text, c, gbuf, buflen, with_ind ? &gind : NULL, 0, NULL);
    if (took) {
        CU_ASSERT_EQUAL(rc, SQL_SUCCESS);
        CU_ASSERT_EQUAL(h.diag.count, 0);
        CU_ASSERT_EQUAL(memcmp(fbuf, gbuf, sizeof fbuf), 0);
        CU_ASSERT_EQUAL(find, gind);
    } else {
        static const unsigned char untouched[64] = { [0 ... 63] = 0xAA };
        CU_ASSERT_EQUAL(memcmp(fbuf, untouched, sizeof fbuf), 0);
        CU_ASSERT_EQUAL(find, -12345);
    }
    return took;
}

static void test_fast_ints(void)
{
    /* int4 into SQLINTEGER: the edges and one past them */
    CU_ASSERT_EQUAL(fast_agrees(23, "2147483647", SQL_C_SLONG, 0, true), 1);
    CU_ASSERT_EQUAL(fast_agrees(23, "-2147483648", SQL_C_SLONG, 0, true), 1);
    CU_ASSERT_EQUAL(fast_agrees(20, "2147483648", SQL_C_SLONG, 0, true), 0);
    CU_ASSERT_STRING_EQUAL(last_state(), "22003");
    CU_ASSERT_EQUAL(fast_agrees(20, "-2147483649", SQL_C_SLONG, 0, true), 0);
    CU_ASSERT_STRING_EQUAL(last_state(), "22003");
    CU_ASSERT_EQUAL(fast_agrees(23, "0", SQL_C_SLONG, 0, true), 1);
    CU_ASSERT_EQUAL(fast_agrees(23, "-0", SQL_C_SLONG, 0, true), 1);
    CU_ASSERT_EQUAL(fast_agrees(23, "-0", SQL_C_ULONG, 0, true), 1);
    CU_ASSERT_EQUAL(fast_agrees(23, "42", SQL_C_LONG, 0, false), 1);
    /* signs and spaces: '+' and anything unusual go the general way */
    CU_ASSERT_EQUAL(fast_agrees(23, "+42", SQL_C_SLONG, 0, true), 0);
    CU_ASSERT_EQUAL(fast_agrees(23, "-", SQL_C_SLONG, 0, true), 0);
    CU_ASSERT_STRING_EQUAL(last_state(), "DECOD");
    CU_ASSERT_EQUAL(fast_agrees(23, "", SQL_C_SLONG, 0, true), 0);
    CU_ASSERT_EQUAL(fast_agrees(23, " 42", SQL_C_SLONG, 0, true), 0);
    CU_ASSERT_EQUAL(fast_agrees(23, "4x", SQL_C_SLONG, 0, true), 0);
    CU_ASSERT_EQUAL(fast_agrees(23, "4/", SQL_C_SLONG, 0, true), 0);
    /* 10 and 11 digits, 18 and 19 digits, int8 edges */
    CU_ASSERT_EQUAL(fast_agrees(20, "1000000000", SQL_C_SLONG, 0, true), 1);
    CU_ASSERT_EQUAL(fast_agrees(20, "9999999999", SQL_C_SLONG, 0, true), 0);
    CU_ASSERT_EQUAL(fast_agrees(20, "10000000000", SQL_C_SBIGINT, 0, true), 1);
    CU_ASSERT_EQUAL(fast_agrees(20, "-10000000000", SQL_C_SBIGINT, 0, true), 1);
    CU_ASSERT_EQUAL(fast_agrees(20, "999999999999999999", SQL_C_SBIGINT, 0, true), 1);
    CU_ASSERT_EQUAL(fast_agrees(20, "1000000000000000000", SQL_C_SBIGINT, 0, true), 0);
    CU_ASSERT_EQUAL(fast_agrees(20, "9223372036854775807", SQL_C_SBIGINT, 0, true), 0);
    CU_ASSERT_EQUAL(fast_agrees(20, "-9223372036854775808", SQL_C_SBIGINT, 0, true), 0);
    CU_ASSERT_EQUAL(fast_agrees(20, "9223372036854775808", SQL_C_SBIGINT, 0, true), 0);
    CU_ASSERT_STRING_EQUAL(last_state(), "DECOD");
    /* smaller and unsigned targets */
    CU_ASSERT_EQUAL(fast_agrees(21, "32767", SQL_C_SSHORT, 0, true), 1);
    CU_ASSERT_EQUAL(fast_agrees(21, "-32768", SQL_C_SSHORT, 0, true), 1);
    CU_ASSERT_EQUAL(fast_agrees(23, "32768", SQL_C_SSHORT, 0, true), 0);
    CU_ASSERT_EQUAL(fast_agrees(23, "-32769", SQL_C_SSHORT, 0, true), 0);
    CU_ASSERT_EQUAL(fast_agrees(23, "65535", SQL_C_USHORT, 0, true), 1);
    CU_ASSERT_EQUAL(fast_agrees(23, "-1", SQL_C_USHORT, 0, true), 0);
    CU_ASSERT_EQUAL(fast_agrees(23, "255", SQL_C_UTINYINT, 0, true), 1);
    CU_ASSERT_EQUAL(fast_agrees(23, "-128", SQL_C_STINYINT, 0, true), 1);
    CU_ASSERT_EQUAL(fast_agrees(23, "128", SQL_C_STINYINT, 0, true), 0);
    CU_ASSERT_EQUAL(fast_agrees(20, "4294967295", SQL_C_ULONG, 0, true), 1);
    CU_ASSERT_EQUAL(fast_agrees(20, "4294967296", SQL_C_ULONG, 0, true), 0);
    CU_ASSERT_EQUAL(fast_agrees(20, "123", SQL_C_UBIGINT, 0, true), 1);
    /* NULL: the indicator, or 22002 from the general path */
    CU_ASSERT_EQUAL(fast_agrees(23, NULL, SQL_C_SLONG, 0, true), 1);
    CU_ASSERT_EQUAL(fast_agrees(23, NULL, SQL_C_SLONG, 0, false), 0);
    CU_ASSERT_STRING_EQUAL(last_state(), "22002");
    /* no fast path: other targets, binary format, other types */
    CU_ASSERT_EQUAL(fast_agrees(23, "1", SQL_C_CHAR, 64, true), -1);
    CU_ASSERT_EQUAL(fast_agrees(23, "1", SQL_C_BIT, 0, true), -1);
    CU_ASSERT_EQUAL(fast_agrees(1700, "1", SQL_C_SLONG, 0, true), -1);
    drv_conv cv;
    drv_conv_resolve(drv_type_lookup(23), SQL_C_SLONG, &cv);
    CU_ASSERT_PTR_NOT_NULL(drv_fast_resolve(&cv, 23, 0));
    CU_ASSERT_PTR_NULL(drv_fast_resolve(&cv, 23, 1));
    drv_conv_resolve(drv_type_lookup(1114), SQL_C_SLONG, &cv);   /* 07006 stays general */
    CU_ASSERT_PTR_NULL(drv_fast_resolve(&cv, 1114, 0));
}

static void test_fast_float_bit(void)
{
    CU_ASSERT_EQUAL(fast_agrees(701, "0.25", SQL_C_DOUBLE, 0, true), 1);
    CU_ASSERT_EQUAL(fast_agrees(701, "-1.5e300", SQL_C_DOUBLE, 0, true), 1);
    CU_ASSERT_EQUAL(fast_agrees(701, "0.1", SQL_C_DOUBLE, 0, true), 1);
    CU_ASSERT_EQUAL(fast_agrees(701, "NaN", SQL_C_DOUBLE, 0, true), 1);
    CU_ASSERT_EQUAL(fast_agrees(701, "-Infinity", SQL_C_DOUBLE, 0, true), 1);
    CU_ASSERT_EQUAL(fast_agrees(700, "0.1", SQL_C_DOUBLE, 0, true), 1);
    CU_ASSERT_EQUAL(fast_agrees(700, "3.4028235e38", SQL_C_DOUBLE, 0, true), 1);
    CU_ASSERT_EQUAL(fast_agrees(701, "1.5x", SQL_C_DOUBLE, 0, true), 0);
    CU_ASSERT_STRING_EQUAL(last_state(), "DECOD");
    CU_ASSERT_EQUAL(fast_agrees(701, "", SQL_C_DOUBLE, 0, true), 0);
    CU_ASSERT_EQUAL(fast_agrees(701, NULL, SQL_C_DOUBLE, 0, true), 1);
    CU_ASSERT_EQUAL(fast_agrees(701, NULL, SQL_C_DOUBLE, 0, false), 0);
    CU_ASSERT_EQUAL(fast_agrees(701, "1", SQL_C_FLOAT, 0, true), -1);
    CU_ASSERT_EQUAL(fast_agrees(16, "t", SQL_C_BIT, 0, true), 1);
    CU_ASSERT_EQUAL(fast_agrees(16, "f", SQL_C_BIT, 0, false), 1);
    CU_ASSERT_EQUAL(fast_agrees(16, "true", SQL_C_BIT, 0, true), 0);
    CU_ASSERT_EQUAL(fast_agrees(16, "x", SQL_C_BIT, 0, true), 0);
    CU_ASSERT_STRING_EQUAL(last_state(), "DECOD");
    CU_ASSERT_EQUAL(fast_agrees(16, NULL, SQL_C_BIT, 0, true), 1);
    CU_ASSERT_EQUAL(fast_agrees(16, NULL, SQL_C_BIT, 0, false), 0);
    CU_ASSERT_EQUAL(fast_agrees(16, "t", SQL_C_SLONG, 0, true), -1);
}

static void test_fast_char(void)
{
    /* text: fits with its NUL, or the general way with 01004 */
    CU_ASSERT_EQUAL(fast_agrees(25, "row-0000000000000001", SQL_C_CHAR, 64, true), 1);
    CU_ASSERT_EQUAL(fast_agrees(25, "abcd", SQL_C_CHAR, 5, true), 1);
    CU_ASSERT_EQUAL(fast_agrees(25, "abcd", SQL_C_CHAR, 4, true), 0);
    CU_ASSERT_STRING_EQUAL(last_state(), "01004");
    CU_ASSERT_EQUAL(fast_agrees(25, "abcd", SQL_C_CHAR, 1, true), 0);
    CU_ASSERT_EQUAL(fast_agrees(25, "abcd", SQL_C_CHAR, 0, true), 0);
    CU_ASSERT_EQUAL(fast_agrees(25, "", SQL_C_CHAR, 1, true), 1);
    CU_ASSERT_EQUAL(fast_agrees(25, "", SQL_C_CHAR, 0, true), 0);
    CU_ASSERT_EQUAL(fast_agrees(1043, "h\xc3\xa9!", SQL_C_CHAR, 5, false), 1);
    CU_ASSERT_EQUAL(fast_agrees(1043, "h\xc3\xa9!", SQL_C_CHAR, 4, true), 0);
    CU_ASSERT_EQUAL(fast_agrees(1042, "ab  ", SQL_C_CHAR, 64, true), 1);
    CU_ASSERT_EQUAL(fast_agrees(19, "pg_class", SQL_C_CHAR, 64, true), 1);
    CU_ASSERT_EQUAL(fast_agrees(25, NULL, SQL_C_CHAR, 64, true), 1);
    CU_ASSERT_EQUAL(fast_agrees(25, NULL, SQL_C_CHAR, 64, false), 0);
    CU_ASSERT_EQUAL(fast_agrees(25, "a", SQL_C_WCHAR, 64, true), -1);
    /* numeric: plain notation as it is; '+', exponents, NaN the general way */
    CU_ASSERT_EQUAL(fast_agrees(1700, "12345.67", SQL_C_CHAR, 64, true), 1);
    CU_ASSERT_EQUAL(fast_agrees(1700, "-0.01", SQL_C_CHAR, 64, true), 1);
    CU_ASSERT_EQUAL(fast_agrees(1700, "-.5", SQL_C_CHAR, 64, true), 1);
    CU_ASSERT_EQUAL(fast_agrees(1700, "5.", SQL_C_CHAR, 64, true), 1);
    CU_ASSERT_EQUAL(fast_agrees(1700, "12345.67", SQL_C_CHAR, 8, true), 0);
    CU_ASSERT_STRING_EQUAL(last_state(), "01004");
    CU_ASSERT_EQUAL(fast_agrees(1700, "12345.67", SQL_C_CHAR, 9, true), 1);
    CU_ASSERT_EQUAL(fast_agrees(1700, "+1.5", SQL_C_CHAR, 64, true), 0);
    CU_ASSERT_EQUAL(fast_agrees(1700, "1.5E3", SQL_C_CHAR, 64, true), 0);
    CU_ASSERT_EQUAL(fast_agrees(1700, "NaN", SQL_C_CHAR, 64, true), 0);
    CU_ASSERT_EQUAL(fast_agrees(1700, "-", SQL_C_CHAR, 64, true), 0);
    CU_ASSERT_STRING_EQUAL(last_state(), "DECOD");
    CU_ASSERT_EQUAL(fast_agrees(1700, ".", SQL_C_CHAR, 64, true), 0);
    CU_ASSERT_EQUAL(fast_agrees(1700, "1.2.3", SQL_C_CHAR, 64, true), 0);
    CU_ASSERT_EQUAL(fast_agrees(1700, NULL, SQL_C_CHAR, 64, true), 1);
}

static void test_fast_timestamp(void)
{
    static const char *const taken[] = {
        "2020-01-01 00:00:00", "2020-01-01 00:00:00.1", "2020-01-01 00:00:00.12",
        "2020-01-01 00:00:00.123", "2020-01-01 00:00:00.1234", "2020-12-31 23:59:59.12345",
        "2020-02-29 23:59:59.123456", "1999-06-15 12:30:45.000001", "0001-01-01 00:00:00",
        "9999-12-31 23:59:59.999999999",
    };
    for (size_t i = 0; i < sizeof taken / sizeof taken[0]; i++)
        CU_ASSERT_EQUAL(fast_agrees(1114, taken[i], SQL_C_TYPE_TIMESTAMP, 0, true), 1);
    CU_ASSERT_EQUAL(fast_agrees(1114, "2020-01-01 00:00:00.5", SQL_C_TIMESTAMP, 0, false), 1);
    static const char *const declined[] = {
        "2020-01-01 00:00:00 BC", "0044-03-15 12:00:00 BC", "2020-01-01T00:00:00",
        "2020-01-01 00:00:00.", "2020-01-01 00:00:00.1234567890", "12020-01-01 00:00:00",
        "2020-13-01 00:00:00", "2020-00-01 00:00:00", "2020-01-32 00:00:00",
        "2020-01-00 00:00:00", "2020-01-01 25:00:00", "2020-01-01 00:60:00",
        "2020-01-01 00:00:61", "2020-01-01 00:00:00+02", "2020-01-01 0a:00:00",
        "2020-01-01", "infinity", "", "2020/01/01 00:00:00", "2020-01-01 00:00:00.12x",
        /* for the general path: the next day or minute, or refused (fuzz_convert) */
        "2020-01-31 24:00:00", "2016-12-31 23:59:60", "2021-02-29 00:00:00",
        "2021-11-31 12:00:00",
    };
    for (size_t i = 0; i < sizeof declined / sizeof declined[0]; i++)
        CU_ASSERT_EQUAL(fast_agrees(1114, declined[i], SQL_C_TYPE_TIMESTAMP, 0, true), 0);
    CU_ASSERT_EQUAL(fast_agrees(1114, NULL, SQL_C_TYPE_TIMESTAMP, 0, true), 1);
    CU_ASSERT_EQUAL(fast_agrees(1114, NULL, SQL_C_TYPE_TIMESTAMP, 0, false), 0);
    CU_ASSERT_EQUAL(fast_agrees(1114, "2020-01-01 00:00:00", SQL_C_TYPE_DATE, 0, true), -1);
    CU_ASSERT_EQUAL(fast_agrees(1184, "2020-01-01 00:00:00+00", SQL_C_TYPE_TIMESTAMP, 0, true),
                    -1);
}

static void test_table_sorted(void)
{
    size_t n;
    const drv_type_info *t = drv_type_table(&n);
    for (size_t i = 1; i < n; i++)
        CU_ASSERT(t[i - 1].oid < t[i].oid);
    for (size_t i = 0; i < n; i++)      /* the direct index finds every row */
        CU_ASSERT_PTR_EQUAL(drv_type_lookup(t[i].oid), &t[i]);
    CU_ASSERT_EQUAL(drv_type_lookup(23)->sql_type, SQL_INTEGER);
    CU_ASSERT_EQUAL(drv_type_lookup(99999)->sql_type, SQL_VARCHAR);
    CU_ASSERT_EQUAL(drv_type_lookup(22)->sql_type, SQL_VARCHAR);      /* gap below the top */
    CU_ASSERT_EQUAL(drv_type_lookup(4095)->sql_type, SQL_VARCHAR);
    CU_ASSERT_EQUAL(drv_type_lookup(4096)->sql_type, SQL_VARCHAR);
    CU_ASSERT_EQUAL(drv_type_lookup(0)->sql_type, SQL_VARCHAR);
    CU_ASSERT_EQUAL(drv_type_lookup(UINT32_MAX)->sql_type, SQL_VARCHAR);
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

/* pgw_parse_double's exact fast path gives strtod's bits: digit counts around
 * the 2^53 mantissa, exponents around 10^22, halfway cases, Java forms; and
 * the forms it leaves to strtod still parse. float4 against strtof. */
static void test_parse_double_fast(void)
{
    static const char *const nums[] = {
        "0", "-0", "-0.0", "+1.5", "0.1", "0.3", "1.0E7", "1.0E-7", "-2.5e+3", "1e22",
        "1e23", "1e-22", "1e-23", "123456789012345", "1234567890123456",
        "12345678901234567", "123456789012345678", "1234567890123456789",
        "12345678901234567890", "0.123456789012345", "0.1234567890123456",
        "0.12345678901234567", "9007199254740992", "9007199254740993",
        "9007199254740994", "9007199254740995", "9.007199254740993e15",
        "4503599627370497.5", "2.2250738585072014E-308", "1.7976931348623157E308",
        "4.9E-324", "5e-324", "1e-400", "1e400", "0e999999", "0.000000000000000000000001",
        "1.00000000000000000000000", "123.e2", ".5", "5.", "-.5e1", "3.14159265358979",
        "0.30000000000000004", "1e0000000000000000022", "99999999999999999999e-20",
        "NaN", "Infinity", "-Infinity", "nan", "inf",
    };
    for (size_t i = 0; i < sizeof nums / sizeof nums[0]; i++) {
        double got = 1234.5, want = strtod(nums[i], NULL);
        CU_ASSERT_TRUE(pgw_parse_double(nums[i], strlen(nums[i]), false, &got));
        if (isnan(want)) {
            CU_ASSERT_TRUE(isnan(got));
        } else if (memcmp(&got, &want, sizeof got) != 0) {
            CU_FAIL(nums[i]);   /* bit for bit, the sign of zero too */
        }
        float gf = 0, wf = strtof(nums[i], NULL);
        double d = 0;
        CU_ASSERT_TRUE(pgw_parse_double(nums[i], strlen(nums[i]), true, &d));
        gf = (float)d;
        if (!isnan(wf) && memcmp(&gf, &wf, sizeof gf) != 0) {
            CU_FAIL(nums[i]);
        }
    }
    /* float4: 2^24 and 10^10 limits of its fast path, halfway between floats */
    static const char *const f4[] = { "16777216", "16777217", "16777218", "1e10", "1e11",
                                      "1.6777217e7", "0.1", "3.4028235e38", "1e-10", "1e-11" };
    for (size_t i = 0; i < sizeof f4 / sizeof f4[0]; i++) {
        double d = 0;
        float wf = strtof(f4[i], NULL);
        CU_ASSERT_TRUE(pgw_parse_double(f4[i], strlen(f4[i]), true, &d));
        float gf = (float)d;
        if (memcmp(&gf, &wf, sizeof gf) != 0) {
            CU_FAIL(f4[i]);
        }
    }
    static const char *const bad[] = { "", "-", "+", ".", "e5", "1e", "1e+", "1.5x", "0x10",
                                       "1 ", "1,5", "--1", "1e5.5", "1..2" };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        double d;
        if (pgw_parse_double(bad[i], strlen(bad[i]), false, &d)) {
            CU_FAIL(bad[i]);
        }
    }
    double d = 0;   /* longer than the stack buffer: still parsed */
    char longnum[300];
    memset(longnum, '0', sizeof longnum);
    longnum[0] = '1', longnum[1] = '.';
    CU_ASSERT_TRUE(pgw_parse_double(longnum, sizeof longnum, false, &d));
    CU_ASSERT_EQUAL(d, 1.0);
}

/* Integer overflow cutoffs: the wire decoder's int8 range and the text
 * parser's 64-bit magnitude. */
static void test_integer_cutoffs(void)
{
    SQLBIGINT b = 0;
    SQLUBIGINT u = 0;
    SQLLEN ind;
    CU_ASSERT_EQUAL(conv(20, "9223372036854775807", SQL_C_SBIGINT, &b, 0, &ind, 0, NULL),
                    SQL_SUCCESS);
    CU_ASSERT_EQUAL(b, INT64_MAX);
    CU_ASSERT_EQUAL(conv(20, "-9223372036854775808", SQL_C_SBIGINT, &b, 0, &ind, 0, NULL),
                    SQL_SUCCESS);
    CU_ASSERT_EQUAL(b, INT64_MIN);
    CU_ASSERT_EQUAL(conv(20, "9223372036854775808", SQL_C_SBIGINT, &b, 0, &ind, 0, NULL),
                    SQL_ERROR);
    CU_ASSERT_EQUAL(conv(20, "-9223372036854775809", SQL_C_SBIGINT, &b, 0, &ind, 0, NULL),
                    SQL_ERROR);
    CU_ASSERT_EQUAL(conv(20, "92233720368547758070", SQL_C_SBIGINT, &b, 0, &ind, 0, NULL),
                    SQL_ERROR);
    /* text (varchar) to UBIGINT: 2^64 - 1 fits, 2^64 and beyond are 22003 */
    CU_ASSERT_EQUAL(conv(1043, "18446744073709551615", SQL_C_UBIGINT, &u, 0, &ind, 0, NULL),
                    SQL_SUCCESS);
    CU_ASSERT_EQUAL(u, UINT64_MAX);
    CU_ASSERT_EQUAL(conv(1043, "18446744073709551614.9", SQL_C_UBIGINT, &u, 0, &ind, 0,
                         NULL), SQL_SUCCESS_WITH_INFO);
    CU_ASSERT_EQUAL(u, UINT64_MAX - 1);
    CU_ASSERT_EQUAL(conv(1043, "18446744073709551616", SQL_C_UBIGINT, &u, 0, &ind, 0, NULL),
                    SQL_ERROR);
    CU_ASSERT_STRING_EQUAL(last_state(), "22003");
    CU_ASSERT_EQUAL(conv(1043, "18446744073709551620", SQL_C_UBIGINT, &u, 0, &ind, 0, NULL),
                    SQL_ERROR);
    CU_ASSERT_STRING_EQUAL(last_state(), "22003");
    CU_ASSERT_EQUAL(conv(1043, " 42 ", SQL_C_UBIGINT, &u, 0, &ind, 0, NULL), SQL_SUCCESS);
    CU_ASSERT_EQUAL(u, 42);
    CU_ASSERT_EQUAL(conv(1043, "\t42\n", SQL_C_UBIGINT, &u, 0, &ind, 0, NULL), SQL_SUCCESS);
    CU_ASSERT_EQUAL(conv(1043, "TRUE", SQL_C_UBIGINT, &u, 0, &ind, 0, NULL), SQL_SUCCESS);
    CU_ASSERT_EQUAL(u, 1);
    CU_ASSERT_EQUAL(conv(1043, "fals", SQL_C_UBIGINT, &u, 0, &ind, 0, NULL), SQL_ERROR);
    unsigned char bit = 9;   /* booleans and integers straight from the datum */
    CU_ASSERT_EQUAL(conv(16, "t", SQL_C_BIT, &bit, 0, &ind, 0, NULL), SQL_SUCCESS);
    CU_ASSERT_EQUAL(bit, 1);
    CU_ASSERT_EQUAL(conv(23, "0", SQL_C_BIT, &bit, 0, &ind, 0, NULL), SQL_SUCCESS);
    CU_ASSERT_EQUAL(bit, 0);
    CU_ASSERT_EQUAL(conv(23, "2", SQL_C_BIT, &bit, 0, &ind, 0, NULL), SQL_ERROR);
    CU_ASSERT_STRING_EQUAL(last_state(), "22003");
    CU_ASSERT_EQUAL(conv(23, "-1", SQL_C_BIT, &bit, 0, &ind, 0, NULL), SQL_ERROR);
}

/* SQL_C_WCHAR: one non-ASCII character (2, 3 and 4 bytes of UTF-8) at every
 * position of a 40-byte text (both sides of every 8- and 16-byte block of the
 * ASCII scan), whole and in pieces of every size: the units are those of a
 * byte-by-byte decode, and no piece ends inside a surrogate pair. */
static void test_wchar_ascii_boundaries(void)
{
    static const struct { const char *utf8; SQLWCHAR u[2]; size_t units; } chars[] = {
        { "\xC3\xA9", { 0xE9, 0 }, 1 },                   /* é      */
        { "\xE2\x82\xAC", { 0x20AC, 0 }, 1 },             /* €      */
        { "\xF0\x9F\x98\x80", { 0xD83D, 0xDE00 }, 2 },    /* U+1F600 */
        { "\x80", { 0xFFFD, 0 }, 1 },                     /* malformed */
    };
    for (size_t c = 0; c < sizeof chars / sizeof chars[0]; c++) {
        for (size_t at = 0; at < 40; at++) {
            char text[48];
            SQLWCHAR want[48];
            size_t nb = 0, nu = 0, cl = strlen(chars[c].utf8);
            for (size_t k = 0; k < 40; k++) {
                if (k == at) {
                    memcpy(text + nb, chars[c].utf8, cl);
                    nb += cl;
                    for (size_t j = 0; j < chars[c].units; j++)
                        want[nu++] = chars[c].u[j];
                } else {
                    text[nb++] = (char)('a' + k % 26);
                    want[nu++] = (SQLWCHAR)('a' + k % 26);
                }
            }
            SQLWCHAR w[64];
            SQLLEN ind;
            size_t used;
            CU_ASSERT_EQUAL(convf(1043, 0, text, (int32_t)nb, SQL_C_WCHAR, w, sizeof w, &ind, 0,
                                  &used), SQL_SUCCESS);
            CU_ASSERT_EQUAL(ind, (SQLLEN)(nu * sizeof(SQLWCHAR)));
            if (memcmp(w, want, nu * sizeof(SQLWCHAR)) != 0 || w[nu] != 0) {
                CU_FAIL("wide text differs");
            }
            for (size_t piece = 1; piece <= 17; piece++) {   /* pieces of `piece` units */
                SQLWCHAR all[64];
                size_t got = 0, off = 0;
                SQLRETURN rc;
                do {
                    SQLWCHAR pb[20];
                    rc = convf(1043, 0, text, (int32_t)nb, SQL_C_WCHAR, pb,
                               (SQLLEN)((piece + 1) * sizeof(SQLWCHAR)), &ind, off, &used);
                    size_t n = used - off;
                    if (n == 0 && rc != SQL_SUCCESS) {
                        CU_FAIL("no progress: a read loop would never end");
                        break;
                    }
                    /* a pair is split only when one unit is all the piece holds */
                    if (piece > 1 && n > 0 && pb[n - 1] >= 0xD800 && pb[n - 1] <= 0xDBFF) {
                        CU_FAIL("piece ends inside a surrogate pair");
                    }
                    memcpy(all + got, pb, n * sizeof(SQLWCHAR));
                    got += n;
                    off = used;
                } while (rc == SQL_SUCCESS_WITH_INFO && got < 64);
                if (rc != SQL_SUCCESS || got != nu || memcmp(all, want, nu * sizeof(SQLWCHAR))) {
                    CU_FAIL("pieces do not reassemble the value");
                }
            }
        }
    }
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

/* A value to SQL_C_NUMERIC with the given precision and scale (as an ARD
 * record or SQL_ARD_TYPE gives them). */
static SQLRETURN convn(uint32_t oid, const char *text, int prec, int scale,
                       SQL_NUMERIC_STRUCT *ns)
{
    pgw_decode_ctx ctx = { &bufs[0], &bufs[1], &bufs[2], &bufs[3], crate_quirks, false, false, 0, NULL };
    pgw_datum d;
    drv_conv cv;
    SQLLEN ind = 0;
    drv_diag_clear(&h);
    memset(ns, 0xAB, sizeof *ns);
    if (!pgw_value_decode(pgw_type_lookup(oid), 0, text, (int32_t)strlen(text), &ctx, &d))
        return drv_error(&h, "DECOD", "cannot decode");
    drv_conv_resolve(drv_type_lookup(oid), SQL_C_NUMERIC, &cv);
    cv.num_precision = (SQLSMALLINT)prec;
    cv.num_scale = (SQLSMALLINT)scale;
    SQLRETURN rc = drv_convert_resolved(&h, &cv, drv_type_lookup(oid), &d, ns, 0, &ind, 0, NULL,
                                        &bufs[4]);
    if (SQL_SUCCEEDED(rc))
        CU_ASSERT_EQUAL(ind, (SQLLEN)sizeof *ns);
    return rc;
}

/* The struct's magnitude as decimal text (for the asserts). */
static const char *num_mag(const SQL_NUMERIC_STRUCT *ns)
{
    static char out[48];
    unsigned __int128 m = 0;
    for (int k = SQL_MAX_NUMERIC_LEN - 1; k >= 0; k--)
        m = m << 8 | ns->val[k];
    char tmp[48];
    int n = 0;
    do {
        tmp[n++] = (char)('0' + (int)(m % 10));
        m /= 10;
    } while (m > 0);
    for (int k = 0; k < n; k++)
        out[k] = tmp[n - 1 - k];
    out[n] = '\0';
    return out;
}

static void test_numeric(void)
{
    SQL_NUMERIC_STRUCT ns;
    SQLLEN ind;
    /* the ARD's precision and scale */
    CU_ASSERT_EQUAL(convn(1700, "-123.45", 5, 2, &ns), SQL_SUCCESS);
    CU_ASSERT_EQUAL(ns.sign, 0);
    CU_ASSERT_EQUAL(ns.scale, 2);
    CU_ASSERT_EQUAL(ns.precision, 5);
    CU_ASSERT_EQUAL(ns.val[0] | ns.val[1] << 8, 12345);
    CU_ASSERT_EQUAL(convn(1700, "1E+3", 10, 0, &ns), SQL_SUCCESS);
    CU_ASSERT_EQUAL(ns.scale, 0);
    CU_ASSERT_EQUAL(ns.val[0] | ns.val[1] << 8, 1000);
    /* plain SQL_C_NUMERIC (drv_convert_value): the spec's defaults 38 and 0 */
    CU_ASSERT_EQUAL(conv(1700, "-123.45", SQL_C_NUMERIC, &ns, 0, &ind, 0, NULL),
                    SQL_SUCCESS_WITH_INFO);
    CU_ASSERT_STRING_EQUAL(last_state(), "01S07");
    CU_ASSERT_EQUAL(ns.precision, 38);
    CU_ASSERT_EQUAL(ns.scale, 0);
    CU_ASSERT_EQUAL(ns.sign, 0);
    CU_ASSERT_STRING_EQUAL(num_mag(&ns), "123");
    CU_ASSERT_EQUAL(conv(1700, "2.5", SQL_C_NUMERIC, &ns, 0, &ind, 0, NULL),
                    SQL_SUCCESS_WITH_INFO);
    CU_ASSERT_STRING_EQUAL(num_mag(&ns), "3");
}

/* Exact scaling and rounding to the ARD's precision and scale: half away from
 * zero with 01S07, 22003 when the whole digits do not fit, exponent forms and
 * long digit strings read exactly. */
static void test_numeric_rounding(void)
{
    static const struct {
        uint32_t oid;
        const char *in;
        int prec, scale;
        SQLRETURN rc;
        const char *state;     /* the last diagnostic, "" for none */
        int sign;
        const char *mag;
    } cases[] = {
        { 1700, "123.456", 6, 2, SQL_SUCCESS_WITH_INFO, "01S07", 1, "12346" },
        { 1700, "123.455", 6, 2, SQL_SUCCESS_WITH_INFO, "01S07", 1, "12346" },   /* half up */
        { 1700, "-123.455", 6, 2, SQL_SUCCESS_WITH_INFO, "01S07", 0, "12346" },  /* away   */
        { 1700, "123.454999", 6, 2, SQL_SUCCESS_WITH_INFO, "01S07", 1, "12345" },
        { 1700, "-0.5", 5, 0, SQL_SUCCESS_WITH_INFO, "01S07", 0, "1" },
        { 1700, "-0.4", 5, 0, SQL_SUCCESS_WITH_INFO, "01S07", 1, "0" },     /* zero is + */
        { 1700, "123.4500", 6, 2, SQL_SUCCESS, "", 1, "12345" },          /* zeros drop freely */
        { 1700, "12.3", 10, 4, SQL_SUCCESS, "", 1, "123000" },            /* scale grows */
        { 1700, "999.5", 3, 0, SQL_ERROR, "22003", 1, "" },               /* rounds past p */
        { 1700, "999.4", 3, 0, SQL_SUCCESS_WITH_INFO, "01S07", 1, "999" },
        { 1700, "1000", 3, 0, SQL_ERROR, "22003", 1, "" },
        { 1700, "12.34", 3, 2, SQL_ERROR, "22003", 1, "" },     /* 2 whole digits, room 1 */
        { 1700, "0.001234", 5, 5, SQL_SUCCESS_WITH_INFO, "01S07", 1, "123" },
        { 1700, "1.5E+2", 5, 1, SQL_SUCCESS, "", 1, "1500" },
        { 1700, "1.25E-1", 5, 2, SQL_SUCCESS_WITH_INFO, "01S07", 1, "13" },
        { 1700, "1E-9999999", 38, 0, SQL_SUCCESS_WITH_INFO, "01S07", 1, "0" },
        { 1700, "1E+9999999", 38, 0, SQL_ERROR, "22003", 1, "" },
        { 1700, "0E+9999999", 38, 0, SQL_SUCCESS, "", 1, "0" },
        { 1700, "1250", 5, -2, SQL_SUCCESS_WITH_INFO, "01S07", 1, "13" },   /* scale < 0 */
        /* 38 digits, the 128-bit maximum, and one past it */
        { 1700, "99999999999999999999999999999999999999", 38, 0, SQL_SUCCESS, "", 1,
          "99999999999999999999999999999999999999" },
        { 1700, "99999999999999999999999999999999999999.5", 38, 0, SQL_ERROR, "22003", 1, "" },
        { 1700, "0.12345678901234567890123456789012345678901234567890", 38, 38,
          SQL_SUCCESS_WITH_INFO, "01S07", 1, "12345678901234567890123456789012345679" },
        { 1700, "NaN", 38, 0, SQL_ERROR, "22018", 1, "" },
        { 1043, "Infinity", 38, 0, SQL_ERROR, "22003", 1, "" },
        { 1043, " 42 ", 5, 1, SQL_SUCCESS, "", 1, "420" },
        { 1043, "true", 5, 2, SQL_SUCCESS, "", 1, "100" },
        { 1043, "1.2.3", 5, 2, SQL_ERROR, "22018", 1, "" },
        { 1043, "1e", 5, 2, SQL_ERROR, "22018", 1, "" },
        { 701, "1.0E7", 10, 2, SQL_SUCCESS, "", 1, "1000000000" },     /* Java-style double */
        { 701, "0.1", 5, 3, SQL_SUCCESS, "", 1, "100" },       /* the shortest text, exact */
        { 20, "-9223372036854775808", 19, 0, SQL_SUCCESS, "", 0, "9223372036854775808" },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        SQL_NUMERIC_STRUCT ns;
        SQLRETURN rc = convn(cases[i].oid, cases[i].in, cases[i].prec, cases[i].scale, &ns);
        bool ok = rc == cases[i].rc && strcmp(last_state(), cases[i].state) == 0;
        if (ok && SQL_SUCCEEDED(rc))
            ok = ns.sign == cases[i].sign && ns.precision == cases[i].prec &&
                 ns.scale == cases[i].scale && strcmp(num_mag(&ns), cases[i].mag) == 0;
        if (!ok) {
            printf("\n  numeric %s p=%d s=%d: rc %d state '%s' sign %d mag %s\n", cases[i].in,
                   cases[i].prec, cases[i].scale, (int)rc, last_state(), ns.sign,
                   SQL_SUCCEEDED(rc) ? num_mag(&ns) : "-");
            CU_FAIL("numeric case");
        }
    }
}

/* SQLGetData with a buffer too small for the next character: SQL_C_CHAR with
 * room for one byte still moves on (the character's bytes one by one), and
 * the loop ends with the value exactly, for every buffer size. */
static void test_tiny_buffers(void)
{
    /* "a€😀é" and a CJK character: 1 + 3 + 4 + 2 + 3 bytes */
    const char *s = "a\xe2\x82\xac\xf0\x9f\x98\x80\xc3\xa9\xe4\xb8\xad";
    size_t sn = strlen(s);
    for (SQLLEN len = 2; len <= 6; len++) {
        char all[64], piece[8];
        size_t got = 0, off = 0, used = 0;
        SQLLEN ind;
        SQLRETURN rc;
        int calls = 0;
        do {
            rc = conv(1043, s, SQL_C_CHAR, piece, len, &ind, off, &used);
            CU_ASSERT_EQUAL(ind, (SQLLEN)(sn - off));
            size_t n = strlen(piece);
            CU_ASSERT_EQUAL(n, used - off);
            if (n == 0 && rc != SQL_SUCCESS) {
                CU_FAIL("no progress with a tiny SQL_C_CHAR buffer");
                break;
            }
            memcpy(all + got, piece, n);
            got += n;
            off = used;
        } while (rc == SQL_SUCCESS_WITH_INFO && ++calls < 64);
        CU_ASSERT_EQUAL(rc, SQL_SUCCESS);
        CU_ASSERT_EQUAL(got, sn);
        CU_ASSERT_EQUAL(memcmp(all, s, sn), 0);
    }
    /* one byte of room and a 3-byte character: its first byte, then the rest */
    char b2[2];
    SQLLEN ind;
    size_t used = 0;
    CU_ASSERT_EQUAL(conv(1043, "\xe4\xb8\xad", SQL_C_CHAR, b2, 2, &ind, 0, &used),
                    SQL_SUCCESS_WITH_INFO);
    CU_ASSERT_EQUAL(used, 1);
    CU_ASSERT_EQUAL((unsigned char)b2[0], 0xe4);
    CU_ASSERT_EQUAL(b2[1], 0);
    /* a whole character still wins when one fits: "é" then "中" with 3 bytes of room */
    char b3[3];
    CU_ASSERT_EQUAL(conv(1043, "\xc3\xa9\xe4\xb8\xad", SQL_C_CHAR, b3, 3, &ind, 0, &used),
                    SQL_SUCCESS_WITH_INFO);
    CU_ASSERT_EQUAL(used, 2);
    CU_ASSERT_STRING_EQUAL(b3, "\xc3\xa9");
    /* SQL_C_WCHAR with room for one unit: the pair's high then low half */
    SQLWCHAR w[2];
    CU_ASSERT_EQUAL(conv(1043, "\xf0\x9f\x98\x80", SQL_C_WCHAR, w, sizeof w, &ind, 0, &used),
                    SQL_SUCCESS_WITH_INFO);
    CU_ASSERT_EQUAL(used, 1);
    CU_ASSERT_EQUAL(ind, 4);
    CU_ASSERT_EQUAL(w[0], 0xD83D);
    CU_ASSERT_EQUAL(conv(1043, "\xf0\x9f\x98\x80", SQL_C_WCHAR, w, sizeof w, &ind, used, &used),
                    SQL_SUCCESS);
    CU_ASSERT_EQUAL(used, 2);
    CU_ASSERT_EQUAL(ind, 2);
    CU_ASSERT_EQUAL(w[0], 0xDE00);
    CU_ASSERT_EQUAL(w[1], 0);
    /* room for the NUL only: no data can go, 01004 with the length (the probe) */
    CU_ASSERT_EQUAL(conv(1043, "abc", SQL_C_CHAR, b2, 1, &ind, 0, &used), SQL_SUCCESS_WITH_INFO);
    CU_ASSERT_EQUAL(used, 0);
    CU_ASSERT_EQUAL(ind, 3);
}

/* bit(1) (typmod 1) is SQL_BIT whose SQL_C_DEFAULT is SQL_C_BIT; bit(n) stays text. */
static void test_bit1_default(void)
{
    const drv_type_info *b1 = drv_type_lookup_col(1560, 1, true),
                        *b4 = drv_type_lookup_col(1560, 4, true);
    CU_ASSERT_EQUAL(b1->sql_type, SQL_BIT);
    CU_ASSERT_EQUAL(b1->c_default, SQL_C_BIT);
    CU_ASSERT_EQUAL(b4->sql_type, SQL_VARCHAR);
    CU_ASSERT_EQUAL(b4->c_default, SQL_C_CHAR);
    CU_ASSERT_PTR_EQUAL(drv_type_lookup_col(23, -1, true), drv_type_lookup(23));
    CU_ASSERT_PTR_EQUAL(drv_type_lookup_col(1560, 1, false), b1);
    /* CrateDB's text "1" and binary bit string (length 1, then 0x80) */
    pgw_decode_ctx ctx = { &bufs[0], &bufs[1], &bufs[2], &bufs[3], crate_quirks, false, false, 0, NULL };
    static const struct { int format; const char *bytes; int32_t n; unsigned char want; } v[] = {
        { 0, "1", 1, 1 }, { 0, "0", 1, 0 }, { 1, "\0\0\0\1\x80", 5, 1 }, { 1, "\0\0\0\1\0", 5, 0 },
    };
    for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
        pgw_datum d;
        unsigned char bit = 9;
        SQLLEN ind = 0;
        drv_diag_clear(&h);
        CU_ASSERT_FATAL(pgw_value_decode(pgw_type_lookup(1560), v[i].format, v[i].bytes, v[i].n,
                                         &ctx, &d));
        CU_ASSERT_EQUAL(drv_convert_value(&h, b1, &d, SQL_C_DEFAULT, &bit, 0, &ind, 0, NULL,
                                          &bufs[4]), SQL_SUCCESS);
        CU_ASSERT_EQUAL(bit, v[i].want);
        CU_ASSERT_EQUAL(ind, 1);
    }
}

/* ------------------------------------------------------------ FACTS §4.3/§4.4 bytes */

/* Hex to bytes (into a static buffer); returns the length. */
static int32_t unhex(const char *hex, char *out)
{
    int32_t n = 0;
    for (; hex[0] && hex[1]; hex += 2) {
        unsigned v = 0;
        for (int k = 0; k < 2; k++)
            v = v * 16 + (unsigned)(hex[k] <= '9' ? hex[k] - '0' : hex[k] - 'a' + 10);
        out[n++] = (char)v;
    }
    return n;
}

/* The value's SQL_C_CHAR text from the text bytes and from the binary bytes
 * (hex; NULL: text only) must both be `want`. */
static void both(uint32_t oid, const char *text, const char *binhex, const char *want)
{
    char out[512], bin[256];
    SQLLEN ind = 0;
    memset(out, 0, sizeof out);
    CU_ASSERT_EQUAL(conv(oid, text, SQL_C_CHAR, out, sizeof out, &ind, 0, NULL), SQL_SUCCESS);
    if (strcmp(out, want) != 0)
        fprintf(stderr, "\n  oid %u text '%s' -> '%s', want '%s'\n", oid, text, out, want);
    CU_ASSERT_STRING_EQUAL(out, want);
    if (!binhex)
        return;
    int32_t n = unhex(binhex, bin);
    memset(out, 0, sizeof out);
    CU_ASSERT_EQUAL(convf(oid, 1, bin, n, SQL_C_CHAR, out, sizeof out, &ind, 0, NULL),
                    SQL_SUCCESS);
    if (strcmp(out, want) != 0)
        fprintf(stderr, "\n  oid %u binary %s -> '%s', want '%s'\n", oid, binhex, out, want);
    CU_ASSERT_STRING_EQUAL(out, want);
}

static void test_facts_scalars(void)
{
    both(16, "t", "01", "1");
    both(16, "f", "00", "0");
    both(21, "-7", "fff9", "-7");
    both(23, "-42", "ffffffd6", "-42");
    both(20, "9223372036854775807", "7fffffffffffffff", "9223372036854775807");
    /* Java floats: exponents, NaN, infinities, -0.0 */
    both(701, "1.0E7", "416312d000000000", "1e+07");
    both(701, "-0.0", "8000000000000000", "-0");
    both(701, "NaN", "7ff8000000000000", "NaN");
    both(701, "Infinity", "7ff0000000000000", "Infinity");
    both(701, "-Infinity", "fff0000000000000", "-Infinity");
    both(701, "1.0E-4", NULL, "0.0001");
    both(700, "0.1", "3dcccccd", "0.1");
    /* numerics: BigDecimal.toString exponents, binary base-10000 */
    both(1700, "1E+3", "0001000000000000" "03e8", "1000");
    both(1700, "123.45", "0002000000000002" "007b" "1194", "123.45");
    both(1700, "-0.001", "0001ffff40000003" "000a", "-0.001");
    both(1700, "1E-7", NULL, "0.0000001");
    both(1700, "0.10", "0001ffff00000002" "03e8", "0.10");
    both(1700, "0", "0000000000000000", "0");
    /* dates and times: ms precision, BC, +00, timetz without offset for UTC */
    both(1082, "2024-02-29", "00002279", "2024-02-29");
    both(1114, "2024-01-02 03:04:05.678", "0002b0ec85204bb0", "2024-01-02 03:04:05.678");
    both(1184, "2024-01-02 03:04:05.678+00", "0002b0ec85204bb0", "2024-01-02 03:04:05.678");
    both(1184, "2024-01-02 05:04:05.678+02", NULL, "2024-01-02 03:04:05.678");
    both(1184, "0044-03-15 12:00:00.000+00 BC", "ff1af9e8fb46d000", "0044-03-15 12:00:00 BC");
    both(1266, "12:00:00", NULL, "12:00:00+00:00");
    both(1266, "10:30:00.5+02:00", "00000008cd15db2000001c20", "10:30:00.5+02:00");
    /* CrateDB's interval text with weeks; negative ones */
    both(1186, "1 year 2 mons 3 weeks 4 days 04:05:06.500", "000000036c9361a0000000190000000e",
         "1 year 2 mons 25 days 04:05:06.5");
    both(1186, "-1 days 00:00:00", "0000000000000000ffffffff00000000", "-1 days 00:00:00");
    both(1186, "00:00:01.500", NULL, "00:00:01.5");
    both(1186, "-1 days +02:00:00", NULL, "-1 days 02:00:00");
    /* uuid, point, bit, regclass, unknown, oidvector */
    both(2950, "0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0", "0f1e2d3c4b5a69788796a5b4c3d2e1f0",
         "0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0");
    both(600, "(9.7417,47.4108)", "40237bc01a36e2eb4047b495182a9931", "POINT(9.7417 47.4108)");
    both(1560, "0101", "0000000450", "0101");
    both(1560, "1", "0000000180", "1");
    both(2205, "1234", "000004d2", "1234");
    both(705, "hello", "68656c6c6f", "hello");
    both(30, "23 25", "000000010000000000000017" "0000000200000002" "0000000400000017"
         "0000000400000019", "23 25");
}

static void test_facts_json_arrays(void)
{
    /* JSON for objects, geo_shape, nested arrays; non-ASCII kept */
    both(114, "{\"a\":1,\"b\":\"\xc3\xbc\"}", "7b2261223a312c2262223a22c3bc227d", "{\"a\":1,\"b\":\"\xc3\xbc\"}");
    both(114, "[[1,2],[3]]", NULL, "[[1,2],[3]]");
    /* 1-D arrays: every element quoted, never escaped (CrateDB) */
    both(1015, "{\"a\",\"b\",NULL}", NULL, "[\"a\",\"b\",null]");
    both(1015, "{\"say \"hi\"\",\"c:\\dir\"}", NULL, "[\"say \\\"hi\\\"\",\"c:\\\\dir\"]");
    both(1015, "{\"NULL\"}", NULL, "[\"NULL\"]");
    both(1007, "{\"1\",\"2\",NULL}",
         /* ndim 1, flags 1, int4, size 3, lower bound 3 (= size), 1, 2, NULL */
         "00000001000000010000001700000003" "00000003" "0000000400000001" "0000000400000002"
         "ffffffff", "[1,2,null]");
    both(1000, "{\"t\",\"f\"}", NULL, "[true,false]");
    both(1007, "{}", "000000010000000100000017" "0000000000000000", "[]");
    both(1007, "{}", "000000000000000000000017", "[]");
    both(1185, "{\"2024-01-01 00:00:00.000+00\"}", NULL, "[\"2024-01-01 00:00:00\"]");
    both(199, "{\"{\\\"a\\\":1}\",\"{\\\"b\\\":2}\"}", NULL, "[{\"a\":1},{\"b\":2}]");
    both(1021, "{\"1.0\",\"2.5\"}", "0000000100000000000002bc00000002" "00000002"
         "000000043f800000" "0000000440200000", "[1,2.5]");
    both(1009, "{{\"a\",\"b\"},{\"c\",NULL}}", NULL, "[[\"a\",\"b\"],[\"c\",null]]");
    both(1009, "{\"tab\there\",\"\xe2\x82\xac\"}", NULL, "[\"tab\\there\",\"\xe2\x82\xac\"]");
    /* PostgreSQL's own escaped literal (not CrateDB) */
    crate_quirks = false;
    both(1009, "{a,\"b c\",\"x\\\"y\",NULL}", NULL, "[\"a\",\"b c\",\"x\\\"y\",null]");
    crate_quirks = true;
}

/* Bytes a real CrateDB 6.4.3 sent (text and binary of the same value), where
 * FACTS §4 had only inferred them. */
static void test_cratedb_643_bytes(void)
{
    /* byte travels as "char" (OID 18): decimal text, one signed byte */
    both(18, "-7", "f9", "-7");
    both(18, "127", "7f", "127");
    both(1002, "{\"1\",\"-2\"}", "00000001000000010000001200000002" "00000002"
         "0000000101" "00000001fe", "[1,-2]");
    SQLSCHAR b = 0;
    SQLLEN ind = 0;
    CU_ASSERT_EQUAL(conv(18, "-128", SQL_C_STINYINT, &b, 0, &ind, 0, NULL), SQL_SUCCESS);
    CU_ASSERT_EQUAL(b, -128);
    CU_ASSERT_EQUAL(drv_type_lookup_col(18, -1, true)->sql_type, SQL_TINYINT);
    CU_ASSERT_EQUAL(drv_type_lookup_col(18, -1, false)->sql_type, SQL_CHAR);
    /* on PostgreSQL "char" is one character */
    crate_quirks = false;
    both(18, "a", "61", "a");
    crate_quirks = true;
    /* intervals: every field of the time part carries its own sign */
    both(1186, "-01:-30:00", "fffffffebe228a000000000000000000", "-01:30:00");
    both(1186, "00:-30:00", "ffffffff94b62e000000000000000000", "-00:30:00");
    both(1186, "00:00:-01.500", "ffffffffffe91ca00000000000000000", "-00:00:01.5");
    both(1186, "-8 days -01:-30:-00.250", "fffffffebe1eb970fffffff800000000",
         "-8 days -01:30:00.25");
    both(1186, "-1 days -01:00:00", "ffffffff296c5c00ffffffff00000000", "-1 days -01:00:00");
    both(1186, "-1 years -2 mons 00:00:00", "000000000000000000000000fffffff2",
         "-1 years -2 mons 00:00:00");
    both(1186, "-1 mons 2 days 00:00:00", "0000000000000000" "00000002ffffffff",
         "-1 mons 2 days 00:00:00");
    both(1186, "83333 days 08:00:00", "00000006b49d200000014585" "00000000",
         "83333 days 08:00:00");
    /* the longest interval fits the column size reported for intervals */
    static const char longest[] = "-178956970 years -8 mons -2147483648 days "
                                  "-2562047788:00:54.775807";
    both(1186, longest, "80000000000000018000000080000000", longest);
    /* beyond the int32 days or the int64 microseconds: not an interval */
    char big[80];
    CU_ASSERT_EQUAL(conv(1186, "2147483648 days", SQL_C_CHAR, big, sizeof big, &ind, 0, NULL),
                    SQL_ERROR);
    CU_ASSERT_EQUAL(conv(1186, "2562047789:00:00", SQL_C_CHAR, big, sizeof big, &ind, 0, NULL),
                    SQL_ERROR);
    CU_ASSERT_EQUAL(drv_type_lookup(1186)->column_size, sizeof longest - 1);
    /* timetz: zone in seconds east in binary, "+02:00" in text */
    both(1266, "23:59:59.123456-05:30", "000000141dca0000ffffb2a8", "23:59:59.123456-05:30");
    both(1266, "01:02:03+05:30:15", "00000000dde878c000004d67", "01:02:03+05:30:15");
    /* years of five digits and more: '+' before them in timestamp text */
    both(1114, "+10000-01-01 00:00:00.000", "0380e70b913b8000", "10000-01-01 00:00:00");
    both(1114, "+31690708-07-05 01:46:40.000", NULL, "31690708-07-05 01:46:40");
    /* a BC date: the binary days (the text form drops the era, a CrateDB bug) */
    both(1082, "0044-03-15", NULL, "0044-03-15");
    char out[64], bin[16];
    CU_ASSERT_EQUAL(convf(1082, 1, bin, unhex("fff49d7b", bin), SQL_C_CHAR, out, sizeof out,
                          &ind, 0, NULL), SQL_SUCCESS);
    CU_ASSERT_STRING_EQUAL(out, "0044-03-15 BC");
    /* text arrays: unescaped '"', '\\', ',', braces and "NULL" inside elements */
    both(1015, "{\"a\"b\",\"c,d\",\"e\\f\",\"NULL\",\"\",\" sp \",\"{x}\",\"i\"}\"}",
         "000000010000000100000413" "00000008" "00000008"
         "00000003612262" "00000003632c64" "00000003655c66" "000000044e554c4c" "00000000"
         "0000000420737020" "000000037b787d" "00000003692"  "27d",
         "[\"a\\\"b\",\"c,d\",\"e\\\\f\",\"NULL\",\"\",\" sp \",\"{x}\",\"i\\\"}\"]");
    both(1015, "{\"a\",b\",\"x\",NULL\",NULL}", NULL, "[\"a\\\",b\",\"x\\\",NULL\",null]");
    /* float_vector (reported as _float4, flags 0) and the empty array (ndim 1, size 0) */
    both(1021, "{\"1.0\",\"2.5\",\"-0.0\"}", "0000000100000000000002bc00000003" "00000003"
         "000000043f800000" "0000000440200000" "0000000480000000", "[1,2.5,-0]");
    both(1015, "{}", "000000010000000100000413" "0000000000000000", "[]");
    /* numerics: BigDecimal exponents and scales, binary zero with dscale */
    both(1700, "1.0E-7", "0001fffe00000008000a", "0.00000010");
    both(1700, "-1.2E-10", "0001fffd4000000b0078", "-0.00000000012");
    both(1700, "0.00", "0000ffff00000002", "0.00");
    both(1700, "1.5000", "0002000000000004" "00011388", "1.5000");
}

static void test_facts_conversions(void)
{
    SQLLEN ind = 0;
    SQLINTEGER i = 0;
    SQLDOUBLE d = 0;
    SQLCHAR u8 = 0;
    char bin[64];
    /* text and binary float4 agree in every C type */
    SQLDOUBLE dt = 0, db = 0;
    CU_ASSERT_EQUAL(conv(700, "0.1", SQL_C_DOUBLE, &dt, 0, &ind, 0, NULL), SQL_SUCCESS);
    CU_ASSERT_EQUAL(convf(700, 1, bin, unhex("3dcccccd", bin), SQL_C_DOUBLE, &db, 0, &ind, 0,
                          NULL), SQL_SUCCESS);
    CU_ASSERT_EQUAL(dt, db);
    CU_ASSERT_EQUAL(conv(701, "1.0E7", SQL_C_DOUBLE, &d, 0, &ind, 0, NULL), SQL_SUCCESS);
    CU_ASSERT_EQUAL(d, 1e7);
    CU_ASSERT_EQUAL(conv(1700, "1E+3", SQL_C_SLONG, &i, 0, &ind, 0, NULL), SQL_SUCCESS);
    CU_ASSERT_EQUAL(i, 1000);
    CU_ASSERT_EQUAL(conv(23, "300", SQL_C_UTINYINT, &u8, 0, &ind, 0, NULL), SQL_ERROR);
    CU_ASSERT_STRING_EQUAL(last_state(), "22003");
    CU_ASSERT_EQUAL(conv(701, "NaN", SQL_C_SLONG, &i, 0, &ind, 0, NULL), SQL_ERROR);
    CU_ASSERT_EQUAL(conv(701, "2.5", SQL_C_SLONG, &i, 0, &ind, 0, NULL), SQL_SUCCESS_WITH_INFO);
    CU_ASSERT_STRING_EQUAL(last_state(), "01S07");
    CU_ASSERT_EQUAL(i, 2);
    /* BC timestamp to the struct: astronomical year */
    SQL_TIMESTAMP_STRUCT ts;
    CU_ASSERT_EQUAL(convf(1184, 1, bin, unhex("ff1af9e8fb46d000", bin), SQL_C_TYPE_TIMESTAMP,
                          &ts, 0, &ind, 0, NULL), SQL_SUCCESS);
    CU_ASSERT_EQUAL(ts.year, -43);
    CU_ASSERT_EQUAL(ts.month, 3);
    CU_ASSERT_EQUAL(ts.hour, 12);
    CU_ASSERT_EQUAL(conv(1114, "2024-01-02 03:04:05.678", SQL_C_TIMESTAMP, &ts, 0, &ind, 0, NULL),
                    SQL_SUCCESS);
    CU_ASSERT_EQUAL(ts.fraction, 678000000u);
    SQL_DATE_STRUCT ds;
    CU_ASSERT_EQUAL(conv(1114, "2024-01-02 03:04:05.678", SQL_C_TYPE_DATE, &ds, 0, &ind, 0,
                         NULL), SQL_SUCCESS_WITH_INFO);
    CU_ASSERT_STRING_EQUAL(last_state(), "01S07");
    CU_ASSERT_EQUAL(ds.day, 2);
    /* intervals */
    SQL_INTERVAL_STRUCT is;
    CU_ASSERT_EQUAL(conv(1186, "1 day 02:03:04.500", SQL_C_INTERVAL_DAY_TO_SECOND, &is, 0, &ind,
                         0, NULL), SQL_SUCCESS);
    CU_ASSERT_EQUAL(is.interval_type, SQL_IS_DAY_TO_SECOND);
    CU_ASSERT_EQUAL(is.intval.day_second.day, 1);
    CU_ASSERT_EQUAL(is.intval.day_second.hour, 2);
    CU_ASSERT_EQUAL(is.intval.day_second.second, 4);
    CU_ASSERT_EQUAL(is.intval.day_second.fraction, 500000);
    CU_ASSERT_EQUAL(conv(1186, "-1 days 00:00:00", SQL_C_INTERVAL_HOUR, &is, 0, &ind, 0, NULL),
                    SQL_SUCCESS);
    CU_ASSERT_EQUAL(is.interval_sign, SQL_TRUE);
    CU_ASSERT_EQUAL(is.intval.day_second.hour, 24);
    CU_ASSERT_EQUAL(conv(1186, "1 year 2 mons", SQL_C_INTERVAL_YEAR_TO_MONTH, &is, 0, &ind, 0,
                         NULL), SQL_SUCCESS);
    CU_ASSERT_EQUAL(is.intval.year_month.year, 1);
    CU_ASSERT_EQUAL(is.intval.year_month.month, 2);
    CU_ASSERT_EQUAL(conv(1186, "1 year 2 mons", SQL_C_INTERVAL_DAY, &is, 0, &ind, 0, NULL),
                    SQL_ERROR);
    CU_ASSERT_STRING_EQUAL(last_state(), "22015");
    CU_ASSERT_EQUAL(conv(1186, "1 day 02:00:00", SQL_C_INTERVAL_DAY, &is, 0, &ind, 0, NULL),
                    SQL_SUCCESS_WITH_INFO);
    CU_ASSERT_STRING_EQUAL(last_state(), "01S07");
    /* guid from binary; impossible conversions 07006; NULL without indicator 22002 */
    SQLGUID g;
    CU_ASSERT_EQUAL(convf(2950, 1, bin, unhex("0f1e2d3c4b5a69788796a5b4c3d2e1f0", bin),
                          SQL_C_GUID, &g, 0, &ind, 0, NULL), SQL_SUCCESS);
    CU_ASSERT_EQUAL(g.Data1, 0x0f1e2d3cu);
    CU_ASSERT_EQUAL(g.Data4[7], 0xf0);
    CU_ASSERT_EQUAL(conv(1082, "2024-02-29", SQL_C_GUID, &g, 0, &ind, 0, NULL), SQL_ERROR);
    CU_ASSERT_STRING_EQUAL(last_state(), "07006");
    CU_ASSERT_EQUAL(conv(23, NULL, SQL_C_SLONG, &i, 0, NULL, 0, NULL), SQL_ERROR);
    CU_ASSERT_STRING_EQUAL(last_state(), "22002");
    CU_ASSERT_EQUAL(conv(23, "5", 9999, &i, 0, &ind, 0, NULL), SQL_ERROR);
    CU_ASSERT_STRING_EQUAL(last_state(), "HY003");
    /* a malformed server value is refused, never guessed */
    CU_ASSERT_EQUAL(convf(23, 1, bin, unhex("0001", bin), SQL_C_SLONG, &i, 0, &ind, 0, NULL),
                    SQL_ERROR);
    CU_ASSERT_EQUAL(conv(1082, "2024-13-01", SQL_C_CHAR, bin, sizeof bin, &ind, 0, NULL),
                    SQL_ERROR);
}

/* Long non-ASCII JSON in pieces: never a split UTF-8 character, full length each time. */
static void test_json_pieces(void)
{
    const char *json = "[\"\xc3\xbc\xc3\xbc\xc3\xbc\",\"\xf0\x9f\x98\x80\"]";
    char piece[5], all[64] = "";   /* room for any one UTF-8 character */
    SQLLEN ind = 0;
    size_t off = 0, consumed = 0;
    SQLRETURN rc;
    int calls = 0;
    while ((rc = conv(114, json, SQL_C_CHAR, piece, sizeof piece, &ind, off, &consumed)) ==
           SQL_SUCCESS_WITH_INFO && calls++ < 40) {
        CU_ASSERT_STRING_EQUAL(last_state(), "01004");
        CU_ASSERT_EQUAL((size_t)ind, strlen(json) - off);
        strncat(all, piece, sizeof all - strlen(all) - 1);   /* test code only */
        CU_ASSERT_TRUE(consumed > off);
        off = consumed;
    }
    CU_ASSERT_EQUAL(rc, SQL_SUCCESS);
    strncat(all, piece, sizeof all - strlen(all) - 1);
    CU_ASSERT_STRING_EQUAL(all, json);
}

/* The protocol table is sorted and every row has both decoders. */
static void test_wire_table(void)
{
    size_t n;
    const pgw_type *t = pgw_type_table(&n);
    for (size_t i = 0; i < n; i++) {
        CU_ASSERT_PTR_NOT_NULL(t[i].decode_text);
        CU_ASSERT_PTR_NOT_NULL(t[i].decode_binary);
        CU_ASSERT_PTR_EQUAL(pgw_type_lookup(t[i].oid), &t[i]);   /* direct index */
        if (i > 0)
            CU_ASSERT(t[i - 1].oid < t[i].oid);
    }
    CU_ASSERT_STRING_EQUAL(pgw_type_lookup(22)->pg_name, "unknown");
    CU_ASSERT_STRING_EQUAL(pgw_type_lookup(4096)->pg_name, "unknown");
    CU_ASSERT_STRING_EQUAL(pgw_type_lookup(UINT32_MAX)->pg_name, "unknown");
    /* binary encoders round-trip through the binary decoders */
    pgw_datum in = { .kind = PGW_D_TIMESTAMP }, out;
    in.u.dt.year = 2024, in.u.dt.month = 1, in.u.dt.day = 2, in.u.dt.hour = 3;
    in.u.dt.nanos = 678000000;
    uint8_t b[16];
    size_t len = pgw_type_lookup(1114)->encode_binary(&in, b);
    CU_ASSERT_EQUAL(len, 8);
    pgw_decode_ctx ctx = { &bufs[0], &bufs[1], &bufs[2], &bufs[3], true, false, false, 0, NULL };
    CU_ASSERT_TRUE(pgw_value_decode(pgw_type_lookup(1114), 1, (const char *)b, (int32_t)len,
                                    &ctx, &out));
    CU_ASSERT_EQUAL(out.u.dt.year, 2024);
    CU_ASSERT_EQUAL(out.u.dt.nanos, 678000000u);
    pgw_datum iv = { .kind = PGW_D_INT, .u.i = -5 };
    len = pgw_type_lookup(21)->encode_binary(&iv, b);
    CU_ASSERT_EQUAL(len, 2);
    CU_ASSERT_TRUE(pgw_value_decode(pgw_type_lookup(21), 1, (const char *)b, 2, &ctx, &out));
    CU_ASSERT_EQUAL(out.u.i, -5);
    iv.u.i = 70000;
    CU_ASSERT_EQUAL(pgw_type_lookup(21)->encode_binary(&iv, b), 0);
}

/* ArrayFormat=pg and GeoPointFormat=pg */
static void test_render_options(void)
{
    pgw_decode_ctx ctx = { &bufs[0], &bufs[1], &bufs[2], &bufs[3], true, true, true, 0, NULL };
    pgw_datum d;
    const char *a = "{\"a b\",\"c\",NULL}";
    CU_ASSERT_TRUE(pgw_value_decode(pgw_type_lookup(1015), 0, a, (int32_t)strlen(a), &ctx, &d));
    CU_ASSERT_EQUAL(d.kind, PGW_D_TEXT);
    CU_ASSERT_EQUAL(d.u.s.len, strlen("{\"a b\",c,NULL}"));
    CU_ASSERT_EQUAL(memcmp(d.u.s.ptr, "{\"a b\",c,NULL}", d.u.s.len), 0);
    const char *p = "(9.7417,47.4108)";
    CU_ASSERT_TRUE(pgw_value_decode(pgw_type_lookup(600), 0, p, (int32_t)strlen(p), &ctx, &d));
    CU_ASSERT_EQUAL(d.u.s.len, strlen(p));
    CU_ASSERT_EQUAL(memcmp(d.u.s.ptr, p, d.u.s.len), 0);
}

static void free_bufs(void)
{
    for (size_t i = 0; i < sizeof bufs / sizeof bufs[0]; i++)
        pgw_scratch_free(&bufs[i]);
}

void register_convert_tests(void)
{
    CU_pSuite s = CU_add_suite("convert", NULL, NULL);
    CU_add_test(s, "type table sorted", test_table_sorted);
    CU_add_test(s, "integers", test_integers);
    CU_add_test(s, "floats and bits", test_floats_bits);
    CU_add_test(s, "character, piecewise", test_chars);
    CU_add_test(s, "wide character, pairs kept", test_wchar);
    CU_add_test(s, "double parsing fast path = strtod", test_parse_double_fast);
    CU_add_test(s, "integer overflow cutoffs, trim, bool words", test_integer_cutoffs);
    CU_add_test(s, "wide character, non-ASCII at every position", test_wchar_ascii_boundaries);
    CU_add_test(s, "binary and guid", test_binary_guid);
    CU_add_test(s, "date and time", test_datetime);
    CU_add_test(s, "numeric struct", test_numeric);
    CU_add_test(s, "numeric to ARD precision/scale, rounding", test_numeric_rounding);
    CU_add_test(s, "interval precisions from the ARD", test_interval_precision);
    CU_add_test(s, "tiny buffers make progress", test_tiny_buffers);
    CU_add_test(s, "bit(1) defaults to SQL_C_BIT", test_bit1_default);
    CU_add_test(s, "FACTS 4.3/4.4 scalars, text = binary", test_facts_scalars);
    CU_add_test(s, "FACTS 4.3/4.4 json and arrays", test_facts_json_arrays);
    CU_add_test(s, "C conversions of CrateDB values", test_facts_conversions);
    CU_add_test(s, "CrateDB 6.4.3's bytes", test_cratedb_643_bytes);
    CU_add_test(s, "json in pieces", test_json_pieces);
    CU_add_test(s, "wire type table, encoders", test_wire_table);
    CU_add_test(s, "ArrayFormat/GeoPointFormat pg", test_render_options);
    CU_add_test(s, "fast path: int text to integers", test_fast_ints);
    CU_add_test(s, "fast path: float8/float4, bool", test_fast_float_bit);
    CU_add_test(s, "fast path: text and numeric to SQL_C_CHAR", test_fast_char);
    CU_add_test(s, "fast path: timestamp text", test_fast_timestamp);
    CU_add_test(s, "free scratch", free_bufs);
}
