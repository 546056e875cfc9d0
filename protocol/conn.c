/*
 * conn.c: pgw_conn and pgw_result. Connects over the host list and runs the
 * startup exchange; sends extended-protocol requests ([Parse] Bind Describe
 * Execute Sync|Flush) in one write and reads their answer into a pgw_result;
 * Simple Query; queued Close. See pgw.h for the request contract, in
 * particular the Flush-ended chunked portals whose Sync is sent as soon as
 * the portal completes and whose ReadyForQuery is read lazily.
 *
 * Result storage: row bodies are copied with one memcpy each into an arena
 * owned by the result (priv) and reused across chunks; while a chunk is being
 * read, values hold arena offsets, turned into pointers when the read ends
 * (the arena may move as it grows).
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "hosts.h"
#include "pgw_int.h"

/* ------------------------------------------------------------------ results */

/* Owned by the pgw_result (r->priv). */
typedef struct res_priv {
    char *arena;
    size_t alen, acap;
    size_t *row_off;       /* arena offset of each row's body */
    size_t row_cap;        /* rows that values/row_off have room for */
    size_t val_cap;        /* pgw_value slots allocated in r->values */
    bool offsets;          /* values hold offsets (a read is under way) */
} res_priv;

void pgw_result_init(pgw_result *r)
{
    memset(r, 0, sizeof *r);
    r->rows_affected = -1;
}

void pgw_result_clear(pgw_result *r)
{
    res_priv *p = r->priv;
    if (p) {
        free(p->arena);
        free(p->row_off);
        free(p);
    }
    free(r->cols);
    free(r->values);
    free(r->param_oids);
    pgw_result_init(r);
}

static res_priv *res_priv_get(pgw_result *r)
{
    if (!r->priv)
        r->priv = calloc(1, sizeof(res_priv));
    return r->priv;
}

/* Forgets the completion state of the last chunk. */
static void res_reset_status(pgw_result *r)
{
    r->suspended = false;
    r->complete = false;
    r->empty_query = false;
    r->tag[0] = '\0';
    r->rows_affected = -1;
}

/* Drops rows and the description (start of a new statement). */
static void res_reset_rows(pgw_result *r)
{
    res_priv *p = r->priv;
    r->nrows = 0;
    if (p)
        p->alen = 0;
    free(r->cols);
    r->cols = NULL;
    r->ncols = 0;
    r->has_rowdesc = false;
    res_reset_status(r);
}

static void res_to_pointers(pgw_result *r)
{
    res_priv *p = r->priv;
    if (!p || !p->offsets)
        return;
    size_t n = r->nrows * (size_t)r->ncols;
    for (size_t i = 0; i < n; i++) {
        pgw_value *v = &r->values[i];
        if (v->len >= 0)
            v->ptr = p->arena + (uintptr_t)v->ptr;
    }
    p->offsets = false;
}

/* Keeps rows [keep_from, nrows) at the front, in offset form. */
static void res_keep_rows(pgw_result *r, size_t keep_from)
{
    res_priv *p = r->priv;
    if (!p || keep_from >= r->nrows) {
        r->nrows = 0;
        if (p)
            p->alen = 0;
        return;
    }
    size_t kept = r->nrows - keep_from, nc = (size_t)r->ncols;
    size_t delta = p->row_off[keep_from];
    for (size_t i = keep_from * nc; i < r->nrows * nc; i++) {
        pgw_value *v = &r->values[i];
        if (v->len >= 0)
            v->ptr = (const char *)(uintptr_t)((size_t)(v->ptr - p->arena) - delta);
    }
    p->offsets = true;
    if (keep_from > 0)
        memmove(r->values, r->values + keep_from * nc, kept * nc * sizeof(pgw_value));
    /* the kept bytes move to the arena's start whenever they are not there,
     * also with keep_from 0: a second RowDescription in one answer leaves
     * the first row it describes further down (read_response) */
    if (delta > 0) {
        for (size_t i = 0; i < kept; i++)
            p->row_off[i] = p->row_off[keep_from + i] - delta;
        memmove(p->arena, p->arena + delta, p->alen - delta);
        p->alen -= delta;
    }
    r->nrows = kept;
}

/* Appends one DataRow: validates it, copies its body into the arena. */
static pgw_status res_add_row(pgw_result *r, const pgw_msg *m)
{
    res_priv *p = res_priv_get(r);
    if (!p)
        return PGW_ERR_NOMEM;
    size_t nc = (size_t)r->ncols;
    if (r->nrows >= p->row_cap) {
        size_t rows = p->row_cap ? p->row_cap * 2 : 64;
        size_t *ro = realloc(p->row_off, rows * sizeof *ro);
        if (!ro)
            return PGW_ERR_NOMEM;
        p->row_off = ro;
        p->row_cap = rows;
    }
    if ((r->nrows + 1) * nc > p->val_cap) {
        size_t vals = p->row_cap * nc;
        pgw_value *v = realloc(r->values, vals * sizeof *v);
        if (!v)
            return PGW_ERR_NOMEM;
        r->values = v;
        p->val_cap = vals;
    }
    if (!r->values) {
        /* ncols 0: values must still be a valid pointer for the parser */
        r->values = malloc(sizeof(pgw_value));
        if (!r->values)
            return PGW_ERR_NOMEM;
        p->val_cap = 1;
    }
    pgw_value *row = r->values + r->nrows * nc;
    if (pgw_parse_data_row(m, r->ncols, row) != PGW_OK)
        return PGW_ERR_PROTOCOL;
    if (p->acap - p->alen < m->len) {
        size_t need = p->alen + m->len;
        size_t cap = p->acap ? p->acap : 16384;
        while (cap < need) {
            if (cap > SIZE_MAX / 2)
                return PGW_ERR_NOMEM;
            cap *= 2;
        }
        char *a = realloc(p->arena, cap);
        if (!a)
            return PGW_ERR_NOMEM;
        p->arena = a;
        p->acap = cap;
    }
    size_t base = p->alen;
    if (m->len)
        memcpy(p->arena + base, m->body, m->len);
    p->alen += m->len;
    for (size_t i = 0; i < nc; i++)
        if (row[i].len >= 0)
            row[i].ptr = (const char *)(uintptr_t)(base + (size_t)(row[i].ptr - m->body));
    p->offsets = true;
    p->row_off[r->nrows] = base;
    r->nrows++;
    return PGW_OK;
}

/* ------------------------------------------------------------------ local results */

pgw_status pgw_result_local_begin(pgw_result *r, int ncols, const char *const *names,
                                  const uint32_t *type_oids)
{
    pgw_result_clear(r);
    if (ncols <= 0 || !names || !type_oids)
        return PGW_ERR_ARG;
    /* the names live in the same block as the columns, as for a RowDescription */
    size_t names_len = 0;
    for (int i = 0; i < ncols; i++)
        names_len += strlen(names[i]) + 1;
    r->cols = calloc(1, (size_t)ncols * sizeof *r->cols + names_len);
    if (!r->cols || !res_priv_get(r)) {
        pgw_result_clear(r);
        return PGW_ERR_NOMEM;
    }
    r->ncols = ncols;
    char *at = (char *)(r->cols + ncols);
    for (int i = 0; i < ncols; i++) {
        size_t n = strlen(names[i]) + 1;
        memcpy(at, names[i], n);
        r->cols[i].name = at;
        at += n;
        r->cols[i].type_oid = type_oids[i];
        r->cols[i].typlen = -1;
        r->cols[i].typmod = -1;
    }
    r->has_rowdesc = true;
    return PGW_OK;
}

/* Builds the DataRow body of the values and appends it like a received one,
 * so local rows share the arena and the reuse rules of server rows. */
pgw_status pgw_result_local_row(pgw_result *r, const char *const *values)
{
    if (!r->has_rowdesc || r->complete)
        return PGW_ERR_STATE;
    size_t body = 2;
    for (int i = 0; i < r->ncols; i++)
        body += 4 + (values[i] ? strlen(values[i]) : 0);
    if (body > INT32_MAX)
        return PGW_ERR_ARG;
    char *b = malloc(body);
    if (!b)
        return PGW_ERR_NOMEM;
    size_t at = 0;
    b[at++] = (char)((r->ncols >> 8) & 0xff);
    b[at++] = (char)(r->ncols & 0xff);
    for (int i = 0; i < r->ncols; i++) {
        uint32_t len = values[i] ? (uint32_t)strlen(values[i]) : 0xffffffffu;
        for (int k = 3; k >= 0; k--)
            b[at++] = (char)((len >> (8 * k)) & 0xff);
        if (values[i]) {
            memcpy(b + at, values[i], len);
            at += len;
        }
    }
    pgw_msg m;
    memset(&m, 0, sizeof m);
    m.type = 'D';
    m.body = b;
    m.len = body;
    pgw_status st = res_add_row(r, &m);
    free(b);
    return st;
}

