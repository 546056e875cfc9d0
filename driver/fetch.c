/*
 * fetch.c: SQLBindCol, SQLFetch, SQLFetchScroll, SQLExtendedFetch, SQLSetPos
 * and SQLGetData: cursor positioning over the current chunk of rows, asking
 * protocol/ for the next chunk of a suspended portal, and handing each value
 * to convert.c into the buffers the ARD describes (block cursors, column- or
 * row-wise binding, bind offsets, row status arrays).
 *
 * Forward-only cursors stream: the chunk holds at most max(FetchSize,
 * rowset size) rows; when a rowset needs rows beyond the chunk, the rows
 * from the rowset's start are kept (pgw_fetch_more keep_from) and the next
 * chunk is appended, so memory does not grow with the result.
 *
 * Static (scrollable) cursors read every row when the cursor opens
 * (drv_cursor_opened) into the result's one row block, which grows by
 * doubling (no allocation per row). Why not CrateDB's DECLARE ... SCROLL
 * cursors (FACTS §3.9): they exist only since 5.1/5.2, WITHOUT HOLD needs a
 * transaction block and WITH HOLD materialises the whole result on the
 * server anyway; each scroll would be one more round trip, and SQLSetPos /
 * SQLGetData inside a rowset need the rows at hand in any case. Reading the
 * rows once is one round trip per chunk and works the same on PostgreSQL.
 *
 * Bookmarks are the 1-based row number as a 4-byte integer (fixed
 * SQL_C_BOOKMARK or SQL_C_VARBOOKMARK of 4 bytes).
 *
 * The fetch path allocates nothing per row or per value: each value is
 * decoded from the chunk's bytes into a pgw_datum using the statement's
 * scratch buffers and converted into the application's buffer; the common
 * exact cases (int text into an integer, "t"/"f" into SQL_C_BIT, text that
 * fits into SQL_C_CHAR ...) go straight from the text into the buffer
 * (drv_fast_resolve, resolved once per column), anything else or unusual
 * takes that general path, which owns every diagnostic.
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

void drv_cursor_reset(drv_stmt *stmt)
{
    stmt->row = 0;
    stmt->on_row = false;
    stmt->base = 0;
    stmt->rs_start = 0;
    stmt->rs_len = 0;
    stmt->last_rs_size = 0;
    stmt->where = -1;
    stmt->scrollable = false;
    stmt->nfetched = 0;
    stmt->gd_col = -1;
    stmt->gd_offset = 0;
    stmt->colplan_cols = NULL;   /* a new result: plan_columns again */
}

/* No current row or rowset: SQLGetData and SQLSetPos answer 24000. */
static void forget_current_row(drv_stmt *stmt)
{
    stmt->row = 0;
    stmt->on_row = false;
    stmt->rs_len = 0;
    stmt->gd_col = -1;
    stmt->gd_offset = 0;
}

void drv_cursor_rows_dropped(drv_stmt *stmt, size_t n)
{
    stmt->base += n;
    stmt->rs_start = stmt->rs_start > n ? stmt->rs_start - n : 0;
    if (stmt->row >= n)
        stmt->row -= n;
    else
        forget_current_row(stmt);   /* it went with them */
}

/*
 * Per result column, what every value of the column shares, resolved once
 * per result instead of once per value: the wire type (decoder), the driver
 * type, the format; and, refreshed once per rowset (bind_plan), the bound
 * conversion and where element 0 of the bound arrays lives, so filling a
 * row is pointer arithmetic plus one decode and one convert per value.
 */
typedef struct drv_colplan {
    const pgw_type *wt;
    const drv_type_info *dt;
    int16_t format;
    /* the bound column of the current rowset (bind_plan) */
    bool bound;
    drv_conv conv;
    drv_fast_fn fast;              /* the direct text conversion, or NULL   */
    char *data, *ind, *len;        /* element 0, bind offset applied        */
    size_t data_step, len_step;    /* bytes between elements                */
    SQLLEN buflen;
    /* SQLGetData: the conversion of the last C type asked for */
    drv_conv gd_conv;
    drv_fast_fn gd_fast;
} drv_colplan;

/* Makes stmt->colplan describe stmt->res's columns (rebuilt when the result
 * changed since). False on out of memory (HY001 recorded). */
