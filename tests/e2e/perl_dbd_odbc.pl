#!/usr/bin/perl
# perl_dbd_odbc.pl: end-to-end check of the driver through Perl's DBI and DBD::ODBC
# (Debian's libdbd-odbc-perl), as a Perl application uses it.
#
#   values and types   a typed row (smallint, integer, bigint, numeric, double, real,
#                      boolean, non-ASCII text as a bound parameter, date, timestamp, NULL):
#                      the values DBI returns and the SQL types in $sth->{TYPE}
#   parameters         a prepared INSERT executed with bound values (undef is NULL,
#                      non-ASCII text), a SELECT by a text parameter, rows() counts
#   catalog            table_info, column_info, primary_key_info and primary_key
#   transactions       AutoCommit => 0 with commit and rollback, and begin_work on an
#                      AutoCommit handle: no call fails, $dbh->{AutoCommit} says what was
#                      set, and what a rollback did follows SQLGetInfo(SQL_TXN_CAPABLE):
#                      SQL_TC_NONE (CrateDB commits every statement as it runs) keeps the
#                      rows and the rollback leaves a 01xxx warning saying so, read with
#                      DBD::ODBC's odbc_getdiagrec; a driver with transactions undoes them
#
# Connects with the DSN in $ITEST_DSN (default crate_pw; tests/run.sh exports the private
# ODBCSYSINI/ODBCINI of tests/rig/odbc.sh). $ITEST_PROFILE (pg, crate, cratedb) says which
# server it is. Prints "ok: ..." or "FAIL: ..." with what was expected and what came, then
# "N passed, N failed"; exit status 1 when a check failed.
use strict;
use warnings;
use utf8;
use DBI qw(:sql_types);
use Encode qw(encode);

my $DSN     = $ENV{ITEST_DSN}     // 'crate_pw';
my $PROFILE = $ENV{ITEST_PROFILE} // 'pg';
my $CRATEDB = $PROFILE eq 'cratedb';    # the real server (REFRESH TABLE, ms timestamps)
# Debian's DBD::ODBC is built without its Unicode option: strings go through the ANSI
# entry points as bytes, which this driver reads and writes as UTF-8.
my $TEXT    = encode('UTF-8', "h\x{e9}llo \x{fc} \x{4e2d}\x{6587} \x{1F600}");
my $TABLE   = "perl_dbd_$$";
my $SQL_TXN_CAPABLE = 46;                 # SQLGetInfo codes
my $SQL_TC_NONE     = 0;

my ($passed, $failed) = (0, 0);

# check NAME CODE: runs CODE; a die (from a failed comparison or from DBI's RaiseError)
# fails the check with its message.
sub check {
    my ($name, $code) = @_;
    if (eval { $code->(); 1 }) {
        $passed++;
        print "ok: $name\n";
    } else {
        $failed++;
        my $why = $@ || 'unknown error';
        $why =~ s/\s+$//;
        $why =~ s/^/    | /mg;
        print "FAIL: [perl DBD::ODBC, profile $PROFILE] $name\n$why\n";
    }
}

sub show { my $v = shift; defined $v ? "'$v'" : 'undef' }

# eq_ GOT WANT WHAT: dies with "WHAT: expected ..., got ..." when they differ.
sub eq_ {
    my ($got, $want, $what) = @_;
    return if (!defined $got && !defined $want) || (defined $got && defined $want && $got eq $want);
    die "$what: expected " . show($want) . ", got " . show($got) . "\n";
}

sub eq_list {
    my ($got, $want, $what) = @_;
    my $g = join(', ', map { show($_) } @$got);
    my $w = join(', ', map { show($_) } @$want);
    die "$what:\n  expected ($w)\n  got      ($g)\n" unless $g eq $w;
}

sub connect_dsn {
    my (%attr) = @_;
    return DBI->connect("dbi:ODBC:DSN=$DSN", undef, undef,
                        { RaiseError => 1, PrintError => 0, PrintWarn => 0, AutoCommit => 1, %attr });
}

# A real CrateDB shows rows to a SELECT other than by primary key only after REFRESH TABLE.
sub refresh {
    my ($dbh, $table) = @_;
    $dbh->do("REFRESH TABLE $table") if $CRATEDB;
}

