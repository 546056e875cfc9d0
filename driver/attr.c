/*
 * attr.c: environment, connection and statement attributes, and SQLEndTran.
 *
 * Autocommit and SQLEndTran are txn.c's (CrateDB commits every statement as
 * it runs; manual-commit mode is accepted all the same).
 *
 * Array and binding attributes are header fields of the statement's
 * descriptors (desc.c): ROW_ARRAY_SIZE, ROW_BIND_TYPE, ROW_BIND_OFFSET_PTR
 * and ROW_OPERATION_PTR of the ARD; ROW_STATUS_PTR and ROWS_FETCHED_PTR of
 * the IRD; PARAMSET_SIZE, PARAM_BIND_TYPE, PARAM_BIND_OFFSET_PTR and
 * PARAM_OPERATION_PTR of the APD; PARAM_STATUS_PTR and PARAMS_PROCESSED_PTR
 * of the IPD. Values the driver cannot honour are refused or substituted
 * with 01S02, never accepted silently. Setters take the value as passed to the
 * ODBC call (integers inside the pointer); string values are UTF-8.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "drv.h"

#define IVAL(p) ((SQLULEN)(uintptr_t)(p))

static SQLRETURN put_uint(SQLPOINTER value, SQLUINTEGER v, SQLINTEGER *outlen)
{
    if (value)
        *(SQLUINTEGER *)value = v;
    if (outlen)
        *outlen = (SQLINTEGER)sizeof(SQLUINTEGER);
    return SQL_SUCCESS;
}

static SQLRETURN put_ulen(SQLPOINTER value, SQLULEN v, SQLINTEGER *outlen)
{
    if (value)
        *(SQLULEN *)value = v;
    if (outlen)
        *outlen = (SQLINTEGER)sizeof(SQLULEN);
    return SQL_SUCCESS;
}

static SQLRETURN put_ptr(SQLPOINTER value, void *v, SQLINTEGER *outlen)
{
    if (value)
        *(SQLPOINTER *)value = v;
    if (outlen)
        *outlen = (SQLINTEGER)sizeof(SQLPOINTER);
    return SQL_SUCCESS;
}

/* ------------------------------------------------------------ env */

SQLRETURN drv_set_env_attr(drv_env *env, SQLINTEGER attr, SQLPOINTER value, SQLINTEGER len)
{
    (void)len;
    SQLULEN v = IVAL(value);
    switch (attr) {
    case SQL_ATTR_ODBC_VERSION:
        if (v != SQL_OV_ODBC2 && v != SQL_OV_ODBC3 && v != SQL_OV_ODBC3_80)
            return drv_error(&env->hdr, "HY024", "Invalid ODBC version %lu", (unsigned long)v);
        env->odbc_version = (SQLINTEGER)v;
        return SQL_SUCCESS;
    case SQL_ATTR_CONNECTION_POOLING:
        if (v != SQL_CP_OFF && v != SQL_CP_ONE_PER_DRIVER && v != SQL_CP_ONE_PER_HENV)
            return drv_error(&env->hdr, "HY024", "Invalid connection pooling value");
        env->cp = (SQLUINTEGER)v;   /* pooling itself is the driver manager's */
        return SQL_SUCCESS;
    case SQL_ATTR_CP_MATCH:
        if (v != SQL_CP_STRICT_MATCH && v != SQL_CP_RELAXED_MATCH)
            return drv_error(&env->hdr, "HY024", "Invalid pool match value");
        env->cp_match = (SQLUINTEGER)v;
        return SQL_SUCCESS;
    case SQL_ATTR_OUTPUT_NTS:
        if (v != SQL_TRUE)
            return drv_error(&env->hdr, "HYC00", "Only NUL-terminated output strings are supported");
        return SQL_SUCCESS;
    default:
        return drv_error(&env->hdr, "HY092", "Invalid environment attribute %d", (int)attr);
    }
}

SQLRETURN drv_get_env_attr(drv_env *env, SQLINTEGER attr, SQLPOINTER value,
                           SQLINTEGER buflen, SQLINTEGER *outlen)
{
    (void)buflen;
    switch (attr) {
    case SQL_ATTR_ODBC_VERSION:
        return put_uint(value, (SQLUINTEGER)env->odbc_version, outlen);
    case SQL_ATTR_CONNECTION_POOLING:
        return put_uint(value, env->cp, outlen);
    case SQL_ATTR_CP_MATCH:
        return put_uint(value, env->cp_match, outlen);
    case SQL_ATTR_OUTPUT_NTS:
        return put_uint(value, SQL_TRUE, outlen);
    default:
        return drv_error(&env->hdr, "HY092", "Invalid environment attribute %d", (int)attr);
    }
}

