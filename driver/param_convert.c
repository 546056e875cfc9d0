/*
 * param_convert.c: the C-to-SQL conversions of ODBC appendix D for one
 * parameter value: application bytes in, wire bytes + parameter type OID
 * out. Indicators, bindings, arrays and data-at-execution are params.c's;
 * this file sees one present (non-NULL) value at a time.
 *
 * Format: values go as TEXT unless the server has told the parameter's
 * type. Text is exact for every type here (doubles with 17 significant
 * digits round-trip, numerics are decimal strings, timestamps keep their
 * microseconds) and needs no type OID: CrateDB reads a binary value of an
 * `unknown`-typed parameter as raw text (FACTS §4.5), so binary without a
 * known type would force declaring OIDs, and a declared OID wins over the
 * context on CrateDB while PostgreSQL refuses `int_col = $1::varchar`
 * outright. So the OID is 0 (the server infers the type from the context,
 * FACTS §4.6) except for SQL_BIT, sent as bool (16) with t/f: CrateDB reads
 * any other text for a bool as false, silently.
 *
 * When the caller knows the type the server settled on (in->server_oid, from
 * the ParameterDescription of the very Parse the Bind uses), integers,
 * doubles, reals and timestamps go in BINARY (format 1): the same value,
 * and the server skips parsing text (a tenth of PostgreSQL's insert work in
 * bench/). Only when the value needs no conversion rule of its own: an
 * integer C type to an integer SQL type and column, a double to a double,
 * a timestamp struct to a timestamp; any value the SQL type or the column
 * cannot hold, or whose binary form would differ from the text one, takes
 * the text path and its errors.
 *
 * Checks made here, before anything is sent (the SQLSTATEs of the spec's
 * C-to-SQL tables): impossible pairs 07006, text longer than the column
 * size 22001, integers/floats outside the SQL type 22003 (fractions going to
 * an integer type 22001), date/time structs with impossible fields 22008,
 * character data that is no date/time for a datetime type 22007, text that
 * is not UTF-8 (or UTF-16) 22018. Everything else (e.g. 'abc' for an int
 * column) is the server's to reject.
 */
#include <float.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "param_convert.h"
#include "pgw.h"

bool drv_arena_put(drv_arena *a, const void *s, size_t n)
{
    if (a->len + n + 1 > a->cap) {
        size_t cap = a->cap ? a->cap : 256;
        while (cap < a->len + n + 1)
            cap *= 2;
        char *b = realloc(a->buf, cap);
        if (!b)
            return false;
        a->buf = b;
        a->cap = cap;
    }
    if (n)
        memcpy(a->buf + a->len, s, n);
    a->len += n;
    a->buf[a->len] = '\0';
    return true;
}

/* ------------------------------------------------------------ type tables */

/* Families of C types and of SQL types (one bit each). */
enum {
    K_CHAR = 1 << 0, K_BIN = 1 << 1, K_BIT = 1 << 2, K_INT = 1 << 3, K_APPROX = 1 << 4,
    K_EXACT = 1 << 5, K_DATE = 1 << 6, K_TIME = 1 << 7, K_TS = 1 << 8, K_GUID = 1 << 9,
    K_IVAL = 1 << 10, K_WCHAR = 1 << 11
};

typedef struct c_row {
    SQLSMALLINT c_type;
    unsigned kind;
    unsigned to;          /* SQL kinds it converts to (appendix D)            */
} c_row;

#define NUMBER_TO (K_CHAR | K_BIN | K_BIT | K_INT | K_APPROX | K_EXACT)
static const c_row c_rows[] = {
    { SQL_C_CHAR, K_CHAR, ~0u },
    { SQL_C_WCHAR, K_WCHAR, ~0u },
    { SQL_C_BINARY, K_BIN, ~0u },
    { SQL_C_BIT, K_BIT, NUMBER_TO },
    { SQL_C_STINYINT, K_INT, NUMBER_TO }, { SQL_C_TINYINT, K_INT, NUMBER_TO },
    { SQL_C_UTINYINT, K_INT, NUMBER_TO }, { SQL_C_SSHORT, K_INT, NUMBER_TO },
    { SQL_C_SHORT, K_INT, NUMBER_TO }, { SQL_C_USHORT, K_INT, NUMBER_TO },
    { SQL_C_SLONG, K_INT, NUMBER_TO }, { SQL_C_LONG, K_INT, NUMBER_TO },
    { SQL_C_ULONG, K_INT, NUMBER_TO }, { SQL_C_SBIGINT, K_INT, NUMBER_TO },
    { SQL_C_UBIGINT, K_INT, NUMBER_TO },
    { SQL_C_FLOAT, K_APPROX, NUMBER_TO }, { SQL_C_DOUBLE, K_APPROX, NUMBER_TO },
    { SQL_C_NUMERIC, K_EXACT, NUMBER_TO },
    { SQL_C_TYPE_DATE, K_DATE, K_CHAR | K_BIN | K_DATE | K_TS },
    { SQL_C_DATE, K_DATE, K_CHAR | K_BIN | K_DATE | K_TS },
    { SQL_C_TYPE_TIME, K_TIME, K_CHAR | K_BIN | K_TIME | K_TS },
    { SQL_C_TIME, K_TIME, K_CHAR | K_BIN | K_TIME | K_TS },
    { SQL_C_TYPE_TIMESTAMP, K_TS, K_CHAR | K_BIN | K_DATE | K_TIME | K_TS },
    { SQL_C_TIMESTAMP, K_TS, K_CHAR | K_BIN | K_DATE | K_TIME | K_TS },
    { SQL_C_GUID, K_GUID, K_CHAR | K_BIN | K_GUID },
    { SQL_C_INTERVAL_YEAR, K_IVAL, K_CHAR | K_BIN | K_IVAL },
    { SQL_C_INTERVAL_MONTH, K_IVAL, K_CHAR | K_BIN | K_IVAL },
    { SQL_C_INTERVAL_YEAR_TO_MONTH, K_IVAL, K_CHAR | K_BIN | K_IVAL },
    { SQL_C_INTERVAL_DAY, K_IVAL, K_CHAR | K_BIN | K_IVAL },
    { SQL_C_INTERVAL_HOUR, K_IVAL, K_CHAR | K_BIN | K_IVAL },
    { SQL_C_INTERVAL_MINUTE, K_IVAL, K_CHAR | K_BIN | K_IVAL },
    { SQL_C_INTERVAL_SECOND, K_IVAL, K_CHAR | K_BIN | K_IVAL },
    { SQL_C_INTERVAL_DAY_TO_HOUR, K_IVAL, K_CHAR | K_BIN | K_IVAL },
    { SQL_C_INTERVAL_DAY_TO_MINUTE, K_IVAL, K_CHAR | K_BIN | K_IVAL },
    { SQL_C_INTERVAL_DAY_TO_SECOND, K_IVAL, K_CHAR | K_BIN | K_IVAL },
    { SQL_C_INTERVAL_HOUR_TO_MINUTE, K_IVAL, K_CHAR | K_BIN | K_IVAL },
    { SQL_C_INTERVAL_HOUR_TO_SECOND, K_IVAL, K_CHAR | K_BIN | K_IVAL },
    { SQL_C_INTERVAL_MINUTE_TO_SECOND, K_IVAL, K_CHAR | K_BIN | K_IVAL },
};

