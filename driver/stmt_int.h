/*
 * stmt_int.h: declarations shared by the statement-side modules only
 * (exec.c, fetch.c, params.c, describe.c, convert.c, types.c) and their unit
 * tests. The contracts with the rest of the driver stay in drv.h.
 */
#ifndef DRV_STMT_INT_H
#define DRV_STMT_INT_H

#include "drv.h"
#include "sqlscan.h"

/* types.c: the whole OID table, sorted by OID (for tests). */
const drv_type_info *drv_type_table(size_t *n);

/* describe.c: makes sure stmt->res has the column description of the
 * statement (runs pgw_prepare for a prepared, not yet executed statement).
 * HY010 when there is no statement. */
SQLRETURN drv_stmt_need_desc(drv_stmt *stmt);

/* describe.c: what the application is told about a value of wire type
 * `oid` without a declaration (a parameter): drv_type_meta_of's answer in
 * *m, and the SQL type to report (ODBC 2 codes for ODBC 2 applications).
 * One rule for columns and parameters. */
SQLSMALLINT drv_type_presented(const drv_stmt *stmt, uint32_t oid, drv_type_meta *m);

/* exec.c: runs Parse + Describe for a prepared statement (one round trip),
 * filling the column and the parameter description. */
SQLRETURN drv_stmt_describe_prepared(drv_stmt *stmt);

/* Keeps the parameter types the server gave the statement's Parse (n of
 * them) as stmt->param_oids; false (and nothing kept) on out of memory. */
bool drv_stmt_keep_param_types(drv_stmt *stmt, const uint32_t *oids, int n);

/* convert.c: strtod in the "C" locale (the app may have set LC_NUMERIC).
 * s[0..n) need not be NUL-terminated; false when it is not a whole number. */
bool drv_parse_double(const char *s, size_t n, double *out);

/* convert.c: NULL when values convert to c_type (for some source), else the
 * SQLSTATE to report: HY003 unknown C type, 07006 unsupported (intervals). */
const char *drv_c_type_check(SQLSMALLINT c_type);

/* params.c: parameter sets (see there). */
struct drv_arena;
struct drv_pc_out;
SQLRETURN drv_params_check(drv_stmt *stmt, bool named);
SQLRETURN drv_params_row(drv_stmt *stmt, SQLULEN row, struct drv_arena *a,
                         struct drv_pc_out *outs);
bool drv_param_row_skipped(const drv_stmt *stmt, SQLULEN row);

/* exec.c: runs the statement once SQLParamData has every value (`named`:
 * the prepared statement, else the SQLExecDirect text). */
SQLRETURN drv_exec_after_dae(drv_stmt *stmt, bool named);
/* exec.c: forgets the current result (rows, description); no traffic. */
void drv_stmt_reset_result(drv_stmt *stmt);

/* batch.c: runs the APD's array_size parameter sets as pipelined batches;
 * `name`/`parse` as for a single run. Sets the status/processed arrays and
 * the row count; SQL_SUCCESS_WITH_INFO when some sets failed. */
SQLRETURN drv_run_array(drv_stmt *stmt, const char *name, bool parse);

/* exec.c: runs one parameter set whose Bind values (stmt->nmarkers) are at
 * hand, into the statement's portal, and makes its answer the current
 * result (a static cursor reads its rows). `parse` sends stmt->sql for
 * Parse into `name` first. On failure the error is recorded and the
 * statement is back in prepared or allocated. */
SQLRETURN drv_exec_set(drv_stmt *stmt, const char *name, bool parse, const pgw_param *params);
/* exec.c: closes the current result (queues its portal's Close); the later
 * results of a parameter array stay. */
void drv_stmt_close_result(drv_stmt *stmt);

/* array_results.c: parameter arrays on a statement that returns rows, one
 * result per set (see there). drv_sql_returns_rows: whether the SQL text
 * (as sent) returns rows, from its first keyword (SELECT, WITH, VALUES,
 * SHOW, EXPLAIN, TABLE, FETCH) or a RETURNING clause, outside strings,
 * quoted names and comments. drv_run_array_results runs the first set that
 * gives a result; drv_array_results_next (SQLMoreResults) closes the current
 * result and runs the next (SQL_NO_DATA after the last); _free forgets the
 * sets not reached (they stay SQL_PARAM_UNUSED). */
typedef struct drv_aset drv_aset;
bool drv_sql_returns_rows(const char *sql);
SQLRETURN drv_run_array_results(drv_stmt *stmt, const char *name, bool parse);
SQLRETURN drv_array_results_next(drv_stmt *stmt);
void drv_array_results_free(drv_stmt *stmt);

/* convert.c: bytes a fixed-size C type writes (SQL_C_LONG: 4 ...); 0 for the
 * variable-length ones (char, wchar, binary) and unknown types. */
size_t drv_c_type_size(SQLSMALLINT c_type);

