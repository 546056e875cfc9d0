#!/usr/bin/env node
// odbc_smoke.js: the driver through Node's `odbc` package (built from source against
// unixodbc-dev; the version is pinned in package.json / package-lock.json beside this file).
//
// Connects with the DSN in $ITEST_DSN (default crate_pw; tests/run.sh exports the private
// ODBCSYSINI/ODBCINI and installs the package with `npm ci` under the build directory, found
// through NODE_PATH) and checks what a Node application sees: values and their JavaScript
// types, the column metadata of a result, prepared statements with bound values (NULL and
// non-ASCII text among them), the catalog calls tables/columns/primaryKeys, a transaction
// (beginTransaction, commit, rollback) and a syntax error. Prints "N passed, N failed";
// exit status 1 when a check failed.
'use strict';

const assert = require('assert');
const util = require('util');
const odbc = require('odbc');

const DSN = process.env.ITEST_DSN || 'crate_pw';
const PROFILE = process.env.ITEST_PROFILE || 'pg';
const CRATEDB = PROFILE === 'cratedb';
const TEXT = 'h\u00e9llo \u00fc \u4e2d\u6587 \u{1F600}'; // héllo ü 中文 😀
const SCHEMA = `nodeodbc_${process.pid}`;

const results = { passed: 0, failed: 0 };

// eq(got, want, what): deep, strict equality; the message names what differed, both values
// with their types, and the profile.
function eq(got, want, what) {
  if (!util.isDeepStrictEqual(got, want)) {
    const show = (v) => `${util.inspect(v, { depth: 4, breakLength: Infinity })} (${typeof v})`;
    throw new assert.AssertionError({
      message: `${what} [profile ${PROFILE}]: got ${show(got)}, want ${show(want)}`,
    });
  }
}

// check(name, fn): runs one async check; an assertion or a driver error fails it with the
// reason (and the ODBC diagnostics: SQLSTATE and message), and the run goes on.
async function check(name, fn) {
  try {
    await fn();
    results.passed += 1;
    console.log(`ok: ${name}`);
  } catch (e) {
    results.failed += 1;
    console.log(`FAIL: ${name}`);
    const lines = [e.message];
    for (const d of e.odbcErrors || []) lines.push(`  SQLSTATE ${d.state}: ${d.message}`);
    for (const l of lines.join('\n').split('\n')) console.log(`    | ${l}`);
  }
}

// withConnection(fn): fn(connection) on a fresh connection, closed afterwards.
async function withConnection(fn) {
  const con = await odbc.connect(`DSN=${DSN}`);
  try {
    return await fn(con);
  } finally {
    await con.close();
  }
}

// A real CrateDB shows rows to a SELECT other than by primary key only after REFRESH TABLE.
async function refresh(con, table) {
  if (CRATEDB) await con.query(`REFRESH TABLE ${table}`);
}

// The typed row: each column's value as odbc hands it to JavaScript, and the column's SQL
// type from SQLDescribeCol. SQL_BIGINT comes as a BigInt (exact past 2^53); SQL_NUMERIC as
// a Number; SQL_BIT, dates and timestamps as strings (odbc's choices, the same for every
// driver).
async function typedRow() {
  await withConnection(async (con) => {
    // CrateDB reads 9223372036854775808 as a numeric no bigint holds, even negated.
    const minBig = CRATEDB ? '-9223372036854775807 - 1' : 'CAST(-9223372036854775808 AS int8)';
    const r = await con.query(
      'SELECT CAST(-32768 AS int2) AS i2, CAST(2147483647 AS int4) AS i4,'
      + ` ${minBig} AS i8, CAST(9007199254740993 AS int8) AS big,`
      + ' CAST(1.5 AS float4) AS f4, CAST(-2.25 AS float8) AS f8,'
      + ' CAST(12345.67 AS numeric(10,2)) AS num, true AS t, false AS f, CAST(? AS text) AS txt,'
      + " DATE '2024-02-29' AS d, TIMESTAMP '2024-02-29 13:14:15.123' AS ts,"
      + ' CAST(NULL AS int4) AS nul',
      [TEXT],
    );
    eq(r.length, 1, 'row count');
    eq({ ...r[0] }, {
      i2: -32768, i4: 2147483647, i8: -9223372036854775808n, big: 9007199254740993n,
      f4: 1.5, f8: -2.25, num: 12345.67, t: '1', f: '0', txt: TEXT,
      d: '2024-02-29', ts: '2024-02-29 13:14:15.123', nul: null,
    }, 'row');
    eq(r.columns.map((c) => [c.name, c.dataTypeName]), [
      ['i2', 'SQL_SMALLINT'], ['i4', 'SQL_INTEGER'], ['i8', 'SQL_BIGINT'], ['big', 'SQL_BIGINT'],
      ['f4', 'SQL_REAL'], ['f8', 'SQL_DOUBLE'], ['num', 'SQL_NUMERIC'], ['t', 'SQL_BIT'],
      ['f', 'SQL_BIT'], ['txt', 'SQL_VARCHAR'], ['d', 'SQL_TYPE_DATE'],
      ['ts', 'SQL_TYPE_TIMESTAMP'], ['nul', 'SQL_INTEGER'],
    ], 'column names and SQL types');
    // unbounded text reports TextSize (65535), which odbc sizes its bound buffer from
    eq(r.columns.find((c) => c.name === 'txt').columnSize, 65535, 'text column size');
  });
}

