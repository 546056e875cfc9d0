/*
 * connect.c: SQLConnect / SQLDriverConnect / SQLDisconnect behind the entry
 * points: gathering the options (connection string, odbc.ini, attributes),
 * turning them into pgw_connect_params, and tearing the connection down.
 *
 * Defaults: Server localhost, Port 5432, UID crate (CrateDB's superuser), no
 * database parameter (CrateDB then uses schema doc), ApplicationName
 * cratedb-odbc, FetchSize 1000, no login timeout, SSLMode prefer (TLS when
 * the server offers it; protocol/tls.c), LoadBalanceHosts 0 (SERVER's hosts
 * in the order given, as CrateDB's JDBC driver), DiscoverNodes 0.
 *
 * SQLDriverConnect prompts (prompt.c) only with a window handle and only
 * where the driver has a dialog (Windows): SQL_DRIVER_PROMPT always shows
 * it; SQL_DRIVER_COMPLETE and _COMPLETE_REQUIRED when no server is given, or
 * when a login failed and no password was given (_COMPLETE_REQUIRED leaves
 * only those fields editable); a cancelled dialog is SQL_NO_DATA. Without a
 * window, or without a dialog (Linux: no GUI toolkit), every mode connects
 * as SQL_DRIVER_NOPROMPT: every option has a default, so the information
 * is always "enough", and a failed login is an error.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "drv.h"
#include "log_conn.h"

#define DEFAULT_HOST "localhost"
#define DEFAULT_PORT 5432
#define DEFAULT_USER "crate"
#define DEFAULT_APPNAME "cratedb-odbc"
#define DEFAULT_FETCH_SIZE 1000
/* Dead connections are found within about a minute (idle 30 s, then three
 * checks 10 s apart): not the system's two hours of TCP keepalive. */
#define DEFAULT_KEEPALIVE_TIME 30
#define DEFAULT_KEEPALIVE_INTERVAL 10
#define DEFAULT_KEEPALIVE_COUNT 3

SQLRETURN drv_dbc_require_connected(drv_dbc *dbc)
{
    if (dbc->conn == NULL)
        return drv_error(&dbc->hdr, "08003", "Connection not open");
    return SQL_SUCCESS;
}

SQLRETURN drv_conn_not_open(drv_hdr *h, const drv_dbc *dbc)
{
    if (dbc->conn != NULL && !pgw_is_connected(dbc->conn))
        return drv_error(h, "08S01", "Communication link failure: the connection to the "
                         "server was lost; disconnect and connect again");
    return drv_error(h, "08003", "Connection not open");
}

/* Parses a decimal integer in [min, max]; false when s is not one. */
static bool parse_int(const char *s, long min, long max, long *out)
{
    if (s == NULL || *s == '\0')
        return false;
    errno = 0;
    char *end;
    long v = strtol(s, &end, 10);
    while (*end == ' ' || *end == '\t')
        end++;
    if (errno != 0 || *end != '\0' || v < min || v > max)
        return false;
    *out = v;
    return true;
}

/* A 1/0 keyword also takes the words other drivers' users write (CrateDB's
 * JDBC driver: loadBalanceHosts=true). */
static const char *const truthy[] = { "true", "yes", "on", NULL };
static const char *const falsy[] = { "false", "no", "off", NULL };

static bool is_word(const char *s, const char *const *words)
{
    for (; *words != NULL; words++)
        if (strcasecmp(s, *words) == 0)
            return true;
    return false;
}

static int secs_to_ms(unsigned long secs)
{
    return secs > (unsigned long)(INT_MAX / 1000) ? INT_MAX : (int)(secs * 1000);
}

