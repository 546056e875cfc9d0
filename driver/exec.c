/*
 * exec.c: running statements. SQLPrepare/SQLExecute/SQLExecDirect, the
 * cursor's lifetime (close, free options, cancel), row counts and
 * SQLNativeSql. ODBC escapes are translated by escapes.c before the `?`
 * markers are numbered (sqlscan.c). Fetching rows is fetch.c; describing them is describe.c;
 * turning bound parameters into wire values is params.c.
 *
 * Round trips:
 *  - SQLExecDirect: one pgw_exec (Parse of the unnamed statement + Bind +
 *    Describe + Execute), into this statement's named portal, at most
 *    dbc->fetch_size rows per chunk (more rows come in fetch.c).
 *  - SQLPrepare: no round trip; the rewritten SQL is kept and the server
 *    Parse rides along with the first SQLExecute. Describing before that
 *    (SQLNumResultCols, SQLDescribeParam, ...) runs pgw_prepare once.
 *  - Closing a cursor or dropping a prepared statement only queues a server
 *    Close (pgw_queue_close): it travels with the next request.
 * Result formats: SQLExecDirect asks for text (one round trip, so the
 * formats are chosen before the column types are known; binary for an
 * unknown type would be unreadable, and regclass/timetz differ between the
 * servers in binary). A prepared statement whose columns are known (described
 * before SQLExecute, or executed before) asks for binary per column where
 * protocol/types.c says it is faster and exact (pgw_type.binary_result),
 * unless BinaryResults=0. The decoded values are the same either way.
 *
 * Multi-statement texts ("INSERT ...; SELECT ..."): CrateDB's Parse takes
 * one statement (FACTS §3.2/§3.3), so sqlsplit.c splits the text and each
 * statement runs on its own, in order, all of them within SQLExecute /
 * SQLExecDirect (one round trip each; the first as above, the others into
 * the unnamed statement and portal, their rows read whole). Each keeps its
 * own result and row count; SQLMoreResults makes the next one current.
 * Markers are numbered across the whole text (the app's parameter k is the
 * k-th `?`), each statement gets its share as $1... A statement that fails
 * stops the ones after it: the first one's failure is SQLExecute's, a later
 * one's is kept and returned by the SQLMoreResults that reaches it.
 *
 * Parameter arrays (SQL_ATTR_PARAMSET_SIZE > 1) leave here: batch.c runs
 * those of statements that return counts, array_results.c those of
 * statements that return rows (one result per set, each run by the
 * SQLMoreResults that reaches it through exec_set, the request path of a
 * single set).
 *
 * Before any request, drv_stmt_yield_conn() makes the connection free: on
 * PostgreSQL a suspended portal of another statement holds the implicit
 * transaction open, so its remaining rows are read into that statement's
 * result first. CrateDB is said to keep portals across Sync (FACTS §3.4),
 * but interleaving suspended portals is unconfirmed there (an inference in
 * FACTS), so the driver drains on both servers: correct everywhere, and the
 * cost (holding one statement's rest in memory) is paid only by applications
 * that interleave fetches on one connection.
 */
#include <ctype.h>
#include <strings.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "escapes.h"
#include "stmt_int.h"

#include "param_convert.h"

static void ensure_names(drv_stmt *stmt)
{
    if (!stmt->stmt_name[0])
        snprintf(stmt->stmt_name, sizeof stmt->stmt_name, "s%u", stmt->id);
    if (!stmt->portal[0])
        snprintf(stmt->portal, sizeof stmt->portal, "c%u", stmt->id);
}

static pgw_conn *live_conn(drv_stmt *stmt)
{
    pgw_conn *c = stmt->dbc->conn;
    return (c && pgw_is_connected(c)) ? c : NULL;
}

/*
 * True when the statement starts with a word that never returns rows: such
 * a statement goes out as Execute(0)+Sync, one packet whose ReadyForQuery
 * comes back with the answer, and a write commits at once -- instead of
 * Execute(FetchSize)+Flush and a Sync of its own afterwards (see pgw.h).
 * INSERT ... RETURNING still works: its rows just arrive unchunked.
 */
static bool returns_no_rows(const char *sql)
{
    static const char *const words[] = {
        "insert", "update", "delete", "create", "drop", "alter", "set", "reset",
        "refresh", "optimize", "grant", "revoke", "deny", "kill", "begin", "commit",
        "start", "end", "discard", "deallocate", "analyze",
    };
    size_t len = sql ? strlen(sql) : 0, i = 0;
    while (i < len) {
        if (isspace((unsigned char)sql[i])) {
            i++;
            continue;
        }
        size_t end = drv_sql_token_end(sql, len, i);
        bool comment = (sql[i] == '-' || sql[i] == '/') && end > i + 1;
        if (comment) {
            i = end;
            continue;
        }
        for (size_t w = 0; w < sizeof words / sizeof words[0]; w++)
            if (strlen(words[w]) == end - i && strncasecmp(sql + i, words[w], end - i) == 0)
                return true;
        return false;
    }
    return false;
}

static int chunk_rows(const drv_stmt *stmt)
{
    if (stmt->dbc->fetch_size <= 0 || returns_no_rows(stmt->sql))
        return 0;
    return stmt->dbc->fetch_size;
}

/* ------------------------------------------------------------ multi-statement texts */

typedef enum part_state { PART_NOT_RUN, PART_DONE, PART_FAILED } part_state;

