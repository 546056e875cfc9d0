/*
 * array_results.c: parameter arrays (SQL_ATTR_PARAMSET_SIZE > 1) on a
 * statement that returns rows (SELECT, VALUES, SHOW ..., and INSERT or
 * UPDATE ... RETURNING, DELETE too on PostgreSQL): one result per parameter
 * set, in set order,
 * the first current after SQLExecute / SQLExecDirect (or the SQLParamData
 * that completes their data), each next one made current by SQLMoreResults
 * (SQL_PARAM_ARRAY_SELECTS = SQL_PAS_BATCH). Arrays of statements that
 * return counts are batch.c's; which path a statement takes is
 * drv_sql_returns_rows.
 *
 * Each set runs when its result is asked for. Pipelining every set at
 * SQLExecute, as batch.c does for counts, would save round trips, but
 * PostgreSQL drops a suspended portal at the Sync that ends its implicit
 * transaction: every result would have to be read whole and kept until the
 * application reaches it, memory without bound for large results. One set
 * at a time, each result streams in FetchSize chunks (a static cursor
 * reads only the current one), exactly like a single execution, and the
 * rows of one set are never held while another set's arrive. The cost is
 * one round trip per set, small beside fetching a result.
 *
 * At execution:
 *  - every set's values are converted at once and kept, driver-owned: the
 *    bound buffers and data-at-execution values are read by SQLExecute, and
 *    an application may reuse them before it reaches the later results.
 *    What is kept is the size of the parameter values, not of any result.
 *    A set whose values do not convert is reported then (22003 ..., its
 *    status ERROR, its set number as SQL_DIAG_ROW_NUMBER) and never runs.
 *  - the statement is Parsed once, into the statement's own name, with the
 *    types of the first set (like batch.c), before any set runs; each set is
 *    then Bind + Execute. A statement the server refuses (syntax, unknown
 *    table) fails the call once, every set UNUSED, as batch.c reports it,
 *    instead of once per set.
 *
 * Per set (SQL_ATTR_PARAM_STATUS_PTR, SQL_ATTR_PARAMS_PROCESSED_PTR):
 *  - the array tells the truth at every moment: ignored sets
 *    (SQL_ATTR_PARAM_OPERATION_PTR) and sets not run yet are
 *    SQL_PARAM_UNUSED; a set becomes SUCCESS (SUCCESS_WITH_INFO with a
 *    warning) or ERROR when it runs. PARAMS_PROCESSED counts the sets
 *    processed so far, error sets included, ignored ones not (as in
 *    batch.c); it reaches its final value with the last result.
 *  - a set that fails (an error of the server for its values: a division by
 *    zero, a cast) is ERROR with its diagnostic and the next set runs, as
 *    in batch.c where the others stand. The call that ran it returns
 *    SQL_SUCCESS_WITH_INFO positioned on the next result, or SQL_ERROR when
 *    no set after it gives one (SQLExecute: every set failed).
 *  - the walk stops, the later sets UNUSED, when going on cannot work: the
 *    connection is lost, SQLCancel or the query timeout stopped a set (the
 *    call returns HY008 / HYT00), or PostgreSQL aborted the explicit
 *    transaction (batch.c's rule).
 *  - SQLCloseCursor / SQLFreeStmt(SQL_CLOSE), a new execution or freeing
 *    the statement discards the sets not reached: they stay UNUSED.
 * SQLRowCount, SQLNumResultCols and SQLDescribeCol answer for the current
 * result, as for a single execution.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "param_convert.h"
#include "stmt_int.h"

/* ------------------------------------------------------------ which path */

/* The token at sql[i, end) is the keyword `word`. */
static bool is_word(const char *sql, size_t i, size_t end, const char *word)
{
    return strlen(word) == end - i && strncasecmp(sql + i, word, end - i) == 0;
}

