/*
 * desc.c: descriptors. The four implicit descriptors of every statement
 * (ARD, APD, IRD, IPD), explicitly allocated descriptors, and the functions
 * that read and write them: SQLGetDescField, SQLSetDescField (with the
 * field resets and the consistency check of the ODBC spec), SQLGetDescRec,
 * SQLSetDescRec, SQLCopyDesc; the address arithmetic of bound arrays
 * (column-wise / row-wise, bind offsets) used by fetch.c and params.c.
 *
 * What does not live here: SQLBindCol (fetch.c) and SQLBindParameter
 * (params.c) are thin writers of these records; the IRD's records are the
 * statement's column description, so reading them asks describe.c
 * (drv_col_attribute). Entry points and locking are in api_desc.c.
 *
 * Records: recs[0] is the bookmark record, recs[1..count] the columns or
 * parameters; the array grows on demand and never shrinks while the
 * descriptor lives (no allocation on the fetch path).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "stmt_int.h"

#define ANY_APP (DRV_ARD | DRV_APD)
#define ALL_DESC (DRV_ARD | DRV_APD | DRV_IRD | DRV_IPD)
#define DEFAULT_NUMERIC_PRECISION DRV_NUMERIC_MAX_PRECISION   /* SQL_NUMERIC_STRUCT maximum */

drv_desc *drv_desc_check(SQLHANDLE h)
{
    drv_desc *d = h;
    if (!d || d->hdr.kind != DRV_DESC)
        return NULL;
    return d;
}

static void desc_init(drv_desc *d, drv_dbc *dbc, drv_stmt *stmt, drv_desc_type type)
{
    memset(d, 0, sizeof *d);
    d->hdr.kind = DRV_DESC;
    d->dbc = dbc;
    d->stmt = stmt;
    d->type = type;
    d->array_size = 1;
    d->bind_type = SQL_BIND_BY_COLUMN;
}

static void recs_free(drv_desc *d)
{
    for (int i = 0; i < d->cap; i++)
        free(d->recs[i].name);
    free(d->recs);
    d->recs = NULL;
    d->cap = 0;
    d->count = 0;
}

void drv_stmt_descs_init(drv_stmt *stmt)
{
    desc_init(&stmt->ard_i, stmt->dbc, stmt, DRV_ARD);
    desc_init(&stmt->apd_i, stmt->dbc, stmt, DRV_APD);
    desc_init(&stmt->ird, stmt->dbc, stmt, DRV_IRD);
    desc_init(&stmt->ipd, stmt->dbc, stmt, DRV_IPD);
    stmt->ard = &stmt->ard_i;
    stmt->apd = &stmt->apd_i;
}

void drv_stmt_descs_free(drv_stmt *stmt)
{
    drv_desc *ds[] = { &stmt->ard_i, &stmt->apd_i, &stmt->ird, &stmt->ipd };
    for (size_t i = 0; i < sizeof ds / sizeof ds[0]; i++) {
        recs_free(ds[i]);
        drv_diag_clear(&ds[i]->hdr);
        ds[i]->hdr.kind = 0;
    }
}

SQLRETURN drv_desc_alloc(drv_dbc *dbc, drv_desc **out)
{
    if (!dbc->conn)
        return drv_error(&dbc->hdr, "08003", "Connection not open");
    drv_desc *d = malloc(sizeof *d);
    if (!d)
        return drv_nomem(&dbc->hdr);
    desc_init(d, dbc, NULL, DRV_ARD);
    d->is_explicit = true;
    d->next = dbc->descs;
    dbc->descs = d;
    *out = d;
    return SQL_SUCCESS;
}

/* Caller holds the dbc lock. Statements using the descriptor go back to
 * their implicit one (as the spec says for SQLFreeHandle). */
SQLRETURN drv_desc_free(drv_desc *d)
{
    if (!d->is_explicit)
        return drv_error(&d->hdr, "HY017",
                         "Invalid use of an automatically allocated descriptor handle");
    drv_dbc *dbc = d->dbc;
    for (drv_stmt *s = dbc->stmts; s; s = s->next) {
        if (s->ard == d)
            s->ard = &s->ard_i;
        if (s->apd == d)
            s->apd = &s->apd_i;
    }
    for (drv_desc **pp = &dbc->descs; *pp; pp = &(*pp)->next)
        if (*pp == d) {
            *pp = d->next;
            break;
        }
    recs_free(d);
    drv_diag_clear(&d->hdr);
    d->hdr.kind = 0;
    free(d);
    return SQL_SUCCESS;
}

SQLRETURN drv_stmt_set_app_desc(drv_stmt *stmt, bool row, SQLHANDLE h)
{
    drv_desc **slot = row ? &stmt->ard : &stmt->apd;
    drv_desc *implicit = row ? &stmt->ard_i : &stmt->apd_i;
    if (h == SQL_NULL_HANDLE || h == implicit) {
        *slot = implicit;
        return SQL_SUCCESS;
    }
    drv_desc *d = drv_desc_check(h);
    if (!d || d->dbc != stmt->dbc)
        return drv_error(&stmt->hdr, "HY024", "Invalid attribute value: not a descriptor "
                         "of this connection");
    if (!d->is_explicit)
        return drv_error(&stmt->hdr, "HY017", "Invalid use of an automatically allocated "
                         "descriptor handle");
    d->type = row ? DRV_ARD : DRV_APD;
    *slot = d;
    return SQL_SUCCESS;
}

/* ------------------------------------------------------------ types */

/* Concise type -> verbose type and datetime/interval subcode. Datetime and
 * interval C and SQL type codes share their values, so one rule serves both;
 * 9, 10, 11 are the ODBC 2 date, time, timestamp codes. */
