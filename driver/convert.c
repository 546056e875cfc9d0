/*
 * convert.c: one decoded result value (a pgw_datum, see protocol/pgw_types.h)
 * to the C type the application asked for (SQLBindCol / SQLGetData). The
 * datum is the same whether the server sent the value in text or in binary,
 * so each C type has one conversion, by the datum's kind: integers go
 * straight to integer C types, timestamps straight to the date structs, and
 * character output is the datum's canonical text (pgw_datum_format). Nothing
 * here allocates on the common paths: canonical text goes into a scratch
 * buffer the statement owns (a numeric text longer than 255 bytes parsed as
 * a double is the one exception).
 *
 * Which conversions exist follows the ODBC conversion matrix, by the
 * source's SQL type (types.c) and the target's C type family; anything
 * outside it is 07006. Per-value outcomes:
 *   NULL without an indicator         22002
 *   character/binary data truncated   01004, *ind = bytes still to come
 *   fractional part dropped           01S07
 *   out of the target's range         22003
 *   text that is not a number/date    22018
 *
 * Piecewise retrieval (SQLGetData): `offset` is an opaque position inside the
 * value that only this file interprets: UTF-8 bytes for SQL_C_CHAR, UTF-16
 * units for SQL_C_WCHAR, output bytes for SQL_C_BINARY. A UTF-8 sequence or
 * a UTF-16 surrogate pair is not split between two calls while the buffer
 * holds at least one whole character (our rule, so each piece is valid text
 * on its own). A buffer too small for even one character (SQL_C_CHAR
 * BufferLength 2 with a 3-byte character next; SQL_C_WCHAR room for one
 * unit with a surrogate pair next) gets as many units as fit, the spec's
 * rule ("as much as fits, NUL-terminated"): every call makes progress, so
 * an application's read loop ends, and the pieces concatenated are the
 * value exactly. (HY090 for such a buffer was the alternative; the spec
 * lists HY090 only for a negative BufferLength, and an error would stop a
 * loop that is right by the spec.) A buffer with room for the NUL only
 * (BufferLength 1, or below one SQLWCHAR + NUL) can return no data at all:
 * 01004 with the remaining length, as for the BufferLength 0 length probe.
 *
 * Dates: BC years use astronomical numbering in the C structs: 1 BC is year
 * 0, 44 BC is year -43. timestamptz values arrive normalised to UTC (CrateDB
 * always works in UTC). Character sources (varchar) are parsed leniently as
 * "yyyy-mm-dd[ hh:mm:ss[.f]][+zz[:mm]][ BC]" with the offset dropped.
 *
 * Intervals go to the SQL_C_INTERVAL_* structs: year/month types from the
 * months, day-time types from days and microseconds; a part the target has
 * no field for gives 01S07 when it is fractional seconds, 22015 otherwise.
 */
#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "stmt_int.h"

/* ------------------------------------------------------------ C type table */

typedef enum cfam {
    F_CHAR = 1 << 0, F_WCHAR = 1 << 1, F_BINARY = 1 << 2, F_INT = 1 << 3,
    F_FLOAT = 1 << 4, F_BIT = 1 << 5, F_DATE = 1 << 6, F_TIME = 1 << 7,
    F_TIMESTAMP = 1 << 8, F_NUMERIC = 1 << 9, F_GUID = 1 << 10, F_INTERVAL = 1 << 11
} cfam;

typedef struct ctype_row {
    SQLSMALLINT c_type;
    cfam fam;
    unsigned size;        /* bytes written for fixed-size types            */
    bool is_signed;
    int64_t min;          /* integer range                                  */
    uint64_t max;
} ctype_row;

/*
 * Indexed by C type code (CT: codes run from SQL_C_UTINYINT, -28, to the
 * interval types, 100+); rows with fam 0 are codes that are no C type.
 */
#define CT_MIN SQL_C_UTINYINT
#define CT_MAX SQL_C_INTERVAL_MINUTE_TO_SECOND
#define CT(c) ((c) - CT_MIN)
static const ctype_row ctypes[CT(CT_MAX) + 1] = {
    [CT(SQL_C_CHAR)] = { SQL_C_CHAR, F_CHAR, 0, false, 0, 0 },
    [CT(SQL_C_WCHAR)] = { SQL_C_WCHAR, F_WCHAR, 0, false, 0, 0 },
    [CT(SQL_C_BINARY)] = { SQL_C_BINARY, F_BINARY, 0, false, 0, 0 },
    [CT(SQL_C_STINYINT)] = { SQL_C_STINYINT, F_INT, 1, true, INT8_MIN, INT8_MAX },
    [CT(SQL_C_TINYINT)] = { SQL_C_TINYINT, F_INT, 1, true, INT8_MIN, INT8_MAX },
    [CT(SQL_C_UTINYINT)] = { SQL_C_UTINYINT, F_INT, 1, false, 0, UINT8_MAX },
    [CT(SQL_C_SSHORT)] = { SQL_C_SSHORT, F_INT, 2, true, INT16_MIN, INT16_MAX },
    [CT(SQL_C_SHORT)] = { SQL_C_SHORT, F_INT, 2, true, INT16_MIN, INT16_MAX },
    [CT(SQL_C_USHORT)] = { SQL_C_USHORT, F_INT, 2, false, 0, UINT16_MAX },
    [CT(SQL_C_SLONG)] = { SQL_C_SLONG, F_INT, 4, true, INT32_MIN, INT32_MAX },
    [CT(SQL_C_LONG)] = { SQL_C_LONG, F_INT, 4, true, INT32_MIN, INT32_MAX },
    [CT(SQL_C_ULONG)] = { SQL_C_ULONG, F_INT, 4, false, 0, UINT32_MAX },
    [CT(SQL_C_SBIGINT)] = { SQL_C_SBIGINT, F_INT, 8, true, INT64_MIN, INT64_MAX },
    [CT(SQL_C_UBIGINT)] = { SQL_C_UBIGINT, F_INT, 8, false, 0, UINT64_MAX },
    [CT(SQL_C_FLOAT)] = { SQL_C_FLOAT, F_FLOAT, sizeof(SQLREAL), false, 0, 0 },
    [CT(SQL_C_DOUBLE)] = { SQL_C_DOUBLE, F_FLOAT, sizeof(SQLDOUBLE), false, 0, 0 },
    [CT(SQL_C_BIT)] = { SQL_C_BIT, F_BIT, 1, false, 0, 0 },
    [CT(SQL_C_TYPE_DATE)] = { SQL_C_TYPE_DATE, F_DATE, sizeof(SQL_DATE_STRUCT), false, 0, 0 },
    [CT(SQL_C_DATE)] = { SQL_C_DATE, F_DATE, sizeof(SQL_DATE_STRUCT), false, 0, 0 },
    [CT(SQL_C_TYPE_TIME)] = { SQL_C_TYPE_TIME, F_TIME, sizeof(SQL_TIME_STRUCT), false, 0, 0 },
    [CT(SQL_C_TIME)] = { SQL_C_TIME, F_TIME, sizeof(SQL_TIME_STRUCT), false, 0, 0 },
    [CT(SQL_C_TYPE_TIMESTAMP)] = { SQL_C_TYPE_TIMESTAMP, F_TIMESTAMP,
      sizeof(SQL_TIMESTAMP_STRUCT), false, 0, 0 },
    [CT(SQL_C_TIMESTAMP)] = { SQL_C_TIMESTAMP, F_TIMESTAMP, sizeof(SQL_TIMESTAMP_STRUCT), false,
      0, 0 },
    [CT(SQL_C_NUMERIC)] = { SQL_C_NUMERIC, F_NUMERIC, sizeof(SQL_NUMERIC_STRUCT), false, 0, 0 },
    [CT(SQL_C_GUID)] = { SQL_C_GUID, F_GUID, sizeof(SQLGUID), false, 0, 0 },
    [CT(SQL_C_INTERVAL_YEAR)] = { SQL_C_INTERVAL_YEAR, F_INTERVAL, sizeof(SQL_INTERVAL_STRUCT),
      false, 0, 0 },
    [CT(SQL_C_INTERVAL_MONTH)] = { SQL_C_INTERVAL_MONTH, F_INTERVAL,
      sizeof(SQL_INTERVAL_STRUCT), false, 0, 0 },
    [CT(SQL_C_INTERVAL_YEAR_TO_MONTH)] = { SQL_C_INTERVAL_YEAR_TO_MONTH, F_INTERVAL,
      sizeof(SQL_INTERVAL_STRUCT), false, 0, 0 },
    [CT(SQL_C_INTERVAL_DAY)] = { SQL_C_INTERVAL_DAY, F_INTERVAL, sizeof(SQL_INTERVAL_STRUCT),
      false, 0, 0 },
    [CT(SQL_C_INTERVAL_HOUR)] = { SQL_C_INTERVAL_HOUR, F_INTERVAL, sizeof(SQL_INTERVAL_STRUCT),
      false, 0, 0 },
    [CT(SQL_C_INTERVAL_MINUTE)] = { SQL_C_INTERVAL_MINUTE, F_INTERVAL,
      sizeof(SQL_INTERVAL_STRUCT), false, 0, 0 },
    [CT(SQL_C_INTERVAL_SECOND)] = { SQL_C_INTERVAL_SECOND, F_INTERVAL,
      sizeof(SQL_INTERVAL_STRUCT), false, 0, 0 },
    [CT(SQL_C_INTERVAL_DAY_TO_HOUR)] = { SQL_C_INTERVAL_DAY_TO_HOUR, F_INTERVAL,
      sizeof(SQL_INTERVAL_STRUCT), false, 0, 0 },
    [CT(SQL_C_INTERVAL_DAY_TO_MINUTE)] = { SQL_C_INTERVAL_DAY_TO_MINUTE, F_INTERVAL,
      sizeof(SQL_INTERVAL_STRUCT), false, 0, 0 },
    [CT(SQL_C_INTERVAL_DAY_TO_SECOND)] = { SQL_C_INTERVAL_DAY_TO_SECOND, F_INTERVAL,
      sizeof(SQL_INTERVAL_STRUCT), false, 0, 0 },
    [CT(SQL_C_INTERVAL_HOUR_TO_MINUTE)] = { SQL_C_INTERVAL_HOUR_TO_MINUTE, F_INTERVAL,
      sizeof(SQL_INTERVAL_STRUCT), false, 0, 0 },
    [CT(SQL_C_INTERVAL_HOUR_TO_SECOND)] = { SQL_C_INTERVAL_HOUR_TO_SECOND, F_INTERVAL,
      sizeof(SQL_INTERVAL_STRUCT), false, 0, 0 },
    [CT(SQL_C_INTERVAL_MINUTE_TO_SECOND)] = { SQL_C_INTERVAL_MINUTE_TO_SECOND, F_INTERVAL,
      sizeof(SQL_INTERVAL_STRUCT), false, 0, 0 },
};

