/*
 * cursor_name.c: the cursor name of a statement (SQLSetCursorName,
 * SQLGetCursorName) and finding a statement of a connection by its cursor
 * name (positioned UPDATE/DELETE ... WHERE CURRENT OF, positioned.c).
 *
 * Every statement has a name from its allocation on: the generated
 * SQL_CUR<n> (n is the statement's number on its connection, so generated
 * names never repeat within a connection) until the application sets its
 * own, which stays until the statement is freed (sqlsetcursorname). Names
 * are compared as SQL compares unquoted identifiers, ignoring ASCII case,
 * so a name is unique within its connection whatever case it is written in.
 * No cursor name ever reaches the server: CrateDB has no WHERE CURRENT OF.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "stmt_int.h"

const char *drv_cursor_name(drv_stmt *stmt)
{
    if (stmt->cursor_name)
        return stmt->cursor_name;
    if (!stmt->gen_cursor_name[0])
        snprintf(stmt->gen_cursor_name, sizeof stmt->gen_cursor_name, "SQL_CUR%u", stmt->id);
    return stmt->gen_cursor_name;
}

static bool name_equal(const char *a, size_t alen, const char *b)
{
    return strlen(b) == alen && strncasecmp(a, b, alen) == 0;
}

drv_stmt *drv_stmt_by_cursor_name(drv_dbc *dbc, const char *name, size_t len, bool exact)
{
    for (drv_stmt *s = dbc->stmts; s != NULL; s = s->next) {
        const char *n = drv_cursor_name(s);
        if (exact ? strlen(n) == len && memcmp(n, name, len) == 0 : name_equal(name, len, n))
            return s;
    }
    return NULL;
}

/* The prefixes the spec reserves for names a driver generates. */
static bool reserved_prefix(const char *name, size_t len)
{
    return (len >= 6 && strncasecmp(name, "SQLCUR", 6) == 0) ||
           (len >= 7 && strncasecmp(name, "SQL_CUR", 7) == 0);
}

SQLRETURN drv_set_cursor_name(drv_stmt *stmt, const char *name, size_t len)
{
    if (stmt->state == DRV_S_CURSOR || stmt->state == DRV_S_EXECUTED)
        return drv_error(&stmt->hdr, "24000", "Invalid cursor state: the statement has been "
                         "executed; close its cursor before naming it");
    if (len == 0)
        return drv_error(&stmt->hdr, "34000", "Invalid cursor name: it is empty");
    if (len > DRV_CURSOR_NAME_MAX)
        return drv_error(&stmt->hdr, "34000", "Invalid cursor name: %zu bytes, longer than "
                         "the %d this driver allows (SQL_MAX_CURSOR_NAME_LEN)", len,
                         DRV_CURSOR_NAME_MAX);
    if (memchr(name, '\0', len))
        return drv_error(&stmt->hdr, "34000", "Invalid cursor name: it contains a NUL byte");
    if (reserved_prefix(name, len))
        return drv_error(&stmt->hdr, "34000", "Invalid cursor name: names starting with "
                         "SQLCUR or SQL_CUR are reserved for names the driver generates");
    drv_stmt *other = drv_stmt_by_cursor_name(stmt->dbc, name, len, false);
    if (other && other != stmt)
        return drv_error(&stmt->hdr, "3C000", "Duplicate cursor name: another statement of "
                         "this connection is named %.*s", (int)len, name);
    char *copy = malloc(len + 1);
    if (!copy)
        return drv_nomem(&stmt->hdr);
    memcpy(copy, name, len);
    copy[len] = '\0';
    free(stmt->cursor_name);
    stmt->cursor_name = copy;
    return SQL_SUCCESS;
}

SQLRETURN drv_get_cursor_name(drv_stmt *stmt, const drv_strout *out, SQLSMALLINT *outlen)
{
    const char *name = drv_cursor_name(stmt);
    return drv_strout_put_small(&stmt->hdr, out, name, strlen(name), outlen);
}
