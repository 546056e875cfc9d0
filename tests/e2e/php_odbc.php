<?php
// php_odbc.php: end-to-end check of the driver through PHP (Debian's php-cli and php-odbc):
// the odbc extension (odbc_* functions) and PDO_ODBC, as a PHP application uses them.
//
//   values and types   a typed row (smallint, integer, bigint, numeric, double, boolean,
//                      non-ASCII text, date, timestamp, NULL) through odbc_exec (values and
//                      odbc_field_type) and through PDO::query
//   parameters         odbc_prepare/odbc_execute and PDO::prepare with bound values (NULL,
//                      non-ASCII text, integers), rows read back equal
//   catalog            odbc_tables, odbc_columns, odbc_primarykeys
//   transactions       odbc_autocommit(false)/odbc_commit/odbc_rollback, and PDO's
//                      beginTransaction/commit/rollBack: no call fails, odbc_autocommit()
//                      reads back what was set, and what a rollback did follows the driver's
//                      SQLGetInfo(SQL_TXN_CAPABLE) (asked through FFI: neither extension
//                      offers SQLGetInfo): SQL_TC_NONE (CrateDB commits every statement as
//                      it runs) keeps the rows, and PDO's errorInfo() after rollBack() holds
//                      the driver's 01xxx warning saying what it could not undo
//
// Connects with the DSN in $ITEST_DSN (default crate_pw; tests/run.sh exports the private
// ODBCSYSINI/ODBCINI of tests/rig/odbc.sh); $ITEST_PROFILE (pg, crate, cratedb) says which
// server it is. Prints "ok: ..." or "FAIL: ..." with what was expected and what came, then
// "N passed, N failed"; exit status 1 when a check failed.

$DSN = getenv('ITEST_DSN') ?: 'crate_pw';
$PROFILE = getenv('ITEST_PROFILE') ?: 'pg';
$CRATEDB = $PROFILE === 'cratedb';   // the real server (REFRESH TABLE)
$TEXT = "h\u{e9}llo \u{fc} \u{4e2d}\u{6587} \u{1F600}";   // UTF-8, as the driver's ANSI calls take it
$TABLE = 'php_odbc_' . getmypid();
const SQL_TXN_CAPABLE = 46;
const SQL_TC_NONE = 0;

$passed = 0;
$failed = 0;

/** Runs one check; an exception (a failed comparison, a PDOException) fails it. */
function check(string $name, callable $fn): void
{
    global $passed, $failed, $PROFILE;
    try {
        $fn();
        $passed++;
        echo "ok: $name\n";
    } catch (Throwable $e) {
        $failed++;
        echo "FAIL: [php, profile $PROFILE] $name\n";
        echo preg_replace('/^/m', '    | ', rtrim($e->getMessage())), "\n";
    }
}

function show($v): string
{
    return $v === null ? 'NULL' : var_export($v, true);
}

function eq($got, $want, string $what): void
{
    if ($got !== $want) {
        throw new Exception("$what:\n  expected " . show($want) . "\n  got      " . show($got));
    }
}

/** odbc_* calls return false on failure; say which call and the driver's message. */
function ok($result, string $call, $conn = null)
{
    if ($result === false) {
        $why = $conn ? odbc_error($conn) . ' ' . odbc_errormsg($conn) : odbc_error() . ' ' . odbc_errormsg();
        throw new Exception("$call failed: $why");
    }
    return $result;
}

function odbc_conn()
{
    global $DSN;
    // the DSN's UID and PWD apply: no user name or password given here
    return ok(odbc_connect($DSN, '', ''), "odbc_connect('$DSN')");
}

function pdo_conn(): PDO
{
    global $DSN;
    return new PDO("odbc:$DSN", null, null, [PDO::ATTR_ERRMODE => PDO::ERRMODE_EXCEPTION]);
}

/** All rows of an odbc result as arrays keyed by column name. */
function odbc_rows($res): array
{
    $rows = [];
    while (($r = odbc_fetch_array($res)) !== false) {
        $rows[] = $r;
    }
    return $rows;
}

/** A real CrateDB shows rows to a SELECT other than by primary key only after REFRESH TABLE. */
function refresh($conn): void
{
    global $CRATEDB, $TABLE;
    if ($CRATEDB) {
        ok(odbc_exec($conn, "REFRESH TABLE $TABLE"), 'REFRESH TABLE', $conn);
    }
}