/* ------------------------------------------------------------ connection */

/* The server's notion of the current catalog: CrateDB has exactly one,
 * "crate"; PostgreSQL's is the database (the user name when none given). */
static const char *current_catalog(const drv_dbc *dbc)
{
    if (pgw_is_cratedb(dbc->conn))
        return "crate";
    if (dbc->opts.database && dbc->opts.database[0])
        return dbc->opts.database;
    return (dbc->opts.uid && dbc->opts.uid[0]) ? dbc->opts.uid : "crate";
}

SQLRETURN drv_set_connect_attr(drv_dbc *dbc, SQLINTEGER attr, SQLPOINTER value, SQLINTEGER len)
{
    drv_hdr *h = &dbc->hdr;
    SQLULEN v = IVAL(value);
    switch (attr) {
    case SQL_ATTR_AUTOCOMMIT:
        return drv_set_autocommit(dbc, v);
    case SQL_ATTR_LOGIN_TIMEOUT:
        dbc->login_timeout = (SQLUINTEGER)v;
        return SQL_SUCCESS;
    case SQL_ATTR_CONNECTION_TIMEOUT:
        dbc->connection_timeout = (SQLUINTEGER)v;
        if (dbc->conn)
            pgw_set_io_timeout(dbc->conn, v > (SQLULEN)(INT32_MAX / 1000) ? INT32_MAX
                                                                          : (int)(v * 1000));
        return SQL_SUCCESS;
    case SQL_ATTR_ACCESS_MODE:
        /* a hint (the spec allows drivers not to enforce it) */
        if (v != SQL_MODE_READ_WRITE && v != SQL_MODE_READ_ONLY)
            return drv_error(h, "HY024", "Invalid access mode");
        dbc->access_mode = (SQLUINTEGER)v;
        return SQL_SUCCESS;
    case SQL_ATTR_TXN_ISOLATION:
        if (v == SQL_TXN_READ_UNCOMMITTED)
            return SQL_SUCCESS;
        if (v == SQL_TXN_READ_COMMITTED || v == SQL_TXN_REPEATABLE_READ ||
            v == SQL_TXN_SERIALIZABLE)
            return drv_error(h, "01S02", "Option value changed: CrateDB only offers "
                             "read uncommitted");
        return drv_error(h, "HY024", "Invalid transaction isolation level");
    case SQL_ATTR_CURRENT_CATALOG: {
        if (dbc->conn == NULL)
            return drv_error(h, "HYC00", "Setting the catalog is not supported");
        char *s = drv_strdup_len(value, len);
        if (value != NULL && s == NULL)
            return drv_nomem(h);
        bool same = s != NULL && strcmp(s, current_catalog(dbc)) == 0;
        free(s);
        if (!same)
            return drv_error(h, "HYC00", "Changing the catalog is not supported");
        return SQL_SUCCESS;
    }
    case SQL_ATTR_METADATA_ID:
        if (v != SQL_TRUE && v != SQL_FALSE)
            return drv_error(h, "HY024", "Invalid metadata id value");
        dbc->metadata_id = (SQLUINTEGER)v;
        return SQL_SUCCESS;
    case SQL_ATTR_QUIET_MODE:
        return SQL_SUCCESS;     /* the driver never shows dialogs anyway */
    case SQL_ATTR_ASYNC_ENABLE:
        if (v == SQL_ASYNC_ENABLE_OFF)
            return SQL_SUCCESS;
        return drv_error(h, "HYC00", "Asynchronous execution is not supported");
    case SQL_ATTR_CONNECTION_DEAD:
    case SQL_ATTR_AUTO_IPD:
        return drv_error(h, "HY092", "Attribute %d is read-only", (int)attr);
    case SQL_ATTR_PACKET_SIZE:
    case SQL_ATTR_TRANSLATE_LIB:
    case SQL_ATTR_TRANSLATE_OPTION:
    case SQL_ATTR_ODBC_CURSORS:
    case SQL_ATTR_TRACE:
    case SQL_ATTR_TRACEFILE:
        return drv_error(h, "HYC00", "Connection attribute %d is not supported", (int)attr);
    default:
        return drv_error(h, "HY092", "Invalid connection attribute %d", (int)attr);
    }
}

