/*
 * pgw_int.h: internals of the wire-protocol engine, shared by the files of
 * protocol/ and by the unit tests. Nothing here is part of the driver's API.
 *
 *   buf.c         pgw_buf (growable byte buffer with a cap), pgw_rd reader
 *   codec.c       sans-I/O encoder/decoder of protocol 3.0 messages
 *   transport.c   TCP socket (transport_win.c: Winsock), the TLS seam
 *   transport_buf.c  buffered reads, whole writes, their errors
 *   transport_wait.c waits, their bounds, the liveness check
 *   tls_request.c SSLRequest and its answer, and what the settings ask of
 *                 TLS, for every TLS backend
 *   tls.c         OpenSSL handshake and certificate checks, the TLS I/O
 *                 behind the transport's seam (tls_schannel.c: SChannel,
 *                 on Windows, with wincert.c's PEM files and host names)
 *   auth.c        Authentication request dispatch, cleartext, MD5
 *   auth_scram.c  SCRAM-SHA-256 client
 *   conn.c        pgw_conn: startup, requests, results
 *   cancel.c      CancelRequest on a separate connection
 */
#ifndef PGW_INT_H
#define PGW_INT_H

#include <stdarg.h>

#include "pgw_socket.h"
#include "pgw_thread.h"

#include "pgw.h"

/*
 * Default cap on one backend message (type byte + length + body): a longer
 * length field is a protocol error (08P01, reported as 08S01), never an
 * allocation. 1 GiB is PostgreSQL's own limit on any message it builds
 * (MaxAllocSize): no PostgreSQL row is longer, and a CrateDB row is one
 * Netty buffer built on a JVM heap behind its query circuit breaker, far
 * below it. A smaller cap would refuse legitimate rows (a 300 MB bytea is
 * 600 MB of hex text) and gain nothing: the receive buffer grows only with
 * the bytes that actually arrive (transport.c), so the cap bounds what a
 * server must send, not what a header can make us reserve.
 */
#define PGW_DEFAULT_MAX_MSG ((size_t)1 << 30)
/* The transport's receive block: it holds one maximal message plus this. */
#define PGW_TR_READ_BLOCK ((size_t)64 * 1024)

/* ------------------------------------------------------------------ buf.c */

/*
 * pgw_buf: a growable byte buffer. data is owned by the buffer (freed by
 * pgw_buf_free); it grows geometrically but never beyond max bytes. Append
 * functions are sticky: after a failure (cap or out of memory) `failed` is
 * set, later appends do nothing, and the caller checks once at the end.
 */
typedef struct pgw_buf {
    char *data;
    size_t len;
    size_t cap;
    size_t max;
    bool failed;
} pgw_buf;

void pgw_buf_init(pgw_buf *b, size_t max);
void pgw_buf_free(pgw_buf *b);
/* Makes room for `extra` more bytes; PGW_ERR_NOMEM beyond max or on OOM. */
pgw_status pgw_buf_reserve(pgw_buf *b, size_t extra);
void pgw_buf_put(pgw_buf *b, const void *p, size_t n);
void pgw_buf_put_u8(pgw_buf *b, uint8_t v);
void pgw_buf_put_i16(pgw_buf *b, int16_t v);
void pgw_buf_put_i32(pgw_buf *b, int32_t v);
/* Appends s and its terminating NUL. */
void pgw_buf_put_str(pgw_buf *b, const char *s);
/* Drops the first n bytes (n <= len). */
void pgw_buf_consume(pgw_buf *b, size_t n);
/* PGW_ERR_NOMEM if an append failed since the last reset; clears the flag. */
pgw_status pgw_buf_check(pgw_buf *b);

/* Big-endian loads from raw bytes (no bounds check: callers check). */
static inline int32_t pgw_load_i32(const void *p)
{
    const unsigned char *u = p;
    return (int32_t)(((uint32_t)u[0] << 24) | ((uint32_t)u[1] << 16) |
                     ((uint32_t)u[2] << 8) | (uint32_t)u[3]);
}
static inline int16_t pgw_load_i16(const void *p)
{
    const unsigned char *u = p;
    return (int16_t)(((uint16_t)u[0] << 8) | (uint16_t)u[1]);
}

/*
 * pgw_rd: a bounds-checked reader over a message body (borrowed). Reads past
 * the end set `bad` and return 0 / "" instead of touching memory.
 */
typedef struct pgw_rd {
    const char *p;
    size_t left;
    bool bad;
} pgw_rd;

