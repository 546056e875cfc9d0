#!/usr/bin/python3
"""pyodbc_smoke.py: end-to-end check of the driver through pyodbc (Debian's python3-pyodbc).

Connects with the DSN in $ITEST_DSN (default crate_pw; tests/run.sh exports the private
ODBCSYSINI/ODBCINI), fetches typed rows and asserts Python types and values, then prints
"N passed, N failed". Exit status 1 when a check failed.
"""
import datetime
import decimal
import os
import sys
import traceback

import pyodbc

DSN = os.environ.get("ITEST_DSN", "crate_pw")
PROFILE = os.environ.get("ITEST_PROFILE", "pg")
SQL_TC_NONE = 0  # SQLGetInfo(SQL_TXN_CAPABLE): no transactions (pyodbc has no name for it)
TEXT = "h\u00e9llo \u00fc \u4e2d\u6587 \U0001F600"  # héllo ü 中文 😀

results = {"passed": 0, "failed": 0}


def check(name, fn):
    """Runs one check; an AssertionError or a driver error fails it, with the reason."""
    try:
        fn()
    except Exception:  # noqa: BLE001 - every failure is reported, none stops the run
        results["failed"] += 1
        print(f"FAIL: {name}")
        for line in traceback.format_exc().rstrip().splitlines():
            print(f"    | {line}")
    else:
        results["passed"] += 1
        print(f"ok: {name}")


def eq(got, want, what):
    assert got == want, f"{what}: got {got!r} ({type(got).__name__}), want {want!r}"


def connect():
    return pyodbc.connect(f"DSN={DSN}", autocommit=True)


def refresh(cur, table):
    """A real CrateDB shows rows to a SELECT (other than by primary key) and to an UPDATE or
    DELETE by another column only after REFRESH TABLE; PostgreSQL has no such statement."""
    if PROFILE == "cratedb":
        cur.execute(f"REFRESH TABLE {table}")


def typed_row():
    with connect() as conn:
        cur = conn.cursor()
        # CrateDB reads 9223372036854775808 as a numeric that no bigint holds, even negated,
        # and keeps milliseconds of a timestamp
        crate = PROFILE == "cratedb"
        cur.execute(
            "SELECT CAST(-32768 AS int2), CAST(2147483647 AS int4),"
            f" {'-9223372036854775807 - 1' if crate else 'CAST(-9223372036854775808 AS int8)'},"
            " CAST(1.5 AS float4), CAST(-2.25 AS float8),"
            " CAST(12345.67 AS numeric(10,2)), true, false, CAST(? AS text),"
            " DATE '2024-02-29', TIMESTAMP '2024-02-29 13:14:15.123456', CAST(NULL AS int4)",
            TEXT,
        )
        row = cur.fetchone()
        want = [
            (int, -32768), (int, 2147483647), (int, -9223372036854775808), (float, 1.5),
            (float, -2.25), (decimal.Decimal, decimal.Decimal("12345.67")), (bool, True),
            (bool, False), (str, TEXT), (datetime.date, datetime.date(2024, 2, 29)),
            (datetime.datetime,
             datetime.datetime(2024, 2, 29, 13, 14, 15, 123000 if crate else 123456)),
        ]
        for i, (typ, val) in enumerate(want):
            assert type(row[i]) is typ, f"column {i + 1}: {type(row[i]).__name__}, want {typ.__name__}"
            eq(row[i], val, f"column {i + 1}")
        eq(row[11], None, "NULL column")
        eq(cur.fetchone(), None, "second fetchone")


def description():
    with connect() as conn:
        cur = conn.cursor()
        cur.execute("SELECT 1 AS n, 'x' AS s, CAST(1.25 AS float8) AS f, DATE '2024-01-01' AS d")
        names = [d[0] for d in cur.description]
        eq(names, ["n", "s", "f", "d"], "column names")
        types = [d[1] for d in cur.description]
        eq(types, [int, str, float, datetime.date], "column type codes")