static const ctype_row *ctype_find(SQLSMALLINT c_type)
{
    if (c_type < CT_MIN || c_type > CT_MAX || !ctypes[CT(c_type)].fam)
        return NULL;
    return &ctypes[CT(c_type)];
}

size_t drv_c_type_size(SQLSMALLINT c_type)
{
    const ctype_row *r = ctype_find(c_type);
    return r ? r->size : 0;
}

const char *drv_c_type_check(SQLSMALLINT c_type)
{
    if (ctype_find(c_type))
        return NULL;
    return "HY003";
}

/* Which C families each source SQL type converts to (ODBC appendix D). */
#define ALL_FAMS 0xfff
#define NUM_FAMS (F_CHAR | F_WCHAR | F_BINARY | F_INT | F_FLOAT | F_BIT | F_NUMERIC)
static unsigned allowed_families(SQLSMALLINT sql_type)
{
    switch (sql_type) {
    case SQL_BIT: case SQL_TINYINT: case SQL_SMALLINT: case SQL_INTEGER: case SQL_BIGINT:
    case SQL_REAL: case SQL_FLOAT: case SQL_DOUBLE: case SQL_NUMERIC: case SQL_DECIMAL:
        return NUM_FAMS;
    case SQL_TYPE_DATE:
        return F_CHAR | F_WCHAR | F_BINARY | F_DATE | F_TIMESTAMP;
    case SQL_TYPE_TIME:
        return F_CHAR | F_WCHAR | F_BINARY | F_TIME | F_TIMESTAMP;
    case SQL_TYPE_TIMESTAMP:
        return F_CHAR | F_WCHAR | F_BINARY | F_DATE | F_TIME | F_TIMESTAMP;
    case SQL_GUID:
        return F_CHAR | F_WCHAR | F_BINARY | F_GUID;
    case SQL_BINARY: case SQL_VARBINARY: case SQL_LONGVARBINARY:
        return F_CHAR | F_WCHAR | F_BINARY;
    case SQL_INTERVAL_DAY_TO_SECOND: case SQL_INTERVAL_YEAR_TO_MONTH:
        return F_CHAR | F_WCHAR | F_BINARY | F_INTERVAL;
    default:
        return ALL_FAMS;  /* character sources convert to anything */
    }
}

/* ------------------------------------------------------------ helpers */

static SQLRETURN truncated(drv_hdr *h)
{
    return drv_error(h, "01004", "String data, right truncated");
}

static void set_ind(SQLLEN *ind, SQLLEN v)
{
    if (ind)
        *ind = v;
}

/* ASCII white space (the "C" locale's isspace, whatever the app's locale). */
static bool is_space(unsigned char c)
{
    return c == ' ' || (c >= '\t' && c <= '\r');
}

/* Drops white space at both ends of p[0..*n). */
static void trim(const char **p, size_t *n)
{
    /* the common case, nothing to trim: two byte tests (all spaces are below '!') */
    if (*n == 0 || ((unsigned char)(*p)[0] > ' ' && (unsigned char)(*p)[*n - 1] > ' '))
        return;
    while (*n > 0 && is_space((unsigned char)**p)) {
        (*p)++;
        (*n)--;
    }
    while (*n > 0 && is_space((unsigned char)(*p)[*n - 1]))
        (*n)--;
}

bool drv_parse_double(const char *s, size_t n, double *out)
{
    trim(&s, &n);
    return n > 0 && pgw_parse_double(s, n, false, out);
}

/*
 * A number as the integer conversions need it: sign, integer magnitude
 * (saturated: `overflow` beyond 64 bits), whether a non-zero fraction was
 * dropped. Plain decimals are read exactly; exponent forms, NaN and
 * Infinity go through strtod. Returns 0, or -1 (not a number), or 1 (not
 * finite).
 */
typedef struct numval {
    bool neg, overflow, frac;
    uint64_t mag;
} numval;

static int parse_num(const char *p, size_t n, numval *o)
{
    memset(o, 0, sizeof *o);
    trim(&p, &n);
    size_t i = 0;
    if (i < n && (p[i] == '+' || p[i] == '-'))
        o->neg = p[i++] == '-';
    size_t digits = 0;
    while (i < n && p[i] >= '0' && p[i] <= '9') {
        unsigned d = (unsigned)(p[i++] - '0');
        /* mag * 10 + d > UINT64_MAX, without a division per digit */
        if (o->mag > UINT64_MAX / 10 || (o->mag == UINT64_MAX / 10 && d > UINT64_MAX % 10))
            o->overflow = true;
        else
            o->mag = o->mag * 10 + d;
        digits++;
    }
    if (i < n && p[i] == '.') {
        i++;
        while (i < n && p[i] >= '0' && p[i] <= '9') {
            if (p[i++] != '0')
                o->frac = true;
            digits++;
        }
    }
    if (i == n && digits > 0)
        return 0;
    /* exponent, NaN, Infinity: through strtod */
    double d;
    if (!drv_parse_double(p, n, &d))
        return -1;
    memset(o, 0, sizeof *o);
    if (!isfinite(d))
        return isnan(d) ? -1 : 1;
    o->neg = d < 0;
    double a = fabs(d), ip = floor(a);
    o->frac = ip != a;
    if (ip >= 18446744073709551616.0)
        o->overflow = true;
    else
        o->mag = (uint64_t)ip;
    return 0;
}

/* "t", "true", "f", "false" in any case: 1 or 0 in *val. */
static bool is_bool_word(const char *p, size_t n, int *val)
{
    static const struct { const char *w; size_t n; int v; } words[] = {
        { "t", 1, 1 }, { "true", 4, 1 }, { "f", 1, 0 }, { "false", 5, 0 },
    };
    if (n == 0 || n > 5 || ((p[0] | 0x20) != 't' && (p[0] | 0x20) != 'f'))
        return false;     /* numbers, the common case, end here */
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
        if (words[i].n == n && strncasecmp(words[i].w, p, n) == 0) {
            *val = words[i].v;
            return true;
        }
    return false;
}

