/*
 * test_decoders.c: the type decoders (protocol/types.c) on values a server
 * may send that the common cases never show: arrays and records nested in
 * each other in binary (the element OID of a binary array comes from the
 * data, so it can be an array or a record type), format codes other than
 * text and binary, numerics in exponent form, timestamps with offsets far
 * beyond year 9999, timetz zones out of any range.
 *
 * Every value is decoded from a heap block of exactly its length, as a row
 * value sits in the receive buffer (not NUL-terminated): a read past it is
 * an AddressSanitizer report, not a silent pass.
 */
#include <stdlib.h>
#include <string.h>

#include "pgw_types.h"
#include "unit.h"

static pgw_scratch bufs[4], text;

/*
 * Decodes bytes[0..n) of type `oid` in `format` (CrateDB's quirks when
 * cratedb; arrays and points in PostgreSQL's notation when pg) and returns
 * the datum's canonical text (pgw_datum_format), or NULL when the value
 * does not decode. The bytes are copied into a block of exactly n bytes.
 */
static const char *decode(uint32_t oid, int format, bool cratedb, bool pg, const void *bytes,
                          size_t n)
{
    char *copy = malloc(n ? n : 1);
    CU_ASSERT_PTR_NOT_NULL_FATAL(copy);
    memcpy(copy, bytes, n);
    pgw_decode_ctx ctx = { .out = &bufs[0], .aux = &bufs[1], .elem = &bufs[2],
                           .fmt = &bufs[3], .cratedb = cratedb, .arrays_as_pg = pg,
                           .point_as_pg = pg };
    pgw_datum d;
    bool ok = pgw_value_decode(pgw_type_lookup(oid), format, copy, (int32_t)n, &ctx, &d);
    text.len = 0;
    ok = ok && pgw_datum_format(&d, &text);
    free(copy);
    return ok ? text.p : NULL;
}

static const char *decode_text(uint32_t oid, const char *s)
{
    return decode(oid, 0, true, false, s, strlen(s));
}

/* ------------------------------------------------------------ binary builders */

typedef struct bin {
    unsigned char b[4096];
    size_t n;
} bin;

static void put32(bin *o, uint32_t v)
{
    CU_ASSERT_FATAL(o->n + 4 <= sizeof o->b);
    for (int i = 3; i >= 0; i--)
        o->b[o->n++] = (unsigned char)(v >> (8 * i));
}

static void put_bytes(bin *o, const void *p, size_t n)
{
    CU_ASSERT_FATAL(o->n + n <= sizeof o->b);
    memcpy(o->b + o->n, p, n);
    o->n += n;
}

static bin int4(int32_t v)
{
    bin o = { .n = 0 };
    put32(&o, (uint32_t)v);
    return o;
}

static bin str(const char *s)
{
    bin o = { .n = 0 };
    put_bytes(&o, s, strlen(s));
    return o;
}

/* A one-dimensional binary array of element OID eoid holding elems[0..n). */
static bin array1(uint32_t eoid, const bin *elems, int n)
{
    bin o = { .n = 0 };
    put32(&o, 1);              /* ndim */
    put32(&o, 0);              /* flags */
    put32(&o, eoid);
    put32(&o, (uint32_t)n);    /* size */
    put32(&o, 1);              /* lower bound */
    for (int i = 0; i < n; i++) {
        put32(&o, (uint32_t)elems[i].n);
        put_bytes(&o, elems[i].b, elems[i].n);
    }
    return o;
}

/* A binary int4 array of v[0..n). */
static bin int4_array(const int32_t *v, int n)
{
    bin e[8];
    for (int i = 0; i < n; i++)
        e[i] = int4(v[i]);
    return array1(23, e, n);
}

/* A binary record of the fields (oids[i], fields[i]). */
static bin record(const uint32_t *oids, const bin *fields, int n)
{
    bin o = { .n = 0 };
    put32(&o, (uint32_t)n);
    for (int i = 0; i < n; i++) {
        put32(&o, oids[i]);
        put32(&o, (uint32_t)fields[i].n);
        put_bytes(&o, fields[i].b, fields[i].n);
    }
    return o;
}

/* ------------------------------------------------------------ nesting (item 3) */

/* A binary int4[] column whose element OID (the data's) is int4[] itself:
 * an array of arrays, rendered as nested arrays. */
