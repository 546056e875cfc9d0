/*
 * catalog_types.c: CrateDB's declarable types as the catalog functions
 * report them. One table serves SQLGetTypeInfo (its rows, in the order the
 * spec asks: by DATA_TYPE, then the closest match first) and SQLColumns /
 * SQLProcedureColumns (which map information_schema's data_type to an SQL
 * type through it). How result values become C types is types.c/convert.c;
 * nothing here is used on the fetch path.
 *
 * Names: `name` is CrateDB's own (information_schema.columns.data_type,
 * FACTS §5.3); `aliases` are the other spellings information_schema shows,
 * PostgreSQL's data_type and udt_name among them, so the same mapping works
 * on the test server. Arrays are `<inner>_array` on CrateDB (`ARRAY` with
 * udt_name `_<inner>` on PostgreSQL): catalog.c maps them to the `array` row.
 *
 * Sizes (FACTS §4.7): integers report decimal digits (radix 10), real and
 * double bits (radix 2, as information_schema does), timestamps
 * "yyyy-mm-dd hh:mm:ss.fff" (23, 3 fractional digits: CrateDB keeps ms),
 * unbounded text 2147483647 (SQLColumns presents it as describe.c does: the
 * TextSize keyword), geo_point its WKT text "POINT(lon lat)" (56, as
 * types.c). numeric: CrateDB 6.4 stores precision and scale up to 38
 * ("Only up to 38 can be stored") and only with a precision given.
 * `time with time zone` and `interval` are expression-only (FACTS §5.4) and
 * not listed; date is storable from CrateDB 6.5 (catalog.c leaves it out on
 * older servers); there is no binary type.
 */
#include <string.h>

#include "catalog_int.h"

#define MAXLEN CAT_UNBOUNDED
/*                name, aliases,  sql type,  size, prefix, suffix, create params,
 *                case sens., searchable, unsigned, min/max scale, radix, buffer len */
static const cat_type types[] = {
    {"uuid", "", SQL_GUID, 36, "'", "'", NULL, 0, SQL_PRED_BASIC, -1, -1, -1, 0, 16},
    {"boolean", "bool", SQL_BIT, 1, NULL, NULL, NULL, 0, SQL_PRED_BASIC, -1, -1, -1, 0, 1},
    {"byte", "\"char\"|char", SQL_TINYINT, 3, NULL, NULL, NULL, 0, SQL_PRED_BASIC, 0, 0, 0,
     10, 1},
    {"bigint", "int8", SQL_BIGINT, 19, NULL, NULL, NULL, 0, SQL_PRED_BASIC, 0, 0, 0, 10, 8},
    {"character", "bpchar", SQL_CHAR, MAXLEN, "'", "'", "length", 1, SQL_SEARCHABLE, -1, -1,
     -1, 0, MAXLEN},
    {"numeric", "decimal", SQL_NUMERIC, 38, NULL, NULL, "precision,scale", 0,
     SQL_PRED_BASIC, 0, 0, 38, 10, 40},
    {"integer", "int4|int", SQL_INTEGER, 10, NULL, NULL, NULL, 0, SQL_PRED_BASIC, 0, 0, 0,
     10, 4},
    {"smallint", "int2", SQL_SMALLINT, 5, NULL, NULL, NULL, 0, SQL_PRED_BASIC, 0, 0, 0, 10,
     2},
    {"real", "float4", SQL_REAL, 24, NULL, NULL, NULL, 0, SQL_PRED_BASIC, 0, -1, -1, 2, 4},
    {"double precision", "float8", SQL_DOUBLE, 53, NULL, NULL, NULL, 0, SQL_PRED_BASIC, 0,
     -1, -1, 2, 8},
    {"varchar", "character varying", SQL_VARCHAR, MAXLEN, "'", "'", "max length", 1,
     SQL_SEARCHABLE, -1, -1, -1, 0, MAXLEN},
    {"text", "", SQL_VARCHAR, MAXLEN, "'", "'", NULL, 1, SQL_SEARCHABLE, -1, -1, -1, 0,
     MAXLEN},
    {"ip", "inet", SQL_VARCHAR, 39, "'", "'", NULL, 0, SQL_PRED_BASIC, -1, -1, -1, 0, 39},
    {"bit", "", SQL_VARCHAR, MAXLEN, "B'", "'", "length", 0, SQL_PRED_BASIC, -1, -1, -1, 0,
     MAXLEN},
    {"object", "json|jsonb", SQL_VARCHAR, MAXLEN, NULL, NULL, NULL, 1, SQL_PRED_BASIC, -1, -1,
     -1, 0, MAXLEN},
    {"geo_point", "point", SQL_VARCHAR, 56, NULL, NULL, NULL, 0, SQL_PRED_NONE, -1, -1,
     -1, 0, 56},
    {"geo_shape", "", SQL_VARCHAR, MAXLEN, NULL, NULL, NULL, 0, SQL_PRED_NONE, -1, -1, -1, 0,
     MAXLEN},
    {"float_vector", "", SQL_VARCHAR, MAXLEN, NULL, NULL, "dimension", 0, SQL_PRED_NONE, -1,
     -1, -1, 0, MAXLEN},
    {"array", "ARRAY", SQL_VARCHAR, MAXLEN, NULL, NULL, "element type", 1, SQL_PRED_BASIC, -1,
     -1, -1, 0, MAXLEN},
    {"date", "", SQL_TYPE_DATE, 10, "'", "'", NULL, 0, SQL_PRED_BASIC, -1, -1, -1, 0, 6},
    {"timestamp without time zone", "timestamp", SQL_TYPE_TIMESTAMP, 23, "'", "'", NULL, 0,
     SQL_PRED_BASIC, -1, 3, 3, 0, 16},
    {"timestamp with time zone", "timestamptz", SQL_TYPE_TIMESTAMP, 23, "'", "'", NULL, 0,
     SQL_PRED_BASIC, -1, 3, 3, 0, 16},
};

const cat_type *cat_type_table(size_t *n)
{
    *n = sizeof types / sizeof types[0];
    return types;
}

/* True when name[0..len) is one of the '|'-separated aliases. */
static bool in_aliases(const char *aliases, const char *name, size_t len)
{
    const char *p = aliases;
    while (*p) {
        const char *end = strchr(p, '|');
        size_t n = end ? (size_t)(end - p) : strlen(p);
        if (n == len && strncmp(p, name, len) == 0)
            return true;
        if (!end)
            break;
        p = end + 1;
    }
    return false;
}

const cat_type *cat_type_by_name(const char *name, size_t len)
{
    static const char suffix[] = "_array";
    size_t sl = sizeof suffix - 1;
    if ((len > sl && strncmp(name + len - sl, suffix, sl) == 0) || (len > 1 && name[0] == '_'))
        name = "array", len = 5;   /* CrateDB's x_array, PostgreSQL's udt_name _x */
    for (size_t i = 0; i < sizeof types / sizeof types[0]; i++)
        if ((strlen(types[i].name) == len && strncmp(types[i].name, name, len) == 0) ||
            in_aliases(types[i].aliases, name, len))
            return &types[i];
    return NULL;
}