static void split_concise(SQLSMALLINT concise, SQLSMALLINT *type, SQLSMALLINT *code)
{
    static const struct { SQLSMALLINT concise, code; } dt[] = {
        { SQL_TYPE_DATE, SQL_CODE_DATE }, { SQL_TYPE_TIME, SQL_CODE_TIME },
        { SQL_TYPE_TIMESTAMP, SQL_CODE_TIMESTAMP }, { SQL_DATE, SQL_CODE_DATE },
        { SQL_TIME, SQL_CODE_TIME }, { SQL_TIMESTAMP, SQL_CODE_TIMESTAMP },
    };
    for (size_t i = 0; i < sizeof dt / sizeof dt[0]; i++)
        if (dt[i].concise == concise) {
            *type = SQL_DATETIME;
            *code = dt[i].code;
            return;
        }
    if (concise >= SQL_INTERVAL_YEAR && concise <= SQL_INTERVAL_MINUTE_TO_SECOND) {
        *type = SQL_INTERVAL;
        *code = (SQLSMALLINT)(concise - 100);
        return;
    }
    *type = concise;
    *code = 0;
}

static bool is_char_type(SQLSMALLINT t)
{
    switch (t) {
    case SQL_CHAR: case SQL_VARCHAR: case SQL_LONGVARCHAR: case SQL_WCHAR: case SQL_WVARCHAR:
    case SQL_WLONGVARCHAR: case SQL_BINARY: case SQL_VARBINARY: case SQL_LONGVARBINARY:
        return true;
    default:
        return false;
    }
}

/* An interval subcode with a SECOND field (and so a seconds precision). */
static bool has_seconds(SQLSMALLINT code)
{
    return code == SQL_CODE_SECOND || code == SQL_CODE_DAY_TO_SECOND ||
           code == SQL_CODE_HOUR_TO_SECOND || code == SQL_CODE_MINUTE_TO_SECOND;
}

/* The defaults the spec resets when TYPE / CONCISE_TYPE changes. */
static void type_defaults(drv_desc_rec *r)
{
    switch (r->type) {
    case SQL_CHAR: case SQL_VARCHAR: case SQL_WCHAR: case SQL_WVARCHAR:
    case SQL_LONGVARCHAR: case SQL_WLONGVARCHAR:
        r->length = 1;
        r->precision = 0;
        break;
    case SQL_DATETIME:
        r->precision = r->datetime_interval_code == SQL_CODE_TIMESTAMP ? 6 : 0;
        break;
    case SQL_DECIMAL: case SQL_NUMERIC:
        r->scale = 0;
        r->precision = DEFAULT_NUMERIC_PRECISION;
        break;
    case SQL_FLOAT: case SQL_DOUBLE:
        r->precision = 53;
        break;
    case SQL_REAL:
        r->precision = 24;
        break;
    case SQL_INTERVAL:
        r->datetime_interval_precision = 2;
        if (has_seconds(r->datetime_interval_code))
            r->precision = 6;
        break;
    default:
        break;
    }
}

static void set_concise(drv_desc_rec *r, SQLSMALLINT concise)
{
    r->concise_type = concise;
    split_concise(concise, &r->type, &r->datetime_interval_code);
    type_defaults(r);
}

static void rec_defaults(drv_desc *d, drv_desc_rec *r)
{
    memset(r, 0, sizeof *r);
    if (d->type == DRV_ARD || d->type == DRV_APD)
        set_concise(r, SQL_C_DEFAULT);
    r->parameter_type = SQL_PARAM_INPUT;
    r->nullable = SQL_NULLABLE;
    r->unnamed = SQL_UNNAMED;
}

drv_desc_rec *drv_desc_rec_get(drv_hdr *h, drv_desc *d, int rec)
{
    /* SQL_DESC_COUNT is an SQLSMALLINT: a column or parameter number above
     * 32767 (SQLBindCol and SQLBindParameter take an SQLUSMALLINT) has no
     * record, and would make the count negative */
    if (rec < 0 || rec > INT16_MAX) {
        drv_error(h, "07009", "Invalid descriptor index %d", rec);
        return NULL;
    }
    if (rec >= d->cap) {
        int cap = d->cap ? d->cap : 8;
        while (cap <= rec)
            cap *= 2;
        drv_desc_rec *n = realloc(d->recs, sizeof *n * (size_t)cap);
        if (!n) {
            drv_nomem(h);
            return NULL;
        }
        for (int i = d->cap; i < cap; i++)
            rec_defaults(d, &n[i]);
        d->recs = n;
        d->cap = cap;
    }
    if (rec > d->count)
        d->count = (SQLSMALLINT)rec;
    return &d->recs[rec];
}

/* After unbinding, COUNT becomes the highest record still bound. */
static void shrink_count(drv_desc *d)
{
    while (d->count > 0 && !drv_desc_rec_bound(&d->recs[d->count]) &&
           !(d->type == DRV_IPD && d->recs[d->count].concise_type))
        d->count--;
}

/* ------------------------------------------------------------ bound arrays */

size_t drv_desc_elem_size(const drv_desc_rec *r, SQLSMALLINT c_type)
{
    size_t fixed = drv_c_type_size(c_type);
    return fixed ? fixed : (size_t)(r->octet_length > 0 ? r->octet_length : 0);
}

static char *offset_base(const drv_desc *d, void *p)
{
    if (!p)
        return NULL;
    char *b = p;
    if (d->bind_offset_ptr)
        b += *d->bind_offset_ptr;
    return b;
}

void *drv_desc_data_at(const drv_desc *d, const drv_desc_rec *r, size_t row, size_t elem_size)
{
    char *b = offset_base(d, r->data_ptr);
    if (!b)
        return NULL;
    return b + row * (d->bind_type == SQL_BIND_BY_COLUMN ? elem_size : d->bind_type);
}