void pgw_result_local_end(pgw_result *r)
{
    res_to_pointers(r);
    r->complete = true;
    r->suspended = false;
    snprintf(r->tag, sizeof r->tag, "SELECT %zu", r->nrows);
    r->rows_affected = (int64_t)r->nrows;
}

/* ------------------------------------------------------------------ conn basics */

pgw_conn *pgw_conn_new(void)
{
    pgw_conn *c = calloc(1, sizeof *c);
    if (!c)
        return NULL;
    pgw_tr_init(&c->t, PGW_DEFAULT_MAX_MSG);
    pthread_mutex_init(&c->fd_mu, NULL);
    c->t.fd_lock = &c->fd_mu;
    c->txn = 'I';
    return c;
}

void pgw_conn_set_max_message(pgw_conn *c, size_t max)
{
    if (max < 1024)
        max = 1024;
    c->t.max_msg = max;
    c->t.in.max = max + 64 * 1024;
    c->t.out.max = max;
}

static void free_session(pgw_conn *c)
{
    for (int i = 0; i < c->nparams; i++) {
        free(c->params[i].name);
        free(c->params[i].value);
    }
    free(c->params);
    c->params = NULL;
    c->nparams = 0;
    c->is_cratedb = false;
    free(c->portal_name);
    c->portal_name = NULL;
    free(c->batch.stmt_name);
    free(c->batch.param_types);
    memset(&c->batch, 0, sizeof c->batch);
    free(c->last_notice);
    c->last_notice = NULL;
    pgw_scram_free(c->scram);
    c->scram = NULL;
    c->scram_done = false;
    c->have_key = false;
    c->cancel_tls = false;
    pgw_cancel_unwatch(c->ckey);
    pgw_cancel_key_put(c->ckey);   /* cancels still running keep their own */
    c->ckey = NULL;
    c->lost = false;
    c->pending_ready = 0;
    c->portal_open = false;
    c->readahead = 0;
    c->copy = PGW_COPY_NONE;
    c->connected = false;
    c->txn = 'I';
    c->host[0] = '\0';
    c->port = 0;
}

/* The connection can no longer be trusted (I/O error, FATAL, bad bytes). */
static void mark_broken(pgw_conn *c)
{
    pgw_tr_close(&c->t);
    if (c->connected)
        c->lost = true;
    c->connected = false;
    c->pending_ready = 0;
    c->portal_open = false;
    c->readahead = 0;
    c->batch.open = false;
    c->copy = PGW_COPY_NONE;
}

void pgw_disconnect(pgw_conn *c)
{
    if (!c)
        return;
    if (c->connected && c->t.fd >= 0) {
        pgw_error scratch = {0};
        c->t.out.len = 0; /* drop queued Close messages */
        pgw_enc_terminate(&c->t.out);
        if (c->t.io_timeout_ms == 0 || c->t.io_timeout_ms > 2000)
            c->t.io_timeout_ms = 2000;
        pgw_tr_flush(&c->t, &scratch);
        pgw_error_clear(&scratch);
    }
    pgw_tr_close(&c->t);
    free_session(c);
    pgw_tls_free(c->tls);
    c->tls = NULL;
}

void pgw_conn_free(pgw_conn *c)
{
    if (!c)
        return;
    pgw_disconnect(c);
    pgw_tr_free(&c->t);
    pthread_mutex_destroy(&c->fd_mu);
    pgw_error_clear(&c->err);
    free(c);
}

bool pgw_is_connected(const pgw_conn *c)
{
    return c && c->connected;
}

const pgw_error *pgw_conn_error(const pgw_conn *c)
{
    return &c->err;
}

/* Case-insensitive: PostgreSQL says DateStyle where CrateDB says datestyle. */
const char *pgw_parameter(const pgw_conn *c, const char *name)
{
    for (int i = 0; i < c->nparams; i++)
        if (strcasecmp(c->params[i].name, name) == 0)
            return c->params[i].value;
    return NULL;
}

bool pgw_is_cratedb(const pgw_conn *c)
{
    return c->is_cratedb;
}

const char *pgw_connected_host(const pgw_conn *c)
{
    return c->host;
}

int pgw_connected_port(const pgw_conn *c)
{
    return c->port;
}

void pgw_conn_host_failed(const pgw_conn *c)
{
    if (c == NULL || c->host[0] == '\0' || c->port <= 0)
        return;
    pgw_host h = {.port = c->port};
    snprintf(h.name, sizeof h.name, "%s", c->host);
    pgw_hosts_mark_failed(&h, pgw_now_ms());
}

char pgw_txn_status(const pgw_conn *c)
{
    return c->txn;
}

void pgw_set_io_timeout(pgw_conn *c, int ms)
{
    c->io_timeout_ms = ms < 0 ? 0 : ms;
    c->t.io_timeout_ms = c->io_timeout_ms;
}

bool pgw_portal_open(const pgw_conn *c)
{
    return c->portal_open;
}

const char *pgw_portal_name(const pgw_conn *c)
{
    return c->portal_open && c->portal_name ? c->portal_name : "";
}

static pgw_status set_param(pgw_conn *c, const char *name, const char *value)
{
    /* CrateDB announces itself this way (FACTS §1.4); kept as a flag because the
     * driver asks on its per-value conversion path. */
    if (strcasecmp(name, "crate_version") == 0)
        c->is_cratedb = true;
    for (int i = 0; i < c->nparams; i++) {
        if (strcmp(c->params[i].name, name) == 0) {
            char *v = strdup(value);
            if (!v)
                return PGW_ERR_NOMEM;
            free(c->params[i].value);
            c->params[i].value = v;
            return PGW_OK;
        }
    }
    pgw_kv *a = realloc(c->params, (size_t)(c->nparams + 1) * sizeof *a);
    if (!a)
        return PGW_ERR_NOMEM;
    c->params = a;
    char *n = strdup(name), *v = strdup(value);
    if (!n || !v) {
        free(n);
        free(v);
        return PGW_ERR_NOMEM;
    }
    a[c->nparams].name = n;
    a[c->nparams].value = v;
    c->nparams++;
    return PGW_OK;
}

static pgw_status protocol_error(pgw_conn *c, char type)
{
    if (type >= 0x20 && type < 0x7f)
        pgw_set_error(&c->err, "08P01", "malformed or unexpected '%c' message from server",
                      type);
    else
        pgw_set_error(&c->err, "08P01", "unexpected message type 0x%02x from server",
                      (unsigned char)type);
    mark_broken(c);
    return PGW_ERR_PROTOCOL;
}

static pgw_status nomem(pgw_conn *c)
{
    pgw_set_error(&c->err, "HY001", "out of memory");
    return PGW_ERR_NOMEM;
}

/* A ParameterDescription into *oids and *n (replacing what they held, owned by
 * the caller). A malformed message or no memory breaks the connection. */
static pgw_status take_param_desc(pgw_conn *c, const pgw_msg *m, uint32_t **oids, int *n)
{
    uint32_t *got;
    int count;
    pgw_status st = pgw_parse_param_desc(m, &count, &got);
    if (st == PGW_ERR_PROTOCOL)
        return protocol_error(c, m->type);
    if (st != PGW_OK) {
        nomem(c);
        mark_broken(c);
        return st;
    }
    free(*oids);
    *oids = got;
    *n = count;
    return PGW_OK;
}

static void keep_notice(pgw_conn *c, const pgw_msg *m)
{
    pgw_error n = {0};
    if (pgw_parse_error(m, &n) == PGW_OK && n.message) {
        free(c->last_notice);
        c->last_notice = n.message;
        n.message = NULL;
    }
    pgw_error_clear(&n);
}

static bool is_fatal(const pgw_error *e)
{
    return e->severity &&
           (strcmp(e->severity, "FATAL") == 0 || strcmp(e->severity, "PANIC") == 0);
}

/* ------------------------------------------------------------------ connect */