def many_rows():
    with connect() as conn:
        cur = conn.cursor()
        cur.execute("SELECT g, 'r' || g FROM generate_series(1, 5000) AS g ORDER BY g")
        rows = cur.fetchall()
        eq(len(rows), 5000, "row count")
        eq(sum(r[0] for r in rows), 5000 * 5001 // 2, "sum")
        eq(rows[4999][1], "r5000", "last text")


def parameters_and_rowcount():
    table = f"pyodbc_smoke_{os.getpid()}"
    with connect() as conn:
        cur = conn.cursor()
        cur.execute(f"CREATE TABLE {table} (id int, name text, price numeric(8,2))")
        try:
            for i, name in enumerate(["one", TEXT, "it's"], start=1):
                cur.execute(f"INSERT INTO {table} VALUES (?, ?, ?)", i, name,
                            decimal.Decimal("1.10") * i)
                eq(cur.rowcount, 1, "INSERT rowcount")
            refresh(cur, table)
            cur.execute(f"UPDATE {table} SET price = price + 1 WHERE id >= ?", 2)
            eq(cur.rowcount, 2, "UPDATE rowcount")
            refresh(cur, table)
            cur.execute(f"SELECT id, name, price FROM {table} WHERE name = ?", TEXT)
            eq(tuple(cur.fetchall()[0]), (2, TEXT, decimal.Decimal("3.20")), "row by text parameter")
        finally:
            cur.execute(f"DROP TABLE {table}")


def executemany(fast):
    """cursor.executemany: one SQLExecute per row, or (fast_executemany) parameter arrays
    sized by SQLDescribeParam, the path pandas' to_sql and ETL scripts take."""
    def run():
        table = f"pyodbc_many_{os.getpid()}_{int(fast)}"
        rows = [
            (i, None if i % 97 == 0 else f"{TEXT} {i}", decimal.Decimal(i) / 100,
             i * 0.25, datetime.datetime(2024, 1, 1) + datetime.timedelta(seconds=i * 61))
            for i in range(1, 3001)
        ]
        with connect() as conn:
            cur = conn.cursor()
            cur.execute(f"CREATE TABLE {table} (id int PRIMARY KEY, name text,"
                        " price numeric(10,2), f float8, ts timestamp)")
            try:
                cur.fast_executemany = fast
                cur.executemany(f"INSERT INTO {table} VALUES (?, ?, ?, ?, ?)", rows)
                refresh(cur, table)
                cur.execute(f"SELECT id, name, price, f, ts FROM {table} ORDER BY id")
                got = [tuple(r) for r in cur.fetchall()]
                eq(len(got), len(rows), "rows stored")
                bad = [(w, g) for w, g in zip(rows, got) if w != g]
                assert not bad, f"{len(bad)} rows differ, first: {bad[0]}"
            finally:
                cur.execute(f"DROP TABLE {table}")
    return run


def syntax_error():
    with connect() as conn:
        cur = conn.cursor()
        try:
            cur.execute("SELEC 1")
        except pyodbc.Error as e:
            # ODBC 3 SQLSTATE 42000; the server's own 42601 stays in the message
            assert e.args[0] == "42000", f"SQLSTATE {e.args[0]!r}, want '42000': {e}"
            assert "42601" in str(e), f"server code missing from the message: {e}"
        else:
            raise AssertionError("SELEC 1 did not raise")
        # The connection is still usable after the error.
        eq(cur.execute("SELECT 5").fetchval(), 5, "query after the error")


def dbms_name():
    with connect() as conn:
        want = "PostgreSQL" if PROFILE == "pg" else "CrateDB"
        eq(conn.getinfo(pyodbc.SQL_DBMS_NAME), want, "SQL_DBMS_NAME")


def unit_of_work():
    """autocommit=False: commit and rollback succeed, and what the rollback did follows the
    driver's SQL_TXN_CAPABLE: SQL_TC_NONE (CrateDB commits every statement as it runs) keeps
    the rows (pyodbc does not show the rollback's warning: it reads no diagnostics of a call
    that succeeded), a driver with transactions undoes them."""
    table = f"pyodbc_txn_{os.getpid()}"
    with connect() as setup:
        setup.cursor().execute(f"CREATE TABLE {table} (id int PRIMARY KEY, name text)")
    try:
        conn = pyodbc.connect(f"DSN={DSN}", autocommit=False)
        capable = conn.getinfo(pyodbc.SQL_TXN_CAPABLE)
        print(f"    SQL_TXN_CAPABLE = {capable}")
        cur = conn.cursor()
        cur.execute(f"INSERT INTO {table} VALUES (?, ?)", 1, "committed")
        conn.commit()
        cur.execute(f"INSERT INTO {table} VALUES (?, ?)", 2, TEXT)
        conn.rollback()
        refresh(cur, table)
        ids = [r[0] for r in cur.execute(f"SELECT id FROM {table} ORDER BY id").fetchall()]
        eq(ids, [1, 2] if capable == SQL_TC_NONE else [1],
           f"rows after the rollback (SQL_TXN_CAPABLE {capable})")
        conn.commit()
        conn.close()
    finally:
        with connect() as setup:
            setup.cursor().execute(f"DROP TABLE {table}")


def main():
    print(f"pyodbc {pyodbc.version}, DSN {DSN}, profile {PROFILE}")
    check("typed row (ints, floats, decimal, bool, non-ASCII text, date, timestamp, NULL)", typed_row)
    check("cursor.description names and types", description)
    check("5000 rows with fetchall", many_rows)
    check("parameters and rowcount", parameters_and_rowcount)
    check("executemany, one execution per row", executemany(False))
    check("executemany with fast_executemany (parameter arrays)", executemany(True))
    check("syntax error is 42000 (server 42601) and the connection survives", syntax_error)
    check("SQL_DBMS_NAME", dbms_name)
    check("autocommit=False: commit and rollback", unit_of_work)
    print(f"{results['passed']} passed, {results['failed']} failed")
    return 1 if results["failed"] else 0


if __name__ == "__main__":
    sys.exit(main())