/* SQL types: kind, integer range, and the C type SQL_C_DEFAULT means. */
typedef struct sql_row {
    SQLSMALLINT sql_type;
    unsigned kind;
    double min, max;      /* K_INT / K_APPROX range                          */
    SQLSMALLINT c_default;
} sql_row;

static const sql_row sql_rows[] = {
    { SQL_CHAR, K_CHAR, 0, 0, SQL_C_CHAR }, { SQL_VARCHAR, K_CHAR, 0, 0, SQL_C_CHAR },
    { SQL_LONGVARCHAR, K_CHAR, 0, 0, SQL_C_CHAR }, { SQL_WCHAR, K_CHAR, 0, 0, SQL_C_WCHAR },
    { SQL_WVARCHAR, K_CHAR, 0, 0, SQL_C_WCHAR },
    { SQL_WLONGVARCHAR, K_CHAR, 0, 0, SQL_C_WCHAR },
    { SQL_BINARY, K_BIN, 0, 0, SQL_C_BINARY }, { SQL_VARBINARY, K_BIN, 0, 0, SQL_C_BINARY },
    { SQL_LONGVARBINARY, K_BIN, 0, 0, SQL_C_BINARY },
    { SQL_BIT, K_BIT, 0, 1, SQL_C_BIT },
    { SQL_TINYINT, K_INT, -128.0, 127.0, SQL_C_STINYINT },
    { SQL_SMALLINT, K_INT, -32768.0, 32767.0, SQL_C_SSHORT },
    { SQL_INTEGER, K_INT, -2147483648.0, 2147483647.0, SQL_C_SLONG },
    { SQL_BIGINT, K_INT, -9223372036854775808.0, 9223372036854775807.0, SQL_C_SBIGINT },
    { SQL_REAL, K_APPROX, -FLT_MAX, FLT_MAX, SQL_C_FLOAT },
    { SQL_FLOAT, K_APPROX, -HUGE_VAL, HUGE_VAL, SQL_C_DOUBLE },
    { SQL_DOUBLE, K_APPROX, -HUGE_VAL, HUGE_VAL, SQL_C_DOUBLE },
    { SQL_NUMERIC, K_EXACT, 0, 0, SQL_C_CHAR }, { SQL_DECIMAL, K_EXACT, 0, 0, SQL_C_CHAR },
    { SQL_TYPE_DATE, K_DATE, 0, 0, SQL_C_TYPE_DATE }, { SQL_DATE, K_DATE, 0, 0, SQL_C_TYPE_DATE },
    { SQL_TYPE_TIME, K_TIME, 0, 0, SQL_C_TYPE_TIME }, { SQL_TIME, K_TIME, 0, 0, SQL_C_TYPE_TIME },
    { SQL_TYPE_TIMESTAMP, K_TS, 0, 0, SQL_C_TYPE_TIMESTAMP },
    { SQL_TIMESTAMP, K_TS, 0, 0, SQL_C_TYPE_TIMESTAMP },
    { SQL_GUID, K_GUID, 0, 0, SQL_C_GUID },
    { SQL_INTERVAL_YEAR, K_IVAL, 0, 0, SQL_C_INTERVAL_YEAR },
    { SQL_INTERVAL_MONTH, K_IVAL, 0, 0, SQL_C_INTERVAL_MONTH },
    { SQL_INTERVAL_YEAR_TO_MONTH, K_IVAL, 0, 0, SQL_C_INTERVAL_YEAR_TO_MONTH },
    { SQL_INTERVAL_DAY, K_IVAL, 0, 0, SQL_C_INTERVAL_DAY },
    { SQL_INTERVAL_HOUR, K_IVAL, 0, 0, SQL_C_INTERVAL_HOUR },
    { SQL_INTERVAL_MINUTE, K_IVAL, 0, 0, SQL_C_INTERVAL_MINUTE },
    { SQL_INTERVAL_SECOND, K_IVAL, 0, 0, SQL_C_INTERVAL_SECOND },
    { SQL_INTERVAL_DAY_TO_HOUR, K_IVAL, 0, 0, SQL_C_INTERVAL_DAY_TO_HOUR },
    { SQL_INTERVAL_DAY_TO_MINUTE, K_IVAL, 0, 0, SQL_C_INTERVAL_DAY_TO_MINUTE },
    { SQL_INTERVAL_DAY_TO_SECOND, K_IVAL, 0, 0, SQL_C_INTERVAL_DAY_TO_SECOND },
    { SQL_INTERVAL_HOUR_TO_MINUTE, K_IVAL, 0, 0, SQL_C_INTERVAL_HOUR_TO_MINUTE },
    { SQL_INTERVAL_HOUR_TO_SECOND, K_IVAL, 0, 0, SQL_C_INTERVAL_HOUR_TO_SECOND },
    { SQL_INTERVAL_MINUTE_TO_SECOND, K_IVAL, 0, 0, SQL_C_INTERVAL_MINUTE_TO_SECOND },
};

/* An SQL type the driver does not know is passed on like character data. */
static const sql_row unknown_sql = { 0, K_CHAR, 0, 0, SQL_C_CHAR };

static const c_row *c_find(SQLSMALLINT c)
{
    for (size_t i = 0; i < sizeof c_rows / sizeof c_rows[0]; i++)
        if (c_rows[i].c_type == c)
            return &c_rows[i];
    return NULL;
}

