#!/usr/bin/Rscript
# r_rodbc.R: end-to-end check of the driver through R's RODBC (Debian's r-cran-rodbc), as an
# R session uses it.
#
#   values and types   a typed row read by sqlQuery: integer, numeric, double, logical
#                      (boolean), non-ASCII character, NA, Date and POSIXct columns
#   parameters         RODBC binds parameters in sqlSave(fast = TRUE) and sqlUpdate(fast =
#                      TRUE): a data frame with text columns (non-ASCII, NA), numbers and
#                      NA is appended to an existing table and read back equal by sqlFetch
#                      and sqlQuery, then updated by its key; also on a connection with
#                      TextSize=2147483647, where SQLColumns' COLUMN_SIZE for text made
#                      RODBC's buffer size (size + 1) overflow an int (issue 14); and
#                      sqlSave without append, creating the table itself
#   catalog            sqlTables, sqlColumns, sqlPrimaryKeys
#   transactions       odbcSetAutoCommit(FALSE), odbcEndTran commit and rollback: RODBC
#                      hands back the driver's return code, which must be SQL_SUCCESS for
#                      the switch and the commit, and success (with or without a warning)
#                      for the rollback; the committed row is there
#
# Connects with the DSN in $ITEST_DSN (default crate_pw; tests/run.sh exports the private
# ODBCSYSINI/ODBCINI of tests/rig/odbc.sh); $ITEST_PROFILE (pg, crate, cratedb) says which
# server it is. Prints "ok: ..." or "FAIL: ..." with what was expected and what came, then
# "N passed, N failed"; exit status 1 when a check failed.
suppressPackageStartupMessages(library(RODBC))

DSN <- Sys.getenv("ITEST_DSN", "crate_pw")
PROFILE <- Sys.getenv("ITEST_PROFILE", "pg")
CRATEDB <- PROFILE == "cratedb"   # the real server (REFRESH TABLE, no numeric scale)
TEXT <- "h\u00e9llo \u00fc \u4e2d\u6587 \U0001F600"
TABLE <- paste0("r_rodbc_", Sys.getpid())
counts <- c(passed = 0L, failed = 0L)

check <- function(name, fn) {
  err <- tryCatch({ fn(); NULL }, error = function(e) conditionMessage(e))
  if (is.null(err)) {
    counts[["passed"]] <<- counts[["passed"]] + 1L
    cat("ok: ", name, "\n", sep = "")
  } else {
    counts[["failed"]] <<- counts[["failed"]] + 1L
    cat("FAIL: [R RODBC, profile ", PROFILE, "] ", name, "\n", sep = "")
    cat(paste0("    | ", strsplit(err, "\n")[[1]]), sep = "\n")
  }
}

show <- function(x) paste(capture.output(dput(x)), collapse = "\n    ")

eq <- function(got, want, what) {
  if (!identical(got, want))
    stop(what, ":\n  expected ", show(want), "\n  got      ", show(got), call. = FALSE)
}

# sqlQuery returns an error message vector instead of a data frame when a statement fails
query <- function(ch, sql, ...) {
  r <- sqlQuery(ch, sql, errors = TRUE, ...)
  if (is.character(r) && !is.data.frame(r) && length(r) > 0)
    stop("sqlQuery(\"", sql, "\") failed: ", paste(r, collapse = " "), call. = FALSE)
  r
}

connect <- function(extra = "") {
  ch <- odbcDriverConnect(paste0("DSN=", DSN, extra))
  if (!inherits(ch, "RODBC")) stop("odbcDriverConnect(DSN=", DSN, extra, ") failed", call. = FALSE)
  ch
}

# A real CrateDB shows rows to a SELECT other than by primary key only after REFRESH TABLE.
refresh <- function(ch, table) if (CRATEDB) query(ch, paste("REFRESH TABLE", table))

