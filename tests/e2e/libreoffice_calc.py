#!/usr/bin/python3
"""libreoffice_calc.py: a query through the driver into a LibreOffice Calc sheet.

What a person does in Calc with Data > Import from a registered data source, done through
UNO in one headless soffice (libreoffice_catalog.Office): a data source for sdbc:odbc:
$ITEST_DSN is stored as an .odb and registered under a name, a query on a test table goes
into a new sheet through the sheet's XImportable.doImport (Calc's own database import: a
RowSet, the column types from the result's metadata), and the document is saved as .ods and
as .csv and exported to PDF, rendered to PNG by pdftoppm for a person to look at. The files
are then read back: content.xml of the .ods (numbers are float cells, booleans boolean cells,
dates and timestamps date cells whose data style is a date style, with hours for the
timestamp, text keeps its non-ASCII letters, NULL is an empty cell, the query is kept as the
sheet's database range) and the .csv text (the cells as shown, in the en-US formats of the
C.UTF-8 locale). Prints "N passed, N failed" and the output directory; exit status 1 when a
check failed (2 when the office does not start).

Output: $CALC_OUT_DIR/<profile>/ (tests/run.sh: BUILD/e2e-calc), else a new temporary
directory; it is kept either way. Needs libreoffice-calc, libreoffice-base (its XML filter
stores the .odb that registering a data source needs), libreoffice-base-drivers,
python3-uno and poppler-utils (pdftoppm).
"""
import csv
import os
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
import zipfile

import uno

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from libreoffice_catalog import Office, data_source, prop, run_ddl  # noqa: E402
from pyodbc_smoke import check, eq, results  # noqa: E402

PROFILE = os.environ.get("ITEST_PROFILE", "pg")
SCHEMA = f"calc_{os.getpid()}"
SOURCE = f"CrateDB_calc_{os.getpid()}"  # the registered data source's name
# Letters every system font has (DejaVu): a person looks at the PNG, and a missing CJK
# font would show boxes there even though the cell is right.
TEXT = "Gr\u00fc\u00dfe aus \u0141\u00f3d\u017a \u2013 5 \u20ac"  # Grüße aus Łódź – 5 €

# CrateDB 6.4 has no date columns (6.5 has), so the date is a cast in the query, of a text
# column: CAST of a timestamp before 1970 gives the next day on CrateDB 6.4.3
# (1969-07-20 20:17:40 becomes 1969-07-21). LO's SQL parser (the import is not native SQL)
# knows CAST; `day` would be a keyword to it.
DDL = [
    f"CREATE SCHEMA {SCHEMA}",
    f"CREATE TABLE {SCHEMA}.items (id integer PRIMARY KEY, name varchar(40),"
    " price double precision, amount numeric(10,2), qty bigint, ok boolean, due text,"
    " seen timestamp)",
    f"INSERT INTO {SCHEMA}.items VALUES (1, '{TEXT}', 1.5, 12345.67, 1234567890123, true,"
    " '2024-02-29', '2024-02-29 13:14:15')",
    f"INSERT INTO {SCHEMA}.items (id) VALUES (2)",
    f"INSERT INTO {SCHEMA}.items VALUES (3, 'plain', -0.25, -0.5, -42, false, '1969-07-20',"
    " '1969-07-20 20:17:40')",
] + ([f"REFRESH TABLE {SCHEMA}.items"] if PROFILE == "cratedb" else [])
QUERY = (f"SELECT id, name, price, amount, qty, ok, CAST(due AS DATE) AS due, seen"
         f" FROM {SCHEMA}.items ORDER BY id")
HEADER = ["id", "name", "price", "amount", "qty", "ok", "due", "seen"]

# The sheet as content.xml must hold it: (value type, value) per cell, None for an empty
# one; dates as their office:date-value.
ODS_ROWS = [
    [("string", h) for h in HEADER],
    [("float", "1"), ("string", TEXT), ("float", "1.5"), ("float", "12345.67"),
     ("float", "1234567890123"), ("boolean", "true"), ("date", "2024-02-29"),
     ("date", "2024-02-29T13:14:15")],
    [("float", "2")] + [None] * 7,
    [("float", "3"), ("string", "plain"), ("float", "-0.25"), ("float", "-0.5"),
     ("float", "-42"), ("boolean", "false"), ("date", "1969-07-20"),
     ("date", "1969-07-20T20:17:40")],
]
# The .csv: each cell as Calc shows it (en-US: MM/DD/YY, and hours with AM/PM)
CSV_ROWS = [
    HEADER,
    ["1", TEXT, "1.5", "12345.67", "1234567890123", "TRUE", "02/29/24", "02/29/24 01:14 PM"],
    ["2", "", "", "", "", "", "", ""],
    ["3", "plain", "-0.25", "-0.5", "-42", "FALSE", "07/20/69", "07/20/69 08:17 PM"],
]
CSV_FILTER = "Text - txt - csv (StarCalc)"
# separator ',', quote '"', UTF-8 (76), from line 1, ..., save cell contents as shown
CSV_OPTIONS = "44,34,76,1,,0,false,true,true"

