/*
 * setup.c: ConfigDSN and ConfigDriver, for unixODBC's installer (in the
 * setup library cratedbodbcS.so, with properties.c) and for Windows' (in
 * cratedbodbc.dll itself, as Windows drivers do).
 *
 * With a window (hwnd not NULL) ConfigDSN adds or changes a data source
 * through the data source dialog (dsn_form.h; the Win32 dialog is
 * dialog_win.c), prefilled from the attributes and, for ODBC_CONFIG_DSN,
 * from the data source itself; OK writes it, Cancel writes nothing and
 * returns FALSE (as Windows drivers do). Without a window, or where the
 * driver has no dialog (dialog_none.c: Linux), the attributes are written as
 * given ("DSN=name\0Server=host\0...\0\0"). Failures are reported with
 * SQLPostInstallerError and FALSE.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "odbc_headers.h"
#include <odbcinst.h>

#include "dsn_form.h"

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

/* ------------------------------------------------------------ the dialog */

/* The dialog's fields from data source `dsn` in odbc.ini (the registry on
 * Windows), each under its name or one of the driver's aliases. */
static bool form_from_ini(dsn_form *f, const char *dsn)
{
    char buf[1024];
    for (int i = DSN_F_DESCRIPTION; i < DSN_NFIELDS; i++) {
        const char *names[4] = {dsn_fields[i].key, NULL};
        memcpy(names + 1, dsn_fields[i].aliases, sizeof dsn_fields[i].aliases);
        for (const char *const *n = names; *n != NULL; n++) {
            if (SQLGetPrivateProfileString(dsn, *n, "", buf, sizeof buf, ODBC_INI) > 0 &&
                buf[0] != '\0') {
                if (!dsn_form_set(f, (dsn_field)i, buf))
                    return false;
                break;
            }
        }
    }
    return true;
}

/* The attributes over the dialog's fields; the others (not Driver) become
 * the Test button's extra keywords. */
static bool form_from_attrs(dsn_form *f, const char *attrs)
{
    size_t cap = 1;
    for (const char *p = attrs; p && *p; p += strlen(p) + 1)
        cap += 2 * strlen(p) + 4;
    if ((f->test_base = malloc(cap)) == NULL)
        return false;
    char *base = f->test_base;
    for (const char *p = attrs; p && *p; p += strlen(p) + 1) {
        const char *eq = strchr(p, '=');
        size_t n = eq ? (size_t)(eq - p) : strlen(p);
        while (n > 0 && p[n - 1] == ' ')
            n--;
        const char *v = eq ? eq + 1 : "";
        while (*v == ' ')
            v++;
        int i = dsn_field_of(p, n);
        if (i >= 0) {
            if (!dsn_form_set(f, (dsn_field)i, v))
                return false;
        } else if (n > 0 && !(n == 6 && strncasecmp(p, "Driver", 6) == 0)) {
            memcpy(base, p, n);          /* key={value}; with '}' doubled */
            base += n;
            *base++ = '=';
            *base++ = '{';
            for (; *v; v++) {
                *base++ = *v;
                if (*v == '}')
                    *base++ = '}';
            }
            *base++ = '}';
            *base++ = ';';
        }
    }
    *base = '\0';
    return true;
}

/* Writes the dialog's fields into data source `dsn`. An empty field is
 * written empty (the driver's default applies), and so is an alias the data
 * source holds, which the driver would otherwise read instead. */
static BOOL write_form(const char *dsn, const dsn_form *f)
{
    char buf[8];
    for (int i = DSN_F_DESCRIPTION; i < DSN_NFIELDS; i++) {
        if (!SQLWritePrivateProfileString(dsn, dsn_fields[i].key, dsn_form_get(f, (dsn_field)i),
                                          ODBC_INI))
            return fail(ODBC_ERROR_REQUEST_FAILED, "Cannot write keyword '%s' to odbc.ini",
                        dsn_fields[i].key);
        for (const char *const *a = dsn_fields[i].aliases; *a != NULL; a++)
            if (SQLGetPrivateProfileString(dsn, *a, "", buf, sizeof buf, ODBC_INI) > 0)
                SQLWritePrivateProfileString(dsn, *a, "", ODBC_INI);
    }
    return TRUE;
}

