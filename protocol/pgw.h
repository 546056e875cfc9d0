/*
 * pgw.h: the public API of the PostgreSQL wire-protocol engine (protocol/).
 *
 * driver/ talks to the server only through this header. Nothing here knows
 * about ODBC: no ODBC header, type or SQLSTATE mapping lives in protocol/.
 *
 * Threading: a pgw_conn is used by one thread at a time (the driver holds the
 * connection lock around every call). Cancelling (pgw_cancel_key_put,
 * pgw_cancel_send, pgw_abort) may run from other threads: see there.
 *
 * Ownership: every object is created by a pgw_*_new/_init function and freed
 * by the matching _free. Pointers returned by _peek-style accessors borrow
 * memory owned by the object they came from and stay valid until the next
 * call that changes that object.
 */
#ifndef PGW_H
#define PGW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* printf-style checking of a function's format string: fmt is argument f,
 * the values start at a. On Windows gcc's "printf" means the C library's
 * (no %zu); the build uses mingw-w64's C99 printf instead (configure sets
 * __USE_MINGW_ANSI_STDIO), whose archetype is gnu_printf. */
#ifdef __MINGW32__
#define PGW_PRINTF(f, a) __attribute__((format(gnu_printf, f, a)))
#else
#define PGW_PRINTF(f, a) __attribute__((format(printf, f, a)))
#endif

/* ------------------------------------------------------------------ status */

typedef enum pgw_status {
    PGW_OK = 0,
    PGW_ERR_NOMEM,       /* out of memory                                  */
    PGW_ERR_CONNECT,     /* could not reach any host (refused, DNS, ...)  */
    PGW_ERR_TIMEOUT,     /* a connect/read/write wait ran out              */
    PGW_ERR_IO,          /* the connection broke (reset, EOF)              */
    PGW_ERR_PROTOCOL,    /* the server sent bytes we cannot accept         */
    PGW_ERR_AUTH,        /* authentication method unsupported or failed locally */
    PGW_ERR_SERVER,      /* the server sent ErrorResponse: see pgw_error   */
    PGW_ERR_STATE,       /* the call does not fit the connection's state   */
    PGW_ERR_ARG,         /* bad argument from the caller                   */
    PGW_ERR_UNSUPPORTED  /* the server answered with a message this engine
                            does not take part in (COPY ... FROM STDIN / TO
                            STDOUT, replication, a stray FunctionCallResponse):
                            the request failed, pgw_error has the SQLSTATE and
                            why, and the connection stays usable (conn.c
                            "Foreign messages")                            */
} pgw_status;

/*
 * An error: either the fields of a server ErrorResponse (is_server true), or
 * a local failure with a message and a suggested SQLSTATE (08001 connect,
 * 08S01 link failure, HYT00 timeout, 28000 auth ...). Strings are owned by
 * the pgw_error and freed by pgw_error_clear().
 */
typedef struct pgw_error {
    bool is_server;
    char sqlstate[6];      /* always NUL-terminated, 5 chars when set     */
    char *severity;        /* 'S' (localized) or 'V'                      */
    char *message;         /* 'M' (or the local message)                  */
    char *detail;          /* 'D'                                         */
    char *hint;            /* 'H'                                         */
    char *position;        /* 'P'                                         */
    char *context;         /* 'W' (CrateDB puts a Java stack here: never shown) */
    char *schema, *table, *column, *constraint; /* 's' 't' 'c' 'n'        */
} pgw_error;

void pgw_error_clear(pgw_error *e);

/* ------------------------------------------------------------------ connect */

typedef struct pgw_conn pgw_conn;

/*
 * TLS use (SSLMode), with libpq's sslmode meanings; README "TLS" has the
 * details. The zero value is prefer, libpq's default.
 *   prefer       SSLRequest; TLS when the server answers S, plaintext on the
 *                same socket when it answers N (CrateDB without
 *                ssl.psql.enabled), and plaintext on a new socket when the
 *                handshake itself fails. No certificate check.
 *   disable      never TLS.
 *   allow        plaintext first; TLS (no certificate check) only when the
 *                server refused the plaintext login.
 *   require      TLS or fail; the chain is checked only when a root
 *                certificate is given.
 *   verify_ca    TLS, chain checked against the root certificate.
 *   verify_full  TLS, chain and host name (or IP address) checked.
 */