/* Startup on an open socket until ReadyForQuery. */
static pgw_status startup(pgw_conn *c, const pgw_connect_params *p)
{
    const char *kv[12];
    int n = 0;
    if (p->user && *p->user) {
        kv[n++] = "user";
        kv[n++] = p->user;
    }
    if (p->database && *p->database) {
        kv[n++] = "database";
        kv[n++] = p->database;
    }
    if (p->application_name && *p->application_name) {
        kv[n++] = "application_name";
        kv[n++] = p->application_name;
    }
    kv[n++] = "client_encoding";
    kv[n++] = "UTF8";
    if (p->options && *p->options) {
        kv[n++] = "options";
        kv[n++] = p->options;
    }
    pgw_enc_startup(&c->t.out, kv, n / 2);
    pgw_status st = pgw_tr_flush(&c->t, &c->err);
    if (st != PGW_OK)
        return st;
    c->auth_user = p->user ? p->user : "";
    c->auth_password = p->password;
    for (;;) {
        pgw_msg m;
        if ((st = pgw_tr_read_msg(&c->t, &m, &c->err)) != PGW_OK)
            return st;
        switch (m.type) {
        case 'R': {
            pgw_auth_req req;
            if (pgw_parse_auth(&m, &req) != PGW_OK)
                return protocol_error(c, m.type);
            if (req.code == 0) {
                if (c->scram && !c->scram_done) {
                    pgw_set_error(&c->err, "28000",
                                  "server accepted SCRAM authentication without proving "
                                  "it knows the password");
                    return PGW_ERR_AUTH;
                }
                break;
            }
            if ((st = pgw_auth_handle(c, &req)) != PGW_OK)
                return st;
            break;
        }
        case 'E':
            if (pgw_parse_error(&m, &c->err) == PGW_ERR_NOMEM)
                return nomem(c);
            return PGW_ERR_SERVER;
        case 'S': {
            const char *name, *value;
            if (pgw_parse_param_status(&m, &name, &value) != PGW_OK)
                return protocol_error(c, m.type);
            if (set_param(c, name, value) != PGW_OK)
                return nomem(c);
            break;
        }
        case 'K':
            if (pgw_parse_backend_key(&m, &c->be_pid, &c->be_secret) != PGW_OK)
                return protocol_error(c, m.type);
            c->have_key = true;
            break;
        case 'v': {
            int32_t ver, nopts;
            if (pgw_parse_negotiate(&m, &ver, &nopts) != PGW_OK)
                return protocol_error(c, m.type);
            break; /* we asked for 3.0: nothing to downgrade */
        }
        case 'N':
            keep_notice(c, &m);
            break;
        case 'Z':
            if (pgw_parse_ready(&m, &c->txn) != PGW_OK)
                return protocol_error(c, m.type);
            return PGW_OK;
        default:
            return protocol_error(c, m.type);
        }
    }
}

/* One connection attempt to host:port: TCP, TLS as `use` says, startup, all
 * before deadline_ms (pgw_now_ms(); 0 = none). On failure the socket is
 * closed, *why says what failed. */
static pgw_status attempt(pgw_conn *c, const char *host, int port, const pgw_connect_params *p,
                          int64_t deadline_ms, pgw_tls_use use, pgw_attempt_fail *why)
{
    *why = PGW_FAIL_OTHER;
    int timeout_ms = 0;
    if (deadline_ms > 0) {
        int64_t left = deadline_ms - pgw_now_ms();
        if (left <= 0) {
            pgw_set_error(&c->err, "HYT00", "timed out connecting to the server");
            return PGW_ERR_TIMEOUT;
        }
        timeout_ms = left > INT_MAX ? INT_MAX : (int)left;
    }
    c->t.io_timeout_ms = timeout_ms > 0 ? timeout_ms : p->io_timeout_ms;
    pgw_status st = pgw_tr_connect(&c->t, host, port, timeout_ms, &c->err);
    if (st != PGW_OK)
        return st;
    /* from the login on: a stopped server is left for the next host */
    pgw_tr_keepalive(&c->t, p->keepalive_idle_s, p->keepalive_interval_s, p->keepalive_count);
    /* the login timeout bounds the whole login, not each wait: a server that
     * trickles a byte now and then must not keep the application waiting */
    c->t.deadline_ms = deadline_ms;
    st = pgw_conn_handshake(c, host, p, use, why);
    c->t.deadline_ms = 0;
    return st;
}

/* attempt's TLS negotiation and startup on the connected socket: contract
 * in pgw_int.h (the startup fuzz target calls it on a socketpair). */
pgw_status pgw_conn_handshake(pgw_conn *c, const char *host, const pgw_connect_params *p,
                              pgw_tls_use use, pgw_attempt_fail *why)
{
    *why = PGW_FAIL_OTHER;
    pgw_status st;
    if (use != PGW_TLS_OFF) {
        bool refused;
        st = pgw_tls_start(&c->t, c->tls, host, &refused, &c->err);
        if (st == PGW_ERR_CONNECT && c->t.tls != NULL)
            *why = PGW_FAIL_HANDSHAKE;
        if (st == PGW_OK && refused && use == PGW_TLS_MUST) {
            pgw_set_error(&c->err, "08001", "server does not support SSL, but SSLMode=%s",
                          pgw_ssl_mode_name(p->ssl_mode));
            *why = PGW_FAIL_REFUSED;
            st = PGW_ERR_CONNECT;
        }
        if (st != PGW_OK) {
            pgw_tr_close(&c->t);
            return st;
        }
    }
    st = startup(c, p);
    pgw_scram_free(c->scram);
    c->scram = NULL;
    c->auth_password = NULL;
    c->auth_user = NULL;
    if (st != PGW_OK) {
        pgw_tr_close(&c->t);
        free_session(c);
    }
    return st;
}

/*
 * Connects to one host of the list with SSLMode's rules (pgw.h): prefer
 * falls back to plaintext when the server answers N (same socket) or the
 * handshake fails (new socket); allow tries plaintext first and TLS once
 * the server refused the plaintext login. A login the server refused over
 * TLS is never retried in plaintext (libpq does, in prefer): the password
 * would cross the network in the clear right after the server said no.
 */
static pgw_status try_host(pgw_conn *c, const char *host, int port,
                           const pgw_connect_params *p)
{
    pgw_attempt_fail why;
    pgw_status st;
    /* the login timeout is the host's: a second attempt (prefer, allow)
     * shares it, so one black-holed host costs it once */
    int64_t deadline = p->connect_timeout_ms > 0 ? pgw_now_ms() + p->connect_timeout_ms : 0;
    switch (p->ssl_mode) {
    case PGW_SSL_DISABLE:
        st = attempt(c, host, port, p, deadline, PGW_TLS_OFF, &why);
        break;
    case PGW_SSL_ALLOW:
        st = attempt(c, host, port, p, deadline, PGW_TLS_OFF, &why);
        if (st == PGW_ERR_SERVER) {
            pgw_error plain_err = {0};
            pgw_error_move(&plain_err, &c->err);
            st = attempt(c, host, port, p, deadline, PGW_TLS_MUST, &why);
            if (st != PGW_OK && why == PGW_FAIL_REFUSED) {
                /* no TLS either: the plaintext refusal is the answer */
                pgw_error_move(&c->err, &plain_err);
                st = PGW_ERR_SERVER;
            }
            pgw_error_clear(&plain_err);
        }
        break;
    case PGW_SSL_PREFER:
        st = attempt(c, host, port, p, deadline, PGW_TLS_IF_OFFERED, &why);
        if (st == PGW_ERR_CONNECT && why == PGW_FAIL_HANDSHAKE)
            st = attempt(c, host, port, p, deadline, PGW_TLS_OFF, &why);
        break;
    default:
        st = attempt(c, host, port, p, deadline, PGW_TLS_MUST, &why);
        break;
    }
    if (st != PGW_OK)
        return st;
    snprintf(c->host, sizeof c->host, "%s", host);
    c->port = port;
    memcpy(&c->cancel_addr, &c->t.addr, sizeof c->cancel_addr);
    c->cancel_addrlen = c->t.addrlen;
    c->cancel_tls = c->t.tls != NULL;
    c->connect_timeout_ms = p->connect_timeout_ms;
    c->io_timeout_ms = p->io_timeout_ms;
    c->t.io_timeout_ms = p->io_timeout_ms;
    c->connected = true;
    c->lost = false;
    /* without one (out of memory) requests run, they just cannot be cancelled */
    pgw_cancel_unwatch(c->ckey);
    pgw_cancel_key_put(c->ckey);
    c->ckey = pgw_cancel_key_new(c);
    return PGW_OK;
}

/* The 08001 of a connect that tried several hosts and reached none: one
 * message naming each host and why, in the order tried, so an administrator
 * reads the whole story in the one record every application shows. Each
 * reason is cut at REASON_MAX, the whole at REPORT_MAX ("N more" says what
 * was cut), so the message fits pgw_set_error's 1024 bytes. */
#define REASON_MAX 160
#define REPORT_MAX 900
typedef struct fail_report {
    char text[REPORT_MAX];
    size_t len;
    int listed, dropped;
} fail_report;