bool drv_sql_returns_rows(const char *sql)
{
    static const char *const readers[] = { "select", "with", "values", "show", "explain",
                                           "table", "fetch" };
    size_t len = sql ? strlen(sql) : 0, i = 0;
    bool first = true;
    while (i < len) {
        unsigned char c = (unsigned char)sql[i];
        size_t end = drv_sql_token_end(sql, len, i);
        bool comment = (c == '-' || c == '/') && end > i + 1;
        bool ident = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || comment ||
            (first && c == '(')) {
            i = end;
            continue;
        }
        if (first) {
            first = false;
            for (size_t w = 0; ident && w < sizeof readers / sizeof readers[0]; w++)
                if (is_word(sql, i, end, readers[w]))
                    return true;
        } else if (ident && is_word(sql, i, end, "returning")) {
            return true;    /* a write that returns rows */
        }
        i = end;
    }
    return false;
}

/* ------------------------------------------------------------ the sets */

typedef enum set_kind {
    SET_PENDING,    /* converted, runs when reached */
    SET_IGNORED,    /* SQL_PARAM_IGNORE                */
    SET_FAILED      /* its values did not convert      */
} set_kind;

struct drv_aset {
    SQLULEN nsets;
    SQLULEN next;              /* the first set not reached yet              */
    SQLULEN processed;         /* sets processed (PARAMS_PROCESSED_PTR)      */
    int nm;                    /* markers                                    */
    unsigned char *kind;       /* set_kind of each set                       */
    pgw_param *params;         /* nsets * nm: length and format of values    */
    size_t *offs;              /* nsets * nm: where each value is in arena   */
    drv_arena arena;           /* the converted values of every set          */
    pgw_param *cur;            /* nm: the Bind values of the set being run   */
};

void drv_array_results_free(drv_stmt *stmt)
{
    drv_aset *a = stmt->aset;
    if (!a)
        return;
    free(a->kind);
    free(a->params);
    free(a->offs);
    free(a->arena.buf);
    free(a->cur);
    free(a);
    stmt->aset = NULL;
}

static void set_status(drv_stmt *stmt, SQLULEN set, SQLUSMALLINT st)
{
    if (stmt->ipd.array_status_ptr)
        stmt->ipd.array_status_ptr[set] = st;
}

static void count_processed(drv_stmt *stmt, drv_aset *a)
{
    a->processed++;
    if (stmt->ipd.rows_processed_ptr)
        *stmt->ipd.rows_processed_ptr = a->processed;
}

/* The diagnostics recorded since record `from` concern set `set` (0-based):
 * SQL_DIAG_ROW_NUMBER names it. */
static void stamp_set(drv_stmt *stmt, int from, SQLULEN set)
{
    for (int i = from; i < stmt->hdr.diag.count; i++)
        if (stmt->hdr.diag.recs[i].row == SQL_NO_ROW_NUMBER)
            stmt->hdr.diag.recs[i].row = (SQLLEN)set + 1;
}

/* After a set failed (its diagnostics from record `from` on): whether the
 * later sets cannot run -- the connection is gone, SQLCancel or the query
 * timeout stopped the set, or PostgreSQL aborted the explicit transaction
 * (every later set would fail with 25P02). */
static bool walk_must_stop(drv_stmt *stmt, int from)
{
    pgw_conn *c = stmt->dbc->conn;
    if (!c || !pgw_is_connected(c))
        return true;
    /* 'E' once the ReadyForQuery after the failure is read; a streamed
     * set's is read lazily, at the next request, so the status may still
     * say 'T' from before the set: an error inside a PostgreSQL
     * transaction always aborts it. (CrateDB has none, but answers 'E'
     * after any synchronous error, FACTS §3.5.) */
    char t = pgw_txn_status(c);
    if ((t == 'E' || t == 'T') && !pgw_is_cratedb(c))
        return true;
    for (int i = from; i < stmt->hdr.diag.count; i++) {
        const char *s = stmt->hdr.diag.recs[i].sqlstate;
        if (strcmp(s, "HY008") == 0 || strcmp(s, "HYT00") == 0 || strncmp(s, "08", 2) == 0)
            return true;
    }
    return false;
}

