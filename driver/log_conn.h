/* log_conn.h: the driver's side of the log (log_conn.c): handles to log
 * targets, per-call lines for api_log.c, connection lines, diagnostics. */
#ifndef DRV_LOG_CONN_H
#define DRV_LOG_CONN_H

#include "drv.h"

/* The log target of a handle (the environment's, its connection's); kind
 * names the handle for the line ("env", "dbc", "stmt", "desc"). */
drv_log_target drv_log_hdr_target(drv_hdr *h, const char **kind);

/* One logged call (api_log.c): formatted arguments, start time. */
typedef struct drv_log_call {
    drv_log_target t;
    const char *kind;
    const void *handle;
    uint64_t start_us;
    drv_log_states states;
    char args[1024];
} drv_log_call;

/* A handle type of its own for SQLCancel (api_calls.h). */
#define DRV_LOG_LIVE_STMT (-1)

/* The type of the handle SQLAllocHandle's InputHandle is for `type` (0 for
 * an environment: no input handle). */
int drv_log_parent_type(int type);
/* False when the handle's level is below debug (nothing else to do). */
bool drv_log_call_begin(drv_log_call *c, int type, SQLHANDLE h);
void drv_log_call_args(drv_log_call *c, const char *fmt, ...)
    PGW_PRINTF(2, 3);
/* Appends to the arguments (what a call handed back). */
void drv_log_call_more(drv_log_call *c, const char *fmt, ...)
    PGW_PRINTF(2, 3);
SQLRETURN drv_log_call_end(drv_log_call *c, SQLRETURN rc);
void drv_log_connect_begin(drv_log_call *c);
SQLRETURN drv_log_connect_end(drv_log_call *c, SQLHANDLE h, SQLRETURN rc);
const char *drv_log_rc_name(SQLRETURN rc);

/* diag.c: a record was added to h (the call's SQLSTATEs; error/info lines). */
void drv_log_diag(drv_hdr *h, const char *sqlstate, const char *msg);

/* connect.c: reads LogLevel/LogFile/LogParams for dbc (opts merged) and
 * hooks c's protocol log; 01S00/01000 warnings, never an error. */
SQLRETURN drv_log_conn_configure(drv_dbc *dbc, pgw_conn *c);
void drv_log_connected(drv_dbc *dbc);
void drv_log_disconnected(drv_dbc *dbc);

#endif
