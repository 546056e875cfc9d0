/*
 * params.c: SQLBindParameter, SQLNumParams, SQLDescribeParam, and turning
 * the bound application values into Bind parameters at execute time.
 *
 * Values always travel separately from the SQL text (never spliced in), in
 * TEXT format with parameter type OID 0 so the server infers the type from
 * the context (FACTS §4.6). The exception is a parameter declared SQL_BIT:
 * it is sent as bool (OID 16) with 't'/'f', because CrateDB reads any other
 * text for a bool as false, silently.
 *
 * Supported now: SQL_PARAM_INPUT, one row (SQL_ATTR_PARAMSET_SIZE 1), the C
 * types in c_supported[] below. Output parameters, data-at-execution and
 * other C types answer HYC00.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "stmt_int.h"

SQLRETURN drv_params_build(drv_stmt *stmt, pgw_param **params, uint32_t **oids, char **arena);

static const SQLSMALLINT c_supported[] = {
    SQL_C_CHAR, SQL_C_WCHAR, SQL_C_SSHORT, SQL_C_SHORT, SQL_C_USHORT, SQL_C_SLONG,
    SQL_C_LONG, SQL_C_ULONG, SQL_C_STINYINT, SQL_C_TINYINT, SQL_C_UTINYINT, SQL_C_SBIGINT,
    SQL_C_UBIGINT, SQL_C_FLOAT, SQL_C_DOUBLE, SQL_C_BIT, SQL_C_TYPE_DATE, SQL_C_TYPE_TIME,
    SQL_C_TYPE_TIMESTAMP, SQL_C_DATE, SQL_C_TIME, SQL_C_TIMESTAMP, SQL_C_NUMERIC,
    SQL_C_GUID, SQL_C_DEFAULT,
};

/* SQL_C_DEFAULT for a parameter: the C type ODBC pairs with its SQL type. */
static const struct { SQLSMALLINT sql, c; } default_c[] = {
    { SQL_CHAR, SQL_C_CHAR }, { SQL_VARCHAR, SQL_C_CHAR }, { SQL_LONGVARCHAR, SQL_C_CHAR },
    { SQL_WCHAR, SQL_C_WCHAR }, { SQL_WVARCHAR, SQL_C_WCHAR },
    { SQL_WLONGVARCHAR, SQL_C_WCHAR }, { SQL_DECIMAL, SQL_C_CHAR }, { SQL_NUMERIC, SQL_C_CHAR },
    { SQL_BIT, SQL_C_BIT }, { SQL_TINYINT, SQL_C_STINYINT }, { SQL_SMALLINT, SQL_C_SSHORT },
    { SQL_INTEGER, SQL_C_SLONG }, { SQL_BIGINT, SQL_C_SBIGINT }, { SQL_REAL, SQL_C_FLOAT },
    { SQL_FLOAT, SQL_C_DOUBLE }, { SQL_DOUBLE, SQL_C_DOUBLE },
    { SQL_TYPE_DATE, SQL_C_TYPE_DATE }, { SQL_DATE, SQL_C_TYPE_DATE },
    { SQL_TYPE_TIME, SQL_C_TYPE_TIME }, { SQL_TIME, SQL_C_TYPE_TIME },
    { SQL_TYPE_TIMESTAMP, SQL_C_TYPE_TIMESTAMP }, { SQL_TIMESTAMP, SQL_C_TYPE_TIMESTAMP },
    { SQL_GUID, SQL_C_GUID },
};

static SQLSMALLINT resolve_c_type(SQLSMALLINT c_type, SQLSMALLINT sql_type)
{
    if (c_type != SQL_C_DEFAULT)
        return c_type;
    for (size_t i = 0; i < sizeof default_c / sizeof default_c[0]; i++)
        if (default_c[i].sql == sql_type)
            return default_c[i].c;
    return 0;
}

