/*
 * drv.h: the driver's internal types and the contracts between its modules.
 *
 * Layering: the exported ODBC entry points live in driver/api_*.c. They are
 * thin: validate the handle, take the connection lock, clear diagnostics,
 * convert W strings, call a drv_* function here, release the lock. The
 * drv_* functions speak UTF-8 internally and never see SQLWCHAR; output
 * strings go through drv_strout so one implementation serves both the ANSI
 * and the W entry point.
 *
 * Ownership: an env owns nothing but its list of connections; a dbc owns its
 * pgw_conn and its statements list; a stmt owns its SQL text, its pgw_result
 * and its binding arrays. Each is freed by its drv_*_free in handles.c.
 *
 * Threading: every dbc has a mutex (dbc->lock); every entry point on a dbc or
 * on one of its statements holds it for the call. SQLCancel does not take it
 * (timeout.c says what it takes instead). An env's list of connections and
 * its diagnostics are guarded by env->lock.
 */
#ifndef DRV_H
#define DRV_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "odbc_headers.h"

#include "log.h"
#include "pgw.h"
#include "pgw_thread.h"
#include "pgw_types.h"

/* The implementation of exported entry point `name` (api_*.c); the exported
 * symbol itself is api_log.c's wrapper, which logs the call when asked to. */
#define DRV_API(name) drv_api_##name

/* ------------------------------------------------------------ diagnostics */

typedef struct drv_diag_rec {
    char sqlstate[6];
    SQLINTEGER native;
    char *message;          /* owned, UTF-8, with the "[CrateDB]..." prefix */
    SQLLEN row;             /* SQL_NO_ROW_NUMBER when not row-specific     */
    SQLINTEGER column;      /* SQL_NO_COLUMN_NUMBER when not column-specific */
    bool from_server;       /* class/subclass origin, server name          */
} drv_diag_rec;

typedef struct drv_diag {
    drv_diag_rec *recs;
    int count, cap;
    SQLRETURN retcode;      /* SQL_DIAG_RETURNCODE of the last call        */
} drv_diag;

typedef enum drv_handle_kind {
    DRV_ENV = 0x5e0e1, DRV_DBC = 0x5e0e2, DRV_STMT = 0x5e0e3, DRV_DESC = 0x5e0e4
} drv_handle_kind;

/* The first member of every handle. */
typedef struct drv_hdr {
    drv_handle_kind kind;
    drv_diag diag;
} drv_hdr;

/* diag.c */
void drv_diag_clear(drv_hdr *h);
/* Frees a record list kept apart from its handle (exec.c keeps the failure
 * of a later statement of a multi-statement text until SQLMoreResults). */
void drv_diag_free(drv_diag *d);
/* Appends a record; fmt is printf-style. Returns SQL_ERROR for class
 * other than 01 (warnings), SQL_SUCCESS_WITH_INFO for 01xxx, so callers can
 * write `return drv_error(h, "HY000", "...")`. Out of memory while recording
 * keeps a static HY001 record: never fails. */
SQLRETURN drv_error(drv_hdr *h, const char *sqlstate, const char *fmt, ...)
    PGW_PRINTF(3, 4);
/* Same, with row/column numbers for row-specific diagnostics. */
SQLRETURN drv_error_at(drv_hdr *h, const char *sqlstate, SQLLEN row, SQLINTEGER col,
                       const char *fmt, ...) PGW_PRINTF(5, 6);
/* Records the pgw_conn's last error (server ErrorResponse or local failure)
 * with its SQLSTATE; never shows CrateDB's Java stack (the W field). */
SQLRETURN drv_error_pgw(drv_hdr *h, pgw_conn *c, pgw_status st);
/* A server error that belongs to parameter set `set` (1-based) of an array:
 * drv_error_pgw's record, its text led by "Parameter set N: ", and
 * SQL_DIAG_ROW_NUMBER N. */
SQLRETURN drv_error_server_set(drv_hdr *h, const pgw_error *e, SQLULEN set);
SQLRETURN drv_nomem(drv_hdr *h);   /* HY001 */

/* ------------------------------------------------------------ strings out */

/*
 * Where an entry point writes a string: an ANSI (UTF-8) or a W (UTF-16)
 * buffer, its size in bytes, and whether the length reported back counts
 * bytes or characters (SQLWCHAR units) — the W form counts characters in
 * most functions, bytes in the attribute/info ones.
 */
typedef struct drv_strout {
    void *buf;            /* may be NULL: only the length is wanted        */
    SQLLEN buflen;        /* in bytes                                      */
    bool wide;            /* write UTF-16 (SQLWCHAR)                       */
    bool len_in_bytes;    /* report the length in bytes even when wide     */
} drv_strout;

/* Writes utf8[0..len) NUL-terminated, truncated on a character boundary.
 * *outlen (if non-NULL) gets the full length (characters or bytes, as set).
 * Returns SQL_SUCCESS, or SQL_SUCCESS_WITH_INFO with 01004 on truncation
 * (recorded on h). */
SQLRETURN drv_strout_put(drv_hdr *h, const drv_strout *o, const char *utf8, size_t len,
                         SQLLEN *outlen);
SQLRETURN drv_strout_put_small(drv_hdr *h, const drv_strout *o, const char *utf8, size_t len,
                               SQLSMALLINT *outlen);
SQLRETURN drv_strout_put_int(drv_hdr *h, const drv_strout *o, const char *utf8, size_t len,
                             SQLINTEGER *outlen);

/* unicode.c: SQLWCHAR is UTF-16 (host order) on unixODBC. Conversions use
 * iconv; surrogate pairs survive. */
/* Converts an input string (len SQL_NTS, or a length in characters/bytes as
 * given) to a NUL-terminated malloc'd UTF-8 string; NULL input gives NULL
 * with *out NULL. Returns false on bad input or out of memory. */
bool drv_utf16_to_utf8(const SQLWCHAR *in, SQLLEN len_chars, char **out, size_t *outlen);
bool drv_utf8_to_utf16(const char *in, size_t len, SQLWCHAR **out, size_t *outlen_chars);
/* Counts UTF-16 units the UTF-8 text needs. */
size_t drv_utf16_len(const char *utf8, size_t len);
/* Copies an ANSI input string (SQL_NTS or length) to a malloc'd NUL-terminated one. */
char *drv_strdup_len(const char *s, SQLLEN len);

/* ------------------------------------------------------------ connection options */