/* One statement after the first of a multi-statement text. */
typedef struct multi_part {
    char *sql;                     /* rewritten: its own markers are $1..    */
    int first, nmarkers;           /* the app's parameters first+1 .. first+n */
    part_state st;
    pgw_result res;                /* PART_DONE: its whole result            */
    drv_diag err;                  /* PART_FAILED: its diagnostics           */
} multi_part;

typedef struct drv_multi drv_multi;
struct drv_multi {
    int n;                         /* statements, >= 2; the first is stmt->sql */
    int nmarkers0;                 /* markers of the first                   */
    int cur;                       /* whose result is current (0 = first)     */
    multi_part *p;                 /* p[1..n); p[0] unused                   */
};

/* Forgets the results of the later statements (not their texts). */
static void multi_discard(drv_multi *m)
{
    if (!m)
        return;
    for (int k = 1; k < m->n; k++) {
        pgw_result_clear(&m->p[k].res);
        drv_diag_free(&m->p[k].err);
        m->p[k].st = PART_NOT_RUN;
    }
    m->cur = 0;
}

static void multi_free(drv_stmt *stmt)
{
    drv_multi *m = stmt->multi;
    if (!m)
        return;
    multi_discard(m);
    for (int k = 1; k < m->n; k++)
        free(m->p[k].sql);
    free(m->p);
    free(m);
    stmt->multi = NULL;
}

/*
 * Splits a text of several statements: stmt->sql becomes the first (its
 * markers rewritten), stmt->multi the others, stmt->nmarkers the markers of
 * all. A text of one statement is left to the caller (false in *split).
 */
static SQLRETURN multi_set(drv_stmt *stmt, const char *sql, size_t len, bool *split)
{
    drv_sql_span *sp = NULL;
    size_t outlen;
    int n = drv_sql_split(sql, len, &sp);
    *split = false;
    if (n < 0)
        return drv_nomem(&stmt->hdr);
    if (n < 2) {
        free(sp);
        return SQL_SUCCESS;
    }
    drv_multi *m = calloc(1, sizeof *m);
    if (!m || !(m->p = calloc((size_t)n, sizeof *m->p)))
        goto nomem;
    m->n = n;
    stmt->multi = m;
    for (int k = 1; k < n; k++)
        pgw_result_init(&m->p[k].res);
    stmt->sql = drv_sql_rewrite(sql + sp[0].off, sp[0].len, &m->nmarkers0, &outlen);
    if (!stmt->sql)
        goto nomem;
    int total = m->nmarkers0;
    for (int k = 1; k < n; k++) {
        multi_part *p = &m->p[k];
        p->sql = drv_sql_rewrite(sql + sp[k].off, sp[k].len, &p->nmarkers, &outlen);
        if (!p->sql)
            goto nomem;
        p->first = total;
        total += p->nmarkers;
    }
    stmt->nmarkers = total;
    free(sp);
    *split = true;
    return SQL_SUCCESS;
nomem:
    free(sp);
    if (m && !stmt->multi)
        free(m);
    multi_free(stmt);
    free(stmt->sql);
    stmt->sql = NULL;
    return drv_nomem(&stmt->hdr);
}

/*
 * Reading the rest of owner's rows for stmt's request failed. The failure
 * belongs to owner's result: it is kept for the SQLFetch of owner that runs
 * out of rows (fetch.c), so the rows read so far stay fetchable and the
 * missing ones are not taken for the end of the result. stmt's request goes
 * ahead when the connection survived (a server error ends with a Sync);
 * on a broken connection it fails with the same error.
 */
static SQLRETURN drain_failed(drv_stmt *stmt, drv_stmt *owner, pgw_conn *c, pgw_status st)
{
    drv_diag current = owner->hdr.diag;   /* what owner's last call reported */
    memset(&owner->hdr.diag, 0, sizeof owner->hdr.diag);
    drv_error_pgw(&owner->hdr, c, st);
    drv_diag_free(&owner->drain_err);
    owner->drain_err = owner->hdr.diag;
    owner->hdr.diag = current;
    if (pgw_is_connected(c))
        return SQL_SUCCESS;
    return drv_error_pgw(&stmt->hdr, c, st);
}

/* The work of drv_stmt_yield_conn; `self` also drains stmt's own portal
 * (needed before a Sync-ended request of the owner itself, e.g. Describe). */
static SQLRETURN yield_conn(drv_stmt *stmt, bool self)
{
    drv_dbc *dbc = stmt->dbc;
    drv_stmt *owner = dbc->portal_owner;
    pgw_conn *c = dbc->conn;
    if (!owner || !c || (owner == stmt && !self))
        return SQL_SUCCESS;
    if (!pgw_portal_open(c) || !owner->more) {
        dbc->portal_owner = NULL;
        return SQL_SUCCESS;
    }
    /* keep the owner's current rowset (or next row) and everything after it */
    size_t keep = owner->rs_start < owner->res.nrows ? owner->rs_start : owner->res.nrows;
    size_t before = owner->res.nrows - keep;
    pgw_status st = pgw_fetch_more(c, owner->portal, 0, &owner->res, keep);
    dbc->portal_owner = NULL;
    /* the rows before keep are gone on failure too (pgw.h) */
    drv_cursor_rows_dropped(owner, keep);
    owner->nreceived += owner->res.nrows - before;
    owner->more = st == PGW_OK && owner->res.suspended;
    if (st != PGW_OK)
        return drain_failed(stmt, owner, c, st);
    if (!owner->more)
        owner->rowcount = (int64_t)owner->nreceived;
    return SQL_SUCCESS;
}