typedef enum pgw_ssl_mode {
    PGW_SSL_PREFER = 0,
    PGW_SSL_DISABLE,
    PGW_SSL_ALLOW,
    PGW_SSL_REQUIRE,
    PGW_SSL_VERIFY_CA,
    PGW_SSL_VERIFY_FULL
} pgw_ssl_mode;

/* The mode named s ("disable", "allow", "prefer", "require", "verify-ca",
 * "verify-full", case-insensitive); false for anything else. */
bool pgw_ssl_mode_parse(const char *s, pgw_ssl_mode *out);
/* The name of a mode ("verify-full"), as pgw_ssl_mode_parse accepts it. */
const char *pgw_ssl_mode_name(pgw_ssl_mode m);

typedef struct pgw_connect_params {
    /* Comma-separated host list ("a,b:5433,[::1]:5434"): tried in order, the
     * first that completes startup wins (cluster failover). Hosts that
     * failed within the last PGW_HOST_FAILED_MS (hosts.h) are tried last. */
    const char *hosts;
    bool load_balance;             /* shuffle the list first (LoadBalanceHosts) */
    /* also try the nodes pgw_nodes_remember() learned for this host list
     * and default port, after the listed hosts (or shuffled with them) */
    bool discover_nodes;
    int default_port;              /* for hosts without a port; 5432 if 0 */
    const char *user;
    const char *password;          /* may be NULL                          */
    const char *database;          /* NULL or "": no database parameter sent */
    const char *application_name;  /* may be NULL                          */
    const char *options;           /* the startup "options" (-c k=v ...), may be NULL */
    /* per host: bounds TCP connect, TLS and startup of one host (SSLMode's
     * second attempt included), so a whole connect may take up to this
     * times the number of hosts; 0 = no limit */
    int connect_timeout_ms;
    int io_timeout_ms;             /* per read/write wait; 0 = no limit   */
    /* Dead-peer detection from the login on (transport.c "Liveness"): TCP
     * keepalive after keepalive_idle_s without traffic, keepalive_count
     * probes keepalive_interval_s apart, the same bounds for unacknowledged
     * data (TCP_USER_TIMEOUT), and, while a call waits for the server, the
     * same schedule of out-of-band checks that also find a stopped server:
     * a call then fails with 08S01 (PGW_ERR_IO), a login goes on with the
     * next host. keepalive_idle_s 0: none of this, the system's keepalive
     * defaults. */
    int keepalive_idle_s;
    int keepalive_interval_s;
    int keepalive_count;
    /* TLS: the mode, and PEM files (NULL or "" = none). ssl_root_cert is
     * the CAs to trust ("system": OpenSSL's default store); ssl_cert and
     * ssl_key a client certificate (chain) and its unencrypted key, for
     * CrateDB's `cert` method (the key defaults to the ssl_cert file);
     * ssl_crl revoked certificates, checked with the chain. */
    pgw_ssl_mode ssl_mode;
    const char *ssl_root_cert;
    const char *ssl_cert;
    const char *ssl_key;
    const char *ssl_crl;
} pgw_connect_params;

pgw_conn *pgw_conn_new(void);                   /* NULL on out of memory */
/* Sends Terminate when connected, closes the socket, frees everything. */
void pgw_conn_free(pgw_conn *c);

/* Connects and runs the startup and authentication exchange until the first
 * ReadyForQuery. On failure pgw_conn_error() says why (28000/28P01 from the
 * server for a bad password, 08001 locally for an unreachable host).
 * TLS failures are PGW_ERR_CONNECT with a message naming the reason: a
 * server that answers N when the mode needs TLS, a certificate that fails
 * the check (OpenSSL's reason), a host name mismatch, a handshake error, a
 * file that cannot be loaded (this one before any host is tried). */
