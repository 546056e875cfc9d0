#!/usr/bin/python3
"""pyodbc_catalog.py: the catalog functions as a Python application sees them (pyodbc).

Makes a schema of its own (a table with a composite-free primary key, a document column
(json; on a real CrateDB an object with a sub-column) and an array column, a table without
a key, a view), then checks cursor.tables(), columns(), primaryKeys(), statistics() and
getTypeInfo() list it correctly, and drops it. Prints "N passed, N failed"; exit status 1
when a check failed. $ITEST_DSN and $ITEST_PROFILE as pyodbc_smoke.py.
"""
import os
import sys

import pyodbc

DSN = os.environ.get("ITEST_DSN", "crate_pw")
PROFILE = os.environ.get("ITEST_PROFILE", "pg")
SCHEMA = f"pycat_{os.getpid()}"

# check(), eq() and the pass/fail counts are pyodbc_smoke.py's (same directory).
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from pyodbc_smoke import check, eq, results  # noqa: E402


def tables(cur):
    rows = cur.tables(schema=SCHEMA).fetchall()
    eq([(r.table_schem, r.table_name, r.table_type) for r in rows],
       [(SCHEMA, "items", "TABLE"), (SCHEMA, "nokey", "TABLE"), (SCHEMA, "items_v", "VIEW")],
       "tables()")
    cat = rows[0].table_cat
    if PROFILE in ("crate", "cratedb"):
        eq(cat, "crate", "TABLE_CAT on CrateDB")
    views = cur.tables(schema=SCHEMA, tableType="VIEW").fetchall()
    eq([r.table_name for r in views], ["items_v"], "tables(tableType=VIEW)")


# (name, DATA_TYPE, TYPE_NAME, COLUMN_SIZE, NULLABLE, ORDINAL_POSITION, IS_NULLABLE) of
# items: each server's type names; unbounded text has the size of a result column of it
# (TextSize, 65535). CrateDB lists the object's sub-column, with a position of its own.
ITEMS_COLUMNS = {
    "pg": [
        ("id", pyodbc.SQL_INTEGER, "integer", 10, 0, 1, "NO"),
        ("name", pyodbc.SQL_VARCHAR, "character varying", 40, 1, 2, "YES"),
        ("attrs", pyodbc.SQL_VARCHAR, "json", 65535, 1, 3, "YES"),
        ("tags", pyodbc.SQL_VARCHAR, "_text", 65535, 1, 4, "YES"),
    ],
    "cratedb": [
        ("id", pyodbc.SQL_INTEGER, "integer", 10, 0, 1, "NO"),
        ("name", pyodbc.SQL_VARCHAR, "text", 40, 1, 2, "YES"),
        ("attrs", pyodbc.SQL_VARCHAR, "object", 65535, 1, 3, "YES"),
        ("attrs['k']", pyodbc.SQL_INTEGER, "integer", 10, 1, 4, "YES"),
        ("tags", pyodbc.SQL_VARCHAR, "text_array", 65535, 1, 5, "YES"),
    ],
}
DIALECT = "cratedb" if PROFILE == "cratedb" else "pg"   # crate: PostgreSQL behind the proxy
DOC_TYPE = {"pg": "json", "cratedb": "object(strict) AS (k integer)"}[DIALECT]
TEXT_ARRAY = {"pg": "text[]", "cratedb": "array(text)"}[DIALECT]


def columns(cur):
    rows = cur.columns(table="items", schema=SCHEMA).fetchall()
    got = [(r.column_name, r.data_type, r.type_name, r.column_size, r.nullable,
            r.ordinal_position, r.is_nullable) for r in rows]
    eq(got, ITEMS_COLUMNS[DIALECT], "columns(items)")
    # what a query of the table says about the same columns (SQLDescribeCol)
    cur.execute(f"SELECT id, tags FROM {SCHEMA}.items")
    eq([(d[0], d[1], d[3]) for d in cur.description], [("id", int, 10), ("tags", str, 65535)],
       "description of SELECT id, tags")
    cur.fetchall()
    one = cur.columns(table="items", schema=SCHEMA, column="na%").fetchall()
    eq([r.column_name for r in one], ["name"], "columns(column='na%')")


def primary_keys(cur):
    rows = cur.primaryKeys("items", schema=SCHEMA).fetchall()
    eq([(r.column_name, r.key_seq, r.pk_name) for r in rows], [("id", 1, "items_pkey")],
       "primaryKeys(items)")
    eq(cur.primaryKeys("nokey", schema=SCHEMA).fetchall(), [], "primaryKeys(nokey)")


def statistics(cur):
    rows = cur.statistics("items", schema=SCHEMA).fetchall()
    eq([(r.non_unique, r.index_name, r.type, r.ordinal_position, r.column_name) for r in rows],
       [(None, None, 0, None, None), (0, "items_pkey", 3, 1, "id")],  # SQL_TABLE_STAT, SQL_INDEX_OTHER
       "statistics(items)")


def type_info(cur):
    rows = cur.getTypeInfo().fetchall()
    names = [r.type_name for r in rows]
    for t in ("boolean", "integer", "bigint", "text", "varchar", "object", "geo_point",
              "timestamp with time zone", "array"):
        assert t in names, f"getTypeInfo() lacks {t}: {names}"
    codes = [r.data_type for r in rows]
    eq(codes, sorted(codes), "getTypeInfo() sorted by DATA_TYPE")
    ints = cur.getTypeInfo(pyodbc.SQL_INTEGER).fetchall()
    eq([(r.type_name, r.column_size) for r in ints], [("integer", 10)], "getTypeInfo(INTEGER)")


def main():
    conn = pyodbc.connect(f"DSN={DSN}", autocommit=True)
    cur = conn.cursor()
    cur.execute(f"CREATE SCHEMA {SCHEMA}")
    try:   # the schema goes even when a later statement fails
        for sql in (f"CREATE TABLE {SCHEMA}.items (id integer PRIMARY KEY, name varchar(40),"
                    f" attrs {DOC_TYPE}, tags {TEXT_ARRAY})",
                    f"CREATE TABLE {SCHEMA}.nokey (x integer)",
                    f"CREATE VIEW {SCHEMA}.items_v AS SELECT id, name FROM {SCHEMA}.items"):
            cur.execute(sql)
        check("cursor.tables()", lambda: tables(cur))
        check("cursor.columns()", lambda: columns(cur))
        check("cursor.primaryKeys()", lambda: primary_keys(cur))
        check("cursor.statistics()", lambda: statistics(cur))
        check("cursor.getTypeInfo()", lambda: type_info(cur))
    finally:
        cur.execute(f"DROP SCHEMA {SCHEMA} CASCADE")
        conn.close()
    print(f"{results['passed']} passed, {results['failed']} failed")
    return 1 if results["failed"] else 0


if __name__ == "__main__":
    sys.exit(main())