static SQLLEN *len_elem(const drv_desc *d, SQLLEN *p, size_t row)
{
    char *b = offset_base(d, p);
    if (!b)
        return NULL;
    return (SQLLEN *)(void *)(b + row * (d->bind_type == SQL_BIND_BY_COLUMN ? sizeof(SQLLEN)
                                                                         : d->bind_type));
}

SQLLEN *drv_desc_ind_at(const drv_desc *d, const drv_desc_rec *r, size_t row)
{
    return len_elem(d, r->indicator_ptr, row);
}

SQLLEN *drv_desc_len_at(const drv_desc *d, const drv_desc_rec *r, size_t row)
{
    return len_elem(d, r->octet_length_ptr, row);
}

void drv_desc_rec_set_type(drv_desc_rec *r, SQLSMALLINT concise)
{
    set_concise(r, concise);
}

void drv_desc_ipd_set(drv_desc_rec *r, SQLSMALLINT sql_type, SQLULEN col_size,
                      SQLSMALLINT digits)
{
    set_concise(r, sql_type);
    if (is_char_type(r->type) || r->type == SQL_DATETIME || r->type == SQL_INTERVAL)
        r->length = col_size;
    else
        r->precision = (SQLSMALLINT)(col_size > INT16_MAX ? INT16_MAX : col_size);
    if (r->type == SQL_DATETIME || r->type == SQL_INTERVAL)
        r->precision = digits;
    else
        r->scale = digits;
}

SQLULEN drv_desc_column_size(const drv_desc_rec *r)
{
    if (is_char_type(r->type) || r->type == SQL_DATETIME || r->type == SQL_INTERVAL)
        return r->length;
    return (SQLULEN)r->precision;
}

SQLSMALLINT drv_desc_decimal_digits(const drv_desc_rec *r)
{
    if (r->type == SQL_DATETIME || r->type == SQL_INTERVAL)
        return r->precision;
    return r->scale;
}

/* ------------------------------------------------------------ field table */

typedef enum ftype { FT_SMALL, FT_INT, FT_LEN, FT_ULEN, FT_PTR, FT_STR } ftype;

/*
 * Every field: where it lives (header or record), its C type and offset,
 * which descriptor types may read it and which may write it. Derived IRD
 * record fields are answered by describe.c and appear with read = DRV_IRD
 * and offset -1; IPD-only derived fields likewise with a value computed in
 * derived_ipd().
 */
typedef struct field_def {
    SQLSMALLINT id;
    bool header;
    ftype ft;
    ptrdiff_t off;          /* in drv_desc (header) or drv_desc_rec; -1 derived */
    unsigned read, write;   /* masks of drv_desc_type                        */
} field_def;

#define H(f) offsetof(drv_desc, f)
#define R(f) offsetof(drv_desc_rec, f)
static const field_def fields[] = {
    { SQL_DESC_ALLOC_TYPE, true, FT_SMALL, -1, ALL_DESC, 0 },
    { SQL_DESC_ARRAY_SIZE, true, FT_ULEN, H(array_size), ANY_APP, ANY_APP },
    { SQL_DESC_ARRAY_STATUS_PTR, true, FT_PTR, H(array_status_ptr), ALL_DESC, ALL_DESC },
    { SQL_DESC_BIND_OFFSET_PTR, true, FT_PTR, H(bind_offset_ptr), ANY_APP, ANY_APP },
    { SQL_DESC_BIND_TYPE, true, FT_INT, H(bind_type), ANY_APP, ANY_APP },
    { SQL_DESC_COUNT, true, FT_SMALL, H(count), ALL_DESC, ANY_APP | DRV_IPD },
    { SQL_DESC_ROWS_PROCESSED_PTR, true, FT_PTR, H(rows_processed_ptr), DRV_IRD | DRV_IPD,
      DRV_IRD | DRV_IPD },
    { SQL_DESC_AUTO_UNIQUE_VALUE, false, FT_INT, -1, DRV_IRD, 0 },
    { SQL_DESC_BASE_COLUMN_NAME, false, FT_STR, -1, DRV_IRD, 0 },
    { SQL_DESC_BASE_TABLE_NAME, false, FT_STR, -1, DRV_IRD, 0 },
    { SQL_DESC_CASE_SENSITIVE, false, FT_INT, -1, DRV_IRD | DRV_IPD, 0 },
    { SQL_DESC_CATALOG_NAME, false, FT_STR, -1, DRV_IRD, 0 },
    { SQL_DESC_CONCISE_TYPE, false, FT_SMALL, R(concise_type), ALL_DESC, ANY_APP | DRV_IPD },
    { SQL_DESC_DATA_PTR, false, FT_PTR, R(data_ptr), ANY_APP, ANY_APP | DRV_IPD },
    { SQL_DESC_DATETIME_INTERVAL_CODE, false, FT_SMALL, R(datetime_interval_code), ALL_DESC,
      ANY_APP | DRV_IPD },
    { SQL_DESC_DATETIME_INTERVAL_PRECISION, false, FT_INT, R(datetime_interval_precision),
      ALL_DESC, ANY_APP | DRV_IPD },
    { SQL_DESC_DISPLAY_SIZE, false, FT_LEN, -1, DRV_IRD, 0 },
    { SQL_DESC_FIXED_PREC_SCALE, false, FT_SMALL, -1, DRV_IRD | DRV_IPD, 0 },
    { SQL_DESC_INDICATOR_PTR, false, FT_PTR, R(indicator_ptr), ANY_APP, ANY_APP },
    { SQL_DESC_LABEL, false, FT_STR, -1, DRV_IRD, 0 },
    { SQL_DESC_LENGTH, false, FT_ULEN, R(length), ALL_DESC, ANY_APP | DRV_IPD },
    { SQL_DESC_LITERAL_PREFIX, false, FT_STR, -1, DRV_IRD, 0 },
    { SQL_DESC_LITERAL_SUFFIX, false, FT_STR, -1, DRV_IRD, 0 },
    { SQL_DESC_LOCAL_TYPE_NAME, false, FT_STR, -1, DRV_IRD | DRV_IPD, 0 },
    { SQL_DESC_NAME, false, FT_STR, R(name), DRV_IRD | DRV_IPD, DRV_IPD },
    { SQL_DESC_NULLABLE, false, FT_SMALL, R(nullable), DRV_IRD | DRV_IPD, 0 },
    { SQL_DESC_NUM_PREC_RADIX, false, FT_INT, R(num_prec_radix), ALL_DESC, ANY_APP | DRV_IPD },
    { SQL_DESC_OCTET_LENGTH, false, FT_LEN, R(octet_length), ALL_DESC, ANY_APP | DRV_IPD },
    { SQL_DESC_OCTET_LENGTH_PTR, false, FT_PTR, R(octet_length_ptr), ANY_APP, ANY_APP },
    { SQL_DESC_PARAMETER_TYPE, false, FT_SMALL, R(parameter_type), DRV_IPD, DRV_IPD },
    { SQL_DESC_PRECISION, false, FT_SMALL, R(precision), ALL_DESC, ANY_APP | DRV_IPD },
    { SQL_DESC_ROWVER, false, FT_SMALL, -1, DRV_IRD | DRV_IPD, 0 },
    { SQL_DESC_SCALE, false, FT_SMALL, R(scale), ALL_DESC, ANY_APP | DRV_IPD },
    { SQL_DESC_SCHEMA_NAME, false, FT_STR, -1, DRV_IRD, 0 },
    { SQL_DESC_SEARCHABLE, false, FT_SMALL, -1, DRV_IRD, 0 },
    { SQL_DESC_TABLE_NAME, false, FT_STR, -1, DRV_IRD, 0 },
    { SQL_DESC_TYPE, false, FT_SMALL, R(type), ALL_DESC, ANY_APP | DRV_IPD },
    { SQL_DESC_TYPE_NAME, false, FT_STR, -1, DRV_IRD | DRV_IPD, 0 },
    { SQL_DESC_UNNAMED, false, FT_SMALL, R(unnamed), DRV_IRD | DRV_IPD, DRV_IPD },
    { SQL_DESC_UNSIGNED, false, FT_SMALL, -1, DRV_IRD | DRV_IPD, 0 },
    { SQL_DESC_UPDATABLE, false, FT_SMALL, -1, DRV_IRD, 0 },
};
#undef H
#undef R

