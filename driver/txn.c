/*
 * txn.c: autocommit, manual-commit mode and SQLEndTran on a server that
 * commits every statement as it runs.
 *
 * CrateDB has no transactions: each statement is committed when it runs, and
 * ROLLBACK or SAVEPOINT is a syntax error (FACTS §3.8). Applications still
 * switch autocommit off and end their units of work with SQLEndTran as a
 * matter of course (PDO's beginTransaction, pyodbc's autocommit=False, DBI's
 * AutoCommit => 0 and begin_work, RODBC's odbcSetAutoCommit). So:
 *
 *  - SQL_AUTOCOMMIT_OFF is accepted and reported back; statements still
 *    commit as they run. The answer is plain SQL_SUCCESS: PDO fails
 *    beginTransaction() on anything else, SQL_SUCCESS_WITH_INFO included.
 *  - SQLEndTran(SQL_COMMIT) succeeds: everything is committed already.
 *  - SQLEndTran(SQL_ROLLBACK) cannot undo anything. When statements changed
 *    data or definitions since the unit of work began (the last SQLEndTran,
 *    the switch to manual-commit mode or the connect), it returns
 *    SQL_SUCCESS_WITH_INFO with a 01000 warning that counts them by kind,
 *    with their rows; with nothing to undo it is SQL_SUCCESS. A warning
 *    rather than an error because every client treats SQL_ERROR from a
 *    rollback as a failure of the application's own error handling (PDO's
 *    rollBack() returns false or throws, pyodbc raises, DBI dies under
 *    RaiseError), while all of them accept SQL_SUCCESS_WITH_INFO as success
 *    (pyodbc and DBD::ODBC test SQL_SUCCEEDED; PDO records the warning's
 *    SQLSTATE in errorCode() and returns true).
 *  - No COMMIT, ROLLBACK, BEGIN or SAVEPOINT is ever sent, to any server:
 *    a PostgreSQL server gets the same semantics (the driver serves
 *    CrateDB; PostgreSQL stands in for it in the tests), so SQLGetInfo's
 *    SQL_TXN_CAPABLE is SQL_TC_NONE everywhere.
 *
 * The record of what ran in manual-commit mode is kept per connection from
 * each statement's command tag (exec.c, batch.c call drv_txn_note).
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "drv.h"

/*
 * The statements a rollback would have undone, by the first word of their
 * command tag (or SQL text): the ones that change rows count rows too. A
 * tag whose word is not here (SELECT, SHOW, SET, REFRESH, BEGIN ...) changed
 * nothing the application could want back.
 */
static const struct txn_kind {
    const char *word;
    bool counts_rows;
} txn_kinds[DRV_TXN_KINDS] = {
    { "INSERT", true }, { "UPDATE", true }, { "DELETE", true }, { "COPY", true },
    { "MERGE", true },  { "CREATE", false }, { "DROP", false }, { "ALTER", false },
    { "GRANT", false }, { "REVOKE", false }, { "DENY", false },  { "TRUNCATE", false },
};