void pgw_rd_init(pgw_rd *r, const char *p, size_t n);
uint8_t pgw_rd_u8(pgw_rd *r);
int16_t pgw_rd_i16(pgw_rd *r);
int32_t pgw_rd_i32(pgw_rd *r);
/* A NUL-terminated string inside the body (borrowed); sets bad if no NUL. */
const char *pgw_rd_str(pgw_rd *r, size_t *len);
/* n raw bytes (borrowed). */
const char *pgw_rd_bytes(pgw_rd *r, size_t n);

/* ------------------------------------------------------------------ errors */

/* Replaces e with a local error (is_server false). */
void pgw_set_error(pgw_error *e, const char *sqlstate, const char *fmt, ...)
    PGW_PRINTF(3, 4);
/* Moves src into dst (dst cleared first, src left empty). */
void pgw_error_move(pgw_error *dst, pgw_error *src);

/* ------------------------------------------------------------------ codec.c */

/* Frontend messages. Each appends one whole message to b; check b with
 * pgw_buf_check() after a batch. */
void pgw_enc_startup(pgw_buf *b, const char *const *kv, int npairs);
void pgw_enc_ssl_request(pgw_buf *b);
void pgw_enc_cancel(pgw_buf *b, int32_t pid, int32_t secret);
void pgw_enc_password(pgw_buf *b, const char *password);
void pgw_enc_sasl_initial(pgw_buf *b, const char *mech, const char *data, size_t len);
void pgw_enc_sasl_response(pgw_buf *b, const char *data, size_t len);
void pgw_enc_query(pgw_buf *b, const char *sql);
void pgw_enc_parse(pgw_buf *b, const char *stmt, const char *sql, int noids,
                   const uint32_t *oids);
void pgw_enc_bind(pgw_buf *b, const char *portal, const char *stmt, int nparams,
                  const pgw_param *params, int nresult_formats,
                  const int16_t *result_formats);
void pgw_enc_describe(pgw_buf *b, char kind, const char *name);
void pgw_enc_execute(pgw_buf *b, const char *portal, int32_t max_rows);
void pgw_enc_close(pgw_buf *b, char kind, const char *name);
void pgw_enc_sync(pgw_buf *b);
void pgw_enc_flush(pgw_buf *b);
void pgw_enc_terminate(pgw_buf *b);
void pgw_enc_copy_fail(pgw_buf *b, const char *why);
void pgw_enc_copy_done(pgw_buf *b);

/* One backend message; body borrows the caller's bytes. */
typedef struct pgw_msg {
    char type;
    const char *body;
    size_t len;        /* body length (length field minus 4) */
} pgw_msg;

typedef enum pgw_dec {
    PGW_DEC_MSG = 1,   /* *m holds a complete message of 5 + m->len bytes  */
    PGW_DEC_MORE = 0,  /* need more bytes; m->len is set once the header is in */
    PGW_DEC_BAD = -1   /* length field < 4 or > max_msg: the stream is lost */
} pgw_dec;

/* Looks for one complete message at the start of data[0, avail). max_msg
 * caps 5 + body length. */
pgw_dec pgw_decode(const char *data, size_t avail, size_t max_msg, pgw_msg *m);

/* Parsers of backend message bodies: PGW_OK or PGW_ERR_PROTOCOL (malformed),
 * PGW_ERR_NOMEM where they allocate. Borrowed outputs point into the body. */
typedef struct pgw_auth_req {
    int32_t code;          /* 0 ok, 3 cleartext, 5 md5, 10 SASL, 11, 12 ... */
    const char *data;      /* md5: 4-byte salt; SASL: mechanism list; 11/12: data */
    size_t len;
} pgw_auth_req;
pgw_status pgw_parse_auth(const pgw_msg *m, pgw_auth_req *out);
pgw_status pgw_parse_param_status(const pgw_msg *m, const char **name, const char **value);
pgw_status pgw_parse_backend_key(const pgw_msg *m, int32_t *pid, int32_t *secret);
pgw_status pgw_parse_ready(const pgw_msg *m, char *status);
pgw_status pgw_parse_command_complete(const pgw_msg *m, const char **tag);
/* Fills e (server error) from ErrorResponse/NoticeResponse fields; unknown
 * codes (and CrateDB's F R L) are skipped. */
