/*
 * api_info.c: SQLGetInfo(W) and SQLGetFunctions (entry points only; the
 * tables are in info.c). SQLGetInfoW string lengths are in bytes.
 */
#include "drv.h"

static SQLRETURN get_info(SQLHDBC h, SQLUSMALLINT type, SQLPOINTER value, SQLSMALLINT buflen,
                          SQLSMALLINT *outlen, bool wide)
{
    drv_dbc *dbc = drv_dbc_check(h);
    if (dbc == NULL)
        return SQL_INVALID_HANDLE;
    /*
     * unixODBC asks for the cursor commit and rollback behaviour right after a
     * connection's first successful SQLEndTran and reads that call's
     * diagnostics only afterwards (DriverManager/SQLEndTran.c). Clearing them
     * here would lose the warning of a rollback that could not undo anything
     * (txn.c), so these two answers, straight after such a call, keep them.
     */
    if (type == SQL_CURSOR_COMMIT_BEHAVIOR || type == SQL_CURSOR_ROLLBACK_BEHAVIOR) {
        pthread_mutex_lock(&dbc->lock);
        if (dbc->end_tran_warned) {
            drv_strout out = {value, buflen, wide, true};
            SQLRETURN rc = drv_get_info(dbc, type, value, &out, outlen);
            pthread_mutex_unlock(&dbc->lock);
            return rc;
        }
        pthread_mutex_unlock(&dbc->lock);
    }
    drv_dbc_enter(dbc);
    SQLRETURN rc;
    if (buflen < 0) {
        rc = drv_error(&dbc->hdr, "HY090", "Invalid string or buffer length");
    } else {
        drv_strout out = {value, buflen, wide, true};
        rc = drv_get_info(dbc, type, value, &out, outlen);
    }
    return drv_dbc_leave(dbc, rc);
}

SQLRETURN SQL_API DRV_API(SQLGetInfo)(SQLHDBC ConnectionHandle, SQLUSMALLINT InfoType,
                             SQLPOINTER InfoValue, SQLSMALLINT BufferLength,
                             SQLSMALLINT *StringLength)
{
    return get_info(ConnectionHandle, InfoType, InfoValue, BufferLength, StringLength, false);
}

SQLRETURN SQL_API DRV_API(SQLGetInfoW)(SQLHDBC ConnectionHandle, SQLUSMALLINT InfoType,
                              SQLPOINTER InfoValue, SQLSMALLINT BufferLength,
                              SQLSMALLINT *StringLength)
{
    return get_info(ConnectionHandle, InfoType, InfoValue, BufferLength, StringLength, true);
}

SQLRETURN SQL_API DRV_API(SQLGetFunctions)(SQLHDBC ConnectionHandle, SQLUSMALLINT FunctionId,
                                  SQLUSMALLINT *Supported)
{
    drv_dbc *dbc = drv_dbc_check(ConnectionHandle);
    if (dbc == NULL)
        return SQL_INVALID_HANDLE;
    drv_dbc_enter(dbc);
    return drv_dbc_leave(dbc, drv_get_functions(dbc, FunctionId, Supported));
}
