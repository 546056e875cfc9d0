/*
 * catalog_int.h: shared by the catalog modules (catalog.c, catalog_types.c)
 * and their unit tests. The entry-point contracts are in drv.h.
 */
#ifndef DRV_CATALOG_INT_H
#define DRV_CATALOG_INT_H

#include "drv.h"

/* The column size of unbounded text in the type table (SQLGetTypeInfo);
 * SQLColumns presents such columns with the TextSize keyword instead. */
#define CAT_UNBOUNDED 2147483647

/* One declarable type (see catalog_types.c). -1 in the SQLSMALLINT fields
 * below means NULL in SQLGetTypeInfo. */
typedef struct cat_type {
    const char *name;            /* CrateDB's name: TYPE_NAME             */
    const char *aliases;         /* other information_schema spellings, '|' */
    SQLSMALLINT sql_type;        /* DATA_TYPE (ODBC 3)                     */
    SQLINTEGER column_size;
    const char *prefix, *suffix, *create_params;
    SQLSMALLINT case_sensitive;
    SQLSMALLINT searchable;
    SQLSMALLINT is_unsigned;     /* -1: not numeric                        */
    SQLSMALLINT min_scale, max_scale;
    SQLSMALLINT radix;           /* 0: NULL                                */
    SQLINTEGER buffer_length;    /* SQLColumns BUFFER_LENGTH (default C type) */
} cat_type;

/* The table in GetTypeInfo order. */
const cat_type *cat_type_table(size_t *n);
/* The row for an information_schema data_type or udt_name (CrateDB's or
 * PostgreSQL's spelling; arrays map to "array"); NULL when unknown. */
const cat_type *cat_type_by_name(const char *name, size_t len);

/* catalog.c: LIKE on s with ODBC pattern `pat` (% _ and \ escapes). */
bool cat_like(const char *pat, const char *s);

#endif
