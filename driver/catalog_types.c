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
 * Sizes: none here. Each row names the wire type a result column of it
 * has (CrateDB's RowDescription OID, FACTS §4.1), and every size comes from
 * that type through the one rule of types.c (drv_type_meta_of), with the
 * declaration information_schema gives (varchar(n), numeric(p,s) ...): so a
 * column reads the same in SQLColumns, SQLGetTypeInfo and a result set.
 * ip travels as varchar and is unbounded text like it; bit(n) is varchar
 * of n '0'/'1' (bit varying when no n is known). numeric: CrateDB 6.4
 * stores precision and scale up to 38 ("Only up to 38 can be stored") and
 * only with a precision given (SQLGetTypeInfo's COLUMN_SIZE).
 * `time with time zone` and `interval` are expression-only (FACTS §5.4) and
 * not listed; date is storable from CrateDB 6.5 (catalog.c leaves it out on
 * older servers); there is no binary type.
 */
#include <string.h>

#include "catalog_int.h"

/*  name, aliases, wire OID, prefix, suffix, create params,
 *  case sensitive, searchable, unsigned, min/max scale */
static const cat_type types[] = {
    {"uuid", "", 2950, "'", "'", NULL, 0, SQL_PRED_BASIC, -1, -1, -1},
    {"boolean", "bool", 16, NULL, NULL, NULL, 0, SQL_PRED_BASIC, -1, -1, -1},
    {"byte", "\"char\"|char", 18, NULL, NULL, NULL, 0, SQL_PRED_BASIC, 0, 0, 0},
    {"bigint", "int8", 20, NULL, NULL, NULL, 0, SQL_PRED_BASIC, 0, 0, 0},
    {"character", "bpchar", 1042, "'", "'", "length", 1, SQL_SEARCHABLE, -1, -1, -1},
    {"numeric", "decimal", 1700, NULL, NULL, "precision,scale", 0, SQL_PRED_BASIC, 0, 0, 38},
    {"integer", "int4|int", 23, NULL, NULL, NULL, 0, SQL_PRED_BASIC, 0, 0, 0},
    {"smallint", "int2", 21, NULL, NULL, NULL, 0, SQL_PRED_BASIC, 0, 0, 0},
    {"real", "float4", 700, NULL, NULL, NULL, 0, SQL_PRED_BASIC, 0, -1, -1},
    {"double precision", "float8", 701, NULL, NULL, NULL, 0, SQL_PRED_BASIC, 0, -1, -1},
    {"varchar", "character varying", 1043, "'", "'", "max length", 1, SQL_SEARCHABLE, -1, -1,
     -1},
    {"text", "", 25, "'", "'", NULL, 1, SQL_SEARCHABLE, -1, -1, -1},
    {"ip", "inet", 1043, "'", "'", NULL, 0, SQL_PRED_BASIC, -1, -1, -1},
    {"bit", "", 1562, "B'", "'", "length", 0, SQL_PRED_BASIC, -1, -1, -1},
    {"object", "json|jsonb", 114, NULL, NULL, NULL, 1, SQL_PRED_BASIC, -1, -1, -1},
    {"geo_point", "point", 600, NULL, NULL, NULL, 0, SQL_PRED_NONE, -1, -1, -1},
    {"geo_shape", "", 114, NULL, NULL, NULL, 0, SQL_PRED_NONE, -1, -1, -1},
    {"float_vector", "", 1021, NULL, NULL, "dimension", 0, SQL_PRED_NONE, -1, -1, -1},
    {"array", "ARRAY", 1009, NULL, NULL, "element type", 1, SQL_PRED_BASIC, -1, -1, -1},
    {"date", "", 1082, "'", "'", NULL, 0, SQL_PRED_BASIC, -1, -1, -1},
    {"timestamp without time zone", "timestamp", 1114, "'", "'", NULL, 0, SQL_PRED_BASIC, -1,
     -1, -1},
    {"timestamp with time zone", "timestamptz", 1184, "'", "'", NULL, 0, SQL_PRED_BASIC, -1,
     -1, -1},
};

/* Types information_schema shows on the test server that CrateDB has not:
 * SQLColumns maps them like the others, SQLGetTypeInfo does not list them. */
static const cat_type other_types[] = {
    {"bytea", "", 17, "'\\x", "'", NULL, 0, SQL_PRED_BASIC, -1, -1, -1},
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
    for (size_t i = 0; i < sizeof other_types / sizeof other_types[0]; i++)
        if (strlen(other_types[i].name) == len && strncmp(other_types[i].name, name, len) == 0)
            return &other_types[i];
    return NULL;
}