/* Every keyword a DSN or a connection string may carry; values owned. */
typedef struct drv_conn_opts {
    char *dsn, *driver, *server, *port, *database, *uid, *pwd;
    char *application_name;
    char *sslmode;         /* SSLMode: disable | allow | prefer | require |
                              verify-ca | verify-full (default prefer) */
    char *ssl_root_cert;   /* SSLRootCert: CA file, or "system"         */
    char *ssl_cert;        /* SSLCert: client certificate (chain), PEM  */
    char *ssl_key;         /* SSLKey: its key, PEM, unencrypted         */
    char *ssl_crl;         /* SSLCrl: revoked certificates, PEM         */
    char *login_timeout;   /* seconds */
    char *fetch_size;      /* rows per chunk of a forward-only result */
    char *options;         /* startup "options" (-c k=v) */
    /* how CrateDB's types reach the application (README "Types") */
    char *text_size;       /* TextSize: column size of unbounded text      */
    char *long_text;       /* LongText: unbounded text as SQL_LONGVARCHAR  */
    char *array_format;    /* ArrayFormat: json | pg                       */
    char *geo_point_format;/* GeoPointFormat: wkt | pg                     */
    char *binary_results;  /* BinaryResults: 1 (default) | 0 = all text    */
    char *hide_system_schemas; /* HideSystemSchemas: catalog functions skip
                                  sys, information_schema, pg_catalog */
    char *load_balance_hosts; /* LoadBalanceHosts: 1 = SERVER's hosts in random order */
    char *discover_nodes;  /* DiscoverNodes: 1 = also the nodes sys.nodes names */
    char *log_level;       /* LogLevel: off | error | info | debug | trace (log.h) */
    char *log_file;        /* LogFile: path; none = standard error         */
    char *log_params;      /* LogParams: 1 = parameter values in the log    */
    /* dead connections (README "Dead connections") */
    char *keepalive_time;      /* KeepaliveTime: idle seconds before checks */
    char *keepalive_interval;  /* KeepaliveInterval: seconds between checks */
    char *keepalive_count;     /* KeepaliveCount: unanswered checks = dead  */
    char *auto_reconnect;      /* AutoReconnect: 1 = reconnect a dead one   */
} drv_conn_opts;

/* connstr.c */
void drv_conn_opts_free(drv_conn_opts *o);
/* Parses "k=v;k={v;}}x};..." into o: keywords case-insensitive, aliases
 * mapped, unknown keywords ignored, the first occurrence of a keyword wins
 * (ODBC spec; of DSN and DRIVER only the first given is kept). Options
 * already set in o are kept. Returns false on a malformed string
 * (unterminated brace) or out of memory, with a message. */
bool drv_connstr_parse(const char *s, size_t len, drv_conn_opts *o, char *err, size_t errlen);
/* True when `name` is a connection keyword or alias (case-insensitive). */
bool drv_connstr_is_keyword(const char *name);
/* Fills the options still unset from odbc.ini section `dsn`. */
void drv_conn_opts_from_dsn(drv_conn_opts *o, const char *dsn);
/* The completed connection string (malloc'd), braces where needed. */
char *drv_connstr_build(const drv_conn_opts *o);

/* connect.c: what the options mean, checked before any connection is
 * made. The strings of params point into the options (which must outlive
 * it). An invalid Port or SSLMode is 08001 (SQL_ERROR); other invalid values
 * are 01S00 (SQL_SUCCESS_WITH_INFO) and keep their default. The timeouts are
 * the connection's attributes in seconds (0: none; a login timeout of 0
 * lets the LoginTimeout keyword decide). */
typedef struct drv_conn_settings {
    pgw_connect_params params;
    int fetch_size;
    SQLULEN text_size;
    bool long_text, arrays_as_pg, point_as_pg, binary_results;
    bool auto_reconnect;
} drv_conn_settings;
/* discover.c: DiscoverNodes. After a connect with params.discover_nodes,
 * reads the cluster's nodes (DRV_SQL_NODES) and hands them to
 * pgw_nodes_remember for the next connects to the same host list. A server
 * without sys.nodes (PostgreSQL) or any other failure leaves what was
 * learned before and the connection as it was: never an error. */
void drv_discover_nodes(pgw_conn *c, const pgw_connect_params *p);
SQLRETURN drv_conn_settings_resolve(drv_hdr *h, const drv_conn_opts *o,
                                    unsigned long login_timeout,
                                    unsigned long connection_timeout, drv_conn_settings *s);

/* ------------------------------------------------------------ handles */

typedef struct drv_env drv_env;
typedef struct drv_dbc drv_dbc;
typedef struct drv_stmt drv_stmt;
typedef struct drv_desc drv_desc;

struct drv_env {
    drv_hdr hdr;
    pthread_mutex_t lock;        /* guards the connection list            */
    SQLINTEGER odbc_version;     /* SQL_OV_ODBC2 / 3 / 3_80               */
    drv_dbc *dbcs;               /* connections allocated on this env      */
    SQLUINTEGER cp, cp_match;    /* SQL_ATTR_CONNECTION_POOLING / CP_MATCH  */
};

/* txn.c: the statements run in manual-commit mode since the last
 * SQLEndTran or mode switch, by kind (txn.c's table): what a rollback
 * cannot undo on a server that commits every statement. */
#define DRV_TXN_KINDS 12
typedef struct drv_txn_work {
    uint64_t stmts[DRV_TXN_KINDS];
    int64_t rows[DRV_TXN_KINDS];
} drv_txn_work;

struct drv_dbc {
    drv_hdr hdr;
    pthread_mutex_t lock;        /* held by every call on this dbc or its stmts */
    drv_env *env;
    drv_dbc *next;               /* in env->dbcs                           */
    pgw_conn *conn;              /* NULL until connected                   */
    drv_conn_opts opts;          /* what the connection was made with      */
    drv_stmt *stmts;             /* statements allocated on this dbc        */
    unsigned next_stmt_id;
    /* attributes */
    SQLUINTEGER autocommit;      /* SQL_AUTOCOMMIT_ON/OFF (txn.c: statements commit
                                    as they run either way) */
    drv_txn_work txn_work;       /* what ran in manual-commit mode (txn.c) */
    bool end_tran_warned;        /* the last call was an SQLEndTran with a
                                    warning (api_info.c says why) */
    SQLUINTEGER login_timeout;   /* seconds, 0 = none                      */
    SQLUINTEGER connection_timeout;
    SQLUINTEGER access_mode;
    SQLUINTEGER txn_isolation;
    SQLUINTEGER metadata_id;
    int fetch_size;              /* rows per chunk, from FetchSize         */
    /* type presentation, from the keywords above (connect.c) */
    SQLULEN text_size;           /* TextSize, default DRV_DEFAULT_TEXT_SIZE */
    bool long_text;              /* LongText=1                             */
    bool arrays_as_pg;           /* ArrayFormat=pg                         */
    bool point_as_pg;            /* GeoPointFormat=pg                      */
    bool binary_results;         /* BinaryResults (default on)             */
    bool auto_reconnect;         /* AutoReconnect=1 (reconnect.c)          */
    char session_changed[16];    /* the SQL command that changed the session
                                    ("SET"), "" for none (reconnect.c)     */
    drv_desc *descs;             /* explicitly allocated descriptors        */
    /* The statement whose suspended portal holds the server's implicit
     * transaction open (see pgw.h; drained on both servers, exec.c says why). Before another
     * statement sends a request, exec.c drains it (drv_stmt_yield_conn). */
    drv_stmt *portal_owner;
    /* the connection's log (log_conn.c): atomics, because a logged call
     * reads them before it takes the lock */
    atomic_int log_level;        /* drv_log_level */
    atomic_int log_sink;
    atomic_bool log_params;
};

