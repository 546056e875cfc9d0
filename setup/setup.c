/*
 * setup.c: ConfigDSN and ConfigDriver, for unixODBC's installer (in the
 * setup library cratedbodbcS.so, with properties.c) and for Windows' (in
 * cratedbodbc.dll itself, as Windows drivers do).
 *
 * There is no GUI here yet: hwnd is ignored and ConfigDSN needs complete
 * attributes ("DSN=name\0Server=host\0...\0\0"). Failures are reported with
 * SQLPostInstallerError and FALSE.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "odbc_headers.h"
#include <odbcinst.h>

#define ODBC_INI "odbc.ini"

#ifndef TRUE
#define TRUE 1
#endif
#ifndef FALSE
#define FALSE 0
#endif

/* Error for the installer and FALSE. */
static BOOL fail(DWORD code, const char *fmt, const char *arg)
{
    char msg[512];
    snprintf(msg, sizeof msg, fmt, arg ? arg : "");
    SQLPostInstallerError(code, msg);
    return FALSE;
}

/* Finds key in a "k=v\0k=v\0\0" list; returns the value (NULL if absent). */
static const char *attr_value(const char *attrs, const char *key, char *buf, size_t buflen)
{
    if (attrs == NULL)
        return NULL;
    size_t klen = strlen(key);
    for (const char *p = attrs; *p; p += strlen(p) + 1) {
        const char *eq = strchr(p, '=');
        size_t n = eq ? (size_t)(eq - p) : strlen(p);
        while (n > 0 && p[n - 1] == ' ')
            n--;
        if (n == klen && strncasecmp(p, key, klen) == 0) {
            const char *v = eq ? eq + 1 : "";
            while (*v == ' ')
                v++;
            snprintf(buf, buflen, "%s", v);
            return buf;
        }
    }
    return NULL;
}

/* Writes every attribute except DSN and Driver into section dsn. */
static BOOL write_attrs(const char *dsn, const char *attrs)
{
    char key[256];
    for (const char *p = attrs; p && *p; p += strlen(p) + 1) {
        const char *eq = strchr(p, '=');
        size_t n = eq ? (size_t)(eq - p) : strlen(p);
        while (n > 0 && p[n - 1] == ' ')
            n--;
        if (n == 0 || n >= sizeof key)
            return fail(ODBC_ERROR_INVALID_KEYWORD_VALUE, "Invalid attribute '%s'", p);
        memcpy(key, p, n);
        key[n] = '\0';
        if (strcasecmp(key, "DSN") == 0 || strcasecmp(key, "Driver") == 0)
            continue;
        const char *v = eq ? eq + 1 : "";
        while (*v == ' ')
            v++;
        if (!SQLWritePrivateProfileString(dsn, key, v, ODBC_INI))
            return fail(ODBC_ERROR_REQUEST_FAILED, "Cannot write keyword '%s' to odbc.ini", key);
    }
    return TRUE;
}

BOOL INSTAPI ConfigDSN(HWND hwndParent, WORD fRequest, LPCSTR lpszDriver, LPCSTR lpszAttributes)
{
    (void)hwndParent;
    char dsn[SQL_MAX_DSN_LENGTH * 4 + 1];
    if (fRequest != ODBC_ADD_DSN && fRequest != ODBC_CONFIG_DSN && fRequest != ODBC_REMOVE_DSN)
        return fail(ODBC_ERROR_INVALID_REQUEST_TYPE, "Invalid request type%s", NULL);
    if (attr_value(lpszAttributes, "DSN", dsn, sizeof dsn) == NULL || dsn[0] == '\0')
        return fail(ODBC_ERROR_INVALID_KEYWORD_VALUE,
                    "The attributes must name the data source (DSN=...)%s", NULL);
    if (!SQLValidDSN(dsn))
        return fail(ODBC_ERROR_INVALID_DSN, "Invalid data source name '%s'", dsn);

    switch (fRequest) {
    case ODBC_ADD_DSN:
        if (lpszDriver == NULL || lpszDriver[0] == '\0')
            return fail(ODBC_ERROR_INVALID_NAME, "No driver name given%s", NULL);
        if (!SQLWriteDSNToIni(dsn, lpszDriver))
            return fail(ODBC_ERROR_CREATE_DSN_FAILED, "Cannot create data source '%s'", dsn);
        return write_attrs(dsn, lpszAttributes);
    case ODBC_CONFIG_DSN:
        return write_attrs(dsn, lpszAttributes);
    default: /* ODBC_REMOVE_DSN */
        if (!SQLRemoveDSNFromIni(dsn))
            return fail(ODBC_ERROR_REMOVE_DSN_FAILED, "Cannot remove data source '%s'", dsn);
        return TRUE;
    }
}

BOOL INSTAPI ConfigDriver(HWND hwndParent, WORD fRequest, LPCSTR lpszDriver, LPCSTR lpszArgs,
                          LPSTR lpszMsg, WORD cbMsgMax, WORD *pcbMsgOut)
{
    (void)hwndParent;
    (void)lpszDriver;
    (void)lpszArgs;
    if (lpszMsg != NULL && cbMsgMax > 0)
        lpszMsg[0] = '\0';
    if (pcbMsgOut != NULL)
        *pcbMsgOut = 0;
    switch (fRequest) {
    case ODBC_INSTALL_DRIVER:
    case ODBC_REMOVE_DRIVER:
    case ODBC_CONFIG_DRIVER:
        return TRUE;    /* nothing driver-specific to set up */
    default:
        return fail(ODBC_ERROR_INVALID_REQUEST_TYPE, "Invalid request type%s", NULL);
    }
}
