/*
 * fuzz_decoders.c: every type decoder of protocol/types.c, text and binary,
 * on any value bytes, with the type and the rendering flags taken from the
 * input as a server (and the connection's settings) would choose them.
 *
 * Input: [flags] [type] [oid: 4 bytes, only when type picks "any OID"] value
 *   flags  bit 0 binary format (else text), bit 1 CrateDB, bit 2 arrays in
 *          {} notation, bit 3 points as "(x,y)", bit 4 SQL NULL (len -1),
 *          bit 5 format code 2..32767 (no decoder: must fail)
 *   type   a row of the type table (modulo its size + 1); the extra value
 *          means the OID that follows, looked up as the server sent it
 *          (unknown OIDs read as raw text)
 * The element OIDs of binary arrays and the field OIDs of binary records
 * come from the value itself, so nested arrays and records of any type are
 * reached. The value sits in a block of exactly its size (no terminator).
 *
 * Invariants (pgw_types.h): a decoded datum has a known kind; text, bytes
 * and numerics point into the value or the context's out buffer, within
 * them; numerics match [+-]d*[.d*][E[+-]d+] and format in plain notation
 * (or exactly as they came, beyond the expansion's limits); date and time fields are in
 * range; a float4 is a float; out_of_range is only set on failure, and then
 * it is a SQLSTATE; formatting never fails; a datum the type can encode in
 * binary decodes back from that encoding to the same canonical text.
 */
#include <math.h>

#include "fuzz.h"
#include "pgw_types.h"

static pgw_scratch bufs[4], text1, text2, rt[4];

static bool inside(const char *p, size_t n, const char *base, size_t blen)
{
    return base && p >= base && p <= base + blen && n <= (size_t)(base + blen - p);
}

/* [+-]digits[.digits][(e|E)[+-]digits] with at least one digit. */
static bool numeric_shape(const char *p, size_t n)
{
    size_t i = 0, nd = 0;
    if (i < n && (p[i] == '-' || p[i] == '+'))
        i++;
    for (; i < n && p[i] >= '0' && p[i] <= '9'; i++)
        nd++;
    if (i < n && p[i] == '.')
        for (i++; i < n && p[i] >= '0' && p[i] <= '9'; i++)
            nd++;
    if (nd == 0)
        return false;
    if (i < n && (p[i] == 'e' || p[i] == 'E')) {
        size_t ne = 0;
        if (++i < n && (p[i] == '-' || p[i] == '+'))
            i++;
        for (; i < n && p[i] >= '0' && p[i] <= '9'; i++)
            ne++;
        if (ne == 0)
            return false;
    }
    return i == n;
}

static void check_datetime(const pgw_datum *d)
{
    const pgw_datetime *t = &d->u.dt;
    if (d->kind != PGW_D_TIME)
        FUZZ_CHECK(t->month >= 1 && t->month <= 12 && t->day >= 1 && t->day <= 31);
    FUZZ_CHECK(t->hour <= 24 && t->minute <= 59 && t->second <= 60);
    FUZZ_CHECK(t->nanos < 1000000000u);
    if (d->kind == PGW_D_DATE)
        FUZZ_CHECK(t->hour == 0 && t->minute == 0 && t->second == 0 && t->nanos == 0);
    if (t->has_zone) {
        FUZZ_CHECK(d->kind == PGW_D_TIME);
        /* the text form's offset has two-digit fields: +-99:59:59 at most */
        FUZZ_CHECK(t->zone >= -359999 && t->zone <= 359999);
    }
}

static void check_datum(const pgw_datum *d, const char *val, size_t n, const pgw_scratch *out)
{
    FUZZ_CHECK(d->kind >= PGW_D_NULL && d->kind <= PGW_D_BYTES);
    switch (d->kind) {
    case PGW_D_TEXT:
    case PGW_D_BYTES:
    case PGW_D_NUMERIC: {
        const char *p = d->u.s.ptr;
        size_t len = d->u.s.len;
        FUZZ_CHECK(p != NULL || len == 0);
        FUZZ_CHECK(len == 0 || inside(p, len, val, n) || inside(p, len, out->p, out->len));
        if (d->kind == PGW_D_NUMERIC)
            FUZZ_CHECK(numeric_shape(p, len));
        break;
    }
    case PGW_D_DATE:
    case PGW_D_TIME:
    case PGW_D_TIMESTAMP:
        check_datetime(d);
        break;
    case PGW_D_FLOAT:
        if (d->is_float4 && !isnan(d->u.f))
            FUZZ_CHECK((double)(float)d->u.f == d->u.f);
        break;
    default:
        break;
    }
    FUZZ_CHECK(!d->is_json || d->kind == PGW_D_TEXT);
}

