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

/* params.c: parameter sets (see there). */
struct drv_arena;
struct drv_pc_out;
SQLRETURN drv_params_check(drv_stmt *stmt, bool named);
SQLRETURN drv_params_row(drv_stmt *stmt, SQLULEN row, struct drv_arena *a,
                         struct drv_pc_out *outs);
bool drv_param_row_skipped(const drv_stmt *stmt, SQLULEN row);

/* exec.c: runs the statement once SQLParamData has every value (`named`:
 * the prepared statement, else the SQLExecDirect text). */
SQLRETURN drv_exec_after_dae(drv_stmt *stmt, bool named);
/* exec.c: forgets the current result (rows, description); no traffic. */
void drv_stmt_reset_result(drv_stmt *stmt);

/* batch.c: runs stmt->paramset_size parameter sets as pipelined batches;
 * `name`/`parse` as for a single run. Sets the status/processed arrays and
 * the row count; SQL_SUCCESS_WITH_INFO when some sets failed. */
SQLRETURN drv_run_array(drv_stmt *stmt, const char *name, bool parse);

#endif
