/*
 * param_convert.h: one application parameter value (C type + bytes) to the
 * bytes and parameter type OID that go into Bind. Pure code: no handle, no
 * server, no allocation except the growth of the caller's arena. The
 * statement side (params.c) resolves bindings, indicators and offsets and
 * calls drv_param_convert once per value.
 */
#ifndef DRV_PARAM_CONVERT_H
#define DRV_PARAM_CONVERT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "odbc_headers.h"

/* A growing byte buffer holding the wire values of one batch (owned by the
 * caller; free(buf) at the end). Values are appended; offsets stay valid
 * when it grows, pointers do not. */
typedef struct drv_arena {
    char *buf;
    size_t len, cap;
} drv_arena;

/* Appends n bytes (keeps a NUL after them); false on out of memory. */
bool drv_arena_put(drv_arena *a, const void *s, size_t n);

/* One value to convert. */
typedef struct drv_pc_in {
    SQLSMALLINT c_type;          /* resolved: never SQL_C_DEFAULT             */
    SQLSMALLINT sql_type;        /* the parameter's SQL type (IPD)            */
    SQLULEN column_size;         /* 0 = not checked                          */
    SQLSMALLINT decimal_digits;
    const void *ptr;             /* the value                                 */
    SQLLEN len;                  /* bytes of char/wchar/binary data (>= 0)    */
    /* SQL_C_NUMERIC: the APD record's PRECISION and SCALE. With a precision
     * > 0 they describe the value (the struct's own scale is ignored, as the
     * spec says) and more digits than the precision is 22003; precision 0
     * keeps the struct's scale. */
    SQLSMALLINT num_precision, num_scale;
    /* The parameter's type as the server settled it for the statement the
     * Bind goes to (ParameterDescription), 0 when unknown: with it, some
     * values go in binary (see param_convert.c). */
    uint32_t server_oid;
    /* Years outside 1..9999 of a datetime SQL type go as signed ISO years
     * (-0043 for 44 BC) instead of with " BC": CrateDB's parameter input
     * reads no era. */
    bool iso_years;
} drv_pc_in;

/* What goes into Bind for it. */
typedef struct drv_pc_out {
    uint32_t oid;                /* Parse type: 0 = the server infers, 16 bool */
    int16_t format;              /* 0 text, 1 binary (see param_convert.c)  */
    size_t off;                  /* the bytes are arena[off, off + len)      */
    int32_t len;
} drv_pc_out;

/*
 * Converts one non-NULL value, appending its wire bytes to `a`. Returns NULL
 * on success, else the SQLSTATE, with a message in msg:
 *   07006  the C type cannot go to that SQL type (ODBC appendix D)
 *   22001  character data longer than column_size; fractional digits lost
 *          going to an integer SQL type
 *   22003  a number out of the SQL type's range
 *   22007  character data that is not a date/time for a datetime SQL type
 *   22008  a date/time struct with a field out of range
 *   22015  an interval struct with a field out of range or an unknown
 *          interval type
 *   22018  text that is not valid UTF-8/UTF-16 or not a number for a numeric
 *          SQL type
 *   HY003  unknown C type
 *   HY009  no value pointer;  HY090  a negative length
 *   HY104  an SQL_C_NUMERIC scale out of range
 *   HY000  a value too long to format
 *   HY001  out of memory
 */
const char *drv_param_convert(const drv_pc_in *in, drv_arena *a, drv_pc_out *out, char *msg,
                              size_t msglen);

/* SQL_C_DEFAULT for a parameter: the C type ODBC pairs with sql_type; 0 when
 * there is none. */
SQLSMALLINT drv_param_default_c(SQLSMALLINT sql_type);

/* UTF-16 units before the first 0 unit. */
size_t drv_param_wcslen(const SQLWCHAR *s);

#endif
