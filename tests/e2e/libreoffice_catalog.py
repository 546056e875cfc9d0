#!/usr/bin/python3
"""libreoffice_catalog.py: the driver as LibreOffice Base sees it (Debian's LibreOffice).

Starts a headless soffice (private profile, UNO on a named pipe) and goes through
LibreOffice's own data access layer the way Base's table browser does: a data source from
com.sun.star.sdb.DatabaseContext with the URL sdbc:odbc:$ITEST_DSN, then its connection's
XTablesSupplier (tables and their columns, types, primary keys, indexes), XViewsSupplier,
statements, a prepared statement and a com.sun.star.sdb.RowSet on a table (Base's data
view), read and then edited as in Base's grid (update, insert, delete). The DDL of the
test schema goes through LibreOffice too. Prints "N passed, N failed";
exit status 1 when a check failed (2 when the office does not start).

Needs libreoffice-base-core, libreoffice-base-drivers (the sdbc:odbc: driver) and
python3-uno; tests/run.sh exports the private ODBCSYSINI/ODBCINI that soffice inherits.
"""
import os
import shutil
import subprocess
import sys
import tempfile
import time

import uno
from com.sun.star.beans import PropertyValue
from com.sun.star.connection import NoConnectException

# check(), eq() and the pass/fail counts are pyodbc_smoke.py's (same directory).
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from pyodbc_smoke import check, eq, results  # noqa: E402

DSN = os.environ.get("ITEST_DSN", "crate_pw")
# The crate profile is PostgreSQL behind the proxy: PostgreSQL's DDL and information_schema.
DIALECT = "cratedb" if os.environ.get("ITEST_PROFILE") == "cratedb" else "pg"
SOFFICE = os.environ.get("SOFFICE", "/usr/lib/libreoffice/program/soffice")
SCHEMA = f"locat_{os.getpid()}"
TEXT = "Gr\u00fc\u00dfe"  # Grüße: the data source's CharSet is UTF-8, as set in Base

# css.sdbc.DataType, css.sdbc.ColumnValue, css.sdbcx.KeyType, css.sdb.CommandType
INTEGER, VARCHAR, DOUBLE, TIMESTAMP, BIT = 4, 12, 8, 93, -7
NO_NULLS, NULLABLE = 0, 1
PRIMARY = 1
TABLE_COMMAND = 0

# The test schema in each server's DDL: the document column is json on PostgreSQL and an
# object with a sub-column on CrateDB; CrateDB shows rows to a SELECT after REFRESH TABLE.
DOC_TYPE = {"pg": "json", "cratedb": "object(strict) AS (k integer)"}[DIALECT]
TEXT_ARRAY = {"pg": "text[]", "cratedb": "array(text)"}[DIALECT]
# the document as each server returns it: json keeps the text inserted, CrateDB writes the
# object out as compact JSON
DOC_TEXT = {"pg": '{"k": 1}', "cratedb": '{"k":1}'}[DIALECT]
DDL = [
    f"CREATE SCHEMA {SCHEMA}",
    f"CREATE TABLE {SCHEMA}.items (id integer PRIMARY KEY, name varchar(40),"
    f" price double precision, seen timestamp with time zone, ok boolean, attrs {DOC_TYPE},"
    f" tags {TEXT_ARRAY})",
    f"CREATE TABLE {SCHEMA}.nokey (x integer)",
    f"CREATE TABLE {SCHEMA}.edits (id integer PRIMARY KEY, name varchar(40))",
    f"INSERT INTO {SCHEMA}.edits VALUES (1, 'one'), (2, 'two')",
    f"CREATE VIEW {SCHEMA}.items_v AS SELECT id, name FROM {SCHEMA}.items",
    f"INSERT INTO {SCHEMA}.items VALUES (1, '{TEXT}', 1.5, '2024-01-02 03:04:05+00', true,"
    " '{\"k\": 1}', ARRAY['x', 'y'])",
    f"INSERT INTO {SCHEMA}.items (id) VALUES (2)",
] + ([f"REFRESH TABLE {SCHEMA}.items", f"REFRESH TABLE {SCHEMA}.edits"] if DIALECT == "cratedb" else [])

