/* test_txn.c: driver/txn.c, manual-commit mode on a server that commits every
 * statement. Two connections on fake CrateDB servers (socketpairs): what
 * manual-commit mode records, what SQLEndTran reports on a connection and on
 * the environment (the driver's own environment path: unixODBC ends each
 * connection itself), and that SQLEndTran and the mode switches send nothing
 * at all to the server (no COMMIT, ROLLBACK, BEGIN or SAVEPOINT). */
#include <poll.h>
#include <string.h>
#include <unistd.h>

#include "stmt_int.h"
#include "unit.h"

typedef struct pair {
    drv_env *env;
    drv_dbc *dbc[2];
    int peer[2];
} pair;

static void pair_start(pair *p)
{
    CU_ASSERT_EQUAL_FATAL(drv_env_alloc(&p->env), SQL_SUCCESS);
    for (int i = 0; i < 2; i++) {
        CU_ASSERT_EQUAL_FATAL(drv_dbc_alloc(p->env, &p->dbc[i]), SQL_SUCCESS);
        p->dbc[i]->conn = unit_fake_conn(&p->peer[i], true);
        CU_ASSERT_PTR_NOT_NULL_FATAL(p->dbc[i]->conn);
    }
}

/* Nothing arrived at either fake server. */
static void assert_nothing_sent(const pair *p)
{
    for (int i = 0; i < 2; i++) {
        struct pollfd pf = { p->peer[i], POLLIN, 0 };
        CU_ASSERT_EQUAL(poll(&pf, 1, 0), 0);
    }
}

static void pair_stop(pair *p)
{
    for (int i = 0; i < 2; i++) {
        drv_disconnect(p->dbc[i]);
        close(p->peer[i]);
        drv_dbc_free(p->dbc[i]);
    }
    drv_env_free(p->env);
}

static SQLRETURN set_ac(drv_dbc *dbc, SQLULEN v)
{
    drv_diag_clear(&dbc->hdr);
    return drv_set_connect_attr(dbc, SQL_ATTR_AUTOCOMMIT, (SQLPOINTER)v, 0);
}

static SQLRETURN end_tran(drv_hdr *h, SQLSMALLINT completion)
{
    drv_diag_clear(h);
    return drv_end_tran(h, completion);
}

static bool diag_has(const drv_hdr *h, int rec, const char *state, const char *text)
{
    return rec < h->diag.count && strcmp(h->diag.recs[rec].sqlstate, state) == 0 &&
           strstr(h->diag.recs[rec].message, text) != NULL;
}

static void test_connection(void)
{
    pair p;
    pair_start(&p);
    drv_dbc *d = p.dbc[0];
    /* autocommit: nothing is recorded, both completions succeed */
    drv_txn_note(d, "INSERT 0 3", 1, 3);
    CU_ASSERT_EQUAL(end_tran(&d->hdr, SQL_ROLLBACK), SQL_SUCCESS);
    CU_ASSERT_EQUAL(set_ac(d, SQL_AUTOCOMMIT_OFF), SQL_SUCCESS);
    CU_ASSERT_EQUAL(d->hdr.diag.count, 0);
    /* tags and SQL texts by their first word; reads and session statements
     * are not counted, nor CrateDB's -2/-3 counts as rows */
    drv_txn_note(d, "INSERT 0 3", 1, 3);
    drv_txn_note(d, "insert into t values ($1)", 4, 4);
    drv_txn_note(d, "UPDATE 2", 1, 2);
    drv_txn_note(d, "DELETE -2", 1, -2);
    drv_txn_note(d, "CREATE 1", 1, 1);
    drv_txn_note(d, "SELECT 5", 1, 5);
    drv_txn_note(d, "SET 0", 1, 0);
    drv_txn_note(d, "REFRESH 1", 1, 1);
    drv_txn_note(d, "  (INSERT 0 1", 1, 1);
    CU_ASSERT_EQUAL(end_tran(&d->hdr, SQL_ROLLBACK), SQL_SUCCESS_WITH_INFO);
    CU_ASSERT(diag_has(&d->hdr, 0, "01000", "could not undo 9 statements"));
    CU_ASSERT(diag_has(&d->hdr, 0, "01000",
                       "INSERT x6 (8 rows), UPDATE x1 (2 rows), DELETE x1 (0 rows), CREATE x1"));
    /* the unit of work ended */
    CU_ASSERT_EQUAL(end_tran(&d->hdr, SQL_ROLLBACK), SQL_SUCCESS);
    drv_txn_note(d, "UPDATE 1", 1, 1);
    CU_ASSERT_EQUAL(end_tran(&d->hdr, SQL_COMMIT), SQL_SUCCESS);
    CU_ASSERT_EQUAL(d->hdr.diag.count, 0);
    CU_ASSERT_EQUAL(end_tran(&d->hdr, SQL_ROLLBACK), SQL_SUCCESS);
    /* a switch of mode starts a new one; setting the same mode does not */
    drv_txn_note(d, "UPDATE 1", 1, 1);
    CU_ASSERT_EQUAL(set_ac(d, SQL_AUTOCOMMIT_OFF), SQL_SUCCESS);
    CU_ASSERT_EQUAL(end_tran(&d->hdr, SQL_ROLLBACK), SQL_SUCCESS_WITH_INFO);
    CU_ASSERT(diag_has(&d->hdr, 0, "01000", "could not undo 1 statement run"));
    CU_ASSERT(diag_has(&d->hdr, 0, "01000", "UPDATE x1 (1 row)"));
    drv_txn_note(d, "UPDATE 1", 1, 1);
    CU_ASSERT_EQUAL(set_ac(d, SQL_AUTOCOMMIT_ON), SQL_SUCCESS);
    CU_ASSERT_EQUAL(set_ac(d, SQL_AUTOCOMMIT_OFF), SQL_SUCCESS);
    CU_ASSERT_EQUAL(end_tran(&d->hdr, SQL_ROLLBACK), SQL_SUCCESS);
    CU_ASSERT_EQUAL(set_ac(d, 2), SQL_ERROR);
    CU_ASSERT(diag_has(&d->hdr, 0, "HY024", "autocommit"));
    CU_ASSERT_EQUAL(end_tran(&d->hdr, 5), SQL_ERROR);
    CU_ASSERT(diag_has(&d->hdr, 0, "HY012", "5"));
    assert_nothing_sent(&p);
    pair_stop(&p);
}

