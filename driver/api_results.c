/*
 * api_results.c: ODBC entry points for reading results: SQLBindCol,
 * SQLFetch, SQLFetchScroll, SQLExtendedFetch, SQLSetPos, SQLBulkOperations, SQLGetData, SQLDescribeCol(W), SQLColAttribute(W). Thin: validate,
 * lock, call fetch.c/describe.c, unlock. The W forms differ only in the
 * drv_strout they pass: SQLDescribeColW counts characters, SQLColAttributeW
 * bytes (as the ODBC spec says for each).
 */
#include "stmt_int.h"

SQLRETURN SQL_API DRV_API(SQLBindCol)(SQLHSTMT h, SQLUSMALLINT col, SQLSMALLINT c_type, SQLPOINTER ptr,
                             SQLLEN buflen, SQLLEN *ind)
{
    drv_stmt *stmt = drv_stmt_check(h);
    if (!stmt)
        return SQL_INVALID_HANDLE;
    if (!drv_stmt_enter_idle(stmt))
        return drv_stmt_leave(stmt, SQL_ERROR);
    return drv_stmt_leave(stmt, drv_bind_col(stmt, col, c_type, ptr, buflen, ind));
}

SQLRETURN SQL_API DRV_API(SQLFetch)(SQLHSTMT h)
{
    drv_stmt *stmt = drv_stmt_check(h);
    if (!stmt)
        return SQL_INVALID_HANDLE;
    if (!drv_stmt_enter_idle(stmt))
        return drv_stmt_leave(stmt, SQL_ERROR);
    return drv_stmt_leave(stmt, drv_fetch(stmt));
}

SQLRETURN SQL_API DRV_API(SQLFetchScroll)(SQLHSTMT h, SQLSMALLINT orientation, SQLLEN offset)
{
    drv_stmt *stmt = drv_stmt_check(h);
    if (!stmt)
        return SQL_INVALID_HANDLE;
    if (!drv_stmt_enter_idle(stmt))
        return drv_stmt_leave(stmt, SQL_ERROR);
    return drv_stmt_leave(stmt, drv_fetch_scroll(stmt, orientation, offset, false, NULL, NULL));
}

SQLRETURN SQL_API DRV_API(SQLExtendedFetch)(SQLHSTMT h, SQLUSMALLINT orientation, SQLLEN offset,
                                   SQLULEN *count, SQLUSMALLINT *status)
{
    drv_stmt *stmt = drv_stmt_check(h);
    if (!stmt)
        return SQL_INVALID_HANDLE;
    if (!drv_stmt_enter_idle(stmt))
        return drv_stmt_leave(stmt, SQL_ERROR);
    return drv_stmt_leave(stmt, drv_fetch_scroll(stmt, (SQLSMALLINT)orientation, offset, true,
                                                 count, status));
}

SQLRETURN SQL_API DRV_API(SQLSetPos)(SQLHSTMT h, SQLSETPOSIROW row, SQLUSMALLINT op, SQLUSMALLINT lock)
{
    drv_stmt *stmt = drv_stmt_check(h);
    if (!stmt)
        return SQL_INVALID_HANDLE;
    if (!drv_stmt_enter_idle(stmt))
        return drv_stmt_leave(stmt, SQL_ERROR);
    return drv_stmt_leave(stmt, drv_set_pos(stmt, row, op, lock));
}

SQLRETURN SQL_API DRV_API(SQLBulkOperations)(SQLHSTMT h, SQLSMALLINT op)
{
    drv_stmt *stmt = drv_stmt_check(h);
    if (!stmt)
        return SQL_INVALID_HANDLE;
    if (!drv_stmt_enter_idle(stmt))
        return drv_stmt_leave(stmt, SQL_ERROR);
    return drv_stmt_leave(stmt, drv_bulk_operations(stmt, (SQLUSMALLINT)op));
}

