/*
 * driver_sql.c: the text of every statement the driver sends by itself.
 * See driver_sql.h for the rules they follow; catalog.c runs the catalog
 * queries and turns their rows into ODBC result sets (type mapping, sorting
 * and the special enumerations happen there, in C, not in SQL), updatable.c
 * the look-ups of an updatable cursor.
 *
 * Relations used, on both servers: in information_schema (FACTS §5.3)
 * tables, schemata, columns, key_column_usage, table_constraints, routines,
 * role_table_grants (CrateDB 6.0+); in pg_catalog (FACTS §5.1) only the
 * row-version probe's pg_attribute, pg_class and pg_namespace. On CrateDB
 * only: sys.nodes for DiscoverNodes (no PostgreSQL has it: the rig's
 * servers.sh makes one; on another PostgreSQL discovery fails quietly).
 */
#include "driver_sql.h"

const char DRV_SQL_TABLES[] =
    "SELECT table_catalog, table_schema, table_name, table_type"
    " FROM information_schema.tables"
    " WHERE table_schema LIKE $1 AND table_name LIKE $2";

const char DRV_SQL_SCHEMAS[] =
    "SELECT schema_name FROM information_schema.schemata WHERE schema_name LIKE $1";

const char DRV_SQL_COLUMNS[] =
    "SELECT table_catalog, table_schema, table_name, column_name, data_type, udt_name,"
    " character_maximum_length, numeric_precision, numeric_precision_radix,"
    " numeric_scale, datetime_precision, is_nullable, column_default, ordinal_position,"
    " is_generated, generation_expression"
    " FROM information_schema.columns"
    " WHERE table_schema LIKE $1 AND table_name LIKE $2";

/* PostgreSQL's key_column_usage also lists UNIQUE and FOREIGN KEY columns
 * (CrateDB's has primary keys only): the join keeps primary keys. */
const char DRV_SQL_PRIMARY_KEYS[] =
    "SELECT k.table_catalog, k.table_schema, k.table_name, k.column_name,"
    " k.ordinal_position, k.constraint_name"
    " FROM information_schema.key_column_usage k"
    " JOIN information_schema.table_constraints c"
    " ON c.constraint_schema = k.constraint_schema AND c.constraint_name = k.constraint_name"
    " AND c.table_schema = k.table_schema AND c.table_name = k.table_name"
    " WHERE c.constraint_type = 'PRIMARY KEY'"
    " AND k.table_schema LIKE $1 AND k.table_name LIKE $2";

/* CrateDB lists UDFs (routine_type FUNCTION) next to full-text analysis
 * components; PostgreSQL lists its built-ins under pg_catalog and
 * information_schema: both are left out. */
const char DRV_SQL_PROCEDURES[] =
    "SELECT routine_schema, routine_name, data_type, specific_name"
    " FROM information_schema.routines"
    " WHERE routine_type IN ('FUNCTION', 'PROCEDURE')"
    " AND routine_schema NOT IN ('pg_catalog', 'information_schema')"
    " AND routine_schema LIKE $1 AND routine_name LIKE $2";

const char DRV_SQL_TABLE_PRIVILEGES[] =
    "SELECT table_schema, table_name, grantor, grantee, privilege_type, is_grantable"
    " FROM information_schema.role_table_grants"
    " WHERE table_schema LIKE $1 AND table_name LIKE $2";

/* CrateDB grants privileges per table (or schema, cluster): a table's
 * grants apply to each of its columns. */
const char DRV_SQL_COLUMN_PRIVILEGES[] =
    "SELECT g.table_schema, g.table_name, c.column_name, g.grantor, g.grantee,"
    " g.privilege_type, g.is_grantable"
    " FROM information_schema.role_table_grants g"
    " JOIN information_schema.columns c"
    " ON c.table_schema = g.table_schema AND c.table_name = g.table_name"
    " WHERE g.table_schema LIKE $1 AND g.table_name LIKE $2 AND c.column_name LIKE $3";

