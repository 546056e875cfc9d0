/*
 * driver_sql.h: every SQL text the driver sends on its own (not the
 * application's statements): the catalog queries of catalog.c, the
 * look-ups of an updatable cursor (updatable.c) and, with DiscoverNodes=1,
 * the node list discover.c reads after connecting. They live in
 * driver_sql.c, in one place, so
 * one unit test (tests/unit/test_driver_sql.c) can check each against the
 * relations, columns and functions CrateDB has (FACTS §5) before any of
 * them reaches a server.
 *
 * Rules for every text here: it runs unchanged on CrateDB and PostgreSQL 15
 * (DRV_SQL_NODES excepted: sys.nodes is CrateDB's);
 * it uses information_schema only (FACTS §5.4: no OPERATOR(), no pg_trigger,
 * no 0-based indkey), except where information_schema cannot answer: the
 * row-version probe reads pg_attribute, pg_class and pg_namespace, whose
 * columns it uses CrateDB has as PostgreSQL does (FACTS §5.1), and
 * DiscoverNodes reads CrateDB's sys.nodes. Application values arrive as
 * bound parameters $1..$n
 * (text, type left to the server), never spliced into the text. Patterns
 * compare with LIKE, whose default escape character is `\` on both servers
 * (FACTS §5.4), so an ODBC search pattern is passed as is, and an identifier
 * argument is passed with `%`, `_` and `\` escaped.
 */
#ifndef DRIVER_SQL_H
#define DRIVER_SQL_H

#include <stddef.h>

/* Each statement's column count (DRV_SQL_x_COLS) is what catalog.c reads
 * of its reply: a reply with fewer columns is an error, not an index past
 * the row. */

/* SQLTables: $1 schema pattern, $2 table pattern.
 * Columns: table_catalog, table_schema, table_name, table_type. */
extern const char DRV_SQL_TABLES[];
#define DRV_SQL_TABLES_COLS 4
/* SQLTables schema enumeration: $1 schema pattern. Column: schema_name. */
extern const char DRV_SQL_SCHEMAS[];
#define DRV_SQL_SCHEMAS_COLS 1
/* SQLColumns: $1 schema, $2 table pattern (catalog.c matches the column
 * pattern itself: a sub-column's type depends on its parents). Columns: table_catalog,
 * table_schema, table_name, column_name, data_type, udt_name,
 * character_maximum_length, numeric_precision, numeric_precision_radix,
 * numeric_scale, datetime_precision, is_nullable, column_default, ordinal_position,
 * is_generated, generation_expression. */
extern const char DRV_SQL_COLUMNS[];
#define DRV_SQL_COLUMNS_COLS 16
/* SQLPrimaryKeys, SQLStatistics, SQLSpecialColumns: $1 schema, $2 table.
 * Columns: table_catalog, table_schema, table_name, column_name,
 * ordinal_position, constraint_name. */
extern const char DRV_SQL_PRIMARY_KEYS[];
#define DRV_SQL_PRIMARY_KEYS_COLS 6
/* SQLProcedures, SQLProcedureColumns: $1 schema, $2 name pattern.
 * Columns: routine_schema, routine_name, data_type, specific_name. */
extern const char DRV_SQL_PROCEDURES[];
#define DRV_SQL_PROCEDURES_COLS 4
/* SQLTablePrivileges: $1 schema, $2 table pattern. Columns: table_schema,
 * table_name, grantor, grantee, privilege_type, is_grantable. */
extern const char DRV_SQL_TABLE_PRIVILEGES[];
#define DRV_SQL_TABLE_PRIVILEGES_COLS 6
/* SQLColumnPrivileges: $1 schema, $2 table, $3 column pattern. Columns:
 * table_schema, table_name, column_name, grantor, grantee, privilege_type,
 * is_grantable. */
extern const char DRV_SQL_COLUMN_PRIVILEGES[];
#define DRV_SQL_COLUMN_PRIVILEGES_COLS 7

/* An updatable cursor's key (updatable.c): the primary key of one table, in
 * key order; table_constraints joined to key_column_usage because PostgreSQL
 * lists unique and foreign keys there too (CrateDB only primary keys).
 * $1 schema, $2 table; the _CURRENT form takes $1 table in current_schema().
 * Column: column_name. */
extern const char DRV_SQL_UPD_KEY[];
extern const char DRV_SQL_UPD_KEY_CURRENT[];
#define DRV_SQL_UPD_KEY_COLS 1
/* Whether the table has PostgreSQL's row version xmin: CrateDB does not list
 * its _seq_no in pg_attribute (checked on 6.4.3), PostgreSQL lists xmin for
 * every table. Asking the table rather than going by the server's
 * crate_version keeps the choice right behind anything that presents
 * PostgreSQL as CrateDB (the test rig's proxy does). $1 schema, $2 table
 * (_CURRENT: $1 table). Column: the count of xmin columns (0 or 1). */
extern const char DRV_SQL_ROW_VERSION[];
extern const char DRV_SQL_ROW_VERSION_CURRENT[];
#define DRV_SQL_ROW_VERSION_COLS 1
/* DiscoverNodes, after connecting: no parameters. Columns: hostname,
 * rest_url ("host:httpport"), port['psql'] (text, NULL when disabled).
 * CrateDB only (sys.nodes). */
extern const char DRV_SQL_NODES[];
#define DRV_SQL_NODES_COLS 3

/* All of the above, for the test. */
typedef struct drv_sql_entry {
    const char *name;
    const char *sql;
    int ncols;                   /* its DRV_SQL_x_COLS */
} drv_sql_entry;
const drv_sql_entry *drv_sql_all(size_t *n);

#endif
