/*
 * prompt.c: SQLDriverConnect's dialog (SQL_DRIVER_PROMPT, _COMPLETE and
 * _COMPLETE_REQUIRED with a window handle): when to show it, which fields
 * it lets the user edit, the options to and from its form
 * (setup/dsn_form.h), and the connection its Test button makes. Portable:
 * the dialog is setup/dialog_win.c on Windows; elsewhere
 * setup/dialog_none.c has none, and the driver connects as with
 * SQL_DRIVER_NOPROMPT (connect.c says how).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "drv.h"
#include "dsn_form.h"

#define NO_OPTION ((size_t)-1)

/* The option behind each connection field of the dialog (the name and
 * description fields have none: the DSN is shown, greyed, for orientation). */
static const size_t field_opt[DSN_NFIELDS] = {
    [DSN_F_NAME] = offsetof(drv_conn_opts, dsn),
    [DSN_F_DESCRIPTION] = NO_OPTION,
    [DSN_F_SERVER] = offsetof(drv_conn_opts, server),
    [DSN_F_PORT] = offsetof(drv_conn_opts, port),
    [DSN_F_DATABASE] = offsetof(drv_conn_opts, database),
    [DSN_F_UID] = offsetof(drv_conn_opts, uid),
    [DSN_F_PWD] = offsetof(drv_conn_opts, pwd),
    [DSN_F_SSLMODE] = offsetof(drv_conn_opts, sslmode),
    [DSN_F_SSLROOTCERT] = offsetof(drv_conn_opts, ssl_root_cert),
    [DSN_F_SSLCERT] = offsetof(drv_conn_opts, ssl_cert),
    [DSN_F_SSLKEY] = offsetof(drv_conn_opts, ssl_key),
};

/* The option of field i; NULL for a field without one. */
static char **opt_field(drv_conn_opts *o, dsn_field i)
{
    return field_opt[i] == NO_OPTION ? NULL : (char **)((char *)o + field_opt[i]);
}

#define CONNECTION_FIELDS (DSN_ALL_FIELDS & ~(DSN_FIELD_BIT(DSN_F_NAME) | \
                                              DSN_FIELD_BIT(DSN_F_DESCRIPTION)))

unsigned drv_prompt_missing(const drv_conn_opts *o)
{
    if (o->server == NULL || o->server[0] == '\0')
        return DSN_FIELD_BIT(DSN_F_SERVER) | DSN_FIELD_BIT(DSN_F_PORT);
    return 0;
}

unsigned drv_prompt_fixable(const drv_hdr *h, const drv_conn_opts *o)
{
    if (o->pwd != NULL && o->pwd[0] != '\0')
        return 0;   /* a wrong password is the caller's to fix, not a gap to fill */
    /* the login's 28xxx, also behind a warning (01S00) about another keyword */
    for (int i = 0; i < h->diag.count; i++)
        if (strncmp(h->diag.recs[i].sqlstate, "28", 2) == 0)
            return DSN_FIELD_BIT(DSN_F_UID) | DSN_FIELD_BIT(DSN_F_PWD);
    return 0;
}

unsigned drv_prompt_editable(SQLUSMALLINT completion, unsigned needed)
{
    return completion == SQL_DRIVER_COMPLETE_REQUIRED ? needed : CONNECTION_FIELDS;
}

/* The options the dialog does not show, as a connection string for its
 * Test button (the dialog's fields come first and so win). */
static char *other_options(const drv_conn_opts *o)
{
    drv_conn_opts rest = *o;   /* shallow: only read by drv_connstr_build */
    rest.driver = NULL;
    for (int i = 0; i < DSN_NFIELDS; i++)
        if (opt_field(&rest, (dsn_field)i) != NULL)
            *opt_field(&rest, (dsn_field)i) = NULL;
    return drv_connstr_build(&rest);
}

/* The dialog's values back into o (an emptied field goes back to its
 * default). False when out of memory. */
static bool opts_from_form(drv_conn_opts *o, const dsn_form *f)
{
    for (int i = DSN_F_SERVER; i < DSN_NFIELDS; i++) {
        char **slot = opt_field(o, (dsn_field)i);
        char *v = NULL;
        if (f->value[i] != NULL && (v = strdup(f->value[i])) == NULL)
            return false;
        if (*slot != NULL && i == DSN_F_PWD)
            memset(*slot, 0, strlen(*slot));
        free(*slot);
        *slot = v;
    }
    return true;
}

drv_prompt_result drv_prompt(drv_hdr *h, SQLHWND hwnd, drv_conn_opts *o, unsigned editable,
                             const char *why)
{
    dsn_form f = {.enabled = editable, .utf8 = true, .title = "CrateDB ODBC Connection"};
    snprintf(f.status, sizeof f.status, "%s", why ? why : "");
    drv_prompt_result res = DRV_PROMPT_ERROR;
    for (int i = 0; i < DSN_NFIELDS; i++) {
        char **opt = opt_field(o, (dsn_field)i);
        if (opt != NULL && !dsn_form_set(&f, (dsn_field)i, *opt))
            goto nomem;
    }
    if ((f.test_base = other_options(o)) == NULL)
        goto nomem;
    switch (dsn_dialog_run((void *)hwnd, &f)) {
    case DSN_DIALOG_OK:
        if (!opts_from_form(o, &f))
            goto nomem;
        res = DRV_PROMPT_OK;
        break;
    case DSN_DIALOG_CANCEL:
        res = DRV_PROMPT_CANCEL;
        break;
    case DSN_DIALOG_NO_UI:
        res = DRV_PROMPT_NO_UI;
        break;
    case DSN_DIALOG_FAILED:
        drv_error(h, "IM008", "Dialog failed: the connection dialog could not be shown");
        break;
    }
    dsn_form_free(&f);
    return res;
nomem:
    dsn_form_free(&f);
    drv_nomem(h);
    return DRV_PROMPT_ERROR;
}

bool dsn_test_connect(const char *connstr, char *msg, size_t len)
{
    drv_env *env = NULL;
    drv_dbc *dbc = NULL;
    bool ok = false;
    snprintf(msg, len, "Out of memory");
    if (drv_env_alloc(&env) != SQL_SUCCESS)
        return false;
    pthread_mutex_lock(&env->lock);
    SQLRETURN rc = drv_dbc_alloc(env, &dbc);
    pthread_mutex_unlock(&env->lock);
    if (rc != SQL_SUCCESS)
        goto done;
    drv_strout out = {NULL, 0, false, false};   /* the completed string is not wanted */
    rc = drv_driver_connect(dbc, NULL, connstr, &out, NULL, SQL_DRIVER_NOPROMPT);
    if (SQL_SUCCEEDED(rc)) {
        const char *ver = pgw_parameter(dbc->conn, "crate_version");
        bool crate = pgw_is_cratedb(dbc->conn);
        if (ver == NULL)
            ver = pgw_parameter(dbc->conn, "server_version");
        snprintf(msg, len, "Connected to %s %s at %s", crate ? "CrateDB" : "PostgreSQL",
                 ver ? ver : "(version unknown)", pgw_connected_host(dbc->conn));
        drv_disconnect(dbc);
        ok = true;
    } else if (dbc->hdr.diag.count > 0) {
        snprintf(msg, len, "Failed: %s %s", dbc->hdr.diag.recs[0].sqlstate,
                 dbc->hdr.diag.recs[0].message);
    } else {
        snprintf(msg, len, "Failed (no diagnostic)");
    }
done:
    if (dbc != NULL)
        drv_dbc_free(dbc);
    drv_env_free(env);
    return ok;
}