pgw_status pgw_parse_error(const pgw_msg *m, pgw_error *e);
/* *oids is malloc'd (NULL when n is 0); caller frees. */
pgw_status pgw_parse_param_desc(const pgw_msg *m, int *n, uint32_t **oids);
/* *cols is one malloc'd block holding the array and the names; free(*cols). */
pgw_status pgw_parse_row_desc(const pgw_msg *m, int *ncols, pgw_column **cols);
/* Fills out[0..ncols) with pointers into the body; the field count must be
 * ncols and every length must fit. */
pgw_status pgw_parse_data_row(const pgw_msg *m, int ncols, pgw_value *out);
/* NegotiateProtocolVersion: the newest minor version and the count of
 * unrecognised options (names validated but not returned). */
pgw_status pgw_parse_negotiate(const pgw_msg *m, int32_t *version, int32_t *nopts);
/* For messages that carry no body (1 2 3 n s I). */
pgw_status pgw_parse_empty(const pgw_msg *m);

/* ------------------------------------------------------------------ transport.c */

struct pgw_transport;

/* The TLS seam: byte I/O over an established socket (plain in
 * transport.c, TLS in tls.c). read/write return the byte count, 0 on EOF
 * (read), or -1 with errno set: EAGAIN when the socket would block, with
 * t->want set to the poll() events to wait for when they are not the
 * obvious ones (TLS may have to write to read); EPROTO with t->io_error
 * saying why. pending is true while bytes are buffered inside the layer,
 * where poll() cannot see them. close frees the layer and the socket. */
typedef struct pgw_io_ops {
    ssize_t (*read)(struct pgw_transport *t, void *p, size_t n);
    ssize_t (*write)(struct pgw_transport *t, const void *p, size_t n);
    bool (*pending)(struct pgw_transport *t);
    void (*close)(struct pgw_transport *t);
} pgw_io_ops;

/*
 * pgw_transport: one non-blocking socket with a receive buffer `in` (unread
 * bytes are in[rpos, in.len)) and a send buffer `out`. Owned by pgw_conn.
 */
typedef struct pgw_transport {
    int fd;                          /* -1 when closed */
    const pgw_io_ops *ops;
    void *tls;                       /* tls.c's SSL object while TLS is on */
    short want;                      /* set by ops with EAGAIN, see above */
    char io_error[128];              /* set by ops with EPROTO */
    pgw_buf in;
    size_t rpos;
    pgw_buf out;
    size_t max_msg;
    int io_timeout_ms;               /* per wait; 0 = none */
    int64_t deadline_ms;             /* no wait past this pgw_now_ms(); 0 = none */
    pthread_mutex_t *fd_lock;        /* when set, held while fd is set or closed
                                        (pgw_abort reads fd from another thread) */
    int wake;                        /* Windows: a socket whose readiness ends a
                                        wait (pgw_tr_abort); -1 elsewhere */
    bool sent;                       /* a request went out, no byte read since */
    struct sockaddr_storage addr;    /* the address connected to */
    socklen_t addrlen;
    pgw_log_hook log;                /* pgw_set_log; zero = off (log.c) */
    /* Liveness (pgw_tr_keepalive): a wait with nothing for ka_idle_ms probes
     * the server out of band, ka_count probes ka_interval_ms apart; 0 = off.
     * ka_silent: the last wait failed because no probe was answered. */
    int ka_idle_ms, ka_interval_ms, ka_count;
    bool ka_silent;
} pgw_transport;

void pgw_tr_init(pgw_transport *t, size_t max_msg);

/* log.c: the hook's reports (pgw.h "log hook"); callers test the level
 * first so an unlogged connection pays one compare. */
void pgw_log_sent(const pgw_log_hook *h, const char *data, size_t len);
void pgw_log_received(const pgw_log_hook *h, char type, size_t len);
void pgw_log_sql(const pgw_log_hook *h, const char *sql, int nparams);
void pgw_log_params(const pgw_log_hook *h, int n, const pgw_param *params);
void pgw_tr_free(pgw_transport *t);
/* Resolves host:port and connects to the first address that accepts within
 * timeout_ms each (0 = none). On failure e says which host:port and why. */
pgw_status pgw_tr_connect(pgw_transport *t, const char *host, int port, int timeout_ms,
                          pgw_error *e);
/* Connects a plain blocking-free socket to a stored address (for cancel). */
int pgw_tr_connect_addr(const struct sockaddr *sa, socklen_t len, int timeout_ms,
                        int *err_out);
/* Writes all of out and empties it. */
pgw_status pgw_tr_flush(pgw_transport *t, pgw_error *e);
/* Reads until one complete message is buffered and returns it; m borrows
 * the receive buffer until the next pgw_tr_read_msg() call. */