/* ------------------------------------------------------------ descriptors */

/*
 * Descriptors (desc.c) are the single source of truth for bindings: SQLBindCol
 * writes ARD records, SQLBindParameter writes APD + IPD records, the
 * statement attributes ROW_ARRAY_SIZE, ROW_BIND_TYPE, ROW_STATUS_PTR,
 * PARAMSET_SIZE ... are header fields of the ARD/IRD/APD/IPD. Every
 * statement embeds its four implicit descriptors; an application may
 * allocate explicit ones (SQLAllocHandle(SQL_HANDLE_DESC)) and install them
 * as the statement's ARD or APD. The IRD's records are not stored: they are
 * the statement's column description (describe.c answers for them).
 */
typedef enum drv_desc_type { DRV_ARD = 1, DRV_APD = 2, DRV_IRD = 4, DRV_IPD = 8 } drv_desc_type;

/* One record (column or parameter); record 0 is the bookmark column. */
typedef struct drv_desc_rec {
    SQLSMALLINT type;              /* SQL_DESC_TYPE (verbose)                */
    SQLSMALLINT concise_type;      /* SQL_DESC_CONCISE_TYPE; 0 = never set   */
    SQLSMALLINT datetime_interval_code;
    SQLINTEGER datetime_interval_precision;
    SQLULEN length;
    SQLSMALLINT precision, scale;
    SQLINTEGER num_prec_radix;
    SQLLEN octet_length;           /* buffer length of DATA_PTR (app descs)  */
    SQLPOINTER data_ptr;
    SQLLEN *octet_length_ptr;
    SQLLEN *indicator_ptr;
    SQLSMALLINT parameter_type;    /* IPD: SQL_PARAM_INPUT ...               */
    SQLSMALLINT nullable;          /* IPD                                    */
    SQLSMALLINT unnamed;           /* IPD: SQL_NAMED / SQL_UNNAMED            */
    char *name;                    /* IPD, owned, NULL = ""                  */
} drv_desc_rec;

struct drv_desc {
    drv_hdr hdr;
    drv_dbc *dbc;
    drv_desc_type type;            /* what it serves as (explicit: ARD/APD)  */
    bool is_explicit;              /* SQL_DESC_ALLOC_USER                     */
    drv_stmt *stmt;                /* implicit: its statement; explicit: NULL */
    drv_desc *next;                /* explicit: in dbc->descs                */
    /* header fields */
    SQLULEN array_size;            /* ARD/APD                                */
    SQLUSMALLINT *array_status_ptr;
    SQLLEN *bind_offset_ptr;       /* ARD/APD                                */
    SQLULEN bind_type;             /* ARD/APD: SQL_BIND_BY_COLUMN or a size  */
    SQLULEN *rows_processed_ptr;   /* IRD/IPD                                */
    SQLSMALLINT count;             /* highest record in use (not IRD)         */
    drv_desc_rec *recs;            /* recs[0..cap), recs[0] = bookmark        */
    int cap;
};

typedef enum drv_stmt_state {
    DRV_S_ALLOCATED = 0,           /* no SQL yet                           */
    DRV_S_PREPARED,                /* SQLPrepare done, not executed        */
    DRV_S_EXECUTED,                /* executed, no result set              */
    DRV_S_CURSOR                   /* executed with an open result set     */
} drv_stmt_state;

struct drv_stmt {
    drv_hdr hdr;
    drv_dbc *dbc;
    drv_stmt *next;                /* in dbc->stmts                         */
    unsigned id;
    char stmt_name[24];            /* server-side prepared statement name   */
    char portal[24];               /* server-side portal name               */
    drv_stmt_state state;
    char *sql;                     /* the SQL text as sent (after ? -> $n)   */
    int nmarkers;                  /* number of parameter markers in sql     */
    bool server_prepared;          /* stmt_name exists on the server         */

    pgw_result res;                /* current description and chunk of rows */
    bool have_desc;                /* res has the column description         */
    size_t row;                    /* current row in the chunk (after fetch) */
    bool on_row;                   /* a row is current                      */
    bool more;                     /* the portal is suspended               */
    drv_diag drain_err;            /* reading the rest of the rows for another
                                      statement failed (exec.c yield_conn):
                                      reported by the SQLFetch that runs out
                                      of rows, then cleared                 */
    int64_t rowcount;              /* SQLRowCount                           */
    /* statement side (exec.c/fetch.c/params.c) */
    bool prepared;                 /* SQLPrepare'd: SQLExecute allowed       */
    uint64_t nreceived;            /* rows received for the current result   */
    uint64_t nfetched;             /* rows the app fetched (SQL_ATTR_MAX_ROWS) */
    uint32_t *param_oids;          /* from Describe S, nparam_oids entries    */
    int nparam_oids;
    bool have_param_desc;          /* param_oids is valid                    */

    /* decoding result values (fetch.c): scratch reused for every value */
    pgw_scratch dec_buf[4];        /* out, aux, elem, fmt of the decode ctx  */
    pgw_scratch fmt_buf;           /* canonical text for C conversions       */
    /* per result column, resolved once per result (fetch.c): wire type,
     * driver type, format and the bound conversion; stale after
     * drv_cursor_reset (colplan_cols NULL) */
    struct drv_colplan *colplan;
    int colplan_cap;
    const void *colplan_cols;      /* the res.cols it was built for          */
    pgw_decode_ctx dctx;           /* on dec_buf, with the connection's flags */
    int16_t *result_formats;       /* per column, for prepared statements    */
    int nresult_formats;

