/*
 * batch.c: parameter arrays (SQL_ATTR_PARAMSET_SIZE > 1) as pipelined
 * batches: every slice of up to BATCH_SETS parameter sets goes out as one
 * Parse + Describe (first slice only) + N x (Bind, Execute) + ONE Sync,
 * answered in one round trip (pgw_batch_*). Each set is sent as soon as it
 * is converted. The Describe tells the parameter types, so the slices after
 * the first send integers, doubles and timestamps in binary. Single
 * executions are exec.c's.
 *
 * Per-set outcome (SQL_ATTR_PARAM_STATUS_PTR, diagnostics with the set's
 * number as SQL_DIAG_ROW_NUMBER, SQLRowCount = the sum of the rows really
 * affected):
 *  - CrateDB runs the repeated executions as one bulk operation and
 *    reports a failed set as count -3 without a reason (a duplicate key, a
 *    violated constraint, a value too long, or, for UPDATE and DELETE by
 *    primary key, no row with that key): that set is SQL_PARAM_ERROR, the
 *    others stand. Such a set is never run again: CrateDB may have written
 *    part of it (one bad row of a multi-row VALUES fails the set, its other
 *    rows stay).
 *  - CrateDB fails a bulk as a whole (pgw.h) when a Bind fails or its
 *    planning does (then nothing ran: a failed Bind marks its set, the
 *    sets bound before it are sent again), or when an INSERT's values do
 *    not evaluate (a value that cannot be cast, a NULL primary key: nothing
 *    is written either). The sets are then run one per round trip, so that
 *    only the failing set fails, with the server's reason. A bulk UPDATE
 *    or DELETE that fails as a whole may have changed rows before it
 *    failed: its sets are SQL_PARAM_ERROR, none is run again.
 *  - PostgreSQL raises an error for the failing set, skips the rest until
 *    the Sync and (outside an explicit transaction) rolls back the sets
 *    before it. Rather than reporting rows as lost, the driver resends every
 *    set of the slice except the failed one, until a round has no error:
 *    each round settles at least one set, so it ends, and no row is lost or
 *    written twice (an undone set is resent exactly once per undo). Inside
 *    an explicit transaction (autocommit off) the server has aborted the
 *    transaction: the sets it skipped are SQL_PARAM_UNUSED.
 *  - A set whose value cannot be converted (22003 ...) is SQL_PARAM_ERROR
 *    and never sent; ignored sets (SQL_ATTR_PARAM_OPERATION_PTR) are
 *    SQL_PARAM_UNUSED.
 * Only statements that do not return rows come here (the counts path); an
 * array on a row-returning statement is array_results.c's.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "param_convert.h"
#include "stmt_int.h"

/* Sets per round trip: the answer is read only after the Sync, so this
 * bounds the memory and the server's pending answer (~30 bytes per set)
 * well under a socket buffer. */
#define BATCH_SETS 1000

/* The SQL text's first keyword is `word`. */
static bool first_word_is(const char *sql, const char *word)
{
    size_t n = strlen(word);
    while (*sql == ' ' || *sql == '\t' || *sql == '\n' || *sql == '\r' || *sql == '(')
        sql++;
    return strncasecmp(sql, word, n) == 0 &&
           !(sql[n] == '_' || (sql[n] >= 'a' && sql[n] <= 'z') ||
             (sql[n] >= 'A' && sql[n] <= 'Z') || (sql[n] >= '0' && sql[n] <= '9'));
}

typedef struct slice {
    SQLULEN *rows;          /* parameter-set number of each set sent        */
    pgw_param *params;      /* nsets * nmarkers; values at arena + offs     */
    size_t *offs;           /* arena offset of each value                   */
    int nsets;
    bool open;              /* its first round is begun (pgw_batch_begin)   */
    /* scratch of finish_slice, allocated with the slice (BATCH_SETS each) */
    int *sel;               /* the sets of a round (indexes into the slice) */
    pgw_param *resend;      /* their values                                 */
    int64_t *counts;        /* the round's answer                           */
} slice;

static void set_status(drv_stmt *stmt, SQLULEN row, SQLUSMALLINT st)
{
    if (stmt->ipd.array_status_ptr)
        stmt->ipd.array_status_ptr[row] = st;
}