/* Copies every keyword of data source `from` to `to` (a renamed DSN keeps
 * what the dialog does not show). */
static void copy_dsn(const char *from, const char *to)
{
    char keys[4096], val[1024];
    int n = SQLGetPrivateProfileString(from, NULL, "", keys, sizeof keys, ODBC_INI);
    for (const char *k = keys; n > 0 && k < keys + n && *k; k += strlen(k) + 1)
        if (SQLGetPrivateProfileString(from, k, "", val, sizeof val, ODBC_INI) >= 0)
            SQLWritePrivateProfileString(to, k, val, ODBC_INI);
}

/*
 * ConfigDSN with a window: ODBC_ADD_DSN or ODBC_CONFIG_DSN through the
 * dialog. Returns TRUE or FALSE as ConfigDSN does, or -1 when the platform
 * has no dialog (the caller goes on without one).
 */
static int config_with_dialog(HWND hwnd, WORD request, const char *driver, const char *attrs)
{
    dsn_form f = {.enabled = DSN_ALL_FIELDS, .utf8 = false, .title = "CrateDB ODBC Data Source"};
    char old[SQL_MAX_DSN_LENGTH * 4 + 1] = "";
    attr_value(attrs, "DSN", old, sizeof old);
    int rc = FALSE;
    if (request == ODBC_CONFIG_DSN && !SQLValidDSN(old)) {
        rc = fail(ODBC_ERROR_INVALID_DSN, "Invalid data source name '%s'", old);
        goto done;
    }
    if (request == ODBC_ADD_DSN && (driver == NULL || driver[0] == '\0')) {
        rc = fail(ODBC_ERROR_INVALID_NAME, "No driver name given%s", NULL);
        goto done;
    }
    if ((request == ODBC_CONFIG_DSN && !form_from_ini(&f, old)) || !form_from_attrs(&f, attrs)) {
        rc = fail(ODBC_ERROR_OUT_OF_MEM, "Out of memory%s", NULL);
        goto done;
    }
    switch (dsn_dialog_run(hwnd, &f)) {
    case DSN_DIALOG_NO_UI:
        rc = -1;
        goto done;
    case DSN_DIALOG_CANCEL:
        rc = FALSE;     /* nothing written, nothing to report */
        goto done;
    case DSN_DIALOG_FAILED:
        rc = fail(ODBC_ERROR_REQUEST_FAILED, "Cannot show the data source dialog%s", NULL);
        goto done;
    case DSN_DIALOG_OK:
        break;
    }
    const char *name = dsn_form_get(&f, DSN_F_NAME);
    if (!SQLValidDSN(name)) {
        rc = fail(ODBC_ERROR_INVALID_DSN, "Invalid data source name '%s'", name);
        goto done;
    }
    bool renamed = request == ODBC_CONFIG_DSN && strcasecmp(name, old) != 0;
    /* SQLWriteDSNToIni replaces a data source of that name: only for a new one */
    if (request == ODBC_ADD_DSN || renamed) {
        if (!SQLWriteDSNToIni(name, driver ? driver : "")) {
            rc = fail(ODBC_ERROR_CREATE_DSN_FAILED, "Cannot create data source '%s'", name);
            goto done;
        }
        if (renamed)
            copy_dsn(old, name);
    }
    rc = write_form(name, &f);
    if (rc && renamed)
        SQLRemoveDSNFromIni(old);
done:
    dsn_form_free(&f);
    return rc;
}

BOOL INSTAPI ConfigDSN(HWND hwndParent, WORD fRequest, LPCSTR lpszDriver, LPCSTR lpszAttributes)
{
    char dsn[SQL_MAX_DSN_LENGTH * 4 + 1];
    if (fRequest != ODBC_ADD_DSN && fRequest != ODBC_CONFIG_DSN && fRequest != ODBC_REMOVE_DSN)
        return fail(ODBC_ERROR_INVALID_REQUEST_TYPE, "Invalid request type%s", NULL);
    if (hwndParent != NULL && fRequest != ODBC_REMOVE_DSN) {
        int rc = config_with_dialog(hwndParent, fRequest, lpszDriver, lpszAttributes);
        if (rc >= 0)
            return rc;
    }
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
