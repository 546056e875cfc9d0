/*
 * params.c: SQLBindParameter, SQLNumParams, SQLDescribeParam, and turning
 * the bound application values into Bind parameters at execute time: one
 * parameter set (row) at a time, for single executions and for parameter
 * arrays alike, including values supplied at execution time (SQLParamData /
 * SQLPutData, kept here until the last piece arrived).
 *
 * Values always travel separately from the SQL text (never spliced in); the
 * conversion of one value and the choice of its type OID is
 * param_convert.c's. Output parameters answer HYC00 (CrateDB has no
 * procedures, so nothing could fill them).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "param_convert.h"
#include "stmt_int.h"

static SQLSMALLINT resolve_c_type(SQLSMALLINT c_type, SQLSMALLINT sql_type)
{
    return c_type != SQL_C_DEFAULT ? c_type : drv_param_default_c(sql_type);
}

SQLRETURN drv_bind_parameter(drv_stmt *stmt, SQLUSMALLINT num, SQLSMALLINT io_type,
                             SQLSMALLINT c_type, SQLSMALLINT sql_type, SQLULEN col_size,
                             SQLSMALLINT digits, SQLPOINTER ptr, SQLLEN buflen, SQLLEN *ind)
{
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
    if (c_type != SQL_C_DEFAULT && drv_c_type_check(c_type))
        return drv_error(&stmt->hdr, "HY003", "Invalid application buffer type %d",
                         (int)c_type);
    if (!drv_sql_type_known(sql_type))
        return drv_error(&stmt->hdr, "HY004", "Invalid SQL data type %d", (int)sql_type);
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
    drv_type_meta m;
    SQLSMALLINT sql_type = drv_type_presented(stmt, oid, &m);
    bool numeric = m.t->sql_type == SQL_NUMERIC;
    if (type)
        *type = sql_type;
    /* A parameter has no type modifier on the wire, so a numeric's precision
     * and scale are unknown. Applications size SQL_C_NUMERIC buffers from
     * this answer (pyodbc's fast_executemany scales every Decimal to it and
     * refuses more fraction digits): a 38-digit struct with 16 of them after
     * the point carries what money and measurements need. */
    if (size)
        *size = numeric ? DRV_NUMERIC_MAX_PRECISION : m.size;
    if (digits)
        *digits = numeric ? DRV_PARAM_NUMERIC_SCALE : m.digits >= 0 ? m.digits : 0;
    if (nullable)
        *nullable = SQL_NULLABLE_UNKNOWN;
    return SQL_SUCCESS;
}


/* ------------------------------------------------------------ data at execution */

/* One value supplied with SQLPutData, collected until SQLParamData moves on. */
typedef struct dae_val {
    int param;                     /* 0-based marker                        */
    SQLULEN row;                   /* parameter set                         */
    char *buf;                     /* the pieces, concatenated (raw C bytes) */
    size_t len, cap;
    bool null;                     /* SQLPutData(SQL_NULL_DATA)             */
    bool got;                      /* at least one SQLPutData call          */
} dae_val;

struct drv_dae {
    dae_val *v;
    size_t n;
    size_t cur;                    /* value being put; n before the first    */
    bool named;                    /* how to run when complete (exec.c)      */
};

void drv_dae_reset(drv_stmt *stmt)
{
    if (!stmt->dae)
        return;
    for (size_t i = 0; i < stmt->dae->n; i++)
        free(stmt->dae->v[i].buf);
    free(stmt->dae->v);
    free(stmt->dae);
    stmt->dae = NULL;
}

/* ------------------------------------------------------------ binding view */

/* Parameter `idx` (0-based) of set `row`, read from its APD and IPD records:
 * where its value lives and its length/indicator (bind type and offset
 * applied by desc.c). */
