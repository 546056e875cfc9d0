/*
 * api_exec.c: ODBC entry points for preparing and executing statements and
 * for their parameters. Thin: validate the handle, lock (drv_stmt_enter),
 * convert W strings to UTF-8, call exec.c/params.c, unlock (drv_stmt_leave).
 */
#include <stdlib.h>
#include <string.h>

#include "stmt_int.h"

/* ANSI input text: SQL_NTS or a byte length. false on a bad length. */
static bool ansi_len(const SQLCHAR *s, SQLINTEGER len, size_t *out)
{
    if (len == SQL_NTS) {
        *out = s ? strlen((const char *)s) : 0;
        return true;
    }
    if (len < 0)
        return false;
    *out = (size_t)len;
    return true;
}

typedef SQLRETURN (*sql_fn)(drv_stmt *, const char *, size_t);

static SQLRETURN with_sql_a(SQLHSTMT h, SQLCHAR *sql, SQLINTEGER len, sql_fn fn)
{
    drv_stmt *stmt = drv_stmt_check(h);
    size_t n;
    if (!stmt)
        return SQL_INVALID_HANDLE;
    if (!drv_stmt_enter_idle(stmt))
        return drv_stmt_leave(stmt, SQL_ERROR);
    if (!sql)
        return drv_stmt_leave(stmt, drv_error(&stmt->hdr, "HY009", "Invalid use of null pointer"));
    if (!ansi_len(sql, len, &n))
        return drv_stmt_leave(stmt, drv_error(&stmt->hdr, "HY090",
                                              "Invalid string or buffer length"));
    return drv_stmt_leave(stmt, fn(stmt, (const char *)sql, n));
}

static SQLRETURN with_sql_w(SQLHSTMT h, SQLWCHAR *sql, SQLINTEGER len, sql_fn fn)
{
    drv_stmt *stmt = drv_stmt_check(h);
    char *u8 = NULL;
    size_t n = 0;
    SQLRETURN rc;
    if (!stmt)
        return SQL_INVALID_HANDLE;
    if (!drv_stmt_enter_idle(stmt))
        return drv_stmt_leave(stmt, SQL_ERROR);
    if (!sql)
        return drv_stmt_leave(stmt, drv_error(&stmt->hdr, "HY009", "Invalid use of null pointer"));
    if (len < 0 && len != SQL_NTS)
        return drv_stmt_leave(stmt, drv_error(&stmt->hdr, "HY090",
                                              "Invalid string or buffer length"));
    if (!drv_utf16_to_utf8(sql, len, &u8, &n))
        rc = drv_error(&stmt->hdr, "22018", "Invalid character value in the SQL text");
    else
        rc = fn(stmt, u8 ? u8 : "", n);
    free(u8);
    return drv_stmt_leave(stmt, rc);
}

SQLRETURN SQL_API DRV_API(SQLPrepare)(SQLHSTMT h, SQLCHAR *sql, SQLINTEGER len)
{
    return with_sql_a(h, sql, len, drv_prepare);
}

SQLRETURN SQL_API DRV_API(SQLPrepareW)(SQLHSTMT h, SQLWCHAR *sql, SQLINTEGER len)
{
    return with_sql_w(h, sql, len, drv_prepare);
}

SQLRETURN SQL_API DRV_API(SQLExecDirect)(SQLHSTMT h, SQLCHAR *sql, SQLINTEGER len)
{
    return with_sql_a(h, sql, len, drv_exec_direct);
}

SQLRETURN SQL_API DRV_API(SQLExecDirectW)(SQLHSTMT h, SQLWCHAR *sql, SQLINTEGER len)
{
    return with_sql_w(h, sql, len, drv_exec_direct);
}

SQLRETURN SQL_API DRV_API(SQLExecute)(SQLHSTMT h)
{
    drv_stmt *stmt = drv_stmt_check(h);
    if (!stmt)
        return SQL_INVALID_HANDLE;
    if (!drv_stmt_enter_idle(stmt))
        return drv_stmt_leave(stmt, SQL_ERROR);
    return drv_stmt_leave(stmt, drv_execute(stmt));
}