static bool plan_columns_build(drv_stmt *stmt)
{
    int n = stmt->res.ncols;
    if (n > stmt->colplan_cap) {
        drv_colplan *p = realloc(stmt->colplan, (size_t)n * sizeof *p);
        if (!p) {
            drv_nomem(&stmt->hdr);
            return false;
        }
        stmt->colplan = p;
        stmt->colplan_cap = n;
    }
    bool cratedb = stmt->dbc->conn && pgw_is_cratedb(stmt->dbc->conn);
    for (int i = 0; i < n; i++) {
        const pgw_column *col = &stmt->res.cols[i];
        drv_colplan *p = &stmt->colplan[i];
        memset(p, 0, sizeof *p);
        p->wt = pgw_type_lookup(col->type_oid);
        p->dt = drv_type_lookup_col(col->type_oid, col->typmod, cratedb);
        p->format = col->format;
        drv_conv_resolve(p->dt, SQL_C_DEFAULT, &p->gd_conv);
        p->gd_fast = drv_fast_resolve(&p->gd_conv, col->type_oid, p->format);
    }
    drv_dbc *dbc = stmt->dbc;
    pgw_decode_ctx ctx = {
        .out = &stmt->dec_buf[0], .aux = &stmt->dec_buf[1], .elem = &stmt->dec_buf[2],
        .fmt = &stmt->dec_buf[3], .cratedb = cratedb, .arrays_as_pg = dbc->arrays_as_pg,
        .point_as_pg = dbc->point_as_pg,
    };
    stmt->dctx = ctx;
    stmt->colplan_cols = stmt->res.cols;
    return true;
}

/* plan_columns_build unless the plan is current (the per-SQLGetData case). */
static inline bool plan_columns(drv_stmt *stmt)
{
    if (stmt->colplan_cols == stmt->res.cols && stmt->colplan_cols)
        return true;
    return plan_columns_build(stmt);
}

/* Decodes value (row, ci) of the current chunk and converts it as cv says.
 * A value the server sent malformed (or in a format code the protocol does
 * not have) is HY000 with the type's name; a well-formed one that no datum
 * holds is the decoder's SQLSTATE (22008, 22015). */
static SQLRETURN convert_cell(drv_stmt *stmt, size_t row, int ci, const drv_conv *cv,
                              SQLPOINTER ptr, SQLLEN buflen, SQLLEN *ind, size_t offset,
                              size_t *consumed)
{
    const drv_colplan *p = &stmt->colplan[ci];
    pgw_value v = drv_row_value(stmt, row, ci);
    pgw_datum d;
    if (!pgw_value_decode(p->wt, p->format, v.ptr, v.len, &stmt->dctx, &d)) {
        if (stmt->dctx.out_of_range)
            return drv_error(&stmt->hdr, stmt->dctx.out_of_range,
                             "The %s value the server sent in column %d is out of range",
                             p->wt->crate_name, ci + 1);
        if (p->format != 0 && p->format != 1)
            return drv_error(&stmt->hdr, "HY000",
                             "Cannot read column %d: the server sent it in format %d",
                             ci + 1, (int)p->format);
        return drv_error(&stmt->hdr, "HY000",
                         "Cannot read the %s value the server sent in column %d (%s format)",
                         p->wt->crate_name, ci + 1, p->format == 1 ? "binary" : "text");
    }
    return drv_convert_resolved(&stmt->hdr, cv, p->dt, &d, ptr, buflen, ind, offset,
                                consumed, &stmt->fmt_buf);
}

/* The bookmark of res row `row`: its 1-based number in the result. */
static SQLRETURN put_bookmark(drv_stmt *stmt, size_t row, SQLSMALLINT c_type, void *ptr,
                              SQLLEN buflen, SQLLEN *ind)
{
    SQLUINTEGER bm = (SQLUINTEGER)(stmt->base + row + 1);
    if (c_type == SQL_C_VARBOOKMARK && buflen < (SQLLEN)sizeof bm) {
        if (ind)
            *ind = sizeof bm;
        return drv_error(&stmt->hdr, "01004", "String data, right truncated: bookmark");
    }
    if (ptr)
        memcpy(ptr, &bm, sizeof bm);
    if (ind)
        *ind = sizeof bm;
    return SQL_SUCCESS;
}

/* Marks the diagnostics recorded since `from` with their row and column. */
static void tag_diags(drv_stmt *stmt, int from, SQLLEN row, SQLINTEGER col)
{
    for (int k = from; k < stmt->hdr.diag.count && stmt->hdr.diag.cap > 0; k++) {
        stmt->hdr.diag.recs[k].row = row;
        stmt->hdr.diag.recs[k].column = col;
    }
}

static SQLRETURN worse(SQLRETURN a, SQLRETURN b)
{
    if (a == SQL_ERROR || b == SQL_ERROR)
        return SQL_ERROR;
    if (a == SQL_SUCCESS_WITH_INFO || b == SQL_SUCCESS_WITH_INFO)
        return SQL_SUCCESS_WITH_INFO;
    return SQL_SUCCESS;
}

/* Element 0 of a bound array with the bind offset applied (NULL stays NULL). */
static char *bound_base(const drv_desc *ard, void *p)
{
    if (!p)
        return NULL;
    return (char *)p + (ard->bind_offset_ptr ? *ard->bind_offset_ptr : 0);
}

