/*
 * api_diag.c: SQLGetDiagRec(W) and SQLGetDiagField(W).
 *
 * Reading diagnostics never clears or adds records: truncation warnings of
 * these calls are returned (SQL_SUCCESS_WITH_INFO) without being recorded.
 * SQLGetDiagRecW counts the message length in characters, SQLGetDiagFieldW
 * its string lengths in bytes.
 *
 * SQL_DIAG_CLASS_ORIGIN / SUBCLASS_ORIGIN follow the spec's rule: "ODBC 3.0"
 * for class IM and for the ODBC-specific subclasses listed below, "ISO 9075"
 * otherwise.
 */
#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "drv.h"

/* The diagnostics of a handle and the lock guarding them. */
typedef struct diag_target {
    drv_hdr *hdr;
    pthread_mutex_t *lock;
    drv_dbc *dbc;       /* NULL for an env */
    drv_stmt *stmt;     /* NULL unless a statement */
} diag_target;

static bool target(SQLSMALLINT type, SQLHANDLE h, diag_target *t)
{
    memset(t, 0, sizeof *t);
    switch (type) {
    case SQL_HANDLE_ENV: {
        drv_env *env = drv_env_check(h);
        if (env == NULL)
            return false;
        t->hdr = &env->hdr;
        t->lock = &env->lock;
        return true;
    }
    case SQL_HANDLE_DBC: {
        drv_dbc *dbc = drv_dbc_check(h);
        if (dbc == NULL)
            return false;
        t->hdr = &dbc->hdr;
        t->lock = &dbc->lock;
        t->dbc = dbc;
        return true;
    }
    case SQL_HANDLE_STMT: {
        drv_stmt *stmt = drv_stmt_check(h);
        if (stmt == NULL)
            return false;
        t->hdr = &stmt->hdr;
        t->lock = &stmt->dbc->lock;
        t->dbc = stmt->dbc;
        t->stmt = stmt;
        return true;
    }
    case SQL_HANDLE_DESC: {
        drv_desc *d = drv_desc_check(h);
        if (d == NULL)
            return false;
        t->hdr = &d->hdr;
        t->lock = &d->dbc->lock;
        t->dbc = d->dbc;
        return true;
    }
    default:
        return false;
    }
}

/* Writes a string without recording anything on the handle. */
static SQLRETURN put_quiet(const drv_strout *o, const char *s, SQLSMALLINT *outlen)
{
    drv_hdr scratch = {0};
    SQLRETURN rc = drv_strout_put_small(&scratch, o, s, strlen(s), outlen);
    drv_diag_clear(&scratch);
    return rc;
}

/* ------------------------------------------------------------ SQLGetDiagRec */

static SQLRETURN get_diag_rec(SQLSMALLINT type, SQLHANDLE h, SQLSMALLINT rec, void *state,
                              SQLINTEGER *native, void *msg, SQLSMALLINT buflen,
                              SQLSMALLINT *msglen, bool wide)
{
    diag_target t;
    if (!target(type, h, &t))
        return SQL_INVALID_HANDLE;
    if (rec <= 0 || buflen < 0)
        return SQL_ERROR;
    pthread_mutex_lock(t.lock);
    SQLRETURN rc;
    if (rec > t.hdr->diag.count) {
        rc = SQL_NO_DATA;
    } else {
        const drv_diag_rec *r = &t.hdr->diag.recs[rec - 1];
        if (state != NULL) {
            drv_strout so = {state, wide ? 6 * sizeof(SQLWCHAR) : 6, wide, false};
            (void)put_quiet(&so, r->sqlstate, NULL);
        }
        if (native != NULL)
            *native = r->native;
        drv_strout mo = {msg, wide ? (SQLLEN)buflen * (SQLLEN)sizeof(SQLWCHAR) : buflen, wide,
                         false};
        rc = put_quiet(&mo, r->message, msglen);
    }
    pthread_mutex_unlock(t.lock);
    return rc;
}

SQLRETURN SQL_API DRV_API(SQLGetDiagRec)(SQLSMALLINT HandleType, SQLHANDLE Handle, SQLSMALLINT RecNumber,
                                SQLCHAR *Sqlstate, SQLINTEGER *NativeError, SQLCHAR *MessageText,
                                SQLSMALLINT BufferLength, SQLSMALLINT *TextLength)
{
    return get_diag_rec(HandleType, Handle, RecNumber, Sqlstate, NativeError, MessageText,
                        BufferLength, TextLength, false);
}

