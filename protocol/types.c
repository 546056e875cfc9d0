/*
 * types.c: the table of wire types (OID, names, binary width, decoders for
 * the text and the binary format, binary encoder) and the decoders
 * themselves, written to the exact bytes CrateDB sends (FACTS §4.3, §4.4)
 * and to PostgreSQL 15's forms of the same types. See pgw_types.h for the
 * neutral value they produce. ODBC knowledge (SQL types, sizes) is not here.
 *
 * CrateDB quirks handled here:
 *  - floats in Java form ("1.0E7", "Infinity", "-0.0"), numerics with
 *    exponents ("1E+3");
 *  - timestamps with " BC", timestamptz always "+00" (normalised to UTC
 *    whatever the offset), timetz without offset for UTC and its binary zone
 *    in seconds east (PostgreSQL: west);
 *  - intervals with "weeks", and with a sign on every field of the time
 *    part ("-01:-30:00");
 *  - timestamps after year 9999 with a '+' ("+10000-01-01 ...");
 *  - byte (up to 6.4) as "char", OID 18: a number, not a character;
 *  - arrays whose elements are always quoted and never escaped (except in
 *    _json), binary arrays whose lower bound repeats the size, empty arrays
 *    sent as one dimension of size 0;
 *  - regclass printed as a number.
 */
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "pgw_clocale.h"
#include "pgw_thread.h"
#include "pgw_types.h"

/* ------------------------------------------------------------ scratch */

bool pgw_scratch_put(pgw_scratch *s, const char *b, size_t n)
{
    if (s->len + n + 1 > s->cap) {
        size_t ncap = s->cap ? s->cap : 256;
        while (ncap < s->len + n + 1)
            ncap *= 2;
        char *np = realloc(s->p, ncap);
        if (!np)
            return false;
        s->p = np;
        s->cap = ncap;
    }
    if (n)
        memcpy(s->p + s->len, b, n);
    s->len += n;
    s->p[s->len] = '\0';
    return true;
}

static bool put_str(pgw_scratch *s, const char *z)
{
    return pgw_scratch_put(s, z, strlen(z));
}

static bool put_ch(pgw_scratch *s, char c)
{
    return pgw_scratch_put(s, &c, 1);
}

void pgw_scratch_free(pgw_scratch *s)
{
    free(s->p);
    s->p = NULL;
    s->len = s->cap = 0;
}

/* ------------------------------------------------------------ helpers */

/*
 * The exact fast path of pgw_parse_double: [+-]digits[.digits][(e|E)[+-]digits]
 * whose digits, read as an integer w, fit the target's mantissa (2^53, float4
 * 2^24) and whose decimal exponent e has an exact power of ten in the target
 * (|e| <= 22, float4 10). Then w * 10^e (or w / 10^-e) is one correctly
 * rounded operation on exact operands: the same value strtod gives
 * (Clinger's fast path). Returns false when the text is anything else
 * (more digits, larger exponents, NaN, Infinity, spaces, hex ...): the caller
 * falls back to strtod, which also decides whether the text is a number.
 */
static bool parse_double_exact(const char *p, size_t n, bool f4, double *out)
{
#if FLT_EVAL_METHOD != 0
    return false;   /* excess precision would round twice */
#endif
    static const double pow10[] = {
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
        1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
    };
    static const float pow10f[] = { 1e0f, 1e1f, 1e2f, 1e3f, 1e4f, 1e5f, 1e6f, 1e7f, 1e8f,
                                    1e9f, 1e10f };
    size_t i = 0;
    bool neg = false;
    if (i < n && (p[i] == '-' || p[i] == '+'))
        neg = p[i++] == '-';
    uint64_t w = 0;
    int sig = 0;                 /* digits in w from the first non-zero one */
    long e = 0;
    size_t nd = 0;
    for (; i < n && p[i] >= '0' && p[i] <= '9'; i++, nd++) {
        if (sig >= 19)
            return false;
        w = w * 10 + (unsigned)(p[i] - '0');
        sig += w != 0;
    }
    if (i < n && p[i] == '.')
        for (i++; i < n && p[i] >= '0' && p[i] <= '9'; i++, nd++) {
            if (sig >= 19)
                return false;
            w = w * 10 + (unsigned)(p[i] - '0');
            sig += w != 0;
            e--;
        }
    if (nd == 0)
        return false;
    if (i < n && (p[i] == 'e' || p[i] == 'E')) {
        bool eneg = false;
        long x = 0;
        size_t ne = 0;
        i++;
        if (i < n && (p[i] == '-' || p[i] == '+'))
            eneg = p[i++] == '-';
        for (; i < n && p[i] >= '0' && p[i] <= '9'; i++, ne++)
            if (x < 100000)
                x = x * 10 + (p[i] - '0');
        if (ne == 0)
            return false;
        e += eneg ? -x : x;
    }
    if (i != n)
        return false;
    double v;
    if (w == 0) {
        v = 0.0;
    } else if (f4) {
        if (w > (UINT64_C(1) << 24) || e < -10 || e > 10)
            return false;
        float fv = e < 0 ? (float)w / pow10f[-e] : (float)w * pow10f[e];
        v = fv;
    } else {
        if (w > (UINT64_C(1) << 53) || e < -22 || e > 22)
            return false;
        v = e < 0 ? (double)w / pow10[-e] : (double)w * pow10[e];
    }
    *out = neg ? -v : v;
    return true;
}

bool pgw_parse_double(const char *p, size_t n, bool f4, double *out)
{
    if (parse_double_exact(p, n, f4, out))
        return true;
    char small[64];
    char *buf = small;
    bool ok = false;
    if (n == 0 || memchr(p, 'x', n) || memchr(p, 'X', n))
        return false;     /* no hex floats */
    if (n >= sizeof small && !(buf = malloc(n + 1)))
        return false;
    memcpy(buf, p, n);
    buf[n] = '\0';
    char *end = NULL;
    double d = pgw_c_strtod(buf, &end, f4);
    if (end == buf + n) {
        *out = d;
        ok = true;
    }
    if (buf != small)
        free(buf);
    return ok;
}

static uint64_t be(const char *p, int nbytes)
{
    uint64_t v = 0;
    for (int i = 0; i < nbytes; i++)
        v = v << 8 | (unsigned char)p[i];
    return v;
}

static void put_be(uint8_t *o, uint64_t v, int nbytes)
{
    for (int i = nbytes - 1; i >= 0; i--, v >>= 8)
        o[i] = (uint8_t)v;
}

/* Reads exactly `want` digits (or 1..want when want < 0) at *i. */
static bool read_digits(const char *p, size_t n, size_t *i, int want, int64_t *out)
{
    int max = want < 0 ? -want : want, k = 0;
    int64_t v = 0;
    while (*i < n && p[*i] >= '0' && p[*i] <= '9' && k < max) {
        v = v * 10 + (p[*i] - '0');
        (*i)++;
        k++;
    }
    *out = v;
    return want < 0 ? k > 0 : k == want;
}

/* ------------------------------------------------------------ calendar */