/** SQLGetInfo(SQL_TXN_CAPABLE) from the same driver through the driver manager (FFI). */
function txn_capable(): int
{
    global $DSN;
    $odbc = FFI::cdef('
        typedef void *SQLHANDLE;
        short SQLAllocHandle(short type, SQLHANDLE in, SQLHANDLE *out);
        short SQLSetEnvAttr(SQLHANDLE env, int attr, intptr_t value, int len);
        short SQLDriverConnect(SQLHANDLE dbc, void *wnd, const char *in, short inlen,
                               char *out, short outmax, short *outlen, unsigned short how);
        short SQLGetInfo(SQLHANDLE dbc, unsigned short type, void *value, short max, short *len);
        short SQLDisconnect(SQLHANDLE dbc);
        short SQLFreeHandle(short type, SQLHANDLE h);', 'libodbc.so.2');
    $env = $odbc->new('SQLHANDLE');
    $dbc = $odbc->new('SQLHANDLE');
    $value = $odbc->new('unsigned short');
    $conn = "DSN=$DSN";
    if ($odbc->SQLAllocHandle(1, null, FFI::addr($env)) !== 0 ||
        $odbc->SQLSetEnvAttr($env, 200, 3, 0) !== 0 ||        // SQL_ATTR_ODBC_VERSION, 3
        $odbc->SQLAllocHandle(2, $env, FFI::addr($dbc)) !== 0 ||
        ($odbc->SQLDriverConnect($dbc, null, $conn, strlen($conn), null, 0, null, 0) & ~1) !== 0 ||
        ($odbc->SQLGetInfo($dbc, SQL_TXN_CAPABLE, FFI::addr($value), 2, null) & ~1) !== 0) {
        throw new Exception('SQLGetInfo(SQL_TXN_CAPABLE) through FFI failed');
    }
    $odbc->SQLDisconnect($dbc);
    $odbc->SQLFreeHandle(2, $dbc);
    $odbc->SQLFreeHandle(1, $env);
    return $value->cdata;
}

// The typed row, and what each column must read as (PHP gets every value as a string).
const TYPED_SQL = "SELECT CAST(-32768 AS smallint) AS si, CAST(2147483647 AS integer) AS i,"
    . " -9223372036854775807 - 1 AS bi, CAST(12345.67 AS numeric(10,2)) AS n,"
    . " CAST(-2.25 AS double precision) AS d, true AS t, false AS f, CAST(? AS text) AS s,"
    . " DATE '2024-02-29' AS dt, TIMESTAMP '2024-02-29 13:14:15.123' AS ts, CAST(NULL AS integer) AS z";

function typed_want(): array
{
    global $TEXT;
    return ['si' => '-32768', 'i' => '2147483647', 'bi' => '-9223372036854775808', 'n' => '12345.67',
            'd' => '-2.25', 't' => '1', 'f' => '0', 's' => $TEXT, 'dt' => '2024-02-29',
            'ts' => '2024-02-29 13:14:15.123', 'z' => null];
}

function odbc_typed_row(): void
{
    global $TEXT;
    $c = odbc_conn();
    $st = ok(odbc_prepare($c, TYPED_SQL), 'odbc_prepare', $c);
    ok(odbc_execute($st, [$TEXT]), 'odbc_execute', $c);
    $types = [];
    for ($i = 1; $i <= odbc_num_fields($st); $i++) {
        $types[] = odbc_field_type($st, $i);
    }
    eq($types, ['smallint', 'integer', 'bigint', 'numeric', 'double precision', 'boolean',
                'boolean', 'text', 'date', 'timestamp without time zone', 'integer'],
       'odbc_field_type of each column');
    $rows = odbc_rows($st);
    eq(count($rows), 1, 'rows');
    eq($rows[0], typed_want(), 'values');
    odbc_close($c);
}

function pdo_typed_row(): void
{
    global $TEXT;
    $p = pdo_conn();
    $st = $p->prepare(TYPED_SQL);
    $st->execute([$TEXT]);
    eq($st->fetchAll(PDO::FETCH_ASSOC), [typed_want()], 'rows');
}

function odbc_parameters(): void
{
    global $TABLE, $TEXT;
    $c = odbc_conn();
    ok(odbc_exec($c, "CREATE TABLE $TABLE (id integer PRIMARY KEY, name text, price numeric(8,2),"
                 . " ts timestamp)"), 'CREATE TABLE', $c);
    $rows = [['1', 'one', '1.10', '2024-01-02 03:04:05'], ['2', $TEXT, null, null],
             ['3', "it's", '-3.30', '1999-12-31 23:59:59']];
    $ins = ok(odbc_prepare($c, "INSERT INTO $TABLE (id, name, price, ts) VALUES (?, ?, ?, ?)"),
              'odbc_prepare(INSERT)', $c);
    foreach ($rows as $r) {
        ok(odbc_execute($ins, $r), 'odbc_execute(' . implode(', ', array_map('show', $r)) . ')', $c);
        eq(odbc_num_rows($ins), 1, 'odbc_num_rows after INSERT');
    }
    refresh($c);
    $got = odbc_rows(ok(odbc_exec($c, "SELECT id, name, price, ts FROM $TABLE ORDER BY id"), 'SELECT', $c));
    eq(array_map('array_values', $got), $rows, 'rows read back');
    $sel = ok(odbc_prepare($c, "SELECT id FROM $TABLE WHERE name = ?"), 'odbc_prepare(SELECT)', $c);
    ok(odbc_execute($sel, [$TEXT]), 'odbc_execute(SELECT)', $c);
    eq(odbc_rows($sel), [['id' => '2']], 'SELECT by non-ASCII text');
    odbc_close($c);
}

function pdo_parameters(): void
{
    global $TABLE, $TEXT;
    $p = pdo_conn();
    $ins = $p->prepare("INSERT INTO $TABLE (id, name, price) VALUES (:id, :name, :price)");
    $ins->bindValue(':id', 4, PDO::PARAM_INT);
    $ins->bindValue(':name', "$TEXT 4", PDO::PARAM_STR);
    $ins->bindValue(':price', null, PDO::PARAM_NULL);
    $ins->execute();
    eq($ins->rowCount(), 1, 'rowCount after INSERT');
    $ins->execute([':id' => 5, ':name' => null, ':price' => '5.50']);
    if ($GLOBALS['CRATEDB']) {
        $p->exec("REFRESH TABLE $TABLE");
    }
    $sel = $p->prepare("SELECT id, name, price FROM $TABLE WHERE id >= ? ORDER BY id");
    $sel->execute([4]);
    eq($sel->fetchAll(PDO::FETCH_NUM), [['4', "$TEXT 4", null], ['5', null, '5.50']],
       'rows read back');
}

function odbc_catalog(): void
{
    global $TABLE, $CRATEDB;
    $c = odbc_conn();
    $t = odbc_rows(ok(odbc_tables($c, null, null, $TABLE, 'TABLE'), 'odbc_tables', $c));
    eq(count($t), 1, "odbc_tables(null, null, '$TABLE', 'TABLE') rows");
    eq([$t[0]['TABLE_NAME'], $t[0]['TABLE_TYPE']], [$TABLE, 'TABLE'], 'TABLE_NAME, TABLE_TYPE');
    // the odbc extension is an ODBC 2 application (it does not ask for ODBC 3): the driver
    // gives it ODBC 2's column names (TABLE_OWNER, PRECISION, SCALE) and type codes
    $schema = $t[0]['TABLE_OWNER'];
    eq($schema, $CRATEDB ? 'doc' : 'public', 'TABLE_OWNER (the schema)');
    $cols = odbc_rows(ok(odbc_columns($c, null, $schema, $TABLE, '%'), 'odbc_columns', $c));
    // the timestamp's DATA_TYPE is ODBC 2's SQL_TIMESTAMP (11); SQL_DATA_TYPE and
    // SQL_DATETIME_SUB (SQL_DATETIME 9, SQL_CODE_TIMESTAMP 3) are the same in ODBC 2 and 3
    eq(array_map(fn($r) => [$r['COLUMN_NAME'], $r['DATA_TYPE'],
                            $r['SQL_DATA_TYPE'], $r['SQL_DATETIME_SUB'], $r['ORDINAL_POSITION'],
                            $r['NULLABLE']], $cols),
       [['id', '4', '4', null, '1', '0'], ['name', '12', '12', null, '2', '1'],
        ['price', '2', '2', null, '3', '1'], ['ts', '11', '9', '3', '4', '1']],
       'odbc_columns: COLUMN_NAME, DATA_TYPE, SQL_DATA_TYPE, SQL_DATETIME_SUB, ORDINAL_POSITION, NULLABLE');
    // CrateDB's information_schema has no numeric scale (numeric_scale is NULL)
    eq([$cols[0]['PRECISION'], $cols[2]['PRECISION'], $cols[2]['SCALE']], ['10', '8', $CRATEDB ? null : '2'],
       'PRECISION (COLUMN_SIZE) of integer and numeric(8,2), SCALE of numeric(8,2)');
    // unbounded text has the size a result column of it has
    $res = ok(odbc_exec($c, "SELECT name FROM $TABLE"), 'SELECT name', $c);
    eq($cols[1]['PRECISION'], (string)odbc_field_len($res, 1), 'PRECISION of text against the result column');
    $pk = odbc_rows(ok(odbc_primarykeys($c, null, $schema, $TABLE), 'odbc_primarykeys', $c));
    eq(array_map(fn($r) => [$r['COLUMN_NAME'], $r['KEY_SEQ']], $pk), [['id', '1']], 'odbc_primarykeys');
    odbc_close($c);
}

function ids($conn): array
{
    global $TABLE;
    refresh($conn);
    $rows = odbc_rows(ok(odbc_exec($conn, "SELECT id FROM $TABLE WHERE id >= 100 ORDER BY id"), 'SELECT ids', $conn));
    return array_map(fn($r) => (int)$r['id'], $rows);
}

function odbc_transactions(): void
{
    global $TABLE, $TEXT;
    $capable = txn_capable();
    echo "    SQL_TXN_CAPABLE = $capable\n";
    $c = odbc_conn();
    ok(odbc_autocommit($c, false), 'odbc_autocommit($c, false)', $c);
    eq(odbc_autocommit($c), 0, 'odbc_autocommit($c) after switching it off');
    $ins = ok(odbc_prepare($c, "INSERT INTO $TABLE (id, name) VALUES (?, ?)"), 'odbc_prepare', $c);
    ok(odbc_execute($ins, [100, 'committed']), 'odbc_execute', $c);
    ok(odbc_commit($c), 'odbc_commit', $c);
    ok(odbc_execute($ins, [101, $TEXT]), 'odbc_execute', $c);
    ok(odbc_rollback($c), 'odbc_rollback', $c);   // a warning is no failure: true
    eq(ids($c), $capable === SQL_TC_NONE ? [100, 101] : [100],
       "rows after odbc_rollback (SQL_TXN_CAPABLE $capable)");
    ok(odbc_commit($c), 'odbc_commit', $c);
    odbc_close($c);
}

function pdo_transactions(): void
{
    global $TABLE;
    $capable = txn_capable();
    $p = pdo_conn();
    $p->beginTransaction();
    $p->prepare("INSERT INTO $TABLE (id, name) VALUES (?, ?)")->execute([110, 'committed']);
    $p->commit();
    $p->beginTransaction();
    eq($p->inTransaction(), true, 'inTransaction()');
    $p->prepare("INSERT INTO $TABLE (id, name) VALUES (?, ?)")->execute([111, 'rolled back']);
    eq($p->rollBack(), true, 'rollBack()');
    $info = $p->errorInfo();
    $c = odbc_conn();
    $since = array_values(array_filter(ids($c), fn($id) => $id >= 110));
    odbc_close($c);
    if ($capable === SQL_TC_NONE) {
        // PDO keeps the warning's SQLSTATE in errorInfo()[0] and its message in [2]
        echo "    rollBack()'s diagnostic: [{$info[0]}] " . ($info[2] ?? '') . "\n";
        if (!preg_match('/^01/', (string)$info[0]) || !preg_match('/roll/i', (string)($info[2] ?? ''))) {
            throw new Exception("rollBack() left no warning (01xxx) about the rollback: a driver without"
                . " transactions (SQL_TXN_CAPABLE = SQL_TC_NONE) must say what it could not undo;"
                . " errorInfo() is " . json_encode($info));
        }
        eq($since, [110, 111], 'rows after rollBack() (nothing can be undone)');
    } else {
        eq($since, [110], "rows after rollBack() (SQL_TXN_CAPABLE $capable)");
    }
}

echo 'PHP ' . PHP_VERSION . ", DSN $DSN, profile $PROFILE\n";
check('odbc: typed row (integers, numeric, double, boolean, non-ASCII text, date, timestamp, NULL)',
      'odbc_typed_row');
check('PDO: typed row', 'pdo_typed_row');
$c = odbc_conn();
@odbc_exec($c, "DROP TABLE IF EXISTS $TABLE");
check('odbc: prepared statement with bound values (NULL, non-ASCII), rows', 'odbc_parameters');
check('PDO: prepared statement with bound values (PARAM_INT, PARAM_STR, PARAM_NULL)', 'pdo_parameters');
check('odbc_tables, odbc_columns, odbc_primarykeys', 'odbc_catalog');
check('odbc: odbc_autocommit(false), odbc_commit, odbc_rollback', 'odbc_transactions');
check('PDO: beginTransaction, commit, rollBack', 'pdo_transactions');
// odbc_connect hands out one link per DSN and user, and the checks close theirs: PHP 8.4
// (Debian 13) closes the shared link with it, so the cleanup connects again
$c = odbc_conn();
@odbc_exec($c, "DROP TABLE IF EXISTS $TABLE");
odbc_close($c);
echo "$passed passed, $failed failed\n";
exit($failed ? 1 : 0);