SQLRETURN drv_stmt_yield_conn(drv_stmt *stmt)
{
    return yield_conn(stmt, false);
}

SQLRETURN drv_own_query(drv_stmt *stmt, const char *sql, int nparams, const pgw_param *params,
                        const char *what, int min_cols, pgw_result *res)
{
    SQLRETURN rc = drv_conn_ready(stmt);
    if (!SQL_SUCCEEDED(rc))
        return rc;
    pgw_conn *c = stmt->dbc->conn;
    rc = drv_stmt_yield_conn(stmt);
    if (!SQL_SUCCEEDED(rc))
        return rc;
    pgw_exec_req req;
    memset(&req, 0, sizeof req);
    req.sql = sql;
    req.stmt_name = "";
    req.portal = "";
    req.nparams = nparams;
    req.params = params;
    pgw_status st = pgw_exec(c, &req, res);
    if (st != PGW_OK) {
        rc = drv_error_pgw(&stmt->hdr, c, st);
        pgw_result_clear(res);
        return rc;
    }
    if (res->ncols < min_cols) {
        rc = drv_error(&stmt->hdr, "HY000", "The server's %s reply had %d columns, expected %d",
                       what, res->ncols, min_cols);
        pgw_result_clear(res);
        return rc;
    }
    return SQL_SUCCESS;
}

/* Forgets the current result (rows, description); no server traffic. */
static void reset_current(drv_stmt *stmt)
{
    if (stmt->dbc->portal_owner == stmt)
        stmt->dbc->portal_owner = NULL;
    pgw_result_clear(&stmt->res);
    drv_upd_free(stmt);
    drv_diag_free(&stmt->drain_err);
    stmt->have_desc = false;
    drv_cursor_reset(stmt);
    stmt->more = false;
    stmt->nreceived = 0;
    stmt->rowcount = -1;
}

/* Forgets the current result and those of the later statements. */
static void reset_result(drv_stmt *stmt)
{
    reset_current(stmt);
    multi_discard(stmt->multi);
}

void drv_stmt_reset_result(drv_stmt *stmt)
{
    reset_result(stmt);
}

/* Drops the prepared statement text and its server-side counterpart. */
static void forget_sql(drv_stmt *stmt)
{
    if (stmt->server_prepared && stmt->dbc->conn)
        pgw_queue_close(stmt->dbc->conn, 'S', stmt->stmt_name);
    stmt->server_prepared = false;
    multi_free(stmt);
    free(stmt->sql);
    stmt->sql = NULL;
    stmt->nmarkers = 0;
    stmt->prepared = false;
    free(stmt->param_oids);
    stmt->param_oids = NULL;
    stmt->nparam_oids = 0;
    stmt->have_param_desc = false;
    free(stmt->result_formats);
    stmt->result_formats = NULL;
    stmt->nresult_formats = 0;
}

/* For a prepared statement with a column description at hand: remembers the
 * per-column result format its next executions ask for. Out of memory just
 * keeps text. */
static void remember_formats(drv_stmt *stmt)
{
    /* an updatable cursor's result has hidden columns the statement lacks */
    if (!stmt->prepared || stmt->result_formats || !stmt->res.cols || stmt->res.ncols <= 0 ||
        stmt->upd ||
        !stmt->dbc->binary_results || (stmt->multi && stmt->multi->cur != 0))
        return;
    int16_t *f = malloc(sizeof *f * (size_t)stmt->res.ncols);
    if (!f)
        return;
    bool any = false;
    for (int i = 0; i < stmt->res.ncols; i++) {
        f[i] = pgw_type_lookup(stmt->res.cols[i].type_oid)->binary_result ? 1 : 0;
        any = any || f[i];
    }
    if (!any) {
        free(f);
        return;
    }
    stmt->result_formats = f;
    stmt->nresult_formats = stmt->res.ncols;
}

/* Closes the current result (its portal's Close is queued) and forgets it
 * with those of the later statements; the statement goes back to prepared
 * or allocated. The results of the later sets of a parameter array stay
 * (drv_close_cursor drops them). */
static void close_result(drv_stmt *stmt)
{
    if (stmt->state != DRV_S_CURSOR && stmt->state != DRV_S_EXECUTED)
        return;
    if (stmt->state == DRV_S_CURSOR && stmt->dbc->conn && stmt->portal[0])
        pgw_queue_close(stmt->dbc->conn, 'P', stmt->portal);
    reset_result(stmt);
    stmt->state = stmt->prepared ? DRV_S_PREPARED : DRV_S_ALLOCATED;
}

void drv_stmt_close_result(drv_stmt *stmt)
{
    close_result(stmt);
}

SQLRETURN drv_close_cursor(drv_stmt *stmt, bool error_if_none)
{
    drv_dae_reset(stmt);
    if (stmt->state != DRV_S_CURSOR && error_if_none)
        return drv_error(&stmt->hdr, "24000", "Invalid cursor state: no cursor open");
    drv_array_results_free(stmt);   /* the sets not reached yet never run */
    close_result(stmt);
    return SQL_SUCCESS;
}

void drv_stmt_release(drv_stmt *stmt)
{
    drv_dae_reset(stmt);
    drv_close_cursor(stmt, false);
    forget_sql(stmt);
    if (stmt->dbc->portal_owner == stmt)
        stmt->dbc->portal_owner = NULL;
    pgw_result_clear(&stmt->res);
    stmt->state = DRV_S_ALLOCATED;
}