/* Resolves the ARD's bindings of result columns for one rowset: the C type
 * (SQL_C_DEFAULT: the column's default), its conversion, the bases and
 * strides of the data, indicator and length arrays (what drv_desc_data_at /
 * drv_desc_ind_at compute per element). Nothing in the ARD can change while
 * the rowset is being filled. Returns how many leading columns fill_row
 * looks at (none beyond the ARD's count is bound; 0 for SQLGetData-only
 * reads). */
static int bind_plan(drv_stmt *stmt)
{
    const drv_desc *ard = stmt->ard;
    int nvis = drv_visible_cols(stmt);
    int n = ard->count < nvis ? ard->count : nvis;
    bool by_col = ard->bind_type == SQL_BIND_BY_COLUMN;
    for (int c = 1; c <= n; c++) {
        drv_colplan *p = &stmt->colplan[c - 1];
        const drv_desc_rec *b = &ard->recs[c];
        p->bound = drv_desc_rec_bound(b);
        if (!p->bound)
            continue;
        drv_conv_resolve(p->dt, b->concise_type, &p->conv);
        drv_conv_from_ard(&p->conv, b);   /* SQLSetDescField may have set them */
        p->fast = drv_fast_resolve(&p->conv, stmt->res.cols[c - 1].type_oid, p->format);
        p->buflen = b->octet_length;
        p->data = bound_base(ard, b->data_ptr);
        p->ind = bound_base(ard, b->indicator_ptr);
        p->len = bound_base(ard, b->octet_length_ptr);
        p->data_step = by_col ? drv_desc_elem_size(b, p->conv.c_type) : ard->bind_type;
        p->len_step = by_col ? sizeof(SQLLEN) : ard->bind_type;
    }
    return n > 0 ? n : 0;
}

/* Fills every bound column among the first `ncols` of res row `row` into
 * element `i` of the ARD's arrays (as bind_plan resolved them, and its
 * count). Diagnostics carry row i + 1 of the rowset and the column. */
static SQLRETURN fill_row(drv_stmt *stmt, size_t row, size_t i, int ncols)
{
    SQLRETURN rc = SQL_SUCCESS;
    if (stmt->use_bookmarks != SQL_UB_OFF && drv_desc_rec_bound(&stmt->ard->recs[0])) {
        const drv_desc *ard = stmt->ard;
        const drv_desc_rec *b = &ard->recs[0];
        SQLSMALLINT ct = b->concise_type;
        int before = stmt->hdr.diag.count;
        SQLLEN *ind = drv_desc_ind_at(ard, b, i);
        SQLLEN *len = drv_desc_len_at(ard, b, i);
        void *data = drv_desc_data_at(ard, b, i, ct == SQL_C_VARBOOKMARK
                                                     ? (size_t)b->octet_length
                                                     : sizeof(SQLUINTEGER));
        rc = put_bookmark(stmt, row, ct, data, b->octet_length, ind ? ind : len);
        if (ind && len && len != ind && *ind != SQL_NULL_DATA)
            *len = *ind;
        tag_diags(stmt, before, (SQLLEN)i + 1, 0);
    }
    for (int c = 0; c < ncols; c++) {
        const drv_colplan *p = &stmt->colplan[c];
        if (!p->bound)
            continue;
        int before = stmt->hdr.diag.count;
        SQLLEN *ind = p->ind ? (SQLLEN *)(void *)(p->ind + i * p->len_step) : NULL;
        SQLLEN *len = p->len ? (SQLLEN *)(void *)(p->len + i * p->len_step) : NULL;
        void *data = p->data ? p->data + i * p->data_step : NULL;
        SQLRETURN r = SQL_SUCCESS;
        pgw_value v = drv_row_value(stmt, row, c);
        if (!p->fast || !p->fast(&p->conv, v.ptr, v.len, data, p->buflen, ind ? ind : len))
            r = convert_cell(stmt, row, c, &p->conv, data, p->buflen, ind ? ind : len, 0, NULL);
        if (ind && len && len != ind && *ind != SQL_NULL_DATA)
            *len = *ind;
        if (stmt->hdr.diag.count != before)
            tag_diags(stmt, before, (SQLLEN)i + 1, c + 1);
        if (r != SQL_SUCCESS)
            rc = worse(rc, r);
    }
    return rc;
}

/* Rows of the whole result known so far (static cursors: all of them),
 * capped by SQL_ATTR_MAX_ROWS. */
static uint64_t total_rows(const drv_stmt *stmt)
{
    uint64_t t = stmt->base + stmt->res.nrows;
    if (stmt->max_rows > 0 && t > stmt->max_rows)
        t = stmt->max_rows;
    return t;
}

/* Reads the next chunk, keeping res rows [keep, nrows) at the front.
 * `want` rows at least are asked for. */