static void report_add(fail_report *r, const pgw_host *h, const char *why)
{
    char where[300], item[REASON_MAX + 310];
    pgw_host_format(h, where, sizeof where);
    if (why == NULL || *why == '\0')
        why = "failed";
    /* transport.c's messages name the host already ("could not connect to
     * server at h:p: Connection refused"): keep only what follows it */
    char named[sizeof where + 2];
    snprintf(named, sizeof named, "%s: ", where);
    const char *at = strstr(why, named);
    if (at)
        why = at + strlen(named);
    snprintf(item, sizeof item, "%s: %.*s", where, REASON_MAX, why);
    size_t need = strlen(item) + (r->listed ? 2 : 0);
    if (r->dropped || r->len + need + 32 >= sizeof r->text) {
        r->dropped++;   /* room is kept for the "; N more" */
        return;
    }
    r->len += (size_t)snprintf(r->text + r->len, sizeof r->text - r->len, "%s%s",
                               r->listed ? "; " : "", item);
    r->listed++;
}

pgw_status pgw_connect(pgw_conn *c, const pgw_connect_params *p)
{
    if (!c)
        return PGW_ERR_ARG;
    pgw_error_clear(&c->err);
    /* a host list that cannot be read is the user's connect failure (08001),
     * not the caller's bad argument */
    if (!p || !p->hosts || !*p->hosts) {
        pgw_set_error(&c->err, "08001", "no host given");
        return PGW_ERR_CONNECT;
    }
    if (c->connected || c->t.fd >= 0)
        pgw_disconnect(c);
    pgw_tls_free(c->tls);
    c->tls = NULL;
    int defport = p->default_port > 0 ? p->default_port : 5432;
    pgw_host_list hosts = {0};
    fail_report *report = NULL;
    pgw_status st = pgw_hosts_parse(&hosts, p->hosts, defport, &c->err);
    if (st == PGW_ERR_ARG)
        st = PGW_ERR_CONNECT;
    if (st != PGW_OK)
        goto out;
    if (p->discover_nodes && !pgw_nodes_append_known(&hosts, p->hosts, defport)) {
        st = nomem(c);
        goto out;
    }
    /* the certificates are loaded once for every host of the list: a file
     * that cannot be read fails here, before any host is tried */
    if (p->ssl_mode != PGW_SSL_DISABLE && (st = pgw_tls_new(p, &c->tls, &c->err)) != PGW_OK)
        goto out;
    if (hosts.n > 1 && (report = calloc(1, sizeof *report)) == NULL) {
        st = nomem(c);
        goto out;
    }
    pgw_hosts_order(&hosts, p->load_balance, pgw_now_ms(), NULL, NULL);
    st = PGW_ERR_CONNECT;
    for (size_t i = 0; i < hosts.n; i++) {
        const pgw_host *h = &hosts.v[i];
        st = try_host(c, h->name, h->port, p);
        if (st == PGW_OK) {
            pgw_hosts_mark_ok(h);
            pgw_error_clear(&c->err); /* earlier hosts' failures */
            goto out;
        }
        /* Authentication problems are the same on every node: stop. */
        if (st == PGW_ERR_AUTH || st == PGW_ERR_NOMEM ||
            (st == PGW_ERR_SERVER && strncmp(c->err.sqlstate, "28", 2) == 0))
            goto out;
        pgw_hosts_mark_failed(h, pgw_now_ms());
        if (report)
            report_add(report, h, c->err.message);
    }
    if (report) {
        st = PGW_ERR_CONNECT;
        if (report->dropped)
            pgw_set_error(&c->err, "08001", "could not connect to any of %zu hosts: %s; "
                          "%d more", hosts.n, report->text, report->dropped);
        else
            pgw_set_error(&c->err, "08001", "could not connect to any of %zu hosts: %s",
                          hosts.n, report->text);
    }
out:
    free(report);
    pgw_hosts_free(&hosts);
    if (st != PGW_OK) {
        pgw_tls_free(c->tls);
        c->tls = NULL;
    }
    return st;
}

/* ------------------------------------------------------------------ requests */

typedef enum rmode {
    RM_SYNC,      /* read to ReadyForQuery */
    RM_FLUSH,     /* read to PortalSuspended, CommandComplete or ErrorResponse */
    RM_SIMPLE     /* Simple Query: several results, keep the last */
} rmode;

/*
 * Read-ahead of a suspended portal. When a chunk of a Flush-ended Execute(n)
 * arrives suspended, the next Execute(n)+Flush goes out at once, its answer
 * unread (c->readahead counts such Executes). On PostgreSQL pgw_fetch_more
 * sends one more BEFORE it reads the chunk it returns: two in flight while
 * it waits, so the server finds the next Execute queued when it suspends
 * instead of idling a round trip per chunk. Memory stays bounded: one chunk
 * in the client, at most two in the socket and the server.
 * CrateDB gets one: an Execute that arrives while a chunk is still being
 * produced, or after the portal ended, starts a new execution that closes
 * the portal and answers nothing, not even later Syncs (Session.java
 * execute/singleExec, DelayableWriteChannel.java).
 * The chunk that ends the portal is followed by the late Sync; what the
 * Execute in flight brings (PostgreSQL: "SELECT 0", nothing after an error)
 * comes before its ReadyForQuery, and drain_pending drops it. Any other
 * request abandons the read-ahead (check_ready -> abandon_prefetch): a Sync
 * ahead of it, the same drop. The driver reads a portal's remaining rows
 * before another statement's request (drv_stmt_yield_conn), so only a
 * cursor closed early is abandoned. A queued Close of another portal or of
 * a statement is no request: it rides along with the streaming portal's
 * next Execute (PostgreSQL answers it in order, CloseComplete between two
 * chunks; on CrateDB that Execute goes out only once the chunk before it
 * was read) or with the late Sync.
 */
static void abandon_prefetch(pgw_conn *c)
{
    c->readahead = 0;
    c->portal_open = false;
    pgw_enc_sync(&c->t.out);
    c->pending_ready++;
}

/* Executes of a streaming portal that may be in flight at once (above). */
static int readahead_limit(const pgw_conn *c)
{
    return c->is_cratedb ? 1 : 2;
}

/* Sends a read-ahead Execute(max_rows)+Flush of `portal`. A failed send
 * breaks the connection, with the reason in *err (the caller's scratch when
 * the chunk it has read stays valid: the next request reports the break). */
static pgw_status start_prefetch(pgw_conn *c, const char *portal, int max_rows, pgw_error *err)
{
    pgw_enc_execute(&c->t.out, portal, max_rows);
    pgw_enc_flush(&c->t.out);
    pgw_status st = pgw_tr_flush(&c->t, err);
    if (st == PGW_OK)
        c->readahead++;
    else
        mark_broken(c);
    return st;
}

/* Sends what t.out holds; the connection breaks on failure. */
static pgw_status send_out(pgw_conn *c)
{
    pgw_status st = pgw_tr_flush(&c->t, &c->err);
    if (st != PGW_OK && st != PGW_ERR_NOMEM)
        mark_broken(c);
    return st;
}

/* After CommandComplete/ErrorResponse of a Flush-ended request. */
static pgw_status send_late_sync(pgw_conn *c)
{
    pgw_enc_sync(&c->t.out);
    c->portal_open = false;
    pgw_error scratch = {0};
    pgw_status st = pgw_tr_flush(&c->t, &scratch);
    if (st != PGW_OK) {
        pgw_error_move(&c->err, &scratch);
        mark_broken(c);
        return st;
    }
    c->pending_ready++;
    return PGW_OK;
}

/* Reads the ReadyForQuery of Syncs sent earlier. Anything before it belongs
 * to the finished request and is dropped. */
static pgw_status drain_pending(pgw_conn *c)
{
    while (c->pending_ready > 0) {
        pgw_msg m;
        pgw_status st = pgw_tr_read_msg(&c->t, &m, &c->err);
        if (st != PGW_OK) {
            mark_broken(c);
            return st;
        }
        switch (m.type) {
        case 'Z':
            if (pgw_parse_ready(&m, &c->txn) != PGW_OK)
                return protocol_error(c, m.type);
            c->pending_ready--;
            break;
        case 'E': {
            pgw_error e = {0};
            pgw_parse_error(&m, &e);
            if (is_fatal(&e)) {
                pgw_error_move(&c->err, &e);
                mark_broken(c);
                return PGW_ERR_SERVER;
            }
            pgw_error_clear(&e);
            break;
        }
        case 'N':
            keep_notice(c, &m);
            break;
        case 'S': {
            const char *name, *value;
            if (pgw_parse_param_status(&m, &name, &value) == PGW_OK)
                set_param(c, name, value);
            break;
        }
        default:
            break;
        }
    }
    return PGW_OK;
}