static const field_def *field_find(SQLSMALLINT id)
{
    for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++)
        if (fields[i].id == id)
            return &fields[i];
    return NULL;
}

static SQLINTEGER ft_size(ftype ft)
{
    static const SQLINTEGER sz[] = { sizeof(SQLSMALLINT), sizeof(SQLINTEGER), sizeof(SQLLEN),
                                     sizeof(SQLULEN), sizeof(SQLPOINTER), 0 };
    return sz[ft];
}

/* Reads a numeric field at p into a SQLLEN (pointers as integers). */
static SQLLEN load(const void *p, ftype ft)
{
    switch (ft) {
    case FT_SMALL: return *(const SQLSMALLINT *)p;
    case FT_INT: return *(const SQLINTEGER *)p;
    case FT_LEN: return *(const SQLLEN *)p;
    case FT_ULEN: return (SQLLEN)*(const SQLULEN *)p;
    case FT_PTR: return (SQLLEN)(intptr_t)*(void *const *)p;
    default: return 0;
    }
}

static void put(void *out, ftype ft, SQLLEN v)
{
    switch (ft) {
    case FT_SMALL: *(SQLSMALLINT *)out = (SQLSMALLINT)v; break;
    case FT_INT: *(SQLINTEGER *)out = (SQLINTEGER)v; break;
    case FT_LEN: *(SQLLEN *)out = v; break;
    case FT_ULEN: *(SQLULEN *)out = (SQLULEN)v; break;
    case FT_PTR: *(SQLPOINTER *)out = (SQLPOINTER)(intptr_t)v; break;
    default: break;
    }
}

/* Header fields live as SQLULEN/SQLPOINTER/SQLSMALLINT in drv_desc; the
 * bind type is a SQLULEN there but an SQLINTEGER on the API. */
static ftype header_storage(const field_def *f)
{
    return f->id == SQL_DESC_BIND_TYPE ? FT_ULEN : f->ft;
}

/* IPD fields derived from the record's type. */
static SQLLEN derived_ipd(const drv_desc_rec *r, SQLSMALLINT id)
{
    switch (id) {
    case SQL_DESC_CASE_SENSITIVE: return is_char_type(r->type) ? SQL_TRUE : SQL_FALSE;
    case SQL_DESC_FIXED_PREC_SCALE: return SQL_FALSE;
    case SQL_DESC_UNSIGNED: return SQL_FALSE;
    case SQL_DESC_ROWVER: return SQL_FALSE;
    default: return 0;
    }
}

static SQLRETURN put_str(drv_desc *d, const char *s, SQLPOINTER value, SQLINTEGER buflen,
                         SQLINTEGER *outlen, bool wide)
{
    drv_strout o = { value, buflen, wide, true };
    if (buflen < 0)
        return drv_error(&d->hdr, "HY090", "Invalid string or buffer length");
    return drv_strout_put_int(&d->hdr, &o, s ? s : "", s ? strlen(s) : 0, outlen);
}

/* Moves the diagnostic records of `from` to the end of `to` (messages change
 * owner; out of memory keeps them on `from`, which is then cleared). */