static SQLRETURN read_chunk(drv_stmt *stmt, size_t keep, size_t want)
{
    pgw_conn *c = stmt->dbc->conn;
    if (!c)
        return drv_conn_not_open(&stmt->hdr, stmt->dbc);
    SQLRETURN yr = drv_stmt_yield_conn(stmt);
    if (!SQL_SUCCEEDED(yr))
        return yr;
    size_t chunk = stmt->dbc->fetch_size > 0 ? (size_t)stmt->dbc->fetch_size : 0;
    if (chunk && chunk < want)
        chunk = want;
    size_t before = stmt->res.nrows - keep;
    drv_timer t;
    drv_timer_start(&t, stmt);
    pgw_status st = pgw_fetch_more(c, stmt->portal, chunk > INT32_MAX ? 0 : (int)chunk,
                                   &stmt->res, keep);
    bool fired = drv_timer_stop(&t, stmt);
    drv_cursor_rows_dropped(stmt, keep);
    if (st != PGW_OK) {
        stmt->more = false;
        if (stmt->dbc->portal_owner == stmt)
            stmt->dbc->portal_owner = NULL;
        return drv_timer_error(stmt, fired, c, st);
    }
    stmt->nreceived += stmt->res.nrows - before;
    stmt->more = stmt->res.suspended;
    if (stmt->more)
        stmt->dbc->portal_owner = stmt;
    else if (stmt->dbc->portal_owner == stmt)
        stmt->dbc->portal_owner = NULL;
    if (!stmt->more)
        stmt->rowcount = (int64_t)stmt->nreceived;
    /* SQLCancel or the query timeout came while this chunk was awaited and the
     * chunk arrived all the same: the call ends as the application asked (the
     * cursor stays open, the rows stay readable). On CrateDB this is the usual
     * case: a resumed portal's rows are produced on the network thread that
     * serves the connection, and a CancelRequest whose connection the node
     * gave to that thread is read only once the chunk is done. */
    if (drv_timer_interrupted(&t, stmt))
        return drv_timer_interrupted_error(&t, stmt);
    return SQL_SUCCESS;
}

SQLRETURN drv_cursor_opened(drv_stmt *stmt)
{
    drv_cursor_reset(stmt);
    if (stmt->cursor_type == SQL_CURSOR_FORWARD_ONLY)
        return SQL_SUCCESS;
    stmt->scrollable = true;
    while (stmt->more) {
        SQLRETURN rc = read_chunk(stmt, 0, 0);
        if (!SQL_SUCCEEDED(rc))
            return rc;
    }
    return SQL_SUCCESS;
}

SQLULEN drv_row_number(const drv_stmt *stmt)
{
    return stmt->on_row ? (SQLULEN)(stmt->base + stmt->row + 1) : 0;
}

/* Writes the rowset [start, start + n) of res into the bound buffers and
 * the status array; the rest of the status array gets SQL_ROW_NOROW. */
static SQLRETURN deliver(drv_stmt *stmt, size_t start, size_t n, SQLULEN size,
                         SQLULEN *count, SQLUSMALLINT *status)
{
    SQLRETURN rc = SQL_SUCCESS;
    size_t nerr = 0;
    stmt->rs_start = start;
    stmt->rs_len = n;
    stmt->row = start;
    stmt->on_row = n > 0;
    stmt->where = n > 0 ? 0 : stmt->where;
    stmt->gd_col = -1;
    stmt->gd_offset = 0;
    int ncols = 0;
    if (n > 0) {
        if (!plan_columns(stmt))
            return SQL_ERROR;
        ncols = bind_plan(stmt);
    }
    for (size_t i = 0; i < n; i++) {
        SQLRETURN r = fill_row(stmt, start + i, i, ncols);
        if (status)
            status[i] = r == SQL_ERROR ? SQL_ROW_ERROR
                        : r == SQL_SUCCESS_WITH_INFO ? SQL_ROW_SUCCESS_WITH_INFO
                        : drv_upd_row_status(stmt, start + i);
        nerr += r == SQL_ERROR;
        rc = worse(rc, r);
    }
    for (size_t i = n; status && i < size; i++)
        status[i] = SQL_ROW_NOROW;
    if (count)
        *count = n;
    /* a row error in a multi-row rowset: the others are still delivered */
    if (rc == SQL_ERROR && n > 1 && nerr < n)
        rc = SQL_SUCCESS_WITH_INFO;
    if (n == 0)
        return SQL_NO_DATA;
    return rc;
}

static SQLRETURN no_rows(drv_stmt *stmt, int where, SQLULEN size, SQLULEN *count,
                         SQLUSMALLINT *status)
{
    stmt->where = where;
    stmt->rs_len = 0;
    stmt->on_row = false;
    if (where > 0 && !stmt->scrollable)
        stmt->rs_start = stmt->res.nrows;
    return deliver(stmt, stmt->rs_start, 0, size, count, status);
}

/* Forward-only: the rows at hand ran out and no more come. When reading
 * them for another statement failed (exec.c yield_conn), that error is the
 * answer, once: the result is incomplete, SQL_NO_DATA would hide it. */