/* escapes.c in the spelling of the connected server (PostgreSQL's when not
 * connected). *out NULL: no escape, the text stays. */
static SQLRETURN translate_escapes(drv_dbc *dbc, drv_hdr *h, const char *sql, size_t len,
                                   char **out, size_t *outlen)
{
    drv_esc_err err;
    bool crate = dbc->conn && pgw_is_cratedb(dbc->conn);
    if (!drv_esc_translate(sql, len, crate, out, outlen, &err))
        return drv_error(h, err.sqlstate, "%s", err.msg);
    return SQL_SUCCESS;
}

/* Sets the SQL text (escapes translated unless SQL_ATTR_NOSCAN, markers
 * rewritten) of the statement. */
static SQLRETURN set_sql(drv_stmt *stmt, const char *sql, size_t len)
{
    forget_sql(stmt);
    size_t outlen;
    char *esc = NULL;
    if (stmt->noscan != SQL_NOSCAN_ON) {
        SQLRETURN rc = translate_escapes(stmt->dbc, &stmt->hdr, sql, len, &esc, &outlen);
        if (!SQL_SUCCEEDED(rc))
            return rc;
        if (esc) {
            sql = esc;
            len = outlen;
        }
    }
    /* escapes are translated first, so a `;` inside one cannot split */
    bool split;
    SQLRETURN rc = multi_set(stmt, sql, len, &split);
    if (!SQL_SUCCEEDED(rc) || split) {
        free(esc);
        return rc;
    }
    stmt->sql = drv_sql_rewrite(sql, len, &stmt->nmarkers, &outlen);
    free(esc);
    if (!stmt->sql)
        return drv_nomem(&stmt->hdr);
    return SQL_SUCCESS;
}

/* Takes the answer of an Execute into the statement's state; `own_portal`:
 * it came through stmt->portal (a finished one is closed). */
static void took_result(drv_stmt *stmt, bool own_portal)
{
    stmt->have_desc = true;
    drv_cursor_reset(stmt);
    stmt->nreceived = stmt->res.nrows;
    stmt->more = stmt->res.suspended;
    if (stmt->res.ncols > 0 && !stmt->res.empty_query) {
        stmt->state = DRV_S_CURSOR;
        stmt->rowcount = stmt->more ? -1 : (int64_t)stmt->nreceived;
        if (stmt->more)
            stmt->dbc->portal_owner = stmt;
    } else {
        stmt->state = DRV_S_EXECUTED;
        stmt->rowcount = stmt->res.empty_query ? -1 : stmt->res.rows_affected;
        /* CrateDB keeps even a finished portal until Close */
        if (stmt->dbc->conn && own_portal)
            pgw_queue_close(stmt->dbc->conn, 'P', stmt->portal);
    }
}

/*
 * ODBC 3: a searched UPDATE or DELETE that affects no row returns
 * SQL_NO_DATA (ODBC 2 applications get SQL_SUCCESS). The command tag's first
 * word names the statement on both servers (CrateDB builds it from the
 * statement's first word, FACTS §3.6).
 */
static bool searched_change_of_nothing(const drv_stmt *stmt)
{
    if (stmt->state != DRV_S_EXECUTED || stmt->rowcount != 0)
        return false;
    if (stmt->dbc->env->odbc_version == SQL_OV_ODBC2)
        return false;
    const char *tag = stmt->res.tag;
    return (strncmp(tag, "UPDATE ", 7) == 0 || strncmp(tag, "DELETE ", 7) == 0);
}

/*
 * An application's DISCARD ALL or DEALLOCATE drops the connection's prepared
 * statements on the server (both servers; CrateDB added DISCARD ALL for Power
 * BI, FACTS §3.10): every statement of the connection Parses again at its
 * next execution instead of failing for good on a name the server forgot
 * ("No statement found with name", PostgreSQL 26000). The tag's first word
 * names the statement on both servers.
 */
static void forget_if_discarded(drv_dbc *dbc, const char *tag)
{
    if (strncmp(tag, "DISCARD", 7) != 0 && strncmp(tag, "DEALLOCATE", 10) != 0)
        return;
    for (drv_stmt *s = dbc->stmts; s != NULL; s = s->next)
        s->server_prepared = false;
}

/*
 * Parameter set 0 (the only one) as Bind values. On success the caller owns
 * *params (NULL without markers), *oids (NULL when all are 0) and the
 * arena the values point into.
 */
static SQLRETURN build_single(drv_stmt *stmt, pgw_param **params, uint32_t **oids,
                              drv_arena *a)
{
    int n = stmt->nmarkers;
    drv_pc_out *outs = NULL;
    SQLRETURN rc = SQL_SUCCESS;
    bool any_oid = false;
    *params = NULL;
    *oids = NULL;
    if (n == 0)
        return SQL_SUCCESS;
    outs = calloc((size_t)n, sizeof *outs);
    *params = calloc((size_t)n, sizeof **params);
    *oids = calloc((size_t)n, sizeof **oids);
    if (!outs || !*params || !*oids) {
        rc = drv_nomem(&stmt->hdr);
        goto done;
    }
    rc = drv_params_row(stmt, 0, a, outs);
    if (!SQL_SUCCEEDED(rc))
        goto done;
    for (int i = 0; i < n; i++) {
        (*params)[i].value = outs[i].len < 0 ? NULL : a->buf + outs[i].off;
        (*params)[i].len = outs[i].len;
        (*params)[i].format = outs[i].format;
        (*oids)[i] = outs[i].oid;
        any_oid = any_oid || outs[i].oid;
    }
done:
    free(outs);
    if (!SQL_SUCCEEDED(rc)) {
        free(*params);
        *params = NULL;
    }
    if (!SQL_SUCCEEDED(rc) || !any_oid) {
        free(*oids);
        *oids = NULL;
    }
    return rc;
}