/* The connection failed under a request of the array: after the query
 * timeout or SQLCancel that is HYT00 / HY008 (the driver may have closed the
 * connection itself when the server answered neither the request nor its
 * cancellation), else the failure as it is. */
static SQLRETURN conn_failed(drv_stmt *stmt, drv_timer *timer, pgw_status st)
{
    return drv_timer_error(stmt, atomic_load(&timer->fired), stmt->dbc->conn, st);
}

/* Adds the set just converted into the arena (outs) to the slice and sends
 * it: the slice's first set begins the round, with Parse when `parse`. */
static SQLRETURN add_set(drv_stmt *stmt, const char *name, bool parse, slice *sl,
                         const drv_arena *a, const drv_pc_out *outs, uint32_t *oids,
                         SQLULEN row, drv_timer *timer)
{
    pgw_conn *c = stmt->dbc->conn;
    int nm = stmt->nmarkers;
    pgw_param *p = sl->params + (size_t)sl->nsets * (size_t)nm;
    size_t *off = sl->offs + (size_t)sl->nsets * (size_t)nm;
    for (int i = 0; i < nm; i++) {
        p[i].len = outs[i].len;
        p[i].format = outs[i].format;
        p[i].value = outs[i].len < 0 ? NULL : a->buf + outs[i].off;
        off[i] = outs[i].off;
    }
    sl->rows[sl->nsets++] = row;
    pgw_status st = PGW_OK;
    if (!sl->open) {
        /* the Parse types depend on the SQL types alone (param_convert.h) */
        bool any = false;
        for (int i = 0; i < nm; i++)
            any = (oids[i] = outs[i].oid) != 0 || any;
        st = pgw_batch_begin(c, parse ? stmt->sql : NULL, name, nm, any ? oids : NULL);
        sl->open = st == PGW_OK;
    }
    if (st == PGW_OK)
        st = pgw_batch_add(c, p);
    return st == PGW_OK ? SQL_SUCCESS : conn_failed(stmt, timer, st);
}

/* After a Parse: the types the server gave the parameters, so that later
 * sets of this statement can go in binary (param_convert.c); on out of
 * memory they stay unknown (text). */
static void keep_param_types(drv_stmt *stmt)
{
    const uint32_t *types;
    int n = pgw_batch_param_types(stmt->dbc->conn, &types);
    if (n == stmt->nmarkers)
        drv_stmt_keep_param_types(stmt, types, n);
}

static void mark(drv_stmt *stmt, const slice *sl, const int *sel, int n, SQLUSMALLINT st)
{
    for (int i = 0; i < n; i++)
        set_status(stmt, sl->rows[sel[i]], st);
}

/*
 * Books the answer of one round over the sets sel[0..n) of sl (indexes into
 * sl): statuses, diagnostics, affected rows (*total) and errors (*nerr).
 * Moves the sets to send again to the front of sel; returns how many (-1
 * when nothing settled, so the caller stops). `stopped` (SQLCancel or the
 * query timeout): nothing is sent again, what did not happen is UNUSED.
 * *all_done: every set of the round succeeded.
 */