# (name, DataType, TypeName, Precision, IsNullable) as LibreOffice reports each column of
# the table (SQLColumns): each server's type names; unbounded text has the size of a result
# column of it (TextSize, 65535); CrateDB's timestamps have 3 fractional digits (23), and its
# object's sub-column is a column of the table too.
TABLE_COLUMNS = {
    "pg": [
        ("id", INTEGER, "integer", 10, NO_NULLS),
        ("name", VARCHAR, "character varying", 40, NULLABLE),
        ("price", DOUBLE, "double precision", 53, NULLABLE),
        # 23: where the driver sees CrateDB (the crate profile too), its milliseconds
        ("seen", TIMESTAMP, "timestamp with time zone",
         23 if os.environ.get("ITEST_PROFILE") == "crate" else 26, NULLABLE),
        ("ok", BIT, "boolean", 1, NULLABLE),
        ("attrs", VARCHAR, "json", 65535, NULLABLE),
        ("tags", VARCHAR, "_text", 65535, NULLABLE),
    ],
    "cratedb": [
        ("id", INTEGER, "integer", 10, NO_NULLS),
        ("name", VARCHAR, "text", 40, NULLABLE),
        ("price", DOUBLE, "double precision", 53, NULLABLE),
        ("seen", TIMESTAMP, "timestamp with time zone", 23, NULLABLE),
        ("ok", BIT, "boolean", 1, NULLABLE),
        ("attrs", VARCHAR, "object", 65535, NULLABLE),
        ("attrs['k']", INTEGER, "integer", 10, NULLABLE),
        ("tags", VARCHAR, "text_array", 65535, NULLABLE),
    ],
}[DIALECT]
# The columns of SELECT * (top-level columns only) with their css.sdbc.DataType.
ITEMS_COLUMNS = [("id", INTEGER), ("name", VARCHAR), ("price", DOUBLE), ("seen", TIMESTAMP),
                 ("ok", BIT), ("attrs", VARCHAR), ("tags", VARCHAR)]


def prop(name, value):
    p = PropertyValue()
    p.Name = name
    p.Value = value
    return p