    /* cursor position (fetch.c). Rows of the current chunk are res rows;
     * `base` numbers res row 0 in the whole result (0-based). */
    uint64_t base;
    size_t rs_start;               /* res row of the current rowset, or of the
                                      next row to read when there is none */
    size_t rs_len;                 /* rows in the current rowset, 0 = none  */
    SQLULEN last_rs_size;          /* rowset size of the previous fetch      */
    int where;                     /* static cursor: -1 before, 0 on, 1 after */
    bool scrollable;               /* static cursor: every row is in res     */
    SQLULEN rowset_size2;          /* SQL_ROWSET_SIZE (SQLExtendedFetch)     */
    /* cancel and query timeout (timeout.c). SQLCancel runs without the
     * connection lock and may race SQLFreeHandle and SQLDisconnect: it finds
     * the statement in a process-wide list and reads these under that
     * list's lock, never stmt->dbc or its connection. */
    drv_stmt *live_prev, *live_next;   /* in the list of live statements */
    bool busy;                     /* a request waits on the server       */
    pgw_cancel_key *cancel_key;    /* while busy: the connection's (borrowed) */
    uint64_t cancel_target;        /* while busy: the request (pgw_cancel_arm) */
    uint64_t request;              /* the last request (pgw_cancel_arm); the
                                      request's own thread only */
    _Atomic bool cancel_requested; /* SQLCancel came for the current request */

    /* SQLGetData resume state */
    int gd_col;                    /* column of the last SQLGetData, -1 none */
    size_t gd_offset;              /* bytes of that value already returned   */

    /* descriptors: the implicit four, and the ARD/APD in use (implicit or
     * explicit). Bindings and array attributes live there (desc.c). */
    drv_desc ard_i, apd_i, ird, ipd;
    drv_desc *ard, *apd;

    /* data at execution: set while SQLParamData/SQLPutData are expected */
    struct drv_dae *dae;
    /* a multi-statement SQL text (exec.c): the statements after the first
     * and their results; NULL for a single statement */
    struct drv_multi *multi;
    /* a parameter array on a statement that returns rows: the sets whose
     * results SQLMoreResults has not reached (array_results.c); else NULL */
    struct drv_aset *aset;

    /* attributes */
    SQLULEN max_rows;
    SQLULEN query_timeout;
    SQLULEN max_length;
    SQLULEN noscan;
    SQLULEN cursor_type;
    SQLULEN concurrency;
    SQLULEN use_bookmarks;         /* SQL_UB_OFF / SQL_UB_VARIABLE           */
    SQLPOINTER fetch_bookmark_ptr; /* SQL_ATTR_FETCH_BOOKMARK_PTR            */
    SQLULEN retrieve_data;
    SQLULEN metadata_id;           /* SQL_ATTR_METADATA_ID (from the dbc)    */

    /* cursor name (cursor_name.c): the application's (owned), or NULL for
     * the generated SQL_CUR<id> kept in gen_cursor_name */
    char *cursor_name;
    char gen_cursor_name[24];
    /* updatable cursor (updatable.c): how its rows are found and changed;
     * NULL for a read-only cursor */
    struct drv_upd *upd;
};

/* handles.c */
SQLRETURN drv_env_alloc(drv_env **out);
SQLRETURN drv_env_free(drv_env *env);
SQLRETURN drv_dbc_alloc(drv_env *env, drv_dbc **out);
SQLRETURN drv_dbc_free(drv_dbc *dbc);      /* HY010 when still connected */
SQLRETURN drv_stmt_alloc(drv_dbc *dbc, drv_stmt **out);
SQLRETURN drv_stmt_free(drv_stmt *stmt);   /* closes server objects, unlinks */
/* Validates a handle of the given kind: NULL when it is not one. */
drv_env *drv_env_check(SQLHANDLE h);
drv_dbc *drv_dbc_check(SQLHANDLE h);
drv_stmt *drv_stmt_check(SQLHANDLE h);

/*
 * Entry/exit for API functions on a dbc or stmt: lock the dbc, clear the
 * handle's diagnostics. drv_leave records the return code for
 * SQL_DIAG_RETURNCODE and unlocks.
 */
void drv_dbc_enter(drv_dbc *dbc);
SQLRETURN drv_dbc_leave(drv_dbc *dbc, SQLRETURN rc);
void drv_stmt_enter(drv_stmt *stmt);
SQLRETURN drv_stmt_leave(drv_stmt *stmt, SQLRETURN rc);
/* drv_stmt_enter for every statement call the spec refuses while a
 * data-at-execution sequence is pending (all but SQLParamData, SQLPutData,
 * SQLCancel, the diagnostics and freeing): false, with HY010 recorded, when
 * one is. The lock is held either way. */
bool drv_stmt_enter_idle(drv_stmt *stmt);

/* connect.c */
SQLRETURN drv_connect(drv_dbc *dbc, const char *dsn, const char *uid, const char *pwd);
SQLRETURN drv_driver_connect(drv_dbc *dbc, SQLHWND hwnd, const char *connstr,
                             const drv_strout *out, SQLSMALLINT *outlen,
                             SQLUSMALLINT completion);
SQLRETURN drv_disconnect(drv_dbc *dbc);

/* prompt.c: SQLDriverConnect's dialog. The field sets are bit sets of
 * setup/dsn_form.h's DSN_FIELD_BIT. */
/* The fields the options lack for a connection (none: 0): the server. */
unsigned drv_prompt_missing(const drv_conn_opts *o);
/* After a failed connect (its records on h): the fields a prompt can fix,
 * 0 when none: the user and password when a login failed (28xxx) and no
 * password was given. */
unsigned drv_prompt_fixable(const drv_hdr *h, const drv_conn_opts *o);
/* The fields the user may edit: the needed ones with
 * SQL_DRIVER_COMPLETE_REQUIRED, every connection field otherwise. */
unsigned drv_prompt_editable(SQLUSMALLINT completion, unsigned needed);
typedef enum drv_prompt_result {
    DRV_PROMPT_OK,       /* o holds the user's values */
    DRV_PROMPT_CANCEL,   /* the user cancelled: SQL_NO_DATA */
    DRV_PROMPT_NO_UI,    /* no dialog on this platform: o unchanged */
    DRV_PROMPT_ERROR     /* IM008 (dialog failed) or HY001 recorded on h */
} drv_prompt_result;
/* Shows the dialog over window hwnd, prefilled from o, with the fields in
 * `editable` enabled and `why` in its status line (UTF-8, may be NULL). */
drv_prompt_result drv_prompt(drv_hdr *h, SQLHWND hwnd, drv_conn_opts *o, unsigned editable,
                             const char *why);

/* 08003 when the dbc is not connected. */
SQLRETURN drv_dbc_require_connected(drv_dbc *dbc);
/* Records why a request cannot go out on dbc: 08S01 when its connection
 * broke (the server went away, or a query timeout found it dead), 08003
 * when there is none. */
SQLRETURN drv_conn_not_open(drv_hdr *h, const drv_dbc *dbc);
/* Replaces dbc's broken connection with a new one made from dbc->opts the
 * way the first was (reconnect.c); diagnostics go to h. On failure the
 * broken connection stays. */
