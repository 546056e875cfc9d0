/*
 * log_conn.c: which handle logs where, and what the driver logs about a
 * connection: the settings read at connect (LogLevel, LogFile, LogParams),
 * the protocol hook's lines, connection start and end, diagnostics, and
 * the per-call lines api_log.c asks for. log.c does the writing.
 *
 * Precedence (README "Logging"): CRATEDB_ODBC_LOGLEVEL in the environment
 * overrides everything; else the connection string, then the DSN (both
 * already merged into dbc->opts, connection string first), then the
 * driver's section of odbcinst.ini. A log file that cannot be opened is a
 * warning (01000) and no log for that connection: the connection itself
 * never fails because of its log.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "drv.h"   /* the ODBC headers, windows.h first on Windows */
#include "log_conn.h"

#include <odbcinst.h>

/* ------------------------------------------------------------ handle -> target */

static drv_log_target dbc_target(drv_dbc *dbc)
{
    bool env;
    drv_log_target t = drv_log_env_target(&env);
    if (env)
        return t;
    t.level = (drv_log_level)atomic_load_explicit(&dbc->log_level, memory_order_relaxed);
    t.sink = atomic_load_explicit(&dbc->log_sink, memory_order_relaxed);
    t.params = atomic_load_explicit(&dbc->log_params, memory_order_relaxed);
    return t;
}

drv_log_target drv_log_hdr_target(drv_hdr *h, const char **kind)
{
    switch (h->kind) {
    case DRV_DBC:
        *kind = "dbc";
        return dbc_target((drv_dbc *)h);
    case DRV_STMT:
        *kind = "stmt";
        return dbc_target(((drv_stmt *)h)->dbc);
    case DRV_DESC:
        *kind = "desc";
        return dbc_target(((drv_desc *)h)->dbc);
    default:
        *kind = "env";
        return drv_log_env_target(NULL);
    }
}

/* The handle `h` of ODBC type `type`, checked; NULL when it is not one. */
static drv_hdr *checked(int type, SQLHANDLE h)
{
    switch (type) {
    case SQL_HANDLE_ENV: return (drv_hdr *)drv_env_check(h);
    case SQL_HANDLE_DBC: return (drv_hdr *)drv_dbc_check(h);
    case SQL_HANDLE_STMT: return (drv_hdr *)drv_stmt_check(h);
    case SQL_HANDLE_DESC: return (drv_hdr *)drv_desc_check(h);
    default: return NULL;
    }
}

int drv_log_parent_type(int type)
{
    switch (type) {
    case SQL_HANDLE_DBC: return SQL_HANDLE_ENV;
    case SQL_HANDLE_STMT:
    case SQL_HANDLE_DESC: return SQL_HANDLE_DBC;
    default: return 0;    /* an environment has no parent: the process's log */
    }
}

/* Under the live list's lock the statement and its connection exist (a
 * disconnect frees the statements, which leave the list, before the dbc). */
static void live_target(drv_stmt *stmt, void *arg)
{
    drv_log_call *c = arg;
    c->t = dbc_target(stmt->dbc);
}

static void call_target(drv_log_call *c, int type, SQLHANDLE h)
{
    c->handle = h;
    if (type == DRV_LOG_LIVE_STMT) {
        c->kind = "stmt";
        if (!drv_stmt_live_with(h, live_target, c)) {
            c->kind = "handle";
            c->t = drv_log_env_target(NULL);
        }
        return;
    }
    drv_hdr *hdr = checked(type, h);
    if (hdr != NULL)
        c->t = drv_log_hdr_target(hdr, &c->kind);
    else {
        c->kind = "handle";
        c->t = drv_log_env_target(NULL);
    }
}

bool drv_log_call_begin(drv_log_call *c, int type, SQLHANDLE h)
{
    call_target(c, type, h);
    if (c->t.level < DRV_LOG_DEBUG)
        return false;
    c->args[0] = '\0';
    c->start_us = drv_log_os_now_us();
    drv_log_collect_begin(&c->states);
    return true;
}

void drv_log_call_args(drv_log_call *c, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(c->args, sizeof c->args, fmt, ap);
    va_end(ap);
}

