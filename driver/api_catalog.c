/*
 * api_catalog.c: ODBC entry points of the catalog functions and
 * SQLGetTypeInfo, ANSI and W. Thin: validate the handle, lock, turn the
 * string arguments into UTF-8 (a null pointer stays NULL), call catalog.c
 * through one dispatcher, unlock.
 */
#include <stdlib.h>
#include <string.h>

#include "drv.h"

#define MAX_ARGS 6

typedef enum cat_fn {
    F_TABLES, F_COLUMNS, F_PRIMARY_KEYS, F_STATISTICS, F_SPECIAL_COLUMNS, F_FOREIGN_KEYS,
    F_PROCEDURES, F_PROCEDURE_COLUMNS, F_TABLE_PRIVILEGES, F_COLUMN_PRIVILEGES
} cat_fn;

/* The call's arguments: n strings (pointer + length as the app passed
 * them: bytes for ANSI, characters for W, or SQL_NTS) and up to three
 * option values. */
typedef struct cat_call {
    cat_fn fn;
    int n;
    void *p[MAX_ARGS];
    SQLSMALLINT len[MAX_ARGS];
    SQLUSMALLINT opt[3];
} cat_call;

/* Converts the strings into s[] (malloc'd UTF-8, NULL for a null pointer). */
static SQLRETURN strings_in(drv_stmt *stmt, bool wide, const cat_call *c, char **s)
{
    for (int i = 0; i < c->n; i++) {
        if (!c->p[i])
            continue;
        if (c->len[i] < 0 && c->len[i] != SQL_NTS)
            return drv_error(&stmt->hdr, "HY090", "Invalid string or buffer length");
        if (wide) {
            size_t n;
            if (!drv_utf16_to_utf8(c->p[i], c->len[i], &s[i], &n))
                return drv_error(&stmt->hdr, "22018", "Invalid character value in argument %d",
                                 i + 1);
        } else {
            s[i] = drv_strdup_len(c->p[i], c->len[i]);
        }
        if (!s[i])
            return drv_nomem(&stmt->hdr);
    }
    return SQL_SUCCESS;
}

static SQLRETURN dispatch(SQLHSTMT h, bool wide, const cat_call *c)
{
    drv_stmt *stmt = drv_stmt_check(h);
    if (!stmt)
        return SQL_INVALID_HANDLE;
    if (!drv_stmt_enter_idle(stmt))
        return drv_stmt_leave(stmt, SQL_ERROR);
    char *s[MAX_ARGS] = {NULL};
    SQLRETURN rc = strings_in(stmt, wide, c, s);
    if (SQL_SUCCEEDED(rc)) {
        switch (c->fn) {
        case F_TABLES: rc = drv_tables(stmt, s[0], s[1], s[2], s[3]); break;
        case F_COLUMNS: rc = drv_columns(stmt, s[0], s[1], s[2], s[3]); break;
        case F_PRIMARY_KEYS: rc = drv_primary_keys(stmt, s[0], s[1], s[2]); break;
        case F_STATISTICS:
            rc = drv_statistics(stmt, s[0], s[1], s[2], c->opt[0], c->opt[1]);
            break;
        case F_SPECIAL_COLUMNS:
            rc = drv_special_columns(stmt, c->opt[0], s[0], s[1], s[2], c->opt[1], c->opt[2]);
            break;
        case F_FOREIGN_KEYS: rc = drv_foreign_keys(stmt, s[2], s[5]); break;
        case F_PROCEDURES: rc = drv_procedures(stmt, s[0], s[1], s[2]); break;
        case F_PROCEDURE_COLUMNS:
            rc = drv_procedure_columns(stmt, s[0], s[1], s[2], s[3]);
            break;
        case F_TABLE_PRIVILEGES: rc = drv_table_privileges(stmt, s[0], s[1], s[2]); break;
        case F_COLUMN_PRIVILEGES:
            rc = drv_column_privileges(stmt, s[0], s[1], s[2], s[3]);
            break;
        }
    }
    for (int i = 0; i < MAX_ARGS; i++)
        free(s[i]);
    return drv_stmt_leave(stmt, rc);
}

