/*
 * api_attr.c: environment, connection and statement attributes, SQLEndTran
 * (entry points only; the work is in attr.c).
 *
 * String-valued attributes: the W forms take and give UTF-16 with lengths in
 * bytes (as the spec says for SQLSetConnectAttrW/SQLGetConnectAttrW).
 */
#include <stdlib.h>

#include "drv.h"

/* Connection attributes whose value is a string. */
static bool is_string_conn_attr(SQLINTEGER attr)
{
    return attr == SQL_ATTR_CURRENT_CATALOG || attr == SQL_ATTR_TRACEFILE ||
           attr == SQL_ATTR_TRANSLATE_LIB;
}

/* ------------------------------------------------------------ env */

SQLRETURN SQL_API DRV_API(SQLSetEnvAttr)(SQLHENV EnvironmentHandle, SQLINTEGER Attribute,
                                SQLPOINTER Value, SQLINTEGER StringLength)
{
    drv_env *env = drv_env_check(EnvironmentHandle);
    if (env == NULL)
        return SQL_INVALID_HANDLE;
    pthread_mutex_lock(&env->lock);
    drv_diag_clear(&env->hdr);
    SQLRETURN rc = drv_set_env_attr(env, Attribute, Value, StringLength);
    env->hdr.diag.retcode = rc;
    pthread_mutex_unlock(&env->lock);
    return rc;
}

SQLRETURN SQL_API DRV_API(SQLGetEnvAttr)(SQLHENV EnvironmentHandle, SQLINTEGER Attribute,
                                SQLPOINTER Value, SQLINTEGER BufferLength,
                                SQLINTEGER *StringLength)
{
    drv_env *env = drv_env_check(EnvironmentHandle);
    if (env == NULL)
        return SQL_INVALID_HANDLE;
    pthread_mutex_lock(&env->lock);
    drv_diag_clear(&env->hdr);
    SQLRETURN rc = drv_get_env_attr(env, Attribute, Value, BufferLength, StringLength);
    env->hdr.diag.retcode = rc;
    pthread_mutex_unlock(&env->lock);
    return rc;
}

/* ------------------------------------------------------------ connection */

SQLRETURN SQL_API DRV_API(SQLSetConnectAttr)(SQLHDBC ConnectionHandle, SQLINTEGER Attribute,
                                    SQLPOINTER Value, SQLINTEGER StringLength)
{
    drv_dbc *dbc = drv_dbc_check(ConnectionHandle);
    if (dbc == NULL)
        return SQL_INVALID_HANDLE;
    drv_dbc_enter(dbc);
    SQLRETURN rc;
    if (is_string_conn_attr(Attribute) && Value != NULL && StringLength < 0 &&
        StringLength != SQL_NTS)
        rc = drv_error(&dbc->hdr, "HY090", "Invalid string or buffer length");
    else
        rc = drv_set_connect_attr(dbc, Attribute, Value, StringLength);
    return drv_dbc_leave(dbc, rc);
}

SQLRETURN SQL_API DRV_API(SQLSetConnectAttrW)(SQLHDBC ConnectionHandle, SQLINTEGER Attribute,
                                     SQLPOINTER Value, SQLINTEGER StringLength)
{
    drv_dbc *dbc = drv_dbc_check(ConnectionHandle);
    if (dbc == NULL)
        return SQL_INVALID_HANDLE;
    drv_dbc_enter(dbc);
    SQLRETURN rc;
    if (!is_string_conn_attr(Attribute) || Value == NULL) {
        rc = drv_set_connect_attr(dbc, Attribute, Value, StringLength);
    } else if (StringLength < 0 && StringLength != SQL_NTS) {
        rc = drv_error(&dbc->hdr, "HY090", "Invalid string or buffer length");
    } else {
        char *s = NULL;
        SQLLEN chars = StringLength == SQL_NTS ? SQL_NTS
                                               : (SQLLEN)StringLength / (SQLLEN)sizeof(SQLWCHAR);
        if (!drv_utf16_to_utf8(Value, chars, &s, NULL))
            rc = drv_error(&dbc->hdr, "HY000", "Invalid UTF-16 string or out of memory");
        else
            rc = drv_set_connect_attr(dbc, Attribute, s, SQL_NTS);
        free(s);
    }
    return drv_dbc_leave(dbc, rc);
}

static SQLRETURN get_connect_attr(SQLHDBC h, SQLINTEGER attr, SQLPOINTER value,
                                  SQLINTEGER buflen, SQLINTEGER *outlen, bool wide)
{
    drv_dbc *dbc = drv_dbc_check(h);
    if (dbc == NULL)
        return SQL_INVALID_HANDLE;
    drv_dbc_enter(dbc);
    SQLRETURN rc;
    if (is_string_conn_attr(attr) && buflen < 0)
        rc = drv_error(&dbc->hdr, "HY090", "Invalid string or buffer length");
    else {
        drv_strout out = {value, buflen, wide, true};
        rc = drv_get_connect_attr(dbc, attr, value, &out, outlen);
    }
    return drv_dbc_leave(dbc, rc);
}