static const sql_row *sql_find(SQLSMALLINT s)
{
    for (size_t i = 0; i < sizeof sql_rows / sizeof sql_rows[0]; i++)
        if (sql_rows[i].sql_type == s)
            return &sql_rows[i];
    return &unknown_sql;
}

SQLSMALLINT drv_param_default_c(SQLSMALLINT sql_type)
{
    const sql_row *r = sql_find(sql_type);
    return r == &unknown_sql ? 0 : r->c_default;
}

size_t drv_param_wcslen(const SQLWCHAR *s)
{
    size_t n = 0;
    while (s[n])
        n++;
    return n;
}

/* ------------------------------------------------------------ helpers */

typedef struct ctx {
    const drv_pc_in *in;
    const sql_row *sql;
    drv_arena *a;
    char *msg;
    size_t msglen;
    bool iso_years;         /* year_text: ISO signed years, no era */
} ctx;

static const char *fail(ctx *x, const char *state, const char *fmt, ...)
    PGW_PRINTF(3, 4);
static const char *fail(ctx *x, const char *state, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    if (x->msg && x->msglen)
        vsnprintf(x->msg, x->msglen, fmt, ap);
    va_end(ap);
    return state;
}

static const char *put(ctx *x, const void *s, size_t n)
{
    if (!drv_arena_put(x->a, s, n))
        return fail(x, "HY001", "Memory allocation error");
    return NULL;
}

/* Appends printf output (short values only). */
static const char *putf(ctx *x, const char *fmt, ...) PGW_PRINTF(2, 3);
static const char *putf(ctx *x, const char *fmt, ...)
{
    char tmp[128];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    if (n < 0 || (size_t)n >= sizeof tmp)
        return fail(x, "HY000", "Value too long to format");
    return put(x, tmp, (size_t)n);
}

/* Counts the characters of valid UTF-8; false when it is not UTF-8. */
static bool utf8_chars(const unsigned char *s, size_t n, size_t *chars)
{
    size_t c = 0;
    for (size_t i = 0; i < n;) {
        unsigned char b = s[i];
        size_t k = b < 0x80 ? 1 : (b >> 5) == 6 ? 2 : (b >> 4) == 14 ? 3 : (b >> 3) == 30 ? 4 : 0;
        if (k == 0 || i + k > n)
            return false;
        for (size_t j = 1; j < k; j++)
            if ((s[i + j] & 0xc0) != 0x80)
                return false;
        i += k;
        c++;
    }
    *chars = c;
    return true;
}

/* Appends UTF-16 (n units) as UTF-8; false on an unpaired surrogate. */
static bool put_utf16(ctx *x, const SQLWCHAR *w, size_t n, bool *nomem)
{
    *nomem = false;
    for (size_t i = 0; i < n; i++) {
        uint32_t cp = w[i];
        unsigned char o[4];
        size_t k;
        if (cp >= 0xd800 && cp <= 0xdbff) {
            if (i + 1 >= n || w[i + 1] < 0xdc00 || w[i + 1] > 0xdfff)
                return false;
            cp = 0x10000 + ((cp - 0xd800) << 10) + (w[++i] - 0xdc00u);
        } else if (cp >= 0xdc00 && cp <= 0xdfff) {
            return false;
        }
        if (cp < 0x80) {
            o[0] = (unsigned char)cp;
            k = 1;
        } else if (cp < 0x800) {
            o[0] = (unsigned char)(0xc0 | (cp >> 6));
            o[1] = (unsigned char)(0x80 | (cp & 0x3f));
            k = 2;
        } else if (cp < 0x10000) {
            o[0] = (unsigned char)(0xe0 | (cp >> 12));
            o[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3f));
            o[2] = (unsigned char)(0x80 | (cp & 0x3f));
            k = 3;
        } else {
            o[0] = (unsigned char)(0xf0 | (cp >> 18));
            o[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3f));
            o[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3f));
            o[3] = (unsigned char)(0x80 | (cp & 0x3f));
            k = 4;
        }
        if (!drv_arena_put(x->a, o, k)) {
            *nomem = true;
            return false;
        }
    }
    return true;
}

/* A character value given for SQL_BIT, as t/f; NULL when it is no boolean. */
static const char *bool_word(const char *s, size_t n)
{
    static const struct { const char *w, *v; } words[] = {
        { "1", "t" }, { "t", "t" }, { "true", "t" }, { "y", "t" }, { "yes", "t" },
        { "on", "t" }, { "0", "f" }, { "f", "f" }, { "false", "f" }, { "n", "f" },
        { "no", "f" }, { "off", "f" },
    };
    while (n > 0 && (*s == ' ' || *s == '\t')) {
        s++;
        n--;
    }
    while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
        n--;
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
        if (strlen(words[i].w) == n && strncasecmp(words[i].w, s, n) == 0)
            return words[i].v;
    return NULL;
}