SQLRETURN drv_connect_again(drv_dbc *dbc, drv_hdr *h);

/* reconnect.c: drv_conn_ready, for a statement about to send a new request:
 * SQL_SUCCESS when the connection is live, or was dead and AutoReconnect
 * made a new one; else the error (08S01 saying why not, 08003) on stmt.
 * drv_session_note: a statement with command tag `tag` ran (SET and the
 * like mark the session changed, DISCARD ALL unmarks it). */
SQLRETURN drv_conn_ready(drv_stmt *stmt);
void drv_session_note(drv_dbc *dbc, const char *tag);

/* attr.c (values passed as in the ODBC call; strings UTF-8) */
SQLRETURN drv_set_env_attr(drv_env *env, SQLINTEGER attr, SQLPOINTER value, SQLINTEGER len);
SQLRETURN drv_get_env_attr(drv_env *env, SQLINTEGER attr, SQLPOINTER value,
                           SQLINTEGER buflen, SQLINTEGER *outlen);
SQLRETURN drv_set_connect_attr(drv_dbc *dbc, SQLINTEGER attr, SQLPOINTER value, SQLINTEGER len);
SQLRETURN drv_get_connect_attr(drv_dbc *dbc, SQLINTEGER attr, SQLPOINTER value,
                               const drv_strout *sout, SQLINTEGER *outlen);
SQLRETURN drv_set_stmt_attr(drv_stmt *stmt, SQLINTEGER attr, SQLPOINTER value, SQLINTEGER len);
SQLRETURN drv_get_stmt_attr(drv_stmt *stmt, SQLINTEGER attr, SQLPOINTER value,
                            const drv_strout *sout, SQLINTEGER *outlen);

/* txn.c: manual-commit mode on a server that commits every statement.
 * drv_set_autocommit: SQL_AUTOCOMMIT_ON/OFF (HY024 otherwise); a switch
 * starts a new unit of work. drv_txn_note: `nstmts` executions of a statement
 * whose command tag (or SQL text) is `what` changed `rows` rows; recorded in
 * manual-commit mode only. drv_txn_reset: forget them (disconnect).
 * drv_end_tran: SQLEndTran on a dbc (lock held) or an env; a rollback with
 * something to undo is SQL_SUCCESS_WITH_INFO, 01000, counting it. */
SQLRETURN drv_set_autocommit(drv_dbc *dbc, SQLULEN v);
void drv_txn_note(drv_dbc *dbc, const char *what, uint64_t nstmts, int64_t rows);
void drv_txn_reset(drv_dbc *dbc);
SQLRETURN drv_end_tran(drv_hdr *h, SQLSMALLINT completion);

/* info.c */
SQLRETURN drv_get_info(drv_dbc *dbc, SQLUSMALLINT type, SQLPOINTER value,
                       const drv_strout *sout, SQLSMALLINT *outlen);
SQLRETURN drv_get_functions(drv_dbc *dbc, SQLUSMALLINT fn, SQLUSMALLINT *supported);

/* exec.c */
/* Closes the cursor, queues the server-side Close of the statement, frees the
 * SQL text, the result and the bindings. Called by drv_stmt_free. */
void drv_stmt_release(drv_stmt *stmt);
/* Makes the connection free for a request of `stmt`: if another statement's
 * portal keeps the implicit transaction open, its remaining rows are read
 * into that statement's result first. */
SQLRETURN drv_stmt_yield_conn(drv_stmt *stmt);
/* One round trip of the driver's own (catalog functions, updatable cursors):
 * sql with text parameters into res (all rows, unnamed statement and portal,
 * text results), after yielding the connection. Server errors are recorded
 * on the statement. The caller indexes the reply's columns up to min_cols:
 * a reply with fewer is HY000 naming `what` (the query's purpose), never a
 * read past the row. On failure res is cleared. */
SQLRETURN drv_own_query(drv_stmt *stmt, const char *sql, int nparams, const pgw_param *params,
                        const char *what, int min_cols, pgw_result *res);
SQLRETURN drv_prepare(drv_stmt *stmt, const char *sql, size_t len);
SQLRETURN drv_execute(drv_stmt *stmt);
SQLRETURN drv_exec_direct(drv_stmt *stmt, const char *sql, size_t len);
SQLRETURN drv_row_count(drv_stmt *stmt, SQLLEN *count);
/* SQLMoreResults: closes the current result and makes the next statement's
 * of a multi-statement text current (SQL_ERROR with its diagnostics when
 * that statement failed), or runs the next set of a parameter array on a
 * row-returning statement (array_results.c); SQL_NO_DATA when none follows. */
SQLRETURN drv_more_results(drv_stmt *stmt);
SQLRETURN drv_num_result_cols(drv_stmt *stmt, SQLSMALLINT *count);
SQLRETURN drv_close_cursor(drv_stmt *stmt, bool error_if_none);
SQLRETURN drv_free_stmt(drv_stmt *stmt, SQLUSMALLINT option);
/* SQLCancel. `h` is what the application passed: it is looked up among
 * the live statements (SQL_INVALID_HANDLE when it is none, even freed). */
SQLRETURN drv_cancel(SQLHSTMT h);
/* timeout.c: a statement joins the list SQLCancel looks in when allocated,
 * and leaves it before it is freed. */
void drv_stmt_live_add(drv_stmt *stmt);
void drv_stmt_live_remove(drv_stmt *stmt);
/* Runs fn(stmt, arg) under the live list's lock when h is a live statement
 * (false when not): for who must read a statement another thread may be
 * freeing (SQLCancel's log line, log_conn.c). fn must not take locks. */
bool drv_stmt_live_with(SQLHSTMT h, void (*fn)(drv_stmt *stmt, void *arg), void *arg);
SQLRETURN drv_native_sql(drv_dbc *dbc, const char *in, size_t len, const drv_strout *out,
                         SQLINTEGER *outlen);

/* desc.c: descriptor handles and fields. Entry-point contracts follow the
 * ODBC spec's SQLSTATEs: HY091 field not defined for this descriptor, HY016
 * writing the IRD, 07009 bad record number, HY021 inconsistent record
 * (checked when DATA_PTR is set), HY007 reading the IRD of an unprepared
 * statement, HY017 freeing an implicit descriptor. */
drv_desc *drv_desc_check(SQLHANDLE h);
/* Sets up the statement's four implicit descriptors (no allocation). */
void drv_stmt_descs_init(drv_stmt *stmt);
/* Frees records of the implicit descriptors; the explicit ARD/APD stay. */
void drv_stmt_descs_free(drv_stmt *stmt);
SQLRETURN drv_desc_alloc(drv_dbc *dbc, drv_desc **out);
SQLRETURN drv_desc_free(drv_desc *d);
/* Statement attributes SQL_ATTR_APP_ROW_DESC / APP_PARAM_DESC: NULL (or the
 * implicit one) reverts to the implicit descriptor. */