typed_row <- function() {
  ch <- connect()
  on.exit(odbcClose(ch))
  r <- query(ch, paste(
    "SELECT CAST(-32768 AS smallint) AS si, CAST(2147483647 AS integer) AS i,",
    "CAST(12345.67 AS numeric(10,2)) AS n, CAST(-2.25 AS double precision) AS d,",
    paste0("true AS t, false AS f, CAST('", TEXT, "' AS text) AS s,"), "DATE '2024-02-29' AS dt,",
    "TIMESTAMP '2024-02-29 13:14:15' AS ts, CAST(NULL AS integer) AS z"), stringsAsFactors = FALSE)
  eq(nrow(r), 1L, "rows")
  eq(lapply(r, function(col) class(col)[1]),
     list(si = "integer", i = "integer", n = "numeric", d = "numeric", t = "integer",
          f = "integer", s = "character", dt = "Date", ts = "POSIXct", z = "integer"),
     "column classes")
  eq(list(r$si, r$i, r$n, r$d, r$t, r$f, enc2utf8(r$s), format(r$dt), format(r$ts), r$z),
     list(-32768L, 2147483647L, 12345.67, -2.25, 1L, 0L, TEXT, "2024-02-29",
          "2024-02-29 13:14:15", NA_integer_),
     "values")
  # a bigint no double holds exactly, as text
  big <- query(ch, "SELECT -9223372036854775807 - 1 AS b", as.is = TRUE)
  eq(big$b, "-9223372036854775808", "bigint read as.is")
}

FRAME <- data.frame(id = 1:4, name = c("one", TEXT, NA, "it's"),
                    score = c(1.5, NA, -2.25, 1e10), stringsAsFactors = FALSE)

# read_back CH TABLE: the table's rows as a data frame like FRAME
read_back <- function(ch, table) {
  refresh(ch, table)
  got <- query(ch, paste("SELECT id, name, score FROM", table, "ORDER BY id"),
               stringsAsFactors = FALSE)
  got$name <- enc2utf8(got$name)
  got
}

# sqlSave(append = TRUE, fast = TRUE) of frame into an existing table, then (update) a
# sqlUpdate; extra: connection options
save_append <- function(extra, frame = FRAME, update = TRUE) function() {
  ch <- connect(extra)
  on.exit(odbcClose(ch))
  table <- paste0(TABLE, "_app")
  query(ch, paste("CREATE TABLE", table, "(id integer PRIMARY KEY, name text, score double precision)"))
  on.exit(sqlQuery(ch, paste("DROP TABLE", table)), add = TRUE, after = FALSE)
  size <- sqlColumns(ch, table)$COLUMN_SIZE[2]
  r <- tryCatch(sqlSave(ch, frame, table, append = TRUE, fast = TRUE, rownames = FALSE),
                error = function(e) stop("sqlSave failed: ", conditionMessage(e), "\n(SQLColumns' ",
                                         "COLUMN_SIZE of the text column is ", size, ")", call. = FALSE))
  eq(r, 1L, "sqlSave's result")
  eq(read_back(ch, table), frame, "rows read back by sqlQuery")
  fetched <- sqlFetch(ch, table, stringsAsFactors = FALSE)
  fetched <- fetched[order(fetched$id), ]
  rownames(fetched) <- NULL
  fetched$name <- enc2utf8(fetched$name)
  eq(fetched, frame, "rows read back by sqlFetch")
  if (!update) return(invisible())
  # sqlUpdate binds the new values and the key as parameters
  upd <- data.frame(id = c(2L, 3L), name = c(NA, paste(TEXT, "3")), score = c(7.25, NA),
                    stringsAsFactors = FALSE)
  eq(sqlUpdate(ch, upd, table, index = "id", fast = TRUE), 1L, "sqlUpdate's result")
  want <- FRAME
  want[2:3, ] <- upd
  eq(read_back(ch, table), want, "rows after sqlUpdate")
}

# sqlSave without append: RODBC creates the table from sqlTypeInfo's types
save_create <- function() {
  ch <- connect()
  on.exit(odbcClose(ch))
  table <- paste0(TABLE, "_new")
  on.exit(sqlQuery(ch, paste("DROP TABLE", table)), add = TRUE, after = FALSE)
  eq(sqlSave(ch, FRAME, table, fast = TRUE, rownames = FALSE), 1L, "sqlSave's result")
  eq(read_back(ch, table), FRAME, "rows read back")
}