static void store_uint(void *ptr, unsigned size, uint64_t u)
{
    uint8_t u8 = (uint8_t)u;
    uint16_t u16 = (uint16_t)u;
    uint32_t u32 = (uint32_t)u;
    switch (size) {
    case 1: memcpy(ptr, &u8, 1); break;
    case 2: memcpy(ptr, &u16, 2); break;
    case 4: memcpy(ptr, &u32, 4); break;
    default: memcpy(ptr, &u, 8); break;
    }
}

/* ------------------------------------------------------------ character */

static SQLRETURN to_char(drv_hdr *h, const char *p, size_t n, SQLPOINTER ptr, SQLLEN buflen,
                         SQLLEN *ind, size_t offset, size_t *consumed)
{
    if (offset > n)
        offset = n;
    size_t rest = n - offset;
    set_ind(ind, (SQLLEN)rest);
    if (!ptr || buflen <= 0) {
        *consumed = offset;
        return rest > 0 || !ptr ? truncated(h) : SQL_SUCCESS;
    }
    size_t room = (size_t)buflen - 1, take = rest;
    if (take > room) {
        take = room;
        /* back off to a UTF-8 sequence start; when not even one whole
         * character fits, its first bytes go (see "Piecewise retrieval") */
        while (take > 0 && ((unsigned char)p[offset + take] & 0xC0) == 0x80)
            take--;
        if (take == 0)
            take = room;
    }
    memcpy(ptr, p + offset, take);
    ((char *)ptr)[take] = '\0';
    *consumed = offset + take;
    return take < rest ? truncated(h) : SQL_SUCCESS;
}

/* Next code point of UTF-8 text; malformed bytes read as U+FFFD, one byte. */
static size_t utf8_next(const unsigned char *s, size_t n, size_t i, uint32_t *cp)
{
    unsigned char c = s[i];
    size_t len;
    uint32_t v, min;
    if (c < 0x80) {
        *cp = c;
        return 1;
    } else if ((c & 0xE0) == 0xC0) {
        len = 2; v = c & 0x1F; min = 0x80;
    } else if ((c & 0xF0) == 0xE0) {
        len = 3; v = c & 0x0F; min = 0x800;
    } else if ((c & 0xF8) == 0xF0) {
        len = 4; v = c & 0x07; min = 0x10000;
    } else {
        *cp = 0xFFFD;
        return 1;
    }
    if (i + len > n)
        goto bad;
    for (size_t k = 1; k < len; k++) {
        if ((s[i + k] & 0xC0) != 0x80)
            goto bad;
        v = (v << 6) | (s[i + k] & 0x3F);
    }
    if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
        goto bad;
    *cp = v;
    return len;
bad:
    *cp = 0xFFFD;
    return 1;
}

/* Length of the ASCII prefix of s[0..n): the position of the first byte >=
 * 0x80, or n. Sixteen bytes at a time with SSE2 (the top bits of 16 bytes
 * in one mask), else eight at a time in a 64-bit word. */
static size_t ascii_prefix(const unsigned char *s, size_t n)
{
    size_t i = 0;
#ifdef __SSE2__
    for (; i + 16 <= n; i += 16) {
        unsigned mask = (unsigned)_mm_movemask_epi8(_mm_loadu_si128((const __m128i *)(s + i)));
        if (mask)
            return i + (size_t)__builtin_ctz(mask);
    }
#elif defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    const uint64_t high = UINT64_C(0x8080808080808080);
    for (; i + 8 <= n; i += 8) {
        uint64_t w;
        memcpy(&w, s + i, 8);
        if (w & high)
            return i + (size_t)__builtin_ctzll(w & high) / 8;
    }
#endif
    while (i < n && s[i] < 0x80)
        i++;
    return i;
}

/* ASCII bytes to UTF-16 units (zero-extended), n of them; SSE2 interleaves
 * 16 bytes with zeros per step. */
static void widen_ascii(SQLWCHAR *out, const unsigned char *s, size_t n)
{
    _Static_assert(sizeof(SQLWCHAR) == 2, "SQLWCHAR is UTF-16");
    size_t i = 0;
#ifdef __SSE2__
    const __m128i zero = _mm_setzero_si128();
    for (; i + 16 <= n; i += 16) {
        __m128i b = _mm_loadu_si128((const __m128i *)(s + i));
        _mm_storeu_si128((__m128i *)(out + i), _mm_unpacklo_epi8(b, zero));
        _mm_storeu_si128((__m128i *)(out + i + 8), _mm_unpackhi_epi8(b, zero));
    }
#endif
    for (; i < n; i++)
        out[i] = s[i];
}

/*
 * UTF-8 to UTF-16 straight into the app buffer; offset counts UTF-16 units.
 * The ASCII prefix (usually all of it) maps byte for unit and is widened in
 * a plain loop; the rest is decoded code point by code point, and a
 * surrogate pair that does not fit is left whole for the next call.
 */
static SQLRETURN to_wchar(drv_hdr *h, const char *p, size_t n, SQLPOINTER ptr, SQLLEN buflen,
                          SQLLEN *ind, size_t offset, size_t *consumed)
{
    const unsigned char *s = (const unsigned char *)p;
    SQLWCHAR *out = ptr;
    size_t cap = (ptr && buflen >= (SQLLEN)sizeof(SQLWCHAR))
                     ? (size_t)buflen / sizeof(SQLWCHAR) - 1 : 0;
    size_t written = 0;
    bool full = !ptr || buflen < (SQLLEN)sizeof(SQLWCHAR);
    size_t ascii = ascii_prefix(s, n);
    if (!full && offset < ascii) {
        size_t take = ascii - offset;
        if (take > cap) {
            take = cap;
            full = true;
        }
        widen_ascii(out, s + offset, take);
        written = take;
    }
    size_t pos = ascii;
    for (size_t i = ascii; i < n;) {
        uint32_t cp;
        i += utf8_next(s, n, i, &cp);
        size_t units = cp >= 0x10000 ? 2 : 1;
        if (pos + units > offset && !full) {
            SQLWCHAR u[2] = { (SQLWCHAR)cp, 0 };
            if (units == 2) {
                cp -= 0x10000;
                u[0] = (SQLWCHAR)(0xD800 | (cp >> 10));
                u[1] = (SQLWCHAR)(0xDC00 | (cp & 0x3FF));
            }
            size_t skip = offset > pos ? offset - pos : 0;  /* 1: the high half went */
            if (written + units - skip <= cap) {
                for (size_t k = skip; k < units; k++)
                    out[written++] = u[k];
            } else {
                if (written == 0 && cap > 0)   /* one unit fits, the pair does not */
                    out[written++] = u[skip];
                full = true;
            }
        }
        pos += units;
    }
    if (offset > pos)
        offset = pos;
    if (ptr && buflen >= (SQLLEN)sizeof(SQLWCHAR))
        out[written] = 0;
    set_ind(ind, (SQLLEN)((pos - offset) * sizeof(SQLWCHAR)));
    *consumed = offset + written;
    return offset + written < pos || (!ptr && pos > offset) ? truncated(h) : SQL_SUCCESS;
}

/* Bytes (bytea raw, anything else its canonical text), piecewise. */
static SQLRETURN to_binary(drv_hdr *h, const char *p, size_t n, SQLPOINTER ptr, SQLLEN buflen,
                           SQLLEN *ind, size_t offset, size_t *consumed)
{
    if (offset > n)
        offset = n;
    size_t rest = n - offset, take = rest;
    if (!ptr || buflen < 0)
        take = 0;
    else if (take > (size_t)buflen)
        take = (size_t)buflen;
    if (take > 0)
        memcpy(ptr, p + offset, take);
    set_ind(ind, (SQLLEN)rest);
    *consumed = offset + take;
    return take < rest ? truncated(h) : SQL_SUCCESS;
}

/* ------------------------------------------------------------ numbers */