static int settle(drv_stmt *stmt, const slice *sl, int *sel, int n, const int64_t *counts,
                  const pgw_batch_outcome *o, bool stopped, int64_t *total, SQLULEN *nerr,
                  bool *all_done)
{
    SQLULEN errs_before = *nerr;
    pgw_conn *c = stmt->dbc->conn;
    const pgw_error *e = pgw_conn_error(c);
    bool aborted = pgw_txn_status(c) == 'E' && !pgw_is_cratedb(c);
    bool cut = false;   /* a set did not happen */
    int again = 0;
    for (int i = 0; i < n; i++) {
        SQLULEN row = sl->rows[sel[i]];
        int64_t k = counts[i];
        bool undone = o->undone && i < o->err_set;
        if (stopped && k == -3) {
            /* CrateDB answers the sets of a bulk its cancel killed with -3 */
            set_status(stmt, row, SQL_PARAM_UNUSED);
            cut = true;
        } else if (k == PGW_BATCH_FAILED && e->message) {
            (*nerr)++;
            set_status(stmt, row, SQL_PARAM_ERROR);
            drv_error_server_set(&stmt->hdr, e, row + 1);
        } else if (k == PGW_BATCH_FAILED || k == -3) {
            (*nerr)++;
            set_status(stmt, row, SQL_PARAM_ERROR);
            drv_error_at(&stmt->hdr, "HY000", (SQLLEN)row + 1, SQL_NO_COLUMN_NUMBER,
                         "Parameter set %lu: the server reported it failed without a reason "
                         "(row count -3): a duplicate primary key, a NOT NULL or CHECK "
                         "constraint, a value that does not fit its column, or for UPDATE "
                         "and DELETE by primary key no row with that key",
                         (unsigned long)row + 1);
        } else if ((k == PGW_BATCH_NOT_RUN && aborted) ||
                   (stopped && (k == PGW_BATCH_NOT_RUN || undone))) {
            set_status(stmt, row, SQL_PARAM_UNUSED);   /* it did not happen */
            cut = true;
        } else if (k == PGW_BATCH_NOT_RUN || undone) {
            sel[again++] = sel[i];          /* resend: it did not happen */
        } else if (k == -2) {               /* CrateDB: done, count unknown */
            set_status(stmt, row, SQL_PARAM_SUCCESS_WITH_INFO);
            drv_error_at(&stmt->hdr, "01000", (SQLLEN)row + 1, SQL_NO_COLUMN_NUMBER,
                         "Parameter set %lu: the server did not report how many rows it "
                         "affected (row count -2)", (unsigned long)row + 1);
        } else {
            if (k > 0)
                *total += k;
            set_status(stmt, row, SQL_PARAM_SUCCESS);
        }
    }
    *all_done = again == 0 && *nerr == errs_before && !cut;
    return again == n ? -1 : again;
}

/* Copies the values of the sets sel[0..n) to sl->resend, one set after
 * another, for a round that sends them again. */
static void gather(const drv_stmt *stmt, slice *sl, const int *sel, int n, const drv_arena *a)
{
    int nm = stmt->nmarkers;
    for (int i = 0; i < n; i++) {
        const pgw_param *from = sl->params + (size_t)sel[i] * (size_t)nm;
        const size_t *off = sl->offs + (size_t)sel[i] * (size_t)nm;
        for (int j = 0; j < nm; j++) {
            pgw_param *to = sl->resend + (size_t)i * (size_t)nm + j;
            *to = from[j];
            to->value = from[j].len < 0 ? NULL : a->buf + off[j];
        }
    }
}

/* Whether the sets of a unit CrateDB failed can run again one by one
 * without writing anything twice: nothing ran (a Bind or the Sync failed),
 * or an INSERT's values failed to evaluate, which happens before any row is
 * written (not a killed job: that may have written some). */
static bool unit_reruns_safely(const drv_stmt *stmt, const int64_t *counts)
{
    const pgw_error *e = pgw_conn_error(stmt->dbc->conn);
    if (counts[0] == PGW_BATCH_NOT_RUN)
        return true;
    return first_word_is(stmt->sql, "insert") && !(e->message && strstr(e->message, "killed"));
}

/*
 * Runs the sets sel[0..n) one per round trip: CrateDB failed them as one
 * unit, and a set alone is not run as a bulk, so each gets its own outcome
 * (only the failing one fails, with the server's reason).
 */