SQLRETURN drv_stmt_set_app_desc(drv_stmt *stmt, bool row, SQLHANDLE h);
SQLRETURN drv_get_desc_field(drv_desc *d, SQLSMALLINT rec, SQLSMALLINT field, SQLPOINTER value,
                             SQLINTEGER buflen, SQLINTEGER *outlen, bool wide);
SQLRETURN drv_set_desc_field(drv_desc *d, SQLSMALLINT rec, SQLSMALLINT field, SQLPOINTER value,
                             SQLINTEGER buflen);
SQLRETURN drv_get_desc_rec(drv_desc *d, SQLSMALLINT rec, const drv_strout *name,
                           SQLSMALLINT *namelen, SQLSMALLINT *type, SQLSMALLINT *subtype,
                           SQLLEN *length, SQLSMALLINT *precision, SQLSMALLINT *scale,
                           SQLSMALLINT *nullable);
SQLRETURN drv_set_desc_rec(drv_desc *d, SQLSMALLINT rec, SQLSMALLINT type, SQLSMALLINT subtype,
                           SQLLEN length, SQLSMALLINT precision, SQLSMALLINT scale,
                           SQLPOINTER data, SQLLEN *octet_len_ptr, SQLLEN *ind_ptr);
SQLRETURN drv_copy_desc(drv_desc *src, drv_desc *dst);
/* Record `rec` of an app/IPD descriptor, grown (zeroed, defaults set) if
 * needed; NULL on out of memory (HY001) or for a record number outside
 * 0..32767 (07009), recorded on h. */
drv_desc_rec *drv_desc_rec_get(drv_hdr *h, drv_desc *d, int rec);
/* Record `rec` if it exists (rec <= count), else NULL. */
static inline drv_desc_rec *drv_desc_rec_at(const drv_desc *d, int rec)
{
    return rec >= 0 && rec <= d->count && rec < d->cap ? &d->recs[rec] : NULL;
}
/* A record binds something: a data or indicator/length pointer is set. */
static inline bool drv_desc_rec_bound(const drv_desc_rec *r)
{
    return r && (r->data_ptr || r->indicator_ptr || r->octet_length_ptr);
}
/* Element `row` of a record's buffers, honouring BIND_TYPE (column-wise:
 * step by the element size; row-wise: by bind_type) and *BIND_OFFSET_PTR.
 * NULL when the record has no such buffer. elem_size is the data element
 * size for column-wise binding (drv_desc_elem_size). */
void *drv_desc_data_at(const drv_desc *d, const drv_desc_rec *r, size_t row, size_t elem_size);
SQLLEN *drv_desc_ind_at(const drv_desc *d, const drv_desc_rec *r, size_t row);
SQLLEN *drv_desc_len_at(const drv_desc *d, const drv_desc_rec *r, size_t row);
/* Column-wise element size of a record's data buffer: the C type's fixed
 * size, or OCTET_LENGTH for variable-length types (char, binary). `c_type`
 * is the record's type with SQL_C_DEFAULT already resolved. */
size_t drv_desc_elem_size(const drv_desc_rec *r, SQLSMALLINT c_type);
/* Sets CONCISE_TYPE with the TYPE, subcode and defaults the spec ties to it. */
void drv_desc_rec_set_type(drv_desc_rec *r, SQLSMALLINT concise);
/* IPD record as SQLBindParameter describes it: SQL type, column size and
 * decimal digits stored in LENGTH/PRECISION/SCALE as the spec assigns them. */
void drv_desc_ipd_set(drv_desc_rec *r, SQLSMALLINT sql_type, SQLULEN col_size,
                      SQLSMALLINT digits);
/* IPD record: the column size / decimal digits SQLBindParameter was given
 * (kept in LENGTH or PRECISION and SCALE or PRECISION, by type). */
SQLULEN drv_desc_column_size(const drv_desc_rec *ipd);
SQLSMALLINT drv_desc_decimal_digits(const drv_desc_rec *ipd);

/* params.c */
SQLRETURN drv_bind_parameter(drv_stmt *stmt, SQLUSMALLINT num, SQLSMALLINT io_type,
                             SQLSMALLINT c_type, SQLSMALLINT sql_type, SQLULEN col_size,
                             SQLSMALLINT digits, SQLPOINTER ptr, SQLLEN buflen, SQLLEN *ind);
SQLRETURN drv_num_params(drv_stmt *stmt, SQLSMALLINT *count);
SQLRETURN drv_describe_param(drv_stmt *stmt, SQLUSMALLINT num, SQLSMALLINT *type,
                             SQLULEN *size, SQLSMALLINT *digits, SQLSMALLINT *nullable);
/* SQLParamData / SQLPutData (data at execution): HY010 outside the
 * need-data state; SQLParamData runs the statement once every value is in. */
SQLRETURN drv_param_data(drv_stmt *stmt, SQLPOINTER *token);
SQLRETURN drv_put_data(drv_stmt *stmt, SQLPOINTER data, SQLLEN len);
/* Forgets a pending data-at-execution sequence (SQLCancel, SQLFreeStmt). */
void drv_dae_reset(drv_stmt *stmt);

/* cursor_name.c. SQLSetCursorName: 24000 after an execution (until the
 * cursor is closed), 34000 for an empty name, one longer than
 * DRV_CURSOR_NAME_MAX bytes or starting with SQLCUR/SQL_CUR (reserved for
 * generated names), 3C000 for a name another statement of the connection
 * has (ASCII case ignored). */
#define DRV_CURSOR_NAME_MAX 128
SQLRETURN drv_set_cursor_name(drv_stmt *stmt, const char *name, size_t len);
SQLRETURN drv_get_cursor_name(drv_stmt *stmt, const drv_strout *out, SQLSMALLINT *outlen);
/* The statement's name: the application's or the generated SQL_CUR<n>. */
const char *drv_cursor_name(drv_stmt *stmt);
/* The statement of dbc named name[0..len): `exact` compares bytes (a quoted
 * identifier), else ASCII case is ignored. NULL when none is. */
drv_stmt *drv_stmt_by_cursor_name(drv_dbc *dbc, const char *name, size_t len, bool exact);

/* fetch.c */
SQLRETURN drv_bind_col(drv_stmt *stmt, SQLUSMALLINT col, SQLSMALLINT c_type,
                       SQLPOINTER ptr, SQLLEN buflen, SQLLEN *ind);