pgw_status pgw_connect(pgw_conn *c, const pgw_connect_params *p);

/* DiscoverNodes: remembers `nodes` (a host list in the syntax of hosts, with
 * ports) as the cluster behind the host list `hosts` with `default_port`, for
 * later connects with discover_nodes (process-wide, thread-safe; replaces
 * what was learned before). PGW_ERR_ARG for an invalid list, PGW_ERR_NOMEM. */
pgw_status pgw_nodes_remember(const char *hosts, int default_port, const char *nodes);
/* True when the nodes of `hosts` with `default_port` should be asked for
 * again: never asked, or last asked PGW_NODES_REFRESH_MS (hosts.h) or more
 * ago. A true answer claims the refresh (the next caller gets false), so
 * concurrent connects do not all ask; a refresh that fails keeps the old
 * list until the next one is due. */
bool pgw_nodes_refresh_due(const char *hosts, int default_port);

/* Sends Terminate and closes the socket; the pgw_conn may be connected again. */
void pgw_disconnect(pgw_conn *c);

bool pgw_is_connected(const pgw_conn *c);
/* The last error (borrowed; cleared by the next call that can fail). */
const pgw_error *pgw_conn_error(const pgw_conn *c);
/* A ParameterStatus value seen during startup, or NULL (borrowed). */
const char *pgw_parameter(const pgw_conn *c, const char *name);
/* True when the server announced crate_version at startup. */
bool pgw_is_cratedb(const pgw_conn *c);
/* Which host:port of the list is connected (borrowed). */
const char *pgw_connected_host(const pgw_conn *c);
int pgw_connected_port(const pgw_conn *c);
/* Counts the connected host as failed (tried last by the next connects for
 * PGW_HOST_FAILED_MS, hosts.h), e.g. when the connection to it was lost and
 * the caller is about to connect again. Call before pgw_disconnect (which
 * forgets the host); no effect on a pgw_conn that never connected. */
void pgw_conn_host_failed(const pgw_conn *c);
/* The status byte of the last ReadyForQuery: 'I', 'T' or 'E'. */
char pgw_txn_status(const pgw_conn *c);
/* Sets the read/write timeout for later calls (0 = none). */
void pgw_set_io_timeout(pgw_conn *c, int ms);

/* ------------------------------------------------------------------ results */

typedef struct pgw_column {
    char *name;            /* owned by the result                          */
    uint32_t table_oid;
    int16_t attnum;
    uint32_t type_oid;
    int16_t typlen;
    int32_t typmod;
    int16_t format;        /* 0 text, 1 binary                             */
} pgw_column;

/* One value of a row: bytes borrowed from the result, len -1 for NULL. */
typedef struct pgw_value {
    const char *ptr;
    int32_t len;
} pgw_value;

/*
 * pgw_result: what one Execute (or one step of a suspended portal) returned.
 * It holds the row description, a chunk of rows, and the completion: either
 * a command tag (complete) or PortalSuspended (more rows on request).
 * Rows live in one block owned by the result, reused across chunks: no
 * allocation per row. Values stay valid until the next pgw_fetch_more()/
 * pgw_exec() into this result or pgw_result_clear().
 */
typedef struct pgw_result {
    int ncols;
    pgw_column *cols;      /* ncols entries, or NULL when no rows come back */
    bool has_rowdesc;      /* RowDescription (or NoData) seen              */

    size_t nrows;          /* rows in this chunk                           */
    pgw_value *values;     /* nrows * ncols, row-major                     */

    bool suspended;        /* PortalSuspended: pgw_fetch_more() for more    */
    bool complete;         /* CommandComplete seen                          */
    bool empty_query;      /* EmptyQueryResponse                            */
    char tag[64];          /* CommandComplete tag (truncated if longer)     */
    int64_t rows_affected; /* signed last token of the tag; -1 if none      */

    /* statement description (from Describe S) */
    int nparams;
    uint32_t *param_oids;

    void *priv;            /* storage owned by protocol/                    */
} pgw_result;