static SQLRETURN rows_ended(drv_stmt *stmt, SQLULEN size, SQLULEN *count,
                           SQLUSMALLINT *status)
{
    SQLRETURN rc = no_rows(stmt, 1, size, count, status);
    if (stmt->drain_err.count == 0)
        return rc;
    drv_diag_free(&stmt->hdr.diag);
    stmt->hdr.diag = stmt->drain_err;
    memset(&stmt->drain_err, 0, sizeof stmt->drain_err);
    return SQL_ERROR;
}

/* Forward-only: the next rowset, reading chunks as needed. */
static SQLRETURN fetch_next_stream(drv_stmt *stmt, SQLULEN size, SQLULEN *count,
                                   SQLUSMALLINT *status)
{
    size_t start = stmt->rs_len ? stmt->rs_start + stmt->rs_len : stmt->rs_start;
    if (stmt->where > 0)
        return no_rows(stmt, 1, size, count, status);
    stmt->rs_start = start;
    stmt->rs_len = 0;
    uint64_t cap = stmt->max_rows > 0 ? stmt->max_rows : UINT64_MAX;
    uint64_t first = stmt->base + start;
    if (first >= cap)
        return no_rows(stmt, 1, size, count, status);
    if (size > cap - first)
        size = (SQLULEN)(cap - first);
    while (stmt->res.nrows - stmt->rs_start < size && stmt->more) {
        SQLRETURN rc = read_chunk(stmt, stmt->rs_start, size);
        if (!SQL_SUCCEEDED(rc)) {
            /* no current row after a failed fetch (SQLGetData: 24000); rows
             * that arrived before the failure stay for the next SQLFetch */
            forget_current_row(stmt);
            return rc;
        }
    }
    size_t avail = stmt->res.nrows - stmt->rs_start;
    size_t n = avail < size ? avail : size;
    if (n == 0)
        return rows_ended(stmt, size, count, status);
    stmt->nfetched += n;
    return deliver(stmt, stmt->rs_start, n, size, count, status);
}

/*
 * Static cursor: the ODBC rules for the new rowset start (1-based), from the
 * SQLFetchScroll "Cursor positioning rules" tables. Returns 0 for before the
 * start, total + 1 for after the end; *warn is set when the start was moved
 * to row 1 (01S06).
 */
static int64_t scroll_target(const drv_stmt *stmt, SQLSMALLINT orient, SQLLEN off, int64_t size,
                             bool *warn)
{
    int64_t total = (int64_t)total_rows(stmt);
    int64_t cur = stmt->where < 0 ? 0 : stmt->where > 0 ? total + 1
                                                        : (int64_t)stmt->rs_start + 1;
    int64_t last = stmt->last_rs_size ? (int64_t)stmt->last_rs_size : size;
    *warn = false;
    switch (orient) {
    case SQL_FETCH_NEXT:
        if (stmt->where < 0)
            return 1;
        if (stmt->where > 0)
            return total + 1;
        return cur + last;
    case SQL_FETCH_PRIOR:
        if (stmt->where < 0)
            return 0;
        if (stmt->where > 0)
            return total > size ? total - size + 1 : 1;
        if (cur == 1)
            return 0;
        if (cur <= size) {
            *warn = true;
            return 1;
        }
        return cur - size;
    case SQL_FETCH_FIRST:
        return 1;
    case SQL_FETCH_LAST:
        return total > size ? total - size + 1 : 1;
    case SQL_FETCH_ABSOLUTE:
        if (off < 0) {
            if (-off <= total)
                return total + off + 1;
            if (-off > size)
                return 0;
            *warn = true;
            return 1;
        }
        return off == 0 ? 0 : off;
    case SQL_FETCH_RELATIVE:
        if ((stmt->where < 0 && off > 0) || (stmt->where > 0 && off < 0))
            return stmt->where < 0 ? off : total + off + 1;
        if (stmt->where < 0 || (cur == 1 && off < 0))
            return 0;
        if (stmt->where > 0)
            return total + 1;
        if (cur + off < 1) {
            if (-off > size)
                return 0;
            *warn = true;
            return 1;
        }
        return cur + off;
    default:
        return 0;
    }
}

static SQLRETURN fetch_static(drv_stmt *stmt, SQLSMALLINT orient, SQLLEN off, SQLULEN size,
                              SQLULEN *count, SQLUSMALLINT *status)
{
    bool warn = false;
    int64_t total = (int64_t)total_rows(stmt);
    int64_t target;
    if (orient == SQL_FETCH_BOOKMARK) {
        if (!stmt->fetch_bookmark_ptr)
            return drv_error(&stmt->hdr, "HY111", "Invalid bookmark value: no "
                             "SQL_ATTR_FETCH_BOOKMARK_PTR");
        SQLUINTEGER bm;
        memcpy(&bm, stmt->fetch_bookmark_ptr, sizeof bm);
        if (bm < 1 || (int64_t)bm > total)
            return drv_error(&stmt->hdr, "HY111", "Invalid bookmark value %u", (unsigned)bm);
        target = (int64_t)bm + off;
    } else {
        target = scroll_target(stmt, orient, off, (int64_t)size, &warn);
    }
    stmt->last_rs_size = size;
    if (target < 1)
        return no_rows(stmt, -1, size, count, status);
    if (target > total)
        return no_rows(stmt, 1, size, count, status);
    size_t start = (size_t)(target - 1);
    size_t n = (size_t)(total - target + 1) < size ? (size_t)(total - target + 1) : size;
    SQLRETURN rc = deliver(stmt, start, n, size, count, status);
    if (warn && SQL_SUCCEEDED(rc))
        rc = worse(rc, drv_error(&stmt->hdr, "01S06", "Attempt to fetch before the result set "
                                 "returned the first rowset"));
    return rc;
}

