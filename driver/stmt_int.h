/*
 * stmt_int.h: declarations shared by the statement-side modules only
 * (exec.c, fetch.c, params.c, describe.c, convert.c, types.c) and their unit
 * tests. The contracts with the rest of the driver stay in drv.h.
 */
#ifndef DRV_STMT_INT_H
#define DRV_STMT_INT_H

#include "drv.h"
#include "sqlscan.h"

/* types.c: the whole OID table, sorted by OID (for tests). */
const drv_type_info *drv_type_table(size_t *n);

/* describe.c: makes sure stmt->res has the column description of the
 * statement (runs pgw_prepare for a prepared, not yet executed statement).
 * HY010 when there is no statement. */
SQLRETURN drv_stmt_need_desc(drv_stmt *stmt);

/* exec.c: runs Parse + Describe for a prepared statement (one round trip),
 * filling the column and the parameter description. */
SQLRETURN drv_stmt_describe_prepared(drv_stmt *stmt);

/* convert.c: strtod in the "C" locale (the app may have set LC_NUMERIC).
 * s[0..n) need not be NUL-terminated; false when it is not a whole number. */
bool drv_parse_double(const char *s, size_t n, double *out);

/* convert.c: NULL when values convert to c_type (for some source), else the
 * SQLSTATE to report: HY003 unknown C type, 07006 unsupported (intervals). */
const char *drv_c_type_check(SQLSMALLINT c_type);

/* convert.c: bytes a fixed-size C type writes (SQL_C_LONG: 4 ...); 0 for the
 * variable-length ones (char, wchar, binary) and unknown types. */
size_t drv_c_type_size(SQLSMALLINT c_type);

#endif