#define UPD_KEY_FROM                                                                    \
    "SELECT kcu.column_name FROM information_schema.table_constraints tc"                \
    " JOIN information_schema.key_column_usage kcu"                                      \
    " ON kcu.constraint_name = tc.constraint_name AND kcu.table_schema = tc.table_schema" \
    " AND kcu.table_name = tc.table_name"                                                \
    " WHERE tc.constraint_type = 'PRIMARY KEY'"
const char DRV_SQL_UPD_KEY[] =
    UPD_KEY_FROM " AND tc.table_schema = $1 AND tc.table_name = $2"
    " ORDER BY kcu.ordinal_position";
const char DRV_SQL_UPD_KEY_CURRENT[] =
    UPD_KEY_FROM " AND tc.table_schema = current_schema() AND tc.table_name = $1"
    " ORDER BY kcu.ordinal_position";

#define ROW_VERSION_FROM                                                    \
    "SELECT count(*) FROM pg_catalog.pg_attribute a"                       \
    " JOIN pg_catalog.pg_class c ON a.attrelid = c.oid"                    \
    " JOIN pg_catalog.pg_namespace n ON c.relnamespace = n.oid"            \
    " WHERE a.attname = 'xmin'"
const char DRV_SQL_ROW_VERSION[] =
    ROW_VERSION_FROM " AND n.nspname = $1 AND c.relname = $2";
const char DRV_SQL_ROW_VERSION_CURRENT[] =
    ROW_VERSION_FROM " AND n.nspname = current_schema() AND c.relname = $1";
/* DiscoverNodes (discover.c): where a client reaches each node. hostname
 * is the machine's name (CrateDB 6.4.3 on the test machine said "vm"),
 * which a client may not resolve; rest_url is the node's HTTP publish
 * address ("127.0.0.1:4200"), whose host part is the address the node
 * publishes for clients. port['psql'] is the PostgreSQL port, NULL when the
 * node has psql disabled. */
const char DRV_SQL_NODES[] =
    "SELECT hostname, rest_url, port['psql'] FROM sys.nodes";

static const drv_sql_entry all[] = {
    {"DRV_SQL_TABLES", DRV_SQL_TABLES, DRV_SQL_TABLES_COLS},
    {"DRV_SQL_SCHEMAS", DRV_SQL_SCHEMAS, DRV_SQL_SCHEMAS_COLS},
    {"DRV_SQL_COLUMNS", DRV_SQL_COLUMNS, DRV_SQL_COLUMNS_COLS},
    {"DRV_SQL_PRIMARY_KEYS", DRV_SQL_PRIMARY_KEYS, DRV_SQL_PRIMARY_KEYS_COLS},
    {"DRV_SQL_PROCEDURES", DRV_SQL_PROCEDURES, DRV_SQL_PROCEDURES_COLS},
    {"DRV_SQL_TABLE_PRIVILEGES", DRV_SQL_TABLE_PRIVILEGES, DRV_SQL_TABLE_PRIVILEGES_COLS},
    {"DRV_SQL_COLUMN_PRIVILEGES", DRV_SQL_COLUMN_PRIVILEGES, DRV_SQL_COLUMN_PRIVILEGES_COLS},
    {"DRV_SQL_UPD_KEY", DRV_SQL_UPD_KEY, DRV_SQL_UPD_KEY_COLS},
    {"DRV_SQL_UPD_KEY_CURRENT", DRV_SQL_UPD_KEY_CURRENT, DRV_SQL_UPD_KEY_COLS},
    {"DRV_SQL_ROW_VERSION", DRV_SQL_ROW_VERSION, DRV_SQL_ROW_VERSION_COLS},
    {"DRV_SQL_ROW_VERSION_CURRENT", DRV_SQL_ROW_VERSION_CURRENT, DRV_SQL_ROW_VERSION_COLS},
    {"DRV_SQL_NODES", DRV_SQL_NODES, DRV_SQL_NODES_COLS},
};

const drv_sql_entry *drv_sql_all(size_t *n)
{
    *n = sizeof all / sizeof all[0];
    return all;
}