/*
 * CrateDB answers a Sync when the execution in flight has finished
 * (Session.sync), but answers the messages sent behind it at once
 * (PostgresWireProtocol.handleSync): its ReadyForQuery can arrive after the
 * next request's answer, which drain_pending would then drop with it (seen
 * on 6.4.3: CloseComplete .. CommandComplete, then the late Sync's Z). So on
 * CrateDB the ReadyForQuery of every Sync sent is read before anything else
 * goes out. It was sent when the last answer was read, so it has mostly
 * arrived by the time the next request is made.
 */
static pgw_status settle_syncs(pgw_conn *c)
{
    if (!c->is_cratedb || c->pending_ready == 0)
        return PGW_OK;
    pgw_status st = send_out(c);
    return st == PGW_OK ? drain_pending(c) : st;
}

/* The connection can take a message: connected, no batch being sent. */
static pgw_status check_usable(pgw_conn *c)
{
    pgw_error_clear(&c->err);
    if (c->lost) {
        pgw_set_error(&c->err, "08S01", "the connection to the server was lost earlier");
        return PGW_ERR_IO;
    }
    if (!c->connected || c->t.fd < 0) {
        pgw_set_error(&c->err, "08003", "not connected");
        return PGW_ERR_STATE;
    }
    /* a cancel meant for the request before must not meet this one */
    pgw_cancel_fence(c->ckey);
    if (c->batch.open) {
        pgw_set_error(&c->err, "HY010", "a batch request is being sent");
        return PGW_ERR_STATE;
    }
    return PGW_OK;
}

/* Before a request: the connection is usable, a read-ahead is abandoned,
 * CrateDB's late ReadyForQuery is read. */
static pgw_status check_ready(pgw_conn *c)
{
    pgw_status st = check_usable(c);
    if (st != PGW_OK)
        return st;
    if (c->readahead > 0)
        abandon_prefetch(c);
    return settle_syncs(c);
}

/*
 * Foreign messages. A backend message that no request of this engine asks
 * for, but that the protocol defines, so its framing can be trusted: the
 * server runs a COPY ... FROM STDIN or TO STDOUT the application sent
 * (PostgreSQL; CrateDB has no such COPY, FACTS §3.1), a replication stream,
 * or it misbehaves (a FunctionCallResponse without a FunctionCall). The
 * request fails with the row's SQLSTATE and text (PGW_ERR_UNSUPPORTED),
 * and the engine takes the way back the protocol gives, so the connection
 * stays usable:
 *   CopyInResponse    CopyFail; the server answers ErrorResponse and, at
 *                     the next Sync, ReadyForQuery. In copy-in mode it
 *                     ignores Sync and Flush, so a Sync follows the CopyFail
 *                     when the request's own Sync came right behind its
 *                     Execute (it was swallowed); the late Sync of a
 *                     Flush-ended request goes after the ErrorResponse as
 *                     usual; behind a batch's Execute that is not the last,
 *                     the next Bind ends the copy with the server's own
 *                     error, the batch's Sync then answers, and the CopyFail
 *                     reaches a server out of copy mode, which ignores it.
 *   CopyOutResponse   the client cannot stop it: the CopyData that follows
 *                     is read and dropped (one message in memory at a time)
 *                     until CopyDone, then CommandComplete as for any
 *                     statement. Past COPY_DROP_MAX bytes the engine
 *                     cancels the statement (pgw_cancel_own) rather than
 *                     read everything it would throw away; the ErrorResponse
 *                     that brings is then the end of the copy.
 *   CopyBothResponse  CopyDone, then the server's CopyData is dropped until
 *                     its CopyDone. Only a Simple Query can start one (the
 *                     replication protocol has no extended form), so in an
 *                     extended request it breaks the connection.
 *   the others        ignored: the answer goes on to its end.
 * What is not in the table still breaks the connection (08S01): a type
 * byte the protocol does not define, a bad length, a malformed message, a
 * message out of place within the exchange the engine asked for.
 */
#define COPY_DROP_MAX ((size_t)1 << 20)

typedef enum foreign_kind { F_COPY_IN, F_COPY_OUT, F_COPY_BOTH, F_IGNORE } foreign_kind;

static const struct foreign_msg {
    char type;
    foreign_kind kind;
    const char *sqlstate;
    const char *text;
} foreign_table[] = {
    {'G', F_COPY_IN, "0A000",
     "COPY ... FROM STDIN is not supported by this driver: the server asked for the rows "
     "and was told the copy failed (insert rows with INSERT and a parameter array, or use "
     "COPY FROM a file or URL the server can read)"},
    {'H', F_COPY_OUT, "0A000",
     "COPY ... TO STDOUT is not supported by this driver: the rows the server sent were "
     "read and discarded (run the query as a SELECT, or use COPY TO a file or URL the "
     "server can write)"},
    {'W', F_COPY_BOTH, "0A000",
     "COPY BOTH (a replication stream) is not supported by this driver: the driver ended "
     "it with CopyDone"},
    {'V', F_IGNORE, "HY000",
     "the server sent a FunctionCallResponse, but the driver made no function call: the "
     "message was ignored"},
    {'d', F_IGNORE, "HY000", "the server sent CopyData outside a COPY: the message was ignored"},
    {'c', F_IGNORE, "HY000", "the server sent CopyDone outside a COPY: the message was ignored"},
    {'K', F_IGNORE, "HY000",
     "the server sent BackendKeyData after the start of the session: the message was ignored"},
    {'v', F_IGNORE, "HY000",
     "the server sent NegotiateProtocolVersion after the start of the session: the message "
     "was ignored"},
};

static const struct foreign_msg *foreign_lookup(char type)
{
    for (size_t i = 0; i < sizeof foreign_table / sizeof foreign_table[0]; i++)
        if (foreign_table[i].type == type)
            return &foreign_table[i];
    return NULL;
}

/* The copy the server runs ends (its CopyDone, an ErrorResponse, ReadyForQuery). */
static void copy_end(pgw_conn *c)
{
    c->copy = PGW_COPY_NONE;
    c->copy_dropped = 0;
    c->copy_cancelled = false;
}

/*
 * m (CopyData or CopyDone) while the server runs a copy: dropped. Past
 * COPY_DROP_MAX bytes of CopyOut data the statement is cancelled once, and
 * the request's error says so. A CopyDone ends the server's side.
 */
static void copy_take(pgw_conn *c, const pgw_msg *m, bool *unsupported)
{
    if (m->type == 'c') {
        copy_end(c);
        return;
    }
    c->copy_dropped += m->len;
    if (c->copy == PGW_COPY_OUT && !c->copy_cancelled && c->copy_dropped > COPY_DROP_MAX) {
        c->copy_cancelled = true;
        if (pgw_cancel_own(c) && *unsupported)
            pgw_set_error(&c->err, "0A000", "COPY ... TO STDOUT is not supported by this "
                          "driver: its first %zu MiB were read and discarded, then the driver "
                          "cancelled the statement (run the query as a SELECT, or use COPY TO "
                          "a file or URL the server can write)", COPY_DROP_MAX >> 20);
    }
}

/*
 * A message of foreign_table (f) arrived in a request's answer: the
 * request's error becomes f's unless it has one (*failed), and the engine
 * answers as above. `sync_after_fail`: a Sync goes with the CopyFail.
 * `simple`: the request was a Simple Query. PGW_OK when the answer can be
 * read on; otherwise the connection is broken.
 */
static pgw_status take_foreign(pgw_conn *c, const struct foreign_msg *f, bool sync_after_fail,
                               bool simple, bool *failed, bool *unsupported)
{
    if (!*failed) {
        pgw_set_error(&c->err, f->sqlstate, "%s", f->text);
        *failed = *unsupported = true;
    }
    switch (f->kind) {
    case F_COPY_IN:
        pgw_enc_copy_fail(&c->t.out, "COPY FROM STDIN is not supported by this client");
        if (sync_after_fail)
            pgw_enc_sync(&c->t.out);
        return send_out(c);
    case F_COPY_OUT:
        c->copy = PGW_COPY_OUT;
        c->copy_dropped = 0;
        c->copy_cancelled = false;
        return PGW_OK;
    case F_COPY_BOTH:
        if (!simple) {
            pgw_set_error(&c->err, "08P01", "the server started COPY BOTH (replication) in "
                          "answer to an extended-protocol request, which has no way back");
            mark_broken(c);
            return PGW_ERR_PROTOCOL;
        }
        c->copy = PGW_COPY_BOTH;
        c->copy_dropped = 0;
        pgw_enc_copy_done(&c->t.out);
        return send_out(c);
    case F_IGNORE:
        break;
    }
    return PGW_OK;
}

static void set_tag(pgw_result *r, const char *tag)
{
    snprintf(r->tag, sizeof r->tag, "%s", tag);
    r->rows_affected = pgw_tag_rowcount(tag); /* from the full tag */
    r->complete = true;
}