/* updatable.c: updatable static cursors (see there). drv_upd_prepare
 * decides at execution whether sql (the text to send) can serve an
 * updatable cursor: *out gets the text with the hidden key and version
 * columns (owned by the caller), or NULL with 01S02 and the concurrency
 * back to SQL_CONCUR_READ_ONLY. drv_upd_opened maps the result's visible
 * columns to table columns once the rows are in. drv_upd_rows runs
 * SQL_UPDATE / SQL_DELETE / SQL_REFRESH on rowset rows [from, to), or
 * SQL_ADD (SQLSetPos's, ODBC 2) on buffer rows [from, to),
 * honouring SQL_ATTR_ROW_OPERATION_PTR, each row's status into status. */
typedef struct drv_upd drv_upd;
SQLRETURN drv_upd_prepare(drv_stmt *stmt, const char *sql, char **out);
SQLRETURN drv_upd_opened(drv_stmt *stmt);
void drv_upd_free(drv_stmt *stmt);
SQLRETURN drv_upd_rows(drv_stmt *stmt, size_t from, size_t to, SQLUSMALLINT op,
                       SQLUSMALLINT *status);
/* One SQL_UPDATE/SQL_DELETE (by bookmark) of res row `row` with the values
 * of buffer row i; SQL_ADD of buffer row i (an INSERT). */
SQLRETURN drv_upd_one(drv_stmt *stmt, size_t i, size_t row, SQLUSMALLINT op,
                      SQLUSMALLINT *status);
SQLRETURN drv_upd_add(drv_stmt *stmt, size_t i, SQLUSMALLINT *status);
/* Positioned UPDATE/DELETE ... WHERE CURRENT OF <cursor> (updatable.c):
 * drv_positioned recognises one in sql (whose own markers are $1..$nmarkers)
 * and fills *out with the text to send and the parameters to append (their
 * bytes borrowed from the cursor's row); out->sql NULL when sql is not one.
 * 34000 unknown cursor, 24000 not on a row. drv_positioned_done takes the
 * count of rows changed: 01001 unless it is 1; the cursor's row is re-read. */
typedef struct drv_positioned_req {
    char *sql;                     /* owned by the caller (free)          */
    pgw_param *params;             /* nparams, owned (free)                */
    int nparams;
    drv_stmt *cursor;
} drv_positioned_req;
SQLRETURN drv_positioned(drv_stmt *stmt, const char *sql, int nmarkers,
                         drv_positioned_req *out);
SQLRETURN drv_positioned_done(drv_stmt *stmt, const drv_positioned_req *req, int64_t changed);
/* For describing a positioned statement before it runs (SQLDescribeParam,
 * SQLNumResultCols): *out is its text with the clause as WHERE false (the
 * same parameters, a text any server takes), malloc'd; NULL for any other. */
SQLRETURN drv_positioned_describable(drv_stmt *stmt, const char *sql, char **out);
/* The columns the application sees (the hidden ones left out). */
int drv_visible_cols(const drv_stmt *stmt);
/* Value (row, col) as the cursor has it now (after its own update or
 * refresh), and the status a fetch reports for the row. */
pgw_value drv_upd_value(const drv_stmt *stmt, size_t row, int col);
SQLUSMALLINT drv_upd_row_status(const drv_stmt *stmt, size_t row);
static inline pgw_value drv_row_value(const drv_stmt *stmt, size_t row, int col)
{
    return stmt->upd ? drv_upd_value(stmt, row, col) : pgw_result_value(&stmt->res, row, col);
}

/* fetch.c: forgets the cursor position (a new result or none). */
void drv_cursor_reset(drv_stmt *stmt);
/* fetch.c: pgw_fetch_more dropped the first n rows of stmt->res (its
 * keep_from, on success and failure alike): renumbers the cursor; a current
 * row among them is no longer current. */
void drv_cursor_rows_dropped(drv_stmt *stmt, size_t n);

/* timeout.c: brackets one request of `stmt` that waits on the server. start
 * marks the statement busy (SQLCancel may interrupt it) and, with
 * SQL_ATTR_QUERY_TIMEOUT set, starts a timer thread that sends a
 * CancelRequest when the time runs out. stop ends both; true when the
 * timer fired. drv_timer_error records the failure of the request: HYT00
 * after the timer fired, HY008 after SQLCancel, else the pgw error. */
typedef struct drv_timer {
    pthread_t th;
    bool running;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    bool done;
    atomic_bool fired;           /* also read without mu, between requests */
    pgw_conn *conn;
    pgw_cancel_key *key;         /* a reference while the request runs */
    uint64_t target;             /* the request (pgw_cancel_arm) */
    SQLULEN secs;
} drv_timer;
void drv_timer_start(drv_timer *t, drv_stmt *stmt);
bool drv_timer_stop(drv_timer *t, drv_stmt *stmt);
SQLRETURN drv_timer_error(drv_stmt *stmt, bool fired, pgw_conn *c, pgw_status st);

/* While one call sends a long request (the sets of a parameter array):
 * true once SQLCancel was called or the timer fired, so nothing more goes
 * out. Cheap enough to ask per set. drv_timer_interrupted_error records
 * HY008 or HYT00 for it. */
bool drv_timer_interrupted(drv_timer *t, drv_stmt *stmt);
SQLRETURN drv_timer_interrupted_error(drv_timer *t, drv_stmt *stmt);

#endif