SQLRETURN drv_get_connect_attr(drv_dbc *dbc, SQLINTEGER attr, SQLPOINTER value,
                               const drv_strout *sout, SQLINTEGER *outlen)
{
    drv_hdr *h = &dbc->hdr;
    switch (attr) {
    case SQL_ATTR_AUTOCOMMIT:
        return put_uint(value, dbc->autocommit, outlen);
    case SQL_ATTR_LOGIN_TIMEOUT:
        return put_uint(value, dbc->login_timeout, outlen);
    case SQL_ATTR_CONNECTION_TIMEOUT:
        return put_uint(value, dbc->connection_timeout, outlen);
    case SQL_ATTR_ACCESS_MODE:
        return put_uint(value, dbc->access_mode, outlen);
    case SQL_ATTR_TXN_ISOLATION:
        return put_uint(value, SQL_TXN_READ_UNCOMMITTED, outlen);
    case SQL_ATTR_METADATA_ID:
        return put_uint(value, dbc->metadata_id, outlen);
    case SQL_ATTR_ASYNC_ENABLE:
        return put_ulen(value, SQL_ASYNC_ENABLE_OFF, outlen);
    case SQL_ATTR_AUTO_IPD:
        return put_uint(value, SQL_FALSE, outlen);
    case SQL_ATTR_CONNECTION_DEAD:
        return put_uint(value, (dbc->conn && pgw_is_connected(dbc->conn)) ? SQL_CD_FALSE
                                                                          : SQL_CD_TRUE,
                        outlen);
    case SQL_ATTR_CURRENT_CATALOG: {
        SQLRETURN rc = drv_dbc_require_connected(dbc);
        if (!SQL_SUCCEEDED(rc))
            return rc;
        const char *cat = current_catalog(dbc);
        return drv_strout_put_int(h, sout, cat, strlen(cat), outlen);
    }
    case SQL_ATTR_QUIET_MODE:
        return put_ptr(value, NULL, outlen);
    case SQL_ATTR_PACKET_SIZE:
    case SQL_ATTR_TRANSLATE_LIB:
    case SQL_ATTR_TRANSLATE_OPTION:
    case SQL_ATTR_ODBC_CURSORS:
    case SQL_ATTR_TRACE:
    case SQL_ATTR_TRACEFILE:
        return drv_error(h, "HYC00", "Connection attribute %d is not supported", (int)attr);
    default:
        return drv_error(h, "HY092", "Invalid connection attribute %d", (int)attr);
    }
}

/* ------------------------------------------------------------ statement */

/* Where a statement attribute that is a plain field lives: in the statement
 * itself or in one of its descriptors (ARD and APD may be the application's). */
typedef enum { IN_STMT, IN_ARD, IN_APD, IN_IRD, IN_IPD } field_home;

/* How the field is stored: an SQLULEN, or a pointer (of any object type). */
typedef enum { F_ULEN, F_PTR } field_kind;

/*
 * A statement attribute that is nothing but a field: SQLSetStmtAttr stores
 * the value, SQLGetStmtAttr reads it back. When `bad` is set, an integer
 * outside lo..hi is refused with HY024 and that text. Attributes with more
 * logic (cursor state, substitution with 01S02, constants) are in the
 * switches of drv_set_stmt_attr and drv_get_stmt_attr.
 */
typedef struct {
    SQLINTEGER attr;
    field_home home;
    size_t offset;          /* of the field within its home */
    field_kind kind;
    SQLULEN lo, hi;         /* accepted values, when bad != NULL */
    const char *bad;
} stmt_field;

#define ANY 0, 0, NULL                        /* any value */
#define AT_LEAST_1(msg) 1, (SQLULEN)-1, msg