static SQLRETURN run_one_by_one(drv_stmt *stmt, const char *name, slice *sl, const int *sel,
                                int n, const drv_arena *a, drv_timer *timer, int64_t *total,
                                SQLULEN *nerr)
{
    pgw_conn *c = stmt->dbc->conn;
    if (drv_timer_interrupted(timer, stmt)) {
        mark(stmt, sl, sel, n, SQL_PARAM_UNUSED);
        return drv_timer_interrupted_error(timer, stmt);
    }
    for (int i = 0; i < n; i++) {
        pgw_batch_outcome o;
        pgw_batch_req req = { NULL, name, stmt->nmarkers, NULL, 1, sl->resend };
        gather(stmt, sl, sel + i, 1, a);
        pgw_status st = pgw_batch(c, &req, sl->counts, &o);
        if (st != PGW_OK) {
            mark(stmt, sl, sel + i, n - i, SQL_PARAM_ERROR);
            *nerr += (SQLULEN)(n - i);
            return conn_failed(stmt, timer, st);
        }
        int one = sel[i];
        bool stopped = drv_timer_interrupted(timer, stmt), all_done;
        if (stopped && sl->counts[0] == 0) {
            /* CrateDB answers a write that the cancel killed with a count
             * of 0 and no error (6.4.3): it did not happen */
            set_status(stmt, sl->rows[one], SQL_PARAM_UNUSED);
        } else if (settle(stmt, sl, &one, 1, sl->counts, &o, stopped, total, nerr,
                          &all_done) != 0) {
            /* not run, and no error for it: never left unreported */
            (*nerr)++;
            set_status(stmt, sl->rows[one], SQL_PARAM_ERROR);
            drv_error_at(&stmt->hdr, "HY000", (SQLLEN)sl->rows[one] + 1, SQL_NO_COLUMN_NUMBER,
                         "Parameter set %lu: the server did not run it",
                         (unsigned long)sl->rows[one] + 1);
        }
        if (stopped) {
            mark(stmt, sl, sel + i + 1, n - i - 1, SQL_PARAM_UNUSED);
            return drv_timer_interrupted_error(timer, stmt);
        }
    }
    return SQL_SUCCESS;
}

/* Ends the slice's first round (sent by add_set) and resends what the
 * server undid or did not run until every set is settled; adds affected
 * rows to *total, counts errors in *nerr. After SQLCancel or the timeout
 * (timer) nothing is resent: HY008 / HYT00. */
static SQLRETURN finish_slice(drv_stmt *stmt, bool *parse, const char *name, slice *sl,
                              const drv_arena *a, drv_timer *timer, int64_t *total,
                              SQLULEN *nerr)
{
    pgw_conn *c = stmt->dbc->conn;
    int n = sl->nsets;
    int *sel = sl->sel;
    pgw_batch_outcome o;
    sl->open = false;
    pgw_status st = pgw_batch_finish(c, sl->counts, &o);
    for (int i = 0; i < n; i++)
        sel[i] = i;
    for (;;) {
        if (st != PGW_OK) {
            /* the statement failed (nothing ran), or the connection did */
            bool none_ran = st == PGW_ERR_SERVER;
            mark(stmt, sl, sel, n, none_ran ? SQL_PARAM_UNUSED : SQL_PARAM_ERROR);
            if (!none_ran)
                *nerr += (SQLULEN)n;
            return conn_failed(stmt, timer, st);
        }
        if (*parse) {
            *parse = false;
            keep_param_types(stmt);
        }
        bool stopped = drv_timer_interrupted(timer, stmt);
        if (o.unit_failed && !stopped && unit_reruns_safely(stmt, sl->counts))
            return run_one_by_one(stmt, name, sl, sel, n, a, timer, total, nerr);
        bool all_done;
        int again = settle(stmt, sl, sel, n, sl->counts, &o, stopped, total, nerr, &all_done);
        /* an interruption that came after the server had done every set of
         * the slice stopped nothing: the caller sends no further slice */
        if (stopped && !all_done)
            return drv_timer_interrupted_error(timer, stmt);
        if (again < 0) {  /* nothing settled: never loop forever */
            mark(stmt, sl, sel, n, SQL_PARAM_ERROR);
            *nerr += (SQLULEN)n;
            return drv_error(&stmt->hdr, "HY000", "The server ran none of the parameter sets");
        }
        if (again == 0)
            return SQL_SUCCESS;
        n = again;
        gather(stmt, sl, sel, n, a);
        pgw_batch_req req = { NULL, name, stmt->nmarkers, NULL, n, sl->resend };
        st = pgw_batch(c, &req, sl->counts, &o);
    }
}