/* The first word of a tag or SQL text: letters after blanks and '('. */
static const struct txn_kind *txn_kind_of(const char *s, int *index)
{
    while (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n' || *s == '(')
        s++;
    size_t n = 0;
    while ((s[n] >= 'A' && s[n] <= 'Z') || (s[n] >= 'a' && s[n] <= 'z'))
        n++;
    for (int i = 0; i < DRV_TXN_KINDS; i++)
        if (strlen(txn_kinds[i].word) == n && strncasecmp(s, txn_kinds[i].word, n) == 0) {
            *index = i;
            return &txn_kinds[i];
        }
    return NULL;
}

void drv_txn_note(drv_dbc *dbc, const char *what, uint64_t nstmts, int64_t rows)
{
    if (dbc->autocommit != SQL_AUTOCOMMIT_OFF || what == NULL || nstmts == 0)
        return;
    int i;
    const struct txn_kind *k = txn_kind_of(what, &i);
    if (k == NULL)
        return;
    dbc->txn_work.stmts[i] += nstmts;
    /* CrateDB's -2 (count unknown) and -3 (a failed set) add no rows */
    if (k->counts_rows && rows > 0)
        dbc->txn_work.rows[i] += rows;
}

static void txn_forget(drv_dbc *dbc)
{
    memset(&dbc->txn_work, 0, sizeof dbc->txn_work);
}

void drv_txn_reset(drv_dbc *dbc)
{
    txn_forget(dbc);
}

SQLRETURN drv_set_autocommit(drv_dbc *dbc, SQLULEN v)
{
    if (v != SQL_AUTOCOMMIT_ON && v != SQL_AUTOCOMMIT_OFF)
        return drv_error(&dbc->hdr, "HY024", "Invalid autocommit value");
    /* a switch begins a new unit of work (ON: the spec commits the open
     * transaction, which here is committed already) */
    if (v != dbc->autocommit)
        txn_forget(dbc);
    dbc->autocommit = (SQLUINTEGER)v;
    return SQL_SUCCESS;
}

/* Appends "INSERT x2 (5 rows)" for each kind of statement in w to buf. */
static void describe_work(const drv_txn_work *w, char *buf, size_t size)
{
    size_t len = 0;
    buf[0] = '\0';
    for (int i = 0; i < DRV_TXN_KINDS && len < size; i++) {
        if (w->stmts[i] == 0)
            continue;
        int n;
        if (txn_kinds[i].counts_rows)
            n = snprintf(buf + len, size - len, "%s%s x%llu (%lld row%s)", len ? ", " : "",
                         txn_kinds[i].word, (unsigned long long)w->stmts[i],
                         (long long)w->rows[i], w->rows[i] == 1 ? "" : "s");
        else
            n = snprintf(buf + len, size - len, "%s%s x%llu", len ? ", " : "",
                         txn_kinds[i].word, (unsigned long long)w->stmts[i]);
        if (n < 0)
            break;
        len += (size_t)n;
    }
}

/*
 * Ends the unit of work of one connected dbc; the diagnostics go to `to`
 * (the dbc itself, or the env of an environment-wide SQLEndTran).
 */
static SQLRETURN end_tran_dbc(drv_hdr *to, drv_dbc *dbc, SQLSMALLINT completion)
{
    drv_txn_work w = dbc->txn_work;
    txn_forget(dbc);
    if (completion == SQL_COMMIT || dbc->autocommit == SQL_AUTOCOMMIT_ON)
        return SQL_SUCCESS;
    uint64_t total = 0;
    for (int i = 0; i < DRV_TXN_KINDS; i++)
        total += w.stmts[i];
    if (total == 0)
        return SQL_SUCCESS;
    char what[512];
    describe_work(&w, what, sizeof what);
    return drv_error(to, "01000",
                     "Rollback could not undo %llu statement%s run in manual-commit mode "
                     "since the last commit or rollback: %s. CrateDB has no transactions and committed each statement "
                     "as it ran; nothing was rolled back",
                     (unsigned long long)total, total == 1 ? "" : "s", what);
}

/*
 * SQLEndTran on a dbc (whose lock the caller holds) or on an env (each of
 * its connected dbcs, under the env's lock: the list cannot change).
 */
SQLRETURN drv_end_tran(drv_hdr *h, SQLSMALLINT completion)
{
    if (completion != SQL_COMMIT && completion != SQL_ROLLBACK)
        return drv_error(h, "HY012", "Invalid transaction operation code %d", (int)completion);
    if (h->kind == DRV_DBC) {
        drv_dbc *dbc = (drv_dbc *)h;
        if (dbc->conn == NULL)
            return drv_error(h, "08003", "Connection not open");
        return end_tran_dbc(h, dbc, completion);
    }
    drv_env *env = (drv_env *)h;
    SQLRETURN rc = SQL_SUCCESS;
    for (drv_dbc *dbc = env->dbcs; dbc != NULL; dbc = dbc->next) {
        pthread_mutex_lock(&dbc->lock);
        if (dbc->conn != NULL && end_tran_dbc(h, dbc, completion) != SQL_SUCCESS)
            rc = SQL_SUCCESS_WITH_INFO;
        pthread_mutex_unlock(&dbc->lock);
    }
    return rc;
}