static const stmt_field stmt_fields[] = {
    { SQL_ATTR_MAX_ROWS, IN_STMT, offsetof(drv_stmt, max_rows), F_ULEN, ANY },
    { SQL_ATTR_QUERY_TIMEOUT, IN_STMT, offsetof(drv_stmt, query_timeout), F_ULEN, ANY },
    { SQL_ATTR_MAX_LENGTH, IN_STMT, offsetof(drv_stmt, max_length), F_ULEN, ANY },
    /* the two legal values of these three are 0 and 1 */
    { SQL_ATTR_NOSCAN, IN_STMT, offsetof(drv_stmt, noscan), F_ULEN,
      SQL_NOSCAN_OFF, SQL_NOSCAN_ON, "Invalid noscan value" },
    { SQL_ATTR_RETRIEVE_DATA, IN_STMT, offsetof(drv_stmt, retrieve_data), F_ULEN,
      SQL_RD_OFF, SQL_RD_ON, "Invalid retrieve data value" },
    { SQL_ATTR_METADATA_ID, IN_STMT, offsetof(drv_stmt, metadata_id), F_ULEN,
      SQL_FALSE, SQL_TRUE, "Invalid metadata id value" },
    { SQL_ATTR_ROWS_FETCHED_PTR, IN_IRD, offsetof(drv_desc, rows_processed_ptr), F_PTR, ANY },
    { SQL_ATTR_ROW_STATUS_PTR, IN_IRD, offsetof(drv_desc, array_status_ptr), F_PTR, ANY },
    { SQL_ATTR_ROW_ARRAY_SIZE, IN_ARD, offsetof(drv_desc, array_size), F_ULEN,
      AT_LEAST_1("Row array size must be at least 1") },
    { SQL_ATTR_ROW_BIND_TYPE, IN_ARD, offsetof(drv_desc, bind_type), F_ULEN, ANY },
    { SQL_ATTR_ROW_BIND_OFFSET_PTR, IN_ARD, offsetof(drv_desc, bind_offset_ptr), F_PTR, ANY },
    { SQL_ATTR_ROW_OPERATION_PTR, IN_ARD, offsetof(drv_desc, array_status_ptr), F_PTR, ANY },
    { SQL_ATTR_PARAM_BIND_OFFSET_PTR, IN_APD, offsetof(drv_desc, bind_offset_ptr), F_PTR, ANY },
    { SQL_ATTR_PARAMSET_SIZE, IN_APD, offsetof(drv_desc, array_size), F_ULEN,
      AT_LEAST_1("Parameter set size must be at least 1") },
    /* SQL_PARAM_BIND_BY_COLUMN (0) or a row size */
    { SQL_ATTR_PARAM_BIND_TYPE, IN_APD, offsetof(drv_desc, bind_type), F_ULEN, ANY },
    { SQL_ATTR_PARAM_OPERATION_PTR, IN_APD, offsetof(drv_desc, array_status_ptr), F_PTR, ANY },
    { SQL_ATTR_PARAM_STATUS_PTR, IN_IPD, offsetof(drv_desc, array_status_ptr), F_PTR, ANY },
    { SQL_ATTR_PARAMS_PROCESSED_PTR, IN_IPD, offsetof(drv_desc, rows_processed_ptr), F_PTR, ANY },
    /* ODBC 2: the rowset of SQLExtendedFetch */
    { SQL_ROWSET_SIZE, IN_STMT, offsetof(drv_stmt, rowset_size2), F_ULEN,
      AT_LEAST_1("Rowset size must be at least 1") },
    { SQL_ATTR_FETCH_BOOKMARK_PTR, IN_STMT, offsetof(drv_stmt, fetch_bookmark_ptr), F_PTR, ANY },
};

static const stmt_field *find_stmt_field(SQLINTEGER attr)
{
    for (size_t i = 0; i < sizeof stmt_fields / sizeof stmt_fields[0]; i++)
        if (stmt_fields[i].attr == attr)
            return &stmt_fields[i];
    return NULL;
}

/* The address of f's field in stmt (or in the descriptor it names). Fields
 * are copied with memcpy because the pointer fields have differing types. */
static char *stmt_field_addr(drv_stmt *stmt, const stmt_field *f)
{
    char *home;
    switch (f->home) {
    case IN_ARD: home = (char *)stmt->ard; break;
    case IN_APD: home = (char *)stmt->apd; break;
    case IN_IRD: home = (char *)&stmt->ird; break;
    case IN_IPD: home = (char *)&stmt->ipd; break;
    default:     home = (char *)stmt; break;
    }
    return home + f->offset;
}