static void test_binary_array_of_arrays(void)
{
    static const int32_t a[] = { 1, 2 }, b[] = { 3 };
    bin inner[2] = { int4_array(a, 2), int4_array(b, 1) };
    bin outer = array1(1007, inner, 2);
    const char *s = decode(1007, 1, true, false, outer.b, outer.n);
    CU_ASSERT_PTR_NOT_NULL_FATAL(s);
    CU_ASSERT_STRING_EQUAL(s, "[[1,2],[3]]");
    s = decode(1007, 1, false, true, outer.b, outer.n);
    CU_ASSERT_PTR_NOT_NULL_FATAL(s);
    CU_ASSERT_STRING_EQUAL(s, "{{1,2},{3}}");
    /* the same under a text[] column, and an element OID nobody knows */
    s = decode(1009, 1, true, false, outer.b, outer.n);
    CU_ASSERT_PTR_NOT_NULL_FATAL(s);
    CU_ASSERT_STRING_EQUAL(s, "[[1,2],[3]]");
    bin odd[1] = { str("ab") };
    bin unknown = array1(99999, odd, 1);
    s = decode(1007, 1, true, false, unknown.b, unknown.n);
    CU_ASSERT_PTR_NOT_NULL_FATAL(s);
    CU_ASSERT_STRING_EQUAL(s, "[\"ab\"]");
}

/* A record field that is a record, and one that is an array: rendered as
 * PostgreSQL's record text shows them. */
static void test_binary_record_in_record(void)
{
    static const uint32_t in_oids[] = { 25, 23 }, out_oids[] = { 23, 2249 };
    bin in_fields[2] = { str("a"), int4(2) };
    bin inner = record(in_oids, in_fields, 2);
    bin out_fields[2] = { int4(1), inner };
    bin outer = record(out_oids, out_fields, 2);
    const char *s = decode(2249, 1, true, false, outer.b, outer.n);
    CU_ASSERT_PTR_NOT_NULL_FATAL(s);
    CU_ASSERT_STRING_EQUAL(s, "(1,\"(a,2)\")");

    static const int32_t v[] = { 1, 2 };
    static const uint32_t arr_oid[] = { 1007 };
    bin arr_field[1] = { int4_array(v, 2) };
    bin with_array = record(arr_oid, arr_field, 1);
    s = decode(2249, 1, true, false, with_array.b, with_array.n);
    CU_ASSERT_PTR_NOT_NULL_FATAL(s);
    CU_ASSERT_STRING_EQUAL(s, "(\"{1,2}\")");
}

/* An array of records (_record) in binary: each element is a record. */
static void test_binary_array_of_records(void)
{
    static const uint32_t oids[] = { 23, 25 };
    bin f1[2] = { int4(1), str("x") }, f2[2] = { int4(2), str("y z") };
    bin recs[2] = { record(oids, f1, 2), record(oids, f2, 2) };
    bin arr = array1(2249, recs, 2);
    const char *s = decode(2287, 1, true, false, arr.b, arr.n);
    CU_ASSERT_PTR_NOT_NULL_FATAL(s);
    CU_ASSERT_STRING_EQUAL(s, "[\"(1,x)\",\"(2,\\\"y z\\\")\"]");
    s = decode(2287, 1, false, true, arr.b, arr.n);
    CU_ASSERT_PTR_NOT_NULL_FATAL(s);
    CU_ASSERT_STRING_EQUAL(s, "{\"(1,x)\",\"(2,\\\"y z\\\")\"}");
}

/* Arrays nested `levels` deep around the int4 1. */
static bin nested_arrays(int levels)
{
    static const int32_t one[] = { 1 };
    bin *a = malloc(sizeof *a);
    CU_ASSERT_PTR_NOT_NULL_FATAL(a);
    *a = int4_array(one, 1);
    for (int i = 1; i < levels; i++)
        *a = array1(1007, a, 1);
    bin r = *a;
    free(a);
    return r;
}

/* Nesting is bounded (PGW_DECODE_MAX_DEPTH): a deep value decodes, a deeper
 * one fails cleanly instead of growing the stack. */
static void test_nesting_is_bounded(void)
{
    bin ok = nested_arrays(20);
    const char *s = decode(1007, 1, true, false, ok.b, ok.n);
    CU_ASSERT_PTR_NOT_NULL_FATAL(s);
    char want[64];
    memset(want, '[', 20);
    want[20] = '1';
    memset(want + 21, ']', 20);
    want[41] = '\0';
    CU_ASSERT_STRING_EQUAL(s, want);
    bin deep = nested_arrays(40);
    CU_ASSERT_PTR_NULL(decode(1007, 1, true, false, deep.b, deep.n));
}

/* The RowDescription's format code says what the bytes are in; the
 * protocol has text (0) and binary (1) only: any other code is a value
 * that cannot be read, whatever the bytes. NULL stays NULL. */
static void test_unknown_format_code(void)
{
    CU_ASSERT_PTR_NOT_NULL(decode(23, 0, true, false, "7", 1));
    CU_ASSERT_PTR_NULL(decode(23, 2, true, false, "7", 1));
    CU_ASSERT_PTR_NULL(decode(25, -1, true, false, "abc", 3));
    CU_ASSERT_PTR_NULL(decode(1007, 2, true, false, "{1}", 3));
    pgw_decode_ctx ctx = { .out = &bufs[0], .aux = &bufs[1], .elem = &bufs[2],
                           .fmt = &bufs[3] };
    pgw_datum d;
    CU_ASSERT_TRUE(pgw_value_decode(pgw_type_lookup(23), 2, NULL, -1, &ctx, &d));
    CU_ASSERT_EQUAL(d.kind, PGW_D_NULL);
}

