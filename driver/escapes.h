/*
 * escapes.h: translation of ODBC escape sequences ({d ...}, {fn ...},
 * {oj ...}, {call ...} ...) into SQL that CrateDB and PostgreSQL run, and
 * the SQLGetInfo bitmasks that describe exactly what is translated. The
 * implementation is driver/escapes.c; it talks neither to the server nor to
 * ODBC handles.
 */
#ifndef DRV_ESCAPES_H
#define DRV_ESCAPES_H

#include <stdbool.h>
#include <stddef.h>

#include "odbc_headers.h"

/* Why a translation failed: SQLSTATE (42000 malformed or unknown escape,
 * HYC00 a feature CrateDB cannot serve, HY001 out of memory) and a message
 * naming the problem. */
typedef struct drv_esc_err {
    char sqlstate[6];
    char msg[200];
} drv_esc_err;

/*
 * Translates the escape sequences of sql[0..len). `crate` picks the CrateDB
 * spelling where the two servers differ ({t}, negative {INTERVAL}).
 * Text in strings, quoted identifiers, comments and dollar quotes is never
 * touched; `?` markers keep their left-to-right order.
 * Returns true on success: *out is a malloc'd NUL-terminated translation
 * (caller frees, length in *outlen), or NULL when the text has no escape and
 * stays as it is. Returns false with *err filled on failure.
 */
bool drv_esc_translate(const char *sql, size_t len, bool crate, char **out, size_t *outlen,
                       drv_esc_err *err);

/*
 * SQLGetInfo answers that follow from the translation tables
 * (SQL_STRING_FUNCTIONS, SQL_NUMERIC_FUNCTIONS, SQL_TIMEDATE_FUNCTIONS,
 * SQL_SYSTEM_FUNCTIONS, SQL_TIMEDATE_ADD/DIFF_INTERVALS,
 * SQL_CONVERT_FUNCTIONS, SQL_CONVERT_<type>, SQL_DATETIME_LITERALS), for
 * CrateDB (`crate`) or PostgreSQL: what drv_esc_translate translates for
 * that server. Returns false for any other information type.
 */
bool drv_esc_info(SQLUSMALLINT type, bool crate, SQLUINTEGER *mask);

/* The rows of the translation tables, for tests that hold every row's
 * SQLGetInfo bit against its translation: scalar functions (name, the
 * information type and bit that report it, the fewest arguments it takes,
 * `raw`: it takes free text such as POSITION(a IN b)), CONVERT targets
 * (name, SQL_CONVERT_<type> as a source, SQL_CVT_<type> bit as a target)
 * and SQL_TSI_ intervals. */
typedef struct drv_esc_fn_info {
    const char *name;
    SQLUSMALLINT info_type;
    SQLUINTEGER bit;
    int nargs;
    bool raw;
} drv_esc_fn_info;
size_t drv_esc_fn_rows(void);
bool drv_esc_fn_row(size_t i, drv_esc_fn_info *out);
size_t drv_esc_cvt_rows(void);
const char *drv_esc_cvt_row(size_t i, SQLUSMALLINT *source_info, SQLUINTEGER *target_bit);
size_t drv_esc_tsi_rows(void);
const char *drv_esc_tsi_row(size_t i, SQLUINTEGER *bit);

#endif