/*
 * Runs the statements after the first of a multi-statement text, in order,
 * each with its share of params/oids (the whole text's), into the unnamed
 * statement and portal, reading every row. Stops at the first failure,
 * which is kept with that statement (its diagnostics) for SQLMoreResults.
 * The first statement's own portal is drained first (its rows stay).
 */
static void run_rest(drv_stmt *stmt, pgw_conn *c, const pgw_param *params,
                     const uint32_t *oids)
{
    drv_multi *m = stmt->multi;
    drv_diag saved = stmt->hdr.diag;   /* this call's diagnostics stay apart */
    memset(&stmt->hdr.diag, 0, sizeof stmt->hdr.diag);
    for (int k = 1; k < m->n; k++) {
        multi_part *p = &m->p[k];
        SQLRETURN yr = yield_conn(stmt, true);
        if (!SQL_SUCCEEDED(yr)) {
            p->st = PART_FAILED;
        } else {
            pgw_exec_req req;
            memset(&req, 0, sizeof req);
            req.sql = p->sql;
            req.stmt_name = "";
            req.portal = "";
            req.nparams = p->nmarkers;
            req.params = p->nmarkers ? params + p->first : NULL;
            req.param_oids = oids && p->nmarkers ? oids + p->first : NULL;
            drv_timer timer;
            drv_timer_start(&timer, stmt);
            pgw_status st = pgw_exec(c, &req, &p->res);
            bool fired = drv_timer_stop(&timer, stmt);
            p->st = st == PGW_OK ? PART_DONE : PART_FAILED;
            if (st == PGW_OK) {
                forget_if_discarded(stmt->dbc, p->res.tag);
                drv_session_note(stmt->dbc, p->res.tag);
                drv_txn_note(stmt->dbc, p->res.tag, 1, p->res.rows_affected);
            }
            if (st != PGW_OK) {
                drv_timer_error(stmt, fired, c, st);
                pgw_result_clear(&p->res);
            }
        }
        if (p->st == PART_FAILED) {
            p->err = stmt->hdr.diag;
            break;
        }
    }
    stmt->hdr.diag = saved;
}

/*
 * An application asking for an updatable cursor (SQL_CONCUR_ROWVER or
 * VALUES; SQL_CONCUR_LOCK became ROWVER in attr.c) gets one on a static
 * cursor over one table: updatable.c rewrites the text (*out) and keeps
 * what it learnt in stmt->upd. The rewritten text goes to the unnamed
 * statement, also for a prepared one (whose named statement keeps the text
 * its description was made from). A forward-only cursor stays read-only,
 * with 01S02.
 */
static SQLRETURN want_updatable(drv_stmt *stmt, char **out)
{
    *out = NULL;
    /* a statement that opens no cursor (INSERT ...) leaves the attribute alone */
    if (stmt->concurrency == SQL_CONCUR_READ_ONLY || returns_no_rows(stmt->sql))
        return SQL_SUCCESS;
    const char *why = stmt->cursor_type == SQL_CURSOR_FORWARD_ONLY
                          ? "a forward-only cursor is read-only (use SQL_CURSOR_STATIC)"
                      : stmt->multi ? "the text has several statements"
                                    : NULL;
    if (why) {
        stmt->concurrency = SQL_CONCUR_READ_ONLY;
        return drv_error(&stmt->hdr, "01S02", "Option value changed: the cursor is read-only "
                         "(SQL_CONCUR_READ_ONLY): %s", why);
    }
    return drv_upd_prepare(stmt, stmt->sql, out);
}

/* Before a request: the connection is ours, the last result forgotten. */
static SQLRETURN begin_set(drv_stmt *stmt)
{
    SQLRETURN rc = drv_stmt_yield_conn(stmt);
    if (!SQL_SUCCEEDED(rc))
        return rc;
    remember_formats(stmt);     /* from a description made before this run */
    reset_result(stmt);
    return SQL_SUCCESS;
}

/*
 * Sends [Parse] Bind Describe Execute for one parameter set whose Bind
 * values are at hand (nparams of them, oids the Parse types or NULL) into
 * the statement's portal and takes the answer as the current result (a
 * cursor: a static one reads its rows, an updatable one what it needs).
 * `parse` sends `sql` (stmt->sql when NULL) for Parse into `name`; a text of
 * the driver's own (an updatable cursor's) asks for text results, having
 * more columns than any description. On failure the error is recorded and
 * the statement is back in prepared or allocated.
 */