/*
 * Reads one request's answer into r. RM_FLUSH returns at PortalSuspended,
 * or at CommandComplete/ErrorResponse after writing the Sync (its
 * ReadyForQuery is read lazily). Other modes read to ReadyForQuery and
 * report the first ErrorResponse. r is always left with pointer values.
 * `resume`: the answer of an Execute that resumes a suspended portal, which
 * brings rows and the portal's end only (on both servers); a
 * RowDescription or NoData then is a protocol violation, not a new set of
 * columns under the rows the caller holds.
 * `max_rows` (RM_FLUSH): the Execute's row limit. CrateDB 6.4 does not keep
 * to it: when its socket is not writable it waits, and then counts the
 * chunk's rows from zero again (RowConsumerToResultReceiver.consumeIt), so a
 * client that reads slower than the node writes can get the whole result as
 * one chunk. One row past the limit the answer is cut: r ends as if the
 * portal had suspended, and the rest of that answer counts as an Execute
 * still in flight (c->readahead), read by the next pgw_fetch_more. Memory
 * stays bounded by the chunk size the caller asked for.
 */
static pgw_status read_response(pgw_conn *c, pgw_result *r, rmode mode, bool resume,
                                int max_rows)
{
    pgw_status st = drain_pending(c);
    if (st != PGW_OK) {
        res_to_pointers(r);   /* kept rows may be in offset form */
        return st;
    }
    /* failed: the request has its error; unsupported: a foreign message's */
    bool failed = false, unsupported = false, stmt_done = false;
    long rows = 0;   /* DataRows of this answer */
    pgw_msg m = {0};
    copy_end(c);
    for (;;) {
        if ((st = pgw_tr_read_msg(&c->t, &m, &c->err)) != PGW_OK) {
            mark_broken(c);
            goto out;
        }
        if (c->copy != PGW_COPY_NONE && (m.type == 'd' || m.type == 'c')) {
            copy_take(c, &m, &unsupported);
            continue;
        }
        const struct foreign_msg *f = foreign_lookup(m.type);
        if (f) {
            /* RM_SYNC: the request's Sync followed its Execute, and the
             * server swallowed it in copy-in mode */
            st = take_foreign(c, f, mode == RM_SYNC, mode == RM_SIMPLE, &failed, &unsupported);
            if (st != PGW_OK)
                goto out;
            continue;
        }
        switch (m.type) {
        case 'D':
            if (mode == RM_SIMPLE && stmt_done) {
                res_reset_rows(r);
                stmt_done = false;
            }
            if (!r->has_rowdesc)
                goto bad;
            st = res_add_row(r, &m);
            if (st == PGW_ERR_PROTOCOL)
                goto bad;
            if (st != PGW_OK) {
                /* Out of memory: the rest of the answer must still be read
                 * to keep the stream in step; drop further rows. */
                nomem(c);
                mark_broken(c);
                goto out;
            }
            if (mode == RM_FLUSH && max_rows > 0 && ++rows > max_rows) {
                r->suspended = true;
                c->readahead++;
                goto out;
            }
            break;
        case 'T': {
            int n;
            pgw_column *cols;
            if (resume)
                goto bad;
            if (mode == RM_SIMPLE && stmt_done) {
                res_reset_rows(r);
                stmt_done = false;
            }
            st = pgw_parse_row_desc(&m, &n, &cols);
            if (st == PGW_ERR_PROTOCOL)
                goto bad;
            if (st != PGW_OK) {
                nomem(c);
                mark_broken(c);
                goto out;
            }
            res_to_pointers(r);
            r->nrows = 0;
            free(r->cols);
            r->cols = cols;
            r->ncols = n;
            r->has_rowdesc = true;
            break;
        }
        case 'n':
            if (resume || pgw_parse_empty(&m) != PGW_OK)
                goto bad;
            free(r->cols);
            r->cols = NULL;
            r->ncols = 0;
            r->has_rowdesc = true;
            break;
        case 't':
            if ((st = take_param_desc(c, &m, &r->param_oids, &r->nparams)) != PGW_OK)
                goto out;
            break;
        case '1':
        case '2':
        case '3':
            if (pgw_parse_empty(&m) != PGW_OK)
                goto bad;
            break;
        case 's':
            if (pgw_parse_empty(&m) != PGW_OK)
                goto bad;
            r->suspended = true;
            if (mode == RM_FLUSH && unsupported) {
                /* the request failed: its portal ends here */
                r->suspended = false;
                st = send_late_sync(c);
                if (st == PGW_OK)
                    st = PGW_ERR_UNSUPPORTED;
                goto out;
            }
            if (mode == RM_FLUSH) {
                st = PGW_OK;
                goto out;
            }
            break;
        case 'C':
        case 'I': {
            if (mode == RM_SIMPLE && stmt_done)
                res_reset_rows(r);
            if (m.type == 'C') {
                const char *tag;
                if (pgw_parse_command_complete(&m, &tag) != PGW_OK)
                    goto bad;
                set_tag(r, tag);
            } else {
                if (pgw_parse_empty(&m) != PGW_OK)
                    goto bad;
                r->empty_query = true;
                r->complete = true;
            }
            stmt_done = true;
            if (mode == RM_FLUSH) {
                st = send_late_sync(c);
                if (st == PGW_OK && unsupported)
                    st = PGW_ERR_UNSUPPORTED;
                goto out;
            }
            break;
        }
        case 'E': {
            pgw_error e = {0};
            if (pgw_parse_error(&m, &e) == PGW_ERR_NOMEM) {
                pgw_error_clear(&e);
                nomem(c);
                mark_broken(c);
                st = PGW_ERR_NOMEM;
                goto out;
            }
            copy_end(c);    /* an error ends any copy */
            /* the first error is the request's; a FATAL one wins over a
             * foreign message's (the session is gone) */
            bool fatal = is_fatal(&e);
            if (!failed || (fatal && unsupported)) {
                pgw_error_move(&c->err, &e);
                unsupported = false;
            }
            pgw_error_clear(&e);
            failed = true;
            if (fatal) {
                mark_broken(c);
                st = PGW_ERR_SERVER;
                goto out;
            }
            if (mode == RM_FLUSH) {
                st = send_late_sync(c);
                if (st == PGW_OK)
                    st = unsupported ? PGW_ERR_UNSUPPORTED : PGW_ERR_SERVER;
                goto out;
            }
            break;
        }
        case 'Z':
            if (mode == RM_FLUSH || pgw_parse_ready(&m, &c->txn) != PGW_OK)
                goto bad;
            copy_end(c);
            st = !failed ? PGW_OK : unsupported ? PGW_ERR_UNSUPPORTED : PGW_ERR_SERVER;
            goto out;
        case 'N':
            keep_notice(c, &m);
            break;
        case 'S': {
            const char *name, *value;
            if (pgw_parse_param_status(&m, &name, &value) != PGW_OK)
                goto bad;
            set_param(c, name, value);
            break;
        }
        case 'A':
            break; /* NotificationResponse: LISTEN is not supported; ignore */
        default:
            goto bad;
        }
    }
bad:
    st = protocol_error(c, m.type);
out:
    res_to_pointers(r);
    return st;
}

/*
 * Appends Execute(max_rows) of `portal` and the request's end (Flush when
 * the portal may suspend, else Sync; see pgw.h), sends what t.out holds and
 * reads the answer into r. A portal left suspended is remembered (it keeps
 * PostgreSQL's implicit transaction open) and its next chunk requested at
 * once (read-ahead). `resume`: the portal was suspended (read_response).
 */
static pgw_status execute_and_read(pgw_conn *c, pgw_result *r, const char *portal,
                                   int max_rows, bool resume)
{
    rmode mode = max_rows > 0 ? RM_FLUSH : RM_SYNC;
    pgw_enc_execute(&c->t.out, portal, max_rows);
    if (mode == RM_FLUSH)
        pgw_enc_flush(&c->t.out);
    else
        pgw_enc_sync(&c->t.out);
    pgw_status st = send_out(c);
    if (st != PGW_OK) {
        res_to_pointers(r);
        return st;
    }
    if (mode == RM_SYNC)
        c->portal_open = false;
    st = read_response(c, r, mode, resume, max_rows);
    if (st == PGW_OK && mode == RM_FLUSH && r->suspended) {
        char *name = strdup(portal);
        if (!name)
            return nomem(c);
        free(c->portal_name);
        c->portal_name = name;
        c->portal_open = true;
        if (c->readahead == 0) {   /* else the answer was cut (read_response) */
            pgw_error scratch = {0};
            start_prefetch(c, portal, max_rows, &scratch);
            pgw_error_clear(&scratch);
        }
    }
    return st;
}