pgw_status pgw_tr_read_msg(pgw_transport *t, pgw_msg *m, pgw_error *e);
void pgw_tr_close(pgw_transport *t);
/* Breaks t's connection so that a wait on it in another thread ends at
 * once and the request fails (pgw_abort; the caller holds t->fd_lock):
 * shutdown(), which wakes poll() on POSIX systems; on Windows, where it
 * wakes no select(), also a byte on t->wake. */
void pgw_tr_abort(pgw_transport *t);
/* Waits for fd readiness (POLLIN/POLLOUT) up to ms (<= 0: forever);
 * transport_wait.c. */
pgw_status pgw_wait_fd(int fd, short events, int ms);
/* After an EAGAIN from t->ops: waits up to t->io_timeout_ms for what the
 * layer asked for (t->want), else for `events`; clears t->want. */
pgw_status pgw_tr_wait(pgw_transport *t, short events);
/* Waits for t's fd to be ready for `events`: at most t->io_timeout_ms, and
 * never past t->deadline_ms (PGW_ERR_TIMEOUT). With liveness checks on
 * (pgw_tr_keepalive), a server that answers none of them ends the wait with
 * PGW_ERR_IO, errno ETIMEDOUT and t->ka_silent set. */
pgw_status pgw_tr_wait_fd(pgw_transport *t, short events);
/* Dead-peer detection for t's connected socket (idle_s 0: off, the system's
 * keepalive defaults stay): the kernel's TCP keepalive (first probe after
 * idle_s without traffic, then every interval_s, count unanswered ones
 * break the connection), TCP_USER_TIMEOUT of idle + interval * count (sent
 * data unacknowledged that long breaks it too), and the liveness check of
 * pgw_tr_wait_fd for a peer whose kernel answers for a process that does
 * not (stopped, frozen proxy): transport_wait.c "Liveness". */
void pgw_tr_keepalive(pgw_transport *t, int idle_s, int interval_s, int count);
/* Starts a non-blocking connect to sa: the socket, connected or with the
 * connect in progress (wait for POLLOUT, then SO_ERROR); -1 and *err_out. */
int pgw_tr_connect_start(const struct sockaddr *sa, socklen_t len, int *err_out);
/* transport_wait.c: turns the liveness check on for t (the kernel's
 * keepalive settings are the platform's, in pgw_tr_keepalive). */
void pgw_tr_liveness_on(pgw_transport *t, int idle_s, int interval_s, int count);

/* The platform's socket calls under transport_wait.c (transport.c,
 * transport_win.c), on sockets of pgw_tr_connect_start:
 * pgw_sock_poll: waits up to ms (<= 0: forever) until one of fds is ready
 * for its events (POLLIN/POLLOUT; an error or hangup counts as ready; fd -1
 * is skipped); the number ready (their `ready` set), 0 on timeout, -1 when
 * the wait failed. Interrupted waits go on. pgw_sock_error: 0 when the
 * connect succeeded, else the system's error code. send/recv: the byte
 * count, or -1 with errno EAGAIN (would block), EINTR or another error. */
typedef struct pgw_pollfd {
    int fd;
    short events;
    bool ready;
} pgw_pollfd;
int pgw_sock_poll(pgw_pollfd *fds, int n, int ms);
int pgw_sock_error(int fd);
ssize_t pgw_sock_send(int fd, const void *p, size_t n);
ssize_t pgw_sock_recv(int fd, void *p, size_t n);
void pgw_sock_close(int fd);
/* CLOCK_MONOTONIC in ms. */
int64_t pgw_now_ms(void);

/* ------------------------------------------------------------------ tls.c */

/*
 * pgw_tls: a connection's TLS settings, built once per pgw_connect from the
 * ssl_* parameters: the backend's context (tls.c: the SSL_CTX;
 * tls_schannel.c: the credentials handle and certificate stores) with the
 * root certificates, CRL and client certificate loaded once, and what to
 * check. Owned by pgw_conn; used by its socket and, from any thread, by
 * pgw_cancel (OpenSSL allows SSL objects of one SSL_CTX in several
 * threads, SChannel one credentials handle in several contexts; nothing
 * changes it after pgw_tls_new).
 */
typedef struct pgw_tls pgw_tls;

/* Builds the settings for p (p->ssl_mode must not be disable). 08001
 * (PGW_ERR_CONNECT) in e when a file cannot be loaded or the mode lacks one
 * it needs; PGW_ERR_NOMEM. */