/* A datum as sign, magnitude and fraction flag; 22018/22003 recorded on h. */
static SQLRETURN datum_numval(drv_hdr *h, const pgw_datum *d, numval *nv)
{
    memset(nv, 0, sizeof *nv);
    switch (d->kind) {
    case PGW_D_BOOL:
        nv->mag = d->u.b;
        return SQL_SUCCESS;
    case PGW_D_INT:
        nv->neg = d->u.i < 0;
        nv->mag = nv->neg ? 0 - (uint64_t)d->u.i : (uint64_t)d->u.i;
        return SQL_SUCCESS;
    case PGW_D_FLOAT: {
        double a = fabs(d->u.f), ip = floor(a);
        if (!isfinite(d->u.f))
            return drv_error(h, isnan(d->u.f) ? "22018" : "22003",
                             "Numeric value out of range");
        nv->neg = d->u.f < 0;
        nv->frac = ip != a;
        if (ip >= 18446744073709551616.0)
            nv->overflow = true;
        else
            nv->mag = (uint64_t)ip;
        return SQL_SUCCESS;
    }
    case PGW_D_NUMERIC: case PGW_D_TEXT: {
        int b;
        const char *p = d->u.s.ptr;
        size_t n = d->u.s.len;
        trim(&p, &n);
        if (d->kind == PGW_D_TEXT && is_bool_word(p, n, &b)) {
            nv->mag = (uint64_t)b;
            return SQL_SUCCESS;
        }
        int r = parse_num(p, n, nv);
        if (r < 0)
            return drv_error(h, "22018", "Invalid character value for cast specification");
        if (r > 0)
            return drv_error(h, "22003", "Numeric value out of range");
        return SQL_SUCCESS;
    }
    default:
        return drv_error(h, "07006", "Restricted data type attribute violation");
    }
}

static SQLRETURN to_int(drv_hdr *h, const ctype_row *ct, const pgw_datum *d, SQLPOINTER ptr,
                        SQLLEN *ind)
{
    numval nv;
    SQLRETURN rc = datum_numval(h, d, &nv);
    if (!SQL_SUCCEEDED(rc))
        return rc;
    uint64_t u;
    if (nv.overflow)
        return drv_error(h, "22003", "Numeric value out of range");
    if (nv.neg && nv.mag > 0) {
        if (!ct->is_signed || nv.mag > (uint64_t)(-(ct->min + 1)) + 1)
            return drv_error(h, "22003", "Numeric value out of range");
        u = 0 - nv.mag;
    } else {
        if (nv.mag > ct->max)
            return drv_error(h, "22003", "Numeric value out of range");
        u = nv.mag;
    }
    if (ptr)
        store_uint(ptr, ct->size, u);
    set_ind(ind, ct->size);
    if (nv.frac)
        return drv_error(h, "01S07", "Fractional truncation");
    return SQL_SUCCESS;
}

static SQLRETURN to_float(drv_hdr *h, const ctype_row *ct, const pgw_datum *d, SQLPOINTER ptr,
                          SQLLEN *ind)
{
    double v;
    int b;
    const char *p = d->u.s.ptr;
    size_t n = d->u.s.len;
    switch (d->kind) {
    case PGW_D_BOOL: v = d->u.b; break;
    case PGW_D_INT: v = (double)d->u.i; break;
    case PGW_D_FLOAT: v = d->u.f; break;
    case PGW_D_NUMERIC: case PGW_D_TEXT:
        trim(&p, &n);
        if (d->kind == PGW_D_TEXT && is_bool_word(p, n, &b))
            v = b;
        else if (!drv_parse_double(p, n, &v))
            return drv_error(h, "22018", "Invalid character value for cast specification");
        break;
    default:
        return drv_error(h, "07006", "Restricted data type attribute violation");
    }
    if (ct->c_type == SQL_C_FLOAT) {
        if (isfinite(v) && fabs(v) > FLT_MAX)
            return drv_error(h, "22003", "Numeric value out of range");
        SQLREAL f = (SQLREAL)v;
        if (ptr)
            memcpy(ptr, &f, sizeof f);
    } else if (ptr) {
        memcpy(ptr, &v, sizeof v);
    }
    set_ind(ind, ct->size);
    return SQL_SUCCESS;
}

/* Booleans and integers from the datum, anything else from its text p[0..n). */
static SQLRETURN to_bit(drv_hdr *h, const pgw_datum *d, const char *p, size_t n,
                        SQLPOINTER ptr, SQLLEN *ind)
{
    numval nv;
    int b;
    if (d->kind == PGW_D_BOOL || d->kind == PGW_D_INT) {
        (void)datum_numval(h, d, &nv);      /* cannot fail for these kinds */
    } else {
        trim(&p, &n);
        if (is_bool_word(p, n, &b)) {
            memset(&nv, 0, sizeof nv);
            nv.mag = (uint64_t)b;
        } else if (parse_num(p, n, &nv) != 0) {
            return drv_error(h, "22018", "Invalid character value for cast specification");
        }
    }
    if ((nv.neg && (nv.mag > 0 || nv.frac)) || nv.overflow || nv.mag >= 2)
        return drv_error(h, "22003", "Numeric value out of range");
    if (ptr)
        *(unsigned char *)ptr = (unsigned char)nv.mag;
    set_ind(ind, 1);
    return nv.frac ? drv_error(h, "01S07", "Fractional truncation") : SQL_SUCCESS;
}

/*
 * SQL_C_NUMERIC with the precision and scale cv carries: the ARD record's
 * for a bound column and for SQLGetData with SQL_ARD_TYPE, the spec's
 * defaults (38, 0) for SQLGetData with SQL_C_NUMERIC (ODBC "Retrieving
 * Numeric Data with SQL_NUMERIC_STRUCT"). The value is read exactly from
 * its decimal text (exponent forms too, however many digits) and scaled to
 * `scale` digits after the point:
 *   digits beyond the scale dropped   rounded half away from zero, 01S07
 *   more than `precision` digits left 22003 (after rounding: 999.5 at
 *                                     precision 3, scale 0 is 22003)
 *   Infinity                          22003;  NaN, not a number: 22018
 * The struct's precision and scale are the ones used; zero is positive.
 */
static SQLRETURN to_numeric(drv_hdr *h, const drv_conv *cv, const char *p, size_t n,
                            SQLPOINTER ptr, SQLLEN *ind)
{
    int prec = cv->num_precision, scale = cv->num_scale;
    if (prec < 1 || prec > DRV_NUMERIC_MAX_PRECISION)
        prec = DRV_NUMERIC_MAX_PRECISION;
    if (scale > prec)
        scale = prec;
    if (scale < -DRV_NUMERIC_MAX_PRECISION)
        scale = -DRV_NUMERIC_MAX_PRECISION;
    int b;
    trim(&p, &n);
    if (is_bool_word(p, n, &b)) {
        p = b ? "1" : "0";
        n = 1;
    }
    /* [sign] int digits [. frac digits] [e [sign] exp digits] */
    size_t i = 0;
    bool neg = false;
    if (i < n && (p[i] == '+' || p[i] == '-'))
        neg = p[i++] == '-';
    size_t int_at = i;
    while (i < n && p[i] >= '0' && p[i] <= '9')
        i++;
    size_t nint = i - int_at, frac_at = i, nfrac = 0;
    if (i < n && p[i] == '.') {
        frac_at = ++i;
        while (i < n && p[i] >= '0' && p[i] <= '9')
            i++;
        nfrac = i - frac_at;
    }
    if (nint + nfrac == 0) {
        double d;
        if (drv_parse_double(p, n, &d) && isinf(d))
            return drv_error(h, "22003", "Numeric value out of range");
        return drv_error(h, "22018", "Invalid character value for cast specification");
    }
    long long exp = 0;
    if (i < n && (p[i] == 'e' || p[i] == 'E')) {
        bool eneg = false;
        i++;
        if (i < n && (p[i] == '+' || p[i] == '-'))
            eneg = p[i++] == '-';
        size_t at = i;
        for (; i < n && p[i] >= '0' && p[i] <= '9'; i++)
            if (exp < 1000000000000LL)        /* saturates: far beyond any digit count */
                exp = exp * 10 + (p[i] - '0');
        if (i == at)
            return drv_error(h, "22018", "Invalid character value for cast specification");
        if (eneg)
            exp = -exp;
    }
    if (i != n)
        return drv_error(h, "22018", "Invalid character value for cast specification");

    /* Digit j (of the int digits followed by the frac digits) has the weight
     * 10^(top - j) in the scaled result m = value * 10^scale. */
    long long top = (long long)nint - 1 + exp + scale;
    size_t ndig = nint + nfrac;
    unsigned __int128 m = 0;
    int mdig = 0;                      /* digits in m (m's first digit is not 0) */
    bool lost = false, round_up = false;
    for (size_t j = 0; j < ndig; j++) {
        unsigned d = (unsigned)((j < nint ? p[int_at + j] : p[frac_at + j - nint]) - '0');
        long long w = top - (long long)j;
        if (w >= 0) {
            if (m == 0 && d == 0)
                continue;              /* a leading zero */
            if (++mdig > prec)
                return drv_error(h, "22003", "Numeric value out of range: more than %d "
                                 "digits at scale %d", prec, scale);
            m = m * 10 + d;
        } else {
            if (w == -1)
                round_up = d >= 5;     /* half away from zero: the magnitude grows */
            if (d)
                lost = true;
            if (lost && w < -1)
                break;                 /* nothing below changes the result */
        }
    }
    for (long long w = top - (long long)ndig + 1; w > 0 && m != 0; w--) {
        if (++mdig > prec)             /* the zeros an exponent adds */
            return drv_error(h, "22003", "Numeric value out of range: more than %d digits "
                             "at scale %d", prec, scale);
        m *= 10;
    }
    if (round_up) {
        unsigned __int128 limit = 1;
        for (int k = 0; k < prec; k++)
            limit *= 10;
        if (++m >= limit)
            return drv_error(h, "22003", "Numeric value out of range: more than %d digits "
                             "at scale %d", prec, scale);
    }
    SQL_NUMERIC_STRUCT ns;
    memset(&ns, 0, sizeof ns);
    ns.precision = (SQLCHAR)prec;
    ns.scale = (SQLSCHAR)scale;
    ns.sign = neg && m != 0 ? 0 : 1;
    for (int k = 0; k < SQL_MAX_NUMERIC_LEN; k++) {
        ns.val[k] = (SQLCHAR)(m & 0xFF);
        m >>= 8;
    }
    if (ptr)
        memcpy(ptr, &ns, sizeof ns);
    set_ind(ind, sizeof ns);
    return lost ? drv_error(h, "01S07", "Fractional truncation") : SQL_SUCCESS;
}