SQLRETURN drv_run_array(drv_stmt *stmt, const char *name, bool parse)
{
    int nm = stmt->nmarkers;
    SQLULEN nsets = stmt->apd->array_size, processed = 0, nerr = 0;
    drv_arena a = { NULL, 0, 0 };
    drv_pc_out *outs = malloc(sizeof *outs * (size_t)nm);
    uint32_t *oids = calloc((size_t)nm, sizeof *oids);
    slice sl = { malloc(sizeof(SQLULEN) * BATCH_SETS),
                 malloc(sizeof(pgw_param) * BATCH_SETS * (size_t)nm),
                 malloc(sizeof(size_t) * BATCH_SETS * (size_t)nm), 0, false,
                 malloc(sizeof(int) * BATCH_SETS),
                 malloc(sizeof(pgw_param) * BATCH_SETS * (size_t)nm),
                 malloc(sizeof(int64_t) * BATCH_SETS) };
    int64_t total = 0;
    drv_timer timer;
    bool timing = false;
    SQLRETURN rc = SQL_SUCCESS;
    if (!outs || !oids || !sl.rows || !sl.params || !sl.offs || !sl.sel || !sl.resend ||
        !sl.counts) {
        rc = drv_nomem(&stmt->hdr);
        goto done;
    }
    rc = drv_stmt_yield_conn(stmt);
    if (!SQL_SUCCEEDED(rc))
        goto done;
    drv_stmt_reset_result(stmt);
    drv_timer_start(&timer, stmt);
    timing = true;
    /* each set is converted and sent at once, so the server works on the
     * first sets of a slice while the later ones are converted */
    SQLULEN row;
    for (row = 0; row <= nsets; row++) {
        /* SQLCancel or the timeout: what was sent is answered (the
         * CancelRequest may have stopped it, or reached the server while it
         * waited for the next sets and was dropped), the rest is not sent */
        bool stop = row < nsets && drv_timer_interrupted(&timer, stmt);
        if ((row == nsets || sl.nsets == BATCH_SETS || stop) && sl.nsets > 0) {
            /* after an interruption this ends with HY008 / HYT00, unless the
             * server had done every set of the slice */
            rc = finish_slice(stmt, &parse, name, &sl, &a, &timer, &total, &nerr);
            if (rc == SQL_ERROR)
                goto unsent;
            sl.nsets = 0;
            a.len = 0;
        }
        if (row == nsets)
            break;
        if (stop) {
            rc = drv_timer_interrupted_error(&timer, stmt);
            goto unsent;
        }
        if (drv_param_row_skipped(stmt, row)) {
            set_status(stmt, row, SQL_PARAM_UNUSED);
            continue;
        }
        processed++;
        if (!SQL_SUCCEEDED(drv_params_row(stmt, row, &a, outs))) {
            /* the diagnostic names the set; mark its row number */
            if (stmt->hdr.diag.count > 0)
                stmt->hdr.diag.recs[stmt->hdr.diag.count - 1].row = (SQLLEN)row + 1;
            set_status(stmt, row, SQL_PARAM_ERROR);
            nerr++;
            continue;
        }
        rc = add_set(stmt, name, parse, &sl, &a, outs, oids, row, &timer);
        if (rc == SQL_ERROR) {
            /* the slice's sets went out unconfirmed: the rest are not sent */
            for (int i = 0; i < sl.nsets; i++)
                set_status(stmt, sl.rows[i], SQL_PARAM_ERROR);
            nerr += (SQLULEN)sl.nsets;
            row++;
            goto unsent;
        }
    }
    if (!parse && name[0])
        stmt->server_prepared = true;
    stmt->rowcount = total;
    stmt->state = DRV_S_EXECUTED;
    drv_txn_note(stmt->dbc, stmt->sql, nerr < processed ? processed - nerr : 0, total);
    /* a warning (a count CrateDB did not know) makes it SUCCESS_WITH_INFO too */
    rc = nerr == 0 ? (stmt->hdr.diag.count > 0 ? SQL_SUCCESS_WITH_INFO : SQL_SUCCESS)
       : nerr < processed ? SQL_SUCCESS_WITH_INFO : SQL_ERROR;
    goto done;
unsent:
    for (SQLULEN r = row; r < nsets; r++)
        set_status(stmt, r, SQL_PARAM_UNUSED);
done:
    if (timing)
        drv_timer_stop(&timer, stmt);
    if (stmt->ipd.rows_processed_ptr)
        *stmt->ipd.rows_processed_ptr = processed;
    free(outs);
    free(oids);
    free(sl.rows);
    free(sl.params);
    free(sl.offs);
    free(sl.sel);
    free(sl.resend);
    free(sl.counts);
    free(a.buf);
    return rc;
}