typedef struct param_at {
    const drv_desc_rec *a, *ip;
    SQLSMALLINT c_type;            /* SQL_C_DEFAULT resolved                 */
    const void *ptr;               /* the value, NULL when none is bound      */
    SQLLEN len;                    /* SQL_NULL_DATA, SQL_NTS, a byte length,
                                      SQL_DATA_AT_EXEC ... SQL_DEFAULT_PARAM */
} param_at;

/* False when the parameter is not bound (no APD data/indicator pointer or
 * no IPD type). The NULL indicator wins over the octet length (they are
 * separate pointers when set through SQLSetDescField). */
static bool locate(const drv_stmt *stmt, int idx, SQLULEN row, param_at *p)
{
    p->a = drv_desc_rec_at(stmt->apd, idx + 1);
    p->ip = drv_desc_rec_at(&stmt->ipd, idx + 1);
    if (!drv_desc_rec_bound(p->a) || !p->ip || !p->ip->concise_type)
        return false;
    p->c_type = resolve_c_type(p->a->concise_type, p->ip->concise_type);
    p->ptr = drv_desc_data_at(stmt->apd, p->a, row, drv_desc_elem_size(p->a, p->c_type));
    SQLLEN *ind = drv_desc_ind_at(stmt->apd, p->a, row);
    SQLLEN *len = drv_desc_len_at(stmt->apd, p->a, row);
    if (ind && *ind == SQL_NULL_DATA)
        p->len = SQL_NULL_DATA;
    else
        p->len = len ? *len : SQL_NTS;
    return true;
}

bool drv_param_row_skipped(const drv_stmt *stmt, SQLULEN row)
{
    const SQLUSMALLINT *op = stmt->apd->array_status_ptr;   /* PARAM_OPERATION_PTR */
    return op && op[row] == SQL_PARAM_IGNORE;
}

static bool is_dae(SQLLEN ind)
{
    return ind == SQL_DATA_AT_EXEC || ind <= SQL_LEN_DATA_AT_EXEC_OFFSET;
}

/*
 * Checks the bindings for stmt->nmarkers markers (07002 when one is
 * missing) and, when some value of a set that is not ignored is supplied at
 * execution, starts the data-at-execution sequence: returns SQL_NEED_DATA
 * with stmt->dae set. SQL_SUCCESS when every value is bound.
 */
SQLRETURN drv_params_check(drv_stmt *stmt, bool named)
{
    int n = stmt->nmarkers;
    size_t ndae = 0;
    if (n == 0)
        return SQL_SUCCESS;
    if (stmt->apd->count < n)
        return drv_error(&stmt->hdr, "07002", "COUNT field incorrect: %d markers, %d bound",
                         n, (int)stmt->apd->count);
    for (int i = 0; i < n; i++) {
        param_at p;
        if (!locate(stmt, i, 0, &p))
            return drv_error(&stmt->hdr, "07002",
                             "COUNT field incorrect: parameter %d not bound", i + 1);
    }
    drv_dae_reset(stmt);
    for (int pass = 0; pass < 2; pass++) {
        for (SQLULEN r = 0; r < stmt->apd->array_size; r++) {
            if (drv_param_row_skipped(stmt, r))
                continue;
            for (int i = 0; i < n; i++) {
                param_at p;
                if (!locate(stmt, i, r, &p) || !is_dae(p.len))
                    continue;
                if (pass == 1) {
                    dae_val *v = &stmt->dae->v[stmt->dae->n++];
                    memset(v, 0, sizeof *v);
                    v->param = i;
                    v->row = r;
                } else {
                    ndae++;
                }
            }
        }
        if (ndae == 0)
            return SQL_SUCCESS;
        if (pass == 0) {
            stmt->dae = calloc(1, sizeof *stmt->dae);
            if (!stmt->dae || !(stmt->dae->v = calloc(ndae, sizeof(dae_val)))) {
                free(stmt->dae);
                stmt->dae = NULL;
                return drv_nomem(&stmt->hdr);
            }
        }
    }
    stmt->dae->cur = stmt->dae->n;  /* SQLParamData moves to the first */
    stmt->dae->named = named;
    return SQL_NEED_DATA;
}