// Many rows through odbc's block fetch, and a cursor fetching 100 rows at a time.
async function manyRows() {
  await withConnection(async (con) => {
    const sql = "SELECT g, 'r' || CAST(g AS text) AS s FROM generate_series(1, 3000) AS g ORDER BY g";
    const all = await con.query(sql);
    eq(all.length, 3000, 'rows');
    eq(all.reduce((s, r) => s + r.g, 0), 3000 * 3001 / 2, 'sum of g');
    eq(all[2999].s, 'r3000', 'last row');
    const cursor = await con.query(sql, { cursor: true, fetchSize: 100 });
    let n = 0;
    let batches = 0;
    while (!cursor.noData) {
      const rows = await cursor.fetch();
      n += rows.length;
      if (rows.length) batches += 1;
    }
    await cursor.close();
    eq([n, batches], [3000, 30], 'rows and batches through a cursor of 100');
  });
}

async function withTable(con, ddl, fn) {
  await con.query(`CREATE SCHEMA ${SCHEMA}`);
  try {
    await con.query(ddl);
    await fn();
  } finally {
    await con.query(`DROP SCHEMA ${SCHEMA} CASCADE`);
  }
}

const ITEMS_DDL = `CREATE TABLE ${SCHEMA}.items (id integer PRIMARY KEY, name varchar(40),`
  + ' price numeric(8,2), qty bigint, seen timestamp)';

// Prepared statements: createStatement/prepare/bind/execute with integers, a BigInt, a
// double, non-ASCII text and NULL; odbc asks SQLDescribeParam for each parameter's type and
// binds its value to that. Then a query() with parameters selects by the non-ASCII text.
async function parameters() {
  await withConnection(async (con) => {
    await withTable(con, ITEMS_DDL, async () => {
      const stmt = await con.createStatement();
      await stmt.prepare(`INSERT INTO ${SCHEMA}.items VALUES (?, ?, ?, ?, ?)`);
      // The NULL row comes last: odbc (2.4.9, and 2.6.0 alike) keeps a parameter's NULL
      // indicator when the next bind() on the same statement gives it a number, so a
      // number after a NULL would be sent as NULL (a bug in odbc, whatever the driver).
      const rows = [
        [1, 'one', 1.25, 10n, '2024-01-02 03:04:05'],
        [2, TEXT, 2.5, 9007199254740993n, '1999-12-31 23:59:59'],
        [3, "it's", 100, -1n, '2024-02-29 00:00:00'],
        [4, null, null, null, null],
      ];
      for (const row of rows) {
        await stmt.bind(row);
        const r = await stmt.execute();
        eq(r.count, 1, `INSERT of id ${row[0]}: rows affected`);
      }
      await stmt.close();
      await refresh(con, `${SCHEMA}.items`);
      const got = await con.query(`SELECT id, name, price, qty, seen FROM ${SCHEMA}.items ORDER BY id`);
      eq(got.map((r) => [r.id, r.name, r.price, r.qty, r.seen]), [
        [1, 'one', 1.25, 10n, '2024-01-02 03:04:05'],
        [2, TEXT, 2.5, 9007199254740993n, '1999-12-31 23:59:59'],
        [3, "it's", 100, -1n, '2024-02-29 00:00:00'],
        [4, null, null, null, null],
      ], 'rows read back');
      const byText = await con.query(`SELECT id FROM ${SCHEMA}.items WHERE name = ?`, [TEXT]);
      eq(byText.map((r) => r.id), [2], 'SELECT by a non-ASCII text parameter');
      const upd = await con.query(`UPDATE ${SCHEMA}.items SET qty = ? WHERE id >= ?`, [7, 3]);
      eq(upd.count, 2, 'UPDATE rows affected');
      await refresh(con, `${SCHEMA}.items`);
      const nulls = await con.query(`SELECT id FROM ${SCHEMA}.items WHERE name IS NULL AND qty = ?`, [7]);
      eq(nulls.map((r) => r.id), [4], 'the row inserted with NULLs');
    });
  });
}