SQLRETURN drv_conn_settings_resolve(drv_hdr *h, const drv_conn_opts *o,
                                    unsigned long login_timeout,
                                    unsigned long connection_timeout, drv_conn_settings *s)
{
    SQLRETURN warn = SQL_SUCCESS;
    long v;

    long port = DEFAULT_PORT;
    if (o->port != NULL && !parse_int(o->port, 1, 65535, &port))
        return drv_error(h, "08001", "Invalid Port value '%s'", o->port);

    /* a mistyped SSLMode must not quietly become prefer (plaintext allowed) */
    pgw_ssl_mode ssl_mode = PGW_SSL_PREFER;
    if (o->sslmode != NULL && o->sslmode[0] != '\0' && !pgw_ssl_mode_parse(o->sslmode, &ssl_mode))
        return drv_error(h, "08001", "Invalid SSLMode value '%s' (use disable, allow, "
                         "prefer, require, verify-ca or verify-full)", o->sslmode);

    s->fetch_size = DEFAULT_FETCH_SIZE;
    if (o->fetch_size != NULL) {
        if (parse_int(o->fetch_size, 1, INT_MAX, &v))
            s->fetch_size = (int)v;
        else
            warn = drv_error(h, "01S00", "Invalid FetchSize value '%s'; using %d",
                             o->fetch_size, DEFAULT_FETCH_SIZE);
    }

    /* how types are presented (README "Types"); bad values: 01S00, default */
    s->text_size = DRV_DEFAULT_TEXT_SIZE;
    if (o->text_size != NULL) {
        if (parse_int(o->text_size, 1, DRV_MAX_COLUMN_SIZE, &v))
            s->text_size = (SQLULEN)v;
        else if (parse_int(o->text_size, 1, LONG_MAX, &v)) {
            /* CrateDB's guide suggests 1073741824 for psqlODBC's
             * MaxVarcharSize: take the largest size a client can hold */
            s->text_size = DRV_MAX_COLUMN_SIZE;
            warn = drv_error(h, "01S00", "TextSize %s is larger than %d, the largest column "
                             "size whose length in bytes (4 a character) a client can hold in "
                             "an int; using %d", o->text_size, DRV_MAX_COLUMN_SIZE,
                             DRV_MAX_COLUMN_SIZE);
        } else
            warn = drv_error(h, "01S00", "Invalid TextSize value '%s'; using %d",
                             o->text_size, DRV_DEFAULT_TEXT_SIZE);
    }
    s->long_text = false;
    s->arrays_as_pg = false;
    s->point_as_pg = false;
    s->binary_results = true;
    bool load_balance = false, discover_nodes = false;   /* README: off by default */
    s->auto_reconnect = false;
    const struct {
        const char *keyword, *value;
        const char *on, *off;        /* the two accepted values */
        bool *flag;
    } choices[] = {
        { "LongText", o->long_text, "1", "0", &s->long_text },
        { "ArrayFormat", o->array_format, "pg", "json", &s->arrays_as_pg },
        { "GeoPointFormat", o->geo_point_format, "pg", "wkt", &s->point_as_pg },
        { "BinaryResults", o->binary_results, "1", "0", &s->binary_results },
        { "LoadBalanceHosts", o->load_balance_hosts, "1", "0", &load_balance },
        { "DiscoverNodes", o->discover_nodes, "1", "0", &discover_nodes },
        { "AutoReconnect", o->auto_reconnect, "1", "0", &s->auto_reconnect },
    };
    for (size_t i = 0; i < sizeof choices / sizeof choices[0]; i++) {
        const char *val = choices[i].value;
        if (val == NULL || val[0] == '\0')
            continue;
        bool yes_no = strcmp(choices[i].on, "1") == 0;
        if (strcasecmp(val, choices[i].on) == 0 || (yes_no && is_word(val, truthy)))
            *choices[i].flag = true;
        else if (strcasecmp(val, choices[i].off) == 0 || (yes_no && is_word(val, falsy)))
            *choices[i].flag = false;
        else
            warn = drv_error(h, "01S00", "Invalid %s value '%s' (use %s or %s); ignored",
                             choices[i].keyword, val, choices[i].on, choices[i].off);
    }

    /* SQL_ATTR_LOGIN_TIMEOUT, when set, wins over the LoginTimeout keyword */
    unsigned long login_secs = login_timeout;
    if (login_secs == 0 && o->login_timeout != NULL) {
        if (parse_int(o->login_timeout, 0, INT_MAX, &v))
            login_secs = (unsigned long)v;
        else
            warn = drv_error(h, "01S00", "Invalid LoginTimeout value '%s'; ignored",
                             o->login_timeout);
    }

    /* dead-peer detection; KeepaliveTime=0 turns it off (the system's defaults) */
    const struct {
        const char *keyword, *value;
        long min, max, def;   /* Linux: at most 32767 s, 127 probes */
    } keepalive[] = {
        { "KeepaliveTime", o->keepalive_time, 0, 32767, DEFAULT_KEEPALIVE_TIME },
        { "KeepaliveInterval", o->keepalive_interval, 1, 32767, DEFAULT_KEEPALIVE_INTERVAL },
        { "KeepaliveCount", o->keepalive_count, 1, 127, DEFAULT_KEEPALIVE_COUNT },
    };
    long ka[3];
    for (size_t i = 0; i < sizeof keepalive / sizeof keepalive[0]; i++) {
        ka[i] = keepalive[i].def;
        const char *val = keepalive[i].value;
        if (val == NULL || val[0] == '\0')
            continue;
        if (parse_int(val, keepalive[i].min, keepalive[i].max, &v))
            ka[i] = v;
        else
            warn = drv_error(h, "01S00", "Invalid %s value '%s'; using %ld",
                             keepalive[i].keyword, val, keepalive[i].def);
    }

    s->params = (pgw_connect_params){
        .hosts = (o->server && o->server[0]) ? o->server : DEFAULT_HOST,
        .load_balance = load_balance,
        .discover_nodes = discover_nodes,
        .default_port = (int)port,
        .user = (o->uid && o->uid[0]) ? o->uid : DEFAULT_USER,
        .password = o->pwd,
        .database = (o->database && o->database[0]) ? o->database : NULL,
        .application_name = o->application_name ? o->application_name : DEFAULT_APPNAME,
        .options = (o->options && o->options[0]) ? o->options : NULL,
        .connect_timeout_ms = secs_to_ms(login_secs),
        .io_timeout_ms = secs_to_ms(connection_timeout),
        .ssl_mode = ssl_mode,
        .ssl_root_cert = o->ssl_root_cert,
        .ssl_cert = o->ssl_cert,
        .ssl_key = o->ssl_key,
        .ssl_crl = o->ssl_crl,
        .keepalive_idle_s = (int)ka[0],
        .keepalive_interval_s = (int)ka[1],
        .keepalive_count = (int)ka[2],
    };
    return warn;
}