SQLRETURN SQL_API DRV_API(SQLRowCount)(SQLHSTMT h, SQLLEN *count)
{
    drv_stmt *stmt = drv_stmt_check(h);
    if (!stmt)
        return SQL_INVALID_HANDLE;
    if (!drv_stmt_enter_idle(stmt))
        return drv_stmt_leave(stmt, SQL_ERROR);
    return drv_stmt_leave(stmt, drv_row_count(stmt, count));
}

SQLRETURN SQL_API DRV_API(SQLNumResultCols)(SQLHSTMT h, SQLSMALLINT *count)
{
    drv_stmt *stmt = drv_stmt_check(h);
    if (!stmt)
        return SQL_INVALID_HANDLE;
    if (!drv_stmt_enter_idle(stmt))
        return drv_stmt_leave(stmt, SQL_ERROR);
    return drv_stmt_leave(stmt, drv_num_result_cols(stmt, count));
}

SQLRETURN SQL_API DRV_API(SQLCloseCursor)(SQLHSTMT h)
{
    drv_stmt *stmt = drv_stmt_check(h);
    if (!stmt)
        return SQL_INVALID_HANDLE;
    if (!drv_stmt_enter_idle(stmt))
        return drv_stmt_leave(stmt, SQL_ERROR);
    return drv_stmt_leave(stmt, drv_close_cursor(stmt, true));
}

SQLRETURN SQL_API DRV_API(SQLFreeStmt)(SQLHSTMT h, SQLUSMALLINT option)
{
    drv_stmt *stmt = drv_stmt_check(h);
    if (!stmt)
        return SQL_INVALID_HANDLE;
    if (option == SQL_DROP) {   /* frees the handle, as SQLFreeHandle does */
        drv_dbc *dbc = stmt->dbc;
        pthread_mutex_lock(&dbc->lock);
        SQLRETURN rc = drv_stmt_free(stmt);
        pthread_mutex_unlock(&dbc->lock);
        return rc;
    }
    if (!drv_stmt_enter_idle(stmt))
        return drv_stmt_leave(stmt, SQL_ERROR);
    return drv_stmt_leave(stmt, drv_free_stmt(stmt, option));
}

SQLRETURN SQL_API DRV_API(SQLCancel)(SQLHSTMT h)
{
    /* no connection lock: it may run while another call executes, and even
     * while another thread frees the statement (drv_cancel checks h itself) */
    return drv_cancel(h);
}

/* bad: the SQLSTATE of an argument found wrong before the lock (HY009 no
 * text, HY090 a bad length), or NULL. */
static SQLRETURN native_sql(SQLHDBC h, const char *in, size_t inlen, const char *bad,
                            const drv_strout *out, SQLINTEGER *outlen)
{
    drv_dbc *dbc = drv_dbc_check(h);
    if (!dbc)
        return SQL_INVALID_HANDLE;
    drv_dbc_enter(dbc);
    if (bad)
        return drv_dbc_leave(dbc, drv_error(&dbc->hdr, bad, "%s",
                                            strcmp(bad, "HY009") == 0
                                                ? "Invalid use of null pointer"
                                                : "Invalid string or buffer length"));
    return drv_dbc_leave(dbc, drv_native_sql(dbc, in, inlen, out, outlen));
}

/* sqlnativesql: a NULL InStatementText is HY009, a negative length other
 * than SQL_NTS (in or out) HY090. */
static const char *native_sql_args(const void *in, SQLINTEGER inlen, SQLINTEGER outmax)
{
    if (!in)
        return "HY009";
    if ((inlen < 0 && inlen != SQL_NTS) || outmax < 0)
        return "HY090";
    return NULL;
}

SQLRETURN SQL_API DRV_API(SQLNativeSql)(SQLHDBC h, SQLCHAR *in, SQLINTEGER inlen, SQLCHAR *out,
                               SQLINTEGER outmax, SQLINTEGER *outlen)
{
    size_t n = 0;
    const char *bad = native_sql_args(in, inlen, outmax);
    if (!bad)
        ansi_len(in, inlen, &n);
    drv_strout o = { out, outmax, false, false };
    return native_sql(h, (const char *)in, n, bad, &o, outlen);
}