sub typed_row {
    my $dbh = connect_dsn();
    # CrateDB reads 9223372036854775808 as a numeric no bigint holds, even negated
    my $sth = $dbh->prepare(
        "SELECT CAST(-32768 AS smallint), CAST(2147483647 AS integer), -9223372036854775807 - 1,"
        . " CAST(12345.67 AS numeric(10,2)), CAST(-2.25 AS double precision), CAST(1.5 AS real),"
        . " true, false, CAST(? AS text), DATE '2024-02-29', TIMESTAMP '2024-02-29 13:14:15.123',"
        . " CAST(NULL AS integer)");
    $sth->execute($TEXT);
    eq_list($sth->{TYPE},
            [SQL_SMALLINT, SQL_INTEGER, SQL_BIGINT, SQL_NUMERIC, SQL_DOUBLE, SQL_REAL, SQL_BIT,
             SQL_BIT, SQL_VARCHAR, SQL_TYPE_DATE, SQL_TYPE_TIMESTAMP, SQL_INTEGER],
            'SQL types ($sth->{TYPE})');
    my $row = $sth->fetchrow_arrayref or die "no row: " . ($sth->errstr // 'no error') . "\n";
    eq_list([@$row],
            ['-32768', '2147483647', '-9223372036854775808', '12345.67', '-2.25', '1.5', '1', '0',
             $TEXT, '2024-02-29', '2024-02-29 13:14:15.123', undef],
            'values');
    eq_($sth->fetchrow_arrayref, undef, 'a second row');
    $dbh->disconnect;
}

sub parameters {
    my $dbh = connect_dsn();
    $dbh->do("CREATE TABLE $TABLE (id integer PRIMARY KEY, name text, price numeric(8,2),"
             . " ts timestamp)");
    my @rows = ([1, 'one', '1.10', '2024-01-02 03:04:05'], [2, $TEXT, undef, undef],
                [3, "it's", '-3.30', '1999-12-31 23:59:59']);
    my $ins = $dbh->prepare("INSERT INTO $TABLE (id, name, price, ts) VALUES (?, ?, ?, ?)");
    for my $r (@rows) {
        my $n = $ins->execute(@$r);
        eq_($n, 1, "execute(@{[map { show($_) } @$r]}) rows");
    }
    refresh($dbh, $TABLE);
    my $got = $dbh->selectall_arrayref("SELECT id, name, price, ts FROM $TABLE ORDER BY id");
    eq_(scalar @$got, 3, 'rows read back');
    for my $i (0 .. 2) {
        eq_list($got->[$i], $rows[$i], "row $rows[$i][0]");
    }
    # a text parameter that finds the non-ASCII row, bound with an explicit SQL type
    my $sel = $dbh->prepare("SELECT id FROM $TABLE WHERE name = ?");
    $sel->bind_param(1, $TEXT, SQL_VARCHAR);
    $sel->execute;
    eq_list([map { $_->[0] } @{ $sel->fetchall_arrayref }], ['2'], 'SELECT by non-ASCII text');
    # NULL as a parameter: IS NULL through a bound undef
    my $nulls = $dbh->selectcol_arrayref(
        "SELECT id FROM $TABLE WHERE (CAST(? AS numeric) IS NULL AND price IS NULL) ORDER BY id",
        undef, undef);
    eq_list($nulls, ['2'], 'SELECT with a NULL parameter');
    my $upd = $dbh->do("UPDATE $TABLE SET price = price + 1 WHERE id <> ?", undef, 2);
    eq_($upd, 2, 'UPDATE rows');
    $dbh->disconnect;
}

sub catalog {
    my $dbh = connect_dsn();
    my $t = $dbh->table_info(undef, undef, $TABLE, 'TABLE')->fetchall_arrayref({});
    eq_(scalar @$t, 1, "table_info(undef, undef, '$TABLE', 'TABLE') rows");
    eq_($t->[0]{TABLE_NAME}, $TABLE, 'TABLE_NAME');
    eq_($t->[0]{TABLE_TYPE}, 'TABLE', 'TABLE_TYPE');
    # PostgreSQL's default schema, or CrateDB's
    my $schema = $t->[0]{TABLE_SCHEM};
    eq_($schema, $CRATEDB ? 'doc' : 'public', 'TABLE_SCHEM');

    my $cols = $dbh->column_info(undef, $schema, $TABLE, '%')->fetchall_arrayref({});
    my @got = map { "$_->{COLUMN_NAME} $_->{DATA_TYPE} $_->{ORDINAL_POSITION} $_->{NULLABLE}" } @$cols;
    eq_list(\@got, ["id @{[SQL_INTEGER]} 1 0", "name @{[SQL_VARCHAR]} 2 1",
                    "price @{[SQL_NUMERIC]} 3 1", "ts @{[SQL_TYPE_TIMESTAMP]} 4 1"],
            'column_info: name, DATA_TYPE, ORDINAL_POSITION, NULLABLE');
    my %size = map { $_->{COLUMN_NAME} => $_->{COLUMN_SIZE} } @$cols;
    eq_($size{id}, 10, 'COLUMN_SIZE of integer');
    eq_($size{price}, 8, 'COLUMN_SIZE of numeric(8,2)');
    # unbounded text has the size a result column of it has (TextSize)
    my $sth = $dbh->prepare("SELECT name FROM $TABLE");
    $sth->execute;
    eq_($size{name}, $sth->{PRECISION}[0], 'COLUMN_SIZE of text against the result column');
    $sth->finish;

    my $pk = $dbh->primary_key_info(undef, $schema, $TABLE)->fetchall_arrayref({});
    eq_list([map { "$_->{COLUMN_NAME} $_->{KEY_SEQ}" } @$pk], ['id 1'], 'primary_key_info');
    eq_list([$dbh->primary_key(undef, $schema, $TABLE)], ['id'], 'primary_key');
    $dbh->disconnect;
}

# ids in the table, in order
sub ids {
    my ($dbh) = @_;
    refresh($dbh, $TABLE);
    return $dbh->selectcol_arrayref("SELECT id FROM $TABLE WHERE id >= 100 ORDER BY id");
}

# rollback_outcome DBH ID...: what the rollback of the rows IDs did, as the driver
# says it should be: with SQL_TC_NONE the rows stay and the rollback's warning is on the
# connection (read before any other call clears it); with transactions they are gone.
sub rollback_outcome {
    my ($dbh, $capable, $diag, $kept, $undone) = @_;
    if ($capable == $SQL_TC_NONE) {
        my ($state, $native, $msg) = @$diag;
        die "rollback left no diagnostic: a driver without transactions (SQL_TXN_CAPABLE"
            . " = SQL_TC_NONE) must say what it could not undo\n" unless defined $state;
        print "    rollback's diagnostic: [$state] $msg\n";
        die "rollback's diagnostic is SQLSTATE $state, expected a warning (01xxx)\n"
            unless $state =~ /^01/;
        die "rollback's diagnostic does not speak of the rollback: $msg\n" unless $msg =~ /roll/i;
        eq_list(ids($dbh), [@$kept, @$undone], 'rows after the rollback (nothing can be undone)');
    } else {
        eq_list(ids($dbh), $kept, "rows after the rollback (SQL_TXN_CAPABLE $capable)");
    }
}

sub autocommit_off {
    my $dbh = connect_dsn(AutoCommit => 0);
    my $capable = $dbh->get_info($SQL_TXN_CAPABLE);
    print "    SQL_TXN_CAPABLE = $capable\n";
    eq_($dbh->{AutoCommit}, 0, 'AutoCommit after connect(AutoCommit => 0)');
    $dbh->do("INSERT INTO $TABLE (id, name) VALUES (?, ?)", undef, 100, 'committed');
    $dbh->commit;
    $dbh->do("INSERT INTO $TABLE (id, name) VALUES (?, ?)", undef, 101, $TEXT);
    $dbh->rollback;
    my @diag = $dbh->odbc_getdiagrec(1);
    rollback_outcome($dbh, $capable, \@diag, [100], [101]);
    $dbh->commit;
    $dbh->disconnect;
}

sub begin_work {
    my $dbh = connect_dsn();
    my $capable = $dbh->get_info($SQL_TXN_CAPABLE);
    $dbh->begin_work;
    eq_($dbh->{AutoCommit}, 0, 'AutoCommit inside begin_work');
    $dbh->do("INSERT INTO $TABLE (id, name) VALUES (?, ?)", undef, 110, 'committed');
    $dbh->commit;
    eq_($dbh->{AutoCommit}, 1, 'AutoCommit after commit');
    $dbh->begin_work;
    $dbh->do("INSERT INTO $TABLE (id, name) VALUES (?, ?)", undef, 111, 'rolled back');
    $dbh->rollback;   # DBI switches AutoCommit back on, which clears the warning
    eq_($dbh->{AutoCommit}, 1, 'AutoCommit after rollback');
    my @since = grep { $_ >= 110 } @{ ids($dbh) };   # 100 and 101 are autocommit_off's
    eq_list(\@since, $capable == $SQL_TC_NONE ? [110, 111] : [110],
            "rows after begin_work/rollback (SQL_TXN_CAPABLE $capable)");
    $dbh->disconnect;
}

DBI->install_driver("ODBC");
print "DBI $DBI::VERSION, DBD::ODBC $DBD::ODBC::VERSION, DSN $DSN, profile $PROFILE\n";
check('typed row (integers, numeric, double, real, boolean, non-ASCII text, date, timestamp, NULL)',
      \&typed_row);
check('prepared statement with bound values (NULL, non-ASCII), rows', \&parameters);
check('table_info, column_info, primary_key_info, primary_key', \&catalog);
check('AutoCommit => 0: commit, rollback', \&autocommit_off);
check('begin_work: commit, rollback', \&begin_work);
eval { connect_dsn()->do("DROP TABLE IF EXISTS $TABLE") };
print "$passed passed, $failed failed\n";
exit($failed ? 1 : 0);