static void move_diags(drv_hdr *from, drv_hdr *to)
{
    drv_diag *f = &from->diag, *t = &to->diag;
    if ((f->count > 0 && f->cap == 0) || (t->count > 0 && t->cap == 0)) {
        drv_diag_clear(from);   /* either side holds the static HY001 record */
        drv_nomem(to);
        return;
    }
    if (f->count > 0 && t->count + f->count > t->cap) {
        int cap = t->count + f->count;
        drv_diag_rec *n = realloc(t->recs, sizeof *n * (size_t)cap);
        if (!n) {
            drv_diag_clear(from);
            drv_nomem(to);
            return;
        }
        t->recs = n;
        t->cap = cap;
    }
    for (int i = 0; i < f->count; i++)
        t->recs[t->count++] = f->recs[i];
    f->count = 0;   /* the messages now belong to `to` */
    drv_diag_clear(from);
}

/* The IRD reads through describe.c; its diagnostics go to the statement and
 * are copied to the descriptor. */
static SQLRETURN ird_field(drv_desc *d, SQLSMALLINT rec, const field_def *f, SQLPOINTER value,
                           SQLINTEGER buflen, SQLINTEGER *outlen, bool wide)
{
    drv_stmt *stmt = d->stmt;
    drv_strout o = { value, buflen, wide, true };
    SQLSMALLINT slen = 0;
    SQLLEN num = 0;
    if (f->ft == FT_STR && buflen < 0)
        return drv_error(&d->hdr, "HY090", "Invalid string or buffer length");
    /* fields describe.c does not know: derived from the concise type */
    bool from_concise = f->id == SQL_DESC_DATETIME_INTERVAL_CODE ||
                        f->id == SQL_DESC_DATETIME_INTERVAL_PRECISION || f->id == SQL_DESC_ROWVER;
    SQLUSMALLINT ask = from_concise ? SQL_DESC_CONCISE_TYPE : (SQLUSMALLINT)f->id;
    SQLRETURN rc = drv_col_attribute(stmt, (SQLUSMALLINT)rec, ask, &o, &slen, &num);
    move_diags(&stmt->hdr, &d->hdr);
    if (!SQL_SUCCEEDED(rc))
        return rc;
    if (from_concise) {
        SQLSMALLINT t, code;
        split_concise((SQLSMALLINT)num, &t, &code);
        num = f->id == SQL_DESC_DATETIME_INTERVAL_CODE ? code : 0;
    }
    if (f->ft == FT_STR) {
        if (outlen)
            *outlen = slen;
    } else {
        if (value)
            put(value, f->ft, num);
        if (outlen)
            *outlen = ft_size(f->ft);
    }
    return rc;
}

/* HY007 unless the IRD's statement has a column description. */
static SQLRETURN ird_ready(drv_desc *d)
{
    drv_stmt *s = d->stmt;
    if (s->state == DRV_S_ALLOCATED || (s->state == DRV_S_PREPARED && !s->have_desc)) {
        if (s->state == DRV_S_PREPARED && SQL_SUCCEEDED(drv_stmt_need_desc(s)))
            return SQL_SUCCESS;
        drv_diag_clear(&s->hdr);
        return drv_error(&d->hdr, "HY007", "Associated statement is not prepared");
    }
    return SQL_SUCCESS;
}

static int ird_count(const drv_desc *d)
{
    return drv_visible_cols(d->stmt);
}

static bool bookmarks_on(const drv_desc *d)
{
    return d->stmt && d->stmt->use_bookmarks != SQL_UB_OFF;
}

/*
 * The record `rec` of d that SQLSetDescField/SQLSetDescRec is about to write,
 * created (with those before it) when d has fewer. NULL with *rc set on
 * failure: 07009 for a negative index, for 0 in a parameter descriptor and
 * for 0 in a statement's descriptor while bookmarks are off; SQL_ERROR with
 * HY001 recorded by drv_desc_rec_get. *rc is left alone on success.
 */
static drv_desc_rec *rec_to_write(drv_desc *d, SQLSMALLINT rec, SQLRETURN *rc)
{
    if (rec < 0 || (rec == 0 && (d->type == DRV_APD || d->type == DRV_IPD))) {
        *rc = drv_error(&d->hdr, "07009", "Invalid descriptor index %d", (int)rec);
        return NULL;
    }
    if (rec == 0 && d->stmt && !bookmarks_on(d)) {
        *rc = drv_error(&d->hdr, "07009", "Invalid descriptor index 0: bookmarks are off");
        return NULL;
    }
    drv_desc_rec *r = drv_desc_rec_get(&d->hdr, d, rec);
    if (!r)
        *rc = SQL_ERROR;
    return r;
}