/*
 * Runs the sets from a->next on until one gives a result: SQL_SUCCESS or
 * SQL_SUCCESS_WITH_INFO, that result current. SQL_NO_DATA when no set is
 * left; SQL_ERROR when the walk had to stop (walk_must_stop). A set that
 * fails is ERROR with its diagnostics and the walk goes on; *failed counts
 * them.
 */
static SQLRETURN walk(drv_stmt *stmt, drv_aset *a, SQLULEN *failed)
{
    while (a->next < a->nsets) {
        SQLULEN k = a->next++;
        if (a->kind[k] != SET_PENDING)
            continue;
        for (int i = 0; i < a->nm; i++) {
            size_t at = (size_t)k * (size_t)a->nm + (size_t)i;
            a->cur[i] = a->params[at];
            a->cur[i].value = a->params[at].len < 0 ? NULL : a->arena.buf + a->offs[at];
        }
        int from = stmt->hdr.diag.count;
        SQLRETURN rc = drv_exec_set(stmt, stmt->stmt_name, false, a->cur);
        count_processed(stmt, a);
        if (SQL_SUCCEEDED(rc)) {
            set_status(stmt, k, rc == SQL_SUCCESS ? SQL_PARAM_SUCCESS
                                                  : SQL_PARAM_SUCCESS_WITH_INFO);
            return rc;
        }
        stamp_set(stmt, from, k);
        set_status(stmt, k, SQL_PARAM_ERROR);
        (*failed)++;
        if (walk_must_stop(stmt, from)) {
            a->next = a->nsets;     /* the rest stay UNUSED */
            return SQL_ERROR;
        }
    }
    return SQL_NO_DATA;
}

/* Converts every set into a (statuses: ignored and pending UNUSED, failed
 * ERROR, counted in *failed); the Parse types of the first set that
 * converts go to oids (*any: one is not 0). */
static void convert_all(drv_stmt *stmt, drv_aset *a, drv_pc_out *outs, uint32_t *oids,
                        bool *any, SQLULEN *failed)
{
    bool have_types = false;
    for (SQLULEN k = 0; k < a->nsets; k++) {
        set_status(stmt, k, SQL_PARAM_UNUSED);
        if (drv_param_row_skipped(stmt, k)) {
            a->kind[k] = SET_IGNORED;
            continue;
        }
        int from = stmt->hdr.diag.count;
        if (!SQL_SUCCEEDED(drv_params_row(stmt, k, &a->arena, outs))) {
            a->kind[k] = SET_FAILED;
            stamp_set(stmt, from, k);
            set_status(stmt, k, SQL_PARAM_ERROR);
            count_processed(stmt, a);
            (*failed)++;
            continue;
        }
        a->kind[k] = SET_PENDING;
        for (int i = 0; i < a->nm; i++) {
            size_t at = (size_t)k * (size_t)a->nm + (size_t)i;
            a->params[at].len = outs[i].len;
            a->params[at].format = outs[i].format;
            a->params[at].value = NULL;         /* the arena may move: offs */
            a->offs[at] = outs[i].off;
            if (!have_types)
                *any = (oids[i] = outs[i].oid) != 0 || *any;
        }
        have_types = true;
    }
}

/* Parses the statement into its own name before the first set runs (see
 * the file comment); the column description lands in stmt->res, where a
 * prepared statement picks its result formats from. */
static SQLRETURN parse_once(drv_stmt *stmt, int nm, const uint32_t *oids)
{
    pgw_conn *c = stmt->dbc->conn;
    drv_timer timer;
    drv_timer_start(&timer, stmt);
    pgw_status st = pgw_prepare(c, stmt->stmt_name, stmt->sql, oids ? nm : 0, oids, &stmt->res);
    bool fired = drv_timer_stop(&timer, stmt);
    if (st != PGW_OK) {
        SQLRETURN rc = drv_timer_error(stmt, fired, c, st);
        pgw_result_clear(&stmt->res);
        return rc;
    }
    /* a SQLExecDirect text too: forget_sql closes the name with the text */
    stmt->server_prepared = true;
    if (stmt->res.nparams == nm)
        drv_stmt_keep_param_types(stmt, stmt->res.param_oids, stmt->res.nparams);
    return SQL_SUCCESS;
}