/* The error of a fetch, SQLSetPos or SQLGetData without an open cursor: a
 * statement not executed (allocated or prepared) is out of sequence, HY010;
 * one executed without a result set has an invalid cursor state, 24000
 * (sqlfetch, sqlgetdata: the driver manager's states S1-S3 and S4). */
static SQLRETURN no_cursor(drv_stmt *stmt)
{
    if (stmt->state == DRV_S_ALLOCATED || stmt->state == DRV_S_PREPARED)
        return drv_error(&stmt->hdr, "HY010", "Function sequence error: the statement has "
                         "not been executed");
    return drv_error(&stmt->hdr, "24000", "Invalid cursor state: no result set");
}

SQLRETURN drv_fetch_scroll(drv_stmt *stmt, SQLSMALLINT orient, SQLLEN off, bool ext,
                           SQLULEN *ext_count, SQLUSMALLINT *ext_status)
{
    if (stmt->state != DRV_S_CURSOR)
        return no_cursor(stmt);
    switch (orient) {
    case SQL_FETCH_NEXT:
        break;
    case SQL_FETCH_PRIOR: case SQL_FETCH_FIRST: case SQL_FETCH_LAST:
    case SQL_FETCH_ABSOLUTE: case SQL_FETCH_RELATIVE: case SQL_FETCH_BOOKMARK:
        if (!stmt->scrollable)
            return drv_error(&stmt->hdr, "HY106", "Fetch type out of range: the cursor is "
                             "forward-only");
        break;
    default:
        return drv_error(&stmt->hdr, "HY106", "Fetch type out of range: %d", (int)orient);
    }
    SQLULEN size = ext ? stmt->rowset_size2 : stmt->ard->array_size;
    SQLULEN *count = ext ? ext_count : stmt->ird.rows_processed_ptr;
    SQLUSMALLINT *status = ext ? ext_status : stmt->ird.array_status_ptr;
    if (size == 0)
        size = 1;
    if (count)
        *count = 0;
    if (stmt->scrollable)
        return fetch_static(stmt, orient, off, size, count, status);
    stmt->last_rs_size = size;
    return fetch_next_stream(stmt, size, count, status);
}

SQLRETURN drv_fetch(drv_stmt *stmt)
{
    return drv_fetch_scroll(stmt, SQL_FETCH_NEXT, 0, false, NULL, NULL);
}