pgw_status pgw_tls_new(const pgw_connect_params *p, pgw_tls **out, pgw_error *e);
/* A new reference to tls (settings are shared by a connection and the
 * cancels still running for it); pgw_tls_free drops one, the last frees. */
pgw_tls *pgw_tls_ref(pgw_tls *tls);
void pgw_tls_free(pgw_tls *tls);

/*
 * On t's freshly connected plain socket: sends SSLRequest, reads the
 * one-byte answer and, on S, runs the handshake and checks the server's
 * certificate as tls says (host names the server, for verify-full and SNI).
 * From then on t's I/O goes through TLS. On N, *refused is set and t stays
 * plain and usable (the caller decides whether that is acceptable). Errors:
 * PGW_ERR_CONNECT (08001) for another answer, a failed handshake or check,
 * with the reason in e; PGW_ERR_TIMEOUT/PGW_ERR_IO from the socket. t's
 * socket is left to the caller to close.
 */
pgw_status pgw_tls_start(pgw_transport *t, const pgw_tls *tls, const char *host, bool *refused,
                         pgw_error *e);

/* tls_request.c, for the backends' pgw_tls_start: sends SSLRequest on t's
 * plain socket and reads the one-byte answer; *refused on N. PGW_OK with
 * *refused false means S: the backend's handshake comes next. Errors as
 * pgw_tls_start's. */
pgw_status pgw_tls_request(pgw_transport *t, bool *refused, pgw_error *e);

/* tls_request.c, for the backends' pgw_tls_new: what the settings ask of
 * TLS, the same on every backend. prefer and allow accept plaintext anyway,
 * so they check no certificate: a failed check would only turn into
 * plaintext. pgw_tls_policy_new fails with 08001 for settings that cannot
 * work (verify-ca without SSLRootCert, SSLKey without SSLCert). */
typedef struct pgw_tls_policy {
    bool verify;                 /* the chain is checked                    */
    bool verify_host;            /* and the host name (verify-full)         */
    char trusted[320];           /* what the chain is checked against, for
                                    messages: SSLRootCert "..." or the system */
} pgw_tls_policy;
pgw_status pgw_tls_policy_new(const pgw_connect_params *p, pgw_tls_policy *out, pgw_error *e);
/* A setting that is there (not NULL, not ""). */
bool pgw_tls_given(const char *s);

/* ------------------------------------------------------------------ auth */

/* "md5" + hex(md5(hex(md5(password + user)) + salt)): out gets 35 chars + NUL. */
pgw_status pgw_md5_password(const char *user, const char *password, const unsigned char salt[4],
                            char out[36]);

/*
 * pgw_scram: one SCRAM-SHA-256 exchange (RFC 5802/7677), owned by its
 * creator (pgw_scram_free). Strings handed out are malloc'd and owned by the
 * caller. SASLprep is not applied: passwords are used as given (fine for
 * ASCII; other passwords must already be in normalized form).
 */
typedef struct pgw_scram pgw_scram;

/* user goes into n= (escaped); nonce NULL = 18 random bytes in base64. */
pgw_scram *pgw_scram_new(const char *user, const char *password, const char *nonce);
void pgw_scram_free(pgw_scram *s);
/* "n,,n=<user>,r=<nonce>" */
pgw_status pgw_scram_client_first(pgw_scram *s, char **out, size_t *outlen);
/* Parses server-first (r s i), derives the keys, returns client-final
 * "c=biws,r=...,p=...". PGW_ERR_AUTH with err on a bad server message. */
pgw_status pgw_scram_client_final(pgw_scram *s, const char *server_first, size_t len,
                                  char **out, size_t *outlen, char *err, size_t errlen);
/* Checks server-final "v=<ServerSignature>"; PGW_ERR_AUTH on mismatch or e=. */
pgw_status pgw_scram_verify_final(pgw_scram *s, const char *server_final, size_t len,
                                  char *err, size_t errlen);

/* ------------------------------------------------------------------ conn */

typedef struct pgw_kv {
    char *name;
    char *value;
} pgw_kv;

struct pgw_conn {
    pgw_transport t;
    bool connected;
    pgw_error err;
    pgw_tls *tls;                /* NULL with SSLMode disable; owned */

    pgw_kv *params;              /* ParameterStatus values, owned */
    int nparams;
    bool is_cratedb;             /* crate_version was announced (asked per value) */