SQLRETURN drv_get_desc_field(drv_desc *d, SQLSMALLINT rec, SQLSMALLINT field, SQLPOINTER value,
                             SQLINTEGER buflen, SQLINTEGER *outlen, bool wide)
{
    const field_def *f = field_find(field);
    if (!f)
        return drv_error(&d->hdr, "HY091", "Invalid descriptor field identifier %d", (int)field);
    if (!(f->read & d->type))
        return drv_error(&d->hdr, "HY091", "Field %d is not defined for this descriptor",
                         (int)field);
    if (f->header) {
        SQLLEN v;
        if (f->id == SQL_DESC_ALLOC_TYPE) {
            v = d->is_explicit ? SQL_DESC_ALLOC_USER : SQL_DESC_ALLOC_AUTO;
        } else if (f->id == SQL_DESC_COUNT && d->type == DRV_IRD) {
            SQLRETURN rc = ird_ready(d);
            if (!SQL_SUCCEEDED(rc))
                return rc;
            v = ird_count(d);
        } else {
            v = load((const char *)d + f->off, header_storage(f));
        }
        if (value)
            put(value, f->ft, v);
        if (outlen)
            *outlen = ft_size(f->ft);
        return SQL_SUCCESS;
    }
    if (rec < 0)
        return drv_error(&d->hdr, "07009", "Invalid descriptor index %d", (int)rec);
    if (rec == 0 && d->stmt && !bookmarks_on(d) && d->type != DRV_APD && d->type != DRV_IPD)
        return drv_error(&d->hdr, "07009", "Invalid descriptor index 0: bookmarks are off");
    if (rec == 0 && (d->type == DRV_APD || d->type == DRV_IPD))
        return drv_error(&d->hdr, "07009", "Invalid descriptor index 0 for parameters");
    if (d->type == DRV_IRD) {
        SQLRETURN rc = ird_ready(d);
        if (!SQL_SUCCEEDED(rc))
            return rc;
        if (rec > ird_count(d))
            return SQL_NO_DATA;
        return ird_field(d, rec, f, value, buflen, outlen, wide);
    }
    const drv_desc_rec *r = drv_desc_rec_at(d, rec);
    if (!r)
        return SQL_NO_DATA;
    if (f->ft == FT_STR)
        return put_str(d, f->off >= 0 ? r->name : "", value, buflen, outlen, wide);
    SQLLEN v = f->off >= 0 ? load((const char *)r + f->off, f->ft) : derived_ipd(r, f->id);
    if (value)
        put(value, f->ft, v);
    if (outlen)
        *outlen = ft_size(f->ft);
    return SQL_SUCCESS;
}

/* The spec's consistency check (SQLSetDescField, "Consistency Checks"):
 * run when DATA_PTR is set. HY021 names what is wrong. */
static SQLRETURN check_consistency(drv_desc *d, const drv_desc_rec *r)
{
    if (d->type == DRV_ARD || d->type == DRV_APD) {
        if (r->concise_type != SQL_C_DEFAULT && r->concise_type != SQL_C_VARBOOKMARK &&
            drv_c_type_check(r->concise_type))
            return drv_error(&d->hdr, "HY021", "Inconsistent descriptor information: "
                             "%d is not a C type", (int)r->concise_type);
    } else if (r->concise_type == 0) {
        return drv_error(&d->hdr, "HY021", "Inconsistent descriptor information: "
                         "no SQL type set");
    }
    if (r->type == SQL_NUMERIC || r->type == SQL_DECIMAL || r->concise_type == SQL_C_NUMERIC) {
        if (r->precision < 1 || r->precision > DEFAULT_NUMERIC_PRECISION ||
            r->scale > r->precision)
            return drv_error(&d->hdr, "HY021", "Inconsistent descriptor information: "
                             "precision %d / scale %d", (int)r->precision, (int)r->scale);
    }
    if ((r->type == SQL_DATETIME || r->type == SQL_INTERVAL) && !r->datetime_interval_code)
        return drv_error(&d->hdr, "HY021", "Inconsistent descriptor information: "
                         "datetime/interval subcode missing");
    /* an interval C type: precisions its SQL_INTERVAL_STRUCT can hold */
    if ((d->type == DRV_ARD || d->type == DRV_APD) && r->type == SQL_INTERVAL) {
        if (r->datetime_interval_precision < 1 ||
            r->datetime_interval_precision > DRV_INTERVAL_MAX_LEADING)
            return drv_error(&d->hdr, "HY021", "Inconsistent descriptor information: interval "
                             "leading precision %d (SQL_DESC_DATETIME_INTERVAL_PRECISION: "
                             "1 to %d)", (int)r->datetime_interval_precision,
                             DRV_INTERVAL_MAX_LEADING);
        if (has_seconds(r->datetime_interval_code) &&
            (r->precision < 0 || r->precision > DRV_INTERVAL_MAX_SECONDS))
            return drv_error(&d->hdr, "HY021", "Inconsistent descriptor information: interval "
                             "seconds precision %d (SQL_DESC_PRECISION: 0 to %d)",
                             (int)r->precision, DRV_INTERVAL_MAX_SECONDS);
    }
    return SQL_SUCCESS;
}

/* Sets the verbose TYPE: datetime and interval need the subcode already in
 * the record (the application sets it next otherwise). */
static SQLRETURN set_type(drv_desc *d, drv_desc_rec *r, SQLSMALLINT t)
{
    if (t == SQL_DATETIME || t == SQL_INTERVAL) {
        r->type = t;
        SQLSMALLINT code = r->datetime_interval_code;
        r->concise_type = code ? (SQLSMALLINT)(t == SQL_DATETIME ? 90 + code : 100 + code) : 0;
        type_defaults(r);
        return SQL_SUCCESS;
    }
    if (d->type != DRV_IPD && t != SQL_C_DEFAULT && t != SQL_C_VARBOOKMARK &&
        drv_c_type_check(t))
        return drv_error(&d->hdr, "HY021", "Inconsistent descriptor information: "
                         "%d is not a C type", (int)t);
    set_concise(r, t);
    return SQL_SUCCESS;
}