SQLRETURN drv_set_pos(drv_stmt *stmt, SQLSETPOSIROW row, SQLUSMALLINT op, SQLUSMALLINT lock)
{
    if (stmt->state != DRV_S_CURSOR)
        return no_cursor(stmt);
    switch (op) {
    case SQL_POSITION: case SQL_REFRESH:
        break;
    case SQL_UPDATE: case SQL_DELETE: case SQL_ADD:
        if (!stmt->upd)
            return drv_error(&stmt->hdr, "HY092", "The cursor is read-only "
                             "(SQL_CONCUR_READ_ONLY): SQL_UPDATE, SQL_DELETE and SQL_ADD need "
                             "SQL_CONCUR_ROWVER or SQL_CONCUR_VALUES on a static cursor");
        break;
    default:
        return drv_error(&stmt->hdr, "HY092", "Invalid SQLSetPos operation %u", (unsigned)op);
    }
    if (lock != SQL_LOCK_NO_CHANGE && lock != SQL_LOCK_EXCLUSIVE && lock != SQL_LOCK_UNLOCK)
        return drv_error(&stmt->hdr, "HY092", "Invalid lock type %u", (unsigned)lock);
    if (lock != SQL_LOCK_NO_CHANGE)
        return drv_error(&stmt->hdr, "HYC00", "Row locks are not supported");
    SQLUSMALLINT *status = stmt->ird.array_status_ptr;
    if (op == SQL_ADD) {
        /* ODBC 2's add: rows of the rowset buffers, whatever the rowset holds; row 0 =
         * every row of the rowset size (SQLBulkOperations(SQL_ADD) is ODBC 3's form) */
        SQLULEN size = stmt->ard->array_size ? stmt->ard->array_size : 1;
        if (row > size)
            return drv_error(&stmt->hdr, "HY107", "Row value out of range: %lu (rowset size "
                             "%lu)", (unsigned long)row, (unsigned long)size);
        return drv_upd_rows(stmt, row ? row - 1 : 0, row ? row : size, SQL_ADD, status);
    }
    if (stmt->rs_len == 0)
        return drv_error(&stmt->hdr, "24000", "Invalid cursor state: no rowset");
    if (row > stmt->rs_len || (row == 0 && op == SQL_POSITION && stmt->rs_len > 1))
        return drv_error(&stmt->hdr, "HY107", "Row value out of range: %lu (rowset of %zu)",
                         (unsigned long)row, stmt->rs_len);
    size_t from = row ? row - 1 : 0, to = row ? row : stmt->rs_len;
    if (op == SQL_UPDATE || op == SQL_DELETE) {
        SQLRETURN rc = drv_upd_rows(stmt, from, to, op, status);
        stmt->row = stmt->rs_start + from;
        stmt->on_row = true;
        stmt->gd_col = -1;
        stmt->gd_offset = 0;
        return rc;
    }
    if (op == SQL_REFRESH) {
        /* an updatable cursor re-reads the rows from the server by key; a
         * read-only one's rows are a static copy: refreshing re-delivers them */
        SQLRETURN rc = SQL_SUCCESS;
        if (stmt->upd) {
            rc = drv_upd_rows(stmt, from, to, op, status);
            if (rc == SQL_ERROR)
                return rc;
        }
        if (!plan_columns(stmt))
            return SQL_ERROR;
        int ncols = bind_plan(stmt);
        for (size_t i = from; i < to; i++) {
            SQLRETURN r = fill_row(stmt, stmt->rs_start + i, i, ncols);
            if (status)
                status[i] = r == SQL_ERROR ? SQL_ROW_ERROR
                            : drv_upd_row_status(stmt, stmt->rs_start + i);
            rc = worse(rc, r);
        }
        stmt->row = stmt->rs_start + from;
        stmt->gd_col = -1;
        return rc;
    }
    stmt->row = stmt->rs_start + (row ? row - 1 : 0);
    stmt->on_row = true;
    stmt->gd_col = -1;
    stmt->gd_offset = 0;
    return SQL_SUCCESS;
}

/* The bookmark in buffer row i of the bound column 0, or 0 when none is. */
static SQLUINTEGER bound_bookmark(const drv_stmt *stmt, size_t i)
{
    const drv_desc *ard = stmt->ard;
    const drv_desc_rec *b = drv_desc_rec_at(ard, 0);
    if (!b || !b->data_ptr)
        return 0;
    size_t size = b->concise_type == SQL_C_VARBOOKMARK ? (size_t)b->octet_length
                                                       : sizeof(SQLUINTEGER);
    const void *p = drv_desc_data_at(ard, b, i, size);
    SQLUINTEGER bm = 0;
    if (p)
        memcpy(&bm, p, sizeof bm);
    return bm;
}

SQLRETURN drv_bulk_operations(drv_stmt *stmt, SQLUSMALLINT op)
{
    if (stmt->state != DRV_S_CURSOR)
        return no_cursor(stmt);
    bool by_bookmark = op == SQL_UPDATE_BY_BOOKMARK || op == SQL_DELETE_BY_BOOKMARK ||
                       op == SQL_FETCH_BY_BOOKMARK;
    if (!by_bookmark && op != SQL_ADD)
        return drv_error(&stmt->hdr, "HY092", "Invalid SQLBulkOperations operation %u",
                         (unsigned)op);
    if (by_bookmark && stmt->use_bookmarks == SQL_UB_OFF)
        return drv_error(&stmt->hdr, "HY092", "Bookmark operations need "
                         "SQL_ATTR_USE_BOOKMARKS on");
    if (by_bookmark && !drv_desc_rec_bound(drv_desc_rec_at(stmt->ard, 0)))
        return drv_error(&stmt->hdr, "HY092", "Bookmark operations need column 0 bound");
    if (op != SQL_FETCH_BY_BOOKMARK && !stmt->upd)
        return drv_error(&stmt->hdr, "HY092", "The cursor is read-only "
                         "(SQL_CONCUR_READ_ONLY): SQLBulkOperations changes need "
                         "SQL_CONCUR_ROWVER or SQL_CONCUR_VALUES on a static cursor");
    SQLULEN n = stmt->ard->array_size ? stmt->ard->array_size : 1;
    SQLUSMALLINT *status = stmt->ird.array_status_ptr;
    const SQLUSMALLINT *ops = stmt->ard->array_status_ptr;   /* SQL_ATTR_ROW_OPERATION_PTR */
    uint64_t total = total_rows(stmt);
    int ncols = 0;
    if (op == SQL_FETCH_BY_BOOKMARK) {
        if (!plan_columns(stmt))
            return SQL_ERROR;
        ncols = bind_plan(stmt);
    }
    SQLRETURN rc = SQL_SUCCESS;
    size_t nerr = 0, ndone = 0;
    for (size_t i = 0; i < n; i++) {
        if (ops && ops[i] == SQL_ROW_IGNORE)
            continue;
        SQLUSMALLINT st = SQL_ROW_ERROR;
        SQLRETURN r;
        SQLUINTEGER bm = by_bookmark ? bound_bookmark(stmt, i) : 0;
        if (by_bookmark && (bm < 1 || bm > total)) {
            r = drv_error_at(&stmt->hdr, "HY111", (SQLLEN)i + 1, SQL_NO_COLUMN_NUMBER,
                             "Invalid bookmark value %u in row %zu", (unsigned)bm, i + 1);
        } else if (op == SQL_ADD) {
            r = drv_upd_add(stmt, i, &st);
        } else if (op == SQL_FETCH_BY_BOOKMARK) {
            r = fill_row(stmt, bm - 1, i, ncols);
            st = r == SQL_ERROR ? SQL_ROW_ERROR : drv_upd_row_status(stmt, bm - 1);
        } else {
            r = drv_upd_one(stmt, i, bm - 1, op == SQL_UPDATE_BY_BOOKMARK ? SQL_UPDATE
                                                                          : SQL_DELETE, &st);
        }
        if (status)
            status[i] = st;
        ndone++;
        nerr += st == SQL_ROW_ERROR;
        rc = worse(rc, r);
        if (!stmt->dbc->conn || !pgw_is_connected(stmt->dbc->conn))
            break;
    }
    if (rc == SQL_ERROR && ndone > 1 && nerr < ndone)
        rc = SQL_SUCCESS_WITH_INFO;
    return rc;
}