/* Entry points: A and W differ only in the character type. */
#define CALL3(fn, a, b, c, o0, o1, o2) \
    {fn, 3, {a, b, c}, {a##Len, b##Len, c##Len}, {o0, o1, o2}}
#define CALL4(fn, a, b, c, d) \
    {fn, 4, {a, b, c, d}, {a##Len, b##Len, c##Len, d##Len}, {0, 0, 0}}

#define DEFINE_BOTH(NAME, PARAMS, CALL)                                               \
    SQLRETURN SQL_API DRV_API(NAME) PARAMS(SQLCHAR)                                   \
    {                                                                                 \
        cat_call c = CALL;                                                            \
        return dispatch(StatementHandle, false, &c);                                 \
    }                                                                                 \
    SQLRETURN SQL_API DRV_API(NAME##W) PARAMS(SQLWCHAR)                               \
    {                                                                                 \
        cat_call c = CALL;                                                            \
        return dispatch(StatementHandle, true, &c);                                  \
    }

#define P_TABLES(CH) \
    (SQLHSTMT StatementHandle, CH *Cat, SQLSMALLINT CatLen, CH *Schema, SQLSMALLINT SchemaLen, \
     CH *Table, SQLSMALLINT TableLen, CH *Type, SQLSMALLINT TypeLen)
DEFINE_BOTH(SQLTables, P_TABLES, CALL4(F_TABLES, Cat, Schema, Table, Type))

#define P_COLUMNS(CH) \
    (SQLHSTMT StatementHandle, CH *Cat, SQLSMALLINT CatLen, CH *Schema, SQLSMALLINT SchemaLen, \
     CH *Table, SQLSMALLINT TableLen, CH *Column, SQLSMALLINT ColumnLen)
DEFINE_BOTH(SQLColumns, P_COLUMNS, CALL4(F_COLUMNS, Cat, Schema, Table, Column))
DEFINE_BOTH(SQLColumnPrivileges, P_COLUMNS,
            CALL4(F_COLUMN_PRIVILEGES, Cat, Schema, Table, Column))

#define P_TABLE3(CH) \
    (SQLHSTMT StatementHandle, CH *Cat, SQLSMALLINT CatLen, CH *Schema, SQLSMALLINT SchemaLen, \
     CH *Table, SQLSMALLINT TableLen)
DEFINE_BOTH(SQLPrimaryKeys, P_TABLE3, CALL3(F_PRIMARY_KEYS, Cat, Schema, Table, 0, 0, 0))
DEFINE_BOTH(SQLTablePrivileges, P_TABLE3,
            CALL3(F_TABLE_PRIVILEGES, Cat, Schema, Table, 0, 0, 0))
DEFINE_BOTH(SQLProcedures, P_TABLE3, CALL3(F_PROCEDURES, Cat, Schema, Table, 0, 0, 0))
DEFINE_BOTH(SQLProcedureColumns, P_COLUMNS,
            CALL4(F_PROCEDURE_COLUMNS, Cat, Schema, Table, Column))

#define P_STATISTICS(CH) \
    (SQLHSTMT StatementHandle, CH *Cat, SQLSMALLINT CatLen, CH *Schema, SQLSMALLINT SchemaLen, \
     CH *Table, SQLSMALLINT TableLen, SQLUSMALLINT Unique, SQLUSMALLINT Reserved)
DEFINE_BOTH(SQLStatistics, P_STATISTICS,
            CALL3(F_STATISTICS, Cat, Schema, Table, Unique, Reserved, 0))

#define P_SPECIAL(CH) \
    (SQLHSTMT StatementHandle, SQLUSMALLINT IdentifierType, CH *Cat, SQLSMALLINT CatLen, \
     CH *Schema, SQLSMALLINT SchemaLen, CH *Table, SQLSMALLINT TableLen, SQLUSMALLINT Scope, \
     SQLUSMALLINT Nullable)
DEFINE_BOTH(SQLSpecialColumns, P_SPECIAL,
            CALL3(F_SPECIAL_COLUMNS, Cat, Schema, Table, IdentifierType, Scope, Nullable))

#define P_FOREIGN(CH) \
    (SQLHSTMT StatementHandle, CH *PkCat, SQLSMALLINT PkCatLen, CH *PkSchema, \
     SQLSMALLINT PkSchemaLen, CH *PkTable, SQLSMALLINT PkTableLen, CH *FkCat, \
     SQLSMALLINT FkCatLen, CH *FkSchema, SQLSMALLINT FkSchemaLen, CH *FkTable, \
     SQLSMALLINT FkTableLen)
#define CALL_FK \
    {F_FOREIGN_KEYS, 6, {PkCat, PkSchema, PkTable, FkCat, FkSchema, FkTable}, \
     {PkCatLen, PkSchemaLen, PkTableLen, FkCatLen, FkSchemaLen, FkTableLen}, {0, 0, 0}}
DEFINE_BOTH(SQLForeignKeys, P_FOREIGN, CALL_FK)

static SQLRETURN type_info(SQLHSTMT h, SQLSMALLINT type)
{
    drv_stmt *stmt = drv_stmt_check(h);
    if (!stmt)
        return SQL_INVALID_HANDLE;
    if (!drv_stmt_enter_idle(stmt))
        return drv_stmt_leave(stmt, SQL_ERROR);
    return drv_stmt_leave(stmt, drv_get_type_info(stmt, type));
}

SQLRETURN SQL_API DRV_API(SQLGetTypeInfo)(SQLHSTMT StatementHandle, SQLSMALLINT DataType)
{
    return type_info(StatementHandle, DataType);
}

SQLRETURN SQL_API DRV_API(SQLGetTypeInfoW)(SQLHSTMT StatementHandle, SQLSMALLINT DataType)
{
    return type_info(StatementHandle, DataType);
}
