/*
 * handles.c: allocation, validation and release of env, dbc and stmt handles,
 * and the enter/leave pair every entry point on a dbc or stmt goes through.
 *
 * A handle is valid while its first word holds its kind; freeing overwrites
 * it, so a stale handle is (usually) caught as SQL_INVALID_HANDLE instead of
 * being used. Lists: env->dbcs (guarded by env->lock), dbc->stmts (guarded
 * by dbc->lock, which every call on the dbc or its statements holds).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "drv.h"

/* ------------------------------------------------------------ validation */

static drv_hdr *check(SQLHANDLE h, drv_handle_kind kind)
{
    if (h == NULL)
        return NULL;
    drv_hdr *hdr = h;
    return hdr->kind == kind ? hdr : NULL;
}

drv_env *drv_env_check(SQLHANDLE h) { return (drv_env *)check(h, DRV_ENV); }
drv_dbc *drv_dbc_check(SQLHANDLE h) { return (drv_dbc *)check(h, DRV_DBC); }
drv_stmt *drv_stmt_check(SQLHANDLE h) { return (drv_stmt *)check(h, DRV_STMT); }

/* ------------------------------------------------------------ enter / leave */

void drv_dbc_enter(drv_dbc *dbc)
{
    pthread_mutex_lock(&dbc->lock);
    drv_diag_clear(&dbc->hdr);
    dbc->end_tran_warned = false;
}

SQLRETURN drv_dbc_leave(drv_dbc *dbc, SQLRETURN rc)
{
    dbc->hdr.diag.retcode = rc;
    pthread_mutex_unlock(&dbc->lock);
    return rc;
}

void drv_stmt_enter(drv_stmt *stmt)
{
    pthread_mutex_lock(&stmt->dbc->lock);
    drv_diag_clear(&stmt->hdr);
    stmt->dbc->end_tran_warned = false;
}

bool drv_stmt_enter_idle(drv_stmt *stmt)
{
    drv_stmt_enter(stmt);
    if (!stmt->dae)
        return true;
    drv_error(&stmt->hdr, "HY010", "Function sequence error: data at execution is pending "
              "(SQLParamData/SQLPutData)");
    return false;
}

SQLRETURN drv_stmt_leave(drv_stmt *stmt, SQLRETURN rc)
{
    drv_dbc *dbc = stmt->dbc;
    stmt->hdr.diag.retcode = rc;
    pthread_mutex_unlock(&dbc->lock);
    return rc;
}

/* ------------------------------------------------------------ env */

SQLRETURN drv_env_alloc(drv_env **out)
{
    *out = NULL;
    drv_env *env = calloc(1, sizeof *env);
    if (env == NULL)
        return SQL_ERROR;
    env->hdr.kind = DRV_ENV;
    if (pthread_mutex_init(&env->lock, NULL) != 0) {
        free(env);
        return SQL_ERROR;
    }
    /* unixODBC sets the version before any dbc; ODBC 3 until then */
    env->odbc_version = SQL_OV_ODBC3;
    env->cp = SQL_CP_OFF;
    env->cp_match = SQL_CP_STRICT_MATCH;
    *out = env;
    return SQL_SUCCESS;
}

/* HY010 (on the env) while connections remain allocated. */
SQLRETURN drv_env_free(drv_env *env)
{
    pthread_mutex_lock(&env->lock);
    if (env->dbcs != NULL) {
        SQLRETURN rc = drv_error(&env->hdr, "HY010",
                                 "Function sequence error: connections are still allocated");
        pthread_mutex_unlock(&env->lock);
        return rc;
    }
    pthread_mutex_unlock(&env->lock);
    drv_diag_clear(&env->hdr);
    env->hdr.kind = 0;
    pthread_mutex_destroy(&env->lock);
    free(env);
    return SQL_SUCCESS;
}

/* ------------------------------------------------------------ dbc */

/* Caller holds env->lock (it guards the list and the env's diagnostics). */
SQLRETURN drv_dbc_alloc(drv_env *env, drv_dbc **out)
{
    *out = NULL;
    drv_dbc *dbc = calloc(1, sizeof *dbc);
    if (dbc == NULL)
        return drv_nomem(&env->hdr);
    dbc->hdr.kind = DRV_DBC;
    if (pthread_mutex_init(&dbc->lock, NULL) != 0) {
        free(dbc);
        return drv_error(&env->hdr, "HY000", "Cannot create the connection lock");
    }
    dbc->env = env;
    dbc->autocommit = SQL_AUTOCOMMIT_ON;
    dbc->access_mode = SQL_MODE_READ_WRITE;
    dbc->txn_isolation = SQL_TXN_READ_UNCOMMITTED;
    dbc->metadata_id = SQL_FALSE;
    dbc->fetch_size = 1000;
    dbc->next_stmt_id = 1;

    dbc->next = env->dbcs;
    env->dbcs = dbc;
    *out = dbc;
    return SQL_SUCCESS;
}

