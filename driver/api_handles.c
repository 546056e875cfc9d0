/*
 * api_handles.c: SQLAllocHandle and SQLFreeHandle (entry points only; the
 * work is in handles.c).
 * Descriptor handles are allocated on a connection (desc.c); freeing an
 * implicit one is HY017. A NULL OutputHandle is HY009 on the InputHandle
 * (an environment has no handle to record it on: plain SQL_ERROR).
 */
#include "drv.h"

static SQLRETURN null_output(drv_hdr *h)
{
    return drv_error(h, "HY009", "Invalid use of null pointer: OutputHandle is NULL");
}

/* sqlallochandle: an unknown HandleType is HY092, recorded on the input
 * handle when it is an environment or a connection (else nowhere). */
static SQLRETURN bad_handle_type(SQLHANDLE input)
{
    static const char msg[] = "Invalid attribute/option identifier: unknown HandleType";
    drv_env *env = drv_env_check(input);
    if (env != NULL) {
        pthread_mutex_lock(&env->lock);
        drv_diag_clear(&env->hdr);
        SQLRETURN rc = drv_error(&env->hdr, "HY092", msg);
        env->hdr.diag.retcode = rc;
        pthread_mutex_unlock(&env->lock);
        return rc;
    }
    drv_dbc *dbc = drv_dbc_check(input);
    if (dbc == NULL)
        return SQL_ERROR;
    drv_dbc_enter(dbc);
    return drv_dbc_leave(dbc, drv_error(&dbc->hdr, "HY092", msg));
}

SQLRETURN SQL_API DRV_API(SQLAllocHandle)(SQLSMALLINT HandleType, SQLHANDLE InputHandle,
                                 SQLHANDLE *OutputHandle)
{
    if (OutputHandle != NULL)
        *OutputHandle = SQL_NULL_HANDLE;

    switch (HandleType) {
    case SQL_HANDLE_ENV: {
        if (OutputHandle == NULL)
            return SQL_ERROR;
        drv_env *env;
        SQLRETURN rc = drv_env_alloc(&env);
        if (SQL_SUCCEEDED(rc))
            *OutputHandle = env;
        return rc;
    }
    case SQL_HANDLE_DBC: {
        drv_env *env = drv_env_check(InputHandle);
        if (env == NULL)
            return SQL_INVALID_HANDLE;
        /* the env's diagnostics, like its list, belong to every thread */
        pthread_mutex_lock(&env->lock);
        drv_diag_clear(&env->hdr);
        drv_dbc *dbc;
        SQLRETURN rc = OutputHandle == NULL ? null_output(&env->hdr) : drv_dbc_alloc(env, &dbc);
        if (SQL_SUCCEEDED(rc))
            *OutputHandle = dbc;
        env->hdr.diag.retcode = rc;
        pthread_mutex_unlock(&env->lock);
        return rc;
    }
    case SQL_HANDLE_STMT: {
        drv_dbc *dbc = drv_dbc_check(InputHandle);
        if (dbc == NULL)
            return SQL_INVALID_HANDLE;
        drv_dbc_enter(dbc);
        drv_stmt *stmt;
        SQLRETURN rc = OutputHandle == NULL ? null_output(&dbc->hdr) : drv_stmt_alloc(dbc, &stmt);
        if (SQL_SUCCEEDED(rc))
            *OutputHandle = stmt;
        return drv_dbc_leave(dbc, rc);
    }
    case SQL_HANDLE_DESC: {
        drv_dbc *dbc = drv_dbc_check(InputHandle);
        if (dbc == NULL)
            return SQL_INVALID_HANDLE;
        drv_dbc_enter(dbc);
        drv_desc *d;
        SQLRETURN rc = OutputHandle == NULL ? null_output(&dbc->hdr) : drv_desc_alloc(dbc, &d);
        if (SQL_SUCCEEDED(rc))
            *OutputHandle = d;
        return drv_dbc_leave(dbc, rc);
    }
    default:
        return bad_handle_type(InputHandle);
    }
}

SQLRETURN SQL_API DRV_API(SQLFreeHandle)(SQLSMALLINT HandleType, SQLHANDLE Handle)
{
    switch (HandleType) {
    case SQL_HANDLE_ENV: {
        drv_env *env = drv_env_check(Handle);
        if (env == NULL)
            return SQL_INVALID_HANDLE;
        return drv_env_free(env);
    }
    case SQL_HANDLE_DBC: {
        drv_dbc *dbc = drv_dbc_check(Handle);
        if (dbc == NULL)
            return SQL_INVALID_HANDLE;
        return drv_dbc_free(dbc);
    }
    case SQL_HANDLE_STMT: {
        drv_stmt *stmt = drv_stmt_check(Handle);
        if (stmt == NULL)
            return SQL_INVALID_HANDLE;
        drv_dbc *dbc = stmt->dbc;
        pthread_mutex_lock(&dbc->lock);
        SQLRETURN rc = drv_stmt_free(stmt);
        pthread_mutex_unlock(&dbc->lock);
        return rc;
    }
    case SQL_HANDLE_DESC: {
        drv_desc *d = drv_desc_check(Handle);
        if (d == NULL)
            return SQL_INVALID_HANDLE;
        drv_dbc *dbc = d->dbc;
        pthread_mutex_lock(&dbc->lock);
        drv_diag_clear(&d->hdr);
        SQLRETURN rc = drv_desc_free(d);
        if (rc != SQL_SUCCESS)
            d->hdr.diag.retcode = rc;
        pthread_mutex_unlock(&dbc->lock);
        return rc;
    }
    default:
        return SQL_INVALID_HANDLE;
    }
}