SQLRETURN drv_set_desc_field(drv_desc *d, SQLSMALLINT rec, SQLSMALLINT field, SQLPOINTER value,
                             SQLINTEGER buflen)
{
    if (d->type == DRV_IRD)
        return drv_error(&d->hdr, "HY016", "Cannot modify an implementation row descriptor");
    const field_def *f = field_find(field);
    if (!f)
        return drv_error(&d->hdr, "HY091", "Invalid descriptor field identifier %d", (int)field);
    if (!(f->write & d->type))
        return drv_error(&d->hdr, "HY091", "Field %d cannot be set on this descriptor",
                         (int)field);
    SQLLEN v = (SQLLEN)(intptr_t)value;
    if (f->header) {
        switch (f->id) {
        case SQL_DESC_ARRAY_SIZE:
            if (v <= 0)
                return drv_error(&d->hdr, "HY024", "Invalid attribute value: array size 0");
            break;
        case SQL_DESC_COUNT:
            if (v < 0)
                return drv_error(&d->hdr, "07009", "Invalid descriptor index %ld", (long)v);
            if (v > 0 && !drv_desc_rec_get(&d->hdr, d, (int)v))
                return SQL_ERROR;
            /* records above the new count are unbound */
            for (int i = (int)v + 1; i < d->cap; i++) {
                free(d->recs[i].name);
                rec_defaults(d, &d->recs[i]);
            }
            d->count = (SQLSMALLINT)v;
            return SQL_SUCCESS;
        default:
            break;
        }
        put((char *)d + f->off, header_storage(f), v);
        return SQL_SUCCESS;
    }
    SQLRETURN rc = SQL_SUCCESS;
    drv_desc_rec *r = rec_to_write(d, rec, &rc);
    if (!r)
        return rc;
    switch (f->id) {
    case SQL_DESC_TYPE:
        rc = set_type(d, r, (SQLSMALLINT)v);
        break;
    case SQL_DESC_CONCISE_TYPE:
        if (d->type != DRV_IPD && v != SQL_C_DEFAULT && v != SQL_C_VARBOOKMARK &&
            drv_c_type_check((SQLSMALLINT)v))
            return drv_error(&d->hdr, "HY021", "Inconsistent descriptor information: "
                             "%d is not a C type", (int)v);
        set_concise(r, (SQLSMALLINT)v);
        break;
    case SQL_DESC_DATETIME_INTERVAL_CODE:
        r->datetime_interval_code = (SQLSMALLINT)v;
        if (r->type == SQL_DATETIME || r->type == SQL_INTERVAL)
            rc = set_type(d, r, r->type);
        break;
    case SQL_DESC_NAME: {
        char *name = NULL;
        if (value) {
            name = drv_strdup_len(value, buflen);
            if (!name)
                return drv_nomem(&d->hdr);
        }
        free(r->name);
        r->name = name;
        r->unnamed = name && name[0] ? SQL_NAMED : SQL_UNNAMED;
        break;
    }
    case SQL_DESC_UNNAMED:
        if (v != SQL_UNNAMED)
            return drv_error(&d->hdr, "HY091", "SQL_DESC_UNNAMED can only be set to "
                             "SQL_UNNAMED");
        free(r->name);
        r->name = NULL;
        r->unnamed = SQL_UNNAMED;
        break;
    case SQL_DESC_PARAMETER_TYPE:
        if (v != SQL_PARAM_INPUT && v != SQL_PARAM_OUTPUT && v != SQL_PARAM_INPUT_OUTPUT &&
            v != SQL_PARAM_INPUT_OUTPUT_STREAM && v != SQL_PARAM_OUTPUT_STREAM)
            return drv_error(&d->hdr, "HY105", "Invalid parameter type");
        r->parameter_type = (SQLSMALLINT)v;
        break;
    case SQL_DESC_DATA_PTR:
        /* on the IPD, setting DATA_PTR only asks for the consistency check */
        if (d->type == DRV_IPD)
            return check_consistency(d, r);
        r->data_ptr = value;
        if (value)
            rc = check_consistency(d, r);
        if (!SQL_SUCCEEDED(rc))
            r->data_ptr = NULL;
        shrink_count(d);
        return rc;
    case SQL_DESC_INDICATOR_PTR:
    case SQL_DESC_OCTET_LENGTH_PTR:
        put((char *)r + f->off, f->ft, v);
        shrink_count(d);
        return SQL_SUCCESS;
    default:
        put((char *)r + f->off, f->ft, v);
        break;
    }
    /* any other field set on an application record unbinds its data */
    if (d->type != DRV_IPD)
        r->data_ptr = NULL;
    return rc;
}

SQLRETURN drv_get_desc_rec(drv_desc *d, SQLSMALLINT rec, const drv_strout *name,
                           SQLSMALLINT *namelen, SQLSMALLINT *type, SQLSMALLINT *subtype,
                           SQLLEN *length, SQLSMALLINT *precision, SQLSMALLINT *scale,
                           SQLSMALLINT *nullable)
{
    struct { SQLSMALLINT id; void *out; } nums[] = {
        { SQL_DESC_TYPE, type }, { SQL_DESC_DATETIME_INTERVAL_CODE, subtype },
        { SQL_DESC_OCTET_LENGTH, length }, { SQL_DESC_PRECISION, precision },
        { SQL_DESC_SCALE, scale }, { SQL_DESC_NULLABLE, nullable },
    };
    if (rec < 0)
        return drv_error(&d->hdr, "07009", "Invalid descriptor index %d", (int)rec);
    if (d->type == DRV_IRD) {
        SQLRETURN rc = ird_ready(d);
        if (!SQL_SUCCEEDED(rc))
            return rc;
        if (rec > ird_count(d))
            return SQL_NO_DATA;
    } else if (!drv_desc_rec_at(d, rec) && rec > 0) {
        return SQL_NO_DATA;
    }
    SQLRETURN rc = SQL_SUCCESS;
    /* NAME and NULLABLE exist on the IRD and IPD only */
    bool impl = d->type == DRV_IRD || d->type == DRV_IPD;
    if (impl) {
        SQLINTEGER n = 0;
        rc = drv_get_desc_field(d, rec, SQL_DESC_NAME, name->buf, (SQLINTEGER)name->buflen,
                                &n, name->wide);
        if (!SQL_SUCCEEDED(rc))
            return rc;
        if (namelen)
            *namelen = (SQLSMALLINT)(name->wide ? n / (SQLINTEGER)sizeof(SQLWCHAR) : n);
    } else if (namelen) {
        *namelen = 0;
        if (name->buf && name->buflen >= (SQLLEN)(name->wide ? sizeof(SQLWCHAR) : 1))
            memset(name->buf, 0, name->wide ? sizeof(SQLWCHAR) : 1);
    }
    for (size_t i = 0; i < sizeof nums / sizeof nums[0]; i++) {
        if (!nums[i].out || (nums[i].id == SQL_DESC_NULLABLE && !impl))
            continue;
        SQLRETURN r = drv_get_desc_field(d, rec, nums[i].id, nums[i].out, 0, NULL, false);
        if (!SQL_SUCCEEDED(r))
            return r;
    }
    return rc;
}