int64_t pgw_days_from_civil(int64_t y, unsigned m, unsigned d)
{
    y -= m <= 2;
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    int64_t yoe = y - era * 400;
    int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

void pgw_civil_from_days(int64_t z, int32_t *y, uint8_t *m, uint8_t *d)
{
    z += 719468;
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    int64_t doe = z - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153;
    int64_t dd = doy - (153 * mp + 2) / 5 + 1;
    int64_t mm = mp < 10 ? mp + 3 : mp - 9;
    *y = (int32_t)(yoe + era * 400 + (mm <= 2));
    *m = (uint8_t)mm;
    *d = (uint8_t)dd;
}

#define USEC_PER_DAY INT64_C(86400000000)
#define MAX_ZONE_SECS (18 * 3600)   /* the widest UTC offset either server has */
#define PG_EPOCH_DAYS 10957   /* 2000-01-01 in days since 1970-01-01 */

/* Microseconds since 2000-01-01 to date and time fields. */
static void dt_from_pg_usec(int64_t us, pgw_datetime *dt)
{
    int64_t days = us / USEC_PER_DAY, rem = us % USEC_PER_DAY;
    if (rem < 0) {
        rem += USEC_PER_DAY;
        days--;
    }
    memset(dt, 0, sizeof *dt);
    pgw_civil_from_days(days + PG_EPOCH_DAYS, &dt->year, &dt->month, &dt->day);
    int64_t secs = rem / 1000000;
    dt->hour = (uint8_t)(secs / 3600);
    dt->minute = (uint8_t)(secs / 60 % 60);
    dt->second = (uint8_t)(secs % 60);
    dt->nanos = (uint32_t)(rem % 1000000) * 1000;
}

static int64_t dt_to_pg_usec(const pgw_datetime *dt)
{
    int64_t days = pgw_days_from_civil(dt->year, dt->month, dt->day) - PG_EPOCH_DAYS;
    return days * USEC_PER_DAY +
           ((int64_t)dt->hour * 3600 + dt->minute * 60 + dt->second) * 1000000 +
           dt->nanos / 1000;
}

/* ------------------------------------------------------------ text parsers */

/* "yyyy-mm-dd" (year 1..9 digits) at *i; CrateDB's timestamps put a '+'
 * before years of five digits and more ("+10000-01-01 00:00:00.000"). */
static bool parse_date_at(const char *p, size_t n, size_t *i, pgw_datetime *dt)
{
    int64_t y, m, d;
    if (*i < n && p[*i] == '+')
        (*i)++;
    if (!read_digits(p, n, i, -9, &y) || *i >= n || p[(*i)++] != '-' ||
        !read_digits(p, n, i, 2, &m) || *i >= n || p[(*i)++] != '-' ||
        !read_digits(p, n, i, 2, &d))
        return false;
    if (m < 1 || m > 12 || d < 1 || d > 31)
        return false;
    dt->year = (int32_t)y;
    dt->month = (uint8_t)m;
    dt->day = (uint8_t)d;
    return true;
}

/* "hh:mm:ss[.f]" at *i. */
static bool parse_time_at(const char *p, size_t n, size_t *i, pgw_datetime *dt)
{
    int64_t h, mi, s;
    if (!read_digits(p, n, i, 2, &h) || *i >= n || p[(*i)++] != ':' ||
        !read_digits(p, n, i, 2, &mi) || *i >= n || p[(*i)++] != ':' ||
        !read_digits(p, n, i, 2, &s))
        return false;
    if (h > 24 || mi > 59 || s > 60 || (h == 24 && (mi > 0 || s > 0)))
        return false;
    dt->hour = (uint8_t)h;
    dt->minute = (uint8_t)mi;
    dt->second = (uint8_t)s;
    dt->nanos = 0;
    if (*i < n && p[*i] == '.') {
        uint32_t f = 0;
        int k = 0;
        (*i)++;
        if (*i >= n || p[*i] < '0' || p[*i] > '9')
            return false;
        for (; *i < n && p[*i] >= '0' && p[*i] <= '9'; (*i)++)
            if (k < 9) {
                f = f * 10 + (uint32_t)(p[*i] - '0');
                k++;
            }
        for (; k < 9; k++)
            f *= 10;
        dt->nanos = f;
    }
    /* 24:00:00 is the end of the day, as in PostgreSQL's input; nothing after it */
    return dt->hour < 24 || dt->nanos == 0;
}

/* A leap second (ss = 60) is the first second of the next minute, as
 * PostgreSQL reads it; false when that passes 24:00:00. */
static bool carry_leap_second(pgw_datetime *dt)
{
    if (dt->second < 60)
        return true;
    dt->second = 0;
    if (++dt->minute == 60) {
        dt->minute = 0;
        dt->hour++;
    }
    return dt->hour < 24 || (dt->hour == 24 && dt->minute == 0 && dt->nanos == 0);
}

/* "+hh[:mm[:ss]]" or "-..." at *i: seconds east of UTC. */
static bool parse_zone_at(const char *p, size_t n, size_t *i, int32_t *zone)
{
    if (*i >= n || (p[*i] != '+' && p[*i] != '-'))
        return false;
    int sign = p[(*i)++] == '-' ? -1 : 1;
    int64_t h, m = 0, s = 0;
    if (!read_digits(p, n, i, 2, &h))
        return false;
    if (*i < n && p[*i] == ':') {
        (*i)++;
        if (!read_digits(p, n, i, 2, &m))
            return false;
        if (*i < n && p[*i] == ':') {
            (*i)++;
            if (!read_digits(p, n, i, 2, &s))
                return false;
        }
    }
    *zone = sign * (int32_t)(h * 3600 + m * 60 + s);
    return true;
}

/* The date's day exists in its month (proleptic Gregorian, astronomical
 * year): a server never sends 2021-11-31, and the binary form cannot say
 * it, so the text form must not decode to it either. */
unsigned pgw_days_in_month(int64_t y, unsigned m)
{
    static const uint8_t mdays[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
    bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return m >= 1 && m <= 12 ? mdays[m - 1] + (m == 2 && leap) : 0;
}

static bool day_exists(const pgw_datetime *dt)
{
    return dt->day <= pgw_days_in_month(dt->year, dt->month);
}

/* A trailing " BC" turns the year into astronomical numbering; then the
 * day must exist in that year (leap years count astronomically: 1 BC is
 * year 0, a leap year). */
static bool parse_era_at(const char *p, size_t n, size_t *i, pgw_datetime *dt)
{
    if (*i == n)
        return day_exists(dt);
    if (n - *i == 3 && p[*i] == ' ' && strncasecmp(p + *i + 1, "BC", 2) == 0) {
        dt->year = 1 - dt->year;
        *i = n;
        return day_exists(dt);
    }
    return false;
}

/* The datum is the text the decoder rendered into ctx->out. */
static bool rendered(pgw_decode_ctx *c, pgw_datum *o, bool json)
{
    o->kind = PGW_D_TEXT;
    o->is_json = json;
    o->u.s.ptr = c->out->p ? c->out->p : "";
    o->u.s.len = c->out->len;
    return true;
}

/* ------------------------------------------------------------ decoders: text */

static bool dt_bool(const pgw_type *t, const char *p, size_t n, pgw_decode_ctx *c,
                    pgw_datum *o)
{
    (void)t, (void)c;
    o->kind = PGW_D_BOOL;
    if (n == 1 && (p[0] == 't' || p[0] == 'f')) {
        o->u.b = p[0] == 't';
        return true;
    }
    if (n == 4 && strncasecmp(p, "true", 4) == 0) {
        o->u.b = true;
        return true;
    }
    if (n == 5 && strncasecmp(p, "false", 5) == 0) {
        o->u.b = false;
        return true;
    }
    return false;
}

static bool dt_int(const pgw_type *t, const char *p, size_t n, pgw_decode_ctx *c,
                   pgw_datum *o)
{
    (void)t, (void)c;
    size_t i = 0;
    bool neg = false;
    uint64_t v = 0;
    if (i < n && (p[i] == '-' || p[i] == '+'))
        neg = p[i++] == '-';
    if (i == n)
        return false;
    bool may_overflow = n - i > 18;   /* 18 digits stay below 10^18 */
    for (; i < n; i++) {
        unsigned d = (unsigned)(p[i] - '0');
        if (d > 9)
            return false;
        /* v * 10 + d <= 2^63 (the magnitude of INT64_MIN), without a division */
        if (may_overflow && (v > UINT64_C(922337203685477580) ||
                             (v == UINT64_C(922337203685477580) && d > 8)))
            return false;
        v = v * 10 + d;
    }
    if (!neg && v > INT64_MAX)
        return false;
    o->kind = PGW_D_INT;
    o->u.i = neg ? (int64_t)(0 - v) : (int64_t)v;
    return true;
}

static bool dt_float(const pgw_type *t, const char *p, size_t n, pgw_decode_ctx *c,
                     pgw_datum *o)
{
    (void)c;
    o->kind = PGW_D_FLOAT;
    o->is_float4 = t->oid == 700;
    return pgw_parse_double(p, n, o->is_float4, &o->u.f);
}

/* [-+]digits[.digits][(e|E)[+-]digits]; PostgreSQL's NaN/Infinity as floats. */
static bool dt_numeric(const pgw_type *t, const char *p, size_t n, pgw_decode_ctx *c,
                       pgw_datum *o)
{
    (void)t, (void)c;
    /* p is not NUL-terminated: look at its n bytes only */
    if ((n == 3 && strncmp(p, "NaN", 3) == 0) ||
        (n >= 8 && memcmp(p + n - 8, "Infinity", 8) == 0)) {
        o->kind = PGW_D_FLOAT;
        return pgw_parse_double(p, n, false, &o->u.f);
    }
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
        i++;
        if (i < n && (p[i] == '-' || p[i] == '+'))
            i++;
        size_t ne = 0;
        for (; i < n && p[i] >= '0' && p[i] <= '9'; i++)
            ne++;
        if (ne == 0)
            return false;
    }
    if (i != n)
        return false;
    o->kind = PGW_D_NUMERIC;
    o->u.s.ptr = p;
    o->u.s.len = n;
    return true;
}

static bool dt_date(const pgw_type *t, const char *p, size_t n, pgw_decode_ctx *c,
                    pgw_datum *o)
{
    (void)t, (void)c;
    size_t i = 0;
    memset(&o->u.dt, 0, sizeof o->u.dt);
    o->kind = PGW_D_DATE;
    return parse_date_at(p, n, &i, &o->u.dt) && parse_era_at(p, n, &i, &o->u.dt) && i == n;
}

/* time and timetz: "hh:mm:ss[.f][+hh[:mm[:ss]]]"; no offset = UTC for timetz */
static bool dt_time(const pgw_type *t, const char *p, size_t n, pgw_decode_ctx *c,
                    pgw_datum *o)
{
    (void)c;
    size_t i = 0;
    memset(&o->u.dt, 0, sizeof o->u.dt);
    o->kind = PGW_D_TIME;
    if (!parse_time_at(p, n, &i, &o->u.dt) || !carry_leap_second(&o->u.dt))
        return false;
    if (t->oid == 1266) {
        o->u.dt.has_zone = true;
        if (i < n && !parse_zone_at(p, n, &i, &o->u.dt.zone))
            return false;
    }
    return i == n;
}

/* Shifts a timestamp by -zone seconds (to UTC). In days and seconds, not
 * microseconds: the text's years reach 999,999,999, and microseconds since
 * 2000 stop fitting an int64 at about year 294,000. The fraction stays. */
static void dt_to_utc(pgw_datetime *dt, int32_t zone)
{
    int64_t days = pgw_days_from_civil(dt->year, dt->month, dt->day);
    int64_t secs = (int64_t)dt->hour * 3600 + dt->minute * 60 + dt->second - zone;
    int64_t shift = secs / 86400 - (secs % 86400 < 0);   /* floor */
    secs -= shift * 86400;
    pgw_civil_from_days(days + shift, &dt->year, &dt->month, &dt->day);
    dt->hour = (uint8_t)(secs / 3600);
    dt->minute = (uint8_t)(secs / 60 % 60);
    dt->second = (uint8_t)(secs % 60);
}

/* "yyyy-mm-dd hh:mm:ss[.f][+zz[:mm]][ BC]" (timestamptz: offset to UTC) */
static bool dt_timestamp(const pgw_type *t, const char *p, size_t n, pgw_decode_ctx *c,
                         pgw_datum *o)
{
    (void)c;
    size_t i = 0;
    int32_t zone = 0;
    memset(&o->u.dt, 0, sizeof o->u.dt);
    o->kind = PGW_D_TIMESTAMP;
    if (!parse_date_at(p, n, &i, &o->u.dt) || i >= n || (p[i] != ' ' && p[i] != 'T'))
        return false;
    i++;
    if (!parse_time_at(p, n, &i, &o->u.dt))
        return false;
    if (i < n && (p[i] == '+' || p[i] == '-') && !parse_zone_at(p, n, &i, &zone))
        return false;
    if (!parse_era_at(p, n, &i, &o->u.dt) || i != n)
        return false;
    /* the shift also turns 24:00:00 and a leap second into the next day and
     * minute, as PostgreSQL reads them: a datum holds real clock times only */
    if ((t->oid == 1184 && zone != 0) || o->u.dt.hour == 24 || o->u.dt.second == 60)
        dt_to_utc(&o->u.dt, t->oid == 1184 ? zone : 0);
    return true;
}

/* Interval units in CrateDB's and PostgreSQL's text, in months or days. */
static const struct {
    const char *name;
    int32_t months, days;
} interval_units[] = {
    {"year", 12, 0}, {"years", 12, 0}, {"mon", 1, 0}, {"mons", 1, 0},
    {"month", 1, 0}, {"months", 1, 0}, {"week", 0, 7}, {"weeks", 0, 7},
    {"day", 0, 1}, {"days", 0, 1},
};

/* A minutes or seconds field of an interval's time part: [+-]dd. Its sign is
 * its own when it has one, else `inherited` (the time part's). */
static bool interval_field(const char *p, size_t n, size_t *k, int inherited, int *sign,
                           int64_t *v)
{
    *sign = inherited;
    if (*k < n && (p[*k] == '-' || p[*k] == '+'))
        *sign = p[(*k)++] == '-' ? -1 : 1;
    return read_digits(p, n, k, 2, v);
}

/*
 * The time part "hh:mm:ss[.f]" at *i, after its leading sign `sign`, added
 * to *micros. PostgreSQL signs the part as a whole ("-01:30:00" is minus an
 * hour and a half); CrateDB (Joda's period printer) signs each field on its
 * own ("-01:-30:00", "00:00:-01.500", "-8 days -01:-30:-00.250"). A field
 * without a sign takes the leading one, which reads both: PostgreSQL never
 * signs inner fields, and CrateDB's normalised periods never mix signs, so
 * an unsigned field there is zero or has the sign of the fields before it.
 * Hours beyond the int64 of microseconds set c->out_of_range.
 */
static bool interval_time(const char *p, size_t n, size_t *i, int sign, int64_t *micros,
                          pgw_decode_ctx *c)
{
    int64_t h, mi, sec;
    int smi, ssec;
    uint32_t nanos = 0;
    size_t k = *i;
    if (!read_digits(p, n, &k, -10, &h) || k >= n || p[k++] != ':' ||
        !interval_field(p, n, &k, sign, &smi, &mi) || k >= n || p[k++] != ':' ||
        !interval_field(p, n, &k, sign, &ssec, &sec))
        return false;
    if (k < n && p[k] == '.') {
        int nf = 0;
        for (k++; k < n && p[k] >= '0' && p[k] <= '9'; k++, nf++)
            if (nf < 9)
                nanos = nanos * 10 + (uint32_t)(p[k] - '0');
        if (nf == 0)
            return false;
        for (; nf < 9; nf++)
            nanos *= 10;
    }
    /* the whole must fit the int64 of microseconds both servers keep */
    int64_t sec_us = sec * 1000000 + nanos / 1000, min_us = mi * 60000000;
    if (h > (INT64_MAX - min_us - sec_us) / 3600000000) {
        c->out_of_range = "22015";
        return false;
    }
    *micros = sign * h * 3600000000 + smi * min_us + ssec * sec_us;
    *i = k;
    return true;
}

/* "[N unit ]...[[-+]hh:mm:ss[.f]]", e.g. "1 year 2 mons 3 weeks 4 days 04:05:06.5",
 * "-1 days +02:00:00", "-00:00:01", CrateDB's "-1 days -01:-30:00". */
static bool dt_interval(const pgw_type *t, const char *p, size_t n, pgw_decode_ctx *c,
                        pgw_datum *o)
{
    (void)t;
    int64_t months = 0, days = 0, micros = 0;
    size_t i = 0;
    bool any = false, have_time = false;
    while (i < n) {
        while (i < n && p[i] == ' ')
            i++;
        if (i == n)
            break;
        int sign = 1;
        if (p[i] == '-' || p[i] == '+')
            sign = p[i++] == '-' ? -1 : 1;
        size_t j = i;
        while (j < n && p[j] >= '0' && p[j] <= '9')
            j++;
        if (j == i)
            return false;
        if (j < n && p[j] == ':') {            /* the time part, once */
            if (have_time || !interval_time(p, n, &i, sign, &micros, c))
                return false;
            have_time = any = true;
            continue;
        }
        int64_t v;
        size_t k = i;
        if (!read_digits(p, n, &k, -10, &v) || k >= n || p[k] != ' ')
            return false;
        k++;
        size_t u = k;
        while (k < n && p[k] != ' ')
            k++;
        size_t ul = k - u;
        bool found = false;
        for (size_t x = 0; x < sizeof interval_units / sizeof interval_units[0]; x++)
            if (strlen(interval_units[x].name) == ul &&
                strncmp(interval_units[x].name, p + u, ul) == 0) {
                months += sign * v * interval_units[x].months;
                days += sign * v * interval_units[x].days;
                found = true;
                break;
            }
        if (!found)
            return false;
        /* months and days are int32 on both servers; CrateDB's periods hold
         * more ("999999999 years"), which no datum holds */
        if (months < INT32_MIN || months > INT32_MAX || days < INT32_MIN || days > INT32_MAX) {
            c->out_of_range = "22015";
            return false;
        }
        i = k;
        any = true;
    }
    if (!any)
        return false;
    o->kind = PGW_D_INTERVAL;
    o->u.iv.months = (int32_t)months;
    o->u.iv.days = (int32_t)days;
    o->u.iv.micros = micros;
    return true;
}

static int hexval(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* 8-4-4-4-12 hex digits (any case). */
static bool dt_uuid(const pgw_type *t, const char *p, size_t n, pgw_decode_ctx *c,
                    pgw_datum *o)
{
    (void)t, (void)c;
    int nb = 0;
    if (n != 36)
        return false;
    for (size_t i = 0; i < n;) {
        if (i == 8 || i == 13 || i == 18 || i == 23) {
            if (p[i++] != '-')
                return false;
            continue;
        }
        int hi = hexval(p[i]), lo = hexval(p[i + 1]);
        if (hi < 0 || lo < 0)
            return false;
        o->u.uuid[nb++] = (uint8_t)(hi << 4 | lo);
        i += 2;
    }
    o->kind = PGW_D_UUID;
    return true;
}

/* Text as it is (varchar, json, name, unknown, regclass, oidvector ...). */
static bool dt_raw(const pgw_type *t, const char *p, size_t n, pgw_decode_ctx *c,
                   pgw_datum *o)
{
    (void)c;
    o->kind = PGW_D_TEXT;
    o->is_json = t->oid == 114 || t->oid == 3802;
    o->u.s.ptr = p;
    o->u.s.len = n;
    return true;
}

/* bit / varbit: only '0' and '1'. */
static bool dt_bits(const pgw_type *t, const char *p, size_t n, pgw_decode_ctx *c,
                    pgw_datum *o)
{
    for (size_t i = 0; i < n; i++)
        if (p[i] != '0' && p[i] != '1')
            return false;
    return dt_raw(t, p, n, c, o);
}

/* "char" (OID 18): PostgreSQL's one-character type, but CrateDB up to 6.4
 * sends its `byte` (a signed 8-bit integer) under this OID, as decimal text
 * ("-7") or one signed byte. */
static bool dt_char(const pgw_type *t, const char *p, size_t n, pgw_decode_ctx *c,
                    pgw_datum *o)
{
    if (!c->cratedb)
        return dt_raw(t, p, n, c, o);
    return dt_int(t, p, n, c, o) && o->u.i >= INT8_MIN && o->u.i <= INT8_MAX;
}

static bool db_char(const pgw_type *t, const char *p, size_t n, pgw_decode_ctx *c,
                    pgw_datum *o)
{
    if (!c->cratedb)
        return dt_raw(t, p, n, c, o);
    if (n != 1)
        return false;
    o->kind = PGW_D_INT;
    o->u.i = (int8_t)p[0];
    return true;
}

/* bytea: PostgreSQL's hex form "\x0a0b". */
static bool dt_bytea(const pgw_type *t, const char *p, size_t n, pgw_decode_ctx *c,
                     pgw_datum *o)
{
    (void)t;
    if (n < 2 || p[0] != '\\' || p[1] != 'x' || (n - 2) % 2)
        return false;
    for (size_t i = 2; i < n; i += 2) {
        int hi = hexval(p[i]), lo = hexval(p[i + 1]);
        if (hi < 0 || lo < 0)
            return false;
        char b = (char)(hi << 4 | lo);
        if (!pgw_scratch_put(c->out, &b, 1))
            return false;
    }
    o->kind = PGW_D_BYTES;
    o->u.s.ptr = c->out->p ? c->out->p : "";
    o->u.s.len = c->out->len;
    return true;
}

/* The shortest "%g" text that reads back to the same value. */
static size_t format_double(double d, bool f4, char *buf, size_t cap)
{
    if (isnan(d))
        return (size_t)snprintf(buf, cap, "NaN");
    if (isinf(d))
        return (size_t)snprintf(buf, cap, d < 0 ? "-Infinity" : "Infinity");
    int n = 0;
    for (int prec = 1; prec <= 17; prec++) {
        n = pgw_c_format_double(buf, cap, prec, d);
        double back;
        if (n > 0 && (size_t)n < cap && pgw_parse_double(buf, (size_t)n, f4, &back) &&
            (f4 ? (float)back == (float)d : back == d))
            break;
    }
    return n > 0 ? (size_t)n : 0;
}

/* Renders a point: WKT "POINT(x y)" or PostgreSQL's "(x,y)". */
static bool render_point(double x, double y, pgw_decode_ctx *c, pgw_datum *o)
{
    char a[32], b[32];
    size_t na = format_double(x, false, a, sizeof a), nb = format_double(y, false, b, sizeof b);
    bool ok = put_str(c->out, c->point_as_pg ? "(" : "POINT(") &&
              pgw_scratch_put(c->out, a, na) && put_ch(c->out, c->point_as_pg ? ',' : ' ') &&
              pgw_scratch_put(c->out, b, nb) && put_ch(c->out, ')');
    return ok && rendered(c, o, false);
}

/* "(x,y)" */
static bool dt_point(const pgw_type *t, const char *p, size_t n, pgw_decode_ctx *c,
                     pgw_datum *o)
{
    (void)t;
    double x, y;
    if (n < 5 || p[0] != '(' || p[n - 1] != ')')
        return false;
    const char *comma = memchr(p, ',', n);
    if (!comma || !pgw_parse_double(p + 1, (size_t)(comma - p - 1), false, &x) ||
        !pgw_parse_double(comma + 1, (size_t)(p + n - 1 - comma - 1), false, &y))
        return false;
    return render_point(x, y, c, o);
}

/* ------------------------------------------------------------ decoders: binary */

static bool db_bool(const pgw_type *t, const char *p, size_t n, pgw_decode_ctx *c,
                    pgw_datum *o)
{
    (void)t, (void)c;
    if (n != 1 || (unsigned char)p[0] > 1)
        return false;
    o->kind = PGW_D_BOOL;
    o->u.b = p[0] == 1;
    return true;
}

static bool db_int(const pgw_type *t, const char *p, size_t n, pgw_decode_ctx *c,
                   pgw_datum *o)
{
    (void)c;
    if (n != (size_t)t->fixed_width)
        return false;
    uint64_t v = be(p, (int)n);
    o->kind = PGW_D_INT;
    if (n == 2)
        o->u.i = (int16_t)v;
    else if (n == 4)
        o->u.i = t->oid == 26 ? (int64_t)(uint32_t)v : (int32_t)v;
    else
        o->u.i = (int64_t)v;
    return true;
}

static bool db_float(const pgw_type *t, const char *p, size_t n, pgw_decode_ctx *c,
                     pgw_datum *o)
{
    (void)c;
    if (n != (size_t)t->fixed_width)
        return false;
    o->kind = PGW_D_FLOAT;
    if (n == 4) {
        uint32_t u = (uint32_t)be(p, 4);
        float f;
        memcpy(&f, &u, 4);
        o->u.f = f;
        o->is_float4 = true;
    } else {
        uint64_t u = be(p, 8);
        memcpy(&o->u.f, &u, 8);
    }
    return true;
}

/* int16 ndigits, weight, sign, dscale, then base-10000 digits: plain text. */
static bool db_numeric(const pgw_type *t, const char *p, size_t n, pgw_decode_ctx *c,
                       pgw_datum *o)
{
    (void)t;
    if (n < 8)
        return false;
    int nd = (int16_t)be(p, 2), weight = (int16_t)be(p + 2, 2);
    unsigned sign = (unsigned)be(p + 4, 2);
    int dscale = (int16_t)be(p + 6, 2);
    if (nd < 0 || dscale < 0 || n != 8 + 2 * (size_t)nd)
        return false;
    if (sign == 0xC000 || sign == 0xD000 || sign == 0xF000) {   /* NaN, +-Inf (PG) */
        o->kind = PGW_D_FLOAT;
        o->u.f = sign == 0xC000 ? NAN : sign == 0xD000 ? INFINITY : -INFINITY;
        return true;
    }
    if (sign != 0 && sign != 0x4000)
        return false;
    pgw_scratch *s = c->out;
    bool ok = true;
    if (sign == 0x4000 && nd > 0)
        ok = put_ch(s, '-');
    /* integer part: groups weight..0 */
    if (weight < 0 || nd == 0) {
        ok = ok && put_ch(s, '0');
    } else {
        for (int g = 0; g <= weight && ok; g++) {
            unsigned d = g < nd ? (unsigned)be(p + 8 + 2 * g, 2) : 0;
            if (d > 9999)
                return false;
            char b[8];
            int bl = snprintf(b, sizeof b, g == 0 ? "%u" : "%04u", d);
            ok = pgw_scratch_put(s, b, (size_t)bl);
        }
    }
    if (dscale > 0 && ok) {
        ok = put_ch(s, '.');
        int written = 0;
        for (int g = weight + 1; written < dscale && ok; g++) {
            unsigned d = (g >= 0 && g < nd) ? (unsigned)be(p + 8 + 2 * g, 2) : 0;
            if (d > 9999)
                return false;
            char b[8];
            snprintf(b, sizeof b, "%04u", d);
            int take = dscale - written < 4 ? dscale - written : 4;
            ok = pgw_scratch_put(s, b, (size_t)take);
            written += take;
        }
    }
    if (!ok)
        return false;
    o->kind = PGW_D_NUMERIC;
    o->u.s.ptr = s->p;
    o->u.s.len = s->len;
    return true;
}

static bool db_date(const pgw_type *t, const char *p, size_t n, pgw_decode_ctx *c,
                    pgw_datum *o)
{
    (void)t, (void)c;
    if (n == 8) {        /* CrateDB before 6.3.4 sent dates as timestamps */
        dt_from_pg_usec((int64_t)be(p, 8), &o->u.dt);
        o->u.dt.hour = o->u.dt.minute = o->u.dt.second = 0;
        o->u.dt.nanos = 0;
        o->kind = PGW_D_DATE;
        return true;
    }
    if (n != 4)
        return false;
    int32_t days = (int32_t)be(p, 4);
    memset(&o->u.dt, 0, sizeof o->u.dt);
    pgw_civil_from_days((int64_t)days + PG_EPOCH_DAYS, &o->u.dt.year, &o->u.dt.month,
                        &o->u.dt.day);
    o->kind = PGW_D_DATE;
    return true;
}

static bool db_timestamp(const pgw_type *t, const char *p, size_t n, pgw_decode_ctx *c,
                         pgw_datum *o)
{
    (void)t, (void)c;
    if (n != 8)
        return false;
    dt_from_pg_usec((int64_t)be(p, 8), &o->u.dt);
    o->kind = PGW_D_TIMESTAMP;
    return true;
}

/* time: int64 µs; timetz: int64 µs + int32 zone (PostgreSQL: seconds west,
 * CrateDB: seconds east, FACTS §4.4). */
static bool db_time(const pgw_type *t, const char *p, size_t n, pgw_decode_ctx *c,
                    pgw_datum *o)
{
    bool tz = t->oid == 1266;
    if (n != (tz ? 12u : 8u))
        return false;
    int64_t us = (int64_t)be(p, 8);
    if (us < 0 || us > USEC_PER_DAY)
        return false;
    memset(&o->u.dt, 0, sizeof o->u.dt);
    o->u.dt.hour = (uint8_t)(us / 3600000000);
    o->u.dt.minute = (uint8_t)(us / 60000000 % 60);
    o->u.dt.second = (uint8_t)(us / 1000000 % 60);
    o->u.dt.nanos = (uint32_t)(us % 1000000) * 1000;
    if (tz) {
        /* PostgreSQL keeps zones within +-15:59:59, CrateDB (Java's
         * ZoneOffset) within +-18:00; beyond is no zone (and INT32_MIN
         * cannot be negated) */
        int32_t z = (int32_t)be(p + 8, 4);
        if (z < -MAX_ZONE_SECS || z > MAX_ZONE_SECS) {
            c->out_of_range = "22008";
            return false;
        }
        o->u.dt.has_zone = true;
        o->u.dt.zone = c->cratedb ? z : -z;
    }
    o->kind = PGW_D_TIME;
    return true;
}

static bool db_interval(const pgw_type *t, const char *p, size_t n, pgw_decode_ctx *c,
                        pgw_datum *o)
{
    (void)t, (void)c;
    if (n != 16)
        return false;
    o->kind = PGW_D_INTERVAL;
    o->u.iv.micros = (int64_t)be(p, 8);
    o->u.iv.days = (int32_t)be(p + 8, 4);
    o->u.iv.months = (int32_t)be(p + 12, 4);
    return true;
}

static bool db_uuid(const pgw_type *t, const char *p, size_t n, pgw_decode_ctx *c,
                    pgw_datum *o)
{
    (void)t, (void)c;
    if (n != 16)
        return false;
    memcpy(o->u.uuid, p, 16);
    o->kind = PGW_D_UUID;
    return true;
}

static bool db_bytea(const pgw_type *t, const char *p, size_t n, pgw_decode_ctx *c,
                     pgw_datum *o)
{
    (void)t, (void)c;
    o->kind = PGW_D_BYTES;
    o->u.s.ptr = p;
    o->u.s.len = n;
    return true;
}

static bool db_point(const pgw_type *t, const char *p, size_t n, pgw_decode_ctx *c,
                     pgw_datum *o)
{
    (void)t;
    if (n != 16)
        return false;
    uint64_t ux = be(p, 8), uy = be(p + 8, 8);
    double x, y;
    memcpy(&x, &ux, 8);
    memcpy(&y, &uy, 8);
    return render_point(x, y, c, o);
}

/* int32 bit count, then ceil(n/8) bytes, most significant bit first. */
static bool db_bits(const pgw_type *t, const char *p, size_t n, pgw_decode_ctx *c,
                    pgw_datum *o)
{
    (void)t;
    if (n < 4)
        return false;
    int32_t nbits = (int32_t)be(p, 4);
    if (nbits < 0 || n != 4 + ((size_t)nbits + 7) / 8)
        return false;
    for (int32_t b = 0; b < nbits; b++)
        if (!put_ch(c->out, (p[4 + b / 8] >> (7 - b % 8)) & 1 ? '1' : '0'))
            return false;
    return rendered(c, o, false);
}

/* regproc/regclass/regtype in binary: the OID, shown as a number. */
static bool db_oid_text(const pgw_type *t, const char *p, size_t n, pgw_decode_ctx *c,
                        pgw_datum *o)
{
    (void)t;
    if (n != 4)
        return false;
    char b[16];
    int bl = snprintf(b, sizeof b, "%u", (unsigned)be(p, 4));
    if (!pgw_scratch_put(c->out, b, (size_t)bl))
        return false;
    return rendered(c, o, false);
}

/* ------------------------------------------------------------ arrays */

/* Appends s as a JSON string. */
static bool put_json_string(pgw_scratch *out, const char *s, size_t n)
{
    if (!put_ch(out, '"'))
        return false;
    size_t run = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char ch = (unsigned char)s[i];
        if (ch >= 0x20 && ch != '"' && ch != '\\')
            continue;
        if (!pgw_scratch_put(out, s + run, i - run))
            return false;
        char esc[8];
        int el;
        if (ch == '"' || ch == '\\')
            el = snprintf(esc, sizeof esc, "\\%c", ch);
        else if (ch == '\n')
            el = snprintf(esc, sizeof esc, "\\n");
        else if (ch == '\t')
            el = snprintf(esc, sizeof esc, "\\t");
        else if (ch == '\r')
            el = snprintf(esc, sizeof esc, "\\r");
        else
            el = snprintf(esc, sizeof esc, "\\u%04x", ch);
        if (!pgw_scratch_put(out, esc, (size_t)el))
            return false;
        run = i + 1;
    }
    return pgw_scratch_put(out, s + run, n - run) && put_ch(out, '"');
}

/* Appends s as a PostgreSQL array element, quoted when it must be. */
static bool put_pg_element(pgw_scratch *out, const char *s, size_t n)
{
    bool quote = n == 0 || (n == 4 && strncasecmp(s, "NULL", 4) == 0);
    for (size_t i = 0; i < n && !quote; i++)
        quote = strchr("{}\",\\ \t\n\r", s[i]) != NULL;
    if (!quote)
        return pgw_scratch_put(out, s, n);
    if (!put_ch(out, '"'))
        return false;
    for (size_t i = 0; i < n; i++)
        if ((s[i] == '"' || s[i] == '\\') ? !put_ch(out, '\\') || !put_ch(out, s[i])
                                          : !put_ch(out, s[i]))
            return false;
    return put_ch(out, '"');
}

/* Appends one decoded element in the context's array notation. */
static bool put_element(pgw_decode_ctx *c, const pgw_datum *d, pgw_scratch *tmp)
{
    pgw_scratch *out = c->out;
    if (d->kind == PGW_D_NULL)
        return put_str(out, c->arrays_as_pg ? "NULL" : "null");
    if (d->kind == PGW_D_BOOL)
        return put_str(out, c->arrays_as_pg ? (d->u.b ? "t" : "f") : (d->u.b ? "true" : "false"));
    if (d->kind == PGW_D_TEXT && !c->arrays_as_pg && d->is_json)
        return pgw_scratch_put(out, d->u.s.ptr, d->u.s.len);
    tmp->len = 0;
    if (!pgw_datum_format(d, tmp))
        return false;
    if (c->arrays_as_pg)
        return put_pg_element(out, tmp->p, tmp->len);
    bool bare = (d->kind == PGW_D_INT || d->kind == PGW_D_NUMERIC) ||
                (d->kind == PGW_D_FLOAT && isfinite(d->u.f));
    if (bare)
        return pgw_scratch_put(out, tmp->p, tmp->len);
    return put_json_string(out, tmp->p, tmp->len);
}

/*
 * The scratch of the values nested one level below an array or a record:
 * an element or field that is itself an array or a record needs aux, elem
 * and fmt buffers of its own, distinct from its parent's. The array or
 * record decoder owns one for all its elements and frees it before it
 * returns; scalar elements never write into it, so it costs nothing for
 * them.
 */
typedef struct nest_scratch {
    pgw_scratch aux, elem, fmt;
} nest_scratch;

static void nest_free(nest_scratch *k)
{
    pgw_scratch_free(&k->aux);
    pgw_scratch_free(&k->elem);
    pgw_scratch_free(&k->fmt);
}

/* Decodes a value nested in c's value (an element or a field) into *d: the
 * value renders into c->elem, what nests in it uses k. `pg_notation`: arrays
 * and points in PostgreSQL's notation (record fields, as a record's text
 * shows them); else c's notation. False beyond PGW_DECODE_MAX_DEPTH; an
 * out-of-range value passes its SQLSTATE up to c. */
static bool decode_nested(const pgw_type *t, int format, const char *p, int32_t len,
                          pgw_decode_ctx *c, nest_scratch *k, bool pg_notation, pgw_datum *d)
{
    if (c->depth >= PGW_DECODE_MAX_DEPTH)
        return false;
    pgw_decode_ctx sub = {
        .out = c->elem, .aux = &k->aux, .elem = &k->elem, .fmt = &k->fmt,
        .cratedb = c->cratedb,
        .arrays_as_pg = pg_notation || c->arrays_as_pg,
        .point_as_pg = pg_notation || c->point_as_pg,
        .depth = c->depth + 1,
    };
    if (pgw_value_decode(t, format, p, len, &sub, d))
        return true;
    c->out_of_range = sub.out_of_range;
    return false;
}

/* Decodes one element's bytes with the element type and appends it. The
 * element decoder writes into ctx->elem, its formatted text goes to ctx->fmt.
 * An element whose type is an array (a binary array's element OID comes from
 * the data) is already rendered in the array notation: it goes in as it is,
 * one level deeper. */
static bool add_element(const pgw_type *et, int format, const char *p, int32_t len,
                        pgw_decode_ctx *c, nest_scratch *k)
{
    pgw_datum d;
    if (!decode_nested(et, format, p, len, c, k, false, &d))
        return false;
    if (et->elem_oid != 0 && d.kind == PGW_D_TEXT)
        return pgw_scratch_put(c->out, d.u.s.ptr, d.u.s.len);
    /* formatted text goes to ctx->fmt, distinct from elem (which d may use) */
    return put_element(c, &d, c->fmt);
}

/*
 * CrateDB's quoted array elements are not escaped (FACTS §4.3), so a '"'
 * inside one looks like its end. p[j] follows a '"' of an element at nesting
 * `depth`: true when what follows can only be the rest of the array, i.e.
 * the next element (`,"...` or `,NULL` then `,` or `}`) or the closing
 * braces, which at the outer level end the value. An element may then hold
 * '"', '\', ',', '{' and '}' in any order except a '"' followed by exactly
 * such a continuation (the element a","b reads as the elements a and b):
 * that text is ambiguous, only the binary format (prepared statements)
 * carries it exactly.
 */
static bool unescaped_element_ends(const char *p, size_t n, size_t j, int depth)
{
    if (j >= n)
        return true;              /* malformed: the caller reports it */
    if (p[j] == ',')
        return j + 1 < n && (p[j + 1] == '"' ||
                             (n - j - 1 >= 5 && strncasecmp(p + j + 1, "NULL", 4) == 0 &&
                              (p[j + 5] == ',' || p[j + 5] == '}')));
    size_t k = j;
    while (k < n && p[k] == '}')
        k++;
    int closed = (int)(k - j);
    if (closed == 0)
        return false;
    return closed > depth ? closed == depth + 1 && k == n : k < n && p[k] == ',';
}

/*
 * One level of a text array literal at *i: "{e,e,...}" with nested levels.
 * Elements: NULL, unquoted text, or "quoted". CrateDB quotes every element
 * and does not escape (except in _json arrays): its quoted element ends at a
 * '"' that unescaped_element_ends accepts; PostgreSQL escapes with
 * backslashes.
 */
static bool parse_array_level(const pgw_type *et, const char *p, size_t n, size_t *i,
                              pgw_decode_ctx *c, nest_scratch *k, int depth)
{
    if (depth > 32 || *i >= n || p[*i] != '{')
        return false;
    (*i)++;
    if (!put_ch(c->out, c->arrays_as_pg ? '{' : '['))
        return false;
    bool unescaped = c->cratedb && et->oid != 114;
    bool first = true;
    while (*i < n && p[*i] != '}') {
        if (!first) {
            if (p[*i] != ',')
                return false;
            (*i)++;
        }
        if (!first && !put_ch(c->out, ','))
            return false;
        first = false;
        if (*i < n && p[*i] == '{') {
            if (!parse_array_level(et, p, n, i, c, k, depth + 1))
                return false;
            continue;
        }
        c->aux->len = 0;
        bool is_null = false;
        if (*i < n && p[*i] == '"') {
            (*i)++;
            for (;;) {
                if (*i >= n)
                    return false;
                char ch = p[*i];
                if (ch == '"' && (!unescaped || unescaped_element_ends(p, n, *i + 1, depth))) {
                    (*i)++;
                    break;
                }
                if (ch == '\\' && !unescaped) {
                    if (++(*i) >= n)
                        return false;
                    ch = p[*i];
                }
                if (!put_ch(c->aux, ch))
                    return false;
                (*i)++;
            }
        } else {
            size_t s = *i;
            while (*i < n && p[*i] != ',' && p[*i] != '}')
                (*i)++;
            size_t e = *i;
            while (s < e && p[s] == ' ')
                s++;
            while (e > s && p[e - 1] == ' ')
                e--;
            if (e == s)
                return false;
            is_null = e - s == 4 && strncasecmp(p + s, "NULL", 4) == 0;
            if (!is_null && !pgw_scratch_put(c->aux, p + s, e - s))
                return false;
        }
        if (!add_element(et, 0, is_null ? NULL : (c->aux->p ? c->aux->p : ""),
                         is_null ? -1 : (int32_t)c->aux->len, c, k))
            return false;
    }
    if (*i >= n)
        return false;
    (*i)++;
    return put_ch(c->out, c->arrays_as_pg ? '}' : ']');
}

static bool dt_array(const pgw_type *t, const char *p, size_t n, pgw_decode_ctx *c,
                     pgw_datum *o)
{
    const pgw_type *et = pgw_type_lookup(t->elem_oid);
    size_t i = 0;
    if (n > 0 && p[0] == '[') {           /* "[0:1]={...}": bounds dropped */
        const char *eq = memchr(p, '=', n);
        if (!eq)
            return false;
        i = (size_t)(eq - p) + 1;
    }
    nest_scratch k = {0};
    bool ok = parse_array_level(et, p, n, &i, c, &k, 0) && i == n;
    nest_free(&k);
    return ok && rendered(c, o, !c->arrays_as_pg);
}

/* Emits dimension `dim` of a binary array starting at element *k. */
static bool binary_array_level(const pgw_type *et, const int32_t *dims, int ndim, int dim,
                               const char *p, size_t n, size_t *pos, pgw_decode_ctx *c,
                               nest_scratch *k)
{
    if (!put_ch(c->out, c->arrays_as_pg ? '{' : '['))
        return false;
    for (int32_t e = 0; e < dims[dim]; e++) {
        if (e > 0 && !put_ch(c->out, ','))
            return false;
        if (dim + 1 < ndim) {
            if (!binary_array_level(et, dims, ndim, dim + 1, p, n, pos, c, k))
                return false;
            continue;
        }
        if (*pos + 4 > n)
            return false;
        int32_t len = (int32_t)be(p + *pos, 4);
        *pos += 4;
        if (len >= 0 && *pos + (size_t)len > n)
            return false;
        if (!add_element(et, 1, len < 0 ? NULL : p + *pos, len, c, k))
            return false;
        if (len > 0)
            *pos += (size_t)len;
    }
    return put_ch(c->out, c->arrays_as_pg ? '}' : ']');
}

/* int32 ndim, flags, element OID, (size, lower bound) per dimension, then
 * the elements. CrateDB's lower bound repeats the size: ignored. */
static bool db_array(const pgw_type *t, const char *p, size_t n, pgw_decode_ctx *c,
                     pgw_datum *o)
{
    if (n < 12)
        return false;
    int32_t ndim = (int32_t)be(p, 4);
    uint32_t eoid = (uint32_t)be(p + 8, 4);
    int32_t dims[8];
    if (ndim < 0 || ndim > 8 || n < 12 + 8 * (size_t)ndim)
        return false;
    size_t pos = 12;
    int64_t total = ndim > 0 ? 1 : 0;
    for (int d = 0; d < ndim; d++, pos += 8) {
        dims[d] = (int32_t)be(p + pos, 4);
        if (dims[d] < 0)
            return false;
        total *= dims[d];
        if (total > (int64_t)n)
            return false;
    }
    /* the element OID is the data's: any type, an array or a record too */
    const pgw_type *et = pgw_type_lookup(eoid ? eoid : t->elem_oid);
    bool ok;
    if (ndim == 0 || total == 0) {
        ok = put_str(c->out, c->arrays_as_pg ? "{}" : "[]");
    } else {
        nest_scratch k = {0};
        ok = binary_array_level(et, dims, ndim, 0, p, n, &pos, c, &k) && pos == n;
        nest_free(&k);
    }
    return ok && rendered(c, o, !c->arrays_as_pg);
}

/* oidvector in binary: an int4 array, shown as "23 25" like its text. */
static bool db_oidvector(const pgw_type *t, const char *p, size_t n, pgw_decode_ctx *c,
                         pgw_datum *o)
{
    (void)t;
    if (n < 12)
        return false;
    int32_t ndim = (int32_t)be(p, 4);
    size_t pos = 12;
    int32_t count = 0;
    if (ndim == 1) {
        if (n < 20)
            return false;
        count = (int32_t)be(p + 12, 4);
        pos = 20;
    } else if (ndim != 0) {
        return false;
    }
    for (int32_t k = 0; k < count; k++) {
        if (pos + 8 > n || be(p + pos, 4) != 4)
            return false;
        char b[16];
        int bl = snprintf(b, sizeof b, "%s%u", k ? " " : "", (unsigned)be(p + pos + 4, 4));
        if (!pgw_scratch_put(c->out, b, (size_t)bl))
            return false;
        pos += 8;
    }
    if (pos != n || !pgw_scratch_put(c->out, "", 0))
        return false;
    return rendered(c, o, false);
}

/* record in binary: int32 nfields, then (OID, length, bytes) per field;
 * rendered like its text form "(1,abc)". */
static bool db_record(const pgw_type *t, const char *p, size_t n, pgw_decode_ctx *c,
                      pgw_datum *o)
{
    (void)t;
    if (n < 4)
        return false;
    int32_t nf = (int32_t)be(p, 4);
    size_t pos = 4;
    if (nf < 0 || !put_ch(c->out, '('))
        return false;
    pgw_scratch *fmt = c->fmt;
    nest_scratch k = {0};
    bool ok = true;
    for (int32_t f = 0; f < nf && ok; f++) {
        ok = pos + 8 <= n && (f == 0 || put_ch(c->out, ','));
        if (!ok)
            break;
        const pgw_type *ft = pgw_type_lookup((uint32_t)be(p + pos, 4));
        int32_t len = (int32_t)be(p + pos + 4, 4);
        pos += 8;
        if (len < 0)
            continue;
        ok = pos + (size_t)len <= n;
        pgw_datum d;
        ok = ok && decode_nested(ft, 1, p + pos, len, c, &k, true, &d);
        fmt->len = 0;
        ok = ok && pgw_datum_format(&d, fmt);
        if (!ok)
            break;
        bool quote = fmt->len == 0;
        for (size_t k = 0; k < fmt->len && !quote; k++)
            quote = strchr("\"\\(), \t", fmt->p[k]) != NULL;
        if (!quote) {
            ok = pgw_scratch_put(c->out, fmt->p, fmt->len);
        } else {
            ok = put_ch(c->out, '"');
            for (size_t k = 0; k < fmt->len && ok; k++)
                ok = ((fmt->p[k] == '"' || fmt->p[k] == '\\') ? put_ch(c->out, fmt->p[k]) : true) &&
                     put_ch(c->out, fmt->p[k]);
            ok = ok && put_ch(c->out, '"');
        }
        pos += (size_t)len;
    }
    nest_free(&k);
    if (!ok || pos != n || !put_ch(c->out, ')'))
        return false;
    return rendered(c, o, false);
}

/* ------------------------------------------------------------ encoders */

static size_t enc_bool(const pgw_datum *d, uint8_t o[16])
{
    if (d->kind != PGW_D_BOOL)
        return 0;
    o[0] = d->u.b ? 1 : 0;
    return 1;
}

#define ENC_INT(name, bytes, lo, hi)                                   \
    static size_t name(const pgw_datum *d, uint8_t o[16])              \
    {                                                                  \
        if (d->kind != PGW_D_INT || d->u.i < (lo) || d->u.i > (hi))     \
            return 0;                                                  \
        put_be(o, (uint64_t)d->u.i, bytes);                            \
        return bytes;                                                  \
    }
ENC_INT(enc_int2, 2, INT16_MIN, INT16_MAX)
ENC_INT(enc_int4, 4, INT32_MIN, INT32_MAX)
ENC_INT(enc_int8, 8, INT64_MIN, INT64_MAX)

static size_t enc_float4(const pgw_datum *d, uint8_t o[16])
{
    if (d->kind != PGW_D_FLOAT)
        return 0;
    float f = (float)d->u.f;
    uint32_t u;
    memcpy(&u, &f, 4);
    put_be(o, u, 4);
    return 4;
}

static size_t enc_float8(const pgw_datum *d, uint8_t o[16])
{
    if (d->kind != PGW_D_FLOAT)
        return 0;
    uint64_t u;
    memcpy(&u, &d->u.f, 8);
    put_be(o, u, 8);
    return 8;
}

/* Days since 2000-01-01 of a datum's date; false when the binary forms
 * cannot hold it (an int32 of days, an int64 of microseconds for a
 * timestamp: about 292,000 years either side). */
static bool enc_days(const pgw_datum *d, bool timestamp, int64_t *days)
{
    *days = pgw_days_from_civil(d->u.dt.year, d->u.dt.month, d->u.dt.day) - PG_EPOCH_DAYS;
    int64_t max = timestamp ? INT64_MAX / USEC_PER_DAY - 1 : INT32_MAX;
    return *days >= -max && *days <= max;
}

static size_t enc_date(const pgw_datum *d, uint8_t o[16])
{
    int64_t days;
    if (d->kind != PGW_D_DATE || !enc_days(d, false, &days))
        return 0;
    put_be(o, (uint64_t)days, 4);
    return 4;
}

static size_t enc_timestamp(const pgw_datum *d, uint8_t o[16])
{
    int64_t days;
    if (d->kind != PGW_D_TIMESTAMP || !enc_days(d, true, &days))
        return 0;
    put_be(o, (uint64_t)dt_to_pg_usec(&d->u.dt), 8);
    return 8;
}

static size_t enc_uuid(const pgw_datum *d, uint8_t o[16])
{
    if (d->kind != PGW_D_UUID)
        return 0;
    memcpy(o, d->u.uuid, 16);
    return 16;
}

static size_t enc_interval(const pgw_datum *d, uint8_t o[16])
{
    if (d->kind != PGW_D_INTERVAL)
        return 0;
    put_be(o, (uint64_t)d->u.iv.micros, 8);
    put_be(o + 8, (uint32_t)d->u.iv.days, 4);
    put_be(o + 12, (uint32_t)d->u.iv.months, 4);
    return 16;
}

/* ------------------------------------------------------------ the table */

#define RAW(oid, pg, crate) { oid, pg, crate, -1, 0, dt_raw, db_bytea_text, NULL, false }
#define ARR(oid, pg, crate, elem, bin) { oid, pg, crate, -1, elem, dt_array, db_array, NULL, bin }

/* Binary text types (varchar, json, name, unknown ...): the same bytes. */
static bool db_bytea_text(const pgw_type *t, const char *p, size_t n, pgw_decode_ctx *c,
                          pgw_datum *o)
{
    return dt_raw(t, p, n, c, o);
}

/* Sorted by OID. binary_result: integers, floats, bool, dates, timestamps,
 * uuid, numeric and arrays of text/numbers: exact in binary and cheaper to
 * decode; text for the rest (their text form is what the user sees anyway,
 * and regclass/timetz differ between the servers in binary). */
static const pgw_type type_table[] = {
    { 16, "bool", "boolean", 1, 0, dt_bool, db_bool, enc_bool, true },
    { 17, "bytea", "bytea", -1, 0, dt_bytea, db_bytea, NULL, true },
    { 18, "char", "byte", -1, 0, dt_char, db_char, NULL, false },
    RAW(19, "name", "text"),
    { 20, "int8", "bigint", 8, 0, dt_int, db_int, enc_int8, true },
    { 21, "int2", "smallint", 2, 0, dt_int, db_int, enc_int2, true },
    { 23, "int4", "integer", 4, 0, dt_int, db_int, enc_int4, true },
    { 24, "regproc", "regproc", 4, 0, dt_raw, db_oid_text, NULL, false },
    RAW(25, "text", "text"),
    { 26, "oid", "integer", 4, 0, dt_int, db_int, NULL, true },
    { 30, "oidvector", "oidvector", -1, 0, dt_raw, db_oidvector, NULL, false },
    RAW(114, "json", "object"),
    ARR(199, "_json", "array(object)", 114, false),
    { 600, "point", "geo_point", 16, 0, dt_point, db_point, NULL, true },
    { 700, "float4", "real", 4, 0, dt_float, db_float, enc_float4, true },
    { 701, "float8", "double precision", 8, 0, dt_float, db_float, enc_float8, true },
    RAW(705, "unknown", "undefined"),
    ARR(1000, "_bool", "array(boolean)", 16, true),
    ARR(1002, "_char", "array(byte)", 18, false),
    ARR(1005, "_int2", "array(smallint)", 21, true),
    ARR(1007, "_int4", "array(integer)", 23, true),
    ARR(1008, "_regproc", "array(regproc)", 24, false),
    ARR(1009, "_text", "array(text)", 25, true),
    ARR(1014, "_bpchar", "array(character)", 1042, true),
    ARR(1015, "_varchar", "array(text)", 1043, true),
    ARR(1016, "_int8", "array(bigint)", 20, true),
    ARR(1017, "_point", "array(geo_point)", 600, true),
    ARR(1021, "_float4", "array(real)", 700, true),
    ARR(1022, "_float8", "array(double precision)", 701, true),
    RAW(1042, "bpchar", "character"),
    RAW(1043, "varchar", "text"),
    { 1082, "date", "date", 4, 0, dt_date, db_date, enc_date, true },
    { 1083, "time", "time", 8, 0, dt_time, db_time, NULL, true },
    { 1114, "timestamp", "timestamp without time zone", 8, 0, dt_timestamp, db_timestamp,
      enc_timestamp, true },
    ARR(1115, "_timestamp", "array(timestamp without time zone)", 1114, true),
    ARR(1182, "_date", "array(date)", 1082, true),
    { 1184, "timestamptz", "timestamp with time zone", 8, 0, dt_timestamp, db_timestamp,
      enc_timestamp, true },
    ARR(1185, "_timestamptz", "array(timestamp with time zone)", 1184, true),
    { 1186, "interval", "interval", 16, 0, dt_interval, db_interval, enc_interval, false },
    ARR(1187, "_interval", "array(interval)", 1186, false),
    ARR(1231, "_numeric", "array(numeric)", 1700, true),
    { 1266, "timetz", "time with time zone", 12, 0, dt_time, db_time, NULL, false },
    ARR(1270, "_timetz", "array(time with time zone)", 1266, false),
    { 1560, "bit", "bit", -1, 0, dt_bits, db_bits, NULL, false },
    ARR(1561, "_bit", "array(bit)", 1560, false),
    { 1562, "varbit", "bit", -1, 0, dt_bits, db_bits, NULL, false },
    { 1700, "numeric", "numeric", -1, 0, dt_numeric, db_numeric, NULL, true },
    { 2205, "regclass", "regclass", 4, 0, dt_raw, db_oid_text, NULL, false },
    { 2206, "regtype", "regtype", 4, 0, dt_raw, db_oid_text, NULL, false },
    ARR(2210, "_regclass", "array(regclass)", 2205, false),
    ARR(2211, "_regtype", "array(regtype)", 2206, false),
    /* never binary: CrateDB 6.4.3 counts no bytes for a NULL field's length in a
     * binary record, so the DataRow's length is short and the stream breaks */
    { 2249, "record", "record", -1, 0, dt_raw, db_record, NULL, false },
    ARR(2287, "_record", "array(record)", 2249, false),
    { 2950, "uuid", "uuid", 16, 0, dt_uuid, db_uuid, enc_uuid, true },
    ARR(2951, "_uuid", "array(uuid)", 2950, true),
    RAW(3802, "jsonb", "object"),
};

static const pgw_type type_fallback = RAW(0, "unknown", "undefined");

void pgw_oid_index_build(pgw_oid_index *ix, const void *rows, size_t n, size_t stride)
{
    memset(ix, 0, sizeof *ix);
    for (size_t k = 0; k < n && k < UINT8_MAX; k++) {
        uint32_t oid;
        memcpy(&oid, (const char *)rows + k * stride, sizeof oid);
        if (oid < PGW_OID_SLOTS)
            ix->slot[oid] = (uint8_t)(k + 1);
    }
}

/* One lookup per decoded column: built once, on the first lookup. */
static pgw_oid_index oid_index;
static pthread_once_t oid_index_once = PTHREAD_ONCE_INIT;

static void oid_index_build(void)
{
    _Static_assert(offsetof(pgw_type, oid) == 0, "the index reads the OID at a row's start");
    _Static_assert(sizeof type_table / sizeof type_table[0] < UINT8_MAX,
                   "the index holds positions in a uint8_t");
    pgw_oid_index_build(&oid_index, type_table, sizeof type_table / sizeof type_table[0],
                        sizeof type_table[0]);
}

const pgw_type *pgw_type_lookup(uint32_t oid)
{
    pthread_once(&oid_index_once, oid_index_build);
    int k = pgw_oid_index_find(&oid_index, oid);
    return k >= 0 ? &type_table[k] : &type_fallback;
}

const pgw_type *pgw_type_table(size_t *n)
{
    *n = sizeof type_table / sizeof type_table[0];
    return type_table;
}

bool pgw_value_decode(const pgw_type *t, int format, const char *p, int32_t len,
                pgw_decode_ctx *ctx, pgw_datum *out)
{
    memset(out, 0, sizeof *out);
    ctx->out->len = 0;
    ctx->out_of_range = NULL;
    if (len < 0 || !p) {
        out->kind = PGW_D_NULL;
        return true;
    }
    if (format != 0 && format != 1)
        return false;    /* the protocol knows no other format */
    pgw_decode_fn f = format == 1 ? t->decode_binary : t->decode_text;
    return f(t, p, (size_t)len, ctx, out);
}

/* ------------------------------------------------------------ formatting */

/* The exponent after the 'E' at p[0..n): [+-]digits, saturated beyond
 * +-100000. Reads p's n bytes only: values are not NUL-terminated. */
static long numeric_exponent(const char *p, size_t n)
{
    size_t i = 0;
    bool neg = false;
    if (i < n && (p[i] == '-' || p[i] == '+'))
        neg = p[i++] == '-';
    long x = 0;
    for (; i < n && p[i] >= '0' && p[i] <= '9'; i++)
        if (x < 100000)
            x = x * 10 + (p[i] - '0');
    return neg ? -x : x;
}

/* Appends a numeric's text in plain notation (exponent expanded when it is
 * at most 1000; beyond that the exponent form is kept). */
static bool format_numeric(const char *p, size_t n, pgw_scratch *s)
{
    if (n == 0)
        return pgw_scratch_put(s, "", 0);
    const char *e = memchr(p, 'E', n);
    if (!e)
        e = memchr(p, 'e', n);
    if (!e)
        return pgw_scratch_put(s, p[0] == '+' ? p + 1 : p, p[0] == '+' ? n - 1 : n);
    long exp = numeric_exponent(e + 1, (size_t)(p + n - e - 1));
    if (exp > 1000 || exp < -1000)
        return pgw_scratch_put(s, p, n);
    /* collect sign, digits and the position of the point */
    size_t i = 0;
    bool neg = false;
    if (p[i] == '-' || p[i] == '+')
        neg = p[i++] == '-';
    char dig[128];
    size_t nd = 0;
    long intdigits = -1;
    for (; p + i < e; i++) {
        if (p[i] == '.') {
            intdigits = (long)nd;
            continue;
        }
        if (nd >= sizeof dig)
            return pgw_scratch_put(s, p, n);
        dig[nd++] = p[i];
    }
    if (intdigits < 0)
        intdigits = (long)nd;
    long point = intdigits + exp;   /* digits before the point */
    bool ok = !neg || put_ch(s, '-');
    if (point <= 0) {
        ok = ok && put_str(s, "0.");
        for (long k = 0; k < -point && ok; k++)
            ok = put_ch(s, '0');
        ok = ok && pgw_scratch_put(s, dig, nd);
    } else {
        for (long k = 0; k < point && ok; k++)
            ok = put_ch(s, k < (long)nd ? dig[k] : '0');
        if (point < (long)nd && ok)
            ok = put_ch(s, '.') && pgw_scratch_put(s, dig + point, nd - (size_t)point);
    }
    return ok;
}

static bool format_fraction(uint32_t nanos, pgw_scratch *s)
{
    if (nanos == 0)
        return true;
    char b[16];
    int n = snprintf(b, sizeof b, ".%09u", (unsigned)nanos);
    while (n > 1 && b[n - 1] == '0')
        n--;
    return pgw_scratch_put(s, b, (size_t)n);
}

static bool format_date(const pgw_datetime *dt, pgw_scratch *s)
{
    char b[32];
    int32_t y = dt->year > 0 ? dt->year : 1 - dt->year;
    int n = snprintf(b, sizeof b, "%04d-%02u-%02u", (int)y, dt->month, dt->day);
    return pgw_scratch_put(s, b, (size_t)n);
}

static bool format_time(const pgw_datetime *dt, pgw_scratch *s)
{
    char b[32];
    int n = snprintf(b, sizeof b, "%02u:%02u:%02u", dt->hour, dt->minute, dt->second);
    if (!pgw_scratch_put(s, b, (size_t)n) || !format_fraction(dt->nanos, s))
        return false;
    if (dt->has_zone) {
        int32_t z = dt->zone < 0 ? -dt->zone : dt->zone;
        n = snprintf(b, sizeof b, "%c%02d:%02d", dt->zone < 0 ? '-' : '+', (int)(z / 3600),
                     (int)(z / 60 % 60));
        if (z % 60)
            n += snprintf(b + n, sizeof b - (size_t)n, ":%02d", (int)(z % 60));
        return pgw_scratch_put(s, b, (size_t)n);
    }
    return true;
}

static bool format_interval(const pgw_interval *iv, pgw_scratch *s)
{
    char b[96];
    size_t n = 0;
    int32_t y = iv->months / 12, m = iv->months % 12;
    if (y)
        n += (size_t)snprintf(b + n, sizeof b - n, "%d year%s ", (int)y, y == 1 ? "" : "s");
    if (m)
        n += (size_t)snprintf(b + n, sizeof b - n, "%d mon%s ", (int)m, m == 1 ? "" : "s");
    if (iv->days)
        n += (size_t)snprintf(b + n, sizeof b - n, "%d day%s ", (int)iv->days,
                              iv->days == 1 ? "" : "s");
    uint64_t us = iv->micros < 0 ? (uint64_t)0 - (uint64_t)iv->micros : (uint64_t)iv->micros;
    uint64_t secs = us / 1000000;
    n += (size_t)snprintf(b + n, sizeof b - n, "%s%02llu:%02u:%02u", iv->micros < 0 ? "-" : "",
                          (unsigned long long)(secs / 3600), (unsigned)(secs / 60 % 60),
                          (unsigned)(secs % 60));
    return pgw_scratch_put(s, b, n) && format_fraction((uint32_t)(us % 1000000) * 1000, s);
}

bool pgw_datum_format(const pgw_datum *d, pgw_scratch *s)
{
    char b[64];
    int n;
    switch (d->kind) {
    case PGW_D_NULL:
        return pgw_scratch_put(s, "", 0);
    case PGW_D_BOOL:
        return put_str(s, d->u.b ? "1" : "0");
    case PGW_D_INT:
        n = snprintf(b, sizeof b, "%lld", (long long)d->u.i);
        return pgw_scratch_put(s, b, (size_t)n);
    case PGW_D_FLOAT:
        return pgw_scratch_put(s, b, format_double(d->u.f, d->is_float4, b, sizeof b));
    case PGW_D_NUMERIC:
        return format_numeric(d->u.s.ptr, d->u.s.len, s);
    case PGW_D_DATE:
        return format_date(&d->u.dt, s) && (d->u.dt.year > 0 || put_str(s, " BC"));
    case PGW_D_TIME:
        return format_time(&d->u.dt, s);
    case PGW_D_TIMESTAMP:
        return format_date(&d->u.dt, s) && put_ch(s, ' ') && format_time(&d->u.dt, s) &&
               (d->u.dt.year > 0 || put_str(s, " BC"));
    case PGW_D_INTERVAL:
        return format_interval(&d->u.iv, s);
    case PGW_D_UUID: {
        const uint8_t *u = d->u.uuid;
        n = snprintf(b, sizeof b,
                     "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x",
                     u[0], u[1], u[2], u[3], u[4], u[5], u[6], u[7], u[8], u[9], u[10], u[11],
                     u[12], u[13], u[14], u[15]);
        return pgw_scratch_put(s, b, (size_t)n);
    }
    case PGW_D_TEXT:
    case PGW_D_BYTES:
        return pgw_scratch_put(s, d->u.s.ptr, d->u.s.len);
    }
    return false;
}