/* ------------------------------------------------------------ numerics (item 4) */

/* A numeric in exponent form (CrateDB sends "1E+3") is formatted from its
 * own bytes: the exponent is not read past the value. "1E50" cut to three
 * bytes is 1E5, whatever follows in memory. */
static void test_numeric_exponent_within_value(void)
{
    const char *s = decode(1700, 0, true, false, "1E5", 3);
    CU_ASSERT_PTR_NOT_NULL_FATAL(s);
    CU_ASSERT_STRING_EQUAL(s, "100000");
    s = decode(1700, 0, true, false, "1E50", 3);
    CU_ASSERT_PTR_NOT_NULL_FATAL(s);
    CU_ASSERT_STRING_EQUAL(s, "100000");
    s = decode_text(1700, "-2.5e-3");
    CU_ASSERT_PTR_NOT_NULL_FATAL(s);
    CU_ASSERT_STRING_EQUAL(s, "-0.0025");
    s = decode_text(1700, "7E+2");
    CU_ASSERT_PTR_NOT_NULL_FATAL(s);
    CU_ASSERT_STRING_EQUAL(s, "700");
    s = decode_text(1700, "-Infinity");
    CU_ASSERT_PTR_NOT_NULL_FATAL(s);
    CU_ASSERT_STRING_EQUAL(s, "-Infinity");
    CU_ASSERT_PTR_NULL(decode_text(1700, "1E"));
}

/* ------------------------------------------------------------ range (item 6) */

/* timestamptz text is normalised to UTC whatever its year: a year beyond
 * what microseconds since 2000 hold in an int64 (about 294,000) is shifted
 * by its offset without overflow; the ordinary cases stay exact. */
static void test_timestamptz_offset_far_years(void)
{
    static const struct { const char *in, *utc; } cases[] = {
        { "999999999-01-01 00:00:00+01", "999999998-12-31 23:00:00" },
        { "+294277-01-01 00:30:00-01", "294277-01-01 01:30:00" },
        { "2024-03-01 00:30:00+01", "2024-02-29 23:30:00" },
        { "2024-01-01 00:00:00.123456789+05:30", "2023-12-31 18:30:00.123456789" },
        { "0001-01-01 00:00:00+02 BC", "0002-12-31 22:00:00 BC" },
        { "1999-12-31 23:59:60-00:00:30", "2000-01-01 00:00:30" },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const char *s = decode_text(1184, cases[i].in);
        CU_ASSERT_PTR_NOT_NULL(s);
        if (s && strcmp(s, cases[i].utc) != 0)
            fprintf(stderr, "%s: %s, want %s\n", cases[i].in, s, cases[i].utc);
        CU_ASSERT(s && strcmp(s, cases[i].utc) == 0);
    }
}

/* A date in text whose day its month does not have is no value: it would
 * decode to a datum no binary date gives (2021-11-31 read as December 1st
 * when encoded back; found by tests/fuzz/fuzz_decoders). Leap days count
 * in astronomical years: 1 BC (year 0) has one, 4 BC (year -3) not. */
static void test_text_date_day_exists(void)
{
    static const struct { uint32_t oid; const char *in; bool ok; } cases[] = {
        { 1082, "2021-11-31", false }, { 1082, "2021-11-30", true },
        { 1082, "2021-02-29", false }, { 1082, "2020-02-29", true },
        { 1082, "1900-02-29", false }, { 1082, "2000-02-29", true },
        { 1082, "0001-02-29 BC", true }, { 1082, "0004-02-29 BC", false },
        { 1114, "2021-04-31 00:00:00", false }, { 1114, "2021-04-30 23:59:59", true },
        { 1184, "2021-06-31 12:00:00+02", false }, { 1184, "2024-02-29 12:00:00+02", true },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const char *s = decode_text(cases[i].oid, cases[i].in);
        if ((s != NULL) != cases[i].ok)
            fprintf(stderr, "%s: %s\n", cases[i].in, s ? s : "(no value)");
        CU_ASSERT((s != NULL) == cases[i].ok);
    }
}

/* A binary timetz zone beyond any UTC offset (INT32_MIN cannot even be
 * negated into PostgreSQL's seconds west) is not a value; the widest real
 * offsets are. */