/* ------------------------------------------------------------ dates */

typedef struct dtval {
    bool has_date, has_time;
    long year;
    int month, day, hour, minute, second;
    uint32_t frac_ns;
} dtval;

/* Reads 1..maxd digits at *i. */
static bool digits(const char *p, size_t n, size_t *i, int maxd, long *out)
{
    long v = 0;
    int k = 0;
    while (*i < n && p[*i] >= '0' && p[*i] <= '9' && k < maxd) {
        v = v * 10 + (p[*i] - '0');
        (*i)++;
        k++;
    }
    *out = v;
    return k > 0;
}

static bool parse_time_part(const char *p, size_t n, size_t *i, dtval *o)
{
    long hh, mi, ss = 0;
    if (!digits(p, n, i, 2, &hh) || *i >= n || p[*i] != ':')
        return false;
    (*i)++;
    if (!digits(p, n, i, 2, &mi))
        return false;
    if (*i < n && p[*i] == ':') {
        (*i)++;
        if (!digits(p, n, i, 2, &ss))
            return false;
        if (*i < n && p[*i] == '.') {
            uint32_t f = 0;
            int k = 0;
            (*i)++;
            while (*i < n && p[*i] >= '0' && p[*i] <= '9') {
                if (k < 9) {
                    f = f * 10 + (uint32_t)(p[*i] - '0');
                    k++;
                }
                (*i)++;
            }
            for (; k < 9; k++)
                f *= 10;
            o->frac_ns = f;
        }
    }
    if (hh > 24 || mi > 59 || ss > 60)
        return false;
    o->hour = (int)hh;
    o->minute = (int)mi;
    o->second = (int)ss;
    o->has_time = true;
    return true;
}

static bool parse_datetime(const char *p, size_t n, dtval *o)
{
    size_t i = 0;
    memset(o, 0, sizeof *o);
    trim(&p, &n);
    /* a date has a '-' after its year digits */
    size_t j = 0;
    while (j < n && p[j] >= '0' && p[j] <= '9')
        j++;
    if (j > 0 && j < n && p[j] == '-') {
        long y, m, d;
        if (!digits(p, n, &i, 9, &y) || p[i++] != '-' || !digits(p, n, &i, 2, &m) ||
            i >= n || p[i++] != '-' || !digits(p, n, &i, 2, &d))
            return false;
        if (m < 1 || m > 12 || d < 1 || d > 31)
            return false;
        o->year = y;
        o->month = (int)m;
        o->day = (int)d;
        o->has_date = true;
        if (i + 1 < n && (p[i] == ' ' || p[i] == 'T') && p[i + 1] >= '0' && p[i + 1] <= '9') {
            i++;
            if (!parse_time_part(p, n, &i, o))
                return false;
        }
    } else if (!parse_time_part(p, n, &i, o)) {
        return false;
    }
    /* zone offset: dropped */
    if (o->has_time && i < n && (p[i] == '+' || p[i] == '-')) {
        long z;
        i++;
        if (!digits(p, n, &i, 2, &z))
            return false;
        for (int k = 0; k < 2 && i < n && p[i] == ':'; k++) {
            i++;
            if (!digits(p, n, &i, 2, &z))
                return false;
        }
    } else if (o->has_time && i < n && p[i] == 'Z') {
        i++;
    }
    while (i < n && p[i] == ' ')
        i++;
    if (o->has_date && n - i == 2 && strncasecmp(p + i, "BC", 2) == 0) {
        o->year = 1 - o->year;
        i = n;
    } else if (o->has_date && n - i == 2 && strncasecmp(p + i, "AD", 2) == 0) {
        i = n;
    }
    return i == n;
}

/* A datetime datum, or a character one parsed leniently, as a dtval. */
static bool datum_dtval(const pgw_datum *v, dtval *d)
{
    if (v->kind == PGW_D_TEXT)
        return parse_datetime(v->u.s.ptr, v->u.s.len, d);
    if (v->kind != PGW_D_DATE && v->kind != PGW_D_TIME && v->kind != PGW_D_TIMESTAMP)
        return false;
    memset(d, 0, sizeof *d);
    d->has_date = v->kind != PGW_D_TIME;
    d->has_time = v->kind != PGW_D_DATE;
    d->year = v->u.dt.year;
    d->month = v->u.dt.month;
    d->day = v->u.dt.day;
    d->hour = v->u.dt.hour;
    d->minute = v->u.dt.minute;
    d->second = v->u.dt.second;
    d->frac_ns = v->u.dt.nanos;
    return true;
}

static SQLRETURN to_datetime(drv_hdr *h, const ctype_row *ct, const pgw_datum *v,
                             SQLPOINTER ptr, SQLLEN *ind)
{
    dtval d;
    bool lost = false;
    if (!datum_dtval(v, &d))
        return drv_error(h, "22018", "Invalid character value for cast specification");
    if (d.has_date && (d.year < -32768 || d.year > 32767))
        return drv_error(h, "22008", "Datetime field overflow");
    if (ct->fam == F_DATE) {
        if (!d.has_date)
            return drv_error(h, "22018", "Invalid character value for cast specification");
        SQL_DATE_STRUCT ds = { (SQLSMALLINT)d.year, (SQLUSMALLINT)d.month, (SQLUSMALLINT)d.day };
        lost = d.hour || d.minute || d.second || d.frac_ns;
        if (ptr)
            memcpy(ptr, &ds, sizeof ds);
    } else if (ct->fam == F_TIME) {
        if (!d.has_time)
            return drv_error(h, "22018", "Invalid character value for cast specification");
        SQL_TIME_STRUCT ts = { (SQLUSMALLINT)d.hour, (SQLUSMALLINT)d.minute,
                               (SQLUSMALLINT)d.second };
        lost = d.frac_ns != 0;
        if (ptr)
            memcpy(ptr, &ts, sizeof ts);
    } else {
        if (!d.has_date) {   /* a time: today's date, as ODBC prescribes */
            time_t now = time(NULL);
            struct tm tm;
            localtime_r(&now, &tm);
            d.year = tm.tm_year + 1900;
            d.month = tm.tm_mon + 1;
            d.day = tm.tm_mday;
        }
        SQL_TIMESTAMP_STRUCT ts = { (SQLSMALLINT)d.year, (SQLUSMALLINT)d.month,
                                    (SQLUSMALLINT)d.day, (SQLUSMALLINT)d.hour,
                                    (SQLUSMALLINT)d.minute, (SQLUSMALLINT)d.second, d.frac_ns };
        if (ptr)
            memcpy(ptr, &ts, sizeof ts);
    }
    set_ind(ind, ct->size);
    return lost ? drv_error(h, "01S07", "Fractional truncation") : SQL_SUCCESS;
}