SQLRETURN SQL_API DRV_API(SQLGetData)(SQLHSTMT h, SQLUSMALLINT col, SQLSMALLINT c_type, SQLPOINTER ptr,
                             SQLLEN buflen, SQLLEN *ind)
{
    drv_stmt *stmt = drv_stmt_check(h);
    if (!stmt)
        return SQL_INVALID_HANDLE;
    if (!drv_stmt_enter_idle(stmt))
        return drv_stmt_leave(stmt, SQL_ERROR);
    return drv_stmt_leave(stmt, drv_get_data(stmt, col, c_type, ptr, buflen, ind));
}

static SQLRETURN describe_col(SQLHSTMT h, SQLUSMALLINT col, const drv_strout *o,
                              SQLSMALLINT *namelen, SQLSMALLINT *type, SQLULEN *size,
                              SQLSMALLINT *digits, SQLSMALLINT *nullable, SQLSMALLINT buflen)
{
    drv_stmt *stmt = drv_stmt_check(h);
    if (!stmt)
        return SQL_INVALID_HANDLE;
    if (!drv_stmt_enter_idle(stmt))
        return drv_stmt_leave(stmt, SQL_ERROR);
    if (buflen < 0)
        return drv_stmt_leave(stmt, drv_error(&stmt->hdr, "HY090",
                                              "Invalid string or buffer length"));
    return drv_stmt_leave(stmt, drv_describe_col(stmt, col, o, namelen, type, size, digits,
                                                 nullable));
}

SQLRETURN SQL_API DRV_API(SQLDescribeCol)(SQLHSTMT h, SQLUSMALLINT col, SQLCHAR *name,
                                 SQLSMALLINT buflen, SQLSMALLINT *namelen, SQLSMALLINT *type,
                                 SQLULEN *size, SQLSMALLINT *digits, SQLSMALLINT *nullable)
{
    drv_strout o = { name, buflen, false, false };
    return describe_col(h, col, &o, namelen, type, size, digits, nullable, buflen);
}

SQLRETURN SQL_API DRV_API(SQLDescribeColW)(SQLHSTMT h, SQLUSMALLINT col, SQLWCHAR *name,
                                  SQLSMALLINT buflen, SQLSMALLINT *namelen, SQLSMALLINT *type,
                                  SQLULEN *size, SQLSMALLINT *digits, SQLSMALLINT *nullable)
{
    /* buffer and length in characters */
    drv_strout o = { name, (SQLLEN)buflen * (SQLLEN)sizeof(SQLWCHAR), true, false };
    return describe_col(h, col, &o, namelen, type, size, digits, nullable, buflen);
}

static SQLRETURN col_attribute(SQLHSTMT h, SQLUSMALLINT col, SQLUSMALLINT field,
                               const drv_strout *o, SQLSMALLINT *outlen, SQLLEN *num)
{
    drv_stmt *stmt = drv_stmt_check(h);
    if (!stmt)
        return SQL_INVALID_HANDLE;
    if (!drv_stmt_enter_idle(stmt))
        return drv_stmt_leave(stmt, SQL_ERROR);
    return drv_stmt_leave(stmt, drv_col_attribute(stmt, col, field, o, outlen, num));
}

SQLRETURN SQL_API DRV_API(SQLColAttribute)(SQLHSTMT h, SQLUSMALLINT col, SQLUSMALLINT field,
                                  SQLPOINTER buf, SQLSMALLINT buflen, SQLSMALLINT *outlen,
                                  SQLLEN *num)
{
    drv_strout o = { buf, buflen, false, true };
    return col_attribute(h, col, field, &o, outlen, num);
}

SQLRETURN SQL_API DRV_API(SQLColAttributeW)(SQLHSTMT h, SQLUSMALLINT col, SQLUSMALLINT field,
                                   SQLPOINTER buf, SQLSMALLINT buflen, SQLSMALLINT *outlen,
                                   SQLLEN *num)
{
    /* buffer and string lengths in bytes */
    drv_strout o = { buf, buflen, true, true };
    return col_attribute(h, col, field, &o, outlen, num);
}
