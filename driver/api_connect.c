/*
 * api_connect.c: SQLConnect(W), SQLDriverConnect(W), SQLDisconnect.
 *
 * The W forms convert their UTF-16 inputs to UTF-8 and call the same drv_*
 * function; SQLDriverConnectW's output length counts characters.
 */
#include <stdlib.h>
#include <string.h>

#include "drv.h"

/* ANSI input string -> malloc'd copy; false (with HY090/HY001) when bad. */
static bool in_a(drv_dbc *dbc, const SQLCHAR *s, SQLSMALLINT len, char **out, SQLRETURN *rc)
{
    *out = NULL;
    if (s == NULL)
        return true;
    if (len < 0 && len != SQL_NTS) {
        *rc = drv_error(&dbc->hdr, "HY090", "Invalid string or buffer length");
        return false;
    }
    *out = drv_strdup_len((const char *)s, len);
    if (*out == NULL) {
        *rc = drv_nomem(&dbc->hdr);
        return false;
    }
    return true;
}

static bool in_w(drv_dbc *dbc, const SQLWCHAR *s, SQLSMALLINT len, char **out, SQLRETURN *rc)
{
    *out = NULL;
    if (s == NULL)
        return true;
    if (len < 0 && len != SQL_NTS) {
        *rc = drv_error(&dbc->hdr, "HY090", "Invalid string or buffer length");
        return false;
    }
    if (!drv_utf16_to_utf8(s, len, out, NULL)) {
        *rc = drv_error(&dbc->hdr, "HY000", "Invalid UTF-16 string or out of memory");
        return false;
    }
    return true;
}

static void free_secret(char *s)
{
    if (s != NULL) {
        memset(s, 0, strlen(s));
        free(s);
    }
}

SQLRETURN SQL_API SQLConnect(SQLHDBC ConnectionHandle, SQLCHAR *ServerName,
                             SQLSMALLINT NameLength1, SQLCHAR *UserName, SQLSMALLINT NameLength2,
                             SQLCHAR *Authentication, SQLSMALLINT NameLength3)
{
    drv_dbc *dbc = drv_dbc_check(ConnectionHandle);
    if (dbc == NULL)
        return SQL_INVALID_HANDLE;
    drv_dbc_enter(dbc);
    SQLRETURN rc = SQL_ERROR;
    char *dsn = NULL, *uid = NULL, *pwd = NULL;
    if (in_a(dbc, ServerName, NameLength1, &dsn, &rc) &&
        in_a(dbc, UserName, NameLength2, &uid, &rc) &&
        in_a(dbc, Authentication, NameLength3, &pwd, &rc))
        rc = drv_connect(dbc, dsn, uid, pwd);
    free(dsn);
    free(uid);
    free_secret(pwd);
    return drv_dbc_leave(dbc, rc);
}

SQLRETURN SQL_API SQLConnectW(SQLHDBC ConnectionHandle, SQLWCHAR *ServerName,
                              SQLSMALLINT NameLength1, SQLWCHAR *UserName, SQLSMALLINT NameLength2,
                              SQLWCHAR *Authentication, SQLSMALLINT NameLength3)
{
    drv_dbc *dbc = drv_dbc_check(ConnectionHandle);
    if (dbc == NULL)
        return SQL_INVALID_HANDLE;
    drv_dbc_enter(dbc);
    SQLRETURN rc = SQL_ERROR;
    char *dsn = NULL, *uid = NULL, *pwd = NULL;
    if (in_w(dbc, ServerName, NameLength1, &dsn, &rc) &&
        in_w(dbc, UserName, NameLength2, &uid, &rc) &&
        in_w(dbc, Authentication, NameLength3, &pwd, &rc))
        rc = drv_connect(dbc, dsn, uid, pwd);
    free(dsn);
    free(uid);
    free_secret(pwd);
    return drv_dbc_leave(dbc, rc);
}

SQLRETURN SQL_API SQLDriverConnect(SQLHDBC hdbc, SQLHWND hwnd, SQLCHAR *szConnStrIn,
                                   SQLSMALLINT cbConnStrIn, SQLCHAR *szConnStrOut,
                                   SQLSMALLINT cbConnStrOutMax, SQLSMALLINT *pcbConnStrOut,
                                   SQLUSMALLINT fDriverCompletion)
{
    drv_dbc *dbc = drv_dbc_check(hdbc);
    if (dbc == NULL)
        return SQL_INVALID_HANDLE;
    drv_dbc_enter(dbc);
    SQLRETURN rc = SQL_ERROR;
    char *in = NULL;
    if (cbConnStrOutMax < 0) {
        rc = drv_error(&dbc->hdr, "HY090", "Invalid string or buffer length");
    } else if (in_a(dbc, szConnStrIn, cbConnStrIn, &in, &rc)) {
        drv_strout out = {szConnStrOut, cbConnStrOutMax, false, false};
        rc = drv_driver_connect(dbc, hwnd, in, &out, pcbConnStrOut, fDriverCompletion);
    }
    free_secret(in);
    return drv_dbc_leave(dbc, rc);
}

SQLRETURN SQL_API SQLDriverConnectW(SQLHDBC hdbc, SQLHWND hwnd, SQLWCHAR *szConnStrIn,
                                    SQLSMALLINT cbConnStrIn, SQLWCHAR *szConnStrOut,
                                    SQLSMALLINT cbConnStrOutMax, SQLSMALLINT *pcbConnStrOut,
                                    SQLUSMALLINT fDriverCompletion)
{
    drv_dbc *dbc = drv_dbc_check(hdbc);
    if (dbc == NULL)
        return SQL_INVALID_HANDLE;
    drv_dbc_enter(dbc);
    SQLRETURN rc = SQL_ERROR;
    char *in = NULL;
    if (cbConnStrOutMax < 0) {
        rc = drv_error(&dbc->hdr, "HY090", "Invalid string or buffer length");
    } else if (in_w(dbc, szConnStrIn, cbConnStrIn, &in, &rc)) {
        /* BufferLength and *StringLength2Ptr count characters here */
        drv_strout out = {szConnStrOut, (SQLLEN)cbConnStrOutMax * (SQLLEN)sizeof(SQLWCHAR),
                          true, false};
        rc = drv_driver_connect(dbc, hwnd, in, &out, pcbConnStrOut, fDriverCompletion);
    }
    free_secret(in);
    return drv_dbc_leave(dbc, rc);
}

SQLRETURN SQL_API SQLDisconnect(SQLHDBC ConnectionHandle)
{
    drv_dbc *dbc = drv_dbc_check(ConnectionHandle);
    if (dbc == NULL)
        return SQL_INVALID_HANDLE;
    drv_dbc_enter(dbc);
    return drv_dbc_leave(dbc, drv_disconnect(dbc));
}