SQLRETURN drv_run_array_results(drv_stmt *stmt, const char *name, bool parse)
{
    int nm = stmt->nmarkers;
    SQLULEN failed = 0;
    bool any = false;
    drv_pc_out *outs = malloc(sizeof *outs * (size_t)nm);
    uint32_t *oids = calloc((size_t)nm, sizeof *oids);
    drv_aset *a = calloc(1, sizeof *a);
    SQLRETURN rc;
    (void)name;     /* always the statement's own name (see the file comment) */
    drv_array_results_free(stmt);
    /* values of every set are kept: a size_t must count them */
    if (a && (SIZE_MAX / (sizeof(pgw_param) + sizeof(size_t)) / (size_t)nm <
              stmt->apd->array_size)) {
        free(a);
        a = NULL;
    }
    if (a) {
        a->nsets = stmt->apd->array_size;
        a->nm = nm;
        a->kind = malloc(a->nsets);
        a->params = malloc(sizeof *a->params * a->nsets * (size_t)nm);
        a->offs = malloc(sizeof *a->offs * a->nsets * (size_t)nm);
        a->cur = malloc(sizeof *a->cur * (size_t)nm);
    }
    if (stmt->ipd.rows_processed_ptr)
        *stmt->ipd.rows_processed_ptr = 0;
    if (!outs || !oids || !a || !a->kind || !a->params || !a->offs || !a->cur) {
        rc = drv_nomem(&stmt->hdr);
        goto fail;
    }
    rc = drv_stmt_yield_conn(stmt);
    if (!SQL_SUCCEEDED(rc))
        goto fail;
    drv_stmt_reset_result(stmt);
    stmt->aset = a;
    convert_all(stmt, a, outs, oids, &any, &failed);
    bool runnable = false;
    for (SQLULEN k = 0; k < a->nsets && !runnable; k++)
        runnable = a->kind[k] == SET_PENDING;
    if (runnable && parse) {
        rc = parse_once(stmt, nm, any ? oids : NULL);
        if (!SQL_SUCCEEDED(rc))
            goto fail;
    }
    rc = walk(stmt, a, &failed);
    if (rc == SQL_NO_DATA) {
        /* no set gave a result: every set failed, or all were ignored */
        drv_array_results_free(stmt);
        if (failed > 0) {
            rc = SQL_ERROR;
        } else {
            stmt->state = DRV_S_EXECUTED;
            stmt->rowcount = 0;
            rc = SQL_SUCCESS;
        }
    } else if (rc == SQL_ERROR) {
        drv_array_results_free(stmt);
    } else if (stmt->hdr.diag.count > 0) {
        rc = SQL_SUCCESS_WITH_INFO;     /* sets that failed before this result */
    }
    free(outs);
    free(oids);
    return rc;
fail:
    stmt->aset = a;     /* freed with whatever part of it was allocated */
    drv_array_results_free(stmt);
    free(outs);
    free(oids);
    return rc;
}

SQLRETURN drv_array_results_next(drv_stmt *stmt)
{
    drv_aset *a = stmt->aset;
    SQLULEN failed = 0;
    drv_stmt_close_result(stmt);
    SQLRETURN rc = walk(stmt, a, &failed);
    if (rc == SQL_NO_DATA || rc == SQL_ERROR) {
        drv_array_results_free(stmt);
        /* the sets that failed on the way are this call's report */
        return failed > 0 ? SQL_ERROR : SQL_NO_DATA;
    }
    return stmt->hdr.diag.count > 0 ? SQL_SUCCESS_WITH_INFO : rc;
}