/* Frees every statement of the dbc (caller holds dbc->lock). */
static void free_all_stmts(drv_dbc *dbc)
{
    while (dbc->stmts != NULL)
        drv_stmt_free(dbc->stmts);
    while (dbc->descs != NULL)
        drv_desc_free(dbc->descs);
}

SQLRETURN drv_dbc_free(drv_dbc *dbc)
{
    pthread_mutex_lock(&dbc->lock);
    drv_diag_clear(&dbc->hdr);
    if (dbc->conn != NULL) {
        SQLRETURN rc = drv_error(&dbc->hdr, "HY010",
                                 "Function sequence error: the connection is still open");
        return drv_dbc_leave(dbc, rc);
    }
    free_all_stmts(dbc);
    pthread_mutex_unlock(&dbc->lock);

    drv_env *env = dbc->env;
    pthread_mutex_lock(&env->lock);
    for (drv_dbc **pp = &env->dbcs; *pp != NULL; pp = &(*pp)->next)
        if (*pp == dbc) {
            *pp = dbc->next;
            break;
        }
    pthread_mutex_unlock(&env->lock);

    drv_conn_opts_free(&dbc->opts);
    drv_diag_clear(&dbc->hdr);
    dbc->hdr.kind = 0;
    pthread_mutex_destroy(&dbc->lock);
    free(dbc);
    return SQL_SUCCESS;
}

/* ------------------------------------------------------------ stmt */

/* Caller holds dbc->lock. 08003 when the dbc is not connected. */
SQLRETURN drv_stmt_alloc(drv_dbc *dbc, drv_stmt **out)
{
    *out = NULL;
    SQLRETURN rc = drv_dbc_require_connected(dbc);
    if (!SQL_SUCCEEDED(rc))
        return rc;
    drv_stmt *stmt = calloc(1, sizeof *stmt);
    if (stmt == NULL)
        return drv_nomem(&dbc->hdr);
    stmt->hdr.kind = DRV_STMT;
    stmt->dbc = dbc;
    stmt->id = dbc->next_stmt_id++;
    snprintf(stmt->stmt_name, sizeof stmt->stmt_name, "odbc_s%u", stmt->id);
    snprintf(stmt->portal, sizeof stmt->portal, "odbc_p%u", stmt->id);
    stmt->state = DRV_S_ALLOCATED;
    pgw_result_init(&stmt->res);
    stmt->rowcount = -1;
    stmt->gd_col = -1;

    stmt->max_rows = 0;
    stmt->query_timeout = 0;
    stmt->max_length = 0;
    stmt->noscan = SQL_NOSCAN_OFF;
    stmt->cursor_type = SQL_CURSOR_FORWARD_ONLY;
    stmt->concurrency = SQL_CONCUR_READ_ONLY;
    stmt->retrieve_data = SQL_RD_ON;
    stmt->metadata_id = dbc->metadata_id;
    stmt->use_bookmarks = SQL_UB_OFF;
    stmt->rowset_size2 = 1;
    stmt->where = -1;
    drv_stmt_descs_init(stmt);

    stmt->next = dbc->stmts;
    dbc->stmts = stmt;
    drv_stmt_live_add(stmt);
    *out = stmt;
    return SQL_SUCCESS;
}

/* Caller holds dbc->lock. Releases server state (drv_stmt_release, exec.c),
 * unlinks and frees. */
SQLRETURN drv_stmt_free(drv_stmt *stmt)
{
    drv_dbc *dbc = stmt->dbc;
    drv_stmt_live_remove(stmt);   /* SQLCancel can no longer reach it */
    drv_stmt_release(stmt);
    if (dbc->portal_owner == stmt)
        dbc->portal_owner = NULL;
    for (drv_stmt **pp = &dbc->stmts; *pp != NULL; pp = &(*pp)->next)
        if (*pp == stmt) {
            *pp = stmt->next;
            break;
        }
    for (size_t i = 0; i < sizeof stmt->dec_buf / sizeof stmt->dec_buf[0]; i++)
        pgw_scratch_free(&stmt->dec_buf[i]);
    pgw_scratch_free(&stmt->fmt_buf);
    drv_diag_free(&stmt->drain_err);
    free(stmt->colplan);
    free(stmt->cursor_name);
    drv_stmt_descs_free(stmt);
    drv_diag_clear(&stmt->hdr);
    stmt->hdr.kind = 0;
    free(stmt);
    return SQL_SUCCESS;
}