SQLRETURN drv_bind_parameter(drv_stmt *stmt, SQLUSMALLINT num, SQLSMALLINT io_type,
                             SQLSMALLINT c_type, SQLSMALLINT sql_type, SQLULEN col_size,
                             SQLSMALLINT digits, SQLPOINTER ptr, SQLLEN buflen, SQLLEN *ind)
{
    bool known = false;
    if (num == 0)
        return drv_error(&stmt->hdr, "07009", "Invalid descriptor index");
    switch (io_type) {
    case SQL_PARAM_INPUT:
        break;
    case SQL_PARAM_OUTPUT: case SQL_PARAM_INPUT_OUTPUT:
    case SQL_PARAM_INPUT_OUTPUT_STREAM: case SQL_PARAM_OUTPUT_STREAM:
        return drv_error(&stmt->hdr, "HYC00", "Output parameters are not supported");
    default:
        return drv_error(&stmt->hdr, "HY105", "Invalid parameter type");
    }
    for (size_t i = 0; i < sizeof c_supported / sizeof c_supported[0]; i++)
        known |= c_supported[i] == c_type;
    if (!known)
        return drv_error(&stmt->hdr, "HYC00", "C type %d is not supported for parameters",
                         (int)c_type);
    if (!resolve_c_type(c_type, sql_type))
        return drv_error(&stmt->hdr, "HYC00", "SQL type %d is not supported for parameters",
                         (int)sql_type);
    if (buflen < 0)
        return drv_error(&stmt->hdr, "HY090", "Invalid string or buffer length");
    if (!ptr && !ind)
        return drv_error(&stmt->hdr, "HY009", "Invalid use of null pointer");
    /* SQLBindParameter is a writer of one APD and one IPD record */
    drv_desc_rec *a = drv_desc_rec_get(&stmt->hdr, stmt->apd, num);
    drv_desc_rec *ip = a ? drv_desc_rec_get(&stmt->hdr, &stmt->ipd, num) : NULL;
    if (!ip)
        return SQL_ERROR;
    drv_desc_rec_set_type(a, c_type);
    a->octet_length = buflen;
    a->data_ptr = ptr;
    a->indicator_ptr = ind;
    a->octet_length_ptr = ind;
    if (c_type == SQL_C_NUMERIC) {
        a->precision = (SQLSMALLINT)col_size;
        a->scale = digits;
    }
    drv_desc_ipd_set(ip, sql_type, col_size, digits);
    ip->parameter_type = io_type;
    return SQL_SUCCESS;
}

/* The bindings of parameter idx (0-based) for the first row of the APD's
 * arrays, read from the APD and IPD records. False when not bound. */
static bool param_view(const drv_stmt *stmt, int idx, drv_param_binding *b)
{
    const drv_desc_rec *a = drv_desc_rec_at(stmt->apd, idx + 1);
    const drv_desc_rec *ip = drv_desc_rec_at(&stmt->ipd, idx + 1);
    if (!drv_desc_rec_bound(a) || !ip || !ip->concise_type)
        return false;
    b->io_type = ip->parameter_type;
    b->c_type = a->concise_type;
    b->sql_type = ip->concise_type;
    b->column_size = drv_desc_column_size(ip);
    b->decimal_digits = drv_desc_decimal_digits(ip);
    SQLSMALLINT c = resolve_c_type(b->c_type, b->sql_type);
    b->ptr = drv_desc_data_at(stmt->apd, a, 0, drv_desc_elem_size(a, c));
    b->buflen = a->octet_length;
    SQLLEN *ipp = drv_desc_ind_at(stmt->apd, a, 0);
    SQLLEN *lp = drv_desc_len_at(stmt->apd, a, 0);
    b->ind = (ipp && *ipp == SQL_NULL_DATA) ? ipp : lp;
    return true;
}

SQLRETURN drv_num_params(drv_stmt *stmt, SQLSMALLINT *count)
{
    if (!stmt->sql)
        return drv_error(&stmt->hdr, "HY010", "Function sequence error: no statement");
    if (count)
        *count = (SQLSMALLINT)stmt->nmarkers;
    return SQL_SUCCESS;
}