static SQLRETURN send_set(drv_stmt *stmt, const char *name, bool parse, const char *sql,
                          int nparams, const pgw_param *params, const uint32_t *oids)
{
    pgw_conn *c = live_conn(stmt);
    pgw_exec_req req;
    memset(&req, 0, sizeof req);
    req.nresult_formats = stmt->upd ? 0 : stmt->nresult_formats;
    req.result_formats = stmt->upd ? NULL : stmt->result_formats;
    req.sql = sql ? sql : parse ? stmt->sql : NULL;
    req.stmt_name = name;
    req.portal = stmt->portal;
    req.nparams = nparams;
    req.param_oids = oids;
    req.params = params;
    req.max_rows = chunk_rows(stmt);
    /* a statement prepared for several executions learns its parameter
     * types with its Parse: later executions send some values in binary */
    req.describe_stmt = parse && name[0] && !stmt->multi;
    drv_timer timer;
    drv_timer_start(&timer, stmt);
    pgw_status st = pgw_exec(c, &req, &stmt->res);
    bool fired = drv_timer_stop(&timer, stmt);
    if (st != PGW_OK) {
        SQLRETURN rc = drv_timer_error(stmt, fired, c, st);
        /* a Parse that may have half-happened: forget the name server-side */
        if (parse && name[0]) {
            pgw_queue_close(c, 'S', name);
            stmt->server_prepared = false;
        }
        pgw_queue_close(c, 'P', stmt->portal);
        pgw_result_clear(&stmt->res);
        drv_upd_free(stmt);
        stmt->state = stmt->prepared ? DRV_S_PREPARED : DRV_S_ALLOCATED;
        return rc;
    }
    if (parse && name[0])
        stmt->server_prepared = true;
    forget_if_discarded(stmt->dbc, stmt->res.tag);
    drv_session_note(stmt->dbc, stmt->res.tag);
    if (req.describe_stmt && stmt->res.nparams == stmt->nmarkers)
        drv_stmt_keep_param_types(stmt, stmt->res.param_oids, stmt->res.nparams);
    took_result(stmt, true);
    /* a streamed cursor's tag comes with its last chunk: INSERT ... RETURNING
     * read forward-only is not counted */
    if (!stmt->more)
        drv_txn_note(stmt->dbc, stmt->res.tag, 1, stmt->res.rows_affected);
    remember_formats(stmt);
    if (stmt->state != DRV_S_CURSOR) {
        drv_upd_free(stmt);
        return SQL_SUCCESS;
    }
    SQLRETURN orc = drv_cursor_opened(stmt);   /* a static cursor reads its rows */
    if (SQL_SUCCEEDED(orc) && stmt->upd)
        orc = drv_upd_opened(stmt);
    if (!SQL_SUCCEEDED(orc)) {
        close_result(stmt);
        return orc;
    }
    return SQL_SUCCESS;
}

SQLRETURN drv_exec_set(drv_stmt *stmt, const char *name, bool parse, const pgw_param *params)
{
    if (!live_conn(stmt))
        return drv_conn_not_open(&stmt->hdr, stmt->dbc);
    SQLRETURN rc = begin_set(stmt);
    if (!SQL_SUCCEEDED(rc))
        return rc;
    return send_set(stmt, name, parse, NULL, stmt->nmarkers, params, NULL);
}

/* Appends the parameters of a positioned statement's cursor row (pos) to
 * the statement's own n. */
static SQLRETURN add_positioned_params(drv_stmt *stmt, const drv_positioned_req *pos, int n,
                                       pgw_param **params, uint32_t **oids)
{
    pgw_param *all = realloc(*params, sizeof *all * (size_t)(n + pos->nparams));
    if (all)
        *params = all;
    uint32_t *alloids = calloc((size_t)(n + pos->nparams), sizeof *alloids);
    if (!all || !alloids) {
        free(alloids);
        return drv_nomem(&stmt->hdr);
    }
    memcpy(all + n, pos->params, sizeof *all * (size_t)pos->nparams);
    if (*oids)
        memcpy(alloids, *oids, sizeof **oids * (size_t)n);
    free(*oids);
    *oids = alloids;
    return SQL_SUCCESS;
}

/*
 * A single parameter set: builds its values from the bindings, makes the
 * cursor updatable or translates WHERE CURRENT OF when asked, runs it
 * (send_set), then the later statements of a multi-statement text.
 */
static SQLRETURN run_single(drv_stmt *stmt, const char *name, bool parse)
{
    pgw_conn *c = live_conn(stmt);
    char *upd_sql = NULL;
    drv_positioned_req pos = { NULL, NULL, 0, NULL };
    pgw_param *params = NULL;
    uint32_t *oids = NULL;
    drv_arena arena = { NULL, 0, 0 };
    SQLRETURN urc = SQL_SUCCESS;
    SQLRETURN rc = build_single(stmt, &params, &oids, &arena);
    if (!SQL_SUCCEEDED(rc))
        goto done;
    rc = begin_set(stmt);
    if (!SQL_SUCCEEDED(rc))
        goto done;
    urc = want_updatable(stmt, &upd_sql);
    if (!SQL_SUCCEEDED(urc)) {
        rc = urc;
        goto done;
    }
    if (!stmt->multi) {
        rc = drv_positioned(stmt, stmt->sql, stmt->nmarkers, &pos);
        if (!SQL_SUCCEEDED(rc))
            goto done;
    }
    int n = stmt->multi ? stmt->multi->nmarkers0 : stmt->nmarkers;
    if (pos.sql) {
        rc = add_positioned_params(stmt, &pos, n, &params, &oids);
        if (!SQL_SUCCEEDED(rc))
            goto done;
    }
    /* a text of the driver's own goes to the unnamed statement, parsed each
     * time: a positioned one depends on the cursor's row */
    const char *own = upd_sql ? upd_sql : pos.sql;
    rc = send_set(stmt, own ? "" : name, parse || own, own, n + pos.nparams, params, oids);
    if (!SQL_SUCCEEDED(rc))
        goto done;
    if (pos.sql) {
        SQLRETURN prc = drv_positioned_done(stmt, &pos, stmt->res.rows_affected);
        if (prc != SQL_SUCCESS)
            rc = prc;
    }
    if (rc == SQL_SUCCESS && urc == SQL_SUCCESS_WITH_INFO)
        rc = urc;
    if (stmt->multi)
        run_rest(stmt, c, params, oids);
    if (!pos.sql && searched_change_of_nothing(stmt))
        rc = SQL_NO_DATA;
done:
    free(params);
    free(oids);
    free(arena.buf);
    free(upd_sql);
    free(pos.sql);
    free(pos.params);
    return rc;
}

