/*
 * fetch.c: SQLBindCol, SQLFetch and SQLGetData: moving through the rows of
 * the current chunk, asking protocol/ for the next chunk of a suspended
 * portal, and handing each value to convert.c.
 *
 * The fetch path allocates nothing per row or per value: each value is
 * decoded from the chunk's bytes (text or binary, as the column came) into a
 * pgw_datum, using the statement's scratch buffers, and converted into the
 * application's buffer.
 * Rowsets are one row (SQL_ATTR_ROW_ARRAY_SIZE > 1 is not honoured yet).
 */
#include <stdlib.h>
#include <string.h>

#include "stmt_int.h"

/* SQLBindCol writes ARD record `col` (TYPE, OCTET_LENGTH, DATA_PTR and both
 * length pointers), as the spec defines it; a NULL data pointer unbinds the
 * data (the indicator may stay bound). */
SQLRETURN drv_bind_col(drv_stmt *stmt, SQLUSMALLINT col, SQLSMALLINT c_type,
                       SQLPOINTER ptr, SQLLEN buflen, SQLLEN *ind)
{
    drv_desc *ard = stmt->ard;
    if (col == 0 && stmt->use_bookmarks == SQL_UB_OFF)
        return drv_error(&stmt->hdr, "07009", "Invalid descriptor index 0: bookmarks are off");
    if (col == 0 && ptr && c_type != SQL_C_VARBOOKMARK && c_type != SQL_C_BOOKMARK)
        return drv_error(&stmt->hdr, "HY003", "Column 0 is bound as SQL_C_VARBOOKMARK or "
                         "SQL_C_BOOKMARK");
    if (buflen < 0)
        return drv_error(&stmt->hdr, "HY090", "Invalid string or buffer length");
    if (!ptr && !ind) {   /* unbind */
        drv_desc_rec *r = drv_desc_rec_at(ard, col);
        if (r) {
            r->data_ptr = NULL;
            r->indicator_ptr = NULL;
            r->octet_length_ptr = NULL;
            while (ard->count > 0 && !drv_desc_rec_bound(&ard->recs[ard->count]))
                ard->count--;
        }
        return SQL_SUCCESS;
    }
    const char *bad = c_type == SQL_C_DEFAULT || col == 0 ? NULL : drv_c_type_check(c_type);
    if (bad)
        return drv_error(&stmt->hdr, bad, "Invalid application buffer type %d", (int)c_type);
    drv_desc_rec *r = drv_desc_rec_get(&stmt->hdr, ard, col);
    if (!r)
        return SQL_ERROR;
    drv_desc_rec_set_type(r, c_type == SQL_C_BOOKMARK ? SQL_C_ULONG : c_type);
    if (c_type == SQL_C_NUMERIC) {   /* the spec's defaults for a bound numeric */
        r->precision = 38;
        r->scale = 0;
    }
    r->octet_length = buflen;
    r->data_ptr = ptr;
    r->indicator_ptr = ind;
    r->octet_length_ptr = ind;
    return SQL_SUCCESS;
}

/* Decodes value (row, ci) of the current chunk and converts it to c_type.
 * A value the server sent malformed is HY000 with the type's name. */
static SQLRETURN convert_cell(drv_stmt *stmt, int ci, SQLSMALLINT c_type, SQLPOINTER ptr,
                              SQLLEN buflen, SQLLEN *ind, size_t offset, size_t *consumed)
{
    const pgw_column *col = &stmt->res.cols[ci];
    pgw_value v = pgw_result_value(&stmt->res, stmt->row, ci);
    const pgw_type *wt = pgw_type_lookup(col->type_oid);
    drv_dbc *dbc = stmt->dbc;
    pgw_decode_ctx ctx = {
        &stmt->dec_buf[0], &stmt->dec_buf[1], &stmt->dec_buf[2], &stmt->dec_buf[3],
        dbc->conn && pgw_is_cratedb(dbc->conn), dbc->arrays_as_pg, dbc->point_as_pg,
    };
    pgw_datum d;
    if (!pgw_value_decode(wt, col->format, v.ptr, v.len, &ctx, &d))
        return drv_error_at(&stmt->hdr, "HY000", (SQLLEN)stmt->nfetched, ci + 1,
                            "Cannot read the %s value the server sent in column %d (%s format)",
                            wt->crate_name, ci + 1, col->format == 1 ? "binary" : "text");
    return drv_convert_value(&stmt->hdr, drv_type_lookup(col->type_oid), &d, c_type, ptr,
                             buflen, ind, offset, consumed, &stmt->fmt_buf);
}

/* Fills every bound column of the current row. */
static SQLRETURN fill_bound(drv_stmt *stmt)
{
    SQLRETURN rc = SQL_SUCCESS;
    const drv_desc *ard = stmt->ard;
    int n = ard->count < stmt->res.ncols ? ard->count : stmt->res.ncols;
    for (int i = 0; i < n; i++) {
        const drv_desc_rec *b = &ard->recs[i + 1];
        if (!drv_desc_rec_bound(b))
            continue;
        SQLSMALLINT c = b->concise_type;
        SQLLEN *ind = drv_desc_ind_at(ard, b, 0);
        SQLLEN *len = drv_desc_len_at(ard, b, 0);
        void *data = drv_desc_data_at(ard, b, 0, drv_desc_elem_size(b, c));
        SQLRETURN r = convert_cell(stmt, i, c, data, b->octet_length, ind ? ind : len, 0, NULL);
        if (ind && len && len != ind && *ind != SQL_NULL_DATA)
            *len = *ind;
        if (r == SQL_ERROR)
            rc = SQL_ERROR;
        else if (r == SQL_SUCCESS_WITH_INFO && rc == SQL_SUCCESS)
            rc = SQL_SUCCESS_WITH_INFO;
    }
    return rc;
}