void pgw_result_init(pgw_result *r);
/* Frees everything the result holds; it can be reused after. */
void pgw_result_clear(pgw_result *r);
/* Value of (row, col) in the current chunk. */
static inline pgw_value pgw_result_value(const pgw_result *r, size_t row, int col)
{
    return r->values[row * (size_t)r->ncols + (size_t)col];
}

/*
 * Local results: a result built by the caller rather than read from the
 * server (the driver's catalog functions), so the normal fetch path serves
 * it. begin() clears r and sets the columns (names copied, text format,
 * typmod -1); row() appends one row of NUL-terminated text values (a NULL
 * pointer is SQL NULL), copied into storage owned by r; end() marks the
 * result complete ("SELECT n"). Values are valid after end().
 * PGW_ERR_ARG for ncols < 1, PGW_ERR_STATE for row() outside begin/end.
 */
pgw_status pgw_result_local_begin(pgw_result *r, int ncols, const char *const *names,
                                  const uint32_t *type_oids);
pgw_status pgw_result_local_row(pgw_result *r, const char *const *values);
void pgw_result_local_end(pgw_result *r);

/* ------------------------------------------------------------------ queries */

/* A parameter value for Bind: len -1 is NULL; the bytes are copied. */
typedef struct pgw_param {
    const char *value;
    int32_t len;
    int16_t format;        /* 0 text, 1 binary                             */
} pgw_param;

/*
 * One extended-protocol request, sent in one write and answered in one
 * round trip: [Parse] Bind Describe(portal) Execute(max_rows) Sync|Flush.
 *  - sql non-NULL: Parse `sql` into statement `stmt_name` first ("" unnamed).
 *  - sql NULL: bind the already-prepared `stmt_name`.
 *  - portal: "" for the unnamed portal; a name when rows may be fetched later
 *    in chunks while other statements use the connection.
 *  - max_rows: 0 for all rows, N to suspend the portal after N rows.
 *  - result_formats: nresult_formats codes (0 = all text, 1 = one code for
 *    all columns, ncols = one per column), as in Bind.
 *
 * Chunked results and transactions: PostgreSQL drops a portal at the end of
 * its implicit transaction (at Sync); CrateDB keeps it. So with max_rows > 0
 * the request ends in Flush, not Sync: the portal lives on across
 * pgw_fetch_more() calls. As soon as the portal completes (CommandComplete)
 * or fails (ErrorResponse), the engine writes the Sync at once (so a write
 * commits without delay) and reads its ReadyForQuery before the next request
 * -- still one round trip per query. pgw_portal_open() tells whether a
 * suspended portal holds the implicit transaction open: any other request
 * sent then ends that transaction on PostgreSQL (not on CrateDB), so the
 * driver first drains such a portal with pgw_fetch_more(max_rows 0).
 */
typedef struct pgw_exec_req {
    const char *sql;
    const char *stmt_name;
    const char *portal;
    int nparams;
    const uint32_t *param_oids;   /* for Parse; NULL = all 0 (server infers) */
    const pgw_param *params;
    int nresult_formats;
    const int16_t *result_formats;
    int max_rows;
    bool describe_stmt;           /* with sql: Describe the statement too, so
                                     r->param_oids gets its parameter types */
} pgw_exec_req;

/* Runs the request and reads its answer (rows up to max_rows). On
 * PGW_ERR_SERVER and PGW_ERR_UNSUPPORTED the error is in pgw_conn_error()
 * and the connection stays usable. */
pgw_status pgw_exec(pgw_conn *c, const pgw_exec_req *req, pgw_result *r);