/* A uuid datum, or text of 8-4-4-4-12 hex digits, optionally in braces (read
 * with the uuid type's own text decoder). */
static SQLRETURN to_guid(drv_hdr *h, const pgw_datum *v, SQLPOINTER ptr, SQLLEN *ind)
{
    unsigned char b[16];
    const char *p = v->u.s.ptr;
    size_t n = v->u.s.len;
    if (v->kind == PGW_D_UUID) {
        memcpy(b, v->u.uuid, 16);
        goto store;
    }
    if (v->kind != PGW_D_TEXT)
        goto bad;
    trim(&p, &n);
    if (n == 38 && p[0] == '{' && p[37] == '}') {
        p++;
        n -= 2;
    }
    const pgw_type *ut = pgw_type_lookup(2950);
    pgw_datum u;
    if (!ut->decode_text(ut, p, n, NULL, &u))
        goto bad;
    memcpy(b, u.u.uuid, 16);
store:;
    SQLGUID g;
    g.Data1 = (SQLUINTEGER)b[0] << 24 | (SQLUINTEGER)b[1] << 16 | (SQLUINTEGER)b[2] << 8 | b[3];
    g.Data2 = (SQLUSMALLINT)(b[4] << 8 | b[5]);
    g.Data3 = (SQLUSMALLINT)(b[6] << 8 | b[7]);
    memcpy(g.Data4, b + 8, 8);
    if (ptr)
        memcpy(ptr, &g, sizeof g);
    set_ind(ind, sizeof g);
    return SQL_SUCCESS;
bad:
    return drv_error(h, "22018", "Invalid character value for cast specification");
}

/* ------------------------------------------------------------ intervals */

static uint64_t pow10_u64(int n)
{
    uint64_t p = 1;
    while (n-- > 0)
        p *= 10;
    return p;
}

/* v has at most `digits` decimal digits (1..9). */
static bool fits_digits(uint64_t v, int digits)
{
    return v < pow10_u64(digits);
}

static SQLRETURN leading_overflow(drv_hdr *h, uint64_t v, int digits)
{
    return drv_error(h, "22015", "Interval field overflow: the leading field's value %llu "
                     "has more than %d digit%s (the interval leading precision, "
                     "SQL_DESC_DATETIME_INTERVAL_PRECISION of the ARD record; SQLGetData "
                     "uses 2 unless called with SQL_ARD_TYPE)",
                     (unsigned long long)v, digits, digits == 1 ? "" : "s");
}

/* Which fields each interval C type has (SQL_IS_* code, leading field). */
static const struct {
    SQLSMALLINT c_type;
    SQLINTEGER code;
    bool year_month;
    bool has_day, has_hour, has_minute, has_second;
} interval_types[] = {
    { SQL_C_INTERVAL_YEAR, SQL_IS_YEAR, true, 0, 0, 0, 0 },
    { SQL_C_INTERVAL_MONTH, SQL_IS_MONTH, true, 0, 0, 0, 0 },
    { SQL_C_INTERVAL_YEAR_TO_MONTH, SQL_IS_YEAR_TO_MONTH, true, 0, 0, 0, 0 },
    { SQL_C_INTERVAL_DAY, SQL_IS_DAY, false, 1, 0, 0, 0 },
    { SQL_C_INTERVAL_HOUR, SQL_IS_HOUR, false, 0, 1, 0, 0 },
    { SQL_C_INTERVAL_MINUTE, SQL_IS_MINUTE, false, 0, 0, 1, 0 },
    { SQL_C_INTERVAL_SECOND, SQL_IS_SECOND, false, 0, 0, 0, 1 },
    { SQL_C_INTERVAL_DAY_TO_HOUR, SQL_IS_DAY_TO_HOUR, false, 1, 1, 0, 0 },
    { SQL_C_INTERVAL_DAY_TO_MINUTE, SQL_IS_DAY_TO_MINUTE, false, 1, 1, 1, 0 },
    { SQL_C_INTERVAL_DAY_TO_SECOND, SQL_IS_DAY_TO_SECOND, false, 1, 1, 1, 1 },
    { SQL_C_INTERVAL_HOUR_TO_MINUTE, SQL_IS_HOUR_TO_MINUTE, false, 0, 1, 1, 0 },
    { SQL_C_INTERVAL_HOUR_TO_SECOND, SQL_IS_HOUR_TO_SECOND, false, 0, 1, 1, 1 },
    { SQL_C_INTERVAL_MINUTE_TO_SECOND, SQL_IS_MINUTE_TO_SECOND, false, 0, 0, 1, 1 },
};

/*
 * An interval (or its text) to SQL_INTERVAL_STRUCT. Year-month targets take
 * the months; a day-time part they cannot hold is 22015. Day-time targets
 * take days and microseconds (the leading field absorbs what the missing
 * larger ones would hold); months there are 22015; dropped smaller fields
 * are 01S07.
 */
static SQLRETURN to_interval(drv_hdr *h, const drv_conv *cv, const pgw_datum *v,
                             SQLPOINTER ptr, SQLLEN *ind)
{
    SQLSMALLINT c_type = cv->c_type;
    /* the consistency check of SQLSetDescRec: precisions the struct can hold
     * (desc.c makes it when SQL_DESC_DATA_PTR is set; a field changed after
     * that is caught here) */
    if (cv->iv_leading < 1 || cv->iv_leading > DRV_INTERVAL_MAX_LEADING)
        return drv_error(h, "HY021", "Inconsistent descriptor information: interval leading "
                         "precision %d (SQL_DESC_DATETIME_INTERVAL_PRECISION: 1 to %d)",
                         (int)cv->iv_leading, DRV_INTERVAL_MAX_LEADING);
    if (cv->iv_seconds < 0 || cv->iv_seconds > DRV_INTERVAL_MAX_SECONDS)
        return drv_error(h, "HY021", "Inconsistent descriptor information: interval seconds "
                         "precision %d (SQL_DESC_PRECISION: 0 to %d)", (int)cv->iv_seconds,
                         DRV_INTERVAL_MAX_SECONDS);
    pgw_datum iv = *v;
    if (v->kind == PGW_D_TEXT) {
        pgw_scratch none = { NULL, 0, 0 };
        pgw_decode_ctx ctx = { .out = &none };
        bool ok = pgw_value_decode(pgw_type_lookup(1186), 0, v->u.s.ptr, (int32_t)v->u.s.len, &ctx,
                             &iv);
        pgw_scratch_free(&none);
        if (!ok && ctx.out_of_range)
            return drv_error(h, ctx.out_of_range, "Interval field overflow");
        if (!ok)
            return drv_error(h, "22018", "Invalid character value for cast specification");
    }
    if (iv.kind != PGW_D_INTERVAL)
        return drv_error(h, "07006", "Restricted data type attribute violation");
    size_t k = 0;
    while (interval_types[k].c_type != c_type)
        k++;
    SQL_INTERVAL_STRUCT is;
    memset(&is, 0, sizeof is);
    is.interval_type = (SQLINTERVAL)interval_types[k].code;
    bool lost = false;
    if (interval_types[k].year_month) {
        if (iv.u.iv.days || iv.u.iv.micros)
            return drv_error(h, "22015", "Interval field overflow: the interval has a "
                             "day-time part");
        int32_t m = iv.u.iv.months;
        is.interval_sign = m < 0 ? SQL_TRUE : SQL_FALSE;
        uint32_t am = m < 0 ? 0u - (uint32_t)m : (uint32_t)m;
        if (c_type == SQL_C_INTERVAL_YEAR) {
            is.intval.year_month.year = am / 12;
            lost = am % 12 != 0;
        } else if (c_type == SQL_C_INTERVAL_MONTH) {
            is.intval.year_month.month = am;
        } else {
            is.intval.year_month.year = am / 12;
            is.intval.year_month.month = am % 12;
        }
        if (lost)
            return drv_error(h, "22015", "Interval field overflow: months do not fit");
        uint32_t lead = c_type == SQL_C_INTERVAL_MONTH ? is.intval.year_month.month
                                                       : is.intval.year_month.year;
        if (!fits_digits(lead, cv->iv_leading))
            return leading_overflow(h, lead, cv->iv_leading);
    } else {
        if (iv.u.iv.months)
            return drv_error(h, "22015", "Interval field overflow: the interval has months");
        __int128 us = (__int128)iv.u.iv.days * 86400000000 + iv.u.iv.micros;
        is.interval_sign = us < 0 ? SQL_TRUE : SQL_FALSE;
        if (us < 0)
            us = -us;
        unsigned __int128 u = (unsigned __int128)us;
        uint64_t frac = (uint64_t)(u % 1000000), secs = (uint64_t)(u / 1000000);
        uint64_t day = secs / 86400, hour = secs / 3600 % 24, minute = secs / 60 % 60,
                 second = secs % 60;
        SQL_DAY_SECOND_STRUCT *ds = &is.intval.day_second;
        bool has_day = interval_types[k].has_day, has_hour = interval_types[k].has_hour;
        if (!has_day) {             /* the leading field absorbs larger ones */
            hour += day * 24;
            day = 0;
        }
        if (!interval_types[k].has_hour) {
            if (has_day)
                lost = lost || hour;
            else
                minute += hour * 60;
            hour = 0;
        }
        if (!interval_types[k].has_minute) {
            if (has_day || has_hour)
                lost = lost || minute;
            else
                second += minute * 60;
            minute = 0;
        }
        if (!interval_types[k].has_second) {
            lost = lost || second || frac;
            second = frac = 0;
        }
        uint64_t lead = has_day ? day : has_hour ? hour
                      : interval_types[k].has_minute ? minute : second;
        if (!fits_digits(lead, cv->iv_leading))
            return leading_overflow(h, lead, cv->iv_leading);
        ds->day = (SQLUINTEGER)day;
        ds->hour = (SQLUINTEGER)hour;
        ds->minute = (SQLUINTEGER)minute;
        ds->second = (SQLUINTEGER)second;
        /* the fraction field counts units of 10^-precision: microseconds
         * scaled up, or cut down (01S07 when digits are lost) */
        if (cv->iv_seconds >= 6) {
            frac *= pow10_u64(cv->iv_seconds - 6);
        } else {
            uint64_t unit = pow10_u64(6 - cv->iv_seconds);
            lost = lost || frac % unit != 0;
            frac /= unit;
        }
        ds->fraction = (SQLUINTEGER)frac;
    }
    if (ptr)
        memcpy(ptr, &is, sizeof is);
    set_ind(ind, sizeof is);
    return lost ? drv_error(h, "01S07", "Fractional truncation") : SQL_SUCCESS;
}