SQLRETURN drv_set_stmt_attr(drv_stmt *stmt, SQLINTEGER attr, SQLPOINTER value, SQLINTEGER len)
{
    (void)len;
    drv_hdr *h = &stmt->hdr;
    SQLULEN v = IVAL(value);
    const stmt_field *f = find_stmt_field(attr);
    if (f) {
        if (f->bad && (v < f->lo || v > f->hi))
            return drv_error(h, "HY024", "%s", f->bad);
        if (f->kind == F_PTR)
            memcpy(stmt_field_addr(stmt, f), &value, sizeof value);
        else
            memcpy(stmt_field_addr(stmt, f), &v, sizeof v);
        return SQL_SUCCESS;
    }
    switch (attr) {
    case SQL_ATTR_CURSOR_TYPE:
        /* forward-only or static; keyset-driven and dynamic become static */
        if (v != SQL_CURSOR_FORWARD_ONLY && v != SQL_CURSOR_STATIC &&
            v != SQL_CURSOR_KEYSET_DRIVEN && v != SQL_CURSOR_DYNAMIC)
            return drv_error(h, "HY024", "Invalid cursor type");
        if (stmt->state == DRV_S_CURSOR)
            return drv_error(h, "24000", "Invalid cursor state: a cursor is open");
        stmt->cursor_type = v == SQL_CURSOR_FORWARD_ONLY ? v : SQL_CURSOR_STATIC;
        if (v != stmt->cursor_type)
            return drv_error(h, "01S02", "Option value changed: the cursor is static");
        return SQL_SUCCESS;
    case SQL_ATTR_CONCURRENCY:
        /* updatable static cursors: updatable.c; there are no row locks, so
         * SQL_CONCUR_LOCK becomes optimistic SQL_CONCUR_ROWVER */
        if (v != SQL_CONCUR_READ_ONLY && v != SQL_CONCUR_LOCK && v != SQL_CONCUR_ROWVER &&
            v != SQL_CONCUR_VALUES)
            return drv_error(h, "HY024", "Invalid concurrency");
        if (stmt->state == DRV_S_CURSOR)
            return drv_error(h, "24000", "Invalid cursor state: a cursor is open");
        stmt->concurrency = v == SQL_CONCUR_LOCK ? SQL_CONCUR_ROWVER : v;
        if (v == SQL_CONCUR_LOCK)
            return drv_error(h, "01S02", "Option value changed: no row locks; the cursor "
                             "uses SQL_CONCUR_ROWVER (optimistic) instead");
        return SQL_SUCCESS;
    case SQL_ATTR_CURSOR_SCROLLABLE:
        if (v != SQL_NONSCROLLABLE && v != SQL_SCROLLABLE)
            return drv_error(h, "HY024", "Invalid scrollable value");
        if (stmt->state == DRV_S_CURSOR)
            return drv_error(h, "24000", "Invalid cursor state: a cursor is open");
        stmt->cursor_type = v == SQL_SCROLLABLE ? SQL_CURSOR_STATIC : SQL_CURSOR_FORWARD_ONLY;
        return SQL_SUCCESS;
    case SQL_ATTR_CURSOR_SENSITIVITY:
        /* a static cursor is insensitive: its rows are a copy */
        if (v == SQL_UNSPECIFIED)
            return SQL_SUCCESS;
        if (v == SQL_INSENSITIVE || v == SQL_SENSITIVE) {
            if (stmt->state == DRV_S_CURSOR)
                return drv_error(h, "24000", "Invalid cursor state: a cursor is open");
            stmt->cursor_type = SQL_CURSOR_STATIC;
            if (v == SQL_SENSITIVE)
                return drv_error(h, "01S02", "Option value changed: the cursor is insensitive");
            return SQL_SUCCESS;
        }
        return drv_error(h, "HY024", "Invalid cursor sensitivity");
    case SQL_ATTR_USE_BOOKMARKS:
        if (v != SQL_UB_OFF && v != SQL_UB_VARIABLE && v != SQL_UB_FIXED)
            return drv_error(h, "HY024", "Invalid bookmark setting");
        if (stmt->state == DRV_S_CURSOR)
            return drv_error(h, "24000", "Invalid cursor state: a cursor is open");
        stmt->use_bookmarks = v;
        return SQL_SUCCESS;
    case SQL_ATTR_ASYNC_ENABLE:
        if (v == SQL_ASYNC_ENABLE_OFF)
            return SQL_SUCCESS;
        return drv_error(h, "HYC00", "Asynchronous execution is not supported");
    case SQL_ATTR_ENABLE_AUTO_IPD:
        if (v == SQL_FALSE)
            return SQL_SUCCESS;
        return drv_error(h, "HYC00", "Automatic population of the IPD is not supported");
    case SQL_ATTR_APP_ROW_DESC:
    case SQL_ATTR_APP_PARAM_DESC:
        return drv_stmt_set_app_desc(stmt, attr == SQL_ATTR_APP_ROW_DESC, value);
    case SQL_ATTR_IMP_ROW_DESC:
    case SQL_ATTR_IMP_PARAM_DESC:
        return drv_error(h, "HY017", "Invalid use of an automatically allocated descriptor handle");
    case SQL_ATTR_ROW_NUMBER:
        return drv_error(h, "HY092", "Attribute %d is read-only", (int)attr);
    case SQL_ATTR_SIMULATE_CURSOR:
    case SQL_ATTR_KEYSET_SIZE:
        return drv_error(h, "HYC00", "Statement attribute %d is not supported yet", (int)attr);
    default:
        return drv_error(h, "HY092", "Invalid statement attribute %d", (int)attr);
    }
}