/*
 * Batches: one statement run for many parameter sets in ONE round trip:
 * [Parse, Describe statement] then per set (Bind, Execute) into the unnamed
 * portal and a single Sync (rows a set returns are read and dropped, only
 * counts come back). On CrateDB this is the native bulk path (FACTS §3.5):
 * writes wait for the Sync and run as one bulk operation; a failed set is
 * reported as count -3 without an ErrorResponse. On PostgreSQL a failing set
 * raises an error, the sets after it are skipped until the Sync, and the
 * implicit transaction undoes the ones before it.
 *
 * Only queue a write statement here (or only reads): CrateDB refuses a read
 * queued after writes before a Sync. Memory: the request goes out in pieces
 * as it is encoded, but the answer is read only at the end, so callers send
 * bounded slices (a few thousand sets); the answer is a few bytes per set.
 *
 * pgw_batch_begin starts one (sql non-NULL: Parse it into stmt_name first,
 * with param_oids when non-NULL). pgw_batch_add encodes one set (nparams
 * values, copied at once) and writes out what is pending now and then, so
 * the server works while the caller prepares the next set. pgw_batch_finish
 * sends the Sync and reads the answer; it must follow a successful begin,
 * and nothing else may use the connection in between (other calls fail
 * with HY010). A failed add breaks the connection.
 *
 * counts[one per set added] gets, per set: the row count of its
 * CommandComplete (CrateDB may say -2 "unknown" or -3 "failed", without a
 * reason), PGW_BATCH_FAILED when an ErrorResponse belongs to it,
 * PGW_BATCH_NOT_RUN when it never ran (skipped after an error, or thrown
 * away by CrateDB with a failing Bind). The first ErrorResponse is in
 * pgw_conn_error(); *o says the rest (pgw_batch_outcome).
 * Returns PGW_OK when the answer was read (even with failed sets);
 * PGW_ERR_SERVER when the statement itself failed (Parse), a local or I/O
 * error otherwise.
 *
 * CrateDB (6.4.3) answers a batch in one of three shapes: the bulk ran (a
 * CommandComplete per set); the bulk ran and failed as a whole (an
 * ErrorResponse per set, ReadyForQuery I); or something failed before
 * anything ran, a Bind or the bulk's planning at the Sync (one
 * ErrorResponse, ReadyForQuery E, the queued sets thrown away). In the last
 * shape a failing Bind's error follows the BindCompletes of the sets before
 * it, while a failure at the Sync discards every BindComplete after the
 * first (they wait behind the first deferred Execute), so one BindComplete
 * can mean either: nothing ran, and the unit is reported as failed.
 */
#define PGW_BATCH_FAILED (-5)
#define PGW_BATCH_NOT_RUN (-4)
typedef struct pgw_batch_outcome {
    int err_set;        /* the set the first ErrorResponse belongs to, -1 for none   */
    bool undone;        /* the server rolled back the sets completed before that
                           error: it ran them eagerly (CommandComplete before the
                           Sync, which CrateDB never sends for deferred writes) in
                           an implicit transaction (PostgreSQL, or anything that
                           behaves like it). Their counts are still reported.       */
    bool unit_failed;   /* CrateDB failed the sets (more than one) as one unit:
                           before running any (every count PGW_BATCH_NOT_RUN) or
                           while running them (every count PGW_BATCH_FAILED)        */
} pgw_batch_outcome;
pgw_status pgw_batch_begin(pgw_conn *c, const char *sql, const char *stmt_name, int nparams,
                           const uint32_t *param_oids);
pgw_status pgw_batch_add(pgw_conn *c, const pgw_param *params);
pgw_status pgw_batch_finish(pgw_conn *c, int64_t *counts, pgw_batch_outcome *o);

/* The parameter types (ParameterDescription) the server gave the Parse of
 * the last batch that sent one: their number (0 when unknown, e.g. the
 * Parse failed), *oids valid until the next batch with a Parse. */
int pgw_batch_param_types(const pgw_conn *c, const uint32_t **oids);

/* A whole batch from an array: begin, add every set, finish. */
typedef struct pgw_batch_req {
    const char *sql;              /* non-NULL: Parse it into stmt_name first */
    const char *stmt_name;
    int nparams;
    const uint32_t *param_oids;   /* for Parse; NULL = all 0 */
    int nsets;
    const pgw_param *params;      /* nsets * nparams, one set after another */
} pgw_batch_req;
pgw_status pgw_batch(pgw_conn *c, const pgw_batch_req *req, int64_t *counts,
                     pgw_batch_outcome *o);