/* Canonical text of the datum in s (from empty); formatting only fails on
 * out of memory, which these sizes never reach. */
static void format_datum(const pgw_datum *d, pgw_scratch *s)
{
    s->len = 0;
    FUZZ_CHECK(pgw_datum_format(d, s));
    /* plain notation: an exponent is expanded, except one beyond +-1000 or
     * with more than 128 digits, where the text is kept as it came */
    if (d->kind == PGW_D_NUMERIC && (memchr(s->p, 'e', s->len) || memchr(s->p, 'E', s->len)))
        FUZZ_CHECK(s->len == d->u.s.len && memcmp(s->p, d->u.s.ptr, s->len) == 0);
}

/* Encodes the datum in the type's binary form and decodes that again: the
 * canonical text must not change (parameters go out this way). A fraction
 * finer than the microseconds of the binary form is not kept. */
static void check_roundtrip(const pgw_type *t, const pgw_datum *d, bool cratedb)
{
    if (!t->encode_binary || d->kind == PGW_D_NULL)
        return;
    if ((d->kind == PGW_D_TIMESTAMP || d->kind == PGW_D_TIME) && d->u.dt.nanos % 1000 != 0)
        return;
    uint8_t enc[16];
    size_t n = t->encode_binary(d, enc);
    FUZZ_CHECK(n <= 16);
    if (n == 0)
        return;   /* the datum does not fit the binary form (documented) */
    char *copy = fuzz_exact_copy(enc, n);
    pgw_decode_ctx ctx = { .out = &rt[0], .aux = &rt[1], .elem = &rt[2], .fmt = &rt[3],
                           .cratedb = cratedb };
    pgw_datum back;
    bool ok = copy && pgw_value_decode(t, 1, copy, (int32_t)n, &ctx, &back);
    FUZZ_CHECK(ok || !copy);
    if (ok) {
        format_datum(&back, &text2);
        if (text1.len != text2.len || memcmp(text1.p, text2.p, text1.len) != 0) {
            fprintf(stderr, "%s: \"%.*s\" encodes to \"%.*s\"\n", t->pg_name, (int)text1.len,
                    text1.p, (int)text2.len, text2.p);
            FUZZ_CHECK(!"binary round trip keeps the value");
        }
    }
    free(copy);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 2)
        return 0;
    uint8_t flags = data[0];
    size_t ntypes;
    const pgw_type *table = pgw_type_table(&ntypes);
    size_t pick = data[1] % (ntypes + 1);
    const pgw_type *t;
    size_t at = 2;
    if (pick < ntypes) {
        t = &table[pick];
    } else {
        if (size < 6)
            return 0;
        t = pgw_type_lookup((uint32_t)data[2] << 24 | (uint32_t)data[3] << 16 |
                            (uint32_t)data[4] << 8 | data[5]);
        at = 6;
    }
    size_t n = size - at;
    int format = flags & 1;
    if (flags & 0x20)
        format = 2 + data[1];
    bool cratedb = flags & 2;
    char *val = fuzz_exact_copy(data + at, n);
    if (!val)
        return 0;
    pgw_decode_ctx ctx = { .out = &bufs[0], .aux = &bufs[1], .elem = &bufs[2],
                           .fmt = &bufs[3], .cratedb = cratedb,
                           .arrays_as_pg = flags & 4, .point_as_pg = flags & 8 };
    pgw_datum d;
    int32_t len = (flags & 0x10) ? -1 : (int32_t)n;
    bool ok = pgw_value_decode(t, format, val, len, &ctx, &d);
    if (len < 0)
        FUZZ_CHECK(ok && d.kind == PGW_D_NULL);
    else if (format > 1)
        FUZZ_CHECK(!ok);
    if (ok) {
        FUZZ_CHECK(ctx.out_of_range == NULL);
        check_datum(&d, val, n, ctx.out);
        format_datum(&d, &text1);
        check_roundtrip(t, &d, cratedb);
    } else if (ctx.out_of_range) {
        FUZZ_CHECK(strlen(ctx.out_of_range) == 5);
    }
    free(val);
    return 0;
}