NS = {
    "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
    "table": "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
    "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
    "number": "urn:oasis:names:tc:opendocument:xmlns:datastyle:1.0",
    "style": "urn:oasis:names:tc:opendocument:xmlns:style:1.0",
}


def q(name):
    """'table:table-cell' -> ElementTree's '{uri}table-cell'."""
    prefix, local = name.split(":")
    return f"{{{NS[prefix]}}}{local}"


def out_dir():
    base = os.environ.get("CALC_OUT_DIR")
    if not base:
        return tempfile.mkdtemp(prefix="calc-e2e-")
    path = os.path.join(base, PROFILE)
    os.makedirs(path, exist_ok=True)
    for name in os.listdir(path):  # what an earlier run left
        os.remove(os.path.join(path, name))
    return path


def url(path):
    return uno.systemPathToFileUrl(path)


def register(office, ds, odb):
    """Base's "register the database": the data source stored as an .odb, named in the
    office's (private) registry, so Calc's import can find it by name."""
    ds.DatabaseDocument.storeAsURL(url(odb), ())
    office.service("com.sun.star.sdb.DatabaseContext").registerObject(SOURCE, ds)


def why_empty(office):
    """The import reports no error through UNO (Calc would show a dialog): run the same
    query through a RowSet on the registered name to say why the sheet stayed empty."""
    rs = office.service("com.sun.star.sdb.RowSet")
    try:
        rs.DataSourceName = SOURCE
        rs.CommandType = 2  # css.sdb.CommandType.COMMAND
        rs.Command = QUERY
        rs.execute()
        return "the same query through a RowSet works"
    except Exception as e:  # noqa: BLE001
        return f"{type(e).__name__}: {getattr(e, 'Message', e)}"
    finally:
        rs.dispose()


def import_query(office, doc):
    """Data > Import into A1: the query's result with a header row of column labels."""
    sheet = doc.Sheets.getByIndex(0)
    target = sheet.getCellRangeByName("A1")
    mode = uno.Enum("com.sun.star.sheet.DataImportMode", "SQL")
    target.doImport((prop("DatabaseName", SOURCE), prop("SourceType", mode),
                     prop("SourceObject", QUERY), prop("IsNative", False)))
    got = sheet.getCellByPosition(0, 0).getString()
    assert got == "id", (f"the import left A1 {got!r} [profile {PROFILE}]:"
                         f" {why_empty(office)}")
    used = sheet.createCursor()
    used.gotoEndOfUsedArea(False)
    eq((used.RangeAddress.EndColumn + 1, used.RangeAddress.EndRow + 1), (8, 4),
       f"columns and rows of the imported range [profile {PROFILE}]")


def save(doc, out):
    """The .ods, the .csv, and a PNG of the printed sheet (PDF, then pdftoppm: the PNG
    export filter needs libreoffice-draw)."""
    sheet = doc.Sheets.getByIndex(0)
    sheet.getColumns().OptimalWidth = True
    page = doc.StyleFamilies.getByName("PageStyles").getByName(sheet.PageStyle)
    page.PrintGrid = True
    page.PrintHeaders = True  # column letters and row numbers, as on screen
    page.HeaderIsOn = False
    page.FooterIsOn = False
    if not page.IsLandscape:  # eight columns fit across a landscape page
        width, height = page.Width, page.Height
        page.IsLandscape = True
        page.Width, page.Height = height, width
    paths = {ext: os.path.join(out, f"query.{ext}") for ext in ("ods", "csv", "pdf", "png")}
    doc.storeToURL(url(paths["ods"]), (prop("FilterName", "calc8"),))
    doc.storeToURL(url(paths["csv"]), (prop("FilterName", CSV_FILTER),
                                       prop("FilterOptions", CSV_OPTIONS)))
    doc.storeToURL(url(paths["pdf"]), (prop("FilterName", "calc_pdf_Export"),))
    # the first page's top, where the four rows are (96 dpi: 300 pixels are 8 cm)
    subprocess.run(["pdftoppm", "-png", "-r", "96", "-f", "1", "-l", "1", "-singlefile",
                    "-x", "0", "-y", "0", "-W", "1200", "-H", "300", paths["pdf"],
                    paths["png"][:-4]], check=True)
    return paths