/* Connects with dbc->opts (complete: string + odbc.ini merged), recording
 * diagnostics on h. On success dbc->conn is the new connection (an old one,
 * broken, is freed). */
static SQLRETURN do_connect(drv_dbc *dbc, drv_hdr *h)
{
    drv_conn_settings s;
    SQLRETURN warn = drv_conn_settings_resolve(h, &dbc->opts, dbc->login_timeout,
                                               dbc->connection_timeout, &s);
    if (warn == SQL_ERROR)
        return warn;
    pgw_conn *c = pgw_conn_new();
    if (c == NULL)
        return drv_nomem(h);
    if (drv_log_conn_configure(dbc, c) != SQL_SUCCESS)
        warn = SQL_SUCCESS_WITH_INFO;
    pgw_status st = pgw_connect(c, &s.params);
    if (st == PGW_OK && s.params.discover_nodes) {
        drv_discover_nodes(c, &s.params);
        /* a node lost during discovery costs one more connect, never the
         * connection (the next host of the list takes over) */
        if (!pgw_is_connected(c))
            st = pgw_connect(c, &s.params);
    }
    if (st != PGW_OK) {
        SQLRETURN rc = drv_error_pgw(h, c, st);
        pgw_conn_free(c);
        return rc == SQL_SUCCESS ? SQL_ERROR : rc;
    }
    pgw_conn_free(dbc->conn);
    dbc->conn = c;
    dbc->session_changed[0] = '\0';
    dbc->fetch_size = s.fetch_size;
    dbc->text_size = s.text_size;
    dbc->long_text = s.long_text;
    dbc->arrays_as_pg = s.arrays_as_pg;
    dbc->point_as_pg = s.point_as_pg;
    dbc->binary_results = s.binary_results;
    dbc->auto_reconnect = s.auto_reconnect;
    dbc->portal_owner = NULL;
    drv_log_connected(dbc);
    return warn;
}