class Office:
    """A headless soffice with a private profile; ctx is its remote component context."""

    def __init__(self):
        self.dir = tempfile.mkdtemp(prefix="lo-e2e-")
        pipe = f"cratedb_odbc_{os.getpid()}"
        self.log = open(os.path.join(self.dir, "soffice.log"), "wb")
        self.proc = subprocess.Popen(
            [SOFFICE, "--headless", "--invisible", "--nologo", "--norestore", "--nodefault",
             "--nolockcheck", f"-env:UserInstallation=file://{self.dir}/profile",
             f"--accept=pipe,name={pipe};urp;"],
            stdout=subprocess.DEVNULL, stderr=self.log)
        local = uno.getComponentContext()
        resolver = local.ServiceManager.createInstanceWithContext(
            "com.sun.star.bridge.UnoUrlResolver", local)
        deadline = time.monotonic() + 60
        while True:
            try:
                self.ctx = resolver.resolve(
                    f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
                break
            except NoConnectException:
                if self.proc.poll() is not None or time.monotonic() > deadline:
                    self.close()
                    raise RuntimeError(f"soffice did not start (exit {self.proc.poll()})")
                time.sleep(0.2)

    def report_death(self):
        """After a failure: whether soffice is gone (a signal: a crash, perhaps in the
        driver it loaded) and what it printed."""
        rc = self.proc.poll()
        if rc is None:
            return
        print(f"soffice is gone: exit status {rc}" +
              (f" (signal {-rc})" if rc < 0 else ""))
        try:
            with open(os.path.join(self.dir, "soffice.log"), "rb") as f:
                for line in f.read().decode(errors="replace").splitlines()[-30:]:
                    print(f"    | {line}")
        except OSError:
            pass

    def service(self, name):
        return self.ctx.ServiceManager.createInstanceWithContext(name, self.ctx)

    def close(self):
        try:
            if getattr(self, "ctx", None):
                self.service("com.sun.star.frame.Desktop").terminate()
        except Exception:  # noqa: BLE001 - the bridge drops while the office exits
            pass
        try:
            self.proc.wait(30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self.log.close()
        shutil.rmtree(self.dir, ignore_errors=True)


def data_source(office):
    """A data source as Base's "Connect to an existing database: ODBC" makes it."""
    ds = office.service("com.sun.star.sdb.DatabaseContext").createInstance()
    ds.URL = f"sdbc:odbc:{DSN}"
    ds.Info = (prop("CharSet", "UTF-8"),)
    return ds


def element(container, name):
    assert container.hasByName(name), f"{name} not in {container.getElementNames()}"
    return container.getByName(name)


def tables(con):
    names = [n for n in con.getTables().getElementNames() if n.startswith(SCHEMA + ".")]
    eq(sorted(names), [f"{SCHEMA}.edits", f"{SCHEMA}.items", f"{SCHEMA}.items_v",
                       f"{SCHEMA}.nokey"],
       "getTables() names")
    for name, type_ in (("items", "TABLE"), ("nokey", "TABLE"), ("items_v", "VIEW")):
        t = element(con.getTables(), f"{SCHEMA}.{name}")
        eq((t.SchemaName, t.Name, t.Type), (SCHEMA, name, type_), f"table {name}")


def columns(con):
    cols = element(con.getTables(), f"{SCHEMA}.items").getColumns()
    eq(list(cols.getElementNames()), [c[0] for c in TABLE_COLUMNS], "items column names")
    got = []
    for name in cols.getElementNames():
        c = cols.getByName(name)
        got.append((c.Name, c.Type, c.TypeName, c.Precision, c.IsNullable))
    eq(got, TABLE_COLUMNS, "items columns")
    view_cols = element(con.getTables(), f"{SCHEMA}.items_v").getColumns()
    eq(list(view_cols.getElementNames()), ["id", "name"], "items_v column names")


def keys(con):
    items = element(con.getTables(), f"{SCHEMA}.items")
    ks = items.getKeys()
    got = [(k.Name, k.Type, list(k.getColumns().getElementNames()))
           for k in (ks.getByIndex(i) for i in range(ks.getCount()))]
    eq(got, [("items_pkey", PRIMARY, ["id"])], "items keys")
    eq(list(items.getIndexes().getElementNames()), ["items_pkey"], "items indexes")
    nokey = element(con.getTables(), f"{SCHEMA}.nokey").getKeys()
    eq(nokey.getCount() if nokey else 0, 0, "nokey keys")


def views(con):
    names = [n for n in con.getViews().getElementNames() if n.startswith(SCHEMA + ".")]
    eq(names, [f"{SCHEMA}.items_v"], "getViews()")


def query(con):
    st = con.createStatement()
    rs = st.executeQuery(
        f"SELECT id, name, price, seen, ok, attrs, tags FROM {SCHEMA}.items ORDER BY id")
    try:
        query_rows(rs)
    finally:
        close_all(rs, st)


def close_all(*objects):
    """Closes result sets and statements before their connection closes, as Base does.
    Left to Python, their last release is a one-way UNO call that soffice runs on a thread
    of its own, and it may run while con.close() disconnects on another: the result set
    then disposes itself with SQLCloseCursor on a connection whose driver function table
    unixODBC's SQLDisconnect has just freed. soffice died so twice (CI, crate profile; a
    full run, cratedb profile): SIGSEGV in libodbc's SQLCloseCursor reading that table,
    called from LibreOffice's OResultSet::disposing; the driver is not in the stack. The
    race is rare: a release sent just before con.close() passed 200 rounds here."""
    for o in objects:
        o.close()


def query_rows(rs):
    md = rs.getMetaData()
    eq([(md.getColumnName(i), md.getColumnType(i)) for i in range(1, 8)], ITEMS_COLUMNS,
       "result set metadata")
    assert rs.next(), "no first row"
    eq(rs.getRow(), 1, "getRow() on the first row")
    ts = rs.getTimestamp(4)
    eq((rs.getInt(1), rs.getString(2), rs.getDouble(3),
        (ts.Year, ts.Month, ts.Day, ts.Hours, ts.Minutes, ts.Seconds), rs.getBoolean(5),
        rs.getString(6), rs.getString(7)),
       (1, TEXT, 1.5, (2024, 1, 2, 3, 4, 5), True, DOC_TEXT, '["x","y"]'), "row 1")
    assert rs.next(), "no second row"
    eq(rs.getInt(1), 2, "row 2 id")
    rs.getString(2)
    eq(rs.wasNull(), True, "row 2 name is NULL")
    eq(rs.next(), False, "two rows")


def prepared(con):
    ps = con.prepareStatement(f"SELECT name FROM {SCHEMA}.items WHERE id = ?")
    ps.setInt(1, 1)
    rs = ps.executeQuery()
    try:
        assert rs.next(), "no row"
        eq(rs.getString(1), TEXT, "prepared statement")
    finally:
        close_all(rs, ps)


def row_set(office, ds):
    """Base's data view of a table: a RowSet with CommandType TABLE."""
    con = ds.getConnection("", "")
    rs = office.service("com.sun.star.sdb.RowSet")
    rs.DataSourceName = ""
    rs.ActiveConnection = con
    try:
        rs.CommandType = TABLE_COMMAND
        rs.Command = f"{SCHEMA}.items"
        rs.execute()
        eq(list(rs.getColumns().getElementNames()), [c[0] for c in ITEMS_COLUMNS],
           "RowSet columns")
        ids = []
        while rs.next():
            ids.append(rs.getInt(1))
        eq(ids, [1, 2], "RowSet rows")
    finally:
        rs.dispose()   # the RowSet's cursor goes before its connection
        con.close()


def row_set_edit(office, ds):
    """Base's data view edited as a person does it in the grid: change a cell, add a row,
    delete a row, through the RowSet (LibreOffice writes them back by the primary key)."""
    con = ds.getConnection("", "")
    rs = office.service("com.sun.star.sdb.RowSet")
    rs.ActiveConnection = con
    try:
        rs.CommandType = TABLE_COMMAND
        rs.Command = f"{SCHEMA}.edits"
        rs.execute()
        assert rs.first(), "no first row"
        eq(rs.getInt(1), 1, "first row id")
        rs.updateString(2, TEXT)
        rs.updateRow()
        rs.moveToInsertRow()
        rs.updateInt(1, 3)
        rs.updateString(2, "added")
        rs.insertRow()
        assert rs.absolute(2), "no second row"
        eq(rs.getInt(1), 2, "second row id")
        rs.deleteRow()
        st = con.createStatement()
        try:
            if DIALECT == "cratedb":
                st.executeUpdate(f"REFRESH TABLE {SCHEMA}.edits")
            r = st.executeQuery(f"SELECT id, name FROM {SCHEMA}.edits ORDER BY id")
            try:
                got = []
                while r.next():
                    got.append((r.getInt(1), r.getString(2)))
            finally:
                r.close()
        finally:
            st.close()
        eq(got, [(1, TEXT), (3, "added")], "edits table after the RowSet's update, insert "
           "and delete")
    finally:
        rs.dispose()   # the RowSet's cursor goes before its connection
        con.close()


def run_ddl(ds, statements):
    con = ds.getConnection("", "")
    try:
        st = con.createStatement()
        try:
            for sql in statements:
                st.executeUpdate(sql)
        finally:
            st.close()
    finally:
        con.close()


def main():
    t0 = time.monotonic()
    try:
        office = Office()
    except Exception as e:  # noqa: BLE001
        print(f"FAIL: {e}")
        return 2
    print(f"soffice up in {time.monotonic() - t0:.1f} s")
    try:
        ds = data_source(office)
        run_ddl(ds, DDL[:1])
        try:   # the schema goes even when a later statement fails
            run_ddl(ds, DDL[1:])
            # A fresh connection, as Base opens one: its table container is read at connect.
            con = ds.getConnection("", "")
            try:
                check("XTablesSupplier.getTables()", lambda: tables(con))
                check("columns and their types", lambda: columns(con))
                check("XKeysSupplier / XIndexesSupplier", lambda: keys(con))
                check("XViewsSupplier.getViews()", lambda: views(con))
                check("Statement.executeQuery()", lambda: query(con))
                check("PreparedStatement", lambda: prepared(con))
            finally:
                con.close()
            check("RowSet on a table (Base's data view)", lambda: row_set(office, ds))
            check("RowSet edits: update, insert, delete (Base's grid)",
                  lambda: row_set_edit(office, ds))
        finally:
            run_ddl(ds, [f"DROP SCHEMA {SCHEMA} CASCADE"])
    except Exception as e:  # noqa: BLE001 - e.g. the connection itself failed
        results["failed"] += 1
        print(f"FAIL: {type(e).__name__}: {getattr(e, 'Message', e)}")
    finally:
        if results["failed"]:
            office.report_death()
        office.close()
    print(f"elapsed {time.monotonic() - t0:.1f} s")
    print(f"{results['passed']} passed, {results['failed']} failed")
    return 1 if results["failed"] else 0


if __name__ == "__main__":
    sys.exit(main())