SQLRETURN SQL_API DRV_API(SQLGetDiagRecW)(SQLSMALLINT HandleType, SQLHANDLE Handle,
                                 SQLSMALLINT RecNumber, SQLWCHAR *Sqlstate,
                                 SQLINTEGER *NativeError, SQLWCHAR *MessageText,
                                 SQLSMALLINT BufferLength, SQLSMALLINT *TextLength)
{
    return get_diag_rec(HandleType, Handle, RecNumber, Sqlstate, NativeError, MessageText,
                        BufferLength, TextLength, true);
}

/* ------------------------------------------------------------ SQLGetDiagField */

/* SQLSTATEs whose subclass ODBC defines (the spec's list). */
static const char *const odbc_subclasses[] = {
    "01S00", "01S01", "01S02", "01S06", "01S07", "07S01", "08S01", "21S01", "21S02",
    "25S01", "25S02", "25S03", "42S01", "42S02", "42S11", "42S12", "42S21", "42S22",
    "HY095", "HY097", "HY098", "HY099", "HY100", "HY101", "HY105", "HY107", "HY109",
    "HY110", "HY111", "HYT00", "HYT01", "IM001", "IM002", "IM003", "IM004", "IM005",
    "IM006", "IM007", "IM008", "IM009", "IM010", "IM011", "IM012",
};

static const char *class_origin(const char *state)
{
    return strncmp(state, "IM", 2) == 0 ? "ODBC 3.0" : "ISO 9075";
}

static const char *subclass_origin(const char *state)
{
    for (size_t i = 0; i < sizeof odbc_subclasses / sizeof odbc_subclasses[0]; i++)
        if (strcmp(state, odbc_subclasses[i]) == 0)
            return "ODBC 3.0";
    return "ISO 9075";
}

/* SQL_DIAG_DYNAMIC_FUNCTION(_CODE) from the statement's leading keywords. */
static const struct {
    const char *prefix;     /* leading keyword(s), one space apart */
    const char *name;
    SQLINTEGER code;
} dynamic_functions[] = {
    {"SELECT", "SELECT CURSOR", SQL_DIAG_SELECT_CURSOR},
    {"WITH", "SELECT CURSOR", SQL_DIAG_SELECT_CURSOR},
    {"VALUES", "SELECT CURSOR", SQL_DIAG_SELECT_CURSOR},
    {"INSERT", "INSERT", SQL_DIAG_INSERT},
    {"UPDATE", "UPDATE WHERE", SQL_DIAG_UPDATE_WHERE},
    {"DELETE", "DELETE WHERE", SQL_DIAG_DELETE_WHERE},
    {"CREATE TABLE", "CREATE TABLE", SQL_DIAG_CREATE_TABLE},
    {"CREATE VIEW", "CREATE VIEW", SQL_DIAG_CREATE_VIEW},
    {"CREATE SCHEMA", "CREATE SCHEMA", SQL_DIAG_CREATE_SCHEMA},
    {"DROP TABLE", "DROP TABLE", SQL_DIAG_DROP_TABLE},
    {"DROP VIEW", "DROP VIEW", SQL_DIAG_DROP_VIEW},
    {"DROP SCHEMA", "DROP SCHEMA", SQL_DIAG_DROP_SCHEMA},
    {"ALTER TABLE", "ALTER TABLE", SQL_DIAG_ALTER_TABLE},
    {"GRANT", "GRANT", SQL_DIAG_GRANT},
    {"REVOKE", "REVOKE", SQL_DIAG_REVOKE},
};

/* Matches `prefix` (words separated by one space) against the start of sql,
 * case-insensitively, with any whitespace between words. */
static bool starts_with_words(const char *sql, const char *prefix)
{
    const char *p = sql;
    for (const char *q = prefix; *q; q++) {
        if (*q == ' ') {
            if (!isspace((unsigned char)*p))
                return false;
            while (isspace((unsigned char)*p))
                p++;
        } else if (toupper((unsigned char)*p) != *q) {
            return false;
        } else {
            p++;
        }
    }
    return !isalnum((unsigned char)*p) && *p != '_';
}

static void dynamic_function(const drv_stmt *stmt, const char **name, SQLINTEGER *code)
{
    *name = "";
    *code = SQL_DIAG_UNKNOWN_STATEMENT;
    if (stmt->sql == NULL)
        return;
    const char *s = stmt->sql;
    while (isspace((unsigned char)*s) || *s == '(')
        s++;
    for (size_t i = 0; i < sizeof dynamic_functions / sizeof dynamic_functions[0]; i++)
        if (starts_with_words(s, dynamic_functions[i].prefix)) {
            *name = dynamic_functions[i].name;
            *code = dynamic_functions[i].code;
            return;
        }
}