// The catalog as odbc's tables(), columns() and primaryKeys() return it (SQLTables,
// SQLColumns, SQLPrimaryKeys): rows of objects named by ODBC's result set columns.
async function catalog() {
  await withConnection(async (con) => {
    await withTable(con, ITEMS_DDL, async () => {
      await con.query(`CREATE TABLE ${SCHEMA}.nokey (x integer)`);
      const tables = await con.tables(null, SCHEMA, null, 'TABLE');
      eq(tables.map((t) => [t.TABLE_SCHEM, t.TABLE_NAME, t.TABLE_TYPE]).sort(),
        [[SCHEMA, 'items', 'TABLE'], [SCHEMA, 'nokey', 'TABLE']], 'tables()');
      const cols = await con.columns(null, SCHEMA, 'items', null);
      // DATA_TYPE: 4 integer, 12 varchar, 2 numeric, -5 bigint, 93 timestamp
      eq(cols.map((c) => [c.COLUMN_NAME, c.DATA_TYPE, c.COLUMN_SIZE, c.DECIMAL_DIGITS,
        c.NULLABLE, c.ORDINAL_POSITION]), [
        ['id', 4, 10, 0, 0, 1],
        ['name', 12, 40, null, 1, 2],
        // CrateDB's information_schema has no numeric scale (README: Catalog functions)
        ['price', 2, 8, CRATEDB ? null : 2, 1, 3],
        ['qty', -5, 19, 0, 1, 4],
        // CrateDB's 3 fractional digits where the server is CrateDB (README: Types)
        ['seen', 93, PROFILE === 'pg' ? 26 : 23, PROFILE === 'pg' ? 6 : 3, 1, 5],
      ], 'columns(items): name, DATA_TYPE, COLUMN_SIZE, DECIMAL_DIGITS, NULLABLE, ORDINAL_POSITION');
      const pk = await con.primaryKeys(null, SCHEMA, 'items');
      eq(pk.map((k) => [k.TABLE_NAME, k.COLUMN_NAME, k.KEY_SEQ]), [['items', 'id', 1]],
        'primaryKeys(items)');
      eq((await con.primaryKeys(null, SCHEMA, 'nokey')).length, 0, 'primaryKeys(nokey)');
    });
  });
}

// A unit of work as Node applications write it. The driver accepts manual-commit mode
// (SQLGetConnectAttr then says SQL_AUTOCOMMIT_OFF, which odbc's `autocommit` reads), COMMIT
// succeeds, and ROLLBACK succeeds too while CrateDB has committed each statement as it ran:
// the driver says so in a warning (SQL_SUCCESS_WITH_INFO, which odbc does not show), and
// SQLGetInfo(SQL_TXN_CAPABLE) answers SQL_TC_NONE (odbc does not expose SQLGetInfo, so the
// rows themselves show it). odbc switches autocommit back on after either.
async function transaction() {
  await withConnection(async (con) => {
    await withTable(con, `CREATE TABLE ${SCHEMA}.t (id integer PRIMARY KEY, v text)`, async () => {
      eq(con.autocommit, true, 'autocommit after connect');
      await con.beginTransaction();
      eq(con.autocommit, false, 'autocommit after beginTransaction() (SQL_AUTOCOMMIT_OFF accepted)');
      await con.query(`INSERT INTO ${SCHEMA}.t VALUES (?, ?)`, [1, TEXT]);
      await con.commit();
      eq(con.autocommit, true, 'autocommit after commit()');
      await con.beginTransaction();
      await con.query(`INSERT INTO ${SCHEMA}.t VALUES (?, ?)`, [2, 'rolled back']);
      await con.rollback();
      eq(con.autocommit, true, 'autocommit after rollback()');
      await refresh(con, `${SCHEMA}.t`);
      const rows = await con.query(`SELECT id, v FROM ${SCHEMA}.t ORDER BY id`);
      eq(rows.map((r) => [r.id, r.v]), [[1, TEXT], [2, 'rolled back']],
        'rows after commit and rollback (each statement committed as it ran)');
    });
  });
}

// A syntax error rejects with the ODBC 3 SQLSTATE (42000) and the server's own code in the
// message; the connection stays usable.
async function syntaxError() {
  await withConnection(async (con) => {
    let err = null;
    try {
      await con.query('SELEC 1');
    } catch (e) {
      err = e;
    }
    assert.ok(err, `SELEC 1 did not reject [profile ${PROFILE}]`);
    const d = (err.odbcErrors || [])[0] || {};
    eq(d.state, '42000', 'SQLSTATE of a syntax error');
    assert.ok(/42601/.test(d.message), `server code 42601 missing from '${d.message}' [profile ${PROFILE}]`);
    eq((await con.query('SELECT 5 AS n'))[0].n, 5, 'query after the error');
  });
}

async function main() {
  console.log(`node ${process.version}, odbc ${require('odbc/package.json').version},`
    + ` DSN ${DSN}, profile ${PROFILE}`);
  await check('typed row (integers, BigInt, float, numeric, bool, non-ASCII text, date,'
    + ' timestamp, NULL) and column types', typedRow);
  await check('3000 rows, and through a cursor', manyRows);
  await check('prepared statement with bound values (NULL, non-ASCII, BigInt), query()'
    + ' with parameters, rows affected', parameters);
  await check('tables(), columns(), primaryKeys()', catalog);
  await check('beginTransaction, commit, rollback', transaction);
  await check('syntax error is 42000 (server 42601) and the connection survives', syntaxError);
  console.log(`${results.passed} passed, ${results.failed} failed`);
  return results.failed ? 1 : 0;
}

main().then((rc) => { process.exitCode = rc; }, (e) => {
  console.log(`FAIL: ${e.stack || e}`);
  process.exitCode = 1;
});
