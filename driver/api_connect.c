/*
 * api_connect.c: SQLConnect(W), SQLDriverConnect(W), SQLDisconnect.
 *
 * The W forms convert their UTF-16 inputs to UTF-8 and call the same drv_*
 * function; SQLDriverConnectW's output length counts characters.
 */
#include <stdlib.h>
#include <string.h>

#include "drv.h"

/*
 * An input string from the application -> a malloc'd UTF-8 copy in *out
 * (NULL when s is NULL). wide: s is UTF-16 and len counts characters;
 * otherwise s is ANSI/UTF-8 and len counts bytes. False, with *rc set to
 * HY090 (bad length), HY000 (bad UTF-16) or HY001, when it cannot be read.
 */
static bool in_str(drv_dbc *dbc, bool wide, const void *s, SQLSMALLINT len, char **out,
                   SQLRETURN *rc)
{
    *out = NULL;
    if (s == NULL)
        return true;
    if (len < 0 && len != SQL_NTS) {
        *rc = drv_error(&dbc->hdr, "HY090", "Invalid string or buffer length");
        return false;
    }
    if (wide) {
        if (!drv_utf16_to_utf8(s, len, out, NULL)) {
            *rc = drv_error(&dbc->hdr, "HY000", "Invalid UTF-16 string or out of memory");
            return false;
        }
        return true;
    }
    *out = drv_strdup_len((const char *)s, len);
    if (*out == NULL) {
        *rc = drv_nomem(&dbc->hdr);
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

/* SQLConnect and SQLConnectW: the three names are ANSI or (wide) UTF-16. */
static SQLRETURN connect_any(SQLHDBC handle, bool wide, const void *server, SQLSMALLINT len1,
                             const void *user, SQLSMALLINT len2, const void *auth,
                             SQLSMALLINT len3)
{
    drv_dbc *dbc = drv_dbc_check(handle);
    if (dbc == NULL)
        return SQL_INVALID_HANDLE;
    drv_dbc_enter(dbc);
    SQLRETURN rc = SQL_ERROR;
    char *dsn = NULL, *uid = NULL, *pwd = NULL;
    if (in_str(dbc, wide, server, len1, &dsn, &rc) &&
        in_str(dbc, wide, user, len2, &uid, &rc) &&
        in_str(dbc, wide, auth, len3, &pwd, &rc))
        rc = drv_connect(dbc, dsn, uid, pwd);
    free(dsn);
    free(uid);
    free_secret(pwd);
    return drv_dbc_leave(dbc, rc);
}

/* SQLDriverConnect and SQLDriverConnectW: with wide, the strings are UTF-16
 * and the output's BufferLength and *StringLength2Ptr count characters. */
static SQLRETURN driver_connect_any(SQLHDBC hdbc, SQLHWND hwnd, bool wide, const void *in_s,
                                    SQLSMALLINT in_len, void *out_s, SQLSMALLINT out_max,
                                    SQLSMALLINT *out_len, SQLUSMALLINT completion)
{
    drv_dbc *dbc = drv_dbc_check(hdbc);
    if (dbc == NULL)
        return SQL_INVALID_HANDLE;
    drv_dbc_enter(dbc);
    SQLRETURN rc = SQL_ERROR;
    char *in = NULL;
    if (out_max < 0) {
        rc = drv_error(&dbc->hdr, "HY090", "Invalid string or buffer length");
    } else if (in_str(dbc, wide, in_s, in_len, &in, &rc)) {
        SQLLEN unit = wide ? (SQLLEN)sizeof(SQLWCHAR) : 1;
        drv_strout out = {out_s, (SQLLEN)out_max * unit, wide, false};
        rc = drv_driver_connect(dbc, hwnd, in, &out, out_len, completion);
    }
    free_secret(in);
    return drv_dbc_leave(dbc, rc);
}

SQLRETURN SQL_API DRV_API(SQLConnect)(SQLHDBC ConnectionHandle, SQLCHAR *ServerName,
                             SQLSMALLINT NameLength1, SQLCHAR *UserName, SQLSMALLINT NameLength2,
                             SQLCHAR *Authentication, SQLSMALLINT NameLength3)
{
    return connect_any(ConnectionHandle, false, ServerName, NameLength1, UserName, NameLength2,
                       Authentication, NameLength3);
}

SQLRETURN SQL_API DRV_API(SQLConnectW)(SQLHDBC ConnectionHandle, SQLWCHAR *ServerName,
                              SQLSMALLINT NameLength1, SQLWCHAR *UserName, SQLSMALLINT NameLength2,
                              SQLWCHAR *Authentication, SQLSMALLINT NameLength3)
{
    return connect_any(ConnectionHandle, true, ServerName, NameLength1, UserName, NameLength2,
                       Authentication, NameLength3);
}

SQLRETURN SQL_API DRV_API(SQLDriverConnect)(SQLHDBC hdbc, SQLHWND hwnd, SQLCHAR *szConnStrIn,
                                   SQLSMALLINT cbConnStrIn, SQLCHAR *szConnStrOut,
                                   SQLSMALLINT cbConnStrOutMax, SQLSMALLINT *pcbConnStrOut,
                                   SQLUSMALLINT fDriverCompletion)
{
    return driver_connect_any(hdbc, hwnd, false, szConnStrIn, cbConnStrIn, szConnStrOut,
                              cbConnStrOutMax, pcbConnStrOut, fDriverCompletion);
}

SQLRETURN SQL_API DRV_API(SQLDriverConnectW)(SQLHDBC hdbc, SQLHWND hwnd, SQLWCHAR *szConnStrIn,
                                    SQLSMALLINT cbConnStrIn, SQLWCHAR *szConnStrOut,
                                    SQLSMALLINT cbConnStrOutMax, SQLSMALLINT *pcbConnStrOut,
                                    SQLUSMALLINT fDriverCompletion)
{
    return driver_connect_any(hdbc, hwnd, true, szConnStrIn, cbConnStrIn, szConnStrOut,
                              cbConnStrOutMax, pcbConnStrOut, fDriverCompletion);
}

SQLRETURN SQL_API DRV_API(SQLDisconnect)(SQLHDBC ConnectionHandle)
{
    drv_dbc *dbc = drv_dbc_check(ConnectionHandle);
    if (dbc == NULL)
        return SQL_INVALID_HANDLE;
    drv_dbc_enter(dbc);
    return drv_dbc_leave(dbc, drv_disconnect(dbc));
}