static SQLRETURN get_diag_field(SQLSMALLINT type, SQLHANDLE h, SQLSMALLINT rec, SQLSMALLINT id,
                                SQLPOINTER info, SQLSMALLINT buflen, SQLSMALLINT *outlen,
                                bool wide)
{
    diag_target t;
    if (!target(type, h, &t))
        return SQL_INVALID_HANDLE;
    pthread_mutex_lock(t.lock);
    const drv_diag *d = &t.hdr->diag;
    drv_strout so = {info, buflen, wide, true};
    SQLRETURN rc = SQL_SUCCESS;
    const char *s = NULL;

    /* header fields: RecNumber is ignored */
    switch (id) {
    case SQL_DIAG_NUMBER:
        if (info)
            *(SQLINTEGER *)info = d->count;
        goto done;
    case SQL_DIAG_RETURNCODE:
        if (info)
            *(SQLRETURN *)info = d->retcode;
        goto done;
    case SQL_DIAG_ROW_COUNT:
    case SQL_DIAG_CURSOR_ROW_COUNT:
        if (t.stmt == NULL) {
            rc = SQL_ERROR;
            goto done;
        }
        if (info)
            *(SQLLEN *)info = (SQLLEN)t.stmt->rowcount;
        goto done;
    case SQL_DIAG_DYNAMIC_FUNCTION:
    case SQL_DIAG_DYNAMIC_FUNCTION_CODE: {
        if (t.stmt == NULL) {
            rc = SQL_ERROR;
            goto done;
        }
        SQLINTEGER code;
        dynamic_function(t.stmt, &s, &code);
        if (id == SQL_DIAG_DYNAMIC_FUNCTION_CODE) {
            if (info)
                *(SQLINTEGER *)info = code;
            goto done;
        }
        goto string;
    }
    default:
        break;
    }

    /* record fields */
    if (rec <= 0) {
        rc = SQL_ERROR;
        goto done;
    }
    if (rec > d->count) {
        rc = SQL_NO_DATA;
        goto done;
    }
    const drv_diag_rec *r = &d->recs[rec - 1];
    switch (id) {
    case SQL_DIAG_SQLSTATE:
        s = r->sqlstate;
        break;
    case SQL_DIAG_MESSAGE_TEXT:
        s = r->message;
        break;
    case SQL_DIAG_CLASS_ORIGIN:
        s = class_origin(r->sqlstate);
        break;
    case SQL_DIAG_SUBCLASS_ORIGIN:
        s = subclass_origin(r->sqlstate);
        break;
    case SQL_DIAG_CONNECTION_NAME:
    case SQL_DIAG_SERVER_NAME:
        /* the data source name, as SQLGetInfo(SQL_DATA_SOURCE_NAME) says */
        s = (t.dbc && t.dbc->opts.dsn) ? t.dbc->opts.dsn : "";
        break;
    case SQL_DIAG_NATIVE:
        if (info)
            *(SQLINTEGER *)info = r->native;
        goto done;
    case SQL_DIAG_COLUMN_NUMBER:
        if (info)
            *(SQLINTEGER *)info = r->column;
        goto done;
    case SQL_DIAG_ROW_NUMBER:
        if (info)
            *(SQLLEN *)info = r->row;
        goto done;
    default:
        rc = SQL_ERROR;
        goto done;
    }

string:
    if (buflen < 0 && info != NULL) {
        rc = SQL_ERROR;
        goto done;
    }
    rc = put_quiet(&so, s, outlen);
done:
    pthread_mutex_unlock(t.lock);
    return rc;
}

SQLRETURN SQL_API DRV_API(SQLGetDiagField)(SQLSMALLINT HandleType, SQLHANDLE Handle,
                                  SQLSMALLINT RecNumber, SQLSMALLINT DiagIdentifier,
                                  SQLPOINTER DiagInfo, SQLSMALLINT BufferLength,
                                  SQLSMALLINT *StringLength)
{
    return get_diag_field(HandleType, Handle, RecNumber, DiagIdentifier, DiagInfo, BufferLength,
                          StringLength, false);
}

SQLRETURN SQL_API DRV_API(SQLGetDiagFieldW)(SQLSMALLINT HandleType, SQLHANDLE Handle,
                                   SQLSMALLINT RecNumber, SQLSMALLINT DiagIdentifier,
                                   SQLPOINTER DiagInfo, SQLSMALLINT BufferLength,
                                   SQLSMALLINT *StringLength)
{
    return get_diag_field(HandleType, Handle, RecNumber, DiagIdentifier, DiagInfo, BufferLength,
                          StringLength, true);
}
