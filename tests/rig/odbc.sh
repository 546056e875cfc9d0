#!/usr/bin/env bash
# odbc.sh: a private unixODBC configuration (odbcinst.ini + odbc.ini) for the tests.
#
# Source it and call odbc_write_config, or run it as a script to get `export` lines:
#
#   . tests/rig/odbc.sh; odbc_write_config DIR PORT DRIVER_SO [SETUP_SO]
#   eval "$(tests/rig/odbc.sh DIR PORT DRIVER_SO [SETUP_SO])"
#
# unixODBC reads odbcinst.ini from $ODBCSYSINI/$ODBCINSTINI and user DSNs from $ODBCINI, so
# pointing those at DIR means nothing under /etc or $HOME is read or written.
#
# Driver `CrateDB` -> DRIVER_SO (normally build/.libs/cratedbodbc.so). DSNs, all on
# $ODBC_SERVER (default 127.0.0.1):PORT, database doc (roles come from tests/rig/pg.sh or
# tests/rig/cratedb.sh):
#   crate_pw     UID crate_pw / PWD pw-secret (cleartext `password` auth, CrateDB's method)
#   crate_scram  UID crate_scram / PWD scram-secret (SCRAM-SHA-256)
#   crate_md5    UID crate_md5 / PWD md5-secret (MD5)
#   crate_trust  UID crate, no password (trusted, like CrateDB's superuser from _local_)
#   crate_nopwd  UID crate_pw but no PWD: the password must come from SQLConnect
#   crate_nouser no UID and no PWD: both must come from SQLConnect
#   crate_closed 127.0.0.1 on a port nothing listens on (PORT+1 unless ODBC_CLOSED_PORT is set)

# odbc_write_config DIR PORT DRIVER_SO [SETUP_SO]: writes DIR/odbcinst.ini and DIR/odbc.ini
# and exports ODBCSYSINI, ODBCINSTINI and ODBCINI.
odbc_write_config() {
    local dir=$1 port=$2 driver=$3 setup=${4:-}
    local closed_port=${ODBC_CLOSED_PORT:-$((port + 1))}
    local server=${ODBC_SERVER:-127.0.0.1}
    [ -f "$driver" ] || { echo "odbc.sh: driver library $driver does not exist" >&2; return 1; }
    mkdir -p "$dir"

    {
        echo "[ODBC]"
        echo "Trace = No"
        echo
        echo "[CrateDB]"
        echo "Description = CrateDB ODBC driver (test build)"
        echo "Driver = $driver"
        # unixODBC warns but works without a setup library; only name it when it exists.
        if [ -n "$setup" ] && [ -f "$setup" ]; then
            echo "Setup = $setup"
        fi
        echo "Threading = 0"
        # Keep the library mapped after the last disconnect, so valgrind and LeakSanitizer
        # can still name the driver's functions in the stacks they print at exit.
        echo "DontDLClose = 1"
        echo "UsageCount = 1"
    } >"$dir/odbcinst.ini"

    cat >"$dir/odbc.ini" <<EOF
[crate_pw]
Driver = CrateDB
Description = cleartext password role (CrateDB's method)
Server = $server
Port = $port
Database = doc
UID = crate_pw
PWD = pw-secret

[crate_scram]
Driver = CrateDB
Description = SCRAM-SHA-256 role
Server = $server
Port = $port
Database = doc
UID = crate_scram
PWD = scram-secret

[crate_md5]
Driver = CrateDB
Description = MD5 role
Server = $server
Port = $port
Database = doc
UID = crate_md5
PWD = md5-secret

[crate_trust]
Driver = CrateDB
Description = trusted superuser without a password
Server = $server
Port = $port
Database = doc
UID = crate

[crate_nopwd]
Driver = CrateDB
Description = user name only: the password comes from SQLConnect
Server = $server
Port = $port
Database = doc
UID = crate_pw

[crate_nouser]
Driver = CrateDB
Description = no credentials: both come from SQLConnect
Server = $server
Port = $port
Database = doc

[crate_closed]
Driver = CrateDB
Description = nothing listens here
Server = 127.0.0.1
Port = $closed_port
Database = doc
UID = crate_pw
PWD = pw-secret
EOF

    # Validation aid only: psqlODBC reads `Servername`, `Username` and `Password` from odbc.ini,
    # not `Server`, `UID`, `PWD`. Our driver
    # must take `Server`, so this is off unless ODBC_PSQLODBC_COMPAT=1.
    if [ "${ODBC_PSQLODBC_COMPAT:-0}" = 1 ]; then
        sed -i -e 's/^Server = \(.*\)$/Server = \1\nServername = \1/' \
            -e 's/^UID = \(.*\)$/UID = \1\nUsername = \1/' \
            -e 's/^PWD = \(.*\)$/PWD = \1\nPassword = \1/' "$dir/odbc.ini"
    fi

    export ODBCSYSINI="$dir"
    export ODBCINSTINI=odbcinst.ini
    export ODBCINI="$dir/odbc.ini"
}

# Run as a script: write the files and print the exports for eval.
if [ "${BASH_SOURCE[0]}" = "$0" ]; then
    set -euo pipefail
    if [ $# -lt 3 ]; then
        sed -n '4,8p' "$0" >&2
        exit 2
    fi
    odbc_write_config "$@"
    printf 'export ODBCSYSINI=%q ODBCINSTINI=%q ODBCINI=%q\n' "$ODBCSYSINI" "$ODBCINSTINI" "$ODBCINI"
fi