    /* What pgw_cancel_key_new copies once connected (cancel.c). */
    int32_t be_pid, be_secret;
    bool have_key;
    bool cancel_tls;             /* the connection runs over TLS */
    struct sockaddr_storage cancel_addr;
    socklen_t cancel_addrlen;
    int connect_timeout_ms;

    pgw_cancel_key *ckey;        /* a reference, NULL until connected */
    pthread_mutex_t fd_mu;       /* t.fd_lock (pgw_abort) */
    bool lost;                   /* connected once, then broken: 08S01 */

    char host[256];
    int port;
    char txn;
    int io_timeout_ms;

    int pending_ready;           /* Syncs sent whose ReadyForQuery is unread */
    bool portal_open;            /* a Flush-ended request is suspended */
    int readahead;               /* Execute(n)+Flush of the open portal sent
                                    whose answers are unread: 0..2 (conn.c
                                    "Read-ahead") */
    char *portal_name;
    char *last_notice;
    /* a COPY the server runs while a request's answer is read (conn.c
     * "Foreign messages"): which direction still sends CopyData, how many
     * bytes of it were dropped, whether the engine cancelled it */
    enum { PGW_COPY_NONE, PGW_COPY_OUT, PGW_COPY_BOTH } copy;
    size_t copy_dropped;
    bool copy_cancelled;
    /* pgw_batch_begin .. pgw_batch_finish (conn.c) */
    struct {
        bool open;               /* begun, not finished                    */
        bool parse;              /* its request starts with Parse+Describe */
        int nparams, nsets;
        char txn_before;
        char *stmt_name;         /* owned                                  */
        size_t flush_at;         /* write out once t.out holds this much   */
        uint32_t *param_types;   /* ParameterDescription of the last batch
                                    Parse, owned (pgw_batch_param_types)   */
        int nparam_types;
    } batch;

    /* during authentication */
    const char *auth_user;
    const char *auth_password;
    pgw_scram *scram;
    bool scram_done;
};

/* cancel.c: a key for c's session (one reference, for c), NULL on out of
 * memory; c must have finished its startup. */
pgw_cancel_key *pgw_cancel_key_new(pgw_conn *c);
/* Waits (at most the key's deadline) until no cancel of k is on the wire. */
void pgw_cancel_fence(pgw_cancel_key *k);
/* Cancels the request c has in flight, from the thread running it (the
 * engine's own decision: output it only discards). False when no request
 * is armed (pgw_cancel_arm) or the cancel could not be delivered. */
bool pgw_cancel_own(pgw_conn *c);

/* Caps one backend message (and one request) at max bytes (default
 * PGW_DEFAULT_MAX_MSG); a longer length field is a protocol error. */
void pgw_conn_set_max_message(pgw_conn *c, size_t max);

/* How one connection attempt on one host uses TLS (SSLMode decides). */
typedef enum pgw_tls_use {
    PGW_TLS_OFF,          /* plaintext, no SSLRequest                          */
    PGW_TLS_IF_OFFERED,   /* SSLRequest; plaintext on the same socket after N  */
    PGW_TLS_MUST          /* SSLRequest; N fails the attempt                   */
} pgw_tls_use;

/* Why an attempt failed, as far as the SSLMode fallbacks care. */
typedef enum pgw_attempt_fail {
    PGW_FAIL_OTHER,
    PGW_FAIL_REFUSED,     /* PGW_TLS_MUST and the server answered N            */
    PGW_FAIL_HANDSHAKE    /* the server offered TLS, the handshake failed      */
} pgw_attempt_fail;

/*
 * The server-facing part of one connection attempt, on c->t's freshly
 * connected socket (pgw_connect's attempt does the TCP part first): TLS as
 * `use` says (c->tls built for p), then the startup and authentication
 * exchange until the first ReadyForQuery. Everything it reads comes from
 * the server, so the fuzz target tests/fuzz/fuzz_startup.c calls it on a
 * socketpair. On failure c->t is closed, the session state is dropped, c->err
 * says why and *why what the SSLMode fallbacks need. Does not mark c
 * connected (the caller does, with the host it reached); the caller sets
 * c->t.deadline_ms for the whole exchange (attempt: the login timeout).
 */
pgw_status pgw_conn_handshake(pgw_conn *c, const char *host, const pgw_connect_params *p,
                              pgw_tls_use use, pgw_attempt_fail *why);

/* Answers one Authentication request (code != 0) during startup: writes and
 * flushes the reply. Failures set c->err. */
pgw_status pgw_auth_handle(pgw_conn *c, const pgw_auth_req *req);

#endif