/* The collected value of (idx, row), or NULL when it was bound normally. */
static const dae_val *dae_find(const drv_stmt *stmt, int idx, SQLULEN row)
{
    if (!stmt->dae)
        return NULL;
    for (size_t i = 0; i < stmt->dae->n; i++)
        if (stmt->dae->v[i].param == idx && stmt->dae->v[i].row == row)
            return &stmt->dae->v[i];
    return NULL;
}

/*
 * Converts parameter set `row` into a (the arena): outs[i] for every marker,
 * len -1 for NULL. Records the SQLSTATE with the parameter and set number on
 * failure (the arena is then left as it was at the call).
 */
SQLRETURN drv_params_row(drv_stmt *stmt, SQLULEN row, drv_arena *a, drv_pc_out *outs)
{
    size_t mark = a->len;
    for (int i = 0; i < stmt->nmarkers; i++) {
        const dae_val *dv = dae_find(stmt, i, row);
        drv_pc_in in;
        param_at p;
        char msg[200];
        if (!locate(stmt, i, row, &p)) {
            a->len = mark;
            return drv_error(&stmt->hdr, "07002", "COUNT field incorrect: parameter %d not "
                             "bound", i + 1);
        }
        in.c_type = p.c_type;
        in.sql_type = p.ip->concise_type;
        in.column_size = drv_desc_column_size(p.ip);
        in.decimal_digits = drv_desc_decimal_digits(p.ip);
        /* SQL_C_NUMERIC: the APD's precision and scale describe the struct
         * (SQLBindParameter's ColumnSize/DecimalDigits or SQLSetDescField);
         * a precision of 0 there leaves the struct's own scale in charge */
        in.num_precision = p.c_type == SQL_C_NUMERIC ? p.a->precision : 0;
        in.num_scale = p.a->scale;
        in.ptr = p.ptr;
        /* the server's type for it, when known for the statement Bind uses */
        in.server_oid = stmt->have_param_desc && !stmt->multi && i < stmt->nparam_oids
                            ? stmt->param_oids[i] : 0;
        in.iso_years = pgw_is_cratedb(stmt->dbc->conn);
        SQLLEN l = p.len;
        if (dv) {
            l = dv->null ? SQL_NULL_DATA : (SQLLEN)dv->len;
            in.ptr = dv->buf ? dv->buf : "";
        } else if (l == SQL_DEFAULT_PARAM) {
            a->len = mark;
            return drv_error(&stmt->hdr, "07S01", "Invalid use of default parameter "
                             "(parameter %d, set %lu): only procedure parameters have "
                             "defaults", i + 1, (unsigned long)row + 1);
        }
        if (l == SQL_NULL_DATA) {
            outs[i].oid = in.sql_type == SQL_BIT ? 16 : 0;
            outs[i].format = 0;
            outs[i].off = a->len;
            outs[i].len = -1;
            continue;
        }
        size_t fixed = drv_c_type_size(in.c_type);
        if (fixed)
            l = (SQLLEN)fixed;
        else if (l == SQL_NTS && in.ptr)
            l = in.c_type == SQL_C_WCHAR ? (SQLLEN)(drv_param_wcslen(in.ptr) * sizeof(SQLWCHAR))
                                         : (SQLLEN)strlen(in.ptr);
        else if (l < 0 && !dv)
            l = -1;
        in.len = l;
        const char *st = drv_param_convert(&in, a, &outs[i], msg, sizeof msg);
        if (st) {
            a->len = mark;
            if (strcmp(st, "HY001") == 0)
                return drv_nomem(&stmt->hdr);
            return drv_error(&stmt->hdr, st, "%s (parameter %d, set %lu)", msg, i + 1,
                             (unsigned long)row + 1);
        }
    }
    return SQL_SUCCESS;
}