SQLRETURN SQL_API DRV_API(SQLNativeSqlW)(SQLHDBC h, SQLWCHAR *in, SQLINTEGER inlen, SQLWCHAR *out,
                                SQLINTEGER outmax, SQLINTEGER *outlen)
{
    char *u8 = NULL;
    size_t n = 0;
    const char *bad = native_sql_args(in, inlen, outmax);
    if (!bad && !drv_utf16_to_utf8(in, inlen, &u8, &n))
        bad = "HY090";
    /* lengths in characters for SQLNativeSqlW */
    drv_strout o = { out, (SQLLEN)outmax * (SQLLEN)sizeof(SQLWCHAR), true, false };
    SQLRETURN rc = native_sql(h, u8 ? u8 : "", n, bad, &o, outlen);
    free(u8);
    return rc;
}

SQLRETURN SQL_API DRV_API(SQLBindParameter)(SQLHSTMT h, SQLUSMALLINT num, SQLSMALLINT io_type,
                                   SQLSMALLINT c_type, SQLSMALLINT sql_type, SQLULEN col_size,
                                   SQLSMALLINT digits, SQLPOINTER ptr, SQLLEN buflen,
                                   SQLLEN *ind)
{
    drv_stmt *stmt = drv_stmt_check(h);
    if (!stmt)
        return SQL_INVALID_HANDLE;
    if (!drv_stmt_enter_idle(stmt))
        return drv_stmt_leave(stmt, SQL_ERROR);
    return drv_stmt_leave(stmt, drv_bind_parameter(stmt, num, io_type, c_type, sql_type,
                                                   col_size, digits, ptr, buflen, ind));
}

SQLRETURN SQL_API DRV_API(SQLNumParams)(SQLHSTMT h, SQLSMALLINT *count)
{
    drv_stmt *stmt = drv_stmt_check(h);
    if (!stmt)
        return SQL_INVALID_HANDLE;
    if (!drv_stmt_enter_idle(stmt))
        return drv_stmt_leave(stmt, SQL_ERROR);
    return drv_stmt_leave(stmt, drv_num_params(stmt, count));
}

SQLRETURN SQL_API DRV_API(SQLDescribeParam)(SQLHSTMT h, SQLUSMALLINT num, SQLSMALLINT *type,
                                   SQLULEN *size, SQLSMALLINT *digits, SQLSMALLINT *nullable)
{
    drv_stmt *stmt = drv_stmt_check(h);
    if (!stmt)
        return SQL_INVALID_HANDLE;
    if (!drv_stmt_enter_idle(stmt))
        return drv_stmt_leave(stmt, SQL_ERROR);
    return drv_stmt_leave(stmt, drv_describe_param(stmt, num, type, size, digits, nullable));
}

SQLRETURN SQL_API DRV_API(SQLParamData)(SQLHSTMT h, SQLPOINTER *token)
{
    drv_stmt *stmt = drv_stmt_check(h);
    if (!stmt)
        return SQL_INVALID_HANDLE;
    drv_stmt_enter(stmt);
    return drv_stmt_leave(stmt, drv_param_data(stmt, token));
}

SQLRETURN SQL_API DRV_API(SQLPutData)(SQLHSTMT h, SQLPOINTER data, SQLLEN len)
{
    drv_stmt *stmt = drv_stmt_check(h);
    if (!stmt)
        return SQL_INVALID_HANDLE;
    drv_stmt_enter(stmt);
    return drv_stmt_leave(stmt, drv_put_data(stmt, data, len));
}

SQLRETURN SQL_API DRV_API(SQLMoreResults)(SQLHSTMT h)
{
    drv_stmt *stmt = drv_stmt_check(h);
    if (!stmt)
        return SQL_INVALID_HANDLE;
    if (!drv_stmt_enter_idle(stmt))
        return drv_stmt_leave(stmt, SQL_ERROR);
    return drv_stmt_leave(stmt, drv_more_results(stmt));
}