pgw_status pgw_exec(pgw_conn *c, const pgw_exec_req *req, pgw_result *r)
{
    if (!c || !req || !r)
        return PGW_ERR_ARG;
    pgw_status st = check_ready(c);
    if (st != PGW_OK)
        return st;
    if ((req->nparams > 0 && !req->params) || req->nparams < 0 || req->max_rows < 0 ||
        (req->nresult_formats > 0 && !req->result_formats) ||
        (!req->sql && !req->stmt_name)) {
        pgw_set_error(&c->err, "HY009", "invalid request");
        return PGW_ERR_ARG;
    }
    const char *portal = req->portal ? req->portal : "";
    if (!res_priv_get(r))
        return nomem(c);
    res_reset_rows(r);
    if (req->describe_stmt) {
        free(r->param_oids);
        r->param_oids = NULL;
        r->nparams = 0;
    }
    pgw_buf *b = &c->t.out;
    if (c->t.log.level >= PGW_LOG_DEBUG) {
        if (req->sql)
            pgw_log_sql(&c->t.log, req->sql, req->nparams);
        pgw_log_params(&c->t.log, req->nparams, req->params);
    }
    if (req->sql) {
        pgw_enc_parse(b, req->stmt_name, req->sql, req->param_oids ? req->nparams : 0,
                      req->param_oids);
        if (req->describe_stmt)
            pgw_enc_describe(b, 'S', req->stmt_name);
    }
    pgw_enc_bind(b, portal, req->stmt_name, req->nparams, req->params, req->nresult_formats,
                 req->result_formats);
    pgw_enc_describe(b, 'P', portal);
    return execute_and_read(c, r, portal, req->max_rows, false);
}

pgw_status pgw_fetch_more(pgw_conn *c, const char *portal, int max_rows, pgw_result *r,
                          size_t keep_from)
{
    if (!c || !r)
        return PGW_ERR_ARG;
    if (!portal)
        portal = "";
    pgw_cancel_fence(c->ckey);
    /* the rows before keep_from go first, whatever happens next: the caller
     * renumbers its rows the same way after a failure as after success */
    res_keep_rows(r, keep_from);
    res_to_pointers(r);
    /* read the chunks asked for ahead: one (max_rows > 0), or all (max_rows
     * 0: the rest follows them with Execute(0)) */
    while (c->readahead > 0 && r->has_rowdesc && max_rows >= 0 && c->portal_name &&
           strcmp(c->portal_name, portal) == 0) {
        pgw_error_clear(&c->err);
        res_reset_status(r);
        if (max_rows > 0 && c->readahead < readahead_limit(c)) {
            /* the chunk after this one, asked for before this one is read */
            pgw_status st = start_prefetch(c, portal, max_rows, &c->err);
            if (st != PGW_OK)
                return st;
        }
        c->readahead--;
        res_keep_rows(r, 0);    /* offsets while rows are appended */
        pgw_status st = read_response(c, r, RM_FLUSH, true, max_rows);
        if (st != PGW_OK || !r->suspended) {
            c->readahead = 0;   /* the late Sync drops what is still in flight */
            return st;
        }
        if (max_rows > 0) {
            if (c->readahead == 0) {
                pgw_error scratch = {0};
                start_prefetch(c, portal, max_rows, &scratch);
                pgw_error_clear(&scratch);
            }
            return PGW_OK;
        }
        /* max_rows 0: keep this chunk, append the rest */
    }
    pgw_status st = check_ready(c);
    if (st != PGW_OK)
        return st;
    if (!r->has_rowdesc || max_rows < 0) {
        pgw_set_error(&c->err, "HY010", "no suspended portal description in this result");
        return PGW_ERR_STATE;
    }
    res_keep_rows(r, 0);
    res_reset_status(r);
    return execute_and_read(c, r, portal, max_rows, true);
}

pgw_status pgw_prepare(pgw_conn *c, const char *stmt_name, const char *sql,
                       int nparam_oids, const uint32_t *param_oids, pgw_result *r)
{
    if (!c || !sql || !r)
        return PGW_ERR_ARG;
    pgw_status st = check_ready(c);
    if (st != PGW_OK)
        return st;
    if (nparam_oids < 0 || (nparam_oids > 0 && !param_oids)) {
        pgw_set_error(&c->err, "HY009", "invalid parameter type list");
        return PGW_ERR_ARG;
    }
    if (!res_priv_get(r))
        return nomem(c);
    res_reset_rows(r);
    free(r->param_oids);
    r->param_oids = NULL;
    r->nparams = 0;
    if (c->t.log.level >= PGW_LOG_DEBUG)
        pgw_log_sql(&c->t.log, sql, nparam_oids);
    pgw_enc_parse(&c->t.out, stmt_name, sql, nparam_oids, param_oids);
    pgw_enc_describe(&c->t.out, 'S', stmt_name);
    pgw_enc_sync(&c->t.out);
    if ((st = send_out(c)) != PGW_OK)
        return st;
    c->portal_open = false;
    return read_response(c, r, RM_SYNC, false, 0);
}

pgw_status pgw_simple_query(pgw_conn *c, const char *sql, pgw_result *r)
{
    if (!c || !sql)
        return PGW_ERR_ARG;
    pgw_status st = check_ready(c);
    if (st != PGW_OK)
        return st;
    pgw_result local;
    pgw_result *res = r ? r : &local;
    if (!r)
        pgw_result_init(&local);
    if (!res_priv_get(res)) {
        st = nomem(c);
        goto out;
    }
    res_reset_rows(res);
    if (c->t.log.level >= PGW_LOG_DEBUG)
        pgw_log_sql(&c->t.log, sql, 0);
    pgw_enc_query(&c->t.out, sql);
    if ((st = send_out(c)) != PGW_OK)
        goto out;
    c->portal_open = false;
    st = read_response(c, res, RM_SIMPLE, false, 0);
out:
    if (!r)
        pgw_result_clear(&local);
    return st;
}

pgw_status pgw_queue_close(pgw_conn *c, char kind, const char *name)
{
    if (!c)
        return PGW_ERR_ARG;
    /* Closing the streaming portal abandons its read-ahead (the Sync goes
     * ahead of the Close). Any other Close only waits in the send buffer
     * for the next request, which may be the streaming portal's next
     * Execute: a Sync sent for it would end that portal on PostgreSQL (its
     * implicit transaction) and drop its chunk in flight on CrateDB, whose
     * portal goes on after it. */
    bool streaming = kind == 'P' && name && c->readahead > 0 && c->portal_name &&
                     strcmp(c->portal_name, name) == 0;
    pgw_status st = streaming ? check_ready(c) : check_usable(c);
    if (st != PGW_OK)
        return st;
    if ((kind != 'S' && kind != 'P') || !name) {
        pgw_set_error(&c->err, "HY009", "Close needs kind 'S' or 'P' and a name");
        return PGW_ERR_ARG;
    }
    size_t before = c->t.out.len;
    pgw_enc_close(&c->t.out, kind, name);
    if (pgw_buf_check(&c->t.out) != PGW_OK) {
        c->t.out.len = before;
        return nomem(c);
    }
    return PGW_OK;
}

/* pgw_batch_add writes what it has encoded once this much is pending: a
 * small first piece so the server starts at once, then larger ones (fewer
 * system calls) while the caller converts the next sets. */
#define BATCH_FIRST_FLUSH 2048
#define BATCH_FLUSH_BYTES 16384

/* CrateDB's answer ended with ReadyForQuery E after `nbound` BindCompletes
 * and no CommandComplete: nothing ran (pgw.h says which shapes mean what).
 * A single set failed on its own; otherwise the set whose Bind failed, or,
 * with one BindComplete (a Bind of the second set or the Sync), the unit. */
static void crate_failed_before_run(int nsets, int nbound, int64_t *counts,
                                    pgw_batch_outcome *o)
{
    int set = nsets == 1 ? 0 : nbound == 1 || nbound >= nsets ? -1 : nbound;
    for (int i = 0; i < nsets; i++)
        counts[i] = i == set ? PGW_BATCH_FAILED : PGW_BATCH_NOT_RUN;
    o->err_set = set;
    o->unit_failed = set < 0;
}

/* Reads the answer of a batch request up to its ReadyForQuery. *eager:
 * sets completed before the first error (the server ran them eagerly, with
 * PostgreSQL's implicit transaction). */