static SQLRETURN run(drv_stmt *stmt, const char *name, bool parse)
{
    SQLRETURN crc = drv_conn_ready(stmt);   /* AutoReconnect: reconnect.c */
    if (!SQL_SUCCEEDED(crc))
        return crc;
    if (name[0] && !stmt->server_prepared)
        parse = true;      /* a new connection (AutoReconnect) knows no statement */
    if (stmt->state == DRV_S_CURSOR)
        return drv_error(&stmt->hdr, "24000", "Invalid cursor state: a cursor is open");
    ensure_names(stmt);
    if (!stmt->dae) {
        SQLRETURN rc = drv_params_check(stmt, name[0] != '\0');
        if (rc != SQL_SUCCESS)
            return rc;     /* SQL_NEED_DATA or an error */
    }
    if (stmt->apd->array_size > 1 && stmt->nmarkers > 0) {
        if (stmt->multi)
            return drv_error(&stmt->hdr, "HYC00", "Parameter arrays are not supported with "
                             "a text of several statements");
        /* one result per set (array_results.c), or counts (batch.c) */
        if (drv_sql_returns_rows(stmt->sql))
            return drv_run_array_results(stmt, name, parse);
        return drv_run_array(stmt, name, parse);
    }
    if (stmt->ipd.rows_processed_ptr)
        *stmt->ipd.rows_processed_ptr = 1;
    SQLRETURN rc = run_single(stmt, name, parse);
    if (stmt->ipd.array_status_ptr)
        stmt->ipd.array_status_ptr[0] =
            rc == SQL_ERROR ? SQL_PARAM_ERROR
            : rc == SQL_SUCCESS_WITH_INFO ? SQL_PARAM_SUCCESS_WITH_INFO : SQL_PARAM_SUCCESS;
    return rc;
}

SQLRETURN drv_exec_after_dae(drv_stmt *stmt, bool named)
{
    if (named)
        return run(stmt, stmt->stmt_name, !stmt->server_prepared);
    return run(stmt, "", true);
}

SQLRETURN drv_exec_direct(drv_stmt *stmt, const char *sql, size_t len)
{
    if (stmt->state == DRV_S_CURSOR)
        return drv_error(&stmt->hdr, "24000", "Invalid cursor state: a cursor is open");
    SQLRETURN crc = drv_conn_ready(stmt);
    if (!SQL_SUCCEEDED(crc))
        return crc;
    drv_close_cursor(stmt, false);
    SQLRETURN rc = set_sql(stmt, sql, len);
    if (!SQL_SUCCEEDED(rc))
        return rc;
    return run(stmt, "", true);
}

SQLRETURN drv_prepare(drv_stmt *stmt, const char *sql, size_t len)
{
    if (stmt->state == DRV_S_CURSOR)
        return drv_error(&stmt->hdr, "24000", "Invalid cursor state: a cursor is open");
    drv_close_cursor(stmt, false);
    SQLRETURN rc = set_sql(stmt, sql, len);
    if (!SQL_SUCCEEDED(rc))
        return rc;
    ensure_names(stmt);
    stmt->prepared = true;
    stmt->state = DRV_S_PREPARED;
    return SQL_SUCCESS;
}

SQLRETURN drv_execute(drv_stmt *stmt)
{
    if (!stmt->prepared)
        return drv_error(&stmt->hdr, "HY010", "Function sequence error: statement not prepared");
    if (stmt->state == DRV_S_CURSOR)
        return drv_error(&stmt->hdr, "24000", "Invalid cursor state: a cursor is open");
    drv_close_cursor(stmt, false);
    ensure_names(stmt);
    return run(stmt, stmt->stmt_name, !stmt->server_prepared);
}

bool drv_stmt_keep_param_types(drv_stmt *stmt, const uint32_t *oids, int n)
{
    uint32_t *copy = NULL;
    if (n > 0) {
        if (!(copy = malloc(sizeof *copy * (size_t)n)))
            return false;
        memcpy(copy, oids, sizeof *copy * (size_t)n);
    }
    free(stmt->param_oids);
    stmt->param_oids = copy;
    stmt->nparam_oids = n > 0 ? n : 0;
    stmt->have_param_desc = true;
    return true;
}

