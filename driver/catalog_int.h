/*
 * catalog_int.h: shared by the catalog modules (catalog.c, catalog_types.c)
 * and their unit tests. The entry-point contracts are in drv.h.
 */
#ifndef DRV_CATALOG_INT_H
#define DRV_CATALOG_INT_H

#include "drv.h"

/* One declarable type (see catalog_types.c). Its SQL type, sizes and
 * radix are not here: they are those of `oid`, the wire type a result
 * column of it has, through the rule every metadata function uses
 * (types.c drv_type_meta_of). -1 in the SQLSMALLINT fields below means
 * NULL in SQLGetTypeInfo. */
typedef struct cat_type {
    const char *name;            /* CrateDB's name: TYPE_NAME             */
    const char *aliases;         /* other information_schema spellings, '|' */
    uint32_t oid;                /* its wire type (RowDescription)         */
    const char *prefix, *suffix, *create_params;
    SQLSMALLINT case_sensitive;
    SQLSMALLINT searchable;
    SQLSMALLINT is_unsigned;     /* -1: not numeric                        */
    SQLSMALLINT min_scale, max_scale;   /* timestamps: the rule's digits  */
} cat_type;

/* The table in GetTypeInfo order. */
const cat_type *cat_type_table(size_t *n);
/* The row for an information_schema data_type or udt_name (CrateDB's or
 * PostgreSQL's spelling; arrays map to "array"); NULL when unknown. */
const cat_type *cat_type_by_name(const char *name, size_t len);

/* catalog.c: LIKE on s with ODBC pattern `pat` (% _ and \ escapes). */
bool cat_like(const char *pat, const char *s);

#endif