void drv_log_call_more(drv_log_call *c, const char *fmt, ...)
{
    size_t n = strlen(c->args);
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(c->args + n, sizeof c->args - n, fmt, ap);
    va_end(ap);
}

static const struct {
    SQLRETURN rc;
    const char *name;
} rc_names[] = {
    { SQL_SUCCESS, "SQL_SUCCESS" },
    { SQL_SUCCESS_WITH_INFO, "SQL_SUCCESS_WITH_INFO" },
    { SQL_ERROR, "SQL_ERROR" },
    { SQL_INVALID_HANDLE, "SQL_INVALID_HANDLE" },
    { SQL_NO_DATA, "SQL_NO_DATA" },
    { SQL_NEED_DATA, "SQL_NEED_DATA" },
    { SQL_STILL_EXECUTING, "SQL_STILL_EXECUTING" },
#ifdef SQL_PARAM_DATA_AVAILABLE
    { SQL_PARAM_DATA_AVAILABLE, "SQL_PARAM_DATA_AVAILABLE" },
#endif
};

const char *drv_log_rc_name(SQLRETURN rc)
{
    for (size_t i = 0; i < sizeof rc_names / sizeof rc_names[0]; i++)
        if (rc_names[i].rc == rc)
            return rc_names[i].name;
    return "SQL_?";
}

static void call_line(drv_log_call *c, SQLRETURN rc)
{
    char states[64] = "";
    drv_log_collect_end(&c->states, states, sizeof states);
    if (c->t.level < DRV_LOG_DEBUG)
        return;
    uint64_t us = drv_log_os_now_us() - c->start_us;
    drv_log_write(&c->t, DRV_LOG_DEBUG, c->kind, c->handle, "%s -> %s%s %lluus", c->args,
                  drv_log_rc_name(rc), states, (unsigned long long)us);
}

SQLRETURN drv_log_call_end(drv_log_call *c, SQLRETURN rc)
{
    call_line(c, rc);
    return rc;
}

/* A connect call learns its log level while it runs: begin regardless,
 * decide at the end with the connection's new settings (the dbc outlives
 * the call). */
void drv_log_connect_begin(drv_log_call *c)
{
    c->args[0] = '\0';
    c->start_us = drv_log_os_now_us();
    drv_log_collect_begin(&c->states);
}

SQLRETURN drv_log_connect_end(drv_log_call *c, SQLHANDLE h, SQLRETURN rc)
{
    call_target(c, SQL_HANDLE_DBC, h);
    call_line(c, rc);
    return rc;
}

/* ------------------------------------------------------------ diagnostics */

void drv_log_diag(drv_hdr *h, const char *sqlstate, const char *msg)
{
    drv_log_note_state(sqlstate);
    if (atomic_load_explicit(&drv_log_max, memory_order_relaxed) < DRV_LOG_ERROR)
        return;
    const char *kind;
    drv_log_target t = drv_log_hdr_target(h, &kind);
    bool warning = sqlstate[0] == '0' && sqlstate[1] == '1';
    drv_log_write(&t, warning ? DRV_LOG_INFO : DRV_LOG_ERROR, kind, h, "%s %s %s",
                  warning ? "warning" : "error", sqlstate, msg ? msg : "");
}

/* ------------------------------------------------------------ the protocol hook */

/* Message names by type byte, for trace lines (PostgreSQL's protocol
 * documentation, "Message Formats"). Frontend and backend share some bytes
 * with different meanings, hence two tables. */