/* Execute(max_rows) on a suspended portal. Rows [keep_from, nrows) of the
 * current chunk are kept (moved to the front), the new rows appended after
 * them; keep_from = r->nrows drops the whole old chunk. max_rows 0 reads
 * every remaining row. r's column description is kept. The rows before
 * keep_from are gone whatever the outcome: after a failure r holds the kept
 * rows and those that arrived before it, readable as after success. */
pgw_status pgw_fetch_more(pgw_conn *c, const char *portal, int max_rows, pgw_result *r,
                          size_t keep_from);

/* True while a suspended portal keeps the implicit transaction open (see
 * above); pgw_portal_name() says which. */
bool pgw_portal_open(const pgw_conn *c);
const char *pgw_portal_name(const pgw_conn *c);

/* Parse + Describe(statement) + Sync: fills r->nparams/param_oids and the
 * column description (ncols 0 when the statement returns no rows). */
pgw_status pgw_prepare(pgw_conn *c, const char *stmt_name, const char *sql,
                       int nparam_oids, const uint32_t *param_oids, pgw_result *r);

/* Simple Query: runs `sql` (may hold several statements) and reads until
 * ReadyForQuery, keeping the last statement's result in r (NULL: discard). */
pgw_status pgw_simple_query(pgw_conn *c, const char *sql, pgw_result *r);

/* Queues Close of a statement ('S') or portal ('P'); it is sent with the
 * next request, so closing costs no round trip of its own. A suspended
 * portal read ahead keeps streaming (its next Execute carries the Close);
 * only closing that portal itself abandons its read-ahead. */
pgw_status pgw_queue_close(pgw_conn *c, char kind, const char *name);

/*
 * Cancelling. The protocol cannot name a request: a CancelRequest stops
 * whatever the session runs when the server reads it. So a cancel is aimed
 * at one request and goes out only while that request is in flight, and the
 * connection sends nothing new while a cancel is on the wire (below).
 *
 * pgw_cancel_key: what a cancel of c needs (address, host name,
 * BackendKeyData, a reference to the TLS settings), copied at connect and
 * reference-counted, so a cancel running in another thread keeps it alive
 * while the connection is disconnected and freed under it.
 * pgw_cancel_key_get (by the thread that uses c) gives a new reference, NULL
 * when c is not connected; pgw_cancel_key_put drops one (any thread).
 *
 * pgw_cancel_arm marks the start of a request that a cancel may stop and
 * returns its number (0: c cannot be cancelled); pgw_cancel_disarm its end.
 *
 * pgw_cancel_send (any thread) opens a connection to the server (over TLS
 * when c runs over TLS, checked the same way, so the key never crosses the
 * network in plaintext; libpq 17 does the same) and sends the
 * CancelRequest, but only if request `target` is still in flight once the
 * connection is ready: PGW_ERR_STATE and nothing sent when it has ended.
 * Then it waits for the server to close the connection (the request is
 * delivered). All of it within one deadline: the connect timeout of c, or
 * 5 s. While a cancel is on the wire, the next request of c waits for it
 * (at most that deadline), so it cannot be hit by a cancel meant for the
 * one before.
 */
typedef struct pgw_cancel_key pgw_cancel_key;
pgw_cancel_key *pgw_cancel_key_get(pgw_conn *c);
/* Another reference to k (any thread holding one); returns k. */
pgw_cancel_key *pgw_cancel_key_ref(pgw_cancel_key *k);
void pgw_cancel_key_put(pgw_cancel_key *k);
uint64_t pgw_cancel_arm(pgw_conn *c);
void pgw_cancel_disarm(pgw_conn *c);
pgw_status pgw_cancel_send(pgw_cancel_key *k, uint64_t target, char *errbuf, size_t errlen);
/* True when the last cancel sent on c was for the request armed just
 * before `request`: a cancellation that `request` got was probably meant
 * for that one (a server may still apply a cancel late). */