SQLRETURN drv_connect_again(drv_dbc *dbc, drv_hdr *h)
{
    /* the host that was lost goes last (hosts.h), so the new connection
     * prefers the others even without LoadBalanceHosts */
    if (dbc->conn != NULL)
        pgw_conn_host_failed(dbc->conn);
    return do_connect(dbc, h);
}

SQLRETURN drv_connect(drv_dbc *dbc, const char *dsn, const char *uid, const char *pwd)
{
    if (dbc->conn != NULL)
        return drv_error(&dbc->hdr, "08002", "Connection name in use");
    drv_conn_opts_free(&dbc->opts);
    drv_conn_opts *o = &dbc->opts;

    if (dsn != NULL && dsn[0] != '\0' && (o->dsn = strdup(dsn)) == NULL)
        goto nomem;
    /* an explicit non-empty UID/PWD wins over odbc.ini; "" means "from the DSN" */
    if (uid != NULL && uid[0] != '\0' && (o->uid = strdup(uid)) == NULL)
        goto nomem;
    if (pwd != NULL && pwd[0] != '\0' && (o->pwd = strdup(pwd)) == NULL)
        goto nomem;
    drv_conn_opts_from_dsn(o, o->dsn ? o->dsn : "DEFAULT");

    SQLRETURN rc = do_connect(dbc, &dbc->hdr);
    if (!SQL_SUCCEEDED(rc))
        drv_conn_opts_free(o);
    return rc;

nomem:
    drv_conn_opts_free(o);
    return drv_nomem(&dbc->hdr);
}

/* Shows the connection dialog for dbc->opts (prompt.c). SQL_SUCCESS when
 * the user confirmed (*shown) or there is no dialog here (!*shown),
 * SQL_NO_DATA when cancelled, SQL_ERROR (recorded) when it failed. */
static SQLRETURN ask_user(drv_dbc *dbc, SQLHWND hwnd, SQLUSMALLINT completion, unsigned needed,
                          const char *why, bool *shown)
{
    *shown = false;
    switch (drv_prompt(&dbc->hdr, hwnd, &dbc->opts, drv_prompt_editable(completion, needed),
                       why)) {
    case DRV_PROMPT_OK:
        *shown = true;
        return SQL_SUCCESS;
    case DRV_PROMPT_NO_UI:
        return SQL_SUCCESS;
    case DRV_PROMPT_CANCEL:
        return SQL_NO_DATA;
    default:
        return SQL_ERROR;
    }
}

/* Connects with dbc->opts, asking the user first or after a failed login
 * when the completion mode says so (see the file comment). */
static SQLRETURN connect_completing(drv_dbc *dbc, SQLHWND hwnd, SQLUSMALLINT completion)
{
    bool may_prompt = hwnd != NULL && completion != SQL_DRIVER_NOPROMPT;
    bool shown = false;
    SQLRETURN rc;
    unsigned needed = drv_prompt_missing(&dbc->opts);
    if (may_prompt && (completion == SQL_DRIVER_PROMPT || needed != 0)) {
        rc = ask_user(dbc, hwnd, completion, needed,
                      needed ? "No server given: enter the server to connect to." : NULL,
                      &shown);
        if (rc != SQL_SUCCESS)
            return rc;
    }
    rc = do_connect(dbc, &dbc->hdr);
    if (SQL_SUCCEEDED(rc) || !may_prompt || shown)
        return rc;
    needed = drv_prompt_fixable(&dbc->hdr, &dbc->opts);
    if (needed == 0)
        return rc;
    /* the failure is the dialog's status line, and goes once it is answered */
    const drv_diag_rec *failure = &dbc->hdr.diag.recs[dbc->hdr.diag.count - 1];
    char why[600];
    snprintf(why, sizeof why, "%s: %s", failure->sqlstate, failure->message);
    SQLRETURN ask = ask_user(dbc, hwnd, completion, needed, why, &shown);
    if (ask == SQL_ERROR)
        return ask;
    if (!shown && ask == SQL_SUCCESS)
        return rc;      /* no dialog here: the failure stands */
    drv_diag_clear(&dbc->hdr);
    return ask == SQL_NO_DATA ? ask : do_connect(dbc, &dbc->hdr);
}