/* ------------------------------------------------------------ entry */

void drv_conv_resolve(const drv_type_info *t, SQLSMALLINT c_type, drv_conv *cv)
{
    cv->c_type = c_type == SQL_C_DEFAULT ? t->c_default : c_type;
    cv->ct = ctype_find(cv->c_type);
    cv->allowed = cv->ct && (allowed_families(t->sql_type) & cv->ct->fam);
    cv->num_precision = DRV_NUMERIC_MAX_PRECISION;
    cv->num_scale = 0;
    cv->iv_leading = 2;
    cv->iv_seconds = 6;
}

void drv_conv_from_ard(drv_conv *cv, const drv_desc_rec *r)
{
    if (cv->c_type == SQL_C_NUMERIC) {
        cv->num_precision = r->precision;
        cv->num_scale = r->scale;
    } else if (cv->c_type >= SQL_C_INTERVAL_YEAR &&
               cv->c_type <= SQL_C_INTERVAL_MINUTE_TO_SECOND) {
        cv->iv_leading = r->datetime_interval_precision;
        cv->iv_seconds = r->precision;
    }
}

/* A numeric's text that is already its canonical form (no exponent, no '+'),
 * so character targets can take it as it is. */
static bool numeric_is_plain(const char *p, size_t n)
{
    return n > 0 && p[0] != '+' && !memchr(p, 'E', n) && !memchr(p, 'e', n);
}

SQLRETURN drv_convert_value(drv_hdr *h, const drv_type_info *t, const pgw_datum *d,
                            SQLSMALLINT c_type, SQLPOINTER ptr, SQLLEN buflen, SQLLEN *ind,
                            size_t offset, size_t *consumed, pgw_scratch *fmt)
{
    drv_conv cv;
    drv_conv_resolve(t, c_type, &cv);
    return drv_convert_resolved(h, &cv, t, d, ptr, buflen, ind, offset, consumed, fmt);
}

SQLRETURN drv_convert_resolved(drv_hdr *h, const drv_conv *cv, const drv_type_info *t,
                               const pgw_datum *d, SQLPOINTER ptr, SQLLEN buflen, SQLLEN *ind,
                               size_t offset, size_t *consumed, pgw_scratch *fmt)
{
    size_t dummy;
    if (!consumed)
        consumed = &dummy;
    *consumed = offset;
    const ctype_row *ct = cv->ct;
    if (!ct)
        return drv_error(h, "HY003", "Invalid application buffer type %d", (int)cv->c_type);
    if (!cv->allowed)
        return drv_error(h, "07006", "Restricted data type attribute violation: "
                         "%s cannot be converted to C type %d", t->name, (int)cv->c_type);
    if (d->kind == PGW_D_NULL) {
        if (!ind)
            return drv_error(h, "22002", "Indicator variable required but not supplied");
        *ind = SQL_NULL_DATA;
        return SQL_SUCCESS;
    }
    /* character targets, numeric and binary read the canonical text; bit
     * too, unless the datum is a boolean or an integer */
    const char *p = d->u.s.ptr;
    size_t n = d->u.s.len;
    if (d->kind != PGW_D_TEXT && d->kind != PGW_D_BYTES &&
        !(d->kind == PGW_D_NUMERIC && numeric_is_plain(p, n)) &&
        ((ct->fam & (F_CHAR | F_WCHAR | F_BINARY | F_NUMERIC)) ||
         (ct->fam == F_BIT && d->kind != PGW_D_BOOL && d->kind != PGW_D_INT))) {
        fmt->len = 0;
        if (!pgw_datum_format(d, fmt))
            return drv_nomem(h);
        p = fmt->p;
        n = fmt->len;
    } else if (d->kind == PGW_D_BYTES && (ct->fam & (F_CHAR | F_WCHAR))) {
        static const char hex[] = "0123456789ABCDEF";   /* binary to char: hex pairs */
        fmt->len = 0;
        for (size_t i = 0; i < d->u.s.len; i++) {
            char pair[2] = { hex[(unsigned char)d->u.s.ptr[i] >> 4],
                             hex[(unsigned char)d->u.s.ptr[i] & 15] };
            if (!pgw_scratch_put(fmt, pair, 2))
                return drv_nomem(h);
        }
        p = fmt->p ? fmt->p : "";
        n = fmt->len;
    }
    switch (ct->fam) {
    case F_CHAR:
        return to_char(h, p, n, ptr, buflen, ind, offset, consumed);
    case F_WCHAR:
        return to_wchar(h, p, n, ptr, buflen, ind, offset, consumed);
    case F_BINARY:
        return to_binary(h, p, n, ptr, buflen, ind, offset, consumed);
    case F_INT:
        return to_int(h, ct, d, ptr, ind);
    case F_FLOAT:
        return to_float(h, ct, d, ptr, ind);
    case F_BIT:
        return to_bit(h, d, p, n, ptr, ind);
    case F_NUMERIC:
        return to_numeric(h, cv, p, n, ptr, ind);
    case F_GUID:
        return to_guid(h, d, ptr, ind);
    case F_DATE: case F_TIME: case F_TIMESTAMP:
        return to_datetime(h, ct, d, ptr, ind);
    case F_INTERVAL:
        return to_interval(h, cv, d, ptr, ind);
    }
    return drv_error(h, "HY000", "Internal error: unhandled C type family");
}

/* ------------------------------------------------------------ fast paths */

/*
 * Direct text-to-C conversions (drv_fast_fn in drv.h) for the values most
 * results are made of. Each one accepts only the text its general
 * counterpart (the type's text decoder in protocol/types.c, then the
 * conversion above) turns into SQL_SUCCESS without a diagnostic, writes
 * exactly what that path writes, and returns false for anything else, so
 * the caller's general path produces every diagnostic. Unit tests hold both
 * paths side by side (tests/unit/test_convert.c).
 */

/* A digit's value, or > 9 for any other byte. */
#define DIGIT(c) ((unsigned)(unsigned char)(c) - '0')

/* NULL: SQL_NULL_DATA in the indicator; without one the general path
 * records 22002. */