SQLRETURN drv_fetch(drv_stmt *stmt)
{
    if (stmt->state != DRV_S_CURSOR)
        return drv_error(&stmt->hdr, "24000", "Invalid cursor state: no result set");
    if (stmt->ird.rows_processed_ptr)
        *stmt->ird.rows_processed_ptr = 0;
    stmt->gd_col = -1;
    stmt->gd_offset = 0;
    size_t next = stmt->on_row ? stmt->row + 1 : stmt->row;
    if (stmt->max_rows > 0 && stmt->nfetched >= stmt->max_rows)
        goto end;
    if (next >= stmt->res.nrows) {
        if (!stmt->more)
            goto end;
        pgw_conn *c = stmt->dbc->conn;
        if (!c)
            return drv_error(&stmt->hdr, "08003", "Connection not open");
        SQLRETURN yr = drv_stmt_yield_conn(stmt);
        if (!SQL_SUCCEEDED(yr))
            return yr;
        int chunk = stmt->dbc->fetch_size > 0 ? stmt->dbc->fetch_size : 0;
        pgw_status st = pgw_fetch_more(c, stmt->portal, chunk, &stmt->res, stmt->res.nrows);
        if (st != PGW_OK) {
            stmt->more = false;
            stmt->on_row = false;
            stmt->row = stmt->res.nrows;
            if (stmt->dbc->portal_owner == stmt)
                stmt->dbc->portal_owner = NULL;
            return drv_error_pgw(&stmt->hdr, c, st);
        }
        stmt->nreceived += stmt->res.nrows;
        stmt->more = stmt->res.suspended;
        if (stmt->more)
            stmt->dbc->portal_owner = stmt;
        else if (stmt->dbc->portal_owner == stmt)
            stmt->dbc->portal_owner = NULL;
        if (!stmt->more)
            stmt->rowcount = (int64_t)stmt->nreceived;
        next = 0;
        if (stmt->res.nrows == 0)
            goto end;
    }
    stmt->row = next;
    stmt->on_row = true;
    stmt->nfetched++;
    SQLRETURN rc = fill_bound(stmt);
    if (stmt->ird.rows_processed_ptr)
        *stmt->ird.rows_processed_ptr = 1;
    if (stmt->ird.array_status_ptr)
        stmt->ird.array_status_ptr[0] = rc == SQL_ERROR ? SQL_ROW_ERROR
                                  : rc == SQL_SUCCESS_WITH_INFO ? SQL_ROW_SUCCESS_WITH_INFO
                                  : SQL_ROW_SUCCESS;
    return rc;
end:
    stmt->on_row = false;
    stmt->row = stmt->res.nrows;
    if (stmt->ird.array_status_ptr)
        stmt->ird.array_status_ptr[0] = SQL_ROW_NOROW;
    return SQL_NO_DATA;
}

SQLRETURN drv_get_data(drv_stmt *stmt, SQLUSMALLINT col, SQLSMALLINT c_type,
                       SQLPOINTER ptr, SQLLEN buflen, SQLLEN *ind)
{
    if (stmt->state != DRV_S_CURSOR)
        return drv_error(&stmt->hdr, "24000", "Invalid cursor state: no result set");
    if (!stmt->on_row)
        return drv_error(&stmt->hdr, "24000", "Invalid cursor state: no current row");
    if (col == 0 || col > stmt->res.ncols)
        return drv_error(&stmt->hdr, "07009", "Invalid descriptor index %u", (unsigned)col);
    if (buflen < 0)
        return drv_error(&stmt->hdr, "HY090", "Invalid string or buffer length");
    int ci = col - 1;
    size_t offset = 0;
    if (stmt->gd_col == ci) {
        if (stmt->gd_offset == SIZE_MAX)
            return SQL_NO_DATA;   /* the whole value was returned already */
        offset = stmt->gd_offset;
    }
    /* SQL_ARD_TYPE: the type SQLBindCol gave the column (SQL_C_DEFAULT when unbound) */
    if (c_type == SQL_ARD_TYPE)
    {
        const drv_desc_rec *r = drv_desc_rec_at(stmt->ard, col);
        c_type = r ? r->concise_type : SQL_C_DEFAULT;
    }
    size_t consumed = offset;
    SQLRETURN rc = convert_cell(stmt, ci, c_type, ptr, buflen, ind, offset, &consumed);
    stmt->gd_col = ci;
    /* more to come only after a truncation (01004) of a piecewise type */
    bool partial = false;
    if (rc == SQL_SUCCESS_WITH_INFO && stmt->hdr.diag.count > 0) {
        const drv_diag_rec *r = &stmt->hdr.diag.recs[stmt->hdr.diag.count - 1];
        partial = strcmp(r->sqlstate, "01004") == 0;
    }
    if (rc == SQL_ERROR)
        stmt->gd_col = -1;
    else
        stmt->gd_offset = partial ? consumed : SIZE_MAX;
    return rc;
}
