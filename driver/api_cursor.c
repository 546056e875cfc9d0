/*
 * api_cursor.c: ODBC entry points for cursor names: SQLSetCursorName(W) and
 * SQLGetCursorName(W). Thin: validate, lock, convert W strings, call
 * cursor_name.c, unlock. The W forms count characters in both the buffer
 * length and the name length (sqlgetcursorname).
 */
#include <stdlib.h>
#include <string.h>

#include "stmt_int.h"

/* The checks both forms share; false with the diagnostic recorded. */
static bool name_args_ok(drv_stmt *stmt, const void *name, SQLSMALLINT len)
{
    if (!name) {
        drv_error(&stmt->hdr, "HY009", "Invalid use of null pointer: CursorName");
        return false;
    }
    if (len < 0 && len != SQL_NTS) {
        drv_error(&stmt->hdr, "HY090", "Invalid string or buffer length: NameLength %d",
                  (int)len);
        return false;
    }
    return true;
}

SQLRETURN SQL_API DRV_API(SQLSetCursorName)(SQLHSTMT h, SQLCHAR *name, SQLSMALLINT len)
{
    drv_stmt *stmt = drv_stmt_check(h);
    if (!stmt)
        return SQL_INVALID_HANDLE;
    if (!drv_stmt_enter_idle(stmt))
        return drv_stmt_leave(stmt, SQL_ERROR);
    if (!name_args_ok(stmt, name, len))
        return drv_stmt_leave(stmt, SQL_ERROR);
    size_t n = len == SQL_NTS ? strlen((const char *)name) : (size_t)len;
    return drv_stmt_leave(stmt, drv_set_cursor_name(stmt, (const char *)name, n));
}

SQLRETURN SQL_API DRV_API(SQLSetCursorNameW)(SQLHSTMT h, SQLWCHAR *name, SQLSMALLINT len)
{
    drv_stmt *stmt = drv_stmt_check(h);
    if (!stmt)
        return SQL_INVALID_HANDLE;
    if (!drv_stmt_enter_idle(stmt))
        return drv_stmt_leave(stmt, SQL_ERROR);
    if (!name_args_ok(stmt, name, len))
        return drv_stmt_leave(stmt, SQL_ERROR);
    char *u8 = NULL;
    size_t n = 0;
    SQLRETURN rc;
    if (!drv_utf16_to_utf8(name, len, &u8, &n))
        rc = drv_error(&stmt->hdr, "22018", "Invalid character value in the cursor name");
    else
        rc = drv_set_cursor_name(stmt, u8 ? u8 : "", n);
    free(u8);
    return drv_stmt_leave(stmt, rc);
}

static SQLRETURN get_cursor_name(SQLHSTMT h, const drv_strout *o, SQLSMALLINT buflen,
                                 SQLSMALLINT *outlen)
{
    drv_stmt *stmt = drv_stmt_check(h);
    if (!stmt)
        return SQL_INVALID_HANDLE;
    if (!drv_stmt_enter_idle(stmt))
        return drv_stmt_leave(stmt, SQL_ERROR);
    if (buflen < 0)
        return drv_stmt_leave(stmt, drv_error(&stmt->hdr, "HY090",
                                              "Invalid string or buffer length"));
    return drv_stmt_leave(stmt, drv_get_cursor_name(stmt, o, outlen));
}

SQLRETURN SQL_API DRV_API(SQLGetCursorName)(SQLHSTMT h, SQLCHAR *name, SQLSMALLINT buflen,
                                   SQLSMALLINT *outlen)
{
    drv_strout o = { name, buflen, false, false };
    return get_cursor_name(h, &o, buflen, outlen);
}

SQLRETURN SQL_API DRV_API(SQLGetCursorNameW)(SQLHSTMT h, SQLWCHAR *name, SQLSMALLINT buflen,
                                    SQLSMALLINT *outlen)
{
    /* buffer and length in characters */
    drv_strout o = { name, (SQLLEN)buflen * (SQLLEN)sizeof(SQLWCHAR), true, false };
    return get_cursor_name(h, &o, buflen, outlen);
}