SQLRETURN drv_driver_connect(drv_dbc *dbc, SQLHWND hwnd, const char *connstr,
                             const drv_strout *out, SQLSMALLINT *outlen,
                             SQLUSMALLINT completion)
{
    switch (completion) {
    case SQL_DRIVER_NOPROMPT:
    case SQL_DRIVER_COMPLETE:
    case SQL_DRIVER_COMPLETE_REQUIRED:
    case SQL_DRIVER_PROMPT:
        break;
    default:
        return drv_error(&dbc->hdr, "HY110", "Invalid driver completion %u", completion);
    }
    if (dbc->conn != NULL)
        return drv_error(&dbc->hdr, "08002", "Connection name in use");
    if (connstr == NULL)
        connstr = "";

    drv_conn_opts_free(&dbc->opts);
    drv_conn_opts *o = &dbc->opts;
    char err[256];
    if (!drv_connstr_parse(connstr, strlen(connstr), o, err, sizeof err)) {
        drv_conn_opts_free(o);
        if (strcmp(err, "Out of memory") == 0)
            return drv_nomem(&dbc->hdr);
        return drv_error(&dbc->hdr, "HY000", "Invalid connection string: %s", err);
    }
    /* no DSN and no DRIVER: the DEFAULT data source, as the spec says */
    if (o->dsn != NULL)
        drv_conn_opts_from_dsn(o, o->dsn);
    else if (o->driver == NULL)
        drv_conn_opts_from_dsn(o, "DEFAULT");

    SQLRETURN rc = connect_completing(dbc, hwnd, completion);
    if (!SQL_SUCCEEDED(rc)) {
        drv_conn_opts_free(o);
        return rc;
    }

    char *full = drv_connstr_build(o);
    if (full == NULL) {
        /* connected, but the completed string cannot be returned */
        drv_disconnect(dbc);
        return drv_nomem(&dbc->hdr);
    }
    SQLRETURN orc = drv_strout_put_small(&dbc->hdr, out, full, strlen(full), outlen);
    free(full);
    if (!SQL_SUCCEEDED(orc)) {
        drv_disconnect(dbc);
        return orc;
    }
    return (rc == SQL_SUCCESS && orc == SQL_SUCCESS) ? SQL_SUCCESS : SQL_SUCCESS_WITH_INFO;
}

/* Frees the statements (the ODBC spec: SQLDisconnect frees those still
 * allocated; unixODBC frees the driver's dbc right after without calling
 * SQLFreeHandle on them), then closes the connection. */
SQLRETURN drv_disconnect(drv_dbc *dbc)
{
    SQLRETURN rc = drv_dbc_require_connected(dbc);
    if (!SQL_SUCCEEDED(rc))
        return rc;
    while (dbc->stmts != NULL)
        drv_stmt_free(dbc->stmts);
    while (dbc->descs != NULL)   /* explicit descriptors go with the connection */
        drv_desc_free(dbc->descs);
    dbc->portal_owner = NULL;
    drv_txn_reset(dbc);
    drv_log_disconnected(dbc);
    pgw_conn_free(dbc->conn);
    dbc->conn = NULL;
    drv_conn_opts_free(&dbc->opts);
    return SQL_SUCCESS;
}