SQLRETURN drv_set_desc_rec(drv_desc *d, SQLSMALLINT rec, SQLSMALLINT type, SQLSMALLINT subtype,
                           SQLLEN length, SQLSMALLINT precision, SQLSMALLINT scale,
                           SQLPOINTER data, SQLLEN *octet_len_ptr, SQLLEN *ind_ptr)
{
    if (d->type == DRV_IRD)
        return drv_error(&d->hdr, "HY016", "Cannot modify an implementation row descriptor");
    SQLRETURN rc = SQL_SUCCESS;
    drv_desc_rec *r = rec_to_write(d, rec, &rc);
    if (!r)
        return rc;
    r->datetime_interval_code = subtype;
    rc = set_type(d, r, type);
    if (!SQL_SUCCEEDED(rc))
        return rc;
    r->octet_length = length;
    if (is_char_type(r->type))
        r->length = (SQLULEN)length;
    r->precision = precision;
    r->scale = scale;
    if (d->type != DRV_IPD) {
        r->octet_length_ptr = octet_len_ptr;
        r->indicator_ptr = ind_ptr;
        r->data_ptr = data;
    }
    rc = check_consistency(d, r);
    if (!SQL_SUCCEEDED(rc))
        r->data_ptr = NULL;
    shrink_count(d);
    return rc;
}

/* Fills an application record from IRD column `col` (SQLCopyDesc from an IRD). */
static SQLRETURN copy_from_ird(drv_desc *src, int col, drv_desc_rec *r)
{
    static const struct { SQLSMALLINT id; ptrdiff_t off; ftype ft; } f[] = {
        { SQL_DESC_CONCISE_TYPE, offsetof(drv_desc_rec, concise_type), FT_SMALL },
        { SQL_DESC_LENGTH, offsetof(drv_desc_rec, length), FT_ULEN },
        { SQL_DESC_PRECISION, offsetof(drv_desc_rec, precision), FT_SMALL },
        { SQL_DESC_SCALE, offsetof(drv_desc_rec, scale), FT_SMALL },
        { SQL_DESC_OCTET_LENGTH, offsetof(drv_desc_rec, octet_length), FT_LEN },
        { SQL_DESC_NUM_PREC_RADIX, offsetof(drv_desc_rec, num_prec_radix), FT_INT },
        { SQL_DESC_NULLABLE, offsetof(drv_desc_rec, nullable), FT_SMALL },
    };
    for (size_t i = 0; i < sizeof f / sizeof f[0]; i++) {
        SQLLEN v = 0;
        SQLRETURN rc = drv_get_desc_field(src, (SQLSMALLINT)col, f[i].id, &v, 0, NULL, false);
        if (!SQL_SUCCEEDED(rc))
            return rc;
        /* drv_get_desc_field wrote the field's own width into v */
        SQLLEN val = load(&v, f[i].ft);
        put((char *)r + f[i].off, f[i].ft, val);
    }
    split_concise(r->concise_type, &r->type, &r->datetime_interval_code);
    return SQL_SUCCESS;
}

SQLRETURN drv_copy_desc(drv_desc *src, drv_desc *dst)
{
    if (dst->type == DRV_IRD)
        return drv_error(&dst->hdr, "HY016", "Cannot modify an implementation row descriptor");
    if (src == dst)
        return SQL_SUCCESS;
    int n = src->count;
    if (src->type == DRV_IRD) {
        SQLRETURN rc = ird_ready(src);
        if (!SQL_SUCCEEDED(rc)) {
            move_diags(&src->hdr, &dst->hdr);
            return rc;
        }
        n = ird_count(src);
    }
    /* grow first so a failure leaves dst unchanged */
    if (n > 0 && n >= dst->cap) {
        SQLSMALLINT keep = dst->count;
        if (!drv_desc_rec_get(&dst->hdr, dst, n))
            return SQL_ERROR;
        dst->count = keep;
    }
    for (int i = 0; i < dst->cap; i++) {
        free(dst->recs[i].name);
        rec_defaults(dst, &dst->recs[i]);
    }
    dst->count = (SQLSMALLINT)n;
    dst->array_status_ptr = src->array_status_ptr;
    dst->rows_processed_ptr = src->rows_processed_ptr;
    if (src->type != DRV_IRD) {
        dst->array_size = src->array_size;
        dst->bind_offset_ptr = src->bind_offset_ptr;
        dst->bind_type = src->bind_type;
        for (int i = 0; i <= n && i < src->cap; i++) {
            dst->recs[i] = src->recs[i];
            dst->recs[i].name = NULL;
            if (src->recs[i].name && !(dst->recs[i].name = strdup(src->recs[i].name)))
                return drv_nomem(&dst->hdr);
        }
        return SQL_SUCCESS;
    }
    for (int i = 1; i <= n; i++) {
        SQLRETURN rc = copy_from_ird(src, i, &dst->recs[i]);
        if (!SQL_SUCCEEDED(rc)) {
            move_diags(&src->hdr, &dst->hdr);
            return rc;
        }
    }
    return SQL_SUCCESS;
}