static void test_environment(void)
{
    pair p;
    pair_start(&p);
    for (int i = 0; i < 2; i++)
        CU_ASSERT_EQUAL(set_ac(p.dbc[i], SQL_AUTOCOMMIT_OFF), SQL_SUCCESS);
    drv_txn_note(p.dbc[0], "INSERT 0 2", 1, 2);
    drv_txn_note(p.dbc[1], "DELETE 7", 1, 7);
    CU_ASSERT_EQUAL(end_tran(&p.env->hdr, SQL_ROLLBACK), SQL_SUCCESS_WITH_INFO);
    /* one warning per connection with something to undo, on the environment */
    CU_ASSERT_EQUAL(p.env->hdr.diag.count, 2);
    bool ins = diag_has(&p.env->hdr, 0, "01000", "INSERT x1 (2 rows)") ||
               diag_has(&p.env->hdr, 1, "01000", "INSERT x1 (2 rows)");
    bool del = diag_has(&p.env->hdr, 0, "01000", "DELETE x1 (7 rows)") ||
               diag_has(&p.env->hdr, 1, "01000", "DELETE x1 (7 rows)");
    CU_ASSERT(ins && del);
    CU_ASSERT_EQUAL(end_tran(&p.env->hdr, SQL_ROLLBACK), SQL_SUCCESS);
    drv_txn_note(p.dbc[1], "DELETE 7", 1, 7);
    CU_ASSERT_EQUAL(end_tran(&p.env->hdr, SQL_COMMIT), SQL_SUCCESS);
    CU_ASSERT_EQUAL(end_tran(&p.env->hdr, SQL_ROLLBACK), SQL_SUCCESS);
    /* a connection that is not open is left out */
    drv_txn_note(p.dbc[1], "DELETE 7", 1, 7);
    pgw_conn *keep = p.dbc[1]->conn;
    p.dbc[1]->conn = NULL;
    CU_ASSERT_EQUAL(end_tran(&p.env->hdr, SQL_ROLLBACK), SQL_SUCCESS);
    p.dbc[1]->conn = keep;
    CU_ASSERT_EQUAL(end_tran(&p.dbc[1]->hdr, SQL_ROLLBACK), SQL_SUCCESS_WITH_INFO);
    assert_nothing_sent(&p);
    pair_stop(&p);
}

void register_txn_tests(void)
{
    CU_pSuite s = CU_add_suite("txn", NULL, NULL);
    CU_add_test(s, "manual-commit mode on a connection", test_connection);
    CU_add_test(s, "SQLEndTran on the environment", test_environment);
}