SQLRETURN SQL_API DRV_API(SQLGetConnectAttr)(SQLHDBC ConnectionHandle, SQLINTEGER Attribute,
                                    SQLPOINTER Value, SQLINTEGER BufferLength,
                                    SQLINTEGER *StringLength)
{
    return get_connect_attr(ConnectionHandle, Attribute, Value, BufferLength, StringLength,
                            false);
}

SQLRETURN SQL_API DRV_API(SQLGetConnectAttrW)(SQLHDBC ConnectionHandle, SQLINTEGER Attribute,
                                     SQLPOINTER Value, SQLINTEGER BufferLength,
                                     SQLINTEGER *StringLength)
{
    return get_connect_attr(ConnectionHandle, Attribute, Value, BufferLength, StringLength,
                            true);
}

/* ------------------------------------------------------------ statement */

static SQLRETURN set_stmt_attr(SQLHSTMT h, SQLINTEGER attr, SQLPOINTER value, SQLINTEGER len)
{
    drv_stmt *stmt = drv_stmt_check(h);
    if (stmt == NULL)
        return SQL_INVALID_HANDLE;
    if (!drv_stmt_enter_idle(stmt))
        return drv_stmt_leave(stmt, SQL_ERROR);
    return drv_stmt_leave(stmt, drv_set_stmt_attr(stmt, attr, value, len));
}

static SQLRETURN get_stmt_attr(SQLHSTMT h, SQLINTEGER attr, SQLPOINTER value,
                               SQLINTEGER buflen, SQLINTEGER *outlen, bool wide)
{
    drv_stmt *stmt = drv_stmt_check(h);
    if (stmt == NULL)
        return SQL_INVALID_HANDLE;
    if (!drv_stmt_enter_idle(stmt))
        return drv_stmt_leave(stmt, SQL_ERROR);
    drv_strout out = {value, buflen, wide, true};
    return drv_stmt_leave(stmt, drv_get_stmt_attr(stmt, attr, value, &out, outlen));
}

/* No statement attribute is a string, so the W forms are the same calls. */
SQLRETURN SQL_API DRV_API(SQLSetStmtAttr)(SQLHSTMT StatementHandle, SQLINTEGER Attribute,
                                 SQLPOINTER Value, SQLINTEGER StringLength)
{
    return set_stmt_attr(StatementHandle, Attribute, Value, StringLength);
}

SQLRETURN SQL_API DRV_API(SQLSetStmtAttrW)(SQLHSTMT StatementHandle, SQLINTEGER Attribute,
                                  SQLPOINTER Value, SQLINTEGER StringLength)
{
    return set_stmt_attr(StatementHandle, Attribute, Value, StringLength);
}

SQLRETURN SQL_API DRV_API(SQLGetStmtAttr)(SQLHSTMT StatementHandle, SQLINTEGER Attribute,
                                 SQLPOINTER Value, SQLINTEGER BufferLength,
                                 SQLINTEGER *StringLength)
{
    return get_stmt_attr(StatementHandle, Attribute, Value, BufferLength, StringLength, false);
}

SQLRETURN SQL_API DRV_API(SQLGetStmtAttrW)(SQLHSTMT StatementHandle, SQLINTEGER Attribute,
                                  SQLPOINTER Value, SQLINTEGER BufferLength,
                                  SQLINTEGER *StringLength)
{
    return get_stmt_attr(StatementHandle, Attribute, Value, BufferLength, StringLength, true);
}

/* ------------------------------------------------------------ transactions */

SQLRETURN SQL_API DRV_API(SQLEndTran)(SQLSMALLINT HandleType, SQLHANDLE Handle,
                             SQLSMALLINT CompletionType)
{
    if (HandleType == SQL_HANDLE_ENV) {
        drv_env *env = drv_env_check(Handle);
        if (env == NULL)
            return SQL_INVALID_HANDLE;
        pthread_mutex_lock(&env->lock);
        drv_diag_clear(&env->hdr);
        SQLRETURN rc = drv_end_tran(&env->hdr, CompletionType);
        env->hdr.diag.retcode = rc;
        pthread_mutex_unlock(&env->lock);
        return rc;
    }
    if (HandleType == SQL_HANDLE_DBC) {
        drv_dbc *dbc = drv_dbc_check(Handle);
        if (dbc == NULL)
            return SQL_INVALID_HANDLE;
        drv_dbc_enter(dbc);
        SQLRETURN rc = drv_end_tran(&dbc->hdr, CompletionType);
        dbc->end_tran_warned = rc == SQL_SUCCESS_WITH_INFO;
        return drv_dbc_leave(dbc, rc);
    }
    return SQL_INVALID_HANDLE;
}