SQLRETURN drv_param_data(drv_stmt *stmt, SQLPOINTER *token)
{
    struct drv_dae *d = stmt->dae;
    if (!d)
        return drv_error(&stmt->hdr, "HY010", "Function sequence error: no data-at-execution "
                         "parameter is pending");
    size_t next = d->cur == d->n ? 0 : d->cur + 1;
    if (next < d->n) {
        const dae_val *v = &d->v[next];
        param_at p;
        d->cur = next;
        if (!locate(stmt, v->param, v->row, &p))
            p.ptr = NULL;   /* unbound since SQLExecute: 07002 when it runs */
        if (token)
            *token = (SQLPOINTER)p.ptr;
        /* with an array, the token alone does not tell the set: ODBC has the
         * driver name it (1-based) in SQL_ATTR_PARAMS_PROCESSED_PTR */
        if (stmt->ipd.rows_processed_ptr)
            *stmt->ipd.rows_processed_ptr = v->row + 1;
        return SQL_NEED_DATA;
    }
    /* every value is in: run the statement with them */
    for (size_t i = 0; i < d->n; i++)
        if (!d->v[i].got) {
            d->cur = d->n;
            return drv_error(&stmt->hdr, "HY010", "Function sequence error: no SQLPutData "
                             "for parameter %d", d->v[i].param + 1);
        }
    SQLRETURN rc = drv_exec_after_dae(stmt, d->named);
    drv_dae_reset(stmt);
    return rc;
}

SQLRETURN drv_put_data(drv_stmt *stmt, SQLPOINTER data, SQLLEN len)
{
    struct drv_dae *d = stmt->dae;
    if (!d || d->cur >= d->n)
        return drv_error(&stmt->hdr, "HY010", "Function sequence error: SQLParamData has not "
                         "asked for a value");
    dae_val *v = &d->v[d->cur];
    param_at p;
    if (!locate(stmt, v->param, v->row, &p))
        return drv_error(&stmt->hdr, "07002", "COUNT field incorrect: parameter %d not bound",
                         v->param + 1);
    SQLSMALLINT c = p.c_type;
    size_t fixed = drv_c_type_size(c);
    if (len == SQL_NULL_DATA) {
        if (v->got)
            return drv_error(&stmt->hdr, "HY011", "NULL after data was already sent");
        v->null = v->got = true;
        return SQL_SUCCESS;
    }
    if (v->null)
        return drv_error(&stmt->hdr, "HY011", "Data after SQL_NULL_DATA");
    if (fixed) {
        if (v->got)
            return drv_error(&stmt->hdr, "HY019", "Non-character and non-binary data sent "
                             "in pieces");
        len = (SQLLEN)fixed;
    } else if (len == SQL_NTS) {
        if (c == SQL_C_BINARY)
            return drv_error(&stmt->hdr, "HY090", "Invalid string or buffer length");
        len = data ? (c == SQL_C_WCHAR ? (SQLLEN)(drv_param_wcslen(data) * sizeof(SQLWCHAR))
                                       : (SQLLEN)strlen(data))
                   : 0;
    } else if (len < 0) {
        return drv_error(&stmt->hdr, "HY090", "Invalid string or buffer length");
    }
    if (len > 0 && !data)
        return drv_error(&stmt->hdr, "HY009", "Invalid use of null pointer");
    if (v->len + (size_t)len > v->cap) {
        size_t cap = v->cap ? v->cap : 64;
        while (cap < v->len + (size_t)len)
            cap *= 2;
        char *nb = realloc(v->buf, cap);
        if (!nb)
            return drv_nomem(&stmt->hdr);
        v->buf = nb;
        v->cap = cap;
    }
    if (len > 0)
        memcpy(v->buf + v->len, data, (size_t)len);
    v->len += (size_t)len;
    v->got = true;
    return SQL_SUCCESS;
}