SQLRETURN drv_get_stmt_attr(drv_stmt *stmt, SQLINTEGER attr, SQLPOINTER value,
                            const drv_strout *sout, SQLINTEGER *outlen)
{
    (void)sout; /* no statement attribute is a string */
    drv_hdr *h = &stmt->hdr;
    const stmt_field *f = find_stmt_field(attr);
    if (f) {
        if (f->kind == F_PTR) {
            void *p;
            memcpy(&p, stmt_field_addr(stmt, f), sizeof p);
            return put_ptr(value, p, outlen);
        }
        SQLULEN v;
        memcpy(&v, stmt_field_addr(stmt, f), sizeof v);
        return put_ulen(value, v, outlen);
    }
    switch (attr) {
    case SQL_ATTR_CURSOR_TYPE:
        return put_ulen(value, stmt->cursor_type, outlen);
    case SQL_ATTR_CONCURRENCY:
        return put_ulen(value, stmt->concurrency, outlen);
    case SQL_ATTR_USE_BOOKMARKS:
        return put_ulen(value, stmt->use_bookmarks, outlen);
    case SQL_ATTR_CURSOR_SCROLLABLE:
        return put_ulen(value, stmt->cursor_type == SQL_CURSOR_FORWARD_ONLY ? SQL_NONSCROLLABLE
                                                                            : SQL_SCROLLABLE,
                        outlen);
    case SQL_ATTR_CURSOR_SENSITIVITY:
        return put_ulen(value, stmt->cursor_type == SQL_CURSOR_FORWARD_ONLY ? SQL_UNSPECIFIED
                                                                            : SQL_INSENSITIVE,
                        outlen);
    case SQL_ATTR_ROW_NUMBER:
        /* the current row's number in the whole result, across chunks and rowsets */
        if (stmt->state != DRV_S_CURSOR || !stmt->on_row)
            return drv_error(h, "24000", "Invalid cursor state: the cursor is not on a row");
        return put_ulen(value, drv_row_number(stmt), outlen);
    case SQL_ATTR_ASYNC_ENABLE:
        return put_ulen(value, SQL_ASYNC_ENABLE_OFF, outlen);
    case SQL_ATTR_ENABLE_AUTO_IPD:
        return put_ulen(value, SQL_FALSE, outlen);
    case SQL_ATTR_APP_ROW_DESC:
        return put_ptr(value, stmt->ard, outlen);
    case SQL_ATTR_APP_PARAM_DESC:
        return put_ptr(value, stmt->apd, outlen);
    case SQL_ATTR_IMP_ROW_DESC:
        return put_ptr(value, &stmt->ird, outlen);
    case SQL_ATTR_IMP_PARAM_DESC:
        return put_ptr(value, &stmt->ipd, outlen);
    case SQL_ATTR_SIMULATE_CURSOR:
    case SQL_ATTR_KEYSET_SIZE:
        return drv_error(h, "HYC00", "Statement attribute %d is not supported yet", (int)attr);
    default:
        return drv_error(h, "HY092", "Invalid statement attribute %d", (int)attr);
    }
}