SQLRETURN drv_stmt_describe_prepared(drv_stmt *stmt)
{
    pgw_conn *c = live_conn(stmt);
    pgw_result tmp;
    /* with a result at hand, describe into a scratch result so its rows stay */
    bool scratch = stmt->state == DRV_S_CURSOR || stmt->state == DRV_S_EXECUTED;
    pgw_result *r = scratch ? &tmp : &stmt->res;
    SQLRETURN rc;
    if (!c)
        return drv_conn_not_open(&stmt->hdr, stmt->dbc);
    if (!stmt->sql)
        return drv_error(&stmt->hdr, "HY010", "Function sequence error: no statement");
    ensure_names(stmt);
    char *pos_sql = NULL;   /* a positioned statement's describable text */
    rc = stmt->multi ? SQL_SUCCESS : drv_positioned_describable(stmt, stmt->sql, &pos_sql);
    if (!SQL_SUCCEEDED(rc))
        return rc;
    rc = yield_conn(stmt, true);
    if (!SQL_SUCCEEDED(rc)) {
        free(pos_sql);
        return rc;
    }
    pgw_result_init(&tmp);
    /* Parse again under the same name: close the old one first (queued); a
     * positioned statement runs as the unnamed one anyway */
    bool named = stmt->prepared && !scratch && !pos_sql;
    if (named && stmt->server_prepared)
        pgw_queue_close(c, 'S', stmt->stmt_name);
    if (named)
        stmt->server_prepared = false;
    if (!scratch)
        pgw_result_clear(&stmt->res);
    pgw_status st = pgw_prepare(c, named ? stmt->stmt_name : "", pos_sql ? pos_sql : stmt->sql,
                                0, NULL, r);
    if (st != PGW_OK) {
        rc = drv_error_pgw(&stmt->hdr, c, st);
        goto done;
    }
    if (named)
        stmt->server_prepared = true;
    if (!scratch)
        stmt->have_desc = true;
    rc = drv_stmt_keep_param_types(stmt, r->param_oids, r->nparams) ? SQL_SUCCESS
                                                                     : drv_nomem(&stmt->hdr);
done:
    if (scratch || !SQL_SUCCEEDED(rc))
        pgw_result_clear(r);
    free(pos_sql);
    return rc;
}

SQLRETURN drv_row_count(drv_stmt *stmt, SQLLEN *count)
{
    if (stmt->state != DRV_S_EXECUTED && stmt->state != DRV_S_CURSOR)
        return drv_error(&stmt->hdr, "HY010", "Function sequence error: not executed");
    if (count)
        *count = (SQLLEN)stmt->rowcount;
    return SQL_SUCCESS;
}

SQLRETURN drv_more_results(drv_stmt *stmt)
{
    if (stmt->dae)
        return drv_error(&stmt->hdr, "HY010", "Function sequence error: data at execution "
                         "is pending");
    if (stmt->state != DRV_S_CURSOR && stmt->state != DRV_S_EXECUTED)
        return SQL_NO_DATA;
    if (stmt->aset)
        return drv_array_results_next(stmt);
    drv_multi *m = stmt->multi;
    if (!m || m->cur + 1 >= m->n || m->p[m->cur + 1].st == PART_NOT_RUN) {
        drv_close_cursor(stmt, false);
        return SQL_NO_DATA;
    }
    /* close the current result only: the later ones stay */
    if (m->cur == 0 && stmt->state == DRV_S_CURSOR && stmt->dbc->conn && stmt->portal[0])
        pgw_queue_close(stmt->dbc->conn, 'P', stmt->portal);
    reset_current(stmt);
    multi_part *p = &m->p[++m->cur];
    if (p->st == PART_FAILED) {
        drv_diag_free(&stmt->hdr.diag);
        stmt->hdr.diag = p->err;
        memset(&p->err, 0, sizeof p->err);
        p->st = PART_NOT_RUN;   /* nothing follows a failure */
        stmt->state = stmt->prepared ? DRV_S_PREPARED : DRV_S_ALLOCATED;
        return SQL_ERROR;
    }
    pgw_result next = p->res;   /* the result moves into the statement */
    p->res = stmt->res;
    stmt->res = next;
    pgw_result_clear(&p->res);
    took_result(stmt, false);
    if (stmt->state == DRV_S_CURSOR) {
        SQLRETURN orc = drv_cursor_opened(stmt);
        if (!SQL_SUCCEEDED(orc)) {
            drv_close_cursor(stmt, false);
            return orc;
        }
    }
    return SQL_SUCCESS;
}

SQLRETURN drv_free_stmt(drv_stmt *stmt, SQLUSMALLINT option)
{
    switch (option) {
    case SQL_CLOSE:
        return drv_close_cursor(stmt, false);
    case SQL_UNBIND:        /* the ARD's COUNT goes to 0 (explicit ARD too) */
        return drv_set_desc_field(stmt->ard, 0, SQL_DESC_COUNT, 0, 0);
    case SQL_RESET_PARAMS:  /* the APD's COUNT goes to 0 */
        return drv_set_desc_field(stmt->apd, 0, SQL_DESC_COUNT, 0, 0);
    case SQL_DROP:
        return drv_stmt_free(stmt);
    default:
        return drv_error(&stmt->hdr, "HY092", "Invalid attribute/option identifier");
    }
}

SQLRETURN drv_native_sql(drv_dbc *dbc, const char *in, size_t len, const drv_strout *out,
                         SQLINTEGER *outlen)
{
    char *esc = NULL;
    size_t esclen = 0;
    SQLRETURN rc = translate_escapes(dbc, &dbc->hdr, in, len, &esc, &esclen);
    if (!SQL_SUCCEEDED(rc))
        return rc;
    rc = esc ? drv_strout_put_int(&dbc->hdr, out, esc, esclen, outlen)
             : drv_strout_put_int(&dbc->hdr, out, in, len, outlen);
    free(esc);
    return rc;
}