SQLRETURN drv_describe_param(drv_stmt *stmt, SQLUSMALLINT num, SQLSMALLINT *type,
                             SQLULEN *size, SQLSMALLINT *digits, SQLSMALLINT *nullable)
{
    if (!stmt->sql)
        return drv_error(&stmt->hdr, "HY010", "Function sequence error: no statement");
    if (num == 0 || num > stmt->nmarkers)
        return drv_error(&stmt->hdr, "07009", "Invalid descriptor index");
    if (!stmt->have_param_desc) {
        SQLRETURN rc = drv_stmt_describe_prepared(stmt);
        if (!SQL_SUCCEEDED(rc))
            return rc;
    }
    uint32_t oid = num <= stmt->nparam_oids ? stmt->param_oids[num - 1] : 705;
    const drv_type_info *t = drv_type_lookup(oid);
    if (type)
        *type = t->sql_type;
    if (size)
        *size = t->column_size;
    if (digits)
        *digits = t->decimal_digits;
    if (nullable)
        *nullable = SQL_NULLABLE_UNKNOWN;
    return SQL_SUCCESS;
}

/* ------------------------------------------------------------ values */

/* A growing byte buffer for all parameter texts of one execute. */
typedef struct arena {
    char *buf;
    size_t len, cap;
} arena;

static bool arena_put(arena *a, const char *s, size_t n)
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
    memcpy(a->buf + a->len, s, n);
    a->len += n;
    a->buf[a->len] = '\0';
    return true;
}