static bool is_leap(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static bool valid_date(int y, unsigned m, unsigned d)
{
    static const unsigned mdays[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
    if (m < 1 || m > 12 || d < 1 || y < -4712 || y > 294276)
        return false;
    return d <= mdays[m - 1] + (m == 2 && is_leap(y));
}

static bool valid_time(unsigned h, unsigned mi, unsigned s)
{
    return h < 24 && mi < 60 && s < 60;
}

/* n decimal digits at s (all digits); -1 when not. */
static long digits_at(const char *s, size_t len, size_t at, size_t n)
{
    long v = 0;
    if (at + n > len)
        return -1;
    for (size_t i = at; i < at + n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return -1;
        v = v * 10 + (s[i] - '0');
    }
    return v;
}

/* Character data for a datetime SQL type: "yyyy-mm-dd" for dates and
 * timestamps (a time part may follow), "hh:mm:ss" for times. The rest
 * (fraction, zone, BC) is the server's to read. */
static bool plausible_datetime(const char *s, size_t n, unsigned kind)
{
    while (n > 0 && (*s == ' ' || *s == '\t')) {
        s++;
        n--;
    }
    if (kind == K_TIME) {
        long h = digits_at(s, n, 0, 2), mi = digits_at(s, n, 3, 2), se = digits_at(s, n, 6, 2);
        return h >= 0 && mi >= 0 && se >= 0 && s[2] == ':' && s[5] == ':' &&
               valid_time((unsigned)h, (unsigned)mi, (unsigned)se);
    }
    long y = digits_at(s, n, 0, 4), m = digits_at(s, n, 5, 2), d = digits_at(s, n, 8, 2);
    if (y < 0 || m < 0 || d < 0 || s[4] != '-' || s[7] != '-' ||
        !valid_date((int)y, (unsigned)m, (unsigned)d))
        return false;
    if (n > 10 && kind == K_DATE)
        return s[10] == ' ';      /* " BC" */
    if (n > 10) {
        long h = digits_at(s, n, 11, 2), mi = digits_at(s, n, 14, 2);
        return (s[10] == ' ' || s[10] == 'T') && h >= 0 && mi >= 0 && s[13] == ':' &&
               (h < 24 && mi < 60);
    }
    return true;
}

/*
 * The escape-clause forms of appendix D's "C to SQL: Character" tables:
 * character data for a date, time or timestamp parameter may be an
 * ODBC-date-literal {d 'yyyy-mm-dd'}, ODBC-time-literal {t 'hh:mm:ss'} or
 * ODBC-timestamp-literal {ts 'yyyy-mm-dd hh:mm:ss[.f...]'} (appendix C's
 * grammar: blanks may separate the tokens, the keyword is case-insensitive,
 * the quoted value is exact), besides the plain value. Which escape goes to
 * which type, by the table: a timestamp loses no time part going to a date
 * and no fraction going to a time (else 22008), a date becomes midnight and
 * a time today's date (UTC, as for a time struct) in a timestamp, and an
 * escape of a kind the type cannot take is 22018.
 */
enum { ESC_D, ESC_T, ESC_TS };

static const struct dt_escape {
    const char *key;
    const char *name;        /* for messages */
} dt_escapes[] = {
    [ESC_D] = { "d", "date" }, [ESC_T] = { "t", "time" }, [ESC_TS] = { "ts", "timestamp" },
};

static bool is_blank(char c)
{
    return c == ' ' || c == '\t';
}

/* The quoted value of an escape is exactly the escape's form: "yyyy-mm-dd",
 * "hh:mm:ss", or both joined by a space with an optional fraction of 1-9
 * digits; *frac_nonzero tells whether that fraction has a nonzero digit. */
static bool escape_value_valid(int esc, const char *v, size_t n, bool *frac_nonzero)
{
    *frac_nonzero = false;
    size_t at = 0;
    if (esc != ESC_T) {
        long y = digits_at(v, n, 0, 4), m = digits_at(v, n, 5, 2), d = digits_at(v, n, 8, 2);
        if (n < 10 || y < 0 || m < 0 || d < 0 || v[4] != '-' || v[7] != '-' ||
            !valid_date((int)y, (unsigned)m, (unsigned)d))
            return false;
        if (esc == ESC_D)
            return n == 10;
        if (n < 11 || v[10] != ' ')
            return false;
        at = 11;
    }
    long h = digits_at(v, n, at, 2), mi = digits_at(v, n, at + 3, 2),
         se = digits_at(v, n, at + 6, 2);
    if (n < at + 8 || h < 0 || mi < 0 || se < 0 || v[at + 2] != ':' || v[at + 5] != ':' ||
        !valid_time((unsigned)h, (unsigned)mi, (unsigned)se))
        return false;
    at += 8;
    if (at == n)
        return true;
    if (esc != ESC_TS || v[at] != '.' || n - at < 2 || n - at > 10)
        return false;
    for (size_t i = at + 1; i < n; i++) {
        if (v[i] < '0' || v[i] > '9')
            return false;
        *frac_nonzero = *frac_nonzero || v[i] != '0';
    }
    return true;
}

/*
 * Character data at [start, end) of the arena for a date, time or timestamp
 * parameter: when it is an escape, replaces it with the plain value the
 * parameter's type takes (see above). Plain values are left alone. Returns
 * the SQLSTATE of a failure, NULL otherwise.
 */
static const char *unescape_datetime(ctx *x, size_t start)
{
    const char *s = x->a->buf + start;
    size_t n = x->a->len - start;
    /* leading and trailing blanks are ignored (appendix D) */
    while (n > 0 && is_blank(*s)) {
        s++;
        n--;
    }
    while (n > 0 && is_blank(s[n - 1]))
        n--;
    if (n == 0 || s[0] != '{')
        return NULL;
    size_t i = 1, k = 0;
    while (i < n && is_blank(s[i]))
        i++;
    while (i + k < n && ((s[i + k] | 0x20) >= 'a' && (s[i + k] | 0x20) <= 'z'))
        k++;
    int esc = -1;
    for (int e = ESC_D; e <= ESC_TS; e++)
        if (strlen(dt_escapes[e].key) == k && strncasecmp(s + i, dt_escapes[e].key, k) == 0)
            esc = e;
    i += k;
    while (i < n && is_blank(s[i]))
        i++;
    size_t vstart = i + 1, vend = vstart;
    while (vend < n && s[vend] != '\'')
        vend++;
    size_t j = vend + 1;
    while (j < n && is_blank(s[j]))
        j++;
    if (esc < 0 || k == 0 || i >= n || s[i] != '\'' || vend >= n || j != n - 1 || s[j] != '}')
        return fail(x, "22018", "Invalid character value: \"%.*s\" is no ODBC date, time or "
                    "timestamp escape ({d 'yyyy-mm-dd'}, {t 'hh:mm:ss'}, "
                    "{ts 'yyyy-mm-dd hh:mm:ss[.f]'})", (int)(n > 60 ? 60 : n), s);
    const char *v = s + vstart;
    size_t vn = vend - vstart;
    bool frac_nonzero;
    if (!escape_value_valid(esc, v, vn, &frac_nonzero))
        return fail(x, "22007", "Invalid datetime format: '%.*s' in a {%s ...} escape is no "
                    "valid %s", (int)(vn > 40 ? 40 : vn), v, dt_escapes[esc].key,
                    dt_escapes[esc].name);
    unsigned to = x->sql->kind;
    const char *to_name = to == K_DATE ? "date" : to == K_TIME ? "time" : "timestamp";
    if ((esc == ESC_D && to == K_TIME) || (esc == ESC_T && to == K_DATE))
        return fail(x, "22018", "Invalid character value: a %s escape {%s ...} for a %s "
                    "parameter", dt_escapes[esc].name, dt_escapes[esc].key, to_name);
    char out[48];
    int len;
    if (esc == ESC_TS && to == K_DATE) {
        if (strncmp(v + 11, "00:00:00", 8) != 0 || frac_nonzero)
            return fail(x, "22008", "Datetime field overflow: the time part of {ts '%.*s'} "
                        "would be lost in a date", (int)vn, v);
        len = snprintf(out, sizeof out, "%.10s", v);
    } else if (esc == ESC_TS && to == K_TIME) {
        if (frac_nonzero)
            return fail(x, "22008", "Datetime field overflow: the fractional seconds of "
                        "{ts '%.*s'} would be lost in a time", (int)vn, v);
        len = snprintf(out, sizeof out, "%.8s", v + 11);
    } else if (esc == ESC_D && to == K_TS) {
        len = snprintf(out, sizeof out, "%.10s 00:00:00", v);
    } else if (esc == ESC_T && to == K_TS) {
        /* today's date, as for a time struct going to a timestamp */
        time_t now = time(NULL);
        struct tm tm;
        gmtime_r(&now, &tm);
        len = snprintf(out, sizeof out, "%04d-%02d-%02d %.8s", tm.tm_year + 1900,
                       tm.tm_mon + 1, tm.tm_mday, v);
    } else {
        len = snprintf(out, sizeof out, "%.*s", (int)vn, v);
    }
    x->a->len = start;
    return put(x, out, (size_t)len);
}

/* ------------------------------------------------------------ per family */

/* Character data (UTF-8 already in the arena at [start, end)): checks for
 * the SQL type; rewrites booleans. */
static const char *check_text(ctx *x, size_t start, drv_pc_out *out)
{
    const char *s = x->a->buf + start;
    size_t n = x->a->len - start, chars = 0;
    if (!utf8_chars((const unsigned char *)s, n, &chars))
        return fail(x, "22018", "Invalid character value: not UTF-8");
    switch (x->sql->kind) {
    case K_CHAR:
        if (x->in->column_size > 0 && chars > x->in->column_size)
            return fail(x, "22001", "String data, right truncation: %zu characters for a "
                        "column of %lu", chars, (unsigned long)x->in->column_size);
        return NULL;
    case K_BIT: {
        const char *w = bool_word(s, n);
        if (!w)
            return fail(x, "22018", "Invalid character value for a boolean parameter");
        x->a->len = start;
        out->oid = 16;
        return put(x, w, 1);
    }
    case K_DATE: case K_TIME: case K_TS: {
        const char *e = unescape_datetime(x, start);
        if (e)
            return e;
        s = x->a->buf + start;
        n = x->a->len - start;
        if (!plausible_datetime(s, n, x->sql->kind))
            return fail(x, "22007", "Invalid datetime format: '%.*s'", (int)(n > 40 ? 40 : n),
                        s);
        return NULL;
    }
    case K_BIN: {
        /* character data for a binary type is hex digits (appendix D) */
        if (n % 2)
            return fail(x, "22018", "Invalid character value: odd number of hex digits");
        for (size_t i = 0; i < n; i++)
            if (!strchr("0123456789abcdefABCDEF", s[i]) || !s[i])
                return fail(x, "22018", "Invalid character value: not hex digits");
        char *copy = malloc(n + 1);
        if (!copy)
            return fail(x, "HY001", "Memory allocation error");
        memcpy(copy, s, n);
        x->a->len = start;
        const char *e = put(x, "\\x", 2);
        if (!e)
            e = put(x, copy, n);
        free(copy);
        return e;
    }
    default:
        return NULL;
    }
}

/* An exact value to an SQL type: integers go as integers (range checked),
 * text is `text` (already formatted, n bytes). `v` is the value as double
 * for the range check, `frac` true when it has a fractional part. */
static const char *put_number(ctx *x, const char *text, double v, bool frac, drv_pc_out *out)
{
    const sql_row *s = x->sql;
    switch (s->kind) {
    case K_BIT:
        if (v < 0 || v >= 2 || isnan(v))
            return fail(x, "22003", "Numeric value out of range for a bit");
        if (frac)
            return fail(x, "22001", "Fractional truncation converting to a bit");
        out->oid = 16;
        return put(x, v >= 1 ? "t" : "f", 1);
    case K_INT:
        if (isnan(v) || v < s->min || v > s->max)
            return fail(x, "22003", "Numeric value out of range: %s", text);
        if (frac)
            return fail(x, "22001", "Fractional truncation: %s", text);
        break;
    case K_APPROX:
        if (!isnan(v) && !isinf(v) && (v < s->min || v > s->max))
            return fail(x, "22003", "Numeric value out of range: %s", text);
        break;
    default:
        break;
    }
    return put(x, text, strlen(text));
}

static int fmt_double(char *out, size_t cap, double d, int digits)
{
    if (isnan(d))
        return snprintf(out, cap, "NaN");
    if (isinf(d))
        return snprintf(out, cap, d < 0 ? "-Infinity" : "Infinity");
    return snprintf(out, cap, "%.*g", digits, d);
}

/* SQL_NUMERIC_STRUCT (little-endian 128-bit magnitude, sign 1 = +) with
 * `scale` as a plain decimal string. *frac tells whether a nonzero fraction
 * exists, *ndigits how many digits the magnitude has (0 for zero). */
static void fmt_numeric(char *out, size_t cap, const SQL_NUMERIC_STRUCT *ns, int scale,
                        bool *frac, double *approx, int *ndigits)
{
    unsigned __int128 m = 0;
    char dg[48];
    int nd = 0;
    size_t o = 0;
    for (int k = SQL_MAX_NUMERIC_LEN - 1; k >= 0; k--)
        m = (m << 8) | ns->val[k];
    do {
        dg[nd++] = (char)('0' + (int)(m % 10));
        m /= 10;
    } while (m > 0);
    *ndigits = nd == 1 && dg[0] == '0' ? 0 : nd;
    *frac = false;
    if (ns->sign == 0 && !(nd == 1 && dg[0] == '0'))
        out[o++] = '-';
    if (scale <= 0) {
        for (int i = nd - 1; i >= 0; i--)
            out[o++] = dg[i];
        for (int i = 0; i < -scale && o + 2 < cap && !(nd == 1 && dg[0] == '0'); i++)
            out[o++] = '0';
    } else {
        int intd = nd - scale;
        for (int i = 0; i < scale && i < nd; i++)
            *frac |= dg[i] != '0';
        if (intd <= 0) {
            out[o++] = '0';
            out[o++] = '.';
            for (int i = 0; i < -intd; i++)
                out[o++] = '0';
            for (int i = nd - 1; i >= 0; i--)
                out[o++] = dg[i];
        } else {
            for (int i = nd - 1; i >= 0; i--) {
                out[o++] = dg[i];
                if (i == scale)
                    out[o++] = '.';
            }
        }
    }
    out[o] = '\0';
    *approx = strtod(out, NULL);
}

/* The year of a date's text form into y[16], and its era suffix: an
 * astronomical year <= 0 is written with " BC", or, for CrateDB's datetime
 * parameters (x->iso_years), signed as ISO 8601 writes years outside
 * 1..9999 (-0043, +10000): CrateDB 6.4.3 reads no era there. */
static const char *year_text(const ctx *x, int year, char y[16])
{
    if (x->iso_years && (year < 1 || year > 9999)) {
        /* year 0 is 0000; a sign before four digits only below it */
        snprintf(y, 16, year < 0 ? "-%04d" : year > 9999 ? "+%d" : "%04d", year < 0 ? -year : year);
        return "";
    }
    snprintf(y, 16, "%04d", year <= 0 ? 1 - year : year);
    return year <= 0 ? " BC" : "";
}

static const char *put_date(ctx *x, int year, unsigned m, unsigned d)
{
    char y[16];
    const char *era = year_text(x, year, y);
    return putf(x, "%s-%02u-%02u%s", y, m, d, era);
}

/* n digits of v, zero-padded, at p. */
static char *put_digits(char *p, unsigned long v, int n)
{
    for (int i = n - 1; i >= 0; i--) {
        p[i] = (char)('0' + (int)(v % 10));
        v /= 10;
    }
    return p + n;
}

static const char *put_timestamp(ctx *x, const SQL_TIMESTAMP_STRUCT *t)
{
    if (t->year >= 1 && t->year <= 9999) {
        /* the common case without printf: yyyy-mm-dd hh:mm:ss[.f] */
        char b[32], *p = b;
        p = put_digits(p, (unsigned long)t->year, 4);
        *p++ = '-';
        p = put_digits(p, t->month, 2);
        *p++ = '-';
        p = put_digits(p, t->day, 2);
        *p++ = ' ';
        p = put_digits(p, t->hour, 2);
        *p++ = ':';
        p = put_digits(p, t->minute, 2);
        *p++ = ':';
        p = put_digits(p, t->second, 2);
        if (t->fraction) {
            *p++ = '.';
            p = put_digits(p, t->fraction, 9);
            while (p[-1] == '0')
                p--;
        }
        return put(x, b, (size_t)(p - b));
    }
    char frac[16] = "";
    if (t->fraction) {
        int fl = snprintf(frac, sizeof frac, ".%09lu", (unsigned long)t->fraction);
        while (fl > 1 && frac[fl - 1] == '0')
            frac[--fl] = '\0';
    }
    char y[16];
    const char *era = year_text(x, t->year, y);
    return putf(x, "%s-%02u-%02u %02u:%02u:%02u%s%s", y, t->month, t->day, t->hour, t->minute,
                t->second, frac, era);
}

static const char *conv_datetime(ctx *x, unsigned ckind)
{
    const void *p = x->in->ptr;
    SQL_TIMESTAMP_STRUCT ts = { 0, 0, 0, 0, 0, 0, 0 };
    if (ckind == K_DATE) {
        const SQL_DATE_STRUCT *d = p;
        ts.year = d->year;
        ts.month = d->month;
        ts.day = d->day;
    } else if (ckind == K_TIME) {
        const SQL_TIME_STRUCT *t = p;
        ts.hour = t->hour;
        ts.minute = t->minute;
        ts.second = t->second;
        /* a time going to a timestamp takes today's date (appendix D) */
        time_t now = time(NULL);
        struct tm tm;
        gmtime_r(&now, &tm);
        ts.year = (SQLSMALLINT)(tm.tm_year + 1900);
        ts.month = (SQLUSMALLINT)(tm.tm_mon + 1);
        ts.day = (SQLUSMALLINT)tm.tm_mday;
    } else {
        ts = *(const SQL_TIMESTAMP_STRUCT *)p;
    }
    if (!valid_date(ts.year, ts.month, ts.day) || !valid_time(ts.hour, ts.minute, ts.second) ||
        ts.fraction > 999999999u)
        return fail(x, "22008", "Datetime field overflow: %d-%u-%u %u:%u:%u.%lu", ts.year,
                    ts.month, ts.day, ts.hour, ts.minute, ts.second,
                    (unsigned long)ts.fraction);
    unsigned to = x->sql->kind;
    x->iso_years = x->in->iso_years && to != K_CHAR;
    if (to == K_DATE || (to == K_CHAR && ckind == K_DATE)) {
        if (ckind == K_TS && (ts.hour || ts.minute || ts.second || ts.fraction))
            return fail(x, "22008", "Datetime field overflow: the time part would be lost");
        return put_date(x, ts.year, ts.month, ts.day);
    }
    if (to == K_TIME || (to == K_CHAR && ckind == K_TIME)) {
        if (ckind == K_TS && ts.fraction)
            return fail(x, "22008", "Datetime field overflow: fractional seconds would be lost");
        return putf(x, "%02u:%02u:%02u", ts.hour, ts.minute, ts.second);
    }
    return put_timestamp(x, &ts);
}

/* An interval struct as "N years N mons N days HH:MM:SS[.ffffff]" (read by
 * CrateDB's and PostgreSQL's interval input alike). */
static const char *conv_interval(ctx *x)
{
    const SQL_INTERVAL_STRUCT *iv = x->in->ptr;
    const char *neg = iv->interval_sign == SQL_TRUE ? "-" : "";
    if (iv->interval_type == SQL_IS_YEAR || iv->interval_type == SQL_IS_MONTH ||
        iv->interval_type == SQL_IS_YEAR_TO_MONTH) {
        const SQL_YEAR_MONTH_STRUCT *ym = &iv->intval.year_month;
        if (ym->month >= 12 && iv->interval_type == SQL_IS_YEAR_TO_MONTH)
            return fail(x, "22015", "Interval field overflow: month %lu",
                        (unsigned long)ym->month);
        return putf(x, "%s%lu years %s%lu mons", neg, (unsigned long)ym->year, neg,
                    (unsigned long)ym->month);
    }
    if (iv->interval_type < SQL_IS_YEAR || iv->interval_type > SQL_IS_MINUTE_TO_SECOND)
        return fail(x, "22015", "Interval field overflow: unknown interval type %d",
                    (int)iv->interval_type);
    const SQL_DAY_SECOND_STRUCT *ds = &iv->intval.day_second;
    if (ds->fraction > 999999u)
        return fail(x, "22015", "Interval field overflow: fraction %lu",
                    (unsigned long)ds->fraction);
    /* leading fields may exceed their usual range (e.g. 30 hours) */
    unsigned long long secs = (unsigned long long)ds->hour * 3600ull +
                              (unsigned long long)ds->minute * 60ull + ds->second;
    return putf(x, "%s%lu days %s%llu:%02llu:%02llu.%06lu", neg, (unsigned long)ds->day, neg,
                secs / 3600, secs / 60 % 60, secs % 60, (unsigned long)ds->fraction);
}

static const char *conv_guid(ctx *x)
{
    const SQLGUID *g = x->in->ptr;
    return putf(x, "%08lx-%04x-%04x-%02x%02x-%02x%02x%02x%02x%02x%02x",
                (unsigned long)g->Data1, g->Data2, g->Data3, g->Data4[0], g->Data4[1],
                g->Data4[2], g->Data4[3], g->Data4[4], g->Data4[5], g->Data4[6], g->Data4[7]);
}

/* Decimal text of u (with a leading '-' when neg) into out[32]; returns it.
 * Faster than snprintf on the bulk-insert path. */
static const char *fmt_u64(char out[32], unsigned long long u, bool neg)
{
    char *p = out + 31;
    *p = '\0';
    do {
        *--p = (char)('0' + (int)(u % 10));
        u /= 10;
    } while (u);
    if (neg)
        *--p = '-';
    return p;
}

/* The value of an integer C type (in->c_type is one) as magnitude and sign. */
static unsigned long long c_int_read(const drv_pc_in *in, bool *neg)
{
    const void *p = in->ptr;
    long long s;
    *neg = false;
    switch (in->c_type) {
    case SQL_C_UTINYINT: return *(const unsigned char *)p;
    case SQL_C_USHORT: return *(const SQLUSMALLINT *)p;
    case SQL_C_ULONG: return *(const SQLUINTEGER *)p;
    case SQL_C_UBIGINT: return *(const SQLUBIGINT *)p;
    case SQL_C_STINYINT: case SQL_C_TINYINT: s = *(const signed char *)p; break;
    case SQL_C_SSHORT: case SQL_C_SHORT: s = *(const SQLSMALLINT *)p; break;
    case SQL_C_SLONG: case SQL_C_LONG: s = *(const SQLINTEGER *)p; break;
    default: s = *(const SQLBIGINT *)p; break;
    }
    *neg = s < 0;
    return s < 0 ? 0ull - (unsigned long long)s : (unsigned long long)s;
}

/* Integer C types as decimal text, range-checked against the SQL type. */
static const char *conv_int(ctx *x, drv_pc_out *out)
{
    char tmp[32];
    bool neg;
    unsigned long long mag = c_int_read(x->in, &neg);
    const char *text = fmt_u64(tmp, mag, neg);
    double v = neg ? -(double)mag : (double)mag;
    if (x->sql->sql_type == SQL_BIGINT) {
        /* 2^63 - 1 rounds up to 2^63 as a double: compare exactly */
        if (!neg && mag > INT64_MAX)
            return fail(x, "22003", "Numeric value out of range: %s", text);
        v = 0;   /* every other value fits */
    }
    return put_number(x, text, v, false, out);
}

/* ------------------------------------------------------------ binary */

/* Appends v's low `width` bytes big-endian, as format 1. */
static bool put_be(ctx *x, uint64_t v, int width, drv_pc_out *out)
{
    unsigned char b[8];
    for (int i = 0; i < width; i++)
        b[i] = (unsigned char)(v >> (8 * (width - 1 - i)));
    if (put(x, b, (size_t)width))
        return false;
    out->format = 1;
    return true;
}

/* The value of an integer C type; false for an unsigned one above INT64_MAX. */
static bool c_int_value(const drv_pc_in *in, long long *v)
{
    bool neg;
    unsigned long long mag = c_int_read(in, &neg);
    if (!neg && mag > INT64_MAX)
        return false;
    *v = neg ? (long long)(0ull - mag) : (long long)mag;
    return true;
}

/* Integer column types: OID, width, range. */
static const struct {
    uint32_t oid;
    int width;
    long long min, max;
} int_wire[] = {
    { 21, 2, INT16_MIN, INT16_MAX },
    { 23, 4, INT32_MIN, INT32_MAX },
    { 20, 8, INT64_MIN, INT64_MAX },
};

static bool bin_int(ctx *x, drv_pc_out *out)
{
    long long v;
    if (x->sql->kind != K_INT || !c_int_value(x->in, &v) || (double)v < x->sql->min ||
        (double)v > x->sql->max)
        return false;
    for (size_t i = 0; i < sizeof int_wire / sizeof int_wire[0]; i++)
        if (int_wire[i].oid == x->in->server_oid)
            return v >= int_wire[i].min && v <= int_wire[i].max &&
                   put_be(x, (uint64_t)v, int_wire[i].width, out);
    return false;
}

/* A double to float8 or a float to float4: the IEEE bits themselves. */
static bool bin_float(ctx *x, drv_pc_out *out)
{
    SQLSMALLINT s = x->sql->sql_type;
    if (x->in->c_type == SQL_C_DOUBLE && x->in->server_oid == 701 &&
        (s == SQL_DOUBLE || s == SQL_FLOAT)) {
        uint64_t bits;
        memcpy(&bits, x->in->ptr, 8);
        return put_be(x, bits, 8, out);
    }
    if (x->in->c_type == SQL_C_FLOAT && x->in->server_oid == 700 && x->sql->kind == K_APPROX) {
        uint32_t bits;
        memcpy(&bits, x->in->ptr, 4);
        return put_be(x, bits, 4, out);
    }
    return false;
}

/* Days from 0000-03-01 of the proleptic Gregorian calendar, y >= 1. */
static long long day_number(int y, unsigned m, unsigned d)
{
    if (m <= 2) {
        y--;
        m += 12;
    }
    return 365LL * y + y / 4 - y / 100 + y / 400 + (153 * (m - 3) + 2) / 5 + d - 1;
}

/* A timestamp struct to `timestamp` (1114): int64 microseconds since
 * 2000-01-01 (FACTS §4.4). Years 1..9999 and whole microseconds only: the
 * text path handles BC, and PostgreSQL rounds nanoseconds where binary
 * would cut them. */
static bool bin_timestamp(ctx *x, drv_pc_out *out)
{
    const SQL_TIMESTAMP_STRUCT *t = x->in->ptr;
    if (x->in->server_oid != 1114 || x->sql->kind != K_TS || t->year < 1 || t->year > 9999 ||
        !valid_date(t->year, t->month, t->day) || !valid_time(t->hour, t->minute, t->second) ||
        t->fraction > 999999999u || t->fraction % 1000 != 0)
        return false;
    long long days = day_number(t->year, t->month, t->day) - day_number(2000, 1, 1);
    long long secs = days * 86400 + t->hour * 3600LL + t->minute * 60LL + t->second;
    long long us = secs * 1000000LL + t->fraction / 1000;
    /* CrateDB keeps milliseconds: its text input cuts the digits (toward
     * the past), its binary input divides the microseconds toward 2000, so
     * a sub-millisecond value before 2000 would land 1 ms later in binary */
    if (us < 0 && us % 1000 != 0)
        return false;
    return put_be(x, (uint64_t)us, 8, out);
}

/* The binary form of the value when the server's type for it is known and
 * binary is exact; false (nothing appended) to take the text path. */
static bool put_binary(ctx *x, unsigned ckind, drv_pc_out *out)
{
    size_t start = x->a->len;
    bool done = ckind == K_INT ? bin_int(x, out)
              : ckind == K_APPROX ? bin_float(x, out)
              : ckind == K_TS ? bin_timestamp(x, out)
              : false;
    if (!done)
        x->a->len = start;
    return done;
}

/* ------------------------------------------------------------ entry */

const char *drv_param_convert(const drv_pc_in *in, drv_arena *a, drv_pc_out *out, char *msg,
                              size_t msglen)
{
    ctx x = { in, sql_find(in->sql_type), a, msg, msglen, false };
    const c_row *c = c_find(in->c_type);
    const char *err = NULL;
    char tmp[340];   /* a numeric with scale 127 */
    size_t start = a->len;
    out->oid = 0;
    out->format = 0;
    out->off = start;
    out->len = 0;
    if (!c)
        return fail(&x, "HY003", "Invalid application buffer type %d", (int)in->c_type);
    if (!(c->to & x.sql->kind))
        return fail(&x, "07006", "Restricted data type attribute violation: C type %d to "
                    "SQL type %d", (int)in->c_type, (int)in->sql_type);
    if (!in->ptr)
        return fail(&x, "HY009", "Invalid use of null pointer");
    if (in->len < 0)
        return fail(&x, "HY090", "Invalid string or buffer length");
    if (x.sql->kind == K_BIT)
        out->oid = 16;
    if (in->server_oid && put_binary(&x, c->kind, out)) {
        out->len = (int32_t)(a->len - start);
        return NULL;
    }
    switch (c->kind) {
    case K_CHAR:
        err = put(&x, in->ptr, (size_t)in->len);
        if (!err)
            err = check_text(&x, start, out);
        break;
    case K_WCHAR: {
        bool nomem;
        if (!put_utf16(&x, in->ptr, (size_t)in->len / sizeof(SQLWCHAR), &nomem))
            err = nomem ? fail(&x, "HY001", "Memory allocation error")
                        : fail(&x, "22018", "Invalid character value: not UTF-16");
        else
            err = check_text(&x, start, out);
        break;
    }
    case K_BIN:
        if (x.sql->kind == K_BIN) {
            static const char hex[] = "0123456789abcdef";
            const unsigned char *b = in->ptr;
            err = put(&x, "\\x", 2);
            for (SQLLEN i = 0; !err && i < in->len; i++) {
                char h[2] = { hex[b[i] >> 4], hex[b[i] & 15] };
                err = put(&x, h, 2);
            }
        } else {
            /* raw bytes: the application supplies the server's text form */
            err = put(&x, in->ptr, (size_t)in->len);
            if (!err)
                err = check_text(&x, start, out);
        }
        break;
    case K_BIT: {
        unsigned char v = *(const unsigned char *)in->ptr;
        if (v > 1)
            return fail(&x, "22003", "Numeric value out of range: bit value %u", v);
        err = put_number(&x, v ? "1" : "0", v, false, out);
        break;
    }
    case K_INT:
        err = conv_int(&x, out);
        break;
    case K_APPROX: {
        double d = in->c_type == SQL_C_FLOAT ? *(const SQLREAL *)in->ptr
                                             : *(const SQLDOUBLE *)in->ptr;
        bool frac = isfinite(d) && d != floor(d);
        if (x.sql->kind == K_INT && isfinite(d) && !frac)
            snprintf(tmp, sizeof tmp, "%.0f", d);
        else
            fmt_double(tmp, sizeof tmp, d, in->c_type == SQL_C_FLOAT ? 9 : 17);
        if ((x.sql->kind == K_INT || x.sql->kind == K_BIT) && !isfinite(d))
            return fail(&x, "22003", "Numeric value out of range: %s", tmp);
        err = put_number(&x, tmp, d, frac, out);
        break;
    }
    case K_EXACT: {
        bool frac;
        double approx;
        int nd;
        const SQL_NUMERIC_STRUCT *ns = in->ptr;
        int scale = in->num_precision > 0 ? in->num_scale : ns->scale;
        if (scale < -128 || scale > 127)
            return fail(&x, "HY104", "Invalid precision or scale value: scale %d", scale);
        fmt_numeric(tmp, sizeof tmp, ns, scale, &frac, &approx, &nd);
        if (in->num_precision > 0 && nd > in->num_precision)
            return fail(&x, "22003", "Numeric value out of range: %d digits for precision %d",
                        nd, (int)in->num_precision);
        if (x.sql->kind == K_INT && !frac) {
            char *dot = strchr(tmp, '.');
            if (dot)
                *dot = '\0';
        }
        err = put_number(&x, tmp, approx, frac, out);
        break;
    }
    case K_DATE: case K_TIME: case K_TS:
        err = conv_datetime(&x, c->kind);
        break;
    case K_GUID:
        err = conv_guid(&x);
        break;
    case K_IVAL:
        err = conv_interval(&x);
        break;
    default:
        err = fail(&x, "HY003", "Invalid application buffer type %d", (int)in->c_type);
        break;
    }
    if (err) {
        a->len = start;
        return err;
    }
    out->len = (int32_t)(a->len - start);
    return NULL;
}
