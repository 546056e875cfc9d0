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
    if (!resolve_c_type(c_type, sql_type))
        return drv_error(&stmt->hdr, "HYC00", "SQL type %d is not supported for parameters",
                         (int)sql_type);
    if (buflen < 0)
        return drv_error(&stmt->hdr, "HY090", "Invalid string or buffer length");
    if (!ptr && !ind)
        return drv_error(&stmt->hdr, "HY009", "Invalid use of null pointer");
    if (num > stmt->nparams_bound) {
        drv_param_binding *p = realloc(stmt->params, sizeof *p * num);
        if (!p)
            return drv_nomem(&stmt->hdr);
        memset(p + stmt->nparams_bound, 0, sizeof *p * (size_t)(num - stmt->nparams_bound));
        stmt->params = p;
        stmt->nparams_bound = num;
    }
    drv_param_binding *b = &stmt->params[num - 1];
    b->io_type = io_type;
    b->c_type = c_type;
    b->sql_type = sql_type;
    b->column_size = col_size;
    b->decimal_digits = digits;
    b->ptr = ptr;
    b->buflen = buflen;
    b->ind = ind;
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

/* Where parameter `idx` of set `row` lives (bind type, offset applied). */
static void locate(const drv_stmt *stmt, int idx, SQLULEN row, const void **ptr, SQLLEN **ind)
{
    const drv_param_binding *b = &stmt->params[idx];
    SQLULEN off = stmt->param_bind_offset_ptr ? *stmt->param_bind_offset_ptr : 0;
    SQLULEN stride, istride;
    if (stmt->param_bind_type == SQL_PARAM_BIND_BY_COLUMN) {
        SQLSMALLINT c = resolve_c_type(b->c_type, b->sql_type);
        size_t fixed = drv_param_c_size(c);
        stride = fixed ? fixed : (SQLULEN)b->buflen;
        istride = sizeof(SQLLEN);
    } else {
        stride = istride = stmt->param_bind_type;
    }
    *ptr = b->ptr ? (const char *)b->ptr + off + row * stride : NULL;
    *ind = b->ind ? (SQLLEN *)((char *)b->ind + off + row * istride) : NULL;
}

bool drv_param_row_skipped(const drv_stmt *stmt, SQLULEN row)
{
    return stmt->param_operation_ptr && stmt->param_operation_ptr[row] == SQL_PARAM_IGNORE;
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
    if (stmt->nparams_bound < n)
        return drv_error(&stmt->hdr, "07002", "COUNT field incorrect: %d markers, %d bound",
                         n, stmt->nparams_bound);
    for (int i = 0; i < n; i++)
        if (stmt->params[i].io_type == 0)
            return drv_error(&stmt->hdr, "07002",
                             "COUNT field incorrect: parameter %d not bound", i + 1);
    drv_dae_reset(stmt);
    for (int pass = 0; pass < 2; pass++) {
        for (SQLULEN r = 0; r < stmt->paramset_size; r++) {
            if (drv_param_row_skipped(stmt, r))
                continue;
            for (int i = 0; i < n; i++) {
                const void *p;
                SQLLEN *ind;
                locate(stmt, i, r, &p, &ind);
                if (!ind || !is_dae(*ind))
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
        const drv_param_binding *b = &stmt->params[i];
        const dae_val *dv = dae_find(stmt, i, row);
        drv_pc_in in;
        const void *p;
        SQLLEN *ind;
        char msg[200];
        locate(stmt, i, row, &p, &ind);
        in.c_type = resolve_c_type(b->c_type, b->sql_type);
        in.sql_type = b->sql_type;
        in.column_size = b->column_size;
        in.decimal_digits = b->decimal_digits;
        in.ptr = p;
        SQLLEN l = ind ? *ind : SQL_NTS;
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
            outs[i].oid = b->sql_type == SQL_BIT ? 16 : 0;
            outs[i].format = 0;
            outs[i].off = a->len;
            outs[i].len = -1;
            continue;
        }
        size_t fixed = drv_param_c_size(in.c_type);
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
        const void *p;
        SQLLEN *ind;
        d->cur = next;
        locate(stmt, v->param, v->row, &p, &ind);
        if (token)
            *token = (SQLPOINTER)p;
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
    const drv_param_binding *b = &stmt->params[v->param];
    SQLSMALLINT c = resolve_c_type(b->c_type, b->sql_type);
    size_t fixed = drv_param_c_size(c);
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