/* Normalizes a character value bound to an SQL_BIT parameter to t/f. */
static const char *bool_word(const char *s, size_t n)
{
    static const struct { const char *w; const char *v; } words[] = {
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

static int fmt_double(char *out, size_t cap, double d, int digits)
{
    if (isnan(d))
        return snprintf(out, cap, "NaN");
    if (isinf(d))
        return snprintf(out, cap, d < 0 ? "-Infinity" : "Infinity");
    return snprintf(out, cap, "%.*g", digits, d);
}

/* Year for the text form: astronomical year <= 0 is written with " BC". */
static int fmt_date(char *out, size_t cap, int year, unsigned m, unsigned d)
{
    if (year <= 0)
        return snprintf(out, cap, "%04d-%02u-%02u BC", 1 - year, m, d);
    return snprintf(out, cap, "%04d-%02u-%02u", year, m, d);
}

static int fmt_numeric(char *out, size_t cap, const SQL_NUMERIC_STRUCT *ns)
{
    unsigned __int128 m = 0;
    char digits[48];
    int nd = 0, o = 0;
    for (int k = SQL_MAX_NUMERIC_LEN - 1; k >= 0; k--)
        m = (m << 8) | ns->val[k];
    do {
        digits[nd++] = (char)('0' + (int)(m % 10));
        m /= 10;
    } while (m > 0);
    int scale = ns->scale;
    if (ns->sign == 0)
        out[o++] = '-';
    if (scale < 0) {
        for (int i = nd - 1; i >= 0; i--)
            out[o++] = digits[i];
        for (int i = 0; i < -scale && o < (int)cap - 1; i++)
            out[o++] = '0';
    } else {
        int intd = nd - scale;
        if (intd <= 0) {
            out[o++] = '0';
            out[o++] = '.';
            for (int i = 0; i < -intd; i++)
                out[o++] = '0';
            for (int i = nd - 1; i >= 0; i--)
                out[o++] = digits[i];
        } else {
            for (int i = nd - 1; i >= 0; i--) {
                out[o++] = digits[i];
                if (i == scale && scale > 0)
                    out[o++] = '.';
            }
        }
    }
    out[o] = '\0';
    return o;
}

/*
 * One bound value as text into the arena. *len gets its length, -1 for
 * NULL. Sets *is_bool when it goes as OID 16.
 */
static SQLRETURN param_text(drv_stmt *stmt, int idx, arena *a, int32_t *len, bool *is_bool)
{
    drv_param_binding view;
    const drv_param_binding *b = &view;
    if (!param_view(stmt, idx, &view))
        return drv_error(&stmt->hdr, "07002", "COUNT field incorrect: parameter %d not bound",
                         idx + 1);
    SQLSMALLINT c = resolve_c_type(b->c_type, b->sql_type);
    SQLLEN ind = b->ind ? *b->ind : SQL_NTS;
    char tmp[320];  /* longest: a numeric with scale 127 */
    int n = -1;
    const void *p = b->ptr;
    size_t start = a->len;
    *is_bool = b->sql_type == SQL_BIT;
    if (ind == SQL_NULL_DATA) {
        *len = -1;
        return SQL_SUCCESS;
    }
    if (ind == SQL_DATA_AT_EXEC || ind <= SQL_LEN_DATA_AT_EXEC_OFFSET)
        return drv_error(&stmt->hdr, "HYC00", "Data-at-execution parameters are not supported");
    if (!p)
        return drv_error(&stmt->hdr, "HY009", "Invalid use of null pointer (parameter %d)",
                         idx + 1);
    switch (c) {
    case SQL_C_CHAR: {
        size_t l = ind == SQL_NTS ? strlen(p) : (size_t)(ind < 0 ? 0 : ind);
        const char *w = *is_bool ? bool_word(p, l) : NULL;
        if (w)
            n = snprintf(tmp, sizeof tmp, "%s", w);
        else if (!arena_put(a, p, l))
            return drv_nomem(&stmt->hdr);
        break;
    }
    case SQL_C_WCHAR: {
        char *u8 = NULL;
        size_t l = 0;
        SQLLEN chars = ind == SQL_NTS ? SQL_NTS : ind / (SQLLEN)sizeof(SQLWCHAR);
        if (!drv_utf16_to_utf8(p, chars, &u8, &l))
            return drv_error(&stmt->hdr, "22018", "Invalid character value (parameter %d)",
                             idx + 1);
        const char *w = *is_bool ? bool_word(u8, l) : NULL;
        bool ok = w ? arena_put(a, w, 1) : arena_put(a, u8 ? u8 : "", l);
        free(u8);
        if (!ok)
            return drv_nomem(&stmt->hdr);
        break;
    }
    case SQL_C_STINYINT: case SQL_C_TINYINT:
        n = snprintf(tmp, sizeof tmp, "%d", (int)*(const signed char *)p); break;
    case SQL_C_UTINYINT:
        n = snprintf(tmp, sizeof tmp, "%u", (unsigned)*(const unsigned char *)p); break;
    case SQL_C_SSHORT: case SQL_C_SHORT:
        n = snprintf(tmp, sizeof tmp, "%d", (int)*(const SQLSMALLINT *)p); break;
    case SQL_C_USHORT:
        n = snprintf(tmp, sizeof tmp, "%u", (unsigned)*(const SQLUSMALLINT *)p); break;
    case SQL_C_SLONG: case SQL_C_LONG:
        n = snprintf(tmp, sizeof tmp, "%ld", (long)*(const SQLINTEGER *)p); break;
    case SQL_C_ULONG:
        n = snprintf(tmp, sizeof tmp, "%lu", (unsigned long)*(const SQLUINTEGER *)p); break;
    case SQL_C_SBIGINT:
        n = snprintf(tmp, sizeof tmp, "%lld", (long long)*(const SQLBIGINT *)p); break;
    case SQL_C_UBIGINT:
        n = snprintf(tmp, sizeof tmp, "%llu", (unsigned long long)*(const SQLUBIGINT *)p);
        break;
    case SQL_C_FLOAT:
        n = fmt_double(tmp, sizeof tmp, *(const SQLREAL *)p, 9); break;
    case SQL_C_DOUBLE:
        n = fmt_double(tmp, sizeof tmp, *(const SQLDOUBLE *)p, 17); break;
    case SQL_C_BIT: {
        bool v = *(const unsigned char *)p != 0;
        n = snprintf(tmp, sizeof tmp, "%s", *is_bool ? (v ? "t" : "f") : (v ? "1" : "0"));
        break;
    }
    case SQL_C_TYPE_DATE: case SQL_C_DATE: {
        const SQL_DATE_STRUCT *d = p;
        n = fmt_date(tmp, sizeof tmp, d->year, d->month, d->day);
        break;
    }
    case SQL_C_TYPE_TIME: case SQL_C_TIME: {
        const SQL_TIME_STRUCT *t = p;
        n = snprintf(tmp, sizeof tmp, "%02u:%02u:%02u", t->hour, t->minute, t->second);
        break;
    }
    case SQL_C_TYPE_TIMESTAMP: case SQL_C_TIMESTAMP: {
        const SQL_TIMESTAMP_STRUCT *t = p;
        char frac[16] = "";
        if (t->fraction) {
            int fl = snprintf(frac, sizeof frac, ".%09lu", (unsigned long)t->fraction);
            while (fl > 1 && frac[fl - 1] == '0')
                frac[--fl] = '\0';
        }
        bool bc = t->year <= 0;
        n = snprintf(tmp, sizeof tmp, "%04d-%02u-%02u %02u:%02u:%02u%s%s",
                     bc ? 1 - t->year : t->year, t->month, t->day, t->hour, t->minute,
                     t->second, frac, bc ? " BC" : "");
        break;
    }
    case SQL_C_NUMERIC:
        n = fmt_numeric(tmp, sizeof tmp, p);
        break;
    case SQL_C_GUID: {
        const SQLGUID *g = p;
        n = snprintf(tmp, sizeof tmp,
                     "%08lx-%04x-%04x-%02x%02x-%02x%02x%02x%02x%02x%02x",
                     (unsigned long)g->Data1, g->Data2, g->Data3, g->Data4[0], g->Data4[1],
                     g->Data4[2], g->Data4[3], g->Data4[4], g->Data4[5], g->Data4[6],
                     g->Data4[7]);
        break;
    }
    default:
        return drv_error(&stmt->hdr, "HYC00", "C type %d is not supported for parameters",
                         (int)c);
    }
    if (n >= 0 && !arena_put(a, tmp, (size_t)n))
        return drv_nomem(&stmt->hdr);
    *len = (int32_t)(a->len - start);
    return SQL_SUCCESS;
}

/*
 * Builds the Bind parameters for stmt->nmarkers markers. On success the
 * caller owns *params, *oids (NULL when every OID is 0) and *arena, which
 * holds the bytes *params point into. 07002 when a marker has no binding.
 */
SQLRETURN drv_params_build(drv_stmt *stmt, pgw_param **params, uint32_t **oids, char **out_arena)
{
    int n = stmt->nmarkers;
    arena a = { NULL, 0, 0 };
    size_t *offs = NULL;
    pgw_param *pp = NULL;
    uint32_t *po = NULL;
    bool any_oid = false;
    SQLRETURN rc = SQL_SUCCESS;
    *params = NULL;
    *oids = NULL;
    *out_arena = NULL;
    if (n == 0)
        return SQL_SUCCESS;
    if (stmt->apd->count < n)
        return drv_error(&stmt->hdr, "07002", "COUNT field incorrect: %d markers, %d bound",
                         n, (int)stmt->apd->count);
    pp = calloc((size_t)n, sizeof *pp);
    po = calloc((size_t)n, sizeof *po);
    offs = calloc((size_t)n, sizeof *offs);
    if (!pp || !po || !offs) {
        rc = drv_nomem(&stmt->hdr);
        goto fail;
    }
    for (int i = 0; i < n; i++) {
        bool is_bool = false;
        offs[i] = a.len;
        rc = param_text(stmt, i, &a, &pp[i].len, &is_bool);
        if (!SQL_SUCCEEDED(rc))
            goto fail;
        if (is_bool) {
            po[i] = 16;
            any_oid = true;
        }
    }
    /* the arena may have moved while growing: point into it only now */
    for (int i = 0; i < n; i++)
        pp[i].value = pp[i].len < 0 ? NULL : (a.buf ? a.buf + offs[i] : "");
    free(offs);
    if (!any_oid) {
        free(po);
        po = NULL;
    }
    *params = pp;
    *oids = po;
    *out_arena = a.buf;
    return SQL_SUCCESS;
fail:
    free(offs);
    free(pp);
    free(po);
    free(a.buf);
    return rc;
}