static void test_timetz_binary_zone_range(void)
{
    bin v = { .n = 0 };
    put32(&v, 0);
    put32(&v, 0);               /* 00:00:00 */
    put32(&v, 0x80000000u);     /* INT32_MIN */
    CU_ASSERT_PTR_NULL(decode(1266, 1, false, false, v.b, v.n));
    CU_ASSERT_PTR_NULL(decode(1266, 1, true, false, v.b, v.n));
    v.n = 8;
    put32(&v, 18 * 3600);       /* CrateDB: seconds east */
    const char *s = decode(1266, 1, true, false, v.b, v.n);
    CU_ASSERT_PTR_NOT_NULL_FATAL(s);
    CU_ASSERT_STRING_EQUAL(s, "00:00:00+18:00");
    v.n = 8;
    put32(&v, (uint32_t)-3600); /* PostgreSQL: seconds west */
    s = decode(1266, 1, false, false, v.b, v.n);
    CU_ASSERT_PTR_NOT_NULL_FATAL(s);
    CU_ASSERT_STRING_EQUAL(s, "00:00:00+01:00");
}

/* Interval text whose months, days or hours no datum holds fails to decode
 * (no overflow on the way), repeated units included. */
static void test_interval_text_out_of_range(void)
{
    static const char *const bad[] = {
        "999999999 years", "999999999 years 999999999 years",
        "178956970 years 8 mons", "2147483647 days 1 day", "-2147483648 days -1 days",
        "9999999999 weeks", "2562047789:00:00", "-9999999999:-59:-59",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        const char *s = decode_text(1186, bad[i]);
        if (s)
            fprintf(stderr, "%s decoded as %s\n", bad[i], s);
        CU_ASSERT_PTR_NULL(s);
    }
    const char *s = decode_text(1186, "178956970 years 7 mons");
    CU_ASSERT_PTR_NOT_NULL_FATAL(s);
    CU_ASSERT_STRING_EQUAL(s, "178956970 years 7 mons 00:00:00");
}

static int clean(void)
{
    for (int i = 0; i < 4; i++)
        pgw_scratch_free(&bufs[i]);
    pgw_scratch_free(&text);
    return 0;
}

/* Found by tests/fuzz/fuzz_decoders: 24:59:59 was accepted (the hour 24 with
 * anything after it), and 24:00:00 and leap seconds stayed in the datum,
 * where no binary value can say them. As PostgreSQL reads its input: 24:00:00
 * and :60 are the next day and minute, anything past 24:00:00 is no time. */
static void test_text_clock_times(void)
{
    static const struct { uint32_t oid; const char *in, *want; } cases[] = {
        { 1114, "2021-12-31 24:00:00", "2022-01-01 00:00:00" },
        { 1114, "2016-12-31 23:59:60", "2017-01-01 00:00:00" },
        { 1114, "2016-12-31 23:59:60.5", "2017-01-01 00:00:00.5" },
        { 1184, "2021-06-30 24:00:00+00", "2021-07-01 00:00:00" },
        { 1083, "24:00:00", "24:00:00" },
        { 1083, "23:59:60", "24:00:00" },
        { 1083, "12:34:60.25", "12:35:00.25" },
        { 1114, "29276-12-31 24:59:59", NULL },
        { 1114, "2021-01-01 24:00:00.1", NULL },
        { 1114, "2021-01-01 24:00:01", NULL },
        { 1083, "24:00:01", NULL },
        { 1083, "23:59:60.5", NULL },
        { 1266, "24:30:00+02", NULL },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const char *got = decode_text(cases[i].oid, cases[i].in);
        bool ok = cases[i].want ? got && strcmp(got, cases[i].want) == 0 : got == NULL;
        if (!ok)
            fprintf(stderr, "\n    %s -> %s, want %s\n", cases[i].in, got ? got : "(refused)",
                    cases[i].want ? cases[i].want : "(refused)");
        CU_ASSERT(ok);
    }
}

void register_decoders_tests(void)
{
    CU_pSuite s = CU_add_suite("decoders: nesting, formats, bounds, ranges", NULL, clean);
    CU_add_test(s, "binary array of arrays", test_binary_array_of_arrays);
    CU_add_test(s, "binary record in a record", test_binary_record_in_record);
    CU_add_test(s, "binary array of records", test_binary_array_of_records);
    CU_add_test(s, "nesting is bounded", test_nesting_is_bounded);
    CU_add_test(s, "format codes other than 0 and 1", test_unknown_format_code);
    CU_add_test(s, "numeric exponent read within the value", test_numeric_exponent_within_value);
    CU_add_test(s, "timestamptz offsets on far years", test_timestamptz_offset_far_years);
    CU_add_test(s, "timetz binary zone range", test_timetz_binary_zone_range);
    CU_add_test(s, "text dates name days that exist", test_text_date_day_exists);
    CU_add_test(s, "text clock times: 24:00:00 and leap seconds", test_text_clock_times);
    CU_add_test(s, "interval text out of range", test_interval_text_out_of_range);
}