def ods_cells(content):
    """content.xml's first table as rows of (value type, value, data style) or None per
    cell, repeated cells expanded, trailing empty cells and rows left out."""
    rows = []
    table = content.find(f".//{q('table:table')}")
    for row in table.iter(q("table:table-row")):
        cells = []
        for cell in row.iter(q("table:table-cell")):
            typ = cell.get(q("office:value-type"))
            if typ is None:
                value = None
            else:
                value = {"float": cell.get(q("office:value")),
                         "date": cell.get(q("office:date-value")),
                         "boolean": cell.get(q("office:boolean-value")),
                         "string": "".join(cell.find(q("text:p")).itertext())}[typ]
            entry = None if typ is None else (typ, value, cell.get(q("table:style-name")))
            cells += [entry] * int(cell.get(q("table:number-columns-repeated"), "1"))
        while cells and cells[-1] is None:
            cells.pop()
        rows.append(cells)
    while rows and not rows[-1]:
        rows.pop()
    return rows


def date_style(content, cell_style):
    """The number:date-style a cell style formats with: its parts in order, e.g.
    ['month', 'day', 'year'], or None when the cell's format is not a date format."""
    styles = content.find(q("office:automatic-styles"))
    data_style = None
    for s in styles.iter(q("style:style")):
        if s.get(q("style:name")) == cell_style:
            data_style = s.get(q("style:data-style-name"))
    for d in styles.iter(q("number:date-style")):
        if data_style and d.get(q("style:name")) == data_style:
            return [e.tag.split("}")[1] for e in d if e.tag != q("number:text")]
    return None


def check_ods(path):
    with zipfile.ZipFile(path) as z:
        content = ET.fromstring(z.read("content.xml"))
    got = ods_cells(content)
    eq([[c and c[:2] for c in row] + [None] * (8 - len(row)) for row in got], ODS_ROWS,
       f"cells of {path} (value type, value) [profile {PROFILE}]")
    for row in (1, 3):
        for col, want in ((6, ["month", "day", "year"]),
                          (7, ["month", "day", "year", "hours", "minutes", "am-pm"])):
            eq(date_style(content, got[row][col][2]), want,
               f"the date style of {HEADER[col]} in row {row + 1} [profile {PROFILE}]")
    src = content.find(f".//{q('table:database-source-sql')}")
    assert src is not None, f"no database range with the query in {path} [profile {PROFILE}]"
    eq((src.get(q("table:database-name")), src.get(q("table:sql-statement"))),
       (SOURCE, QUERY), "the sheet's database range (data source, query)")


def check_csv(path):
    with open(path, newline="", encoding="utf-8") as f:
        eq(list(csv.reader(f)), CSV_ROWS, f"rows of {path} [profile {PROFILE}]")


def check_png(path):
    with open(path, "rb") as f:
        eq(f.read(8), b"\x89PNG\r\n\x1a\n", f"PNG signature of {path}")
    print(f"    the sheet as a picture: {path}")


def main():
    os.environ["LC_ALL"] = "C.UTF-8"  # the office's locale: en-US formats for the .csv
    out = out_dir()
    t0 = time.monotonic()
    try:
        office = Office()
    except Exception as e:  # noqa: BLE001
        print(f"FAIL: {e}")
        return 2
    print(f"soffice up in {time.monotonic() - t0:.1f} s; output in {out}")
    try:
        ds = data_source(office)
        register(office, ds, os.path.join(out, "cratedb.odb"))
        run_ddl(ds, DDL[:1])
        try:   # the schema goes even when a later statement fails
            run_ddl(ds, DDL[1:])
            doc = office.service("com.sun.star.frame.Desktop").loadComponentFromURL(
                "private:factory/scalc", "_blank", 0, (prop("Hidden", True),))
            try:
                check("Data > Import: the query into a sheet", lambda: import_query(office, doc))
                paths = save(doc, out)
            finally:
                doc.close(True)
        finally:
            run_ddl(ds, [f"DROP SCHEMA {SCHEMA} CASCADE"])
        check("the .ods: numbers, booleans, dates with date styles, text, NULL as empty",
              lambda: check_ods(paths["ods"]))
        check("the .csv: the cells as shown", lambda: check_csv(paths["csv"]))
        check("the sheet rendered to PNG", lambda: check_png(paths["png"]))
    except Exception as e:  # noqa: BLE001 - e.g. the connection itself failed
        results["failed"] += 1
        print(f"FAIL: {type(e).__name__}: {getattr(e, 'Message', e)}")
    finally:
        office.close()
    print(f"elapsed {time.monotonic() - t0:.1f} s")
    print(f"{results['passed']} passed, {results['failed']} failed")
    return 1 if results["failed"] else 0


if __name__ == "__main__":
    sys.exit(main())