catalog <- function() {
  ch <- connect()
  on.exit(odbcClose(ch))
  query(ch, paste("CREATE TABLE", TABLE,
                  "(id integer PRIMARY KEY, name text, price numeric(8,2), ts timestamp)"))
  t <- sqlTables(ch, tableName = TABLE, tableType = "TABLE")
  eq(nrow(t), 1L, "sqlTables rows")
  eq(c(t$TABLE_NAME, t$TABLE_TYPE), c(TABLE, "TABLE"), "TABLE_NAME, TABLE_TYPE")
  schema <- t$TABLE_SCHEM
  eq(schema, if (CRATEDB) "doc" else "public", "TABLE_SCHEM")
  cols <- sqlColumns(ch, TABLE, schema = schema)
  eq(as.list(cols[, c("COLUMN_NAME", "DATA_TYPE", "COLUMN_SIZE", "NULLABLE", "ORDINAL_POSITION")]),
     list(COLUMN_NAME = c("id", "name", "price", "ts"), DATA_TYPE = c(4L, 12L, 2L, 93L),
          COLUMN_SIZE = c(10L, cols$COLUMN_SIZE[2], 8L, cols$COLUMN_SIZE[4]),
          NULLABLE = c(0L, 1L, 1L, 1L), ORDINAL_POSITION = 1:4),
     "sqlColumns: COLUMN_NAME, DATA_TYPE, COLUMN_SIZE, NULLABLE, ORDINAL_POSITION")
  # CrateDB's information_schema has no numeric scale
  eq(cols$DECIMAL_DIGITS[3], if (CRATEDB) NA_integer_ else 2L, "DECIMAL_DIGITS of numeric(8,2)")
  # RODBC sizes its buffers from this: one more must still be an int
  if (is.na(cols$COLUMN_SIZE[2]) || cols$COLUMN_SIZE[2] <= 0 || cols$COLUMN_SIZE[2] >= .Machine$integer.max)
    stop("COLUMN_SIZE of text is ", cols$COLUMN_SIZE[2], call. = FALSE)
  pk <- sqlPrimaryKeys(ch, TABLE, schema = schema)
  eq(list(pk$COLUMN_NAME, pk$KEY_SEQ), list("id", 1L), "sqlPrimaryKeys: COLUMN_NAME, KEY_SEQ")
}

transactions <- function() {
  ch <- connect()
  on.exit(odbcClose(ch))
  # RODBC returns the driver's SQLRETURN: 0 SQL_SUCCESS, 1 SQL_SUCCESS_WITH_INFO, -1 SQL_ERROR
  eq(odbcSetAutoCommit(ch, FALSE), 0L, "odbcSetAutoCommit(ch, FALSE)")
  query(ch, paste0("INSERT INTO ", TABLE, " (id, name) VALUES (100, 'committed')"))
  eq(odbcEndTran(ch, commit = TRUE), 0L, "odbcEndTran(ch, commit = TRUE)")
  query(ch, paste0("INSERT INTO ", TABLE, " (id, name) VALUES (101, 'rolled back')"))
  rc <- odbcEndTran(ch, commit = FALSE)
  cat("    odbcEndTran(ch, commit = FALSE) returned ", rc, "\n", sep = "")
  if (!rc %in% c(0L, 1L)) stop("odbcEndTran(ch, commit = FALSE) returned ", rc, call. = FALSE)
  eq(odbcSetAutoCommit(ch, TRUE), 0L, "odbcSetAutoCommit(ch, TRUE)")
  refresh(ch, TABLE)
  ids <- query(ch, paste("SELECT id FROM", TABLE, "WHERE id = 100"))$id
  eq(ids, 100L, "the committed row")
}

cat("R ", R.version$major, ".", R.version$minor, ", RODBC ", format(packageVersion("RODBC")),
    ", DSN ", DSN, ", profile ", PROFILE, "\n", sep = "")
check("typed row (integers, numeric, double, boolean, non-ASCII text, date, timestamp, NA)", typed_row)
check("sqlSave(append = TRUE, fast = TRUE) of text (non-ASCII, NA) and numbers, sqlFetch, sqlUpdate",
      save_append(""))
# RODBC binds text with a buffer of COLUMN_SIZE + 1 bytes and strncpy()s each value into it,
# zero-filling all of it: two rows only, for the time and memory a huge size costs
check("sqlSave(append = TRUE, fast = TRUE) with TextSize=2147483647 (COLUMN_SIZE + 1 must not overflow RODBC's int)",
      save_append(";TextSize=2147483647", `rownames<-`(FRAME[2:3, ], NULL), update = FALSE))
check("sqlSave creating the table", save_create)
check("sqlTables, sqlColumns, sqlPrimaryKeys", catalog)
check("odbcSetAutoCommit(FALSE), odbcEndTran commit and rollback", transactions)
ch <- connect()
invisible(sqlQuery(ch, paste("DROP TABLE IF EXISTS", TABLE)))
odbcClose(ch)
cat(counts[["passed"]], " passed, ", counts[["failed"]], " failed\n", sep = "")
quit(status = if (counts[["failed"]] > 0) 1 else 0)