static bool fast_null(SQLLEN *ind)
{
    if (!ind)
        return false;
    *ind = SQL_NULL_DATA;
    return true;
}

/* int2/int4/int8 text "[-]d{1,18}" into any integer C type it fits. Longer
 * numbers, '+', spaces and out-of-range values go the general way. */
static bool fast_int(const drv_conv *cv, const char *p, int32_t len, SQLPOINTER ptr,
                     SQLLEN buflen, SQLLEN *ind)
{
    (void)buflen;
    if (len < 0)
        return fast_null(ind);
    size_t n = (size_t)len, i = n > 0 && p[0] == '-';
    if (n - i == 0 || n - i > 18)     /* 18 digits stay below 10^18 */
        return false;
    bool neg = i == 1;
    uint64_t v = 0;
    for (; i < n; i++) {
        unsigned d = DIGIT(p[i]);
        if (d > 9)
            return false;
        v = v * 10 + d;
    }
    const ctype_row *ct = cv->ct;
    uint64_t u;
    if (neg && v > 0) {
        if (!ct->is_signed || v > (uint64_t)(-(ct->min + 1)) + 1)
            return false;
        u = 0 - v;
    } else {
        if (v > ct->max)
            return false;
        u = v;
    }
    if (ptr)
        store_uint(ptr, ct->size, u);
    set_ind(ind, ct->size);
    return true;
}

/* float8 / float4 text into SQL_C_DOUBLE through the decoder's own parser. */
static bool fast_double(const char *p, int32_t len, bool f4, SQLPOINTER ptr, SQLLEN *ind)
{
    double v;
    if (len < 0)
        return fast_null(ind);
    if (!pgw_parse_double(p, (size_t)len, f4, &v))
        return false;
    if (ptr)
        memcpy(ptr, &v, sizeof v);
    set_ind(ind, sizeof v);
    return true;
}

static bool fast_float8(const drv_conv *cv, const char *p, int32_t len, SQLPOINTER ptr,
                        SQLLEN buflen, SQLLEN *ind)
{
    (void)cv, (void)buflen;
    return fast_double(p, len, false, ptr, ind);
}

static bool fast_float4(const drv_conv *cv, const char *p, int32_t len, SQLPOINTER ptr,
                        SQLLEN buflen, SQLLEN *ind)
{
    (void)cv, (void)buflen;
    return fast_double(p, len, true, ptr, ind);
}

/* bool text 't' / 'f' into SQL_C_BIT. */
static bool fast_bit(const drv_conv *cv, const char *p, int32_t len, SQLPOINTER ptr,
                     SQLLEN buflen, SQLLEN *ind)
{
    (void)cv, (void)buflen;
    if (len < 0)
        return fast_null(ind);
    if (len != 1 || (p[0] != 't' && p[0] != 'f'))
        return false;
    if (ptr)
        *(unsigned char *)ptr = p[0] == 't';
    set_ind(ind, 1);
    return true;
}

/* text / varchar / bpchar / name into SQL_C_CHAR when all of it and the NUL
 * fit; a truncation (01004) goes the general way. */
static bool fast_char_text(const drv_conv *cv, const char *p, int32_t len, SQLPOINTER ptr,
                           SQLLEN buflen, SQLLEN *ind)
{
    (void)cv;
    if (len < 0)
        return fast_null(ind);
    if (!ptr || buflen <= len)
        return false;
    memcpy(ptr, p, (size_t)len);
    ((char *)ptr)[len] = '\0';
    set_ind(ind, len);
    return true;
}

/* numeric text in plain notation "[-]d*[.d*]" (at least one digit) into
 * SQL_C_CHAR as it is: what the numeric decoder accepts and character
 * targets take unchanged. '+', exponents, NaN go the general way. */
static bool fast_char_numeric(const drv_conv *cv, const char *p, int32_t len, SQLPOINTER ptr,
                              SQLLEN buflen, SQLLEN *ind)
{
    if (len < 0)
        return fast_null(ind);
    size_t n = (size_t)len, i = n > 0 && p[0] == '-', nd = 0;
    for (; i < n && DIGIT(p[i]) <= 9; i++)
        nd++;
    if (i < n && p[i] == '.')
        for (i++; i < n && DIGIT(p[i]) <= 9; i++)
            nd++;
    if (nd == 0 || i != n)
        return false;
    return fast_char_text(cv, p, len, ptr, buflen, ind);
}

/* The value of the `k` digits at p; *bad set when one is not a digit. */
static unsigned fixed_digits(const char *p, int k, unsigned *bad)
{
    unsigned v = 0;
    for (int j = 0; j < k; j++) {
        unsigned d = DIGIT(p[j]);
        *bad |= d > 9;
        v = v * 10 + d;
    }
    return v;
}

/* timestamp text in PostgreSQL's fixed layout "yyyy-mm-dd hh:mm:ss" with an
 * optional ".f" of 1 to 9 digits into the timestamp struct. Other year
 * widths, 'T', zone offsets and " BC" go the general way. */
static bool fast_timestamp(const drv_conv *cv, const char *p, int32_t len, SQLPOINTER ptr,
                           SQLLEN buflen, SQLLEN *ind)
{
    (void)buflen;
    if (len < 0)
        return fast_null(ind);
    if (len < 19 || len == 20 || len > 29 || p[4] != '-' || p[7] != '-' || p[10] != ' ' ||
        p[13] != ':' || p[16] != ':' || (len > 19 && p[19] != '.'))
        return false;
    unsigned bad = 0;
    unsigned y = fixed_digits(p, 4, &bad), mo = fixed_digits(p + 5, 2, &bad),
             d = fixed_digits(p + 8, 2, &bad), h = fixed_digits(p + 11, 2, &bad),
             mi = fixed_digits(p + 14, 2, &bad), s = fixed_digits(p + 17, 2, &bad);
    uint32_t frac = 0;
    if (len > 19) {
        int k = len - 20;
        frac = fixed_digits(p + 20, k, &bad);
        for (; k < 9; k++)
            frac *= 10;
    }
    /* the general path for the rest: days a month lacks (refused), 24:00:00
     * and leap seconds (the next day or minute) */
    if (bad || mo < 1 || mo > 12 || d < 1 || d > 28 || h > 23 || mi > 59 || s > 59) {
        if (bad || mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 59 ||
            d > pgw_days_in_month((int64_t)y, mo))
            return false;
    }
    SQL_TIMESTAMP_STRUCT ts = { (SQLSMALLINT)y, (SQLUSMALLINT)mo, (SQLUSMALLINT)d,
                                (SQLUSMALLINT)h, (SQLUSMALLINT)mi, (SQLUSMALLINT)s, frac };
    if (ptr)
        memcpy(ptr, &ts, sizeof ts);
    set_ind(ind, cv->ct->size);
    return true;
}

/* Which fast conversion serves a wire type (text format) and a C target:
 * the C type itself, or 0 for any C type of the family `fam`. */
static const struct {
    uint32_t oid;
    cfam fam;
    SQLSMALLINT c_type;
    drv_fast_fn fn;
} fast_table[] = {
    { 16, F_BIT, SQL_C_BIT, fast_bit },
    { 19, F_CHAR, SQL_C_CHAR, fast_char_text },
    { 20, F_INT, 0, fast_int },
    { 21, F_INT, 0, fast_int },
    { 23, F_INT, 0, fast_int },
    { 25, F_CHAR, SQL_C_CHAR, fast_char_text },
    { 700, F_FLOAT, SQL_C_DOUBLE, fast_float4 },
    { 701, F_FLOAT, SQL_C_DOUBLE, fast_float8 },
    { 1042, F_CHAR, SQL_C_CHAR, fast_char_text },
    { 1043, F_CHAR, SQL_C_CHAR, fast_char_text },
    { 1114, F_TIMESTAMP, 0, fast_timestamp },
    { 1700, F_CHAR, SQL_C_CHAR, fast_char_numeric },
};

drv_fast_fn drv_fast_resolve(const drv_conv *cv, uint32_t oid, int format)
{
    if (format != 0 || !cv->ct || !cv->allowed)
        return NULL;
    for (size_t i = 0; i < sizeof fast_table / sizeof fast_table[0]; i++)
        if (fast_table[i].oid == oid && fast_table[i].fam == cv->ct->fam &&
            (!fast_table[i].c_type || fast_table[i].c_type == cv->c_type))
            return fast_table[i].fn;
    return NULL;
}