SQLRETURN drv_fetch(drv_stmt *stmt);
/* SQLFetchScroll / SQLExtendedFetch: `ext` is the ODBC 2 form (rowset size
 * SQL_ROWSET_SIZE, count and status array passed in). HY106 for an
 * orientation a forward-only cursor cannot do, HY111 bad bookmark. */
SQLRETURN drv_fetch_scroll(drv_stmt *stmt, SQLSMALLINT orientation, SQLLEN offset, bool ext,
                           SQLULEN *ext_count, SQLUSMALLINT *ext_status);
/* SQLSetPos: SQL_POSITION and SQL_REFRESH; SQL_UPDATE, SQL_DELETE and
 * SQL_ADD on an updatable cursor (updatable.c), HY092 on a read-only one. */
SQLRETURN drv_set_pos(drv_stmt *stmt, SQLSETPOSIROW row, SQLUSMALLINT op, SQLUSMALLINT lock);
/* SQLBulkOperations: SQL_ADD, SQL_UPDATE/DELETE/FETCH_BY_BOOKMARK over
 * the ARD's array_size buffer rows; HY092 for a read-only cursor (except
 * fetching) or bookmarks off, HY111 per row for a bad bookmark. */
SQLRETURN drv_bulk_operations(drv_stmt *stmt, SQLUSMALLINT op);
/* exec.c calls this after an Execute: a static cursor reads all its rows. */
SQLRETURN drv_cursor_opened(drv_stmt *stmt);
/* SQL_ATTR_ROW_NUMBER: 1-based number of the current row, 0 if none. */
SQLULEN drv_row_number(const drv_stmt *stmt);
SQLRETURN drv_get_data(drv_stmt *stmt, SQLUSMALLINT col, SQLSMALLINT c_type,
                       SQLPOINTER ptr, SQLLEN buflen, SQLLEN *ind);

/* describe.c */
SQLRETURN drv_describe_col(drv_stmt *stmt, SQLUSMALLINT col, const drv_strout *name,
                           SQLSMALLINT *namelen, SQLSMALLINT *type, SQLULEN *size,
                           SQLSMALLINT *digits, SQLSMALLINT *nullable);
SQLRETURN drv_col_attribute(drv_stmt *stmt, SQLUSMALLINT col, SQLUSMALLINT field,
                            const drv_strout *sout, SQLSMALLINT *outlen, SQLLEN *num);

/* catalog.c: the catalog functions and SQLGetTypeInfo. String arguments are
 * UTF-8, NULL when the application passed a null pointer. Each runs one
 * query of driver_sql.c (arguments bound, never spliced) and leaves an open
 * cursor on a result built by the driver (local rows, pgw_result_local_*).
 * SQLSTATEs: 24000 cursor open, HY009 required argument NULL (or any NULL
 * with SQL_ATTR_METADATA_ID), HY004/HY097/HY098/HY099/HY100/HY101 for bad
 * option values, server errors as drv_error_pgw records them. */
const char *drv_catalog_name(drv_dbc *dbc);   /* "crate" on CrateDB */
SQLRETURN drv_tables(drv_stmt *stmt, const char *cat, const char *schema, const char *table,
                     const char *types);
SQLRETURN drv_columns(drv_stmt *stmt, const char *cat, const char *schema, const char *table,
                      const char *column);
SQLRETURN drv_primary_keys(drv_stmt *stmt, const char *cat, const char *schema,
                           const char *table);
SQLRETURN drv_statistics(drv_stmt *stmt, const char *cat, const char *schema,
                         const char *table, SQLUSMALLINT unique, SQLUSMALLINT reserved);
SQLRETURN drv_special_columns(drv_stmt *stmt, SQLUSMALLINT id_type, const char *cat,
                              const char *schema, const char *table, SQLUSMALLINT scope,
                              SQLUSMALLINT nullable);
SQLRETURN drv_foreign_keys(drv_stmt *stmt, const char *pk_table, const char *fk_table);
SQLRETURN drv_procedures(drv_stmt *stmt, const char *cat, const char *schema,
                         const char *name);
SQLRETURN drv_procedure_columns(drv_stmt *stmt, const char *cat, const char *schema,
                                const char *name, const char *column);
SQLRETURN drv_table_privileges(drv_stmt *stmt, const char *cat, const char *schema,
                               const char *table);
SQLRETURN drv_column_privileges(drv_stmt *stmt, const char *cat, const char *schema,
                                const char *table, const char *column);
SQLRETURN drv_get_type_info(drv_stmt *stmt, SQLSMALLINT type);

/* The column size reported for text without a declared length when no
 * TextSize keyword is given (README "Types" says why this number). */
#define DRV_DEFAULT_TEXT_SIZE 65535

/* types.c: one row per wire type (see the table there); the wire side of
 * each type (names, decoders) is protocol/types.c's pgw_type. */
typedef struct drv_type_info {
    uint32_t oid;
    const char *name;            /* local type name: CrateDB's (`text`, `object` ...) */
    SQLSMALLINT sql_type;        /* concise SQL type (ODBC 3)              */
    SQLSMALLINT c_default;       /* SQL_C_DEFAULT resolves to this         */
    SQLULEN column_size;         /* 0 = unbounded text: the TextSize keyword */
    SQLSMALLINT decimal_digits;
    SQLLEN display_size;         /* 0 = as column_size                     */
    SQLLEN octet_length;         /* 0 = column_size * 4 (UTF-8)            */
    SQLSMALLINT num_prec_radix;  /* 0, 2 or 10                             */
    bool is_unsigned;
    bool case_sensitive;
    SQLSMALLINT searchable;
    const char *literal_prefix, *literal_suffix;
} drv_type_info;
/* Row for an OID; never NULL (unknown OIDs map to a varchar row). */
const drv_type_info *drv_type_lookup(uint32_t oid);
/* Row for a result column or a parameter: as drv_type_lookup, refined by
 * the column's typmod where the typmod changes the SQL type (bit(1) is
 * SQL_BIT; -1 for none), and by the server: on CrateDB (`cratedb`) OID 18
 * is its `byte`. */
const drv_type_info *drv_type_lookup_col(uint32_t oid, int32_t typmod, bool cratedb);
/* The largest column size the driver reports anywhere (unbounded text with
 * a larger TextSize, varchar(n) with a larger n): its UTF-8 octet length,
 * 4 bytes a character, and that plus one for a terminator still fit the
 * signed 32-bit int applications keep sizes in (RODBC adds one to
 * SQLColumns' COLUMN_SIZE; 2147483647 + 1 made it allocate 2^64 - 2^31). */
#define DRV_MAX_COLUMN_SIZE 536870911

/* What a column's declaration adds to its type, -1 where it says nothing:
 * length of varchar(n), character(n), bit(n); precision and scale of
 * numeric(p,s); fractional digits of time(p), timestamp(p). Read from the
 * RowDescription's typmod (drv_type_decl_of_typmod) or from
 * information_schema.columns (catalog.c). */
