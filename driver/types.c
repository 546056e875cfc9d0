/*
 * types.c: the one table that maps a wire type OID (RowDescription,
 * ParameterDescription) to what ODBC reports about it: SQL type, default C
 * type, column size, digits, display size, octet length and the catalog-ish
 * attributes SQLColAttribute needs. Data only; describe.c, convert.c and
 * params.c read it through drv_type_lookup().
 *
 * Choices worth knowing (see FACTS §4.1, §4.7):
 *  - text/varchar: CrateDB never sends a length (typmod -1), so unbounded
 *    text reports column size 65535 until a connection keyword sets it.
 *  - numeric: precision and scale are not on the wire either; we report
 *    PostgreSQL's maximum declared precision, 1000, and scale 0 ("unknown").
 *  - timestamp(tz)/time: 6 fractional digits (PostgreSQL's precision; CrateDB
 *    only uses 3 of them), so size 26 / 15.
 *  - arrays, json, point, interval, bit(n), timetz, reg* and the rest: plain
 *    SQL_VARCHAR text for now (their text form is returned as is).
 * The table is sorted by OID (binary search; a unit test checks the order).
 */
#include <stddef.h>

#include "drv.h"

#define TXT(oid, name) \
    { oid, name, SQL_VARCHAR, SQL_C_CHAR, 65535, 0, 65535, 65535, 0, false, true, \
      SQL_SEARCHABLE, "'", "'" }
#define NUM(oid, name, sqlt, ct, size, disp, oct, radix) \
    { oid, name, sqlt, ct, size, 0, disp, oct, radix, false, false, SQL_PRED_BASIC, NULL, NULL }
#define DT(oid, name, sqlt, ct, size, digits, oct) \
    { oid, name, sqlt, ct, size, digits, size, oct, 0, false, false, SQL_PRED_BASIC, "'", "'" }

static const drv_type_info type_table[] = {
    { 16, "bool", SQL_BIT, SQL_C_BIT, 1, 0, 1, 1, 0, false, false, SQL_PRED_BASIC, NULL, NULL },
    { 17, "bytea", SQL_VARBINARY, SQL_C_BINARY, 65535, 0, 131070, 65535, 0, false, false,
      SQL_PRED_BASIC, "'\\x", "'" },
    { 18, "char", SQL_CHAR, SQL_C_CHAR, 1, 0, 1, 4, 0, false, true, SQL_SEARCHABLE, "'", "'" },
    { 19, "name", SQL_VARCHAR, SQL_C_CHAR, 63, 0, 63, 63, 0, false, true, SQL_SEARCHABLE,
      "'", "'" },
    NUM(20, "int8", SQL_BIGINT, SQL_C_SBIGINT, 19, 20, 8, 10),
    NUM(21, "int2", SQL_SMALLINT, SQL_C_SSHORT, 5, 6, 2, 10),
    NUM(23, "int4", SQL_INTEGER, SQL_C_SLONG, 10, 11, 4, 10),
    TXT(24, "regproc"),
    TXT(25, "text"),
    { 26, "oid", SQL_INTEGER, SQL_C_ULONG, 10, 0, 10, 4, 10, true, false, SQL_PRED_BASIC,
      NULL, NULL },
    TXT(30, "oidvector"),
    TXT(114, "json"),
    TXT(199, "_json"),
    TXT(600, "point"),
    NUM(700, "float4", SQL_REAL, SQL_C_FLOAT, 7, 14, 4, 10),
    NUM(701, "float8", SQL_DOUBLE, SQL_C_DOUBLE, 15, 24, 8, 10),
    TXT(705, "unknown"),
    TXT(1000, "_bool"),
    TXT(1002, "_char"),
    TXT(1005, "_int2"),
    TXT(1007, "_int4"),
    TXT(1008, "_regproc"),
    TXT(1009, "_text"),
    TXT(1014, "_bpchar"),
    TXT(1015, "_varchar"),
    TXT(1016, "_int8"),
    TXT(1017, "_point"),
    TXT(1021, "_float4"),
    TXT(1022, "_float8"),
    { 1042, "bpchar", SQL_CHAR, SQL_C_CHAR, 65535, 0, 65535, 65535, 0, false, true,
      SQL_SEARCHABLE, "'", "'" },
    TXT(1043, "varchar"),
    DT(1082, "date", SQL_TYPE_DATE, SQL_C_TYPE_DATE, 10, 0, 6),
    DT(1083, "time", SQL_TYPE_TIME, SQL_C_TYPE_TIME, 15, 6, 6),
    DT(1114, "timestamp", SQL_TYPE_TIMESTAMP, SQL_C_TYPE_TIMESTAMP, 26, 6, 16),
    TXT(1115, "_timestamp"),
    TXT(1182, "_date"),
    DT(1184, "timestamptz", SQL_TYPE_TIMESTAMP, SQL_C_TYPE_TIMESTAMP, 26, 6, 16),
    TXT(1185, "_timestamptz"),
    TXT(1186, "interval"),
    TXT(1187, "_interval"),
    TXT(1231, "_numeric"),
    TXT(1266, "timetz"),
    TXT(1270, "_timetz"),
    TXT(1560, "bit"),
    TXT(1561, "_bit"),
    TXT(1562, "varbit"),
    { 1700, "numeric", SQL_NUMERIC, SQL_C_CHAR, 1000, 0, 1002, 1002, 10, false, false,
      SQL_PRED_BASIC, NULL, NULL },
    TXT(2205, "regclass"),
    TXT(2206, "regtype"),
    TXT(2210, "_regclass"),
    TXT(2211, "_regtype"),
    TXT(2249, "record"),
    TXT(2287, "_record"),
    { 2950, "uuid", SQL_GUID, SQL_C_GUID, 36, 0, 36, 16, 0, false, false, SQL_PRED_BASIC,
      "'", "'" },
    TXT(2951, "_uuid"),
    TXT(3802, "jsonb"),
};

/* What an OID missing from the table reads as: text. */
static const drv_type_info type_fallback = TXT(0, "unknown");

const drv_type_info *drv_type_lookup(uint32_t oid)
{
    size_t lo = 0, hi = sizeof type_table / sizeof type_table[0];
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (type_table[mid].oid == oid)
            return &type_table[mid];
        if (type_table[mid].oid < oid)
            lo = mid + 1;
        else
            hi = mid;
    }
    return &type_fallback;
}

/* For the unit test: the table and its size. */
const drv_type_info *drv_type_table(size_t *n)
{
    *n = sizeof type_table / sizeof type_table[0];
    return type_table;
}