static const struct msg_name {
    char type;
    const char *name;
} sent_names[] = {
    { 'Q', "Query" }, { 'P', "Parse" }, { 'B', "Bind" }, { 'D', "Describe" },
    { 'E', "Execute" }, { 'S', "Sync" }, { 'H', "Flush" }, { 'C', "Close" },
    { 'X', "Terminate" }, { 'p', "PasswordMessage" }, { 'd', "CopyData" },
    { 'c', "CopyDone" }, { 'f', "CopyFail" }, { 'F', "FunctionCall" },
}, recv_names[] = {
    { 'R', "Authentication" }, { 'S', "ParameterStatus" }, { 'K', "BackendKeyData" },
    { 'Z', "ReadyForQuery" }, { 'T', "RowDescription" }, { 'D', "DataRow" },
    { 'C', "CommandComplete" }, { 'E', "ErrorResponse" }, { 'N', "NoticeResponse" },
    { '1', "ParseComplete" }, { '2', "BindComplete" }, { '3', "CloseComplete" },
    { 't', "ParameterDescription" }, { 'n', "NoData" }, { 's', "PortalSuspended" },
    { 'I', "EmptyQueryResponse" }, { 'A', "NotificationResponse" },
    { 'v', "NegotiateProtocolVersion" }, { 'G', "CopyInResponse" },
    { 'H', "CopyOutResponse" }, { 'W', "CopyBothResponse" }, { 'd', "CopyData" },
    { 'c', "CopyDone" }, { 'V', "FunctionCallResponse" },
};

static const char *msg_name(const struct msg_name *tab, size_t n, char type)
{
    for (size_t i = 0; i < n; i++)
        if (tab[i].type == type)
            return tab[i].name;
    return "?";
}

#define PARAM_SHOWN 256   /* bytes of a parameter value a line shows */

static void hook(void *ctx, const pgw_log_rec *r)
{
    drv_dbc *dbc = ctx;
    drv_log_target t = dbc_target(dbc);
    switch (r->ev) {
    case PGW_EV_SEND:
        if (r->type == 0)
            drv_log_write(&t, DRV_LOG_TRACE, "dbc", dbc, "send %s len=%zu",
                          r->len == 8 ? "SSLRequest" : "StartupMessage", r->len);
        else
            drv_log_write(&t, DRV_LOG_TRACE, "dbc", dbc, "send %c %s len=%zu", r->type,
                          msg_name(sent_names, sizeof sent_names / sizeof sent_names[0],
                                   r->type), r->len);
        break;
    case PGW_EV_RECV:
        drv_log_write(&t, DRV_LOG_TRACE, "dbc", dbc, "recv %c %s len=%zu", r->type,
                      msg_name(recv_names, sizeof recv_names / sizeof recv_names[0], r->type),
                      r->len);
        break;
    case PGW_EV_SQL: {
        char sql[3072];
        drv_log_redact_sql(r->text, r->len, sql, sizeof sql);
        drv_log_write(&t, DRV_LOG_DEBUG, "dbc", dbc, "sql (%d parameters): %s", r->index, sql);
        break;
    }
    case PGW_EV_PARAM:
        if (!t.params)
            break;
        if (r->text == NULL)
            drv_log_write(&t, DRV_LOG_DEBUG, "dbc", dbc, "parameter %d: NULL", r->index);
        else if (r->binary)
            drv_log_write(&t, DRV_LOG_DEBUG, "dbc", dbc, "parameter %d: %zu bytes binary",
                          r->index, r->len);
        else
            drv_log_write(&t, DRV_LOG_DEBUG, "dbc", dbc, "parameter %d: '%.*s'%s", r->index,
                          (int)(r->len > PARAM_SHOWN ? PARAM_SHOWN : r->len), r->text,
                          r->len > PARAM_SHOWN ? "..." : "");
        break;
    }
}

/* ------------------------------------------------------------ connect and disconnect */

/* The odbcinst.ini section of the connection's driver: DRIVER= of the
 * connection string, else the DSN's Driver entry; a path is no section. */
static bool driver_section(const drv_conn_opts *o, char *buf, size_t cap)
{
    buf[0] = '\0';
    if (o->driver != NULL)
        snprintf(buf, cap, "%s", o->driver);
    else if (o->dsn != NULL)
        SQLGetPrivateProfileString(o->dsn, "Driver", "", buf, (int)cap, "odbc.ini");
    return buf[0] != '\0' && strchr(buf, '/') == NULL;
}

/* A setting: the option (connection string, then DSN), else the driver's
 * section of odbcinst.ini. */
