/*
 * setup.c: the driver setup library (cratedbodbcS.so) for unixODBC's
 * installer: ConfigDSN, ConfigDriver and ODBCINSTGetProperties.
 *
 * There is no GUI here: hwnd is ignored and ConfigDSN needs complete
 * attributes ("DSN=name\0Server=host\0...\0\0"). Failures are reported with
 * SQLPostInstallerError and FALSE. ODBCINSTGetProperties lists the DSN
 * keywords for unixODBC's own configuration tools (ODBCManageDataSources,
 * odbcinst -q ...); unixODBC frees what it appends (each property, its
 * pszHelp and its aPromptData array -- not the strings in that array, which
 * are therefore static).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <sql.h>
#include <sqlext.h>
#include <odbcinst.h>
#include <odbcinstext.h>

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

/* ------------------------------------------------------------ properties */

/* List box choices end with NULL: unixODBC's tools read aPromptData up to it. */
static const char *const sslmodes[] = {"disable", "allow", "prefer", "require", "verify-ca",
                                       "verify-full", NULL};
static const char *const array_formats[] = {"json", "pg", NULL};
static const char *const point_formats[] = {"wkt", "pg", NULL};
static const char *const on_off[] = {"0", "1", NULL};

static const struct prop {
    const char *name;
    const char *value;          /* default shown */
    int type;
    const char *const *list;    /* for ODBCINST_PROMPTTYPE_LISTBOX, NULL-terminated */
    const char *help;
} props[] = {
    {"Server", "localhost", ODBCINST_PROMPTTYPE_TEXTEDIT, NULL,
     "Host name or address of the CrateDB node; a comma-separated list (host[:port],...) "
     "for failover."},
    {"Port", "5432", ODBCINST_PROMPTTYPE_TEXTEDIT, NULL,
     "PostgreSQL wire protocol port (CrateDB's psql.port, default 5432)."},
    {"Database", "", ODBCINST_PROMPTTYPE_TEXTEDIT, NULL,
     "Default schema for unqualified names (CrateDB uses doc when empty)."},
    {"UID", "crate", ODBCINST_PROMPTTYPE_TEXTEDIT, NULL, "User name (default crate)."},
    {"Password", "", ODBCINST_PROMPTTYPE_TEXTEDIT_PASSWORD, NULL, "Password of the user."},
    {"ApplicationName", "cratedb-odbc", ODBCINST_PROMPTTYPE_TEXTEDIT, NULL,
     "Application name sent at startup."},
    {"SSLMode", "prefer", ODBCINST_PROMPTTYPE_LISTBOX, sslmodes,
     "TLS use: disable, allow, prefer (TLS when the server offers it), require, verify-ca "
     "(check the certificate against SSLRootCert), verify-full (and the host name)."},
    {"SSLRootCert", "", ODBCINST_PROMPTTYPE_FILENAME, NULL,
     "PEM file of the CA certificates to trust, or system (the system's trusted CAs)."},
    {"SSLCert", "", ODBCINST_PROMPTTYPE_FILENAME, NULL,
     "Client certificate (PEM) for CrateDB's cert authentication; its CN is the user."},
    {"SSLKey", "", ODBCINST_PROMPTTYPE_FILENAME, NULL,
     "Unencrypted PEM key of the client certificate (default: the SSLCert file)."},
    {"SSLCrl", "", ODBCINST_PROMPTTYPE_FILENAME, NULL,
     "PEM file of revoked certificates, checked with the server's chain."},
    {"LoginTimeout", "0", ODBCINST_PROMPTTYPE_TEXTEDIT, NULL,
     "Seconds to wait for a connection (0 = no limit)."},
    {"FetchSize", "1000", ODBCINST_PROMPTTYPE_TEXTEDIT, NULL,
     "Rows fetched from the server per round trip."},
    {"Options", "", ODBCINST_PROMPTTYPE_TEXTEDIT, NULL,
     "Session settings sent at startup, e.g. -c statement_timeout=60000."},
    {"TextSize", "65535", ODBCINST_PROMPTTYPE_TEXTEDIT, NULL,
     "Column size reported for text without a declared length."},
    {"LongText", "0", ODBCINST_PROMPTTYPE_LISTBOX, on_off,
     "1: report text without a declared length as SQL_LONGVARCHAR."},
    {"ArrayFormat", "json", ODBCINST_PROMPTTYPE_LISTBOX, array_formats,
     "Arrays as JSON text (json) or as PostgreSQL {} literals (pg)."},
    {"GeoPointFormat", "wkt", ODBCINST_PROMPTTYPE_LISTBOX, point_formats,
     "geo_point as WKT POINT(lon lat) (wkt) or as (lon,lat) (pg)."},
    {"BinaryResults", "1", ODBCINST_PROMPTTYPE_LISTBOX, on_off,
     "1: prepared statements read exact types in binary; 0: always text."},
    {"HideSystemSchemas", "0", ODBCINST_PROMPTTYPE_LISTBOX, on_off,
     "1: the catalog functions leave out information_schema, pg_catalog and sys."},
    {"KeepaliveTime", "30", ODBCINST_PROMPTTYPE_TEXTEDIT, NULL,
     "Seconds without traffic before the server is checked (0 = system defaults)."},
    {"KeepaliveInterval", "10", ODBCINST_PROMPTTYPE_TEXTEDIT, NULL,
     "Seconds between checks of a server that does not answer."},
    {"KeepaliveCount", "3", ODBCINST_PROMPTTYPE_TEXTEDIT, NULL,
     "Unanswered checks after which the connection is dead (08S01)."},
    {"AutoReconnect", "0", ODBCINST_PROMPTTYPE_LISTBOX, on_off,
     "1: the next statement on a dead connection connects again when nothing is lost."},
};

int INSTAPI ODBCINSTGetProperties(HODBCINSTPROPERTY hLastProperty)
{
    if (hLastProperty == NULL)
        return ODBCINST_ERROR;
    HODBCINSTPROPERTY last = hLastProperty;
    while (last->pNext != NULL)
        last = last->pNext;

    for (size_t i = 0; i < sizeof props / sizeof props[0]; i++) {
        const struct prop *pr = &props[i];
        HODBCINSTPROPERTY p = calloc(1, sizeof *p);
        if (p == NULL)
            return ODBCINST_ERROR;
        p->nPromptType = pr->type;
        snprintf(p->szName, sizeof p->szName, "%s", pr->name);
        snprintf(p->szValue, sizeof p->szValue, "%s", pr->value);
        p->pszHelp = strdup(pr->help);
        if (pr->list != NULL) {
            size_t n = 1;                   /* the terminating NULL */
            while (pr->list[n - 1] != NULL)
                n++;
            p->aPromptData = malloc(n * sizeof(char *));
            if (p->aPromptData != NULL)
                memcpy(p->aPromptData, pr->list, n * sizeof(char *));
        }
        last->pNext = p;
        last = p;
    }
    return ODBCINST_SUCCESS;
}