bool pgw_cancel_sent_for_previous(pgw_conn *c, uint64_t request);
/* The deadline of one pgw_cancel_send of k, in ms. */
int pgw_cancel_deadline_ms(const pgw_cancel_key *k);
/* After a cancel of request `target` (any thread): gives the request the
 * cancel's deadline to end, sending the cancel again meanwhile if the server
 * took the last one and the request still runs (a cancel can miss); if it is
 * still in flight at the deadline, the server answers neither it nor its
 * cancel, and its connection is broken (pgw_abort) so that the request ends. */
void pgw_cancel_await(pgw_cancel_key *k, uint64_t target);
/* pgw_cancel_await on a thread of its own, so that the canceller returns
 * at once (SQLCancel does not wait for the request to end). One watcher per
 * key at a time; pgw_cancel_unwatch joins it, which the connection does
 * before it lets go of its key (a request has ended by then, so the
 * watcher returns at once). Without a thread it waits here. */
void pgw_cancel_watch(pgw_cancel_key *k, uint64_t target);
void pgw_cancel_unwatch(pgw_cancel_key *k);

/* Breaks c's connection from another thread: the request waiting on it
 * ends at once with an I/O error, and c is no longer connected. For a
 * server that answers neither a request nor its cancel. The caller keeps c
 * alive during the call (the driver's timer thread is joined before the
 * request returns). */
void pgw_abort(pgw_conn *c);

/* Row count from a command tag: the signed integer after the last space
 * (CrateDB: "INSERT 0 -3", "SELECT\N*\NFROM 3"); -1 when the tag has none. */
int64_t pgw_tag_rowcount(const char *tag);

/* ------------------------------------------------------------------ log hook */

/*
 * The engine has no log of its own: the driver hands it a callback and the
 * level it wants (the same numbers as the driver's LogLevel), and the engine
 * reports, when the level asks for it:
 *   PGW_LOG_DEBUG  PGW_EV_SQL    the SQL text of a Query, Parse or batch
 *                  PGW_EV_PARAM  a parameter value (only with `params` set)
 *   PGW_LOG_TRACE  PGW_EV_SEND / PGW_EV_RECV  one message: type and length,
 *                  never its contents (a PasswordMessage is a 'p' and a length)
 * The test is one compare of `level` per message; a zero hook costs nothing
 * else. The callback runs on the thread using the connection, inside the
 * engine call: it must not call back into the engine.
 */
enum { PGW_LOG_OFF = 0, PGW_LOG_ERROR, PGW_LOG_INFO, PGW_LOG_DEBUG, PGW_LOG_TRACE };

typedef enum pgw_log_event { PGW_EV_SEND, PGW_EV_RECV, PGW_EV_SQL, PGW_EV_PARAM } pgw_log_event;

typedef struct pgw_log_rec {
    pgw_log_event ev;
    char type;             /* SEND/RECV: the type byte, 0 for startup-phase
                              messages that have none (startup, SSLRequest) */
    size_t len;            /* SEND/RECV: the length field; SQL/PARAM: text length */
    const char *text;      /* SQL: the SQL text; PARAM: the value (NULL = SQL NULL) */
    int index;             /* PARAM: 1-based number; SQL: parameter count */
    bool binary;           /* PARAM: the value is in binary format */
} pgw_log_rec;

typedef struct pgw_log_hook {
    void (*fn)(void *ctx, const pgw_log_rec *r);
    void *ctx;
    int level;             /* PGW_LOG_*; OFF (the zero value): no calls */
    bool params;           /* PGW_EV_PARAM may carry values */
} pgw_log_hook;

/* Copies the hook into c (NULL: off). Set it before pgw_connect to see the
 * startup exchange. */
void pgw_set_log(pgw_conn *c, const pgw_log_hook *h);
/* TLS in use: the protocol version ("TLSv1.3") and cipher name (borrowed,
 * valid while connected); false on a plaintext connection. */
bool pgw_tls_info(const pgw_conn *c, const char **version, const char **cipher);

#endif