typedef struct drv_type_decl {
    long long length, precision, scale, frac;
} drv_type_decl;
#define DRV_TYPE_DECL_NONE ((drv_type_decl){-1, -1, -1, -1})
drv_type_decl drv_type_decl_of_typmod(uint32_t oid, int32_t typmod);

/* What ODBC reports about a column (or parameter) of a type: the one rule
 * behind SQLColumns, SQLProcedureColumns, SQLGetTypeInfo, SQLDescribeCol,
 * SQLColAttribute(s) and SQLDescribeParam (types.c drv_type_meta_of). */
typedef struct drv_type_meta {
    const drv_type_info *t;      /* the type table's row                   */
    SQLSMALLINT sql_type;        /* concise ODBC 3 type, LongText applied  */
    SQLULEN size;                /* COLUMN_SIZE, SQL_DESC_LENGTH           */
    SQLSMALLINT digits;          /* DECIMAL_DIGITS, SQL_DESC_SCALE; -1: unknown */
    SQLLEN octet;                /* BUFFER_LENGTH, CHAR_OCTET_LENGTH,
                                    SQL_DESC_OCTET_LENGTH, SQL_COLUMN_LENGTH */
    SQLLEN display;              /* SQL_DESC_DISPLAY_SIZE                  */
} drv_type_meta;
/* The metadata of a column of wire type `oid` declared as `decl`, on
 * connection dbc (TextSize, LongText; CrateDB's own types and its
 * millisecond timestamps when the server is CrateDB). Unbounded text is
 * TextSize characters long (SQL_LONGVARCHAR with LongText=1); character
 * sizes are capped at DRV_MAX_COLUMN_SIZE; character data's octet length
 * is 4 bytes a character (UTF-8), everything else's the bytes of its
 * default C type. */
void drv_type_meta_of(const drv_dbc *dbc, uint32_t oid, const drv_type_decl *decl,
                      drv_type_meta *m);
/* An SQL type code the ODBC spec defines (ODBC 2 date/time codes too):
 * anything else is HY004 where an application names an SQL type. */
bool drv_sql_type_known(SQLSMALLINT type);

/* convert.c: one decoded value (text or binary alike) to a C type.
 * `offset` is how many units of the value earlier SQLGetData calls consumed;
 * *consumed gets the new total. `fmt` is scratch for the canonical text,
 * owned by the caller. Records 01004, 01S07, 07006, 22002, 22003, 22015,
 * 22018, HY003 on h. */
SQLRETURN drv_convert_value(drv_hdr *h, const drv_type_info *t, const pgw_datum *d,
                            SQLSMALLINT c_type, SQLPOINTER ptr, SQLLEN buflen, SQLLEN *ind,
                            size_t offset, size_t *consumed, pgw_scratch *fmt);

/* convert.c: a conversion resolved once for a source type and a C type
 * (SQL_C_DEFAULT becomes the type's default), so the per-value path does no
 * lookups. ct is NULL for an unknown C type (HY003 per value); allowed is
 * false when the source does not convert to it (07006 per value). */
typedef struct drv_conv {
    const struct ctype_row *ct;
    SQLSMALLINT c_type;
    bool allowed;
    /* SQL_C_NUMERIC: the precision and scale of the result struct.
     * drv_conv_resolve sets the spec's defaults (DRV_NUMERIC_MAX_PRECISION,
     * 0); callers put the ARD record's here for a bound column and for
     * SQLGetData with SQL_ARD_TYPE. */
    SQLSMALLINT num_precision, num_scale;
    /* SQL_C_INTERVAL_*: the leading field's precision (digits) and the
     * seconds precision (digits of the fraction field), the ARD record's
     * SQL_DESC_DATETIME_INTERVAL_PRECISION and SQL_DESC_PRECISION for a bound
     * column and for SQLGetData with SQL_ARD_TYPE; drv_conv_resolve sets the
     * spec's defaults, 2 and 6 (what SQLGetData with an interval type uses). */
    SQLINTEGER iv_leading;
    SQLSMALLINT iv_seconds;
} drv_conv;
/* The largest numeric precision (CrateDB's numeric maximum), also the
 * default precision of SQL_C_NUMERIC. */
#define DRV_NUMERIC_MAX_PRECISION 38
/* The interval precisions an SQL_INTERVAL_STRUCT holds: a leading field of 9
 * digits always fits its SQLUINTEGER; a fraction of 9 digits is nanoseconds. */
#define DRV_INTERVAL_MAX_LEADING 9
#define DRV_INTERVAL_MAX_SECONDS 9
/* SQLDescribeParam's scale for a numeric parameter (params.c says why). */
#define DRV_PARAM_NUMERIC_SCALE 16
void drv_conv_resolve(const drv_type_info *t, SQLSMALLINT c_type, drv_conv *cv);
/* Takes the precisions that apply to c_type from an ARD record into cv:
 * numeric precision and scale, interval leading and seconds precision. */
void drv_conv_from_ard(drv_conv *cv, const drv_desc_rec *r);
/* drv_convert_value with the conversion resolved (cv from t). */
SQLRETURN drv_convert_resolved(drv_hdr *h, const drv_conv *cv, const drv_type_info *t,
                               const pgw_datum *d, SQLPOINTER ptr, SQLLEN buflen, SQLLEN *ind,
                               size_t offset, size_t *consumed, pgw_scratch *fmt);

/* convert.c: direct text-to-C conversions for the common exact cases (int
 * text to integer C types, float8/float4 text to SQL_C_DOUBLE, bool 't'/'f'
 * to SQL_C_BIT, text/varchar/numeric to SQL_C_CHAR when it fits, timestamp
 * "yyyy-mm-dd hh:mm:ss[.f]" to the timestamp struct), skipping the datum.
 * A fast function converts the wire value p[0..len) (len < 0: NULL) of one
 * whole value (SQLGetData offset 0) and returns true only when it produced
 * exactly what decode + drv_convert_resolved would (SQL_SUCCESS, no
 * diagnostic); anything unusual (signs, spaces, exponents, BC, truncation,
 * errors, NULL without an indicator) returns false having written nothing,
 * and the caller takes the general path. */
typedef bool (*drv_fast_fn)(const drv_conv *cv, const char *p, int32_t len, SQLPOINTER ptr,
                            SQLLEN buflen, SQLLEN *ind);
/* The fast conversion for values of wire type `oid` in `format` converted as
 * cv says, or NULL when there is none (binary format, other types). */
drv_fast_fn drv_fast_resolve(const drv_conv *cv, uint32_t oid, int format);

#endif