SQLRETURN drv_get_data(drv_stmt *stmt, SQLUSMALLINT col, SQLSMALLINT c_type,
                       SQLPOINTER ptr, SQLLEN buflen, SQLLEN *ind)
{
    if (stmt->state != DRV_S_CURSOR)
        return no_cursor(stmt);
    if (!stmt->on_row)
        return drv_error(&stmt->hdr, "24000", "Invalid cursor state: no current row");
    if ((col == 0 && stmt->use_bookmarks == SQL_UB_OFF) || col > drv_visible_cols(stmt))
        return drv_error(&stmt->hdr, "07009", "Invalid descriptor index %u", (unsigned)col);
    /* sqlgetdata: a null TargetValuePtr is HY009 (unixODBC refuses it too, so
     * no application can ask for the length alone this way) */
    if (ptr == NULL)
        return drv_error(&stmt->hdr, "HY009", "Invalid use of null pointer");
    if (buflen < 0)
        return drv_error(&stmt->hdr, "HY090", "Invalid string or buffer length");
    if (col == 0)
        return put_bookmark(stmt, stmt->row, c_type, ptr, buflen, ind);
    int ci = col - 1;
    size_t offset = 0;
    if (stmt->gd_col == ci) {
        if (stmt->gd_offset == SIZE_MAX)
            return SQL_NO_DATA;   /* the whole value was returned already */
        offset = stmt->gd_offset;
    }
    /* SQL_ARD_TYPE: the type SQLBindCol gave the column (SQL_C_DEFAULT when
     * unbound) and, for SQL_C_NUMERIC and the interval types, the ARD's
     * precisions; a plain SQL_C_NUMERIC or interval type uses the spec's
     * defaults */
    const drv_desc_rec *ard_rec = NULL;
    if (c_type == SQL_ARD_TYPE)
    {
        ard_rec = drv_desc_rec_at(stmt->ard, col);
        c_type = ard_rec ? ard_rec->concise_type : SQL_C_DEFAULT;
    }
    if (!plan_columns(stmt))
        return SQL_ERROR;
    drv_colplan *p = &stmt->colplan[ci];
    drv_conv *cv = &p->gd_conv;
    if (cv->c_type != c_type) {   /* a C type other than last time's */
        drv_conv_resolve(p->dt, c_type, cv);
        p->gd_fast = drv_fast_resolve(cv, stmt->res.cols[ci].type_oid, p->format);
    }
    cv->num_precision = DRV_NUMERIC_MAX_PRECISION;
    cv->num_scale = 0;
    cv->iv_leading = 2;
    cv->iv_seconds = 6;
    if (ard_rec)
        drv_conv_from_ard(cv, ard_rec);
    if (offset == 0 && p->gd_fast) {
        pgw_value v = drv_row_value(stmt, stmt->row, ci);
        if (p->gd_fast(cv, v.ptr, v.len, ptr, buflen, ind)) {
            stmt->gd_col = ci;
            stmt->gd_offset = SIZE_MAX;   /* the whole value went */
            return SQL_SUCCESS;
        }
    }
    size_t consumed = offset;
    SQLRETURN rc = convert_cell(stmt, stmt->row, ci, cv, ptr, buflen, ind, offset, &consumed);
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