static const char *setting(const char *opt, const char *section, const char *key, char *buf,
                           size_t cap)
{
    if (opt != NULL && opt[0] != '\0')
        return opt;
    if (section == NULL)
        return NULL;
    if (SQLGetPrivateProfileString(section, key, "", buf, (int)cap, "odbcinst.ini") > 0 &&
        buf[0] != '\0')
        return buf;
    return NULL;
}

SQLRETURN drv_log_conn_configure(drv_dbc *dbc, pgw_conn *c)
{
    const drv_conn_opts *o = &dbc->opts;
    SQLRETURN rc = SQL_SUCCESS;
    char sect[256], lv[32], file[1024], par[8];
    const char *section = driver_section(o, sect, sizeof sect) ? sect : NULL;
    const char *level_s = setting(o->log_level, section, "LogLevel", lv, sizeof lv);
    const char *file_s = setting(o->log_file, section, "LogFile", file, sizeof file);
    const char *par_s = setting(o->log_params, section, "LogParams", par, sizeof par);

    drv_log_level level = DRV_LOG_OFF;
    if (level_s != NULL && !drv_log_level_parse(level_s, &level))
        rc = drv_error(&dbc->hdr, "01S00", "Invalid LogLevel value '%s' (use off, error, "
                       "info, debug or trace); logging stays off", level_s);
    int sink = 0;
    if (level > DRV_LOG_OFF && (sink = drv_log_sink_open(file_s)) < 0) {
        rc = drv_error(&dbc->hdr, "01000", "Cannot open LogFile '%s': %s; logging is off "
                       "for this connection", file_s, strerror(errno));
        level = DRV_LOG_OFF;
        sink = 0;
    }
    atomic_store(&dbc->log_level, (int)level);
    atomic_store(&dbc->log_sink, sink);
    atomic_store(&dbc->log_params, par_s != NULL && strcmp(par_s, "1") == 0);
    drv_log_raise(level);

    drv_log_target t = dbc_target(dbc);
    if (t.level > DRV_LOG_OFF) {
        pgw_log_hook h = { hook, dbc, (int)t.level, t.params };
        pgw_set_log(c, &h);
    }
    if (t.level >= DRV_LOG_DEBUG) {
        char *s = drv_connstr_build(o);
        if (s != NULL) {
            char red[2048];
            drv_log_redact_connstr(s, strlen(s), red, sizeof red);
            size_t n = strlen(s);
            memset(s, 0, n);         /* it held the password */
            free(s);
            drv_log_write(&t, DRV_LOG_DEBUG, "dbc", dbc, "connection options: %s", red);
        }
    }
    return rc;
}

void drv_log_connected(drv_dbc *dbc)
{
    drv_log_target t = dbc_target(dbc);
    if (t.level < DRV_LOG_INFO)
        return;
    pgw_conn *c = dbc->conn;
    const char *ver = NULL, *cipher = NULL;
    bool tls = pgw_tls_info(c, &ver, &cipher);
    const char *sv = pgw_parameter(c, "server_version");
    const char *cv = pgw_parameter(c, "crate_version");
    const char *db = dbc->opts.database;
    drv_log_write(&t, DRV_LOG_INFO, "dbc", dbc,
                  "connected to %s port %d user=%s database=%s tls=%s%s%s server_version=%s%s%s",
                  pgw_connected_host(c), pgw_connected_port(c),
                  dbc->opts.uid ? dbc->opts.uid : "crate", db && db[0] ? db : "(default)",
                  tls ? ver : "off", tls ? " cipher=" : "", tls ? cipher : "",
                  sv ? sv : "?", cv ? " crate_version=" : "", cv ? cv : "");
}

void drv_log_disconnected(drv_dbc *dbc)
{
    drv_log_target t = dbc_target(dbc);
    if (t.level < DRV_LOG_INFO || dbc->conn == NULL)
        return;
    drv_log_write(&t, DRV_LOG_INFO, "dbc", dbc, "disconnected from %s port %d%s",
                  pgw_connected_host(dbc->conn), pgw_connected_port(dbc->conn),
                  pgw_is_connected(dbc->conn) ? "" : " (the connection was already lost)");
}