static pgw_status read_batch(pgw_conn *c, int64_t *counts, pgw_batch_outcome *o, bool *eager)
{
    const int nsets = c->batch.nsets;
    bool parsed = !c->batch.parse, stmt_failed = false;
    /* a foreign message failed the batch as a whole (its error is c->err) */
    bool foreign_failed = false, unsupported = false;
    int nbound = 0, ndone = 0, ncomplete = 0, nerr = 0;
    pgw_msg m = {0};
    pgw_status st;
    copy_end(c);
    for (;;) {
        if ((st = pgw_tr_read_msg(&c->t, &m, &c->err)) != PGW_OK) {
            mark_broken(c);
            return st;
        }
        if (c->copy != PGW_COPY_NONE && (m.type == 'd' || m.type == 'c')) {
            copy_take(c, &m, &unsupported);
            continue;
        }
        const struct foreign_msg *f = foreign_lookup(m.type);
        if (f) {
            /* a CopyInResponse to the last set's Execute: the batch's Sync
             * came next and was swallowed; to an earlier one, the next Bind
             * ends the copy with an error and the Sync is answered */
            bool last = ndone + 1 >= nsets;
            if (!foreign_failed && (f->kind == F_COPY_IN || f->kind == F_COPY_OUT) &&
                ndone < nsets) {
                o->err_set = ndone;
                counts[ndone++] = PGW_BATCH_FAILED;
            }
            st = take_foreign(c, f, f->kind == F_COPY_IN && last, false, &foreign_failed,
                              &unsupported);
            if (st != PGW_OK)
                return st;
            continue;
        }
        switch (m.type) {
        case '1':
            parsed = true;
            break;
        case 't':
            st = take_param_desc(c, &m, &c->batch.param_types, &c->batch.nparam_types);
            if (st != PGW_OK)
                return st;
            break;
        case '2':
            nbound++;
            break;
        case 'D': case 'T': case 'n': case 's': case '3':
            break;     /* the statement's description, rows of a set: not kept */
        case 'C': case 'I': {
            const char *tag = "";
            if (m.type == 'C' && pgw_parse_command_complete(&m, &tag) != PGW_OK)
                return protocol_error(c, m.type);
            if (foreign_failed && strncmp(tag, "COPY", 4) == 0)
                break;     /* the end of a COPY TO STDOUT counted failed above */
            if (ndone < nsets)
                counts[ndone++] = m.type == 'C' ? pgw_tag_rowcount(tag) : -1;
            ncomplete++;
            break;
        }
        case 'E': {
            pgw_error e = {0};
            if (pgw_parse_error(&m, &e) == PGW_ERR_NOMEM) {
                pgw_error_clear(&e);
                nomem(c);
                mark_broken(c);
                return PGW_ERR_NOMEM;
            }
            bool fatal = is_fatal(&e);
            copy_end(c);
            if (foreign_failed && !fatal) {
                /* the server's answer to the CopyFail, or its own end of
                 * the copy: the set has its error already */
                pgw_error_clear(&e);
                break;
            }
            if (!parsed) {
                stmt_failed = true;
                if (!c->err.message)
                    pgw_error_move(&c->err, &e);
            } else {
                /* in the order of the sets: PostgreSQL's for the set it ran
                 * last, CrateDB's one per set of a failed bulk */
                if (nerr++ == 0) {
                    o->err_set = ndone < nsets ? ndone : -1;
                    *eager = ncomplete > 0 || !c->is_cratedb;
                    pgw_error_move(&c->err, &e);
                }
                if (ndone < nsets)
                    counts[ndone++] = PGW_BATCH_FAILED;
            }
            pgw_error_clear(&e);
            if (fatal) {
                mark_broken(c);
                return PGW_ERR_SERVER;
            }
            break;
        }
        case 'Z':
            if (pgw_parse_ready(&m, &c->txn) != PGW_OK)
                return protocol_error(c, m.type);
            copy_end(c);
            while (ndone < nsets)
                counts[ndone++] = PGW_BATCH_NOT_RUN;
            if (foreign_failed)
                return unsupported ? PGW_ERR_UNSUPPORTED : PGW_ERR_SERVER;
            if (stmt_failed)
                return PGW_ERR_SERVER;
            if (c->is_cratedb && nerr > 0 && ncomplete == 0) {
                if (c->txn == 'E')
                    crate_failed_before_run(nsets, nbound, counts, o);
                else
                    o->unit_failed = nsets > 1 && nerr >= nsets;
            }
            return PGW_OK;
        case 'N':
            keep_notice(c, &m);
            break;
        case 'S': {
            const char *name, *value;
            if (pgw_parse_param_status(&m, &name, &value) != PGW_OK)
                return protocol_error(c, m.type);
            set_param(c, name, value);
            break;
        }
        case 'A':
            break;
        default:
            return protocol_error(c, m.type);
        }
    }
}

pgw_status pgw_batch_begin(pgw_conn *c, const char *sql, const char *stmt_name, int nparams,
                           const uint32_t *param_oids)
{
    if (!c)
        return PGW_ERR_ARG;
    pgw_status st = check_ready(c);
    if (st != PGW_OK)
        return st;
    if (c->batch.open || nparams < 0 || !stmt_name) {
        pgw_set_error(&c->err, "HY009", "invalid batch request");
        return PGW_ERR_ARG;
    }
    if ((st = drain_pending(c)) != PGW_OK)
        return st;
    char *name = strdup(stmt_name);
    if (!name)
        return nomem(c);
    free(c->batch.stmt_name);
    c->batch.stmt_name = name;
    c->batch.open = true;
    c->batch.parse = sql != NULL;
    c->batch.nparams = nparams;
    c->batch.nsets = 0;
    c->batch.txn_before = c->txn;
    c->batch.flush_at = c->t.out.len + BATCH_FIRST_FLUSH;
    if (sql) {
        /* Describe tells the parameter types the server settled on, so the
         * caller can send later sets in binary where that is cheaper */
        if (c->t.log.level >= PGW_LOG_DEBUG)
            pgw_log_sql(&c->t.log, sql, nparams);
        pgw_enc_parse(&c->t.out, stmt_name, sql, param_oids ? nparams : 0, param_oids);
        pgw_enc_describe(&c->t.out, 'S', stmt_name);
    }
    return PGW_OK;
}

pgw_status pgw_batch_add(pgw_conn *c, const pgw_param *params)
{
    if (!c || !c->batch.open || (c->batch.nparams > 0 && !params))
        return PGW_ERR_ARG;
    pgw_buf *b = &c->t.out;
    if (c->t.log.level >= PGW_LOG_DEBUG)
        pgw_log_params(&c->t.log, c->batch.nparams, params);
    pgw_enc_bind(b, "", c->batch.stmt_name, c->batch.nparams, params, 0, NULL);
    pgw_enc_execute(b, "", 0);
    c->batch.nsets++;
    /* hand the server what is ready, so it works while the caller converts
     * on (its answers, a few bytes per set, wait in the socket buffer) */
    if (b->len >= c->batch.flush_at) {
        pgw_status st = send_out(c);
        if (st != PGW_OK) {
            mark_broken(c);    /* half a request is out: nothing can follow it */
            return st;
        }
        c->batch.flush_at = BATCH_FLUSH_BYTES;
    }
    return PGW_OK;
}

pgw_status pgw_batch_finish(pgw_conn *c, int64_t *counts, pgw_batch_outcome *o)
{
    if (!c || !o || !c->batch.open || (c->batch.nsets > 0 && !counts))
        return PGW_ERR_ARG;
    o->err_set = -1;
    o->undone = o->unit_failed = false;
    c->batch.open = false;
    if (c->batch.parse)
        c->batch.nparam_types = 0;     /* this Parse's Describe replaces them */
    pgw_enc_sync(&c->t.out);
    pgw_status st = send_out(c);
    if (st != PGW_OK) {
        mark_broken(c);
        return st;
    }
    c->portal_open = false;
    bool eager = false;
    st = read_batch(c, counts, o, &eager);
    /* PostgreSQL rolls the implicit transaction back at the error */
    o->undone = o->err_set >= 0 && eager && c->batch.txn_before == 'I';
    return st;
}

int pgw_batch_param_types(const pgw_conn *c, const uint32_t **oids)
{
    if (oids)
        *oids = c && c->batch.nparam_types > 0 ? c->batch.param_types : NULL;
    return c ? c->batch.nparam_types : 0;
}

pgw_status pgw_batch(pgw_conn *c, const pgw_batch_req *req, int64_t *counts,
                     pgw_batch_outcome *o)
{
    if (!c || !req || !counts || !o)
        return PGW_ERR_ARG;
    if (req->nsets < 1 || req->nparams < 0 || (req->nparams > 0 && !req->params)) {
        pgw_set_error(&c->err, "HY009", "invalid batch request");
        return PGW_ERR_ARG;
    }
    pgw_status st = pgw_batch_begin(c, req->sql, req->stmt_name, req->nparams,
                                    req->param_oids);
    for (int i = 0; st == PGW_OK && i < req->nsets; i++)
        st = pgw_batch_add(c, req->params + (size_t)i * (size_t)req->nparams);
    if (st != PGW_OK)
        return st;
    return pgw_batch_finish(c, counts, o);
}
